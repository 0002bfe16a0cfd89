//! `fupin`: the command of the fupin library for officials and analysts — assess a register
//! against the plan, validate exports, look up regions, check and suggest pairings, and make
//! synthetic data. See `fupin --help`.

#![allow(
    unreachable_pub,
    reason = "a binary: `pub` marks what its modules share"
)]

mod args;
mod cmd;
mod error;
mod input;
mod output;
mod progress;

use std::process::ExitCode;

use clap::Parser;

#[expect(
    clippy::print_stderr,
    reason = "the command reports its errors on standard error"
)]
fn main() -> ExitCode {
    let cli = args::Cli::parse();
    match cmd::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("fupin: {e} [{}]", e.code());
            ExitCode::from(2)
        }
    }
}
