//! Cost from the configured tariff (collector.md §B1–B3): energy charge = Σ over 15-minute
//! slots of slot energy (kWh or kVAh) × the rate of the time-of-day zone the slot falls in (by
//! local time and day type, from the tariff version in force that local day, so a mid-month
//! tariff change splits by slot); demand charge = billable demand × rate, prorated by day over
//! the month (and by version); the power-factor clause as % of the energy charge from the
//! month's PF = kWh / kVAh rounded to 2 decimals as bills print it; fixed charges prorated by
//! day. Missing slots are counted and left out, never priced as 0 kWh silently.

use std::collections::BTreeMap;

use anyhow::{Context, Result};

use super::demand::{bill_meters, blocks, demand_series, max_demand, Block};
use super::energy::pf_of;
use super::series::{local_slot, round, Ctx, Grouping, Slots, KVAH, KWH};
use super::{Cell, Chart, ChartKind, Column, ColumnKind, Report, ReportRequest, Table};
use crate::config::tariff::{EnergyBasis, PfBand, Tariff};
use jiff::tz::TimeZone;

/// Energy and cost in one time-of-day zone.
#[derive(Clone, Debug, PartialEq)]
pub struct ZoneLine {
    /// Zone name.
    pub zone: String,
    /// Rate per kWh (kVAh).
    pub rate: f64,
    /// Energy, kWh (kVAh).
    pub energy: f64,
    /// Cost.
    pub cost: f64,
}

/// The bill of one period.
#[derive(Clone, Debug, PartialEq)]
pub struct Bill {
    /// Period start, UTC ms.
    pub start_ms: i64,
    /// Period end, UTC ms.
    pub end_ms: i64,
    /// Active energy, kWh.
    pub kwh: f64,
    /// Apparent energy, kVAh.
    pub kvah: f64,
    /// Monthly PF = kWh / kVAh, rounded to 2 decimals.
    pub pf: Option<f64>,
    /// The MD block.
    pub md: Option<Block>,
    /// Blocks not fully covered by data.
    pub incomplete_blocks: usize,
    /// Contract demand, kVA.
    pub contract_kva: f64,
    /// Billable demand.
    pub billable: Option<f64>,
    /// Σ slot energy × zone rate.
    pub energy_charge: f64,
    /// Billable demand × demand rate, prorated.
    pub demand_charge: f64,
    /// PF clause, % of the energy charge (positive: penalty).
    pub pf_percent: f64,
    /// PF clause amount.
    pub pf_adjustment: f64,
    /// Fixed charges, prorated.
    pub fixed_charge: f64,
    /// Sum of the charges.
    pub total: f64,
    /// 15-minute slots without data for the billed energy.
    pub missing_slots: usize,
    /// Per zone.
    pub zones: Vec<ZoneLine>,
}

/// The PF clause: % of the energy charge for a monthly PF (positive: penalty, negative:
/// incentive). Each band counts the 0.01 steps the PF lies beyond its `from` towards its `to`.
pub fn pf_adjustment_percent(bands: &[PfBand], pf: f64) -> f64 {
    let mut pct = 0.0;
    for b in bands {
        let travelled = if b.from > b.to {
            if pf < b.from {
                b.from - pf.max(b.to)
            } else {
                0.0
            }
        } else if pf > b.from {
            pf.min(b.to) - b.from
        } else {
            0.0
        };
        let steps = (travelled * 100.0 * 1e6).round() / 1e6;
        pct += b.percent_per_0_01 * steps;
    }
    pct
}

/// Energy charge of a series under a tariff over `[s, e)`: (charge, zone lines, missing slots).
pub fn energy_charge(
    tariff: &Tariff,
    tz: &TimeZone,
    basis: &Slots,
    s: i64,
    e: i64,
) -> (f64, Vec<ZoneLine>, usize) {
    let mut zones: BTreeMap<(String, u64), (f64, f64)> = BTreeMap::new();
    let mut missing = 0;
    let mut charge = 0.0;
    let a = ((s - basis.start_ms) / basis.step_ms).max(0) as usize;
    let b = (((e - basis.start_ms) / basis.step_ms) as usize).min(basis.wh.len());
    for i in a..b {
        let t = basis.start_ms + i as i64 * basis.step_ms;
        let Some(wh) = basis.wh[i] else {
            missing += 1;
            continue;
        };
        let (day, wd, minute) = local_slot(t, tz);
        let v = tariff.version_on(day);
        let (name, rate) = v
            .zone_at(wd, minute)
            .map_or(("(no zone)".to_string(), 0.0), |z| (z.name.clone(), z.rate));
        let kwh = wh / 1000.0;
        charge += kwh * rate;
        let z = zones.entry((name, rate.to_bits())).or_insert((0.0, 0.0));
        z.0 += kwh;
        z.1 += kwh * rate;
    }
    let lines = zones
        .into_iter()
        .map(|((zone, rate), (energy, cost))| ZoneLine {
            zone,
            rate: f64::from_bits(rate),
            energy,
            cost,
        })
        .collect();
    (charge, lines, missing)
}

/// The bill of `[s, e)` (a local month or part of one) from the billed supply's kWh and kVAh
/// series and its demand blocks.
pub fn bill(
    tariff: &Tariff,
    tz: &TimeZone,
    kwh: &Slots,
    kvah: &Slots,
    demand_blocks: &[Block],
    s: i64,
    e: i64,
) -> Bill {
    let basis = match tariff.energy_basis {
        EnergyBasis::Kwh => kwh,
        EnergyBasis::Kvah => kvah,
    };
    let (energy_charge, zones, missing) = energy_charge(tariff, tz, basis, s, e);
    let pf = pf_of(kwh, kvah, s, e).map(|p| round(p, 2));
    let (md, incomplete) = max_demand(demand_blocks, s, e);
    let (first_day, _, _) = local_slot(s, tz);
    let v0 = tariff.version_on(first_day);
    let billable = md
        .and_then(|b| b.demand)
        .map(|d| super::demand::billable(d, v0.contract_demand_kva, v0.ratchet_percent));
    // Demand and fixed charges are monthly: each local day of the period carries 1/days-in-month
    // of the rate of the version in force that day.
    let mut demand_rate = 0.0;
    let mut fixed = 0.0;
    for (ds, _) in super::series::periods(s, e, Grouping::Day, tz) {
        let (day, _, _) = local_slot(ds, tz);
        let v = tariff.version_on(day);
        let dim = f64::from(day.days_in_month());
        demand_rate += v.demand_charge_per_kva / dim;
        fixed += v.fixed_charge / dim;
    }
    let demand_charge = billable.unwrap_or(0.0) * demand_rate;
    let pf_percent = pf.map_or(0.0, |p| pf_adjustment_percent(&v0.pf, p));
    let pf_adjustment = energy_charge * pf_percent / 100.0;
    Bill {
        start_ms: s,
        end_ms: e,
        kwh: kwh.over(s, e).0.unwrap_or(0.0) / 1000.0,
        kvah: kvah.over(s, e).0.unwrap_or(0.0) / 1000.0,
        pf,
        md,
        incomplete_blocks: incomplete,
        contract_kva: v0.contract_demand_kva,
        billable,
        energy_charge,
        demand_charge,
        pf_percent,
        pf_adjustment,
        fixed_charge: fixed,
        total: energy_charge + demand_charge + pf_adjustment + fixed,
        missing_slots: missing,
        zones,
    }
}

/// The cost report.
pub fn build(
    req: &ReportRequest,
    ctx: &Ctx<'_>,
    report: &mut Report,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<()> {
    let tariff = ctx
        .config
        .tariff
        .as_ref()
        .context("the cost report needs a [tariff] section in the configuration (--config)")?;
    let cur = tariff.currency.to_ascii_lowercase();
    let cur_t = tariff.currency.clone();
    let ebasis = match tariff.energy_basis {
        EnergyBasis::Kwh => "kWh",
        EnergyBasis::Kvah => "kVAh",
    };
    let dunit = match tariff.demand_basis {
        crate::config::tariff::DemandBasis::Kva => "kva",
        crate::config::tariff::DemandBasis::Kw => "kw",
    };
    let g = req.by.unwrap_or(Grouping::Month);
    let periods = ctx.periods(g);
    let billed = bill_meters(ctx);
    let n = ctx.n15();
    let load_sum = |q: &str| -> Result<Slots> {
        let parts: Vec<Slots> = billed
            .iter()
            .map(|m| ctx.slots(m, q))
            .collect::<Result<_>>()?;
        let refs: Vec<&Slots> = parts.iter().collect();
        Ok(Slots::sum(&refs, ctx.from_ms, crate::store::SLOT15_MS, n))
    };
    let kwh = load_sum(KWH)?;
    let kvah = load_sum(KVAH)?;
    let dser = demand_series(
        ctx,
        &billed,
        tariff.demand_basis,
        tariff.demand_block_minutes,
    )?;
    let bl = blocks(&dser, tariff.demand_block_minutes);
    let mut rows = Vec::new();
    let mut zrows = Vec::new();
    let mut grand = 0.0;
    for &(s, e) in &periods {
        let b = bill(tariff, &ctx.tz, &kwh, &kvah, &bl, s, e);
        grand += b.total;
        let label = local_slot(s, &ctx.tz).0.strftime("%Y-%m-%d").to_string();
        for z in &b.zones {
            zrows.push(vec![
                Cell::Time(s),
                Cell::Time(e),
                Cell::Text(z.zone.clone()),
                Cell::Text(format!("{label} {}", z.zone)),
                Cell::Num(z.rate),
                Cell::Num(round(z.energy, 4)),
                Cell::Num(round(z.cost, 2)),
            ]);
        }
        rows.push(vec![
            Cell::Text("site (billed)".into()),
            Cell::Time(s),
            Cell::Time(e),
            Cell::Num(round(b.kwh, 4)),
            Cell::Num(round(b.kvah, 4)),
            Cell::opt(b.pf),
            Cell::opt(b.md.and_then(|m| m.demand).map(|d| round(d, 3))),
            b.md.map_or(Cell::Null, |m| Cell::Time(m.start_ms)),
            Cell::Num(b.contract_kva),
            Cell::opt(b.billable.map(|d| round(d, 3))),
            Cell::Num(round(b.energy_charge, 2)),
            Cell::Num(round(b.demand_charge, 2)),
            Cell::Num(round(b.pf_percent, 4)),
            Cell::Num(round(b.pf_adjustment, 2)),
            Cell::Num(round(b.fixed_charge, 2)),
            Cell::Num(round(b.total, 2)),
            Cell::Num(b.missing_slots as f64),
            Cell::Num(b.incomplete_blocks as f64),
        ]);
    }
    report.tables.push(Table {
        name: "bill".into(),
        title: format!("Bill of the supply ({})", billed.join(", ")),
        columns: vec![
            Column::new("meter", "Supply", ColumnKind::Text),
            Column::new("start", "Start", ColumnKind::Time),
            Column::new("end", "End", ColumnKind::Time),
            Column::new("energy_kwh", "Energy (kWh)", ColumnKind::Number(1)),
            Column::new("energy_kvah", "Energy (kVAh)", ColumnKind::Number(1)),
            Column::new("pf", "PF", ColumnKind::Number(2)),
            Column::new(
                format!("md_{dunit}"),
                format!("MD ({})", if dunit == "kva" { "kVA" } else { "kW" }),
                ColumnKind::Number(1),
            ),
            Column::new("md_start", "MD block start", ColumnKind::Time),
            Column::new(
                "contract_demand_kva",
                "Contract (kVA)",
                ColumnKind::Number(0),
            ),
            Column::new(
                format!("billable_demand_{dunit}"),
                "Billable demand",
                ColumnKind::Number(1),
            ),
            Column::new(
                format!("energy_charge_{cur}"),
                format!("Energy charge ({cur_t})"),
                ColumnKind::Number(2),
            ),
            Column::new(
                format!("demand_charge_{cur}"),
                format!("Demand charge ({cur_t})"),
                ColumnKind::Number(2),
            ),
            Column::new(
                "pf_adjustment_percent",
                "PF clause (%)",
                ColumnKind::Number(2),
            ),
            Column::new(
                format!("pf_adjustment_{cur}"),
                format!("PF clause ({cur_t})"),
                ColumnKind::Number(2),
            ),
            Column::new(
                format!("fixed_charge_{cur}"),
                format!("Fixed ({cur_t})"),
                ColumnKind::Number(2),
            ),
            Column::new(
                format!("cost_{cur}"),
                format!("Total ({cur_t})"),
                ColumnKind::Number(2),
            ),
            Column::new("missing_slots", "Missing slots", ColumnKind::Number(0)),
            Column::new(
                "incomplete_blocks",
                "Incomplete blocks",
                ColumnKind::Number(0),
            ),
        ],
        rows,
    });
    let nz = zrows.len();
    report.tables.push(Table {
        name: "tod_zones".into(),
        title: "Time-of-day zones".into(),
        columns: vec![
            Column::new("start", "Start", ColumnKind::Time),
            Column::new("end", "End", ColumnKind::Time),
            Column::new("zone", "Zone", ColumnKind::Text),
            Column::new("label", "Period and zone", ColumnKind::Text),
            Column::new(
                format!("rate_{cur}_per_{}", ebasis.to_ascii_lowercase()),
                format!("Rate ({cur_t}/{ebasis})"),
                ColumnKind::Number(2),
            ),
            Column::new(
                format!("energy_{}", ebasis.to_ascii_lowercase()),
                format!("Energy ({ebasis})"),
                ColumnKind::Number(1),
            ),
            Column::new(
                format!("cost_{cur}"),
                format!("Cost ({cur_t})"),
                ColumnKind::Number(2),
            ),
        ],
        rows: zrows,
    });
    // Allocation: every listed meter's energy priced with the same ToD rates.
    let meters = ctx.subject(&req.subject)?;
    let mut mrows = Vec::new();
    for (i, m) in meters.iter().enumerate() {
        let mk = ctx.slots(&m.name, KWH)?;
        let mv = ctx.slots(&m.name, KVAH)?;
        let basis = match tariff.energy_basis {
            EnergyBasis::Kwh => &mk,
            EnergyBasis::Kvah => &mv,
        };
        let (charge, _, missing) = energy_charge(tariff, &ctx.tz, basis, ctx.from_ms, ctx.to_ms);
        mrows.push(vec![
            Cell::Text(m.name.clone()),
            Cell::Time(ctx.from_ms),
            Cell::Time(ctx.to_ms),
            Cell::opt(
                mk.over(ctx.from_ms, ctx.to_ms)
                    .0
                    .map(|v| round(v / 1000.0, 4)),
            ),
            Cell::opt(
                mv.over(ctx.from_ms, ctx.to_ms)
                    .0
                    .map(|v| round(v / 1000.0, 4)),
            ),
            Cell::opt(pf_of(&mk, &mv, ctx.from_ms, ctx.to_ms).map(|p| round(p, 3))),
            if missing == ctx.n15() {
                Cell::Null
            } else {
                Cell::Num(round(charge, 2))
            },
            Cell::Num(missing as f64),
        ]);
        progress(i + 1, meters.len());
    }
    report.tables.push(Table {
        name: "by_meter".into(),
        title: "Energy charge allocated per meter (ToD rates, no demand or fixed charges)".into(),
        columns: vec![
            Column::new("meter", "Meter", ColumnKind::Text),
            Column::new("start", "Start", ColumnKind::Time),
            Column::new("end", "End", ColumnKind::Time),
            Column::new("energy_kwh", "Energy (kWh)", ColumnKind::Number(1)),
            Column::new("energy_kvah", "Energy (kVAh)", ColumnKind::Number(1)),
            Column::new("pf", "PF", ColumnKind::Number(3)),
            Column::new(
                format!("energy_charge_{cur}"),
                format!("Energy charge ({cur_t})"),
                ColumnKind::Number(2),
            ),
            Column::new("missing_slots", "Missing slots", ColumnKind::Number(0)),
        ],
        rows: mrows,
    });
    report.summary.push((
        "Total".into(),
        format!("{cur_t} {}", super::grouped(grand, 2)),
    ));
    report
        .summary
        .push(("Billed meters".into(), billed.join(", ")));
    report.summary.push((
        "Tariff".into(),
        format!(
            "energy per {ebasis}, {} ToD zones, {}-min demand blocks, contract {} kVA, ratchet {} %",
            tariff.versions[0].zones.len(),
            tariff.demand_block_minutes,
            tariff.versions[0].contract_demand_kva,
            tariff.versions[0].ratchet_percent
        ),
    ));
    report.chart = Some(Chart {
        table: 1,
        title: format!("Energy cost per time-of-day zone ({cur_t})"),
        x: 3,
        series: vec![6],
        rows: (0, nz),
        kind: ChartKind::Column,
        y_title: cur_t,
    });
    Ok(())
}
