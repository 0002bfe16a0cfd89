//! Row types of the generated tables, the constructors they are written with, and look-ups.

use std::sync::OnceLock;

use crate::Vintage;
use crate::change::ChangeKind;
use crate::generated::{deltas, divisions_2016};

/// What a row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RowKind {
    /// A division.
    Unit,
    /// A grouping row (市辖区, 县, 省直辖县级行政区划 …).
    Grouping,
    /// A unit only the NBS lists count (开发区, 管理区, county digits 71–79 …).
    NbsOnly,
}

/// One row of a vintage: a unit, or a grouping row such as `110100 市辖区`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Row {
    pub(crate) code: u32,
    pub(crate) name: &'static str,
    pub(crate) kind: RowKind,
}

impl Row {
    /// Whether the row is a grouping row.
    pub(crate) fn grouping(&self) -> bool {
        self.kind == RowKind::Grouping
    }
}

/// A unit.
pub(crate) const fn r(code: u32, name: &'static str) -> Row {
    Row {
        code,
        name,
        kind: RowKind::Unit,
    }
}

/// A grouping row (市辖区, 县, 省直辖县级行政区划 …).
pub(crate) const fn g(code: u32, name: &'static str) -> Row {
    Row {
        code,
        name,
        kind: RowKind::Grouping,
    }
}

/// A unit only the NBS lists count.
pub(crate) const fn n(code: u32, name: &'static str) -> Row {
    Row {
        code,
        name,
        kind: RowKind::NbsOnly,
    }
}

/// A vintage as the changes from the one before it: the codes it no longer lists, and its
/// rows that are new or differ (sorted by code).
#[derive(Debug)]
pub(crate) struct Delta {
    pub(crate) year: u16,
    pub(crate) removed: &'static [u32],
    pub(crate) rows: &'static [Row],
}

/// `prev` with `delta` applied, sorted by code.
fn apply(prev: &[Row], delta: &Delta) -> Vec<Row> {
    let mut out: Vec<Row> = Vec::with_capacity(prev.len() + delta.rows.len());
    let mut new = delta.rows.iter().peekable();
    for row in prev {
        while let Some(n) = new.next_if(|n| n.code < row.code) {
            out.push(*n);
        }
        if let Some(n) = new.next_if(|n| n.code == row.code) {
            out.push(*n);
        } else if delta.removed.binary_search(&row.code).is_err() {
            out.push(*row);
        }
    }
    out.extend(new.copied());
    out
}

/// One change event. A code of 0 or an empty name means "none".
#[derive(Debug)]
pub(crate) struct EventRow {
    pub(crate) year: u16,
    pub(crate) kind: ChangeKind,
    pub(crate) level: u8,
    pub(crate) old_code: u32,
    pub(crate) old_name: &'static str,
    pub(crate) new_code: u32,
    pub(crate) new_name: &'static str,
    pub(crate) source: u8,
    pub(crate) doc_no: u8,
}

/// An event, in the order of the fields of [`EventRow`].
#[expect(
    clippy::too_many_arguments,
    reason = "a compact constructor for generated rows"
)]
pub(crate) const fn e(
    year: u16,
    kind: ChangeKind,
    level: u8,
    old_code: u32,
    old_name: &'static str,
    new_code: u32,
    new_name: &'static str,
    source: u8,
    doc_no: u8,
) -> EventRow {
    EventRow {
        year,
        kind,
        level,
        old_code,
        old_name,
        new_code,
        new_name,
        source,
        doc_no,
    }
}

/// The rows of a vintage, sorted by code: 2016 as embedded, every later one built on first
/// use from the one before it and its delta.
pub(crate) fn rows(vintage: Vintage) -> &'static [Row] {
    static BUILT: [OnceLock<Vec<Row>>; Vintage::ALL.len()] =
        [const { OnceLock::new() }; Vintage::ALL.len()];
    let index = vintage.index();
    let Some(i) = index.checked_sub(1) else {
        return divisions_2016::ROWS;
    };
    let (Some(slot), Some(prev), Some(delta)) =
        (BUILT.get(index), Vintage::ALL.get(i), deltas::DELTAS.get(i))
    else {
        return &[];
    };
    slot.get_or_init(|| {
        debug_assert_eq!(delta.year, vintage.year());
        apply(rows(*prev), delta)
    })
}

/// The row with this six-digit code.
pub(crate) fn find(vintage: Vintage, code: u32) -> Option<&'static Row> {
    let rows = rows(vintage);
    rows.binary_search_by_key(&code, |r| r.code)
        .ok()
        .and_then(|i| rows.get(i))
}

/// Whether the vintage has a unit (not a grouping row) with this code.
pub(crate) fn has_unit(vintage: Vintage, code: u32) -> bool {
    find(vintage, code).is_some_and(|r| !r.grouping())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_delta_removes_replaces_and_inserts_in_code_order() {
        static ROWS: [Row; 4] = [r(0, "z"), n(4, "d"), r(5, "E"), g(9, "i")];
        let prev = [r(1, "a"), r(3, "c"), r(5, "e"), r(7, "g")];
        let delta = Delta {
            year: 2017,
            removed: &[3, 7],
            rows: &ROWS,
        };
        let got: Vec<(u32, &str, RowKind)> = apply(&prev, &delta)
            .iter()
            .map(|r| (r.code, r.name, r.kind))
            .collect();
        assert_eq!(
            got,
            [
                (0, "z", RowKind::Unit),
                (1, "a", RowKind::Unit),
                (4, "d", RowKind::NbsOnly),
                (5, "E", RowKind::Unit),
                (9, "i", RowKind::Grouping),
            ]
        );
    }

    #[test]
    fn every_vintage_is_built_sorted_and_matches_its_delta() {
        for (v, d) in Vintage::ALL.iter().skip(1).zip(deltas::DELTAS) {
            assert_eq!(v.year(), d.year);
            let rows = rows(*v);
            assert!(rows.windows(2).all(|w| w[0].code < w[1].code), "{v}");
            assert!(d.removed.iter().all(|c| find(*v, *c).is_none()), "{v}");
            assert!(
                d.rows
                    .iter()
                    .all(|x| find(*v, x.code).is_some_and(|y| y.name == x.name)),
                "{v}"
            );
        }
    }
}
