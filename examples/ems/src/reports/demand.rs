//! Maximum demand as the utility bills it (collector.md §B1): fixed blocks of the tariff's
//! integration period aligned to the local clock, block demand = block energy × 60 / block
//! minutes (kVA from kVAh, or kW from kWh), the period's MD with the time of its block, the
//! billable demand max(MD, ratchet % × contract demand), a cross-check against the meter's
//! own peak-demand register, and the top-N blocks.
//!
//! Blocks not fully covered by counter data are flagged (`incomplete_blocks`) and do not set
//! the MD: their energy is only part of the block's.

use anyhow::Result;

use super::series::{round, Ctx, Grouping, Slots, KVAH, KWH};
use super::{Cell, Chart, ChartKind, Column, ColumnKind, Report, ReportRequest, Table};
use crate::config::tariff::DemandBasis;
use crate::store::{Resolution, MINUTE_MS, SLOT15_MS};

/// One demand block.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Block {
    /// Start, UTC ms.
    pub start_ms: i64,
    /// End, UTC ms.
    pub end_ms: i64,
    /// Demand, kVA or kW; `None` when no slot of the block has data.
    pub demand: Option<f64>,
    /// Whether counter data covers the whole block.
    pub complete: bool,
}

/// Splits a series into blocks of `minutes` (the series starts at a local midnight, so blocks
/// dividing an hour are aligned to the local clock).
pub fn blocks(slots: &Slots, minutes: u32) -> Vec<Block> {
    let block_ms = i64::from(minutes) * MINUTE_MS;
    let per = (block_ms / slots.step_ms).max(1) as usize;
    let mut out = Vec::with_capacity(slots.wh.len() / per + 1);
    for (bi, chunk) in slots.wh.chunks(per).enumerate() {
        let start = slots.start_ms + bi as i64 * block_ms;
        let cov: i64 = slots.covered[bi * per..bi * per + chunk.len()].iter().sum();
        let wh: Option<f64> = chunk
            .iter()
            .flatten()
            .copied()
            .fold(None, |a, v| Some(a.unwrap_or(0.0) + v));
        out.push(Block {
            start_ms: start,
            end_ms: start + block_ms,
            demand: wh.map(|wh| wh / 1000.0 * 60.0 / f64::from(minutes)),
            complete: chunk.len() == per && cov >= block_ms,
        });
    }
    out
}

/// The highest complete block starting in `[s, e)` and the number of incomplete ones there.
pub fn max_demand(blocks: &[Block], s: i64, e: i64) -> (Option<Block>, usize) {
    let mut best: Option<Block> = None;
    let mut incomplete = 0;
    for b in blocks.iter().filter(|b| b.start_ms >= s && b.start_ms < e) {
        if !b.complete {
            incomplete += 1;
            continue;
        }
        if best.is_none_or(|x| b.demand > x.demand) {
            best = Some(*b);
        }
    }
    (best, incomplete)
}

/// Billable demand: max(MD, ratchet % × contract demand).
pub fn billable(md: f64, contract: f64, ratchet_percent: f64) -> f64 {
    md.max(contract * ratchet_percent / 100.0)
}

/// The tariff's block length and basis (30 min, kVA without a tariff).
pub fn settings(ctx: &Ctx<'_>) -> (u32, DemandBasis) {
    ctx.config
        .tariff
        .as_ref()
        .map_or((30, DemandBasis::Kva), |t| {
            (t.demand_block_minutes, t.demand_basis)
        })
}

/// A meter's (or the bill's) energy series for demand at the step the block length needs.
pub fn demand_series(
    ctx: &Ctx<'_>,
    meters: &[&str],
    basis: DemandBasis,
    minutes: u32,
) -> Result<Slots> {
    let q = match basis {
        DemandBasis::Kva => KVAH,
        DemandBasis::Kw => KWH,
    };
    let step = if minutes.is_multiple_of(15) {
        SLOT15_MS
    } else {
        MINUTE_MS
    };
    let parts: Vec<Slots> = meters
        .iter()
        .map(|m| ctx.slots_step(m, q, step))
        .collect::<Result<_>>()?;
    let refs: Vec<&Slots> = parts.iter().collect();
    let n = ((ctx.to_ms - ctx.from_ms) / step) as usize;
    Ok(if refs.len() == 1 {
        parts.into_iter().next().expect("one part")
    } else {
        Slots::sum(&refs, ctx.from_ms, step, n)
    })
}

/// The meters a bill covers: the tariff's list, or the top-level meters.
pub fn bill_meters<'c>(ctx: &'c Ctx<'_>) -> Vec<&'c str> {
    match &ctx.config.tariff {
        Some(t) if !t.meters.is_empty() => t.meters.iter().map(String::as_str).collect(),
        _ => ctx
            .meters
            .iter()
            .filter(|m| m.parent.is_none())
            .map(|m| m.name.as_str())
            .collect(),
    }
}

/// The largest value of the meter's own peak-demand register seen in `[s, e)` (kVA or kW).
fn register_peak(ctx: &Ctx<'_>, meter: &str, basis: DemandBasis, s: i64, e: i64) -> Option<f64> {
    let q = match basis {
        DemandBasis::Kva => "apparent_power_demand_peak",
        DemandBasis::Kw => "active_power_demand_peak",
    };
    ctx.reader.quantity(q).ok()?;
    let pts = ctx
        .reader
        .history(meter, q, s, e, Resolution::Slot15)
        .ok()?;
    pts.iter()
        .map(|p| p.max.unwrap_or(p.value))
        .fold(None, |a: Option<f64>, v| Some(a.map_or(v, |a| a.max(v))))
        .map(|v| v / 1000.0)
}

/// The demand report.
pub fn build(
    req: &ReportRequest,
    ctx: &Ctx<'_>,
    report: &mut Report,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<()> {
    let (minutes, basis) = settings(ctx);
    let unit = match basis {
        DemandBasis::Kva => "kva",
        DemandBasis::Kw => "kw",
    };
    let unit_t = match basis {
        DemandBasis::Kva => "kVA",
        DemandBasis::Kw => "kW",
    };
    let g = req.by.unwrap_or(Grouping::Month);
    let periods = ctx.periods(g);
    let meters = ctx.subject(&req.subject)?;
    let mut rows = Vec::new();
    let mut top: Vec<(String, Block)> = Vec::new();
    let mut chart_blocks: Option<(String, Vec<Block>)> = None;
    // The billed supply first, when a tariff says what is billed.
    let mut series: Vec<(String, Vec<&str>, bool)> = Vec::new();
    if ctx.config.tariff.is_some() {
        series.push(("site (billed)".into(), bill_meters(ctx), true));
    }
    for m in &meters {
        series.push((m.name.clone(), vec![m.name.as_str()], false));
    }
    let total = series.len();
    for (i, (name, members, billed)) in series.iter().enumerate() {
        let s = demand_series(ctx, members, basis, minutes)?;
        let bl = blocks(&s, minutes);
        for &(ps, pe) in &periods {
            let (md, incomplete) = max_demand(&bl, ps, pe);
            let day = super::series::local_slot(ps, &ctx.tz).0;
            let (contract, floor, bill) = match (&ctx.config.tariff, billed) {
                (Some(t), true) => {
                    let v = t.version_on(day);
                    let floor = v.contract_demand_kva * v.ratchet_percent / 100.0;
                    (
                        Cell::Num(v.contract_demand_kva),
                        Cell::Num(round(floor, 3)),
                        Cell::opt(md.and_then(|b| b.demand).map(|d| {
                            round(billable(d, v.contract_demand_kva, v.ratchet_percent), 3)
                        })),
                    )
                }
                _ => (Cell::Null, Cell::Null, Cell::Null),
            };
            let reg = if *billed {
                None
            } else {
                register_peak(ctx, name, basis, ps, pe)
            };
            let mdv = md.and_then(|b| b.demand);
            rows.push(vec![
                Cell::Text(name.clone()),
                Cell::Time(ps),
                Cell::Time(pe),
                Cell::opt(mdv.map(|d| round(d, 3))),
                md.map_or(Cell::Null, |b| Cell::Time(b.start_ms)),
                md.map_or(Cell::Null, |b| Cell::Time(b.end_ms)),
                Cell::Num(
                    bl.iter()
                        .filter(|b| b.start_ms >= ps && b.start_ms < pe)
                        .count() as f64,
                ),
                Cell::Num(incomplete as f64),
                Cell::opt(reg.map(|r| round(r, 3))),
                Cell::opt(reg.zip(mdv).map(|(r, d)| round(r - d, 3))),
                contract,
                floor,
                bill,
            ]);
        }
        if i == 0 || *billed {
            for b in bl.iter().filter(|b| b.complete) {
                top.push((name.clone(), *b));
            }
        }
        if chart_blocks.is_none() {
            chart_blocks = Some((name.clone(), bl));
        }
        progress(i + 1, total);
    }
    let cols = vec![
        Column::new("meter", "Meter", ColumnKind::Text),
        Column::new("start", "Start", ColumnKind::Time),
        Column::new("end", "End", ColumnKind::Time),
        Column::new(
            format!("md_{unit}"),
            format!("MD ({unit_t})"),
            ColumnKind::Number(2),
        ),
        Column::new("md_start", "MD block start", ColumnKind::Time),
        Column::new("md_end", "MD block end", ColumnKind::Time),
        Column::new("blocks", "Blocks", ColumnKind::Number(0)),
        Column::new(
            "incomplete_blocks",
            "Incomplete blocks",
            ColumnKind::Number(0),
        ),
        Column::new(
            format!("meter_peak_{unit}"),
            format!("Meter peak register ({unit_t})"),
            ColumnKind::Number(2),
        ),
        Column::new(
            format!("peak_diff_{unit}"),
            format!("Register - MD ({unit_t})"),
            ColumnKind::Number(2),
        ),
        Column::new(
            "contract_demand_kva",
            "Contract demand (kVA)",
            ColumnKind::Number(0),
        ),
        Column::new(
            format!("ratchet_floor_{unit}"),
            format!("Ratchet floor ({unit_t})"),
            ColumnKind::Number(2),
        ),
        Column::new(
            format!("billable_demand_{unit}"),
            format!("Billable demand ({unit_t})"),
            ColumnKind::Number(2),
        ),
    ];
    report.tables.push(Table {
        name: "demand".into(),
        title: format!("Maximum demand, {minutes}-minute blocks"),
        columns: cols,
        rows,
    });
    // Peak analysis: the top-N blocks of the billed supply (or the first meter).
    let first = series[0].0.clone();
    let mut peak: Vec<&(String, Block)> = top.iter().filter(|(n, _)| *n == first).collect();
    peak.sort_by(|a, b| {
        b.1.demand
            .partial_cmp(&a.1.demand)
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    peak.truncate(req.top_n.max(1));
    report.tables.push(Table {
        name: "peaks".into(),
        title: format!("Top {} blocks: {first}", peak.len()),
        columns: vec![
            Column::new("rank", "Rank", ColumnKind::Number(0)),
            Column::new("meter", "Meter", ColumnKind::Text),
            Column::new("start", "Start", ColumnKind::Time),
            Column::new("end", "End", ColumnKind::Time),
            Column::new(
                format!("demand_{unit}"),
                format!("Demand ({unit_t})"),
                ColumnKind::Number(2),
            ),
        ],
        rows: peak
            .iter()
            .enumerate()
            .map(|(i, (n, b))| {
                vec![
                    Cell::Num((i + 1) as f64),
                    Cell::Text(n.clone()),
                    Cell::Time(b.start_ms),
                    Cell::Time(b.end_ms),
                    Cell::opt(b.demand.map(|d| round(d, 3))),
                ]
            })
            .collect(),
    });
    // Daily maximum of the first series: the chart.
    if let Some((name, bl)) = chart_blocks {
        let days = ctx.periods(Grouping::Day);
        let rows: Vec<Vec<Cell>> = days
            .iter()
            .map(|&(s, e)| {
                let (md, _) = max_demand(&bl, s, e);
                vec![
                    Cell::Text(name.clone()),
                    Cell::Time(s),
                    Cell::Text(
                        super::series::local_slot(s, &ctx.tz)
                            .0
                            .strftime("%d %b")
                            .to_string(),
                    ),
                    Cell::opt(md.and_then(|b| b.demand).map(|d| round(d, 3))),
                    md.map_or(Cell::Null, |b| Cell::Time(b.start_ms)),
                ]
            })
            .collect();
        let n = rows.len();
        report.tables.push(Table {
            name: "daily_md".into(),
            title: format!("Daily maximum demand: {name}"),
            columns: vec![
                Column::new("meter", "Meter", ColumnKind::Text),
                Column::new("start", "Day", ColumnKind::Time),
                Column::new("day", "Day", ColumnKind::Text),
                Column::new(
                    format!("md_{unit}"),
                    format!("MD ({unit_t})"),
                    ColumnKind::Number(2),
                ),
                Column::new("md_start", "MD block start", ColumnKind::Time),
            ],
            rows,
        });
        report.chart = Some(Chart {
            table: 2,
            title: format!("Daily maximum demand ({minutes}-min blocks): {name}"),
            x: 2,
            series: vec![3],
            rows: (0, n),
            kind: ChartKind::Column,
            y_title: unit_t.into(),
        });
    }
    report.summary.push((
        "Demand".into(),
        format!(
            "{minutes}-minute blocks on the local clock, {unit_t} = block energy x 60 / {minutes}"
        ),
    ));
    if let Some(t) = &ctx.config.tariff {
        let v = &t.versions[0];
        report.summary.push((
            "Contract demand".into(),
            format!(
                "{} kVA, ratchet {} %",
                v.contract_demand_kva, v.ratchet_percent
            ),
        ));
    }
    Ok(())
}
