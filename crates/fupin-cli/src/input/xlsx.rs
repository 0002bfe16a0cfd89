//! Excel workbooks: the first sheet (or a named one); formula cells give their cached
//! values; error cells are rejected rows.

use std::path::Path;

use calamine::{Data, Reader, open_workbook_auto};

use super::{Chunk, Sink, TableSummary, clean_header, row_issue, text_batch};
use crate::error::CliError;

fn cell(d: &Data) -> Result<Option<String>, String> {
    Ok(match d {
        Data::Empty => None,
        Data::String(s) if s.trim().is_empty() => None,
        Data::String(s) => Some(s.clone()),
        Data::Int(i) => Some(i.to_string()),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => Some(format!("{f:.0}")),
        Data::Float(f) => Some(f.to_string()),
        Data::Bool(b) => Some(b.to_string()),
        Data::DateTime(d) => Some(d.to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Some(s.clone()),
        Data::Error(e) => return Err(format!("the cell holds the error `{e:?}`")),
    })
}

/// Reads one sheet of a workbook in chunks.
pub fn read(
    path: &Path,
    sheet: Option<&str>,
    rows: usize,
    sink: &mut Sink<'_>,
) -> Result<TableSummary, CliError> {
    let mut book = open_workbook_auto(path)
        .map_err(|e| CliError::format(path, format!("cannot open the workbook: {e}")))?;
    let names = book.sheet_names();
    let name = match sheet {
        Some(s) => names
            .iter()
            .find(|n| n.as_str() == s)
            .cloned()
            .ok_or_else(|| {
                CliError::format(
                    path,
                    format!("no sheet `{s}` (sheets: {})", names.join(", ")),
                )
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| CliError::format(path, "the workbook has no sheet"))?,
    };
    let range = book
        .worksheet_range(&name)
        .map_err(|e| CliError::format(path, format!("cannot read sheet `{name}`: {e}")))?;
    let mut summary = TableSummary {
        detected: format!("xlsx, sheet `{name}`"),
        ..TableSummary::default()
    };
    let mut iter = range.rows();
    let header = match iter.next() {
        None => return Ok(summary),
        Some(h) => clean_header(
            h.iter()
                .map(|d| cell(d).ok().flatten().unwrap_or_default())
                .collect(),
        ),
    };
    let mut buf: Vec<Vec<Option<String>>> = Vec::with_capacity(rows.min(65_536));
    let mut first_row = 1;
    let mut row = 0;
    for r in iter {
        row += 1;
        let cells: Result<Vec<Option<String>>, (usize, String)> = r
            .iter()
            .enumerate()
            .map(|(i, d)| cell(d).map_err(|m| (i, m)))
            .collect();
        match cells {
            Ok(c) if c.iter().all(Option::is_none) => {
                if !buf.is_empty() {
                    sink(Chunk {
                        batch: text_batch(&header, &buf)?,
                        first_row,
                    })?;
                    buf.clear();
                }
                first_row = row + 1;
                summary
                    .rejected
                    .push(row_issue(row, "empty_row", "the row is empty".to_owned()));
            }
            Ok(mut c) => {
                c.resize(header.len(), None);
                buf.push(c);
                if buf.len() >= rows {
                    sink(Chunk {
                        batch: text_batch(&header, &buf)?,
                        first_row,
                    })?;
                    buf.clear();
                    first_row = row + 1;
                }
            }
            Err((col, m)) => {
                if !buf.is_empty() {
                    sink(Chunk {
                        batch: text_batch(&header, &buf)?,
                        first_row,
                    })?;
                    buf.clear();
                }
                first_row = row + 1;
                let name = header.get(col).cloned().unwrap_or_default();
                summary.rejected.push(row_issue(
                    row,
                    "cell_error",
                    format!("column `{name}`: {m}"),
                ));
            }
        }
    }
    if !buf.is_empty() {
        sink(Chunk {
            batch: text_batch(&header, &buf)?,
            first_row,
        })?;
    }
    summary.rows = row;
    Ok(summary)
}
