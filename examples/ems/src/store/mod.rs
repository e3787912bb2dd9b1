//! The store: readings, energy deltas and their rollups in one SQLite database,
//! `<data-dir>/ems.sqlite` (WAL mode). `SCHEMA.md` next to `Cargo.toml` documents every table.
//!
//! Owns: the schema and its migrations ([`schema`]), the single writer thread that batches
//! readings and maintains the rollups in the same transaction ([`StoreWriter`]), retention
//! pruning, the read side for the dashboard and reports ([`StoreReader`]) and the CSV export
//! ([`export`]). It must not talk to a bus, validate readings or compute energy from counters:
//! values arrive validated and energy arrives as [`EnergyDelta`]s from the energy module.
//!
//! Time is UTC milliseconds since the Unix epoch (`i64`) everywhere in the database and the API.
//! 1-minute and 15-minute slots are aligned to UTC; hour, day and month buckets are built from
//! 15-minute slots in the site's time zone when queried (every zone in use today has an offset
//! that is a multiple of 15 minutes, so 15-minute slots tile local hours, days and months
//! exactly — including India's +05:30, whose hours start at :30 UTC).

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

pub mod export;
mod outbox;
mod query;
mod rollup;
pub mod schema;
mod writer;

pub use outbox::{ChangeBatch, ChangedRow, Outbox, SinkMarks};
pub use query::{EnergyInterval, HistoryPoint, LatestValue, MeterRow, StoreReader};
pub use rollup::PruneReport;
pub use writer::{StoreWriter, WriterStatus};

/// The database file name inside the data directory.
pub const DB_FILE: &str = "ems.sqlite";

/// The database path for a data directory.
pub fn db_path(data_dir: &Path) -> PathBuf {
    data_dir.join(DB_FILE)
}

/// One minute in milliseconds: the chart rollup's slot length.
pub const MINUTE_MS: i64 = 60_000;
/// Fifteen minutes in milliseconds: the billing slot length.
pub const SLOT15_MS: i64 = 15 * MINUTE_MS;

/// One instantaneous value or one raw energy-counter sample of one meter.
#[derive(Clone, Debug, PartialEq)]
pub struct Reading {
    /// The meter's name (as in the configuration); unknown names are added to the `meter` table.
    pub meter: Arc<str>,
    /// When the value was read, UTC milliseconds since the Unix epoch.
    pub time_ms: i64,
    /// The quantity's snake_case name, as `ems read --json` prints it (`active_power_total`).
    pub quantity: Cow<'static, str>,
    /// The value in the quantity's normalised unit (W, var, VA, V, A, Hz, Wh, varh, VAh, …).
    pub value: f64,
}

impl Reading {
    /// A reading.
    pub fn new(
        meter: impl Into<Arc<str>>,
        time_ms: i64,
        quantity: impl Into<Cow<'static, str>>,
        value: f64,
    ) -> Reading {
        Reading {
            meter: meter.into(),
            time_ms,
            quantity: quantity.into(),
            value,
        }
    }
}

/// Energy consumed over `[from_ms, to_ms)`, computed by the energy-continuity module from two
/// counter samples. The store splits it across the 1-minute and 15-minute slots it overlaps in
/// proportion to the overlap's duration (the energy is assumed to flow evenly in between).
#[derive(Clone, Debug, PartialEq)]
pub struct EnergyDelta {
    /// The meter's name.
    pub meter: Arc<str>,
    /// The energy counter's quantity name (`active_energy_delivered`).
    pub quantity: Cow<'static, str>,
    /// Start of the interval (the earlier counter sample), UTC ms.
    pub from_ms: i64,
    /// End of the interval (the later counter sample), UTC ms; greater than `from_ms`.
    pub to_ms: i64,
    /// Energy in Wh (varh, VAh) over the interval.
    pub wh: f64,
    /// The counter value at `from_ms`, for auditing.
    pub counter_first: f64,
    /// The counter value at `to_ms`, for auditing.
    pub counter_last: f64,
}

/// A meter as configured: the store keeps one `meter` row per name (upserted from the config).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MeterInfo {
    /// Unique name.
    pub name: String,
    /// Modbus unit id.
    pub unit: Option<u8>,
    /// The bus the meter hangs on.
    pub bus: Option<String>,
    /// The meter model (`em6400ng`).
    pub model: Option<String>,
    /// The upstream meter's name, for the hierarchy.
    pub parent: Option<String>,
    /// Free-form tags, stored as a JSON object.
    pub tags: serde_json::Map<String, serde_json::Value>,
}

/// How finely history is returned or exported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Resolution {
    /// Every stored sample (raw readings; raw energy deltas).
    Raw,
    /// 1-minute slots, UTC-aligned.
    Minute,
    /// 15-minute slots, UTC-aligned (the billing grain).
    Slot15,
    /// Hours in the site's time zone.
    Hour,
    /// Days in the site's time zone.
    Day,
    /// Calendar months in the site's time zone.
    Month,
}

impl Resolution {
    /// Every resolution, finest first.
    pub const ALL: [Resolution; 6] = [
        Resolution::Raw,
        Resolution::Minute,
        Resolution::Slot15,
        Resolution::Hour,
        Resolution::Day,
        Resolution::Month,
    ];

    /// The name used on the command line (`raw`, `1m`, `15m`, `1h`, `1d`, `1mo`).
    pub const fn name(self) -> &'static str {
        match self {
            Resolution::Raw => "raw",
            Resolution::Minute => "1m",
            Resolution::Slot15 => "15m",
            Resolution::Hour => "1h",
            Resolution::Day => "1d",
            Resolution::Month => "1mo",
        }
    }

    /// Parses [`Resolution::name`].
    pub fn from_name(name: &str) -> Option<Resolution> {
        Resolution::ALL.into_iter().find(|r| r.name() == name)
    }
}

/// How completely a slot or bucket is covered by data (collector.md §F.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Quality {
    /// Data covers the whole interval.
    Complete,
    /// Data covers part of the interval (a gap inside).
    Partial,
    /// No data for the interval.
    Missing,
}

impl Quality {
    /// `complete`, `partial` or `missing`.
    pub const fn name(self) -> &'static str {
        match self {
            Quality::Complete => "complete",
            Quality::Partial => "partial",
            Quality::Missing => "missing",
        }
    }
}

/// How long each level is kept. 15-minute slots (and the hour/day/month buckets built from
/// them) are kept forever.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Retention {
    /// Raw readings and raw energy deltas (default 7 days).
    pub raw: Duration,
    /// 1-minute rollups (default 400 days).
    pub minute: Duration,
}

impl Default for Retention {
    fn default() -> Retention {
        Retention {
            raw: Duration::from_secs(7 * 86_400),
            minute: Duration::from_secs(400 * 86_400),
        }
    }
}

/// Writer settings; [`StoreOptions::default`] is what the collector uses.
#[derive(Clone, Debug)]
pub struct StoreOptions {
    /// A batch commits when it holds this many rows (values, deltas, meters)…
    pub batch_rows: usize,
    /// …or when its first row has waited this long, whichever comes first (default 1 s).
    pub batch_interval: Duration,
    /// Messages the channel to the writer holds before `write*` blocks.
    pub channel_capacity: usize,
    /// Rows kept in memory while the database cannot be written (disk full); beyond this the
    /// writer stops taking messages, so `write*` blocks and `try_write*` fails.
    pub max_pending_rows: usize,
    /// Wait between retries of a failed commit.
    pub retry_interval: Duration,
    /// Retention of the raw and 1-minute levels.
    pub retention: Retention,
    /// How often the writer prunes by itself (`None`: only on [`StoreWriter::prune`]).
    pub prune_every: Option<Duration>,
    /// The site's IANA time zone (`Asia/Kolkata`), recorded in the database for the readers'
    /// hour/day/month buckets. `None` keeps what is recorded (UTC if nothing is).
    pub time_zone: Option<String>,
    /// `PRAGMA synchronous = FULL` (default, survives power loss) rather than `NORMAL`
    /// (survives a crash of the process only).
    pub sync_full: bool,
    /// Caps the database size in pages (`PRAGMA max_page_count`), e.g. to keep free space for
    /// the rest of the system; reaching it behaves as a full disk.
    pub max_pages: Option<u32>,
}

impl Default for StoreOptions {
    fn default() -> StoreOptions {
        StoreOptions {
            batch_rows: 300_000,
            batch_interval: Duration::from_secs(1),
            channel_capacity: 1024,
            max_pending_rows: 5_000_000,
            retry_interval: Duration::from_secs(1),
            retention: Retention::default(),
            prune_every: Some(Duration::from_secs(3600)),
            time_zone: None,
            sync_full: true,
            max_pages: None,
        }
    }
}

/// What went wrong, with the file concerned and what to do about it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The data directory cannot be used.
    #[error("data directory {path}: {detail}; create it or choose another --data-dir")]
    DataDir {
        /// The directory.
        path: PathBuf,
        /// What happened.
        detail: String,
    },
    /// No database has been created in the data directory yet.
    #[error(
        "{path}: no database here (the collector creates it when it first runs); check --data-dir"
    )]
    Missing {
        /// The database file.
        path: PathBuf,
    },
    /// The disk is full or the database reached its size limit.
    #[error("{path}: the disk is full or the database reached its size limit ({detail}); free disk space — unwritten readings are kept in memory (bounded) and retried, stored data is intact")]
    DiskFull {
        /// The database file.
        path: PathBuf,
        /// SQLite's message.
        detail: String,
    },
    /// The database or its directory cannot be written.
    #[error("{path}: cannot write ({detail}); make the file and its directory writable (SQLite also creates -wal and -shm files next to it) or choose another --data-dir")]
    ReadOnly {
        /// The database file.
        path: PathBuf,
        /// SQLite's message.
        detail: String,
    },
    /// The file is not an SQLite database or is damaged.
    #[error("{path}: not an SQLite database or the file is damaged ({detail}); the file was left untouched — restore it from a backup, or move it aside to start a new database")]
    Corrupt {
        /// The database file.
        path: PathBuf,
        /// SQLite's message.
        detail: String,
    },
    /// An SQLite database, but not one of `ems`.
    #[error("{path}: an SQLite database that ems did not create ({detail}); the file was left untouched — choose another --data-dir")]
    Foreign {
        /// The database file.
        path: PathBuf,
        /// Why it was not recognised.
        detail: String,
    },
    /// Written by a newer `ems`.
    #[error("{path}: written by a newer ems (schema version {found}; this build knows up to {known}); upgrade ems — the file was left untouched")]
    TooNew {
        /// The database file.
        path: PathBuf,
        /// Its schema version.
        found: u32,
        /// The newest version this build knows.
        known: u32,
    },
    /// Written by an older `ems` and not yet migrated (readers never migrate).
    #[error("{path}: schema version {found} is older than this build's {known}; start the collector once to migrate it")]
    TooOld {
        /// The database file.
        path: PathBuf,
        /// Its schema version.
        found: u32,
        /// The version this build needs.
        known: u32,
    },
    /// The database cannot be opened.
    #[error("{path}: cannot open the database ({detail}); check that the data directory exists and is readable and writable")]
    Open {
        /// The database file.
        path: PathBuf,
        /// SQLite's message.
        detail: String,
    },
    /// Any other SQLite failure.
    #[error("{path}: {context}: {detail}")]
    Sqlite {
        /// The database file.
        path: PathBuf,
        /// What the store was doing.
        context: String,
        /// SQLite's message.
        detail: String,
    },
    /// A bad argument (unknown meter, bad time zone, from after to…).
    #[error("{0}")]
    Invalid(String),
    /// The writer thread has stopped; nothing more can be written.
    #[error("the store writer has stopped: {0}")]
    Closed(String),
}

impl StoreError {
    /// Classifies an SQLite error by its code, so the message says what to do.
    pub(crate) fn sqlite(path: &Path, context: &str, e: rusqlite::Error) -> StoreError {
        use rusqlite::ErrorCode as C;
        let path = path.to_path_buf();
        let detail = e.to_string();
        match e.sqlite_error_code() {
            Some(C::DiskFull) => StoreError::DiskFull { path, detail },
            Some(C::ReadOnly) | Some(C::PermissionDenied) => StoreError::ReadOnly { path, detail },
            Some(C::NotADatabase) | Some(C::DatabaseCorrupt) => {
                StoreError::Corrupt { path, detail }
            }
            Some(C::CannotOpen) => StoreError::Open { path, detail },
            _ => StoreError::Sqlite {
                path,
                context: context.to_string(),
                detail,
            },
        }
    }
}

/// The library's normalised unit symbol and whether the quantity is an energy counter, for a
/// quantity name; unknown names are dimensionless instantaneous values.
pub(crate) fn quantity_traits(name: &str) -> (&'static str, bool) {
    use schneider_em::{Quantity, QuantityKind};
    match Quantity::from_name(name) {
        Some(q) => (q.unit().symbol(), q.kind() == QuantityKind::Energy),
        None => ("", false),
    }
}

/// Packs `(quantity id, value)` pairs, sorted by id, into a raw row's `vals` blob:
/// per value an unsigned LEB128 quantity id followed by the value as an IEEE-754 f64,
/// little-endian (SCHEMA.md, "raw").
pub(crate) use crate::now_ms;

/// Appends one outbox key: the meter id as an unsigned LEB128 varint, then the time as an
/// `i64` little-endian.
pub(crate) fn encode_change_key(meter_id: i64, time_ms: i64, out: &mut Vec<u8>) {
    let mut v = meter_id as u64;
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            break;
        }
        out.push(b | 0x80);
    }
    out.extend_from_slice(&time_ms.to_le_bytes());
}

/// Decodes the keys written by [`encode_change_key`]; `None` when the blob is malformed.
pub(crate) fn decode_change_keys(mut blob: &[u8], out: &mut Vec<(i64, i64)>) -> Option<()> {
    out.clear();
    while !blob.is_empty() {
        let mut v: u64 = 0;
        let mut shift = 0;
        loop {
            let (&b, rest) = blob.split_first()?;
            blob = rest;
            if shift > 63 {
                return None;
            }
            v |= u64::from(b & 0x7f) << shift;
            shift += 7;
            if b & 0x80 == 0 {
                break;
            }
        }
        let (t, rest) = blob.split_first_chunk::<8>()?;
        blob = rest;
        out.push((v as i64, i64::from_le_bytes(*t)));
    }
    Some(())
}

pub(crate) fn encode_values(values: &[(i64, f64)], out: &mut Vec<u8>) {
    out.clear();
    for &(id, v) in values {
        let mut id = id as u64;
        loop {
            let byte = (id & 0x7f) as u8;
            id >>= 7;
            if id == 0 {
                out.push(byte);
                break;
            }
            out.push(byte | 0x80);
        }
        out.extend_from_slice(&v.to_le_bytes());
    }
}

/// Unpacks a `vals` blob; `None` if it is malformed.
pub(crate) fn decode_values(blob: &[u8], out: &mut Vec<(i64, f64)>) -> Option<()> {
    out.clear();
    let mut i = 0;
    while i < blob.len() {
        let mut id = 0u64;
        let mut shift = 0;
        loop {
            let b = *blob.get(i)?;
            i += 1;
            id |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                break;
            }
            shift += 7;
            if shift > 56 {
                return None;
            }
        }
        let bytes: [u8; 8] = blob.get(i..i + 8)?.try_into().ok()?;
        i += 8;
        out.push((id as i64, f64::from_le_bytes(bytes)));
    }
    Some(())
}

/// The statistics of one instantaneous quantity over a slot.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Stats {
    /// Samples.
    pub n: i64,
    /// Their sum.
    pub sum: f64,
    /// Smallest sample.
    pub min: f64,
    /// Largest sample.
    pub max: f64,
}

impl Stats {
    /// The statistics of one sample.
    pub(crate) fn one(v: f64) -> Stats {
        Stats {
            n: 1,
            sum: v,
            min: v,
            max: v,
        }
    }

    /// Adds another slot's (or sample's) statistics.
    pub(crate) fn merge(&mut self, o: Stats) {
        self.n += o.n;
        self.sum += o.sum;
        self.min = self.min.min(o.min);
        self.max = self.max.max(o.max);
    }
}

fn put_varint(mut x: u64, out: &mut Vec<u8>) {
    loop {
        let byte = (x & 0x7f) as u8;
        x >>= 7;
        if x == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn get_varint(blob: &[u8], i: &mut usize) -> Option<u64> {
    let mut x = 0u64;
    let mut shift = 0;
    loop {
        let b = *blob.get(*i)?;
        *i += 1;
        x |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Some(x);
        }
        shift += 7;
        if shift > 63 {
            return None;
        }
    }
}

fn get_f64(blob: &[u8], i: &mut usize) -> Option<f64> {
    let bytes: [u8; 8] = blob.get(*i..*i + 8)?.try_into().ok()?;
    *i += 8;
    Some(f64::from_le_bytes(bytes))
}

/// Packs per-quantity statistics, sorted by quantity id, into a `value_1m` row's `vals` blob:
/// per quantity an unsigned LEB128 id, an unsigned LEB128 count, then sum, min and max as
/// IEEE-754 f64 little-endian (SCHEMA.md, "value_1m").
pub(crate) fn encode_stats(stats: &[(i64, Stats)], out: &mut Vec<u8>) {
    out.clear();
    for &(id, s) in stats {
        put_varint(id as u64, out);
        put_varint(s.n as u64, out);
        out.extend_from_slice(&s.sum.to_le_bytes());
        out.extend_from_slice(&s.min.to_le_bytes());
        out.extend_from_slice(&s.max.to_le_bytes());
    }
}

/// Unpacks a `value_1m` blob; `None` if it is malformed.
pub(crate) fn decode_stats(blob: &[u8], out: &mut Vec<(i64, Stats)>) -> Option<()> {
    out.clear();
    let mut i = 0;
    while i < blob.len() {
        let id = get_varint(blob, &mut i)? as i64;
        let n = get_varint(blob, &mut i)? as i64;
        let (sum, min, max) = (
            get_f64(blob, &mut i)?,
            get_f64(blob, &mut i)?,
            get_f64(blob, &mut i)?,
        );
        out.push((id, Stats { n, sum, min, max }));
    }
    Some(())
}

/// The start of the slot of length `len_ms` holding `t_ms` (UTC-aligned).
pub(crate) fn slot_start(t_ms: i64, len_ms: i64) -> i64 {
    t_ms.div_euclid(len_ms) * len_ms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_blob_round_trips_and_rejects_truncation() {
        let vals = vec![
            (1, 230.25),
            (127, -1.5),
            (128, 1e12),
            (300, f64::MIN_POSITIVE),
        ];
        let mut blob = Vec::new();
        encode_values(&vals, &mut blob);
        // 1 + 1 + 2 + 2 id bytes, 4 × 8 value bytes.
        assert_eq!(blob.len(), 6 + 32);
        let mut back = Vec::new();
        decode_values(&blob, &mut back).unwrap();
        assert_eq!(back, vals);
        assert!(decode_values(&blob[..blob.len() - 1], &mut back).is_none());
    }

    #[test]
    fn stats_blob_round_trips_and_rejects_truncation() {
        let stats = vec![
            (
                1,
                Stats {
                    n: 60,
                    sum: 13_800.5,
                    min: 229.5,
                    max: 231.0,
                },
            ),
            (200, Stats::one(-3.25)),
        ];
        let mut blob = Vec::new();
        encode_stats(&stats, &mut blob);
        assert_eq!(blob.len(), (1 + 1 + 24) + (2 + 1 + 24));
        let mut back = Vec::new();
        decode_stats(&blob, &mut back).unwrap();
        assert_eq!(back, stats);
        assert!(decode_stats(&blob[..blob.len() - 3], &mut back).is_none());
    }

    #[test]
    fn slots_align_to_utc_also_before_1970() {
        assert_eq!(slot_start(59_999, MINUTE_MS), 0);
        assert_eq!(slot_start(-1, MINUTE_MS), -60_000);
        assert_eq!(slot_start(SLOT15_MS * 3 + 5, SLOT15_MS), SLOT15_MS * 3);
    }

    #[test]
    fn writer_can_be_shared_between_threads_and_readers_moved() {
        fn shared<T: Send + Sync>() {}
        fn moved<T: Send>() {}
        shared::<StoreWriter>();
        moved::<StoreReader>();
    }

    #[test]
    fn resolution_names_round_trip() {
        for r in Resolution::ALL {
            assert_eq!(Resolution::from_name(r.name()), Some(r));
        }
    }
}
