//! CSV (RFC 4180): a header row of column names (units in the names), CRLF line ends, fields
//! quoted when they hold a comma, quote or line break; numbers without locale (`.` decimal
//! point, no thousands separator); times RFC 3339 with the site's offset; no data = empty.

use crate::reports::{Cell, Report, Table};

fn field(out: &mut String, s: &str) {
    if s.contains([',', '"', '\r', '\n']) {
        out.push('"');
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(s);
    }
}

/// One table as CSV text.
pub fn table(report: &Report, t: &Table) -> String {
    let mut out = String::new();
    for (i, c) in t.columns.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        field(&mut out, &c.name);
    }
    out.push_str("\r\n");
    for r in &t.rows {
        for (i, c) in r.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            match c {
                Cell::Null => {}
                Cell::Text(s) => field(&mut out, s),
                Cell::Num(v) => out.push_str(&super::number_text(*v)),
                Cell::Time(ms) => out.push_str(&report.time_text(*ms)),
            }
        }
        out.push_str("\r\n");
    }
    out
}
