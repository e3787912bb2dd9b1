//! Blocking Modbus TCP (MBAP framing, transaction ids checked) and RTU-over-TCP (RTU frames
//! through a transparent gateway) clients.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::time::{Duration, Instant};

use crate::address::{UnitId, WireAddress};
use crate::error::{Error, LinkError};
use crate::frame::mbap;
use crate::frame::{Expectation, ReadFunction};
use crate::transport::{RtuTiming, SerialLink, Transport};

fn resolve(addr: &str) -> io::Result<SocketAddr> {
    addr.to_socket_addrs()?.next().ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("cannot resolve {addr}"),
        )
    })
}

fn is_timeout(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock
    )
}

/// A Modbus TCP client. Reconnects by itself after a broken connection; replies with a stale
/// transaction id (late answers to timed-out requests) are skipped.
#[derive(Debug)]
pub struct TcpTransport {
    addr: SocketAddr,
    stream: Option<TcpStream>,
    timeout: Duration,
    transaction: u16,
    stale_skipped: u64,
}

impl TcpTransport {
    /// Connects to `addr` (e.g. `"192.0.2.10:502"`); `timeout` bounds the connect and each reply.
    pub fn connect(addr: &str, timeout: Duration) -> io::Result<Self> {
        let mut t = TcpTransport {
            addr: resolve(addr)?,
            stream: None,
            timeout,
            transaction: 0,
            stale_skipped: 0,
        };
        t.stream()?;
        Ok(t)
    }

    /// Replies skipped because their transaction id was not the one awaited.
    pub fn stale_replies_skipped(&self) -> u64 {
        self.stale_skipped
    }

    fn stream(&mut self) -> io::Result<&mut TcpStream> {
        if self.stream.is_none() {
            let s = TcpStream::connect_timeout(&self.addr, self.timeout)?;
            s.set_nodelay(true)?;
            self.stream = Some(s);
        }
        Ok(self.stream.as_mut().expect("just connected"))
    }

    fn exchange(
        &mut self,
        request: &[u8],
        expect: &Expectation,
        transaction: u16,
        out: &mut [u16],
    ) -> Result<(), Error<io::Error>> {
        let deadline = Instant::now() + super::bounded(self.timeout);
        self.stream().map_err(Error::Bus)?;
        let Some(stream) = self.stream.as_mut() else {
            return Err(Error::Bus(io::ErrorKind::NotConnected.into()));
        };
        // Discard anything left over from an earlier, timed-out exchange.
        stream.set_nonblocking(true).map_err(Error::Bus)?;
        let mut scratch = [0u8; 512];
        loop {
            match stream.read(&mut scratch) {
                Ok(0) => return Err(Error::Bus(io::ErrorKind::UnexpectedEof.into())),
                Ok(_) => continue,
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                Err(e) => return Err(Error::Bus(e)),
            }
        }
        stream.set_nonblocking(false).map_err(Error::Bus)?;
        stream.write_all(request).map_err(Error::Bus)?;
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
            // Broken connection: reconnect on the next request.
            self.stream = None;
        }
        result
    }
}

/// RTU frames through a transparent TCP gateway ("RTU over TCP"). Wrap it in
/// [`crate::Rtu`]. The timing describes the gateway's serial side, plus a network allowance
/// added to every reply timeout.
#[derive(Debug)]
pub struct RtuOverTcpLink {
    addr: SocketAddr,
    stream: Option<TcpStream>,
    timing: RtuTiming,
    network_allowance: Duration,
    deadline: Instant,
    /// Until when input is drained before the next request (a late reply may still come).
    guard_until: Option<Instant>,
}

impl RtuOverTcpLink {
    /// Connects to a gateway at `addr`.
    pub fn connect(addr: &str, timing: RtuTiming, network_allowance: Duration) -> io::Result<Self> {
        let mut l = RtuOverTcpLink {
            addr: resolve(addr)?,
            stream: None,
            timing,
            network_allowance,
            deadline: Instant::now(),
            guard_until: None,
        };
        l.stream()?;
        Ok(l)
    }

    fn stream(&mut self) -> io::Result<&mut TcpStream> {
        if self.stream.is_none() {
            let s = TcpStream::connect_timeout(
                &self.addr,
                self.network_allowance.max(Duration::from_millis(100)),
            )?;
            s.set_nodelay(true)?;
            self.stream = Some(s);
        }
        Ok(self.stream.as_mut().expect("just connected"))
    }
}

impl SerialLink for RtuOverTcpLink {
    type Error = io::Error;

    fn send(&mut self, frame: &[u8], reply_len: usize) -> Result<(), LinkError<io::Error>> {
        let timeout = Duration::from_nanos(
            self.timing.chars_ns(frame.len() as u64) + self.timing.reply_timeout_ns(reply_len),
        ) + self.network_allowance;
        // After a reply that did not complete, drain until the guard window has passed.
        let until = self.guard_until.unwrap_or_else(Instant::now);
        let result = (|| {
            let stream = self.stream()?;
            drain_until(stream, until)?;
            stream.write_all(frame)
        })();
        if let Err(e) = result {
            self.stream = None;
            return Err(LinkError::Bus(e));
        }
        self.deadline = Instant::now() + super::bounded(timeout);
        self.guard_until =
            Some(self.deadline + Duration::from_nanos(self.timing.late_reply_guard_ns()));
        Ok(())
    }

    fn receive(&mut self, buf: &mut [u8]) -> Result<(), LinkError<io::Error>> {
        let deadline = self.deadline;
        let guard = Duration::from_nanos(self.timing.late_reply_guard_ns());
        self.stream().map_err(LinkError::Bus)?;
        let Some(stream) = self.stream.as_mut() else {
            return Err(LinkError::Bus(io::ErrorKind::NotConnected.into()));
        };
        let mut filled = 0;
        while filled < buf.len() {
            let now = Instant::now();
            if now >= deadline {
                self.guard_until = Some(now + guard);
                return Err(LinkError::Timeout);
            }
            stream
                .set_read_timeout(Some(deadline - now))
                .map_err(LinkError::Bus)?;
            match stream.read(&mut buf[filled..]) {
                Ok(0) => {
                    self.stream = None;
                    return Err(LinkError::Bus(io::ErrorKind::UnexpectedEof.into()));
                }
                Ok(n) => filled += n,
                Err(e) if is_timeout(&e) => {
                    self.guard_until = Some(Instant::now() + guard);
                    return Err(LinkError::Timeout);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(LinkError::Bus(e)),
            }
        }
        self.guard_until = None;
        Ok(())
    }
}

/// Discards whatever the stream holds, and keeps discarding until `until` (a fixed window:
/// traffic does not extend it).
fn drain_until(stream: &mut TcpStream, until: Instant) -> io::Result<()> {
    let mut scratch = [0u8; 512];
    stream.set_nonblocking(true)?;
    let result = loop {
        match stream.read(&mut scratch) {
            Ok(0) => break Err(io::ErrorKind::UnexpectedEof.into()),
            Ok(_) => continue,
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                let now = Instant::now();
                if now >= until {
                    break Ok(());
                }
                std::thread::sleep((until - now).min(Duration::from_millis(2)));
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => break Err(e),
        }
    };
    stream.set_nonblocking(false)?;
    result
}
