//! Core benchmarks: reply validation and decoding, and read planning.
//!
//! Run: `cargo bench --bench core -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use schneider_em::decode::{decode_numeric, Numeric};
use schneider_em::frame::{crc16, parse_read_reply, registers_to_words, Expectation, Reply};
use schneider_em::{
    DataType, LinkParams, Model, NotAvailable, Plan, Preset, Quantity, ReadFunction, Snapshot,
    UnitId,
};

fn reply_frame(unit: u8, words: &[u16]) -> Vec<u8> {
    let mut f = vec![unit, 3, (2 * words.len()) as u8];
    for w in words {
        f.extend_from_slice(&w.to_be_bytes());
    }
    let crc = crc16(&f);
    f.extend_from_slice(&crc.to_le_bytes());
    f
}

fn decode(c: &mut Criterion) {
    let unit = UnitId::new(1).unwrap();
    // A full 125-register reply (255 bytes): CRC, header checks, words.
    let words125: Vec<u16> = (0..125u16).map(|i| 0x4366u16.wrapping_add(i)).collect();
    let frame125 = reply_frame(1, &words125);
    let e125 = Expectation {
        unit,
        function: ReadFunction::HoldingRegisters,
        count: 125,
    };
    c.bench_function("validate_reply_125_registers", |b| {
        let mut out = [0u16; 125];
        b.iter(|| {
            let Ok(Reply::Registers(data)) = parse_read_reply(black_box(&frame125), &e125) else {
                unreachable!()
            };
            registers_to_words(data, &mut out);
            black_box(out[124])
        })
    });

    // A full 125-register reply decoded into a snapshot: 62 FLOAT32 values (high word first)
    // plus one spare register, each validated, decoded (sentinel check, unit factor) and stored.
    let floats: Vec<u16> = (0..125u16)
        .map(|i| if i % 2 == 0 { 0x4366 } else { 0x8000 })
        .collect();
    let frame_f = reply_frame(1, &floats);
    let targets: Vec<Quantity> = Quantity::ALL.iter().copied().take(62).collect();
    let orders = Model::Em6400Ng.map().word_order;
    c.bench_function("reply_to_snapshot_125_registers_62_floats", |b| {
        let mut out = [0u16; 125];
        b.iter(|| {
            let Ok(Reply::Registers(data)) = parse_read_reply(black_box(&frame_f), &e125) else {
                unreachable!()
            };
            registers_to_words(data, &mut out);
            let mut snap = Snapshot::new(Model::Em6400Ng);
            for (k, q) in targets.iter().enumerate() {
                let w = &out[2 * k..2 * k + 2];
                match decode_numeric(DataType::F32, w, orders, NotAvailable::Sentinel) {
                    Some(Numeric::Number(v)) => snap.set(*q, v * 1000.0),
                    _ => snap.clear(*q),
                }
            }
            black_box(snap.len())
        })
    });

    // The largest read of a real plan: the legacy EM6400 `all` preset is one 100-register
    // Turbo read holding 49 values; validate the frame and decode every value.
    let link = LinkParams::new(19200);
    let plan: Plan = Plan::preset(Model::Em6400, Preset::All, &link).unwrap();
    let req = plan.requests()[0];
    let words: Vec<u16> = (0..req.count)
        .map(|i| if i % 2 == 0 { 0x0000 } else { 0x4366 })
        .collect();
    let frame = reply_frame(1, &words);
    let e = Expectation {
        unit,
        function: ReadFunction::HoldingRegisters,
        count: req.count,
    };
    let orders = Model::Em6400.map().word_order;
    c.bench_function(
        &format!(
            "reply_to_snapshot_{}_registers_{}_values",
            req.count,
            plan.request_quantities(0).count()
        ),
        |b| {
            let mut out = [0u16; 125];
            b.iter(|| {
                let Ok(Reply::Registers(data)) = parse_read_reply(black_box(&frame), &e) else {
                    unreachable!()
                };
                let n = usize::from(req.count);
                registers_to_words(data, &mut out[..n]);
                let mut snap = Snapshot::new(Model::Em6400);
                plan.decode(0, &out[..n], orders, &mut snap).unwrap();
                black_box(snap.len())
            })
        },
    );
}

fn planning(c: &mut Criterion) {
    let link = LinkParams::new(19200).with_turnaround_us(10_000);
    for model in Model::ALL {
        for preset in [Preset::Dashboard, Preset::All] {
            c.bench_function(&format!("plan_{}_{}", model, preset.name()), |b| {
                b.iter(|| {
                    let p: Plan<64> = Plan::preset(black_box(model), preset, &link).unwrap();
                    black_box(p.bus_time_ns())
                })
            });
        }
    }
}

criterion_group!(benches, decode, planning);
criterion_main!(benches);
