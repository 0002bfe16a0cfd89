//! Arrow in and out, through `fupin_arrow` (shared with the command line): any object that
//! speaks the Arrow PyCapsule interface (pyarrow tables and readers, polars and pandas data
//! frames, DuckDB results) arrives as arrow-rs record batches without copying the columns
//! (text columns of codes and statuses are encoded on the fly by the adapter's fast path);
//! the path of a Parquet file is read by the adapter's own reader, the command's;
//! results leave as pyo3-arrow tables (`__arrow_c_stream__`), which polars, pyarrow and
//! pandas read directly.

use arrow_array::{RecordBatch, RecordBatchReader};
use fupin_arrow::ColumnMap;
use fupin_core::RegionCode;
use fupin_core::assess::RowReport;
use fupin_core::household::Household;
use fupin_core::{Issues, Path};
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString, PyTuple};
use pyo3_arrow::PyTable;
use pyo3_arrow::input::AnyRecordBatch;

use crate::convert;
use crate::error;

/// Rows given to a data set or a stream: record batches, a Parquet file, or household
/// records.
pub(crate) enum Rows {
    /// A stream of record batches (read lazily).
    Arrow(Box<dyn RecordBatchReader + Send>),
    /// A Parquet file (a `str` or `os.PathLike`), read by fupin's own reader.
    Parquet(std::path::PathBuf),
    /// Household dicts or `Household` objects, each read or reported with its index.
    Records(Vec<Result<Household, Issues>>),
}

impl Rows {
    /// Whether the rows carry the mark of `fupin synth` (the adapter's rule: a
    /// `fupin_synthetic` column, or the Parquet footer's key).
    pub(crate) fn synthetic(&self) -> bool {
        match self {
            Rows::Arrow(reader) => fupin_arrow::schema_is_synthetic(&reader.schema()),
            Rows::Parquet(path) => fupin_arrow::parquet_is_synthetic(path),
            Rows::Records(_) => false,
        }
    }
}

/// Whether `obj` exports Arrow data.
fn speaks_arrow(obj: &Bound<'_, PyAny>) -> PyResult<bool> {
    Ok(obj.hasattr("__arrow_c_stream__")? || obj.hasattr("__arrow_c_array__")?)
}

/// A stream of batches from any Arrow-exporting object.
pub(crate) fn reader(obj: &Bound<'_, PyAny>) -> PyResult<Box<dyn RecordBatchReader + Send>> {
    let input: AnyRecordBatch = obj.extract().map_err(|e| {
        error::invalid(
            "not_arrow",
            "",
            &format!("expected Arrow data (__arrow_c_stream__): {e}"),
        )
    })?;
    input.into_reader()
}

/// What the rows of a data set or a stream may be.
const ROWS: &str = "households are Arrow data (pyarrow, polars, pandas, DuckDB …), the path of a Parquet file (str or pathlib.Path) or a list of dicts";

/// The path of a file: a `str` or an `os.PathLike` (`pathlib.Path`), else `None`; a
/// `ValidationError` (`not_a_file`) when no file is there.
fn file_path(obj: &Bound<'_, PyAny>) -> PyResult<Option<std::path::PathBuf>> {
    if !(obj.is_instance_of::<PyString>() || obj.hasattr("__fspath__")?) {
        return Ok(None);
    }
    let path: std::path::PathBuf = obj.extract()?;
    if !path.is_file() {
        return Err(error::invalid(
            "not_a_file",
            "",
            &format!("no Parquet file at `{}`", path.display()),
        ));
    }
    Ok(Some(path))
}

/// Every batch of an Arrow-exporting object or of a Parquet file (a `str` or
/// `os.PathLike`, read by fupin's reader) — for the small unit tables.
pub(crate) fn batches(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<RecordBatch>> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(Vec::new());
    };
    if !speaks_arrow(obj)?
        && let Some(path) = file_path(obj)?
    {
        return obj
            .py()
            .detach(|| fupin_arrow::parquet_io::read(&path, 65_536)?.collect::<Result<Vec<_>, _>>())
            .map_err(|e| error::arrow(&e));
    }
    let reader = reader(obj)?;
    reader
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| error::arrow(&e.into()))
}

/// The chunks of a polars `DataFrame` of several chunks, as batches: the frame sliced
/// where any column's chunk ends, each slice exported on its own (a slice within one chunk
/// of every column is exported without a copy; the frame exported whole would first be
/// copied into one chunk, its text columns included). `None` for anything else.
fn polars_chunks(obj: &Bound<'_, PyAny>) -> PyResult<Option<Vec<RecordBatch>>> {
    let ty = obj.get_type();
    let module: String = ty.module()?.extract()?;
    if !(module.starts_with("polars") && ty.name()? == "DataFrame") {
        return Ok(None);
    }
    let rows: usize = obj.getattr("height")?.extract()?;
    let mut ends = std::collections::BTreeSet::new();
    for column in obj.call_method0("get_columns")?.try_iter()? {
        let lengths: Vec<usize> = column?.call_method0("chunk_lengths")?.extract()?;
        let mut at = 0;
        for n in lengths {
            at += n;
            ends.insert(at);
        }
    }
    ends.insert(rows);
    if ends.len() <= 1 {
        return Ok(None);
    }
    let mut batches = Vec::new();
    let mut start = 0;
    for end in ends {
        if end > start {
            let slice = obj.call_method1("slice", (start, end - start))?;
            for batch in reader(&slice)? {
                batches.push(batch.map_err(|e| error::arrow(&e.into()))?);
            }
        }
        start = end;
    }
    Ok(Some(batches))
}

/// Rows from Arrow data, or from a list of household dicts / `Household` objects.
pub(crate) fn rows(obj: &Bound<'_, PyAny>) -> PyResult<Rows> {
    if let Some(batches) = polars_chunks(obj)? {
        let Some(schema) = batches.first().map(RecordBatch::schema) else {
            return reader(obj).map(Rows::Arrow);
        };
        let batches = arrow_array::RecordBatchIterator::new(batches.into_iter().map(Ok), schema);
        return Ok(Rows::Arrow(Box::new(batches)));
    }
    // a pandas frame's yes/no columns with gaps read here, not one object at a time
    if let Some(batches) = crate::pandas::batches_with_flags(obj)? {
        return Ok(Rows::Arrow(batches));
    }
    if speaks_arrow(obj)? {
        return reader(obj).map(Rows::Arrow);
    }
    if let Some(path) = file_path(obj)? {
        return Ok(Rows::Parquet(path));
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        let mut out = Vec::new();
        for item in obj.try_iter()? {
            let item = item?;
            out.push(match crate::household::household(&item) {
                Ok(h) => Ok(h),
                Err(e) => Err(issues_of(obj.py(), &e)),
            });
        }
        return Ok(Rows::Records(out));
    }
    Err(error::invalid("unsupported_type", "", ROWS))
}

/// The issues a fupin exception carries (its `.errors()`), or the exception as one issue.
fn issues_of(py: Python<'_>, e: &PyErr) -> Issues {
    let value = e.value(py);
    value
        .call_method0("errors")
        .ok()
        .and_then(|list| convert::to_json(&list).ok())
        .and_then(|json| serde_json::from_value::<Issues>(json).ok())
        .unwrap_or_else(|| {
            Issues(vec![fupin_core::Issue::new(
                "invalid_value",
                Path::root(),
                value.to_string(),
            )])
        })
}

/// A column map: the defaults, extended by `{field: [names]}`.
pub(crate) fn column_map(obj: Option<&Bound<'_, PyAny>>) -> PyResult<ColumnMap> {
    let mut map = ColumnMap::default();
    if let Some(o) = obj.filter(|o| !o.is_none()) {
        map.extend_json(&convert::to_json(o)?.to_string())
            .map_err(|e| error::arrow(&e))?;
    }
    Ok(map)
}

/// Feeds batches to `add` in groups of about `group_rows` rows (so a group can be counted on
/// every core while memory holds one group beyond what the caller already holds), adding up
/// the reports. `add` numbers rows from the offset it is given.
pub(crate) fn feed_groups(
    reader: Box<dyn RecordBatchReader + Send>,
    group_rows: usize,
    mut add: impl FnMut(&[RecordBatch], usize) -> Result<RowReport, fupin_arrow::ArrowError>,
) -> Result<RowReport, fupin_arrow::ArrowError> {
    let mut total = RowReport::default();
    let mut group: Vec<RecordBatch> = Vec::new();
    let mut rows = 0;
    let mut flush = |group: &mut Vec<RecordBatch>, total: &mut RowReport| {
        if group.is_empty() {
            return Ok(());
        }
        let report = add(group, total.rows)?;
        group.clear();
        total.rows += report.rows;
        total.accepted += report.accepted;
        total.rejected.0.extend(report.rejected.0);
        Ok::<(), fupin_arrow::ArrowError>(())
    };
    for batch in reader {
        let batch = batch?;
        rows += batch.num_rows();
        group.push(batch);
        if rows >= group_rows {
            flush(&mut group, &mut total)?;
            rows = 0;
        }
    }
    flush(&mut group, &mut total)?;
    Ok(total)
}

/// A record batch as a table object (`__arrow_c_stream__`).
pub(crate) fn table(batch: RecordBatch) -> PyResult<PyTable> {
    let schema = batch.schema();
    PyTable::try_new(vec![batch], schema)
}

/// The name of a province, prefecture or county in the latest vintage.
pub(crate) fn name_of(code: RegionCode) -> Option<String> {
    fupin_data::get(code, fupin_data::Vintage::LATEST).map(|d| d.name.to_owned())
}
