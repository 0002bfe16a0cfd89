//! Text columns of the fast path: village codes and statuses, as dictionaries (each distinct
//! value read once) or as text in any of Arrow's three layouts (read once per run of equal
//! values, without a dynamic call per row).

use arrow_array::cast::AsArray;
use arrow_array::types::{Int32Type, Int64Type};
use arrow_array::{Array, ArrayRef, StringViewArray};
use arrow_schema::DataType;
use fupin_core::RegionCode;
use fupin_core::household::HouseholdStatus;

/// Text of row `i` of a string column (any of the three layouts).
fn strings<'a>(a: &'a ArrayRef) -> Option<Box<dyn Fn(usize) -> &'a str + 'a>> {
    match a.data_type() {
        DataType::Utf8 => {
            let s = a.as_string::<i32>();
            Some(Box::new(move |i| s.value(i)))
        }
        DataType::LargeUtf8 => {
            let s = a.as_string::<i64>();
            Some(Box::new(move |i| s.value(i)))
        }
        DataType::Utf8View => {
            let s = a.as_string_view();
            Some(Box::new(move |i| s.value(i)))
        }
        _ => None,
    }
}

/// A 12-digit code as a number, or `None` (then the general path reports it).
fn digits12(s: &str) -> Option<u64> {
    let b = s.as_bytes();
    if b.len() != 12 {
        return None;
    }
    b.iter().try_fold(0u64, |acc, d| {
        d.is_ascii_digit().then(|| acc * 10 + u64::from(d - b'0'))
    })
}

/// A village column dictionary-encoded: the distinct codes and, per row, the index of its
/// code. `None` when any code is not 12 digits (then the general path reports it).
pub(super) struct Coded {
    pub(super) villages: Vec<RegionCode>,
    pub(super) keys: Vec<u32>,
}

pub(crate) fn code_of(s: &str) -> Option<RegionCode> {
    RegionCode::from_u64(digits12(s.trim())?).ok()
}

/// Keys for a column read through `same(i, j)` (rows `i` and `j` hold the same code) and
/// `code(i)`: a new entry per run of equal codes (registers come sorted by village).
fn coded_runs(
    n: usize,
    same: impl Fn(usize, usize) -> bool,
    code: impl Fn(usize) -> Option<RegionCode>,
) -> Option<Coded> {
    let mut villages = Vec::new();
    let mut keys = crate::spare::take_u32s();
    keys.reserve(n);
    let mut key = 0;
    for i in 0..n {
        if i == 0 || !same(i - 1, i) {
            villages.push(code(i)?);
            key = u32::try_from(villages.len() - 1).ok()?;
        }
        keys.push(key);
    }
    Some(Coded { villages, keys })
}

/// Rows `i` and `j` of a string view column hold the same text. A string of at most 12
/// bytes (a village code, a status label) is held whole in its view, so equal views of one
/// are equal texts; anything else is compared as text.
#[inline]
fn same_view(s: &StringViewArray, i: usize, j: usize) -> bool {
    match (s.views().get(i), s.views().get(j)) {
        (Some(x), Some(y)) if x == y && (*x as u32) <= 12 => true,
        _ => s.value(i) == s.value(j),
    }
}

/// Calls `with(same, text)` with the comparison and text of rows of a string column of
/// any of the three layouts (statically dispatched: these run once a row), or returns
/// `None` for other columns.
macro_rules! with_text {
    ($a:expr, |$same:ident, $text:ident| $body:expr) => {
        match $a.data_type() {
            DataType::Utf8 => {
                let s = $a.as_string::<i32>();
                let $same = |i: usize, j: usize| s.value(i) == s.value(j);
                let $text = |i: usize| s.value(i);
                $body
            }
            DataType::LargeUtf8 => {
                let s = $a.as_string::<i64>();
                let $same = |i: usize, j: usize| s.value(i) == s.value(j);
                let $text = |i: usize| s.value(i);
                $body
            }
            DataType::Utf8View => {
                let s = $a.as_string_view();
                let $same = |i: usize, j: usize| same_view(s, i, j);
                let $text = |i: usize| s.value(i);
                $body
            }
            _ => None,
        }
    };
}

/// Appends `of(key)` for each of the first `n` keys of a dictionary column, in row order:
/// Int32 keys (what pyarrow, polars and the Parquet reader make) read in place, others
/// through arrow's normalised keys. A key that is not an index is `usize::MAX`. `false`
/// when the column is not a dictionary.
fn extend_keys<T>(
    a: &ArrayRef,
    n: usize,
    out: &mut Vec<T>,
    mut of: impl FnMut(usize) -> T,
) -> bool {
    if let Some(d) = a.as_dictionary_opt::<Int32Type>() {
        let keys = d.keys().values();
        let keys = keys.get(..n).unwrap_or(keys);
        out.extend(
            keys.iter()
                .map(|k| of(usize::try_from(*k).unwrap_or(usize::MAX))),
        );
        return true;
    }
    match a.as_any_dictionary_opt() {
        Some(d) => {
            out.extend(d.normalized_keys().into_iter().take(n).map(of));
            true
        }
        None => false,
    }
}

pub(super) fn villages(a: &ArrayRef, n: usize) -> Option<Coded> {
    if a.null_count() > 0 {
        return None;
    }
    if let Some(dict) = a.as_any_dictionary_opt() {
        // each distinct value parsed once, when first used
        let values = dict.values();
        let text = strings(values)?;
        let mut remap: Vec<u32> = vec![u32::MAX; values.len()];
        let mut villages = Vec::new();
        let mut keys = crate::spare::take_u32s();
        keys.reserve(n);
        // registers come sorted by village: the code is looked up once per run
        let (mut last, mut slot, mut failed) = (usize::MAX, 0u32, false);
        extend_keys(a, n, &mut keys, |k| {
            if k != last {
                let found = remap.get_mut(k).and_then(|s| {
                    if *s == u32::MAX {
                        if !values.is_valid(k) {
                            return None;
                        }
                        villages.push(code_of(text(k))?);
                        *s = u32::try_from(villages.len() - 1).ok()?;
                    }
                    Some(*s)
                });
                match found {
                    Some(s) => (last, slot) = (k, s),
                    None => failed = true,
                }
            }
            slot
        });
        if failed {
            crate::spare::give_u32s(keys);
            return None;
        }
        return Some(Coded { villages, keys });
    }
    if let Some(coded) = with_text!(a, |same, text| coded_runs(n, same, |i| code_of(text(i)))) {
        return Some(coded);
    }
    match a.data_type() {
        DataType::Int64 => {
            let v = a.as_primitive::<Int64Type>().values();
            coded_runs(
                n,
                |i, j| v.get(i) == v.get(j),
                |i| RegionCode::from_u64(u64::try_from(*v.get(i)?).ok()?).ok(),
            )
        }
        _ => None,
    }
}

pub(super) fn statuses(
    a: Option<&ArrayRef>,
    n: usize,
) -> Option<Option<Vec<Option<HouseholdStatus>>>> {
    let Some(a) = a else {
        return Some(None);
    };
    if a.null_count() > 0 {
        return None;
    }
    let parse = |s: &str| HouseholdStatus::parse_label(s);
    let mut out = crate::spare::take_statuses();
    out.reserve(n);
    if let Some(dict) = a.as_any_dictionary_opt() {
        let values = dict.values();
        let text = strings(values)?;
        // every label of the dictionary read once (`None`: not a status, or null)
        let parsed: Vec<Option<HouseholdStatus>> = (0..values.len())
            .map(|k| values.is_valid(k).then(|| parse(text(k))).flatten())
            .collect();
        extend_keys(a, n, &mut out, |k| parsed.get(k).copied().flatten());
        if out.contains(&None) {
            crate::spare::give_statuses(out);
            return None;
        }
        return Some(Some(out));
    }
    // registers come sorted by village, not by status, but runs of one label are common:
    // a label is read when it differs from the row before
    let ok = with_text!(a, |same, text| {
        // and the few distinct labels are kept read
        let mut seen: Vec<(&str, Option<HouseholdStatus>)> = Vec::new();
        let mut last = None;
        for i in 0..n {
            if i == 0 || !same(i - 1, i) {
                let t = text(i);
                last = match seen.iter().find(|(label, _)| *label == t) {
                    Some((_, status)) => *status,
                    None => {
                        let status = parse(t);
                        if seen.len() < 16 {
                            seen.push((t, status));
                        }
                        status
                    }
                };
                if last.is_none() {
                    break;
                }
            }
            out.push(last);
        }
        Some(out.len() == n)
    });
    if ok != Some(true) {
        crate::spare::give_statuses(out);
        return None;
    }
    Some(Some(out))
}
