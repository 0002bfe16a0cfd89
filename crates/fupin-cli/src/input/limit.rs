//! The longest record (a CSV record, a JSON line) a file may have: a longer one is an error
//! naming its row (`record_too_long`), not memory filling up until the process aborts (a
//! file of no line breaks, `/dev/zero` named `.csv`).

use std::cell::Cell;
use std::io::Read;
use std::rc::Rc;

/// The default limit: 64 MiB (far above any register's rows; a 16 MB line still reads).
pub const DEFAULT_MAX_RECORD_BYTES: u64 = 64 << 20;

/// Bytes a reader may be ahead of the record it is reading (its buffer).
const SLACK: u64 = 1 << 16;

/// Where the last whole record ended, shared by the reader of records and [`Limited`].
#[derive(Debug, Default)]
pub(crate) struct Boundary {
    end: Cell<u64>,
    tripped: Cell<bool>,
}

impl Boundary {
    /// The last whole record ended at byte `end`.
    pub(crate) fn set(&self, end: u64) {
        self.end.set(end);
    }

    /// Where the last whole record ended.
    pub(crate) fn end(&self) -> u64 {
        self.end.get()
    }

    /// Whether reading stopped because a record was too long.
    pub(crate) fn tripped(&self) -> bool {
        self.tripped.get()
    }
}

/// A byte source that fails once it is more than `max` bytes (and its buffer) past the end
/// of the last whole record: a record that never ends stops being read.
pub(crate) struct Limited<R> {
    inner: R,
    read: u64,
    max: u64,
    boundary: Rc<Boundary>,
}

impl<R: Read> Limited<R> {
    /// `inner`, limited to records of `max` bytes past `boundary`.
    pub(crate) fn new(inner: R, max: u64, boundary: Rc<Boundary>) -> Self {
        Limited {
            inner,
            read: 0,
            max,
            boundary,
        }
    }
}

impl<R: Read> Read for Limited<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let past = self.read.saturating_sub(self.boundary.end.get());
        if past > self.max.saturating_add(SLACK) {
            self.boundary.tripped.set(true);
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "record too long",
            ));
        }
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        Ok(n)
    }
}

/// The error of a record longer than `max` bytes at data row `row` (0: the header).
pub(crate) fn too_long(path: &std::path::Path, row: usize, max: u64) -> crate::error::CliError {
    let which = if row == 0 {
        "the header".to_owned()
    } else {
        format!("row {row}")
    };
    crate::error::CliError::input(
        path,
        "record_too_long",
        format!(
            "{which} is longer than {max} bytes (no line break, or a quote left open?); the limit is set with --max-record-bytes"
        ),
    )
}
