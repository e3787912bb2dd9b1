//! The firmware's logic, kept free of any chip so it runs on the host under test: poll one
//! EM6400NG's dashboard through schneider-em's embedded-hal-nb backend.
//!
//! `main.rs` only brings up the chip (clocks, UART, timer) and logs what this returns.

#![no_std]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

use embedded_hal::delay::DelayNs;
use embedded_hal_nb::serial::{Read, Write};
use schneider_em::transport::nb::NbUart;
use schneider_em::transport::RtuTiming;
use schneider_em::{Meter, Model, Preset, ReadError, Rtu, Snapshot, UnitId};

pub use schneider_em;

/// The meter polled.
pub const MODEL: Model = Model::Em6400Ng;

/// The line timing of the meter's factory serial settings (EM6400NG: 9600 baud, 8E1).
pub fn line_timing() -> RtuTiming {
    let serial = MODEL.map().serial;
    RtuTiming::new(serial.baud, serial.parity, serial.stop_bits)
}

/// The meter's unit id: the EM6400NG's factory default, 1 (checked against the register map
/// by the tests).
pub const UNIT: UnitId = match UnitId::new(1) {
    Some(unit) => unit,
    None => panic!("1 is a valid unit id"), // evaluated at compile time
};

/// Reads the dashboard preset (phase currents and voltages, total powers, power factor,
/// frequency, delivered energy) from the meter at its factory unit id on `uart`, a UART set
/// to the meter's factory settings ([`line_timing`]), using `delay` as the clock.
///
/// The meter's link is built for this call and dropped after it, so `uart` and `delay` stay
/// free for the caller between polls.
pub fn poll_dashboard<U, D>(uart: &mut U, delay: &mut D) -> Result<Snapshot, ReadError<U::Error>>
where
    U: Read<u8> + Write<u8>,
    D: DelayNs,
{
    let link = NbUart::new(uart, delay, line_timing());
    let mut meter = Meter::new(Rtu::new(link), UNIT, MODEL);
    meter.read_preset(Preset::Dashboard)
}

#[cfg(test)]
mod tests;
