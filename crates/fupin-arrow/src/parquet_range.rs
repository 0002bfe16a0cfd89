//! Counting a range of a Parquet file's row groups ([`push_parquet_range`]), the way a
//! cluster splits one register among its tasks: each task counts its row groups with the
//! same reader as [`push_parquet_checked`], and finds the households given twice exactly
//! as one process reading every file would, once the rows before its range that can matter
//! were added to its check ([`prime_parquet_range`]).

use std::ops::Range;

use fupin_core::assess::TallyStream;
use fupin_core::household::DuplicateCheck;

use crate::columns::ColumnMap;
use crate::error::ArrowError;
use crate::parquet_count::{Keys, Opened, ParquetCount, push_checked_opened};

/// Which row groups of a Parquet file [`push_parquet_range`] and [`prime_parquet_range`]
/// read, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct GroupRange {
    /// The row groups, by their index in the file (from 0; the end is excluded, and
    /// `usize::MAX` as the end means the file's last row group).
    pub groups: Range<usize>,
    /// Rows a batch of the Arrow reader holds (row groups that are not decoded from their
    /// pages).
    pub batch_rows: usize,
    /// Threads counting the row groups (0: the machine's parallelism).
    pub threads: usize,
}

impl GroupRange {
    /// The row groups `groups`, 65,536 rows a batch, on every core.
    pub fn new(groups: Range<usize>) -> Self {
        GroupRange {
            groups,
            batch_rows: 65_536,
            threads: 0,
        }
    }

    /// Every row group of the file, 65,536 rows a batch, on every core.
    pub fn all() -> Self {
        GroupRange::new(0..usize::MAX)
    }

    /// The same range counted on `threads` threads (0: the machine's parallelism).
    #[must_use]
    pub fn with_threads(mut self, threads: usize) -> Self {
        self.threads = threads;
        self
    }

    /// The same range read `batch_rows` rows a batch.
    #[must_use]
    pub fn with_batch_rows(mut self, batch_rows: usize) -> Self {
        self.batch_rows = batch_rows;
        self
    }

    /// The range, checked against the file's `groups` row groups.
    fn within(&self, groups: usize) -> Result<Range<usize>, ArrowError> {
        let mut r = self.groups.clone();
        if r.end == usize::MAX {
            r.end = groups;
        }
        if r.start > r.end || r.end > groups {
            return Err(ArrowError::RowGroups {
                start: r.start,
                end: r.end,
                groups,
            });
        }
        Ok(r)
    }
}

/// Counts the row groups `range` of the Parquet file at `path` into `stream`, as
/// [`push_parquet_checked`](crate::push_parquet_checked) counts a whole file: the same
/// reader (row groups decoded from their pages, on `range.threads` threads), every row
/// accepted or reported with its row in the file (rows numbered from 1, the first of the
/// file, whichever groups are read), and households given twice found by `check` (the file
/// begun in it as input `name`): a household seen before — in the range, or in rows added
/// to `check` before, e.g. by [`prime_parquet_range`] — is a rejected row
/// `duplicate_household` naming where the first one is, and is not counted. Without a
/// file-number column nothing is checked. The check keeps what it learnt of the range (8
/// bytes a row), so later ranges counted with it — of this file or of others — are checked
/// against it too.
///
/// Counting a file's row groups in several ranges, each into its own stream, and merging
/// the tallies gives the tally of the whole file, provided each range's `check` was first
/// given the rows before it that share a village with it ([`prime_parquet_range`]).
pub fn push_parquet_range(
    stream: &mut TallyStream,
    check: &mut DuplicateCheck,
    path: &std::path::Path,
    name: &str,
    map: &ColumnMap,
    range: &GroupRange,
) -> Result<ParquetCount, ArrowError> {
    let opened = Opened::open(path, map, 1)?;
    let groups = range.within(opened.groups())?;
    push_checked_opened(
        &opened,
        stream,
        check,
        (path, name, false),
        map,
        (range.batch_rows.max(1), range.threads),
        &|_| {},
        None,
        groups,
    )
}

/// Adds the households of the row groups `range` of the Parquet file at `path` to `check`
/// as input `name` (rows numbered from 1 in the file), counting nothing: what a task that
/// counts later rows with [`push_parquet_range`] must know of the rows before its range
/// for its households given twice to be those one process finds (the first row of a
/// household counts; a later one names where it is). Only the file-number and village
/// columns are read. Returns the rows added (0 when the file has no file-number column:
/// nothing is checked then).
pub fn prime_parquet_range(
    check: &mut DuplicateCheck,
    path: &std::path::Path,
    name: &str,
    map: &ColumnMap,
    range: &GroupRange,
) -> Result<usize, ArrowError> {
    let opened = Opened::open(path, map, 1)?;
    let groups = range.within(opened.groups())?;
    let schema = opened.schema();
    let (Some(number), Some(village)) =
        (map.find(schema, "file_number"), map.find(schema, "village"))
    else {
        return Ok(0);
    };
    let keys = Keys::of(&opened, number, village);
    check.begin_file(name, false);
    let mut rows = 0;
    let mut seen = Vec::new();
    for g in groups {
        let runs = keys.runs_arrow(&opened, path, g, range.batch_rows.max(1))?;
        let (first, end) = opened.rows(g);
        // households given twice among these rows are the earlier task's to report
        let added = runs.add_to(check, first, &mut seen);
        runs.recycle();
        if added.is_err() {
            return Err(ArrowError::Worker("adding earlier rows to the check"));
        }
        seen.clear();
        rows += end - first;
    }
    Ok(rows)
}
