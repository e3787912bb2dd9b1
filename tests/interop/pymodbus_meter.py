"""A pymodbus 3.x RTU (or Modbus TCP) server holding Schneider-shaped register images, for
interop tests.

Usage: python pymodbus_meter.py PORT SPEC_JSON
       python pymodbus_meter.py tcp:HOST:PORT SPEC_JSON

SPEC_JSON is a list of devices:
  [{"id": 1, "word_order": "abcd", "ranges": [[2999, 3250]],
    "float32": {"2999": 12.5, ...}, "int64": {"3203": 123456789012}, "utf8": {"49": "EM6400NG"}}, ...]
Keys are wire (0-based) addresses. Floats are packed here with struct (IEEE-754, big-endian
bytes), high word first for "abcd" and low word first for "cdab"; INT64 most significant word
first. Registers inside "ranges" that are not given read 0.
"""

import asyncio
import json
import struct
import sys

from pymodbus.server import StartAsyncSerialServer, StartAsyncTcpServer
from pymodbus.simulator import DataType, SimData, SimDevice


def words_f32(value, order):
    hi, lo = struct.unpack(">HH", struct.pack(">f", value))
    return [hi, lo] if order == "abcd" else [lo, hi]


def words_i64(value):
    return list(struct.unpack(">HHHH", struct.pack(">q", value)))


def device(spec):
    image = {}
    for addr, value in spec.get("float32", {}).items():
        for k, w in enumerate(words_f32(float(value), spec["word_order"])):
            image[int(addr) + k] = w
    for addr, text in spec.get("utf8", {}).items():
        data = text.encode("utf-8")
        data += b"\0" * (len(data) % 2)
        for k in range(0, len(data), 2):
            image[int(addr) + k // 2] = (data[k] << 8) | data[k + 1]
    for addr, value in spec.get("int64", {}).items():
        for k, w in enumerate(words_i64(int(value))):
            image[int(addr) + k] = w
    simdata = []
    for first, last in spec["ranges"]:
        values = [image.get(a, 0) for a in range(first, last + 1)]
        simdata.append(SimData(address=first, values=values, datatype=DataType.REGISTERS))
    return SimDevice(id=spec["id"], simdata=simdata)


async def main():
    port, spec = sys.argv[1], json.loads(sys.argv[2])
    devices = [device(d) for d in spec]
    ids = {d["id"] for d in spec}

    tcp = port.startswith("tcp:")

    def only_our_ids(sending, packet):
        # pymodbus answers unknown ids with exception 04; a real RS-485 bus stays silent, and
        # so does a gateway whose meter does not answer (after its own timeout).
        unit = packet[6] if tcp and len(packet) > 6 else (packet[0] if packet else None)
        if sending and unit is not None and unit not in ids:
            return b""
        return packet

    if tcp:
        host, tcp_port = port[len("tcp:"):].rsplit(":", 1)
        await StartAsyncTcpServer(
            devices, address=(host, int(tcp_port)), trace_packet=only_our_ids
        )
    else:
        await StartAsyncSerialServer(
            devices, port=port, baudrate=19200, parity="N", bytesize=8, stopbits=1,
            trace_packet=only_our_ids,
        )

if __name__ == "__main__":
    asyncio.run(main())
