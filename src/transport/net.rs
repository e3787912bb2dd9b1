//! What the TCP-based clients (blocking in `transport::tcp`, async in
//! `transport::tokio`) share: their options ([`TcpOptions`]) and the reconnect
//! bookkeeping (a capped exponential backoff). No I/O here: the clients do the connecting and
//! pass the clock in.

use std::io;
use std::time::{Duration, Instant};

use crate::map::Parity;
use crate::transport::RtuTiming;

/// How a TCP-based client (Modbus TCP or RTU over TCP, blocking or async) times replies and
/// reconnects.
///
/// # The reply timeout
///
/// The same rule as on a serial line, plus the network: from the end of sending a request, a
/// complete reply must arrive within
///
/// * the **response allowance** (`serial.turnaround_allowance_us`: how long the meter may take
///   to start answering), plus
/// * the **wire time** of the request and of the expected reply on the serial side behind the
///   gateway (at `serial.baud`, `serial.bits_per_char` bits per character), plus one t3.5, plus
/// * the **network allowance** (gateway and network latency).
///
/// See [`TcpOptions::reply_timeout`]. For a meter that speaks Modbus TCP itself there is no
/// serial side; the wire time then only adds a little slack.
///
/// # Reconnecting
///
/// A client connects when it needs a connection. Before each request it checks the open
/// connection (reading whatever is pending): a connection the peer has closed or reset while
/// idle is replaced by a fresh one and the request is sent there, transparently. A connection
/// that breaks after the request went out fails that read only; the next read reconnects.
/// When connecting fails, further attempts wait a backoff that starts at `reconnect_backoff`
/// and doubles up to `max_reconnect_backoff`; a read in that window fails at once with an
/// [`io::ErrorKind::NotConnected`] error saying "reconnect backoff: next attempt in N ms", so a
/// gateway that is down costs one connect timeout per backoff period, not one per request. A
/// successful connect resets the backoff.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct TcpOptions {
    /// The serial side behind the gateway (baud, character size) and the meter's response
    /// allowance.
    pub serial: RtuTiming,
    /// Added to every reply timeout for the network and the gateway.
    pub network_allowance: Duration,
    /// Bounds each connect attempt.
    pub connect_timeout: Duration,
    /// The wait after the first failed connect attempt; it doubles with each further failure.
    pub reconnect_backoff: Duration,
    /// The longest wait between connect attempts.
    pub max_reconnect_backoff: Duration,
    /// RTU over TCP only: keep the serial side's t3.5 silence (since the last byte received
    /// and since the end of the last request on the wire) before sending a request, so a
    /// gateway that forwards bytes as they come cannot merge two requests on the RS-485 side.
    /// On by default.
    pub keep_serial_silence: bool,
}

impl TcpOptions {
    /// Default network allowance: 50 ms.
    pub const DEFAULT_NETWORK_ALLOWANCE: Duration = Duration::from_millis(50);
    /// Default connect timeout: 1 s.
    pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(1);
    /// Default first reconnect backoff: 250 ms.
    pub const DEFAULT_RECONNECT_BACKOFF: Duration = Duration::from_millis(250);
    /// Default longest reconnect backoff: 10 s.
    pub const DEFAULT_MAX_RECONNECT_BACKOFF: Duration = Duration::from_secs(10);

    /// Options for a gateway whose serial side has `serial` timing, with the default network
    /// allowance, connect timeout and backoff, keeping the serial silence.
    pub const fn new(serial: RtuTiming) -> Self {
        TcpOptions {
            serial,
            network_allowance: Self::DEFAULT_NETWORK_ALLOWANCE,
            connect_timeout: Self::DEFAULT_CONNECT_TIMEOUT,
            reconnect_backoff: Self::DEFAULT_RECONNECT_BACKOFF,
            max_reconnect_backoff: Self::DEFAULT_MAX_RECONNECT_BACKOFF,
            keep_serial_silence: true,
        }
    }

    /// Returns a copy with another meter response allowance (the serial timing's turnaround
    /// allowance).
    pub fn with_response_allowance(mut self, allowance: Duration) -> Self {
        let us = allowance.as_micros().min(u128::from(u32::MAX)) as u32;
        self.serial = self.serial.with_turnaround_allowance_us(us);
        self
    }

    /// Returns a copy with another network allowance.
    pub const fn with_network_allowance(mut self, allowance: Duration) -> Self {
        self.network_allowance = allowance;
        self
    }

    /// Returns a copy with another connect timeout.
    pub const fn with_connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Returns a copy with another reconnect backoff: `first` after the first failure,
    /// doubling up to `max`.
    pub const fn with_reconnect_backoff(mut self, first: Duration, max: Duration) -> Self {
        self.reconnect_backoff = first;
        self.max_reconnect_backoff = max;
        self
    }

    /// Returns a copy that keeps (or not) the serial side's t3.5 silence before each request
    /// (RTU over TCP only).
    pub const fn with_serial_silence(mut self, keep: bool) -> Self {
        self.keep_serial_silence = keep;
        self
    }

    /// The reply timeout for a request of `request_rtu_len` bytes and an expected reply of
    /// `reply_rtu_len` bytes, both as RTU frames on the serial side: response allowance +
    /// wire time of both + t3.5 + network allowance (see the type's documentation).
    pub fn reply_timeout(&self, request_rtu_len: usize, reply_rtu_len: usize) -> Duration {
        Duration::from_nanos(
            self.serial.chars_ns(request_rtu_len as u64)
                + self.serial.reply_timeout_ns(reply_rtu_len),
        ) + self.network_allowance
    }
}

impl Default for TcpOptions {
    /// A 9600-baud 8E1 serial side (the meters' factory setting) with the default response
    /// allowance.
    fn default() -> Self {
        TcpOptions::new(RtuTiming::new(9600, Parity::Even, 1))
    }
}

/// Connect attempts and their backoff (pure bookkeeping; the clock is passed in).
#[derive(Debug, Default)]
pub(crate) struct Reconnect {
    failures: u32,
    next_attempt: Option<Instant>,
    last_error: Option<io::ErrorKind>,
}

impl Reconnect {
    /// Whether a connect attempt may be made now; if not, the error to report.
    pub(crate) fn check(&self, now: Instant) -> io::Result<()> {
        match self.next_attempt {
            Some(at) if now < at => {
                let ms = (at - now).as_millis().max(1);
                let last = self
                    .last_error
                    .map(|k| format!(" (last attempt: {})", io::Error::from(k)))
                    .unwrap_or_default();
                Err(io::Error::new(
                    io::ErrorKind::NotConnected,
                    format!("reconnect backoff: next attempt in {ms} ms{last}"),
                ))
            }
            _ => Ok(()),
        }
    }

    /// A connect attempt failed at `now`.
    pub(crate) fn failed(&mut self, now: Instant, error: &io::Error, options: &TcpOptions) {
        let doublings = self.failures.min(30);
        self.failures = self.failures.saturating_add(1);
        let wait = options
            .reconnect_backoff
            .saturating_mul(1u32 << doublings)
            .min(options.max_reconnect_backoff);
        self.next_attempt = Some(now + super::bounded(wait));
        self.last_error = Some(error.kind());
    }

    /// A connect attempt succeeded.
    pub(crate) fn connected(&mut self) {
        *self = Reconnect::default();
    }
}
