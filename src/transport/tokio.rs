//! Async Modbus TCP and RTU-over-TCP clients on tokio (timeouts with `tokio::time`): the async
//! twins of `transport::tcp`, with the same timing and reconnect rules
//! ([`TcpOptions`]). This module owns the sockets; it does no framing beyond MBAP.

use std::io;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::{timeout_at, Instant};

use crate::address::{UnitId, WireAddress};
use crate::error::{Error, LinkError};
use crate::frame::mbap;
use crate::frame::ReadFunction;
use crate::transport::net::Reconnect;
pub use crate::transport::net::TcpOptions;
use crate::transport::{AsyncSerialLink, AsyncTransport, RtuTiming};

/// The length of the RTU frame that carries a read request (what crosses the serial side).
const RTU_REQUEST_LEN: usize = 8;

/// Reads whatever is pending without waiting. `Ok(n)`: `n` bytes discarded; an error (or end
/// of stream) means the connection is gone.
fn discard_now(stream: &TcpStream) -> io::Result<usize> {
    let mut scratch = [0u8; 512];
    let mut total = 0;
    loop {
        match stream.try_read(&mut scratch) {
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => total += n,
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Ok(total),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

async fn read_exact_by(
    stream: &mut TcpStream,
    buf: &mut [u8],
    deadline: Instant,
) -> Result<(), LinkError<io::Error>> {
    match timeout_at(deadline, stream.read_exact(buf)).await {
        Err(_) => Err(LinkError::Timeout),
        Ok(Err(e)) => Err(LinkError::Bus(e)),
        Ok(Ok(_)) => Ok(()),
    }
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
    async fn open(&mut self, options: &TcpOptions) -> io::Result<&mut TcpStream> {
        if self.stream.is_none() {
            self.reconnect.check(std::time::Instant::now())?;
            let attempt = async {
                let s =
                    tokio::time::timeout(options.connect_timeout, TcpStream::connect(&self.addr))
                        .await
                        .map_err(|_| io::Error::from(io::ErrorKind::TimedOut))??;
                s.set_nodelay(true)?;
                Ok::<_, io::Error>(s)
            }
            .await;
            match attempt {
                Ok(s) => {
                    self.reconnect.connected();
                    self.stream = Some(s);
                }
                Err(e) => {
                    self.reconnect
                        .failed(std::time::Instant::now(), &e, options);
                    return Err(e);
                }
            }
        }
        Ok(self.stream.as_mut().expect("just opened"))
    }

    /// Discards pending input (stale replies); drops the connection if the peer has closed or
    /// reset it meanwhile. Returns the bytes discarded.
    fn discard_pending(&mut self) -> usize {
        let Some(stream) = self.stream.as_ref() else {
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

    /// Sends `request` once: on the open connection if it still stands, else on a fresh one
    /// (see the blocking twin).
    async fn send(&mut self, request: &[u8], options: &TcpOptions) -> io::Result<()> {
        self.discard_pending();
        let reused = self.stream.is_some();
        let limit = options.connect_timeout.max(Duration::from_millis(1));
        let first = write_by(self.open(options).await?, request, limit).await;
        let Err(e) = first else {
            return Ok(());
        };
        self.stream = None;
        if !reused {
            return Err(e);
        }
        let again = write_by(self.open(options).await?, request, limit).await;
        if again.is_err() {
            self.stream = None;
        }
        again
    }
}

/// Writes all of `bytes`; a peer that stops reading must not block us forever.
async fn write_by(stream: &mut TcpStream, bytes: &[u8], limit: Duration) -> io::Result<()> {
    tokio::time::timeout(limit, stream.write_all(bytes))
        .await
        .map_err(|_| io::Error::from(io::ErrorKind::TimedOut))?
}

/// An async Modbus TCP client; the async twin of `transport::tcp::TcpTransport`.
#[derive(Debug)]
pub struct AsyncTcpTransport {
    conn: Connection,
    options: TcpOptions,
    transaction: u16,
    stale_skipped: u64,
}

impl AsyncTcpTransport {
    /// A client for `addr` that connects on the first read: it can be created while the
    /// gateway is down. No I/O here (name resolution also happens at the first read).
    pub fn new(addr: &str, options: TcpOptions) -> Self {
        AsyncTcpTransport {
            conn: Connection::new(addr),
            options,
            transaction: 0,
            stale_skipped: 0,
        }
    }

    /// Connects to `addr` now, failing if that is not possible.
    pub async fn connect_with(addr: &str, options: TcpOptions) -> io::Result<Self> {
        let mut t = Self::new(addr, options);
        t.conn.open(&options).await?;
        Ok(t)
    }

    /// Connects to `addr` now, with [`TcpOptions::default`] and `response_allowance` as the
    /// meter's response allowance (as `transport::tcp::TcpTransport::connect`).
    pub async fn connect(addr: &str, response_allowance: Duration) -> io::Result<Self> {
        Self::connect_with(
            addr,
            TcpOptions::default().with_response_allowance(response_allowance),
        )
        .await
    }

    /// The options in force.
    pub fn options(&self) -> &TcpOptions {
        &self.options
    }

    /// Changes the options.
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
}

impl AsyncTransport for AsyncTcpTransport {
    type Error = io::Error;

    async fn read_registers(
        &mut self,
        unit: UnitId,
        function: ReadFunction,
        start: WireAddress,
        out: &mut [u16],
    ) -> Result<(), Error<io::Error>> {
        self.transaction = self.transaction.wrapping_add(1);
        let transaction = self.transaction;
        let (request, expect) = mbap::read_request(transaction, unit, function, start, out.len())?;
        self.conn
            .send(&request, &self.options)
            .await
            .map_err(Error::Bus)?;
        let timeout = self
            .options
            .reply_timeout(RTU_REQUEST_LEN, expect.reply_len());
        let deadline = Instant::now() + super::bounded(timeout);
        let Some(stream) = self.conn.stream.as_mut() else {
            return Err(Error::Bus(io::ErrorKind::NotConnected.into()));
        };
        let result: Result<(), Error<io::Error>> = async {
            loop {
                let mut header = [0u8; mbap::HEADER_LEN];
                read_exact_by(stream, &mut header, deadline).await?;
                let h = mbap::parse_header(&header)?;
                let mut pdu = [0u8; mbap::MAX_PDU_LEN];
                read_exact_by(stream, &mut pdu[..h.pdu_len], deadline).await?;
                let Some(reply) = mbap::accept(&h, &pdu[..h.pdu_len], transaction, &expect)? else {
                    self.stale_skipped += 1;
                    continue;
                };
                return super::conclude_reply(reply, out);
            }
        }
        .await;
        if matches!(result, Err(Error::Bus(_))) {
            // Broken after the request went out: this read fails, the next one reconnects.
            self.conn.stream = None;
        }
        result
    }
}

/// Async RTU frames through a transparent TCP gateway; wrap it in [`crate::Rtu`]. The async
/// twin of `transport::tcp::RtuOverTcpLink`, keeping the serial side's silence the
/// same way.
#[derive(Debug)]
pub struct AsyncRtuOverTcpLink {
    conn: Connection,
    options: TcpOptions,
    deadline: Instant,
    /// Until when input is drained before the next request (a late reply may still come).
    /// Set at send and cleared by a completed receive, so a cancelled receive still leaves
    /// the guard armed.
    guard_until: Option<Instant>,
    /// When the serial side was last busy, as far as we can tell: the last byte received, or
    /// the end of our last request on its wire.
    last_traffic: Option<Instant>,
    drained: u64,
}

impl AsyncRtuOverTcpLink {
    /// A link to the gateway at `addr` that connects on the first request: it can be created
    /// while the gateway is down. No I/O here.
    pub fn new(addr: &str, options: TcpOptions) -> Self {
        AsyncRtuOverTcpLink {
            conn: Connection::new(addr),
            options,
            deadline: Instant::now(),
            guard_until: None,
            last_traffic: None,
            drained: 0,
        }
    }

    /// Connects to the gateway at `addr` now, failing if that is not possible.
    pub async fn connect_with(addr: &str, options: TcpOptions) -> io::Result<Self> {
        let mut l = Self::new(addr, options);
        l.conn.open(&options).await?;
        Ok(l)
    }

    /// Connects to a gateway at `addr` now; `timing` describes its serial side and
    /// `network_allowance` is added to every reply timeout (as
    /// `transport::tcp::RtuOverTcpLink::connect`).
    pub async fn connect(
        addr: &str,
        timing: RtuTiming,
        network_allowance: Duration,
    ) -> io::Result<Self> {
        Self::connect_with(
            addr,
            TcpOptions::new(timing).with_network_allowance(network_allowance),
        )
        .await
    }

    /// The options in force.
    pub fn options(&self) -> &TcpOptions {
        &self.options
    }

    /// Changes the options.
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

    /// As the blocking twin: drains until the late-reply guard and, if kept, the serial side's
    /// t3.5 since its last traffic have passed; bounded to the guard plus one second.
    async fn wait_for_quiet(&mut self) {
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
            let until = quiet_at.min(give_up);
            match self.conn.stream.as_ref() {
                Some(s) => {
                    let _ = timeout_at(until, s.readable()).await;
                }
                None => tokio::time::sleep_until(until).await,
            }
        }
    }
}

impl AsyncSerialLink for AsyncRtuOverTcpLink {
    type Error = io::Error;

    async fn send(&mut self, frame: &[u8], reply_len: usize) -> Result<(), LinkError<io::Error>> {
        self.wait_for_quiet().await;
        self.conn
            .send(frame, &self.options)
            .await
            .map_err(LinkError::Bus)?;
        let now = Instant::now();
        let timing = self.options.serial;
        self.last_traffic = Some(now + Duration::from_nanos(timing.chars_ns(frame.len() as u64)));
        self.deadline = now + super::bounded(self.options.reply_timeout(frame.len(), reply_len));
        self.guard_until = Some(self.deadline + Duration::from_nanos(timing.late_reply_guard_ns()));
        Ok(())
    }

    async fn receive(&mut self, buf: &mut [u8]) -> Result<(), LinkError<io::Error>> {
        let deadline = self.deadline;
        let Some(stream) = self.conn.stream.as_mut() else {
            return Err(LinkError::Bus(io::ErrorKind::NotConnected.into()));
        };
        let r = read_exact_by(stream, buf, deadline).await;
        match r {
            Err(LinkError::Bus(_)) => self.conn.stream = None,
            Err(LinkError::Timeout) => {
                self.guard_until = Some(
                    Instant::now()
                        + Duration::from_nanos(self.options.serial.late_reply_guard_ns()),
                )
            }
            Ok(()) => {
                self.guard_until = None;
                self.last_traffic = Some(Instant::now());
            }
        }
        r
    }
}
