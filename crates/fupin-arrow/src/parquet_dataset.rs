//! Adding a Parquet register to a data set ([`add_parquet_checked`]) with the reader the
//! command counts with: only the register's columns decoded, village codes and statuses kept
//! dictionary-encoded (each distinct code parsed once per row group), row groups decoded on
//! every core — clean ones of a file without file numbers straight from their pages —, then
//! checked for households given twice and added in the order of the rows.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use arrow_array::RecordBatch;
use fupin_core::assess::{Dataset, RowReport};
use fupin_core::household::DuplicateCheck;
use parquet::arrow::ProjectionMask;

use crate::columns::{ColumnMap, HOUSEHOLD_FIELDS};
use crate::error::ArrowError;
use crate::parallel::{add_report, default_threads, sort_rejected};
use crate::parquet_count::{Opened, PageGroup, ParquetCount};

/// Rows a batch of the Arrow reader holds.
const BATCH_ROWS: usize = 65_536;

/// Adds the households of the Parquet file at `path` to `ds`, as
/// [`add_batches_checked`](crate::add_batches_checked) adds the same rows handed over as
/// record batches (same households, same report): the file is begun in `check` as input
/// `name`, a household seen before (by an earlier input or an earlier row) is a rejected
/// row `duplicate_household` naming where the first one is, and every row is accepted or
/// reported, rows numbered from `row_offset`. The row groups are decoded on up to
/// `threads` threads (0: the machine's parallelism), a few at a time, so memory holds the
/// decoded columns of about one row group per thread beyond the data set. In a file without
/// file numbers (nothing to check) a clean row group is decoded straight from its pages
/// (with feature `pages`, as [`push_parquet`](crate::push_parquet) counts it; counted in
/// [`ParquetCount::from_pages`]), each group added as soon as the ones before it were while
/// the next ones are decoded.
///
/// ```
/// use std::sync::Arc;
/// use arrow_array::{Int64Array, RecordBatch, StringArray};
/// use arrow_schema::{DataType, Field, Schema};
/// use fupin_arrow::{ColumnMap, add_parquet_checked, parquet_io};
/// use fupin_core::assess::Dataset;
/// use fupin_core::household::DuplicateCheck;
///
/// let schema = Arc::new(Schema::new(vec![
///     Field::new("village", DataType::Utf8, false),
///     Field::new("people", DataType::Int64, false),
///     Field::new("status", DataType::Utf8, false),
/// ]));
/// let batch = RecordBatch::try_new(schema, vec![
///     Arc::new(StringArray::from(vec!["522327100201", "522327100201", "52232710"])),
///     Arc::new(Int64Array::from(vec![2, 3, 1])),
///     Arc::new(StringArray::from(vec!["贫困户", "已脱贫", "贫困户"])),
/// ])?;
/// let path = std::env::temp_dir().join("fupin-add-parquet-doc.parquet");
/// parquet_io::write(&path, &[batch])?;
/// let mut ds = Dataset::new(chrono::NaiveDate::from_ymd_opt(2020, 6, 30).unwrap());
/// let mut check = DuplicateCheck::new();
/// let count = add_parquet_checked(&mut ds, &mut check, &path, "register", &ColumnMap::default(), 0, 0)?;
/// assert_eq!((count.report.rows, count.report.accepted), (3, 2));
/// assert_eq!(count.report.rejected.iter().next().unwrap().path.to_string(), "[2].village");
/// assert_eq!(ds.household_count(), 2);
/// # std::fs::remove_file(&path)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn add_parquet_checked(
    ds: &mut Dataset,
    check: &mut DuplicateCheck,
    path: &Path,
    name: &str,
    map: &ColumnMap,
    threads: usize,
    row_offset: usize,
) -> Result<ParquetCount, ArrowError> {
    let opened = Opened::open(path, map, row_offset)?;
    let schema = opened.schema();
    // the count's columns, and the file numbers for the check
    let wanted: Vec<usize> = HOUSEHOLD_FIELDS
        .iter()
        .filter_map(|f| map.find(schema, f))
        .collect();
    let mask = ProjectionMask::roots(opened.meta().parquet_schema(), wanted);
    let threads = if threads == 0 {
        default_threads()
    } else {
        threads
    };
    check.begin_file(name, false);
    let groups = opened.groups();
    let columns = schema.fields().iter().map(|f| f.name().clone()).collect();
    if map.find(schema, "file_number").is_none() {
        // nothing to check: clean row groups decoded from their pages
        let (mut total, from_pages) = add_decoded(ds, check, &opened, &mask, path, map, threads)?;
        sort_rejected(&mut total);
        return Ok(ParquetCount {
            report: total,
            row_groups: groups,
            from_pages,
            columns,
        });
    }
    let mut total = RowReport::default();
    let mut g = 0;
    while g < groups {
        let end = groups.min(g + threads);
        let decoded = decode(&opened, &mask, path, g..end)?;
        let first = opened.rows(g).0;
        let report = crate::add_batches_checked(ds, check, &decoded, map, first, threads)?;
        add_report(&mut total, report);
        g = end;
    }
    sort_rejected(&mut total);
    Ok(ParquetCount {
        report: total,
        row_groups: groups,
        from_pages: 0,
        columns,
    })
}

/// A row group decoded on a worker: from its pages, or as the Arrow reader's batches.
enum Decoded {
    Pages(Box<PageGroup>),
    Batches(Vec<RecordBatch>),
}

/// The households of a row group decoded from its pages added to `ds`, rows numbered from
/// `first`, or `None` when the core could not read them (an invalid income: nothing added).
#[cfg(feature = "pages")]
fn add_pages(ds: &mut Dataset, group: &PageGroup, first: usize) -> Option<RowReport> {
    let mut report = ds.add_households(group.households()).ok()?;
    for issue in &mut report.rejected.0 {
        issue.path = issue.path.map_first_index(|j| first + j);
    }
    Some(report)
}

/// Without the page decoder (feature `pages`) no row group is decoded from its pages.
#[cfg(not(feature = "pages"))]
fn add_pages(_ds: &mut Dataset, group: &PageGroup, _first: usize) -> Option<RowReport> {
    match *group {}
}

/// Gives the buffers of a row group added already to this thread's spares (a worker's:
/// the next group it decodes takes them, without fresh pages).
#[cfg(feature = "pages")]
fn recycle(group: PageGroup) {
    group.recycle();
}

/// Without the page decoder (feature `pages`) no row group is decoded from its pages.
#[cfg(not(feature = "pages"))]
fn recycle(group: PageGroup) {
    match group {}
}

/// Adds every row group of a file without file numbers: each decoded on one of `threads`
/// workers as it gets free — from its pages when it is clean, else through the Arrow
/// reader — and added on this thread in the order of the rows while the workers decode
/// the next ones (a few row groups decoded ahead at most). Returns the reports added up
/// and the row groups decoded from their pages.
fn add_decoded(
    ds: &mut Dataset,
    check: &mut DuplicateCheck,
    opened: &Opened,
    mask: &ProjectionMask,
    path: &Path,
    map: &ColumnMap,
    threads: usize,
) -> Result<(RowReport, usize), ArrowError> {
    let groups = opened.groups();
    let next = AtomicUsize::new(0);
    let one = |g: usize| -> Result<Decoded, ArrowError> {
        if let Some(group) = opened.decode_pages(path, g)? {
            return Ok(Decoded::Pages(Box::new(group)));
        }
        Ok(Decoded::Batches(decode_arrow(opened, mask, path, g)?))
    };
    let mut total = RowReport::default();
    let mut from_pages = 0;
    // groups added already, whose buffers the workers take back
    let added: Mutex<Vec<PageGroup>> = Mutex::new(Vec::new());
    std::thread::scope(|s| -> Result<(), ArrowError> {
        let (tx, rx) = std::sync::mpsc::sync_channel::<(usize, Result<Decoded, ArrowError>)>(1);
        for _ in 0..threads.clamp(1, groups.max(1)) {
            let (tx, next, one, added) = (tx.clone(), &next, &one, &added);
            s.spawn(move || {
                loop {
                    let done: Vec<PageGroup> = added
                        .lock()
                        .map(|mut a| std::mem::take(&mut *a))
                        .unwrap_or_default();
                    done.into_iter().for_each(recycle);
                    let g = next.fetch_add(1, Ordering::Relaxed);
                    if g >= groups {
                        break;
                    }
                    let decoded = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| one(g)))
                        .unwrap_or(Err(ArrowError::Worker("reading Parquet")));
                    // the receiver gone: the adding stopped on an error
                    if tx.send((g, decoded)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        // groups decoded ahead of their turn
        let mut ahead: BTreeMap<usize, Result<Decoded, ArrowError>> = BTreeMap::new();
        let mut turn = 0;
        for (g, decoded) in rx {
            ahead.insert(g, decoded);
            while let Some(decoded) = ahead.remove(&turn) {
                let first = opened.rows(turn).0;
                let report = match decoded? {
                    Decoded::Pages(group) => match add_pages(ds, &group, first) {
                        Some(report) => {
                            from_pages += 1;
                            if let Ok(mut a) = added.lock() {
                                a.push(*group);
                            }
                            report
                        }
                        // read again through the Arrow reader, which reports every problem
                        None => {
                            let batches = decode_arrow(opened, mask, path, turn)?;
                            crate::add_batches_checked(ds, check, &batches, map, first, threads)?
                        }
                    },
                    Decoded::Batches(batches) => {
                        crate::add_batches_checked(ds, check, &batches, map, first, threads)?
                    }
                };
                add_report(&mut total, report);
                turn += 1;
            }
        }
        if turn == groups {
            Ok(())
        } else {
            Err(ArrowError::Worker("reading Parquet"))
        }
    })?;
    Ok((total, from_pages))
}

/// The batches of row group `g` read through the Arrow reader.
fn decode_arrow(
    opened: &Opened,
    mask: &ProjectionMask,
    path: &Path,
    g: usize,
) -> Result<Vec<RecordBatch>, ArrowError> {
    crate::parquet_io::group_batches(path, opened.meta(), mask, g, BATCH_ROWS)?.collect()
}

/// The batches of row groups `groups`, each group decoded on its own thread, in order.
fn decode(
    opened: &Opened,
    mask: &ProjectionMask,
    path: &Path,
    groups: std::ops::Range<usize>,
) -> Result<Vec<RecordBatch>, ArrowError> {
    let one = |g: usize| -> Result<Vec<RecordBatch>, ArrowError> {
        crate::parquet_io::group_batches(path, opened.meta(), mask, g, BATCH_ROWS)?.collect()
    };
    if groups.len() <= 1 {
        return groups.map(one).try_fold(Vec::new(), |mut all, part| {
            all.extend(part?);
            Ok(all)
        });
    }
    std::thread::scope(|s| {
        let handles: Vec<_> = groups.map(|g| s.spawn(move || one(g))).collect();
        let mut all = Vec::new();
        for h in handles {
            all.extend(
                h.join()
                    .map_err(|_| ArrowError::Worker("reading Parquet"))??,
            );
        }
        Ok(all)
    })
}
