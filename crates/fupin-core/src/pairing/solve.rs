//! The optimisation behind suggestions, on explicit inputs: helpers with places left
//! ([`Supply`]), recipients with empty slots ([`Demand`]), and an optimal assignment.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::domain::mask;
use super::flow::{self, Arc, Network};
use super::{Domain, HelperId};
use crate::error::{Error, Issue, Issues, Path};
use crate::region::RegionCode;

/// The largest priority accepted.
pub const MAX_PRIORITY: u32 = 1_000_000;

/// A helper that can take on `remaining` more recipients, in its domains.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Supply {
    /// The helper.
    pub helper: HelperId,
    /// Places left.
    pub remaining: u32,
    /// The domains it serves.
    pub domains: Vec<Domain>,
}

/// A recipient with `slots` helpers missing, its priority, the domains it needs (empty: any
/// helper fits) and the helpers it must not get again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Demand {
    /// The recipient.
    pub recipient: RegionCode,
    /// Weight of each filled slot, 1 to [`MAX_PRIORITY`].
    pub priority: u32,
    /// How many new helpers it needs.
    pub slots: u32,
    /// Domains it needs; a helper must serve one of them. Empty: any helper fits.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub domains: Vec<Domain>,
    /// Helpers it must not get: those it already has (and, in suggestions for a rule that
    /// counts the plan's own helpers, the helpers of other mechanisms).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exclude: Vec<HelperId>,
}

/// An assignment problem: helpers with places left, recipients with empty slots.
///
/// **Objective.** Fill slots so that the sum of the priorities of the filled slots is as
/// large as possible; among such assignments, the total domain fit (how many of each
/// recipient's needed domains its new helper serves) is as large as possible. Constraints:
/// a helper takes at most `remaining` new recipients; a recipient gets at most `slots` new
/// helpers, each at most once and none it excludes (its current helpers); when a recipient
/// names needed domains, a helper must serve at least one of them.
///
/// **Method.** Exact min-cost flow (successive shortest paths with potentials, see
/// `flow.rs`), on a network made small in two ways: arcs only where domains fit, and
/// helpers that are interchangeable (same domains, same places left, excluded by nobody)
/// merged into one node whose arc to a recipient carries at most as many units as it has
/// helpers. Merging loses nothing: with equal capacities, any such flow splits back into
/// distinct helpers (the Gale–Ryser condition holds), which [`Instance::solve`] does by
/// always giving the next recipient the members with the most places left. Slots are added
/// highest priority first, each by a shortest-path search that stops as soon as it reaches
/// a free place, so most slots cost little more than a scan of their own arcs.
///
/// **Ties.** The same instance, in whatever order its lists come, gives the same answer:
/// recipients are taken by priority then code, helpers by id, and among equally good
/// answers the search keeps what lower codes and ids got first.
///
/// ```
/// use fupin_core::pairing::{Demand, Domain, Instance, Supply};
///
/// let instance: Instance = serde_json::from_str(r#"{
///   "supplies": [{"helper": "a", "remaining": 1, "domains": ["health"]},
///                {"helper": "b", "remaining": 1, "domains": ["tourism", "health"]}],
///   "demands": [{"recipient": "522327", "priority": 50, "slots": 1, "domains": ["tourism"]},
///               {"recipient": "522328", "priority": 10, "slots": 1}]
/// }"#)?;
/// let plan = instance.solve()?;
/// let pairs: Vec<(&str, String)> =
///     plan.assigned.iter().map(|a| (a.helper.as_str(), a.recipient.to_short())).collect();
/// assert_eq!(pairs, [("b", "522327".to_owned()), ("a", "522328".to_owned())]);
/// assert_eq!((plan.score.weight, plan.score.filled), (60, 2));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instance {
    /// Helpers with places left.
    pub supplies: Vec<Supply>,
    /// Recipients with slots to fill.
    pub demands: Vec<Demand>,
}

/// One helper given to one recipient.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Assigned {
    /// The recipient.
    pub recipient: RegionCode,
    /// The helper.
    pub helper: HelperId,
    /// How many of the recipient's needed domains the helper serves.
    pub fit: u32,
}

/// How good an assignment is: compare `weight`, then `fit`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Score {
    /// Sum of the priorities of the filled slots (maximised first).
    pub weight: u64,
    /// Sum of the domain fits (maximised second).
    pub fit: u64,
    /// Slots filled.
    pub filled: u64,
    /// Slots asked for.
    pub slots: u64,
}

/// An optimal assignment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    /// The pairs, sorted by recipient then helper.
    pub assigned: Vec<Assigned>,
    /// Its score.
    pub score: Score,
}

impl Instance {
    /// Every problem of the instance: ids given twice, priorities out of range.
    pub fn validate(&self) -> Issues {
        let mut out = Issues::new();
        let mut seen = BTreeSet::new();
        for (i, s) in self.supplies.iter().enumerate() {
            if !seen.insert(&s.helper) {
                out.push(Issue::new(
                    "duplicate_helper_id",
                    Path::root().key("supplies").index(i).key("helper"),
                    format!("helper `{}` is listed twice", s.helper),
                ));
            }
        }
        let mut seen = BTreeSet::new();
        for (i, d) in self.demands.iter().enumerate() {
            let at = Path::root().key("demands").index(i);
            if !seen.insert(d.recipient) {
                out.push(Issue::new(
                    "duplicate_recipient",
                    at.key("recipient"),
                    format!("recipient `{}` is listed twice", d.recipient.to_short()),
                ));
            }
            if !(1..=MAX_PRIORITY).contains(&d.priority) {
                out.push(
                    Issue::new(
                        "priority_out_of_range",
                        at.key("priority"),
                        format!("priority {} is not from 1 to {MAX_PRIORITY}", d.priority),
                    )
                    .with("priority", d.priority),
                );
            }
        }
        out
    }

    /// An optimal assignment (see [`Instance`] for the objective), or the instance's problems.
    /// The same instance, in whatever order its lists come, always gives the same answer:
    /// recipients are taken by priority then code, helpers by id.
    pub fn solve(&self) -> Result<Assignment, Error> {
        self.validate().into_result()?;
        Ok(solve(self, true))
    }
}

struct Group {
    members: Vec<usize>,
    mask: u32,
    remaining: u32,
}

/// Solves a valid instance, merging interchangeable helpers when `merge` is set.
pub(crate) fn solve(instance: &Instance, merge: bool) -> Assignment {
    let mut supplies: Vec<&Supply> = instance
        .supplies
        .iter()
        .filter(|s| s.remaining > 0)
        .collect();
    supplies.sort_by(|a, b| a.helper.cmp(&b.helper));
    let mut demands: Vec<&Demand> = instance.demands.iter().filter(|d| d.slots > 0).collect();
    demands.sort_by_key(|d| d.recipient);
    let excluded: BTreeSet<&HelperId> = demands.iter().flat_map(|d| &d.exclude).collect();
    let mut groups: Vec<Group> = Vec::new();
    let mut by_key: BTreeMap<(u32, u32), usize> = BTreeMap::new();
    for (i, s) in supplies.iter().enumerate() {
        let key = (mask(&s.domains), s.remaining);
        let shared = merge && !excluded.contains(&s.helper);
        match by_key.get(&key).filter(|_| shared) {
            Some(&g) => {
                if let Some(group) = groups.get_mut(g) {
                    group.members.push(i);
                }
            }
            None => {
                if shared {
                    by_key.insert(key, groups.len());
                }
                groups.push(Group {
                    members: vec![i],
                    mask: key.0,
                    remaining: key.1,
                });
            }
        }
    }
    let total_slots: u64 = demands.iter().map(|d| u64::from(d.slots)).sum();
    let mut arcs = Vec::new();
    let mut fits = Vec::new();
    for (r, d) in demands.iter().enumerate() {
        let need = mask(&d.domains);
        for (g, group) in groups.iter().enumerate() {
            let fit = (group.mask & need).count_ones();
            if need != 0 && fit == 0 {
                continue;
            }
            if let [only] = group.members.as_slice()
                && supplies
                    .get(*only)
                    .is_some_and(|s| d.exclude.contains(&s.helper))
            {
                continue;
            }
            let n = u32::try_from(group.members.len()).unwrap_or(u32::MAX);
            arcs.push((g, r, n.min(d.slots), fit));
            fits.push(fit);
        }
    }
    let max_fit = fits.iter().copied().max().unwrap_or(0);
    let big = i128::from(max_fit) * i128::from(total_slots) + 1;
    let network = Network {
        supply: groups
            .iter()
            .map(|g| {
                u32::try_from(g.members.len())
                    .unwrap_or(u32::MAX)
                    .saturating_mul(g.remaining)
            })
            .collect(),
        slots: demands.iter().map(|d| d.slots).collect(),
        arcs: arcs
            .iter()
            .map(|&(group, recipient, cap, fit)| Arc {
                group,
                recipient,
                cap,
                gain: i128::from(demands.get(recipient).map_or(0, |d| d.priority)) * big
                    + i128::from(fit),
            })
            .collect(),
    };
    let mut order: Vec<usize> = (0..demands.len()).collect();
    order.sort_by_key(|&r| (std::cmp::Reverse(demands.get(r).map(|d| d.priority)), r));
    let flows = flow::solve(&network, &order);
    split(&groups, &supplies, &demands, &arcs, &flows)
}

/// Turns group flows back into distinct helpers: within each group, recipients taking more
/// come first, and each takes the members with the most places left (ties by id).
fn split(
    groups: &[Group],
    supplies: &[&Supply],
    demands: &[&Demand],
    arcs: &[(usize, usize, u32, u32)],
    flows: &[u32],
) -> Assignment {
    let mut per_group: Vec<Vec<(u32, usize, u32)>> = vec![Vec::new(); groups.len()];
    for (&(g, r, _, fit), &f) in arcs.iter().zip(flows) {
        if let (Some(list), true) = (per_group.get_mut(g), f > 0) {
            list.push((f, r, fit));
        }
    }
    let mut assigned = Vec::new();
    let mut score = Score {
        slots: demands.iter().map(|d| u64::from(d.slots)).sum(),
        ..Score::default()
    };
    for (group, mut list) in groups.iter().zip(per_group) {
        list.sort_by_key(|&(f, r, _)| (std::cmp::Reverse(f), r));
        let mut left: Vec<(u32, usize)> = group
            .members
            .iter()
            .map(|&m| (group.remaining, m))
            .collect();
        for (f, r, fit) in list {
            left.sort_by_key(|&(rem, m)| (std::cmp::Reverse(rem), m));
            let Some(d) = demands.get(r) else { continue };
            for (rem, m) in left.iter_mut().take(f as usize) {
                let Some(s) = supplies.get(*m) else { continue };
                debug_assert!(
                    *rem > 0,
                    "a group's flow always splits into distinct helpers"
                );
                *rem = rem.saturating_sub(1);
                assigned.push(Assigned {
                    recipient: d.recipient,
                    helper: s.helper.clone(),
                    fit,
                });
                score.weight += u64::from(d.priority);
                score.fit += u64::from(fit);
                score.filled += 1;
            }
        }
    }
    assigned.sort();
    Assignment { assigned, score }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pairing::priority::SuggestOptions;
    use crate::pairing::suggest::instance;
    use crate::pairing::synth::{SynthConfig, national};

    fn check(a: &Assignment, inst: &Instance) {
        let mut used: BTreeMap<&HelperId, u32> = BTreeMap::new();
        let mut got: BTreeMap<RegionCode, u32> = BTreeMap::new();
        for x in &a.assigned {
            *used.entry(&x.helper).or_default() += 1;
            *got.entry(x.recipient).or_default() += 1;
        }
        for s in &inst.supplies {
            assert!(
                used.get(&s.helper).copied().unwrap_or(0) <= s.remaining,
                "{s:?}"
            );
        }
        for d in &inst.demands {
            assert!(got.get(&d.recipient).copied().unwrap_or(0) <= d.slots);
        }
        let mut pairs: Vec<_> = a
            .assigned
            .iter()
            .map(|x| (&x.helper, x.recipient))
            .collect();
        let n = pairs.len();
        pairs.sort();
        pairs.dedup();
        assert_eq!(pairs.len(), n, "a helper twice for one recipient");
    }

    #[test]
    fn merging_interchangeable_helpers_loses_nothing_at_national_scale() {
        for (k, seed) in [(2, 1), (4, 2), (6, 3)] {
            let set = national(&SynthConfig::default().counties(300).helpers(700).seed(seed));
            let rules = crate::pairing::CoverageRules::from_json(&format!(
                r#"[{{"rule": "min_helpers", "k": {k}}},
                    {{"rule": "min_projects", "domain": "rural_ecommerce"}}]"#
            ))
            .unwrap();
            let (inst, _) = instance(
                &set.book,
                &set.designations,
                &rules,
                set.as_of,
                &SuggestOptions::default(),
            )
            .unwrap();
            let merged = solve(&inst, true);
            let single = solve(&inst, false);
            check(&merged, &inst);
            check(&single, &inst);
            assert_eq!(merged.score, single.score, "k = {k}");
            assert!(merged.score.filled < merged.score.slots || k == 2);
        }
    }

    #[test]
    fn priorities_dominate_fit() {
        // one helper: the higher priority wins even though the other recipient fits better
        let inst: Instance = serde_json::from_value(serde_json::json!({
            "supplies": [{"helper": "h", "remaining": 1, "domains": ["health", "tourism"]}],
            "demands": [
                {"recipient": "522327", "priority": 11, "slots": 1, "domains": ["health"]},
                {"recipient": "522328", "priority": 10, "slots": 1,
                 "domains": ["health", "tourism"]}
            ]
        }))
        .unwrap();
        let a = inst.solve().unwrap();
        assert_eq!(a.assigned[0].recipient.to_short(), "522327");
        assert_eq!((a.score.weight, a.score.fit), (11, 1));
    }
}
