//! The embedded-io backend driven through the meter API over a scripted stream and
//! embedded-hal-mock's checked delay: exact bytes on the wire, exact delays slept, and every
//! expectation consumed. embedded-hal-mock has no embedded-io mock, so the stream mock is
//! here: a strict script of `read_ready`, `read`, `write` and `flush` calls.

#![cfg(feature = "embedded-io")]

mod embedded_support;

use std::collections::VecDeque;

use embedded_hal_mock::eh1::delay::{CheckedDelay, Transaction as Delay};
use embedded_io::ErrorKind;
use embedded_support::*;
use schneider_em::transport::io::IoUart;
use schneider_em::transport::RtuTiming;
use schneider_em::*;

/// One expected call on the stream.
#[derive(Debug)]
enum Ev {
    /// `read_ready()` returns this.
    Ready(bool),
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

impl embedded_io::ErrorType for Script {
    type Error = ErrorKind;
}

impl embedded_io::ReadReady for Script {
    fn read_ready(&mut self) -> Result<bool, ErrorKind> {
        match self.next("read_ready") {
            Ev::Ready(r) => Ok(r),
            other => panic!("read_ready called, expected {other:?}"),
        }
    }
}

impl embedded_io::Read for Script {
    fn read(&mut self, buf: &mut [u8]) -> Result<usize, ErrorKind> {
        match self.next("read") {
            Ev::Read(bytes) => {
                assert!(
                    bytes.len() <= buf.len(),
                    "read into {} bytes, script has {}",
                    buf.len(),
                    bytes.len()
                );
                buf[..bytes.len()].copy_from_slice(&bytes);
                Ok(bytes.len())
            }
            Ev::ReadErr(e) => Err(e),
            other => panic!("read called, expected {other:?}"),
        }
    }
}

impl embedded_io::Write for Script {
    fn write(&mut self, buf: &[u8]) -> Result<usize, ErrorKind> {
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

    fn flush(&mut self) -> Result<(), ErrorKind> {
        match self.next("flush") {
            Ev::Flush => Ok(()),
            other => panic!("flush called, expected {other:?}"),
        }
    }
}

type Link = IoUart<Script, CheckedDelay>;

fn meter(events: Vec<Ev>, delays: &[Delay]) -> Meter<Rtu<Link>> {
    let link = IoUart::new(
        Script::new(events),
        CheckedDelay::new(delays),
        RtuTiming::new(9600, Parity::Even, 1),
    );
    Meter::new(Rtu::new(link), UnitId::new(1).unwrap(), Model::Em6400Ng)
}

fn finish(meter: Meter<Rtu<Link>>) {
    let (stream, mut delay) = meter.free().free().free();
    stream.done();
    delay.done();
}

/// Quiet line, t3.5, still quiet, the frequency request written and flushed.
fn quiet_then_request() -> Vec<Ev> {
    vec![
        Ev::Ready(false),
        Ev::Ready(false),
        Ev::Write(frequency_request()),
        Ev::Flush,
    ]
}

#[test]
fn frequency_read_sends_the_exact_request_after_t35_and_decodes_50_hz() {
    let reply = frequency_reply();
    let mut events = quiet_then_request();
    events.extend([
        Ev::Ready(true),
        Ev::Read(reply[..3].to_vec()),
        Ev::Ready(true),
        Ev::Read(reply[3..].to_vec()),
    ]);
    let mut meter = meter(events, &[Delay::delay_ns(T35_NS)]);
    let s = meter
        .read_quantities(&[Quantity::Frequency])
        .map_err(Error::from)
        .unwrap();
    assert_eq!(s.get(Quantity::Frequency), Some(50.0));
    assert_eq!(s.len(), 1);
    finish(meter);
}

#[test]
fn a_reply_in_short_reads_and_pauses_is_assembled() {
    let reply = frequency_reply();
    let mut events = quiet_then_request();
    let mut delays = vec![Delay::delay_ns(T35_NS)];
    // Bytes trickle in two at a time, but the header chunk is 3 bytes: its second read may
    // only ask for the one byte left (the script checks the buffer size).
    for piece in [0..2, 2..3, 3..5, 5..7, 7..9] {
        events.extend([
            Ev::Ready(false),
            Ev::Ready(true),
            Ev::Read(reply[piece].to_vec()),
        ]);
        delays.push(Delay::delay_ns(POLL_NS));
    }
    let mut meter = meter(events, &delays);
    let s = meter
        .read_quantities(&[Quantity::Frequency])
        .map_err(Error::from)
        .unwrap();
    assert_eq!(s.get(Quantity::Frequency), Some(50.0));
    finish(meter);
}

#[test]
fn partial_writes_are_continued_until_the_whole_frame_is_out() {
    let request = frequency_request();
    let reply = frequency_reply();
    let events = vec![
        Ev::Ready(false),
        Ev::Ready(false),
        Ev::Write(request[..5].to_vec()),
        Ev::Write(request[5..].to_vec()),
        Ev::Flush,
        Ev::Ready(true),
        Ev::Read(reply[..3].to_vec()),
        Ev::Ready(true),
        Ev::Read(reply[3..].to_vec()),
    ];
    let mut meter = meter(events, &[Delay::delay_ns(T35_NS)]);
    assert!(meter
        .read_quantities(&[Quantity::Frequency])
        .map_err(Error::from)
        .is_ok());
    finish(meter);
}

#[test]
fn stale_input_is_drained_and_traffic_during_the_silence_restarts_it() {
    let reply = frequency_reply();
    let events = vec![
        Ev::Ready(true),
        Ev::Read(vec![0xAA, 0x55]),
        Ev::Ready(true),
        Ev::ReadErr(ErrorKind::Other), // an error about stale bytes: discarded too
        Ev::Ready(false),
        // t3.5 …
        Ev::Ready(true), // … broken by late traffic
        Ev::Read(vec![0x7E]),
        Ev::Ready(false),
        // t3.5 again, now quiet
        Ev::Ready(false),
        Ev::Write(frequency_request()),
        Ev::Flush,
        Ev::Ready(true),
        Ev::Read(reply[..3].to_vec()),
        Ev::Ready(true),
        Ev::Read(reply[3..].to_vec()),
    ];
    let delays = [Delay::delay_ns(T35_NS), Delay::delay_ns(T35_NS)];
    let mut meter = meter(events, &delays);
    let s = meter
        .read_quantities(&[Quantity::Frequency])
        .map_err(Error::from)
        .unwrap();
    assert_eq!(s.get(Quantity::Frequency), Some(50.0));
    finish(meter);
}

#[test]
fn a_babbling_line_is_drained_at_most_512_bytes_then_the_request_goes_out() {
    let reply = frequency_reply();
    let mut events = Vec::new();
    for _ in 0..MAX_DISCARD / 64 {
        events.extend([Ev::Ready(true), Ev::Read(vec![0x00; 64])]);
    }
    events.extend([
        Ev::Write(frequency_request()),
        Ev::Flush,
        Ev::Ready(true),
        Ev::Read(reply[..3].to_vec()),
        Ev::Ready(true),
        Ev::Read(reply[3..].to_vec()),
    ]);
    let mut meter = meter(events, &[]);
    assert!(meter
        .read_quantities(&[Quantity::Frequency])
        .map_err(Error::from)
        .is_ok());
    finish(meter);
}

#[test]
fn silence_times_out_after_exactly_the_reply_timeout_polled_every_quarter_character() {
    let steps = steps(FREQUENCY_REPLY_TIMEOUT_NS, POLL_NS);
    let mut events = quiet_then_request();
    events.extend((0..=steps.len()).map(|_| Ev::Ready(false)));
    let mut delays = vec![Delay::delay_ns(T35_NS)];
    delays.extend(steps.iter().map(|&ns| Delay::delay_ns(ns)));
    let mut meter = meter(events, &delays);
    assert_eq!(
        meter
            .read_quantities(&[Quantity::Frequency])
            .map_err(Error::from),
        Err(Error::Timeout)
    );
    finish(meter);
}

#[test]
fn end_of_stream_waits_out_the_deadline_instead_of_spinning() {
    // `read` → Ok(0) after `read_ready` said yes: counted as nothing received.
    let steps = steps(FREQUENCY_REPLY_TIMEOUT_NS, 50_000_000);
    assert_eq!(steps.len(), 3);
    let mut events = quiet_then_request();
    for _ in 0..=steps.len() {
        events.extend([Ev::Ready(true), Ev::Read(vec![])]);
    }
    let mut delays = vec![Delay::delay_ns(T35_NS)];
    delays.extend(steps.iter().map(|&ns| Delay::delay_ns(ns)));
    let link = IoUart::new(
        Script::new(events),
        CheckedDelay::new(&delays),
        RtuTiming::new(9600, Parity::Even, 1),
    )
    .with_poll_interval_ns(50_000_000);
    let mut meter = Meter::new(Rtu::new(link), UnitId::new(1).unwrap(), Model::Em6400Ng);
    assert_eq!(
        meter
            .read_quantities(&[Quantity::Frequency])
            .map_err(Error::from),
        Err(Error::Timeout)
    );
    finish(meter);
}

#[test]
fn a_read_error_in_the_reply_is_a_bus_error() {
    let mut events = quiet_then_request();
    events.extend([Ev::Ready(true), Ev::ReadErr(ErrorKind::InvalidData)]);
    let mut meter = meter(events, &[Delay::delay_ns(T35_NS)]);
    let err = meter
        .read_quantities(&[Quantity::Frequency])
        .map_err(Error::from)
        .unwrap_err();
    assert_eq!(err, Error::Bus(ErrorKind::InvalidData));
    assert!(err.is_link());
    finish(meter);
}

#[test]
fn a_write_error_is_a_bus_error() {
    let events = vec![
        Ev::Ready(false),
        Ev::Ready(false),
        Ev::WriteErr(ErrorKind::BrokenPipe),
    ];
    let mut meter = meter(events, &[Delay::delay_ns(T35_NS)]);
    assert_eq!(
        meter
            .read_quantities(&[Quantity::Frequency])
            .map_err(Error::from),
        Err(Error::Bus(ErrorKind::BrokenPipe))
    );
    finish(meter);
}

#[test]
fn a_write_that_takes_nothing_is_a_timeout_not_a_panic() {
    let events = vec![Ev::Ready(false), Ev::Ready(false), Ev::Write(vec![])];
    let mut meter = meter(events, &[Delay::delay_ns(T35_NS)]);
    assert_eq!(
        meter
            .read_quantities(&[Quantity::Frequency])
            .map_err(Error::from),
        Err(Error::Timeout)
    );
    finish(meter);
}

#[test]
fn accessors_and_defaults() {
    let timing = RtuTiming::new(9600, Parity::Even, 1);
    let mut link = IoUart::new(Script::new([]), CheckedDelay::new(&[]), timing);
    assert_eq!(link.poll_interval_ns(), POLL_NS);
    assert_eq!(link.timing(), timing);
    link.set_timing(RtuTiming::new(3_000_000, Parity::None, 1));
    assert_eq!(link.poll_interval_ns(), 1000);
    let (stream, mut delay) = link.with_poll_interval_ns(7).free();
    stream.done();
    delay.done();
}

#[test]
fn after_a_timeout_the_next_request_keeps_one_more_allowance_of_silence_once() {
    let steps = steps(FREQUENCY_REPLY_TIMEOUT_NS, POLL_NS);
    let mut events = quiet_then_request();
    // A silent line until the deadline: one readiness check before each poll delay and after.
    events.extend((0..=steps.len()).map(|_| Ev::Ready(false)));
    // Next request: nothing pending; t3.5 + the allowance; a noise byte arrived meanwhile; it
    // is discarded and only t3.5 more is waited (the guard is not restarted).
    events.extend([
        Ev::Ready(false),
        Ev::Ready(true),
        Ev::Read(vec![0x55]),
        Ev::Ready(false),
        Ev::Ready(false),
        Ev::Write(frequency_request()),
        Ev::Flush,
        Ev::Ready(true),
        Ev::Read(frequency_reply()[..3].to_vec()),
        Ev::Ready(true),
        Ev::Read(frequency_reply()[3..].to_vec()),
    ]);
    let mut delays = vec![Delay::delay_ns(T35_NS)];
    delays.extend(steps.iter().map(|&ns| Delay::delay_ns(ns)));
    delays.push(Delay::delay_ns(T35_NS + TURNAROUND_NS as u32));
    delays.push(Delay::delay_ns(T35_NS));
    let mut meter = meter(events, &delays);
    assert_eq!(
        meter
            .read_quantities(&[Quantity::Frequency])
            .map_err(Error::from),
        Err(Error::Timeout)
    );
    let s = meter
        .read_quantities(&[Quantity::Frequency])
        .map_err(Error::from)
        .unwrap();
    assert_eq!(s.get(Quantity::Frequency), Some(50.0));
    finish(meter);
}
