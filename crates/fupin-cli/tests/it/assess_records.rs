//! `fupin assess` on JSON Lines of household records (一户一档, the format `fupin validate`
//! checks): each record read and checked as `validate` checks it, counted as a record —
//! not read as a table, where `members` (a list) was taken for the number of members and
//! every record was refused with its members printed in the message.

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "test code: a failure should stop the test"
)]

use std::path::Path;

use crate::common::{fupin, tmp};
use chrono::NaiveDate;
use fupin_core::assess::HouseholdFields;
use fupin_core::household::Household;

fn fixture() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/households-synthetic.jsonl"),
    )
    .unwrap()
}

/// The rejected rows of a `--rejects` file: (file, row, path, code, message).
fn rejects(path: &Path) -> Vec<Vec<String>> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

#[test]
fn records_are_counted_as_validate_checks_them() {
    let dir = tmp("assess-records");
    std::fs::write(dir.join("households.jsonl"), fixture()).unwrap();
    let args = |cmd: &'static str| -> Vec<&'static str> {
        vec![
            cmd,
            "households.jsonl",
            "--as-of",
            "2020-06-30",
            "--format",
            "json",
            "--rejects",
            "rejects.csv",
        ]
    };
    let checked = fupin(&args("validate"), &dir);
    assert_eq!(checked.status.code(), Some(1));
    let validated = rejects(&dir.join("rejects.csv"));
    let out = fupin(&args("assess"), &dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let assessed = rejects(&dir.join("rejects.csv"));
    // the same rejected rows, with the same problems (paths, codes, messages)
    assert!(!validated.is_empty());
    assert_eq!(assessed, validated);
    let file = &report["files"][0];
    assert_eq!(file["detected"], "household records (jsonl)");
    let rejected_rows: std::collections::BTreeSet<usize> =
        validated.iter().map(|r| r[1].parse().unwrap()).collect();
    assert_eq!(file["rows"], 40);
    assert_eq!(file["rejected"], rejected_rows.len());
    // the others counted as records: the poor households among them
    let today = NaiveDate::from_ymd_opt(2020, 6, 30).unwrap();
    let poor = fixture()
        .lines()
        .enumerate()
        .filter(|(i, _)| !rejected_rows.contains(&(i + 1)))
        .filter(|(_, l)| HouseholdFields::of(&Household::from_json(l).unwrap(), today).is_poor())
        .count();
    let nation = &report["indicators"][0]["indicators"];
    let share = nation
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["indicator"] == "poor_household_share")
        .unwrap();
    assert_eq!(share["numerator"], poor);
    assert_eq!(share["denominator"], 40 - rejected_rows.len());
}

#[test]
fn records_and_tables_of_one_run_are_compared_for_households_given_twice() {
    let dir = tmp("assess-records-twice");
    let text = fixture();
    std::fs::write(dir.join("households.jsonl"), &text).unwrap();
    let first: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    // a table giving the first record's household again, its members as a number (a
    // table's `members` column is the household size, not a list)
    let table = format!(
        "{{\"village\": \"{}\", \"file_number\": \"{}\", \"members\": 3, \"status\": \"poor\"}}\n",
        first["village"].as_str().unwrap(),
        first["file_number"].as_str().unwrap()
    );
    std::fs::write(dir.join("table.jsonl"), table).unwrap();
    let out = fupin(
        &[
            "assess",
            "households.jsonl",
            "table.jsonl",
            "--as-of",
            "2020-06-30",
            "--format",
            "json",
            "--rejects",
            "rejects.csv",
        ],
        &dir,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["files"][1]["detected"], "jsonl");
    assert_eq!(report["files"][1]["rejected"], 1);
    let twice: Vec<Vec<String>> = rejects(&dir.join("rejects.csv"))
        .into_iter()
        .filter(|r| r[3] == "duplicate_household")
        .collect();
    assert_eq!(twice.len(), 1, "{twice:?}");
    assert_eq!(twice[0][0], "table.jsonl");
    assert!(twice[0][4].contains("households.jsonl row 1"), "{twice:?}");
}

#[test]
fn a_record_refused_does_not_print_its_members() {
    // read as a table, this record was refused with its members' text in the message
    let dir = tmp("assess-records-private");
    std::fs::write(
        dir.join("h.jsonl"),
        "{\"file_number\": \"5223270001\", \"village\": \"522327100201\", \"status\": \"poor\", \"members\": [{\"name\": \"王小明\", \"relation\": \"householder\"}]}\n",
    )
    .unwrap();
    let out = fupin(
        &[
            "assess",
            "h.jsonl",
            "--as-of",
            "2020-06-30",
            "--format",
            "table",
        ],
        &dir,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!all.contains("王小明"), "{all}");
    assert!(all.contains("members[0].sex"), "{all}");
}
