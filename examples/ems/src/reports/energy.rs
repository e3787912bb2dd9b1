//! Consumption (kWh, kvarh lag/lead, kVAh) per meter, tag and hierarchy node by 15 min, hour,
//! day or month, the equipment-wise breakdown, and the power-factor report (PF = kWh / kVAh).

use std::collections::BTreeMap;

use anyhow::Result;

use super::series::{round, Ctx, Grouping, Slots, KVAH, KVARH_LAG, KVARH_LEAD, KWH};
use super::{Cell, Chart, ChartKind, Column, ColumnKind, Report, ReportRequest, Subject, Table};

/// The four series of one meter (or a sum of meters).
pub(crate) struct Quad {
    pub kwh: Slots,
    pub lag: Slots,
    pub lead: Slots,
    pub kvah: Slots,
}

pub(crate) fn load(ctx: &Ctx<'_>, meter: &str) -> Result<Quad> {
    Ok(Quad {
        kwh: ctx.slots(meter, KWH)?,
        lag: ctx.slots(meter, KVARH_LAG)?,
        lead: ctx.slots(meter, KVARH_LEAD)?,
        kvah: ctx.slots(meter, KVAH)?,
    })
}

fn sum_quads(ctx: &Ctx<'_>, qs: &[&Quad]) -> Quad {
    let n = ctx.n15();
    let f = |sel: fn(&Quad) -> &Slots| {
        let parts: Vec<&Slots> = qs.iter().map(|q| sel(q)).collect();
        Slots::sum(&parts, ctx.from_ms, crate::store::SLOT15_MS, n)
    };
    Quad {
        kwh: f(|q| &q.kwh),
        lag: f(|q| &q.lag),
        lead: f(|q| &q.lead),
        kvah: f(|q| &q.kvah),
    }
}

fn k(v: Option<f64>) -> Cell {
    Cell::opt(v.map(|x| round(x / 1000.0, 6)))
}

fn energy_columns() -> Vec<Column> {
    vec![
        Column::new("meter", "Meter / group", ColumnKind::Text),
        Column::new("start", "Start", ColumnKind::Time),
        Column::new("end", "End", ColumnKind::Time),
        Column::new("energy_kwh", "Energy (kWh)", ColumnKind::Number(2)),
        Column::new(
            "energy_kvarh_lag",
            "Reactive lag (kvarh)",
            ColumnKind::Number(2),
        ),
        Column::new(
            "energy_kvarh_lead",
            "Reactive lead (kvarh)",
            ColumnKind::Number(2),
        ),
        Column::new("energy_kvah", "Apparent (kVAh)", ColumnKind::Number(2)),
        Column::new("coverage_percent", "Coverage (%)", ColumnKind::Number(1)),
    ]
}

fn energy_rows(name: &str, q: &Quad, periods: &[(i64, i64)], rows: &mut Vec<Vec<Cell>>) {
    for &(s, e) in periods {
        let (kwh, cov) = q.kwh.over(s, e);
        rows.push(vec![
            Cell::Text(name.to_string()),
            Cell::Time(s),
            Cell::Time(e),
            k(kwh),
            k(q.lag.over(s, e).0),
            k(q.lead.over(s, e).0),
            k(q.kvah.over(s, e).0),
            Cell::Num(round(cov as f64 * 100.0 / (e - s) as f64, 2)),
        ]);
    }
}

/// The energy report.
pub fn build(
    req: &ReportRequest,
    ctx: &Ctx<'_>,
    report: &mut Report,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<()> {
    let g = req.by.unwrap_or(Grouping::Day);
    let periods = ctx.periods(g);
    let meters = ctx.subject(&req.subject)?;
    let mut quads: BTreeMap<String, Quad> = BTreeMap::new();
    let all: Vec<String> = ctx.meters.iter().map(|m| m.name.clone()).collect();
    // The breakdown needs every meter of a tag or node; read each meter once.
    let wanted: Vec<&String> = if matches!(req.subject, Subject::All) {
        all.iter().collect()
    } else {
        meters.iter().map(|m| &m.name).collect()
    };
    let total = wanted.len();
    for (i, m) in wanted.iter().enumerate() {
        quads.insert((*m).clone(), load(ctx, m)?);
        progress(i + 1, total);
    }
    let mut rows = Vec::new();
    for m in &meters {
        energy_rows(&m.name, &quads[&m.name], &periods, &mut rows);
    }
    let first_rows = (0, periods.len());
    if let Subject::Tag(t) = &req.subject {
        let qs: Vec<&Quad> = meters.iter().map(|m| &quads[&m.name]).collect();
        let sum = sum_quads(ctx, &qs);
        energy_rows(&format!("tag:{t}"), &sum, &periods, &mut rows);
    }
    report.tables.push(Table {
        name: "energy".into(),
        title: "Consumption per meter and period".into(),
        columns: energy_columns(),
        rows,
    });

    // Equipment-wise breakdown over the whole period: by tag and by hierarchy node.
    let mut brows = Vec::new();
    let range = (ctx.from_ms, ctx.to_ms);
    let mut tags: BTreeMap<&str, Vec<&Quad>> = BTreeMap::new();
    for m in &ctx.meters {
        if let Some(q) = quads.get(&m.name) {
            for t in &m.tags {
                tags.entry(t.as_str()).or_default().push(q);
            }
        }
    }
    let site_kwh: f64 = ctx
        .meters
        .iter()
        .filter(|m| m.parent.is_none())
        .filter_map(|m| quads.get(&m.name))
        .filter_map(|q| q.kwh.over(range.0, range.1).0)
        .sum();
    let share = |v: Option<f64>| {
        Cell::opt(
            v.filter(|_| site_kwh > 0.0)
                .map(|v| round(v * 100.0 / site_kwh, 2)),
        )
    };
    for (t, qs) in &tags {
        let sum = sum_quads(ctx, qs);
        let v = sum.kwh.over(range.0, range.1).0;
        brows.push(vec![
            Cell::Text("tag".into()),
            Cell::Text((*t).to_string()),
            Cell::Num(qs.len() as f64),
            k(v),
            share(v),
        ]);
    }
    for m in &ctx.meters {
        let kids = ctx.children(&m.name);
        if let Some(q) = quads.get(&m.name) {
            let v = q.kwh.over(range.0, range.1).0;
            brows.push(vec![
                Cell::Text(if m.parent.is_none() { "top" } else { "node" }.into()),
                Cell::Text(m.name.clone()),
                Cell::Num(kids.len() as f64),
                k(v),
                share(v),
            ]);
        }
    }
    report.tables.push(Table {
        name: "breakdown".into(),
        title: "Equipment-wise breakdown (whole period)".into(),
        columns: vec![
            Column::new("group", "Group", ColumnKind::Text),
            Column::new("name", "Tag / meter", ColumnKind::Text),
            Column::new("members", "Meters / children", ColumnKind::Number(0)),
            Column::new("energy_kwh", "Energy (kWh)", ColumnKind::Number(2)),
            Column::new("share_percent", "Share of site (%)", ColumnKind::Number(2)),
        ],
        rows: brows,
    });
    let total_kwh: f64 = meters
        .iter()
        .filter_map(|m| quads[&m.name].kwh.over(range.0, range.1).0)
        .sum();
    report
        .summary
        .push(("Meters".into(), meters.len().to_string()));
    report.summary.push((
        "Energy of the listed meters".into(),
        format!("{:.1} kWh", total_kwh / 1000.0),
    ));
    report.chart = Some(Chart {
        table: 0,
        title: format!("{}: energy per period", meters[0].name),
        x: 1,
        series: vec![3],
        rows: first_rows,
        kind: ChartKind::Column,
        y_title: "kWh".into(),
    });
    Ok(())
}

/// The power-factor report: kWh, kvarh lag/lead, kVAh and PF = kWh / kVAh per meter and period.
pub fn build_pf(
    req: &ReportRequest,
    ctx: &Ctx<'_>,
    report: &mut Report,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<()> {
    let g = req.by.unwrap_or(Grouping::Month);
    let periods = ctx.periods(g);
    let meters = ctx.subject(&req.subject)?;
    let mut rows = Vec::new();
    let mut summary_rows = Vec::new();
    for (i, m) in meters.iter().enumerate() {
        let q = load(ctx, &m.name)?;
        for &(s, e) in &periods {
            let (kwh, _) = q.kwh.over(s, e);
            let (kvah, _) = q.kvah.over(s, e);
            let pf = pf_of(&q.kwh, &q.kvah, s, e);
            rows.push(vec![
                Cell::Text(m.name.clone()),
                Cell::Time(s),
                Cell::Time(e),
                k(kwh),
                k(q.lag.over(s, e).0),
                k(q.lead.over(s, e).0),
                k(kvah),
                Cell::opt(pf.map(|p| round(p, 4))),
            ]);
        }
        let pf = pf_of(&q.kwh, &q.kvah, ctx.from_ms, ctx.to_ms);
        summary_rows.push(vec![
            Cell::Text(m.name.clone()),
            Cell::opt(pf.map(|p| round(p, 4))),
        ]);
        progress(i + 1, meters.len());
    }
    report.tables.push(Table {
        name: "pf".into(),
        title: "Power factor per meter and period (PF = kWh / kVAh)".into(),
        columns: vec![
            Column::new("meter", "Meter", ColumnKind::Text),
            Column::new("start", "Start", ColumnKind::Time),
            Column::new("end", "End", ColumnKind::Time),
            Column::new("energy_kwh", "Active (kWh)", ColumnKind::Number(2)),
            Column::new(
                "energy_kvarh_lag",
                "Reactive lag (kvarh)",
                ColumnKind::Number(2),
            ),
            Column::new(
                "energy_kvarh_lead",
                "Reactive lead (kvarh)",
                ColumnKind::Number(2),
            ),
            Column::new("energy_kvah", "Apparent (kVAh)", ColumnKind::Number(2)),
            Column::new("pf", "PF", ColumnKind::Number(3)),
        ],
        rows,
    });
    let n = summary_rows.len();
    report.tables.push(Table {
        name: "pf_by_meter".into(),
        title: "Power factor over the whole period".into(),
        columns: vec![
            Column::new("meter", "Meter", ColumnKind::Text),
            Column::new("pf", "PF", ColumnKind::Number(3)),
        ],
        rows: summary_rows,
    });
    report.chart = Some(Chart {
        table: 1,
        title: "Power factor per meter".into(),
        x: 0,
        series: vec![1],
        rows: (0, n),
        kind: ChartKind::Column,
        y_title: "PF".into(),
    });
    Ok(())
}

/// PF = kWh / kVAh over `[s, e)`, from the slots where both counters have data.
pub fn pf_of(kwh: &Slots, kvah: &Slots, s: i64, e: i64) -> Option<f64> {
    let a = ((s - kwh.start_ms) / kwh.step_ms).max(0) as usize;
    let b = (((e - kwh.start_ms) / kwh.step_ms) as usize).min(kwh.wh.len());
    let (mut p, mut sa) = (0.0, 0.0);
    for i in a..b {
        if let (Some(x), Some(y)) = (kwh.wh[i], kvah.wh[i]) {
            p += x;
            sa += y;
        }
    }
    (sa > 0.0).then(|| (p / sa).min(1.0))
}
