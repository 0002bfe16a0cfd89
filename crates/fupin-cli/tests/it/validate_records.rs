//! `fupin validate` on JSON Lines household records (the parallel fast path) reports exactly
//! what the record-by-record thorough path reported — the same rows, issues, messages and
//! order, households and people given twice across files included — on the generator's
//! records (tests/fixtures/households-synthetic.jsonl) with corruptions added, on every
//! thread count, from a file and from standard input.

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "test code: a failure should stop the test"
)]

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::common::{fupin, tmp};
use chrono::NaiveDate;
use fupin_core::household::{DuplicateCheck, DuplicateFinder, Household};
use fupin_core::{Issue, Issues, Path as IssuePath};

const KEY: &[u8] = b"the key of the validate equivalence test";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2020, 6, 30).unwrap()
}

/// One rejected problem as the `--rejects` file has it: file, path, code, message.
type Row = (String, String, String, String);

/// What the command reported before the fast path, record by record: each line parsed to a
/// value, read by `Household::from_value`, checked by `validate_at`, then the people and
/// the households seen before.
fn thorough(files: &[(&str, &[u8])]) -> Vec<Row> {
    let mut dupes = DuplicateFinder::new(KEY).unwrap();
    let mut households = DuplicateCheck::new();
    let mut out = Vec::new();
    for (name, bytes) in files {
        households.begin_file(name, false);
        let mut row = 0;
        for line in bytes.split(|b| *b == b'\n') {
            let line = line.trim_ascii();
            if line.is_empty() {
                continue;
            }
            row += 1;
            let at = IssuePath::root().index(row);
            let mut issues = Issues::new();
            match std::str::from_utf8(line) {
                Err(_) => issues.push(Issue::new(
                    "invalid_encoding",
                    at.clone(),
                    "the line is not UTF-8 text (JSON Lines files are UTF-8)",
                )),
                Ok(text) => match fupin_core::parse_json(text.trim_start_matches('\u{feff}')) {
                    Ok(value) => match Household::from_value(value) {
                        Ok(h) => {
                            issues.extend_under(&at, h.validate_at(today()));
                            issues.0.extend(dupes.add(name, &at, &h).0);
                            if let Some(twice) = households.add_household(&h, row) {
                                issues.push(twice);
                            }
                        }
                        Err(e) => issues.extend_under(&at, e.issues()),
                    },
                    Err(issue) if issue.code == "duplicate_key" => {
                        issues.extend_under(&at, Issues(vec![issue]));
                    }
                    Err(issue) => issues.push(Issue::new(
                        "invalid_json",
                        at.clone(),
                        format!("the line is not JSON: {}", issue.message),
                    )),
                },
            }
            for i in issues {
                out.push((name.to_string(), i.path.to_string(), i.code, i.message));
            }
        }
    }
    out
}

/// The rows of a `--rejects` file.
fn rejects(path: &Path) -> Vec<Row> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (
                r[0].to_owned(),
                r[2].to_owned(),
                r[3].to_owned(),
                r[4].to_owned(),
            )
        })
        .collect()
}

/// The fixture's records with corruptions of every kind the reader meets: not JSON, not
/// UTF-8, a key twice, not an object, blank lines, byte order marks, a household given
/// twice (by file number, by members), a person in two households.
fn corrupted() -> Vec<u8> {
    let fixture = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/households-synthetic.jsonl"),
    )
    .unwrap();
    let lines: Vec<&str> = fixture.lines().collect();
    let mut out: Vec<u8> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        out.extend_from_slice(line.as_bytes());
        out.extend_from_slice(if i % 7 == 3 { b"\r\n\n  \n" } else { b"\n" });
        match i {
            5 => out.extend_from_slice(b"{not json\n"),
            9 => out.extend_from_slice(&[0xff, b'{', b'}', b'\n']),
            12 => out.extend_from_slice(b"[1, 2]\n"),
            14 => out.extend_from_slice(b"{\"members\": [], \"members\": []}\n"),
            17 => {
                out.extend_from_slice("\u{feff}".as_bytes());
                out.extend_from_slice(lines[0].as_bytes());
                out.push(b'\n');
            }
            20 => {
                // the same household under another file number: the same members
                let other = lines[1].replacen("\"file_number\": \"", "\"file_number\": \"X", 1);
                out.extend_from_slice(other.as_bytes());
                out.push(b'\n');
            }
            22 => {
                // another household (its own file number and village) with one member
                // of household 3: a person registered twice
                let mut v: serde_json::Value = serde_json::from_str(lines[2]).unwrap();
                v["file_number"] = "S-other".into();
                let members = v["members"].as_array_mut().unwrap();
                members.truncate(1);
                out.extend_from_slice(v.to_string().as_bytes());
                out.push(b'\n');
            }
            _ => {}
        }
    }
    out
}

fn run(dir: &Path, files: &[&str], threads: &str) -> Vec<Row> {
    run_with(dir, files, threads, &[]).0
}

/// The rejects and the summary (JSON) of a run with `extra` arguments.
fn run_with(dir: &Path, files: &[&str], threads: &str, extra: &[&str]) -> (Vec<Row>, String) {
    let mut args = vec![
        "validate",
        "--as-of",
        "2020-06-30",
        "--format",
        "json",
        "--pseudonym-key",
        "key",
        "--rejects",
        "rejects.csv",
        "--threads",
        threads,
    ];
    args.extend_from_slice(files);
    args.extend_from_slice(extra);
    let out = fupin(&args, dir);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary = String::from_utf8_lossy(&out.stdout).into_owned();
    (rejects(&dir.join("rejects.csv")), summary)
}

#[test]
fn duplicates_found_after_spilling_are_those_found_in_memory() {
    let dir = tmp("validate-records-spill");
    std::fs::write(dir.join("key"), KEY).unwrap();
    let a = corrupted();
    let b: Vec<u8> = a.iter().copied().take(a.len() / 3).collect();
    let b = &b[..=b.iter().rposition(|c| *c == b'\n').unwrap()];
    std::fs::write(dir.join("a.jsonl"), &a).unwrap();
    std::fs::write(dir.join("b.jsonl"), b).unwrap();
    let expected = thorough(&[("a.jsonl", &a), ("b.jsonl", b)]);
    let counts = |summary: &str| -> Vec<(u64, u64, u64, u64)> {
        let files: serde_json::Value = serde_json::from_str(summary).unwrap();
        files
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                let n = |k: &str| f[k].as_u64().unwrap();
                (n("rows"), n("accepted"), n("rejected"), n("problems"))
            })
            .collect()
    };
    let (_, in_memory) = run_with(&dir, &["a.jsonl", "b.jsonl"], "2", &[]);
    for threads in ["1", "2"] {
        // spilled after the first part of records: the later duplicates found at the end
        let (found, summary) = run_with(
            &dir,
            &["a.jsonl", "b.jsonl"],
            threads,
            &["--spill-over", "1"],
        );
        // some duplicates came at the end, out of input order
        assert_ne!(found, expected);
        assert!(found.last().unwrap().2.starts_with("duplicate_"));
        let (mut found, mut expected) = (found, expected.clone());
        found.sort();
        expected.sort();
        assert_eq!(found, expected, "{threads} threads");
        assert_eq!(counts(&summary), counts(&in_memory));
    }
}

#[test]
fn tables_after_spilling_are_compared_with_every_record_and_row_before_them() {
    // a register exported twice: records, then a table of some of the same households
    // (under its Chinese column names), then a second table; past the budget of the
    // tables (`--spill-over 1`: spilled after the first records) the rows of the tables
    // are compared at the end, and found as they are in memory
    let dir = tmp("validate-tables-spill");
    std::fs::write(dir.join("key"), KEY).unwrap();
    let a = corrupted();
    std::fs::write(dir.join("a.jsonl"), &a).unwrap();
    // (the corrupted file has a line that is not UTF-8)
    let records: Vec<serde_json::Value> = String::from_utf8_lossy(&a)
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let field = |r: &serde_json::Value, k: &str| r[k].as_str().unwrap_or_default().to_owned();
    let (first, second) = (&records[0], &records[2]);
    let table = format!(
        "行政区划代码,户编号,status,people\n\
         {v1},{n1},poor,3\n\
         {v2},{n2},not_a_status,2\n\
         {v1},NEW-0001,poor,2\n\
         {v1},NEW-0001,poor,2\n\
         {v1},,poor,1\n",
        v1 = field(first, "village"),
        n1 = field(first, "file_number"),
        v2 = field(second, "village"),
        n2 = field(second, "file_number"),
    );
    std::fs::write(dir.join("b.csv"), table).unwrap();
    let again = format!(
        "village,file_number,status,people\n{},NEW-0001,poor,2\n",
        field(first, "village")
    );
    std::fs::write(dir.join("c.csv"), again).unwrap();
    let files = ["a.jsonl", "b.csv", "c.csv"];
    let (in_memory, summary_in_memory) = run_with(&dir, &files, "2", &[]);
    let twice: Vec<&Row> = in_memory
        .iter()
        .filter(|r| r.2 == "duplicate_household" && r.0 != "a.jsonl")
        .collect();
    // the first row of b.csv (a record's household), the second (another record's, its
    // status also wrong), the fourth (the third's), c.csv's row (b.csv's third)
    assert_eq!(twice.len(), 4, "{in_memory:#?}");
    assert!(
        twice.iter().any(|r| r.0 == "b.csv" && r.1 == "[1].户编号"),
        "{twice:#?}"
    );
    assert!(
        twice
            .iter()
            .any(|r| r.0 == "c.csv" && r.3.contains("b.csv row 3")),
        "{twice:#?}"
    );
    // a row given twice is not counted, and its other problems are reported too
    assert!(
        in_memory
            .iter()
            .any(|r| r.0 == "b.csv" && r.1 == "[2].status"),
        "{in_memory:#?}"
    );
    for threads in ["1", "2"] {
        let (mut spilled, summary) = run_with(&dir, &files, threads, &["--spill-over", "1"]);
        let mut expected = in_memory.clone();
        spilled.sort();
        expected.sort();
        assert_eq!(spilled, expected, "{threads} threads");
        let counts = |s: &str| -> Vec<serde_json::Value> {
            let files: serde_json::Value = serde_json::from_str(s).unwrap();
            files
                .as_array()
                .unwrap()
                .iter()
                .map(|f| {
                    serde_json::json!([
                        f["file"],
                        f["rows"],
                        f["accepted"],
                        f["rejected"],
                        f["problems"]
                    ])
                })
                .collect()
        };
        assert_eq!(
            counts(&summary),
            counts(&summary_in_memory),
            "{threads} threads"
        );
    }
    // tables alone: spilled once they pass the budget, compared at the end (b.csv's fourth
    // row, c.csv's, and b.csv again but its row without a file number)
    let tables = ["b.csv", "c.csv", "b.csv"];
    let (mut in_memory, _) = run_with(&dir, &tables, "2", &[]);
    let (mut spilled, _) = run_with(&dir, &tables, "2", &["--spill-over", "1"]);
    assert_eq!(
        in_memory
            .iter()
            .filter(|r| r.2 == "duplicate_household")
            .count(),
        6
    );
    in_memory.sort();
    spilled.sort();
    assert_eq!(spilled, in_memory);
}

#[test]
fn the_parallel_path_reports_what_the_thorough_path_reported_in_order() {
    let dir = tmp("validate-records-same");
    std::fs::write(dir.join("key"), KEY).unwrap();
    let a = corrupted();
    // a second file: households and people of the first given again
    let b: Vec<u8> = a.iter().copied().take(a.len() / 3).collect();
    let b = &b[..=b.iter().rposition(|c| *c == b'\n').unwrap()];
    std::fs::write(dir.join("a.jsonl"), &a).unwrap();
    std::fs::write(dir.join("b.jsonl"), b).unwrap();
    let expected = thorough(&[("a.jsonl", &a), ("b.jsonl", b)]);
    let codes: std::collections::BTreeSet<&str> = expected.iter().map(|r| r.2.as_str()).collect();
    for code in [
        "invalid_json",
        "invalid_encoding",
        "duplicate_key",
        "invalid_value",
        "duplicate_household",
        "duplicate_person",
        "id_check_digit",
    ] {
        assert!(codes.contains(code), "{code} not among {codes:?}");
    }
    for threads in ["1", "2", "3", "0"] {
        let found = run(&dir, &["a.jsonl", "b.jsonl"], threads);
        assert_eq!(found.len(), expected.len(), "{threads} threads");
        for (f, e) in found.iter().zip(&expected) {
            assert_eq!(f, e, "{threads} threads");
        }
    }
}

#[test]
fn records_from_standard_input_are_checked_the_same_way() {
    let dir = tmp("validate-records-stdin");
    std::fs::write(dir.join("key"), KEY).unwrap();
    let a = corrupted();
    let expected = thorough(&[("-", &a)]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_fupin"))
        .args([
            "validate",
            "-",
            "--as-of",
            "2020-06-30",
            "--pseudonym-key",
            "key",
            "--rejects",
            "rejects.csv",
        ])
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&a).unwrap();
    assert_eq!(child.wait().unwrap().code(), Some(1));
    // the file column as the CSV writer guards a cell starting with `-` (`'-`)
    let found: Vec<Row> = rejects(&dir.join("rejects.csv"))
        .into_iter()
        .map(|(file, path, code, message)| {
            (
                file.trim_start_matches('\'').to_owned(),
                path,
                code,
                message,
            )
        })
        .collect();
    assert_eq!(found, expected);
}

#[test]
fn a_line_over_the_record_limit_is_an_error_naming_its_row() {
    let dir = tmp("validate-records-limit");
    let a = corrupted();
    std::fs::write(dir.join("a.jsonl"), &a).unwrap();
    let longest = a.split(|b| *b == b'\n').map(<[u8]>::len).max().unwrap();
    let out = fupin(
        &[
            "validate",
            "a.jsonl",
            "--max-record-bytes",
            &(longest - 1).to_string(),
        ],
        &dir,
    );
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("record_too_long"), "{stderr}");
    let row = a
        .split(|b| *b == b'\n')
        .filter(|l| !l.trim_ascii().is_empty())
        .position(|l| l.len() == longest)
        .unwrap()
        + 1;
    assert!(stderr.contains(&format!("row {row} ")), "{stderr}");
    // within the limit, the same file is read
    let out = fupin(
        &[
            "validate",
            "a.jsonl",
            "--max-record-bytes",
            &longest.to_string(),
        ],
        &dir,
    );
    assert_eq!(out.status.code(), Some(1), "{out:?}");
}
