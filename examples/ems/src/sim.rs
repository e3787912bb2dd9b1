//! `ems sim`: simulated meters on a pty, a line-timed pty bus, Modbus TCP or RTU over TCP.

use std::net::TcpListener;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use clap::Args;
use schneider_em::sim::server::{
    serve_pty, serve_pty_line_timed, serve_rtu_over_tcp, serve_tcp, Server,
};
use schneider_em::sim::{Faults, SimDevices, SimHandle, SimMeter};
use schneider_em::transport::RtuTiming;
use schneider_em::{Model, Parity};

use crate::link::{parse_units, ModelArg};

/// `ems sim` options.
#[derive(Args, Debug)]
pub struct SimArgs {
    /// Model of the simulated meters.
    #[arg(long, value_enum, default_value_t = ModelArg::Em6400ng)]
    pub model: ModelArg,
    /// Unit ids: ranges and lists, e.g. 1-79 or 1,3,10-12.
    #[arg(long, default_value = "1")]
    pub units: String,
    /// Units that simulate another model than --model: MODEL:UNITS, repeatable
    /// (e.g. --model-for em6400:5,9-10).
    #[arg(long, value_name = "MODEL:UNITS")]
    pub model_for: Vec<String>,
    /// Units that accept fewer registers per read than their map (exception 03 above):
    /// UNIT:REGISTERS, comma-separated (e.g. 4:30).
    #[arg(long, value_name = "U:N,…")]
    pub max_registers: Option<String>,
    /// Create a pty pair and link its master-side device to this path.
    #[arg(long, value_name = "LINK", conflicts_with_all = ["tcp", "rtu_over_tcp"], required_unless_present_any = ["tcp", "rtu_over_tcp"])]
    pub pty: Option<PathBuf>,
    /// Serve Modbus TCP on this address (loopback recommended).
    #[arg(long, value_name = "ADDR", conflicts_with = "rtu_over_tcp")]
    pub tcp: Option<String>,
    /// Serve RTU over TCP on this address.
    #[arg(long, value_name = "ADDR")]
    pub rtu_over_tcp: Option<String>,
    /// Baud rate of the emulated line (with --line-timing) and for t3.5.
    #[arg(long, default_value_t = 9600, value_parser = clap::value_parser!(u32).range(300..=1_000_000))]
    pub baud: u32,
    /// Put the meters on a line-timed RS-485 bus emulator behind the pty (11-bit characters).
    #[arg(long, requires = "pty")]
    pub line_timing: bool,
    /// Meter turnaround in ms.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(0..=10_000))]
    pub turnaround_ms: u64,
    /// Seed for the simulated values and faults.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Units that never answer.
    #[arg(long, value_name = "UNITS")]
    pub dead: Option<String>,
    /// Units that miss replies: UNIT:PROBABILITY, comma-separated (e.g. 4:0.2).
    #[arg(long, value_name = "U:P,…")]
    pub flaky: Option<String>,
    /// Units whose replies carry a bad CRC: UNIT:PROBABILITY.
    #[arg(long, value_name = "U:P,…")]
    pub corrupt: Option<String>,
    /// Units whose replies are preceded by garbage bytes: UNIT:PROBABILITY.
    #[arg(long, value_name = "U:P,…")]
    pub garbage: Option<String>,
    /// Units with extra turnaround: UNIT:MS.
    #[arg(long, value_name = "U:MS,…")]
    pub slow: Option<String>,
    /// Units offline for a time window: UNIT:FROM-TO in seconds after start.
    #[arg(long, value_name = "U:A-B,…")]
    pub offline: Option<String>,
    /// Units whose energy counters reset: UNIT:SECONDS after start.
    #[arg(long, value_name = "U:S,…")]
    pub energy_reset: Option<String>,
    /// Stop after this many seconds (default: run until interrupted).
    #[arg(long, value_name = "SECS")]
    pub duration: Option<String>,
}

fn pairs(spec: &Option<String>, what: &str) -> Result<Vec<(u8, String)>> {
    let Some(spec) = spec else {
        return Ok(Vec::new());
    };
    spec.split(',')
        .filter(|s| !s.trim().is_empty())
        .map(|item| {
            let (u, v) = item
                .split_once(':')
                .with_context(|| format!("--{what}: '{item}' is not UNIT:VALUE"))?;
            let u: u8 = u
                .trim()
                .parse()
                .with_context(|| format!("--{what}: '{u}' is not a unit id"))?;
            if !(1..=247).contains(&u) {
                bail!("--{what}: unit {u} is outside 1-247");
            }
            Ok((u, v.trim().to_string()))
        })
        .collect()
}

fn probability(v: &str, what: &str) -> Result<f64> {
    let p: f64 = v
        .parse()
        .with_context(|| format!("--{what}: '{v}' is not a probability"))?;
    if !(0.0..=1.0).contains(&p) {
        bail!("--{what}: {p} is outside 0-1");
    }
    Ok(p)
}

fn seconds(v: &str, what: &str) -> Result<Duration> {
    let s: f64 = v
        .parse()
        .with_context(|| format!("--{what}: '{v}' is not a number of seconds"))?;
    match Duration::try_from_secs_f64(s) {
        Ok(d) if d <= Duration::from_secs(10 * 365 * 86_400) => Ok(d),
        _ => bail!("--{what}: {v} is not a number of seconds between 0 and ten years"),
    }
}

/// The model of each simulated unit: --model, except where --model-for names another.
fn models(a: &SimArgs, units: &[u8]) -> Result<std::collections::BTreeMap<u8, Model>> {
    let mut models: std::collections::BTreeMap<u8, Model> =
        units.iter().map(|u| (*u, a.model.into())).collect();
    for spec in &a.model_for {
        let (name, list) = spec
            .split_once(':')
            .with_context(|| format!("--model-for: '{spec}' is not MODEL:UNITS"))?;
        let model = <ModelArg as clap::ValueEnum>::from_str(name.trim(), true).map_err(|_| {
            anyhow::anyhow!(
                "--model-for: unknown model '{name}'; allowed: em6400ng, em6400, em1200"
            )
        })?;
        for u in parse_units(list)? {
            *models
                .get_mut(&u)
                .with_context(|| format!("--model-for: unit {u} is not in --units"))? =
                model.into();
        }
    }
    Ok(models)
}

/// Builds the devices from the options.
pub fn devices(a: &SimArgs) -> Result<SimDevices> {
    let units = parse_units(&a.units)?;
    let models = models(a, &units)?;
    let mut limits: std::collections::BTreeMap<u8, u16> = std::collections::BTreeMap::new();
    for (u, v) in pairs(&a.max_registers, "max-registers")? {
        if !units.contains(&u) {
            bail!("--max-registers: unit {u} is not in --units");
        }
        let n: u16 = v
            .parse()
            .ok()
            .filter(|n| (1..=125).contains(n))
            .with_context(|| format!("--max-registers: '{v}' is not 1-125 registers"))?;
        limits.insert(u, n);
    }
    let mut faults: std::collections::BTreeMap<u8, Faults> =
        units.iter().map(|u| (*u, Faults::default())).collect();
    fn get<'a>(
        faults: &'a mut std::collections::BTreeMap<u8, Faults>,
        u: u8,
        what: &str,
    ) -> Result<&'a mut Faults> {
        faults
            .get_mut(&u)
            .with_context(|| format!("--{what}: unit {u} is not in --units"))
    }
    if let Some(dead) = &a.dead {
        for u in parse_units(dead)? {
            get(&mut faults, u, "dead")?.dead = true;
        }
    }
    for (u, v) in pairs(&a.flaky, "flaky")? {
        get(&mut faults, u, "flaky")?.no_reply_probability = probability(&v, "flaky")?;
    }
    for (u, v) in pairs(&a.corrupt, "corrupt")? {
        get(&mut faults, u, "corrupt")?.corrupt_crc_probability = probability(&v, "corrupt")?;
    }
    for (u, v) in pairs(&a.garbage, "garbage")? {
        get(&mut faults, u, "garbage")?.garbage_probability = probability(&v, "garbage")?;
    }
    for (u, v) in pairs(&a.slow, "slow")? {
        let ms: u64 = v
            .parse()
            .with_context(|| format!("--slow: '{v}' is not milliseconds"))?;
        if ms > 60_000 {
            bail!("--slow: {ms} ms is above 60000");
        }
        get(&mut faults, u, "slow")?.extra_turnaround = Duration::from_millis(ms);
    }
    for (u, v) in pairs(&a.offline, "offline")? {
        let (from, to) = v
            .split_once('-')
            .with_context(|| format!("--offline: '{v}' is not FROM-TO"))?;
        let (from, to) = (seconds(from, "offline")?, seconds(to, "offline")?);
        if from >= to {
            bail!("--offline: window {v} is empty");
        }
        get(&mut faults, u, "offline")?.offline.push((from, to));
    }
    for (u, v) in pairs(&a.energy_reset, "energy-reset")? {
        get(&mut faults, u, "energy-reset")?.energy_reset_after =
            Some(seconds(&v, "energy-reset")?);
    }
    let mut d = SimDevices::new(a.seed);
    for (u, f) in faults {
        let mut meter = SimMeter::new(models[&u], u, a.seed)
            .with_turnaround(Duration::from_millis(a.turnaround_ms))
            .with_faults(f);
        if let Some(&n) = limits.get(&u) {
            meter = meter.with_max_registers(n);
        }
        d.add(meter);
    }
    Ok(d)
}

pub fn run(a: SimArgs) -> Result<()> {
    let run_for = match &a.duration {
        None => None,
        Some(s) => Some(seconds(s, "duration")?),
    };
    let devices = devices(&a)?;
    let units = devices.units();
    let handle = SimHandle::new(devices);
    let timing = RtuTiming::new(a.baud, Parity::Even, 1);
    let model = if a.model_for.is_empty() {
        Model::from(a.model).to_string()
    } else {
        "mixed-model".to_string()
    };
    let server: Server = if let Some(link) = &a.pty {
        let s = if a.line_timing {
            serve_pty_line_timed(handle.clone(), Some(link), timing)
        } else {
            serve_pty(handle.clone(), Some(link), timing)
        }
        .with_context(|| format!("cannot create the pty link {}", link.display()))?;
        out!(
            "ems sim: {} {model} meter(s) (units {}) on {} -> {}{}; use 8N1{}",
            units.len(),
            a.units,
            link.display(),
            s.path()
                .map(|p| std::fs::read_link(p)
                    .unwrap_or_else(|_| p.to_path_buf())
                    .display()
                    .to_string())
                .unwrap_or_default(),
            if a.line_timing {
                format!(", line-timed at {} baud", a.baud)
            } else {
                String::new()
            },
            if a.line_timing {
                ""
            } else {
                " (ptys carry no parity)"
            },
        );
        s
    } else {
        let (addr, rtu) = match (&a.tcp, &a.rtu_over_tcp) {
            (Some(t), _) => (t.clone(), false),
            (_, Some(r)) => (r.clone(), true),
            _ => bail!("give --pty LINK, --tcp ADDR or --rtu-over-tcp ADDR"),
        };
        let listener =
            TcpListener::bind(&addr).with_context(|| format!("cannot listen on {addr}"))?;
        let local = listener.local_addr()?;
        out!(
            "ems sim: {} {model} meter(s) (units {}) on {} {local}",
            units.len(),
            a.units,
            if rtu { "RTU over TCP" } else { "Modbus TCP" }
        );
        if rtu {
            serve_rtu_over_tcp(listener, handle.clone())
        } else {
            serve_tcp(listener, handle.clone())
        }
    };
    use std::io::Write;
    let _ = std::io::stdout().flush();
    let stop = ems::shutdown::token();
    let until = run_for.map(|d| Instant::now() + d);
    while !stop.is_cancelled() && until.is_none_or(|t| Instant::now() < t) {
        std::thread::sleep(Duration::from_millis(50));
    }
    drop(server);
    out!("ems sim: stopped after {} requests", handle.requests());
    Ok(())
}
