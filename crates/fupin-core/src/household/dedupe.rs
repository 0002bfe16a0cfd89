//! [`DuplicateFinder`]: the same person registered in two households — across files, exports
//! or data sets — found by keyed pseudonyms of ID numbers, so neither the finder nor its
//! reports ever hold a number.

use std::fmt;

use super::id_number::{Pseudonym, PseudonymKey};
use super::people::People;
use super::{Household, IdNumber};
use crate::error::{Error, Issue, Issues, Path};

/// Households recorded one after the other at consecutive places of one source: the
/// first one's number (households are numbered in the order they are recorded), the
/// source (an index into the finder's sources), where the first one is — a record
/// number, or [`PATH`] and an index into the finder's other paths — and how many. A
/// file's households are one run, or a few: no memory per household.
#[derive(Clone, Copy)]
struct Households {
    first: u32,
    source: u32,
    at: u64,
    len: u32,
}

/// The bit of [`Households::at`] that says it indexes the finder's paths.
const PATH: u64 = 1 << 63;

/// Members of a household numbered directly: a person is `household × 32 + member`, for
/// households numbered below 2²⁶ (67 million); others are listed in
/// [`DuplicateFinder::others`].
const MEMBER_BITS: u32 = 5;

/// The bit of a person's number that says it indexes [`DuplicateFinder::others`].
const OTHER: u32 = 1 << 31;

/// Where a household is in its source.
#[derive(Clone, Copy)]
enum Where<'a> {
    /// Record (row) `n`: the path `[n]`.
    Record(usize),
    /// Any other path.
    Path(&'a Path),
}

impl Where<'_> {
    /// The path of the household.
    fn path(self) -> Path {
        match self {
            Where::Record(n) => Path::root().index(n),
            Where::Path(p) => p.clone(),
        }
    }
}

/// An index as stored in [`Households`].
fn small(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// A stored index back (any `u32` fits a `usize` on the targets fupin builds for).
fn big(i: u32) -> usize {
    usize::try_from(i).unwrap_or(usize::MAX)
}

/// Finds people registered in more than one household.
///
/// Each member's ID number is turned into its [pseudonym](super::IdNumber::pseudonym) under
/// the caller's key; only pseudonyms are kept and shown. Within one household a number twice
/// is already a rule of [`Household::validate_at`] (`duplicate_id_number`); this finds the
/// same number in *different* households, e.g. a family registered by two villages.
///
/// ```
/// use fupin_core::Path;
/// use fupin_core::household::{DuplicateFinder, Household};
///
/// let record = |file: &str| Household::from_json(&format!(r#"{{
///     "file_number": "{file}", "village": "522327104201", "identified_year": 2014, "status": "poor", "main_cause": "illness",
///     "members": [{{"name": "张三", "relation": "householder", "sex": "male",
///                   "birth_date": "1970-03-12", "id_number": "522327197003120211"}}]}}"#));
/// let mut finder = DuplicateFinder::new(b"a secret key of 16+ bytes")?;
/// assert!(finder.add("a.jsonl", &Path::root().index(1), &record("5223270001001")?).is_empty());
/// let issues = finder.add("b.jsonl", &Path::root().index(7), &record("5223270009001")?);
/// let issue = issues.iter().next().unwrap();
/// assert_eq!(issue.code, "duplicate_person");
/// assert_eq!(issue.path.to_string(), "[7].members[0].id_number");
/// assert!(!issue.message.contains("522327197003120211")); // pseudonym, never the number
/// # Ok::<(), fupin_core::Error>(())
/// ```
pub struct DuplicateFinder {
    key: PseudonymKey,
    people: People,
    sources: Vec<String>,
    /// The households with members recorded, in runs (their first numbers rise).
    households: Vec<Households>,
    /// The paths of households given by a path other than a record number.
    paths: Vec<Path>,
    /// The number of the next household.
    next: u32,
    /// People not numbered directly (a member from the 32nd on, or a household numbered
    /// from 2²⁶ on): (household, member).
    others: Vec<(u32, u32)>,
}

impl fmt::Debug for DuplicateFinder {
    /// Counts only: no key, no pseudonyms.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DuplicateFinder")
            .field("persons", &self.people.len())
            .finish_non_exhaustive()
    }
}

/// Shortest key accepted, in bytes.
pub const MIN_KEY_BYTES: usize = 16;

impl DuplicateFinder {
    /// A finder with this secret key (at least [`MIN_KEY_BYTES`] bytes; use the same key to
    /// compare pseudonyms across runs).
    pub fn new(key: &[u8]) -> Result<Self, Error> {
        if key.len() < MIN_KEY_BYTES {
            return Err(Error::Validation(Issues(vec![
                Issue::new(
                    "weak_key",
                    Path::root().key("key"),
                    format!(
                        "a pseudonym key needs at least {MIN_KEY_BYTES} bytes, this one has {}",
                        key.len()
                    ),
                )
                .with("min", MIN_KEY_BYTES),
            ])));
        }
        Ok(DuplicateFinder::with_key(key))
    }

    /// A finder with a fresh random key: duplicates are found within this run, and its
    /// pseudonyms cannot be linked to any other run's.
    pub fn with_random_key() -> Self {
        let mut key = Vec::with_capacity(32);
        key.extend_from_slice(uuid::Uuid::new_v4().as_bytes());
        key.extend_from_slice(uuid::Uuid::new_v4().as_bytes());
        DuplicateFinder::with_key(&key)
    }

    fn with_key(key: &[u8]) -> Self {
        DuplicateFinder {
            key: PseudonymKey::new(key),
            people: People::default(),
            sources: Vec::new(),
            households: Vec::new(),
            paths: Vec::new(),
            next: 0,
            others: Vec::new(),
        }
    }

    /// The prepared key, for computing pseudonyms on other threads
    /// ([`DuplicateFinder::add_pseudonyms`] then records them in order).
    pub fn key(&self) -> &PseudonymKey {
        &self.key
    }

    /// Records the members of `household` (found in `source` at `at`, e.g. a file name
    /// and the row) and reports each member whose number an earlier, different household
    /// has: code `duplicate_person`, path `at.members[i].id_number`, the pseudonym and where
    /// it was first seen in the parameters.
    pub fn add(&mut self, source: &str, at: &Path, household: &Household) -> Issues {
        let found = pseudonyms(
            &self.key,
            household.members.iter().map(|m| m.id_number.as_ref()),
        );
        self.add_pseudonyms(source, at, &found)
    }

    /// As [`DuplicateFinder::add`], for a household whose members' pseudonyms (member
    /// index, pseudonym under [`DuplicateFinder::key`]) were computed already, e.g. on
    /// another thread by [`pseudonyms`].
    pub fn add_pseudonyms(
        &mut self,
        source: &str,
        at: &Path,
        members: &[(usize, Pseudonym)],
    ) -> Issues {
        let place = match at.items() {
            [crate::error::PathItem::Index(n)] => Where::Record(*n),
            _ => Where::Path(at),
        };
        self.add_at(source, place, members)
    }

    /// As [`DuplicateFinder::add_pseudonyms`], for the household of record `record` (the
    /// path `[record]`): nothing is allocated unless someone was seen before.
    pub fn add_pseudonyms_at(
        &mut self,
        source: &str,
        record: usize,
        members: &[(usize, Pseudonym)],
    ) -> Issues {
        self.add_at(source, Where::Record(record), members)
    }

    fn add_at(&mut self, source: &str, place: Where<'_>, members: &[(usize, Pseudonym)]) -> Issues {
        let mut issues = Issues::new();
        if members.is_empty() {
            return issues;
        }
        let here = self.household(source, place);
        for &(i, p) in members {
            let person = self.person(here, small(i));
            let Some(before) = self.people.find_or_add(&p, person) else {
                continue;
            };
            let (household, member) = self.household_of(before);
            if household == here || self.same_place(household, source, place) {
                continue;
            }
            issues.push(self.person_issue(place.path(), i, &p, household, member));
        }
        issues
    }

    /// `duplicate_person` of member `i` of the household at `path`, of pseudonym `p`,
    /// first seen as member `member` of household `household`.
    fn person_issue(
        &self,
        path: Path,
        i: usize,
        p: &Pseudonym,
        household: u32,
        member: u32,
    ) -> Issue {
        let hex = p.to_hex();
        let short: String = hex.chars().take(12).collect();
        let (first_source, first_path) = self.place_of(household);
        let first_at = first_path.key("members").index(big(member));
        Issue::new(
            "duplicate_person",
            path.key("members").index(i).key("id_number"),
            format!(
                "the same person (pseudonym {short}…) is already registered in `{first_source}` at {first_at}"
            ),
        )
        .with("pseudonym", hex)
        .with("first_source", first_source)
        .with("first_path", first_at.to_string())
    }

    /// The number of the household of record `record` of `source` (as
    /// [`DuplicateFinder::add_pseudonyms_at`] numbers it), its members left to the caller
    /// ([`super::late`]).
    pub(crate) fn household_at(&mut self, source: &str, record: usize) -> u32 {
        self.household(source, Where::Record(record))
    }

    /// Hands every person recorded to `each` (the 12 bytes kept of the pseudonym, the
    /// household and the member) and forgets them (the places of the households are kept).
    pub(crate) fn drain_people(&mut self, mut each: impl FnMut([u8; 12], u32, u32)) {
        let people = std::mem::take(&mut self.people);
        people.each(|kept, person| {
            let (household, member) = self.household_of(person);
            each(kept, household, member);
        });
    }

    /// The problem of member `later.1` of household `later.0` whose pseudonym `p` is that
    /// of member `first.1` of the earlier household `first.0` (as
    /// [`DuplicateFinder::add_pseudonyms_at`] would have reported it): with the source and
    /// the record of the later one; `None` when both are the same household.
    pub(crate) fn late_person(
        &self,
        first: (u32, u32),
        later: (u32, u32),
        p: &Pseudonym,
    ) -> Option<(String, usize, Issue)> {
        if first.0 == later.0 {
            return None;
        }
        let (source, path) = self.place_of(later.0);
        let n = match path.items() {
            [crate::error::PathItem::Index(n)] => *n,
            _ => return None,
        };
        if self.same_place(first.0, &source, Where::Record(n)) {
            return None;
        }
        let issue = self.person_issue(path, big(later.1), p, first.0, first.1);
        Some((source, n, issue))
    }

    /// The number of member `member` of household `household`.
    fn person(&mut self, household: u32, member: u32) -> u32 {
        if member < (1 << MEMBER_BITS) && household < (OTHER >> MEMBER_BITS) {
            return (household << MEMBER_BITS) | member;
        }
        // numbers are kept for the people recorded; a number given again to someone seen
        // before is not used
        self.others.push((household, member));
        OTHER | small(self.others.len() - 1).min(OTHER - 1)
    }

    /// The household and member of person `person`.
    fn household_of(&self, person: u32) -> (u32, u32) {
        if person & OTHER == 0 {
            (person >> MEMBER_BITS, person & ((1 << MEMBER_BITS) - 1))
        } else {
            self.others
                .get(big(person & !OTHER))
                .copied()
                .unwrap_or((u32::MAX, 0))
        }
    }

    /// The run of household `household`, and its place in the run.
    fn run_of(&self, household: u32) -> Option<(Households, u32)> {
        let i = self
            .households
            .partition_point(|r| r.first <= household)
            .checked_sub(1)?;
        let run = self.households.get(i).copied()?;
        (household - run.first < run.len).then_some((run, household - run.first))
    }

    /// The number of the household at `place` of `source`: the last one when it is the
    /// same, else the next one.
    fn household(&mut self, source: &str, place: Where<'_>) -> u32 {
        if self.next > 0 && self.same_place(self.next - 1, source, place) {
            return self.next - 1;
        }
        if self.sources.last().is_none_or(|s| s != source) {
            self.sources.push(source.to_owned());
        }
        let source = small(self.sources.len().saturating_sub(1));
        let here = self.next;
        self.next = self.next.saturating_add(1);
        if let Where::Record(n) = place
            && let Some(last) = self.households.last_mut()
            && last.source == source
            && last.at & PATH == 0
            && last.first + last.len == here
            && last.at + u64::from(last.len) == n as u64
        {
            last.len += 1;
            return here;
        }
        let at = match place {
            Where::Record(n) if (n as u64) < PATH => n as u64,
            _ => {
                self.paths.push(place.path());
                PATH | (self.paths.len() as u64 - 1)
            }
        };
        self.households.push(Households {
            first: here,
            source,
            at,
            len: 1,
        });
        here
    }

    /// Whether household `household` is the one at `place` of `source`.
    fn same_place(&self, household: u32, source: &str, place: Where<'_>) -> bool {
        let Some((run, k)) = self.run_of(household) else {
            return false;
        };
        let same_source = self
            .sources
            .get(big(run.source))
            .is_some_and(|s| s == source);
        same_source
            && match place {
                Where::Record(n) if (n as u64) < PATH && run.at & PATH == 0 => {
                    run.at + u64::from(k) == n as u64
                }
                _ => self.place_of(household).1 == place.path(),
            }
    }

    /// The source and the path of household `household`.
    fn place_of(&self, household: u32) -> (String, Path) {
        let Some((run, k)) = self.run_of(household) else {
            return (String::new(), Path::root());
        };
        let source = self
            .sources
            .get(big(run.source))
            .cloned()
            .unwrap_or_default();
        let path = if run.at & PATH == 0 {
            Path::root().index(usize::try_from(run.at + u64::from(k)).unwrap_or(usize::MAX))
        } else {
            usize::try_from(run.at & !PATH)
                .ok()
                .and_then(|i| self.paths.get(i))
                .cloned()
                .unwrap_or_default()
        };
        (source, path)
    }

    /// People seen so far (distinct ID numbers).
    pub fn persons(&self) -> usize {
        self.people.len()
    }

    /// Reads the places of `members`' pseudonyms in the table of people, all at once
    /// before they are added one by one, so that the fetches from memory overlap (a
    /// table of millions of people is far larger than the caches).
    pub(crate) fn warm(&mut self, members: &[(usize, Pseudonym)]) {
        self.people.warm(members.iter().map(|(_, p)| p));
    }

    /// Bytes taken by what the finder keeps of the people and households seen (about
    /// 22 a person, 90 a household of four).
    pub fn retained_bytes(&self) -> usize {
        self.people.bytes()
            + self.households.capacity() * std::mem::size_of::<Households>()
            + self.paths.capacity() * std::mem::size_of::<Path>()
            + self.others.capacity() * 8
            + self.sources.iter().map(String::capacity).sum::<usize>()
    }
}

/// The pseudonyms of the members that have an ID number (member index, pseudonym), in
/// member order: what [`DuplicateFinder::add_pseudonyms`] records.
pub fn pseudonyms<'a>(
    key: &PseudonymKey,
    ids: impl Iterator<Item = Option<&'a IdNumber>>,
) -> Vec<(usize, Pseudonym)> {
    ids.enumerate()
        .filter_map(|(i, id)| id.map(|id| (i, key.of(id))))
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::*;

    fn household(ids: &[&str]) -> Household {
        let members: Vec<String> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| {
                let relation = if i == 0 { "householder" } else { "child" };
                format!(
                    r#"{{"name": "成员{i}", "relation": "{relation}", "sex": "male", "birth_date": "1970-03-12", "id_number": "{id}"}}"#
                )
            })
            .collect();
        Household::from_json(&format!(
            r#"{{"file_number": "5223270001001", "village": "522327104201", "identified_year": 2014, "status": "poor", "main_cause": "illness", "members": [{}]}}"#,
            members.join(",")
        ))
        .unwrap()
    }

    #[test]
    fn pseudonyms_depend_on_the_key_and_short_keys_are_refused() {
        let h = household(&["522327197003120211"]);
        let mut a = DuplicateFinder::new(b"0123456789abcdef").unwrap();
        let mut b = DuplicateFinder::new(b"fedcba9876543210").unwrap();
        a.add("x", &Path::root().index(1), &h);
        b.add("x", &Path::root().index(1), &h);
        let pa = a.add("y", &Path::root().index(1), &h);
        let pb = b.add("y", &Path::root().index(1), &h);
        assert_ne!(
            pa.iter().next().unwrap().params.get("pseudonym"),
            pb.iter().next().unwrap().params.get("pseudonym")
        );
        assert_eq!(
            DuplicateFinder::new(b"short").unwrap_err().code(),
            "validation"
        );
        let pseudonym = pa
            .iter()
            .next()
            .unwrap()
            .params
            .get("pseudonym")
            .unwrap()
            .to_string();
        assert!(!format!("{a:?}").contains(pseudonym.trim_matches('"')));
    }

    /// A valid ID number, the `i`th of many (born in 1970, distinct for `i` below 28,000).
    fn id(i: usize) -> String {
        let seq = format!("5223271970{:04}{:03}", 101 + (i / 1000) % 28, i % 1000);
        let first17: [u8; 17] = seq.as_bytes().try_into().unwrap();
        format!("{seq}{}", super::super::check_char(&first17))
    }

    #[test]
    fn a_person_seen_again_is_placed_by_record_number_and_member_among_many() {
        let key = PseudonymKey::new(b"0123456789abcdef");
        let mut f = DuplicateFinder::new(b"0123456789abcdef").unwrap();
        let person = |i: usize| key.of(&id(i).parse().unwrap());
        for record in 1..=3000 {
            // members 0 and 2 have ID numbers, member 1 none
            let members = [(0, person(2 * record)), (2, person(2 * record + 1))];
            let file = if record <= 1500 { "a.jsonl" } else { "b.jsonl" };
            assert!(f.add_pseudonyms_at(file, record, &members).is_empty());
        }
        assert_eq!(f.persons(), 6000);
        // member 2 of record 1200 and member 0 of record 2001, again in one household
        let again = [(1, person(2401)), (3, person(4002)), (4, person(9000))];
        let issues = f.add_pseudonyms(".", &Path::root().key("x").index(4), &again);
        let found: Vec<(String, String, String)> = issues
            .iter()
            .map(|i| {
                let param = |k: &str| i.params.get(k).unwrap().as_str().unwrap().to_owned();
                (
                    i.path.to_string(),
                    param("first_source"),
                    param("first_path"),
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                (
                    "x[4].members[1].id_number".to_owned(),
                    "a.jsonl".to_owned(),
                    "[1200].members[2]".to_owned()
                ),
                (
                    "x[4].members[3].id_number".to_owned(),
                    "b.jsonl".to_owned(),
                    "[2001].members[0]".to_owned()
                ),
            ]
        );
        // and one first seen in the household given by its path
        let issues = f.add_pseudonyms_at("c.jsonl", 1, &[(0, person(9000))]);
        let issue = issues.iter().next().unwrap();
        assert_eq!(issue.params.get("first_path").unwrap(), "x[4].members[4]");
        assert_eq!(issue.params.get("first_source").unwrap(), ".");
        // a member from the 32nd on is placed as well
        assert!(
            f.add_pseudonyms_at("d.jsonl", 9, &[(35, person(9500))])
                .is_empty()
        );
        let issues = f.add_pseudonyms_at("d.jsonl", 10, &[(0, person(9500))]);
        let issue = issues.iter().next().unwrap();
        assert_eq!(issue.params.get("first_path").unwrap(), "[9].members[35]");
        // about 16 bytes a household and 22 a person
        assert!(
            f.retained_bytes() < 3000 * 16 * 2 + 6000 * 32 + 256 * 16 * 16,
            "{}",
            f.retained_bytes()
        );
    }

    #[test]
    fn a_household_seen_again_after_others_is_not_its_own_duplicate() {
        let h = household(&[&id(1), &id(2)]);
        let other = household(&[&id(3)]);
        let mut f = DuplicateFinder::with_random_key();
        assert!(f.add("a", &Path::root().index(1), &h).is_empty());
        assert!(f.add("a", &Path::root().index(2), &other).is_empty());
        assert!(f.add("a", &Path::root().index(1), &h).is_empty());
        // still first seen at [2], however often given
        assert_eq!(f.add("a", &Path::root().key("k"), &other).len(), 1);
        assert_eq!(f.add("a", &Path::root().key("k"), &other).len(), 1);
        assert_eq!(f.add("b", &Path::root().index(1), &h).len(), 2);
    }

    #[test]
    fn the_same_household_seen_again_is_not_its_own_duplicate() {
        let h = household(&["522327197003120211"]);
        let mut f = DuplicateFinder::with_random_key();
        assert!(f.add("a", &Path::root().index(1), &h).is_empty());
        assert!(f.add("a", &Path::root().index(1), &h).is_empty());
        assert_eq!(f.add("a", &Path::root().index(2), &h).len(), 1);
        assert_eq!(f.persons(), 1);
    }
}
