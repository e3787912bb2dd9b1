//! Blocking Modbus TCP (MBAP framing, transaction ids checked) and RTU-over-TCP (RTU frames
//! through a transparent gateway) clients.
//!
//! Both time replies and reconnect as [`TcpOptions`] describes: a connection the gateway closed
//! while idle is replaced before the request is sent, transparently; a connection that breaks
//! after the request went out fails that read only; failed connects back off. This module owns
//! the sockets; it does no framing beyond MBAP.

use std::io::{self, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::{Duration, Instant};

use crate::address::{UnitId, WireAddress};
use crate::error::{Error, LinkError};
use crate::frame::mbap;
use crate::frame::{Expectation, ReadFunction};
use crate::transport::net::Reconnect;
pub use crate::transport::net::TcpOptions;
use crate::transport::{RtuTiming, SerialLink, Transport};

/// The length of the RTU frame that carries a read request (what crosses the serial side).
const RTU_REQUEST_LEN: usize = 8;

fn connect_to(addr: &str, timeout: Duration) -> io::Result<TcpStream> {
    let mut last = None;
    for a in addr.to_socket_addrs()? {
        match TcpStream::connect_timeout(&a, timeout) {
            Ok(s) => {
                s.set_nodelay(true)?;
                // Requests are a few bytes; a peer that stops reading must not block us forever.
                s.set_write_timeout(Some(timeout.max(Duration::from_millis(1))))?;
                return Ok(s);
            }
            Err(e) => last = Some(e),
        }
    }
    Err(last.unwrap_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("cannot resolve {addr}"),
        )
    }))
}

fn is_timeout(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock
    )
}

/// Reads whatever is pending without waiting. `Ok(n)`: `n` bytes discarded; an error (or end
/// of stream) means the connection is gone.
fn discard_now(stream: &mut TcpStream) -> io::Result<usize> {
    let mut scratch = [0u8; 512];
    let mut total = 0;
    stream.set_nonblocking(true)?;
    let result = loop {
        match stream.read(&mut scratch) {
            Ok(0) => break Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => total += n,
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => break Ok(total),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => break Err(e),
        }
    };
    stream.set_nonblocking(false)?;
    result
}

/// One connection to a peer, opened when needed, with the reconnect backoff.
#[derive(Debug)]
struct Connection {
    addr: String,
    stream: Option<TcpStream>,
    reconnect: Reconnect,
}

impl Connection {
    fn new(addr: &str) -> Self {
        Connection {
            addr: addr.to_string(),
            stream: None,
            reconnect: Reconnect::default(),
        }
    }

    /// Opens a connection unless one is open; refused while the backoff runs.
    fn open(&mut self, options: &TcpOptions) -> io::Result<&mut TcpStream> {
        if self.stream.is_none() {
            self.reconnect.check(Instant::now())?;
            match connect_to(&self.addr, options.connect_timeout) {
                Ok(s) => {
                    self.reconnect.connected();
                    self.stream = Some(s);
                }
                Err(e) => {
                    self.reconnect.failed(Instant::now(), &e, options);
                    return Err(e);
                }
            }
        }
        Ok(self.stream.as_mut().expect("just opened"))
    }

    /// Discards pending input (stale replies); drops the connection if the peer has closed or
    /// reset it meanwhile. Returns the bytes discarded.
    fn discard_pending(&mut self) -> usize {
        let Some(stream) = self.stream.as_mut() else {
            return 0;
        };
        match discard_now(stream) {
            Ok(n) => n,
            Err(_) => {
                self.stream = None;
                0
            }
        }
    }

    /// Sends `request` once: on the open connection if it still stands, else on a fresh one.
    /// A write that fails on a reused connection sent nothing (the peer had reset it), so the
    /// request goes out on a fresh connection instead.
    fn send(&mut self, request: &[u8], options: &TcpOptions) -> io::Result<()> {
        self.discard_pending();
        let reused = self.stream.is_some();
        let first = self.open(options)?.write_all(request);
        let Err(e) = first else {
            return Ok(());
        };
        self.stream = None;
        if !reused {
            return Err(e);
        }
        let again = self.open(options)?.write_all(request);
        if again.is_err() {
            self.stream = None;
        }
        again
    }
}

/// A Modbus TCP client. Connects when needed and replaces a connection the peer closed while
/// idle (see [`TcpOptions`]); replies with a stale transaction id (late answers to timed-out
/// requests) are skipped.
#[derive(Debug)]
pub struct TcpTransport {
    conn: Connection,
    options: TcpOptions,
    transaction: u16,
    stale_skipped: u64,
}

impl TcpTransport {
    /// A client for `addr` (e.g. `"192.0.2.10:502"`) that connects on the first read: it can
    /// be created while the gateway is down. Name resolution also happens then.
    pub fn new(addr: &str, options: TcpOptions) -> Self {
        TcpTransport {
            conn: Connection::new(addr),
            options,
            transaction: 0,
            stale_skipped: 0,
        }
    }

    /// Connects to `addr` now, failing if that is not possible.
    pub fn connect_with(addr: &str, options: TcpOptions) -> io::Result<Self> {
        let mut t = Self::new(addr, options);
        t.conn.open(&options)?;
        Ok(t)
    }

    /// Connects to `addr` now, with [`TcpOptions::default`] (a 9600-baud 8E1 serial side
    /// behind the gateway) and `response_allowance` as the meter's response allowance: the
    /// request's and reply's wire time and the network allowance are added to it.
    pub fn connect(addr: &str, response_allowance: Duration) -> io::Result<Self> {
        Self::connect_with(
            addr,
            TcpOptions::default().with_response_allowance(response_allowance),
        )
    }

    /// The options in force.
    pub fn options(&self) -> &TcpOptions {
        &self.options
    }

    /// Changes the options (e.g. a measured response allowance).
    pub fn set_options(&mut self, options: TcpOptions) {
        self.options = options;
    }

    /// Whether a connection is open now.
    pub fn is_connected(&self) -> bool {
        self.conn.stream.is_some()
    }

    /// Replies skipped because their transaction id was not the one awaited.
    pub fn stale_replies_skipped(&self) -> u64 {
        self.stale_skipped
    }

    fn exchange(
        &mut self,
        request: &[u8],
        expect: &Expectation,
        transaction: u16,
        out: &mut [u16],
    ) -> Result<(), Error<io::Error>> {
        self.conn.send(request, &self.options).map_err(Error::Bus)?;
        let timeout = self
            .options
            .reply_timeout(RTU_REQUEST_LEN, expect.reply_len());
        let deadline = Instant::now() + super::bounded(timeout);
        let Some(stream) = self.conn.stream.as_mut() else {
            return Err(Error::Bus(io::ErrorKind::NotConnected.into()));
        };
        let mut skipped = 0;
        loop {
            let mut header = [0u8; mbap::HEADER_LEN];
            read_exact_by(stream, &mut header, deadline)?;
            let h = mbap::parse_header(&header)?;
            let mut pdu = [0u8; mbap::MAX_PDU_LEN];
            read_exact_by(stream, &mut pdu[..h.pdu_len], deadline)?;
            let Some(reply) = mbap::accept(&h, &pdu[..h.pdu_len], transaction, expect)? else {
                skipped += 1;
                continue;
            };
            self.stale_skipped += skipped;
            return super::conclude_reply(reply, out);
        }
    }
}

fn read_exact_by(
    stream: &mut TcpStream,
    buf: &mut [u8],
    deadline: Instant,
) -> Result<(), Error<io::Error>> {
    let mut filled = 0;
    while filled < buf.len() {
        let now = Instant::now();
        if now >= deadline {
            return Err(Error::Timeout);
        }
        stream
            .set_read_timeout(Some(deadline - now))
            .map_err(Error::Bus)?;
        match stream.read(&mut buf[filled..]) {
            Ok(0) => return Err(Error::Bus(io::ErrorKind::UnexpectedEof.into())),
            Ok(n) => filled += n,
            Err(e) if is_timeout(&e) => return Err(Error::Timeout),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(Error::Bus(e)),
        }
    }
    Ok(())
}

impl Transport for TcpTransport {
    type Error = io::Error;

    fn read_registers(
        &mut self,
        unit: UnitId,
        function: ReadFunction,
        start: WireAddress,
        out: &mut [u16],
    ) -> Result<(), Error<io::Error>> {
        self.transaction = self.transaction.wrapping_add(1);
        let transaction = self.transaction;
        let (request, expect) = mbap::read_request(transaction, unit, function, start, out.len())?;
        let result = self.exchange(&request, &expect, transaction, out);
        if matches!(result, Err(Error::Bus(_))) {
            // Broken after the request went out: this read fails, the next one reconnects.
            self.conn.stream = None;
        }
        result
    }
}

/// RTU frames through a transparent TCP gateway ("RTU over TCP"). Wrap it in
/// [`crate::Rtu`]. [`TcpOptions::serial`] describes the gateway's serial side: it sizes the
/// reply timeout and, unless [`TcpOptions::keep_serial_silence`] is off, the link keeps that
/// side's t3.5 silence before each request, as a serial master would.
#[derive(Debug)]
pub struct RtuOverTcpLink {
    conn: Connection,
    options: TcpOptions,
    deadline: Instant,
    /// Until when input is drained before the next request (a late reply may still come).
    guard_until: Option<Instant>,
    /// When the serial side was last busy, as far as we can tell: the last byte received, or
    /// the end of our last request on its wire.
    last_traffic: Option<Instant>,
    drained: u64,
}

impl RtuOverTcpLink {
    /// A link to the gateway at `addr` that connects on the first request: it can be created
    /// while the gateway is down. Name resolution also happens then.
    pub fn new(addr: &str, options: TcpOptions) -> Self {
        RtuOverTcpLink {
            conn: Connection::new(addr),
            options,
            deadline: Instant::now(),
            guard_until: None,
            last_traffic: None,
            drained: 0,
        }
    }

    /// Connects to the gateway at `addr` now, failing if that is not possible.
    pub fn connect_with(addr: &str, options: TcpOptions) -> io::Result<Self> {
        let mut l = Self::new(addr, options);
        l.conn.open(&options)?;
        Ok(l)
    }

    /// Connects to a gateway at `addr` now; `timing` describes its serial side (with the
    /// meter's response allowance) and `network_allowance` is added to every reply timeout.
    /// The other options are [`TcpOptions::new`]'s.
    pub fn connect(addr: &str, timing: RtuTiming, network_allowance: Duration) -> io::Result<Self> {
        Self::connect_with(
            addr,
            TcpOptions::new(timing).with_network_allowance(network_allowance),
        )
    }

    /// The options in force.
    pub fn options(&self) -> &TcpOptions {
        &self.options
    }

    /// Changes the options (e.g. a measured response allowance).
    pub fn set_options(&mut self, options: TcpOptions) {
        self.options = options;
    }

    /// Whether a connection is open now.
    pub fn is_connected(&self) -> bool {
        self.conn.stream.is_some()
    }

    /// Bytes discarded as stale before requests so far (late replies).
    pub fn drained_bytes(&self) -> u64 {
        self.drained
    }

    /// Drains input until the late-reply guard (a fixed window, not extended by traffic) and,
    /// if kept, the serial side's t3.5 since its last traffic have passed. Bounded to the
    /// guard plus one second, so a babbling gateway cannot block the master.
    fn wait_for_quiet(&mut self) {
        let t35 = Duration::from_nanos(self.options.serial.t35_ns());
        let now = Instant::now();
        let guard = self.guard_until.unwrap_or(now).max(now);
        let give_up = guard + Duration::from_secs(1);
        loop {
            let n = self.conn.discard_pending();
            let now = Instant::now();
            if n > 0 {
                self.drained += n as u64;
                self.last_traffic = Some(now);
            }
            let quiet_at = match (self.options.keep_serial_silence, self.last_traffic) {
                (true, Some(t)) => guard.max(t + t35),
                _ => guard,
            };
            if now >= quiet_at || now >= give_up {
                return;
            }
            std::thread::sleep((quiet_at - now).min(Duration::from_millis(2)));
        }
    }
}

impl SerialLink for RtuOverTcpLink {
    type Error = io::Error;

    fn send(&mut self, frame: &[u8], reply_len: usize) -> Result<(), LinkError<io::Error>> {
        self.wait_for_quiet();
        self.guard_until = None;
        self.conn
            .send(frame, &self.options)
            .map_err(LinkError::Bus)?;
        let now = Instant::now();
        let timing = self.options.serial;
        self.last_traffic = Some(now + Duration::from_nanos(timing.chars_ns(frame.len() as u64)));
        self.deadline = now + super::bounded(self.options.reply_timeout(frame.len(), reply_len));
        // Until a reply is received, a late one may still come: keep quiet for one more
        // allowance after the deadline before the next request.
        self.guard_until = Some(self.deadline + Duration::from_nanos(timing.late_reply_guard_ns()));
        Ok(())
    }

    fn receive(&mut self, buf: &mut [u8]) -> Result<(), LinkError<io::Error>> {
        let deadline = self.deadline;
        let guard = Duration::from_nanos(self.options.serial.late_reply_guard_ns());
        let Some(stream) = self.conn.stream.as_mut() else {
            return Err(LinkError::Bus(io::ErrorKind::NotConnected.into()));
        };
        let mut filled = 0;
        let broken = |e: io::Error| LinkError::Bus(e);
        while filled < buf.len() {
            let now = Instant::now();
            if now >= deadline {
                self.guard_until = Some(now + guard);
                return Err(LinkError::Timeout);
            }
            if let Err(e) = stream.set_read_timeout(Some(deadline - now)) {
                self.conn.stream = None;
                return Err(broken(e));
            }
            match stream.read(&mut buf[filled..]) {
                Ok(0) => {
                    self.conn.stream = None;
                    return Err(broken(io::ErrorKind::UnexpectedEof.into()));
                }
                Ok(n) => {
                    filled += n;
                    self.last_traffic = Some(Instant::now());
                }
                Err(e) if is_timeout(&e) => {
                    self.guard_until = Some(Instant::now() + guard);
                    return Err(LinkError::Timeout);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    self.conn.stream = None;
                    return Err(broken(e));
                }
            }
        }
        self.guard_until = None;
        Ok(())
    }
}
