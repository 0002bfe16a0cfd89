//! [`Tally`]: the counters of a data set (or of one part of it) per village, township and
//! county. Tallies of disjoint parts merge into the tally of the whole: merging is
//! associative and commutative, and a tally serialises, so chunks, threads or a distributed
//! engine can each do a part.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::counts::{Counter, Counts};
use super::dataset::Dataset;
use super::engine::kernel::{self, H, HCounts};
use super::measures::Measures;
use super::units::{TownshipFacts, VillageFacts};
use crate::error::{Error, Issue, Issues, Path};
use crate::region::RegionCode;

/// Counters of one unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The unit.
    pub code: RegionCode,
    /// Its counters (for a village: its households and its own facts; for a township or
    /// county: its own facts only).
    pub counts: Counts,
}

/// Counters per unit at one date. See the module docs.
///
/// Partition the data when splitting: each household in exactly one part, and each unit's
/// facts in exactly one part (e.g. all unit facts in the first part, only households in the
/// others). Merging then gives exactly the tally of the whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tally {
    /// The as-of date.
    pub as_of: NaiveDate,
    /// The data set's label, when all parts share it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Village entries, sorted by code.
    pub villages: Vec<Entry>,
    /// Township entries (their own facts), sorted by code.
    pub townships: Vec<Entry>,
    /// County entries (their own facts), sorted by code.
    pub counties: Vec<Entry>,
    /// The indicators beyond shares, at their observation levels.
    #[serde(default, skip_serializing_if = "Measures::is_empty")]
    pub measures: Measures,
}

/// The kernel's counters are the first `H` counters of [`Counts`], in the same order.
const _: () = assert!(Counter::ExitEligible as usize == H - 1 && Counter::People as usize == 1);

fn yes_known(counts: &mut Counts, v: Option<bool>, known: Counter, yes: Counter) {
    if let Some(b) = v {
        counts.incr(known, 1);
        counts.incr(yes, u64::from(b));
    }
}

/// Counters a village contributes by its own facts (not its households).
pub(crate) fn village_fact_counts(v: &VillageFacts) -> Counts {
    let mut c = Counts::default();
    c.incr(Counter::Villages, 1);
    // 行政村光纤通达率 / 4G覆盖率 are about administrative villages (村民委员会), not the
    // residents' committees (居民委员会) listed beside them
    if v.code.is_village_committee() {
        c.incr(Counter::AdministrativeVillages, 1);
        yes_known(
            &mut c,
            v.fiber,
            Counter::VillageFiberKnown,
            Counter::VillageFiberYes,
        );
        yes_known(
            &mut c,
            v.mobile_4g,
            Counter::Village4gKnown,
            Counter::Village4gYes,
        );
    }
    yes_known(
        &mut c,
        v.network_leader,
        Counter::LeaderKnown,
        Counter::LeaderYes,
    );
    if v.poor_village {
        c.incr(Counter::PoorVillages, 1);
        yes_known(
            &mut c,
            v.broadband(),
            Counter::PoorVillageBroadbandKnown,
            Counter::PoorVillageBroadbandYes,
        );
        yes_known(
            &mut c,
            v.fiber,
            Counter::PoorVillageFiberKnown,
            Counter::PoorVillageFiberYes,
        );
        yes_known(
            &mut c,
            v.mobile_4g,
            Counter::PoorVillage4gKnown,
            Counter::PoorVillage4gYes,
        );
    }
    if let Some(pop) = v.rural_population {
        c.incr(Counter::PopulationKnownVillages, 1);
        c.incr(Counter::RuralPopulation, u64::from(pop));
    }
    c
}

fn township_fact_counts(t: &TownshipFacts) -> Counts {
    let mut c = Counts::default();
    c.incr(Counter::Townships, 1);
    yes_known(&mut c, t.service_node, Counter::NodeKnown, Counter::NodeYes);
    // "电商服务通达乡镇" (《网络扶贫行动计划》, 2016) is about towns and townships: a
    // sub-district (街道, township segment 001–099) is urban, a farm or a development zone
    // (400 and above) is neither, and neither is counted
    if t.code
        .township_kind()
        .is_some_and(crate::region::TownshipKind::is_town_or_township)
    {
        c.incr(Counter::RuralTownships, 1);
        yes_known(
            &mut c,
            t.ecommerce,
            Counter::TownshipEcommerceKnown,
            Counter::TownshipEcommerceYes,
        );
    }
    c
}

/// Adds the kernel's household counters: they are the first `H` counters, in order.
pub(crate) fn add_household_part(counts: &mut Counts, h: &HCounts) {
    for (slot, v) in counts.0.iter_mut().zip(h) {
        *slot = slot.saturating_add(u32::try_from(*v).unwrap_or(u32::MAX));
    }
}

fn household_part(h: &HCounts) -> Counts {
    let mut c = Counts::default();
    add_household_part(&mut c, h);
    c
}

/// The label of two parts merged: each part's label kept (once, joined by ` + `), so that a
/// part labelled SYNTHETIC keeps the whole labelled — a merge must not drop the word that
/// says figures are made up; `None` when neither part has one.
pub(crate) fn merged_label(a: Option<&str>, b: Option<&str>) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in [a, b].into_iter().flatten().flat_map(|l| l.split(" + ")) {
        if !parts.contains(&part) {
            parts.push(part);
        }
    }
    (!parts.is_empty()).then(|| parts.join(" + "))
}

/// Adds two sorted entry lists, summing entries of the same code.
/// A village entry counts one village: listed (`villages`) or, if not, unlisted. When the
/// households of one unlisted village were counted in several parts, their merged entry
/// says so once, not once a part.
pub(crate) fn one_village(c: &mut Counts) {
    let unlisted = if c.get(Counter::Villages) > 0 {
        0
    } else {
        c.get(Counter::VillagesUnlisted).min(1)
    };
    c.set(Counter::VillagesUnlisted, unlisted);
}

fn merge_sorted(a: Vec<Entry>, b: Vec<Entry>) -> Vec<Entry> {
    merge_sorted_by(a, b, |e| e.code, |x, y| x.counts += &y.counts)
}

/// Merges two lists sorted by `code`, joining the items of one code with `join`.
pub(crate) fn merge_sorted_by<T>(
    a: Vec<T>,
    b: Vec<T>,
    code: impl Fn(&T) -> RegionCode,
    join: impl Fn(&mut T, &T),
) -> Vec<T> {
    let mut out = Vec::with_capacity(a.len().max(b.len()));
    let mut ai = a.into_iter().peekable();
    let mut bi = b.into_iter().peekable();
    loop {
        let next = match (ai.peek(), bi.peek()) {
            (Some(x), Some(y)) if code(x) == code(y) => {
                let (Some(mut x), Some(y)) = (ai.next(), bi.next()) else {
                    break;
                };
                join(&mut x, &y);
                x
            }
            (Some(x), Some(y)) if code(x) < code(y) => match ai.next() {
                Some(x) => x,
                None => break,
            },
            (Some(_), Some(_)) | (None, Some(_)) => match bi.next() {
                Some(y) => y,
                None => break,
            },
            (Some(_), None) => match ai.next() {
                Some(x) => x,
                None => break,
            },
            (None, None) => break,
        };
        out.push(next);
    }
    out
}

impl Tally {
    /// An empty tally.
    pub fn empty(as_of: NaiveDate) -> Self {
        Tally {
            as_of,
            label: None,
            villages: Vec::new(),
            townships: Vec::new(),
            counties: Vec::new(),
            measures: Measures::default(),
        }
    }

    /// Counts a data set, on every core.
    pub fn of(ds: &Dataset) -> Self {
        Self::of_with_threads(ds, kernel::default_threads(ds.household_count()))
    }

    /// Counts a data set on at most `threads` threads.
    pub fn of_with_threads(ds: &Dataset, threads: usize) -> Self {
        if let Some((villages, runs)) = super::engine::fastpath::sorted(ds, threads) {
            let n_listed = ds.villages().len();
            let mut unlisted: Vec<HCounts> =
                vec![[0u64; H]; ds.village_codes().len().saturating_sub(n_listed)];
            for (v, c) in &runs {
                if let Some(slot) = (*v as usize)
                    .checked_sub(n_listed)
                    .and_then(|i| unlisted.get_mut(i))
                {
                    kernel::add_into(slot, c);
                }
            }
            return Self::assemble(ds, villages, &unlisted);
        }
        let codes = ds.village_codes();
        let listed = ds.villages();
        let parts = kernel::partials(ds.households(), codes.len(), threads);
        let mut villages: Vec<Entry> = Vec::with_capacity(codes.len());
        villages.extend(listed.iter().map(|v| Entry {
            code: v.code,
            counts: village_fact_counts(v),
        }));
        let mut unlisted: Vec<HCounts> = vec![[0u64; H]; codes.len().saturating_sub(listed.len())];
        {
            let mut add = |v: u32, c: &HCounts| {
                let v = v as usize;
                if let Some(e) = villages.get_mut(v) {
                    add_household_part(&mut e.counts, c);
                } else if let Some(u) = v
                    .checked_sub(listed.len())
                    .and_then(|i| unlisted.get_mut(i))
                {
                    kernel::add_into(u, c);
                }
            };
            for part in parts {
                match part {
                    kernel::Partial::Runs(runs) => {
                        for (v, c) in &runs {
                            add(*v, c);
                        }
                    }
                    kernel::Partial::Dense(dense) => {
                        for (v, c) in dense.iter().enumerate() {
                            if c.iter().any(|x| *x != 0) {
                                add(u32::try_from(v).unwrap_or(u32::MAX), c);
                            }
                        }
                    }
                }
            }
        }
        Self::assemble(ds, villages, &unlisted)
    }

    /// The tally of a data set's units given counters per village index (as a
    /// [`TallyStream`](super::TallyStream) keeps them).
    pub(crate) fn from_village_counts(ds: &Dataset, counts: &[HCounts]) -> Tally {
        let listed = ds.villages();
        let mut villages: Vec<Entry> = Vec::with_capacity(ds.village_codes().len());
        villages.extend(listed.iter().zip(counts).map(|(v, c)| {
            let mut counts = village_fact_counts(v);
            add_household_part(&mut counts, c);
            Entry {
                code: v.code,
                counts,
            }
        }));
        Self::assemble(ds, villages, counts.get(listed.len()..).unwrap_or(&[]))
    }

    fn assemble(ds: &Dataset, mut villages: Vec<Entry>, unlisted: &[HCounts]) -> Tally {
        let codes = ds.village_codes();
        let listed = ds.villages();
        if !unlisted.is_empty() {
            let mut extra: Vec<Entry> = codes
                .iter()
                .skip(listed.len())
                .zip(unlisted)
                .map(|(code, h)| {
                    let mut counts = household_part(h);
                    counts.incr(Counter::VillagesUnlisted, 1);
                    Entry {
                        code: *code,
                        counts,
                    }
                })
                .collect();
            extra.sort_by_key(|e| e.code);
            villages = merge_sorted(villages, extra);
        }
        let townships = ds
            .townships()
            .iter()
            .map(|t| Entry {
                code: t.code,
                counts: township_fact_counts(t),
            })
            .collect();
        let counties = ds
            .counties()
            .iter()
            .map(|c| {
                let mut counts = Counts::default();
                counts.incr(Counter::Counties, 1);
                counts.incr(Counter::PoorCounties, u64::from(c.poor_county));
                yes_known(
                    &mut counts,
                    c.platform,
                    Counter::PlatformKnown,
                    Counter::PlatformYes,
                );
                Entry {
                    code: c.code,
                    counts,
                }
            })
            .collect();
        Tally {
            as_of: ds.as_of(),
            label: ds.label().map(str::to_owned),
            villages,
            townships,
            counties,
            measures: Measures::of(
                ds.indicator_defs(),
                ds.villages(),
                ds.townships(),
                ds.counties(),
            ),
        }
    }

    /// Merges the tally of another, disjoint part. Both must be of the same date, and each
    /// unit's facts (the unit tables) in one part only: a unit counted in both is refused
    /// (`unit_counted_twice`), not added twice.
    pub fn merge(self, other: Tally) -> Result<Tally, Error> {
        if self.as_of != other.as_of {
            return Err(Error::Validation(Issues(vec![
                Issue::new(
                    "tally_date_mismatch",
                    Path::root().key("as_of"),
                    format!(
                        "cannot merge a tally of `{}` into one of `{}`",
                        other.as_of, self.as_of
                    ),
                )
                .with("left", self.as_of.to_string())
                .with("right", other.as_of.to_string()),
            ])));
        }
        let label = merged_label(self.label.as_deref(), other.label.as_deref());
        let mut villages = merge_sorted(self.villages, other.villages);
        for v in &mut villages {
            one_village(&mut v.counts);
        }
        let merged = Tally {
            as_of: self.as_of,
            label,
            villages,
            townships: merge_sorted(self.townships, other.townships),
            counties: merge_sorted(self.counties, other.counties),
            measures: self.measures.merge(other.measures)?,
        };
        let twice = merged.units_counted_twice();
        if twice.is_empty() {
            Ok(merged)
        } else {
            Err(Error::Validation(twice))
        }
    }

    /// Units whose own facts are counted more than once (`unit_counted_twice`, at
    /// `villages.<code>` …): a village, township or county entry counts its unit once, so
    /// more than one means that parts merged each held the unit tables — its population and
    /// facts would be added twice (the incidence of a village halved).
    fn units_counted_twice(&self) -> Issues {
        let mut issues = Issues::new();
        for (key, list, counter) in [
            ("villages", &self.villages, Counter::Villages),
            ("townships", &self.townships, Counter::Townships),
            ("counties", &self.counties, Counter::Counties),
        ] {
            for e in list.iter().filter(|e| e.counts.get(counter) > 1) {
                issues.push(
                    Issue::new(
                        "unit_counted_twice",
                        Path::root().key(key).key(e.code.to_string()),
                        format!(
                            "`{}` is counted {} times: give each unit's facts to one part only (the parts merged are of one register, the unit tables to one of them)",
                            e.code.to_short(),
                            e.counts.get(counter)
                        ),
                    )
                    .with("times", e.counts.get(counter)),
                );
            }
        }
        issues
    }

    /// Checks a tally read from elsewhere: entries sorted, unique, of the right level, each
    /// unit counted once; the indicators beyond shares valid, one list of cells each,
    /// sorted, at their level.
    pub fn validate(&self) -> Issues {
        let mut issues = self.measures.validate();
        issues.0.extend(self.units_counted_twice().0);
        for (key, list, level) in [
            ("villages", &self.villages, crate::region::Level::Village),
            ("townships", &self.townships, crate::region::Level::Township),
            ("counties", &self.counties, crate::region::Level::County),
        ] {
            for (i, e) in list.iter().enumerate() {
                if e.code.level() != level {
                    issues.push(Issue::new(
                        "unit_level",
                        Path::root().key(key).index(i).key("code"),
                        format!("`{}` is not a {level} code", e.code.to_short()),
                    ));
                }
                if i > 0 && list.get(i - 1).is_some_and(|p| p.code >= e.code) {
                    issues.push(Issue::new(
                        "tally_order",
                        Path::root().key(key).index(i).key("code"),
                        "entries must be sorted by code, each code once",
                    ));
                }
            }
        }
        issues
    }

    /// The counters of the whole tally (the nation, or whatever the data covers).
    pub fn total(&self) -> Counts {
        let mut c = Counts::default();
        for e in self
            .villages
            .iter()
            .chain(&self.townships)
            .chain(&self.counties)
        {
            c += &e.counts;
        }
        c
    }
}
