//! Alarms: rules from the configuration evaluated on every reading, meter health and
//! predicted demand, with the ISA-18.2 subset of states (active/cleared ×
//! unacknowledged/acknowledged, shelved until a time, out of service), deadband, on- and
//! off-delays, priorities and latching; every transition stored in SQLite, announced by
//! webhook (and any other [`TransitionSink`]) and served over HTTP.
//!
//! | Module | Owns |
//! |---|---|
//! | [`rules`] | configuration → one alarm point per (rule, meter), the value each kind reads |
//! | [`state`] | one point's state machine: pure, time passed in |
//! | [`engine`] | evaluation, persistence and fan-out of transitions |
//! | [`store`] | the `alarm` and `alarm_event` tables |
//! | [`notify`] | the webhook: bounded queue, background thread, capped backoff |
//! | [`http`] | the JSON API |
//!
//! The collector owns the engine: it calls [`AlarmEngine::on_reading`] for each meter read,
//! [`AlarmEngine::on_health`] when a meter's health changes, and [`AlarmEngine::tick`] about
//! once a second (delays and shelving expiry). It must not read a bus or the readings table.
//!
//! ```no_run
//! use std::sync::Arc;
//! use ems::alarms::{AlarmEngine, AlarmStore, CompiledRules, Notifier, SystemClock, WebhookOptions};
//! # fn main() -> anyhow::Result<()> {
//! let config = ems::config::Config::load("plant.toml".as_ref())?;
//! let store = AlarmStore::open(&config.storage.data_dir)?;
//! let mut engine = AlarmEngine::new(CompiledRules::from_config(&config), store, Arc::new(SystemClock))?;
//! if let Some(w) = &config.alarms.webhook {
//!     engine.add_sink(Box::new(Notifier::start(WebhookOptions::from(w))?));
//! }
//! let t = engine.on_reading("Grid Incomer", 1_764_547_200_000, &[(schneider_em::Quantity::CurrentA, 812.0)]);
//! for transition in t {
//!     println!("{}", serde_json::to_string(&transition)?);
//! }
//! # Ok(()) }
//! ```

pub mod engine;
pub mod http;
pub mod notify;
pub mod rules;
pub mod state;
pub mod store;

pub use engine::{
    ActiveState, AlarmEngine, AlarmError, AlarmView, Clock, EngineStatus, Filter, ManualClock,
    SystemClock, Transition, TransitionSink,
};
pub use http::{router, AlarmHandle, AlarmUser};
pub use notify::{Notifier, NotifyCounts, WebhookOptions};
pub use rules::CompiledRules;
pub use state::{AlarmState, Event, Timing};
pub use store::AlarmStore;
