//! Sinks: where `ems` hands its readings on when a plant outgrows one box — an MQTT broker
//! ([`mqtt`]) and PostgreSQL ([`postgres`]). SQLite stays the system of record and is the
//! buffer: every sink reads the store's outbox ([`crate::store::Outbox`]) after its own
//! high-water mark ([`crate::store::SinkMarks`]), so an outage of the broker or the database
//! loses nothing and the collector never waits for a sink.
//!
//! Data flows one way: bus workers → pipeline → store writer (commits a batch and its outbox
//! row) → each sink's task (reads committed batches, delivers, moves its mark). The pipeline's
//! live events only wake the sinks and tell MQTT which meters are online.

pub mod mqtt;
pub mod postgres;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Result;
use tokio_util::sync::CancellationToken;

use crate::collector::Pipeline;
use crate::config::Config;

/// What a sink reports about itself (logs, `/metrics`, tests).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SinkStatus {
    /// Connected to the broker or database right now.
    pub connected: bool,
    /// The last error (connection refused, authentication failed, …), cleared on success.
    pub last_error: Option<String>,
    /// The last outbox batch delivered (the high-water mark).
    pub mark: i64,
    /// The latest committed batch the sink knows of.
    pub head: i64,
    /// Raw rows (meter reads) delivered since start.
    pub delivered_rows: u64,
    /// Messages (MQTT) or table rows (PostgreSQL) written since start.
    pub delivered_items: u64,
}

impl SinkStatus {
    /// Store batches committed and not yet delivered (head minus mark).
    pub fn backlog(&self) -> i64 {
        self.head.saturating_sub(self.mark).max(0)
    }
}

/// What every sink gets at start.
#[derive(Clone, Debug)]
pub struct SinkContext {
    /// The configuration (site, meters, sinks).
    pub config: Arc<Config>,
    /// The data directory of the store.
    pub data_dir: PathBuf,
    /// Cancelled when `ems` stops.
    pub cancel: CancellationToken,
    /// Wakes the sinks when the pipeline has handed new readings to the store.
    pub wake: Arc<tokio::sync::Notify>,
}

/// One running sink.
#[derive(Debug)]
pub struct SinkHandle {
    /// `mqtt` or `postgres` (also its name in `sink_mark`).
    pub name: &'static str,
    /// Its status, updated by the task.
    pub status: Arc<Mutex<SinkStatus>>,
    /// The task.
    pub task: tokio::task::JoinHandle<()>,
}

/// The running sinks.
#[derive(Debug)]
pub struct Sinks {
    handles: Vec<SinkHandle>,
    mqtt_alarms: Option<mqtt::AlarmNotifier>,
    cancel: CancellationToken,
    runtime: tokio::runtime::Handle,
}

impl Sinks {
    /// No sinks (none configured).
    pub fn none(runtime: &tokio::runtime::Handle) -> Sinks {
        Sinks {
            handles: Vec::new(),
            mqtt_alarms: None,
            cancel: CancellationToken::new(),
            runtime: runtime.clone(),
        }
    }

    /// The MQTT sink's alarm notifier, for the alarm engine (`AlarmEngine::add_sink`), when
    /// MQTT is configured.
    pub fn mqtt_alarms(&self) -> Option<mqtt::AlarmNotifier> {
        self.mqtt_alarms.clone()
    }

    /// Each sink's name and shared status (for `/metrics`).
    pub fn status_handles(&self) -> Vec<(&'static str, Arc<Mutex<SinkStatus>>)> {
        self.handles
            .iter()
            .map(|h| (h.name, h.status.clone()))
            .collect()
    }

    /// Name and status of each sink.
    pub fn statuses(&self) -> Vec<(&'static str, SinkStatus)> {
        self.handles
            .iter()
            .map(|h| {
                (
                    h.name,
                    h.status.lock().unwrap_or_else(|e| e.into_inner()).clone(),
                )
            })
            .collect()
    }

    /// Stops the sinks: each delivers what the store has committed (within `grace`), then
    /// disconnects cleanly. Call after the collector has stopped and the store is committed.
    pub fn stop(self, grace: Duration) {
        self.cancel.cancel();
        for h in self.handles {
            let name = h.name;
            let r = self.runtime.block_on(async {
                tokio::time::timeout(grace + Duration::from_secs(2), h.task).await
            });
            if r.is_err() {
                tracing::warn!(sink = name, "sink did not stop in time");
            }
        }
    }
}

/// Starts the configured sinks on `runtime`, subscribed to `pipeline` for wake-ups (and, for
/// MQTT, meter health). Configuration problems that only show now (an unreadable password
/// file) are errors here; an unreachable broker or database is not: the sink retries with
/// backoff and reports it in its status and the log, while the collector goes on storing.
pub fn start(
    config: &Arc<Config>,
    data_dir: &Path,
    runtime: &tokio::runtime::Handle,
    pipeline: &mut Pipeline,
) -> Result<Sinks> {
    let mut sinks = Sinks::none(runtime);
    if config.sinks.mqtt.is_none() && config.sinks.postgres.is_none() {
        return Ok(sinks);
    }
    let wake = Arc::new(tokio::sync::Notify::new());
    let w = wake.clone();
    pipeline.subscribe(move |_| w.notify_waiters());
    let ctx = SinkContext {
        config: config.clone(),
        data_dir: data_dir.to_path_buf(),
        cancel: sinks.cancel.clone(),
        wake,
    };
    if let Some(m) = &config.sinks.mqtt {
        let (handle, alarms) = mqtt::spawn(&ctx, m, runtime, pipeline)?;
        sinks.handles.push(handle);
        sinks.mqtt_alarms = Some(alarms);
    }
    if let Some(p) = &config.sinks.postgres {
        sinks.handles.push(postgres::spawn(&ctx, p, runtime)?);
    }
    Ok(sinks)
}
