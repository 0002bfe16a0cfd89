//! Excel workbooks: the first sheet (or a named one), streamed cell by cell (memory holds a
//! chunk, not the sheet). Formula cells give their cached values; a formula whose value was
//! never saved, an error cell, or an empty cell inside a merged range rejects its row.
//! Blank rows are not rows; rows are numbered by their place in the sheet (row 1 = the row
//! after the header).
//!
//! Before calamine reads anything, the archive is checked: what it would unpack to (a zip
//! bomb is refused) and every cell reference of the sheets (one beyond `XFD1048576` would
//! make calamine overflow or allocate for the whole grid).

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use calamine::{Data, Reader, Xlsx};

use super::{Chunk, ReadOptions, Sink, TableSummary, chunk_rows, clean_header, text_batch};
use crate::error::CliError;

/// The most a workbook may unpack to (the XML of a sheet of a million rows is a few hundred
/// megabytes).
pub const MAX_UNPACKED: u64 = 1 << 30;

/// The most parts an archive may have.
const MAX_PARTS: usize = 10_000;

/// Excel's last row and column (0-based): `XFD1048576`.
const LAST_ROW: u32 = 1_048_575;
const LAST_COLUMN: u32 = 16_383;

pub(super) fn invalid(path: &Path, message: impl Into<String>) -> CliError {
    CliError::input(path, "invalid_workbook", message)
}

pub(super) fn cell(d: &Data) -> Result<Option<String>, String> {
    Ok(match d {
        Data::Empty => None,
        Data::String(s) if s.trim().is_empty() => None,
        Data::String(s) => Some(s.clone()),
        Data::Int(i) => Some(i.to_string()),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => Some(format!("{f:.0}")),
        Data::Float(f) => Some(number_text(*f)),
        Data::Bool(b) => Some(b.to_string()),
        // a date or time is read as its date, never as the day number Excel keeps
        // (1900-01-03 is not 3 people): the fields fupin reads are codes, counts, yes/no,
        // statuses and amounts, which refuse a date
        Data::DateTime(d) => Some(date_text(d)),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Some(s.clone()),
        Data::Error(e) => return Err(format!("the cell holds the error `{e:?}`")),
    })
}

/// The text of a number cell that is not whole: a spreadsheet's float noise around an
/// amount of two decimals (3217.9999999999995, shown by Excel as 3,218.00) is that amount,
/// as a float column of Parquet gives it (the core's rule, `Yuan::from_f64`); any other
/// number as it is (3218.003 stays three decimals, and is refused as an amount).
fn number_text(f: f64) -> String {
    let shortest = f.to_string();
    let decimals = shortest.split_once('.').map_or(0, |(_, d)| d.len());
    match fupin_core::Yuan::from_f64(f) {
        Ok(y) if decimals > 2 => y.to_string(),
        _ => shortest,
    }
}

/// A cell reference (`B7`, a row `7`, a column `B`) within the sheet's limits, 1-based.
/// The text of a date or time cell: `1900-01-03`, with the time when it has one, or the
/// duration (`12:30:00`).
fn date_text(d: &calamine::ExcelDateTime) -> String {
    let (y, m, day, h, min, sec, _) = d.to_ymd_hms_milli();
    if d.is_duration() {
        return format!("{h:02}:{min:02}:{sec:02} (a duration)");
    }
    if (h, min, sec) == (0, 0, 0) {
        format!("{y:04}-{m:02}-{day:02}")
    } else {
        format!("{y:04}-{m:02}-{day:02} {h:02}:{min:02}:{sec:02}")
    }
}

fn reference_ok(r: &[u8]) -> bool {
    let letters = r.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let (col, row) = r.split_at(letters);
    let col_ok = col.len() <= 3
        && col.iter().fold(0u32, |acc, b| {
            acc * 26 + u32::from(b.to_ascii_uppercase() - b'A') + 1
        }) <= LAST_COLUMN + 1;
    let row_ok = row.iter().all(u8::is_ascii_digit)
        && row.len() <= 7
        && (row.is_empty()
            || std::str::from_utf8(row)
                .ok()
                .and_then(|s| s.parse::<u32>().ok())
                .is_some_and(|n| (1..=LAST_ROW + 1).contains(&n)));
    !r.is_empty() && col_ok && row_ok
}

/// A range (`A1:C9`) or a single reference within the sheet's limits.
fn range_ok(r: &[u8]) -> bool {
    r.split(|b| *b == b':').all(reference_ok) && r.split(|b| *b == b':').count() <= 2
}

/// Checks one sheet's XML: every `r` of a row or cell and every `ref` of the dimension,
/// merged ranges and shared formulas is a place on a sheet. Returns whether it merges cells.
fn scan_sheet(part: impl Read, name: &str) -> Result<bool, String> {
    use quick_xml::events::Event;
    let mut xml = quick_xml::Reader::from_reader(BufReader::new(part));
    let mut buf = Vec::new();
    let mut merges = false;
    loop {
        buf.clear();
        let event = xml
            .read_event_into(&mut buf)
            .map_err(|e| format!("`{name}` is not well-formed XML: {e}"))?;
        let e = match event {
            Event::Eof => return Ok(merges),
            Event::Start(e) | Event::Empty(e) => e,
            _ => continue,
        };
        let local = e.local_name();
        let (attr, check): (&str, fn(&[u8]) -> bool) = match local.as_ref() {
            "row" => ("r", |v| {
                !v.is_empty() && v.iter().all(u8::is_ascii_digit) && reference_ok(v)
            }),
            "c" => ("r", reference_ok),
            "mergeCell" => {
                merges = true;
                ("ref", range_ok)
            }
            "dimension" | "f" => ("ref", range_ok),
            _ => continue,
        };
        for a in e.attributes().with_checks(false).flatten() {
            if a.key.as_ref() == attr && !check(a.value.as_bytes()) {
                return Err(format!(
                    "`{name}` refers to the cell `{}`, which is not on a sheet (the last cell is XFD1048576)",
                    fupin_core::quote(&a.value)
                ));
            }
        }
    }
}

/// Checks the archive before calamine reads it: how much it would unpack to, how many
/// parts it has, and the cell references of its sheets. Returns whether a sheet merges
/// cells.
fn check_archive(path: &Path) -> Result<bool, CliError> {
    let file = File::open(path).map_err(|source| CliError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let mut zip = zip::ZipArchive::new(BufReader::new(file)).map_err(|e| {
        invalid(
            path,
            format!("not an Excel workbook (an .xlsx file is a zip archive): {e}"),
        )
    })?;
    if zip.len() > MAX_PARTS {
        return Err(CliError::input(
            path,
            "archive_too_large",
            format!(
                "the workbook has {} parts, more than the {MAX_PARTS} fupin reads",
                zip.len()
            ),
        ));
    }
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let part = zip
            .by_index_raw(i)
            .map_err(|e| invalid(path, format!("a part of the archive is broken: {e}")))?;
        total = total.saturating_add(part.size());
    }
    if total > MAX_UNPACKED {
        return Err(CliError::input(
            path,
            "archive_too_large",
            format!(
                "the workbook would unpack to {} MiB, more than the {} MiB fupin reads (a zip bomb?)",
                total >> 20,
                MAX_UNPACKED >> 20
            ),
        ));
    }
    let mut merges = false;
    for i in 0..zip.len() {
        let part = zip
            .by_index(i)
            .map_err(|e| invalid(path, format!("a part of the archive is broken: {e}")))?;
        let name = part.name().map(|n| n.to_string()).unwrap_or_default();
        let lower = name.to_ascii_lowercase();
        if !(lower.starts_with("xl/worksheets/") && lower.ends_with(".xml")) {
            continue;
        }
        merges |= scan_sheet(part, &name).map_err(|m| invalid(path, m))?;
    }
    Ok(merges)
}

/// Column letters of a 0-based column.
fn column_letters(mut col: u32) -> String {
    let mut out = Vec::new();
    loop {
        out.push(char::from(b'A' + u8::try_from(col % 26).unwrap_or(0)));
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.iter().rev().collect()
}

/// A cell as read: its column and value (`Err` for an error cell or a formula without a
/// saved value).
type Read1 = (u32, Result<Option<String>, (&'static str, String)>);

/// Merged ranges of the columns read: (first row, last row, first column, range text) by
/// column, sorted by first row.
type Merges = HashMap<u32, Vec<(u32, u32, u32, String)>>;

fn merges_of(regions: &[calamine::Dimensions], columns: &[u32]) -> Merges {
    let mut out: Merges = HashMap::new();
    for d in regions {
        let text = format!(
            "{}{}:{}{}",
            column_letters(d.start.1),
            d.start.0 + 1,
            column_letters(d.end.1),
            d.end.0 + 1
        );
        for col in columns.iter().filter(|c| (d.start.1..=d.end.1).contains(c)) {
            out.entry(*col)
                .or_default()
                .push((d.start.0, d.end.0, d.start.1, text.clone()));
        }
    }
    for v in out.values_mut() {
        v.sort();
    }
    out
}

/// The merged range that covers (`row`, `col`) without starting there, if any.
fn merged_at(merges: &Merges, row: u32, col: u32) -> Option<&str> {
    let list = merges.get(&col)?;
    let i = list.partition_point(|m| m.0 <= row);
    let (first, last, first_col, text) = list.get(i.checked_sub(1)?)?;
    (row <= *last && (row, col) != (*first, *first_col)).then_some(text.as_str())
}

/// Reads one sheet of a workbook in chunks of at most `rows` rows.
pub fn read(
    path: &Path,
    opts: &ReadOptions,
    rows: usize,
    sink: &mut Sink<'_>,
) -> Result<TableSummary, CliError> {
    let merges = check_archive(path)?;
    let file = File::open(path).map_err(|source| CliError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let mut book: Xlsx<BufReader<File>> = Xlsx::new(BufReader::new(file))
        .map_err(|e| invalid(path, format!("cannot open the workbook: {e}")))?;
    let name = pick_sheet(path, &book.sheet_names(), opts)?;
    let regions: Vec<calamine::Dimensions> = if merges {
        book.merge_cells_by_sheet_name(&name)
            .map_err(|e| invalid(path, format!("cannot read the merged cells: {e}")))?
    } else {
        Vec::new()
    };
    let mut reader = book
        .worksheet_cells_reader(&name)
        .map_err(|e| invalid(path, format!("cannot read sheet `{name}`: {e}")))?;
    let mut table = Table::new(opts, rows, regions, sink, format!("xlsx, sheet `{name}`"));
    let mut feed = Feed::default();
    loop {
        let next = reader
            .next_cell_with_formula_metadata()
            .map_err(|e| invalid(path, format!("cannot read sheet `{name}`: {e}")))?;
        let Some(c) = next else { break };
        let (row, col) = c.pos;
        let value = cell(&Data::from(c.value));
        feed.cell(
            &mut table,
            path,
            &name,
            (row, col),
            value,
            c.formula.is_some(),
        )?;
    }
    feed.end(&mut table)?;
    Ok(table.summary())
}

/// The sheet to read: the one named by `--sheet`, else the first.
pub(super) fn pick_sheet(
    path: &Path,
    names: &[String],
    opts: &ReadOptions,
) -> Result<String, CliError> {
    match opts.sheet.as_deref() {
        Some(s) => names
            .iter()
            .find(|n| n.as_str() == s)
            .cloned()
            .ok_or_else(|| {
                CliError::format(
                    path,
                    format!("no sheet `{s}` (sheets: {})", names.join(", ")),
                )
            }),
        None => names
            .first()
            .cloned()
            .ok_or_else(|| CliError::format(path, "the workbook has no sheet")),
    }
}

/// The cells of a sheet, handed over in sheet order (row by row, left to right), made into
/// the table's rows: the one reading of a sheet's cells for .xlsx and .xls.
#[derive(Default)]
pub(super) struct Feed {
    line: Vec<Read1>,
    current: Option<u32>,
}

impl Feed {
    /// One cell at (`row`, `col`) (0-based), its value (`Err` for an error cell), and
    /// whether it holds a formula.
    pub(super) fn cell(
        &mut self,
        table: &mut Table<'_, '_>,
        path: &Path,
        name: &str,
        (row, col): (u32, u32),
        value: Result<Option<String>, String>,
        formula: bool,
    ) -> Result<(), CliError> {
        if row > LAST_ROW || col > LAST_COLUMN {
            return Err(invalid(
                path,
                format!("sheet `{name}` has a cell beyond XFD1048576"),
            ));
        }
        let read: Result<Option<String>, (&'static str, String)> = match (value, formula) {
            (Ok(None), true) => Err((
                "formula_without_value",
                "the formula's value was never saved (open and save the file in Excel, or paste values)"
                    .to_owned(),
            )),
            (Ok(None), false) => return Ok(()),
            (Ok(v), _) => Ok(v),
            (Err(m), _) => Err(("cell_error", m)),
        };
        match self.current {
            Some(r) if r == row && self.line.last().is_some_and(|(c0, _)| *c0 >= col) => {
                return Err(invalid(
                    path,
                    format!(
                        "sheet `{name}` gives the cell {}{} twice or out of order",
                        column_letters(col),
                        row + 1
                    ),
                ));
            }
            Some(r) if r == row => {}
            Some(r) if r > row => {
                return Err(invalid(
                    path,
                    format!(
                        "the rows of sheet `{name}` are out of order at row {}",
                        row + 1
                    ),
                ));
            }
            Some(r) => {
                table.row(r, std::mem::take(&mut self.line))?;
            }
            None => {}
        }
        self.current = Some(row);
        self.line.push((col, read));
        Ok(())
    }

    /// The last row handed on, and the table's last chunk.
    pub(super) fn end(mut self, table: &mut Table<'_, '_>) -> Result<(), CliError> {
        if let Some(r) = self.current {
            table.row(r, std::mem::take(&mut self.line))?;
        }
        table.flush_rows(true)
    }
}

/// The sheet's table as it is read.
pub(super) struct Table<'a, 's> {
    opts: &'a ReadOptions,
    rows: usize,
    /// The sheet's merged ranges, and those of the columns read by column.
    regions: Vec<calamine::Dimensions>,
    merges: Merges,
    sink: &'a mut Sink<'s>,
    /// The header's sheet row, its names, and the columns kept (sheet column, name).
    header: Option<(u32, Vec<(u32, String)>)>,
    buf: Vec<Vec<Option<String>>>,
    first_row: usize,
    summary: TableSummary,
    /// Rows rejected since the last chunk.
    pending: fupin_core::Issues,
}

impl<'a, 's> Table<'a, 's> {
    /// An empty table of a sheet with merged ranges `regions`, read as `detected`.
    pub(super) fn new(
        opts: &'a ReadOptions,
        rows: usize,
        regions: Vec<calamine::Dimensions>,
        sink: &'a mut Sink<'s>,
        detected: String,
    ) -> Self {
        Table {
            opts,
            rows,
            regions,
            merges: Merges::new(),
            sink,
            header: None,
            buf: Vec::new(),
            first_row: 1,
            summary: TableSummary {
                detected,
                ..TableSummary::default()
            },
            pending: fupin_core::Issues::new(),
        }
    }

    /// What was read.
    pub(super) fn summary(self) -> TableSummary {
        self.summary
    }

    fn names(&self) -> Vec<String> {
        self.header
            .as_ref()
            .map(|(_, kept)| kept.iter().map(|(_, n)| n.clone()).collect())
            .unwrap_or_default()
    }

    /// Hands on the rows read, and the rows rejected since the last chunk when there are
    /// rows, many rejected ones, or at the `end`.
    fn flush_rows(&mut self, end: bool) -> Result<(), CliError> {
        let rejects =
            self.pending.len() >= super::PENDING_REJECTS || (end && !self.pending.is_empty());
        if !self.buf.is_empty() || rejects {
            let batch = text_batch(&self.names(), &self.buf)?;
            (self.sink)(Chunk {
                batch,
                first_row: self.first_row,
                rejected: std::mem::take(&mut self.pending),
            })?;
            self.buf.clear();
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), CliError> {
        self.flush_rows(false)
    }

    fn reject(&mut self, issue: fupin_core::Issue) -> Result<(), CliError> {
        self.flush()?;
        self.pending.push(issue);
        Ok(())
    }

    /// One non-blank row of the sheet (0-based sheet row), its cells by column.
    fn row(&mut self, sheet_row: u32, cells: Vec<Read1>) -> Result<(), CliError> {
        let Some((head, kept)) = &self.header else {
            // rows above the one named the header's (a title, notes) are not read
            if self
                .opts
                .header_row
                .is_some_and(|h| sheet_row.saturating_add(1) < h)
            {
                return Ok(());
            }
            // the first non-blank row (from the one named) is the header
            let width = cells.last().map_or(0, |(c, _)| *c as usize + 1);
            let mut raw = vec![String::new(); width];
            for (c, v) in cells {
                if let (Some(slot), Ok(Some(t))) = (raw.get_mut(c as usize), v) {
                    *slot = t;
                }
            }
            let keeps = self.opts.keeper();
            let full = clean_header(raw);
            self.summary.columns.clone_from(&full);
            let kept: Vec<(u32, String)> = full
                .into_iter()
                .zip(0u32..)
                .filter(|(n, _)| keeps(n))
                .map(|(n, c)| (c, n))
                .collect();
            let columns: Vec<u32> = kept.iter().map(|(c, _)| *c).collect();
            self.merges = merges_of(&self.regions, &columns);
            self.header = Some((sheet_row, kept));
            return Ok(());
        };
        let row = (sheet_row - head) as usize;
        let width = kept.len();
        self.summary.rows += 1;
        let mut out = Vec::with_capacity(kept.len());
        let mut problem = None;
        for (col, name) in kept {
            let found = cells
                .binary_search_by_key(col, |(c, _)| *c)
                .ok()
                .and_then(|i| cells.get(i));
            match found.map(|(_, v)| v) {
                Some(Ok(v)) => out.push(v.clone()),
                Some(Err((code, m))) => {
                    problem = Some((*code, name.clone(), m.clone()));
                    break;
                }
                None => match merged_at(&self.merges, sheet_row, *col) {
                    Some(range) => {
                        problem = Some((
                            "merged_cell",
                            name.clone(),
                            format!(
                                "the cell is inside the merged range `{range}` and holds no value of its own (unmerge the cells and fill them)"
                            ),
                        ));
                        break;
                    }
                    None => out.push(None),
                },
            }
        }
        match problem {
            Some((code, name, message)) => {
                let at = fupin_core::Path::root().index(row).key(name);
                self.reject(fupin_core::Issue::new(code, at, message))
            }
            None => {
                // a chunk numbers its rows on from its first: a gap (blank rows) starts
                // another
                if self.first_row + self.buf.len() != row {
                    self.flush()?;
                }
                if self.buf.is_empty() {
                    self.first_row = row;
                }
                self.buf.push(out);
                if self.buf.len() >= chunk_rows(self.rows, width) {
                    self.flush()?;
                }
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "test code")]
    use super::*;

    #[test]
    fn number_cells_take_float_noise_for_the_amount_and_keep_a_third_decimal() {
        assert_eq!(number_text(3_217.999_999_999_999_5), "3218.00");
        assert_eq!(number_text(0.1 + 0.2), "0.30");
        assert_eq!(number_text(3_218.003), "3218.003");
        assert_eq!(number_text(2.5), "2.5");
        assert_eq!(number_text(-0.125), "-0.125");
    }

    #[test]
    fn references_within_the_sheet() {
        for ok in ["A1", "XFD1048576", "b7", "A1:C9", "7", "B"] {
            assert!(range_ok(ok.as_bytes()), "{ok}");
        }
        for bad in [
            "",
            "XFE1",
            "A1048577",
            "A0",
            "ZZZZZZ3",
            "A99999999999",
            "A1:B2:C3",
            "A-1",
            "1A",
        ] {
            assert!(!range_ok(bad.as_bytes()), "{bad}");
        }
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(16_383), "XFD");
    }

    #[test]
    fn merged_ranges_cover_all_but_their_first_cell() {
        let m = merges_of(
            &[
                calamine::Dimensions {
                    start: (1, 0),
                    end: (3, 0),
                },
                calamine::Dimensions {
                    start: (5, 0),
                    end: (5, 2),
                },
            ],
            &[0, 1],
        );
        assert_eq!(merged_at(&m, 1, 0), None);
        assert_eq!(merged_at(&m, 2, 0), Some("A2:A4"));
        assert_eq!(merged_at(&m, 3, 0), Some("A2:A4"));
        assert_eq!(merged_at(&m, 4, 0), None);
        assert_eq!(merged_at(&m, 2, 1), None);
        assert_eq!(merged_at(&m, 5, 0), None);
        assert_eq!(merged_at(&m, 5, 1), Some("A6:C6"));
    }
}
