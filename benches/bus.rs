//! Measured bus cycle on the line-timed RS-485 emulator: 79 simulated EM6400NG meters at
//! 19200 baud 8E1 with a 10 ms turnaround, polled with the planned dashboard reads and with
//! the naive one-request-per-value reads, against the planner's model; and the cost of one
//! dead meter per cycle.
//!
//! Run: `cargo bench --bench bus --features sim` (about 3.5 minutes).

use std::time::{Duration, Instant};

use schneider_em::sim::line::{BusLink, LineBus};
use schneider_em::sim::server::{serve_line, serve_pty_line_timed};
use schneider_em::sim::{Faults, SimDevices, SimHandle, SimMeter};
use schneider_em::transport::serial::{SerialPortLink, SerialSettings};
use schneider_em::transport::RtuTiming;
use schneider_em::{LinkParams, Meter, Model, Parity, Plan, Preset, QuantitySet, Rtu, UnitId};
use schneider_em::{SerialLink, Transport};

const METERS: u8 = 79;
const BAUD: u32 = 19_200;
const CYCLES: usize = 3;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

fn cycle<L: SerialLink>(rtu: &mut Rtu<L>, plans: &[Plan], dead: Option<u8>) -> (f64, usize)
where
    Rtu<L>: Transport,
{
    let t0 = Instant::now();
    let mut failures = 0;
    for u in 1..=METERS {
        let mut meter = Meter::new(&mut *rtu, UnitId::new(u).unwrap(), Model::Em6400Ng);
        for plan in plans {
            if meter.read(plan).is_err() {
                failures += 1;
                assert_eq!(Some(u), dead, "unexpected failure at unit {u}");
                // Abandon the meter for this cycle after its first timeout.
                break;
            }
        }
    }
    (t0.elapsed().as_secs_f64(), failures)
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let timing = RtuTiming::new(BAUD, Parity::Even, 1).with_turnaround_allowance_us(100_000);
    let link = LinkParams::new(BAUD).with_turnaround_us(10_000);
    let bus = LineBus::new(timing);
    let handle = SimHandle::new(SimDevices::with_meters(Model::Em6400Ng, 1..=METERS, 2026));
    let _server = serve_line(&bus, handle.clone());
    let mut rtu = Rtu::new(BusLink::new(bus.attach(), timing));

    let planned: Plan = Plan::preset(Model::Em6400Ng, Preset::Dashboard, &link).unwrap();
    let naive: Vec<Plan> = Preset::DASHBOARD
        .iter()
        .map(|q| Plan::new(Model::Em6400Ng, &QuantitySet::EMPTY.with(q), &link).unwrap())
        .collect();
    let model_planned = planned.cycle_time_ns(u32::from(METERS)) as f64 / 1e9;
    let model_naive = planned.naive().bus_time_ns as f64 * f64::from(METERS) / 1e9;

    let _ = cycle(&mut rtu, std::slice::from_ref(&planned), None); // warm-up
    let p: Vec<f64> = (0..CYCLES)
        .map(|_| cycle(&mut rtu, std::slice::from_ref(&planned), None).0)
        .collect();
    let n: Vec<f64> = (0..CYCLES)
        .map(|_| cycle(&mut rtu, &naive, None).0)
        .collect();

    // One dead meter: unit 40 stops answering.
    let dead_meter = SimMeter::new(Model::Em6400Ng, 40, 2026).with_faults(Faults {
        dead: true,
        ..Faults::default()
    });
    handle.lock().add(dead_meter);
    let d: Vec<f64> = (0..CYCLES)
        .map(|_| cycle(&mut rtu, std::slice::from_ref(&planned), Some(40)).0)
        .collect();

    // The same planned cycle through a pty, as an outside master sees the emulated bus: real
    // kernel I/O and thread hand-offs between the line and the master.
    let pty_handle = SimHandle::new(SimDevices::with_meters(Model::Em6400Ng, 1..=METERS, 2026));
    let pty_server = serve_pty_line_timed(pty_handle, None, timing).expect("pty bus");
    let path = pty_server
        .path()
        .expect("pty path")
        .to_str()
        .expect("utf-8 path")
        .to_string();
    let mut link = SerialPortLink::open(
        &path,
        SerialSettings {
            baud: BAUD,
            parity: Parity::None,
            stop_bits: 1,
        },
    )
    .expect("open pty");
    link.set_timing(timing);
    let mut pty_rtu = Rtu::new(link);
    let _ = cycle(&mut pty_rtu, std::slice::from_ref(&planned), None);
    let t: Vec<f64> = (0..CYCLES)
        .map(|_| cycle(&mut pty_rtu, std::slice::from_ref(&planned), None).0)
        .collect();
    let mt = median(t.clone());

    let (mp, mn, md) = (median(p.clone()), median(n.clone()), median(d.clone()));
    let reply_timeout = Duration::from_nanos(timing.reply_timeout_ns(5 + 2 * 6));
    println!("line-timed bus: {METERS} x EM6400NG, {BAUD} baud 8E1, turnaround 10 ms, {CYCLES} cycles each (median)");
    println!("planned dashboard: {} requests/meter; measured {mp:.3} s/cycle, model {model_planned:.3} s ({:+.2} %)", planned.requests().len(), (mp / model_planned - 1.0) * 100.0);
    println!("naive dashboard:   {} requests/meter; measured {mn:.3} s/cycle, model {model_naive:.3} s ({:+.2} %)", naive.len(), (mn / model_naive - 1.0) * 100.0);
    println!(
        "planned vs naive:  measured {:.2}x faster, model {:.2}x",
        mn / mp,
        model_naive / model_planned
    );
    println!(
        "one dead meter:    measured {md:.3} s/cycle, {:+.1} ms vs all alive (one reply timeout of {:.1} ms plus the {:.1} ms late-reply guard replace the meter's {:.1} ms)",
        (md - mp) * 1000.0,
        reply_timeout.as_secs_f64() * 1000.0,
        timing.late_reply_guard_ns() as f64 / 1e6,
        planned.bus_time_ns() as f64 / 1e6
    );
    println!(
        "planned via a pty: measured {mt:.3} s/cycle, model {model_planned:.3} s ({:+.2} %, {:+.2} ms per request)",
        (mt / model_planned - 1.0) * 100.0,
        (mt - model_planned) * 1000.0 / (f64::from(METERS) * planned.requests().len() as f64)
    );
    println!("samples: planned {p:?}, naive {n:?}, dead {d:?}, pty {t:?}");
    println!("bus: {:?}", bus.stats());
}
