//! Annual assessment scorecards (考核评估): per unit of a level, the indicators, the targets
//! met, the rank among peers, and the change since the previous snapshot.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use super::indicators::{IndicatorValue, MissingStrategy};
use super::rollup::Rollup;
use super::verdict::{JudgeOptions, TargetVerdict, judge_targets};
use crate::plan::{Targets, indicator};
use crate::region::{Level, RegionCode};

/// The change of one indicator since the previous snapshot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorChange {
    /// The indicator.
    pub indicator: String,
    /// Its previous value.
    pub previous: Option<f64>,
    /// Its value now.
    pub current: Option<f64>,
    /// current − previous, when both exist.
    pub delta: Option<f64>,
}

/// One unit's scorecard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scorecard {
    /// The unit.
    pub unit: RegionCode,
    /// Its level.
    pub level: Level,
    /// Every indicator of the catalog.
    pub indicators: Vec<IndicatorValue>,
    /// Target verdicts (the revisions in force).
    pub targets: Vec<TargetVerdict>,
    /// Targets met.
    pub targets_met: usize,
    /// Targets that could be judged (with a value).
    pub targets_judged: usize,
    /// Rank among all units of the level (1 = best): most targets met, then lowest
    /// poverty incidence; units equal on both share a rank (1, 1, 3: standard competition
    /// ranking), listed by code.
    pub rank: usize,
    /// Number of units ranked.
    pub peers: usize,
    /// Rank among the units of the level inside the same parent (ties shared, as `rank`).
    pub rank_in_parent: usize,
    /// Number of those.
    pub peers_in_parent: usize,
    /// Changes since the previous snapshot (empty without one).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<IndicatorChange>,
}

fn incidence(card: &Scorecard) -> Option<f64> {
    card.indicators
        .iter()
        .find(|i| i.indicator == indicator::POVERTY_INCIDENCE)
        .and_then(|i| i.value)
}

/// How two cards stand: most targets met, then lowest incidence (the ranking's rule; equal
/// cards share a rank).
fn standing(a: &Scorecard, b: &Scorecard) -> Ordering {
    b.targets_met
        .cmp(&a.targets_met)
        .then_with(|| match (incidence(a), incidence(b)) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        })
}

/// The listing order: by standing, then by code.
fn better(a: &Scorecard, b: &Scorecard) -> Ordering {
    standing(a, b).then(a.unit.cmp(&b.unit))
}

/// Scorecards of every unit of `level` (province, prefecture or county), ranked, with the
/// changes since `previous` when given.
pub(crate) fn scorecards(
    rollup: &Rollup,
    previous: Option<&Rollup>,
    targets: &Targets,
    level: Level,
    strategy: MissingStrategy,
) -> Vec<Scorecard> {
    let opts = JudgeOptions {
        levels: &[level],
        strategy,
        within: None,
    };
    // the verdicts of each unit, grouped once (not searched for every unit)
    let mut by_unit: std::collections::BTreeMap<Option<RegionCode>, Vec<TargetVerdict>> =
        std::collections::BTreeMap::new();
    for v in judge_targets(rollup, targets, &opts) {
        by_unit.entry(v.unit).or_default().push(v);
    }
    let mut cards: Vec<Scorecard> = rollup
        .level(level)
        .iter()
        .map(|e| {
            let unit = Some(e.code);
            let indicators = rollup.indicators(unit, strategy);
            let targets: Vec<TargetVerdict> = by_unit.remove(&unit).unwrap_or_default();
            let changes = previous
                .map(|p| {
                    let before = p.indicators(unit, strategy);
                    indicators
                        .iter()
                        .map(|now| {
                            let prev = before
                                .iter()
                                .find(|b| b.indicator == now.indicator)
                                .and_then(|b| b.value);
                            IndicatorChange {
                                indicator: now.indicator.clone(),
                                previous: prev,
                                current: now.value,
                                delta: now.value.zip(prev).map(|(c, p)| c - p),
                            }
                        })
                        .collect()
                })
                .unwrap_or_default();
            Scorecard {
                unit: e.code,
                level,
                targets_met: targets.iter().filter(|t| t.met == Some(true)).count(),
                targets_judged: targets.iter().filter(|t| t.met.is_some()).count(),
                indicators,
                targets,
                rank: 0,
                peers: 0,
                rank_in_parent: 0,
                peers_in_parent: 0,
                changes,
            }
        })
        .collect();
    let mut order: Vec<usize> = (0..cards.len()).collect();
    order.sort_by(|&a, &b| match (cards.get(a), cards.get(b)) {
        (Some(x), Some(y)) => better(x, y),
        _ => Ordering::Equal,
    });
    let peers = cards.len();
    // a card's rank: its position, or the rank of the card before it when they stand equal
    let tied = |cards: &[Scorecard], a: usize, b: usize| match (cards.get(a), cards.get(b)) {
        (Some(x), Some(y)) => standing(x, y) == Ordering::Equal,
        _ => false,
    };
    let mut last: Option<(usize, usize)> = None;
    for (position, &i) in order.iter().enumerate() {
        let rank = match last {
            Some((prev, rank)) if tied(&cards, prev, i) => rank,
            _ => position + 1,
        };
        last = Some((i, rank));
        if let Some(card) = cards.get_mut(i) {
            card.rank = rank;
            card.peers = peers;
        }
    }
    // rank within the parent: same order, counted per parent, ties shared
    let parent_of = |c: &Scorecard| level.parent().and_then(|l| c.unit.at_level(l));
    let mut seen: std::collections::HashMap<Option<RegionCode>, (usize, usize, usize)> =
        std::collections::HashMap::new();
    let parents: Vec<Option<RegionCode>> = cards.iter().map(parent_of).collect();
    for &i in &order {
        let parent = parents.get(i).copied().flatten();
        let (n, prev, prev_rank) = seen.get(&parent).copied().unwrap_or((0, usize::MAX, 0));
        let rank = if n > 0 && tied(&cards, prev, i) {
            prev_rank
        } else {
            n + 1
        };
        seen.insert(parent, (n + 1, i, rank));
        if let Some(card) = cards.get_mut(i) {
            card.rank_in_parent = rank;
        }
    }
    for (i, card) in cards.iter_mut().enumerate() {
        let parent = parents.get(i).copied().flatten();
        card.peers_in_parent = seen.get(&parent).map_or(0, |s| s.0);
    }
    cards
}
