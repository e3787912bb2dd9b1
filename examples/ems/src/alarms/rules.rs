//! Rules compiled for evaluation: the configuration's `[[alarm]]` entries turned into one
//! alarm *point* per (rule, meter), indexed by meter so a reading touches only its meter's
//! points, and the value each kind derives from a reading.
//!
//! This module holds no state and does no I/O; [`super::engine`] keeps the states.

use std::collections::HashMap;
use std::sync::Arc;

use schneider_em::Quantity;

use crate::config::{AlarmKind, AlarmSettings, Config, Priority};

use super::state::Timing;

/// One rule, ready to evaluate.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    /// Unique name.
    pub name: Arc<str>,
    /// What it watches.
    pub kind: AlarmKind,
    /// The quantity of a `threshold` rule.
    pub quantity: Option<Quantity>,
    /// Raised above this value (for `demand`: kVA, from the percentage).
    pub above: Option<f64>,
    /// Raised below this value.
    pub below: Option<f64>,
    /// Hysteresis in the value's unit (kVA for `demand`).
    pub deadband: f64,
    /// Delays and latching.
    pub timing: Timing,
    /// Priority.
    pub priority: Priority,
    /// Optional text shown with the alarm.
    pub message: Option<String>,
}

/// One alarm point: a rule on one meter.
#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    /// Index into [`CompiledRules::rules`].
    pub rule: usize,
    /// The meter's name.
    pub meter: Arc<str>,
}

/// Every enabled rule on every meter it applies to.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CompiledRules {
    /// The rules.
    pub rules: Vec<Rule>,
    /// The points, in rule order then meter order.
    pub points: Vec<Point>,
    /// Point indices by meter name.
    pub by_meter: HashMap<Arc<str>, Vec<usize>>,
    /// The demand block, ms.
    pub demand_block_ms: i64,
}

impl CompiledRules {
    /// Compiles the configuration's rules (disabled rules are left out).
    pub fn from_config(config: &Config) -> CompiledRules {
        let names: Vec<&str> = config.meters.iter().map(|m| m.name.as_str()).collect();
        Self::compile(&config.alarms, &names)
    }

    /// Compiles `settings` for meters named `meters` (rule meter indices index it).
    pub fn compile(settings: &AlarmSettings, meters: &[&str]) -> CompiledRules {
        let mut out = CompiledRules {
            demand_block_ms: settings.demand_block.as_millis() as i64,
            ..CompiledRules::default()
        };
        let meter_names: Vec<Arc<str>> = meters.iter().map(|m| Arc::from(*m)).collect();
        for r in settings.rules.iter().filter(|r| r.enabled) {
            let (mut above, mut deadband) = (r.above, r.deadband);
            if r.kind == AlarmKind::Demand {
                let contract = settings.contract_demand_kva.unwrap_or(f64::INFINITY);
                above = r.percent.map(|p| p / 100.0 * contract);
                deadband = r.deadband / 100.0 * contract;
            }
            let rule = out.rules.len();
            out.rules.push(Rule {
                name: Arc::from(r.name.as_str()),
                kind: r.kind,
                quantity: r.quantity,
                above,
                below: r.below,
                deadband,
                timing: Timing {
                    on_delay_ms: r.on_delay.as_millis() as i64,
                    off_delay_ms: r.off_delay.as_millis() as i64,
                    latching: r.latching,
                },
                priority: r.priority,
                message: r.message.clone(),
            });
            for &m in &r.meters {
                let Some(meter) = meter_names.get(m) else {
                    continue;
                };
                out.by_meter
                    .entry(meter.clone())
                    .or_default()
                    .push(out.points.len());
                out.points.push(Point {
                    rule,
                    meter: meter.clone(),
                });
            }
        }
        out
    }
}

const PHASE_CURRENTS: [Quantity; 3] = [Quantity::CurrentA, Quantity::CurrentB, Quantity::CurrentC];
const PHASE_VOLTAGES: [Quantity; 3] = [
    Quantity::VoltageAN,
    Quantity::VoltageBN,
    Quantity::VoltageCN,
];

fn find(values: &[(Quantity, f64)], q: Quantity) -> Option<f64> {
    values
        .iter()
        .find(|(x, v)| *x == q && v.is_finite())
        .map(|(_, v)| *v)
}

/// The extreme of the phases present: `(quantity, value)`.
fn extreme(
    values: &[(Quantity, f64)],
    of: &[Quantity],
    better: fn(f64, f64) -> bool,
) -> Option<(Quantity, f64)> {
    let mut best: Option<(Quantity, f64)> = None;
    for &(q, v) in values {
        if v.is_finite() && of.contains(&q) && best.is_none_or(|(_, b)| better(v, b)) {
            best = Some((q, v));
        }
    }
    best
}

/// Unbalance in % from three phase values: the largest deviation from their mean.
fn unbalance(values: &[(Quantity, f64)], of: &[Quantity; 3]) -> Option<f64> {
    let mut v = [0.0; 3];
    for (slot, q) in v.iter_mut().zip(of) {
        *slot = find(values, *q)?;
    }
    let mean = (v[0] + v[1] + v[2]) / 3.0;
    if mean.abs() < 1e-9 {
        return Some(0.0);
    }
    let dev = v.iter().map(|x| (x - mean).abs()).fold(0.0, f64::max);
    Some(dev / mean.abs() * 100.0)
}

/// What a value-based rule reads from one meter's reading: `(quantity name, value)`, or
/// `None` when the reading does not carry it (the alarm keeps its state). `demand` and
/// `offline` are fed by the engine, not from here.
pub fn value_of(rule: &Rule, values: &[(Quantity, f64)]) -> Option<(&'static str, f64)> {
    let named = |(q, v): (Quantity, f64)| (q.name(), v);
    match rule.kind {
        AlarmKind::OverCurrent => extreme(values, &PHASE_CURRENTS, |a, b| a > b).map(named),
        AlarmKind::OverVoltage => extreme(values, &PHASE_VOLTAGES, |a, b| a > b).map(named),
        AlarmKind::UnderVoltage => extreme(values, &PHASE_VOLTAGES, |a, b| a < b).map(named),
        AlarmKind::OverFrequency | AlarmKind::UnderFrequency => {
            find(values, Quantity::Frequency).map(|v| (Quantity::Frequency.name(), v))
        }
        AlarmKind::LowPowerFactor => find(values, Quantity::PowerFactorTotal)
            .map(|v| (Quantity::PowerFactorTotal.name(), v.abs())),
        AlarmKind::VoltageUnbalance => find(values, Quantity::VoltageUnbalanceLNWorst)
            .map(|v| (Quantity::VoltageUnbalanceLNWorst.name(), v))
            .or_else(|| unbalance(values, &PHASE_VOLTAGES).map(|v| ("voltage_unbalance", v))),
        AlarmKind::CurrentUnbalance => find(values, Quantity::CurrentUnbalanceWorst)
            .map(|v| (Quantity::CurrentUnbalanceWorst.name(), v))
            .or_else(|| unbalance(values, &PHASE_CURRENTS).map(|v| ("current_unbalance", v))),
        AlarmKind::Threshold => rule
            .quantity
            .and_then(|q| find(values, q).map(|v| (q.name(), v))),
        AlarmKind::Demand | AlarmKind::Offline => None,
    }
}

/// The unit printed after a rule's values.
pub fn unit_of(rule: &Rule) -> &'static str {
    match rule.kind {
        AlarmKind::OverCurrent => "A",
        AlarmKind::OverVoltage | AlarmKind::UnderVoltage => "V",
        AlarmKind::OverFrequency | AlarmKind::UnderFrequency => "Hz",
        AlarmKind::LowPowerFactor | AlarmKind::Offline => "",
        AlarmKind::VoltageUnbalance | AlarmKind::CurrentUnbalance => "%",
        AlarmKind::Demand => "kVA",
        AlarmKind::Threshold => rule.quantity.map_or("", |q| q.unit().symbol()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unbalance_is_the_largest_deviation_from_the_mean() {
        // Mean 100; phase C is 10 below: 10 %.
        let v = [
            (Quantity::CurrentA, 105.0),
            (Quantity::CurrentB, 105.0),
            (Quantity::CurrentC, 90.0),
        ];
        assert!((unbalance(&v, &PHASE_CURRENTS).unwrap() - 10.0).abs() < 1e-9);
    }
}
