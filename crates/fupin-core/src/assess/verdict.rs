//! Target verdicts: for each unit and indicator, the target revision in force at the as-of
//! date, the measured value, met or not, the gap, days left, and — given dated snapshots —
//! a linear projection to the deadline with an "at risk" flag.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::indicators::{Completeness, MissingStrategy};
use super::rollup::Rollup;
use crate::plan::{Comparator, Target, Targets};
use crate::region::{Level, RegionCode};

/// Which units to judge, and how (what an [`super::Assessment`] passes on).
#[derive(Debug, Clone, Copy)]
pub(crate) struct JudgeOptions<'a> {
    /// The levels to judge.
    pub(crate) levels: &'a [Level],
    /// The missing-value strategy.
    pub(crate) strategy: MissingStrategy,
    /// Only units inside this one (all: `None`).
    pub(crate) within: Option<RegionCode>,
}

/// The target a verdict was judged against.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetRef {
    /// Revision number.
    pub revision: u16,
    /// Comparator.
    pub comparator: Comparator,
    /// Threshold.
    pub threshold: f64,
    /// Deadline.
    pub deadline: NaiveDate,
    /// Source document.
    pub source: String,
    /// An example threshold, not a figure of a document ([`Target::example`]): such a
    /// verdict is no finding against anyone, and is left out of the worst gaps and their
    /// accountability.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub example: bool,
}

impl From<&Target> for TargetRef {
    fn from(t: &Target) -> Self {
        TargetRef {
            revision: t.revision,
            comparator: t.comparator,
            threshold: t.threshold,
            deadline: t.deadline,
            source: t.source.clone(),
            example: t.example,
        }
    }
}

/// A straight-line projection of an indicator to the target's deadline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Projection {
    /// Snapshots with a value that the line was fitted to.
    pub points: usize,
    /// Change of the value per year.
    pub slope_per_year: f64,
    /// The value the line reaches on the deadline.
    pub value_at_deadline: f64,
    /// Not met now, and the line does not meet the target by the deadline either.
    pub at_risk: bool,
}

/// One unit's standing against one target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetVerdict {
    /// The unit (`None`: the nation).
    pub unit: Option<RegionCode>,
    /// Its level.
    pub level: Level,
    /// The indicator.
    pub indicator: String,
    /// The target revision in force.
    pub target: TargetRef,
    /// The measured value (`None`: no data, or an empty population).
    pub value: Option<f64>,
    /// How complete the data is.
    pub completeness: Completeness,
    /// Met or not; `None` without a value.
    pub met: Option<bool>,
    /// Distance still to cover: positive while not met, but 0 for a strict target (`>`,
    /// `<`) missed exactly at its threshold ([`Target::gap`](crate::plan::Target::gap)).
    pub gap: Option<f64>,
    /// Days from the as-of date to the deadline (negative once passed).
    pub days_left: i64,
    /// The projection, with two or more dated snapshots.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub projection: Option<Projection>,
}

fn units_of<'a>(
    r: &'a Rollup,
    opts: &'a JudgeOptions<'a>,
) -> impl Iterator<Item = (Option<RegionCode>, Level)> + 'a {
    opts.levels.iter().flat_map(move |level| {
        let list: Vec<(Option<RegionCode>, Level)> = if *level == Level::Nation {
            if opts.within.is_none() {
                vec![(None, Level::Nation)]
            } else {
                Vec::new()
            }
        } else {
            r.level(*level)
                .iter()
                .filter(|e| opts.within.is_none_or(|w| w.contains(e.code)))
                .map(|e| (Some(e.code), *level))
                .collect()
        };
        list
    })
}

/// Least-squares line through (day, value) points: (slope per day, value at `at`).
#[expect(
    clippy::cast_precision_loss,
    reason = "day counts and point counts are small"
)]
fn fit(points: &[(NaiveDate, f64)], at: NaiveDate) -> Option<(f64, f64)> {
    let (first, _) = points.first()?;
    let xs: Vec<f64> = points
        .iter()
        .map(|(d, _)| (*d - *first).num_days() as f64)
        .collect();
    let n = points.len() as f64;
    let mx = xs.iter().sum::<f64>() / n;
    let my = points.iter().map(|(_, v)| v).sum::<f64>() / n;
    let sxx: f64 = xs.iter().map(|x| (x - mx) * (x - mx)).sum();
    if points.len() < 2 || sxx == 0.0 {
        return None;
    }
    let sxy: f64 = xs
        .iter()
        .zip(points)
        .map(|(x, (_, y))| (x - mx) * (y - my))
        .sum();
    let slope = sxy / sxx;
    let x_at = (at - *first).num_days() as f64;
    Some((slope, my + slope * (x_at - mx)))
}

/// Judges the latest of `snapshots` (rolled up at different dates, any order) against the
/// targets in force at its date; the earlier ones feed the projections.
pub(crate) fn judge_with_history(
    snapshots: &[&Rollup],
    targets: &Targets,
    opts: &JudgeOptions<'_>,
) -> Vec<TargetVerdict> {
    let mut sorted: Vec<&Rollup> = snapshots.to_vec();
    sorted.sort_by_key(|r| r.as_of);
    let Some(latest) = sorted.last().copied() else {
        return Vec::new();
    };
    let as_of = latest.as_of;
    let in_force = targets.all_in_force(as_of);
    let mut out = Vec::new();
    for (unit, level) in units_of(latest, opts) {
        if latest.counts(unit).is_none() {
            continue;
        }
        for t in &in_force {
            let Some(def) = latest.definition(&t.indicator) else {
                continue;
            };
            if level > def.lowest_level() {
                continue;
            }
            // a target for the units of one level (given, or for a count or an amount the
            // level its indicator is observed at: a sum above it is not the figure set; a
            // share or a rate compares across levels)
            let summed = matches!(
                def.kind(),
                crate::plan::IndicatorKind::Count | crate::plan::IndicatorKind::Amount
            );
            let for_level = t.level.or_else(|| summed.then(|| def.lowest_level()));
            if for_level.is_some_and(|l| l != level) {
                continue;
            }
            let Some(v) = latest.indicator(unit, &t.indicator, opts.strategy) else {
                continue;
            };
            let met = v.value.map(|x| t.is_met(x));
            let projection = if sorted.len() >= 2 {
                let points: Vec<(NaiveDate, f64)> = sorted
                    .iter()
                    .filter_map(|r| {
                        r.indicator(unit, &t.indicator, opts.strategy)
                            .and_then(|iv| iv.value)
                            .map(|x| (r.as_of, x))
                    })
                    .collect();
                fit(&points, t.deadline).map(|(slope, at_deadline)| Projection {
                    points: points.len(),
                    slope_per_year: slope * 365.25,
                    value_at_deadline: at_deadline,
                    at_risk: met == Some(false) && !t.is_met(at_deadline),
                })
            } else {
                None
            };
            out.push(TargetVerdict {
                unit,
                level,
                indicator: t.indicator.clone(),
                target: TargetRef::from(*t),
                gap: v.value.map(|x| t.gap(x)),
                value: v.value,
                completeness: v.completeness,
                met,
                days_left: t.days_left(as_of),
                projection,
            });
        }
    }
    out
}

/// Judges one roll-up against the targets in force at its date.
pub(crate) fn judge_targets(
    rollup: &Rollup,
    targets: &Targets,
    opts: &JudgeOptions<'_>,
) -> Vec<TargetVerdict> {
    judge_with_history(&[rollup], targets, opts)
}
