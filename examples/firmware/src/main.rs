//! Example firmware for an STM32F411 ("Black Pill", 25 MHz crystal): polls an EM6400NG's
//! dashboard once a second over RS-485 and logs it with defmt (RTT).
//!
//! Wiring: USART1 TX = PA9 → transceiver DI, RX = PA10 ← RO. The link does not drive a
//! driver-enable pin, so use a transceiver with automatic direction control (or tie DE/RE to
//! a pin raised by a UART wrapper on write and dropped after flush).
//!
//! Build: `cargo build --release --target thumbv7em-none-eabihf`; flash and watch the log with
//! `cargo run --release --target thumbv7em-none-eabihf` (probe-rs).

#![cfg_attr(target_os = "none", no_std)]
#![cfg_attr(target_os = "none", no_main)]

#[cfg(target_os = "none")]
mod firmware {
    use defmt_rtt as _;
    use panic_probe as _;

    use cortex_m_rt::entry;
    use embedded_hal::delay::DelayNs;
    use schneider_em::Parity;
    use schneider_em_firmware::{line_timing, poll_dashboard, MODEL, UNIT};
    use stm32f4xx_hal::pac;
    use stm32f4xx_hal::prelude::*;
    use stm32f4xx_hal::rcc::Config as RccConfig;
    use stm32f4xx_hal::serial::{config::Config as SerialConfig, Serial};

    #[entry]
    fn main() -> ! {
        let Some(dp) = pac::Peripherals::take() else {
            defmt::panic!("peripherals already taken");
        };
        let mut rcc = dp.RCC.freeze(RccConfig::hse(25.MHz()).sysclk(100.MHz()));
        let gpioa = dp.GPIOA.split(&mut rcc);

        let timing = line_timing();
        let mut serial = SerialConfig::default().baudrate(timing.baud.bps());
        serial = match MODEL.map().serial.parity {
            // On the STM32F4 a parity bit takes the place of the top data bit unless the word
            // length is 9, so 8 data bits with parity need `wordlength_9`.
            Parity::Even => serial.wordlength_9().parity_even(),
            Parity::Odd => serial.wordlength_9().parity_odd(),
            Parity::None => serial.wordlength_8().parity_none(),
        };
        let uart: Result<Serial<pac::USART1, u8>, _> =
            dp.USART1.serial((gpioa.pa9, gpioa.pa10), serial, &mut rcc);
        let Ok(mut uart) = uart else {
            defmt::panic!("USART1 cannot do {=u32} baud", timing.baud);
        };
        // A 32-bit timer at 1 MHz: µs resolution is ample for t3.5 (4 ms) and 287 µs polls.
        let mut delay = dp.TIM5.delay_us(&mut rcc);

        defmt::info!(
            "polling {=str} unit {=u8} at {=u32} baud",
            MODEL.name(),
            UNIT.get(),
            timing.baud
        );
        loop {
            match poll_dashboard(&mut uart, &mut delay) {
                Ok(snapshot) => {
                    for (quantity, value) in snapshot.iter() {
                        defmt::info!(
                            "{=str}: {=f64} {=str}",
                            quantity.name(),
                            value,
                            quantity.unit().symbol()
                        );
                    }
                }
                Err(e) => defmt::warn!("dashboard read failed: {}", defmt::Debug2Format(&e)),
            }
            delay.delay_ms(1000);
        }
    }
}

/// Built for the host, the binary only says what it is for; the logic is in the library and
/// its host tests.
#[cfg(not(target_os = "none"))]
fn main() {
    println!("schneider-em-firmware: build with --target thumbv7em-none-eabihf");
}
