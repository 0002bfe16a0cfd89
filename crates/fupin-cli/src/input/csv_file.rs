//! CSV files in their encoding. UTF-8 and GB18030 (GBK) are split into records as bytes —
//! no byte of a multi-byte character of either is a comma, quote or line break — and each
//! cell read is decoded on its own, so a cell that is not valid text rejects its row
//! (`invalid_encoding`) instead of turning silently into replacement characters. UTF-16
//! (with a BOM) is transcoded first.

use std::borrow::Cow;
use std::io::Read;
use std::path::Path;

use encoding_rs_io::DecodeReaderBytesBuilder;

use super::encoding::sniff;
use super::limit::{Boundary, Limited, too_long};
use super::source::Source;
use super::{
    Chunk, PENDING_REJECTS, ReadOptions, Sink, TableSummary, TextColumns, chunk_rows, clean_header,
    row_issue,
};
use crate::error::CliError;
use fupin_core::Issues;

/// The byte-order mark of UTF-8, found at the start of files and, where files were joined,
/// at the start of a line in the middle.
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// A cell's bytes as text, or `None` when they are not valid in `codec`.
fn decode<'a>(codec: &'static encoding_rs::Encoding, bytes: &'a [u8]) -> Option<Cow<'a, str>> {
    if codec == encoding_rs::UTF_8 {
        std::str::from_utf8(bytes).ok().map(Cow::Borrowed)
    } else {
        codec.decode_without_bom_handling_and_without_replacement(bytes)
    }
}

/// Reads a CSV file in chunks of at most `rows` rows. Rows with another number of fields
/// than the header are rejected (row number, expected and found counts); so are rows with
/// a cell that is not valid text in the file's encoding, and the header repeated (files
/// joined). Only the columns `opts` keeps are decoded.
pub fn read(
    path: &Path,
    mut file: Source,
    opts: &ReadOptions,
    rows: usize,
    sink: &mut Sink<'_>,
) -> Result<TableSummary, CliError> {
    // the encoding from the first 64 KiB, read once with the rest (a pipe works)
    let start = file.head.get(..64).unwrap_or(&file.head).to_vec();
    let sniffed = sniff(&file.head);
    let codec = match opts.encoding {
        Some(e) => e.codec(),
        None => sniffed,
    };
    let source: Box<dyn Read> = if codec == encoding_rs::UTF_8 || codec == encoding_rs::GB18030 {
        let bom = match encoding_rs::Encoding::for_bom(&start) {
            Some((found, len)) if found == codec => len,
            _ => 0,
        };
        file.skip(bom);
        Box::new(file.into_reader())
    } else {
        // UTF-16: transcoded to UTF-8 (unpaired surrogates become U+FFFD)
        Box::new(
            DecodeReaderBytesBuilder::new()
                .encoding(Some(codec))
                .bom_override(true)
                .build(file.into_reader()),
        )
    };
    let codec = if codec == encoding_rs::GB18030 {
        codec
    } else {
        encoding_rs::UTF_8
    };
    let max = opts.max_record();
    let boundary = std::rc::Rc::new(Boundary::default());
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .from_reader(Limited::new(source, max, boundary.clone()));
    // the record just read ended at `end`: longer than the limit is an error
    let record_end = |end: u64, row: usize| -> Result<(), CliError> {
        if end.saturating_sub(boundary.end()) > max {
            return Err(too_long(path, row, max));
        }
        boundary.set(end);
        Ok(())
    };
    let mut summary = TableSummary {
        detected: format!(
            "csv, {}",
            opts.encoding
                .map_or(sniffed, |e| e.codec())
                .name()
                .to_lowercase()
        ),
        ..TableSummary::default()
    };
    let mut raw_header = csv::ByteRecord::new();
    // the rows above the header (a title, notes) are read past, only their length checked
    let header_row = opts.header_row.unwrap_or(1);
    for row in 1..=header_row {
        match reader.read_byte_record(&mut raw_header) {
            Ok(false) => return Ok(summary),
            Err(_) if boundary.tripped() => return Err(too_long(path, 0, max)),
            Err(e) => {
                let which = if row == header_row {
                    "the header".to_owned()
                } else {
                    format!("row {row}, above the header")
                };
                return Err(CliError::format(path, format!("cannot read {which}: {e}")));
            }
            Ok(true) => record_end(reader.position().byte(), 0)?,
        }
    }
    let mut names = Vec::with_capacity(raw_header.len());
    for (i, cell) in raw_header.iter().enumerate() {
        match decode(codec, cell) {
            Some(t) => names.push(t.into_owned()),
            None => {
                return Err(CliError::input(
                    path,
                    "invalid_encoding",
                    format!(
                        "the header (column {}) is not valid {} text; give the file's encoding with --encoding",
                        i + 1,
                        codec.name().to_lowercase()
                    ),
                ));
            }
        }
    }
    let width = names.len();
    let full = clean_header(names);
    summary.columns.clone_from(&full);
    // the columns read, by position
    let keeps = opts.keeper();
    let kept: Vec<usize> = (0..width)
        .filter(|i| full.get(*i).is_some_and(|n| keeps(n)))
        .collect();
    let header: Vec<String> = kept.iter().filter_map(|i| full.get(*i).cloned()).collect();
    let raw_header: Vec<Vec<u8>> = raw_header.iter().map(|c| c.trim_ascii().to_vec()).collect();
    let rows = chunk_rows(rows, header.len());
    let mut buf = TextColumns::new(header.len());
    let mut first_row = 1;
    let mut row = 0;
    let mut pending = Issues::new();
    // hands on the rows read (and the rows rejected since the last chunk: when there are
    // rows, many rejected ones, or at the end)
    let mut flush = |buf: &mut TextColumns,
                     pending: &mut Issues,
                     first_row: &mut usize,
                     next: usize,
                     end: bool|
     -> Result<(), CliError> {
        let rejects = pending.len() >= PENDING_REJECTS || (end && !pending.is_empty());
        if !buf.is_empty() || rejects {
            sink(Chunk {
                batch: buf.finish(&header)?,
                first_row: *first_row,
                rejected: std::mem::take(pending),
            })?;
        }
        *first_row = next;
        Ok(())
    };
    let encoding_name = codec.name().to_lowercase();
    let mut r = csv::ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut r) {
            Ok(false) => break,
            Ok(true) => {
                row += 1;
                record_end(reader.position().byte(), row)?;
            }
            Err(_) if boundary.tripped() => return Err(too_long(path, row + 1, max)),
            Err(e) => {
                row += 1;
                flush(&mut buf, &mut pending, &mut first_row, row + 1, false)?;
                pending.push(row_issue(
                    row,
                    "csv_error",
                    format!("cannot read this row: {e}"),
                ));
                continue;
            }
        }
        // the lines the row runs over (a quoted cell may hold line breaks — or a quote
        // left open swallows the rest of the file into one row)
        let line = r.position().map_or(0, csv::Position::line);
        let lines = reader.position().line().saturating_sub(line).max(1);
        let empty = r.len() == 1 && r.get(0).is_some_and(|c| c.trim_ascii().is_empty());
        if empty {
            flush(&mut buf, &mut pending, &mut first_row, row + 1, false)?;
            pending.push(row_issue(row, "empty_row", "the row is empty".to_owned()));
            continue;
        }
        if r.len() != width {
            flush(&mut buf, &mut pending, &mut first_row, row + 1, false)?;
            let spread = if lines > 1 {
                format!(" (the row runs over {lines} lines from line {line}: a quote left open?)")
            } else {
                String::new()
            };
            pending.push(
                row_issue(
                    row,
                    "csv_field_count",
                    format!("{} fields where the header has {width}{spread}", r.len()),
                )
                .with("expected", width)
                .with("found", r.len())
                .with("line", line)
                .with("lines", lines),
            );
            continue;
        }
        // a line that starts with a byte-order mark, or that is the header again: files
        // joined one after the other
        let cell = |i: usize| -> &[u8] {
            let c = r.get(i).unwrap_or_default();
            if i == 0 && codec == encoding_rs::UTF_8 {
                c.strip_prefix(UTF8_BOM).unwrap_or(c)
            } else {
                c
            }
        };
        let repeated = (0..width).all(|i| {
            raw_header
                .get(i)
                .is_some_and(|h| cell(i).trim_ascii() == h.as_slice())
        });
        if repeated {
            flush(&mut buf, &mut pending, &mut first_row, row + 1, false)?;
            pending.push(row_issue(
                row,
                "repeated_header",
                "the header again, not data (were files joined?)".to_owned(),
            ));
            continue;
        }
        let mut cells: Vec<Option<Cow<'_, str>>> = Vec::with_capacity(kept.len());
        let mut bad = None;
        for (k, i) in kept.iter().enumerate() {
            match decode(codec, cell(*i)) {
                Some(t) if t.trim().is_empty() => cells.push(None),
                Some(t) => cells.push(Some(t)),
                None => {
                    bad = Some(k);
                    break;
                }
            }
        }
        if let Some(k) = bad {
            flush(&mut buf, &mut pending, &mut first_row, row + 1, false)?;
            let name = header.get(k).cloned().unwrap_or_default();
            pending.push(super::Issue::new(
                "invalid_encoding",
                fupin_core::Path::root().index(row).key(name),
                format!(
                    "the cell is not valid {encoding_name} text (is the file in another encoding? see --encoding)"
                ),
            ));
            continue;
        }
        buf.push(cells.iter().map(|c| c.as_deref()));
        if buf.len() >= rows {
            flush(&mut buf, &mut pending, &mut first_row, row + 1, false)?;
        }
    }
    flush(&mut buf, &mut pending, &mut first_row, row + 1, true)?;
    summary.rows = row;
    Ok(summary)
}
