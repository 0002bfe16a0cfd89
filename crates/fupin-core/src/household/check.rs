//! Checking many household records quickly: each record through the fast path
//! ([`super::fast`]), and only those it does not accept through the thorough one, so the
//! issues are exactly those of [`Household::from_value`] and [`Household::validate_at`];
//! batches on several threads, results in input order. No I/O: callers read the records.

use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::Value;

use super::dedupe::pseudonyms;
use super::fingerprint::{fingerprint_bytes, members_fingerprint_raw};
use super::id_number::{Pseudonym, PseudonymKey};
use super::{Household, IdNumber, fast};
use crate::error::{Issue, Issues};
use crate::region::RegionCode;

/// What checking one household record found.
#[derive(Debug, Default, Clone)]
pub struct RecordCheck {
    /// Every problem of the record (shape, types, rules as of the day asked), paths from
    /// the record (`members[0].id_number`); empty when the record is clean.
    pub issues: Issues,
    /// The members' ID numbers as pseudonyms (member index, pseudonym) when the record
    /// could be read, for [`super::DuplicateFinder::add_pseudonyms`]; empty otherwise.
    pub pseudonyms: Vec<(usize, Pseudonym)>,
    /// Whether the fast path accepted the record (for benchmarks and tests).
    pub fast: bool,
    /// What finds the household given twice ([`super::DuplicateCheck`]) when the record
    /// could be read; `None` otherwise.
    pub keys: Option<HouseholdKeys>,
}

/// What [`super::DuplicateCheck`] knows a household record by, made where the record is
/// checked (on any thread) so that the check in input order only looks keys up: the same
/// household is the same village and file number, or failing that the same members.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HouseholdKeys {
    /// The village (its 12-digit code is named in the duplicate's message).
    pub village: RegionCode,
    /// [`super::fingerprint`] of the village's 12-digit code.
    pub village_key: u64,
    /// [`super::fingerprint`] of the file number (trimmed); `None` when it is blank.
    pub number: Option<u64>,
    /// [`super::members_fingerprint`] of the members' ID numbers; `None` when none has one.
    pub members: Option<u64>,
}

impl HouseholdKeys {
    /// The keys of a household of `village`, file number `file_number` and members' ID
    /// numbers `ids`.
    pub(crate) fn new<'a>(
        village: RegionCode,
        file_number: &str,
        ids: impl Iterator<Item = &'a IdNumber>,
    ) -> Self {
        let mut digits = [0u8; 12];
        {
            use std::io::Write;
            // the 12-digit form (`Display`), written without allocating
            let _ = write!(digits.as_mut_slice(), "{village}");
        }
        let number = file_number.trim();
        let mut raw = [[0u8; 18]; 8];
        let mut more: Vec<[u8; 18]> = Vec::new();
        let mut n = 0;
        for id in ids {
            match raw.get_mut(n) {
                Some(slot) if more.is_empty() => *slot = *id.raw(),
                _ => {
                    if more.is_empty() {
                        more.extend_from_slice(&raw);
                    }
                    more.push(*id.raw());
                }
            }
            n += 1;
        }
        let members = if more.is_empty() {
            members_fingerprint_raw(raw.get_mut(..n).unwrap_or_default())
        } else {
            members_fingerprint_raw(&mut more)
        };
        HouseholdKeys {
            village,
            village_key: fingerprint_bytes(&digits),
            number: (!number.is_empty()).then(|| fingerprint_bytes(number.as_bytes())),
            members,
        }
    }
}

fn accepted(clean: fast::Clean, key: &PseudonymKey) -> RecordCheck {
    RecordCheck {
        issues: Issues::new(),
        pseudonyms: pseudonyms(key, clean.ids().iter().map(Option::as_ref)),
        fast: true,
        keys: Some(clean.keys),
    }
}

/// What the rules find in a household read whole.
fn ruled(h: &Household, today: NaiveDate, key: &PseudonymKey) -> RecordCheck {
    RecordCheck {
        issues: h.validate_at(today),
        pseudonyms: pseudonyms(key, h.members.iter().map(|m| m.id_number.as_ref())),
        fast: false,
        keys: Some(HouseholdKeys::new(
            h.village,
            &h.file_number,
            h.members.iter().filter_map(|m| m.id_number.as_ref()),
        )),
    }
}

/// The household of a record the fast path read whole but found breaking a rule
/// ([`fast::Miss::Broken`]), read straight from the text by serde's derive — the JSON tree
/// of [`Household::from_value`] skipped: for a record of that shape its field-by-field
/// checks find nothing and it ends in the same derive, from the tree. `None` (the
/// thorough path then) should the derive refuse it after all.
#[cfg(not(target_arch = "wasm32"))]
fn typed(text: &str) -> Option<Household> {
    match super::scan::read::<Household>(text) {
        Ok(h) => Some(h),
        Err(super::scan::Refused::Rejected) => None,
        Err(super::scan::Refused::Syntax) => serde_json::from_str::<Household>(text).ok(),
    }
}

/// In the browser build, always `None`: such records take the thorough path (the same
/// issues, only slower), as the derive from text would add about 20 KB to the gzipped
/// module (the size bar of `scripts/test`).
#[cfg(target_arch = "wasm32")]
fn typed(_text: &str) -> Option<Household> {
    None
}

/// [`check_json`] of a record the fast path did not accept (`miss`: why).
fn rest(
    text: &str,
    miss: fast::Miss,
    today: NaiveDate,
    key: &PseudonymKey,
) -> Result<RecordCheck, Issue> {
    if miss == fast::Miss::Broken
        && let Some(h) = typed(text)
    {
        return Ok(ruled(&h, today, key));
    }
    Ok(thorough(crate::parse_json(text)?, today, key))
}

fn thorough(value: Value, today: NaiveDate, key: &PseudonymKey) -> RecordCheck {
    match Household::from_value(value) {
        Ok(h) => ruled(&h, today, key),
        Err(e) => RecordCheck {
            issues: e.issues(),
            pseudonyms: Vec::new(),
            fast: false,
            keys: None,
        },
    }
}

/// Checks one household record given as JSON text, as of `today`, with the pseudonyms of
/// its members' ID numbers under `key`. `Err` when the text is not JSON or holds a key
/// twice in one object: the issue of [`crate::parse_json`] (`invalid_json`,
/// `duplicate_key`), for the caller to place.
///
/// ```
/// use chrono::NaiveDate;
/// use fupin_core::household::{PseudonymKey, check_json};
///
/// let key = PseudonymKey::new(b"a secret key of 16+ bytes");
/// let today = NaiveDate::from_ymd_opt(2020, 6, 30).unwrap();
/// let found = check_json(r#"{"file_number": "5223270001", "village": "5223271002",
///     "identified_year": 2014, "status": "poor", "main_cause": "因病",
///     "members": [{"name": "王某", "relation": "householder", "sex": "female"}]}"#, today, &key)?;
/// let codes: Vec<(&str, String)> =
///     found.issues.iter().map(|i| (i.code.as_str(), i.path.to_string())).collect();
/// assert_eq!(codes, [("code_length", "village".to_owned())]);
/// assert!(check_json("{", today, &key).is_err());
/// # Ok::<(), fupin_core::Issue>(())
/// ```
pub fn check_json(text: &str, today: NaiveDate, key: &PseudonymKey) -> Result<RecordCheck, Issue> {
    match fast::clean_json(text, today) {
        Ok(clean) => Ok(accepted(clean, key)),
        Err(miss) => rest(text, miss, today, key),
    }
}

/// As [`check_json`], for bytes not yet known to be UTF-8: the fast path reads them
/// directly; `Err(None)` when a record it does not accept is not UTF-8 text.
pub fn check_json_bytes(
    bytes: &[u8],
    today: NaiveDate,
    key: &PseudonymKey,
) -> Result<RecordCheck, Option<Issue>> {
    match fast::clean_bytes(bytes, today) {
        Ok(clean) => Ok(accepted(clean, key)),
        Err(miss) => rest_bytes(bytes, miss, today, key),
    }
}

/// [`check_json_bytes`] of a record the fast path did not accept (`miss`: why).
pub(crate) fn rest_bytes(
    bytes: &[u8],
    miss: fast::Miss,
    today: NaiveDate,
    key: &PseudonymKey,
) -> Result<RecordCheck, Option<Issue>> {
    // checked as a whole (vectorised), as on the fast path
    let text = simdutf8::basic::from_utf8(bytes).map_err(|_| None)?;
    rest(text, miss, today, key).map_err(Some)
}

/// A household record given as a JSON text (`what` names it in messages: `line`), read for
/// counting: the record when it could be read (`None` otherwise), and every problem of it
/// as of `today`, paths from the record — the problems [`check_json_bytes`] finds, by the
/// same paths (the derive from the text for the usual record, the thorough path for the
/// others).
pub(crate) fn read_record(
    text: &[u8],
    what: &str,
    today: NaiveDate,
) -> (Option<Household>, Issues) {
    let text = super::batch::without_bom(text);
    let Ok(text) = simdutf8::basic::from_utf8(text) else {
        return (None, Issues(vec![super::batch::text_issue(what, None)]));
    };
    if let Some(h) = typed(text) {
        let issues = h.validate_at(today);
        return (Some(h), issues);
    }
    match crate::parse_json(text) {
        Err(issue) => (
            None,
            Issues(vec![super::batch::text_issue(what, Some(issue))]),
        ),
        Ok(value) => match Household::from_value(value) {
            Ok(h) => {
                let issues = h.validate_at(today);
                (Some(h), issues)
            }
            Err(e) => (None, e.issues()),
        },
    }
}

/// As [`check_json`], for a record already parsed (a Python dict, a JS object); only a
/// record the fast path does not accept is copied (for the thorough path).
pub fn check_value(value: &Value, today: NaiveDate, key: &PseudonymKey) -> RecordCheck {
    match fast::clean_value(value, today) {
        Ok(clean) => accepted(clean, key),
        // read whole: the derive from the value, as `Household::from_value` ends
        Err(fast::Miss::Broken) => match Household::deserialize(value) {
            Ok(h) => ruled(&h, today, key),
            Err(_) => thorough(value.clone(), today, key),
        },
        Err(fast::Miss::Unread) => thorough(value.clone(), today, key),
    }
}

/// Runs `check` on every item, on up to `threads` threads (contiguous shares, so no
/// coordination per item), and returns the results in input order. One thread (or few
/// items) runs on the caller's thread: nothing is spawned (wasm has no threads).
pub fn check_all<T, R, F>(items: &[T], threads: usize, check: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    let threads = threads.clamp(1, items.len().max(1));
    if threads == 1 {
        return items.iter().map(&check).collect();
    }
    let share = items.len().div_ceil(threads);
    let check = &check;
    // the last share on the caller's thread, the others on threads of their own
    let (others, last) = items.split_at(share * (threads - 1).min(items.len() / share.max(1)));
    std::thread::scope(|s| {
        let handles: Vec<_> = others
            .chunks(share)
            .map(|part| s.spawn(move || part.iter().map(check).collect::<Vec<R>>()))
            .collect();
        let mine: Vec<R> = last.iter().map(check).collect();
        let mut out = Vec::with_capacity(items.len());
        for h in handles {
            match h.join() {
                Ok(part) => out.extend(part),
                // a panic in `check` is the caller's: pass it on
                Err(payload) => std::panic::resume_unwind(payload),
            }
        }
        out.extend(mine);
        out
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2020, 6, 30).unwrap_or_default()
    }

    /// A clean household of two, as JSON, with `extra` fields set on it.
    fn record(extra: &[(&str, Value)]) -> String {
        let mut v = serde_json::json!({
            "file_number": "5223270001", "village": "522327100201", "identified_year": 2014,
            "status": "poor", "main_cause": "因病", "income_per_capita": 3000,
            "income": {"wages": 6000},
            "members": [
                {"name": "王某", "relation": "householder", "sex": "female",
                 "id_number": "11010519491231002X", "birth_date": "1949-12-31"},
                {"name": "李某", "relation": "spouse", "sex": "male"}
            ]
        });
        for (k, x) in extra {
            v[*k] = x.clone();
        }
        v.to_string()
    }

    /// What the thorough path alone finds.
    fn thorough_only(text: &str) -> Issues {
        thorough(
            crate::parse_json(text).unwrap(),
            today(),
            &PseudonymKey::new(b"k"),
        )
        .issues
    }

    #[test]
    fn records_have_the_household_size_of_every_other_input() {
        // the records' bound on members is the one tables and rows of fields are checked
        // against (`assess::HOUSEHOLD_SIZE`)
        let key = PseudonymKey::new(b"k");
        let size = |n: usize| {
            let mut members = vec![serde_json::json!(
                {"name": "王某", "relation": "householder", "sex": "female"})];
            members.extend((1..n).map(|_| {
                serde_json::json!(
                {"name": "李某", "relation": "child", "sex": "male"})
            }));
            let found = check_json(
                &record(&[("members", Value::Array(members))]),
                today(),
                &key,
            )
            .unwrap();
            !found
                .issues
                .iter()
                .any(|i| i.code == "field_length" && i.path.to_string() == "members")
        };
        let (low, high) = (
            usize::from(*crate::assess::HOUSEHOLD_SIZE.start()),
            usize::from(*crate::assess::HOUSEHOLD_SIZE.end()),
        );
        assert!(size(low) && size(high));
        assert!(!size(high + 1));
        assert!(crate::assess::household_size(i128::try_from(high + 1).unwrap()).is_err());
    }

    #[test]
    fn a_record_read_whole_that_breaks_a_rule_is_read_by_the_derive_with_the_same_issues() {
        let key = PseudonymKey::new(b"k");
        assert!(fast::clean_json(&record(&[]), today()).is_ok());
        for extra in [
            ("income_per_capita", serde_json::json!(-10)),
            ("identified_year", serde_json::json!(2021)),
            ("other_causes", serde_json::json!(["因病"])),
        ] {
            let text = record(&[extra]);
            assert_eq!(
                fast::clean_json(&text, today()).err(),
                Some(fast::Miss::Broken),
                "{text}"
            );
            assert!(typed(&text).is_some(), "{text}");
            let found = check_json(&text, today(), &key).unwrap();
            assert!(!found.issues.is_empty());
            assert_eq!(found.issues, thorough_only(&text), "{text}");
        }
    }

    #[test]
    fn a_record_not_read_whole_is_left_to_the_thorough_path() {
        // a member given as a list (the derive would read it), an unknown field, a key
        // twice, a village code of no level
        let spoiled = [
            record(&[("village", serde_json::json!("5223271002"))]),
            record(&[(
                "members",
                serde_json::json!([["王某", "householder", null, "female"]]),
            )]),
            record(&[("colour", serde_json::json!("red"))]),
            record(&[]).replacen('{', r#"{"status": "poor","#, 1),
        ];
        for text in spoiled {
            assert_eq!(
                fast::clean_json(&text, today()).err(),
                Some(fast::Miss::Unread),
                "{text}"
            );
        }
    }
}
