//! The alarm engine: evaluates readings, meter health and predicted demand against the
//! compiled rules, runs each point's state machine, persists every transition and hands it
//! to the sinks (webhook, MQTT, live broadcast).
//!
//! Synchronous and single-owner: the collector calls it from one task (wrap it in an
//! [`super::http::AlarmHandle`] to share it with the HTTP API). A reading that changes no
//! alarm touches neither the database nor the sinks. Time comes from the caller (`time_ms`
//! arguments) or, for operator actions through the API, from the engine's [`Clock`].

use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use schneider_em::Quantity;
use serde::{Serialize, Serializer};

use crate::config::{AlarmKind, Priority};
use crate::store::StoreError;

use super::rules::{unit_of, value_of, CompiledRules, Rule};
use super::state::{in_zone, AlarmState, Event};
use super::store::{AlarmStore, EventRow, Record};

/// Where the engine gets the time for operator actions and shelving expiry.
pub trait Clock: Send + Sync {
    /// Now, UTC milliseconds since the Unix epoch.
    fn now_ms(&self) -> i64;
}

/// The system clock.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> i64 {
        jiff::Timestamp::now().as_millisecond()
    }
}

/// A clock set by hand (tests, simulations).
#[derive(Debug, Default)]
pub struct ManualClock(AtomicI64);

impl ManualClock {
    /// A clock showing `ms`.
    pub fn new(ms: i64) -> Self {
        ManualClock(AtomicI64::new(ms))
    }

    /// Sets the time.
    pub fn set(&self, ms: i64) {
        self.0.store(ms, Ordering::Relaxed);
    }
}

impl Clock for ManualClock {
    fn now_ms(&self) -> i64 {
        self.0.load(Ordering::Relaxed)
    }
}

/// Receives every transition after it is stored, suppressed ones included (a sink that
/// announces, like the webhook, skips [`Transition::suppressed`] ones).
pub trait TransitionSink: Send {
    /// Takes one transition; must not block (queue it).
    fn send(&self, t: &Transition);
}

/// RFC 3339 text of a UTC millisecond time.
pub fn rfc3339(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|t| t.to_string())
        .unwrap_or_else(|_| ms.to_string())
}

fn ser_time<S: Serializer>(ms: &Option<i64>, s: S) -> Result<S::Ok, S::Error> {
    match ms {
        Some(ms) => s.serialize_str(&rfc3339(*ms)),
        None => s.serialize_none(),
    }
}

fn ser_time_req<S: Serializer>(ms: &i64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&rfc3339(*ms))
}

/// Whether an alarm is active (`"active"`) or not (`"cleared"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ActiveState {
    /// Raised and not cleared.
    Active,
    /// Not active (cleared, or never raised).
    Cleared,
}

/// An alarm as the API and the dashboard show it. Times are RFC 3339 (UTC).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AlarmView {
    /// The alarm point's id (stable across restarts; `alarm.id`).
    pub id: i64,
    /// The rule's name.
    pub rule: String,
    /// The rule's kind (`over_current`, …).
    pub kind: &'static str,
    /// The meter.
    pub meter: String,
    /// The quantity its value is of (`null` for `offline`).
    pub quantity: Option<&'static str>,
    /// Priority.
    pub priority: Priority,
    /// Active or cleared.
    pub state: ActiveState,
    /// The current (or last) occurrence is acknowledged.
    pub acknowledged: bool,
    /// Shelved until then.
    #[serde(serialize_with = "ser_time")]
    pub shelved_until: Option<i64>,
    /// Out of service.
    pub out_of_service: bool,
    /// When the current (or last) occurrence was raised.
    #[serde(serialize_with = "ser_time")]
    pub raised_at: Option<i64>,
    /// When it cleared (`null` while active).
    #[serde(serialize_with = "ser_time")]
    pub cleared_at: Option<i64>,
    /// The value that raised it, or the latest while active.
    pub value: Option<f64>,
    /// What it is about, for people.
    pub message: String,
}

/// One transition of one alarm: stored, returned to the caller and given to every sink.
/// Its JSON form is the webhook's body (see `SCHEMA.md`, "Alarm JSON").
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Transition {
    /// `alarm_event.id` (receivers can drop a retried duplicate); `null` if storing failed.
    pub event_id: Option<i64>,
    /// What happened.
    pub event: Event,
    /// When.
    #[serde(rename = "time", serialize_with = "ser_time_req")]
    pub time_ms: i64,
    /// Who (for acknowledgement, shelving and service changes).
    pub who: Option<String>,
    /// Not announced: the alarm is shelved or out of service.
    pub suppressed: bool,
    /// The alarm after the transition.
    pub alarm: AlarmView,
}

/// Why an operator action was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AlarmError {
    /// No alarm has this id.
    #[error("no alarm with id {0}")]
    UnknownId(i64),
    /// The request makes no sense (e.g. shelving until a time already past).
    #[error("{0}")]
    BadRequest(String),
}

/// Which alarms [`AlarmEngine::views`] lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Filter {
    /// Active, unacknowledged, shelved or out of service, plus those cleared recently.
    Current,
    /// Active only.
    Active,
    /// Not active (cleared recently, or waiting for acknowledgement).
    Cleared,
    /// Waiting for acknowledgement.
    Unacknowledged,
    /// Shelved.
    Shelved,
    /// Out of service.
    OutOfService,
    /// Not normal: active, unacknowledged, shelved or out of service.
    NotNormal,
    /// Every alarm point.
    All,
}

impl Filter {
    /// Parses `?state=` (`current`, `active`, `cleared`, `unacknowledged`, `shelved`,
    /// `out_of_service`, `not_normal`, `all`).
    pub fn from_name(s: &str) -> Option<Filter> {
        Some(match s {
            "current" => Filter::Current,
            "active" => Filter::Active,
            "cleared" => Filter::Cleared,
            "unacknowledged" => Filter::Unacknowledged,
            "shelved" => Filter::Shelved,
            "out_of_service" => Filter::OutOfService,
            "not_normal" => Filter::NotNormal,
            "all" => Filter::All,
            _ => return None,
        })
    }
}

/// How long a cleared alarm stays in the [`Filter::Current`] list.
pub const RECENT_MS: i64 = 24 * 3_600_000;

/// The predicted demand of one block: energy so far plus the present kVA for the rest.
#[derive(Clone, Debug, Default, PartialEq)]
struct DemandBlock {
    start: i64,
    kvah: f64,
    last: Option<(i64, f64)>,
}

impl DemandBlock {
    /// Adds a kVA sample; returns the predicted block demand, kVA.
    fn add(&mut self, t: i64, kva: f64, block_ms: i64) -> f64 {
        let start = t.div_euclid(block_ms) * block_ms;
        match self.last {
            Some((lt, lk)) if lt < t => {
                if start != self.start {
                    self.start = start;
                    self.kvah = 0.0;
                }
                // The previous sample holds until this one (zero-order hold).
                let from = lt.max(start);
                self.kvah += lk * (t - from) as f64 / 3_600_000.0;
            }
            Some(_) => {}
            None => {
                self.start = start;
                self.kvah = 0.0;
            }
        }
        self.last = Some((t, kva));
        let remaining = (start + block_ms - t) as f64 / 3_600_000.0;
        (self.kvah + kva * remaining) / (block_ms as f64 / 3_600_000.0)
    }
}

/// Counters of the engine's own trouble.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EngineStatus {
    /// Transitions that could not be stored.
    pub store_errors: u64,
    /// The last such error.
    pub last_store_error: Option<String>,
}

/// The alarm engine. See the module documentation.
pub struct AlarmEngine {
    rules: CompiledRules,
    states: Vec<AlarmState>,
    ids: Vec<i64>,
    quantities: Vec<Option<&'static str>>,
    demand: Vec<DemandBlock>,
    by_id: HashMap<i64, usize>,
    store: AlarmStore,
    sinks: Vec<Box<dyn TransitionSink>>,
    clock: Arc<dyn Clock>,
    status: EngineStatus,
    pending: Vec<(usize, Event, Option<f64>)>,
}

impl std::fmt::Debug for AlarmEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AlarmEngine")
            .field("points", &self.ids.len())
            .field("store", &self.store)
            .field("status", &self.status)
            .finish()
    }
}

fn quantity_of(rule: &Rule) -> Option<&'static str> {
    match rule.kind {
        AlarmKind::Offline => None,
        AlarmKind::Demand => Some("predicted_demand_kva"),
        AlarmKind::OverCurrent => Some(Quantity::CurrentA.name()),
        AlarmKind::OverVoltage | AlarmKind::UnderVoltage => Some(Quantity::VoltageAN.name()),
        AlarmKind::OverFrequency | AlarmKind::UnderFrequency => Some(Quantity::Frequency.name()),
        AlarmKind::LowPowerFactor => Some(Quantity::PowerFactorTotal.name()),
        AlarmKind::VoltageUnbalance => Some(Quantity::VoltageUnbalanceLNWorst.name()),
        AlarmKind::CurrentUnbalance => Some(Quantity::CurrentUnbalanceWorst.name()),
        AlarmKind::Threshold => rule.quantity.map(|q| q.name()),
    }
}

fn describe(rule: &Rule, meter: &str, s: &AlarmState) -> String {
    let what = rule.message.as_deref().unwrap_or(match rule.kind {
        AlarmKind::OverCurrent => "over-current",
        AlarmKind::UnderVoltage => "under-voltage",
        AlarmKind::OverVoltage => "over-voltage",
        AlarmKind::OverFrequency => "over-frequency",
        AlarmKind::UnderFrequency => "under-frequency",
        AlarmKind::LowPowerFactor => "low power factor",
        AlarmKind::VoltageUnbalance => "voltage unbalance",
        AlarmKind::CurrentUnbalance => "current unbalance",
        AlarmKind::Demand => "predicted demand near contract demand",
        AlarmKind::Offline => "meter not answering",
        AlarmKind::Threshold => "threshold",
    });
    let unit = unit_of(rule);
    let sep = if unit.is_empty() { "" } else { " " };
    let limit = match (rule.above, rule.below) {
        (Some(a), Some(b)) => format!("outside {b}–{a}{sep}{unit}"),
        (Some(a), None) => format!("above {a}{sep}{unit}"),
        (None, Some(b)) => format!("below {b}{sep}{unit}"),
        (None, None) => String::new(),
    };
    match s.value {
        Some(v) if rule.kind != AlarmKind::Offline => {
            format!("{meter}: {what} ({v:.3}{sep}{unit}; limit {limit})")
        }
        _ => format!("{meter}: {what}"),
    }
}

impl AlarmEngine {
    /// An engine for `rules`, restoring each point's state from `store` (active alarms,
    /// acknowledgements, shelving and out-of-service survive a restart; delays start again).
    pub fn new(
        rules: CompiledRules,
        store: AlarmStore,
        clock: Arc<dyn Clock>,
    ) -> Result<AlarmEngine, StoreError> {
        let now = clock.now_ms();
        let n = rules.points.len();
        let mut e = AlarmEngine {
            states: Vec::with_capacity(n),
            ids: Vec::with_capacity(n),
            quantities: Vec::with_capacity(n),
            demand: vec![DemandBlock::default(); n],
            by_id: HashMap::with_capacity(n),
            rules,
            store,
            sinks: Vec::new(),
            clock,
            status: EngineStatus::default(),
            pending: Vec::new(),
        };
        for (i, p) in e.rules.points.iter().enumerate() {
            let rule = &e.rules.rules[p.rule];
            let (id, state) = e.store.point(
                &rule.name,
                &p.meter,
                rule.kind.name(),
                rule.priority.name(),
                now,
            )?;
            e.states.push(state.unwrap_or_else(|| AlarmState::new(now)));
            e.ids.push(id);
            e.quantities.push(quantity_of(rule));
            e.by_id.insert(id, i);
        }
        Ok(e)
    }

    /// Adds a sink (webhook notifier, MQTT, the live broadcast); every later transition is
    /// given to it.
    pub fn add_sink(&mut self, sink: Box<dyn TransitionSink>) {
        self.sinks.push(sink);
    }

    /// The engine's clock.
    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }

    /// Counters of storage trouble.
    pub fn status(&self) -> &EngineStatus {
        &self.status
    }

    /// The compiled rules.
    pub fn rules(&self) -> &CompiledRules {
        &self.rules
    }

    /// A meter's values read at `time_ms`. Returns the transitions they cause (usually none).
    pub fn on_reading(
        &mut self,
        meter: &str,
        time_ms: i64,
        values: &[(Quantity, f64)],
    ) -> Vec<Transition> {
        let Some(points) = self.rules.by_meter.get(meter) else {
            return Vec::new();
        };
        for &p in points {
            let rule = &self.rules.rules[self.rules.points[p].rule];
            let (q, v) = match rule.kind {
                AlarmKind::Offline => continue,
                AlarmKind::Demand => {
                    let Some(va) = values
                        .iter()
                        .find(|(q, v)| *q == Quantity::ApparentPowerTotal && v.is_finite())
                        .map(|(_, v)| *v)
                    else {
                        continue;
                    };
                    let kva = va / 1000.0;
                    let predicted = self.demand[p].add(time_ms, kva, self.rules.demand_block_ms);
                    ("predicted_demand_kva", predicted)
                }
                _ => match value_of(rule, values) {
                    Some(x) => x,
                    None => continue,
                },
            };
            let s = &mut self.states[p];
            let cond = in_zone(v, rule.above, rule.below, rule.deadband, s.condition);
            if s.active || cond {
                self.quantities[p] = Some(q);
            }
            if let Some(ev) = s.observe(cond, Some(v), &rule.timing, time_ms) {
                self.pending.push((p, ev, Some(v)));
            }
        }
        self.flush(time_ms, None)
    }

    /// The collector's view of a meter's health at `time_ms` (`online == false` while it is
    /// offline, i.e. in backoff). Feeds the meter's `offline` rules.
    pub fn on_health(&mut self, meter: &str, time_ms: i64, online: bool) -> Vec<Transition> {
        let Some(points) = self.rules.by_meter.get(meter) else {
            return Vec::new();
        };
        for &p in points {
            let rule = &self.rules.rules[self.rules.points[p].rule];
            if rule.kind != AlarmKind::Offline {
                continue;
            }
            if let Some(ev) = self.states[p].observe(!online, None, &rule.timing, time_ms) {
                self.pending.push((p, ev, None));
            }
        }
        self.flush(time_ms, None)
    }

    /// A predicted block demand computed elsewhere (kVA) for `meter`'s `demand` rules, in
    /// place of the engine's own prediction from `apparent_power_total`.
    pub fn on_demand(&mut self, meter: &str, time_ms: i64, predicted_kva: f64) -> Vec<Transition> {
        let Some(points) = self.rules.by_meter.get(meter) else {
            return Vec::new();
        };
        if !predicted_kva.is_finite() {
            return Vec::new();
        }
        for &p in points {
            let rule = &self.rules.rules[self.rules.points[p].rule];
            if rule.kind != AlarmKind::Demand {
                continue;
            }
            let s = &mut self.states[p];
            let cond = in_zone(predicted_kva, rule.above, None, rule.deadband, s.condition);
            if let Some(ev) = s.observe(cond, Some(predicted_kva), &rule.timing, time_ms) {
                self.pending.push((p, ev, Some(predicted_kva)));
            }
        }
        self.flush(time_ms, None)
    }

    /// Runs the delays and shelving expiry at `time_ms` (call it about once a second).
    pub fn tick(&mut self, time_ms: i64) -> Vec<Transition> {
        for (p, s) in self.states.iter_mut().enumerate() {
            let rule = &self.rules.rules[self.rules.points[p].rule];
            if let Some(ev) = s.expire_shelving(time_ms) {
                self.pending.push((p, ev, None));
            }
            if let Some(ev) = s.step(&rule.timing, time_ms) {
                self.pending.push((p, ev, None));
            }
        }
        self.flush(time_ms, None)
    }

    fn point(&self, id: i64) -> Result<usize, AlarmError> {
        self.by_id
            .get(&id)
            .copied()
            .ok_or(AlarmError::UnknownId(id))
    }

    /// Acknowledges alarm `id` for `who`. Acknowledging an acknowledged alarm changes
    /// nothing and returns no transition.
    pub fn ack(&mut self, id: i64, who: &str, time_ms: i64) -> Result<Vec<Transition>, AlarmError> {
        let p = self.point(id)?;
        let timing = self.rules.rules[self.rules.points[p].rule].timing;
        for ev in self.states[p].ack(&timing, time_ms) {
            self.pending.push((p, ev, None));
        }
        Ok(self.flush(time_ms, Some(who)))
    }

    /// Shelves alarm `id` until `until_ms` (its transitions meanwhile are stored but not
    /// announced; it leaves the shelf by itself at that time).
    pub fn shelve(
        &mut self,
        id: i64,
        until_ms: i64,
        who: &str,
        time_ms: i64,
    ) -> Result<Vec<Transition>, AlarmError> {
        let p = self.point(id)?;
        if until_ms <= time_ms {
            return Err(AlarmError::BadRequest(format!(
                "shelving until {} is not in the future (now {})",
                rfc3339(until_ms),
                rfc3339(time_ms)
            )));
        }
        if let Some(ev) = self.states[p].shelve(until_ms) {
            self.pending.push((p, ev, None));
        }
        Ok(self.flush(time_ms, Some(who)))
    }

    /// Takes alarm `id` off the shelf.
    pub fn unshelve(
        &mut self,
        id: i64,
        who: &str,
        time_ms: i64,
    ) -> Result<Vec<Transition>, AlarmError> {
        let p = self.point(id)?;
        if let Some(ev) = self.states[p].unshelve() {
            self.pending.push((p, ev, None));
        }
        Ok(self.flush(time_ms, Some(who)))
    }

    /// Takes alarm `id` out of service (`true`) or returns it (`false`).
    pub fn set_out_of_service(
        &mut self,
        id: i64,
        out_of_service: bool,
        who: &str,
        time_ms: i64,
    ) -> Result<Vec<Transition>, AlarmError> {
        let p = self.point(id)?;
        if let Some(ev) = self.states[p].set_out_of_service(out_of_service) {
            self.pending.push((p, ev, None));
        }
        Ok(self.flush(time_ms, Some(who)))
    }

    /// Stores, announces and returns the pending events.
    fn flush(&mut self, time_ms: i64, who: Option<&str>) -> Vec<Transition> {
        if self.pending.is_empty() {
            return Vec::new();
        }
        let pending = std::mem::take(&mut self.pending);
        let mut out = Vec::with_capacity(pending.len());
        for &(p, event, _) in &pending {
            let view = self.view(p);
            let s = &self.states[p];
            let suppressed =
                s.is_suppressed() && !matches!(event, Event::Shelved | Event::OutOfService);
            let rec = Record {
                alarm_id: self.ids[p],
                state: s,
                quantity: view.quantity,
                message: &view.message,
                event,
                time_ms,
                who,
                suppressed,
            };
            let event_id = match self.store.record(&rec) {
                Ok(id) => Some(id),
                Err(e) => {
                    self.status.store_errors += 1;
                    self.status.last_store_error = Some(e.to_string());
                    None
                }
            };
            let t = Transition {
                event_id,
                event,
                time_ms,
                who: who.map(str::to_string),
                suppressed,
                alarm: view,
            };
            for sink in &self.sinks {
                sink.send(&t);
            }
            out.push(t);
        }
        self.pending = pending;
        self.pending.clear();
        out
    }

    fn view(&self, p: usize) -> AlarmView {
        let point = &self.rules.points[p];
        let rule = &self.rules.rules[point.rule];
        let s = &self.states[p];
        AlarmView {
            id: self.ids[p],
            rule: rule.name.to_string(),
            kind: rule.kind.name(),
            meter: point.meter.to_string(),
            quantity: self.quantities[p],
            priority: rule.priority,
            state: if s.active {
                ActiveState::Active
            } else {
                ActiveState::Cleared
            },
            acknowledged: s.acked,
            shelved_until: s.shelved_until,
            out_of_service: s.out_of_service,
            raised_at: s.raised_at,
            cleared_at: s.cleared_at,
            value: s.value,
            message: describe(rule, &point.meter, s),
        }
    }

    /// One alarm.
    pub fn get(&self, id: i64) -> Result<AlarmView, AlarmError> {
        Ok(self.view(self.point(id)?))
    }

    /// Alarms that are not normal (active, unacknowledged, shelved or out of service),
    /// highest priority first, newest first within a priority.
    pub fn active(&self) -> Vec<AlarmView> {
        self.views(Filter::NotNormal, self.clock.now_ms())
    }

    /// Alarms matching `filter` at `now_ms`, highest priority first, newest first.
    pub fn views(&self, filter: Filter, now_ms: i64) -> Vec<AlarmView> {
        let mut out: Vec<AlarmView> = (0..self.states.len())
            .filter(|&p| {
                let s = &self.states[p];
                let recent = s.cleared_at.is_some_and(|c| now_ms - c <= RECENT_MS);
                match filter {
                    Filter::Current => s.is_notable() || recent,
                    Filter::Active => s.active,
                    Filter::Cleared => !s.active && (recent || !s.acked),
                    Filter::Unacknowledged => !s.acked,
                    Filter::Shelved => s.shelved_until.is_some(),
                    Filter::OutOfService => s.out_of_service,
                    Filter::NotNormal => s.is_notable(),
                    Filter::All => true,
                }
            })
            .map(|p| self.view(p))
            .collect();
        out.sort_by(|a, b| {
            b.priority
                .cmp(&a.priority)
                .then(b.raised_at.cmp(&a.raised_at))
                .then(a.id.cmp(&b.id))
        });
        out
    }

    /// `(active, unacknowledged)` counts, for the overview's badge (shelved and
    /// out-of-service alarms are not counted).
    pub fn counts(&self) -> (usize, usize) {
        let shown = self.states.iter().filter(|s| !s.is_suppressed());
        let (mut a, mut u) = (0, 0);
        for s in shown {
            a += usize::from(s.active);
            u += usize::from(!s.acked);
        }
        (a, u)
    }

    /// Stored transitions, newest first (of alarm `id`, or all).
    pub fn events(
        &self,
        id: Option<i64>,
        since_ms: i64,
        limit: u32,
    ) -> Result<Vec<EventRow>, StoreError> {
        self.store.events(id, since_ms, limit)
    }
}
