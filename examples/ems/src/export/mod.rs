//! Turning a computed [`Report`] into files: JSON and CSV ([`csv`]), Excel ([`xlsx`]) and PDF
//! ([`pdf`]). Exporters only format; every figure comes from `crate::reports`.

pub mod csv;
pub mod pdf;
pub mod xlsx;

use anyhow::Result;
use serde_json::{json, Map, Value};

use crate::reports::{Cell, Format, Report, Table};

/// Renders `report` in `format`.
pub fn to_bytes(report: &Report, format: Format) -> Result<Vec<u8>> {
    match format {
        Format::Json => Ok(serde_json::to_vec_pretty(&to_json(report))?),
        Format::Csv => Ok(csv::table(report, &report.tables[0]).into_bytes()),
        Format::Xlsx => xlsx::workbook(report),
        Format::Pdf => pdf::document(report),
    }
}

fn cell_json(report: &Report, c: &Cell) -> Value {
    match c {
        Cell::Null => Value::Null,
        Cell::Text(s) => Value::String(s.clone()),
        Cell::Num(v) => serde_json::Number::from_f64(*v).map_or(Value::Null, Value::Number),
        Cell::Time(ms) => Value::String(report.time_text(*ms)),
    }
}

/// A table as an array of row objects keyed by column name.
pub fn table_json(report: &Report, t: &Table) -> Value {
    Value::Array(
        t.rows
            .iter()
            .map(|r| {
                let mut m = Map::new();
                for (c, v) in t.columns.iter().zip(r) {
                    m.insert(c.name.clone(), cell_json(report, v));
                }
                Value::Object(m)
            })
            .collect(),
    )
}

/// The JSON document: metadata, `rows` (the main table) and `parts` (every table by name).
pub fn to_json(report: &Report) -> Value {
    let mut parts = Map::new();
    for t in &report.tables {
        parts.insert(t.name.clone(), table_json(report, t));
    }
    let summary: Map<String, Value> = report
        .summary
        .iter()
        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
        .collect();
    json!({
        "report": report.kind.name(),
        "title": report.title,
        "site": report.site,
        "time_zone": report.time_zone_name,
        "from": report.time_text(report.from_ms),
        "to": report.time_text(report.to_ms),
        "generated_at": report.time_text(report.generated_ms),
        "summary": summary,
        "rows": table_json(report, &report.tables[0]),
        "parts": parts,
    })
}

/// A number as text without locale: shortest round-trip form, `.` as decimal separator.
pub fn number_text(v: f64) -> String {
    if v == v.trunc() && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}
