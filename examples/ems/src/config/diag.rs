//! Configuration errors that point at the file: `file:line:column`, the field, what is wrong
//! and what is allowed, with the offending source line underlined.

use std::fmt;
use std::ops::Range;

/// One problem in a configuration file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file as given.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
    /// The field, e.g. `meter "Grid Incomer": unit` or `bus #2: baud`.
    pub field: String,
    /// What is wrong and what is allowed.
    pub message: String,
    /// The source line, for the excerpt.
    pub source_line: String,
    /// Characters to underline from `column` on (at least 1).
    pub width: usize,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}: {}",
            self.file, self.line, self.column, self.field, self.message
        )?;
        if !self.source_line.is_empty() {
            let gutter = self.line.to_string().len();
            write!(
                f,
                "\n {:>gutter$} | {}\n {:>gutter$} | {}{}",
                self.line,
                self.source_line,
                "",
                " ".repeat(self.column.saturating_sub(1)),
                "^".repeat(self.width.max(1)),
            )?;
        }
        Ok(())
    }
}

/// Why a configuration could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("cannot read {file}")]
    Io {
        /// The file as given.
        file: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not a valid configuration; every problem found is listed.
    #[error("{}", list(.0))]
    Invalid(Vec<Diagnostic>),
}

impl ConfigError {
    /// The problems found (empty for an I/O error).
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            ConfigError::Io { .. } => &[],
            ConfigError::Invalid(d) => d,
        }
    }
}

fn list(d: &[Diagnostic]) -> String {
    let mut s = String::new();
    for (i, d) in d.iter().enumerate() {
        if i > 0 {
            s.push('\n');
        }
        s.push_str(&d.to_string());
    }
    if d.len() > 1 {
        s.push_str(&format!("\n{} problems in the configuration", d.len()));
    }
    s
}

/// A source text and its name, turning byte spans into line and column.
pub(crate) struct Source<'a> {
    pub name: &'a str,
    pub text: &'a str,
}

impl Source<'_> {
    pub fn diagnostic(&self, span: Range<usize>, field: String, message: String) -> Diagnostic {
        let start = floor_char(self.text, span.start.min(self.text.len()));
        let line_start = self.text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = self.text[start..]
            .find('\n')
            .map_or(self.text.len(), |i| start + i);
        let line = self.text[..start].matches('\n').count() + 1;
        let column = self.text[line_start..start].chars().count() + 1;
        let end = floor_char(self.text, span.end.clamp(start, line_end));
        let width = self.text[start..end].chars().count();
        Diagnostic {
            file: self.name.to_string(),
            line,
            column,
            field,
            message,
            source_line: self.text[line_start..line_end].trim_end().to_string(),
            width,
        }
    }

    /// The field at a byte offset, for serde errors that carry only a span: the enclosing
    /// table (`meter #3`, `poll.fast`, `storage`) and the key on that line.
    pub fn field_at(&self, offset: usize) -> String {
        let (table, key) = self.table_and_key_at(offset);
        match (table.is_empty(), key) {
            (true, Some(k)) => k,
            (true, None) => "(top level)".into(),
            (false, Some(k)) => format!("{table}: {k}"),
            (false, None) => table,
        }
    }

    /// The field a serde error is about: for "missing field `x`" the enclosing table and `x`
    /// (the span covers the table, not a key), otherwise [`Source::field_at`].
    pub fn field_of_error(&self, offset: usize, message: &str) -> String {
        if let Some(rest) = message.strip_prefix("missing field `") {
            if let Some(name) = rest.split('`').next() {
                let (table, _) = self.table_and_key_at(offset);
                return if table.is_empty() {
                    name.to_string()
                } else {
                    format!("{table}: {name}")
                };
            }
        }
        self.field_at(offset)
    }

    fn table_and_key_at(&self, offset: usize) -> (String, Option<String>) {
        let offset = floor_char(self.text, offset.min(self.text.len()));
        let before = &self.text[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let line_end = self.text[offset..]
            .find('\n')
            .map_or(self.text.len(), |i| offset + i);
        let line = self.text[line_start..line_end].trim();
        let key = if line.starts_with('[') {
            None
        } else {
            line.split_once('=')
                .map(|(k, _)| k.trim().trim_matches('"').to_string())
        };
        // The last table header at or before this line.
        let mut table = String::new();
        let mut counts: std::collections::HashMap<String, usize> = Default::default();
        for l in self.text[..line_end].lines() {
            let t = l.trim();
            if let Some(rest) = t.strip_prefix("[[") {
                let name = rest.split("]]").next().unwrap_or("").trim().to_string();
                let n = counts.entry(name.clone()).or_default();
                *n += 1;
                table = format!("{name} #{n}");
            } else if let Some(rest) = t.strip_prefix('[') {
                table = rest.split(']').next().unwrap_or("").trim().to_string();
            }
        }
        (table, key)
    }
}

fn floor_char(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}
