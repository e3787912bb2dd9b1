//! A synthetic plant history for the report figures and the sample files: the 79 meters of
//! `plant.toml`, 35 days (25 Feb – 31 Mar 2026, Asia/Kolkata) of 15-minute counter deltas
//! (kWh, lag kvarh, kVAh), leaves with shift-pattern loads, every parent the sum of its children
//! plus 2 % losses, and one 6-hour gap. Ignored by default (it writes ~0.8 M deltas):
//!
//! ```text
//! EMS_PLANT_DIR=/tmp/ems-plant cargo test -p ems --release --test reports_plant -- --ignored --nocapture
//! ```
//!
//! prints the build times of the monthly cost report and its PDF; with `EMS_WRITE_DOCS=1` it
//! also writes `docs/sample-cost-report.pdf` and `.xlsx` at the repository root.

use std::path::{Path, PathBuf};
use std::time::Instant;

use ems::config::Config;
use ems::reports::{self, Format, ReportKind, ReportRequest};
use ems::store::{EnergyDelta, MeterInfo, StoreOptions, StoreReader, StoreWriter};
use jiff::civil::date;

const SLOT: i64 = 900_000;

fn hash(a: u64, b: u64) -> f64 {
    let mut x = a
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add(b.wrapping_mul(0xC2B2_AE3D_27D4_EB4F));
    x ^= x >> 31;
    x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^= x >> 29;
    (x % 10_000) as f64 / 10_000.0
}

/// Writes the plant history into `dir`.
fn generate(dir: &Path, cfg: &Config) {
    let tz = cfg.timezone.clone();
    let start = date(2026, 2, 25)
        .to_zoned_datetime(tz.clone())
        .unwrap()
        .timestamp()
        .as_millisecond();
    let end = date(2026, 4, 1)
        .to_zoned_datetime(tz.clone())
        .unwrap()
        .timestamp()
        .as_millisecond();
    let n = ((end - start) / SLOT) as usize;
    let m = cfg.meters.len();
    // kWh and kVAh per slot per meter, leaves first, then parents bottom-up.
    let mut kwh = vec![vec![0.0f64; n]; m];
    let mut kvah = vec![vec![0.0f64; n]; m];
    let has_kids: Vec<bool> = (0..m)
        .map(|i| cfg.meters.iter().any(|x| x.parent == Some(i)))
        .collect();
    for i in (0..m).filter(|&i| !has_kids[i]) {
        let rated = 15.0 + 140.0 * hash(i as u64, 7);
        let pf = 0.86 + 0.01 * (i % 12) as f64;
        let evening = cfg.meters[i].tags.iter().any(|t| t == "lighting");
        for s in 0..n {
            let t = start + s as i64 * SLOT;
            let z = jiff::Timestamp::from_millisecond(t)
                .unwrap()
                .to_zoned_datetime(tz.clone());
            let h = z.hour();
            let weekend = z.weekday().to_monday_zero_offset() >= 5;
            let shift = if evening {
                if !(6..18).contains(&h) {
                    0.9
                } else {
                    0.1
                }
            } else if weekend {
                0.3
            } else if (6..22).contains(&h) {
                0.85
            } else {
                0.35
            };
            let kw = rated * shift * (0.9 + 0.2 * hash(i as u64, s as u64));
            kwh[i][s] = kw / 4.0 * 1000.0;
            kvah[i][s] = kwh[i][s] / pf;
        }
    }
    // Parents: deepest first.
    let depth = |i: usize| cfg.ancestry(i).len();
    let mut order: Vec<usize> = (0..m).filter(|&i| has_kids[i]).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(depth(i)));
    for p in order {
        for c in (0..m).filter(|&c| cfg.meters[c].parent == Some(p)) {
            for s in 0..n {
                kwh[p][s] += kwh[c][s] * 1.02;
                kvah[p][s] += kvah[c][s] * 1.02;
            }
        }
    }
    let w = StoreWriter::open(
        dir,
        StoreOptions {
            time_zone: Some(cfg.timezone_name.clone()),
            ..StoreOptions::default()
        },
    )
    .unwrap();
    w.upsert_meters(
        cfg.meters
            .iter()
            .map(|mc| MeterInfo {
                name: mc.name.clone(),
                unit: Some(mc.unit.get()),
                bus: Some(cfg.buses[mc.bus].name.clone()),
                model: Some("em6400ng".into()),
                parent: mc.parent.map(|p| cfg.meters[p].name.clone()),
                tags: mc
                    .tags
                    .iter()
                    .map(|t| (t.clone(), serde_json::Value::Bool(true)))
                    .collect(),
            })
            .collect(),
    )
    .unwrap();
    let gap = (
        date(2026, 3, 14)
            .at(10, 0, 0, 0)
            .to_zoned_datetime(tz.clone())
            .unwrap()
            .timestamp()
            .as_millisecond(),
        date(2026, 3, 14)
            .at(16, 0, 0, 0)
            .to_zoned_datetime(tz.clone())
            .unwrap()
            .timestamp()
            .as_millisecond(),
    );
    for (i, mc) in cfg.meters.iter().enumerate() {
        let mut out = Vec::with_capacity(3 * n);
        for (q, series) in [
            ("active_energy_delivered", &kwh[i]),
            ("apparent_energy_delivered", &kvah[i]),
        ] {
            let mut c = 1.0e7 * (1.0 + i as f64);
            for (s, v) in series.iter().enumerate() {
                let t = start + s as i64 * SLOT;
                if mc.name == "Street Lighting" && t >= gap.0 && t < gap.1 {
                    continue;
                }
                out.push(EnergyDelta {
                    meter: mc.name.as_str().into(),
                    quantity: q.into(),
                    from_ms: t,
                    to_ms: t + SLOT,
                    wh: *v,
                    counter_first: c,
                    counter_last: c + v,
                });
                c += v;
            }
        }
        let mut c = 1.0e6;
        for s in 0..n {
            let v = (kvah[i][s].powi(2) - kwh[i][s].powi(2)).max(0.0).sqrt();
            let t = start + s as i64 * SLOT;
            if mc.name == "Street Lighting" && t >= gap.0 && t < gap.1 {
                continue;
            }
            out.push(EnergyDelta {
                meter: mc.name.as_str().into(),
                quantity: "reactive_energy_delivered_inductive".into(),
                from_ms: t,
                to_ms: t + SLOT,
                wh: v,
                counter_first: c,
                counter_last: c + v,
            });
            c += v;
        }
        w.write_energy(out).unwrap();
    }
    w.close().unwrap();
}

#[test]
#[ignore = "writes a 35-day, 79-meter history; run for BENCHMARKS.md and docs/ samples"]
fn plant_month_cost_report_and_pdf() {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let cfg = Config::load(&manifest.join("plant.toml")).unwrap();
    let dir = std::env::var_os("EMS_PLANT_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("ems-plant"));
    if !dir.join("ems.sqlite").exists() {
        std::fs::create_dir_all(&dir).unwrap();
        let t0 = Instant::now();
        generate(&dir, &cfg);
        eprintln!("history written to {} in {:?}", dir.display(), t0.elapsed());
    }
    let reader = StoreReader::open(&dir).unwrap();
    let rq = ReportRequest::new(
        ReportKind::Cost,
        date(2026, 3, 1),
        date(2026, 3, 31),
        Format::Json,
    );
    let t0 = Instant::now();
    let report = reports::build(&rq, &reader, &cfg).unwrap();
    let build = t0.elapsed();
    assert_eq!(report.tables[2].rows.len(), 79);
    let t1 = Instant::now();
    let pdf = ems::export::to_bytes(&report, Format::Pdf).unwrap();
    let pdf_time = t1.elapsed();
    let t2 = Instant::now();
    let xlsx = ems::export::to_bytes(&report, Format::Xlsx).unwrap();
    let xlsx_time = t2.elapsed();
    eprintln!(
        "monthly cost report, 79 meters: build {build:?}; PDF {pdf_time:?} ({} bytes); xlsx {xlsx_time:?} ({} bytes)",
        pdf.len(),
        xlsx.len()
    );
    for s in &report.summary {
        eprintln!("  {}: {}", s.0, s.1);
    }
    if std::env::var_os("EMS_WRITE_DOCS").is_some() {
        let docs = manifest.join("../../docs");
        std::fs::write(docs.join("sample-cost-report.pdf"), &pdf).unwrap();
        std::fs::write(docs.join("sample-cost-report.xlsx"), &xlsx).unwrap();
        for (kind, name) in [
            (ReportKind::Demand, "sample-demand-report.pdf"),
            (ReportKind::Balance, "sample-balance-report.pdf"),
        ] {
            let mut r = rq.clone();
            r.kind = kind;
            r.format = Format::Pdf;
            if kind == ReportKind::Balance {
                r.by = Some(reports::Grouping::Day);
            }
            let (b, _, _) = reports::render(&r, &reader, &cfg).unwrap();
            std::fs::write(docs.join(name), b).unwrap();
        }
        eprintln!("samples written to {}", docs.display());
    }
}
