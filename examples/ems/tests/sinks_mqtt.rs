//! The MQTT sink against a real mosquitto broker on loopback, watched by `mosquitto_sub`: every
//! stored reading arrives with its stored values; availability follows a dead meter and a
//! killed collector (last will); a 30 s broker outage loses nothing; a password file works and
//! a wrong password is reported while the collector keeps storing.
//!
//! Each test starts its own broker (`mosquitto -c <generated conf>` on a free port in a temp
//! dir) and kills it at the end. Without mosquitto the tests are skipped with a message, unless
//! `EMS_SINK_TESTS=1` (the CI command sets it), which makes a missing broker a failure.
//!
//! The benchmark behind BENCHMARKS.md's "MQTT sink" section is the ignored test
//! `catch_up_after_one_hour_outage_of_the_79_meter_demo`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

mod support;

use support::{free_port, now_ms, sim_tcp, tempdir, wait_port, EMS};

// ---------------------------------------------------------------------------------------------
// Peers: mosquitto, mosquitto_sub, ems sim, ems run

/// Where mosquitto's binaries are, or `None` (the test is skipped, or fails under
/// `EMS_SINK_TESTS=1`).
fn mosquitto() -> Option<PathBuf> {
    let found = ["/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
        .or_else(|| {
            let o = Command::new("sh")
                .args(["-c", "command -v mosquitto"])
                .output()
                .ok()?;
            let p = String::from_utf8_lossy(&o.stdout).trim().to_string();
            (!p.is_empty()).then(|| PathBuf::from(p))
        });
    let clients = Command::new("mosquitto_sub")
        .arg("--help")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok();
    match (found, clients) {
        (Some(p), true) => Some(p),
        _ if std::env::var("EMS_SINK_TESTS").as_deref() == Ok("1") => {
            panic!("EMS_SINK_TESTS=1 but mosquitto or mosquitto-clients is not installed")
        }
        _ => {
            eprintln!("skipped: mosquitto / mosquitto-clients not installed (apt-get install mosquitto mosquitto-clients)");
            None
        }
    }
}

/// Sends a signal by name with the system's `kill` (the crate forbids unsafe code).
fn signal(child: &Child, sig: &str) {
    let _ = Command::new("kill")
        .args([&format!("-{sig}"), &child.id().to_string()])
        .status();
}

/// Waits for `child` to exit, at most `limit` (then kills it).
fn wait_exit(child: &mut Child, limit: Duration) -> bool {
    let t0 = Instant::now();
    while t0.elapsed() < limit {
        if child.try_wait().unwrap().is_some() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    false
}

/// A mosquitto broker of one test; killed on drop.
struct Broker {
    bin: PathBuf,
    conf: PathBuf,
    port: u16,
    child: Option<Child>,
}

impl Broker {
    /// Starts a broker on a free loopback port with `extra` configuration lines.
    fn start(bin: &Path, dir: &Path, extra: &str) -> Broker {
        let port = free_port();
        let conf = dir.join("mosquitto.conf");
        // Started as root, mosquitto would switch to the `mosquitto` user, which cannot read
        // the test's files: stay who we are.
        let me = Command::new("id").arg("-un").output().unwrap().stdout;
        let me = String::from_utf8_lossy(&me).trim().to_string();
        std::fs::write(
            &conf,
            format!(
                "user {me}\nlistener {port} 127.0.0.1\nlog_dest file {}\nlog_type error\n\
                 log_type warning\nlog_type notice\nmax_queued_messages 0\n{extra}\n",
                dir.join("mosquitto.log").display()
            ),
        )
        .unwrap();
        let mut b = Broker {
            bin: bin.to_path_buf(),
            conf,
            port,
            child: None,
        };
        b.restart();
        b
    }

    fn restart(&mut self) {
        let child = Command::new(&self.bin)
            .arg("-c")
            .arg(&self.conf)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        self.child = Some(child);
        wait_port(self.port, "mosquitto");
    }

    /// Stops it with SIGTERM (so it saves its persistence file).
    fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            signal(&c, "TERM");
            assert!(
                wait_exit(&mut c, Duration::from_secs(10)),
                "mosquitto did not stop"
            );
        }
    }
}

impl Drop for Broker {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// One message as `mosquitto_sub -v` printed it.
#[derive(Clone, Debug)]
struct Msg {
    topic: String,
    payload: String,
}

/// A `mosquitto_sub` on `ems/#`, collecting what it prints; killed on drop.
struct Sub {
    child: Child,
    msgs: Arc<Mutex<Vec<Msg>>>,
}

impl Sub {
    /// Subscribes with QoS 1; `session` keeps a persistent session under that client id;
    /// `login` is (user, password).
    fn start(port: u16, session: Option<&str>, login: Option<(&str, &str)>) -> Sub {
        Sub::start_into(port, session, login, &[], Arc::new(Mutex::new(Vec::new())))
    }

    fn start_into(
        port: u16,
        session: Option<&str>,
        login: Option<(&str, &str)>,
        extra: &[&str],
        msgs: Arc<Mutex<Vec<Msg>>>,
    ) -> Sub {
        let mut cmd = Command::new("mosquitto_sub");
        cmd.args(["-h", "127.0.0.1", "-p", &port.to_string()])
            .args(["-v", "-q", "1", "-t", "ems/#", "-t", "homeassistant/#"]);
        if let Some(id) = session {
            cmd.args(["-c", "-i", id]);
        }
        if let Some((u, p)) = login {
            cmd.args(["-u", u, "-P", p]);
        }
        cmd.args(extra);
        let mut child = cmd
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let out = child.stdout.take().unwrap();
        let sink = msgs.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines() {
                let Ok(line) = line else { break };
                // Topics are topic-safe (no spaces): the first space ends the topic.
                if let Some((t, p)) = line.split_once(' ') {
                    sink.lock().unwrap().push(Msg {
                        topic: t.to_string(),
                        payload: p.to_string(),
                    });
                }
            }
        });
        // mosquitto_sub has no "subscribed" signal: publish probes until one comes back.
        let t0 = Instant::now();
        let probes = |m: &[Msg]| m.iter().filter(|m| m.topic == "ems/_probe").count();
        let before = probes(&msgs.lock().unwrap());
        while probes(&msgs.lock().unwrap()) == before {
            assert!(
                t0.elapsed() < Duration::from_secs(10),
                "mosquitto_sub did not subscribe"
            );
            let mut pubc = Command::new("mosquitto_pub");
            pubc.args(["-h", "127.0.0.1", "-p", &port.to_string()])
                .args(["-t", "ems/_probe", "-m", "ready"]);
            if let Some((u, p)) = login {
                pubc.args(["-u", u, "-P", p]);
            }
            let _ = pubc.args(extra).stderr(Stdio::null()).status();
            std::thread::sleep(Duration::from_millis(100));
        }
        Sub { child, msgs }
    }

    fn msgs(&self) -> Vec<Msg> {
        self.msgs.lock().unwrap().clone()
    }

    /// The last payload seen on `topic`.
    fn last(&self, topic: &str) -> Option<String> {
        self.msgs()
            .iter()
            .rev()
            .find(|m| m.topic == topic)
            .map(|m| m.payload.clone())
    }

    /// Waits up to `limit` for `pred` to hold over the messages so far.
    fn wait_for(&self, limit: Duration, what: &str, pred: impl Fn(&[Msg]) -> bool) {
        let t0 = Instant::now();
        loop {
            if pred(&self.msgs()) {
                return;
            }
            assert!(
                t0.elapsed() < limit,
                "{what}: not seen within {limit:?}; got {} messages, last: {:?}",
                self.msgs().len(),
                self.msgs().last()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Sub {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `ems run` with its log in a file; killed on drop.
struct Ems {
    child: Child,
    log: PathBuf,
}

impl Ems {
    fn start(config: &Path, extra: &[&str]) -> Ems {
        let log = config.with_extension("log");
        let child = Command::new(EMS)
            .args(["run", "--log-level", "info", "--http", "127.0.0.1:0"])
            .args(extra)
            .arg("--config")
            .arg(config)
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap();
        Ems { child, log }
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Waits for a `--duration` run to end by itself.
    fn finish(&mut self, limit: Duration) {
        assert!(
            wait_exit(&mut self.child, limit),
            "ems run did not stop; log:\n{}",
            self.log()
        );
        assert!(
            self.child.wait().unwrap().success(),
            "ems run failed; log:\n{}",
            self.log()
        );
    }
}

impl Drop for Ems {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A plant of two simulated meters and one that never answers (unit 9), publishing to the
/// broker on `mqtt_port` with `mqtt_extra` lines in `[sinks.mqtt]`.
fn config(dir: &Path, sim_port: u16, mqtt_port: u16, mqtt_extra: &str) -> PathBuf {
    let text = format!(
        r#"site = "MQTT Works"
timezone = "Asia/Kolkata"

[[bus]]
name = "gw"
tcp = "127.0.0.1:{sim_port}"
baud = 115200
parity = "even"
turnaround_ms = 10

[poll.fast]
quantities = ["active_power_total", "voltage_ln_avg"]
interval = "500ms"

[poll.energy]
quantities = ["active_energy_delivered", "apparent_energy_delivered"]
interval = "2s"

[poll.slow]
interval = "off"

[storage]
data_dir = "data"

[[meter]]
name = "Grid Incomer"
bus = "gw"
unit = 1
model = "em6400ng"

[[meter]]
name = "Feeder #2"
bus = "gw"
unit = 2
model = "em6400ng"

[[meter]]
name = "Dead Meter"
bus = "gw"
unit = 9
model = "em6400ng"

[sinks.mqtt]
host = "127.0.0.1"
port = {mqtt_port}
qos = 1
{mqtt_extra}
"#
    );
    let path = dir.join("ems.toml");
    std::fs::write(&path, text).unwrap();
    path
}

// ---------------------------------------------------------------------------------------------
// The store as the oracle

/// `(meter, time_ms)` of every raw row stored, read with plain SQL.
fn stored_keys(data: &Path, from_ms: i64, to_ms: i64) -> BTreeSet<(String, i64)> {
    let conn = rusqlite::Connection::open_with_flags(
        data.join("ems.sqlite"),
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .unwrap();
    conn.busy_timeout(Duration::from_secs(5)).unwrap();
    let mut st = conn
        .prepare(
            "SELECT m.name, r.time_ms FROM raw r JOIN meter m ON m.id = r.meter_id
             WHERE r.time_ms BETWEEN ?1 AND ?2",
        )
        .unwrap();
    st.query_map([from_ms, to_ms], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// Every stored row's values by `(meter, time_ms)`.
fn stored_values(data: &Path) -> HashMap<(String, i64), BTreeMap<String, f64>> {
    let mut ob = ems::store::Outbox::open(data).unwrap();
    let mut out = HashMap::new();
    for b in ob.changes_after(0, usize::MAX).unwrap() {
        for r in b.rows {
            out.insert((r.meter, r.time_ms), r.values.into_iter().collect());
        }
    }
    out
}

/// A state message decoded: (meter, time_ms) → values, units, health.
struct State {
    meter: String,
    time_ms: i64,
    values: BTreeMap<String, f64>,
    units: BTreeMap<String, String>,
    health: String,
}

fn states(msgs: &[Msg]) -> Vec<(String, State)> {
    msgs.iter()
        .filter(|m| m.topic.ends_with("/state"))
        .map(|m| {
            let v: serde_json::Value = serde_json::from_str(&m.payload)
                .unwrap_or_else(|e| panic!("{}: {e}: {}", m.topic, m.payload));
            let time = v["time"].as_str().unwrap();
            let time_ms = v["time_ms"].as_i64().unwrap();
            // The two time fields agree.
            assert_eq!(
                time.parse::<jiff::Timestamp>().unwrap().as_millisecond(),
                time_ms,
                "{}",
                m.payload
            );
            assert!(v["values"].is_object(), "{}", m.payload);
            let values = exact_values(&m.payload);
            let units = v["units"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, x)| (k.clone(), x.as_str().unwrap().to_string()))
                .collect();
            (
                m.topic.clone(),
                State {
                    meter: v["meter"].as_str().unwrap().to_string(),
                    time_ms,
                    values,
                    units,
                    health: v["health"].as_str().unwrap().to_string(),
                },
            )
        })
        .collect()
}

/// The `values` object of a state message, each number parsed by Rust's correctly rounded
/// `f64` parser (serde_json's default one may be off by one unit in the last place).
fn exact_values(payload: &str) -> BTreeMap<String, f64> {
    let start = payload.find("\"values\":{").expect("values") + "\"values\":{".len();
    let body = &payload[start..start + payload[start..].find('}').unwrap()];
    body.split(',')
        .map(|kv| {
            let (k, v) = kv.split_once(':').unwrap();
            (k.trim_matches('"').to_string(), v.parse().unwrap())
        })
        .collect()
}

/// Checks each received state against the store: right topic, same values bit for bit, the
/// normalised units; returns the keys received.
fn check_states_against_store(msgs: &[Msg], data: &Path) -> BTreeSet<(String, i64)> {
    let stored = stored_values(data);
    let mut keys = BTreeSet::new();
    for (topic, s) in states(msgs) {
        let level = match s.meter.as_str() {
            "Grid Incomer" => "grid_incomer",
            "Feeder #2" => "feeder_2",
            other => panic!("state of unexpected meter {other}"),
        };
        assert_eq!(topic, format!("ems/mqtt_works/{level}/state"));
        let want = stored
            .get(&(s.meter.clone(), s.time_ms))
            .unwrap_or_else(|| panic!("{} at {}: not in the store", s.meter, s.time_ms));
        // A row extended after it was sent holds more values than that message: the message's
        // values are a subset, each equal.
        for (q, v) in &s.values {
            assert_eq!(Some(v), want.get(q), "{} at {} {q}", s.meter, s.time_ms);
        }
        for (q, u) in &s.units {
            let expect = match q.as_str() {
                "active_power_total" => "W",
                "voltage_ln_avg" => "V",
                "active_energy_delivered" => "Wh",
                "apparent_energy_delivered" => "VAh",
                other => panic!("unexpected quantity {other}"),
            };
            assert_eq!(u, expect, "{q}");
        }
        assert_eq!(s.health, "online", "{} at {}", s.meter, s.time_ms);
        keys.insert((s.meter, s.time_ms));
    }
    keys
}

// ---------------------------------------------------------------------------------------------
// Tests

#[test]
fn every_stored_reading_arrives_with_its_values_and_a_dead_meter_goes_offline() {
    let Some(bin) = mosquitto() else { return };
    let dir = tempdir("state");
    let broker = Broker::start(&bin, &dir, "allow_anonymous true");
    let sub = Sub::start(broker.port, None, None);
    let (_sim, sim_port) = sim_tcp("1-3");
    let cfg = config(&dir, sim_port, broker.port, "ha_discovery = true");
    let mut ems = Ems::start(&cfg, &["--duration", "7"]);

    sub.wait_for(Duration::from_secs(15), "dead meter offline", |m| {
        m.iter()
            .any(|m| m.topic == "ems/mqtt_works/dead_meter/availability" && m.payload == "offline")
    });
    ems.finish(Duration::from_secs(20));
    // The clean stop delivered what was committed, then said goodbye.
    std::thread::sleep(Duration::from_millis(300));
    let msgs = sub.msgs();
    let data = dir.join("data");
    let received = check_states_against_store(&msgs, &data);
    let stored = stored_keys(&data, 0, i64::MAX);
    assert!(stored.len() >= 10, "only {} rows stored", stored.len());
    let missing: Vec<_> = stored.difference(&received).collect();
    assert!(
        missing.is_empty(),
        "{} of {} stored readings never arrived: {missing:?}",
        missing.len(),
        stored.len()
    );
    assert_eq!(
        sub.last("ems/mqtt_works/grid_incomer/availability")
            .as_deref(),
        Some("online")
    );
    assert_eq!(
        sub.last("ems/mqtt_works/dead_meter/availability")
            .as_deref(),
        Some("offline")
    );
    assert!(!msgs
        .iter()
        .any(|m| m.topic == "ems/mqtt_works/dead_meter/state"));
    let site: Vec<_> = msgs
        .iter()
        .filter(|m| m.topic == "ems/mqtt_works/availability")
        .map(|m| m.payload.as_str())
        .collect();
    assert_eq!(site, ["online", "offline"]);

    // Home Assistant device discovery: one device per meter, energy counters total_increasing.
    let disc = msgs
        .iter()
        .find(|m| m.topic == "homeassistant/device/ems_mqtt_works_grid_incomer/config")
        .expect("discovery of Grid Incomer");
    let d: serde_json::Value = serde_json::from_str(&disc.payload).unwrap();
    assert_eq!(d["dev"]["name"], "Grid Incomer");
    assert_eq!(d["o"]["name"], "ems");
    assert_eq!(d["state_topic"], "ems/mqtt_works/grid_incomer/state");
    let e = &d["cmps"]["grid_incomer_active_energy_delivered"];
    assert_eq!(e["p"], "sensor");
    assert_eq!(e["device_class"], "energy");
    assert_eq!(e["state_class"], "total_increasing");
    assert_eq!(e["unit_of_measurement"], "Wh");
    assert_eq!(e["name"], "Active energy delivered (into the load, import)");
    assert_eq!(
        e["unique_id"],
        "ems_mqtt_works_grid_incomer_active_energy_delivered"
    );
    let p = &d["cmps"]["grid_incomer_active_power_total"];
    assert_eq!(p["device_class"], "power");
    assert_eq!(p["state_class"], "measurement");
    assert_eq!(d["cmps"].as_object().unwrap().len(), 4);
    assert!(msgs
        .iter()
        .any(|m| m.topic == "homeassistant/device/ems_mqtt_works_dead_meter/config"));
}

#[test]
fn quantities_and_interval_thin_the_state_messages_by_the_readings_own_time() {
    let Some(bin) = mosquitto() else { return };
    let dir = tempdir("thin");
    let broker = Broker::start(&bin, &dir, "allow_anonymous true");
    let sub = Sub::start(broker.port, None, None);
    let (_sim, sim_port) = sim_tcp("1-3");
    let cfg = config(
        &dir,
        sim_port,
        broker.port,
        "quantities = [\"active_power_total\"]\ninterval = \"1200ms\"",
    );
    let mut ems = Ems::start(&cfg, &["--duration", "5"]);
    ems.finish(Duration::from_secs(20));
    std::thread::sleep(Duration::from_millis(300));
    let data = dir.join("data");
    let received = check_states_against_store(&sub.msgs(), &data);
    for (_, s) in states(&sub.msgs()) {
        assert_eq!(s.values.keys().collect::<Vec<_>>(), ["active_power_total"]);
    }
    // The rule, applied to the stored rows in commit order: per meter, a row holding
    // active_power_total is sent unless it is less than 1.2 s after the last one sent.
    let mut expected = BTreeSet::new();
    let mut last: HashMap<String, i64> = HashMap::new();
    let mut ob = ems::store::Outbox::open(&data).unwrap();
    for b in ob.changes_after(0, usize::MAX).unwrap() {
        for r in b.rows {
            if !r.values.iter().any(|(q, _)| q == "active_power_total") {
                continue;
            }
            if last.get(&r.meter).is_some_and(|&t| r.time_ms < t + 1_200) {
                continue;
            }
            last.insert(r.meter.clone(), r.time_ms);
            expected.insert((r.meter, r.time_ms));
        }
    }
    assert!(expected.len() >= 6, "{expected:?}");
    assert_eq!(received, expected);
    let all = stored_keys(&data, 0, i64::MAX).len();
    assert!(
        received.len() * 2 < all,
        "{} of {all} rows sent",
        received.len()
    );
}

#[test]
fn discovery_is_sent_again_when_home_assistant_starts() {
    let Some(bin) = mosquitto() else { return };
    let dir = tempdir("birth");
    let broker = Broker::start(&bin, &dir, "allow_anonymous true");
    let sub = Sub::start(broker.port, None, None);
    let (_sim, sim_port) = sim_tcp("1-3");
    let cfg = config(&dir, sim_port, broker.port, "ha_discovery = true");
    let _ems = Ems::start(&cfg, &["--duration", "20"]);
    let topic = "homeassistant/device/ems_mqtt_works_feeder_2/config";
    let count = |m: &[Msg]| m.iter().filter(|m| m.topic == topic).count();
    sub.wait_for(Duration::from_secs(15), "first discovery", |m| {
        count(m) == 1
    });
    let st = Command::new("mosquitto_pub")
        .args(["-h", "127.0.0.1", "-p", &broker.port.to_string()])
        .args(["-t", "homeassistant/status", "-m", "online"])
        .status()
        .unwrap();
    assert!(st.success());
    sub.wait_for(Duration::from_secs(5), "discovery after HA's birth", |m| {
        count(m) == 2
    });
}

#[test]
fn broker_outage_of_30_s_loses_no_reading_and_a_killed_collector_leaves_its_will() {
    let Some(bin) = mosquitto() else { return };
    let dir = tempdir("outage");
    let mut broker = Broker::start(
        &bin,
        &dir,
        &format!(
            "allow_anonymous true\npersistence true\npersistence_location {}/\n",
            dir.display()
        ),
    );
    let msgs = Arc::new(Mutex::new(Vec::new()));
    // A persistent session (QoS 1): the broker keeps what arrives for it while it is away.
    let sub = Sub::start_into(
        broker.port,
        Some("ems-test-outage"),
        None,
        &[],
        msgs.clone(),
    );
    let (_sim, sim_port) = sim_tcp("1-3");
    let cfg = config(&dir, sim_port, broker.port, "");
    let mut ems = Ems::start(&cfg, &[]);
    sub.wait_for(Duration::from_secs(15), "first states", |m| {
        states(m).len() >= 6
    });

    let down_ms = now_ms();
    broker.stop();
    drop(sub);
    let data = dir.join("data");
    let before = stored_keys(&data, down_ms, i64::MAX).len();
    std::thread::sleep(Duration::from_secs(30));
    let during = stored_keys(&data, down_ms, i64::MAX).len();
    // The collector went on storing (≈ 2 meters × 2 reads/s).
    assert!(during >= before + 60, "stored {before} then {during} rows");
    assert!(
        ems.log().contains("readings wait in the store"),
        "{}",
        ems.log()
    );
    let up_ms = now_ms();
    broker.restart();
    let sub = Sub::start_into(
        broker.port,
        Some("ems-test-outage"),
        None,
        &[],
        msgs.clone(),
    );

    // Every reading of the gap arrives.
    let gap = stored_keys(&data, down_ms - 2_000, up_ms);
    assert!(gap.len() >= 60, "{} rows in the gap", gap.len());
    let t0 = Instant::now();
    loop {
        let got: BTreeSet<_> = states(&sub.msgs())
            .into_iter()
            .map(|(_, s)| (s.meter, s.time_ms))
            .collect();
        let missing = gap.difference(&got).count();
        if missing == 0 {
            break;
        }
        assert!(
            t0.elapsed() < Duration::from_secs(30),
            "{missing} of {} readings of the outage never arrived; log:\n{}",
            gap.len(),
            ems.log()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    eprintln!(
        "outage: {} readings of the gap delivered {:.1} s after the broker came back",
        gap.len(),
        t0.elapsed().as_secs_f64() + 0.3
    );
    check_states_against_store(&sub.msgs(), &data);

    // kill -9: the broker publishes the collector's last will.
    assert_eq!(
        sub.last("ems/mqtt_works/availability").as_deref(),
        Some("online")
    );
    ems.child.kill().unwrap();
    let _ = ems.child.wait();
    sub.wait_for(Duration::from_secs(5), "last will", |m| {
        m.iter()
            .rev()
            .find(|m| m.topic == "ems/mqtt_works/availability")
            .is_some_and(|m| m.payload == "offline")
    });
}

#[test]
fn password_file_logs_in_and_a_wrong_password_is_reported_while_storing_goes_on() {
    let Some(bin) = mosquitto() else { return };
    let dir = tempdir("auth");
    let pw = dir.join("passwd");
    let st = Command::new("mosquitto_passwd")
        .args(["-c", "-b"])
        .arg(&pw)
        .args(["ems", "s3cret pass"])
        .status()
        .unwrap();
    assert!(st.success());
    let broker = Broker::start(
        &bin,
        &dir,
        &format!("allow_anonymous false\npassword_file {}", pw.display()),
    );
    let sub = Sub::start(broker.port, None, Some(("ems", "s3cret pass")));
    let (_sim, sim_port) = sim_tcp("1-3");

    // The right password, from a file (with the trailing newline editors add).
    let good = dir.join("good");
    std::fs::create_dir_all(&good).unwrap();
    std::fs::write(good.join("secret"), "s3cret pass\n").unwrap();
    let cfg = config(
        &good,
        sim_port,
        broker.port,
        &format!(
            "username = \"ems\"\npassword_file = \"{}\"",
            good.join("secret").display()
        ),
    );
    let mut ems = Ems::start(&cfg, &["--duration", "4"]);
    ems.finish(Duration::from_secs(20));
    let received = check_states_against_store(&sub.msgs(), &good.join("data"));
    assert!(received.len() >= 4, "{} states", received.len());
    let seen = states(&sub.msgs()).len();

    // A wrong one: a clear error in the log, and the readings are stored all the same.
    let bad = dir.join("bad");
    std::fs::create_dir_all(&bad).unwrap();
    std::fs::write(bad.join("secret"), "wrong\n").unwrap();
    let cfg = config(
        &bad,
        sim_port,
        broker.port,
        &format!(
            "username = \"ems\"\npassword_file = \"{}\"",
            bad.join("secret").display()
        ),
    );
    let mut ems = Ems::start(&cfg, &["--duration", "4"]);
    ems.finish(Duration::from_secs(20));
    let log = ems.log();
    assert!(
        log.contains("refused the connection: bad user name or password"),
        "{log}"
    );
    assert!(
        stored_keys(&bad.join("data"), 0, i64::MAX).len() >= 4,
        "{log}"
    );
    assert_eq!(
        states(&sub.msgs()).len(),
        seen,
        "nothing was published without login"
    );
}

// ---------------------------------------------------------------------------------------------
// Benchmark (BENCHMARKS.md, "MQTT sink")

/// CPU time (user + system) of process `pid` in seconds, from `/proc/<pid>/stat`.
fn cpu_s(pid: &str) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // Fields after the parenthesised command name: utime and stime are the 12th and 13th.
    let rest = &stat[stat.rfind(')').unwrap() + 2..];
    let f: Vec<&str> = rest.split(' ').collect();
    let ticks: f64 = f[11].parse::<f64>().unwrap() + f[12].parse::<f64>().unwrap();
    let hz: f64 = String::from_utf8(
        Command::new("getconf")
            .arg("CLK_TCK")
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap()
    .trim()
    .parse()
    .unwrap();
    ticks / hz
}

/// One hour of the 79-meter demo's reads in a fresh store: total active power of every meter
/// every 3 s, and the dashboard set with 12 energy counters every 60 s (1.5 s later), one
/// commit per 3 s tick. Returns the raw rows stored.
fn demo_hour(data: &Path, meters: &[String]) -> i64 {
    use ems::store::{Reading, StoreOptions, StoreWriter};
    use schneider_em::{Preset, Quantity};
    let w = StoreWriter::open(
        data,
        StoreOptions {
            prune_every: None,
            sync_full: false,
            ..StoreOptions::default()
        },
    )
    .unwrap();
    // The dashboard preset and 12 energy counters of the EM6400NG, as the seed plant polls.
    let has = schneider_em::Model::Em6400Ng.map().quantities();
    let mut set: Vec<Quantity> = Preset::DASHBOARD.iter().collect();
    let counters = Quantity::ALL
        .iter()
        .copied()
        .filter(|q| q.kind() == schneider_em::QuantityKind::Energy && has.contains(*q));
    for q in counters.take(12) {
        if !set.contains(&q) {
            set.push(q);
        }
    }
    let end = now_ms() / 3_000 * 3_000;
    let start = end - 3_600_000;
    for (tick, t) in (start..end).step_by(3_000).enumerate() {
        let mut batch = Vec::new();
        for (i, m) in meters.iter().enumerate() {
            let kw = 50_000.0 + 1_000.0 * i as f64 + (tick % 17) as f64 * 37.5;
            batch.push(Reading::new(m.as_str(), t, "active_power_total", kw));
            if tick % 20 == 0 {
                for (k, q) in set.iter().enumerate() {
                    let v = match q.name() {
                        n if n.contains("energy") => 1.0e7 + (tick * 1_000 + i * 10 + k) as f64,
                        _ => 100.0 + (i * 7 + k) as f64 * 0.25,
                    };
                    batch.push(Reading::new(m.as_str(), t + 1_500, q.name(), v));
                }
            }
        }
        w.write_readings(batch).unwrap();
        w.flush().unwrap();
    }
    w.close().unwrap();
    let conn = rusqlite::Connection::open(data.join("ems.sqlite")).unwrap();
    conn.query_row("SELECT count(*) FROM raw", [], |r| r.get(0))
        .unwrap()
}

#[test]
#[ignore = "benchmark: cargo test -p ems --test sinks_mqtt -- --ignored --nocapture catch_up"]
fn catch_up_after_one_hour_outage_of_the_79_meter_demo() {
    let bin = mosquitto().expect("the benchmark needs mosquitto");
    let dir = tempdir("bench");
    let broker = Broker::start(&bin, &dir, "allow_anonymous true");
    let broker_pid = broker.child.as_ref().unwrap().id().to_string();
    let meters: Vec<String> = (1..=79).map(|i| format!("Feeder {i:02}")).collect();
    let mut toml = format!(
        "site = \"Bench\"\ntimezone = \"UTC\"\n[[bus]]\nname = \"gw\"\ntcp = \"127.0.0.1:1\"\n\
         [sinks.mqtt]\nhost = \"127.0.0.1\"\nport = {}\nqos = 1\n",
        broker.port
    );
    for (i, m) in meters.iter().enumerate() {
        toml.push_str(&format!(
            "[[meter]]\nname = \"{m}\"\nbus = \"gw\"\nunit = {}\nmodel = \"em6400ng\"\n",
            i + 1
        ));
    }
    let config = Arc::new(ems::config::Config::parse(&toml, "bench").unwrap());
    let data = dir.join("data");
    let t0 = Instant::now();
    let rows = demo_hour(&data, &meters);
    eprintln!(
        "store: {rows} raw rows (one hour, 79 meters) written in {:.1} s",
        t0.elapsed().as_secs_f64()
    );
    let head = ems::store::Outbox::open(&data).unwrap().last_seq().unwrap();

    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let runs = std::env::var("EMS_BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5);
    let mut results = Vec::new();
    for run in 1..=runs {
        ems::store::SinkMarks::open(&data)
            .unwrap()
            .set("mqtt", 0)
            .unwrap();
        let ctx = ems::sinks::SinkContext {
            config: config.clone(),
            data_dir: data.clone(),
            cancel: tokio_util::sync::CancellationToken::new(),
            wake: Arc::new(tokio::sync::Notify::new()),
        };
        let cfg = config.sinks.mqtt.clone().unwrap();
        let (cpu0, bcpu0) = (cpu_s("self"), cpu_s(&broker_pid));
        let t0 = Instant::now();
        let h = ems::sinks::mqtt::spawn_without_health(&ctx, &cfg, rt.handle()).unwrap();
        let status = loop {
            let s = h.status.lock().unwrap().clone();
            if s.mark >= head {
                break s;
            }
            assert!(t0.elapsed() < Duration::from_secs(600), "stuck: {s:?}");
            std::thread::sleep(Duration::from_millis(5));
        };
        let secs = t0.elapsed().as_secs_f64();
        let (cpu, bcpu) = (cpu_s("self") - cpu0, cpu_s(&broker_pid) - bcpu0);
        if run == runs {
            // Caught up, nothing new: the cost of looking at the outbox four times a second.
            let idle0 = cpu_s("self");
            std::thread::sleep(Duration::from_secs(10));
            eprintln!(
                "idle (caught up): {:.2} ms CPU per second",
                (cpu_s("self") - idle0) * 100.0
            );
        }
        ctx.cancel.cancel();
        rt.block_on(h.task).unwrap();
        assert_eq!(status.delivered_rows, rows as u64, "{status:?}");
        eprintln!(
            "run {run}: {} state messages ({} rows) in {secs:.2} s = {:.0} msg/s; sink CPU {:.1} µs per read, broker CPU {:.1} µs per message",
            status.delivered_rows,
            rows,
            status.delivered_rows as f64 / secs,
            cpu * 1e6 / rows as f64,
            bcpu * 1e6 / rows as f64,
        );
        results.push((secs, cpu * 1e6 / rows as f64, bcpu * 1e6 / rows as f64));
    }
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let secs = median(results.iter().map(|r| r.0).collect());
    eprintln!(
        "median of {runs}: one hour ({rows} reads) caught up in {secs:.2} s = {:.0} msg/s; sink CPU {:.1} µs/read; broker CPU {:.1} µs/message",
        rows as f64 / secs,
        median(results.iter().map(|r| r.1).collect()),
        median(results.iter().map(|r| r.2).collect()),
    );
}

/// Runs `openssl ARGS` in `dir`.
fn openssl(dir: &Path, args: &[&str]) {
    let o = Command::new("openssl")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("openssl");
    assert!(
        o.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

/// A CA (`<name>.pem`, `<name>.key`) in `dir`.
fn make_ca(dir: &Path, name: &str) {
    openssl(
        dir,
        &[
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "2",
            "-subj",
            &format!("/CN={name}"),
            "-keyout",
            &format!("{name}.key"),
            "-out",
            &format!("{name}.pem"),
        ],
    );
}

#[test]
fn tls_with_the_configured_ca_connects_and_a_foreign_ca_is_refused() {
    let Some(bin) = mosquitto() else { return };
    if Command::new("openssl").arg("version").output().is_err() {
        eprintln!("skipped: no openssl to make the test certificates");
        return;
    }
    let dir = tempdir("tls");
    make_ca(&dir, "ca");
    make_ca(&dir, "other-ca");
    openssl(
        &dir,
        &[
            "req",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
        ],
    );
    std::fs::write(dir.join("san.ext"), "subjectAltName=IP:127.0.0.1\n").unwrap();
    openssl(
        &dir,
        &[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-days",
            "2",
            "-extfile",
            "san.ext",
            "-out",
            "server.pem",
        ],
    );
    let d = dir.display();
    let broker = Broker::start(
        &bin,
        &dir,
        &format!("cafile {d}/ca.pem\ncertfile {d}/server.pem\nkeyfile {d}/server.key\nallow_anonymous true"),
    );
    let ca = dir.join("ca.pem");
    let sub = Sub::start_into(
        broker.port,
        None,
        None,
        &["--cafile", ca.to_str().unwrap()],
        Arc::new(Mutex::new(Vec::new())),
    );
    let (_sim, sim_port) = sim_tcp("1-3");

    let good = dir.join("good");
    std::fs::create_dir_all(&good).unwrap();
    let cfg = config(
        &good,
        sim_port,
        broker.port,
        &format!("tls_ca_file = \"{d}/ca.pem\""),
    );
    let mut ems = Ems::start(&cfg, &["--duration", "3"]);
    ems.finish(Duration::from_secs(20));
    let received = check_states_against_store(&sub.msgs(), &good.join("data"));
    assert!(
        received.len() >= 4,
        "{} states over TLS; log:\n{}",
        received.len(),
        ems.log()
    );

    let bad = dir.join("bad");
    std::fs::create_dir_all(&bad).unwrap();
    let cfg = config(
        &bad,
        sim_port,
        broker.port,
        &format!("tls_ca_file = \"{d}/other-ca.pem\""),
    );
    let mut ems = Ems::start(&cfg, &["--duration", "3"]);
    ems.finish(Duration::from_secs(20));
    let log = ems.log();
    assert!(
        log.contains("cannot connect") && log.contains("TLS"),
        "{log}"
    );
    assert!(
        stored_keys(&bad.join("data"), 0, i64::MAX).len() >= 4,
        "{log}"
    );
}

/// Alarm notification over MQTT (issue 10): the dead meter's offline alarm is published once
/// as a transition on `ems/<site>/alarm` and as the retained state of the alarm point; an
/// acknowledgement through the API is one more transition; nothing else is announced.
#[test]
fn alarm_transitions_are_published_once_each_with_the_point_state_retained() {
    let Some(bin) = mosquitto() else { return };
    let dir = tempdir("alarm");
    let broker = Broker::start(&bin, &dir, "allow_anonymous true");
    let sub = Sub::start(broker.port, None, None);
    let (_sim, sim_port) = sim_tcp("1-3");
    let rules = "\n[http]\ntoken = \"alarm-test-token-0123456789\"\n\n[[alarm]]\nname = \"meter-offline\"\nkind = \"offline\"\non_delay = \"1s\"\npriority = \"high\"\n";
    let cfg = config(&dir, sim_port, broker.port, rules);
    let mut ems = Ems::start(&cfg, &["--duration", "12"]);
    let events = |m: &[Msg]| -> Vec<serde_json::Value> {
        m.iter()
            .filter(|m| m.topic == "ems/mqtt_works/alarm")
            .map(|m| serde_json::from_str(&m.payload).unwrap())
            .collect()
    };
    sub.wait_for(Duration::from_secs(15), "the offline alarm raised", |m| {
        events(m).iter().any(|e| e["event"] == "raised")
    });
    // Acknowledge it through the API, as an operator would.
    let url = {
        let log = ems.log();
        let at = log.find("url=http://").expect("url in the log") + 4;
        log[at..]
            .split_whitespace()
            .next()
            .unwrap()
            .trim_end_matches('/')
            .to_string()
    };
    let raised = events(&sub.msgs())[0].clone();
    let id = raised["alarm"]["id"].as_i64().unwrap();
    let resp = ureq::post(&format!("{url}/api/alarms/{id}/ack"))
        .header("authorization", "Bearer alarm-test-token-0123456789")
        .send_empty()
        .unwrap();
    assert_eq!(resp.status(), 200);
    sub.wait_for(Duration::from_secs(10), "the acknowledgement", |m| {
        events(m).iter().any(|e| e["event"] == "acknowledged")
    });
    ems.finish(Duration::from_secs(25));
    std::thread::sleep(Duration::from_millis(300));

    let all = events(&sub.msgs());
    let kinds: Vec<&str> = all.iter().map(|e| e["event"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["raised", "acknowledged"], "{all:#?}");
    assert_eq!(raised["alarm"]["meter"], "Dead Meter");
    assert_eq!(raised["alarm"]["rule"], "meter-offline");
    assert_eq!(raised["alarm"]["kind"], "offline");
    assert_eq!(raised["alarm"]["state"], "active");
    assert_eq!(raised["alarm"]["priority"], "high");
    assert!(raised["event_id"].as_i64().is_some());
    assert_eq!(all[1]["alarm"]["acknowledged"], true);
    assert_eq!(all[1]["alarm"]["id"], id);

    // The point's state stays retained for a subscriber that comes later.
    let late = Sub::start(broker.port, None, None);
    late.wait_for(Duration::from_secs(5), "the retained alarm state", |m| {
        m.iter()
            .any(|m| m.topic == "ems/mqtt_works/dead_meter/alarm/meter-offline")
    });
    let state: serde_json::Value = serde_json::from_str(
        &late
            .last("ems/mqtt_works/dead_meter/alarm/meter-offline")
            .unwrap(),
    )
    .unwrap();
    assert_eq!(state["state"], "active");
    assert_eq!(state["acknowledged"], true);
    assert_eq!(state["meter"], "Dead Meter");
}
