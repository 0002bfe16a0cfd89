//! Helpers shared by the command's test files: run `fupin`, a fresh folder, JSON output.

#![allow(
    dead_code,
    clippy::unwrap_used,
    reason = "each test file uses some of these; test code"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// Runs the `fupin` binary with `args` in `dir`.
pub(crate) fn fupin(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fupin"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

/// A fresh, empty folder for one test (named after it and this test process).
pub(crate) fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("fupin-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The JSON a successful run printed (its standard error shown when it failed).
pub(crate) fn json(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}
