//! The embedded-io-async backend driven through the async meter API over a scripted stream
//! and embedded-hal-mock's checked delay, on `futures_executor::block_on`: exact bytes on the
//! wire, exact timer durations, and every expectation consumed.
//!
//! The checked delay completes at once when polled, so a timer that is polled wins the race
//! against a read that is pending; one that is never polled (because the read was ready first)
//! consumes no expectation. The scripts below spell out which happens.

#![cfg(feature = "embedded-io-async")]

mod embedded_support;

use std::cell::Cell;
use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use embedded_hal_mock::eh1::delay::{CheckedDelay, Transaction as Delay};
use embedded_io_async::ErrorKind;
use embedded_support::*;
use futures_executor::block_on;
use schneider_em::transport::io_async::AsyncIoUart;
use schneider_em::transport::RtuTiming;
use schneider_em::*;

/// One expected call on the stream.
#[derive(Debug)]
enum Ev {
    /// `read()` has nothing yet: it returns `Pending` once (having asked to be woken).
    Pending,
    /// `read()` returns these bytes (the buffer must have room for all of them).
    Read(Vec<u8>),
    /// `read()` fails.
    ReadErr(ErrorKind),
    /// `write()` is given a buffer starting with these bytes and takes exactly them.
    Write(Vec<u8>),
    /// `write()` fails.
    WriteErr(ErrorKind),
    /// `flush()` succeeds.
    Flush,
}

#[derive(Debug)]
struct Script {
    events: VecDeque<Ev>,
    /// `read` calls made.
    reads: usize,
    /// `read` futures dropped before they finished.
    cancelled: Rc<Cell<usize>>,
}

impl Script {
    fn new(events: impl IntoIterator<Item = Ev>) -> Self {
        Script {
            events: events.into_iter().collect(),
            reads: 0,
            cancelled: Rc::default(),
        }
    }

    fn next(&mut self, call: &str) -> Ev {
        self.events
            .pop_front()
            .unwrap_or_else(|| panic!("unexpected {call}: script finished"))
    }

    fn done(&self) {
        assert!(self.events.is_empty(), "unconsumed: {:?}", self.events);
    }
}

/// Counts a read future dropped while still armed.
struct CancelGuard(Option<Rc<Cell<usize>>>);

impl CancelGuard {
    fn disarm(mut self) {
        self.0 = None;
    }
}

impl Drop for CancelGuard {
    fn drop(&mut self) {
        if let Some(count) = &self.0 {
            count.set(count.get() + 1);
        }
    }
}

/// Returns `Pending` once, waking itself so the executor polls again.
struct YieldOnce(bool);

impl Future for YieldOnce {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 {
            Poll::Ready(())
        } else {
            self.0 = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}

impl embedded_io_async::ErrorType for Script {
    type Error = ErrorKind;
}

impl embedded_io_async::Read for Script {
    async fn read(&mut self, buf: &mut [u8]) -> Result<usize, ErrorKind> {
        self.reads += 1;
        let guard = CancelGuard(Some(self.cancelled.clone()));
        let result = loop {
            match self.next("read") {
                Ev::Pending => YieldOnce(false).await,
                Ev::Read(bytes) => {
                    assert!(
                        bytes.len() <= buf.len(),
                        "read into {} bytes, script has {}",
                        buf.len(),
                        bytes.len()
                    );
                    buf[..bytes.len()].copy_from_slice(&bytes);
                    break Ok(bytes.len());
                }
                Ev::ReadErr(e) => break Err(e),
                other => panic!("read called, expected {other:?}"),
            }
        };
        guard.disarm();
        result
    }
}

impl embedded_io_async::Write for Script {
    async fn write(&mut self, buf: &[u8]) -> Result<usize, ErrorKind> {
        match self.next("write") {
            Ev::Write(bytes) => {
                assert!(
                    buf.starts_with(&bytes),
                    "wrote {buf:02X?}, expected {bytes:02X?}"
                );
                Ok(bytes.len())
            }
            Ev::WriteErr(e) => Err(e),
            other => panic!("write {buf:02X?} called, expected {other:?}"),
        }
    }

    async fn flush(&mut self) -> Result<(), ErrorKind> {
        match self.next("flush") {
            Ev::Flush => Ok(()),
            other => panic!("flush called, expected {other:?}"),
        }
    }
}

type Link = AsyncIoUart<Script, CheckedDelay>;

fn meter(events: Vec<Ev>, delays: &[Delay]) -> AsyncMeter<Rtu<Link>> {
    let link = AsyncIoUart::new(
        Script::new(events),
        CheckedDelay::new(delays),
        RtuTiming::new(9600, Parity::Even, 1),
    );
    AsyncMeter::new(Rtu::new(link), UnitId::new(1).unwrap(), Model::Em6400Ng)
}

fn finish(meter: AsyncMeter<Rtu<Link>>) {
    let (stream, mut timer) = meter.free().free().free();
    stream.done();
    timer.done();
}

/// Timer for the t3.5 silence.
fn t35() -> Delay {
    Delay::async_delay_ns(T35_NS)
}

/// The reply deadline in ticks of t3.5: 28 × 4 010 416 ns + 2 031 268 ns.
fn deadline_ticks() -> Vec<Delay> {
    let ticks = steps(FREQUENCY_REPLY_TIMEOUT_NS, T35_NS);
    assert_eq!(ticks.len(), 29);
    let mut delays = vec![t35()];
    delays.extend(ticks.into_iter().map(Delay::async_delay_ns));
    delays
}

#[test]
fn frequency_read_sends_the_exact_request_after_t35_and_decodes_50_hz() {
    let reply = frequency_reply();
    let events = vec![
        Ev::Pending, // the line is quiet: the t3.5 timer wins
        Ev::Write(frequency_request()),
        Ev::Flush,
        Ev::Read(reply[..3].to_vec()),
        Ev::Read(reply[3..].to_vec()),
    ];
    let mut meter = meter(events, &[t35()]);
    let s = block_on(meter.read_quantities(&[Quantity::Frequency]))
        .map_err(Error::from)
        .unwrap();
    assert_eq!(s.get(Quantity::Frequency), Some(50.0));
    assert_eq!(s.len(), 1);
    finish(meter);
}

#[test]
fn stale_input_is_drained_before_the_silence_and_the_request() {
    let reply = frequency_reply();
    let events = vec![
        Ev::Read(vec![0xAA, 0x55, 0x01]), // stale, ready at once: the timer is not polled
        Ev::ReadErr(ErrorKind::Other),    // an error about stale bytes: discarded too
        Ev::Pending,                      // then quiet for t3.5
        Ev::Write(frequency_request()),
        Ev::Flush,
        Ev::Read(reply[..3].to_vec()),
        Ev::Read(reply[3..].to_vec()),
    ];
    let mut meter = meter(events, &[t35()]);
    let s = block_on(meter.read_quantities(&[Quantity::Frequency]))
        .map_err(Error::from)
        .unwrap();
    assert_eq!(s.get(Quantity::Frequency), Some(50.0));
    finish(meter);
}

#[test]
fn a_babbling_line_is_drained_at_most_512_bytes_then_the_request_goes_out() {
    let reply = frequency_reply();
    let mut events: Vec<Ev> = (0..MAX_DISCARD / 64)
        .map(|_| Ev::Read(vec![0x00; 64]))
        .collect();
    events.extend([
        Ev::Write(frequency_request()),
        Ev::Flush,
        Ev::Read(reply[..3].to_vec()),
        Ev::Read(reply[3..].to_vec()),
    ]);
    let mut meter = meter(events, &[]);
    assert!(block_on(meter.read_quantities(&[Quantity::Frequency]))
        .map_err(Error::from)
        .is_ok());
    finish(meter);
}

#[test]
fn no_reply_times_out_after_exactly_the_reply_timeout_counted_in_t35_ticks() {
    let mut events = vec![Ev::Pending, Ev::Write(frequency_request()), Ev::Flush];
    // Nothing comes: one pending poll per tick, and a last look after the deadline.
    events.extend((0..30).map(|_| Ev::Pending));
    let mut meter = meter(events, &deadline_ticks());
    assert_eq!(
        block_on(meter.read_quantities(&[Quantity::Frequency])).map_err(Error::from),
        Err(Error::Timeout)
    );
    finish(meter);
}

#[test]
fn the_deadline_covers_the_whole_reply_not_each_chunk() {
    // The header and two more bytes come at once, the rest never: the ticks slept add up to
    // the one reply timeout, not a fresh one for the second chunk.
    let reply = frequency_reply();
    let mut events = vec![
        Ev::Pending,
        Ev::Write(frequency_request()),
        Ev::Flush,
        Ev::Read(reply[..3].to_vec()),
        Ev::Read(reply[3..5].to_vec()),
    ];
    events.extend((0..30).map(|_| Ev::Pending));
    let mut meter = meter(events, &deadline_ticks());
    assert_eq!(
        block_on(meter.read_quantities(&[Quantity::Frequency])).map_err(Error::from),
        Err(Error::Timeout)
    );
    finish(meter);
}

#[test]
fn a_slow_reply_keeps_one_read_alive_across_ticks() {
    let reply = frequency_reply();
    let events = vec![
        Ev::Pending, // silence: this read is cancelled by the t3.5 timer, by design
        Ev::Write(frequency_request()),
        Ev::Flush,
        Ev::Pending, // tick 1
        Ev::Pending, // tick 2
        Ev::Read(reply[..3].to_vec()),
        Ev::Read(reply[3..].to_vec()),
    ];
    let delays = [t35(), t35(), t35()];
    let mut meter = meter(events, &delays);
    let s = block_on(meter.read_quantities(&[Quantity::Frequency]))
        .map_err(Error::from)
        .unwrap();
    assert_eq!(s.get(Quantity::Frequency), Some(50.0));
    let (stream, mut timer) = meter.free().free().free();
    assert_eq!(stream.reads, 3, "silence, header (across two ticks), rest");
    assert_eq!(
        stream.cancelled.get(),
        1,
        "only the silence read is dropped"
    );
    stream.done();
    timer.done();
}

#[test]
fn end_of_stream_during_a_reply_is_a_timeout_not_a_hang() {
    let events = vec![
        Ev::Pending,
        Ev::Write(frequency_request()),
        Ev::Flush,
        Ev::Read(vec![]),
    ];
    let mut meter = meter(events, &[t35()]);
    assert_eq!(
        block_on(meter.read_quantities(&[Quantity::Frequency])).map_err(Error::from),
        Err(Error::Timeout)
    );
    finish(meter);
}

#[test]
fn a_read_error_in_the_reply_is_a_bus_error() {
    let events = vec![
        Ev::Pending,
        Ev::Write(frequency_request()),
        Ev::Flush,
        Ev::Read(vec![0x01]),
        Ev::ReadErr(ErrorKind::InvalidData),
    ];
    let mut meter = meter(events, &[t35()]);
    let err = block_on(meter.read_quantities(&[Quantity::Frequency]))
        .map_err(Error::from)
        .unwrap_err();
    assert_eq!(err, Error::Bus(ErrorKind::InvalidData));
    assert!(err.is_link());
    finish(meter);
}

#[test]
fn a_write_error_is_a_bus_error() {
    let request = frequency_request();
    let events = vec![
        Ev::Pending,
        Ev::Write(request[..4].to_vec()),
        Ev::WriteErr(ErrorKind::BrokenPipe),
    ];
    let mut meter = meter(events, &[t35()]);
    assert_eq!(
        block_on(meter.read_quantities(&[Quantity::Frequency])).map_err(Error::from),
        Err(Error::Bus(ErrorKind::BrokenPipe))
    );
    finish(meter);
}

#[test]
fn a_device_exception_comes_back_as_exception_not_link_error() {
    let reply = exception_reply(1, 0x02);
    let events = vec![
        Ev::Pending,
        Ev::Write(frequency_request()),
        Ev::Flush,
        Ev::Read(reply[..3].to_vec()),
        Ev::Read(reply[3..].to_vec()),
    ];
    let mut meter = meter(events, &[t35()]);
    let err = block_on(meter.read_quantities(&[Quantity::Frequency]))
        .map_err(Error::from)
        .unwrap_err();
    assert_eq!(err.exception(), Some(ExceptionCode::IllegalDataAddress));
    finish(meter);
}

#[test]
fn accessors_and_defaults() {
    let timing = RtuTiming::new(9600, Parity::Even, 1);
    let mut link = AsyncIoUart::new(Script::new([]), CheckedDelay::new(&[]), timing);
    assert_eq!(link.tick_ns(), T35_NS);
    assert_eq!(link.timing(), timing);
    // Above 19200 baud t3.5 is fixed at 1.75 ms.
    link.set_timing(RtuTiming::new(115_200, Parity::None, 1));
    assert_eq!(link.tick_ns(), 1_750_000);
    let link = link.with_tick_ns(0);
    assert_eq!(link.tick_ns(), 1);
    let (stream, mut timer) = link.free();
    stream.done();
    timer.done();
}

#[test]
fn two_reads_in_a_row_each_wait_t35_first() {
    let reply = frequency_reply();
    let mut events = Vec::new();
    for _ in 0..2 {
        events.extend([
            Ev::Pending,
            Ev::Write(frequency_request()),
            Ev::Flush,
            Ev::Read(reply[..3].to_vec()),
            Ev::Read(reply[3..].to_vec()),
        ]);
    }
    let mut meter = meter(events, &[t35(), t35()]);
    for _ in 0..2 {
        let s = block_on(meter.read_quantities(&[Quantity::Frequency]))
            .map_err(Error::from)
            .unwrap();
        assert_eq!(s.get(Quantity::Frequency), Some(50.0));
    }
    finish(meter);
}
