//! Energy balance across the hierarchy: each parent meter against the sum of its children per
//! hour or day; the difference is losses plus unmetered load, flagged above
//! `[report] balance_flag_percent` of the parent. Only slots where the parent and every child
//! have data are compared, so a gap never shows as a loss.

use anyhow::Result;

use super::series::{round, Ctx, Grouping, KWH};
use super::{Cell, Chart, ChartKind, Column, ColumnKind, Report, ReportRequest, Subject, Table};

/// The balance report.
pub fn build(
    req: &ReportRequest,
    ctx: &Ctx<'_>,
    report: &mut Report,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<()> {
    let g = req.by.unwrap_or(Grouping::Day);
    let periods = ctx.periods(g);
    let flag = ctx.config.report.balance_flag_percent;
    let parents: Vec<_> = ctx
        .meters
        .iter()
        .filter(|m| !ctx.children(&m.name).is_empty())
        .filter(|m| match &req.subject {
            Subject::All => true,
            Subject::Meter(n) => &m.name == n,
            Subject::Tag(t) => m.tags.contains(t),
        })
        .collect();
    if parents.is_empty() {
        anyhow::bail!(
            "no meter with children to balance (meters name their parent with parent = \"…\")"
        );
    }
    let mut rows = Vec::new();
    let mut flagged = 0;
    let mut first_rows = (0, 0);
    for (i, p) in parents.iter().enumerate() {
        let ps = ctx.slots(&p.name, KWH)?;
        let kids = ctx.children(&p.name);
        let ks: Vec<_> = kids
            .iter()
            .map(|k| ctx.slots(&k.name, KWH))
            .collect::<Result<_>>()?;
        let start_row = rows.len();
        for &(s, e) in &periods {
            let a = ((s - ps.start_ms) / ps.step_ms) as usize;
            let b = (((e - ps.start_ms) / ps.step_ms) as usize).min(ps.wh.len());
            let (mut pv, mut cv, mut used) = (0.0, 0.0, 0usize);
            for j in a..b {
                if let Some(x) = ps.wh[j] {
                    let c: Option<f64> = ks.iter().map(|k| k.wh[j]).sum();
                    if let Some(c) = c {
                        pv += x;
                        cv += c;
                        used += 1;
                    }
                }
            }
            let have = used > 0;
            let loss = pv - cv;
            let share = (have && pv > 0.0).then(|| loss * 100.0 / pv);
            let is_flag = share.is_some_and(|s| s.abs() > flag);
            flagged += usize::from(is_flag);
            rows.push(vec![
                Cell::Text(p.name.clone()),
                Cell::Time(s),
                Cell::Time(e),
                Cell::Num(kids.len() as f64),
                Cell::opt(have.then(|| round(pv / 1000.0, 4))),
                Cell::opt(have.then(|| round(cv / 1000.0, 4))),
                Cell::opt(have.then(|| round(loss / 1000.0, 4))),
                Cell::opt(share.map(|s| round(s, 3))),
                Cell::Num(round(used as f64 * 100.0 / (b - a).max(1) as f64, 2)),
                Cell::Text(if is_flag { "yes" } else { "" }.into()),
            ]);
        }
        if i == 0 {
            first_rows = (start_row, rows.len());
        }
        progress(i + 1, parents.len());
    }
    report.tables.push(Table {
        name: "balance".into(),
        title: format!("Parent against the sum of its children (flag above {flag} %)"),
        columns: vec![
            Column::new("meter", "Parent", ColumnKind::Text),
            Column::new("start", "Start", ColumnKind::Time),
            Column::new("end", "End", ColumnKind::Time),
            Column::new("children", "Children", ColumnKind::Number(0)),
            Column::new("parent_kwh", "Parent (kWh)", ColumnKind::Number(2)),
            Column::new("children_kwh", "Children (kWh)", ColumnKind::Number(2)),
            Column::new(
                "loss_kwh",
                "Losses + unmetered (kWh)",
                ColumnKind::Number(2),
            ),
            Column::new("loss_percent", "Losses (%)", ColumnKind::Number(2)),
            Column::new(
                "compared_percent",
                "Slots compared (%)",
                ColumnKind::Number(1),
            ),
            Column::new("flagged", "Flagged", ColumnKind::Text),
        ],
        rows,
    });
    report.summary.push((
        "Flagged periods".into(),
        format!("{flagged} (losses above {flag} %)"),
    ));
    report.chart = Some(Chart {
        table: 0,
        title: format!("{}: parent vs children", parents[0].name),
        x: 1,
        series: vec![4, 5],
        rows: first_rows,
        kind: ChartKind::Column,
        y_title: "kWh".into(),
    });
    Ok(())
}
