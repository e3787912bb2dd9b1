//! Transport traits the meter driver is generic over, and the RTU client that turns a raw
//! serial link into a register transport.
//!
//! Two layers:
//! * [`Transport`] / [`AsyncTransport`]: "read these registers from this unit". Implemented by
//!   [`Rtu`] over a serial link here, and by Modbus TCP clients (MBAP framing) elsewhere.
//! * [`SerialLink`] / [`AsyncSerialLink`]: raw bytes with time. A link owns the clock: it keeps
//!   the t3.5 silence before each request, discards stale input, and times out a reply.
//!   Backends (std serial ports, embedded-hal-nb and embedded-io UARTs, TCP gateways) implement
//!   these.
//!
//! # Timeouts: one meaning on every link
//!
//! A reply must be complete within the **response allowance** (how long the meter may take to
//! start answering: [`RtuTiming::turnaround_allowance_us`]) plus the **wire time** of the
//! request and of the expected reply at the serial line's baud rate (plus one t3.5 of slack),
//! plus, for anything behind a network (Modbus TCP, RTU over TCP), a **network allowance**
//! (`net::TcpOptions::network_allowance`, with the `tcp` or `tokio` feature). A TCP client is
//! told the baud rate of the serial side behind its gateway (`net::TcpOptions::serial`), so
//! the same response allowance means the same thing on a serial port and behind a gateway.

use core::fmt::Debug;

pub use crate::timing::RtuTiming;

#[cfg(any(
    feature = "embedded-hal-nb",
    feature = "embedded-io",
    feature = "embedded-io-async"
))]
mod embedded;
#[cfg(feature = "embedded-io")]
pub mod io;
#[cfg(feature = "embedded-io-async")]
pub mod io_async;
#[cfg(feature = "embedded-hal-nb")]
pub mod nb;
#[cfg(any(feature = "tcp", feature = "tokio"))]
pub mod net;
#[cfg(feature = "serialport")]
pub mod serial;
#[cfg(feature = "tcp")]
pub mod tcp;
#[cfg(feature = "tokio")]
pub mod tokio;

use crate::address::{UnitId, WireAddress};
use crate::error::{Error, LinkError};
use crate::frame::{
    encode_read_request, registers_to_words, Expectation, ReadFunction, Reply, ReplyAssembler,
};

/// Reads registers from a unit: the one operation the meter driver needs (blocking).
pub trait Transport {
    /// The transport's own error.
    type Error: Debug;

    /// Reads `out.len()` registers starting at `start` from `unit` into `out`.
    fn read_registers(
        &mut self,
        unit: UnitId,
        function: ReadFunction,
        start: WireAddress,
        out: &mut [u16],
    ) -> Result<(), Error<Self::Error>>;
}

impl<T: Transport + ?Sized> Transport for &mut T {
    type Error = T::Error;
    fn read_registers(
        &mut self,
        unit: UnitId,
        function: ReadFunction,
        start: WireAddress,
        out: &mut [u16],
    ) -> Result<(), Error<Self::Error>> {
        (**self).read_registers(unit, function, start, out)
    }
}

/// Reads registers from a unit (async).
#[allow(async_fn_in_trait)]
pub trait AsyncTransport {
    /// The transport's own error.
    type Error: Debug;

    /// Reads `out.len()` registers starting at `start` from `unit` into `out`.
    async fn read_registers(
        &mut self,
        unit: UnitId,
        function: ReadFunction,
        start: WireAddress,
        out: &mut [u16],
    ) -> Result<(), Error<Self::Error>>;
}

impl<T: AsyncTransport + ?Sized> AsyncTransport for &mut T {
    type Error = T::Error;
    async fn read_registers(
        &mut self,
        unit: UnitId,
        function: ReadFunction,
        start: WireAddress,
        out: &mut [u16],
    ) -> Result<(), Error<Self::Error>> {
        (**self).read_registers(unit, function, start, out).await
    }
}

/// A raw serial link that owns time (blocking).
pub trait SerialLink {
    /// The link's own error.
    type Error: Debug;

    /// Sends one request frame: discard stale received bytes, wait out the t3.5 silence since
    /// the last traffic, write the whole frame and flush. `reply_len` is the length of the
    /// expected normal reply, for sizing the response timeout.
    fn send(&mut self, frame: &[u8], reply_len: usize) -> Result<(), LinkError<Self::Error>>;

    /// Fills `buf` completely with received bytes, or fails with [`LinkError::Timeout`].
    fn receive(&mut self, buf: &mut [u8]) -> Result<(), LinkError<Self::Error>>;
}

/// A raw serial link that owns time (async).
#[allow(async_fn_in_trait)]
pub trait AsyncSerialLink {
    /// The link's own error.
    type Error: Debug;

    /// As [`SerialLink::send`].
    async fn send(&mut self, frame: &[u8], reply_len: usize) -> Result<(), LinkError<Self::Error>>;

    /// As [`SerialLink::receive`].
    async fn receive(&mut self, buf: &mut [u8]) -> Result<(), LinkError<Self::Error>>;
}

/// A Modbus RTU client over a serial link: frames requests, assembles and validates replies
/// (CRC, unit, function, exception, byte count). Implements [`Transport`] over a
/// [`SerialLink`] and [`AsyncTransport`] over an [`AsyncSerialLink`]. Many meters (unit ids)
/// share one `Rtu`.
#[derive(Debug)]
pub struct Rtu<L> {
    link: L,
}

impl<L> Rtu<L> {
    /// Wraps a link.
    pub const fn new(link: L) -> Self {
        Rtu { link }
    }

    /// The link.
    pub fn link(&mut self) -> &mut L {
        &mut self.link
    }

    /// Gives the link back.
    pub fn free(self) -> L {
        self.link
    }
}

/// A user-given timeout capped at a year, so adding it to an `Instant` cannot overflow.
#[allow(dead_code)]
pub(crate) fn bounded(d: core::time::Duration) -> core::time::Duration {
    d.min(core::time::Duration::from_secs(365 * 86_400))
}

/// Complete frames from other units skipped while waiting for one reply.
const MAX_FOREIGN_FRAMES: usize = 4;

fn prepare<E: Debug>(
    unit: UnitId,
    function: ReadFunction,
    start: WireAddress,
    out: &[u16],
) -> Result<([u8; 8], Expectation), Error<E>> {
    let count = u16::try_from(out.len()).unwrap_or(u16::MAX);
    let request = encode_read_request(unit, function, start, count)?;
    Ok((
        request,
        Expectation {
            unit,
            function,
            count,
        },
    ))
}

/// A timeout after a header that already proved the reply wrong (our unit and function with
/// another byte count) is that frame error, not "no reply": something did answer.
fn receive_or_explain<E: Debug>(
    assembler: &ReplyAssembler,
    received: Result<(), LinkError<E>>,
) -> Result<(), Error<E>> {
    match received {
        Err(LinkError::Timeout) => match assembler.header_error() {
            Some(e) => Err(Error::Frame(e)),
            None => Err(Error::Timeout),
        },
        other => other.map_err(Error::from),
    }
}

fn conclude<E: Debug>(assembler: &ReplyAssembler, out: &mut [u16]) -> Result<(), Error<E>> {
    conclude_reply(assembler.finish()?, out)
}

/// Turns a validated reply into the caller's words or the device's exception.
#[allow(dead_code)]
pub(crate) fn conclude_reply<E: Debug>(reply: Reply<'_>, out: &mut [u16]) -> Result<(), Error<E>> {
    match reply {
        Reply::Exception(code) => Err(Error::Exception(code)),
        Reply::Registers(data) => {
            // The reply's byte count was checked against 2 × out.len().
            registers_to_words(data, out);
            Ok(())
        }
    }
}

impl<L: SerialLink> Transport for Rtu<L> {
    type Error = L::Error;

    fn read_registers(
        &mut self,
        unit: UnitId,
        function: ReadFunction,
        start: WireAddress,
        out: &mut [u16],
    ) -> Result<(), Error<Self::Error>> {
        let (request, expect) = prepare(unit, function, start, out)?;
        self.link.send(&request, expect.reply_len())?;
        let mut skipped = 0;
        loop {
            let mut assembler = ReplyAssembler::new(expect);
            while let Some(chunk) = assembler.next_chunk() {
                let received = self.link.receive(chunk);
                receive_or_explain(&assembler, received)?;
                assembler.advance();
            }
            // A complete frame from another unit (a late reply) is skipped, a few at most.
            if assembler.is_foreign_frame() && skipped < MAX_FOREIGN_FRAMES {
                skipped += 1;
                continue;
            }
            return conclude(&assembler, out);
        }
    }
}

impl<L: AsyncSerialLink> AsyncTransport for Rtu<L> {
    type Error = L::Error;

    async fn read_registers(
        &mut self,
        unit: UnitId,
        function: ReadFunction,
        start: WireAddress,
        out: &mut [u16],
    ) -> Result<(), Error<Self::Error>> {
        let (request, expect) = prepare(unit, function, start, out)?;
        self.link.send(&request, expect.reply_len()).await?;
        let mut skipped = 0;
        loop {
            let mut assembler = ReplyAssembler::new(expect);
            while let Some(chunk) = assembler.next_chunk() {
                let received = self.link.receive(chunk).await;
                receive_or_explain(&assembler, received)?;
                assembler.advance();
            }
            if assembler.is_foreign_frame() && skipped < MAX_FOREIGN_FRAMES {
                skipped += 1;
                continue;
            }
            return conclude(&assembler, out);
        }
    }
}
