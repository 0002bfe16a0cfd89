//! The judgements of an assessment, made from a roll-up in one place for the command, the
//! reports (`fupin-report`), Python and the browser: target verdicts (with the history's
//! projections), exit verdicts, scorecards and the accountability of the worst gaps.
//!
//! The policy choices are documented constants: targets are judged from the nation down to
//! the counties at most; scorecards rank the counties (or the deepest level above them);
//! the accountability shown is that of the [`WORST_GAPS`] indicators whose worst failing
//! unit is furthest from its target, with [`EVIDENCE_LIMIT`] failing units each as evidence.

use serde::Serialize;

use super::{
    CountyFacts, ExitRules, ExitVerdict, JudgeOptions, MissingStrategy, Rollup, Scorecard,
    TargetVerdict, exit_verdicts, failure_of, judge_with_history, scorecards,
};
use crate::plan::{IndicatorKind, Targets};
use crate::region::{Level, RegionCode};
use crate::responsibility::{Accountability, ResponsibilityMap};

/// How many indicators' worst gaps a report answers for (accountability chains).
pub const WORST_GAPS: usize = 5;

/// How many failing units each accountability chain gives as evidence.
pub const EVIDENCE_LIMIT: usize = 10;

/// What is judged, and against what.
#[derive(Debug, Clone, Copy)]
pub struct JudgeInput<'a> {
    /// The roll-up judged.
    pub rollup: &'a Rollup,
    /// An earlier roll-up (for projections and the scorecards' changes).
    pub previous: Option<&'a Rollup>,
    /// Facts of the counties (poor county, zone …) for their exit.
    pub counties: &'a [CountyFacts],
    /// The targets.
    pub targets: &'a Targets,
    /// The exit rules.
    pub rules: &'a ExitRules,
    /// Who answers for what (no accountability without it).
    pub map: Option<&'a ResponsibilityMap>,
    /// The deepest level judged (targets down to counties at most).
    pub deepest: Level,
    /// Only units inside this region.
    pub within: Option<RegionCode>,
    /// How missing data is treated.
    pub strategy: MissingStrategy,
}

/// The judgements of an assessment.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Judged {
    /// Target verdicts, nation to the deepest level (county at most).
    pub verdicts: Vec<TargetVerdict>,
    /// Exit verdicts of poor counties and poor villages.
    pub exits: Vec<ExitVerdict>,
    /// Scorecards of the counties (or of the deepest level, when above).
    pub scorecards: Vec<Scorecard>,
    /// The accountability of the worst failing unit of each indicator (five at most).
    pub accountability: Vec<Accountability>,
}

/// Judges a roll-up: what `fupin assess`, its reports and the bindings show.
pub fn judge(input: &JudgeInput<'_>) -> Judged {
    let r = input.rollup;
    let within = input.within;
    let inside = |c: RegionCode| within.is_none_or(|w| w.contains(c) || c.contains(w));
    let levels: Vec<Level> = [
        Level::Nation,
        Level::Province,
        Level::Prefecture,
        Level::County,
    ]
    .into_iter()
    .filter(|l| *l <= input.deepest)
    .collect();
    let mut opts = JudgeOptions::default()
        .levels(&levels)
        .strategy(input.strategy);
    if let Some(w) = within {
        opts = opts.within(w);
    }
    let snapshots: Vec<&Rollup> = input
        .previous
        .into_iter()
        .chain(std::iter::once(r))
        .collect();
    let counties: Vec<CountyFacts> = input
        .counties
        .iter()
        .filter(|c| inside(c.code))
        .cloned()
        .collect();
    let card_level = if input.deepest >= Level::County {
        Level::County
    } else {
        input.deepest.max(Level::Province)
    };
    // the exit verdicts of every poor village on another core, the rest meanwhile (a
    // thread that cannot be started, or that fails, leaves them to this one)
    let (verdicts, exits, mut cards) = std::thread::scope(|s| {
        let spawned = std::thread::Builder::new()
            .name("fupin-exits".to_owned())
            .spawn_scoped(s, || exit_verdicts(r, &counties, input.rules));
        let verdicts = judge_with_history(&snapshots, input.targets, &opts);
        let cards = scorecards(r, input.previous, input.targets, card_level, input.strategy);
        let exits = spawned
            .ok()
            .and_then(|h| h.join().ok())
            .unwrap_or_else(|| exit_verdicts(r, &counties, input.rules));
        (verdicts, exits, cards)
    });
    let mut exits = exits;
    exits.retain(|e| inside(e.unit));
    cards.retain(|c| inside(c.unit));
    let accountability = match input.map {
        None => Vec::new(),
        Some(map) => {
            // a count's or amount's gap is in its own unit: ranked against its threshold
            let kind = |v: &TargetVerdict| {
                r.definition(&v.indicator)
                    .map_or(IndicatorKind::Share, |d| d.kind())
            };
            worst_gaps_by(&verdicts, |v| {
                let gap = v.gap.unwrap_or(0.0);
                match kind(v) {
                    IndicatorKind::Share => gap,
                    _ if v.target.threshold > 0.0 => gap / v.target.threshold,
                    _ => gap,
                }
            })
            .into_iter()
            .filter_map(|v| {
                map.accountability(&failure_of(r, v, input.strategy, EVIDENCE_LIMIT))
                    .ok()
            })
            .collect()
        }
    };
    Judged {
        verdicts,
        exits,
        scorecards: cards,
        accountability,
    }
}

/// The failing unit with the largest gap of each indicator, [`WORST_GAPS`] indicators at
/// most, the worst first (gaps compared as they are: shares' in share points).
pub fn worst_gaps(verdicts: &[TargetVerdict]) -> Vec<&TargetVerdict> {
    worst_gaps_by(verdicts, |v| v.gap.unwrap_or(0.0))
}

/// As [`worst_gaps`], the gaps compared as `rank` gives them.
fn worst_gaps_by(
    verdicts: &[TargetVerdict],
    rank: impl Fn(&TargetVerdict) -> f64,
) -> Vec<&TargetVerdict> {
    let mut failing: Vec<&TargetVerdict> = verdicts
        .iter()
        .filter(|v| v.met == Some(false) && v.unit.is_some())
        .collect();
    failing.sort_by(|a, b| rank(b).total_cmp(&rank(a)).then(a.unit.cmp(&b.unit)));
    let mut seen: Vec<&str> = Vec::new();
    failing
        .into_iter()
        .filter(|v| {
            let first = !seen.contains(&v.indicator.as_str());
            if first {
                seen.push(&v.indicator);
            }
            first
        })
        .take(WORST_GAPS)
        .collect()
}
