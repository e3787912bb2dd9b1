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

mod energy_blob;
pub mod export;
mod outbox;
mod query;
mod rollup;
pub mod schema;
mod writer;

pub(crate) use energy_blob::{decode_energy, encode_energy, EnergyAgg};
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

/// The first byte of a `vals` blob (`raw`, `value_1m`) in the compact format that
/// [`encode_values`] and [`encode_stats`] write. A blob of the original format starts with the
/// LEB128 of its first quantity id, and quantity ids are `INTEGER PRIMARY KEY`s assigned by
/// SQLite from 1 (`quantity` is only ever inserted into without an id), so its first byte is
/// never 0: the two formats are told apart by the first byte and old databases are read
/// unchanged. An empty blob (no values) is valid in the original format.
const COMPACT: u8 = 0x00;

/// The value as an `f32` if it converts to one and back to the same `f64` bit pattern
/// (-0.0 and the infinities do, as does every value a float32 meter register holds); never for
/// a NaN, which is kept as an `f64` so that its payload survives bit for bit.
fn narrow(v: f64) -> Option<f32> {
    if v.is_nan() {
        return None;
    }
    let f = v as f32;
    (f64::from(f).to_bits() == v.to_bits()).then_some(f)
}

/// Reads a value of a compact blob: an `f64` little-endian if `wide`, else an `f32`.
fn get_value(blob: &[u8], i: &mut usize, wide: bool) -> Option<f64> {
    if wide {
        get_f64(blob, i)
    } else {
        let bytes: [u8; 4] = blob.get(*i..i.checked_add(4)?)?.try_into().ok()?;
        *i += 4;
        Some(f64::from(f32::from_le_bytes(bytes)))
    }
}

/// Packs `(quantity id, value)` pairs, sorted by id, into a raw row's `vals` blob
/// (SCHEMA.md, "raw"): the byte [`COMPACT`] (0x00), then per value the unsigned LEB128 of
/// `id << 1 | wide` followed by the value as an IEEE-754 `f32` little-endian (4 bytes) when
/// `wide` is 0, or as an `f64` little-endian (8 bytes) when it is 1. A value is written as an
/// `f32` exactly when converting it back gives the same `f64` bit pattern (not for NaNs, which
/// stay `f64`), so the packing is lossless. Ids must not be negative.
pub(crate) fn encode_values(values: &[(i64, f64)], out: &mut Vec<u8>) {
    out.clear();
    out.push(COMPACT);
    for &(id, v) in values {
        debug_assert!(id >= 0, "quantity id {id}");
        let key = (id as u64) << 1;
        match narrow(v) {
            Some(f) => {
                put_varint(key, out);
                out.extend_from_slice(&f.to_le_bytes());
            }
            None => {
                put_varint(key | 1, out);
                out.extend_from_slice(&v.to_le_bytes());
            }
        }
    }
}

/// Unpacks a `vals` blob of either format: the compact one of [`encode_values`], or the
/// original one (per value an unsigned LEB128 quantity id, then the value as an `f64`
/// little-endian), which older versions wrote and which needs no migration. `None` if the blob
/// is malformed (truncated, or a varint of more than 10 bytes).
pub(crate) fn decode_values(blob: &[u8], out: &mut Vec<(i64, f64)>) -> Option<()> {
    out.clear();
    match blob.split_first() {
        Some((&COMPACT, blob)) => {
            let mut i = 0;
            while i < blob.len() {
                let key = get_varint(blob, &mut i)?;
                let v = get_value(blob, &mut i, key & 1 == 1)?;
                out.push(((key >> 1) as i64, v));
            }
        }
        _ => {
            let mut i = 0;
            while i < blob.len() {
                let id = get_varint(blob, &mut i)?;
                let v = get_f64(blob, &mut i)?;
                out.push((id as i64, v));
            }
        }
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

/// Reads an unsigned LEB128 varint at `*i`; `None` if the blob ends inside it or it has more
/// than 10 bytes.
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
    let bytes: [u8; 8] = blob.get(*i..i.checked_add(8)?)?.try_into().ok()?;
    *i += 8;
    Some(f64::from_le_bytes(bytes))
}

/// Flag of a compact stats entry: the entry holds a count, sum, min and max rather than one
/// sample.
const STATS_MANY: u64 = 0b10;
/// Flag of a compact stats entry: its values (the sample, or min and max) are `f64`s, not `f32`s.
const STATS_WIDE: u64 = 0b01;

/// Packs per-quantity statistics, sorted by quantity id, into a `value_1m` row's `vals` blob
/// (SCHEMA.md, "value_1m"): the byte [`COMPACT`] (0x00), then per quantity the unsigned LEB128
/// of `id << 2 | many << 1 | wide`, followed by
/// * when `many` is 0 (one sample: `n` is 1 and `sum`, `min` and `max` are the same bits): that
///   sample, as an `f32` little-endian when `wide` is 0 or an `f64` when it is 1;
/// * when `many` is 1: `n` as an unsigned LEB128, `sum` as an `f64`, then `min` and `max`, both
///   as `f32`s when `wide` is 0 or both as `f64`s when it is 1 (`f32` only if both convert back
///   to the same `f64` bits, as in [`encode_values`]).
///
/// Lossless for every `Stats`; ids must be in `0..2^62`.
pub(crate) fn encode_stats(stats: &[(i64, Stats)], out: &mut Vec<u8>) {
    out.clear();
    out.push(COMPACT);
    for &(id, s) in stats {
        debug_assert!((0..1 << 62).contains(&id), "quantity id {id}");
        let key = (id as u64) << 2;
        let one =
            s.n == 1 && s.sum.to_bits() == s.min.to_bits() && s.min.to_bits() == s.max.to_bits();
        if one {
            match narrow(s.sum) {
                Some(f) => {
                    put_varint(key, out);
                    out.extend_from_slice(&f.to_le_bytes());
                }
                None => {
                    put_varint(key | STATS_WIDE, out);
                    out.extend_from_slice(&s.sum.to_le_bytes());
                }
            }
        } else if let (Some(min), Some(max)) = (narrow(s.min), narrow(s.max)) {
            put_varint(key | STATS_MANY, out);
            put_varint(s.n as u64, out);
            out.extend_from_slice(&s.sum.to_le_bytes());
            out.extend_from_slice(&min.to_le_bytes());
            out.extend_from_slice(&max.to_le_bytes());
        } else {
            put_varint(key | STATS_MANY | STATS_WIDE, out);
            put_varint(s.n as u64, out);
            out.extend_from_slice(&s.sum.to_le_bytes());
            out.extend_from_slice(&s.min.to_le_bytes());
            out.extend_from_slice(&s.max.to_le_bytes());
        }
    }
}

/// Unpacks a `value_1m` blob of either format: the compact one of [`encode_stats`], or the
/// original one (per quantity an unsigned LEB128 id, an unsigned LEB128 count, then sum, min
/// and max as `f64`s little-endian), which older versions wrote and which needs no migration.
/// `None` if the blob is malformed (truncated, or a varint of more than 10 bytes).
pub(crate) fn decode_stats(blob: &[u8], out: &mut Vec<(i64, Stats)>) -> Option<()> {
    out.clear();
    match blob.split_first() {
        Some((&COMPACT, blob)) => {
            let mut i = 0;
            while i < blob.len() {
                let key = get_varint(blob, &mut i)?;
                let wide = key & STATS_WIDE != 0;
                let s = if key & STATS_MANY == 0 {
                    Stats::one(get_value(blob, &mut i, wide)?)
                } else {
                    Stats {
                        n: get_varint(blob, &mut i)? as i64,
                        sum: get_f64(blob, &mut i)?,
                        min: get_value(blob, &mut i, wide)?,
                        max: get_value(blob, &mut i, wide)?,
                    }
                };
                out.push(((key >> 2) as i64, s));
            }
        }
        _ => {
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
        }
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

    use proptest::prelude::*;

    /// The original `raw` packing, which databases written before the compact format hold:
    /// per value a LEB128 id, then the value as an `f64` little-endian.
    fn encode_values_v1(values: &[(i64, f64)]) -> Vec<u8> {
        let mut out = Vec::new();
        for &(id, v) in values {
            put_varint(id as u64, &mut out);
            out.extend_from_slice(&v.to_le_bytes());
        }
        out
    }

    /// The original `value_1m` packing: per quantity a LEB128 id, a LEB128 count, then sum,
    /// min and max as `f64`s little-endian.
    fn encode_stats_v1(stats: &[(i64, Stats)]) -> Vec<u8> {
        let mut out = Vec::new();
        for &(id, s) in stats {
            put_varint(id as u64, &mut out);
            put_varint(s.n as u64, &mut out);
            for v in [s.sum, s.min, s.max] {
                out.extend_from_slice(&v.to_le_bytes());
            }
        }
        out
    }

    /// Values as bit patterns, so that NaNs compare and -0.0 differs from 0.0.
    fn value_bits(values: &[(i64, f64)]) -> Vec<(i64, u64)> {
        values.iter().map(|&(id, v)| (id, v.to_bits())).collect()
    }

    fn stats_bits(stats: &[(i64, Stats)]) -> Vec<(i64, i64, [u64; 3])> {
        stats
            .iter()
            .map(|&(id, s)| (id, s.n, [s.sum, s.min, s.max].map(f64::to_bits)))
            .collect()
    }

    const IDS: [i64; 7] = [1, 63, 64, 127, 128, 300, 1 << 20];

    /// f32-exact, then not: a float32 register's value, 0.1, 1e300, a Wh counter with a
    /// fraction, f64's smallest subnormal, and the special values.
    fn special_values() -> Vec<f64> {
        vec![
            230.25,
            -1.5,
            f64::from(f32::MAX),
            f64::from(f32::from_bits(1)), // f32's smallest subnormal
            0.0,
            -0.0,
            f64::INFINITY,
            f64::NEG_INFINITY,
            0.1,
            1e300,
            123_456_789.123,
            16_777_217.0, // 2^24 + 1: an integer f32 cannot hold
            f64::from_bits(1),
            f64::NAN,
            -f64::NAN,
            f64::from_bits(0x7ff0_0000_dead_beef), // a signalling NaN with a payload
            f64::from_bits(0x7ff8_0000_2000_0000), // a NaN whose payload fits an f32's
        ]
    }

    fn special_stats() -> Vec<Stats> {
        let mut out: Vec<Stats> = special_values().into_iter().map(Stats::one).collect();
        out.extend([
            Stats {
                n: 60,
                sum: 13_800.5,
                min: 229.5,
                max: 231.0,
            },
            Stats {
                n: 2,
                sum: 0.30000000000000004,
                min: 0.1,
                max: 0.2,
            },
            Stats {
                n: 3,
                sum: 1e300,
                min: -0.0,
                max: 1e300, // min narrow, max wide
            },
            Stats {
                n: 1 << 40,
                sum: f64::NAN,
                min: f64::NEG_INFINITY,
                max: f64::NAN,
            },
            // Not what the store makes, but it must survive too: n == 1 with differing values,
            // -0.0 against 0.0, no samples, a negative count.
            Stats {
                n: 1,
                sum: 2.0,
                min: 1.0,
                max: 3.0,
            },
            Stats {
                n: 1,
                sum: 0.0,
                min: -0.0,
                max: -0.0,
            },
            Stats {
                n: 0,
                sum: 0.0,
                min: f64::INFINITY,
                max: f64::NEG_INFINITY,
            },
            Stats {
                n: -5,
                sum: 1.0,
                min: 1.0,
                max: 1.0,
            },
        ]);
        out
    }

    /// Every id with every value, one entry per blob, then all of them in one blob.
    fn values_cases() -> Vec<Vec<(i64, f64)>> {
        let mut cases = vec![Vec::new()];
        let mut all = Vec::new();
        for (k, &id) in IDS.iter().enumerate() {
            for v in special_values() {
                cases.push(vec![(id, v)]);
            }
            let vals = special_values();
            all.push((id, vals[k % vals.len()]));
            all.push((id + 1, vals[(k + 8) % vals.len()]));
        }
        cases.push(all);
        cases
    }

    fn stats_cases() -> Vec<Vec<(i64, Stats)>> {
        let mut cases = vec![Vec::new()];
        let mut all = Vec::new();
        for (k, &id) in IDS.iter().enumerate() {
            for s in special_stats() {
                cases.push(vec![(id, s)]);
            }
            let stats = special_stats();
            all.push((id, stats[k % stats.len()]));
            all.push((id + 1, stats[(k + 17) % stats.len()]));
        }
        cases.push(all);
        cases
    }

    /// Decodes every prefix of `blob` (a whole blob of entries `1..=n` has the lengths in
    /// `ends`): an empty blob is no entries, a prefix ending on an entry's end the entries up
    /// to there, any other is malformed.
    fn check_prefixes<T, B: PartialEq + std::fmt::Debug>(
        blob: &[u8],
        ends: &[usize],
        entries: &[T],
        decode: impl Fn(&[u8], &mut Vec<T>) -> Option<()>,
        bits: impl Fn(&[T]) -> B,
    ) {
        let mut out = Vec::new();
        for len in 0..=blob.len() {
            let got = decode(&blob[..len], &mut out);
            if len == 0 {
                assert_eq!(got, Some(()));
                assert!(out.is_empty());
            } else if let Some(k) = ends.iter().position(|&e| e == len) {
                assert_eq!(got, Some(()), "prefix of {len} bytes of {blob:02x?}");
                assert_eq!(bits(&out), bits(&entries[..k]), "{blob:02x?}");
            } else {
                assert_eq!(got, None, "prefix of {len} bytes of {blob:02x?}");
            }
        }
    }

    #[test]
    fn values_blob_round_trips_bit_exactly() {
        let mut blob = Vec::new();
        let mut back = Vec::new();
        for vals in values_cases() {
            encode_values(&vals, &mut blob);
            assert_eq!(blob[0], 0, "compact marker");
            decode_values(&blob, &mut back).unwrap();
            assert_eq!(value_bits(&back), value_bits(&vals));
        }
        // f32-exact values take 4 bytes, others 8; the key is `id << 1 | wide`.
        for (vals, want) in [
            (vec![(1, 230.25)], vec![0, 2, 0x00, 0x40, 0x66, 0x43]),
            (vec![(1, -0.0)], vec![0, 2, 0, 0, 0, 0x80]),
            (vec![(63, f64::INFINITY)], vec![0, 126, 0, 0, 0x80, 0x7f]),
            (vec![(64, 0.5)], vec![0, 0x80, 0x01, 0, 0, 0, 0x3f]),
        ] {
            encode_values(&vals, &mut blob);
            assert_eq!(blob, want, "{vals:?}");
        }
        encode_values(&[(1, 0.1)], &mut blob);
        assert_eq!(blob[..2], [0, 3]);
        assert_eq!(blob[2..], 0.1f64.to_le_bytes());
        encode_values(&[(128, 1e300), (1 << 20, 1.0)], &mut blob);
        assert_eq!(blob.len(), 1 + (2 + 8) + (4 + 4));
    }

    #[test]
    fn stats_blob_round_trips_bit_exactly() {
        let mut blob = Vec::new();
        let mut back = Vec::new();
        for stats in stats_cases() {
            encode_stats(&stats, &mut blob);
            assert_eq!(blob[0], 0, "compact marker");
            decode_stats(&blob, &mut back).unwrap();
            assert_eq!(stats_bits(&back), stats_bits(&stats));
        }
        // One sample: the key `id << 2 | wide` and the sample.
        encode_stats(&[(1, Stats::one(230.25))], &mut blob);
        assert_eq!(blob, [0, 4, 0x00, 0x40, 0x66, 0x43]);
        encode_stats(&[(1, Stats::one(0.1))], &mut blob);
        assert_eq!(blob.len(), 1 + 1 + 8);
        assert_eq!(blob[1], 5);
        // Several: the key `id << 2 | 2 | wide`, n, the sum as f64, min and max.
        let s = Stats {
            n: 60,
            sum: 13_800.5,
            min: 229.5,
            max: 231.0,
        };
        encode_stats(&[(1, s)], &mut blob);
        assert_eq!(blob[..3], [0, 6, 60]);
        assert_eq!(blob.len(), 1 + 1 + 1 + 8 + 4 + 4);
        encode_stats(&[(1, Stats { max: 0.1, ..s })], &mut blob);
        assert_eq!(blob[..3], [0, 7, 60]);
        assert_eq!(blob.len(), 1 + 1 + 1 + 8 + 8 + 8);
    }

    #[test]
    fn original_format_blobs_still_decode() {
        let mut back = Vec::new();
        for vals in values_cases() {
            let blob = encode_values_v1(&vals);
            assert!(
                blob.first() != Some(&0),
                "an original blob never starts with 0"
            );
            decode_values(&blob, &mut back).unwrap();
            assert_eq!(value_bits(&back), value_bits(&vals));
        }
        let mut back = Vec::new();
        for stats in stats_cases() {
            let blob = encode_stats_v1(&stats);
            assert!(
                blob.first() != Some(&0),
                "an original blob never starts with 0"
            );
            decode_stats(&blob, &mut back).unwrap();
            assert_eq!(stats_bits(&back), stats_bits(&stats));
        }
        // The layout SCHEMA.md documented for the original format.
        let vals = [
            (1, 230.25),
            (127, -1.5),
            (128, 1e12),
            (300, f64::MIN_POSITIVE),
        ];
        let blob = encode_values_v1(&vals);
        assert_eq!(blob.len(), 6 + 32);
        assert_eq!(blob[..2], [1, 0x00]);
        assert_eq!(blob[9..11], [127, 0x00]);
        assert_eq!(blob[18..20], [0x80, 0x01]);
        let mut back = Vec::new();
        decode_values(&blob, &mut back).unwrap();
        assert_eq!(back, vals);
    }

    #[test]
    fn truncated_blobs_of_both_formats_are_rejected() {
        let mut blob = Vec::new();
        // The lengths of the blobs of the first 0, 1, …, n entries: in the compact format the
        // first is 1, the marker alone (a valid empty blob).
        for vals in values_cases() {
            let ends: Vec<usize> = (0..=vals.len())
                .map(|k| {
                    encode_values(&vals[..k], &mut blob);
                    blob.len()
                })
                .collect();
            check_prefixes(&blob, &ends, &vals, decode_values, value_bits);
            let old = encode_values_v1(&vals);
            let ends: Vec<usize> = (0..=vals.len())
                .map(|k| encode_values_v1(&vals[..k]).len())
                .collect();
            check_prefixes(&old, &ends, &vals, decode_values, value_bits);
        }
        for stats in stats_cases() {
            let ends: Vec<usize> = (0..=stats.len())
                .map(|k| {
                    encode_stats(&stats[..k], &mut blob);
                    blob.len()
                })
                .collect();
            check_prefixes(&blob, &ends, &stats, decode_stats, stats_bits);
            let old = encode_stats_v1(&stats);
            let ends: Vec<usize> = (0..=stats.len())
                .map(|k| encode_stats_v1(&stats[..k]).len())
                .collect();
            check_prefixes(&old, &ends, &stats, decode_stats, stats_bits);
        }
    }

    #[test]
    fn overlong_varints_are_rejected() {
        let mut long = vec![0x80u8; 10];
        long.push(0x01);
        long.extend_from_slice(&[0; 24]);
        let (mut vals, mut stats) = (Vec::new(), Vec::new());
        assert_eq!(decode_values(&long, &mut vals), None);
        assert_eq!(decode_stats(&long, &mut stats), None);
        long.insert(0, 0);
        assert_eq!(decode_values(&long, &mut vals), None);
        assert_eq!(decode_stats(&long, &mut stats), None);
    }

    #[test]
    fn a_read_of_27_float32_values_packs_small() {
        let vals: Vec<(i64, f64)> = (1..=27)
            .map(|id| (id, f64::from(230.1f32 + id as f32)))
            .collect();
        let mut blob = Vec::new();
        encode_values(&vals, &mut blob);
        assert!(blob.len() <= 27 * 5 + 1, "{} bytes", blob.len());
        let stats: Vec<(i64, Stats)> = vals.iter().map(|&(id, v)| (id, Stats::one(v))).collect();
        encode_stats(&stats, &mut blob);
        assert!(blob.len() <= 27 * 6 + 1, "{} bytes", blob.len());
        // The original format: 9 and 26 bytes a quantity.
        assert_eq!(encode_values_v1(&vals).len(), 27 * 9);
        assert_eq!(encode_stats_v1(&stats).len(), 27 * 26);
    }

    /// An f64 drawn from any bit pattern, or from an f32's (so that both widths are exercised).
    fn any_value() -> impl Strategy<Value = f64> {
        prop_oneof![
            any::<u64>().prop_map(f64::from_bits),
            any::<u32>().prop_map(|b| f64::from(f32::from_bits(b))),
        ]
    }

    fn any_stats() -> impl Strategy<Value = Stats> {
        prop_oneof![
            any_value().prop_map(Stats::one),
            (any::<i64>(), any::<u64>(), any_value(), any_value()).prop_map(
                |(n, sum, min, max)| Stats {
                    n,
                    sum: f64::from_bits(sum),
                    min,
                    max,
                }
            ),
        ]
    }

    proptest! {
        #[test]
        fn any_values_round_trip_bit_exactly(
            vals in prop::collection::vec((0i64..1 << 62, any_value()), 0..40),
        ) {
            let mut blob = Vec::new();
            let mut back = Vec::new();
            encode_values(&vals, &mut blob);
            prop_assert_eq!(decode_values(&blob, &mut back), Some(()));
            prop_assert_eq!(value_bits(&back), value_bits(&vals));
            prop_assert_eq!(decode_values(&encode_values_v1(&vals), &mut back), Some(()));
            prop_assert_eq!(value_bits(&back), value_bits(&vals));
        }

        #[test]
        fn any_stats_round_trip_bit_exactly(
            stats in prop::collection::vec((0i64..1 << 62, any_stats()), 0..40),
        ) {
            let mut blob = Vec::new();
            let mut back = Vec::new();
            encode_stats(&stats, &mut blob);
            prop_assert_eq!(decode_stats(&blob, &mut back), Some(()));
            prop_assert_eq!(stats_bits(&back), stats_bits(&stats));
            prop_assert_eq!(decode_stats(&encode_stats_v1(&stats), &mut back), Some(()));
            prop_assert_eq!(stats_bits(&back), stats_bits(&stats));
        }

        #[test]
        fn any_bytes_decode_without_panicking(blob in prop::collection::vec(any::<u8>(), 0..64)) {
            let _ = decode_values(&blob, &mut Vec::new());
            let _ = decode_stats(&blob, &mut Vec::new());
        }
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
