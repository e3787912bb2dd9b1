//! Recorded history for the demo: what the plant ([`crate::plant`]) would have read over the
//! past days, fed through the collector's own pipeline (validation, counter deltas, the store)
//! exactly as live readings are, so charts and reports have content at first open and the
//! live simulation continues the same counters.
//!
//! Samples every 15 minutes up to six hours ago and every minute since; one meter's counters are
//! cleared every day at 03:00 local time (the pipeline must confirm the reset, not book a
//! spike).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use schneider_em::{Quantity, QuantityKind, QuantitySet, Snapshot};

use crate::bus::worker::{Output, Reading};
use crate::collector::Pipeline;
use crate::config::{Config, PollWhat};
use crate::plant::{Kind, Plant};

/// Where the counters ended: per meter, (active Wh, reactive varh, apparent VAh).
pub type Counters = Vec<[f64; 3]>;

/// What the history run did.
#[derive(Clone, Debug)]
pub struct HistoryReport {
    /// Meter reads written.
    pub reads: u64,
    /// Counter resets simulated.
    pub resets: u64,
    /// The counters at the end (to start the live simulation from).
    pub counters: Counters,
    /// The time of the last sample.
    pub end: SystemTime,
}

/// The energy counters the history records: the three that consumption, demand, cost and
/// power-factor reports use (writing all twelve would triple the time the history takes).
const HISTORY_COUNTERS: [Quantity; 3] = [
    Quantity::ActiveEnergyDelivered,
    Quantity::ReactiveEnergyDelivered,
    Quantity::ApparentEnergyDelivered,
];

/// What the history older than six hours holds.
const COARSE: QuantitySet = QuantitySet::from_slice(&[
    Quantity::ActivePowerTotal,
    Quantity::ReactivePowerTotal,
    Quantity::ApparentPowerTotal,
    Quantity::PowerFactorTotal,
    Quantity::Frequency,
    Quantity::VoltageAN,
    Quantity::CurrentA,
    Quantity::ActiveEnergyDelivered,
    Quantity::ReactiveEnergyDelivered,
    Quantity::ApparentEnergyDelivered,
]);

/// The quantities a meter's history holds: what its classes read, of the energy counters
/// only [`HISTORY_COUNTERS`].
fn recorded(config: &Config, meter: usize) -> QuantitySet {
    let all = config.meters[meter]
        .poll
        .iter()
        .filter_map(|p| match &p.what {
            PollWhat::Quantities(q) => Some(*q),
            PollWhat::Identity => None,
        })
        .fold(QuantitySet::EMPTY, |a, b| a.union(&b))
        .intersection(&config.meters[meter].model.map().quantities());
    all.iter()
        .filter(|q| q.kind() != QuantityKind::Energy || HISTORY_COUNTERS.contains(q))
        .collect()
}

/// A deterministic starting counter for meter `i` (some meters are years old).
fn initial_counter(i: usize) -> f64 {
    (1.0e6 + (i as f64 * 7_919.0 % 97.0) * 4.1e5).round()
}

fn value(q: Quantity, p: f64, qv: f64, v: f64, f: f64, counters: &[f64; 3]) -> Option<f64> {
    use Quantity as Q;
    let s = p.hypot(qv);
    let i = if v > 0.0 { s / 3.0 / v } else { 0.0 };
    let pf = if s > 0.0 { p / s } else { 1.0 };
    Some(match q {
        Q::CurrentA | Q::CurrentB | Q::CurrentC | Q::CurrentAvg => i,
        Q::VoltageAN | Q::VoltageBN | Q::VoltageCN | Q::VoltageLNAvg => v,
        Q::VoltageAB | Q::VoltageBC | Q::VoltageCA | Q::VoltageLLAvg => v * 3f64.sqrt(),
        Q::ActivePowerTotal => p,
        Q::ActivePowerA | Q::ActivePowerB | Q::ActivePowerC => p / 3.0,
        Q::ReactivePowerTotal => qv,
        Q::ApparentPowerTotal => s,
        Q::PowerFactorTotal => pf,
        Q::Frequency => f,
        Q::ActiveEnergyDelivered | Q::ActiveEnergyDeliveredPlusReceived | Q::ActiveEnergyNet => {
            counters[0].round()
        }
        Q::ReactiveEnergyDelivered
        | Q::ReactiveEnergyDeliveredPlusReceived
        | Q::ReactiveEnergyNet => counters[1].round(),
        Q::ApparentEnergyDelivered
        | Q::ApparentEnergyDeliveredPlusReceived
        | Q::ApparentEnergyNet => counters[2].round(),
        Q::ActiveEnergyReceived | Q::ReactiveEnergyReceived | Q::ApparentEnergyReceived => 0.0,
        _ => return None,
    })
}

fn unix(t: SystemTime) -> f64 {
    t.duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}

/// Writes `days` of history ending at `end` through `pipeline`. Returns where the counters ended.
pub fn write(
    config: &Config,
    plant: &Plant,
    pipeline: &mut Pipeline,
    days: u32,
    end: SystemTime,
) -> HistoryReport {
    let n = config.meters.len();
    let sets: Vec<QuantitySet> = (0..n).map(|m| recorded(config, m)).collect();
    // Before the last six hours only what the history charts and reports use: totals, one
    // phase's voltage and current, frequency and the three counters (per-phase detail of
    // weeks ago would triple the rows to write).
    let coarse: Vec<QuantitySet> = sets.iter().map(|s| s.intersection(&COARSE)).collect();
    let mut counters: Counters = (0..n)
        .map(|i| {
            let c = initial_counter(i);
            [c, (c * 0.3).round(), (c * 1.15).round()]
        })
        .collect();
    let end_s = unix(end).floor();
    let start_s = ((end_s - f64::from(days) * 86_400.0) / 900.0).floor() * 900.0;
    // Every minute for the last six hours (the dashboard's trend and minute zoom), every
    // 15 minutes (the billing grain) before.
    let fine_from = end_s - 6.0 * 3600.0;
    let leaves: Vec<usize> = (0..n)
        .filter(|&i| plant.nodes[i].kind != Kind::Feeder)
        .collect();
    let offset = config.timezone.to_offset(jiff::Timestamp::now()).seconds() as f64;
    let mut report = HistoryReport {
        reads: 0,
        resets: 0,
        counters: Vec::new(),
        end,
    };
    // Sample times: every 15 minutes, then every minute over the last six hours.
    let mut times = Vec::new();
    let mut t = start_s;
    while t <= end_s {
        times.push(t);
        t += if t >= fine_from { 60.0 } else { 900.0 };
    }
    // Every meter's load at every sample time (children before parents, computed once).
    let loads: Vec<Vec<(f64, f64)>> = times
        .iter()
        .map(|&t| plant.loads_at(UNIX_EPOCH + Duration::from_secs_f64(t)))
        .collect();
    // The day whose 03:00 local reset falls on each leaf, rotating through the leaves.
    let reset_leaf = |day: i64| leaves[(day.rem_euclid(leaves.len().max(1) as i64)) as usize];
    // Meter by meter (each meter's counter and rollup rows then arrive in key order, which is
    // what keeps SQLite's B-trees from seeking for every row).
    for i in 0..n {
        let mut last_day = i64::MIN;
        for (k, &t) in times.iter().enumerate() {
            if k > 0 {
                let hours = (t - times[k - 1]) / 3600.0;
                let (p0, q0) = loads[k - 1][i];
                let (p1, q1) = loads[k][i];
                counters[i][0] += (p0 + p1) / 2.0 * hours;
                counters[i][1] += (q0.abs() + q1.abs()) / 2.0 * hours;
                counters[i][2] += (p0.hypot(q0) + p1.hypot(q1)) / 2.0 * hours;
            }
            let local_day = ((t + offset) / 86_400.0).floor() as i64;
            let local_hour = (t + offset) / 3600.0 - local_day as f64 * 24.0;
            if local_hour >= 3.0 && local_day != last_day {
                last_day = local_day;
                if !leaves.is_empty() && reset_leaf(local_day) == i {
                    counters[i] = [0.0; 3];
                    report.resets += 1;
                }
            }
            let (p, q) = loads[k][i];
            let f = 50.0 + 0.05 * ((t / 37.0).sin());
            let v = 230.0 * (1.0 + 0.01 * ((t / 611.0 + i as f64).sin()));
            let mut snap = Snapshot::new(config.meters[i].model);
            let set = if t >= fine_from { &sets[i] } else { &coarse[i] };
            for quantity in set.iter() {
                if let Some(x) = value(quantity, p, q, v, f, &counters[i]) {
                    snap.set(quantity, x);
                }
            }
            pipeline.handle(Output::Reading(Box::new(Reading {
                meter: i,
                class: 0,
                time: UNIX_EPOCH + Duration::from_secs_f64(t),
                took: Duration::ZERO,
                snapshot: snap,
                missing: QuantitySet::EMPTY,
            })));
            report.reads += 1;
        }
    }
    let last = times.last().copied().unwrap_or(end_s);
    report.end = UNIX_EPOCH + Duration::from_secs_f64(last);
    report.counters = counters;
    report
}
