//! `ems scan`: find responding unit ids and detect their models.

use std::io::{IsTerminal, Write};

use anyhow::Result;
use clap::Args;
use schneider_em::decode::{decode_f32, decode_utf8};
use schneider_em::{
    Error, ExceptionCode, Model, ModelMap, Quantity, ReadFunction, RegisterNumber, Transport,
    UnitId, WireAddress, WordOrder,
};
use serde_json::json;

use crate::link::{parse_units, LinkArgs};

/// `ems scan` options.
#[derive(Args, Debug)]
pub struct ScanArgs {
    #[command(flatten)]
    pub link: LinkArgs,
    /// Unit ids to try.
    #[arg(long, default_value = "1-247")]
    pub units: String,
    /// Print a JSON list.
    #[arg(long)]
    pub json: bool,
}

/// Per-id response allowance when `--timeout-ms` is not given: short, so an empty bus scans
/// fast. The wire time and any network allowance are added, as for every read.
const SCAN_TIMEOUT_MS: u64 = 60;

/// What answered at a unit id.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    /// Unit id.
    pub unit: u8,
    /// Detected model, if recognised.
    pub model: Option<Model>,
    /// Model string the meter reports, if any.
    pub model_name: Option<String>,
    /// Float word order that gave a plausible frequency.
    pub word_order: Option<WordOrder>,
    /// Frequency read during detection, Hz.
    pub frequency: Option<f64>,
    /// What could not be settled, for the user.
    pub note: Option<&'static str>,
}

/// Whether `e` means nobody is at the unit id: a gateway saying there is nobody at this id is the same as silence on a serial bus.
pub fn nobody<E: std::fmt::Debug>(e: &Error<E>) -> bool {
    matches!(
        e,
        Error::Timeout
            | Error::Exception(ExceptionCode::GatewayPathUnavailable)
            | Error::Exception(ExceptionCode::GatewayTargetFailedToRespond)
    )
}

/// Reads `n` raw registers from wire address `wire` (no map checks: detection and probing
/// deliberately ask for registers a model may not have).
pub fn read<T: Transport>(
    t: &mut T,
    unit: UnitId,
    wire: u16,
    n: usize,
) -> Result<Vec<u16>, Error<T::Error>> {
    let mut buf = vec![0u16; n];
    t.read_registers(
        unit,
        ReadFunction::HoldingRegisters,
        WireAddress::new(wire),
        &mut buf,
    )?;
    Ok(buf)
}

fn plausible_hz(words: &[u16], order: WordOrder) -> Option<f64> {
    let f = f64::from(decode_f32([words[0], words[1]], order));
    (45.0..=65.0).contains(&f).then_some(f)
}

/// Detects what answers at `unit`. `Ok(None)` when nothing answers (timeout on every try).
pub fn detect<T: Transport>(t: &mut T, unit: u8) -> Result<Option<Found>, Error<T::Error>> {
    detect_with(t, unit, false)
}

/// As [`detect`], but silence at the first read (the PMC map's frequency register) settles
/// that nobody is at `unit`: a meter that is there answers a read of registers it lacks with
/// an exception. Halves the cost of an empty unit id, which dominates a full 1-247 scan.
pub fn detect_present<T: Transport>(t: &mut T, unit: u8) -> Result<Option<Found>, Error<T::Error>> {
    detect_with(t, unit, true)
}

fn detect_with<T: Transport>(
    t: &mut T,
    unit: u8,
    silence_is_absence: bool,
) -> Result<Option<Found>, Error<T::Error>> {
    let id = UnitId::new(unit).expect("1-247");
    let mut answered = false;
    let mut found = Found {
        unit,
        model: None,
        model_name: None,
        word_order: None,
        frequency: None,
        note: None,
    };
    // Try each map's frequency register (the PMC map, which the EM1220H shares, then the
    // legacy Turbo block), in the map's word order first, and keep the plausible one.
    for model in [Model::Em6400Ng, Model::Em6400] {
        let map = model.map();
        let Some(reg) = map.source(Quantity::Frequency) else {
            continue;
        };
        let wire = reg.number.wire().get();
        let mut reply = read(t, id, wire, 2);
        if matches!(reply, Err(Error::Frame(_))) {
            // A garbled reply is noise on the line, not the meter's answer about this
            // register: ask once more before judging (else a meter of the first map could be
            // taken for one of the second).
            reply = read(t, id, wire, 2);
        }
        let words = match reply {
            Ok(w) => w,
            Err(e) if nobody(&e) && silence_is_absence && !answered => return Ok(None),
            Err(e) if nobody(&e) => continue,
            Err(Error::Exception(_)) | Err(Error::Frame(_)) => {
                answered = true;
                continue;
            }
            Err(e) => return Err(e),
        };
        answered = true;
        let native = map.word_order.float32;
        let swapped = match native {
            WordOrder::HighWordFirst => WordOrder::LowWordFirst,
            WordOrder::LowWordFirst => WordOrder::HighWordFirst,
        };
        let Some((order, hz)) = [native, swapped]
            .into_iter()
            .find_map(|o| plausible_hz(&words, o).map(|hz| (o, hz)))
        else {
            continue;
        };
        found.frequency = Some(hz);
        found.word_order = Some(order);
        match map.identity.model_name {
            None => found.model = Some(model),
            Some(name_reg) => name_pmc_meter(t, id, map, name_reg, &mut found)?,
        }
        return Ok(Some(found));
    }
    Ok(answered.then_some(found))
}

/// Tells PMC-map meters apart by their model string (EM6400NG vs EM1220H vs others).
fn name_pmc_meter<T: Transport>(
    t: &mut T,
    id: UnitId,
    map: &ModelMap,
    name_reg: RegisterNumber,
    found: &mut Found,
) -> Result<(), Error<T::Error>> {
    let words = map.register(name_reg).map_or(20, |r| usize::from(r.words));
    match read(t, id, name_reg.wire().get(), words) {
        Ok(name) => {
            let name = decode_utf8::<40>(&name).to_string();
            if name.contains("6400") {
                found.model = Some(Model::Em6400Ng);
            } else if name.contains("EM12") || name.contains("1220") {
                found.model = Some(Model::Em1200);
            } else {
                found.note = Some("a PMC-map meter, but not a model this crate has a map for");
            }
            if !name.is_empty() {
                found.model_name = Some(name);
            }
        }
        Err(Error::Exception(_)) => {
            // No model string: the EM1220H subset has none we know of.
            found.note = Some(
                "PMC register map without a model string (an EM1220H?); probe with --model em1200",
            );
        }
        Err(e) if e.is_link() => return Err(e),
        Err(_) => {}
    }
    Ok(())
}

pub fn run(a: ScanArgs) -> Result<()> {
    let units = parse_units(&a.units)?;
    let mut link = a.link.clone();
    link.timeout_ms = Some(a.link.timeout_ms.unwrap_or(SCAN_TIMEOUT_MS));
    // The scan allowance is a response allowance like any other: wire time (and, behind a
    // gateway, the network allowance) is added on every link.
    let mut transport = link.open()?;
    let progress = std::io::stderr().is_terminal();
    let mut found = Vec::new();
    for (i, &u) in units.iter().enumerate() {
        if progress {
            let width = 30;
            let done = (i + 1) * width / units.len();
            eprint!(
                "\rscanning {}: [{}{}] {}/{} unit {u}, found {}   ",
                link.describe(),
                "#".repeat(done),
                ".".repeat(width - done),
                i + 1,
                units.len(),
                found.len()
            );
            let _ = std::io::stderr().flush();
        }
        match detect(&mut transport, u) {
            Ok(Some(f)) => found.push(f),
            Ok(None) => {}
            Err(Error::Bus(e)) => anyhow::bail!("bus error on {}: {e}", link.describe()),
            Err(_) => found.push(Found {
                unit: u,
                model: None,
                model_name: None,
                word_order: None,
                frequency: None,
                note: Some("answers, but only with errors"),
            }),
        }
    }
    if progress {
        eprintln!();
    }
    if a.json {
        let list: Vec<_> = found
            .iter()
            .map(|f| {
                json!({
                    "unit": f.unit,
                    "model": f.model.map(|m| m.name()),
                    "model_name": f.model_name,
                    "float_word_order": f.word_order.map(|o| o.name()),
                    "frequency_hz": f.frequency,
                    "note": f.note,
                })
            })
            .collect();
        out!("{}", serde_json::Value::Array(list));
        return Ok(());
    }
    out!(
        "{} of {} unit ids answered on {}",
        found.len(),
        units.len(),
        link.describe()
    );
    for f in &found {
        out!(
            "  unit {:>3}: {:<9} {}{}{}",
            f.unit,
            f.model.map_or("unknown", |m| m.name()),
            f.model_name
                .as_deref()
                .map(|n| format!("\"{n}\" "))
                .unwrap_or_default(),
            f.frequency
                .map(|hz| format!("{hz:.2} Hz"))
                .unwrap_or_default(),
            f.note.map(|n| format!(" ({n})")).unwrap_or_default()
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use schneider_em::FrameError;

    /// Serves scripted replies in order and records the wire addresses asked for.
    struct Script {
        replies: Vec<Result<Vec<u16>, Error<()>>>,
        asked: Vec<u16>,
    }

    impl Transport for Script {
        type Error = ();

        fn read_registers(
            &mut self,
            _unit: UnitId,
            _function: ReadFunction,
            start: WireAddress,
            out: &mut [u16],
        ) -> Result<(), Error<()>> {
            self.asked.push(start.get());
            let words = self.replies.remove(0)?;
            out.copy_from_slice(&words[..out.len()]);
            Ok(())
        }
    }

    #[test]
    fn a_garbled_first_reply_is_asked_again_not_taken_for_another_map() {
        // Register 3110 (wire 3109): frequency on the PMC map; 50.0 Hz is 0x4248_0000,
        // high word first. The model string "EM6400NG" at register 50 (wire 49), two
        // characters per word, the first in the high byte.
        let mut name = vec![0u16; 20];
        for (i, pair) in b"EM6400NG".chunks(2).enumerate() {
            name[i] = u16::from_be_bytes([pair[0], pair[1]]);
        }
        let mut t = Script {
            replies: vec![
                Err(Error::Frame(FrameError::Crc {
                    computed: 1,
                    received: 2,
                })),
                Ok(vec![0x4248, 0x0000]),
                Ok(name),
            ],
            asked: Vec::new(),
        };
        let found = detect_present(&mut t, 7).unwrap().unwrap();
        assert_eq!(found.model, Some(Model::Em6400Ng));
        assert_eq!(found.word_order, Some(WordOrder::HighWordFirst));
        assert_eq!(found.frequency, Some(50.0));
        assert_eq!(t.asked, [3109, 3109, 49]);
        assert!(t.replies.is_empty(), "every scripted reply was used");
    }

    #[test]
    fn silence_at_the_first_read_settles_that_nobody_is_there() {
        let mut t = Script {
            replies: vec![Err(Error::Timeout)],
            asked: Vec::new(),
        };
        assert_eq!(detect_present(&mut t, 9).unwrap(), None);
        assert_eq!(t.asked, [3109]);
        // `detect` (ems scan) still tries the legacy map's frequency register.
        let mut t = Script {
            replies: vec![Err(Error::Timeout), Err(Error::Timeout)],
            asked: Vec::new(),
        };
        assert_eq!(detect(&mut t, 9).unwrap(), None);
        assert_eq!(t.asked.len(), 2);
    }
}
