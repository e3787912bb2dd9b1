//! Planner tests against independent oracles: the hand-computed plans and times of the
//! reference notes (modbus-rtu-timing.md §5.3/§5.4), and an exhaustive search over every way
//! to group the wanted values into reads, with its own validity rules written from the maps'
//! documented constraints.

use proptest::prelude::*;
use schneider_em::{LinkParams, Model, Parity, Plan, PlanError, Preset, Quantity, QuantitySet};

/// Model time of one read, written independently of the library: (13 + 2n)·τ + T + t3.5.
fn model_ms(baud: f64, turnaround_ms: f64, reads: &[u16]) -> f64 {
    let tau = 11.0 / baud * 1000.0;
    let t35 = if baud > 19200.0 { 1.75 } else { 3.5 * tau };
    reads
        .iter()
        .map(|&n| (13.0 + 2.0 * f64::from(n)) * tau + turnaround_ms + t35)
        .sum()
}

fn wire_plan<const R: usize>(plan: &Plan<R>) -> Vec<(u16, u16)> {
    plan.requests()
        .iter()
        .map(|r| (r.start.get(), r.count))
        .collect()
}

fn link(baud: u32, turnaround_us: u32) -> LinkParams {
    LinkParams::new(baud).with_turnaround_us(turnaround_us)
}

#[test]
fn dashboard_em6400ng_at_19200_10ms_is_five_reads_148ms() {
    let plan: Plan =
        Plan::preset(Model::Em6400Ng, Preset::Dashboard, &link(19200, 10_000)).unwrap();
    // Wire addresses: registers 3000, 3028, 3060, 3110, 3204 minus one.
    assert_eq!(
        wire_plan(&plan),
        vec![(2999, 6), (3027, 6), (3059, 26), (3109, 2), (3203, 4)]
    );
    let expected = model_ms(19200.0, 10.0, &[6, 6, 26, 2, 4]);
    assert!((expected - 147.7).abs() < 0.1, "oracle itself: {expected}");
    assert!((plan.bus_time_ns() as f64 / 1e6 - expected).abs() < 0.01);
    let naive = plan.naive();
    assert_eq!(naive.requests, 12);
    assert_eq!(naive.registers, 26);
    assert!((naive.bus_time_ns as f64 / 1e6 - 263.2).abs() < 0.1);
    assert_eq!(plan.registers_read(), 44);
    assert!(plan.unsupported().is_empty());
}

#[test]
fn reference_table_5_3_plans_and_times_for_the_dashboard_set() {
    // (baud, T in ms (None = t3.5), expected wire plan, ms per meter from the reference table)
    let t35_9600 = 3.5 * 11.0 / 9600.0 * 1000.0;
    let t35_19200 = 3.5 * 11.0 / 19200.0 * 1000.0;
    type Case = (u32, f64, Vec<(u16, u16)>, f64);
    let cases: [Case; 4] = [
        (
            9600,
            t35_9600,
            vec![(2999, 6), (3027, 6), (3059, 26), (3109, 2), (3203, 4)],
            215.4,
        ),
        (
            9600,
            20.0,
            vec![(2999, 6), (3027, 6), (3059, 26), (3109, 2), (3203, 4)],
            295.4,
        ),
        (
            19200,
            t35_19200,
            vec![(2999, 6), (3027, 6), (3059, 26), (3109, 2), (3203, 4)],
            107.7,
        ),
        // §5.4 gap-safe optimum at 19200 / 20 ms: [3000,34] [3060,26] [3110,2] [3204,4].
        (
            19200,
            20.0,
            vec![(2999, 34), (3059, 26), (3109, 2), (3203, 4)],
            193.4,
        ),
    ];
    for (baud, t_ms, expected, per_meter) in cases {
        let l = link(baud, (t_ms * 1000.0).round() as u32);
        let plan: Plan = Plan::preset(Model::Em6400Ng, Preset::Dashboard, &l).unwrap();
        assert_eq!(wire_plan(&plan), expected, "{baud} baud, T = {t_ms} ms");
        let ms = plan.bus_time_ns() as f64 / 1e6;
        assert!(
            (ms - per_meter).abs() < 0.1,
            "{baud}/{t_ms}: {ms} vs {per_meter}"
        );
        let cycle_s = plan.cycle_time_ns(79) as f64 / 1e9;
        assert!((cycle_s - per_meter * 79.0 / 1000.0).abs() < 0.01);
    }
}

#[test]
fn em6400ng_plan_never_reads_undefined_3034_3035_or_3094_3109() {
    // At 50 ms turnaround merging everything would pay, but the gaps forbid it.
    let plan: Plan =
        Plan::preset(Model::Em6400Ng, Preset::Dashboard, &link(19200, 50_000)).unwrap();
    for r in plan.requests() {
        let first = r.start.get() + 1;
        let last = first + r.count - 1;
        assert!(last < 3034 || first > 3035, "{first}-{last}");
        assert!(last < 3094 || first > 3109, "{first}-{last}");
    }
}

#[test]
fn legacy_em6400_dashboard_is_one_turbo_read() {
    let plan: Plan = Plan::preset(Model::Em6400, Preset::Dashboard, &link(19200, 10_000)).unwrap();
    // Turbo registers 3901 (VA) … 3962 (FwdWh, 2 words from 3961).
    assert_eq!(wire_plan(&plan), vec![(3900, 62)]);
    assert!(plan.unsupported().is_empty());
}

#[test]
fn em1200_dashboard_reports_what_the_map_lacks() {
    let plan: Plan = Plan::preset(Model::Em1200, Preset::Dashboard, &link(9600, 10_000)).unwrap();
    let unsupported: Vec<_> = plan.unsupported().iter().collect();
    assert_eq!(
        unsupported,
        vec![
            Quantity::ActivePowerTotal,
            Quantity::ReactivePowerTotal,
            Quantity::ApparentPowerTotal,
            Quantity::PowerFactorTotal,
            Quantity::ActiveEnergyDelivered
        ]
    );
    assert_eq!(wire_plan(&plan), vec![(2999, 6), (3027, 6), (3109, 2)]);
}

#[test]
fn request_cap_is_honoured_and_too_small_a_cap_is_an_error() {
    let l = link(19200, 50_000).with_max_registers(10);
    let plan: Plan<128> = Plan::preset(Model::Em6400Ng, Preset::All, &l).unwrap();
    assert!(plan.requests().iter().all(|r| r.count <= 10));
    // An INT64 energy counter (4 registers) cannot be read with a cap of 3: never split.
    let energy = QuantitySet::EMPTY.with(Quantity::ActiveEnergyDelivered);
    let err = Plan::<8>::new(
        Model::Em6400Ng,
        &energy,
        &link(9600, 0).with_max_registers(3),
    );
    assert!(
        matches!(err, Err(PlanError::ValueTooLarge { .. })),
        "{err:?}"
    );
}

#[test]
fn too_small_a_capacity_is_an_error_not_a_panic() {
    let err = Plan::<2>::preset(Model::Em6400Ng, Preset::Dashboard, &link(19200, 10_000));
    assert_eq!(
        err.unwrap_err(),
        PlanError::Capacity {
            needed: 5,
            capacity: 2
        }
    );
}

#[test]
fn invalid_link_is_an_error() {
    let mut l = LinkParams::new(0);
    assert_eq!(
        Plan::<8>::preset(Model::Em6400Ng, Preset::Dashboard, &l).unwrap_err(),
        PlanError::InvalidLink
    );
    l.baud = 9600;
    l.stop_bits = 3;
    assert!(Plan::<8>::preset(Model::Em6400Ng, Preset::Dashboard, &l).is_err());
}

#[test]
fn all_preset_covers_every_quantity_of_each_model_exactly_once() {
    for model in Model::ALL {
        let plan: Plan<64> = Plan::preset(model, Preset::All, &link(19200, 10_000)).unwrap();
        let have = model.map().quantities();
        let mut seen = QuantitySet::EMPTY;
        for i in 0..plan.requests().len() {
            for (q, _) in plan.request_quantities(i) {
                assert!(seen.insert(q), "{model}: {q} read twice");
            }
        }
        assert_eq!(seen, have, "{model}");
    }
}

#[test]
fn char_time_and_t35_match_the_specification_table() {
    // modbus-rtu-timing.md §1: τ 1.1458 ms / t3.5 4.010 ms at 9600 8E1; 0.5729 / 2.005 at
    // 19200; t3.5 fixed at 1.75 ms above 19200.
    let l = LinkParams::new(9600);
    assert_eq!(l.char_time_ns(), 1_145_833);
    assert_eq!(l.t35_ns(), 4_010_416);
    let l = LinkParams::new(19200);
    assert_eq!(l.char_time_ns(), 572_916);
    assert_eq!(l.t35_ns(), 2_005_208);
    let l = LinkParams::new(38400);
    assert_eq!(l.t35_ns(), 1_750_000);
    assert_eq!(l.t15_ns(), 750_000);
    // 8N1 is 10 bits, 8N2 is 11.
    assert_eq!(
        LinkParams::new(9600)
            .with_parity(Parity::None, 1)
            .char_time_ns(),
        1_041_666
    );
    assert_eq!(
        LinkParams::new(9600)
            .with_parity(Parity::None, 2)
            .char_time_ns(),
        1_145_833
    );
}

// ---- exhaustive oracle ------------------------------------------------------------------

/// The span one quantity needs, derived from the map's documented rules.
fn span_of(model: Model, q: Quantity) -> Option<(u16, u16)> {
    let map = model.map();
    let r = map.source(q)?;
    let (a, b) = (r.number.get(), r.number.get() + r.words - 1);
    Some(
        map.whole_blocks
            .iter()
            .find(|w| w.first.get() <= a && a <= w.last.get())
            .map_or((a, b), |w| (w.first.get(), w.last.get())),
    )
}

/// Is one read of first..=last allowed? Written from the rules, independent of the planner.
fn read_allowed(model: Model, first: u16, last: u16, max: u16) -> bool {
    let map = model.map();
    if last - first + 1 > max {
        return false;
    }
    for n in first..=last {
        if map
            .never_read
            .iter()
            .any(|r| r.first.get() <= n && n <= r.last.get())
        {
            return false;
        }
        match map
            .registers
            .iter()
            .find(|r| r.number.get() <= n && n < r.number.get() + r.words)
        {
            Some(r) if r.access != schneider_em::Access::Wc => {}
            _ => return false,
        }
    }
    for w in map.whole_blocks {
        let touches = first <= w.last.get() && last >= w.first.get();
        if touches && (first != w.first.get() || last != w.last.get()) {
            return false;
        }
    }
    true
}

/// Minimum cost over every partition of the sorted distinct spans into contiguous groups.
fn brute_force_ms(model: Model, qs: &[Quantity], l: &LinkParams) -> Option<(f64, usize)> {
    let max = l
        .max_registers
        .unwrap_or(125)
        .min(model.map().max_registers_per_read);
    let mut spans: Vec<(u16, u16)> = qs.iter().filter_map(|&q| span_of(model, q)).collect();
    spans.sort();
    spans.dedup();
    let n = spans.len();
    if n == 0 {
        return Some((0.0, 0));
    }
    let tau = l.bits_per_char() as f64 / f64::from(l.baud) * 1000.0;
    let t35 = if l.baud > 19200 { 1.75 } else { 3.5 * tau };
    let cost = |regs: u16| {
        (13.0 + 2.0 * f64::from(regs)) * tau + f64::from(l.turnaround_us) / 1000.0 + t35
    };
    let mut best: Option<(f64, usize)> = None;
    for cuts in 0u32..(1 << (n - 1)) {
        let mut total = 0.0;
        let mut ok = true;
        let mut start = 0;
        let mut reads = 0;
        for i in 0..n {
            let last_of_group = i == n - 1 || cuts & (1 << i) != 0;
            if last_of_group {
                let (first, last) = (spans[start].0, spans[i].1);
                if !read_allowed(model, first, last, max) {
                    ok = false;
                    break;
                }
                total += cost(last - first + 1);
                reads += 1;
                start = i + 1;
            }
        }
        if ok && best.is_none_or(|(b, _)| total < b - 1e-9) {
            best = Some((total, reads));
        }
    }
    best
}

fn arb_case() -> impl Strategy<Value = (Model, Vec<Quantity>, u32, u32, Option<u16>)> {
    (0usize..3).prop_flat_map(|m| {
        let model = Model::ALL[m];
        let have: Vec<Quantity> = model.map().quantities().iter().collect();
        (
            Just(model),
            proptest::sample::subsequence(have.clone(), 0..=have.len().min(11)),
            prop::sample::select(vec![4800u32, 9600, 19200, 38400, 115200]),
            prop::sample::select(vec![0u32, 2_000, 10_000, 20_000, 50_000, 200_000]),
            prop::option::of(2u16..=125),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn planner_cost_equals_exhaustive_optimum((model, qs, baud, t_us, cap) in arb_case()) {
        let mut l = link(baud, t_us);
        l.max_registers = cap;
        let oracle = brute_force_ms(model, &qs, &l);
        let plan = Plan::<64>::new(model, &QuantitySet::from_slice(&qs), &l);
        match (oracle, plan) {
            (None, Err(_)) => {}
            (Some((best, _)), Ok(plan)) => {
                let ms = plan.bus_time_ns() as f64 / 1e6;
                // Integer-ns rounding in the library: < 1 µs per read.
                prop_assert!((ms - best).abs() < 0.001 * (plan.requests().len() as f64 + 1.0),
                    "{model} {qs:?}: planner {ms} ms, oracle {best} ms");
                // Every read obeys the rules; every value is covered exactly once.
                let max = cap.unwrap_or(125).min(model.map().max_registers_per_read);
                let mut covered = QuantitySet::EMPTY;
                for (i, r) in plan.requests().iter().enumerate() {
                    let first = r.start.get() + 1;
                    prop_assert!(read_allowed(model, first, first + r.count - 1, max));
                    for (q, reg) in plan.request_quantities(i) {
                        prop_assert!(covered.insert(q));
                        let words = model.map().register(reg).unwrap().words;
                        prop_assert!(reg.get() >= first && reg.get() + words - 1 < first + r.count,
                            "value split across reads");
                    }
                }
                prop_assert_eq!(covered, QuantitySet::from_slice(&qs));
                // Deterministic.
                let again = Plan::<64>::new(model, &QuantitySet::from_slice(&qs), &l).unwrap();
                prop_assert_eq!(wire_plan(&again), wire_plan(&plan));
            }
            (o, p) => prop_assert!(false, "oracle {o:?} vs planner {p:?}"),
        }
    }
}
