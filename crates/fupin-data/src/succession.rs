//! Following change events forward: [`successors`], [`trace_code`] and the vintage
//! [`crosswalk`].
//!
//! Gaps in the data, left as they are (no event is invented): in 14 reassignments (码位改派)
//! no event of the same year gives the old unit's name another code, so that unit's chain
//! ends with [`CrosswalkStatus::ReassignedWithoutSuccessor`]. Most look like renames or
//! merges recorded as reassignments (`410204` 古楼区 → 鼓楼区 1989, `430102` 城东区 → 东区
//! 1983, `232123` 绥化县 → 呼兰县 1982, `320800` 淮阴市 → 淮安市 2000); which they are, the
//! source package does not say.
//!
//! A prefecture abolished with all its counties is followed through them as well
//! ([`CrosswalkStatus::DerivedFromCounties`]): the prefecture 莱芜市 `371200` has one
//! event, to 莱芜区 `370116` (2018), and none to 钢城区 `370117`, but its districts of the
//! 2016 list moved to both (`371202` 莱城区 → 莱芜区, `371203` 钢城区 → `370117`), so the
//! city gives both.

use std::collections::BTreeSet;

use fupin_core::region::{Level, RegionCode};
use serde::Serialize;

use crate::change::{self, Change, ChangeKind};
use crate::division::{self, Division};
use crate::table::{self, EventRow};
use crate::{DataError, Vintage};

/// How a unit was accounted for when following it to a later vintage.
///
/// On the wire the snake_case name of the variant (`traced`, `ambiguous` …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CrosswalkStatus {
    /// Change events lead to one or more units of the later vintage (several for a split).
    Traced,
    /// No change event explains it, but the later vintage has exactly one unit of the same
    /// name and level in the same province under a code the earlier vintage lacks (e.g.
    /// 定州市 `139001` in 2016, `130682` in 2020).
    SameNameRecoded,
    /// Change events say it was abolished and name no successor.
    AbolishedWithoutSuccessor,
    /// Nothing in the data explains it.
    Unexplained,
    /// The unit still carries the code in the later vintage (renames in place included).
    /// Only [`trace_code`] gives it; a [`crosswalk`] lists units whose code is gone.
    Unchanged,
    /// The data cannot settle which unit is meant, and the candidates lead to different
    /// units of the later vintage: every candidate is listed, none is chosen. For
    /// [`trace_code`], several units carried the code at different times (codes are
    /// reused); for a unit, a step of its chain had several possible next codes.
    Ambiguous,
    /// The unit's code was given to another unit (码位改派) and no event of that year says
    /// which code the unit moved to (e.g. `410204` 古楼区 → 鼓楼区 in 1989, recorded as a
    /// reassignment, not a rename): the unit that got the code is not taken for it.
    ReassignedWithoutSuccessor,
    /// A prefecture-level unit whose code is gone, and all of whose county-level units (the
    /// units under its code in an earlier vintage that lists it) are gone too: its
    /// successors are those its own change events give, together with the successors of
    /// its counties that no successor of its own contains. No event says so; the units are
    /// derived from the counties' events, which are listed with the prefecture's.
    ///
    /// 莱芜市 `371200` (abolished 2019, events of 2018) has an event to 莱芜区 `370116`
    /// only; its districts give 莱芜区 and 钢城区 `370117`, so it gives both. A prefecture
    /// recoded as a whole (那曲地区 `542400` → 那曲市 `540600`, its counties under
    /// `5406`) gains nothing from its counties and stays
    /// [`Traced`](CrosswalkStatus::Traced). Only vintages hold the counties, so the rule
    /// applies to a prefecture some vintage earlier than the target lists under that name.
    DerivedFromCounties,
}

impl CrosswalkStatus {
    /// The snake_case key used on the wire (`traced`, `same_name_recoded` …).
    pub fn as_str(self) -> &'static str {
        match self {
            CrosswalkStatus::Traced => "traced",
            CrosswalkStatus::SameNameRecoded => "same_name_recoded",
            CrosswalkStatus::AbolishedWithoutSuccessor => "abolished_without_successor",
            CrosswalkStatus::Unexplained => "unexplained",
            CrosswalkStatus::Unchanged => "unchanged",
            CrosswalkStatus::Ambiguous => "ambiguous",
            CrosswalkStatus::ReassignedWithoutSuccessor => "reassigned_without_successor",
            CrosswalkStatus::DerivedFromCounties => "derived_from_counties",
        }
    }
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

/// A unit that carried a code at some time, and where change events lead it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Holder {
    /// The unit's name when it carried the code (the first one, if it was renamed in place).
    pub name: &'static str,
    /// The year of the event that gave it the code; `None` when no event says (it had the
    /// code when the events begin, in 1980, or only a vintage lists it).
    pub since: Option<u16>,
    /// The year it stopped carrying the code; `None` when it still does in the target
    /// vintage.
    pub until: Option<u16>,
    /// Its units in the target vintage, in code order (empty when none is known).
    pub successors: Vec<Division>,
    /// The change events followed from the code, by year.
    pub changes: Vec<Change>,
    /// How it was accounted for: [`Unchanged`](CrosswalkStatus::Unchanged) when it still
    /// carries the code.
    pub status: CrosswalkStatus,
}

/// Where a bare code (one without a date, such as the first six digits of an ID number)
/// leads in a vintage: every unit that carried it up to the vintage's year, each followed
/// on its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct CodeTrace {
    /// The code traced.
    pub code: RegionCode,
    /// The vintage traced to.
    pub to: Vintage,
    /// [`Ambiguous`](CrosswalkStatus::Ambiguous) when the holders lead to different units,
    /// otherwise the status of the (first) holder; [`Unexplained`](CrosswalkStatus::Unexplained)
    /// when no unit is known to have carried the code.
    pub status: CrosswalkStatus,
    /// The units that carried the code, oldest first.
    pub holders: Vec<Holder>,
}

impl CodeTrace {
    /// The successors of every holder, in code order, each once.
    pub fn successors(&self) -> Vec<Division> {
        let mut out: Vec<Division> = self
            .holders
            .iter()
            .flat_map(|h| h.successors.iter().copied())
            .collect();
        out.sort_by_key(|d| d.code);
        out.dedup_by_key(|d| d.code);
        out
    }

    /// Whether the code is ambiguous: its holders lead to different units.
    pub fn is_ambiguous(&self) -> bool {
        self.status == CrosswalkStatus::Ambiguous
    }
}

/// The outcome of following a unit.
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
    /// Whether some branch lost its code to another unit with no event saying where it went.
    pub(crate) lost: bool,
    /// Whether some step had several possible next codes (not a split: the data cannot
    /// say which).
    pub(crate) ambiguous: bool,
    /// Whether successors were added from the counties of an abolished prefecture (see
    /// [`CrosswalkStatus::DerivedFromCounties`]).
    pub(crate) derived: bool,
    /// The points the chain went through, sorted.
    pub(crate) visited: Vec<Pos>,
}

impl Trace {
    fn status(&self) -> CrosswalkStatus {
        if self.same_name {
            CrosswalkStatus::SameNameRecoded
        } else if self.ambiguous && self.successors.len() > 1 {
            CrosswalkStatus::Ambiguous
        } else if self.derived {
            CrosswalkStatus::DerivedFromCounties
        } else if !self.successors.is_empty() {
            CrosswalkStatus::Traced
        } else if self.abolished {
            CrosswalkStatus::AbolishedWithoutSuccessor
        } else if self.lost {
            CrosswalkStatus::ReassignedWithoutSuccessor
        } else {
            CrosswalkStatus::Unexplained
        }
    }
}

/// More steps than any real chain has; guards against cycles in the data.
const MAX_STEPS: usize = 256;

/// A point of a chain: the unit called `name` carries `code` from `year` on.
///
/// A unit is followed by code *and* name *and* time, never by code alone: codes are
/// reused (`430321` was 邵东县 in 1983 and 湘潭县 from 1984), so the events of a code
/// that concern another name, or an earlier time, are about another unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Pos {
    pub(crate) code: u32,
    pub(crate) name: &'static str,
    pub(crate) year: u16,
}

impl Pos {
    /// Where the new side of an event puts its unit (`None` for an abolition without
    /// successor).
    pub(crate) fn after(e: &'static EventRow) -> Option<Pos> {
        (e.new_code != 0).then_some(Pos {
            code: e.new_code,
            name: e.new_name,
            year: e.year,
        })
    }
}

fn is_identity(e: &EventRow) -> bool {
    e.new_code == e.old_code && e.new_name == e.old_name
}

/// What happens next to the unit at `p`.
enum Step {
    /// Nothing more happens up to the target year: the unit still carries the code.
    Stay,
    /// Succession events take the unit to their new sides (several for a split).
    Follow(Vec<(usize, &'static EventRow)>),
    /// The code was given to another unit (码位改派): the unit moved to the codes that
    /// the `arrivals` (events of that year giving its name a new code) name.
    Moved {
        reassigned: usize,
        arrivals: Vec<(usize, &'static EventRow)>,
    },
}

fn step(p: Pos, to: Vintage) -> Step {
    // The vintage lists the unit: events of the vintage's own year came after the list
    // was drawn up (郫县 is in the list of 2016-07, made 郫都区 later in 2016).
    let listed = table::find(to, p.code).is_some_and(|r| !r.grouping() && r.name == p.name);
    let last = if listed {
        to.year().saturating_sub(1)
    } else {
        to.year()
    };
    let mut next: Vec<(usize, &'static EventRow)> = change::events_from(p.code)
        .filter(|(_, e)| {
            (p.year..=last).contains(&e.year)
                && e.old_name == p.name
                && !is_identity(e)
                && (e.kind.is_succession() || e.kind == ChangeKind::CodeReassigned)
        })
        .collect();
    let Some(year) = next.iter().map(|(_, e)| e.year).min() else {
        return Step::Stay;
    };
    next.retain(|(_, e)| e.year == year);
    if next.iter().any(|(_, e)| e.kind.is_succession()) {
        next.retain(|(_, e)| e.kind.is_succession());
        return Step::Follow(next);
    }
    let Some(&(reassigned, r)) = next.first() else {
        return Step::Stay;
    };
    let arrivals = change::events_in_year(year)
        .filter(|(_, a)| {
            matches!(a.kind, ChangeKind::CodeReassigned | ChangeKind::New)
                && a.new_name == p.name
                && a.new_code != 0
                && a.new_code != p.code
                && a.new_code / 10_000 == p.code / 10_000
                && a.level == r.level
        })
        .collect();
    Step::Moved {
        reassigned,
        arrivals,
    }
}

/// Follows units forward from `start` to the codes of `to`; `seed` are event indexes to
/// report as followed (the event that led to `start`).
pub(crate) fn trace_from(start: Vec<Pos>, seed: Vec<usize>, to: Vintage) -> Trace {
    let mut successors = BTreeSet::new();
    let mut events: BTreeSet<usize> = seed.into_iter().collect();
    let mut visited = BTreeSet::new();
    let mut trace = Trace::default();
    let mut stack = start;
    while let Some(p) = stack.pop() {
        if visited.len() >= MAX_STEPS || !visited.insert(p) {
            continue;
        }
        match step(p, to) {
            Step::Stay => {
                if table::has_unit(to, p.code) {
                    successors.insert(p.code);
                }
            }
            Step::Follow(next) => {
                for (i, e) in next {
                    events.insert(i);
                    match Pos::after(e) {
                        Some(q) => stack.push(q),
                        None => trace.abolished = true,
                    }
                }
            }
            Step::Moved {
                reassigned,
                arrivals,
            } => {
                events.insert(reassigned);
                trace.lost |= arrivals.is_empty();
                trace.ambiguous |= arrivals.len() > 1;
                for (i, a) in arrivals {
                    events.insert(i);
                    stack.push(Pos {
                        code: a.new_code,
                        name: p.name,
                        year: a.year,
                    });
                }
            }
        }
    }
    trace.successors = successors.into_iter().collect();
    trace.events = events.into_iter().collect();
    trace.visited = visited.into_iter().collect();
    trace
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

/// Traces the unit at `start`, listed under that code and name by vintage `had` when
/// known, to the codes of `to`.
pub(crate) fn trace_unit(start: Pos, had: Option<Vintage>, to: Vintage) -> Trace {
    let mut trace = trace_from(vec![start], Vec::new(), to);
    if trace.successors.is_empty()
        && !trace.abolished
        && let Some(had) = had
        && let Some(c) = same_name_unit(start.code, start.name, had, to)
    {
        trace = Trace {
            successors: vec![c],
            same_name: true,
            ..Trace::default()
        };
    }
    if let Some(had) = had {
        derive_from_counties(start.code, start.name, had, to, &mut trace);
    }
    trace
}

/// Whether the unit `outer` is, or contains, the unit `inner`.
fn covers(outer: u32, inner: u32) -> bool {
    outer == inner
        || (outer.is_multiple_of(10_000) && inner / 10_000 == outer / 10_000)
        || (outer.is_multiple_of(100) && inner / 100 == outer / 100)
}

/// The rule of [`CrosswalkStatus::DerivedFromCounties`]: when `(code, name)` is a
/// prefecture-level unit that `had` (earlier than `to`) lists, whose `trace` leaves the
/// code, and every county-level unit `had` lists under it leaves its code too, adds to
/// `trace` the counties' successors that none of its own successors contains, with the
/// counties' events. Leaves `trace` as it is otherwise.
pub(crate) fn derive_from_counties(
    code: u32,
    name: &str,
    had: Vintage,
    to: Vintage,
    trace: &mut Trace,
) {
    let is_prefecture = RegionCode::from_gb2260(code).is_ok_and(|c| c.level() == Level::Prefecture);
    if !is_prefecture
        || had >= to
        || trace.successors.contains(&code)
        || !table::find(had, code).is_some_and(|r| !r.grouping() && r.name == name)
    {
        return;
    }
    let rows = table::rows(had);
    let first = rows.partition_point(|r| r.code <= code);
    let end = rows.partition_point(|r| r.code < code + 100);
    let counties = rows.get(first..end).unwrap_or_default();
    let mut found = BTreeSet::new();
    let mut events = BTreeSet::new();
    for county in counties.iter().filter(|r| !r.grouping()) {
        let start = listed_start(county.code, county.name, had);
        let t = trace_unit(start, Some(had), to);
        if t.successors.contains(&county.code) {
            // A county still there: the prefecture was not abolished with its counties.
            return;
        }
        found.extend(t.successors);
        events.extend(t.events);
    }
    let own = &trace.successors;
    let extra: Vec<u32> = found
        .into_iter()
        .filter(|c| !own.iter().any(|o| covers(*o, *c)))
        .collect();
    if extra.is_empty() {
        return;
    }
    let mut successors: BTreeSet<u32> = trace.successors.iter().copied().collect();
    successors.extend(extra);
    events.extend(trace.events.iter().copied());
    trace.successors = successors.into_iter().collect();
    trace.events = events.into_iter().collect();
    trace.derived = true;
}

/// A unit's stay at a code, while building the holders of the code.
struct Stint {
    name: &'static str,
    names: Vec<&'static str>,
    since: Option<u16>,
    until: Option<u16>,
    /// Whether an event gave it the code (rather than having it from the start).
    arrived: bool,
}

/// The units that carried `code` up to the year of `to`, from the events touching the
/// code and the vintages of that year or earlier, oldest first.
fn stints(code: u32, to: Vintage) -> Vec<Stint> {
    let mut touching: Vec<(usize, &'static EventRow)> = change::events_from(code)
        .chain(change::events_to(code))
        .filter(|(_, e)| e.year <= to.year())
        .collect();
    touching.sort_by_key(|(i, _)| *i);
    touching.dedup_by_key(|(i, _)| *i);
    let mut out: Vec<Stint> = Vec::new();
    // The stint carrying `name` now, opened as the first holder when no event gave it.
    fn open(out: &mut Vec<Stint>, name: &'static str) -> usize {
        if let Some(k) = out
            .iter()
            .rposition(|s| s.until.is_none() && s.names.contains(&name))
        {
            return k;
        }
        out.push(Stint {
            name,
            names: vec![name],
            since: None,
            until: None,
            arrived: false,
        });
        out.len() - 1
    }
    fn arrive(out: &mut Vec<Stint>, name: &'static str, year: u16) {
        if out
            .iter()
            .any(|s| s.until.is_none() && s.names.contains(&name))
        {
            return;
        }
        out.push(Stint {
            name,
            names: vec![name],
            since: Some(year),
            until: None,
            arrived: true,
        });
    }
    for (_, e) in touching {
        if is_identity(e) {
            continue;
        }
        if e.old_code == code {
            let k = open(&mut out, e.old_name);
            if e.new_code == code && e.kind.is_succession() {
                if let Some(s) = out.get_mut(k) {
                    s.names.push(e.new_name);
                }
                continue;
            }
            if let Some(s) = out.get_mut(k) {
                s.until = Some(e.year);
            }
        }
        if e.new_code == code {
            arrive(&mut out, e.new_name, e.year);
        }
    }
    for v in Vintage::ALL.into_iter().filter(|v| v.year() <= to.year()) {
        if let Some(r) = table::find(v, code).filter(|r| !r.grouping())
            && !out.iter().any(|s| s.names.contains(&r.name))
        {
            out.push(Stint {
                name: r.name,
                names: vec![r.name],
                since: None,
                until: None,
                arrived: false,
            });
        }
    }
    out
}

/// The vintage other than `to` that lists `code` under `name`, newest first.
pub(crate) fn listed_by(code: u32, name: &str, to: Vintage) -> Option<Vintage> {
    Vintage::ALL
        .into_iter()
        .rev()
        .filter(|v| *v != to)
        .find(|v| table::find(*v, code).is_some_and(|r| !r.grouping() && r.name == name))
}

fn divisions_of(codes: &[u32], to: Vintage) -> Vec<Division> {
    codes
        .iter()
        .filter_map(|c| table::find(to, *c))
        .filter_map(|r| Division::from_row(r, to))
        .collect()
}

fn changes_of(events: &[usize]) -> Vec<Change> {
    events
        .iter()
        .filter_map(|i| change::event(*i))
        .map(Change::from_row)
        .collect()
}

/// Every unit that carried `code` up to the year of `to`, each followed by change events
/// to the units of `to`.
///
/// A code says nothing of when it was written down (the first six digits of an ID number
/// are the code of the registration place at issue), and codes were reused: `430321` was
/// 邵东县 in 1983 and 湘潭县 from 1984, when 邵东县 moved to `430521`. Each unit is followed
/// by code, name and time, never by code alone, so a chain never goes on with another
/// unit that later got the same code. When the units lead to different units of `to`, the
/// status is [`Ambiguous`](CrosswalkStatus::Ambiguous) and every one is listed.
///
/// A prefecture abolished with all its counties also gives its counties' successors (see
/// [`DerivedFromCounties`](CrosswalkStatus::DerivedFromCounties)): `371200` 莱芜市 gives
/// 莱芜区 `370116` and 钢城区 `370117`.
///
/// A unit whose code was given to another unit (码位改派) is followed to the code its name
/// got that year, when an event says so; otherwise it ends with
/// [`ReassignedWithoutSuccessor`](CrosswalkStatus::ReassignedWithoutSuccessor). The data
/// record only the changes the source package has (1980–2020): a unit that moved without
/// an event is not found, and none is invented.
///
/// ```
/// use fupin_core::region::RegionCode;
/// use fupin_data::{CrosswalkStatus, Vintage, trace_code};
///
/// let c = |n| RegionCode::from_gb2260(n).unwrap();
/// // 432523 邵东县 (邵阳地区, until 1983) → 430321 → 430521 (1984) → 邵东市 430582 (2019).
/// let t = trace_code(c(432523), Vintage::V2020);
/// assert_eq!(t.status, CrosswalkStatus::Traced);
/// assert_eq!(t.successors()[0].name, "邵东市");
/// // 430321 itself: 邵东县 in 1983, 湘潭县 since 1984.
/// let t = trace_code(c(430321), Vintage::V2020);
/// assert!(t.is_ambiguous());
/// let names: Vec<_> = t.holders.iter().map(|h| (h.name, h.successors[0].name)).collect();
/// assert_eq!(names, [("邵东县", "邵东市"), ("湘潭县", "湘潭县")]);
/// ```
pub fn trace_code(code: RegionCode, to: Vintage) -> CodeTrace {
    let mut out = CodeTrace {
        code,
        to,
        status: CrosswalkStatus::Unexplained,
        holders: Vec::new(),
    };
    if code.level() > Level::County {
        return out;
    }
    let c = code.gb2260_u32();
    let stints = stints(c, to);
    // The stint the target lists under this code, if any: the last one with its name.
    let listed_now = table::find(to, c)
        .filter(|r| !r.grouping())
        .and_then(|r| stints.iter().rposition(|s| s.names.contains(&r.name)));
    let mut traces: Vec<(Stint, Trace)> = Vec::new();
    for (k, s) in stints.into_iter().enumerate() {
        let start = Pos {
            code: c,
            name: s.name,
            year: s.since.unwrap_or(0),
        };
        let mut trace = trace_unit(start, listed_by(c, s.name, to), to);
        // The target lists the unit under this code: it is there, whatever earlier events
        // say (the 2016 list still has 金明区 `410211`, abolished in 2014).
        if listed_now == Some(k) {
            trace.successors = vec![c];
            trace
                .events
                .retain(|i| change::event(*i).is_some_and(|e| e.old_code == c && e.new_code == c));
            trace.same_name = false;
            trace.abolished = false;
            trace.lost = false;
            trace.ambiguous = false;
            trace.derived = false;
        }
        traces.push((s, trace));
    }
    // A unit that left the code and came back is one holder, not two.
    let continued: Vec<bool> = traces
        .iter()
        .enumerate()
        .map(|(k, (s, _))| {
            let back = Pos {
                code: c,
                name: s.name,
                year: s.since.unwrap_or(0),
            };
            s.arrived
                && traces
                    .iter()
                    .enumerate()
                    .any(|(j, (_, t))| j != k && t.visited.binary_search(&back).is_ok())
        })
        .collect();
    for ((s, trace), dup) in traces.into_iter().zip(continued) {
        if dup {
            continue;
        }
        let status = if trace.successors == [c] && !trace.same_name {
            CrosswalkStatus::Unchanged
        } else {
            trace.status()
        };
        out.holders.push(Holder {
            name: s.name,
            since: s.since,
            until: s.until.filter(|_| status != CrosswalkStatus::Unchanged),
            successors: divisions_of(&trace.successors, to),
            changes: changes_of(&trace.events),
            status,
        });
    }
    out.status = match out.holders.as_slice() {
        [] => CrosswalkStatus::Unexplained,
        [first, rest @ ..] => {
            if rest.iter().all(|h| h.successors == first.successors) {
                first.status
            } else {
                CrosswalkStatus::Ambiguous
            }
        }
    };
    out
}

/// The codes valid in `to` that `code` may have become, following change events forward
/// in time (up to the year of `to`): the successors of every unit that carried the code
/// (see [`trace_code`], which says which successor comes from which unit and whether the
/// code is ambiguous).
///
/// A code `to` has maps to itself, even when the unit was renamed, and also to the
/// successors of earlier units that carried it (`430321` gives 湘潭县 `430321` and, for
/// 邵东县 that had the code in 1983, 邵东市 `430582`): a bare code never silently gives one
/// of them. When no event explains a unit some vintage lists, a unit of `to` with the same
/// name, level and province under a new code is taken (see
/// [`CrosswalkStatus::SameNameRecoded`]). Empty when every unit was abolished without a
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
/// assert_eq!(successors(c(432523), Vintage::V2020), [c(430582)]); // 邵东县 → 邵东市
/// ```
pub fn successors(code: RegionCode, to: Vintage) -> Vec<RegionCode> {
    trace_code(code, to)
        .successors()
        .into_iter()
        .map(|d| d.code)
        .collect()
}

/// Where the unit a vintage lists as `(code, name)` starts: from the latest event up to the
/// vintage's year that gave it that code and name, or from the start of the events (a list
/// can lag behind them: the 2016 list still has 金明区 `410211`, abolished in 2014).
fn listed_start(code: u32, name: &'static str, listed: Vintage) -> Pos {
    let year = change::events_to(code)
        .filter(|(_, e)| e.new_name == name && e.year <= listed.year() && !is_identity(e))
        .map(|(_, e)| e.year)
        .max()
        .unwrap_or(0);
    Pos { code, name, year }
}

fn entry(from: Division, to: Vintage) -> CrosswalkEntry {
    let start = listed_start(from.code.gb2260_u32(), from.name, from.vintage);
    let trace = trace_unit(start, Some(from.vintage), to);
    CrosswalkEntry {
        from,
        successors: divisions_of(&trace.successors, to),
        changes: changes_of(&trace.events),
        status: trace.status(),
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
        .filter(|d| !d.is_grouping && !d.is_nbs_only && !table::has_unit(to, d.code.gb2260_u32()))
        .map(|d| entry(d, to))
        .collect())
}

/// [`crosswalk`] from [`Vintage::V2016`] to [`Vintage::V2020`].
pub fn crosswalk_2016_2020() -> Vec<CrosswalkEntry> {
    crosswalk(Vintage::V2016, Vintage::V2020).unwrap_or_default()
}
