//! Load profile: the average day in 15-minute slots of local time, weekdays and weekends
//! apart, as average kW (slot energy × 4) over the days whose slot is fully covered.

use anyhow::Result;
use jiff::civil::Weekday;

use super::series::{local_slot, round, Ctx, KWH};
use super::{Cell, Chart, ChartKind, Column, ColumnKind, Report, ReportRequest, Table};

/// The profile report.
pub fn build(
    req: &ReportRequest,
    ctx: &Ctx<'_>,
    report: &mut Report,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<()> {
    let meters = ctx.subject(&req.subject)?;
    let mut rows = Vec::new();
    for (mi, m) in meters.iter().enumerate() {
        let s = ctx.slots(&m.name, KWH)?;
        // [weekday/weekend][minute/15] = (sum kW, days)
        let mut acc = vec![[(0.0f64, 0u32); 96]; 2];
        for (i, v) in s.wh.iter().enumerate() {
            let Some(wh) = v else { continue };
            if s.covered[i] < s.step_ms {
                continue;
            }
            let t = s.start_ms + i as i64 * s.step_ms;
            let (_, wd, minute) = local_slot(t, &ctx.tz);
            let we = usize::from(matches!(wd, Weekday::Saturday | Weekday::Sunday));
            let k = (minute / 15) as usize;
            acc[we][k].0 += wh / 1000.0 * 4.0;
            acc[we][k].1 += 1;
        }
        let avg = |(sum, n): (f64, u32)| (n > 0).then(|| round(sum / f64::from(n), 3));
        for (k, (wd, we)) in acc[0].iter().zip(&acc[1]).enumerate() {
            rows.push(vec![
                Cell::Text(m.name.clone()),
                Cell::Text(format!("{:02}:{:02}", k / 4, (k % 4) * 15)),
                Cell::opt(avg(*wd)),
                Cell::opt(avg(*we)),
                Cell::Num(f64::from(wd.1)),
                Cell::Num(f64::from(we.1)),
            ]);
        }
        progress(mi + 1, meters.len());
    }
    report.tables.push(Table {
        name: "profile".into(),
        title: "Average day (15-minute slots, local time)".into(),
        columns: vec![
            Column::new("meter", "Meter", ColumnKind::Text),
            Column::new("time_of_day", "Time of day", ColumnKind::Text),
            Column::new("weekday_avg_kw", "Weekday avg (kW)", ColumnKind::Number(2)),
            Column::new("weekend_avg_kw", "Weekend avg (kW)", ColumnKind::Number(2)),
            Column::new("weekday_days", "Weekday days", ColumnKind::Number(0)),
            Column::new("weekend_days", "Weekend days", ColumnKind::Number(0)),
        ],
        rows,
    });
    report.chart = Some(Chart {
        table: 0,
        title: format!("{}: average day", meters[0].name),
        x: 1,
        series: vec![2, 3],
        rows: (0, 96),
        kind: ChartKind::Line,
        y_title: "kW".into(),
    });
    Ok(())
}
