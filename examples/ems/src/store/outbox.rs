//! The sinks' outbox: what each committed batch added to `raw`, in commit order, and each
//! sink's high-water mark.
//!
//! The store is the queue. Every batch that inserts or extends raw rows appends one
//! `change_log` row (its `seq` grows with every commit) listing the `(meter, time)` keys it
//! touched; a sink reads the batches after its mark ([`Outbox::changes_after`]), delivers them,
//! and moves its mark ([`SinkMarks::set`]). A sink that is down (broker or database outage)
//! simply falls behind and catches up from its mark when it is back, for as long as the raw rows
//! are kept (`Retention::raw`; the change log is pruned with them). Delivery is at least once:
//! a crash between delivering and moving the mark delivers those batches again, so sinks write
//! idempotently (PostgreSQL upserts keyed by meter, time and quantity; MQTT state messages carry
//! their time).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OptionalExtension};

use super::{decode_change_keys, decode_values, now_ms, schema, StoreError};

/// One raw row (one meter read) as the sinks see it.
#[derive(Clone, Debug, PartialEq)]
pub struct ChangedRow {
    /// The meter's name.
    pub meter: String,
    /// When it was read, UTC ms.
    pub time_ms: i64,
    /// `(quantity name, value)` in the library's normalised units, by quantity id order.
    pub values: Vec<(String, f64)>,
}

/// One committed batch.
#[derive(Clone, Debug, PartialEq)]
pub struct ChangeBatch {
    /// Its position in commit order (the sinks' high-water mark).
    pub seq: i64,
    /// When it was committed, UTC ms.
    pub committed_ms: i64,
    /// The raw rows it inserted or extended, as stored now (a row extended later shows its
    /// later values too). Rows already removed by retention are missing.
    pub rows: Vec<ChangedRow>,
}

/// A read-only view of the outbox (its own connection).
pub struct Outbox {
    conn: Connection,
    path: PathBuf,
    meters: HashMap<i64, String>,
    quantities: HashMap<i64, String>,
}

impl std::fmt::Debug for Outbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Outbox").field("path", &self.path).finish()
    }
}

impl Outbox {
    /// Opens the outbox of `<data_dir>/ems.sqlite` (which the collector has created).
    pub fn open(data_dir: &Path) -> Result<Outbox, StoreError> {
        let conn = schema::open_reader(data_dir)?;
        Ok(Outbox {
            conn,
            path: super::db_path(data_dir),
            meters: HashMap::new(),
            quantities: HashMap::new(),
        })
    }

    fn reload_names(&mut self) -> Result<(), StoreError> {
        let ctx = |e| StoreError::sqlite(&self.path, "reading meter and quantity names", e);
        let meters: Vec<(i64, String)> = self
            .conn
            .prepare("SELECT id, name FROM meter")
            .and_then(|mut s| s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect())
            .map_err(ctx)?;
        let quantities: Vec<(i64, String)> = self
            .conn
            .prepare("SELECT id, name FROM quantity")
            .and_then(|mut s| s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect())
            .map_err(ctx)?;
        self.meters = meters.into_iter().collect();
        self.quantities = quantities.into_iter().collect();
        Ok(())
    }

    /// The `seq` of the latest committed batch (0 when none).
    pub fn last_seq(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row("SELECT coalesce(max(seq), 0) FROM change_log", [], |r| {
                r.get(0)
            })
            .map_err(|e| StoreError::sqlite(&self.path, "reading the change log", e))
    }

    /// The `seq` of the oldest batch still kept (`None` when the log is empty): a sink whose
    /// mark is below it lost the batches in between to retention.
    pub fn first_seq(&self) -> Result<Option<i64>, StoreError> {
        self.conn
            .query_row("SELECT min(seq) FROM change_log", [], |r| r.get(0))
            .map_err(|e| StoreError::sqlite(&self.path, "reading the change log", e))
    }

    /// The batches committed after `after_seq`, oldest first, stopping once they hold at least
    /// `max_rows` rows (always at least one batch when there is one).
    pub fn changes_after(
        &mut self,
        after_seq: i64,
        max_rows: usize,
    ) -> Result<Vec<ChangeBatch>, StoreError> {
        let path = self.path.clone();
        let ctx = |e| StoreError::sqlite(&path, "reading the change log", e);
        let mut out = Vec::new();
        let mut keys = Vec::new();
        let mut values = Vec::new();
        let mut rows_total = 0usize;
        let mut next = after_seq;
        'batches: loop {
            let logged: Vec<(i64, i64, Vec<u8>)> = self
                .conn
                .prepare_cached(
                    "SELECT seq, committed_ms, keys FROM change_log WHERE seq > ?1
                     ORDER BY seq LIMIT 64",
                )
                .and_then(|mut s| {
                    s.query_map([next], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                        .collect()
                })
                .map_err(ctx)?;
            if logged.is_empty() {
                break;
            }
            for (seq, committed_ms, blob) in logged {
                next = seq;
                if decode_change_keys(&blob, &mut keys).is_none() {
                    return Err(StoreError::Invalid(format!(
                        "{}: change_log row {seq} is malformed",
                        path.display()
                    )));
                }
                let mut rows = Vec::with_capacity(keys.len());
                for &(m, t) in &keys {
                    let blob: Option<Vec<u8>> = self
                        .conn
                        .prepare_cached("SELECT vals FROM raw WHERE meter_id = ?1 AND time_ms = ?2")
                        .and_then(|mut s| s.query_row(params![m, t], |r| r.get(0)).optional())
                        .map_err(ctx)?;
                    let Some(blob) = blob else { continue };
                    if decode_values(&blob, &mut values).is_none() {
                        return Err(StoreError::Invalid(format!(
                            "{}: raw row of meter id {m} at {t} ms is malformed",
                            path.display()
                        )));
                    }
                    if !self.meters.contains_key(&m)
                        || values.iter().any(|(q, _)| !self.quantities.contains_key(q))
                    {
                        self.reload_names()?;
                    }
                    let meter = self
                        .meters
                        .get(&m)
                        .cloned()
                        .unwrap_or_else(|| format!("meter-{m}"));
                    let named = values
                        .iter()
                        .map(|&(q, v)| {
                            let name = self
                                .quantities
                                .get(&q)
                                .cloned()
                                .unwrap_or_else(|| format!("quantity-{q}"));
                            (name, v)
                        })
                        .collect();
                    rows.push(ChangedRow {
                        meter,
                        time_ms: t,
                        values: named,
                    });
                }
                rows_total += rows.len();
                out.push(ChangeBatch {
                    seq,
                    committed_ms,
                    rows,
                });
                if rows_total >= max_rows {
                    break 'batches;
                }
            }
        }
        Ok(out)
    }
}

/// The sinks' high-water marks (`sink_mark`), on a connection of their own that writes only
/// that table (SQLite serialises it with the collector's writer; the busy timeout covers the
/// wait).
pub struct SinkMarks {
    conn: Connection,
    path: PathBuf,
}

impl std::fmt::Debug for SinkMarks {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SinkMarks")
            .field("path", &self.path)
            .finish()
    }
}

impl SinkMarks {
    /// Opens the marks of `<data_dir>/ems.sqlite` (which the collector has created).
    pub fn open(data_dir: &Path) -> Result<SinkMarks, StoreError> {
        let conn = schema::open_reader(data_dir)?;
        let path = super::db_path(data_dir);
        conn.execute_batch("PRAGMA query_only = OFF")
            .and_then(|_| conn.busy_timeout(std::time::Duration::from_secs(10)))
            .map_err(|e| StoreError::sqlite(&path, "opening the sink marks", e))?;
        Ok(SinkMarks { conn, path })
    }

    /// The mark of `sink`: the last `seq` it delivered (`None`: never ran).
    pub fn get(&self, sink: &str) -> Result<Option<i64>, StoreError> {
        self.conn
            .query_row("SELECT seq FROM sink_mark WHERE sink = ?1", [sink], |r| {
                r.get(0)
            })
            .optional()
            .map_err(|e| StoreError::sqlite(&self.path, "reading a sink mark", e))
    }

    /// Moves the mark of `sink` to `seq` (durably: once this returns, a restart resumes after
    /// `seq`).
    pub fn set(&self, sink: &str, seq: i64) -> Result<(), StoreError> {
        self.conn
            .prepare_cached(
                "INSERT INTO sink_mark (sink, seq, updated_ms) VALUES (?1, ?2, ?3)
                 ON CONFLICT (sink) DO UPDATE SET seq = excluded.seq, updated_ms = excluded.updated_ms",
            )
            .and_then(|mut s| s.execute(params![sink, seq, now_ms()]))
            .map_err(|e| StoreError::sqlite(&self.path, "writing a sink mark", e))?;
        Ok(())
    }
}
