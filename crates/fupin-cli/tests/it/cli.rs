//! The `fupin` command end to end: the demo, real file formats in (UTF-8/GBK CSV with Chinese
//! headers, JSON Lines, Parquet), every row accepted or reported, rejects written, HTML out.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code"
)]

use crate::common::{fupin, json, tmp};

use serde_json::Value;

#[test]
fn the_demo_runs_and_says_it_is_synthetic() {
    let dir = tmp("demo");
    let out = fupin(&["assess"], &dir);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("SYNTHETIC"));
    assert!(text.contains("贵州省"));
    assert!(text.contains("eligible to exit"));
    assert!(text.contains("who answers for the worst gaps"));
    let report = json(&fupin(&["assess", "--format", "json"], &dir));
    assert_eq!(report["rows"], report["accepted"]);
    assert!(report["label"].as_str().unwrap().starts_with("SYNTHETIC"));
    assert!(!report["accountability"].as_array().unwrap().is_empty());
}

#[test]
fn synthetic_files_in_every_format_assess_like_the_data_they_came_from() {
    let dir = tmp("formats");
    let mut nations = Vec::new();
    for format in ["csv", "csv-gbk", "jsonl", "parquet"] {
        let sub = dir.join(format);
        let out = fupin(
            &[
                "synth",
                "--scale",
                "0.05",
                "--region",
                "522300",
                "--format",
                format,
                "--out",
                sub.to_str().unwrap(),
            ],
            &dir,
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let ext = match format {
            "jsonl" => "jsonl",
            "parquet" => "parquet",
            _ => "csv",
        };
        let f = |t: &str| format!("synthetic_{t}.{ext}");
        let report = json(&fupin(
            &[
                "assess",
                &f("households"),
                "--villages",
                &f("villages"),
                "--townships",
                &f("townships"),
                "--counties",
                &f("counties"),
                "--as-of",
                "2020-06-30",
                "--format",
                "json",
                "--level",
                "county",
            ],
            &sub,
        ));
        assert_eq!(report["rejected"], 0, "{format}");
        assert_eq!(report["rows"], report["accepted"], "{format}");
        if format == "csv-gbk" {
            assert!(
                report["files"][0]["detected"]
                    .as_str()
                    .unwrap()
                    .contains("gb18030")
            );
        }
        nations.push(report["indicators"][0].clone());
    }
    // the same numbers whatever the format (values compared apart: JSON text floats)
    let exact = |v: &Value| -> Value {
        let mut v = v.clone();
        for i in v["indicators"].as_array_mut().unwrap() {
            i.as_object_mut().unwrap().remove("value");
        }
        v
    };
    for n in &nations[1..] {
        assert_eq!(exact(n), exact(&nations[0]));
    }
    // and the same as generating in memory
    let counties: Vec<fupin_core::RegionCode> = fupin_data::divisions(fupin_data::Vintage::V2020)
        .filter(|d| {
            d.level == fupin_core::Level::County
                && !d.is_grouping
                && "522300"
                    .parse::<fupin_core::RegionCode>()
                    .unwrap()
                    .contains(d.code)
        })
        .map(|d| d.code)
        .collect();
    let as_of = chrono::NaiveDate::from_ymd_opt(2020, 6, 30).unwrap();
    let ds = fupin_core::synth::generate(
        &counties,
        &fupin_core::synth::SynthOptions::new(as_of).with_scale(0.05),
    );
    let r = ds.roll_up();
    let expected =
        serde_json::to_value(r.indicators(None, fupin_core::assess::MissingStrategy::default()))
            .unwrap();
    let mut expected = serde_json::json!({"indicators": expected});
    for (got, want) in nations[0]["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .zip(expected["indicators"].as_array().unwrap())
    {
        match (got["value"].as_f64(), want["value"].as_f64()) {
            (Some(a), Some(b)) => assert!((a - b).abs() < 1e-12),
            (a, b) => assert_eq!(a, b),
        }
    }
    for i in expected["indicators"].as_array_mut().unwrap() {
        i.as_object_mut().unwrap().remove("value");
    }
    assert_eq!(exact(&nations[0])["indicators"], expected["indicators"]);
}

#[test]
fn bad_rows_are_reported_with_file_row_column_and_reason_and_nothing_is_lost() {
    let dir = tmp("bad");
    let csv = "户编号,行政区划代码,家庭人口,贫困户状态,有无终端\n\
               1,522327100201,4,贫困户,是\n\
               2,522327100201,3,客服,否\n\
               3,5223271002,2,贫困户,是\n\
               4,522327100202,2,已脱贫\n\
               5,522327100202,0,贫困户,是\n\
               6,522327100202,5,返贫,也许\n\
               7,522327100203,1,新识别,无\n";
    let (gbk, _, _) = encoding_rs::GB18030.encode(csv);
    std::fs::write(dir.join("export.csv"), &gbk).unwrap();
    let report = json(&fupin(
        &[
            "assess",
            "export.csv",
            "--format",
            "json",
            "--rejects",
            "rejected.csv",
            "--as-of",
            "2020-06-30",
        ],
        &dir,
    ));
    assert_eq!(report["rows"], 7);
    assert_eq!(report["accepted"], 2);
    assert_eq!(report["rejected"], 5);
    let rejects = std::fs::read_to_string(dir.join("rejected.csv")).unwrap();
    let lines: Vec<&str> = rejects.lines().collect();
    assert_eq!(lines.len(), 6, "{rejects}");
    for (row, code) in [
        ("2", "unknown_key"),
        ("3", "code_length"),
        ("4", "csv_field_count"),
        ("5", "people_range"),
        ("6", "invalid_value"),
    ] {
        assert!(
            lines
                .iter()
                .any(|l| l.contains(&format!(",{row},")) && l.contains(code)),
            "row {row} {code}: {rejects}"
        );
    }
    assert!(
        rejects.contains("贫困户状态"),
        "the column is named: {rejects}"
    );
    // validate exits non-zero and lists the same problems
    let out = fupin(&["validate", "export.csv"], &dir);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("csv_field_count") && text.contains("people_range"));
}

#[test]
fn household_records_are_validated_with_paths_and_no_personal_data() {
    let dir = tmp("records");
    let fixture = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/households/invalid_check_digit.json"
    ))
    .unwrap();
    let case: Value = serde_json::from_str(&fixture).unwrap();
    let good: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/households/valid_full.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let lines = format!("{}\n{}\n", good["input"], case["input"]);
    std::fs::write(dir.join("households.jsonl"), lines).unwrap();
    let out = fupin(
        &[
            "validate",
            "households.jsonl",
            "--as-of",
            "2020-06-30",
            "--format",
            "json",
        ],
        &dir,
    );
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v[0]["accepted"], 1);
    assert_eq!(v[0]["issues"][0]["path"], "[2].members[2].id_number");
    assert_eq!(v[0]["issues"][0]["code"], "id_check_digit");
    for m in case["input"]["members"].as_array().unwrap() {
        assert!(
            !text.contains(m["id_number"].as_str().unwrap()),
            "an id number leaked"
        );
        assert!(!text.contains(m["name"].as_str().unwrap()), "a name leaked");
    }
}

#[test]
fn html_report_is_self_contained() {
    let dir = tmp("html");
    let out = fupin(
        &["assess", "--format", "html", "--out", "report.html"],
        &dir,
    );
    assert!(out.status.success());
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(html.starts_with("<!doctype html>"));
    assert!(html.contains("<svg") && html.contains("SYNTHETIC"));
    // scripts, styles and data inline: nothing fetched
    assert!(!html.contains("http://") && !html.contains("https://"));
    assert!(!html.contains("<script src") && !html.contains("<link") && !html.contains("import("));
}

#[test]
fn regions_resolve_messy_names_and_say_not_found() {
    let dir = tmp("regions");
    let out = fupin(
        &["regions", "长阳", "宣武区", "客服", "--format", "json"],
        &dir,
    );
    assert_eq!(out.status.code(), Some(1), "not found makes the status 1");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["name"], "长阳土家族自治县");
    assert_eq!(v[1]["name"], "西城区");
    assert_eq!(v[1]["how"], "abolished");
    assert_eq!(v[2]["how"], "not_found");
}

#[test]
fn errors_are_plain_words_with_a_code_and_status_2() {
    let dir = tmp("errors");
    let out = fupin(&["assess", "missing.csv"], &dir);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("cannot read `missing.csv`") && err.contains("[read_error]"),
        "{err}"
    );
    let out = fupin(&["assess", "data.ods"], &dir);
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("unknown extension `ods`")
    );
}

#[test]
fn excel_exports_with_chinese_headers_formulas_and_error_cells() {
    use rust_xlsxwriter::{Formula, Workbook};
    let dir = tmp("xlsx");
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("户表").unwrap();
    for (c, h) in [
        "户编号",
        "行政区划代码",
        "家庭人口",
        "贫困户状态",
        "有无终端",
    ]
    .iter()
    .enumerate()
    {
        sheet
            .write_string(0, u16::try_from(c).unwrap(), *h)
            .unwrap();
    }
    let rows: [(&str, f64, &str, &str); 3] = [
        ("522327100201", 4.0, "贫困户", "是"),
        ("522327100201", 3.0, "已脱贫", "否"),
        ("522327100202", 2.0, "返贫", "是"),
    ];
    for (r, (v, p, s, t)) in rows.iter().enumerate() {
        let r = u32::try_from(r + 1).unwrap();
        sheet.write_string(r, 0, format!("F{r}")).unwrap();
        sheet.write_string(r, 1, *v).unwrap();
        sheet.write_number(r, 2, *p).unwrap();
        sheet.write_string(r, 3, *s).unwrap();
        sheet.write_string(r, 4, *t).unwrap();
    }
    // a formula cell with a cached value, and an error cell
    sheet.write_string(4, 0, "F4").unwrap();
    sheet.write_string(4, 1, "522327100202").unwrap();
    sheet
        .write_formula(4, 2, Formula::new("=1+1").set_result("2"))
        .unwrap();
    sheet.write_string(4, 3, "贫困户").unwrap();
    sheet.write_string(5, 0, "F5").unwrap();
    sheet.write_string(5, 1, "522327100202").unwrap();
    sheet
        .write_formula(5, 2, Formula::new("=1/0").set_result("#DIV/0!"))
        .unwrap();
    book.save(dir.join("export.xlsx")).unwrap();
    let report = json(&fupin(
        &[
            "assess",
            "export.xlsx",
            "--format",
            "json",
            "--as-of",
            "2020-06-30",
        ],
        &dir,
    ));
    assert_eq!(report["rows"], 5);
    assert_eq!(report["accepted"], 4, "{report}");
    assert_eq!(report["rejected"], 1);
    assert!(
        report["files"][0]["detected"]
            .as_str()
            .unwrap()
            .contains("户表")
    );
    let out = fupin(&["assess", "export.xlsx", "--sheet", "nope"], &dir);
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("no sheet `nope`")
    );
}

#[test]
fn a_title_above_the_column_names_is_skipped_with_header_row() {
    // exports of the 扶贫开发信息系统 often carry a title (and a blank row) above the
    // column names: without --header-row the column is missing, and the message says how
    use rust_xlsxwriter::Workbook;
    let dir = tmp("header-row");
    let csv = "某县建档立卡贫困户花名册,,,\n行政区划代码,户编号,贫困户状态,家庭人口\n522327100201,A1,贫困户,3\n522327100201,A2,已脱贫,2\n522327100201,A3,贫困户,9\n";
    std::fs::write(dir.join("title.csv"), csv).unwrap();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet
        .write_string(0, 0, "某县建档立卡贫困户花名册")
        .unwrap();
    for (c, h) in ["行政区划代码", "户编号", "贫困户状态", "家庭人口"]
        .iter()
        .enumerate()
    {
        sheet
            .write_string(2, u16::try_from(c).unwrap(), *h)
            .unwrap();
    }
    for (r, (n, s, p)) in [
        ("A1", "贫困户", 3.0),
        ("A2", "已脱贫", 2.0),
        ("A3", "贫困户", 9.0),
    ]
    .iter()
    .enumerate()
    {
        let r = u32::try_from(r + 3).unwrap();
        sheet.write_string(r, 0, "522327100201").unwrap();
        sheet.write_string(r, 1, *n).unwrap();
        sheet.write_string(r, 2, *s).unwrap();
        sheet.write_number(r, 3, *p).unwrap();
    }
    book.save(dir.join("title.xlsx")).unwrap();
    for (file, row) in [("title.csv", "2"), ("title.xlsx", "3")] {
        let out = fupin(
            &["assess", file, "--as-of", "2020-06-30", "--format", "json"],
            &dir,
        );
        assert_eq!(out.status.code(), Some(2), "{file}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("[missing_column]") && err.contains("--header-row"),
            "{err}"
        );
        let report = json(&fupin(
            &[
                "assess",
                file,
                "--as-of",
                "2020-06-30",
                "--format",
                "json",
                "--header-row",
                row,
            ],
            &dir,
        ));
        let f = &report["files"][0];
        assert_eq!(
            (f["rows"].as_u64(), f["accepted"].as_u64()),
            (Some(3), Some(3)),
            "{file}"
        );
        let share = report["indicators"][0]["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["indicator"] == "poor_household_share")
            .unwrap()
            .clone();
        assert_eq!(
            (share["numerator"].as_u64(), share["denominator"].as_u64()),
            (Some(2), Some(3))
        );
    }
}

/// The rows of a CSV file of provincial standards (`fupin exit --standards`) and of
/// designations (`fupin pairings --designations`) are numbered from 1 in their messages, as
/// every other table's: the second data row is `[2]` (it was `[1]`, numbered from 0).
#[test]
fn standards_and_designations_number_their_rows_from_1() {
    let dir = tmp("csv-rows-from-1");
    let h = r#"{"file_number": "G1", "village": "522327104201", "identified_year": 2016, "status": "poor", "main_cause": "因病", "income_per_capita": 3500, "members": [{"name": "张三", "relation": "householder", "sex": "male"}]}"#;
    std::fs::write(dir.join("h.jsonl"), format!("{h}\n")).unwrap();
    std::fs::write(
        dir.join("s.csv"),
        "province,year,yuan,source\n520000,2016,3146,example\n520000,2017,abc,example\n",
    )
    .unwrap();
    let out = fupin(
        &[
            "exit",
            "h.jsonl",
            "--as-of",
            "2020-06-30",
            "--standards",
            "s.csv",
            "--line",
            "provincial",
            "-q",
        ],
        &dir,
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("[2]: `abc` is not a decimal amount"), "{err}");
    std::fs::write(
        dir.join("des.csv"),
        "kind,region,valid_from,valid_to,source\npoor_county,522327,2014-01-01,,x\npoor_county,52232x,2014-01-01,,x\n",
    )
    .unwrap();
    std::fs::write(dir.join("book.json"), r#"{"helpers": [], "pairings": []}"#).unwrap();
    let out = fupin(
        &[
            "pairings",
            "check",
            "book.json",
            "--designations",
            "des.csv",
            "--as-of",
            "2018-01-01",
        ],
        &dir,
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("[2]: `52232x`"), "{err}");
    // the file is named, as the standards' is
    assert!(err.contains("des.csv"), "{err}");
}
