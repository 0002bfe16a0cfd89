//! Memory follows what is shown, not the input (issue #16): a whole `.json` file of
//! household records is read record by record (checked a chunk at a time), and `fupin
//! exit` keeps the first 1,000 problems of its rejected records — the others go to
//! `--rejects` as they are met and are counted, and the report says so.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "test code"
)]

use crate::common::{fupin, tmp};

use serde_json::{Value, json};

/// A household record that reads (synthetic), with file number `number`.
fn household(number: usize) -> Value {
    json!({
        "file_number": format!("S{number:07}"), "village": "522327104201",
        "identified_year": 2016, "status": "poor", "main_cause": "因残",
        "members": [{"name": "张三", "relation": "householder", "sex": "male"}]
    })
}

/// A record that does not read: no village, no members (two problems at least).
fn broken(number: usize) -> Value {
    json!({"file_number": format!("B{number:07}"), "status": "poor"})
}

/// Data lines of a CSV file written by the command (no cell holds a line break here).
fn csv_rows(path: &std::path::Path) -> usize {
    std::fs::read_to_string(path).unwrap().lines().count() - 1
}

#[test]
fn fupin_exit_shows_the_first_thousand_problems_and_streams_the_rest() {
    let dir = tmp("exit-bounded");
    // a whole JSON list: 300 records that read, 1,200 that do not
    let records: Vec<Value> = (0..1500)
        .map(|i| if i % 5 == 0 { household(i) } else { broken(i) })
        .collect();
    std::fs::write(dir.join("h.json"), Value::Array(records).to_string()).unwrap();
    let args = [
        "exit",
        "h.json",
        "--as-of",
        "2020-06-30",
        "--format",
        "json",
        "--rejects",
        "rej.csv",
    ];
    let out = fupin(&args, &dir);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = &report["files"][0];
    assert_eq!(
        (
            f["rows"].as_u64(),
            f["judged"].as_u64(),
            f["rejected"].as_u64()
        ),
        (Some(1500), Some(300), Some(1200))
    );
    let problems = f["problems"].as_u64().unwrap() as usize;
    assert!(problems >= 2400, "{problems}");
    // the first 1,000 problems in the report, in the order of the records
    let shown = f["issues"].as_array().unwrap();
    assert_eq!(shown.len(), 1000);
    assert!(
        shown[0]["path"].as_str().unwrap().starts_with("[2]"),
        "{}",
        shown[0]
    );
    let r = &report["rejects"];
    assert_eq!(
        (
            r["issues"].as_u64(),
            r["shown"].as_u64(),
            r["file"].as_str()
        ),
        (Some(problems as u64), Some(1000), Some("rej.csv"))
    );
    // every one of them in the file
    assert_eq!(csv_rows(&dir.join("rej.csv")), problems);
    assert_eq!(report["verdicts"].as_array().unwrap().len(), 300);
    // the table says how many there are and where
    let out = fupin(&["exit", "h.json", "--as-of", "2020-06-30"], &dir);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(&format!(
            "{problems} problems in rejected rows, first 1000 shown; pass --rejects FILE to keep them all"
        )),
        "{}",
        text.lines().take(4).collect::<Vec<_>>().join("\n")
    );
    assert_eq!(text.matches("\nrejected: h.json ").count(), 1000);
}

#[test]
fn a_whole_json_list_is_checked_record_by_record_as_a_file_of_lines_is() {
    let dir = tmp("json-list");
    // more records than a chunk; a broken record and a household given twice far apart
    let mut records: Vec<Value> = (0..9000).map(household).collect();
    records[4500] = broken(4500);
    records[8700] = household(10);
    let lines: String = records.iter().map(|r| format!("{r}\n")).collect();
    std::fs::write(dir.join("h.json"), Value::Array(records).to_string()).unwrap();
    std::fs::write(dir.join("h.jsonl"), lines).unwrap();
    let mut found = Vec::new();
    for file in ["h.json", "h.jsonl"] {
        let out = fupin(
            &[
                "validate",
                file,
                "--as-of",
                "2020-06-30",
                "--format",
                "json",
                "--rejects",
                "rej.csv",
            ],
            &dir,
        );
        assert_eq!(
            out.status.code(),
            Some(1),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        let f = &report[0];
        assert_eq!(
            (f["rows"].as_u64(), f["rejected"].as_u64()),
            (Some(9000), Some(2)),
            "{file}: {f:#}"
        );
        let rows: Vec<String> = std::fs::read_to_string(dir.join("rej.csv"))
            .unwrap()
            .lines()
            .skip(1)
            .map(|l| l.split(',').skip(1).take(1).collect())
            .collect();
        found.push(rows);
    }
    assert_eq!(found[0], found[1]);
    assert!(
        found[0].contains(&"4501".to_owned()) && found[0].contains(&"8701".to_owned()),
        "{:?}",
        found[0]
    );
}
