//! Applying one batch in one transaction: meters, packed raw rows, raw energy deltas and the
//! 1-minute and 15-minute rollups they feed; and retention pruning.
//!
//! Rollups change only for values and deltas that are new to the database, in the same
//! transaction as the raw rows, so a crash leaves both or neither, and a value or delta sent
//! twice (a replay after a restart) is stored and counted once. This module must not decide
//! what a valid reading is beyond what the schema needs (finite numbers, non-empty intervals).

use std::collections::hash_map::Entry;
use std::path::Path;
use std::sync::Arc;

use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::{
    decode_energy, decode_stats, decode_values, encode_energy, encode_stats, encode_values,
    quantity_traits, slot_start, EnergyAgg, EnergyDelta, MeterInfo, Reading, Retention, Stats,
    StoreError, MINUTE_MS, SLOT15_MS,
};

/// The longest energy delta split into 1-minute slots (`energy_1m_packed`): 5 minutes.
pub(crate) const MAX_MINUTE_SPLIT_MS: i64 = 5 * MINUTE_MS;

/// Name → id caches of the writer connection. Cleared when a transaction rolls back, since
/// ids handed out inside it are gone.
#[derive(Default)]
pub(crate) struct Ids {
    meters: FxMap<Arc<str>, i64>,
    quantities: FxMap<String, (i64, bool)>,
    /// The same for `&'static str` names (the library's `Quantity::name`), by address and
    /// length: a static string never moves or changes, so no hashing of the text is needed.
    static_quantities: FxMap<(usize, usize), (i64, bool)>,
    /// End of the latest stored delta per (meter, quantity): a delta starting at or after it
    /// cannot overlap anything stored.
    last_to: FxMap<(i64, i64), i64>,
    /// Where the legacy `energy_1m` rows are, found out when first needed.
    legacy: LegacyRows,
}

/// What the writer connection knows of the legacy `energy_1m` rows (one per meter, quantity and
/// minute), which versions before schema 4 wrote and which are read together with the packed
/// rows until retention removes them. None are ever added, so what was found stays true except
/// that rows may have gone (folded or pruned), which costs a lookup that finds nothing.
#[derive(Default)]
enum LegacyRows {
    /// Not looked at yet.
    #[default]
    Unknown,
    /// `energy_1m` is empty: nothing to fold, ever.
    Empty,
    /// `energy_1m` has rows.
    Present {
        /// Every quantity id (a delta of any quantity made 1-minute rows).
        quantities: Vec<i64>,
        /// Per meter, `(quantity id, first slot, last slot)` of each quantity with legacy rows.
        ranges: FxMap<i64, Vec<(i64, i64, i64)>>,
    },
}

impl Ids {
    pub(crate) fn clear(&mut self) {
        *self = Ids::default();
    }
}

/// What a batch contributed.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Applied {
    pub values: u64,
    pub deltas: u64,
    pub duplicates: u64,
    pub rejected: u64,
}

/// Rows waiting for the next commit.
#[derive(Default)]
pub(crate) struct Batch {
    pub readings: Vec<Reading>,
    pub deltas: Vec<EnergyDelta>,
    pub meters: Vec<MeterInfo>,
}

impl Batch {
    pub(crate) fn rows(&self) -> usize {
        self.readings.len() + self.deltas.len() + self.meters.len()
    }
    pub(crate) fn is_empty(&self) -> bool {
        self.rows() == 0
    }
}

type Key = (i64, i64, i64);

pub(crate) use crate::fasthash::FxMap;

/// A map's entries in key order, so upserts walk the B-trees front to back.
fn sorted<V>(map: &FxMap<Key, V>) -> Vec<(&Key, &V)> {
    let mut v: Vec<_> = map.iter().collect();
    v.sort_unstable_by_key(|e| *e.0);
    v
}

fn meter_id(tx: &Connection, ids: &mut Ids, name: &Arc<str>) -> rusqlite::Result<i64> {
    if let Some(&id) = ids.meters.get(name) {
        return Ok(id);
    }
    tx.prepare_cached("INSERT INTO meter (name) VALUES (?1) ON CONFLICT (name) DO NOTHING")?
        .execute([&**name])?;
    let id = tx
        .prepare_cached("SELECT id FROM meter WHERE name = ?1")?
        .query_row([&**name], |r| r.get(0))?;
    ids.meters.insert(name.clone(), id);
    Ok(id)
}

// Needs the `Cow` itself: only its `Borrowed` (static) case may be cached by address.
#[allow(clippy::ptr_arg)]
fn quantity_id(
    tx: &Connection,
    ids: &mut Ids,
    name: &std::borrow::Cow<'static, str>,
) -> rusqlite::Result<(i64, bool)> {
    if let std::borrow::Cow::Borrowed(s) = name {
        let key = (s.as_ptr() as usize, s.len());
        if let Some(&q) = ids.static_quantities.get(&key) {
            return Ok(q);
        }
        let q = quantity_id_by_name(tx, ids, s)?;
        ids.static_quantities.insert(key, q);
        return Ok(q);
    }
    quantity_id_by_name(tx, ids, name)
}

fn quantity_id_by_name(
    tx: &Connection,
    ids: &mut Ids,
    name: &str,
) -> rusqlite::Result<(i64, bool)> {
    if let Some(&q) = ids.quantities.get(name) {
        return Ok(q);
    }
    let (unit, energy) = quantity_traits(name);
    tx.prepare_cached(
        "INSERT INTO quantity (name, unit, energy) VALUES (?1, ?2, ?3) ON CONFLICT (name) DO NOTHING",
    )?
    .execute(params![name, unit, energy])?;
    let q: (i64, bool) = tx
        .prepare_cached("SELECT id, energy FROM quantity WHERE name = ?1")?
        .query_row([name], |r| Ok((r.get(0)?, r.get(1)?)))?;
    ids.quantities.insert(name.to_string(), q);
    Ok(q)
}

fn upsert_meter(tx: &Connection, ids: &mut Ids, m: &MeterInfo) -> rusqlite::Result<()> {
    let tags = serde_json::Value::Object(m.tags.clone()).to_string();
    tx.prepare_cached(
        "INSERT INTO meter (name, unit, bus, model, parent, tags) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (name) DO UPDATE SET unit = excluded.unit, bus = excluded.bus,
             model = excluded.model, parent = excluded.parent, tags = excluded.tags",
    )?
    .execute(params![m.name, m.unit, m.bus, m.model, m.parent, tags])?;
    ids.meters.remove(m.name.as_str());
    Ok(())
}

/// Writes the batch in one transaction. On error nothing of the batch is stored (the
/// transaction rolls back) and the caller clears `ids`.
pub(crate) fn apply(
    conn: &mut Connection,
    path: &Path,
    batch: &Batch,
    ids: &mut Ids,
    last_rejection: &mut Option<String>,
) -> Result<Applied, StoreError> {
    let tx = conn
        .transaction()
        .map_err(|e| StoreError::sqlite(path, "starting a batch", e))?;
    let applied = apply_in(&tx, batch, ids, last_rejection)
        .map_err(|e| StoreError::sqlite(path, "writing a batch", e))?;
    tx.commit()
        .map_err(|e| StoreError::sqlite(path, "committing a batch", e))?;
    Ok(applied)
}

fn apply_in(
    tx: &Transaction<'_>,
    batch: &Batch,
    ids: &mut Ids,
    last_rejection: &mut Option<String>,
) -> rusqlite::Result<Applied> {
    let mut applied = Applied::default();
    for m in &batch.meters {
        upsert_meter(tx, ids, m)?;
    }

    let mut v1: FxMap<Key, Stats> = FxMap::default();
    let mut v15: FxMap<Key, Stats> = FxMap::default();

    let mut insert = tx.prepare_cached(
        "INSERT INTO raw (meter_id, time_ms, vals) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
    )?;
    // (quantity, value, energy?) of one (meter, time).
    let mut run: Vec<(i64, f64, bool)> = Vec::new();
    let mut fresh: Vec<(i64, f64)> = Vec::new();
    let mut stored: Vec<(i64, f64)> = Vec::new();
    let mut blob = Vec::new();
    // Keys of the raw rows this batch inserted or extended, for the sinks' outbox.
    let mut changed: Vec<u8> = Vec::new();
    let readings = &batch.readings;
    let mut last_meter: Option<(&Arc<str>, i64)> = None;
    let mut i = 0;
    while i < readings.len() {
        // A run of consecutive readings of one meter at one time: normally one meter read,
        // which becomes one packed row. A later run for the same (meter, time) meets the row
        // this one inserts and is merged into it like a row from an earlier batch.
        let (meter, t) = (&readings[i].meter, readings[i].time_ms);
        let m = match last_meter {
            Some((a, id)) if Arc::ptr_eq(a, meter) || a == meter => id,
            _ => meter_id(tx, ids, meter)?,
        };
        last_meter = Some((meter, m));
        run.clear();
        while i < readings.len()
            && readings[i].time_ms == t
            && (Arc::ptr_eq(&readings[i].meter, meter) || readings[i].meter == *meter)
        {
            let r = &readings[i];
            i += 1;
            if !r.value.is_finite() {
                applied.rejected += 1;
                *last_rejection = Some(format!(
                    "meter '{}' {} at {} ms: value {} is not finite",
                    r.meter, r.quantity, r.time_ms, r.value
                ));
                continue;
            }
            let (q, energy) = quantity_id(tx, ids, &r.quantity)?;
            run.push((q, r.value, energy));
        }
        // Stable: of two values of one quantity the first wins.
        run.sort_by_key(|e| e.0);
        let before = run.len();
        run.dedup_by_key(|e| e.0);
        applied.duplicates += (before - run.len()) as u64;
        if run.is_empty() {
            continue;
        }
        fresh.clear();
        fresh.extend(run.iter().map(|&(q, v, _)| (q, v)));
        encode_values(&fresh, &mut blob);
        if insert.execute(params![m, t, blob])? == 0 {
            // A row for this (meter, time) exists (an earlier batch or run, or a replay): add
            // only the quantities it lacks; values it has are duplicates and change nothing.
            let old: Vec<u8> = tx
                .prepare_cached("SELECT vals FROM raw WHERE meter_id = ?1 AND time_ms = ?2")?
                .query_row(params![m, t], |r| r.get(0))?;
            if decode_values(&old, &mut stored).is_none() {
                // Treated as damage: the batch is not applied and the error names the row.
                return Err(rusqlite::Error::InvalidColumnType(
                    0,
                    format!("vals of the raw row of meter id {m} at {t} ms (malformed blob)"),
                    rusqlite::types::Type::Blob,
                ));
            }
            let before = run.len();
            run.retain(|(q, _, _)| stored.binary_search_by_key(q, |&(sq, _)| sq).is_err());
            applied.duplicates += (before - run.len()) as u64;
            if run.is_empty() {
                continue;
            }
            stored.extend(run.iter().map(|&(q, v, _)| (q, v)));
            stored.sort_by_key(|&(q, _)| q);
            encode_values(&stored, &mut blob);
            tx.prepare_cached("UPDATE raw SET vals = ?3 WHERE meter_id = ?1 AND time_ms = ?2")?
                .execute(params![m, t, blob])?;
        }
        super::encode_change_key(m, t, &mut changed);
        for &(q, v, energy) in &run {
            applied.values += 1;
            // Energy counters are stored raw only; their rollups are the energy deltas.
            if energy {
                continue;
            }
            for (map, len) in [(&mut v1, MINUTE_MS), (&mut v15, SLOT15_MS)] {
                match map.entry((m, q, slot_start(t, len))) {
                    Entry::Vacant(e) => {
                        e.insert(Stats::one(v));
                    }
                    Entry::Occupied(mut e) => e.get_mut().merge(Stats::one(v)),
                }
            }
        }
    }
    drop(insert);
    if !changed.is_empty() {
        tx.prepare_cached("INSERT INTO change_log (committed_ms, keys) VALUES (?1, ?2)")?
            .execute(params![super::now_ms(), changed])?;
    }

    let mut e1: FxMap<Key, EnergyAgg> = FxMap::default();
    let mut e15: FxMap<Key, EnergyAgg> = FxMap::default();
    let mut insert_delta = tx.prepare_cached(
        "INSERT INTO energy_raw (meter_id, quantity_id, from_ms, to_ms, wh, counter_first, counter_last)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    let mut last_delta_meter: Option<(&Arc<str>, i64)> = None;
    for d in &batch.deltas {
        if let Some(why) = invalid_delta(d) {
            applied.rejected += 1;
            *last_rejection = Some(format!(
                "meter '{}' {} [{}, {}) ms: {why}",
                d.meter, d.quantity, d.from_ms, d.to_ms
            ));
            continue;
        }
        let m = match last_delta_meter {
            Some((a, id)) if Arc::ptr_eq(a, &d.meter) => id,
            _ => meter_id(tx, ids, &d.meter)?,
        };
        last_delta_meter = Some((&d.meter, m));
        let (q, _) = quantity_id(tx, ids, &d.quantity)?;
        match delta_fits(tx, ids, m, q, d)? {
            Fit::New => {}
            Fit::Duplicate => {
                applied.duplicates += 1;
                continue;
            }
            Fit::Overlaps(from, to) => {
                applied.rejected += 1;
                *last_rejection = Some(format!(
                    "meter '{}' {} [{}, {}) ms overlaps the stored delta [{from}, {to}) ms",
                    d.meter, d.quantity, d.from_ms, d.to_ms
                ));
                continue;
            }
        }
        insert_delta.execute(params![
            m,
            q,
            d.from_ms,
            d.to_ms,
            d.wh,
            d.counter_first,
            d.counter_last
        ])?;
        let last = ids.last_to.entry((m, q)).or_insert(d.to_ms);
        *last = (*last).max(d.to_ms);
        applied.deltas += 1;
        // 1-minute slots only from deltas that resolve minutes: spreading a longer one (a
        // 15-minute history sample, a gap) over its minutes would invent detail the counters
        // never showed. Its energy is in the 15-minute slots (and `energy_raw`).
        if d.to_ms - d.from_ms <= MAX_MINUTE_SPLIT_MS {
            split_delta(d, MINUTE_MS, |slot, part| {
                add_part(&mut e1, (m, q, slot), part)
            });
        }
        split_delta(d, SLOT15_MS, |slot, part| {
            add_part(&mut e15, (m, q, slot), part)
        });
    }

    upsert_minute_values(tx, &v1)?;
    let mut st = tx.prepare_cached(
        "INSERT INTO value_15m (meter_id, quantity_id, slot_ms, n, sum_v, min_v, max_v)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT DO UPDATE SET n = n + excluded.n, sum_v = sum_v + excluded.sum_v,
             min_v = min(min_v, excluded.min_v), max_v = max(max_v, excluded.max_v)",
    )?;
    for (&(m, q, s), a) in sorted(&v15) {
        st.execute(params![m, q, s, a.n, a.sum, a.min, a.max])?;
    }
    drop(st);
    upsert_minute_energy(tx, &mut ids.legacy, &e1)?;
    {
        let mut st = tx.prepare_cached(
            "INSERT INTO energy_15m (meter_id, quantity_id, slot_ms, wh, covered_ms, first_ms,
                 counter_first, last_ms, counter_last)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
             ON CONFLICT DO UPDATE SET wh = wh + excluded.wh,
                 covered_ms = covered_ms + excluded.covered_ms,
                 counter_first = CASE WHEN excluded.first_ms < first_ms
                     THEN excluded.counter_first ELSE counter_first END,
                 first_ms = min(first_ms, excluded.first_ms),
                 counter_last = CASE WHEN excluded.last_ms > last_ms
                     THEN excluded.counter_last ELSE counter_last END,
                 last_ms = max(last_ms, excluded.last_ms)",
        )?;
        for (&(m, q, s), a) in sorted(&e15) {
            st.execute(params![
                m,
                q,
                s,
                a.wh,
                a.covered_ms,
                a.first_ms,
                a.counter_first,
                a.last_ms,
                a.counter_last
            ])?;
        }
    }
    Ok(applied)
}

/// Per-quantity entries kept packed per (meter, minute), one blob a row: `value_1m`'s statistics
/// and `energy_1m_packed`'s energy.
trait Packed: Copy {
    /// The table of the packed rows.
    const TABLE: &'static str;
    /// Adds `o` to this entry, as a later upsert of the same quantity and minute would.
    fn merge(&mut self, o: Self);
    /// Unpacks the blob of the row at `slot` into `out` (sorted by quantity id); `None` when
    /// the blob is malformed.
    fn decode(slot: i64, blob: &[u8], out: &mut Vec<(i64, Self)>) -> Option<()>;
    /// Packs `entries` (sorted by quantity id) for the row at `slot` into `out`.
    fn encode(slot: i64, entries: &[(i64, Self)], out: &mut Vec<u8>);
}

impl Packed for Stats {
    const TABLE: &'static str = "value_1m";
    fn merge(&mut self, o: Self) {
        Stats::merge(self, o)
    }
    fn decode(_: i64, blob: &[u8], out: &mut Vec<(i64, Self)>) -> Option<()> {
        decode_stats(blob, out)
    }
    fn encode(_: i64, entries: &[(i64, Self)], out: &mut Vec<u8>) {
        encode_stats(entries, out)
    }
}

impl Packed for EnergyAgg {
    const TABLE: &'static str = "energy_1m_packed";
    fn merge(&mut self, o: Self) {
        EnergyAgg::merge(self, o)
    }
    fn decode(slot: i64, blob: &[u8], out: &mut Vec<(i64, Self)>) -> Option<()> {
        decode_energy(slot, blob, out)
    }
    fn encode(slot: i64, entries: &[(i64, Self)], out: &mut Vec<u8>) {
        encode_energy(slot, entries, out)
    }
}

/// Adds `(q, e)` to the entries of a row, kept sorted by quantity id.
fn merge_entry<T: Packed>(entries: &mut Vec<(i64, T)>, q: i64, e: T) {
    match entries.binary_search_by_key(&q, |x| x.0) {
        Ok(j) => entries[j].1.merge(e),
        Err(j) => entries.insert(j, (q, e)),
    }
}

/// Merges the batch's `(meter, quantity, minute)` entries into the packed rows of `T::TABLE`:
/// one read and one write per (meter, minute) instead of one upsert per quantity. `fold` adds
/// to a row's stored entries, before the batch's, what else belongs to that meter-minute (the
/// legacy `energy_1m` rows).
fn upsert_packed<T: Packed>(
    tx: &Connection,
    batch: &FxMap<Key, T>,
    mut fold: impl FnMut(i64, i64, &mut Vec<(i64, T)>) -> rusqlite::Result<()>,
) -> rusqlite::Result<()> {
    let table = T::TABLE;
    let mut by_row: Vec<((i64, i64, i64), T)> = batch
        .iter()
        .map(|(&(m, q, s), &e)| ((m, s, q), e))
        .collect();
    by_row.sort_unstable_by_key(|e| e.0);
    let mut get = tx.prepare_cached(&format!(
        "SELECT vals FROM {table} WHERE meter_id = ?1 AND slot_ms = ?2"
    ))?;
    let mut put = tx.prepare_cached(&format!(
        "INSERT INTO {table} (meter_id, slot_ms, vals) VALUES (?1, ?2, ?3)
         ON CONFLICT DO UPDATE SET vals = excluded.vals"
    ))?;
    let mut stored: Vec<(i64, T)> = Vec::new();
    let mut blob = Vec::new();
    let mut i = 0;
    while i < by_row.len() {
        let (m, s, _) = by_row[i].0;
        let old: Option<Vec<u8>> = get.query_row(params![m, s], |r| r.get(0)).optional()?;
        match old {
            Some(old) => {
                if T::decode(s, &old, &mut stored).is_none() {
                    return Err(rusqlite::Error::InvalidColumnType(
                        0,
                        format!(
                            "vals of the {table} row of meter id {m} at {s} ms (malformed blob)"
                        ),
                        rusqlite::types::Type::Blob,
                    ));
                }
            }
            None => stored.clear(),
        }
        fold(m, s, &mut stored)?;
        while i < by_row.len() && by_row[i].0 .0 == m && by_row[i].0 .1 == s {
            let ((_, _, q), e) = by_row[i];
            merge_entry(&mut stored, q, e);
            i += 1;
        }
        T::encode(s, &stored, &mut blob);
        put.execute(params![m, s, blob])?;
    }
    Ok(())
}

/// Merges the batch's 1-minute statistics into the packed `value_1m` rows.
fn upsert_minute_values(tx: &Connection, v1: &FxMap<Key, Stats>) -> rusqlite::Result<()> {
    upsert_packed(tx, v1, |_, _, _| Ok(()))
}

/// Merges the batch's 1-minute energy into the packed `energy_1m_packed` rows, exactly as the
/// SQL upsert of `energy_15m` merges slots (energy and coverage add, the earlier start and the
/// later end win, on a tie the stored one): one read and one write per (meter, minute). A
/// minute that still has legacy `energy_1m` rows gets them folded in (and deleted) first, so
/// no (meter, quantity, minute) is ever in both tables.
fn upsert_minute_energy(
    tx: &Connection,
    legacy: &mut LegacyRows,
    e1: &FxMap<Key, EnergyAgg>,
) -> rusqlite::Result<()> {
    upsert_packed(tx, e1, |m, s, stored| {
        for &(q, first, last) in legacy_ranges(tx, legacy, m)? {
            if (first..=last).contains(&s) {
                if let Some(a) = take_legacy_minute(tx, m, q, s)? {
                    merge_entry(stored, q, a);
                }
            }
        }
        Ok(())
    })
}

/// `(quantity id, first slot, last slot)` of the legacy `energy_1m` rows of meter `m`, per
/// quantity that has any; looked up once per connection (two index seeks per quantity), and
/// not at all once `energy_1m` was found empty.
fn legacy_ranges<'a>(
    tx: &Connection,
    legacy: &'a mut LegacyRows,
    m: i64,
) -> rusqlite::Result<&'a [(i64, i64, i64)]> {
    if let LegacyRows::Unknown = legacy {
        let any: bool =
            tx.query_row("SELECT EXISTS (SELECT 1 FROM energy_1m)", [], |r| r.get(0))?;
        *legacy = if any {
            let quantities = tx
                .prepare("SELECT id FROM quantity ORDER BY id")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<Vec<i64>>>()?;
            LegacyRows::Present {
                quantities,
                ranges: FxMap::default(),
            }
        } else {
            LegacyRows::Empty
        };
    }
    let LegacyRows::Present { quantities, ranges } = legacy else {
        return Ok(&[]);
    };
    let found = match ranges.entry(m) {
        Entry::Occupied(e) => e.into_mut(),
        Entry::Vacant(e) => {
            let mut found = Vec::new();
            for &q in quantities.iter() {
                let end = |order: &str| -> rusqlite::Result<Option<i64>> {
                    tx.prepare_cached(&format!(
                        "SELECT slot_ms FROM energy_1m WHERE meter_id = ?1 AND quantity_id = ?2
                         ORDER BY slot_ms {order} LIMIT 1"
                    ))?
                    .query_row(params![m, q], |r| r.get(0))
                    .optional()
                };
                if let (Some(first), Some(last)) = (end("ASC")?, end("DESC")?) {
                    found.push((q, first, last));
                }
            }
            e.insert(found)
        }
    };
    Ok(found)
}

/// Deletes the legacy `energy_1m` row of (meter, quantity, minute) and returns it, if any.
fn take_legacy_minute(
    tx: &Connection,
    m: i64,
    q: i64,
    s: i64,
) -> rusqlite::Result<Option<EnergyAgg>> {
    tx.prepare_cached(
        "DELETE FROM energy_1m WHERE meter_id = ?1 AND quantity_id = ?2 AND slot_ms = ?3
         RETURNING wh, covered_ms, first_ms, counter_first, last_ms, counter_last",
    )?
    .query_row(params![m, q, s], |r| {
        Ok(EnergyAgg {
            wh: r.get(0)?,
            covered_ms: r.get(1)?,
            first_ms: r.get(2)?,
            counter_first: r.get(3)?,
            last_ms: r.get(4)?,
            counter_last: r.get(5)?,
        })
    })
    .optional()
}

fn invalid_delta(d: &EnergyDelta) -> Option<&'static str> {
    if d.to_ms <= d.from_ms {
        Some("the interval is empty (to_ms <= from_ms)")
    } else if !(d.wh.is_finite() && d.counter_first.is_finite() && d.counter_last.is_finite()) {
        Some("energy or counter is not finite")
    } else {
        None
    }
}

enum Fit {
    New,
    Duplicate,
    Overlaps(i64, i64),
}

/// Whether a delta is new, an exact replay of a stored one, or overlaps a stored one (which
/// would count energy twice).
fn delta_fits(
    tx: &Connection,
    ids: &mut Ids,
    m: i64,
    q: i64,
    d: &EnergyDelta,
) -> rusqlite::Result<Fit> {
    let last_to = match ids.last_to.get(&(m, q)) {
        Some(&t) => t,
        None => {
            let t: Option<i64> = tx
                .prepare_cached(
                    "SELECT to_ms FROM energy_raw WHERE meter_id = ?1 AND quantity_id = ?2
                     ORDER BY from_ms DESC LIMIT 1",
                )?
                .query_row(params![m, q], |r| r.get(0))
                .optional()?;
            let t = t.unwrap_or(i64::MIN);
            ids.last_to.insert((m, q), t);
            t
        }
    };
    if d.from_ms >= last_to {
        return Ok(Fit::New);
    }
    // The stored delta starting last before our end; stored deltas do not overlap each other,
    // so it is the only one that can overlap ours from the left.
    let before: Option<(i64, i64)> = tx
        .prepare_cached(
            "SELECT from_ms, to_ms FROM energy_raw WHERE meter_id = ?1 AND quantity_id = ?2
             AND from_ms < ?3 ORDER BY from_ms DESC LIMIT 1",
        )?
        .query_row(params![m, q, d.to_ms], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    match before {
        Some((f, t)) if f == d.from_ms && t == d.to_ms => Ok(Fit::Duplicate),
        Some((f, t)) if t > d.from_ms => Ok(Fit::Overlaps(f, t)),
        _ => Ok(Fit::New),
    }
}

/// Splits a delta over the slots of length `len` it overlaps: each slot gets the share of the
/// energy proportional to the overlap's duration, and the counter values at the overlap's ends,
/// interpolated linearly inside the delta.
fn split_delta(d: &EnergyDelta, len: i64, mut f: impl FnMut(i64, EnergyAgg)) {
    let span = (d.to_ms - d.from_ms) as f64;
    let counter_at = |t: i64| {
        if t == d.from_ms {
            d.counter_first
        } else if t == d.to_ms {
            d.counter_last
        } else {
            d.counter_first + (d.counter_last - d.counter_first) * ((t - d.from_ms) as f64 / span)
        }
    };
    let mut slot = slot_start(d.from_ms, len);
    while slot < d.to_ms {
        let a = d.from_ms.max(slot);
        let b = d.to_ms.min(slot + len);
        let wh = if a == d.from_ms && b == d.to_ms {
            d.wh
        } else {
            d.wh * ((b - a) as f64 / span)
        };
        f(
            slot,
            EnergyAgg {
                wh,
                covered_ms: b - a,
                first_ms: a,
                counter_first: counter_at(a),
                last_ms: b,
                counter_last: counter_at(b),
            },
        );
        slot += len;
    }
}

/// Adds a delta's share of a slot to the batch's aggregate of that slot.
fn add_part(map: &mut FxMap<Key, EnergyAgg>, key: Key, part: EnergyAgg) {
    match map.entry(key) {
        Entry::Vacant(v) => {
            v.insert(part);
        }
        Entry::Occupied(mut o) => o.get_mut().merge(part),
    }
}

/// What a prune removed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PruneReport {
    /// Raw reading rows (one per meter and time) removed.
    pub raw_rows: u64,
    /// Raw energy deltas removed.
    pub energy_rows: u64,
    /// 1-minute rollup rows removed: packed `value_1m` and `energy_1m_packed` rows (one per
    /// meter and minute each) plus legacy `energy_1m` rows (one per meter, quantity and minute,
    /// as written before schema 4).
    pub minute_rows: u64,
    /// Outbox (`change_log`) rows removed: kept as long as raw rows.
    pub change_rows: u64,
}

/// Deletes raw rows older than `now - retention.raw` and 1-minute rollups older than
/// `now - retention.minute`, in one transaction. 15-minute slots are never pruned. Deletes go
/// by primary-key prefix (meter, or meter and quantity) so each is a range delete, not a table
/// scan; the legacy `energy_1m` rows are only looked at while there are any.
pub(crate) fn prune(
    conn: &mut Connection,
    path: &Path,
    now_ms: i64,
    retention: &Retention,
) -> Result<PruneReport, StoreError> {
    let ctx = |e| StoreError::sqlite(path, "pruning old rows", e);
    let raw_cut = now_ms.saturating_sub(retention.raw.as_millis().min(i64::MAX as u128) as i64);
    let min_cut = now_ms.saturating_sub(retention.minute.as_millis().min(i64::MAX as u128) as i64);
    let tx = conn.transaction().map_err(ctx)?;
    let mut report = PruneReport::default();
    {
        let meters: Vec<i64> = tx
            .prepare("SELECT id FROM meter")
            .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
            .map_err(ctx)?;
        let quantities: Vec<(i64, bool)> = tx
            .prepare("SELECT id, energy FROM quantity")
            .and_then(|mut s| s.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect())
            .map_err(ctx)?;
        let del = |sql: &str, p: &[&dyn rusqlite::ToSql]| -> Result<u64, StoreError> {
            Ok(tx
                .prepare_cached(sql)
                .and_then(|mut s| s.execute(p))
                .map_err(ctx)? as u64)
        };
        let legacy: bool = tx
            .query_row("SELECT EXISTS (SELECT 1 FROM energy_1m)", [], |r| r.get(0))
            .map_err(ctx)?;
        for &m in &meters {
            report.raw_rows += del(
                "DELETE FROM raw WHERE meter_id = ?1 AND time_ms < ?2",
                &[&m, &raw_cut],
            )?;
            report.minute_rows += del(
                "DELETE FROM value_1m WHERE meter_id = ?1 AND slot_ms < ?2",
                &[&m, &min_cut],
            )?;
            report.minute_rows += del(
                "DELETE FROM energy_1m_packed WHERE meter_id = ?1 AND slot_ms < ?2",
                &[&m, &min_cut],
            )?;
            for &(q, energy) in &quantities {
                if energy {
                    report.energy_rows += del(
                        "DELETE FROM energy_raw WHERE meter_id = ?1 AND quantity_id = ?2 AND from_ms < ?3",
                        &[&m, &q, &raw_cut],
                    )?;
                }
                // Legacy rows of any quantity: a delta of any quantity made 1-minute rows.
                if legacy {
                    report.minute_rows += del(
                        "DELETE FROM energy_1m WHERE meter_id = ?1 AND quantity_id = ?2 AND slot_ms < ?3",
                        &[&m, &q, &min_cut],
                    )?;
                }
            }
        }
    }
    report.change_rows = tx
        .prepare_cached("DELETE FROM change_log WHERE committed_ms < ?1")
        .and_then(|mut s| s.execute([raw_cut]))
        .map_err(ctx)? as u64;
    tx.commit().map_err(ctx)?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn delta(from_ms: i64, to_ms: i64, wh: f64, c0: f64) -> EnergyDelta {
        EnergyDelta {
            meter: "m".into(),
            quantity: "active_energy_delivered".into(),
            from_ms,
            to_ms,
            wh,
            counter_first: c0,
            counter_last: c0 + wh,
        }
    }

    #[test]
    fn delta_across_three_minutes_is_split_by_time() {
        // [00:50, 02:20): 10 s in minute 0, 60 s in minute 1, 20 s in minute 2; 90 Wh.
        let d = delta(50_000, 140_000, 90.0, 1000.0);
        let mut parts = Vec::new();
        split_delta(&d, MINUTE_MS, |s, p| {
            parts.push((s, p.wh, p.covered_ms, p.counter_first, p.counter_last))
        });
        assert_eq!(
            parts,
            vec![
                (0, 10.0, 10_000, 1000.0, 1010.0),
                (60_000, 60.0, 60_000, 1010.0, 1070.0),
                (120_000, 20.0, 20_000, 1070.0, 1090.0),
            ]
        );
        let mut parts = Vec::new();
        split_delta(&d, SLOT15_MS, |s, p| parts.push((s, p.wh)));
        assert_eq!(parts, vec![(0, 90.0)]);
    }
}
