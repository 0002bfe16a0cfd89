//! Name resolution: from a name as people write it to the divisions it can mean.

mod index;
mod short;

use std::cmp::Reverse;

use fupin_core::region::{Level, RegionCode};
use serde::Serialize;

use self::index::{KeyKind, NameIndex};
use crate::change::{self, Change};
use crate::division::{self, Division};
use crate::error::clip;
use crate::succession::{self, Pos, trace_from};
use crate::{CrosswalkStatus, DataError, Vintage, table};

/// How a query matched a division. Candidates are ranked in the order of the variants.
///
/// On the wire: `{"kind": "exact"}`, …, `{"kind": "abolished", "change": {…}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum MatchKind {
    /// The query is the division's code (`522327` or `522327000000`).
    Code,
    /// The query is the division's full name (`册亨县`).
    Exact,
    /// The query is the name without its generic suffix (省, 市, 县, 区, 旗, 盟, 地区,
    /// 自治区 …: `湖北`, `内蒙古`, `册亨`) and, for autonomous units, without the names of
    /// the peoples, alone or with the generic word put back (`长阳` and `长阳县` for
    /// 长阳土家族自治县, `黔西南州` for 黔西南布依族苗族自治州). Stems of one character are
    /// not short forms (忠县 has none).
    ShortForm,
    /// The query is the name (full or short) preceded by the names or short forms of a
    /// containing province and/or prefecture (`湖北长阳`, `贵州省册亨县`, `黔西南州册亨县`).
    Qualified,
    /// The query (two characters or more) begins the full name of this division and of no
    /// other division of the vintage (`西乌` → 西乌珠穆沁旗). A weaker match: check it.
    Prefix,
    /// The query names a unit that no longer exists in the vintage; this division is what
    /// it became, and `change` is the event that took the name out of use (`宣武区` →
    /// 西城区, 2010).
    Abolished {
        /// The event whose old name matched the query.
        change: Change,
    },
}

impl MatchKind {
    /// The rank of the match: 0 for [`Code`](MatchKind::Code) up to 5 for
    /// [`Abolished`](MatchKind::Abolished); lower is better.
    pub fn rank(&self) -> u8 {
        match self {
            MatchKind::Code => 0,
            MatchKind::Exact => 1,
            MatchKind::ShortForm => 2,
            MatchKind::Qualified => 3,
            MatchKind::Prefix => 4,
            MatchKind::Abolished { .. } => 5,
        }
    }

    /// The snake_case key used on the wire (`exact`, `short_form` …).
    pub fn as_str(&self) -> &'static str {
        match self {
            MatchKind::Code => "code",
            MatchKind::Exact => "exact",
            MatchKind::ShortForm => "short_form",
            MatchKind::Qualified => "qualified",
            MatchKind::Prefix => "prefix",
            MatchKind::Abolished { .. } => "abolished",
        }
    }
}

/// A division a query may mean, and how it matched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Candidate {
    /// The division, in the vintage resolved against.
    pub division: Division,
    /// How the query matched it.
    pub how: MatchKind,
}

/// Longer queries match nothing: the longest qualified name is shorter.
const MAX_CHARS: usize = 48;

/// Resolves a name, or a code, against the latest vintage. See [`resolve_in`].
pub fn resolve(query: &str) -> Result<Vec<Candidate>, DataError> {
    resolve_in(query, Vintage::LATEST)
}

/// Resolves a name as people write it to the units of `vintage` it can mean.
///
/// White space (full-width spaces included) is removed; nothing else is corrected.
///
/// A query of digits is read as a 6- or 12-digit code: the unit with that code, or, for a
/// code the vintage lacks, the units change events lead it to ([`MatchKind::Abolished`]),
/// for every unit that carried the code (see [`trace_code`](crate::trace_code), which also
/// covers the earlier units of a code the vintage has). A prefecture abolished with all its
/// counties gives their successors as well, by code or by name (`371200` and `莱芜市` give
/// 莱芜区 and 钢城区; see
/// [`CrosswalkStatus::DerivedFromCounties`](crate::CrosswalkStatus::DerivedFromCounties)).
///
/// Otherwise a unit matches when the query is its name, a short form of it, a qualified
/// name or a unique prefix (see [`MatchKind`]). When no unit has the query as its full
/// name, old names from change events are tried too, and old short forms (`宣武` for
/// 宣武区) when nothing else matched; an old name whose unit is still in the vintage under
/// that name and code is skipped, and events later than the vintage's year are not used.
///
/// Every unit that matches is returned once, with its best match, ordered by rank and then
/// code. Grouping rows never match.
///
/// A query that matches nothing gives [`DataError::NotFound`]: this function never guesses.
pub fn resolve_in(query: &str, vintage: Vintage) -> Result<Vec<Candidate>, DataError> {
    let q: String = query.chars().filter(|c| !c.is_whitespace()).collect();
    let not_found = || DataError::NotFound {
        query: clip(query.trim()),
    };
    if q.is_empty() || q.chars().count() > MAX_CHARS {
        return Err(not_found());
    }
    let found = if q.bytes().all(|b| b.is_ascii_digit()) {
        by_code(&q, vintage)
    } else {
        by_name(&q, vintage)
    };
    let found = best_per_division(found);
    if found.is_empty() {
        Err(not_found())
    } else {
        Ok(found)
    }
}

/// Sorts by rank and code, keeping each division's best candidate (for abolished names,
/// the most recent change).
fn best_per_division(mut found: Vec<Candidate>) -> Vec<Candidate> {
    let year = |c: &Candidate| match &c.how {
        MatchKind::Abolished { change } => Reverse(change.year),
        _ => Reverse(0),
    };
    found.sort_by(|a, b| {
        (a.how.rank(), a.division.code, year(a)).cmp(&(b.how.rank(), b.division.code, year(b)))
    });
    let mut seen = std::collections::BTreeSet::new();
    found.retain(|c| seen.insert(c.division.code));
    found
}

fn by_code(q: &str, vintage: Vintage) -> Vec<Candidate> {
    let Ok(code) = RegionCode::parse(q) else {
        return Vec::new();
    };
    if code.level() > Level::County {
        return Vec::new();
    }
    if let Some(d) = division::get(code, vintage) {
        return vec![Candidate {
            division: d,
            how: MatchKind::Code,
        }];
    }
    // Every unit that carried the code, each with the first change of its chain: a reused
    // code gives the successors of each (see `trace_code`). A unit found by name only (no
    // change to show) gives no candidate, and then neither do the others: a partial list
    // would pass one reading of an ambiguous code off as the only one.
    let mut out = Vec::new();
    for holder in succession::trace_code(code, vintage).holders {
        if holder.successors.is_empty() {
            continue;
        }
        let (Some(&change), false) = (
            holder.changes.first(),
            holder.status == CrosswalkStatus::SameNameRecoded,
        ) else {
            return Vec::new();
        };
        out.extend(holder.successors.into_iter().map(|division| Candidate {
            division,
            how: MatchKind::Abolished { change },
        }));
    }
    out
}

fn unit_rows(codes: &[u32], vintage: Vintage) -> impl Iterator<Item = Division> + '_ {
    codes
        .iter()
        .filter_map(move |c| table::find(vintage, *c))
        .filter_map(move |r| Division::from_row(r, vintage))
}

fn by_name(q: &str, vintage: Vintage) -> Vec<Candidate> {
    let idx = index::names(vintage);
    let mut found: Vec<Candidate> = idx
        .lookup(q)
        .map(|(kind, division)| Candidate {
            division,
            how: match kind {
                KeyKind::Exact => MatchKind::Exact,
                KeyKind::Short => MatchKind::ShortForm,
            },
        })
        .collect();
    found.extend(qualified(q, idx, 2).into_iter().map(|division| Candidate {
        division,
        how: MatchKind::Qualified,
    }));
    if q.chars().count() >= 2 {
        let mut hits = idx.starting_with(q);
        if let (Some(division), None) = (hits.next(), hits.next()) {
            found.push(Candidate {
                division,
                how: MatchKind::Prefix,
            });
        }
    }
    // Old names only when no unit has the name now; old short forms only when nothing
    // else matched (海南 is not 海南黎族苗族自治州 of 1987).
    if !found.iter().any(|c| c.how == MatchKind::Exact) {
        let with_short = found.is_empty();
        found.extend(abolished(q, vintage, with_short));
    }
    found
}

/// Units of `q` = qualifier + rest, where the qualifier names (fully or in short) a
/// province or prefecture containing a unit the rest names; `depth` qualifiers at most.
fn qualified(q: &str, idx: &NameIndex, depth: u8) -> Vec<Division> {
    let mut out = Vec::new();
    if depth == 0 {
        return out;
    }
    for (i, _) in q.char_indices().skip(1) {
        let (Some(head), Some(tail)) = (q.get(..i), q.get(i..)) else {
            continue;
        };
        let heads: Vec<Division> = idx
            .lookup(head)
            .map(|(_, d)| d)
            .filter(|d| d.level < Level::County)
            .collect();
        if heads.is_empty() {
            continue;
        }
        let mut tails: Vec<Division> = idx.lookup(tail).map(|(_, d)| d).collect();
        tails.extend(qualified(tail, idx, depth - 1));
        out.extend(tails.into_iter().filter(|t| {
            heads
                .iter()
                .any(|h| h.code != t.code && h.code.contains(t.code))
        }));
    }
    out
}

/// Units that old names matching `q` became, for names no longer used in `vintage`; old
/// short forms count when `with_short`.
fn abolished(q: &str, vintage: Vintage, with_short: bool) -> Vec<Candidate> {
    let mut out = Vec::new();
    for (kind, i) in index::events_named(q) {
        if kind == KeyKind::Short && !with_short {
            continue;
        }
        let Some(e) = change::event(i) else { continue };
        let still_there = table::find(vintage, e.old_code).is_some_and(|r| r.name == e.old_name);
        if e.year > vintage.year() || still_there {
            continue;
        }
        let change = Change::from_row(e);
        let mut trace = trace_from(Pos::after(e).into_iter().collect(), vec![i], vintage);
        // A prefecture abolished with all its counties gives theirs too (莱芜市).
        if let Some(had) = succession::listed_by(e.old_code, e.old_name, vintage) {
            succession::derive_from_counties(e.old_code, e.old_name, had, vintage, &mut trace);
        }
        out.extend(
            unit_rows(&trace.successors, vintage).map(|division| Candidate {
                division,
                how: MatchKind::Abolished { change },
            }),
        );
    }
    out
}
