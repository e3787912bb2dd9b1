//! The MQTT sink: publishes every stored reading as a state message, each meter's
//! availability and, optionally, Home Assistant device discovery (see `MQTT.md` for the topics
//! and payloads).
//!
//! It owns one task on the web runtime that reads the store's outbox after its high-water mark,
//! hands state messages to rumqttc and moves the mark once the broker has acknowledged them
//! (QoS 1; with QoS 0, once they were written to the socket). It never talks to a bus and never
//! makes the collector wait: the only thing the collector thread does for it is a `try_send`
//! of a meter's health when it changes.
//!
//! While the broker is away nothing is read from the store: at most `queue` state messages are
//! in flight (handed to the client, not yet acknowledged), and everything committed meanwhile
//! stays in SQLite until the connection is back, when it is read and sent from the mark on. A
//! lost connection drops the client with whatever it held and starts again from the mark, so
//! delivery is at least once. On its very first start (no mark yet) the sink begins at the
//! store's head instead of replaying all history.

mod ledger;
mod payload;

use std::collections::{HashMap, VecDeque};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Result;
use rumqttc::{
    AsyncClient, ConnectReturnCode, ConnectionError, Event, EventLoop, LastWill, MqttOptions,
    Outgoing, Packet, QoS,
};

use self::ledger::Ledger;
use self::payload::Topics;
use super::{SinkContext, SinkHandle, SinkStatus};
use crate::alarms::engine::{Transition, TransitionSink};
use crate::collector::{Pipeline, Published};
use crate::config::sinks::MqttSink;
use crate::config::Config;
use crate::store::{ChangeBatch, Outbox, SinkMarks, StoreError};

/// The sink's name in `sink_mark` and in statuses.
const NAME: &str = "mqtt";
/// Health changes buffered between the collector thread and the sink.
const HEALTH_QUEUE: usize = 4096;
/// First and longest wait between connection attempts.
const BACKOFF_MIN: Duration = Duration::from_millis(500);
const BACKOFF_MAX: Duration = Duration::from_secs(15);
/// How often the outbox is looked at when nothing woke the sink (the store commits about
/// once a second).
const TICK: Duration = Duration::from_millis(250);
/// How often the mark is written to the store at most.
const PERSIST_EVERY: Duration = Duration::from_secs(1);
/// Time allowed at stop to deliver what the store has committed.
const DRAIN: Duration = Duration::from_secs(4);
/// rumqttc numbers QoS 1 packets up to its in-flight limit (a u16).
const MAX_WINDOW: usize = 30_000;
/// Alarm transitions waiting for the broker at most; more are dropped (and counted), like the
/// webhook's queue: a dead broker never blocks the alarm engine, and its return is no storm.
pub const ALARM_QUEUE: usize = 1000;

/// The alarm engine's handle on the MQTT sink ([`crate::alarms::TransitionSink`]): each
/// announced transition (not the suppressed ones of shelved or out-of-service alarms) is
/// queued for the sink, which publishes it once on `<prefix>/<site>/alarm` and as the retained
/// state of the alarm point on `<prefix>/<site>/<meter>/alarm/<rule>` (QoS 1). Transitions
/// wait in the queue while the broker is away.
#[derive(Clone, Debug)]
pub struct AlarmNotifier {
    tx: tokio::sync::mpsc::Sender<Transition>,
    dropped: Arc<std::sync::atomic::AtomicU64>,
}

impl AlarmNotifier {
    /// Transitions dropped because the queue was full.
    pub fn dropped(&self) -> u64 {
        self.dropped.load(std::sync::atomic::Ordering::Relaxed)
    }
}

impl TransitionSink for AlarmNotifier {
    fn send(&self, t: &Transition) {
        if t.suppressed {
            return;
        }
        if self.tx.try_send(t.clone()).is_err() {
            let n = self
                .dropped
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
                + 1;
            tracing::warn!(
                sink = NAME,
                dropped = n,
                "alarm queue full: transition not published"
            );
        }
    }
}

type AlarmRx = tokio::sync::mpsc::Receiver<Transition>;

/// Starts the MQTT sink, subscribed to `pipeline` for meter health; the notifier is for the
/// alarm engine.
pub fn spawn(
    ctx: &SinkContext,
    cfg: &MqttSink,
    runtime: &tokio::runtime::Handle,
    pipeline: &mut Pipeline,
) -> Result<(SinkHandle, AlarmNotifier)> {
    let (tx, rx) = tokio::sync::mpsc::channel(HEALTH_QUEUE);
    let mut last: Vec<&'static str> = vec!["unknown"; ctx.config.meters.len()];
    // Runs on the collector thread: compare and try_send only.
    pipeline.subscribe(move |p| {
        let (meter, state) = match p {
            Published::Values { meter, .. } => (*meter, "online"),
            Published::Health { meter, state, .. } => (*meter, state.name()),
        };
        if last.get(meter).is_some_and(|s| *s != state) && tx.try_send((meter, state)).is_ok() {
            // Only remembered once queued, so a full queue is retried at the next event.
            last[meter] = state;
        }
    });
    let (alarm_tx, alarm_rx) = tokio::sync::mpsc::channel(ALARM_QUEUE);
    let handle = start(ctx, cfg, runtime, Some(rx), Some(alarm_rx))?;
    Ok((
        handle,
        AlarmNotifier {
            tx: alarm_tx,
            dropped: Arc::default(),
        },
    ))
}

/// Starts the MQTT sink without meter health (no pipeline: replay tools and benchmarks). State
/// messages then say `"health":"unknown"` and no meter availability is published.
pub fn spawn_without_health(
    ctx: &SinkContext,
    cfg: &MqttSink,
    runtime: &tokio::runtime::Handle,
) -> Result<SinkHandle> {
    start(ctx, cfg, runtime, None, None)
}

type HealthRx = tokio::sync::mpsc::Receiver<(usize, &'static str)>;

fn start(
    ctx: &SinkContext,
    cfg: &MqttSink,
    runtime: &tokio::runtime::Handle,
    health_rx: Option<HealthRx>,
    alarm_rx: Option<AlarmRx>,
) -> Result<SinkHandle> {
    let password = match (&cfg.password, &cfg.password_file) {
        (Some(p), _) => Some(p.clone()),
        (None, Some(f)) => Some(read_password(f)?),
        (None, None) => None,
    };
    if password.is_some() && cfg.username.is_none() {
        anyhow::bail!("sinks.mqtt: a password needs a username (MQTT 3.1.1)");
    }
    let tls = match &cfg.tls_ca_file {
        Some(f) => Some(tls::transport(f)?),
        None => None,
    };
    let topics = Topics::new(&ctx.config, cfg)?;
    let discovery = if cfg.ha_discovery {
        (0..ctx.config.meters.len())
            .filter(|&i| ctx.config.meters[i].enabled)
            .map(|i| {
                (
                    topics.discovery(i),
                    payload::discovery(&ctx.config, cfg, &topics, i),
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    let status = Arc::new(Mutex::new(SinkStatus::default()));
    let n = ctx.config.meters.len();
    let sink = Sink {
        meter_index: ctx
            .config
            .meters
            .iter()
            .enumerate()
            .map(|(i, m)| (m.name.clone(), i))
            .collect(),
        config: ctx.config.clone(),
        cfg: cfg.clone(),
        password,
        tls,
        topics,
        discovery,
        data_dir: ctx.data_dir.clone(),
        cancel: ctx.cancel.clone(),
        wake: ctx.wake.clone(),
        status: status.clone(),
        health_rx,
        alarm_rx,
        health: vec!["unknown"; n],
        store: None,
        mark: 0,
        persisted: 0,
        window: cfg.queue.clamp(1, MAX_WINDOW),
    };
    let task = runtime.spawn(sink.run());
    Ok(SinkHandle {
        name: NAME,
        status,
        task,
    })
}

fn read_password(f: &Path) -> Result<String> {
    crate::config::sinks::read_secret(f, "sinks.mqtt: password_file").map_err(anyhow::Error::msg)
}

/// The store views the sink uses, moved into blocking tasks and back.
struct Store {
    outbox: Outbox,
    marks: SinkMarks,
}

/// Why a session ended.
enum Ended {
    /// `ems` is stopping.
    Cancelled,
    /// The connection failed or was lost (with the reason and whether it had been up).
    Lost(String, bool),
}

/// One connection's state.
struct Conn {
    client: AsyncClient,
    ledger: Ledger,
    /// Batches read from the outbox and not yet fully handed over, and the next row of the
    /// first.
    pending: VecDeque<ChangeBatch>,
    next_row: usize,
    /// The last batch read from the outbox.
    read_pos: i64,
    /// Whether the outbox may hold batches after `read_pos`.
    more: bool,
    /// Time of the last state message per meter (for `interval`).
    last_sent: HashMap<String, i64>,
    /// Availability last published per meter.
    availability: Vec<Option<&'static str>>,
}

struct Sink {
    config: Arc<Config>,
    cfg: MqttSink,
    password: Option<String>,
    tls: Option<rumqttc::Transport>,
    topics: Topics,
    /// (topic, payload) of each meter's discovery config.
    discovery: Vec<(String, String)>,
    data_dir: std::path::PathBuf,
    cancel: tokio_util::sync::CancellationToken,
    wake: Arc<tokio::sync::Notify>,
    status: Arc<Mutex<SinkStatus>>,
    health_rx: Option<HealthRx>,
    /// Alarm transitions from the alarm engine (read only while connected).
    alarm_rx: Option<AlarmRx>,
    /// Each configured meter's health as the collector last reported it.
    health: Vec<&'static str>,
    meter_index: HashMap<String, usize>,
    store: Option<Store>,
    /// The last batch the broker has acknowledged entirely.
    mark: i64,
    /// The mark as written to the store.
    persisted: i64,
    /// State messages in flight at most.
    window: usize,
}

impl Sink {
    fn status(&self) -> std::sync::MutexGuard<'_, SinkStatus> {
        self.status.lock().unwrap_or_else(|e| e.into_inner())
    }

    async fn run(mut self) {
        let mut backoff = BACKOFF_MIN;
        let mut last_error = String::new();
        loop {
            if self.cancel.is_cancelled() {
                break;
            }
            let ended = match self.open().await {
                Ok(()) => self.session().await,
                Err(e) => Ended::Lost(format!("the store: {e}"), false),
            };
            match ended {
                Ended::Cancelled => break,
                Ended::Lost(error, was_up) => {
                    if was_up {
                        backoff = BACKOFF_MIN;
                        tracing::warn!(sink = NAME, %error, mark = self.mark, "connection lost; readings wait in the store");
                    } else if error != last_error {
                        tracing::warn!(sink = NAME, %error, retry_s = backoff.as_secs_f64(), "cannot connect; readings wait in the store");
                    } else {
                        tracing::debug!(sink = NAME, %error, "cannot connect");
                    }
                    {
                        let mut s = self.status();
                        s.connected = false;
                        s.last_error = Some(error.clone());
                    }
                    last_error = error;
                    tokio::select! {
                        _ = tokio::time::sleep(backoff) => {}
                        _ = self.cancel.cancelled() => break,
                    }
                    backoff = (backoff * 2).min(BACKOFF_MAX);
                }
            }
        }
        self.persist().await;
        self.status().connected = false;
    }

    /// Runs `f` on the store views in a blocking task.
    async fn blocking<R: Send + 'static>(
        &mut self,
        f: impl FnOnce(&mut Store) -> Result<R, StoreError> + Send + 'static,
    ) -> Result<R, String> {
        let Some(mut store) = self.store.take() else {
            return Err("the store is not open".into());
        };
        let (store, r) = tokio::task::spawn_blocking(move || {
            let r = f(&mut store);
            (store, r)
        })
        .await
        .map_err(|e| format!("store task failed: {e}"))?;
        self.store = Some(store);
        r.map_err(|e| e.to_string())
    }

    /// Opens the outbox and reads the mark (once).
    async fn open(&mut self) -> Result<(), String> {
        if self.store.is_some() {
            return Ok(());
        }
        let dir = self.data_dir.clone();
        let (store, mark, head, first) = tokio::task::spawn_blocking(move || {
            let outbox = Outbox::open(&dir)?;
            let marks = SinkMarks::open(&dir)?;
            let head = outbox.last_seq()?;
            let first = outbox.first_seq()?;
            let mark = match marks.get(NAME)? {
                Some(m) => m,
                None => {
                    // First start: deliver from now on, not the whole history.
                    marks.set(NAME, head)?;
                    head
                }
            };
            Ok::<_, StoreError>((Store { outbox, marks }, mark, head, first))
        })
        .await
        .map_err(|e| format!("store task failed: {e}"))?
        .map_err(|e| e.to_string())?;
        if first.is_some_and(|f| f > mark + 1) {
            tracing::warn!(
                sink = NAME,
                mark,
                oldest = first,
                "the store pruned batches this sink never delivered"
            );
        }
        self.store = Some(store);
        self.mark = mark;
        self.persisted = mark;
        let mut s = self.status();
        s.mark = mark;
        s.head = head;
        Ok(())
    }

    /// Writes the mark to the store if it moved.
    async fn persist(&mut self) {
        if self.mark == self.persisted || self.store.is_none() {
            return;
        }
        let mark = self.mark;
        match self.blocking(move |s| s.marks.set(NAME, mark)).await {
            Ok(()) => self.persisted = mark,
            Err(e) => tracing::warn!(sink = NAME, error = %e, "cannot save the mark"),
        }
    }

    fn options(&self) -> MqttOptions {
        let mut o = MqttOptions::new(&self.cfg.client_id, &self.cfg.host, self.cfg.port);
        o.set_keep_alive(Duration::from_secs(10))
            .set_clean_session(true)
            .set_inflight((self.window * 2).min(u16::MAX as usize) as u16)
            .set_max_packet_size(1 << 20, 1 << 20)
            .set_last_will(LastWill::new(
                &self.topics.site_availability,
                "offline",
                QoS::AtLeastOnce,
                true,
            ));
        if let (Some(u), p) = (&self.cfg.username, &self.password) {
            o.set_credentials(u, p.clone().unwrap_or_default());
        }
        if let Some(t) = &self.tls {
            o.set_transport(t.clone());
        }
        o
    }

    fn qos(&self) -> QoS {
        if self.cfg.qos == 0 {
            QoS::AtMostOnce
        } else {
            QoS::AtLeastOnce
        }
    }

    /// One connection, from connecting to losing it or stopping.
    async fn session(&mut self) -> Ended {
        // Room for a full window of state messages plus availability and discovery bursts.
        let cap = self.window + 4 * self.config.meters.len() + 64;
        let (client, mut events) = AsyncClient::new(self.options(), cap);
        let first = tokio::select! {
            r = events.poll() => r,
            _ = self.cancel.cancelled() => return Ended::Cancelled,
        };
        match first {
            Ok(Event::Incoming(Packet::ConnAck(_))) => {}
            Ok(other) => return Ended::Lost(format!("unexpected first event {other:?}"), false),
            Err(e) => return Ended::Lost(self.describe(&e), false),
        }
        {
            let mut s = self.status();
            s.connected = true;
            s.last_error = None;
        }
        tracing::info!(
            sink = NAME,
            broker = %format!("{}:{}", self.cfg.host, self.cfg.port),
            mark = self.mark,
            "connected"
        );
        let mut conn = Conn {
            client,
            ledger: Ledger::new(self.mark),
            pending: VecDeque::new(),
            next_row: 0,
            read_pos: self.mark,
            more: true,
            last_sent: HashMap::new(),
            availability: vec![None; self.config.meters.len()],
        };
        self.announce(&mut conn);
        let mut tick = tokio::time::interval(TICK);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut last_persist = Instant::now();
        let mut drain: Option<(Instant, i64)> = None;
        loop {
            if let Err(e) = self.fill(&mut conn).await {
                tracing::error!(sink = NAME, error = %e, "cannot read the outbox");
                self.status().last_error = Some(e);
                conn.more = false;
            }
            if let Some((deadline, target)) = drain {
                if self.mark >= target || Instant::now() >= deadline {
                    self.goodbye(&conn.client, &mut events).await;
                    return Ended::Cancelled;
                }
            }
            tokio::select! {
                ev = events.poll() => match ev {
                    Ok(ev) => self.event(ev, &mut conn),
                    Err(e) => return Ended::Lost(self.describe(&e), true),
                },
                h = next_health(&mut self.health_rx) => match h {
                    Some((m, state)) => {
                        self.health[m] = state;
                        self.publish_availability(&mut conn, m);
                    }
                    None => self.health_rx = None,
                },
                t = next_alarm(&mut self.alarm_rx) => match t {
                    Some(t) => self.publish_alarm(&mut conn, &t),
                    None => self.alarm_rx = None,
                },
                _ = self.wake.notified() => conn.more = true,
                _ = tick.tick() => {
                    conn.more = true;
                    if last_persist.elapsed() >= PERSIST_EVERY {
                        last_persist = Instant::now();
                        self.persist().await;
                    }
                }
                _ = self.cancel.cancelled(), if drain.is_none() => {
                    // Deliver what the store has committed (the collector has stopped).
                    let head = self.blocking(|s| s.outbox.last_seq()).await.unwrap_or(self.mark);
                    tracing::info!(sink = NAME, mark = self.mark, head, "stopping: delivering what is committed");
                    drain = Some((Instant::now() + DRAIN, head));
                    conn.more = true;
                }
            }
        }
    }

    /// After connecting: the collector's availability, each meter's, discovery.
    fn announce(&mut self, conn: &mut Conn) {
        let c = &conn.client;
        let site = self.topics.site_availability.clone();
        if c.try_publish(site, QoS::AtLeastOnce, true, "online")
            .is_ok()
        {
            conn.ledger.handed_other();
        }
        for m in 0..self.config.meters.len() {
            self.publish_availability(conn, m);
        }
        if self.cfg.ha_discovery {
            // rumqttc does not restore subscriptions after a reconnect: subscribe every time.
            if let Err(e) = conn
                .client
                .try_subscribe(self.topics.ha_status.clone(), QoS::AtLeastOnce)
            {
                tracing::warn!(sink = NAME, error = %e, "cannot subscribe to Home Assistant's status");
            }
            self.publish_discovery(conn);
        }
    }

    fn publish_discovery(&self, conn: &mut Conn) {
        for (topic, config) in &self.discovery {
            match conn
                .client
                .try_publish(topic.clone(), QoS::AtLeastOnce, false, config.clone())
            {
                Ok(()) => conn.ledger.handed_other(),
                Err(e) => tracing::warn!(sink = NAME, error = %e, "discovery not sent"),
            }
        }
    }

    /// One alarm transition: the event, and the point's retained state.
    fn publish_alarm(&self, conn: &mut Conn, t: &Transition) {
        let (Ok(event), Ok(state)) = (serde_json::to_string(t), serde_json::to_string(&t.alarm))
        else {
            return;
        };
        let level = self.topics.meter_level(
            self.meter_index.get(&t.alarm.meter).copied(),
            &t.alarm.meter,
        );
        for (topic, body, retain) in [
            (self.topics.alarm_events(), event, false),
            (self.topics.alarm_state(&level, &t.alarm.rule), state, true),
        ] {
            match conn
                .client
                .try_publish(topic, QoS::AtLeastOnce, retain, body)
            {
                Ok(()) => conn.ledger.handed_other(),
                Err(e) => tracing::warn!(sink = NAME, error = %e, "alarm transition not sent"),
            }
        }
    }

    fn publish_availability(&self, conn: &mut Conn, m: usize) {
        let value = match self.health[m] {
            "unknown" => return,
            "offline" => "offline",
            _ => "online",
        };
        if conn.availability[m] == Some(value) {
            return;
        }
        let topic = self.topics.meter_availability(m);
        match conn
            .client
            .try_publish(topic, QoS::AtLeastOnce, true, value)
        {
            Ok(()) => {
                conn.ledger.handed_other();
                conn.availability[m] = Some(value);
            }
            // Left unrecorded: published with the next change or reconnect.
            Err(e) => tracing::debug!(sink = NAME, error = %e, "availability not sent"),
        }
    }

    /// Hands state messages to the client while the window has room, reading the outbox as
    /// needed.
    async fn fill(&mut self, conn: &mut Conn) -> Result<(), String> {
        while conn.ledger.unsettled() < self.window {
            if conn.pending.is_empty() {
                // Read in larger steps than one message at a time.
                if !conn.more || conn.ledger.unsettled() > self.window / 2 {
                    return Ok(());
                }
                let (after, max) = (conn.read_pos, self.window - conn.ledger.unsettled());
                let (batches, head) = self
                    .blocking(move |s| {
                        Ok((s.outbox.changes_after(after, max)?, s.outbox.last_seq()?))
                    })
                    .await?;
                self.status().head = head;
                match batches.last() {
                    None => {
                        conn.more = false;
                        return Ok(());
                    }
                    Some(b) => conn.read_pos = b.seq,
                }
                conn.pending.extend(batches);
                conn.next_row = 0;
            }
            let Some(batch) = conn.pending.front() else {
                continue;
            };
            let seq = batch.seq;
            while conn.next_row < batch.rows.len() && conn.ledger.unsettled() < self.window {
                let row = &batch.rows[conn.next_row];
                conn.next_row += 1;
                let gap = self.cfg.interval.as_millis() as i64;
                // Thinning: nothing earlier than `interval` after the last one sent (an older
                // row sent again because a later read extended it is skipped too).
                if gap > 0
                    && conn
                        .last_sent
                        .get(&row.meter)
                        .is_some_and(|&t| row.time_ms < t.saturating_add(gap))
                {
                    continue;
                }
                let index = self.meter_index.get(&row.meter).copied();
                let health = index.map_or("unknown", |i| self.health[i]);
                let quantities = &self.cfg.quantities;
                let Some(body) = payload::state(row, health, |n| {
                    quantities.is_empty() || quantities.iter().any(|q| q == n)
                }) else {
                    continue;
                };
                let topic = self
                    .topics
                    .state(&self.topics.meter_level(index, &row.meter));
                if let Err(e) = conn.client.try_publish(topic, self.qos(), false, body) {
                    // Not handed over: this row again at the next fill (the client's queue
                    // is sized for the window, so this is not expected).
                    tracing::debug!(sink = NAME, error = %e, "state message not queued");
                    conn.next_row -= 1;
                    return Ok(());
                }
                conn.ledger.handed_row(seq);
                if gap > 0 {
                    conn.last_sent.insert(row.meter.clone(), row.time_ms);
                }
            }
            if conn.next_row >= batch.rows.len() {
                conn.ledger.batch_complete(seq);
                conn.pending.pop_front();
                conn.next_row = 0;
                self.mark = conn.ledger.mark();
                self.status().mark = self.mark;
            }
        }
        Ok(())
    }

    fn event(&mut self, ev: Event, conn: &mut Conn) {
        let settled = match ev {
            Event::Outgoing(Outgoing::Publish(pkid) | Outgoing::AwaitAck(pkid)) => {
                let s = conn.ledger.sent(pkid);
                // QoS 0 is settled by being sent; QoS 1 waits for the PubAck below.
                (pkid == 0).then_some(s)
            }
            Event::Incoming(Packet::PubAck(a)) => Some(conn.ledger.acked(a.pkid)),
            Event::Incoming(Packet::Publish(p)) => {
                if p.topic == self.topics.ha_status && p.payload.as_ref() == b"online" {
                    tracing::info!(sink = NAME, "Home Assistant started: re-sending discovery");
                    self.publish_discovery(conn);
                }
                None
            }
            _ => None,
        };
        if let Some(s) = settled {
            self.mark = conn.ledger.mark();
            let mut st = self.status.lock().unwrap_or_else(|e| e.into_inner());
            st.delivered_items += 1;
            st.delivered_rows += u64::from(s.row);
            st.mark = self.mark;
        }
    }

    /// At stop: the collector's availability goes offline (a clean stop sends no will), then
    /// a clean disconnect.
    async fn goodbye(&mut self, client: &AsyncClient, events: &mut EventLoop) {
        let _ = client.try_publish(
            self.topics.site_availability.clone(),
            QoS::AtLeastOnce,
            true,
            "offline",
        );
        let _ = client.try_disconnect();
        let _ = tokio::time::timeout(Duration::from_secs(1), async {
            loop {
                match events.poll().await {
                    Ok(Event::Outgoing(Outgoing::Disconnect)) | Err(_) => break,
                    Ok(_) => {}
                }
            }
        })
        .await;
        tracing::info!(sink = NAME, mark = self.mark, "disconnected");
    }

    /// A connection error a user can act on.
    fn describe(&self, e: &ConnectionError) -> String {
        let at = format!("MQTT broker {}:{}", self.cfg.host, self.cfg.port);
        match e {
            ConnectionError::ConnectionRefused(
                ConnectReturnCode::BadUserNamePassword | ConnectReturnCode::NotAuthorized,
            ) => format!(
                "{at} refused the connection: bad user name or password, or not authorised \
                 (check sinks.mqtt username and password/password_file, and the broker's ACL)"
            ),
            ConnectionError::ConnectionRefused(c) => {
                format!("{at} refused the connection ({c:?})")
            }
            ConnectionError::NetworkTimeout => format!("{at}: no answer (connect timed out)"),
            ConnectionError::Io(io) => format!("{at}: {io}"),
            other => format!("{at}: {other}"),
        }
    }
}

async fn next_alarm(rx: &mut Option<AlarmRx>) -> Option<Transition> {
    match rx {
        Some(r) => r.recv().await,
        None => std::future::pending().await,
    }
}

async fn next_health(rx: &mut Option<HealthRx>) -> Option<(usize, &'static str)> {
    match rx {
        Some(r) => r.recv().await,
        None => std::future::pending().await,
    }
}

mod tls {
    //! `tls_ca_file`: TLS towards the broker, its certificate verified against that CA only
    //! (not the system roots), with rustls and the ring provider.

    use std::path::Path;
    use std::sync::Arc;

    use anyhow::{Context, Result};
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::CertificateDer;

    /// The transport for a broker whose certificate a CA in `ca_file` (PEM) signs.
    pub(super) fn transport(ca_file: &Path) -> Result<rumqttc::Transport> {
        let what = || format!("sinks.mqtt: tls_ca_file {}", ca_file.display());
        let mut roots = rustls::RootCertStore::empty();
        let mut n = 0;
        for cert in CertificateDer::pem_file_iter(ca_file).with_context(what)? {
            roots
                .add(cert.with_context(what)?)
                .with_context(|| format!("{}: not a usable CA certificate", what()))?;
            n += 1;
        }
        if n == 0 {
            anyhow::bail!("{}: no PEM certificate in it", what());
        }
        let config = rustls::ClientConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .context("TLS setup")?
        .with_root_certificates(roots)
        .with_no_client_auth();
        Ok(rumqttc::Transport::tls_with_config(
            rumqttc::TlsConfiguration::Rustls(Arc::new(config)),
        ))
    }
}
