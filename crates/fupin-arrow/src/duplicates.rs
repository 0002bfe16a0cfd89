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
use fupin_core::household::{Seen, TableHouseholds};

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

/// The largest whole number a 64-bit float holds exactly with every one below it (2^53).
const EXACT_FLOAT: f64 = 9_007_199_254_740_992.0;

/// A float column of file numbers as texts: a whole number within [`EXACT_FLOAT`] is its
/// digits (`5223270001001.0` is `5223270001001`, as a CSV cell gives it); `None` for any
/// other column type. A number that is not such a whole number has lost digits (pandas
/// reads a column of 19-digit numbers so), and households would look alike that are not:
/// the column cannot identify households, an error naming the first such row (`at` gives
/// its path).
fn float_numbers(
    a: &ArrayRef,
    column: &str,
    at: impl Fn(usize) -> fupin_core::Path,
) -> Result<Option<arrow_array::StringArray>, ArrowError> {
    let values: Vec<Option<f64>> = match a.data_type() {
        DataType::Float64 => a
            .as_primitive::<arrow_array::types::Float64Type>()
            .iter()
            .collect(),
        DataType::Float32 => a
            .as_primitive::<arrow_array::types::Float32Type>()
            .iter()
            .map(|v| v.map(f64::from))
            .collect(),
        _ => return Ok(None),
    };
    let exact = |v: f64| v.is_finite() && v.fract() == 0.0 && v.abs() < EXACT_FLOAT;
    if let Some(i) = values.iter().position(|v| v.is_some_and(|v| !exact(v))) {
        return Err(ArrowError::Core(fupin_core::Error::Validation(
            fupin_core::Issues(vec![Issue::new(
                "inexact_file_number",
                at(i).key(column),
                format!(
                    "file numbers are floating point numbers here, and this one cannot hold all its digits (whole numbers up to 2^53 only): households could look alike that are not; give the column `{column}` as text (pandas: `dtype=str`)"
                ),
            )]),
        )));
    }
    Ok(Some(
        values
            .iter()
            .map(|v| v.map(|v| format!("{v:.0}")))
            .collect(),
    ))
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
    check: &mut TableHouseholds<'_>,
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
    // file numbers as floating point numbers: their digits, or an error when digits are lost
    let numbers = match float_numbers(numbers, field.name(), |i| {
        fupin_core::Path::root().index(first_row + i)
    })? {
        Some(texts) => Texts::Owned(texts),
        None => Texts::of(numbers)?,
    };
    let villages = match map
        .find(&schema, "village")
        .and_then(|i| batch.columns().get(i))
    {
        Some(v) => Some(Texts::of(v)?),
        None => None,
    };
    check.in_column(field.name());
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
    check: &mut TableHouseholds<'_>,
    batch: &RecordBatch,
    map: &ColumnMap,
    first_row: usize,
) -> Result<Option<RowReport>, ArrowError> {
    let Some(found) = find_duplicates(check, batch, map, first_row)? else {
        return Ok(None);
    };
    let skip: Vec<usize> = found.iter().map(|(i, _)| *i).collect();
    let mut report = push_except(stream, batch, map, first_row, &skip)?;
    if !skip.is_empty() {
        // the rows given twice are not counted, but their other problems are reported
        // too (every problem of a row), as they would be were the duplicate found later
        // (a run of such rows at a time: a file given twice is one run a batch)
        let mut scratch = stream.fork();
        let mut runs: Vec<(usize, usize)> = Vec::new();
        for &i in &skip {
            match runs.last_mut() {
                Some((start, len)) if *start + *len == i => *len += 1,
                _ => runs.push((i, 1)),
            }
        }
        for (start, len) in runs {
            let part = batch.slice(start, len);
            let seen = crate::push_households_fast(&mut scratch, &part, map, first_row + start)?;
            report.rejected.0.extend(seen.rejected.0);
        }
    }
    // a household given twice found later (after a run's spill) does not reject these
    // rows again
    for row in report.rejected.rows() {
        check.reject(row);
    }
    report.rejected.0.extend(found.into_iter().map(|(_, i)| i));
    crate::parallel::sort_rejected(&mut report);
    Ok(Some(report))
}

/// The village key and file-number fingerprint of every row of a batch (a file number
/// null or blank: fingerprint 0, not checked), appended to `out`.
#[cfg(feature = "parquet")]
pub(crate) fn keys_into(
    batch: &RecordBatch,
    number: usize,
    village: Option<usize>,
    out: &mut Vec<(u64, u64)>,
) -> Result<(), ArrowError> {
    use fupin_core::household::fingerprint_bytes;
    let Some(numbers) = batch.columns().get(number) else {
        return Ok(());
    };
    // file numbers as floating point numbers: their digits, or an error when digits are lost
    let name = batch
        .schema()
        .fields()
        .get(number)
        .map_or_else(|| "file_number".to_owned(), |f| f.name().clone());
    let numbers = match float_numbers(numbers, &name, |_| fupin_core::Path::root())? {
        Some(texts) => Texts::Owned(texts),
        None => Texts::of(numbers)?,
    };
    let villages = match village.and_then(|i| batch.columns().get(i)) {
        Some(v) => Some(Texts::of(v)?),
        None => None,
    };
    let number = |i: usize| match numbers.get(i).map(str::trim) {
        Some(n) if !n.is_empty() => fingerprint_bytes(n.as_bytes()),
        _ => 0,
    };
    let blank = fingerprint_bytes(b"");
    if let Some(Texts::Dict(d, values)) = &villages {
        // each distinct village hashed once, when first used (a batch's dictionary may
        // hold the villages of its whole row group)
        let mut keys: Vec<Option<u64>> = vec![None; d.values().len()];
        for (i, k) in d.keys().iter().enumerate() {
            let v = match k.and_then(|k| usize::try_from(k).ok()) {
                Some(k) => match keys.get_mut(k) {
                    Some(Some(v)) => *v,
                    Some(slot) => {
                        let v = fingerprint_bytes(values.get(k).unwrap_or("").trim().as_bytes());
                        *slot = Some(v);
                        v
                    }
                    None => blank,
                },
                None => blank,
            };
            out.push((v, number(i)));
        }
        return Ok(());
    }
    let mut last: (&str, u64) = ("", blank);
    for i in 0..batch.num_rows() {
        let v = villages
            .as_ref()
            .and_then(|v| v.get(i))
            .unwrap_or("")
            .trim();
        if v != last.0 {
            last = (v, fingerprint_bytes(v.as_bytes()));
        }
        out.push((last.1, number(i)));
    }
    Ok(())
}

/// A run of rows of one village in a row group (rows without a file number included).
#[cfg(feature = "parquet")]
struct RunAt {
    village: u64,
    /// Its first row's index in the group, and its rows.
    at: usize,
    len: usize,
    /// Where its rows' fingerprints start in [`GroupRuns::fps`]; `None`: its file numbers
    /// are known to be distinct (strictly increasing), not fingerprinted.
    fps: Option<usize>,
    /// Its duplicates among themselves, in [`GroupRuns::local`].
    local: std::ops::Range<usize>,
}

/// The rows of a row group as runs of villages, found where the group is read: the
/// fingerprints of its rows (0: no file number), its runs, their own duplicates.
#[cfg(feature = "parquet")]
pub(crate) struct GroupRuns {
    fps: Vec<u64>,
    runs: Vec<RunAt>,
    local: Vec<(usize, usize)>,
}

#[cfg(feature = "parquet")]
impl GroupRuns {
    /// The runs of rows of (village key, file-number fingerprint).
    pub(crate) fn of(keys: &[(u64, u64)]) -> GroupRuns {
        let fps: Vec<u64> = keys.iter().map(|k| k.1).collect();
        GroupRuns::from_parts(fps, |i| keys.get(i).map_or(0, |k| k.0))
    }

    /// The runs of rows of file-number fingerprints `fps`, row `i` of village key
    /// `village(i)`.
    pub(crate) fn from_parts(fps: Vec<u64>, village: impl Fn(usize) -> u64) -> GroupRuns {
        let mut runs = Vec::new();
        let mut i = 0;
        // rows without a file number (0) stay in their village's run: they are not checked
        // but do not cut it (a cut run would look like a village coming back)
        while i < fps.len() {
            let v = village(i);
            let mut j = i + 1;
            while j < fps.len() && village(j) == v {
                j += 1;
            }
            runs.push((v, i, j - i, Some(i)));
            i = j;
        }
        GroupRuns::from_runs(fps, runs)
    }

    /// The runs `(village key, first row in the group, rows, where their fingerprints
    /// start in fps)` in row order (`None`: rows known to be distinct, no fingerprints),
    /// each run's own duplicates found here.
    pub(crate) fn from_runs(
        fps: Vec<u64>,
        runs: impl IntoIterator<Item = (u64, usize, usize, Option<usize>)>,
    ) -> GroupRuns {
        let mut local = Vec::new();
        let runs = runs
            .into_iter()
            .map(|(village, at, len, from)| {
                let start = local.len();
                if let Some(f) = from {
                    let run = fps.get(f..f + len).unwrap_or_default();
                    local.extend(fupin_core::household::run_duplicates(run));
                }
                RunAt {
                    village,
                    at,
                    len,
                    fps: from,
                    local: start..local.len(),
                }
            })
            .collect();
        GroupRuns { fps, runs, local }
    }

    /// Gives the buffer of fingerprints back to this thread's spares.
    pub(crate) fn recycle(self) {
        crate::spare::give_fingerprints(self.fps);
    }

    /// Adds the runs to `check`, the group's first row numbered `first_row`: pushes each
    /// row seen before, with where, to `out`; `Err` as [`DuplicateCheck::add_run`]'s
    /// ([`Seen::Unsorted`]: check the file again keeping every run, with fingerprints).
    pub(crate) fn add_to(
        &self,
        check: &mut fupin_core::household::DuplicateCheck,
        first_row: usize,
        out: &mut Vec<(usize, fupin_core::household::Location)>,
    ) -> Result<(), ()> {
        for run in &self.runs {
            let Some(f) = run.fps else {
                check
                    .add_distinct_run(run.village, run.len, first_row + run.at)
                    .map_err(drop)?;
                continue;
            };
            let fps = self.fps.get(f..f + run.len).unwrap_or_default();
            let local = self.local.get(run.local.clone()).unwrap_or_default();
            check
                .add_run(run.village, fps, first_row + run.at, local, out)
                .map_err(drop)?;
        }
        Ok(())
    }
}

/// The file-number and village columns of a batch read as text.
#[cfg(feature = "parquet")]
pub(crate) struct RowTexts<'a> {
    numbers: Option<Texts<'a>>,
    villages: Option<Texts<'a>>,
}

#[cfg(feature = "parquet")]
impl RowTexts<'_> {
    /// The file number and the village of row `i` (empty: null).
    pub(crate) fn get(&self, i: usize) -> (&str, &str) {
        (
            self.numbers.as_ref().and_then(|t| t.get(i)).unwrap_or(""),
            self.villages.as_ref().and_then(|t| t.get(i)).unwrap_or(""),
        )
    }
}

/// The file numbers (column `number`) and villages (column `village`) of a batch as text.
#[cfg(feature = "parquet")]
pub(crate) fn texts_at(
    batch: &RecordBatch,
    number: usize,
    village: usize,
) -> Result<RowTexts<'_>, ArrowError> {
    Ok(RowTexts {
        numbers: batch.columns().get(number).map(Texts::of).transpose()?,
        villages: batch.columns().get(village).map(Texts::of).transpose()?,
    })
}
