//! A [`SerialLink`] over a byte-polled UART (embedded-hal-nb 1.0 `serial::Read` + `Write`)
//! with an embedded-hal [`DelayNs`] as the only clock.
//!
//! This module owns the RTU timing for such UARTs: discarding stale input, the t3.5 silence
//! before a request, and the reply deadline. It knows nothing about Modbus frames — [`Rtu`]
//! does that — and never spins without a bound: every wait is counted in delay time.
//!
//! [`Rtu`]: crate::transport::Rtu

use embedded_hal::delay::DelayNs;
use embedded_hal_nb::nb;
use embedded_hal_nb::serial::{ErrorType, Read, Write};

use crate::error::LinkError;
use crate::transport::embedded::{default_poll_ns, delay_for, first_silence_ns, MAX_DISCARD};
use crate::transport::{RtuTiming, SerialLink};

/// An RTU serial link over a polled UART and a delay.
///
/// * [`send`](SerialLink::send) reads and discards whatever is waiting, waits t3.5, and checks
///   the line stayed quiet (any byte during the wait restarts it); then writes the frame byte by
///   byte, flushes (so the last stop bit has left the wire), and starts the reply deadline
///   [`RtuTiming::reply_timeout_ns`].
/// * [`receive`](SerialLink::receive) polls `read()`, sleeping one poll interval on each
///   `WouldBlock`, until the buffer is full or the deadline has been slept away.
///
/// Time is counted as the sum of the delays slept, so it never runs faster than the real clock;
/// time spent in the UART calls themselves only makes the deadline later, never earlier.
/// Receive errors (overrun, framing, parity, noise) on a reply are reported as
/// [`LinkError::Bus`]; on stale input they are discarded with it.
///
/// The link does not drive an RS-485 driver-enable pin: use a transceiver with automatic
/// direction control, or a UART wrapper that raises DE on `write` and drops it once `flush`
/// returns `Ok`.
///
/// ```
/// # use schneider_em::{transport::nb::NbUart, transport::RtuTiming, Meter, Model, Parity, Rtu, UnitId};
/// # fn demo<U, D>(uart: U, delay: D)
/// # where U: embedded_hal_nb::serial::Read<u8> + embedded_hal_nb::serial::Write<u8>,
/// #       D: embedded_hal::delay::DelayNs {
/// let link = NbUart::new(uart, delay, RtuTiming::new(9600, Parity::Even, 1));
/// let mut meter = Meter::new(Rtu::new(link), UnitId::new(1).unwrap(), Model::Em6400Ng);
/// # let _ = &mut meter; }
/// ```
#[derive(Debug)]
pub struct NbUart<U, D> {
    uart: U,
    delay: D,
    timing: RtuTiming,
    poll_ns: u32,
    /// What is left of the reply deadline set by the last `send`, in ns.
    remaining_ns: u64,
    /// Extra silence (ns) the next send keeps before talking: one turnaround allowance after a
    /// reply that did not complete, so a late reply is drained, not taken for the next answer.
    guard_ns: u64,
}

impl<U, D> NbUart<U, D>
where
    U: Read<u8> + Write<u8>,
    D: DelayNs,
{
    /// Wraps a UART already configured for `timing`'s baud rate and framing, and a delay.
    /// The poll interval is a quarter of a character time (at least 1 µs).
    pub fn new(uart: U, delay: D, timing: RtuTiming) -> Self {
        NbUart {
            uart,
            delay,
            timing,
            poll_ns: default_poll_ns(&timing),
            remaining_ns: 0,
            guard_ns: 0,
        }
    }

    /// Returns the link with another poll interval in ns (clamped to at least 1 ns): how long
    /// it sleeps after each `WouldBlock` while waiting for reply bytes or for the UART to accept
    /// output. Shorter means lower latency and more CPU time spent polling.
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

    /// Uses another line timing from the next request on (after reconfiguring the UART).
    /// The poll interval is reset to a quarter of the new character time.
    pub fn set_timing(&mut self, timing: RtuTiming) {
        self.timing = timing;
        self.poll_ns = default_poll_ns(&timing);
    }

    /// The UART.
    pub fn uart(&mut self) -> &mut U {
        &mut self.uart
    }

    /// The delay.
    pub fn delay(&mut self) -> &mut D {
        &mut self.delay
    }

    /// Gives the UART and the delay back.
    pub fn free(self) -> (U, D) {
        (self.uart, self.delay)
    }

    /// Reads until `WouldBlock`, counting into `discarded`; stops at [`MAX_DISCARD`].
    fn drain(&mut self, discarded: &mut usize) {
        while *discarded < MAX_DISCARD {
            match self.uart.read() {
                Err(nb::Error::WouldBlock) => return,
                // A stale byte, or a receive error about stale bytes: both are traffic
                // nobody is waiting for.
                Ok(_) | Err(nb::Error::Other(_)) => *discarded += 1,
            }
        }
    }

    /// Discards stale input and waits until the line has been quiet for t3.5 — plus one
    /// turnaround allowance after a timeout, so a late reply is drained, not taken for the
    /// next answer.
    fn quiet_line(&mut self) {
        let mut discarded = 0;
        let mut silence = first_silence_ns(&self.timing, &mut self.guard_ns);
        loop {
            self.drain(&mut discarded);
            if discarded >= MAX_DISCARD {
                return;
            }
            delay_for(&mut self.delay, silence);
            silence = self.timing.t35_ns();
            match self.uart.read() {
                Err(nb::Error::WouldBlock) => return,
                // Traffic during the silence: it was not silence; drain and wait again.
                Ok(_) | Err(nb::Error::Other(_)) => discarded += 1,
            }
        }
    }

    /// Retries `op` on `WouldBlock`, sleeping one poll interval each time, until `budget_ns`
    /// is used up.
    fn retry(
        &mut self,
        budget_ns: &mut u64,
        mut op: impl FnMut(&mut U) -> nb::Result<(), <U as ErrorType>::Error>,
    ) -> Result<(), LinkError<<U as ErrorType>::Error>> {
        loop {
            match op(&mut self.uart) {
                Ok(()) => return Ok(()),
                Err(nb::Error::Other(e)) => return Err(LinkError::Bus(e)),
                Err(nb::Error::WouldBlock) => {
                    if *budget_ns == 0 {
                        return Err(LinkError::Timeout);
                    }
                    let step = u64::from(self.poll_ns).min(*budget_ns);
                    delay_for(&mut self.delay, step);
                    *budget_ns -= step;
                }
            }
        }
    }
}

impl<U, D> SerialLink for NbUart<U, D>
where
    U: Read<u8> + Write<u8>,
    D: DelayNs,
{
    type Error = <U as ErrorType>::Error;

    fn send(&mut self, frame: &[u8], reply_len: usize) -> Result<(), LinkError<Self::Error>> {
        // A send that fails leaves no reply to wait for.
        self.remaining_ns = 0;
        self.quiet_line();
        // A UART that does not take the frame (and its flush) within as long as a reply of the
        // same size would be given has stalled (e.g. held by flow control): time out rather
        // than hang.
        let mut budget = self.timing.reply_timeout_ns(frame.len());
        let mut written = Ok(());
        for &byte in frame {
            written = self.retry(&mut budget, |uart| uart.write(byte));
            if written.is_err() {
                break;
            }
        }
        if written.is_ok() {
            written = self.retry(&mut budget, |uart| uart.flush());
        }
        if let Err(e) = written {
            // Part of the frame may be on the wire and a meter may still answer it.
            if matches!(e, LinkError::Timeout) {
                self.guard_ns = self.timing.late_reply_guard_ns();
            }
            return Err(e);
        }
        self.remaining_ns = self.timing.reply_timeout_ns(reply_len);
        Ok(())
    }

    fn receive(&mut self, buf: &mut [u8]) -> Result<(), LinkError<Self::Error>> {
        for slot in buf.iter_mut() {
            *slot = loop {
                match self.uart.read() {
                    Ok(byte) => break byte,
                    Err(nb::Error::Other(e)) => return Err(LinkError::Bus(e)),
                    Err(nb::Error::WouldBlock) => {
                        if self.remaining_ns == 0 {
                            self.guard_ns = self.timing.late_reply_guard_ns();
                            return Err(LinkError::Timeout);
                        }
                        let step = u64::from(self.poll_ns).min(self.remaining_ns);
                        delay_for(&mut self.delay, step);
                        self.remaining_ns -= step;
                    }
                }
            };
        }
        Ok(())
    }
}
