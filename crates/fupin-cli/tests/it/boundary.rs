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
