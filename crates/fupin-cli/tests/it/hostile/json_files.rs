//! JSON Lines and JSON: lines that are not objects, deep nesting, duplicate keys, numbers
//! out of range, invalid encodings, megabyte cells and a million keys.

use super::*;

#[test]
fn jsonl_lines_that_are_not_objects_or_not_whole() {
    let dir = tmp("jsonl-shape");
    let good = r#"{"行政区划代码": "522327100201", "家庭人口": 4, "贫困户状态": "贫困户"}"#;
    let text = format!("{good}\n[1, 2]\n42\n\"x\"\nnull\n\n{good}\n{}", &good[..20]);
    std::fs::write(dir.join("shapes.jsonl"), text).unwrap();
    std::fs::write(dir.join("empty.jsonl"), "").unwrap();
    std::fs::write(dir.join("blank.jsonl"), "\n  \n\r\n").unwrap();
    for f in ["empty.jsonl", "blank.jsonl"] {
        validate(&dir, f, 0);
        assess(&dir, f, 0, 0);
    }
    let r = validate(&dir, "shapes.jsonl", 7);
    assert_eq!(
        issues(&r),
        pairs(&[
            ("[2]", "invalid_value"),
            ("[3]", "invalid_value"),
            ("[4]", "invalid_value"),
            ("[5]", "invalid_value"),
            ("[7]", "invalid_json"),
        ])
    );
    assess(&dir, "shapes.jsonl", 7, 5);
}

#[test]
fn json_nested_a_hundred_thousand_levels_deep() {
    let dir = tmp("json-deep");
    let depth = 100_000;
    let good = r#"{"行政区划代码": "522327100201", "家庭人口": 4, "贫困户状态": "贫困户"}"#;
    let objects = format!("{}1{}", r#"{"a":"#.repeat(depth), "}".repeat(depth));
    let lists = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    std::fs::write(
        dir.join("deep.jsonl"),
        format!("{good}\n{objects}\n{lists}\n{good}\n"),
    )
    .unwrap();
    let r = validate(&dir, "deep.jsonl", 4);
    assert_eq!(
        issues(&r),
        pairs(&[("[2]", "invalid_json"), ("[3]", "invalid_json")])
    );
    assert!(
        r["issues"][0]["message"]
            .as_str()
            .unwrap()
            .contains("recursion limit")
    );
    assess(&dir, "deep.jsonl", 4, 2);
    // a whole JSON file that deep
    std::fs::write(dir.join("deep.json"), &objects).unwrap();
    refused(
        &dir,
        &["validate", "deep.json"],
        "deep.json",
        "unsupported_format",
    );
    // and the library
    let e = fupin_core::household::Household::from_json(&objects).unwrap_err();
    assert_eq!(e.code(), "invalid_json");
    assert_eq!(
        fupin_core::parse_json(&lists).unwrap_err().code,
        "invalid_json"
    );
}

fn household() -> Value {
    let fixture = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/households/valid_full.json"
    ))
    .unwrap();
    serde_json::from_str::<Value>(&fixture).unwrap()["input"].clone()
}

#[test]
fn json_duplicate_keys_are_rejected_not_resolved() {
    let dir = tmp("json-dup");
    // a table row: which village did the file mean?
    let text = concat!(
        r#"{"行政区划代码": "522327100201", "家庭人口": 4, "贫困户状态": "贫困户", "行政区划代码": "522327100202"}"#,
        "\n",
        r#"{"行政区划代码": "522327100201", "家庭人口": 4, "贫困户状态": "贫困户"}"#,
        "\n"
    );
    std::fs::write(dir.join("table.jsonl"), text).unwrap();
    let r = validate(&dir, "table.jsonl", 2);
    assert_eq!(issues(&r), pairs(&[("[1].行政区划代码", "duplicate_key")]));
    assess(&dir, "table.jsonl", 2, 1);
    // household records: a member's name twice
    let record = serde_json::to_string(&household()).unwrap();
    let twice = record.replacen(r#""members":[{"#, r#""members":[{"name":"王五","#, 1);
    assert_ne!(twice, record);
    std::fs::write(dir.join("records.jsonl"), format!("{record}\n{twice}\n")).unwrap();
    let r = validate(&dir, "records.jsonl", 2);
    assert_eq!(
        issues(&r),
        pairs(&[("[2].members[0].name", "duplicate_key")])
    );
    assert!(!r.to_string().contains("王五"), "the name is not repeated");
    std::fs::write(dir.join("record.json"), &twice).unwrap();
    let err = refused(
        &dir,
        &["validate", "record.json"],
        "record.json",
        "duplicate_key",
    );
    assert!(err.contains("members[0].name"), "{err}");
    // the library
    let e = fupin_core::household::Household::from_json(&twice).unwrap_err();
    let found = e.issues();
    assert_eq!(found.0[0].code, "duplicate_key");
    assert_eq!(found.0[0].path.to_string(), "members[0].name");
    assert!(fupin_core::household::Household::from_json(&record).is_ok());
}

#[test]
fn json_numbers_out_of_range() {
    let dir = tmp("json-range");
    let lines = [
        r#"{"行政区划代码": "522327100201", "家庭人口": 1e400}"#,
        r#"{"行政区划代码": "522327100201", "家庭人口": 99999999999999999999999999999}"#,
        r#"{"行政区划代码": "522327100201", "家庭人口": -4}"#,
        r#"{"行政区划代码": "522327100201", "家庭人口": 4.5, "贫困户状态": "贫困户"}"#,
        r#"{"行政区划代码": "522327100201", "家庭人口": 4, "贫困户状态": "贫困户", "人均纯收入": 1e300}"#,
        r#"{"行政区划代码": "522327100201", "家庭人口": 4, "贫困户状态": "贫困户", "人均纯收入": "92233720368547758.08"}"#,
        r#"{"行政区划代码": "522327100201", "家庭人口": 4, "贫困户状态": "贫困户", "人均纯收入": 1.001}"#,
        r#"{"行政区划代码": 1e30, "家庭人口": 4, "贫困户状态": "贫困户"}"#,
        r#"{"行政区划代码": 18446744073709551615, "家庭人口": 4, "贫困户状态": "贫困户"}"#,
        r#"{"行政区划代码": "522327100201", "家庭人口": 4, "贫困户状态": "贫困户", "人均纯收入": 4650.25}"#,
    ];
    std::fs::write(dir.join("range.jsonl"), lines.join("\n")).unwrap();
    let r = validate(&dir, "range.jsonl", 10);
    let found = issues(&r);
    // every problem of a row (#16): rows 2 and 3 have no status either
    assert_eq!(
        found[..9],
        pairs(&[
            ("[1]", "invalid_json"),
            ("[2].家庭人口", "invalid_value"),
            ("[2].贫困户状态", "missing_value"),
            ("[3].家庭人口", "people_range"),
            ("[3].贫困户状态", "missing_value"),
            ("[4].家庭人口", "invalid_value"),
            ("[5].人均纯收入", "money_not_a_number"),
            ("[6].人均纯收入", "money_out_of_range"),
            ("[7].人均纯收入", "money_too_precise"),
        ])
    );
    assert_eq!(found.len(), 11, "{found:?}");
    assert!(found[9].0 == "[8].行政区划代码" && found[10].0 == "[9].行政区划代码");
    assert_eq!(r["accepted"], 1);
    assess(&dir, "range.jsonl", 10, 11);
    // household records: an ID number or a phone given as a number is rejected with its
    // path, and never printed
    let mut h = household();
    h["members"][0]["id_number"] = serde_json::json!(522_327_197_003_120_211_u64);
    h["helper"]["phone"] = serde_json::json!(13_812_345_678_u64);
    h["members"][1]["migrant_months"] = serde_json::json!(1e300);
    h["identified_year"] = serde_json::json!(-2014);
    std::fs::write(dir.join("numbers.jsonl"), format!("{h}\n")).unwrap();
    let r = validate(&dir, "numbers.jsonl", 1);
    let paths: Vec<String> = issues(&r).into_iter().map(|(p, _)| p).collect();
    for p in [
        "[1].members[0].id_number",
        "[1].helper.phone",
        "[1].members[1].migrant_months",
        "[1].identified_year",
    ] {
        assert!(paths.iter().any(|q| q == p), "{p}: {paths:?}");
    }
    let text = r.to_string();
    for secret in ["522327197003120211", "13812345678"] {
        assert!(!text.contains(secret), "{secret} printed: {text}");
    }
    let e = fupin_core::household::Household::from_value(h).unwrap_err();
    assert!(!e.to_string().contains("13812345678"), "{e}");
}

#[test]
fn jsonl_invalid_utf8_and_gbk_lines() {
    let dir = tmp("jsonl-bytes");
    let good = r#"{"行政区划代码": "522327100201", "家庭人口": 4, "贫困户状态": "贫困户"}"#;
    let mut bytes = format!("{good}\n").into_bytes();
    bytes.extend(b"{\"\xe8\xa1\x8c\": \"5223\xff27100201\"}\n");
    let (gbk, _, _) = encoding_rs::GB18030.encode(good);
    bytes.extend(gbk.as_ref());
    bytes.extend(format!("\n{good}\n").as_bytes());
    std::fs::write(dir.join("bytes.jsonl"), &bytes).unwrap();
    let r = validate(&dir, "bytes.jsonl", 4);
    assert_eq!(
        issues(&r),
        pairs(&[("[2]", "invalid_encoding"), ("[3]", "invalid_encoding")])
    );
    assess(&dir, "bytes.jsonl", 4, 2);
    // household records too
    let record = serde_json::to_string(&household()).unwrap();
    let mut bytes = format!("{record}\n").into_bytes();
    bytes.extend(encoding_rs::GB18030.encode(&record).0.as_ref());
    bytes.push(b'\n');
    std::fs::write(dir.join("records.jsonl"), &bytes).unwrap();
    let r = validate(&dir, "records.jsonl", 2);
    assert_eq!(issues(&r), pairs(&[("[2]", "invalid_encoding")]));
}

#[test]
fn jsonl_megabyte_cells_and_a_million_keys() {
    let dir = tmp("jsonl-big");
    let mb = 1 << 20;
    let mut keys = String::new();
    for i in 0..1_000_000 {
        keys.push_str(&format!(r#","k{i}":{i}"#));
    }
    let lines = [
        format!(
            r#"{{"行政区划代码": "{}", "家庭人口": 4, "贫困户状态": "贫困户"}}"#,
            "5".repeat(mb)
        ),
        format!(
            r#"{{"行政区划代码": "522327100201", "家庭人口": 4, "贫困户状态": "贫困户", "备注": "{}"}}"#,
            "x".repeat(mb)
        ),
        format!(
            r#"{{"行政区划代码": "522327100201", "家庭人口": 4, "贫困户状态": "贫困户"{keys}}}"#
        ),
    ];
    std::fs::write(dir.join("big.jsonl"), lines.join("\n")).unwrap();
    let r = validate(&dir, "big.jsonl", 3);
    assert_eq!(issues(&r), pairs(&[("[1].行政区划代码", "code_length")]));
    // through the library without a choice of columns, a table of a million keys is
    // refused rather than built
    let e = fupin_cli::input::read_table(
        &dir.join("big.jsonl"),
        &fupin_cli::input::ReadOptions::default(),
        &mut |_| Ok(()),
    )
    .unwrap_err();
    assert_eq!(e.code(), "too_many_columns");
}
