//! At a threshold, what is printed agrees with the verdict: CSV carries the exact value
//! (2,004 poor people of 100,000 is 0.02004, not 0.0200) and the table shows as many
//! decimals as it takes (2.004% against 2%, not 2.0% ≤ 2%), thresholds exactly (2.5%).

#![allow(
    clippy::unwrap_used,
    reason = "test code: a failure should stop the test"
)]

use std::path::PathBuf;

use crate::common::{fupin, tmp};

/// A poor village of 100,000 rural people with 1,002 poor households of 2 (2.004%), in a
/// poor county.
fn boundary(name: &str) -> PathBuf {
    let dir = tmp(name);
    let mut rows = String::from("file_number,village,people,status\n");
    for i in 0..1002 {
        rows += &format!("Q{i},341522100201,2,poor\n");
    }
    std::fs::write(dir.join("h.csv"), rows).unwrap();
    std::fs::write(
        dir.join("v.csv"),
        "village,poor_village,rural_population\n341522100201,是,100000\n",
    )
    .unwrap();
    std::fs::write(dir.join("c.csv"), "county,poor_county\n341522,是\n").unwrap();
    dir
}

#[test]
fn csv_carries_the_exact_value() {
    let dir = boundary("boundary-csv");
    let base = [
        "assess",
        "h.csv",
        "--villages",
        "v.csv",
        "--as-of",
        "2020-06-30",
    ];
    let out = fupin(
        &[&base[..], &["--level", "village", "--format", "csv"]].concat(),
        &dir,
    );
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let row = text
        .lines()
        .find(|l| l.starts_with("village,") && l.contains(",poverty_incidence,"))
        .unwrap();
    assert!(row.contains(",0.02004,"), "{row}");
}

#[test]
fn the_table_does_not_contradict_the_verdict_at_the_threshold() {
    let dir = boundary("boundary-table");
    let base = [
        "assess",
        "h.csv",
        "--villages",
        "v.csv",
        "--counties",
        "c.csv",
        "--as-of",
        "2020-06-30",
    ];
    let out = fupin(&base, &dir);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("✗ 贫困发生率 2.004% ≤ 2%"), "{text}");
    assert!(!text.contains("2.0% ≤ 2%"), "{text}");
    // a rule pack's threshold is shown as it is
    std::fs::write(dir.join("rules.json"), r#"{"incidence": 0.025}"#).unwrap();
    let out = fupin(&[&base[..], &["--exit-rules", "rules.json"]].concat(), &dir);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("✓ 贫困发生率 2.0% ≤ 2.5%"), "{text}");
}

#[test]
fn the_workbook_shows_values_on_their_side_of_the_threshold_and_thresholds_exactly() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    use std::io::Read as _;

    let dir = boundary("boundary-xlsx");
    std::fs::write(dir.join("rules.json"), r#"{"incidence": 0.025}"#).unwrap();
    let base = [
        "assess",
        "h.csv",
        "--villages",
        "v.csv",
        "--counties",
        "c.csv",
        "--as-of",
        "2020-06-30",
        "--format",
        "xlsx",
    ];
    let styles = |file: &str| {
        let mut zip = zip::ZipArchive::new(std::fs::File::open(dir.join(file)).unwrap()).unwrap();
        let mut xml = String::new();
        zip.by_name("xl/styles.xml")
            .unwrap()
            .read_to_string(&mut xml)
            .unwrap();
        xml
    };
    let out = fupin(&[&base[..], &["--out", "a.xlsx"]].concat(), &dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // the value 0.02004 with three decimals of percent (2.004%), the threshold with none (2%)
    let xml = styles("a.xlsx");
    assert!(xml.contains(r#"formatCode="0.000%""#), "{xml}");
    assert!(xml.contains(r#"formatCode="0%""#), "{xml}");
    let mut wb: Xlsx<_> = open_workbook(dir.join("a.xlsx")).unwrap();
    let exits = wb.worksheet_range("退出").unwrap();
    let row = exits
        .rows()
        .find(|r| {
            r.iter()
                .any(|c| matches!(c, Data::String(s) if s == "贫困发生率"))
        })
        .unwrap();
    assert!(row.contains(&Data::Float(0.02004)), "{row:?}");
    // a rule pack's threshold in words as it is
    let out = fupin(
        &[
            &base[..],
            &["--out", "b.xlsx", "--exit-rules", "rules.json"],
        ]
        .concat(),
        &dir,
    );
    assert!(out.status.success());
    let mut wb: Xlsx<_> = open_workbook(dir.join("b.xlsx")).unwrap();
    let readme = wb.worksheet_range("说明").unwrap();
    let texts: Vec<String> = readme.rows().flatten().map(ToString::to_string).collect();
    assert!(texts.iter().any(|t| t == "≤ 2.5%"), "{texts:?}");
}
