//! [`RecordChecker`]: many household records checked in order-preserving chunks on several
//! threads, then taken in input order for the people registered twice. No I/O: readers
//! (the command, the bindings, `fupin-arrow`) hand over numbered texts or values.

use chrono::NaiveDate;
use serde_json::Value;

use super::check::{RecordCheck, check_all, check_json_bytes, check_value};
use super::dedupe::DuplicateFinder;
use super::id_number::{Pseudonym, PseudonymKey};
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

/// Checks household records as of a day, on some threads, finding the people registered
/// in two households across everything it is given.
#[derive(Debug)]
pub struct RecordChecker {
    today: NaiveDate,
    dupes: DuplicateFinder,
    key: PseudonymKey,
    threads: usize,
}

/// One record's problems (paths from its number) and its members' pseudonyms.
type Found = (Issues, Vec<(usize, Pseudonym)>);

/// `check`'s findings placed under record `n`.
fn placed(n: usize, check: RecordCheck) -> Found {
    let mut issues = Issues::new();
    if !check.issues.is_empty() {
        issues.extend_under(&Path::root().index(n), check.issues);
    }
    (issues, check.pseudonyms)
}

/// The problems of the JSON text numbered `n` (`what` names it in messages: `line`).
fn text_check(n: usize, text: &[u8], what: &str, today: NaiveDate, key: &PseudonymKey) -> Found {
    let at = || Path::root().index(n);
    // a byte order mark (or several) before the record is not part of it
    let mut text = text;
    while let Some(rest) = text.strip_prefix("\u{feff}".as_bytes()) {
        text = rest;
    }
    match check_json_bytes(text, today, key) {
        Ok(found) => placed(n, found),
        Err(None) => {
            let why = if what == "line" {
                " (JSON Lines files are UTF-8)"
            } else {
                ""
            };
            let message = format!("the {what} is not UTF-8 text{why}");
            (
                Issues(vec![Issue::new("invalid_encoding", at(), message)]),
                Vec::new(),
            )
        }
        Err(Some(issue)) if issue.code == "duplicate_key" => {
            let mut issues = Issues::new();
            issues.extend_under(&at(), Issues(vec![issue]));
            (issues, Vec::new())
        }
        Err(Some(issue)) => {
            let message = format!("the {what} is not JSON: {}", issue.message);
            (
                Issues(vec![Issue::new("invalid_json", at(), message)]),
                Vec::new(),
            )
        }
    }
}

/// Records checked while the part before them is taken.
const PART: usize = 512;

/// Adds checked records (numbered, in input order) to `report`, people seen in an earlier
/// household reported as `duplicate_person`.
fn take(
    dupes: &mut DuplicateFinder,
    source: &str,
    found: Vec<(usize, Found)>,
    report: &mut RecordReport,
) {
    for (n, (mut issues, pseudonyms)) in found {
        if !pseudonyms.is_empty() {
            let at = Path::root().index(n);
            let twice = dupes.add_pseudonyms(source, &at, &pseudonyms);
            issues.0.extend(twice.0);
        }
        report.records += 1;
        if issues.is_empty() {
            report.accepted += 1;
        } else {
            report.issues.0.extend(issues.0);
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
            key,
            threads: std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get),
        }
    }

    /// On `threads` threads (1: on the caller's, nothing spawned, as wasm needs).
    #[must_use]
    pub fn threads(mut self, threads: usize) -> Self {
        self.threads = threads.max(1);
        self
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
        let today = self.today;
        self.pipelined(texts, source, report, |(n, t), key| match t {
            Some(t) => (*n, text_check(*n, t.as_ref(), what, today, key)),
            None => (
                *n,
                (
                    Issues(vec![Issue::new(
                        "invalid_value",
                        Path::root().index(*n),
                        format!("the {what} is null, not a JSON object"),
                    )]),
                    Vec::new(),
                ),
            ),
        });
    }

    /// Checks parsed records (dicts, JS objects), record `i` numbered `first + i`.
    pub fn values(
        &mut self,
        values: &[Value],
        source: &str,
        first: usize,
        report: &mut RecordReport,
    ) {
        let today = self.today;
        let numbered: Vec<(usize, &Value)> = values
            .iter()
            .enumerate()
            .map(|(i, v)| (first + i, v))
            .collect();
        self.pipelined(&numbered, source, report, |(n, v), key| {
            (*n, placed(*n, check_value(v, today, key)))
        });
    }

    /// Checks `items` in parts on the checking threads while the part before is taken in
    /// order on another (the duplicates), so neither waits for the other.
    fn pipelined<T: Sync>(
        &mut self,
        items: &[T],
        source: &str,
        report: &mut RecordReport,
        check: impl Fn(&T, &PseudonymKey) -> (usize, Found) + Sync,
    ) {
        let RecordChecker {
            dupes,
            key,
            threads,
            ..
        } = self;
        let part = PART.max(items.len().div_ceil(8));
        if *threads <= 1 {
            // on the caller's thread only: nothing spawned (wasm has no threads)
            for items in items.chunks(part) {
                let found = check_all(items, 1, |item| check(item, key));
                take(dupes, source, found, report);
            }
            return;
        }
        let mut pending: Vec<(usize, Found)> = Vec::new();
        for items in items.chunks(part) {
            let taken = std::mem::take(&mut pending);
            pending = std::thread::scope(|s| {
                let dupes = &mut *dupes;
                let report = &mut *report;
                s.spawn(move || take(dupes, source, taken, report));
                check_all(items, *threads, |item| check(item, key))
            });
        }
        take(dupes, source, pending, report);
    }

    /// The finder, with everyone seen so far.
    pub fn into_dupes(self) -> DuplicateFinder {
        self.dupes
    }
}
