//! `ems demo`: the seed plant (`examples/ems/plant.toml`, 79 EM6400NG meters in a
//! grid → 33 kV → transformer → panel → equipment hierarchy) simulated on an emulated
//! 19200-baud RS-485 bus, with its recorded history written first, then polled live by the
//! same collector `ems run` uses, stored, and shown. Arguments, set-up and the terminal view
//! only: the plant is `ems::plant`, the history `ems::history`, the collector
//! `ems::collector`.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result};
use clap::Args;
use ems::bus::health::State;
use ems::collector::{self, BusTransport, Pipeline, Published};
use ems::config::{Config, Interval, PollWhat};
use ems::plant::Plant;
use schneider_em::sim::line::{BusLink, LineBus};
use schneider_em::sim::server::serve_line;
use schneider_em::sim::{Faults, SimDevices, SimHandle, SimMeter};
use schneider_em::transport::RtuTiming;
use schneider_em::{LinkParams, Parity, Plan, Quantity, Rtu};

/// The plant the demo simulates (also the example configuration).
const PLANT: &str = include_str!("../plant.toml");

/// `ems demo` options.
#[derive(Args, Debug)]
pub struct DemoArgs {
    /// Poll the dashboard and energy set of every meter back to back this many times, report
    /// each cycle against the bus-time model, and stop (0 = run live until interrupted, with
    /// the plant's poll classes: total kW every 3 s, the rest every 60 s).
    #[arg(long, default_value_t = 0)]
    pub cycles: u32,
    /// Simulate only the first N meters of the plant.
    #[arg(long, default_value_t = 79, value_parser = clap::value_parser!(u8).range(1..=79))]
    pub meters: u8,
    /// Baud rate of the emulated bus.
    #[arg(long, default_value_t = 19_200, value_parser = clap::value_parser!(u32).range(1200..=1_000_000))]
    pub baud: u32,
    /// Meter turnaround in ms.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(0..=10_000))]
    pub turnaround_ms: u64,
    /// Where to store (default: a fresh directory, printed at start).
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Days of recorded history to write before going live (0 = none).
    #[arg(long, default_value_t = 35, value_parser = clap::value_parser!(u32).range(0..=3660))]
    pub history: u32,
    /// Serve the dashboard, the API and /metrics here (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR")]
    pub http: std::net::SocketAddr,
    /// One line per cycle instead of the live table (automatic when stdout is not a terminal).
    #[arg(long)]
    pub plain: bool,
    /// Also publish to this MQTT broker (`host:port`; the `[sinks.mqtt]` defaults otherwise).
    #[arg(long, value_name = "HOST:PORT")]
    pub mqtt: Option<String>,
    /// Also write to this PostgreSQL database (a libpq URI, e.g.
    /// `postgres://ems@127.0.0.1:5432/energy`; the password from `PGPASSWORD` if needed).
    #[arg(long, value_name = "URL")]
    pub postgres: Option<String>,
}

/// Units of the demo's faulty meters: one dead, a few flaky, one with CRC errors.
const DEAD: u8 = 71;
const FLAKY: [u8; 5] = [5, 22, 39, 56, 73];
const BAD_CRC: u8 = 29;

/// The demo's configuration: the plant, its first `meters` meters, on the emulated bus.
fn demo_config(a: &DemoArgs, dir: &std::path::Path) -> Result<Config> {
    let mut config = Config::parse(PLANT, "plant.toml (built in)")?;
    config.meters.truncate(usize::from(a.meters));
    for m in &mut config.meters {
        if m.parent.is_some_and(|p| p >= usize::from(a.meters)) {
            m.parent = None;
        }
    }
    let link = LinkParams::new(a.baud).with_turnaround_us((a.turnaround_ms * 1000) as u32);
    config.buses[0].link = link;
    config.storage.data_dir = dir.to_path_buf();
    config.sinks = demo_sinks(a, &config.site)?;
    if a.cycles > 0 {
        // Benchmark mode: the energy class (dashboard + counters) back to back, nothing else.
        let energy = config.class_index("energy");
        for m in &mut config.meters {
            for p in &mut m.poll {
                p.interval = if Some(p.class) == energy {
                    Interval::BackToBack
                } else {
                    Interval::Off
                };
            }
        }
    }
    Ok(config)
}

/// The sinks `--mqtt` and `--postgres` turn on (off by default).
fn demo_sinks(a: &DemoArgs, site: &str) -> Result<ems::config::sinks::Sinks> {
    let mut text = String::new();
    if let Some(m) = &a.mqtt {
        let (host, port) = m
            .rsplit_once(':')
            .and_then(|(h, p)| Some((h, p.parse::<u16>().ok()?)))
            .with_context(|| format!("--mqtt {m}: expected HOST:PORT, e.g. 127.0.0.1:1883"))?;
        text.push_str(&format!(
            "[sinks.mqtt]\nhost = {host:?}\nport = {port}\nha_discovery = true\n"
        ));
    }
    if let Some(u) = &a.postgres {
        text.push_str(&format!("[sinks.postgres]\nurl = {u:?}\n"));
    }
    if text.is_empty() {
        return Ok(Default::default());
    }
    let doc = format!("site = {site:?}\ntimezone = \"UTC\"\n{text}");
    Ok(Config::parse(&doc, "--mqtt/--postgres")?.sinks)
}

fn fresh_dir() -> PathBuf {
    let stamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    std::env::temp_dir().join(format!("ems-demo-{}-{stamp}", std::process::id()))
}

/// What the terminal view shows per meter.
#[derive(Clone, Default)]
struct Row {
    values: HashMap<Quantity, f64>,
    state: Option<State>,
    error: Option<String>,
    reads: u64,
}

pub fn run(a: DemoArgs) -> Result<()> {
    let dir = a.data_dir.clone().unwrap_or_else(fresh_dir);
    let config = Arc::new(demo_config(&a, &dir)?);
    let plant = Arc::new(Plant::from_config(&config));
    let live = !a.plain && std::io::stdout().is_terminal();
    out!(
        "ems demo: {} — {} simulated EM6400NG meters on an emulated RS-485 bus, {} baud 8E1, turnaround {} ms",
        config.site,
        config.meters.len(),
        a.baud,
        a.turnaround_ms
    );
    out!("data directory: {}", dir.display());

    let (writer, reader) = crate::run::open_store(&config, &dir)?;
    let mut pipeline = Pipeline::new(config.clone(), writer, reader.as_ref())?;

    // History first, through the same pipeline, so the live counters continue it.
    let now = SystemTime::now();
    let counters = if a.history > 0 {
        let t0 = Instant::now();
        let report = ems::history::write(&config, &plant, &mut pipeline, a.history, now);
        pipeline
            .writer()
            .flush()
            .context("committing the history")?;
        out!(
            "history: {} days, {} meter reads, {} counter resets written in {:.1} s",
            a.history,
            report.reads,
            report.resets,
            t0.elapsed().as_secs_f64()
        );
        Some(report)
    } else {
        None
    };

    // The simulated meters, driven by the plant and starting from the history's counters.
    let allowance = collector::response_allowance(&config.buses[0].link);
    let timing = RtuTiming::new(a.baud, Parity::Even, 1)
        .with_turnaround_allowance_us(allowance.as_micros() as u32);
    let mut devices = SimDevices::new(2026);
    for (i, m) in config.meters.iter().enumerate() {
        let u = m.unit.get();
        let mut faults = Faults::default();
        if u == DEAD {
            faults.dead = true;
        }
        if FLAKY.contains(&u) {
            faults.no_reply_probability = 0.15;
        }
        if u == BAD_CRC {
            faults.corrupt_crc_probability = 0.1;
        }
        let p = plant.clone();
        let mut meter = SimMeter::new(m.model, u, 2026)
            .with_name(&m.name)
            .with_turnaround(Duration::from_millis(a.turnaround_ms))
            .with_faults(faults)
            .with_load(Arc::new(move |t| p.load(i, t)));
        if let Some(h) = &counters {
            // Continue the history's counters, plus what flowed since its last sample.
            let (pw, qv) = plant.load(i, now);
            let hours = now.duration_since(h.end).unwrap_or_default().as_secs_f64() / 3600.0;
            let c = h.counters[i];
            meter = meter.with_energy([
                c[0] + pw * hours,
                c[1] + qv.abs() * hours,
                c[2] + pw.hypot(qv) * hours,
            ]);
        }
        devices.add(meter);
    }
    let handle = SimHandle::new(devices);
    let bus = LineBus::new(timing);
    let _server = serve_line(&bus, handle.clone());
    let transport = BusTransport::Line(Rtu::new(BusLink::new(bus.attach(), timing)));

    // The terminal view listens to the pipeline like any live consumer.
    let rows: Arc<Mutex<Vec<Row>>> =
        Arc::new(Mutex::new(vec![Row::default(); config.meters.len()]));
    let view = rows.clone();
    pipeline.subscribe(move |p| {
        let mut rows = view.lock().unwrap_or_else(|e| e.into_inner());
        match p {
            Published::Values { meter, values, .. } => {
                let r = &mut rows[*meter];
                r.reads += 1;
                r.state = Some(State::Online);
                r.error = None;
                for &(q, v) in values.iter() {
                    r.values.insert(q, v);
                }
            }
            Published::Health {
                meter,
                state,
                error,
                ..
            } => {
                rows[*meter].state = Some(*state);
                rows[*meter].error = error.clone();
            }
        }
    });
    let web = crate::web::start(&config, &dir, a.http)?;
    let buses = Arc::new(std::sync::OnceLock::new());
    web.attach(&config, &mut pipeline, buses.clone());
    let sinks = ems::sinks::start(&config, &dir, &web.handle(), &mut pipeline)?;
    if let Some(n) = sinks.mqtt_alarms() {
        web.alarms.lock().add_sink(Box::new(n));
    }
    let stats = pipeline.stats();
    let running = collector::start(&config, vec![(0, transport)], pipeline)?;
    let _ = buses.set(running.bus_stats().into_iter().map(|(_, s)| s).collect());
    let _ = web.sources.set(ems::metrics::Sources {
        buses: running.bus_stats(),
        pipeline: running.stats.clone(),
        sinks: sinks.status_handles(),
    });
    out!("dashboard: {}", web.url);
    let bus_stats = running.bus_stats()[0].1.clone();

    let energy_plan: Plan = Plan::new(
        config.meters[0].model,
        &match config
            .class_index("energy")
            .map(|c| &config.meters[0].poll[c].what)
        {
            Some(PollWhat::Quantities(q)) => *q,
            _ => schneider_em::Preset::Dashboard.quantities(),
        },
        &config.buses[0].link,
    )?;
    let per_meter = energy_plan.bus_time_ns() as f64 / 1e9;
    out!(
        "energy class: {} requests, {:.1} ms per meter; total kW: every 3 s; the store is {}",
        energy_plan.requests().len(),
        per_meter * 1000.0,
        ems::store::db_path(&dir).display()
    );
    let stop = ems::shutdown::token();
    let meters = config.meters.len() as u64;
    let energy = config.class_index("energy").unwrap_or(0);
    let mut cycle = 0u32;
    let mut cycle_start = Instant::now();
    let mut busy_at_start = 0.0;
    let mut model_at_start = 0.0;
    let mut reads_at_start = 0u64;
    let mut last_draw = Instant::now();
    let started = Instant::now();
    while !stop.is_cancelled() {
        std::thread::sleep(Duration::from_millis(100));
        let s = bus_stats.lock().unwrap_or_else(|e| e.into_inner()).clone();
        let reads = s.classes.get(energy).map_or(0, |c| c.reads);
        if a.cycles > 0 && reads >= reads_at_start + meters {
            cycle += 1;
            let measured = cycle_start.elapsed().as_secs_f64();
            let busy = s.busy_s - busy_at_start;
            let online = rows
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .iter()
                .filter(|r| r.state == Some(State::Online))
                .count();
            // The model: each read's planned cost, and for a meter that did not answer the
            // requests before the silence, the reply timeout and the late-reply guard.
            let modelled = s.model_busy_s - model_at_start;
            out!(
                "cycle {cycle}: {} meters polled, {online} online, bus busy {busy:.3} s; measured {measured:.3} s, model {modelled:.3} s ({:+.1} %)",
                reads - reads_at_start,
                (measured / modelled - 1.0) * 100.0
            );
            cycle_start = Instant::now();
            busy_at_start = s.busy_s;
            model_at_start = s.model_busy_s;
            reads_at_start = reads;
            if cycle >= a.cycles {
                break;
            }
        }
        if a.cycles == 0 && last_draw.elapsed() >= Duration::from_secs(if live { 1 } else { 10 }) {
            last_draw = Instant::now();
            let rows = rows.lock().unwrap_or_else(|e| e.into_inner()).clone();
            if live {
                draw(&config, &rows, &s, started.elapsed(), &web.url);
            } else {
                let online = rows
                    .iter()
                    .filter(|r| r.state == Some(State::Online))
                    .count();
                let fast = config.class_index("fast").and_then(|c| s.classes.get(c));
                out!(
                    "{:>6.0} s: {online}/{} meters online, {} values stored, total kW every {} s (configured {} s), bus {:.0} % busy",
                    started.elapsed().as_secs_f64(),
                    rows.len(),
                    stats.values.load(Ordering::Relaxed),
                    fast.and_then(|c| c.measured_interval_s).map_or("-".into(), |v| format!("{v:.2}")),
                    fast.map_or(0.0, |c| c.interval_s),
                    100.0 * s.busy_s / s.elapsed_s.max(1e-9)
                );
            }
        }
    }
    running.stop()?;
    sinks.stop(Duration::from_secs(5));
    web.stop();
    out!("stopped; the data is in {}", dir.display());
    Ok(())
}

fn draw(config: &Config, rows: &[Row], s: &ems::bus::worker::BusStats, up: Duration, url: &str) {
    let mut out = String::new();
    out.push_str("\x1b[H\x1b[2J");
    out.push_str(&format!(
        "ems demo — {}: {} meters, up {:.0} s, bus {:.0} % busy — dashboard {url}   (Ctrl-C to stop)\n",
        config.site,
        rows.len(),
        up.as_secs_f64(),
        100.0 * s.busy_s / s.elapsed_s.max(1e-9)
    ));
    for c in s
        .classes
        .iter()
        .filter(|c| c.reads > 0 && c.interval_s > 0.0)
    {
        out.push_str(&format!(
            "  {:<9} every {:>6.1} s configured, {:>7} measured, {} reads\n",
            c.name,
            c.interval_s,
            c.measured_interval_s
                .map_or("-".into(), |v| format!("{v:.2} s")),
            c.reads
        ));
    }
    out.push_str(&format!(
        "{:>4} {:<22} {:<8} {:>7} {:>8} {:>9} {:>6} {:>6} {:>13}  {}\n",
        "unit", "name", "health", "V A-N", "I A", "P kW", "PF", "Hz", "E kWh", "last error"
    ));
    for (m, r) in config.meters.iter().zip(rows) {
        let v = |q: Quantity, scale: f64, prec: usize| {
            r.values
                .get(&q)
                .map(|x| format!("{:.*}", prec, x / scale))
                .unwrap_or_else(|| "-".into())
        };
        out.push_str(&format!(
            "{:>4} {:<22} {:<8} {:>7} {:>8} {:>9} {:>6} {:>6} {:>13}  {}\n",
            m.unit.get(),
            m.name.chars().take(22).collect::<String>(),
            r.state.map_or("-", |s| s.name()),
            v(Quantity::VoltageAN, 1.0, 1),
            v(Quantity::CurrentA, 1.0, 1),
            v(Quantity::ActivePowerTotal, 1000.0, 1),
            v(Quantity::PowerFactorTotal, 1.0, 3),
            v(Quantity::Frequency, 1.0, 2),
            v(Quantity::ActiveEnergyDelivered, 1000.0, 1),
            r.error.clone().unwrap_or_default()
        ));
    }
    crate::write_stdout(format_args!("{out}"), false);
    let _ = std::io::stdout().flush();
}
