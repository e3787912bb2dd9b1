//! The SQLite side of the PostgreSQL sink: what to deliver next (raw rows from the outbox, the
//! 15-minute rollup rows they changed, new alarm transitions, the meter and quantity lists)
//! and the high-water marks. Blocking rusqlite calls only: the task runs these on
//! `spawn_blocking`. It never writes anything but the sink's marks.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use anyhow::{Context, Result};
use rusqlite::{params, Connection};

use crate::store::{schema, ChangedRow, Outbox, SinkMarks};

/// The mark of the raw rows (and, with them, the rollups they changed).
pub(super) const MARK: &str = "postgres";
/// The mark of the alarm transitions (`alarm_event.id`).
pub(super) const ALARM_MARK: &str = "postgres/alarm";

const SLOT15_MS: i64 = 15 * 60_000;

/// One 15-minute statistics row (`value_15m`).
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Value15 {
    pub meter: String,
    pub quantity: String,
    pub slot_ms: i64,
    pub n: i64,
    pub sum: f64,
    pub min: f64,
    pub max: f64,
}

/// One 15-minute energy row (`energy_15m`).
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Energy15 {
    pub meter: String,
    pub quantity: String,
    pub slot_ms: i64,
    pub wh: f64,
    pub covered_ms: i64,
    pub first_ms: i64,
    pub counter_first: f64,
    pub last_ms: i64,
    pub counter_last: f64,
}

/// One alarm transition with its alarm point.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct AlarmEvent {
    pub id: i64,
    pub time_ms: i64,
    pub rule: String,
    pub meter: String,
    pub kind: String,
    pub priority: String,
    pub event: String,
    pub value: Option<f64>,
    pub who: Option<String>,
    pub suppressed: bool,
    pub message: Option<String>,
}

/// One meter as the store knows it.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Meter {
    pub name: String,
    pub unit: Option<i32>,
    pub bus: Option<String>,
    pub model: Option<String>,
    pub parent: Option<String>,
    pub tags: String,
}

/// One quantity: name, unit, energy counter.
pub(super) type QuantityRow = (String, String, bool);

/// What one PostgreSQL transaction writes.
#[derive(Debug, Default)]
pub(super) struct Delivery {
    /// The outbox mark after this delivery (unchanged when only alarms or rollups are sent).
    pub seq: i64,
    /// The alarm mark after this delivery.
    pub alarm_id: i64,
    /// Raw rows (meter reads), each key once.
    pub raw: Vec<ChangedRow>,
    /// Raw values in `raw`.
    pub values: usize,
    pub value15: Vec<Value15>,
    pub energy15: Vec<Energy15>,
    pub alarms: Vec<AlarmEvent>,
    /// The meter list, when it changed or the connection is new.
    pub meters: Option<Vec<Meter>>,
    /// The quantity list, likewise.
    pub quantities: Option<Vec<QuantityRow>>,
}

impl Delivery {
    /// Nothing to write.
    pub fn is_empty(&self) -> bool {
        self.raw.is_empty()
            && self.value15.is_empty()
            && self.energy15.is_empty()
            && self.alarms.is_empty()
            && self.meters.is_none()
            && self.quantities.is_none()
    }

    /// Table rows this delivery writes.
    pub fn items(&self) -> u64 {
        (self.values + self.value15.len() + self.energy15.len() + self.alarms.len()) as u64
    }
}

/// The store as the sink reads it.
pub(super) struct Local {
    outbox: Outbox,
    marks: SinkMarks,
    conn: Connection,
    meter_ids: HashMap<String, i64>,
    quantity_names: HashMap<i64, String>,
    known_quantities: HashSet<String>,
    energy_ids: String,
    value_ids: String,
    /// Meters and quantities PostgreSQL has (since the last connect).
    sent_meters: HashSet<String>,
    sent_quantities: HashSet<String>,
    /// The latest raw time delivered, for the closing sweep of the rollups.
    pub latest_ms: Option<i64>,
}

impl std::fmt::Debug for Local {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Local")
            .field("outbox", &self.outbox)
            .finish()
    }
}

impl Local {
    /// Opens the store of `data_dir` (created by the collector).
    pub fn open(data_dir: &Path) -> Result<Local> {
        let mut l = Local {
            outbox: Outbox::open(data_dir)?,
            marks: SinkMarks::open(data_dir)?,
            conn: schema::open_reader(data_dir)?,
            meter_ids: HashMap::new(),
            quantity_names: HashMap::new(),
            known_quantities: HashSet::new(),
            energy_ids: String::new(),
            value_ids: String::new(),
            sent_meters: HashSet::new(),
            sent_quantities: HashSet::new(),
            latest_ms: None,
        };
        l.reload()?;
        Ok(l)
    }

    fn reload(&mut self) -> Result<()> {
        let meters: Vec<(i64, String)> = self
            .conn
            .prepare("SELECT id, name FROM meter")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let quantities: Vec<(i64, String, bool)> = self
            .conn
            .prepare("SELECT id, name, energy FROM quantity ORDER BY id")?
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        self.meter_ids = meters.into_iter().map(|(i, n)| (n, i)).collect();
        let list = |energy: bool| {
            let ids: Vec<String> = quantities
                .iter()
                .filter(|q| q.2 == energy)
                .map(|q| q.0.to_string())
                .collect();
            if ids.is_empty() {
                "NULL".to_string()
            } else {
                ids.join(",")
            }
        };
        self.energy_ids = list(true);
        self.value_ids = list(false);
        self.known_quantities = quantities.iter().map(|q| q.1.clone()).collect();
        self.quantity_names = quantities.into_iter().map(|(i, n, _)| (i, n)).collect();
        Ok(())
    }

    /// Forgets what PostgreSQL has (a new connection resends the meter and quantity lists).
    pub fn reset_sent(&mut self) {
        self.sent_meters.clear();
        self.sent_quantities.clear();
    }

    /// The marks `(raw, alarm)`; 0 when the sink never ran.
    pub fn marks(&self) -> Result<(i64, i64)> {
        Ok((
            self.marks.get(MARK)?.unwrap_or(0),
            self.marks.get(ALARM_MARK)?.unwrap_or(0),
        ))
    }

    /// Moves the marks (after PostgreSQL committed).
    pub fn set_marks(&self, seq: i64, alarm_id: i64) -> Result<()> {
        self.marks.set(MARK, seq)?;
        self.marks.set(ALARM_MARK, alarm_id)?;
        Ok(())
    }

    /// `(oldest kept, latest)` outbox batch.
    pub fn span(&self) -> Result<(Option<i64>, i64)> {
        Ok((self.outbox.first_seq()?, self.outbox.last_seq()?))
    }

    /// The next delivery after the marks: at least one outbox batch (up to `max_rows` raw
    /// rows) when there is one, the rollup rows of the slots these rows touched, up to 5000
    /// alarm transitions, and the meter and quantity lists when PostgreSQL lacks an entry.
    /// `sweep` also resends every meter's rollups from that slot on (used on stop).
    pub fn next(
        &mut self,
        seq: i64,
        alarm_id: i64,
        max_rows: usize,
        sweep: Option<i64>,
    ) -> Result<Delivery> {
        let batches = self.outbox.changes_after(seq, max_rows)?;
        let mut d = Delivery {
            seq: batches.last().map_or(seq, |b| b.seq),
            alarm_id,
            ..Delivery::default()
        };
        // A later batch shows a row as stored now, so the last copy of each key is complete.
        let mut seen: HashMap<(String, i64), usize> = HashMap::new();
        for row in batches.into_iter().flat_map(|b| b.rows) {
            match seen.get(&(row.meter.clone(), row.time_ms)) {
                Some(&i) => d.raw[i] = row,
                None => {
                    seen.insert((row.meter.clone(), row.time_ms), d.raw.len());
                    d.raw.push(row);
                }
            }
        }
        d.values = d.raw.iter().map(|r| r.values.len()).sum();
        // The slots each meter's new rows touched; an energy delta ending at one of them may
        // reach back over a gap, so the range starts where the latest delta starting before
        // the meter's earliest new row starts.
        let mut ranges: BTreeMap<String, (i64, i64)> = BTreeMap::new();
        for r in &d.raw {
            let e = ranges
                .entry(r.meter.clone())
                .or_insert((r.time_ms, r.time_ms));
            e.0 = e.0.min(r.time_ms);
            e.1 = e.1.max(r.time_ms);
            self.latest_ms = Some(self.latest_ms.map_or(r.time_ms, |l| l.max(r.time_ms)));
        }
        if ranges.keys().any(|m| !self.meter_ids.contains_key(m))
            || d.raw
                .iter()
                .flat_map(|r| &r.values)
                .any(|(q, _)| !self.known_quantities.contains(q))
        {
            self.reload()?;
        }
        if let Some(from) = sweep {
            for m in self.meter_ids.keys() {
                let e = ranges.entry(m.clone()).or_insert((from, from));
                e.0 = e.0.min(from);
                e.1 = i64::MAX;
            }
        }
        for (meter, (lo, hi)) in &ranges {
            let Some(&mid) = self.meter_ids.get(meter) else {
                continue;
            };
            let mut lo = *lo;
            {
                let mut st = self.conn.prepare_cached(&format!(
                    "SELECT min(f) FROM (SELECT (SELECT from_ms FROM energy_raw
                         WHERE meter_id = ?1 AND quantity_id = q.id AND from_ms < ?2
                         ORDER BY from_ms DESC LIMIT 1) AS f
                     FROM quantity q WHERE q.id IN ({}))",
                    self.energy_ids
                ))?;
                let f: Option<i64> = st.query_row(params![mid, lo], |r| r.get(0))?;
                if let Some(f) = f {
                    lo = lo.min(f);
                }
            }
            let lo = lo.div_euclid(SLOT15_MS) * SLOT15_MS;
            self.rollups(meter, mid, lo, *hi, &mut d)?;
        }
        // Alarm transitions.
        let mut st = self.conn.prepare_cached(
            "SELECT e.id, e.time_ms, a.rule, a.meter, a.kind, a.priority, e.event, e.value,
                    e.who, e.suppressed, e.message
             FROM alarm_event e JOIN alarm a ON a.id = e.alarm_id
             WHERE e.id > ?1 ORDER BY e.id LIMIT 5000",
        )?;
        d.alarms = st
            .query_map([alarm_id], |r| {
                Ok(AlarmEvent {
                    id: r.get(0)?,
                    time_ms: r.get(1)?,
                    rule: r.get(2)?,
                    meter: r.get(3)?,
                    kind: r.get(4)?,
                    priority: r.get(5)?,
                    event: r.get(6)?,
                    value: r.get(7)?,
                    who: r.get(8)?,
                    suppressed: r.get::<_, i64>(9)? != 0,
                    message: r.get(10)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        drop(st);
        if let Some(last) = d.alarms.last() {
            d.alarm_id = last.id;
        }
        // Meter and quantity lists when PostgreSQL lacks one the delivery names.
        let need_meters = d
            .raw
            .iter()
            .map(|r| &r.meter)
            .chain(d.alarms.iter().map(|a| &a.meter))
            .any(|m| !self.sent_meters.contains(m))
            || self.sent_meters.is_empty();
        if need_meters {
            let meters: Vec<Meter> = self
                .conn
                .prepare("SELECT name, unit, bus, model, parent, tags FROM meter ORDER BY id")?
                .query_map([], |r| {
                    Ok(Meter {
                        name: r.get(0)?,
                        unit: r.get(1)?,
                        bus: r.get(2)?,
                        model: r.get(3)?,
                        parent: r.get(4)?,
                        tags: r.get(5)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
            if !meters.is_empty() {
                d.meters = Some(meters);
            }
        }
        let need_quantities = d
            .raw
            .iter()
            .flat_map(|r| &r.values)
            .any(|(q, _)| !self.sent_quantities.contains(q))
            || self.sent_quantities.is_empty();
        if need_quantities {
            let qs: Vec<QuantityRow> = self
                .conn
                .prepare("SELECT name, unit, energy FROM quantity ORDER BY id")?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<_>>()?;
            if !qs.is_empty() {
                d.quantities = Some(qs);
            }
        }
        Ok(d)
    }

    /// Notes that PostgreSQL committed `d` (its meter and quantity lists).
    pub fn delivered(&mut self, d: &Delivery) {
        if let Some(m) = &d.meters {
            self.sent_meters.extend(m.iter().map(|m| m.name.clone()));
        }
        if let Some(q) = &d.quantities {
            self.sent_quantities.extend(q.iter().map(|q| q.0.clone()));
        }
    }

    fn rollups(&self, meter: &str, mid: i64, lo: i64, hi: i64, d: &mut Delivery) -> Result<()> {
        let qname = |q: i64| {
            self.quantity_names
                .get(&q)
                .cloned()
                .unwrap_or_else(|| format!("quantity-{q}"))
        };
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT quantity_id, slot_ms, n, sum_v, min_v, max_v FROM value_15m
             WHERE meter_id = ?1 AND quantity_id IN ({}) AND slot_ms >= ?2 AND slot_ms <= ?3",
            self.value_ids
        ))?;
        let rows = st.query_map(params![mid, lo, hi], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })?;
        for row in rows {
            let (q, slot_ms, n, sum, min, max) = row?;
            d.value15.push(Value15 {
                meter: meter.to_string(),
                quantity: qname(q),
                slot_ms,
                n,
                sum,
                min,
                max,
            });
        }
        let mut st = self.conn.prepare_cached(&format!(
            "SELECT quantity_id, slot_ms, wh, covered_ms, first_ms, counter_first, last_ms,
                    counter_last FROM energy_15m
             WHERE meter_id = ?1 AND quantity_id IN ({}) AND slot_ms >= ?2 AND slot_ms <= ?3",
            self.energy_ids
        ))?;
        let rows = st.query_map(params![mid, lo, hi], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                Energy15 {
                    meter: meter.to_string(),
                    quantity: String::new(),
                    slot_ms: r.get(1)?,
                    wh: r.get(2)?,
                    covered_ms: r.get(3)?,
                    first_ms: r.get(4)?,
                    counter_first: r.get(5)?,
                    last_ms: r.get(6)?,
                    counter_last: r.get(7)?,
                },
            ))
        })?;
        for row in rows {
            let (q, mut e) = row.context("reading energy_15m")?;
            e.quantity = qname(q);
            d.energy15.push(e);
        }
        Ok(())
    }
}
