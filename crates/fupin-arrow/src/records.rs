//! Household records given as JSON Lines or as a column of JSON strings, checked by
//! [`RecordChecker`] (on every core, in order-preserving chunks: memory holds one chunk
//! and the issues, never the whole input), and the issues as an Arrow table.

use std::io::BufRead;
use std::sync::Arc;

use arrow_array::{Array, ArrayRef, RecordBatch, StringArray, UInt64Array};
use arrow_schema::{DataType, Field, Schema};
use fupin_core::household::{RecordChecker, RecordReport};
use fupin_core::{Issues, Path, PathItem};

use crate::error::ArrowError;

/// Bytes of whole lines read and checked at a time: enough for every core to share, small
/// enough that memory holds a chunk and its results, not the input.
pub const CHUNK_BYTES: usize = 4 << 20;

/// Cells of a column checked at a time.
const CHUNK_CELLS: usize = 4096;

/// A chunk of whole lines and where each ends.
type Chunk = (Vec<u8>, Vec<usize>);

/// Checks the JSON Lines of `reader` (named `source` in duplicates' messages) with
/// `checker`, the first non-blank line numbered `first`, in chunks of about
/// [`CHUNK_BYTES`]: a thread reads the next chunk while the current one is checked, and the
/// chunks' buffers go back to it, so at most three chunks are in memory. Blank lines are
/// skipped (they are not records).
pub fn check_lines(
    checker: &mut RecordChecker,
    reader: impl BufRead + Send,
    source: &str,
    first: usize,
    report: &mut RecordReport,
) -> std::io::Result<()> {
    let (chunks, received) = std::sync::mpsc::sync_channel::<std::io::Result<Chunk>>(1);
    let (give_back, spare) = std::sync::mpsc::channel::<Chunk>();
    std::thread::scope(|s| {
        s.spawn(move || read_chunks(reader, &chunks, &spare));
        let mut next = first;
        for chunk in received {
            let (bytes, ends) = chunk?;
            let mut start = 0;
            let mut lines: Vec<(usize, Option<&[u8]>)> = Vec::with_capacity(ends.len());
            for &end in &ends {
                let line = bytes.get(start..end).unwrap_or_default().trim_ascii();
                start = end;
                if !line.is_empty() {
                    lines.push((next, Some(line)));
                    next += 1;
                }
            }
            checker.texts(&lines, "line", source, report);
            drop(lines);
            // the reader may have finished: then the buffer is simply dropped
            let _ = give_back.send((bytes, ends));
        }
        Ok(())
    })
}

/// Sends `reader`'s whole lines in chunks of about [`CHUNK_BYTES`] (with the offset where
/// each line ends), reusing the buffers given back, until its end, an error (sent too) or
/// the receiver's leaving.
fn read_chunks(
    mut reader: impl BufRead,
    chunks: &std::sync::mpsc::SyncSender<std::io::Result<Chunk>>,
    spare: &std::sync::mpsc::Receiver<Chunk>,
) {
    loop {
        let (mut bytes, mut ends) = spare.try_recv().unwrap_or_else(|_| {
            (
                Vec::with_capacity(CHUNK_BYTES + (64 << 10)),
                Vec::with_capacity(4096),
            )
        });
        bytes.clear();
        ends.clear();
        let mut more = true;
        while bytes.len() < CHUNK_BYTES {
            match reader.read_until(b'\n', &mut bytes) {
                Ok(0) => {
                    more = false;
                    break;
                }
                Ok(_) => ends.push(bytes.len()),
                Err(e) => {
                    let _ = chunks.send(Err(e));
                    return;
                }
            }
        }
        if chunks.send(Ok((bytes, ends))).is_err() || !more {
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
    let mut start = 0;
    while start < texts.len() {
        let end = (start + CHUNK_CELLS).min(texts.len());
        let cells: Vec<(usize, Option<&[u8]>)> = (start..end)
            .map(|i| {
                (
                    first + i,
                    texts.is_valid(i).then(|| texts.value(i).as_bytes()),
                )
            })
            .collect();
        checker.texts(&cells, "text", source, report);
        start = end;
    }
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
