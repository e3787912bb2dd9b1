//! The real `ems` binary against `ems sim` (pty, line-timed pty, Modbus TCP, RTU over TCP)
//! and against a pymodbus peer: values, JSON shapes and exit codes.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use support::EMS;

mod support;

use support::peers::{start_pymodbus, tempdir, Kill};

/// Starts `ems sim ARGS` (for at most 120 s) and waits for its banner.
fn sim(args: &[&str]) -> (Kill, String) {
    support::sim_for(args, 120)
}

/// Runs `ems ARGS` to completion within 60 s.
fn ems(args: &[&str]) -> Output {
    support::ems_within(args, Duration::from_secs(60))
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &Output) -> Value {
    assert!(o.status.success(), "exit {:?}: {}", o.status, stderr(o));
    serde_json::from_str(stdout(o).trim())
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)))
}

fn value_of(reading: &Value, q: &str) -> f64 {
    reading["values"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["quantity"] == q)
        .unwrap_or_else(|| panic!("{q} missing in {reading}"))["value"]
        .as_f64()
        .unwrap()
}

#[test]
fn plan_json_has_the_documented_shape_and_the_optimal_requests() {
    let o = ems(&[
        "plan",
        "--model",
        "em6400ng",
        "--preset",
        "dashboard",
        "--baud",
        "19200",
        "--turnaround-ms",
        "10",
        "--meters",
        "79",
        "--json",
    ]);
    let v = json(&o);
    assert_eq!(v["model"], "em6400ng");
    let reqs: Vec<(u64, u64, u64)> = v["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["function"].as_u64().unwrap(),
                r["address"].as_u64().unwrap(),
                r["count"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        reqs,
        vec![
            (3, 2999, 6),
            (3, 3027, 6),
            (3, 3059, 26),
            (3, 3109, 2),
            (3, 3203, 4)
        ]
    );
    assert_eq!(v["registers_read"], 44);
    assert!((v["bus_time_ms_per_meter"].as_f64().unwrap() - 147.7).abs() < 0.1);
    assert!((v["cycle_ms"].as_f64().unwrap() - 11_667.0).abs() < 5.0);
    assert_eq!(v["naive"]["requests"], 12);
    assert!((v["naive"]["bus_time_ms_per_meter"].as_f64().unwrap() - 263.2).abs() < 0.1);
}

#[test]
fn read_scan_and_probe_against_ems_sim_on_a_pty() {
    let dir = tempdir("pty");
    let link = dir.join("tty");
    let (_sim, _) = sim(&[
        "--model",
        "em6400ng",
        "--units",
        "1-3,7",
        "--pty",
        link.to_str().unwrap(),
        "--baud",
        "19200",
        "--dead",
        "3",
    ]);
    let port = link.to_str().unwrap();
    let common = ["--port", port, "--baud", "19200", "--parity", "none"];

    let o = ems(&[&["read"][..], &common, &["--unit", "2", "--json"]].concat());
    let v = json(&o);
    assert_eq!(v["unit"], 2);
    assert_eq!(v["model"], "em6400ng");
    assert_eq!(v["unavailable"].as_array().unwrap().len(), 0);
    let regs: Vec<(String, u64, String)> = v["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["quantity"].as_str().unwrap().to_string(),
                e["register"].as_u64().unwrap(),
                e["unit"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(regs.len(), 12);
    assert!(regs.contains(&("active_power_total".into(), 3060, "W".into())));
    assert!(regs.contains(&("active_energy_delivered".into(), 3204, "Wh".into())));
    assert!(regs.contains(&("voltage_an".into(), 3028, "V".into())));
    // Physically consistent: |P| ≤ S, PF = P/S, 45-65 Hz.
    let (p, s, pf) = (
        value_of(&v, "active_power_total"),
        value_of(&v, "apparent_power_total"),
        value_of(&v, "power_factor_total"),
    );
    assert!(p > 0.0 && p <= s * 1.0001, "P {p} S {s}");
    assert!((pf - p / s).abs() < 0.01, "PF {pf} vs P/S {}", p / s);
    assert!((45.0..=65.0).contains(&value_of(&v, "frequency")));

    // The table form shows units and register numbers.
    let o = ems(&[
        &["read"][..],
        &common,
        &[
            "--unit",
            "1",
            "--quantities",
            "frequency,active_power_total",
        ],
    ]
    .concat());
    assert!(o.status.success(), "{}", stderr(&o));
    let t = stdout(&o);
    assert!(
        t.contains("frequency") && t.contains("Hz") && t.contains("3110"),
        "{t}"
    );

    // A dead meter: one clear line, non-zero exit.
    let o = ems(&[
        &["read"][..],
        &common,
        &["--unit", "3", "--timeout-ms", "100"],
    ]
    .concat());
    assert!(!o.status.success());
    let e = stderr(&o);
    assert!(
        e.contains("no reply from unit 3") && e.lines().count() == 1,
        "{e}"
    );
    // Asking an EM6400NG for legacy registers: the device exception with its meaning.
    let o = ems(&[
        &["read"][..],
        &common,
        &[
            "--unit",
            "1",
            "--model",
            "em6400",
            "--quantities",
            "frequency",
        ],
    ]
    .concat());
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("exception 0x02 (illegal data address)"),
        "{}",
        stderr(&o)
    );

    let o = ems(&[&["scan"][..], &common, &["--units", "1-8", "--json"]].concat());
    let v = json(&o);
    let found: Vec<(u64, String)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["unit"].as_u64().unwrap(),
                f["model"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            (1, "em6400ng".into()),
            (2, "em6400ng".into()),
            (7, "em6400ng".into())
        ]
    );

    let o = ems(&[&["probe"][..], &common, &["--unit", "7", "--json"]].concat());
    let v = json(&o);
    assert_eq!(v["detected_model"], "em6400ng");
    assert_eq!(v["model_name"], "EM6400NG");
    assert_eq!(v["float_word_order"]["plausible"], "high-word-first");
    assert_eq!(v["float_word_order"]["agrees_with_map"], true);
    assert_eq!(v["identity"]["product_id"], 15511);
    assert!(v["undefined_ranges"]["result"]
        .as_str()
        .unwrap()
        .contains("0x02"));
    assert_eq!(v["largest_read"]["largest_accepted"], 58);
    assert_eq!(
        v["largest_read"]["smallest_rejected_as_too_large"]
            .as_u64()
            .map(|n| n > 60),
        Some(true)
    );
    let fb = v["turnaround_ms"]["first_byte_median"].as_f64().unwrap();
    assert!(
        (9.0..40.0).contains(&fb),
        "the simulator's turnaround is 10 ms: {fb}"
    );
}

#[test]
fn line_timed_pty_legacy_model_and_tcp_links() {
    let dir = tempdir("lt");
    let link = dir.join("bus");
    let (_sim, banner) = sim(&[
        "--model",
        "em6400",
        "--units",
        "4",
        "--pty",
        link.to_str().unwrap(),
        "--line-timing",
        "--baud",
        "38400",
    ]);
    assert!(banner.contains("line-timed at 38400 baud"), "{banner}");
    let o = ems(&[
        "read",
        "--port",
        link.to_str().unwrap(),
        "--baud",
        "38400",
        "--parity",
        "none",
        "--unit",
        "4",
        "--model",
        "em6400",
        "--preset",
        "all",
        "--json",
    ]);
    let v = json(&o);
    assert_eq!(v["model"], "em6400");
    assert!(v["values"].as_array().unwrap().len() >= 40);
    assert!((45.0..=65.0).contains(&value_of(&v, "frequency")));

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr = format!("127.0.0.1:{port}");
    let (_tcp, banner) = sim(&["--units", "1-2", "--tcp", &addr]);
    assert!(banner.contains("Modbus TCP"), "{banner}");
    let v = json(&ems(&["read", "--tcp", &addr, "--unit", "2", "--json"]));
    assert_eq!(v["values"].as_array().unwrap().len(), 12);

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr = format!("127.0.0.1:{port}");
    let (_rot, _) = sim(&["--model", "em1200", "--units", "9", "--rtu-over-tcp", &addr]);
    let v = json(&ems(&[
        "read",
        "--rtu-over-tcp",
        &addr,
        "--model",
        "em1200",
        "--unit",
        "9",
        "--json",
    ]));
    // The EM1220H subset has no power or energy registers.
    let unavailable: Vec<&str> = v["unavailable"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert!(unavailable.contains(&"active_energy_delivered"));
    assert_eq!(v["values"].as_array().unwrap().len(), 7);
}

#[test]
fn bad_input_gets_one_clear_line_and_a_non_zero_exit() {
    let cases: [(&[&str], &str); 12] = [
        (
            &["read", "--port", "/nonexistent/ttyUSB9"],
            "cannot open /nonexistent/ttyUSB9",
        ),
        (
            &[
                "read",
                "--port",
                "/dev/null",
                "--quantities",
                "no_such_thing",
            ],
            "unknown quantity 'no_such_thing'",
        ),
        (
            &["read", "--port", "/dev/null", "--unit", "0"],
            "0 is not in 1..=247",
        ),
        (
            &["read", "--port", "/dev/null", "--tcp", "127.0.0.1:1"],
            "cannot be used with",
        ),
        (
            &["sim", "--units", "5-2", "--tcp", "127.0.0.1:0"],
            "unit ids are 1-247",
        ),
        (
            &[
                "sim",
                "--units",
                "1",
                "--tcp",
                "127.0.0.1:0",
                "--flaky",
                "1:2",
            ],
            "outside 0-1",
        ),
        (&["plan", "--baud", "0"], "0 is not in 300..=1000000"),
        (
            &[
                "sim",
                "--units",
                "1",
                "--tcp",
                "127.0.0.1:0",
                "--duration",
                "inf",
            ],
            "--duration: inf is not a number of seconds",
        ),
        (
            &[
                "sim",
                "--units",
                "1",
                "--tcp",
                "127.0.0.1:0",
                "--offline",
                "1:0-1e300",
            ],
            "--offline: 1e300 is not a number of seconds",
        ),
        (
            &["read", "--port", "/dev/null", "--watch", "1e300"],
            "--watch needs a number of seconds",
        ),
        (
            &["demo", "--turnaround-ms", "99999999999999999"],
            "is not in 0..=10000",
        ),
        (
            &[
                "sim",
                "--units",
                "1",
                "--tcp",
                "127.0.0.1:0",
                "--slow",
                "1:999999999",
            ],
            "--slow: 999999999 ms is above 60000",
        ),
    ];
    for (args, want) in cases {
        let o = ems(args);
        assert!(!o.status.success(), "{args:?} succeeded");
        let e = stderr(&o);
        assert!(e.contains(want), "{args:?}: expected '{want}' in: {e}");
        assert!(
            !e.contains("panicked") && !e.contains("RUST_BACKTRACE"),
            "{e}"
        );
    }
    // Refused connection.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let o = ems(&["read", "--tcp", &format!("127.0.0.1:{port}")]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("cannot connect to Modbus TCP"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn scan_and_probe_over_modbus_tcp_and_read_watch_stops_cleanly_on_sigint() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let addr = format!("127.0.0.1:{port}");
    let (_sim, _) = sim(&["--model", "em6400", "--units", "2,6", "--tcp", &addr]);
    let v = json(&ems(&["scan", "--tcp", &addr, "--units", "1-8", "--json"]));
    let found: Vec<(u64, &str, &str)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["unit"].as_u64().unwrap(),
                f["model"].as_str().unwrap(),
                f["float_word_order"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            (2, "em6400", "low-word-first"),
            (6, "em6400", "low-word-first")
        ]
    );
    let v = json(&ems(&["probe", "--tcp", &addr, "--unit", "6", "--json"]));
    assert_eq!(v["probed_as"], "em6400");
    // Legacy blocks must be read whole: a partial block read is refused.
    assert!(
        v["undefined_ranges"]["result"]
            .as_str()
            .unwrap()
            .contains("0x02"),
        "{v}"
    );
    assert_eq!(v["largest_read"]["largest_accepted"], 100);

    let mut watch = Command::new(EMS)
        .args([
            "read",
            "--tcp",
            &addr,
            "--unit",
            "2",
            "--model",
            "em6400",
            "--quantities",
            "frequency",
            "--json",
            "--watch",
            "0.2",
        ])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(watch.stdout.take().unwrap()).lines();
    for _ in 0..3 {
        let line = lines.next().unwrap().unwrap();
        let v: Value = serde_json::from_str(&line).unwrap();
        assert!((45.0..=65.0).contains(&value_of(&v, "frequency")));
    }
    let _ = Command::new("kill")
        .args(["-INT", &watch.id().to_string()])
        .status();
    let status = watch.wait().unwrap();
    assert!(
        status.success(),
        "ems read --watch should exit 0 on Ctrl-C: {status:?}"
    );
}

#[test]
fn a_closed_stdout_pipe_ends_the_program_quietly() {
    // The reading end is closed before the program starts, so its first write hits EPIPE.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = Command::new(EMS)
        .args(["plan", "--model", "em6400ng", "--preset", "all"])
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{:?} {err}", out.status);
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn every_command_has_help_with_examples() {
    for cmd in ["read", "scan", "probe", "plan", "sim", "demo"] {
        let o = ems(&[cmd, "--help"]);
        assert!(o.status.success());
        assert!(stdout(&o).contains("Examples:"), "{cmd}");
    }
}

#[test]
fn demo_polls_simulated_meters_and_reports_measured_vs_model() {
    let o = Command::new(EMS)
        .args([
            "demo",
            "--cycles",
            "1",
            "--meters",
            "12",
            "--plain",
            "--history",
            "0",
            "--http",
            "127.0.0.1:0",
            "--data-dir",
        ])
        .arg(tempdir("demo-cycles"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let line = out
        .lines()
        .find(|l| l.starts_with("cycle 1:"))
        .unwrap_or_else(|| panic!("{out}"));
    // Unit 5 is flaky and may miss; unit 71 (dead) is beyond 12 meters.
    assert!(line.contains("12 meters polled"), "{line}");
    let pct: f64 = line
        .rsplit('(')
        .next()
        .unwrap()
        .trim_end_matches(" %)")
        .trim()
        .parse()
        .unwrap();
    assert!(pct.abs() < 10.0, "{line}");
}

/// ems read against a pymodbus RTU server with exact values (needs socat and pymodbus; the
/// test command installs them and sets SCHNEIDER_EM_INTEROP).
#[test]
fn read_against_a_pymodbus_peer() {
    let spec = r#"[{"id": 5, "word_order": "abcd", "ranges": [[29, 140], [2999, 3250]],
        "float32": {"2999": 10.5, "3059": 2.5, "3109": 50.0}, "int64": {"3203": 987654321},
        "utf8": {"49": "EM6400NG", "69": "Schneider Electric"}}]"#;
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let Some(peer) = start_pymodbus(&repo, "ems-pymodbus", spec) else {
        return;
    };
    let b = &peer.port;
    let args = [
        "read",
        "--port",
        b.to_str().unwrap(),
        "--baud",
        "19200",
        "--parity",
        "none",
        "--unit",
        "5",
        "--quantities",
        "current_a,active_power_total,frequency,active_energy_delivered",
        "--json",
    ];
    let t0 = Instant::now();
    let v = loop {
        let o = ems(&args);
        if o.status.success() {
            break json(&o);
        }
        assert!(t0.elapsed() < Duration::from_secs(20), "{}", stderr(&o));
        std::thread::sleep(Duration::from_millis(200));
    };
    assert_eq!(value_of(&v, "current_a"), 10.5);
    assert_eq!(value_of(&v, "active_power_total"), 2500.0);
    assert_eq!(value_of(&v, "frequency"), 50.0);
    assert_eq!(value_of(&v, "active_energy_delivered"), 987_654_321.0);

    let link = [
        "--port",
        b.to_str().unwrap(),
        "--baud",
        "19200",
        "--parity",
        "none",
    ];
    let v = json(&ems(
        &[&["scan"][..], &link, &["--units", "4-6", "--json"]].concat()
    ));
    assert_eq!(v.as_array().unwrap().len(), 1, "{v}");
    assert_eq!(v[0]["unit"], 5);
    assert_eq!(v[0]["model"], "em6400ng");
    assert_eq!(v[0]["model_name"], "EM6400NG");
    assert_eq!(v[0]["frequency_hz"], 50.0);

    // pymodbus fills its ranges with zeros, so it accepts reads across the EM6400NG's undefined
    // registers and reads up to the Modbus limit: the probe must report exactly that.
    let v = json(&ems(
        &[&["probe"][..], &link, &["--unit", "5", "--json"]].concat()
    ));
    assert_eq!(v["detected_model"], "em6400ng");
    assert_eq!(v["identity"]["manufacturer"], "Schneider Electric");
    assert_eq!(v["undefined_ranges"]["result"], "accepted");
    assert_eq!(v["largest_read"]["largest_accepted"], 125);
}

/// A Modbus TCP gateway in front of an `ems sim --tcp` server, as in the field: each reply is
/// held back by the serial side's wire time of the request and the reply (as RTU frames at
/// 9600 baud 8E1, 11 bits a character), and a connection idle for `idle_close` is closed.
struct Gateway {
    addr: String,
    connections: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Drop for Gateway {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

fn gateway(upstream: &str, idle_close: Option<Duration>) -> Gateway {
    use std::io::{Read, Write};
    use std::net::{TcpListener, TcpStream};
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::Arc;

    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let connections = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let (c, s, up) = (connections.clone(), stop.clone(), upstream.to_string());
    let wire =
        |rtu_chars: usize| Duration::from_nanos(rtu_chars as u64 * 11 * 1_000_000_000 / 9600);
    std::thread::spawn(move || {
        while !s.load(Ordering::Relaxed) {
            let Ok((mut client, _)) = listener.accept() else {
                std::thread::sleep(Duration::from_millis(2));
                continue;
            };
            c.fetch_add(1, Ordering::SeqCst);
            let (s, up) = (s.clone(), up.clone());
            std::thread::spawn(move || {
                client.set_nonblocking(false).unwrap();
                client.set_nodelay(true).unwrap();
                let mut meter = TcpStream::connect(&up).unwrap();
                meter
                    .set_read_timeout(Some(Duration::from_millis(300)))
                    .unwrap();
                let mut idle_since = Instant::now();
                while !s.load(Ordering::Relaxed) {
                    client
                        .set_read_timeout(Some(Duration::from_millis(5)))
                        .unwrap();
                    let mut request = [0u8; 12];
                    match client.read(&mut request[..1]) {
                        Ok(0) => return,
                        Ok(_) => {}
                        Err(_) => {
                            if idle_close.is_some_and(|d| idle_since.elapsed() >= d) {
                                return; // the gateway drops the idle connection
                            }
                            continue;
                        }
                    }
                    client
                        .set_read_timeout(Some(Duration::from_millis(500)))
                        .unwrap();
                    if client.read_exact(&mut request[1..]).is_err() {
                        return;
                    }
                    meter.write_all(&request).unwrap();
                    let mut header = [0u8; 7];
                    if meter.read_exact(&mut header).is_err() {
                        continue; // no answer from the meter: the gateway says nothing
                    }
                    let len = usize::from(u16::from_be_bytes([header[4], header[5]]));
                    let mut pdu = vec![0u8; len - 1];
                    meter.read_exact(&mut pdu).unwrap();
                    // RTU request 8 bytes; RTU reply = unit + PDU + CRC.
                    std::thread::sleep(wire(8 + pdu.len() + 3));
                    let mut reply = header.to_vec();
                    reply.extend_from_slice(&pdu);
                    if client.write_all(&reply).is_err() {
                        return;
                    }
                    idle_since = Instant::now();
                }
            });
        }
    });
    Gateway {
        addr,
        connections,
        stop,
    }
}

fn free_local_addr() -> String {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().to_string()
}

#[test]
fn scan_through_a_gateway_adds_the_serial_wire_time_to_the_allowance() {
    // Meters answering in 45 ms, behind a 9600-baud gateway: 45 ms + ~20 ms of wire time is
    // within scan's 60 ms response allowance only if the wire time is added to it.
    let sim_addr = free_local_addr();
    let (_sim, _) = sim(&[
        "--units",
        "1-2",
        "--tcp",
        &sim_addr,
        "--turnaround-ms",
        "45",
    ]);
    let gw = gateway(&sim_addr, None);
    let v = json(&ems(&[
        "scan", "--tcp", &gw.addr, "--units", "1-3", "--json",
    ]));
    let found: Vec<(u64, &str)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["unit"].as_u64().unwrap(),
                f["model"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(found, vec![(1, "em6400ng"), (2, "em6400ng")], "{v}");
}

#[test]
fn read_watch_survives_a_gateway_that_closes_idle_connections() {
    let sim_addr = free_local_addr();
    let (_sim, _) = sim(&["--units", "1", "--tcp", &sim_addr]);
    let gw = gateway(&sim_addr, Some(Duration::from_millis(250)));
    let mut watch = Command::new(EMS)
        .args([
            "read",
            "--tcp",
            &gw.addr,
            "--unit",
            "1",
            "--quantities",
            "frequency",
            "--json",
            "--watch",
            "0.5",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(watch.stdout.take().unwrap()).lines();
    for i in 0..4 {
        let line = lines.next().map(|l| l.unwrap()).unwrap_or_default();
        let v: Value = serde_json::from_str(&line).unwrap_or_else(|_| {
            let _ = watch.kill();
            let mut err = String::new();
            let _ = std::io::Read::read_to_string(&mut watch.stderr.take().unwrap(), &mut err);
            panic!("reading {i} after an idle close: stdout {line:?}, stderr {err}")
        });
        assert!((45.0..=65.0).contains(&value_of(&v, "frequency")));
    }
    let _ = Command::new("kill")
        .args(["-INT", &watch.id().to_string()])
        .status();
    assert!(watch.wait().unwrap().success());
    assert!(
        gw.connections.load(std::sync::atomic::Ordering::SeqCst) >= 3,
        "the gateway closed the idle connections"
    );
}

#[test]
fn help_documents_one_meaning_of_timeout_on_every_link() {
    let top = stdout(&ems(&["--help"]));
    assert!(top.contains("Timeouts:"), "{top}");
    assert!(top.contains("--network-allowance-ms"), "{top}");
    for cmd in ["read", "scan", "probe"] {
        let h = stdout(&ems(&[cmd, "--help"]));
        assert!(h.contains("--network-allowance-ms"), "{cmd}: {h}");
        assert!(h.contains("Response allowance"), "{cmd}: {h}");
    }
    // The message for a silent unit says what the timeout was made of.
    let sim_addr = free_local_addr();
    let (_sim, _) = sim(&["--units", "1", "--tcp", &sim_addr]);
    let o = ems(&[
        "read",
        "--tcp",
        &sim_addr,
        "--unit",
        "9",
        "--quantities",
        "frequency",
    ]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains(
            "within the timeout (200 ms response allowance + wire time at 9600 baud + 50 ms network allowance)"
        ),
        "{err}"
    );
}
