//! Async Modbus TCP and RTU-over-TCP clients on tokio (timeouts with `tokio::time`).

use std::io;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::{timeout_at, Instant};

use crate::address::{UnitId, WireAddress};
use crate::error::{Error, LinkError};
use crate::frame::mbap;
use crate::frame::ReadFunction;
use crate::transport::{AsyncSerialLink, AsyncTransport, RtuTiming};

fn drain(stream: &TcpStream) -> io::Result<()> {
    let mut scratch = [0u8; 512];
    loop {
        match stream.try_read(&mut scratch) {
            Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(_) => continue,
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => return Ok(()),
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

/// An async Modbus TCP client; the async twin of [`crate::transport::tcp::TcpTransport`].
#[derive(Debug)]
pub struct AsyncTcpTransport {
    addr: String,
    stream: Option<TcpStream>,
    timeout: Duration,
    transaction: u16,
    stale_skipped: u64,
}

impl AsyncTcpTransport {
    /// Connects to `addr`; `timeout` bounds the connect and each reply.
    pub async fn connect(addr: &str, timeout: Duration) -> io::Result<Self> {
        let mut t = AsyncTcpTransport {
            addr: addr.to_string(),
            stream: None,
            timeout,
            transaction: 0,
            stale_skipped: 0,
        };
        t.ensure().await?;
        Ok(t)
    }

    /// Replies skipped because their transaction id was not the one awaited.
    pub fn stale_replies_skipped(&self) -> u64 {
        self.stale_skipped
    }

    async fn ensure(&mut self) -> io::Result<()> {
        if self.stream.is_none() {
            let s = tokio::time::timeout(self.timeout, TcpStream::connect(&self.addr))
                .await
                .map_err(|_| io::Error::from(io::ErrorKind::TimedOut))??;
            s.set_nodelay(true)?;
            self.stream = Some(s);
        }
        Ok(())
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
        let deadline = Instant::now() + super::bounded(self.timeout);
        self.ensure().await.map_err(Error::Bus)?;
        let Some(stream) = self.stream.as_mut() else {
            return Err(Error::Bus(io::ErrorKind::NotConnected.into()));
        };
        let result: Result<(), Error<io::Error>> = async {
            drain(stream).map_err(Error::Bus)?;
            stream.write_all(&request).await.map_err(Error::Bus)?;
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
            self.stream = None;
        }
        result
    }
}

/// Async RTU frames through a transparent TCP gateway; wrap it in [`crate::Rtu`].
#[derive(Debug)]
pub struct AsyncRtuOverTcpLink {
    addr: String,
    stream: Option<TcpStream>,
    timing: RtuTiming,
    network_allowance: Duration,
    deadline: Instant,
    /// Until when input is drained before the next request (a late reply may still come).
    /// Set at send and cleared by a completed receive, so a cancelled receive still leaves
    /// the guard armed.
    guard_until: Option<Instant>,
}

impl AsyncRtuOverTcpLink {
    /// Connects to a gateway at `addr`.
    pub async fn connect(
        addr: &str,
        timing: RtuTiming,
        network_allowance: Duration,
    ) -> io::Result<Self> {
        let mut l = AsyncRtuOverTcpLink {
            addr: addr.to_string(),
            stream: None,
            timing,
            network_allowance,
            deadline: Instant::now(),
            guard_until: None,
        };
        l.ensure().await?;
        Ok(l)
    }

    async fn ensure(&mut self) -> io::Result<()> {
        if self.stream.is_none() {
            let limit = self.network_allowance.max(Duration::from_millis(100));
            let s = tokio::time::timeout(limit, TcpStream::connect(&self.addr))
                .await
                .map_err(|_| io::Error::from(io::ErrorKind::TimedOut))??;
            s.set_nodelay(true)?;
            self.stream = Some(s);
        }
        Ok(())
    }
}

impl AsyncSerialLink for AsyncRtuOverTcpLink {
    type Error = io::Error;

    async fn send(&mut self, frame: &[u8], reply_len: usize) -> Result<(), LinkError<io::Error>> {
        let timeout = Duration::from_nanos(
            self.timing.chars_ns(frame.len() as u64) + self.timing.reply_timeout_ns(reply_len),
        ) + self.network_allowance;
        self.ensure().await.map_err(LinkError::Bus)?;
        let Some(stream) = self.stream.as_mut() else {
            return Err(LinkError::Bus(io::ErrorKind::NotConnected.into()));
        };
        let until = self.guard_until.unwrap_or_else(Instant::now);
        let r = async {
            // Drain until the guard window has passed (a fixed window: traffic does not
            // extend it), then send.
            loop {
                drain(stream)?;
                let now = Instant::now();
                if now >= until {
                    break;
                }
                let _ = tokio::time::timeout_at(until, stream.readable()).await;
            }
            stream.write_all(frame).await
        }
        .await;
        if let Err(e) = r {
            self.stream = None;
            return Err(LinkError::Bus(e));
        }
        self.deadline = Instant::now() + super::bounded(timeout);
        self.guard_until =
            Some(self.deadline + Duration::from_nanos(self.timing.late_reply_guard_ns()));
        Ok(())
    }

    async fn receive(&mut self, buf: &mut [u8]) -> Result<(), LinkError<io::Error>> {
        let deadline = self.deadline;
        let Some(stream) = self.stream.as_mut() else {
            return Err(LinkError::Bus(io::ErrorKind::NotConnected.into()));
        };
        let r = read_exact_by(stream, buf, deadline).await;
        match r {
            Err(LinkError::Bus(_)) => self.stream = None,
            Err(LinkError::Timeout) => {
                self.guard_until =
                    Some(Instant::now() + Duration::from_nanos(self.timing.late_reply_guard_ns()))
            }
            Ok(()) => self.guard_until = None,
        }
        r
    }
}
