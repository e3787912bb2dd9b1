//! `ems read` and `ems plan`.

use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use schneider_em::{
    LinkParams, Meter, Model, Plan, Preset, Quantity, QuantitySet, Snapshot, UnitId, WordOrder,
};
use serde_json::{json, Value};

use crate::link::{explain, LinkArgs, ModelArg};

/// Preset on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PresetArg {
    /// Currents, L-N voltages, total P/Q/S, total PF, frequency, delivered energy.
    Dashboard,
    /// Every measurement the model has.
    All,
}

impl From<PresetArg> for Preset {
    fn from(p: PresetArg) -> Preset {
        match p {
            PresetArg::Dashboard => Preset::Dashboard,
            PresetArg::All => Preset::All,
        }
    }
}

/// What to read.
#[derive(Args, Clone, Debug)]
pub struct Selection {
    /// Meter model.
    #[arg(long, value_enum, default_value_t = ModelArg::Em6400ng)]
    pub model: ModelArg,
    /// A named set of quantities.
    #[arg(long, value_enum, conflicts_with = "quantities")]
    pub preset: Option<PresetArg>,
    /// Comma-separated quantity names (e.g. active_power_total,frequency).
    #[arg(long, value_name = "A,B,C", value_delimiter = ',')]
    pub quantities: Vec<String>,
}

impl Selection {
    /// The quantity set, with unknown names rejected.
    pub fn quantities(&self) -> Result<QuantitySet> {
        let model: Model = self.model.into();
        if self.quantities.is_empty() {
            let preset: Preset = self.preset.unwrap_or(PresetArg::Dashboard).into();
            return Ok(preset.quantities_for(model));
        }
        let mut set = QuantitySet::EMPTY;
        for name in &self.quantities {
            let name = name.trim();
            if name.is_empty() {
                continue;
            }
            match Quantity::from_name(name) {
                Some(q) => {
                    set.insert(q);
                }
                None => bail!("unknown quantity '{name}' (see `ems plan --model {} --preset all` for the names)", model),
            }
        }
        if set.is_empty() {
            bail!("--quantities is empty");
        }
        Ok(set)
    }
}

/// `ems read` options.
#[derive(Args, Debug)]
pub struct ReadArgs {
    #[command(flatten)]
    pub link: LinkArgs,
    /// Unit id of the meter (1-247).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=247))]
    pub unit: u8,
    #[command(flatten)]
    pub selection: Selection,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Read again every SECS seconds until interrupted.
    #[arg(long, value_name = "SECS")]
    pub watch: Option<f64>,
    /// Override the map's float word order (e.g. for an EM6436 that sends high word first;
    /// `ems probe` tells which order gives plausible values).
    #[arg(long, value_enum)]
    pub float_word_order: Option<WordOrderArg>,
}

/// Float word order on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum WordOrderArg {
    /// Most significant word first (ABCD).
    HighWordFirst,
    /// Least significant word first (CDAB).
    LowWordFirst,
}

impl From<WordOrderArg> for WordOrder {
    fn from(o: WordOrderArg) -> WordOrder {
        match o {
            WordOrderArg::HighWordFirst => WordOrder::HighWordFirst,
            WordOrderArg::LowWordFirst => WordOrder::LowWordFirst,
        }
    }
}

pub fn format_value(v: f64) -> String {
    if v == v.trunc() && v.abs() < 1e15 {
        format!("{v:.0}")
    } else if v.abs() >= 100.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.4}")
    }
}

/// The JSON object of a reading.
pub fn reading_json(
    unit: u8,
    model: Model,
    wanted: &QuantitySet,
    plan: &Plan<{ Quantity::COUNT }>,
    s: &Snapshot,
) -> Value {
    let mut values = Vec::new();
    let mut unavailable = Vec::new();
    for q in wanted.iter() {
        match (s.get(q), plan.source(q)) {
            (Some(v), Some(reg)) => {
                let mut entry = json!({"quantity": q.name(), "register": reg.get(), "value": v, "unit": q.unit().symbol()});
                if let Some(pf) = s.power_factor(q) {
                    entry["character"] = json!(format!("{:?}", pf.character).to_lowercase());
                    entry["quadrant"] = match pf.quadrant {
                        Some(qd) => json!(format!("{qd:?}")),
                        None => Value::Null,
                    };
                }
                values.push(entry);
            }
            _ => unavailable.push(q.name()),
        }
    }
    json!({"unit": unit, "model": model.name(), "values": values, "unavailable": unavailable})
}

fn print_table(
    unit: u8,
    model: Model,
    wanted: &QuantitySet,
    plan: &Plan<{ Quantity::COUNT }>,
    s: &Snapshot,
) {
    out!("unit {unit} ({model})");
    out!(
        "  {:<40} {:>16} {:<5} {:>8}",
        "quantity",
        "value",
        "unit",
        "register"
    );
    let mut missing = Vec::new();
    for q in wanted.iter() {
        match (s.get(q), plan.source(q)) {
            (Some(v), Some(reg)) => {
                let mut value = format_value(v);
                if let Some(pf) = s.power_factor(q) {
                    value = format!("{value} {:?}", pf.character).to_lowercase();
                }
                out!(
                    "  {:<40} {:>16} {:<5} {:>8}",
                    q.name(),
                    value,
                    q.unit().symbol(),
                    reg.get()
                );
            }
            _ => missing.push(q.name()),
        }
    }
    if !missing.is_empty() {
        out!("  not available: {}", missing.join(", "));
    }
}

pub fn run(a: ReadArgs) -> Result<()> {
    let model: Model = a.selection.model.into();
    let wanted = a.selection.quantities()?;
    let link = a.link.link_params();
    let plan: Plan<{ Quantity::COUNT }> =
        Plan::new(model, &wanted, &link).context("cannot plan the read")?;
    let every = match a.watch {
        None => None,
        Some(w) => match Duration::try_from_secs_f64(w) {
            Ok(d) if d > Duration::ZERO && d <= Duration::from_secs(86_400) => Some(d),
            _ => bail!("--watch needs a number of seconds in (0, 86400]"),
        },
    };
    let transport = a.link.open()?;
    let unit = UnitId::new(a.unit).context("unit id must be 1-247")?;
    let mut meter = Meter::new(transport, unit, model).with_link(link);
    if let Some(order) = a.float_word_order {
        meter = meter.with_float_word_order(order.into());
    }
    let stop = ems::shutdown::token();
    loop {
        let started = Instant::now();
        let snapshot = meter.read(&plan).map_err(|e| match &e.request {
            Some(r) => anyhow::anyhow!("{} (reading {r})", explain(&e.error, a.unit, &a.link)),
            None => anyhow::anyhow!(explain(&e.error, a.unit, &a.link)),
        })?;
        if a.json {
            out!("{}", reading_json(a.unit, model, &wanted, &plan, &snapshot));
        } else {
            print_table(a.unit, model, &wanted, &plan, &snapshot);
        }
        let Some(every) = every else { return Ok(()) };
        let next = started + every;
        while Instant::now() < next {
            if stop.is_cancelled() {
                return Ok(());
            }
            std::thread::sleep(
                Duration::from_millis(50).min(next.saturating_duration_since(Instant::now())),
            );
        }
        if stop.is_cancelled() {
            return Ok(());
        }
    }
}

/// `ems plan` options.
#[derive(Args, Debug)]
pub struct PlanArgs {
    #[command(flatten)]
    pub selection: Selection,
    /// Baud rate.
    #[arg(long, default_value_t = 9600, value_parser = clap::value_parser!(u32).range(300..=1_000_000))]
    pub baud: u32,
    /// Meter turnaround assumed, in ms.
    #[arg(long, default_value_t = 10.0)]
    pub turnaround_ms: f64,
    /// Largest read to plan (below the model's limit).
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=125))]
    pub max_registers: Option<u16>,
    /// Meters on the bus, for the cycle time.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=247))]
    pub meters: u32,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn plan(a: PlanArgs) -> Result<()> {
    if !(a.turnaround_ms.is_finite() && (0.0..=10_000.0).contains(&a.turnaround_ms)) {
        bail!("--turnaround-ms must be 0-10000");
    }
    let model: Model = a.selection.model.into();
    let set = a.selection.quantities()?;
    let mut link =
        LinkParams::new(a.baud).with_turnaround_us((a.turnaround_ms * 1000.0).round() as u32);
    link.max_registers = a.max_registers;
    let p: Plan<{ Quantity::COUNT }> = Plan::new(model, &set, &link).context("cannot plan")?;
    let ms = |ns: u64| ns as f64 / 1e6;
    let naive = p.naive();
    if a.json {
        let requests: Vec<Value> = p
            .requests()
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let qs: Vec<&str> = p.request_quantities(i).map(|(q, _)| q.name()).collect();
                json!({"function": r.function.code(), "address": r.start.get(), "count": r.count, "quantities": qs})
            })
            .collect();
        let unsupported: Vec<&str> = p.unsupported().iter().map(|q| q.name()).collect();
        let out = json!({
            "model": model.name(),
            "baud": a.baud,
            "turnaround_ms": a.turnaround_ms,
            "meters": a.meters,
            "requests": requests,
            "registers_read": p.registers_read(),
            "bus_time_ms_per_meter": ms(p.bus_time_ns()),
            "cycle_ms": ms(p.cycle_time_ns(a.meters)),
            "naive": {
                "requests": naive.requests,
                "registers_read": naive.registers,
                "bus_time_ms_per_meter": ms(naive.bus_time_ns),
                "cycle_ms": ms(naive.bus_time_ns) * f64::from(a.meters),
            },
            "unsupported": unsupported,
        });
        out!("{out}");
        return Ok(());
    }
    out!(
        "{model}: {} quantities at {} baud 8E1, turnaround {} ms",
        set.len(),
        a.baud,
        a.turnaround_ms
    );
    out!("  #  fc  wire addr  registers    count  quantities");
    for (i, r) in p.requests().iter().enumerate() {
        let names: Vec<&str> = p.request_quantities(i).map(|(q, _)| q.name()).collect();
        out!(
            "  {:<2} {:>2}  {:>9}  {:>5}-{:<5}  {:>5}  {}",
            i + 1,
            r.function.code(),
            r.start.get(),
            r.first_register(),
            r.first_register().get() + r.count - 1,
            r.count,
            names.join(", ")
        );
    }
    if !p.unsupported().is_empty() {
        let names: Vec<&str> = p.unsupported().iter().map(|q| q.name()).collect();
        out!("  not in the {model} map: {}", names.join(", "));
    }
    out!(
        "planned: {} requests, {} registers, {:.1} ms per meter, {:.2} s per {}-meter cycle",
        p.requests().len(),
        p.registers_read(),
        ms(p.bus_time_ns()),
        ms(p.cycle_time_ns(a.meters)) / 1000.0,
        a.meters
    );
    let ratio = if p.bus_time_ns() == 0 {
        1.0
    } else {
        naive.bus_time_ns as f64 / p.bus_time_ns() as f64
    };
    out!(
        "naive:   {} requests, {} registers, {:.1} ms per meter, {:.2} s per cycle ({ratio:.2}x the plan)",
        naive.requests,
        naive.registers,
        ms(naive.bus_time_ns),
        ms(naive.bus_time_ns) * f64::from(a.meters) / 1000.0
    );
    Ok(())
}
