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

// ---------------------------------------------------------------------------------------------
// Mutated valid frames. Arbitrary bytes almost never pass the CRC, so the suites above mostly
// exercise the reject path. These start from valid replies (FC03 and FC04, register data and
// exceptions, RTU and MBAP) and damage them the way a line or a confused device does, so the
// accept path and every later check are reached, and then hold the library to an independent
// oracle written here from the specification.
//
// What must agree, for every mutated RTU frame `m` and the expectation `e` of the request it
// answers:
// * the whole-frame parser `parse_read_reply(m)` and the oracle: both accept with the same
//   words (or the same exception code), or both reject;
// * the assembler fed `m` as a stream: it asks for exactly the bytes the frame's first three
//   bytes announce (5 for an exception of the expected function; for a reply of our unit and
//   function with another byte count than asked, the shorter of 5 + that count and the
//   expected length; 5 + byte count for another reply with the expected function that fits
//   256 bytes; otherwise it stops after those 3) and
//   times out when `m` is shorter; once it has them, it accepts exactly when the oracle
//   accepts those bytes, with the same value; when they are all of `m`, its verdict equals
//   the whole-frame parser's, error included;
// * `is_foreign_frame` holds exactly for a complete, CRC-valid frame of another unit;
// * nothing panics, and an unmutated valid frame is accepted with exactly its words.
// ---------------------------------------------------------------------------------------------

/// What a reply said, as the oracle and the tests compare it.
#[derive(Clone, Debug, PartialEq)]
enum Said {
    Words(Vec<u16>),
    /// Register data of an odd length (never valid; kept so a broken parser fails an
    /// assertion rather than this helper).
    OddData(Vec<u8>),
    Exception(u8),
}

fn said(r: Result<Reply<'_>, FrameError>) -> Result<Said, FrameError> {
    r.map(|r| match r {
        Reply::Registers(d) if d.len() % 2 == 1 => Said::OddData(d.to_vec()),
        Reply::Registers(d) => Said::Words(
            d.chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect(),
        ),
        Reply::Exception(c) => Said::Exception(c.code()),
    })
}

/// The specification's acceptance rule for an RTU reply to a read, written independently.
fn oracle_rtu(m: &[u8], e: &Expectation) -> Option<Said> {
    let n = m.len();
    if n < 5 || crc(&m[..n - 2]).to_le_bytes() != [m[n - 2], m[n - 1]] {
        return None;
    }
    let fc = e.function.code();
    if m[0] != e.unit.get() {
        return None;
    }
    if m[1] == fc + 0x80 {
        return (n == 5).then_some(Said::Exception(m[2]));
    }
    let want = 2 * usize::from(e.count);
    if m[1] != fc || usize::from(m[2]) != want || n != 5 + want {
        return None;
    }
    Some(Said::Words(
        m[3..n - 2]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect(),
    ))
}

/// How many bytes the assembler must take, from the first three (documented rule).
fn announced_len(m: &[u8], e: &Expectation) -> Option<usize> {
    if m.len() < 3 {
        return None;
    }
    let fc = e.function.code();
    let expected_len = 5 + 2 * usize::from(e.count);
    Some(if m[1] == fc | 0x80 {
        5
    } else if m[1] == fc && m[0] == e.unit.get() && usize::from(m[2]) != 2 * usize::from(e.count) {
        // Our unit and function with another byte count: no further than the shorter of the
        // claimed and the expected frame (the count is wrong; the bytes may not be).
        (5 + usize::from(m[2])).min(expected_len)
    } else if m[1] == fc && 5 + usize::from(m[2]) <= 256 {
        5 + usize::from(m[2])
    } else {
        3
    })
}

/// A damage done to a valid frame.
#[derive(Clone, Debug)]
enum Mutation {
    None,
    /// Flip these bits (byte index, bit).
    Flip(Vec<(prop::sample::Index, u8)>),
    /// Flip bits in the body, then recompute the CRC: the frame passes the CRC and has to be
    /// judged by its header and length.
    FlipBehindValidCrc(Vec<(prop::sample::Index, u8)>),
    /// Keep only a prefix.
    Truncate(prop::sample::Index),
    /// Set the byte count (third byte), optionally recomputing the CRC.
    ByteCount(u8, bool),
    /// Append bytes after the frame (line noise, the start of another frame).
    Extend(Vec<u8>),
    /// Add data words, raise the byte count to match and recompute the CRC: a well-formed
    /// frame of the wrong size.
    Grow(Vec<u8>),
    /// Drop data bytes, lower the byte count to match and recompute the CRC.
    Shrink(prop::sample::Index),
    /// Add bytes inside the frame but leave the byte count: RTU, before a recomputed CRC;
    /// MBAP, with the length field raised to cover them.
    Pad(Vec<u8>),
    /// Turn it into an exception with this code (CRC recomputed), keeping the rest as trailing
    /// bytes when `keep_tail`.
    ToException(u8, bool),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let flips = || prop::collection::vec((any::<prop::sample::Index>(), 0u8..8), 1..=3);
    prop_oneof![
        1 => Just(Mutation::None),
        3 => flips().prop_map(Mutation::Flip),
        3 => flips().prop_map(Mutation::FlipBehindValidCrc),
        2 => any::<prop::sample::Index>().prop_map(Mutation::Truncate),
        2 => (any::<u8>(), any::<bool>()).prop_map(|(c, fix)| Mutation::ByteCount(c, fix)),
        2 => prop::collection::vec(any::<u8>(), 1..=8).prop_map(Mutation::Extend),
        2 => prop::collection::vec(any::<u8>(), 1..=8).prop_map(Mutation::Grow),
        1 => any::<prop::sample::Index>().prop_map(Mutation::Shrink),
        1 => prop::collection::vec(any::<u8>(), 1..=4).prop_map(Mutation::Pad),
        1 => (any::<u8>(), any::<bool>()).prop_map(|(c, t)| Mutation::ToException(c, t)),
    ]
}

fn fix_crc(body: &mut Vec<u8>) {
    let c = crc(body);
    body.extend_from_slice(&c.to_le_bytes());
}

/// Applies a mutation to a valid RTU frame (`header_len` bytes before the data: 3 for RTU).
fn mutate_rtu(frame: &[u8], m: &Mutation) -> Vec<u8> {
    let n = frame.len();
    let body = || frame[..n - 2].to_vec();
    match m {
        Mutation::None => frame.to_vec(),
        Mutation::Flip(bits) => {
            let mut f = frame.to_vec();
            for (i, b) in bits {
                f[i.index(n)] ^= 1 << b;
            }
            f
        }
        Mutation::FlipBehindValidCrc(bits) => {
            let mut f = body();
            let len = f.len();
            for (i, b) in bits {
                f[i.index(len)] ^= 1 << b;
            }
            fix_crc(&mut f);
            f
        }
        Mutation::Truncate(i) => frame[..i.index(n)].to_vec(),
        Mutation::ByteCount(c, fix) => {
            if *fix {
                let mut f = body();
                f[2] = *c;
                fix_crc(&mut f);
                f
            } else {
                let mut f = frame.to_vec();
                f[2] = *c;
                f
            }
        }
        Mutation::Extend(extra) => {
            let mut f = frame.to_vec();
            f.extend_from_slice(extra);
            f
        }
        Mutation::Grow(extra) => {
            let mut f = body();
            f.extend_from_slice(extra);
            f[2] = f[2].wrapping_add(extra.len() as u8);
            fix_crc(&mut f);
            f
        }
        Mutation::Shrink(i) => {
            let mut f = body();
            let data = f.len().saturating_sub(3);
            let drop = i.index(data.max(1)).min(data);
            f.truncate(f.len() - drop);
            f[2] = f[2].wrapping_sub(drop as u8);
            fix_crc(&mut f);
            f
        }
        Mutation::Pad(extra) => {
            let mut f = body();
            f.extend_from_slice(extra);
            fix_crc(&mut f);
            f
        }
        Mutation::ToException(code, keep_tail) => {
            let mut f = vec![frame[0], frame[1] | 0x80, *code];
            fix_crc(&mut f);
            if *keep_tail {
                f.extend_from_slice(&frame[3..]);
            }
            f
        }
    }
}

/// A valid RTU reply: (expectation, frame, what it says).
fn valid_rtu_reply() -> impl Strategy<Value = (Expectation, Vec<u8>, Said)> {
    (
        1u8..=247,
        any::<bool>(),
        prop_oneof![
            4 => prop::collection::vec(any::<u16>(), 1..=125).prop_map(Ok),
            1 => (1u16..=125, any::<u8>()).prop_map(Err),
        ],
    )
        .prop_map(|(u, fc4, shape)| {
            let function = if fc4 {
                ReadFunction::InputRegisters
            } else {
                ReadFunction::HoldingRegisters
            };
            let fc = function.code();
            match shape {
                Ok(words) => {
                    let mut f = vec![u, fc, (2 * words.len()) as u8];
                    for w in &words {
                        f.extend_from_slice(&w.to_be_bytes());
                    }
                    let e = Expectation {
                        unit: unit(u),
                        function,
                        count: words.len() as u16,
                    };
                    (e, with_crc(f), Said::Words(words))
                }
                Err((count, code)) => {
                    let e = Expectation {
                        unit: unit(u),
                        function,
                        count,
                    };
                    (e, with_crc(vec![u, fc | 0x80, code]), Said::Exception(code))
                }
            }
        })
}

/// Feeds `stream` to an assembler: `None` on a timeout (it wanted more), else the bytes it
/// took, its verdict and whether it saw a foreign frame.
fn assemble_stream(
    stream: &[u8],
    e: Expectation,
) -> Option<(usize, Result<Said, FrameError>, bool)> {
    let mut a = ReplyAssembler::new(e);
    let mut pos = 0;
    while let Some(chunk) = a.next_chunk() {
        let n = chunk.len();
        chunk.copy_from_slice(stream.get(pos..pos + n)?);
        pos += n;
        a.advance();
    }
    assert_eq!(a.received(), &stream[..pos]);
    Some((pos, said(a.finish()), a.is_foreign_frame()))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 30_000, ..ProptestConfig::default() })]

    /// Mutated valid RTU replies: parser, assembler and the independent oracle agree (see the
    /// rules above), nothing panics, and the unmutated frame is accepted with its words.
    #[test]
    fn mutated_valid_rtu_frames_are_judged_alike_by_parser_assembler_and_oracle(
        (e, frame, truth) in valid_rtu_reply(),
        m in mutation(),
    ) {
        // The unmutated frame: accepted by all three with exactly its words or code.
        prop_assert_eq!(said(parse_read_reply(&frame, &e)), Ok(truth.clone()));
        prop_assert_eq!(oracle_rtu(&frame, &e), Some(truth.clone()));
        let (used, verdict, foreign) = assemble_stream(&frame, e).expect("valid frame timed out");
        prop_assert_eq!((used, verdict, foreign), (frame.len(), Ok(truth.clone()), false));

        let bytes = mutate_rtu(&frame, &m);
        let parsed = said(parse_read_reply(&bytes, &e));
        prop_assert_eq!(parsed.clone().ok(), oracle_rtu(&bytes, &e), "parser vs oracle on {:02X?}", bytes);

        let announced = announced_len(&bytes, &e);
        match assemble_stream(&bytes, e) {
            None => prop_assert!(
                announced.is_none_or(|a| bytes.len() < a),
                "timed out with {} bytes, {:?} announced", bytes.len(), announced
            ),
            Some((used, verdict, foreign)) => {
                prop_assert_eq!(Some(used), announced, "bytes taken");
                let taken = &bytes[..used];
                prop_assert_eq!(verdict.clone().ok(), oracle_rtu(taken, &e), "assembler vs oracle");
                if used == bytes.len() && used > 3 {
                    prop_assert_eq!(&verdict, &parsed, "assembler vs parser on the same bytes");
                }
                if let Ok(v) = &parsed {
                    prop_assert_eq!(used, bytes.len(), "parser accepted, assembler took a part");
                    prop_assert_eq!(verdict.as_ref(), Ok(v));
                }
                let crc_ok = used >= 5 && crc(&taken[..used - 2]).to_le_bytes() == [taken[used - 2], taken[used - 1]];
                prop_assert_eq!(foreign, used > 3 && taken[0] != e.unit.get() && crc_ok, "foreign frame");
            }
        }
    }
}

// The same for Modbus TCP. A client reads the 7-byte MBAP header, then the PDU length the
// header announces, and judges that reply with `mbap::accept`. What must agree, for every
// mutated ADU `m` (no CRC here, so every damage reaches the header and PDU checks):
// * the client times out exactly when `m` is shorter than 7 bytes or than 6 + the length field
//   of a header the oracle finds valid (protocol id 0, length 2–254), and otherwise takes
//   exactly 7 bytes (bad header) or 6 + length bytes;
// * its verdict on the bytes it took equals the oracle's: the reply (same words or exception
//   code), "another transaction, skip it", or rejected;
// * nothing panics, and an unmutated valid ADU is accepted with exactly its words.

#[derive(Clone, Debug, PartialEq)]
enum Tcp {
    Reply(Said),
    OtherTransaction,
}

/// The specification's rule for an MBAP reply to a read with transaction `tid`.
fn oracle_mbap(m: &[u8], tid: u16, e: &Expectation) -> Option<Tcp> {
    if m.len() < 7 {
        return None;
    }
    let length = usize::from(u16::from_be_bytes([m[4], m[5]]));
    if m[2..4] != [0, 0] || !(2..=254).contains(&length) || m.len() != 6 + length {
        return None;
    }
    if u16::from_be_bytes([m[0], m[1]]) != tid {
        return Some(Tcp::OtherTransaction);
    }
    if m[6] != e.unit.get() {
        return None;
    }
    let fc = e.function.code();
    let pdu = &m[7..];
    if pdu[0] == fc + 0x80 {
        return (pdu.len() == 2).then(|| Tcp::Reply(Said::Exception(pdu[1])));
    }
    let want = 2 * usize::from(e.count);
    if pdu[0] != fc || pdu.len() < 2 || usize::from(pdu[1]) != want || pdu.len() != 2 + want {
        return None;
    }
    Some(Tcp::Reply(Said::Words(
        pdu[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect(),
    )))
}

/// A client reading one reply from `stream`: `None` on a timeout, else the bytes taken and
/// its verdict.
fn receive_mbap(
    stream: &[u8],
    tid: u16,
    e: &Expectation,
) -> Option<(usize, Result<Tcp, FrameError>)> {
    use schneider_em::frame::mbap;
    let header: [u8; mbap::HEADER_LEN] = stream.get(..mbap::HEADER_LEN)?.try_into().unwrap();
    let h = match mbap::parse_header(&header) {
        Ok(h) => h,
        Err(err) => return Some((mbap::HEADER_LEN, Err(err))),
    };
    let end = mbap::HEADER_LEN + h.pdu_len;
    let pdu = stream.get(mbap::HEADER_LEN..end)?;
    let verdict = match mbap::accept(&h, pdu, tid, e) {
        Ok(None) => Ok(Tcp::OtherTransaction),
        Ok(Some(r)) => said(Ok(r)).map(Tcp::Reply),
        Err(err) => Err(err),
    };
    Some((end, verdict))
}

/// A valid MBAP reply: (transaction, expectation, ADU, what it says).
fn valid_mbap_reply() -> impl Strategy<Value = (u16, Expectation, Vec<u8>, Said)> {
    (any::<u16>(), valid_rtu_reply()).prop_map(|(tid, (e, rtu, truth))| {
        // The RTU frame without its CRC is unit + PDU.
        let body = &rtu[..rtu.len() - 2];
        let mut adu = tid.to_be_bytes().to_vec();
        adu.extend_from_slice(&[0, 0]);
        adu.extend_from_slice(&(body.len() as u16).to_be_bytes());
        adu.extend_from_slice(body);
        (tid, e, adu, truth)
    })
}

fn set_length_field(adu: &mut [u8]) {
    let len = (adu.len() - 6) as u16;
    adu[4..6].copy_from_slice(&len.to_be_bytes());
}

fn mutate_mbap(adu: &[u8], m: &Mutation) -> Vec<u8> {
    let n = adu.len();
    match m {
        Mutation::None => adu.to_vec(),
        Mutation::Flip(bits) => {
            let mut f = adu.to_vec();
            for (i, b) in bits {
                f[i.index(n)] ^= 1 << b;
            }
            f
        }
        // No CRC to keep valid: aim at the header, function and byte count instead.
        Mutation::FlipBehindValidCrc(bits) => {
            let mut f = adu.to_vec();
            let head = n.min(9);
            for (i, b) in bits {
                f[i.index(head)] ^= 1 << b;
            }
            f
        }
        Mutation::Truncate(i) => adu[..i.index(n)].to_vec(),
        Mutation::ByteCount(c, fix) => {
            let mut f = adu.to_vec();
            f[8] = *c;
            if *fix {
                f[5] = f[5].wrapping_add(1);
            }
            f
        }
        Mutation::Extend(extra) => {
            let mut f = adu.to_vec();
            f.extend_from_slice(extra);
            f
        }
        Mutation::Grow(extra) => {
            let mut f = adu.to_vec();
            f.extend_from_slice(extra);
            f[8] = f[8].wrapping_add(extra.len() as u8);
            set_length_field(&mut f);
            f
        }
        Mutation::Shrink(i) => {
            let mut f = adu.to_vec();
            let data = n.saturating_sub(9);
            let drop = i.index(data.max(1)).min(data);
            f.truncate(n - drop);
            f[8] = f[8].wrapping_sub(drop as u8);
            set_length_field(&mut f);
            f
        }
        Mutation::Pad(extra) => {
            let mut f = adu.to_vec();
            f.extend_from_slice(extra);
            set_length_field(&mut f);
            f
        }
        Mutation::ToException(code, keep_tail) => {
            let mut f = adu[..7].to_vec();
            f.extend_from_slice(&[adu[7] | 0x80, *code]);
            set_length_field(&mut f);
            if *keep_tail {
                f.extend_from_slice(&adu[9..]);
            }
            f
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 30_000, ..ProptestConfig::default() })]

    /// Mutated valid MBAP replies: the client and the independent oracle agree (see the rules
    /// above), nothing panics, and the unmutated ADU is accepted with its words.
    #[test]
    fn mutated_valid_mbap_frames_are_judged_alike_by_client_and_oracle(
        (tid, e, adu, truth) in valid_mbap_reply(),
        m in mutation(),
        other_tid in any::<u16>(),
    ) {
        prop_assert_eq!(oracle_mbap(&adu, tid, &e), Some(Tcp::Reply(truth.clone())));
        prop_assert_eq!(receive_mbap(&adu, tid, &e), Some((adu.len(), Ok(Tcp::Reply(truth.clone())))));
        // The same reply read by a client waiting for another transaction is skipped.
        if other_tid != tid {
            prop_assert_eq!(receive_mbap(&adu, other_tid, &e), Some((adu.len(), Ok(Tcp::OtherTransaction))));
        }

        let bytes = mutate_mbap(&adu, &m);
        let header_ok = bytes.len() >= 7
            && bytes[2..4] == [0, 0]
            && (2..=254).contains(&u16::from_be_bytes([bytes[4], bytes[5]]));
        let announced = if bytes.len() < 7 {
            None
        } else if header_ok {
            Some(6 + usize::from(u16::from_be_bytes([bytes[4], bytes[5]])))
        } else {
            Some(7)
        };
        match receive_mbap(&bytes, tid, &e) {
            None => prop_assert!(
                announced.is_none_or(|a| bytes.len() < a),
                "timed out with {} bytes, {:?} announced", bytes.len(), announced
            ),
            Some((used, verdict)) => {
                prop_assert_eq!(Some(used), announced, "bytes taken from {:02X?}", bytes);
                prop_assert_eq!(verdict.ok(), oracle_mbap(&bytes[..used], tid, &e), "client vs oracle on {:02X?}", bytes);
            }
        }
    }
}
