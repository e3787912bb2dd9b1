//! `ems export`: arguments and output only; the CSV itself is `ems::store::export`.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use clap::{Args, Subcommand, ValueEnum};
use ems::store::export::{export_readings_csv, ExportRequest};
use ems::store::{Resolution, StoreReader};
use jiff::tz::TimeZone;

/// `ems export` options.
#[derive(Args, Debug)]
pub struct ExportArgs {
    #[command(subcommand)]
    what: What,
}

#[derive(Subcommand, Debug)]
enum What {
    /// Stored readings as long-format CSV: time,meter,quantity,value,unit.
    #[command(
        after_help = "Examples:\n  ems export readings --data-dir /var/lib/ems --resolution 1d --from 2026-03-01 --to 2026-04-01 --out march-daily.csv\n  ems export readings --data-dir /var/lib/ems --meter 'Grid Incomer' --from 2026-03-01T06:00 --to 2026-03-01T07:00 --out -"
    )]
    Readings(ReadingsArgs),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ResolutionArg {
    /// Every stored sample.
    Raw,
    /// 1-minute averages / energy (UTC-aligned).
    #[value(name = "1m")]
    Minute,
    /// 15-minute averages / energy (UTC-aligned).
    #[value(name = "15m")]
    Slot15,
    /// Hours in the site's time zone.
    #[value(name = "1h")]
    Hour,
    /// Days in the site's time zone.
    #[value(name = "1d")]
    Day,
    /// Months in the site's time zone.
    #[value(name = "1mo")]
    Month,
}

impl From<ResolutionArg> for Resolution {
    fn from(r: ResolutionArg) -> Resolution {
        match r {
            ResolutionArg::Raw => Resolution::Raw,
            ResolutionArg::Minute => Resolution::Minute,
            ResolutionArg::Slot15 => Resolution::Slot15,
            ResolutionArg::Hour => Resolution::Hour,
            ResolutionArg::Day => Resolution::Day,
            ResolutionArg::Month => Resolution::Month,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum FormatArg {
    /// Comma-separated values with a header line.
    Csv,
}

#[derive(Args, Debug)]
struct ReadingsArgs {
    /// The collector's data directory (holding ems.sqlite).
    #[arg(long, value_name = "DIR")]
    data_dir: PathBuf,
    /// Start: RFC 3339 (2026-03-01T00:00:00Z), or a date / date-time in the site's time zone
    /// (2026-03-01, 2026-03-01T06:00). Default: the oldest data.
    #[arg(long, value_name = "T")]
    from: Option<String>,
    /// End (exclusive), same forms as --from. Default: the newest data.
    #[arg(long, value_name = "T")]
    to: Option<String>,
    /// Only this meter.
    #[arg(long, value_name = "NAME")]
    meter: Option<String>,
    /// Raw samples or a rollup; at a rollup `time` is the interval start, instantaneous values
    /// are averages and energy is the interval's energy. --from/--to are rounded outwards to
    /// whole intervals.
    #[arg(long, value_enum, default_value_t = ResolutionArg::Raw)]
    resolution: ResolutionArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Csv)]
    format: FormatArg,
    /// Output file ('-' for stdout). Written to FILE.partial first and renamed when complete.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
}

/// Parses a command-line time: RFC 3339 with an offset, or a civil date(-time) in `tz`.
fn parse_time(flag: &str, s: &str, tz: &TimeZone) -> Result<i64> {
    if let Ok(t) = s.parse::<jiff::Timestamp>() {
        return Ok(t.as_millisecond());
    }
    let civil = s.parse::<jiff::civil::DateTime>().or_else(|_| {
        s.parse::<jiff::civil::Date>()
            .map(|d| d.to_datetime(jiff::civil::Time::midnight()))
    });
    match civil.ok().and_then(|dt| dt.to_zoned_datetime(tz.clone()).ok()) {
        Some(z) => Ok(z.timestamp().as_millisecond()),
        None => bail!(
            "{flag} '{s}' is not a time; use RFC 3339 (2026-03-01T00:00:00Z), a date (2026-03-01) or a local date-time (2026-03-01T06:00)"
        ),
    }
}

pub fn run(a: ExportArgs) -> Result<()> {
    let What::Readings(a) = a.what;
    let FormatArg::Csv = a.format;
    let reader = StoreReader::open(&a.data_dir)?;
    let tz = reader.time_zone().clone();
    let from = a
        .from
        .as_deref()
        .map(|s| parse_time("--from", s, &tz))
        .transpose()?;
    let to =
        a.to.as_deref()
            .map(|s| parse_time("--to", s, &tz))
            .transpose()?;
    if let (Some(f), Some(t)) = (from, to) {
        if f >= t {
            bail!("--from must be before --to");
        }
    }
    let req = ExportRequest {
        from_ms: from,
        to_ms: to,
        meter: a.meter.clone(),
        resolution: a.resolution.into(),
    };
    let to_stdout = a.out.as_os_str() == "-";
    let partial = {
        let mut p = a.out.clone().into_os_string();
        p.push(".partial");
        PathBuf::from(p)
    };
    let mut sink: Box<dyn Write> = if to_stdout {
        Box::new(std::io::BufWriter::new(std::io::stdout().lock()))
    } else {
        let f = std::fs::File::create(&partial)
            .with_context(|| format!("cannot create {}", partial.display()))?;
        Box::new(std::io::BufWriter::with_capacity(1 << 20, f))
    };
    let bar = if std::io::stderr().is_terminal() {
        let b = indicatif::ProgressBar::new(0);
        b.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} exporting [{bar:40}] {pos}/{len} meter-days, {elapsed} (eta {eta})",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        Some(b)
    } else {
        None
    };
    let mut progress = |done: u64, total: u64| {
        if let Some(b) = &bar {
            b.set_length(total);
            b.set_position(done);
        }
    };
    let result = export_readings_csv(&reader, &req, &mut sink, &mut progress);
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    drop(sink);
    match result {
        Ok(lines) => {
            if !to_stdout {
                std::fs::rename(&partial, &a.out).with_context(|| {
                    format!("cannot rename {} to {}", partial.display(), a.out.display())
                })?;
                eprintln!("ems export: {lines} lines written to {}", a.out.display());
            }
            Ok(())
        }
        Err(e) => {
            if !to_stdout {
                let _ = std::fs::remove_file(&partial);
            }
            Err(e.into())
        }
    }
}
