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
    // rejected rows come with the chunks (a chunk may hold only those)
    let mut rejected = fupin_core::Issues::new();
    let summary = fupin_cli::input::read_table(path, opts, &mut |mut chunk| {
        rejected.0.append(&mut chunk.rejected.0);
        if chunk.batch.num_rows() > 0 {
            assert!(chunk.first_row >= next_row, "chunks overlap");
            next_row = chunk.first_row + chunk.batch.num_rows();
        }
        in_chunks += chunk.batch.num_rows();
        Ok(())
    })
    .unwrap();
    (summary.rows, in_chunks, rejected.rows().len())
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

// the files of each format, by module
#[path = "hostile/csv_files.rs"]
mod csv_files;
#[path = "hostile/json_files.rs"]
mod json_files;
#[path = "hostile/parquet_files.rs"]
mod parquet_files;
#[path = "hostile/xlsx_files.rs"]
mod xlsx_files;
