//! Runs the shared golden fixtures of `tests/fixtures/pairing/` (the Python and JS suites
//! run the same files): reading and rule violations with their codes and paths, coverage
//! reports, suggestions and assignments.

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
use fupin::pairing::{CoverageRules, Instance, PairingBook, SuggestOptions};
use fupin::region::Designations;
use serde_json::{Value, json};

fn dir() -> PathBuf {
    FsPath::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/pairing")
}

fn load(name: &str) -> Value {
    let path = dir().join(name);
    serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap()
}

fn files(prefix: &str) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with(prefix) && n.ends_with(".json"))
        .collect();
    names.sort();
    assert!(!names.is_empty(), "no {prefix} fixtures");
    names
}

/// `case[key]`, or the same key of the sibling file named by `case[key + "_from"]`.
fn part(case: &Value, key: &str) -> Value {
    match case.get(format!("{key}_from")).and_then(Value::as_str) {
        Some(file) => load(file)[key].clone(),
        None => case[key].clone(),
    }
}

fn designations(case: &Value) -> Designations {
    Designations::new(serde_json::from_value(part(case, "designations")).unwrap()).unwrap()
}

fn date(case: &Value) -> NaiveDate {
    case["as_of"].as_str().unwrap().parse().unwrap()
}

fn code_path(v: &Value) -> (String, String) {
    (
        v["code"].as_str().unwrap().to_owned(),
        v["path"].as_str().unwrap().to_owned(),
    )
}

#[test]
fn invalid_books_report_exactly_the_expected_issues() {
    for name in files("invalid_") {
        let case = load(&name);
        let issues = match PairingBook::from_value(part(&case, "input")) {
            Ok(book) => book.validate(&designations(&case)),
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
            .map(code_path)
            .collect();
        assert_eq!(got, want, "{name}: {issues}");
        for issue in &issues {
            let m = &issue.message;
            assert!(!m.ends_with('.'), "{name}: {m}");
            assert!(!m.starts_with(|c: char| c.is_uppercase()), "{name}: {m}");
        }
    }
}

#[test]
fn valid_books_pass_and_round_trip() {
    for name in files("valid_") {
        let case = load(&name);
        let book = PairingBook::from_value(part(&case, "input")).unwrap();
        let issues = book.validate(&designations(&case));
        assert!(issues.is_empty(), "{name}: {issues}");
        let back = PairingBook::from_value(serde_json::to_value(&book).unwrap()).unwrap();
        assert_eq!(back, book, "{name}");
    }
}

#[test]
fn coverage_reports_match() {
    for name in files("coverage_") {
        let case = load(&name);
        let book = PairingBook::from_value(part(&case, "input")).unwrap();
        let rules: CoverageRules = serde_json::from_value(part(&case, "rules")).unwrap();
        let report = book.coverage(&designations(&case), &rules, date(&case));
        let want = &case["expected"];
        let issues: Vec<Value> = report
            .issues
            .iter()
            .map(|i| json!({"code": i.code, "path": i.path.to_string(), "region": i.params["region"]}))
            .collect();
        assert_eq!(Value::from(issues), want["issues"], "{name}");
        let report = serde_json::to_value(&report).unwrap();
        let pick = |list: &Value, like: &Value| -> Value {
            // keep only the keys the fixture names, in the report's order
            Value::from(
                list.as_array()
                    .unwrap()
                    .iter()
                    .map(|item| {
                        let keys = like[0].as_object().unwrap().keys();
                        Value::from(
                            keys.map(|k| (k.clone(), item[k].clone()))
                                .collect::<serde_json::Map<_, _>>(),
                        )
                    })
                    .collect::<Vec<_>>(),
            )
        };
        for key in ["recipients", "areas", "helpers"] {
            assert_eq!(pick(&report[key], &want[key]), want[key], "{name}: {key}");
        }
        assert_eq!(
            report["areas"][0]["domains"], want["nation_domains"],
            "{name}"
        );
        assert_eq!(report["no_longer_poor"], want["no_longer_poor"], "{name}");
    }
}

#[test]
fn suggestions_match() {
    for name in files("suggest_") {
        let case = load(&name);
        let book = PairingBook::from_value(part(&case, "input")).unwrap();
        let rules: CoverageRules = serde_json::from_value(part(&case, "rules")).unwrap();
        let options: SuggestOptions = serde_json::from_value(case["options"].clone()).unwrap();
        let plan = book
            .suggest(&designations(&case), &rules, date(&case), &options)
            .unwrap();
        let plan = serde_json::to_value(&plan).unwrap();
        let want = &case["expected"];
        let keep = |list: &Value, keys: &[&str]| -> Vec<Value> {
            list.as_array()
                .unwrap()
                .iter()
                .map(|x| {
                    Value::from(
                        keys.iter()
                            .map(|k| ((*k).to_owned(), x[*k].clone()))
                            .collect::<serde_json::Map<_, _>>(),
                    )
                })
                .collect()
        };
        let s_keys = [
            "recipient",
            "helper",
            "priority",
            "priority_source",
            "matched_domains",
        ];
        assert_eq!(
            keep(&plan["suggestions"], &s_keys),
            keep(&want["suggestions"], &s_keys),
            "{name}"
        );
        let u_keys = ["recipient", "missing", "reason"];
        assert_eq!(
            keep(&plan["unfilled"], &u_keys),
            keep(&want["unfilled"], &u_keys),
            "{name}"
        );
        assert_eq!(plan["score"], want["score"], "{name}");
    }
}

#[test]
fn assignments_match() {
    for name in files("solve_") {
        let case = load(&name);
        let instance: Instance = serde_json::from_value(case["instance"].clone()).unwrap();
        let got = serde_json::to_value(instance.solve().unwrap()).unwrap();
        assert_eq!(got, case["expected"], "{name}");
    }
}
