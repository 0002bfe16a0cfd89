//! Reading and writing Parquet files as record batches.

use std::fs::File;
use std::path::Path;

use arrow_array::RecordBatch;
use parquet::arrow::ArrowWriter;
use parquet::arrow::arrow_reader::{ArrowReaderOptions, ParquetRecordBatchReaderBuilder};
use parquet::errors::ParquetError;
use parquet::file::metadata::ParquetMetaData;

use crate::error::ArrowError;

/// How fupin reads Parquet files: from their Parquet schema only. The Arrow schema that
/// Arrow writers embed in the file's metadata (an IPC flatbuffer) is not read: arrow-ipc
/// panics on some malformed ones (found by fuzzing, `fuzz/corpus/parquet`), and the Parquet
/// schema gives every type fupin reads.
pub(crate) fn options() -> ArrowReaderOptions {
    ArrowReaderOptions::new().with_skip_arrow_metadata(true)
}

/// Checks what the parquet crate trusts in a file's metadata: every row group counts 0 rows
/// or more, every column chunk starts and is sized at 0 or more (parquet 59 asserts it
/// while reading: a malformed file made it panic; found by fuzzing, `fuzz/corpus/parquet`).
pub(crate) fn check_metadata(meta: &ParquetMetaData) -> Result<(), ArrowError> {
    for (g, group) in meta.row_groups().iter().enumerate() {
        // a negative row count made the reader yield batches without end (found by fuzzing)
        if group.num_rows() < 0 {
            return Err(ParquetError::General(format!(
                "row group {g}: a negative row count ({}) in the file's metadata",
                group.num_rows()
            ))
            .into());
        }
        for (c, column) in group.columns().iter().enumerate() {
            let start = column
                .dictionary_page_offset()
                .unwrap_or(column.data_page_offset());
            if start < 0 || column.compressed_size() < 0 {
                return Err(ParquetError::General(format!(
                    "row group {g}, column {c}: negative offset or size in the file's metadata"
                ))
                .into());
            }
        }
    }
    Ok(())
}

/// Runs a step of the Parquet decoder, whose panic on a malformed file becomes an error
/// (parquet 59 has several, found by fuzzing: bit-packed levels, page headers; they are not
/// ours to fix, and must not cross into the command or the bindings).
pub(crate) fn guarded<T>(step: impl FnOnce() -> Result<T, ArrowError>) -> Result<T, ArrowError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(step)).unwrap_or_else(|_| {
        Err(
            ParquetError::General("the file is malformed: the Parquet decoder failed".into())
                .into(),
        )
    })
}

/// The batches of row group `group` of the file at `path` (its metadata `meta` read
/// once), only the columns of `mask`, `batch_rows` at a time, each decoded under
/// [`guarded`].
pub(crate) fn group_batches(
    path: &Path,
    meta: &parquet::arrow::arrow_reader::ArrowReaderMetadata,
    mask: &parquet::arrow::ProjectionMask,
    group: usize,
    batch_rows: usize,
) -> Result<Batches<parquet::arrow::arrow_reader::ParquetRecordBatchReader>, ArrowError> {
    let file = File::open(path)?;
    let reader = guarded(|| {
        Ok(
            ParquetRecordBatchReaderBuilder::new_with_metadata(file, meta.clone())
                .with_projection(mask.clone())
                .with_row_groups(vec![group])
                .with_batch_size(batch_rows)
                .build()?,
        )
    })?;
    Ok(Batches::new(reader))
}

/// The batches of a Parquet reader, each decoded under [`guarded`]; the first error ends
/// them (a reader that failed may fail again for ever).
pub(crate) struct Batches<I>(Option<I>);

impl<I> Batches<I> {
    pub(crate) fn new(reader: I) -> Self {
        Batches(Some(reader))
    }
}

impl<I> Iterator for Batches<I>
where
    I: Iterator<Item = Result<RecordBatch, arrow_schema::ArrowError>>,
{
    type Item = Result<RecordBatch, ArrowError>;

    fn next(&mut self) -> Option<Self::Item> {
        let reader = self.0.as_mut()?;
        match guarded(|| Ok(reader.next().map(|b| b.map_err(ArrowError::from)))) {
            Ok(Some(Ok(batch))) => Some(Ok(batch)),
            Ok(None) => {
                self.0 = None;
                None
            }
            Ok(Some(Err(e))) | Err(e) => {
                self.0 = None;
                Some(Err(e))
            }
        }
    }
}

/// Opens a Parquet file as an iterator of record batches of at most `batch_size` rows.
pub fn read(
    path: &Path,
    batch_size: usize,
) -> Result<impl Iterator<Item = Result<RecordBatch, ArrowError>>, ArrowError> {
    let file = File::open(path)?;
    let reader = guarded(|| {
        let builder = ParquetRecordBatchReaderBuilder::try_new_with_options(file, options())?;
        check_metadata(builder.metadata())?;
        Ok(builder.with_batch_size(batch_size.max(1)).build()?)
    })?;
    Ok(Batches::new(reader))
}

/// The names of a Parquet file's columns, in order (read from its footer only).
pub fn column_names(path: &Path) -> Result<Vec<String>, ArrowError> {
    let file = File::open(path)?;
    guarded(|| {
        let builder = ParquetRecordBatchReaderBuilder::try_new_with_options(file, options())?;
        check_metadata(builder.metadata())?;
        Ok(builder
            .schema()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect())
    })
}

/// The key-value metadata of a Parquet file's footer (e.g. `fupin.synthetic` = `true`,
/// which `fupin synth` writes), read from its footer only.
pub fn key_value_metadata(path: &Path) -> Result<Vec<(String, Option<String>)>, ArrowError> {
    let file = File::open(path)?;
    guarded(|| {
        let builder = ParquetRecordBatchReaderBuilder::try_new_with_options(file, options())?;
        check_metadata(builder.metadata())?;
        Ok(builder
            .metadata()
            .file_metadata()
            .key_value_metadata()
            .map(|kv| {
                kv.iter()
                    .map(|e| (e.key.clone(), e.value.clone()))
                    .collect()
            })
            .unwrap_or_default())
    })
}

/// Opens a Parquet file reading only the columns whose names `keep` accepts (Parquet
/// decodes nothing else: a register's unique file numbers, say, are skipped).
pub fn read_columns(
    path: &Path,
    batch_size: usize,
    keep: &dyn Fn(&str) -> bool,
) -> Result<impl Iterator<Item = Result<RecordBatch, ArrowError>>, ArrowError> {
    let file = File::open(path)?;
    let reader = guarded(|| {
        let builder = ParquetRecordBatchReaderBuilder::try_new_with_options(file, options())?;
        check_metadata(builder.metadata())?;
        let wanted: Vec<usize> = builder
            .schema()
            .fields()
            .iter()
            .enumerate()
            .filter(|(_, f)| keep(f.name()))
            .map(|(i, _)| i)
            .collect();
        let mask = parquet::arrow::ProjectionMask::roots(builder.parquet_schema(), wanted);
        Ok(builder
            .with_projection(mask)
            .with_batch_size(batch_size.max(1))
            .build()?)
    })?;
    Ok(Batches::new(reader))
}

fn properties() -> parquet::file::properties::WriterProperties {
    parquet::file::properties::WriterProperties::builder()
        .set_compression(parquet::basic::Compression::SNAPPY)
        .build()
}

/// Writes record batches (all of one schema) to a Parquet file.
pub fn write(path: &Path, batches: &[RecordBatch]) -> Result<(), ArrowError> {
    let Some(first) = batches.first() else {
        return Ok(());
    };
    let file = File::create(path)?;
    let mut writer = ArrowWriter::try_new(file, first.schema(), Some(properties()))?;
    for b in batches {
        writer.write(b)?;
    }
    writer.close()?;
    Ok(())
}

/// Writes record batches to a Parquet file one at a time (for files larger than memory).
pub struct Writer {
    inner: ArrowWriter<File>,
}

impl std::fmt::Debug for Writer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("parquet_io::Writer")
    }
}

impl Writer {
    /// Creates the file for batches of `schema`.
    pub fn create(path: &Path, schema: arrow_schema::SchemaRef) -> Result<Self, ArrowError> {
        Self::create_with_metadata(path, schema, &[])
    }

    /// Creates the file for batches of `schema`, with key-value metadata in its footer.
    pub fn create_with_metadata(
        path: &Path,
        schema: arrow_schema::SchemaRef,
        metadata: &[(&str, &str)],
    ) -> Result<Self, ArrowError> {
        let file = File::create(path)?;
        let mut props = properties();
        if !metadata.is_empty() {
            props = parquet::file::properties::WriterProperties::builder()
                .set_compression(parquet::basic::Compression::SNAPPY)
                .set_key_value_metadata(Some(
                    metadata
                        .iter()
                        .map(|(k, v)| {
                            parquet::file::metadata::KeyValue::new((*k).to_owned(), (*v).to_owned())
                        })
                        .collect(),
                ))
                .build();
        }
        Ok(Writer {
            inner: ArrowWriter::try_new(file, schema, Some(props))?,
        })
    }

    /// Appends a batch.
    pub fn write(&mut self, batch: &RecordBatch) -> Result<(), ArrowError> {
        Ok(self.inner.write(batch)?)
    }

    /// Finishes the file.
    pub fn close(self) -> Result<(), ArrowError> {
        self.inner.close()?;
        Ok(())
    }
}
