//! Third-party Modbus peers for interop tests: a pymodbus RTU server behind a socat pty pair,
//! and helpers to find installed tools. Shared by `tests/interop.rs` and the `ems` CLI tests
//! (`examples/ems/tests/cli.rs`), which include this file by path.
//!
//! `tests/run-all.sh` installs the peers and sets `SCHNEIDER_EM_INTEROP=1`; then a missing
//! peer fails the test. Without that variable, tests that need one skip with a message.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A child process killed (and reaped) when dropped.
pub struct Kill(pub Child);

impl Drop for Kill {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Whether the test command asked for the peers to be present.
pub fn required() -> bool {
    std::env::var_os("SCHNEIDER_EM_INTEROP").is_some()
}

/// Whether `tool` is installed; panics when it is missing but required, else says it skips.
pub fn available(tool: &str) -> bool {
    let found = Command::new("sh")
        .args(["-c", &format!("command -v {tool}")])
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        assert!(
            !required(),
            "{tool} is required (SCHNEIDER_EM_INTEROP is set) but not installed"
        );
        eprintln!("skipped: {tool} not installed (run tests/run-all.sh to install the peers)");
    }
    found
}

/// A fresh scratch directory for this test process.
pub fn tempdir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("schneider-em-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn wait_for(path: &Path, limit: Duration) {
    let t0 = Instant::now();
    while !path.exists() {
        assert!(t0.elapsed() < limit, "{} did not appear", path.display());
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The python with pymodbus: `SCHNEIDER_EM_PYTHON`, else the repository's `.venv`.
fn python(repo: &Path) -> Option<PathBuf> {
    let p = std::env::var_os("SCHNEIDER_EM_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo.join(".venv/bin/python"));
    let ok = Command::new(&p)
        .args(["-c", "import pymodbus"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        assert!(
            !required(),
            "python with pymodbus is required but {} has none",
            p.display()
        );
        eprintln!("skipped: no python with pymodbus at {}", p.display());
    }
    ok.then_some(p)
}

/// A running pymodbus RTU server (`tests/interop/pymodbus_meter.py`) on one end of a socat
/// pty pair; a master opens `port`, the other end. Use 8N1 at 19200 baud.
pub struct PymodbusPeer {
    _socat: Kill,
    _server: Kill,
    /// The master's end of the pty pair.
    pub port: PathBuf,
}

/// Starts the peer serving `spec` (see the script's docstring), or `None` when the peers are
/// missing and not required. `repo` is the repository root.
pub fn start_pymodbus(repo: &Path, tag: &str, spec: &str) -> Option<PymodbusPeer> {
    if !available("socat") {
        return None;
    }
    let py = python(repo)?;
    let dir = tempdir(tag);
    let (a, b) = (dir.join("ttyA"), dir.join("ttyB"));
    let socat = Kill(
        Command::new("socat")
            .arg(format!("pty,raw,echo=0,link={}", a.display()))
            .arg(format!("pty,raw,echo=0,link={}", b.display()))
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    wait_for(&a, Duration::from_secs(5));
    wait_for(&b, Duration::from_secs(5));
    let server = Kill(
        Command::new(&py)
            .arg(repo.join("tests/interop/pymodbus_meter.py"))
            .arg(&a)
            .arg(spec)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    Some(PymodbusPeer {
        _socat: socat,
        _server: server,
        port: b,
    })
}

/// Starts the peer as a Modbus TCP server on 127.0.0.1:`port` serving `spec`, or `None` when
/// the peers are missing and not required. Waits until it accepts connections.
pub fn start_pymodbus_tcp(repo: &Path, port: u16, spec: &str) -> Option<Kill> {
    let py = python(repo)?;
    let server = Kill(
        Command::new(&py)
            .arg(repo.join("tests/interop/pymodbus_meter.py"))
            .arg(format!("tcp:127.0.0.1:{port}"))
            .arg(spec)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let t0 = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            t0.elapsed() < Duration::from_secs(20),
            "the pymodbus TCP server did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    Some(server)
}
