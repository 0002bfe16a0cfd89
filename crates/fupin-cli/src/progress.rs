//! Progress on a terminal for long work; quiet when standard error is not a terminal.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// Counts rows and redraws one line on standard error at most ten times a second.
#[derive(Debug)]
pub struct Progress {
    enabled: bool,
    what: String,
    rows: usize,
    last: Instant,
    start: Instant,
}

impl Progress {
    /// A progress line for `what` (shown only on a terminal; control characters of a file
    /// name shown escaped).
    pub fn new(what: impl Into<String>) -> Self {
        Progress {
            enabled: std::io::stderr().is_terminal(),
            what: crate::output::term(&what.into()).into_owned(),
            rows: 0,
            last: Instant::now(),
            start: Instant::now(),
        }
    }

    /// Adds rows read.
    pub fn add(&mut self, rows: usize) {
        self.rows += rows;
        if self.enabled && self.last.elapsed() > Duration::from_millis(100) {
            self.last = Instant::now();
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r{}: {} rows…", self.what, self.rows);
            let _ = err.flush();
        }
    }

    /// Ends the line.
    pub fn finish(&self) {
        if self.enabled && self.start.elapsed() > Duration::from_millis(100) {
            let mut err = std::io::stderr().lock();
            let _ = writeln!(
                err,
                "\r{}: {} rows in {:.1?}",
                self.what,
                self.rows,
                self.start.elapsed()
            );
        }
    }
}
