//! Commissioning without hand-editing: the order in which `ems commission` tries serial
//! settings, what it found on a bus ([`Survey`]), and the configuration file it writes from
//! that ([`write_config`]): site, time zone, one `[[bus]]`, a `[[meter]]` per identified
//! meter (with word-order overrides where the meter disagrees with its map) and the default
//! poll classes, lengthened where the bus cannot carry them.
//!
//! No I/O here: the binary's `commission` command talks to the bus and fills a [`Survey`];
//! this module only orders, describes and writes text that [`Config::parse`] accepts.

use std::fmt::Write as _;

use schneider_em::{Model, Parity, WordOrder};

use crate::budget::budget;
use crate::config::{Config, ConfigError, Endpoint};

/// The baud rates tried, most common first (9600 is the meters' factory setting, 19200 the
/// usual field set-up).
pub const BAUDS: [u32; 4] = [9600, 19_200, 38_400, 4800];

/// The parities tried, most common first (even is the meters' factory setting).
pub const PARITIES: [Parity; 3] = [Parity::Even, Parity::None, Parity::Odd];

/// The share of the bus the written poll classes may take; the rest is left for retries,
/// silent meters and the late-reply guard.
pub const TARGET_LOAD: f64 = 0.8;

/// One serial setting to try: baud rate and parity (8 data bits, 1 stop bit).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineSetting {
    /// Baud rate.
    pub baud: u32,
    /// Parity.
    pub parity: Parity,
}

impl std::fmt::Display for LineSetting {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} 8{}1", self.baud, parity_letter(self.parity))
    }
}

/// 'N', 'E' or 'O'.
pub fn parity_letter(p: Parity) -> char {
    match p {
        Parity::None => 'N',
        Parity::Even => 'E',
        Parity::Odd => 'O',
    }
}

/// The parity as the configuration file names it.
pub fn parity_name(p: Parity) -> &'static str {
    match p {
        Parity::None => "none",
        Parity::Even => "even",
        Parity::Odd => "odd",
    }
}

/// The settings to try, in order: every baud rate (given one, or [`BAUDS`]) and, at each, every
/// parity (given one, or [`PARITIES`]). A port that cannot carry a parity bit (a pty) is only
/// tried with parity none, unless a parity is given: the others would look identical.
pub fn search_order(
    baud: Option<u32>,
    parity: Option<Parity>,
    port_carries_parity: bool,
) -> Vec<LineSetting> {
    let bauds: Vec<u32> = baud.map_or(BAUDS.to_vec(), |b| vec![b]);
    let parities: Vec<Parity> = match parity {
        Some(p) => vec![p],
        None if port_carries_parity => PARITIES.to_vec(),
        None => vec![Parity::None],
    };
    bauds
        .iter()
        .flat_map(|&baud| {
            parities
                .iter()
                .map(move |&parity| LineSetting { baud, parity })
        })
        .collect()
}

/// An identified meter.
#[derive(Clone, Debug, PartialEq)]
pub struct FoundMeter {
    /// Unit id.
    pub unit: u8,
    /// Its model.
    pub model: Model,
    /// The model string it reports, if any.
    pub model_name: Option<String>,
    /// The float word order that decoded a plausible frequency.
    pub float32: WordOrder,
    /// The frequency read while identifying it, Hz.
    pub frequency: Option<f64>,
    /// The request limit found: `None` when it accepted a read as long as its map allows;
    /// `Some(n)` when it rejected that and accepted at most `n` registers.
    pub max_registers: Option<u16>,
    /// The unit whose probe gave `max_registers`: this one, or an earlier meter of the same
    /// model and model string.
    pub limit_from: u8,
    /// What could not be settled about it (shown as a comment).
    pub note: Option<String>,
}

/// A unit id that answered but could not be identified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unidentified {
    /// Unit id.
    pub unit: u8,
    /// Why, for the user.
    pub note: String,
}

/// What `ems commission` found on one bus.
#[derive(Clone, Debug, PartialEq)]
pub struct Survey {
    /// Where the bus is reached.
    pub endpoint: Endpoint,
    /// The serial setting the meters answered at (the gateway's serial side behind TCP, as
    /// given or assumed: it only sizes timeouts and costs there).
    pub line: LineSetting,
    /// Whether `line` was found by trying (`false`: given, or behind a gateway).
    pub line_detected: bool,
    /// The settings tried before `line`, where nothing answered.
    pub tried: Vec<LineSetting>,
    /// The unit ids scanned, as given (e.g. "1-247").
    pub units: String,
    /// The meters' turnaround, ms, if measured.
    pub turnaround_ms: Option<f64>,
    /// Identified meters, by unit id.
    pub meters: Vec<FoundMeter>,
    /// Unit ids that answered but were not identified.
    pub unidentified: Vec<Unidentified>,
}

/// File-level choices that are not found on the bus.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Site {
    /// Site name.
    pub site: String,
    /// IANA time-zone name.
    pub timezone: String,
    /// `[storage] data_dir`, if given (else the default, `data` next to the file).
    pub data_dir: Option<String>,
    /// When the survey ran, for the header ("2026-12-01 22:30 UTC").
    pub when: String,
}

/// The interval ladder the poll classes are lengthened along, seconds.
const LADDER_S: [u64; 16] = [
    3, 5, 10, 15, 20, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21_600, 86_400,
];

/// Poll-class intervals, seconds, in the built-in classes' order (fast, energy, slow).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Intervals([u64; 3]);

/// The built-in defaults (see [`crate::config`]): fast 10 s, energy 60 s, slow 5 min.
const DEFAULT_INTERVALS: Intervals = Intervals([10, 60, 300]);
const CLASS_NAMES: [&str; 3] = ["fast", "energy", "slow"];
const CLASS_WHAT: [&str; 3] = [
    "the dashboard set: currents, voltages, P/Q/S, PF, frequency, kWh",
    "every energy counter: per-slot energy comes from their deltas",
    "demand, THD and min/max",
];

fn interval_text(s: u64) -> String {
    if s.is_multiple_of(86_400) {
        format!("{}d", s / 86_400)
    } else if s.is_multiple_of(3600) {
        format!("{}h", s / 3600)
    } else if s.is_multiple_of(60) && s >= 300 {
        format!("{}m", s / 60)
    } else {
        format!("{s}s")
    }
}

fn quote(s: &str) -> String {
    // A TOML basic string.
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The bus's `max_registers`: the lowest request limit a meter showed, if any meter showed
/// one below its map's.
pub fn bus_max_registers(meters: &[FoundMeter]) -> Option<u16> {
    meters.iter().filter_map(|m| m.max_registers).min()
}

/// The name a meter gets: `unit-N`.
pub fn meter_name(unit: u8) -> String {
    format!("unit-{unit}")
}

/// The bus's name in the file.
pub const BUS_NAME: &str = "bus-1";

fn render(survey: &Survey, site: &Site, iv: Intervals, load: Option<f64>) -> String {
    let mut t = String::new();
    let w = &mut t;
    let _ = writeln!(
        w,
        "# Written by `ems commission` on {}: what answered on {}.",
        site.when, survey.endpoint
    );
    let _ = writeln!(
        w,
        "# Check it with `ems check --config FILE`; `ems run --config FILE` uses it as it is."
    );
    let _ = writeln!(
        w,
        "# Rename the meters (\"unit-N\") and set each one's `parent` to describe the hierarchy."
    );
    let mut counts: Vec<(Model, usize)> = Vec::new();
    for m in &survey.meters {
        match counts.iter_mut().find(|(model, _)| *model == m.model) {
            Some((_, n)) => *n += 1,
            None => counts.push((m.model, 1)),
        }
    }
    let by_model: Vec<String> = counts.iter().map(|(m, n)| format!("{n} {m}")).collect();
    let _ = writeln!(
        w,
        "#\n# Scanned unit ids {}: {} meter{} identified ({}).",
        survey.units,
        survey.meters.len(),
        if survey.meters.len() == 1 { "" } else { "s" },
        by_model.join(", ")
    );
    if !survey.unidentified.is_empty() {
        let _ = writeln!(
            w,
            "# Answered but not identified (not in this file; add them by hand with the right model):"
        );
        for u in &survey.unidentified {
            let _ = writeln!(w, "#   unit {}: {}", u.unit, u.note);
        }
    }
    let _ = writeln!(w);
    let _ = writeln!(w, "site = {}", quote(&site.site));
    let _ = writeln!(
        w,
        "timezone = {}  # IANA zone: day and month boundaries of reports",
        quote(&site.timezone)
    );
    let _ = writeln!(w);

    // The bus.
    let _ = writeln!(w, "[[bus]]");
    let _ = writeln!(w, "name = {}", quote(BUS_NAME));
    let serial = matches!(survey.endpoint, Endpoint::Serial(_));
    match &survey.endpoint {
        Endpoint::Serial(p) => {
            let _ = writeln!(w, "port = {}", quote(p));
        }
        Endpoint::Tcp(a) => {
            let _ = writeln!(w, "tcp = {}", quote(a));
        }
        Endpoint::RtuOverTcp(a) => {
            let _ = writeln!(w, "rtu_over_tcp = {}", quote(a));
        }
    }
    let line_note = if !serial {
        "the gateway's serial side, as given or assumed: it sizes timeouts and read costs; set it to the gateway's".to_string()
    } else if survey.line_detected {
        if survey.tried.is_empty() {
            "found: the meters answered at the first setting tried".to_string()
        } else {
            let tried: Vec<String> = survey.tried.iter().map(|s| s.to_string()).collect();
            format!("found: nothing answered at {}", tried.join(", "))
        }
    } else {
        "as given".to_string()
    };
    let _ = writeln!(w, "baud = {}  # {line_note}", survey.line.baud);
    let parity_note = if serial && survey.line_detected && survey.line.parity == Parity::None {
        "  # none | even | odd (a port without parity, such as a pty, is only tried with none)"
    } else {
        "  # none | even | odd"
    };
    let _ = writeln!(
        w,
        "parity = {}{parity_note}",
        quote(parity_name(survey.line.parity))
    );
    let _ = writeln!(w, "stop_bits = 1");
    match survey.turnaround_ms {
        Some(ms) => {
            let _ = writeln!(
                w,
                "turnaround_ms = {:.0}  # measured: the meters' median reply delay",
                ms.ceil().max(1.0)
            );
        }
        None => {
            let _ = writeln!(
                w,
                "turnaround_ms = 10  # assumed (not measurable here); the meters answer in 10-50 ms"
            );
        }
    }
    if let Some(n) = bus_max_registers(&survey.meters) {
        let who: Vec<String> = survey
            .meters
            .iter()
            .filter(|m| m.max_registers.is_some())
            .map(|m| format!("unit {} at most {}", m.unit, m.max_registers.unwrap_or(n)))
            .collect();
        let _ = writeln!(
            w,
            "max_registers = {n}  # probed: some meters reject reads as long as their map allows ({})",
            who.join(", ")
        );
    } else {
        let _ = writeln!(
            w,
            "# max_registers: not set; every meter accepted a read as long as its map allows"
        );
    }
    let _ = writeln!(w);

    // Poll classes.
    let _ = writeln!(
        w,
        "# Poll classes: the defaults{}.",
        if iv == DEFAULT_INTERVALS {
            String::new()
        } else {
            format!(
                ", with intervals lengthened so that they take at most {:.0} % of this bus",
                TARGET_LOAD * 100.0
            )
        }
    );
    if let Some(l) = load {
        let _ = writeln!(
            w,
            "# Modelled load: {:.1} % of the bus (`ems check` shows the reads and what they cost).",
            l * 100.0
        );
    }
    for (k, name) in CLASS_NAMES.iter().enumerate() {
        let changed = iv.0[k] != DEFAULT_INTERVALS.0[k];
        let _ = writeln!(w, "[poll.{name}]  # {}", CLASS_WHAT[k]);
        let _ = writeln!(
            w,
            "interval = {}{}",
            quote(&interval_text(iv.0[k])),
            if changed {
                format!(
                    "  # default {}",
                    quote(&interval_text(DEFAULT_INTERVALS.0[k]))
                )
            } else {
                String::new()
            }
        );
    }
    let _ = writeln!(
        w,
        "[poll.identity]  # model, serial number, firmware: at start and daily"
    );
    let _ = writeln!(w, "interval = \"24h\"");
    let _ = writeln!(w);

    let _ = writeln!(w, "[storage]");
    match &site.data_dir {
        Some(d) => {
            let _ = writeln!(w, "data_dir = {}", quote(d));
        }
        None => {
            let _ = writeln!(
                w,
                "data_dir = \"data\"  # relative to this file; the systemd service uses \"/var/lib/ems\""
            );
        }
    }
    let _ = writeln!(w);

    for m in &survey.meters {
        let map = m.model.map();
        let _ = writeln!(w, "[[meter]]");
        let _ = writeln!(w, "name = {}", quote(&meter_name(m.unit)));
        let _ = writeln!(w, "bus = {}", quote(BUS_NAME));
        let _ = writeln!(w, "unit = {}", m.unit);
        let mut found = Vec::new();
        if let Some(n) = &m.model_name {
            found.push(format!("reports {n:?}"));
        }
        if let Some(hz) = m.frequency {
            found.push(format!("{hz:.2} Hz"));
        }
        if let Some(n) = m.max_registers {
            if m.limit_from == m.unit {
                found.push(format!("accepts at most {n} registers per read"));
            } else {
                found.push(format!(
                    "at most {n} registers per read, as unit {}",
                    m.limit_from
                ));
            }
        }
        let _ = writeln!(
            w,
            "model = {}{}",
            quote(m.model.name()),
            if found.is_empty() {
                String::new()
            } else {
                format!("  # {}", found.join("; "))
            }
        );
        let _ = writeln!(w, "parent = \"\"");
        if m.float32 != map.word_order.float32 {
            let _ = writeln!(
                w,
                "# Its floats decode plausibly only {}, though the {} map says {}; its integers' order is not known (the map's is kept).",
                m.float32.name(),
                m.model,
                map.word_order.float32.name()
            );
            let _ = writeln!(
                w,
                "word_order = {{ float32 = {} }}",
                quote(m.float32.name())
            );
        }
        if let Some(n) = &m.note {
            let _ = writeln!(w, "# Note: {n}");
        }
        let _ = writeln!(w);
    }
    t
}

/// Writes the configuration for `survey`: the default poll classes, each lengthened along a
/// ladder (the one taking the most of the bus first) until the modelled load is at most
/// [`TARGET_LOAD`]. The text is checked with [`Config::parse`] (as `file`) before it is
/// returned.
pub fn write_config(survey: &Survey, site: &Site, file: &str) -> Result<String, ConfigError> {
    let mut iv = DEFAULT_INTERVALS;
    loop {
        let text = render(survey, site, iv, None);
        let config = Config::parse(&text, file)?;
        let Some(b) = budget(&config).ok().and_then(|b| b.into_iter().next()) else {
            return Ok(text);
        };
        let class_load = |k: usize| {
            b.classes
                .iter()
                .find(|c| c.name == CLASS_NAMES[k])
                .map_or(0.0, |c| c.load)
        };
        // Lengthen the class that takes the most of the bus, while one can be.
        let worst = (0..3)
            .filter(|&k| LADDER_S.iter().any(|&s| s > iv.0[k]))
            .max_by(|&x, &y| class_load(x).total_cmp(&class_load(y)));
        match worst {
            Some(k) if b.load > TARGET_LOAD => {
                iv.0[k] = *LADDER_S
                    .iter()
                    .find(|&&s| s > iv.0[k])
                    .expect("filtered on a longer interval");
            }
            _ => return Ok(render(survey, site, iv, Some(b.load))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serial_settings_are_tried_baud_by_baud_with_every_parity() {
        let order = search_order(None, None, true);
        assert_eq!(order.len(), 12);
        let text: Vec<String> = order.iter().map(|s| s.to_string()).collect();
        assert_eq!(
            text,
            [
                "9600 8E1",
                "9600 8N1",
                "9600 8O1",
                "19200 8E1",
                "19200 8N1",
                "19200 8O1",
                "38400 8E1",
                "38400 8N1",
                "38400 8O1",
                "4800 8E1",
                "4800 8N1",
                "4800 8O1"
            ]
        );
    }

    #[test]
    fn a_port_without_parity_is_tried_with_none_only() {
        let order = search_order(None, None, false);
        assert_eq!(
            order,
            BAUDS
                .iter()
                .map(|&baud| LineSetting {
                    baud,
                    parity: Parity::None
                })
                .collect::<Vec<_>>()
        );
        // A parity the user gives is tried as given.
        assert_eq!(
            search_order(Some(19_200), Some(Parity::Odd), false),
            [LineSetting {
                baud: 19_200,
                parity: Parity::Odd
            }]
        );
    }

    #[test]
    fn a_given_baud_or_parity_narrows_the_search() {
        let order = search_order(Some(38_400), None, true);
        assert_eq!(
            order.iter().map(|s| s.parity).collect::<Vec<_>>(),
            [Parity::Even, Parity::None, Parity::Odd]
        );
        assert!(order.iter().all(|s| s.baud == 38_400));
        let order = search_order(None, Some(Parity::Even), true);
        assert_eq!(
            order.iter().map(|s| s.baud).collect::<Vec<_>>(),
            BAUDS.to_vec()
        );
    }

    fn meter(unit: u8, model: Model, float32: WordOrder) -> FoundMeter {
        FoundMeter {
            unit,
            model,
            model_name: None,
            float32,
            frequency: Some(50.0),
            max_registers: None,
            limit_from: unit,
            note: None,
        }
    }

    fn survey(meters: Vec<FoundMeter>) -> Survey {
        Survey {
            endpoint: Endpoint::Serial("/dev/ttyUSB0".into()),
            line: LineSetting {
                baud: 19_200,
                parity: Parity::Even,
            },
            line_detected: true,
            tried: vec![LineSetting {
                baud: 9600,
                parity: Parity::Even,
            }],
            units: "1-247".into(),
            turnaround_ms: Some(10.4),
            meters,
            unidentified: vec![Unidentified {
                unit: 200,
                note: "answers, but only with errors".into(),
            }],
        }
    }

    fn site() -> Site {
        Site {
            site: "Plant \"A\"".into(),
            timezone: "Asia/Kolkata".into(),
            data_dir: None,
            when: "2026-12-01 22:00 UTC".into(),
        }
    }

    #[test]
    fn the_written_file_parses_with_overrides_only_where_the_meter_disagrees() {
        let s = survey(vec![
            meter(1, Model::Em6400Ng, WordOrder::HighWordFirst),
            meter(2, Model::Em6400, WordOrder::LowWordFirst),
            meter(3, Model::Em6400Ng, WordOrder::LowWordFirst),
        ]);
        let text = write_config(&s, &site(), "t.toml").unwrap();
        let c = Config::parse(&text, "t.toml").unwrap();
        assert_eq!(c.site, "Plant \"A\"");
        assert_eq!(c.timezone_name, "Asia/Kolkata");
        assert_eq!(c.buses.len(), 1);
        assert_eq!(c.buses[0].link.baud, 19_200);
        assert_eq!(c.buses[0].link.parity, Parity::Even);
        assert_eq!(c.buses[0].link.turnaround_us, 11_000);
        assert_eq!(c.buses[0].link.max_registers, None);
        let names: Vec<&str> = c.meters.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["unit-1", "unit-2", "unit-3"]);
        assert_eq!(c.meters[1].model, Model::Em6400);
        assert_eq!(c.meters[1].word_orders.float32, WordOrder::LowWordFirst);
        assert_eq!(c.meters[2].word_orders.float32, WordOrder::LowWordFirst);
        assert_eq!(text.matches("word_order =").count(), 1, "{text}");
        assert!(text.contains("unit 200: answers, but only with errors"));
        assert!(text.contains("nothing answered at 9600 8E1"));
    }

    #[test]
    fn the_lowest_request_limit_found_caps_the_bus() {
        let mut a = meter(1, Model::Em6400Ng, WordOrder::HighWordFirst);
        a.max_registers = Some(40);
        let mut b = meter(2, Model::Em6400Ng, WordOrder::HighWordFirst);
        b.max_registers = Some(30);
        let s = survey(vec![a, b, meter(3, Model::Em6400, WordOrder::LowWordFirst)]);
        let text = write_config(&s, &site(), "t.toml").unwrap();
        let c = Config::parse(&text, "t.toml").unwrap();
        assert_eq!(c.buses[0].link.max_registers, Some(30));
    }

    #[test]
    fn intervals_are_lengthened_until_the_bus_carries_them() {
        // 79 EM6400NG meters at 9600 baud cannot be read every 10 s.
        let meters = (1..=79)
            .map(|u| meter(u, Model::Em6400Ng, WordOrder::HighWordFirst))
            .collect();
        let mut s = survey(meters);
        s.line.baud = 9600;
        let text = write_config(&s, &site(), "t.toml").unwrap();
        let c = Config::parse(&text, "t.toml").unwrap();
        let b = &budget(&c).unwrap()[0];
        assert!(b.load <= TARGET_LOAD, "load {}", b.load);
        assert!(b.fits());
        assert!(text.contains("lengthened"), "{text}");
        // A small bus keeps the defaults.
        let s = survey(vec![meter(1, Model::Em6400Ng, WordOrder::HighWordFirst)]);
        let text = write_config(&s, &site(), "t.toml").unwrap();
        assert!(!text.contains("lengthened"), "{text}");
        assert!(text.contains("interval = \"10s\""));
    }
}
