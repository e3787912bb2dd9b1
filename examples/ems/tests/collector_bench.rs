//! Benchmarks of the whole collector (`ems run`) over Modbus TCP on loopback against `ems sim`
//! gateways: CPU time per meter read, meter reads per second sustained, resident memory, and
//! the time from start to the first stored reading. Ignored by default; run in release:
//!
//! ```text
//! cargo test --release -p ems --test collector_bench -- --ignored --nocapture --test-threads 1
//! ```
//!
//! `EMS_BENCH_BUSES`, `EMS_BENCH_METERS` (per bus) and `EMS_BENCH_SECS` change the set-up. When
//! `taskset` is there, the simulators run on CPU 1 and `ems run` on CPU 0, so the simulators'
//! work is not counted and does not compete (the figure is `ems run`'s own CPU time from
//! /proc, divided by the reads it completed in the same window, from its /metrics).

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

mod support;

use support::peers::Kill;
use support::{cpu_ticks, free_port, EMS};

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// `program` on CPU `cpu` when `taskset` is there, else unpinned.
fn pinned_program(cpu: &str, program: &std::ffi::OsStr) -> Command {
    let has_taskset = Command::new("taskset")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if has_taskset {
        let mut c = Command::new("taskset");
        c.args(["-c", cpu]).arg(program);
        c
    } else {
        Command::new(program)
    }
}

/// `ems` (or `bin`) on CPU `cpu` (see [`pinned_program`]).
fn pinned(cpu: &str, bin: Option<&Path>) -> Command {
    pinned_program(cpu, bin.map_or(EMS.as_ref(), Path::as_os_str))
}

fn status_kb(pid: u32, key: &str) -> u64 {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    s.lines()
        .find(|l| l.starts_with(key))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// Context switches (voluntary + involuntary, summed over the threads) of process `pid` so far.
fn context_switches(pid: u32) -> u64 {
    let mut switches = 0;
    if let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) {
        for t in tasks.flatten() {
            let st = std::fs::read_to_string(t.path().join("status")).unwrap_or_default();
            switches += st
                .lines()
                .filter(|l| {
                    l.starts_with("voluntary_ctxt_switches:")
                        || l.starts_with("nonvoluntary_ctxt_switches:")
                })
                .filter_map(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
                .sum::<u64>();
        }
    }
    switches
}

/// The sum of `ems_meter_reads_total` on `/metrics`.
fn reads_total(port: u16) -> u64 {
    support::http_get(port, "/metrics")
        .lines()
        .filter(|l| l.starts_with("ems_meter_reads_total{"))
        .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
        .sum::<f64>() as u64
}

fn config(dir: &Path, ports: &[u16], meters: u64, interval: &str, in_flight: u64) -> PathBuf {
    let mut t = format!(
        "site = \"Bench works\"\ntimezone = \"Asia/Kolkata\"\n\n\
         [poll.fast]\npreset = \"dashboard\"\ninterval = \"{interval}\"\n\n\
         [poll.energy]\ninterval = \"off\"\n\n[poll.slow]\ninterval = \"off\"\n\n\
         [storage]\ndata_dir = \"data\"\n\n"
    );
    for (b, port) in ports.iter().enumerate() {
        t.push_str(&format!(
            "[[bus]]\nname = \"gw{b}\"\ntcp = \"127.0.0.1:{port}\"\nbaud = 115200\nturnaround_ms = 20\nin_flight = {in_flight}\n\n"
        ));
        for u in 1..=meters {
            t.push_str(&format!(
                "[[meter]]\nname = \"B{b}-M{u}\"\nbus = \"gw{b}\"\nunit = {u}\nmodel = \"em6400ng\"\n\n"
            ));
        }
    }
    let path = dir.join("ems.toml");
    std::fs::write(&path, t).unwrap();
    path
}

struct Setup {
    _sims: Vec<Kill>,
    ems: Kill,
    http: u16,
    dir: PathBuf,
    first_ms: std::sync::mpsc::Receiver<u64>,
}

/// `buses` simulators (`ems sim --tcp`, units 1..=`meters`, no turnaround) on CPU 1, with the
/// ports they listen on.
fn start_sims(buses: u64, meters: u64) -> (Vec<Kill>, Vec<u16>) {
    let mut sims = Vec::new();
    let mut ports = Vec::new();
    for _ in 0..buses {
        let port = free_port();
        let child = pinned("1", None)
            .args([
                "sim",
                "--turnaround-ms",
                "0",
                "--units",
                &format!("1-{meters}"),
                "--tcp",
            ])
            .arg(format!("127.0.0.1:{port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        sims.push(Kill(child));
        let t0 = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(t0.elapsed() < Duration::from_secs(10), "sim did not start");
            std::thread::sleep(Duration::from_millis(20));
        }
        ports.push(port);
    }
    (sims, ports)
}

fn start(tag: &str, buses: u64, meters: u64, interval: &str, in_flight: u64) -> Setup {
    start_bin(tag, None, buses, meters, interval, in_flight)
}

/// As [`start`], with another `ems` binary than this build's when `bin` is given.
fn start_bin(
    tag: &str,
    bin: Option<&Path>,
    buses: u64,
    meters: u64,
    interval: &str,
    in_flight: u64,
) -> Setup {
    let dir =
        std::env::temp_dir().join(format!("ems-collector-bench-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let (sims, ports) = start_sims(buses, meters);
    let cfg = config(&dir, &ports, meters, interval, in_flight);
    let http = free_port();
    let mut child = pinned("0", bin)
        .args(["run", "--log-level", "info", "--http"])
        .arg(format!("127.0.0.1:{http}"))
        .arg("--config")
        .arg(&cfg)
        .current_dir(&dir)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, first_ms) = std::sync::mpsc::channel();
    let err = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(err).lines().map_while(Result::ok) {
            if let Some(v) = line.split("after_ms=").nth(1) {
                if let Ok(ms) = v.trim().parse::<u64>() {
                    let _ = tx.send(ms);
                }
            }
        }
    });
    let ems = Kill(child);
    let t0 = Instant::now();
    while TcpStream::connect(("127.0.0.1", http)).is_err() {
        assert!(
            t0.elapsed() < Duration::from_secs(30),
            "ems run did not serve"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    Setup {
        _sims: sims,
        ems,
        http,
        dir,
        first_ms,
    }
}

/// Reads back to back (the dashboard set, 5 requests per EM6400NG read) on every bus:
/// `ems run`'s CPU per read and the reads per second it sustains, one request at a time
/// (`in_flight = 1`) and pipelined (`in_flight` = one per meter, or `EMS_BENCH_IN_FLIGHT`),
/// measured one after the other in the same run. With `EMS_BENCH_BASELINE=PATH` (another
/// build of `ems`, e.g. the previous commit's), the pipelined case instead runs that binary and
/// this build by turns, `EMS_BENCH_PAIRS` times each (default 2), for a side-by-side ratio.
#[test]
#[ignore = "benchmark: run in release with --ignored --nocapture"]
fn collector_cpu_per_read_over_modbus_tcp() {
    let buses = env_or("EMS_BENCH_BUSES", 4);
    let meters = env_or("EMS_BENCH_METERS", 25);
    let secs = env_or("EMS_BENCH_SECS", 20);
    let pipelined = env_or("EMS_BENCH_IN_FLIGHT", meters);
    let baseline = std::env::var_os("EMS_BENCH_BASELINE").map(PathBuf::from);
    let runs: Vec<(u64, Option<&Path>, &str)> = match &baseline {
        None => vec![(1, None, "this build"), (pipelined, None, "this build")],
        Some(b) => (0..env_or("EMS_BENCH_PAIRS", 2))
            .flat_map(|_| {
                [
                    (pipelined, Some(b.as_path()), "baseline"),
                    (pipelined, None, "this build"),
                ]
            })
            .collect(),
    };
    for (in_flight, bin, label) in runs {
        let s = start_bin(
            &format!("cpu{in_flight}"),
            bin,
            buses,
            meters,
            "0s",
            in_flight,
        );
        let pid = s.ems.0.id();
        std::thread::sleep(Duration::from_secs(5));
        let mut rows = Vec::new();
        for _ in 0..3 {
            let (c0, r0, t0) = (cpu_ticks(pid), reads_total(s.http), Instant::now());
            let x0 = context_switches(pid);
            std::thread::sleep(Duration::from_secs(secs / 3));
            let (c1, r1) = (cpu_ticks(pid), reads_total(s.http));
            let x1 = context_switches(pid);
            let dt = t0.elapsed().as_secs_f64();
            let reads = (r1 - r0) as f64;
            let cpu_s = (c1 - c0) as f64 / 100.0;
            rows.push((
                cpu_s * 1e6 / reads,
                reads / dt,
                cpu_s / dt * 100.0,
                (x1 - x0) as f64 / reads,
            ));
        }
        rows.sort_by(|a, b| a.0.total_cmp(&b.0));
        let (us, rate, load, switches) = rows[1];
        println!(
            "{label}: ems run, {buses} Modbus TCP gateways × {meters} EM6400NG meters, in_flight = {in_flight}, \
             dashboard set back to back, storage on: median of 3 windows: {us:.1} µs CPU per meter read, \
             {rate:.0} meter reads/s, ems run at {load:.0} % of one core, {switches:.2} context \
             switches per read (windows: {rows:?})"
        );
        println!(
            "RSS {} kB (peak {} kB)",
            status_kb(pid, "VmRSS:"),
            status_kb(pid, "VmHWM:")
        );
        assert!(rate > 0.0);
        drop(s.ems);
        let _ = std::fs::remove_dir_all(&s.dir);
    }
    let (us, rate) = bare_client_floor(buses, meters);
    println!(
        "bare client (socket work only; all four requests of every meter in one write), same \
         gateways: median of 3 windows: {us:.1} µs CPU per meter read, {rate:.0} meter reads/s"
    );
}

/// The four requests of the EM6400NG dashboard read on the benchmark's buses (`ems plan
/// --model em6400ng --preset dashboard --baud 115200 --turnaround-ms 20`, what `ems run` sends):
/// function 3, wire address, register count.
const DASHBOARD_REQUESTS: [(u16, u16); 4] = [(2999, 34), (3059, 26), (3109, 2), (3203, 4)];

/// The floor under any Modbus TCP collector on this machine: a client that does nothing but
/// the socket work. Per gateway one blocking thread writes every meter's dashboard requests in
/// one `write`, waits 1 ms, reads until all the replies are in (checking each is a function 3
/// reply of the right length), and starts over. No decoding, no validation, no storage: the
/// kernel's loopback TCP path and the system calls are all that is left. Runs in a child
/// process pinned to CPU 0 (see `bare_client_floor`), printing one line per window.
#[test]
#[ignore = "the child process of collector_cpu_per_read_over_modbus_tcp"]
fn bare_client_worker() {
    let Ok(ports) = std::env::var("EMS_FLOOR_PORTS") else {
        return;
    };
    let meters = env_or("EMS_BENCH_METERS", 25) as u8;
    let secs = env_or("EMS_BENCH_SECS", 20);
    let replies = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut threads = Vec::new();
    for port in ports.split(',').map(|p| p.parse::<u16>().unwrap()) {
        let (replies, stop) = (replies.clone(), stop.clone());
        threads.push(std::thread::spawn(move || {
            use std::io::{Read, Write};
            use std::sync::atomic::Ordering::Relaxed;
            let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
            s.set_nodelay(true).unwrap();
            let mut out = Vec::new();
            let mut tid = 0u16;
            let mut buf = vec![0u8; 1 << 16];
            while !stop.load(Relaxed) {
                out.clear();
                for unit in 1..=meters {
                    for &(addr, n) in &DASHBOARD_REQUESTS {
                        tid = tid.wrapping_add(1);
                        out.extend_from_slice(&tid.to_be_bytes());
                        out.extend_from_slice(&[0, 0, 0, 6, unit, 3]);
                        out.extend_from_slice(&addr.to_be_bytes());
                        out.extend_from_slice(&n.to_be_bytes());
                    }
                }
                s.write_all(&out).unwrap();
                // Let the replies pile up, so that a few reads take them all: the fewest
                // wake-ups and system calls per reply.
                std::thread::sleep(Duration::from_millis(1));
                let expected = usize::from(meters) * DASHBOARD_REQUESTS.len();
                let (mut got, mut have) = (0, 0);
                while got < expected {
                    let k = s.read(&mut buf[have..]).unwrap();
                    assert!(k > 0, "the simulator closed the connection");
                    have += k;
                    let mut at = 0;
                    while have - at >= 9 {
                        let len = usize::from(u16::from_be_bytes([buf[at + 4], buf[at + 5]]));
                        if have - at < 6 + len {
                            break;
                        }
                        assert_eq!(buf[at + 7], 3, "not a function 3 reply");
                        assert_eq!(len, 3 + usize::from(buf[at + 8]), "reply length");
                        at += 6 + len;
                        got += 1;
                    }
                    buf.copy_within(at..have, 0);
                    have -= at;
                }
                replies.fetch_add(expected as u64, Relaxed);
            }
        }));
    }
    let me = std::process::id();
    std::thread::sleep(Duration::from_secs(3));
    for _ in 0..3 {
        let (c0, r0, t0) = (
            cpu_ticks(me),
            replies.load(std::sync::atomic::Ordering::Relaxed),
            Instant::now(),
        );
        std::thread::sleep(Duration::from_secs(secs / 3));
        let (c1, r1) = (
            cpu_ticks(me),
            replies.load(std::sync::atomic::Ordering::Relaxed),
        );
        println!(
            "FLOOR ticks={} reads={} secs={}",
            c1 - c0,
            (r1 - r0) / DASHBOARD_REQUESTS.len() as u64,
            t0.elapsed().as_secs_f64()
        );
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for t in threads {
        t.join().unwrap();
    }
}

/// Runs [`bare_client_worker`] on CPU 0 against fresh simulators on CPU 1: the median window's
/// CPU per meter read and reads per second.
fn bare_client_floor(buses: u64, meters: u64) -> (f64, f64) {
    let (sims, ports) = start_sims(buses, meters);
    let ports: Vec<String> = ports.iter().map(u16::to_string).collect();
    let exe = std::env::current_exe().unwrap();
    let out = pinned_program("0", exe.as_os_str())
        .args(["--exact", "bare_client_worker", "--ignored", "--nocapture"])
        .env("EMS_FLOOR_PORTS", ports.join(","))
        .output()
        .unwrap();
    drop(sims);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "the bare client failed: {text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut rows: Vec<(f64, f64)> = text
        .lines()
        .filter_map(|l| Some(l.split_once("FLOOR ")?.1))
        .map(|l| {
            let f: Vec<f64> = l
                .split(' ')
                .map(|kv| kv.split('=').nth(1).unwrap().parse().unwrap())
                .collect();
            (f[0] / 100.0 * 1e6 / f[1], f[1] / f[2])
        })
        .collect();
    assert_eq!(rows.len(), 3, "{text}");
    rows.sort_by(|a, b| a.0.total_cmp(&b.0));
    rows[1]
}

/// 1 000 meters (5 gateways × 200), the dashboard set every 10 s: resident memory and the time
/// from start to the first stored reading.
#[test]
#[ignore = "benchmark: run in release with --ignored --nocapture"]
fn collector_with_1000_meters_memory_and_first_reading() {
    let s = start("1000", 5, 200, "10s", 1);
    let pid = s.ems.0.id();
    let first = s
        .first_ms
        .recv_timeout(Duration::from_secs(60))
        .expect("no first reading within 60 s");
    std::thread::sleep(Duration::from_secs(30));
    let reads = reads_total(s.http);
    println!(
        "ems run with 1000 meters (5 Modbus TCP gateways × 200, dashboard every 10 s): first reading stored {first} ms after start; \
         after 30 s: RSS {} kB, peak {} kB, {reads} meter reads",
        status_kb(pid, "VmRSS:"),
        status_kb(pid, "VmHWM:")
    );
    assert!(reads >= 1000, "only {reads} reads in 30 s");
    drop(s.ems);
    let _ = std::fs::remove_dir_all(&s.dir);
}
