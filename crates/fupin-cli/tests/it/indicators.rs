//! Indicators beyond shares from the command: the built-in ones read from the county table's
//! columns, a user's own from `--indicators`, targets on them from `--targets`, bad cells and
//! bad definitions reported.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code"
)]

use crate::common::{fupin, json, tmp};

use serde_json::Value;

fn write(dir: &std::path::Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

fn setup(name: &str) -> std::path::PathBuf {
    let dir = tmp(name);
    write(
        &dir,
        "h.csv",
        "户编号,行政区划代码,家庭人口,贫困户状态\n1,522327104201,4,贫困户\n2,522328100201,6,已脱贫\n",
    );
    write(
        &dir,
        "counties.csv",
        "县代码,是否贫困县,网络零售额,宽带用户\n522327,是,1250000.50,1200\n522328,是,,800\n522301,否,99,50\n",
    );
    write(
        &dir,
        "mine.json",
        r#"[{"id": "broadband_users", "name_zh": "宽带用户数", "kind": "count", "level": "county",
             "numerator": "broadband_users", "columns": {"broadband_users": ["宽带用户"]},
             "unit": "users", "source": "县网信办月报 (our own definition)"}]"#,
    );
    write(
        &dir,
        "targets.json",
        r#"[{"indicator": "broadband_users", "comparator": "ge", "threshold": 1000,
             "deadline": "2020-12-31", "valid_from": "2020-01-01",
             "source": "县目标 (example)", "revision": 1}]"#,
    );
    dir
}

fn indicator<'a>(report: &'a Value, code: Option<&str>, id: &str) -> &'a Value {
    report["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["code"].as_str().map(|c| &c[..6]) == code)
        .and_then(|u| {
            u["indicators"]
                .as_array()
                .unwrap()
                .iter()
                .find(|v| v["indicator"] == id)
        })
        .unwrap_or_else(|| panic!("{code:?} {id}"))
}

#[test]
fn counts_and_amounts_with_targets_end_to_end() {
    let dir = setup("indicators");
    let out = fupin(
        &[
            "assess",
            "h.csv",
            "--counties",
            "counties.csv",
            "--as-of",
            "2020-06-30",
            "--indicators",
            "mine.json",
            "--targets",
            "targets.json",
            "--format",
            "json",
        ],
        &dir,
    );
    let report = json(&out);
    // online retail sales of the poor counties: 522301 is not one; 522328 has no figure
    let sales = indicator(&report, None, "online_retail_sales");
    assert_eq!(sales["kind"], "amount");
    assert_eq!(sales["numerator"], 125_000_050);
    assert_eq!(sales["value"], 1_250_000.5);
    assert_eq!(
        (sales["population"].as_u64(), sales["missing"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(sales["completeness"], "partial");
    let users = indicator(&report, Some("522328"), "broadband_users");
    assert_eq!(
        (users["kind"].as_str(), users["value"].as_f64()),
        (Some("count"), Some(800.0))
    );
    let verdicts: Vec<(String, Option<bool>)> = report["verdicts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|v| v["indicator"] == "broadband_users" && v["level"] == "county")
        .map(|v| {
            (
                v["unit"].as_str().unwrap()[..6].to_owned(),
                v["met"].as_bool(),
            )
        })
        .collect();
    assert_eq!(
        verdicts,
        [
            ("522301".to_owned(), Some(false)),
            ("522327".to_owned(), Some(true)),
            ("522328".to_owned(), Some(false))
        ]
    );
    // the value columns are listed as read, not ignored
    let counties = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["table"] == "counties")
        .unwrap();
    assert_eq!(
        counties["columns"]["recognised"]["values.online_retail_sales"],
        "网络零售额"
    );
    assert_eq!(counties["columns"]["ignored"], serde_json::json!([]));
    // the table shows the amount in yuan and the count whole
    let out = fupin(
        &[
            "assess",
            "h.csv",
            "--counties",
            "counties.csv",
            "--as-of",
            "2020-06-30",
            "--indicators",
            "mine.json",
            "--targets",
            "targets.json",
        ],
        &dir,
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("1250000.50") && text.contains("网络零售额 (yuan)"),
        "{text}"
    );
    // the county target is shown as the counties meeting it, not judged on a sum above
    let row = text
        .lines()
        .find(|l| l.contains("≥ 1000 by 2020-12-31"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        row.contains("each county") && row.contains("1 of 3 met"),
        "{row}"
    );
}

#[test]
fn bad_cells_and_definitions_are_reported() {
    let dir = setup("indicators-bad");
    write(
        &dir,
        "counties.csv",
        "县代码,是否贫困县,网络零售额\n522327,是,12.345\n522328,是,-3\n",
    );
    let out = fupin(
        &[
            "assess",
            "h.csv",
            "--counties",
            "counties.csv",
            "--as-of",
            "2020-06-30",
            "--format",
            "json",
        ],
        &dir,
    );
    let report = json(&out);
    let counties = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["table"] == "counties")
        .unwrap();
    assert_eq!(
        (counties["rows"].as_u64(), counties["rejected"].as_u64()),
        (Some(2), Some(2))
    );
    write(
        &dir,
        "mine.json",
        r#"[{"id": "x", "name_zh": "x", "kind": "count", "level": "county", "numerator": "x", "source": ""}]"#,
    );
    let out = fupin(
        &[
            "assess",
            "h.csv",
            "--as-of",
            "2020-06-30",
            "--indicators",
            "mine.json",
        ],
        &dir,
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("invalid_indicators") && err.contains("missing_source"),
        "{err}"
    );
}
