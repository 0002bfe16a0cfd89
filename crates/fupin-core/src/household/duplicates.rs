//! [`DuplicateCheck`]: the same household given twice — twice in one file, the same file
//! twice, the same rows as CSV and as JSON Lines — across every input of one run. The first
//! row counts; every later one is a rejected row naming where the first one is.
//!
//! A household is known by its village and its file number (档案编号, 户编号) as the input
//! writes them. Only 64-bit fingerprints are kept, never the numbers: a stable hash
//! ([`fingerprint`](super::fingerprint)) of the trimmed text. Two different file numbers of one village share a
//! fingerprint with a probability of about `k² / 2⁶⁵` for a village of `k` households, below
//! 10⁻⁹ for the whole national register (the pair of village and number is hashed, and
//! numbers are only compared within a village; were every household of the register in one
//! table, about 2.6·10⁻⁵); were it to happen, the later household
//! would be rejected as a duplicate of the other, naming both rows, so a reader can see it.
//!
//! Memory follows the way the register is sorted. Registers come sorted by village: the
//! rows of a village are one run, and only the fingerprints of the current run are looked
//! up (a small table, reused). When a village comes back (another run of it in the same
//! file, or in a later input), the fingerprints of its earlier runs are put in an index and
//! every later row of that village is looked up there. Earlier runs are kept as 8 bytes a
//! row ([`DuplicateCheck::retained_bytes`]); for the last input of a run the caller may say
//! so ([`DuplicateCheck::begin_file`] with `last`), and then a run is forgotten when it
//! ends — should its village come back later in that file,
//! [`DuplicateCheck::add`] answers [`Seen::Unsorted`] and the caller checks the file again
//! keeping every run. The national register (31 million households, sorted by village, one
//! file) thus needs a few kilobytes beyond its largest village.

use super::fingerprint::{Table, fingerprint_bytes, members_fingerprint, mix};
use super::fp_table::FpTable;
use crate::error::{Issue, Path};

/// Where a household was first seen: the input (numbered by [`DuplicateCheck::begin_file`]
/// from 0) and the data row (from 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    /// The input, in the order the inputs were begun (from 0).
    pub file: u32,
    /// The data row (1 = the first after the header).
    pub row: u32,
}

impl Location {
    pub(crate) fn packed(self) -> u64 {
        (u64::from(self.file) << 32) | u64::from(self.row)
    }
    pub(crate) fn unpacked(p: u64) -> Location {
        Location {
            file: (p >> 32) as u32,
            row: (p & u64::from(u32::MAX)) as u32,
        }
    }
}

/// What [`DuplicateCheck::add`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seen {
    /// The first row of this household: it counts.
    New,
    /// The household was seen before, there.
    Before(Location),
    /// The village came back in a file begun as the last one, after its earlier run was
    /// forgotten: check the file again with [`DuplicateCheck::begin_file`]`(…, false)`.
    Unsorted,
}

/// A run of rows of one village, one after the other, in one input.
#[derive(Debug, Clone, Copy)]
struct Run {
    file: u32,
    first_row: u32,
    /// Where its fingerprints start in the arena (`None`: forgotten).
    at: Option<u32>,
    len: u32,
    /// The village's run before this one (`u32::MAX`: none).
    previous: u32,
}

/// What is known of a village.
#[derive(Debug, Clone, Copy)]
struct Village {
    /// Its latest run (the others are linked from it).
    last_run: u32,
    /// Its households are in the index (it came back).
    indexed: bool,
}

/// Finds households given twice across the inputs of one run (see the module's docs):
/// rows are added in the order of the inputs and of their rows, and the first row of a
/// household is the one that counts.
///
/// ```
/// use fupin_core::household::{DuplicateCheck, Seen, Location};
///
/// let mut check = DuplicateCheck::new();
/// check.begin_file("a.csv", false);
/// assert_eq!(check.add("522327104201", "S1", 1), Seen::New);
/// assert_eq!(check.add("522327104201", "S2", 2), Seen::New);
/// check.begin_file("b.jsonl", true);
/// assert_eq!(check.add("522327104201", "S2", 7), Seen::Before(Location { file: 0, row: 2 }));
/// let issue = check.issue(7, "file_number", "S2", Location { file: 0, row: 2 });
/// assert_eq!(issue.code, "duplicate_household");
/// assert_eq!(issue.message, "household file number `S2` of village `522327104201` is already at a.csv row 2");
/// # let _ = issue;
/// ```
#[derive(Debug, Default)]
pub struct DuplicateCheck {
    files: Vec<String>,
    /// The current input is the last: runs are forgotten when they end.
    last: bool,
    villages: Table<Village>,
    runs: Vec<Run>,
    /// Fingerprints of the rows of kept runs, in row order.
    arena: Vec<u64>,
    /// The current run: its village key, the next row, its fingerprints → rows.
    current: Option<(u64, u32)>,
    run_set: Table<u32>,
    /// The current run's village is in the index.
    current_indexed: bool,
    /// The current run was added whole: `run_set` is not filled yet.
    run_set_stale: bool,
    /// Villages that came back: (village, fingerprint) → packed location.
    index: FpTable,
    /// Household records: fingerprint of the sorted members' ID numbers → packed location.
    members: FpTable,
    /// The last village text seen, and its key (most rows repeat it).
    last_village: (String, u64),
    /// No village was known when the current input began.
    fresh: bool,
    /// The people of the household records fed ([`DuplicateCheck::add_people`]): the
    /// fingerprint of each ID number → where it was first (input, row, member).
    people: std::collections::BTreeMap<u64, (u32, u32, u32)>,
}

impl DuplicateCheck {
    /// An empty check.
    pub fn new() -> Self {
        DuplicateCheck::default()
    }

    /// Begins the next input (named in messages); `last`: no input follows, so a village's
    /// run is forgotten when it ends (see [`Seen::Unsorted`]). Returns its number.
    pub fn begin_file(&mut self, name: &str, last: bool) -> u32 {
        self.end_run();
        self.files.push(name.to_owned());
        self.last = last;
        self.fresh = self.villages.is_empty();
        u32::try_from(self.files.len() - 1).unwrap_or(u32::MAX)
    }

    /// Checks again the input begun last, now keeping every run (after [`Seen::Unsorted`]):
    /// what was learnt from it is forgotten.
    pub fn restart_file(&mut self) {
        self.end_run();
        let file = u32::try_from(self.files.len().saturating_sub(1)).unwrap_or(u32::MAX);
        // the runs of this input are the last ones
        while self.runs.last().is_some_and(|r| r.file == file) {
            self.runs.pop();
        }
        let keep = self.runs.len();
        self.arena.truncate(
            self.runs
                .iter()
                .rev()
                .find_map(|r| r.at.map(|at| (at + r.len) as usize))
                .unwrap_or(0),
        );
        // a village whose latest run was of this input: back to its run before
        for v in self.villages.values_mut() {
            while v.last_run != u32::MAX && v.last_run as usize >= keep {
                v.last_run = self
                    .runs
                    .get(v.last_run as usize)
                    .map_or(u32::MAX, |r| r.previous);
            }
        }
        self.villages.retain(|_, v| v.last_run != u32::MAX);
        self.index.retain(|p| Location::unpacked(p).file != file);
        self.members.retain(|p| Location::unpacked(p).file != file);
        self.last = false;
    }

    /// The name of input `file`.
    pub fn file_name(&self, file: u32) -> &str {
        self.files.get(file as usize).map_or("", String::as_str)
    }

    fn village_key(&mut self, village: &str) -> u64 {
        let village = village.trim();
        if self.last_village.0 != village {
            let key = fingerprint_bytes(village.as_bytes());
            self.last_village = (village.to_owned(), key);
        }
        self.last_village.1
    }

    fn end_run(&mut self) {
        if self.current.take().is_none() {
            return;
        }
        self.run_set.clear();
        self.run_set_stale = false;
        if self.last {
            // forgotten: only a village that comes back needs it, and then the file is
            // checked again
            if let Some(run) = self.runs.last_mut()
                && let Some(at) = run.at.take()
            {
                self.arena.truncate(at as usize);
            }
        }
    }

    /// Adds the household of file number `file_number` in `village` at data row `row` (from
    /// 1) of the current input. Rows without a file number are not checked (`Seen::New`).
    pub fn add(&mut self, village: &str, file_number: &str, row: usize) -> Seen {
        let number = file_number.trim();
        if number.is_empty() {
            return Seen::New;
        }
        let v = self.village_key(village);
        self.add_keyed(v, fingerprint_bytes(number.as_bytes()), row)
    }

    /// [`DuplicateCheck::add`] with the village as a key (its [`fingerprint`](super::fingerprint)) and the file
    /// number's [`fingerprint`](super::fingerprint) (0: the row has no file number — it is not checked, but it
    /// keeps the village's run going, so that a village with a row without a number is
    /// not taken for one that comes back).
    pub fn add_keyed(&mut self, village: u64, fp: u64, row: usize) -> Seen {
        let row = u32::try_from(row).unwrap_or(u32::MAX);
        let file = u32::try_from(self.files.len().saturating_sub(1)).unwrap_or(u32::MAX);
        let here = Location { file, row };
        let continues = self.current == Some((village, row));
        if !continues {
            self.end_run();
            let run = u32::try_from(self.runs.len()).unwrap_or(u32::MAX);
            let at = u32::try_from(self.arena.len()).unwrap_or(u32::MAX);
            let state = self.villages.get(&village).copied();
            self.runs.push(Run {
                file,
                first_row: row,
                at: Some(at),
                len: 0,
                previous: state.map_or(u32::MAX, |s| s.last_run),
            });
            let indexed = match state {
                None => false,
                Some(s) if s.indexed => true,
                Some(s) => {
                    // the village came back: its earlier runs go to the index
                    if self.index_runs(village, s.last_run).is_err() {
                        return Seen::Unsorted;
                    }
                    true
                }
            };
            self.villages.insert(
                village,
                Village {
                    last_run: run,
                    indexed,
                },
            );
            self.current_indexed = indexed;
        }
        self.current = Some((village, row.saturating_add(1)));
        let seen = if fp == 0 {
            Seen::New
        } else if self.current_indexed {
            match self.index.get_or_insert(mix(village ^ fp), here.packed()) {
                Some(first) => Seen::Before(Location::unpacked(first)),
                None => Seen::New,
            }
        } else {
            if self.run_set_stale {
                self.fill_run_set();
            }
            match self.run_set.entry(fp) {
                std::collections::hash_map::Entry::Occupied(e) => Seen::Before(Location {
                    file,
                    row: *e.get(),
                }),
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(row);
                    Seen::New
                }
            }
        };
        // every row keeps its place in its run (a duplicate too), so rows stay numbered
        self.arena.push(fp);
        if let Some(run) = self.runs.last_mut() {
            run.len += 1;
        }
        seen
    }

    /// Adds a whole run of rows of one village — `fps[i]` the file-number fingerprint of
    /// row `first_row + i` (0: no file number, not checked) — whose duplicates among themselves were found beforehand by
    /// [`run_duplicates`](super::run_duplicates) (`local`, e.g. on another thread): when the village is new (the
    /// usual case of a register sorted by village) only the run is recorded, else its rows
    /// are added one by one. Pushes each row seen before, with where, to `out`.
    pub fn add_run(
        &mut self,
        village: u64,
        fps: &[u64],
        first_row: usize,
        local: &[(usize, usize)],
        out: &mut Vec<(usize, Location)>,
    ) -> Result<(), Seen> {
        let row = u32::try_from(first_row).unwrap_or(u32::MAX);
        let continues = self
            .current
            .is_some_and(|(v, next)| v == village && next == row);
        if continues || self.villages.contains_key(&village) {
            for (i, fp) in fps.iter().enumerate() {
                match self.add_keyed(village, *fp, first_row + i) {
                    Seen::New => {}
                    Seen::Before(first) => out.push((first_row + i, first)),
                    Seen::Unsorted => return Err(Seen::Unsorted),
                }
            }
            return Ok(());
        }
        self.end_run();
        let file = u32::try_from(self.files.len().saturating_sub(1)).unwrap_or(u32::MAX);
        let len = u32::try_from(fps.len()).unwrap_or(u32::MAX);
        let run = u32::try_from(self.runs.len()).unwrap_or(u32::MAX);
        // kept while it is the current run (in the last input, forgotten when it ends)
        let at = u32::try_from(self.arena.len()).unwrap_or(u32::MAX);
        self.arena.extend_from_slice(fps);
        self.runs.push(Run {
            file,
            first_row: row,
            at: Some(at),
            len,
            previous: u32::MAX,
        });
        self.villages.insert(
            village,
            Village {
                last_run: run,
                indexed: false,
            },
        );
        for (later, first) in local {
            out.push((
                first_row + later,
                Location {
                    file,
                    row: row.saturating_add(u32::try_from(*first).unwrap_or(u32::MAX)),
                },
            ));
        }
        // a run that goes on (rows of the next batch) continues one row at a time, its
        // table of rows filled then
        self.current = Some((village, row.saturating_add(len)));
        self.current_indexed = false;
        self.run_set_stale = true;
        Ok(())
    }

    /// Whether a run whose rows are known to hold distinct file numbers may be added with
    /// [`DuplicateCheck::add_distinct_run`] without its fingerprints: the current input is
    /// the last (its runs are forgotten as they end) and no earlier input left a village
    /// (so a village seen again can only be one that comes back in this input).
    pub fn takes_distinct_runs(&self) -> bool {
        self.last && self.fresh
    }

    /// Adds a whole run of `len` rows of one village from data row `first_row`, whose file
    /// numbers are known to be distinct (e.g. strictly increasing, as a register sorted
    /// by village and file number writes them) — so none of its rows was seen before in
    /// the run — without their fingerprints: the run is recorded as forgotten, as
    /// [`DuplicateCheck::begin_file`] with `last` forgets every run. `Err(Seen::Unsorted)`
    /// when that does not hold — the input is not the last, an earlier input left a
    /// village ([`DuplicateCheck::takes_distinct_runs`]), the village was seen before or
    /// the run goes on from the current one: then nothing is recorded and the input is
    /// to be checked again ([`DuplicateCheck::restart_file`]), with the fingerprints.
    pub fn add_distinct_run(
        &mut self,
        village: u64,
        len: usize,
        first_row: usize,
    ) -> Result<(), Seen> {
        let row = u32::try_from(first_row).unwrap_or(u32::MAX);
        let continues = self
            .current
            .is_some_and(|(v, next)| v == village && next == row);
        if continues || !self.takes_distinct_runs() || self.villages.contains_key(&village) {
            return Err(Seen::Unsorted);
        }
        self.end_run();
        let file = u32::try_from(self.files.len().saturating_sub(1)).unwrap_or(u32::MAX);
        let len = u32::try_from(len).unwrap_or(u32::MAX);
        let run = u32::try_from(self.runs.len()).unwrap_or(u32::MAX);
        self.runs.push(Run {
            file,
            first_row: row,
            at: None,
            len,
            previous: u32::MAX,
        });
        self.villages.insert(
            village,
            Village {
                last_run: run,
                indexed: false,
            },
        );
        // a village that comes back finds its run forgotten: the input is checked again
        self.current = None;
        Ok(())
    }

    /// The table of the current run's rows, from its fingerprints (a run added whole).
    fn fill_run_set(&mut self) {
        self.run_set_stale = false;
        self.run_set.clear();
        let Some(run) = self.runs.last().copied() else {
            return;
        };
        let Some(at) = run.at else { return };
        let fps = self
            .arena
            .get(at as usize..(at + run.len) as usize)
            .unwrap_or_default();
        for (i, fp) in fps.iter().enumerate().filter(|(_, fp)| **fp != 0) {
            self.run_set
                .entry(*fp)
                .or_insert(run.first_row.saturating_add(i as u32));
        }
    }

    /// Puts the fingerprints of the runs of `village` from `run` back in the index;
    /// `Err` when one was forgotten.
    fn index_runs(&mut self, village: u64, mut run: u32) -> Result<(), ()> {
        while let Some(r) = self.runs.get(run as usize).copied() {
            let at = r.at.ok_or(())?;
            let fps = self
                .arena
                .get(at as usize..(at + r.len) as usize)
                .unwrap_or_default();
            // runs are met latest first, rows last first: an earlier row replaces a later one
            for (i, fp) in fps.iter().enumerate().rev().filter(|(_, fp)| **fp != 0) {
                let loc = Location {
                    file: r.file,
                    row: r.first_row + i as u32,
                };
                self.index.insert(mix(village ^ fp), loc.packed());
            }
            run = r.previous;
        }
        Ok(())
    }

    /// Adds a household record (a JSON household file): it is the same household as an
    /// earlier one with the same village and file number, or failing that with the same
    /// set of members' ID numbers (`ids`, as written; none: not checked by members).
    pub fn add_record<'a>(
        &mut self,
        village: &str,
        file_number: &str,
        ids: impl IntoIterator<Item = &'a str>,
        row: usize,
    ) -> Seen {
        let by_number = self.add(village, file_number, row);
        if by_number != Seen::New {
            return by_number;
        }
        match members_fingerprint(ids) {
            Some(fp) => self.add_members_keyed(fp, row),
            None => Seen::New,
        }
    }

    /// The check by members of [`DuplicateCheck::add_record`], with the members' key
    /// ([`members_fingerprint`](super::members_fingerprint)) made beforehand (by a checking thread, say): the household
    /// at data row `row` of the current input, or the earlier one with the same members.
    pub fn add_members_keyed(&mut self, fp: u64, row: usize) -> Seen {
        let here = Location {
            file: u32::try_from(self.files.len().saturating_sub(1)).unwrap_or(u32::MAX),
            row: u32::try_from(row).unwrap_or(u32::MAX),
        };
        match self.members.get_or_insert(fp, here.packed()) {
            Some(first) => Seen::Before(Location::unpacked(first)),
            None => Seen::New,
        }
    }

    /// Adds a household record found at row `row` (from 1) of the current input and
    /// answers the rejected row when it is the same household as an earlier one — same
    /// village and file number (path `[row].file_number`), or failing that the same set of
    /// members' ID numbers (path `[row].members`).
    pub fn add_household(&mut self, h: &super::Household, row: usize) -> Option<Issue> {
        let village = h.village.to_statistical();
        match self.add(&village, &h.file_number, row) {
            Seen::Before(first) => {
                return Some(self.issue(row, "file_number", &h.file_number, first));
            }
            Seen::New | Seen::Unsorted => {}
        }
        let ids = h
            .members
            .iter()
            .filter_map(|m| m.id_number.as_ref().map(|i| i.reveal()));
        match self.add_record(&village, "", ids, row) {
            Seen::Before(first) => Some(self.members_issue(row, first)),
            Seen::New | Seen::Unsorted => None,
        }
    }

    /// The people of household record `h` at data row `row` of the current input against
    /// those of the records checked before by this check: each member registered in an
    /// earlier household is a `duplicate_person` at `[row].members[i].id_number`, as `fupin
    /// validate` reports it (the number masked, where the first one is). Every member is
    /// remembered, a household reported or not, so that records are judged as `validate`
    /// judges them. People are kept as 64-bit fingerprints of their ID numbers, as
    /// households are.
    pub fn add_people(&mut self, row: usize, h: &super::Household) -> crate::Issues {
        let file = self.current_file();
        let mut out = crate::Issues::new();
        for (k, m) in h.members.iter().enumerate() {
            let Some(id) = m.id_number.as_ref() else {
                continue;
            };
            let here = (
                file,
                u32::try_from(row).unwrap_or(u32::MAX),
                u32::try_from(k).unwrap_or(u32::MAX),
            );
            let first = *self
                .people
                .entry(fingerprint_bytes(id.reveal().as_bytes()))
                .or_insert(here);
            if first != here && (first.0, first.1) != (here.0, here.1) {
                let first_file = self.file_name(first.0).to_owned();
                out.push(
                    Issue::new(
                        "duplicate_person",
                        Path::root().index(row).key("members").index(k).key("id_number"),
                        format!(
                            "the same person (ID number {id}) is already registered in `{}` at [{}].members[{}]",
                            crate::mask::mask_personal(&first_file),
                            first.1,
                            first.2
                        ),
                    )
                    .with("first_file", first_file)
                    .with("first_row", first.1)
                    .with("first_member", first.2),
                );
            }
        }
        out
    }

    /// Adds household records in order — `(row, household)`, each at data row `row` of
    /// the current input — and answers those given before (the same village and file
    /// number, or the same members: [`DuplicateCheck::add_household`]) with their
    /// rejected rows, in order: the records to leave out of the count.
    ///
    /// ```
    /// use fupin_core::household::{DuplicateCheck, Household};
    ///
    /// let json = r#"{"file_number": "S1", "village": "522327104201", "identified_year": 2016,
    ///     "status": "poor", "main_cause": "因残",
    ///     "members": [{"name": "张三", "relation": "householder", "sex": "male"}]}"#;
    /// let h = Household::from_json(json)?;
    /// let mut check = DuplicateCheck::new();
    /// check.begin_file("records", false);
    /// let twice = check.add_households([(0, &h), (1, &h)]);
    /// assert_eq!(twice.len(), 1);
    /// assert_eq!((twice[0].0, twice[0].1.path.to_string().as_str()), (1, "[1].file_number"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn add_households<'a>(
        &mut self,
        rows: impl IntoIterator<Item = (usize, &'a super::Household)>,
    ) -> Vec<(usize, Issue)> {
        rows.into_iter()
            .filter_map(|(row, h)| self.add_household(h, row).map(|issue| (row, issue)))
            .collect()
    }

    /// Feeds household records to `add` (a data set's or a stream's `add_households`)
    /// once each: the records that could not be read (`Err`, their problems) and those
    /// given before in this check (the same village and file number, or the same members:
    /// `duplicate_household`, naming where the first one is) are rejected rows; the others
    /// go to `add`, whose rejected rows are renumbered to the input. Every record is
    /// numbered from `first` (record `i` is row `first + i`) and is accepted or reported,
    /// the rejected rows in row order. The one way records are counted once, by the
    /// bindings and anyone feeding records from several calls or files.
    ///
    /// # Errors
    /// What `add` returns.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use fupin_core::assess::Dataset;
    /// use fupin_core::household::{DuplicateCheck, Household};
    ///
    /// let json = r#"{"file_number": "S1", "village": "522327104201", "identified_year": 2016,
    ///     "status": "poor", "main_cause": "因残",
    ///     "members": [{"name": "张三", "relation": "householder", "sex": "male"}]}"#;
    /// let h = Household::from_json(json)?;
    /// let mut ds = Dataset::new(NaiveDate::from_ymd_opt(2020, 6, 30).unwrap());
    /// let mut check = DuplicateCheck::new();
    /// check.begin_file("records", false);
    /// let report = check.feed_records(vec![Ok(h.clone()), Ok(h)], 0, |r| ds.add_households(r))?;
    /// assert_eq!((report.rows, report.accepted), (2, 1));
    /// assert_eq!(report.rejected.0[0].code, "duplicate_household");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn feed_records(
        &mut self,
        records: Vec<Result<super::Household, crate::Issues>>,
        first: usize,
        add: impl FnOnce(&[super::Household]) -> Result<crate::assess::RowReport, crate::Error>,
    ) -> Result<crate::assess::RowReport, crate::Error> {
        let total = records.len();
        let mut read = Vec::with_capacity(total);
        let mut rows = Vec::with_capacity(total);
        let mut rejected = crate::Issues::new();
        // people registered in an earlier household, as `validate` finds them (row, issues)
        let mut people: Vec<(usize, crate::Issues)> = Vec::new();
        for (i, r) in records.into_iter().enumerate() {
            match r {
                Ok(h) => {
                    let found = self.add_people(first + i, &h);
                    if !found.is_empty() {
                        people.push((first + i, found));
                    }
                    read.push(h);
                    rows.push(first + i);
                }
                Err(issues) => rejected.extend_under(&Path::root().index(first + i), issues),
            }
        }
        // households given before (rows in order); a record with either problem is left out
        // of the records read, every problem of it reported (its people, then its household)
        let twice = self.add_households(rows.iter().copied().zip(read.iter()));
        if !twice.is_empty() || !people.is_empty() {
            let mut gone: Vec<usize> = people
                .iter()
                .map(|(row, _)| *row)
                .chain(twice.iter().map(|(row, _)| *row))
                .collect();
            gone.sort_unstable();
            gone.dedup();
            let mut kept = Vec::with_capacity(read.len());
            let mut kept_rows = Vec::with_capacity(read.len());
            for (h, row) in read.into_iter().zip(rows) {
                if gone.binary_search(&row).is_err() {
                    kept.push(h);
                    kept_rows.push(row);
                }
            }
            (read, rows) = (kept, kept_rows);
            // both lists are in row order, as `gone` is: walked beside it, not searched
            let mut twice = twice.into_iter().peekable();
            let mut people = people.into_iter().peekable();
            for row in gone {
                while let Some((_, found)) = people.next_if(|(r, _)| *r == row) {
                    rejected.0.extend(found.0);
                }
                while let Some((_, issue)) = twice.next_if(|(r, _)| *r == row) {
                    rejected.0.push(issue);
                }
            }
        }
        let counted = add(&read)?;
        Ok(crate::assess::RowReport::with_set_aside(
            total, rejected, counted, &rows,
        ))
    }

    /// The rejected row for a duplicate at data row `row`, column `column` (the path is
    /// `[row].column`), of file number `file_number` first seen at `first`: code
    /// `duplicate_household`, the file number masked when it looks like an ID number.
    pub fn issue(&self, row: usize, column: &str, file_number: &str, first: Location) -> Issue {
        self.issue_in(row, column, &self.last_village.0, file_number, first)
    }

    /// [`DuplicateCheck::issue`] of a household of `village` (as written; empty: not said).
    pub fn issue_in(
        &self,
        row: usize,
        column: &str,
        village: &str,
        file_number: &str,
        first: Location,
    ) -> Issue {
        let first_file = self.file_name(first.file);
        let village = village.trim();
        let number = crate::mask::mask_personal(file_number.trim());
        let message = if village.is_empty() {
            format!(
                "household file number `{number}` is already at {first_file} row {}",
                first.row
            )
        } else {
            format!(
                "household file number `{number}` of village `{}` is already at {first_file} row {}",
                crate::mask::mask_personal(village),
                first.row
            )
        };
        Issue::new(
            "duplicate_household",
            Path::root().index(row).key(column),
            message,
        )
        .with("first_file", first_file)
        .with("first_row", first.row)
    }

    /// The rejected row for a household record whose members (ID numbers) are those of an
    /// earlier household at `first`: code `duplicate_household`, path `[row].members`.
    pub fn members_issue(&self, row: usize, first: Location) -> Issue {
        let first_file = self.file_name(first.file);
        Issue::new(
            "duplicate_household",
            Path::root().index(row).key("members"),
            format!(
                "the same members (ID numbers) are already registered as the household at {first_file} row {}",
                first.row
            ),
        )
        .with("first_file", first_file)
        .with("first_row", first.row)
    }

    /// [`DuplicateCheck::retained_bytes`] and the tables of villages and of the current run.
    pub(crate) fn held_bytes(&self) -> usize {
        self.retained_bytes() + self.villages.capacity() * 24 + self.run_set.capacity() * 16
    }

    /// The number of the input begun last.
    pub(crate) fn current_file(&self) -> u32 {
        u32::try_from(self.files.len().saturating_sub(1)).unwrap_or(u32::MAX)
    }

    /// Hands every household known to `number` (the key of its village and file number,
    /// `mix(village ^ fingerprint)`, and its packed [`Location`]; a household given twice
    /// may come more than once, each with its own row) and every household known by its
    /// members to `members` (the members' key, the packed location), and forgets them all
    /// (the names of the inputs are kept): [`super::late`] goes on from there.
    pub(crate) fn drain(
        &mut self,
        mut number: impl FnMut(u64, u64),
        mut members: impl FnMut(u64, u64),
    ) {
        self.end_run();
        self.index.each(&mut number);
        for (village, state) in &self.villages {
            let mut run = state.last_run;
            while let Some(r) = self.runs.get(run as usize) {
                if let Some(at) = r.at {
                    let fps = self
                        .arena
                        .get(at as usize..(at + r.len) as usize)
                        .unwrap_or_default();
                    for (i, fp) in fps.iter().enumerate().filter(|(_, fp)| **fp != 0) {
                        let loc = Location {
                            file: r.file,
                            row: r.first_row.saturating_add(i as u32),
                        };
                        number(mix(village ^ fp), loc.packed());
                    }
                }
                run = r.previous;
            }
        }
        self.members.each(&mut members);
        self.villages = Table::default();
        self.runs = Vec::new();
        self.arena = Vec::new();
        self.run_set = Table::default();
        self.run_set_stale = false;
        self.index = FpTable::default();
        self.members = FpTable::default();
    }

    /// Bytes taken by the fingerprints kept (of runs that may be needed again).
    pub fn retained_bytes(&self) -> usize {
        self.arena.capacity() * 8
            + self.index.capacity() * 16
            + self.members.capacity() * 16
            + self.runs.capacity() * std::mem::size_of::<Run>()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests")]
#[path = "duplicates_tests.rs"]
mod tests;
