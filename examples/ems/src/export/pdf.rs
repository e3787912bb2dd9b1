//! PDF written object by object (no layout engine): A4 landscape pages with a header (report,
//! site, period, time zone) and a footer (generated-at, page i of n), the key figures, a vector
//! chart of the main series, and every table with its header row repeated on each page it
//! breaks onto. The text font is DejaVu Sans Condensed (regular and bold, `assets/fonts/`, Bitstream
//! Vera licence), embedded whole as a TrueType font with WinAnsi encoding, so no system font is
//! needed and `pdftotext` extracts the text. Streams are Flate-compressed.
//!
//! Why hand-written: the crates that lay out tables for us (typst) cost minutes of build time
//! and tens of MB of binary (collector.md §D2); krilla and printpdf leave table layout and page
//! breaking to the caller anyway. What a report needs — text runs, rectangles, lines — is a few
//! hundred lines here and adds only `ttf-parser` (font metrics) and `miniz_oxide` (deflate) to
//! the build: 2.6 s and 1.7 s of release build (BENCHMARKS.md).

use std::fmt::Write as _;
use std::sync::OnceLock;

use anyhow::{anyhow, Result};
use jiff::Timestamp;

use crate::reports::{grouped, Cell, ChartKind, ColumnKind, Report, Table};

const REGULAR_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSansCondensed.ttf");
const BOLD_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSansCondensed-Bold.ttf");

const PAGE_W: f32 = 842.0;
const PAGE_H: f32 = 595.0;
const MARGIN: f32 = 36.0;
const BODY_TOP: f32 = PAGE_H - 78.0;
const BODY_BOTTOM: f32 = 44.0;
/// Tables longer than this are cut in the PDF (the CSV and xlsx exports have every row).
pub const MAX_PDF_ROWS: usize = 2000;

/// Font metrics for the WinAnsi code range 32..=255, in 1/1000 em.
struct Metrics {
    widths: Vec<u16>,
    bbox: [i32; 4],
    ascent: i32,
    descent: i32,
    cap_height: i32,
    name: &'static str,
    data: &'static [u8],
    compressed: Vec<u8>,
}

/// WinAnsi code of a character (`?` when it has none).
fn winansi(c: char) -> u8 {
    match c {
        ' '..='~' => c as u8,
        '€' => 0x80,
        '‚' => 0x82,
        '„' => 0x84,
        '…' => 0x85,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '™' => 0x99,
        '\u{a0}'..='\u{ff}' => c as u32 as u8,
        _ => b'?',
    }
}

/// The character of a WinAnsi code (inverse of [`winansi`] on the codes it produces).
fn from_winansi(b: u8) -> char {
    match b {
        0x80 => '€',
        0x82 => '‚',
        0x84 => '„',
        0x85 => '…',
        0x91 => '‘',
        0x92 => '’',
        0x93 => '“',
        0x94 => '”',
        0x95 => '•',
        0x96 => '–',
        0x97 => '—',
        0x99 => '™',
        _ => b as char,
    }
}

fn metrics(data: &'static [u8], name: &'static str) -> Result<Metrics> {
    let face =
        ttf_parser::Face::parse(data, 0).map_err(|e| anyhow!("embedded font {name}: {e}"))?;
    let upem = f32::from(face.units_per_em());
    let s = |v: f32| (v * 1000.0 / upem).round() as i32;
    let mut widths = Vec::with_capacity(224);
    for code in 32u8..=255 {
        let ch = from_winansi(code);
        let w = face
            .glyph_index(ch)
            .and_then(|g| face.glyph_hor_advance(g))
            .or_else(|| {
                face.glyph_index('?')
                    .and_then(|g| face.glyph_hor_advance(g))
            })
            .unwrap_or(500);
        widths.push(s(f32::from(w)) as u16);
    }
    let bb = face.global_bounding_box();
    Ok(Metrics {
        widths,
        bbox: [
            s(f32::from(bb.x_min)),
            s(f32::from(bb.y_min)),
            s(f32::from(bb.x_max)),
            s(f32::from(bb.y_max)),
        ],
        ascent: s(f32::from(face.ascender())),
        descent: s(f32::from(face.descender())),
        cap_height: s(f32::from(face.capital_height().unwrap_or(face.ascender()))),
        name,
        data,
        compressed: miniz_oxide::deflate::compress_to_vec_zlib(data, 6),
    })
}

fn fonts() -> Result<&'static [Metrics; 2]> {
    static FONTS: OnceLock<Result<[Metrics; 2], String>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            Ok([
                metrics(REGULAR_TTF, "DejaVuSansCondensed").map_err(|e| e.to_string())?,
                metrics(BOLD_TTF, "DejaVuSansCondensed-Bold").map_err(|e| e.to_string())?,
            ])
        })
        .as_ref()
        .map_err(|e| anyhow!("{e}"))
}

/// Text width in points.
fn width(m: &Metrics, text: &str, size: f32) -> f32 {
    text.chars()
        .map(|c| f32::from(m.widths[usize::from(winansi(c).max(32)) - 32]))
        .sum::<f32>()
        * size
        / 1000.0
}

/// A PDF literal string of WinAnsi bytes.
fn pdf_string(text: &str) -> String {
    let mut s = String::with_capacity(text.len() + 2);
    s.push('(');
    for c in text.chars() {
        let b = winansi(c);
        match b {
            b'(' | b')' | b'\\' => {
                s.push('\\');
                s.push(b as char);
            }
            32..=126 => s.push(b as char),
            _ => {
                let _ = write!(s, "\\{b:03o}");
            }
        }
    }
    s.push(')');
    s
}

#[derive(Clone, Copy)]
enum Align {
    Left,
    Right,
}

/// One page's drawing operators.
struct Canvas<'f> {
    ops: String,
    fonts: &'f [Metrics; 2],
}

impl Canvas<'_> {
    fn text(&mut self, x: f32, y: f32, size: f32, bold: bool, s: &str) {
        let _ = writeln!(
            self.ops,
            "BT /F{} {size:.2} Tf {x:.2} {y:.2} Td {} Tj ET",
            if bold { 2 } else { 1 },
            pdf_string(s)
        );
    }

    #[allow(clippy::too_many_arguments)] // a text box: position, width, style, text, alignment
    fn text_in(&mut self, x: f32, y: f32, w: f32, size: f32, bold: bool, s: &str, a: Align) {
        let m = &self.fonts[usize::from(bold)];
        let mut t = s.to_string();
        while width(m, &t, size) > w && t.chars().count() > 1 {
            t.pop();
        }
        let tw = width(m, &t, size);
        let x = match a {
            Align::Left => x,
            Align::Right => x + w - tw,
        };
        self.text(x, y, size, bold, &t);
    }

    fn fill(&mut self, rgb: (f32, f32, f32)) {
        let _ = writeln!(self.ops, "{:.3} {:.3} {:.3} rg", rgb.0, rgb.1, rgb.2);
    }

    fn stroke(&mut self, rgb: (f32, f32, f32), w: f32) {
        let _ = writeln!(
            self.ops,
            "{:.3} {:.3} {:.3} RG {w:.2} w",
            rgb.0, rgb.1, rgb.2
        );
    }

    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32) {
        let _ = writeln!(self.ops, "{x:.2} {y:.2} {w:.2} {h:.2} re f");
    }

    fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32) {
        let _ = writeln!(self.ops, "{x1:.2} {y1:.2} m {x2:.2} {y2:.2} l S");
    }
}

const INK: (f32, f32, f32) = (0.1, 0.1, 0.12);
const GREY: (f32, f32, f32) = (0.45, 0.45, 0.5);
const RULE: (f32, f32, f32) = (0.8, 0.82, 0.86);
const HEAD_BG: (f32, f32, f32) = (0.86, 0.9, 0.95);
const ZEBRA: (f32, f32, f32) = (0.96, 0.97, 0.98);
const SERIES: [(f32, f32, f32); 4] = [
    (0.16, 0.38, 0.67),
    (0.93, 0.55, 0.17),
    (0.3, 0.63, 0.33),
    (0.7, 0.25, 0.3),
];

/// Lays pages out top to bottom.
struct Layout<'f> {
    pages: Vec<String>,
    cur: Canvas<'f>,
    y: f32,
    fonts: &'f [Metrics; 2],
}

impl<'f> Layout<'f> {
    fn new(fonts: &'f [Metrics; 2]) -> Layout<'f> {
        Layout {
            pages: Vec::new(),
            cur: Canvas {
                ops: String::new(),
                fonts,
            },
            y: BODY_TOP,
            fonts,
        }
    }

    fn new_page(&mut self) {
        let done = std::mem::take(&mut self.cur.ops);
        self.pages.push(done);
        self.y = BODY_TOP;
    }

    fn need(&mut self, h: f32) {
        if self.y - h < BODY_BOTTOM {
            self.new_page();
        }
    }

    fn finish(mut self) -> Vec<String> {
        if !self.cur.ops.is_empty() || self.pages.is_empty() {
            self.new_page();
        }
        self.pages
    }
}

fn cell_text(report: &Report, c: &Cell, kind: ColumnKind) -> String {
    match c {
        Cell::Null => "–".into(),
        Cell::Text(s) => s.clone(),
        Cell::Num(v) => match kind {
            ColumnKind::Number(d) => grouped(*v, d),
            _ => super::number_text(*v),
        },
        Cell::Time(ms) => Timestamp::from_millisecond(*ms)
            .unwrap_or(Timestamp::UNIX_EPOCH)
            .to_zoned_datetime(report.time_zone.clone())
            .strftime("%Y-%m-%d %H:%M")
            .to_string(),
    }
}

/// Splits a heading into lines no wider than `w`.
fn wrap(m: &Metrics, text: &str, size: f32, w: f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in text.split(' ') {
        let cand = if cur.is_empty() {
            word.to_string()
        } else {
            format!("{cur} {word}")
        };
        if width(m, &cand, size) <= w || cur.is_empty() {
            cur = cand;
        } else {
            lines.push(std::mem::take(&mut cur));
            cur = word.to_string();
        }
    }
    if !cur.is_empty() {
        lines.push(cur);
    }
    lines
}

/// Draws a table; one too wide for the page is split into column groups, each repeating the
/// identifying columns (meter and start), rather than squeezed unreadably.
fn draw_table(l: &mut Layout<'_>, report: &Report, t: &Table) {
    let fonts = l.fonts;
    let avail = PAGE_W - 2.0 * MARGIN;
    let size = 7.0;
    let sample: Vec<&Vec<Cell>> = t.rows.iter().take(200).collect();
    let natural: Vec<f32> = t
        .columns
        .iter()
        .enumerate()
        .map(|(j, c)| {
            let head = c
                .title
                .split(' ')
                .map(|w| width(&fonts[1], w, size))
                .fold(0.0f32, f32::max);
            let body = sample
                .iter()
                .map(|r| width(&fonts[0], &cell_text(report, &r[j], c.kind), size))
                .fold(0.0f32, f32::max);
            head.max(body) + 8.0
        })
        .collect();
    if natural.iter().sum::<f32>() <= avail || t.columns.len() < 4 {
        return draw_one(l, report, t);
    }
    let keys: Vec<usize> = (0..t.columns.len().min(2))
        .filter(|&j| j == 0 || t.columns[j].kind == ColumnKind::Time)
        .collect();
    let key_w: f32 = keys.iter().map(|&j| natural[j]).sum();
    let rest: Vec<usize> = (0..t.columns.len()).filter(|j| !keys.contains(j)).collect();
    let split = |limit: f32| -> Vec<Vec<usize>> {
        let mut groups: Vec<Vec<usize>> = vec![Vec::new()];
        let mut used = key_w;
        for &j in &rest {
            if used + natural[j] > limit && !groups.last().is_some_and(Vec::is_empty) {
                groups.push(Vec::new());
                used = key_w;
            }
            used += natural[j];
            groups.last_mut().expect("one group").push(j);
        }
        groups
    };
    // As many groups as needed, then balanced so the last is not a lone column.
    let n0 = split(avail).len() as f32;
    let rest_w: f32 = rest.iter().map(|&j| natural[j]).sum();
    let balanced = split((key_w + rest_w / n0 * 1.1).min(avail));
    let groups = if balanced.len() as f32 <= n0 {
        balanced
    } else {
        split(avail)
    };
    let n = groups.len();
    for (gi, g) in groups.iter().enumerate() {
        let cols: Vec<usize> = keys.iter().chain(g).copied().collect();
        let sub = Table {
            name: t.name.clone(),
            title: format!("{} (columns, part {} of {n})", t.title, gi + 1),
            columns: cols.iter().map(|&j| t.columns[j].clone()).collect(),
            rows: t
                .rows
                .iter()
                .take(MAX_PDF_ROWS)
                .map(|r| cols.iter().map(|&j| r[j].clone()).collect())
                .collect(),
        };
        draw_one(l, report, &sub);
    }
    if t.rows.len() > MAX_PDF_ROWS {
        l.cur.fill(GREY);
        l.cur.text(
            MARGIN,
            l.y - 11.0,
            8.0,
            false,
            &format!(
                "… {} more rows are in the CSV and xlsx exports of this report.",
                t.rows.len() - MAX_PDF_ROWS
            ),
        );
        l.y -= 24.0;
    }
}

fn draw_one(l: &mut Layout<'_>, report: &Report, t: &Table) {
    let fonts = l.fonts;
    let avail = PAGE_W - 2.0 * MARGIN;
    let rows = &t.rows[..t.rows.len().min(MAX_PDF_ROWS)];
    let texts: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            r.iter()
                .zip(&t.columns)
                .map(|(c, col)| cell_text(report, c, col.kind))
                .collect()
        })
        .collect();
    let mut size = 8.0f32;
    let natural = |size: f32| -> Vec<f32> {
        t.columns
            .iter()
            .enumerate()
            .map(|(j, c)| {
                let head = c
                    .title
                    .split(' ')
                    .map(|w| width(&fonts[1], w, size))
                    .fold(0.0f32, f32::max);
                let body = texts
                    .iter()
                    .take(400)
                    .map(|r| width(&fonts[0], &r[j], size))
                    .fold(0.0f32, f32::max);
                head.max(body) + 8.0
            })
            .collect()
    };
    let mut widths = natural(size);
    while widths.iter().sum::<f32>() > avail && size > 7.0 {
        size -= 0.5;
        widths = natural(size);
    }
    let total: f32 = widths.iter().sum();
    if total > avail {
        for w in &mut widths {
            *w *= avail / total;
        }
    } else {
        // Spread the slack so the table spans the page.
        let extra = (avail - total) / widths.len() as f32;
        for w in &mut widths {
            *w += extra.min(40.0);
        }
    }
    let row_h = size + 5.0;
    let heads: Vec<Vec<String>> = t
        .columns
        .iter()
        .zip(&widths)
        .map(|(c, w)| wrap(&fonts[1], &c.title, size, w - 6.0))
        .collect();
    let head_lines = heads.iter().map(Vec::len).max().unwrap_or(1) as f32;
    let head_h = head_lines * (size + 1.5) + 5.0;
    let align: Vec<Align> = t
        .columns
        .iter()
        .map(|c| match c.kind {
            ColumnKind::Number(_) => Align::Right,
            _ => Align::Left,
        })
        .collect();

    l.need(24.0 + head_h + 3.0 * row_h);
    l.cur.fill(INK);
    l.cur.text(MARGIN, l.y - 12.0, 11.0, true, &t.title);
    l.y -= 20.0;
    let header = |l: &mut Layout<'_>| {
        l.cur.fill(HEAD_BG);
        l.cur
            .rect(MARGIN, l.y - head_h, avail.min(widths.iter().sum()), head_h);
        l.cur.fill(INK);
        let mut x = MARGIN;
        for (j, lines) in heads.iter().enumerate() {
            for (k, line) in lines.iter().enumerate() {
                let y = l.y - (k as f32 + 1.0) * (size + 1.5) - 1.0;
                l.cur
                    .text_in(x + 3.0, y, widths[j] - 6.0, size, true, line, align[j]);
            }
            x += widths[j];
        }
        l.y -= head_h;
    };
    header(l);
    for (i, r) in texts.iter().enumerate() {
        if l.y - row_h < BODY_BOTTOM {
            l.new_page();
            l.cur.fill(GREY);
            l.cur.text(
                MARGIN,
                l.y - 10.0,
                8.0,
                false,
                &format!("{} (continued)", t.title),
            );
            l.y -= 16.0;
            header(l);
        }
        if i % 2 == 1 {
            l.cur.fill(ZEBRA);
            l.cur.rect(MARGIN, l.y - row_h, widths.iter().sum(), row_h);
        }
        l.cur.fill(INK);
        let mut x = MARGIN;
        for (j, s) in r.iter().enumerate() {
            l.cur.text_in(
                x + 3.0,
                l.y - size - 1.5,
                widths[j] - 6.0,
                size,
                false,
                s,
                align[j],
            );
            x += widths[j];
        }
        l.y -= row_h;
    }
    if t.rows.is_empty() {
        l.cur.fill(GREY);
        l.cur.text(MARGIN + 3.0, l.y - 11.0, 8.0, false, "No rows.");
        l.y -= 14.0;
    }
    if t.rows.len() > rows.len() {
        l.cur.fill(GREY);
        l.cur.text(
            MARGIN,
            l.y - 11.0,
            8.0,
            false,
            &format!(
                "… {} more rows are in the CSV and xlsx exports of this report.",
                t.rows.len() - rows.len()
            ),
        );
        l.y -= 14.0;
    }
    l.y -= 14.0;
}

/// A round step for an axis covering `span` in about `n` steps.
fn nice_step(span: f64, n: f64) -> f64 {
    let raw = (span / n).max(1e-9);
    let mag = 10f64.powf(raw.log10().floor());
    let f = raw / mag;
    let nice = if f <= 1.0 {
        1.0
    } else if f <= 2.0 {
        2.0
    } else if f <= 2.5 {
        2.5
    } else if f <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * mag
}

fn draw_chart(l: &mut Layout<'_>, report: &Report) {
    let Some(c) = &report.chart else { return };
    let t = &report.tables[c.table];
    let (r0, r1) = (c.rows.0.min(t.rows.len()), c.rows.1.min(t.rows.len()));
    if r1 <= r0 {
        return;
    }
    let fonts = l.fonts;
    let h = 230.0;
    l.need(h + 30.0);
    let top = l.y;
    l.cur.fill(INK);
    l.cur.text(MARGIN, top - 12.0, 11.0, true, &c.title);
    let (x0, y0) = (MARGIN + 48.0, top - h + 28.0);
    let (w, ph) = (PAGE_W - 2.0 * MARGIN - 60.0, h - 70.0);
    let vals: Vec<Vec<Option<f64>>> = c
        .series
        .iter()
        .map(|&s| {
            t.rows[r0..r1]
                .iter()
                .map(|r| match r[s] {
                    Cell::Num(v) => Some(v),
                    _ => None,
                })
                .collect()
        })
        .collect();
    let all = vals.iter().flatten().flatten().copied();
    let (mut lo, mut hi) = all.fold((0.0f64, f64::MIN), |(a, b), v| (a.min(v), b.max(v)));
    if hi <= lo {
        hi = lo + 1.0;
    }
    let step = nice_step(hi - lo, 5.0);
    lo = (lo / step).floor() * step;
    hi = (hi / step).ceil() * step;
    let ypos = |v: f64| y0 + ((v - lo) / (hi - lo)) as f32 * ph;
    // Grid and y labels.
    let mut v = lo;
    while v <= hi + step * 0.01 {
        let y = ypos(v);
        l.cur.stroke(RULE, 0.4);
        l.cur.line(x0, y, x0 + w, y);
        l.cur.fill(GREY);
        let label = grouped(v, if step < 1.0 { 2 } else { 0 });
        l.cur
            .text_in(MARGIN, y - 3.0, 44.0, 7.0, false, &label, Align::Right);
        v += step;
    }
    l.cur.fill(GREY);
    l.cur.text(MARGIN, y0 + ph + 8.0, 7.5, true, &c.y_title);
    let n = r1 - r0;
    let slot = w / n as f32;
    // X labels: as many as fit.
    let local = |ms: i64| {
        Timestamp::from_millisecond(ms)
            .unwrap_or(Timestamp::UNIX_EPOCH)
            .to_zoned_datetime(report.time_zone.clone())
    };
    let midnights = t.rows[r0..r1].iter().all(|r| match &r[c.x] {
        Cell::Time(ms) => {
            let z = local(*ms);
            z.hour() == 0 && z.minute() == 0
        }
        _ => true,
    });
    let time_format = if midnights { "%d %b" } else { "%d %b %H:%M" };
    let labels: Vec<String> = t.rows[r0..r1]
        .iter()
        .map(|r| match &r[c.x] {
            Cell::Time(ms) => local(*ms).strftime(time_format).to_string(),
            other => cell_text(report, other, ColumnKind::Text),
        })
        .collect();
    let lw = labels
        .iter()
        .map(|s| width(&fonts[0], s, 6.5))
        .fold(0.0f32, f32::max)
        + 6.0;
    let every = ((lw / slot).ceil() as usize).max(1);
    l.cur.fill(GREY);
    for (i, s) in labels.iter().enumerate().step_by(every) {
        let cx = x0 + slot * (i as f32 + 0.5);
        let tw = width(&fonts[0], s, 6.5);
        l.cur.text(cx - tw / 2.0, y0 - 10.0, 6.5, false, s);
    }
    match c.kind {
        ChartKind::Column => {
            let k = vals.len() as f32;
            let bw = (slot * 0.8 / k).max(0.3);
            for (si, series) in vals.iter().enumerate() {
                l.cur.fill(SERIES[si % SERIES.len()]);
                for (i, v) in series.iter().enumerate() {
                    if let Some(v) = v {
                        let x = x0 + slot * i as f32 + slot * 0.1 + bw * si as f32;
                        let (ya, yb) = (ypos(0.0f64.max(lo)), ypos(*v));
                        l.cur.rect(x, ya.min(yb), bw, (yb - ya).abs());
                    }
                }
            }
        }
        ChartKind::Line => {
            for (si, series) in vals.iter().enumerate() {
                l.cur.stroke(SERIES[si % SERIES.len()], 1.2);
                let mut open = false;
                for (i, v) in series.iter().enumerate() {
                    let x = x0 + slot * (i as f32 + 0.5);
                    match v {
                        Some(v) => {
                            let op = if open { "l" } else { "m" };
                            let _ = writeln!(l.cur.ops, "{x:.2} {:.2} {op}", ypos(*v));
                            open = true;
                        }
                        None => {
                            if open {
                                l.cur.ops.push_str("S\n");
                            }
                            open = false;
                        }
                    }
                }
                if open {
                    l.cur.ops.push_str("S\n");
                }
            }
        }
    }
    l.cur.stroke(GREY, 0.6);
    l.cur
        .line(x0, ypos(0.0f64.max(lo)), x0 + w, ypos(0.0f64.max(lo)));
    // Legend.
    let mut lx = x0;
    for (si, &s) in c.series.iter().enumerate() {
        l.cur.fill(SERIES[si % SERIES.len()]);
        l.cur.rect(lx, top - 26.0, 8.0, 8.0);
        l.cur.fill(INK);
        let name = &t.columns[s].title;
        l.cur.text(lx + 11.0, top - 25.0, 8.0, false, name);
        lx += width(&fonts[0], name, 8.0) + 28.0;
    }
    l.y = top - h - 8.0;
}

fn header_footer(c: &mut Canvas<'_>, report: &Report, page: usize, pages: usize) {
    let d = |ms: i64| {
        Timestamp::from_millisecond(ms)
            .unwrap_or(Timestamp::UNIX_EPOCH)
            .to_zoned_datetime(report.time_zone.clone())
    };
    let from = d(report.from_ms).strftime("%d %b %Y").to_string();
    let to = d(report.to_ms - 1).strftime("%d %b %Y").to_string();
    c.fill((0.16, 0.38, 0.67));
    c.rect(0.0, PAGE_H - 6.0, PAGE_W, 6.0);
    c.fill(INK);
    c.text(MARGIN, PAGE_H - 34.0, 16.0, true, &report.title);
    let site_w = width(&c.fonts[1], &report.site, 12.0);
    c.text(
        PAGE_W - MARGIN - site_w,
        PAGE_H - 33.0,
        12.0,
        true,
        &report.site,
    );
    c.fill(GREY);
    let period = format!(
        "Period {from} – {to} (local days, {}, UTC{})",
        report.time_zone_name,
        d(report.from_ms).offset()
    );
    c.text(MARGIN, PAGE_H - 50.0, 9.0, false, &period);
    c.stroke(RULE, 0.8);
    c.line(MARGIN, PAGE_H - 60.0, PAGE_W - MARGIN, PAGE_H - 60.0);
    c.line(MARGIN, 30.0, PAGE_W - MARGIN, 30.0);
    let gen = format!(
        "Generated at {} by ems",
        d(report.generated_ms).strftime("%Y-%m-%d %H:%M %:z")
    );
    c.text(MARGIN, 18.0, 7.5, false, &gen);
    let p = format!("Page {page} of {pages}");
    let pw = width(&c.fonts[0], &p, 7.5);
    c.text(PAGE_W - MARGIN - pw, 18.0, 7.5, false, &p);
}

/// The report as a PDF document.
pub fn document(report: &Report) -> Result<Vec<u8>> {
    let fonts = fonts()?;
    let mut l = Layout::new(fonts);
    // Key figures.
    let mut kv: Vec<(String, String)> = vec![
        ("Site".into(), report.site.clone()),
        ("Time zone".into(), report.time_zone_name.clone()),
    ];
    kv.extend(report.summary.iter().cloned());
    for (k, v) in &kv {
        l.need(14.0);
        l.cur.fill(GREY);
        l.cur.text(MARGIN, l.y - 10.0, 9.0, true, k);
        l.cur.fill(INK);
        l.cur.text(MARGIN + 150.0, l.y - 10.0, 9.0, false, v);
        l.y -= 14.0;
    }
    l.y -= 8.0;
    draw_chart(&mut l, report);
    for t in &report.tables {
        draw_table(&mut l, report, t);
    }
    let bodies = l.finish();
    let n = bodies.len();
    let pages: Vec<String> = bodies
        .into_iter()
        .enumerate()
        .map(|(i, body)| {
            let mut c = Canvas {
                ops: String::new(),
                fonts,
            };
            header_footer(&mut c, report, i + 1, n);
            c.ops.push_str(&body);
            c.ops
        })
        .collect();
    Ok(assemble(report, fonts, &pages))
}

fn assemble(report: &Report, fonts: &[Metrics; 2], pages: &[String]) -> Vec<u8> {
    let mut out: Vec<u8> = Vec::new();
    let mut offsets: Vec<usize> = Vec::new();
    out.extend_from_slice(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n");
    // Object numbers: 1 catalog, 2 pages, 3 info, 4..=9 fonts, then page + content pairs.
    let first_page = 10usize;
    let obj = |out: &mut Vec<u8>, offsets: &mut Vec<usize>, body: &[u8]| {
        offsets.push(out.len());
        let n = offsets.len();
        out.extend_from_slice(format!("{n} 0 obj\n").as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    };
    let kids: Vec<String> = (0..pages.len())
        .map(|i| format!("{} 0 R", first_page + 2 * i))
        .collect();
    obj(&mut out, &mut offsets, b"<< /Type /Catalog /Pages 2 0 R >>");
    obj(
        &mut out,
        &mut offsets,
        format!(
            "<< /Type /Pages /Kids [{}] /Count {} >>",
            kids.join(" "),
            pages.len()
        )
        .as_bytes(),
    );
    let created = Timestamp::from_millisecond(report.generated_ms)
        .unwrap_or(Timestamp::UNIX_EPOCH)
        .strftime("D:%Y%m%d%H%M%SZ")
        .to_string();
    obj(
        &mut out,
        &mut offsets,
        format!(
            "<< /Title {} /Producer (ems) /Creator (ems report) /CreationDate ({created}) >>",
            pdf_string(&format!("{} - {}", report.title, report.site))
        )
        .as_bytes(),
    );
    for (i, m) in fonts.iter().enumerate() {
        let base = 4 + 3 * i;
        let widths: Vec<String> = m.widths.iter().map(u16::to_string).collect();
        obj(
            &mut out,
            &mut offsets,
            format!(
                "<< /Type /Font /Subtype /TrueType /BaseFont /{} /FirstChar 32 /LastChar 255 /Widths [{}] /Encoding /WinAnsiEncoding /FontDescriptor {} 0 R >>",
                m.name,
                widths.join(" "),
                base + 1
            )
            .as_bytes(),
        );
        obj(
            &mut out,
            &mut offsets,
            format!(
                "<< /Type /FontDescriptor /FontName /{} /Flags 32 /FontBBox [{} {} {} {}] /ItalicAngle 0 /Ascent {} /Descent {} /CapHeight {} /StemV {} /FontFile2 {} 0 R >>",
                m.name, m.bbox[0], m.bbox[1], m.bbox[2], m.bbox[3], m.ascent, m.descent, m.cap_height,
                if i == 0 { 80 } else { 140 },
                base + 2
            )
            .as_bytes(),
        );
        let mut body = format!(
            "<< /Length {} /Length1 {} /Filter /FlateDecode >>\nstream\n",
            m.compressed.len(),
            m.data.len()
        )
        .into_bytes();
        body.extend_from_slice(&m.compressed);
        body.extend_from_slice(b"\nendstream");
        obj(&mut out, &mut offsets, &body);
    }
    for (i, p) in pages.iter().enumerate() {
        let content = first_page + 2 * i + 1;
        obj(
            &mut out,
            &mut offsets,
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_W} {PAGE_H}] /Resources << /Font << /F1 4 0 R /F2 7 0 R >> >> /Contents {content} 0 R >>"
            )
            .as_bytes(),
        );
        let z = miniz_oxide::deflate::compress_to_vec_zlib(p.as_bytes(), 6);
        let mut body =
            format!("<< /Length {} /Filter /FlateDecode >>\nstream\n", z.len()).into_bytes();
        body.extend_from_slice(&z);
        body.extend_from_slice(b"\nendstream");
        obj(&mut out, &mut offsets, &body);
    }
    let xref = out.len();
    let mut x = format!("xref\n0 {}\n0000000000 65535 f \n", offsets.len() + 1);
    for o in &offsets {
        let _ = writeln!(x, "{o:010} 00000 n ");
    }
    let _ = write!(
        x,
        "trailer\n<< /Size {} /Root 1 0 R /Info 3 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        offsets.len() + 1
    );
    out.extend_from_slice(x.as_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_by_thousands() {
        assert_eq!(grouped(1234567.891, 2), "1,234,567.89");
        assert_eq!(grouped(-1234.5, 1), "-1,234.5");
        assert_eq!(grouped(12.0, 0), "12");
        assert_eq!(grouped(-0.001, 2), "0.00");
    }

    #[test]
    fn strings_are_winansi_and_escaped() {
        assert_eq!(pdf_string("a(b)\\"), "(a\\(b\\)\\\\)");
        assert_eq!(pdf_string("1–2"), "(1\\2262)");
    }
}
