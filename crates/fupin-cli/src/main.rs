//! `fupin`: the command of the fupin library for officials and analysts — assess a register
//! against the plan, validate exports, look up regions, check and suggest pairings, and make
//! synthetic data. See `fupin --help`. The command itself is the crate's library
//! (`fupin_cli::run`).

#![forbid(unsafe_code)]

use std::process::ExitCode;

#[expect(
    clippy::print_stderr,
    reason = "the command reports its errors on standard error"
)]
fn main() -> ExitCode {
    match fupin_cli::run() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("fupin: {}", fupin_cli::terminal_error(&e));
            ExitCode::from(2)
        }
    }
}
