//! `fupin validate --kind villages|townships|counties` reads a unit table as `fupin assess`
//! reads it: the value columns of the indicators beyond shares too (a county's online
//! retail sales of `abc`), so both accept and reject the same rows with the same issues.

#![allow(
    clippy::unwrap_used,
    reason = "test code: a failure should stop the test"
)]

use crate::common::{fupin, tmp};

/// The rows of a `--rejects` file, those of `file` only.
fn rejects_of(dir: &std::path::Path, rejects: &str, file: &str) -> Vec<String> {
    std::fs::read_to_string(dir.join(rejects))
        .unwrap()
        .lines()
        .filter(|l| l.starts_with(&format!("{file},")))
        .map(str::to_owned)
        .collect()
}

#[test]
fn validate_rejects_the_unit_rows_assess_rejects() {
    let dir = tmp("unit-tables");
    std::fs::write(
        dir.join("c.csv"),
        "county,poor_county,online_retail_sales\n522327,是,abc\n522328,是,1000\n522329,maybe,12.5\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("v.csv"),
        "village,poor_village,rural_population\n522327104201,是,x\n522327104202,是,100\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("h.csv"),
        "file_number,village,people,status\nF1,522327104201,2,poor\n",
    )
    .unwrap();
    let out = fupin(
        &[
            "assess",
            "h.csv",
            "--villages",
            "v.csv",
            "--counties",
            "c.csv",
            "--as-of",
            "2020-06-30",
            "--rejects",
            "assess.csv",
        ],
        &dir,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for (file, kind) in [("c.csv", "counties"), ("v.csv", "villages")] {
        let out = fupin(
            &[
                "validate",
                file,
                "--kind",
                kind,
                "--rejects",
                "validate.csv",
            ],
            &dir,
        );
        // rows were rejected: validate says so in its status
        assert_eq!(out.status.code(), Some(1), "{kind}");
        let by_assess = rejects_of(&dir, "assess.csv", file);
        assert!(!by_assess.is_empty(), "{kind}");
        assert_eq!(rejects_of(&dir, "validate.csv", file), by_assess, "{kind}");
    }
    let validated = rejects_of(&dir, "validate.csv", "v.csv");
    assert_eq!(validated.len(), 1);
    let counties = fupin(
        &[
            "validate",
            "c.csv",
            "--kind",
            "counties",
            "--rejects",
            "validate.csv",
        ],
        &dir,
    );
    assert_eq!(counties.status.code(), Some(1));
    let rows = rejects_of(&dir, "validate.csv", "c.csv");
    assert!(
        rows.iter()
            .any(|r| r.contains("[1].online_retail_sales,invalid_value")),
        "{rows:?}"
    );
}
