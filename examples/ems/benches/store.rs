//! SQLite ingest and size of the `ems` store.
//!
//! `cargo bench -p ems --bench store [-- REPS READS]` (defaults 5 and 200000)
//!
//! One "meter read" is 30 values (27 instantaneous quantities and 3 energy counters of the
//! EM6400NG), written through `StoreWriter::write_readings` as the collector would, for 80
//! meters read once a (simulated) second; the second scenario adds the 3 energy deltas per read
//! the energy module sends. Time runs from the first write until `flush` returns (everything
//! committed, default options: 1 s / 300 000-row batches, `synchronous = FULL`). Sizes come from
//! SQLite's `dbstat` table after a checkpoint.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use ems::store::{EnergyDelta, Reading, StoreOptions, StoreWriter};
use schneider_em::{Quantity, QuantityKind};

const METERS: usize = 80;
const T0: i64 = 1_772_323_200_000;

/// The first `inst` instantaneous and `energy` energy quantities of the library.
fn quantities(inst: usize, energy: usize) -> (Vec<&'static str>, Vec<&'static str>) {
    let first = |kind: QuantityKind, n: usize| -> Vec<&'static str> {
        Quantity::ALL
            .iter()
            .filter(|q| q.kind() == kind)
            .map(|q| q.name())
            .take(n)
            .collect()
    };
    let (i, e) = (
        first(QuantityKind::Instantaneous, inst),
        first(QuantityKind::Energy, energy),
    );
    assert_eq!((i.len(), e.len()), (inst, energy));
    (i, e)
}

fn fresh_dir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("ems-bench-store-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// CPU time of this process (all threads) so far, in seconds, from `/proc/self/stat` (utime +
/// stime at the usual 100 ticks a second). Unlike wall time it hardly depends on what else the
/// shared machine runs.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = after.split_whitespace().collect();
    let tick = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // Fields 14 and 15 of stat(5); `after` starts at field 3.
    (tick(11) + tick(12)) / 100.0
}

/// Ingests `reads` meter reads; returns (wall, CPU) seconds from the first write to the end of
/// `flush`.
fn ingest(dir: &Path, reads: usize, with_deltas: bool) -> (f64, f64) {
    let (inst, energy) = quantities(27, 3);
    let meters: Vec<Arc<str>> = (0..METERS)
        .map(|m| format!("meter {m:02}").into())
        .collect();
    let mut opts = StoreOptions::default();
    if let Some(rows) = std::env::var("EMS_BENCH_BATCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        opts.batch_rows = rows;
    }
    let w = StoreWriter::open(dir, opts).unwrap();
    let t0 = Instant::now();
    let c0 = cpu_seconds();
    for i in 0..reads {
        let m = i % METERS;
        let k = (i / METERS) as i64;
        let t = T0 + k * 1000 + m as i64 * 7;
        let x = (k as f64 * 0.01 + m as f64).sin();
        let mut v = Vec::with_capacity(30);
        for (j, q) in inst.iter().enumerate() {
            // As a meter sends them: float32 registers (the energy counters below are
            // not float32-exact and stay f64).
            let value = f64::from((230.0 + j as f64 + x) as f32);
            v.push(Reading::new(meters[m].clone(), t, *q, value));
        }
        for (j, q) in energy.iter().enumerate() {
            v.push(Reading::new(
                meters[m].clone(),
                t,
                *q,
                1e7 + (k * (j as i64 + 1)) as f64 * 2.5,
            ));
        }
        w.write_readings(v).unwrap();
        if with_deltas && k > 0 {
            let d = energy
                .iter()
                .enumerate()
                .map(|(j, q)| EnergyDelta {
                    meter: meters[m].clone(),
                    quantity: (*q).into(),
                    from_ms: t - 1000,
                    to_ms: t,
                    wh: 2.5 * (j + 1) as f64,
                    counter_first: 1e7 + ((k - 1) * (j as i64 + 1)) as f64 * 2.5,
                    counter_last: 1e7 + (k * (j as i64 + 1)) as f64 * 2.5,
                })
                .collect();
            w.write_energy(d).unwrap();
        }
    }
    w.flush().unwrap();
    let secs = (t0.elapsed().as_secs_f64(), cpu_seconds() - c0);
    let s = w.status();
    assert_eq!(s.committed_values as usize, reads * 30);
    assert_eq!(s.rejected, 0);
    w.close().unwrap();
    secs
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// `(table, bytes, rows)` from `dbstat`, after a checkpoint.
fn sizes(dir: &Path) -> Vec<(String, i64, i64)> {
    let c = rusqlite::Connection::open(dir.join("ems.sqlite")).unwrap();
    c.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    let mut st = c
        .prepare("SELECT name, sum(pgsize) FROM dbstat WHERE name NOT LIKE 'sqlite_%' GROUP BY name ORDER BY name")
        .unwrap();
    let tables: Vec<(String, i64)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    tables
        .into_iter()
        .map(|(name, bytes)| {
            let rows: i64 = c
                .query_row(&format!("SELECT count(*) FROM \"{name}\""), [], |r| {
                    r.get(0)
                })
                .unwrap_or(0);
            (name, bytes, rows)
        })
        .collect()
}

/// One meter-year at the default poll classes, measured rather than extrapolated from one
/// cadence: `METERS_D` meters for `DAYS_D` simulated days, the 27 instantaneous quantities every
/// 10 s (`[poll.fast]`'s dashboard default) and 12 energy counters every 60 s
/// (`[poll.energy]`) with the 12 deltas the energy module books per counter read. Raw tables
/// are counted as they stand (their 7-day retention); the rollups are scaled to 365 days.
fn default_cadence() {
    const METERS_D: usize = 10;
    const DAYS_D: i64 = 7;
    let (inst, energy) = quantities(27, 12);
    let dir = fresh_dir("cadence");
    let w = StoreWriter::open(&dir, StoreOptions::default()).unwrap();
    let meters: Vec<Arc<str>> = (0..METERS_D)
        .map(|m| format!("meter {m:02}").into())
        .collect();
    let counter = |m: usize, j: usize, minute: i64| -> f64 {
        // INT64 Wh registers: whole numbers, far beyond float32's exact range.
        (50_000_000 + m * 1_000_000 + j * 10_000) as f64 + (minute * (40 + j as i64)) as f64
    };
    for s10 in 0..DAYS_D * 8640 {
        let mut batch = Vec::with_capacity(METERS_D * 40);
        let mut deltas = Vec::new();
        for (m, name) in meters.iter().enumerate() {
            let t = T0 + s10 * 10_000 + m as i64 * 7;
            let x = (s10 as f64 * 0.003 + m as f64).sin();
            for (j, q) in inst.iter().enumerate() {
                let v = f64::from((230.0 + j as f64 + x) as f32);
                batch.push(Reading::new(name.clone(), t, *q, v));
            }
            if s10 % 6 == 0 {
                let minute = s10 / 6;
                for (j, q) in energy.iter().enumerate() {
                    batch.push(Reading::new(name.clone(), t, *q, counter(m, j, minute)));
                    if minute > 0 {
                        deltas.push(EnergyDelta {
                            meter: name.clone(),
                            quantity: (*q).into(),
                            from_ms: t - 60_000,
                            to_ms: t,
                            wh: counter(m, j, minute) - counter(m, j, minute - 1),
                            counter_first: counter(m, j, minute - 1),
                            counter_last: counter(m, j, minute),
                        });
                    }
                }
            }
        }
        w.write_readings(batch).unwrap();
        if !deltas.is_empty() {
            w.write_energy(deltas).unwrap();
        }
    }
    w.flush().unwrap();
    w.close().unwrap();
    let tables = sizes(&dir);
    let year = 365.0 / DAYS_D as f64;
    let mut total = 0.0;
    let mut detail = Vec::new();
    for (name, bytes, _) in &tables {
        let per_meter = *bytes as f64 / METERS_D as f64;
        let (label, b) = match name.as_str() {
            "raw" | "energy_raw" | "change_log" => (format!("{name} (7 d)"), per_meter),
            "value_1m" | "energy_1m" | "energy_1m_packed" | "value_15m" | "energy_15m" => {
                (format!("{name} (1 y)"), per_meter * year)
            }
            _ => continue,
        };
        total += b;
        detail.push(format!("{label} {:.1} MB", b / 1e6));
    }
    println!(
        "\nper meter after one year at the default poll classes (27 quantities every 10 s, 12 energy \
         counters every 60 s; {METERS_D} meters × {DAYS_D} simulated days, rollups scaled to 365 d): \
         {:.1} MB ({}); a 79-meter plant: {:.2} GB",
        total / 1e6,
        detail.join(", "),
        total * 79.0 / 1e9
    );
    std::fs::remove_dir_all(dir).ok();
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let reps: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(5);
    let reads: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(200_000);
    println!("store ingest: {reads} meter reads of 30 values ({METERS} meters, 1 read/s simulated), {reps} runs each");
    let mut last_dir = None;
    for (label, with_deltas) in [
        ("readings only", false),
        ("readings + 3 energy deltas per read", true),
    ] {
        let mut rates = Vec::new();
        let mut cpu_rates = Vec::new();
        for rep in 0..reps {
            let dir = fresh_dir(if with_deltas { "d" } else { "r" });
            let (wall, cpu) = ingest(&dir, reads, with_deltas);
            rates.push(reads as f64 / wall);
            cpu_rates.push(reads as f64 / cpu);
            if rep + 1 == reps {
                if let Some(old) = last_dir.replace(dir) {
                    std::fs::remove_dir_all(old).ok();
                }
            } else {
                std::fs::remove_dir_all(dir).ok();
            }
        }
        let runs: Vec<String> = rates.iter().map(|r| format!("{r:.0}")).collect();
        println!(
            "{label}: median {:.0} reads/s ({:.0} values/s); runs: {}; median {:.0} reads per CPU-second (writer + producer threads)",
            median(rates.clone()),
            median(rates) * 30.0,
            runs.join(", "),
            median(cpu_rates)
        );
    }
    // Sizes, from the last run of the second scenario.
    let dir = last_dir.unwrap();
    let tables = sizes(&dir);
    let file = std::fs::metadata(dir.join("ems.sqlite")).unwrap().len();
    println!("\ndatabase after {reads} reads with deltas: {file} bytes");
    println!(
        "{:<16} {:>12} {:>10} {:>10}",
        "table", "bytes", "rows", "bytes/row"
    );
    let mut per_row = std::collections::HashMap::new();
    for (name, bytes, rows) in &tables {
        let b = if *rows > 0 {
            *bytes as f64 / *rows as f64
        } else {
            0.0
        };
        per_row.insert(name.clone(), b);
        println!("{name:<16} {bytes:>12} {rows:>10} {b:>10.1}");
    }
    let values = reads as f64 * 30.0;
    let raw_bytes = tables.iter().find(|t| t.0 == "raw").map_or(0, |t| t.1) as f64;
    println!(
        "raw readings: {:.2} bytes per stored value (raw table / values); whole file {:.2} bytes per value",
        raw_bytes / values,
        file as f64 / values
    );
    // One meter, one year, default retention (raw 7 d, 1-min 400 d > 1 year, 15-min forever).
    let (inst, energy) = (27.0, 3.0);
    for poll_s in [1.0, 12.0] {
        let reads_7d = 7.0 * 86_400.0 / poll_s;
        let parts = [
            ("raw (7 d)", reads_7d * per_row["raw"]),
            (
                "energy_raw (7 d)",
                reads_7d * energy * per_row["energy_raw"],
            ),
            // One packed row per meter and minute holds every instantaneous quantity.
            ("value_1m (1 y)", 365.0 * 1440.0 * per_row["value_1m"]),
            // So does one packed row per meter and minute of every energy counter (the legacy
            // energy_1m, one row per counter and minute, stays empty in a new database).
            (
                "energy_1m_packed (1 y)",
                365.0 * 1440.0 * per_row["energy_1m_packed"],
            ),
            (
                "value_15m (1 y)",
                365.0 * 96.0 * inst * per_row["value_15m"],
            ),
            (
                "energy_15m (1 y)",
                365.0 * 96.0 * energy * per_row["energy_15m"],
            ),
        ];
        let total: f64 = parts.iter().map(|p| p.1).sum();
        let detail: Vec<String> = parts
            .iter()
            .map(|(n, b)| format!("{n} {:.1} MB", b / 1e6))
            .collect();
        println!(
            "per meter after one year, poll every {poll_s} s: {:.0} MB ({})",
            total / 1e6,
            detail.join(", ")
        );
    }
    std::fs::remove_dir_all(dir).ok();
    default_cadence();
}
