//! Following change events forward: [`successors`] and the vintage [`crosswalk`].

use std::collections::BTreeSet;

use fupin_core::region::{Level, RegionCode};
use serde::Serialize;

use crate::change::{self, Change};
use crate::division::{self, Division};
use crate::table::{self, EventRow};
use crate::{DataError, Vintage};

/// How a unit of one vintage that is missing from a later one was accounted for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CrosswalkStatus {
    /// Change events lead to one or more units of the later vintage.
    Traced,
    /// No change event explains it, but the later vintage has exactly one unit of the same
    /// name and level in the same province under a code the earlier vintage lacks (e.g.
    /// 定州市 `139001` in 2016, `130682` in 2020).
    SameNameRecoded,
    /// Change events say it was abolished and name no successor.
    AbolishedWithoutSuccessor,
    /// Nothing in the data explains it.
    Unexplained,
}

/// A unit of one vintage whose code is missing from a later vintage, and where it went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct CrosswalkEntry {
    /// The unit in the earlier vintage.
    pub from: Division,
    /// Its successors in the later vintage, in code order (empty when none is known).
    pub successors: Vec<Division>,
    /// The change events followed, by year (empty for
    /// [`SameNameRecoded`](CrosswalkStatus::SameNameRecoded) and
    /// [`Unexplained`](CrosswalkStatus::Unexplained)).
    pub changes: Vec<Change>,
    /// How the entry was accounted for.
    pub status: CrosswalkStatus,
}

/// The outcome of following events from a code.
#[derive(Debug, Default)]
pub(crate) struct Trace {
    /// Six-digit codes of the successors, sorted.
    pub(crate) successors: Vec<u32>,
    /// Indexes of the events followed, sorted.
    pub(crate) events: Vec<usize>,
    /// Whether some branch ended in an abolition without a successor.
    pub(crate) abolished: bool,
    /// Whether the successor was found by name, without events.
    pub(crate) same_name: bool,
}

/// More steps than any real chain has; guards against cycles in the data.
const MAX_STEPS: usize = 256;

fn is_identity(e: &EventRow) -> bool {
    e.new_code == e.old_code && e.new_name == e.old_name
}

fn names_match(event_name: &str, name: Option<&str>) -> bool {
    match name {
        Some(n) => event_name.is_empty() || event_name == n,
        None => true,
    }
}

/// Events leaving `(code, name)` in `years`, by successions only.
fn leaving(
    code: u32,
    name: Option<&str>,
    years: std::ops::RangeInclusive<u16>,
) -> Vec<(usize, &'static EventRow)> {
    change::events_from(code)
        .filter(|(_, e)| {
            e.kind.is_succession()
                && !is_identity(e)
                && years.contains(&e.year)
                && names_match(e.old_name, name)
        })
        .collect()
}

/// Keeps the events of the latest (`latest`) or earliest year only.
fn one_year(mut events: Vec<(usize, &'static EventRow)>, latest: bool) -> Vec<usize> {
    let year = if latest {
        events.iter().map(|(_, e)| e.year).max()
    } else {
        events.iter().map(|(_, e)| e.year).min()
    };
    events.retain(|(_, e)| Some(e.year) == year);
    events.into_iter().map(|(i, _)| i).collect()
}

/// Follows events forward from `start` until codes of `to` are reached.
pub(crate) fn trace_events(start: Vec<usize>, to: Vintage) -> Trace {
    let mut successors = BTreeSet::new();
    let mut seen = BTreeSet::new();
    let mut abolished = false;
    let mut stack = start;
    while let Some(i) = stack.pop() {
        if seen.len() >= MAX_STEPS || !seen.insert(i) {
            continue;
        }
        let Some(e) = change::event(i) else { continue };
        if e.new_code == 0 {
            abolished = true;
        } else if table::has_unit(to, e.new_code) {
            successors.insert(e.new_code);
        } else {
            let name = (!e.new_name.is_empty()).then_some(e.new_name);
            let next = leaving(e.new_code, name, e.year..=to.year());
            stack.extend(one_year(next, false));
        }
    }
    Trace {
        successors: successors.into_iter().collect(),
        events: seen.into_iter().collect(),
        abolished,
        same_name: false,
    }
}

/// The name `code` has in a vintage other than `to`, newest first.
pub(crate) fn known_name(code: u32, to: Vintage) -> Option<(&'static str, Vintage)> {
    Vintage::ALL
        .into_iter()
        .rev()
        .filter(|v| *v != to)
        .find_map(|v| {
            table::find(v, code)
                .filter(|r| !r.grouping)
                .map(|r| (r.name, v))
        })
}

/// The single unit of `to` with this name, level and province whose code `had` lacks.
fn same_name_unit(code: u32, name: &str, had: Vintage, to: Vintage) -> Option<u32> {
    let level = RegionCode::from_gb2260(code).ok()?.level();
    let mut hits = division::divisions(to).filter(|d| {
        !d.is_grouping
            && d.name == name
            && d.level == level
            && d.code.gb2260_u32() / 10_000 == code / 10_000
            && !table::has_unit(had, d.code.gb2260_u32())
    });
    let first = hits.next()?;
    hits.next().is_none().then(|| first.code.gb2260_u32())
}

/// Traces the unit `(code, name)`, known from vintage `had`, to the codes of `to`.
pub(crate) fn trace_unit(code: u32, name: Option<(&str, Vintage)>, to: Vintage) -> Trace {
    let start = one_year(leaving(code, name.map(|n| n.0), 0..=to.year()), true);
    let mut trace = trace_events(start, to);
    if trace.successors.is_empty()
        && !trace.abolished
        && let Some((n, had)) = name
        && let Some(c) = same_name_unit(code, n, had, to)
    {
        trace = Trace {
            successors: vec![c],
            same_name: true,
            ..Trace::default()
        };
    }
    trace
}

/// The codes valid in `to` that `code` became, following change events forward in time (up
/// to the year of `to`).
///
/// A code `to` has maps to itself, even when the unit was renamed. Otherwise the events
/// leaving the code are followed: for a code some vintage has, only events about the unit
/// of that name (codes are reused: `139001` was 武安市 in 1988 and 定州市 in 2016); for other
/// codes, the latest events leaving it. When no event explains a code some vintage has, a
/// unit of `to` with the same name, level and province under a new code is taken (see
/// [`CrosswalkStatus::SameNameRecoded`]). Empty when the unit was abolished without a
/// successor or nothing is known.
///
/// ```
/// use fupin_core::region::RegionCode;
/// use fupin_data::{Vintage, successors};
///
/// let c = |n| RegionCode::from_gb2260(n).unwrap();
/// assert_eq!(successors(c(110104), Vintage::V2020), [c(110102)]); // 宣武区 → 西城区
/// assert_eq!(successors(c(510124), Vintage::V2020), [c(510117)]); // 郫县 → 郫都区
/// assert_eq!(successors(c(522327), Vintage::V2020), [c(522327)]); // 册亨县
/// ```
pub fn successors(code: RegionCode, to: Vintage) -> Vec<RegionCode> {
    if code.level() > Level::County {
        return Vec::new();
    }
    let c = code.gb2260_u32();
    if table::has_unit(to, c) {
        return vec![code];
    }
    trace_unit(c, known_name(c, to), to)
        .successors
        .into_iter()
        .filter_map(|s| RegionCode::from_gb2260(s).ok())
        .collect()
}

fn entry(from: Division, to: Vintage) -> CrosswalkEntry {
    let trace = trace_unit(from.code.gb2260_u32(), Some((from.name, from.vintage)), to);
    let status = if trace.same_name {
        CrosswalkStatus::SameNameRecoded
    } else if !trace.successors.is_empty() {
        CrosswalkStatus::Traced
    } else if trace.abolished {
        CrosswalkStatus::AbolishedWithoutSuccessor
    } else {
        CrosswalkStatus::Unexplained
    };
    CrosswalkEntry {
        from,
        successors: trace
            .successors
            .iter()
            .filter_map(|c| table::find(to, *c))
            .filter_map(|r| Division::from_row(r, to))
            .collect(),
        changes: trace
            .events
            .iter()
            .filter_map(|i| change::event(*i))
            .map(Change::from_row)
            .collect(),
        status,
    }
}

/// Every unit of `from` whose code `to` lacks, with its successors in `to` and the changes
/// that explain them, in code order. Units of every level are listed (filter on
/// `entry.from.level`); renamed units that kept their code are not.
///
/// `from` must not be later than `to` ([`DataError::BackwardCrosswalk`]).
pub fn crosswalk(from: Vintage, to: Vintage) -> Result<Vec<CrosswalkEntry>, DataError> {
    if from > to {
        return Err(DataError::BackwardCrosswalk { from, to });
    }
    Ok(division::divisions(from)
        .filter(|d| !d.is_grouping && !table::has_unit(to, d.code.gb2260_u32()))
        .map(|d| entry(d, to))
        .collect())
}

/// [`crosswalk`] from [`Vintage::V2016`] to [`Vintage::V2020`].
pub fn crosswalk_2016_2020() -> Vec<CrosswalkEntry> {
    crosswalk(Vintage::V2016, Vintage::V2020).unwrap_or_default()
}
