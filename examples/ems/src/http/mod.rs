//! The dashboard and its JSON API, served by axum: the router ([`router`]), the server
//! ([`serve`]) and the state they share ([`AppState`]).
//!
//! Owns: the HTTP routes (`/api/…` in [`api`], the WebSocket `/api/live` in [`live`], the
//! embedded assets in [`assets`], the OpenAPI document in [`openapi`]), access control
//! ([`auth`]) and security headers. It reads the store (one read-only connection per blocking
//! thread) and the collector's live broadcast; it must never talk to a bus or write the store.

use std::cell::RefCell;
use std::collections::HashMap;
use std::future::Future;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderValue, Request};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use jiff::tz::TimeZone;
use tokio::sync::broadcast;

use crate::config::Config;
use crate::live::{HealthMap, LatestMap, LiveEvent};
use crate::store::{MeterRow, StoreError, StoreReader};

pub mod api;
pub mod assets;
pub mod auth;
pub mod fixture;
pub mod live;
pub mod openapi;
pub mod reports;

pub use api::Problem;
pub use auth::{check_bind, Auth};

/// Largest request body accepted (login forms, alarm acknowledgements).
pub const MAX_BODY_BYTES: usize = 16 * 1024;

/// A meter of the site as the dashboard shows it.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct SiteMeter {
    /// Unique name.
    pub name: String,
    /// Modbus unit id.
    pub unit: Option<u8>,
    /// The bus it hangs on.
    pub bus: Option<String>,
    /// The meter model.
    pub model: Option<String>,
    /// The upstream meter, for the hierarchy.
    pub parent: Option<String>,
    /// Tags (`hvac`, `panel:PCC-1`).
    pub tags: Vec<String>,
}

/// The site: its name, time zone and meter hierarchy.
#[derive(Clone, Debug)]
pub struct SiteModel {
    /// The site's name.
    pub name: String,
    /// IANA time-zone name (days, weeks and months of the breakdown; chart axes).
    pub timezone_name: String,
    /// The time zone.
    pub timezone: TimeZone,
    /// The meters, parents before children where the source lists them so.
    pub meters: Vec<SiteMeter>,
}

impl SiteModel {
    /// The site of a checked configuration (disabled meters included: they show as offline).
    pub fn from_config(config: &Config) -> SiteModel {
        let meters = config
            .meters
            .iter()
            .map(|m| SiteMeter {
                name: m.name.clone(),
                unit: Some(m.unit.get()),
                bus: config.buses.get(m.bus).map(|b| b.name.clone()),
                model: Some(m.model.to_string()),
                parent: m.parent.map(|p| config.meters[p].name.clone()),
                tags: m.tags.clone(),
            })
            .collect();
        SiteModel {
            name: config.site.clone(),
            timezone_name: config.timezone_name.clone(),
            timezone: config.timezone.clone(),
            meters,
        }
    }

    /// The site as the store describes it (for `ems serve` without a configuration). Tags
    /// stored as a JSON object become `key` (value `true`) or `key:value`.
    pub fn from_store(
        name: &str,
        timezone_name: &str,
        rows: &[MeterRow],
    ) -> Result<SiteModel, String> {
        let timezone = TimeZone::get(timezone_name)
            .map_err(|e| format!("time zone '{timezone_name}': {e}"))?;
        let meters = rows
            .iter()
            .map(|r| SiteMeter {
                name: r.info.name.clone(),
                unit: r.info.unit,
                bus: r.info.bus.clone(),
                model: r.info.model.clone(),
                parent: r.info.parent.clone(),
                tags: r
                    .info
                    .tags
                    .iter()
                    .map(|(k, v)| match v {
                        serde_json::Value::Bool(true) | serde_json::Value::Null => k.clone(),
                        serde_json::Value::String(s) => format!("{k}:{s}"),
                        v => format!("{k}:{v}"),
                    })
                    .collect(),
            })
            .collect();
        Ok(SiteModel {
            name: name.to_string(),
            timezone_name: timezone_name.to_string(),
            timezone,
            meters,
        })
    }

    /// The meter called `name`.
    pub fn meter(&self, name: &str) -> Option<&SiteMeter> {
        self.meters.iter().find(|m| m.name == name)
    }

    /// The names of the meters whose parent is `name` (top-level meters for `None`).
    pub fn children(&self, name: Option<&str>) -> Vec<&SiteMeter> {
        self.meters
            .iter()
            .filter(|m| {
                m.parent.as_deref() == name
                    // A parent that is not a meter of the site makes its child a root.
                    || (name.is_none()
                        && m.parent.as_deref().is_some_and(|p| self.meter(p).is_none()))
            })
            .collect()
    }
}

/// Everything the handlers share. Cloning is cheap (reference counts).
#[derive(Clone)]
pub struct AppState {
    pub(crate) site: Arc<SiteModel>,
    pub(crate) data_dir: Arc<PathBuf>,
    pub(crate) live: broadcast::Sender<LiveEvent>,
    pub(crate) health: HealthMap,
    pub(crate) latest: LatestMap,
    pub(crate) auth: Arc<Auth>,
    pub(crate) shared: Arc<Shared>,
    /// The site's configuration, for reports (tariff, time zone, hierarchy); `None` when the
    /// dashboard serves a store without one.
    pub(crate) config: Option<Arc<crate::config::Config>>,
}

/// State private to the HTTP layer.
pub(crate) struct Shared {
    /// Every live event, serialised once, for the WebSocket clients.
    pub(crate) json_tx: broadcast::Sender<Arc<str>>,
    tracker_started: AtomicBool,
    /// Cached slow answers (energy sums) by key, with when they were computed.
    pub(crate) cache: Mutex<HashMap<String, (Instant, serde_json::Value)>>,
    /// A meter whose newest value is older than this is `stale`.
    pub(crate) stale_after: Duration,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("site", &self.site.name)
            .field("data_dir", &self.data_dir)
            .field("auth", &self.auth)
            .finish_non_exhaustive()
    }
}

impl AppState {
    /// State for a site whose store lives in `data_dir` and whose collector publishes on
    /// `live`. No access token (see [`AppState::with_auth`]); a meter is stale after 60 s
    /// without a value ([`AppState::with_stale_after`]).
    pub fn new(
        site: SiteModel,
        data_dir: impl Into<PathBuf>,
        live: broadcast::Sender<LiveEvent>,
    ) -> AppState {
        let (json_tx, _) = broadcast::channel(1024);
        AppState {
            site: Arc::new(site),
            data_dir: Arc::new(data_dir.into()),
            live,
            health: Arc::new(RwLock::new(Default::default())),
            latest: Arc::new(RwLock::new(Default::default())),
            auth: Arc::new(Auth::none()),
            shared: Arc::new(Shared {
                json_tx,
                tracker_started: AtomicBool::new(false),
                cache: Mutex::new(HashMap::new()),
                stale_after: Duration::from_secs(60),
            }),
            config: None,
        }
    }

    /// Gives the reports the site's configuration (without it `/api/reports/…` answers 503).
    pub fn with_config(mut self, config: Arc<crate::config::Config>) -> AppState {
        self.config = Some(config);
        self
    }

    /// Sets the access control.
    pub fn with_auth(mut self, auth: Auth) -> AppState {
        self.auth = Arc::new(auth);
        self
    }

    /// Sets how old a meter's newest value may be before it shows as stale.
    pub fn with_stale_after(mut self, after: Duration) -> AppState {
        let s = &self.shared;
        self.shared = Arc::new(Shared {
            json_tx: s.json_tx.clone(),
            tracker_started: AtomicBool::new(s.tracker_started.load(Ordering::SeqCst)),
            cache: Mutex::new(HashMap::new()),
            stale_after: after,
        });
        self
    }

    /// The latest health per meter: the collector may write it directly (it is also updated
    /// from every [`LiveEvent`] carrying health).
    pub fn health_map(&self) -> HealthMap {
        self.health.clone()
    }

    /// The latest values per meter, updated from the live broadcast.
    pub fn latest_map(&self) -> LatestMap {
        self.latest.clone()
    }

    /// The sender the collector publishes on.
    pub fn live_sender(&self) -> broadcast::Sender<LiveEvent> {
        self.live.clone()
    }

    /// The access control.
    pub fn auth_ref(&self) -> Auth {
        (*self.auth).clone()
    }

    /// The site.
    pub fn site(&self) -> &SiteModel {
        &self.site
    }

    /// Starts (once) the task that applies every live event to the health and latest maps
    /// and serialises it once for the WebSocket clients. Needs a tokio runtime; [`router`]
    /// calls it when one is running.
    pub fn start_tracker(&self) {
        if self.shared.tracker_started.swap(true, Ordering::SeqCst) {
            return;
        }
        let mut rx = self.live.subscribe();
        let st = self.clone();
        tokio::spawn(async move {
            // Start from the store's newest values, so that a meter that is offline now still
            // shows its last value (greyed, with its age) rather than nothing.
            if let Ok(rows) = st
                .with_store(|r| r.latest(None).map_err(|e| Problem::store(&e)))
                .await
            {
                let mut latest = crate::live::write(&st.latest);
                for v in rows {
                    let e = latest.entry(v.meter).or_default();
                    if e.values
                        .get(v.quantity.as_str())
                        .is_none_or(|old| old.2 < v.time_ms)
                    {
                        e.time_ms = e.time_ms.max(v.time_ms);
                        e.values.insert(
                            crate::live::QuantityName(v.quantity.into()),
                            (v.value, v.unit.into(), v.time_ms),
                        );
                    }
                }
            }
            let track = |ev: &LiveEvent| {
                crate::live::apply(ev, &st.health, &st.latest);
                // Serialised only while a WebSocket client listens.
                if st.shared.json_tx.receiver_count() > 0 {
                    if let Ok(j) = serde_json::to_string(ev) {
                        let _ = st.shared.json_tx.send(j.into());
                    }
                }
            };
            loop {
                match rx.recv().await {
                    Ok(ev) => track(&ev),
                    Err(broadcast::error::RecvError::Lagged(_)) => continue,
                    Err(broadcast::error::RecvError::Closed) => break,
                }
                // Readings come in bursts (a bus's batch): take the rest of the burst, then
                // pause a moment, so that the next burst costs one wake-up of this task instead
                // of one per reading (at 40 000 readings a second that was 5 000 wake-ups).
                loop {
                    match rx.try_recv() {
                        Ok(ev) => track(&ev),
                        Err(broadcast::error::TryRecvError::Lagged(_)) => continue,
                        Err(broadcast::error::TryRecvError::Empty) => break,
                        Err(broadcast::error::TryRecvError::Closed) => return,
                    }
                }
                tokio::time::sleep(LIVE_PAUSE).await;
            }
        });
    }

    /// Runs `f` with this thread's read-only store connection, on tokio's blocking pool.
    pub(crate) async fn with_store<T, F>(&self, f: F) -> Result<T, Problem>
    where
        T: Send + 'static,
        F: FnOnce(&StoreReader) -> Result<T, Problem> + Send + 'static,
    {
        let dir = self.data_dir.clone();
        let tz = self.site.timezone_name.clone();
        tokio::task::spawn_blocking(move || with_reader(&dir, &tz, f))
            .await
            .unwrap_or_else(|_| Err(Problem::unavailable("the store query failed unexpectedly")))
    }
}

/// How long the live tracker rests after taking a burst of events: what a pushed value may
/// lag by at most, on top of the collector's own batching.
const LIVE_PAUSE: Duration = Duration::from_millis(5);

thread_local! {
    /// This blocking thread's connection: reopened every few seconds so that meters and
    /// quantities the collector adds become visible.
    static READER: RefCell<Option<(PathBuf, Instant, StoreReader)>> = const { RefCell::new(None) };
}

/// How long a thread keeps its connection before reopening it.
const READER_REFRESH: Duration = Duration::from_secs(10);

fn with_reader<T>(
    dir: &Path,
    tz: &str,
    f: impl FnOnce(&StoreReader) -> Result<T, Problem>,
) -> Result<T, Problem> {
    READER.with(|cell| {
        let mut slot = cell.borrow_mut();
        let fresh = matches!(&*slot, Some((d, at, _)) if d == dir && at.elapsed() < READER_REFRESH);
        if !fresh {
            *slot = None;
            let r = StoreReader::open(dir).map_err(|e| Problem::store(&e))?;
            let r = r.with_time_zone(tz).map_err(|e| Problem::store(&e))?;
            *slot = Some((dir.to_path_buf(), Instant::now(), r));
        }
        let (_, _, r) = slot.as_ref().expect("opened above");
        f(r)
    })
}

impl Problem {
    /// A store failure: a missing or unreadable database is "service unavailable".
    pub(crate) fn store(e: &StoreError) -> Problem {
        match e {
            StoreError::Invalid(m) => Problem::bad_request(m.clone()),
            e => Problem::unavailable(e.to_string()),
        }
    }
}

/// The dashboard's router: API, WebSocket, assets, access control and security headers.
/// `extra` (e.g. the alarms routes `GET /api/alarms`, `POST /api/alarms/{id}/ack`, …) is
/// merged under the same access control; without it `GET /api/alarms` answers `[]`.
pub fn router(state: AppState, extra: Option<Router>) -> Router {
    if tokio::runtime::Handle::try_current().is_ok() {
        state.start_tracker();
    }
    let mut app = Router::new()
        .route("/api/site", get(api::site))
        .route("/api/meters", get(api::meters))
        .route("/api/meters/{name}", get(api::meter))
        .route("/api/meters/{name}/latest", get(api::latest))
        .route("/api/meters/{name}/history", get(api::history))
        .route("/api/breakdown", get(api::breakdown))
        .route("/api/reports/{kind}", get(reports::handler))
        .route("/api/live", get(live::handler))
        .route("/api/openapi.json", get(openapi::handler))
        .route("/api/login", post(auth::login))
        .route("/api/logout", post(auth::logout))
        .fallback(api::not_found)
        .with_state(state.clone())
        .merge(assets::routes());
    app = match extra {
        Some(extra) => app.merge(extra),
        None => app.route("/api/alarms", get(api::no_alarms)),
    };
    app.layer(middleware::from_fn_with_state(state, auth::guard))
        .layer(middleware::from_fn(security_headers))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
}

/// Content-Security-Policy of every response: nothing from elsewhere, no inline script.
pub const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

async fn security_headers(req: Request<axum::body::Body>, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
    );
    if api && !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// Serves the dashboard on `listener` until `shutdown` completes. Refuses (error
/// `InvalidInput`) to serve a non-loopback address without an access token.
pub async fn serve(
    state: AppState,
    extra: Option<Router>,
    listener: tokio::net::TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let addr = listener.local_addr()?;
    check_bind(addr, &state.auth)
        .map_err(|m| std::io::Error::new(std::io::ErrorKind::InvalidInput, m))?;
    let app = router(state, extra);
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

/// Checks the address against the access control, then binds it.
pub async fn bind(addr: SocketAddr, auth: &Auth) -> std::io::Result<tokio::net::TcpListener> {
    check_bind(addr, auth).map_err(|m| std::io::Error::new(std::io::ErrorKind::InvalidInput, m))?;
    tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| std::io::Error::new(e.kind(), format!("cannot listen on {addr}: {e}")))
}
