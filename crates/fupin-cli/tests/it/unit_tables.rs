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

/// A county row whose survey figures break the core's rule of them (more wrongly exited
/// than exited sampled, more missed than sampled, approval above the households surveyed)
/// is a rejected row of its table, with its file, its 1-based row and every problem of the
/// row; the other counties are read and judged. (The row was accepted, then the whole run
/// refused: `fupin: 3 validation issue(s): counties[1].survey.wrongly_exited …`.)
#[test]
fn a_county_row_with_impossible_survey_figures_is_a_rejected_row() {
    let dir = tmp("unit-tables-survey");
    std::fs::write(
        dir.join("c.csv"),
        "county,poor_county,sampled_exited,wrongly_exited,sampled_non_registered,missed,surveyed_households,approving_households\n\
         522327,是,100,1,200,2,50,48\n\
         522328,是,100,120,200,300,50,60\n\
         522329,是,100,0,200,0,50,50\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("h.csv"),
        "file_number,village,people,status\nF1,522327104201,2,poor\nF2,522329100201,3,exited\n",
    )
    .unwrap();
    let out = fupin(
        &[
            "assess",
            "h.csv",
            "--counties",
            "c.csv",
            "--as-of",
            "2020-06-30",
            "--format",
            "json",
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
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let counties = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["file"].as_str().is_some_and(|n| n.ends_with("c.csv")))
        .unwrap();
    assert_eq!(
        (&counties["rows"], &counties["rejected"]),
        (&3.into(), &1.into())
    );
    let rows = rejects_of(&dir, "assess.csv", "c.csv");
    assert_eq!(
        rows.iter()
            .map(|r| r.split(',').take(4).collect::<Vec<_>>().join(","))
            .collect::<Vec<_>>(),
        [
            "c.csv,2,[2].wrongly_exited,part_exceeds_whole",
            "c.csv,2,[2].missed,part_exceeds_whole",
            "c.csv,2,[2].approving_households,part_exceeds_whole",
        ],
        "{rows:?}"
    );
    // the other two counties judged, the rejected one not
    let judged: Vec<&str> = report["exits"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["unit"].as_str())
        .collect();
    assert!(judged.iter().any(|c| c.starts_with("522327")), "{judged:?}");
    assert!(judged.iter().any(|c| c.starts_with("522329")), "{judged:?}");
    assert!(
        !judged.iter().any(|c| c.starts_with("522328")),
        "{judged:?}"
    );
    // `fupin validate --kind counties` rejects the same row with the same problems
    let checked = fupin(
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
    assert_eq!(checked.status.code(), Some(1));
    assert_eq!(rejects_of(&dir, "validate.csv", "c.csv"), rows);
}
