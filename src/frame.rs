//! Modbus RTU framing, sans-IO: build FC03/FC04 read requests, and validate replies byte by
//! byte (CRC, unit id, function, exception, byte count). Written here rather than taken from
//! rmodbus because its reply parsers panic on short CRC-valid frames and skip length checks
//! (see the reference notes); a 40-line CRC and parser is simpler to make panic-free.
//!
//! Nothing here reads a clock or a port: transports feed bytes in and get verdicts out.

use core::fmt;

use crate::address::{UnitId, WireAddress};

/// The largest number of registers one read may return (the RTU ADU is at most 256 bytes).
pub const MAX_READ_REGISTERS: u16 = 125;
/// The size of an FC03/FC04 request ADU.
pub const REQUEST_LEN: usize = 8;
/// The largest RTU ADU.
pub const MAX_ADU_LEN: usize = 256;
/// The size of an exception reply ADU.
pub const EXCEPTION_LEN: usize = 5;

const fn crc_table() -> [u16; 256] {
    let mut table = [0u16; 256];
    let mut i = 0;
    while i < 256 {
        let mut crc = i as u16;
        let mut bit = 0;
        while bit < 8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xA001
            } else {
                crc >> 1
            };
            bit += 1;
        }
        table[i] = crc;
        i += 1;
    }
    table
}

static CRC_TABLE: [u16; 256] = crc_table();

/// The Modbus CRC-16 (polynomial 0xA001 reflected, initial value 0xFFFF). On the wire it is
/// sent low byte first.
pub fn crc16(bytes: &[u8]) -> u16 {
    let mut crc = 0xFFFFu16;
    for &b in bytes {
        crc = (crc >> 8) ^ CRC_TABLE[usize::from((crc ^ u16::from(b)) as u8)];
    }
    crc
}

/// A register-read function code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum ReadFunction {
    /// FC03, read holding registers (what every supported meter uses).
    HoldingRegisters,
    /// FC04, read input registers.
    InputRegisters,
}

impl ReadFunction {
    /// The function code byte.
    pub const fn code(self) -> u8 {
        match self {
            ReadFunction::HoldingRegisters => 3,
            ReadFunction::InputRegisters => 4,
        }
    }

    /// The function for a code byte (3 or 4).
    pub const fn from_code(code: u8) -> Option<ReadFunction> {
        match code {
            3 => Some(ReadFunction::HoldingRegisters),
            4 => Some(ReadFunction::InputRegisters),
            _ => None,
        }
    }
}

/// A Modbus exception code returned by a device.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum ExceptionCode {
    /// 0x01: the function code is not supported.
    IllegalFunction,
    /// 0x02: the address range is not allowed (e.g. it spans undefined registers).
    IllegalDataAddress,
    /// 0x03: a value in the request is not allowed (e.g. too many registers).
    IllegalDataValue,
    /// 0x04: unrecoverable error in the device.
    ServerDeviceFailure,
    /// 0x05: accepted, processing takes long.
    Acknowledge,
    /// 0x06: busy, try again later.
    ServerDeviceBusy,
    /// 0x07: negative acknowledge (legacy Modicon code).
    NegativeAcknowledge,
    /// 0x08: memory parity error.
    MemoryParityError,
    /// 0x0A: a gateway could not allocate a path.
    GatewayPathUnavailable,
    /// 0x0B: a gateway got no response from the target device.
    GatewayTargetFailedToRespond,
    /// Any other code (0x09 and 0x0C–0x7F are not defined by the specification).
    Other(u8),
}

impl ExceptionCode {
    /// Maps a code byte.
    pub const fn from_code(code: u8) -> ExceptionCode {
        match code {
            0x01 => ExceptionCode::IllegalFunction,
            0x02 => ExceptionCode::IllegalDataAddress,
            0x03 => ExceptionCode::IllegalDataValue,
            0x04 => ExceptionCode::ServerDeviceFailure,
            0x05 => ExceptionCode::Acknowledge,
            0x06 => ExceptionCode::ServerDeviceBusy,
            0x07 => ExceptionCode::NegativeAcknowledge,
            0x08 => ExceptionCode::MemoryParityError,
            0x0A => ExceptionCode::GatewayPathUnavailable,
            0x0B => ExceptionCode::GatewayTargetFailedToRespond,
            other => ExceptionCode::Other(other),
        }
    }

    /// The code byte.
    pub const fn code(self) -> u8 {
        match self {
            ExceptionCode::IllegalFunction => 0x01,
            ExceptionCode::IllegalDataAddress => 0x02,
            ExceptionCode::IllegalDataValue => 0x03,
            ExceptionCode::ServerDeviceFailure => 0x04,
            ExceptionCode::Acknowledge => 0x05,
            ExceptionCode::ServerDeviceBusy => 0x06,
            ExceptionCode::NegativeAcknowledge => 0x07,
            ExceptionCode::MemoryParityError => 0x08,
            ExceptionCode::GatewayPathUnavailable => 0x0A,
            ExceptionCode::GatewayTargetFailedToRespond => 0x0B,
            ExceptionCode::Other(c) => c,
        }
    }

    /// What the code means, in words.
    pub const fn meaning(self) -> &'static str {
        match self {
            ExceptionCode::IllegalFunction => "illegal function",
            ExceptionCode::IllegalDataAddress => "illegal data address",
            ExceptionCode::IllegalDataValue => "illegal data value",
            ExceptionCode::ServerDeviceFailure => "server device failure",
            ExceptionCode::Acknowledge => "acknowledge (request accepted, still processing)",
            ExceptionCode::ServerDeviceBusy => "server device busy",
            ExceptionCode::NegativeAcknowledge => "negative acknowledge",
            ExceptionCode::MemoryParityError => "memory parity error",
            ExceptionCode::GatewayPathUnavailable => "gateway path unavailable",
            ExceptionCode::GatewayTargetFailedToRespond => {
                "gateway target device failed to respond"
            }
            ExceptionCode::Other(_) => "undefined exception code",
        }
    }
}

impl fmt::Display for ExceptionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "exception 0x{:02X} ({})", self.code(), self.meaning())
    }
}

/// Why a frame was rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum FrameError {
    /// A read must ask for 1–125 registers that fit below address 65536.
    #[error("invalid read of {count} registers at wire address {start}")]
    InvalidRequest {
        /// Start address asked for.
        start: u16,
        /// Register count asked for.
        count: u16,
    },
    /// The CRC does not match the frame.
    #[error("CRC error: computed 0x{computed:04X}, frame carries 0x{received:04X}")]
    Crc {
        /// CRC over the received bytes.
        computed: u16,
        /// CRC the frame carried.
        received: u16,
    },
    /// The reply came from another unit.
    #[error("reply from unit {received}, expected unit {expected}")]
    UnexpectedUnit {
        /// The unit asked.
        expected: u8,
        /// The unit that answered.
        received: u8,
    },
    /// The reply carries another function code.
    #[error("reply with function 0x{received:02X}, expected 0x{expected:02X}")]
    UnexpectedFunction {
        /// The function asked.
        expected: u8,
        /// The function in the reply.
        received: u8,
    },
    /// The byte count is not twice the requested register count.
    #[error("reply byte count {received}, expected {expected}")]
    ByteCount {
        /// 2 × registers requested.
        expected: u8,
        /// Byte count in the reply.
        received: u8,
    },
    /// The frame is shorter or longer than its header says.
    #[error("frame of {received} bytes, expected {expected}")]
    Length {
        /// Bytes the header implies.
        expected: usize,
        /// Bytes present.
        received: usize,
    },
    /// A Modbus TCP header whose protocol id is not 0 (Modbus): not a Modbus reply, or the
    /// stream lost its framing.
    #[error("MBAP protocol id {0}, expected 0 (Modbus)")]
    ProtocolId(u16),
    /// A Modbus TCP header whose length field cannot describe a PDU (2–254 bytes incl. the
    /// unit id).
    #[error("MBAP length field {0}, allowed 2-254")]
    MbapLength(u16),
}

/// Builds an RTU read request: unit, function, start (big-endian), count (big-endian), CRC
/// (low byte first).
pub fn encode_read_request(
    unit: UnitId,
    function: ReadFunction,
    start: WireAddress,
    count: u16,
) -> Result<[u8; REQUEST_LEN], FrameError> {
    if count == 0
        || count > MAX_READ_REGISTERS
        || u32::from(start.get()) + u32::from(count) > 0x1_0000
    {
        return Err(FrameError::InvalidRequest {
            start: start.get(),
            count,
        });
    }
    let [sh, sl] = start.get().to_be_bytes();
    let [ch, cl] = count.to_be_bytes();
    let mut frame = [unit.get(), function.code(), sh, sl, ch, cl, 0, 0];
    let [lo, hi] = crc16(&frame[..6]).to_le_bytes();
    frame[6] = lo;
    frame[7] = hi;
    Ok(frame)
}

/// What a validated reply said.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Reply<'a> {
    /// The register data: 2 × count bytes, big-endian words.
    Registers(&'a [u8]),
    /// The device answered with an exception.
    Exception(ExceptionCode),
}

/// What a reply to a read must look like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Expectation {
    /// The unit asked.
    pub unit: UnitId,
    /// The function asked.
    pub function: ReadFunction,
    /// The number of registers asked for (1–125).
    pub count: u16,
}

impl Expectation {
    /// The length of a normal reply: 5 + 2 × count.
    pub const fn reply_len(&self) -> usize {
        5 + 2 * self.count as usize
    }
}

fn check_crc(frame: &[u8]) -> Result<(), FrameError> {
    let Some(split) = frame.len().checked_sub(2) else {
        return Err(FrameError::Length {
            expected: EXCEPTION_LEN,
            received: frame.len(),
        });
    };
    let (body, crc) = frame.split_at(split);
    let computed = crc16(body);
    let received = u16::from_le_bytes([crc[0], crc[1]]);
    if computed == received {
        Ok(())
    } else {
        Err(FrameError::Crc { computed, received })
    }
}

/// Validates a complete reply frame against what was asked. Never panics, whatever the bytes.
///
/// Checks, in order: minimum length; our unit and function with a byte count other than
/// 2 × count ([`FrameError::ByteCount`], before the CRC: it is the specific fault); CRC; unit
/// id; function (an exception reply yields [`Reply::Exception`]); and total length = 5 + byte
/// count.
pub fn parse_read_reply<'a>(
    frame: &'a [u8],
    expect: &Expectation,
) -> Result<Reply<'a>, FrameError> {
    if frame.len() < EXCEPTION_LEN {
        return Err(FrameError::Length {
            expected: if frame.len() >= 2 && frame[1] & 0x80 != 0 {
                EXCEPTION_LEN
            } else {
                expect.reply_len()
            },
            received: frame.len(),
        });
    }
    let fc = expect.function.code();
    let expected_bytes = (2 * expect.count.min(MAX_READ_REGISTERS)) as u8;
    if frame[0] == expect.unit.get() && frame[1] == fc && frame[2] != expected_bytes {
        // Our unit and function with another byte count: the count is the specific fault
        // (a count corrupted on the line breaks the CRC too; that is the vaguer diagnosis).
        return Err(FrameError::ByteCount {
            expected: expected_bytes,
            received: frame[2],
        });
    }
    check_crc(frame)?;
    if frame[0] != expect.unit.get() {
        return Err(FrameError::UnexpectedUnit {
            expected: expect.unit.get(),
            received: frame[0],
        });
    }
    if frame[1] == fc | 0x80 {
        if frame.len() != EXCEPTION_LEN {
            return Err(FrameError::Length {
                expected: EXCEPTION_LEN,
                received: frame.len(),
            });
        }
        return Ok(Reply::Exception(ExceptionCode::from_code(frame[2])));
    }
    if frame[1] != fc {
        return Err(FrameError::UnexpectedFunction {
            expected: fc,
            received: frame[1],
        });
    }
    if frame[2] != expected_bytes {
        return Err(FrameError::ByteCount {
            expected: expected_bytes,
            received: frame[2],
        });
    }
    if frame.len() != 5 + usize::from(frame[2]) {
        return Err(FrameError::Length {
            expected: 5 + usize::from(frame[2]),
            received: frame.len(),
        });
    }
    Ok(Reply::Registers(&frame[3..frame.len() - 2]))
}

/// Copies big-endian register data into words. `data.len()` must be `2 * out.len()`;
/// otherwise nothing is written and `false` is returned.
pub fn registers_to_words(data: &[u8], out: &mut [u16]) -> bool {
    if data.len() != 2 * out.len() {
        return false;
    }
    for (w, pair) in out.iter_mut().zip(data.chunks_exact(2)) {
        *w = u16::from_be_bytes([pair[0], pair[1]]);
    }
    true
}

/// Assembles a reply from a byte stream, sans-IO: it says how many bytes to read next, and
/// once it has them, whether the frame is complete. Transports loop
/// `while let Some(buf) = r.next_chunk() { fill buf; r.advance(); }` and then call
/// [`ReplyAssembler::finish`].
///
/// It reads the first three bytes, then decides from them how long the frame is: 5 bytes for an
/// exception, 5 + byte count for a reply from the right unit and function, and stops early
/// (without waiting for bytes that may never come) when the header is already wrong.
#[derive(Clone, Debug)]
pub struct ReplyAssembler {
    expect: Expectation,
    buf: [u8; MAX_ADU_LEN],
    len: usize,
    target: usize,
}

impl ReplyAssembler {
    /// Starts assembling the reply to a read.
    pub const fn new(expect: Expectation) -> Self {
        ReplyAssembler {
            expect,
            buf: [0; MAX_ADU_LEN],
            len: 0,
            target: 3,
        }
    }

    /// The slice to fill next with exactly its length in bytes, or `None` when the frame is
    /// complete (or known to be bad).
    pub fn next_chunk(&mut self) -> Option<&mut [u8]> {
        if self.len >= self.target {
            None
        } else {
            Some(&mut self.buf[self.len..self.target])
        }
    }

    /// Marks the chunk returned by [`next_chunk`](Self::next_chunk) as filled.
    pub fn advance(&mut self) {
        self.len = self.target;
        if self.len == 3 {
            let fc = self.expect.function.code();
            let (unit, func, count) = (self.buf[0], self.buf[1], self.buf[2]);
            self.target = if unit != self.expect.unit.get() {
                // Another unit's reply (e.g. a late answer to an earlier request): read it
                // whole so the caller can check it and skip it.
                if func == fc | 0x80 {
                    EXCEPTION_LEN
                } else if func == fc && 5 + usize::from(count) <= MAX_ADU_LEN {
                    5 + usize::from(count)
                } else {
                    3
                }
            } else if func == fc | 0x80 {
                EXCEPTION_LEN
            } else if func != fc {
                3
            } else if count != self.expected_byte_count() {
                // A byte count other than the one asked for (corrupted on the line, or a
                // device answering another size): read no more than the shorter of the two
                // frames, so the reply is judged as soon as it can be and is never waited for
                // past its end. `finish` reports the byte count; the link's silence before
                // the next request drains any rest.
                let claimed = 5 + usize::from(count);
                claimed.min(self.expect.reply_len()).min(MAX_ADU_LEN)
            } else {
                self.expect.reply_len()
            };
        }
    }

    fn expected_byte_count(&self) -> u8 {
        (2 * self.expect.count.min(MAX_READ_REGISTERS)) as u8
    }

    /// The error the reply's first three bytes already prove, if any: another unit's or
    /// function's frame, or our unit and function with a byte count other than the one asked
    /// for. A link that times out after such a header reports this instead of "no reply".
    pub fn header_error(&self) -> Option<FrameError> {
        if self.len < 3 {
            return None;
        }
        let fc = self.expect.function.code();
        let (unit, func, count) = (self.buf[0], self.buf[1], self.buf[2]);
        if unit != self.expect.unit.get() {
            return Some(FrameError::UnexpectedUnit {
                expected: self.expect.unit.get(),
                received: unit,
            });
        }
        if func == fc | 0x80 {
            return None;
        }
        if func != fc {
            return Some(FrameError::UnexpectedFunction {
                expected: fc,
                received: func,
            });
        }
        let expected = self.expected_byte_count();
        (count != expected).then_some(FrameError::ByteCount {
            expected,
            received: count,
        })
    }

    /// The bytes received so far.
    pub fn received(&self) -> &[u8] {
        &self.buf[..self.len]
    }

    /// Whether what was assembled is a complete, CRC-valid reply from **another** unit: a
    /// stray or late frame that a master may skip while it keeps waiting for its own reply.
    pub fn is_foreign_frame(&self) -> bool {
        self.len > 3
            && self.len >= self.target
            && self.buf[0] != self.expect.unit.get()
            && check_crc(&self.buf[..self.len]).is_ok()
    }

    /// Validates what was assembled. A header from our unit and function with the wrong byte
    /// count is reported as [`FrameError::ByteCount`] whatever the rest holds: the count is
    /// what made the frame's length unknowable (a corrupted count also breaks the CRC, which
    /// is the less specific diagnosis).
    pub fn finish(&self) -> Result<Reply<'_>, FrameError> {
        match self.header_error() {
            // Stopped on the header: report the most specific error.
            Some(e) if self.len == 3 => Err(e),
            Some(e @ FrameError::ByteCount { .. }) => Err(e),
            _ => parse_read_reply(&self.buf[..self.len], &self.expect),
        }
    }
}

/// Modbus TCP (MBAP) framing for register reads, sans-IO.
pub mod mbap {
    use super::{ExceptionCode, Expectation, FrameError, ReadFunction, Reply, MAX_READ_REGISTERS};
    use crate::address::{UnitId, WireAddress};

    /// Length of the MBAP header: transaction id, protocol id, length, unit id.
    pub const HEADER_LEN: usize = 7;
    /// Length of a read request ADU: header + function + start + count.
    pub const REQUEST_LEN: usize = 12;
    /// The largest PDU.
    pub const MAX_PDU_LEN: usize = 253;

    /// Builds a Modbus TCP read request.
    pub fn encode_read_request(
        transaction: u16,
        unit: UnitId,
        function: ReadFunction,
        start: WireAddress,
        count: u16,
    ) -> Result<[u8; REQUEST_LEN], FrameError> {
        if count == 0
            || count > MAX_READ_REGISTERS
            || u32::from(start.get()) + u32::from(count) > 0x1_0000
        {
            return Err(FrameError::InvalidRequest {
                start: start.get(),
                count,
            });
        }
        let [th, tl] = transaction.to_be_bytes();
        let [sh, sl] = start.get().to_be_bytes();
        let [ch, cl] = count.to_be_bytes();
        Ok([
            th,
            tl,
            0,
            0,
            0,
            6,
            unit.get(),
            function.code(),
            sh,
            sl,
            ch,
            cl,
        ])
    }

    /// Builds a read request with the next transaction id and what its reply must look like.
    pub fn read_request(
        transaction: u16,
        unit: UnitId,
        function: ReadFunction,
        start: WireAddress,
        registers: usize,
    ) -> Result<([u8; REQUEST_LEN], Expectation), FrameError> {
        let count = u16::try_from(registers).unwrap_or(u16::MAX);
        let request = encode_read_request(transaction, unit, function, start, count)?;
        Ok((
            request,
            Expectation {
                unit,
                function,
                count,
            },
        ))
    }

    /// Judges one received reply: `Ok(None)` when it answers another transaction (a late
    /// reply to a timed-out request, to be skipped), otherwise the validated reply.
    pub fn accept<'a>(
        header: &Header,
        pdu: &'a [u8],
        transaction: u16,
        expect: &Expectation,
    ) -> Result<Option<Reply<'a>>, FrameError> {
        if header.transaction != transaction {
            return Ok(None);
        }
        parse_read_pdu(header, pdu, expect).map(Some)
    }

    /// A parsed MBAP header.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    #[cfg_attr(feature = "defmt", derive(defmt::Format))]
    pub struct Header {
        /// Transaction id.
        pub transaction: u16,
        /// Unit id.
        pub unit: u8,
        /// Bytes that follow the header (the PDU).
        pub pdu_len: usize,
    }

    /// Parses a header; rejects a non-zero protocol id and impossible lengths.
    pub fn parse_header(bytes: &[u8; HEADER_LEN]) -> Result<Header, FrameError> {
        let protocol = u16::from_be_bytes([bytes[2], bytes[3]]);
        let len = usize::from(u16::from_be_bytes([bytes[4], bytes[5]]));
        if protocol != 0 {
            return Err(FrameError::ProtocolId(protocol));
        }
        if len < 2 || len - 1 > MAX_PDU_LEN {
            return Err(FrameError::MbapLength(len as u16));
        }
        Ok(Header {
            transaction: u16::from_be_bytes([bytes[0], bytes[1]]),
            unit: bytes[6],
            pdu_len: len - 1,
        })
    }

    /// Validates the PDU of a reply to a read.
    pub fn parse_read_pdu<'a>(
        header: &Header,
        pdu: &'a [u8],
        expect: &Expectation,
    ) -> Result<Reply<'a>, FrameError> {
        if header.unit != expect.unit.get() {
            return Err(FrameError::UnexpectedUnit {
                expected: expect.unit.get(),
                received: header.unit,
            });
        }
        let fc = expect.function.code();
        match pdu {
            [f, code] if *f == fc | 0x80 => Ok(Reply::Exception(ExceptionCode::from_code(*code))),
            [f, ..] if *f != fc => Err(FrameError::UnexpectedFunction {
                expected: fc,
                received: *f,
            }),
            [_, count, data @ ..] => {
                let expected = (2 * expect.count.min(MAX_READ_REGISTERS)) as u8;
                if *count != expected {
                    Err(FrameError::ByteCount {
                        expected,
                        received: *count,
                    })
                } else if data.len() != usize::from(*count) {
                    Err(FrameError::Length {
                        expected: usize::from(*count) + 2,
                        received: pdu.len(),
                    })
                } else {
                    Ok(Reply::Registers(data))
                }
            }
            _ => Err(FrameError::Length {
                expected: 2,
                received: pdu.len(),
            }),
        }
    }
}
