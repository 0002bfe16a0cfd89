//! The bytes of a text input, opened once: a file, a FIFO or standard input (`-`). The
//! start is read ahead (to detect the encoding or the format) and handed on with the rest,
//! so nothing is read twice and a pipe works like a file.

use std::io::Read;
use std::path::Path;

use crate::error::CliError;

/// Bytes read ahead of the rest, to detect encodings and formats.
const HEAD: usize = 65_536;

/// Bytes read from files by [`Source`]s in this run (for the progress bar).
static BYTES_READ: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Bytes read from text files so far in this run.
pub fn bytes_read() -> u64 {
    BYTES_READ.load(std::sync::atomic::Ordering::Relaxed)
}

/// A file, its bytes counted as they are read.
struct Counted(std::fs::File);

impl Read for Counted {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.0.read(buf)?;
        BYTES_READ.fetch_add(n as u64, std::sync::atomic::Ordering::Relaxed);
        Ok(n)
    }
}

/// Whether `path` means standard input.
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// A text input opened once: its first bytes read, and the rest to read.
pub struct Source {
    /// The first 64 KiB (or the whole file when shorter); more after
    /// [`Source::read_first_line`].
    pub head: Vec<u8>,
    /// Whether [`Source::head`] holds the whole input.
    ended: bool,
    rest: Box<dyn Read + Send>,
}

impl std::fmt::Debug for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Source({} bytes read ahead)", self.head.len())
    }
}

impl Source {
    /// Opens `path` (`-`: standard input) and reads its first 64 KiB.
    pub fn open(path: &Path) -> Result<Self, CliError> {
        let read_err = |source| CliError::Read {
            path: path.to_path_buf(),
            source,
        };
        let mut rest: Box<dyn Read + Send> = if is_stdin(path) {
            Box::new(std::io::stdin())
        } else {
            Box::new(Counted(std::fs::File::open(path).map_err(read_err)?))
        };
        let mut head = Vec::with_capacity(HEAD);
        // a pipe gives its bytes in pieces: read until 64 KiB or the end
        (&mut rest)
            .take(HEAD as u64)
            .read_to_end(&mut head)
            .map_err(read_err)?;
        let ended = head.len() < HEAD;
        Ok(Source { head, ended, rest })
    }

    /// Reads ahead until [`Source::head`] holds the whole first non-blank line (its end,
    /// or the end of the input), the line at most `max` bytes: what a file holds (records
    /// or rows of a table) is decided from its whole first record, however long. A longer
    /// line is left to its reader to refuse (`record_too_long`).
    pub fn read_first_line(&mut self, max: u64, path: &Path) -> Result<(), CliError> {
        loop {
            let start = self
                .head
                .iter()
                .position(|b| !b.is_ascii_whitespace())
                .unwrap_or(self.head.len());
            let line = self.head.get(start..).unwrap_or_default();
            let whole = start < self.head.len() && line.contains(&b'\n');
            // past the limit (blank lines ahead of it counted in it too): not a record
            if whole || self.ended || self.head.len() as u64 > max.saturating_add(HEAD as u64) {
                return Ok(());
            }
            let before = self.head.len();
            (&mut self.rest)
                .take(HEAD as u64)
                .read_to_end(&mut self.head)
                .map_err(|source| CliError::Read {
                    path: path.to_path_buf(),
                    source,
                })?;
            if self.head.len() - before < HEAD {
                self.ended = true;
                return Ok(());
            }
        }
    }

    /// Whether [`Source::head`] holds the whole input (its last line then whole too).
    pub fn ended(&self) -> bool {
        self.ended
    }

    /// Drops the first `n` bytes (a byte-order mark).
    pub fn skip(&mut self, n: usize) {
        self.head.drain(..n.min(self.head.len()));
    }

    /// Every byte, from the start.
    pub fn into_reader(self) -> impl Read + Send {
        std::io::Cursor::new(self.head).chain(self.rest)
    }

    /// The format of standard input, from its first bytes: Parquet and workbooks by their
    /// magic bytes, JSON Lines when the first non-blank character is `{`, else CSV.
    pub fn sniff_format(&self) -> super::Format {
        let text = self
            .head
            .strip_prefix(b"\xEF\xBB\xBF")
            .unwrap_or(&self.head)
            .trim_ascii_start();
        if self.head.starts_with(b"PAR1") {
            super::Format::Parquet
        } else if self.head.starts_with(b"PK\x03\x04") {
            super::Format::Xlsx
        } else if self.head.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
            super::Format::Xls
        } else if text.starts_with(b"{") {
            super::Format::Jsonl
        } else {
            super::Format::Csv
        }
    }
}

/// Parquet and workbooks are read at any place (their index is at the end): from a pipe,
/// a FIFO or standard input they are refused (`not_seekable`) — save them to a file first.
/// (A missing file is left to its reader to report.)
pub fn require_file(path: &Path, format: super::Format) -> Result<(), CliError> {
    let seekable = !is_stdin(path) && std::fs::metadata(path).ok().is_none_or(|m| m.is_file());
    if seekable {
        return Ok(());
    }
    let what = match format {
        super::Format::Parquet => "a Parquet file",
        super::Format::Xls => "an .xls workbook",
        _ => "an .xlsx workbook",
    };
    Err(CliError::input(
        path,
        "not_seekable",
        format!(
            "{what} is read at any place (its index is at the end), not from a pipe, a FIFO or standard input: save it to a file first"
        ),
    ))
}
