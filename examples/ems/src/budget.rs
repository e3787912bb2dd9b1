//! The modelled bus budget of a configuration: per bus, the read plan of each poll class for
//! each model present (from the library's planner), the modelled time of one round of each
//! class over the bus's meters, and the share of the bus the configured intervals take.
//!
//! Modelled reads only: no retries, no reply timeouts of silent meters, no late-reply guard.
//! A class read every T with per-round time C costs C/T of the bus; back-to-back classes
//! (`"0s"`) take whatever the others leave. No I/O.

use anyhow::{Context, Result};
use schneider_em::{LinkParams, Model, Plan, Quantity, QuantitySet};

use crate::config::{Config, Interval, PollWhat};

/// One Modbus read of a plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Read {
    /// Function code.
    pub function: u8,
    /// First documented register number.
    pub first_register: u16,
    /// Registers read.
    pub count: u16,
    /// Quantities decoded from it (empty for identity reads).
    pub quantities: Vec<Quantity>,
}

/// Meters of one model that read the same thing in a class: one plan. A group with no reads
/// (nothing of the selection is in the model's map) costs nothing and its meters are not
/// counted as reading the class.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanGroup {
    /// Their model.
    pub model: Model,
    /// What they read.
    pub what: PollWhat,
    /// Indices into [`Config::meters`].
    pub meters: Vec<usize>,
    /// The reads of one meter.
    pub reads: Vec<Read>,
    /// Registers read per meter (holes included).
    pub registers: u32,
    /// Modelled bus time per meter, ns.
    pub per_meter_ns: u64,
    /// Quantities asked for that the model does not have.
    pub unsupported: QuantitySet,
}

/// How often a class runs on a bus, over its meters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClassSchedule {
    /// No meter reads it.
    Off,
    /// Every meter reads it back to back.
    BackToBack,
    /// Every meter reads it at one interval.
    Every(std::time::Duration),
    /// Meters override the interval differently (some may be back to back).
    Mixed,
}

/// One poll class on one bus.
#[derive(Clone, Debug, PartialEq)]
pub struct ClassBudget {
    /// Index into [`Config::classes`].
    pub class: usize,
    /// The class name.
    pub name: String,
    /// The plans, one per (model, selection).
    pub groups: Vec<PlanGroup>,
    /// How often it runs.
    pub schedule: ClassSchedule,
    /// Meters that read it at an interval.
    pub scheduled_meters: usize,
    /// Meters that read it back to back.
    pub back_to_back_meters: usize,
    /// Modelled time of one round over the meters that read it at an interval, ns.
    pub scheduled_round_ns: u64,
    /// Modelled time of one round over the meters that read it back to back, ns.
    pub back_to_back_round_ns: u64,
    /// Share of the bus the scheduled part takes (1.0 = all of it).
    pub load: f64,
}

impl ClassBudget {
    /// Modelled time of one round over all its meters, ns.
    pub fn round_ns(&self) -> u64 {
        self.scheduled_round_ns + self.back_to_back_round_ns
    }
}

/// One bus's budget.
#[derive(Clone, Debug, PartialEq)]
pub struct BusBudget {
    /// Index into [`Config::buses`].
    pub bus: usize,
    /// Enabled meters on it.
    pub meters: usize,
    /// Disabled meters on it (not polled, not counted).
    pub disabled: usize,
    /// Per class, in [`Config::classes`] order (classes no meter reads included, `Off`).
    pub classes: Vec<ClassBudget>,
    /// Share of the bus the classes read at intervals take (may exceed 1.0).
    pub load: f64,
}

impl BusBudget {
    /// Modelled time of one round of all back-to-back reads, ns.
    pub fn back_to_back_round_ns(&self) -> u64 {
        self.classes.iter().map(|c| c.back_to_back_round_ns).sum()
    }

    /// The share of the bus left after the scheduled classes (0 when over budget).
    pub fn spare(&self) -> f64 {
        (1.0 - self.load).max(0.0)
    }

    /// How often the back-to-back reads come round, in seconds: their round time stretched
    /// into the spare share. `None` when there are none or there is no spare time.
    pub fn back_to_back_period_s(&self) -> Option<f64> {
        let ns = self.back_to_back_round_ns();
        (ns > 0 && self.spare() > 0.0).then(|| ns as f64 / 1e9 / self.spare())
    }

    /// Whether the intervals can be met: the scheduled classes need at most the whole bus,
    /// and back-to-back classes, if any, have some time left.
    pub fn fits(&self) -> bool {
        self.load <= 1.0 && (self.back_to_back_round_ns() == 0 || self.load < 1.0)
    }
}

/// Plans every poll class of every bus.
pub fn budget(config: &Config) -> Result<Vec<BusBudget>> {
    config
        .buses
        .iter()
        .enumerate()
        .map(|(bi, bus)| bus_budget(config, bi, &bus.link))
        .collect()
}

fn bus_budget(config: &Config, bi: usize, link: &LinkParams) -> Result<BusBudget> {
    let on_bus: Vec<usize> = (0..config.meters.len())
        .filter(|&i| config.meters[i].bus == bi)
        .collect();
    let enabled: Vec<usize> = on_bus
        .iter()
        .copied()
        .filter(|&i| config.meters[i].enabled)
        .collect();
    let mut classes = Vec::new();
    for (ci, class) in config.classes.iter().enumerate() {
        let mut groups: Vec<PlanGroup> = Vec::new();
        let mut cb = ClassBudget {
            class: ci,
            name: class.name.clone(),
            groups: Vec::new(),
            schedule: ClassSchedule::Off,
            scheduled_meters: 0,
            back_to_back_meters: 0,
            scheduled_round_ns: 0,
            back_to_back_round_ns: 0,
            load: 0.0,
        };
        let mut intervals: Vec<Interval> = Vec::new();
        for &mi in &enabled {
            let m = &config.meters[mi];
            let mp = m.poll[ci];
            if mp.interval == Interval::Off {
                continue;
            }
            let gi = match groups
                .iter()
                .position(|g| g.model == m.model && g.what == mp.what)
            {
                Some(g) => g,
                None => {
                    groups.push(plan_group(m.model, mp.what, link).with_context(|| {
                        format!(
                            "bus \"{}\", poll class \"{}\", model {}",
                            config.buses[bi].name, class.name, m.model
                        )
                    })?);
                    groups.len() - 1
                }
            };
            groups[gi].meters.push(mi);
            if groups[gi].reads.is_empty() {
                // Nothing of this selection is in the model's map: the meter is not polled
                // for this class, and does not make the class look scheduled.
                continue;
            }
            let cost = groups[gi].per_meter_ns;
            if !intervals.contains(&mp.interval) {
                intervals.push(mp.interval);
            }
            match mp.interval {
                Interval::Every(d) => {
                    cb.scheduled_meters += 1;
                    cb.scheduled_round_ns += cost;
                    cb.load += cost as f64 / d.as_nanos() as f64;
                }
                Interval::BackToBack => {
                    cb.back_to_back_meters += 1;
                    cb.back_to_back_round_ns += cost;
                }
                Interval::Off => {}
            }
        }
        cb.schedule = match intervals.as_slice() {
            [] => ClassSchedule::Off,
            [Interval::BackToBack] => ClassSchedule::BackToBack,
            [Interval::Every(d)] => ClassSchedule::Every(*d),
            _ => ClassSchedule::Mixed,
        };
        cb.groups = groups;
        classes.push(cb);
    }
    let load = classes.iter().map(|c| c.load).sum();
    Ok(BusBudget {
        bus: bi,
        meters: enabled.len(),
        disabled: on_bus.len() - enabled.len(),
        classes,
        load,
    })
}

fn plan_group(model: Model, what: PollWhat, link: &LinkParams) -> Result<PlanGroup> {
    match what {
        PollWhat::Quantities(set) => {
            let plan: Plan<{ Quantity::COUNT }> =
                Plan::new(model, &set, link).context("cannot plan the reads")?;
            let reads = plan
                .requests()
                .iter()
                .enumerate()
                .map(|(i, r)| Read {
                    function: r.function.code(),
                    first_register: r.first_register().get(),
                    count: r.count,
                    quantities: plan.request_quantities(i).map(|(q, _)| q).collect(),
                })
                .collect();
            Ok(PlanGroup {
                model,
                what,
                meters: Vec::new(),
                reads,
                registers: plan.registers_read(),
                per_meter_ns: plan.bus_time_ns(),
                unsupported: plan.unsupported(),
            })
        }
        PollWhat::Identity => {
            let reads = identity_reads(model);
            let registers = reads.iter().map(|r| u32::from(r.count)).sum();
            let per_meter_ns = reads.iter().map(|r| link.request_cost_ns(r.count)).sum();
            Ok(PlanGroup {
                model,
                what,
                meters: Vec::new(),
                reads,
                registers,
                per_meter_ns,
                unsupported: QuantitySet::EMPTY,
            })
        }
    }
}

/// The identity registers as reads of touching runs (the driver may merge further, so this
/// is an upper bound of its cost).
fn identity_reads(model: Model) -> Vec<Read> {
    let map = model.map();
    let id = &map.identity;
    let mut spans: Vec<(u16, u16)> = [
        id.meter_name,
        id.model_name,
        id.manufacturer,
        id.product_id,
        id.serial_number,
        id.manufacture_date,
        id.hardware_revision,
    ]
    .into_iter()
    .flatten()
    .filter_map(|n| map.register(n).map(|r| (n.get(), r.last())))
    .collect();
    if let Some(n) = id.firmware_version {
        spans.push((n.get(), n.get() + 4));
    }
    spans.sort_unstable();
    let mut merged: Vec<(u16, u16)> = Vec::new();
    for (s, e) in spans {
        match merged.last_mut() {
            Some(last) if s <= last.1 + 1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
        .into_iter()
        .map(|(s, e)| Read {
            function: map.read_function.code(),
            first_register: s,
            count: e - s + 1,
            quantities: Vec::new(),
        })
        .collect()
}
