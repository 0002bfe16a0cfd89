//! The reports officials exchange: the Excel workbook of `fupin assess --format xlsx`, read
//! back with calamine, holds the numbers of the JSON report.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code"
)]

use crate::common::{fupin, json, tmp};

use std::io::Read as _;

use calamine::{Data, Reader, Xlsx, open_workbook};

fn sheet(wb: &mut Xlsx<std::io::BufReader<std::fs::File>>, name: &str) -> Vec<Vec<Data>> {
    let range = wb.worksheet_range(name).expect(name);
    range.rows().map(<[Data]>::to_vec).collect()
}

fn s(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

fn f(d: &Data) -> Option<f64> {
    match d {
        Data::Float(x) => Some(*x),
        Data::Int(i) => Some(*i as f64),
        _ => None,
    }
}

/// A part of the workbook's archive, as text.
fn part(path: &std::path::Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name(name)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn the_workbook_holds_the_numbers_of_the_json_report() {
    let dir = tmp("xlsx");
    let report = json(&fupin(
        &["assess", "--demo-scale", "0.05", "--format", "json"],
        &dir,
    ));
    let out = fupin(
        &[
            "assess",
            "--demo-scale",
            "0.05",
            "--format",
            "xlsx",
            "--out",
            "report.xlsx",
        ],
        &dir,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = dir.join("report.xlsx");
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(
        wb.sheet_names(),
        [
            "说明",
            "全国指标",
            "省级指标",
            "地级指标",
            "县级指标",
            "目标",
            "退出",
            "评分卡",
            "问责",
            "拒绝行"
        ]
    );

    // the README sheet: the label, the as-of date, the inputs, rules with their sources
    let readme = sheet(&mut wb, "说明");
    let text: Vec<String> = readme.iter().flatten().map(s).collect();
    assert!(text.iter().any(|t| t.starts_with("SYNTHETIC")));
    assert!(text.contains(&report["as_of"].as_str().unwrap().to_owned()));
    assert!(text.iter().any(|t| t.contains("(embedded synthetic demo)")));
    assert!(
        text.iter().any(|t| t.contains("网络扶贫行动计划")),
        "a target's source"
    );

    // every county's indicators: numerator, denominator, value as in the JSON
    let counties = sheet(&mut wb, "县级指标");
    let header = &counties[1];
    assert_eq!(s(&header[0]), "代码");
    assert_eq!(s(&header[3]), "分子");
    let mut checked = 0;
    for unit in report["indicators"].as_array().unwrap() {
        if unit["level"] != "county" {
            continue;
        }
        let code = &unit["code"].as_str().unwrap()[..6];
        let row = counties
            .iter()
            .find(|r| s(&r[0]) == code)
            .unwrap_or_else(|| panic!("county {code} in the workbook"));
        assert_eq!(s(&row[1]), unit["name"].as_str().unwrap());
        let top = &counties[0];
        for v in unit["indicators"].as_array().unwrap() {
            // a share of the catalog, or an indicator beyond shares (its unit after its name)
            let id = v["indicator"].as_str().unwrap();
            let name = match fupin_core::plan::indicator::get(id) {
                Some(i) => i.name_zh.to_owned(),
                None => {
                    let defs = fupin_core::plan::MeasureDefs::default();
                    let d = defs.get(id).unwrap();
                    if d.unit.is_empty() {
                        d.name_zh.clone()
                    } else {
                        format!("{} ({})", d.name_zh, d.unit)
                    }
                }
            };
            let col = top.iter().position(|c| s(c) == name).unwrap();
            assert_eq!(f(&row[col]), v["numerator"].as_f64(), "{code} {name}");
            assert_eq!(f(&row[col + 1]), v["denominator"].as_f64(), "{code} {name}");
            // the value to a spreadsheet's precision (the workbook's numbers have 15 or 16
            // significant digits; the ratio itself is exact in the two counts beside it)
            match (f(&row[col + 2]), v["value"].as_f64()) {
                (Some(x), Some(y)) => {
                    assert!(
                        (x - y).abs() <= 1e-12 * y.abs().max(1.0),
                        "{code} {name}: {x} {y}"
                    );
                }
                (x, y) => assert_eq!(x, y, "{code} {name}"),
            }
            checked += 1;
        }
    }
    assert!(checked > 50, "{checked} values checked");

    // a row per target verdict, a row per exit criterion
    let verdicts = sheet(&mut wb, "目标");
    assert_eq!(
        verdicts.len() - 1,
        report["verdicts"].as_array().unwrap().len()
    );
    let symbols: Vec<String> = verdicts.iter().skip(1).map(|r| s(&r[4])).collect();
    assert!(
        symbols
            .iter()
            .all(|c| ["≥", ">", "≤", "<"].contains(&c.as_str()))
    );
    let exits = sheet(&mut wb, "退出");
    let criteria: usize = report["exits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["criteria"].as_array().unwrap().len().max(1))
        .sum();
    assert_eq!(exits.len() - 1, criteria);
    let scorecards = sheet(&mut wb, "评分卡");
    assert_eq!(
        scorecards.len() - 1,
        report["scorecards"].as_array().unwrap().len()
    );
    assert!(sheet(&mut wb, "问责").len() > 1);

    // shares are numbers with a percentage format; header rows frozen and filtered
    assert!(part(&path, "xl/styles.xml").contains("0.0%"));
    let county_xml = part(&path, "xl/worksheets/sheet5.xml");
    assert!(county_xml.contains("<pane ") && county_xml.contains("state=\"frozen\""));
    assert!(county_xml.contains("<autoFilter "));
    assert!(county_xml.contains("<col "), "column widths set");
}

#[test]
fn english_headers_with_lang_en_and_no_workbook_on_a_terminal() {
    let dir = tmp("xlsx-en");
    let out = fupin(
        &[
            "assess",
            "--demo-scale",
            "0.02",
            "--level",
            "province",
            "--format",
            "xlsx",
            "--lang",
            "en",
            "--out",
            "en.xlsx",
        ],
        &dir,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut wb: Xlsx<_> = open_workbook(dir.join("en.xlsx")).unwrap();
    assert_eq!(
        wb.sheet_names(),
        [
            "README",
            "nation indicators",
            "province indicators",
            "targets",
            "exits",
            "scorecards",
            "accountability",
            "rejected rows"
        ]
    );
    let nation = sheet(&mut wb, "nation indicators");
    assert_eq!(s(&nation[1][0]), "code");
    assert_eq!(s(&nation[2][1]), "nation");
}

#[test]
fn quiet_is_accepted_before_and_after_the_command() {
    // no progress bar without a terminal anyway; --quiet (-q) keeps it off on one
    let dir = tmp("quiet");
    for args in [
        &["-q", "assess", "--demo-scale", "0.02", "--level", "nation"][..],
        &[
            "assess",
            "--demo-scale",
            "0.02",
            "--level",
            "nation",
            "--quiet",
        ][..],
    ] {
        let out = fupin(args, &dir);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.stderr.is_empty());
    }
}

/// The HTML report shows each county's exit criterion with the threshold it was decided
/// on: a western county's incidence at 3%, an eastern one's at 2% (they share a source, and
/// the page once showed every county with the first one's threshold).
#[test]
fn the_html_report_shows_each_countys_own_exit_threshold() {
    let dir = tmp("html-zones");
    let write = |name: &str, text: &str| std::fs::write(dir.join(name), text).unwrap();
    write("counties.csv", "county,poor_county\n150121,是\n370124,是\n");
    write(
        "households.csv",
        "file_number,village,people,status\n1,150121100201,4,贫困户\n2,370124100201,5,贫困户\n",
    );
    write(
        "villages.csv",
        "village,poor_village,rural_population\n150121100201,是,200\n370124100201,是,200\n",
    );
    let args = [
        "assess",
        "households.csv",
        "--villages",
        "villages.csv",
        "--counties",
        "counties.csv",
        "--as-of",
        "2020-06-30",
        "-q",
    ];
    let report = json(&fupin(&[&args[..], &["--format", "json"]].concat(), &dir));
    let thresholds: Vec<(String, f64)> = report["exits"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["level"] == "county")
        .map(|e| {
            let c = &e["criteria"][0];
            assert_eq!(c["key"], "poverty_incidence");
            (
                e["unit"].as_str().unwrap().to_owned(),
                c["threshold"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        thresholds,
        [
            ("150121000000".to_owned(), 0.03),
            ("370124000000".to_owned(), 0.02)
        ]
    );
    let out = fupin(
        &[&args[..], &["--format", "html", "--out", "r.html"]].concat(),
        &dir,
    );
    assert!(out.status.success());
    let html = std::fs::read_to_string(dir.join("r.html")).unwrap();
    // the page's criteria (its data, JSON in a script element): the county incidence
    // criterion once per threshold applied
    let at = html.find("\"criteria\":").unwrap() + "\"criteria\":".len();
    let criteria: serde_json::Value = serde_json::Deserializer::from_str(&html[at..])
        .into_iter()
        .next()
        .unwrap()
        .unwrap();
    let mut county: Vec<f64> = criteria
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["level"] == "county" && c["key"] == "poverty_incidence")
        .map(|c| c["thr"].as_f64().unwrap())
        .collect();
    county.sort_by(f64::total_cmp);
    assert_eq!(county, [0.02, 0.03]);
}

/// `--region` keeps the CSV to the units the JSON report shows: the region, its parents and
/// what is in it — not the nation or another province's units.
#[test]
fn the_csv_keeps_to_the_region_as_the_json_does() {
    let dir = tmp("csv-region");
    std::fs::write(
        dir.join("h.csv"),
        "file_number,village,people,status\n1,522327100201,4,贫困户\n2,341522100201,3,贫困户\n",
    )
    .unwrap();
    let args = [
        "assess",
        "h.csv",
        "--as-of",
        "2020-06-30",
        "--region",
        "522327",
        "-q",
    ];
    let report = json(&fupin(&[&args[..], &["--format", "json"]].concat(), &dir));
    let mut from_json: Vec<String> = report["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            format!(
                "{},{}",
                u["level"].as_str().unwrap(),
                &u["code"].as_str().unwrap()[..6]
            )
        })
        .collect();
    let out = fupin(&[&args[..], &["--format", "csv"]].concat(), &dir);
    let csv = String::from_utf8(out.stdout).unwrap();
    let mut from_csv: Vec<String> = csv
        .lines()
        .skip(1)
        .map(|l| {
            let mut cells = l.split(',');
            let (level, code) = (cells.next().unwrap(), cells.next().unwrap());
            format!("{level},{}", &code[..6.min(code.len())])
        })
        .collect();
    from_json.sort();
    from_csv.sort();
    from_csv.dedup();
    assert_eq!(from_csv, from_json);
    assert_eq!(from_json.len(), 3, "{from_json:?}");
}
