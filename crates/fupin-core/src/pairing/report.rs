//! The coverage report: every recipient's status, totals at every level (nation, province,
//! prefecture, county), helper load, projects and funds per domain, active against ended.
//!
//! Pairings with recipients that have exited count like any other (help goes on after exit,
//! 四不摘); they are listed apart, as information, in [`CoverageReport::no_longer_poor`] and
//! [`AreaCoverage::pairings_after_exit`]. Helpers are counted in two ways: every helper,
//! and the plan's own helpers ([`HelperKind::is_plan_helper`]) apart from east–west
//! cooperation and designated assistance.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::coverage::{CountedHelpers, Evaluation, Need};
use super::index::{DesignationIndex, PoorTest, helpers_by_id};
use super::{Domain, HelperId, HelperKind, PairingBook, ProjectState, RecipientKind};
use crate::error::Issues;
use crate::money::Yuan;
use crate::region::{DesignationKind, Level, RegionCode};

/// How well a recipient is covered by helpers, counting the helpers its rules count
/// ([`CountedHelpers`]: the plan's own helpers unless every helper rule that applies says
/// `all`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CoverageStatus {
    /// No helper that counts (none at all, or only helpers of other mechanisms when the
    /// plan's helpers count).
    Uncovered,
    /// Some helpers, fewer than required.
    UnderCovered,
    /// As many as required (and no more than the maximum).
    Covered,
    /// More helpers than a rule's maximum.
    OverServed,
}

/// One recipient the rules cover, on the report's date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecipientCoverage {
    /// The county or village.
    pub region: RegionCode,
    /// Its level.
    pub level: Level,
    /// How well it is covered.
    pub status: CoverageStatus,
    /// Distinct helpers of active pairings with it or with units inside it, of every kind.
    pub helpers: Vec<HelperId>,
    /// … of which of the plan's own kinds ([`HelperKind::is_plan_helper`]).
    pub plan_helpers: Vec<HelperId>,
    /// Which helpers its status counts: `plan` unless every helper rule that applies counts
    /// `all`.
    pub counted: CountedHelpers,
    /// Helpers required by the rules, of those counted (0 if only project rules apply).
    pub required: u32,
    /// Over-served above this many helpers, if a rule says so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<u32>,
    /// Active pairings with it or inside it.
    pub pairings_active: u32,
    /// Projects delivered by the date (started, not cancelled), by domain.
    pub projects: BTreeMap<Domain, u32>,
    /// Domains with fewer projects than a rule asks.
    pub missing_domains: Vec<Domain>,
    /// Designations in force on the date (its own and those of units containing it).
    pub designations: Vec<DesignationKind>,
}

/// Projects and funds of one domain in an area, by state on the report's date.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DomainTotals {
    /// Projects not started yet.
    pub upcoming: u32,
    /// Projects running.
    pub active: u32,
    /// Projects suspended.
    pub suspended: u32,
    /// Projects completed or past their end.
    pub ended: u32,
    /// Projects cancelled (their funds count nowhere).
    pub cancelled: u32,
    /// Funds of every project not cancelled.
    pub funds_committed: Yuan,
    /// Funds of the active projects.
    pub funds_active: Yuan,
}

/// Totals for one area: the nation (`region` is `None`), a province, a prefecture or a
/// county. Pairings and projects are counted in the area of their recipient.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaCoverage {
    /// The level of the area.
    pub level: Level,
    /// The area's code; `None` for the nation.
    pub region: Option<RegionCode>,
    /// Recipients the rules cover here.
    pub recipients: u32,
    /// … of which with no helper.
    pub uncovered: u32,
    /// … with fewer helpers than required.
    pub under_covered: u32,
    /// … covered as required.
    pub covered: u32,
    /// … over-served.
    pub over_served: u32,
    /// Distinct helpers of active pairings here, of every kind.
    pub helpers: u32,
    /// … of which of the plan's own kinds.
    pub plan_helpers: u32,
    /// Pairings running on the date (those with exited recipients included).
    pub pairings_active: u32,
    /// … of which with a recipient no longer designated poor on the date: continuing help
    /// after exit (四不摘), information, not a problem.
    pub pairings_after_exit: u32,
    /// Pairings ended by the date.
    pub pairings_ended: u32,
    /// Pairings signed after the date.
    pub pairings_upcoming: u32,
    /// Projects and funds by domain.
    pub domains: BTreeMap<Domain, DomainTotals>,
}

/// One helper's load on the report's date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelperLoad {
    /// The helper.
    pub helper: HelperId,
    /// Its kind.
    pub kind: HelperKind,
    /// Whether it is one of the plan's own helpers ([`HelperKind::is_plan_helper`]).
    pub plan_helper: bool,
    /// How many recipients it can take on.
    pub capacity: u32,
    /// Active pairings it is in.
    pub active: u32,
    /// Places left (`capacity − active`, at least 0).
    pub remaining: u32,
    /// Whether it has more active pairings than its capacity.
    pub over_capacity: bool,
    /// The recipients of its active pairings, sorted.
    pub recipients: Vec<RegionCode>,
}

/// The coverage of a book of pairings on one date, against coverage rules. See
/// [`PairingBook::coverage`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoverageReport {
    /// The date of the report.
    pub as_of: NaiveDate,
    /// Every recipient the rules cover, by region code.
    pub recipients: Vec<RecipientCoverage>,
    /// Totals for the nation, then every province, prefecture and county touched, by code.
    pub areas: Vec<AreaCoverage>,
    /// Every helper's load, by id.
    pub helpers: Vec<HelperLoad>,
    /// Recipients of active pairings that are no longer designated poor on the date (they
    /// have exited), by code: information, not a problem. Help goes on after exit —
    /// 摘帽不摘责任、不摘政策、不摘帮扶、不摘监管 ("四不摘", 习近平 at the 解决"两不愁三保障"
    /// 突出问题座谈会, 重庆, 2019-04-16) — so these pairings stay valid and count as
    /// continuing help everywhere else in the report.
    pub no_longer_poor: Vec<RegionCode>,
    /// Every rule failure, at `rules[i]` with the region in `params`.
    pub issues: Issues,
}

impl CoverageReport {
    /// The recipients with a given status.
    pub fn with_status(&self, status: CoverageStatus) -> impl Iterator<Item = &RecipientCoverage> {
        self.recipients.iter().filter(move |r| r.status == status)
    }

    /// The totals of an area (`None` for the nation).
    pub fn area(&self, region: Option<RegionCode>) -> Option<&AreaCoverage> {
        self.areas.iter().find(|a| a.region == region)
    }
}

pub(crate) fn status(need: &Need) -> CoverageStatus {
    let over = [CountedHelpers::Plan, CountedHelpers::All]
        .into_iter()
        .any(|c| need.max(c).is_some_and(|m| need.count(c) > m));
    if need.helper_count() == 0 {
        CoverageStatus::Uncovered
    } else if need.missing() > 0 {
        CoverageStatus::UnderCovered
    } else if over {
        CoverageStatus::OverServed
    } else {
        CoverageStatus::Covered
    }
}

fn areas_of(region: RegionCode) -> impl Iterator<Item = Option<RegionCode>> {
    std::iter::once(None).chain(
        [Level::Province, Level::Prefecture, Level::County]
            .into_iter()
            .filter_map(move |l| region.at_level(l).map(Some)),
    )
}

fn blank(region: Option<RegionCode>) -> AreaCoverage {
    AreaCoverage {
        level: region.map_or(Level::Nation, RegionCode::level),
        region,
        recipients: 0,
        uncovered: 0,
        under_covered: 0,
        covered: 0,
        over_served: 0,
        helpers: 0,
        plan_helpers: 0,
        pairings_active: 0,
        pairings_after_exit: 0,
        pairings_ended: 0,
        pairings_upcoming: 0,
        domains: BTreeMap::new(),
    }
}

fn add_project(totals: &mut DomainTotals, state: ProjectState, funds: Yuan) {
    match state {
        ProjectState::Upcoming => totals.upcoming += 1,
        ProjectState::Active => totals.active += 1,
        ProjectState::Suspended => totals.suspended += 1,
        ProjectState::Ended => totals.ended += 1,
        ProjectState::Cancelled => totals.cancelled += 1,
    }
    if state != ProjectState::Cancelled {
        totals.funds_committed = totals.funds_committed + funds;
    }
    if state == ProjectState::Active {
        totals.funds_active = totals.funds_active + funds;
    }
}

/// Builds the report from an evaluation of the rules.
pub(crate) fn build(
    book: &PairingBook,
    index: &DesignationIndex<'_>,
    eval: Evaluation,
    as_of: NaiveDate,
) -> CoverageReport {
    let known = helpers_by_id(&book.helpers);
    let id_of = |i: &usize| book.helpers.get(*i).map(|h| h.id.clone());
    let mut areas: BTreeMap<Option<RegionCode>, (AreaCoverage, BTreeSet<usize>)> = BTreeMap::new();
    let mut recipients = Vec::with_capacity(eval.needs.len());
    for (region, need) in &eval.needs {
        let st = status(need);
        for a in areas_of(*region) {
            let (area, _) = areas
                .entry(a)
                .or_insert_with(|| (blank(a), BTreeSet::new()));
            area.recipients += 1;
            match st {
                CoverageStatus::Uncovered => area.uncovered += 1,
                CoverageStatus::UnderCovered => area.under_covered += 1,
                CoverageStatus::Covered => area.covered += 1,
                CoverageStatus::OverServed => area.over_served += 1,
            }
        }
        recipients.push(RecipientCoverage {
            region: *region,
            level: region.level(),
            status: st,
            helpers: need.helpers.iter().filter_map(id_of).collect(),
            plan_helpers: need.plan_helpers.iter().filter_map(id_of).collect(),
            counted: need.counted(),
            required: need.required(need.counted()),
            max: need.max(need.counted()),
            pairings_active: need.pairings_active,
            projects: need.projects.clone(),
            missing_domains: need.missing_domains(),
            designations: index.kinds(*region, as_of),
        });
    }
    let mut loads: Vec<(u32, BTreeSet<RegionCode>)> =
        vec![(0, BTreeSet::new()); book.helpers.len()];
    let mut no_longer_poor = BTreeSet::new();
    for p in &book.pairings {
        let region = p.recipient.region;
        let active = p.is_active_on(as_of);
        let helpers: BTreeSet<usize> = p
            .helpers
            .iter()
            .filter_map(|h| known.get(h).copied())
            .collect();
        // 四不摘: a pairing with an exited recipient is continuing help, counted like any
        // other and noted apart; never dropped or flagged.
        let after_exit = active && {
            let test = match p.recipient.kind() {
                Some(RecipientKind::County) => PoorTest::County,
                Some(RecipientKind::Village) => PoorTest::Village,
                _ => PoorTest::CountyOrVillage,
            };
            index.poor_status(region, test, as_of) != super::index::PoorStatus::Poor
        };
        for a in areas_of(region) {
            let (area, seen) = areas
                .entry(a)
                .or_insert_with(|| (blank(a), BTreeSet::new()));
            if active {
                area.pairings_active += 1;
                area.pairings_after_exit += u32::from(after_exit);
                seen.extend(helpers.iter().copied());
            } else if p.has_ended_by(as_of) {
                area.pairings_ended += 1;
            } else if p.signed_on > as_of {
                area.pairings_upcoming += 1;
            }
            for pr in &p.projects {
                let totals = area.domains.entry(pr.domain).or_default();
                add_project(totals, pr.state_on(as_of), pr.funds);
            }
        }
        if !active {
            continue;
        }
        for &h in &helpers {
            if let Some((n, rs)) = loads.get_mut(h) {
                *n += 1;
                rs.insert(region);
            }
        }
        if after_exit {
            no_longer_poor.insert(region);
        }
    }
    let mut helpers = Vec::with_capacity(known.len());
    for (id, &i) in &known {
        let (Some(h), Some((active, rs))) = (book.helpers.get(i), loads.get(i)) else {
            continue;
        };
        helpers.push(HelperLoad {
            helper: (*id).clone(),
            kind: h.kind,
            plan_helper: h.is_plan_helper(),
            capacity: h.capacity,
            active: *active,
            remaining: h.capacity.saturating_sub(*active),
            over_capacity: *active > h.capacity,
            recipients: rs.iter().copied().collect(),
        });
    }
    CoverageReport {
        as_of,
        recipients,
        areas: areas
            .into_values()
            .map(|(mut area, seen)| {
                area.helpers = u32::try_from(seen.len()).unwrap_or(u32::MAX);
                let plan = seen
                    .iter()
                    .filter(|&&i| {
                        book.helpers
                            .get(i)
                            .is_some_and(super::Helper::is_plan_helper)
                    })
                    .count();
                area.plan_helpers = u32::try_from(plan).unwrap_or(u32::MAX);
                area
            })
            .collect(),
        helpers,
        no_longer_poor: no_longer_poor.into_iter().collect(),
        issues: eval.issues,
    }
}
