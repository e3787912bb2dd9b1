//! Time-keeping shared by the embedded UART backends ([`super::nb`], [`super::io`],
//! [`super::io_async`]): how a wait in nanoseconds becomes a `DelayNs` call, the poll and tick
//! intervals derived from the line timing, the bound on discarded stale input, and the first
//! silence before a request (t3.5 plus the late-reply guard). It holds no state and does no
//! I/O; each backend owns its UART and its delay.

use crate::timing::RtuTiming;

/// At most this many stale bytes (or receive errors) are discarded before a request; a line
/// that keeps talking longer than that is written to anyway, so a babbling device cannot hang
/// the master (the collision then shows up as a bad frame or a timeout).
pub(crate) const MAX_DISCARD: usize = 512;

/// One `DelayNs` call for a wait of some nanoseconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DelayCall {
    /// `delay_ns(n)`.
    Ns(u32),
    /// `delay_us(n)`: for waits beyond `u32::MAX` ns (4.29 s), rounded up.
    Us(u32),
}

/// The `DelayNs` call that waits `ns` nanoseconds (microseconds beyond `u32::MAX` ns).
pub(crate) fn delay_call(ns: u64) -> DelayCall {
    match u32::try_from(ns) {
        Ok(ns) => DelayCall::Ns(ns),
        Err(_) => DelayCall::Us(u32::try_from(ns.div_ceil(1000)).unwrap_or(u32::MAX)),
    }
}

/// Sleeps `ns` on a blocking delay.
#[cfg(any(feature = "embedded-hal-nb", feature = "embedded-io"))]
pub(crate) fn delay_for(delay: &mut impl embedded_hal::delay::DelayNs, ns: u64) {
    match delay_call(ns) {
        DelayCall::Ns(n) => delay.delay_ns(n),
        DelayCall::Us(n) => delay.delay_us(n),
    }
}

/// Sleeps `ns` on an async timer.
#[cfg(feature = "embedded-io-async")]
pub(crate) async fn delay_for_async(timer: &mut impl embedded_hal_async::delay::DelayNs, ns: u64) {
    match delay_call(ns) {
        DelayCall::Ns(n) => timer.delay_ns(n).await,
        DelayCall::Us(n) => timer.delay_us(n).await,
    }
}

/// `ns` as a `u32` interval of at least 1 µs.
fn interval(ns: u64) -> u32 {
    u32::try_from(ns).unwrap_or(u32::MAX).max(1000)
}

/// The default polling interval of the blocking backends: a quarter of a character time, at
/// least 1 µs.
#[cfg(any(feature = "embedded-hal-nb", feature = "embedded-io"))]
pub(crate) fn default_poll_ns(timing: &RtuTiming) -> u32 {
    interval(timing.char_ns() / 4)
}

/// The default tick of the async backend: t3.5, at least 1 µs.
#[cfg(feature = "embedded-io-async")]
pub(crate) fn default_tick_ns(timing: &RtuTiming) -> u32 {
    interval(timing.t35_ns())
}

/// The first silence before a request: t3.5 plus the late-reply guard, which it consumes.
/// The guard is one window at the start, not restarted by noise: waits after traffic are t3.5
/// only, so sparse noise cannot stretch the wait.
pub(crate) fn first_silence_ns(timing: &RtuTiming, guard_ns: &mut u64) -> u64 {
    timing.t35_ns().saturating_add(core::mem::take(guard_ns))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_waits_become_microseconds_rounded_up() {
        assert_eq!(delay_call(1_500), DelayCall::Ns(1_500));
        assert_eq!(delay_call(u64::from(u32::MAX)), DelayCall::Ns(u32::MAX));
        assert_eq!(delay_call(5_000_000_001), DelayCall::Us(5_000_001));
        assert_eq!(delay_call(u64::MAX), DelayCall::Us(u32::MAX));
    }
}
