//! Long-format CSV export of stored readings: `time,meter,quantity,value,unit`, one value a
//! line, times in UTC RFC 3339, units normalised (W, var, VA, V, A, Hz, Wh, varh, VAh).
//!
//! At `raw` every stored sample is written (energy counters as their raw counter values). At a
//! rollup resolution `time` is the interval's start, an instantaneous quantity's value is its
//! average over the interval and an energy quantity's value is the energy of the interval, so a
//! column's sum is the period's consumption. Lines are ordered by meter name, time and quantity
//! name. This module formats; it must not decide what is stored.

use std::io::Write;

use jiff::tz::TimeZone;
use jiff::Timestamp;
use rusqlite::params;

use super::query::{bucket_start, next_bucket};
use super::{decode_values, Resolution, StoreError, StoreReader};

/// The CSV header line.
pub const CSV_HEADER: &str = "time,meter,quantity,value,unit";

/// What to export.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportRequest {
    /// Start (UTC ms, inclusive); the oldest data if `None`. Rounded down to the resolution's
    /// interval.
    pub from_ms: Option<i64>,
    /// End (UTC ms, exclusive); just after the newest data if `None`. Rounded up to the
    /// resolution's interval.
    pub to_ms: Option<i64>,
    /// One meter by name, or all.
    pub meter: Option<String>,
    /// Raw samples or a rollup resolution.
    pub resolution: Resolution,
}

/// Progress of an export: `(chunks done, chunks in total)`.
pub type Progress<'a> = &'a mut dyn FnMut(u64, u64);

fn out_err(e: std::io::Error) -> StoreError {
    StoreError::Invalid(format!("cannot write the CSV: {e}"))
}

/// Quotes a CSV field when it needs it (RFC 4180).
fn field(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\"")).into()
    } else {
        s.into()
    }
}

fn time_text(ms: i64) -> String {
    Timestamp::from_millisecond(ms).map_or_else(|_| ms.to_string(), |t| t.to_string())
}

/// Chunks of `[from, to)` on local day (or month) boundaries, so memory stays bounded and
/// progress can be shown.
fn chunks(from: i64, to: i64, res: Resolution, tz: &TimeZone) -> Vec<(i64, i64)> {
    let unit = match res {
        Resolution::Day | Resolution::Month => Resolution::Month,
        _ => Resolution::Day,
    };
    let mut out = Vec::new();
    let mut a = from;
    while a < to {
        let b = next_bucket(bucket_start(a, unit, tz), unit, tz).min(to);
        out.push((a, b));
        a = b;
    }
    out
}

/// Writes the CSV (header included) and returns the number of data lines.
pub fn export_readings_csv(
    reader: &StoreReader,
    req: &ExportRequest,
    out: &mut dyn Write,
    progress: Progress<'_>,
) -> Result<u64, StoreError> {
    let tz = reader.time_zone().clone();
    let res = req.resolution;
    let mut meters = reader.meters()?;
    if let Some(name) = &req.meter {
        meters.retain(|m| &m.info.name == name);
        if meters.is_empty() {
            return Err(StoreError::Invalid(format!(
                "no meter named '{name}' in {}",
                reader.path().display()
            )));
        }
    }
    writeln!(out, "{CSV_HEADER}").map_err(out_err)?;
    let span = match (req.from_ms, req.to_ms) {
        (Some(f), Some(t)) => Some((f, t)),
        (f, t) => reader
            .time_range()?
            .map(|(lo, hi)| (f.unwrap_or(lo), t.unwrap_or(hi + 1))),
    };
    let Some((from, to)) = span else {
        return Ok(0);
    };
    if from >= to {
        return Err(StoreError::Invalid(format!(
            "the start ({}) is not before the end ({})",
            time_text(from),
            time_text(to)
        )));
    }
    let (from, to) = if res == Resolution::Raw {
        (from, to)
    } else {
        let last = bucket_start(to - 1, res, &tz);
        (bucket_start(from, res, &tz), next_bucket(last, res, &tz))
    };
    let chunks = chunks(from, to, res, &tz);
    let total = (chunks.len() * meters.len()) as u64;
    let names = reader.quantity_names();
    let mut lines = 0u64;
    let mut done = 0u64;
    let mut vals = Vec::new();
    let mut rows: Vec<(i64, &str, &str, f64)> = Vec::new();
    for m in &meters {
        let meter = field(&m.info.name);
        for &(a, b) in &chunks {
            rows.clear();
            if res == Resolution::Raw {
                let mut st = reader
                    .conn()
                    .prepare_cached(
                        "SELECT time_ms, vals FROM raw WHERE meter_id = ?1 AND time_ms >= ?2
                         AND time_ms < ?3 ORDER BY time_ms",
                    )
                    .map_err(|e| StoreError::sqlite(reader.path(), "reading raw values", e))?;
                let mut q = st
                    .query(params![m.id, a, b])
                    .map_err(|e| StoreError::sqlite(reader.path(), "reading raw values", e))?;
                while let Some(r) = q
                    .next()
                    .map_err(|e| StoreError::sqlite(reader.path(), "reading raw values", e))?
                {
                    let (t, blob): (i64, Vec<u8>) = (
                        r.get(0)
                            .map_err(|e| StoreError::sqlite(reader.path(), "reading", e))?,
                        r.get(1)
                            .map_err(|e| StoreError::sqlite(reader.path(), "reading", e))?,
                    );
                    decode_values(&blob, &mut vals).ok_or_else(|| StoreError::Corrupt {
                        path: reader.path().to_path_buf(),
                        detail: format!(
                            "raw row of meter '{}' at {t} ms is malformed",
                            m.info.name
                        ),
                    })?;
                    for &(qid, v) in &vals {
                        if let Some((n, u, _)) = names.get(&qid) {
                            rows.push((t, n, u, v));
                        }
                    }
                }
            } else {
                for (s, qid, v) in reader
                    .meter_value_buckets(m.id, a, b, res)?
                    .into_iter()
                    .chain(reader.meter_energy_buckets(m.id, a, b, res)?)
                {
                    if let Some((n, u, _)) = names.get(&qid) {
                        rows.push((s, n, u, v));
                    }
                }
            }
            rows.sort_by(|x, y| (x.0, x.1).cmp(&(y.0, y.1)));
            for &(t, q, u, v) in &rows {
                writeln!(out, "{},{meter},{q},{v},{u}", time_text(t)).map_err(out_err)?;
            }
            lines += rows.len() as u64;
            done += 1;
            progress(done, total);
        }
    }
    out.flush().map_err(out_err)?;
    Ok(lines)
}
