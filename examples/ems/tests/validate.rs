//! Plausibility of single values: limits written out by hand.

use ems::validate::{check, validate, validate_values, Limits, Reason};
use schneider_em::{Model, Quantity, Snapshot};

#[test]
fn sane_values_are_valid() {
    let l = Limits::DEFAULT;
    for (q, v) in [
        (Quantity::Frequency, 50.02),
        (Quantity::VoltageAN, 231.4),
        (Quantity::VoltageAB, 412.0),
        (Quantity::CurrentA, 0.0),
        (Quantity::PowerFactorTotal, -0.98),
        (Quantity::PowerFactorTotal, 1.0),
        (Quantity::ActivePowerTotal, -12_000.0), // export is negative, not implausible
        (Quantity::ActiveEnergyNet, -5.0e6),     // a net counter may be negative
        (Quantity::ActiveEnergyDelivered, 7.3e9),
    ] {
        assert_eq!(check(q, v, &l), Ok(()), "{q:?} = {v}");
    }
}

#[test]
fn implausible_values_are_flagged_with_the_reason() {
    let l = Limits::DEFAULT;
    assert_eq!(
        check(Quantity::CurrentA, f64::NAN, &l),
        Err(Reason::NotFinite)
    );
    assert_eq!(
        check(Quantity::VoltageAN, f64::INFINITY, &l),
        Err(Reason::NotFinite)
    );
    let band = Reason::FrequencyOutOfRange {
        min_hz: 40.0,
        max_hz: 70.0,
    };
    assert_eq!(check(Quantity::Frequency, 39.9, &l), Err(band));
    assert_eq!(check(Quantity::Frequency, 70.1, &l), Err(band));
    assert_eq!(check(Quantity::Frequency, 0.0, &l), Err(band));
    assert_eq!(
        check(Quantity::CurrentB, -0.1, &l),
        Err(Reason::NegativeCurrent)
    );
    assert_eq!(
        check(Quantity::CurrentDemandPeak, -3.0, &l),
        Err(Reason::NegativeCurrent)
    );
    assert_eq!(
        check(Quantity::PowerFactorA, 1.02, &l),
        Err(Reason::PowerFactorAboveOne)
    );
    assert_eq!(
        check(Quantity::PowerFactorTotal, -1.5, &l),
        Err(Reason::PowerFactorAboveOne)
    );
    // L-N against 2 × 230 = 460 V; L-L against 2 × 415 = 830 V.
    assert_eq!(check(Quantity::VoltageBN, 460.0, &l), Ok(()));
    assert_eq!(
        check(Quantity::VoltageBN, 461.0, &l),
        Err(Reason::VoltageTooHigh { limit_v: 460.0 })
    );
    assert_eq!(check(Quantity::VoltageCA, 829.0, &l), Ok(()));
    assert_eq!(
        check(Quantity::VoltageLLAvg, 831.0, &l),
        Err(Reason::VoltageTooHigh { limit_v: 830.0 })
    );
    assert_eq!(
        check(Quantity::VoltageAN, -1.0, &l),
        Err(Reason::NegativeVoltage)
    );
    assert_eq!(
        check(Quantity::ReactiveEnergyDelivered, -1.0, &l),
        Err(Reason::NegativeCounter)
    );
}

#[test]
fn the_nominal_voltage_is_per_meter() {
    // An 11 kV feeder meter on PT secondaries reads primary volts: 6350 V L-N, 11 kV L-L.
    let l = Limits {
        nominal_ln_v: 6350.0,
        nominal_ll_v: 11_000.0,
        ..Limits::DEFAULT
    };
    assert_eq!(check(Quantity::VoltageAB, 11_200.0, &l), Ok(()));
    assert_eq!(
        check(Quantity::VoltageAB, 22_001.0, &l),
        Err(Reason::VoltageTooHigh { limit_v: 22_000.0 })
    );
}

#[test]
fn a_snapshot_splits_into_valid_and_flagged_and_missing_stays_missing() {
    let mut s = Snapshot::new(Model::Em6400Ng);
    s.set(Quantity::Frequency, 49.98);
    s.set(Quantity::CurrentA, -2.0);
    s.set(Quantity::VoltageAN, 229.0);
    // Current B was not available: not in the snapshot, so neither valid nor flagged.
    let v = validate(&s, &Limits::DEFAULT);
    assert_eq!(
        v.valid,
        vec![(Quantity::VoltageAN, 229.0), (Quantity::Frequency, 49.98)]
    );
    assert_eq!(v.flagged.len(), 1);
    assert_eq!(v.flagged[0].quantity, Quantity::CurrentA);
    assert_eq!(v.flagged[0].value, -2.0);
    assert_eq!(v.flagged[0].reason, Reason::NegativeCurrent);
    assert!(!v.valid.iter().any(|(q, _)| *q == Quantity::CurrentB));

    let v = validate_values([(Quantity::Frequency, f64::NAN)], &Limits::DEFAULT);
    assert!(v.valid.is_empty());
    assert_eq!(v.flagged[0].reason.to_string(), "not a finite number");
}
