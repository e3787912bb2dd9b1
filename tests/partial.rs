//! Reads that fail part-way: every error names its request, a partial read returns what was
//! read plus what failed and why, refused ranges are found by splitting and planned around,
//! and damaged replies are diagnosed truthfully. Register numbers and request sequences are
//! written here by hand from the EM6400NG register list (reference CSV), not taken from the
//! planner under test.

mod common;

use common::{with_crc, Behaviour, FakeMeter};
use schneider_em::*;

const UNIT: u8 = 1;

fn unit() -> UnitId {
    UnitId::new(UNIT).unwrap()
}

/// An EM6400NG image: V A-N at 3028, P/Q/S totals at 3060/3068/3076 (kW, kvar, kVA),
/// frequency at 3110 — all FLOAT32 ABCD per the PMC register list.
fn em6400ng() -> FakeMeter {
    let mut m = FakeMeter::new(UNIT);
    m.set_f32(3028, 230.5);
    m.set_f32(3060, 7.25);
    m.set_f32(3068, -1.5);
    m.set_f32(3076, 7.5);
    m.set_f32(3110, 50.0);
    m
}

const WANTED: [Quantity; 5] = [
    Quantity::VoltageAN,
    Quantity::ActivePowerTotal,
    Quantity::ReactivePowerTotal,
    Quantity::ApparentPowerTotal,
    Quantity::Frequency,
];

fn plan() -> Plan {
    Plan::new(
        Model::Em6400Ng,
        &QuantitySet::from_slice(&WANTED),
        &LinkParams::new(19200),
    )
    .unwrap()
}

/// (wire address, count) of each request an RTU frame log holds.
fn requests(sent: &[Vec<u8>]) -> Vec<(u16, u16)> {
    sent.iter()
        .map(|f| {
            (
                u16::from_be_bytes([f[2], f[3]]),
                u16::from_be_bytes([f[4], f[5]]),
            )
        })
        .collect()
}

#[test]
fn the_hand_derived_plan_is_three_reads() {
    // 3028-3029 alone; 3060-3077 merged (a 6-register hole is cheaper than a request at
    // 19200 baud); 3110-3111 alone. Wire addresses are register − 1.
    let reqs: Vec<(u16, u16)> = plan()
        .requests()
        .iter()
        .map(|r| (r.start.get(), r.count))
        .collect();
    assert_eq!(reqs, [(3027, 2), (3059, 18), (3109, 2)]);
}

#[test]
fn a_failed_strict_read_names_the_request_and_its_quantities() {
    let mut fake = em6400ng();
    fake.script.push_back(Behaviour::Answer);
    fake.script.push_back(Behaviour::Silent);
    let mut meter = Meter::new(Rtu::new(fake), unit(), Model::Em6400Ng);
    let err = meter.read(&plan()).unwrap_err();
    assert_eq!(err.error, Error::Timeout);
    let req = err.request.expect("the failing request");
    assert_eq!(req.function, ReadFunction::HoldingRegisters);
    assert_eq!(req.first.get(), 3060);
    assert_eq!(req.count, 18);
    assert_eq!(req.last(), 3077);
    assert_eq!(
        req.quantities,
        QuantitySet::from_slice(&[
            Quantity::ActivePowerTotal,
            Quantity::ReactivePowerTotal,
            Quantity::ApparentPowerTotal
        ])
    );
    let text = err.to_string();
    assert!(
        text.starts_with("FC03 registers 3060-3077 (18 registers: active_power_total"),
        "{text}"
    );
    assert!(
        text.ends_with("no reply within the response timeout"),
        "{text}"
    );
    // The strict read stopped there: the frequency request was never sent.
    assert_eq!(meter.transport().link().sent.len(), 2);
}

#[test]
fn refused_value_in_a_merged_request_is_found_by_halving_and_reported() {
    let mut fake = em6400ng();
    // This variant lacks Q total: registers 3068-3069 (wire 3067-3068) answer exception 02.
    fake.forbidden.push((3067, 3068));
    let mut meter = Meter::new(Rtu::new(fake), unit(), Model::Em6400Ng);
    let partial = meter.read_partial(&plan()).unwrap();

    // The merged read [3060..3077] is refused; its fields P, Q, S split at the middle into
    // [P, Q] and [S]; [P, Q] is refused and splits into [P] and [Q]; [Q] is refused alone.
    let sent = requests(&meter.transport().link().sent);
    assert_eq!(
        sent,
        [
            (3027, 2),
            (3059, 18),
            (3059, 10),
            (3059, 2),
            (3067, 2),
            (3075, 2),
            (3109, 2)
        ]
    );
    assert_eq!(partial.requests_sent, 7);
    assert_eq!(partial.refused.len(), 1);
    let r = partial.refused[0];
    assert_eq!((r.range.first.get(), r.range.last.get()), (3068, 3069));
    assert_eq!(
        r.quantities,
        QuantitySet::from_slice(&[Quantity::ReactivePowerTotal])
    );
    assert_eq!(r.code, ExceptionCode::IllegalDataAddress);
    assert!(partial.failures.is_empty(), "{:?}", partial.failures);
    assert!(!partial.is_complete());
    assert_eq!(
        partial.missing(),
        QuantitySet::from_slice(&[Quantity::ReactivePowerTotal])
    );
    let s = &partial.snapshot;
    assert_eq!(s.get(Quantity::VoltageAN), Some(230.5));
    assert_eq!(s.get(Quantity::ActivePowerTotal), Some(7250.0));
    assert_eq!(s.get(Quantity::ReactivePowerTotal), None);
    assert_eq!(s.get(Quantity::ApparentPowerTotal), Some(7500.0));
    assert_eq!(s.get(Quantity::Frequency), Some(50.0));

    // Re-planned without the refused range: Q is left out, and P and S are not read across
    // the hole any more.
    let ranges: Vec<RegisterRange> = partial.refused_ranges().collect();
    let replanned: Plan = Plan::excluding(
        Model::Em6400Ng,
        &QuantitySet::from_slice(&WANTED),
        &LinkParams::new(19200),
        &ranges,
    )
    .unwrap();
    assert_eq!(
        replanned.excluded(),
        QuantitySet::from_slice(&[Quantity::ReactivePowerTotal])
    );
    let reqs: Vec<(u16, u16)> = replanned
        .requests()
        .iter()
        .map(|r| (r.start.get(), r.count))
        .collect();
    assert_eq!(reqs, [(3027, 2), (3059, 2), (3075, 2), (3109, 2)]);
    let again = meter.read_partial(&replanned).unwrap();
    assert!(again.is_complete());
    assert_eq!(again.requests_sent, 4);
    assert_eq!(
        again.snapshot.get(Quantity::ApparentPowerTotal),
        Some(7500.0)
    );
}

#[test]
fn a_timeout_ends_a_partial_read_and_lists_the_rest_as_skipped() {
    let mut fake = em6400ng();
    fake.script.push_back(Behaviour::Silent);
    let mut meter = Meter::new(Rtu::new(fake), unit(), Model::Em6400Ng);
    let partial = meter.read_partial(&plan()).unwrap();
    assert_eq!(partial.requests_sent, 1, "a dead meter costs one timeout");
    assert_eq!(meter.transport().link().sent.len(), 1);
    assert_eq!(partial.failures.len(), 1);
    assert!(partial.link_failed());
    let f = &partial.failures[0];
    assert_eq!(f.error, Error::Timeout);
    assert_eq!(f.request.unwrap().first.get(), 3028);
    assert_eq!(
        partial.failed_quantities,
        QuantitySet::from_slice(&[Quantity::VoltageAN])
    );
    assert_eq!(
        partial.skipped,
        QuantitySet::from_slice(&WANTED[1..]),
        "everything after the timeout"
    );
    assert!(partial.snapshot.is_empty());
}

#[test]
fn a_corrupt_reply_fails_its_request_only_and_the_read_goes_on() {
    let mut fake = em6400ng();
    fake.script.push_back(Behaviour::Answer);
    fake.script.push_back(Behaviour::CorruptCrc);
    let mut meter = Meter::new(Rtu::new(fake), unit(), Model::Em6400Ng);
    let partial = meter.read_partial(&plan()).unwrap();
    assert_eq!(partial.requests_sent, 3);
    assert_eq!(partial.failures.len(), 1);
    assert!(matches!(
        partial.failures[0].error,
        Error::Frame(FrameError::Crc { .. })
    ));
    assert_eq!(partial.failures[0].request.unwrap().first.get(), 3060);
    assert!(partial.skipped.is_empty());
    assert_eq!(partial.snapshot.get(Quantity::VoltageAN), Some(230.5));
    assert_eq!(partial.snapshot.get(Quantity::Frequency), Some(50.0));
    assert_eq!(partial.snapshot.get(Quantity::ActivePowerTotal), None);
}

#[test]
fn async_partial_read_splits_and_reports_the_same_way() {
    let mut fake = em6400ng();
    fake.forbidden.push((3075, 3076)); // S total refused
    let mut meter = AsyncMeter::new(Rtu::new(fake), unit(), Model::Em6400Ng);
    let partial = futures_executor::block_on(meter.read_partial(&plan())).unwrap();
    // [P, Q, S] refused → [P, Q] read, [S] refused alone.
    let sent = requests(&meter.transport().link().sent);
    assert_eq!(
        sent,
        [(3027, 2), (3059, 18), (3059, 10), (3075, 2), (3109, 2)]
    );
    assert_eq!(partial.refused.len(), 1);
    assert_eq!(partial.refused[0].range.first.get(), 3076);
    assert_eq!(
        partial.refused_quantities,
        QuantitySet::from_slice(&[Quantity::ApparentPowerTotal])
    );
    assert_eq!(
        partial.snapshot.get(Quantity::ReactivePowerTotal),
        Some(-1500.0)
    );
}

/// The first reply (V A-N, 2 registers: byte count 4) with its byte count changed.
fn reply_with_byte_count(count: u8) -> Vec<u8> {
    let v = 230.5f32.to_bits();
    let mut f = vec![UNIT, 3, 4];
    f.extend_from_slice(&((v >> 16) as u16).to_be_bytes());
    f.extend_from_slice(&(v as u16).to_be_bytes());
    let mut f = with_crc(f);
    f[2] = count;
    f
}

#[test]
fn a_byte_count_corrupted_upwards_is_a_byte_count_error_not_a_timeout() {
    // 4 → 6: a plausible count, but two bytes more than the reply holds. Waiting for the
    // claimed length would time out and blame the meter for not answering.
    let mut fake = em6400ng();
    fake.script
        .push_back(Behaviour::Raw(reply_with_byte_count(6)));
    let mut meter = Meter::new(Rtu::new(fake), unit(), Model::Em6400Ng);
    let err = meter.read_quantities(&[Quantity::VoltageAN]).unwrap_err();
    assert_eq!(
        err.error,
        Error::Frame(FrameError::ByteCount {
            expected: 4,
            received: 6
        })
    );
    // The next read works: the bad reply left nothing behind.
    let s = meter.read_quantities(&[Quantity::VoltageAN]).unwrap();
    assert_eq!(s.get(Quantity::VoltageAN), Some(230.5));
}

#[test]
fn a_byte_count_corrupted_downwards_is_a_byte_count_error_not_a_crc_error() {
    let mut fake = em6400ng();
    let reply = reply_with_byte_count(2);
    fake.script.push_back(Behaviour::Raw(reply.clone()));
    let mut meter = Meter::new(Rtu::new(fake), unit(), Model::Em6400Ng);
    let err = meter.read_quantities(&[Quantity::VoltageAN]).unwrap_err();
    assert_eq!(
        err.error,
        Error::Frame(FrameError::ByteCount {
            expected: 4,
            received: 2
        })
    );
    // It judged the reply after 5 + 2 bytes; the last two stay on the line for the link's
    // silence before the next request to drain.
    assert_eq!(meter.transport().link().take_pending(), reply[7..].to_vec());
}

#[test]
fn a_header_with_a_wrong_byte_count_then_silence_is_a_byte_count_error() {
    // Only the first bytes arrive, with a byte count claiming more than was asked for.
    let mut fake = em6400ng();
    fake.script
        .push_back(Behaviour::Raw(vec![UNIT, 3, 200, 0x43, 0x66]));
    let mut meter = Meter::new(Rtu::new(fake), unit(), Model::Em6400Ng);
    let err = meter.read_quantities(&[Quantity::VoltageAN]).unwrap_err();
    assert!(
        matches!(
            err.error,
            Error::Frame(FrameError::ByteCount {
                expected: 4,
                received: 200
            })
        ),
        "{err:?}"
    );
}

#[test]
fn mbap_headers_with_a_bad_protocol_id_or_length_get_their_own_errors() {
    use schneider_em::frame::mbap::parse_header;
    // transaction 1, protocol 0x0007, length 5, unit 1
    assert_eq!(
        parse_header(&[0, 1, 0, 7, 0, 5, 1]),
        Err(FrameError::ProtocolId(7))
    );
    assert_eq!(
        parse_header(&[0, 1, 0, 0, 0, 1, 1]),
        Err(FrameError::MbapLength(1))
    );
    assert_eq!(
        parse_header(&[0, 1, 0, 0, 1, 0, 1]),
        Err(FrameError::MbapLength(256))
    );
    assert_eq!(
        FrameError::ProtocolId(7).to_string(),
        "MBAP protocol id 7, expected 0 (Modbus)"
    );
}

#[test]
fn identify_honours_the_word_orders_set_on_the_meter() {
    // Serial number: register 130, INT32U (2 words). This meter sends it low word first.
    let serial: u32 = 0x0001_E240; // 123 456
    let mut fake = em6400ng();
    fake.set(130, &[0xE240, 0x0001]);
    let orders = WordOrders {
        float32: WordOrder::HighWordFirst,
        int32: WordOrder::LowWordFirst,
        int64: WordOrder::HighWordFirst,
    };
    let mut meter = Meter::new(Rtu::new(fake), unit(), Model::Em6400Ng).with_word_orders(orders);
    let id = meter.identify().unwrap();
    assert_eq!(id.serial_number, Some(serial));
}

/// The simulator as a firmware variant without Q total (3068-3069) and without the THD
/// block's first value, read over the line-timed bus: the partial read reports exactly those
/// ranges, every value it did read equals what the simulator served, and the re-planned read
/// is complete.
#[cfg(feature = "sim")]
#[test]
fn simulated_variant_without_registers_is_read_partially_then_replanned() {
    use schneider_em::sim::line::{BusLink, LineBus};
    use schneider_em::sim::server::serve_line;
    use schneider_em::sim::{SimDevices, SimHandle, SimMeter};
    use schneider_em::transport::RtuTiming;

    let timing = RtuTiming::new(115_200, Parity::Even, 1).with_turnaround_allowance_us(100_000);
    let bus = LineBus::new(timing);
    let mut devices = SimDevices::new(5);
    devices.add(SimMeter::new(Model::Em6400Ng, 4, 5).refusing(&[(3068, 3069)]));
    let handle = SimHandle::new(devices);
    let _server = serve_line(&bus, handle.clone());
    let link = LinkParams::new(115_200);
    let mut meter = Meter::new(
        Rtu::new(BusLink::new(bus.attach(), timing)),
        UnitId::new(4).unwrap(),
        Model::Em6400Ng,
    )
    .with_link(link);

    let plan: Plan = Plan::preset(Model::Em6400Ng, Preset::Dashboard, &link).unwrap();
    let partial = meter.read_partial(&plan).unwrap();
    assert!(partial.failures.is_empty(), "{:?}", partial.failures);
    let refused: Vec<(u16, u16)> = partial
        .refused_ranges()
        .map(|r| (r.first.get(), r.last.get()))
        .collect();
    assert_eq!(refused, [(3068, 3069)]);
    assert_eq!(
        partial.refused_quantities,
        QuantitySet::from_slice(&[Quantity::ReactivePowerTotal])
    );
    // Everything else of the dashboard was read, and equals what the simulator served.
    let expected = plan
        .planned()
        .difference(&QuantitySet::from_slice(&[Quantity::ReactivePowerTotal]));
    let served = handle.served();
    for q in expected.iter() {
        let truth = served
            .iter()
            .rev()
            .find_map(|s| s.values.iter().find(|(tq, _)| *tq == q).map(|(_, v)| *v))
            .unwrap_or_else(|| panic!("{q} was not served"));
        assert_eq!(partial.snapshot.get(q), truth, "{q}");
    }

    let ranges: Vec<RegisterRange> = partial.refused_ranges().collect();
    let replanned: Plan = Plan::excluding(
        Model::Em6400Ng,
        &Preset::Dashboard.quantities_for(Model::Em6400Ng),
        &link,
        &ranges,
    )
    .unwrap();
    let before = handle.requests();
    let again = meter.read_partial(&replanned).unwrap();
    assert!(again.is_complete(), "{:?}", again.failures);
    assert_eq!(
        handle.requests() - before,
        replanned.requests().len() as u64,
        "no request refused, none split"
    );
    assert_eq!(
        again.snapshot.available(),
        expected,
        "the same values as before, in fewer requests"
    );
}

/// What the fake meter's image answers to one request of a pipelined read: the words, or
/// exception 02 when the request touches a forbidden range (as `FakeMeter` itself does).
fn answer(fake: &FakeMeter, r: &PipelinedRequest) -> Result<Vec<u16>, Error<()>> {
    let (start, end) = (r.start.get(), r.start.get() + r.count - 1);
    if fake.forbidden.iter().any(|&(a, b)| start <= b && end >= a) {
        return Err(Error::Exception(ExceptionCode::IllegalDataAddress));
    }
    Ok((start..=end)
        .map(|a| fake.image.get(&a).copied().unwrap_or(0))
        .collect())
}

/// Runs a pipelined read against `fake`, answering the requests under way newest first (the
/// order least like the one-at-a-time read's), with `fail` deciding a request's fate instead
/// of the image when it returns `Some`. Returns the outcome and the (wire address, count) of
/// every request, in the order sent.
fn pipelined(
    fake: &FakeMeter,
    window: usize,
    mut fail: impl FnMut(&PipelinedRequest) -> Option<Error<()>>,
) -> (PartialRead<()>, Vec<(u16, u16)>) {
    let plan = plan();
    let mut read = PipelinedRead::new(&plan, Model::Em6400Ng.map().word_order, window);
    let (mut open, mut sent) = (Vec::new(), Vec::new());
    loop {
        while let Some(r) = read.next_request() {
            sent.push((r.start.get(), r.count));
            open.push(r);
        }
        assert!(open.len() <= window, "more than the window under way");
        assert_eq!(read.in_flight(), open.len());
        let Some(r) = open.pop() else { break };
        match fail(&r) {
            Some(e) => read.complete(r.token, Err(e)),
            None => {
                let words = answer(fake, &r);
                read.complete(r.token, words.as_deref().map_err(Clone::clone));
            }
        }
    }
    assert!(read.is_done());
    (read.finish(), sent)
}

#[test]
fn a_pipelined_read_sends_every_request_at_once_and_takes_replies_in_any_order() {
    let fake = em6400ng();
    let (outcome, sent) = pipelined(&fake, 8, |_| None);
    // All three hand-derived requests go out before any reply is in.
    assert_eq!(sent, [(3027, 2), (3059, 18), (3109, 2)]);
    assert!(outcome.is_complete(), "{outcome:?}");
    assert_eq!(outcome.requests_sent, 3);
    let s = &outcome.snapshot;
    assert_eq!(s.get(Quantity::VoltageAN), Some(230.5));
    assert_eq!(s.get(Quantity::ActivePowerTotal), Some(7250.0));
    assert_eq!(s.get(Quantity::ReactivePowerTotal), Some(-1500.0));
    assert_eq!(s.get(Quantity::ApparentPowerTotal), Some(7500.0));
    assert_eq!(s.get(Quantity::Frequency), Some(50.0));
    // The same as the one-at-a-time read of the same meter.
    let mut meter = Meter::new(Rtu::new(em6400ng()), unit(), Model::Em6400Ng);
    let sequential = meter.read_partial(&plan()).unwrap();
    assert_eq!(outcome.snapshot, sequential.snapshot);
}

#[test]
fn a_pipelined_read_splits_a_refused_request_as_the_one_at_a_time_read_does() {
    let mut fake = em6400ng();
    fake.forbidden.push((3067, 3068)); // Q total refused
    let (outcome, mut sent) = pipelined(&fake, 8, |_| None);
    // The same seven requests as the one-at-a-time read (hand-derived in
    // `refused_value_in_a_merged_request_is_found_by_halving_and_reported`), in another order.
    sent.sort_unstable();
    assert_eq!(
        sent,
        [
            (3027, 2),
            (3059, 2),
            (3059, 10),
            (3059, 18),
            (3067, 2),
            (3075, 2),
            (3109, 2)
        ]
    );
    assert_eq!(outcome.requests_sent, 7);
    assert_eq!(outcome.refused.len(), 1);
    let r = outcome.refused[0];
    assert_eq!((r.range.first.get(), r.range.last.get()), (3068, 3069));
    assert!(outcome.failures.is_empty(), "{:?}", outcome.failures);
    assert_eq!(
        outcome.missing(),
        QuantitySet::from_slice(&[Quantity::ReactivePowerTotal])
    );
    assert_eq!(
        outcome.snapshot.get(Quantity::ActivePowerTotal),
        Some(7250.0)
    );
    assert_eq!(
        outcome.snapshot.get(Quantity::ApparentPowerTotal),
        Some(7500.0)
    );
    assert_eq!(outcome.snapshot.get(Quantity::ReactivePowerTotal), None);
}

#[test]
fn a_pipelined_read_with_a_window_of_one_costs_a_dead_meter_one_timeout() {
    let fake = em6400ng();
    let (outcome, sent) = pipelined(&fake, 1, |_| Some(Error::Timeout));
    assert_eq!(sent, [(3027, 2)], "nothing more after the timeout");
    assert_eq!(outcome.requests_sent, 1);
    assert!(outcome.link_failed());
    assert_eq!(
        outcome.failed_quantities,
        QuantitySet::from_slice(&[Quantity::VoltageAN])
    );
    assert_eq!(outcome.skipped, QuantitySet::from_slice(&WANTED[1..]));
    assert!(outcome.snapshot.is_empty());
}

#[test]
fn a_timeout_in_a_full_window_fails_its_request_and_the_others_under_way_still_count() {
    let fake = em6400ng();
    // The middle request (P, Q, S) times out; the other two were already under way.
    let (outcome, sent) = pipelined(&fake, 8, |r| {
        (r.start.get() == 3059).then_some(Error::Timeout)
    });
    assert_eq!(sent.len(), 3);
    assert_eq!(outcome.failures.len(), 1);
    assert_eq!(outcome.failures[0].request.unwrap().first.get(), 3060);
    assert!(outcome.skipped.is_empty(), "everything had been sent");
    assert_eq!(
        outcome.failed_quantities,
        QuantitySet::from_slice(&WANTED[1..4])
    );
    assert_eq!(outcome.snapshot.get(Quantity::VoltageAN), Some(230.5));
    assert_eq!(outcome.snapshot.get(Quantity::Frequency), Some(50.0));
}

#[test]
fn a_pipelined_read_refuses_short_replies_unknown_tokens_and_counts_abandoned_requests() {
    let fake = em6400ng();
    let plan = plan();
    let mut read = PipelinedRead::<(), _>::new(&plan, Model::Em6400Ng.map().word_order, 2);
    let first = read.next_request().unwrap();
    let second = read.next_request().unwrap();
    assert!(read.next_request().is_none(), "the window is full");
    assert_ne!(first.token, second.token);
    // A reply with one word where two were asked for is a damaged reply, not a panic.
    read.complete(first.token, Ok(&[0x4366]));
    // The same token again, now not under way, changes nothing.
    read.complete(first.token, Ok(&answer(&fake, &first).unwrap()));
    assert_eq!(read.in_flight(), 1);
    read.set_window(1);
    assert!(read.next_request().is_none(), "one is still under way");
    read.complete(second.token, Ok(&answer(&fake, &second).unwrap()));
    let third = read.next_request().unwrap();
    assert_eq!((third.start.get(), third.count), (3109, 2));
    // The caller gives up on the third request: it counts as failed.
    assert!(!read.is_done());
    let outcome = read.finish();
    assert!(matches!(
        outcome.failures[0].error,
        Error::Frame(FrameError::Length { .. })
    ));
    assert_eq!(outcome.failures.len(), 1);
    assert_eq!(
        outcome.failed_quantities,
        QuantitySet::from_slice(&[Quantity::VoltageAN, Quantity::Frequency])
    );
    assert_eq!(
        outcome.snapshot.get(Quantity::ActivePowerTotal),
        Some(7250.0)
    );
    assert_eq!(outcome.snapshot.get(Quantity::VoltageAN), None);
}

#[test]
fn a_pipelined_read_of_a_meter_refusing_everything_reports_what_the_one_at_a_time_read_does() {
    // Every register refused: every request of the whole-meter plan is halved down to single
    // values, with sixteen requests under way and their replies taken oldest first (the order
    // that piles up the most halves). Oracle: the one-at-a-time read of the same meter.
    let mut fake = em6400ng();
    fake.forbidden.push((0, u16::MAX));
    let all: Plan = Plan::preset(Model::Em6400Ng, Preset::All, &LinkParams::new(19200)).unwrap();
    assert!(all.requests().len() > 1);
    let mut read = PipelinedRead::new(&all, Model::Em6400Ng.map().word_order, MAX_IN_FLIGHT);
    let mut open = std::collections::VecDeque::new();
    loop {
        while let Some(r) = read.next_request() {
            open.push_back(r);
        }
        let Some(r) = open.pop_front() else { break };
        let words = answer(&fake, &r);
        read.complete(r.token, words.as_deref().map_err(Clone::clone));
    }
    let outcome = read.finish();
    let mut meter = Meter::new(Rtu::new(fake), unit(), Model::Em6400Ng);
    let sequential = meter.read_partial(&all).unwrap();
    assert!(sequential.failures.is_empty());
    assert!(outcome.failures.is_empty(), "{:?}", outcome.failures);
    assert_eq!(outcome.refused_quantities, sequential.refused_quantities);
    assert_eq!(outcome.refused_quantities, all.planned());
    assert_eq!(outcome.requests_sent, sequential.requests_sent);
    assert_eq!(
        outcome.refused.len() + usize::from(outcome.more_refusals),
        sequential.refused.len() + usize::from(sequential.more_refusals)
    );
    assert!(outcome.snapshot.is_empty());
}

#[test]
fn a_pipelined_reads_outcome_in_place_is_what_finish_returns_however_often_asked() {
    // One request answered, the next silent (a timeout stops the read), one given up while
    // under way: failed, skipped and abandoned quantities all appear in the outcome.
    let fake = em6400ng();
    let plan: Plan =
        Plan::preset(Model::Em6400Ng, Preset::Dashboard, &LinkParams::new(9600)).unwrap();
    assert_eq!(plan.requests().len(), 5);
    let mut read = PipelinedRead::<(), _>::new(&plan, Model::Em6400Ng.map().word_order, 1);
    let first = read.next_request().unwrap();
    read.complete(first.token, Ok(&answer(&fake, &first).unwrap()));
    read.set_window(2);
    let second = read.next_request().unwrap();
    let third = read.next_request().unwrap();
    read.complete(second.token, Err(Error::Timeout));
    assert!(
        read.next_request().is_none(),
        "a timeout stops what is not sent"
    );
    let _ = third; // given up while under way
    let once = format!("{:?}", read.outcome());
    let twice = format!("{:?}", read.outcome());
    assert_eq!(once, twice);
    let outcome = read.outcome();
    assert!(!outcome.failed_quantities.is_empty());
    assert!(!outcome.skipped.is_empty(), "{outcome:?}");
    assert!(outcome.snapshot.get(Quantity::CurrentA).is_some());
    assert_eq!(once, format!("{:?}", read.finish()));
}
