//! The `[tariff]` and `[report]` sections: the utility tariff the cost report bills with and the
//! report settings (balance threshold, scheduled reports). This module parses and checks them
//! with file:line errors; it computes nothing (that is `crate::reports`).
//!
//! ```toml
//! [tariff]
//! currency = "INR"
//! demand_block_minutes = 30      # any whole number of minutes dividing 60
//! demand_basis = "kva"           # kva | kw
//! contract_demand_kva = 500
//! ratchet_percent = 75           # billable demand = max(MD, 75 % of contract demand)
//! demand_charge_per_kva = 350    # per kVA (kW) of billable demand per month
//! energy_basis = "kwh"           # kwh | kvah
//! fixed_charge = 2500            # per month (optional)
//! meters = ["Grid Incomer"]      # optional; default: the top-level meters
//!
//! [[tariff.zone]]                # zones partition every day's 24 h
//! name = "peak"
//! start = "18:00"
//! end = "22:00"
//! days = "all"                   # all | weekdays | weekend | ["mon", "tue", …]
//! rate = 9.60                    # per kWh (or per kVAh)
//!
//! [[tariff.pf]]                  # power-factor clause bands (monthly PF = kWh / kVAh)
//! from = 0.95
//! to = 1.00
//! percent_per_0_01 = -0.5        # negative: incentive, % of the energy charge per 0.01
//!
//! [[tariff.version]]             # a dated revision: the fields it gives replace the base's
//! from = "2026-04-01"
//! [[tariff.version.zone]] …
//!
//! [report]
//! balance_flag_percent = 5
//! [[report.schedule]]
//! report = "cost"                # energy | demand | cost | balance | profile | pf
//! every = "monthly"              # daily | monthly
//! at = "06:00"                   # local time
//! format = "pdf"                 # json | csv | xlsx | pdf
//! by = "day"                     # optional: 15m | hour | day | month
//! ```

use std::ops::Range;

use jiff::civil::{Date, Weekday};
use serde::Deserialize;
use toml::Spanned;

/// Days a zone applies to, as a bit set over Monday (bit 0) … Sunday (bit 6).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Days(pub u8);

impl Days {
    /// Every day.
    pub const ALL: Days = Days(0x7f);

    /// Whether `d` is in the set.
    pub fn contains(self, d: Weekday) -> bool {
        self.0 & (1 << d.to_monday_zero_offset()) != 0
    }
}

/// One time-of-day zone: a band of local time on some days, with its energy rate.
#[derive(Clone, Debug, PartialEq)]
pub struct Zone {
    /// Name shown in reports (`peak`, `normal`, `solar`).
    pub name: String,
    /// Start, minutes after local midnight (multiple of 15).
    pub start_min: u32,
    /// End, minutes after local midnight (multiple of 15; 1440 for "24:00"); a band with
    /// `end <= start` wraps past midnight.
    pub end_min: u32,
    /// The days it applies to.
    pub days: Days,
    /// Rate per kWh or kVAh (the tariff's energy basis).
    pub rate: f64,
}

impl Zone {
    /// Whether local minute-of-day `m` on weekday `d` falls in the zone.
    pub fn covers(&self, d: Weekday, m: u32) -> bool {
        if !self.days.contains(d) {
            return false;
        }
        if self.start_min < self.end_min {
            (self.start_min..self.end_min).contains(&m)
        } else {
            m >= self.start_min || m < self.end_min
        }
    }
}

/// One band of the power-factor clause: when the month's PF lies beyond `from` in the
/// direction of `to`, the band adds `percent_per_0_01` % of the energy charge for every 0.01
/// of PF travelled inside the band. Positive is a penalty, negative an incentive.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PfBand {
    /// Where the band starts (the neutral side).
    pub from: f64,
    /// Where it ends.
    pub to: f64,
    /// Percent of the energy charge per 0.01 of PF.
    pub percent_per_0_01: f64,
}

/// Whether demand is billed in kVA or kW.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DemandBasis {
    /// Apparent power demand from kVAh.
    Kva,
    /// Active power demand from kWh.
    Kw,
}

/// What energy rates apply to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EnergyBasis {
    /// Active energy.
    Kwh,
    /// Apparent energy (kVAh billing; an indirect PF incentive).
    Kvah,
}

/// The priced part of a tariff, as in force from a date on.
#[derive(Clone, Debug, PartialEq)]
pub struct TariffVersion {
    /// First local day it applies to (`None`: since always).
    pub from: Option<Date>,
    /// Demand charge per kVA (kW) of billable demand per month.
    pub demand_charge_per_kva: f64,
    /// Fixed charge per month.
    pub fixed_charge: f64,
    /// Contract demand, kVA.
    pub contract_demand_kva: f64,
    /// Billable demand floor as a percentage of contract demand.
    pub ratchet_percent: f64,
    /// Time-of-day zones; they partition every day.
    pub zones: Vec<Zone>,
    /// Power-factor clause bands (empty: none).
    pub pf: Vec<PfBand>,
}

impl TariffVersion {
    /// The zone in force at local minute `m` of a day that is a `d`.
    pub fn zone_at(&self, d: Weekday, m: u32) -> Option<&Zone> {
        self.zones.iter().find(|z| z.covers(d, m))
    }
}

/// The utility tariff.
#[derive(Clone, Debug, PartialEq)]
pub struct Tariff {
    /// Currency code (`INR`); lower-cased it suffixes cost columns (`cost_inr`).
    pub currency: String,
    /// Demand integration period, minutes (divides 60).
    pub demand_block_minutes: u32,
    /// kVA or kW demand.
    pub demand_basis: DemandBasis,
    /// kWh or kVAh energy rates.
    pub energy_basis: EnergyBasis,
    /// Meters whose sum is billed; empty: the top-level meters.
    pub meters: Vec<String>,
    /// Versions, oldest first; the first is the base `[tariff]` itself.
    pub versions: Vec<TariffVersion>,
}

impl Tariff {
    /// The version in force on local day `d`.
    pub fn version_on(&self, d: Date) -> &TariffVersion {
        self.versions
            .iter()
            .rev()
            .find(|v| v.from.is_none_or(|f| f <= d))
            .unwrap_or(&self.versions[0])
    }
}

/// A scheduled report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schedule {
    /// The report (`energy`, `demand`, `cost`, `balance`, `profile`, `pf`).
    pub report: String,
    /// `daily` (yesterday's report) or `monthly` (last month's).
    pub monthly: bool,
    /// Local time it is due, minutes after midnight.
    pub at_min: u32,
    /// Output format (`json`, `csv`, `xlsx`, `pdf`).
    pub format: String,
    /// Grouping (`15m`, `hour`, `day`, `month`); `None`: the report's default.
    pub by: Option<String>,
}

/// The `[report]` settings.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportSettings {
    /// Energy-balance losses above this share of the parent are flagged (percent).
    pub balance_flag_percent: f64,
    /// Scheduled reports.
    pub schedules: Vec<Schedule>,
}

impl Default for ReportSettings {
    fn default() -> ReportSettings {
        ReportSettings {
            balance_flag_percent: 5.0,
            schedules: Vec::new(),
        }
    }
}

/// Report names accepted by `[[report.schedule]] report`.
pub const REPORT_NAMES: [&str; 6] = ["energy", "demand", "cost", "balance", "profile", "pf"];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTariff {
    pub currency: Spanned<String>,
    pub demand_block_minutes: Option<Spanned<i64>>,
    pub demand_basis: Option<Spanned<String>>,
    pub energy_basis: Option<Spanned<String>>,
    #[serde(default)]
    pub meters: Vec<Spanned<String>>,
    pub contract_demand_kva: Option<Spanned<f64>>,
    pub ratchet_percent: Option<Spanned<f64>>,
    pub demand_charge_per_kva: Option<Spanned<f64>>,
    pub fixed_charge: Option<Spanned<f64>>,
    pub zone: Option<Spanned<Vec<RawZone>>>,
    pub pf: Option<Vec<RawPf>>,
    #[serde(default)]
    pub version: Vec<RawTariffVersion>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTariffVersion {
    pub from: Option<Spanned<String>>,
    pub contract_demand_kva: Option<Spanned<f64>>,
    pub ratchet_percent: Option<Spanned<f64>>,
    pub demand_charge_per_kva: Option<Spanned<f64>>,
    pub fixed_charge: Option<Spanned<f64>>,
    pub zone: Option<Spanned<Vec<RawZone>>>,
    pub pf: Option<Vec<RawPf>>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawZone {
    pub name: Spanned<String>,
    pub start: Spanned<String>,
    pub end: Spanned<String>,
    pub days: Option<Spanned<RawDays>>,
    pub rate: Spanned<f64>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub(crate) enum RawDays {
    Named(String),
    List(Vec<String>),
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPf {
    pub from: Spanned<f64>,
    pub to: Spanned<f64>,
    pub percent_per_0_01: Spanned<f64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawReport {
    pub balance_flag_percent: Option<Spanned<f64>>,
    #[serde(default)]
    pub schedule: Vec<RawSchedule>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSchedule {
    pub report: Spanned<String>,
    pub every: Spanned<String>,
    pub at: Spanned<String>,
    pub format: Spanned<String>,
    pub by: Option<Spanned<String>>,
}

/// Errors found: (span, field, message).
pub(crate) type Errs = Vec<(Range<usize>, String, String)>;

/// Parses local `HH:MM` into minutes after midnight (`24:00` allowed as 1440).
pub fn parse_hhmm(s: &str) -> Option<u32> {
    let (h, m) = s.trim().split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let h: u32 = h.parse().ok()?;
    let m: u32 = m.parse().ok()?;
    if m >= 60 || h > 24 || (h == 24 && m != 0) {
        return None;
    }
    Some(h * 60 + m)
}

fn parse_days(d: &RawDays) -> Result<Days, String> {
    const NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let allowed = "allowed: \"all\", \"weekdays\", \"weekend\" or a list of mon, tue, wed, thu, fri, sat, sun";
    match d {
        RawDays::Named(n) => match n.as_str() {
            "all" => Ok(Days::ALL),
            "weekdays" => Ok(Days(0x1f)),
            "weekend" => Ok(Days(0x60)),
            other => Err(format!("unknown days \"{other}\"; {allowed}")),
        },
        RawDays::List(l) => {
            let mut bits = 0u8;
            for n in l {
                match NAMES.iter().position(|x| x == n) {
                    Some(i) => bits |= 1 << i,
                    None => return Err(format!("unknown day \"{n}\"; {allowed}")),
                }
            }
            if bits == 0 {
                return Err(format!("no days given; {allowed}"));
            }
            Ok(Days(bits))
        }
    }
}

fn version(
    raw: &RawTariffVersion,
    base: Option<&TariffVersion>,
    field: &str,
    anchor: Range<usize>,
    errs: &mut Errs,
) -> TariffVersion {
    let mut e = |span: Range<usize>, f: &str, m: String| {
        errs.push((span, format!("{field}: {f}"), m));
    };
    let from = raw
        .from
        .as_ref()
        .and_then(|f| match f.get_ref().parse::<Date>() {
            Ok(d) => Some(d),
            Err(_) => {
                e(
                    f.span(),
                    "from",
                    format!("\"{}\" is not a date; use YYYY-MM-DD", f.get_ref()),
                );
                None
            }
        });
    let mut nonneg = |v: &Option<Spanned<f64>>, f: &str, max: f64, dflt: Option<f64>| -> f64 {
        match v {
            Some(s) => {
                let x = *s.get_ref();
                if !(x.is_finite() && (0.0..=max).contains(&x)) {
                    e(s.span(), f, format!("{x}; allowed: 0–{max}"));
                }
                x
            }
            None => dflt.unwrap_or(0.0),
        }
    };
    let contract = nonneg(
        &raw.contract_demand_kva,
        "contract_demand_kva",
        1e7,
        base.map(|b| b.contract_demand_kva),
    );
    let ratchet = nonneg(
        &raw.ratchet_percent,
        "ratchet_percent",
        100.0,
        base.map(|b| b.ratchet_percent),
    );
    let demand = nonneg(
        &raw.demand_charge_per_kva,
        "demand_charge_per_kva",
        1e7,
        base.map(|b| b.demand_charge_per_kva),
    );
    let fixed = nonneg(
        &raw.fixed_charge,
        "fixed_charge",
        1e9,
        base.map(|b| b.fixed_charge),
    );
    let zones = match &raw.zone {
        None => match base {
            Some(b) => b.zones.clone(),
            None => {
                errs.push((
                    anchor.clone(),
                    format!("{field}: zone"),
                    "at least one [[tariff.zone]] is needed (name, start, end, days, rate)".into(),
                ));
                Vec::new()
            }
        },
        Some(list) => zones(list, field, errs),
    };
    let pf = match &raw.pf {
        None => base.map(|b| b.pf.clone()).unwrap_or_default(),
        Some(list) => list
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let f = format!("{field}: pf #{}", i + 1);
                for v in [&p.from, &p.to] {
                    let x = *v.get_ref();
                    if !(0.0..=1.0).contains(&x) {
                        errs.push((v.span(), f.clone(), format!("{x}; allowed: 0–1")));
                    }
                }
                if p.from.get_ref() == p.to.get_ref() {
                    errs.push((p.to.span(), f.clone(), "from and to must differ".into()));
                }
                PfBand {
                    from: *p.from.get_ref(),
                    to: *p.to.get_ref(),
                    percent_per_0_01: *p.percent_per_0_01.get_ref(),
                }
            })
            .collect(),
    };
    TariffVersion {
        from,
        demand_charge_per_kva: demand,
        fixed_charge: fixed,
        contract_demand_kva: contract,
        ratchet_percent: ratchet,
        zones,
        pf,
    }
}

fn zones(list: &Spanned<Vec<RawZone>>, field: &str, errs: &mut Errs) -> Vec<Zone> {
    let mut out = Vec::new();
    for (i, z) in list.get_ref().iter().enumerate() {
        let f = format!("{field}: zone #{} ({})", i + 1, z.name.get_ref());
        let mut time = |s: &Spanned<String>, what: &str| match parse_hhmm(s.get_ref()) {
            Some(m) if m % 15 == 0 => m,
            Some(_) => {
                errs.push((
                    s.span(),
                    format!("{f}: {what}"),
                    format!(
                        "\"{}\": zone boundaries must fall on 15-minute slots (:00, :15, :30, :45)",
                        s.get_ref()
                    ),
                ));
                0
            }
            None => {
                errs.push((
                    s.span(),
                    format!("{f}: {what}"),
                    format!("\"{}\" is not a local time; use HH:MM", s.get_ref()),
                ));
                0
            }
        };
        let start = time(&z.start, "start") % 1440;
        let end = time(&z.end, "end") % 1440;
        let days = match &z.days {
            None => Days::ALL,
            Some(d) => parse_days(d.get_ref()).unwrap_or_else(|m| {
                errs.push((d.span(), format!("{f}: days"), m));
                Days::ALL
            }),
        };
        let rate = *z.rate.get_ref();
        if !(rate.is_finite() && rate >= 0.0) {
            errs.push((
                z.rate.span(),
                format!("{f}: rate"),
                format!("{rate}; a rate is a non-negative number"),
            ));
        }
        if z.name.get_ref().trim().is_empty() {
            errs.push((
                z.name.span(),
                format!("{f}: name"),
                "must not be empty".into(),
            ));
        }
        out.push(Zone {
            name: z.name.get_ref().trim().to_string(),
            start_min: start,
            end_min: end,
            days,
            rate,
        });
    }
    // The zones must partition every day: each 15-minute slot of each weekday in exactly one.
    let probe: Vec<Zone> = out.clone();
    'outer: for wd in 0..7 {
        let d = Weekday::from_monday_zero_offset(wd).expect("0..7 is a weekday");
        for m in (0..1440).step_by(15) {
            let n = probe.iter().filter(|z| z.covers(d, m)).count();
            if n != 1 {
                let what = if n == 0 {
                    "no zone covers"
                } else {
                    "more than one zone covers"
                };
                errs.push((
                    list.span(),
                    format!("{field}: zone"),
                    format!(
                        "{what} {:?} {:02}:{:02}; zones must partition every day's 24 h",
                        d,
                        m / 60,
                        m % 60
                    ),
                ));
                break 'outer;
            }
        }
    }
    out
}

/// Checks `[tariff]`; `meter_names` are the configured meters.
pub(crate) fn tariff(raw: &RawTariff, meter_names: &[&str], errs: &mut Errs) -> Tariff {
    let currency = raw.currency.get_ref().trim().to_string();
    if currency.is_empty() || !currency.chars().all(|c| c.is_ascii_alphabetic()) {
        errs.push((
            raw.currency.span(),
            "tariff: currency".into(),
            format!("\"{currency}\"; use a currency code such as \"INR\""),
        ));
    }
    let block = match &raw.demand_block_minutes {
        None => 30,
        Some(b) => {
            let v = *b.get_ref();
            if (1..=60).contains(&v) && 60 % v == 0 {
                v as u32
            } else {
                errs.push((
                    b.span(),
                    "tariff: demand_block_minutes".into(),
                    format!("{v}; allowed: a whole number of minutes dividing an hour (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30, 60)"),
                ));
                30
            }
        }
    };
    let demand_basis = match raw.demand_basis.as_ref().map(|s| (s.get_ref().as_str(), s)) {
        None | Some(("kva", _)) => DemandBasis::Kva,
        Some(("kw", _)) => DemandBasis::Kw,
        Some((o, s)) => {
            errs.push((
                s.span(),
                "tariff: demand_basis".into(),
                format!("\"{o}\"; allowed: kva, kw"),
            ));
            DemandBasis::Kva
        }
    };
    let energy_basis = match raw.energy_basis.as_ref().map(|s| (s.get_ref().as_str(), s)) {
        None | Some(("kwh", _)) => EnergyBasis::Kwh,
        Some(("kvah", _)) => EnergyBasis::Kvah,
        Some((o, s)) => {
            errs.push((
                s.span(),
                "tariff: energy_basis".into(),
                format!("\"{o}\"; allowed: kwh, kvah"),
            ));
            EnergyBasis::Kwh
        }
    };
    for m in &raw.meters {
        if !meter_names.contains(&m.get_ref().as_str()) {
            errs.push((
                m.span(),
                "tariff: meters".into(),
                format!("no meter named \"{}\" in this file", m.get_ref()),
            ));
        }
    }
    let raw_base = RawTariffVersion {
        from: None,
        contract_demand_kva: raw.contract_demand_kva.clone(),
        ratchet_percent: raw.ratchet_percent.clone(),
        demand_charge_per_kva: raw.demand_charge_per_kva.clone(),
        fixed_charge: raw.fixed_charge.clone(),
        zone: raw.zone.clone(),
        pf: raw.pf.clone(),
    };
    let base = version(&raw_base, None, "tariff", raw.currency.span(), errs);
    let mut versions = vec![base];
    for (i, v) in raw.version.iter().enumerate() {
        let field = format!("tariff.version #{}", i + 1);
        if v.from.is_none() {
            errs.push((
                raw.currency.span(),
                format!("{field}: from"),
                "a tariff version needs from = \"YYYY-MM-DD\"".into(),
            ));
        }
        let anchor = v.from.as_ref().map_or(raw.currency.span(), |f| f.span());
        let nv = version(v, Some(&versions[versions.len() - 1]), &field, anchor, errs);
        if let (Some(prev), Some(this)) = (versions.last().and_then(|p| p.from), nv.from) {
            if this <= prev {
                errs.push((
                    v.from.as_ref().map_or(raw.currency.span(), |f| f.span()),
                    format!("{field}: from"),
                    format!("{this} is not after the previous version's {prev}; list versions oldest first"),
                ));
            }
        }
        versions.push(nv);
    }
    Tariff {
        currency,
        demand_block_minutes: block,
        demand_basis,
        energy_basis,
        meters: raw.meters.iter().map(|m| m.get_ref().clone()).collect(),
        versions,
    }
}

/// Checks `[report]`.
pub(crate) fn report(raw: &RawReport, errs: &mut Errs) -> ReportSettings {
    let mut out = ReportSettings::default();
    if let Some(p) = &raw.balance_flag_percent {
        let v = *p.get_ref();
        if v.is_finite() && (0.0..=100.0).contains(&v) {
            out.balance_flag_percent = v;
        } else {
            errs.push((
                p.span(),
                "report: balance_flag_percent".into(),
                format!("{v}; allowed: 0–100"),
            ));
        }
    }
    for (i, s) in raw.schedule.iter().enumerate() {
        let f = |k: &str| format!("report.schedule #{}: {k}", i + 1);
        let report = s.report.get_ref().clone();
        if !REPORT_NAMES.contains(&report.as_str()) {
            errs.push((
                s.report.span(),
                f("report"),
                format!(
                    "unknown report \"{report}\"; allowed: {}",
                    REPORT_NAMES.join(", ")
                ),
            ));
        }
        let monthly = match s.every.get_ref().as_str() {
            "daily" => false,
            "monthly" => true,
            o => {
                errs.push((
                    s.every.span(),
                    f("every"),
                    format!("\"{o}\"; allowed: daily, monthly"),
                ));
                false
            }
        };
        let at = match parse_hhmm(s.at.get_ref()) {
            Some(m) if m < 1440 => m,
            _ => {
                errs.push((
                    s.at.span(),
                    f("at"),
                    format!("\"{}\" is not a local time; use HH:MM", s.at.get_ref()),
                ));
                0
            }
        };
        let format = s.format.get_ref().clone();
        if !["json", "csv", "xlsx", "pdf"].contains(&format.as_str()) {
            errs.push((
                s.format.span(),
                f("format"),
                format!("\"{format}\"; allowed: json, csv, xlsx, pdf"),
            ));
        }
        if let Some(b) = &s.by {
            if !["15m", "hour", "day", "month"].contains(&b.get_ref().as_str()) {
                errs.push((
                    b.span(),
                    f("by"),
                    format!("\"{}\"; allowed: 15m, hour, day, month", b.get_ref()),
                ));
            }
        }
        out.schedules.push(Schedule {
            report,
            monthly,
            at_min: at,
            format,
            by: s.by.as_ref().map(|b| b.get_ref().clone()),
        });
    }
    out
}
