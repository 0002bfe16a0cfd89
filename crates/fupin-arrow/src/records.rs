//! Household records given as JSON Lines or as a column of JSON strings, checked by
//! [`RecordChecker`] (on every core, in order-preserving chunks: memory holds a few chunks,
//! never the whole input), and the issues as an Arrow table.

use std::io::Read;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, SyncSender};

use arrow_array::{Array, ArrayRef, RecordBatch, StringArray, UInt64Array};
use arrow_schema::{DataType, Field, Schema};
use fupin_core::assess::{RowReport, TallyStream};
use fupin_core::household::{EachRecord, RecordChecker, RecordReport, TableHouseholds, TextBatch};
use fupin_core::{Issues, Path, PathItem};

use crate::error::ArrowError;

/// Bytes of whole lines read at a time (about 450 household records): the checking
/// threads go on from one chunk to the next without waiting, so a chunk need not be
/// large; memory holds a few, not the input.
pub const CHUNK_BYTES: usize = 1 << 20;

/// Bytes asked of the reader at a time at most.
const READ_BYTES: usize = 1 << 20;

/// The longest line [`check_lines`] reads (as `fupin validate` by default).
pub const MAX_LINE_BYTES: u64 = 64 << 20;

/// Chunks of lines of household records counted at a time by [`count_record_lines`].
const RECORD_CHUNKS: usize = 8;

/// Cells of a column checked at a time.
const CHUNK_CELLS: usize = 4096;

/// Why the lines of a reader were not all checked.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LinesError {
    /// Reading failed.
    #[error("{0}")]
    Read(#[from] std::io::Error),
    /// The line that would be record `row` (blank lines are not counted) is longer than
    /// `max` bytes: the records before it were checked.
    #[error("record {row} is longer than {max} bytes")]
    TooLong {
        /// The record's number.
        row: usize,
        /// The limit.
        max: u64,
    },
}

impl From<LinesError> for std::io::Error {
    fn from(e: LinesError) -> Self {
        match e {
            LinesError::Read(e) => e,
            too_long => std::io::Error::new(std::io::ErrorKind::InvalidData, too_long.to_string()),
        }
    }
}

/// What the reading thread sends.
enum Piece {
    /// A buffer whose first bytes (as many as said) are whole lines.
    Lines(Vec<u8>, usize),
    /// Reading failed.
    Failed(std::io::Error),
    /// The next line is longer than the limit.
    TooLong,
}

/// Checks the JSON Lines of `reader` (named `source` in duplicates' messages) with
/// `checker`, the first non-blank line numbered `first`, in chunks of about
/// [`CHUNK_BYTES`]: a thread reads the next chunk while the ones before are checked, and
/// the chunks' buffers go back to it, so only a few chunks are in memory. Blank lines are
/// skipped (they are not records); a line longer than [`MAX_LINE_BYTES`] stops the
/// reading (`InvalidData`).
pub fn check_lines(
    checker: &mut RecordChecker,
    reader: impl Read + Send,
    source: &str,
    first: usize,
    report: &mut RecordReport,
) -> std::io::Result<()> {
    check_lines_each(
        checker,
        reader,
        source,
        first,
        MAX_LINE_BYTES,
        &mut |_, issues| report.add(issues),
    )?;
    Ok(())
}

/// As [`check_lines`], each record's number and problems handed to `each` in input order
/// as the chunks are checked (a writer streams them out), and lines of up to `max` bytes
/// (without the line break): a longer one stops the reading with
/// [`LinesError::TooLong`], the records before it checked, memory never holding more than
/// it and a few chunks.
pub fn check_lines_each(
    checker: &mut RecordChecker,
    reader: impl Read + Send,
    source: &str,
    first: usize,
    max: u64,
    each: &mut EachRecord<'_>,
) -> Result<(), LinesError> {
    each_chunk(reader, first, max, |batches| {
        checker.texts_stream(batches, "line", source, each);
    })
}

/// Counts the JSON Lines of household records of `reader` into `stream` (the first
/// non-blank line numbered `first`, lines of up to `max` bytes), each record read and
/// checked as `fupin validate` checks it and the households given twice among them and
/// the run's other inputs left out ([`TallyStream::push_record_texts`], `seen`), a chunk
/// of about [`CHUNK_BYTES`] at a time read while the one before is counted; each chunk's
/// report (rows, accepted, every rejected row with its problems) handed to `each` as it is
/// counted. `each` stops the reading by returning an error, which is returned.
pub fn count_record_lines<E: From<LinesError>>(
    stream: &mut TallyStream,
    seen: &mut TableHouseholds<'_>,
    reader: impl Read + Send,
    first: usize,
    max: u64,
    each: &mut dyn FnMut(RowReport) -> Result<(), E>,
) -> Result<(), E> {
    each_chunk(reader, first, max, |batches| {
        // a few chunks at a time: the records are read on every core, and more of them at
        // once keeps the cores busy (a chunk is about 450 records)
        let mut held: Vec<Lines> = Vec::with_capacity(RECORD_CHUNKS);
        let mut batches = batches.peekable();
        while let Some(lines) = batches.next() {
            held.push(lines);
            if held.len() < RECORD_CHUNKS && batches.peek().is_some() {
                continue;
            }
            let texts: Vec<(usize, &[u8])> = held
                .iter()
                .flat_map(|lines| {
                    (0..lines.count()).filter_map(|i| match lines.text(i) {
                        (n, Some(t)) => Some((n, t)),
                        (_, None) => None,
                    })
                })
                .collect();
            let report = stream.push_record_texts(&texts, seen);
            drop(texts);
            held.clear();
            each(report)?;
        }
        Ok(())
    })?
}

/// The non-blank lines of `reader` (the first numbered `first`, each of up to `max`
/// bytes) handed to `work` as batches of whole lines of about [`CHUNK_BYTES`]: a thread
/// reads the next batch while `work` takes the ones before, and the batches' buffers go
/// back to it, so only a few are in memory. The reading stops when `work` returns (its
/// result returned), at the end, or on an error or a line too long (the lines before it
/// handed over first).
fn each_chunk<R>(
    reader: impl Read + Send,
    first: usize,
    max: u64,
    work: impl FnOnce(&mut dyn Iterator<Item = Lines>) -> R,
) -> Result<R, LinesError> {
    let (pieces, received) = std::sync::mpsc::sync_channel::<Piece>(1);
    let (give_back, spare) = std::sync::mpsc::channel::<Vec<u8>>();
    std::thread::scope(|s| {
        s.spawn(move || read_chunks(reader, max, &pieces, &spare));
        let mut next = first;
        let mut failed: Option<LinesError> = None;
        let stop = &mut failed;
        // owns the receiver: when the work stops, the reading thread learns it
        let mut batches = std::iter::from_fn(move || {
            let failed = &mut *stop;
            if failed.is_some() {
                return None;
            }
            let (bytes, len) = match received.recv().ok()? {
                Piece::Lines(bytes, len) => (bytes, len),
                Piece::Failed(e) => {
                    *failed = Some(LinesError::Read(e));
                    return None;
                }
                Piece::TooLong => {
                    *failed = Some(LinesError::TooLong { row: next, max });
                    return None;
                }
            };
            let data = bytes.get(..len).unwrap_or_default();
            let mut lines: Vec<(usize, usize, usize)> = Vec::with_capacity(len / 1024 + 1);
            let mut start = 0;
            let ends = memchr::memchr_iter(b'\n', data)
                .chain((len > 0 && data.last() != Some(&b'\n')).then_some(len));
            for end in ends {
                let content = data.get(start..end).unwrap_or_default();
                let from = start;
                start = end + 1;
                if content.len() as u64 > max {
                    // the lines before it are handed over, then the reading stops
                    *failed = Some(LinesError::TooLong { row: next, max });
                    break;
                }
                let line = content.trim_ascii_start();
                let lead = content.len() - line.len();
                let line = line.trim_ascii_end();
                if !line.is_empty() {
                    lines.push((next, from + lead, from + lead + line.len()));
                    next += 1;
                }
            }
            Some(Lines {
                bytes,
                lines,
                give_back: give_back.clone(),
            })
        });
        let out = work(&mut batches);
        drop(batches);
        failed.map_or(Ok(out), Err)
    })
}

/// The non-blank lines of one buffer read (number, start, end), a batch of
/// [`RecordChecker::texts_stream`]; the buffer goes back to the reading thread when the
/// lines are checked.
struct Lines {
    bytes: Vec<u8>,
    lines: Vec<(usize, usize, usize)>,
    give_back: std::sync::mpsc::Sender<Vec<u8>>,
}

impl TextBatch for Lines {
    fn count(&self) -> usize {
        self.lines.len()
    }
    fn text(&self, i: usize) -> (usize, Option<&[u8]>) {
        self.lines.get(i).map_or((0, None), |&(n, start, end)| {
            (n, self.bytes.get(start..end))
        })
    }
}

impl Drop for Lines {
    fn drop(&mut self) {
        // the reader may have finished: then the buffer is simply dropped
        let _ = self.give_back.send(std::mem::take(&mut self.bytes));
    }
}

/// Sends `reader`'s whole lines in buffers of about [`CHUNK_BYTES`], reusing the buffers
/// given back, until its end, an error or a line longer than `max` (said after the lines
/// before it), or the receiver's leaving.
fn read_chunks(
    mut reader: impl Read,
    max: u64,
    pieces: &SyncSender<Piece>,
    spare: &Receiver<Vec<u8>>,
) {
    // the start of a line not ended in the last buffer
    let mut carry: Vec<u8> = Vec::new();
    loop {
        let mut buf = spare
            .try_recv()
            .unwrap_or_else(|_| vec![0; CHUNK_BYTES + READ_BYTES]);
        let mut filled = carry.len();
        if buf.len() < filled + READ_BYTES {
            buf.resize(filled + READ_BYTES, 0);
        }
        if let Some(head) = buf.get_mut(..filled) {
            head.copy_from_slice(&carry);
        }
        carry.clear();
        // where the last whole line ends (the carried start has no line break)
        let mut lines_end: Option<usize> = None;
        let mut end = false;
        let mut too_long = false;
        loop {
            if filled >= CHUNK_BYTES && lines_end.is_some() {
                break;
            }
            if (filled - lines_end.unwrap_or(0)) as u64 > max {
                too_long = true;
                break;
            }
            if buf.len() < filled + READ_BYTES {
                buf.resize(filled + READ_BYTES, 0);
            }
            let room = buf.get_mut(filled..).unwrap_or_default();
            match reader.read(room) {
                Ok(0) => {
                    end = true;
                    break;
                }
                Ok(n) => {
                    if let Some(i) = memchr::memrchr(b'\n', room.get(..n).unwrap_or_default()) {
                        lines_end = Some(filled + i + 1);
                    }
                    filled += n;
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    let _ = pieces.send(Piece::Failed(e));
                    return;
                }
            }
        }
        let cut = if end { filled } else { lines_end.unwrap_or(0) };
        if !end && !too_long {
            carry.extend_from_slice(buf.get(cut..filled).unwrap_or_default());
        }
        if pieces.send(Piece::Lines(buf, cut)).is_err() || end {
            return;
        }
        if too_long {
            let _ = pieces.send(Piece::TooLong);
            return;
        }
    }
}

/// Checks a column of JSON texts (Utf8, LargeUtf8 or Utf8View) with `checker`, cell `i`
/// numbered `first + i`; a null cell is an `invalid_value`.
pub fn check_column(
    checker: &mut RecordChecker,
    column: &dyn Array,
    source: &str,
    first: usize,
    report: &mut RecordReport,
) -> Result<(), ArrowError> {
    let texts = arrow_cast::cast(column, &DataType::Utf8)?;
    let Some(texts) = texts.as_any().downcast_ref::<StringArray>() else {
        return Ok(());
    };
    let cells = (0..texts.len()).step_by(CHUNK_CELLS).map(|start| {
        let end = (start + CHUNK_CELLS).min(texts.len());
        (start..end)
            .map(|i| {
                (
                    first + i,
                    texts.is_valid(i).then(|| texts.value(i).as_bytes()),
                )
            })
            .collect::<Vec<(usize, Option<&[u8]>)>>()
    });
    checker.texts_stream(cells, "text", source, &mut |_, issues| report.add(issues));
    Ok(())
}

/// The issues as a table, one row per issue: `record` (the number its path starts with),
/// `path` (the rest, from the record: `members[0].id_number`), `code`, `message`.
pub fn issues_table(issues: &Issues) -> Result<RecordBatch, ArrowError> {
    let mut record = Vec::with_capacity(issues.len());
    let mut path = Vec::with_capacity(issues.len());
    for i in issues {
        let items = i.path.items();
        let (n, rest) = match items.first() {
            Some(PathItem::Index(n)) => {
                (u64::try_from(*n).ok(), items.get(1..).unwrap_or_default())
            }
            _ => (None, items),
        };
        record.push(n);
        let rest = rest.iter().fold(Path::root(), |p, item| match item {
            PathItem::Key(k) => p.key(k.as_str()),
            PathItem::Index(n) => p.index(*n),
        });
        path.push(rest.to_string());
    }
    let schema = Schema::new(vec![
        Field::new("record", DataType::UInt64, true),
        Field::new("path", DataType::Utf8, false),
        Field::new("code", DataType::Utf8, false),
        Field::new("message", DataType::Utf8, false),
    ]);
    let columns: Vec<ArrayRef> = vec![
        Arc::new(UInt64Array::from(record)),
        Arc::new(StringArray::from(path)),
        Arc::new(StringArray::from_iter_values(
            issues.iter().map(|i| i.code.as_str()),
        )),
        Arc::new(StringArray::from_iter_values(
            issues.iter().map(|i| i.message.as_str()),
        )),
    ];
    Ok(RecordBatch::try_new(Arc::new(schema), columns)?)
}
