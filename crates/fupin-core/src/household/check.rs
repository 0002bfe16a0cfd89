//! Checking many household records quickly: each record through the fast path
//! ([`super::fast`]), and only those it does not accept through the thorough one, so the
//! issues are exactly those of [`Household::from_value`] and [`Household::validate_at`];
//! batches on several threads, results in input order. No I/O: callers read the records.

use chrono::NaiveDate;
use serde_json::Value;

use super::dedupe::pseudonyms;
use super::id_number::{Pseudonym, PseudonymKey};
use super::{Household, IdNumber, fast};
use crate::error::{Issue, Issues};

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
}

fn accepted(ids: &[Option<IdNumber>], key: &PseudonymKey) -> RecordCheck {
    RecordCheck {
        issues: Issues::new(),
        pseudonyms: pseudonyms(key, ids.iter().map(Option::as_ref)),
        fast: true,
    }
}

fn thorough(value: Value, today: NaiveDate, key: &PseudonymKey) -> RecordCheck {
    match Household::from_value(value) {
        Ok(h) => RecordCheck {
            issues: h.validate_at(today),
            pseudonyms: pseudonyms(key, h.members.iter().map(|m| m.id_number.as_ref())),
            fast: false,
        },
        Err(e) => RecordCheck {
            issues: e.issues(),
            pseudonyms: Vec::new(),
            fast: false,
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
    if let Some(ids) = fast::clean_ids_json(text, today) {
        return Ok(accepted(&ids, key));
    }
    Ok(thorough(crate::parse_json(text)?, today, key))
}

/// As [`check_json`], for bytes not yet known to be UTF-8: the fast path reads them
/// directly; `Err(None)` when a record it does not accept is not UTF-8 text.
pub fn check_json_bytes(
    bytes: &[u8],
    today: NaiveDate,
    key: &PseudonymKey,
) -> Result<RecordCheck, Option<Issue>> {
    if let Some(ids) = fast::clean_ids_bytes(bytes, today) {
        return Ok(accepted(&ids, key));
    }
    let text = std::str::from_utf8(bytes).map_err(|_| None)?;
    Ok(thorough(crate::parse_json(text).map_err(Some)?, today, key))
}

/// As [`check_json`], for a record already parsed (a Python dict, a JS object); only a
/// record the fast path does not accept is copied (for the thorough path).
pub fn check_value(value: &Value, today: NaiveDate, key: &PseudonymKey) -> RecordCheck {
    match fast::clean_ids_value(value, today) {
        Some(ids) => accepted(&ids, key),
        None => thorough(value.clone(), today, key),
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
    std::thread::scope(|s| {
        let handles: Vec<_> = items
            .chunks(share)
            .map(|part| s.spawn(move || part.iter().map(check).collect::<Vec<R>>()))
            .collect();
        let mut out = Vec::with_capacity(items.len());
        for h in handles {
            match h.join() {
                Ok(part) => out.extend(part),
                // a panic in `check` is the caller's: pass it on
                Err(payload) => std::panic::resume_unwind(payload),
            }
        }
        out
    })
}
