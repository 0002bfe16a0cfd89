//! Issue #16 "Bounded and robust" through the command: rejected rows streamed to the
//! `--rejects` file with a bounded sample in the report.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code"
)]

use crate::common::{fupin, json, tmp};

/// A register of `good` good rows and `bad` rows with a bad village code.
fn register(good: usize, bad: usize) -> String {
    let mut s = String::from("行政区划代码,家庭人口,贫困户状态\n");
    for _ in 0..good {
        s.push_str("522327100201,4,贫困户\n");
    }
    for _ in 0..bad {
        s.push_str("5223x,3,贫困户\n");
    }
    s
}

/// 1,500 rejected rows: every one is in the `--rejects` file, the report counts them all
/// exactly (per code too) and shows only the first 1,000 (the table the first 20), saying
/// where the others are.
#[test]
fn rejected_rows_are_streamed_and_the_report_keeps_a_bounded_sample() {
    let dir = tmp("bounded");
    std::fs::write(dir.join("r.csv"), register(3, 1_500)).unwrap();
    let report = json(&fupin(
        &[
            "assess",
            "r.csv",
            "--format",
            "json",
            "--as-of",
            "2020-06-30",
            "--rejects",
            "rejects.csv",
        ],
        &dir,
    ));
    assert_eq!(report["rejected"], 1_500);
    assert_eq!(report["accepted"], 3);
    let r = &report["rejects"];
    assert_eq!(r["issues"], 1_500, "{r}");
    assert_eq!(r["shown"], 1_000, "{r}");
    assert_eq!(r["file"], "rejects.csv");
    let codes: u64 = r["by_code"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(codes, 1_500);
    let written = std::fs::read_to_string(dir.join("rejects.csv")).unwrap();
    assert_eq!(written.lines().count(), 1 + 1_500);
    assert!(written.lines().nth(1_500).unwrap().contains(",1503,"));

    let out = fupin(&["assess", "r.csv", "--as-of", "2020-06-30"], &dir);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("1500 problems in rejected rows, first 20 shown; pass --rejects FILE"),
        "{text}"
    );

    // validate: the same bound, every problem in the file
    let out = fupin(
        &[
            "validate",
            "r.csv",
            "--format",
            "json",
            "--rejects",
            "v.csv",
        ],
        &dir,
    );
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["rejected"], 1_500);
    assert_eq!(v[0]["problems"], 1_500);
    assert_eq!(v[0]["issues"].as_array().unwrap().len(), 1_000);
    let written = std::fs::read_to_string(dir.join("v.csv")).unwrap();
    assert_eq!(written.lines().count(), 1 + 1_500);
}

/// `fupin` with standard output and standard error set as given.
fn fupin_io(
    args: &[&str],
    dir: &std::path::Path,
    stdout: std::process::Stdio,
    stderr: std::process::Stdio,
) -> std::process::ExitStatus {
    std::process::Command::new(env!("CARGO_BIN_EXE_fupin"))
        .args(args)
        .current_dir(dir)
        .stdin(std::process::Stdio::null())
        .stdout(stdout)
        .stderr(stderr)
        .status()
        .unwrap()
}

fn full() -> std::process::Stdio {
    std::process::Stdio::from(std::fs::File::create("/dev/full").unwrap())
}

/// A panic prints one line, no Rust panic text and nothing of its payload, and exits
/// with its own status (70).
#[test]
fn a_panic_prints_one_line_without_its_payload() {
    let dir = tmp("panic");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_fupin"))
        .arg("rules")
        .current_dir(&dir)
        .env("FUPIN_DEBUG_PANIC", "1")
        .env("RUST_BACKTRACE", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(70));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("internal error")
            && err.contains("please report")
            && err.contains("[internal_error]"),
        "{err}"
    );
    for leak in ["panicked", "522327", "张三", "backtrace", "RUST_BACKTRACE"] {
        assert!(!err.contains(leak), "{leak} in {err}");
    }
}

/// A full standard error (and a full standard output) end the command with its error
/// status, not a panic (101).
#[test]
fn a_full_standard_error_or_output_does_not_panic() {
    let dir = tmp("full");
    let status = fupin_io(
        &["assess", "missing.csv"],
        &dir,
        std::process::Stdio::null(),
        full(),
    );
    assert_eq!(status.code(), Some(2));
    let status = fupin_io(&["regions", "522327"], &dir, full(), full());
    assert_eq!(status.code(), Some(2));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_fupin"))
        .arg("rules")
        .current_dir(&dir)
        .stdout(full())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("[write_error]"), "{err}");
    // the synthetic demo's report to a full standard output
    let status = fupin_io(&["assess", "--demo-scale", "0.01"], &dir, full(), full());
    assert_eq!(status.code(), Some(2));
}

/// `--out` that is an input (by another relative path, or through a link) or `--rejects`
/// is refused before anything is read or written: the input stays as it was.
#[test]
fn an_output_that_is_an_input_or_the_rejects_file_is_refused() {
    let dir = tmp("clobber");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    let data = register(2, 1);
    std::fs::write(dir.join("r.csv"), &data).unwrap();
    std::os::unix::fs::symlink(dir.join("r.csv"), dir.join("link.csv")).unwrap();
    for out in ["r.csv", "./sub/../r.csv", "link.csv"] {
        let run = fupin(
            &["assess", "r.csv", "--as-of", "2020-06-30", "--out", out],
            &dir,
        );
        assert_eq!(run.status.code(), Some(2), "{out}");
        let err = String::from_utf8(run.stderr).unwrap();
        assert!(err.contains("[output_is_input]"), "{out}: {err}");
        let run = fupin(&["assess", "r.csv", "--rejects", out], &dir);
        assert_eq!(run.status.code(), Some(2), "{out}");
        let run = fupin(&["validate", "r.csv", "--out", out], &dir);
        assert_eq!(run.status.code(), Some(2), "{out}");
        assert_eq!(std::fs::read_to_string(dir.join("r.csv")).unwrap(), data);
    }
    let run = fupin(
        &[
            "assess",
            "r.csv",
            "--out",
            "x.txt",
            "--rejects",
            "sub/../x.txt",
        ],
        &dir,
    );
    assert_eq!(run.status.code(), Some(2));
    let err = String::from_utf8(run.stderr).unwrap();
    assert!(err.contains("[output_clash]"), "{err}");
    assert!(!dir.join("x.txt").exists());
}

/// Outputs take their place only when the run succeeds: a failed run leaves no rejects
/// file and no report, and keeps an earlier report whole; a run that succeeds leaves no
/// temporary file behind.
#[test]
fn a_failed_run_leaves_no_partial_output() {
    let dir = tmp("atomic");
    std::fs::write(dir.join("r.csv"), register(2, 1)).unwrap();
    std::fs::write(dir.join("old.json"), "earlier report").unwrap();
    // the report cannot be written (no such folder): the rejects file is not left either
    let run = fupin(
        &[
            "assess",
            "r.csv",
            "--as-of",
            "2020-06-30",
            "--rejects",
            "rej.csv",
            "--out",
            "missing/report.json",
        ],
        &dir,
    );
    assert_eq!(run.status.code(), Some(2));
    assert!(!dir.join("rej.csv").exists());
    // the second input is refused after the first was read: nothing written
    std::fs::write(dir.join("bad.csv"), "a,b\n1,2\n").unwrap();
    let run = fupin(
        &[
            "assess",
            "r.csv",
            "bad.csv",
            "--as-of",
            "2020-06-30",
            "--rejects",
            "rej.csv",
            "--out",
            "old.json",
        ],
        &dir,
    );
    assert_eq!(run.status.code(), Some(2));
    assert!(!dir.join("rej.csv").exists());
    assert_eq!(
        std::fs::read_to_string(dir.join("old.json")).unwrap(),
        "earlier report"
    );
    let run = fupin(
        &[
            "assess",
            "r.csv",
            "--as-of",
            "2020-06-30",
            "--rejects",
            "rej.csv",
            "--out",
            "old.json",
            "--format",
            "json",
        ],
        &dir,
    );
    assert!(run.status.success());
    assert!(dir.join("rej.csv").exists());
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["bad.csv", "old.json", "r.csv", "rej.csv"]);
}

/// Scales that are not finite, not above 0 or huge are refused with the option, the value,
/// the range and a code (`--demo-scale inf` aborted; `synth --scale inf` filled the disk).
#[test]
fn numeric_options_out_of_range_are_refused() {
    let dir = tmp("options");
    for v in ["inf", "NaN", "-1", "0", "1e9", "abc", "-inf"] {
        for args in [
            vec!["assess", "--demo-scale", v],
            vec!["synth", "--out", "s", "--scale", v],
        ] {
            let flag = args[args.len() - 2];
            let arg = format!("{flag}={v}");
            let mut args = args[..args.len() - 2].to_vec();
            args.push(&arg);
            let run = fupin(&args, &dir);
            assert_eq!(run.status.code(), Some(2), "{args:?}");
            let err = String::from_utf8(run.stderr).unwrap();
            assert!(
                err.contains(flag)
                    && err.contains(&format!("'{v}'"))
                    && err.contains("above 0 and at most 10")
                    && err.contains("[invalid_option]"),
                "{args:?}: {err}"
            );
        }
    }
    assert!(!dir.join("s").exists());
}

/// A record longer than `--max-record-bytes` (CSV, JSON Lines, household records) is an
/// error naming the file, the row and the limit; a file of zeros without a line break
/// (`/dev/zero` named `.csv`) ends with that error instead of filling memory.
#[test]
fn a_record_longer_than_the_limit_is_an_error() {
    let dir = tmp("long");
    let long = format!("522327100201,4,贫困户{}\n", " ".repeat(300));
    std::fs::write(
        dir.join("r.csv"),
        format!("行政区划代码,家庭人口,贫困户状态\n522327100201,4,贫困户\n{long}"),
    )
    .unwrap();
    std::fs::write(
        dir.join("r.jsonl"),
        format!(
            "{{\"village\": \"522327100201\", \"people\": 4, \"status\": \"poor\"}}\n{{\"village\": \"522327100201\", \"note\": \"{}\"}}\n",
            "x".repeat(300)
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("h.jsonl"),
        format!(
            "{{\"members\": []}}\n{{\"members\": [], \"note\": \"{}\"}}\n",
            "x".repeat(300)
        ),
    )
    .unwrap();
    std::fs::write(dir.join("zeros.csv"), vec![0u8; 100_000]).unwrap();
    for (cmd, file, row) in [
        ("assess", "r.csv", 2),
        ("validate", "r.csv", 2),
        ("assess", "r.jsonl", 2),
        ("validate", "h.jsonl", 2),
        ("assess", "zeros.csv", 0),
    ] {
        let run = fupin(&[cmd, file, "--max-record-bytes", "256"], &dir);
        assert_eq!(run.status.code(), Some(2), "{cmd} {file}");
        let err = String::from_utf8(run.stderr).unwrap();
        let which = if row == 0 {
            "the header".to_owned()
        } else {
            format!("row {row}")
        };
        assert!(
            err.contains(&format!("`{file}`"))
                && err.contains(&format!("{which} is longer than 256 bytes"))
                && err.contains("--max-record-bytes")
                && err.contains("[record_too_long]"),
            "{cmd} {file}: {err}"
        );
        // within a larger limit the same files read (the zeros are 100 kB)
        let run = fupin(&[cmd, file, "--max-record-bytes", "1KiB"], &dir);
        assert_eq!(run.status.code() == Some(2), row == 0, "{cmd} {file}");
    }
    // /dev/zero itself, named .csv and .jsonl, with the default limit
    for name in ["zero.csv", "zero.jsonl"] {
        std::os::unix::fs::symlink("/dev/zero", dir.join(name)).unwrap();
        let run = fupin(&["assess", name], &dir);
        assert_eq!(run.status.code(), Some(2), "{name}");
        let err = String::from_utf8(run.stderr).unwrap();
        assert!(
            err.contains("[record_too_long]") && err.contains("67108864 bytes"),
            "{name}: {err}"
        );
    }
    let run = fupin(&["assess", "--max-record-bytes", "2GiB"], &dir);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        String::from_utf8(run.stderr)
            .unwrap()
            .contains("[invalid_option]")
    );
}

/// Files made by `fupin synth` carry a mark (a `fupin_synthetic` column in CSV and JSON
/// Lines, `fupin.synthetic=true` in the Parquet footer), and assessing them again labels
/// the report SYNTHETIC, as the embedded demo is; unmarked data is not labelled.
#[test]
fn synthetic_files_stay_labelled_when_assessed_again() {
    let dir = tmp("synthetic");
    for (format, ext) in [
        ("csv", "csv"),
        ("csv-gbk", "csv"),
        ("jsonl", "jsonl"),
        ("parquet", "parquet"),
    ] {
        let run = fupin(
            &[
                "synth", "--scale", "0.01", "--region", "522327", "--format", format, "--out",
                format,
            ],
            &dir,
        );
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        let households = format!("{format}/synthetic_households.{ext}");
        let villages = format!("{format}/synthetic_villages.{ext}");
        let report = json(&fupin(
            &[
                "assess",
                &households,
                "--as-of",
                "2020-06-30",
                "--format",
                "json",
            ],
            &dir,
        ));
        let label = report["label"].as_str().unwrap_or_default();
        assert!(label.starts_with("SYNTHETIC"), "{format}: {label}");
        assert_eq!(report["files"][0]["synthetic"], true, "{format}");
        assert_eq!(report["rejected"], 0, "{format}");
        let out = fupin(&["assess", &households, "--as-of", "2020-06-30"], &dir);
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.starts_with("*** SYNTHETIC"), "{format}: {text}");
        // a marked village table marks the report too
        std::fs::write(
            dir.join("real.csv"),
            "行政区划代码,家庭人口,贫困户状态\n522327100201,4,贫困户\n",
        )
        .unwrap();
        let report = json(&fupin(
            &[
                "assess",
                "real.csv",
                "--villages",
                &villages,
                "--as-of",
                "2020-06-30",
                "--format",
                "json",
            ],
            &dir,
        ));
        assert!(
            report["label"]
                .as_str()
                .unwrap_or_default()
                .starts_with("SYNTHETIC"),
            "{format}"
        );
    }
    let report = json(&fupin(
        &[
            "assess",
            "real.csv",
            "--as-of",
            "2020-06-30",
            "--format",
            "json",
        ],
        &dir,
    ));
    assert!(report["label"].is_null());
}

/// Runs `fupin` with `input` on standard input, killed after 60 s.
fn fupin_stdin(args: &[&str], dir: &std::path::Path, input: &[u8]) -> std::process::Output {
    use std::io::Write as _;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_fupin"))
        .args(args)
        .current_dir(dir)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out = wait_or_kill(child);
    writer.join().unwrap();
    out
}

/// The output of `child`, killed (and the test failed) when it runs for more than 60 s.
fn wait_or_kill(mut child: std::process::Child) -> std::process::Output {
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > std::time::Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("fupin did not end within 60 s (waiting for its input again?)");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

/// Standard input (`-`, format from `--input-format` or its first bytes) and a FIFO are
/// read once, like files; Parquet from a pipe is refused with a clear error.
#[test]
fn pipes_fifos_and_standard_input_are_read_once() {
    let dir = tmp("pipes");
    let csv = register(3, 1);
    let jsonl = "{\"village\": \"522327100201\", \"people\": 4, \"status\": \"poor\"}\n\
                 {\"village\": \"522327100201\", \"people\": 2, \"status\": \"poor\"}\n";
    let counts = |out: &std::process::Output| {
        let r = json(out);
        (
            r["rows"].as_u64(),
            r["accepted"].as_u64(),
            r["rejected"].as_u64(),
        )
    };
    let args = ["assess", "-", "--as-of", "2020-06-30", "--format", "json"];
    assert_eq!(
        counts(&fupin_stdin(&args, &dir, csv.as_bytes())),
        (Some(4), Some(3), Some(1))
    );
    assert_eq!(
        counts(&fupin_stdin(&args, &dir, jsonl.as_bytes())),
        (Some(2), Some(2), Some(0))
    );
    let mut with_format = args.to_vec();
    with_format.extend(["--input-format", "jsonl"]);
    assert_eq!(
        counts(&fupin_stdin(&with_format, &dir, jsonl.as_bytes())),
        (Some(2), Some(2), Some(0))
    );
    // household records on standard input
    let out = fupin_stdin(
        &["validate", "-", "--format", "json"],
        &dir,
        b"{\"members\": []}\n",
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["kind"], "household records", "{v}");
    // a FIFO named .csv: opened once (it used to be opened again for the rows, and wait
    // for a writer for ever)
    let fifo = dir.join("fifo.csv");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let text = csv.clone();
    let writer = std::thread::spawn(move || {
        std::fs::write(&fifo, text).unwrap();
    });
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_fupin"))
        .args([
            "assess",
            "fifo.csv",
            "--as-of",
            "2020-06-30",
            "--format",
            "json",
        ])
        .current_dir(&dir)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    assert_eq!(counts(&wait_or_kill(child)), (Some(4), Some(3), Some(1)));
    writer.join().unwrap();
    // standard input can be read once
    let out = fupin_stdin(&["assess", "-", "-"], &dir, csv.as_bytes());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("[stdin_twice]")
    );
    // Parquet cannot be read from a pipe
    for extra in [&["--input-format", "parquet"][..], &[]] {
        let mut a = vec!["assess", "-"];
        a.extend(extra);
        let out = fupin_stdin(&a, &dir, b"PAR1 not really");
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains("[not_seekable]"), "{err}");
    }
}

/// `validate` reports every problem of a tabular row with its field path, not only the
/// first; `assess` counts the row once and writes every problem to the rejects file.
#[test]
fn every_problem_of_a_tabular_row_is_reported() {
    let dir = tmp("every");
    std::fs::write(
        dir.join("a.csv"),
        "行政区划代码,家庭人口,贫困户状态,人均纯收入\n5223x,4,xyz,-100\n522327100201,4,贫困户,3000\n",
    )
    .unwrap();
    let out = fupin(&["validate", "a.csv", "--format", "json"], &dir);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<(String, String)> = v[0]["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["path"].as_str().unwrap().to_owned(),
                i["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let want: Vec<(String, String)> = [
        ("[1].行政区划代码", "code_length"),
        ("[1].贫困户状态", "unknown_key"),
        ("[1].人均纯收入", "negative_income"),
    ]
    .iter()
    .map(|(p, c)| ((*p).to_owned(), (*c).to_owned()))
    .collect();
    assert_eq!(found, want);
    assert_eq!(
        (v[0]["rejected"].as_u64(), v[0]["accepted"].as_u64()),
        (Some(1), Some(1))
    );
    let report = json(&fupin(
        &[
            "assess",
            "a.csv",
            "--as-of",
            "2020-06-30",
            "--format",
            "json",
            "--rejects",
            "r.csv",
        ],
        &dir,
    ));
    assert_eq!(
        (report["rows"].as_u64(), report["rejected"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(report["rejects"]["issues"], 3);
    let written = std::fs::read_to_string(dir.join("r.csv")).unwrap();
    assert_eq!(written.lines().count(), 1 + 3, "{written}");
    // a village table's row too
    std::fs::write(
        dir.join("v.csv"),
        "village,fiber,rural_population\n5223x,maybe,-5\n522327100201,是,100\n",
    )
    .unwrap();
    let out = fupin(
        &[
            "validate", "v.csv", "--kind", "villages", "--format", "json",
        ],
        &dir,
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let paths: Vec<&str> = v[0]["issues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        ["[1].village", "[1].fiber", "[1].rural_population"],
        "{v}"
    );
    assert_eq!(v[0]["rejected"], 1);
}

/// A Parquet register's rejected rows go the same way: every one to the rejects file (in
/// row order), the report counting them all and keeping the first 1,000.
#[test]
fn parquet_rejected_rows_are_streamed_too() {
    use std::sync::Arc;
    let dir = tmp("parquet-rejects");
    let n = 1_500;
    let villages: Vec<&str> = (0..n)
        .map(|i| if i % 3 == 0 { "522327100201" } else { "5223x" })
        .collect();
    let batch = arrow_array::RecordBatch::try_from_iter([
        (
            "village",
            Arc::new(arrow_array::StringArray::from(villages)) as arrow_array::ArrayRef,
        ),
        (
            "people",
            Arc::new(arrow_array::Int64Array::from(vec![4_i64; n])) as _,
        ),
        (
            "status",
            Arc::new(arrow_array::StringArray::from(vec!["poor"; n])) as _,
        ),
    ])
    .unwrap();
    fupin_arrow::parquet_io::write(&dir.join("r.parquet"), &[batch]).unwrap();
    let report = json(&fupin(
        &[
            "assess",
            "r.parquet",
            "--as-of",
            "2020-06-30",
            "--format",
            "json",
            "--rejects",
            "rej.csv",
        ],
        &dir,
    ));
    assert_eq!(
        (report["rows"].as_u64(), report["rejected"].as_u64()),
        (Some(1_500), Some(1_000))
    );
    assert_eq!(report["rejects"]["issues"], 1_000);
    assert_eq!(report["rejects"]["shown"], 1_000);
    let written = std::fs::read_to_string(dir.join("rej.csv")).unwrap();
    let rows: Vec<u64> = written
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(1).unwrap().parse().unwrap())
        .collect();
    assert_eq!(rows.len(), 1_000);
    assert!(rows.windows(2).all(|w| w[0] < w[1]), "in row order");
}
