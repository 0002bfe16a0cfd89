//! Old Excel exports (`.xls`, BIFF8): read like `.xlsx`, every row accepted or reported
//! (fixture: tests/fixtures/export.xls, written by tests/fixtures/make_xls.py with xlwt).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code"
)]

use crate::common::{fupin, json, tmp};

fn fixture() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/export.xls")
}

#[test]
fn an_xls_export_is_read_with_the_checks_of_an_xlsx_one() {
    let dir = tmp("xls");
    std::fs::copy(fixture(), dir.join("export.xls")).unwrap();
    let report = json(&fupin(
        &[
            "assess",
            "export.xls",
            "--format",
            "json",
            "--as-of",
            "2020-06-30",
            "--rejects",
            "rejects.csv",
        ],
        &dir,
    ));
    let file = &report["files"][0];
    assert_eq!(file["detected"], "xls, sheet `户表`");
    // 7 rows (the blank one is not a row): 1-3 and 6 accepted; the error cell, the cell
    // inside a merged range and the date counted as people rejected
    assert_eq!(report["rows"], 7, "{report}");
    assert_eq!(report["accepted"], 4, "{report}");
    assert_eq!(report["rejected"], 3);
    assert_eq!(report["rejects"]["by_code"]["cell_error"], 1, "{report}");
    assert_eq!(report["rejects"]["by_code"]["merged_cell"], 1, "{report}");
    let rejects = std::fs::read_to_string(dir.join("rejects.csv")).unwrap();
    let rows: Vec<&str> = rejects.lines().skip(1).collect();
    assert!(
        rows[0].starts_with("export.xls,4,") && rows[0].contains("Div0"),
        "{rejects}"
    );
    assert!(
        rows[1].starts_with("export.xls,7,") && rows[1].contains("B7:B8"),
        "{rejects}"
    );
    assert!(
        rows[2].starts_with("export.xls,8,") && rows[2].contains("1900-01-03"),
        "{rejects}"
    );
    assert_eq!(
        file["columns"]["recognised"]["village"], "行政区划代码",
        "{report}"
    );
    // the households counted: 3 + 1 read, 2 villages listed
    let nation = &report["indicators"][0]["indicators"];
    let share = nation
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["indicator"] == "poor_household_share")
        .unwrap();
    assert_eq!(share["denominator"], 4);

    // a named sheet that is not there; a file that is not a workbook
    let out = fupin(&["assess", "export.xls", "--sheet", "nope"], &dir);
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("no sheet `nope`")
    );
    std::fs::write(dir.join("fake.xls"), "户编号,行政区划代码\n").unwrap();
    let out = fupin(&["assess", "fake.xls"], &dir);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("[invalid_workbook]"), "{err}");
    // from standard input, refused like an .xlsx (it is read at any place)
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_fupin"))
        .args(["assess", "-", "--input-format", "xls"])
        .current_dir(&dir)
        .stdin(std::fs::File::open(fixture()).unwrap())
        .output()
        .unwrap();
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("[not_seekable]")
    );
}
