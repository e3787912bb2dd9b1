//! The report engine: one computation for the CLI (`ems report`), the HTTP API and the
//! dashboard's download buttons. It reads energy per 15-minute slot from the store
//! ([`StoreReader`]), never sampled power, and builds a [`Report`]: named tables of typed cells
//! plus a chart, which `crate::export` turns into JSON, CSV, xlsx or PDF.
//!
//! Owns: periods in the site's time zone, consumption, maximum demand, cost, energy balance,
//! load profile and power-factor figures. Must not write to the store or talk to a bus. A slot
//! without data stays `None` all the way to the output (null / empty cell), never 0.
//!
//! [`render`] runs on the caller's thread and reads through its own read-only connection, so
//! in WAL mode it never blocks the collector; the HTTP layer runs it on a blocking thread
//! (`spawn_blocking`) and may pass a progress callback to [`render_with_progress`].

pub mod balance;
pub mod cost;
pub mod demand;
pub mod energy;
pub mod profile;
pub mod schedule;
pub mod series;

use anyhow::{bail, Context, Result};
use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::Timestamp;

use crate::config::Config;
use crate::store::StoreReader;

pub use series::{Grouping, MeterNode};

/// Which report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReportKind {
    /// Consumption per meter, tag and node.
    Energy,
    /// Maximum demand per tariff block.
    Demand,
    /// The bill from the configured tariff.
    Cost,
    /// Each parent against the sum of its children.
    Balance,
    /// Average day in 15-minute slots, weekday vs weekend.
    Profile,
    /// Power factor from kWh / kVAh.
    Pf,
}

impl ReportKind {
    /// Every report, as named on the command line.
    pub const ALL: [ReportKind; 6] = [
        ReportKind::Energy,
        ReportKind::Demand,
        ReportKind::Cost,
        ReportKind::Balance,
        ReportKind::Profile,
        ReportKind::Pf,
    ];

    /// `energy`, `demand`, `cost`, `balance`, `profile` or `pf`.
    pub const fn name(self) -> &'static str {
        match self {
            ReportKind::Energy => "energy",
            ReportKind::Demand => "demand",
            ReportKind::Cost => "cost",
            ReportKind::Balance => "balance",
            ReportKind::Profile => "profile",
            ReportKind::Pf => "pf",
        }
    }

    /// Parses [`ReportKind::name`].
    pub fn from_name(s: &str) -> Option<ReportKind> {
        Self::ALL.into_iter().find(|k| k.name() == s)
    }

    /// The title printed on the report.
    pub const fn title(self) -> &'static str {
        match self {
            ReportKind::Energy => "Energy consumption",
            ReportKind::Demand => "Maximum demand",
            ReportKind::Cost => "Energy cost",
            ReportKind::Balance => "Energy balance",
            ReportKind::Profile => "Load profile",
            ReportKind::Pf => "Power factor",
        }
    }
}

/// Output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// JSON: metadata and one array of row objects per table.
    Json,
    /// CSV (RFC 4180) of the main table.
    Csv,
    /// Excel workbook, one sheet per table, with a native chart.
    Xlsx,
    /// PDF with a chart and paginated tables, fonts embedded.
    Pdf,
}

impl Format {
    /// Parses `json`, `csv`, `xlsx` or `pdf`.
    pub fn from_name(s: &str) -> Option<Format> {
        match s {
            "json" => Some(Format::Json),
            "csv" => Some(Format::Csv),
            "xlsx" => Some(Format::Xlsx),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }

    /// The file extension.
    pub const fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Pdf => "pdf",
        }
    }

    /// The MIME type.
    pub const fn mime(self) -> &'static str {
        match self {
            Format::Json => "application/json",
            Format::Csv => "text/csv; charset=utf-8",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Format::Pdf => "application/pdf",
        }
    }
}

/// Which meters a report is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Subject {
    /// Every meter.
    All,
    /// One meter by name.
    Meter(String),
    /// The meters carrying a tag.
    Tag(String),
}

/// What to compute and how to deliver it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportRequest {
    /// The report.
    pub kind: ReportKind,
    /// First local day (site time zone).
    pub from: Date,
    /// Last local day, inclusive.
    pub to: Date,
    /// Period grouping; `None`: the report's default (energy: day; demand, cost, pf: month;
    /// balance: day).
    pub by: Option<Grouping>,
    /// The meters.
    pub subject: Subject,
    /// Output format.
    pub format: Format,
    /// How many blocks the peak analysis lists.
    pub top_n: usize,
}

impl ReportRequest {
    /// A request with defaults: all meters, default grouping, 10 peak blocks.
    pub fn new(kind: ReportKind, from: Date, to: Date, format: Format) -> ReportRequest {
        ReportRequest {
            kind,
            from,
            to,
            by: None,
            subject: Subject::All,
            format,
            top_n: 10,
        }
    }
}

/// A typed table cell.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    /// No data: JSON null, an empty CSV field, an empty spreadsheet cell, "–" in PDF.
    Null,
    /// Text.
    Text(String),
    /// A number.
    Num(f64),
    /// An instant, UTC ms; printed in the site's time zone with its offset.
    Time(i64),
}

impl Cell {
    /// `Num` or `Null`.
    pub fn opt(v: Option<f64>) -> Cell {
        v.filter(|x| x.is_finite()).map_or(Cell::Null, Cell::Num)
    }
}

/// How a column prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnKind {
    /// Text.
    Text,
    /// An instant (RFC 3339 with the site's offset).
    Time,
    /// A number with this many decimals in xlsx and PDF (JSON and CSV keep full precision).
    Number(u8),
}

/// A column: machine name (carrying its unit: `energy_kwh`) and a title for people.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    /// Name in JSON and CSV (`energy_kwh`, `md_kva`, `cost_inr`).
    pub name: String,
    /// Heading in xlsx and PDF (`Energy (kWh)`).
    pub title: String,
    /// How values print.
    pub kind: ColumnKind,
}

impl Column {
    /// A column.
    pub fn new(name: impl Into<String>, title: impl Into<String>, kind: ColumnKind) -> Column {
        Column {
            name: name.into(),
            title: title.into(),
            kind,
        }
    }
}

/// One part of a report.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// Short name (sheet name, JSON key).
    pub name: String,
    /// Title printed above it.
    pub title: String,
    /// Columns.
    pub columns: Vec<Column>,
    /// Rows, each with one cell per column.
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// The index of a column by name.
    pub fn col(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }
}

/// Chart style.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChartKind {
    /// Vertical bars.
    Column,
    /// Lines.
    Line,
}

/// The chart of a report's main series.
#[derive(Clone, Debug, PartialEq)]
pub struct Chart {
    /// The table it plots.
    pub table: usize,
    /// Title.
    pub title: String,
    /// Category column (x axis).
    pub x: usize,
    /// Value columns (one series each).
    pub series: Vec<usize>,
    /// Rows plotted: `[first, last)` of the table.
    pub rows: (usize, usize),
    /// Style.
    pub kind: ChartKind,
    /// Y-axis title with unit.
    pub y_title: String,
}

/// A computed report, ready for any export.
#[derive(Clone, Debug)]
pub struct Report {
    /// Which report.
    pub kind: ReportKind,
    /// Title.
    pub title: String,
    /// Site name.
    pub site: String,
    /// The site's time zone.
    pub time_zone: TimeZone,
    /// Its IANA name.
    pub time_zone_name: String,
    /// Period start (local midnight of the first day), UTC ms.
    pub from_ms: i64,
    /// Period end (exclusive), UTC ms.
    pub to_ms: i64,
    /// When it was computed, UTC ms.
    pub generated_ms: i64,
    /// Key figures and notes, printed above the tables.
    pub summary: Vec<(String, String)>,
    /// The parts; the first is the main table (the CSV export).
    pub tables: Vec<Table>,
    /// The chart.
    pub chart: Option<Chart>,
}

impl Report {
    /// RFC 3339 with the site's offset (`2026-03-01T00:00:00+05:30`).
    pub fn time_text(&self, ms: i64) -> String {
        time_text(ms, &self.time_zone)
    }

    /// The file name a download gets.
    pub fn file_name(&self, format: Format) -> String {
        let d = |ms: i64| {
            Timestamp::from_millisecond(ms)
                .unwrap_or(Timestamp::UNIX_EPOCH)
                .to_zoned_datetime(self.time_zone.clone())
                .strftime("%Y%m%d")
                .to_string()
        };
        format!(
            "ems-{}-{}-{}.{}",
            self.kind.name(),
            d(self.from_ms),
            d(self.to_ms - 1),
            format.extension()
        )
    }
}

/// RFC 3339 in `tz` with its offset.
pub fn time_text(ms: i64, tz: &TimeZone) -> String {
    Timestamp::from_millisecond(ms)
        .unwrap_or(Timestamp::UNIX_EPOCH)
        .to_zoned_datetime(tz.clone())
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

/// A number with `decimals` decimals and thousands separators (`1,234,567.89`), for people.
pub fn grouped(v: f64, decimals: u8) -> String {
    let s = format!("{:.*}", decimals as usize, v.abs());
    let (int, frac) = s.split_once('.').map_or((s.as_str(), ""), |(a, b)| (a, b));
    let mut out = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    if v < 0.0 && out.chars().any(|c| c.is_ascii_digit() && c != '0') {
        out.insert(0, '-');
    }
    out
}

/// Local midnight starting `d`, UTC ms.
pub fn day_start(d: Date, tz: &TimeZone) -> Result<i64> {
    Ok(d.to_zoned_datetime(tz.clone())
        .with_context(|| format!("{d} has no start in the site's time zone"))?
        .timestamp()
        .as_millisecond())
}

/// Computes a report.
pub fn build(req: &ReportRequest, reader: &StoreReader, config: &Config) -> Result<Report> {
    build_with_progress(req, reader, config, &mut |_, _| {})
}

/// Computes a report, calling `progress(done, total)` as meters are read.
pub fn build_with_progress(
    req: &ReportRequest,
    reader: &StoreReader,
    config: &Config,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Report> {
    if req.to < req.from {
        bail!(
            "--to {} is before --from {}; give the first and last day",
            req.to,
            req.from
        );
    }
    let tz = config.timezone.clone();
    let from_ms = day_start(req.from, &tz)?;
    let to_ms = day_start(req.to.tomorrow().context("--to is too late")?, &tz)?;
    let ctx = series::Ctx::new(reader, config, from_ms, to_ms)?;
    let mut report = Report {
        kind: req.kind,
        title: req.kind.title().to_string(),
        site: config.site.clone(),
        time_zone: tz,
        time_zone_name: config.timezone_name.clone(),
        from_ms,
        to_ms,
        generated_ms: Timestamp::now().as_millisecond(),
        summary: Vec::new(),
        tables: Vec::new(),
        chart: None,
    };
    match req.kind {
        ReportKind::Energy => energy::build(req, &ctx, &mut report, progress)?,
        ReportKind::Demand => demand::build(req, &ctx, &mut report, progress)?,
        ReportKind::Cost => cost::build(req, &ctx, &mut report, progress)?,
        ReportKind::Balance => balance::build(req, &ctx, &mut report, progress)?,
        ReportKind::Profile => profile::build(req, &ctx, &mut report, progress)?,
        ReportKind::Pf => energy::build_pf(req, &ctx, &mut report, progress)?,
    }
    Ok(report)
}

/// The output of [`render`]: file bytes, MIME type and a file name for downloads.
pub type Rendered = (Vec<u8>, &'static str, String);

/// Computes a report and renders it in the requested format: what the HTTP layer calls.
pub fn render(req: &ReportRequest, reader: &StoreReader, config: &Config) -> Result<Rendered> {
    render_with_progress(req, reader, config, &mut |_, _| {})
}

/// [`render`] with a progress callback `(done, total)` over the meters read.
pub fn render_with_progress(
    req: &ReportRequest,
    reader: &StoreReader,
    config: &Config,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Rendered> {
    let report = build_with_progress(req, reader, config, progress)?;
    let bytes = crate::export::to_bytes(&report, req.format)?;
    Ok((bytes, req.format.mime(), report.file_name(req.format)))
}
