//! Counting a Parquet register on every core ([`push_parquet`]), its households given twice
//! found in the same pass ([`push_parquet_checked`]).
//!
//! Each row group is one task. A clean row group of the usual layouts is decoded from its
//! pages straight into the core's columns (see `parquet_pages`); anything else goes
//! through the Arrow reader. With the check of households given twice, the task first
//! reads the group's villages and the fingerprints of its file numbers (from the pages
//! too: the village column is read once, for the check and for the count), then takes its
//! turn at the [`DuplicateCheck`] — the groups are checked in the order of the rows, each
//! as soon as the ones before it were — and then counts the group: from its pages when none
//! of its households was seen before (the usual case), else through the Arrow reader,
//! leaving those households out (they are rejected rows naming where the first one is).

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

use fupin_core::Issue;
use fupin_core::assess::{RowReport, TallyStream};
use fupin_core::household::{DuplicateCheck, Location};
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::ArrowReaderMetadata;

use crate::columns::ColumnMap;
use crate::duplicates::GroupRuns;
use crate::error::ArrowError;
use crate::parallel::{add_report, default_threads, run_forked, sort_rejected};

/// A row group's village column read from its pages (for the check, then for the count).
#[cfg(feature = "pages")]
type PageVillages = crate::parquet_pages::Villages;

/// Without the page decoder (feature `pages`) no village column is read ahead.
#[cfg(not(feature = "pages"))]
type PageVillages = std::convert::Infallible;

/// A row group decoded from its pages into the core's columns.
#[cfg(feature = "pages")]
pub(crate) type PageGroup = crate::parquet_pages::Group;

/// Without the page decoder (feature `pages`) no row group is decoded from its pages.
#[cfg(not(feature = "pages"))]
pub(crate) type PageGroup = std::convert::Infallible;

/// What [`push_parquet`] counted.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct ParquetCount {
    /// Every row of the file, accepted or rejected (rows numbered from `row_offset`).
    pub report: RowReport,
    /// Row groups read.
    pub row_groups: usize,
    /// Of those, the row groups decoded straight from their pages into the core's columns
    /// (clean cells in the usual layouts); the others went through the Arrow reader, which
    /// reports every problem. Both ways count alike.
    pub from_pages: usize,
    /// The names of the file's columns, in order (to say which were read and which
    /// ignored).
    pub columns: Vec<String>,
}

/// Hears of the rejected rows of each row group (its index, its issues sorted by row) as
/// soon as the group is counted, from any thread; each group once.
pub type OnRejected<'a> = &'a (dyn Fn(usize, fupin_core::Issues) + Sync);

/// A Parquet register opened for counting: its metadata, the columns to read, the first
/// row of each row group.
pub(crate) struct Opened {
    /// The file's schema as written.
    schema: arrow_schema::SchemaRef,
    /// The metadata, text columns of villages and statuses read as dictionaries.
    meta: ArrowReaderMetadata,
    /// The columns the count reads.
    mask: ProjectionMask,
    /// How clean row groups are decoded from their pages (`None`: never).
    #[cfg(feature = "pages")]
    pages: Option<crate::parquet_pages::Plan>,
    /// The number of the first row of each row group, and of the row after the last.
    starts: Vec<usize>,
    end: usize,
}

impl Opened {
    pub(crate) fn open(
        path: &std::path::Path,
        map: &ColumnMap,
        row_offset: usize,
    ) -> Result<Opened, ArrowError> {
        let file = std::fs::File::open(path)?;
        let plain = crate::parquet_io::guarded(|| {
            let plain = ArrowReaderMetadata::load(&file, crate::parquet_io::options())?;
            crate::parquet_io::check_metadata(plain.metadata())?;
            Ok(plain)
        })?;
        let schema = plain.schema().clone();
        map.check_register(&schema)?;
        let wanted: Vec<usize> = crate::columns::HOUSEHOLD_FIELDS
            .iter()
            .filter(|f| **f != "file_number")
            .filter_map(|f| map.find(&schema, f))
            .collect();
        if !wanted
            .iter()
            .any(|i| Some(*i) == map.find(&schema, "village"))
        {
            return Err(ArrowError::MissingColumn {
                field: "village".to_owned(),
                accepted: map.names("village").join(", "),
            });
        }
        // keep the dictionary encoding of the text columns whose values repeat
        let dictionary: Vec<usize> = ["village", "status"]
            .iter()
            .filter_map(|f| map.find(&schema, f))
            .collect();
        let fields: Vec<arrow_schema::FieldRef> = schema
            .fields()
            .iter()
            .enumerate()
            .map(|(i, f)| {
                if dictionary.contains(&i)
                    && matches!(
                        f.data_type(),
                        arrow_schema::DataType::Utf8 | arrow_schema::DataType::LargeUtf8
                    )
                {
                    std::sync::Arc::new(f.as_ref().clone().with_data_type(
                        arrow_schema::DataType::Dictionary(
                            Box::new(arrow_schema::DataType::Int32),
                            Box::new(f.data_type().clone()),
                        ),
                    ))
                } else {
                    f.clone()
                }
            })
            .collect();
        let hinted = arrow_schema::Schema::new_with_metadata(fields, schema.metadata().clone());
        let meta = crate::parquet_io::guarded(|| {
            Ok(ArrowReaderMetadata::try_new(
                plain.metadata().clone(),
                crate::parquet_io::options().with_schema(std::sync::Arc::new(hinted)),
            )
            .or_else(|_| {
                ArrowReaderMetadata::try_new(plain.metadata().clone(), crate::parquet_io::options())
            })?)
        })?;
        let mask = ProjectionMask::roots(meta.parquet_schema(), wanted);
        // clean row groups of the usual layouts are decoded from their pages straight into
        // the core's columns; anything else goes through the Arrow reader
        #[cfg(feature = "pages")]
        let pages = crate::parquet_pages::plan(meta.metadata(), &schema, map);
        let groups = meta.metadata().row_groups();
        let mut starts = Vec::with_capacity(groups.len());
        let mut at = row_offset;
        for g in groups {
            starts.push(at);
            at = at.saturating_add(usize::try_from(g.num_rows()).unwrap_or(0));
        }
        Ok(Opened {
            schema,
            meta,
            mask,
            #[cfg(feature = "pages")]
            pages,
            starts,
            end: at,
        })
    }

    /// The file's schema as written.
    pub(crate) fn schema(&self) -> &arrow_schema::Schema {
        &self.schema
    }

    /// The metadata, text columns of villages and statuses read as dictionaries.
    pub(crate) fn meta(&self) -> &ArrowReaderMetadata {
        &self.meta
    }

    pub(crate) fn groups(&self) -> usize {
        self.starts.len()
    }

    /// The rows of row group `g`: its first row and the row after its last.
    pub(crate) fn rows(&self, g: usize) -> (usize, usize) {
        let first = self.starts.get(g).copied().unwrap_or(self.end);
        (first, self.starts.get(g + 1).copied().unwrap_or(self.end))
    }

    /// Row group `g` decoded from its pages, or `None` when it is not read that way.
    #[cfg(feature = "pages")]
    pub(crate) fn decode_pages(
        &self,
        path: &std::path::Path,
        g: usize,
    ) -> Result<Option<PageGroup>, ArrowError> {
        let (Some(plan), Some(group)) = (&self.pages, self.meta.metadata().row_groups().get(g))
        else {
            return Ok(None);
        };
        let file = std::sync::Arc::new(std::fs::File::open(path)?);
        let decoded = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let v = crate::parquet_pages::villages(&file, group, plan)?;
            crate::parquet_pages::Group::decode(&file, group, plan, v)
        }));
        Ok(decoded.ok().flatten())
    }

    /// Without the page decoder (feature `pages`) no row group is decoded from its pages.
    #[cfg(not(feature = "pages"))]
    #[expect(
        clippy::unused_self,
        clippy::unnecessary_wraps,
        reason = "the signature of the page decoder's read"
    )]
    pub(crate) fn decode_pages(
        &self,
        _path: &std::path::Path,
        _g: usize,
    ) -> Result<Option<PageGroup>, ArrowError> {
        Ok(None)
    }

    /// Counts row group `g` from its pages (`villages`: its village column read already),
    /// or `None` when it is not read that way.
    #[cfg(feature = "pages")]
    fn count_pages(
        &self,
        fork: &mut TallyStream,
        path: &std::path::Path,
        g: usize,
        villages: Option<PageVillages>,
    ) -> Result<Option<RowReport>, ArrowError> {
        let (Some(plan), Some(group)) = (&self.pages, self.meta.metadata().row_groups().get(g))
        else {
            return Ok(None);
        };
        let file = std::sync::Arc::new(std::fs::File::open(path)?);
        let first = self.rows(g).0;
        let direct = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match villages {
            Some(v) => crate::parquet_pages::count_group_from(fork, &file, group, plan, first, v),
            None => crate::parquet_pages::count_group(fork, &file, group, plan, first),
        }));
        Ok(direct.ok().flatten())
    }

    /// Without the page decoder (feature `pages`) no row group is counted from its pages.
    #[cfg(not(feature = "pages"))]
    #[expect(
        clippy::unused_self,
        clippy::unnecessary_wraps,
        reason = "the signature of the page decoder's count"
    )]
    fn count_pages(
        &self,
        _fork: &mut TallyStream,
        _path: &std::path::Path,
        _g: usize,
        _villages: Option<PageVillages>,
    ) -> Result<Option<RowReport>, ArrowError> {
        Ok(None)
    }

    /// The runs of villages of row group `g` for the check of households given twice, and
    /// its village column, read from the pages — the inner runs whose file numbers
    /// strictly increase not fingerprinted while `distinct` holds (see
    /// `parquet_pages::sorted_runs`) — or `None` when they are not read that way.
    #[cfg(feature = "pages")]
    fn page_runs(
        &self,
        path: &std::path::Path,
        g: usize,
        distinct: &AtomicBool,
    ) -> Result<Option<(GroupRuns, PageVillages)>, ArrowError> {
        let Some(plan) = &self.pages else {
            return Ok(None);
        };
        let (Some(leaf), Some(meta)) = (plan.file_number, self.meta.metadata().row_groups().get(g))
        else {
            return Ok(None);
        };
        let file = std::sync::Arc::new(std::fs::File::open(path)?);
        let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let v = crate::parquet_pages::villages(&file, meta, plan)?;
            if distinct.load(Ordering::Relaxed) {
                if let Some(runs) = crate::parquet_pages::sorted_runs(&file, meta, leaf, &v) {
                    return Some((runs, v));
                }
                // mostly not sorted by file number: every row fingerprinted from now on
                distinct.store(false, Ordering::Relaxed);
            }
            let fps = crate::parquet_pages::file_numbers(
                &file,
                meta,
                leaf,
                crate::spare::take_fingerprints(),
            )?;
            let blank = fupin_core::household::fingerprint_bytes(b"");
            let runs = GroupRuns::from_parts(fps, |i| {
                v.keys
                    .get(i)
                    .and_then(|k| v.dict.get(*k as usize))
                    .map_or(blank, |d| d.1)
            });
            Some((runs, v))
        }));
        Ok(read.ok().flatten())
    }

    /// Without the page decoder (feature `pages`) the check reads every row group
    /// through the Arrow reader.
    #[cfg(not(feature = "pages"))]
    #[expect(
        clippy::unused_self,
        clippy::unnecessary_wraps,
        reason = "the signature of the page decoder's read"
    )]
    fn page_runs(
        &self,
        _path: &std::path::Path,
        _g: usize,
        _distinct: &AtomicBool,
    ) -> Result<Option<(GroupRuns, PageVillages)>, ArrowError> {
        Ok(None)
    }

    /// Counts row group `g`: from its pages (`villages`: its village column read already)
    /// when no row is left out and it is read that way (then counted in `from_pages`), else
    /// through the Arrow reader, `batch_rows` at a time, but the rows `skipped` (row
    /// numbers, ascending).
    #[expect(
        clippy::too_many_arguments,
        reason = "the group, where it is read from, and how"
    )]
    fn count_group(
        &self,
        fork: &mut TallyStream,
        path: &std::path::Path,
        map: &ColumnMap,
        g: usize,
        batch_rows: usize,
        villages: Option<PageVillages>,
        skipped: &[usize],
        from_pages: &AtomicUsize,
    ) -> Result<RowReport, ArrowError> {
        if skipped.is_empty()
            && let Some(report) = self.count_pages(fork, path, g, villages)?
        {
            from_pages.fetch_add(1, Ordering::Relaxed);
            return Ok(report);
        }
        self.count_arrow(fork, path, map, g, batch_rows, skipped)
    }

    /// What was counted: `report`, of which `from_pages` row groups from their pages.
    fn counted(&self, report: RowReport, from_pages: AtomicUsize) -> ParquetCount {
        ParquetCount {
            report,
            row_groups: self.groups(),
            from_pages: from_pages.into_inner(),
            columns: self
                .schema
                .fields()
                .iter()
                .map(|f| f.name().clone())
                .collect(),
        }
    }

    /// Counts row group `g` through the Arrow reader, `batch_rows` at a time, but the rows
    /// `skipped` (row numbers, ascending).
    fn count_arrow(
        &self,
        fork: &mut TallyStream,
        path: &std::path::Path,
        map: &ColumnMap,
        g: usize,
        batch_rows: usize,
        skipped: &[usize],
    ) -> Result<RowReport, ArrowError> {
        let mut at = self.rows(g).0;
        let mut report = RowReport::default();
        for batch in crate::parquet_io::group_batches(path, &self.meta, &self.mask, g, batch_rows)?
        {
            let batch = batch?;
            let n = batch.num_rows();
            let here: Vec<usize> = skipped
                .iter()
                .filter(|r| (at..at + n).contains(*r))
                .map(|r| r - at)
                .collect();
            add_report(
                &mut report,
                crate::duplicates::push_except(fork, &batch, map, at, &here)?,
            );
            at += n;
        }
        Ok(report)
    }
}

/// A group's rejected rows handed on (sorted by row), or kept in its report.
fn hand_on(on_rejected: Option<OnRejected<'_>>, g: usize, mut report: RowReport) -> RowReport {
    if let Some(f) = on_rejected {
        let mut rejected = std::mem::take(&mut report.rejected);
        rejected.0.sort_by_key(|i| i.path.first_index());
        f(g, rejected);
    }
    report
}

fn threads_or_default(threads: usize) -> usize {
    if threads == 0 {
        default_threads()
    } else {
        threads
    }
}

/// Counts the households of a Parquet file into `stream`, its row groups decoded and
/// counted on up to `threads` threads (0: the machine's parallelism). Only the columns
/// `map` names for the register are decoded, and text columns of village codes and
/// statuses keep their dictionary encoding (each distinct code is parsed once per row
/// group). Rows are numbered from `row_offset`; `on_rows` hears of each batch's rows (for
/// progress), from any thread.
///
/// The result is the same as reading the batches one by one into
/// [`push_households_fast`](crate::push_households_fast): every row is accepted or
/// reported. Households given twice are not looked for (see [`push_parquet_checked`]).
pub fn push_parquet(
    stream: &mut TallyStream,
    path: &std::path::Path,
    map: &ColumnMap,
    batch_rows: usize,
    threads: usize,
    row_offset: usize,
    on_rows: &(dyn Fn(usize) + Sync),
) -> Result<ParquetCount, ArrowError> {
    let opened = Opened::open(path, map, row_offset)?;
    let groups = 0..opened.groups();
    count_unchecked(
        stream, &opened, path, map, batch_rows, threads, on_rows, None, groups,
    )
}

/// [`push_parquet`] of a file opened already, its row groups `groups`; with `on_rejected`,
/// the rejected rows of each row group go to it as they are found instead of into
/// [`ParquetCount::report`] (whose counts stay whole): memory does not grow with the
/// rejected rows of a file.
#[expect(
    clippy::too_many_arguments,
    reason = "push_parquet's arguments, the receiver of the rejected rows and the row groups"
)]
fn count_unchecked(
    stream: &mut TallyStream,
    opened: &Opened,
    path: &std::path::Path,
    map: &ColumnMap,
    batch_rows: usize,
    threads: usize,
    on_rows: &(dyn Fn(usize) + Sync),
    on_rejected: Option<OnRejected<'_>>,
    groups: std::ops::Range<usize>,
) -> Result<ParquetCount, ArrowError> {
    let from_pages = AtomicUsize::new(0);
    let batch_rows = batch_rows.max(1);
    // each row group is read through its own handle: handles cloned from one file would
    // share its read position between threads
    let report = run_forked(
        stream,
        groups.len(),
        threads_or_default(threads),
        "reading Parquet",
        |fork, i| {
            let g = groups.start + i;
            let report =
                opened.count_group(fork, path, map, g, batch_rows, None, &[], &from_pages)?;
            on_rows(report.rows);
            Ok(hand_on(on_rejected, g, report))
        },
    )?;
    let mut counted = opened.counted(report, from_pages);
    counted.row_groups = groups.len();
    Ok(counted)
}

/// The check of households given twice, taken by the row groups in turn (in the order of
/// their rows), each as soon as the groups before it had theirs.
struct Turn<'c> {
    state: Mutex<TurnState<'c>>,
    moved: Condvar,
}

struct TurnState<'c> {
    /// The row group whose turn it is.
    next: usize,
    /// The count stopped (an error, or a file not sorted by village): no more turns.
    stopped: bool,
    /// It stopped because a village came back after it was forgotten.
    unsorted: bool,
    /// The first error of a row group.
    error: Option<ArrowError>,
    check: &'c mut DuplicateCheck,
}

/// What a row group gets when the count stopped elsewhere.
const STOPPED_IN: &str = "checking households given twice";

fn stopped() -> ArrowError {
    ArrowError::Worker(STOPPED_IN)
}

impl<'c> Turn<'c> {
    fn new(check: &'c mut DuplicateCheck, first: usize) -> Self {
        Turn {
            state: Mutex::new(TurnState {
                next: first,
                stopped: false,
                unsorted: false,
                error: None,
                check,
            }),
            moved: Condvar::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, TurnState<'c>> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Adds the runs of row group `g` (its first row `first`) to the check once the groups
    /// before it were added: the rows seen before, with where (`Err` when the count
    /// stopped).
    fn take(
        &self,
        g: usize,
        first: usize,
        runs: &GroupRuns,
    ) -> Result<Vec<(usize, Location)>, ArrowError> {
        let mut s = self.lock();
        while s.next != g && !s.stopped {
            s = self.moved.wait(s).unwrap_or_else(PoisonError::into_inner);
        }
        if s.stopped {
            return Err(stopped());
        }
        let mut twice = Vec::new();
        if runs.add_to(&mut *s.check, first, &mut twice).is_err() {
            s.unsorted = true;
            s.stopped = true;
            self.moved.notify_all();
            return Err(stopped());
        }
        s.next += 1;
        self.moved.notify_all();
        Ok(twice)
    }

    /// Stops the count: no group takes its turn any more (`e`: the first error, kept).
    fn stop(&self, e: ArrowError) {
        let mut s = self.lock();
        if s.error.is_none() && !matches!(e, ArrowError::Worker(w) if w == STOPPED_IN) {
            s.error = Some(e);
        }
        s.stopped = true;
        self.moved.notify_all();
    }
}

/// Where the file-number and village columns are in the batches of a [`Keys`] read.
pub(crate) struct Keys {
    mask: ProjectionMask,
    number_at: usize,
    village_at: usize,
    /// The name of the file-number column (the path of a rejected row).
    column: String,
}

impl Keys {
    pub(crate) fn of(opened: &Opened, number: usize, village: usize) -> Keys {
        let mask = ProjectionMask::roots(opened.meta.parquet_schema(), [number, village]);
        Keys {
            mask,
            number_at: usize::from(village < number),
            village_at: usize::from(number < village),
            column: opened
                .schema
                .fields()
                .get(number)
                .map_or_else(|| "file_number".to_owned(), |f| f.name().clone()),
        }
    }

    /// The runs of villages of row group `g` read through the Arrow reader.
    pub(crate) fn runs_arrow(
        &self,
        opened: &Opened,
        path: &std::path::Path,
        g: usize,
        batch_rows: usize,
    ) -> Result<GroupRuns, ArrowError> {
        let mut keys = Vec::new();
        for batch in
            crate::parquet_io::group_batches(path, &opened.meta, &self.mask, g, batch_rows)?
        {
            crate::duplicates::keys_into(
                &batch?,
                self.number_at,
                Some(self.village_at),
                &mut keys,
            )?;
        }
        Ok(GroupRuns::of(&keys))
    }

    /// The rejected rows of the households of row group `g` seen before (`twice`: rows and
    /// where, in row order): their file numbers and villages read again.
    fn issues(
        &self,
        opened: &Opened,
        path: &std::path::Path,
        g: usize,
        batch_rows: usize,
        twice: &[(usize, Location)],
        turn: &Turn<'_>,
    ) -> Result<Vec<Issue>, ArrowError> {
        let mut out = Vec::with_capacity(twice.len());
        let mut start = opened.rows(g).0;
        let mut k = 0;
        for batch in
            crate::parquet_io::group_batches(path, &opened.meta, &self.mask, g, batch_rows)?
        {
            let batch = batch?;
            let n = batch.num_rows();
            let texts = crate::duplicates::texts_at(&batch, self.number_at, self.village_at)?;
            while let Some((row, first)) = twice.get(k).copied() {
                if row >= start + n {
                    break;
                }
                let (number, village) = texts.get(row - start);
                out.push(
                    turn.lock()
                        .check
                        .issue_in(row, &self.column, village, number, first),
                );
                k += 1;
            }
            start += n;
        }
        Ok(out)
    }
}

/// [`push_parquet`] finding the households given twice in the same pass: the file is
/// begun in `check` as input `name` (`last`: no input follows, so the runs of its villages
/// are forgotten as they end — and the file counted again keeping them if it turns out not
/// to be sorted by village), each row group's rows are added to it in the order of the
/// rows, and a household seen before (by an earlier input or by an earlier row) is a
/// rejected row of its group (`duplicate_household`, naming where the first one is) and is
/// not counted. Without a file-number column nothing is checked. With `on_rejected`, the
/// rejected rows of each row group go to it as they are found instead of into
/// [`ParquetCount::report`] (whose counts stay whole): memory does not grow with the
/// rejected rows of a file.
///
/// Groups counted again are not handed to `on_rows` or `on_rejected` twice. The
/// file-number and village columns are decoded from the pages with the others (no Arrow
/// arrays, the file numbers fingerprinted as they are read), and only a row group with a
/// household seen before is read again through the Arrow reader, without those rows.
#[expect(
    clippy::too_many_arguments,
    reason = "push_parquet's arguments, the check and the name of the input, the receiver of the rejected rows"
)]
pub fn push_parquet_checked(
    stream: &mut TallyStream,
    check: &mut DuplicateCheck,
    path: &std::path::Path,
    name: &str,
    last: bool,
    map: &ColumnMap,
    batch_rows: usize,
    threads: usize,
    row_offset: usize,
    on_rows: &(dyn Fn(usize) + Sync),
    on_rejected: Option<OnRejected<'_>>,
) -> Result<ParquetCount, ArrowError> {
    let opened = Opened::open(path, map, row_offset)?;
    let groups = 0..opened.groups();
    push_checked_opened(
        &opened,
        stream,
        check,
        (path, name, last),
        map,
        (batch_rows, threads),
        on_rows,
        on_rejected,
        groups,
    )
}

/// [`push_parquet_checked`] of the file `opened`, only its row groups `groups`.
#[expect(
    clippy::too_many_arguments,
    reason = "push_parquet_checked's arguments and the row groups"
)]
pub(crate) fn push_checked_opened(
    opened: &Opened,
    stream: &mut TallyStream,
    check: &mut DuplicateCheck,
    (path, name, last): (&std::path::Path, &str, bool),
    map: &ColumnMap,
    (batch_rows, threads): (usize, usize),
    on_rows: &(dyn Fn(usize) + Sync),
    on_rejected: Option<OnRejected<'_>>,
    groups: std::ops::Range<usize>,
) -> Result<ParquetCount, ArrowError> {
    check.begin_file(name, last);
    let (Some(number), Some(village)) = (
        map.find(&opened.schema, "file_number"),
        map.find(&opened.schema, "village"),
    ) else {
        return count_unchecked(
            stream,
            opened,
            path,
            map,
            batch_rows,
            threads,
            on_rows,
            on_rejected,
            groups,
        );
    };
    let keys = Keys::of(opened, number, village);
    let batch_rows = batch_rows.max(1);
    let threads = threads_or_default(threads);
    // groups handed on already (when the file is counted again)
    let handed: Vec<AtomicBool> = (0..opened.groups())
        .map(|_| AtomicBool::new(false))
        .collect();
    for attempt in 0..2 {
        let from_pages = AtomicUsize::new(0);
        // the inner runs of a group whose file numbers strictly increase are not
        // fingerprinted (a file checked again fingerprints every row)
        let distinct = AtomicBool::new(check.takes_distinct_runs());
        let turn = Turn::new(check, groups.start);
        let group = |fork: &mut TallyStream, g: usize| -> Result<RowReport, ArrowError> {
            let (first, end) = opened.rows(g);
            // the group's villages and file numbers, from the pages when they can be
            let (runs, villages) = match opened.page_runs(path, g, &distinct)? {
                Some((runs, v)) => (runs, Some(v)),
                None => (keys.runs_arrow(opened, path, g, batch_rows)?, None),
            };
            let twice = turn.take(g, first, &runs);
            runs.recycle();
            let twice = twice?;
            let skip: Vec<usize> = twice.iter().map(|(row, _)| *row).collect();
            let mut report =
                opened.count_group(fork, path, map, g, batch_rows, villages, &skip, &from_pages)?;
            if !twice.is_empty() {
                let found = keys.issues(opened, path, g, batch_rows, &twice, &turn)?;
                report.rejected.0.extend(found);
                sort_rejected(&mut report);
            }
            if handed
                .get(g)
                .is_some_and(|h| !h.swap(true, Ordering::Relaxed))
            {
                on_rows(end - first);
                return Ok(hand_on(on_rejected, g, report));
            }
            // handed on in the first attempt: only counted now
            if on_rejected.is_some() {
                report.rejected.0.clear();
            }
            Ok(report)
        };
        // on one thread the groups are counted into the stream itself: into a fork of it
        // when the count may stop half way (a last input not sorted by village) — on
        // several, into forks joined only when all went well
        let one_thread = threads.min(groups.len()) <= 1;
        let mut aside = (one_thread && last).then(|| stream.fork());
        let target = match aside.as_mut() {
            Some(fork) => fork,
            None => &mut *stream,
        };
        let result = run_forked(
            target,
            groups.len(),
            threads,
            "reading Parquet",
            |fork, i| {
                let g = groups.start + i;
                let result =
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| group(fork, g)))
                        .unwrap_or(Err(ArrowError::Worker("reading Parquet")));
                if let Err(e) = result {
                    turn.stop(e);
                    return Err(stopped());
                }
                result
            },
        );
        let state = turn
            .state
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        match result {
            Ok(report) => {
                if let Some(fork) = aside {
                    stream.join(fork);
                }
                let mut counted = opened.counted(report, from_pages);
                counted.row_groups = groups.len();
                return Ok(counted);
            }
            Err(e) => {
                if let Some(e) = state.error {
                    return Err(e);
                }
                if !(state.unsorted && attempt == 0) {
                    return Err(e);
                }
            }
        }
        // not sorted by village: counted again, keeping every village's rows (nothing of
        // the first attempt was counted: its forks were not joined)
        check.restart_file();
    }
    Err(stopped())
}
