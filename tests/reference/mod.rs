//! The shared reference tables: `register-maps/*.csv` of the project's reference folder, an
//! independent record of the manufacturer's register lists that tests check the TOML maps and
//! the simulator against.
//!
//! The folder is looked for at `$SCHNEIDER_EM_REFERENCE` if set, else at `../shared/reference`
//! beside the repository (as in CI). A missing folder fails the test that needs it, loudly; a
//! run without the folder must say so with `SCHNEIDER_EM_NO_REFERENCE=1`.

#![allow(dead_code)]

use std::path::PathBuf;

/// The directory holding `em6400ng.csv`, `em6400.csv` and `em1200.csv`; `None` only when the
/// caller opted out with `SCHNEIDER_EM_NO_REFERENCE=1`. Panics, saying where it looked and how
/// to provide the tables, when they are missing.
pub fn tables_dir(test: &str) -> Option<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let base = match std::env::var_os("SCHNEIDER_EM_REFERENCE") {
        Some(p) => PathBuf::from(p),
        None => root.join("../shared/reference"),
    };
    let dir = base.join("register-maps");
    if dir.join("em6400ng.csv").is_file() {
        return Some(dir);
    }
    if std::env::var_os("SCHNEIDER_EM_NO_REFERENCE").is_some_and(|v| v == "1") {
        eprintln!(
            "{test}: NOT CHECKED against the reference tables: SCHNEIDER_EM_NO_REFERENCE=1 \
             (they were not found at {})",
            dir.display()
        );
        return None;
    }
    panic!(
        "{test}: the reference register tables are missing: looked for {}/em6400ng.csv \
         (the repository root is {}).\n\
         Provide them: check the project's shared reference folder out beside the repository \
         as ../shared/reference, or point SCHNEIDER_EM_REFERENCE at a folder holding \
         register-maps/*.csv.\n\
         To run without this check, say so explicitly: SCHNEIDER_EM_NO_REFERENCE=1.",
        dir.display(),
        root.display()
    )
}

/// One row of a reference table.
#[derive(Clone, Debug)]
pub struct Row {
    /// Group and quantity name as the source prints it.
    pub name: String,
    /// The documented, 1-based register number.
    pub register: u16,
    /// The wire (PDU) address the table gives.
    pub wire: u16,
    /// Type, with the word order in brackets where the source states or assumes one.
    pub ty: String,
    /// 16-bit registers.
    pub words: u16,
    /// Unit as printed ("kW", "V", "Wh", …), empty where none.
    pub unit: String,
    /// The raw fields, for checks that need the other columns.
    pub fields: Vec<String>,
}

/// The rows of `<model>.csv` (without the header), or `None` after an explicit opt-out.
pub fn table(test: &str, model: &str) -> Option<Vec<Row>> {
    let dir = tables_dir(test)?;
    let path = dir.join(format!("{model}.csv"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{test}: cannot read {}: {e}", path.display()));
    let rows = csv_rows(&text);
    assert_eq!(
        rows[0][..6],
        ["name", "register", "wire_address", "type", "words", "unit"],
        "{}: unexpected header",
        path.display()
    );
    Some(
        rows.into_iter()
            .skip(1)
            .map(|f| Row {
                name: f[0].clone(),
                register: f[1].parse().unwrap(),
                wire: f[2].parse().unwrap(),
                ty: f[3].clone(),
                words: f[4].parse().unwrap(),
                unit: f[5].clone(),
                fields: f,
            })
            .collect(),
    )
}

/// Minimal CSV reader (quoted fields with commas and doubled quotes).
pub fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let mut fields = Vec::new();
        let mut cur = String::new();
        let mut quoted = false;
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, quoted) {
                ('"', true) if chars.peek() == Some(&'"') => {
                    cur.push('"');
                    chars.next();
                }
                ('"', _) => quoted = !quoted,
                (',', false) => fields.push(std::mem::take(&mut cur)),
                (c, _) => cur.push(c),
            }
        }
        fields.push(cur);
        rows.push(fields);
    }
    rows
}
