//! Suggested new pairings for the recipients the rules find short of helpers: optimal (see
//! [`Instance`]) and explained one by one.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::coverage::{self, CoverageRules};
use super::domain::{mask, unmask};
use super::index::{DesignationIndex, helpers_by_id};
use super::priority::{PrioritySource, SuggestOptions, default_priority};
use super::solve::{Demand, Instance, MAX_PRIORITY, Score, Supply};
use super::{Domain, HelperId, Pairing, PairingBook, Recipient};
use crate::error::{Error, Issue, Issues, Path};
use crate::region::{DesignationKind, Designations, RegionCode};

/// One suggested helper for one recipient, with why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    /// The recipient.
    pub recipient: RegionCode,
    /// The helper suggested.
    pub helper: HelperId,
    /// The recipient's priority.
    pub priority: u32,
    /// Where the priority came from.
    pub priority_source: PrioritySource,
    /// The designations that raised a default priority.
    pub priority_reasons: Vec<DesignationKind>,
    /// Needed domains the helper serves.
    pub matched_domains: Vec<Domain>,
    /// Domains the recipient needs (empty: any helper fits).
    pub needed_domains: Vec<Domain>,
    /// The helper's capacity.
    pub helper_capacity: u32,
    /// The helper's places free before this plan.
    pub helper_remaining: u32,
    /// The recipient's helpers before this plan.
    pub recipient_helpers: u32,
    /// Helpers the recipient needs under the rules.
    pub recipient_required: u32,
    /// The reasons, in a sentence.
    pub explanation: String,
}

/// Why a recipient keeps empty slots.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum UnfilledReason {
    /// No helper with places left serves a needed domain (or all are its helpers already).
    NoFittingHelper,
    /// Every fitting helper was given, and there are not enough of them.
    TooFewFittingHelpers,
    /// Fitting helpers exist, but their places went to recipients of equal or higher
    /// priority.
    CapacityTaken,
}

/// A recipient left short of helpers by the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unfilled {
    /// The recipient.
    pub recipient: RegionCode,
    /// Its priority.
    pub priority: u32,
    /// Helpers still missing after the plan.
    pub missing: u32,
    /// Domains it needs (empty: any helper fits).
    pub needed_domains: Vec<Domain>,
    /// Why.
    pub reason: UnfilledReason,
    /// The reason, in a sentence.
    pub explanation: String,
}

/// Suggested new pairings: optimal for the priorities, each explained, and what stays
/// unfilled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuggestionPlan {
    /// The date the plan is for.
    pub as_of: NaiveDate,
    /// The suggestions, by priority (highest first), then recipient, then helper.
    pub suggestions: Vec<Suggestion>,
    /// Recipients left short, by priority then code.
    pub unfilled: Vec<Unfilled>,
    /// The plan's score (see [`Score`]).
    pub score: Score,
}

impl SuggestionPlan {
    /// The suggestions as new pairings signed on the plan's date: one per recipient with
    /// all its suggested helpers, by recipient code.
    pub fn pairings(&self) -> Vec<Pairing> {
        let mut by_recipient: BTreeMap<RegionCode, Vec<HelperId>> = BTreeMap::new();
        for s in &self.suggestions {
            by_recipient
                .entry(s.recipient)
                .or_default()
                .push(s.helper.clone());
        }
        by_recipient
            .into_iter()
            .map(|(region, mut helpers)| {
                helpers.sort();
                Pairing {
                    id: None,
                    helpers,
                    recipient: Recipient::region(region),
                    signed_on: self.as_of,
                    ended_on: None,
                    projects: Vec::new(),
                }
            })
            .collect()
    }
}

/// What an explanation needs to know about a recipient short of helpers.
#[derive(Debug)]
pub(crate) struct Context {
    priority: u32,
    source: PrioritySource,
    reasons: Vec<DesignationKind>,
    before: u32,
    required: u32,
}

/// The assignment problem of the book on `as_of`: helpers with their places left,
/// recipients short of helpers with their priorities and needed domains.
pub(crate) fn instance(
    book: &PairingBook,
    designations: &Designations,
    rules: &CoverageRules,
    as_of: NaiveDate,
    options: &SuggestOptions,
) -> Result<(Instance, BTreeMap<RegionCode, Context>), Error> {
    let mut issues = Issues::new();
    for (region, p) in &options.priorities {
        if !(1..=MAX_PRIORITY).contains(p) {
            issues.push(Issue::new(
                "priority_out_of_range",
                Path::root().key("priorities").key(region.to_string()),
                format!(
                    "priority {p} of `{}` is not from 1 to {MAX_PRIORITY}",
                    region.to_short()
                ),
            ));
        }
    }
    issues.into_result()?;
    let index = DesignationIndex::new(designations);
    let eval = coverage::evaluate(book, &index, rules, as_of);
    let known = helpers_by_id(&book.helpers);
    let mut load = vec![0u32; book.helpers.len()];
    for p in book.pairings.iter().filter(|p| p.is_active_on(as_of)) {
        let distinct: BTreeSet<usize> = p
            .helpers
            .iter()
            .filter_map(|h| known.get(h).copied())
            .collect();
        for h in distinct {
            if let Some(n) = load.get_mut(h) {
                *n += 1;
            }
        }
    }
    // A recipient short under a rule counting the plan's helpers gets only plan helpers;
    // helpers of other mechanisms are offered only when some recipient may take them.
    let others_wanted = eval
        .needs
        .values()
        .any(|n| n.missing() > 0 && !n.plan_only());
    let others: Vec<HelperId> = known
        .iter()
        .filter(|(_, i)| book.helpers.get(**i).is_some_and(|h| !h.is_plan_helper()))
        .map(|(id, _)| (*id).clone())
        .collect();
    let supplies: Vec<Supply> = known
        .iter()
        .filter_map(|(id, &i)| {
            let h = book.helpers.get(i)?;
            if !others_wanted && !h.is_plan_helper() {
                return None;
            }
            Some(Supply {
                helper: (*id).clone(),
                remaining: h.capacity.saturating_sub(load.get(i).copied().unwrap_or(0)),
                domains: h.domains.clone(),
            })
        })
        .collect();
    let mut contexts = BTreeMap::new();
    let mut demands = Vec::new();
    for (region, need) in &eval.needs {
        let before = need.helper_count();
        let slots = need.missing();
        if slots == 0 {
            continue;
        }
        let (priority, source, reasons) = match options.priorities.get(region) {
            Some(p) => (*p, PrioritySource::Given, Vec::new()),
            None => {
                let (p, why) = default_priority(&index.kinds(*region, as_of));
                (p, PrioritySource::Designations, why)
            }
        };
        let mut domains = need.missing_domains();
        domains.extend(options.needs.get(region).into_iter().flatten());
        let mut exclude: Vec<HelperId> = need
            .helpers
            .iter()
            .filter_map(|&i| book.helpers.get(i).map(|h| h.id.clone()))
            .collect();
        if need.plan_only() && others_wanted {
            exclude.extend(others.iter().cloned());
            exclude.sort();
            exclude.dedup();
        }
        demands.push(Demand {
            recipient: *region,
            priority,
            slots,
            domains: unmask(mask(&domains)),
            exclude,
        });
        contexts.insert(
            *region,
            Context {
                priority,
                source,
                reasons,
                before,
                required: need.required(need.counted()),
            },
        );
    }
    Ok((Instance { supplies, demands }, contexts))
}

/// Builds and solves the instance for the book on `as_of`, and explains the answer.
pub(super) fn suggest(
    book: &PairingBook,
    designations: &Designations,
    rules: &CoverageRules,
    as_of: NaiveDate,
    options: &SuggestOptions,
) -> Result<SuggestionPlan, Error> {
    let (instance, contexts) = instance(book, designations, rules, as_of, options)?;
    let assignment = instance.solve()?;
    let known = helpers_by_id(&book.helpers);
    let demand_of: BTreeMap<RegionCode, &Demand> =
        instance.demands.iter().map(|d| (d.recipient, d)).collect();
    let supply_of: BTreeMap<&HelperId, &Supply> =
        instance.supplies.iter().map(|s| (&s.helper, s)).collect();
    let mut suggestions = Vec::new();
    for a in &assignment.assigned {
        let (Some(ctx), Some(h), Some(d)) = (
            contexts.get(&a.recipient),
            known.get(&a.helper).and_then(|&i| book.helpers.get(i)),
            demand_of.get(&a.recipient),
        ) else {
            continue;
        };
        let supply = supply_of.get(&a.helper);
        let mut s = Suggestion {
            recipient: a.recipient,
            helper: a.helper.clone(),
            priority: ctx.priority,
            priority_source: ctx.source,
            priority_reasons: ctx.reasons.clone(),
            matched_domains: unmask(mask(&h.domains) & mask(&d.domains)),
            needed_domains: d.domains.clone(),
            helper_capacity: h.capacity,
            helper_remaining: supply.map_or(0, |s| s.remaining),
            recipient_helpers: ctx.before,
            recipient_required: ctx.required,
            explanation: String::new(),
        };
        s.explanation = super::explain::suggestion(&s, &h.name);
        suggestions.push(s);
    }
    suggestions.sort_by(|a, b| {
        (std::cmp::Reverse(a.priority), a.recipient, &a.helper).cmp(&(
            std::cmp::Reverse(b.priority),
            b.recipient,
            &b.helper,
        ))
    });
    let unfilled = super::explain::unfilled(&instance, &assignment.assigned);
    Ok(SuggestionPlan {
        as_of,
        suggestions,
        unfilled,
        score: assignment.score,
    })
}
