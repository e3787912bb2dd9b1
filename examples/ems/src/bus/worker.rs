//! The owner of one bus: runs its [`Schedule`] against a blocking transport (a serial bus keeps
//! one owner, so RTU timing stays exact), tracks each meter's [`Health`], re-plans a meter
//! without the ranges it refuses, and hands every result to a callback. It never stores,
//! validates or shows anything.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use schneider_em::{
    AsyncMeter, Error, Identity, LinkParams, Meter, Model, PartialRead, Plan, QuantitySet,
    RegisterRange, Snapshot, Transport, UnitId, WordOrders, MAX_IN_FLIGHT,
};

use super::health::{BackoffPolicy, ErrorKind, Health, State, Transition};
use super::mux::{MeterRead, Mux};
use super::schedule::{MeterClass, Next, Schedule};
use crate::config::{Config, Interval, PollWhat};

/// What a class reads from a meter.
#[derive(Clone, Debug, PartialEq)]
pub enum What {
    /// These quantities, in one optimal plan.
    Quantities(QuantitySet),
    /// The identity registers (`Meter::identify`).
    Identity,
}

/// One class of one meter.
#[derive(Clone, Debug, PartialEq)]
pub struct ClassJob {
    /// The class's index (the configuration's numbering).
    pub class: usize,
    /// What it reads.
    pub what: What,
    /// How often (zero = back to back).
    pub interval: Duration,
}

/// One meter on the bus.
#[derive(Clone, Debug, PartialEq)]
pub struct MeterJob {
    /// Its name (the configuration's).
    pub name: String,
    /// Index in the configuration's meter list.
    pub index: usize,
    /// Unit id.
    pub unit: UnitId,
    /// Model.
    pub model: Model,
    /// Word orders.
    pub orders: WordOrders,
    /// Its classes.
    pub classes: Vec<ClassJob>,
}

/// Everything a worker needs to know about its bus.
#[derive(Clone, Debug, PartialEq)]
pub struct BusJob {
    /// The bus's name.
    pub name: String,
    /// The serial line the reads are planned for.
    pub link: LinkParams,
    /// The class names, by class index.
    pub class_names: Vec<String>,
    /// The meters (enabled ones only).
    pub meters: Vec<MeterJob>,
    /// Offline backoff.
    pub backoff: BackoffPolicy,
}

impl BusJob {
    /// The job of bus `bus` of a configuration: its enabled meters with their classes.
    pub fn from_config(config: &Config, bus: usize) -> Option<BusJob> {
        let b = config.buses.get(bus)?;
        let meters = config
            .meters
            .iter()
            .enumerate()
            .filter(|(_, m)| m.bus == bus && m.enabled)
            .map(|(index, m)| MeterJob {
                name: m.name.clone(),
                index,
                unit: m.unit,
                model: m.model,
                orders: m.word_orders,
                classes: m
                    .poll
                    .iter()
                    .filter_map(|p| {
                        let interval = match p.interval {
                            Interval::Off => return None,
                            Interval::BackToBack => Duration::ZERO,
                            Interval::Every(d) => d,
                        };
                        let what = match &p.what {
                            PollWhat::Quantities(q) if q.is_empty() => return None,
                            PollWhat::Quantities(q) => What::Quantities(*q),
                            PollWhat::Identity => What::Identity,
                        };
                        Some(ClassJob {
                            class: p.class,
                            what,
                            interval,
                        })
                    })
                    .collect(),
            })
            .collect();
        Some(BusJob {
            name: b.name.clone(),
            link: b.link,
            class_names: config.classes.iter().map(|c| c.name.clone()).collect(),
            meters,
            backoff: BackoffPolicy::default(),
        })
    }
}

/// One read's values, as read.
#[derive(Clone, Debug)]
pub struct Reading {
    /// The meter: its index in the configuration ([`MeterJob::index`]).
    pub meter: usize,
    /// The class read.
    pub class: usize,
    /// When the read started (UTC).
    pub time: SystemTime,
    /// How long it took on the bus.
    pub took: Duration,
    /// The values (N/A and unread ones absent).
    pub snapshot: Snapshot,
    /// Planned quantities without a value because a request failed or was refused.
    pub missing: QuantitySet,
}

/// What a worker reports.
#[derive(Clone, Debug)]
pub enum Output {
    /// Values read.
    Reading(Box<Reading>),
    /// A meter's identity was read.
    Identity {
        /// The meter: its index in the configuration ([`MeterJob::index`]).
        meter: usize,
        /// When.
        time: SystemTime,
        /// What it said.
        identity: Box<Identity>,
    },
    /// A meter went offline or came back.
    Health {
        /// The meter: its index in the configuration ([`MeterJob::index`]).
        meter: usize,
        /// When.
        time: SystemTime,
        /// Its new state.
        state: State,
        /// What changed.
        transition: Transition,
        /// The last error, for people.
        error: Option<String>,
    },
    /// A meter refused register ranges; its class was re-planned without them.
    Refused {
        /// The meter: its index in the configuration ([`MeterJob::index`]).
        meter: usize,
        /// The class.
        class: usize,
        /// The ranges refused (documented register numbers, inclusive).
        ranges: Vec<(u16, u16)>,
        /// The quantities no longer read.
        quantities: QuantitySet,
    },
}

/// Live figures of a bus, shared with `/metrics` and the dashboard.
#[derive(Clone, Debug, Default)]
pub struct BusStats {
    /// Per class: bus time spent reading it (s), reads, and the mean measured interval
    /// between two reads of the same meter (s; covering reads count).
    pub classes: Vec<ClassStats>,
    /// Per meter: health as last known.
    pub meters: Vec<MeterStats>,
    /// Time the bus was busy (s) since start: for a pipelined bus, the time with at least one
    /// read under way (reads that overlap count once).
    pub busy_s: f64,
    /// What the bus-time model says those reads cost (s): each plan's modelled time, and for
    /// a read that timed out, the requests before it plus the reply timeout and the
    /// late-reply guard the link keeps after it.
    pub model_busy_s: f64,
    /// Time since start (s).
    pub elapsed_s: f64,
}

/// Figures of one class on a bus.
#[derive(Clone, Debug, Default)]
pub struct ClassStats {
    /// The class's name.
    pub name: String,
    /// The configured interval (s), the shortest of its meters'; 0 = back to back.
    pub interval_s: f64,
    /// The modelled bus time of one round over all meters (s).
    pub model_round_s: f64,
    /// Reads done.
    pub reads: u64,
    /// Bus time spent (s).
    pub busy_s: f64,
    /// Mean measured interval between reads of one meter (s), over the last intervals seen.
    pub measured_interval_s: Option<f64>,
    interval_sum: f64,
    interval_n: u64,
}

/// Figures of one meter.
#[derive(Clone, Debug)]
pub struct MeterStats {
    /// Name.
    pub name: String,
    /// State name.
    pub state: &'static str,
    /// Reads attempted.
    pub reads: u64,
    /// Errors by kind.
    pub errors: Vec<(ErrorKind, u64)>,
    /// Last read's duration (s).
    pub latency_s: Option<f64>,
    /// Last answer (UTC).
    pub last_seen: Option<SystemTime>,
    /// Last error.
    pub last_error: Option<String>,
}

/// Runs one bus.
pub struct Worker<T: Transport> {
    job: BusJob,
    transport: Option<T>,
    schedule: Schedule,
    /// (meter, class) → task's plan (None for identity); shared, so that a pipelined read
    /// takes a reference instead of a copy of the plan.
    plans: Vec<Option<Arc<Plan>>>,
    /// Per task: the ranges the meter refused for it.
    refused: Vec<Vec<RegisterRange>>,
    /// Per task: what it reads.
    what: Vec<What>,
    health: Vec<Health>,
    stats: Arc<Mutex<BusStats>>,
    started: Instant,
    wall_start: SystemTime,
    /// Reads overlap (pipelined): busy time is booked by the event loop, not per read.
    overlapping: bool,
}

impl<T: Transport> Worker<T>
where
    T::Error: std::fmt::Debug,
{
    /// A worker for `job` over `transport`. Plans every (meter, class) once; a class a model
    /// cannot plan (a value beyond its read limit) is an error.
    pub fn new(job: BusJob, transport: T) -> anyhow::Result<Self> {
        Self::with_transport(job, Some(transport))
    }

    /// A worker for `job` without a transport of its own: for [`run_pipelined`], whose reads
    /// go through the bus's [`Mux`].
    pub fn detached(job: BusJob) -> anyhow::Result<Self> {
        Self::with_transport(job, None)
    }

    fn with_transport(job: BusJob, transport: Option<T>) -> anyhow::Result<Self> {
        let mut meter_classes = Vec::new();
        let mut plans = Vec::new();
        let mut what = Vec::new();
        let mut model_round = vec![0f64; job.class_names.len()];
        let mut interval = vec![f64::INFINITY; job.class_names.len()];
        for m in &job.meters {
            let mut mcs = Vec::new();
            for c in &m.classes {
                let (quantities, plan) = match &c.what {
                    What::Quantities(q) => {
                        let plan: Plan = Plan::new(m.model, q, &job.link).map_err(|e| {
                            anyhow::anyhow!(
                                "meter '{}': class '{}': {e}",
                                m.name,
                                job.class_names.get(c.class).map_or("?", |s| s.as_str())
                            )
                        })?;
                        (plan.planned(), Some(plan))
                    }
                    What::Identity => (QuantitySet::EMPTY, None),
                };
                if let (Some(r), Some(p)) = (model_round.get_mut(c.class), &plan) {
                    *r += p.bus_time_ns() as f64 / 1e9;
                }
                if let Some(i) = interval.get_mut(c.class) {
                    *i = i.min(c.interval.as_secs_f64());
                }
                mcs.push(MeterClass {
                    class: c.class,
                    quantities,
                    interval: c.interval,
                    at_start: c.what == What::Identity,
                });
                plans.push(plan.map(Arc::new));
                what.push(c.what.clone());
            }
            meter_classes.push(mcs);
        }
        let schedule = Schedule::new(&meter_classes);
        let health = (0..job.meters.len())
            .map(|i| Health::new(job.backoff, i as u64 + 1))
            .collect();
        let stats = BusStats {
            classes: job
                .class_names
                .iter()
                .enumerate()
                .map(|(i, n)| ClassStats {
                    name: n.clone(),
                    interval_s: if interval[i].is_finite() {
                        interval[i]
                    } else {
                        0.0
                    },
                    model_round_s: model_round[i],
                    ..ClassStats::default()
                })
                .collect(),
            meters: job
                .meters
                .iter()
                .map(|m| MeterStats {
                    name: m.name.clone(),
                    state: "unknown",
                    reads: 0,
                    errors: Vec::new(),
                    latency_s: None,
                    last_seen: None,
                    last_error: None,
                })
                .collect(),
            busy_s: 0.0,
            model_busy_s: 0.0,
            elapsed_s: 0.0,
        };
        let n = plans.len();
        Ok(Worker {
            job,
            transport,
            schedule,
            plans,
            refused: vec![Vec::new(); n],
            what,
            health,
            stats: Arc::new(Mutex::new(stats)),
            started: Instant::now(),
            wall_start: SystemTime::now(),
            overlapping: false,
        })
    }

    /// The live figures (shared: clone the `Arc` before `run`).
    pub fn stats(&self) -> Arc<Mutex<BusStats>> {
        self.stats.clone()
    }

    /// The job.
    pub fn job(&self) -> &BusJob {
        &self.job
    }

    fn now(&self) -> Duration {
        self.started.elapsed()
    }

    fn wall(&self, at: Duration) -> SystemTime {
        self.wall_start + at
    }

    /// Polls until `stop` is set, handing every result to `out`. Sleeps only when nothing is
    /// due, in steps of at most 50 ms so a stop is seen quickly.
    pub fn run(&mut self, stop: &AtomicBool, mut out: impl FnMut(Output)) {
        self.started = Instant::now();
        self.wall_start = SystemTime::now();
        while !stop.load(Ordering::Relaxed) {
            let now = self.now();
            match self.schedule.next(now) {
                Next::Read(task) => self.read(task, &mut out),
                Next::IdleUntil(t) => {
                    std::thread::sleep((t.saturating_sub(now)).min(Duration::from_millis(50)))
                }
                Next::Nothing => std::thread::sleep(Duration::from_millis(50)),
            }
        }
        self.publish_meters();
    }

    /// Starts task `task`: the schedule learns it ran.
    fn begin(&mut self, task: usize) -> Begun {
        let started = self.now();
        let intervals = self.schedule.done(task, started);
        Begun {
            task,
            started,
            intervals,
        }
    }

    fn read(&mut self, task: usize, out: &mut impl FnMut(Output)) {
        let m = self.schedule.task(task).meter;
        let (unit, model, orders) = {
            let job = &self.job.meters[m];
            (job.unit, job.model, job.orders)
        };
        let begun = self.begin(task);
        let Some(transport) = self.transport.take() else {
            return;
        };
        let mut meter = Meter::new(transport, unit, model)
            .with_link(self.job.link)
            .with_word_orders(orders);
        let outcome = match (&self.what[task], &self.plans[task]) {
            (What::Identity, _) => Outcome::Identity(Box::new(meter.identify())),
            (What::Quantities(_), Some(plan)) => {
                Outcome::Values(Box::new(meter.read_partial(plan)))
            }
            (What::Quantities(_), None) => Outcome::Nothing,
        };
        self.transport = Some(meter.free());
        let finished = self.now();
        self.finish(begun, outcome, finished, out);
    }

    /// Books the outcome of a read begun with [`Worker::begin`] that ended at `finished`.
    fn finish(
        &mut self,
        begun: Begun,
        outcome: Outcome<T::Error>,
        finished: Duration,
        out: &mut impl FnMut(Output),
    ) {
        match outcome {
            Outcome::Values(v) => match *v {
                Ok(partial) => self.finish_values(begun, &partial, finished, out),
                // Only a plan for another model fails the whole read: a bug, not the meter.
                Err(e) => self.book(begun, finished, 0, out, |w, _, m, _, _, _| {
                    w.health[m].failed(finished, ErrorKind::Exception, e.to_string())
                }),
            },
            Outcome::Identity(r) => self.book(
                begun,
                finished,
                0,
                out,
                |w, _, m, time, took, out| match *r {
                    Ok(identity) => {
                        out(Output::Identity {
                            meter: w.job.meters[m].index,
                            time,
                            identity: Box::new(identity),
                        });
                        w.health[m].answered(finished, took)
                    }
                    Err(e) => w.health[m].failed(finished, kind_of(&e), format!("identity: {e}")),
                },
            ),
            Outcome::Nothing => self.book(begun, finished, 0, out, |_, _, _, _, _, _| None),
        }
    }

    /// Books the values a read begun with [`Worker::begin`] got by `finished`: by reference,
    /// since a read's result is a few kB and a pipelined read keeps it in place.
    fn finish_values(
        &mut self,
        begun: Begun,
        partial: &PartialRead<T::Error>,
        finished: Duration,
        out: &mut impl FnMut(Output),
    ) {
        let modelled = self.modelled_ns(begun.task, partial);
        self.book(
            begun,
            finished,
            modelled,
            out,
            |w, task, m, time, took, out| w.values(task, m, time, took, finished, partial, out),
        );
    }

    /// Books a read begun with [`Worker::begin`] that ended at `finished` and cost `modelled`
    /// ns in the bus model: `decide` reports what it got (given the task, the meter, the
    /// read's start in UTC and its duration) and returns the meter's health transition.
    fn book<O: FnMut(Output)>(
        &mut self,
        begun: Begun,
        finished: Duration,
        modelled: u64,
        out: &mut O,
        decide: impl FnOnce(&mut Self, usize, usize, SystemTime, Duration, &mut O) -> Option<Transition>,
    ) {
        let Begun {
            task,
            started,
            intervals,
        } = begun;
        let m = self.schedule.task(task).meter;
        let took = finished.saturating_sub(started);
        let time = self.wall(started);
        let transition = decide(self, task, m, time, took, out);
        self.apply(m, transition, time, out);
        self.account(task, took, modelled, &intervals);
    }

    /// The bus-time model's cost of a read that got `partial`, ns.
    fn modelled_ns(&self, task: usize, partial: &PartialRead<T::Error>) -> u64 {
        let Some(plan) = &self.plans[task] else {
            return 0;
        };
        let link = &self.job.link;
        let Some(failed) = partial.failures.iter().find(|f| f.is_link()) else {
            // Every request went out and came back (possibly damaged or refused).
            return plan.bus_time_ns();
        };
        let index = failed
            .request
            .and_then(|r| plan.requests().iter().position(|p| p.start == r.start()))
            .unwrap_or(0);
        let before: u64 = plan.requests()[..index]
            .iter()
            .map(|r| link.request_cost_ns(r.count))
            .sum();
        let count = failed.request.map_or(1, |r| r.count);
        let timing = link
            .timing()
            .with_turnaround_allowance_us(response_allowance(link).as_micros() as u32);
        before
            + timing.chars_ns(8)
            + timing.reply_timeout_ns(5 + 2 * usize::from(count))
            + timing.late_reply_guard_ns()
            + timing.t35_ns()
    }

    #[allow(clippy::too_many_arguments)]
    fn values(
        &mut self,
        task: usize,
        m: usize,
        time: SystemTime,
        took: Duration,
        finished: Duration,
        partial: &PartialRead<T::Error>,
        out: &mut impl FnMut(Output),
    ) -> Option<Transition> {
        let health = &mut self.health[m];
        health.requests += u64::from(partial.requests_sent);
        let link_failure = partial.failures.iter().find(|f| f.is_link());
        // Errors that did not end the read are counted; the first link failure decides.
        for f in partial.failures.iter().filter(|f| !f.is_link()) {
            health.count(kind_of(&f.error), 1);
        }
        if !partial.refused.is_empty() {
            health.count(ErrorKind::Refused, partial.refused.len() as u64);
        }
        let transition = match link_failure {
            Some(f) if partial.snapshot.is_empty() => {
                health.failed(finished, kind_of(&f.error), f.to_string())
            }
            Some(f) => {
                // Part of it answered, then the link failed: count it, the meter is there.
                health.count(kind_of(&f.error), 1);
                health.answered(finished, took)
            }
            None if partial.snapshot.is_empty() && !partial.failures.is_empty() => {
                let f = &partial.failures[0];
                health.failed(finished, kind_of(&f.error), f.to_string())
            }
            None => health.answered(finished, took),
        };
        if !partial.refused.is_empty() {
            self.replan(task, m, partial, out);
        }
        if !partial.snapshot.is_empty() {
            out(Output::Reading(Box::new(Reading {
                meter: self.job.meters[m].index,
                class: self.schedule.task(task).class,
                time,
                took,
                missing: partial.missing(),
                snapshot: partial.snapshot.clone(),
            })));
        }
        transition
    }

    fn replan(
        &mut self,
        task: usize,
        m: usize,
        partial: &PartialRead<T::Error>,
        out: &mut impl FnMut(Output),
    ) {
        let refused = &mut self.refused[task];
        refused.extend(partial.refused_ranges());
        let What::Quantities(q) = &self.what[task] else {
            return;
        };
        let model = self.job.meters[m].model;
        if let Ok(plan) = Plan::excluding(model, q, &self.job.link, refused) {
            self.plans[task] = Some(Arc::new(plan));
        }
        out(Output::Refused {
            meter: self.job.meters[m].index,
            class: self.schedule.task(task).class,
            ranges: partial
                .refused_ranges()
                .map(|r| (r.first.get(), r.last.get()))
                .collect(),
            quantities: partial.refused_quantities,
        });
    }

    fn apply(
        &mut self,
        m: usize,
        transition: Option<Transition>,
        time: SystemTime,
        out: &mut impl FnMut(Output),
    ) {
        match self.health[m].state() {
            State::Offline { until, .. } => self.schedule.suspend(m, Some(until)),
            _ => self.schedule.suspend(m, None),
        }
        if let Some(transition) = transition {
            out(Output::Health {
                meter: self.job.meters[m].index,
                time,
                state: self.health[m].state(),
                transition,
                error: self.health[m].last_error.clone(),
            });
        }
    }

    fn account(
        &mut self,
        task: usize,
        took: Duration,
        modelled_ns: u64,
        intervals: &[(usize, Duration, bool)],
    ) {
        let class = self.schedule.task(task).class;
        let now = self.now();
        let mut stats = self.stats.lock().unwrap_or_else(|e| e.into_inner());
        if !self.overlapping {
            stats.busy_s += took.as_secs_f64();
        }
        stats.model_busy_s += modelled_ns as f64 / 1e9;
        stats.elapsed_s = now.as_secs_f64();
        if let Some(c) = stats.classes.get_mut(class) {
            c.reads += 1;
            c.busy_s += took.as_secs_f64();
        }
        // Intervals measure how often live meters are refreshed: a silent meter's probes
        // (once per backoff period) would only say how long it has been silent.
        let answered = matches!(
            self.health[self.schedule.task(task).meter].state(),
            State::Online
        );
        for &(class, interval, _) in intervals.iter().filter(|_| answered) {
            if let Some(c) = stats.classes.get_mut(class) {
                c.interval_sum += interval.as_secs_f64();
                c.interval_n += 1;
                c.measured_interval_s = Some(c.interval_sum / c.interval_n as f64);
            }
        }
        drop(stats);
        self.publish_meter(self.schedule.task(task).meter);
    }

    fn publish_meter(&self, m: usize) {
        let h = &self.health[m];
        let mut stats = self.stats.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(s) = stats.meters.get_mut(m) {
            s.state = h.state().name();
            s.reads = h.reads;
            s.errors = ErrorKind::ALL.iter().map(|&k| (k, h.errors(k))).collect();
            s.latency_s = h.last_latency.map(|d| d.as_secs_f64());
            s.last_seen = h.last_seen.map(|d| self.wall_start + d);
            s.last_error = h.last_error.clone();
        }
    }

    fn publish_meters(&self) {
        for m in 0..self.health.len() {
            self.publish_meter(m);
        }
    }

    /// Health of meter `m`.
    pub fn health(&self, m: usize) -> &Health {
        &self.health[m]
    }

    /// Gives the transport back.
    pub fn free(mut self) -> Option<T> {
        self.transport.take()
    }
}

/// A Modbus TCP bus whose reads are pipelined: its worker, its connection, how many
/// requests it keeps in flight, and where its outputs go.
pub struct PipelinedBus<T: Transport> {
    /// The bus's worker ([`Worker::detached`]).
    pub worker: Worker<T>,
    /// The connection its reads share.
    pub mux: Mux,
    /// Reads (of different meters) under way at once, at most.
    pub in_flight: usize,
    /// Receives the outputs, in batches.
    pub out: Box<dyn FnMut(Vec<Output>) + Send>,
}

/// Polls every bus of `buses` on the calling thread, one event loop for all of them, until
/// `stop` is set: up to `in_flight` reads of different meters per bus are under way at once
/// (their requests share the bus's connection), each booked as it ends. Outputs leave in
/// batches: everything that ended since the last batch, handed over before the bus waits
/// again. Reads under way when `stop` is set are finished, not dropped.
pub fn run_pipelined<T>(buses: Vec<PipelinedBus<T>>, stop: Arc<AtomicBool>) -> std::io::Result<()>
where
    T: Transport<Error = std::io::Error> + 'static,
{
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let local = tokio::task::LocalSet::new();
    for bus in buses {
        let stop = stop.clone();
        local.spawn_local(async move {
            let PipelinedBus {
                mut worker,
                mux,
                in_flight,
                mut out,
            } = bus;
            worker
                .pipelined(mux, in_flight.max(1), &stop, &mut out)
                .await;
        });
    }
    runtime.block_on(local);
    Ok(())
}

impl<T> Worker<T>
where
    T: Transport<Error = std::io::Error>,
{
    async fn pipelined(
        &mut self,
        mux: Mux,
        in_flight: usize,
        stop: &AtomicBool,
        out: &mut impl FnMut(Vec<Output>),
    ) {
        const STEP: Duration = Duration::from_millis(50);
        // Outputs per hand-over to the pipeline at most, and the longest an output waits for
        // its batch (what live values lag by at most).
        const BATCH_OUTPUTS: usize = 256;
        const BATCH_WAIT: Duration = Duration::from_millis(20);
        let mut batch_since: Option<Instant> = None;
        // Since when at least one read has been under way.
        let mut busy_from: Option<Duration> = None;
        self.overlapping = true;
        self.started = Instant::now();
        self.wall_start = SystemTime::now();
        let driver = tokio::spawn(mux.clone().drive());
        // Value reads run here, each a `MeterRead` in a slot, their requests and results
        // going through one queue (`MuxReads`): no task and no wake-up per read. Identity
        // reads (rare, one request at a time) run as tasks.
        let mut requests = mux.reads();
        // Finished reads stay in their slots, for the next read to reuse their allocation.
        let mut slots: Vec<Slot> = Vec::new();
        let mut running = 0usize;
        let mut identities = tokio::task::JoinSet::new();
        // Which meter each identity task is for, to release it if the task is lost.
        let mut meter_of = crate::fasthash::FxMap::default();
        let mut batch = Vec::new();
        loop {
            let stopping = stop.load(Ordering::Relaxed);
            let mut idle_until = None;
            // Reads that ended as soon as they began (nothing to send: the connect backoff, a
            // plan without requests) count against this pass's budget too, so that a class
            // due back to back with such reads cannot keep this loop from ever yielding.
            let mut ended_at_once = 0;
            while !stopping && running + identities.len() + ended_at_once < in_flight {
                match self.schedule.next(self.now()) {
                    Next::Read(task) => {
                        let m = self.schedule.task(task).meter;
                        let begun = self.begin(task);
                        // Not again until this read has ended (`apply` lifts it).
                        self.schedule.suspend(m, Some(Duration::MAX));
                        let job = &self.job.meters[m];
                        let (unit, model, orders) = (job.unit, job.model, job.orders);
                        let answering = self.health[m].state() == State::Online;
                        match (&self.what[task], &self.plans[task]) {
                            (What::Identity, _) => {
                                let link = self.job.link;
                                let handle = mux.handle();
                                let origin = self.started;
                                let id = identities
                                    .spawn(async move {
                                        let mut meter = AsyncMeter::new(handle, unit, model)
                                            .with_link(link)
                                            .with_word_orders(orders);
                                        let identity = meter.identify().await;
                                        (
                                            begun,
                                            Outcome::Identity(Box::new(identity)),
                                            origin.elapsed(),
                                        )
                                    })
                                    .id();
                                meter_of.insert(id, m);
                            }
                            (What::Quantities(_), Some(plan)) if plan.model() == model => {
                                // All the plan's requests go out together: one round trip
                                // per read.
                                let plan = plan.clone();
                                let key = match slots.iter().position(|s| s.begun.is_none()) {
                                    Some(k) => {
                                        slots[k].read.restart(
                                            plan,
                                            unit,
                                            orders,
                                            MAX_IN_FLIGHT,
                                            answering,
                                        );
                                        k
                                    }
                                    None => {
                                        slots.push(Slot {
                                            begun: None,
                                            read: MeterRead::new(
                                                plan,
                                                unit,
                                                orders,
                                                MAX_IN_FLIGHT,
                                                answering,
                                            ),
                                        });
                                        slots.len() - 1
                                    }
                                };
                                let read = &mut slots[key].read;
                                read.send_due(|token, unit, function, start, count| {
                                    requests.send(key as u32, token, unit, function, start, count)
                                });
                                if read.is_done() {
                                    // Nothing could be sent (the connect backoff).
                                    ended_at_once += 1;
                                    let at = self.now();
                                    self.finish_values(begun, read.outcome(), at, &mut |o| {
                                        batch.push(o)
                                    });
                                } else {
                                    slots[key].begun = Some(begun);
                                    running += 1;
                                }
                            }
                            (What::Quantities(_), Some(plan)) => {
                                ended_at_once += 1;
                                let outcome =
                                    Outcome::Values(Box::new(Err(Error::ModelMismatch {
                                        meter: model,
                                        plan: plan.model(),
                                    })));
                                self.finish(begun, outcome, self.now(), &mut |o| batch.push(o));
                            }
                            (What::Quantities(_), None) => {
                                ended_at_once += 1;
                                self.finish(begun, Outcome::Nothing, self.now(), &mut |o| {
                                    batch.push(o)
                                });
                            }
                        }
                    }
                    Next::IdleUntil(t) => {
                        idle_until = Some(t);
                        break;
                    }
                    Next::Nothing => break,
                }
            }
            let busy = running + identities.len() > 0;
            // Busy time so far, booked as it passes so `/metrics` sees it.
            let now = self.now();
            if let Some(t) = busy_from {
                self.book_busy(now.saturating_sub(t));
            }
            busy_from = busy.then_some(now);
            // A batch leaves when it is full, when its oldest output has waited long enough,
            // or when nothing is under way: each hand-over wakes the pipeline thread once.
            if !batch.is_empty() && batch_since.is_none() {
                batch_since = Some(Instant::now());
            }
            let flush_at = batch_since.map(|t: Instant| t + BATCH_WAIT);
            if !batch.is_empty()
                && (batch.len() >= BATCH_OUTPUTS
                    || !busy
                    || flush_at.is_some_and(|t| t <= Instant::now()))
            {
                out(std::mem::take(&mut batch));
                batch_since = None;
            }
            if !busy && stopping {
                break;
            }
            if ended_at_once > 0 {
                // Let the driver, the other buses and the stop flag have their turn. (The
                // reads' own work is the core's session, which does not panic on any reply;
                // a panic in this loop ends this bus's polling, as one in the booking of a
                // read always did.)
                tokio::task::yield_now().await;
            }
            let mut wait = idle_until.map_or(STEP, |t| t.saturating_sub(self.now()).min(STEP));
            if let Some(t) = batch_since.map(|t| t + BATCH_WAIT) {
                wait = wait.min(t.saturating_duration_since(Instant::now()));
            }
            let (mut ended, mut joined) = tokio::select! {
                r = requests.next(), if running > 0 => (Some(r), None),
                d = identities.join_next_with_id(), if !identities.is_empty() => (None, d),
                _ = tokio::time::sleep(wait) => (None, None),
            };
            // Then whatever else has ended meanwhile, without waiting.
            loop {
                if let Some((key, token, result)) = ended.take() {
                    let key = key as usize;
                    if let Some(s) = slots.get_mut(key).filter(|s| s.begun.is_some()) {
                        s.read.complete(token, result);
                        s.read.send_due(|token, unit, function, start, count| {
                            requests.send(key as u32, token, unit, function, start, count)
                        });
                        if s.read.is_done() {
                            if let Some(begun) = s.begun.take() {
                                running -= 1;
                                let at = self.now();
                                self.finish_values(begun, s.read.outcome(), at, &mut |o| {
                                    batch.push(o)
                                });
                            }
                        }
                    }
                } else if let Some(d) = joined.take() {
                    match d {
                        Ok((id, (begun, outcome, finished))) => {
                            meter_of.remove(&id);
                            self.finish(begun, outcome, finished, &mut |o| batch.push(o));
                        }
                        Err(e) => {
                            tracing::error!(bus = %self.job.name, error = %e, "an identity read failed");
                            if let Some(m) = meter_of.remove(&e.id()) {
                                self.schedule.suspend(m, None);
                            }
                        }
                    }
                } else if let Some(r) = requests.try_next() {
                    ended = Some(r);
                } else if let Some(d) = identities.try_join_next_with_id() {
                    joined = Some(d);
                } else {
                    break;
                }
            }
        }
        driver.abort();
        if let Some(t) = busy_from {
            self.book_busy(self.now().saturating_sub(t));
        }
        self.publish_meters();
    }

    fn book_busy(&self, d: Duration) {
        let mut stats = self.stats.lock().unwrap_or_else(|e| e.into_inner());
        stats.busy_s += d.as_secs_f64();
        stats.elapsed_s = self.now().as_secs_f64();
    }
}

/// The reply allowance a bus's meters get: twice the configured turnaround, at least 50 ms
/// (the turnaround costs the plan; the allowance decides when a meter is silent).
pub fn response_allowance(link: &LinkParams) -> Duration {
    Duration::from_micros(u64::from(link.turnaround_us) * 2).max(Duration::from_millis(50))
}

/// A pipelined value read: how it began (`None` once it has been booked: the slot is free)
/// and where it stands.
struct Slot {
    begun: Option<Begun>,
    read: MeterRead<Arc<Plan>>,
}

/// A read under way: its task, when it started, and the intervals it measured.
struct Begun {
    task: usize,
    started: Duration,
    intervals: Vec<(usize, Duration, bool)>,
}

enum Outcome<E: std::fmt::Debug> {
    Identity(Box<Result<Identity, Error<E>>>),
    Values(Box<Result<PartialRead<E>, Error<E>>>),
    Nothing,
}

fn kind_of<E: std::fmt::Debug>(e: &Error<E>) -> ErrorKind {
    match e {
        Error::Timeout => ErrorKind::Timeout,
        Error::Bus(_) => ErrorKind::Bus,
        Error::Frame(_) => ErrorKind::Frame,
        _ => ErrorKind::Exception,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use schneider_em::transport::tcp::TcpOptions;
    use schneider_em::transport::RtuTiming;
    use schneider_em::Parity;

    #[test]
    fn pipelined_reads_that_end_at_once_do_not_keep_the_buses_thread_from_stopping() {
        // A class due back to back whose plan has nothing to read: every read ends as it
        // begins, and the meter is due again at once. The scheduling pass must still yield
        // and see the stop flag (it once looped forever here).
        let model = Model::Em6400Ng;
        let job = BusJob {
            name: "gw".into(),
            link: LinkParams::new(19200),
            class_names: vec!["fast".into()],
            meters: vec![MeterJob {
                name: "m1".into(),
                index: 0,
                unit: UnitId::new(1).unwrap(),
                model,
                orders: model.map().word_order,
                classes: vec![ClassJob {
                    class: 0,
                    what: What::Quantities(QuantitySet::EMPTY),
                    interval: Duration::ZERO,
                }],
            }],
            backoff: BackoffPolicy::default(),
        };
        let worker = Worker::<schneider_em::transport::tcp::TcpTransport>::detached(job).unwrap();
        // Nothing is ever sent, so the address is never dialled.
        let mux = Mux::new(
            "127.0.0.1:9",
            TcpOptions::new(RtuTiming::new(19200, Parity::Even, 1)),
        );
        let stop = Arc::new(AtomicBool::new(false));
        let (done_tx, done_rx) = std::sync::mpsc::channel();
        let stopper = stop.clone();
        std::thread::spawn(move || {
            let bus = PipelinedBus {
                worker,
                mux,
                in_flight: 4,
                out: Box::new(|_: Vec<Output>| {}),
            };
            run_pipelined(vec![bus], stopper).unwrap();
            let _ = done_tx.send(());
        });
        std::thread::sleep(Duration::from_millis(300));
        stop.store(true, Ordering::Relaxed);
        assert!(
            done_rx.recv_timeout(Duration::from_secs(5)).is_ok(),
            "the buses' thread did not stop within 5 s of the stop flag"
        );
    }
}
