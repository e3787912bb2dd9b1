//! Alarm persistence: the `alarm` table (one row per alarm point with its current state, so
//! active alarms survive a restart) and `alarm_event` (every transition). Both tables come
//! from migration 2 of [`crate::store::schema`]; `SCHEMA.md` documents them.
//!
//! Owns its own connection to the store's database (WAL: it never blocks readers, and waits
//! up to 5 s for the storage writer's batch). Transitions are rare, so each is one small
//! transaction. It must not evaluate anything: the engine decides, this writes and reads.

use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension};

use crate::store::{schema, StoreError};

use super::state::{AlarmState, Event};

/// One stored transition.
#[derive(Clone, Debug, PartialEq)]
pub struct EventRow {
    /// Its id (`alarm_event.id`), increasing.
    pub id: i64,
    /// The alarm point.
    pub alarm_id: i64,
    /// When, UTC ms.
    pub time_ms: i64,
    /// What happened (`raised`, `cleared`, …).
    pub event: String,
    /// The value then.
    pub value: Option<f64>,
    /// Who (acknowledged, shelved, …), for operator actions.
    pub who: Option<String>,
    /// Not notified: the alarm was shelved or out of service.
    pub suppressed: bool,
    /// The shelving time of a `shelved` event.
    pub until_ms: Option<i64>,
    /// The alarm's message then.
    pub message: Option<String>,
}

/// What is written for one transition.
#[derive(Clone, Copy, Debug)]
pub struct Record<'a> {
    /// The alarm point.
    pub alarm_id: i64,
    /// Its state after the transition.
    pub state: &'a AlarmState,
    /// The quantity the value is of.
    pub quantity: Option<&'a str>,
    /// The alarm's message.
    pub message: &'a str,
    /// What happened.
    pub event: Event,
    /// When.
    pub time_ms: i64,
    /// Who did it (operator actions).
    pub who: Option<&'a str>,
    /// Not announced (the alarm is shelved or out of service).
    pub suppressed: bool,
}

/// The alarm tables of the store's database.
pub struct AlarmStore {
    conn: Connection,
}

impl std::fmt::Debug for AlarmStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AlarmStore")
            .field("path", &self.conn.path())
            .finish()
    }
}

fn sql<'a>(path: &'a Path, what: &str) -> impl Fn(rusqlite::Error) -> StoreError + 'a {
    let what = what.to_string();
    move |e| StoreError::sqlite(path, &what, e)
}

impl AlarmStore {
    /// Opens (creating and migrating if needed) the database in `data_dir`, the same file as
    /// [`crate::store::StoreWriter`]. Open the storage writer first: two first-time openers
    /// racing could both try to migrate.
    pub fn open(data_dir: &Path) -> Result<AlarmStore, StoreError> {
        let conn = schema::open_writer(data_dir, true, None)?;
        Ok(AlarmStore { conn })
    }

    fn path(&self) -> &Path {
        Path::new(self.conn.path().unwrap_or("ems.sqlite"))
    }

    /// The id of the point (`rule`, `meter`), created if new, and its stored state (for a
    /// new point: `None`).
    pub fn point(
        &self,
        rule: &str,
        meter: &str,
        kind: &str,
        priority: &str,
        now: i64,
    ) -> Result<(i64, Option<AlarmState>), StoreError> {
        let p = self.path().to_path_buf();
        let created = self
            .conn
            .execute(
                "INSERT INTO alarm (rule, meter, kind, priority, updated_ms) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (rule, meter) DO UPDATE SET kind = excluded.kind, priority = excluded.priority",
                params![rule, meter, kind, priority, now],
            )
            .map_err(sql(&p, "adding an alarm point"))?;
        let _ = created;
        let row = self
            .conn
            .query_row(
                "SELECT id, active, acked, shelved_until, out_of_service, raised_at, cleared_at, value, updated_ms
                 FROM alarm WHERE rule = ?1 AND meter = ?2",
                params![rule, meter],
                |r| {
                    let id: i64 = r.get(0)?;
                    let s = AlarmState {
                        active: r.get(1)?,
                        acked: r.get(2)?,
                        shelved_until: r.get(3)?,
                        out_of_service: r.get(4)?,
                        raised_at: r.get(5)?,
                        cleared_at: r.get(6)?,
                        value: r.get(7)?,
                        ..AlarmState::new(now)
                    };
                    Ok((id, s))
                },
            )
            .map_err(sql(&p, "reading an alarm point"))?;
        let (id, mut s) = row;
        // After a restart the condition is what the state says until the next value.
        s.condition = s.active;
        s.latest = s.value;
        s.condition_since = now;
        let fresh = s == AlarmState::new(now);
        Ok((id, (!fresh).then_some(s)))
    }

    /// Writes one transition: the point's new state and the event, in one transaction.
    /// Returns the event's id.
    pub fn record(&mut self, r: &Record<'_>) -> Result<i64, StoreError> {
        let p = self.path().to_path_buf();
        let tx = self
            .conn
            .transaction()
            .map_err(sql(&p, "recording an alarm transition"))?;
        let s = r.state;
        tx.execute(
            "UPDATE alarm SET active = ?2, acked = ?3, shelved_until = ?4, out_of_service = ?5,
                 raised_at = ?6, cleared_at = ?7, value = ?8, quantity = ?9, message = ?10, updated_ms = ?11
             WHERE id = ?1",
            params![
                r.alarm_id,
                s.active,
                s.acked,
                s.shelved_until,
                s.out_of_service,
                s.raised_at,
                s.cleared_at,
                s.value,
                r.quantity,
                r.message,
                r.time_ms
            ],
        )
        .map_err(sql(&p, "recording an alarm transition"))?;
        let until = (r.event == Event::Shelved)
            .then_some(s.shelved_until)
            .flatten();
        tx.execute(
            "INSERT INTO alarm_event (alarm_id, time_ms, event, value, who, suppressed, until_ms, message)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                r.alarm_id,
                r.time_ms,
                r.event.name(),
                s.value,
                r.who,
                r.suppressed,
                until,
                r.message
            ],
        )
        .map_err(sql(&p, "recording an alarm transition"))?;
        let id = tx.last_insert_rowid();
        tx.commit()
            .map_err(sql(&p, "recording an alarm transition"))?;
        Ok(id)
    }

    /// Transitions, newest first: at most `limit`, of one alarm or all, since `since_ms`.
    pub fn events(
        &self,
        alarm_id: Option<i64>,
        since_ms: i64,
        limit: u32,
    ) -> Result<Vec<EventRow>, StoreError> {
        let p = self.path().to_path_buf();
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT id, alarm_id, time_ms, event, value, who, suppressed, until_ms, message
                 FROM alarm_event WHERE (?1 IS NULL OR alarm_id = ?1) AND time_ms >= ?2
                 ORDER BY id DESC LIMIT ?3",
            )
            .map_err(sql(&p, "reading alarm events"))?;
        let rows = st
            .query_map(params![alarm_id, since_ms, limit], |r| {
                Ok(EventRow {
                    id: r.get(0)?,
                    alarm_id: r.get(1)?,
                    time_ms: r.get(2)?,
                    event: r.get(3)?,
                    value: r.get(4)?,
                    who: r.get(5)?,
                    suppressed: r.get(6)?,
                    until_ms: r.get(7)?,
                    message: r.get(8)?,
                })
            })
            .map_err(sql(&p, "reading alarm events"))?;
        rows.collect::<Result<Vec<_>, _>>()
            .map_err(sql(&p, "reading alarm events"))
    }

    /// The `(rule, meter)` of a stored point.
    pub fn point_name(&self, id: i64) -> Result<Option<(String, String)>, StoreError> {
        let p = self.path().to_path_buf();
        self.conn
            .query_row("SELECT rule, meter FROM alarm WHERE id = ?1", [id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()
            .map_err(sql(&p, "reading an alarm point"))
    }
}
