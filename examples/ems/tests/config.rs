//! The configuration model: the example plant parses and fits its bus (modelled times worked
//! by hand from the RTU cost model), defaults, overrides, and every validation error names
//! file:line:column, the field and what is allowed.

use std::path::Path;
use std::time::Duration;

use ems::budget::{budget, ClassSchedule};
use ems::config::{Config, ConfigError, Diagnostic, Endpoint, Interval, PollWhat};
use schneider_em::{Model, Parity, Quantity, WordOrder};

fn plant() -> Config {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("plant.toml");
    Config::load(&path).expect("plant.toml loads")
}

const HEAD: &str = r#"site = "Test"
timezone = "Asia/Kolkata"

[[bus]]
name = "a"
port = "/dev/ttyUSB0"
baud = 19200
"#;

fn errors(text: &str) -> Vec<Diagnostic> {
    match Config::parse(text, "t.toml") {
        Ok(_) => panic!("accepted:\n{text}"),
        Err(ConfigError::Invalid(d)) => d,
        Err(e) => panic!("unexpected error {e}"),
    }
}

/// The one error of `text`: (line, column, field, message).
fn one_error(text: &str) -> (usize, usize, String, String) {
    let d = errors(text);
    assert_eq!(d.len(), 1, "{d:#?}");
    let d = &d[0];
    assert_eq!(d.file, "t.toml");
    (d.line, d.column, d.field.clone(), d.message.clone())
}

#[test]
fn example_plant_parses_with_its_hierarchy() {
    let c = plant();
    assert_eq!(c.site, "Falta works");
    assert_eq!(c.timezone_name, "Asia/Kolkata");
    assert_eq!(c.meters.len(), 79);
    assert_eq!(c.buses.len(), 1);
    assert_eq!(c.buses[0].endpoint, Endpoint::Serial("/dev/ttyUSB0".into()));
    assert_eq!(c.buses[0].link.baud, 19200);
    assert_eq!(c.buses[0].link.parity, Parity::Even);
    assert_eq!(c.buses[0].link.turnaround_us, 10_000);
    assert!(c
        .meters
        .iter()
        .all(|m| m.model == Model::Em6400Ng && m.enabled));
    assert!(c.warnings.is_empty(), "{:?}", c.warnings);
    // Unit ids 1–79, each once.
    let mut units: Vec<u8> = c.meters.iter().map(|m| m.unit.get()).collect();
    units.sort_unstable();
    assert_eq!(units, (1..=79).collect::<Vec<u8>>());
    // Only the Grid Incomer is at the top; every chain ends there.
    let top: Vec<&str> = c
        .meters
        .iter()
        .filter(|m| m.parent.is_none())
        .map(|m| m.name.as_str())
        .collect();
    assert_eq!(top, ["Grid Incomer"]);
    let compressor = c
        .meters
        .iter()
        .position(|m| m.name == "Compressor 1")
        .unwrap();
    let chain: Vec<&str> = c
        .ancestry(compressor)
        .into_iter()
        .map(|i| c.meters[i].name.as_str())
        .collect();
    assert_eq!(
        chain,
        [
            "Compressor 1",
            "PCC-3",
            "TR-3 LV",
            "33 KV INCOMER",
            "Grid Incomer"
        ]
    );
    assert_eq!(
        c.meter("Grid Incomer").unwrap().max_power_va,
        Some(6_000_000.0)
    );
}

/// τ = 11 bits / 19200 baud = 0.5729167 ms; t3.5 = 3.5 τ = 2.0052083 ms; T = 10 ms.
/// One read of n registers costs (13 + 2n) τ + T + t3.5.
const TAU_MS: f64 = 11.0 / 19200.0 * 1000.0;
const FIXED_MS: f64 = 13.0 * TAU_MS + 10.0 + 3.5 * TAU_MS;

#[test]
fn example_plant_fits_its_bus_with_every_kw_every_3_s() {
    let c = plant();
    let b = &budget(&c).unwrap()[0];
    let class = |name: &str| b.classes.iter().find(|x| x.name == name).unwrap();

    // fast: one read of 2 registers = 19.453 + 4 × 0.5729 = 21.745 ms per meter,
    // × 79 = 1.7178 s per round, every 3 s = 57.26 % of the bus.
    let fast = class("fast");
    assert_eq!(fast.schedule, ClassSchedule::Every(Duration::from_secs(3)));
    assert_eq!(fast.scheduled_meters, 79);
    let fast_ms = FIXED_MS + 4.0 * TAU_MS;
    assert!((fast_ms - 21.745).abs() < 0.001);
    assert!((fast.groups[0].per_meter_ns as f64 / 1e6 - fast_ms).abs() < 0.001);
    assert!((fast.load - 79.0 * fast_ms / 3000.0).abs() < 1e-5);
    match fast.groups[0].what {
        PollWhat::Quantities(q) => {
            assert_eq!(q.iter().collect::<Vec<_>>(), [Quantity::ActivePowerTotal])
        }
        PollWhat::Identity => panic!("fast is quantities"),
    }

    // energy: the dashboard set and the 12 counters, every 60 s, every quantity planned.
    let energy = class("energy");
    assert_eq!(
        energy.schedule,
        ClassSchedule::Every(Duration::from_secs(60))
    );
    let g = &energy.groups[0];
    assert!(g.unsupported.is_empty());
    match g.what {
        PollWhat::Quantities(q) => {
            for name in [
                "current_a",
                "voltage_an",
                "active_power_total",
                "power_factor_total",
                "frequency",
                "active_energy_delivered",
                "reactive_energy_received",
                "apparent_energy_net",
            ] {
                assert!(q.contains(Quantity::from_name(name).unwrap()), "{name}");
            }
            assert_eq!(q.len(), 23); // 12 dashboard + 12 counters, kWh delivered in both
        }
        PollWhat::Identity => panic!("energy is quantities"),
    }
    // Its cost is the cost model applied to its own reads (k requests, N registers).
    let k = g.reads.len() as f64;
    let n = f64::from(g.registers);
    let energy_ms = k * FIXED_MS + 2.0 * n * TAU_MS;
    assert!((g.per_meter_ns as f64 / 1e6 - energy_ms).abs() < 0.001);

    assert_eq!(class("slow").schedule, ClassSchedule::Off);
    assert_eq!(
        class("identity").schedule,
        ClassSchedule::Every(Duration::from_secs(86_400))
    );

    // The whole bus: about 57.3 % + 26.1 % + a daily identity read ≈ 83 %.
    assert!(b.fits());
    assert!(b.load > 0.80 && b.load < 0.86, "load {}", b.load);
}

#[test]
fn built_in_defaults_apply_when_the_file_leaves_them_out() {
    let text =
        format!("{HEAD}\n[[meter]]\nname = \"M1\"\nbus = \"a\"\nunit = 1\nmodel = \"em6400\"\n");
    let c = Config::parse(&text, "t.toml").unwrap();
    let names: Vec<&str> = c.classes.iter().map(|k| k.name.as_str()).collect();
    assert_eq!(names, ["fast", "energy", "slow", "identity"]);
    let iv = |n: &str| c.classes[c.class_index(n).unwrap()].interval;
    assert_eq!(iv("fast"), Interval::Every(Duration::from_secs(10)));
    assert_eq!(iv("energy"), Interval::Every(Duration::from_secs(60)));
    assert_eq!(iv("slow"), Interval::Every(Duration::from_secs(300)));
    assert_eq!(iv("identity"), Interval::Every(Duration::from_secs(86_400)));
    assert_eq!(c.storage.retention_raw, Duration::from_secs(7 * 86_400));
    assert_eq!(c.storage.retention_1m, Duration::from_secs(400 * 86_400));
    assert_eq!(c.http.listen.to_string(), "127.0.0.1:8080");
    assert_eq!(c.buses[0].link.parity, Parity::Even);
    assert_eq!(c.buses[0].link.stop_bits, 1);
    assert_eq!(c.buses[0].link.turnaround_us, 10_000);
    let m = &c.meters[0];
    assert_eq!(m.parent, None);
    assert!(m.enabled);
    // The legacy EM6400's energy class: its 8 float counters (FwdWh, RevWh, VAh, VARh
    // inductive/capacitive each way).
    match m.poll[c.class_index("energy").unwrap()].what {
        PollWhat::Quantities(q) => assert_eq!(q.len(), 8, "{:?}", q.iter().collect::<Vec<_>>()),
        PollWhat::Identity => panic!(),
    }
    assert_eq!(
        m.poll[c.class_index("identity").unwrap()].what,
        PollWhat::Identity
    );
}

#[test]
fn a_meter_overrides_a_class_and_its_word_order() {
    let text = format!(
        r#"{HEAD}
[[meter]]
name = "M1"
bus = "a"
unit = 1
model = "em6400ng"
enabled = false
word_order = {{ float32 = "high-word-first" }}
nominal_voltage_ln = 240
poll.fast = {{ interval = "0s" }}
poll.slow = {{ preset = "thd", interval = "15m" }}
"#
    );
    let c = Config::parse(&text, "t.toml").unwrap();
    let m = &c.meters[0];
    assert!(!m.enabled);
    assert_eq!(m.word_orders.float32, WordOrder::HighWordFirst);
    assert_eq!(m.limits.nominal_ln_v, 240.0);
    let fast = m.poll[c.class_index("fast").unwrap()];
    assert_eq!(fast.interval, Interval::BackToBack);
    let slow = m.poll[c.class_index("slow").unwrap()];
    assert_eq!(slow.interval, Interval::Every(Duration::from_secs(900)));
    match slow.what {
        PollWhat::Quantities(q) => {
            assert!(q.contains(Quantity::ThdCurrentA));
            assert!(!q.contains(Quantity::ActivePowerDemandPeak));
        }
        PollWhat::Identity => panic!(),
    }
}

#[test]
fn back_to_back_takes_the_time_the_others_leave() {
    // One EM6400NG: fast back to back, energy every 60 s, the rest off.
    let text = format!(
        r#"{HEAD}
[poll.fast]
quantities = ["active_power_total"]
interval = "0s"
[poll.slow]
interval = "off"
[poll.identity]
interval = "off"

[[meter]]
name = "M1"
bus = "a"
unit = 1
model = "em6400ng"
"#
    );
    let c = Config::parse(&text, "t.toml").unwrap();
    let b = &budget(&c).unwrap()[0];
    assert!(b.fits());
    let spare = b.spare();
    assert!(spare > 0.99 && spare < 1.0, "{spare}");
    // One 21.745 ms read stretched into the spare share.
    let period = b.back_to_back_period_s().unwrap();
    assert!((period - (FIXED_MS + 4.0 * TAU_MS) / 1000.0 / spare).abs() < 1e-6);
}

#[test]
fn a_bus_over_its_budget_does_not_fit() {
    // 40 meters × 147.7 ms (the dashboard preset) = 5.9 s every 5 s: 118 %.
    let mut text = format!(
        "{HEAD}\n[poll.fast]\npreset = \"dashboard\"\ninterval = \"5s\"\n[poll.energy]\ninterval = \"off\"\n[poll.slow]\ninterval = \"off\"\n[poll.identity]\ninterval = \"off\"\n"
    );
    for u in 1..=40 {
        text.push_str(&format!(
            "[[meter]]\nname = \"M{u}\"\nbus = \"a\"\nunit = {u}\nmodel = \"em6400ng\"\n"
        ));
    }
    let c = Config::parse(&text, "t.toml").unwrap();
    let b = &budget(&c).unwrap()[0];
    assert!(!b.fits());
    assert!((b.load - 40.0 * 0.1477 / 5.0).abs() < 0.001, "{}", b.load);
}

#[test]
fn unknown_keys_are_errors_with_their_location() {
    let text = format!("{HEAD}baudrate = 9600\n");
    let (line, col, field, msg) = one_error(&text);
    assert_eq!((line, col), (8, 1));
    assert_eq!(field, "bus #1: baudrate");
    assert!(msg.contains("unknown field `baudrate`"), "{msg}");
    assert!(msg.contains("`baud`"), "lists what is allowed: {msg}");
}

#[test]
fn a_wrong_type_names_the_field() {
    let text = format!(
        "{HEAD}\n[[meter]]\nname = \"M1\"\nbus = \"a\"\nunit = \"one\"\nmodel = \"em6400ng\"\n"
    );
    let (line, col, field, msg) = one_error(&text);
    assert_eq!((line, col), (12, 8));
    assert_eq!(field, "meter #1: unit");
    assert!(msg.contains("invalid type"), "{msg}");
}

fn meter(name: &str, bus: &str, unit: i64, model: &str, parent: &str) -> String {
    format!(
        "\n[[meter]]\nname = \"{name}\"\nbus = \"{bus}\"\nunit = {unit}\nmodel = \"{model}\"\nparent = \"{parent}\"\n"
    )
}

#[test]
fn unknown_bus_lists_the_buses() {
    let text = format!("{HEAD}{}", meter("M1", "b", 1, "em6400ng", ""));
    let (line, col, field, msg) = one_error(&text);
    assert_eq!((line, col), (11, 7));
    assert_eq!(field, "meter \"M1\": bus");
    assert_eq!(msg, "unknown bus \"b\"; allowed: a");
}

#[test]
fn duplicate_meter_names_are_errors() {
    let text = format!(
        "{HEAD}{}{}",
        meter("M1", "a", 1, "em6400ng", ""),
        meter("M1", "a", 2, "em6400ng", "")
    );
    let (line, col, field, msg) = one_error(&text);
    assert_eq!((line, col), (17, 8));
    assert_eq!(field, "meter \"M1\": name");
    assert!(msg.starts_with("duplicate meter name \"M1\""), "{msg}");
}

#[test]
fn a_unit_id_twice_on_one_bus_is_an_error() {
    let text = format!(
        "{HEAD}{}{}",
        meter("M1", "a", 5, "em6400ng", ""),
        meter("M2", "a", 5, "em6400ng", "")
    );
    let (line, col, field, msg) = one_error(&text);
    assert_eq!((line, col), (19, 8));
    assert_eq!(field, "meter \"M2\": unit");
    assert_eq!(
        msg,
        "unit 5 is already used on bus \"a\" by meter \"M1\"; each unit id appears once per bus"
    );
}

#[test]
fn unit_ids_outside_1_to_247_are_errors() {
    for unit in [0, 248, -1] {
        let text = format!("{HEAD}{}", meter("M1", "a", unit, "em6400ng", ""));
        let (line, col, field, msg) = one_error(&text);
        assert_eq!((line, col), (12, 8));
        assert_eq!(field, "meter \"M1\": unit");
        assert_eq!(
            msg,
            format!("unit id {unit} is out of range; allowed: 1–247")
        );
    }
}

#[test]
fn unknown_models_list_the_models() {
    let text = format!("{HEAD}{}", meter("M1", "a", 1, "em6436", ""));
    let (line, col, _, msg) = one_error(&text);
    assert_eq!((line, col), (13, 9));
    assert_eq!(
        msg,
        "unknown model \"em6436\"; allowed: em6400ng, em6400, em1200"
    );
}

#[test]
fn unknown_parents_are_errors() {
    let text = format!("{HEAD}{}", meter("M1", "a", 1, "em6400ng", "Nowhere"));
    let (line, col, field, msg) = one_error(&text);
    assert_eq!((line, col), (14, 10));
    assert_eq!(field, "meter \"M1\": parent");
    assert!(msg.starts_with("unknown parent \"Nowhere\""), "{msg}");
}

#[test]
fn parent_cycles_are_errors() {
    let text = format!(
        "{HEAD}{}{}{}",
        meter("Top", "a", 1, "em6400ng", ""),
        meter("A", "a", 2, "em6400ng", "B"),
        meter("B", "a", 3, "em6400ng", "A")
    );
    let (line, col, field, msg) = one_error(&text);
    // Reported once, at A's parent (line 21).
    assert_eq!((line, col), (21, 10));
    assert_eq!(field, "meter \"A\": parent");
    assert!(
        msg.starts_with("parent cycle \"A\" → \"B\" → \"A\""),
        "{msg}"
    );
    // A meter that is its own parent.
    let text = format!("{HEAD}{}", meter("Self", "a", 1, "em6400ng", "Self"));
    let (_, _, _, msg) = one_error(&text);
    assert!(msg.starts_with("parent cycle \"Self\" → \"Self\""), "{msg}");
}

#[test]
fn bad_time_zones_are_errors() {
    let text = HEAD.replace("Asia/Kolkata", "India/Calcutta");
    let (line, col, field, msg) = one_error(&text);
    assert_eq!((line, col), (2, 12));
    assert_eq!(field, "timezone");
    assert!(
        msg.starts_with("unknown time zone \"India/Calcutta\""),
        "{msg}"
    );
}

#[test]
fn bad_intervals_are_errors() {
    for bad in ["3", "3 sec", "1.5s", "-3s", "soon"] {
        let text = format!("{HEAD}\n[poll.fast]\ninterval = \"{bad}\"\n");
        let (line, col, field, msg) = one_error(&text);
        assert_eq!((line, col), (10, 12), "{bad}");
        assert_eq!(field, "poll.fast: interval");
        assert!(msg.contains("allowed: a whole number with a unit"), "{msg}");
    }
}

#[test]
fn unknown_quantities_are_errors() {
    let text =
        format!("{HEAD}\n[poll.fast]\nquantities = [\"active_power_total\", \"kw_total\"]\n");
    let (line, col, field, msg) = one_error(&text);
    assert_eq!((line, col), (10, 37));
    assert_eq!(field, "poll.fast: quantities");
    assert!(msg.starts_with("unknown quantity \"kw_total\""), "{msg}");
}

#[test]
fn unknown_poll_classes_in_a_meter_list_the_classes() {
    let text = format!(
        "{HEAD}{}poll.fastest = {{ interval = \"1s\" }}\n",
        meter("M1", "a", 1, "em6400ng", "")
    );
    let (line, _, field, msg) = one_error(&text);
    assert_eq!(line, 15);
    assert_eq!(field, "meter \"M1\": poll.fastest");
    assert_eq!(
        msg,
        "unknown poll class \"fastest\"; allowed: fast, energy, slow, identity"
    );
}

#[test]
fn bus_settings_are_checked() {
    let text = r#"site = "T"
timezone = "UTC"

[[bus]]
name = "a"
port = "/dev/ttyUSB0"
tcp = "192.0.2.1:502"
baud = 12
parity = "mark"
stop_bits = 3
"#;
    let d = errors(text);
    let got: Vec<(usize, &str)> = d.iter().map(|d| (d.line, d.field.as_str())).collect();
    assert_eq!(
        got,
        [
            (7, "bus #1 (a): port"),
            (8, "bus #1 (a): baud"),
            (9, "bus #1 (a): parity"),
            (10, "bus #1 (a): stop_bits"),
        ]
    );
    assert_eq!(
        d[2].message,
        "unknown parity \"mark\"; allowed: none, even, odd"
    );
}

#[test]
fn every_problem_is_reported_at_once_in_file_order() {
    let text = format!(
        "{HEAD}{}{}",
        meter("M1", "x", 300, "em9999", ""),
        meter("M2", "a", 1, "em6400ng", "Ghost")
    );
    let d = errors(&text);
    let lines: Vec<usize> = d.iter().map(|d| d.line).collect();
    assert_eq!(lines, [11, 12, 13, 21]);
    // The rendered error shows file:line:column and underlines the value.
    let shown = ConfigError::Invalid(d).to_string();
    assert!(
        shown.starts_with("t.toml:11:7: meter \"M1\": bus: unknown bus \"x\""),
        "{shown}"
    );
    assert!(
        shown.contains("11 | bus = \"x\"\n    |       ^^^"),
        "{shown}"
    );
    assert!(
        shown.ends_with("4 problems in the configuration"),
        "{shown}"
    );
}

#[test]
fn missing_fields_name_their_table() {
    let text = format!("{HEAD}\n[[meter]]\nname = \"M1\"\nbus = \"a\"\nmodel = \"em6400ng\"\n");
    let (line, col, field, msg) = one_error(&text);
    assert_eq!((line, col), (9, 1));
    assert_eq!(field, "meter #1: unit");
    assert_eq!(msg, "missing field `unit`");
    let (_, _, field, _) = one_error("timezone = \"UTC\"\n");
    assert_eq!(field, "site");
}

/// `[sinks.*]`: defaults, every bad value an error at its line with what is allowed, and the
/// files they name relative to the configuration file (like `token_file` and `data_dir`).
#[test]
fn sinks_have_defaults_errors_at_their_line_and_files_relative_to_the_config() {
    let c = Config::parse(
        &format!("{HEAD}\n[sinks.mqtt]\nhost = \"broker\"\n\n[sinks.postgres]\nurl = \"postgres://ems@db/energy\"\n"),
        "t.toml",
    )
    .unwrap();
    let m = c.sinks.mqtt.as_ref().unwrap();
    assert_eq!((m.port, m.qos, m.queue), (1883, 1, 10_000));
    assert_eq!(m.topic_prefix, "ems");
    assert_eq!(m.client_id, "ems-test");
    assert_eq!(m.discovery_prefix, "homeassistant");
    let p = c.sinks.postgres.as_ref().unwrap();
    assert_eq!((p.schema.as_str(), p.batch_rows), ("ems", 5000));

    for (body, field, says) in [
        (
            "[sinks.mqtt]\nhost = \"b\"\nport = 0\n",
            "sinks.mqtt: port",
            "1–65535",
        ),
        (
            "[sinks.mqtt]\nhost = \"b\"\nqos = 2\n",
            "sinks.mqtt: qos",
            "allowed: 0",
        ),
        (
            "[sinks.mqtt]\nhost = \"b\"\ntopic_prefix = \"a/#\"\n",
            "sinks.mqtt: topic_prefix",
            "without + or #",
        ),
        (
            "[sinks.mqtt]\nhost = \"b\"\nquantities = [\"watts\"]\n",
            "sinks.mqtt: quantities",
            "unknown quantity",
        ),
        (
            "[sinks.mqtt]\nhost = \"b\"\npassword = \"x\"\npassword_file = \"f\"\n",
            "sinks.mqtt: password",
            "not both",
        ),
        (
            "[sinks.mqtt]\nhost = \"b\"\ninterval = \"soon\"\n",
            "sinks.mqtt: interval",
            "not a duration",
        ),
        (
            "[sinks.postgres]\nurl = \"mysql://db\"\n",
            "sinks.postgres: url",
            "libpq URI",
        ),
        (
            "[sinks.postgres]\nurl = \"postgres://db\"\nschema = \"Ems-1\"\n",
            "sinks.postgres: schema",
            "lower-case SQL identifier",
        ),
        (
            "[sinks.postgres]\nurl = \"postgres://db\"\ntls = \"maybe\"\n",
            "sinks.postgres: tls",
            "disable, require",
        ),
        (
            "[sinks.postgres]\nurl = \"postgres://db\"\nbatch_rows = 0\n",
            "sinks.postgres: batch_rows",
            "1–1000000",
        ),
    ] {
        let (line, _, f, msg) = one_error(&format!("{HEAD}\n{body}"));
        assert_eq!(f, field, "{body}");
        assert!(msg.contains(says), "{body}: {msg}");
        // The line of the bad key (the last line of `body`, or the one before for `password`).
        assert!(line > HEAD.lines().count() + 1, "{body}: line {line}");
    }

    let dir = std::env::temp_dir().join(format!("ems-config-sinks-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("ems.toml");
    std::fs::write(
        &path,
        format!(
            "{HEAD}\n[sinks.mqtt]\nhost = \"b\"\nusername = \"u\"\npassword_file = \"mqtt.secret\"\ntls_ca_file = \"/etc/ca.pem\"\n\n\
             [sinks.postgres]\nurl = \"postgres://db\"\npassword_file = \"secrets/pg\"\n"
        ),
    )
    .unwrap();
    let c = Config::load(&path).unwrap();
    let m = c.sinks.mqtt.unwrap();
    assert_eq!(m.password_file.unwrap(), dir.join("mqtt.secret"));
    assert_eq!(m.tls_ca_file.unwrap(), Path::new("/etc/ca.pem"));
    assert_eq!(
        c.sinks.postgres.unwrap().password_file.unwrap(),
        dir.join("secrets/pg")
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn in_flight_defaults_to_one_and_only_a_modbus_tcp_bus_takes_more() {
    let c = Config::parse(HEAD, "t.toml").unwrap();
    assert_eq!(c.buses[0].in_flight, 1);
    let tcp = HEAD.replace("port = \"/dev/ttyUSB0\"", "tcp = \"192.0.2.10:502\"");
    let c = Config::parse(&format!("{tcp}in_flight = 32\n"), "t.toml").unwrap();
    assert_eq!(c.buses[0].in_flight, 32);
    // Out of range, on any bus.
    for bad in ["0", "257", "-1"] {
        let (line, col, field, msg) = one_error(&format!("{tcp}in_flight = {bad}\n"));
        assert_eq!((line, col), (8, 13), "{bad}");
        assert_eq!(field, "bus #1 (a): in_flight");
        assert_eq!(msg, format!("{bad}; allowed: 1–256 requests in flight"));
    }
    // A serial line and an RTU-over-TCP gateway carry one request at a time.
    let rtu = HEAD.replace(
        "port = \"/dev/ttyUSB0\"",
        "rtu_over_tcp = \"192.0.2.10:4001\"",
    );
    for head in [HEAD.to_string(), rtu] {
        let (line, col, field, msg) = one_error(&format!("{head}in_flight = 4\n"));
        assert_eq!((line, col), (8, 13));
        assert_eq!(field, "bus #1 (a): in_flight");
        assert!(msg.contains("need a Modbus TCP bus"), "{msg}");
    }
    // One is allowed everywhere.
    assert!(Config::parse(&format!("{HEAD}in_flight = 1\n"), "t.toml").is_ok());
}
