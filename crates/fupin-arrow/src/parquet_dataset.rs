//! Adding a Parquet register to a data set ([`add_parquet_checked`]) with the reader the
//! command counts with: only the register's columns decoded, village codes and statuses kept
//! dictionary-encoded (each distinct code parsed once per row group), row groups decoded on
//! every core, then checked for households given twice and added in the order of the rows.

use std::path::Path;

use arrow_array::RecordBatch;
use fupin_core::assess::{Dataset, RowReport};
use fupin_core::household::DuplicateCheck;
use parquet::arrow::ProjectionMask;

use crate::columns::{ColumnMap, HOUSEHOLD_FIELDS};
use crate::error::ArrowError;
use crate::parallel::{add_report, default_threads, sort_rejected};
use crate::parquet_count::{Opened, ParquetCount};

/// Rows a batch of the Arrow reader holds.
const BATCH_ROWS: usize = 65_536;

/// Adds the households of the Parquet file at `path` to `ds`, as
/// [`add_batches_checked`](crate::add_batches_checked) adds the same rows handed over as
/// record batches (same households, same report): the file is begun in `check` as input
/// `name`, a household seen before (by an earlier input or an earlier row) is a rejected
/// row `duplicate_household` naming where the first one is, and every row is accepted or
/// reported, rows numbered from `row_offset`. The row groups are decoded on up to
/// `threads` threads (0: the machine's parallelism), a few at a time, so memory holds the
/// decoded columns of about one row group per thread beyond the data set.
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
    let mut total = RowReport::default();
    let groups = opened.groups();
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
        columns: schema.fields().iter().map(|f| f.name().clone()).collect(),
    })
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
