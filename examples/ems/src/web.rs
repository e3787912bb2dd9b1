//! Serving the dashboard, the API, `/metrics` and the alarms from `ems run` and `ems demo`: a
//! tokio runtime on its own threads next to the collector's, the live broadcast fed from the
//! pipeline, and the alarm engine fed from the same events. Wiring only: the pages and the API
//! are `ems::http`, the alarms `ems::alarms`, the figures `ems::metrics`.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::UNIX_EPOCH;

use anyhow::{Context, Result};
use axum::routing::get;
use ems::alarms::{
    AlarmEngine, AlarmHandle, AlarmStore, CompiledRules, Notifier, SystemClock, Transition,
    TransitionSink, WebhookOptions,
};
use ems::bus::health::State;
use ems::bus::worker::BusStats;
use ems::collector::{Pipeline, Published};
use ems::config::Config;
use ems::http::Auth;
use ems::http::{AppState, SiteModel};
use ems::live::{LiveEvent, LiveHealth, LiveValue};
use ems::metrics::Sources;
use tokio::sync::broadcast;

/// The web side of a running collector.
pub struct Web {
    runtime: tokio::runtime::Runtime,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
    /// Where the dashboard answers.
    pub url: String,
    /// The live broadcast.
    pub live: broadcast::Sender<LiveEvent>,
    /// The alarm engine.
    pub alarms: AlarmHandle,
    /// The figures `/metrics` shows, filled once the collector runs.
    pub sources: Arc<OnceLock<Sources>>,
    notifier_closer: Option<ems::alarms::notify::NotifierCloser>,
    ticker: Option<std::thread::JoinHandle<()>>,
    stop_ticker: Arc<std::sync::atomic::AtomicBool>,
}

struct LiveSink(broadcast::Sender<LiveEvent>);

impl TransitionSink for LiveSink {
    fn send(&self, t: &Transition) {
        if let Ok(json) = serde_json::to_value(t) {
            let _ = self.0.send(LiveEvent::Alarm { json });
        }
    }
}

/// Starts the web side: alarm engine (its tables migrated after the store's), the router on
/// `addr` (port 0 = any free port), `/metrics`. Call [`Web::attach`] before the collector
/// starts so the pipeline feeds it.
pub fn start(config: &Config, data_dir: &Path, addr: SocketAddr) -> Result<Web> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("ems-http")
        .enable_all()
        .build()
        .context("starting the HTTP runtime")?;
    let (live, _) = broadcast::channel(4096);

    // Alarms: rules from the configuration, state from the store, transitions to the webhook
    // and to the live feed.
    let store = AlarmStore::open(data_dir).context("opening the alarm tables")?;
    let mut engine = AlarmEngine::new(
        CompiledRules::from_config(config),
        store,
        Arc::new(SystemClock),
    )
    .context("restoring the alarms")?;
    let mut notifier_closer = None;
    if let Some(w) = &config.alarms.webhook {
        let notifier =
            Notifier::start(WebhookOptions::from(w)).context("starting the webhook notifier")?;
        notifier_closer = Some(notifier.closer());
        engine.add_sink(Box::new(notifier));
    }
    engine.add_sink(Box::new(LiveSink(live.clone())));
    let alarms = AlarmHandle::new(engine);

    let auth = match config.http.token.as_ref() {
        Some(source) => {
            let token = source.read().map_err(anyhow::Error::msg)?;
            Auth::token(token).map_err(anyhow::Error::msg)?
        }
        None => Auth::none(),
    };
    let state = AppState::new(SiteModel::from_config(config), data_dir, live.clone())
        .with_auth(auth.clone())
        .with_config(Arc::new(config.clone()));
    let sources: Arc<OnceLock<Sources>> = Arc::new(OnceLock::new());
    let metrics_sources = sources.clone();
    let extra = ems::alarms::router(alarms.clone()).route(
        "/metrics",
        get(move || {
            let s = metrics_sources.clone();
            async move {
                let body = s.get().map(ems::metrics::render).unwrap_or_default();
                (
                    [(
                        axum::http::header::CONTENT_TYPE,
                        "text/plain; version=0.0.4; charset=utf-8",
                    )],
                    body,
                )
            }
        }),
    );
    let listener = runtime.block_on(ems::http::bind(addr, &auth))?;
    let local = listener.local_addr()?;
    let url = format!("http://{local}/");
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let server = runtime.spawn(ems::http::serve(state, Some(extra), listener, async move {
        let _ = rx.await;
    }));

    // Delays and shelving expire with time, not only with readings.
    let stop_ticker = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let (a, stop) = (alarms.clone(), stop_ticker.clone());
    let ticker = std::thread::Builder::new()
        .name("alarm tick".into())
        .spawn(move || {
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                std::thread::sleep(std::time::Duration::from_millis(500));
                a.lock().tick(ems::now_ms());
            }
        })
        .context("starting the alarm ticker")?;
    Ok(Web {
        runtime,
        shutdown: Some(tx),
        server: Some(server),
        url,
        live,
        alarms,
        sources,
        notifier_closer,
        ticker: Some(ticker),
        stop_ticker,
    })
}

impl Web {
    /// The runtime the server runs on (the sinks run there too).
    pub fn handle(&self) -> tokio::runtime::Handle {
        self.runtime.handle().clone()
    }

    /// Feeds the live broadcast and the alarms from `pipeline`. `buses` is filled once the
    /// collector has started (for each meter's read and error counts).
    pub fn attach(
        &self,
        config: &Config,
        pipeline: &mut Pipeline,
        buses: Arc<OnceLock<Vec<Arc<Mutex<BusStats>>>>>,
    ) {
        // Where each configured meter sits in its bus's figures (by configuration index).
        let mut count = vec![0usize; config.buses.len()];
        let position: Vec<Option<(usize, usize)>> = config
            .meters
            .iter()
            .map(|m| {
                m.enabled.then(|| {
                    count[m.bus] += 1;
                    (m.bus, count[m.bus] - 1)
                })
            })
            .collect();
        // Shared with every event: a clone is a reference count, not a copy of the name.
        let names: Vec<Arc<str>> = config
            .meters
            .iter()
            .map(|m| m.name.as_str().into())
            .collect();
        let live = self.live.clone();
        let alarms = self.alarms.clone();
        pipeline.subscribe(move |p| {
            let health = |m: usize, state: &'static str, error: Option<String>| -> LiveHealth {
                let mut h = LiveHealth {
                    state,
                    error,
                    ..LiveHealth::default()
                };
                if let (Some(buses), Some((bus, pos))) =
                    (buses.get(), position.get(m).copied().flatten())
                {
                    if let Some(s) = buses.get(bus) {
                        let s = s.lock().unwrap_or_else(|e| e.into_inner());
                        if let Some(ms) = s.meters.get(pos) {
                            h.reads = ms.reads;
                            h.errors = ms.errors.iter().map(|(_, n)| n).sum();
                            h.latency_ms = ms.latency_s.map(|s| s * 1000.0);
                            h.last_seen_ms = ms
                                .last_seen
                                .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
                                .map(|d| d.as_millis() as i64);
                        }
                    }
                }
                h
            };
            match p {
                Published::Values {
                    meter,
                    time_ms,
                    values,
                } => {
                    alarms.lock().on_reading(&names[*meter], *time_ms, values);
                    let mut h = health(*meter, "online", None);
                    h.last_seen_ms = Some(*time_ms);
                    let _ = live.send(LiveEvent::Reading {
                        meter: names[*meter].clone(),
                        time_ms: *time_ms,
                        values: values.iter().map(|&(q, v)| LiveValue::of(q, v)).collect(),
                        health: Some(h),
                        published_ms: Some(ems::now_ms()),
                    });
                }
                Published::Health {
                    meter,
                    time_ms,
                    state,
                    error,
                    next_probe_ms,
                } => {
                    let online = !matches!(state, State::Offline { .. });
                    alarms.lock().on_health(&names[*meter], *time_ms, online);
                    let mut h = health(*meter, state.name(), error.clone());
                    h.backoff_until_ms = *next_probe_ms;
                    let _ = live.send(LiveEvent::Health {
                        meter: names[*meter].clone(),
                        time_ms: *time_ms,
                        health: h,
                    });
                }
            }
        });
    }

    /// Stops serving, the ticker and the notifier (which sends what it holds first).
    pub fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(server) = self.server.take() {
            let _ = self.runtime.block_on(server);
        }
        self.stop_ticker
            .store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(t) = self.ticker.take() {
            let _ = t.join();
        }
        if let Some(c) = self.notifier_closer.take() {
            c.stop();
        }
    }
}
