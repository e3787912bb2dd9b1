//! An [`AsyncSerialLink`] over an async UART or byte stream (embedded-io-async 0.7 `Read` +
//! `Write`) with an embedded-hal-async [`DelayNs`] timer.
//!
//! This module owns the RTU timing for such streams: discarding stale input, the t3.5 silence
//! before a request, and the reply deadline, each as a race between a read and the timer. It
//! knows nothing about Modbus frames — [`Rtu`] does that — and never hard-wires an executor
//! or a timer: embassy, tokio (through embedded-io-adapters) or anything else fits.
//!
//! [`Rtu`]: crate::transport::Rtu

use core::future::ready;
use core::pin::pin;

use embassy_futures::select::{select, Either};
use embedded_hal_async::delay::DelayNs;
use embedded_io_async::{ErrorType, Read, Write};

use crate::error::LinkError;
use crate::transport::embedded::{default_tick_ns, delay_for_async, first_silence_ns, MAX_DISCARD};
use crate::transport::{AsyncSerialLink, RtuTiming};

/// An async RTU serial link over a stream and a timer.
///
/// * [`send`](AsyncSerialLink::send) races a read against a t3.5 timer until the timer wins:
///   every byte that arrives first is stale and discarded, and restarts the silence. Then it
///   writes the whole frame, flushes, and starts the reply deadline
///   [`RtuTiming::reply_timeout_ns`].
/// * [`receive`](AsyncSerialLink::receive) races filling the buffer against the timer, run in
///   ticks (t3.5 by default) so that the deadline is counted down across calls without a
///   clock: it covers the whole reply, however many chunks [`Rtu`] reads it in. The same read
///   future stays alive from tick to tick, so a tick never cancels a read; only the deadline
///   does. A tick cut short by arriving bytes is not counted, so the deadline can run late by
///   up to one tick per `receive`, never early.
///
/// Requirements and limits:
/// * The stream's `read` should be cancel-safe (embedded-io-async encourages it; embassy's
///   buffered UARTs are): a read that loses a race against the silence timer or the deadline
///   is dropped. If it is not cancel-safe, the bytes it held are lost — harmless here, as they
///   are stale or belong to a reply that timed out.
/// * Stale bytes are seen only if the stream hands them over when read (buffered and DMA
///   ring-buffer UARTs do). Bytes the stream never delivers cannot be discarded; [`Rtu`]'s
///   checks of unit, function, length and CRC then reject the mixed reply as a bad frame.
///   (`embedded_io_async::ReadReady` could tell, but requiring it would shut out streams that
///   lack it; racing a read against the timer works for every stream.)
/// * `read` returning `Ok(0)` (end of stream) ends a `receive` with [`LinkError::Timeout`],
///   since no further bytes can come; a `write` returning `Ok(0)` (which the trait forbids)
///   is also a timeout rather than a panic.
///
/// ```
/// # use schneider_em::{transport::io_async::AsyncIoUart, transport::RtuTiming, AsyncMeter, Model, Parity, Rtu, UnitId};
/// # fn demo<S, T>(stream: S, timer: T)
/// # where S: embedded_io_async::Read + embedded_io_async::Write,
/// #       T: embedded_hal_async::delay::DelayNs {
/// let link = AsyncIoUart::new(stream, timer, RtuTiming::new(9600, Parity::Even, 1));
/// let mut meter = AsyncMeter::new(Rtu::new(link), UnitId::new(1).unwrap(), Model::Em6400Ng);
/// # let _ = &mut meter; }
/// ```
///
/// [`Rtu`]: crate::transport::Rtu
#[derive(Debug)]
pub struct AsyncIoUart<S, T> {
    stream: S,
    timer: T,
    timing: RtuTiming,
    tick_ns: u32,
    /// What is left of the reply deadline set by the last `send`, in ns.
    remaining_ns: u64,
    /// Extra silence (ns) the next send keeps before talking: one turnaround allowance after a
    /// reply that did not complete, so a late reply is drained, not taken for the next answer.
    guard_ns: u64,
}

impl<S, T> AsyncIoUart<S, T>
where
    S: Read + Write,
    T: DelayNs,
{
    /// Wraps a stream already configured for `timing`'s baud rate and framing, and a timer.
    /// The reply deadline is counted down in ticks of t3.5 (at least 1 µs).
    pub fn new(stream: S, timer: T, timing: RtuTiming) -> Self {
        AsyncIoUart {
            stream,
            timer,
            timing,
            tick_ns: default_tick_ns(&timing),
            remaining_ns: 0,
            guard_ns: 0,
        }
    }

    /// Returns the link with another tick in ns (clamped to at least 1 ns): the timer runs in
    /// ticks of this length while a reply is awaited. Shorter means a more exact deadline and
    /// more timer wake-ups.
    pub fn with_tick_ns(mut self, ns: u32) -> Self {
        self.tick_ns = ns.max(1);
        self
    }

    /// The tick in ns.
    pub const fn tick_ns(&self) -> u32 {
        self.tick_ns
    }

    /// The line timing.
    pub const fn timing(&self) -> RtuTiming {
        self.timing
    }

    /// Uses another line timing from the next request on (after reconfiguring the stream).
    /// The tick is reset to the new t3.5.
    pub fn set_timing(&mut self, timing: RtuTiming) {
        self.timing = timing;
        self.tick_ns = default_tick_ns(&timing);
    }

    /// The stream.
    pub fn stream(&mut self) -> &mut S {
        &mut self.stream
    }

    /// The timer.
    pub fn timer(&mut self) -> &mut T {
        &mut self.timer
    }

    /// Gives the stream and the timer back.
    pub fn free(self) -> (S, T) {
        (self.stream, self.timer)
    }

    /// Discards stale input until the line has been quiet for t3.5 — plus one turnaround
    /// allowance after a timeout, so a late reply is drained, not taken for the next answer.
    async fn quiet_line(&mut self) {
        let mut scratch = [0u8; 64];
        let mut discarded = 0;
        let mut silence = first_silence_ns(&self.timing, &mut self.guard_ns);
        while discarded < MAX_DISCARD {
            let want = scratch.len().min(MAX_DISCARD - discarded);
            let read = self.stream.read(&mut scratch[..want]);
            let wait = core::mem::replace(&mut silence, self.timing.t35_ns());
            match select(read, delay_for_async(&mut self.timer, wait)).await {
                Either::Second(()) => return,
                // End of stream and errors about stale bytes still count, so this loop ends.
                Either::First(result) => discarded += result.unwrap_or(0).max(1),
            }
        }
    }

    /// Writes all of `frame` (embedded-io-async's `write_all`, without its panic on `Ok(0)`).
    async fn write_frame(&mut self, mut frame: &[u8]) -> Result<(), LinkError<S::Error>> {
        while !frame.is_empty() {
            match self.stream.write(frame).await {
                Ok(0) => return Err(LinkError::Timeout),
                Ok(n) => frame = frame.get(n..).unwrap_or(&[]),
                Err(e) => return Err(LinkError::Bus(e)),
            }
        }
        self.stream.flush().await.map_err(LinkError::Bus)
    }
}

/// Fills `buf` from `stream`; end of stream is a timeout (nothing more will come).
async fn fill<S: Read>(stream: &mut S, buf: &mut [u8]) -> Result<(), LinkError<S::Error>> {
    let mut filled = 0;
    while let Some(rest) = buf.get_mut(filled..).filter(|rest| !rest.is_empty()) {
        match stream.read(rest).await {
            Ok(0) => return Err(LinkError::Timeout),
            Ok(n) => filled += n.min(rest.len()),
            Err(e) => return Err(LinkError::Bus(e)),
        }
    }
    Ok(())
}

impl<S, T> AsyncSerialLink for AsyncIoUart<S, T>
where
    S: Read + Write,
    T: DelayNs,
{
    type Error = <S as ErrorType>::Error;

    async fn send(&mut self, frame: &[u8], reply_len: usize) -> Result<(), LinkError<Self::Error>> {
        // A send that fails leaves no reply to wait for.
        self.remaining_ns = 0;
        self.quiet_line().await;
        self.write_frame(frame).await?;
        self.remaining_ns = self.timing.reply_timeout_ns(reply_len);
        // Armed until a receive completes: if the caller drops the receive future (its own
        // timeout), the next send still keeps the line quiet for a late reply.
        self.guard_ns = self.timing.late_reply_guard_ns();
        Ok(())
    }

    async fn receive(&mut self, buf: &mut [u8]) -> Result<(), LinkError<Self::Error>> {
        let result = self.receive_inner(buf).await;
        self.guard_ns = match result {
            Err(LinkError::Timeout) => self.timing.late_reply_guard_ns(),
            _ => 0,
        };
        result
    }
}

impl<S, T> AsyncIoUart<S, T>
where
    S: Read + Write,
    T: DelayNs,
{
    async fn receive_inner(
        &mut self,
        buf: &mut [u8],
    ) -> Result<(), LinkError<<S as ErrorType>::Error>> {
        let tick = u64::from(self.tick_ns);
        let remaining = &mut self.remaining_ns;
        let timer = &mut self.timer;
        // One read future for the whole wait: ticks poll it again, they never restart it.
        let mut fill = pin!(fill(&mut self.stream, buf));
        loop {
            if *remaining == 0 {
                // The deadline has passed: take only what is already there.
                return match select(fill.as_mut(), ready(())).await {
                    Either::First(result) => result,
                    Either::Second(()) => Err(LinkError::Timeout),
                };
            }
            let step = tick.min(*remaining);
            match select(fill.as_mut(), delay_for_async(timer, step)).await {
                Either::First(result) => return result,
                Either::Second(()) => *remaining -= step,
            }
        }
    }
}
