//! From failing target verdicts to accountability chains: the evidence is the units at the
//! indicator's lowest level (villages, townships or counties) inside the failing unit that
//! fail the same target; the chain comes from the responsibility map.

use super::indicators::MissingStrategy;
use super::rollup::Rollup;
use super::verdict::TargetVerdict;
use crate::error::Error;
use crate::region::RegionCode;
use crate::responsibility::{Accountability, Evidence, Failure, ResponsibilityMap};

/// The failure a verdict records, with as evidence up to `limit` units at the indicator's
/// lowest level inside the verdict's unit that fail the same target (in code order).
pub(crate) fn failure_of(
    r: &Rollup,
    verdict: &TargetVerdict,
    strategy: MissingStrategy,
    limit: usize,
) -> Failure {
    let lowest = r
        .definition(&verdict.indicator)
        .map_or(crate::region::Level::Village, |i| i.lowest_level());
    let inside = |code: RegionCode| verdict.unit.is_none_or(|u| u.contains(code));
    let failing_units: Vec<RegionCode> = r
        .level(lowest)
        .iter()
        .filter(|e| inside(e.code))
        .filter(|e| {
            r.indicator(Some(e.code), &verdict.indicator, strategy)
                .and_then(|v| v.value)
                .is_some_and(|x| !verdict.target.comparator.holds(x, verdict.target.threshold))
        })
        .map(|e| e.code)
        .filter(|c| Some(*c) != verdict.unit)
        .take(limit)
        .collect();
    Failure {
        unit: verdict.unit,
        indicator: verdict.indicator.clone(),
        evidence: Evidence {
            failing_units,
            households: Vec::new(),
            value: verdict.value,
            threshold: Some(verdict.target.threshold),
        },
    }
}

/// The accountability chain of every verdict that is not met: who is responsible at each
/// level, up to the coordination group, with the failing units as evidence.
pub(crate) fn accountability_chains(
    r: &Rollup,
    verdicts: &[TargetVerdict],
    map: &ResponsibilityMap,
    strategy: MissingStrategy,
    evidence_limit: usize,
) -> Result<Vec<Accountability>, Error> {
    verdicts
        .iter()
        .filter(|v| v.met == Some(false))
        .map(|v| map.accountability(&failure_of(r, v, strategy, evidence_limit)))
        .collect()
}
