//! Reports and exports against hand-computed worked examples: maximum demand per 30-minute
//! block, billable demand with a ratchet, a time-of-day tariff with a mid-month revision,
//! power-factor incentive and penalty, energy across a counter reset, a meter replacement, a
//! gap and a day boundary in +05:30, energy balance and load profile; then the files: JSON,
//! CSV (RFC 4180, nulls), xlsx read back with calamine, PDF checked with poppler's
//! `pdftotext` and rendered with `pdftoppm` (set `EMS_SKIP_POPPLER=1` to skip those where
//! poppler-utils cannot be installed; without it a missing poppler fails the test).

use std::path::{Path, PathBuf};
use std::process::Command;

use ems::config::Config;
use ems::reports::{
    self, cost::pf_adjustment_percent, schedule, Cell, Format, Grouping, Report, ReportKind,
    ReportRequest, Subject,
};
use ems::store::{EnergyDelta, MeterInfo, Reading, StoreOptions, StoreReader, StoreWriter};
use jiff::civil::{date, Date};

const EMS: &str = env!("CARGO_BIN_EXE_ems");
const SLOT: i64 = 900_000;

fn tempdir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("ems-reports-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn t(s: &str) -> i64 {
    s.parse::<jiff::Timestamp>().unwrap().as_millisecond()
}

fn ist() -> StoreOptions {
    StoreOptions {
        time_zone: Some("Asia/Kolkata".into()),
        ..StoreOptions::default()
    }
}

fn meter(name: &str, parent: Option<&str>) -> MeterInfo {
    MeterInfo {
        name: name.into(),
        parent: parent.map(str::to_string),
        ..MeterInfo::default()
    }
}

/// 15-minute deltas of one quantity: `f(slot start ms)` Wh (None: no data).
fn slot_deltas(
    m: &str,
    q: &'static str,
    from_ms: i64,
    to_ms: i64,
    f: impl Fn(i64) -> Option<f64>,
) -> Vec<EnergyDelta> {
    let mut out = Vec::new();
    let mut c = 1_000_000.0;
    let mut s = from_ms;
    while s < to_ms {
        if let Some(wh) = f(s) {
            out.push(EnergyDelta {
                meter: m.into(),
                quantity: q.into(),
                from_ms: s,
                to_ms: s + SLOT,
                wh,
                counter_first: c,
                counter_last: c + wh,
            });
            c += wh;
        }
        s += SLOT;
    }
    out
}

fn config(extra: &str, meters: &[(&str, Option<&str>, &[&str])]) -> Config {
    let mut s = String::from(
        "site = \"Falta works\"\ntimezone = \"Asia/Kolkata\"\n\n[[bus]]\nname = \"a\"\nport = \"/dev/null\"\n",
    );
    for (i, (n, p, tags)) in meters.iter().enumerate() {
        s.push_str(&format!(
            "\n[[meter]]\nname = \"{n}\"\nbus = \"a\"\nunit = {}\nmodel = \"em6400ng\"\n",
            i + 1
        ));
        if let Some(p) = p {
            s.push_str(&format!("parent = \"{p}\"\n"));
        }
        let tags: Vec<String> = tags.iter().map(|t| format!("\"{t}\"")).collect();
        s.push_str(&format!("tags = [{}]\n", tags.join(", ")));
    }
    s.push('\n');
    s.push_str(extra);
    Config::parse(&s, "test.toml").unwrap_or_else(|e| panic!("{e}\n---\n{s}"))
}

/// The demo tariff of the worked example: ToD zones peak 18–22 (10/kWh), solar 09–17 (6/kWh),
/// normal otherwise (8/kWh); 30-minute kVA blocks; 350 per kVA; fixed 2500; KSEB-style PF bands.
fn tariff(contract: f64, basis: &str, version: &str) -> String {
    format!(
        r#"[tariff]
currency = "INR"
demand_block_minutes = 30
demand_basis = "kva"
contract_demand_kva = {contract}
ratchet_percent = 75
demand_charge_per_kva = 350
energy_basis = "{basis}"
fixed_charge = 2500

[[tariff.zone]]
name = "normal"
start = "22:00"
end = "09:00"
days = "all"
rate = 8

[[tariff.zone]]
name = "solar"
start = "09:00"
end = "17:00"
days = "all"
rate = 6

[[tariff.zone]]
name = "normal"
start = "17:00"
end = "18:00"
days = "all"
rate = 8

[[tariff.zone]]
name = "peak"
start = "18:00"
end = "22:00"
days = "all"
rate = 10

[[tariff.pf]]
from = 0.95
to = 1.0
percent_per_0_01 = -0.5

[[tariff.pf]]
from = 0.95
to = 0.90
percent_per_0_01 = 0.5

[[tariff.pf]]
from = 0.90
to = 0.0
percent_per_0_01 = 1.0
{version}"#
    )
}

/// March 2026 in Kolkata for meter "Incomer": every slot 24 kWh / 25 kVAh (96 kW, 100 kVA,
/// PF 0.96); on 10 March 10:00–10:30 local both slots doubled (200 kVA block); on 12 March
/// 11:00–11:15 local one slot of 96 kWh / 100 kVAh (400 kVA for 15 minutes, but the 30-minute
/// block 11:00–11:30 is (100 + 25) × 2 = 250 kVA: the MD).
fn march_store(tag: &str) -> PathBuf {
    let dir = tempdir(tag);
    let w = StoreWriter::open(&dir, ist()).unwrap();
    w.upsert_meters(vec![meter("Incomer", None)]).unwrap();
    let (a, b) = (t("2026-02-28T18:30:00Z"), t("2026-03-31T18:30:00Z"));
    let p1 = t("2026-03-10T04:30:00Z"); // 10:00 local
    let spike = t("2026-03-12T05:30:00Z"); // 11:00 local
    let kwh = move |s: i64| {
        Some(if s == p1 || s == p1 + SLOT {
            48_000.0
        } else if s == spike {
            96_000.0
        } else {
            24_000.0
        })
    };
    let kvah = move |s: i64| {
        Some(if s == p1 || s == p1 + SLOT {
            50_000.0
        } else if s == spike {
            100_000.0
        } else {
            25_000.0
        })
    };
    w.write_energy(slot_deltas("Incomer", "active_energy_delivered", a, b, kwh))
        .unwrap();
    w.write_energy(slot_deltas(
        "Incomer",
        "apparent_energy_delivered",
        a,
        b,
        kvah,
    ))
    .unwrap();
    // The meter's own peak-demand register (its 15-minute interval saw the 400 kVA spike).
    w.write_readings(vec![
        Reading::new(
            "Incomer",
            t("2026-03-12T06:00:00Z"),
            "apparent_power_demand_peak",
            400_000.0,
        ),
        Reading::new(
            "Incomer",
            t("2026-03-20T06:00:00Z"),
            "apparent_power_demand_peak",
            400_000.0,
        ),
    ])
    .unwrap();
    w.close().unwrap();
    dir
}

fn num(r: &Report, table: usize, row: usize, col: &str) -> Option<f64> {
    let tb = &r.tables[table];
    let c = tb
        .col(col)
        .unwrap_or_else(|| panic!("no column {col} in {}", tb.name));
    match &tb.rows[row][c] {
        Cell::Num(v) => Some(*v),
        Cell::Null => None,
        other => panic!("{col}: {other:?}"),
    }
}

fn time(r: &Report, table: usize, row: usize, col: &str) -> String {
    let tb = &r.tables[table];
    match &tb.rows[row][tb.col(col).unwrap()] {
        Cell::Time(ms) => r.time_text(*ms),
        other => panic!("{col}: {other:?}"),
    }
}

fn req(kind: ReportKind, from: Date, to: Date) -> ReportRequest {
    ReportRequest::new(kind, from, to, Format::Json)
}

fn close(a: f64, b: f64) {
    assert!((a - b).abs() < 0.011, "{a} != {b}");
}

#[test]
fn maximum_demand_is_the_highest_30_minute_block_not_the_15_minute_spike() {
    let dir = march_store("md");
    let reader = StoreReader::open(&dir).unwrap();
    let cfg = config(&tariff(300.0, "kwh", ""), &[("Incomer", None, &[])]);
    let r = reports::build(
        &req(ReportKind::Demand, date(2026, 3, 1), date(2026, 3, 31)),
        &reader,
        &cfg,
    )
    .unwrap();
    // Row 0: the billed supply; row 1: the meter itself.
    for row in [0, 1] {
        close(num(&r, 0, row, "md_kva").unwrap(), 250.0);
        assert_eq!(time(&r, 0, row, "md_start"), "2026-03-12T11:00:00+05:30");
        assert_eq!(time(&r, 0, row, "md_end"), "2026-03-12T11:30:00+05:30");
        assert_eq!(num(&r, 0, row, "blocks"), Some(31.0 * 48.0));
        assert_eq!(num(&r, 0, row, "incomplete_blocks"), Some(0.0));
    }
    assert_eq!(time(&r, 0, 0, "start"), "2026-03-01T00:00:00+05:30");
    assert_eq!(time(&r, 0, 0, "end"), "2026-04-01T00:00:00+05:30");
    // Contract 300 kVA at 75 %: floor 225 < MD, so the MD is billed.
    close(num(&r, 0, 0, "billable_demand_kva").unwrap(), 250.0);
    // The meter's register saw 400 kVA (its own 15-minute interval): the difference is shown.
    close(num(&r, 0, 1, "meter_peak_kva").unwrap(), 400.0);
    close(num(&r, 0, 1, "peak_diff_kva").unwrap(), 150.0);
    // Peak analysis: 250 first, then the 200 kVA block of 10 March, then base 100 kVA blocks.
    close(num(&r, 1, 0, "demand_kva").unwrap(), 250.0);
    close(num(&r, 1, 1, "demand_kva").unwrap(), 200.0);
    assert_eq!(time(&r, 1, 1, "start"), "2026-03-10T10:00:00+05:30");
    close(num(&r, 1, 2, "demand_kva").unwrap(), 100.0);
}

#[test]
fn shorter_blocks_see_the_15_minute_spike() {
    let dir = march_store("blocks");
    let reader = StoreReader::open(&dir).unwrap();
    // 15-minute blocks (from 15-minute slots) and 10-minute blocks (from 1-minute slots: the
    // 100 kVAh spike spreads evenly over its 15 minutes, so its 10-minute blocks hold 66.7 kVAh).
    for (minutes, start) in [
        (15, "2026-03-12T11:00:00+05:30"),
        (10, "2026-03-12T11:00:00+05:30"),
    ] {
        let tf = tariff(300.0, "kwh", "").replace(
            "demand_block_minutes = 30",
            &format!("demand_block_minutes = {minutes}"),
        );
        let cfg = config(&tf, &[("Incomer", None, &[])]);
        let r = reports::build(
            &req(ReportKind::Demand, date(2026, 3, 1), date(2026, 3, 31)),
            &reader,
            &cfg,
        )
        .unwrap();
        close(num(&r, 0, 0, "md_kva").unwrap(), 400.0);
        assert_eq!(time(&r, 0, 0, "md_start"), start);
        assert_eq!(
            num(&r, 0, 0, "blocks"),
            Some(31.0 * 24.0 * 60.0 / f64::from(minutes))
        );
    }
}

#[test]
fn monthly_bill_matches_the_hand_computed_worked_example() {
    let dir = march_store("bill");
    let reader = StoreReader::open(&dir).unwrap();
    let cfg = config(&tariff(300.0, "kwh", ""), &[("Incomer", None, &[])]);
    let r = reports::build(
        &req(ReportKind::Cost, date(2026, 3, 1), date(2026, 3, 31)),
        &reader,
        &cfg,
    )
    .unwrap();
    // kWh = 2976 × 24 + 2 × 24 + 72 = 71 544; kVAh = 2976 × 25 + 2 × 25 + 75 = 74 525.
    close(num(&r, 0, 0, "energy_kwh").unwrap(), 71_544.0);
    close(num(&r, 0, 0, "energy_kvah").unwrap(), 74_525.0);
    // PF = 71 544 / 74 525 = 0.96: one 0.01 step above 0.95 → 0.5 % incentive.
    close(num(&r, 0, 0, "pf").unwrap(), 0.96);
    close(num(&r, 0, 0, "pf_adjustment_percent").unwrap(), -0.5);
    // Energy: per day 16 peak slots × 24 × 10 + 32 solar × 24 × 6 + 48 normal × 24 × 8 =
    // 17 664; × 31 = 547 584; the extra 48 kWh (10 March) and 72 kWh (12 March) fall in solar
    // hours at 6: + 720 → 548 304.
    close(num(&r, 0, 0, "energy_charge_inr").unwrap(), 548_304.0);
    close(num(&r, 0, 0, "pf_adjustment_inr").unwrap(), -2_741.52);
    close(num(&r, 0, 0, "demand_charge_inr").unwrap(), 250.0 * 350.0);
    close(num(&r, 0, 0, "fixed_charge_inr").unwrap(), 2_500.0);
    close(num(&r, 0, 0, "cost_inr").unwrap(), 635_562.48);
    assert_eq!(num(&r, 0, 0, "missing_slots"), Some(0.0));
    // ToD zone lines: normal 48 slots/day, peak 16, solar 32 (+ extras).
    let zones = &r.tables[1];
    let zone = |name: &str| {
        let i = zones
            .rows
            .iter()
            .position(|row| row[2] == Cell::Text(name.into()))
            .unwrap();
        (
            num(&r, 1, i, "energy_kwh").unwrap(),
            num(&r, 1, i, "cost_inr").unwrap(),
        )
    };
    let (e, c) = zone("peak");
    close(e, 31.0 * 16.0 * 24.0);
    close(c, 31.0 * 16.0 * 24.0 * 10.0);
    let (e, _) = zone("solar");
    close(e, 31.0 * 32.0 * 24.0 + 120.0);
}

#[test]
fn ratchet_bills_75_percent_of_contract_demand_when_md_is_lower() {
    let dir = march_store("ratchet");
    let reader = StoreReader::open(&dir).unwrap();
    let cfg = config(&tariff(500.0, "kwh", ""), &[("Incomer", None, &[])]);
    let r = reports::build(
        &req(ReportKind::Cost, date(2026, 3, 1), date(2026, 3, 31)),
        &reader,
        &cfg,
    )
    .unwrap();
    close(num(&r, 0, 0, "md_kva").unwrap(), 250.0);
    // 75 % × 500 = 375 > 250.
    close(num(&r, 0, 0, "billable_demand_kva").unwrap(), 375.0);
    close(num(&r, 0, 0, "demand_charge_inr").unwrap(), 131_250.0);
    // 548 304 + 131 250 − 2 741.52 + 2 500.
    close(num(&r, 0, 0, "cost_inr").unwrap(), 679_312.48);
}

#[test]
fn tariff_revision_mid_month_splits_by_slot() {
    let dir = march_store("revision");
    let reader = StoreReader::open(&dir).unwrap();
    let v = "\n[[tariff.version]]\nfrom = \"2026-03-16\"\n\n[[tariff.version.zone]]\nname = \"offpeak\"\nstart = \"22:00\"\nend = \"18:00\"\nrate = 8\n\n[[tariff.version.zone]]\nname = \"peak\"\nstart = \"18:00\"\nend = \"22:00\"\nrate = 12\n";
    let cfg = config(&tariff(300.0, "kwh", v), &[("Incomer", None, &[])]);
    let r = reports::build(
        &req(ReportKind::Cost, date(2026, 3, 1), date(2026, 3, 31)),
        &reader,
        &cfg,
    )
    .unwrap();
    // 1–15 March as before: 15 × 17 664 + 720 = 265 680. 16–31 March: 16 peak slots × 24 × 12
    // + 80 × 24 × 8 = 4 608 + 15 360 = 19 968 a day; × 16 = 319 488.
    close(
        num(&r, 0, 0, "energy_charge_inr").unwrap(),
        265_680.0 + 319_488.0,
    );
    let zones: Vec<(String, f64)> = r.tables[1]
        .rows
        .iter()
        .map(|row| match (&row[2], &row[4]) {
            (Cell::Text(z), Cell::Num(rate)) => (z.clone(), *rate),
            _ => panic!(),
        })
        .collect();
    assert!(zones.contains(&("peak".into(), 10.0)) && zones.contains(&("peak".into(), 12.0)));
}

#[test]
fn pf_clause_bands_count_hundredths_beyond_each_threshold() {
    let cfg = config(&tariff(300.0, "kwh", ""), &[("Incomer", None, &[])]);
    let bands = &cfg.tariff.as_ref().unwrap().versions[0].pf;
    let cases = [
        (1.0, -2.5),
        (0.96, -0.5),
        (0.95, 0.0),
        (0.92, 1.5),
        (0.90, 2.5),
        (0.85, 7.5),
    ];
    for (pf, pct) in cases {
        let got = pf_adjustment_percent(bands, pf);
        assert!((got - pct).abs() < 1e-9, "pf {pf}: {got} != {pct}");
    }
}

#[test]
fn pf_penalty_with_kvah_billing_for_one_day() {
    // 2 March 2026: every slot 17 kWh / 20 kVAh (PF 0.85, 80 kVA).
    let dir = tempdir("penalty");
    let w = StoreWriter::open(&dir, ist()).unwrap();
    w.upsert_meters(vec![meter("Incomer", None)]).unwrap();
    let (a, b) = (t("2026-03-01T18:30:00Z"), t("2026-03-02T18:30:00Z"));
    w.write_energy(slot_deltas(
        "Incomer",
        "active_energy_delivered",
        a,
        b,
        |_| Some(17_000.0),
    ))
    .unwrap();
    w.write_energy(slot_deltas(
        "Incomer",
        "apparent_energy_delivered",
        a,
        b,
        |_| Some(20_000.0),
    ))
    .unwrap();
    w.close().unwrap();
    let reader = StoreReader::open(&dir).unwrap();
    let cfg = config(&tariff(300.0, "kvah", ""), &[("Incomer", None, &[])]);
    let r = reports::build(
        &req(ReportKind::Cost, date(2026, 3, 2), date(2026, 3, 2)),
        &reader,
        &cfg,
    )
    .unwrap();
    // kVAh billing: 16 × 20 × 10 + 32 × 20 × 6 + 48 × 20 × 8 = 14 720.
    close(num(&r, 0, 0, "energy_charge_inr").unwrap(), 14_720.0);
    // PF 0.85: 5 steps × 0.5 % (0.95→0.90) + 5 steps × 1 % (0.90→0.85) = 7.5 % penalty.
    close(num(&r, 0, 0, "pf").unwrap(), 0.85);
    close(num(&r, 0, 0, "pf_adjustment_percent").unwrap(), 7.5);
    close(num(&r, 0, 0, "pf_adjustment_inr").unwrap(), 1_104.0);
    // MD 80 kVA; ratchet floor 225; one day of March = 1/31 of the monthly charges.
    close(num(&r, 0, 0, "md_kva").unwrap(), 80.0);
    close(num(&r, 0, 0, "billable_demand_kva").unwrap(), 225.0);
    close(
        num(&r, 0, 0, "demand_charge_inr").unwrap(),
        225.0 * 350.0 / 31.0,
    );
    close(num(&r, 0, 0, "fixed_charge_inr").unwrap(), 2_500.0 / 31.0);
    close(
        num(&r, 0, 0, "cost_inr").unwrap(),
        14_720.0 + 1_104.0 + 225.0 * 350.0 / 31.0 + 2_500.0 / 31.0,
    );
}

/// Counter readings every minute at a steady 60 kW through the energy-continuity tracker, with
/// a counter reset, a meter replacement and a two-hour gap on 5 March (local).
fn tracked_store(tag: &str) -> PathBuf {
    use ems::energy::{CounterTracker, Encoding, Sample, TrackerConfig};
    let dir = tempdir(tag);
    let w = StoreWriter::open(&dir, ist()).unwrap();
    w.upsert_meters(vec![meter("Press", None), meter("Idle", None)])
        .unwrap();
    let cfg = TrackerConfig::new(Encoding::Integer { step_wh: 1.0 }).with_gap_ms(150_000);
    let mut tr = CounterTracker::new(cfg);
    let start = t("2026-03-04T18:30:00Z"); // 5 March 00:00 local
    let reset = t("2026-03-05T00:30:00Z"); // 06:00 local: counter cleared
    let replace = t("2026-03-05T06:30:00Z"); // 12:00 local: new meter, serial 2
    let (gap_a, gap_b) = (t("2026-03-05T10:30:00Z"), t("2026-03-05T12:30:00Z")); // 16–18 local
    let mut counter = 5_000_000.0;
    let mut serial = 1;
    let mut deltas = Vec::new();
    let mut m = start;
    while m <= start + 86_400_000 {
        if m > start {
            counter += 1000.0; // 60 kW for a minute
        }
        if m == reset {
            counter = 1000.0;
        }
        if m == replace {
            serial = 2;
            counter = 42_000.0;
        }
        if !(m > gap_a && m < gap_b) {
            let mut s = Sample::new(m, counter);
            s.meter_serial = Some(serial);
            s.avg_power_w = Some(60_000.0);
            for d in tr.push(s).deltas {
                if d.quality.is_consumption() {
                    deltas.push(EnergyDelta {
                        meter: "Press".into(),
                        quantity: "active_energy_delivered".into(),
                        from_ms: d.from_ms,
                        to_ms: d.to_ms,
                        wh: d.wh,
                        counter_first: d.counter_first,
                        counter_last: d.counter_last,
                    });
                }
            }
        }
        m += 60_000;
    }
    for d in tr.flush().deltas {
        if d.quality.is_consumption() {
            deltas.push(EnergyDelta {
                meter: "Press".into(),
                quantity: "active_energy_delivered".into(),
                from_ms: d.from_ms,
                to_ms: d.to_ms,
                wh: d.wh,
                counter_first: d.counter_first,
                counter_last: d.counter_last,
            });
        }
    }
    w.write_energy(deltas).unwrap();
    // A meter with data only on 4 March local (its 5 March is missing, not 0), and a slot
    // straddling the local day boundary: 18:15–18:30 UTC is 4 March 23:45 local.
    w.write_energy(slot_deltas(
        "Idle",
        "active_energy_delivered",
        t("2026-03-03T18:30:00Z"),
        start,
        |s| Some(if s == start - SLOT { 7_000.0 } else { 1_000.0 }),
    ))
    .unwrap();
    w.close().unwrap();
    dir
}

#[test]
fn energy_across_reset_replacement_gap_and_ist_day_boundary() {
    let dir = tracked_store("continuity");
    let reader = StoreReader::open(&dir).unwrap();
    let cfg = config(
        "",
        &[("Press", None, &["press"]), ("Idle", None, &["press"])],
    );
    let mut rq = req(ReportKind::Energy, date(2026, 3, 4), date(2026, 3, 5));
    let r = reports::build(&rq, &reader, &cfg).unwrap();
    // Rows: Press 4 Mar, Press 5 Mar, Idle 4 Mar, Idle 5 Mar.
    assert_eq!(time(&r, 0, 1, "start"), "2026-03-05T00:00:00+05:30");
    assert_eq!(time(&r, 0, 1, "end"), "2026-03-06T00:00:00+05:30");
    assert_eq!(
        num(&r, 0, 0, "energy_kwh"),
        None,
        "no Press data on 4 March: missing, not 0"
    );
    // 24 h at 60 kW = 1440 kWh whatever happened to the counter.
    close(num(&r, 0, 1, "energy_kwh").unwrap(), 1440.0);
    close(num(&r, 0, 1, "coverage_percent").unwrap(), 100.0);
    // Idle: 95 slots of 1 kWh + the 23:45 slot of 7 kWh on 4 March local; 5 March missing.
    close(num(&r, 0, 2, "energy_kwh").unwrap(), 95.0 + 7.0);
    assert_eq!(num(&r, 0, 3, "energy_kwh"), None);
    // By hour: the gap hours (16:00–18:00 local) get the gap delta spread evenly: 60 kWh each;
    // the reset hour and the replacement hour too.
    rq.by = Some(Grouping::Hour);
    rq.from = date(2026, 3, 5);
    rq.subject = Subject::Meter("Press".into());
    let r = reports::build(&rq, &reader, &cfg).unwrap();
    assert_eq!(r.tables[0].rows.len(), 24);
    for h in 0..24 {
        close(num(&r, 0, h, "energy_kwh").unwrap(), 60.0);
    }
    assert_eq!(time(&r, 0, 16, "start"), "2026-03-05T16:00:00+05:30");
    // The tag's total is missing on 5 March (Idle has no data there) instead of Press alone.
    rq.by = None;
    rq.from = date(2026, 3, 4);
    rq.subject = Subject::Tag("press".into());
    let r = reports::build(&rq, &reader, &cfg).unwrap();
    let last = r.tables[0].rows.len() - 1;
    assert_eq!(r.tables[0].rows[last][0], Cell::Text("tag:press".into()));
    assert_eq!(num(&r, 0, last, "energy_kwh"), None);
}

#[test]
fn csv_and_json_show_missing_as_empty_and_null_with_units_in_names() {
    let dir = tracked_store("csvjson");
    let reader = StoreReader::open(&dir).unwrap();
    let cfg = config("", &[("Press", None, &[]), ("Idle", None, &[])]);
    let mut rq = req(ReportKind::Energy, date(2026, 3, 4), date(2026, 3, 5));
    rq.format = Format::Csv;
    let (bytes, mime, name) = reports::render(&rq, &reader, &cfg).unwrap();
    assert_eq!(mime, "text/csv; charset=utf-8");
    assert_eq!(name, "ems-energy-20260304-20260305.csv");
    let text = String::from_utf8(bytes).unwrap();
    let lines: Vec<&str> = text.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "meter,start,end,energy_kwh,energy_kvarh_lag,energy_kvarh_lead,energy_kvah,coverage_percent"
    );
    assert_eq!(
        lines[1],
        "Press,2026-03-04T00:00:00+05:30,2026-03-05T00:00:00+05:30,,,,,0"
    );
    assert!(lines[2].starts_with("Press,2026-03-05T00:00:00+05:30,2026-03-06T00:00:00+05:30,1440,"));
    assert!(text.ends_with("\r\n"));
    rq.format = Format::Json;
    let (bytes, mime, _) = reports::render(&rq, &reader, &cfg).unwrap();
    assert_eq!(mime, "application/json");
    let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(v["time_zone"], "Asia/Kolkata");
    assert_eq!(v["rows"][0]["energy_kwh"], serde_json::Value::Null);
    assert_eq!(v["rows"][1]["energy_kwh"], 1440.0);
    assert_eq!(v["rows"][1]["start"], "2026-03-05T00:00:00+05:30");
    assert!(v["parts"]["breakdown"].is_array());
}

#[test]
fn balance_flags_losses_above_the_threshold_and_skips_gaps() {
    let dir = tempdir("balance");
    let w = StoreWriter::open(&dir, ist()).unwrap();
    w.upsert_meters(vec![
        meter("Main", None),
        meter("A", Some("Main")),
        meter("B", Some("Main")),
    ])
    .unwrap();
    let (a, b) = (t("2026-03-01T18:30:00Z"), t("2026-03-03T18:30:00Z"));
    let day2 = t("2026-03-02T18:30:00Z");
    w.write_energy(slot_deltas("Main", "active_energy_delivered", a, b, |_| {
        Some(100.0)
    }))
    .unwrap();
    w.write_energy(slot_deltas("A", "active_energy_delivered", a, b, |_| {
        Some(40.0)
    }))
    .unwrap();
    // B: 57 Wh on day 1 (3 % loss), 50 Wh on day 2 (10 % loss) with its first hour missing.
    w.write_energy(slot_deltas("B", "active_energy_delivered", a, b, |s| {
        if s < day2 {
            Some(57.0)
        } else if s < day2 + 3_600_000 {
            None
        } else {
            Some(50.0)
        }
    }))
    .unwrap();
    w.close().unwrap();
    let reader = StoreReader::open(&dir).unwrap();
    let cfg = config(
        "[report]\nbalance_flag_percent = 5\n",
        &[
            ("Main", None, &[]),
            ("A", Some("Main"), &[]),
            ("B", Some("Main"), &[]),
        ],
    );
    let r = reports::build(
        &req(ReportKind::Balance, date(2026, 3, 2), date(2026, 3, 3)),
        &reader,
        &cfg,
    )
    .unwrap();
    close(num(&r, 0, 0, "loss_percent").unwrap(), 3.0);
    assert_eq!(r.tables[0].rows[0][9], Cell::Text(String::new()));
    close(num(&r, 0, 1, "loss_percent").unwrap(), 10.0);
    assert_eq!(r.tables[0].rows[1][9], Cell::Text("yes".into()));
    // Day 2 compares only the 92 slots where every meter has data.
    close(num(&r, 0, 1, "parent_kwh").unwrap(), 92.0 * 0.1);
    close(
        num(&r, 0, 1, "compared_percent").unwrap(),
        92.0 * 100.0 / 96.0,
    );
}

#[test]
fn load_profile_separates_weekdays_from_weekends() {
    let dir = tempdir("profile");
    let w = StoreWriter::open(&dir, ist()).unwrap();
    w.upsert_meters(vec![meter("Line 1", None)]).unwrap();
    // Fri 6 – Sun 8 March 2026 local: weekdays 10 kWh per slot (40 kW), weekend 2.5 (10 kW).
    let (a, b) = (t("2026-03-05T18:30:00Z"), t("2026-03-08T18:30:00Z"));
    let sat = t("2026-03-06T18:30:00Z");
    w.write_energy(slot_deltas(
        "Line 1",
        "active_energy_delivered",
        a,
        b,
        |s| Some(if s < sat { 10_000.0 } else { 2_500.0 }),
    ))
    .unwrap();
    w.close().unwrap();
    let reader = StoreReader::open(&dir).unwrap();
    let cfg = config("", &[("Line 1", None, &[])]);
    let r = reports::build(
        &req(ReportKind::Profile, date(2026, 3, 6), date(2026, 3, 8)),
        &reader,
        &cfg,
    )
    .unwrap();
    assert_eq!(r.tables[0].rows.len(), 96);
    assert_eq!(r.tables[0].rows[38][1], Cell::Text("09:30".into()));
    close(num(&r, 0, 38, "weekday_avg_kw").unwrap(), 40.0);
    close(num(&r, 0, 38, "weekend_avg_kw").unwrap(), 10.0);
    assert_eq!(num(&r, 0, 38, "weekday_days"), Some(1.0));
    assert_eq!(num(&r, 0, 38, "weekend_days"), Some(2.0));
}

#[test]
fn xlsx_reads_back_with_sheets_numbers_and_date_formats() {
    use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
    let dir = march_store("xlsx");
    let reader = StoreReader::open(&dir).unwrap();
    let cfg = config(&tariff(300.0, "kwh", ""), &[("Incomer", None, &[])]);
    let mut rq = req(ReportKind::Cost, date(2026, 3, 1), date(2026, 3, 31));
    rq.format = Format::Xlsx;
    let (bytes, mime, name) = reports::render(&rq, &reader, &cfg).unwrap();
    assert!(mime.contains("spreadsheetml"));
    assert!(name.ends_with(".xlsx"));
    let mut wb: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(
        wb.sheet_names(),
        vec!["Summary", "bill", "tod_zones", "by_meter"]
    );
    let bill = wb.worksheet_range("bill").unwrap();
    let header: Vec<String> = bill
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert!(header.contains(&"Total (INR)".to_string()), "{header:?}");
    assert!(
        header[1].starts_with("Start (local, UTC+05:30"),
        "{header:?}"
    );
    let col = header.iter().position(|h| h == "Total (INR)").unwrap();
    match bill.get_value((1, col as u32)) {
        Some(Data::Float(v)) => close(*v, 635_562.48),
        other => panic!("{other:?}"),
    }
    // Start is an Excel date-time (number with a date format): 1 March 2026 00:00 local.
    match bill.get_value((1, 1)) {
        Some(Data::DateTime(d)) => close(d.as_f64(), 46_082.0),
        other => panic!("{other:?}"),
    }
    let summary = wb.worksheet_range("Summary").unwrap();
    assert!(summary
        .rows()
        .any(|r| r.iter().any(|c| *c == Data::String("Falta works".into()))));
}

fn poppler(tool: &str) -> Option<PathBuf> {
    if std::env::var_os("EMS_SKIP_POPPLER").is_some() {
        eprintln!("EMS_SKIP_POPPLER set: skipping the {tool} checks");
        return None;
    }
    let ok = Command::new(tool).arg("-v").output().is_ok();
    assert!(
        ok,
        "{tool} not found: install poppler-utils (apt-get install poppler-utils) or set EMS_SKIP_POPPLER=1"
    );
    Some(PathBuf::from(tool))
}

fn pdf_text(path: &Path) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout"])
        .arg(path)
        .arg("-")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Renders every page with pdftoppm; returns the page count.
fn render_pages(path: &Path, dir: &Path) -> usize {
    let prefix = dir.join("page");
    let out = Command::new("pdftoppm")
        .args(["-r", "60", "-png"])
        .arg(path)
        .arg(&prefix)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with("page")
        })
        .count()
}

#[test]
fn pdf_has_the_key_figures_as_text_and_every_page_renders() {
    let Some(_) = poppler("pdftotext") else {
        return;
    };
    let dir = march_store("pdf");
    let reader = StoreReader::open(&dir).unwrap();
    let cfg = config(&tariff(300.0, "kwh", ""), &[("Incomer", None, &[])]);
    let mut rq = req(ReportKind::Cost, date(2026, 3, 1), date(2026, 3, 31));
    rq.format = Format::Pdf;
    let (bytes, mime, _) = reports::render(&rq, &reader, &cfg).unwrap();
    assert_eq!(mime, "application/pdf");
    let path = dir.join("cost.pdf");
    std::fs::write(&path, &bytes).unwrap();
    let text = pdf_text(&path);
    for want in [
        "Energy cost",
        "Falta works",
        "01 Mar 2026 – 31 Mar 2026",
        "Asia/Kolkata",
        "Generated at",
        "635,562.48",
        "548,304.00",
        "87,500.00",
        "-2,741.52",
        "2026-03-12 11:00",
        "Page 1 of",
    ] {
        assert!(text.contains(want), "'{want}' not in the PDF text:\n{text}");
    }
    let pages_dir = dir.join("pages");
    std::fs::create_dir_all(&pages_dir).unwrap();
    assert!(render_pages(&path, &pages_dir) >= 1);

    // A long table breaks across pages with its header repeated.
    rq.kind = ReportKind::Demand;
    rq.by = Some(Grouping::Day);
    rq.top_n = 120;
    let (bytes, _, _) = reports::render(&rq, &reader, &cfg).unwrap();
    let path = dir.join("demand.pdf");
    std::fs::write(&path, &bytes).unwrap();
    let text = pdf_text(&path);
    let pages = text.matches("Page ").count();
    assert!(pages >= 3, "{pages} pages");
    assert!(text.contains("(continued)"));
    let pages_dir = dir.join("pages2");
    std::fs::create_dir_all(&pages_dir).unwrap();
    assert_eq!(render_pages(&path, &pages_dir), pages);
}

#[test]
fn tariff_and_report_settings_are_checked_with_file_and_line() {
    let bad = |extra: &str| -> String {
        let s = format!(
            "site = \"x\"\ntimezone = \"Asia/Kolkata\"\n[[bus]]\nname = \"a\"\nport = \"/dev/null\"\n[[meter]]\nname = \"M\"\nbus = \"a\"\nunit = 1\nmodel = \"em6400ng\"\n{extra}"
        );
        Config::parse(&s, "plant.toml").unwrap_err().to_string()
    };
    let zone = "[[tariff.zone]]\nname = \"all\"\nstart = \"00:00\"\nend = \"00:00\"\nrate = 8\n";
    let e = bad(&format!(
        "[tariff]\ncurrency = \"INR\"\ndemand_block_minutes = 7\n{zone}"
    ));
    assert!(
        e.contains("plant.toml:13:")
            && e.contains("demand_block_minutes")
            && e.contains("dividing an hour"),
        "{e}"
    );
    let e = bad(&format!(
        "[tariff]\ncurrency = \"INR\"\ndemand_basis = \"kvar\"\n{zone}"
    ));
    assert!(
        e.contains("plant.toml:13:") && e.contains("allowed: kva, kw"),
        "{e}"
    );
    let e = bad("[tariff]\ncurrency = \"INR\"\n[[tariff.zone]]\nname = \"day\"\nstart = \"06:00\"\nend = \"22:00\"\nrate = 8\n");
    assert!(
        e.contains("no zone covers") && e.contains("partition"),
        "{e}"
    );
    let e = bad("[tariff]\ncurrency = \"INR\"\n[[tariff.zone]]\nname = \"x\"\nstart = \"06:10\"\nend = \"06:10\"\nrate = 8\n");
    assert!(
        e.contains("plant.toml:16:") && e.contains("15-minute"),
        "{e}"
    );
    let e = bad(&format!(
        "[tariff]\ncurrency = \"INR\"\nrachet_percent = 75\n{zone}"
    ));
    assert!(
        e.contains("plant.toml:13:") && e.contains("rachet_percent"),
        "{e}"
    );
    let e = bad(&format!(
        "[tariff]\ncurrency = \"INR\"\nmeters = [\"Nope\"]\n{zone}"
    ));
    assert!(e.contains("no meter named \"Nope\""), "{e}");
    let e = bad("[[report.schedule]]\nreport = \"bill\"\nevery = \"weekly\"\nat = \"25:00\"\nformat = \"pdf\"\n");
    assert!(
        e.contains("plant.toml:12:") && e.contains("unknown report \"bill\""),
        "{e}"
    );
    assert!(
        e.contains("plant.toml:13:") && e.contains("daily, monthly"),
        "{e}"
    );
    assert!(e.contains("plant.toml:14:") && e.contains("HH:MM"), "{e}");
    // The worked example's tariff loads.
    let cfg = config(&tariff(300.0, "kwh", ""), &[("Incomer", None, &[])]);
    let tf = cfg.tariff.unwrap();
    assert_eq!(tf.demand_block_minutes, 30);
    assert_eq!(tf.versions[0].zones.len(), 4);
}

#[test]
fn schedule_is_due_once_after_its_local_time() {
    let cfg = config(
        "[[report.schedule]]\nreport = \"energy\"\nevery = \"daily\"\nat = \"06:00\"\nformat = \"csv\"\nby = \"hour\"\n\n[[report.schedule]]\nreport = \"cost\"\nevery = \"monthly\"\nat = \"07:30\"\nformat = \"pdf\"\n",
        &[("M", None, &[])],
    );
    let ts = |s: &str| s.parse::<jiff::Timestamp>().unwrap();
    // 2 March 05:59 local: yesterday's daily run (due 1 March 06:00) and February's monthly
    // run (due 1 March 07:30) are due when nothing ran yet.
    let jobs = schedule::due(ts("2026-03-02T00:29:00Z"), None, &cfg);
    assert_eq!(jobs.len(), 2);
    assert_eq!(jobs[0].request.from, date(2026, 2, 28));
    assert_eq!(jobs[0].file_name, "energy-daily-2026-02-28.csv");
    assert_eq!(jobs[0].request.by, Some(Grouping::Hour));
    assert_eq!(jobs[1].request.from, date(2026, 2, 1));
    assert_eq!(jobs[1].request.to, date(2026, 2, 28));
    assert_eq!(jobs[1].file_name, "cost-monthly-2026-02.pdf");
    // At 06:00 local the daily one for 1 March is due; the monthly one already ran.
    let last = ts("2026-03-02T00:29:00Z");
    let jobs = schedule::due(ts("2026-03-02T00:30:00Z"), Some(last), &cfg);
    assert_eq!(jobs.len(), 1);
    assert_eq!(jobs[0].request.from, date(2026, 3, 1));
    assert_eq!(jobs[0].due_ms, t("2026-03-02T00:30:00Z"));
    // Nothing more until the next day's 06:00.
    assert!(schedule::due(
        ts("2026-03-02T12:00:00Z"),
        Some(ts("2026-03-02T00:30:00Z")),
        &cfg
    )
    .is_empty());
    // run_job writes into <data-dir>/reports/.
    let dir = tracked_store("schedule");
    let reader = StoreReader::open(&dir).unwrap();
    let cfg2 = config(
        "[[report.schedule]]\nreport = \"energy\"\nevery = \"daily\"\nat = \"06:00\"\nformat = \"csv\"\n",
        &[("Press", None, &[]), ("Idle", None, &[])],
    );
    let jobs = schedule::due(ts("2026-03-06T01:00:00Z"), None, &cfg2);
    let path = schedule::run_job(&jobs[0], &reader, &cfg2, &dir).unwrap();
    assert_eq!(
        path,
        dir.join("reports").join("energy-daily-2026-03-05.csv")
    );
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains("Press,2026-03-05T00:00:00+05:30,2026-03-06T00:00:00+05:30,1440,"));
}

#[test]
fn cli_report_writes_the_requested_format() {
    let dir = march_store("cli");
    let cfg_path = dir.join("plant.toml");
    let text = format!(
        "site = \"Falta works\"\ntimezone = \"Asia/Kolkata\"\n[[bus]]\nname = \"a\"\nport = \"/dev/null\"\n[[meter]]\nname = \"Incomer\"\nbus = \"a\"\nunit = 1\nmodel = \"em6400ng\"\n{}",
        tariff(300.0, "kwh", "")
    );
    std::fs::write(&cfg_path, text).unwrap();
    let out = Command::new(EMS)
        .args(["report", "cost", "--data-dir"])
        .arg(&dir)
        .arg("--config")
        .arg(&cfg_path)
        .args([
            "--from",
            "2026-03-01",
            "--to",
            "2026-03-31",
            "--format",
            "csv",
            "--out",
            "-",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(csv.starts_with("meter,start,end,energy_kwh,energy_kvah,pf,md_kva,md_start,"));
    assert!(csv.contains(",635562.48,"), "{csv}");
    // Without --config there is no tariff: a clear error.
    let out = Command::new(EMS)
        .args(["report", "cost", "--data-dir"])
        .arg(&dir)
        .args(["--from", "2026-03-01", "--to", "2026-03-31", "--out", "-"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs a [tariff] section"));
    // Energy without --config uses the store's meters and time zone.
    let out = Command::new(EMS)
        .args(["report", "energy", "--data-dir"])
        .arg(&dir)
        .args([
            "--from",
            "2026-03-01",
            "--to",
            "2026-03-01",
            "--format",
            "json",
            "--out",
            "-",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["rows"][0]["energy_kwh"], 96.0 * 24.0);
}

#[test]
fn the_demo_plant_configuration_carries_the_documented_tariff() {
    let cfg = Config::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("plant.toml")).unwrap();
    let tf = cfg.tariff.as_ref().expect("[tariff] in plant.toml");
    assert_eq!(tf.currency, "INR");
    assert_eq!(tf.demand_block_minutes, 30);
    assert_eq!(tf.versions.len(), 2);
    let peak = |v: usize| {
        tf.versions[v]
            .zones
            .iter()
            .find(|z| z.name == "peak")
            .unwrap()
            .rate
    };
    assert_eq!((peak(0), peak(1)), (9.0, 9.5));
    assert_eq!(tf.version_on(date(2026, 3, 31)).zones.len(), 4);
    assert_eq!(tf.version_on(date(2026, 4, 1)).from, Some(date(2026, 4, 1)));
    assert_eq!(tf.versions[1].contract_demand_kva, 1500.0);
    assert_eq!(cfg.report.schedules.len(), 2);
    assert_eq!(cfg.report.balance_flag_percent, 5.0);
}

#[test]
fn kw_demand_basis_uses_active_energy() {
    let dir = march_store("kw");
    let reader = StoreReader::open(&dir).unwrap();
    let tf = tariff(300.0, "kwh", "").replace("demand_basis = \"kva\"", "demand_basis = \"kw\"");
    let cfg = config(&tf, &[("Incomer", None, &[])]);
    let r = reports::build(
        &req(ReportKind::Demand, date(2026, 3, 1), date(2026, 3, 31)),
        &reader,
        &cfg,
    )
    .unwrap();
    // The 11:00–11:30 block holds 96 + 24 kWh: 240 kW.
    close(num(&r, 0, 0, "md_kw").unwrap(), 240.0);
    assert_eq!(time(&r, 0, 0, "md_start"), "2026-03-12T11:00:00+05:30");
    close(num(&r, 0, 0, "billable_demand_kw").unwrap(), 240.0);
}
