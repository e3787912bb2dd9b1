//! The PostgreSQL side of a delivery: one transaction writing raw values (binary COPY into a
//! temporary table, then `INSERT … ON CONFLICT DO NOTHING`, so a replay never doubles a value),
//! the 15-minute rollups (`ON CONFLICT DO UPDATE`: a slot changes until it closes), alarm
//! transitions, and the meter and quantity lists. It reads nothing from SQLite.

use std::pin::pin;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::Result;
use tokio_postgres::binary_copy::BinaryCopyInWriter;
use tokio_postgres::types::{Json, Type};
use tokio_postgres::Client;

use super::ddl::quote;
use super::local::Delivery;

/// A UTC millisecond time as PostgreSQL's `timestamptz`.
fn ts(ms: i64) -> SystemTime {
    if ms >= 0 {
        UNIX_EPOCH + Duration::from_millis(ms.unsigned_abs())
    } else {
        UNIX_EPOCH - Duration::from_millis(ms.unsigned_abs())
    }
}

/// Prepares a new connection: the session's staging table for raw values.
pub(super) async fn prepare(client: &Client) -> Result<()> {
    client
        .batch_execute(
            "CREATE TEMPORARY TABLE IF NOT EXISTS ems_raw_in (
                 meter    text NOT NULL,
                 quantity text NOT NULL,
                 time     timestamptz NOT NULL,
                 value    double precision NOT NULL
             ) ON COMMIT DELETE ROWS",
        )
        .await?;
    Ok(())
}

/// Records the site and its time zone (for site-local days in central queries).
pub(super) async fn upsert_site(client: &Client, schema: &str, site: &str, tz: &str) -> Result<()> {
    let s = quote(schema);
    client
        .execute(
            &format!(
                "INSERT INTO {s}.site (site, time_zone) VALUES ($1, $2)
                 ON CONFLICT (site) DO UPDATE SET time_zone = excluded.time_zone, updated_at = now()
                 WHERE {s}.site.time_zone IS DISTINCT FROM excluded.time_zone"
            ),
            &[&site, &tz],
        )
        .await?;
    Ok(())
}

/// Writes `d` in one transaction; returns the raw values PostgreSQL did not have yet.
pub(super) async fn deliver(
    client: &mut Client,
    schema: &str,
    site: &str,
    d: &Delivery,
) -> Result<u64> {
    let s = quote(schema);
    let tx = client.transaction().await?;
    if let Some(qs) = &d.quantities {
        let names: Vec<&str> = qs.iter().map(|q| q.0.as_str()).collect();
        let units: Vec<&str> = qs.iter().map(|q| q.1.as_str()).collect();
        let energy: Vec<bool> = qs.iter().map(|q| q.2).collect();
        tx.execute(
            &format!(
                "INSERT INTO {s}.quantity (name, unit, energy)
                 SELECT * FROM unnest($1::text[], $2::text[], $3::bool[])
                 ON CONFLICT (name) DO UPDATE SET unit = excluded.unit, energy = excluded.energy
                 WHERE ({s}.quantity.unit, {s}.quantity.energy)
                       IS DISTINCT FROM (excluded.unit, excluded.energy)"
            ),
            &[&names, &units, &energy],
        )
        .await?;
    }
    if let Some(ms) = &d.meters {
        let names: Vec<&str> = ms.iter().map(|m| m.name.as_str()).collect();
        let units: Vec<Option<i32>> = ms.iter().map(|m| m.unit).collect();
        let buses: Vec<Option<&str>> = ms.iter().map(|m| m.bus.as_deref()).collect();
        let models: Vec<Option<&str>> = ms.iter().map(|m| m.model.as_deref()).collect();
        let parents: Vec<Option<&str>> = ms.iter().map(|m| m.parent.as_deref()).collect();
        let tags: Vec<Json<serde_json::Value>> = ms
            .iter()
            .map(|m| Json(serde_json::from_str(&m.tags).unwrap_or_default()))
            .collect();
        tx.execute(
            &format!(
                "INSERT INTO {s}.meter (site, name, unit, bus, model, parent, tags)
                 SELECT $1, * FROM unnest($2::text[], $3::int4[], $4::text[], $5::text[],
                                          $6::text[], $7::jsonb[])
                 ON CONFLICT (site, name) DO UPDATE SET unit = excluded.unit, bus = excluded.bus,
                     model = excluded.model, parent = excluded.parent, tags = excluded.tags,
                     updated_at = now()
                 WHERE ({s}.meter.unit, {s}.meter.bus, {s}.meter.model, {s}.meter.parent,
                        {s}.meter.tags)
                       IS DISTINCT FROM (excluded.unit, excluded.bus, excluded.model,
                                         excluded.parent, excluded.tags)"
            ),
            &[&site, &names, &units, &buses, &models, &parents, &tags],
        )
        .await?;
    }
    let mut inserted = 0;
    if !d.raw.is_empty() {
        let sink = tx
            .copy_in("COPY ems_raw_in (meter, quantity, time, value) FROM STDIN BINARY")
            .await?;
        let mut w = pin!(BinaryCopyInWriter::new(
            sink,
            &[Type::TEXT, Type::TEXT, Type::TIMESTAMPTZ, Type::FLOAT8],
        ));
        for r in &d.raw {
            let t = ts(r.time_ms);
            for (q, v) in &r.values {
                w.as_mut().write(&[&r.meter, q, &t, v]).await?;
            }
        }
        w.finish().await?;
        inserted = tx
            .execute(
                &format!(
                    "INSERT INTO {s}.raw (site, meter, quantity, time, value)
                     SELECT $1, meter, quantity, time, value FROM ems_raw_in
                     ON CONFLICT DO NOTHING"
                ),
                &[&site],
            )
            .await?;
    }
    if !d.value15.is_empty() {
        let v = &d.value15;
        let meters: Vec<&str> = v.iter().map(|r| r.meter.as_str()).collect();
        let qs: Vec<&str> = v.iter().map(|r| r.quantity.as_str()).collect();
        let slots: Vec<SystemTime> = v.iter().map(|r| ts(r.slot_ms)).collect();
        let n: Vec<i64> = v.iter().map(|r| r.n).collect();
        let sum: Vec<f64> = v.iter().map(|r| r.sum).collect();
        let min: Vec<f64> = v.iter().map(|r| r.min).collect();
        let max: Vec<f64> = v.iter().map(|r| r.max).collect();
        tx.execute(
            &format!(
                "INSERT INTO {s}.value_15m (site, meter, quantity, slot, n, sum_v, min_v, max_v)
                 SELECT $1, * FROM unnest($2::text[], $3::text[], $4::timestamptz[], $5::int8[],
                                          $6::float8[], $7::float8[], $8::float8[])
                 ON CONFLICT (site, meter, quantity, slot) DO UPDATE SET n = excluded.n,
                     sum_v = excluded.sum_v, min_v = excluded.min_v, max_v = excluded.max_v
                 WHERE ({s}.value_15m.n, {s}.value_15m.sum_v, {s}.value_15m.min_v,
                        {s}.value_15m.max_v)
                       IS DISTINCT FROM (excluded.n, excluded.sum_v, excluded.min_v,
                                         excluded.max_v)"
            ),
            &[&site, &meters, &qs, &slots, &n, &sum, &min, &max],
        )
        .await?;
    }
    if !d.energy15.is_empty() {
        let e = &d.energy15;
        let meters: Vec<&str> = e.iter().map(|r| r.meter.as_str()).collect();
        let qs: Vec<&str> = e.iter().map(|r| r.quantity.as_str()).collect();
        let slots: Vec<SystemTime> = e.iter().map(|r| ts(r.slot_ms)).collect();
        let wh: Vec<f64> = e.iter().map(|r| r.wh).collect();
        let covered: Vec<i64> = e.iter().map(|r| r.covered_ms).collect();
        let first: Vec<SystemTime> = e.iter().map(|r| ts(r.first_ms)).collect();
        let c0: Vec<f64> = e.iter().map(|r| r.counter_first).collect();
        let last: Vec<SystemTime> = e.iter().map(|r| ts(r.last_ms)).collect();
        let c1: Vec<f64> = e.iter().map(|r| r.counter_last).collect();
        tx.execute(
            &format!(
                "INSERT INTO {s}.energy_15m (site, meter, quantity, slot, wh, covered_ms,
                     first_time, counter_first, last_time, counter_last)
                 SELECT $1, * FROM unnest($2::text[], $3::text[], $4::timestamptz[],
                     $5::float8[], $6::int8[], $7::timestamptz[], $8::float8[],
                     $9::timestamptz[], $10::float8[])
                 ON CONFLICT (site, meter, quantity, slot) DO UPDATE SET wh = excluded.wh,
                     covered_ms = excluded.covered_ms, first_time = excluded.first_time,
                     counter_first = excluded.counter_first, last_time = excluded.last_time,
                     counter_last = excluded.counter_last
                 WHERE ({s}.energy_15m.wh, {s}.energy_15m.covered_ms,
                        {s}.energy_15m.first_time, {s}.energy_15m.counter_first,
                        {s}.energy_15m.last_time, {s}.energy_15m.counter_last)
                       IS DISTINCT FROM (excluded.wh, excluded.covered_ms, excluded.first_time,
                                         excluded.counter_first, excluded.last_time,
                                         excluded.counter_last)"
            ),
            &[
                &site, &meters, &qs, &slots, &wh, &covered, &first, &c0, &last, &c1,
            ],
        )
        .await?;
    }
    if !d.alarms.is_empty() {
        let a = &d.alarms;
        let ids: Vec<i64> = a.iter().map(|r| r.id).collect();
        let times: Vec<SystemTime> = a.iter().map(|r| ts(r.time_ms)).collect();
        let rules: Vec<&str> = a.iter().map(|r| r.rule.as_str()).collect();
        let meters: Vec<&str> = a.iter().map(|r| r.meter.as_str()).collect();
        let kinds: Vec<&str> = a.iter().map(|r| r.kind.as_str()).collect();
        let prios: Vec<&str> = a.iter().map(|r| r.priority.as_str()).collect();
        let events: Vec<&str> = a.iter().map(|r| r.event.as_str()).collect();
        let values: Vec<Option<f64>> = a.iter().map(|r| r.value).collect();
        let who: Vec<Option<&str>> = a.iter().map(|r| r.who.as_deref()).collect();
        let sup: Vec<bool> = a.iter().map(|r| r.suppressed).collect();
        let msg: Vec<Option<&str>> = a.iter().map(|r| r.message.as_deref()).collect();
        tx.execute(
            &format!(
                "INSERT INTO {s}.alarm_event (site, id, time, rule, meter, kind, priority, event,
                     value, who, suppressed, message)
                 SELECT $1, * FROM unnest($2::int8[], $3::timestamptz[], $4::text[], $5::text[],
                     $6::text[], $7::text[], $8::text[], $9::float8[], $10::text[], $11::bool[],
                     $12::text[])
                 ON CONFLICT (site, id) DO NOTHING"
            ),
            &[
                &site, &ids, &times, &rules, &meters, &kinds, &prios, &events, &values, &who, &sup,
                &msg,
            ],
        )
        .await?;
    }
    tx.commit().await?;
    Ok(inserted)
}
