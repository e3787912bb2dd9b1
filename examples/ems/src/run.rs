//! `ems run --config FILE`: the plant's system of record. Polls every meter on every bus,
//! validates and stores every reading, until Ctrl-C or SIGTERM; then it drains the pipeline and
//! commits the store. Arguments, logging and orchestration only: the work is
//! `ems::collector`.

use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use clap::Args;
use ems::budget::budget;
use ems::collector::{self, Pipeline, Running};
use ems::config::Config;
use ems::store::{Retention, StoreOptions, StoreReader, StoreWriter};

/// `ems run` options.
#[derive(Args, Debug)]
pub struct RunArgs {
    /// The configuration file (see `examples/ems/plant.toml`; `ems check` validates it).
    #[arg(long, value_name = "FILE")]
    pub config: PathBuf,
    /// Store in this directory instead of the configuration's `[storage] data_dir`.
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Serve the dashboard, the API and /metrics here (default: the configuration's
    /// `[http] listen`, 127.0.0.1:8080; port 0 picks a free port).
    #[arg(long, value_name = "ADDR")]
    pub http: Option<std::net::SocketAddr>,
    /// Log level: error, warn, info, debug or trace.
    #[arg(long, default_value = "info", value_name = "LEVEL")]
    pub log_level: tracing::Level,
    /// Stop after this many seconds (for tests and benchmarks; default: until Ctrl-C).
    #[arg(long, value_name = "SECS", hide = true)]
    pub duration: Option<f64>,
}

/// Logs to stderr (the journal, under systemd) at `level`; no colours when not a terminal.
pub fn init_tracing(level: tracing::Level) {
    use std::io::IsTerminal;
    let _ = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_target(false)
        .try_init();
}

/// Logs each bus's modelled load; warns about buses that cannot carry their intervals.
pub fn log_budget(config: &Config) -> Result<()> {
    for b in budget(config)? {
        let name = &config.buses[b.bus].name;
        let parts: Vec<String> = b
            .classes
            .iter()
            .filter(|c| c.scheduled_round_ns > 0)
            .map(|c| format!("{} {:.2} s", c.name, c.scheduled_round_ns as f64 / 1e9))
            .collect();
        let line = format!(
            "bus {name}: {} per round = {:.1} % of the bus at these intervals",
            parts.join(" + "),
            b.load * 100.0
        );
        if b.fits() {
            tracing::info!("{line}");
        } else {
            tracing::warn!("{line}: the bus cannot carry these intervals; they will stretch");
        }
    }
    Ok(())
}

/// Logs measured against configured intervals of every class on every bus.
pub fn log_measured(running: &Running) {
    for (bus, stats) in running.bus_stats() {
        let s = stats.lock().unwrap_or_else(|e| e.into_inner()).clone();
        for c in s.classes.iter().filter(|c| c.reads > 0) {
            tracing::info!(
                bus = %bus,
                class = %c.name,
                configured_s = c.interval_s,
                measured_s = c.measured_interval_s.unwrap_or(f64::NAN),
                reads = c.reads,
                "poll class"
            );
        }
        if s.elapsed_s > 0.0 {
            tracing::info!(bus = %bus, busy_percent = 100.0 * s.busy_s / s.elapsed_s, "bus load");
        }
    }
}

/// Opens the store for the collector: the writer (creating or migrating the database) and a
/// reader to resume the counters from.
pub fn open_store(
    config: &Config,
    dir: &std::path::Path,
) -> Result<(StoreWriter, Option<StoreReader>)> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create the data directory {}", dir.display()))?;
    let options = StoreOptions {
        time_zone: Some(config.timezone_name.clone()),
        retention: Retention {
            raw: config.storage.retention_raw,
            minute: config.storage.retention_1m,
        },
        ..StoreOptions::default()
    };
    let writer = StoreWriter::open(dir, options)?;
    writer.upsert_meters(Pipeline::meter_infos(config))?;
    writer.flush()?;
    let reader = StoreReader::open(dir).ok();
    Ok((writer, reader))
}

/// Writes the scheduled reports that are due (daily and monthly files in `<data-dir>/reports/`).
fn scheduled_reports(config: &Config, dir: &std::path::Path, last: &mut Option<jiff::Timestamp>) {
    if config.report.schedules.is_empty() {
        return;
    }
    let now = jiff::Timestamp::now();
    let jobs = ems::reports::schedule::due(now, *last, config);
    *last = Some(now);
    if jobs.is_empty() {
        return;
    }
    let reader = match StoreReader::open(dir) {
        Ok(r) => r,
        Err(e) => {
            tracing::warn!(error = %e, "scheduled reports: cannot read the store");
            return;
        }
    };
    for job in jobs {
        match ems::reports::schedule::run_job(&job, &reader, config, dir) {
            Ok(path) => tracing::info!(file = %path.display(), "scheduled report written"),
            Err(e) => tracing::warn!(error = %e, "scheduled report failed"),
        }
    }
}

pub fn run(a: RunArgs) -> Result<()> {
    init_tracing(a.log_level);
    let config = Arc::new(Config::load(&a.config)?);
    for w in &config.warnings {
        tracing::warn!("{w}");
    }
    let dir = a
        .data_dir
        .clone()
        .unwrap_or(config.storage.data_dir.clone());
    tracing::info!(
        site = %config.site,
        meters = config.meters.len(),
        buses = config.buses.len(),
        data_dir = %dir.display(),
        "ems run starting"
    );
    log_budget(&config)?;
    let (writer, reader) = open_store(&config, &dir)?;
    let mut transports = Vec::new();
    for bus in 0..config.buses.len() {
        if config.meters.iter().any(|m| m.bus == bus && m.enabled) {
            transports.push((bus, collector::open_bus(&config, bus)?));
        }
    }
    let stop = ems::shutdown::token();
    let started = Instant::now();
    let web = crate::web::start(&config, &dir, a.http.unwrap_or(config.http.listen))?;
    tracing::info!(url = %web.url, "dashboard, API and /metrics");
    let buses = Arc::new(std::sync::OnceLock::new());
    let mut pipeline = Pipeline::new(config.clone(), writer, reader.as_ref())?;
    web.attach(&config, &mut pipeline, buses.clone());
    let sinks = ems::sinks::start(&config, &dir, &web.handle(), &mut pipeline)?;
    if let Some(n) = sinks.mqtt_alarms() {
        web.alarms.lock().add_sink(Box::new(n));
    }
    let running = collector::start(&config, transports, pipeline)?;
    let _ = buses.set(running.bus_stats().into_iter().map(|(_, s)| s).collect());
    let _ = web.sources.set(ems::metrics::Sources {
        buses: running.bus_stats(),
        pipeline: running.stats.clone(),
        sinks: sinks.status_handles(),
    });
    let mut reports_run: Option<jiff::Timestamp> = None;
    let mut last_report_check = Instant::now() - Duration::from_secs(3600);
    let mut last_log = Instant::now();
    let mut first_logged = false;
    while !stop.is_cancelled() {
        std::thread::sleep(Duration::from_millis(100));
        if !first_logged && running.stats.values.load(Ordering::Relaxed) > 0 {
            first_logged = true;
            tracing::info!(
                after_ms = started.elapsed().as_millis() as u64,
                "first reading handed to the store"
            );
        }
        if last_log.elapsed() >= Duration::from_secs(60) {
            log_measured(&running);
            for (name, st) in sinks.statuses() {
                tracing::info!(
                    sink = name,
                    connected = st.connected,
                    backlog_batches = st.backlog(),
                    delivered_rows = st.delivered_rows,
                    error = st.last_error.as_deref().unwrap_or(""),
                    "sink"
                );
            }
            last_log = Instant::now();
        }
        if last_report_check.elapsed() >= Duration::from_secs(30) {
            last_report_check = Instant::now();
            scheduled_reports(&config, &dir, &mut reports_run);
        }
        if a.duration
            .is_some_and(|d| started.elapsed().as_secs_f64() >= d)
        {
            break;
        }
    }
    tracing::info!("stopping: draining the pipeline and committing the store");
    log_measured(&running);
    running.stop()?;
    sinks.stop(Duration::from_secs(5));
    web.stop();
    tracing::info!("stopped");
    Ok(())
}
