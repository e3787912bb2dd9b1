//! Counter deltas, resets, replacements, glitches, gaps, float precision and the power
//! cross-check. Every expected number is worked out by hand in the comments (an independent
//! oracle), never computed by the code under test.

use ems::energy::{
    CounterTracker, Delta, Encoding, Event, Glitch, Mismatch, Quality, Sample, TrackerConfig,
    Update,
};

const MIN: i64 = 60_000;

/// 1 Wh integer counter (the EM6400NG's INT64 Wh registers).
fn int_wh() -> TrackerConfig {
    TrackerConfig::new(Encoding::Integer { step_wh: 1.0 })
}

fn push_all(t: &mut CounterTracker, samples: &[Sample]) -> Update {
    let mut all = Update::default();
    for s in samples {
        let u = t.push(*s);
        all.deltas.extend(u.deltas);
        all.events.extend(u.events);
    }
    all
}

fn d(from_ms: i64, to_ms: i64, wh: f64, first: f64, last: f64, quality: Quality) -> Delta {
    Delta {
        from_ms,
        to_ms,
        wh,
        counter_first: first,
        counter_last: last,
        quality,
    }
}

/// 3 kW for one minute is 3000 W × 1/60 h = 50 Wh.
fn at(min: i64, wh: f64) -> Sample {
    Sample::new(min * MIN, wh).with_avg_power_w(3000.0)
}

#[test]
fn steady_consumption_is_the_counter_difference() {
    let mut t = CounterTracker::new(int_wh());
    // 1000 → 1050 → 1100 Wh, one minute apart, at 3 kW (50 Wh a minute): each change is
    // ≥ 10 resolution steps (10 Wh), so each is emitted at once.
    let u = push_all(&mut t, &[at(0, 1000.0), at(1, 1050.0), at(2, 1100.0)]);
    assert_eq!(
        u.deltas,
        vec![
            d(0, MIN, 50.0, 1000.0, 1050.0, Quality::Measured),
            d(MIN, 2 * MIN, 50.0, 1050.0, 1100.0, Quality::Measured),
        ]
    );
    assert!(u.events.is_empty());
}

#[test]
fn a_drop_is_a_reset_only_once_a_higher_reading_confirms_it() {
    let mut t = CounterTracker::new(int_wh());
    let u = push_all(&mut t, &[at(0, 1000.0), at(1, 1050.0)]);
    assert_eq!(u.deltas.len(), 1);
    // The meter was cleared: 3 Wh at minute 2. Nothing is booked yet.
    let u = t.push(at(2, 3.0));
    assert!(u.deltas.is_empty() && u.events.is_empty());
    assert!(t.has_pending());
    // 53 Wh at minute 3 (50 Wh more than 3) confirms it.
    let u = t.push(at(3, 53.0));
    assert_eq!(
        u.events,
        vec![Event::ResetConfirmed {
            at_ms: 2 * MIN,
            before_wh: 1050.0,
            after_wh: 3.0
        }]
    );
    assert_eq!(
        u.deltas,
        vec![
            // No counter difference spans the reset: 3 kW for a minute = 50 Wh, estimated.
            d(MIN, 2 * MIN, 50.0, 1050.0, 3.0, Quality::Estimated),
            d(2 * MIN, 3 * MIN, 50.0, 3.0, 53.0, Quality::Measured),
        ]
    );
}

#[test]
fn one_zero_read_between_two_sane_ones_is_rejected_without_a_spike() {
    // The evcc bug: a momentary 0 became the baseline and the recovery one huge slot.
    let mut t = CounterTracker::new(int_wh());
    let u = push_all(
        &mut t,
        &[at(0, 1000.0), at(1, 1050.0), at(2, 0.0), at(3, 1150.0)],
    );
    assert_eq!(
        u.deltas,
        vec![
            d(0, MIN, 50.0, 1000.0, 1050.0, Quality::Measured),
            // 1150 − 1050 = 100 Wh over two minutes at 3 kW (100 Wh): no loss, no spike.
            d(MIN, 3 * MIN, 100.0, 1050.0, 1150.0, Quality::Measured),
        ]
    );
    assert_eq!(
        u.events,
        vec![Event::GlitchRejected {
            at_ms: 2 * MIN,
            value_wh: 0.0,
            reason: Glitch::Drop
        }]
    );
}

#[test]
fn a_zero_read_is_rejected_even_without_power_information() {
    let mut t = CounterTracker::new(int_wh());
    let s = |m: i64, v: f64| Sample::new(m * MIN, v);
    let u = push_all(
        &mut t,
        &[s(0, 1000.0), s(1, 1050.0), s(2, 0.0), s(3, 1150.0)],
    );
    let total: f64 = u.deltas.iter().map(|d| d.wh).sum();
    // 1150 − 1000 = 150 Wh in all, never more.
    assert_eq!(total, 150.0);
    assert!(u.deltas.iter().all(|d| d.quality == Quality::Measured));
}

#[test]
fn an_absurd_high_read_between_two_sane_ones_is_rejected_without_a_spike() {
    let mut t = CounterTracker::new(int_wh());
    // 9.9e9 Wh would be 594 GW for a minute; the power says 3 kW.
    let u = push_all(
        &mut t,
        &[at(0, 1000.0), at(1, 1050.0), at(2, 9.9e9), at(3, 1150.0)],
    );
    assert_eq!(
        u.deltas,
        vec![
            d(0, MIN, 50.0, 1000.0, 1050.0, Quality::Measured),
            d(MIN, 3 * MIN, 100.0, 1050.0, 1150.0, Quality::Measured),
        ]
    );
    assert_eq!(
        u.events,
        vec![Event::GlitchRejected {
            at_ms: 2 * MIN,
            value_wh: 9.9e9,
            reason: Glitch::Jump
        }]
    );
}

#[test]
fn an_absurd_high_read_is_caught_by_the_power_cap_when_power_is_unknown() {
    // Cap 10 kW: one minute allows 10000/60 = 166.7 Wh (+5 % = 175 Wh, + 5 Wh floor).
    let mut t = CounterTracker::new(int_wh().with_max_power_w(10_000.0));
    let s = |m: i64, v: f64| Sample::new(m * MIN, v);
    let u = push_all(
        &mut t,
        &[s(0, 1000.0), s(1, 1100.0), s(2, 1_000_000.0), s(3, 1200.0)],
    );
    assert_eq!(
        u.deltas,
        vec![
            d(0, MIN, 100.0, 1000.0, 1100.0, Quality::Measured),
            d(MIN, 3 * MIN, 100.0, 1100.0, 1200.0, Quality::Measured),
        ]
    );
    assert!(matches!(
        u.events[..],
        [Event::GlitchRejected {
            reason: Glitch::Jump,
            ..
        }]
    ));
}

#[test]
fn a_jump_that_stays_is_flagged_not_booked_as_consumption() {
    let mut t = CounterTracker::new(int_wh());
    // +1000 Wh in a minute at 3 kW (50 Wh expected; 3 × 50 + 5 = 155 Wh is the glitch
    // threshold), and the counter stays up (2050 is 1050 above 1000 over two minutes, more
    // than 3 × 100 + 5 = 305): someone preset the counter, or a CT ratio changed.
    let u = push_all(&mut t, &[at(0, 1000.0), at(1, 2000.0), at(2, 2050.0)]);
    assert_eq!(
        u.deltas,
        vec![
            d(0, MIN, 1000.0, 1000.0, 2000.0, Quality::Suspect),
            d(MIN, 2 * MIN, 50.0, 2000.0, 2050.0, Quality::Measured),
        ]
    );
    assert_eq!(
        u.events,
        vec![Event::MismatchFlagged {
            from_ms: 0,
            to_ms: MIN,
            wh: 1000.0,
            expected_wh: Some(50.0),
            reason: Mismatch::Power
        }]
    );
    let consumed: f64 = u
        .deltas
        .iter()
        .filter(|d| d.quality.is_consumption())
        .map(|d| d.wh)
        .sum();
    assert_eq!(consumed, 50.0);
}

#[test]
fn a_delta_beyond_the_power_tolerance_is_flagged() {
    let mut t = CounterTracker::new(int_wh());
    // 70 Wh where 3 kW for a minute gives 50 Wh: off by 20 Wh; allowed is
    // max(5 % of 50 = 2.5, 2 steps × 1 Wh = 2, 5 Wh floor) = 5 Wh.
    let u = push_all(&mut t, &[at(0, 1000.0), at(1, 1070.0)]);
    assert_eq!(
        u.deltas,
        vec![d(0, MIN, 70.0, 1000.0, 1070.0, Quality::Suspect)]
    );
    assert_eq!(
        u.events,
        vec![Event::MismatchFlagged {
            from_ms: 0,
            to_ms: MIN,
            wh: 70.0,
            expected_wh: Some(50.0),
            reason: Mismatch::Power
        }]
    );
    // 54 Wh (4 Wh off) is within the 5 Wh allowed.
    let u = t.push(at(2, 1124.0));
    assert_eq!(u.deltas[0].quality, Quality::Measured);
    assert_eq!(u.deltas[0].wh, 54.0);
}

#[test]
fn a_frozen_counter_under_load_is_flagged() {
    let mut cfg = int_wh();
    cfg.max_hold_ms = 2 * MIN;
    let mut t = CounterTracker::new(cfg);
    // The counter stays at 1000 Wh for two minutes at 3 kW (100 Wh expected).
    let u = push_all(&mut t, &[at(0, 1000.0), at(1, 1000.0), at(2, 1000.0)]);
    assert_eq!(
        u.deltas,
        vec![d(0, 2 * MIN, 0.0, 1000.0, 1000.0, Quality::Suspect)]
    );
    assert_eq!(
        u.events,
        vec![Event::MismatchFlagged {
            from_ms: 0,
            to_ms: 2 * MIN,
            wh: 0.0,
            expected_wh: Some(100.0),
            reason: Mismatch::Power
        }]
    );
}

#[test]
fn a_counter_running_above_the_power_cap_is_flagged_when_power_is_unknown() {
    // Cap 6 kW: one minute allows 6000 W × 1/60 h = 100 Wh, + 5 % = 105 Wh, + the 5 Wh
    // floor = 110 Wh. The counter rises 150 Wh every minute: each rise is held until the
    // next reading shows the counter stayed up, then booked as suspect.
    let mut t = CounterTracker::new(int_wh().with_max_power_w(6000.0));
    let s = |m: i64, v: f64| Sample::new(m * MIN, v);
    let u = push_all(&mut t, &[s(0, 0.0), s(1, 150.0), s(2, 300.0), s(3, 450.0)]);
    assert_eq!(
        u.deltas,
        vec![
            d(0, MIN, 150.0, 0.0, 150.0, Quality::Suspect),
            d(MIN, 2 * MIN, 150.0, 150.0, 300.0, Quality::Suspect),
        ]
    );
    assert_eq!(u.events.len(), 2);
    assert!(u.events.iter().all(|e| matches!(
        e,
        Event::MismatchFlagged {
            reason: Mismatch::AboveCap,
            expected_wh: None,
            wh,
            ..
        } if *wh == 150.0
    )));
    assert!(t.has_pending());
}

#[test]
fn a_replaced_meter_is_never_subtracted_from_the_old_one() {
    let mut t = CounterTracker::new(int_wh());
    let u = push_all(
        &mut t,
        &[
            at(0, 1000.0).with_serial(111),
            at(1, 1050.0).with_serial(111),
            // New meter, counter starts near zero.
            at(2, 20.0).with_serial(222),
            at(3, 70.0).with_serial(222),
        ],
    );
    assert_eq!(
        u.deltas,
        vec![
            d(0, MIN, 50.0, 1000.0, 1050.0, Quality::Measured),
            // The swap minute: 3 kW × 1 min = 50 Wh from power, marked estimated.
            d(MIN, 2 * MIN, 50.0, 1050.0, 20.0, Quality::Estimated),
            d(2 * MIN, 3 * MIN, 50.0, 20.0, 70.0, Quality::Measured),
        ]
    );
    assert_eq!(
        u.events,
        vec![Event::Replacement {
            at_ms: 2 * MIN,
            old_serial: 111,
            new_serial: 222,
            old_wh: 1050.0,
            new_wh: 20.0
        }]
    );
}

#[test]
fn a_replacement_without_power_leaves_the_swap_interval_out() {
    let mut t = CounterTracker::new(int_wh());
    let s = |m: i64, v: f64, serial: u32| Sample::new(m * MIN, v).with_serial(serial);
    let u = push_all(&mut t, &[s(0, 1000.0, 1), s(1, 5000.0, 2), s(2, 5040.0, 2)]);
    // 5000 − 1000 would be 4000 Wh of nothing; only the new meter's 40 Wh is booked.
    assert_eq!(
        u.deltas,
        vec![d(MIN, 2 * MIN, 40.0, 5000.0, 5040.0, Quality::Measured)]
    );
}

#[test]
fn missed_polls_make_one_delta_spanning_the_gap() {
    // Polls every minute; 2.5 minutes without an accepted reading is a gap.
    let mut t = CounterTracker::new(int_wh().with_gap_ms(150_000));
    // Minutes 1–9 were lost; 10 minutes at 3 kW = 500 Wh.
    let u = push_all(
        &mut t,
        &[
            at(0, 1000.0),
            Sample::new(10 * MIN, 1500.0).with_avg_power_w(3000.0),
        ],
    );
    assert_eq!(
        u.deltas,
        vec![d(0, 10 * MIN, 500.0, 1000.0, 1500.0, Quality::SpansGap)]
    );
    // The next regular minute is measured again.
    let u = t.push(Sample::new(11 * MIN, 1550.0).with_avg_power_w(3000.0));
    assert_eq!(u.deltas[0].quality, Quality::Measured);
}

#[test]
fn float32_resolution_grows_with_the_counter() {
    let wh = Encoding::Float32 { wh_per_unit: 1.0 };
    // A float32 has 24 significant bits: between 2^29 (5.37e8) and 2^30 the step is
    // 2^(29−23) = 64; between 2^23 (8.39e6) and 2^24 it is 1; below 2^-126 it is 2^-149.
    assert_eq!(wh.resolution_wh(1.0e9), 64.0);
    assert_eq!(wh.resolution_wh(1.0e7), 1.0);
    assert_eq!(wh.resolution_wh(0.0), 2f64.powi(-149));
    // A kWh float register at 10 000 kWh: 2^13 ≤ 10 000 < 2^14, step 2^-10 kWh = 0.9765625 Wh.
    let kwh = Encoding::Float32 {
        wh_per_unit: 1000.0,
    };
    assert_eq!(kwh.resolution_wh(1.0e7), 0.9765625);
    assert_eq!(
        Encoding::Integer { step_wh: 1.0 }.resolution_wh(1.0e12),
        1.0
    );
}

/// 1 kW for a minute is 16.67 Wh, a quarter of the 64 Wh a float32 Wh counter at 1e9 can
/// show. The readings are the true energy rounded to 64 Wh steps (worked by hand:
/// round(16.667·k / 64) · 64 for k = 0…15).
const FLOAT_STEPS: [f64; 16] = [
    0.0, 0.0, 64.0, 64.0, 64.0, 64.0, 128.0, 128.0, 128.0, 128.0, 192.0, 192.0, 192.0, 192.0,
    256.0, 256.0,
];

#[test]
fn float32_counter_below_its_resolution_gives_no_zero_then_jump_noise() {
    let mut t = CounterTracker::new(TrackerConfig::new(Encoding::Float32 { wh_per_unit: 1.0 }));
    let mut deltas = Vec::new();
    for (k, step) in FLOAT_STEPS.iter().enumerate() {
        let s = Sample::new(k as i64 * MIN, 1.0e9 + step).with_avg_power_w(1000.0);
        let u = t.push(s);
        assert!(u.events.is_empty(), "minute {k}: {:?}", u.events);
        deltas.extend(u.deltas);
    }
    // Not 0, 64, 0, 0, 0, 64, …: one delta once 15 minutes (the longest hold) have passed.
    // True energy 15 × 16.667 = 250 Wh; the counter shows 256 Wh; the allowed difference
    // is max(5 % of 250 = 12.5, 2 steps × 64 = 128, 5) = 128 Wh, so it is measured.
    assert_eq!(
        deltas,
        vec![d(
            0,
            15 * MIN,
            256.0,
            1.0e9,
            1.0e9 + 256.0,
            Quality::Measured
        )]
    );
}

#[test]
fn float32_counter_dipping_one_step_is_not_a_reset_nor_negative() {
    let mut t = CounterTracker::new(TrackerConfig::new(Encoding::Float32 { wh_per_unit: 1.0 }));
    let s = |m: i64, v: f64| Sample::new(m * MIN, v);
    // 1e9 + 64, then one 64 Wh step lower (within 2 steps of noise), then up again.
    let u = push_all(
        &mut t,
        &[
            s(0, 1.0e9),
            s(1, 1.0e9 + 64.0),
            s(2, 1.0e9),
            s(3, 1.0e9 + 640.0),
        ],
    );
    assert!(u.events.is_empty(), "{:?}", u.events);
    assert!(!t.has_pending());
    // Held below 10 steps (640 Wh) until minute 3; never negative, never counted twice:
    // 640 Wh in all.
    assert_eq!(
        u.deltas,
        vec![d(
            0,
            3 * MIN,
            640.0,
            1.0e9,
            1.0e9 + 640.0,
            Quality::Measured
        )]
    );
}

#[test]
fn unreadable_and_out_of_order_readings_are_rejected() {
    let mut t = CounterTracker::new(int_wh());
    let s = |m: i64, v: f64| Sample::new(m * MIN, v);
    let u = push_all(
        &mut t,
        &[
            s(0, 1000.0),
            s(1, f64::NAN),
            s(2, -5.0),
            s(3, 1100.0),
            s(2, 1200.0),
        ],
    );
    let reasons: Vec<Glitch> = u
        .events
        .iter()
        .filter_map(|e| match e {
            Event::GlitchRejected { reason, .. } => Some(*reason),
            _ => None,
        })
        .collect();
    assert_eq!(
        reasons,
        vec![Glitch::NotFinite, Glitch::Negative, Glitch::OutOfOrder]
    );
    assert_eq!(
        u.deltas,
        vec![d(0, 3 * MIN, 100.0, 1000.0, 1100.0, Quality::Measured)]
    );
}

#[test]
fn flush_emits_what_the_resolution_rule_held_back() {
    let mut t = CounterTracker::new(int_wh());
    // 4 Wh is below the 10-step emission threshold: held.
    let u = push_all(&mut t, &[Sample::new(0, 1000.0), Sample::new(MIN, 1004.0)]);
    assert!(u.deltas.is_empty());
    let u = t.flush();
    assert_eq!(
        u.deltas,
        vec![d(0, MIN, 4.0, 1000.0, 1004.0, Quality::Measured)]
    );
    assert!(t.flush().deltas.is_empty());
}

#[test]
fn repeated_low_reads_after_a_reset_wait_for_a_rise() {
    let mut t = CounterTracker::new(int_wh());
    let s = |m: i64, v: f64| Sample::new(m * MIN, v);
    // A meter that returns 0 three times (rebooting), then its real value: nothing lost,
    // nothing invented.
    let u = push_all(
        &mut t,
        &[s(0, 1000.0), s(1, 0.0), s(2, 0.0), s(3, 0.0), s(4, 1040.0)],
    );
    assert_eq!(
        u.deltas,
        vec![d(0, 4 * MIN, 40.0, 1000.0, 1040.0, Quality::Measured)]
    );
    assert_eq!(u.events.len(), 1);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    #[derive(Clone, Copy, Debug)]
    enum Step {
        /// The counter advances by this many Wh.
        Rise(f64),
        /// A bad read of 0.
        Zero,
        /// A bad read far above.
        Huge,
        /// The counter is cleared to this value.
        Reset(f64),
        /// An unreadable value.
        Nan,
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            8 => (0.0f64..200.0).prop_map(Step::Rise),
            1 => Just(Step::Zero),
            1 => Just(Step::Huge),
            1 => (0.0f64..50.0).prop_map(Step::Reset),
            1 => Just(Step::Nan),
        ]
    }

    proptest! {
        /// Whatever the readings: no negative or non-finite delta, deltas in time order and
        /// never overlapping, and with a cap no consumption above what the cap allows.
        #[test]
        fn deltas_are_never_negative_overlapping_or_above_the_cap(
            steps in proptest::collection::vec((1i64..600_000, step(), proptest::option::of(0.0f64..20_000.0)), 1..60),
            float in any::<bool>(),
        ) {
            let encoding = if float {
                Encoding::Float32 { wh_per_unit: 1.0 }
            } else {
                Encoding::Integer { step_wh: 1.0 }
            };
            let cap_w = 20_000.0;
            let mut t = CounterTracker::new(TrackerConfig::new(encoding).with_max_power_w(cap_w));
            let mut time = 0i64;
            let mut counter = 1.0e6;
            let mut deltas = Vec::new();
            for (dt, s, power) in steps {
                time += dt;
                let value = match s {
                    Step::Rise(wh) => { counter += wh; counter }
                    Step::Zero => 0.0,
                    Step::Huge => 1.0e12,
                    Step::Reset(v) => { counter = v; counter }
                    Step::Nan => f64::NAN,
                };
                let mut sample = Sample::new(time, value);
                sample.avg_power_w = power;
                deltas.extend(t.push(sample).deltas);
            }
            deltas.extend(t.flush().deltas);
            let mut previous_end = i64::MIN;
            for d in &deltas {
                prop_assert!(d.wh.is_finite() && d.wh >= 0.0, "{d:?}");
                prop_assert!(d.from_ms < d.to_ms, "{d:?}");
                prop_assert!(d.from_ms >= previous_end, "overlap at {d:?}");
                previous_end = d.to_ms;
                if d.quality == Quality::Measured || d.quality == Quality::SpansGap {
                    // cap × time × 1.05 + the tolerance floor (≥ 5 Wh, 2 resolution steps).
                    let allowed = cap_w * (d.to_ms - d.from_ms) as f64 / 3_600_000.0 * 1.05
                        + 5.0f64.max(2.0 * encoding.resolution_wh(d.counter_last));
                    prop_assert!(d.wh <= allowed + 1e-9, "{d:?} above {allowed}");
                }
            }
        }
    }
}

#[test]
fn tracker_settings_follow_the_meter_configuration() {
    use ems::config::Config;
    use schneider_em::Quantity;
    use std::time::Duration;
    let text = r#"site = "T"
timezone = "UTC"
[[bus]]
name = "a"
port = "/dev/null"
[[meter]]
name = "Old"
bus = "a"
unit = 1
model = "em6400"
max_kva = 500
[[meter]]
name = "New"
bus = "a"
unit = 2
model = "em6400ng"
"#;
    let c = Config::parse(text, "t.toml").unwrap();
    let old = TrackerConfig::for_meter(
        c.meter("Old").unwrap(),
        Quantity::ActiveEnergyDelivered,
        Some(Duration::from_secs(60)),
    )
    .unwrap();
    // The legacy EM6400's FwdWh is a float32 in Wh (register 3961).
    assert_eq!(old.encoding, Encoding::Float32 { wh_per_unit: 1.0 });
    assert_eq!(old.max_power_w, Some(500_000.0));
    assert_eq!(old.gap_ms, Some(150_000));
    // The EM6400NG's counters are INT64 Wh.
    let new = TrackerConfig::for_meter(
        c.meter("New").unwrap(),
        Quantity::ActiveEnergyDelivered,
        None,
    )
    .unwrap();
    assert_eq!(new.encoding, Encoding::Integer { step_wh: 1.0 });
    assert_eq!(new.max_power_w, None);
    // Net counters fall as well as rise: no tracker.
    assert!(
        TrackerConfig::for_meter(c.meter("New").unwrap(), Quantity::ActiveEnergyNet, None)
            .is_none()
    );
}

#[test]
fn a_resumed_tracker_books_the_downtime_once() {
    // The store's last reading: 5000 Wh at minute 0 from meter 7. The collector restarts at
    // minute 30 and reads 5600 Wh: one delta of 600 Wh over the 30 minutes, spanning a gap.
    let last = Sample::new(0, 5000.0).with_serial(7);
    let mut t = CounterTracker::resume(int_wh().with_gap_ms(150_000), last);
    let u = t.push(Sample::new(30 * MIN, 5600.0).with_serial(7));
    assert_eq!(
        u.deltas,
        vec![d(0, 30 * MIN, 600.0, 5000.0, 5600.0, Quality::SpansGap)]
    );
    // A different meter came back: a replacement, not 600 Wh of consumption.
    let mut t = CounterTracker::resume(int_wh(), last);
    let u = t.push(Sample::new(30 * MIN, 10.0).with_serial(8));
    assert!(u.deltas.is_empty());
    assert!(matches!(
        u.events[..],
        [Event::Replacement {
            old_serial: 7,
            new_serial: 8,
            ..
        }]
    ));
}
