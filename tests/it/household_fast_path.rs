//! The fast path of household checking (`check_json`, `check_value`) reports exactly what
//! the thorough path (`parse_json`, `Household::from_value`, `validate_at`) reports, and
//! accepts a record only when the thorough path finds no issue: on the benchmark
//! generator's records (tests/fixtures/households-synthetic.jsonl, made by
//! `python3 bench/households.py … --n 40 --seed 7 --corrupt-every 4`), on variants of them
//! (each field removed, null, of another type, a list for an object, a key twice …), on
//! the golden household fixtures and on the fuzz corpora.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failure should stop the test"
)]

use std::path::Path;

use chrono::NaiveDate;
use fupin::household::{
    Household, PseudonymKey, check_all, check_json, check_json_bytes, check_value,
};
use fupin::{Issue, Issues};
use serde_json::{Value, json};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2020, 6, 30).unwrap()
}

fn key() -> PseudonymKey {
    PseudonymKey::new(b"the key of the fast path test")
}

/// What the thorough path alone reports for `text`.
fn thorough(text: &str) -> Result<Issues, Issue> {
    let value = fupin::parse_json(text)?;
    Ok(match Household::from_value(value) {
        Ok(h) => h.validate_at(today()),
        Err(e) => e.issues(),
    })
}

/// Checks one text both ways; returns whether the fast path accepted it.
fn same(text: &str) -> bool {
    let fast = check_json(text, today(), &key());
    let slow = thorough(text);
    match (&fast, &slow) {
        (Ok(f), Ok(s)) => {
            assert_eq!(&f.issues, s, "issues differ for {text}");
            if f.fast {
                assert!(
                    s.is_empty(),
                    "fast path accepted a record with issues: {text}"
                );
            }
            let from_bytes = check_json_bytes(text.as_bytes(), today(), &key()).unwrap();
            assert_eq!(&from_bytes.issues, s, "issues from bytes differ for {text}");
            // a parsed value takes the same two paths
            if let Ok(v) = serde_json::from_str::<Value>(text) {
                let from_value = check_value(&v, today(), &key());
                assert_eq!(
                    &from_value.issues, s,
                    "issues from a value differ for {text}"
                );
                assert_eq!(from_value.pseudonyms, f.pseudonyms, "{text}");
            }
            f.fast
        }
        (Err(f), Err(s)) => {
            assert_eq!(f, s, "parse issues differ for {text}");
            false
        }
        _ => panic!("one path parsed, the other did not: {fast:?} / {slow:?} for {text}"),
    }
}

fn sample() -> Vec<String> {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/households-synthetic.jsonl"),
    )
    .unwrap();
    text.lines().map(str::to_owned).collect()
}

#[test]
fn generator_records_take_the_fast_path_when_clean_and_report_the_same() {
    let lines = sample();
    let mut accepted = 0;
    for (i, line) in lines.iter().enumerate() {
        let fast = same(line);
        // one record in four is corrupted (rows 4, 8, …), the others are clean
        let corrupted = (i + 1) % 4 == 0;
        assert_eq!(fast, !corrupted, "row {}", i + 1);
        accepted += usize::from(fast);
    }
    assert_eq!(accepted, 30);
}

/// Every way of spoiling one place of a value that the variants below use.
fn spoilers() -> Vec<Value> {
    vec![
        Value::Null,
        json!(true),
        json!(-1),
        json!(1.5),
        json!(70000),
        json!(""),
        json!("x"),
        json!("2021-01-01"),
        json!("1.2.3"),
        json!([]),
        json!({}),
        json!(["householder"]),
        json!("x".repeat(501)),
        json!("名".repeat(20)),
        json!("名".repeat(60)),
        json!("   "),
        json!("\u{3000}"),
    ]
}

/// `record` with the value at `path` (keys and indexes) replaced, or removed if `None`.
fn variant(record: &Value, path: &[Value], new: Option<&Value>) -> Value {
    let mut out = record.clone();
    let mut at = &mut out;
    for step in &path[..path.len() - 1] {
        at = match step {
            Value::String(k) => &mut at[k.as_str()],
            Value::Number(n) => &mut at[n.as_u64().unwrap() as usize],
            _ => unreachable!(),
        };
    }
    match (path.last().unwrap(), at) {
        (Value::String(k), Value::Object(o)) => match new {
            Some(v) => {
                o.insert(k.clone(), v.clone());
            }
            None => {
                o.remove(k);
            }
        },
        (Value::Number(n), Value::Array(a)) => {
            let i = n.as_u64().unwrap() as usize;
            match new {
                Some(v) => a[i] = v.clone(),
                None => {
                    a.remove(i);
                }
            }
        }
        _ => {}
    }
    out
}

/// Every path to a value inside `v`.
fn paths(v: &Value, here: Vec<Value>, out: &mut Vec<Vec<Value>>) {
    match v {
        Value::Object(o) => {
            for (k, x) in o {
                let mut p = here.clone();
                p.push(json!(k));
                out.push(p.clone());
                paths(x, p, out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                let mut p = here.clone();
                p.push(json!(i));
                out.push(p.clone());
                paths(x, p, out);
            }
        }
        _ => {}
    }
}

#[test]
fn variants_of_every_field_report_the_same_both_ways() {
    let lines = sample();
    let mut checked = 0;
    for line in lines.iter().take(3) {
        let record: Value = serde_json::from_str(line).unwrap();
        let mut all = Vec::new();
        paths(&record, Vec::new(), &mut all);
        for path in &all {
            same(&variant(&record, path, None).to_string());
            for s in spoilers() {
                same(&variant(&record, path, Some(&s)).to_string());
                checked += 1;
            }
        }
    }
    assert!(checked > 1000, "{checked}");
    // texts serde_json would read as a struct although they are not objects
    let record: Value = serde_json::from_str(&lines[0]).unwrap();
    let as_list = |v: &Value| Value::Array(v.as_object().unwrap().values().cloned().collect());
    assert!(!same(&as_list(&record).to_string()));
    let member_as_list = variant(
        &record,
        &[json!("members"), json!(1)],
        Some(&as_list(&record["members"][1])),
    );
    assert!(!same(&member_as_list.to_string()));
    let helper_as_list = variant(
        &record,
        &[json!("helper")],
        Some(&as_list(&record["helper"])),
    );
    assert!(!same(&helper_as_list.to_string()));
    // a key twice, at the top and inside a member
    let twice = lines[0].replacen(
        "{\"file_number\"",
        "{\"status\": \"poor\", \"file_number\"",
        1,
    );
    assert!(!same(&twice));
    let twice = lines[0].replacen(
        "\"relation\": \"spouse\"",
        "\"relation\": \"spouse\", \"relation\": \"spouse\"",
        1,
    );
    assert!(!same(&twice));
    // escaped text is read as well as plain text
    let escaped = lines[0].replacen("\"note\": \"建档立卡\"", "\"note\": \"\\u5efa\\u6863\"", 1);
    assert!(same(&escaped));
}

/// Required text of spaces only is missing text, as empty text is, both ways: the
/// thorough path reports it with the empty text's code, the fast path does not accept it.
/// (Both accepted `"   "` as a file number, a name or a helper's unit.)
#[test]
fn required_text_of_spaces_only_is_refused_both_ways() {
    let record: Value = serde_json::from_str(&sample()[0]).unwrap();
    assert!(same(&record.to_string()), "the record is clean");
    let required = [
        (vec![json!("file_number")], "field_length", "file_number"),
        (
            vec![json!("members"), json!(0), json!("name")],
            "name_length",
            "members[0].name",
        ),
        (
            vec![json!("helper"), json!("name")],
            "name_length",
            "helper.name",
        ),
        (
            vec![json!("helper"), json!("unit")],
            "field_length",
            "helper.unit",
        ),
    ];
    for (path, code, at) in &required {
        for blank in [
            "",
            " ",
            "   ",
            "\t",
            "\u{3000}\u{3000}",
            "\u{200B}",
            " \u{FEFF}\u{2060}",
        ] {
            let text = variant(&record, path, Some(&json!(blank))).to_string();
            assert!(!same(&text), "the fast path accepted `{blank}` at {at}");
            let issues = thorough(&text).unwrap();
            let found: Vec<(String, String)> = issues
                .iter()
                .map(|i| (i.code.clone(), i.path.to_string()))
                .collect();
            assert_eq!(
                found,
                [((*code).to_owned(), (*at).to_owned())],
                "`{blank}` at {at}"
            );
        }
    }
}

#[test]
fn golden_fixtures_and_fuzz_corpora_report_the_same_both_ways() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut texts = Vec::new();
    for entry in std::fs::read_dir(root.join("tests/fixtures/households")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let case: Value = serde_json::from_str(&text).unwrap();
        texts.push(case["input"].to_string());
    }
    let mut accepted = 0;
    for dir in ["fuzz/corpus/household_json", "fuzz/corpus/jsonl"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let Ok(text) = std::fs::read_to_string(entry.unwrap().path()) else {
                continue;
            };
            texts.extend(text.lines().map(|l| l.trim().to_owned()));
            texts.push(text);
        }
    }
    assert!(texts.len() > 600, "{}", texts.len());
    for t in &texts {
        accepted += usize::from(same(t.trim_start_matches('\u{feff}')));
    }
    assert!(accepted > 0);
}

#[test]
fn batches_keep_the_input_order_on_every_thread_count() {
    let lines = sample();
    let one: Vec<_> = check_all(&lines, 1, |l| {
        check_json(l, today(), &key()).map(|c| c.issues)
    });
    for threads in [2, 3, 8] {
        let many: Vec<_> = check_all(&lines, threads, |l| {
            check_json(l, today(), &key()).map(|c| c.issues)
        });
        assert_eq!(one, many);
    }
}

#[test]
fn a_record_checker_reports_each_record_and_people_registered_twice_in_order() {
    use fupin::household::{DuplicateFinder, RecordChecker, RecordReport};
    let mut lines: Vec<Vec<u8>> = sample().into_iter().map(String::into_bytes).collect();
    lines.push(b"{not json".to_vec());
    lines.push(vec![0xff, b'{']);
    lines.push(lines[0].clone());
    let texts: Vec<(usize, Option<&[u8]>)> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| (i + 1, Some(l.as_slice())))
        .collect();
    let run = |threads: usize| {
        let dupes = DuplicateFinder::new(b"0123456789abcdef").unwrap();
        let mut checker = RecordChecker::new(today(), dupes).threads(threads);
        let mut report = RecordReport::default();
        // in two calls, as a reader hands over chunks
        checker.texts(&texts[..20], "line", "a.jsonl", &mut report);
        checker.texts(&texts[20..], "line", "a.jsonl", &mut report);
        report
    };
    let one = run(1);
    assert_eq!(one.records, 43);
    assert_eq!(one.accepted, 30);
    let two = run(2);
    assert_eq!(one.issues, two.issues);
    let mut expected = Issues::new();
    for (n, line) in sample().iter().enumerate() {
        expected.extend_under(&fupin::Path::root().index(n + 1), thorough(line).unwrap());
    }
    let tail: Vec<(String, String)> = one.issues.0[expected.len()..]
        .iter()
        .map(|i| (i.code.clone(), i.path.to_string()))
        .collect();
    assert_eq!(one.issues.0[..expected.len()], expected.0[..]);
    assert_eq!(
        tail[..2],
        [
            ("invalid_json".to_owned(), "[41]".to_owned()),
            ("invalid_encoding".to_owned(), "[42]".to_owned()),
        ]
    );
    assert_eq!(tail.len(), 2 + 4 + 1, "{tail:?}");
    assert!(
        tail[2..6]
            .iter()
            .all(|(c, p)| c == "duplicate_person" && p.starts_with("[43].members["))
    );
    // the household itself is given twice: the same village and file number
    assert_eq!(
        tail[6],
        (
            "duplicate_household".to_owned(),
            "[43].file_number".to_owned()
        )
    );
}
