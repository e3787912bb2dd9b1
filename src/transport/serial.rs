//! Blocking serial ports (USB–RS-485 adapters, ptys) through the `serialport` crate.
//!
//! The link owns time: before each request it discards stale input and waits until the line
//! has been silent for t3.5; after a reply timeout it waits for one more turnaround allowance
//! of silence, so a reply that arrives up to that late is drained rather than colliding with,
//! or being taken for, the next answer. Each reply must complete within a timeout derived from
//! the baud rate, the expected reply length and a turnaround allowance.

use std::io::{self, Read, Write};
use std::time::{Duration, Instant};

use crate::error::LinkError;
use crate::map::Parity;
use crate::transport::{RtuTiming, SerialLink};

/// Serial settings for [`SerialPortLink::open`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SerialSettings {
    /// Baud rate.
    pub baud: u32,
    /// Parity (use `None` on ptys, which cannot carry parity).
    pub parity: Parity,
    /// Stop bits, 1 or 2.
    pub stop_bits: u8,
}

impl SerialSettings {
    /// 8E1 at `baud` (the meters' factory framing).
    pub const fn new(baud: u32) -> Self {
        SerialSettings {
            baud,
            parity: Parity::Even,
            stop_bits: 1,
        }
    }

    /// The RTU timing of these settings, with the default turnaround allowance.
    pub const fn timing(&self) -> RtuTiming {
        RtuTiming::new(self.baud, self.parity, self.stop_bits)
    }
}

/// An RTU serial link over a `serialport` port.
pub struct SerialPortLink {
    port: Box<dyn serialport::SerialPort>,
    timing: RtuTiming,
    last_activity: Instant,
    deadline: Instant,
    drained: u64,
    sent_at: Option<Instant>,
    first_byte_latency: Option<Duration>,
    /// Until when the line is kept quiet after a request whose reply did not (yet) complete.
    guard_until: Option<Instant>,
}

impl core::fmt::Debug for SerialPortLink {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("SerialPortLink")
            .field("port", &self.port.name())
            .field("timing", &self.timing)
            .finish()
    }
}

impl SerialPortLink {
    /// Opens `path` with 8 data bits and the given settings.
    pub fn open(path: &str, settings: SerialSettings) -> Result<Self, serialport::Error> {
        let parity = match settings.parity {
            Parity::None => serialport::Parity::None,
            Parity::Even => serialport::Parity::Even,
            Parity::Odd => serialport::Parity::Odd,
        };
        let stop = if settings.stop_bits == 2 {
            serialport::StopBits::Two
        } else {
            serialport::StopBits::One
        };
        let port = serialport::new(path, settings.baud)
            .data_bits(serialport::DataBits::Eight)
            .parity(parity)
            .stop_bits(stop)
            .flow_control(serialport::FlowControl::None)
            .timeout(Duration::from_millis(10))
            .open()?;
        Ok(Self::from_port(port, settings.timing()))
    }

    /// Wraps an already open port (e.g. one end of `serialport::TTYPort::pair()`).
    pub fn from_port(port: Box<dyn serialport::SerialPort>, timing: RtuTiming) -> Self {
        let now = Instant::now();
        SerialPortLink {
            port,
            timing,
            last_activity: now,
            deadline: now,
            drained: 0,
            sent_at: None,
            first_byte_latency: None,
            guard_until: None,
        }
    }

    /// The timing in force.
    pub fn timing(&self) -> RtuTiming {
        self.timing
    }

    /// Changes the timing (e.g. a measured turnaround allowance).
    pub fn set_timing(&mut self, timing: RtuTiming) {
        self.timing = timing;
    }

    /// Bytes discarded as stale before requests so far (late replies, line noise).
    pub fn drained_bytes(&self) -> u64 {
        self.drained
    }

    /// Time from the end of the last request's `write` to the first byte of its reply: the
    /// meter's turnaround plus, on a real line, the request's own time on the wire.
    pub fn first_byte_latency(&self) -> Option<Duration> {
        self.first_byte_latency
    }

    /// The port.
    pub fn port(&mut self) -> &mut dyn serialport::SerialPort {
        self.port.as_mut()
    }

    fn t35(&self) -> Duration {
        Duration::from_nanos(self.timing.t35_ns())
    }

    /// A reply timed out: keep the line quiet for one turnaround allowance from now before the
    /// next request, so a late reply is drained rather than taken for the next answer.
    fn timed_out(&mut self) -> LinkError<io::Error> {
        self.guard_until =
            Some(Instant::now() + Duration::from_nanos(self.timing.late_reply_guard_ns()));
        LinkError::Timeout
    }

    /// Discards input until the line has been quiet for t3.5 and the late-reply guard (if any)
    /// has passed. The guard is a fixed window, not restarted by noise; the whole wait is
    /// bounded to the guard plus one second, so a babbling line cannot block the master.
    fn wait_for_silence(&mut self) -> io::Result<()> {
        let now = Instant::now();
        let guard = self.guard_until.unwrap_or(now).max(now);
        let give_up = guard + Duration::from_secs(1);
        let mut scratch = [0u8; 256];
        loop {
            let quiet_at = (self.last_activity + self.t35()).max(guard);
            let now = Instant::now();
            if now >= give_up {
                return Ok(());
            }
            let pending = self.port.bytes_to_read().map_err(io::Error::from)?;
            if pending > 0 {
                self.port
                    .set_timeout(Duration::from_millis(1))
                    .map_err(io::Error::from)?;
                match self.port.read(&mut scratch) {
                    Ok(n) => {
                        self.drained += n as u64;
                        self.last_activity = Instant::now();
                    }
                    Err(e) if e.kind() == io::ErrorKind::TimedOut => {}
                    Err(e) => return Err(e),
                }
                continue;
            }
            if now >= quiet_at {
                return Ok(());
            }
            std::thread::sleep((quiet_at - now).min(Duration::from_millis(2)));
        }
    }
}

impl SerialLink for SerialPortLink {
    type Error = io::Error;

    fn send(&mut self, frame: &[u8], reply_len: usize) -> Result<(), LinkError<io::Error>> {
        self.wait_for_silence().map_err(LinkError::Bus)?;
        self.guard_until = None;
        self.port
            .clear(serialport::ClearBuffer::Input)
            .map_err(|e| LinkError::Bus(e.into()))?;
        self.port.write_all(frame).map_err(LinkError::Bus)?;
        self.port.flush().map_err(LinkError::Bus)?;
        let now = Instant::now();
        self.sent_at = Some(now);
        self.first_byte_latency = None;
        // The write may return before the bytes are on the wire: count their time too.
        let on_wire = Duration::from_nanos(self.timing.chars_ns(frame.len() as u64));
        self.last_activity = now + on_wire;
        self.deadline =
            now + on_wire + Duration::from_nanos(self.timing.reply_timeout_ns(reply_len));
        // Until a reply is received, a late one may still come: keep the line quiet for one
        // more allowance after the deadline before the next request.
        self.guard_until =
            Some(self.deadline + Duration::from_nanos(self.timing.late_reply_guard_ns()));
        Ok(())
    }

    fn receive(&mut self, buf: &mut [u8]) -> Result<(), LinkError<io::Error>> {
        let mut filled = 0;
        while filled < buf.len() {
            let now = Instant::now();
            if now >= self.deadline {
                return Err(self.timed_out());
            }
            self.port
                .set_timeout(self.deadline - now)
                .map_err(|e| LinkError::Bus(e.into()))?;
            match self.port.read(&mut buf[filled..]) {
                Ok(0) => {}
                Ok(n) => {
                    filled += n;
                    self.last_activity = Instant::now();
                    if let (Some(sent), None) = (self.sent_at, self.first_byte_latency) {
                        self.first_byte_latency = Some(self.last_activity - sent);
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::TimedOut => return Err(self.timed_out()),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(LinkError::Bus(e)),
            }
        }
        // The reply came: no late reply to guard against.
        self.guard_until = None;
        Ok(())
    }
}
