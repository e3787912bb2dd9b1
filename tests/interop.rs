//! Interop with Modbus peers nobody here wrote: our master against a pymodbus 3.x RTU server
//! (over a socat pty pair), and mbpoll against our simulator over a pty and over Modbus TCP.
//!
//! The peers are installed by `tests/run-all.sh`, which sets `SCHNEIDER_EM_INTEROP=1`; then a
//! missing peer is a failure. Without that variable the tests skip with a message.
#![cfg(feature = "sim")]

use std::net::TcpListener;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use schneider_em::sim::server::{serve_pty, serve_pty_line_timed, serve_tcp};
use schneider_em::sim::{SimDevices, SimHandle};
use schneider_em::transport::serial::{SerialPortLink, SerialSettings};
use schneider_em::transport::RtuTiming;
use schneider_em::*;

#[path = "common/peers.rs"]
mod peers;

use peers::{available, start_pymodbus};

#[test]
fn our_master_reads_typed_values_from_a_pymodbus_server() {
    // EM6400NG at unit 1 (ABCD floats in kW etc., INT64 Wh); legacy EM6400 at unit 2 (CDAB
    // floats in base units). Wire addresses = register − 1.
    let spec = r#"[
      {"id": 1, "word_order": "abcd", "ranges": [[2999, 3250]],
       "float32": {"2999": 12.5, "3001": 11.25, "3003": 10.75, "3027": 230.5, "3029": 231.25,
                   "3031": 229.75, "3059": 7.25, "3067": -1.5, "3075": 7.5, "3083": 1.125,
                   "3109": 49.96875},
       "int64": {"3203": 123456789012}},
      {"id": 2, "word_order": "cdab", "ranges": [[3900, 3999]],
       "float32": {"3900": 5000.5, "3902": 4500.25, "3904": 1200.0, "3906": 0.875,
                   "3926": 239.5, "3928": 20.5, "3940": 240.5, "3942": 21.5, "3954": 241.5,
                   "3956": 22.5, "3914": 50.03125, "3960": 16777216.0}}
    ]"#;
    let Some(peer) = start_pymodbus(Path::new(env!("CARGO_MANIFEST_DIR")), "pymodbus", spec) else {
        return;
    };
    let settings = SerialSettings {
        baud: 19200,
        parity: Parity::None,
        stop_bits: 1,
    };
    let mut rtu = Rtu::new(SerialPortLink::open(peer.port.to_str().unwrap(), settings).unwrap());
    // Wait until the server answers (python start-up).
    let t0 = Instant::now();
    let s = loop {
        match Meter::new(&mut rtu, UnitId::new(1).unwrap(), Model::Em6400Ng)
            .read_preset(Preset::Dashboard)
            .map_err(Error::from)
        {
            Ok(s) => break s,
            Err(e) => {
                assert!(
                    t0.elapsed() < Duration::from_secs(20),
                    "pymodbus server did not answer: {e:?}"
                );
                std::thread::sleep(Duration::from_millis(200));
            }
        }
    };
    assert_eq!(s.get(Quantity::CurrentA), Some(12.5));
    assert_eq!(s.get(Quantity::CurrentB), Some(11.25));
    assert_eq!(s.get(Quantity::CurrentC), Some(10.75));
    assert_eq!(s.get(Quantity::VoltageAN), Some(230.5));
    assert_eq!(s.get(Quantity::VoltageBN), Some(231.25));
    assert_eq!(s.get(Quantity::VoltageCN), Some(229.75));
    assert_eq!(s.get(Quantity::ActivePowerTotal), Some(7250.0));
    assert_eq!(s.get(Quantity::ReactivePowerTotal), Some(-1500.0));
    assert_eq!(s.get(Quantity::ApparentPowerTotal), Some(7500.0));
    let pf = s.power_factor(Quantity::PowerFactorTotal).unwrap();
    assert_eq!(
        (pf.value, pf.character, pf.quadrant),
        (0.875, PfCharacter::Leading, Some(Quadrant::Q4))
    );
    assert_eq!(s.get(Quantity::Frequency), Some(49.96875));
    assert_eq!(
        s.get(Quantity::ActiveEnergyDelivered),
        Some(123_456_789_012.0)
    );

    let s = Meter::new(&mut rtu, UnitId::new(2).unwrap(), Model::Em6400)
        .read_preset(Preset::Dashboard)
        .map_err(Error::from)
        .unwrap();
    assert_eq!(s.get(Quantity::ApparentPowerTotal), Some(5000.5));
    assert_eq!(s.get(Quantity::ActivePowerTotal), Some(4500.25));
    assert_eq!(s.get(Quantity::ReactivePowerTotal), Some(1200.0));
    assert_eq!(s.get(Quantity::PowerFactorTotal), Some(0.875));
    assert_eq!(s.get(Quantity::VoltageAN), Some(239.5));
    assert_eq!(s.get(Quantity::CurrentC), Some(22.5));
    assert_eq!(s.get(Quantity::Frequency), Some(50.03125));
    assert_eq!(s.get(Quantity::ActiveEnergyDelivered), Some(16_777_216.0));
    // Outside its image, pymodbus answers an exception; we report it as such.
    let err = Meter::new(&mut rtu, UnitId::new(1).unwrap(), Model::Em6400Ng)
        .read_quantities(&[Quantity::ThdCurrentA])
        .map_err(Error::from)
        .unwrap_err();
    assert!(err.exception().is_some(), "{err:?}");
}

/// Parses mbpoll's `[3000]: 12.34` lines.
fn mbpoll_values(out: &str) -> Vec<(u16, f64)> {
    out.lines()
        .filter_map(|l| {
            let l = l.trim();
            let (reg, val) = l.strip_prefix('[')?.split_once("]:")?;
            Some((reg.trim().parse().ok()?, val.trim().parse().ok()?))
        })
        .collect()
}

fn truth(handle: &SimHandle, unit: u8, q: Quantity) -> f64 {
    handle
        .served()
        .iter()
        .rev()
        .filter(|s| s.unit == unit)
        .find_map(|s| {
            s.values
                .iter()
                .find(|(tq, _)| *tq == q)
                .and_then(|(_, v)| *v)
        })
        .unwrap_or_else(|| panic!("{q} not served"))
}

fn check_mbpoll(out: &std::process::Output, handle: &SimHandle, unit: u8) {
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "mbpoll failed: {stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let values = mbpoll_values(&stdout);
    // mbpoll -r takes 1-based numbers: -r 3000 reads wire 2999, i.e. Schneider register 3000.
    let regs: Vec<u16> = values.iter().map(|v| v.0).collect();
    assert_eq!(regs, vec![3000, 3002, 3004], "{stdout}");
    for ((_, v), q) in
        values
            .iter()
            .zip([Quantity::CurrentA, Quantity::CurrentB, Quantity::CurrentC])
    {
        let t = truth(handle, unit, q);
        // mbpoll prints about 6 significant digits.
        assert!(
            (v - t).abs() <= 1e-5 * t.abs().max(1.0),
            "{q}: mbpoll {v}, simulator {t}"
        );
    }
}

#[test]
fn mbpoll_reads_our_simulator_over_a_pty_and_over_tcp() {
    if !available("mbpoll") {
        return;
    }
    let handle = SimHandle::new(SimDevices::with_meters(Model::Em6400Ng, 1..=3, 21));
    let timing = RtuTiming::new(19200, Parity::None, 1);
    let server = serve_pty(handle.clone(), None, timing).unwrap();
    let path = server.path().unwrap().to_str().unwrap().to_string();
    let out = Command::new("mbpoll")
        .args([
            "-m", "rtu", "-a", "2", "-b", "19200", "-P", "none", "-t", "4:float", "-B", "-r",
            "3000", "-c", "3", "-1", "-o", "2",
        ])
        .arg(&path)
        .output()
        .unwrap();
    check_mbpoll(&out, &handle, 2);

    // An id nobody has times out in mbpoll, as on a real bus.
    let out = Command::new("mbpoll")
        .args([
            "-m", "rtu", "-a", "99", "-b", "19200", "-P", "none", "-t", "4:float", "-B", "-r",
            "3000", "-c", "1", "-1", "-o", "0.5",
        ])
        .arg(&path)
        .output()
        .unwrap();
    assert!(!out.status.success() || String::from_utf8_lossy(&out.stdout).contains("timed out"));

    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let _tcp = serve_tcp(listener, handle.clone());
    let out = Command::new("mbpoll")
        .args([
            "-m",
            "tcp",
            "-p",
            &port.to_string(),
            "-a",
            "3",
            "-t",
            "4:float",
            "-B",
            "-r",
            "3000",
            "-c",
            "3",
            "-1",
            "-o",
            "2",
        ])
        .arg("127.0.0.1")
        .output()
        .unwrap();
    check_mbpoll(&out, &handle, 3);
}

#[test]
fn mbpoll_reads_our_simulator_through_the_line_timed_bus() {
    if !available("mbpoll") {
        return;
    }
    let handle = SimHandle::new(SimDevices::with_meters(Model::Em6400Ng, [1], 5));
    let timing = RtuTiming::new(19200, Parity::None, 1);
    let server = serve_pty_line_timed(handle.clone(), None, timing).unwrap();
    let path = server.path().unwrap().to_str().unwrap().to_string();
    let out = Command::new("mbpoll")
        .args([
            "-m", "rtu", "-a", "1", "-b", "19200", "-P", "none", "-t", "4:float", "-B", "-r",
            "3000", "-c", "3", "-1", "-o", "2",
        ])
        .arg(&path)
        .output()
        .unwrap();
    check_mbpoll(&out, &handle, 1);
    // The request (8 bytes) and the reply (17 bytes) crossed the paced line.
    assert!(server.bus().unwrap().stats().bytes >= 25);
}
