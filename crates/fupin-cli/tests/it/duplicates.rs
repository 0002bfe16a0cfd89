//! Issue #16: the same household given twice — twice in one file, the same file twice, the
//! same rows as CSV and as JSON Lines, a Parquet register twice — is counted once: the
//! first row counts, every later one is a rejected row (`duplicate_household`) naming
//! where the first one is, counted in the input summary and written to `--rejects`.
//! `validate` reports them in tabular files too.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code"
)]

use std::sync::Arc;

use crate::common::{fupin, json, tmp};
use fupin_arrow::arrow_array::{ArrayRef, Int64Array, RecordBatch, StringArray};
use fupin_arrow::arrow_schema::{DataType, Field, Schema};
use serde_json::Value;

const CSV: &str = "户编号,行政区划代码,家庭人口,贫困户状态\n\
                   S1,522327100201,4,贫困户\n\
                   S2,522327100201,3,已脱贫\n\
                   S3,522327100202,2,贫困户\n";

fn assess(dir: &std::path::Path, files: &[&str]) -> Value {
    let mut args = vec!["assess"];
    args.extend_from_slice(files);
    args.extend_from_slice(&[
        "--format",
        "json",
        "--as-of",
        "2020-06-30",
        "--rejects",
        "r.csv",
    ]);
    json(&fupin(&args, dir))
}

/// (rows, accepted, rejected) of the register.
fn counts(report: &Value) -> (u64, u64, u64) {
    (
        report["rows"].as_u64().unwrap(),
        report["accepted"].as_u64().unwrap(),
        report["rejected"].as_u64().unwrap(),
    )
}

/// The rejects file written.
fn rejects(dir: &std::path::Path) -> String {
    std::fs::read_to_string(dir.join("r.csv")).unwrap()
}

#[test]
fn a_household_twice_in_one_file_counts_once() {
    let dir = tmp("dup-one-file");
    std::fs::write(
        dir.join("h.csv"),
        format!("{CSV}S1,522327100201,4,贫困户\n"),
    )
    .unwrap();
    let report = assess(&dir, &["h.csv"]);
    assert_eq!(counts(&report), (4, 3, 1));
    assert_eq!(report["files"][0]["rejected"], 1);
    let r = rejects(&dir);
    let line = r
        .lines()
        .find(|l| l.contains("duplicate_household"))
        .unwrap_or_else(|| panic!("{r}"));
    assert!(line.starts_with("h.csv,4,"), "{line}");
    assert!(line.contains("already at h.csv row 1"), "{line}");
}

#[test]
fn the_same_file_twice_counts_once() {
    let dir = tmp("dup-same-file");
    std::fs::write(dir.join("h.csv"), CSV).unwrap();
    let report = assess(&dir, &["h.csv", "h.csv"]);
    assert_eq!(counts(&report), (6, 3, 3));
    assert_eq!(report["files"][1]["rejected"], 3);
    assert_eq!(report["files"][1]["accepted"], 0);
    let r = rejects(&dir);
    assert_eq!(r.matches("duplicate_household").count(), 3, "{r}");
    assert!(r.contains("already at h.csv row 3"), "{r}");
}

#[test]
fn the_same_rows_as_csv_and_as_json_lines_count_once() {
    let dir = tmp("dup-csv-jsonl");
    std::fs::write(dir.join("h.csv"), CSV).unwrap();
    std::fs::write(
        dir.join("h.jsonl"),
        "{\"file_number\": \"S2\", \"village\": \"522327100201\", \"people\": 3, \"status\": \"已脱贫\"}\n\
         {\"file_number\": \"S9\", \"village\": \"522327100202\", \"people\": 1, \"status\": \"贫困户\"}\n",
    )
    .unwrap();
    let report = assess(&dir, &["h.csv", "h.jsonl"]);
    assert_eq!(counts(&report), (5, 4, 1));
    let r = rejects(&dir);
    let line = r
        .lines()
        .find(|l| l.contains("duplicate_household"))
        .unwrap_or_else(|| panic!("{r}"));
    assert!(line.starts_with("h.jsonl,1,"), "{line}");
    assert!(line.contains("already at h.csv row 2"), "{line}");
}

fn write_parquet(path: &std::path::Path, rows: usize) {
    let numbers: Vec<String> = (0..rows).map(|i| format!("S{i:07}")).collect();
    let villages: Vec<&str> = (0..rows)
        .map(|i| {
            if i < rows / 2 {
                "522327100201"
            } else {
                "522327100202"
            }
        })
        .collect();
    let schema = Schema::new(vec![
        Field::new("file_number", DataType::Utf8, false),
        Field::new("village", DataType::Utf8, false),
        Field::new("people", DataType::Int64, false),
        Field::new("status", DataType::Utf8, false),
    ]);
    let columns: Vec<ArrayRef> = vec![
        Arc::new(StringArray::from(numbers)),
        Arc::new(StringArray::from(villages)),
        Arc::new(Int64Array::from(vec![2; rows])),
        Arc::new(StringArray::from(vec!["poor"; rows])),
    ];
    let batch = RecordBatch::try_new(Arc::new(schema), columns).unwrap();
    fupin_arrow::parquet_io::write(path, &[batch]).unwrap();
}

#[test]
fn a_parquet_register_twice_counts_once() {
    let dir = tmp("dup-parquet");
    write_parquet(&dir.join("h.parquet"), 100);
    let once = assess(&dir, &["h.parquet"]);
    assert_eq!(counts(&once), (100, 100, 0));
    let report = assess(&dir, &["h.parquet", "h.parquet"]);
    assert_eq!(counts(&report), (200, 100, 100));
    let r = rejects(&dir);
    assert_eq!(r.matches("duplicate_household").count(), 100, "{r}");
    assert!(
        r.lines()
            .any(|l| l.starts_with("h.parquet,51,") && l.contains("already at h.parquet row 51")),
        "{r}"
    );
    // the counts are those of one copy
    assert_eq!(once["indicators"], report["indicators"]);
    // a register given as CSV after its Parquet copy: every row is a duplicate
    std::fs::write(
        dir.join("h.csv"),
        "file_number,village,people,status\nS0000003,522327100201,2,poor\n",
    )
    .unwrap();
    let report = assess(&dir, &["h.parquet", "h.csv"]);
    assert_eq!(counts(&report), (101, 100, 1));
}

/// A Parquet register not sorted by village (a village comes back after another): the
/// household given twice is still found, its first row named.
#[test]
fn an_unsorted_parquet_register_still_finds_households_given_twice() {
    let dir = tmp("dup-parquet-unsorted");
    let schema = Schema::new(vec![
        Field::new("户编号", DataType::Utf8, false),
        Field::new("village", DataType::Utf8, false),
        Field::new("people", DataType::Int64, false),
        Field::new("status", DataType::Utf8, false),
    ]);
    let columns: Vec<ArrayRef> = vec![
        Arc::new(StringArray::from(vec!["S1", "S2", "S3", "S1"])),
        Arc::new(StringArray::from(vec![
            "522327100201",
            "522327100202",
            "522327100201",
            "522327100201",
        ])),
        Arc::new(Int64Array::from(vec![2; 4])),
        Arc::new(StringArray::from(vec!["poor"; 4])),
    ];
    let batch = RecordBatch::try_new(Arc::new(schema), columns).unwrap();
    fupin_arrow::parquet_io::write(&dir.join("h.parquet"), &[batch]).unwrap();
    let report = assess(&dir, &["h.parquet"]);
    assert_eq!(counts(&report), (4, 3, 1));
    let r = rejects(&dir);
    assert!(
        r.lines()
            .any(|l| l.starts_with("h.parquet,4,") && l.contains("already at h.parquet row 1")),
        "{r}"
    );
}

#[test]
fn a_register_without_file_numbers_says_duplicates_were_not_checked() {
    let dir = tmp("dup-no-numbers");
    std::fs::write(
        dir.join("h.csv"),
        "行政区划代码,家庭人口,贫困户状态\n522327100201,4,贫困户\n",
    )
    .unwrap();
    let report = assess(&dir, &["h.csv"]);
    let notes = report["notes"].to_string();
    assert!(
        notes.contains("h.csv") && notes.contains("could not be checked"),
        "{notes}"
    );
}

#[test]
fn a_column_read_as_a_default_is_said_in_the_notes() {
    // no file-completeness column: not recorded, so 一户一档案 has no data (not 0%) and
    // needs no note; a county table without `poor_county`: no poor county, said in a note
    let dir = tmp("default-columns");
    std::fs::write(
        dir.join("h.csv"),
        "户编号,行政区划代码,家庭人口,贫困户状态\nF1,522327100201,4,贫困户\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("c.csv"),
        "county,online_retail_sales\n522327,1000\n",
    )
    .unwrap();
    let out = fupin(
        &[
            "assess",
            "h.csv",
            "--counties",
            "c.csv",
            "--format",
            "json",
            "--as-of",
            "2020-06-30",
        ],
        &dir,
    );
    let report = json(&out);
    let notes = report["notes"].to_string();
    assert!(!notes.contains("file_complete"), "{notes}");
    let files = file_share(&report);
    assert_eq!(
        (
            &files["numerator"],
            &files["denominator"],
            &files["completeness"]
        ),
        (
            &serde_json::json!(0),
            &serde_json::json!(0),
            &serde_json::json!("missing")
        ),
        "{files}"
    );
    assert!(files["value"].is_null(), "{files}");
    assert!(
        notes.contains("c.csv")
            && notes.contains("poor_county")
            && notes.contains("no county exit verdicts"),
        "{notes}"
    );
    // a blank cell is not recorded either: one file of the two recorded, complete
    std::fs::write(
        dir.join("h2.csv"),
        "户编号,行政区划代码,家庭人口,贫困户状态,档案完整\nF1,522327100201,4,贫困户,是\nF2,522327100201,2,贫困户,\n",
    )
    .unwrap();
    let report = assess(&dir, &["h2.csv"]);
    assert!(!report["notes"].to_string().contains("file_complete"));
    let files = file_share(&report);
    assert_eq!(
        (
            &files["numerator"],
            &files["denominator"],
            &files["completeness"]
        ),
        (
            &serde_json::json!(1),
            &serde_json::json!(1),
            &serde_json::json!("partial")
        ),
        "{files}"
    );
}

/// The nation's 一户一档案 indicator of a report.
fn file_share(report: &serde_json::Value) -> serde_json::Value {
    report["indicators"][0]["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["indicator"] == "household_file_complete")
        .unwrap()
        .clone()
}

#[test]
fn validate_reports_households_given_twice_in_tables() {
    let dir = tmp("dup-validate");
    std::fs::write(
        dir.join("h.csv"),
        format!("{CSV}S3,522327100202,2,贫困户\n"),
    )
    .unwrap();
    let out = fupin(
        &[
            "validate",
            "h.csv",
            "--format",
            "json",
            "--as-of",
            "2020-06-30",
        ],
        &dir,
    );
    assert_eq!(out.status.code(), Some(1));
    let results: Value = serde_json::from_slice(&out.stdout).unwrap();
    let file = &results[0];
    assert_eq!(
        (file["rows"].as_u64(), file["rejected"].as_u64()),
        (Some(4), Some(1))
    );
    let issue = &file["issues"][0];
    assert_eq!(issue["code"], "duplicate_household");
    assert_eq!(issue["path"], "[4].户编号");
    assert!(
        issue["message"]
            .as_str()
            .unwrap()
            .contains("already at h.csv row 3"),
        "{issue}"
    );
}

/// Household records (JSON Lines with members): the same household is the same village and
/// file number, or failing that the same members' ID numbers.
#[test]
fn validate_reports_household_records_given_twice() {
    let dir = tmp("dup-records");
    let record = |file: &str, id: &str| {
        format!(
            r#"{{"file_number": "{file}", "village": "522327104201", "identified_year": 2014, "status": "poor", "main_cause": "illness", "members": [{{"name": "张三", "relation": "householder", "sex": "male", "birth_date": "1970-03-12", "id_number": "{id}"}}]}}"#
        )
    };
    let lines = [
        record("5223270001001", "522327197003120211"),
        record("5223270001001", "522327197003120238"),
        record("5223270009009", "522327197003120211"),
    ];
    std::fs::write(dir.join("h.jsonl"), lines.join("\n")).unwrap();
    let out = fupin(
        &[
            "validate",
            "h.jsonl",
            "--format",
            "json",
            "--as-of",
            "2020-06-30",
        ],
        &dir,
    );
    let results: Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<(String, String)> = results[0]["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["code"] == "duplicate_household")
        .map(|i| {
            (
                i["path"].as_str().unwrap().to_owned(),
                i["params"]["first_row"].to_string(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("[2].file_number".to_owned(), "1".to_owned()),
            ("[3].members".to_owned(), "1".to_owned())
        ],
        "{results}"
    );
    assert!(!results.to_string().contains("522327197003120211"));
}

#[test]
fn validate_says_the_day_it_checked_as_of() {
    // the rules of records depend on the day (dates in the future, ages): every output says it
    let dir = tmp("validate-dated");
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/households-synthetic.jsonl");
    std::fs::copy(fixture, dir.join("h.jsonl")).unwrap();
    let table = fupin(&["validate", "h.jsonl", "--as-of", "2019-12-31"], &dir);
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(text.starts_with("checked as of 2019-12-31\n"), "{text}");
    let today = fupin(&["validate", "h.jsonl"], &dir);
    let text = String::from_utf8_lossy(&today.stdout);
    assert!(text.contains("(today: --as-of DATE"), "{text}");
    let out = fupin(
        &[
            "validate",
            "h.jsonl",
            "--as-of",
            "2019-12-31",
            "--format",
            "json",
        ],
        &dir,
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report[0]["as_of"], "2019-12-31");
}

/// A person registered in two households (一户一档: one file a household): `validate`
/// rejects the later records (`duplicate_person`), and `assess` and `exit` leave them out
/// as it does — two people are not counted as four.
#[test]
fn a_person_in_two_households_is_left_out_as_validate_leaves_it() {
    let dir = tmp("dup-person");
    let record = |file: &str, village: &str, ids: &[&str]| {
        let members: Vec<String> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| {
                format!(
                    r#"{{"name": "某{i}", "relation": "{}", "sex": "{}", "id_number": "{id}"}}"#,
                    if i == 0 { "householder" } else { "spouse" },
                    if id
                        .chars()
                        .nth(16)
                        .is_some_and(|c| c.to_digit(10).is_some_and(|d| d % 2 == 1))
                    {
                        "male"
                    } else {
                        "female"
                    }
                )
            })
            .collect();
        format!(
            r#"{{"village": "{village}", "identified_year": 2016, "status": "poor", "main_cause": "因病", "file_number": "{file}", "members": [{}]}}"#,
            members.join(", ")
        )
    };
    let (x, y) = ("522327197003120211", "522327197205050426");
    std::fs::write(
        dir.join("h.jsonl"),
        [
            record("A1", "522327104201", &[x]),
            record("B2", "522327104201", &[x, y]),
            record("C3", "522327104202", &[y]),
        ]
        .join("\n")
            + "\n",
    )
    .unwrap();
    let parsed =
        |out: std::process::Output| -> Value { serde_json::from_slice(&out.stdout).unwrap() };
    let validate = parsed(fupin(
        &[
            "validate",
            "h.jsonl",
            "--as-of",
            "2020-06-30",
            "--format",
            "json",
        ],
        &dir,
    ));
    let paths: Vec<&str> = validate[0]["issues"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["code"] == "duplicate_person")
        .map(|i| i["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        ["[2].members[0].id_number", "[3].members[0].id_number"]
    );
    let report = parsed(fupin(
        &[
            "assess",
            "h.jsonl",
            "--as-of",
            "2020-06-30",
            "--format",
            "json",
        ],
        &dir,
    ));
    assert_eq!(
        (report["accepted"].as_u64(), report["rejected"].as_u64()),
        (Some(1), Some(2)),
        "{report}"
    );
    assert_eq!(report["rejects"]["by_code"]["duplicate_person"], 2);
    let exit = fupin(
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
    let exits = parsed(exit);
    assert_eq!(exits["verdicts"].as_array().unwrap().len(), 1, "{exits}");
}
