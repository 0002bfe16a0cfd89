//! Counting many batches on every core. Each thread counts its batches into a
//! [fork](TallyStream::fork) of the stream; the forks are [joined](TallyStream::join) at the
//! end, so the result is the same as counting every batch in order on one thread. Rejected
//! rows come back sorted by row number whatever thread read them.

use std::collections::VecDeque;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use arrow_array::RecordBatch;
use fupin_core::Issue;
use fupin_core::assess::{Dataset, RowReport, TallyStream};
use fupin_core::household::DuplicateCheck;

use crate::columns::ColumnMap;
use crate::error::ArrowError;
use crate::fast::push_households_fast;

/// Threads to use by default: the machine's parallelism.
pub(crate) fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

/// The most rows a thread reads at a time: a larger batch is cut into slices of this many
/// rows (without copying its columns), so that one big batch — a polars or pandas frame
/// handed over in one piece — is read on every core, not on one.
pub(crate) const SLICE_ROWS: usize = 1 << 18;

/// An input of one batch of fewer rows than this is counted on one thread (as the core's
/// stream counts a chunk below a million rows).
const SMALL_INPUT_ROWS: usize = 1 << 20;

/// `batch` cut into slices of at most [`SLICE_ROWS`] rows, in order (the batch itself when
/// it is not larger).
pub(crate) fn slices(batch: &RecordBatch) -> impl Iterator<Item = RecordBatch> + '_ {
    let n = batch.num_rows();
    let parts = n.div_ceil(SLICE_ROWS).max(1);
    (0..parts).map(move |p| {
        if parts == 1 {
            batch.clone()
        } else {
            let start = p * SLICE_ROWS;
            batch.slice(start, SLICE_ROWS.min(n - start))
        }
    })
}

/// Adds `part` into `total` (rows, accepted, rejected issues).
pub(crate) fn add_report(total: &mut RowReport, part: RowReport) {
    total.rows += part.rows;
    total.accepted += part.accepted;
    total.rejected.0.extend(part.rejected.0);
}

/// Sorts the rejected issues by row (stable: a row's issues keep their order).
pub(crate) fn sort_rejected(report: &mut RowReport) {
    report
        .rejected
        .0
        .sort_by_key(|issue| issue.path.first_index());
}

/// Runs `work(stream, item)` for items `0..items` on up to `threads` threads, each with its
/// own fork of `stream`, items handed out in order as threads get free; joins the forks
/// into `stream` and returns the reports added up, rejected rows sorted.
pub(crate) fn run_forked<F>(
    stream: &mut TallyStream,
    items: usize,
    threads: usize,
    what: &'static str,
    work: F,
) -> Result<RowReport, ArrowError>
where
    F: Fn(&mut TallyStream, usize) -> Result<RowReport, ArrowError> + Sync,
{
    let next = AtomicUsize::new(0);
    let take = || {
        let i = next.fetch_add(1, Ordering::Relaxed);
        (i < items).then_some(Ok(i))
    };
    run_pulled(stream, threads.clamp(1, items.max(1)), what, take, work)
}

/// Runs `work(stream, item)` for every item `take` hands out (`None`: no more; an error
/// stops every thread) on up to `threads` threads, each with one fork of `stream` for the
/// whole run; joins the forks into `stream` and returns the reports added up, rejected rows
/// sorted.
pub(crate) fn run_pulled<T, N, F>(
    stream: &mut TallyStream,
    threads: usize,
    what: &'static str,
    take: N,
    work: F,
) -> Result<RowReport, ArrowError>
where
    N: Fn() -> Option<Result<T, ArrowError>> + Sync,
    F: Fn(&mut TallyStream, T) -> Result<RowReport, ArrowError> + Sync,
{
    let mut total = RowReport::default();
    if threads <= 1 {
        while let Some(item) = take() {
            add_report(&mut total, work(stream, item?)?);
        }
        sort_rejected(&mut total);
        return Ok(total);
    }
    let stop = AtomicBool::new(false);
    let first_error: Mutex<Option<ArrowError>> = Mutex::new(None);
    let forks: Vec<TallyStream> = (0..threads)
        .map(|_| stream.fork().with_threads(1))
        .collect();
    let done: Vec<Option<(TallyStream, RowReport)>> = std::thread::scope(|s| {
        let handles: Vec<_> = forks
            .into_iter()
            .map(|mut fork| {
                let (take, stop, first_error, work) = (&take, &stop, &first_error, &work);
                s.spawn(move || {
                    let mut report = RowReport::default();
                    while !stop.load(Ordering::Relaxed) {
                        let result = match take() {
                            None => break,
                            Some(item) => item.and_then(|item| work(&mut fork, item)),
                        };
                        match result {
                            Ok(part) => add_report(&mut report, part),
                            Err(e) => {
                                stop.store(true, Ordering::Relaxed);
                                if let Ok(mut slot) = first_error.lock() {
                                    slot.get_or_insert(e);
                                }
                                break;
                            }
                        }
                    }
                    (fork, report)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().ok()).collect()
    });
    if let Some(e) = first_error.into_inner().ok().flatten() {
        return Err(e);
    }
    for part in done {
        let (fork, report) = part.ok_or(ArrowError::Worker(what))?;
        stream.join(fork);
        add_report(&mut total, report);
    }
    sort_rejected(&mut total);
    Ok(total)
}

/// Counts the households of a stream of batches into `stream` on up to `threads` threads
/// (0: the machine's parallelism), as [`push_households_fast`] would one after the other:
/// each thread takes the next batch as it gets free — a batch of more than 262,144 rows in
/// slices of that many, so that one big batch (a polars or pandas frame) is read on every
/// core — so memory holds about one batch per thread beyond what the source holds; rows are numbered on from `row_offset` in the
/// order of the source, and every row is accepted or reported. The first error of the
/// source or of a batch stops the count. This is how the Python binding counts a table or
/// a stream of batches.
///
/// ```
/// use std::sync::Arc;
/// use arrow_array::{Int64Array, RecordBatch, StringArray};
/// use arrow_schema::{DataType, Field, Schema};
/// use fupin_arrow::{ColumnMap, push_reader};
/// use fupin_core::assess::{Counter, TallyStream, UnitFacts};
///
/// // the village, members and status columns are required
/// let schema = Arc::new(Schema::new(vec![
///     Field::new("village", DataType::Utf8, false),
///     Field::new("people", DataType::Int64, false),
///     Field::new("status", DataType::Utf8, false),
/// ]));
/// let batch = |codes: Vec<&str>| {
///     let n = codes.len();
///     RecordBatch::try_new(schema.clone(), vec![
///         Arc::new(StringArray::from(codes)),
///         Arc::new(Int64Array::from(vec![2; n])),
///         Arc::new(StringArray::from(vec!["贫困户"; n])),
///     ])
/// };
/// let batches = vec![batch(vec!["522327100201"; 3])?, batch(vec!["522327100202", "52232710"])?];
/// let as_of = chrono::NaiveDate::from_ymd_opt(2020, 6, 30).unwrap();
/// let mut stream = TallyStream::new(as_of, UnitFacts::default())?;
/// let source = batches.into_iter().map(Ok);
/// let report = push_reader(&mut stream, source, &ColumnMap::default(), 0, 2)?;
/// assert_eq!((report.rows, report.accepted), (5, 4));
/// assert_eq!(report.rejected.rows(), vec![4]);
/// assert_eq!(stream.finish().total().get(Counter::Households), 4);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn push_reader<I>(
    stream: &mut TallyStream,
    batches: I,
    map: &ColumnMap,
    row_offset: usize,
    threads: usize,
) -> Result<RowReport, ArrowError>
where
    I: Iterator<Item = Result<RecordBatch, ArrowError>> + Send,
{
    push_reader_with(stream, None, batches, map, row_offset, threads)
}

/// [`push_reader`], and with `check` [`push_reader_checked`](crate::push_reader_checked):
/// each batch is checked as it is taken from `batches`, in their order, its households
/// seen before left out of the count and reported.
pub(crate) fn push_reader_with<I>(
    stream: &mut TallyStream,
    check: Option<&mut DuplicateCheck>,
    mut batches: I,
    map: &ColumnMap,
    row_offset: usize,
    threads: usize,
) -> Result<RowReport, ArrowError>
where
    I: Iterator<Item = Result<RecordBatch, ArrowError>> + Send,
{
    let mut threads = if threads == 0 {
        default_threads()
    } else {
        threads
    };
    // one small batch (a chunk pushed at a time: a Spark task's, a loop's) is counted on
    // the caller's thread: the forks of the stream (copies of its unit facts, joined
    // after) would cost more than the counting, some milliseconds a push
    let (first, second) = (batches.next(), batches.next());
    if second.is_none() && matches!(&first, Some(Ok(b)) if b.num_rows() < SMALL_INPUT_ROWS) {
        threads = 1;
    }
    let batches = first.into_iter().chain(second).chain(batches);
    // the source, the number of the next batch's first row and the check, taken together:
    // batches are checked in their order; a large batch is handed out in slices
    let source = Mutex::new((batches, row_offset, check, VecDeque::new()));
    let take = || -> Option<Result<Taken, ArrowError>> {
        let mut guard = match source.lock() {
            Ok(g) => g,
            Err(_) => return Some(Err(ArrowError::Worker("reading batches"))),
        };
        let (batches, at, check, pending) = &mut *guard;
        let batch = match pending.pop_front() {
            Some(slice) => Ok(slice),
            None => match batches.next()? {
                Ok(b) => {
                    pending.extend(slices(&b));
                    pending.pop_front().map_or_else(|| Ok(b), Ok)
                }
                Err(e) => Err(e),
            },
        };
        Some(batch.and_then(|b| {
            let first = *at;
            *at += b.num_rows();
            let (skip, found) = match check {
                Some(check) => crate::checked::checked(check, &b, map, first)?,
                None => (Vec::new(), Vec::new()),
            };
            Ok((b, first, skip, found))
        }))
    };
    run_pulled(
        stream,
        threads,
        "counting batches",
        take,
        |fork, (batch, first, skip, found)| {
            let mut report = crate::duplicates::push_except(fork, &batch, map, first, &skip)?;
            report.rejected.0.extend(found);
            Ok(report)
        },
    )
}

/// A batch taken from a source: the batch, its first row, the rows to leave out (seen
/// before) and their rejected rows.
type Taken = (RecordBatch, usize, Vec<usize>, Vec<Issue>);

/// Counts the households of many batches into `stream` on up to `threads` threads (0: the
/// machine's parallelism), as [`push_households_fast`] would one after the other: rows
/// are numbered on from `row_offset` across the batches, and every row is accepted or
/// reported. This is how the Python binding counts a table handed over whole.
///
/// ```
/// use std::sync::Arc;
/// use arrow_array::{Int64Array, RecordBatch, StringArray};
/// use arrow_schema::{DataType, Field, Schema};
/// use fupin_arrow::{ColumnMap, push_batches};
/// use fupin_core::assess::{Counter, TallyStream, UnitFacts};
///
/// // the village, members and status columns are required
/// let schema = Arc::new(Schema::new(vec![
///     Field::new("village", DataType::Utf8, false),
///     Field::new("people", DataType::Int64, false),
///     Field::new("status", DataType::Utf8, false),
/// ]));
/// let batch = |codes: Vec<&str>| {
///     let n = codes.len();
///     RecordBatch::try_new(schema.clone(), vec![
///         Arc::new(StringArray::from(codes)),
///         Arc::new(Int64Array::from(vec![2; n])),
///         Arc::new(StringArray::from(vec!["贫困户"; n])),
///     ])
/// };
/// let batches = vec![batch(vec!["522327100201"; 3])?, batch(vec!["522327100202", "52232710"])?];
/// let as_of = chrono::NaiveDate::from_ymd_opt(2020, 6, 30).unwrap();
/// let mut stream = TallyStream::new(as_of, UnitFacts::default())?;
/// let report = push_batches(&mut stream, &batches, &ColumnMap::default(), 0, 2)?;
/// assert_eq!((report.rows, report.accepted), (5, 4));
/// assert_eq!(report.rejected.rows(), vec![4]);
/// assert_eq!(stream.finish().total().get(Counter::Households), 4);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn push_batches(
    stream: &mut TallyStream,
    batches: &[RecordBatch],
    map: &ColumnMap,
    row_offset: usize,
    threads: usize,
) -> Result<RowReport, ArrowError> {
    let batches: Vec<RecordBatch> = batches.iter().flat_map(slices).collect();
    let mut starts = Vec::with_capacity(batches.len());
    let mut at = row_offset;
    for b in &batches {
        starts.push(at);
        at += b.num_rows();
    }
    let threads = if threads == 0 {
        default_threads()
    } else {
        threads
    };
    run_forked(
        stream,
        batches.len(),
        threads,
        "counting batches",
        |fork, i| match (batches.get(i), starts.get(i)) {
            (Some(b), Some(start)) => push_households_fast(fork, b, map, *start),
            _ => Ok(RowReport::default()),
        },
    )
}

/// Adds the households of many batches to a data set, as [`add_households_fast`](crate::add_households_fast) would one
/// after the other (same rows in the same order, every row accepted or reported, rows
/// numbered on from `row_offset`), with the batches read on up to `threads` threads (0: the
/// machine's parallelism). This is how the Python binding's `Dataset` takes a table.
pub fn add_batches(
    ds: &mut Dataset,
    batches: &[RecordBatch],
    map: &ColumnMap,
    row_offset: usize,
    threads: usize,
) -> Result<RowReport, ArrowError> {
    let mut numbered = Vec::with_capacity(batches.len());
    let mut at = row_offset;
    for b in batches.iter().flat_map(slices) {
        let n = b.num_rows();
        numbered.push((b, at));
        at += n;
    }
    add_numbered(ds, &numbered, map, threads)
}

/// [`add_batches`] of batches each with the number of its first row.
pub(crate) fn add_numbered(
    ds: &mut Dataset,
    numbered: &[(RecordBatch, usize)],
    map: &ColumnMap,
    threads: usize,
) -> Result<RowReport, ArrowError> {
    let threads = if threads == 0 {
        default_threads()
    } else {
        threads
    }
    .clamp(1, numbered.len().max(1));
    let per = numbered.len().div_ceil(threads).max(1);
    // reading (the costly part) on every core, in order
    let read: Vec<Option<crate::fast::Read<'_>>> = if threads == 1 {
        numbered
            .iter()
            .map(|(b, _)| crate::fast::read(b, map))
            .collect()
    } else {
        std::thread::scope(|s| {
            let handles: Vec<_> = numbered
                .chunks(per)
                .map(|part| {
                    s.spawn(move || {
                        part.iter()
                            .map(|(b, _)| crate::fast::read(b, map))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            let mut out = Vec::with_capacity(numbered.len());
            for h in handles {
                out.extend(
                    h.join()
                        .map_err(|_| ArrowError::Worker("reading batches"))?,
                );
            }
            Ok::<_, ArrowError>(out)
        })?
    };
    let mut total = RowReport::default();
    for ((b, at), r) in numbered.iter().zip(read) {
        add_report(&mut total, crate::fast::add_read(ds, r, b, map, *at)?);
    }
    sort_rejected(&mut total);
    Ok(total)
}
