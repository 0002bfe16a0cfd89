//! [`Late`]: the people registered twice and the households given twice found at the end,
//! once the tables of [`super::RecordChecker`] pass their budget
//! ([`super::RecordChecker::spill_over`]), so that memory stays bounded whatever the size of
//! the input.
//!
//! When the tables of people ([`super::DuplicateFinder`]) and of households
//! ([`super::DuplicateCheck`]) pass the budget, what they hold is written to a [`Spill`]
//! (each person, household and set of members first seen, with where) and they are emptied;
//! from then on every record's people and keys are written there too, not looked up. At the
//! end ([`super::RecordChecker::finish`]) each partition is read back and sorted by key and
//! by input order: in each group the first one counts, and every later one written after
//! the switch is reported as it would have been in input order — the same
//! `duplicate_person` and `duplicate_household` problems, with the same paths, messages and
//! first places. Only their place in the output changes: they come after the last record,
//! grouped by record in input order (a record's late problems in the order it would have
//! had them: its people by member, then its household).

use std::collections::HashSet;

use super::dedupe::DuplicateFinder;
use super::duplicates::{DuplicateCheck, Location};
use super::fingerprint::mix;
use super::id_number::Pseudonym;
use super::spill::{Fields, Spill, SpillStorage};
use crate::error::{Issue, Issues};

/// Marks an entry written at the switch (known before it), not a record's after it.
const BEFORE: u64 = u64::MAX;

/// The spills and where the switch was.
pub(crate) struct Late {
    /// pseudonym (16 bytes; 12 for those known before) · household · member · record seq.
    people: Spill,
    /// key · packed location · seq · village's length (1 byte) · village · length (2
    /// bytes) · file number.
    numbers: Spill,
    /// key · packed location · seq.
    members: Spill,
    /// Records taken since the switch.
    seq: u64,
    /// The records taken since the switch that already had a problem (a bit each).
    rejected: Vec<u64>,
    /// The column of file numbers of each table input after the switch (input number,
    /// column name: the path of its duplicates' problems; records' is `file_number`).
    columns: Vec<(u32, String)>,
}

impl std::fmt::Debug for Late {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Late")
            .field("records", &self.seq)
            .finish_non_exhaustive()
    }
}

/// A late problem: the record's seq, its rank among the record's problems, its source and
/// number, the problem.
type Found = (u64, (u8, u32), String, usize, Issue);

impl Late {
    /// Spills what `dupes` and `households` hold and empties them.
    pub(crate) fn begin(
        dupes: &mut DuplicateFinder,
        households: &mut DuplicateCheck,
        storage: &dyn SpillStorage,
    ) -> std::io::Result<Late> {
        let mut late = Late {
            people: Spill::new(storage, "people")?,
            numbers: Spill::new(storage, "households")?,
            members: Spill::new(storage, "members")?,
            seq: 0,
            rejected: Vec::new(),
            columns: Vec::new(),
        };
        dupes.drain_people(|kept, household, member| {
            let mut p = [0u8; 16];
            for (d, s) in p.iter_mut().zip(kept) {
                *d = s;
            }
            late.push_person(&p, household, member, BEFORE);
        });
        let (numbers, members) = (&mut late.numbers, &mut late.members);
        households.drain(
            |key, loc| push_number(numbers, key, loc, BEFORE, "", ""),
            |key, loc| push_key(members, key, loc, BEFORE),
        );
        Ok(late)
    }

    fn push_person(&mut self, p: &[u8; 16], household: u32, member: u32, seq: u64) {
        let mut e = [0u8; 32];
        let fields = p
            .iter()
            .copied()
            .chain(household.to_le_bytes())
            .chain(member.to_le_bytes())
            .chain(seq.to_le_bytes());
        for (d, s) in e.iter_mut().zip(fields) {
            *d = s;
        }
        let mut high = [0u8; 8];
        high.copy_from_slice(p.get(..8).unwrap_or(&[0; 8]));
        self.people
            .push(Spill::part_of(mix(u64::from_le_bytes(high))), &e);
    }

    /// Adds the next record after the switch: its household number in the finder and its
    /// members' pseudonyms, and its keys (village key, file-number fingerprint, members'
    /// key) with its place, village and file number. Returns its seq.
    #[allow(clippy::too_many_arguments, reason = "one record's keys")]
    pub(crate) fn add(
        &mut self,
        household: Option<u32>,
        people: &[(usize, Pseudonym)],
        keys: Option<&super::check::HouseholdKeys>,
        at: Location,
        number: impl FnOnce() -> String,
    ) -> u64 {
        let seq = self.seq;
        self.seq += 1;
        if let Some(h) = household {
            for (i, p) in people {
                self.push_person(p.bytes(), h, u32::try_from(*i).unwrap_or(u32::MAX), seq);
            }
        }
        if let Some(keys) = keys {
            if let Some(fp) = keys.number.filter(|fp| *fp != 0) {
                let mut digits = [0u8; 12];
                {
                    use std::io::Write;
                    let _ = write!(digits.as_mut_slice(), "{}", keys.village);
                }
                push_number(
                    &mut self.numbers,
                    mix(keys.village_key ^ fp),
                    at.packed(),
                    seq,
                    std::str::from_utf8(&digits).unwrap_or_default(),
                    &number(),
                );
            }
            if let Some(m) = keys.members {
                push_key(&mut self.members, m, at.packed(), seq);
            }
        }
        seq
    }

    /// Adds the next row of a table after the switch: its village as written, the
    /// village's key and the file number's fingerprint (as [`DuplicateCheck::add`] makes
    /// them), its place and file number. Returns its seq.
    pub(crate) fn add_row(
        &mut self,
        village: &str,
        village_key: u64,
        fp: u64,
        at: Location,
        number: &str,
    ) -> u64 {
        let seq = self.seq;
        self.seq += 1;
        push_number(
            &mut self.numbers,
            mix(village_key ^ fp),
            at.packed(),
            seq,
            village,
            number,
        );
        seq
    }

    /// The file numbers of input `file` (a table) are in column `column`.
    pub(crate) fn column(&mut self, file: u32, column: &str) {
        if self.columns.last().is_none_or(|c| c.0 != file) {
            self.columns.push((file, column.to_owned()));
        }
    }
}

/// The column of file numbers of input `file` among `columns` ([`Late::column`]).
fn column_of(columns: &[(u32, String)], file: u32) -> &str {
    columns
        .iter()
        .rev()
        .find(|c| c.0 == file)
        .map_or("file_number", |c| c.1.as_str())
}

impl Late {
    /// Record `seq` (from [`Late::add`]) had a problem already.
    pub(crate) fn reject(&mut self, seq: u64) {
        let word = (seq / 64) as usize;
        if self.rejected.len() <= word {
            self.rejected.resize(word + 1, 0);
        }
        if let Some(w) = self.rejected.get_mut(word) {
            *w |= 1 << (seq % 64);
        }
    }

    fn was_rejected(&self, seq: u64) -> bool {
        self.rejected
            .get((seq / 64) as usize)
            .is_some_and(|w| w & (1 << (seq % 64)) != 0)
    }

    /// Bytes written to the spills.
    pub(crate) fn written(&self) -> u64 {
        self.people.written() + self.numbers.written() + self.members.written()
    }

    /// Finds the duplicates among what was spilled and hands each record that has some to
    /// `each` in input order: its source, its number, its late problems and whether it had
    /// none before (it is newly rejected).
    pub(crate) fn finish(
        mut self,
        dupes: &DuplicateFinder,
        households: &DuplicateCheck,
        each: &mut dyn FnMut(&str, usize, Issues, bool),
    ) -> std::io::Result<()> {
        let mut found: Vec<Found> = Vec::new();
        // households by village and file number first: those found are not compared by
        // members (as in input order)
        let mut by_number: HashSet<u64> = HashSet::new();
        let columns = std::mem::take(&mut self.columns);
        self.numbers.each_part(|bytes| {
            let mut entries = Vec::new();
            let mut f = Fields::new(bytes);
            while !f.is_empty() {
                let key = f.u64();
                let loc = f.u64();
                let seq = f.u64();
                let village_len: [u8; 1] = f.array();
                let village = f.take(usize::from(village_len[0]));
                let len = u16::from_le_bytes(f.array());
                let number = f.take(usize::from(len));
                entries.push((key, order(loc, seq), loc, seq, village, number));
            }
            entries.sort_unstable_by_key(|e| (e.0, e.1));
            for group in entries.chunk_by(|a, b| a.0 == b.0) {
                let Some(first) = group.first() else { continue };
                let first_at = Location::unpacked(first.2);
                for e in group.iter().skip(1).filter(|e| e.3 != BEFORE) {
                    let at = Location::unpacked(e.2);
                    let village = String::from_utf8_lossy(e.4);
                    let number = String::from_utf8_lossy(e.5);
                    let row = at.row as usize;
                    let column = column_of(&columns, at.file);
                    let issue = households.issue_in(row, column, &village, &number, first_at);
                    by_number.insert(e.3);
                    let source = households.file_name(at.file).to_owned();
                    found.push((e.3, (1, 0), source, row, issue));
                }
            }
        })?;
        self.members.each_part(|bytes| {
            let mut entries = Vec::new();
            let mut f = Fields::new(bytes);
            while !f.is_empty() {
                let key = f.u64();
                let loc = f.u64();
                let seq = f.u64();
                if !by_number.contains(&seq) {
                    entries.push((key, order(loc, seq), loc, seq));
                }
            }
            entries.sort_unstable_by_key(|e| (e.0, e.1));
            for group in entries.chunk_by(|a, b| a.0 == b.0) {
                let Some(first) = group.first() else { continue };
                let first_at = Location::unpacked(first.2);
                for e in group.iter().skip(1).filter(|e| e.3 != BEFORE) {
                    let at = Location::unpacked(e.2);
                    let row = at.row as usize;
                    let issue = households.members_issue(row, first_at);
                    let source = households.file_name(at.file).to_owned();
                    found.push((e.3, (1, 0), source, row, issue));
                }
            }
        })?;
        self.people.each_part(|bytes| {
            let mut entries = Vec::new();
            let mut f = Fields::new(bytes);
            while !f.is_empty() {
                let p: [u8; 16] = f.array();
                let household = f.u32();
                let member = f.u32();
                let seq = f.u64();
                let mut kept = [0u8; 12];
                kept.copy_from_slice(p.get(..12).unwrap_or(&[0; 12]));
                entries.push((kept, household, member, seq, p));
            }
            // the 12 bytes kept of a pseudonym tell people apart, as in memory
            entries.sort_unstable_by_key(|e| (e.0, e.1, e.2));
            for group in entries.chunk_by(|a, b| a.0 == b.0) {
                let Some(first) = group.first() else { continue };
                for e in group.iter().skip(1).filter(|e| e.3 != BEFORE) {
                    let p = Pseudonym::from_bytes(e.4);
                    if let Some((source, n, issue)) =
                        dupes.late_person((first.1, first.2), (e.1, e.2), &p)
                    {
                        found.push((e.3, (0, e.2), source, n, issue));
                    }
                }
            }
        })?;
        found.sort_by_key(|f| (f.0, f.1));
        let mut rest = found.into_iter().peekable();
        while let Some((seq, _, source, n, issue)) = rest.next() {
            let mut issues = Issues(vec![issue]);
            while let Some(next) = rest.next_if(|f| f.0 == seq) {
                issues.push(next.4);
            }
            each(&source, n, issues, !self.was_rejected(seq));
        }
        Ok(())
    }
}

/// The order of an entry among those of its key: those known before the switch first, by
/// place, then the records after it in input order.
fn order(loc: u64, seq: u64) -> (bool, u64) {
    if seq == BEFORE {
        (false, loc)
    } else {
        (true, seq)
    }
}

fn push_key(spill: &mut Spill, key: u64, loc: u64, seq: u64) {
    let mut e = [0u8; 24];
    for (d, s) in e.iter_mut().zip(
        key.to_le_bytes()
            .into_iter()
            .chain(loc.to_le_bytes())
            .chain(seq.to_le_bytes()),
    ) {
        *d = s;
    }
    spill.push(Spill::part_of(key), &e);
}

fn push_number(spill: &mut Spill, key: u64, loc: u64, seq: u64, village: &str, number: &str) {
    let village = village.as_bytes();
    let village = village.get(..usize::from(u8::MAX)).unwrap_or(village);
    let number = number.as_bytes();
    let number = number.get(..usize::from(u16::MAX)).unwrap_or(number);
    let mut e = Vec::with_capacity(27 + village.len() + number.len());
    e.extend_from_slice(&key.to_le_bytes());
    e.extend_from_slice(&loc.to_le_bytes());
    e.extend_from_slice(&seq.to_le_bytes());
    e.extend_from_slice(&[village.len() as u8]);
    e.extend_from_slice(village);
    e.extend_from_slice(&(number.len() as u16).to_le_bytes());
    e.extend_from_slice(number);
    spill.push(Spill::part_of(key), &e);
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]
mod tests {
    use std::collections::BTreeMap;

    use chrono::{Days, NaiveDate};

    use crate::error::Issues;
    use crate::household::{DuplicateFinder, MemorySpill, RecordChecker, check_char};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2020, 6, 30).unwrap()
    }

    /// Person `k`'s ID number, birth date and sex.
    fn person(k: usize) -> (String, String, &'static str) {
        let born = NaiveDate::from_ymd_opt(1970, 1, 1)
            .unwrap()
            .checked_add_days(Days::new((k / 400) as u64))
            .unwrap();
        let seq = 100 + 2 * (k % 400) + usize::from(k.is_multiple_of(3));
        let first17 = format!("522327{}{seq:03}", born.format("%Y%m%d"));
        let check = check_char(first17.as_bytes().try_into().unwrap());
        let sex = if seq % 2 == 1 { "male" } else { "female" };
        (format!("{first17}{check}"), born.to_string(), sex)
    }

    /// A record of file number `F{number}`, in village `village % 90`, of these people.
    fn record(number: usize, village: usize, members: &[usize]) -> String {
        let people: Vec<String> = members
            .iter()
            .enumerate()
            .map(|(m, k)| {
                let (id, born, sex) = person(*k);
                let relation = if m == 0 { "householder" } else { "spouse" };
                format!(
                    r#"{{"name": "成员{m}", "relation": "{relation}", "id_number": "{id}", "sex": "{sex}", "birth_date": "{born}"}}"#
                )
            })
            .collect();
        format!(
            r#"{{"file_number": "F{number:08}", "village": "5223271042{:02}", "identified_year": 2015, "status": "poor", "main_cause": "因病", "members": [{}]}}"#,
            1 + village % 90,
            people.join(", ")
        )
    }

    /// 3,000 records with every kind of duplicate before and after a switch early on:
    /// (line, text).
    fn lines() -> Vec<(usize, Option<String>)> {
        (1..=3000usize)
            .map(|n| {
                let text = match n {
                    // record 10 again: before the switch, and after it
                    500 | 2500 => record(10, 10, &[20, 21]),
                    // record 2000's file number with other members
                    2600 => record(2000, 2000, &[90_001, 90_002]),
                    // record 2100's members with another file number
                    2700 => record(99_999, 2100, &[4200, 4201]),
                    // record 3's spouse (before the switch), record 2200's householder
                    2800 => record(n, n, &[2 * n, 7]),
                    2900 => record(n, n, &[4400, 2 * n + 1]),
                    // a record given by number twice, then its members a third time
                    2950 => record(2010, 2010, &[90_003]),
                    2960 => record(91_000, 2010, &[90_003]),
                    // someone twice in one household
                    2970 => record(n, n, &[2 * n, 2 * n]),
                    n if n.is_multiple_of(997) => "{not json".to_owned(),
                    n => record(n, n, &[2 * n, 2 * n + 1]),
                };
                (n, Some(text))
            })
            .collect()
    }

    /// Each record's problems (late ones after its own), and the records newly rejected
    /// at the end.
    fn check(
        texts: &[(usize, Option<String>)],
        threads: usize,
        spill: Option<usize>,
    ) -> (BTreeMap<usize, Issues>, Vec<usize>, u64) {
        let dupes = DuplicateFinder::new(b"0123456789abcdef").unwrap();
        let mut checker = RecordChecker::new(today(), dupes).threads(threads);
        if let Some(bytes) = spill {
            checker = checker.spill_over(bytes, std::sync::Arc::new(MemorySpill));
        }
        let mut out = BTreeMap::new();
        checker.texts_each(texts, "line", "a.jsonl", &mut |n, issues| {
            out.insert(n, issues);
        });
        let spilled = checker.spilled_bytes();
        let mut newly = Vec::new();
        checker
            .finish(&mut |source, n, issues, new| {
                assert_eq!(source, "a.jsonl");
                let mine = out.get_mut(&n).unwrap();
                assert_eq!(new, mine.is_empty(), "record {n}");
                if new {
                    newly.push(n);
                }
                mine.0.extend(issues.0);
            })
            .unwrap();
        (out, newly, spilled)
    }

    #[test]
    fn duplicates_found_at_the_end_are_those_found_in_memory() {
        let texts = lines();
        let (memory, none, spilled) = check(&texts, 2, None);
        assert!(none.is_empty() && spilled == 0);
        let codes =
            |n: usize| -> Vec<&str> { memory[&n].iter().map(|i| i.code.as_str()).collect() };
        let p = "duplicate_person";
        let h = "duplicate_household";
        assert_eq!(codes(2500), [p, p, h]);
        assert_eq!(codes(2600), [h]);
        assert_eq!(codes(2700), [p, p, h]);
        assert_eq!(codes(2800), [p]);
        assert_eq!(codes(2900), [p]);
        assert_eq!(codes(2950), [h]);
        // 2950 was given twice by number: its members were not kept
        assert_eq!(codes(2960), [p]);
        assert_eq!(codes(2970), ["duplicate_id_number"]);
        // the switch early, or after some duplicates were found in memory
        for (threads, budget) in [(1, 40_000), (2, 40_000), (2, 150_000), (1, 200_000)] {
            let (late, newly, spilled) = check(&texts, threads, Some(budget));
            assert!(spilled > 0, "{budget}");
            assert_eq!(late, memory, "{threads} threads, {budget} bytes");
            assert!(newly.contains(&2500) && newly.contains(&2960));
        }
    }

    #[test]
    fn a_report_with_late_duplicates_is_the_report_in_memory() {
        let texts = lines();
        let report = |spill: Option<usize>| {
            let dupes = DuplicateFinder::new(b"0123456789abcdef").unwrap();
            let mut checker = RecordChecker::new(today(), dupes);
            if let Some(bytes) = spill {
                checker = checker.spill_over(bytes, std::sync::Arc::new(MemorySpill));
            }
            let mut report = crate::household::RecordReport::default();
            checker.texts(&texts, "line", "a.jsonl", &mut report);
            checker.finish_into(&mut report).unwrap();
            report
        };
        let (memory, late) = (report(None), report(Some(40_000)));
        assert_eq!(
            (late.records, late.accepted, &late.issues),
            (memory.records, memory.accepted, &memory.issues)
        );
        assert!(memory.accepted < memory.records);
    }
}
