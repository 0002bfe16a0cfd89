//! The shared exit fixtures (`tests/fixtures/exit/`, run by the Rust, Python and JS suites
//! too) through the command: `fupin exit` for households, `fupin assess` with unit tables
//! (the county table with the special evaluation's survey columns) and `--exit-rules` for
//! villages and counties. The command gives the same verdicts as the libraries.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code"
)]

use crate::common::{fupin, json, tmp};

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::Value;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/exit")
}

fn files(prefix: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy();
            n.starts_with(prefix) && n.ends_with(".json")
        })
        .collect();
    v.sort();
    assert!(!v.is_empty());
    v
}

fn check(got: &Value, want: &Value, name: &str) {
    assert_eq!(got["status"], want["status"], "{name}: {got:#}");
    let have = got["criteria"].as_array().unwrap();
    let crits = want["criteria"].as_array().unwrap();
    assert_eq!(
        have.iter().map(|c| &c["key"]).collect::<Vec<_>>(),
        crits.iter().map(|c| &c["key"]).collect::<Vec<_>>(),
        "{name}"
    );
    for (h, w) in have.iter().zip(crits) {
        for k in ["passed", "numerator", "denominator"] {
            if let Some(x) = w.get(k) {
                assert_eq!(&h[k], x, "{name}: {} {k}", w["key"]);
            }
        }
    }
    if let Some(line) = want.get("line").and_then(Value::as_object) {
        for (k, v) in line {
            assert_eq!(&got["line"][k], v, "{name}: line.{k}");
        }
    }
}

#[test]
fn household_fixtures_through_fupin_exit() {
    for path in files("household_") {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let case: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let dir = tmp(&name.replace(".json", ""));
        std::fs::write(dir.join("h.jsonl"), case["input"].to_string()).unwrap();
        let mut args = vec![
            "exit".to_owned(),
            "h.jsonl".to_owned(),
            "--as-of".to_owned(),
            case["as_of"].as_str().unwrap().to_owned(),
            "--format".to_owned(),
            "json".to_owned(),
        ];
        let lines = &case["lines"];
        if let Some(p) = lines.get("provincial") {
            std::fs::write(dir.join("standards.json"), p.to_string()).unwrap();
            args.extend(["--standards".to_owned(), "standards.json".to_owned()]);
        }
        if let Some(c) = lines.get("choice").and_then(Value::as_str) {
            args.extend(["--line".to_owned(), c.replace('_', "-")]);
        }
        if let Some(s) = lines.get("stability").and_then(Value::as_str) {
            args.extend(["--stability".to_owned(), s.replace('_', "-")]);
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = fupin(&args, &dir);
        if let Some(rejected) = case.get("rejected") {
            // a record that breaks a rule gets its problems (under its row), not a verdict,
            // and the command ends with status 1 (rows rejected)
            assert_eq!(out.status.code(), Some(1), "{name}");
            let report: Value = serde_json::from_slice(&out.stdout).unwrap();
            assert_eq!(report["files"][0]["judged"], 0, "{name}");
            assert_eq!(report["files"][0]["rejected"], 1, "{name}");
            let issues: Vec<Value> = report["files"][0]["issues"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| {
                    let path = i["path"].as_str().unwrap().strip_prefix("[1].").unwrap();
                    serde_json::json!({"code": i["code"], "path": path})
                })
                .collect();
            assert_eq!(&Value::from(issues), rejected, "{name}");
            continue;
        }
        let report = json(&out);
        assert_eq!(report["files"][0]["judged"], 1, "{name}");
        check(&report["verdicts"][0], &case["expected"], &name);
    }
}

#[test]
fn unit_fixtures_through_fupin_assess() {
    for path in files("units_") {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let case: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let dir = tmp(&name.replace(".json", ""));
        let mut households = String::from("village,people,status\n");
        for h in case["households"].as_array().unwrap() {
            writeln!(
                households,
                "{},{},{}",
                h["village"].as_str().unwrap(),
                h["members"].as_array().unwrap().len(),
                h["status"].as_str().unwrap()
            )
            .unwrap();
        }
        std::fs::write(dir.join("households.csv"), households).unwrap();
        let mut villages = String::from("village,poor_village,rural_population\n");
        for v in case["units"]["villages"].as_array().unwrap() {
            writeln!(
                villages,
                "{},{},{}",
                v["code"].as_str().unwrap(),
                v["poor_village"],
                v["rural_population"]
            )
            .unwrap();
        }
        std::fs::write(dir.join("villages.csv"), villages).unwrap();
        let survey = [
            "sampled_exited",
            "wrongly_exited",
            "sampled_non_registered",
            "missed",
            "wrongly_exited_people",
            "missed_people",
            "surveyed_households",
            "approving_households",
        ];
        let mut counties = format!("county,poor_county,{}\n", survey.join(","));
        for c in case["units"]["counties"].as_array().unwrap() {
            let s = &c["survey"];
            let cells: Vec<String> = survey
                .iter()
                .map(|k| s.get(k).map_or_else(String::new, ToString::to_string))
                .collect();
            writeln!(
                counties,
                "{},{},{}",
                c["code"].as_str().unwrap(),
                c["poor_county"],
                cells.join(",")
            )
            .unwrap();
        }
        std::fs::write(dir.join("counties.csv"), counties).unwrap();
        let mut args = vec![
            "assess",
            "households.csv",
            "--villages",
            "villages.csv",
            "--counties",
            "counties.csv",
            "--as-of",
            case["as_of"].as_str().unwrap(),
            "--level",
            "village",
            "--format",
            "json",
        ];
        if let Some(rules) = case.get("rules") {
            std::fs::write(dir.join("rules.json"), rules.to_string()).unwrap();
            args.extend(["--exit-rules", "rules.json"]);
        }
        let report = json(&fupin(&args, &dir));
        assert_eq!(report["rejected"], 0, "{name}: {report:#}");
        let exits = report["exits"].as_array().unwrap();
        let want = case["expected"].as_array().unwrap();
        assert_eq!(exits.len(), want.len(), "{name}: {exits:#?}");
        for w in want {
            let got = exits.iter().find(|e| e["unit"] == w["unit"]).unwrap();
            check(got, w, &name);
        }
    }
}

#[test]
fn the_rules_command_prints_the_table_with_its_sources() {
    let out = fupin(&["rules"], &std::env::temp_dir());
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("| county | `wrongful_exit_rate` 错退率 | ≤ 2% |"),
        "{text}"
    );
    assert!(text.contains("国开办发〔2017〕56号"));
    assert!(text.contains("| 2019 | 3218.00 |"), "{text}");
}

#[test]
fn a_record_that_cannot_be_read_is_reported_with_its_row() {
    let dir = tmp("bad");
    std::fs::write(dir.join("h.jsonl"), "{\"file_number\": \"1\"}\nnot json\n").unwrap();
    let out = fupin(
        &[
            "exit",
            "h.jsonl",
            "--as-of",
            "2020-06-30",
            "--format",
            "json",
        ],
        &dir,
    );
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = &report["files"][0];
    assert_eq!(
        (
            f["rows"].as_u64(),
            f["judged"].as_u64(),
            f["rejected"].as_u64()
        ),
        (Some(2), Some(0), Some(2))
    );
    let paths: Vec<&str> = f["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["path"].as_str().unwrap())
        .collect();
    assert!(
        paths.iter().any(|p| p.starts_with("[1]")) && paths.contains(&"[2]"),
        "{paths:?}"
    );
    let out = fupin(
        &[
            "exit",
            "h.jsonl",
            "--as-of",
            "2020-06-30",
            "--line",
            "provincial",
        ],
        &dir,
    );
    assert!(
        !out.status.success(),
        "provincial without --standards is a usage error"
    );
}

#[test]
fn a_household_given_twice_is_judged_once_in_a_file_and_across_files() {
    // the shared fixture's first household, then again in the same file and in a second
    // file: one verdict, the others rejected rows naming the first (as `validate` and
    // `assess` find them); `validate`'s rejected rows of the fixture are rejected here too
    let dir = tmp("twice");
    let case: Value = serde_json::from_str(
        &std::fs::read_to_string(fixtures().join("household_line_2013.json")).unwrap(),
    )
    .unwrap();
    let h = case["input"].to_string();
    std::fs::write(dir.join("a.jsonl"), format!("{h}\n{h}\n")).unwrap();
    std::fs::write(dir.join("b.jsonl"), format!("{h}\n")).unwrap();
    let out = fupin(
        &[
            "exit",
            "a.jsonl",
            "b.jsonl",
            "--as-of",
            "2013-12-31",
            "--format",
            "json",
        ],
        &dir,
    );
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["verdicts"].as_array().unwrap().len(), 1);
    assert_eq!(report["counts"]["eligible"], 1);
    let rejected: Vec<(String, &str, &str)> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| {
            let file = f["file"].as_str().unwrap().to_owned();
            f["issues"].as_array().unwrap().iter().map(move |i| {
                (
                    file.clone(),
                    i["path"].as_str().unwrap(),
                    i["code"].as_str().unwrap(),
                )
            })
        })
        .collect();
    assert_eq!(
        rejected,
        [
            (
                "a.jsonl".to_owned(),
                "[2].file_number",
                "duplicate_household"
            ),
            (
                "b.jsonl".to_owned(),
                "[1].file_number",
                "duplicate_household"
            ),
        ]
    );
    let message = report["files"][1]["issues"][0]["message"].as_str().unwrap();
    assert!(message.contains("a.jsonl row 1"), "{message}");
}

#[test]
fn households_already_exited_are_shown_and_counted_apart_from_the_poor() {
    // the shared fixture's household (poor, eligible), and one like it the register says
    // has already exited: both judged, but only the poor one is "eligible" to exit
    let dir = tmp("already-exited");
    let case: Value = serde_json::from_str(
        &std::fs::read_to_string(fixtures().join("household_line_2013.json")).unwrap(),
    )
    .unwrap();
    let poor = case["input"].clone();
    let mut exited = poor.clone();
    exited["file_number"] = "h4".into();
    exited["status"] = "exited".into();
    exited["members"][0]["name"] = "乙1".into();
    std::fs::write(dir.join("a.jsonl"), format!("{poor}\n{exited}\n")).unwrap();
    let args = ["exit", "a.jsonl", "--as-of", "2013-12-31"];
    let report = json(&fupin(&[&args[..], &["--format", "json"]].concat(), &dir));
    let counts = &report["counts"];
    assert_eq!(
        (
            &counts["eligible"],
            &counts["not_eligible"],
            &counts["undetermined"]
        ),
        (&Value::from(1), &Value::from(0), &Value::from(0)),
        "{report:#}"
    );
    assert_eq!(counts["already_exited"]["eligible"], 1, "{report:#}");
    let statuses: Vec<(&str, &str)> = report["verdicts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["household_status"].as_str().unwrap(),
                v["status"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(statuses, [("poor", "eligible"), ("exited", "eligible")]);
    let out = fupin(&args, &dir);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("poor households (poor, returned, newly poor) 1: eligible 1,"),
        "{text}"
    );
    assert!(text.contains("households already exited 1"), "{text}");
    assert!(
        text.contains("h4 (village 522327100201, already exited): eligible"),
        "{text}"
    );
    let out = fupin(&[&args[..], &["--format", "csv"]].concat(), &dir);
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(
        csv.starts_with("file_number,village,status,household_status,"),
        "{csv}"
    );
    assert!(csv.contains("h4,522327100201,eligible,exited,"), "{csv}");
}

/// Without a line for the year (a provincial standard of another year only) the income
/// criterion has no threshold: empty in CSV, "no line" in the table — never `NaN`.
#[test]
fn no_line_is_no_threshold_not_nan() {
    let dir = tmp("exit-no-line");
    let h = r#"{"file_number": "G1", "village": "522327104201", "identified_year": 2016, "status": "poor", "main_cause": "因病", "income_per_capita": 3500, "members": [{"name": "张三", "relation": "householder", "sex": "male"}]}"#;
    std::fs::write(dir.join("h.jsonl"), format!("{h}\n")).unwrap();
    std::fs::write(
        dir.join("s.csv"),
        "province,year,yuan,source\n520000,2016,3146,example\n",
    )
    .unwrap();
    let args = [
        "exit",
        "h.jsonl",
        "--as-of",
        "2020-06-30",
        "--standards",
        "s.csv",
        "--line",
        "provincial",
        "-q",
    ];
    for format in ["csv", "table"] {
        let out = fupin(&[&args[..], &["--format", format]].concat(), &dir);
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("income_above_line"), "{text}");
        assert!(!text.contains("NaN"), "{format}: {text}");
    }
}

/// A file number that is an ID number (registers keyed by 户主身份证号) is masked in every
/// format of `fupin exit`, as in its messages.
#[test]
fn an_id_number_as_file_number_is_masked_in_every_format() {
    let dir = tmp("exit-id-file-number");
    let h = r#"{"file_number": "522327197003120211", "village": "522327104201", "identified_year": 2016, "status": "poor", "main_cause": "因病", "income_per_capita": 4500, "guarantees": {"food": true, "clothing": true, "compulsory_education": true, "basic_medical": true, "safe_housing": true, "safe_water": true}, "members": [{"name": "张三", "relation": "householder", "sex": "male"}]}"#;
    std::fs::write(dir.join("h.jsonl"), format!("{h}\n")).unwrap();
    for format in ["table", "csv", "json", "html"] {
        let out = fupin(
            &[
                "exit",
                "h.jsonl",
                "--as-of",
                "2020-06-30",
                "-q",
                "--format",
                format,
            ],
            &dir,
        );
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(!text.contains("522327197003120211"), "{format}: {text}");
        assert!(text.contains("5223**********0211"), "{format}: {text}");
    }
}
