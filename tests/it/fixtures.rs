//! Runs the shared golden fixtures in `tests/fixtures/` (the Python and JS suites run the
//! same files).

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
use fupin::household::{Household, IdNumber};
use fupin::plan::Targets;
use fupin::region::RegionCode;
use serde_json::Value;

fn dir() -> PathBuf {
    FsPath::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn load(path: &FsPath) -> Value {
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

fn date(v: Option<&Value>) -> NaiveDate {
    v.and_then(Value::as_str)
        .unwrap_or("2020-06-30")
        .parse()
        .unwrap()
}

fn household_files(prefix: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir().join("households"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(prefix) && n.ends_with(".json"))
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no {prefix} fixtures");
    files
}

#[test]
fn valid_households_read_validate_and_round_trip() {
    for file in household_files("valid_") {
        let case = load(&file);
        let input = case["input"].clone();
        let h = Household::from_value(input.clone())
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let issues = h.validate_at(date(case.get("today")));
        assert!(issues.is_empty(), "{}: {issues}", file.display());
        // serde round trip is lossless
        let json = serde_json::to_value(&h).unwrap();
        let back = Household::from_value(json.clone()).unwrap();
        assert_eq!(back, h, "{}", file.display());
        // personal data never shows in Debug
        let debug = format!("{h:?}");
        for m in &h.members {
            assert!(!debug.contains(m.name.reveal()), "{}", file.display());
            if let Some(id) = &m.id_number {
                assert!(!debug.contains(id.reveal()), "{}", file.display());
            }
        }
    }
}

#[test]
fn invalid_households_report_exactly_the_expected_issues() {
    for file in household_files("invalid_") {
        let case = load(&file);
        let today = date(case.get("today"));
        let issues = match Household::from_value(case["input"].clone()) {
            Ok(h) => h.validate_at(today),
            Err(e) => e.issues(),
        };
        let got: Vec<(String, String)> = issues
            .iter()
            .map(|i| (i.code.clone(), i.path.to_string()))
            .collect();
        let want: Vec<(String, String)> = case["expected"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["code"].as_str().unwrap().to_owned(),
                    e["path"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        assert_eq!(got, want, "{}: {issues}", file.display());
        // no raw id number or name of the input appears in any message
        let text = issues.to_string();
        for m in case["input"]["members"].as_array().unwrap() {
            if let Some(id) = m.get("id_number").and_then(Value::as_str) {
                assert!(!text.contains(id), "{}: leaks {id}", file.display());
            }
            if let Some(name) = m.get("name").and_then(Value::as_str) {
                assert!(!text.contains(name), "{}: leaks a name", file.display());
            }
        }
    }
}

#[test]
fn region_codes() {
    let case = load(&dir().join("codes.json"));
    for v in case["valid"].as_array().unwrap() {
        let input = v["input"].as_str().unwrap();
        let code = RegionCode::parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
        assert_eq!(
            code.to_string(),
            v["statistical"].as_str().unwrap(),
            "{input}"
        );
        assert_eq!(code.gb2260(), v["gb2260"].as_str().unwrap(), "{input}");
        assert_eq!(
            code.level().as_str(),
            v["level"].as_str().unwrap(),
            "{input}"
        );
        assert_eq!(
            code.parent().map(|p| p.to_string()),
            v["parent"].as_str().map(str::to_owned),
            "{input}"
        );
        if let Some(kind) = v.get("township_kind") {
            assert_eq!(
                serde_json::to_value(code.township_kind()).unwrap(),
                *kind,
                "{input}"
            );
        }
    }
    for v in case["invalid"].as_array().unwrap() {
        let input = v["input"].as_str().unwrap();
        let err = RegionCode::parse(input).unwrap_err();
        assert_eq!(err.code(), v["code"].as_str().unwrap(), "{input}");
        if let Some(seg) = v.get("segment") {
            assert_eq!(
                err.segment().unwrap().as_str(),
                seg.as_str().unwrap(),
                "{input}"
            );
            assert!(err.to_string().contains(seg.as_str().unwrap()), "{err}");
        }
    }
}

#[test]
fn id_numbers() {
    let case = load(&dir().join("id_numbers.json"));
    for v in case["valid"].as_array().unwrap() {
        let input = v["input"].as_str().unwrap();
        let id = IdNumber::parse(input).unwrap();
        // a legacy 15-digit number is kept as the 18 digits it upgrades to
        let eighteen = v.get("eighteen").and_then(Value::as_str);
        assert_eq!(id.reveal(), eighteen.unwrap_or(input));
        assert_eq!(id.was_legacy(), eighteen.is_some(), "{input}");
        assert_eq!(IdNumber::parse(id.reveal()).unwrap(), id);
        assert_eq!(id.to_string(), v["masked"].as_str().unwrap());
        assert_eq!(
            id.birth_date().to_string(),
            v["birth_date"].as_str().unwrap()
        );
        assert_eq!(serde_json::to_value(id.sex()).unwrap(), v["sex"]);
        assert_eq!(id.region().gb2260(), v["region"].as_str().unwrap());
    }
    for v in case["invalid"].as_array().unwrap() {
        let input = v["input"].as_str().unwrap();
        let err = IdNumber::parse(input).unwrap_err();
        assert_eq!(err.code(), v["code"].as_str().unwrap(), "{err}");
        assert!(!err.to_string().contains(input));
    }
}

#[test]
fn targets_in_force_and_invalid_target_files() {
    let case = load(&dir().join("targets.json"));
    let builtin = Targets::builtin();
    for v in case["in_force"].as_array().unwrap() {
        let t = builtin.in_force(v["indicator"].as_str().unwrap(), date(v.get("date")));
        match v["revision"].as_u64() {
            None => assert!(t.is_none(), "{v}"),
            Some(rev) => {
                let t = t.unwrap_or_else(|| panic!("nothing in force for {v}"));
                assert_eq!(u64::from(t.revision), rev, "{v}");
                assert_eq!(t.threshold, v["threshold"].as_f64().unwrap(), "{v}");
                assert_eq!(serde_json::to_value(t.comparator).unwrap(), v["comparator"]);
            }
        }
    }
    for v in case["invalid"].as_array().unwrap() {
        let err = Targets::from_json(&v["input"].to_string()).unwrap_err();
        let got: Vec<Value> = err
            .issues()
            .iter()
            .map(|i| serde_json::json!({"code": i.code, "path": i.path.to_string()}))
            .collect();
        assert_eq!(Value::Array(got), v["expected"], "{}", v["description"]);
    }
}
