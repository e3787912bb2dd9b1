//! The register maps in `register-maps/*.toml` are the single source of truth: this test
//! regenerates `src/maps/*.rs` from them and fails when the checked-in code differs.
//! `SCHNEIDER_EM_BLESS=1 cargo test --test register_maps` rewrites the code instead.

mod mapgen;

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
