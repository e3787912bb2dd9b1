//! Helpers the `ems` integration tests share: running the real binary with a time limit and
//! starting `ems sim` (plus the repository's pty/pymodbus peers).

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

#[path = "../../../../tests/common/peers.rs"]
pub mod peers;

use peers::Kill;

/// The binary under test.
pub const EMS: &str = env!("CARGO_BIN_EXE_ems");

/// Starts `ems sim ARGS` for at most `secs` seconds and waits for its "ems sim:" banner.
pub fn sim_for(args: &[&str], secs: u32) -> (Kill, String) {
    let secs = secs.to_string();
    let mut child = Command::new(EMS)
        .arg("sim")
        .args(args)
        .args(["--duration", &secs])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut banner = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut banner)
        .unwrap();
    assert!(banner.starts_with("ems sim:"), "banner: {banner}");
    (Kill(child), banner)
}

/// Runs `ems ARGS` to completion; a run over `limit` is killed and fails the test.
pub fn ems_within(args: &[&str], limit: Duration) -> Output {
    let mut child = Command::new(EMS)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (mut out, mut err) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let readers = (
        std::thread::spawn(move || {
            let mut v = Vec::new();
            std::io::Read::read_to_end(&mut out, &mut v).ok();
            v
        }),
        std::thread::spawn(move || {
            let mut v = Vec::new();
            std::io::Read::read_to_end(&mut err, &mut v).ok();
            v
        }),
    );
    let t0 = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if t0.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("ems {args:?} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Output {
        status,
        stdout: readers.0.join().unwrap(),
        stderr: readers.1.join().unwrap(),
    }
}

/// A fresh, empty directory `ems-<test crate>-<tag>-<pid>` under the system's temp dir.
pub fn tempdir(tag: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!(
        "ems-{}-{tag}-{}",
        env!("CARGO_CRATE_NAME"),
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// A loopback port nobody listens on right now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// UTC milliseconds now.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

/// Waits (at most 10 s) until something accepts connections on loopback `port`.
pub fn wait_port(port: u16, what: &str) {
    let t0 = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            t0.elapsed() < Duration::from_secs(10),
            "{what} did not start"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// `ems sim --units UNITS --tcp` on a free loopback port, accepting connections; killed on
/// drop. Returns the port.
pub fn sim_tcp(units: &str) -> (Kill, u16) {
    let port = free_port();
    (sim_tcp_on(units, port), port)
}

/// `ems sim --units UNITS --tcp` on loopback `port`, accepting connections; killed on drop.
pub fn sim_tcp_on(units: &str, port: u16) -> Kill {
    sim_tcp_with(units, port, &[])
}

/// [`sim_tcp_on`] with more `ems sim` arguments (faults, turnaround).
pub fn sim_tcp_with(units: &str, port: u16, args: &[&str]) -> Kill {
    let child = Command::new(EMS)
        .args(["sim", "--units", units, "--tcp"])
        .arg(format!("127.0.0.1:{port}"))
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let sim = Kill(child);
    wait_port(port, "ems sim");
    sim
}

/// `utime + stime` of process `pid` in clock ticks (100 a second on Linux), from /proc.
pub fn cpu_ticks(pid: u32) -> u64 {
    let s = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // The fields after the command name, which is in parentheses and may hold spaces.
    let rest = &s[s.rfind(')').unwrap() + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    f[11].parse::<u64>().unwrap() + f[12].parse::<u64>().unwrap()
}

/// Starts `ems demo ARGS --plain --data-dir DIR` (pass `--http 127.0.0.1:0`), waits for the
/// dashboard's URL it prints and keeps reading its output so it never blocks on a full pipe.
/// Returns the process (killed on drop) and the URL without its trailing `/`.
pub fn demo(args: &[&str], dir: &std::path::Path) -> (Kill, String) {
    let mut child = Command::new(EMS)
        .arg("demo")
        .args(args)
        .args(["--plain", "--data-dir"])
        .arg(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let child = Kill(child);
    let url = loop {
        let line = lines
            .next()
            .expect("ems demo ended before printing its URL")
            .unwrap();
        if let Some(u) = line.strip_prefix("dashboard: ") {
            break u.trim_end_matches('/').to_string();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    (child, url)
}

/// `GET path` on 127.0.0.1:`port` (HTTP/1.1, connection closed): the whole response, headers
/// included.
pub fn http_get(port: u16, path: &str) -> String {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut body = String::new();
    s.read_to_string(&mut body).unwrap();
    body
}

/// The value of the one `/metrics` line starting with `prefix` (name and labels).
pub fn metric(metrics: &str, prefix: &str) -> f64 {
    metrics
        .lines()
        .find(|l| l.starts_with(prefix))
        .and_then(|l| l.rsplit(' ').next()?.parse().ok())
        .unwrap_or_else(|| panic!("no {prefix} in\n{metrics}"))
}
