//! The user guide's chapter for officials (`docs/guide/src/command.md`): every command of its
//! `sh` blocks runs as written, in order, in one empty folder, with the `fupin` built here.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "test code: a failure should stop the test"
)]

use std::path::Path;
use std::process::Command;

/// The commands of the chapter's `sh` blocks, continuation lines joined, comments kept (the
/// shell drops them); `cargo install` is how a reader gets the command, not part of the run.
fn commands(chapter: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut blocks = chapter.split("```sh\n").skip(1);
    for block in blocks.by_ref() {
        let body = block.split("```").next().unwrap_or_default();
        let mut current = String::new();
        for line in body.lines() {
            if let Some(head) = line.strip_suffix('\\') {
                current.push_str(head);
                continue;
            }
            current.push_str(line);
            let command = std::mem::take(&mut current);
            if !command.trim().is_empty() && !command.trim_start().starts_with("cargo install") {
                out.push(command);
            }
        }
    }
    out
}

#[test]
fn the_guide_for_officials_runs_as_written() {
    let chapter = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/guide/src/command.md");
    let chapter = std::fs::read_to_string(chapter).unwrap();
    let commands = commands(&chapter);
    assert!(commands.len() >= 5, "the chapter's commands: {commands:?}");
    let bin = Path::new(env!("CARGO_BIN_EXE_fupin")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let dir = crate::common::tmp("guide");
    for command in &commands {
        let out = Command::new("sh")
            .args(["-c", command])
            .env("PATH", &path)
            .current_dir(&dir)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "`{command}` failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // what the chapter tells the reader to open and read
    let report = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(report.contains("SYNTHETIC") && report.contains("册亨县"));
    assert!(
        std::fs::read_to_string(dir.join("rules.md"))
            .unwrap()
            .contains("2017〕56号")
    );
    assert!(dir.join("problems.csv").exists() && dir.join("rejected.csv").exists());
    let workbook = std::fs::read(dir.join("report.xlsx")).unwrap();
    assert!(workbook.starts_with(b"PK\x03\x04"), "an .xlsx workbook");
    let _ = std::fs::remove_dir_all(&dir);
}
