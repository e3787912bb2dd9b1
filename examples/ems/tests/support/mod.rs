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
