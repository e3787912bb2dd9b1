//! The poll schedule against the bus-time model, by simulation: the example plant's 79
//! EM6400NG meters on one 19200-baud bus (total kW every 3 s, the dashboard set and all 12
//! energy counters every 60 s, identity at start and daily) are scheduled for ten simulated
//! minutes, each read costing the planner's modelled time. Every class's measured interval
//! must be within 5 % of its configured one; overloaded configurations are reported, not
//! hidden.

use std::path::Path;
use std::time::Duration;

use ems::bus::schedule::{MeterClass, Next, Schedule};
use ems::bus::worker::{BusJob, What};
use ems::config::Config;
use schneider_em::{LinkParams, Plan, QuantitySet};

/// Modelled cost of one identity read of an EM6400NG at 19200 8E1, T = 10 ms: three reads of
/// 61, 11 and 5 registers (`ems check` lists them), each (13 + 2n)·τ + T + t3.5 with
/// τ = 11/19200 s and t3.5 = 3.5·τ.
fn identity_cost() -> Duration {
    let tau = 11.0 / 19200.0;
    let read = |n: f64| (13.0 + 2.0 * n) * tau + 0.010 + 3.5 * tau;
    Duration::from_secs_f64(read(61.0) + read(11.0) + read(5.0))
}

struct Sim {
    schedule: Schedule,
    costs: Vec<Duration>,
    classes: Vec<(String, Duration)>,
}

fn simulate(job: &BusJob, link: &LinkParams) -> Sim {
    let mut meters = Vec::new();
    let mut costs = Vec::new();
    let mut classes: Vec<(String, Duration)> = job
        .class_names
        .iter()
        .map(|n| (n.clone(), Duration::MAX))
        .collect();
    for m in &job.meters {
        let mut mcs = Vec::new();
        for c in &m.classes {
            let (quantities, cost) = match &c.what {
                What::Quantities(q) => {
                    let plan: Plan = Plan::new(m.model, q, link).unwrap();
                    (plan.planned(), Duration::from_nanos(plan.bus_time_ns()))
                }
                What::Identity => (QuantitySet::EMPTY, identity_cost()),
            };
            classes[c.class].1 = classes[c.class].1.min(c.interval);
            mcs.push(MeterClass {
                class: c.class,
                quantities,
                interval: c.interval,
                at_start: c.what == What::Identity,
            });
            costs.push(cost);
        }
        meters.push(mcs);
    }
    Sim {
        schedule: Schedule::new(&meters),
        costs,
        classes,
    }
}

/// Runs the schedule for `span` of simulated bus time; returns per class the intervals
/// measured and the busy fraction of the bus.
/// Intervals of one class: every refresh (own or covering read), and its own reads only.
#[derive(Clone, Default)]
struct Measured {
    all: Vec<Duration>,
    own: Vec<Duration>,
}

fn run(sim: &mut Sim, span: Duration) -> (Vec<Measured>, f64) {
    let mut now = Duration::ZERO;
    let mut busy = Duration::ZERO;
    let mut intervals = vec![Measured::default(); sim.classes.len()];
    while now < span {
        match sim.schedule.next(now) {
            Next::Read(i) => {
                for (class, iv, own) in sim.schedule.done(i, now) {
                    intervals[class].all.push(iv);
                    if own {
                        intervals[class].own.push(iv);
                    }
                }
                now += sim.costs[i];
                busy += sim.costs[i];
            }
            Next::IdleUntil(t) => now = t,
            Next::Nothing => break,
        }
    }
    (intervals, busy.as_secs_f64() / now.as_secs_f64())
}

fn plant() -> Config {
    Config::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("plant.toml")).unwrap()
}

#[test]
fn the_example_plant_meets_every_interval_within_5_percent() {
    let config = plant();
    let job = BusJob::from_config(&config, 0).unwrap();
    assert_eq!(job.meters.len(), 79);
    let link = config.buses[0].link;
    let mut sim = simulate(&job, &link);
    let (intervals, load) = run(&mut sim, Duration::from_secs(600));
    // The modelled load: 57.3 % (kW) + 26.1 % (energy) + identity at start, ~84 %.
    assert!((0.80..0.95).contains(&load), "bus load {load:.3}");
    let mut checked = 0;
    for (class, (name, configured)) in sim.classes.iter().enumerate() {
        if *configured == Duration::MAX || configured.as_secs() >= 3600 {
            continue; // off, or identity (once in ten minutes: no interval to measure)
        }
        let ivs = &intervals[class].all;
        assert!(ivs.len() >= 79, "{name}: {} intervals", ivs.len());
        let mean = ivs.iter().map(Duration::as_secs_f64).sum::<f64>() / ivs.len() as f64;
        let c = configured.as_secs_f64();
        assert!(
            (mean - c).abs() <= 0.05 * c,
            "{name}: mean interval {mean:.3} s vs {c} s"
        );
        // Never polled faster than configured: over the run, each meter's own reads of the
        // class number at most one per interval, plus one (a covering read of another class
        // may refresh it sooner: that is a bonus, not polling).
        let own = intervals[class].own.len() + 79; // the first read of each meter has no interval
        let allowed = 79 * ((600.0 / c) as usize + 1);
        assert!(own <= allowed, "{name}: {own} reads, at most {allowed}");
        let worst = ivs.iter().max().unwrap().as_secs_f64();
        eprintln!(
            "{name}: configured {c} s, mean {mean:.3} s, worst {worst:.3} s, {} refreshes",
            ivs.len()
        );
        checked += 1;
    }
    assert_eq!(checked, 2, "fast and energy measured");
}

#[test]
fn an_overloaded_bus_stretches_slow_classes_before_fast_ones() {
    // The plant with total kW every 1.5 s: 1.72 s of reads per round every 1.5 s is
    // already 114 % of the bus; the energy class gets what is left (nothing).
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("plant.toml"))
        .unwrap()
        .replacen("interval = \"3s\"", "interval = \"1500ms\"", 1);
    let config = Config::parse(&text, "plant.toml").unwrap();
    let job = BusJob::from_config(&config, 0).unwrap();
    let mut sim = simulate(&job, &config.buses[0].link);
    let (intervals, load) = run(&mut sim, Duration::from_secs(300));
    assert!(load > 0.99, "{load}");
    let fast = config.class_index("fast").unwrap();
    let f = &intervals[fast].all;
    let mean_fast = f.iter().map(Duration::as_secs_f64).sum::<f64>() / f.len() as f64;
    // Rate-monotonic: the fast class runs back to back at what the bus can carry.
    assert!(mean_fast < 1.8, "fast stretched to {mean_fast:.2} s");
}
