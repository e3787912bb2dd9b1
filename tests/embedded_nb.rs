//! The embedded-hal-nb backend driven through the meter API over embedded-hal-mock: exact
//! bytes on the wire, exact delays slept, and every UART and delay expectation consumed.

#![cfg(feature = "embedded-hal-nb")]

mod embedded_support;

use embedded_hal_mock::eh1::delay::{CheckedDelay, Transaction as Delay};
use embedded_hal_mock::eh1::serial::{Mock as SerialMock, Transaction as Serial};
use embedded_hal_nb::nb;
use embedded_hal_nb::serial::ErrorKind;
use embedded_support::*;
use schneider_em::transport::nb::NbUart;
use schneider_em::transport::RtuTiming;
use schneider_em::*;

type Link = NbUart<SerialMock<u8>, CheckedDelay>;

fn would_block() -> Serial<u8> {
    Serial::read_error(nb::Error::WouldBlock)
}

fn meter(serial: &[Serial<u8>], delays: &[Delay]) -> Meter<Rtu<Link>> {
    let link = NbUart::new(
        SerialMock::new(serial),
        CheckedDelay::new(delays),
        RtuTiming::new(9600, Parity::Even, 1),
    );
    Meter::new(Rtu::new(link), UnitId::new(1).unwrap(), Model::Em6400Ng)
}

/// Checks every expectation was consumed.
fn finish(meter: Meter<Rtu<Link>>) {
    let (mut uart, mut delay) = meter.free().free().free();
    uart.done();
    delay.done();
}

/// A quiet line before the request: nothing to drain, t3.5, still nothing.
fn quiet() -> [Serial<u8>; 2] {
    [would_block(), would_block()]
}

#[test]
fn frequency_read_sends_the_exact_request_after_t35_and_decodes_50_hz() {
    let mut serial = Vec::from(quiet());
    serial.extend([
        Serial::write_many(frequency_request()),
        Serial::flush(),
        Serial::read_many(frequency_reply()),
    ]);
    let mut meter = meter(&serial, &[Delay::delay_ns(T35_NS)]);
    let s = meter
        .read_quantities(&[Quantity::Frequency])
        .map_err(Error::from)
        .unwrap();
    assert_eq!(s.get(Quantity::Frequency), Some(50.0));
    assert_eq!(s.len(), 1);
    finish(meter);
}

#[test]
fn the_request_bytes_match_a_hand_computed_frame() {
    // 01 03 0C 25 00 02, CRC-16/MODBUS 0x90D6 (worked out separately) sent low byte first.
    let expected = [0x01, 0x03, 0x0C, 0x25, 0x00, 0x02, 0xD6, 0x90];
    assert_eq!(crc16(&expected[..6]), 0x90D6);
    assert_eq!(frequency_request(), expected);
}

#[test]
fn stale_input_is_drained_and_a_byte_during_the_silence_restarts_it() {
    let serial = [
        Serial::read_many([0xAA, 0x55, 0x01]), // stale
        would_block(),
        // t3.5 …
        Serial::read(0x7E), // … broken by late traffic
        would_block(),
        // t3.5 again, now quiet
        would_block(),
        Serial::write_many(frequency_request()),
        Serial::flush(),
        Serial::read_many(frequency_reply()),
    ];
    let delays = [Delay::delay_ns(T35_NS), Delay::delay_ns(T35_NS)];
    let mut meter = meter(&serial, &delays);
    let s = meter
        .read_quantities(&[Quantity::Frequency])
        .map_err(Error::from)
        .unwrap();
    assert_eq!(s.get(Quantity::Frequency), Some(50.0));
    finish(meter);
}

#[test]
fn a_babbling_line_is_drained_at_most_512_bytes_then_the_request_goes_out() {
    let serial = [
        Serial::read_many(vec![0x00; MAX_DISCARD]),
        Serial::write_many(frequency_request()),
        Serial::flush(),
        Serial::read_many(frequency_reply()),
    ];
    let mut meter = meter(&serial, &[]);
    let s = meter
        .read_quantities(&[Quantity::Frequency])
        .map_err(Error::from)
        .unwrap();
    assert_eq!(s.get(Quantity::Frequency), Some(50.0));
    finish(meter);
}

#[test]
fn receive_errors_on_stale_input_are_discarded_not_reported() {
    let serial = [
        Serial::read_error(nb::Error::Other(ErrorKind::Overrun)),
        would_block(),
        would_block(),
        Serial::write_many(frequency_request()),
        Serial::flush(),
        Serial::read_many(frequency_reply()),
    ];
    let mut meter = meter(&serial, &[Delay::delay_ns(T35_NS)]);
    assert!(meter
        .read_quantities(&[Quantity::Frequency])
        .map_err(Error::from)
        .is_ok());
    finish(meter);
}

#[test]
fn silence_times_out_after_exactly_the_reply_timeout_polled_every_quarter_character() {
    let steps = steps(FREQUENCY_REPLY_TIMEOUT_NS, POLL_NS);
    assert_eq!(steps.len(), 400); // 399 × 286 458 ns + 26 174 ns
    let mut serial = Vec::from(quiet());
    serial.extend([Serial::write_many(frequency_request()), Serial::flush()]);
    // One poll before each delay, and a last one after the deadline.
    serial.extend((0..=steps.len()).map(|_| would_block()));
    let mut delays = vec![Delay::delay_ns(T35_NS)];
    delays.extend(steps.iter().map(|&ns| Delay::delay_ns(ns)));
    let mut meter = meter(&serial, &delays);
    assert_eq!(
        meter
            .read_quantities(&[Quantity::Frequency])
            .map_err(Error::from),
        Err(Error::Timeout)
    );
    finish(meter);
}

#[test]
fn the_deadline_covers_the_whole_reply_not_each_chunk() {
    // The header arrives after 100 polls; the rest never does. The total slept is still the
    // one reply timeout, not a fresh one for the second chunk.
    let steps = steps(FREQUENCY_REPLY_TIMEOUT_NS, POLL_NS);
    let reply = frequency_reply();
    let mut serial = Vec::from(quiet());
    serial.extend([Serial::write_many(frequency_request()), Serial::flush()]);
    serial.extend((0..100).map(|_| would_block()));
    serial.push(Serial::read_many(&reply[..3]));
    serial.extend((100..=steps.len()).map(|_| would_block()));
    let mut delays = vec![Delay::delay_ns(T35_NS)];
    delays.extend(steps.iter().map(|&ns| Delay::delay_ns(ns)));
    let mut meter = meter(&serial, &delays);
    assert_eq!(
        meter
            .read_quantities(&[Quantity::Frequency])
            .map_err(Error::from),
        Err(Error::Timeout)
    );
    finish(meter);
}

#[test]
fn a_reply_arriving_between_polls_is_assembled() {
    let reply = frequency_reply();
    let mut serial = Vec::from(quiet());
    serial.extend([Serial::write_many(frequency_request()), Serial::flush()]);
    let mut delays = vec![Delay::delay_ns(T35_NS)];
    for &byte in &reply {
        serial.extend([would_block(), would_block(), Serial::read(byte)]);
        delays.extend([Delay::delay_ns(POLL_NS), Delay::delay_ns(POLL_NS)]);
    }
    let mut meter = meter(&serial, &delays);
    let s = meter
        .read_quantities(&[Quantity::Frequency])
        .map_err(Error::from)
        .unwrap();
    assert_eq!(s.get(Quantity::Frequency), Some(50.0));
    finish(meter);
}

#[test]
fn a_uart_receive_error_in_the_reply_is_a_bus_error() {
    let mut serial = Vec::from(quiet());
    serial.extend([
        Serial::write_many(frequency_request()),
        Serial::flush(),
        Serial::read(0x01),
        Serial::read_error(nb::Error::Other(ErrorKind::Parity)),
    ]);
    let mut meter = meter(&serial, &[Delay::delay_ns(T35_NS)]);
    let err = meter
        .read_quantities(&[Quantity::Frequency])
        .map_err(Error::from)
        .unwrap_err();
    assert_eq!(err, Error::Bus(ErrorKind::Parity));
    assert!(err.is_link());
    finish(meter);
}

#[test]
fn a_uart_write_error_is_a_bus_error_and_nothing_more_is_sent() {
    let request = frequency_request();
    let mut serial = Vec::from(quiet());
    serial.extend([
        Serial::write_many(&request[..2]),
        Serial::write_error(request[2], nb::Error::Other(ErrorKind::Other)),
    ]);
    let mut meter = meter(&serial, &[Delay::delay_ns(T35_NS)]);
    assert_eq!(
        meter
            .read_quantities(&[Quantity::Frequency])
            .map_err(Error::from),
        Err(Error::Bus(ErrorKind::Other))
    );
    finish(meter);
}

#[test]
fn a_flush_error_is_a_bus_error() {
    let mut serial = Vec::from(quiet());
    serial.extend([
        Serial::write_many(frequency_request()),
        Serial::flush_error(nb::Error::Other(ErrorKind::Noise)),
    ]);
    let mut meter = meter(&serial, &[Delay::delay_ns(T35_NS)]);
    assert_eq!(
        meter
            .read_quantities(&[Quantity::Frequency])
            .map_err(Error::from),
        Err(Error::Bus(ErrorKind::Noise))
    );
    finish(meter);
}

#[test]
fn a_transmitter_that_never_takes_a_byte_times_out_instead_of_hanging() {
    // 10 ms polls make the count small. Budget: the reply timeout of an 8-byte frame,
    // 100 ms + 8 characters (9 166 666 ns) + t3.5 = 113 177 082 ns: 11 × 10 ms + 3 177 082.
    let budget = 100_000_000 + 9_166_666 + 4_010_416;
    let steps = steps(budget, 10_000_000);
    assert_eq!(steps.len(), 12);
    let first = frequency_request()[0];
    let mut serial = Vec::from(quiet());
    serial.extend((0..=steps.len()).map(|_| Serial::write_error(first, nb::Error::WouldBlock)));
    let mut delays = vec![Delay::delay_ns(T35_NS)];
    delays.extend(steps.iter().map(|&ns| Delay::delay_ns(ns)));
    let link = NbUart::new(
        SerialMock::new(&serial),
        CheckedDelay::new(&delays),
        RtuTiming::new(9600, Parity::Even, 1),
    )
    .with_poll_interval_ns(10_000_000);
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
fn a_device_exception_comes_back_as_exception_not_link_error() {
    let mut serial = Vec::from(quiet());
    serial.extend([
        Serial::write_many(frequency_request()),
        Serial::flush(),
        Serial::read_many(exception_reply(1, 0x02)),
    ]);
    let mut meter = meter(&serial, &[Delay::delay_ns(T35_NS)]);
    let err = meter
        .read_quantities(&[Quantity::Frequency])
        .map_err(Error::from)
        .unwrap_err();
    assert_eq!(err.exception(), Some(ExceptionCode::IllegalDataAddress));
    finish(meter);
}

#[test]
fn accessors_and_defaults() {
    let timing = RtuTiming::new(9600, Parity::Even, 1);
    let mut link = NbUart::new(SerialMock::<u8>::new(&[]), CheckedDelay::new(&[]), timing);
    assert_eq!(link.poll_interval_ns(), POLL_NS);
    assert_eq!(link.timing(), timing);
    // Fast lines: a quarter character is under 1 µs, so the floor applies.
    link.set_timing(RtuTiming::new(3_000_000, Parity::None, 1));
    assert_eq!(link.poll_interval_ns(), 1000);
    let link = link.with_poll_interval_ns(0);
    assert_eq!(link.poll_interval_ns(), 1);
    let (mut uart, mut delay) = link.free();
    uart.done();
    delay.done();
}

/// The script and delays of a frequency read that times out on a silent line.
fn timed_out_read() -> (Vec<Serial<u8>>, Vec<Delay>) {
    let steps = steps(FREQUENCY_REPLY_TIMEOUT_NS, POLL_NS);
    let mut serial = Vec::from(quiet());
    serial.extend([Serial::write_many(frequency_request()), Serial::flush()]);
    serial.extend((0..=steps.len()).map(|_| would_block()));
    let mut delays = vec![Delay::delay_ns(T35_NS)];
    delays.extend(steps.iter().map(|&ns| Delay::delay_ns(ns)));
    (serial, delays)
}

#[test]
fn after_a_timeout_the_next_request_keeps_one_more_allowance_of_silence() {
    let (mut serial, mut delays) = timed_out_read();
    // Next request: nothing to drain, then t3.5 + the 100 ms allowance in one wait.
    serial.extend(quiet());
    serial.extend([
        Serial::write_many(frequency_request()),
        Serial::flush(),
        Serial::read_many(frequency_reply()),
    ]);
    delays.push(Delay::delay_ns(T35_NS + TURNAROUND_NS as u32));
    let mut meter = meter(&serial, &delays);
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

#[test]
fn noise_during_the_guard_does_not_restart_the_guard_only_t35() {
    let (mut serial, mut delays) = timed_out_read();
    serial.extend([
        would_block(),      // nothing to drain
        Serial::read(0x55), // a noise byte arrived during the guard
        would_block(),      // drained
        would_block(),      // quiet after t3.5
        Serial::write_many(frequency_request()),
        Serial::flush(),
        Serial::read_many(frequency_reply()),
    ]);
    delays.push(Delay::delay_ns(T35_NS + TURNAROUND_NS as u32));
    delays.push(Delay::delay_ns(T35_NS));
    let mut meter = meter(&serial, &delays);
    assert_eq!(
        meter
            .read_quantities(&[Quantity::Frequency])
            .map_err(Error::from),
        Err(Error::Timeout)
    );
    assert!(meter
        .read_quantities(&[Quantity::Frequency])
        .map_err(Error::from)
        .is_ok());
    finish(meter);
}
