//! Personal data never shows unmasked: every raw ID number, name and phone number of the
//! shared fixtures is looked for in every text the model makes of them — `Debug` and
//! `Display` of records, members, ID numbers, errors and issues — and never found. Only the
//! explicit methods (`IdNumber::reveal`-style accessors, the serialised wire form a caller
//! asks for) give them back.

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "test code: a failure should stop the test"
)]

use std::path::PathBuf;

use chrono::NaiveDate;
use fupin::household::{Household, IdNumber};
use serde_json::Value;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The raw personal data in a JSON value: strings under `id_number`, `name` and `phone`
/// keys (of members, and of helpers and contacts anywhere in the record).
pub(crate) fn secrets(v: &Value, out: &mut Vec<String>) {
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

fn assert_clean(text: &str, secrets: &[String], what: &str) {
    for s in secrets {
        assert!(
            !text.contains(s.as_str()),
            "{what} shows `{}…` unmasked",
            s.chars().take(4).collect::<String>()
        );
    }
}

#[test]
fn no_text_made_from_a_fixture_shows_its_personal_data() {
    let mut cases = 0;
    for entry in std::fs::read_dir(fixtures().join("households")).unwrap() {
        let path = entry.unwrap().path();
        let case: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let mut found = Vec::new();
        secrets(&case["input"], &mut found);
        if found.is_empty() {
            continue;
        }
        cases += 1;
        let what = path.file_name().unwrap().to_string_lossy().into_owned();
        let today: NaiveDate = case["today"]
            .as_str()
            .unwrap_or("2020-06-30")
            .parse()
            .unwrap();
        match Household::from_value(case["input"].clone()) {
            Ok(h) => {
                assert_clean(
                    &format!("{h:?}"),
                    &found,
                    &format!("{what}: Debug of the household"),
                );
                for m in &h.members {
                    assert_clean(
                        &format!("{m:?}"),
                        &found,
                        &format!("{what}: Debug of a member"),
                    );
                    if let Some(id) = &m.id_number {
                        assert_clean(
                            &format!("{id} {id:?}"),
                            &found,
                            &format!("{what}: an id number"),
                        );
                    }
                }
                let issues = h.validate_at(today);
                assert_clean(
                    &format!("{issues} {issues:?}"),
                    &found,
                    &format!("{what}: issues"),
                );
                for i in issues.iter() {
                    assert_clean(
                        &serde_json::to_string(i).unwrap(),
                        &found,
                        &format!("{what}: issue JSON"),
                    );
                }
            }
            Err(e) => {
                assert_clean(&format!("{e} {e:?}"), &found, &format!("{what}: the error"));
                assert_clean(
                    &serde_json::to_string(&e.issues()).unwrap(),
                    &found,
                    &format!("{what}: issue JSON"),
                );
            }
        }
        if let Err(e) = Household::parse_and_validate(case["input"].clone(), today) {
            assert_clean(
                &format!("{e} {e:?}"),
                &found,
                &format!("{what}: parse_and_validate"),
            );
        }
    }
    assert!(cases >= 5, "only {cases} fixtures with personal data");
}

#[test]
fn id_numbers_good_and_bad_never_show_in_full() {
    let v: Value =
        serde_json::from_str(&std::fs::read_to_string(fixtures().join("id_numbers.json")).unwrap())
            .unwrap();
    for case in v["valid"].as_array().unwrap() {
        let raw = case["input"].as_str().unwrap();
        let id = IdNumber::parse(raw).unwrap();
        let text = format!("{id} {id:?}");
        assert!(!text.contains(raw), "{}", case["masked"]);
    }
    for case in v["invalid"].as_array().into_iter().flatten() {
        let Some(raw) = case["input"].as_str() else {
            continue;
        };
        if raw.len() < 15 {
            continue; // too short to be anyone's number
        }
        let e = IdNumber::parse(raw).unwrap_err();
        assert!(
            !format!("{e} {e:?}").contains(raw),
            "error for `{}…`",
            &raw[..4]
        );
    }
}

/// A file number that is an ID number (registers keyed by 户主身份证号) is masked by a
/// household's `Debug`, as everywhere else.
#[test]
fn an_id_number_as_file_number_is_masked_by_debug() {
    let h = Household::from_json(
        r#"{"file_number": "522327197003120211", "village": "522327104201",
            "identified_year": 2016, "status": "poor", "main_cause": "因病",
            "members": [{"name": "张三", "relation": "householder", "sex": "male"}]}"#,
    )
    .unwrap();
    let shown = format!("{h:?}");
    assert!(!shown.contains("522327197003120211"), "{shown}");
    assert!(shown.contains("5223**********0211"), "{shown}");
}
