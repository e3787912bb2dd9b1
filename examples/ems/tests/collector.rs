//! The collector end to end: `ems demo` writes its history and polls live into a store whose
//! energy balances across the hierarchy; `ems run` against a simulated gateway survives
//! `kill -9` at random moments with its energy continuing exactly (no gap, no double count).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use ems::store::{Quality, Resolution, StoreReader};

mod support;

use support::{now_ms, sim_tcp, tempdir, EMS};

#[test]
fn demo_history_balances_across_the_hierarchy_and_live_reads_follow() {
    let dir = tempdir("demo");
    let o = Command::new(EMS)
        .args([
            "demo",
            "--meters",
            "14",
            "--history",
            "1",
            "--cycles",
            "1",
            "--plain",
        ])
        .arg("--data-dir")
        .arg(&dir)
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success(),
        "{out}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(out.contains("history: 1 days"), "{out}");
    assert!(out.contains("cycle 1: 14 meters polled"), "{out}");

    let r = StoreReader::open(&dir).unwrap();
    assert_eq!(r.meters().unwrap().len(), 14);
    let slot = 900_000;
    let (from, to) = (
        (now_ms() - 20 * 3_600_000) / slot * slot,
        (now_ms() - 3_600_000) / slot * slot,
    );
    let day = |m: &str| -> f64 {
        r.energy(m, "active_energy_delivered", from, to, Resolution::Slot15)
            .unwrap()
            .iter()
            .map(|s| {
                assert!(s.wh.unwrap_or(0.0) >= 0.0, "{m}: negative energy {s:?}");
                s.wh.unwrap_or(0.0)
            })
            .sum()
    };
    // Transformer TR-1 LV feeds PCC-1, MCC-1 and MCC-2 (units 6-8): its energy is theirs plus
    // 1-15 % unmetered load and losses; the 33 kV incomer likewise over TR-1..TR-3.
    for (parent, children) in [
        ("TR-1 LV", &["PCC-1", "MCC-1", "MCC-2"][..]),
        ("33 KV INCOMER", &["TR-1 LV", "TR-2 LV", "TR-3 LV"][..]),
    ] {
        let p = day(parent);
        let c: f64 = children.iter().map(|m| day(m)).sum();
        let share = (p - c) / p;
        assert!(
            p > 0.0 && (0.005..0.15).contains(&share),
            "{parent}: {p:.0} Wh vs children {c:.0} Wh"
        );
    }
    // Every 15-minute slot of the last 19 hours is there, and no slot holds more energy than
    // the incomer's rating allows (6000 kVA × 0.25 h): a reset never became a spike.
    let slots = r
        .energy(
            "Grid Incomer",
            "active_energy_delivered",
            from,
            to,
            Resolution::Slot15,
        )
        .unwrap();
    assert_eq!(slots.len(), 76);
    for s in &slots {
        assert_eq!(s.quality, Quality::Complete, "{s:?}");
        assert!(s.wh.unwrap() < 6.0e6 * 0.25, "{s:?}");
    }
    // Live readings followed the history.
    let latest = r.latest(Some("Grid Incomer")).unwrap();
    let p = latest
        .iter()
        .find(|v| v.quantity == "active_power_total")
        .unwrap();
    assert!(now_ms() - p.time_ms < 120_000, "{p:?}");
}

fn config(dir: &Path, port: u16) -> PathBuf {
    let text = format!(
        r#"site = "Crash works"
timezone = "Asia/Kolkata"

[[bus]]
name = "gw"
tcp = "127.0.0.1:{port}"
baud = 115200
parity = "even"
turnaround_ms = 10

[poll.fast]
quantities = ["active_power_total"]
interval = "200ms"

[poll.energy]
quantities = ["active_energy_delivered", "apparent_energy_delivered"]
interval = "500ms"

[poll.slow]
interval = "off"

[storage]
data_dir = "data"

[[meter]]
name = "M1"
bus = "gw"
unit = 1
model = "em6400ng"

[[meter]]
name = "M2"
bus = "gw"
unit = 2
model = "em6400ng"
"#
    );
    let path = dir.join("ems.toml");
    std::fs::write(&path, text).unwrap();
    path
}

/// A tiny deterministic generator for the kill moments.
fn next(seed: &mut u64) -> u64 {
    *seed ^= *seed << 13;
    *seed ^= *seed >> 7;
    *seed ^= *seed << 17;
    *seed
}

#[test]
fn run_survives_kill_9_with_energy_continuing_exactly() {
    let dir = tempdir("kill");
    let (gateway, port) = sim_tcp("1-3");
    let cfg = config(&dir, port);
    let mut seed = 0x5EED_u64 ^ u64::from(std::process::id());
    let kills = 8;
    for _ in 0..kills {
        let mut child = Command::new(EMS)
            .args([
                "run",
                "--log-level",
                "warn",
                "--http",
                "127.0.0.1:0",
                "--config",
            ])
            .arg(&cfg)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(800 + next(&mut seed) % 1500));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
    }
    // A last, clean run so the final batch is committed.
    let o = Command::new(EMS)
        .args(["run", "--log-level", "warn", "--http", "127.0.0.1:0"])
        .args(["--duration", "2", "--config"])
        .arg(&cfg)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    drop(gateway);

    let data = dir.join("data");
    let conn = rusqlite::Connection::open(data.join("ems.sqlite")).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let r = StoreReader::open(&data).unwrap();
    let (mut deltas, mut span) = (0, 0);
    for m in ["M1", "M2"] {
        let raw = r
            .energy(
                m,
                "active_energy_delivered",
                0,
                now_ms() + 1,
                Resolution::Raw,
            )
            .unwrap();
        // The energy module books a delta once the counter has moved 10 Wh (or after 15
        // minutes): a lightly loaded meter books few in these short runs.
        assert!(!raw.is_empty(), "{m}: no deltas");
        deltas += raw.len();
        span = span.max(raw.last().unwrap().end_ms - raw[0].start_ms);
        // Consecutive deltas join end to start: the restarts left no gap and no overlap.
        for w in raw.windows(2) {
            assert_eq!(
                w[0].end_ms, w[1].start_ms,
                "{m}: {:?} then {:?}",
                w[0], w[1]
            );
        }
        // And the energy booked equals the counter's rise over the whole run.
        let booked: f64 = raw.iter().map(|d| d.wh.unwrap()).sum();
        let rise = raw.last().unwrap().counter_last.unwrap() - raw[0].counter_first.unwrap();
        assert!(
            (booked - rise).abs() < 1e-6,
            "{m}: booked {booked} Wh, counter rose {rise} Wh"
        );
    }
    assert!(deltas >= 5, "{deltas} deltas in all");
    // The booked span covers the runs (8 killed ones of 0.8-2.3 s, then 2 s): the downtime
    // between runs is booked too, in the first delta after each restart.
    assert!(span >= 8_000, "deltas span {span} ms");
}

/// `systemctl stop` sends SIGTERM (Ctrl-C is SIGINT): `ems run` winds down through its
/// cancellation token — stops polling, drains the pipeline, commits the store — and exits 0,
/// with every reading it had taken stored.
#[test]
fn run_stops_cleanly_on_sigterm_and_sigint() {
    for signal in ["-TERM", "-INT"] {
        let dir = tempdir(&format!("signal{signal}"));
        let (gateway, port) = sim_tcp("1-3");
        let cfg = config(&dir, port);
        let child = run_logged(&cfg, "127.0.0.1:0");
        std::thread::sleep(Duration::from_millis(2500));
        let t0 = Instant::now();
        let (status, log) = stop_logged(child, signal);
        let stopped_in = t0.elapsed();
        drop(gateway);
        assert!(status.success(), "{signal}: {status:?}\n{log}");
        assert!(
            stopped_in < Duration::from_secs(10),
            "{signal}: took {stopped_in:?}"
        );
        let sig = if signal == "-TERM" {
            "SIGTERM"
        } else {
            "SIGINT"
        };
        assert!(log.contains(&format!("signal=\"{sig}\"")), "{log}");
        assert!(log.contains("draining the pipeline"), "{log}");
        assert!(log.trim_end().ends_with("stopped"), "{log}");
        // Everything read before the signal is in the store.
        let r = StoreReader::open(&dir.join("data")).unwrap();
        let latest = r.latest(Some("M1")).unwrap();
        assert!(!latest.is_empty(), "{signal}: nothing stored");
    }
}

/// `ems run --log-level info --http HTTP --config CFG`, its log (stderr) piped.
fn run_logged(cfg: &Path, http: &str) -> std::process::Child {
    Command::new(EMS)
        .args(["run", "--log-level", "info", "--http", http, "--config"])
        .arg(cfg)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Sends `signal` (`-TERM`, `-INT`) to a [`run_logged`] child and waits: its exit status and log.
fn stop_logged(child: std::process::Child, signal: &str) -> (std::process::ExitStatus, String) {
    let ok = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
    let out = child.wait_with_output().unwrap();
    (
        out.status,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Four quantities far apart on an EM6400NG (wire addresses 2999, 3059, 3109, 3766): a read of
/// several requests.
const SPREAD: &str =
    r#"["current_a", "active_power_total", "frequency", "active_power_demand_present"]"#;

/// A configuration of one Modbus TCP bus at 127.0.0.1:`port` with `in_flight`, meters M1…M`n`
/// at units 1…`n`, and only `[poll.fast]` reading `quantities` (a TOML list) every `interval`.
fn pipelined_config(
    dir: &Path,
    port: u16,
    in_flight: usize,
    quantities: &str,
    interval: &str,
    n: u8,
) -> PathBuf {
    let mut text = format!(
        r#"site = "Pipelined works"
timezone = "Asia/Kolkata"

[[bus]]
name = "gw"
tcp = "127.0.0.1:{port}"
baud = 115200
turnaround_ms = 20
in_flight = {in_flight}

[poll.fast]
quantities = {quantities}
interval = "{interval}"

[poll.energy]
interval = "off"

[poll.slow]
interval = "off"

[poll.identity]
interval = "off"

[storage]
data_dir = "data"
"#
    );
    for unit in 1..=n {
        text.push_str(&format!(
            "\n[[meter]]\nname = \"M{unit}\"\nbus = \"gw\"\nunit = {unit}\nmodel = \"em6400ng\"\n"
        ));
    }
    let cfg = dir.join("ems.toml");
    std::fs::write(&cfg, text).unwrap();
    cfg
}

/// Pipelined reads (`in_flight = 4`, back to back) against a Modbus TCP server nobody here
/// wrote (pymodbus): every meter's stored values are exactly the ones its unit serves (no reply
/// reaches another meter's read), a unit that stays silent goes offline without holding up the
/// others, and a register range the server refuses (exception 02) is re-planned away, all on one
/// connection. pymodbus 3.16 answers only the first of several requests that arrive together:
/// the bus must notice and fall back to one request at a time, losing no live meter.
#[test]
fn pipelined_reads_against_a_pymodbus_tcp_server() {
    // Units 1–3: current A, total kW (in kW on the wire), frequency at their EM6400NG
    // addresses, distinct per unit; the demand register (3766) lies outside the image.
    let spec = r#"[
        {"id": 1, "word_order": "abcd", "ranges": [[29, 140], [2999, 3250]],
         "float32": {"2999": 10.5, "3059": 2.5, "3109": 50.0}},
        {"id": 2, "word_order": "abcd", "ranges": [[29, 140], [2999, 3250]],
         "float32": {"2999": 20.5, "3059": 3.5, "3109": 49.5}},
        {"id": 3, "word_order": "abcd", "ranges": [[29, 140], [2999, 3250]],
         "float32": {"2999": 30.5, "3059": 4.5, "3109": 50.5}}]"#;
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let port = support::free_port();
    let Some(server) = support::peers::start_pymodbus_tcp(&repo, port, spec) else {
        return;
    };
    let dir = tempdir("pipelined");
    let cfg = pipelined_config(&dir, port, 4, SPREAD, "0s", 4);
    let http = support::free_port();
    let child = run_logged(&cfg, &format!("127.0.0.1:{http}"));
    support::wait_port(http, "ems run");
    std::thread::sleep(Duration::from_secs(5));
    let metrics = support::http_get(http, "/metrics");
    let (status, log) = stop_logged(child, "-TERM");
    drop(server);
    assert!(status.success(), "{log}");

    let r = StoreReader::open(&dir.join("data")).unwrap();
    let expect = [
        (1, 10.5, 2500.0, 50.0),
        (2, 20.5, 3500.0, 49.5),
        (3, 30.5, 4500.0, 50.5),
    ];
    for (unit, current, power, frequency) in expect {
        let meter = format!("M{unit}");
        let latest = r.latest(Some(&meter)).unwrap();
        let value = |q: &str| {
            latest
                .iter()
                .find(|v| v.quantity == q)
                .map(|v| v.value)
                .unwrap_or_else(|| panic!("{meter}: no {q} stored: {latest:?}"))
        };
        assert_eq!(value("current_a"), current, "{meter}");
        assert_eq!(value("active_power_total"), power, "{meter}");
        assert_eq!(value("frequency"), frequency, "{meter}");
        assert!(
            latest
                .iter()
                .all(|v| v.quantity != "active_power_demand_present"),
            "{meter}: a refused register was stored: {latest:?}"
        );
        // Every stored reading of this meter is its own unit's: no reply crossed over.
        let from = now_ms() - 60_000;
        let currents = r
            .history(&meter, "current_a", from, now_ms() + 1000, Resolution::Raw)
            .unwrap();
        assert!(
            currents.len() >= 10,
            "{meter}: {} reads in 5 s back to back with a silent unit on the bus",
            currents.len()
        );
        assert!(
            currents.iter().all(|p| p.value == current),
            "{meter}: {currents:?}"
        );
        assert_eq!(
            support::metric(&metrics, &format!("ems_meter_up{{meter=\"{meter}\"}}")),
            1.0,
            "{metrics}"
        );
    }
    // Reads overlap on a pipelined bus; its busy time counts them once.
    let busy = support::metric(&metrics, "ems_bus_busy_ratio{bus=\"gw\"}");
    assert!(busy > 0.0 && busy <= 1.0, "busy ratio {busy}");
    assert!(r.latest(Some("M4")).unwrap().is_empty());
    assert_eq!(
        support::metric(&metrics, "ems_meter_up{meter=\"M4\"}"),
        0.0,
        "{metrics}"
    );
    assert!(
        log.contains("meter offline") && log.contains("M4"),
        "the silent unit did not go offline:\n{log}"
    );
    assert!(
        log.contains("no reply within the response timeout"),
        "{log}"
    );
    assert!(
        log.contains("meter refused registers") && log.contains("active_power_demand_present"),
        "{log}"
    );
    assert_eq!(
        log.matches("the device drops requests sent together")
            .count(),
        1,
        "{log}"
    );
}

/// A meter that misses one reply in ten behind a gateway that serves the others meanwhile
/// (`ems sim --flaky`), read pipelined back to back: its silences are its own, not the
/// gateway dropping requests sent together, so the connection keeps sending them together
/// (no fall-back to one at a time, which would slow every meter on it), and every meter,
/// the flaky one too, keeps being read and stored.
#[test]
fn a_flaky_meter_does_not_make_a_pipelined_bus_fall_back() {
    let port = support::free_port();
    let _sim = support::sim_tcp_with("1-4", port, &["--flaky", "2:0.1", "--turnaround-ms", "0"]);
    let dir = tempdir("pipelined-flaky");
    let cfg = pipelined_config(&dir, port, 4, SPREAD, "0s", 4);
    let from = now_ms();
    let child = run_logged(&cfg, "127.0.0.1:0");
    std::thread::sleep(Duration::from_secs(6));
    let (status, log) = stop_logged(child, "-TERM");
    assert!(status.success(), "{log}");
    assert!(
        !log.contains("the device drops requests sent together"),
        "a flaky meter made the bus fall back:\n{log}"
    );
    let r = StoreReader::open(&dir.join("data")).unwrap();
    let reads: Vec<usize> = (1..=4)
        .map(|u| {
            r.history(
                &format!("M{u}"),
                "frequency",
                from,
                now_ms() + 1000,
                Resolution::Raw,
            )
            .unwrap()
            .len()
        })
        .collect();
    // Back to back for about 5 s: thousands of reads of each steady meter; the flaky one
    // waits out a reply timeout (and the requests sent before its own) for every reply it
    // misses, about one read in three, so it is read tens of times.
    assert!(
        reads[0] >= 500 && reads[2] >= 500 && reads[3] >= 500 && reads[1] >= 20,
        "frequency values stored per meter: {reads:?}\n{log}"
    );
}

/// A pipelined bus (`in_flight = 3`) whose gateway goes away for 2 s and comes back on the
/// same address: the reads in flight fail, connecting backs off, and every meter is read again
/// after the restart, on a new connection, without restarting `ems run`.
#[test]
fn pipelined_bus_rides_out_a_gateway_restart() {
    let port = support::free_port();
    let sim = support::sim_tcp_on("1-3", port);
    let dir = tempdir("pipelined-restart");
    let cfg = pipelined_config(&dir, port, 3, r#"["active_power_total"]"#, "100ms", 3);
    let child = run_logged(&cfg, "127.0.0.1:0");
    std::thread::sleep(Duration::from_secs(2));
    drop(sim);
    let down_ms = now_ms();
    std::thread::sleep(Duration::from_secs(2));
    let _sim = support::sim_tcp_on("1-3", port);
    let up_ms = now_ms();
    // Every meter read again after the restart (connect backoff and meter backoff allowing).
    let t0 = Instant::now();
    let resumed = loop {
        let r = StoreReader::open(&dir.join("data")).unwrap();
        let after: Vec<usize> = (1..=3)
            .map(|u| {
                r.history(
                    &format!("M{u}"),
                    "active_power_total",
                    up_ms,
                    now_ms() + 1000,
                    Resolution::Raw,
                )
                .unwrap()
                .len()
            })
            .collect();
        if after.iter().all(|&n| n > 0) || t0.elapsed() > Duration::from_secs(20) {
            break after;
        }
        std::thread::sleep(Duration::from_millis(250));
    };
    let (status, log) = stop_logged(child, "-TERM");
    assert!(status.success(), "{log}");
    assert!(
        resumed.iter().all(|&n| n > 0),
        "reads after the restart per meter: {resumed:?}\n{log}"
    );
    let r = StoreReader::open(&dir.join("data")).unwrap();
    for u in 1..=3 {
        let before = r
            .history(
                &format!("M{u}"),
                "active_power_total",
                down_ms - 2000,
                down_ms,
                Resolution::Raw,
            )
            .unwrap();
        assert!(before.len() >= 5, "M{u}: {} reads before", before.len());
        // Nothing can have been read while nothing listened.
        let during = r
            .history(
                &format!("M{u}"),
                "active_power_total",
                down_ms + 200,
                up_ms - 200,
                Resolution::Raw,
            )
            .unwrap();
        assert!(during.is_empty(), "M{u}: {during:?}");
    }
}
