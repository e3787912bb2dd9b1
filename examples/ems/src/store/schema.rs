//! The schema as an ordered list of migrations, and opening connections (writer: creates and
//! migrates; readers: check the version and never write).
//!
//! `PRAGMA user_version` is the number of migrations applied; `PRAGMA application_id` marks the
//! file as an `ems` database so a foreign SQLite file is refused instead of altered. Each
//! migration runs in its own transaction together with the version bump. SCHEMA.md documents
//! the result; a new migration is appended, never edited in place.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::StoreError;

/// `PRAGMA application_id` of an ems database ("EMS1").
pub const APPLICATION_ID: i32 = 0x454D_5331;

/// The migrations, oldest first; migration `i` takes the schema from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // 1: meters, quantities, packed raw readings, raw energy deltas, 1-min (packed) and 15-min
    // rollups.
    r#"
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE meter (
    id     INTEGER PRIMARY KEY,
    name   TEXT NOT NULL UNIQUE,
    unit   INTEGER,
    bus    TEXT,
    model  TEXT,
    parent TEXT,
    tags   TEXT NOT NULL DEFAULT '{}'
);

CREATE TABLE quantity (
    id     INTEGER PRIMARY KEY,
    name   TEXT NOT NULL UNIQUE,
    unit   TEXT NOT NULL,
    energy INTEGER NOT NULL CHECK (energy IN (0, 1))
);

CREATE TABLE raw (
    meter_id INTEGER NOT NULL,
    time_ms  INTEGER NOT NULL,
    vals     BLOB NOT NULL,
    PRIMARY KEY (meter_id, time_ms)
) WITHOUT ROWID;

CREATE TABLE energy_raw (
    meter_id      INTEGER NOT NULL,
    quantity_id   INTEGER NOT NULL,
    from_ms       INTEGER NOT NULL,
    to_ms         INTEGER NOT NULL,
    wh            REAL NOT NULL,
    counter_first REAL NOT NULL,
    counter_last  REAL NOT NULL,
    PRIMARY KEY (meter_id, quantity_id, from_ms)
) WITHOUT ROWID;

CREATE TABLE value_1m (
    meter_id INTEGER NOT NULL,
    slot_ms  INTEGER NOT NULL,
    vals     BLOB NOT NULL,
    PRIMARY KEY (meter_id, slot_ms)
) WITHOUT ROWID;

CREATE TABLE value_15m (
    meter_id    INTEGER NOT NULL,
    quantity_id INTEGER NOT NULL,
    slot_ms     INTEGER NOT NULL,
    n           INTEGER NOT NULL,
    sum_v       REAL NOT NULL,
    min_v       REAL NOT NULL,
    max_v       REAL NOT NULL,
    PRIMARY KEY (meter_id, quantity_id, slot_ms)
) WITHOUT ROWID;

CREATE TABLE energy_1m (
    meter_id      INTEGER NOT NULL,
    quantity_id   INTEGER NOT NULL,
    slot_ms       INTEGER NOT NULL,
    wh            REAL NOT NULL,
    covered_ms    INTEGER NOT NULL,
    first_ms      INTEGER NOT NULL,
    counter_first REAL NOT NULL,
    last_ms       INTEGER NOT NULL,
    counter_last  REAL NOT NULL,
    PRIMARY KEY (meter_id, quantity_id, slot_ms)
) WITHOUT ROWID;

CREATE TABLE energy_15m (
    meter_id      INTEGER NOT NULL,
    quantity_id   INTEGER NOT NULL,
    slot_ms       INTEGER NOT NULL,
    wh            REAL NOT NULL,
    covered_ms    INTEGER NOT NULL,
    first_ms      INTEGER NOT NULL,
    counter_first REAL NOT NULL,
    last_ms       INTEGER NOT NULL,
    counter_last  REAL NOT NULL,
    PRIMARY KEY (meter_id, quantity_id, slot_ms)
) WITHOUT ROWID;
"#,
    // 2: alarms: one row per alarm point (rule × meter) with its current state, and every
    // transition (raised, cleared, acknowledged, shelved, …) with its time, value and who.
    r#"
CREATE TABLE alarm (
    id             INTEGER PRIMARY KEY,
    rule           TEXT NOT NULL,
    meter          TEXT NOT NULL,
    kind           TEXT NOT NULL,
    priority       TEXT NOT NULL,
    active         INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1)),
    acked          INTEGER NOT NULL DEFAULT 1 CHECK (acked IN (0, 1)),
    shelved_until  INTEGER,
    out_of_service INTEGER NOT NULL DEFAULT 0 CHECK (out_of_service IN (0, 1)),
    raised_at      INTEGER,
    cleared_at     INTEGER,
    value          REAL,
    quantity       TEXT,
    message        TEXT,
    updated_ms     INTEGER NOT NULL,
    UNIQUE (rule, meter)
);

CREATE TABLE alarm_event (
    id         INTEGER PRIMARY KEY,
    alarm_id   INTEGER NOT NULL REFERENCES alarm (id),
    time_ms    INTEGER NOT NULL,
    event      TEXT NOT NULL,
    value      REAL,
    who        TEXT,
    suppressed INTEGER NOT NULL DEFAULT 0 CHECK (suppressed IN (0, 1)),
    until_ms   INTEGER,
    message    TEXT
);

CREATE INDEX alarm_event_by_time ON alarm_event (time_ms);
CREATE INDEX alarm_event_by_alarm ON alarm_event (alarm_id, time_ms);
"#,
    // 3: the outbox of the sinks (MQTT, PostgreSQL): one row per committed batch listing the
    // raw rows it inserted or extended, in commit order, and each sink's high-water mark.
    r#"
CREATE TABLE change_log (
    seq          INTEGER PRIMARY KEY,
    committed_ms INTEGER NOT NULL,
    keys         BLOB NOT NULL
);

CREATE TABLE sink_mark (
    sink       TEXT PRIMARY KEY,
    seq        INTEGER NOT NULL,
    updated_ms INTEGER NOT NULL
);
"#,
    // 4: 1-minute energy packed per (meter, minute): one row holds every energy counter of the
    // meter in that minute (`energy_blob`). New 1-minute energy goes only here; the rows of
    // `energy_1m` that older versions wrote stay where they are (legacy rows: read together with
    // the packed ones, folded into them when their minute is written again, pruned as before).
    r#"
CREATE TABLE energy_1m_packed (
    meter_id INTEGER NOT NULL,
    slot_ms  INTEGER NOT NULL,
    vals     BLOB NOT NULL,
    PRIMARY KEY (meter_id, slot_ms)
) WITHOUT ROWID;
"#,
];

/// The schema version this build writes and reads.
pub fn current_version() -> u32 {
    MIGRATIONS.len() as u32
}

fn check_data_dir(dir: &Path, create: bool) -> Result<(), StoreError> {
    let err = |detail: String| StoreError::DataDir {
        path: dir.to_path_buf(),
        detail,
    };
    match std::fs::metadata(dir) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(_) => Err(err("exists but is not a directory".into())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && create => {
            std::fs::create_dir_all(dir).map_err(|e| err(format!("cannot create it: {e}")))
        }
        Err(e) => Err(err(e.to_string())),
    }
}

/// Reads `(application_id, user_version, number of tables)`; the first read of the file, which
/// is where a damaged or foreign file shows.
fn identify(conn: &Connection, path: &Path) -> Result<(i32, u32, i64), StoreError> {
    let read = || -> rusqlite::Result<(i32, u32, i64)> {
        let app: i32 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
        let ver: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
        Ok((app, ver, tables))
    };
    read().map_err(|e| StoreError::sqlite(path, "reading the schema version", e))
}

fn check_identity(path: &Path, app: i32, ver: u32, tables: i64) -> Result<(), StoreError> {
    if app != APPLICATION_ID && (app != 0 || tables != 0) {
        return Err(StoreError::Foreign {
            path: path.to_path_buf(),
            detail: format!("application_id {app:#x}, {tables} schema objects"),
        });
    }
    if ver > current_version() {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found: ver,
            known: current_version(),
        });
    }
    Ok(())
}

/// Opens (creating the directory and file if needed) the writer's connection: WAL, the given
/// synchronous mode, migrations applied.
pub(crate) fn open_writer(
    data_dir: &Path,
    sync_full: bool,
    max_pages: Option<u32>,
) -> Result<Connection, StoreError> {
    check_data_dir(data_dir, true)?;
    let path = super::db_path(data_dir);
    let conn = Connection::open_with_flags(
        &path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| StoreError::sqlite(&path, "opening", e))?;
    // Identify the file before anything can write to it.
    let (app, ver, tables) = identify(&conn, &path)?;
    check_identity(&path, app, ver, tables)?;
    let p = &path;
    let ctx = |what: &'static str| move |e| StoreError::sqlite(p, what, e);
    conn.busy_timeout(Duration::from_secs(5))
        .map_err(ctx("setting the busy timeout"))?;
    let mode: String = conn
        .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
        .map_err(ctx("switching to WAL"))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::Sqlite {
            path: path.clone(),
            context: "switching to WAL".into(),
            detail: format!("journal mode stayed '{mode}'"),
        });
    }
    conn.execute_batch(if sync_full {
        "PRAGMA synchronous = FULL; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;"
    } else {
        "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;"
    })
    .map_err(ctx("setting pragmas"))?;
    set_max_pages(&conn, max_pages).map_err(ctx("setting max_page_count"))?;
    migrate(&conn, ver, &path)?;
    Ok(conn)
}

/// Applies `PRAGMA max_page_count` (`None`: SQLite's default, no practical limit).
pub(crate) fn set_max_pages(conn: &Connection, max_pages: Option<u32>) -> rusqlite::Result<()> {
    let pages = max_pages.map_or(0xFFFF_FFFE_i64, i64::from);
    conn.query_row(&format!("PRAGMA max_page_count = {pages}"), [], |_| Ok(()))
}

fn migrate(conn: &Connection, from: u32, path: &Path) -> Result<(), StoreError> {
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(from as usize) {
        let to = i + 1;
        let ctx = |e| StoreError::sqlite(path, &format!("migrating the schema to version {to}"), e);
        conn.execute_batch("BEGIN IMMEDIATE").map_err(ctx)?;
        let r = conn.execute_batch(sql).and_then(|_| {
            conn.execute_batch(&format!(
                "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {to}; COMMIT"
            ))
        });
        if let Err(e) = r {
            let _ = conn.execute_batch("ROLLBACK");
            return Err(ctx(e));
        }
    }
    Ok(())
}

/// Opens a connection for queries. It never writes (`query_only`) and, in WAL mode, never
/// blocks the writer nor is blocked by it.
pub(crate) fn open_reader(data_dir: &Path) -> Result<Connection, StoreError> {
    check_data_dir(data_dir, false)?;
    let path = super::db_path(data_dir);
    if !path.exists() {
        return Err(StoreError::Missing { path });
    }
    // Read-write without create, so SQLite can create the -shm file of a WAL database whose
    // writer is not running; `query_only` keeps the connection from writing. A read-only medium
    // falls back to a read-only open.
    let conn = Connection::open_with_flags(
        &path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .or_else(|_| {
        Connection::open_with_flags(
            &path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
    })
    .map_err(|e| StoreError::sqlite(&path, "opening", e))?;
    conn.execute_batch("PRAGMA query_only = ON")
        .map_err(|e| StoreError::sqlite(&path, "opening", e))?;
    conn.busy_timeout(Duration::from_secs(5))
        .map_err(|e| StoreError::sqlite(&path, "opening", e))?;
    let (app, ver, tables) = identify(&conn, &path)?;
    check_identity(&path, app, ver, tables)?;
    if ver < current_version() {
        return Err(StoreError::TooOld {
            path,
            found: ver,
            known: current_version(),
        });
    }
    Ok(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tempdir(tag: &str) -> std::path::PathBuf {
        let d = std::env::temp_dir().join(format!(
            "ems-schema-{tag}-{}-{:?}",
            std::process::id(),
            std::time::SystemTime::now()
        ));
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn new_database_gets_every_migration_and_the_application_id() {
        let dir = tempdir("new");
        let conn = open_writer(&dir, true, None).unwrap();
        let ver: u32 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        let app: i32 = conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .unwrap();
        assert_eq!((ver, app), (current_version(), APPLICATION_ID));
        drop(conn);
        // Reopening applies nothing and keeps the version.
        let conn = open_writer(&dir, true, None).unwrap();
        let ver: u32 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ver, current_version());
        std::fs::remove_dir_all(dir).ok();
    }

    #[test]
    fn database_from_a_newer_version_is_refused_and_left_alone() {
        let dir = tempdir("newer");
        drop(open_writer(&dir, true, None).unwrap());
        {
            let c = Connection::open(super::super::db_path(&dir)).unwrap();
            c.execute_batch(&format!("PRAGMA user_version = {}", current_version() + 1))
                .unwrap();
        }
        let before = std::fs::read(super::super::db_path(&dir)).unwrap();
        let e = open_writer(&dir, true, None).unwrap_err();
        assert!(
            matches!(e, StoreError::TooNew { found, .. } if found == current_version() + 1),
            "{e}"
        );
        assert!(e.to_string().contains("newer ems"), "{e}");
        let e = open_reader(&dir).unwrap_err();
        assert!(matches!(e, StoreError::TooNew { .. }), "{e}");
        assert_eq!(std::fs::read(super::super::db_path(&dir)).unwrap(), before);
        std::fs::remove_dir_all(dir).ok();
    }

    #[test]
    fn foreign_sqlite_database_is_refused() {
        let dir = tempdir("foreign");
        {
            let c = Connection::open(super::super::db_path(&dir)).unwrap();
            c.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1)")
                .unwrap();
        }
        let e = open_writer(&dir, true, None).unwrap_err();
        assert!(matches!(e, StoreError::Foreign { .. }), "{e}");
        std::fs::remove_dir_all(dir).ok();
    }
}
