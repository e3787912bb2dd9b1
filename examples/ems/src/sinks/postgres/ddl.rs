//! The PostgreSQL side's tables: an ordered list of migrations applied under an advisory lock
//! (several plants may start against one database at once), and the optional TimescaleDB path.
//! It owns no data flow: `write` fills the tables, `local` reads SQLite.

use anyhow::{Context, Result};
use tokio_postgres::Client;

/// The migrations, oldest first; `{s}` stands for the quoted schema name. Migration `i` takes
/// the schema from version `i` to `i + 1`; a released migration is never edited.
const MIGRATIONS: &[&str] = &[
    // 1: sites, meters (hierarchy and tags), quantities, raw values, 15-minute rollups, alarm
    // transitions. Every row carries its site so many plants can share one database.
    r#"
CREATE TABLE {s}.site (
    site       text PRIMARY KEY,
    time_zone  text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE {s}.meter (
    site       text NOT NULL,
    name       text NOT NULL,
    unit       integer,
    bus        text,
    model      text,
    parent     text,
    tags       jsonb NOT NULL DEFAULT '{}',
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (site, name)
);

CREATE TABLE {s}.quantity (
    name   text PRIMARY KEY,
    unit   text NOT NULL,
    energy boolean NOT NULL
);

CREATE TABLE {s}.raw (
    site     text NOT NULL,
    meter    text NOT NULL,
    quantity text NOT NULL,
    time     timestamptz NOT NULL,
    value    double precision NOT NULL,
    PRIMARY KEY (site, meter, quantity, time)
);

CREATE TABLE {s}.value_15m (
    site     text NOT NULL,
    meter    text NOT NULL,
    quantity text NOT NULL,
    slot     timestamptz NOT NULL,
    n        bigint NOT NULL,
    sum_v    double precision NOT NULL,
    min_v    double precision NOT NULL,
    max_v    double precision NOT NULL,
    PRIMARY KEY (site, meter, quantity, slot)
);

CREATE TABLE {s}.energy_15m (
    site          text NOT NULL,
    meter         text NOT NULL,
    quantity      text NOT NULL,
    slot          timestamptz NOT NULL,
    wh            double precision NOT NULL,
    covered_ms    bigint NOT NULL,
    first_time    timestamptz NOT NULL,
    counter_first double precision NOT NULL,
    last_time     timestamptz NOT NULL,
    counter_last  double precision NOT NULL,
    PRIMARY KEY (site, meter, quantity, slot)
);

CREATE TABLE {s}.alarm_event (
    site       text NOT NULL,
    id         bigint NOT NULL,
    time       timestamptz NOT NULL,
    rule       text NOT NULL,
    meter      text NOT NULL,
    kind       text NOT NULL,
    priority   text NOT NULL,
    event      text NOT NULL,
    value      double precision,
    who        text,
    suppressed boolean NOT NULL,
    message    text,
    PRIMARY KEY (site, id)
);
CREATE INDEX alarm_event_by_time ON {s}.alarm_event (site, time);
"#,
];

/// Quotes `schema` as an SQL identifier (the configuration already allows only `[a-z0-9_]`).
pub(super) fn quote(schema: &str) -> String {
    format!("\"{}\"", schema.replace('"', "\"\""))
}

/// What [`migrate`] found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Installed {
    /// Migrations applied now (0 when the schema was current).
    pub applied: usize,
    /// `raw` is a TimescaleDB hypertable.
    pub timescale: bool,
}

/// Creates the schema and applies the missing migrations, each in its own transaction together
/// with its version row, serialised across plants by a transaction-level advisory lock. Where
/// the TimescaleDB extension is available (`pg_available_extensions`), `raw` becomes a
/// hypertable with compression after 7 days; a failure there (extension not preloaded, no
/// privilege, Apache-only build) leaves the plain tables and is logged.
pub(super) async fn migrate(client: &mut Client, schema: &str) -> Result<Installed> {
    let s = quote(schema);
    // One lock key per schema name, so two plants never race on CREATE TABLE.
    let key = schema.bytes().fold(0x454D_5331_i64, |h, b| {
        h.wrapping_mul(31).wrapping_add(i64::from(b))
    });
    let mut applied = 0;
    loop {
        let tx = client.transaction().await?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&key])
            .await?;
        tx.batch_execute(&format!(
            "CREATE SCHEMA IF NOT EXISTS {s};
             CREATE TABLE IF NOT EXISTS {s}.schema_version (
                 version    integer PRIMARY KEY,
                 applied_at timestamptz NOT NULL DEFAULT now()
             );"
        ))
        .await
        .with_context(|| format!("creating schema {schema}"))?;
        let version: i32 = tx
            .query_one(
                &format!("SELECT coalesce(max(version), 0) FROM {s}.schema_version"),
                &[],
            )
            .await?
            .get(0);
        let version = usize::try_from(version).unwrap_or(0);
        if version > MIGRATIONS.len() {
            anyhow::bail!(
                "schema {schema} was written by a newer ems (version {version}; this build knows up to {})",
                MIGRATIONS.len()
            );
        }
        if version == MIGRATIONS.len() {
            tx.commit().await?;
            break;
        }
        tx.batch_execute(&MIGRATIONS[version].replace("{s}", &s))
            .await
            .with_context(|| format!("migrating schema {schema} to version {}", version + 1))?;
        let next = i32::try_from(version + 1).unwrap_or(i32::MAX);
        tx.execute(
            &format!("INSERT INTO {s}.schema_version (version) VALUES ($1)"),
            &[&next],
        )
        .await?;
        tx.commit().await?;
        applied += 1;
        if version == 0 {
            timescale_setup(client, schema).await;
        }
    }
    let timescale = client
        .query_opt(
            "SELECT 1 FROM pg_extension e, information_schema.tables t
             WHERE e.extname = 'timescaledb' AND t.table_schema = 'timescaledb_information'
               AND t.table_name = 'hypertables'",
            &[],
        )
        .await?
        .is_some()
        && client
            .query_opt(
                "SELECT 1 FROM timescaledb_information.hypertables
                 WHERE hypertable_schema = $1 AND hypertable_name = 'raw'",
                &[&schema],
            )
            .await
            .map(|r| r.is_some())
            .unwrap_or(false);
    Ok(Installed { applied, timescale })
}

/// Turns the fresh, empty `raw` table into a compressed hypertable when TimescaleDB can be
/// used; logs and keeps plain PostgreSQL otherwise.
async fn timescale_setup(client: &mut Client, schema: &str) {
    let available = client
        .query_opt(
            "SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb'",
            &[],
        )
        .await
        .map(|r| r.is_some())
        .unwrap_or(false);
    if !available {
        tracing::info!("postgres: TimescaleDB is not available; plain tables");
        return;
    }
    let s = quote(schema);
    let sql = format!(
        "CREATE EXTENSION IF NOT EXISTS timescaledb;
         SELECT create_hypertable('{s}.raw', 'time', chunk_time_interval => INTERVAL '1 day');
         ALTER TABLE {s}.raw SET (timescaledb.compress,
             timescaledb.compress_segmentby = 'site, meter, quantity',
             timescaledb.compress_orderby = 'time');
         SELECT add_compression_policy('{s}.raw', INTERVAL '7 days');"
    );
    let r = async {
        let tx = client.transaction().await?;
        tx.batch_execute(&sql).await?;
        tx.commit().await
    }
    .await;
    match r {
        Ok(()) => tracing::info!(
            "postgres: {schema}.raw is a TimescaleDB hypertable (compressed after 7 days)"
        ),
        Err(e) => tracing::warn!(
            "postgres: TimescaleDB is available but could not be set up ({}); plain tables",
            super::pg_error_text(&e)
        ),
    }
}
