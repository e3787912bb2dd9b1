//! The store through its public API and the `ems export` command: rollups and queries against
//! hand-computed values, replays stored once, the CSV export, and the failure cases (damaged
//! file, unusable directory, full disk) ending in clear errors and no loss of stored data.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use ems::store::{
    EnergyDelta, MeterInfo, Quality, Reading, Resolution, StoreError, StoreOptions, StoreReader,
    StoreWriter,
};

const EMS: &str = env!("CARGO_BIN_EXE_ems");

fn tempdir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("ems-store-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// UTC ms of an RFC 3339 time.
fn t(s: &str) -> i64 {
    s.parse::<jiff::Timestamp>().unwrap().as_millisecond()
}

fn r(meter: &str, time: &str, q: &'static str, v: f64) -> Reading {
    Reading::new(meter, t(time), q, v)
}

fn delta(meter: &str, from: &str, to: &str, wh: f64, c0: f64) -> EnergyDelta {
    EnergyDelta {
        meter: meter.into(),
        quantity: "active_energy_delivered".into(),
        from_ms: t(from),
        to_ms: t(to),
        wh,
        counter_first: c0,
        counter_last: c0 + wh,
    }
}

fn ist_options() -> StoreOptions {
    StoreOptions {
        time_zone: Some("Asia/Kolkata".into()),
        ..StoreOptions::default()
    }
}

/// The hand-computed data set (times UTC; India is +05:30, so its hours start at :30 UTC).
fn write_sample(dir: &Path) {
    let w = StoreWriter::open(dir, ist_options()).unwrap();
    w.upsert_meters(vec![MeterInfo {
        name: "Feeder A".into(),
        unit: Some(3),
        bus: Some("rs485-a".into()),
        model: Some("em6400ng".into()),
        parent: None,
        tags: serde_json::json!({"area": "north"})
            .as_object()
            .unwrap()
            .clone(),
    }])
    .unwrap();
    w.write_readings(vec![
        r(
            "Feeder A",
            "2026-03-01T00:00:10Z",
            "active_power_total",
            1000.0,
        ),
        r("Feeder A", "2026-03-01T00:00:10Z", "frequency", 50.0),
        r(
            "Feeder A",
            "2026-03-01T00:00:30Z",
            "active_energy_delivered",
            1000.0,
        ),
        r(
            "Feeder A",
            "2026-03-01T00:00:40Z",
            "active_power_total",
            2000.0,
        ),
        r("Feeder A", "2026-03-01T00:00:40Z", "frequency", 49.5),
        r(
            "Feeder A",
            "2026-03-01T00:01:10Z",
            "active_power_total",
            3000.0,
        ),
        r(
            "Feeder A",
            "2026-03-01T00:16:00Z",
            "active_power_total",
            8000.0,
        ),
        r(
            "Feeder A",
            "2026-03-01T00:35:00Z",
            "active_power_total",
            5000.0,
        ),
        r(
            "Pump, 2",
            "2026-03-01T00:05:00Z",
            "active_power_total",
            500.0,
        ),
    ])
    .unwrap();
    w.write_energy(vec![
        // 30 s in minute 00:00 and 30 s in minute 00:01: 30 Wh each.
        delta(
            "Feeder A",
            "2026-03-01T00:00:30Z",
            "2026-03-01T00:01:30Z",
            60.0,
            1000.0,
        ),
        // Crosses the 00:15 slot boundary: 60 Wh in each 15-minute slot.
        delta(
            "Feeder A",
            "2026-03-01T00:14:00Z",
            "2026-03-01T00:16:00Z",
            120.0,
            1060.0,
        ),
    ])
    .unwrap();
    w.close().unwrap();
}

#[test]
fn rollups_and_queries_match_hand_computed_values() {
    let dir = tempdir("queries");
    write_sample(&dir);
    let rd = StoreReader::open(&dir).unwrap();
    assert_eq!(rd.time_zone().iana_name(), Some("Asia/Kolkata"));
    let meters = rd.meters().unwrap();
    assert_eq!(meters.len(), 2);
    assert_eq!(meters[0].info.bus.as_deref(), Some("rs485-a"));
    assert_eq!(meters[0].info.tags["area"], "north");

    // 1-minute averages with min/max.
    let h = rd
        .history(
            "Feeder A",
            "active_power_total",
            t("2026-03-01T00:00:00Z"),
            t("2026-03-01T00:02:00Z"),
            Resolution::Minute,
        )
        .unwrap();
    let got: Vec<_> = h
        .iter()
        .map(|p| (p.time_ms, p.value, p.min, p.max, p.count))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                t("2026-03-01T00:00:00Z"),
                1500.0,
                Some(1000.0),
                Some(2000.0),
                2
            ),
            (
                t("2026-03-01T00:01:00Z"),
                3000.0,
                Some(3000.0),
                Some(3000.0),
                1
            ),
        ]
    );

    // Local (IST) hours: 23:30Z–00:30Z holds four samples, 00:30Z–01:30Z one.
    let h = rd
        .history(
            "Feeder A",
            "active_power_total",
            t("2026-02-28T23:30:00Z"),
            t("2026-03-01T01:30:00Z"),
            Resolution::Hour,
        )
        .unwrap();
    let got: Vec<_> = h.iter().map(|p| (p.time_ms, p.value, p.quality)).collect();
    assert_eq!(
        got,
        vec![
            (t("2026-02-28T23:30:00Z"), 3500.0, Quality::Partial),
            (t("2026-03-01T00:30:00Z"), 5000.0, Quality::Partial),
        ]
    );

    // Energy per 15-minute slot, every slot listed, with coverage and audited counters.
    let e = rd
        .energy(
            "Feeder A",
            "active_energy_delivered",
            t("2026-03-01T00:00:00Z"),
            t("2026-03-01T00:45:00Z"),
            Resolution::Slot15,
        )
        .unwrap();
    let got: Vec<_> = e
        .iter()
        .map(|i| {
            (
                i.start_ms,
                i.wh,
                i.counter_first,
                i.counter_last,
                i.covered_ms,
                i.quality,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (
                t("2026-03-01T00:00:00Z"),
                Some(120.0),
                Some(1000.0),
                Some(1120.0),
                120_000,
                Quality::Partial
            ),
            (
                t("2026-03-01T00:15:00Z"),
                Some(60.0),
                Some(1120.0),
                Some(1180.0),
                60_000,
                Quality::Partial
            ),
            (
                t("2026-03-01T00:30:00Z"),
                None,
                None,
                None,
                0,
                Quality::Missing
            ),
        ]
    );
    // Energy per IST day: one day, 180 Wh.
    let e = rd
        .energy(
            "Feeder A",
            "active_energy_delivered",
            t("2026-02-28T18:30:00Z"),
            t("2026-03-01T18:30:00Z"),
            Resolution::Day,
        )
        .unwrap();
    assert_eq!(e.len(), 1);
    assert_eq!(
        (e[0].start_ms, e[0].end_ms, e[0].wh),
        (
            t("2026-02-28T18:30:00Z"),
            t("2026-03-01T18:30:00Z"),
            Some(180.0)
        )
    );

    // Raw energy deltas come back as stored.
    let e = rd
        .energy(
            "Feeder A",
            "active_energy_delivered",
            0,
            i64::MAX / 2,
            Resolution::Raw,
        )
        .unwrap();
    assert_eq!(
        e.iter().map(|i| i.wh).collect::<Vec<_>>(),
        vec![Some(60.0), Some(120.0)]
    );

    // Latest values per meter.
    let l = rd.latest(Some("Feeder A")).unwrap();
    let got: Vec<_> = l
        .iter()
        .map(|v| (v.quantity.as_str(), v.time_ms, v.value, v.unit.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![("active_power_total", t("2026-03-01T00:35:00Z"), 5000.0, "W")]
    );
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn replayed_readings_and_deltas_are_stored_and_counted_once() {
    let dir = tempdir("replay");
    write_sample(&dir);
    // A restart that re-sends everything (and one new value in an existing row).
    let w = StoreWriter::open(&dir, ist_options()).unwrap();
    w.write_readings(vec![
        r(
            "Feeder A",
            "2026-03-01T00:00:10Z",
            "active_power_total",
            1000.0,
        ),
        r(
            "Feeder A",
            "2026-03-01T00:00:40Z",
            "active_power_total",
            2000.0,
        ),
        r("Feeder A", "2026-03-01T00:00:40Z", "current_a", 4.0),
    ])
    .unwrap();
    w.write_energy(vec![
        delta(
            "Feeder A",
            "2026-03-01T00:00:30Z",
            "2026-03-01T00:01:30Z",
            60.0,
            1000.0,
        ),
        // Overlaps the stored [00:14, 00:16): refused, not counted.
        delta(
            "Feeder A",
            "2026-03-01T00:15:00Z",
            "2026-03-01T00:17:00Z",
            50.0,
            1120.0,
        ),
    ])
    .unwrap();
    w.flush().unwrap();
    let s = w.status();
    assert_eq!(
        (s.committed_values, s.duplicates, s.rejected),
        (1, 3, 1),
        "{s:?}"
    );
    assert!(s.last_rejection.unwrap().contains("overlaps"));
    w.close().unwrap();
    let rd = StoreReader::open(&dir).unwrap();
    let h = rd
        .history(
            "Feeder A",
            "active_power_total",
            0,
            i64::MAX / 2,
            Resolution::Slot15,
        )
        .unwrap();
    assert_eq!((h[0].count, h[0].value), (3, 2000.0));
    let e = rd
        .energy(
            "Feeder A",
            "active_energy_delivered",
            t("2026-03-01T00:00:00Z"),
            t("2026-03-01T00:30:00Z"),
            Resolution::Slot15,
        )
        .unwrap();
    assert_eq!((e[0].wh, e[1].wh), (Some(120.0), Some(60.0)));
    let raw = rd
        .history("Feeder A", "current_a", 0, i64::MAX / 2, Resolution::Raw)
        .unwrap();
    assert_eq!(raw.len(), 1);
    std::fs::remove_dir_all(dir).ok();
}

fn export(dir: &Path, args: &[&str]) -> (bool, String, String) {
    let out = dir.join("out.csv");
    let o = Command::new(EMS)
        .args(["export", "readings", "--data-dir"])
        .arg(dir)
        .args(args)
        .args(["--format", "csv", "--out"])
        .arg(&out)
        .output()
        .unwrap();
    let csv = std::fs::read_to_string(&out).unwrap_or_default();
    let _ = std::fs::remove_file(&out);
    (
        o.status.success(),
        csv,
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn csv_export_matches_hand_computed_values_at_each_resolution() {
    let dir = tempdir("csv");
    write_sample(&dir);
    let (ok, csv, err) = export(&dir, &[]);
    assert!(ok, "{err}");
    assert_eq!(
        csv,
        "time,meter,quantity,value,unit
2026-03-01T00:00:10Z,Feeder A,active_power_total,1000,W
2026-03-01T00:00:10Z,Feeder A,frequency,50,Hz
2026-03-01T00:00:30Z,Feeder A,active_energy_delivered,1000,Wh
2026-03-01T00:00:40Z,Feeder A,active_power_total,2000,W
2026-03-01T00:00:40Z,Feeder A,frequency,49.5,Hz
2026-03-01T00:01:10Z,Feeder A,active_power_total,3000,W
2026-03-01T00:16:00Z,Feeder A,active_power_total,8000,W
2026-03-01T00:35:00Z,Feeder A,active_power_total,5000,W
2026-03-01T00:05:00Z,\"Pump, 2\",active_power_total,500,W
"
    );
    let window = [
        "--from",
        "2026-03-01T00:00:00Z",
        "--to",
        "2026-03-01T00:20:00Z",
    ];
    let (ok, csv, err) = export(&dir, &[&window[..], &["--resolution", "1m"]].concat());
    assert!(ok, "{err}");
    assert_eq!(
        csv,
        "time,meter,quantity,value,unit
2026-03-01T00:00:00Z,Feeder A,active_energy_delivered,30,Wh
2026-03-01T00:00:00Z,Feeder A,active_power_total,1500,W
2026-03-01T00:00:00Z,Feeder A,frequency,49.75,Hz
2026-03-01T00:01:00Z,Feeder A,active_energy_delivered,30,Wh
2026-03-01T00:01:00Z,Feeder A,active_power_total,3000,W
2026-03-01T00:14:00Z,Feeder A,active_energy_delivered,60,Wh
2026-03-01T00:15:00Z,Feeder A,active_energy_delivered,60,Wh
2026-03-01T00:16:00Z,Feeder A,active_power_total,8000,W
2026-03-01T00:05:00Z,\"Pump, 2\",active_power_total,500,W
"
    );
    let (ok, csv, err) = export(
        &dir,
        &[&window[..], &["--resolution", "15m", "--meter", "Feeder A"]].concat(),
    );
    assert!(ok, "{err}");
    assert_eq!(
        csv,
        "time,meter,quantity,value,unit
2026-03-01T00:00:00Z,Feeder A,active_energy_delivered,120,Wh
2026-03-01T00:00:00Z,Feeder A,active_power_total,2000,W
2026-03-01T00:00:00Z,Feeder A,frequency,49.75,Hz
2026-03-01T00:15:00Z,Feeder A,active_energy_delivered,60,Wh
2026-03-01T00:15:00Z,Feeder A,active_power_total,8000,W
"
    );
    // IST hours: rounded outwards to 23:30Z–01:30Z.
    let (ok, csv, err) = export(
        &dir,
        &[
            "--from",
            "2026-03-01T00:00:00Z",
            "--to",
            "2026-03-01T01:00:00Z",
            "--resolution",
            "1h",
        ],
    );
    assert!(ok, "{err}");
    assert_eq!(
        csv,
        "time,meter,quantity,value,unit
2026-02-28T23:30:00Z,Feeder A,active_energy_delivered,180,Wh
2026-02-28T23:30:00Z,Feeder A,active_power_total,3500,W
2026-02-28T23:30:00Z,Feeder A,frequency,49.75,Hz
2026-03-01T00:30:00Z,Feeder A,active_power_total,5000,W
2026-02-28T23:30:00Z,\"Pump, 2\",active_power_total,500,W
"
    );
    // The IST day 1 March, given as a local date, and the IST month of March: both start at
    // 2026-02-28T18:30:00Z.
    for res in ["1d", "1mo"] {
        let start = "2026-02-28T18:30:00Z";
        let (ok, csv, err) = export(
            &dir,
            &[
                "--from",
                "2026-03-01",
                "--to",
                "2026-03-02",
                "--resolution",
                res,
            ],
        );
        assert!(ok, "{err}");
        assert_eq!(
            csv,
            format!(
                "time,meter,quantity,value,unit
{start},Feeder A,active_energy_delivered,180,Wh
{start},Feeder A,active_power_total,3800,W
{start},Feeder A,frequency,49.75,Hz
{start},\"Pump, 2\",active_power_total,500,W
"
            )
        );
    }
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn export_bad_arguments_give_one_line_errors() {
    let dir = tempdir("csv-args");
    write_sample(&dir);
    let cases: [(&[&str], &str); 3] = [
        (&["--meter", "Nope"], "no meter named 'Nope'"),
        (&["--from", "yesterday"], "--from 'yesterday' is not a time"),
        (
            &["--from", "2026-03-02", "--to", "2026-03-01"],
            "--from must be before --to",
        ),
    ];
    for (args, want) in cases {
        let (ok, _, err) = export(&dir, args);
        assert!(!ok);
        assert!(err.contains(want), "{args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        assert!(!dir.join("out.csv.partial").exists());
    }
    let (ok, _, err) = export(Path::new("/nonexistent-ems-dir"), &[]);
    assert!(
        !ok && err.contains("data directory /nonexistent-ems-dir"),
        "{err}"
    );
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    for help in [&["export", "--help"][..], &["export", "readings", "--help"]] {
        let o = Command::new(EMS).args(help).output().unwrap();
        assert!(o.status.success());
        assert!(
            String::from_utf8_lossy(&o.stdout).contains("Examples:"),
            "{help:?}"
        );
    }
    let missing = tempdir("csv-missing");
    let (ok, _, err) = export(&missing, &[]);
    assert!(!ok && err.contains("no database here"), "{err}");
    std::fs::remove_dir_all(dir).ok();
    std::fs::remove_dir_all(missing).ok();
}

#[test]
fn damaged_database_file_is_refused_at_open_and_left_untouched() {
    let dir = tempdir("corrupt");
    write_sample(&dir);
    let db = dir.join("ems.sqlite");
    let mut bytes = std::fs::read(&db).unwrap();
    for (i, b) in bytes.iter_mut().enumerate().take(4096) {
        *b = (i * 7 + 13) as u8;
    }
    std::fs::write(&db, &bytes).unwrap();
    let e = StoreWriter::open(&dir, StoreOptions::default()).unwrap_err();
    assert!(matches!(e, StoreError::Corrupt { .. }), "{e:?}");
    let msg = e.to_string();
    assert!(
        msg.contains("ems.sqlite") && msg.contains("left untouched") && msg.contains("backup"),
        "{msg}"
    );
    let e = StoreReader::open(&dir).unwrap_err();
    assert!(matches!(e, StoreError::Corrupt { .. }), "{e:?}");
    assert_eq!(
        std::fs::read(&db).unwrap(),
        bytes,
        "the damaged file was modified"
    );
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn unusable_data_directory_gives_a_clear_error() {
    // Tests run as root, where permissions do not stop writes: use a file in place of the
    // directory, and a directory under /proc, which nobody can create files in.
    let dir = tempdir("notdir");
    let file = dir.join("data");
    std::fs::write(&file, b"not a directory").unwrap();
    let e = StoreWriter::open(&file, StoreOptions::default()).unwrap_err();
    assert!(e.to_string().contains("is not a directory"), "{e}");
    assert_eq!(std::fs::read(&file).unwrap(), b"not a directory");
    let e =
        StoreWriter::open(Path::new("/proc/self/ems-data"), StoreOptions::default()).unwrap_err();
    assert!(matches!(e, StoreError::DataDir { .. }), "{e:?}");
    assert!(e.to_string().contains("/proc/self/ems-data"), "{e}");
    let e = StoreWriter::open(Path::new("/proc/self"), StoreOptions::default()).unwrap_err();
    assert!(e.to_string().contains("/proc/self/ems.sqlite"), "{e}");
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn full_disk_keeps_the_batch_in_memory_retries_and_loses_nothing() {
    let dir = tempdir("full");
    let opts = StoreOptions {
        retry_interval: Duration::from_millis(50),
        ..StoreOptions::default()
    };
    let w = StoreWriter::open(&dir, opts).unwrap();
    let base = t("2026-03-01T00:00:00Z");
    let read = |k: i64| -> Vec<Reading> {
        (0..30)
            .map(|q| Reading::new("M", base + k * 1000, format!("q{q}"), (k * 30 + q) as f64))
            .collect()
    };
    for k in 0..10 {
        w.write_readings(read(k)).unwrap();
    }
    w.flush().unwrap();
    let committed = w.status().committed_values;
    // Cap the file at its current size: the next batch cannot be written.
    let pages = rusqlite_pages(&dir) + 1;
    w.set_max_pages(Some(pages)).unwrap();
    for k in 10..400 {
        w.write_readings(read(k)).unwrap();
    }
    let e = w.flush().unwrap_err();
    assert!(matches!(e, StoreError::DiskFull { .. }), "{e:?}");
    assert!(
        e.to_string().contains("ems.sqlite") && e.to_string().contains("free disk space"),
        "{e}"
    );
    let s = w.status();
    assert!(s.pending_rows > 0 && s.failed_commits >= 1, "{s:?}");
    assert!(s.committed_values >= committed);
    // Stored data is intact and readable meanwhile.
    let rd = StoreReader::open(&dir).unwrap();
    assert_eq!(
        rd.history("M", "q7", 0, i64::MAX / 2, Resolution::Raw)
            .unwrap()
            .len(),
        10
    );
    // Space comes back: the retry writes everything that was kept.
    w.set_max_pages(None).unwrap();
    std::thread::sleep(Duration::from_millis(200));
    w.flush().unwrap();
    let s = w.status();
    assert_eq!(s.pending_rows, 0);
    assert!(s.last_error.is_none());
    w.close().unwrap();
    let h = rd
        .history("M", "q7", 0, i64::MAX / 2, Resolution::Raw)
        .unwrap();
    assert_eq!(h.len(), 400);
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn try_write_hands_readings_back_when_a_full_disk_has_filled_memory() {
    let dir = tempdir("try-full");
    let opts = StoreOptions {
        channel_capacity: 2,
        max_pending_rows: 60,
        retry_interval: Duration::from_millis(20),
        max_pages: Some(1),
        ..StoreOptions::default()
    };
    // One page cannot even hold the schema: every commit fails.
    let e = StoreWriter::open(&dir, opts.clone()).unwrap_err();
    assert!(matches!(e, StoreError::DiskFull { .. }), "{e:?}");
    let w = StoreWriter::open(
        &dir,
        StoreOptions {
            max_pages: None,
            ..opts
        },
    )
    .unwrap();
    w.set_max_pages(Some(rusqlite_pages(&dir))).unwrap();
    let read = |k: i64| {
        (0..30)
            .map(|q| Reading::new("M", k, format!("q{q}"), 1.0))
            .collect::<Vec<_>>()
    };
    // Offer reads without blocking until a commit has failed on the cap and a read came back.
    // (The channel can also fill only because the writer is behind: keep going until both.)
    let mut handed_back = None;
    let t0 = std::time::Instant::now();
    let mut k = 0;
    while handed_back.is_none() || w.status().last_error.is_none() {
        assert!(
            t0.elapsed() < Duration::from_secs(20),
            "never full: {:?}",
            w.status()
        );
        if let Some(v) = w.try_write_readings(read(k)).unwrap() {
            handed_back = Some(v);
        }
        k += 1;
        std::thread::sleep(Duration::from_millis(2));
    }
    assert_eq!(handed_back.unwrap().len(), 30);
    assert!(matches!(
        w.status().last_error,
        Some(StoreError::DiskFull { .. })
    ));
    w.set_max_pages(None).unwrap();
    w.flush().unwrap();
    w.close().unwrap();
    // Closing while the disk stays full does not hang and says what was lost.
    let w = StoreWriter::open(
        &dir,
        StoreOptions {
            retry_interval: Duration::from_millis(20),
            ..StoreOptions::default()
        },
    )
    .unwrap();
    w.set_max_pages(Some(rusqlite_pages(&dir))).unwrap();
    for k in 1000..1100 {
        w.write_readings(read(k)).unwrap();
    }
    let e = w.close().unwrap_err();
    assert!(
        // All 3000 values, unless the 1-s timer committed a first part that still fitted.
        matches!(&e, StoreError::Closed(m) if m.contains(" rows received were not written")
            && m.contains("disk is full")
            && m.split(' ').next().and_then(|n| n.parse::<u32>().ok()).is_some_and(|n| n > 0 && n <= 3000)),
        "{e}"
    );
    std::fs::remove_dir_all(dir).ok();
}

/// The database's current page count, read independently of the store.
fn rusqlite_pages(dir: &Path) -> u32 {
    let c = rusqlite::Connection::open(dir.join("ems.sqlite")).unwrap();
    c.query_row("PRAGMA page_count", [], |r| r.get(0)).unwrap()
}

#[test]
fn prune_drops_raw_and_minute_rows_past_retention_and_keeps_15_minute_slots() {
    let dir = tempdir("prune");
    write_sample(&dir);
    let w = StoreWriter::open(&dir, ist_options()).unwrap();
    // 8 days later: raw (7 d) goes, 1-minute (400 d) stays.
    let rep = w.prune(t("2026-03-09T00:00:00Z")).unwrap();
    assert_eq!(
        (rep.raw_rows, rep.energy_rows, rep.minute_rows),
        (7, 2, 0),
        "{rep:?}"
    );
    // 401 days later the 1-minute level goes too.
    let rep = w.prune(t("2027-04-06T00:00:00Z")).unwrap();
    // value_1m: one packed row per meter and minute (Feeder A 00:00, 00:01, 00:16, 00:35;
    // Pump 00:05); energy_1m_packed, likewise one per meter and minute: 00:00, 00:01, 00:14,
    // 00:15.
    assert_eq!(rep.minute_rows, 4 + 1 + 4, "{rep:?}");
    w.close().unwrap();
    let rd = StoreReader::open(&dir).unwrap();
    let e = rd
        .energy(
            "Feeder A",
            "active_energy_delivered",
            t("2026-03-01T00:00:00Z"),
            t("2026-03-01T00:30:00Z"),
            Resolution::Slot15,
        )
        .unwrap();
    assert_eq!((e[0].wh, e[1].wh), (Some(120.0), Some(60.0)));
    assert!(rd
        .history(
            "Feeder A",
            "active_power_total",
            0,
            i64::MAX / 2,
            Resolution::Minute
        )
        .unwrap()
        .is_empty());
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn a_reader_holding_a_read_transaction_does_not_block_the_writer() {
    let dir = tempdir("wal");
    write_sample(&dir);
    let c = rusqlite::Connection::open(dir.join("ems.sqlite")).unwrap();
    c.execute_batch("BEGIN; SELECT count(*) FROM raw;").unwrap();
    let w = StoreWriter::open(&dir, StoreOptions::default()).unwrap();
    let t0 = std::time::Instant::now();
    for k in 0..100 {
        w.write(Reading::new("X", k, "frequency", 50.0)).unwrap();
        if k % 10 == 0 {
            w.flush().unwrap();
        }
    }
    w.close().unwrap();
    // Blocked commits would wait out the 5-s busy timeout and fail; generous bound for a loaded machine.
    assert!(t0.elapsed() < Duration::from_secs(10));
    c.execute_batch("COMMIT").unwrap();
    std::fs::remove_dir_all(dir).ok();
}

/// The store splits into 1-minute slots only deltas of at most 5 minutes; minutes of a slot
/// known only at 15-minute detail are spread from the 15-minute slot when read, exactly as the
/// split would have given: a fifteenth each for an even 15-minute delta, counters interpolated.
#[test]
fn minutes_of_long_deltas_are_read_from_their_15_minute_slot() {
    let dir = tempdir("minute-spread");
    let w = StoreWriter::open(&dir, ist_options()).unwrap();
    w.write_energy(vec![
        // 10:00–10:15: one 15-minute delta of 150 Wh (a history sample).
        delta(
            "M",
            "2026-03-01T10:00:00Z",
            "2026-03-01T10:15:00Z",
            150.0,
            1000.0,
        ),
        // 10:15–10:18: three 1-minute deltas of 10, 20, 30 Wh.
        delta(
            "M",
            "2026-03-01T10:15:00Z",
            "2026-03-01T10:16:00Z",
            10.0,
            1150.0,
        ),
        delta(
            "M",
            "2026-03-01T10:16:00Z",
            "2026-03-01T10:17:00Z",
            20.0,
            1160.0,
        ),
        delta(
            "M",
            "2026-03-01T10:17:00Z",
            "2026-03-01T10:18:00Z",
            30.0,
            1180.0,
        ),
        // 10:18–10:30: a 12-minute gap bridged by one delta of 120 Wh.
        delta(
            "M",
            "2026-03-01T10:18:00Z",
            "2026-03-01T10:30:00Z",
            120.0,
            1210.0,
        ),
    ])
    .unwrap();
    w.flush().unwrap();
    drop(w);
    // Only the three short deltas made 1-minute rows (packed, one per meter and minute, each
    // holding the one counter); none in the legacy table.
    let conn = rusqlite::Connection::open(dir.join("ems.sqlite")).unwrap();
    let n: i64 = conn
        .query_row("SELECT count(*) FROM energy_1m_packed", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 3);
    let n: i64 = conn
        .query_row("SELECT count(*) FROM energy_1m", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 0);

    let reader = StoreReader::open(&dir).unwrap();
    let m = reader
        .energy(
            "M",
            "active_energy_delivered",
            t("2026-03-01T10:00:00Z"),
            t("2026-03-01T10:30:00Z"),
            Resolution::Minute,
        )
        .unwrap();
    assert_eq!(m.len(), 30);
    for (i, e) in m.iter().enumerate() {
        let want = match i {
            0..=14 => 10.0,
            15 => 10.0,
            16 => 20.0,
            17 => 30.0,
            _ => 10.0,
        };
        let wh = e.wh.unwrap_or_else(|| panic!("minute {i} missing: {e:?}"));
        assert!((wh - want).abs() < 1e-9, "minute {i}: {wh} Wh, want {want}");
        assert_eq!(e.covered_ms, 60_000, "minute {i}");
        assert_eq!(e.quality, Quality::Complete, "minute {i}");
    }
    // Counters interpolated inside the 15-minute delta: minute 10:03 runs 1030 → 1040.
    assert!(
        (m[3].counter_first.unwrap() - 1030.0).abs() < 1e-9,
        "{:?}",
        m[3]
    );
    assert!(
        (m[3].counter_last.unwrap() - 1040.0).abs() < 1e-9,
        "{:?}",
        m[3]
    );
    // Inside the bridged gap: minute 10:20 runs 1230 → 1240.
    assert!(
        (m[20].counter_first.unwrap() - 1230.0).abs() < 1e-9,
        "{:?}",
        m[20]
    );
    // The hour and the 15-minute slots are unchanged by any of this.
    let q = reader
        .energy(
            "M",
            "active_energy_delivered",
            t("2026-03-01T10:00:00Z"),
            t("2026-03-01T10:30:00Z"),
            Resolution::Slot15,
        )
        .unwrap();
    assert_eq!(
        q.iter().map(|e| e.wh.unwrap()).collect::<Vec<_>>(),
        [150.0, 180.0]
    );
    // A range starting inside a slot gets only its own minutes.
    let part = reader
        .energy(
            "M",
            "active_energy_delivered",
            t("2026-03-01T10:10:00Z"),
            t("2026-03-01T10:12:00Z"),
            Resolution::Minute,
        )
        .unwrap();
    assert_eq!(part.len(), 2);
    assert!((part[0].wh.unwrap() - 10.0).abs() < 1e-9);
}

/// An unsigned LEB128 varint at `*i` (SCHEMA.md's packing, decoded here without the store's
/// code).
fn leb128(b: &[u8], i: &mut usize) -> u64 {
    let (mut x, mut shift) = (0u64, 0);
    loop {
        let byte = b[*i];
        *i += 1;
        x |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return x;
        }
        shift += 7;
    }
}

fn put_leb128(mut x: u64, out: &mut Vec<u8>) {
    while x >= 0x80 {
        out.push(x as u8 | 0x80);
        x >>= 7;
    }
    out.push(x as u8);
}

/// An f64 (`wide`) or an f32 little-endian at `*i`.
fn float(b: &[u8], i: &mut usize, wide: bool) -> f64 {
    if wide {
        *i += 8;
        f64::from_le_bytes(b[*i - 8..*i].try_into().unwrap())
    } else {
        *i += 4;
        f64::from(f32::from_le_bytes(b[*i - 4..*i].try_into().unwrap()))
    }
}

/// The (meter, time, blob) rows `sql` selects; there must be some.
fn blobs(c: &rusqlite::Connection, sql: &str) -> Vec<(i64, i64, Vec<u8>)> {
    let rows: Vec<(i64, i64, Vec<u8>)> = c
        .prepare(sql)
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(!rows.is_empty(), "{sql}");
    rows
}

/// Rewrites every `raw` and `value_1m` blob of the database from the compact packing the store
/// writes into the original one (SCHEMA.md), as a database of an older ems holds them.
fn repack_in_original_format(dir: &Path) {
    let mut c = rusqlite::Connection::open(dir.join("ems.sqlite")).unwrap();
    let tx = c.transaction().unwrap();
    let raw = blobs(&tx, "SELECT meter_id, time_ms, vals FROM raw");
    for (m, t, b) in raw {
        assert_eq!(b[0], 0, "compact");
        let (mut i, mut old) = (1, Vec::new());
        while i < b.len() {
            let key = leb128(&b, &mut i);
            put_leb128(key >> 1, &mut old);
            old.extend_from_slice(&float(&b, &mut i, key & 1 == 1).to_le_bytes());
        }
        tx.execute(
            "UPDATE raw SET vals = ?3 WHERE meter_id = ?1 AND time_ms = ?2",
            rusqlite::params![m, t, old],
        )
        .unwrap();
    }
    let minutes = blobs(&tx, "SELECT meter_id, slot_ms, vals FROM value_1m");
    for (m, s, b) in minutes {
        assert_eq!(b[0], 0, "compact");
        let (mut i, mut old) = (1, Vec::new());
        while i < b.len() {
            let key = leb128(&b, &mut i);
            let (many, wide) = (key & 2 != 0, key & 1 != 0);
            put_leb128(key >> 2, &mut old);
            let (n, sum, min, max) = if many {
                let n = leb128(&b, &mut i);
                let sum = float(&b, &mut i, true);
                (n, sum, float(&b, &mut i, wide), float(&b, &mut i, wide))
            } else {
                let v = float(&b, &mut i, wide);
                (1, v, v, v)
            };
            put_leb128(n, &mut old);
            for v in [sum, min, max] {
                old.extend_from_slice(&v.to_le_bytes());
            }
        }
        tx.execute(
            "UPDATE value_1m SET vals = ?3 WHERE meter_id = ?1 AND slot_ms = ?2",
            rusqlite::params![m, s, old],
        )
        .unwrap();
    }
    tx.commit().unwrap();
}

/// The first byte of every `raw` and `value_1m` blob.
fn first_bytes(dir: &Path) -> Vec<u8> {
    let c = rusqlite::Connection::open(dir.join("ems.sqlite")).unwrap();
    let mut st = c
        .prepare("SELECT vals FROM raw UNION ALL SELECT vals FROM value_1m")
        .unwrap();
    let firsts = st
        .query_map([], |r| r.get::<_, Vec<u8>>(0))
        .unwrap()
        .map(|b| b.unwrap()[0])
        .collect();
    firsts
}

#[test]
fn a_database_in_the_original_packing_reads_the_same_and_takes_new_readings() {
    let dir = tempdir("original-packing");
    write_sample(&dir);
    // Values an f32 cannot hold are stored as f64s.
    let w = StoreWriter::open(&dir, ist_options()).unwrap();
    w.write_readings(vec![
        r("Pump, 2", "2026-03-01T00:05:00Z", "voltage_a_n", 230.1),
        r("Pump, 2", "2026-03-01T00:05:20Z", "voltage_a_n", 1e300),
        r("Pump, 2", "2026-03-01T00:05:40Z", "voltage_a_n", -0.0),
    ])
    .unwrap();
    w.close().unwrap();
    let (from, to) = (t("2026-03-01T00:00:00Z"), t("2026-03-01T01:00:00Z"));
    let series = [
        ("Feeder A", "active_power_total"),
        ("Feeder A", "frequency"),
        ("Feeder A", "active_energy_delivered"),
        ("Pump, 2", "active_power_total"),
        ("Pump, 2", "voltage_a_n"),
    ];
    let snapshot = || {
        let rd = StoreReader::open(&dir).unwrap();
        let mut h = Vec::new();
        for (m, q) in series {
            for res in [Resolution::Raw, Resolution::Minute, Resolution::Slot15] {
                h.push(rd.history(m, q, from, to, res).unwrap());
            }
        }
        let csv: Vec<String> = ["raw", "1m"]
            .iter()
            .map(|res| {
                let (ok, csv, err) = export(&dir, &["--resolution", res]);
                assert!(ok, "{err}");
                csv
            })
            .collect();
        (rd.latest(None).unwrap(), h, csv)
    };
    let compact = snapshot();
    assert!(compact.1[12]
        .iter()
        .any(|p| p.value.to_bits() == (-0.0f64).to_bits()));
    assert!(compact.1[12].iter().any(|p| p.value == 1e300));
    repack_in_original_format(&dir);
    assert!(first_bytes(&dir).iter().all(|&b| b != 0));
    assert_eq!(snapshot(), compact);

    // New readings merge into the original-format rows, which are rewritten compact.
    let w = StoreWriter::open(&dir, ist_options()).unwrap();
    w.write_readings(vec![
        r("Feeder A", "2026-03-01T00:00:10Z", "voltage_a_n", 231.5),
        r(
            "Feeder A",
            "2026-03-01T00:00:50Z",
            "active_power_total",
            4500.0,
        ),
    ])
    .unwrap();
    w.close().unwrap();
    let rd = StoreReader::open(&dir).unwrap();
    let h = rd
        .history(
            "Feeder A",
            "active_power_total",
            from,
            t("2026-03-01T00:01:00Z"),
            Resolution::Minute,
        )
        .unwrap();
    let got: Vec<_> = h.iter().map(|p| (p.value, p.min, p.max, p.count)).collect();
    assert_eq!(got, vec![(2500.0, Some(1000.0), Some(4500.0), 3)]);
    let raw = |q| {
        rd.history(
            "Feeder A",
            q,
            from,
            t("2026-03-01T00:00:20Z"),
            Resolution::Raw,
        )
        .unwrap()
        .iter()
        .map(|p| p.value)
        .collect::<Vec<_>>()
    };
    assert_eq!(raw("frequency"), vec![50.0]);
    assert_eq!(raw("voltage_a_n"), vec![231.5]);
    assert_eq!(raw("active_power_total"), vec![1000.0]);
    assert_eq!(first_bytes(&dir).iter().filter(|&&b| b == 0).count(), 3);
}

/// A database as an ems before schema 4 left it: migrations 1–3, and 1-minute energy in
/// `energy_1m`, one row per (meter, quantity, minute).
fn old_schema_database(dir: &Path) -> rusqlite::Connection {
    let c = rusqlite::Connection::open(dir.join("ems.sqlite")).unwrap();
    for sql in &ems::store::schema::MIGRATIONS[..3] {
        c.execute_batch(sql).unwrap();
    }
    c.execute_batch(&format!(
        "PRAGMA application_id = {}; PRAGMA user_version = 3;",
        ems::store::schema::APPLICATION_ID
    ))
    .unwrap();
    c
}

/// What `StoreReader::energy` returns for an interval, minus its bounds:
/// (wh, counter first, counter last, covered ms, quality).
type Energy = (Option<f64>, Option<f64>, Option<f64>, i64, Quality);

fn energy_minutes(dir: &Path, quantity: &str, from: &str, to: &str) -> Vec<(i64, Energy)> {
    StoreReader::open(dir)
        .unwrap()
        .energy("M", quantity, t(from), t(to), Resolution::Minute)
        .unwrap()
        .into_iter()
        .map(|e| {
            assert_eq!(e.end_ms - e.start_ms, 60_000);
            (
                e.start_ms,
                (
                    e.wh,
                    e.counter_first,
                    e.counter_last,
                    e.covered_ms,
                    e.quality,
                ),
            )
        })
        .collect()
}

fn count(dir: &Path, table: &str) -> i64 {
    rusqlite::Connection::open(dir.join("ems.sqlite"))
        .unwrap()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

/// Legacy `energy_1m` rows of an older database are read as they are, folded into the packed
/// row when new energy lands in their minute (nothing counted twice, nothing lost), and pruned.
#[test]
fn legacy_energy_1m_rows_are_read_merged_with_new_minutes_and_pruned() {
    let dir = tempdir("legacy-energy-1m");
    let c = old_schema_database(&dir);
    // Meter M; active energy (q 1) and reactive energy (q 2). Deltas as the old collector
    // stored them: q1 [09:00, 09:01) 12 Wh, 800 → 812, and [10:00, 10:01:30) 90 Wh,
    // 1000 → 1090; q2 [10:01, 10:01:30) 5 varh, 500 → 505.
    c.execute_batch(
        "INSERT INTO meter (id, name) VALUES (1, 'M');
         INSERT INTO quantity (id, name, unit, energy) VALUES
             (1, 'active_energy_delivered', 'Wh', 1), (2, 'reactive_energy_delivered', 'varh', 1);",
    )
    .unwrap();
    let base = t("2026-03-01T10:00:00Z");
    let (h9, m) = (t("2026-03-01T09:00:00Z"), 60_000);
    let raw: [(i64, i64, i64, f64, f64, f64); 3] = [
        (1, h9, h9 + m, 12.0, 800.0, 812.0),
        (1, base, base + 90_000, 90.0, 1000.0, 1090.0),
        (2, base + m, base + 90_000, 5.0, 500.0, 505.0),
    ];
    for (q, from, to, wh, c0, c1) in raw {
        c.execute(
            "INSERT INTO energy_raw VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6)",
            rusqlite::params![q, from, to, wh, c0, c1],
        )
        .unwrap();
    }
    // (table, quantity, slot, wh, covered, first, counter first, last, counter last)
    type Row = (&'static str, i64, i64, f64, i64, i64, f64, i64, f64);
    let rows: [Row; 6] = [
        ("energy_1m", 1, h9, 12.0, m, h9, 800.0, h9 + m, 812.0),
        (
            "energy_1m",
            1,
            base,
            60.0,
            m,
            base,
            1000.0,
            base + m,
            1060.0,
        ),
        (
            "energy_1m",
            1,
            base + m,
            30.0,
            30_000,
            base + m,
            1060.0,
            base + 90_000,
            1090.0,
        ),
        (
            "energy_1m",
            2,
            base + m,
            5.0,
            30_000,
            base + m,
            500.0,
            base + 90_000,
            505.0,
        ),
        ("energy_15m", 1, h9, 12.0, m, h9, 800.0, h9 + m, 812.0),
        (
            "energy_15m",
            1,
            base,
            90.0,
            90_000,
            base,
            1000.0,
            base + 90_000,
            1090.0,
        ),
    ];
    for (table, q, slot, wh, cov, f, c0, l, c1) in rows {
        c.execute(
            &format!("INSERT INTO {table} VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"),
            rusqlite::params![q, slot, wh, cov, f, c0, l, c1],
        )
        .unwrap();
    }
    c.execute(
        "INSERT INTO energy_15m VALUES (1, 2, ?1, 5.0, 30000, ?2, 500.0, ?3, 505.0)",
        rusqlite::params![base, base + m, base + 90_000],
    )
    .unwrap();
    drop(c);

    // The legacy rows read as they are once the database is migrated.
    drop(StoreWriter::open(&dir, StoreOptions::default()).unwrap());
    assert_eq!(count(&dir, "energy_1m"), 4);
    assert_eq!(count(&dir, "energy_1m_packed"), 0);
    let before = energy_minutes(
        &dir,
        "active_energy_delivered",
        "2026-03-01T10:00:00Z",
        "2026-03-01T10:03:00Z",
    );
    use Quality::{Complete, Missing, Partial};
    assert_eq!(
        before,
        vec![
            (base, (Some(60.0), Some(1000.0), Some(1060.0), m, Complete)),
            (
                base + m,
                (Some(30.0), Some(1060.0), Some(1090.0), 30_000, Partial)
            ),
            (base + 2 * m, (None, None, None, 0, Missing)),
        ]
    );

    let e = |q: &'static str, from: i64, to: i64, wh: f64, c0: f64| EnergyDelta {
        meter: "M".into(),
        quantity: q.into(),
        from_ms: from,
        to_ms: to,
        wh,
        counter_first: c0,
        counter_last: c0 + wh,
    };
    let (q1, q2) = ("active_energy_delivered", "reactive_energy_delivered");
    let w = StoreWriter::open(&dir, StoreOptions::default()).unwrap();
    // q1 [10:01:30, 10:02:30) 60 Wh, 1090 → 1150: half into the legacy minute 10:01, half into
    // the new minute 10:02; replays of an old and of this delta change nothing.
    w.write_energy(vec![
        e(q1, base + 90_000, base + 150_000, 60.0, 1090.0),
        e(q1, base, base + 90_000, 90.0, 1000.0),
    ])
    .unwrap();
    w.flush().unwrap();
    // q2 [10:00:30, 10:01) 2 varh, 498 → 500 into the legacy minute 10:00 (of q1 only); q1
    // [10:05, 10:06) 45 Wh, 1200 → 1245 into a minute with no legacy rows; the replay again.
    w.write_energy(vec![
        e(q2, base + 30_000, base + m, 2.0, 498.0),
        e(q1, base + 5 * m, base + 6 * m, 45.0, 1200.0),
        e(q1, base + 90_000, base + 150_000, 60.0, 1090.0),
    ])
    .unwrap();
    w.flush().unwrap();
    let st = w.status();
    w.close().unwrap();
    assert_eq!(
        (st.committed_deltas, st.duplicates, st.rejected),
        (3, 2, 0),
        "{st:?}"
    );

    // Every minute of 10:00 and 10:01 was folded into its packed row; 09:00 stays legacy.
    assert_eq!(count(&dir, "energy_1m"), 1);
    assert_eq!(count(&dir, "energy_1m_packed"), 4);
    let q1_minutes = energy_minutes(&dir, q1, "2026-03-01T09:00:00Z", "2026-03-01T10:07:00Z");
    assert_eq!(q1_minutes.len(), 67);
    let want: Vec<(i64, Energy)> = (0..67)
        .map(|i| {
            let s = h9 + i * m;
            let e = match (s - base) / m {
                -60 => (Some(12.0), Some(800.0), Some(812.0), m, Complete),
                0 => (Some(60.0), Some(1000.0), Some(1060.0), m, Complete),
                // Legacy 30 Wh over [10:01, 10:01:30) and new 30 Wh over [10:01:30, 10:02).
                1 => (Some(60.0), Some(1060.0), Some(1120.0), m, Complete),
                2 => (Some(30.0), Some(1120.0), Some(1150.0), 30_000, Partial),
                5 => (Some(45.0), Some(1200.0), Some(1245.0), m, Complete),
                _ => (None, None, None, 0, Missing),
            };
            (s, e)
        })
        .collect();
    assert_eq!(q1_minutes, want);
    let q2_minutes = energy_minutes(&dir, q2, "2026-03-01T10:00:00Z", "2026-03-01T10:03:00Z");
    assert_eq!(
        q2_minutes,
        vec![
            (base, (Some(2.0), Some(498.0), Some(500.0), 30_000, Partial)),
            (
                base + m,
                (Some(5.0), Some(500.0), Some(505.0), 30_000, Partial)
            ),
            (base + 2 * m, (None, None, None, 0, Missing)),
        ]
    );
    // The 15-minute slot holds the same energy: 90 + 60 + 45 Wh.
    let rd = StoreReader::open(&dir).unwrap();
    let slot = rd
        .energy("M", q1, base, base + 15 * m, Resolution::Slot15)
        .unwrap();
    assert_eq!(
        (slot[0].wh, slot[0].covered_ms, slot[0].counter_last),
        (Some(195.0), 210_000, Some(1245.0))
    );
    drop(rd);

    // 400 days after 10:01 the minutes before 10:01 go: the legacy 09:00 and the packed 10:00;
    // the raw deltas (7 days) all go.
    let w = StoreWriter::open(&dir, StoreOptions::default()).unwrap();
    let rep = w.prune(base + m + 400 * 86_400_000).unwrap();
    assert_eq!((rep.minute_rows, rep.energy_rows), (2, 6), "{rep:?}");
    assert_eq!(count(&dir, "energy_1m"), 0);
    assert_eq!(count(&dir, "energy_1m_packed"), 3);
    // The minutes left read as before. (A pruned minute's energy is still in its 15-minute
    // slot, which the reader spreads over the minutes it no longer has.)
    let after = energy_minutes(&dir, q1, "2026-03-01T10:00:00Z", "2026-03-01T10:07:00Z");
    assert_eq!(after[1], want[61]);
    assert_eq!(after[5], want[65]);
    assert_ne!(after[0].1 .0, Some(60.0));
    let rep = w.prune(t("2030-01-01T00:00:00Z")).unwrap();
    assert_eq!(rep.minute_rows, 3, "{rep:?}");
    w.close().unwrap();
    assert_eq!(
        count(&dir, "energy_1m") + count(&dir, "energy_1m_packed"),
        0
    );
    std::fs::remove_dir_all(dir).ok();
}

/// A minute of a meter's 12 energy counters, each a whole number of Wh over the whole minute,
/// is one packed row of a few bytes per counter instead of 12 rows of about 66 bytes.
#[test]
fn a_minute_of_12_whole_wh_counters_packs_in_a_few_bytes_each() {
    let dir = tempdir("energy-1m-size");
    let names = [
        "active_energy_delivered",
        "active_energy_received",
        "active_energy_net",
        "active_energy_delivered_plus_received",
        "reactive_energy_delivered",
        "reactive_energy_received",
        "reactive_energy_net",
        "reactive_energy_delivered_plus_received",
        "apparent_energy_delivered",
        "apparent_energy_received",
        "apparent_energy_net",
        "apparent_energy_delivered_plus_received",
    ];
    let s = t("2026-03-01T10:00:00Z");
    let w = StoreWriter::open(&dir, StoreOptions::default()).unwrap();
    // Counters of a meter that has run a while (12 345 678 Wh and up: 4-byte varints), 25 to
    // 36 Wh a minute.
    w.write_energy(
        names
            .iter()
            .enumerate()
            .map(|(k, &q)| EnergyDelta {
                meter: "M".into(),
                quantity: q.into(),
                from_ms: s,
                to_ms: s + 60_000,
                wh: 25.0 + k as f64,
                counter_first: 12_345_678.0 + 1000.0 * k as f64,
                counter_last: 12_345_678.0 + 1000.0 * k as f64 + 25.0 + k as f64,
            })
            .collect(),
    )
    .unwrap();
    w.close().unwrap();
    let c = rusqlite::Connection::open(dir.join("ems.sqlite")).unwrap();
    let rows = blobs(&c, "SELECT meter_id, slot_ms, vals FROM energy_1m_packed");
    assert_eq!(rows.len(), 1);
    let blob = &rows[0].2;
    // SCHEMA.md: the version byte 1, then per counter its id (1 byte), the flags (whole
    // minute: no times; wh and counter_first whole, counter_last their difference: 0x70), wh
    // (zig-zag ≤ 72: 1 byte), counter_first (zig-zag < 2^28: 4 bytes), the difference (1 byte).
    assert_eq!(blob[0], 1);
    let mut i = 1;
    for k in 0..12u64 {
        assert_eq!(leb128(blob, &mut i), k + 1, "quantity id");
        assert_eq!(blob[i], 0x70, "flags");
        i += 1;
        let zz = |u: u64| (u >> 1) as i64 ^ -((u & 1) as i64);
        let wh = zz(leb128(blob, &mut i));
        let c0 = zz(leb128(blob, &mut i));
        let diff = zz(leb128(blob, &mut i));
        assert_eq!(
            (wh, c0, diff),
            (25 + k as i64, 12_345_678 + 1000 * k as i64, 25 + k as i64)
        );
    }
    assert_eq!(i, blob.len());
    println!(
        "12 whole-Wh counters: a {}-byte blob, {:.1} bytes a counter (legacy: 12 rows of ~66 bytes)",
        blob.len(),
        blob.len() as f64 / 12.0
    );
    assert!(blob.len() <= 1 + 12 * 8, "{} bytes", blob.len());
    assert_eq!(count(&dir, "energy_1m"), 0);
    std::fs::remove_dir_all(dir).ok();
}
