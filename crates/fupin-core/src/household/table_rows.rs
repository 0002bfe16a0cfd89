//! [`TableHouseholds`]: the households of a table (rows of a CSV, Excel or Parquet register)
//! or of a file of records counted by the assessment, checked for households given twice,
//! with a [`DuplicateCheck`] of their own or among the
//! records of a [`RecordChecker`](super::RecordChecker)'s run — before its tables of
//! duplicates were spilled (large inputs) looked up at once, after it written to the
//! spill and found at the end with the records' ([`RecordChecker::finish`](super::RecordChecker::finish)).

use super::check::HouseholdKeys;
use super::duplicates::{DuplicateCheck, Location, Seen};
use super::fingerprint::fingerprint_bytes;
use super::late::Late;
use crate::error::Issue;

/// Where the rows go.
#[derive(Debug)]
enum Mode<'a> {
    /// Looked up at once.
    Now(&'a mut DuplicateCheck),
    /// Written to the spill of a run whose tables passed their budget: the rows' seqs in
    /// the spill (row, seq), to mark those rejected for another reason.
    Late {
        late: &'a mut Late,
        households: &'a DuplicateCheck,
        seqs: Vec<(usize, u64)>,
    },
}

/// The check of households given twice for the rows of one table (see the module's
/// docs): [`TableHouseholds::add`] each row, in order, then [`TableHouseholds::reject`]
/// the rows rejected for another reason. From a [`DuplicateCheck`] of one's own
/// (`From`), or [`RecordChecker::table_households`](super::RecordChecker::table_households)
/// among a run's records.
///
/// ```
/// use fupin_core::household::{DuplicateCheck, Seen, TableHouseholds};
///
/// let mut check = DuplicateCheck::new();
/// check.begin_file("a.csv", false);
/// let mut rows = TableHouseholds::from(&mut check);
/// assert_eq!(rows.add("522327104201", "S1", 1), Seen::New);
/// let Seen::Before(first) = rows.add("522327104201", "S1", 2) else { panic!() };
/// assert_eq!(rows.issue(2, "户编号", "S1", first).path.to_string(), "[2].户编号");
/// ```
#[derive(Debug)]
pub struct TableHouseholds<'a> {
    mode: Mode<'a>,
}

impl<'a> From<&'a mut DuplicateCheck> for TableHouseholds<'a> {
    fn from(check: &'a mut DuplicateCheck) -> Self {
        TableHouseholds {
            mode: Mode::Now(check),
        }
    }
}

impl<'a> TableHouseholds<'a> {
    /// After the switch of a run (its spill, the check holding the inputs' names).
    pub(crate) fn late(late: &'a mut Late, households: &'a DuplicateCheck) -> Self {
        TableHouseholds {
            mode: Mode::Late {
                late,
                households,
                seqs: Vec::new(),
            },
        }
    }

    /// The file numbers are in column `column` (the path of the duplicates found at the
    /// end; those found at once are named by [`TableHouseholds::issue`]'s caller).
    pub fn in_column(&mut self, column: &str) {
        if let Mode::Late {
            late, households, ..
        } = &mut self.mode
        {
            late.column(households.current_file(), column);
        }
    }

    /// Row `row` (numbered as in the problems) of the table begun last, a household of
    /// `village` (as written) and file number `file_number` (a blank one is not checked).
    /// [`Seen::Before`] when it was seen before (the caller rejects the row, with
    /// [`TableHouseholds::issue`]); after a run's switch always [`Seen::New`], the
    /// duplicates then being found at the end.
    pub fn add(&mut self, village: &str, file_number: &str, row: usize) -> Seen {
        match &mut self.mode {
            Mode::Now(check) => check.add(village, file_number, row),
            Mode::Late {
                late,
                households,
                seqs,
            } => {
                let number = file_number.trim();
                if number.is_empty() {
                    return Seen::New;
                }
                let village = village.trim();
                let at = Location {
                    file: households.current_file(),
                    row: u32::try_from(row).unwrap_or(u32::MAX),
                };
                let seq = late.add_row(
                    village,
                    fingerprint_bytes(village.as_bytes()),
                    fingerprint_bytes(number.as_bytes()),
                    at,
                    number,
                );
                seqs.push((row, seq));
                Seen::New
            }
        }
    }

    /// A household record of the input begun last, numbered `row` (as in the problems),
    /// known by `keys` (its village and file number, or failing that its members) with
    /// file number `number`: the problem when it was given before (`duplicate_household`,
    /// at `[row].file_number`, naming the first), else `None` — always `None` after a
    /// run's switch, the duplicates then being found at the end.
    pub fn add_record(
        &mut self,
        keys: &HouseholdKeys,
        number: impl FnOnce() -> String,
        row: usize,
    ) -> Option<Issue> {
        match &mut self.mode {
            Mode::Now(check) => {
                if let Some(fp) = keys.number
                    && let Seen::Before(first) = check.add_keyed(keys.village_key, fp, row)
                {
                    let village = keys.village.to_statistical();
                    return Some(check.issue_in(row, "file_number", &village, &number(), first));
                }
                match keys.members.map(|fp| check.add_members_keyed(fp, row)) {
                    Some(Seen::Before(first)) => Some(check.members_issue(row, first)),
                    _ => None,
                }
            }
            Mode::Late {
                late,
                households,
                seqs,
            } => {
                let at = Location {
                    file: households.current_file(),
                    row: u32::try_from(row).unwrap_or(u32::MAX),
                };
                let seq = late.add(None, &[], Some(keys), at, number);
                seqs.push((row, seq));
                None
            }
        }
    }

    /// The problem of row `row`, whose file number `file_number` in column `column` was
    /// seen `first` ([`DuplicateCheck::issue`]).
    pub fn issue(&self, row: usize, column: &str, file_number: &str, first: Location) -> Issue {
        match &self.mode {
            Mode::Now(check) => check.issue(row, column, file_number, first),
            Mode::Late { households, .. } => {
                households.issue_in(row, column, "", file_number, first)
            }
        }
    }

    /// [`DuplicateCheck::add_people`] of a household record at data row `row` (the check of one's
    /// own; after the switch of a run, none: the run's record checker finds people given
    /// twice itself).
    pub fn add_people(&mut self, row: usize, h: &super::Household) -> crate::Issues {
        match &mut self.mode {
            Mode::Now(check) => check.add_people(row, h),
            Mode::Late { .. } => crate::Issues::new(),
        }
    }

    /// Row `row` was rejected for another reason: a duplicate found at the end does not
    /// reject it again.
    pub fn reject(&mut self, row: usize) {
        if let Mode::Late { late, seqs, .. } = &mut self.mode
            && let Ok(i) = seqs.binary_search_by_key(&row, |s| s.0)
            && let Some((_, seq)) = seqs.get(i)
        {
            late.reject(*seq);
        }
    }
}
