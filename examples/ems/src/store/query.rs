//! The read side: latest values, history of one (meter, quantity) at any resolution and energy
//! per interval, over a connection of its own that never writes and, in WAL mode, never blocks
//! the writer. Hour, day and month buckets are built here from 15-minute slots in the site's
//! time zone. This module must not write.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use jiff::tz::TimeZone;
use jiff::Timestamp;
use rusqlite::{params, Connection, OptionalExtension};

use super::{
    decode_energy, decode_stats, decode_values, schema, slot_start, EnergyAgg, MeterInfo, Quality,
    Resolution, StoreError, MINUTE_MS, SLOT15_MS,
};

/// A stored meter.
#[derive(Clone, Debug, PartialEq)]
pub struct MeterRow {
    /// The store's id.
    pub id: i64,
    /// What the configuration said about it.
    pub info: MeterInfo,
}

/// The newest value of one quantity of one meter.
#[derive(Clone, Debug, PartialEq)]
pub struct LatestValue {
    /// Meter name.
    pub meter: String,
    /// Quantity name.
    pub quantity: String,
    /// Normalised unit symbol (`W`, `Wh`, … ; empty when dimensionless).
    pub unit: String,
    /// When it was read, UTC ms.
    pub time_ms: i64,
    /// The value.
    pub value: f64,
}

/// One point of a history: a raw sample, or a rollup interval labelled by its start.
#[derive(Clone, Debug, PartialEq)]
pub struct HistoryPoint {
    /// Sample time, or the interval's start, UTC ms.
    pub time_ms: i64,
    /// The sample; the average of an instantaneous quantity over the interval; the energy of an
    /// energy quantity over the interval (Wh, varh, VAh).
    pub value: f64,
    /// Smallest sample in the interval (instantaneous quantities at a rollup resolution).
    pub min: Option<f64>,
    /// Largest sample in the interval (instantaneous quantities at a rollup resolution).
    pub max: Option<f64>,
    /// Samples behind the value (1 for raw; 0 for energy).
    pub count: u64,
    /// Coverage: for energy the share of the interval covered by deltas; for hour/day/month
    /// values whether every 15-minute slot has samples; otherwise `Complete`.
    pub quality: Quality,
}

/// Energy over one interval.
#[derive(Clone, Debug, PartialEq)]
pub struct EnergyInterval {
    /// Start, UTC ms.
    pub start_ms: i64,
    /// End (exclusive), UTC ms.
    pub end_ms: i64,
    /// Energy, `None` when no delta covers any of the interval.
    pub wh: Option<f64>,
    /// The counter at the start of the covered part (interpolated inside a delta that crosses
    /// the interval's start).
    pub counter_first: Option<f64>,
    /// The counter at the end of the covered part.
    pub counter_last: Option<f64>,
    /// Milliseconds of the interval covered by deltas.
    pub covered_ms: i64,
    /// `Complete` when fully covered, `Partial`, or `Missing`.
    pub quality: Quality,
}

/// A read-only view of the store. Open one per thread (a connection is not `Sync`).
pub struct StoreReader {
    conn: Connection,
    path: PathBuf,
    tz: TimeZone,
    quantities: HashMap<String, (i64, String, bool)>,
}

impl std::fmt::Debug for StoreReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoreReader")
            .field("path", &self.path)
            .finish()
    }
}

/// Aggregate of 15-minute value slots.
#[derive(Clone, Copy)]
struct VAgg {
    n: i64,
    sum: f64,
    min: f64,
    max: f64,
    slots: i64,
}

/// Aggregate of energy slots.
#[derive(Clone, Copy)]
struct EAgg {
    wh: f64,
    covered: i64,
    first_ms: i64,
    counter_first: f64,
    last_ms: i64,
    counter_last: f64,
}

impl From<EnergyAgg> for EAgg {
    fn from(a: EnergyAgg) -> EAgg {
        EAgg {
            wh: a.wh,
            covered: a.covered_ms,
            first_ms: a.first_ms,
            counter_first: a.counter_first,
            last_ms: a.last_ms,
            counter_last: a.counter_last,
        }
    }
}

impl From<EAgg> for EnergyAgg {
    fn from(a: EAgg) -> EnergyAgg {
        EnergyAgg {
            wh: a.wh,
            covered_ms: a.covered,
            first_ms: a.first_ms,
            counter_first: a.counter_first,
            last_ms: a.last_ms,
            counter_last: a.counter_last,
        }
    }
}

impl EAgg {
    /// Adds another part of the same interval, by the writer's rule ([`EnergyAgg::merge`]).
    fn add(&mut self, o: EAgg) {
        let mut a = EnergyAgg::from(*self);
        a.merge(o.into());
        *self = a.into();
    }
}

/// 1-minute energy where the store holds only 15-minute detail: the store splits into
/// 1-minute slots only deltas of at most 5 minutes (`rollup::MAX_MINUTE_SPLIT_MS`), so a
/// 15-minute slot may hold energy (and coverage) that none of its minutes has — a 15-minute
/// history sample, a gap bridged by a longer delta. That remainder is spread over the slot's
/// minutes in proportion to the time each minute is not yet covered: the energy is assumed to
/// flow evenly, as the store assumes when it splits a delta, so a minute of an evenly covered
/// slot gets exactly a fifteenth. A filled minute's counter starts where the minute before it
/// ended. `minutes` and `slots` are sorted by slot; the result is sorted, inside
/// `[from_ms, to_ms)`.
fn minutes_with_slots(
    minutes: Vec<(i64, EAgg)>,
    slots: &[(i64, EAgg)],
    from_ms: i64,
    to_ms: i64,
) -> Vec<(i64, EAgg)> {
    let mut out: Vec<(i64, EAgg)> = Vec::with_capacity(minutes.len());
    let mut minutes = minutes.into_iter().peekable();
    for &(slot, agg) in slots {
        // This slot's own minute rows (and any before it, kept as they are).
        let mut own: [Option<EAgg>; 15] = [None; 15];
        while let Some(&(t, a)) = minutes.peek() {
            if t >= slot + SLOT15_MS {
                break;
            }
            minutes.next();
            if t < slot {
                out.push((t, a));
            } else {
                own[((t - slot) / MINUTE_MS) as usize] = Some(a);
            }
        }
        let covered: i64 = own.iter().flatten().map(|a| a.covered).sum();
        let wh: f64 = own.iter().flatten().map(|a| a.wh).sum();
        let rest_cov = agg.covered - covered;
        let uncovered: Vec<i64> = own
            .iter()
            .map(|a| (MINUTE_MS - a.map_or(0, |a| a.covered)).max(0))
            .collect();
        let total_uncovered: i64 = uncovered.iter().sum();
        // Less than a millisecond a minute left over is rounding, not missing detail.
        let spread = rest_cov >= 15 && total_uncovered > 0;
        // The counter runs on through the slot: a filled minute starts where the minute
        // before it ended.
        let mut counter = agg.counter_first;
        for (i, own) in own.iter().enumerate() {
            let start = slot + i as i64 * MINUTE_MS;
            let mut a = *own;
            if spread && uncovered[i] > 0 {
                let share = uncovered[i] as f64 / total_uncovered as f64;
                let add_cov = (rest_cov as f64 * share).round() as i64;
                let add_wh = (agg.wh - wh) * share;
                a = Some(match a {
                    Some(mut a) => {
                        a.wh += add_wh;
                        a.covered = (a.covered + add_cov).min(MINUTE_MS);
                        a.counter_last += add_wh;
                        a
                    }
                    None => {
                        let first = start.max(agg.first_ms);
                        let last = (start + MINUTE_MS).min(agg.last_ms).max(first);
                        EAgg {
                            wh: add_wh,
                            covered: add_cov.min(MINUTE_MS),
                            first_ms: first,
                            counter_first: counter,
                            last_ms: last,
                            counter_last: counter + add_wh,
                        }
                    }
                });
            }
            if let Some(a) = &a {
                counter = a.counter_last;
            }
            if let Some(a) = a {
                if start >= from_ms && start < to_ms && a.covered > 0 {
                    out.push((start, a));
                }
            }
        }
    }
    out.extend(minutes);
    out
}

fn ts(ms: i64) -> Timestamp {
    Timestamp::from_millisecond(ms).unwrap_or(Timestamp::UNIX_EPOCH)
}

/// The start of the bucket of `res` holding `t_ms`; raw has no buckets (returns `t_ms`).
pub(crate) fn bucket_start(t_ms: i64, res: Resolution, tz: &TimeZone) -> i64 {
    match res {
        Resolution::Raw => t_ms,
        Resolution::Minute => slot_start(t_ms, MINUTE_MS),
        Resolution::Slot15 => slot_start(t_ms, SLOT15_MS),
        Resolution::Hour => {
            let off = i64::from(tz.to_offset(ts(t_ms)).seconds()) * 1000;
            slot_start(t_ms + off, 3_600_000) - off
        }
        Resolution::Day => ts(t_ms)
            .to_zoned_datetime(tz.clone())
            .start_of_day()
            .map_or(t_ms, |z| z.timestamp().as_millisecond()),
        Resolution::Month => ts(t_ms)
            .to_zoned_datetime(tz.clone())
            .first_of_month()
            .and_then(|z| z.start_of_day())
            .map_or(t_ms, |z| z.timestamp().as_millisecond()),
    }
}

/// The start of the bucket after the one starting at `start_ms`.
pub(crate) fn next_bucket(start_ms: i64, res: Resolution, tz: &TimeZone) -> i64 {
    let z = || ts(start_ms).to_zoned_datetime(tz.clone());
    let n = match res {
        Resolution::Raw => start_ms + 1,
        Resolution::Minute => start_ms + MINUTE_MS,
        Resolution::Slot15 => start_ms + SLOT15_MS,
        Resolution::Hour => bucket_start(start_ms + 3_600_000, res, tz),
        Resolution::Day => z()
            .tomorrow()
            .and_then(|d| d.start_of_day())
            .map_or(start_ms + 86_400_000, |d| d.timestamp().as_millisecond()),
        Resolution::Month => z()
            .first_of_month()
            .and_then(|d| d.checked_add(jiff::Span::new().months(1)))
            .and_then(|d| d.start_of_day())
            .map_or(start_ms + 28 * 86_400_000, |d| {
                d.timestamp().as_millisecond()
            }),
    };
    // Guards against a bucket that would not advance (odd historic offsets).
    n.max(start_ms + 1)
}

fn quality_of(covered: i64, len: i64) -> Quality {
    if covered <= 0 {
        Quality::Missing
    } else if covered >= len {
        Quality::Complete
    } else {
        Quality::Partial
    }
}

impl StoreReader {
    /// Opens `<data_dir>/ems.sqlite` for reading, with the time zone the collector recorded
    /// (UTC if none). Refuses a missing, damaged, foreign, older or newer database.
    pub fn open(data_dir: &Path) -> Result<StoreReader, StoreError> {
        let conn = schema::open_reader(data_dir)?;
        let path = super::db_path(data_dir);
        let tz_name: Option<String> = conn
            .query_row("SELECT value FROM meta WHERE key = 'time_zone'", [], |r| {
                r.get(0)
            })
            .optional()
            .map_err(|e| StoreError::sqlite(&path, "reading the time zone", e))?;
        let tz = match tz_name {
            Some(name) => TimeZone::get(&name).map_err(|e| {
                StoreError::Invalid(format!(
                    "{}: recorded time zone '{name}' is unknown to this build ({e})",
                    path.display()
                ))
            })?,
            None => TimeZone::UTC,
        };
        let mut r = StoreReader {
            conn,
            path,
            tz,
            quantities: HashMap::new(),
        };
        r.load_quantities()?;
        Ok(r)
    }

    fn err(&self, what: &str) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        let what = what.to_string();
        move |e| StoreError::sqlite(&self.path, &what, e)
    }

    fn load_quantities(&mut self) -> Result<(), StoreError> {
        let rows: Vec<(String, i64, String, bool)> = self
            .conn
            .prepare("SELECT name, id, unit, energy FROM quantity")
            .and_then(|mut s| {
                s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
                    .collect()
            })
            .map_err(|e| StoreError::sqlite(&self.path, "reading quantities", e))?;
        self.quantities = rows
            .into_iter()
            .map(|(n, id, u, e)| (n, (id, u, e)))
            .collect();
        Ok(())
    }

    /// The time zone of hour, day and month buckets.
    pub fn time_zone(&self) -> &TimeZone {
        &self.tz
    }

    /// Uses another time zone for hour, day and month buckets (an IANA name).
    pub fn with_time_zone(mut self, name: &str) -> Result<StoreReader, StoreError> {
        self.tz = TimeZone::get(name).map_err(|e| {
            StoreError::Invalid(format!(
                "unknown time zone '{name}' ({e}); use an IANA name such as Asia/Kolkata"
            ))
        })?;
        Ok(self)
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Every meter, by name.
    pub fn meters(&self) -> Result<Vec<MeterRow>, StoreError> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT id, name, unit, bus, model, parent, tags FROM meter ORDER BY name",
            )
            .map_err(self.err("reading meters"))?;
        let rows = st
            .query_map([], |r| {
                let tags: String = r.get(6)?;
                Ok(MeterRow {
                    id: r.get(0)?,
                    info: MeterInfo {
                        name: r.get(1)?,
                        unit: r.get(2)?,
                        bus: r.get(3)?,
                        model: r.get(4)?,
                        parent: r.get(5)?,
                        tags: match serde_json::from_str(&tags) {
                            Ok(serde_json::Value::Object(m)) => m,
                            _ => serde_json::Map::new(),
                        },
                    },
                })
            })
            .and_then(|it| it.collect::<Result<Vec<_>, _>>())
            .map_err(self.err("reading meters"))?;
        Ok(rows)
    }

    fn meter_id(&self, name: &str) -> Result<i64, StoreError> {
        self.conn
            .prepare_cached("SELECT id FROM meter WHERE name = ?1")
            .and_then(|mut s| s.query_row([name], |r| r.get(0)).optional())
            .map_err(self.err("looking a meter up"))?
            .ok_or_else(|| StoreError::Invalid(format!("no meter named '{name}' in the store")))
    }

    /// `(id, unit, is energy)` of a quantity the store has seen.
    pub(crate) fn quantity(&self, name: &str) -> Result<(i64, &str, bool), StoreError> {
        self.quantities
            .get(name)
            .map(|(id, u, e)| (*id, u.as_str(), *e))
            .ok_or_else(|| StoreError::Invalid(format!("no quantity named '{name}' in the store")))
    }

    /// `(name, unit, is energy)` by quantity id.
    pub(crate) fn quantity_names(&self) -> HashMap<i64, (String, String, bool)> {
        self.quantities
            .iter()
            .map(|(n, (id, u, e))| (*id, (n.clone(), u.clone(), *e)))
            .collect()
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The newest value of each quantity of each meter (or of one meter), looking back at most
    /// 15 minutes from the meter's newest row, so quantities polled less often are included.
    pub fn latest(&self, meter: Option<&str>) -> Result<Vec<LatestValue>, StoreError> {
        let names = self.quantity_names();
        let mut out = Vec::new();
        let mut vals = Vec::new();
        for m in self.meters()? {
            if meter.is_some_and(|n| n != m.info.name) {
                continue;
            }
            let mut st = self
                .conn
                .prepare_cached(
                    "SELECT time_ms, vals FROM raw WHERE meter_id = ?1 AND time_ms >=
                        (SELECT max(time_ms) FROM raw WHERE meter_id = ?1) - 900000
                     ORDER BY time_ms DESC",
                )
                .map_err(self.err("reading latest values"))?;
            let mut rows = st
                .query([m.id])
                .map_err(self.err("reading latest values"))?;
            let mut seen: HashMap<i64, ()> = HashMap::new();
            let mut found = Vec::new();
            while let Some(r) = rows.next().map_err(self.err("reading latest values"))? {
                let t: i64 = r.get(0).map_err(self.err("reading latest values"))?;
                let blob: Vec<u8> = r.get(1).map_err(self.err("reading latest values"))?;
                if decode_values(&blob, &mut vals).is_none() {
                    continue;
                }
                for &(q, v) in &vals {
                    if seen.insert(q, ()).is_none() {
                        if let Some((qn, u, _)) = names.get(&q) {
                            found.push(LatestValue {
                                meter: m.info.name.clone(),
                                quantity: qn.clone(),
                                unit: u.clone(),
                                time_ms: t,
                                value: v,
                            });
                        }
                    }
                }
            }
            found.sort_by(|a, b| a.quantity.cmp(&b.quantity));
            out.extend(found);
        }
        Ok(out)
    }

    /// Raw samples of one quantity of one meter in `[from_ms, to_ms)`, oldest first.
    pub(crate) fn raw_samples(
        &self,
        meter_id: i64,
        quantity_id: i64,
        from_ms: i64,
        to_ms: i64,
    ) -> Result<Vec<(i64, f64)>, StoreError> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT time_ms, vals FROM raw WHERE meter_id = ?1 AND time_ms >= ?2 AND time_ms < ?3
                 ORDER BY time_ms",
            )
            .map_err(self.err("reading raw values"))?;
        let mut rows = st
            .query(params![meter_id, from_ms, to_ms])
            .map_err(self.err("reading raw values"))?;
        let mut out = Vec::new();
        let mut vals = Vec::new();
        while let Some(r) = rows.next().map_err(self.err("reading raw values"))? {
            let t: i64 = r.get(0).map_err(self.err("reading raw values"))?;
            let blob: Vec<u8> = r.get(1).map_err(self.err("reading raw values"))?;
            decode_values(&blob, &mut vals).ok_or_else(|| StoreError::Corrupt {
                path: self.path.clone(),
                detail: format!("raw row of meter id {meter_id} at {t} ms is malformed"),
            })?;
            if let Ok(i) = vals.binary_search_by_key(&quantity_id, |&(q, _)| q) {
                out.push((t, vals[i].1));
            }
        }
        Ok(out)
    }

    /// History of one quantity of one meter over `[from_ms, to_ms)` at a resolution, oldest
    /// first; intervals without data are left out. At a rollup resolution each point is labelled
    /// by its interval's start and holds the average (instantaneous quantities) or the energy
    /// (energy quantities). Hour, day and month buckets cover the 15-minute slots in
    /// `[from_ms, to_ms)`, so align both to the bucket boundaries for whole buckets.
    pub fn history(
        &self,
        meter: &str,
        quantity: &str,
        from_ms: i64,
        to_ms: i64,
        res: Resolution,
    ) -> Result<Vec<HistoryPoint>, StoreError> {
        let m = self.meter_id(meter)?;
        let (q, _, energy) = self.quantity(quantity)?;
        if res == Resolution::Raw {
            return Ok(self
                .raw_samples(m, q, from_ms, to_ms)?
                .into_iter()
                .map(|(t, v)| HistoryPoint {
                    time_ms: t,
                    value: v,
                    min: None,
                    max: None,
                    count: 1,
                    quality: Quality::Complete,
                })
                .collect());
        }
        if energy {
            return Ok(self
                .energy_buckets(m, q, from_ms, to_ms, res)?
                .into_iter()
                .map(|(start, end, a)| HistoryPoint {
                    time_ms: start,
                    value: a.wh,
                    min: None,
                    max: None,
                    count: 0,
                    quality: quality_of(a.covered, end - start),
                })
                .collect());
        }
        Ok(self
            .value_buckets(m, q, from_ms, to_ms, res)?
            .into_iter()
            .map(|(start, end, a)| HistoryPoint {
                time_ms: start,
                value: a.sum / a.n as f64,
                min: Some(a.min),
                max: Some(a.max),
                count: a.n as u64,
                quality: if matches!(res, Resolution::Minute | Resolution::Slot15)
                    || a.slots * SLOT15_MS >= end - start
                {
                    Quality::Complete
                } else {
                    Quality::Partial
                },
            })
            .collect())
    }

    /// Averages of every instantaneous quantity of a meter per bucket, for the export:
    /// `(bucket start, quantity id, average)`, ordered by start then quantity id.
    pub(crate) fn meter_value_buckets(
        &self,
        meter_id: i64,
        from_ms: i64,
        to_ms: i64,
        res: Resolution,
    ) -> Result<Vec<(i64, i64, f64)>, StoreError> {
        let mut out = Vec::new();
        for (&q, (_, _, energy)) in &self.quantity_names() {
            if *energy {
                continue;
            }
            for (s, _, a) in self.value_buckets(meter_id, q, from_ms, to_ms, res)? {
                out.push((s, q, a.sum / a.n as f64));
            }
        }
        out.sort_by_key(|&(s, q, _)| (s, q));
        Ok(out)
    }

    /// Energy of every energy quantity of a meter per bucket, for the export.
    pub(crate) fn meter_energy_buckets(
        &self,
        meter_id: i64,
        from_ms: i64,
        to_ms: i64,
        res: Resolution,
    ) -> Result<Vec<(i64, i64, f64)>, StoreError> {
        let mut out = Vec::new();
        for (&q, (_, _, energy)) in &self.quantity_names() {
            if !*energy {
                continue;
            }
            for (s, _, a) in self.energy_buckets(meter_id, q, from_ms, to_ms, res)? {
                out.push((s, q, a.wh));
            }
        }
        out.sort_by_key(|&(s, q, _)| (s, q));
        Ok(out)
    }

    /// Groups slot rows (ordered by slot) into buckets: `(start, end, aggregate)`.
    fn group<T: Copy>(
        &self,
        rows: Vec<(i64, T)>,
        res: Resolution,
        mut add: impl FnMut(&mut T, T),
    ) -> Vec<(i64, i64, T)> {
        let mut out: Vec<(i64, i64, T)> = Vec::new();
        for (slot, v) in rows {
            match out.last_mut() {
                Some((_, end, agg)) if slot < *end => add(agg, v),
                _ => {
                    let s = bucket_start(slot, res, &self.tz);
                    out.push((s, next_bucket(s, res, &self.tz), v));
                }
            }
        }
        out
    }

    fn value_buckets(
        &self,
        m: i64,
        q: i64,
        from_ms: i64,
        to_ms: i64,
        res: Resolution,
    ) -> Result<Vec<(i64, i64, VAgg)>, StoreError> {
        let rows: Vec<(i64, VAgg)> = if res == Resolution::Minute {
            // Packed: one row per (meter, minute) holding every quantity.
            let packed = self.packed_rows("value_1m", m, from_ms, to_ms, "reading rollups")?;
            let mut stats = Vec::new();
            let mut rows = Vec::with_capacity(packed.len());
            for (slot, blob) in packed {
                decode_stats(&blob, &mut stats).ok_or_else(|| StoreError::Corrupt {
                    path: self.path.clone(),
                    detail: format!("value_1m row of meter id {m} at {slot} ms is malformed"),
                })?;
                if let Ok(i) = stats.binary_search_by_key(&q, |e| e.0) {
                    let s = stats[i].1;
                    rows.push((
                        slot,
                        VAgg {
                            n: s.n,
                            sum: s.sum,
                            min: s.min,
                            max: s.max,
                            slots: 1,
                        },
                    ));
                }
            }
            rows
        } else {
            let mut st = self
                .conn
                .prepare_cached(
                    "SELECT slot_ms, n, sum_v, min_v, max_v FROM value_15m
                     WHERE meter_id = ?1 AND quantity_id = ?2 AND slot_ms >= ?3 AND slot_ms < ?4
                     ORDER BY slot_ms",
                )
                .map_err(self.err("reading rollups"))?;
            let rows: Vec<(i64, VAgg)> = st
                .query_map(params![m, q, from_ms, to_ms], |r| {
                    Ok((
                        r.get(0)?,
                        VAgg {
                            n: r.get(1)?,
                            sum: r.get(2)?,
                            min: r.get(3)?,
                            max: r.get(4)?,
                            slots: 1,
                        },
                    ))
                })
                .and_then(|it| it.collect())
                .map_err(self.err("reading rollups"))?;
            rows
        };
        Ok(self.group(rows, res, |a, b| {
            a.n += b.n;
            a.sum += b.sum;
            a.min = a.min.min(b.min);
            a.max = a.max.max(b.max);
            a.slots += b.slots;
        }))
    }

    fn energy_buckets(
        &self,
        m: i64,
        q: i64,
        from_ms: i64,
        to_ms: i64,
        res: Resolution,
    ) -> Result<Vec<(i64, i64, EAgg)>, StoreError> {
        if res == Resolution::Raw {
            let mut st = self
                .conn
                .prepare_cached(
                    "SELECT from_ms, to_ms, wh, counter_first, counter_last FROM energy_raw
                     WHERE meter_id = ?1 AND quantity_id = ?2 AND from_ms >= ?3 AND from_ms < ?4
                     ORDER BY from_ms",
                )
                .map_err(self.err("reading energy"))?;
            return st
                .query_map(params![m, q, from_ms, to_ms], |r| {
                    let (f, t): (i64, i64) = (r.get(0)?, r.get(1)?);
                    Ok((
                        f,
                        t,
                        EAgg {
                            wh: r.get(2)?,
                            covered: t - f,
                            first_ms: f,
                            counter_first: r.get(3)?,
                            last_ms: t,
                            counter_last: r.get(4)?,
                        },
                    ))
                })
                .and_then(|it| it.collect())
                .map_err(self.err("reading energy"));
        }
        if res == Resolution::Minute {
            let minutes = self.minute_energy_slots(m, q, from_ms, to_ms)?;
            let from15 = slot_start(from_ms, SLOT15_MS);
            let slots = self.energy_slots("energy_15m", m, q, from15, to_ms)?;
            let rows = minutes_with_slots(minutes, &slots, from_ms, to_ms);
            return Ok(self.group(rows, res, |a, b| a.add(b)));
        }
        let rows = self.energy_slots("energy_15m", m, q, from_ms, to_ms)?;
        Ok(self.group(rows, res, |a, b| a.add(b)))
    }

    /// The 1-minute energy of one quantity with a slot in the range, by slot: the entries of the
    /// packed `energy_1m_packed` rows, merged with the legacy `energy_1m` rows older versions
    /// wrote (the writer never leaves a minute in both, but one that were would be added up).
    fn minute_energy_slots(
        &self,
        m: i64,
        q: i64,
        from_ms: i64,
        to_ms: i64,
    ) -> Result<Vec<(i64, EAgg)>, StoreError> {
        let packed = self.packed_rows("energy_1m_packed", m, from_ms, to_ms, "reading energy")?;
        let legacy = self.energy_slots("energy_1m", m, q, from_ms, to_ms)?;
        let mut out: Vec<(i64, EAgg)> = Vec::with_capacity(packed.len() + legacy.len());
        let mut legacy = legacy.into_iter().peekable();
        let mut aggs = Vec::new();
        for (slot, blob) in packed {
            decode_energy(slot, &blob, &mut aggs).ok_or_else(|| StoreError::Corrupt {
                path: self.path.clone(),
                detail: format!("energy_1m_packed row of meter id {m} at {slot} ms is malformed"),
            })?;
            while let Some(l) = legacy.next_if(|l| l.0 < slot) {
                out.push(l);
            }
            let Ok(i) = aggs.binary_search_by_key(&q, |e| e.0) else {
                continue;
            };
            let mut a = EAgg::from(aggs[i].1);
            if let Some((_, old)) = legacy.next_if(|l| l.0 == slot) {
                let mut old = old;
                old.add(a);
                a = old;
            }
            out.push((slot, a));
        }
        out.extend(legacy);
        Ok(out)
    }

    /// The `(slot_ms, vals)` rows of meter `m` in a table packed per meter-minute (`value_1m`,
    /// `energy_1m_packed`) with a slot in `[from_ms, to_ms)`, by slot.
    fn packed_rows(
        &self,
        table: &str,
        m: i64,
        from_ms: i64,
        to_ms: i64,
        what: &str,
    ) -> Result<Vec<(i64, Vec<u8>)>, StoreError> {
        self.conn
            .prepare_cached(&format!(
                "SELECT slot_ms, vals FROM {table}
                 WHERE meter_id = ?1 AND slot_ms >= ?2 AND slot_ms < ?3 ORDER BY slot_ms"
            ))
            .and_then(|mut st| {
                st.query_map(params![m, from_ms, to_ms], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect()
            })
            .map_err(self.err(what))
    }

    /// The stored rows of `table` (`energy_1m` or `energy_15m`) with a slot in the range.
    fn energy_slots(
        &self,
        table: &str,
        m: i64,
        q: i64,
        from_ms: i64,
        to_ms: i64,
    ) -> Result<Vec<(i64, EAgg)>, StoreError> {
        let mut st = self
            .conn
            .prepare_cached(&format!(
                "SELECT slot_ms, wh, covered_ms, first_ms, counter_first, last_ms, counter_last
                 FROM {table}
                 WHERE meter_id = ?1 AND quantity_id = ?2 AND slot_ms >= ?3 AND slot_ms < ?4
                 ORDER BY slot_ms"
            ))
            .map_err(self.err("reading energy"))?;
        st.query_map(params![m, q, from_ms, to_ms], |r| {
            Ok((
                r.get(0)?,
                EAgg {
                    wh: r.get(1)?,
                    covered: r.get(2)?,
                    first_ms: r.get(3)?,
                    counter_first: r.get(4)?,
                    last_ms: r.get(5)?,
                    counter_last: r.get(6)?,
                },
            ))
        })
        .and_then(|it| it.collect())
        .map_err(self.err("reading energy"))
    }

    /// Energy of one quantity of one meter for every interval of `res` from the one holding
    /// `from_ms` up to `to_ms`, including intervals without data (`Missing`). At `Raw` the
    /// stored deltas starting in `[from_ms, to_ms)` are returned as they are.
    pub fn energy(
        &self,
        meter: &str,
        quantity: &str,
        from_ms: i64,
        to_ms: i64,
        res: Resolution,
    ) -> Result<Vec<EnergyInterval>, StoreError> {
        let m = self.meter_id(meter)?;
        let (q, _, energy) = self.quantity(quantity)?;
        if !energy {
            return Err(StoreError::Invalid(format!(
                "'{quantity}' is not an energy quantity"
            )));
        }
        let to_interval = |start: i64, end: i64, a: Option<EAgg>| EnergyInterval {
            start_ms: start,
            end_ms: end,
            wh: a.map(|a| a.wh),
            counter_first: a.map(|a| a.counter_first),
            counter_last: a.map(|a| a.counter_last),
            covered_ms: a.map_or(0, |a| a.covered),
            quality: quality_of(a.map_or(0, |a| a.covered), end - start),
        };
        let start = bucket_start(from_ms, res, &self.tz);
        let found = self.energy_buckets(m, q, start, to_ms, res)?;
        if res == Resolution::Raw {
            return Ok(found
                .into_iter()
                .map(|(s, e, a)| to_interval(s, e, Some(a)))
                .collect());
        }
        let mut found = found.into_iter().peekable();
        let mut out = Vec::new();
        let mut b = start;
        while b < to_ms {
            let end = next_bucket(b, res, &self.tz);
            let a = match found.peek() {
                Some(&(s, _, a)) if s == b => {
                    found.next();
                    Some(a)
                }
                _ => None,
            };
            out.push(to_interval(b, end, a));
            b = end;
        }
        Ok(out)
    }

    /// The oldest and newest time with data (raw rows or 15-minute slots), UTC ms.
    pub fn time_range(&self) -> Result<Option<(i64, i64)>, StoreError> {
        self.conn
            .query_row(
                "SELECT min(t), max(t) FROM (
                    SELECT min(time_ms) AS t FROM raw UNION ALL SELECT max(time_ms) FROM raw
                    UNION ALL SELECT min(slot_ms) FROM value_15m UNION ALL SELECT max(slot_ms) + 899999 FROM value_15m
                    UNION ALL SELECT min(slot_ms) FROM energy_15m UNION ALL SELECT max(slot_ms) + 899999 FROM energy_15m)",
                [],
                |r| Ok((r.get::<_, Option<i64>>(0)?, r.get::<_, Option<i64>>(1)?)),
            )
            .map(|(a, b)| a.zip(b))
            .map_err(self.err("reading the time range"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(s: &str) -> i64 {
        s.parse::<Timestamp>().unwrap().as_millisecond()
    }

    #[test]
    fn india_hours_start_at_half_past_utc() {
        let tz = TimeZone::get("Asia/Kolkata").unwrap();
        let t = ms("2026-03-01T10:10:00Z"); // 15:40 IST
        assert_eq!(
            bucket_start(t, Resolution::Hour, &tz),
            ms("2026-03-01T09:30:00Z")
        );
        assert_eq!(
            next_bucket(ms("2026-03-01T09:30:00Z"), Resolution::Hour, &tz),
            ms("2026-03-01T10:30:00Z")
        );
        assert_eq!(
            bucket_start(t, Resolution::Day, &tz),
            ms("2026-02-28T18:30:00Z")
        );
        assert_eq!(
            bucket_start(t, Resolution::Month, &tz),
            ms("2026-02-28T18:30:00Z")
        );
        assert_eq!(
            next_bucket(ms("2026-02-28T18:30:00Z"), Resolution::Month, &tz),
            ms("2026-03-31T18:30:00Z")
        );
    }

    #[test]
    fn dst_days_are_23_and_25_hours_long() {
        let tz = TimeZone::get("Europe/Berlin").unwrap();
        let d = ms("2026-03-28T23:00:00Z"); // 29 March 00:00 CET
        assert_eq!(next_bucket(d, Resolution::Day, &tz) - d, 23 * 3_600_000);
        let d = ms("2026-10-24T22:00:00Z"); // 25 October 00:00 CEST
        assert_eq!(next_bucket(d, Resolution::Day, &tz) - d, 25 * 3_600_000);
    }
}
