//! RTU line timing: character time, the t3.5 and t1.5 silences, and reply timeouts. Pure
//! arithmetic on the line settings, shared by the read planner (which costs plans with it)
//! and the serial transports (which keep time with it).

use crate::map::Parity;

/// RTU line timing shared by the serial backends: character time, the t3.5 inter-frame
/// silence (fixed 1.75 ms above 19200 baud), and a response timeout derived from the baud rate
/// and the expected reply length plus a turnaround allowance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct RtuTiming {
    /// Baud rate.
    pub baud: u32,
    /// Bits per character: start + data + parity + stop (11 for 8E1 and 8N2, 10 for 8N1).
    pub bits_per_char: u8,
    /// How long the meter may take from the end of the request to its first reply byte, in µs.
    pub turnaround_allowance_us: u32,
}

/// Bits per character on the wire: start + data + parity (if any) + stop. Saturating, so
/// nonsense settings (which the planner refuses) cannot overflow.
#[inline]
pub const fn bits_per_char(data_bits: u8, parity: Parity, stop_bits: u8) -> u8 {
    let parity_bits = if matches!(parity, Parity::None) { 0 } else { 1 };
    data_bits
        .saturating_add(1 + parity_bits)
        .saturating_add(stop_bits)
}

impl RtuTiming {
    /// Default turnaround allowance: 100 ms (energy meters answer in 10–50 ms; the reply time
    /// itself is added on top).
    pub const DEFAULT_TURNAROUND_ALLOWANCE_US: u32 = 100_000;

    /// Timing for `baud` with 8 data bits, the given parity and stop bits, and the default
    /// allowance.
    pub const fn new(baud: u32, parity: Parity, stop_bits: u8) -> Self {
        RtuTiming {
            baud,
            bits_per_char: bits_per_char(8, parity, stop_bits),
            turnaround_allowance_us: Self::DEFAULT_TURNAROUND_ALLOWANCE_US,
        }
    }

    /// Returns a copy with another turnaround allowance (µs).
    pub const fn with_turnaround_allowance_us(mut self, us: u32) -> Self {
        self.turnaround_allowance_us = us;
        self
    }

    /// Time on the wire of `chars` characters, in ns. Baud 0 means "no serial line to time"
    /// and gives 0 (the planner refuses baud 0 before it costs anything).
    #[inline]
    pub const fn chars_ns(&self, chars: u64) -> u64 {
        if self.baud == 0 {
            return 0;
        }
        chars * self.bits_per_char as u64 * 1_000_000_000 / self.baud as u64
    }

    /// The character time τ in ns.
    #[inline]
    pub const fn char_ns(&self) -> u64 {
        self.chars_ns(1)
    }

    /// t3.5 in ns: 3.5 characters, fixed at 1.75 ms above 19200 baud.
    #[inline]
    pub const fn t35_ns(&self) -> u64 {
        if self.baud > 19_200 || self.baud == 0 {
            1_750_000
        } else {
            7 * self.bits_per_char as u64 * 1_000_000_000 / (2 * self.baud as u64)
        }
    }

    /// t1.5 in ns: 1.5 characters, fixed at 0.75 ms above 19200 baud.
    #[inline]
    pub const fn t15_ns(&self) -> u64 {
        if self.baud > 19_200 || self.baud == 0 {
            750_000
        } else {
            3 * self.bits_per_char as u64 * 1_000_000_000 / (2 * self.baud as u64)
        }
    }

    /// The extra silence a link keeps before the request that follows a reply timeout: one
    /// turnaround allowance, in ns.
    #[inline]
    pub const fn late_reply_guard_ns(&self) -> u64 {
        self.turnaround_allowance_us as u64 * 1000
    }

    /// How long to wait, from the end of sending a request, for a complete reply of
    /// `reply_len` bytes: the turnaround allowance plus the reply's time on the wire plus one
    /// t3.5 of slack for the receiver's own latency.
    #[inline]
    pub const fn reply_timeout_ns(&self, reply_len: usize) -> u64 {
        self.turnaround_allowance_us as u64 * 1000 + self.chars_ns(reply_len as u64) + self.t35_ns()
    }
}
