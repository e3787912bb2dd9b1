//! `ems commission` as a user runs it: the real binary against `ems sim` on a line-timed pty
//! bus (so a wrong baud rate is not understood, as on a real line), over Modbus TCP and over
//! RTU over TCP. The written file must load (`Config::load`) and pass `ems check`.
//!
//! Expected values are re-declared here rather than taken from the code under test: the
//! models each unit simulates, the bus settings the simulator runs at, the request limit it
//! was given.

use std::path::Path;
use std::process::Output;
use std::time::{Duration, Instant};

use ems::config::{Config, Endpoint};
use schneider_em::{Model, Parity, WordOrder};

mod support;

use support::peers::{tempdir, Kill};

/// Starts `ems sim ARGS` (for at most 300 s) and waits for its banner.
fn sim(args: &[&str]) -> (Kill, String) {
    support::sim_for(args, 300)
}

/// Runs `ems ARGS` to completion within 120 s.
fn ems(args: &[&str]) -> Output {
    support::ems_within(args, Duration::from_secs(120))
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Runs `ems commission ARGS`, expecting success.
fn commission(args: &[&str]) -> (String, Duration) {
    let t0 = Instant::now();
    let o = ems(&[&["commission"][..], args].concat());
    let took = t0.elapsed();
    assert!(
        o.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        o.status,
        text(&o.stdout),
        text(&o.stderr)
    );
    (text(&o.stdout), took)
}

/// The file loads and `ems check` passes on it.
fn load_and_check(file: &Path) -> Config {
    let config = Config::load(file)
        .unwrap_or_else(|e| panic!("{e}\n{}", std::fs::read_to_string(file).unwrap_or_default()));
    let o = ems(&["check", "--config", file.to_str().unwrap()]);
    assert!(
        o.status.success(),
        "ems check failed: {}{}",
        text(&o.stdout),
        text(&o.stderr)
    );
    config
}

fn free_port() -> String {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    format!("127.0.0.1:{port}")
}

fn models(c: &Config) -> Vec<(u8, Model)> {
    c.meters.iter().map(|m| (m.unit.get(), m.model)).collect()
}

#[test]
fn finds_every_meter_and_model_after_trying_the_wrong_baud_first() {
    let dir = tempdir("commission-pty");
    let link = dir.join("tty");
    let (_sim, banner) = sim(&[
        "--units",
        "1-4,7",
        "--model-for",
        "em6400:4",
        "--max-registers",
        "2:30",
        "--pty",
        link.to_str().unwrap(),
        "--line-timing",
        "--baud",
        "19200",
    ]);
    assert!(banner.contains("line-timed at 19200 baud"), "{banner}");
    let out = dir.join("ems.toml");
    let (stdout, _) = commission(&[
        "--port",
        link.to_str().unwrap(),
        "--units",
        "1-8",
        "--probe-every-meter",
        "--site",
        "Test works",
        "--out",
        out.to_str().unwrap(),
    ]);
    // 9600 is tried first and nothing answers there; a pty carries no parity, so only none.
    assert!(
        stdout.contains("5 meters on") && stdout.contains("at 19200 8N1"),
        "{stdout}"
    );
    assert!(stdout.contains("nothing answered at 9600 8N1"), "{stdout}");
    assert!(stdout.contains("could not identify: none"), "{stdout}");

    let c = load_and_check(&out);
    assert_eq!(c.site, "Test works");
    assert_eq!(c.timezone_name, "Asia/Kolkata");
    assert_eq!(c.buses.len(), 1);
    let bus = &c.buses[0];
    assert_eq!(
        bus.endpoint,
        Endpoint::Serial(link.to_str().unwrap().into())
    );
    assert_eq!(bus.link.baud, 19_200);
    assert_eq!(bus.link.parity, Parity::None);
    assert_eq!(bus.link.stop_bits, 1);
    // Unit 2 accepts at most 30 registers per read: the bus is capped there.
    assert_eq!(bus.link.max_registers, Some(30));
    // The simulator's turnaround is 10 ms; the measured one is about that.
    assert!(
        (10_000..=20_000).contains(&bus.link.turnaround_us),
        "{}",
        bus.link.turnaround_us
    );
    assert_eq!(
        models(&c),
        [
            (1, Model::Em6400Ng),
            (2, Model::Em6400Ng),
            (3, Model::Em6400Ng),
            (4, Model::Em6400),
            (7, Model::Em6400Ng)
        ]
    );
    let names: Vec<&str> = c.meters.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["unit-1", "unit-2", "unit-3", "unit-4", "unit-7"]);
    // The legacy EM6400 sends floats low word first, as its map says; the EM6400NG high
    // word first. No override is needed for either.
    assert_eq!(c.meters[3].word_orders.float32, WordOrder::LowWordFirst);
    assert_eq!(c.meters[0].word_orders.float32, WordOrder::HighWordFirst);
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(!written.contains("word_order ="), "{written}");
    // The default poll classes fit five meters at 19200.
    let fast = c.class_index("fast").unwrap();
    assert_eq!(
        c.classes[fast].interval,
        ems::config::Interval::Every(Duration::from_secs(10))
    );

    // The file is not replaced without --force.
    let o = ems(&[
        "commission",
        "--port",
        link.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    assert!(text(&o.stderr).contains("--force"), "{}", text(&o.stderr));
}

#[test]
fn a_full_scan_of_79_meters_at_19200_baud_takes_at_most_30_seconds() {
    let dir = tempdir("commission-79");
    let link = dir.join("tty");
    let (_sim, _) = sim(&[
        "--units",
        "1-79",
        "--model-for",
        "em6400:5,40",
        "--pty",
        link.to_str().unwrap(),
        "--line-timing",
        "--baud",
        "19200",
    ]);
    let out = dir.join("ems.toml");
    let (stdout, took) = commission(&[
        "--port",
        link.to_str().unwrap(),
        "--baud",
        "19200",
        "--out",
        out.to_str().unwrap(),
    ]);
    eprintln!("ems commission, 79 meters, unit ids 1-247 at 19200: {took:.1?}");
    assert!(stdout.contains("79 meters on"), "{stdout}");
    assert!(
        took <= Duration::from_secs(30),
        "the scan took {took:.1?}: {stdout}"
    );
    let c = load_and_check(&out);
    assert_eq!(c.meters.len(), 79);
    for m in &c.meters {
        let want = if [5, 40].contains(&m.unit.get()) {
            Model::Em6400
        } else {
            Model::Em6400Ng
        };
        assert_eq!(m.model, want, "unit {}", m.unit.get());
    }
}

#[test]
fn over_modbus_tcp_and_rtu_over_tcp_the_bus_is_the_gateway() {
    let dir = tempdir("commission-tcp");
    let addr = free_port();
    let (_tcp, _) = sim(&["--units", "2-3", "--model-for", "em6400:3", "--tcp", &addr]);
    let out = dir.join("tcp.toml");
    let (stdout, _) = commission(&[
        "--tcp",
        &addr,
        "--units",
        "1-4",
        "--baud",
        "19200",
        "--timezone",
        "UTC",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(stdout.contains("2 meters on Modbus TCP"), "{stdout}");
    let c = load_and_check(&out);
    assert_eq!(c.buses[0].endpoint, Endpoint::Tcp(addr.clone()));
    assert_eq!(c.buses[0].link.baud, 19_200);
    assert_eq!(c.timezone_name, "UTC");
    assert_eq!(models(&c), [(2, Model::Em6400Ng), (3, Model::Em6400)]);

    let addr = free_port();
    let (_rot, _) = sim(&["--units", "9", "--rtu-over-tcp", &addr]);
    let out = dir.join("rtu-over-tcp.toml");
    commission(&[
        "--rtu-over-tcp",
        &addr,
        "--units",
        "8-9",
        "--out",
        out.to_str().unwrap(),
    ]);
    let c = load_and_check(&out);
    assert_eq!(c.buses[0].endpoint, Endpoint::RtuOverTcp(addr));
    assert_eq!(models(&c), [(9, Model::Em6400Ng)]);
}

#[test]
fn a_meter_slower_than_the_adapted_allowance_is_asked_again() {
    let dir = tempdir("commission-slow");
    let link = dir.join("tty");
    // Units 1-3 answer in 10 ms, so the allowance adapts down to about 33 ms; unit 20 takes
    // 50 ms: its reply comes late, during the guard, and it is asked again at 60 ms.
    let (_sim, _) = sim(&[
        "--units",
        "1-3,20",
        "--slow",
        "20:40",
        "--pty",
        link.to_str().unwrap(),
        "--line-timing",
        "--baud",
        "19200",
    ]);
    let out = dir.join("ems.toml");
    let (stdout, _) = commission(&[
        "--port",
        link.to_str().unwrap(),
        "--baud",
        "19200",
        "--units",
        "1-24",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(stdout.contains("4 meters on"), "{stdout}");
    let c = load_and_check(&out);
    let units: Vec<u8> = c.meters.iter().map(|m| m.unit.get()).collect();
    assert_eq!(units, [1, 2, 3, 20]);
}

#[test]
fn nothing_answering_is_an_error_that_says_what_was_tried() {
    let dir = tempdir("commission-none");
    let link = dir.join("tty");
    // Meters at 19200 that never answer.
    let (_sim, _) = sim(&[
        "--units",
        "1-2",
        "--dead",
        "1-2",
        "--pty",
        link.to_str().unwrap(),
        "--line-timing",
        "--baud",
        "19200",
    ]);
    let out = dir.join("ems.toml");
    let o = ems(&[
        "commission",
        "--port",
        link.to_str().unwrap(),
        "--units",
        "1-3",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(!o.status.success());
    let err = text(&o.stderr);
    assert!(
        err.contains("nothing answered on")
            && err.contains("9600 8N1, 19200 8N1, 38400 8N1, 4800 8N1"),
        "{err}"
    );
    assert!(err.contains("unit ids 1-3"), "{err}");
    assert!(!out.exists(), "no file is written when nothing answers");
}
