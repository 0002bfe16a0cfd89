//! `fupin_core::household::RecordChecker`: many household records checked in one call, on every core
//! with the GIL released, the issues returned as an Arrow table.

use arrow_array::Array;
use fupin_core::household::{DuplicateFinder, RecordChecker, RecordReport};
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString, PyTuple};
use pyo3_arrow::PyTable;
use pyo3_arrow::input::AnyArray;

use crate::{arrow_io, convert, error};

/// What `records` is: a file, Arrow strings, or parsed records.
enum Input {
    File(std::path::PathBuf),
    Column(Vec<arrow_array::ArrayRef>),
    Values(Vec<serde_json::Value>),
}

fn input(records: &Bound<'_, PyAny>) -> PyResult<Input> {
    if records.is_instance_of::<PyString>() || records.hasattr("__fspath__")? {
        return Ok(Input::File(records.extract()?));
    }
    if records.hasattr("__arrow_c_stream__")? || records.hasattr("__arrow_c_array__")? {
        let column: AnyArray = records.extract()?;
        let (chunks, _) = column.into_chunked_array()?.into_inner();
        return Ok(Input::Column(chunks));
    }
    if records.is_instance_of::<PyList>() || records.is_instance_of::<PyTuple>() {
        let values = records
            .try_iter()?
            .map(|item| convert::to_json(&item?))
            .collect::<PyResult<Vec<_>>>()?;
        return Ok(Input::Values(values));
    }
    Err(error::invalid(
        "invalid_value",
        "",
        "records are a file path, a list of dicts or an Arrow column of JSON strings",
    ))
}

/// Checks many household records in one call, as of `today` (default: the current UTC
/// date): a JSON Lines file (a path), a list of dicts, or an Arrow column of JSON strings
/// (pyarrow, polars). Returns the issues as an Arrow table: `record` (the record's 0-based
/// position; for a file, the non-blank line, one less than the command's row), `path`
/// (from the record), `code`, `message`, the same issues `fupin validate` reports, by the
/// same engine: people registered in two households (`duplicate_person`) and households
/// given twice (`duplicate_household`: the same village and file number, or the same
/// members; the message names the first one's record number) among them. `threads`: the
/// threads checking (default, or 0: every core; 1: the calling thread only).
#[pyfunction]
#[pyo3(signature = (records, today=None, *, pseudonym_key=None, threads=None))]
pub(crate) fn validate_households(
    py: Python<'_>,
    records: &Bound<'_, PyAny>,
    today: Option<&Bound<'_, PyAny>>,
    pseudonym_key: Option<&[u8]>,
    threads: Option<usize>,
) -> PyResult<PyTable> {
    let today =
        convert::opt_date(today, "today")?.unwrap_or_else(|| chrono::Utc::now().date_naive());
    let dupes = match pseudonym_key {
        Some(key) => DuplicateFinder::new(key).map_err(|e| error::core(&e))?,
        None => DuplicateFinder::with_random_key(),
    };
    let input = input(records)?;
    let report = py.detach(|| -> Result<RecordReport, fupin_arrow::ArrowError> {
        // the tables of duplicates bounded as in the command: past the budget, the
        // duplicates of the records that follow are found at the end
        let mut checker = RecordChecker::new(today, dupes).spill_over(
            RecordChecker::SPILL_OVER_BYTES,
            std::sync::Arc::new(fupin_arrow::TempSpill),
        );
        if let Some(n) = threads {
            checker = checker.threads(n);
        }
        let mut report = RecordReport::default();
        match &input {
            Input::File(path) => {
                let file = std::fs::File::open(path)?;
                fupin_arrow::check_lines(
                    &mut checker,
                    file,
                    &path.display().to_string(),
                    0,
                    &mut report,
                )?;
            }
            Input::Column(chunks) => {
                let mut first = 0;
                for chunk in chunks {
                    fupin_arrow::check_column(
                        &mut checker,
                        chunk.as_ref(),
                        "records",
                        first,
                        &mut report,
                    )?;
                    first += chunk.len();
                }
            }
            Input::Values(values) => checker.values(values, "records", 0, &mut report),
        }
        checker.finish_into(&mut report)?;
        Ok(report)
    });
    let report = report.map_err(|e| error::arrow(&e))?;
    let batch = fupin_arrow::issues_table(&report.issues).map_err(|e| error::arrow(&e))?;
    arrow_io::table(batch)
}
