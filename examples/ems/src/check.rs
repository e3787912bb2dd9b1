//! `ems check`: validates a configuration file and prints, per bus, the read plan of each
//! poll class for each model present, the modelled time of a round of each class, the load
//! the configured intervals put on the bus, and whether they fit. Arguments and output only;
//! the checks are `ems::config`, the arithmetic `ems::budget`.

use std::path::PathBuf;

use anyhow::{bail, Result};
use clap::Args;
use ems::budget::{budget, BusBudget, ClassBudget, ClassSchedule, PlanGroup};
use ems::config::{format_duration, Config, PollWhat};
use serde_json::{json, Value};

/// `ems check` options.
#[derive(Args, Debug)]
pub struct CheckArgs {
    /// The configuration file.
    #[arg(long, value_name = "FILE")]
    pub config: PathBuf,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

fn secs(ns: u64) -> f64 {
    ns as f64 / 1e9
}

fn pct(load: f64) -> String {
    if load > 0.0 && load < 0.0005 {
        "<0.1 %".into()
    } else {
        format!("{:.1} %", load * 100.0)
    }
}

fn schedule_text(s: ClassSchedule) -> String {
    match s {
        ClassSchedule::Off => "off".into(),
        ClassSchedule::BackToBack => "back to back".into(),
        ClassSchedule::Every(d) => format!("every {}", format_duration(d)),
        ClassSchedule::Mixed => "intervals set per meter".into(),
    }
}

fn what_text(w: PollWhat) -> String {
    match w {
        PollWhat::Identity => "identity".into(),
        PollWhat::Quantities(q) if q.len() == 1 => "1 quantity".into(),
        PollWhat::Quantities(q) => format!("{} quantities", q.len()),
    }
}

fn meters_text(n: usize) -> String {
    if n == 1 {
        "1 meter".into()
    } else {
        format!("{n} meters")
    }
}

fn group_line(g: &PlanGroup) -> String {
    if g.reads.is_empty() && g.what == PollWhat::Identity {
        return format!(
            "{} x{}: nothing to read (the {} map has no identity registers)",
            g.model,
            g.meters.len(),
            g.model
        );
    }
    if g.reads.is_empty() {
        let mut s = format!(
            "{} x{}: nothing to read (not in the {} map)",
            g.model,
            g.meters.len(),
            g.model
        );
        if !g.unsupported.is_empty() {
            let names: Vec<&str> = g.unsupported.iter().map(|q| q.name()).collect();
            s.push_str(&format!(": {}", names.join(", ")));
        }
        return s;
    }
    let mut s = format!(
        "{} x{}: {}, {} read{}, {} registers, {:.1} ms per meter",
        g.model,
        g.meters.len(),
        what_text(g.what),
        g.reads.len(),
        if g.reads.len() == 1 { "" } else { "s" },
        g.registers,
        g.per_meter_ns as f64 / 1e6
    );
    if !g.unsupported.is_empty() {
        let names: Vec<&str> = g.unsupported.iter().map(|q| q.name()).collect();
        s.push_str(&format!(
            "; not in the {} map: {}",
            g.model,
            names.join(", ")
        ));
    }
    s
}

fn class_line(c: &ClassBudget) -> String {
    let meters = c.scheduled_meters + c.back_to_back_meters;
    match c.schedule {
        ClassSchedule::Off => format!("{}: off", c.name),
        ClassSchedule::BackToBack => format!(
            "{} back to back: {}, {:.2} s per round, in the time the other classes leave",
            c.name,
            meters_text(meters),
            secs(c.round_ns())
        ),
        _ => {
            let mut s = format!(
                "{} {}: {}, {:.2} s per round, {} of the bus",
                c.name,
                schedule_text(c.schedule),
                meters_text(meters),
                secs(c.round_ns()),
                pct(c.load)
            );
            if c.back_to_back_meters > 0 {
                s.push_str(&format!(
                    " ({} back to back: {:.2} s per round in the spare time)",
                    meters_text(c.back_to_back_meters),
                    secs(c.back_to_back_round_ns)
                ));
            }
            s
        }
    }
}

/// The one-line verdict: "bus rs485-a: fast 1.72 s + dashboard 11.67 s per round = 84.1 % of
/// the bus at these intervals".
pub fn summary_line(config: &Config, b: &BusBudget) -> String {
    let parts: Vec<String> = b
        .classes
        .iter()
        .filter(|c| c.scheduled_meters > 0)
        .map(|c| format!("{} {:.2} s", c.name, secs(c.scheduled_round_ns)))
        .collect();
    format!(
        "bus {}: {} per round = {} of the bus at these intervals",
        config.buses[b.bus].name,
        if parts.is_empty() {
            "nothing scheduled".to_string()
        } else {
            parts.join(" + ")
        },
        pct(b.load)
    )
}

fn verdict(b: &BusBudget) -> String {
    let b2b = b.back_to_back_round_ns();
    if b.fits() {
        let mut s = format!(
            "fits: {} spare for retries and silent meters",
            pct(b.spare())
        );
        if let Some(p) = b.back_to_back_period_s() {
            s = format!(
                "fits: the back-to-back reads ({:.2} s per round) use the {} spare and come round every {:.2} s; no time is left for retries",
                secs(b2b),
                pct(b.spare()),
                p
            );
        } else if b.load > 0.9 {
            s.push_str(" (little headroom: a few silent meters will delay every class)");
        }
        s
    } else if b.load > 1.0 {
        format!(
            "does not fit: the classes need {} of the bus; every class would come round about {:.0} % late (e.g. lengthen intervals, read fewer quantities, split the meters over more buses)",
            pct(b.load),
            (b.load - 1.0) * 100.0
        )
    } else {
        format!(
            "does not fit: the scheduled classes take the whole bus and leave no time for the back-to-back reads ({:.2} s per round)",
            secs(b2b)
        )
    }
}

fn group_json(config: &Config, g: &PlanGroup) -> Value {
    let reads: Vec<Value> = g
        .reads
        .iter()
        .map(|r| {
            json!({
                "function": r.function,
                "first_register": r.first_register,
                "count": r.count,
                "quantities": r.quantities.iter().map(|q| q.name()).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "model": g.model.name(),
        "what": match g.what { PollWhat::Identity => json!("identity"), PollWhat::Quantities(q) => json!(q.iter().map(|q| q.name()).collect::<Vec<_>>()) },
        "meters": g.meters.iter().map(|&m| config.meters[m].name.as_str()).collect::<Vec<_>>(),
        "reads": reads,
        "registers": g.registers,
        "ms_per_meter": g.per_meter_ns as f64 / 1e6,
        "unsupported": g.unsupported.iter().map(|q| q.name()).collect::<Vec<_>>(),
    })
}

fn bus_json(config: &Config, b: &BusBudget) -> Value {
    let bus = &config.buses[b.bus];
    let classes: Vec<Value> = b
        .classes
        .iter()
        .map(|c| {
            let (kind, interval_s) = match c.schedule {
                ClassSchedule::Off => ("off", Value::Null),
                ClassSchedule::BackToBack => ("back_to_back", json!(0)),
                ClassSchedule::Every(d) => ("every", json!(d.as_secs_f64())),
                ClassSchedule::Mixed => ("mixed", Value::Null),
            };
            json!({
                "name": c.name,
                "schedule": kind,
                "interval_s": interval_s,
                "meters": c.scheduled_meters + c.back_to_back_meters,
                "back_to_back_meters": c.back_to_back_meters,
                "round_s": secs(c.round_ns()),
                "scheduled_round_s": secs(c.scheduled_round_ns),
                "load_percent": c.load * 100.0,
                "plans": c.groups.iter().map(|g| group_json(config, g)).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "name": bus.name,
        "endpoint": bus.endpoint.to_string(),
        "baud": bus.link.baud,
        "line": bus.line_settings(),
        "turnaround_ms": bus.link.turnaround_us as f64 / 1000.0,
        "meters": b.meters,
        "disabled_meters": b.disabled,
        "classes": classes,
        "load_percent": b.load * 100.0,
        "spare_percent": b.spare() * 100.0,
        "back_to_back_period_s": b.back_to_back_period_s(),
        "fits": b.fits(),
        "summary": summary_line(config, b),
        "verdict": verdict(b),
    })
}

pub fn run(a: CheckArgs) -> Result<()> {
    let config = Config::load(&a.config)?;
    let budgets = budget(&config)?;
    if a.json {
        let out = json!({
            "config": config.file,
            "site": config.site,
            "timezone": config.timezone_name,
            "meters": config.meters.len(),
            "classes": config.classes.iter().map(|c| json!({"name": c.name, "interval": c.interval.to_string()})).collect::<Vec<_>>(),
            "buses": budgets.iter().map(|b| bus_json(&config, b)).collect::<Vec<_>>(),
            "alarms": alarms_json(&config),
            "warnings": config.warnings,
            "fits": budgets.iter().all(|b| b.fits()),
        });
        out!("{out}");
    } else {
        print_text(&config, &budgets);
    }
    let over: Vec<&str> = budgets
        .iter()
        .filter(|b| !b.fits())
        .map(|b| config.buses[b.bus].name.as_str())
        .collect();
    if !over.is_empty() {
        bail!(
            "the poll classes do not fit on bus{} {}",
            if over.len() == 1 { "" } else { "es" },
            over.join(", ")
        );
    }
    Ok(())
}

/// "alarms: 5 rules on 83 alarm points, webhook http://…" (enabled rules only).
fn alarms_line(config: &Config) -> String {
    let a = &config.alarms;
    let enabled = a.rules.iter().filter(|r| r.enabled).count();
    let points: usize = a
        .rules
        .iter()
        .filter(|r| r.enabled)
        .map(|r| r.meters.len())
        .sum();
    let off = a.rules.len() - enabled;
    format!(
        "alarms: {enabled} rule{} on {points} alarm points{}, {}",
        if enabled == 1 { "" } else { "s" },
        if off > 0 {
            format!(" ({off} disabled)")
        } else {
            String::new()
        },
        a.webhook
            .as_ref()
            .map_or("no webhook".to_string(), |w| format!("webhook {}", w.url))
    )
}

fn alarms_json(config: &Config) -> serde_json::Value {
    let a = &config.alarms;
    json!({
        "rules": a.rules.iter().map(|r| json!({
            "name": r.name,
            "kind": r.kind.name(),
            "meters": r.meters.len(),
            "priority": r.priority.name(),
            "enabled": r.enabled,
        })).collect::<Vec<_>>(),
        "webhook": a.webhook.as_ref().map(|w| w.url.clone()),
        "summary": alarms_line(config),
    })
}

fn print_text(config: &Config, budgets: &[BusBudget]) {
    out!(
        "{}: configuration OK ({}): {} bus{}, {} meters, time zone {}",
        config.site,
        config.file,
        config.buses.len(),
        if config.buses.len() == 1 { "" } else { "es" },
        config.meters.len(),
        config.timezone_name
    );
    out!("{}", alarms_line(config));
    for w in &config.warnings {
        out!("warning: {w}");
    }
    for b in budgets {
        let bus = &config.buses[b.bus];
        let mut models: Vec<(schneider_em::Model, usize)> = Vec::new();
        for m in config.meters_on(b.bus).filter(|m| m.enabled) {
            match models.iter_mut().find(|(mm, _)| *mm == m.model) {
                Some((_, n)) => *n += 1,
                None => models.push((m.model, 1)),
            }
        }
        let models: Vec<String> = models.iter().map(|(m, n)| format!("{n} {m}")).collect();
        out!("");
        out!(
            "bus {}: {}, {}, turnaround {} ms; {} meters ({}){}",
            bus.name,
            bus.endpoint,
            bus.line_settings(),
            bus.link.turnaround_us as f64 / 1000.0,
            b.meters,
            if models.is_empty() {
                "none".to_string()
            } else {
                models.join(", ")
            },
            if b.disabled > 0 {
                format!(", {} disabled", b.disabled)
            } else {
                String::new()
            }
        );
        for c in &b.classes {
            out!("  {}", class_line(c));
            for g in &c.groups {
                out!("    {}", group_line(g));
                for r in &g.reads {
                    let names: Vec<&str> = r.quantities.iter().map(|q| q.name()).collect();
                    out!(
                        "      fc{} {}-{} ({} registers){}{}",
                        r.function,
                        r.first_register,
                        r.first_register + r.count - 1,
                        r.count,
                        if names.is_empty() { "" } else { ": " },
                        names.join(", ")
                    );
                }
            }
        }
        out!("{}", summary_line(config, b));
        out!("  {}", verdict(b));
    }
}
