//! A small test plant for the API tests, the browser test and `ems serve --fixture`: ten
//! meters (or more, for page-weight figures) in a three-level hierarchy (incomer → two panels → equipment), some days of
//! 1-minute readings and energy deltas written through [`StoreWriter`], and a task that
//! publishes fake live readings (one meter offline). Deterministic: the same `now` gives the
//! same data.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::broadcast;

use super::{SiteMeter, SiteModel};
use crate::live::{LiveEvent, LiveHealth, LiveValue};
use crate::store::{EnergyDelta, MeterInfo, Reading, StoreError, StoreOptions, StoreWriter};

/// `(name, parent, tags, base load W)`; panels and the incomer have no load of their own.
pub const PLANT: [(&str, Option<&str>, &[&str], f64); 10] = [
    ("Grid Incomer", None, &["incomer"], 0.0),
    ("PCC-1", Some("Grid Incomer"), &["panel"], 0.0),
    ("PCC-2", Some("Grid Incomer"), &["panel"], 0.0),
    ("Compressor 1", Some("PCC-1"), &["compressed-air"], 45_000.0),
    ("Compressor 2", Some("PCC-1"), &["compressed-air"], 38_000.0),
    ("Chiller", Some("PCC-1"), &["hvac"], 80_000.0),
    ("Paint Line", Some("PCC-2"), &["process"], 60_000.0),
    ("Press 1", Some("PCC-2"), &["process"], 35_000.0),
    ("Lighting DB", Some("PCC-2"), &["lighting"], 12_000.0),
    ("HVAC AHU", Some("PCC-2"), &["hvac"], 25_000.0),
];

/// The meter the fake live feed reports offline.
pub const OFFLINE_METER: &str = "Press 1";

/// The fixture's time zone.
pub const TIME_ZONE: &str = "Asia/Kolkata";

/// One meter of a fixture plant.
#[derive(Clone, Debug, PartialEq)]
pub struct PlantMeter {
    /// Name.
    pub name: String,
    /// Upstream meter.
    pub parent: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Base load in W (0 for panels and the incomer, whose load is their children's).
    pub base_w: f64,
    /// Indices of the meters it feeds.
    pub children: Vec<usize>,
}

const EXTRA_TAGS: [&str; 5] = ["process", "hvac", "utilities", "lighting", "compressed-air"];

/// The plant of [`PLANT`] grown to `meters` meters (at least 10): the extra meters are
/// equipment ("Load 11", …) spread over the two panels.
pub fn plant(meters: usize) -> Vec<PlantMeter> {
    let mut out: Vec<PlantMeter> = PLANT
        .iter()
        .map(|(n, p, t, b)| PlantMeter {
            name: (*n).into(),
            parent: p.map(str::to_string),
            tags: t.iter().map(|s| s.to_string()).collect(),
            base_w: *b,
            children: Vec::new(),
        })
        .collect();
    for i in PLANT.len()..meters.max(PLANT.len()) {
        out.push(PlantMeter {
            name: format!("Load {}", i + 1),
            parent: Some(if i % 2 == 0 { "PCC-1" } else { "PCC-2" }.into()),
            tags: vec![EXTRA_TAGS[i % EXTRA_TAGS.len()].into()],
            base_w: 4_000.0 + (i % 7) as f64 * 2_500.0,
            children: Vec::new(),
        });
    }
    for i in 0..out.len() {
        let kids: Vec<usize> = (0..out.len())
            .filter(|&j| out[j].parent.as_deref() == Some(out[i].name.as_str()))
            .collect();
        out[i].children = kids;
    }
    out
}

/// The fixture's site with the ten meters of [`PLANT`].
pub fn site() -> SiteModel {
    site_of(&plant(PLANT.len()))
}

/// The site of a fixture plant.
pub fn site_of(plant: &[PlantMeter]) -> SiteModel {
    SiteModel {
        name: "Fixture Works".into(),
        timezone_name: TIME_ZONE.into(),
        timezone: jiff::tz::TimeZone::get(TIME_ZONE)
            .expect("the bundled tz database has Asia/Kolkata"),
        meters: plant
            .iter()
            .enumerate()
            .map(|(i, m)| SiteMeter {
                name: m.name.clone(),
                unit: Some((i % 247) as u8 + 1),
                bus: Some(if i < 40 { "rs485-a" } else { "rs485-b" }.into()),
                model: Some("EM6400NG".into()),
                parent: m.parent.clone(),
                tags: m.tags.clone(),
            })
            .collect(),
    }
}

fn noise(seed: u64) -> f64 {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    x ^= x >> 31;
    x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^= x >> 29;
    (x % 10_000) as f64 / 10_000.0 - 0.5
}

/// Active power (W) of plant meter `i` at `t_ms`: a daily shape plus noise; panels and the
/// incomer are the sum of their children plus a few per cent of losses and unmetered load.
pub fn power(plant: &[PlantMeter], i: usize, t_ms: i64) -> f64 {
    let m = &plant[i];
    if m.children.is_empty() {
        let hour = (t_ms as f64 / 3_600_000.0 + 5.5) % 24.0;
        let day = 0.7
            + 0.25
                * ((hour - 8.0) / 24.0 * std::f64::consts::TAU)
                    .sin()
                    .max(-0.6);
        let wobble = 0.05 * (t_ms as f64 / 420_000.0 + i as f64).sin();
        m.base_w * (day + wobble + 0.04 * noise((t_ms as u64 / 1000) ^ ((i as u64) << 40)))
    } else {
        let kids: f64 = m.children.iter().map(|&j| power(plant, j, t_ms)).sum();
        kids * if m.parent.is_none() { 1.02 } else { 1.04 }
    }
}

/// Every value of one reading of plant meter `i` at `t_ms`, with the counter `energy_wh`.
pub fn values(plant: &[PlantMeter], i: usize, t_ms: i64, energy_wh: f64) -> Vec<LiveValue> {
    use schneider_em::Quantity as Q;
    let p = power(plant, i, t_ms);
    let pf = 0.9 + 0.06 * (t_ms as f64 / 900_000.0 + i as f64).sin().abs();
    let s = p / pf;
    let q = (s * s - p * p).max(0.0).sqrt();
    let f = 50.0 + 0.04 * (t_ms as f64 / 60_000.0).sin() + 0.01 * noise(t_ms as u64 / 1000);
    let split = [0.34, 0.335, 0.325];
    let mut v = vec![
        LiveValue::of(Q::ActivePowerTotal, p),
        LiveValue::of(Q::ReactivePowerTotal, q),
        LiveValue::of(Q::ApparentPowerTotal, s),
        LiveValue::of(Q::PowerFactorTotal, pf),
        LiveValue::of(Q::Frequency, f),
        LiveValue::of(Q::ActiveEnergyDelivered, energy_wh),
    ];
    let mut ln = 0.0;
    let mut amps = 0.0;
    let phases = [
        (
            Q::VoltageAN,
            Q::CurrentA,
            Q::ActivePowerA,
            Q::ReactivePowerA,
            Q::ApparentPowerA,
            Q::PowerFactorA,
            Q::VoltageAB,
        ),
        (
            Q::VoltageBN,
            Q::CurrentB,
            Q::ActivePowerB,
            Q::ReactivePowerB,
            Q::ApparentPowerB,
            Q::PowerFactorB,
            Q::VoltageBC,
        ),
        (
            Q::VoltageCN,
            Q::CurrentC,
            Q::ActivePowerC,
            Q::ReactivePowerC,
            Q::ApparentPowerC,
            Q::PowerFactorC,
            Q::VoltageCA,
        ),
    ];
    for (k, (vq, iq, pq, qq, sq, pfq, llq)) in phases.into_iter().enumerate() {
        let u = 231.0 + 2.0 * noise(t_ms as u64 / 1000 + k as u64 * 7 + i as u64 * 131);
        v.push(LiveValue::of(vq, u));
        v.push(LiveValue::of(llq, u * 3f64.sqrt()));
        v.push(LiveValue::of(iq, s * split[k] / u));
        v.push(LiveValue::of(pq, p * split[k]));
        v.push(LiveValue::of(qq, q * split[k]));
        v.push(LiveValue::of(sq, s * split[k]));
        v.push(LiveValue::of(pfq, pf));
        ln += u / 3.0;
        amps += s * split[k] / u / 3.0;
    }
    v.push(LiveValue::of(Q::VoltageLNAvg, ln));
    v.push(LiveValue::of(Q::VoltageLLAvg, ln * 3f64.sqrt()));
    v.push(LiveValue::of(Q::CurrentAvg, amps));
    v
}

/// Fills a new store in `data_dir` with `days` of 1-minute readings and energy deltas up to
/// `now_ms` (rounded down to the minute). Returns the energy counter of every meter at the end.
pub fn fill(
    data_dir: &Path,
    plant: &[PlantMeter],
    days: u32,
    now_ms: i64,
) -> Result<Vec<f64>, StoreError> {
    let w = StoreWriter::open(
        data_dir,
        StoreOptions {
            time_zone: Some(TIME_ZONE.into()),
            ..StoreOptions::default()
        },
    )?;
    let site = site_of(plant);
    w.upsert_meters(
        site.meters
            .iter()
            .map(|m| MeterInfo {
                name: m.name.clone(),
                unit: m.unit,
                bus: m.bus.clone(),
                model: m.model.clone(),
                parent: m.parent.clone(),
                tags: m
                    .tags
                    .iter()
                    .map(|t| (t.clone(), serde_json::Value::Bool(true)))
                    .collect(),
            })
            .collect(),
    )?;
    let end = now_ms - now_ms.rem_euclid(60_000);
    let start = end - i64::from(days) * 86_400_000;
    let names: Vec<Arc<str>> = plant.iter().map(|m| Arc::from(m.name.as_str())).collect();
    let mut counters: Vec<f64> = (0..plant.len()).map(|i| 1.0e7 * (i as f64 + 1.0)).collect();
    let mut t = start;
    while t <= end {
        let mut readings = Vec::with_capacity(plant.len() * 40);
        let mut deltas = Vec::with_capacity(plant.len());
        for (i, name) in names.iter().enumerate() {
            if t > start {
                let wh = power(plant, i, t) / 60.0;
                deltas.push(EnergyDelta {
                    meter: name.clone(),
                    quantity: "active_energy_delivered".into(),
                    from_ms: t - 60_000,
                    to_ms: t,
                    wh,
                    counter_first: counters[i],
                    counter_last: counters[i] + wh,
                });
                counters[i] += wh;
            }
            for v in values(plant, i, t, counters[i]) {
                readings.push(Reading::new(name.clone(), t, v.quantity, v.value));
            }
        }
        w.write_readings(readings)?;
        if !deltas.is_empty() {
            w.write_energy(deltas)?;
        }
        t += 60_000;
    }
    w.flush()?;
    w.close()?;
    Ok(counters)
}

/// Publishes a reading of every plant meter every `every` (the offline meter publishes a
/// health event instead), continuing the energy counters from `counters`. Runs until the
/// channel has no sender left to clone (never, in practice): spawn it.
pub async fn publish(
    live: broadcast::Sender<LiveEvent>,
    plant: Vec<PlantMeter>,
    mut counters: Vec<f64>,
    every: Duration,
) {
    let mut tick = tokio::time::interval(every);
    let mut reads = 0u64;
    loop {
        tick.tick().await;
        reads += 1;
        let now = jiff::Timestamp::now().as_millisecond();
        for (i, m) in plant.iter().enumerate() {
            let name = &m.name;
            if name == OFFLINE_METER {
                let _ = live.send(LiveEvent::Health {
                    meter: name.as_str().into(),
                    time_ms: now,
                    health: LiveHealth {
                        state: "offline",
                        last_seen_ms: None,
                        error: Some(format!(
                            "{name} (unit {} on bus rs485-a): no reply in 250 ms",
                            i + 1
                        )),
                        reads,
                        errors: reads,
                        latency_ms: None,
                        backoff_until_ms: Some(now + 30_000),
                    },
                });
                continue;
            }
            counters[i] += power(&plant, i, now) * every.as_secs_f64() / 3600.0;
            let _ = live.send(LiveEvent::Reading {
                meter: name.as_str().into(),
                time_ms: now,
                values: values(&plant, i, now, counters[i]).into(),
                published_ms: Some(now),
                health: Some(LiveHealth {
                    state: "online",
                    last_seen_ms: Some(now),
                    error: None,
                    reads,
                    errors: u64::from(i == 4) * (reads / 10),
                    latency_ms: Some(38.0 + 4.0 * noise(now as u64 + i as u64)),
                    backoff_until_ms: None,
                }),
            });
        }
    }
}

/// Stand-in alarms routes with the shape of the alarms module (`GET /api/alarms`,
/// `POST /api/alarms/{id}/ack`, `POST /api/alarms/{id}/shelve` with `{"until": RFC 3339}`),
/// holding two alarms in memory, for the UI and the browser test.
pub fn alarms_router() -> axum::Router {
    use axum::extract::{Path as UrlPath, State};
    use axum::routing::{get, post};
    use axum::Json;
    use serde_json::{json, Value};
    type Alarms = Arc<std::sync::Mutex<Vec<Value>>>;
    let now = jiff::Timestamp::now();
    let alarms: Alarms = Arc::new(std::sync::Mutex::new(vec![
        json!({"id": "1", "rule": "undervoltage", "meter": "Paint Line", "quantity": "voltage_an", "priority": "high",
               "state": "active", "acknowledged": false, "shelved_until": null,
               "raised_at": now.checked_sub(jiff::SignedDuration::from_mins(7)).unwrap_or(now).to_string(),
               "value": 207.4, "message": "Voltage A-N below 210 V for 60 s"}),
        json!({"id": "2", "rule": "comm-offline", "meter": OFFLINE_METER, "quantity": null, "priority": "medium",
               "state": "active", "acknowledged": true, "shelved_until": null,
               "raised_at": now.checked_sub(jiff::SignedDuration::from_mins(42)).unwrap_or(now).to_string(),
               "value": null, "message": "Meter not answering"}),
    ]));
    let find = |a: &Alarms, id: &str, f: &dyn Fn(&mut Value)| -> Json<Value> {
        let mut l = a.lock().unwrap_or_else(|e| e.into_inner());
        match l.iter_mut().find(|x| x["id"] == id) {
            Some(x) => {
                f(x);
                Json(x.clone())
            }
            None => Json(json!({"error": "no such alarm"})),
        }
    };
    axum::Router::new()
        .route(
            "/api/alarms",
            get(|State(a): State<Alarms>| async move {
                Json(Value::Array(
                    a.lock().unwrap_or_else(|e| e.into_inner()).clone(),
                ))
            }),
        )
        .route(
            "/api/alarms/{id}/ack",
            post(
                move |State(a): State<Alarms>, UrlPath(id): UrlPath<String>| async move {
                    find(&a, &id, &|x| x["acknowledged"] = json!(true))
                },
            ),
        )
        .route(
            "/api/alarms/{id}/shelve",
            post(
                move |State(a): State<Alarms>,
                      UrlPath(id): UrlPath<String>,
                      Json(b): Json<Value>| async move {
                    find(&a, &id, &|x| x["shelved_until"] = b["until"].clone())
                },
            ),
        )
        .with_state(alarms)
}
