//! rmodbus 0.13 as an independent Modbus codec: a second implementation, written by other
//! people, that our framing must interoperate with byte for byte. Over generated frames of
//! every shape (RTU and Modbus TCP, FC03 and FC04, any unit, start and count, every exception
//! code):
//! * our requests equal rmodbus's requests byte for byte (CRC included), and its server parses
//!   them into the same function, start and count;
//! * the replies and exceptions its server builds are read by us with the same words and code,
//!   and its CRC equals ours;
//! * its client reads every exception code byte we read, past its own CRC check.
//!
//! rmodbus is a dev-dependency only (README, "Dependencies"); the last test shows why its reply
//! parsers are not used at run time.

use proptest::prelude::*;
use rmodbus::client::ModbusRequest;
use rmodbus::server::storage::ModbusStorageSmall;
use rmodbus::server::{ModbusFrame, Read};
use rmodbus::{ErrorKind, ModbusProto};
use schneider_em::frame::{
    crc16, encode_read_request, mbap, parse_read_reply, Expectation, Reply, ReplyAssembler,
};
use schneider_em::{ExceptionCode, FrameError, ReadFunction, UnitId, WireAddress};

/// A read request: unit, function, start, count (start + count within the address space).
fn request() -> impl Strategy<Value = (u8, ReadFunction, u16, u16)> {
    (
        1u8..=247,
        prop_oneof![
            Just(ReadFunction::HoldingRegisters),
            Just(ReadFunction::InputRegisters)
        ],
        1u16..=125,
    )
        .prop_flat_map(|(u, f, count)| {
            (
                Just(u),
                Just(f),
                prop_oneof![
                    Just(0u16),
                    Just(65536 - u32::from(count)).prop_map(|s| s as u16),
                    0..=(65536 - u32::from(count)) as u16
                ],
                Just(count),
            )
        })
}

fn expectation(u: u8, function: ReadFunction, count: u16) -> Expectation {
    Expectation {
        unit: UnitId::new(u).unwrap(),
        function,
        count,
    }
}

/// rmodbus's request for the same read.
fn their_request(
    req: &mut ModbusRequest,
    function: ReadFunction,
    start: u16,
    count: u16,
) -> Vec<u8> {
    let mut out = Vec::new();
    match function {
        ReadFunction::HoldingRegisters => req.generate_get_holdings(start, count, &mut out),
        ReadFunction::InputRegisters => req.generate_get_inputs(start, count, &mut out),
    }
    .unwrap();
    out
}

/// What rmodbus's server makes of a request frame: (function, start, count).
fn their_server_parse(unit: u8, frame: &[u8], proto: ModbusProto) -> (u8, u16, u16) {
    let mut response = Vec::new();
    let mut f = ModbusFrame::new(unit, frame, proto, &mut response);
    f.parse().unwrap();
    assert!(f.processing_required && f.response_required && f.error.is_none());
    (f.func.byte(), f.reg, f.count)
}

/// rmodbus's server answering `frame` with `words` (or with `error`), finalised.
fn their_reply(
    unit: u8,
    frame: &[u8],
    proto: ModbusProto,
    answer: Result<&[u16], ErrorKind>,
) -> Vec<u8> {
    let mut response = Vec::new();
    let mut f = ModbusFrame::new(unit, frame, proto, &mut response);
    f.parse().unwrap();
    match answer {
        Ok(words) => {
            let Read::Words(read) = f.get_external_read().unwrap() else {
                panic!("a register read")
            };
            assert_eq!(usize::from(read.count), words.len());
            for (chunk, w) in read.buf.chunks_exact_mut(2).zip(words) {
                chunk.copy_from_slice(&w.to_be_bytes());
            }
            f.process_external_read(Ok(())).unwrap();
        }
        Err(kind) => f.set_modbus_error_if_unset(&kind).unwrap(),
    }
    f.finalize_response().unwrap();
    response
}

/// Our verdict on an RTU reply fed as a byte stream through the assembler, checked against the
/// whole-frame parser on the same bytes.
fn our_rtu_verdict(reply: &[u8], e: Expectation) -> Result<Vec<u8>, ExceptionCode> {
    let mut a = ReplyAssembler::new(e);
    let mut at = 0;
    while let Some(chunk) = a.next_chunk() {
        let n = chunk.len();
        chunk.copy_from_slice(&reply[at..at + n]);
        at += n;
        a.advance();
    }
    assert_eq!(at, reply.len(), "the assembler took the whole reply");
    assert_eq!(a.finish(), parse_read_reply(reply, &e));
    match a.finish().expect("a valid reply") {
        Reply::Registers(d) => Ok(d.to_vec()),
        Reply::Exception(c) => Err(c),
    }
}

/// Our verdict on a Modbus TCP reply to transaction `tid`.
fn our_tcp_verdict(reply: &[u8], tid: u16, e: &Expectation) -> Result<Vec<u8>, ExceptionCode> {
    let header: [u8; mbap::HEADER_LEN] = reply[..mbap::HEADER_LEN].try_into().unwrap();
    let h = mbap::parse_header(&header).unwrap();
    assert_eq!(mbap::HEADER_LEN + h.pdu_len, reply.len());
    match mbap::accept(&h, &reply[mbap::HEADER_LEN..], tid, e) {
        Ok(Some(Reply::Registers(d))) => Ok(d.to_vec()),
        Ok(Some(Reply::Exception(c))) => Err(c),
        other => panic!("{other:?}"),
    }
}

fn be_bytes(words: &[u16]) -> Vec<u8> {
    words.iter().flat_map(|w| w.to_be_bytes()).collect()
}

/// Every error rmodbus's server can answer with, and the code byte it puts on the wire.
const THEIR_EXCEPTIONS: [(ErrorKind, u8); 11] = [
    (ErrorKind::IllegalFunction, 0x01),
    (ErrorKind::IllegalDataAddress, 0x02),
    (ErrorKind::IllegalDataValue, 0x03),
    (ErrorKind::SlaveDeviceFailure, 0x04),
    (ErrorKind::Acknowledge, 0x05),
    (ErrorKind::SlaveDeviceBusy, 0x06),
    (ErrorKind::NegativeAcknowledge, 0x07),
    (ErrorKind::MemoryParityError, 0x08),
    // rmodbus names 0x09 and 0x0A "gateway path unavailable" and "gateway target failed";
    // the specification has them at 0x0A and 0x0B (rust-crates.md, pitfall 5). The code byte is
    // what matters: we read exactly the byte it sent.
    (ErrorKind::GatewayPathUnavailable, 0x09),
    (ErrorKind::GatewayTargetFailed, 0x0A),
    (ErrorKind::CommunicationError, 0x15),
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 5_000, ..ProptestConfig::default() })]

    /// Our RTU and MBAP requests equal rmodbus's byte for byte (so the CRCs agree), and its
    /// server parses them into the same function, start and count.
    #[test]
    fn our_requests_equal_rmodbus_requests_and_its_server_parses_them(
        (u, function, start, count) in request(),
        tid in any::<u16>(),
    ) {
        let ours = encode_read_request(UnitId::new(u).unwrap(), function, WireAddress::new(start), count).unwrap();
        let theirs = their_request(&mut ModbusRequest::new(u, ModbusProto::Rtu), function, start, count);
        prop_assert_eq!(&ours[..], &theirs[..]);
        prop_assert_eq!(crc16(&ours[..6]).to_le_bytes(), [theirs[6], theirs[7]]);
        prop_assert_eq!(their_server_parse(u, &ours, ModbusProto::Rtu), (function.code(), start, count));

        let ours = mbap::encode_read_request(tid, UnitId::new(u).unwrap(), function, WireAddress::new(start), count).unwrap();
        let theirs = their_request(&mut ModbusRequest::new_tcp_udp(u, tid), function, start, count);
        prop_assert_eq!(&ours[..], &theirs[..]);
        prop_assert_eq!(their_server_parse(u, &ours, ModbusProto::TcpUdp), (function.code(), start, count));
    }

    /// Replies built by rmodbus's server to our requests are read by us (assembler, parser,
    /// MBAP client) with exactly the words it was given, its CRC equals ours, and its own
    /// client reads the same words from them.
    #[test]
    fn rmodbus_replies_to_our_requests_are_read_by_us_with_the_same_words(
        (u, function, start, count) in request(),
        seed in any::<u64>(),
        tid in any::<u16>(),
    ) {
        let words: Vec<u16> = (0..u64::from(count))
            .map(|i| (seed.rotate_left(i as u32 * 7) ^ (i * 0x9E37)) as u16)
            .collect();
        let e = expectation(u, function, count);
        let uid = UnitId::new(u).unwrap();

        let request = encode_read_request(uid, function, WireAddress::new(start), count).unwrap();
        let reply = their_reply(u, &request, ModbusProto::Rtu, Ok(&words));
        prop_assert_eq!(reply.len(), e.reply_len());
        let n = reply.len();
        prop_assert_eq!(crc16(&reply[..n - 2]).to_le_bytes(), [reply[n - 2], reply[n - 1]], "CRC");
        prop_assert_eq!(our_rtu_verdict(&reply, e), Ok(be_bytes(&words)));
        let mut client = ModbusRequest::new(u, ModbusProto::Rtu);
        their_request(&mut client, function, start, count);
        let mut theirs = Vec::new();
        client.parse_u16(&reply, &mut theirs).unwrap();
        prop_assert_eq!(&theirs, &words);

        let request = mbap::encode_read_request(tid, uid, function, WireAddress::new(start), count).unwrap();
        let reply = their_reply(u, &request, ModbusProto::TcpUdp, Ok(&words));
        prop_assert_eq!(&reply[..2], &tid.to_be_bytes()[..]);
        prop_assert_eq!(our_tcp_verdict(&reply, tid, &e), Ok(be_bytes(&words)));
    }
}

/// Every exception rmodbus's server can send, to FC03 and FC04 over RTU and TCP, is read by us
/// as an exception with exactly the code byte it sent, never as data or a frame error.
#[test]
fn rmodbus_exceptions_are_read_by_us_with_the_same_code() {
    for function in [ReadFunction::HoldingRegisters, ReadFunction::InputRegisters] {
        for (kind, byte) in THEIR_EXCEPTIONS {
            let (u, start, count, tid) = (17u8, 3000u16, 6u16, 0xBEEF);
            let e = expectation(u, function, count);
            let uid = UnitId::new(u).unwrap();
            let request =
                encode_read_request(uid, function, WireAddress::new(start), count).unwrap();
            let reply = their_reply(u, &request, ModbusProto::Rtu, Err(kind));
            assert_eq!(reply[..3], [u, function.code() | 0x80, byte], "{kind:?}");
            let code = our_rtu_verdict(&reply, e).unwrap_err();
            assert_eq!(code.code(), byte, "{kind:?}");
            assert_eq!(code, ExceptionCode::from_code(byte));

            let request =
                mbap::encode_read_request(tid, uid, function, WireAddress::new(start), count)
                    .unwrap();
            let reply = their_reply(u, &request, ModbusProto::TcpUdp, Err(kind));
            let code = our_tcp_verdict(&reply, tid, &e).unwrap_err();
            assert_eq!(code.code(), byte, "{kind:?} over TCP");
        }
    }
}

/// rmodbus's server deciding for itself, from its own register storage (1000 registers): a
/// read inside it is answered with the stored words, one past its end with exception 02, and
/// a count over 125 (which we never send, so the request is built by hand) with exception 03.
#[test]
fn rmodbus_server_decisions_are_read_by_us() {
    let mut storage = ModbusStorageSmall::default();
    for (i, w) in storage.holdings.iter_mut().enumerate() {
        *w = (i as u16).wrapping_mul(0x0101) ^ 0x5A5A;
    }
    for (i, w) in storage.inputs.iter_mut().enumerate() {
        *w = (i as u16).wrapping_mul(0x0303) ^ 0xA5A5;
    }
    let answer = |frame: &[u8], proto: ModbusProto| {
        let mut response = Vec::new();
        let mut f = ModbusFrame::new(5, frame, proto, &mut response);
        f.parse().unwrap();
        if f.processing_required {
            f.process_read(&storage).unwrap();
        }
        f.finalize_response().unwrap();
        response
    };
    let uid = UnitId::new(5).unwrap();
    for function in [ReadFunction::HoldingRegisters, ReadFunction::InputRegisters] {
        let stored = match function {
            ReadFunction::HoldingRegisters => &storage.holdings,
            ReadFunction::InputRegisters => &storage.inputs,
        };
        for (start, count) in [(0u16, 1u16), (990, 10), (875, 125)] {
            let request =
                encode_read_request(uid, function, WireAddress::new(start), count).unwrap();
            let reply = answer(&request, ModbusProto::Rtu);
            let range = usize::from(start)..usize::from(start + count);
            assert_eq!(
                our_rtu_verdict(&reply, expectation(5, function, count)),
                Ok(be_bytes(&stored[range.clone()]))
            );
            let request =
                mbap::encode_read_request(9, uid, function, WireAddress::new(start), count)
                    .unwrap();
            let reply = answer(&request, ModbusProto::TcpUdp);
            assert_eq!(
                our_tcp_verdict(&reply, 9, &expectation(5, function, count)),
                Ok(be_bytes(&stored[range]))
            );
        }
        let request = encode_read_request(uid, function, WireAddress::new(991), 10).unwrap();
        let reply = answer(&request, ModbusProto::Rtu);
        assert_eq!(
            our_rtu_verdict(&reply, expectation(5, function, 10)),
            Err(ExceptionCode::IllegalDataAddress)
        );
        let mut over = vec![5, function.code(), 0, 0, 0, 126];
        over.extend_from_slice(&crc16(&over).to_le_bytes());
        let reply = answer(&over, ModbusProto::Rtu);
        assert_eq!(
            our_rtu_verdict(&reply, expectation(5, function, 126)),
            Err(ExceptionCode::IllegalDataValue)
        );
    }
}

/// Every exception code byte (0–255), to FC03 and FC04, over RTU and TCP: rmodbus's client
/// gets past its own CRC and frame checks and reports the code it read, and we read the same
/// byte. The RTU CRC is ours, so its acceptance is a second CRC comparison.
#[test]
fn every_exception_code_byte_is_read_alike_by_rmodbus_and_us() {
    let (u, tid) = (33u8, 0x0102u16);
    for function in [ReadFunction::HoldingRegisters, ReadFunction::InputRegisters] {
        let e = expectation(u, function, 2);
        for code in 0..=255u8 {
            let mut rtu = vec![u, function.code() | 0x80, code];
            rtu.extend_from_slice(&crc16(&rtu).to_le_bytes());
            let mut client = ModbusRequest::new(u, ModbusProto::Rtu);
            their_request(&mut client, function, 100, 2);
            assert_eq!(
                client.parse_ok(&rtu),
                Err(ErrorKind::from_modbus_error(code)),
                "rmodbus on code {code:#04X}"
            );
            assert_eq!(our_rtu_verdict(&rtu, e).unwrap_err().code(), code);

            let mut tcp = tid.to_be_bytes().to_vec();
            tcp.extend_from_slice(&[0, 0, 0, 3, u, function.code() | 0x80, code]);
            let mut client = ModbusRequest::new_tcp_udp(u, tid);
            their_request(&mut client, function, 100, 2);
            assert_eq!(
                client.parse_ok(&tcp),
                Err(ErrorKind::from_modbus_error(code)),
                "rmodbus over TCP on code {code:#04X}"
            );
            assert_eq!(our_tcp_verdict(&tcp, tid, &e).unwrap_err().code(), code);
        }
    }
}

/// Why rmodbus is not the runtime framing: a CRC-valid reply with byte count 0 makes its
/// register parser panic (a reset on a panic=abort microcontroller), where ours returns an
/// error. If this test ever fails because rmodbus stopped panicking, revisit the README's
/// "Dependencies" section.
#[test]
fn rmodbus_client_panics_on_a_short_crc_valid_reply_that_we_reject() {
    let mut reply = vec![1u8, 3, 0];
    reply.extend_from_slice(&crc16(&reply).to_le_bytes());
    let e = expectation(1, ReadFunction::HoldingRegisters, 1);
    assert!(matches!(
        parse_read_reply(&reply, &e),
        Err(FrameError::ByteCount { .. })
    ));
    let mut client = ModbusRequest::new(1, ModbusProto::Rtu);
    their_request(&mut client, ReadFunction::HoldingRegisters, 0, 1);
    let theirs = std::panic::catch_unwind(move || {
        let mut words: Vec<u16> = Vec::new();
        let _ = client.parse_u16(&reply, &mut words);
    });
    assert!(theirs.is_err(), "rmodbus no longer panics on byte count 0");
}
