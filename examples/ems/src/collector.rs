//! The collector: one worker thread per bus ([`crate::bus::worker`]) → one pipeline thread that
//! validates every reading ([`crate::validate`]), turns energy counters into deltas
//! ([`crate::energy`]) and hands both to the store writer ([`crate::store`]), then to live
//! consumers. Data flows one way; the pipeline never talks to a bus and the workers never
//! touch the store.
//!
//! After a restart the counter trackers resume from the last counter sample the store holds,
//! so the downtime becomes one checked delta instead of a gap or a double count.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, SyncSender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::Context;
use schneider_em::{Quantity, QuantityKind};

use crate::bus::health::{State, Transition};
use crate::bus::worker::{BusJob, BusStats, Output};
use crate::config::{Config, Interval, MeterConfig, PollWhat};
use crate::energy::{is_monotonic, CounterTracker, Event, Sample, TrackerConfig};
use crate::fasthash::FxMap;
use crate::store::{EnergyDelta, MeterInfo, Reading, StoreReader, StoreWriter};
use crate::validate;

/// Something the pipeline tells live consumers (dashboard, sinks, alarms).
#[derive(Clone, Debug)]
pub enum Published {
    /// Validated values of one meter read.
    Values {
        /// Index into [`Config::meters`].
        meter: usize,
        /// When the read started, UTC ms.
        time_ms: i64,
        /// The valid values.
        values: Arc<Vec<(Quantity, f64)>>,
    },
    /// A meter went offline or came back.
    Health {
        /// Index into [`Config::meters`].
        meter: usize,
        /// When, UTC ms.
        time_ms: i64,
        /// The new state.
        state: State,
        /// The last error.
        error: Option<String>,
        /// While offline: when the next probe is due, UTC ms.
        next_probe_ms: Option<i64>,
    },
}

/// Counters of the pipeline, for `/metrics`.
#[derive(Debug, Default)]
pub struct PipelineStats {
    /// Meter reads handled.
    pub reads: AtomicU64,
    /// Values stored.
    pub values: AtomicU64,
    /// Values flagged implausible (not stored).
    pub flagged: AtomicU64,
    /// Energy deltas stored.
    pub deltas: AtomicU64,
    /// Deltas kept out of consumption (suspect).
    pub suspect: AtomicU64,
    /// Counter events (resets confirmed, replacements, glitches rejected).
    pub events: AtomicU64,
    /// Seconds spent handing batches to the writer (sum).
    pub store_ns: AtomicU64,
}

/// The energy counter's power source and how it maps: the counter integrates this quantity's
/// value passed through the function.
/// Maps a power value to the direction an energy counter integrates.
type Direction = fn(f64) -> f64;

fn power_for(q: Quantity) -> Option<(Quantity, Direction)> {
    use Quantity as Q;
    let pos: Direction = |v| v.max(0.0);
    let neg: Direction = |v| (-v).max(0.0);
    let abs: Direction = f64::abs;
    Some(match q {
        Q::ActiveEnergyDelivered => (Q::ActivePowerTotal, pos),
        Q::ActiveEnergyReceived => (Q::ActivePowerTotal, neg),
        Q::ActiveEnergyDeliveredPlusReceived => (Q::ActivePowerTotal, abs),
        Q::ReactiveEnergyDelivered | Q::ReactiveEnergyDeliveredPlusReceived => {
            (Q::ReactivePowerTotal, abs)
        }
        Q::ApparentEnergyDelivered | Q::ApparentEnergyDeliveredPlusReceived => {
            (Q::ApparentPowerTotal, abs)
        }
        _ => return None,
    })
}

/// A running trapezoid integral of one power quantity, in Wh, so the average power over any
/// interval between two counter samples can be had from two look-ups.
#[derive(Clone, Copy, Debug)]
struct Integral {
    t_ms: i64,
    value: f64,
    wh: f64,
    /// Samples integrated so far.
    n: u64,
}

impl Integral {
    fn push(&mut self, t_ms: i64, value: f64) {
        if t_ms > self.t_ms {
            self.wh += (self.value + value) / 2.0 * (t_ms - self.t_ms) as f64 / 3_600_000.0;
        }
        self.t_ms = t_ms;
        self.value = value;
        self.n += 1;
    }

    /// The integral extrapolated to `t_ms` with the last value.
    fn at(&self, t_ms: i64) -> f64 {
        self.wh + self.value * (t_ms - self.t_ms).max(0) as f64 / 3_600_000.0
    }
}

struct Counter {
    tracker: CounterTracker,
    /// The power integral at the last counter sample: (time, Wh, samples).
    mark: Option<(i64, f64, u64)>,
}

/// Power samples needed between two counter samples before their average is trusted for the
/// cross-check: with fewer (power read as rarely as the counter) the trapezoid is too coarse
/// and would flag real consumption as suspect.
const MIN_POWER_SAMPLES: u64 = 5;

/// A live consumer of the pipeline.
type Subscriber = Box<dyn FnMut(&Published) + Send>;

/// The pipeline: per meter, counter trackers and power integrals; the writer; the publisher.
pub struct Pipeline {
    config: Arc<Config>,
    writer: StoreWriter,
    names: Vec<Arc<str>>,
    counters: FxMap<(usize, Quantity), Counter>,
    /// Per (meter, power quantity, mapping index): the integral of the mapped power.
    integrals: FxMap<(usize, Quantity), Integral>,
    serials: Vec<Option<u32>>,
    stats: Arc<PipelineStats>,
    publish: Vec<Subscriber>,
    /// Readings and deltas of the outputs handled since the last hand-over to the store.
    queued: Vec<Reading>,
    queued_deltas: Vec<EnergyDelta>,
}

fn ms(t: SystemTime) -> i64 {
    t.duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis().min(i64::MAX as u128) as i64)
}

/// The end of the last energy delta booked for a counter: (time, counter value).
fn last_booked(r: &StoreReader, meter: &str, q: Quantity) -> Option<(i64, f64)> {
    let now = ms(SystemTime::now());
    // Raw deltas are kept as long as raw readings; a week back covers any restart that the
    // raw samples themselves could still bridge.
    let from = now - 8 * 86_400_000;
    let deltas = r
        .energy(
            meter,
            q.name(),
            from,
            now + 86_400_000,
            crate::store::Resolution::Raw,
        )
        .ok()?;
    let last = deltas.last()?;
    Some((last.end_ms, last.counter_last?))
}

/// The first stored sample of a counter none of whose deltas has been booked yet (the
/// energy module holds small deltas back; a restart must start from where booking stopped).
fn first_sample(r: &StoreReader, meter: &str, q: Quantity) -> Option<(i64, f64)> {
    let now = ms(SystemTime::now());
    let points = r
        .history(
            meter,
            q.name(),
            now - 8 * 86_400_000,
            now + 86_400_000,
            crate::store::Resolution::Raw,
        )
        .ok()?;
    let first = points.first()?;
    Some((first.time_ms, first.value))
}

/// The interval a meter's energy counters are polled at (the shortest class reading one).
fn counter_interval(m: &MeterConfig, q: Quantity) -> Option<Duration> {
    m.poll
        .iter()
        .filter_map(|p| match (&p.what, p.interval) {
            (PollWhat::Quantities(s), Interval::Every(d)) if s.contains(q) => Some(d),
            _ => None,
        })
        .min()
}

impl Pipeline {
    /// A pipeline writing to `writer`. Counter trackers resume from what `reader` (the same
    /// store) last holds, if given.
    pub fn new(
        config: Arc<Config>,
        writer: StoreWriter,
        reader: Option<&StoreReader>,
    ) -> anyhow::Result<Pipeline> {
        let names: Vec<Arc<str>> = config
            .meters
            .iter()
            .map(|m| Arc::from(m.name.as_str()))
            .collect();
        let mut counters = FxMap::default();
        let latest: HashMap<(String, String), (i64, f64)> = match reader {
            Some(r) => r
                .latest(None)
                .context("reading the last counter values to resume from")?
                .into_iter()
                .map(|v| ((v.meter, v.quantity), (v.time_ms, v.value)))
                .collect(),
            None => HashMap::new(),
        };
        for (i, m) in config.meters.iter().enumerate() {
            for q in m.model.map().quantities().iter() {
                if !is_monotonic(q) {
                    continue;
                }
                let Some(tc) = TrackerConfig::for_meter(m, q, counter_interval(m, q)) else {
                    continue;
                };
                // Resume from the end of the last booked delta: a counter sample stored after
                // it (its delta still held back when the process died) must not be skipped,
                // or the energy between would be lost. Without any delta yet, from the first
                // stored sample.
                let stored = latest.contains_key(&(m.name.clone(), q.name().to_string()));
                let resume = reader.filter(|_| stored).and_then(|r| {
                    last_booked(r, &m.name, q).or_else(|| first_sample(r, &m.name, q))
                });
                let tracker = match resume {
                    Some((t, v)) => CounterTracker::resume(tc, Sample::new(t, v)),
                    None => CounterTracker::new(tc),
                };
                counters.insert(
                    (i, q),
                    Counter {
                        tracker,
                        mark: None,
                    },
                );
            }
        }
        Ok(Pipeline {
            serials: vec![None; config.meters.len()],
            config,
            writer,
            names,
            counters,
            integrals: FxMap::default(),
            stats: Arc::new(PipelineStats::default()),
            publish: Vec::new(),
            queued: Vec::new(),
            queued_deltas: Vec::new(),
        })
    }

    /// The meters as the store should know them.
    pub fn meter_infos(config: &Config) -> Vec<MeterInfo> {
        config
            .meters
            .iter()
            .map(|m| MeterInfo {
                name: m.name.clone(),
                unit: Some(m.unit.get()),
                bus: config.buses.get(m.bus).map(|b| b.name.clone()),
                model: Some(m.model.to_string()),
                parent: m.parent.map(|p| config.meters[p].name.clone()),
                tags: m
                    .tags
                    .iter()
                    .map(|t| (t.clone(), serde_json::Value::Bool(true)))
                    .collect(),
            })
            .collect()
    }

    /// Adds a live consumer.
    pub fn subscribe(&mut self, f: impl FnMut(&Published) + Send + 'static) {
        self.publish.push(Box::new(f));
    }

    /// The pipeline's counters.
    pub fn stats(&self) -> Arc<PipelineStats> {
        self.stats.clone()
    }

    /// The writer (for flush and status).
    pub fn writer(&self) -> &StoreWriter {
        &self.writer
    }

    fn emit(&mut self, p: Published) {
        for f in &mut self.publish {
            f(&p);
        }
    }

    /// Handles one worker output and hands what it produced to the store.
    pub fn handle(&mut self, output: Output) {
        self.handle_one(output);
        self.send_to_store();
    }

    /// Handles a batch of worker outputs and hands what they produced to the store in one
    /// message each for readings and energy (one wake-up of the writer per batch).
    pub fn handle_batch(&mut self, outputs: Vec<Output>) {
        for o in outputs {
            self.handle_one(o);
        }
        self.send_to_store();
    }

    fn send_to_store(&mut self) {
        let started = std::time::Instant::now();
        if !self.queued.is_empty() {
            // The next batch is about as large: sized once instead of grown by doubling.
            let next = Vec::with_capacity(self.queued.len());
            if let Err(e) = self
                .writer
                .write_readings(std::mem::replace(&mut self.queued, next))
            {
                tracing::error!(error = %e, "store: readings not queued");
            }
        }
        if !self.queued_deltas.is_empty() {
            if let Err(e) = self
                .writer
                .write_energy(std::mem::take(&mut self.queued_deltas))
            {
                tracing::error!(error = %e, "store: energy deltas not queued");
            }
        }
        self.stats
            .store_ns
            .fetch_add(started.elapsed().as_nanos() as u64, Ordering::Relaxed);
    }

    fn handle_one(&mut self, output: Output) {
        // Worker outputs name meters by their index in the configuration.
        let n = self.names.len();
        let global = |m: usize| (m < n).then_some(m);
        match output {
            Output::Reading(r) => {
                if let Some(m) = global(r.meter) {
                    self.reading(m, ms(r.time), &r.snapshot);
                }
            }
            Output::Identity {
                meter, identity, ..
            } => {
                if let (Some(m), Some(serial)) = (global(meter), identity.serial_number) {
                    if let Some(old) = self.serials[m].replace(serial) {
                        if old != serial {
                            tracing::warn!(
                                meter = %self.names[m],
                                old, new = serial,
                                "serial number changed: the meter was replaced"
                            );
                        }
                    }
                }
            }
            Output::Health {
                meter,
                time,
                state,
                transition,
                error,
            } => {
                let Some(m) = global(meter) else { return };
                match transition {
                    Transition::WentOffline(p) => tracing::warn!(
                        meter = %self.names[m],
                        next_probe_s = p.as_secs_f64(),
                        error = error.as_deref().unwrap_or(""),
                        "meter offline"
                    ),
                    Transition::Recovered => {
                        tracing::info!(meter = %self.names[m], "meter answering again")
                    }
                }
                let next_probe_ms = match transition {
                    Transition::WentOffline(p) => {
                        Some(ms(time).saturating_add(p.as_millis().min(i64::MAX as u128) as i64))
                    }
                    Transition::Recovered => None,
                };
                self.emit(Published::Health {
                    meter: m,
                    time_ms: ms(time),
                    state,
                    error,
                    next_probe_ms,
                });
            }
            Output::Refused {
                meter,
                ranges,
                quantities,
                ..
            } => {
                if let Some(m) = global(meter) {
                    tracing::warn!(
                        meter = %self.names[m],
                        ?ranges,
                        quantities = ?quantities.iter().map(|q| q.name()).collect::<Vec<_>>(),
                        "meter refused registers (exception 02); re-planned without them"
                    );
                }
            }
        }
    }

    fn reading(&mut self, m: usize, time_ms: i64, snapshot: &schneider_em::Snapshot) {
        self.stats.reads.fetch_add(1, Ordering::Relaxed);
        let limits = self.config.meters[m].limits;
        let checked = validate::validate(snapshot, &limits);
        for f in &checked.flagged {
            self.stats.flagged.fetch_add(1, Ordering::Relaxed);
            tracing::debug!(
                meter = %self.names[m],
                quantity = f.quantity.name(),
                value = f.value,
                reason = %f.reason,
                "implausible value not stored"
            );
        }
        // Power integrals first, so a counter read in the same snapshot sees them.
        for &(q, v) in &checked.valid {
            if matches!(
                q,
                Quantity::ActivePowerTotal
                    | Quantity::ReactivePowerTotal
                    | Quantity::ApparentPowerTotal
            ) {
                self.integrals
                    .entry((m, q))
                    .and_modify(|i| i.push(time_ms, v))
                    .or_insert(Integral {
                        t_ms: time_ms,
                        value: v,
                        wh: 0.0,
                        n: 1,
                    });
            }
        }
        let name = self.names[m].clone();
        let queued_before = self.queued.len();
        self.queued.extend(
            checked
                .valid
                .iter()
                .map(|&(q, v)| Reading::new(name.clone(), time_ms, q.name(), v)),
        );
        let mut deltas = Vec::new();
        for &(q, v) in &checked.valid {
            if q.kind() != QuantityKind::Energy {
                continue;
            }
            let avg = self.average_power(m, q, time_ms);
            let serial = self.serials[m];
            let Some(counter) = self.counters.get_mut(&(m, q)) else {
                continue;
            };
            let mut sample = Sample::new(time_ms, v);
            if let Some(s) = serial {
                sample = sample.with_serial(s);
            }
            if let Some(p) = avg {
                sample = sample.with_avg_power_w(p);
            }
            let update = counter.tracker.push(sample);
            for e in &update.events {
                self.stats.events.fetch_add(1, Ordering::Relaxed);
                match e {
                    Event::GlitchRejected { .. } => {
                        tracing::debug!(meter = %name, quantity = q.name(), event = ?e, "counter")
                    }
                    _ => tracing::info!(meter = %name, quantity = q.name(), event = ?e, "counter"),
                }
            }
            for d in update.deltas {
                if !d.quality.is_consumption() {
                    self.stats.suspect.fetch_add(1, Ordering::Relaxed);
                    tracing::warn!(
                        meter = %name, quantity = q.name(), from_ms = d.from_ms, to_ms = d.to_ms,
                        wh = d.wh, "energy delta disagrees with the measured power: not booked"
                    );
                    continue;
                }
                deltas.push(EnergyDelta {
                    meter: name.clone(),
                    quantity: q.name().into(),
                    from_ms: d.from_ms,
                    to_ms: d.to_ms,
                    wh: d.wh,
                    counter_first: d.counter_first,
                    counter_last: d.counter_last,
                });
            }
        }
        self.stats.values.fetch_add(
            (self.queued.len() - queued_before) as u64,
            Ordering::Relaxed,
        );
        self.stats
            .deltas
            .fetch_add(deltas.len() as u64, Ordering::Relaxed);
        self.queued_deltas.extend(deltas);
        self.emit(Published::Values {
            meter: m,
            time_ms,
            values: Arc::new(checked.valid),
        });
    }

    /// The average of the power feeding counter `q` since its last sample, mapped to the
    /// counter's direction (delivered counts positive power, received negative), or `None`
    /// when no power has been read in between (the tracker then relies on its cap). The
    /// mapping is applied to the average, which is exact unless the power changed sign in
    /// the interval.
    fn average_power(&mut self, m: usize, q: Quantity, time_ms: i64) -> Option<f64> {
        let (pq, f) = power_for(q)?;
        let integral = self.integrals.get(&(m, pq))?;
        let (now_wh, n) = (integral.at(time_ms), integral.n);
        let counter = self.counters.get_mut(&(m, q))?;
        let (t0, wh0, n0) = counter.mark.replace((time_ms, now_wh, n))?;
        if time_ms <= t0 || n.saturating_sub(n0) < MIN_POWER_SAMPLES {
            return None;
        }
        let hours = (time_ms - t0) as f64 / 3_600_000.0;
        Some(f((now_wh - wh0) / hours))
    }

    /// Runs until `rx` closes, then flushes the writer.
    pub fn run(mut self, rx: Receiver<Vec<Output>>) -> StoreWriter {
        while let Ok(batch) = rx.recv() {
            self.handle_batch(batch);
        }
        if let Err(e) = self.writer.flush() {
            tracing::error!(error = %e, "store: final flush failed");
        }
        self.writer
    }
}

/// Batches (one output each from a serial bus) the bus workers may queue ahead of the
/// pipeline before they wait.
const PIPELINE_QUEUE_BATCHES: usize = 16;

/// A bus worker thread's handle.
pub struct BusThread {
    /// The bus's name.
    pub name: String,
    /// Live figures.
    pub stats: Arc<Mutex<BusStats>>,
    /// The thread (`None` for a bus that shares another bus's thread).
    pub handle: Option<std::thread::JoinHandle<()>>,
}

/// Starts a worker for `job` over `transport` on its own thread, sending to `tx`.
pub fn spawn_bus<T>(
    job: BusJob,
    transport: T,
    tx: SyncSender<Vec<Output>>,
    stop: Arc<AtomicBool>,
) -> anyhow::Result<BusThread>
where
    T: schneider_em::Transport + Send + 'static,
    T::Error: std::fmt::Debug,
{
    let name = job.name.clone();
    let mut worker = crate::bus::worker::Worker::new(job, transport)?;
    let stats = worker.stats();
    let handle = std::thread::Builder::new()
        .name(format!("bus {name}"))
        .spawn(move || {
            worker.run(&stop, |output| {
                let _ = tx.send(vec![output]);
            })
        })
        .context("starting a bus thread")?;
    Ok(BusThread {
        name,
        stats,
        handle: Some(handle),
    })
}

/// A Modbus TCP bus to poll pipelined: `(job, addr, options, in_flight)`.
type PipelinedJob = (
    BusJob,
    String,
    schneider_em::transport::tcp::TcpOptions,
    usize,
);

/// Starts the workers of the Modbus TCP buses with `in_flight` > 1 on one thread (one event
/// loop for all of them): their reads are pipelined over one connection per bus
/// ([`crate::bus::mux`]), and their outputs leave in batches. One [`BusThread`] per bus; the
/// first holds the thread.
pub fn spawn_pipelined(
    jobs: Vec<PipelinedJob>,
    tx: SyncSender<Vec<Output>>,
    stop: Arc<AtomicBool>,
) -> anyhow::Result<Vec<BusThread>> {
    use crate::bus::worker::PipelinedBus;
    let mut buses = Vec::new();
    let mut threads = Vec::new();
    for (job, addr, options, in_flight) in jobs {
        let name = job.name.clone();
        let worker = crate::bus::worker::Worker::<BusTransport>::detached(job)?;
        threads.push(BusThread {
            name,
            stats: worker.stats(),
            handle: None,
        });
        let tx = tx.clone();
        buses.push(PipelinedBus {
            worker,
            mux: crate::bus::mux::Mux::new(&addr, options),
            in_flight,
            out: Box::new(move |batch| {
                let _ = tx.send(batch);
            }),
        });
    }
    if buses.is_empty() {
        return Ok(threads);
    }
    let handle = std::thread::Builder::new()
        .name("tcp buses".into())
        .spawn(move || {
            if let Err(e) = crate::bus::worker::run_pipelined(buses, stop) {
                tracing::error!(error = %e, "cannot start the TCP buses' event loop");
            }
        })
        .context("starting the TCP buses' thread")?;
    threads[0].handle = Some(handle);
    Ok(threads)
}

/// The transport of one bus, whatever reaches it. Every link's error is an `io::Error`.
pub enum BusTransport {
    /// A serial port (USB–RS-485 adapter).
    Serial(schneider_em::Rtu<schneider_em::transport::serial::SerialPortLink>),
    /// A Modbus TCP gateway.
    Tcp(schneider_em::transport::tcp::TcpTransport),
    /// A transparent RTU-over-TCP gateway.
    RtuOverTcp(schneider_em::Rtu<schneider_em::transport::tcp::RtuOverTcpLink>),
    /// The simulator's line-timed bus (the demo).
    #[cfg(feature = "sim")]
    Line(schneider_em::Rtu<schneider_em::sim::line::BusLink>),
}

impl schneider_em::Transport for BusTransport {
    type Error = std::io::Error;

    fn read_registers(
        &mut self,
        unit: schneider_em::UnitId,
        function: schneider_em::ReadFunction,
        start: schneider_em::WireAddress,
        out: &mut [u16],
    ) -> Result<(), schneider_em::Error<std::io::Error>> {
        match self {
            BusTransport::Serial(t) => t.read_registers(unit, function, start, out),
            BusTransport::Tcp(t) => t.read_registers(unit, function, start, out),
            BusTransport::RtuOverTcp(t) => t.read_registers(unit, function, start, out),
            #[cfg(feature = "sim")]
            BusTransport::Line(t) => t.read_registers(unit, function, start, out),
        }
    }
}

pub use crate::bus::worker::response_allowance;

/// Opens the transport of bus `bus` of `config`. TCP links connect lazily (a gateway that is
/// down at start is retried with backoff); a serial port must open now.
pub fn open_bus(config: &Config, bus: usize) -> anyhow::Result<BusTransport> {
    use crate::config::Endpoint;
    use schneider_em::transport::serial::{SerialPortLink, SerialSettings};
    use schneider_em::transport::tcp::{RtuOverTcpLink, TcpOptions, TcpTransport};
    use schneider_em::transport::RtuTiming;
    let b = &config.buses[bus];
    let allowance = response_allowance(&b.link);
    let timing = RtuTiming::new(b.link.baud, b.link.parity, b.link.stop_bits)
        .with_turnaround_allowance_us(allowance.as_micros().min(u32::MAX as u128) as u32);
    Ok(match &b.endpoint {
        Endpoint::Serial(path) => {
            let settings = SerialSettings {
                baud: b.link.baud,
                parity: b.link.parity,
                stop_bits: b.link.stop_bits,
            };
            let mut link = SerialPortLink::open(path, settings)
                .with_context(|| format!("bus '{}': cannot open serial port {path}", b.name))?;
            link.set_timing(timing);
            BusTransport::Serial(schneider_em::Rtu::new(link))
        }
        Endpoint::Tcp(addr) => BusTransport::Tcp(TcpTransport::new(addr, TcpOptions::new(timing))),
        Endpoint::RtuOverTcp(addr) => BusTransport::RtuOverTcp(schneider_em::Rtu::new(
            RtuOverTcpLink::new(addr, TcpOptions::new(timing)),
        )),
    })
}

/// A running collector: its bus threads and its pipeline thread.
pub struct Running {
    stop: Arc<AtomicBool>,
    buses: Vec<BusThread>,
    pipeline: Option<std::thread::JoinHandle<StoreWriter>>,
    /// The pipeline's counters.
    pub stats: Arc<PipelineStats>,
}

impl Running {
    /// Every bus's live figures, by bus.
    pub fn bus_stats(&self) -> Vec<(String, Arc<Mutex<BusStats>>)> {
        self.buses
            .iter()
            .map(|b| (b.name.clone(), b.stats.clone()))
            .collect()
    }

    /// Stops the buses, drains the pipeline, and commits and closes the store.
    pub fn stop(mut self) -> anyhow::Result<()> {
        self.stop.store(true, Ordering::Relaxed);
        for b in self.buses.drain(..) {
            if let Some(h) = b.handle {
                let _ = h.join();
            }
        }
        if let Some(p) = self.pipeline.take() {
            let writer = p
                .join()
                .map_err(|_| anyhow::anyhow!("the pipeline thread panicked"))?;
            writer.close().context("closing the store")?;
        }
        Ok(())
    }
}

/// Starts polling: one thread per bus with the given transports (by bus index), and
/// `pipeline` on its own thread.
pub fn start(
    config: &Config,
    transports: Vec<(usize, BusTransport)>,
    pipeline: Pipeline,
) -> anyhow::Result<Running> {
    let stop = Arc::new(AtomicBool::new(false));
    // Bounded: when the pipeline or the store falls behind, the bus workers wait instead of
    // memory growing (a serial bus is far below this rate; fast TCP links are not).
    let (tx, rx) = std::sync::mpsc::sync_channel(PIPELINE_QUEUE_BATCHES);
    let mut jobs = Vec::new();
    let mut threads = Vec::new();
    for (bus, transport) in transports {
        let job = BusJob::from_config(config, bus)
            .with_context(|| format!("no bus number {bus} in the configuration"))?;
        // A Modbus TCP bus with `in_flight` > 1 is polled pipelined, over a connection of its
        // own with the transport's timing; the transport itself (lazy) never connects.
        let pipelined = match (&transport, config.buses.get(bus).map(|b| (b, &b.endpoint))) {
            (BusTransport::Tcp(t), Some((b, crate::config::Endpoint::Tcp(addr))))
                if b.in_flight > 1 =>
            {
                Some((addr.clone(), *t.options(), b.in_flight))
            }
            _ => None,
        };
        jobs.push((job, transport, pipelined));
    }
    let stats = pipeline.stats();
    let pipeline = std::thread::Builder::new()
        .name("pipeline".into())
        .spawn(move || pipeline.run(rx))
        .context("starting the pipeline thread")?;
    let mut pipelined = Vec::new();
    for (job, transport, p) in jobs {
        match p {
            Some((addr, options, in_flight)) => pipelined.push((job, addr, options, in_flight)),
            None => threads.push(spawn_bus(job, transport, tx.clone(), stop.clone())?),
        }
    }
    threads.extend(spawn_pipelined(pipelined, tx.clone(), stop.clone())?);
    Ok(Running {
        stop,
        buses: threads,
        pipeline: Some(pipeline),
        stats,
    })
}
