//! Outputs that can hurt the reader (issue #16): markup in HTML, formulas in CSV, terminal
//! control sequences in tables, text and standard error. Every text from input — cells,
//! names, file names, queries — goes through one guard per kind of output.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code"
)]

use crate::common::{fupin, tmp};

use std::path::Path;
use std::process::Output;

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// A pairing book whose one pairing names a helper id that does not exist, and one helper
/// `helper` with a name in markup.
fn pairing_files(dir: &Path, unknown: &str, helper: &str) {
    let book = serde_json::json!({
        "helpers": [{"id": helper, "name": "<b>甲</b>", "kind": "internet_enterprise",
                     "capacity": 2, "domains": ["rural_ecommerce"]}],
        "pairings": [{"id": "p1", "helpers": [unknown], "recipient": {"region": "522327"},
                      "signed_on": "2017-03-01"}]
    });
    std::fs::write(dir.join("book.json"), book.to_string()).unwrap();
    std::fs::write(
        dir.join("des.json"),
        r#"[{"kind": "poor_county", "region": "522327", "valid_from": "2014-01-01", "source": "synthetic"}]"#,
    )
    .unwrap();
}

/// A page, not JSON, and the markup of `hostile` escaped.
fn assert_page(out: &Output, hostile: &str, escaped: &str) {
    let page = stdout(out);
    assert!(
        page.starts_with("<!doctype html>") && page.trim_end().ends_with("</html>"),
        "not a page: {page}"
    );
    assert!(!page.contains(hostile), "raw markup in {page}");
    assert!(page.contains(escaped), "{escaped} missing from {page}");
    assert!(!page.contains("<script"), "{page}");
}

#[test]
fn html_of_every_command_is_a_page_with_the_input_escaped() {
    let dir = tmp("html");
    // regions: the query echoed
    let out = fupin(
        &["regions", "<script>alert(1)</script>", "--format", "html"],
        &dir,
    );
    assert_page(&out, "<script>", "&lt;script&gt;alert(1)&lt;/script&gt;");

    // validate: a file name in markup
    std::fs::write(dir.join("a<img src=x>.json"), r#"[{"bad": 1}]"#).unwrap();
    let out = fupin(&["validate", "a<img src=x>.json", "--format", "html"], &dir);
    assert_eq!(out.status.code(), Some(1));
    assert_page(&out, "<img", "a&lt;img src=x&gt;.json");

    // pairings check: an id in markup, quoted in a message
    pairing_files(&dir, "<i>x</i>", "ent-a");
    let out = fupin(
        &[
            "pairings",
            "check",
            "book.json",
            "--designations",
            "des.json",
            "--as-of",
            "2018-01-01",
            "--format",
            "html",
        ],
        &dir,
    );
    assert_page(&out, "<i>x", "&lt;i&gt;x&lt;/i&gt;");
    // pairings suggest: a helper's name in markup
    let out = fupin(
        &[
            "pairings",
            "suggest",
            "book.json",
            "--designations",
            "des.json",
            "--as-of",
            "2018-01-01",
            "--format",
            "html",
        ],
        &dir,
    );
    assert_page(&out, "<b>甲", "&lt;b&gt;甲&lt;/b&gt;");

    // exit: a file name in markup, its bad line rejected
    std::fs::write(dir.join("h<u>1.jsonl"), "not json\n").unwrap();
    let out = fupin(
        &[
            "exit",
            "h<u>1.jsonl",
            "--as-of",
            "2019-12-31",
            "--format",
            "html",
        ],
        &dir,
    );
    assert_page(&out, "<u>1", "h&lt;u&gt;1.jsonl");
}

#[test]
fn pairings_csv_is_csv_with_formulas_neutralised() {
    let dir = tmp("pairings-csv");
    pairing_files(&dir, "missing", "=HYPERLINK(\"http://x\")");
    let check = fupin(
        &[
            "pairings",
            "check",
            "book.json",
            "--designations",
            "des.json",
            "--as-of",
            "2018-01-01",
            "--format",
            "csv",
        ],
        &dir,
    );
    let text = stdout(&check);
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("kind,where,code,message"), "{text}");
    assert!(
        text.contains("rule_violation,pairings[0].helpers[0],unknown_helper,"),
        "{text}"
    );
    let suggest = fupin(
        &[
            "pairings",
            "suggest",
            "book.json",
            "--designations",
            "des.json",
            "--as-of",
            "2018-01-01",
            "--format",
            "csv",
        ],
        &dir,
    );
    let text = stdout(&suggest);
    assert!(
        text.starts_with("kind,recipient,helper,priority,missing,why\n"),
        "{text}"
    );
    // the helper id as a cell: neutralised; the priority: a number
    assert!(
        text.contains(",\"'=HYPERLINK(\"\"http://x\"\")\",10,,"),
        "{text}"
    );
}

#[test]
fn csv_text_cells_starting_a_formula_are_neutralised_file_names_included() {
    let dir = tmp("csv");
    std::fs::write(dir.join("=1+2.json"), r#"[{"bad": 1}]"#).unwrap();
    let out = fupin(
        &[
            "validate",
            "=1+2.json",
            "--format",
            "csv",
            "--rejects",
            "rejects.csv",
        ],
        &dir,
    );
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    for line in text.lines().skip(1) {
        assert!(line.starts_with("'=1+2.json,"), "{text}");
    }
    let rejects = std::fs::read_to_string(dir.join("rejects.csv")).unwrap();
    let row = rejects.lines().nth(1).unwrap();
    // the file neutralised, the row number a number
    assert!(row.starts_with("'=1+2.json,1,"), "{rejects}");

    let out = fupin(
        &[
            "regions", "--format", "csv", "--", "-1+2", "@SUM(A1)", "+1", "=1", "\tx",
        ],
        &dir,
    );
    let text = stdout(&out);
    for q in ["'-1+2,", "'@SUM(A1),", "'+1,", "'=1,", "'\tx,"] {
        assert!(
            text.lines()
                .any(|l| l.starts_with(q) || l.starts_with(&format!("\"{q}"))),
            "{q} in {text}"
        );
    }

    // numbers stay numbers: the assessment's numeric columns are written as they are
    let out = fupin(&["assess", "--format", "csv", "--demo-scale", "0.02"], &dir);
    let text = stdout(&out);
    assert!(text.lines().count() > 2, "{text}");
    assert!(!text.contains(",'"), "a number neutralised: {text}");
}

fn assert_no_controls(what: &str, text: &str) {
    for c in ['\u{1b}', '\u{7}', '\r', '\u{8}', '\u{9b}', '\u{202e}'] {
        assert!(!text.contains(c), "{c:?} in the {what}: {text:?}");
    }
}

#[test]
fn terminal_control_characters_are_shown_escaped() {
    let dir = tmp("term");
    let hostile = "\u{1b}]0;pwned\u{7}\u{1b}[31mX\rY\u{8}\u{9b}2J\u{202e}Z";
    // regions: the query echoed in the table
    let out = fupin(&["regions", hostile], &dir);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert_no_controls("table", &text);
    assert!(text.contains("\\u{1b}]0;pwned\\u{7}"), "{text}");
    assert!(text.contains("\\u{d}Y\\u{8}\\u{9b}2J\\u{202e}Z"), "{text}");

    // validate: a file name with escape sequences, in the table and on standard error
    let name = "a\u{1b}[2Jb.json";
    std::fs::write(dir.join(name), r#"[{"bad": 1}]"#).unwrap();
    let out = fupin(&["validate", name], &dir);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert_no_controls("table", &text);
    assert!(text.contains("a\\u{1b}[2Jb.json"), "{text}");
    let out = fupin(&["validate", "\u{1b}[2Jmissing.csv"], &dir);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_no_controls("error", &err);
    assert!(err.contains("\\u{1b}[2Jmissing.csv"), "{err}");

    // exit: the text report names the file
    let name = "h\u{1b}[31m.jsonl";
    std::fs::write(dir.join(name), "not json\n").unwrap();
    let out = fupin(&["exit", name, "--as-of", "2019-12-31"], &dir);
    let text = stdout(&out);
    assert_no_controls("text", &text);
    assert!(text.contains("h\\u{1b}[31m.jsonl"), "{text}");

    // assess: a cell of a household export, quoted in the rejected rows
    std::fs::write(
        dir.join("export.csv"),
        "户编号,行政区划代码,家庭人口,贫困户状态,有无终端\n\
         1,522327100201,4,贫困户,是\n\
         2,\u{1b}[2J5223,3,贫困户,\u{1b}]8;;http://x\u{7}否\n",
    )
    .unwrap();
    let out = fupin(&["assess", "export.csv", "--as-of", "2020-06-30"], &dir);
    let text = stdout(&out);
    assert!(text.contains("rejected rows"), "{text}");
    assert_no_controls("assessment", &text);
}
