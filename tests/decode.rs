//! Decoding against hand-computed vectors, plus round-trip and never-panic properties.

use proptest::prelude::*;
use schneider_em::decode::*;
use schneider_em::{DataType, NotAvailable, WordOrder, WordOrders};

const ABCD: WordOrders = WordOrders {
    float32: WordOrder::HighWordFirst,
    int32: WordOrder::HighWordFirst,
    int64: WordOrder::HighWordFirst,
};
const CDAB: WordOrders = WordOrders {
    float32: WordOrder::LowWordFirst,
    int32: WordOrder::LowWordFirst,
    int64: WordOrder::LowWordFirst,
};

fn num(t: DataType, w: &[u16], o: WordOrders) -> Option<f64> {
    match decode_numeric(t, w, o, NotAvailable::Sentinel)? {
        Numeric::Number(v) => Some(v),
        Numeric::PowerFactor(pf) => Some(f64::from(pf.value)),
    }
}

#[test]
fn float32_hand_vectors_in_both_word_orders() {
    // 230.5 = 0x4366_8000: sign 0, exponent 134 (2^7), mantissa 1.80078125 → 1.80078125 × 128.
    assert_eq!(
        decode_f32([0x4366, 0x8000], WordOrder::HighWordFirst),
        230.5
    );
    assert_eq!(decode_f32([0x8000, 0x4366], WordOrder::LowWordFirst), 230.5);
    // 50.0 Hz = 0x4248_0000; −12.25 = 0xC144_0000.
    assert_eq!(num(DataType::F32, &[0x4248, 0x0000], ABCD), Some(50.0));
    assert_eq!(num(DataType::F32, &[0x0000, 0xC144], CDAB), Some(-12.25));
    // Read with the wrong word order, 230.5 is garbage (the classic EM6400 mistake).
    assert_ne!(decode_f32([0x4366, 0x8000], WordOrder::LowWordFirst), 230.5);
}

#[test]
fn integer_hand_vectors() {
    assert_eq!(num(DataType::U16, &[0xFFFE], ABCD), Some(65534.0));
    assert_eq!(num(DataType::I16, &[0xFFFE], ABCD), Some(-2.0));
    assert_eq!(num(DataType::U32, &[0x0001, 0x0002], ABCD), Some(65538.0));
    assert_eq!(num(DataType::U32, &[0x0002, 0x0001], CDAB), Some(65538.0));
    assert_eq!(num(DataType::I32, &[0xFFFF, 0xFFFE], ABCD), Some(-2.0));
    // 123 456 789 012 Wh = 0x0000_001C_BE99_1A14, most significant word first.
    assert_eq!(
        num(DataType::I64, &[0x0000, 0x001C, 0xBE99, 0x1A14], ABCD),
        Some(123_456_789_012.0)
    );
    assert_eq!(
        num(DataType::I64, &[0x1A14, 0xBE99, 0x001C, 0x0000], CDAB),
        Some(123_456_789_012.0)
    );
    assert_eq!(
        num(DataType::I64, &[0xFFFF, 0xFFFF, 0xFFFF, 0xFFFB], ABCD),
        Some(-5.0)
    );
    assert_eq!(
        num(DataType::U64, &[0x0000, 0x0000, 0x0001, 0x0000], ABCD),
        Some(65536.0)
    );
}

#[test]
fn not_available_sentinels_decode_to_none() {
    assert_eq!(num(DataType::F32, &[0xFFC0, 0x0000], ABCD), None);
    assert_eq!(
        num(DataType::F32, &[0x7F80, 0x0000], ABCD),
        None,
        "infinity"
    );
    assert_eq!(num(DataType::U16, &[0xFFFF], ABCD), None);
    assert_eq!(num(DataType::I16, &[0x8000], ABCD), None);
    assert_eq!(num(DataType::U32, &[0xFFFF, 0xFFFF], ABCD), None);
    assert_eq!(num(DataType::I32, &[0x8000, 0x0000], ABCD), None);
    assert_eq!(num(DataType::I64, &[0x8000, 0, 0, 0], ABCD), None);
    assert_eq!(num(DataType::U64, &[0x8000, 0, 0, 0], ABCD), None);
    assert_eq!(num(DataType::Pf4q, &[0xFFC0, 0x0000], ABCD), None);
    // Where the map says unavailable values read 0, integer sentinels are plain numbers.
    assert_eq!(
        decode_numeric(DataType::U16, &[0xFFFF], ABCD, NotAvailable::Zero),
        Some(Numeric::Number(65535.0))
    );
    // Wrong word count or a non-numeric type is "not available", never a panic.
    assert_eq!(num(DataType::F32, &[0x4248], ABCD), None);
    assert_eq!(num(DataType::Utf8, &[0x4142], ABCD), None);
}

#[test]
fn four_quadrant_power_factor_table() {
    let close = |a: f32, b: f32| (a - b).abs() < 1e-6;
    let pf = decode_pf4q(0.9).unwrap();
    assert!(
        close(pf.value, 0.9)
            && pf.character == PfCharacter::Lagging
            && pf.quadrant == Some(Quadrant::Q1)
    );
    let pf = decode_pf4q(1.1).unwrap();
    assert!(
        close(pf.value, 0.9)
            && pf.character == PfCharacter::Leading
            && pf.quadrant == Some(Quadrant::Q4)
    );
    let pf = decode_pf4q(-0.8).unwrap();
    assert!(
        close(pf.value, -0.8)
            && pf.character == PfCharacter::Lagging
            && pf.quadrant == Some(Quadrant::Q3)
    );
    let pf = decode_pf4q(-1.2).unwrap();
    assert!(
        close(pf.value, -0.8)
            && pf.character == PfCharacter::Leading
            && pf.quadrant == Some(Quadrant::Q2)
    );
    assert_eq!(decode_pf4q(1.0).unwrap().character, PfCharacter::Unity);
    assert_eq!(decode_pf4q(-1.0).unwrap().value, -1.0);
    assert_eq!(decode_pf4q(0.0).unwrap().quadrant, None);
    assert_eq!(decode_pf4q(2.5), None);
    assert_eq!(decode_pf4q(f32::NAN), None);
    // Through the register path: 1.1 = 0x3F8C_CCCD.
    let Some(Numeric::PowerFactor(pf)) = decode_numeric(
        DataType::Pf4q,
        &[0x3F8C, 0xCCCD],
        ABCD,
        NotAvailable::Sentinel,
    ) else {
        panic!()
    };
    assert!(close(pf.value, 0.9) && pf.quadrant == Some(Quadrant::Q4));
}

#[test]
fn datetime_hand_vector() {
    // 2024-03-15 (weekday 5) 13:45:30.250, DST on, sync flag off:
    // W1 = 24; W2 = 15 | 5<<5 | 3<<8 = 0x03AF; W3 = 45 | 13<<8 | 1<<15 = 0x8D2D; W4 = 30250.
    let dt = decode_datetime([0x0018, 0x03AF, 0x8D2D, 30250]).unwrap();
    assert_eq!(
        (
            dt.year,
            dt.month,
            dt.day,
            dt.weekday,
            dt.hour,
            dt.minute,
            dt.second(),
            dt.millisecond
        ),
        (2024, 3, 15, 5, 13, 45, 30, 30250)
    );
    assert!(dt.dst && !dt.quality_flag);
    assert_eq!(decode_datetime([0xFFFF; 4]), None);
    assert_eq!(decode_datetime([0x0018, 0x0000, 0, 0]), None, "month 0");
    assert_eq!(
        decode_datetime([0x0018, 0x01AF, 0x1800, 0]),
        None,
        "hour 24"
    );
}

#[test]
fn utf8_strings() {
    // "EM6400NG", two characters per register, high byte first, NUL padded.
    let words = [0x454D, 0x3634, 0x3030, 0x4E47, 0x0000, 0x0000];
    assert_eq!(decode_utf8::<40>(&words).as_str(), "EM6400NG");
    // Odd length: "Schneider Electric" is 18 bytes; "ABC" ends in the high byte.
    assert_eq!(decode_utf8::<40>(&[0x4142, 0x4300]).as_str(), "ABC");
    assert_eq!(decode_utf8::<40>(&[0x0000, 0x4142]).as_str(), "", "N/A");
    assert_eq!(
        decode_utf8::<40>(&[0x41FF, 0x4220]).as_str(),
        "A?B",
        "invalid byte, trailing space"
    );
    assert_eq!(
        decode_utf8::<3>(&[0x4142, 0x4344]).as_str(),
        "ABC",
        "truncated to capacity"
    );
}

proptest! {
    #[test]
    fn float_round_trips(v in proptest::num::f32::NORMAL, low in any::<bool>()) {
        let o = if low { WordOrder::LowWordFirst } else { WordOrder::HighWordFirst };
        prop_assert_eq!(decode_f32(encode_f32(v, o), o), v);
    }

    #[test]
    fn int_round_trips(a in any::<u32>(), b in any::<u64>(), low in any::<bool>()) {
        let o = if low { WordOrder::LowWordFirst } else { WordOrder::HighWordFirst };
        prop_assert_eq!(combine32(split32(a, o), o), a);
        prop_assert_eq!(combine64(split64(b, o), o), b);
    }

    #[test]
    fn pf4q_round_trips(v in -1.0f32..=1.0, leading in any::<bool>()) {
        let pf = decode_pf4q(encode_pf4q(v, leading)).unwrap();
        prop_assert!((pf.value - v).abs() < 1e-6);
        if v.abs() != 1.0 && v != 0.0 {
            let want = if leading { PfCharacter::Leading } else { PfCharacter::Lagging };
            prop_assert_eq!(pf.character, want);
        }
    }

    #[test]
    fn datetime_round_trips(y in 2000u16..2128, mo in 1u8..=12, d in 1u8..=31, wd in 0u8..8,
                            h in 0u8..24, mi in 0u8..60, ms in 0u16..60000, dst in any::<bool>(), q in any::<bool>()) {
        let dt = DateTime { year: y, month: mo, day: d, weekday: wd, hour: h, minute: mi, millisecond: ms, dst, quality_flag: q };
        prop_assert_eq!(decode_datetime(encode_datetime(&dt)), Some(dt));
    }

    #[test]
    fn ascii_round_trips(s in "[ -~]{0,39}[!-~]") {
        let mut words = [0u16; 20];
        encode_utf8(&s, &mut words);
        let got = decode_utf8::<40>(&words);
        prop_assert_eq!(got.as_str(), s.as_str());
    }

    #[test]
    fn decoders_never_panic(words in prop::collection::vec(any::<u16>(), 0..8), t in 0usize..11, low in any::<bool>()) {
        let types = [DataType::U16, DataType::I16, DataType::U32, DataType::I32, DataType::U64, DataType::I64,
                     DataType::F32, DataType::Pf4q, DataType::Utf8, DataType::DateTime, DataType::Bitmap];
        let o = if low { CDAB } else { ABCD };
        let _ = decode_numeric(types[t], &words, o, NotAvailable::Sentinel);
        let _ = decode_utf8::<4>(&words);
        if words.len() >= 4 { let _ = decode_datetime([words[0], words[1], words[2], words[3]]); }
    }
}
