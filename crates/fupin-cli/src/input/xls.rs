//! Old Excel workbooks (`.xls`, BIFF in a compound file), as county systems still export
//! them: the first sheet (or a named one), read with calamine, and made into rows by the
//! same reading as `.xlsx` ([`super::xlsx`]): formula cells give the value saved with them
//! (a BIFF formula record always carries it), an error cell or an empty cell inside a
//! merged range rejects its row, blank rows are not rows, rows are numbered by their place
//! in the sheet.
//!
//! A BIFF workbook is read whole into memory by calamine, so its size is checked first.

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use calamine::{Reader, Xls};

use super::xlsx::{Feed, Table, cell, invalid, pick_sheet};
use super::{ReadOptions, Sink, TableSummary};
use crate::error::CliError;

/// The largest `.xls` file read (a BIFF8 sheet holds at most 65,536 rows of 256 columns;
/// a full one of text is a few hundred megabytes).
pub const MAX_XLS_BYTES: u64 = 512 << 20;

/// Runs a step of calamine's BIFF reader, whose panic on a malformed compound file becomes
/// an error (calamine 0.38 indexes sectors out of range on some, found by fuzzing: not ours
/// to fix, and it must not end the command).
fn guarded<T>(path: &Path, step: impl FnOnce() -> Result<T, CliError>) -> Result<T, CliError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(step)).unwrap_or_else(|_| {
        Err(invalid(
            path,
            "the workbook is malformed: the .xls reader failed on it".to_owned(),
        ))
    })
}

/// Reads one sheet of an `.xls` workbook in chunks of at most `rows` rows.
pub fn read(
    path: &Path,
    opts: &ReadOptions,
    rows: usize,
    sink: &mut Sink<'_>,
) -> Result<TableSummary, CliError> {
    let file = File::open(path).map_err(|source| CliError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let size = file
        .metadata()
        .map_err(|source| CliError::Read {
            path: path.to_path_buf(),
            source,
        })?
        .len();
    if size > MAX_XLS_BYTES {
        return Err(CliError::input(
            path,
            "archive_too_large",
            format!(
                "the workbook is {} MiB, more than the {} MiB fupin reads of an .xls file (save it as .xlsx or CSV)",
                size >> 20,
                MAX_XLS_BYTES >> 20
            ),
        ));
    }
    // calamine follows sector chains without noticing loops: checked first
    let bytes = std::fs::read(path).map_err(|source| CliError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    if let Some(why) = super::cfb_check::problem(&bytes) {
        return Err(invalid(
            path,
            format!("the workbook is malformed: {why} (an .xls file is an Excel 97-2003 workbook)"),
        ));
    }
    drop(bytes);
    let mut book: Xls<BufReader<File>> = guarded(path, || {
        Xls::new(BufReader::new(file)).map_err(|e| {
            invalid(
                path,
                format!(
                    "cannot open the workbook (an .xls file is an Excel 97-2003 workbook): {e}"
                ),
            )
        })
    })?;
    let name = pick_sheet(path, &book.sheet_names(), opts)?;
    let regions = guarded(path, || {
        book.merge_cells_by_sheet_name(&name)
            .map_err(|e| invalid(path, format!("cannot read the merged cells: {e}")))
    })?;
    let range = guarded(path, || {
        book.worksheet_range(&name)
            .map_err(|e| invalid(path, format!("cannot read sheet `{name}`: {e}")))
    })?;
    let mut table = Table::new(opts, rows, regions, sink, format!("xls, sheet `{name}`"));
    let mut feed = Feed::default();
    if let Some((top, left)) = range.start() {
        for (r, c, d) in range.used_cells() {
            let (Some(row), Some(col)) = (
                u32::try_from(r).ok().and_then(|r| r.checked_add(top)),
                u32::try_from(c).ok().and_then(|c| c.checked_add(left)),
            ) else {
                return Err(invalid(
                    path,
                    format!("sheet `{name}` has a cell beyond XFD1048576"),
                ));
            };
            feed.cell(&mut table, path, &name, (row, col), cell(d), false)?;
        }
    }
    feed.end(&mut table)?;
    Ok(table.summary())
}
