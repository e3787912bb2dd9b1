//! The simulator over every link: values decoded by the driver equal what the simulator
//! served, the models' protocol rules hold, faults surface as the right errors, and the
//! line-timed bus reproduces the bus-time model.
#![cfg(feature = "sim")]

mod reference;

use std::net::TcpListener;
use std::time::{Duration, Instant};

use schneider_em::sim::line::{BusLink, LineBus};
use schneider_em::sim::server::{serve_line, serve_pty, serve_rtu_over_tcp, serve_tcp};
use schneider_em::sim::{Faults, SimDevices, SimHandle, SimMeter};
use schneider_em::transport::serial::{SerialPortLink, SerialSettings};
use schneider_em::transport::tcp::{RtuOverTcpLink, TcpTransport};
use schneider_em::transport::RtuTiming;
use schneider_em::*;

fn timing(baud: u32) -> RtuTiming {
    RtuTiming::new(baud, Parity::Even, 1).with_turnaround_allowance_us(100_000)
}

fn unit(u: u8) -> UnitId {
    UnitId::new(u).unwrap()
}

/// Asserts that every quantity in `snap` equals the value the simulator served for it.
fn assert_matches_truth(snap: &Snapshot, handle: &SimHandle, u: u8) {
    let served = handle.served();
    let mut checked = 0;
    for (q, v) in snap.iter() {
        let truth = served
            .iter()
            .rev()
            .filter(|s| s.unit == u)
            .find_map(|s| s.values.iter().find(|(tq, _)| *tq == q).map(|(_, tv)| *tv))
            .unwrap_or_else(|| panic!("{q} was not served"));
        let t = truth.unwrap_or_else(|| panic!("{q} decoded but served as N/A"));
        assert!(
            (v - t).abs() <= 1e-9 * t.abs().max(1.0),
            "{q}: decoded {v}, served {t}"
        );
        checked += 1;
    }
    assert!(checked > 0);
}

fn line_meter(bus: &LineBus, u: u8, model: Model, baud: u32) -> Meter<Rtu<BusLink>> {
    Meter::new(
        Rtu::new(BusLink::new(bus.attach(), timing(baud))),
        unit(u),
        model,
    )
    .with_link(LinkParams::new(baud))
}

/// Decoded values equal what the simulator served. The simulator encodes from the same map,
/// so this alone cannot catch a wrong register, word order or unit in a map:
/// `simulator_serves_each_quantity_at_the_reference_register_word_order_and_unit` backs it
/// with hand-written facts from the reference tables.
#[test]
fn line_bus_values_equal_the_served_truth_for_every_model() {
    for model in Model::ALL {
        let bus = LineBus::new(timing(115_200));
        let handle = SimHandle::new(SimDevices::with_meters(model, [3, 4], 7));
        let _server = serve_line(&bus, handle.clone());
        let mut meter = line_meter(&bus, 4, model, 115_200);
        let snap = meter.read_preset(Preset::All).map_err(Error::from).unwrap();
        // Every quantity of the map comes back, except the ground current and its THD, which
        // the simulated wye systems (with a neutral) report as not available.
        let expected = model
            .map()
            .quantities()
            .difference(&QuantitySet::from_slice(&[
                Quantity::CurrentG,
                Quantity::ThdCurrentG,
            ]));
        assert_eq!(snap.available(), expected, "{model}");
        assert_matches_truth(&snap, &handle, 4);
    }
}

#[test]
fn simulated_values_are_physically_consistent() {
    let bus = LineBus::new(timing(115_200));
    let handle = SimHandle::new(SimDevices::with_meters(Model::Em6400Ng, [1], 42));
    let _server = serve_line(&bus, handle.clone());
    let mut meter = line_meter(&bus, 1, Model::Em6400Ng, 115_200);
    let q = |s: &Snapshot, q: Quantity| s.get(q).unwrap();
    let s = meter.read_preset(Preset::All).map_err(Error::from).unwrap();
    use Quantity as Q;
    for (v, i, p, pf) in [
        (Q::VoltageAN, Q::CurrentA, Q::ActivePowerA, Q::PowerFactorA),
        (Q::VoltageBN, Q::CurrentB, Q::ActivePowerB, Q::PowerFactorB),
        (Q::VoltageCN, Q::CurrentC, Q::ActivePowerC, Q::PowerFactorC),
    ] {
        let expected = q(&s, v) * q(&s, i) * q(&s, pf).abs();
        assert!((q(&s, p) - expected).abs() < 1e-3 * expected, "P = V·I·PF");
    }
    let sum = q(&s, Q::ActivePowerA) + q(&s, Q::ActivePowerB) + q(&s, Q::ActivePowerC);
    assert!((q(&s, Q::ActivePowerTotal) - sum).abs() < 1e-3 * sum);
    let pq = (q(&s, Q::ActivePowerA).powi(2) + q(&s, Q::ReactivePowerA).powi(2)).sqrt();
    assert!(
        (pq - q(&s, Q::ApparentPowerA)).abs() < 1e-3 * pq,
        "S² = P² + Q² per phase"
    );
    let f = q(&s, Q::Frequency);
    assert!((49.9..=50.1).contains(&f));
    // Energy integrates power: over 1.5 s it grows by about P·t.
    let e0 = q(&s, Q::ActiveEnergyDelivered);
    let p0 = q(&s, Q::ActivePowerTotal);
    std::thread::sleep(Duration::from_millis(1500));
    let s2 = meter
        .read_quantities(&[Q::ActiveEnergyDelivered, Q::ActivePowerTotal])
        .map_err(Error::from)
        .unwrap();
    let de = q(&s2, Q::ActiveEnergyDelivered) - e0;
    let expected = p0 * 1.5 / 3600.0;
    assert!(
        de >= 0.0 && (de - expected).abs() <= expected * 0.3 + 1.0,
        "ΔE {de} Wh vs P·t {expected} Wh"
    );
}

/// The simulator applies the models' rules from the maps; the register constants used here are
/// checked against the reference tables by `model_rule_constants_agree_with_the_reference_tables`.
#[test]
fn model_rules_are_enforced_like_the_real_meters() {
    let bus = LineBus::new(timing(115_200));
    let mut devices = SimDevices::new(1);
    devices.add(SimMeter::new(Model::Em6400Ng, 1, 1));
    devices.add(SimMeter::new(Model::Em6400, 2, 1));
    let handle = SimHandle::new(devices);
    let _server = serve_line(&bus, handle.clone());
    let mut rtu = Rtu::new(BusLink::new(bus.attach(), timing(115_200)));
    let mut read = |u: u8, f: ReadFunction, wire: u16, n: usize| {
        let mut buf = vec![0u16; n];
        rtu.read_registers(unit(u), f, WireAddress::new(wire), &mut buf)
            .map(|_| buf)
    };
    let fc3 = ReadFunction::HoldingRegisters;
    // Across the undefined 3034-3035.
    assert_eq!(
        read(1, fc3, 3031, 4).unwrap_err().exception(),
        Some(ExceptionCode::IllegalDataAddress)
    );
    // Over the EM6400NG limit of 60 registers.
    assert_eq!(
        read(1, fc3, 3035, 61).unwrap_err().exception(),
        Some(ExceptionCode::IllegalDataValue)
    );
    assert!(read(1, fc3, 3035, 58).is_ok());
    // FC04 is rejected (as a PM2200 field report shows).
    assert_eq!(
        read(1, ReadFunction::InputRegisters, 2999, 2)
            .unwrap_err()
            .exception(),
        Some(ExceptionCode::IllegalFunction)
    );
    // Legacy: partial block read rejected, whole block accepted, reserved Turbo registers read 0.
    assert_eq!(
        read(2, fc3, 3000, 10).unwrap_err().exception(),
        Some(ExceptionCode::IllegalDataAddress)
    );
    assert_eq!(read(2, fc3, 3000, 20).unwrap().len(), 20);
    assert_eq!(read(2, fc3, 3980, 12).unwrap(), vec![0u16; 12]);
    // An id nobody has: silence.
    assert!(matches!(read(9, fc3, 2999, 2).unwrap_err(), Error::Timeout));
}

#[test]
fn not_available_quantities_read_as_none() {
    let bus = LineBus::new(timing(115_200));
    let mut devices = SimDevices::new(1);
    devices.add(
        SimMeter::new(Model::Em6400Ng, 1, 1).without(QuantitySet::from_slice(&[
            Quantity::ThdCurrentA,
            Quantity::CurrentN,
        ])),
    );
    let handle = SimHandle::new(devices);
    let _server = serve_line(&bus, handle.clone());
    let mut meter = line_meter(&bus, 1, Model::Em6400Ng, 115_200);
    let s = meter
        .read_quantities(&[
            Quantity::ThdCurrentA,
            Quantity::CurrentN,
            Quantity::CurrentA,
        ])
        .map_err(Error::from)
        .unwrap();
    assert_eq!(s.get(Quantity::ThdCurrentA), None);
    assert_eq!(s.get(Quantity::CurrentN), None);
    assert!(s.get(Quantity::CurrentA).is_some());
}

#[test]
fn faults_surface_as_the_right_errors() {
    let bus = LineBus::new(timing(115_200));
    let mut devices = SimDevices::new(3);
    devices.add(SimMeter::new(Model::Em6400Ng, 1, 1).with_faults(Faults {
        dead: true,
        ..Faults::default()
    }));
    devices.add(SimMeter::new(Model::Em6400Ng, 2, 1).with_faults(Faults {
        corrupt_crc_probability: 1.0,
        ..Faults::default()
    }));
    devices.add(SimMeter::new(Model::Em6400Ng, 3, 1).with_faults(Faults {
        garbage_probability: 1.0,
        ..Faults::default()
    }));
    devices.add(SimMeter::new(Model::Em6400Ng, 4, 1).with_faults(Faults {
        offline: vec![(Duration::ZERO, Duration::from_millis(400))],
        ..Faults::default()
    }));
    devices.add(SimMeter::new(Model::Em6400Ng, 5, 1).with_faults(Faults {
        energy_reset_after: Some(Duration::from_millis(300)),
        ..Faults::default()
    }));
    let handle = SimHandle::new(devices);
    let _server = serve_line(&bus, handle.clone());
    let energy = |u| {
        line_meter(&bus, u, Model::Em6400Ng, 115_200)
            .read_quantities(&[Quantity::ActiveEnergyDelivered])
            .map_err(Error::from)
            .unwrap()
            .get(Quantity::ActiveEnergyDelivered)
            .unwrap()
    };
    let before = energy(5);
    let read = |u: u8| {
        line_meter(&bus, u, Model::Em6400Ng, 115_200)
            .read_quantities(&[Quantity::Frequency])
            .map_err(Error::from)
    };
    assert!(matches!(read(1).unwrap_err(), Error::Timeout));
    assert!(matches!(
        read(2).unwrap_err(),
        Error::Frame(FrameError::Crc { .. })
    ));
    assert!(read(3).unwrap_err().is_frame());
    assert!(
        matches!(read(4).unwrap_err(), Error::Timeout),
        "offline window"
    );
    std::thread::sleep(Duration::from_millis(450));
    assert!(read(4).is_ok(), "back online");
    assert!(before > 1.0e5, "{before}");
    assert!(energy(5) < 100.0, "counter was reset");
}

/// Unit 1 answers late: a currents read times out, then a voltages read of the same unit and
/// the same count (where a stale reply would pass every frame check) must time out too rather
/// than return the late currents, and unit 2 read next gets its own answer.
fn assert_late_reply_not_taken<L: SerialLink>(rtu: &mut Rtu<L>, handle: &SimHandle)
where
    Rtu<L>: Transport,
    <Rtu<L> as Transport>::Error: std::fmt::Debug,
{
    let mut read = |wire: u16| {
        let mut words = [0u16; 6];
        rtu.read_registers(
            unit(1),
            ReadFunction::HoldingRegisters,
            WireAddress::new(wire),
            &mut words,
        )
    };
    assert!(matches!(read(2999).unwrap_err(), Error::Timeout));
    assert!(
        matches!(read(3027).unwrap_err(), Error::Timeout),
        "a stale reply was taken as the answer"
    );
    let s = Meter::new(&mut *rtu, unit(2), Model::Em6400Ng)
        .read_quantities(&[Quantity::VoltageAN])
        .map_err(Error::from)
        .unwrap();
    assert_matches_truth(&s, handle, 2);
}

#[test]
fn late_reply_after_timeout_is_not_taken_as_next_answer() {
    // Unit 1 answers 150 ms late; the master gives up after a 50 ms allowance. Its next
    // request goes to the same unit with the same register count, the case where a stale reply
    // would pass every frame check. On the emulated bus the late reply is already scheduled
    // when the master sends again, so the master waits until it has passed and discards it:
    // this tests that discard (the post-timeout guard is tested on real links: pty, RTU over
    // TCP, and the embedded backends with mocks).
    let bus = LineBus::new(timing(115_200));
    let mut devices = SimDevices::new(3);
    devices.add(SimMeter::new(Model::Em6400Ng, 1, 1).with_faults(Faults {
        extra_turnaround: Duration::from_millis(150),
        ..Faults::default()
    }));
    devices.add(SimMeter::new(Model::Em6400Ng, 2, 2));
    let handle = SimHandle::new(devices);
    let _server = serve_line(&bus, handle.clone());
    let mut rtu = Rtu::new(BusLink::new(
        bus.attach(),
        timing(115_200).with_turnaround_allowance_us(50_000),
    ));
    assert_late_reply_not_taken(&mut rtu, &handle);
    assert!(
        rtu.link().discarded_bytes() >= 2 * 17,
        "both late replies were discarded"
    );
}

#[test]
fn pty_serial_link_reads_the_simulator_and_drains_late_replies() {
    let mut devices = SimDevices::new(1);
    devices.add(SimMeter::new(Model::Em6400Ng, 1, 5));
    devices.add(SimMeter::new(Model::Em6400Ng, 2, 5).with_turnaround(Duration::from_millis(120)));
    let handle = SimHandle::new(devices);
    let server = serve_pty(handle.clone(), None, timing(19200)).unwrap();
    let path = server.path().unwrap().to_str().unwrap().to_string();
    let settings = SerialSettings {
        baud: 19200,
        parity: Parity::None,
        stop_bits: 1,
    };
    let link = SerialPortLink::open(&path, settings).unwrap();
    let mut rtu = Rtu::new(link);
    let s = Meter::new(&mut rtu, unit(1), Model::Em6400Ng)
        .read_preset(Preset::Dashboard)
        .map_err(Error::from)
        .unwrap();
    assert_matches_truth(&s, &handle, 1);
    // Unit 2 answers after 120 ms; with a 40 ms allowance the read times out …
    rtu.link()
        .set_timing(RtuTiming::new(19200, Parity::None, 1).with_turnaround_allowance_us(40_000));
    assert!(matches!(
        Meter::new(&mut rtu, unit(2), Model::Em6400Ng)
            .read_quantities(&[Quantity::Frequency])
            .map_err(Error::from)
            .unwrap_err(),
        Error::Timeout
    ));
    // … and its late reply, arriving before the next request, is drained, not taken as the
    // answer.
    std::thread::sleep(Duration::from_millis(150));
    rtu.link().set_timing(timing(19200));
    let s = Meter::new(&mut rtu, unit(1), Model::Em6400Ng)
        .read_quantities(&[Quantity::VoltageAN])
        .map_err(Error::from)
        .unwrap();
    assert_matches_truth(&s, &handle, 1);
    assert!(rtu.link().drained_bytes() > 0, "the late reply was drained");
    // Same unit, same count: unit 2's late reply to a currents read must not be taken for the
    // voltages read that follows (the guard after a timeout drains it first).
    rtu.link()
        .set_timing(RtuTiming::new(19200, Parity::None, 1).with_turnaround_allowance_us(60_000));
    let mut currents = [0u16; 6];
    assert!(matches!(
        rtu.read_registers(
            unit(2),
            ReadFunction::HoldingRegisters,
            WireAddress::new(2999),
            &mut currents
        )
        .unwrap_err(),
        Error::Timeout
    ));
    rtu.link()
        .set_timing(RtuTiming::new(19200, Parity::None, 1).with_turnaround_allowance_us(400_000));
    let s = Meter::new(&mut rtu, unit(2), Model::Em6400Ng)
        .read_quantities(&[
            Quantity::VoltageAN,
            Quantity::VoltageBN,
            Quantity::VoltageCN,
        ])
        .map_err(Error::from)
        .unwrap();
    assert_matches_truth(&s, &handle, 2);
    assert!(
        (200.0..260.0).contains(&s.get(Quantity::VoltageAN).unwrap()),
        "a voltage, not a current"
    );
    // A late reply arriving after the next request went out is recognised as another unit's
    // frame and skipped.
    rtu.link()
        .set_timing(RtuTiming::new(19200, Parity::None, 1).with_turnaround_allowance_us(40_000));
    assert!(matches!(
        Meter::new(&mut rtu, unit(2), Model::Em6400Ng)
            .read_quantities(&[Quantity::Frequency])
            .map_err(Error::from)
            .unwrap_err(),
        Error::Timeout
    ));
    rtu.link()
        .set_timing(RtuTiming::new(19200, Parity::None, 1).with_turnaround_allowance_us(400_000));
    let s = Meter::new(&mut rtu, unit(1), Model::Em6400Ng)
        .read_quantities(&[Quantity::CurrentA])
        .map_err(Error::from)
        .unwrap();
    assert_matches_truth(&s, &handle, 1);
}

#[test]
fn modbus_tcp_and_rtu_over_tcp_serve_the_same_truth() {
    let handle = SimHandle::new(SimDevices::with_meters(Model::Em6400Ng, 1..=3, 9));
    let l1 = TcpListener::bind("127.0.0.1:0").unwrap();
    let a1 = l1.local_addr().unwrap().to_string();
    let _tcp = serve_tcp(l1, handle.clone());
    let l2 = TcpListener::bind("127.0.0.1:0").unwrap();
    let a2 = l2.local_addr().unwrap().to_string();
    let _rot = serve_rtu_over_tcp(l2, handle.clone());

    let t = TcpTransport::connect(&a1, Duration::from_millis(500)).unwrap();
    let mut m = Meter::new(t, unit(2), Model::Em6400Ng);
    let s = m
        .read_preset(Preset::Dashboard)
        .map_err(Error::from)
        .unwrap();
    assert_matches_truth(&s, &handle, 2);
    let over_limit = m.transport().read_registers(
        unit(2),
        ReadFunction::HoldingRegisters,
        WireAddress::new(3035),
        &mut [0u16; 61],
    );
    assert_eq!(
        over_limit.unwrap_err().exception(),
        Some(ExceptionCode::IllegalDataValue)
    );
    let mut silent = Meter::new(
        TcpTransport::connect(&a1, Duration::from_millis(200)).unwrap(),
        unit(77),
        Model::Em6400Ng,
    );
    assert!(matches!(
        silent
            .read_quantities(&[Quantity::Frequency])
            .map_err(Error::from)
            .unwrap_err(),
        Error::Timeout
    ));

    let link = RtuOverTcpLink::connect(&a2, timing(19200), Duration::from_millis(50)).unwrap();
    let mut m = Meter::new(Rtu::new(link), unit(3), Model::Em6400Ng);
    let s = m
        .read_preset(Preset::Dashboard)
        .map_err(Error::from)
        .unwrap();
    assert_matches_truth(&s, &handle, 3);
}

#[cfg(feature = "tokio")]
#[test]
fn async_tcp_clients_read_the_simulator() {
    use schneider_em::transport::tokio::{AsyncRtuOverTcpLink, AsyncTcpTransport};
    let handle = SimHandle::new(SimDevices::with_meters(Model::Em6400, 1..=2, 4));
    let l1 = TcpListener::bind("127.0.0.1:0").unwrap();
    let a1 = l1.local_addr().unwrap().to_string();
    let _tcp = serve_tcp(l1, handle.clone());
    let l2 = TcpListener::bind("127.0.0.1:0").unwrap();
    let a2 = l2.local_addr().unwrap().to_string();
    let _rot = serve_rtu_over_tcp(l2, handle.clone());
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let t = AsyncTcpTransport::connect(&a1, Duration::from_millis(500))
            .await
            .unwrap();
        let mut m = AsyncMeter::new(t, unit(1), Model::Em6400);
        let s = m
            .read_preset(Preset::Dashboard)
            .await
            .map_err(Error::from)
            .unwrap();
        assert_matches_truth(&s, &handle, 1);
        let l = AsyncRtuOverTcpLink::connect(&a2, timing(19200), Duration::from_millis(50))
            .await
            .unwrap();
        let mut m = AsyncMeter::new(Rtu::new(l), unit(2), Model::Em6400);
        let s = m
            .read_preset(Preset::All)
            .await
            .map_err(Error::from)
            .unwrap();
        assert_matches_truth(&s, &handle, 2);
        let mut m = AsyncMeter::new(
            Rtu::new(
                AsyncRtuOverTcpLink::connect(&a2, timing(19200), Duration::from_millis(20))
                    .await
                    .unwrap(),
            ),
            unit(9),
            Model::Em6400,
        );
        assert!(matches!(
            m.read_quantities(&[Quantity::Frequency])
                .await
                .map_err(Error::from)
                .unwrap_err(),
            Error::Timeout
        ));
    });
}

#[test]
fn all_247_unit_ids_answer_on_one_bus() {
    let bus = LineBus::new(timing(115_200));
    let handle = SimHandle::new(SimDevices::with_meters(Model::Em6400Ng, 1..=247, 11));
    let _server = serve_line(&bus, handle.clone());
    let mut rtu = Rtu::new(BusLink::new(bus.attach(), timing(115_200)));
    for u in 1..=247u8 {
        let s = Meter::new(&mut rtu, unit(u), Model::Em6400Ng)
            .read_quantities(&[Quantity::Frequency])
            .map_err(Error::from)
            .unwrap();
        assert!(s.get(Quantity::Frequency).is_some(), "unit {u}");
    }
    assert_eq!(bus.stats().collisions, 0);
}

#[test]
fn line_timed_cycle_matches_the_bus_time_model_within_5_percent() {
    // 8 meters at 19200 baud, 10 ms turnaround: planned and naive dashboard reads.
    let baud = 19200;
    let bus = LineBus::new(timing(baud));
    let handle = SimHandle::new(SimDevices::with_meters(Model::Em6400Ng, 1..=8, 2));
    let _server = serve_line(&bus, handle);
    let link = LinkParams::new(baud).with_turnaround_us(10_000);
    let plan: Plan = Plan::preset(Model::Em6400Ng, Preset::Dashboard, &link).unwrap();
    let mut rtu = Rtu::new(BusLink::new(bus.attach(), timing(baud)));
    // Warm up once, then time three full cycles and keep the fastest: scheduler noise from
    // tests running in parallel can only add time, never remove it.
    Meter::new(&mut rtu, unit(1), Model::Em6400Ng)
        .read(&plan)
        .map_err(Error::from)
        .unwrap();
    let measured = (0..3)
        .map(|_| {
            let t0 = Instant::now();
            for u in 1..=8 {
                Meter::new(&mut rtu, unit(u), Model::Em6400Ng)
                    .read(&plan)
                    .map_err(Error::from)
                    .unwrap();
            }
            t0.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min);
    let model = plan.cycle_time_ns(8) as f64 / 1e9;
    let ratio = measured / model;
    assert!(
        (0.95..=1.05).contains(&ratio),
        "measured {measured:.4} s vs model {model:.4} s ({ratio:.3})"
    );
}

#[test]
fn simulator_rejects_other_function_codes_with_exception_01_over_tcp() {
    use std::io::{Read, Write};
    let handle = SimHandle::new(SimDevices::with_meters(Model::Em6400Ng, [1], 1));
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let _server = serve_tcp(listener, handle);
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(2))).unwrap();
    // FC16 (write multiple registers), FC43 (device identification), and a malformed FC03.
    for (pdu, want) in [
        (
            vec![0x10u8, 0x0B, 0xB7, 0x00, 0x01, 0x02, 0x00, 0x00],
            vec![0x90u8, 0x01],
        ),
        (vec![0x2B, 0x0E, 0x01, 0x00], vec![0xAB, 0x01]),
        (vec![0x03, 0x0B, 0xB7], vec![0x83, 0x03]),
    ] {
        let mut adu = vec![0x12, 0x34, 0, 0];
        adu.extend_from_slice(&((pdu.len() + 1) as u16).to_be_bytes());
        adu.push(1);
        adu.extend_from_slice(&pdu);
        s.write_all(&adu).unwrap();
        let mut reply = [0u8; 9];
        s.read_exact(&mut reply).unwrap();
        assert_eq!(&reply[..2], &[0x12, 0x34], "transaction id echoed");
        assert_eq!(&reply[7..], &want[..], "{pdu:02X?}");
    }
}

#[test]
fn rtu_over_tcp_late_reply_from_the_same_unit_is_drained_not_taken() {
    // Unit 1 answers 110 ms late; the link allows 50 ms + 20 ms network, so the read times out
    // at about 85 ms and the late reply arrives during the 50 ms guard that follows.
    let mut devices = SimDevices::new(5);
    devices.add(SimMeter::new(Model::Em6400Ng, 1, 1).with_turnaround(Duration::from_millis(110)));
    devices.add(SimMeter::new(Model::Em6400Ng, 2, 2));
    let handle = SimHandle::new(devices);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let _server = serve_rtu_over_tcp(listener, handle.clone());
    let link = RtuOverTcpLink::connect(
        &addr,
        timing(19200).with_turnaround_allowance_us(50_000),
        Duration::from_millis(20),
    )
    .unwrap();
    let mut rtu = Rtu::new(link);
    // Without the guard the late currents reply would be returned for the voltages read.
    assert_late_reply_not_taken(&mut rtu, &handle);
}

// ---------------------------------------------------------------------------------------------
// The simulator encodes from the same maps the driver decodes with, so the tests above would
// pass with a wrong register number, word order or unit in a map. These back them with facts
// written here by hand from the reference tables (`../shared/reference/register-maps/*.csv`),
// never imported from the crate, and check those hand-written facts against the tables too.
// ---------------------------------------------------------------------------------------------

/// How a value is stored on the wire, as the reference tables give it.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Stored {
    /// FLOAT32, high word first.
    F32Abcd,
    /// FLOAT32, low word first (word-swapped).
    F32Cdab,
    /// FLOAT32, high word first, four-quadrant power factor (2 − x above 1, −2 − x below −1).
    Pf4qAbcd,
    /// INT64, most significant register first.
    I64,
}

impl Stored {
    fn words(self) -> u16 {
        if self == Stored::I64 {
            4
        } else {
            2
        }
    }

    /// Decodes by hand, without the crate's decoder.
    fn decode(self, w: &[u16]) -> f64 {
        let hi_lo = |a: u16, b: u16| (u32::from(a) << 16) | u32::from(b);
        match self {
            Stored::F32Abcd => f64::from(f32::from_bits(hi_lo(w[0], w[1]))),
            Stored::F32Cdab => f64::from(f32::from_bits(hi_lo(w[1], w[0]))),
            Stored::Pf4qAbcd => {
                let x = f32::from_bits(hi_lo(w[0], w[1]));
                f64::from(if x > 1.0 {
                    2.0 - x
                } else if x < -1.0 {
                    -2.0 - x
                } else {
                    x
                })
            }
            Stored::I64 => {
                (u64::from(hi_lo(w[0], w[1])) << 32 | u64::from(hi_lo(w[2], w[3]))) as i64 as f64
            }
        }
    }

    /// What the reference table's type column must say.
    fn in_table(self, ty: &str, name: &str) -> bool {
        match self {
            Stored::F32Abcd => ty.starts_with("FLOAT32") && ty.contains("high word first"),
            Stored::F32Cdab => ty.starts_with("FLOAT32") && ty.contains("low word first"),
            Stored::Pf4qAbcd => {
                ty.starts_with("FLOAT32")
                    && ty.contains("high word first")
                    && (ty.contains("4Q_FP_PF") || name.contains("4Q_FP_PF"))
            }
            Stored::I64 => {
                ty.starts_with("INT64") && ty.contains("most significant register first")
            }
        }
    }
}

/// A quantity at a documented register: how it is stored, the unit the table prints and the
/// factor to the crate's normalised unit (W, var, VA, Wh, V, A, Hz).
struct Fact(Quantity, u16, Stored, &'static str, f64);

fn facts(model: Model) -> Vec<Fact> {
    use Quantity as Q;
    use Stored::*;
    match model {
        Model::Em6400Ng => vec![
            Fact(Q::CurrentA, 3000, F32Abcd, "A", 1.0),
            Fact(Q::CurrentC, 3004, F32Abcd, "A", 1.0),
            Fact(Q::VoltageAB, 3020, F32Abcd, "V", 1.0),
            Fact(Q::VoltageAN, 3028, F32Abcd, "V", 1.0),
            Fact(Q::VoltageCN, 3032, F32Abcd, "V", 1.0),
            Fact(Q::ActivePowerA, 3054, F32Abcd, "kW", 1000.0),
            Fact(Q::ActivePowerTotal, 3060, F32Abcd, "kW", 1000.0),
            Fact(Q::ReactivePowerTotal, 3068, F32Abcd, "kVAR", 1000.0),
            Fact(Q::ApparentPowerTotal, 3076, F32Abcd, "kVA", 1000.0),
            Fact(Q::PowerFactorTotal, 3084, Pf4qAbcd, "", 1.0),
            Fact(Q::Frequency, 3110, F32Abcd, "Hz", 1.0),
            Fact(Q::ActiveEnergyDelivered, 3204, I64, "Wh", 1.0),
        ],
        Model::Em6400 => vec![
            Fact(Q::ApparentPowerTotal, 3901, F32Cdab, "VA", 1.0),
            Fact(Q::ActivePowerTotal, 3903, F32Cdab, "W", 1.0),
            Fact(Q::ReactivePowerTotal, 3905, F32Cdab, "VAR", 1.0),
            Fact(Q::Frequency, 3915, F32Cdab, "Hz", 1.0),
            Fact(Q::VoltageAN, 3927, F32Cdab, "V", 1.0),
            Fact(Q::CurrentA, 3929, F32Cdab, "A", 1.0),
            Fact(Q::ActiveEnergyDelivered, 3961, F32Cdab, "Wh", 1.0),
        ],
        Model::Em1200 => vec![
            Fact(Q::CurrentA, 3000, F32Abcd, "A", 1.0),
            Fact(Q::VoltageAB, 3020, F32Abcd, "V", 1.0),
            Fact(Q::VoltageAN, 3028, F32Abcd, "V", 1.0),
            Fact(Q::PowerFactorA, 3078, Pf4qAbcd, "", 1.0),
            Fact(Q::Frequency, 3110, F32Abcd, "Hz", 1.0),
        ],
        other => panic!("no hand-written facts for {other:?}"),
    }
}

fn table_name(model: Model) -> &'static str {
    match model {
        Model::Em6400Ng => "em6400ng",
        Model::Em6400 => "em6400",
        _ => "em1200",
    }
}

/// For every model, raw words read at the hand-written register (wire = register − 1) and
/// decoded by hand with the hand-written word order and unit factor equal the value the
/// simulator says it served for that quantity in that very reply. A map with the quantity at
/// another register, in the other word order or in another unit fails this. The hand-written
/// facts are checked against the reference tables first.
#[test]
fn simulator_serves_each_quantity_at_the_reference_register_word_order_and_unit() {
    const TEST: &str =
        "simulator_serves_each_quantity_at_the_reference_register_word_order_and_unit";
    for model in Model::ALL {
        let facts = facts(model);
        if let Some(rows) = reference::table(TEST, table_name(model)) {
            for Fact(q, register, stored, unit, factor) in &facts {
                let row = rows
                    .iter()
                    .find(|r| r.register == *register)
                    .unwrap_or_else(|| panic!("{model} {q}: register {register} not in the table"));
                assert_eq!(row.wire, register - 1, "{model} {q}: wire address");
                assert_eq!(row.words, stored.words(), "{model} {q}: words");
                assert!(
                    stored.in_table(&row.ty, &row.name),
                    "{model} {q}: {stored:?} vs '{}'",
                    row.ty
                );
                assert_eq!(row.unit, *unit, "{model} {q}: unit");
                let kilo = if unit.starts_with('k') { 1000.0 } else { 1.0 };
                assert_eq!(*factor, kilo, "{model} {q}: factor for {unit}");
            }
        }
        let bus = LineBus::new(timing(115_200));
        let handle = SimHandle::new(SimDevices::with_meters(model, [1], 13));
        let _server = serve_line(&bus, handle.clone());
        let mut rtu = Rtu::new(BusLink::new(bus.attach(), timing(115_200)));
        for Fact(q, register, stored, _, factor) in &facts {
            let mut words = vec![0u16; usize::from(stored.words())];
            rtu.read_registers(
                unit(1),
                ReadFunction::HoldingRegisters,
                WireAddress::new(register - 1),
                &mut words,
            )
            .unwrap_or_else(|e| panic!("{model} {q}: read of register {register}: {e:?}"));
            let served = handle.served().pop().unwrap();
            assert_eq!((served.start, &served.words), (register - 1, &words));
            let truth = served
                .values
                .iter()
                .find(|(sq, _)| sq == q)
                .unwrap_or_else(|| {
                    panic!("{model}: the map does not serve {q} at register {register}")
                })
                .1
                .unwrap();
            let got = stored.decode(&words) * factor;
            let tolerance = if *stored == Stored::Pf4qAbcd {
                1e-6
            } else {
                1e-12 * truth.abs()
            };
            assert!(
                (got - truth).abs() <= tolerance,
                "{model} {q}: words {words:04X?} decode to {got} by the reference, served {truth}"
            );
        }
    }
}

/// The N/A sentinel of the EM6400NG float registers, written by hand from the reference notes
/// (FLOAT32 N/A = 0xFFC00000, high word first), is what a meter lacking a quantity serves: the
/// words behind `not_available_quantities_read_as_none`.
#[test]
fn simulator_serves_the_reference_float_sentinel_for_missing_quantities() {
    const THD_CURRENT_A: u16 = 21300;
    if let Some(rows) = reference::table(
        "simulator_serves_the_reference_float_sentinel_for_missing_quantities",
        "em6400ng",
    ) {
        let row = rows.iter().find(|r| r.register == THD_CURRENT_A).unwrap();
        assert!(row.name.contains("THD Current A") && row.ty.starts_with("FLOAT32"));
    }
    let bus = LineBus::new(timing(115_200));
    let mut devices = SimDevices::new(1);
    devices.add(
        SimMeter::new(Model::Em6400Ng, 1, 1)
            .without(QuantitySet::from_slice(&[Quantity::ThdCurrentA])),
    );
    let _server = serve_line(&bus, SimHandle::new(devices));
    let mut rtu = Rtu::new(BusLink::new(bus.attach(), timing(115_200)));
    let mut words = [0u16; 4];
    rtu.read_registers(
        unit(1),
        ReadFunction::HoldingRegisters,
        WireAddress::new(THD_CURRENT_A - 1),
        &mut words,
    )
    .unwrap();
    assert_eq!(words[..2], [0xFFC0, 0x0000], "THD current A: N/A");
    assert_ne!(words[2..], [0xFFC0, 0x0000], "THD current B is served");
}

/// The register constants of `model_rules_are_enforced_like_the_real_meters` agree with the
/// reference tables: registers 3034–3035 are not in the EM6400NG list (so a read of wire 3031
/// × 4 crosses undescribed registers), the legacy RMS Total block is registers 3001–3020 and
/// must be read whole, and the legacy Turbo registers 3981–3992 are reserved and read 0.
/// (The EM6400NG limit of 60 registers a read is the map's choice: the reference leaves the
/// meter's limit open.)
#[test]
fn model_rule_constants_agree_with_the_reference_tables() {
    const TEST: &str = "model_rule_constants_agree_with_the_reference_tables";
    let (Some(ng), Some(legacy)) = (
        reference::table(TEST, "em6400ng"),
        reference::table(TEST, "em6400"),
    ) else {
        return;
    };
    let covers = |rows: &[reference::Row], n: u16| {
        rows.iter()
            .any(|r| r.register <= n && n < r.register + r.words)
    };
    assert!(covers(&ng, 3032) && covers(&ng, 3033) && covers(&ng, 3036));
    assert!(
        !covers(&ng, 3034) && !covers(&ng, 3035),
        "3034-3035 undescribed"
    );
    let block: Vec<_> = legacy
        .iter()
        .filter(|r| {
            r.name
                .starts_with("RMS Total block (read all 20 regs at once)")
        })
        .collect();
    assert_eq!(block.first().unwrap().register, 3001);
    let last = block.last().unwrap();
    assert_eq!(last.register + last.words - 1, 3020);
    assert_eq!(block.iter().map(|r| r.words).sum::<u16>(), 20);
    for n in 3981..=3992 {
        let row = legacy
            .iter()
            .find(|r| r.register <= n && n < r.register + r.words)
            .unwrap_or_else(|| panic!("legacy register {n} not in the table"));
        assert!(
            row.name.contains("RESERVED") && row.name.contains("reads 0"),
            "{n}: {}",
            row.name
        );
    }
}
