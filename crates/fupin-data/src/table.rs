//! Row types of the generated tables, the constructors they are written with, and look-ups.

use crate::Vintage;
use crate::change::ChangeKind;
use crate::generated::{divisions_2016, divisions_2020};

/// One row of a vintage: a unit, or a grouping row such as `110100 市辖区`.
#[derive(Debug)]
pub(crate) struct Row {
    pub(crate) code: u32,
    pub(crate) name: &'static str,
    pub(crate) grouping: bool,
}

/// A unit.
pub(crate) const fn r(code: u32, name: &'static str) -> Row {
    Row {
        code,
        name,
        grouping: false,
    }
}

/// A grouping row (市辖区, 县, 省直辖县级行政区划 …).
pub(crate) const fn g(code: u32, name: &'static str) -> Row {
    Row {
        code,
        name,
        grouping: true,
    }
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

/// The rows of a vintage, sorted by code.
pub(crate) fn rows(vintage: Vintage) -> &'static [Row] {
    match vintage {
        Vintage::V2016 => divisions_2016::ROWS,
        Vintage::V2020 => divisions_2020::ROWS,
    }
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
    find(vintage, code).is_some_and(|r| !r.grouping)
}
