//! Progress of long work on a terminal: a bar with the bytes (or rows) done of the total —
//! the size of the file, or the rows of a Parquet file from its footer — the rate and the
//! time left. Nothing is drawn when standard error is not a terminal, or with `--quiet`.

use std::io::IsTerminal;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Whether progress is not shown (`--quiet`), for the whole run.
static QUIET: AtomicBool = AtomicBool::new(false);

/// Shows no progress for the rest of the run (`--quiet`).
pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
}

/// What the bar counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    /// Bytes of a text file read (counted by [`crate::input::bytes_read`]), of its size.
    Bytes { base: u64 },
    /// Rows, of a known total (Parquet) or not.
    Rows,
}

/// The progress of reading one input, shown on standard error when it is a terminal.
#[derive(Debug)]
pub struct Progress {
    bar: Option<ProgressBar>,
    unit: Unit,
    rows: u64,
}

/// The rows of a Parquet file, from its footer.
fn parquet_rows(path: &Path) -> Option<u64> {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    let file = std::fs::File::open(path).ok()?;
    let reader = SerializedFileReader::new(file).ok()?;
    u64::try_from(reader.metadata().file_metadata().num_rows()).ok()
}

impl Progress {
    /// The progress of `what`: a file (its bytes of its size; a Parquet file its rows of
    /// its row count; a workbook its rows) or other work (rows). Shown only on a terminal,
    /// and not with `--quiet`; control characters of a file name shown escaped.
    pub fn new(what: impl Into<String>) -> Self {
        let what = what.into();
        let shown = std::io::stderr().is_terminal() && !QUIET.load(Ordering::Relaxed);
        let path = Path::new(&what);
        let meta = std::fs::metadata(path).ok().filter(|m| m.is_file());
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        let (unit, total) = match (&meta, ext.as_str()) {
            (Some(_), "parquet" | "pq") => {
                (Unit::Rows, if shown { parquet_rows(path) } else { None })
            }
            (Some(_), "xlsx" | "xlsm" | "xls") | (None, _) => (Unit::Rows, None),
            (Some(m), _) => (
                Unit::Bytes {
                    base: crate::input::bytes_read(),
                },
                Some(m.len()),
            ),
        };
        let bar = shown.then(|| {
            let name = crate::output::term(&what).into_owned();
            let template = match (unit, total) {
                (Unit::Bytes { .. }, _) => {
                    "{msg} [{bar:30}] {bytes}/{total_bytes} {binary_bytes_per_sec}, {eta} left"
                }
                (Unit::Rows, Some(_)) => {
                    "{msg} [{bar:30}] {human_pos}/{human_len} rows, {per_sec}, {eta} left"
                }
                (Unit::Rows, None) => "{msg} {spinner} {human_pos} rows, {per_sec}, {elapsed}",
            };
            let bar = match total {
                Some(t) => ProgressBar::with_draw_target(Some(t), ProgressDrawTarget::stderr()),
                None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
            };
            if let Ok(style) = ProgressStyle::with_template(template) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar.set_message(name);
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        Progress { bar, unit, rows: 0 }
    }

    /// Adds rows read.
    pub fn add(&mut self, rows: usize) {
        self.rows += rows as u64;
        if let Some(bar) = &self.bar {
            match self.unit {
                Unit::Bytes { base } => {
                    bar.set_position(crate::input::bytes_read().saturating_sub(base));
                }
                Unit::Rows => bar.set_position(self.rows),
            }
        }
    }

    /// Ends the bar, leaving a line of what was done.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            if let Unit::Bytes { base } = self.unit {
                bar.set_position(crate::input::bytes_read().saturating_sub(base));
            }
            let took = bar.elapsed();
            bar.finish_and_clear();
            if took > Duration::from_millis(100) {
                eprintln!("{}: {} rows in {took:.1?}", bar.message(), self.rows);
            }
        }
    }
}
