//! Alarms: configuration checks with file:line, deadband and delays against flapping input,
//! restart, demand prediction, health-fed offline alarms, shelving, the webhook against a real
//! HTTP server on 127.0.0.1 started here, and the HTTP API.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ems::alarms::{
    AlarmEngine, AlarmHandle, AlarmStore, CompiledRules, Event, ManualClock, Notifier, Transition,
    WebhookOptions,
};
use ems::config::{AlarmKind, AlarmTarget, Config, ConfigError, Priority};
use schneider_em::Quantity;

mod support;

const T0: i64 = 1_764_547_200_000; // 2025-12-01T00:00:00Z, a block boundary

const HEAD: &str = r#"site = "Test"
timezone = "Asia/Kolkata"

[[bus]]
name = "a"
port = "/dev/ttyUSB0"

[[meter]]
name = "Incomer"
bus = "a"
unit = 1
model = "em6400ng"
parent = ""
tags = ["incomer"]

[[meter]]
name = "Feeder 1"
bus = "a"
unit = 2
model = "em6400ng"
parent = "Incomer"
tags = ["feeder"]

[[meter]]
name = "Feeder 2"
bus = "a"
unit = 3
model = "em6400ng"
parent = "Incomer"
tags = ["feeder"]
"#;

fn config(rules: &str) -> Config {
    Config::parse(&format!("{HEAD}\n{rules}"), "t.toml").unwrap_or_else(|e| panic!("{e}"))
}

fn errors(rules: &str) -> Vec<String> {
    match Config::parse(&format!("{HEAD}\n{rules}"), "t.toml") {
        Ok(_) => panic!("accepted:\n{rules}"),
        Err(ConfigError::Invalid(d)) => d.iter().map(|d| d.to_string()).collect(),
        Err(e) => panic!("unexpected error {e}"),
    }
}

fn tempdir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!(
        "ems-alarms-{tag}-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn engine(cfg: &Config, dir: &std::path::Path, clock: &Arc<ManualClock>) -> AlarmEngine {
    AlarmEngine::new(
        CompiledRules::from_config(cfg),
        AlarmStore::open(dir).unwrap(),
        clock.clone(),
    )
    .unwrap()
}

fn events(ts: &[Transition]) -> Vec<(Event, String)> {
    ts.iter()
        .map(|t| (t.event, t.alarm.meter.clone()))
        .collect()
}

const OVER_CURRENT: &str = r#"
[[alarm]]
name = "oc"
kind = "over_current"
tag = "feeder"
above = 400
deadband = 20
on_delay = "10s"
off_delay = "60s"
priority = "high"
"#;

// ---- configuration -------------------------------------------------------------------

/// The demand alarm and the bill use one contract demand and one block length: the
/// `[tariff]`'s, in the version in force today; `[alarms]` may not give them again.
#[test]
fn demand_alarms_take_contract_demand_and_block_from_the_tariff() {
    let tariff = r#"
[tariff]
currency = "INR"
demand_block_minutes = 15
contract_demand_kva = 1200

[[tariff.zone]]
name = "flat"
start = "00:00"
end = "24:00"
days = "all"
rate = 8

[[tariff.version]]
from = "2020-01-01"
contract_demand_kva = 1500

[[tariff.version]]
from = "2999-01-01"
contract_demand_kva = 9000

[[alarm]]
name = "dem"
kind = "demand"
meter = "Incomer"
percent = 80
"#;
    let c = config(tariff);
    assert_eq!(c.alarms.demand_block, Duration::from_secs(15 * 60));
    // 2020's revision is in force; the one from 2999 is not yet.
    assert_eq!(c.alarms.contract_demand_kva, Some(1500.0));
    let compiled = CompiledRules::from_config(&c);
    assert_eq!(compiled.rules[0].above, Some(0.8 * 1500.0));

    let e = errors(&format!(
        "[alarms]\ncontract_demand_kva = 5000\ndemand_block_minutes = 30\n{tariff}"
    ));
    assert!(
        e.iter().any(|m| m.contains("alarms: contract_demand_kva")
            && m.contains("[tariff] table sets contract_demand_kva")),
        "{e:?}"
    );
    assert!(
        e.iter().any(|m| m.contains("alarms: demand_block_minutes")),
        "{e:?}"
    );

    // The shipped plant: the demand rule's limit is 90 % of the tariff's 1500 kVA.
    let plant =
        Config::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("plant.toml")).unwrap();
    assert_eq!(plant.alarms.contract_demand_kva, Some(1500.0));
    let rules = CompiledRules::from_config(&plant);
    let demand = rules
        .rules
        .iter()
        .find(|r| r.kind == AlarmKind::Demand)
        .expect("plant.toml has a demand rule");
    assert_eq!(demand.above, Some(1350.0));
}

#[test]
fn rules_resolve_meter_tag_level_and_all() {
    let c = config(
        r#"
[alarms]
contract_demand_kva = 1000

[[alarm]]
name = "a"
kind = "over_current"
meter = "Feeder 2"
above = 100

[[alarm]]
name = "b"
kind = "low_pf"
tag = "feeder"
below = 0.9

[[alarm]]
name = "c"
kind = "under_voltage"
level = 0
below = 207

[[alarm]]
kind = "offline"

[[alarm]]
name = "e"
kind = "threshold"
quantity = "active_power_total"
above = 500000
below = -10000
deadband = 1000

[[alarm]]
name = "f"
kind = "demand"
meter = "Incomer"
percent = 90
"#,
    );
    let r = &c.alarms.rules;
    assert_eq!(r.len(), 6);
    assert_eq!(r[0].meters, vec![2]);
    assert_eq!(r[0].target, AlarmTarget::Meter("Feeder 2".into()));
    assert_eq!(r[1].meters, vec![1, 2]);
    assert_eq!(r[2].meters, vec![0]);
    assert_eq!(r[2].target, AlarmTarget::Level(0));
    assert_eq!(
        (r[3].name.as_str(), r[3].kind),
        ("offline", AlarmKind::Offline)
    );
    assert_eq!(r[3].meters, vec![0, 1, 2]);
    assert_eq!(r[3].priority, Priority::Medium);
    assert_eq!(r[4].quantity, Some(Quantity::ActivePowerTotal));
    assert_eq!(c.alarms.demand_block, Duration::from_secs(1800));
    assert_eq!(c.alarms.contract_demand_kva, Some(1000.0));
    let compiled = CompiledRules::from_config(&c);
    // 1 + 2 + 1 + 3 + 3 + 1 points; the demand rule's limit is 90 % of 1000 kVA.
    assert_eq!(compiled.points.len(), 11);
    assert_eq!(compiled.rules[5].above, Some(900.0));
}

#[test]
fn bad_rules_are_reported_with_line_column_and_what_is_allowed() {
    let e = errors(
        r#"
[[alarm]]
kind = "over_currant"
above = 1
"#,
    );
    assert!(e[0].contains("t.toml:34:8"), "{e:?}");
    assert!(
        e[0].contains("unknown alarm kind \"over_currant\""),
        "{e:?}"
    );
    assert!(e[0].contains("over_current"), "{e:?}");

    let e = errors(
        r#"
[[alarm]]
kind = "over_current"
meter = "Feeder 9"
"#,
    );
    assert_eq!(e.len(), 2, "{e:?}");
    assert!(e.iter().any(|m| m.contains("needs above")), "{e:?}");
    assert!(
        e.iter()
            .any(|m| m.contains("t.toml:35:9") && m.contains("unknown meter \"Feeder 9\"")),
        "{e:?}"
    );

    let e = errors(
        r#"
[[alarm]]
kind = "offline"
on_dealy = "1m"
"#,
    );
    assert!(
        e[0].contains("t.toml:35") && e[0].contains("on_dealy"),
        "{e:?}"
    );

    let e = errors(
        r#"
[[alarm]]
kind = "offline"

[[alarm]]
kind = "offline"
tag = "feeder"
priority = "urgent"
"#,
    );
    assert!(
        e.iter().any(|m| m.contains("duplicate alarm name")),
        "{e:?}"
    );
    assert!(
        e.iter().any(|m| m.contains("unknown priority \"urgent\"")),
        "{e:?}"
    );

    let e = errors(
        r#"
[[alarm]]
name = "d"
kind = "demand"
percent = 90
"#,
    );
    assert!(e[0].contains("contract_demand_kva"), "{e:?}");

    let e = errors(
        r#"
[alarms.webhook]
url = "ftp://x"
max_queue = 0
"#,
    );
    assert!(
        e[0].contains("t.toml:34:7") && e[0].contains("http://"),
        "{e:?}"
    );
    assert!(e[1].contains("max_queue"), "{e:?}");

    let e = errors(
        r#"
[[alarm]]
name = "band"
kind = "threshold"
quantity = "frequency"
above = 50.5
below = 49.5
deadband = 1
"#,
    );
    assert!(e[0].contains("twice the deadband"), "{e:?}");
}

#[test]
fn example_plant_has_the_example_rules() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("plant.toml");
    let c = Config::load(&path).unwrap();
    let kinds: Vec<AlarmKind> = c.alarms.rules.iter().map(|r| r.kind).collect();
    for k in [
        AlarmKind::OverCurrent,
        AlarmKind::UnderVoltage,
        AlarmKind::LowPowerFactor,
        AlarmKind::Offline,
    ] {
        assert!(kinds.contains(&k), "{k:?} missing");
    }
    let offline = c
        .alarms
        .rules
        .iter()
        .find(|r| r.kind == AlarmKind::Offline)
        .unwrap();
    assert_eq!(offline.meters.len(), c.meters.len());
}

// ---- evaluation ----------------------------------------------------------------------

fn current(v: f64) -> [(Quantity, f64); 3] {
    [
        (Quantity::CurrentA, v),
        (Quantity::CurrentB, v - 5.0),
        (Quantity::CurrentC, v - 10.0),
    ]
}

#[test]
fn flapping_input_raises_one_alarm() {
    let c = config(OVER_CURRENT);
    let dir = tempdir("flap");
    let clock = Arc::new(ManualClock::new(T0));
    let mut e = engine(&c, &dir, &clock);
    let mut all = Vec::new();
    // Every 2 s for 10 minutes: 430 A / 390 A alternately (inside the 20 A deadband below
    // 400 A), then 430 A / 370 A for 5 minutes (clears each time, but for less than the 60 s
    // off-delay).
    let mut t = T0;
    for i in 0..300 {
        let v = if i % 2 == 0 { 430.0 } else { 390.0 };
        all.extend(e.on_reading("Feeder 1", t, &current(v)));
        all.extend(e.tick(t + 1000));
        t += 2000;
    }
    for i in 0..150 {
        let v = if i % 2 == 0 { 430.0 } else { 370.0 };
        all.extend(e.on_reading("Feeder 1", t, &current(v)));
        all.extend(e.tick(t + 1000));
        t += 2000;
    }
    assert_eq!(events(&all), vec![(Event::Raised, "Feeder 1".into())]);
    let raised = &all[0];
    assert_eq!(raised.alarm.quantity, Some("current_a"));
    // Raised by the reading 10 s after the first high one (the latest value then).
    assert_eq!(raised.time_ms, T0 + 10_000);
    assert_eq!(raised.alarm.value, Some(390.0));
    // Then it stays low: one clear, 60 s (the off-delay) after the value went low for good.
    let low_from = t;
    let mut cleared = Vec::new();
    while t < low_from + 120_000 {
        cleared.extend(e.on_reading("Feeder 1", t, &current(300.0)));
        t += 2000;
    }
    assert_eq!(events(&cleared), vec![(Event::Cleared, "Feeder 1".into())]);
    // The last flapping value (370 A, 2 s before) was already low for good.
    assert_eq!(cleared[0].time_ms, low_from - 2000 + 60_000);
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn on_and_off_delays_are_honoured() {
    let c = config(OVER_CURRENT);
    let dir = tempdir("delays");
    let clock = Arc::new(ManualClock::new(T0));
    let mut e = engine(&c, &dir, &clock);
    // Above for 9 s: nothing.
    assert!(e.on_reading("Feeder 2", T0, &current(500.0)).is_empty());
    assert!(e.tick(T0 + 9_000).is_empty());
    assert!(e
        .on_reading("Feeder 2", T0 + 9_500, &current(300.0))
        .is_empty());
    assert!(e.tick(T0 + 30_000).is_empty());
    // Above from T0 + 40 s: raised by the tick at +50 s, not before.
    let t1 = T0 + 40_000;
    assert!(e.on_reading("Feeder 2", t1, &current(500.0)).is_empty());
    assert!(e.tick(t1 + 9_999).is_empty());
    let r = e.tick(t1 + 10_000);
    assert_eq!(events(&r), vec![(Event::Raised, "Feeder 2".into())]);
    assert_eq!(r[0].alarm.raised_at, Some(t1 + 10_000));
    // Below from t2: cleared 60 s later, not before.
    let t2 = t1 + 100_000;
    assert!(e.on_reading("Feeder 2", t2, &current(100.0)).is_empty());
    assert!(e.tick(t2 + 59_999).is_empty());
    let c = e.tick(t2 + 60_000);
    assert_eq!(events(&c), vec![(Event::Cleared, "Feeder 2".into())]);
    // Cleared but unacknowledged: still listed; acknowledging returns it to normal.
    assert_eq!(e.active().len(), 1);
    let id = c[0].alarm.id;
    let a = e.ack(id, "asha", t2 + 70_000).unwrap();
    assert_eq!(a[0].event, Event::Acknowledged);
    assert_eq!(a[0].who.as_deref(), Some("asha"));
    assert!(e.active().is_empty());
    // A second ack changes nothing.
    assert!(e.ack(id, "asha", t2 + 71_000).unwrap().is_empty());
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn restart_keeps_active_alarms_acks_and_shelving() {
    let c = config(OVER_CURRENT);
    let dir = tempdir("restart");
    let clock = Arc::new(ManualClock::new(T0));
    let (id1, id2);
    {
        let mut e = engine(&c, &dir, &clock);
        e.on_reading("Feeder 1", T0, &current(500.0));
        e.on_reading("Feeder 2", T0, &current(500.0));
        let r = e.tick(T0 + 10_000);
        assert_eq!(r.len(), 2);
        id1 = r[0].alarm.id;
        id2 = r[1].alarm.id;
        e.ack(id1, "asha", T0 + 20_000).unwrap();
        e.shelve(id2, T0 + 3_600_000, "ravi", T0 + 20_000).unwrap();
    }
    clock.set(T0 + 60_000);
    let mut e = engine(&c, &dir, &clock);
    let a = e.active();
    assert_eq!(a.len(), 2);
    let v1 = e.get(id1).unwrap();
    assert!(v1.acknowledged && v1.raised_at == Some(T0 + 10_000));
    assert_eq!(v1.value, Some(500.0));
    let v2 = e.get(id2).unwrap();
    assert!(!v2.acknowledged);
    assert_eq!(v2.shelved_until, Some(T0 + 3_600_000));
    // Still high after the restart: no second "raised".
    assert!(e
        .on_reading("Feeder 1", T0 + 61_000, &current(500.0))
        .is_empty());
    assert!(e.tick(T0 + 200_000).is_empty());
    // Back to normal: cleared after the off-delay, counted from the first normal value.
    assert!(e
        .on_reading("Feeder 1", T0 + 210_000, &current(100.0))
        .is_empty());
    let c1 = e.tick(T0 + 270_000);
    assert_eq!(events(&c1), vec![(Event::Cleared, "Feeder 1".into())]);
    // The shelf expires by itself.
    let u = e.tick(T0 + 3_600_000);
    assert_eq!(events(&u), vec![(Event::Unshelved, "Feeder 2".into())]);
    // Every transition is in alarm_event, with who did what.
    let ev = e.events(None, 0, 100).unwrap();
    let names: Vec<(&str, Option<&str>)> = ev
        .iter()
        .rev()
        .map(|r| (r.event.as_str(), r.who.as_deref()))
        .collect();
    assert_eq!(
        names,
        vec![
            ("raised", None),
            ("raised", None),
            ("acknowledged", Some("asha")),
            ("shelved", Some("ravi")),
            ("cleared", None),
            ("unshelved", None),
        ]
    );
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn offline_alarm_comes_from_health_not_values() {
    let c = config(
        r#"
[[alarm]]
name = "offline"
kind = "offline"
on_delay = "30s"
latching = true
"#,
    );
    let dir = tempdir("offline");
    let clock = Arc::new(ManualClock::new(T0));
    let mut e = engine(&c, &dir, &clock);
    assert!(e.on_reading("Incomer", T0, &current(1.0)).is_empty());
    assert!(e.on_health("Incomer", T0, false).is_empty());
    let r = e.tick(T0 + 30_000);
    assert_eq!(events(&r), vec![(Event::Raised, "Incomer".into())]);
    assert_eq!(r[0].alarm.quantity, None);
    // Back online: latched until acknowledged, then cleared with the ack.
    assert!(e.on_health("Incomer", T0 + 40_000, true).is_empty());
    assert!(e.tick(T0 + 100_000).is_empty());
    let id = r[0].alarm.id;
    let a = e.ack(id, "operator", T0 + 110_000).unwrap();
    assert_eq!(
        a.iter().map(|t| t.event).collect::<Vec<_>>(),
        vec![Event::Acknowledged, Event::Cleared]
    );
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn predicted_block_demand_raises_before_the_block_ends() {
    let c = config(
        r#"
[alarms]
demand_block_minutes = 30
contract_demand_kva = 1000

[[alarm]]
name = "md"
kind = "demand"
meter = "Incomer"
percent = 90
"#,
    );
    let dir = tempdir("demand");
    let clock = Arc::new(ManualClock::new(T0));
    let mut e = engine(&c, &dir, &clock);
    let kva = |v: f64| [(Quantity::ApparentPowerTotal, v * 1000.0)];
    // 800 kVA for 10 minutes, then 1000 kVA: predicted = (800·10 + 1000·20)/30 = 933 kVA
    // at minute 10, above 900; at minute 0..10 it is 800.
    let mut raised = Vec::new();
    for s in (0..600).step_by(10) {
        raised.extend(e.on_reading("Incomer", T0 + s * 1000, &kva(800.0)));
    }
    assert!(raised.is_empty());
    raised.extend(e.on_reading("Incomer", T0 + 600_000, &kva(1000.0)));
    assert_eq!(events(&raised), vec![(Event::Raised, "Incomer".into())]);
    let v = raised[0].alarm.value.unwrap();
    assert!((v - 2800.0 / 3.0).abs() < 1e-6, "{v}");
    assert_eq!(raised[0].alarm.quantity, Some("predicted_demand_kva"));
    // An external prediction feeds the same rule.
    let t = e.on_demand("Incomer", T0 + 700_000, 500.0);
    // No off-delay: it clears at once.
    assert_eq!(events(&t), vec![(Event::Cleared, "Incomer".into())]);
    std::fs::remove_dir_all(dir).ok();
}

// ---- webhook ---------------------------------------------------------------------------

/// A minimal HTTP/1.1 server on 127.0.0.1: records each POST body, answers with the next
/// status of `statuses` (then 200).
struct Hook {
    url: String,
    bodies: Arc<Mutex<Vec<serde_json::Value>>>,
}

fn hook(statuses: Vec<u16>) -> Hook {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let bodies = Arc::new(Mutex::new(Vec::new()));
    let b = bodies.clone();
    std::thread::spawn(move || {
        let mut statuses = statuses.into_iter();
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut len = 0usize;
            let mut first = String::new();
            if reader.read_line(&mut first).unwrap_or(0) == 0 {
                continue;
            }
            loop {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                if line == "\r\n" || line.is_empty() {
                    break;
                }
                if let Some((k, v)) = line.split_once(':') {
                    if k.eq_ignore_ascii_case("content-length") {
                        len = v.trim().parse().unwrap();
                    }
                }
            }
            let mut body = vec![0; len];
            reader.read_exact(&mut body).unwrap();
            assert!(first.starts_with("POST /hook "), "{first}");
            b.lock()
                .unwrap()
                .push(serde_json::from_slice(&body).unwrap());
            let status = statuses.next().unwrap_or(200);
            let _ = write!(
                stream,
                "HTTP/1.1 {status} X\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
            );
        }
    });
    Hook { url, bodies }
}

fn wait_for(n: usize, bodies: &Mutex<Vec<serde_json::Value>>) {
    let end = Instant::now() + Duration::from_secs(10);
    while bodies.lock().unwrap().len() < n && Instant::now() < end {
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn webhook_receives_exactly_one_post_per_transition() {
    let h = hook(Vec::new());
    let c = config(OVER_CURRENT);
    let dir = tempdir("hook");
    let clock = Arc::new(ManualClock::new(T0));
    let mut e = engine(&c, &dir, &clock);
    e.add_sink(Box::new(
        Notifier::start(WebhookOptions::new(h.url.clone())).unwrap(),
    ));
    let mut all = Vec::new();
    let mut t = T0;
    // Flapping for 5 minutes, then normal for 2 minutes, then an ack.
    for i in 0..150 {
        let v = if i % 2 == 0 { 450.0 } else { 390.0 };
        all.extend(e.on_reading("Feeder 1", t, &current(v)));
        all.extend(e.tick(t + 1000));
        t += 2000;
    }
    for _ in 0..60 {
        all.extend(e.on_reading("Feeder 1", t, &current(100.0)));
        t += 2000;
    }
    let id = all[0].alarm.id;
    all.extend(e.ack(id, "asha", t).unwrap());
    assert_eq!(
        all.iter().map(|t| t.event).collect::<Vec<_>>(),
        vec![Event::Raised, Event::Cleared, Event::Acknowledged]
    );
    wait_for(3, &h.bodies);
    std::thread::sleep(Duration::from_millis(300)); // a fourth would have arrived by now
    let got = h.bodies.lock().unwrap().clone();
    assert_eq!(got.len(), 3, "{got:#?}");
    for (body, tr) in got.iter().zip(&all) {
        assert_eq!(body["event"], tr.event.name());
        assert_eq!(body["event_id"], tr.event_id.unwrap());
        assert_eq!(body["alarm"]["id"], id);
        assert_eq!(body["alarm"]["rule"], "oc");
        assert_eq!(body["alarm"]["meter"], "Feeder 1");
        assert_eq!(body["alarm"]["priority"], "high");
    }
    assert_eq!(got[0]["alarm"]["state"], "active");
    assert_eq!(got[0]["alarm"]["acknowledged"], false);
    assert_eq!(got[0]["alarm"]["quantity"], "current_a");
    assert_eq!(got[1]["alarm"]["state"], "cleared");
    assert_eq!(got[2]["who"], "asha");
    assert_eq!(got[2]["alarm"]["acknowledged"], true);
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn webhook_retries_a_failed_post_and_skips_suppressed_transitions() {
    let h = hook(vec![503, 500]);
    let c = config(OVER_CURRENT);
    let dir = tempdir("retry");
    let clock = Arc::new(ManualClock::new(T0));
    let mut e = engine(&c, &dir, &clock);
    let n = Notifier::start(WebhookOptions {
        initial_backoff: Duration::from_millis(20),
        max_backoff: Duration::from_millis(50),
        ..WebhookOptions::new(h.url.clone())
    })
    .unwrap();
    let closer = n.closer();
    e.add_sink(Box::new(n));
    e.on_reading("Feeder 1", T0, &current(500.0));
    let r = e.tick(T0 + 10_000);
    assert_eq!(r.len(), 1);
    // Shelved: the clear is stored and returned, but not posted.
    let id = r[0].alarm.id;
    let s = e.shelve(id, T0 + 3_600_000, "ravi", T0 + 11_000).unwrap();
    e.on_reading("Feeder 1", T0 + 12_000, &current(100.0));
    let c = e.tick(T0 + 80_000);
    assert_eq!(c.len(), 1);
    assert!(c[0].suppressed);
    wait_for(4, &h.bodies);
    std::thread::sleep(Duration::from_millis(300));
    let got = h.bodies.lock().unwrap().clone();
    // raised (503, 500, 200: three tries of the same event) and shelved (200).
    let ids: Vec<i64> = got
        .iter()
        .map(|b| b["event_id"].as_i64().unwrap())
        .collect();
    let raised = r[0].event_id.unwrap();
    assert_eq!(ids, vec![raised, raised, raised, s[0].event_id.unwrap()]);
    assert_eq!(closer.sent(), 2);
    std::fs::remove_dir_all(dir).ok();
}

// ---- HTTP API --------------------------------------------------------------------------

async fn call(
    app: &axum::Router,
    method: &str,
    uri: &str,
    body: &str,
    user: Option<&str>,
) -> (u16, String, serde_json::Value) {
    use tower::ServiceExt;
    let mut req = axum::http::Request::builder().method(method).uri(uri);
    if let Some(u) = user {
        req = req.header("x-ems-user", u);
    }
    let resp = app
        .clone()
        .oneshot(req.body(axum::body::Body::from(body.to_string())).unwrap())
        .await
        .unwrap();
    let status = resp.status().as_u16();
    let ct = resp
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let bytes = axum::body::to_bytes(resp.into_body(), 1 << 20)
        .await
        .unwrap();
    let json = serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null);
    (status, ct, json)
}

#[tokio::test]
async fn http_api_lists_acks_shelves_and_answers_problems() {
    let c = config(OVER_CURRENT);
    let dir = tempdir("http");
    let clock = Arc::new(ManualClock::new(T0));
    let mut e = engine(&c, &dir, &clock);
    e.on_reading("Feeder 1", T0, &current(500.0));
    let id = e.tick(T0 + 10_000)[0].alarm.id;
    clock.set(T0 + 20_000);
    let handle = AlarmHandle::new(e);
    let app = ems::alarms::router(handle.clone());

    let (s, _, list) = call(&app, "GET", "/api/alarms", "", None).await;
    assert_eq!(s, 200);
    let a = &list[0];
    assert_eq!(list.as_array().unwrap().len(), 1);
    for key in [
        "id",
        "rule",
        "meter",
        "quantity",
        "priority",
        "state",
        "acknowledged",
        "shelved_until",
        "out_of_service",
        "raised_at",
        "cleared_at",
        "value",
        "message",
    ] {
        assert!(a.get(key).is_some(), "{key} missing in {a}");
    }
    assert_eq!(a["state"], "active");
    assert_eq!(a["raised_at"], "2025-12-01T00:00:10Z");
    assert_eq!(a["shelved_until"], serde_json::Value::Null);
    let (_, _, all) = call(&app, "GET", "/api/alarms?state=all", "", None).await;
    assert_eq!(all.as_array().unwrap().len(), 2);

    let (s, _, v) = call(
        &app,
        "POST",
        &format!("/api/alarms/{id}/ack"),
        "",
        Some("asha"),
    )
    .await;
    assert_eq!((s, v["acknowledged"].as_bool()), (200, Some(true)));
    let (s, _, v) = call(
        &app,
        "POST",
        &format!("/api/alarms/{id}/shelve"),
        r#"{"until": "2025-12-01T02:00:00Z"}"#,
        None,
    )
    .await;
    assert_eq!(
        (s, v["shelved_until"].as_str()),
        (200, Some("2025-12-01T02:00:00Z"))
    );
    let (_, _, v) = call(&app, "GET", "/api/alarms?state=shelved", "", None).await;
    assert_eq!(v.as_array().unwrap().len(), 1);
    let (s, _, v) = call(
        &app,
        "POST",
        &format!("/api/alarms/{id}/unshelve"),
        "",
        None,
    )
    .await;
    assert_eq!(
        (s, v["shelved_until"].clone()),
        (200, serde_json::Value::Null)
    );
    let events = handle.lock().events(Some(id), 0, 10).unwrap();
    let who: Vec<(&str, Option<&str>)> = events
        .iter()
        .rev()
        .map(|r| (r.event.as_str(), r.who.as_deref()))
        .collect();
    assert_eq!(
        who,
        vec![
            ("raised", None),
            ("acknowledged", Some("asha")),
            ("shelved", Some("operator")),
            ("unshelved", Some("operator")),
        ]
    );

    for (method, uri, body, status) in [
        ("GET", "/api/alarms?state=bogus", "", 400),
        ("POST", "/api/alarms/x/ack", "", 400),
        ("POST", "/api/alarms/9999/ack", "", 404),
        ("GET", "/api/alarms/9999", "", 404),
        ("POST", &format!("/api/alarms/{id}/shelve"), "{", 400),
        (
            "POST",
            &format!("/api/alarms/{id}/shelve"),
            r#"{"until": "tomorrow"}"#,
            400,
        ),
        (
            "POST",
            &format!("/api/alarms/{id}/shelve"),
            r#"{"until": "2020-01-01T00:00:00Z"}"#,
            400,
        ),
        (
            "POST",
            &format!("/api/alarms/{id}/out_of_service"),
            r#"{"oos": 1}"#,
            400,
        ),
    ] {
        let (s, ct, v) = call(&app, method, uri, body, None).await;
        assert_eq!(s, status, "{method} {uri} {body}: {v}");
        assert_eq!(ct, "application/problem+json", "{method} {uri}");
        assert_eq!(v["status"], status);
        assert!(v["detail"].as_str().is_some_and(|d| !d.is_empty()));
    }
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn ems_check_passes_and_counts_the_example_alarms() {
    let plant = format!("{}/plant.toml", env!("CARGO_MANIFEST_DIR"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ems"))
        .args(["check", "--config", &plant])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    // 4 rules on one meter each, the offline rule on all 79.
    assert!(
        stdout.contains("alarms: 5 rules on 83 alarm points, no webhook"),
        "{stdout}"
    );
}

#[test]
fn full_webhook_queue_drops_new_transitions_instead_of_blocking() {
    // A receiver that accepts connections (the kernel's backlog) but never answers.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/hook", silent.local_addr().unwrap());
    let c = config(OVER_CURRENT);
    let dir = tempdir("queue");
    let clock = Arc::new(ManualClock::new(T0));
    let mut e = engine(&c, &dir, &clock);
    let n = Notifier::start(WebhookOptions {
        timeout: Duration::from_millis(300),
        max_queue: 1,
        max_attempts: 1,
        ..WebhookOptions::new(url)
    })
    .unwrap();
    let closer = n.closer();
    e.add_sink(Box::new(n));
    let started = Instant::now();
    e.on_reading("Feeder 1", T0, &current(500.0));
    e.on_reading("Feeder 2", T0, &current(500.0));
    let r = e.tick(T0 + 10_000);
    let mut all = r.clone();
    for t in &r {
        all.extend(e.ack(t.alarm.id, "asha", T0 + 20_000).unwrap());
    }
    assert_eq!(all.len(), 4);
    // The engine never waited for the receiver.
    assert!(started.elapsed() < Duration::from_millis(250));
    closer.stop();
    drop(e); // joins the notifier: the POST in flight times out
    assert_eq!(closer.sent(), 0);
    // One in flight, one queued at most: the other two (at least) were dropped.
    assert!(closer.dropped() >= 2, "dropped {}", closer.dropped());
    drop(silent);
    std::fs::remove_dir_all(dir).ok();
}

/// End to end on `ems demo`: the plant's dead meter (unit 71, "Borewell Pump") stops answering,
/// the collector marks it offline, and after the plant's 1-minute on-delay the `meter-offline`
/// rule raises an alarm that the API lists as active and unacknowledged — for that meter only
/// (the flaky meters miss single polls but never stay offline for a minute).
#[test]
fn demo_raises_the_offline_alarm_of_its_dead_meter() {
    let dir = std::env::temp_dir().join(format!("ems-demo-alarm-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let (child, base) = support::demo(&["--history", "0", "--http", "127.0.0.1:0"], &dir);
    let started = Instant::now();
    let active = loop {
        assert!(
            started.elapsed() < Duration::from_secs(240),
            "no offline alarm for Borewell Pump within 240 s"
        );
        std::thread::sleep(Duration::from_secs(2));
        let Ok(mut resp) = ureq::get(&format!("{base}/api/alarms?state=active")).call() else {
            continue;
        };
        let v: serde_json::Value =
            serde_json::from_str(&resp.body_mut().read_to_string().unwrap()).unwrap();
        let list = v.as_array().expect("a JSON array of alarms").clone();
        if list.iter().any(|a| a["meter"] == "Borewell Pump") {
            break list;
        }
    };
    // Not before the on-delay: the meter needs a few failed polls to go offline, then 1 min.
    assert!(
        started.elapsed() >= Duration::from_secs(60),
        "raised after {:?}, before the 1-minute on-delay",
        started.elapsed()
    );
    let offline: Vec<&serde_json::Value> = list_of(&active, "offline");
    assert_eq!(offline.len(), 1, "{active:#?}");
    let a = offline[0];
    assert_eq!(a["meter"], "Borewell Pump");
    assert_eq!(a["rule"], "meter-offline");
    assert_eq!(a["state"], "active");
    assert_eq!(a["acknowledged"], false);
    assert_eq!(a["priority"], "low");
    drop(child);
    let _ = std::fs::remove_dir_all(&dir);
}

fn list_of<'a>(list: &'a [serde_json::Value], kind: &str) -> Vec<&'a serde_json::Value> {
    list.iter().filter(|a| a["kind"] == kind).collect()
}
