//! Snapshot and vocabulary serialisation (feature `serde`).
#![cfg(feature = "serde")]

use schneider_em::decode::decode_pf4q;
use schneider_em::{Model, Quantity, Snapshot};

#[test]
fn snapshot_serialises_as_named_values_and_round_trips() {
    let mut s = Snapshot::new(Model::Em6400Ng);
    s.set(Quantity::VoltageAN, 230.5);
    s.set(Quantity::ActiveEnergyDelivered, 123_456_789_012.0);
    s.set_power_factor(Quantity::PowerFactorTotal, decode_pf4q(0.5).unwrap());
    let json = serde_json::to_string(&s).unwrap();
    assert_eq!(
        json,
        r#"{"model":"em6400ng","values":{"voltage_an":230.5,"power_factor_total":0.5,"active_energy_delivered":123456789012.0},"power_factors":{"power_factor_total":{"character":"lagging","quadrant":"Q1"}}}"#
    );
    let back: Snapshot = serde_json::from_str(&json).unwrap();
    assert_eq!(back.get(Quantity::VoltageAN), Some(230.5));
    assert_eq!(
        back.get(Quantity::ActiveEnergyDelivered),
        Some(123_456_789_012.0)
    );
    assert_eq!(
        back.power_factor(Quantity::PowerFactorTotal),
        s.power_factor(Quantity::PowerFactorTotal)
    );
    assert_eq!(back.len(), 3);
}

#[test]
fn bad_snapshot_json_is_an_error_not_a_panic() {
    for bad in [
        r#"{"model":"em9999","values":{}}"#,
        r#"{"model":"em6400ng","values":{"no_such_quantity":1}}"#,
        r#"{"model":"em6400ng","values":{"voltage_an":"x"}}"#,
        r#"{"model":"em6400ng","values":{"voltage_an":1,"voltage_an":2}}"#,
        r#"{"values":{}}"#,
        r#"[]"#,
        r#"{"model":"em6400ng","values":{"voltage_an":230.5},"power_factors":{"voltage_an":{"character":"lagging","quadrant":"Q1"}}}"#,
        r#"{"model":"em6400ng","values":{},"power_factors":{"power_factor_total":{"character":"lagging","quadrant":"Q1"}}}"#,
    ] {
        assert!(serde_json::from_str::<Snapshot>(bad).is_err(), "{bad}");
    }
}

#[test]
fn quantity_names_match_their_serde_names() {
    for q in Quantity::ALL {
        assert_eq!(
            serde_json::to_string(&q).unwrap(),
            format!("\"{}\"", q.name())
        );
    }
}

#[test]
fn register_number_zero_does_not_deserialize() {
    use schneider_em::RegisterNumber;
    assert!(serde_json::from_str::<RegisterNumber>("0").is_err());
    let n: RegisterNumber = serde_json::from_str("3060").unwrap();
    assert_eq!(n.wire().get(), 3059);
    assert_eq!(serde_json::to_string(&n).unwrap(), "3060");
}
