//! `ems demo`: 79 simulated EM6400NG meters (a plant: one dead, a few flaky) on the line-timed
//! 19200-baud RS-485 bus emulator, polled with planned reads and shown live, with the measured
//! cycle time next to the planner's model.

use std::io::{IsTerminal, Write};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use anyhow::Result;
use clap::Args;
use schneider_em::sim::line::{BusLink, LineBus};
use schneider_em::sim::server::serve_line;
use schneider_em::sim::{Faults, SimDevices, SimHandle, SimMeter};
use schneider_em::transport::RtuTiming;
use schneider_em::{
    Error, LinkParams, Meter, Model, Parity, Plan, Preset, Quantity, Rtu, Snapshot, UnitId,
};

/// `ems demo` options.
#[derive(Args, Debug)]
pub struct DemoArgs {
    /// Stop after this many polling cycles (0 = until interrupted).
    #[arg(long, default_value_t = 0)]
    pub cycles: u32,
    /// Number of simulated meters.
    #[arg(long, default_value_t = 79, value_parser = clap::value_parser!(u8).range(1..=247))]
    pub meters: u8,
    /// Baud rate of the emulated bus.
    #[arg(long, default_value_t = 19_200, value_parser = clap::value_parser!(u32).range(1200..=1_000_000))]
    pub baud: u32,
    /// Meter turnaround in ms.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(0..=10_000))]
    pub turnaround_ms: u64,
    /// One line per cycle instead of the live table (automatic when stdout is not a terminal).
    #[arg(long)]
    pub plain: bool,
}

const AREAS: [&str; 12] = [
    "Grid Incomer",
    "Compressor",
    "Chiller",
    "Boiler Feed Pump",
    "Paint Line",
    "Press",
    "Welding Bay",
    "HVAC AHU",
    "Lighting DB",
    "Cooling Tower",
    "Packing Line",
    "Office DB",
];

/// Plant names: "Grid Incomer", "Compressor 1", …
pub fn plant_name(unit: u8) -> String {
    if unit == 1 {
        return AREAS[0].to_string();
    }
    let area = AREAS[1 + usize::from(unit - 2) % (AREAS.len() - 1)];
    format!("{area} {}", 1 + usize::from(unit - 2) / (AREAS.len() - 1))
}

/// Health of one polled meter.
#[derive(Clone, Debug, Default)]
pub struct Health {
    /// Successful reads.
    pub ok: u64,
    /// Failed reads.
    pub failed: u64,
    /// Consecutive failures.
    pub streak: u32,
    /// Last error, one line.
    pub last_error: Option<String>,
    /// Cycles to skip before trying an offline meter again.
    pub backoff: u32,
}

impl Health {
    /// "ok", "retry" or "OFFLINE".
    pub fn status(&self) -> &'static str {
        match self.streak {
            0 => "ok",
            1..=2 => "retry",
            _ => "OFFLINE",
        }
    }
}

fn describe(e: &Error<std::io::Error>) -> String {
    match e {
        Error::Timeout => "no reply".into(),
        Error::Exception(c) => c.to_string(),
        other => other.to_string(),
    }
}

/// The modelled bus time of one strict read of `plan`: every request's cost up to the one that
/// failed; a request that timed out costs its request on the wire, the reply timeout and the
/// late-reply guard the link keeps after it, then the t3.5 silence.
fn modelled_read_ns(
    plan: &Plan,
    link: &LinkParams,
    timing: &RtuTiming,
    error: Option<&schneider_em::ReadError<std::io::Error>>,
) -> u64 {
    let Some(e) = error else {
        return plan.bus_time_ns();
    };
    let failed = e
        .request
        .and_then(|r| plan.requests().iter().position(|p| p.start == r.start()))
        .unwrap_or(0);
    let before: u64 = plan.requests()[..failed]
        .iter()
        .map(|r| link.request_cost_ns(r.count))
        .sum();
    let count = plan.requests().get(failed).map_or(1, |r| r.count);
    let this = match e.error {
        Error::Timeout => {
            timing.chars_ns(8)
                + timing.reply_timeout_ns(5 + 2 * usize::from(count))
                + timing.late_reply_guard_ns()
                + timing.t35_ns()
        }
        _ => link.request_cost_ns(count),
    };
    before + this
}

pub fn run(a: DemoArgs) -> Result<()> {
    // Allow twice the meters' turnaround (at least 50 ms) before calling a meter silent.
    let allowance_us = (2 * a.turnaround_ms * 1000).max(50_000);
    let timing =
        RtuTiming::new(a.baud, Parity::Even, 1).with_turnaround_allowance_us(allowance_us as u32);
    let link = LinkParams::new(a.baud).with_turnaround_us((a.turnaround_ms * 1000) as u32);
    let model = Model::Em6400Ng;
    let mut devices = SimDevices::new(2026);
    for u in 1..=a.meters {
        let mut faults = Faults::default();
        if u == 13 {
            faults.dead = true;
        }
        if u % 17 == 5 {
            faults.no_reply_probability = 0.15;
        }
        if u == 29 {
            faults.corrupt_crc_probability = 0.1;
        }
        devices.add(
            SimMeter::new(model, u, 2026)
                .with_name(&plant_name(u))
                .with_turnaround(Duration::from_millis(a.turnaround_ms))
                .with_faults(faults),
        );
    }
    let handle = SimHandle::new(devices);
    let bus = LineBus::new(timing);
    let _server = serve_line(&bus, handle.clone());
    let mut rtu = Rtu::new(BusLink::new(bus.attach(), timing));
    let plan: Plan = Plan::preset(model, Preset::Dashboard, &link)?;
    let per_meter = plan.bus_time_ns() as f64 / 1e9;
    let live = !a.plain && std::io::stdout().is_terminal();
    let stop = crate::sim::interrupt_flag();

    let mut health: Vec<Health> = vec![Health::default(); usize::from(a.meters) + 1];
    let mut last: Vec<Option<Snapshot>> = vec![None; usize::from(a.meters) + 1];
    out!(
        "ems demo: {} simulated {} meters on an emulated RS-485 bus, {} baud 8E1, turnaround {} ms; plan: {} requests, {:.1} ms per meter (naive {} requests, {:.1} ms)",
        a.meters,
        model,
        a.baud,
        a.turnaround_ms,
        plan.requests().len(),
        per_meter * 1000.0,
        plan.naive().requests,
        plan.naive().bus_time_ns as f64 / 1e6
    );
    let mut cycle = 0u32;
    let mut last_draw = Instant::now() - Duration::from_secs(1);
    let mut previous: Option<(f64, f64)> = None;
    while a.cycles == 0 || cycle < a.cycles {
        cycle += 1;
        let t0 = Instant::now();
        let (mut polled, mut timeouts) = (0u32, 0u32);
        let mut modelled_ns = 0u64;
        for u in 1..=a.meters {
            if stop.load(Ordering::Relaxed) {
                return Ok(());
            }
            let h = &mut health[usize::from(u)];
            if h.backoff > 0 {
                h.backoff -= 1;
                continue;
            }
            polled += 1;
            let mut meter = Meter::new(&mut rtu, UnitId::new(u).expect("1-247"), model);
            let result = meter.read(&plan);
            modelled_ns += modelled_read_ns(&plan, &link, &timing, result.as_ref().err());
            match result {
                Ok(s) => {
                    h.ok += 1;
                    h.streak = 0;
                    last[usize::from(u)] = Some(s);
                }
                Err(e) => {
                    h.failed += 1;
                    h.streak += 1;
                    if matches!(e.error, Error::Timeout) {
                        timeouts += 1;
                    }
                    h.last_error = Some(describe(&e.error));
                    if h.streak >= 3 {
                        // Offline: retry every fourth cycle so a dead meter costs little.
                        h.backoff = 3;
                    }
                }
            }
            if live && last_draw.elapsed() >= Duration::from_millis(300) {
                draw(
                    &a,
                    &health,
                    &last,
                    cycle,
                    previous,
                    Some(t0.elapsed().as_secs_f64()),
                );
                last_draw = Instant::now();
            }
        }
        let measured = t0.elapsed().as_secs_f64();
        let modelled = modelled_ns as f64 / 1e9;
        previous = Some((measured, modelled));
        if live {
            draw(&a, &health, &last, cycle, previous, None);
            last_draw = Instant::now();
        } else {
            let online = health
                .iter()
                .skip(1)
                .filter(|h| h.streak == 0 && h.ok > 0)
                .count();
            out!(
                "cycle {cycle}: {polled} meters polled, {online} online, {timeouts} timeouts; measured {measured:.3} s, model {modelled:.3} s ({:+.1} %)",
                (measured / modelled - 1.0) * 100.0
            );
        }
        let _ = std::io::stdout().flush();
    }
    Ok(())
}

fn draw(
    a: &DemoArgs,
    health: &[Health],
    last: &[Option<Snapshot>],
    cycle: u32,
    previous: Option<(f64, f64)>,
    partial: Option<f64>,
) {
    let mut out = String::new();
    out.push_str("\x1b[H\x1b[2J");
    out.push_str(&format!(
        "ems demo — {} simulated EM6400NG meters, {} baud, cycle {cycle}{}   (Ctrl-C to stop)\n",
        a.meters,
        a.baud,
        partial
            .map(|t| format!(" in progress {t:.1} s"))
            .unwrap_or_default()
    ));
    if let Some((m, model)) = previous {
        out.push_str(&format!(
            "last cycle: measured {m:.3} s, model {model:.3} s ({:+.1} %)\n",
            (m / model - 1.0) * 100.0
        ));
    }
    out.push_str(&format!(
        "{:>4} {:<22} {:<7} {:>7} {:>7} {:>9} {:>6} {:>6} {:>12}  {}\n",
        "unit", "name", "health", "V A-N", "I A", "P kW", "PF", "Hz", "E kWh", "last error"
    ));
    let rows: Vec<String> = (1..=a.meters)
        .map(|u| {
            let h = &health[usize::from(u)];
            let s = last[usize::from(u)].as_ref();
            let v = |q: Quantity, scale: f64, prec: usize| {
                s.and_then(|s| s.get(q))
                    .map(|x| format!("{:.*}", prec, x / scale))
                    .unwrap_or_else(|| "-".into())
            };
            format!(
                "{:>4} {:<22} {:<7} {:>7} {:>7} {:>9} {:>6} {:>6} {:>12}  {}",
                u,
                plant_name(u),
                h.status(),
                v(Quantity::VoltageAN, 1.0, 1),
                v(Quantity::CurrentA, 1.0, 1),
                v(Quantity::ActivePowerTotal, 1000.0, 2),
                v(Quantity::PowerFactorTotal, 1.0, 3),
                v(Quantity::Frequency, 1.0, 2),
                v(Quantity::ActiveEnergyDelivered, 1000.0, 1),
                if h.streak > 0 {
                    h.last_error.clone().unwrap_or_default()
                } else {
                    String::new()
                }
            )
        })
        .collect();
    for r in rows {
        out.push_str(&r);
        out.push('\n');
    }
    crate::write_stdout(format_args!("{out}"), false);
    let _ = std::io::stdout().flush();
}
