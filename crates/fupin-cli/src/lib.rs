//! The `fupin` command as a library: [`run`] is the whole command (`src/main.rs` only prints
//! its error), and [`input`] is its file readers (CSV in UTF-8/GBK/GB18030, JSON Lines,
//! Excel, Parquet), public so that they can be fuzzed and tested on their own (`fuzz/`).
//! Nothing else is public: this is not an API for other programs.

#![allow(
    unreachable_pub,
    reason = "the command's modules use `pub` for what they share among themselves"
)]

mod args;
mod cmd;
mod error;
pub mod input;
mod output;
mod progress;

use std::process::ExitCode;

use clap::Parser;

pub use error::CliError;

/// An error as `main` prints it on standard error: the message with control characters
/// from input (file names, values) shown escaped, then its code.
pub fn terminal_error(e: &CliError) -> String {
    format!("{} [{}]", output::term(&e.to_string()), e.code())
}

/// Parses the command line of the process and runs the command.
pub fn run() -> Result<ExitCode, CliError> {
    cmd::run(args::Cli::parse())
}
