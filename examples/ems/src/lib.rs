//! The `ems` application's library: configuration, polling, validation, energy accounting,
//! alarms, reports, the SQLite store and the dashboard.
//!
//! The binary (`main.rs` and its command modules) parses arguments and prints; everything
//! that can be tested without spawning the binary or opening a port lives here.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod alarms;
pub mod budget;
pub mod bus;
pub mod collector;
pub mod config;
pub mod energy;
pub mod history;
pub mod metrics;
pub mod plant;
pub mod survey;
// `src/export.rs` is the binary's `ems export` command, hence the explicit path.
#[path = "export/mod.rs"]
pub mod export;
pub mod fasthash;
pub mod http;
pub mod live;
pub mod reports;
pub mod shutdown;
pub mod sinks;
pub mod store;
pub mod validate;

/// UTC milliseconds since the Unix epoch, now: the time unit of the store, the API and the
/// live feed.
pub fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}
