//! Dashboard figures for BENCHMARKS.md (ignored by default; run in release):
//!
//! ```text
//! cargo test -p ems --release --test http_bench -- --ignored --nocapture --test-threads 1
//! ```
//!
//! * `websocket_fan_out`: `ems serve --fixture` (10 meters, a reading each per second) with
//!   200 WebSocket clients: CPU of the `ems` process and the delay from a reading's time to
//!   its arrival at each client (p50/p99/max).
//! * `history_of_a_year`: one meter with a year of 1-minute data; median latency of
//!   `GET /api/meters/{name}/history?resolution=auto` at the zoom of a year, a month and a day.

mod support;

use std::io::Read;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::Request;
use ems::http::{self, AppState, Auth, SiteMeter, SiteModel};
use ems::store::{EnergyDelta, MeterInfo, Reading, StoreOptions, StoreWriter};
use futures_util::StreamExt;
use http_body_util::BodyExt;
use support::cpu_ticks;
use tower::ServiceExt;

fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}

fn pct(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

#[test]
#[ignore = "benchmark: run in release with --ignored --nocapture"]
fn websocket_fan_out() {
    const CLIENTS: usize = 200;
    const SECONDS: u64 = 30;
    let dir = std::env::temp_dir().join(format!("ems-ws-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let port = 18_700 + (std::process::id() % 1000) as u16;
    let mut child = Command::new(env!("CARGO_BIN_EXE_ems"))
        .args([
            "serve",
            "--fixture",
            "--fixture-days",
            "1",
            "--fixture-every",
            "1",
        ])
        .arg("--data-dir")
        .arg(&dir)
        .args(["--http", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 20];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap(); // "ems dashboard: http"
    let pid = child.id();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let delays = rt.block_on(async move {
        let url = format!("ws://127.0.0.1:{port}/api/live");
        let mut tasks = Vec::new();
        let delays = Arc::new(std::sync::Mutex::new(Vec::<f64>::new()));
        let start = Instant::now() + Duration::from_secs(3);
        for _ in 0..CLIENTS {
            let url = url.clone();
            let delays = delays.clone();
            tasks.push(tokio::spawn(async move {
                let (mut ws, _) = tokio_tungstenite::connect_async(url).await.unwrap();
                let end = start + Duration::from_secs(SECONDS);
                while let Ok(Some(Ok(m))) = tokio::time::timeout_at(end.into(), ws.next()).await {
                    let got = now_ms();
                    if Instant::now() < start {
                        continue;
                    }
                    if let Ok(t) = m.to_text() {
                        if let Ok(v) = serde_json::from_str::<serde_json::Value>(t) {
                            if v["type"] == "reading" {
                                let d = (got - v["time_ms"].as_i64().unwrap()) as f64;
                                delays.lock().unwrap().push(d);
                            }
                        }
                    }
                }
            }));
        }
        tokio::time::sleep_until(start.into()).await;
        let c0 = cpu_ticks(pid);
        let t0 = Instant::now();
        for t in tasks {
            t.await.unwrap();
        }
        let c1 = cpu_ticks(pid);
        let secs = t0.elapsed().as_secs_f64();
        let hz = 100.0; // USER_HZ on Linux
        println!(
            "ems CPU with {CLIENTS} WebSocket clients over {secs:.1} s: {:.1} % of one core",
            (c1 - c0) as f64 / hz / secs * 100.0
        );
        Arc::try_unwrap(delays).unwrap().into_inner().unwrap()
    });
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);
    let mut d = delays;
    let n = d.len();
    let (p50, p99, max) = (pct(&mut d, 0.5), pct(&mut d, 0.99), pct(&mut d, 1.0));
    println!("reading → push delay over {n} deliveries: p50 {p50:.1} ms, p99 {p99:.1} ms, max {max:.1} ms");
    assert!(n > CLIENTS * 9 * (SECONDS as usize - 2), "{n} deliveries");
    assert!(p99 < 100.0, "p99 {p99} ms");
}

#[test]
#[ignore = "benchmark: run in release with --ignored --nocapture"]
fn history_of_a_year() {
    const METER: &str = "Main";
    let dir = std::env::temp_dir().join(format!("ems-hist-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let end = now_ms() / 60_000 * 60_000;
    let start = end - 365 * 86_400_000;
    let filled = Instant::now();
    {
        let w = StoreWriter::open(
            &dir,
            StoreOptions {
                time_zone: Some("Asia/Kolkata".into()),
                ..StoreOptions::default()
            },
        )
        .unwrap();
        w.upsert_meters(vec![MeterInfo {
            name: METER.into(),
            ..MeterInfo::default()
        }])
        .unwrap();
        let name: Arc<str> = Arc::from(METER);
        let mut counter = 0.0;
        let mut t = start;
        let mut readings = Vec::new();
        let mut deltas = Vec::new();
        while t < end {
            let p =
                100_000.0 + 30_000.0 * ((t as f64) / 86_400_000.0 * std::f64::consts::TAU).sin();
            readings.push(Reading::new(name.clone(), t, "active_power_total", p));
            let wh = p / 60.0;
            deltas.push(EnergyDelta {
                meter: name.clone(),
                quantity: "active_energy_delivered".into(),
                from_ms: t,
                to_ms: t + 60_000,
                wh,
                counter_first: counter,
                counter_last: counter + wh,
            });
            counter += wh;
            if readings.len() == 10_000 {
                w.write_readings(std::mem::take(&mut readings)).unwrap();
                w.write_energy(std::mem::take(&mut deltas)).unwrap();
            }
            t += 60_000;
        }
        w.write_readings(readings).unwrap();
        w.write_energy(deltas).unwrap();
        w.flush().unwrap();
        w.close().unwrap();
    }
    println!(
        "filled a year of 1-minute data (525,600 readings + deltas) in {:.1} s",
        filled.elapsed().as_secs_f64()
    );
    let site = SiteModel {
        name: "Bench".into(),
        timezone_name: "Asia/Kolkata".into(),
        timezone: jiff::tz::TimeZone::get("Asia/Kolkata").unwrap(),
        meters: vec![SiteMeter {
            name: METER.into(),
            unit: Some(1),
            bus: None,
            model: None,
            parent: None,
            tags: vec![],
        }],
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let (tx, _) = tokio::sync::broadcast::channel(16);
        let app = http::router(
            AppState::new(site, dir.clone(), tx).with_auth(Auth::none()),
            None,
        );
        let iso = |ms: i64| jiff::Timestamp::from_millisecond(ms).unwrap().to_string();
        for (zoom, span) in [
            ("year", 365 * 86_400_000i64),
            ("month", 30 * 86_400_000),
            ("day", 86_400_000),
        ] {
            for q in ["active_power_total", "active_energy_delivered"] {
                let uri = format!(
                    "/api/meters/{METER}/history?quantity={q}&resolution=auto&from={}&to={}",
                    iso(end - span),
                    iso(end)
                );
                let mut times = Vec::new();
                let mut info = String::new();
                for i in 0..21 {
                    let t = Instant::now();
                    let res = app
                        .clone()
                        .oneshot(Request::get(&uri).body(Body::empty()).unwrap())
                        .await
                        .unwrap();
                    assert!(res.status().is_success());
                    let body = res.into_body().collect().await.unwrap().to_bytes();
                    if i > 0 {
                        times.push(t.elapsed().as_secs_f64() * 1000.0);
                    } else {
                        let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
                        info = format!(
                            "{} points at {}, {} bytes",
                            v["points"].as_array().unwrap().len(),
                            v["resolution"],
                            body.len()
                        );
                    }
                }
                let med = pct(&mut times, 0.5);
                println!(
                    "history of {zoom:5} {q:24}: median {med:6.1} ms, p90 {:6.1} ms ({info})",
                    pct(&mut times, 0.9)
                );
            }
        }
    });
    let _ = std::fs::remove_dir_all(&dir);
}

/// The same fan-out on `ems demo` itself: 79 simulated meters polled live on the line-timed
/// bus (total kW every 3 s, the rest every 60 s), 200 WebSocket clients. The delay is measured
/// from when the collector published a reading (its read complete, validated and handed to the
/// store) to its arrival at each client; the read's own time on the bus comes before that.
#[test]
#[ignore = "benchmark: run in release with --ignored --nocapture"]
fn websocket_fan_out_on_the_demo() {
    const CLIENTS: usize = 200;
    const SECONDS: u64 = 30;
    let dir = std::env::temp_dir().join(format!("ems-ws-demo-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let (child, base) = support::demo(&["--history", "0", "--http", "127.0.0.1:0"], &dir);
    let url = format!("{}/api/live", base.replacen("http://", "ws://", 1));
    let pid = child.0.id();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (delays, per_client) = rt.block_on(async move {
        let mut tasks = Vec::new();
        let delays = Arc::new(std::sync::Mutex::new(Vec::<f64>::new()));
        let start = Instant::now() + Duration::from_secs(5);
        for _ in 0..CLIENTS {
            let url = url.clone();
            let delays = delays.clone();
            tasks.push(tokio::spawn(async move {
                let (mut ws, _) = tokio_tungstenite::connect_async(url).await.unwrap();
                let end = start + Duration::from_secs(SECONDS);
                let mut n = 0usize;
                while let Ok(Some(Ok(m))) = tokio::time::timeout_at(end.into(), ws.next()).await {
                    let got = now_ms();
                    if Instant::now() < start {
                        continue;
                    }
                    let Ok(t) = m.to_text() else { continue };
                    let Ok(v) = serde_json::from_str::<serde_json::Value>(t) else {
                        continue;
                    };
                    if v["type"] == "reading" {
                        if let Some(p) = v["published_ms"].as_i64() {
                            delays.lock().unwrap().push((got - p) as f64);
                            n += 1;
                        }
                    }
                }
                n
            }));
        }
        tokio::time::sleep_until(start.into()).await;
        let c0 = cpu_ticks(pid);
        let t0 = Instant::now();
        let mut per_client = Vec::new();
        for t in tasks {
            per_client.push(t.await.unwrap());
        }
        let c1 = cpu_ticks(pid);
        let secs = t0.elapsed().as_secs_f64();
        println!(
            "ems demo CPU with {CLIENTS} WebSocket clients over {secs:.1} s: {:.1} % of one core (the bus emulator and the simulated meters included)",
            (c1 - c0) as f64 / 100.0 / secs * 100.0
        );
        (
            Arc::try_unwrap(delays).unwrap().into_inner().unwrap(),
            per_client,
        )
    });
    drop(child);
    let _ = std::fs::remove_dir_all(&dir);
    let mut d = delays;
    let n = d.len();
    let (p50, p99, max) = (pct(&mut d, 0.5), pct(&mut d, 0.99), pct(&mut d, 1.0));
    println!(
        "publish → push delay over {n} deliveries ({} to {} per client): p50 {p50:.1} ms, p99 {p99:.1} ms, max {max:.1} ms",
        per_client.iter().min().unwrap(),
        per_client.iter().max().unwrap()
    );
    // 79 meters' total kW every 3 s: about 26 readings a second to every client.
    assert!(n > CLIENTS * 20 * (SECONDS as usize - 5), "{n} deliveries");
    assert!(p99 < 100.0, "p99 {p99} ms");
}
