//! Reading tables from files: CSV (UTF-8, UTF-8 with BOM, GBK/GB18030), JSON Lines, Excel
//! `.xlsx` and Parquet, as Arrow record batches of text (or, for Parquet, typed) columns.
//! Every data row ends up in a batch or in the list of rejected rows, numbered from 1 (the
//! first row after the header).

mod cfb_check;
mod csv_file;
mod encoding;
mod jsonl;
mod limit;
mod source;
mod xls;
mod xlsx;

use std::path::Path;
use std::sync::Arc;

use arrow_array::{ArrayRef, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};
use fupin_core::{Issue, Issues};

use crate::error::CliError;

pub use encoding::Encoding;
pub use limit::DEFAULT_MAX_RECORD_BYTES;
pub(crate) use limit::too_long as record_too_long;
pub use source::{Source, bytes_read, is_stdin, require_file};

/// The file formats fupin reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Comma-separated values.
    Csv,
    /// JSON Lines: one flat object per line.
    Jsonl,
    /// Excel 2007+ workbook.
    Xlsx,
    /// Excel 97-2003 workbook (BIFF).
    Xls,
    /// Apache Parquet.
    Parquet,
}

impl Format {
    /// The format of a file, from its extension.
    pub fn of(path: &Path) -> Result<Format, CliError> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_lowercase)
            .unwrap_or_default();
        Ok(match ext.as_str() {
            "csv" | "txt" => Format::Csv,
            "jsonl" | "ndjson" => Format::Jsonl,
            "xlsx" | "xlsm" => Format::Xlsx,
            "parquet" | "pq" => Format::Parquet,
            "xls" => Format::Xls,
            other => {
                return Err(CliError::format(
                    path,
                    format!(
                        "unknown extension `{other}`: fupin reads .csv, .jsonl, .xlsx, .xls and .parquet"
                    ),
                ));
            }
        })
    }
}

pub use fupin_arrow::{SYNTHETIC_COLUMN, SYNTHETIC_KEY, parquet_is_synthetic};

/// Whether a file of columns `names` (and, for Parquet, footer metadata) was made by
/// `fupin synth` (the marks are the adapter's: [`fupin_arrow::is_synthetic_column`]).
fn marked_synthetic(path: &Path, format: Format, names: &[String]) -> bool {
    if names.iter().any(|n| fupin_arrow::is_synthetic_column(n)) {
        return true;
    }
    format == Format::Parquet && parquet_is_synthetic(path)
}

/// How to read input files.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// The text encoding of CSV files (detected when `None`).
    pub encoding: Option<Encoding>,
    /// The sheet of workbooks (the first when `None`).
    pub sheet: Option<String>,
    /// Rows per batch.
    pub batch_rows: usize,
    /// For Parquet: the only columns to decode (all when `None`).
    pub columns: Option<Vec<String>>,
    /// The format of every input (from its extension when `None`; standard input, `-`,
    /// is then recognised from its first bytes).
    pub format: Option<Format>,
    /// The longest record (CSV record, JSON line) in bytes; a longer one is an error
    /// (`record_too_long`). 0: [`DEFAULT_MAX_RECORD_BYTES`].
    pub max_record_bytes: u64,
    /// The row of the column names in CSV files and workbooks (1-based, as a spreadsheet
    /// shows it), when a title or notes are above it; the rows before it are not read.
    /// `None`: the first row (of a workbook: the first non-blank one).
    pub header_row: Option<u32>,
}

impl ReadOptions {
    /// The longest record in bytes ([`ReadOptions::max_record_bytes`] or the default).
    pub fn max_record(&self) -> u64 {
        if self.max_record_bytes == 0 {
            DEFAULT_MAX_RECORD_BYTES
        } else {
            self.max_record_bytes
        }
    }

    /// Which columns are read ([`ReadOptions::columns`]; case and surrounding white space
    /// ignored), as a test made once per file (wide files have many columns).
    pub(crate) fn keeper(&self) -> impl Fn(&str) -> bool + use<> {
        let norm = |s: &str| s.trim().trim_start_matches('\u{feff}').to_lowercase();
        let wanted: Option<std::collections::HashSet<String>> = self
            .columns
            .as_ref()
            .map(|w| w.iter().map(|c| norm(c)).collect());
        move |name: &str| wanted.as_ref().is_none_or(|w| w.contains(&norm(name)))
    }
}

/// Cells per chunk: a chunk of a very wide file has fewer rows, so memory stays bounded
/// whatever the shape of the file.
const CHUNK_CELLS: usize = 1 << 22;

/// Rows per chunk for a table of `columns` columns, at most `rows`.
pub(crate) fn chunk_rows(rows: usize, columns: usize) -> usize {
    rows.min(CHUNK_CELLS / columns.max(1)).max(1)
}

/// A batch of rows and the number of its first row, with the rows the reader rejected
/// since the previous chunk (so rejected rows flow through as they come, and are not kept
/// for the whole file). A chunk may have no rows and only rejected ones.
#[derive(Debug, Clone)]
pub struct Chunk {
    /// The rows.
    pub batch: RecordBatch,
    /// Number of the first row (1 = the first row after the header).
    pub first_row: usize,
    /// Rows the reader could not read at all (wrong field count, broken JSON …), rejected
    /// since the previous chunk.
    pub rejected: Issues,
}

/// Rejected rows a reader holds before it hands them on in a chunk of their own.
pub(crate) const PENDING_REJECTS: usize = 4_096;

/// What reading a file gave, besides its chunks: the rows rejected while reading, the row
/// count, and what was detected.
#[derive(Debug, Default)]
pub struct TableSummary {
    /// Rows that could not be read at all (wrong field count, broken JSON …): filled by
    /// [`read_all`] only; [`read_table`] hands them on in the chunks ([`Chunk::rejected`]).
    pub rejected: Issues,
    /// Data rows in the file.
    pub rows: usize,
    /// What was detected (e.g. "csv, gb18030").
    pub detected: String,
    /// The names of every column of the file (the header), read or not, in order.
    pub columns: Vec<String>,
    /// Whether the file carries the mark of `fupin synth` ([`SYNTHETIC_COLUMN`],
    /// [`SYNTHETIC_KEY`]).
    pub synthetic: bool,
}

/// What receives the chunks of a file, one at a time (so memory holds one chunk).
pub type Sink<'a> = dyn FnMut(Chunk) -> Result<(), CliError> + 'a;

/// Builds a batch of text columns from rows of optional cells.
pub(crate) fn text_batch(
    header: &[String],
    rows: &[Vec<Option<String>>],
) -> Result<RecordBatch, CliError> {
    let fields: Vec<Field> = header
        .iter()
        .map(|h| Field::new(h.as_str(), DataType::Utf8, true))
        .collect();
    let columns: Vec<ArrayRef> = (0..header.len())
        .map(|c| {
            let col: StringArray = rows
                .iter()
                .map(|r| r.get(c).and_then(Option::as_deref))
                .collect();
            Arc::new(col) as ArrayRef
        })
        .collect();
    // no column kept (none of the file's is read): the rows still count
    let options = arrow_array::RecordBatchOptions::new().with_row_count(Some(rows.len()));
    RecordBatch::try_new_with_options(Arc::new(Schema::new(fields)), columns, &options)
        .map_err(|e| CliError::Arrow(e.into()))
}

/// Text columns built row by row, each cell appended where it is read (no string kept per
/// cell): what the CSV reader fills and hands on as a batch of text columns.
pub(crate) struct TextColumns {
    builders: Vec<arrow_array::builder::StringBuilder>,
    rows: usize,
}

impl TextColumns {
    pub(crate) fn new(columns: usize) -> Self {
        TextColumns {
            builders: (0..columns)
                .map(|_| arrow_array::builder::StringBuilder::new())
                .collect(),
            rows: 0,
        }
    }

    /// Appends a row (one cell per column; `None`: empty).
    pub(crate) fn push<'a>(&mut self, cells: impl IntoIterator<Item = Option<&'a str>>) {
        for (b, cell) in self.builders.iter_mut().zip(cells) {
            b.append_option(cell);
        }
        self.rows += 1;
    }

    pub(crate) fn len(&self) -> usize {
        self.rows
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// The rows so far as a batch (then none are left).
    pub(crate) fn finish(&mut self, header: &[String]) -> Result<RecordBatch, CliError> {
        let fields: Vec<Field> = header
            .iter()
            .map(|h| Field::new(h.as_str(), DataType::Utf8, true))
            .collect();
        let columns: Vec<ArrayRef> = self
            .builders
            .iter_mut()
            .map(|b| Arc::new(b.finish()) as ArrayRef)
            .collect();
        let options = arrow_array::RecordBatchOptions::new().with_row_count(Some(self.rows));
        self.rows = 0;
        RecordBatch::try_new_with_options(Arc::new(Schema::new(fields)), columns, &options)
            .map_err(|e| CliError::Arrow(e.into()))
    }
}

/// Trims header names and names empty ones by position (`column_3`). Names given twice
/// stay as they are: when a field is read from such a name, the adapter says which
/// columns clash rather than guess (`ambiguous_column`).
pub(crate) fn clean_header(raw: Vec<String>) -> Vec<String> {
    raw.into_iter()
        .enumerate()
        .map(|(i, h)| {
            let name = h.trim().trim_start_matches('\u{feff}').trim();
            if name.is_empty() {
                format!("column_{}", i + 1)
            } else {
                name.to_owned()
            }
        })
        .collect()
}

pub(crate) fn row_issue(row: usize, code: &str, message: String) -> Issue {
    Issue::new(code, fupin_core::Path::root().index(row), message)
}

/// Reads a file chunk by chunk into `sink`.
pub fn read_table(
    path: &Path,
    opts: &ReadOptions,
    sink: &mut Sink<'_>,
) -> Result<TableSummary, CliError> {
    let (format, source) = match (opts.format, is_stdin(path)) {
        (Some(f), _) => (f, None),
        (None, false) => (Format::of(path)?, None),
        (None, true) => {
            let source = Source::open(path)?;
            (source.sniff_format(), Some(source))
        }
    };
    read_table_from(path, format, source, opts, sink)
}

/// The format of input `path` as the options or its extension say; `None` for standard
/// input without `--input-format` (recognised from its first bytes when read).
pub fn declared_format(path: &Path, opts: &ReadOptions) -> Result<Option<Format>, CliError> {
    match (opts.format, is_stdin(path)) {
        (Some(f), _) => Ok(Some(f)),
        (None, true) => Ok(None),
        (None, false) => Format::of(path).map(Some),
    }
}

/// Reads a file of `format` chunk by chunk into `sink`; CSV and JSON Lines from `source`
/// when it is open already (its start read ahead), else opened once here.
pub fn read_table_from(
    path: &Path,
    format: Format,
    source: Option<Source>,
    opts: &ReadOptions,
    sink: &mut Sink<'_>,
) -> Result<TableSummary, CliError> {
    let rows = if opts.batch_rows == 0 {
        65_536
    } else {
        opts.batch_rows
    };
    let open = |source: Option<Source>| match source {
        Some(s) => Ok(s),
        None => Source::open(path),
    };
    if matches!(format, Format::Xlsx | Format::Xls | Format::Parquet) {
        source::require_file(path, format)?;
    }
    let mut summary = match format {
        Format::Csv => csv_file::read(path, open(source)?, opts, rows, sink)?,
        Format::Jsonl => jsonl::read(path, open(source)?, opts, rows, sink)?,
        Format::Xlsx => xlsx::read(path, opts, rows, sink)?,
        Format::Xls => xls::read(path, opts, rows, sink)?,
        Format::Parquet => {
            let mut summary = TableSummary {
                detected: "parquet".to_owned(),
                ..TableSummary::default()
            };
            let mut first_row = 1;
            let wanted = opts.columns.clone();
            let keep = move |name: &str| {
                wanted.as_ref().is_none_or(|w| {
                    w.iter()
                        .any(|c| c.trim().to_lowercase() == name.trim().to_lowercase())
                })
            };
            let in_file = |e: fupin_arrow::ArrowError| CliError::from(e).in_file(path);
            summary.columns = fupin_arrow::parquet_io::column_names(path).map_err(in_file)?;
            for batch in
                fupin_arrow::parquet_io::read_columns(path, rows, &keep).map_err(in_file)?
            {
                let batch = batch.map_err(in_file)?;
                let n = batch.num_rows();
                sink(Chunk {
                    batch,
                    first_row,
                    rejected: Issues::new(),
                })?;
                first_row += n;
                summary.rows += n;
            }
            summary
        }
    };
    summary.synthetic = marked_synthetic(path, format, &summary.columns);
    Ok(summary)
}

/// Like [`read_table`], with the reading (decoding, parsing) on a second thread while `sink`
/// works on the calling thread; at most two chunks wait in between.
pub fn read_table_pipelined(
    path: &Path,
    opts: &ReadOptions,
    sink: &mut Sink<'_>,
) -> Result<TableSummary, CliError> {
    pipelined(|s| read_table(path, opts, s), sink)
}

/// Like [`read_table_from`], with the reading on a second thread as in
/// [`read_table_pipelined`].
pub fn read_table_from_pipelined(
    path: &Path,
    format: Format,
    source: Option<Source>,
    opts: &ReadOptions,
    sink: &mut Sink<'_>,
) -> Result<TableSummary, CliError> {
    pipelined(|s| read_table_from(path, format, source, opts, s), sink)
}

/// Runs `read` on a second thread, its chunks handed to `sink` on this one.
fn pipelined(
    read: impl FnOnce(&mut Sink<'_>) -> Result<TableSummary, CliError> + Send,
    sink: &mut Sink<'_>,
) -> Result<TableSummary, CliError> {
    let (tx, rx) = std::sync::mpsc::sync_channel::<Chunk>(2);
    std::thread::scope(|s| {
        let reader = s.spawn(move || {
            read(&mut |chunk| {
                tx.send(chunk)
                    .map_err(|_| CliError::Usage("reading stopped".to_owned()))
            })
        });
        let mut failed: Option<CliError> = None;
        for chunk in &rx {
            if let Err(e) = sink(chunk) {
                failed = Some(e);
                break;
            }
        }
        drop(rx);
        let read = reader.join().unwrap_or_else(|_| {
            Err(CliError::Usage(
                "the reading thread stopped unexpectedly".to_owned(),
            ))
        });
        match failed {
            Some(e) => Err(e),
            None => read,
        }
    })
}

/// Reads a small file whole (unit tables, pairing books): the chunks with rows, and the
/// rows rejected while reading in [`TableSummary::rejected`].
pub fn read_all(path: &Path, opts: &ReadOptions) -> Result<(Vec<Chunk>, TableSummary), CliError> {
    match declared_format(path, opts)? {
        Some(format) => read_all_from(path, format, None, opts),
        None => {
            let source = Source::open(path)?;
            read_all_from(path, source.sniff_format(), Some(source), opts)
        }
    }
}

/// Like [`read_all`], as [`read_table_from`] reads.
pub fn read_all_from(
    path: &Path,
    format: Format,
    source: Option<Source>,
    opts: &ReadOptions,
) -> Result<(Vec<Chunk>, TableSummary), CliError> {
    let mut chunks = Vec::new();
    let mut rejected = Issues::new();
    let mut summary = read_table_from(path, format, source, opts, &mut |mut c| {
        rejected.0.append(&mut c.rejected.0);
        if c.batch.num_rows() > 0 {
            chunks.push(c);
        }
        Ok(())
    })?;
    summary.rejected = rejected;
    Ok((chunks, summary))
}
