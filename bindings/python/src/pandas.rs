//! pandas frames as users hold them: a yes/no column with gaps (`terminal`, `ecommerce` …)
//! is an `object` column of Python `True`, `False` and `None` (what `pd.read_parquet` and
//! `Table.to_pandas` give for a boolean column with nulls). pandas' Arrow export converts
//! such a column one Python object at a time under the GIL (about 16 ns an object: half a
//! second a column of the national register); here each is read as a pointer compared with
//! `True`, `False` and `None` into an Arrow boolean column, and the frame's other columns
//! go through pyarrow's `Table.from_pandas` as pandas' own export sends them (index
//! included). A column holding anything else (text such as `是`, numbers, `pd.NA`, NaN) is
//! left to that export too: the batches are the same either way.

use std::sync::Arc;

use arrow_array::{ArrayRef, BooleanArray, RecordBatch, RecordBatchReader};
use arrow_buffer::{BooleanBufferBuilder, NullBuffer};
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef};
use numpy::{PyArray1, PyArrayMethods};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyList, PyString};

/// Whether `obj` is a pandas `DataFrame`.
fn is_frame(obj: &Bound<'_, PyAny>) -> PyResult<bool> {
    let ty = obj.get_type();
    let module: String = ty.module()?.extract()?;
    Ok(module.starts_with("pandas") && ty.name()? == "DataFrame")
}

/// An object array holding only `True`, `False` and `None` as an Arrow boolean column;
/// `None` when it holds anything else or is not one contiguous array.
fn flags(column: &Bound<'_, PyAny>) -> PyResult<Option<BooleanArray>> {
    let py = column.py();
    let Ok(array) = column.cast::<PyArray1<Py<PyAny>>>() else {
        return Ok(None);
    };
    let read = array.readonly();
    let Ok(objects) = read.as_slice() else {
        return Ok(None);
    };
    let yes = PyBool::new(py, true).as_ptr();
    let no = PyBool::new(py, false).as_ptr();
    let none = py.None().as_ptr();
    // the values and the validity bits straight away (no `Option` a cell)
    let mut values = BooleanBufferBuilder::new(objects.len());
    let mut valid = BooleanBufferBuilder::new(objects.len());
    for o in objects {
        let p = o.as_ptr();
        let (value, known) = if p == yes {
            (true, true)
        } else if p == no {
            (false, true)
        } else if p == none {
            (false, false)
        } else {
            return Ok(None);
        };
        values.append(value);
        valid.append(known);
    }
    let nulls = NullBuffer::new(valid.finish());
    Ok(Some(BooleanArray::new(values.finish(), Some(nulls))))
}

/// The batches of the other columns with the yes/no columns put back in the frame's order,
/// each batch given its slice of them.
struct WithFlags {
    inner: Box<dyn RecordBatchReader + Send>,
    schema: SchemaRef,
    /// Per column of the result: the flag column, or the position in `inner`'s batches.
    columns: Vec<Source>,
    offset: usize,
}

enum Source {
    Flag(BooleanArray),
    Inner(usize),
}

impl Iterator for WithFlags {
    type Item = Result<RecordBatch, ArrowError>;
    fn next(&mut self) -> Option<Self::Item> {
        let batch = match self.inner.next()? {
            Ok(b) => b,
            Err(e) => return Some(Err(e)),
        };
        let n = batch.num_rows();
        let mut columns: Vec<ArrayRef> = Vec::with_capacity(self.columns.len());
        for source in &self.columns {
            columns.push(match source {
                Source::Flag(all) => {
                    if self.offset + n > all.len() {
                        return Some(Err(ArrowError::InvalidArgumentError(
                            "a yes/no column is shorter than the frame".to_owned(),
                        )));
                    }
                    Arc::new(all.slice(self.offset, n))
                }
                Source::Inner(i) => match batch.columns().get(*i) {
                    Some(c) => c.clone(),
                    None => {
                        return Some(Err(ArrowError::InvalidArgumentError(
                            "a column of the export is missing".to_owned(),
                        )));
                    }
                },
            });
        }
        self.offset += n;
        Some(RecordBatch::try_new(self.schema.clone(), columns))
    }
}

impl RecordBatchReader for WithFlags {
    fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }
}

/// The batches of a pandas `DataFrame` whose yes/no `object` columns (only `True`, `False`,
/// `None`) are read here, the rest exported by pyarrow as pandas exports a frame; `None`
/// for anything else, or a frame without such columns or with column names that are not
/// unique text (the frame is then exported as it is).
pub(crate) fn batches_with_flags(
    obj: &Bound<'_, PyAny>,
) -> PyResult<Option<Box<dyn RecordBatchReader + Send>>> {
    if !is_frame(obj)? {
        return Ok(None);
    }
    let py = obj.py();
    let columns = obj.getattr("columns")?;
    if !columns.getattr("is_unique")?.extract::<bool>()? {
        return Ok(None);
    }
    let mut names = Vec::new();
    let mut read: Vec<(String, BooleanArray)> = Vec::new();
    for item in obj.getattr("dtypes")?.call_method0("items")?.try_iter()? {
        let (name, dtype) = item?.extract::<(Bound<'_, PyAny>, Bound<'_, PyAny>)>()?;
        let Ok(name) = name.cast::<PyString>().map(|n| n.to_string()) else {
            return Ok(None);
        };
        // numpy's `object` only: pandas' text dtypes say kind `O` too, and their
        // `to_numpy` would make a Python string of every cell
        if dtype.str()?.to_str()? == "object" {
            let column = obj.get_item(&name)?.call_method0("to_numpy")?;
            if let Some(values) = flags(&column)? {
                read.push((name.clone(), values));
            }
        }
        names.push(name);
    }
    if read.is_empty() {
        return Ok(None);
    }
    let others: Vec<&String> = names
        .iter()
        .filter(|n| !read.iter().any(|(r, _)| r == *n))
        .collect();
    let kwargs = PyDict::new(py);
    kwargs.set_item("columns", PyList::new(py, &others)?)?;
    let table = py.import("pyarrow")?.getattr("Table")?.call_method(
        "from_pandas",
        (obj,),
        Some(&kwargs),
    )?;
    let inner = crate::arrow_io::reader(&table)?;
    let inner_schema = inner.schema();
    // the frame's columns in order, then what the export adds (an index)
    let mut fields = Vec::new();
    let mut sources = Vec::new();
    for name in &names {
        if let Some(pos) = read.iter().position(|(r, _)| r == name) {
            let (_, values) = read.swap_remove(pos);
            fields.push(Field::new(name, DataType::Boolean, true));
            sources.push(Source::Flag(values));
        } else if let Ok(i) = inner_schema.index_of(name) {
            fields.push(inner_schema.field(i).clone());
            sources.push(Source::Inner(i));
        }
    }
    for (i, f) in inner_schema.fields().iter().enumerate() {
        if !names.iter().any(|n| n == f.name()) {
            fields.push(f.as_ref().clone());
            sources.push(Source::Inner(i));
        }
    }
    let schema = Arc::new(Schema::new_with_metadata(
        fields,
        inner_schema.metadata().clone(),
    ));
    Ok(Some(Box::new(WithFlags {
        inner,
        schema,
        columns: sources,
        offset: 0,
    })))
}
