//! The register maps in `register-maps/*.toml` are the single source of truth: this test
//! regenerates `src/maps/*.rs` from them and fails when the checked-in code differs.
//! `SCHNEIDER_EM_BLESS=1 cargo test --test register_maps` rewrites the code instead.

mod mapgen;
mod reference;

use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn generated_code_matches_register_maps() {
    let bless = std::env::var_os("SCHNEIDER_EM_BLESS").is_some();
    let mut drift = Vec::new();
    for model in mapgen::MODELS {
        let file = format!("{model}.toml");
        let text = std::fs::read_to_string(root().join("register-maps").join(&file)).unwrap();
        let (map, regs) = match mapgen::load(&file, &text) {
            Ok(x) => x,
            Err(errs) => panic!("{file} is invalid:\n  {}", errs.join("\n  ")),
        };
        let code = mapgen::render(&file, &map, &regs);
        let path = root().join("src/maps").join(format!("{model}.rs"));
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        if current != code {
            if bless {
                std::fs::write(&path, &code).unwrap();
            } else {
                drift.push(path.display().to_string());
            }
        }
    }
    assert!(
        drift.is_empty(),
        "generated code is stale: {drift:?}\nrun `SCHNEIDER_EM_BLESS=1 cargo test --test register_maps`"
    );
}

/// The TOML maps agree with the reference CSV tables they were made from (register, words,
/// type, unit, access): an independent record of the manufacturer's list. Fails when the
/// shared reference folder is missing (see `tests/reference`), unless the run opts out with
/// `SCHNEIDER_EM_NO_REFERENCE=1`.
#[test]
fn maps_agree_with_the_reference_tables() {
    let Some(dir) = reference::tables_dir("maps_agree_with_the_reference_tables") else {
        return;
    };
    for model in mapgen::MODELS {
        let csv = std::fs::read_to_string(dir.join(format!("{model}.csv"))).unwrap();
        let file = format!("{model}.toml");
        let text = std::fs::read_to_string(root().join("register-maps").join(&file)).unwrap();
        let (_, regs) = mapgen::load(&file, &text).unwrap();
        let mut rows = 0;
        for line in reference::csv_rows(&csv).into_iter().skip(1) {
            rows += 1;
            let number: u16 = line[1].parse().unwrap();
            let wire: u16 = line[2].parse().unwrap();
            assert_eq!(wire, number - 1, "{model} {number}: CSV wire address");
            let reg = regs
                .iter()
                .find(|c| c.reg.number == number)
                .unwrap_or_else(|| {
                    panic!("{model}: register {number} of the reference is missing")
                });
            let words: u16 = line[4].parse().unwrap();
            assert_eq!(reg.words, words, "{model} {number}: words");
            let ty = line[3].as_str();
            let want = [
                ("4Q_FP_PF", "pf4q"),
                ("FLOAT32", "float32"),
                ("INT64U", "u64"),
                ("INT64", "i64"),
                ("INT32U", "u32"),
                ("INT32", "i32"),
                ("INT16U", "u16"),
                ("INT16", "i16"),
                ("UTF8", "utf8"),
                ("DATETIME", "datetime"),
                ("BITMAP", "bitmap"),
            ]
            .iter()
            .find(|(k, _)| ty.contains(k))
            .map(|(_, v)| *v)
            .unwrap();
            // The EM1220H rows note that the PMC list encodes these power factors as 4Q_FP_PF.
            let want = if line[0].contains("4Q_FP_PF") {
                "pf4q"
            } else {
                want
            };
            assert_eq!(reg.ty.name(), want, "{model} {number}: type");
            let unit = match line[5].as_str() {
                "VAR" => "var",
                "kVAR" => "kvar",
                "VARh" => "varh",
                "kVARh" => "kvarh",
                "seconds" => "s",
                "minutes" => "min",
                "msec" => "ms",
                // Calendar fields and mixed units carry no physical unit in the map.
                "DATETIME" | "year" | "month" | "days" | "hours" | "kWh, kVAh, kVAh" => "",
                other => other,
            };
            if !(reg.reg.unit == "count" && unit.is_empty()) {
                assert_eq!(reg.reg.unit, unit, "{model} {number}: unit");
            }
            assert_eq!(reg.reg.access, line[7], "{model} {number}: access");
            assert_eq!(reg.reg.confidence, line[9], "{model} {number}: confidence");
        }
        assert_eq!(rows, regs.len(), "{model}: register count");
    }
}

fn header() -> String {
    r#"
[meta]
model = "em1200"
title = "t"
document = "d"
revision = "r"
column = "c"
confidence = "L"
notes = "n"
[sources]
s = "a source"
[protocol]
address_base = 1
read_function = 3
max_registers_per_read = 60
undocumented = "never-read"
not_available = "sentinel"
[word_order]
float32 = "high-word-first"
int32 = "high-word-first"
int64 = "high-word-first"
[serial]
unit_id = 1
baud = 9600
parity = "even"
stop_bits = 1
"#
    .to_string()
}

fn reg(number: u16, name: &str, ty: &str, extra: &str) -> String {
    format!(
        "[[register]]\nnumber = {number}\nname = \"{name}\"\ntype = \"{ty}\"\nunit = \"\"\naccess = \"R\"\ngroup = \"instantaneous\"\ndescription = \"x\"\nconfidence = \"L\"\nsource = \"s\"\n{extra}\n"
    )
}

fn errors_of(body: &str) -> String {
    match mapgen::load("em1200.toml", &(header() + body)) {
        Ok(_) => String::new(),
        Err(e) => e.join("\n"),
    }
}

#[test]
fn validation_reports_readable_errors_for_bad_maps() {
    assert_eq!(errors_of(&reg(3000, "a", "float32", "")), "");
    let cases = [
        (
            reg(3000, "a", "float32", "") + &reg(3001, "b", "u16", ""),
            "overlaps register 3000",
        ),
        (
            reg(3000, "a", "float32", "") + &reg(3002, "a", "u16", ""),
            "name is used twice",
        ),
        (reg(3000, "a", "float33", ""), "unknown type 'float33'"),
        (reg(3000, "a", "float32", "words = 3"), "has 2 words, not 3"),
        (reg(3000, "a", "utf8", ""), "needs `words`"),
        (
            reg(3000, "a", "float32", "quantity = \"current_x\""),
            "unknown quantity 'current_x'",
        ),
        (
            reg(3000, "a", "float32", "quantity = \"current_a\""),
            "unit '' does not convert to the unit of 'current_a'",
        ),
        (
            reg(3000, "a", "float32", "")
                + "[[never_read]]\nfirst = 3001\nlast = 3005\nreason = \"gap\"\n",
            "lies in never-read range 3001-3005",
        ),
        (
            reg(3000, "a", "float32", "")
                + "[[whole_block]]\nfirst = 3001\nlast = 3020\nname = \"b\"\n",
            "straddles the edge of whole block 3001-3020",
        ),
        (reg(0, "a", "u16", ""), "number 0"),
        (reg(3000, "A", "u16", ""), "snake_case"),
    ];
    for (body, want) in cases {
        let errs = errors_of(&body);
        assert!(errs.contains(want), "expected '{want}' in:\n{errs}");
    }
    let bad_header = header().replace(
        "max_registers_per_read = 60",
        "max_registers_per_read = 126",
    );
    let errs = mapgen::load("em1200.toml", &bad_header)
        .unwrap_err()
        .join("\n");
    assert!(errs.contains("outside 1-125"), "{errs}");
    let errs = mapgen::load("em1200.toml", "[meta]\nmodel = 1")
        .unwrap_err()
        .join("\n");
    assert!(errs.contains("not a valid map file"), "{errs}");
}
