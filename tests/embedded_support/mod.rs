//! Shared by the embedded backend tests: an independent bitwise CRC, exact request and reply
//! frames, and the RTU timing numbers worked out by hand for the EM6400NG's factory settings
//! (9600 baud, 8E1 = 11 bits a character).

#![allow(dead_code)]

/// The independent bitwise CRC and frame helper of the other integration tests.
#[path = "../common/mod.rs"]
mod common;

#[allow(unused_imports)]
pub use common::{crc as crc16, with_crc};

/// A function 3 request for `count` registers from wire address `wire`.
pub fn read_request(unit: u8, wire: u16, count: u16) -> Vec<u8> {
    let [a_hi, a_lo] = wire.to_be_bytes();
    let [n_hi, n_lo] = count.to_be_bytes();
    with_crc(vec![unit, 0x03, a_hi, a_lo, n_hi, n_lo])
}

/// A function 3 reply carrying `words`.
pub fn read_reply(unit: u8, words: &[u16]) -> Vec<u8> {
    let mut frame = vec![unit, 0x03, (words.len() * 2) as u8];
    for w in words {
        frame.extend_from_slice(&w.to_be_bytes());
    }
    with_crc(frame)
}

/// An exception reply.
pub fn exception_reply(unit: u8, code: u8) -> Vec<u8> {
    with_crc(vec![unit, 0x83, code])
}

/// Unit 1 reading wire 3109, 2 words: registers 3110–3111, frequency (FLOAT32).
pub fn frequency_request() -> Vec<u8> {
    read_request(1, 3109, 2)
}

/// 50.0 Hz: IEEE 754 0x42480000, high word first.
pub fn frequency_reply() -> Vec<u8> {
    read_reply(1, &[0x4248, 0x0000])
}

/// Worked out by hand for 9600 baud, 11 bits a character (8E1):
/// one character = 11 / 9600 s = 1 145 833.3 ns.
pub const CHAR_NS: u64 = 1_145_833;
/// t3.5 = 3.5 × 11 / 9600 s = 4 010 416.7 ns, truncated.
pub const T35_NS: u32 = 4_010_416;
/// The documented default poll interval: a quarter of a character time.
pub const POLL_NS: u32 = 286_458;
/// The default turnaround allowance, 100 ms.
pub const TURNAROUND_NS: u64 = 100_000_000;
/// Reply timeout for a 9-byte reply (2 registers): 100 ms + 9 characters (10 312 500 ns)
/// + t3.5.
pub const FREQUENCY_REPLY_TIMEOUT_NS: u64 = 100_000_000 + 10_312_500 + 4_010_416;

/// The bounds on stale input the backends document.
pub const MAX_DISCARD: usize = 512;

/// `total` ns cut into `step`-sized delays, the last one shorter.
pub fn steps(total: u64, step: u32) -> Vec<u32> {
    let mut out = Vec::new();
    let mut left = total;
    while left > 0 {
        let d = left.min(u64::from(step));
        out.push(d as u32);
        left -= d;
    }
    out
}
