//! Households given twice, across every input of one run: each batch's rows go through the
//! core's [`DuplicateCheck`] (village and file number) before they are counted, the first
//! row of a household counts and every later one is a rejected row (`duplicate_household`,
//! naming where the first one is).

use arrow_array::cast::AsArray;
use arrow_array::types::Int32Type;
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::DataType;
use fupin_core::Issue;
use fupin_core::assess::{RowReport, TallyStream};
use fupin_core::household::{DuplicateCheck, Seen};

use crate::columns::ColumnMap;
use crate::error::ArrowError;

/// A text column read cell by cell, whatever its layout (other types as text).
enum Texts<'a> {
    Utf8(&'a arrow_array::StringArray),
    Large(&'a arrow_array::LargeStringArray),
    View(&'a arrow_array::StringViewArray),
    Dict(&'a arrow_array::DictionaryArray<Int32Type>, Box<Texts<'a>>),
    Owned(arrow_array::StringArray),
}

impl<'a> Texts<'a> {
    fn of(a: &'a ArrayRef) -> Result<Texts<'a>, ArrowError> {
        Ok(match a.data_type() {
            DataType::Utf8 => Texts::Utf8(a.as_string::<i32>()),
            DataType::LargeUtf8 => Texts::Large(a.as_string::<i64>()),
            DataType::Utf8View => Texts::View(a.as_string_view()),
            DataType::Dictionary(k, _) if **k == DataType::Int32 => {
                let d = a.as_dictionary::<Int32Type>();
                Texts::Dict(d, Box::new(Texts::of(d.values())?))
            }
            _ => {
                let cast = arrow_cast::cast(a, &DataType::Utf8)?;
                Texts::Owned(cast.as_string::<i32>().clone())
            }
        })
    }

    fn get(&self, i: usize) -> Option<&str> {
        match self {
            Texts::Utf8(a) => a.is_valid(i).then(|| a.value(i)),
            Texts::Large(a) => a.is_valid(i).then(|| a.value(i)),
            Texts::View(a) => a.is_valid(i).then(|| a.value(i)),
            Texts::Owned(a) => a.is_valid(i).then(|| a.value(i)),
            Texts::Dict(d, values) => {
                if !d.is_valid(i) {
                    return None;
                }
                let k = usize::try_from(*d.keys().values().get(i)?).ok()?;
                values.get(k)
            }
        }
    }
}

/// Whether the register has a column of household file numbers (without one, households
/// given twice cannot be found: the command says so in its notes).
pub fn has_file_numbers(schema: &arrow_schema::Schema, map: &ColumnMap) -> bool {
    map.find(schema, "file_number").is_some()
}

/// The households of a batch (rows numbered from `first_row`) already seen, in row order:
/// (row index in the batch, the rejected row). A batch without a file-number column has
/// none; `Ok(None)`: the check asks for the file to be checked again ([`Seen::Unsorted`]).
pub fn find_duplicates(
    check: &mut DuplicateCheck,
    batch: &RecordBatch,
    map: &ColumnMap,
    first_row: usize,
) -> Result<Option<Vec<(usize, Issue)>>, ArrowError> {
    let schema = batch.schema();
    let Some(fi) = map.find(&schema, "file_number") else {
        return Ok(Some(Vec::new()));
    };
    let (Some(numbers), Some(field)) = (batch.columns().get(fi), schema.fields().get(fi)) else {
        return Ok(Some(Vec::new()));
    };
    let numbers = Texts::of(numbers)?;
    let villages = match map
        .find(&schema, "village")
        .and_then(|i| batch.columns().get(i))
    {
        Some(v) => Some(Texts::of(v)?),
        None => None,
    };
    let mut found = Vec::new();
    for i in 0..batch.num_rows() {
        let Some(number) = numbers.get(i) else {
            continue;
        };
        let village = villages.as_ref().and_then(|v| v.get(i)).unwrap_or("");
        match check.add(village, number, first_row + i) {
            Seen::New => {}
            Seen::Unsorted => return Ok(None),
            Seen::Before(first) => {
                found.push((i, check.issue(first_row + i, field.name(), number, first)));
            }
        }
    }
    Ok(Some(found))
}

/// Counts the rows of `batch` but `skip` (row indices in the batch, ascending) into
/// `stream`, as [`push_households_fast`](crate::push_households_fast) would: the rows in
/// between are counted slice by slice, keeping their numbers. The report counts the
/// skipped rows as given, not accepted (their issues are the caller's).
pub fn push_except(
    stream: &mut TallyStream,
    batch: &RecordBatch,
    map: &ColumnMap,
    first_row: usize,
    skip: &[usize],
) -> Result<RowReport, ArrowError> {
    if skip.is_empty() {
        return crate::push_households_fast(stream, batch, map, first_row);
    }
    let mut total = RowReport::default();
    let mut start = 0;
    let n = batch.num_rows();
    for end in skip.iter().copied().chain(std::iter::once(n)) {
        let end = end.min(n);
        if end > start {
            let part = batch.slice(start, end - start);
            crate::parallel::add_report(
                &mut total,
                crate::push_households_fast(stream, &part, map, first_row + start)?,
            );
        }
        start = end + 1;
    }
    total.rows = n;
    Ok(total)
}

/// Checks a batch for households already seen and counts the others into `stream`: the
/// duplicates are rejected rows of the report (sorted by row with the others). `Ok(None)`
/// as for [`find_duplicates`] (nothing counted then).
pub fn push_checked(
    stream: &mut TallyStream,
    check: &mut DuplicateCheck,
    batch: &RecordBatch,
    map: &ColumnMap,
    first_row: usize,
) -> Result<Option<RowReport>, ArrowError> {
    let Some(found) = find_duplicates(check, batch, map, first_row)? else {
        return Ok(None);
    };
    let skip: Vec<usize> = found.iter().map(|(i, _)| *i).collect();
    let mut report = push_except(stream, batch, map, first_row, &skip)?;
    report.rejected.0.extend(found.into_iter().map(|(_, i)| i));
    crate::parallel::sort_rejected(&mut report);
    Ok(Some(report))
}

/// The households of a Parquet register already seen (by the inputs before it, or by its
/// own earlier rows), rows numbered from `row_offset`: (row, the rejected row), in row
/// order. Only the village and file-number columns are read; without a file-number column
/// there are none. The file is begun in `check` here (`last`: no input follows, so the
/// runs of its villages are forgotten as they end — and the file read again, keeping them,
/// if it turns out not to be sorted by village).
#[cfg(feature = "parquet")]
pub fn parquet_duplicates(
    check: &mut DuplicateCheck,
    path: &std::path::Path,
    name: &str,
    last: bool,
    map: &ColumnMap,
    batch_rows: usize,
    row_offset: usize,
) -> Result<Vec<(usize, Issue)>, ArrowError> {
    check.begin_file(name, last);
    let names = crate::parquet_io::column_names(path)?;
    let fields: Vec<arrow_schema::Field> = names
        .iter()
        .map(|n| arrow_schema::Field::new(n.as_str(), DataType::Utf8, true))
        .collect();
    let schema = arrow_schema::Schema::new(fields);
    let (Some(number), village) = (
        map.find(&schema, "file_number"),
        map.find(&schema, "village"),
    ) else {
        return Ok(Vec::new());
    };
    let wanted: Vec<&str> = [Some(number), village]
        .into_iter()
        .flatten()
        .filter_map(|i| names.get(i).map(String::as_str))
        .collect();
    let keep = |n: &str| wanted.contains(&n);
    for attempt in 0..2 {
        let mut found = Vec::new();
        let mut at = row_offset;
        let mut unsorted = false;
        for batch in crate::parquet_io::read_columns(path, batch_rows, &keep)? {
            let batch = batch?;
            match find_duplicates(check, &batch, map, at)? {
                Some(f) => found.extend(f.into_iter().map(|(i, issue)| (at + i, issue))),
                None => {
                    unsorted = true;
                    break;
                }
            }
            at += batch.num_rows();
        }
        if !unsorted || attempt == 1 {
            return Ok(found);
        }
        // not sorted by village: again, keeping every village's rows
        check.restart_file();
    }
    Ok(Vec::new())
}
