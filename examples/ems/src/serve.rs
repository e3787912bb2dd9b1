//! `ems serve`: the dashboard over an existing store, read-only (no bus is touched). With
//! `--config` the site, hierarchy and access token come from the configuration; without it
//! from the store. `--fixture` (hidden) fills the data directory with the test plant first and
//! publishes fake live readings: what the API and browser tests run against.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use clap::Args;
use ems::config::Config;
use ems::http::{self, fixture, AppState, Auth, SiteModel};
use ems::store::StoreReader;

/// `ems serve` options.
#[derive(Args, Debug)]
pub struct ServeArgs {
    /// The collector's data directory (default: the configuration's `[storage] data_dir`).
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
    /// The plant configuration (site, hierarchy, `[http]` settings).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Address to listen on (default: the configuration's `[http] listen`, else 127.0.0.1:8080).
    #[arg(long, value_name = "ADDR")]
    pub http: Option<String>,
    /// Site name when serving without a configuration.
    #[arg(long, default_value = "ems")]
    pub site: String,
    /// Fill the data directory with the test plant and publish fake live readings.
    #[arg(long, hide = true)]
    pub fixture: bool,
    /// Days of 1-minute history the fixture writes.
    #[arg(long, hide = true, default_value_t = 3)]
    pub fixture_days: u32,
    /// Meters of the fixture plant (10 named ones, then "Load 11", …).
    #[arg(long, hide = true, default_value_t = 10)]
    pub fixture_meters: usize,
    /// Seconds between the fixture's fake live readings.
    #[arg(long, hide = true, default_value_t = 1.0)]
    pub fixture_every: f64,
}

/// Parses `--http`: `ADDR:PORT` or `http://ADDR:PORT`.
pub fn parse_listen(s: &str) -> Result<SocketAddr> {
    let t = s.trim().trim_start_matches("http://").trim_end_matches('/');
    t.parse()
        .with_context(|| format!("--http {s}: expected an address like 127.0.0.1:8080"))
}

pub fn run(a: ServeArgs) -> Result<()> {
    let config = a
        .config
        .as_ref()
        .map(|p| Config::load(p))
        .transpose()
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let data_dir = match (&a.data_dir, &config) {
        (Some(d), _) => d.clone(),
        (None, Some(c)) => c.storage.data_dir.clone(),
        (None, None) => bail!("give --data-dir or --config"),
    };
    let listen = match (&a.http, &config) {
        (Some(h), _) => parse_listen(h)?,
        (None, Some(c)) => c.http.listen,
        (None, None) => ems::config::DEFAULT_LISTEN
            .parse()
            .expect("the default parses"),
    };
    let auth = match config.as_ref().and_then(|c| c.http.token.as_ref()) {
        Some(t) => {
            Auth::token(t.read().map_err(anyhow::Error::msg)?).map_err(anyhow::Error::msg)?
        }
        None => Auth::none(),
    };
    http::check_bind(listen, &auth).map_err(anyhow::Error::msg)?;
    let mut counters = None;
    if a.fixture {
        std::fs::create_dir_all(&data_dir)
            .with_context(|| format!("creating {}", data_dir.display()))?;
        let now = jiff::Timestamp::now().as_millisecond();
        let plant = fixture::plant(a.fixture_meters.min(1000));
        counters = Some((
            fixture::fill(&data_dir, &plant, a.fixture_days, now)?,
            plant,
        ));
    }
    let site = if let Some((_, plant)) = &counters {
        fixture::site_of(plant)
    } else if let Some(c) = &config {
        SiteModel::from_config(c)
    } else {
        let r = StoreReader::open(&data_dir)?;
        let tz = r.time_zone().iana_name().unwrap_or("UTC").to_string();
        SiteModel::from_store(&a.site, &tz, &r.meters()?).map_err(anyhow::Error::msg)?
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let (tx, _) = tokio::sync::broadcast::channel(4096);
        let state = AppState::new(site, data_dir, tx.clone()).with_auth(auth);
        state.start_tracker();
        if let Some((c, plant)) = counters {
            let every = Duration::from_secs_f64(a.fixture_every.clamp(0.01, 3600.0));
            tokio::spawn(fixture::publish(tx, plant, c, every));
        }
        let listener = http::bind(listen, &state.auth_ref()).await?;
        let addr = listener.local_addr()?;
        out!("ems dashboard: http://{addr}/");
        let extra = a.fixture.then(fixture::alarms_router);
        http::serve(state, extra, listener, async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
        Ok(())
    })
}
