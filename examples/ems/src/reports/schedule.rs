//! Scheduled reports (`[[report.schedule]]`): which are due, and running one into
//! `<data-dir>/reports/`. The collector loop calls [`due`] now and then with the time of its
//! previous call and runs each [`Job`] with [`run_job`] off its hot path (a report reads the
//! store through its own connection and never blocks the writer).
//!
//! A daily schedule at `HH:MM` produces yesterday's report once the local clock has passed
//! `HH:MM`; a monthly one produces last month's on the 1st at `HH:MM`. Only the latest due run
//! of each schedule is returned: after a long outage the collector does not catch up on every
//! missed day.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use jiff::civil::Date;
use jiff::Timestamp;

use super::{Format, Grouping, ReportKind, ReportRequest};
use crate::config::Config;
use crate::store::StoreReader;

/// One report to produce.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Job {
    /// Index into `config.report.schedules`.
    pub schedule: usize,
    /// When it became due, UTC ms.
    pub due_ms: i64,
    /// What to compute.
    pub request: ReportRequest,
    /// File name inside `<data-dir>/reports/`.
    pub file_name: String,
}

/// The jobs that became due after `last_run` and no later than `now` (all the latest due ones
/// when `last_run` is `None`).
pub fn due(now: Timestamp, last_run: Option<Timestamp>, config: &Config) -> Vec<Job> {
    let tz = &config.timezone;
    let local = now.to_zoned_datetime(tz.clone());
    let mut out = Vec::new();
    for (i, s) in config.report.schedules.iter().enumerate() {
        let (Some(kind), Some(format)) = (
            ReportKind::from_name(&s.report),
            Format::from_name(&s.format),
        ) else {
            continue;
        };
        let at = |d: Date| -> Option<i64> {
            d.to_datetime(jiff::civil::Time::constant(
                (s.at_min / 60) as i8,
                (s.at_min % 60) as i8,
                0,
                0,
            ))
            .to_zoned_datetime(tz.clone())
            .ok()
            .map(|z| z.timestamp().as_millisecond())
        };
        let today = local.date();
        let candidate = if s.monthly {
            today.first_of_month()
        } else {
            today
        };
        let Some(mut trigger) = at(candidate) else {
            continue;
        };
        let mut day = candidate;
        if trigger > now.as_millisecond() {
            day = if s.monthly {
                candidate
                    .yesterday()
                    .map(|d| d.first_of_month())
                    .unwrap_or(candidate)
            } else {
                candidate.yesterday().unwrap_or(candidate)
            };
            let Some(t) = at(day) else { continue };
            trigger = t;
        }
        if last_run.is_some_and(|l| l.as_millisecond() >= trigger) {
            continue;
        }
        let Ok(prev) = day.yesterday() else { continue };
        let (from, to, label) = if s.monthly {
            (
                prev.first_of_month(),
                prev,
                prev.strftime("%Y-%m").to_string(),
            )
        } else {
            (prev, prev, prev.strftime("%Y-%m-%d").to_string())
        };
        let mut request = ReportRequest::new(kind, from, to, format);
        request.by = s.by.as_deref().and_then(Grouping::from_name);
        let every = if s.monthly { "monthly" } else { "daily" };
        out.push(Job {
            schedule: i,
            due_ms: trigger,
            file_name: format!("{}-{every}-{label}.{}", kind.name(), format.extension()),
            request,
        });
    }
    out
}

/// Runs a job: renders the report and writes it to `<data_dir>/reports/<file>` (through a
/// temporary file and a rename, so a reader never sees half a file). Returns the path.
pub fn run_job(
    job: &Job,
    reader: &StoreReader,
    config: &Config,
    data_dir: &Path,
) -> Result<PathBuf> {
    let (bytes, _, _) = super::render(&job.request, reader, config)?;
    let dir = data_dir.join("reports");
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let path = dir.join(&job.file_name);
    let tmp = dir.join(format!(".{}.tmp", job.file_name));
    std::fs::write(&tmp, &bytes).with_context(|| format!("writing {}", tmp.display()))?;
    std::fs::rename(&tmp, &path).with_context(|| format!("renaming to {}", path.display()))?;
    Ok(path)
}
