//! Runs the shared exit fixtures in `tests/fixtures/exit/` (the Python and JS suites run the
//! same files): boundaries of the exit rules, decided exactly, with the line and the
//! criteria that applied.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failure should stop the test"
)]

use std::fs;
use std::path::{Path as FsPath, PathBuf};

use chrono::NaiveDate;
use fupin::assess::{Assessment, Dataset, ExitRules, ExitVerdict, UnitFacts, household_exit_with};
use fupin::household::Household;
use fupin::plan::HouseholdLines;
use serde_json::{Value, json};

fn files(prefix: &str) -> Vec<PathBuf> {
    let dir = FsPath::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/exit");
    let mut v: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix) && n.ends_with(".json"))
        })
        .collect();
    v.sort();
    assert!(!v.is_empty(), "no {prefix} fixtures");
    v
}

fn load(p: &FsPath) -> Value {
    serde_json::from_str(&fs::read_to_string(p).unwrap()).unwrap()
}

/// The fields of a verdict the fixtures pin: status, and per criterion its key, outcome
/// and (where given) exact parts.
fn check(verdict: &ExitVerdict, want: &Value, name: &str) {
    let got = serde_json::to_value(verdict).unwrap();
    assert_eq!(got["status"], want["status"], "{name}: {got:#}");
    let crits = want["criteria"].as_array().unwrap();
    let have = got["criteria"].as_array().unwrap();
    assert_eq!(
        have.iter().map(|c| c["key"].clone()).collect::<Vec<_>>(),
        crits.iter().map(|c| c["key"].clone()).collect::<Vec<_>>(),
        "{name}: criteria that applied"
    );
    for (h, w) in have.iter().zip(crits) {
        for k in ["passed", "numerator", "denominator"] {
            if let Some(x) = w.get(k) {
                assert_eq!(&h[k], x, "{name}: {} {k}", w["key"]);
            }
        }
    }
    if let Some(sources) = want.get("sources").and_then(Value::as_object) {
        for (key, source) in sources {
            let c = have.iter().find(|c| &c["key"] == key).unwrap();
            assert_eq!(&c["source"], source, "{name}: source of {key}");
        }
    }
    if let Some(line) = want.get("line").and_then(Value::as_object) {
        for (k, v) in line {
            assert_eq!(&got["line"][k], v, "{name}: line.{k}");
        }
    }
}

#[test]
fn unit_exit_fixtures() {
    for path in files("units_") {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let case = load(&path);
        let as_of: NaiveDate = case["as_of"].as_str().unwrap().parse().unwrap();
        let units: UnitFacts = serde_json::from_value(case["units"].clone()).unwrap();
        let mut ds = Dataset::with_units(as_of, units).unwrap();
        let households: Vec<Household> = case["households"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| Household::from_value(h.clone()).unwrap())
            .collect();
        let report = ds.add_households(&households).unwrap();
        assert_eq!(report.accepted, households.len(), "{name}");
        let rules = ExitRules::from_value(case.get("rules").cloned().unwrap_or(json!({}))).unwrap();
        let rollup = ds.roll_up();
        let verdicts = Assessment::new(&rollup, ds.counties())
            .with_rules(rules)
            .exits();
        let want = case["expected"].as_array().unwrap();
        assert_eq!(verdicts.len(), want.len(), "{name}");
        for (v, w) in verdicts.iter().zip(want) {
            assert_eq!(serde_json::to_value(v.unit).unwrap(), w["unit"], "{name}");
            assert_eq!(serde_json::to_value(v.level).unwrap(), w["level"], "{name}");
            check(v, w, &name);
        }
    }
}

#[test]
fn household_exit_fixtures() {
    for path in files("household_") {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let case = load(&path);
        let as_of: NaiveDate = case["as_of"].as_str().unwrap().parse().unwrap();
        let h = Household::from_value(case["input"].clone()).unwrap();
        let lines: HouseholdLines =
            serde_json::from_value(case.get("lines").cloned().unwrap_or(json!({}))).unwrap();
        let got = household_exit_with(&h, &lines, as_of);
        if let Some(rejected) = case.get("rejected") {
            // a record that breaks a rule gets its problems, not a verdict
            let issues = got
                .err()
                .unwrap_or_else(|| panic!("{name}: judged"))
                .issues();
            let codes: Vec<Value> = issues
                .0
                .iter()
                .map(|i| json!({"code": i.code, "path": i.path.to_string()}))
                .collect();
            assert_eq!(&Value::from(codes), rejected, "{name}");
            continue;
        }
        let v = got.unwrap();
        assert_eq!(v.as_of, Some(as_of), "{name}");
        check(&v, &case["expected"], &name);
    }
}

/// `docs/rules.md` is generated from the rule table (`fupin::rules::markdown`), not written
/// by hand: this fails when the two differ. `FUPIN_BLESS=1 cargo test --test it exit_fixtures`
/// writes it anew.
#[test]
fn the_rules_page_is_generated_from_the_table() {
    let path = FsPath::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let want = format!(
        "# Exit rules and their sources\n\n\
         Generated from the rule table of the code (`fupin_core::rules`; `fupin rules` prints \
         it too) by `FUPIN_BLESS=1 cargo test --test it exit_fixtures`: do not edit by hand.\n\n\
         Every verdict takes its comparator, threshold and source from this table; a \
         provincial rule pack may override a threshold for its own units and says so in the \
         verdict. Boundaries: 以上/以下 include the figure itself, so exactly 2% (3% west) and \
         exactly 90% pass; ratios are compared exactly on their numerator and denominator.\n\n{}",
        fupin::rules::markdown()
    );
    if std::env::var_os("FUPIN_BLESS").is_some() {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, &want).unwrap();
    }
    let have = fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/rules.md is out of date: FUPIN_BLESS=1 cargo test --test it exit_fixtures"
    );
}
