//! [`DuplicateFinder`]: the same person registered in two households — across files, exports
//! or data sets — found by keyed pseudonyms of ID numbers, so neither the finder nor its
//! reports ever hold a number.

use std::collections::HashMap;
use std::fmt;

use super::id_number::{Pseudonym, PseudonymKey};
use super::{Household, IdNumber};
use crate::error::{Error, Issue, Issues, Path};

/// Where a person was first seen: indexes into the finder's sources and households (a
/// person costs the finder about 30 bytes, not copies of the file name and path; four
/// billion households and members are far beyond any register).
#[derive(Clone, Copy)]
struct Seen {
    source: u32,
    household: u32,
    member: u32,
}

/// An index as stored in [`Seen`].
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
    seen: HashMap<Pseudonym, Seen, BuildPseudonymHasher>,
    sources: Vec<String>,
    households: Vec<Path>,
}

impl fmt::Debug for DuplicateFinder {
    /// Counts only: no key, no pseudonyms.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DuplicateFinder")
            .field("persons", &self.seen.len())
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
            seen: HashMap::default(),
            sources: Vec::new(),
            households: Vec::new(),
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
        let mut issues = Issues::new();
        for &(i, p) in members {
            match self.seen.get(&p) {
                None => {
                    let seen = Seen {
                        source: small(self.source_index(source)),
                        household: small(self.household_index(at)),
                        member: small(i),
                    };
                    self.seen.insert(p, seen);
                }
                Some(first)
                    if self
                        .sources
                        .get(big(first.source))
                        .is_some_and(|s| s == source)
                        && self.households.get(big(first.household)) == Some(at) => {}
                Some(first) => {
                    let hex = p.to_hex();
                    let short: String = hex.chars().take(12).collect();
                    let first_source = self
                        .sources
                        .get(big(first.source))
                        .cloned()
                        .unwrap_or_default();
                    let first_at = self
                        .households
                        .get(big(first.household))
                        .cloned()
                        .unwrap_or_default()
                        .key("members")
                        .index(big(first.member));
                    issues.push(
                        Issue::new(
                            "duplicate_person",
                            at.key("members").index(i).key("id_number"),
                            format!(
                                "the same person (pseudonym {short}…) is already registered in `{first_source}` at {first_at}"
                            ),
                        )
                        .with("pseudonym", hex)
                        .with("first_source", first_source)
                        .with("first_path", first_at.to_string()),
                    );
                }
            }
        }
        issues
    }

    fn source_index(&mut self, source: &str) -> usize {
        if self.sources.last().is_none_or(|s| s != source) {
            self.sources.push(source.to_owned());
        }
        self.sources.len().saturating_sub(1)
    }

    fn household_index(&mut self, at: &Path) -> usize {
        if self.households.last() != Some(at) {
            self.households.push(at.clone());
        }
        self.households.len().saturating_sub(1)
    }

    /// People seen so far (distinct ID numbers).
    pub fn persons(&self) -> usize {
        self.seen.len()
    }
}

/// Hashes pseudonyms by their first bytes: they are HMAC outputs, uniform and not
/// choosable without the key, so SipHash's protection against chosen keys buys nothing.
#[derive(Clone, Copy, Default)]
struct BuildPseudonymHasher;

#[derive(Default)]
struct PseudonymHasher(u64);

impl std::hash::BuildHasher for BuildPseudonymHasher {
    type Hasher = PseudonymHasher;
    fn build_hasher(&self) -> PseudonymHasher {
        PseudonymHasher::default()
    }
}

impl std::hash::Hasher for PseudonymHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for part in bytes.chunks(8) {
            let mut word = [0u8; 8];
            for (w, b) in word.iter_mut().zip(part) {
                *w = *b;
            }
            self.0 = self.0.rotate_left(29) ^ u64::from_le_bytes(word);
        }
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
