//! Hostile files (issue #8): truncated files, invalid UTF-8 and GBK, a BOM in the middle,
//! 1 MB cells, a million columns, deeply nested JSON, duplicate keys, numbers out of range,
//! formula and merged cells, a zip bomb as `.xlsx`, Parquet with a wrong schema, and their
//! neighbours.
//!
//! Each goes through the command (under a 1 GiB address-space limit where `prlimit`
//! exists, and a deadline) and, where the code is a library, through the library too. Each
//! must give a clear error (status 2, a stable code, the file named) or per-row rejections
//! with stable snake_case codes and paths naming the row and column — and the rows add up:
//! accepted + rejected = the rows written, nothing lost or invented.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::print_stderr,
    reason = "test code"
)]

#[path = "hostile/files.rs"]
mod files;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use arrow_array::{
    ArrayRef, BooleanArray, Decimal128Array, Float64Array, Int64Array, ListArray, NullArray,
    StringArray, StructArray, UInt64Array,
};
use files::{Data, household_header, household_row, n, s, xlsx};
use serde_json::Value;

const AS_OF: &str = "2020-06-30";
/// The address space a hostile run may use.
const MEMORY: u64 = 1 << 30;
/// How long a hostile run may take (debug builds on a shared machine; the quadratic
/// readers this suite caught took minutes).
const DEADLINE: Duration = Duration::from_secs(60);

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("fupin-hostile-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn prlimit() -> bool {
    static HAS: OnceLock<bool> = OnceLock::new();
    *HAS.get_or_init(|| {
        Command::new("prlimit")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// What a run of the command gave.
#[derive(Debug)]
struct Run {
    code: Option<i32>,
    out: String,
    err: String,
}

/// Runs `fupin args…` in `dir` with the memory limit and the deadline.
fn fupin(dir: &Path, args: &[&str]) -> Run {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let k = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let (out_path, err_path) = (dir.join(format!(".out{k}")), dir.join(format!(".err{k}")));
    let bin = env!("CARGO_BIN_EXE_fupin");
    let mut cmd = if prlimit() {
        let mut c = Command::new("prlimit");
        c.arg(format!("--as={MEMORY}")).arg(bin);
        c
    } else {
        Command::new(bin)
    };
    let started = Instant::now();
    let mut child = cmd
        .args(args)
        .current_dir(dir)
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .unwrap();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > DEADLINE {
            let _ = child.kill();
            panic!("`fupin {}` ran for more than {DEADLINE:?}", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let run = Run {
        code: status.code(),
        out: String::from_utf8_lossy(&std::fs::read(&out_path).unwrap()).into_owned(),
        err: String::from_utf8_lossy(&std::fs::read(&err_path).unwrap()).into_owned(),
    };
    assert!(
        !run.err.contains("panicked") && !run.err.contains("memory allocation"),
        "`fupin {}` crashed: {}",
        args.join(" "),
        run.err
    );
    run
}

fn snake_case(code: &str) -> bool {
    !code.is_empty()
        && code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// `fupin validate FILE --format json`: the file's result, checked — `rows` rows, the
/// accepted and rejected adding up to them, one or more issues per rejected row and none
/// on another, stable codes, paths starting with a row in 1..=rows (or, for sheets
/// numbered by their rows, up to `last`).
fn validate_rows(dir: &Path, file: &str, extra: &[&str], rows: usize, last: usize) -> Value {
    let mut args = vec!["validate", file, "--format", "json", "--as-of", AS_OF];
    args.extend(extra);
    let run = fupin(dir, &args);
    assert!(
        matches!(run.code, Some(0 | 1)),
        "`fupin {}`: {run:?}",
        args.join(" ")
    );
    let v: Value = serde_json::from_str(&run.out).unwrap();
    let r = v[0].clone();
    let count = |k: &str| usize::try_from(r[k].as_u64().unwrap()).unwrap();
    assert_eq!(count("rows"), rows, "{file}: rows: {r:#}");
    assert_eq!(
        count("accepted") + count("rejected"),
        rows,
        "{file}: accepted + rejected: {r:#}"
    );
    let mut rejected = BTreeSet::new();
    for i in r["issues"].as_array().unwrap() {
        let code = i["code"].as_str().unwrap();
        assert!(snake_case(code), "{file}: code `{code}`");
        let path = i["path"].as_str().unwrap();
        let row: usize = path
            .strip_prefix('[')
            .and_then(|p| p.split(']').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{file}: path `{path}` names no row"));
        assert!((1..=last).contains(&row), "{file}: row {row} of {last}");
        assert!(
            i["message"].as_str().unwrap().len() < 1000,
            "{file}: a long message: {i}"
        );
        rejected.insert(row);
    }
    assert_eq!(rejected.len(), count("rejected"), "{file}: {r:#}");
    assert_eq!(
        run.code,
        Some(if rejected.is_empty() { 0 } else { 1 }),
        "{file}: status"
    );
    r
}

fn validate(dir: &Path, file: &str, rows: usize) -> Value {
    validate_rows(dir, file, &[], rows, rows)
}

/// `(path, code)` of every issue.
fn issues(r: &Value) -> Vec<(String, String)> {
    r["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["path"].as_str().unwrap().to_owned(),
                i["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(p, c)| ((*p).to_owned(), (*c).to_owned()))
        .collect()
}

/// `fupin assess FILE --format json --rejects …`: the counts add up to `rows`, and the
/// rejects file lists one line per issue (all of them for the file).
fn assess(dir: &Path, file: &str, rows: usize, issues: usize) -> Value {
    let run = fupin(
        dir,
        &[
            "assess",
            file,
            "--format",
            "json",
            "--as-of",
            AS_OF,
            "--rejects",
            "rejects.csv",
        ],
    );
    assert_eq!(run.code, Some(0), "{file}: {run:?}");
    let v: Value = serde_json::from_str(&run.out).unwrap();
    assert_eq!(v["rows"], rows, "{file}");
    assert_eq!(
        v["accepted"].as_u64().unwrap() + v["rejected"].as_u64().unwrap(),
        rows as u64
    );
    let rejects = std::fs::read_to_string(dir.join("rejects.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(rejects.as_bytes());
    assert_eq!(reader.records().count(), issues, "{file}: {rejects}");
    v
}

/// The command refuses the file as a whole: status 2, the code, the file named.
fn refused(dir: &Path, args: &[&str], file: &str, code: &str) -> String {
    let run = fupin(dir, args);
    assert_eq!(run.code, Some(2), "`fupin {}`: {run:?}", args.join(" "));
    assert!(
        run.err.trim_end().ends_with(&format!("[{code}]")),
        "`fupin {}`: {}",
        args.join(" "),
        run.err
    );
    assert!(run.err.contains(file), "the file is named: {}", run.err);
    assert!(run.err.len() < 2000, "a long message: {}", run.err);
    run.err
}

/// Both commands refuse the file.
fn refused_both(dir: &Path, file: &str, code: &str) -> String {
    refused(dir, &["assess", file, "--as-of", AS_OF], file, code);
    refused(dir, &["validate", file, "--as-of", AS_OF], file, code)
}

/// Through the library: every row the reader meets is in a chunk or rejected, once.
fn read_library(path: &Path, opts: &fupin_cli::input::ReadOptions) -> (usize, usize, usize) {
    let mut in_chunks = 0;
    let mut next_row = 1;
    let summary = fupin_cli::input::read_table(path, opts, &mut |chunk| {
        assert!(chunk.first_row >= next_row, "chunks overlap");
        next_row = chunk.first_row + chunk.batch.num_rows();
        in_chunks += chunk.batch.num_rows();
        Ok(())
    })
    .unwrap();
    (summary.rows, in_chunks, summary.rejected.rows().len())
}

const HEADER: &str = "户编号,行政区划代码,家庭人口,贫困户状态,有无终端";

fn good(i: usize) -> String {
    format!("{i},522327100201,4,贫困户,是")
}

fn csv_of(rows: &[String]) -> String {
    let mut text = format!("{HEADER}\n");
    for r in rows {
        text.push_str(r);
        text.push('\n');
    }
    text
}

// ---------------------------------------------------------------------------------------
// CSV

#[test]
fn csv_empty_file_and_header_only_have_no_rows() {
    let dir = tmp("csv-empty");
    std::fs::write(dir.join("empty.csv"), "").unwrap();
    std::fs::write(dir.join("header.csv"), format!("{HEADER}\n")).unwrap();
    std::fs::write(dir.join("header-no-newline.csv"), HEADER).unwrap();
    for f in ["empty.csv", "header.csv", "header-no-newline.csv"] {
        validate(&dir, f, 0);
        assess(&dir, f, 0, 0);
    }
}

#[test]
fn csv_line_endings_do_not_change_the_rows() {
    let dir = tmp("csv-endings");
    let rows: Vec<String> = (1..=5).map(good).collect();
    let lf = csv_of(&rows);
    std::fs::write(dir.join("lf.csv"), &lf).unwrap();
    std::fs::write(dir.join("crlf.csv"), lf.replace('\n', "\r\n")).unwrap();
    std::fs::write(dir.join("cr.csv"), lf.replace('\n', "\r")).unwrap();
    let mixed: String = lf
        .split_inclusive('\n')
        .enumerate()
        .map(|(i, l)| {
            if i % 2 == 0 {
                l.replace('\n', "\r\n")
            } else {
                l.to_owned()
            }
        })
        .collect();
    std::fs::write(dir.join("mixed.csv"), mixed).unwrap();
    for f in ["lf.csv", "crlf.csv", "cr.csv", "mixed.csv"] {
        let r = validate(&dir, f, 5);
        assert_eq!(r["accepted"], 5, "{f}");
    }
}

#[test]
fn csv_truncated_files_reject_the_cut_row() {
    let dir = tmp("csv-truncated");
    let rows: Vec<String> = (1..=4).map(good).collect();
    let whole = csv_of(&rows);
    // cut inside the last row, without its line break
    let cut = &whole[..whole.len() - 8];
    std::fs::write(dir.join("cut.csv"), cut).unwrap();
    let r = validate(&dir, "cut.csv", 4);
    assert_eq!(issues(&r), pairs(&[("[4]", "csv_field_count")]));
    // cut inside a quoted cell: the open quote runs to the end of the file
    std::fs::write(
        dir.join("quote.csv"),
        format!("{}5,\"522327100201,4", csv_of(&rows)),
    )
    .unwrap();
    let r = validate(&dir, "quote.csv", 5);
    assert_eq!(issues(&r), pairs(&[("[5]", "csv_field_count")]));
    // a quote left open in the middle swallows the lines after it into one row: the
    // rejection says how many lines that row took
    let mut text = csv_of(&rows[..2]);
    text.push_str("3,\"522327100201,4,贫困户,是\n");
    for r in &rows[..3] {
        text.push_str(r);
        text.push('\n');
    }
    std::fs::write(dir.join("open.csv"), text).unwrap();
    let r = validate(&dir, "open.csv", 3);
    let issue = &r["issues"][0];
    assert_eq!(issue["code"], "csv_field_count");
    assert_eq!(issue["params"]["line"], 4);
    assert_eq!(issue["params"]["lines"], 4);
    assert!(
        issue["message"]
            .as_str()
            .unwrap()
            .contains("quote left open")
    );
    assess(&dir, "open.csv", 3, 1);
}

#[test]
fn csv_invalid_utf8_rejects_only_its_row() {
    let dir = tmp("csv-utf8");
    // bad bytes in a status near the start (the encoding is still detected as UTF-8) and
    // beyond the first 64 KiB (after detection); in a column not read, they do no harm
    let mut bytes = Vec::new();
    let mut bad_rows = Vec::new();
    bytes.extend(format!("{HEADER}\n").as_bytes());
    let n = 3000;
    for i in 1..=n {
        match i {
            2 | 2500 => {
                bytes.extend(format!("{i},522327100201,4,").as_bytes());
                bytes.extend(b"\xff\xfe\xe8\xb4");
                bytes.extend("贫困户,是\n".as_bytes());
                bad_rows.push(i);
            }
            7 => {
                bytes.extend(b"7\xc3\x28,522327100201,4,");
                bytes.extend("贫困户,是\n".as_bytes());
            }
            _ => bytes.extend(format!("{}\n", good(i)).as_bytes()),
        }
    }
    assert!(bytes.len() > 65_536 * 1.5 as usize);
    std::fs::write(dir.join("utf8.csv"), &bytes).unwrap();
    let r = validate(&dir, "utf8.csv", n);
    assert!(
        r["kind"].as_str().unwrap().contains("utf-8"),
        "{}",
        r["kind"]
    );
    let want: Vec<(String, String)> = bad_rows
        .iter()
        .map(|i| (format!("[{i}].贫困户状态"), "invalid_encoding".to_owned()))
        .collect();
    assert_eq!(issues(&r), want);
    assess(&dir, "utf8.csv", n, 2);
    let opts = fupin_cli::input::ReadOptions {
        batch_rows: 100,
        ..Default::default()
    };
    let (rows, chunked, rejected) = read_library(&dir.join("utf8.csv"), &opts);
    assert_eq!((rows, chunked + rejected), (n, n));
}

#[test]
fn csv_invalid_gbk_rejects_only_its_row() {
    let dir = tmp("csv-gbk");
    let rows: Vec<String> = (1..=6).map(good).collect();
    let text = csv_of(&rows);
    let mut bytes = encoding_rs::GB18030.encode(&text).0.into_owned();
    // a byte no GB18030 sequence has, inside the status of row 3
    let at = bytes
        .windows(3)
        .enumerate()
        .filter(|(_, w)| w.starts_with(b"3,5"))
        .map(|(i, _)| i)
        .next()
        .unwrap();
    let status = at + "3,522327100201,4,".len();
    bytes.insert(status, 0xff);
    std::fs::write(dir.join("gbk.csv"), &bytes).unwrap();
    let r = validate(&dir, "gbk.csv", 6);
    assert!(r["kind"].as_str().unwrap().contains("gb18030"));
    assert_eq!(issues(&r), pairs(&[("[3].贫困户状态", "invalid_encoding")]));
    // read as UTF-8, the header is not text: a clear error, not garbage columns
    refused(
        &dir,
        &["validate", "gbk.csv", "--encoding", "utf-8"],
        "gbk.csv",
        "invalid_encoding",
    );
}

#[test]
fn csv_byte_order_marks_in_the_middle() {
    let dir = tmp("csv-bom");
    // two exports joined with `cat`: the second one's BOM and header land in the middle
    let part = |from: usize| format!("\u{feff}{}", csv_of(&[good(from), good(from + 1)]));
    std::fs::write(dir.join("joined.csv"), format!("{}{}", part(1), part(3))).unwrap();
    let r = validate(&dir, "joined.csv", 5);
    assert_eq!(issues(&r), pairs(&[("[3]", "repeated_header")]));
    assess(&dir, "joined.csv", 5, 1);
    // a BOM before a row whose first cell is read (the village code): read past it
    std::fs::write(
        dir.join("village-first.csv"),
        "\u{feff}行政区划代码,家庭人口\n522327100201,4\n\u{feff}522327100202,3\n",
    )
    .unwrap();
    let r = validate(&dir, "village-first.csv", 2);
    assert_eq!(r["accepted"], 2, "{r:#}");
}

#[test]
fn csv_nul_bytes() {
    let dir = tmp("csv-nul");
    let text = format!(
        "{HEADER}\n1,522327\u{0}100201,4,贫困户,是\n2\u{0},522327100201,4,贫困户,是\n{}\n",
        good(3)
    );
    std::fs::write(dir.join("nul.csv"), text).unwrap();
    let r = validate(&dir, "nul.csv", 3);
    let found = issues(&r);
    assert_eq!(found.len(), 1, "{r:#}");
    assert_eq!(found[0].0, "[1].行政区划代码");
    assert!(found[0].1.starts_with("code_"), "{found:?}");
}

#[test]
fn csv_megabyte_cells_and_lines() {
    let dir = tmp("csv-mb");
    let mb = 1 << 20;
    let rows = vec![
        good(1),
        format!("2,{},4,贫困户,是", "5".repeat(mb)),
        format!("3,522327100201,4,{},是", "贫".repeat(mb / 3)),
        format!("{},522327100201,4,贫困户,是", "4".repeat(mb)),
        format!("5,522327100201,4,贫困户,\"{}\"", "是,".repeat(mb)),
        good(6),
    ];
    std::fs::write(dir.join("big.csv"), csv_of(&rows)).unwrap();
    let r = validate(&dir, "big.csv", 6);
    assert_eq!(
        issues(&r),
        pairs(&[
            ("[2].行政区划代码", "code_length"),
            ("[3].贫困户状态", "unknown_key"),
            ("[5].有无终端", "invalid_value"),
        ])
    );
    assess(&dir, "big.csv", 6, 3);
    // one line of 16 MB
    let long = format!("1,522327100201,4,贫困户,是{}", " ".repeat(16 * mb));
    std::fs::write(dir.join("long.csv"), csv_of(&[long, good(2)])).unwrap();
    let r = validate(&dir, "long.csv", 2);
    assert_eq!(r["accepted"], 2, "{r:#}");
}

#[test]
fn csv_a_million_columns() {
    let dir = tmp("csv-wide");
    let columns = 1_000_000;
    let mut text = String::from(HEADER);
    for i in 0..columns {
        text.push_str(&format!(",c{i}"));
    }
    text.push('\n');
    for r in 1..=3 {
        text.push_str(&good(r));
        text.push_str(&",1".repeat(columns));
        text.push('\n');
    }
    // and a row short of a million cells
    text.push_str(&good(4));
    text.push('\n');
    std::fs::write(dir.join("wide.csv"), text).unwrap();
    let r = validate(&dir, "wide.csv", 4);
    assert_eq!(r["accepted"], 3);
    assert_eq!(issues(&r), pairs(&[("[4]", "csv_field_count")]));
    assert_eq!(r["issues"][0]["params"]["expected"], columns + 5);
    // a village table of a million columns reads its own columns only
    std::fs::write(
        dir.join("villages.csv"),
        format!(
            "行政区划代码{}\n522327100201{}\n",
            (0..columns).map(|i| format!(",v{i}")).collect::<String>(),
            ",是".repeat(columns)
        ),
    )
    .unwrap();
    validate_rows(&dir, "villages.csv", &["--kind", "villages"], 1, 1);
}

#[test]
fn csv_ragged_rows_are_rejected_with_the_counts() {
    let dir = tmp("csv-ragged");
    let rows = vec![
        good(1),
        "2,522327100201".to_owned(),
        format!("{},extra", good(3)),
        String::new(),
        ",,,,".to_owned(),
        good(6),
    ];
    std::fs::write(dir.join("ragged.csv"), csv_of(&rows)).unwrap();
    // the blank line is not a row; the row of empty cells is read and has no village
    let r = validate(&dir, "ragged.csv", 5);
    assert_eq!(
        issues(&r),
        pairs(&[
            ("[2]", "csv_field_count"),
            ("[3]", "csv_field_count"),
            ("[4].行政区划代码", "missing_value"),
        ])
    );
    let short = &r["issues"][0]["params"];
    assert_eq!(
        (short["expected"].as_u64(), short["found"].as_u64()),
        (Some(5), Some(2))
    );
    assess(&dir, "ragged.csv", 5, 3);
}

#[test]
fn csv_numbers_out_of_range() {
    let dir = tmp("csv-range");
    let text = "户编号,行政区划代码,家庭人口,贫困户状态,人均纯收入\n\
                1,522327100201,340282366920938463463374607431768211456,贫困户,1\n\
                2,522327100201,-0,贫困户,1\n\
                3,522327100201,4,贫困户,1e400\n\
                4,522327100201,4,贫困户,-92233720368547758.09\n\
                5,1e11,4,贫困户,1\n\
                6,522327100201,4.000,贫困户,4650.25\n\
                7,522327100201,0x10,贫困户,1\n";
    std::fs::write(dir.join("range.csv"), text).unwrap();
    let r = validate(&dir, "range.csv", 7);
    assert_eq!(
        issues(&r),
        pairs(&[
            ("[1].家庭人口", "invalid_value"),
            ("[2].家庭人口", "people_range"),
            ("[3].人均纯收入", "money_not_a_number"),
            ("[4].人均纯收入", "money_out_of_range"),
            ("[5].行政区划代码", "code_length"),
            ("[7].家庭人口", "invalid_value"),
        ])
    );
    assess(&dir, "range.csv", 7, 6);
}

#[test]
fn csv_duplicate_header_names() {
    let dir = tmp("csv-dup");
    std::fs::write(
        dir.join("dup.csv"),
        "行政区划代码,家庭人口,行政区划代码\n522327100201,4,522327100299\n",
    )
    .unwrap();
    let err = refused_both(&dir, "dup.csv", "ambiguous_column");
    assert!(err.contains("columns 1 and 3"), "{err}");
    // a name given twice that is not read is harmless
    std::fs::write(
        dir.join("notes.csv"),
        "备注,行政区划代码,家庭人口,备注\nx,522327100201,4,y\n",
    )
    .unwrap();
    let r = validate(&dir, "notes.csv", 1);
    assert_eq!(r["accepted"], 1);
}

// ---------------------------------------------------------------------------------------
// JSON Lines and JSON

#[test]
fn jsonl_lines_that_are_not_objects_or_not_whole() {
    let dir = tmp("jsonl-shape");
    let good = r#"{"行政区划代码": "522327100201", "家庭人口": 4, "贫困户状态": "贫困户"}"#;
    let text = format!("{good}\n[1, 2]\n42\n\"x\"\nnull\n\n{good}\n{}", &good[..20]);
    std::fs::write(dir.join("shapes.jsonl"), text).unwrap();
    std::fs::write(dir.join("empty.jsonl"), "").unwrap();
    std::fs::write(dir.join("blank.jsonl"), "\n  \n\r\n").unwrap();
    for f in ["empty.jsonl", "blank.jsonl"] {
        validate(&dir, f, 0);
        assess(&dir, f, 0, 0);
    }
    let r = validate(&dir, "shapes.jsonl", 7);
    assert_eq!(
        issues(&r),
        pairs(&[
            ("[2]", "invalid_value"),
            ("[3]", "invalid_value"),
            ("[4]", "invalid_value"),
            ("[5]", "invalid_value"),
            ("[7]", "invalid_json"),
        ])
    );
    assess(&dir, "shapes.jsonl", 7, 5);
}

#[test]
fn json_nested_a_hundred_thousand_levels_deep() {
    let dir = tmp("json-deep");
    let depth = 100_000;
    let good = r#"{"行政区划代码": "522327100201", "家庭人口": 4}"#;
    let objects = format!("{}1{}", r#"{"a":"#.repeat(depth), "}".repeat(depth));
    let lists = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    std::fs::write(
        dir.join("deep.jsonl"),
        format!("{good}\n{objects}\n{lists}\n{good}\n"),
    )
    .unwrap();
    let r = validate(&dir, "deep.jsonl", 4);
    assert_eq!(
        issues(&r),
        pairs(&[("[2]", "invalid_json"), ("[3]", "invalid_json")])
    );
    assert!(
        r["issues"][0]["message"]
            .as_str()
            .unwrap()
            .contains("recursion limit")
    );
    assess(&dir, "deep.jsonl", 4, 2);
    // a whole JSON file that deep
    std::fs::write(dir.join("deep.json"), &objects).unwrap();
    refused(
        &dir,
        &["validate", "deep.json"],
        "deep.json",
        "unsupported_format",
    );
    // and the library
    let e = fupin_core::household::Household::from_json(&objects).unwrap_err();
    assert_eq!(e.code(), "invalid_json");
    assert_eq!(
        fupin_core::parse_json(&lists).unwrap_err().code,
        "invalid_json"
    );
}

fn household() -> Value {
    let fixture = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/households/valid_full.json"
    ))
    .unwrap();
    serde_json::from_str::<Value>(&fixture).unwrap()["input"].clone()
}

#[test]
fn json_duplicate_keys_are_rejected_not_resolved() {
    let dir = tmp("json-dup");
    // a table row: which village did the file mean?
    let text = concat!(
        r#"{"行政区划代码": "522327100201", "家庭人口": 4, "行政区划代码": "522327100202"}"#,
        "\n",
        r#"{"行政区划代码": "522327100201", "家庭人口": 4}"#,
        "\n"
    );
    std::fs::write(dir.join("table.jsonl"), text).unwrap();
    let r = validate(&dir, "table.jsonl", 2);
    assert_eq!(issues(&r), pairs(&[("[1].行政区划代码", "duplicate_key")]));
    assess(&dir, "table.jsonl", 2, 1);
    // household records: a member's name twice
    let record = serde_json::to_string(&household()).unwrap();
    let twice = record.replacen(r#""members":[{"#, r#""members":[{"name":"王五","#, 1);
    assert_ne!(twice, record);
    std::fs::write(dir.join("records.jsonl"), format!("{record}\n{twice}\n")).unwrap();
    let r = validate(&dir, "records.jsonl", 2);
    assert_eq!(
        issues(&r),
        pairs(&[("[2].members[0].name", "duplicate_key")])
    );
    assert!(!r.to_string().contains("王五"), "the name is not repeated");
    std::fs::write(dir.join("record.json"), &twice).unwrap();
    let err = refused(
        &dir,
        &["validate", "record.json"],
        "record.json",
        "duplicate_key",
    );
    assert!(err.contains("members[0].name"), "{err}");
    // the library
    let e = fupin_core::household::Household::from_json(&twice).unwrap_err();
    let found = e.issues();
    assert_eq!(found.0[0].code, "duplicate_key");
    assert_eq!(found.0[0].path.to_string(), "members[0].name");
    assert!(fupin_core::household::Household::from_json(&record).is_ok());
}

#[test]
fn json_numbers_out_of_range() {
    let dir = tmp("json-range");
    let lines = [
        r#"{"行政区划代码": "522327100201", "家庭人口": 1e400}"#,
        r#"{"行政区划代码": "522327100201", "家庭人口": 99999999999999999999999999999}"#,
        r#"{"行政区划代码": "522327100201", "家庭人口": -4}"#,
        r#"{"行政区划代码": "522327100201", "家庭人口": 4.5}"#,
        r#"{"行政区划代码": "522327100201", "家庭人口": 4, "人均纯收入": 1e300}"#,
        r#"{"行政区划代码": "522327100201", "家庭人口": 4, "人均纯收入": "92233720368547758.08"}"#,
        r#"{"行政区划代码": "522327100201", "家庭人口": 4, "人均纯收入": 1.001}"#,
        r#"{"行政区划代码": 1e30, "家庭人口": 4}"#,
        r#"{"行政区划代码": 18446744073709551615, "家庭人口": 4}"#,
        r#"{"行政区划代码": "522327100201", "家庭人口": 4, "人均纯收入": 4650.25}"#,
    ];
    std::fs::write(dir.join("range.jsonl"), lines.join("\n")).unwrap();
    let r = validate(&dir, "range.jsonl", 10);
    let found = issues(&r);
    assert_eq!(
        found[..7],
        pairs(&[
            ("[1]", "invalid_json"),
            ("[2].家庭人口", "invalid_value"),
            ("[3].家庭人口", "people_range"),
            ("[4].家庭人口", "invalid_value"),
            ("[5].人均纯收入", "money_not_a_number"),
            ("[6].人均纯收入", "money_out_of_range"),
            ("[7].人均纯收入", "money_too_precise"),
        ])
    );
    assert_eq!(found.len(), 9, "{found:?}");
    assert!(found[7].0 == "[8].行政区划代码" && found[8].0 == "[9].行政区划代码");
    assert_eq!(r["accepted"], 1);
    assess(&dir, "range.jsonl", 10, 9);
    // household records: an ID number or a phone given as a number is rejected with its
    // path, and never printed
    let mut h = household();
    h["members"][0]["id_number"] = serde_json::json!(522_327_197_003_120_211_u64);
    h["helper"]["phone"] = serde_json::json!(13_812_345_678_u64);
    h["members"][1]["migrant_months"] = serde_json::json!(1e300);
    h["identified_year"] = serde_json::json!(-2014);
    std::fs::write(dir.join("numbers.jsonl"), format!("{h}\n")).unwrap();
    let r = validate(&dir, "numbers.jsonl", 1);
    let paths: Vec<String> = issues(&r).into_iter().map(|(p, _)| p).collect();
    for p in [
        "[1].members[0].id_number",
        "[1].helper.phone",
        "[1].members[1].migrant_months",
        "[1].identified_year",
    ] {
        assert!(paths.iter().any(|q| q == p), "{p}: {paths:?}");
    }
    let text = r.to_string();
    for secret in ["522327197003120211", "13812345678"] {
        assert!(!text.contains(secret), "{secret} printed: {text}");
    }
    let e = fupin_core::household::Household::from_value(h).unwrap_err();
    assert!(!e.to_string().contains("13812345678"), "{e}");
}

#[test]
fn jsonl_invalid_utf8_and_gbk_lines() {
    let dir = tmp("jsonl-bytes");
    let good = r#"{"行政区划代码": "522327100201", "家庭人口": 4, "贫困户状态": "贫困户"}"#;
    let mut bytes = format!("{good}\n").into_bytes();
    bytes.extend(b"{\"\xe8\xa1\x8c\": \"5223\xff27100201\"}\n");
    let (gbk, _, _) = encoding_rs::GB18030.encode(good);
    bytes.extend(gbk.as_ref());
    bytes.extend(format!("\n{good}\n").as_bytes());
    std::fs::write(dir.join("bytes.jsonl"), &bytes).unwrap();
    let r = validate(&dir, "bytes.jsonl", 4);
    assert_eq!(
        issues(&r),
        pairs(&[("[2]", "invalid_encoding"), ("[3]", "invalid_encoding")])
    );
    assess(&dir, "bytes.jsonl", 4, 2);
    // household records too
    let record = serde_json::to_string(&household()).unwrap();
    let mut bytes = format!("{record}\n").into_bytes();
    bytes.extend(encoding_rs::GB18030.encode(&record).0.as_ref());
    bytes.push(b'\n');
    std::fs::write(dir.join("records.jsonl"), &bytes).unwrap();
    let r = validate(&dir, "records.jsonl", 2);
    assert_eq!(issues(&r), pairs(&[("[2]", "invalid_encoding")]));
}

#[test]
fn jsonl_megabyte_cells_and_a_million_keys() {
    let dir = tmp("jsonl-big");
    let mb = 1 << 20;
    let mut keys = String::new();
    for i in 0..1_000_000 {
        keys.push_str(&format!(r#","k{i}":{i}"#));
    }
    let lines = [
        format!(r#"{{"行政区划代码": "{}", "家庭人口": 4}}"#, "5".repeat(mb)),
        format!(
            r#"{{"行政区划代码": "522327100201", "家庭人口": 4, "备注": "{}"}}"#,
            "x".repeat(mb)
        ),
        format!(r#"{{"行政区划代码": "522327100201", "家庭人口": 4{keys}}}"#),
    ];
    std::fs::write(dir.join("big.jsonl"), lines.join("\n")).unwrap();
    let r = validate(&dir, "big.jsonl", 3);
    assert_eq!(issues(&r), pairs(&[("[1].行政区划代码", "code_length")]));
    // through the library without a choice of columns, a table of a million keys is
    // refused rather than built
    let e = fupin_cli::input::read_table(
        &dir.join("big.jsonl"),
        &fupin_cli::input::ReadOptions::default(),
        &mut |_| Ok(()),
    )
    .unwrap_err();
    assert_eq!(e.code(), "too_many_columns");
}

// ---------------------------------------------------------------------------------------
// Excel

#[test]
fn xlsx_formula_cells() {
    let dir = tmp("xlsx-formula");
    let mut rows = household_header() + &household_row(2, "522327100201", "4", "贫困户");
    let village = |r: usize| s(&format!("A{r}"), "522327100201");
    let status = |r: usize| s(&format!("C{r}"), "贫困户");
    // a formula with its value saved
    let (a, c) = (village(3), status(3));
    rows.push_str(&format!(
        r#"<row r="3">{a}<c r="B3"><f>1+1</f><v>2</v></c>{c}</row>"#
    ));
    // a formula whose value was never saved (files written by programs)
    let (a, c) = (village(4), status(4));
    rows.push_str(&format!(
        r#"<row r="4">{a}<c r="B4"><f>1+1</f></c>{c}</row>"#
    ));
    // an error value
    let (a, c) = (village(5), status(5));
    rows.push_str(&format!(
        r#"<row r="5">{a}<c r="B5" t="e"><f>1/0</f><v>#DIV/0!</v></c>{c}</row>"#
    ));
    std::fs::write(dir.join("formula.xlsx"), xlsx(&rows, "")).unwrap();
    let r = validate(&dir, "formula.xlsx", 4);
    assert_eq!(
        issues(&r),
        pairs(&[
            ("[3].家庭人口", "formula_without_value"),
            ("[4].家庭人口", "cell_error"),
        ])
    );
    assess(&dir, "formula.xlsx", 4, 2);
}

#[test]
fn xlsx_merged_cells() {
    let dir = tmp("xlsx-merged");
    // the village code merged down over three households, as registers often are; a
    // status merged across two columns
    let mut rows = household_header() + &household_row(2, "522327100201", "4", "贫困户");
    for (r, people) in [(3, "3"), (4, "2")] {
        let (b, c) = (n(&format!("B{r}"), people), s(&format!("C{r}"), "贫困户"));
        rows.push_str(&format!(r#"<row r="{r}">{b}{c}</row>"#));
    }
    let (a, b) = (s("A5", "522327100202"), n("B5", "4"));
    rows.push_str(&format!(r#"<row r="5">{a}{b}</row>"#));
    let merges =
        r#"<mergeCells count="2"><mergeCell ref="A2:A4"/><mergeCell ref="B5:C5"/></mergeCells>"#;
    std::fs::write(dir.join("merged.xlsx"), xlsx(&rows, merges)).unwrap();
    let r = validate(&dir, "merged.xlsx", 4);
    assert_eq!(
        issues(&r),
        pairs(&[
            ("[2].行政区划代码", "merged_cell"),
            ("[3].行政区划代码", "merged_cell"),
            ("[4].贫困户状态", "merged_cell"),
        ])
    );
    assert!(
        r["issues"][0]["message"]
            .as_str()
            .unwrap()
            .contains("A2:A4")
    );
    assess(&dir, "merged.xlsx", 4, 3);
}

#[test]
fn xlsx_zip_bomb_is_refused_before_it_unpacks() {
    let dir = tmp("xlsx-bomb");
    // 1.1 GiB of one shared string in a file of about a megabyte: calamine would hold it
    // all in memory
    let mib = vec![b'a'; 1 << 20];
    let strings = files::repeated(
        br#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>"#,
        &mib,
        1100,
        b"</t></si></sst>",
    );
    let sheet = files::sheet_xml(
        &format!(
            r#"{}<row r="2"><c r="A2" t="s"><v>0</v></c>{}{}</row>"#,
            household_header(),
            n("B2", "4"),
            s("C2", "贫困户")
        ),
        "",
    );
    let book = files::workbook(Data::Stored(sheet.into_bytes()), strings);
    assert!(book.len() < 4 << 20, "{} bytes", book.len());
    std::fs::write(dir.join("bomb.xlsx"), &book).unwrap();
    let started = Instant::now();
    let err = refused_both(&dir, "bomb.xlsx", "archive_too_large");
    assert!(err.contains("zip bomb"), "{err}");
    assert!(started.elapsed() < Duration::from_secs(10));
    // the same through the library
    let e = fupin_cli::input::read_table(
        &dir.join("bomb.xlsx"),
        &fupin_cli::input::ReadOptions::default(),
        &mut |_| Ok(()),
    )
    .unwrap_err();
    assert_eq!(e.code(), "archive_too_large");
}

#[test]
fn xlsx_parts_that_inflate_beyond_their_declared_size() {
    let dir = tmp("xlsx-lying");
    let rows = format!(
        "{}{}",
        household_header(),
        household_row(2, "522327100201", "4", "贫困户")
    );
    let sheet = files::sheet_xml(&rows, "");
    let mut padded = sheet.clone().into_bytes();
    padded.extend(vec![b' '; 8 << 20]);
    let Data::Deflated { data, crc, .. } = files::repeated(&padded, b"", 0, b"") else {
        unreachable!()
    };
    // the archive says the sheet is 4 KiB; it inflates to 8 MiB
    let lying = Data::Deflated {
        data,
        crc,
        size: 4096,
    };
    std::fs::write(
        dir.join("lying.xlsx"),
        files::workbook(lying, files::no_strings()),
    )
    .unwrap();
    refused_both(&dir, "lying.xlsx", "invalid_workbook");
}

#[test]
fn xlsx_files_that_are_not_workbooks() {
    let dir = tmp("xlsx-not");
    let book = xlsx(
        &format!(
            "{}{}",
            household_header(),
            household_row(2, "522327100201", "4", "贫困户")
        ),
        "",
    );
    std::fs::write(dir.join("ok.xlsx"), &book).unwrap();
    validate(&dir, "ok.xlsx", 1);
    std::fs::write(dir.join("csv.xlsx"), csv_of(&[good(1)])).unwrap();
    std::fs::write(dir.join("empty.xlsx"), "").unwrap();
    std::fs::write(dir.join("half.xlsx"), &book[..book.len() / 2]).unwrap();
    std::fs::write(dir.join("tail-cut.xlsx"), &book[..book.len() - 10]).unwrap();
    let mut flipped = book.clone();
    for b in flipped.iter_mut().skip(40).step_by(97) {
        *b ^= 0x55;
    }
    std::fs::write(dir.join("flipped.xlsx"), &flipped).unwrap();
    // a zip archive without a workbook in it
    std::fs::write(
        dir.join("other.xlsx"),
        files::zip(&[("readme.txt", Data::Stored(b"hello".to_vec()))]),
    )
    .unwrap();
    for f in [
        "csv.xlsx",
        "empty.xlsx",
        "half.xlsx",
        "tail-cut.xlsx",
        "flipped.xlsx",
        "other.xlsx",
    ] {
        refused_both(&dir, f, "invalid_workbook");
    }
}

#[test]
fn xlsx_cell_references_beyond_the_sheet() {
    let dir = tmp("xlsx-refs");
    let header = household_header();
    let row2 = household_row(2, "522327100201", "4", "贫困户");
    let cases = [
        // a column far beyond XFD: calamine would allocate the whole grid (30 GB)
        (
            "column.xlsx",
            format!(r#"{header}{row2}<row r="3">{}</row>"#, n("ZZZZZZ3", "1")),
            String::new(),
        ),
        // a row number that overflows
        (
            "row.xlsx",
            format!(
                r#"{header}{row2}<row r="99999999999">{}</row>"#,
                s("A99999999999", "522327100201")
            ),
            String::new(),
        ),
        (
            "cell-row.xlsx",
            format!(
                r#"{header}{row2}<row r="3">{}</row>"#,
                n("A4294967297", "1")
            ),
            String::new(),
        ),
        (
            "merge.xlsx",
            format!("{header}{row2}"),
            r#"<mergeCells count="1"><mergeCell ref="A2:XFE3"/></mergeCells>"#.to_owned(),
        ),
        ("dimension.xlsx", format!("{header}{row2}"), String::new()),
    ];
    for (file, rows, after) in &cases {
        let mut sheet = files::sheet_xml(rows, after);
        if *file == "dimension.xlsx" {
            sheet = sheet.replace(
                "<sheetData>",
                r#"<dimension ref="A1:AAAA99999999"/><sheetData>"#,
            );
        }
        std::fs::write(
            dir.join(file),
            files::workbook(Data::Stored(sheet.into_bytes()), files::no_strings()),
        )
        .unwrap();
        let err = refused_both(&dir, file, "invalid_workbook");
        assert!(err.contains("XFD1048576"), "{err}");
    }
}

#[test]
fn xlsx_sparse_sheets_blank_rows_and_wide_rows() {
    let dir = tmp("xlsx-sparse");
    // data in row 2 and a lone cell at the sheet's last cell: two rows, not a grid of 17
    // billion cells; rows are numbered by their place in the sheet
    let rows = format!(
        r#"{}{}<row r="1048576">{}</row>"#,
        household_header(),
        household_row(2, "522327100201", "4", "贫困户"),
        n("XFD1048576", "1")
    );
    std::fs::write(dir.join("sparse.xlsx"), xlsx(&rows, "")).unwrap();
    let r = validate_rows(&dir, "sparse.xlsx", &[], 2, 1_048_575);
    assert_eq!(
        issues(&r),
        pairs(&[("[1048575].行政区划代码", "missing_value")])
    );
    // blank rows (present but empty, or absent) are not rows
    let rows = format!(
        r#"{}{}<row r="3"><c r="A3"/><c r="B3" s="1"/></row>{}{}"#,
        household_header(),
        household_row(2, "522327100201", "4", "贫困户"),
        household_row(5, "5223271002", "4", "贫困户"),
        household_row(6, "522327100201", "3", "贫困户"),
    );
    std::fs::write(dir.join("blank.xlsx"), xlsx(&rows, "")).unwrap();
    let r = validate_rows(&dir, "blank.xlsx", &[], 3, 5);
    assert_eq!(issues(&r), pairs(&[("[4].行政区划代码", "code_length")]));
    assess(&dir, "blank.xlsx", 3, 1);
    // a header as wide as a sheet gets (16,384 columns), and a megabyte cell
    let mut wide = String::from(r#"<row r="1">"#);
    wide.push_str(&s("A1", "行政区划代码"));
    wide.push_str(&s("B1", "家庭人口"));
    for c in 2..16_384u32 {
        wide.push_str(&format!(r#"<c t="inlineStr"><is><t>c{c}</t></is></c>"#));
    }
    wide.push_str("</row>");
    wide.push_str(&format!(
        r#"<row r="2">{}{}</row><row r="3">{}{}</row>"#,
        s("A2", "522327100201"),
        n("B2", "4"),
        s("A3", &"5".repeat(1 << 20)),
        n("B3", "4")
    ));
    std::fs::write(dir.join("wide.xlsx"), xlsx(&wide, "")).unwrap();
    let r = validate(&dir, "wide.xlsx", 2);
    assert_eq!(issues(&r), pairs(&[("[2].行政区划代码", "code_length")]));
    // the library agrees on the count
    let (rows, chunked, rejected) = read_library(
        &dir.join("wide.xlsx"),
        &fupin_cli::input::ReadOptions::default(),
    );
    assert_eq!((rows, chunked, rejected), (2, 2, 0));
}

#[test]
fn xlsx_duplicate_headers_and_cells_out_of_order() {
    let dir = tmp("xlsx-dup");
    let rows = format!(
        r#"<row r="1">{}{}{}</row><row r="2">{}{}{}</row>"#,
        s("A1", "行政区划代码"),
        s("B1", "家庭人口"),
        s("C1", "行政区划代码"),
        s("A2", "522327100201"),
        n("B2", "4"),
        s("C2", "522327100202")
    );
    std::fs::write(dir.join("dup.xlsx"), xlsx(&rows, "")).unwrap();
    refused_both(&dir, "dup.xlsx", "ambiguous_column");
    let rows = format!(
        "{}{}{}",
        household_header(),
        household_row(3, "522327100201", "4", "贫困户"),
        household_row(2, "522327100201", "4", "贫困户")
    );
    std::fs::write(dir.join("order.xlsx"), xlsx(&rows, "")).unwrap();
    refused_both(&dir, "order.xlsx", "invalid_workbook");
    let rows = format!(
        r#"{}<row r="2">{}{}</row>"#,
        household_header(),
        s("A2", "522327100201"),
        s("A2", "522327100202")
    );
    std::fs::write(dir.join("twice.xlsx"), xlsx(&rows, "")).unwrap();
    refused_both(&dir, "twice.xlsx", "invalid_workbook");
}

// ---------------------------------------------------------------------------------------
// Parquet

fn text(values: &[Option<&str>]) -> ArrayRef {
    Arc::new(StringArray::from(values.to_vec()))
}

fn villages3() -> ArrayRef {
    text(&[
        Some("522327100201"),
        Some("522327100201"),
        Some("522327100202"),
    ])
}

fn people3() -> ArrayRef {
    Arc::new(Int64Array::from(vec![4, 3, 2]))
}

#[test]
fn parquet_files_that_are_cut_or_not_parquet() {
    let dir = tmp("pq-cut");
    let path = dir.join("ok.parquet");
    files::parquet(
        &path,
        vec![("行政区划代码", villages3()), ("家庭人口", people3())],
    );
    validate(&dir, "ok.parquet", 3);
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(dir.join("half.parquet"), &bytes[..bytes.len() / 2]).unwrap();
    std::fs::write(dir.join("tail.parquet"), &bytes[..bytes.len() - 3]).unwrap();
    std::fs::write(dir.join("csv.parquet"), csv_of(&[good(1)])).unwrap();
    std::fs::write(dir.join("empty.parquet"), "").unwrap();
    std::fs::write(dir.join("magic.parquet"), b"PAR1PAR1").unwrap();
    for f in [
        "half.parquet",
        "tail.parquet",
        "csv.parquet",
        "empty.parquet",
        "magic.parquet",
    ] {
        refused_both(&dir, f, "parquet_error");
    }
}

#[test]
fn parquet_damaged_pages_give_an_error_or_every_row() {
    let dir = tmp("pq-damaged");
    let path = dir.join("ok.parquet");
    let n = 200;
    let villages: Vec<Option<String>> = (0..n)
        .map(|i| Some(format!("5223271002{:02}", i % 50 + 1)))
        .collect();
    let villages: Vec<Option<&str>> = villages.iter().map(Option::as_deref).collect();
    let people: ArrayRef = Arc::new(Int64Array::from(
        (0..n).map(|i| i % 7 + 1).collect::<Vec<i64>>(),
    ));
    files::parquet(
        &path,
        vec![("行政区划代码", text(&villages)), ("家庭人口", people)],
    );
    let bytes = std::fs::read(&path).unwrap();
    // a byte changed here and there inside the data (the footer intact): a clear error,
    // or every row read — never a crash or rows lost
    let footer = usize::try_from(u32::from_le_bytes(
        bytes[bytes.len() - 8..bytes.len() - 4].try_into().unwrap(),
    ))
    .unwrap();
    let data_end = bytes.len() - 8 - footer;
    let mut refused_count = 0;
    for (k, at) in (4..data_end).step_by(data_end / 12 + 1).enumerate() {
        let mut damaged = bytes.clone();
        damaged[at] ^= 0xa5;
        let f = format!("damaged{k}.parquet");
        std::fs::write(dir.join(&f), &damaged).unwrap();
        let run = fupin(
            &dir,
            &["validate", &f, "--format", "json", "--as-of", AS_OF],
        );
        match run.code {
            Some(2) => {
                assert!(
                    run.err.contains(&f) && run.err.trim_end().ends_with(']'),
                    "{run:?}"
                );
                refused_count += 1;
            }
            Some(0 | 1) => {
                let v: Value = serde_json::from_str(&run.out).unwrap();
                assert_eq!(v[0]["rows"], n, "{f}: {v:#}");
                assert_eq!(
                    v[0]["accepted"].as_u64().unwrap() + v[0]["rejected"].as_u64().unwrap(),
                    n as u64
                );
            }
            other => panic!("{f}: status {other:?}: {run:?}"),
        }
    }
    eprintln!("damaged Parquet: {refused_count} refused, the others read whole");
}

#[test]
fn parquet_registers_of_the_wrong_schema() {
    let dir = tmp("pq-schema");
    let list: ArrayRef = Arc::new(ListArray::from_iter_primitive::<
        arrow_array::types::Int64Type,
        _,
        _,
    >(vec![Some(vec![Some(1)]), Some(vec![]), None]));
    let structs: ArrayRef = Arc::new(StructArray::from(vec![(
        Arc::new(arrow_schema::Field::new(
            "a",
            arrow_schema::DataType::Int64,
            true,
        )),
        people3(),
    )]));
    let bools: ArrayRef = Arc::new(BooleanArray::from(vec![true, false, true]));
    let cases: Vec<(&str, Vec<(&str, ArrayRef)>)> = vec![
        (
            "bool-village.parquet",
            vec![("行政区划代码", bools.clone()), ("家庭人口", people3())],
        ),
        (
            "list-village.parquet",
            vec![("行政区划代码", list), ("家庭人口", people3())],
        ),
        (
            "struct-village.parquet",
            vec![("行政区划代码", structs), ("家庭人口", people3())],
        ),
        (
            "int-status.parquet",
            vec![("行政区划代码", villages3()), ("贫困户状态", people3())],
        ),
        (
            "bool-people.parquet",
            vec![("行政区划代码", villages3()), ("家庭人口", bools.clone())],
        ),
        (
            "binary-flag.parquet",
            vec![
                ("行政区划代码", villages3()),
                (
                    "有无终端",
                    Arc::new(arrow_array::BinaryArray::from(vec![
                        b"1".as_slice(),
                        b"0",
                        b"x",
                    ])),
                ),
            ],
        ),
    ];
    for (file, columns) in cases {
        files::parquet(&dir.join(file), columns.clone());
        let err = refused_both(&dir, file, "column_type");
        assert!(err.contains("is of type"), "{err}");
        // the library says the same, whichever way the batch comes
        let batch = arrow_array::RecordBatch::try_from_iter(columns).unwrap();
        let mut ds =
            fupin_core::assess::Dataset::new(chrono::NaiveDate::from_ymd_opt(2020, 6, 30).unwrap());
        let map = fupin_arrow::ColumnMap::default();
        let e = fupin_arrow::add_households_fast(&mut ds, &batch, &map, 1).unwrap_err();
        assert_eq!(e.code(), "column_type", "{file}");
        assert_eq!(ds.household_count(), 0);
    }
    // no village column at all
    files::parquet(&dir.join("no-village.parquet"), vec![("x", people3())]);
    refused_both(&dir, "no-village.parquet", "missing_column");
    // two columns of the village's name
    let batch = arrow_array::RecordBatch::try_new(
        Arc::new(arrow_schema::Schema::new(vec![
            arrow_schema::Field::new("行政区划代码", arrow_schema::DataType::Utf8, true),
            arrow_schema::Field::new("行政区划代码", arrow_schema::DataType::Utf8, true),
        ])),
        vec![villages3(), text(&[Some("5"), Some("6"), Some("7")])],
    )
    .unwrap();
    fupin_arrow::parquet_io::write(&dir.join("dup.parquet"), std::slice::from_ref(&batch)).unwrap();
    refused_both(&dir, "dup.parquet", "ambiguous_column");
    let mut ds =
        fupin_core::assess::Dataset::new(chrono::NaiveDate::from_ymd_opt(2020, 6, 30).unwrap());
    let e =
        fupin_arrow::add_households_fast(&mut ds, &batch, &fupin_arrow::ColumnMap::default(), 1)
            .unwrap_err();
    assert_eq!(e.code(), "ambiguous_column");
}

#[test]
fn parquet_unusual_but_readable_columns() {
    let dir = tmp("pq-types");
    // village codes as integers and floats: bad ones rejected row by row
    files::parquet(
        &dir.join("int-village.parquet"),
        vec![
            (
                "行政区划代码",
                Arc::new(Int64Array::from(vec![
                    Some(522_327_100_201),
                    Some(5223),
                    None,
                    Some(-1),
                ])),
            ),
            ("家庭人口", Arc::new(Int64Array::from(vec![4, 3, 2, 1]))),
        ],
    );
    let r = validate(&dir, "int-village.parquet", 4);
    let found = issues(&r);
    assert_eq!(found.len(), 3, "{found:?}");
    assert_eq!(
        found[1],
        ("[3].行政区划代码".to_owned(), "missing_value".to_owned())
    );
    assert_eq!(
        found[2],
        (
            "[4].行政区划代码".to_owned(),
            "code_out_of_range".to_owned()
        )
    );
    assess(&dir, "int-village.parquet", 4, 3);
    files::parquet(
        &dir.join("float-village.parquet"),
        vec![
            (
                "行政区划代码",
                Arc::new(Float64Array::from(vec![
                    522_327_100_201.0,
                    5.5,
                    f64::NAN,
                    f64::INFINITY,
                ])),
            ),
            ("家庭人口", Arc::new(Int64Array::from(vec![4, 3, 2, 1]))),
        ],
    );
    let r = validate(&dir, "float-village.parquet", 4);
    assert_eq!(
        issues(&r),
        pairs(&[
            ("[2].行政区划代码", "invalid_value"),
            ("[3].行政区划代码", "invalid_value"),
            ("[4].行政区划代码", "invalid_value"),
        ])
    );
    // exact decimals (as databases write money), an all-null column, sizes far out of
    // range, incomes out of range
    let decimals = Decimal128Array::from(vec![Some(465_025), None, Some(100), Some(1)])
        .with_precision_and_scale(12, 2)
        .unwrap();
    files::parquet(
        &dir.join("numbers.parquet"),
        vec![
            (
                "行政区划代码",
                text(&[
                    Some("522327100201"),
                    Some("522327100201"),
                    Some("522327100201"),
                    Some("522327100201"),
                ]),
            ),
            (
                "家庭人口",
                Arc::new(UInt64Array::from(vec![4, u64::MAX, 2, 3])),
            ),
            ("人均纯收入", Arc::new(decimals)),
            ("有无终端", Arc::new(NullArray::new(4))),
        ],
    );
    let r = validate(&dir, "numbers.parquet", 4);
    assert_eq!(
        issues(&r),
        pairs(&[("[2].家庭人口", "people_range")]),
        "{r:#}"
    );
    // the decimals are read exactly, the nulls as not recorded
    let batch = fupin_arrow::parquet_io::read(&dir.join("numbers.parquet"), 10)
        .unwrap()
        .next()
        .unwrap()
        .unwrap();
    let read = fupin_arrow::read_households(&batch, &fupin_arrow::ColumnMap::default(), 1).unwrap();
    assert_eq!(read.rows, vec![1, 3, 4]);
    let incomes: Vec<Option<String>> = read
        .fields
        .iter()
        .map(|f| f.income_per_capita.map(|y| y.to_string()))
        .collect();
    assert_eq!(
        incomes,
        vec![
            Some("4650.25".to_owned()),
            Some("1.00".to_owned()),
            Some("0.01".to_owned())
        ]
    );
    assert!(read.fields.iter().all(|f| f.terminal.is_none()));
    files::parquet(
        &dir.join("income.parquet"),
        vec![
            ("行政区划代码", villages3()),
            (
                "人均纯收入",
                Arc::new(Float64Array::from(vec![f64::INFINITY, 1e300, -0.001])),
            ),
        ],
    );
    let r = validate(&dir, "income.parquet", 3);
    assert_eq!(
        issues(&r),
        pairs(&[
            ("[1].人均纯收入", "money_out_of_range"),
            ("[2].人均纯收入", "money_out_of_range"),
            ("[3].人均纯收入", "money_too_precise"),
        ])
    );
    // no rows at all
    files::parquet(&dir.join("zero.parquet"), vec![("行政区划代码", text(&[]))]);
    validate(&dir, "zero.parquet", 0);
    assess(&dir, "zero.parquet", 0, 0);
}
