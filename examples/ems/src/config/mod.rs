//! The application's configuration: the TOML file model (site, time zone, buses, meters and
//! their hierarchy, poll classes, storage, HTTP, alarm rules), its validation, and errors that name the
//! file, line, column, field and what is allowed.
//!
//! This module only reads and checks text. It opens no port and plans no read (the bus
//! budget is [`crate::budget`]); a [`Config`] that loaded is internally consistent: every
//! meter's bus and parent exist, names and (bus, unit) pairs are unique, the hierarchy has
//! no cycle, every quantity and interval is valid.
//!
//! ```toml
//! site = "Falta works"
//! timezone = "Asia/Kolkata"
//!
//! [[bus]]
//! name = "rs485-a"
//! port = "/dev/ttyUSB0"          # or tcp = "host:502", rtu_over_tcp = "host:4001"
//! baud = 19200
//! parity = "even"                # none | even | odd
//! stop_bits = 1
//! turnaround_ms = 10
//!
//! [[meter]]
//! name = "Grid Incomer"
//! bus = "rs485-a"
//! unit = 1
//! model = "em6400ng"
//! parent = ""
//! tags = ["incomer"]
//! max_kva = 6000                 # optional: the circuit's rating (plausibility cap)
//!
//! [poll.fast]
//! quantities = ["active_power_total"]
//! interval = "3s"
//! ```

mod alarm;
mod diag;
mod raw;
pub mod sinks;
pub mod tariff;

pub use alarm::{
    AlarmKind, AlarmRuleConfig, AlarmSettings, AlarmTarget, Priority, WebhookConfig,
    DEFAULT_DEMAND_BLOCK_MINUTES, DEFAULT_WEBHOOK_MAX_QUEUE, DEFAULT_WEBHOOK_TIMEOUT,
};

use std::collections::HashMap;
use std::net::SocketAddr;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::Duration;

use jiff::tz::TimeZone;
use schneider_em::{
    LinkParams, Model, Parity, Preset, Quantity, QuantityKind, QuantitySet, UnitId, WordOrder,
    WordOrders,
};

use diag::Source;
pub use diag::{ConfigError, Diagnostic};
use raw::{RawConfig, RawPoll};

use crate::validate::Limits;

/// A loaded, checked configuration.
#[derive(Clone, Debug)]
pub struct Config {
    /// The file it came from, as given.
    pub file: String,
    /// Site name, shown in the dashboard and reports.
    pub site: String,
    /// The site's IANA time-zone name (day and month boundaries of reports).
    pub timezone_name: String,
    /// The site's time zone.
    pub timezone: TimeZone,
    /// Buses, in file order.
    pub buses: Vec<Bus>,
    /// Meters, in file order.
    pub meters: Vec<MeterConfig>,
    /// Poll classes: the built-in ones (`fast`, `energy`, `slow`, `identity`) first, then
    /// the file's own, by name.
    pub classes: Vec<PollClass>,
    /// Storage settings.
    pub storage: Storage,
    /// HTTP settings.
    pub http: Http,
    /// Alarm rules, the demand settings they use and the webhook (`[[alarm]]`, `[alarms]`).
    pub alarms: AlarmSettings,
    /// The utility tariff (`[tariff]`), for the cost report.
    pub tariff: Option<tariff::Tariff>,
    /// Report settings (`[report]`): balance threshold, scheduled reports.
    pub report: tariff::ReportSettings,
    /// Where readings are handed on (`[sinks.mqtt]`, `[sinks.postgres]`).
    pub sinks: sinks::Sinks,
    /// Things that are allowed but probably not meant (a bus without meters, quantities a
    /// meter's model does not have).
    pub warnings: Vec<String>,
}

/// Where a bus is reached.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Endpoint {
    /// A local serial port (RS-485 adapter).
    Serial(String),
    /// A Modbus TCP gateway (`host:port`).
    Tcp(String),
    /// A transparent RTU-over-TCP gateway (`host:port`).
    RtuOverTcp(String),
}

impl std::fmt::Display for Endpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Endpoint::Serial(p) => f.write_str(p),
            Endpoint::Tcp(a) => write!(f, "Modbus TCP {a}"),
            Endpoint::RtuOverTcp(a) => write!(f, "RTU over TCP {a}"),
        }
    }
}

/// One RS-485 segment (directly or behind a gateway): one owner, one transaction at a time.
#[derive(Clone, Debug, PartialEq)]
pub struct Bus {
    /// Unique name.
    pub name: String,
    /// How it is reached.
    pub endpoint: Endpoint,
    /// The serial line (baud, parity, stop bits) and the meters' turnaround: what reads are
    /// planned and costed for.
    pub link: LinkParams,
    /// Modbus TCP only: how many reads (of different meters) may be under way on the
    /// connection at once. 1 (the default) sends a request only after the previous reply;
    /// more pipelines reads, for devices and gateways that queue requests (`in_flight`). A
    /// pipelined read sends its requests together (up to [`schneider_em::MAX_IN_FLIGHT`]), so
    /// the device may hold `in_flight` × the requests of a read at once.
    pub in_flight: usize,
}

impl Bus {
    /// "19200 8E1".
    pub fn line_settings(&self) -> String {
        let p = match self.link.parity {
            Parity::None => 'N',
            Parity::Even => 'E',
            Parity::Odd => 'O',
        };
        format!("{} 8{p}{}", self.link.baud, self.link.stop_bits)
    }
}

/// How often a poll class is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Interval {
    /// Not read.
    Off,
    /// Back to back: in all bus time the other classes leave (`"0s"`).
    BackToBack,
    /// Once per period.
    Every(Duration),
}

impl Interval {
    /// Parses `"500ms"`, `"3s"`, `"5m"`, `"1h"`, `"1d"`, `"0s"` (back to back) or `"off"`.
    pub fn parse(s: &str) -> Result<Interval, String> {
        Ok(match parse_duration(s)? {
            None => Interval::Off,
            Some(d) if d.is_zero() => Interval::BackToBack,
            Some(d) => Interval::Every(d),
        })
    }
}

impl std::fmt::Display for Interval {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Interval::Off => f.write_str("off"),
            Interval::BackToBack => f.write_str("back to back"),
            Interval::Every(d) => write!(f, "every {}", format_duration(*d)),
        }
    }
}

/// "3 s", "5 min", "24 h".
pub fn format_duration(d: Duration) -> String {
    let ms = d.as_millis();
    if ms.is_multiple_of(86_400_000) && ms > 2 * 86_400_000 {
        format!("{} d", ms / 86_400_000)
    } else if ms.is_multiple_of(3_600_000) {
        format!("{} h", ms / 3_600_000)
    } else if ms.is_multiple_of(60_000) && ms >= 60_000 * 5 {
        format!("{} min", ms / 60_000)
    } else if ms.is_multiple_of(1000) {
        format!("{} s", ms / 1000)
    } else {
        format!("{ms} ms")
    }
}

const DURATION_FORMS: &str =
    "a whole number with a unit: ms, s, m (minutes), h or d, e.g. \"500ms\", \"3s\", \"5m\", \"24h\"";

/// Parses a duration; `Ok(None)` for `"off"`.
pub(crate) fn parse_duration(s: &str) -> Result<Option<Duration>, String> {
    let t = s.trim();
    if t.eq_ignore_ascii_case("off") {
        return Ok(None);
    }
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let bad = || format!("\"{s}\" is not a duration; allowed: {DURATION_FORMS}, or \"off\"");
    let n: u64 = num.parse().map_err(|_| bad())?;
    let ms_per = match unit.trim() {
        "ms" => 1,
        "s" => 1000,
        "m" | "min" => 60_000,
        "h" => 3_600_000,
        "d" => 86_400_000,
        _ => return Err(bad()),
    };
    let ms = n
        .checked_mul(ms_per)
        .filter(|&ms| ms <= 400 * 86_400_000)
        .ok_or_else(|| format!("\"{s}\" is too long; at most 400 days"))?;
    Ok(Some(Duration::from_millis(ms)))
}

/// What a poll class reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PollWhat {
    /// These quantities (resolved for the meter's model where the class is applied).
    Quantities(QuantitySet),
    /// The meter's identity (model, serial number, firmware): `Meter::identify`.
    Identity,
}

/// A named set of reads with an interval.
#[derive(Clone, Debug, PartialEq)]
pub struct PollClass {
    /// Name (`fast`, `energy`, `slow`, `identity` or the file's own).
    pub name: String,
    /// What it reads, before intersecting with a model (see [`MeterPoll`]).
    pub what: Selection,
    /// How often.
    pub interval: Interval,
}

/// A class's selection as configured: a preset and/or quantities (their union).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selection {
    /// The preset, if any.
    pub preset: Option<ConfigPreset>,
    /// Quantities named one by one.
    pub quantities: QuantitySet,
}

impl Selection {
    /// What this selects on a meter of `model`.
    pub fn resolve(&self, model: Model) -> PollWhat {
        if self.preset == Some(ConfigPreset::Identity) {
            return PollWhat::Identity;
        }
        let mut set = self.quantities;
        if let Some(p) = self.preset {
            set = set.union(&p.quantities(model));
        }
        PollWhat::Quantities(set)
    }
}

/// The presets a poll class may name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ConfigPreset {
    /// The library's dashboard preset (currents, L-N voltages, total P/Q/S, PF, frequency,
    /// delivered active energy).
    Dashboard,
    /// Total active, reactive and apparent power and total power factor.
    Power,
    /// Every energy counter the model has.
    Energy,
    /// Every demand value the model has.
    Demand,
    /// Every THD value the model has.
    Thd,
    /// Every min/max value the model has.
    MinMax,
    /// Demand, THD and min/max together.
    Slow,
    /// Everything the model measures.
    All,
    /// The meter's identity (only for the `identity` class).
    Identity,
}

/// The value a name stands for in a table of file names.
pub(crate) fn by_name<T: Copy>(table: &[(&'static str, T)], name: &str) -> Option<T> {
    table.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
}

/// The file name of a value in such a table (`?` for one the table lacks).
pub(crate) fn name_of<T: PartialEq>(table: &[(&'static str, T)], value: &T) -> &'static str {
    table
        .iter()
        .find(|(_, v)| v == value)
        .map_or("?", |(n, _)| n)
}

impl ConfigPreset {
    /// Every preset, as named in the file.
    pub const ALL: [(&'static str, ConfigPreset); 9] = [
        ("dashboard", ConfigPreset::Dashboard),
        ("power", ConfigPreset::Power),
        ("energy", ConfigPreset::Energy),
        ("demand", ConfigPreset::Demand),
        ("thd", ConfigPreset::Thd),
        ("min_max", ConfigPreset::MinMax),
        ("slow", ConfigPreset::Slow),
        ("all", ConfigPreset::All),
        ("identity", ConfigPreset::Identity),
    ];

    /// Parses a preset name.
    pub fn from_name(name: &str) -> Option<ConfigPreset> {
        by_name(&Self::ALL, name)
    }

    /// The name in the file.
    pub fn name(self) -> &'static str {
        name_of(&Self::ALL, &self)
    }

    /// The quantities on a meter of `model` (empty for `identity`).
    pub fn quantities(self, model: Model) -> QuantitySet {
        let has = model.map().quantities();
        let of_kind = |kinds: &[QuantityKind]| -> QuantitySet {
            Quantity::ALL
                .iter()
                .copied()
                .filter(|q| kinds.contains(&q.kind()) && has.contains(*q))
                .collect()
        };
        match self {
            ConfigPreset::Dashboard => Preset::Dashboard.quantities(),
            ConfigPreset::Power => QuantitySet::from_slice(&[
                Quantity::ActivePowerTotal,
                Quantity::ReactivePowerTotal,
                Quantity::ApparentPowerTotal,
                Quantity::PowerFactorTotal,
            ]),
            ConfigPreset::Energy => of_kind(&[QuantityKind::Energy]),
            ConfigPreset::Demand => of_kind(&[QuantityKind::Demand]),
            ConfigPreset::Thd => of_kind(&[QuantityKind::Thd]),
            ConfigPreset::MinMax => of_kind(&[QuantityKind::MinMax]),
            ConfigPreset::Slow => of_kind(&[
                QuantityKind::Demand,
                QuantityKind::Thd,
                QuantityKind::MinMax,
            ]),
            ConfigPreset::All => has,
            ConfigPreset::Identity => QuantitySet::EMPTY,
        }
    }
}

/// One meter's effective setting for one poll class.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MeterPoll {
    /// Index into [`Config::classes`].
    pub class: usize,
    /// What is read from this meter (quantities may include some its model lacks; the
    /// planner lists those as unsupported).
    pub what: PollWhat,
    /// How often, for this meter.
    pub interval: Interval,
}

/// One meter.
#[derive(Clone, Debug, PartialEq)]
pub struct MeterConfig {
    /// Unique name, shown everywhere.
    pub name: String,
    /// Index into [`Config::buses`].
    pub bus: usize,
    /// Modbus unit id.
    pub unit: UnitId,
    /// Model.
    pub model: Model,
    /// Index into [`Config::meters`] of the upstream meter; `None` at the top.
    pub parent: Option<usize>,
    /// Free labels for groups and reports.
    pub tags: Vec<String>,
    /// Whether it is polled.
    pub enabled: bool,
    /// Word orders in force (the model's, with the file's overrides).
    pub word_orders: WordOrders,
    /// The plausibility cap, VA (from `max_kva`): no active, reactive or apparent power of
    /// this circuit exceeds it, so it bounds every energy counter's rate.
    pub max_power_va: Option<f64>,
    /// Limits its readings are validated against.
    pub limits: Limits,
    /// Its poll classes, one per entry of [`Config::classes`], in the same order.
    pub poll: Vec<MeterPoll>,
}

/// Storage settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Storage {
    /// Where the database lives (relative paths are relative to the configuration file).
    pub data_dir: PathBuf,
    /// How long raw polls are kept.
    pub retention_raw: Duration,
    /// How long 1-minute rollups are kept.
    pub retention_1m: Duration,
}

/// HTTP settings.
#[derive(Clone, PartialEq, Eq)]
pub struct Http {
    /// Address the dashboard and API listen on.
    pub listen: SocketAddr,
    /// Where the dashboard's access token comes from, if one is configured.
    pub token: Option<TokenSource>,
}

impl std::fmt::Debug for Http {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Http")
            .field("listen", &self.listen)
            .field("token", &self.token)
            .finish()
    }
}

/// The dashboard's access token: inline in the file, or in a file of its own (read when the
/// server starts, surrounding whitespace removed).
#[derive(Clone, PartialEq, Eq)]
pub enum TokenSource {
    /// `[http] token = "…"` (at least 16 characters).
    Inline(String),
    /// `[http] token_file = "…"` (relative paths are relative to the configuration file).
    File(PathBuf),
}

impl std::fmt::Debug for TokenSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TokenSource::Inline(_) => f.write_str("Inline(<redacted>)"),
            TokenSource::File(p) => f.debug_tuple("File").field(p).finish(),
        }
    }
}

impl TokenSource {
    /// The token (reads the file). The error names the file, never the token.
    pub fn read(&self) -> Result<String, String> {
        let t = match self {
            TokenSource::Inline(t) => t.clone(),
            TokenSource::File(p) => std::fs::read_to_string(p)
                .map_err(|e| format!("http: token_file {}: {e}", p.display()))?
                .trim()
                .to_string(),
        };
        if t.chars().count() < MIN_TOKEN_CHARS {
            return Err(format!(
                "http: the access token must have at least {MIN_TOKEN_CHARS} characters"
            ));
        }
        Ok(t)
    }
}

/// Shortest `[http] token`.
pub const MIN_TOKEN_CHARS: usize = 16;

/// Default `[storage] retention_raw`.
pub const DEFAULT_RETENTION_RAW: Duration = Duration::from_secs(7 * 86_400);
/// Default `[storage] retention_1m`.
pub const DEFAULT_RETENTION_1M: Duration = Duration::from_secs(400 * 86_400);
/// Default `[http] listen`.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8080";
/// The most requests a Modbus TCP bus may keep in flight (`in_flight`).
pub const MAX_IN_FLIGHT: usize = 256;
/// Default bus baud rate.
pub const DEFAULT_BAUD: u32 = 9600;

/// The built-in poll classes: (name, preset, quantities, interval).
const BUILTIN_CLASSES: [(&str, ConfigPreset, &str); 4] = [
    // What the live dashboard shows.
    ("fast", ConfigPreset::Dashboard, "10s"),
    // Every counter, once a minute: energy per slot comes from their deltas.
    ("energy", ConfigPreset::Energy, "60s"),
    // Demand, THD and min/max change slowly.
    ("slow", ConfigPreset::Slow, "5m"),
    // Model, serial number and firmware: at start and daily (a changed serial number is a
    // replaced meter).
    ("identity", ConfigPreset::Identity, "24h"),
];

impl Config {
    /// Reads and checks a configuration file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Io {
            file: name.clone(),
            source,
        })?;
        let mut config = Config::parse(&text, &name)?;
        // Every file the configuration names is relative to the configuration file.
        let dir = path.parent().unwrap_or(Path::new(""));
        let anchor = |p: &mut PathBuf| {
            if p.is_relative() {
                *p = dir.join(&*p);
            }
        };
        anchor(&mut config.storage.data_dir);
        if let Some(TokenSource::File(f)) = &mut config.http.token {
            anchor(f);
        }
        if let Some(m) = &mut config.sinks.mqtt {
            m.password_file.iter_mut().for_each(anchor);
            m.tls_ca_file.iter_mut().for_each(anchor);
        }
        if let Some(p) = &mut config.sinks.postgres {
            p.password_file.iter_mut().for_each(anchor);
            p.tls_ca_file.iter_mut().for_each(anchor);
        }
        Ok(config)
    }

    /// Checks configuration text; `file` names it in messages.
    pub fn parse(text: &str, file: &str) -> Result<Config, ConfigError> {
        let src = Source { name: file, text };
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            let message = e.message().trim().to_string();
            let field = src.field_of_error(span.start, &message);
            ConfigError::Invalid(vec![src.diagnostic(span, field, message)])
        })?;
        let mut b = Builder {
            src,
            errors: Vec::new(),
            warnings: Vec::new(),
        };
        let config = b.build(raw);
        if b.errors.is_empty() {
            let mut config = config.expect("a configuration is built when there are no errors");
            config.warnings = b.warnings;
            Ok(config)
        } else {
            b.errors.sort_by_key(|d| (d.line, d.column));
            Err(ConfigError::Invalid(b.errors))
        }
    }

    /// The meter called `name`.
    pub fn meter(&self, name: &str) -> Option<&MeterConfig> {
        self.meters.iter().find(|m| m.name == name)
    }

    /// The index of the poll class called `name`.
    pub fn class_index(&self, name: &str) -> Option<usize> {
        self.classes.iter().position(|c| c.name == name)
    }

    /// The meters of bus `bus` (index), in file order.
    pub fn meters_on(&self, bus: usize) -> impl Iterator<Item = &MeterConfig> + '_ {
        self.meters.iter().filter(move |m| m.bus == bus)
    }

    /// The chain from a meter up to the top: its own index first.
    pub fn ancestry(&self, meter: usize) -> Vec<usize> {
        let mut chain = vec![meter];
        let mut at = meter;
        while let Some(p) = self.meters[at].parent {
            if chain.contains(&p) {
                break; // cannot happen in a checked configuration
            }
            chain.push(p);
            at = p;
        }
        chain
    }
}

struct Builder<'a> {
    src: Source<'a>,
    errors: Vec<Diagnostic>,
    warnings: Vec<String>,
}

fn names<'a>(it: impl IntoIterator<Item = &'a str>) -> String {
    it.into_iter().collect::<Vec<_>>().join(", ")
}

impl Builder<'_> {
    fn err(&mut self, span: Range<usize>, field: impl Into<String>, message: impl Into<String>) {
        let d = self.src.diagnostic(span, field.into(), message.into());
        self.errors.push(d);
    }

    fn build(&mut self, raw: RawConfig) -> Option<Config> {
        let site = raw.site.get_ref().trim().to_string();
        if site.is_empty() {
            self.err(raw.site.span(), "site", "must not be empty");
        }
        let tz_name = raw.timezone.get_ref().trim().to_string();
        let timezone = match TimeZone::get(&tz_name) {
            Ok(tz) => Some(tz),
            Err(_) => {
                self.err(
                    raw.timezone.span(),
                    "timezone",
                    format!("unknown time zone \"{tz_name}\"; allowed: an IANA name such as \"Asia/Kolkata\" or \"UTC\""),
                );
                None
            }
        };

        let buses = self.buses(&raw);
        let classes = self.classes(&raw);
        let meters = self.meters(&raw, &buses, &classes);
        let storage = self.storage(&raw);
        let http = self.http(&raw);
        let mut alarms = self.alarms(&raw, &meters);
        let (tariff, report) = self.tariff_and_report(&raw, &meters);
        if let (Some(t), Some(tz)) = (&tariff, &timezone) {
            alarms.demand_block = Duration::from_secs(60 * u64::from(t.demand_block_minutes));
            let today = jiff::Timestamp::now().to_zoned_datetime(tz.clone()).date();
            let v = t.version_on(today);
            if v.contract_demand_kva > 0.0 {
                alarms.contract_demand_kva = Some(v.contract_demand_kva);
            }
        }
        let sinks = {
            let mut errs = Vec::new();
            let s = sinks::sinks(&raw.sinks, raw.site.get_ref().trim(), &mut errs);
            for (span, field, message) in errs {
                self.err(span, field, message);
            }
            s
        };

        for (i, b) in buses.iter().enumerate() {
            if !meters.iter().any(|m| m.bus == i) {
                self.warnings
                    .push(format!("bus \"{}\" has no meters", b.name));
            }
        }
        Some(Config {
            file: self.src.name.to_string(),
            site,
            timezone_name: tz_name,
            timezone: timezone?,
            buses,
            meters,
            classes,
            storage,
            http,
            alarms,
            tariff,
            report,
            sinks,
            warnings: Vec::new(),
        })
    }

    fn tariff_and_report(
        &mut self,
        raw: &RawConfig,
        meters: &[MeterConfig],
    ) -> (Option<tariff::Tariff>, tariff::ReportSettings) {
        let names: Vec<&str> = meters.iter().map(|m| m.name.as_str()).collect();
        let mut errs = Vec::new();
        let t = raw
            .tariff
            .as_ref()
            .map(|t| tariff::tariff(t, &names, &mut errs));
        let r = tariff::report(&raw.report, &mut errs);
        for (span, field, message) in errs {
            self.err(span, field, message);
        }
        (t, r)
    }

    fn buses(&mut self, raw: &RawConfig) -> Vec<Bus> {
        let mut out: Vec<Bus> = Vec::new();
        for (i, b) in raw.bus.iter().enumerate() {
            let name = b.name.get_ref().trim().to_string();
            let field = |f: &str| format!("bus #{} ({name}): {f}", i + 1);
            if name.is_empty() {
                self.err(
                    b.name.span(),
                    format!("bus #{}: name", i + 1),
                    "must not be empty",
                );
            } else if out.iter().any(|o| o.name == name) {
                self.err(
                    b.name.span(),
                    field("name"),
                    format!("duplicate bus name \"{name}\"; bus names must be unique"),
                );
            }
            let given: Vec<&toml::Spanned<String>> = [&b.port, &b.tcp, &b.rtu_over_tcp]
                .into_iter()
                .flatten()
                .collect();
            let endpoint = match (&b.port, &b.tcp, &b.rtu_over_tcp) {
                _ if given.len() != 1 => {
                    let span = given.get(1).map_or(b.name.span(), |s| s.span());
                    self.err(
                        span,
                        field("port"),
                        "give exactly one of port = \"/dev/ttyUSB0\", tcp = \"host:502\" or rtu_over_tcp = \"host:port\"",
                    );
                    Endpoint::Serial(String::new())
                }
                (Some(p), _, _) => Endpoint::Serial(p.get_ref().clone()),
                (_, Some(t), _) => {
                    self.check_host_port(t, field("tcp"));
                    Endpoint::Tcp(t.get_ref().clone())
                }
                (_, _, Some(t)) => {
                    self.check_host_port(t, field("rtu_over_tcp"));
                    Endpoint::RtuOverTcp(t.get_ref().clone())
                }
                _ => unreachable!("exactly one endpoint is given"),
            };
            let mut link = LinkParams::new(DEFAULT_BAUD);
            if let Some(baud) = &b.baud {
                match u32::try_from(*baud.get_ref()) {
                    Ok(v) if (300..=1_000_000).contains(&v) => link.baud = v,
                    _ => self.err(
                        baud.span(),
                        field("baud"),
                        format!(
                            "{} is not a baud rate; allowed: 300–1000000 (usually 9600 or 19200)",
                            baud.get_ref()
                        ),
                    ),
                }
            }
            let mut parity = Parity::Even;
            if let Some(p) = &b.parity {
                parity = match p.get_ref().as_str() {
                    "none" => Parity::None,
                    "even" => Parity::Even,
                    "odd" => Parity::Odd,
                    other => {
                        self.err(
                            p.span(),
                            field("parity"),
                            format!("unknown parity \"{other}\"; allowed: none, even, odd"),
                        );
                        Parity::Even
                    }
                };
            }
            let mut stop_bits = 1u8;
            if let Some(s) = &b.stop_bits {
                match *s.get_ref() {
                    1 => stop_bits = 1,
                    2 => stop_bits = 2,
                    other => self.err(
                        s.span(),
                        field("stop_bits"),
                        format!("{other} stop bits; allowed: 1 or 2"),
                    ),
                }
            }
            link = link.with_parity(parity, stop_bits);
            if let Some(t) = &b.turnaround_ms {
                let v = *t.get_ref();
                if v.is_finite() && (0.0..=10_000.0).contains(&v) {
                    link = link.with_turnaround_us((v * 1000.0).round() as u32);
                } else {
                    self.err(
                        t.span(),
                        field("turnaround_ms"),
                        format!("{v} ms; allowed: 0–10000 ms (meters answer in 10–50 ms)"),
                    );
                }
            }
            if let Some(m) = &b.max_registers {
                match u16::try_from(*m.get_ref()) {
                    Ok(v) if (1..=125).contains(&v) => link = link.with_max_registers(v),
                    _ => self.err(
                        m.span(),
                        field("max_registers"),
                        format!("{}; allowed: 1–125 registers per read", m.get_ref()),
                    ),
                }
            }
            let mut in_flight = 1;
            if let Some(n) = &b.in_flight {
                match usize::try_from(*n.get_ref()) {
                    Ok(v) if (1..=MAX_IN_FLIGHT).contains(&v) => {
                        if v > 1 && !matches!(endpoint, Endpoint::Tcp(_)) {
                            self.err(
                                n.span(),
                                field("in_flight"),
                                format!(
                                    "{v} requests in flight need a Modbus TCP bus (tcp = \"host:port\"); \
                                     a serial line or an RTU-over-TCP gateway carries one request at a time"
                                ),
                            );
                        }
                        in_flight = v;
                    }
                    _ => self.err(
                        n.span(),
                        field("in_flight"),
                        format!(
                            "{}; allowed: 1–{MAX_IN_FLIGHT} requests in flight",
                            n.get_ref()
                        ),
                    ),
                }
            }
            out.push(Bus {
                name,
                endpoint,
                link,
                in_flight,
            });
        }
        out
    }

    fn check_host_port(&mut self, s: &toml::Spanned<String>, field: String) {
        let v = s.get_ref();
        let ok = v
            .rsplit_once(':')
            .is_some_and(|(host, port)| !host.is_empty() && port.parse::<u16>().is_ok());
        if !ok {
            self.err(
                s.span(),
                field,
                format!("\"{v}\" is not host:port; e.g. \"192.0.2.10:502\""),
            );
        }
    }

    fn classes(&mut self, raw: &RawConfig) -> Vec<PollClass> {
        let mut out: Vec<PollClass> = BUILTIN_CLASSES
            .iter()
            .map(|(name, preset, interval)| PollClass {
                name: name.to_string(),
                what: Selection {
                    preset: Some(*preset),
                    quantities: QuantitySet::EMPTY,
                },
                interval: Interval::parse(interval).expect("built-in intervals parse"),
            })
            .collect();
        for (name, p) in &raw.poll {
            let n = name.get_ref().trim();
            let valid_name = !n.is_empty()
                && n.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
            if !valid_name {
                self.err(
                    name.span(),
                    format!("poll.{n}"),
                    "class names are letters, digits, '_' and '-'",
                );
                continue;
            }
            let field = format!("poll.{n}");
            match out.iter().position(|c| c.name == n) {
                Some(i) => {
                    let base = out[i].clone();
                    out[i] = self.apply_poll(&base, p, &field);
                }
                None => {
                    if p.interval.is_none() {
                        self.err(
                            name.span(),
                            field.clone(),
                            "a new poll class needs an interval (e.g. interval = \"60s\")",
                        );
                    }
                    if p.preset.is_none() && p.quantities.is_none() {
                        self.err(
                            name.span(),
                            field.clone(),
                            format!(
                                "a new poll class needs a preset ({}) or quantities",
                                names(ConfigPreset::ALL.iter().map(|(n, _)| *n))
                            ),
                        );
                    }
                    let base = PollClass {
                        name: n.to_string(),
                        what: Selection {
                            preset: None,
                            quantities: QuantitySet::EMPTY,
                        },
                        interval: Interval::Off,
                    };
                    let class = self.apply_poll(&base, p, &field);
                    out.push(class);
                }
            }
        }
        out
    }

    /// `base` with the fields `p` gives: a preset or quantities replace the selection.
    fn apply_poll(&mut self, base: &PollClass, p: &RawPoll, field: &str) -> PollClass {
        let mut class = base.clone();
        if p.preset.is_some() || p.quantities.is_some() {
            class.what = Selection {
                preset: None,
                quantities: QuantitySet::EMPTY,
            };
        }
        if let Some(preset) = &p.preset {
            match ConfigPreset::from_name(preset.get_ref()) {
                Some(ConfigPreset::Identity) if base.name != "identity" => self.err(
                    preset.span(),
                    format!("{field}: preset"),
                    "preset \"identity\" is for the identity class only",
                ),
                Some(pr) => class.what.preset = Some(pr),
                None => self.err(
                    preset.span(),
                    format!("{field}: preset"),
                    format!(
                        "unknown preset \"{}\"; allowed: {}",
                        preset.get_ref(),
                        names(ConfigPreset::ALL.iter().map(|(n, _)| *n))
                    ),
                ),
            }
        }
        if base.name == "identity"
            && (p.quantities.is_some()
                || p.preset.as_ref().is_some_and(|x| x.get_ref() != "identity"))
        {
            let span = p
                .quantities
                .as_ref()
                .map(|q| q.span())
                .or_else(|| p.preset.as_ref().map(|x| x.span()))
                .unwrap_or(0..0);
            self.err(
                span,
                format!("{field}: quantities"),
                "the identity class reads the meter's identity; only its interval can be set",
            );
        }
        if let Some(qs) = &p.quantities {
            for q in qs.get_ref() {
                match Quantity::from_name(q.get_ref().trim()) {
                    Some(quantity) => {
                        class.what.quantities.insert(quantity);
                    }
                    None => self.err(
                        q.span(),
                        format!("{field}: quantities"),
                        format!(
                            "unknown quantity \"{}\"; allowed: the names `ems plan --preset all` prints, e.g. active_power_total, current_a, voltage_an, frequency, active_energy_delivered",
                            q.get_ref()
                        ),
                    ),
                }
            }
            if qs.get_ref().is_empty() && p.preset.is_none() {
                self.err(
                    qs.span(),
                    format!("{field}: quantities"),
                    "empty; name at least one quantity, or set interval = \"off\"",
                );
            }
        }
        if let Some(iv) = &p.interval {
            match Interval::parse(iv.get_ref()) {
                Ok(i) => class.interval = i,
                Err(m) => self.err(iv.span(), format!("{field}: interval"), m),
            }
        }
        class
    }

    fn meters(
        &mut self,
        raw: &RawConfig,
        buses: &[Bus],
        classes: &[PollClass],
    ) -> Vec<MeterConfig> {
        let mut out: Vec<MeterConfig> = Vec::new();
        let mut by_name: HashMap<String, usize> = HashMap::new();
        let mut by_unit: HashMap<(usize, u8), usize> = HashMap::new();
        for (i, m) in raw.meter.iter().enumerate() {
            let name = m.name.get_ref().trim().to_string();
            let label = if name.is_empty() {
                format!("meter #{}", i + 1)
            } else {
                format!("meter \"{name}\"")
            };
            let field = |f: &str| format!("{label}: {f}");
            if name.is_empty() {
                self.err(m.name.span(), field("name"), "must not be empty");
            } else if let Some(&first) = by_name.get(&name) {
                self.err(
                    m.name.span(),
                    field("name"),
                    format!(
                        "duplicate meter name \"{name}\" (first used by meter #{}); meter names must be unique",
                        first + 1
                    ),
                );
            } else {
                by_name.insert(name.clone(), i);
            }
            let bus = match buses.iter().position(|b| b.name == *m.bus.get_ref()) {
                Some(b) => b,
                None => {
                    self.err(
                        m.bus.span(),
                        field("bus"),
                        format!(
                            "unknown bus \"{}\"; allowed: {}",
                            m.bus.get_ref(),
                            if buses.is_empty() {
                                "none defined (add a [[bus]] table)".to_string()
                            } else {
                                names(buses.iter().map(|b| b.name.as_str()))
                            }
                        ),
                    );
                    usize::MAX
                }
            };
            let unit_value = *m.unit.get_ref();
            let unit = match u8::try_from(unit_value).ok().and_then(UnitId::new) {
                Some(u) => u,
                None => {
                    self.err(
                        m.unit.span(),
                        field("unit"),
                        format!("unit id {unit_value} is out of range; allowed: 1–247"),
                    );
                    UnitId::new(1).expect("1 is a valid unit id")
                }
            };
            if bus != usize::MAX && (1..=247).contains(&unit_value) {
                let key = (bus, unit_value as u8);
                if let Some(&first) = by_unit.get(&key) {
                    let other = raw.meter[first].name.get_ref();
                    self.err(
                        m.unit.span(),
                        field("unit"),
                        format!(
                            "unit {unit_value} is already used on bus \"{}\" by meter \"{other}\"; each unit id appears once per bus",
                            buses[bus].name
                        ),
                    );
                } else {
                    by_unit.insert(key, i);
                }
            }
            let model = match m.model.get_ref().parse::<Model>() {
                Ok(model) => model,
                Err(_) => {
                    self.err(
                        m.model.span(),
                        field("model"),
                        format!(
                            "unknown model \"{}\"; allowed: {}",
                            m.model.get_ref(),
                            names(Model::ALL.iter().map(|m| m.name()))
                        ),
                    );
                    Model::Em6400Ng
                }
            };
            let mut word_orders = model.map().word_order;
            if let Some(wo) = &m.word_order {
                for (slot, given, f) in [
                    (&mut word_orders.float32, &wo.float32, "float32"),
                    (&mut word_orders.int32, &wo.int32, "int32"),
                    (&mut word_orders.int64, &wo.int64, "int64"),
                ] {
                    if let Some(g) = given {
                        match g.get_ref().as_str() {
                            "high-word-first" => *slot = WordOrder::HighWordFirst,
                            "low-word-first" => *slot = WordOrder::LowWordFirst,
                            other => {
                                let d = self.src.diagnostic(
                                    g.span(),
                                    format!("{label}: word_order.{f}"),
                                    format!("unknown word order \"{other}\"; allowed: high-word-first, low-word-first"),
                                );
                                self.errors.push(d);
                            }
                        }
                    }
                }
            }
            let mut limits = Limits::default();
            let positive = |b: &mut Self, v: &toml::Spanned<f64>, f: &str, what: &str| {
                let x = *v.get_ref();
                if x.is_finite() && x > 0.0 {
                    Some(x)
                } else {
                    b.err(
                        v.span(),
                        field(f),
                        format!("{x}; allowed: a positive number of {what}"),
                    );
                    None
                }
            };
            let max_power_va = m
                .max_kva
                .as_ref()
                .and_then(|v| positive(self, v, "max_kva", "kVA"))
                .map(|kw| kw * 1000.0);
            if let Some(v) = &m.nominal_voltage_ln {
                if let Some(x) = positive(self, v, "nominal_voltage_ln", "volts") {
                    limits.nominal_ln_v = x;
                }
            }
            if let Some(v) = &m.nominal_voltage_ll {
                if let Some(x) = positive(self, v, "nominal_voltage_ll", "volts") {
                    limits.nominal_ll_v = x;
                }
            }
            let mut poll: Vec<MeterPoll> = classes
                .iter()
                .enumerate()
                .map(|(ci, c)| MeterPoll {
                    class: ci,
                    what: c.what.resolve(model),
                    interval: c.interval,
                })
                .collect();
            for (cname, p) in &m.poll {
                let Some(ci) = classes.iter().position(|c| c.name == *cname.get_ref()) else {
                    self.err(
                        cname.span(),
                        field(&format!("poll.{}", cname.get_ref())),
                        format!(
                            "unknown poll class \"{}\"; allowed: {}",
                            cname.get_ref(),
                            names(classes.iter().map(|c| c.name.as_str()))
                        ),
                    );
                    continue;
                };
                let merged = self.apply_poll(
                    &classes[ci],
                    p,
                    &field(&format!("poll.{}", cname.get_ref())),
                );
                poll[ci] = MeterPoll {
                    class: ci,
                    what: merged.what.resolve(model),
                    interval: merged.interval,
                };
            }
            let has = model.map().quantities();
            for mp in &poll {
                if let (PollWhat::Quantities(set), false) =
                    (mp.what, matches!(mp.interval, Interval::Off))
                {
                    let missing = set.difference(&has);
                    if !missing.is_empty() {
                        self.warnings.push(format!(
                            "{label} ({model}): poll class \"{}\" asks for {} its model does not have: {}",
                            classes[mp.class].name,
                            if missing.len() == 1 { "a quantity" } else { "quantities" },
                            names(missing.iter().map(|q| q.name()))
                        ));
                    }
                }
            }
            out.push(MeterConfig {
                name,
                bus,
                unit,
                model,
                parent: None,
                tags: m.tags.iter().map(|t| t.get_ref().clone()).collect(),
                enabled: m.enabled.unwrap_or(true),
                word_orders,
                max_power_va,
                limits,
                poll,
            });
        }
        self.parents(raw, &mut out, &by_name);
        out
    }

    fn parents(
        &mut self,
        raw: &RawConfig,
        meters: &mut [MeterConfig],
        by_name: &HashMap<String, usize>,
    ) {
        for (i, m) in raw.meter.iter().enumerate() {
            let Some(p) = &m.parent else { continue };
            let pname = p.get_ref().trim();
            if pname.is_empty() {
                continue;
            }
            match by_name.get(pname) {
                Some(&pi) => meters[i].parent = Some(pi),
                None => self.err(
                    p.span(),
                    format!("meter \"{}\": parent", meters[i].name),
                    format!(
                        "unknown parent \"{pname}\"; allowed: the name of another meter, or \"\" for a top-level meter"
                    ),
                ),
            }
        }
        // A cycle: following parents from a meter comes back to it. Report each cycle once,
        // at the meter of the cycle that comes first in the file.
        let mut reported: Vec<usize> = Vec::new();
        for start in 0..meters.len() {
            let mut path = vec![start];
            let mut at = start;
            while let Some(p) = meters[at].parent {
                if p == start {
                    let first = *path.iter().min().expect("path is not empty");
                    if !reported.contains(&first) {
                        reported.extend(path.iter().copied());
                        let chain: Vec<String> = path
                            .iter()
                            .chain(std::iter::once(&start))
                            .map(|&k| format!("\"{}\"", meters[k].name))
                            .collect();
                        let span = raw.meter[first]
                            .parent
                            .as_ref()
                            .map_or(raw.meter[first].name.span(), |s| s.span());
                        self.err(
                            span,
                            format!("meter \"{}\": parent", meters[first].name),
                            format!(
                                "parent cycle {}; the hierarchy must end at a top-level meter (parent = \"\")",
                                chain.join(" → ")
                            ),
                        );
                    }
                    break;
                }
                if path.contains(&p) {
                    break; // a cycle further up, reported from one of its own meters
                }
                path.push(p);
                at = p;
            }
        }
        if !reported.is_empty() {
            for m in meters.iter_mut() {
                m.parent = None;
            }
        }
    }

    fn storage(&mut self, raw: &RawConfig) -> Storage {
        let s = &raw.storage;
        let mut st = Storage {
            data_dir: PathBuf::from("data"),
            retention_raw: DEFAULT_RETENTION_RAW,
            retention_1m: DEFAULT_RETENTION_1M,
        };
        if let Some(d) = &s.data_dir {
            if d.get_ref().trim().is_empty() {
                self.err(d.span(), "storage: data_dir", "must not be empty");
            } else {
                st.data_dir = PathBuf::from(d.get_ref());
            }
        }
        for (given, slot, f) in [
            (&s.retention_raw, &mut st.retention_raw, "retention_raw"),
            (&s.retention_1m, &mut st.retention_1m, "retention_1m"),
        ] {
            if let Some(v) = given {
                match parse_duration(v.get_ref()) {
                    Ok(Some(d)) if !d.is_zero() => *slot = d,
                    Ok(_) => {
                        let d = self.src.diagnostic(
                            v.span(),
                            format!("storage: {f}"),
                            "must be a positive duration such as \"7d\"".into(),
                        );
                        self.errors.push(d);
                    }
                    Err(m) => {
                        let d = self.src.diagnostic(v.span(), format!("storage: {f}"), m);
                        self.errors.push(d);
                    }
                }
            }
        }
        st
    }

    fn http(&mut self, raw: &RawConfig) -> Http {
        let mut listen: SocketAddr = DEFAULT_LISTEN.parse().expect("the default address parses");
        if let Some(l) = &raw.http.listen {
            match l.get_ref().parse::<SocketAddr>() {
                Ok(a) => listen = a,
                Err(_) => self.err(
                    l.span(),
                    "http: listen",
                    format!(
                        "\"{}\" is not an address; allowed: IP:port, e.g. \"127.0.0.1:8080\" or \"0.0.0.0:8080\"",
                        l.get_ref()
                    ),
                ),
            }
        }
        let mut token = None;
        match (&raw.http.token, &raw.http.token_file) {
            (Some(_), Some(f)) => self.err(
                f.span(),
                "http: token_file",
                "give either token or token_file, not both",
            ),
            (Some(t), None) => {
                let v = t.get_ref();
                if v.chars().count() < MIN_TOKEN_CHARS {
                    self.err(
                        t.span(),
                        "http: token",
                        format!("too short: at least {MIN_TOKEN_CHARS} characters"),
                    );
                } else if v
                    .chars()
                    .any(|c| c.is_whitespace() || c.is_control() || matches!(c, ';' | ',' | '"'))
                {
                    self.err(
                        t.span(),
                        "http: token",
                        "must not contain spaces, control characters, ';', ',' or '\"'",
                    );
                } else {
                    token = Some(TokenSource::Inline(v.clone()));
                }
            }
            (None, Some(f)) => {
                if f.get_ref().trim().is_empty() {
                    self.err(f.span(), "http: token_file", "must not be empty");
                } else {
                    token = Some(TokenSource::File(PathBuf::from(f.get_ref())));
                }
            }
            (None, None) => {}
        }
        if token.is_none()
            && !listen.ip().is_loopback()
            && raw.http.token.is_none()
            && raw.http.token_file.is_none()
        {
            let span = raw.http.listen.as_ref().map_or(0..0, |l| l.span());
            self.err(
                span,
                "http: listen",
                format!("{listen} is not a loopback address: set [http] token or token_file (at least {MIN_TOKEN_CHARS} characters) so that only those who have it can use the dashboard, or listen on 127.0.0.1"),
            );
        }
        Http { listen, token }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_with_their_unit() {
        let ms = |s: &str| parse_duration(s).unwrap().map(|d| d.as_millis());
        assert_eq!(ms("500ms"), Some(500));
        assert_eq!(ms("3s"), Some(3_000));
        assert_eq!(ms("5m"), Some(300_000));
        assert_eq!(ms("5min"), Some(300_000));
        assert_eq!(ms("24h"), Some(86_400_000));
        assert_eq!(ms("7d"), Some(604_800_000));
        assert_eq!(ms("0s"), Some(0));
        assert_eq!(ms("off"), None);
        for bad in [
            "",
            "s",
            "3",
            "3.5s",
            "3 s s",
            "3w",
            "-1s",
            "401d",
            "99999999999999999999s",
        ] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
        assert_eq!(Interval::parse("0s"), Ok(Interval::BackToBack));
        assert_eq!(Interval::parse("off"), Ok(Interval::Off));
    }

    #[test]
    fn durations_print_in_the_largest_whole_unit() {
        let f = |ms: u64| format_duration(Duration::from_millis(ms));
        assert_eq!(f(500), "500 ms");
        assert_eq!(f(3_000), "3 s");
        assert_eq!(f(60_000), "60 s");
        assert_eq!(f(300_000), "5 min");
        assert_eq!(f(86_400_000), "24 h");
        assert_eq!(f(7 * 86_400_000), "7 d");
    }

    #[test]
    fn serde_errors_name_the_table_and_key() {
        let text =
            "site = \"x\"\n[[bus]]\nname = \"a\"\n[[bus]]\nbaud = 1\n[storage]\nretention = 1\n";
        let src = Source { name: "t", text };
        let at = |needle: &str| text.find(needle).unwrap();
        assert_eq!(src.field_at(at("site")), "site");
        assert_eq!(src.field_at(at("baud")), "bus #2: baud");
        assert_eq!(src.field_at(at("retention")), "storage: retention");
    }
}
