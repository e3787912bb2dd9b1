//! Alarm evaluation cost per meter reading.
//!
//! `cargo bench -p ems --bench alarms [-- REPS READS]` (defaults 7 and 400000)
//!
//! 80 meters; 7 rules, all applying to every meter (over-current, under- and over-voltage, low
//! PF, voltage unbalance, a threshold on total kW, offline) plus a demand rule on the first
//! meter: 7 or 8 alarm points per meter. One "reading" is one meter's 30 values (phase
//! currents and voltages, P/Q/S, PF, frequency, …) passed to `AlarmEngine::on_reading`, the
//! meters taking turns, one simulated second apart. Scenario "quiet": every value is normal, so
//! no transition (the steady state: no database write, no notification). Scenario "tick": the
//! cost of `AlarmEngine::tick` over all 600+ points. Prints each run and the median, in ns.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use ems::alarms::{AlarmEngine, AlarmStore, CompiledRules, ManualClock};
use ems::config::Config;
use schneider_em::{Quantity, QuantityKind};

const METERS: usize = 80;
const T0: i64 = 1_772_323_200_000;

fn config() -> Config {
    let mut s = String::from(
        "site = \"Bench\"\ntimezone = \"UTC\"\n\n[[bus]]\nname = \"a\"\nport = \"/dev/null\"\n\n",
    );
    for m in 0..METERS {
        let parent = if m == 0 { String::new() } else { "m0".into() };
        s += &format!(
            "[[meter]]\nname = \"m{m}\"\nbus = \"a\"\nunit = {}\nmodel = \"em6400ng\"\nparent = \"{parent}\"\n\n",
            m + 1
        );
    }
    s += r#"
[alarms]
contract_demand_kva = 5000

[[alarm]]
kind = "over_current"
above = 900
deadband = 20
on_delay = "10s"

[[alarm]]
kind = "under_voltage"
below = 207
deadband = 3

[[alarm]]
kind = "over_voltage"
above = 253
deadband = 3

[[alarm]]
kind = "low_pf"
below = 0.9
deadband = 0.01

[[alarm]]
kind = "voltage_unbalance"
above = 3

[[alarm]]
kind = "threshold"
quantity = "active_power_total"
above = 800000

[[alarm]]
kind = "offline"

[[alarm]]
kind = "demand"
meter = "m0"
percent = 90
"#;
    Config::parse(&s, "bench.toml").expect("bench config")
}

fn reading() -> Vec<(Quantity, f64)> {
    let mut v: Vec<(Quantity, f64)> = vec![
        (Quantity::CurrentA, 410.0),
        (Quantity::CurrentB, 405.0),
        (Quantity::CurrentC, 398.0),
        (Quantity::VoltageAN, 231.0),
        (Quantity::VoltageBN, 229.5),
        (Quantity::VoltageCN, 230.2),
        (Quantity::ActivePowerTotal, 270_000.0),
        (Quantity::ReactivePowerTotal, 60_000.0),
        (Quantity::ApparentPowerTotal, 280_000.0),
        (Quantity::PowerFactorTotal, 0.96),
        (Quantity::Frequency, 50.01),
    ];
    let extra = Quantity::ALL
        .iter()
        .filter(|q| q.kind() == QuantityKind::Instantaneous && !v.iter().any(|(x, _)| x == *q))
        .take(30 - v.len())
        .map(|q| (*q, 1.0))
        .collect::<Vec<_>>();
    v.extend(extra);
    v
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let reps: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(7);
    let reads: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(400_000);

    let dir: PathBuf =
        std::env::temp_dir().join(format!("ems-bench-alarms-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cfg = config();
    let rules = CompiledRules::from_config(&cfg);
    let points = rules.points.len();
    let clock = Arc::new(ManualClock::new(T0));
    let mut engine =
        AlarmEngine::new(rules, AlarmStore::open(&dir).unwrap(), clock).expect("engine");
    let names: Vec<String> = (0..METERS).map(|m| format!("m{m}")).collect();
    let values = reading();
    println!(
        "{METERS} meters, {points} alarm points, {} values per reading, {reads} readings per run",
        values.len()
    );

    let mut t = T0;
    let mut quiet = Vec::new();
    let mut transitions = 0usize;
    for r in 0..reps {
        let start = Instant::now();
        for i in 0..reads {
            let m = &names[i % METERS];
            transitions += engine.on_reading(m, t, &values).len();
            t += 1000 / METERS as i64;
        }
        let ns = start.elapsed().as_nanos() as f64 / reads as f64;
        println!("quiet run {r}: {ns:.1} ns per reading");
        quiet.push(ns);
    }
    assert_eq!(transitions, 0, "the quiet scenario must not raise alarms");

    let mut tick = Vec::new();
    for r in 0..reps {
        let n = 10_000;
        let start = Instant::now();
        for _ in 0..n {
            engine.tick(t);
            t += 1000;
        }
        let ns = start.elapsed().as_nanos() as f64 / n as f64;
        println!("tick run {r}: {ns:.0} ns per tick ({points} points)");
        tick.push(ns);
    }
    println!(
        "median: {:.1} ns per reading (on_reading, no transition); {:.0} ns per tick",
        median(quiet),
        median(tick)
    );
    drop(engine);
    std::fs::remove_dir_all(dir).ok();
}
