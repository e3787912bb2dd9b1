//! A [`SerialLink`] over a buffered UART or byte stream (embedded-io 0.7 `Read` + `Write` +
//! `ReadReady`) with an embedded-hal [`DelayNs`] as the only clock.
//!
//! This module owns the RTU timing for such streams: discarding stale input, the t3.5 silence
//! before a request, and the reply deadline. It knows nothing about Modbus frames — [`Rtu`]
//! does that. It only calls `read` after `read_ready` said bytes are waiting, so a read never
//! blocks past the deadline, and every wait is counted in delay time.
//!
//! [`Rtu`]: crate::transport::Rtu

use embedded_hal::delay::DelayNs;
use embedded_io::{ErrorType, Read, ReadReady, Write};

use crate::error::LinkError;
use crate::transport::embedded::{default_poll_ns, delay_for, first_silence_ns, MAX_DISCARD};
use crate::transport::{RtuTiming, SerialLink};

/// An RTU serial link over a non-blocking-readable stream and a delay.
///
/// * [`send`](SerialLink::send) reads and discards whatever `read_ready` reports, waits t3.5,
///   and checks the line stayed quiet (anything received during the wait restarts it); then
///   writes the whole frame, flushes, and starts the reply deadline
///   [`RtuTiming::reply_timeout_ns`].
/// * [`receive`](SerialLink::receive) reads whatever is ready into the buffer, sleeping one
///   poll interval whenever nothing is, until the buffer is full or the deadline has been slept
///   away. It never asks for more bytes than the buffer still needs, so bytes of a following
///   frame stay in the stream.
///
/// Time is counted as the sum of the delays slept, so it never runs faster than the real clock.
/// Stream errors on a reply are [`LinkError::Bus`]; on stale input they are discarded with it.
/// Writing is blocking, as embedded-io's `Write` is; a stream whose `write` returns `Ok(0)`
/// (which the trait forbids) is reported as [`LinkError::Timeout`] instead of panicking.
/// `read` returning `Ok(0)` (end of stream) counts as "nothing yet": the deadline ends the wait.
///
/// ```
/// # use schneider_em::{transport::io::IoUart, transport::RtuTiming, Meter, Model, Parity, Rtu, UnitId};
/// # fn demo<S, D>(stream: S, delay: D)
/// # where S: embedded_io::Read + embedded_io::Write + embedded_io::ReadReady,
/// #       D: embedded_hal::delay::DelayNs {
/// let link = IoUart::new(stream, delay, RtuTiming::new(9600, Parity::Even, 1));
/// let mut meter = Meter::new(Rtu::new(link), UnitId::new(1).unwrap(), Model::Em6400Ng);
/// # let _ = &mut meter; }
/// ```
#[derive(Debug)]
pub struct IoUart<S, D> {
    stream: S,
    delay: D,
    timing: RtuTiming,
    poll_ns: u32,
    /// What is left of the reply deadline set by the last `send`, in ns.
    remaining_ns: u64,
    /// Extra silence (ns) the next send keeps before talking: one turnaround allowance after a
    /// reply that did not complete, so a late reply is drained, not taken for the next answer.
    guard_ns: u64,
}

impl<S, D> IoUart<S, D>
where
    S: Read + Write + ReadReady,
    D: DelayNs,
{
    /// Wraps a stream already configured for `timing`'s baud rate and framing, and a delay.
    /// The poll interval is a quarter of a character time (at least 1 µs).
    pub fn new(stream: S, delay: D, timing: RtuTiming) -> Self {
        IoUart {
            stream,
            delay,
            timing,
            poll_ns: default_poll_ns(&timing),
            remaining_ns: 0,
            guard_ns: 0,
        }
    }

    /// Returns the link with another poll interval in ns (clamped to at least 1 ns): how long
    /// it sleeps whenever no reply byte is ready.
    pub fn with_poll_interval_ns(mut self, ns: u32) -> Self {
        self.poll_ns = ns.max(1);
        self
    }

    /// The poll interval in ns.
    pub const fn poll_interval_ns(&self) -> u32 {
        self.poll_ns
    }

    /// The line timing.
    pub const fn timing(&self) -> RtuTiming {
        self.timing
    }

    /// Uses another line timing from the next request on (after reconfiguring the stream).
    /// The poll interval is reset to a quarter of the new character time.
    pub fn set_timing(&mut self, timing: RtuTiming) {
        self.timing = timing;
        self.poll_ns = default_poll_ns(&timing);
    }

    /// The stream.
    pub fn stream(&mut self) -> &mut S {
        &mut self.stream
    }

    /// The delay.
    pub fn delay(&mut self) -> &mut D {
        &mut self.delay
    }

    /// Gives the stream and the delay back.
    pub fn free(self) -> (S, D) {
        (self.stream, self.delay)
    }

    /// Is anything (a byte or an error) waiting? Errors count as traffic.
    fn input_pending(&mut self) -> bool {
        self.stream.read_ready().unwrap_or(true)
    }

    /// Reads (some of) the pending input and throws it away, counting into `discarded`.
    fn discard(&mut self, discarded: &mut usize) {
        let mut scratch = [0u8; 64];
        let want = scratch.len().min(MAX_DISCARD.saturating_sub(*discarded));
        // End of stream and errors about stale bytes still count, so callers' loops end.
        *discarded += self.stream.read(&mut scratch[..want]).unwrap_or(0).max(1);
    }

    /// Discards stale input and waits until the line has been quiet for t3.5 — plus one
    /// turnaround allowance after a timeout, so a late reply is drained, not taken for the
    /// next answer.
    fn quiet_line(&mut self) {
        let mut discarded = 0;
        let mut silence = first_silence_ns(&self.timing, &mut self.guard_ns);
        loop {
            while discarded < MAX_DISCARD && self.input_pending() {
                self.discard(&mut discarded);
            }
            if discarded >= MAX_DISCARD {
                return;
            }
            delay_for(&mut self.delay, silence);
            silence = self.timing.t35_ns();
            if !self.input_pending() {
                return;
            }
            // Traffic during the silence: it was not silence; drain and wait again.
            self.discard(&mut discarded);
        }
    }

    /// Writes all of `frame` (embedded-io's `write_all`, without its panic on `Ok(0)`).
    fn write_frame(&mut self, mut frame: &[u8]) -> Result<(), LinkError<S::Error>> {
        while !frame.is_empty() {
            match self.stream.write(frame) {
                Ok(0) => return Err(LinkError::Timeout),
                Ok(n) => frame = frame.get(n..).unwrap_or(&[]),
                Err(e) => return Err(LinkError::Bus(e)),
            }
        }
        self.stream.flush().map_err(LinkError::Bus)
    }
}

impl<S, D> SerialLink for IoUart<S, D>
where
    S: Read + Write + ReadReady,
    D: DelayNs,
{
    type Error = <S as ErrorType>::Error;

    fn send(&mut self, frame: &[u8], reply_len: usize) -> Result<(), LinkError<Self::Error>> {
        // A send that fails leaves no reply to wait for.
        self.remaining_ns = 0;
        self.quiet_line();
        self.write_frame(frame)?;
        self.remaining_ns = self.timing.reply_timeout_ns(reply_len);
        Ok(())
    }

    fn receive(&mut self, buf: &mut [u8]) -> Result<(), LinkError<Self::Error>> {
        let mut filled = 0;
        while let Some(rest) = buf.get_mut(filled..).filter(|rest| !rest.is_empty()) {
            if self.stream.read_ready().map_err(LinkError::Bus)? {
                let n = self.stream.read(rest).map_err(LinkError::Bus)?;
                if n > 0 {
                    filled += n.min(rest.len());
                    continue;
                }
            }
            if self.remaining_ns == 0 {
                self.guard_ns = self.timing.late_reply_guard_ns();
                return Err(LinkError::Timeout);
            }
            let step = u64::from(self.poll_ns).min(self.remaining_ns);
            delay_for(&mut self.delay, step);
            self.remaining_ns -= step;
        }
        Ok(())
    }
}
