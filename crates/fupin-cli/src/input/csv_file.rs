//! CSV files, decoded on the fly from their encoding.

use std::path::Path;

use encoding_rs_io::DecodeReaderBytesBuilder;

use super::encoding::{Encoding, head, sniff};
use super::{Chunk, Sink, TableSummary, clean_header, row_issue, text_batch};
use crate::error::CliError;

/// Reads a CSV file in chunks of `rows` rows. Rows with another number of fields than the
/// header are rejected (row number, expected and found counts).
pub fn read(
    path: &Path,
    encoding: Option<Encoding>,
    rows: usize,
    sink: &mut Sink<'_>,
) -> Result<TableSummary, CliError> {
    let read_err = |source| CliError::Read {
        path: path.to_path_buf(),
        source,
    };
    let codec = match encoding {
        Some(e) => e.codec(),
        None => sniff(&head(path).map_err(read_err)?),
    };
    let file = std::fs::File::open(path).map_err(read_err)?;
    let decoded = DecodeReaderBytesBuilder::new()
        .encoding(Some(codec))
        .bom_override(true)
        .build(file);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(false)
        .from_reader(decoded);
    let mut summary = TableSummary {
        detected: format!("csv, {}", codec.name().to_lowercase()),
        ..TableSummary::default()
    };
    let mut records = reader.records();
    let header = match records.next() {
        None => return Ok(summary),
        Some(Err(e)) => {
            return Err(CliError::format(
                path,
                format!("cannot read the header: {e}"),
            ));
        }
        Some(Ok(h)) => clean_header(h.iter().map(str::to_owned).collect()),
    };
    let mut buf: Vec<Vec<Option<String>>> = Vec::with_capacity(rows);
    let mut first_row = 1;
    let mut row = 0;
    let mut flush = |buf: &mut Vec<Vec<Option<String>>>,
                     first_row: &mut usize,
                     next: usize|
     -> Result<(), CliError> {
        if !buf.is_empty() {
            sink(Chunk {
                batch: text_batch(&header, buf)?,
                first_row: *first_row,
            })?;
            buf.clear();
        }
        *first_row = next;
        Ok(())
    };
    for record in records {
        row += 1;
        match record {
            Err(e) => {
                flush(&mut buf, &mut first_row, row + 1)?;
                summary.rejected.push(row_issue(
                    row,
                    "csv_error",
                    format!("cannot read this row: {e}"),
                ));
            }
            Ok(r) if r.len() != header.len() && !(r.len() == 1 && r.get(0) == Some("")) => {
                flush(&mut buf, &mut first_row, row + 1)?;
                summary.rejected.push(
                    row_issue(
                        row,
                        "csv_field_count",
                        format!("{} fields where the header has {}", r.len(), header.len()),
                    )
                    .with("expected", header.len())
                    .with("found", r.len()),
                );
            }
            Ok(r) if r.len() == 1 && r.get(0) == Some("") => {
                flush(&mut buf, &mut first_row, row + 1)?;
                summary
                    .rejected
                    .push(row_issue(row, "empty_row", "the row is empty".to_owned()));
            }
            Ok(r) => {
                buf.push(
                    r.iter()
                        .map(|c| {
                            if c.trim().is_empty() {
                                None
                            } else {
                                Some(c.to_owned())
                            }
                        })
                        .collect(),
                );
                if buf.len() >= rows {
                    flush(&mut buf, &mut first_row, row + 1)?;
                }
            }
        }
    }
    flush(&mut buf, &mut first_row, row + 1)?;
    summary.rows = row;
    Ok(summary)
}
