//! `ems probe`: examine one meter so an unverified map can be checked on real hardware.

use std::time::{Duration, Instant};

use anyhow::{bail, Result};
use clap::Args;
use schneider_em::decode::decode_f32;
use schneider_em::{Error, ExceptionCode, Meter, Model, UnitId, WordOrder};
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

pub fn run(a: ProbeArgs) -> Result<()> {
    let mut t = a.link.open()?;
    let id = UnitId::new(a.unit).expect("1-247");
    let detected =
        detect(&mut t, a.unit).map_err(|e| anyhow::anyhow!(explain(&e, a.unit, &a.link)))?;
    let Some(found) = detected else {
        bail!(
            "no reply from unit {} on {} within the timeout ({} ms)",
            a.unit,
            a.link.describe(),
            a.link.timeout_ms()
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

    // Word order: decode the frequency register both ways; the plausible one wins.
    let freq_wire = map
        .source(schneider_em::Quantity::Frequency)
        .map(|r| r.number.wire().get())
        .unwrap_or(3109);
    let mut orders = serde_json::Map::new();
    if let Ok(w) = read(&mut t, id, freq_wire, 2) {
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

    // Reads across undefined registers (or partial legacy blocks).
    let (gap_wire, gap_len, gap_what) = match model {
        Model::Em6400 => (
            3000u16,
            10usize,
            "partial read of the 20-register RMS Total block (3001-3010)",
        ),
        _ => (
            3027,
            10,
            "read of 3028-3037, across the undefined 3034-3035",
        ),
    };
    let gap = read(&mut t, id, gap_wire, gap_len);
    let gaps_accepted = gap.is_ok();
    report["undefined_ranges"] = json!({"test": gap_what, "result": outcome(&gap)});

    // The largest read: binary search on a start where the map allows long reads.
    let start = match model {
        Model::Em6400 => 3900u16,
        _ if gaps_accepted => 2999,
        _ => 3035,
    };
    let (mut ok, mut bad) = (2u16, 126u16);
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
        if read(&mut t, id, freq_wire, 2).is_ok() {
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
        gap_what,
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
