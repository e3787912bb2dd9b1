//! Reading energy slots for reports: the meters and their hierarchy, 15-minute (or 1-minute)
//! slot series from the store with their coverage, sums across meters, and local periods
//! (hour, day, month in the site's time zone). Missing stays `None`.

use anyhow::{Context, Result};
use jiff::tz::TimeZone;
use jiff::{Span, Timestamp};

use crate::config::Config;
use crate::store::{Resolution, StoreReader, MINUTE_MS, SLOT15_MS};

/// Active energy delivered (Wh).
pub const KWH: &str = "active_energy_delivered";
/// Apparent energy delivered (VAh).
pub const KVAH: &str = "apparent_energy_delivered";
/// Reactive energy delivered (varh).
pub const KVARH: &str = "reactive_energy_delivered";
/// Reactive energy, lagging (inductive) (varh).
pub const KVARH_LAG: &str = "reactive_energy_delivered_inductive";
/// Reactive energy, leading (capacitive) (varh).
pub const KVARH_LEAD: &str = "reactive_energy_delivered_capacitive";

/// How rows are grouped in time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Grouping {
    /// 15-minute slots.
    Slot15,
    /// Local hours.
    Hour,
    /// Local days.
    Day,
    /// Local calendar months.
    Month,
}

impl Grouping {
    /// Parses `15m`, `hour`, `day` or `month`.
    pub fn from_name(s: &str) -> Option<Grouping> {
        match s {
            "15m" => Some(Grouping::Slot15),
            "hour" => Some(Grouping::Hour),
            "day" => Some(Grouping::Day),
            "month" => Some(Grouping::Month),
            _ => None,
        }
    }
}

/// A meter in the report's hierarchy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MeterNode {
    /// Name.
    pub name: String,
    /// Upstream meter's name.
    pub parent: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
}

/// Energy per slot of one meter and quantity.
#[derive(Clone, Debug, PartialEq)]
pub struct Slots {
    /// Start of the first slot, UTC ms.
    pub start_ms: i64,
    /// Slot length, ms.
    pub step_ms: i64,
    /// Energy per slot (Wh, varh, VAh); `None` without data.
    pub wh: Vec<Option<f64>>,
    /// Milliseconds of each slot covered by counter deltas.
    pub covered: Vec<i64>,
}

impl Slots {
    /// A series with no data.
    pub fn missing(start_ms: i64, step_ms: i64, n: usize) -> Slots {
        Slots {
            start_ms,
            step_ms,
            wh: vec![None; n],
            covered: vec![0; n],
        }
    }

    /// Slot-wise sum; a slot is missing when any member's is (a sum over part of the meters
    /// would look like a real total); its coverage is the smallest member's.
    pub fn sum(parts: &[&Slots], start_ms: i64, step_ms: i64, n: usize) -> Slots {
        let mut out = Slots {
            start_ms,
            step_ms,
            wh: vec![Some(0.0); n],
            covered: vec![step_ms; n],
        };
        if parts.is_empty() {
            return Slots::missing(start_ms, step_ms, n);
        }
        for p in parts {
            for i in 0..n {
                out.wh[i] = match (out.wh[i], p.wh[i]) {
                    (Some(a), Some(b)) => Some(a + b),
                    _ => None,
                };
                out.covered[i] = out.covered[i].min(p.covered[i]);
            }
        }
        for i in 0..n {
            if out.wh[i].is_none() {
                out.covered[i] = 0;
            }
        }
        out
    }

    /// Energy and coverage over `[from_ms, to_ms)` (slot-aligned): `None` when no slot has data.
    pub fn over(&self, from_ms: i64, to_ms: i64) -> (Option<f64>, i64) {
        let a = ((from_ms - self.start_ms) / self.step_ms).max(0) as usize;
        let b = (((to_ms - self.start_ms) / self.step_ms).max(0) as usize).min(self.wh.len());
        let mut sum = None;
        let mut cov = 0;
        for i in a..b {
            if let Some(v) = self.wh[i] {
                sum = Some(sum.unwrap_or(0.0) + v);
                cov += self.covered[i];
            }
        }
        (sum, cov)
    }
}

/// What every report needs: the meters, the period and the store.
pub struct Ctx<'a> {
    /// The store.
    pub reader: &'a StoreReader,
    /// The configuration.
    pub config: &'a Config,
    /// The meters (from the configuration, or the store when the configuration has none).
    pub meters: Vec<MeterNode>,
    /// Period start, UTC ms (local midnight).
    pub from_ms: i64,
    /// Period end (exclusive), UTC ms.
    pub to_ms: i64,
    /// The site's time zone.
    pub tz: TimeZone,
    stored: std::collections::HashSet<String>,
}

impl<'a> Ctx<'a> {
    /// Reads the meter list.
    pub fn new(
        reader: &'a StoreReader,
        config: &'a Config,
        from_ms: i64,
        to_ms: i64,
    ) -> Result<Ctx<'a>> {
        let rows = reader.meters()?;
        let stored = rows.iter().map(|r| r.info.name.clone()).collect();
        let meters = if config.meters.is_empty() {
            rows.iter()
                .map(|r| MeterNode {
                    name: r.info.name.clone(),
                    parent: r.info.parent.clone().filter(|p| !p.is_empty()),
                    tags: r.info.tags.keys().cloned().collect(),
                })
                .collect()
        } else {
            config
                .meters
                .iter()
                .map(|m| MeterNode {
                    name: m.name.clone(),
                    parent: m.parent.map(|p| config.meters[p].name.clone()),
                    tags: m.tags.clone(),
                })
                .collect()
        };
        Ok(Ctx {
            reader,
            config,
            meters,
            from_ms,
            to_ms,
            tz: config.timezone.clone(),
            stored,
        })
    }

    /// Number of 15-minute slots in the period.
    pub fn n15(&self) -> usize {
        ((self.to_ms - self.from_ms) / SLOT15_MS) as usize
    }

    /// A meter's 15-minute series of `quantity` (all missing when the store has none).
    pub fn slots(&self, meter: &str, quantity: &str) -> Result<Slots> {
        self.slots_step(meter, quantity, SLOT15_MS)
    }

    /// A meter's series at 15-minute or 1-minute steps.
    pub fn slots_step(&self, meter: &str, quantity: &str, step_ms: i64) -> Result<Slots> {
        let n = ((self.to_ms - self.from_ms) / step_ms) as usize;
        let mut out = Slots::missing(self.from_ms, step_ms, n);
        if !self.stored.contains(meter) || self.reader.quantity(quantity).is_err() {
            return Ok(out);
        }
        let res = if step_ms == MINUTE_MS {
            Resolution::Minute
        } else {
            Resolution::Slot15
        };
        let rows = self
            .reader
            .energy(meter, quantity, self.from_ms, self.to_ms, res)
            .with_context(|| format!("reading {quantity} of meter '{meter}'"))?;
        for r in rows {
            if r.start_ms < self.from_ms {
                continue;
            }
            let i = ((r.start_ms - self.from_ms) / step_ms) as usize;
            if i < n && r.wh.is_some() {
                out.wh[i] = r.wh;
                out.covered[i] = r.covered_ms;
            }
        }
        Ok(out)
    }

    /// The meters a request names, in configuration order.
    pub fn subject(&self, s: &super::Subject) -> Result<Vec<&MeterNode>> {
        let v: Vec<&MeterNode> = match s {
            super::Subject::All => self.meters.iter().collect(),
            super::Subject::Meter(m) => self.meters.iter().filter(|x| &x.name == m).collect(),
            super::Subject::Tag(t) => self.meters.iter().filter(|x| x.tags.contains(t)).collect(),
        };
        if v.is_empty() {
            match s {
                super::Subject::All => anyhow::bail!("no meters in the configuration or store"),
                super::Subject::Meter(m) => anyhow::bail!(
                    "no meter named '{m}'; known: {}",
                    self.meters
                        .iter()
                        .map(|m| m.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                super::Subject::Tag(t) => anyhow::bail!("no meter carries the tag '{t}'"),
            }
        }
        Ok(v)
    }

    /// The direct children of a meter.
    pub fn children(&self, name: &str) -> Vec<&MeterNode> {
        self.meters
            .iter()
            .filter(|m| m.parent.as_deref() == Some(name))
            .collect()
    }

    /// Local periods of `g` covering the report's range.
    pub fn periods(&self, g: Grouping) -> Vec<(i64, i64)> {
        periods(self.from_ms, self.to_ms, g, &self.tz)
    }
}

fn zoned(ms: i64, tz: &TimeZone) -> jiff::ZonedDateTime {
    Timestamp::from_millisecond(ms)
        .unwrap_or(Timestamp::UNIX_EPOCH)
        .to_zoned_datetime(tz.clone())
}

/// Local periods of `g` from `from_ms` (a local midnight) to `to_ms`, the last one clipped.
pub fn periods(from_ms: i64, to_ms: i64, g: Grouping, tz: &TimeZone) -> Vec<(i64, i64)> {
    let mut out = Vec::new();
    let mut s = from_ms;
    while s < to_ms {
        let z = zoned(s, tz);
        let next = match g {
            Grouping::Slot15 => s + SLOT15_MS,
            Grouping::Hour => z
                .checked_add(Span::new().hours(1))
                .map_or(s + 3_600_000, |z| z.timestamp().as_millisecond()),
            Grouping::Day => z
                .tomorrow()
                .and_then(|d| d.start_of_day())
                .map_or(s + 86_400_000, |d| d.timestamp().as_millisecond()),
            Grouping::Month => z
                .first_of_month()
                .and_then(|d| d.checked_add(Span::new().months(1)))
                .and_then(|d| d.start_of_day())
                .map_or(s + 28 * 86_400_000, |d| d.timestamp().as_millisecond()),
        };
        let next = next.max(s + SLOT15_MS).min(to_ms);
        out.push((s, next));
        s = next;
    }
    out
}

/// Local weekday and minute of day of an instant.
pub fn local_slot(ms: i64, tz: &TimeZone) -> (jiff::civil::Date, jiff::civil::Weekday, u32) {
    let z = zoned(ms, tz);
    (
        z.date(),
        z.weekday(),
        z.hour() as u32 * 60 + z.minute() as u32,
    )
}

/// Rounds for display-independent output (JSON/CSV keep this precision).
pub fn round(v: f64, decimals: i32) -> f64 {
    let p = 10f64.powi(decimals);
    (v * p).round() / p
}
