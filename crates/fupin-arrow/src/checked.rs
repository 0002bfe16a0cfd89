//! Batches handed over in order — a table or a stream of batches of the Python binding, a
//! chunk of a file of the command — with the households given twice left out: each batch
//! is checked with the core's [`DuplicateCheck`] against every row before it, in order (the
//! file numbers and villages only, [`find_duplicates`]), then counted on every core
//! without those rows, which are rejected rows (`duplicate_household`, naming where the
//! first one is). The input is begun in the check by the caller
//! ([`DuplicateCheck::begin_file`], not as the last one: a stream is not read twice).

use arrow_array::RecordBatch;
use fupin_core::Issue;
use fupin_core::assess::{Dataset, RowReport, TallyStream};
use fupin_core::household::DuplicateCheck;

use crate::columns::ColumnMap;
use crate::duplicates::find_duplicates;
use crate::error::ArrowError;
use crate::parallel::{add_numbered, sort_rejected};

/// The error when the check forgot a village's rows (an input begun as the last one).
fn forgotten() -> ArrowError {
    ArrowError::Worker("checking households given twice (an input begun as the last one)")
}

/// The households of `batch` (rows from `first_row`) seen before: the rows to leave out
/// (indices in the batch) and their rejected rows.
pub(crate) fn checked(
    check: &mut DuplicateCheck,
    batch: &RecordBatch,
    map: &ColumnMap,
    first_row: usize,
) -> Result<(Vec<usize>, Vec<Issue>), ArrowError> {
    let mut rows = fupin_core::household::TableHouseholds::from(check);
    let found = find_duplicates(&mut rows, batch, map, first_row)?.ok_or_else(forgotten)?;
    Ok(found.into_iter().unzip())
}

/// [`push_reader`](crate::push_reader) with the households given twice left out (see the
/// module's docs): each batch is checked as it is taken from `batches`, in their order,
/// then counted on any of up to `threads` threads (0: the machine's parallelism).
///
/// ```
/// use std::sync::Arc;
/// use arrow_array::{Int64Array, RecordBatch, StringArray};
/// use arrow_schema::{DataType, Field, Schema};
/// use fupin_arrow::{ColumnMap, push_reader_checked};
/// use fupin_core::assess::{Counter, TallyStream, UnitFacts};
/// use fupin_core::household::DuplicateCheck;
///
/// let schema = Arc::new(Schema::new(vec![
///     Field::new("file_number", DataType::Utf8, false),
///     Field::new("village", DataType::Utf8, false),
///     Field::new("people", DataType::Int64, false),
///     Field::new("status", DataType::Utf8, false),
/// ]));
/// let batch = |numbers: Vec<&str>| {
///     let n = numbers.len();
///     RecordBatch::try_new(schema.clone(), vec![
///         Arc::new(StringArray::from(numbers)),
///         Arc::new(StringArray::from(vec!["522327100201"; n])),
///         Arc::new(Int64Array::from(vec![2; n])),
///         Arc::new(StringArray::from(vec!["贫困户"; n])),
///     ])
/// };
/// let batches = vec![batch(vec!["S1", "S2"])?, batch(vec!["S3", "S1"])?];
/// let as_of = chrono::NaiveDate::from_ymd_opt(2020, 6, 30).unwrap();
/// let mut stream = TallyStream::new(as_of, UnitFacts::default())?;
/// let mut check = DuplicateCheck::new();
/// check.begin_file("table", false);
/// let source = batches.into_iter().map(Ok);
/// let report = push_reader_checked(&mut stream, &mut check, source, &ColumnMap::default(), 0, 2)?;
/// assert_eq!((report.rows, report.accepted), (4, 3));
/// let issue = report.rejected.iter().next().unwrap();
/// assert_eq!(issue.code, "duplicate_household");
/// assert_eq!(issue.path.to_string(), "[3].file_number");
/// assert_eq!(stream.finish().total().get(Counter::Households), 3);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn push_reader_checked<I>(
    stream: &mut TallyStream,
    check: &mut DuplicateCheck,
    batches: I,
    map: &ColumnMap,
    row_offset: usize,
    threads: usize,
) -> Result<RowReport, ArrowError>
where
    I: Iterator<Item = Result<RecordBatch, ArrowError>> + Send,
{
    crate::parallel::push_reader_with(stream, Some(check), batches, map, row_offset, threads)
}

/// [`add_batches`](crate::add_batches) with the households given twice left out (see the
/// module's docs): the batches are checked in their order, then the rows left read on up
/// to `threads` threads (0: the machine's parallelism) and added in order.
pub fn add_batches_checked(
    ds: &mut Dataset,
    check: &mut DuplicateCheck,
    batches: &[RecordBatch],
    map: &ColumnMap,
    row_offset: usize,
    threads: usize,
) -> Result<RowReport, ArrowError> {
    let mut numbered = Vec::with_capacity(batches.len());
    let mut twice = Vec::new();
    let mut at = row_offset;
    // a large batch in slices, so that it is read on every core
    for b in batches.iter().flat_map(crate::parallel::slices) {
        let b = &b;
        let (skip, found) = checked(check, b, map, at)?;
        // the rows between those left out, each part keeping its rows' numbers
        let mut start = 0;
        let n = b.num_rows();
        for end in skip.iter().copied().chain(std::iter::once(n)) {
            let end = end.min(n);
            if end > start {
                numbered.push((b.slice(start, end - start), at + start));
            }
            start = end + 1;
        }
        twice.extend(found);
        at += n;
    }
    let mut report = add_numbered(ds, &numbered, map, threads)?;
    report.rows = at - row_offset;
    report.rejected.0.extend(twice);
    sort_rejected(&mut report);
    Ok(report)
}
