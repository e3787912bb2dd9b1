//! RTU framing against hand-computed and published vectors, and a never-panic property suite.

mod common;

use common::{crc, with_crc};
use proptest::prelude::*;
use schneider_em::frame::{
    crc16, encode_read_request, parse_read_reply, Expectation, Reply, ReplyAssembler,
};
use schneider_em::{ExceptionCode, FrameError, ReadFunction, UnitId, WireAddress};

fn unit(id: u8) -> UnitId {
    UnitId::new(id).unwrap()
}

fn expect(u: u8, count: u16) -> Expectation {
    Expectation {
        unit: unit(u),
        function: ReadFunction::HoldingRegisters,
        count,
    }
}

#[test]
fn crc_matches_the_catalogue_check_value_and_the_independent_implementation() {
    // CRC-16/MODBUS check value for "123456789".
    assert_eq!(crc16(b"123456789"), 0x4B37);
    assert_eq!(crc(b"123456789"), 0x4B37);
}

#[test]
fn request_bytes_match_published_frames() {
    // Legacy EM6400 Turbo read from the reference notes: unit 1, wire 3900, 4 registers.
    assert_eq!(
        encode_read_request(
            unit(1),
            ReadFunction::HoldingRegisters,
            WireAddress::new(3900),
            4
        )
        .unwrap(),
        [0x01, 0x03, 0x0F, 0x3C, 0x00, 0x04, 0x87, 0x11]
    );
    // The textbook example: unit 1, address 0, 10 registers.
    assert_eq!(
        encode_read_request(
            unit(1),
            ReadFunction::HoldingRegisters,
            WireAddress::new(0),
            10
        )
        .unwrap(),
        [0x01, 0x03, 0x00, 0x00, 0x00, 0x0A, 0xC5, 0xCD]
    );
    // EM6400NG current A: register 3000 goes out as 0x0BB7.
    let f = encode_read_request(
        unit(1),
        ReadFunction::HoldingRegisters,
        WireAddress::new(2999),
        2,
    )
    .unwrap();
    assert_eq!(
        f.to_vec(),
        with_crc(vec![0x01, 0x03, 0x0B, 0xB7, 0x00, 0x02])
    );
    let f = encode_read_request(
        unit(247),
        ReadFunction::InputRegisters,
        WireAddress::new(0xFF83),
        125,
    )
    .unwrap();
    assert_eq!(
        f.to_vec(),
        with_crc(vec![0xF7, 0x04, 0xFF, 0x83, 0x00, 0x7D])
    );
}

#[test]
fn request_limits_are_enforced() {
    for (start, count) in [(0u16, 0u16), (0, 126), (65500, 37)] {
        assert_eq!(
            encode_read_request(
                unit(1),
                ReadFunction::HoldingRegisters,
                WireAddress::new(start),
                count
            ),
            Err(FrameError::InvalidRequest { start, count })
        );
    }
    assert!(encode_read_request(
        unit(1),
        ReadFunction::HoldingRegisters,
        WireAddress::new(65411),
        125
    )
    .is_ok());
}

#[test]
fn reply_with_data_is_accepted() {
    // 230.5 V = 0x43668000, high word first.
    let frame = with_crc(vec![0x01, 0x03, 0x04, 0x43, 0x66, 0x80, 0x00]);
    assert_eq!(
        parse_read_reply(&frame, &expect(1, 2)),
        Ok(Reply::Registers(&[0x43, 0x66, 0x80, 0x00][..]))
    );
}

#[test]
fn exception_reply_is_decoded() {
    // The textbook illegal-data-address reply.
    let frame = [0x01, 0x83, 0x02, 0xC0, 0xF1];
    assert_eq!(
        parse_read_reply(&frame, &expect(1, 2)),
        Ok(Reply::Exception(ExceptionCode::IllegalDataAddress))
    );
}

#[test]
fn every_exception_code_maps_to_its_specified_meaning() {
    let expected = [
        (0x01, ExceptionCode::IllegalFunction),
        (0x02, ExceptionCode::IllegalDataAddress),
        (0x03, ExceptionCode::IllegalDataValue),
        (0x04, ExceptionCode::ServerDeviceFailure),
        (0x05, ExceptionCode::Acknowledge),
        (0x06, ExceptionCode::ServerDeviceBusy),
        (0x07, ExceptionCode::NegativeAcknowledge),
        (0x08, ExceptionCode::MemoryParityError),
        (0x09, ExceptionCode::Other(0x09)),
        (0x0A, ExceptionCode::GatewayPathUnavailable),
        (0x0B, ExceptionCode::GatewayTargetFailedToRespond),
        (0x0C, ExceptionCode::Other(0x0C)),
    ];
    for (code, want) in expected {
        assert_eq!(ExceptionCode::from_code(code), want);
        assert_eq!(want.code(), code);
        let frame = with_crc(vec![0x05, 0x83, code]);
        assert_eq!(
            parse_read_reply(&frame, &expect(5, 1)),
            Ok(Reply::Exception(want))
        );
    }
    assert_eq!(
        ExceptionCode::GatewayPathUnavailable.to_string(),
        "exception 0x0A (gateway path unavailable)"
    );
}

#[test]
fn corrupt_and_foreign_replies_are_rejected_with_the_right_error() {
    let good = with_crc(vec![0x01, 0x03, 0x04, 0x43, 0x66, 0x80, 0x00]);
    let mut flipped = good.clone();
    flipped[4] ^= 0x01;
    assert!(matches!(
        parse_read_reply(&flipped, &expect(1, 2)),
        Err(FrameError::Crc { .. })
    ));
    assert_eq!(
        parse_read_reply(&good, &expect(2, 2)),
        Err(FrameError::UnexpectedUnit {
            expected: 2,
            received: 1
        })
    );
    let fc4 = with_crc(vec![0x01, 0x04, 0x04, 0, 0, 0, 0]);
    assert_eq!(
        parse_read_reply(&fc4, &expect(1, 2)),
        Err(FrameError::UnexpectedFunction {
            expected: 3,
            received: 4
        })
    );
    // Byte count 4 to a 4-register request (rmodbus accepted this silently).
    assert_eq!(
        parse_read_reply(&good, &expect(1, 4)),
        Err(FrameError::ByteCount {
            expected: 8,
            received: 4
        })
    );
    // Byte count 0 (rmodbus panicked on this).
    let empty = with_crc(vec![0x01, 0x03, 0x00]);
    assert_eq!(
        parse_read_reply(&empty, &expect(1, 1)),
        Err(FrameError::ByteCount {
            expected: 2,
            received: 0
        })
    );
    // Byte count claims 200 with 4 bytes present.
    let liar = with_crc(vec![0x01, 0x03, 200, 0, 0, 0, 0]);
    assert!(parse_read_reply(&liar, &expect(1, 100)).is_err());
    assert!(matches!(
        parse_read_reply(&[0x01, 0x03], &expect(1, 1)),
        Err(FrameError::Length { .. })
    ));
}

fn assemble(stream: &[u8], e: Expectation) -> (Result<Vec<u8>, String>, usize) {
    let mut a = ReplyAssembler::new(e);
    let mut pos = 0;
    while let Some(chunk) = a.next_chunk() {
        let n = chunk.len();
        if pos + n > stream.len() {
            return (Err("timeout".into()), pos);
        }
        chunk.copy_from_slice(&stream[pos..pos + n]);
        pos += n;
        a.advance();
    }
    let r = match a.finish() {
        Ok(Reply::Registers(d)) => Ok(d.to_vec()),
        Ok(Reply::Exception(c)) => Err(format!("{c}")),
        Err(e) => Err(format!("{e}")),
    };
    (r, pos)
}

#[test]
fn assembler_reads_exactly_one_frame_and_stops_early_on_a_bad_header() {
    let good = with_crc(vec![0x01, 0x03, 0x04, 0x43, 0x66, 0x80, 0x00]);
    let mut stream = good.clone();
    stream.extend_from_slice(&[0xAA, 0xBB]);
    let (r, used) = assemble(&stream, expect(1, 2));
    assert_eq!(r, Ok(vec![0x43, 0x66, 0x80, 0x00]));
    assert_eq!(used, good.len());
    // Exception: 5 bytes, no more.
    let (r, used) = assemble(&[0x01, 0x83, 0x02, 0xC0, 0xF1, 0xFF], expect(1, 2));
    assert_eq!(used, 5);
    assert!(r.unwrap_err().contains("illegal data address"));
    // Another unit's reply: read whole (so a master can skip it) and rejected.
    let (r, used) = assemble(&good, expect(9, 2));
    assert_eq!(used, good.len());
    assert!(r.unwrap_err().contains("unit 1"));
    let mut a = ReplyAssembler::new(expect(9, 2));
    let mut at = 0;
    while let Some(chunk) = a.next_chunk() {
        let n = chunk.len();
        chunk.copy_from_slice(&good[at..at + n]);
        at += n;
        a.advance();
    }
    assert!(a.is_foreign_frame());
    // Garbage that merely starts with another unit's id is not a skippable frame.
    let (r, used) = assemble(&[0x05, 0x11, 0x22, 0, 0, 0], expect(9, 2));
    assert_eq!(used, 3);
    assert!(r.is_err());
    // Impossible byte count: rejected after the header.
    let (r, used) = assemble(&[0x01, 0x03, 0xFF, 0, 0], expect(1, 2));
    assert_eq!(used, 3);
    assert!(r.is_err());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 100_000, ..ProptestConfig::default() })]

    /// ≥ 100 000 arbitrary byte strings: the reply parser and the assembler never panic, and
    /// anything they accept really is a CRC-valid frame of the expected shape.
    #[test]
    fn parsers_never_panic_on_arbitrary_bytes(
        bytes in prop::collection::vec(any::<u8>(), 0..300),
        u in 1u8..=247,
        count in 0u16..=130,
        fc4 in any::<bool>(),
    ) {
        let e = Expectation {
            unit: unit(u),
            function: if fc4 { ReadFunction::InputRegisters } else { ReadFunction::HoldingRegisters },
            count,
        };
        if let Ok(Reply::Registers(data)) = parse_read_reply(&bytes, &e) {
            prop_assert_eq!(data.len(), 2 * usize::from(count));
            prop_assert_eq!(crc(&bytes[..bytes.len() - 2]).to_le_bytes(), [bytes[bytes.len() - 2], bytes[bytes.len() - 1]]);
        }
        let _ = assemble(&bytes, e);
        let _ = encode_read_request(unit(u), e.function, WireAddress::new(u16::from(bytes.first().copied().unwrap_or(0)) << 8), count);
    }

    /// Valid frames (random unit, data) always round-trip.
    #[test]
    fn valid_replies_round_trip(u in 1u8..=247, words in prop::collection::vec(any::<u16>(), 1..=125)) {
        let mut frame = vec![u, 3, (2 * words.len()) as u8];
        for w in &words {
            frame.extend_from_slice(&w.to_be_bytes());
        }
        let frame = with_crc(frame);
        let (r, used) = assemble(&frame, expect(u, words.len() as u16));
        prop_assert_eq!(used, frame.len());
        let data = r.unwrap();
        let got: Vec<u16> = data.chunks(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
        prop_assert_eq!(got, words);
    }
}

fn crc_valid(mut body: Vec<u8>) -> Vec<u8> {
    let c = crc(&body);
    body.extend_from_slice(&c.to_le_bytes());
    body
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 50_000, ..ProptestConfig::default() })]

    /// CRC-valid frames with arbitrary headers and lengths reach every later check (unit,
    /// function, exception length, byte count, total length): never a panic, and a frame is
    /// accepted exactly when its shape is right.
    #[test]
    fn crc_valid_frames_of_any_shape_are_judged_correctly(
        u in prop::sample::select(vec![1u8, 2, 247]),
        f in prop::sample::select(vec![3u8, 4, 0x83, 0x84, 0x10, 0x00, 0xFF]),
        byte_count in any::<u8>(),
        data_len in 0usize..=260,
        want in 1u16..=125,
    ) {
        let mut body = vec![u, f, byte_count];
        body.extend(std::iter::repeat_n(0xA5u8, data_len));
        let frame = crc_valid(body);
        let e = expect(1, want);
        let shape_ok = u == 1 && f == 3 && usize::from(byte_count) == 2 * usize::from(want) && data_len == usize::from(byte_count);
        let exception_ok = u == 1 && f == 0x83 && data_len == 0;
        match parse_read_reply(&frame, &e) {
            Ok(Reply::Registers(d)) => prop_assert!(shape_ok && d.len() == 2 * usize::from(want)),
            Ok(Reply::Exception(c)) => prop_assert!(exception_ok && c.code() == byte_count),
            Err(_) => prop_assert!(!shape_ok && !exception_ok),
        }
        let _ = assemble(&frame, e);
    }

    /// The Modbus TCP header and PDU parsers never panic, and accept only well-formed replies.
    #[test]
    fn mbap_parsers_never_panic(
        tid in any::<u16>(),
        protocol in prop::sample::select(vec![0u16, 0, 0, 1, 0xFFFF]),
        len in prop_oneof![prop::sample::select(vec![0u16, 1, 2, 3, 5, 254, 255, 256, 0xFFFF]), 0u16..300, any::<u16>()],
        u in any::<u8>(),
        pdu in prop::collection::vec(any::<u8>(), 0..300),
        want in 1u16..=125,
    ) {
        use schneider_em::frame::mbap;
        let [t0, t1] = tid.to_be_bytes();
        let [p0, p1] = protocol.to_be_bytes();
        let [l0, l1] = len.to_be_bytes();
        let header = [t0, t1, p0, p1, l0, l1, u];
        if let Ok(h) = mbap::parse_header(&header) {
            prop_assert!(protocol == 0);
            prop_assert!(h.pdu_len >= 1 && h.pdu_len <= mbap::MAX_PDU_LEN);
            let e = expect(h.unit.clamp(1, 247), want);
            if let Ok(Reply::Registers(d)) = mbap::parse_read_pdu(&h, &pdu, &e) {
                prop_assert_eq!(d.len(), 2 * usize::from(want));
                prop_assert_eq!(pdu.len(), 2 + d.len());
            }
        }
    }
}
