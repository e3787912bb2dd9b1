//! `ems report`: arguments and output only; the figures are `ems::reports`, the file formats
//! `ems::export`.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use ems::config::Config;
use ems::reports::{self, Format, Grouping, ReportKind, ReportRequest, Subject};
use ems::store::StoreReader;
use jiff::civil::Date;

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum KindArg {
    /// Consumption per meter, tag and node (kWh, kvarh lag/lead, kVAh).
    Energy,
    /// Maximum demand per tariff block, billable demand, top blocks.
    Demand,
    /// The bill from the configuration's [tariff].
    Cost,
    /// Each parent meter against the sum of its children.
    Balance,
    /// Average day in 15-minute slots, weekday vs weekend.
    Profile,
    /// Power factor (kWh / kVAh).
    Pf,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ByArg {
    /// 15-minute slots.
    #[value(name = "15m")]
    Slot15,
    /// Local hours.
    Hour,
    /// Local days.
    Day,
    /// Local months.
    Month,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum FormatArg {
    /// JSON: metadata, rows of the main table, every part by name.
    Json,
    /// CSV (RFC 4180) of the main table.
    Csv,
    /// Excel workbook, one sheet per part, with a chart.
    Xlsx,
    /// PDF with a chart and paginated tables.
    Pdf,
}

/// `ems report` options.
#[derive(Args, Debug)]
pub struct ReportArgs {
    /// Which report.
    #[arg(value_enum)]
    kind: KindArg,
    /// The collector's data directory (holding ems.sqlite).
    #[arg(long, value_name = "DIR")]
    data_dir: PathBuf,
    /// The configuration (site, time zone, tariff, hierarchy). Without it: the store's meters
    /// and time zone, and no tariff.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// First day, local (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    from: Date,
    /// Last day, local, inclusive (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    to: Date,
    /// Period of each row (default: day for energy and balance, month for demand, cost, pf).
    #[arg(long, value_enum)]
    by: Option<ByArg>,
    /// Only this meter.
    #[arg(long, value_name = "NAME", conflicts_with = "tag")]
    meter: Option<String>,
    /// Only the meters carrying this tag (with their total).
    #[arg(long, value_name = "T")]
    tag: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "csv")]
    format: FormatArg,
    /// Output file; `-` for stdout.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// How many blocks the peak analysis lists.
    #[arg(long, default_value_t = 10)]
    top: usize,
}

/// Runs `ems report`.
pub fn run(a: ReportArgs) -> Result<()> {
    let reader = StoreReader::open(&a.data_dir)?;
    let config = match &a.config {
        Some(p) => Config::load(p)?,
        None => {
            let tz = reader.time_zone().iana_name().unwrap_or("UTC").to_string();
            let site = a
                .data_dir
                .canonicalize()
                .ok()
                .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                .unwrap_or_else(|| "ems".into());
            Config::parse(
                &format!("site = {site:?}\ntimezone = {tz:?}\n"),
                "(no --config)",
            )?
        }
    };
    let kind = match a.kind {
        KindArg::Energy => ReportKind::Energy,
        KindArg::Demand => ReportKind::Demand,
        KindArg::Cost => ReportKind::Cost,
        KindArg::Balance => ReportKind::Balance,
        KindArg::Profile => ReportKind::Profile,
        KindArg::Pf => ReportKind::Pf,
    };
    let format = match a.format {
        FormatArg::Json => Format::Json,
        FormatArg::Csv => Format::Csv,
        FormatArg::Xlsx => Format::Xlsx,
        FormatArg::Pdf => Format::Pdf,
    };
    let mut req = ReportRequest::new(kind, a.from, a.to, format);
    req.by = a.by.map(|b| match b {
        ByArg::Slot15 => Grouping::Slot15,
        ByArg::Hour => Grouping::Hour,
        ByArg::Day => Grouping::Day,
        ByArg::Month => Grouping::Month,
    });
    req.subject = match (a.meter, a.tag) {
        (Some(m), _) => Subject::Meter(m),
        (_, Some(t)) => Subject::Tag(t),
        _ => Subject::All,
    };
    req.top_n = a.top;
    let to_stdout = a.out.as_os_str() == "-";
    if to_stdout && matches!(format, Format::Xlsx | Format::Pdf) && std::io::stdout().is_terminal()
    {
        bail!("--format {:?} is binary; give --out FILE", a.format);
    }
    let tty = std::io::stderr().is_terminal();
    let mut progress = |done: usize, total: usize| {
        if tty {
            eprint!("\rreading meters {done}/{total}");
            if done == total {
                eprintln!();
            }
        }
    };
    let (bytes, _, _) = reports::render_with_progress(&req, &reader, &config, &mut progress)?;
    if to_stdout {
        std::io::stdout().lock().write_all(&bytes)?;
    } else {
        std::fs::write(&a.out, &bytes).with_context(|| format!("writing {}", a.out.display()))?;
        eprintln!("ems: wrote {} ({} bytes)", a.out.display(), bytes.len());
    }
    Ok(())
}
