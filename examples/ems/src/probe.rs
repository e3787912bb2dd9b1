//! `ems probe`: examine one meter so an unverified map can be checked on real hardware.

use std::time::{Duration, Instant};

use anyhow::{bail, Result};
use clap::Args;
use schneider_em::decode::decode_f32;
use schneider_em::{
    Error, ExceptionCode, Group, Meter, Model, ModelMap, Quantity, Register, RegisterNumber,
    UnitId, WordOrder,
};
use serde_json::{json, Value};

use crate::link::{explain, LinkArgs, ModelArg};
use crate::scan::{detect, read};

/// `ems probe` options.
#[derive(Args, Debug)]
pub struct ProbeArgs {
    #[command(flatten)]
    pub link: LinkArgs,
    /// Unit id (1-247).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=247))]
    pub unit: u8,
    /// Skip detection and probe as this model.
    #[arg(long, value_enum)]
    pub model: Option<ModelArg>,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

fn outcome<E: std::fmt::Debug>(r: &Result<Vec<u16>, Error<E>>) -> Value {
    match r {
        Ok(_) => json!("accepted"),
        Err(Error::Exception(c)) => {
            json!(format!("exception 0x{:02X} ({})", c.code(), c.meaning()))
        }
        Err(Error::Timeout) => json!("no reply"),
        Err(e) => json!(format!("{e}")),
    }
}

/// The Modbus limit on registers per read.
const MODBUS_MAX_READ: u16 = 125;

/// A read that tests how the meter treats registers the map says are not to be read.
#[derive(Debug, PartialEq)]
struct BoundaryRead {
    first: RegisterNumber,
    registers: u16,
    what: String,
}

/// The boundary read for `map`: across its first never-read range (from three values before it
/// to the value after it); else the first half of its first whole-only block; else across the
/// first registers the map does not describe, between two it does.
fn boundary_read(map: &ModelMap) -> Option<BoundaryRead> {
    let regs = map.registers;
    if let Some(gap) = map.never_read.first() {
        // Three values before the range (fewer if the map has fewer).
        let before = regs.iter().filter(|r| r.last() < gap.first.get()).count();
        let first = regs[..before]
            .iter()
            .rev()
            .nth(2)
            .or(regs[..before].first())
            .map_or(gap.first, |r| r.number);
        let last = regs
            .iter()
            .find(|r| r.number.get() > gap.last.get())
            .map_or(gap.last.get(), |r| r.last());
        return Some(BoundaryRead {
            first,
            registers: last - first.get() + 1,
            what: format!(
                "read of {}-{last}, across the undefined {}-{}",
                first.get(),
                gap.first.get(),
                gap.last.get()
            ),
        });
    }
    if let Some(block) = map.whole_blocks.first() {
        let half = block.len() / 2;
        return Some(BoundaryRead {
            first: block.first,
            registers: half,
            what: format!(
                "partial read of the {}-register {} block ({}-{})",
                block.len(),
                block.reason,
                block.first.get(),
                block.first.get() + half - 1
            ),
        });
    }
    let pair = regs
        .windows(2)
        .find(|w| w[1].number.get() > w[0].last() + 1)?;
    let (a, b) = (pair[0], pair[1]);
    Some(BoundaryRead {
        first: a.number,
        registers: b.last() - a.number.get() + 1,
        what: format!(
            "read of {}-{}, across the undocumented {}-{}",
            a.number.get(),
            b.last(),
            a.last() + 1,
            b.number.get() - 1
        ),
    })
}

/// Where to measure the largest read: the start of the stretch of measurement registers
/// (identity, setup and whole-only blocks left out) holding the most documented registers
/// within one read of the Modbus limit. Without `across_undefined` a stretch ends at the first
/// register the map does not describe; with it (the meter accepted the boundary read) only at
/// a whole-only block. The earliest stretch wins ties.
pub(crate) fn largest_read_start(map: &ModelMap, across_undefined: bool) -> Option<RegisterNumber> {
    let measured: Vec<&Register> = map
        .registers
        .iter()
        .filter(|r| {
            r.access.readable()
                && !matches!(r.group, Group::Identity | Group::Setup)
                && map.whole_block_containing(r.number.get()).is_none()
        })
        .collect();
    let mut best: Option<(u32, RegisterNumber)> = None;
    for (i, r) in measured.iter().enumerate() {
        let limit = r.number.get().saturating_add(MODBUS_MAX_READ - 1);
        let mut end = r.last();
        let mut covered = u32::from(r.words);
        for next in &measured[i + 1..] {
            if next.last() > limit {
                break;
            }
            let hole = next.number.get() > end + 1;
            if hole
                && (!across_undefined
                    || map
                        .whole_blocks
                        .iter()
                        .any(|b| b.overlaps(end + 1, next.number.get() - 1)))
            {
                break;
            }
            end = next.last();
            covered += u32::from(next.words);
        }
        if best.is_none_or(|(c, _)| covered > c) {
            best = Some((covered, r.number));
        }
    }
    best.map(|(_, n)| n)
}

pub fn run(a: ProbeArgs) -> Result<()> {
    let mut t = a.link.open()?;
    let id = UnitId::new(a.unit).expect("1-247");
    let detected =
        detect(&mut t, a.unit).map_err(|e| anyhow::anyhow!(explain(&e, a.unit, &a.link)))?;
    let Some(found) = detected else {
        bail!(
            "no reply from unit {} on {} within the timeout ({})",
            a.unit,
            a.link.describe(),
            a.link.describe_timeout()
        );
    };
    let model: Model = match (a.model, found.model) {
        (Some(m), _) => m.into(),
        (None, Some(m)) => m,
        (None, None) => bail!("unit {} answers but is not recognised as an EM6400NG, EM6400 or EM1200; give --model to probe it anyway", a.unit),
    };
    let map = model.map();
    let mut report = json!({
        "unit": a.unit,
        "link": a.link.describe(),
        "detected_model": found.model.map(|m| m.name()),
        "probed_as": model.name(),
        "model_name": found.model_name,
        "map": {"document": map.document, "revision": map.revision, "confidence": map.confidence.letter()},
    });

    // Word order: decode the frequency register both ways; the plausible one wins. The same
    // register times the round trips below (any readable register would do for those).
    let Some(timed) = map
        .source(Quantity::Frequency)
        .or_else(|| map.registers.iter().find(|r| r.access.readable()))
    else {
        bail!("the {model} map has no readable register to probe");
    };
    let freq_wire = timed.number.wire().get();
    let has_frequency = map.source(Quantity::Frequency).is_some();
    let mut orders = serde_json::Map::new();
    if let (true, Ok(w)) = (has_frequency, read(&mut t, id, freq_wire, 2)) {
        for (name, order) in [
            ("high-word-first", WordOrder::HighWordFirst),
            ("low-word-first", WordOrder::LowWordFirst),
        ] {
            orders.insert(
                name.into(),
                json!(f64::from(decode_f32([w[0], w[1]], order))),
            );
        }
    }
    let map_order = map.word_order.float32;
    let plausible = found.word_order;
    report["float_word_order"] = json!({
        "map_says": map_order.name(),
        "plausible": plausible.map(|o| o.name()),
        "agrees_with_map": plausible.map(|o| o == map_order),
        "frequency_decoded": orders,
    });

    // Identity, where the map has it.
    match Meter::new(&mut t, id, model).identify() {
        Ok(ident) => {
            report["identity"] = json!({
                "model_name": ident.model_name.as_deref(),
                "manufacturer": ident.manufacturer.as_deref(),
                "meter_name": ident.meter_name.as_deref(),
                "product_id": ident.product_id,
                "serial_number": ident.serial_number,
                "firmware": ident.firmware.map(|f| format!("{}.{}.{}.{}", f.major, f.minor, f.quality, f.internal)),
            })
        }
        Err(e) => report["identity"] = json!(format!("{e}")),
    }

    // Reads across undefined registers (or partial legacy blocks), from the map's rules.
    let boundary = boundary_read(map);
    let gaps_accepted = match &boundary {
        Some(b) => {
            let r = read(&mut t, id, b.first.wire().get(), usize::from(b.registers));
            report["undefined_ranges"] = json!({"test": b.what, "result": outcome(&r)});
            r.is_ok()
        }
        None => {
            report["undefined_ranges"] =
                json!({"test": "none: the map declares no undefined ranges", "result": null});
            false
        }
    };

    // The largest read: binary search on a start where the map allows long reads.
    let start = largest_read_start(map, gaps_accepted)
        .unwrap_or(timed.number)
        .wire()
        .get();
    let (mut ok, mut bad) = (2u16, MODBUS_MAX_READ + 1);
    let mut limited_by = "the Modbus limit (125)";
    let mut too_large: Option<u16> = None;
    let mut last_rejection = Value::Null;
    if read(&mut t, id, start, 2).is_err() {
        ok = 0;
    }
    while ok > 0 && bad - ok > 1 {
        let mid = (ok + bad) / 2;
        let r = read(&mut t, id, start, usize::from(mid));
        match &r {
            Ok(_) => ok = mid,
            Err(Error::Exception(ExceptionCode::IllegalDataValue)) => {
                bad = mid;
                too_large = Some(too_large.map_or(mid, |t| t.min(mid)));
                limited_by = "exception 03 (the meter's request limit)";
                last_rejection = outcome(&r);
            }
            Err(Error::Exception(_)) => {
                bad = mid;
                limited_by =
                    "an exception other than 03 (registers beyond the start are undefined)";
                last_rejection = outcome(&r);
            }
            Err(e) if e.is_link() => {
                bad = mid;
                limited_by = "no reply (the meter ignores the request)";
                last_rejection = outcome(&r);
            }
            Err(_) => {
                bad = mid;
                last_rejection = outcome(&r);
            }
        }
    }
    report["largest_read"] = json!({
        "start_register": start + 1,
        "largest_accepted": ok,
        "limited_by": limited_by,
        "first_rejection": last_rejection,
        "smallest_rejected_as_too_large": too_large,
        "map_assumes": map.max_registers_per_read,
    });

    // Turnaround: median time from the request written to the first reply byte (serial), or
    // the median round trip (TCP).
    let mut samples = Vec::new();
    let mut first_bytes = Vec::new();
    for _ in 0..7 {
        let t0 = Instant::now();
        if read(&mut t, id, freq_wire, usize::from(timed.words)).is_ok() {
            samples.push(t0.elapsed());
            if let crate::link::AnyTransport::Serial(rtu) = &mut t {
                if let Some(l) = rtu.link().first_byte_latency() {
                    first_bytes.push(l);
                }
            }
        }
    }
    samples.sort();
    first_bytes.sort();
    let ms = |d: &Duration| d.as_secs_f64() * 1000.0;
    if let Some(median) = samples.get(samples.len() / 2) {
        let timing = a.link.timing();
        let request_on_wire = Duration::from_nanos(timing.chars_ns(8));
        report["turnaround_ms"] = json!({
            "round_trip_median": ms(median),
            "first_byte_median": first_bytes.get(first_bytes.len() / 2).map(ms),
            "request_time_on_wire": ms(&request_on_wire),
            "samples": samples.len(),
        });
    }

    if a.json {
        out!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(());
    }
    out!("probe of unit {} on {}", a.unit, a.link.describe());
    out!(
        "  model: detected {}, probed as {} (map: {} {}, confidence {})",
        found.model.map_or("unknown", |m| m.name()),
        model,
        map.document,
        map.revision,
        map.confidence.letter()
    );
    if let Some(n) = &found.model_name {
        out!("  model string: \"{n}\"");
    }
    out!(
        "  float word order: {} (map says {}){}",
        plausible.map_or("not determined", |o| o.name()),
        map_order.name(),
        match plausible {
            Some(o) if o != map_order =>
                " — MISMATCH: read with `ems read --float-word-order …` or fix the map",
            _ => "",
        }
    );
    if let Some(id) = report.get("identity").and_then(|v| v.as_object()) {
        for (k, v) in id {
            if !v.is_null() {
                out!("  {k}: {v}");
            }
        }
    }
    out!(
        "  undefined ranges: {} → {}",
        report["undefined_ranges"]["test"]
            .as_str()
            .unwrap_or_default(),
        report["undefined_ranges"]["result"]
    );
    out!(
        "  largest read from register {}: {} registers accepted (stopped by {}){}; the map assumes {}",
        start + 1,
        ok,
        limited_by,
        too_large.map(|n| format!(", {n} rejected as too large")).unwrap_or_default(),
        map.max_registers_per_read
    );
    if let Some(tt) = report.get("turnaround_ms") {
        match tt["first_byte_median"].as_f64() {
            Some(fb) => out!(
                "  turnaround: first reply byte {:.1} ms after the request was written (on a real line this includes the request's {:.1} ms on the wire); round trip {:.1} ms",
                fb,
                tt["request_time_on_wire"].as_f64().unwrap_or(0.0),
                tt["round_trip_median"].as_f64().unwrap_or(0.0)
            ),
            None => out!("  round trip: {:.1} ms (median)", tt["round_trip_median"].as_f64().unwrap_or(0.0)),
        }
    }
    out!("  attach `ems probe --json` output to bug reports about register maps");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reg(n: u16) -> RegisterNumber {
        RegisterNumber::new(n).unwrap()
    }

    #[test]
    fn boundary_reads_come_from_the_maps_rules() {
        // EM6400NG: 3034-3035 is not in the register list; read 3028-3037 across it.
        let b = boundary_read(Model::Em6400Ng.map()).unwrap();
        assert_eq!((b.first, b.registers), (reg(3028), 10));
        assert_eq!(b.what, "read of 3028-3037, across the undefined 3034-3035");
        // EM6400: the RMS Total block 3001-3020 may only be read whole; read half of it.
        let b = boundary_read(Model::Em6400.map()).unwrap();
        assert_eq!((b.first, b.registers), (reg(3001), 10));
        assert!(b.what.contains("(3001-3010)"), "{}", b.what);
        // EM1200 (EM1220H subset): current C at 3004-3005, then nothing until 3020.
        let b = boundary_read(Model::Em1200.map()).unwrap();
        assert_eq!((b.first, b.registers), (reg(3004), 18));
        assert!(b.what.contains("undocumented 3006-3019"), "{}", b.what);
    }

    #[test]
    fn largest_read_starts_where_the_map_allows_the_longest_read() {
        let ng = Model::Em6400Ng.map();
        // 3036-3093 is the longest documented stretch; across the undefined ranges the
        // instantaneous block from 3000 (currents) holds the most.
        assert_eq!(largest_read_start(ng, false), Some(reg(3036)));
        assert_eq!(largest_read_start(ng, true), Some(reg(3000)));
        // The legacy Turbo block 3901-4000 (the 20-register blocks must be read whole).
        let legacy = Model::Em6400.map();
        assert_eq!(largest_read_start(legacy, false), Some(reg(3901)));
        assert_eq!(largest_read_start(legacy, true), Some(reg(3901)));
        assert_eq!(
            largest_read_start(Model::Em1200.map(), true),
            Some(reg(3000))
        );
    }
}
