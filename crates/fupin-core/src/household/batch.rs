//! [`RecordChecker`]: many household records checked in order-preserving chunks on several
//! threads, then taken in input order for the people registered twice and the households
//! given twice. No I/O: readers (the command, the bindings, `fupin-arrow`) hand over
//! numbered texts or values, and receive each record's problems in input order.

use std::collections::BTreeMap;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex, mpsc};

use chrono::NaiveDate;
use serde_json::Value;

use super::check::{HouseholdKeys, RecordCheck, check_value, rest_bytes};
use super::dedupe::DuplicateFinder;
use super::duplicates::{DuplicateCheck, Location};
use super::fast;
use super::id_number::{Pseudonym, PseudonymKey};
use super::late::Late;
use super::spill::SpillStorage;
use super::table_rows::TableHouseholds;
use crate::error::{Issue, Issues, Path};

/// Counts and issues of the records checked so far.
#[derive(Debug, Default, Clone)]
#[non_exhaustive]
pub struct RecordReport {
    /// Records read (non-blank lines, values, cells).
    pub records: usize,
    /// Records with no issue.
    pub accepted: usize,
    /// Every issue, in input order, each path starting with the record's number
    /// (`[7].members[0].id_number`).
    pub issues: Issues,
}

impl RecordReport {
    /// Counts one record with its problems (none: accepted) and keeps them.
    pub fn add(&mut self, issues: Issues) {
        self.records += 1;
        if issues.is_empty() {
            self.accepted += 1;
        } else {
            self.issues.0.extend(issues.0);
        }
    }
}

/// Receives each record's number and every problem of it (paths from its number; empty:
/// accepted), in input order, on any thread.
pub type EachRecord<'a> = dyn FnMut(usize, Issues) + Send + 'a;

/// Checks household records as of a day, on some threads, finding across everything it is
/// given the people registered in two households ([`DuplicateFinder`]: `duplicate_person`)
/// and the households given twice ([`DuplicateCheck`]: `duplicate_household`, the same
/// village and file number or the same members), as `fupin validate` does.
#[derive(Debug)]
pub struct RecordChecker {
    today: NaiveDate,
    dupes: DuplicateFinder,
    households: DuplicateCheck,
    /// The input begun in `households`.
    begun: Option<String>,
    key: PseudonymKey,
    threads: usize,
    /// The bytes the tables of duplicates may take before they are spilled.
    spill_over: Option<(usize, Arc<dyn SpillStorage>)>,
    /// The tables spilled: the duplicates are found at the end.
    late: Option<Late>,
}

/// One record checked: its number, its problems (paths from its number), where its
/// members' pseudonyms are in its part's [`Part::people`] and the keys of the household
/// (when it could be read).
struct Found {
    n: usize,
    issues: Issues,
    people: std::ops::Range<usize>,
    keys: Option<HouseholdKeys>,
    /// The file number, when the fast path read it (else it is read again if needed).
    number: Option<String>,
}

impl Found {
    /// A record that could not be read: only `issue`.
    fn only(n: usize, issue: Issue) -> Found {
        Found {
            n,
            issues: Issues(vec![issue]),
            people: 0..0,
            keys: None,
            number: None,
        }
    }
}

/// A part of the records checked: what was found of each, and their members' pseudonyms
/// (member index, pseudonym) one record after the other (one list a part, not one a
/// record).
#[derive(Default)]
struct Part {
    found: Vec<Found>,
    people: Vec<(usize, Pseudonym)>,
}

/// `check`'s findings placed under record `n`, its pseudonyms added to `people`.
fn placed(n: usize, check: RecordCheck, people: &mut Vec<(usize, Pseudonym)>) -> Found {
    let mut issues = Issues::new();
    if !check.issues.is_empty() {
        issues.extend_under(&Path::root().index(n), check.issues);
    }
    let start = people.len();
    people.extend(check.pseudonyms);
    Found {
        n,
        issues,
        people: start..people.len(),
        keys: check.keys,
        number: None,
    }
}

/// The text without the byte order marks before it (they are not part of the record).
pub(crate) fn without_bom(mut text: &[u8]) -> &[u8] {
    while let Some(rest) = text.strip_prefix("\u{feff}".as_bytes()) {
        text = rest;
    }
    text
}

/// The problems of the JSON text numbered `n` (`what` names it in messages: `line`), its
/// members' pseudonyms added to `people`.
fn text_check(
    n: usize,
    text: &[u8],
    what: &str,
    today: NaiveDate,
    key: &PseudonymKey,
    people: &mut Vec<(usize, Pseudonym)>,
) -> Found {
    let text = without_bom(text);
    // the clean record (the usual one) as check_json_bytes takes it, without a list of
    // its own for the pseudonyms
    let clean = match fast::clean_bytes(text, today) {
        Ok(clean) => clean,
        Err(miss) => return text_rest(n, text, miss, what, today, key, people),
    };
    let start = people.len();
    for (i, id) in clean.ids().iter().enumerate() {
        if let Some(id) = id {
            people.push((i, key.of(id)));
        }
    }
    Found {
        n,
        issues: Issues::new(),
        people: start..people.len(),
        keys: Some(clean.keys),
        number: Some(clean.number),
    }
}

/// [`text_check`] of a record the fast path did not accept (`miss`: why).
fn text_rest(
    n: usize,
    text: &[u8],
    miss: fast::Miss,
    what: &str,
    today: NaiveDate,
    key: &PseudonymKey,
    people: &mut Vec<(usize, Pseudonym)>,
) -> Found {
    match rest_bytes(text, miss, today, key) {
        Ok(found) => placed(n, found, people),
        Err(why) => {
            let mut issues = Issues::new();
            issues.extend_under(&Path::root().index(n), Issues(vec![text_issue(what, why)]));
            Found {
                n,
                issues,
                people: 0..0,
                keys: None,
                number: None,
            }
        }
    }
}

/// The problem of a JSON text (`what` names it: `line`) that is not a record's: not UTF-8
/// (`None`), not JSON, or with a key twice (the parser's issue), at the text's root.
pub(crate) fn text_issue(what: &str, why: Option<Issue>) -> Issue {
    match why {
        None => {
            let why = if what == "line" {
                " (JSON Lines files are UTF-8)"
            } else {
                ""
            };
            let message = format!("the {what} is not UTF-8 text{why}");
            Issue::new("invalid_encoding", Path::root(), message)
        }
        Some(issue) if issue.code == "duplicate_key" => issue,
        Some(issue) => {
            let message = format!("the {what} is not JSON: {}", issue.message);
            Issue::new("invalid_json", Path::root(), message)
        }
    }
}

/// The file number of a record that could be read, for the message of a household given
/// twice (looked up again only then: duplicates are rare).
fn number_of_text(text: &[u8]) -> String {
    #[derive(serde::Deserialize)]
    struct Number {
        file_number: String,
    }
    serde_json::from_slice::<Number>(without_bom(text))
        .map_or_else(|_| String::new(), |n| n.file_number)
}

/// [`number_of_text`] of a parsed record.
fn number_of_value(value: &Value) -> String {
    value
        .get("file_number")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

/// Records a checking thread takes at a time: small, so that a thread the system pauses
/// holds back only a few records, and the others take the rest.
const PART: usize = 64;

/// Parts handed out and not yet taken, per checking thread: what bounds the memory of the
/// pipeline (and the lead of the checking threads over the taking).
const PARTS_AHEAD: usize = 16;

/// Numbered JSON texts, e.g. the lines of one buffer, handed to
/// [`RecordChecker::texts_stream`] one batch after another.
pub trait TextBatch: Send + Sync {
    /// Texts in the batch.
    fn count(&self) -> usize;
    /// Text `i` (from 0, below [`TextBatch::count`]): its number and its bytes (`None`: a
    /// null cell); `(0, None)` out of range.
    fn text(&self, i: usize) -> (usize, Option<&[u8]>);
}

impl<T: AsRef<[u8]> + Sync> TextBatch for &[(usize, Option<T>)] {
    fn count(&self) -> usize {
        self.len()
    }
    fn text(&self, i: usize) -> (usize, Option<&[u8]>) {
        self.get(i)
            .map_or((0, None), |(n, t)| (*n, t.as_ref().map(AsRef::as_ref)))
    }
}

impl<T: AsRef<[u8]> + Send + Sync> TextBatch for Vec<(usize, Option<T>)> {
    fn count(&self) -> usize {
        self.len()
    }
    fn text(&self, i: usize) -> (usize, Option<&[u8]>) {
        self.get(i)
            .map_or((0, None), |(n, t)| (*n, t.as_ref().map(AsRef::as_ref)))
    }
}

/// A part of a batch handed to a checking thread: its place in the order of parts, the
/// batch and the items `start..end`.
struct Job<B> {
    seq: usize,
    batch: Arc<B>,
    start: usize,
    end: usize,
}

/// A part checked (or the panic of its check, passed on to the caller).
type Done<B> = (usize, Arc<B>, usize, std::thread::Result<Part>);

/// What the records are taken into, in input order.
struct Taker<'a, 'e> {
    dupes: &'a mut DuplicateFinder,
    households: &'a mut DuplicateCheck,
    source: &'a str,
    each: &'a mut EachRecord<'e>,
    late: &'a mut Option<Late>,
    spill_over: &'a mut Option<(usize, Arc<dyn SpillStorage>)>,
}

/// Spills the tables of duplicates once they pass the budget (`spill_over`), unless they
/// were spilled already (`late`).
fn spill_if_over(
    dupes: &mut DuplicateFinder,
    households: &mut DuplicateCheck,
    spill_over: &mut Option<(usize, Arc<dyn SpillStorage>)>,
    late: &mut Option<Late>,
) {
    if late.is_none()
        && let Some((budget, storage)) = spill_over.as_ref()
        && dupes.retained_bytes() + households.held_bytes() > *budget
    {
        match Late::begin(dupes, households, storage.as_ref()) {
            Ok(begun) => *late = Some(begun),
            // the storage could not be opened (no temporary folder): the tables stay
            // in memory
            Err(_) => *spill_over = None,
        }
    }
}

impl Taker<'_, '_> {
    /// Adds checked records (in input order: `found[j]` from item `start + j` of `batch`),
    /// people seen in an earlier household reported as `duplicate_person`, households seen
    /// before as `duplicate_household`.
    fn take<B: ?Sized>(
        &mut self,
        batch: &B,
        start: usize,
        part: Part,
        number: &(impl Fn(&B, usize) -> String + Sync),
    ) {
        if self.late.is_some() {
            self.take_late(batch, start, part, number);
            return;
        }
        // the people's places in the table looked up all at once, so that the memory
        // fetches overlap instead of one waiting for the other
        self.dupes.warm(&part.people);
        for (i, found) in (start..).zip(part.found) {
            let Found {
                n,
                mut issues,
                people,
                keys,
                ..
            } = found;
            let pseudonyms = part.people.get(people).unwrap_or_default();
            if !pseudonyms.is_empty() {
                let twice = self.dupes.add_pseudonyms_at(self.source, n, pseudonyms);
                issues.0.extend(twice.0);
            }
            if let Some(keys) = keys
                && let Some(twice) = self.household_twice(&keys, n, || number(batch, i))
            {
                issues.push(twice);
            }
            (self.each)(n, issues);
        }
        spill_if_over(self.dupes, self.households, self.spill_over, self.late);
    }

    /// [`Taker::take`] once the tables are spilled: each record's people and keys are
    /// written to the spill, its duplicates found at the end ([`Late::finish`]).
    fn take_late<B: ?Sized>(
        &mut self,
        batch: &B,
        start: usize,
        part: Part,
        number: &(impl Fn(&B, usize) -> String + Sync),
    ) {
        let Some(late) = self.late.as_mut() else {
            return;
        };
        let file = self.households.current_file();
        for (i, found) in (start..).zip(part.found) {
            let Found {
                n,
                issues,
                people,
                keys,
                number: text,
            } = found;
            let pseudonyms = part.people.get(people).unwrap_or_default();
            let household =
                (!pseudonyms.is_empty()).then(|| self.dupes.household_at(self.source, n));
            let at = Location {
                file,
                row: u32::try_from(n).unwrap_or(u32::MAX),
            };
            let seq = late.add(household, pseudonyms, keys.as_ref(), at, || {
                text.unwrap_or_else(|| number(batch, i))
            });
            if !issues.is_empty() {
                late.reject(seq);
            }
            (self.each)(n, issues);
        }
    }

    /// The household of record `n` when it was given before (as
    /// [`TableHouseholds::add_record`] finds it).
    fn household_twice(
        &mut self,
        keys: &HouseholdKeys,
        n: usize,
        number: impl FnOnce() -> String,
    ) -> Option<Issue> {
        TableHouseholds::from(&mut *self.households).add_record(keys, number, n)
    }
}

/// Items `range` of `batch` checked.
fn check_part<B: ?Sized>(
    batch: &B,
    range: std::ops::Range<usize>,
    key: &PseudonymKey,
    check: &impl Fn(&B, usize, &PseudonymKey, &mut Vec<(usize, Pseudonym)>) -> Found,
) -> Part {
    let mut part = Part {
        found: Vec::with_capacity(range.len()),
        // households of four, most of them
        people: Vec::with_capacity(range.len() * 4),
    };
    for i in range {
        let found = check(batch, i, key, &mut part.people);
        part.found.push(found);
    }
    part
}

/// Parts checked out of order, waiting for those before them.
struct InOrder<B> {
    ready: BTreeMap<usize, (Arc<B>, usize, Part)>,
    /// The next part to take.
    next: usize,
}

impl<B> InOrder<B> {
    /// Takes part `d` (a check's panic is passed on) and every part that follows it
    /// already checked.
    fn add(
        &mut self,
        (seq, batch, start, found): Done<B>,
        taker: &mut Taker<'_, '_>,
        number: &(impl Fn(&B, usize) -> String + Sync),
    ) {
        let found = match found {
            Ok(found) => found,
            Err(payload) => std::panic::resume_unwind(payload),
        };
        self.ready.insert(seq, (batch, start, found));
        while let Some((batch, start, found)) = self.ready.remove(&self.next) {
            taker.take(&*batch, start, found, number);
            self.next += 1;
        }
    }
}

impl RecordChecker {
    /// A checker as of `today` whose duplicates are found with `dupes`, on as many threads
    /// as the machine runs at once.
    pub fn new(today: NaiveDate, dupes: DuplicateFinder) -> Self {
        let key = dupes.key().clone();
        RecordChecker {
            today,
            dupes,
            households: DuplicateCheck::new(),
            begun: None,
            key,
            threads: std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get),
            spill_over: None,
            late: None,
        }
    }

    /// The bound the command and the Python binding keep the tables of duplicates under
    /// ([`RecordChecker::spill_over`]): 64 MiB, so that memory stays bounded whatever the
    /// size of the input.
    pub const SPILL_OVER_BYTES: usize = 64 << 20;

    /// Keeps the tables of people and households seen under about `bytes` (by default
    /// there is no bound): past it, what they hold is written to `storage` (the command and
    /// the Python binding give a private temporary folder, `fupin_arrow::TempSpill`; the
    /// core does no I/O) and the duplicates of the records that follow are found by
    /// [`RecordChecker::finish`], which must then be called after the last input. Those
    /// duplicates are the same problems (codes, paths, messages, first places) as in
    /// memory, handed over after the last record instead of with their records. Where the
    /// storage cannot be opened, the tables stay in memory.
    #[must_use]
    pub fn spill_over(mut self, bytes: usize, storage: Arc<dyn SpillStorage>) -> Self {
        self.spill_over = Some((bytes, storage));
        self
    }

    /// Bytes written to the spill storage so far (0: the tables are in memory).
    pub fn spilled_bytes(&self) -> u64 {
        self.late.as_ref().map_or(0, Late::written)
    }

    /// [`RecordChecker::finish`] into `report`: each late problem placed after the other
    /// problems of its record, in record order (as they would have come in memory), and
    /// the records newly rejected no longer counted as accepted.
    pub fn finish_into(&mut self, report: &mut RecordReport) -> std::io::Result<()> {
        let mut late = false;
        self.finish(&mut |_, _, issues, newly| {
            late = true;
            if newly {
                report.accepted = report.accepted.saturating_sub(1);
            }
            report.issues.0.extend(issues.0);
        })?;
        if late {
            // stable: a record's own problems stay first
            report
                .issues
                .0
                .sort_by_key(|i| match i.path.items().first() {
                    Some(crate::error::PathItem::Index(n)) => *n,
                    _ => usize::MAX,
                });
        }
        Ok(())
    }

    /// After the last input: the people registered twice and the households given twice
    /// among the records checked since the tables were spilled ([`RecordChecker::spill_over`];
    /// nothing when they were not), each such record handed to `each` in input order with
    /// its source, its number, these problems (`duplicate_person` by member, then
    /// `duplicate_household`) and whether it had no problem before (now rejected). Errors
    /// of the temporary folder (a full disk) are returned.
    pub fn finish(
        &mut self,
        each: &mut dyn FnMut(&str, usize, Issues, bool),
    ) -> std::io::Result<()> {
        match self.late.take() {
            Some(late) => late.finish(&self.dupes, &self.households, each),
            None => Ok(()),
        }
    }

    /// On `threads` threads (1: on the caller's, nothing spawned, as wasm needs; 0: as
    /// many as the machine runs at once).
    #[must_use]
    pub fn threads(mut self, threads: usize) -> Self {
        self.threads = if threads == 0 {
            std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
        } else {
            threads
        };
        self
    }

    /// Begins the next input, named `source` in messages (households given twice name
    /// where the first one is). The checking methods begin a source of another name
    /// themselves; call this for a new input of the same name.
    pub fn begin_source(&mut self, source: &str) {
        self.households.begin_file(source, false);
        self.begun = Some(source.to_owned());
    }

    /// The check of households given twice for the rows of a table (a CSV, Excel or
    /// Parquet register) of this run, named `source` (begun when it is not the input begun
    /// last): compared with every record and row before and after it. Past the budget of
    /// the tables ([`RecordChecker::spill_over`]) they are spilled here too, and the
    /// duplicates of the rows that follow are found by [`RecordChecker::finish`].
    pub fn table_households(&mut self, source: &str) -> TableHouseholds<'_> {
        if self.begun.as_deref() != Some(source) {
            self.begin_source(source);
        }
        spill_if_over(
            &mut self.dupes,
            &mut self.households,
            &mut self.spill_over,
            &mut self.late,
        );
        match &mut self.late {
            Some(late) => TableHouseholds::late(late, &self.households),
            None => TableHouseholds::from(&mut self.households),
        }
    }

    /// Checks numbered JSON texts (UTF-8 bytes; `None`: a null cell) of `source` (named in
    /// duplicates' messages), in parallel, and adds them to `report` in order. `what` names
    /// a text in messages (`line`, `text`): one that is not UTF-8 is `invalid_encoding`, not
    /// JSON `invalid_json`, with a key twice `duplicate_key`; a null one `invalid_value`.
    pub fn texts<T: AsRef<[u8]> + Sync>(
        &mut self,
        texts: &[(usize, Option<T>)],
        what: &str,
        source: &str,
        report: &mut RecordReport,
    ) {
        self.texts_each(texts, what, source, &mut |_, issues| report.add(issues));
    }

    /// As [`RecordChecker::texts`], each record's problems handed to `each` in input order
    /// (as they are found: a writer streams them out).
    pub fn texts_each<T: AsRef<[u8]> + Sync>(
        &mut self,
        texts: &[(usize, Option<T>)],
        what: &str,
        source: &str,
        each: &mut EachRecord<'_>,
    ) {
        self.texts_stream(std::iter::once(texts), what, source, each);
    }

    /// As [`RecordChecker::texts_each`], for texts that arrive batch after batch (the
    /// buffers of a reader): the checking threads go on from one batch to the next, each
    /// taking a few records at a time, while the caller's thread takes the records checked
    /// in input order; a batch is dropped once its records are taken, and only a few
    /// parts are checked ahead of the taking, so memory holds a few batches, not the input.
    /// Problems and their order are those of [`RecordChecker::texts_each`] on the batches
    /// one after the other.
    pub fn texts_stream<B: TextBatch>(
        &mut self,
        batches: impl Iterator<Item = B>,
        what: &str,
        source: &str,
        each: &mut EachRecord<'_>,
    ) {
        let today = self.today;
        let number = |b: &B, i: usize| b.text(i).1.map_or_else(String::new, number_of_text);
        let check = |b: &B, i: usize, key: &PseudonymKey, people: &mut Vec<_>| {
            let (n, text) = b.text(i);
            match text {
                Some(t) => text_check(n, t, what, today, key, people),
                None => Found::only(
                    n,
                    Issue::new(
                        "invalid_value",
                        Path::root().index(n),
                        format!("the {what} is null, not a JSON object"),
                    ),
                ),
            }
        };
        self.stream(batches, B::count, source, each, &number, check);
    }

    /// Checks parsed records (dicts, JS objects), record `i` numbered `first + i`.
    pub fn values(
        &mut self,
        values: &[Value],
        source: &str,
        first: usize,
        report: &mut RecordReport,
    ) {
        self.values_each(values, source, first, &mut |_, issues| report.add(issues));
    }

    /// As [`RecordChecker::values`], each record's problems handed to `each` in input order.
    pub fn values_each(
        &mut self,
        values: &[Value],
        source: &str,
        first: usize,
        each: &mut EachRecord<'_>,
    ) {
        let today = self.today;
        let number = |v: &&[Value], i: usize| v.get(i).map_or_else(String::new, number_of_value);
        let check = |v: &&[Value], i: usize, key: &PseudonymKey, people: &mut Vec<_>| {
            // `i` is below the length: `None` is never met
            let found = v.get(i).map(|value| check_value(value, today, key));
            placed(first + i, found.unwrap_or_default(), people)
        };
        self.stream(
            std::iter::once(values),
            |v| v.len(),
            source,
            each,
            &number,
            check,
        );
    }

    /// Checks the items of `batches` (`len` of each) on the checking threads, a part at a
    /// time, while the caller's thread hands the parts out and takes what was checked in
    /// input order (the duplicates), so no thread waits for another's share.
    fn stream<B: Send + Sync>(
        &mut self,
        batches: impl Iterator<Item = B>,
        len: impl Fn(&B) -> usize,
        source: &str,
        each: &mut EachRecord<'_>,
        number: &(impl Fn(&B, usize) -> String + Sync),
        check: impl Fn(&B, usize, &PseudonymKey, &mut Vec<(usize, Pseudonym)>) -> Found + Sync,
    ) {
        if self.begun.as_deref() != Some(source) {
            self.begin_source(source);
        }
        let RecordChecker {
            dupes,
            households,
            key,
            threads,
            spill_over,
            late,
            ..
        } = self;
        let mut taker = Taker {
            dupes,
            households,
            source,
            each,
            late,
            spill_over,
        };
        let key: &PseudonymKey = key;
        if *threads <= 1 {
            // on the caller's thread only: nothing spawned (wasm has no threads)
            for batch in batches {
                let n = len(&batch);
                let mut start = 0;
                while start < n {
                    let end = (start + PART * 8).min(n);
                    let part = check_part(&batch, start..end, key, &check);
                    taker.take(&batch, start, part, number);
                    start = end;
                }
            }
            return;
        }
        let window = *threads * PARTS_AHEAD;
        let check = &check;
        let (jobs, job_queue) = mpsc::sync_channel::<Job<B>>(window);
        let job_queue = Mutex::new(job_queue);
        let (done, finished) = mpsc::channel::<Done<B>>();
        std::thread::scope(|s| {
            for _ in 0..*threads {
                let job_queue = &job_queue;
                let done = done.clone();
                s.spawn(move || {
                    loop {
                        // the lock is held while waiting: the others wait for it instead
                        let job = match job_queue.lock() {
                            Ok(queue) => queue.recv(),
                            Err(_) => return,
                        };
                        let Ok(job) = job else { return };
                        let found = std::panic::catch_unwind(AssertUnwindSafe(|| {
                            check_part(&*job.batch, job.start..job.end, key, check)
                        }));
                        if done.send((job.seq, job.batch, job.start, found)).is_err() {
                            return;
                        }
                    }
                });
            }
            drop(done);
            let mut order = InOrder {
                ready: BTreeMap::new(),
                next: 0,
            };
            let mut sent = 0;
            for batch in batches {
                let n = len(&batch);
                let batch = Arc::new(batch);
                let mut start = 0;
                while start < n {
                    while sent - order.next >= window {
                        let Ok(d) = finished.recv() else { return };
                        order.add(d, &mut taker, number);
                    }
                    let end = (start + PART).min(n);
                    let job = Job {
                        seq: sent,
                        batch: Arc::clone(&batch),
                        start,
                        end,
                    };
                    if jobs.send(job).is_err() {
                        return;
                    }
                    sent += 1;
                    start = end;
                    while let Ok(d) = finished.try_recv() {
                        order.add(d, &mut taker, number);
                    }
                }
            }
            drop(jobs);
            while order.next < sent {
                let Ok(d) = finished.recv() else { return };
                order.add(d, &mut taker, number);
            }
        });
    }

    /// The finder, with everyone seen so far.
    pub fn into_dupes(self) -> DuplicateFinder {
        self.dupes
    }
}
