//! A JSON Lines file is read as household records or as a table from its whole first
//! record, however long (not from its first 64 KiB), and a table's cell that is a list or
//! an object is refused without quoting it (it may hold members' names).

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "test code: a failure should stop the test"
)]

use std::io::Write;
use std::process::{Command, Stdio};

use crate::common::{fupin, json, tmp};
use serde_json::{Value, json};

/// A household record of village 522327104201 with one member, 王大山.
fn record(file_number: &str) -> Value {
    json!({
        "file_number": file_number, "village": "522327104201", "identified_year": 2016,
        "status": "poor", "main_cause": "因病", "income_per_capita": 3500,
        "members": [{"name": "王大山", "relation": "householder", "sex": "male"}],
    })
}

/// Four records, the first with measures enough that its line is longer than 64 KiB and
/// its `members` come after byte 65,536.
fn long_first_line() -> String {
    let mut first = record("N1");
    let measures: Vec<Value> = (0..200)
        .map(|_| json!({"kind": "health", "year": 2016, "description": "体检".repeat(60)}))
        .collect();
    let o = first.as_object_mut().unwrap();
    let members = o.remove("members").unwrap();
    o.insert("measures".to_owned(), Value::Array(measures));
    o.insert("members".to_owned(), members);
    let first = first.to_string();
    assert!(first.find("\"members\"").unwrap() > 65_536);
    let mut text = first + "\n";
    for n in ["N2", "N3", "N4"] {
        text += &(record(n).to_string() + "\n");
    }
    text
}

#[test]
fn records_with_a_first_line_over_64_kib_are_read_as_records() {
    let dir = tmp("first-record-long");
    std::fs::write(dir.join("a.jsonl"), long_first_line()).unwrap();
    let out = fupin(
        &[
            "validate",
            "a.jsonl",
            "--as-of",
            "2020-06-30",
            "--format",
            "json",
        ],
        &dir,
    );
    let v = json(&out);
    assert_eq!(v[0]["kind"], "household records");
    assert_eq!(
        (v[0]["accepted"].as_u64(), v[0]["rejected"].as_u64()),
        (Some(4), Some(0))
    );
    let out = fupin(
        &[
            "assess",
            "a.jsonl",
            "--as-of",
            "2020-06-30",
            "--format",
            "json",
        ],
        &dir,
    );
    assert_eq!(json(&out)["accepted"], 4);
    assert!(!String::from_utf8_lossy(&out.stdout).contains("王大山"));
    // from a pipe too: read once
    let mut child = Command::new(env!("CARGO_BIN_EXE_fupin"))
        .args(["validate", "-", "--as-of", "2020-06-30", "--format", "json"])
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let text = long_first_line();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(text.as_bytes()).unwrap());
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    let v = json(&out);
    assert_eq!(
        (v[0]["rows"].as_u64(), v[0]["accepted"].as_u64()),
        (Some(4), Some(4))
    );
}

#[test]
fn a_table_cell_that_is_a_list_is_refused_without_quoting_it() {
    let dir = tmp("first-record-list-cell");
    // a table (no list of `members`), one row's village a list of a name
    let text = "{\"file_number\":\"T1\",\"village\":\"522327104201\",\"people\":2,\"status\":\"poor\"}\n\
                {\"file_number\":\"T2\",\"village\":[\"王大山\"],\"people\":2,\"status\":\"poor\"}\n\
                {\"file_number\":\"T3\",\"village\":{\"name\":\"王大山\"},\"people\":2,\"status\":\"poor\"}\n";
    std::fs::write(dir.join("t.jsonl"), text).unwrap();
    for cmd in ["validate", "assess"] {
        let out = fupin(
            &[
                cmd,
                "t.jsonl",
                "--as-of",
                "2020-06-30",
                "--rejects",
                "r.csv",
            ],
            &dir,
        );
        let printed = String::from_utf8_lossy(&out.stdout).to_string()
            + &String::from_utf8_lossy(&out.stderr);
        let rejects = std::fs::read_to_string(dir.join("r.csv")).unwrap();
        assert!(!printed.contains("王大山"), "{cmd}: {printed}");
        assert!(!rejects.contains("王大山"), "{cmd}: {rejects}");
        assert!(rejects.contains("[2].village"), "{cmd}: {rejects}");
        assert!(
            rejects.contains("a list, not one value"),
            "{cmd}: {rejects}"
        );
        assert!(
            rejects.contains("an object, not one value"),
            "{cmd}: {rejects}"
        );
    }
}
