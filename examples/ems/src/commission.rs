//! `ems commission`: finds the bus's serial settings, scans its unit ids, identifies each
//! meter (model, word order, request limit, as `ems scan` and `ems probe` do) and writes a
//! configuration `ems run` accepts unchanged. Talks to the bus and prints; what is written
//! comes from `ems::survey`.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use clap::Args;
use ems::config::{Config, Endpoint};
use ems::survey::{
    search_order, write_config, FoundMeter, LineSetting, Site, Survey, Unidentified,
};
use indicatif::{ProgressBar, ProgressStyle};
use schneider_em::{Error, ExceptionCode, Model, ModelMap, Parity, Quantity, UnitId};

use crate::link::{parse_units, AnyTransport, LinkArgs, ParityArg};
use crate::probe::largest_read_start;
use crate::scan::{detect_present, nobody, read};

/// `ems commission` options.
#[derive(Args, Debug)]
pub struct CommissionArgs {
    /// Serial port of the RS-485 adapter (e.g. /dev/ttyUSB0).
    #[arg(long, value_name = "PATH", conflicts_with_all = ["tcp", "rtu_over_tcp"], required_unless_present_any = ["tcp", "rtu_over_tcp"])]
    pub port: Option<String>,
    /// Modbus TCP gateway or meter.
    #[arg(long, value_name = "HOST:PORT", conflicts_with = "rtu_over_tcp")]
    pub tcp: Option<String>,
    /// Transparent RTU-over-TCP gateway.
    #[arg(long, value_name = "HOST:PORT")]
    pub rtu_over_tcp: Option<String>,
    /// Unit ids to scan.
    #[arg(long, default_value = "1-247")]
    pub units: String,
    /// Where to write the configuration.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Only this baud rate (default on a serial port: try 9600, 19200, 38400, 4800). Behind
    /// a gateway: its serial side's, which sizes timeouts and costs (default 9600).
    #[arg(long, value_parser = clap::value_parser!(u32).range(300..=1_000_000))]
    pub baud: Option<u32>,
    /// Only this parity (default on a serial port: try even, none, odd; a port that cannot
    /// carry parity, such as a pty, is tried with none only).
    #[arg(long, value_enum)]
    pub parity: Option<ParityArg>,
    /// The site's IANA time zone, written to the file.
    #[arg(long, default_value = "Asia/Kolkata")]
    pub timezone: String,
    /// The site's name, written to the file.
    #[arg(long, default_value = "My site")]
    pub site: String,
    /// `[storage] data_dir` to write (default: "data", next to the file).
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<String>,
    /// How long a meter may take to start answering during the scan, ms (the frames' time
    /// on the wire, and a gateway's network allowance, are added). Default on a serial port:
    /// 60 until meters answer, then twice their median reply delay plus 10 (at least 30),
    /// with a unit id whose reply came late tried again at 60.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..=10_000))]
    pub timeout_ms: Option<u64>,
    /// Probe the request limit of every meter (default: of the first meter of each model
    /// and model string; the others are taken to share it). Adds one long read per meter,
    /// about 90 ms at 19200 baud.
    #[arg(long)]
    pub probe_every_meter: bool,
    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,
}

/// Unit ids tried at each serial setting before the full scan: meters are numbered from 1
/// on almost every bus, so a setting where none of these answers is very likely wrong.
const QUICK_IDS: usize = 5;

/// The scan's response allowance until meters have answered, ms (as `ems scan`).
const SCAN_TIMEOUT_MS: u64 = 60;

/// The least response allowance the scan adapts down to, ms.
const MIN_ADAPTED_TIMEOUT_MS: u64 = 30;

/// Response allowance for identifying a meter that answered and probing its request limit:
/// long reads may take a meter longer than the scan's short allowance.
const IDENTIFY_TIMEOUT_MS: u64 = 200;

/// Meters whose reply delay is sampled for the bus's `turnaround_ms`.
const TURNAROUND_SAMPLES: usize = 9;

/// What one scanned unit id gave.
enum Unit {
    Absent,
    Meter(FoundMeter),
    Unidentified(Unidentified),
}

/// The options of one setting as link options (8 data bits, 1 stop bit).
fn link_for(a: &CommissionArgs, s: LineSetting, timeout_ms: u64) -> LinkArgs {
    LinkArgs {
        port: a.port.clone(),
        tcp: a.tcp.clone(),
        rtu_over_tcp: a.rtu_over_tcp.clone(),
        baud: s.baud,
        parity: match s.parity {
            Parity::None => ParityArg::None,
            Parity::Even => ParityArg::Even,
            Parity::Odd => ParityArg::Odd,
        },
        stop_bits: 1,
        timeout_ms: Some(timeout_ms),
        network_allowance_ms: LinkArgs::DEFAULT_NETWORK_ALLOWANCE_MS,
    }
}

/// Whether the serial port keeps a parity setting (a pty silently drops it).
fn port_carries_parity(a: &CommissionArgs) -> Result<bool> {
    let probe = LinkArgs {
        parity: ParityArg::Even,
        ..link_for(
            a,
            LineSetting {
                baud: 9600,
                parity: Parity::Even,
            },
            SCAN_TIMEOUT_MS,
        )
    };
    match probe.open()? {
        AnyTransport::Serial(mut rtu) => Ok(matches!(
            rtu.link().port().parity(),
            Ok(serialport::Parity::Even)
        )),
        _ => Ok(true),
    }
}

fn bar(len: u64, show: bool) -> ProgressBar {
    if !show {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::new(len);
    pb.set_style(
        ProgressStyle::with_template("{prefix} [{bar:30}] {pos}/{len} {msg}")
            .expect("a valid template")
            .progress_chars("#>."),
    );
    pb
}

/// Whether anything answers cleanly (a reply or an exception) at one of `ids`. A garbled reply
/// (CRC or frame error) is counted in `garbled`: something is there at another setting.
fn anyone_at(
    t: &mut AnyTransport,
    ids: &[u8],
    garbled: &mut bool,
    pb: &ProgressBar,
) -> Result<bool> {
    let wire = Model::Em6400Ng
        .map()
        .source(Quantity::Frequency)
        .expect("the PMC map has the frequency")
        .number
        .wire()
        .get();
    for &u in ids {
        pb.inc(1);
        let id = UnitId::new(u).expect("1-247");
        match read(t, id, wire, 2) {
            Ok(_) | Err(Error::Exception(_)) => return Ok(true),
            Err(Error::Frame(_)) => *garbled = true,
            Err(Error::Bus(e)) => bail!("bus error: {e}"),
            Err(_) => {}
        }
    }
    Ok(false)
}

/// Request limits already probed, by (model, model string): (unit probed, result).
type Limits = Vec<((Model, Option<String>), (u8, Option<u16>))>;

/// What a scan has learnt so far.
struct ScanState {
    /// The response allowance in force for presence reads, ms.
    allowance_ms: u64,
    /// The reply delays seen, ms (serial ports only).
    delays_ms: Vec<f64>,
    /// Request limits probed.
    limits: Limits,
}

impl CommissionArgs {
    /// The scan's full response allowance, ms.
    fn scan_timeout_ms(&self) -> u64 {
        self.timeout_ms.unwrap_or(SCAN_TIMEOUT_MS)
    }
}

/// Identifies what is at `unit` (nothing, a meter, or something unidentified).
fn survey_unit(
    t: &mut AnyTransport,
    a: &CommissionArgs,
    s: LineSetting,
    unit: u8,
    state: &mut ScanState,
) -> Result<Unit> {
    let found = match detect_present(t, unit) {
        Ok(None) => return Ok(Unit::Absent),
        Ok(Some(f)) => f,
        Err(Error::Bus(e)) => bail!("bus error: {e}"),
        Err(e) if nobody(&e) => return Ok(Unit::Absent),
        Err(e) => {
            return Ok(Unit::Unidentified(Unidentified {
                unit,
                note: format!("answers, but only with errors ({e})"),
            }))
        }
    };
    // The reply delay of the last read: first reply byte less the request's time on the wire.
    if let AnyTransport::Serial(rtu) = t {
        if let Some(l) = rtu.link().first_byte_latency() {
            let request_ns = link_for(a, s, 0).timing().chars_ns(8);
            let ms = (l.as_nanos() as u64).saturating_sub(request_ns) as f64 / 1e6;
            state.delays_ms.push(ms);
        }
    }
    let (Some(model), Some(order)) = (found.model, found.word_order) else {
        let note = found.note.map_or_else(
            || {
                "answers, but neither map's frequency register decodes to 45-65 Hz in either word order".to_string()
            },
            |n| n.to_string(),
        );
        let note = match &found.model_name {
            Some(name) => format!("reports \"{name}\": {note}"),
            None => note,
        };
        return Ok(Unit::Unidentified(Unidentified { unit, note }));
    };
    let key = (model, found.model_name.clone());
    let known = state
        .limits
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| *v);
    let (max_registers, note, limit_from) = match known {
        Some((probed, limit)) if !a.probe_every_meter => (limit, None, probed),
        _ => {
            // Give long reads a meter's usual allowance while probing it.
            t.retime(&link_for(a, s, IDENTIFY_TIMEOUT_MS));
            let limit = request_limit(t, unit, model);
            t.retime(&link_for(a, s, state.allowance_ms));
            let (max_registers, note) = limit?;
            if note.is_none() && known.is_none() {
                state.limits.push((key, (unit, max_registers)));
            }
            (max_registers, note, unit)
        }
    };
    Ok(Unit::Meter(FoundMeter {
        unit,
        model,
        model_name: found.model_name,
        float32: order,
        frequency: found.frequency,
        max_registers,
        limit_from,
        note,
    }))
}

/// Whether the planner may read `first..=last` in one request on `map`: no never-read
/// register inside, and a whole-only block either read exactly or not touched.
fn window_ok(map: &ModelMap, first: u16, last: u16) -> bool {
    map.range_readable(first, last)
        && !map
            .whole_blocks
            .iter()
            .any(|b| b.overlaps(first, last) && (b.first.get() != first || b.last.get() != last))
}

/// Where to try the longest read the map allows: the first readable register (from
/// `largest_read_start`'s pick on) from which a read of the map's limit is one the planner
/// could make, as (first register, length); where none is that long, the longest there is.
fn probe_window(map: &ModelMap) -> Option<(u16, u16)> {
    let n = map.max_registers_per_read;
    let preferred = largest_read_start(map, false).map(|r| r.get());
    let starts = preferred.into_iter().chain(
        map.registers
            .iter()
            .filter(|r| r.access.readable())
            .map(|r| r.number.get()),
    );
    let mut best: Option<(u16, u16)> = None;
    for first in starts {
        let longest = (1..=n).rev().find(|&len| {
            first
                .checked_add(len - 1)
                .is_some_and(|last| window_ok(map, first, last))
        });
        if let Some(len) = longest {
            if len == n {
                return Some((first, n));
            }
            if best.is_none_or(|(_, l)| len > l) {
                best = Some((first, len));
            }
        }
    }
    best
}

/// The meter's request limit: `None` when it accepts a read as long as its map allows (one
/// read); otherwise the longest read it accepts, found by bisection.
fn request_limit(
    t: &mut AnyTransport,
    unit: u8,
    model: Model,
) -> Result<(Option<u16>, Option<String>)> {
    let map = model.map();
    let id = UnitId::new(unit).expect("1-247");
    let Some((start, n)) = probe_window(map) else {
        return Ok((
            None,
            Some("request limit not probed: no long read in its map".into()),
        ));
    };
    let wire = start - 1;
    let accepted = |r: &Result<Vec<u16>, Error<std::io::Error>>| -> Result<Option<bool>> {
        match r {
            Ok(_) => Ok(Some(true)),
            Err(Error::Bus(e)) => bail!("bus error: {e}"),
            Err(Error::Exception(ExceptionCode::IllegalDataValue)) => Ok(Some(false)),
            // No reply to a long read: some devices ignore what they cannot serve.
            Err(e) if e.is_link() => Ok(Some(false)),
            Err(_) => Ok(None),
        }
    };
    let first = read(t, id, wire, usize::from(n));
    match accepted(&first)? {
        Some(true) => return Ok((None, None)),
        Some(false) => {}
        None => {
            return Ok((
                None,
                Some(format!(
                    "request limit not probed: a read of {n} registers from register {start} was refused ({}), not for its size",
                    first.err().map(|e| e.to_string()).unwrap_or_default()
                )),
            ))
        }
    }
    let (mut ok, mut bad) = (1u16, n);
    while bad - ok > 1 {
        let mid = (ok + bad) / 2;
        match accepted(&read(t, id, wire, usize::from(mid)))? {
            Some(true) => ok = mid,
            _ => bad = mid,
        }
    }
    Ok((Some(ok), None))
}

/// The meters' reply delay, ms: the median time from the request written to the first
/// reply byte, less the request's time on the wire. Serial ports only.
fn turnaround_ms(t: &mut AnyTransport, link: &LinkArgs, meters: &[FoundMeter]) -> Option<f64> {
    let AnyTransport::Serial(_) = t else {
        return None;
    };
    let request_ns = link.timing().chars_ns(8);
    let mut samples = Vec::new();
    for m in meters.iter().take(TURNAROUND_SAMPLES) {
        let Some(reg) = m.model.map().source(Quantity::Frequency) else {
            continue;
        };
        let id = UnitId::new(m.unit).expect("1-247");
        if read(t, id, reg.number.wire().get(), 2).is_ok() {
            if let AnyTransport::Serial(rtu) = t {
                if let Some(l) = rtu.link().first_byte_latency() {
                    let ns = (l.as_nanos() as u64).saturating_sub(request_ns);
                    samples.push(ns as f64 / 1e6);
                }
            }
        }
    }
    samples.sort_by(f64::total_cmp);
    samples.get(samples.len() / 2).copied()
}

/// After a read timed out with an allowance of `allowance_ms`: waits out the late-reply
/// guard the link keeps anyway (one allowance), so it costs no bus time, and tells whether
/// bytes arrived meanwhile. Serial ports only.
fn late_reply(t: &mut AnyTransport, allowance_ms: u64) -> Result<bool> {
    let AnyTransport::Serial(rtu) = t else {
        return Ok(false);
    };
    std::thread::sleep(std::time::Duration::from_millis(allowance_ms));
    let pending = rtu
        .link()
        .port()
        .bytes_to_read()
        .map_err(|e| anyhow::anyhow!("bus error: {e}"))?;
    Ok(pending > 0)
}

/// The median of `xs`, if any.
fn median(xs: &[f64]) -> Option<f64> {
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied()
}

/// Scans `units` at one setting.
fn scan(
    a: &CommissionArgs,
    s: LineSetting,
    units: &[u8],
    show: bool,
) -> Result<(Vec<FoundMeter>, Vec<Unidentified>, LinkArgs, AnyTransport)> {
    let full = a.scan_timeout_ms();
    let link = link_for(a, s, full);
    let mut t = link.open()?;
    let adapt = a.timeout_ms.is_none() && matches!(t, AnyTransport::Serial(_));
    let pb = bar(units.len() as u64, show);
    pb.set_prefix(format!("scanning {}", link.describe()));
    let (mut meters, mut unknown) = (Vec::new(), Vec::new());
    let mut state = ScanState {
        allowance_ms: full,
        delays_ms: Vec::new(),
        limits: Limits::new(),
    };
    for &u in units {
        pb.set_message(format!("unit {u}, found {}", meters.len() + unknown.len()));
        let mut unit = survey_unit(&mut t, a, s, u, &mut state)
            .with_context(|| format!("scanning unit {u} on {}", link.describe()))?;
        if matches!(unit, Unit::Absent) && late_reply(&mut t, state.allowance_ms)? {
            // Something answered after the allowance (a slow meter, or a busy host): ask
            // again with the full one.
            t.retime(&link_for(a, s, full));
            unit = survey_unit(&mut t, a, s, u, &mut state)
                .with_context(|| format!("scanning unit {u} on {}", link.describe()))?;
            t.retime(&link_for(a, s, state.allowance_ms));
        }
        match unit {
            Unit::Absent => {}
            Unit::Meter(m) => meters.push(m),
            Unit::Unidentified(x) => unknown.push(x),
        }
        // The median, not the slowest: one reply delayed by a busy host must not undo the
        // adaptation, and a meter slower than the allowance is still found (asked again when
        // its reply comes during the guard).
        if let (true, Some(median)) = (adapt, median(&state.delays_ms)) {
            let adapted = ((2.0 * median).ceil() as u64 + 10).clamp(MIN_ADAPTED_TIMEOUT_MS, full);
            if adapted != state.allowance_ms {
                state.allowance_ms = adapted;
                t.retime(&link_for(a, s, adapted));
            }
        }
        pb.inc(1);
    }
    pb.finish_and_clear();
    Ok((meters, unknown, link, t))
}

/// Runs `ems commission`: finds the setting, scans, writes the file, prints the summary.
pub fn run(a: CommissionArgs) -> Result<()> {
    let started = Instant::now();
    let units = parse_units(&a.units)?;
    if jiff::tz::TimeZone::get(&a.timezone).is_err() {
        bail!(
            "--timezone: unknown time zone \"{}\"; give an IANA name such as \"Asia/Kolkata\" or \"UTC\"",
            a.timezone
        );
    }
    if a.out.exists() && !a.force {
        bail!(
            "{} exists; give --force to replace it, or another --out",
            a.out.display()
        );
    }
    if let Some(dir) = a.out.parent().filter(|d| !d.as_os_str().is_empty()) {
        if !dir.is_dir() {
            bail!(
                "cannot write {}: no directory {}",
                a.out.display(),
                dir.display()
            );
        }
    }
    let show = std::io::stderr().is_terminal();
    let serial = a.port.is_some();
    let settings = if serial {
        search_order(a.baud, a.parity.map(Parity::from), port_carries_parity(&a)?)
    } else {
        vec![LineSetting {
            baud: a.baud.unwrap_or(9600),
            parity: a.parity.map_or(Parity::Even, Parity::from),
        }]
    };

    // Find the setting: the first unit ids at each setting, then (if none answered there)
    // every unit id at each setting.
    let mut tried = Vec::new();
    let mut garbled = Vec::new();
    let mut chosen = None;
    if settings.len() > 1 {
        let quick = &units[..units.len().min(QUICK_IDS)];
        let pb = bar((settings.len() * quick.len()) as u64, show);
        pb.set_prefix("finding the baud rate and parity");
        for &s in &settings {
            pb.set_message(s.to_string());
            let mut t = link_for(&a, s, a.scan_timeout_ms()).open()?;
            let mut g = false;
            if anyone_at(&mut t, quick, &mut g, &pb)? {
                chosen = Some(s);
                break;
            }
            if g {
                garbled.push(s);
            }
            tried.push(s);
        }
        pb.finish_and_clear();
        if chosen.is_none() && units.len() <= QUICK_IDS {
            nothing_answered(&a, &settings, &garbled)?;
        }
    }
    let mut result = None;
    match chosen {
        Some(s) => result = Some((s, scan(&a, s, &units, show)?)),
        None => {
            tried.clear();
            for &s in &settings {
                let r = scan(&a, s, &units, show)?;
                if !r.0.is_empty() || !r.1.is_empty() {
                    result = Some((s, r));
                    break;
                }
                tried.push(s);
            }
        }
    }
    let Some((line, (meters, unidentified, link, mut t))) = result else {
        return nothing_answered(&a, &settings, &garbled);
    };
    let scan_s = started.elapsed().as_secs_f64();
    if meters.is_empty() {
        let list: Vec<String> = unidentified
            .iter()
            .map(|u| format!("unit {}: {}", u.unit, u.note))
            .collect();
        bail!(
            "{} unit id(s) answered on {} but none was identified as an EM6400NG, EM6400 or EM1200, so no configuration was written: {}",
            unidentified.len(),
            link.describe(),
            list.join("; ")
        );
    }
    let turnaround_ms = turnaround_ms(&mut t, &link, &meters);
    drop(t);

    let survey = Survey {
        endpoint: match (&a.port, &a.tcp, &a.rtu_over_tcp) {
            (Some(p), _, _) => Endpoint::Serial(p.clone()),
            (_, Some(h), _) => Endpoint::Tcp(h.clone()),
            (_, _, Some(h)) => Endpoint::RtuOverTcp(h.clone()),
            _ => bail!("give a link: --port PATH, --tcp HOST:PORT or --rtu-over-tcp HOST:PORT"),
        },
        line,
        line_detected: serial && settings.len() > 1,
        tried: if serial { tried.clone() } else { Vec::new() },
        units: a.units.clone(),
        turnaround_ms,
        meters,
        unidentified,
    };
    let site = Site {
        site: a.site.clone(),
        timezone: a.timezone.clone(),
        data_dir: a.data_dir.clone(),
        when: jiff::Timestamp::now()
            .strftime("%Y-%m-%d %H:%M UTC")
            .to_string(),
    };
    let file = a.out.display().to_string();
    let text = write_config(&survey, &site, &file)
        .map_err(|e| anyhow::anyhow!("the configuration written would not load (a bug): {e}"))?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if a.force {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    {
        use std::io::Write;
        let mut f = options
            .open(&a.out)
            .with_context(|| format!("cannot write {file}"))?;
        f.write_all(text.as_bytes())
            .with_context(|| format!("cannot write {file}"))?;
    }
    Config::load(&a.out).map_err(|e| anyhow::anyhow!("{e}"))?;
    summary(&survey, &link, scan_s, &file);
    Ok(())
}

fn nothing_answered(
    a: &CommissionArgs,
    settings: &[LineSetting],
    garbled: &[LineSetting],
) -> Result<()> {
    let where_ = match (&a.port, &a.tcp, &a.rtu_over_tcp) {
        (Some(p), _, _) => {
            let s: Vec<String> = settings.iter().map(|s| s.to_string()).collect();
            format!("{p} at {}", s.join(", "))
        }
        (_, Some(h), _) => format!("Modbus TCP {h}"),
        (_, _, Some(h)) => format!("RTU-over-TCP gateway {h}"),
        _ => "no link".into(),
    };
    let hint = if garbled.is_empty() {
        String::new()
    } else {
        let g: Vec<String> = garbled.iter().map(|s| s.to_string()).collect();
        format!(
            "; garbled replies came back at {}, so something is there at another setting (try --baud and --parity, or 2 stop bits)",
            g.join(", ")
        )
    };
    bail!(
        "nothing answered on {where_} (unit ids {}, {} ms allowance){hint}; check power, the A/B wiring (swap them), termination, the unit ids and the meters' baud rate and parity",
        a.units,
        a.scan_timeout_ms()
    )
}

fn summary(survey: &Survey, link: &LinkArgs, scan_s: f64, file: &str) {
    let n = survey.meters.len();
    out!(
        "ems commission: {n} meter{} on {} (unit ids {} scanned in {:.1} s){}",
        if n == 1 { "" } else { "s" },
        link.describe(),
        survey.units,
        scan_s,
        if survey.tried.is_empty() {
            String::new()
        } else {
            let t: Vec<String> = survey.tried.iter().map(|s| s.to_string()).collect();
            format!("; nothing answered at {}", t.join(", "))
        }
    );
    for m in &survey.meters {
        let map_order = m.model.map().word_order.float32;
        out!(
            "  unit {:>3}: {:<9} {:<16} floats {}{}{}{}",
            m.unit,
            m.model.name(),
            m.model_name
                .as_deref()
                .map(|s| format!("\"{s}\""))
                .unwrap_or_default(),
            m.float32.name(),
            if m.float32 == map_order {
                String::new()
            } else {
                format!(" (map: {}; override written)", map_order.name())
            },
            m.max_registers
                .map(|r| format!(", at most {r} registers per read"))
                .unwrap_or_default(),
            m.note
                .as_deref()
                .map(|s| format!(" ({s})"))
                .unwrap_or_default()
        );
    }
    if survey.unidentified.is_empty() {
        out!("could not identify: none");
    } else {
        out!(
            "could not identify {} unit id(s) (not written; add them by hand):",
            survey.unidentified.len()
        );
        for u in &survey.unidentified {
            out!("  unit {:>3}: {}", u.unit, u.note);
        }
    }
    let probed: Vec<String> = survey
        .meters
        .iter()
        .filter(|m| m.limit_from == m.unit)
        .map(|m| format!("{} ({})", m.unit, m.model))
        .collect();
    if probed.len() < n {
        out!(
            "request limit probed on unit{} {}; the other meters are taken to share their model's (--probe-every-meter probes each)",
            if probed.len() == 1 { "" } else { "s" },
            probed.join(", ")
        );
    }
    match ems::survey::bus_max_registers(&survey.meters) {
        Some(r) => out!("request limit: max_registers = {r} written for the bus"),
        None => out!("request limit: every meter accepted a read as long as its map allows"),
    }
    if let Some(ms) = survey.turnaround_ms {
        out!("turnaround: {ms:.1} ms (median)");
    }
    out!("wrote {file}; check it with `ems check --config {file}`");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_is_probed_with_a_read_the_planner_could_make() {
        for model in Model::ALL {
            let map = model.map();
            let (first, len) = probe_window(map).unwrap();
            assert!(window_ok(map, first, first + len - 1), "{model}");
            // No longer read is possible on the map anywhere.
            assert!(!map.registers.iter().any(|r| {
                let f = r.number.get();
                len < map.max_registers_per_read && window_ok(map, f, f + len)
            }));
        }
        // The two full maps have a window as long as their limit.
        for model in [Model::Em6400Ng, Model::Em6400] {
            let map = model.map();
            assert_eq!(probe_window(map).unwrap().1, map.max_registers_per_read);
        }
        // EM6400NG: 3000-3059 would cross the never-read 3034-3035.
        assert!(!window_ok(Model::Em6400Ng.map(), 3000, 3059));
    }
}
