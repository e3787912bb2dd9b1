//! The embedded-io-async backend driven through the async meter API over a scripted stream
//! and embedded-hal-mock's checked delay, on `futures_executor::block_on`: exact bytes on the
//! wire, exact timer durations, and every expectation consumed.
//!
//! The checked delay completes at once when polled, so a timer that is polled wins the race
//! against a read that is pending; one that is never polled (because the read was ready first)
//! consumes no expectation. The scripts below spell out which happens.

#![cfg(feature = "embedded-io-async")]

mod embedded_support;

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
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
struct Script(VecDeque<Ev>);

impl Script {
    fn new(events: impl IntoIterator<Item = Ev>) -> Self {
        Script(events.into_iter().collect())
    }

    fn next(&mut self, call: &str) -> Ev {
        self.0
            .pop_front()
            .unwrap_or_else(|| panic!("unexpected {call}: script finished"))
    }

    fn done(&self) {
        assert!(self.0.is_empty(), "unconsumed: {:?}", self.0);
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
        loop {
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
                    return Ok(bytes.len());
                }
                Ev::ReadErr(e) => return Err(e),
                other => panic!("read called, expected {other:?}"),
            }
        }
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

/// The first receive after a send: turnaround + 3 characters (3 437 500 ns) + t3.5.
const HEADER_BUDGET_NS: u32 = 100_000_000 + 3_437_500 + 4_010_416;
/// A later receive of the 6 remaining bytes: 6 characters (6 875 000 ns) + t3.5.
const REST_BUDGET_NS: u32 = 6_875_000 + 4_010_416;

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
    let s = block_on(meter.read_quantities(&[Quantity::Frequency])).unwrap();
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
    let s = block_on(meter.read_quantities(&[Quantity::Frequency])).unwrap();
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
    assert!(block_on(meter.read_quantities(&[Quantity::Frequency])).is_ok());
    finish(meter);
}

#[test]
fn no_reply_times_out_after_the_turnaround_plus_the_header_time_plus_t35() {
    let events = vec![
        Ev::Pending,
        Ev::Write(frequency_request()),
        Ev::Flush,
        Ev::Pending, // nothing comes: the reply timer wins
    ];
    let delays = [t35(), Delay::async_delay_ns(HEADER_BUDGET_NS)];
    let mut meter = meter(events, &delays);
    assert_eq!(
        block_on(meter.read_quantities(&[Quantity::Frequency])),
        Err(Error::Timeout)
    );
    finish(meter);
}

#[test]
fn a_reply_cut_short_times_out_on_the_rest_without_a_second_turnaround() {
    let reply = frequency_reply();
    let events = vec![
        Ev::Pending,
        Ev::Write(frequency_request()),
        Ev::Flush,
        Ev::Read(reply[..3].to_vec()),
        Ev::Read(reply[3..5].to_vec()),
        Ev::Pending, // the rest never comes
    ];
    let delays = [t35(), Delay::async_delay_ns(REST_BUDGET_NS)];
    let mut meter = meter(events, &delays);
    assert_eq!(
        block_on(meter.read_quantities(&[Quantity::Frequency])),
        Err(Error::Timeout)
    );
    finish(meter);
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
        block_on(meter.read_quantities(&[Quantity::Frequency])),
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
    let err = block_on(meter.read_quantities(&[Quantity::Frequency])).unwrap_err();
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
        block_on(meter.read_quantities(&[Quantity::Frequency])),
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
    let err = block_on(meter.read_quantities(&[Quantity::Frequency])).unwrap_err();
    assert_eq!(err.exception(), Some(ExceptionCode::IllegalDataAddress));
    finish(meter);
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
        let s = block_on(meter.read_quantities(&[Quantity::Frequency])).unwrap();
        assert_eq!(s.get(Quantity::Frequency), Some(50.0));
    }
    finish(meter);
}
