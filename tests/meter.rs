//! The meter driver end to end over an in-memory meter: exact request bytes, exact decoded
//! values in normalised units, identity, and every error class kept apart.

mod common;

use common::{with_crc, Behaviour, FakeMeter};
use schneider_em::*;

const UNIT: u8 = 7;

fn unit() -> UnitId {
    UnitId::new(UNIT).unwrap()
}

/// An EM6400NG image with hand-chosen values (register numbers from the Schneider list).
fn em6400ng() -> FakeMeter {
    let mut m = FakeMeter::new(UNIT);
    m.set_f32(3000, 12.5); // I A, A
    m.set_f32(3002, 11.0);
    m.set(3004, &[0xFFC0, 0x0000]); // I C: not available
    m.set_f32(3028, 230.5); // V A-N, V
    m.set_f32(3030, 231.0);
    m.set_f32(3032, 229.5);
    m.set_f32(3060, 7.25); // P total, kW
    m.set_f32(3068, -1.5); // Q total, kvar
    m.set_f32(3076, 7.4); // S total, kVA
    m.set_f32(3084, 1.1); // PF total, 4Q: 0.9 leading (Q4)
    m.set_f32(3110, 50.0); // Hz
    m.set_i64(3204, 123_456_789_012); // Wh
    m
}

#[test]
fn dashboard_read_sends_the_planned_frames_and_decodes_normalised_values() {
    let mut meter = Meter::new(Rtu::new(em6400ng()), unit(), Model::Em6400Ng)
        .with_link(LinkParams::new(19200).with_turnaround_us(10_000));
    let s = meter
        .read_preset(Preset::Dashboard)
        .map_err(Error::from)
        .unwrap();
    assert_eq!(s.get(Quantity::CurrentA), Some(12.5));
    assert_eq!(s.get(Quantity::CurrentB), Some(11.0));
    assert_eq!(s.get(Quantity::CurrentC), None, "N/A sentinel");
    assert_eq!(s.get(Quantity::VoltageAN), Some(230.5));
    assert_eq!(s.get(Quantity::VoltageCN), Some(229.5));
    assert_eq!(s.get(Quantity::ActivePowerTotal), Some(7250.0), "kW → W");
    assert_eq!(
        s.get(Quantity::ReactivePowerTotal),
        Some(-1500.0),
        "kvar → var"
    );
    let va = s.get(Quantity::ApparentPowerTotal).unwrap();
    assert!((va - 7400.0).abs() < 0.001, "{va}");
    let pf = s.power_factor(Quantity::PowerFactorTotal).unwrap();
    assert!((pf.value - 0.9).abs() < 1e-6);
    assert_eq!(
        (pf.character, pf.quadrant),
        (PfCharacter::Leading, Some(Quadrant::Q4))
    );
    assert_eq!(s.get(Quantity::Frequency), Some(50.0));
    assert_eq!(
        s.get(Quantity::ActiveEnergyDelivered),
        Some(123_456_789_012.0)
    );
    assert_eq!(s.len(), 11);

    let link = meter.free().free();
    let expected: Vec<Vec<u8>> = [(2999u16, 6u16), (3027, 6), (3059, 26), (3109, 2), (3203, 4)]
        .iter()
        .map(|&(a, n)| {
            with_crc(vec![
                UNIT,
                3,
                (a >> 8) as u8,
                a as u8,
                (n >> 8) as u8,
                n as u8,
            ])
        })
        .collect();
    assert_eq!(link.sent, expected);
}

#[test]
fn legacy_em6400_reads_word_swapped_floats_in_one_turbo_read() {
    let mut m = FakeMeter::new(UNIT);
    m.set_f32_cdab(3903, 1234.5); // W total, W
    m.set_f32_cdab(3915, 49.98); // Hz
    m.set_f32_cdab(3927, 239.75); // V1
    m.set_f32_cdab(3961, 16_777_216.0); // FwdWh
    let mut meter = Meter::new(Rtu::new(m), unit(), Model::Em6400);
    let s = meter
        .read_preset(Preset::Dashboard)
        .map_err(Error::from)
        .unwrap();
    assert_eq!(s.get(Quantity::ActivePowerTotal), Some(1234.5));
    assert_eq!(s.get(Quantity::Frequency), Some(f64::from(49.98f32)));
    assert_eq!(s.get(Quantity::VoltageAN), Some(239.75));
    assert_eq!(s.get(Quantity::ActiveEnergyDelivered), Some(16_777_216.0));
    // Unavailable legacy values read 0.0, which is all the meter tells us.
    assert_eq!(s.get(Quantity::CurrentA), Some(0.0));
    assert_eq!(
        s.power_factor(Quantity::PowerFactorTotal),
        None,
        "plain PF: no quadrant"
    );
    let link = meter.free().free();
    assert_eq!(link.sent, vec![with_crc(vec![UNIT, 3, 0x0F, 0x3C, 0, 62])]);
}

#[test]
fn errors_keep_link_frame_and_exception_apart_and_the_next_read_takes_nothing_stale() {
    type Check = fn(&Error<std::convert::Infallible>) -> bool;
    let cases: [(Behaviour, Check); 6] = [
        (Behaviour::Exception(2), |e| {
            e.exception() == Some(ExceptionCode::IllegalDataAddress)
        }),
        (Behaviour::Exception(0x0B), |e| {
            e.exception() == Some(ExceptionCode::GatewayTargetFailedToRespond)
        }),
        (Behaviour::CorruptCrc, |e| {
            matches!(e, Error::Frame(FrameError::Crc { .. }))
        }),
        // A valid frame from another unit is skipped (it is someone else's late reply) and
        // our own never comes.
        (Behaviour::WrongUnit(9), |e| matches!(e, Error::Timeout)),
        // A corrupt frame carrying another unit id is a frame error.
        (Behaviour::Raw(vec![9, 0x11, 0x22, 0, 0]), |e| {
            matches!(
                e,
                Error::Frame(FrameError::UnexpectedUnit {
                    expected: 7,
                    received: 9
                })
            )
        }),
        (Behaviour::Silent, |e| {
            matches!(e, Error::Timeout) && e.is_link()
        }),
    ];
    for (behaviour, check) in cases {
        let mut fake = em6400ng();
        fake.script.push_back(behaviour.clone());
        let mut meter = Meter::new(Rtu::new(fake), unit(), Model::Em6400Ng);
        let err = meter
            .read_preset(Preset::Dashboard)
            .map_err(Error::from)
            .unwrap_err();
        assert!(check(&err), "{behaviour:?}: {err:?}");
        assert_next_read_takes_nothing_stale(&mut meter, &behaviour);
    }
}

/// After a failed read, the meter's currents change, and right after the next request goes
/// out a neighbour's late reply arrives first: unit 9, same function and byte count as that
/// request, carrying the old currents, so it passes every check except the unit id. The next
/// read must return exactly the new currents: a stale answer (that late frame, bytes left over
/// from the failed exchange, or values kept from before the failure) shows the old ones.
fn assert_next_read_takes_nothing_stale(meter: &mut Meter<Rtu<FakeMeter>>, behaviour: &Behaviour) {
    let fake = meter.transport().link();
    let old: Vec<u8> = (2999u16..3005)
        .flat_map(|a| fake.image.get(&a).copied().unwrap_or(0).to_be_bytes())
        .collect();
    let mut late = vec![9, 3, 12];
    late.extend_from_slice(&old);
    fake.late = with_crc(late);
    fake.set_f32(3000, 20.25);
    fake.set_f32(3002, 21.5);
    fake.set_f32(3004, 22.75);
    let s = meter
        .read_preset(Preset::Dashboard)
        .unwrap_or_else(|e| panic!("{behaviour:?}: the read after the failure failed: {e:?}"));
    assert_eq!(
        [
            s.get(Quantity::CurrentA),
            s.get(Quantity::CurrentB),
            s.get(Quantity::CurrentC)
        ],
        [Some(20.25), Some(21.5), Some(22.75)],
        "{behaviour:?}: a stale reply was taken as the answer"
    );
    assert_eq!(s.get(Quantity::VoltageAN), Some(230.5), "{behaviour:?}");
    assert_eq!(s.len(), 12, "{behaviour:?}: current C is available now");
}

#[test]
fn truncated_reply_is_a_timeout_and_garbage_is_a_frame_error() {
    let mut fake = em6400ng();
    fake.script
        .push_back(Behaviour::Raw(vec![UNIT, 3, 12, 0x41]));
    fake.script
        .push_back(Behaviour::Raw(vec![0xFF, 0x00, 0x13, 0x37, 0x00]));
    let mut meter = Meter::new(Rtu::new(fake), unit(), Model::Em6400Ng);
    assert_eq!(
        meter
            .read_preset(Preset::Dashboard)
            .map_err(Error::from)
            .unwrap_err(),
        Error::Timeout
    );
    let err = meter
        .read_preset(Preset::Dashboard)
        .map_err(Error::from)
        .unwrap_err();
    assert!(err.is_frame(), "{err:?}");
    // The assembler stopped after the bad 3-byte header: the rest was never read (the link
    // discards it before the next request).
    assert_eq!(meter.transport().link().take_pending(), [0x37, 0x00]);
}

#[test]
fn identify_reads_the_pmc_identity_registers() {
    let mut m = em6400ng();
    let text = |s: &str, n: usize| -> Vec<u16> {
        let mut w = vec![0u16; n];
        schneider_em::decode::encode_utf8(s, &mut w);
        w
    };
    m.set(30, &text("Grid Incomer", 20));
    m.set(50, &text("EM6400NG", 20));
    m.set(70, &text("Schneider Electric", 20));
    m.set(90, &[15511]);
    m.set(130, &[0x0012, 0xD687]); // 1 234 567
    m.set(132, &[0x0017, 0x0A0B, 0x0000, 0]); // 2023-10-11 00:00
    m.set(136, &text("B1", 5));
    m.set(1637, &[10530, 1, 5, 3, 0]);
    let mut meter = Meter::new(Rtu::new(m), unit(), Model::Em6400Ng);
    let id = meter.identify().unwrap();
    assert_eq!(id.model_name.as_deref(), Some("EM6400NG"));
    assert_eq!(id.manufacturer.as_deref(), Some("Schneider Electric"));
    assert_eq!(id.meter_name.as_deref(), Some("Grid Incomer"));
    assert_eq!(id.product_id, Some(15511));
    assert_eq!(id.serial_number, Some(1_234_567));
    let date = id.manufacture_date.unwrap();
    assert_eq!((date.year, date.month, date.day), (2023, 10, 11));
    assert_eq!(id.hardware_revision.as_deref(), Some("B1"));
    assert_eq!(
        id.firmware,
        Some(FirmwareVersion {
            major: 1,
            minor: 5,
            quality: 3,
            internal: 0
        })
    );
    // Reads respect the 60-register limit and never touch undescribed registers.
    let link = meter.free().free();
    for f in &link.sent {
        let count = u16::from_be_bytes([f[4], f[5]]);
        assert!(count <= 60, "{count}");
    }
}

#[test]
fn identify_on_a_map_without_identity_registers_sends_nothing() {
    let mut meter = Meter::new(Rtu::new(FakeMeter::new(UNIT)), unit(), Model::Em6400);
    let id = meter.identify().unwrap();
    assert_eq!(id.model, Model::Em6400);
    assert_eq!(id.model_name, None);
    assert!(meter.free().free().sent.is_empty());
}

#[test]
fn a_plan_for_another_model_is_refused() {
    let plan: Plan =
        Plan::preset(Model::Em6400, Preset::Dashboard, &LinkParams::new(9600)).unwrap();
    let mut meter = Meter::new(Rtu::new(em6400ng()), unit(), Model::Em6400Ng);
    assert_eq!(
        meter.read(&plan).map_err(Error::from).unwrap_err(),
        Error::ModelMismatch {
            meter: Model::Em6400Ng,
            plan: Model::Em6400
        }
    );
}

#[test]
fn raw_reads_refuse_never_read_ranges() {
    let mut meter = Meter::new(Rtu::new(em6400ng()), unit(), Model::Em6400Ng);
    let mut buf = [0u16; 4];
    let err = meter
        .read_raw(RegisterNumber::new(3032).unwrap(), &mut buf)
        .unwrap_err();
    assert!(
        matches!(err, Error::Plan(PlanError::NotReadable(3032))),
        "{err:?}"
    );
    let mut buf = [0u16; 2];
    meter
        .read_raw(RegisterNumber::new(3028).unwrap(), &mut buf)
        .unwrap();
    assert_eq!(buf, [0x4366, 0x8000]);
    assert_eq!(meter.free().free().sent.len(), 1);
}

#[test]
fn async_meter_reads_the_same_values() {
    let mut meter = AsyncMeter::new(Rtu::new(em6400ng()), unit(), Model::Em6400Ng);
    let s = futures_executor::block_on(meter.read_preset(Preset::Dashboard))
        .map_err(Error::from)
        .unwrap();
    assert_eq!(s.get(Quantity::VoltageAN), Some(230.5));
    assert_eq!(
        s.get(Quantity::ActiveEnergyDelivered),
        Some(123_456_789_012.0)
    );
    let err = {
        meter
            .transport()
            .link()
            .script
            .push_back(Behaviour::Exception(3));
        futures_executor::block_on(meter.read_quantities(&[Quantity::Frequency]))
            .map_err(Error::from)
            .unwrap_err()
    };
    assert_eq!(err.exception(), Some(ExceptionCode::IllegalDataValue));
}

#[test]
fn many_meters_share_one_transport() {
    let mut rtu = Rtu::new(em6400ng());
    for id in [7u8, 8] {
        let mut meter = Meter::new(&mut rtu, UnitId::new(id).unwrap(), Model::Em6400Ng);
        let r = meter
            .read_quantities(&[Quantity::Frequency])
            .map_err(Error::from);
        if id == UNIT {
            assert_eq!(r.unwrap().get(Quantity::Frequency), Some(50.0));
        } else {
            assert_eq!(r.unwrap_err(), Error::Timeout, "unit 8 is not on the bus");
        }
    }
}

#[test]
fn identify_keeps_what_it_can_when_a_group_is_refused_and_fails_on_silence() {
    let mut m = em6400ng();
    let mut name = [0u16; 20];
    schneider_em::decode::encode_utf8("EM6400NG", &mut name);
    m.set(50, &name);
    m.set(90, &[15511]);
    // This variant refuses the firmware registers 1637-1641 (wire 1636-1640).
    m.forbidden.push((1636, 1640));
    let mut meter = Meter::new(Rtu::new(m), unit(), Model::Em6400Ng);
    let id = meter.identify().unwrap();
    assert_eq!(id.model_name.as_deref(), Some("EM6400NG"));
    assert_eq!(id.product_id, Some(15511));
    assert_eq!(id.firmware, None);

    let mut silent = em6400ng();
    silent.script.push_back(Behaviour::Silent);
    let mut meter = Meter::new(Rtu::new(silent), unit(), Model::Em6400Ng);
    assert_eq!(meter.identify().unwrap_err(), Error::Timeout);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 20_000, ..Default::default() })]

    /// Whatever bytes come back (any length, any content), a read returns a value or an error,
    /// never panics, and a value only comes from a CRC-valid frame of the right shape.
    #[test]
    fn driver_never_panics_on_arbitrary_replies(reply in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300)) {
        let mut fake = FakeMeter::new(UNIT);
        fake.script.push_back(Behaviour::Raw(reply));
        let mut meter = Meter::new(Rtu::new(fake), unit(), Model::Em6400Ng);
        let _ = meter.read_quantities(&[Quantity::Frequency]).map_err(Error::from);
        let _ = meter.identify();
        let mut buf = [0u16; 7];
        let _ = meter.read_raw(RegisterNumber::new(3000).unwrap(), &mut buf);
    }
}

#[test]
fn em1200_power_factors_decode_four_quadrant_and_plain_values_alike() {
    let mut m = FakeMeter::new(UNIT);
    m.set(3078, &[0x3F8C, 0xCCCD]); // 1.1 in 4Q form: 0.9 leading (Q4)
    m.set(3080, &[0x3F59, 0x999A]); // 0.85 plain: 0.85 lagging (Q1)
    m.set(3082, &[0xBF4C, 0xCCCD]); // −0.8 plain: exporting, lagging (Q3)
    let mut meter = Meter::new(Rtu::new(m), unit(), Model::Em1200);
    let s = meter
        .read_quantities(&[
            Quantity::PowerFactorA,
            Quantity::PowerFactorB,
            Quantity::PowerFactorC,
        ])
        .map_err(Error::from)
        .unwrap();
    let a = s.power_factor(Quantity::PowerFactorA).unwrap();
    assert!(
        (a.value - 0.9).abs() < 1e-6
            && a.character == PfCharacter::Leading
            && a.quadrant == Some(Quadrant::Q4)
    );
    let b = s.power_factor(Quantity::PowerFactorB).unwrap();
    assert!(
        (b.value - 0.85).abs() < 1e-6
            && b.character == PfCharacter::Lagging
            && b.quadrant == Some(Quadrant::Q1)
    );
    let c = s.power_factor(Quantity::PowerFactorC).unwrap();
    assert!((c.value + 0.8).abs() < 1e-6 && c.quadrant == Some(Quadrant::Q3));
}

/// The fake meter's end-of-test check itself: an unused scripted exchange fails the test.
#[test]
#[should_panic(expected = "scripted exchanges never used")]
fn fake_meter_fails_a_test_that_leaves_its_script_unused() {
    let mut fake = em6400ng();
    fake.script.push_back(Behaviour::Exception(2));
    fake.script.push_back(Behaviour::Silent);
    let mut meter = Meter::new(Rtu::new(fake), unit(), Model::Em6400Ng);
    let _ = meter.read_quantities(&[Quantity::Frequency]);
}

/// … and so do received bytes nobody read.
#[test]
#[should_panic(expected = "received bytes never read")]
fn fake_meter_fails_a_test_that_leaves_received_bytes_unread() {
    let mut fake = em6400ng();
    // A reply with two bytes of line noise after it.
    let mut reply = with_crc(vec![UNIT, 3, 4, 0x42, 0x48, 0, 0]);
    reply.extend_from_slice(&[0xAA, 0x55]);
    fake.script.push_back(Behaviour::Raw(reply));
    let mut meter = Meter::new(Rtu::new(fake), unit(), Model::Em6400Ng);
    assert_eq!(
        meter
            .read_quantities(&[Quantity::Frequency])
            .unwrap()
            .get(Quantity::Frequency),
        Some(50.0)
    );
}
