//! No output of the command shows personal data: the raw ID numbers, names and phone
//! numbers of the shared fixtures (as household records) and of a register export with
//! such columns are looked for in standard output and error, in every `--format`, in the
//! rejects file and in the HTML report — and never found.

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "test code"
)]

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

fn secrets(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                match (k.as_str(), x) {
                    // a blank name (a fixture of text of spaces only) names no one
                    ("id_number" | "name" | "phone", Value::String(s))
                        if s.trim().chars().count() >= 2 =>
                    {
                        out.push(s.clone());
                    }
                    _ => secrets(x, out),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| secrets(x, out)),
        _ => {}
    }
}

/// Runs the command and returns everything it wrote: stdout, stderr, and the files named.
fn run(dir: &Path, args: &[&str], files: &[&str]) -> String {
    for f in files {
        let _ = std::fs::remove_file(dir.join(f));
    }
    let out = Command::new(env!("CARGO_BIN_EXE_fupin"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    for f in files {
        text.push_str(&std::fs::read_to_string(dir.join(f)).unwrap_or_default());
    }
    assert!(!text.is_empty(), "{args:?} wrote nothing");
    text
}

fn assert_clean(text: &str, secrets: &[String], what: &str) {
    for s in secrets {
        assert!(
            !text.contains(s.as_str()),
            "{what}: `{}…` shown unmasked",
            s.chars().take(4).collect::<String>()
        );
    }
}

#[test]
fn no_output_shows_personal_data() {
    let dir = std::env::temp_dir().join(format!("fupin-cli-pii-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();

    // every household fixture, valid and not, as JSON Lines records
    let mut found = Vec::new();
    let mut lines = String::new();
    for entry in std::fs::read_dir(fixtures().join("households")).unwrap() {
        let case: Value =
            serde_json::from_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap()).unwrap();
        secrets(&case["input"], &mut found);
        lines.push_str(&case["input"].to_string());
        lines.push('\n');
    }
    std::fs::write(dir.join("records.jsonl"), lines).unwrap();

    // a register export with personal columns beside the ones fupin reads, bad rows too
    let ids: Vec<Value> = {
        let v: Value = serde_json::from_str(
            &std::fs::read_to_string(fixtures().join("id_numbers.json")).unwrap(),
        )
        .unwrap();
        v["valid"].as_array().unwrap().clone()
    };
    let mut csv =
        String::from("户编号,行政区划代码,家庭人口,贫困户状态,户主姓名,身份证号,联系电话\n");
    for (i, id) in ids.iter().enumerate() {
        let raw = id["input"].as_str().unwrap();
        let name = format!("测试户主{i}号");
        let phone = format!("1390851{i:04}");
        found.extend([raw.to_owned(), name.clone(), phone.clone()]);
        // every third row is bad (a short village code), so rejects are written
        let village = if i % 3 == 0 {
            "5223271002"
        } else {
            "522327100201"
        };
        csv.push_str(&format!("{i},{village},3,贫困户,{name},{raw},{phone}\n"));
    }
    std::fs::write(dir.join("register.csv"), &csv).unwrap();
    assert!(found.len() > 20, "{} secrets", found.len());

    for format in ["table", "json", "csv"] {
        let what = format!("validate records.jsonl --format {format}");
        let text = run(
            &dir,
            &[
                "validate",
                "records.jsonl",
                "--as-of",
                "2020-06-30",
                "--format",
                format,
            ],
            &[],
        );
        assert!(text.contains("id_"), "{what}: no id issues reported?");
        assert_clean(&text, &found, &what);

        let what = format!("validate register.csv --format {format}");
        let text = run(&dir, &["validate", "register.csv", "--format", format], &[]);
        assert_clean(&text, &found, &what);
    }
    for format in ["table", "json", "csv", "html"] {
        let what = format!("assess register.csv --format {format} --rejects");
        let text = run(
            &dir,
            &[
                "assess",
                "register.csv",
                "--as-of",
                "2020-06-30",
                "--format",
                format,
                "--out",
                "report.out",
                "--rejects",
                "rejected.csv",
            ],
            &["report.out", "rejected.csv"],
        );
        assert!(
            text.contains("code_length"),
            "{what}: the bad rows are not reported"
        );
        assert_clean(&text, &found, &what);
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_same_person_in_two_files_is_found_by_pseudonym_only() {
    let dir = std::env::temp_dir().join(format!("fupin-cli-dupes-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let case: Value = serde_json::from_str(
        &std::fs::read_to_string(fixtures().join("households/valid_full.json")).unwrap(),
    )
    .unwrap();
    let first = case["input"].clone();
    let mut second = first.clone();
    second["file_number"] = Value::from("5223270009009");
    second["id"] = Value::from("0f0c2b7e-9a43-4c1e-8d55-2f5b8b1a6c09");
    let raw = first["members"][0]["id_number"]
        .as_str()
        .unwrap()
        .to_owned();
    std::fs::write(dir.join("a.jsonl"), format!("{first}\n")).unwrap();
    std::fs::write(dir.join("b.jsonl"), format!("{second}\n")).unwrap();
    std::fs::write(dir.join("key1"), "one key of at least sixteen bytes\n").unwrap();
    std::fs::write(dir.join("key2"), "another key, also long enough\n").unwrap();
    let pseudonym = |key: &str| -> String {
        let text = run(
            &dir,
            &[
                "validate",
                "a.jsonl",
                "b.jsonl",
                "--as-of",
                "2020-06-30",
                "--format",
                "json",
                "--pseudonym-key",
                key,
            ],
            &[],
        );
        assert!(!text.contains(&raw), "the ID number is shown");
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v[0]["rejected"], 0, "{text}");
        assert_eq!(v[1]["rejected"], 1, "{text}");
        let issue = &v[1]["issues"][0];
        assert_eq!(issue["code"], "duplicate_person");
        assert_eq!(issue["path"], "[1].members[0].id_number");
        assert_eq!(issue["params"]["first_source"], "a.jsonl");
        issue["params"]["pseudonym"].as_str().unwrap().to_owned()
    };
    let p1 = pseudonym("key1");
    assert_eq!(p1.len(), 32);
    assert_eq!(
        pseudonym("key1"),
        p1,
        "the same key gives the same pseudonym"
    );
    assert_ne!(pseudonym("key2"), p1, "another key, another pseudonym");

    // a short key is refused with its code
    std::fs::write(dir.join("short"), "short").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_fupin"))
        .args(["validate", "a.jsonl", "--pseudonym-key", "short"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bytes"));
    std::fs::remove_dir_all(&dir).unwrap();
}
