//! Excel workbook (rust_xlsxwriter): a Summary sheet (site, period, time zone, key figures and
//! a native chart of the main series), then one sheet per report table with a bold, frozen
//! header row, units in the headings, number formats per column and times as Excel date-times
//! in the site's local time. A cell without data is left empty.

use anyhow::Result;
use jiff::Timestamp;
use rust_xlsxwriter::{Chart, ChartType, ExcelDateTime, Format, Workbook, Worksheet};

use crate::reports::{Cell, ChartKind, ColumnKind, Report, Table};

fn sheet_name(t: &Table, used: &mut Vec<String>) -> String {
    let mut n: String = t
        .name
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(28)
        .collect();
    while used.contains(&n) {
        n.push('_');
    }
    used.push(n.clone());
    n
}

fn local(report: &Report, ms: i64) -> Option<ExcelDateTime> {
    let z = Timestamp::from_millisecond(ms)
        .ok()?
        .to_zoned_datetime(report.time_zone.clone());
    ExcelDateTime::from_ymd(z.year() as u16, z.month() as u8, z.day() as u8)
        .ok()?
        .and_hms(z.hour() as u16, z.minute() as u8, z.second() as u8)
        .ok()
}

fn number_format(decimals: u8) -> String {
    if decimals == 0 {
        "#,##0".into()
    } else {
        format!("#,##0.{}", "0".repeat(decimals as usize))
    }
}

fn write_table(report: &Report, ws: &mut Worksheet, t: &Table) -> Result<()> {
    let head = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_background_color(0xDCE6F1);
    let time_fmt = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    let offset = report
        .time_zone
        .to_offset(Timestamp::from_millisecond(report.from_ms).unwrap_or(Timestamp::UNIX_EPOCH));
    let fmts: Vec<Format> = t
        .columns
        .iter()
        .map(|c| match c.kind {
            ColumnKind::Number(d) => Format::new().set_num_format(number_format(d)),
            ColumnKind::Time => time_fmt.clone(),
            ColumnKind::Text => Format::new(),
        })
        .collect();
    for (j, c) in t.columns.iter().enumerate() {
        let title = match c.kind {
            ColumnKind::Time => format!("{} (local, UTC{offset})", c.title),
            _ => c.title.clone(),
        };
        ws.write_string_with_format(0, j as u16, title, &head)?;
        let width = match c.kind {
            ColumnKind::Time => 17.0,
            ColumnKind::Text => 22.0,
            ColumnKind::Number(_) => 13.0,
        };
        ws.set_column_width(j as u16, width)?;
    }
    ws.set_row_height(0, 32)?;
    ws.set_freeze_panes(1, 0)?;
    for (i, r) in t.rows.iter().enumerate() {
        let row = (i + 1) as u32;
        for (j, c) in r.iter().enumerate() {
            let col = j as u16;
            match c {
                Cell::Null => {}
                Cell::Text(s) => {
                    ws.write_string(row, col, s)?;
                }
                Cell::Num(v) => {
                    ws.write_number_with_format(row, col, *v, &fmts[j])?;
                }
                Cell::Time(ms) => {
                    if let Some(dt) = local(report, *ms) {
                        ws.write_datetime_with_format(row, col, &dt, &fmts[j])?;
                    }
                }
            }
        }
    }
    Ok(())
}

/// The workbook as bytes.
pub fn workbook(report: &Report) -> Result<Vec<u8>> {
    let mut wb = Workbook::new();
    let mut used = vec!["Summary".to_string()];
    let names: Vec<String> = report
        .tables
        .iter()
        .map(|t| sheet_name(t, &mut used))
        .collect();
    {
        let ws = wb.add_worksheet();
        ws.set_name("Summary")?;
        let bold = Format::new().set_bold();
        let title = Format::new().set_bold().set_font_size(14);
        ws.write_string_with_format(0, 0, format!("{} — {}", report.title, report.site), &title)?;
        let mut lines: Vec<(String, String)> = vec![
            ("Site".into(), report.site.clone()),
            ("Report".into(), report.kind.name().to_string()),
            ("From".into(), report.time_text(report.from_ms)),
            ("To (exclusive)".into(), report.time_text(report.to_ms)),
            ("Time zone".into(), report.time_zone_name.clone()),
            ("Generated at".into(), report.time_text(report.generated_ms)),
        ];
        lines.extend(report.summary.iter().cloned());
        let mut row = 2;
        for (k, v) in &lines {
            ws.write_string_with_format(row, 0, k, &bold)?;
            ws.write_string(row, 1, v)?;
            row += 1;
        }
        ws.set_column_width(0, 28)?;
        ws.set_column_width(1, 60)?;
        if let Some(c) = &report.chart {
            let t = &report.tables[c.table];
            if c.rows.1 > c.rows.0 {
                let sheet = &names[c.table];
                let (r0, r1) = ((c.rows.0 + 1) as u32, c.rows.1 as u32);
                let mut chart = Chart::new(match c.kind {
                    ChartKind::Column => ChartType::Column,
                    ChartKind::Line => ChartType::Line,
                });
                for &s in &c.series {
                    chart
                        .add_series()
                        .set_name((sheet.as_str(), 0, s as u16))
                        .set_categories((sheet.as_str(), r0, c.x as u16, r1, c.x as u16))
                        .set_values((sheet.as_str(), r0, s as u16, r1, s as u16));
                }
                chart.title().set_name(&c.title);
                chart.y_axis().set_name(&c.y_title);
                chart.x_axis().set_name(&t.columns[c.x].title);
                chart.set_width(900).set_height(420);
                ws.insert_chart(row + 1, 0, &chart)?;
            }
        }
    }
    for (t, name) in report.tables.iter().zip(&names) {
        let ws = wb.add_worksheet();
        ws.set_name(name)?;
        write_table(report, ws, t)?;
    }
    Ok(wb.save_to_buffer()?)
}
