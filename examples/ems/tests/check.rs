//! `ems check` end to end: the example plant fits; a broken file fails with its location.

use std::process::Command;

fn ems() -> Command {
    Command::new(env!("CARGO_BIN_EXE_ems"))
}

fn plant() -> String {
    format!("{}/plant.toml", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn check_says_the_example_plant_fits() {
    let out = ems()
        .args(["check", "--config", &plant()])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("79 meters (79 em6400ng)"), "{stdout}");
    assert!(
        stdout.contains("fast every 3 s: 79 meters, 1.72 s per round, 57.3 % of the bus"),
        "{stdout}"
    );
    assert!(
        stdout.contains("bus rs485-a: fast 1.72 s + energy 15.65 s"),
        "{stdout}"
    );
    assert!(stdout.contains("  fits: "), "{stdout}");
}

#[test]
fn check_json_reports_load_and_fit() {
    let out = ems()
        .args(["check", "--config", &plant(), "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["fits"], true);
    assert_eq!(v["site"], "Falta works");
    let bus = &v["buses"][0];
    assert_eq!(bus["name"], "rs485-a");
    assert_eq!(bus["meters"], 79);
    let load = bus["load_percent"].as_f64().unwrap();
    assert!(load > 80.0 && load < 86.0, "{load}");
    let fast = bus["classes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "fast")
        .unwrap();
    assert_eq!(fast["interval_s"], 3.0);
    assert_eq!(fast["plans"][0]["reads"][0]["first_register"], 3060);
    assert_eq!(fast["plans"][0]["reads"][0]["count"], 2);
}

#[test]
fn check_rejects_a_broken_file_with_its_location() {
    let dir = std::env::temp_dir().join(format!("ems-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("bad.toml");
    std::fs::write(
        &file,
        "site = \"T\"\ntimezone = \"UTC\"\n[[bus]]\nname = \"a\"\nport = \"/dev/null\"\n[[meter]]\nname = \"M\"\nbus = \"a\"\nunit = 0\nmodel = \"em6400ng\"\n",
    )
    .unwrap();
    let out = ems()
        .args(["check", "--config", file.to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr
            .contains("bad.toml:9:8: meter \"M\": unit: unit id 0 is out of range; allowed: 1–247"),
        "{stderr}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn check_fails_when_the_classes_do_not_fit() {
    let dir = std::env::temp_dir().join(format!("ems-check-over-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("over.toml");
    let mut text = String::from(
        "site = \"T\"\ntimezone = \"UTC\"\n[[bus]]\nname = \"a\"\nport = \"/dev/null\"\nbaud = 9600\n[poll.fast]\npreset = \"dashboard\"\ninterval = \"1s\"\n",
    );
    for u in 1..=10 {
        text.push_str(&format!(
            "[[meter]]\nname = \"M{u}\"\nbus = \"a\"\nunit = {u}\nmodel = \"em6400ng\"\n"
        ));
    }
    std::fs::write(&file, text).unwrap();
    let out = ems()
        .args(["check", "--config", file.to_str().unwrap()])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stdout.contains("does not fit: the classes need"),
        "{stdout}"
    );
    assert!(stderr.contains("do not fit on bus a"), "{stderr}");
    std::fs::remove_dir_all(&dir).ok();
}
