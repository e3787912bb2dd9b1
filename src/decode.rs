//! Pure decoding of register words into values: integers of every width, FLOAT32 in either
//! word order, the four-quadrant power factor, DATETIME and UTF-8 text, with the meters'
//! "not available" sentinels mapped to `None`. No I/O, no allocation, no panics on any input.

use crate::map::{DataType, NotAvailable, WordOrder, WordOrders};

/// FLOAT32 "not available" sentinel (a quiet NaN).
pub const NA_F32: u32 = 0xFFC0_0000;
/// INT16U "not available" sentinel.
pub const NA_U16: u16 = 0xFFFF;
/// INT16 "not available" sentinel.
pub const NA_I16: u16 = 0x8000;
/// INT32U "not available" sentinel.
pub const NA_U32: u32 = 0xFFFF_FFFF;
/// INT32 "not available" sentinel.
pub const NA_I32: u32 = 0x8000_0000;
/// INT64 / INT64U "not available" sentinel.
pub const NA_I64: u64 = 0x8000_0000_0000_0000;

/// Combines two words into 32 bits.
pub const fn combine32(words: [u16; 2], order: WordOrder) -> u32 {
    let (hi, lo) = match order {
        WordOrder::HighWordFirst => (words[0], words[1]),
        WordOrder::LowWordFirst => (words[1], words[0]),
    };
    ((hi as u32) << 16) | lo as u32
}

/// Combines four words into 64 bits.
pub const fn combine64(words: [u16; 4], order: WordOrder) -> u64 {
    let w = match order {
        WordOrder::HighWordFirst => words,
        WordOrder::LowWordFirst => [words[3], words[2], words[1], words[0]],
    };
    ((w[0] as u64) << 48) | ((w[1] as u64) << 32) | ((w[2] as u64) << 16) | w[3] as u64
}

/// Splits 32 bits into two words (the inverse of [`combine32`]).
pub const fn split32(value: u32, order: WordOrder) -> [u16; 2] {
    let hi = (value >> 16) as u16;
    let lo = value as u16;
    match order {
        WordOrder::HighWordFirst => [hi, lo],
        WordOrder::LowWordFirst => [lo, hi],
    }
}

/// Splits 64 bits into four words (the inverse of [`combine64`]).
pub const fn split64(value: u64, order: WordOrder) -> [u16; 4] {
    let w = [
        (value >> 48) as u16,
        (value >> 32) as u16,
        (value >> 16) as u16,
        value as u16,
    ];
    match order {
        WordOrder::HighWordFirst => w,
        WordOrder::LowWordFirst => [w[3], w[2], w[1], w[0]],
    }
}

/// Decodes a FLOAT32 (no sentinel handling).
pub fn decode_f32(words: [u16; 2], order: WordOrder) -> f32 {
    f32::from_bits(combine32(words, order))
}

/// Encodes a FLOAT32 (the inverse of [`decode_f32`]).
pub fn encode_f32(value: f32, order: WordOrder) -> [u16; 2] {
    split32(value.to_bits(), order)
}

/// Where a four-quadrant power factor lies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Quadrant {
    /// Importing active power, inductive (lagging).
    Q1,
    /// Exporting active power, capacitive (leading).
    Q2,
    /// Exporting active power, inductive (lagging).
    Q3,
    /// Importing active power, capacitive (leading).
    Q4,
}

/// Whether current lags or leads voltage.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum PfCharacter {
    /// Current lags voltage (inductive load).
    Lagging,
    /// Current leads voltage (capacitive load).
    Leading,
    /// Power factor exactly ±1.
    Unity,
}

/// A decoded power factor.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct PowerFactor {
    /// Signed power factor in −1…+1; the sign is the sign of active power.
    pub value: f32,
    /// Lagging, leading or unity.
    pub character: PfCharacter,
    /// The quadrant, when the value is strictly inside one.
    pub quadrant: Option<Quadrant>,
}

/// Decodes the Schneider four-quadrant power-factor encoding (`4Q_FP_PF`): a float x in
/// −2…+2 where x > 1 means 2 − x leading (Q4), x < −1 means −2 − x leading (Q2), |x| = 1 is
/// unity and anything else is x lagging (Q1 when positive, Q3 when negative).
///
/// Returns `None` for NaN, infinities and values outside −2…+2. A plain power factor in
/// −1…+1 decodes to itself.
pub fn decode_pf4q(x: f32) -> Option<PowerFactor> {
    if !x.is_finite() || !(-2.0..=2.0).contains(&x) {
        return None;
    }
    let (value, character, quadrant) = if x > 1.0 {
        (
            2.0 - x,
            PfCharacter::Leading,
            (x < 2.0).then_some(Quadrant::Q4),
        )
    } else if x < -1.0 {
        (
            -2.0 - x,
            PfCharacter::Leading,
            (x > -2.0).then_some(Quadrant::Q2),
        )
    } else if x == 1.0 || x == -1.0 {
        (x, PfCharacter::Unity, None)
    } else if x > 0.0 {
        (x, PfCharacter::Lagging, Some(Quadrant::Q1))
    } else if x < 0.0 {
        (x, PfCharacter::Lagging, Some(Quadrant::Q3))
    } else {
        (x, PfCharacter::Lagging, None)
    };
    Some(PowerFactor {
        value,
        character,
        quadrant,
    })
}

/// Encodes a power factor into the four-quadrant form (the inverse of [`decode_pf4q`]):
/// `value` is the signed power factor, `leading` whether current leads voltage.
pub fn encode_pf4q(value: f32, leading: bool) -> f32 {
    if value == 1.0 || value == -1.0 || !leading {
        value
    } else if value >= 0.0 {
        2.0 - value
    } else {
        -2.0 - value
    }
}

/// A numeric register value after decoding, before unit normalisation.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Numeric {
    /// A number.
    Number(f64),
    /// A power factor with its quadrant.
    PowerFactor(PowerFactor),
}

/// Decodes a numeric register of type `data_type` from exactly the words it occupies.
///
/// Returns `None` when the value is "not available": a type sentinel (with
/// [`NotAvailable::Sentinel`]), any non-finite float, a wrong number of words, or a
/// non-numeric type.
pub fn decode_numeric(
    data_type: DataType,
    words: &[u16],
    orders: WordOrders,
    na: NotAvailable,
) -> Option<Numeric> {
    let sentinels = na == NotAvailable::Sentinel;
    let n = match (data_type, words) {
        (DataType::U16, &[w]) => {
            if sentinels && w == NA_U16 {
                return None;
            }
            f64::from(w)
        }
        (DataType::I16, &[w]) => {
            if sentinels && w == NA_I16 {
                return None;
            }
            f64::from(w as i16)
        }
        (DataType::U32, &[a, b]) => {
            let v = combine32([a, b], orders.int32);
            if sentinels && v == NA_U32 {
                return None;
            }
            f64::from(v)
        }
        (DataType::I32, &[a, b]) => {
            let v = combine32([a, b], orders.int32);
            if sentinels && v == NA_I32 {
                return None;
            }
            f64::from(v as i32)
        }
        (DataType::U64, &[a, b, c, d]) => {
            let v = combine64([a, b, c, d], orders.int64);
            if sentinels && v == NA_I64 {
                return None;
            }
            v as f64
        }
        (DataType::I64, &[a, b, c, d]) => {
            let v = combine64([a, b, c, d], orders.int64);
            if sentinels && v == NA_I64 {
                return None;
            }
            v as i64 as f64
        }
        (DataType::F32, &[a, b]) => {
            let v = decode_f32([a, b], orders.float32);
            if !v.is_finite() {
                return None;
            }
            f64::from(v)
        }
        (DataType::Pf4q, &[a, b]) => {
            return decode_pf4q(decode_f32([a, b], orders.float32)).map(Numeric::PowerFactor);
        }
        _ => return None,
    };
    Some(Numeric::Number(n))
}

/// A date and time as the PMC meters encode it (IEC 870-5-4 layout, 4 registers).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct DateTime {
    /// Full year (2000–2127).
    pub year: u16,
    /// Month, 1–12.
    pub month: u8,
    /// Day of month, 1–31.
    pub day: u8,
    /// Day of week as encoded (0 when not set).
    pub weekday: u8,
    /// Hour, 0–23.
    pub hour: u8,
    /// Minute, 0–59.
    pub minute: u8,
    /// Milliseconds within the minute, 0–59999.
    pub millisecond: u16,
    /// Daylight saving time flag.
    pub dst: bool,
    /// Set when the clock's synchronisation is questionable.
    pub quality_flag: bool,
}

impl DateTime {
    /// Seconds within the minute.
    pub const fn second(&self) -> u8 {
        (self.millisecond / 1000) as u8
    }
}

/// Decodes a DATETIME: W1 b0–6 year − 2000; W2 b0–4 day, b5–7 weekday, b8–11 month;
/// W3 b0–5 minute, b7 quality, b8–12 hour, b15 DST; W4 milliseconds.
///
/// `None` for the all-0xFFFF sentinel and for any field out of range (month 0, hour 24, …).
pub fn decode_datetime(words: [u16; 4]) -> Option<DateTime> {
    if words == [0xFFFF; 4] {
        return None;
    }
    let [w1, w2, w3, w4] = words;
    let dt = DateTime {
        year: 2000 + (w1 & 0x7F),
        day: (w2 & 0x1F) as u8,
        weekday: ((w2 >> 5) & 0x07) as u8,
        month: ((w2 >> 8) & 0x0F) as u8,
        minute: (w3 & 0x3F) as u8,
        quality_flag: w3 & 0x80 != 0,
        hour: ((w3 >> 8) & 0x1F) as u8,
        dst: w3 & 0x8000 != 0,
        millisecond: w4,
    };
    let valid = (1..=12).contains(&dt.month)
        && (1..=31).contains(&dt.day)
        && dt.hour <= 23
        && dt.minute <= 59
        && dt.millisecond <= 59_999;
    valid.then_some(dt)
}

/// Encodes a DATETIME (the inverse of [`decode_datetime`] for valid values).
pub fn encode_datetime(dt: &DateTime) -> [u16; 4] {
    [
        dt.year.saturating_sub(2000) & 0x7F,
        u16::from(dt.day & 0x1F)
            | (u16::from(dt.weekday & 0x07) << 5)
            | (u16::from(dt.month & 0x0F) << 8),
        u16::from(dt.minute & 0x3F)
            | (u16::from(dt.quality_flag) << 7)
            | (u16::from(dt.hour & 0x1F) << 8)
            | (u16::from(dt.dst) << 15),
        dt.millisecond,
    ]
}

/// Decodes UTF-8 text stored two bytes per register, high byte first, into `out`.
///
/// Stops at the first NUL; trailing spaces are trimmed; bytes that are not valid UTF-8 are
/// replaced by `?`; text longer than `N` bytes is truncated at a character boundary.
/// An empty result means "not available".
pub fn decode_utf8<const N: usize>(words: &[u16]) -> heapless::String<N> {
    let mut bytes: heapless::Vec<u8, 256> = heapless::Vec::new();
    'outer: for w in words {
        for b in w.to_be_bytes() {
            if b == 0 || bytes.push(b).is_err() {
                break 'outer;
            }
        }
    }
    let mut out = heapless::String::new();
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if out.push(c).is_err() {
                return trim_end(out);
            }
        }
        if !chunk.invalid().is_empty() && out.push('?').is_err() {
            return trim_end(out);
        }
    }
    trim_end(out)
}

fn trim_end<const N: usize>(mut s: heapless::String<N>) -> heapless::String<N> {
    while s.ends_with(' ') {
        s.pop();
    }
    s
}

/// Encodes text two bytes per register, high byte first, NUL-padded to `words.len()`
/// registers (the inverse of [`decode_utf8`]); text that does not fit is cut.
pub fn encode_utf8(text: &str, words: &mut [u16]) {
    let bytes = text.as_bytes();
    for (i, w) in words.iter_mut().enumerate() {
        let hi = bytes.get(2 * i).copied().unwrap_or(0);
        let lo = bytes.get(2 * i + 1).copied().unwrap_or(0);
        *w = u16::from_be_bytes([hi, lo]);
    }
}
