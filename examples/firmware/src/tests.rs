//! Host tests: `poll_dashboard` over embedded-hal-mock with the exact bytes of all five
//! dashboard requests, hand-built replies, and every UART and delay expectation consumed.

extern crate std;

use std::vec;
use std::vec::Vec;

use embedded_hal_mock::eh1::delay::{CheckedDelay, Transaction as Delay};
use embedded_hal_mock::eh1::serial::{Mock as SerialMock, Transaction as Serial};
use embedded_hal_nb::nb;
use schneider_em::{Error, PfCharacter, Quadrant, Quantity};

use super::*;

/// CRC-16/MODBUS, bit by bit (independent of the library's table-driven version).
fn crc16(bytes: &[u8]) -> u16 {
    let mut crc: u16 = 0xFFFF;
    for &b in bytes {
        crc ^= u16::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xA001
            } else {
                crc >> 1
            };
        }
    }
    crc
}

fn with_crc(mut frame: Vec<u8>) -> Vec<u8> {
    let crc = crc16(&frame);
    frame.extend_from_slice(&crc.to_le_bytes());
    frame
}

/// Unit 1, function 3, `count` registers from wire address `wire`.
fn request(wire: u16, count: u16) -> Vec<u8> {
    let [a_hi, a_lo] = wire.to_be_bytes();
    let [n_hi, n_lo] = count.to_be_bytes();
    with_crc(vec![1, 0x03, a_hi, a_lo, n_hi, n_lo])
}

fn reply(words: &[u16]) -> Vec<u8> {
    let mut frame = vec![1, 0x03, (words.len() * 2) as u8];
    for w in words {
        frame.extend_from_slice(&w.to_be_bytes());
    }
    with_crc(frame)
}

/// A FLOAT32, high word first (the EM6400NG's order).
fn f32_words(v: f32) -> [u16; 2] {
    let b = v.to_bits();
    [(b >> 16) as u16, b as u16]
}

/// `count` registers from documented register `first`, filled from `(register, words)`.
fn image(first: u16, count: u16, values: &[(u16, &[u16])]) -> Vec<u16> {
    let mut words = vec![0u16; usize::from(count)];
    for &(register, w) in values {
        let at = usize::from(register - first);
        words[at..at + w.len()].copy_from_slice(w);
    }
    words
}

/// t3.5 at 9600 baud, 8E1 (11 bits a character): 3.5 × 11 / 9600 s, in ns.
const T35_NS: u32 = 4_010_416;

/// A quiet line before each request: nothing to drain, t3.5, still nothing.
fn exchange(serial: &mut Vec<Serial<u8>>, request: Vec<u8>, reply: Option<Vec<u8>>) {
    serial.push(Serial::read_error(nb::Error::WouldBlock));
    serial.push(Serial::read_error(nb::Error::WouldBlock));
    serial.push(Serial::write_many(request));
    serial.push(Serial::flush());
    if let Some(reply) = reply {
        serial.push(Serial::read_many(reply));
    }
}

#[test]
fn the_frequency_request_is_the_hand_computed_frame() {
    // 01 03 0C 25 00 02 with CRC 0x90D6, low byte first.
    assert_eq!(
        request(3109, 2),
        [0x01, 0x03, 0x0C, 0x25, 0x00, 0x02, 0xD6, 0x90]
    );
}

#[test]
fn unit_and_line_timing_are_the_models_factory_settings() {
    assert_eq!(UNIT.get(), MODEL.map().serial.unit_id);
    let timing = line_timing();
    assert_eq!(timing.baud, 9600);
    assert_eq!(
        timing.bits_per_char, 11,
        "8E1: start + 8 data + parity + stop"
    );
    assert_eq!(timing.t35_ns(), u64::from(T35_NS));
}

#[test]
fn dashboard_poll_sends_the_five_planned_requests_and_decodes_every_value() {
    let not_available = [0xFFC0, 0x0000];
    let energy_wh: u64 = 123_456_789_012;
    let energy = [
        (energy_wh >> 48) as u16,
        (energy_wh >> 32) as u16,
        (energy_wh >> 16) as u16,
        energy_wh as u16,
    ];
    // (wire start, count) as planned for the EM6400NG at 9600 8E1, and the registers' words.
    let reads: [(u16, u16, Vec<u16>); 5] = [
        (
            2999,
            6,
            image(
                3000,
                6,
                &[
                    (3000, &f32_words(12.5)), // current A, A
                    (3002, &f32_words(11.0)), // current B
                    (3004, &not_available),   // current C: not available
                ],
            ),
        ),
        (
            3027,
            6,
            image(
                3028,
                6,
                &[
                    (3028, &f32_words(230.5)), // voltage A-N, V
                    (3030, &f32_words(231.0)),
                    (3032, &f32_words(229.5)),
                ],
            ),
        ),
        (
            3059,
            26,
            image(
                3060,
                26,
                &[
                    (3060, &f32_words(7.25)), // active power total, kW
                    (3068, &f32_words(-1.5)), // reactive power total, kvar
                    (3076, &f32_words(7.4)),  // apparent power total, kVA
                    (3084, &f32_words(1.1)),  // PF total, 4Q form: 0.9 leading (Q4)
                ],
            ),
        ),
        (3109, 2, vec![0x4248, 0x0000]), // 50.0 Hz
        (3203, 4, energy.to_vec()),      // active energy delivered, INT64 Wh
    ];
    let mut serial = Vec::new();
    for (wire, count, words) in &reads {
        exchange(&mut serial, request(*wire, *count), Some(reply(words)));
    }
    let delays = vec![Delay::delay_ns(T35_NS); 5];
    let mut uart = SerialMock::new(&serial);
    let mut delay = CheckedDelay::new(&delays);

    let s = poll_dashboard(&mut uart, &mut delay).unwrap();

    uart.done();
    delay.done();
    assert_eq!(s.get(Quantity::CurrentA), Some(12.5));
    assert_eq!(s.get(Quantity::CurrentB), Some(11.0));
    assert_eq!(s.get(Quantity::CurrentC), None);
    assert_eq!(s.get(Quantity::VoltageAN), Some(230.5));
    assert_eq!(s.get(Quantity::VoltageBN), Some(231.0));
    assert_eq!(s.get(Quantity::VoltageCN), Some(229.5));
    assert_eq!(s.get(Quantity::ActivePowerTotal), Some(7250.0), "kW → W");
    assert_eq!(s.get(Quantity::ReactivePowerTotal), Some(-1500.0));
    let va = s.get(Quantity::ApparentPowerTotal).unwrap();
    assert!((va - 7400.0).abs() < 0.001, "{va}");
    let pf = s.power_factor(Quantity::PowerFactorTotal).unwrap();
    assert!((pf.value - 0.9).abs() < 1e-6, "{}", pf.value);
    assert_eq!(pf.character, PfCharacter::Leading);
    assert_eq!(pf.quadrant, Some(Quadrant::Q4));
    assert_eq!(s.get(Quantity::Frequency), Some(50.0));
    assert_eq!(
        s.get(Quantity::ActiveEnergyDelivered),
        Some(123_456_789_012.0)
    );
    assert_eq!(
        s.len(),
        11,
        "12 dashboard quantities, current C not available"
    );
}

#[test]
fn a_silent_meter_times_out_after_the_first_request_and_frees_the_uart() {
    // The first reply would be 17 bytes: deadline 100 ms + 17 characters (19 479 166 ns)
    // + t3.5, polled every quarter character (286 458 ns).
    let deadline: u64 = 100_000_000 + 19_479_166 + u64::from(T35_NS);
    let poll: u64 = 286_458;
    let mut delays = vec![Delay::delay_ns(T35_NS)];
    let mut left = deadline;
    while left > 0 {
        let step = left.min(poll);
        delays.push(Delay::delay_ns(step as u32));
        left -= step;
    }
    let polls = delays.len(); // one per delay after the send, plus a last look
    let mut serial = Vec::new();
    exchange(&mut serial, request(2999, 6), None);
    serial.extend((0..polls).map(|_| Serial::read_error(nb::Error::WouldBlock)));
    let mut uart = SerialMock::new(&serial);
    let mut delay = CheckedDelay::new(&delays);

    assert_eq!(
        poll_dashboard(&mut uart, &mut delay).unwrap_err().error,
        Error::Timeout
    );
    // The caller still owns both and can try again.
    uart.done();
    delay.done();
}
