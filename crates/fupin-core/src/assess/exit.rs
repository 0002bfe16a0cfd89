//! Exit verdicts (贫困退出) with explanations: every verdict lists each criterion that applied
//! with its exact numerator and denominator, value, threshold, unit, pass/fail and source.
//! Comparators, thresholds and sources come from the rule table of [`crate::rules`]; a
//! provincial rule pack ([`RulePack`]) may override a threshold and add criteria.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::counts::Counter;
use super::indicators::{MissingStrategy, compute};
use super::rollup::Rollup;
use super::tally::Entry;
use super::units::CountyFacts;
use crate::plan::{Comparator, LineUsed, Stability, indicator};
use crate::region::{Level, RegionCode, Zone};
use crate::rules::{self, CountedIn, ExitRule, RuleLevel};

pub use super::exit_household::{household_exit, household_exit_with};
pub use super::exit_pack::{ExitRules, PackCriterion, RuleOverride, RulePack};

/// One criterion of an exit verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Criterion {
    /// Stable key, e.g. `poverty_incidence`, `income_above_line`, `guarantee.safe_housing`.
    pub key: String,
    /// Chinese label.
    pub label_zh: String,
    /// The measured value (`None`: no data): a share for rates, yuan for income, 1 or 0
    /// for a yes/no item.
    pub value: Option<f64>,
    /// The exact numerator the verdict was decided on, where the value is a ratio.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub numerator: Option<u64>,
    /// The exact denominator, where the value is a ratio.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub denominator: Option<u64>,
    /// What the numerator and denominator count (people, households, yuan, met).
    pub counted_in: CountedIn,
    /// How it is compared.
    pub comparator: Comparator,
    /// The threshold.
    pub threshold: f64,
    /// Passed, failed, or `None` when it cannot be decided.
    pub passed: Option<bool>,
    /// Where the rule comes from (title, issuer, number, date), or the rule pack.
    pub source: String,
}

/// The outcome of an exit verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExitStatus {
    /// Every criterion passes.
    Eligible,
    /// At least one criterion fails.
    NotEligible,
    /// None fails but at least one cannot be decided (missing data, no survey yet).
    Undetermined,
}

impl ExitStatus {
    /// The snake_case key used on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            ExitStatus::Eligible => "eligible",
            ExitStatus::NotEligible => "not_eligible",
            ExitStatus::Undetermined => "undetermined",
        }
    }
}

/// An exit verdict for one household, village or county.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExitVerdict {
    /// The unit's code (for a household: its village).
    pub unit: RegionCode,
    /// The household's file number, for household verdicts (an ID number in it masked,
    /// `5223**********0211`, as in every message).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_number: Option<String>,
    /// Household, village or county (a household verdict says `village`, with a file number).
    pub level: Level,
    /// The outcome.
    pub status: ExitStatus,
    /// The date the verdict is for, where the criteria depend on it (households: which
    /// guarantees applied, the line of which year).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<NaiveDate>,
    /// The poverty line a household was judged against: series, province, year, amount,
    /// basis and source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<LineUsed>,
    /// For a household: over how many years income had to be above the line (稳定超过).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stability: Option<Stability>,
    /// Every criterion that applied.
    pub criteria: Vec<Criterion>,
}

pub(super) fn status_of(criteria: &[Criterion]) -> ExitStatus {
    if criteria.iter().any(|c| c.passed == Some(false)) {
        ExitStatus::NotEligible
    } else if criteria.iter().all(|c| c.passed == Some(true)) {
        ExitStatus::Eligible
    } else {
        ExitStatus::Undetermined
    }
}

#[expect(clippy::cast_precision_loss, reason = "rates of counts, for display")]
fn ratio_value(n: u64, d: u64) -> Option<f64> {
    (d > 0).then(|| n as f64 / d as f64)
}

/// A criterion decided on an exact ratio `n / d` (`None`: no data).
pub(super) fn ratio_criterion(
    rule: &ExitRule,
    parts: Option<(u64, u64)>,
    comparator: Comparator,
    threshold: f64,
    source: String,
) -> Criterion {
    let parts = parts.filter(|(_, d)| *d > 0);
    Criterion {
        key: rule.key.to_owned(),
        label_zh: rule.label_zh.to_owned(),
        value: parts.and_then(|(n, d)| ratio_value(n, d)),
        numerator: parts.map(|(n, _)| n),
        denominator: parts.map(|(_, d)| d),
        counted_in: rule.counted_in,
        comparator,
        threshold,
        passed: parts.and_then(|(n, d)| comparator.holds_ratio(n, d, threshold)),
        source,
    }
}

fn table_rule(level: RuleLevel, key: &str) -> &'static ExitRule {
    rules::exit_rule(level, key).unwrap_or(&rules::APPROVAL_RULE)
}

/// The exact parts of the poverty incidence (poor people ÷ rural population), when every
/// village of the unit has its population recorded and its register was given: a unit
/// without any household, or with a registered poor village without any (a poor village
/// keeps its households in the register, exited or not), has an unknown incidence, not 0.
fn incidence_parts(r: &Rollup, unit: RegionCode) -> Option<(u64, u64)> {
    let c = r.get(unit)?;
    if c.get(Counter::Households) == 0 || c.get(Counter::PoorVillagesWithoutHouseholds) > 0 {
        return None;
    }
    let v = compute(
        indicator::POVERTY_INCIDENCE,
        c,
        MissingStrategy::SkipIfAnyMissing,
    )?;
    v.value.map(|_| (v.numerator, v.denominator))
}

/// The zone a unit is judged in: its county's override (`county`: the facts of the
/// county the unit is in, when given), else the zone map of the rules. One rule for the
/// county's verdict and its villages', in the listing and one at a time.
fn zone_in(county: Option<&CountyFacts>, unit: RegionCode, rules: &ExitRules) -> Zone {
    county
        .and_then(|c| c.zone)
        .unwrap_or_else(|| rules.zones.zone_of(unit))
}

/// The village exit rule: poverty incidence at or below 2% (3% in the western zone: the
/// zone of its county's facts, `county`, when they override it), plus the province's own
/// criteria.
pub(crate) fn village_exit(
    r: &Rollup,
    village: RegionCode,
    county: Option<&CountyFacts>,
    rules: &ExitRules,
) -> ExitVerdict {
    village_exit_in(r, village, zone_in(county, village, rules), rules)
}

fn village_exit_in(r: &Rollup, village: RegionCode, zone: Zone, rules: &ExitRules) -> ExitVerdict {
    let rule = table_rule(RuleLevel::Village, indicator::POVERTY_INCIDENCE);
    let (comparator, threshold, source) = rules.setting(rule, village, zone);
    let mut criteria = vec![ratio_criterion(
        rule,
        incidence_parts(r, village),
        comparator,
        threshold,
        source,
    )];
    criteria.extend(rules.pack_criteria(r, village, Level::Village));
    ExitVerdict {
        unit: village,
        file_number: None,
        level: Level::Village,
        status: status_of(&criteria),
        as_of: None,
        line: None,
        stability: None,
        criteria,
    }
}

/// The county exit rule: incidence at or below 2% (3% western; the zone from the county's
/// override, else the zone map), and from the special evaluation survey, when supplied, the
/// comprehensive incidence, wrongful-exit and missed-registration rates (people) and public
/// approval (households) ("三率一度", 国开办发〔2017〕56号); plus the province's own criteria.
/// Without a survey those criteria are undetermined.
pub(crate) fn county_exit(r: &Rollup, county: &CountyFacts, rules: &ExitRules) -> ExitVerdict {
    let zone = zone_in(Some(county), county.code, rules);
    let unit = county.code;
    let judged = |key: &str, parts: Option<(u64, u64)>| {
        let rule = table_rule(RuleLevel::County, key);
        let (comparator, threshold, source) = rules.setting(rule, unit, zone);
        ratio_criterion(rule, parts, comparator, threshold, source)
    };
    let counts = r.get(unit);
    let s = county.survey.as_ref();
    // the remaining poor, plus the county-wide estimates of people wrongly exited and
    // missed, over the rural population: undetermined unless every village's population
    // and both estimates are given (an estimate not given is not taken for 0)
    let comprehensive = s.zip(counts).and_then(|(s, c)| {
        (c.get(Counter::PopulationKnownVillages)
            == c.get(Counter::Villages) + c.get(Counter::VillagesUnlisted))
        .then_some(())?;
        // the register given, as for the plain incidence (`incidence_parts`)
        (c.get(Counter::Households) > 0 && c.get(Counter::PoorVillagesWithoutHouseholds) == 0)
            .then_some(())?;
        // an estimate below what its own sample found contradicts itself: undetermined
        // (said in `Assessment::data_problems`)
        let wrongly = s.wrongly_exited_people.filter(|e| *e >= s.wrongly_exited)?;
        let missed = s.missed_people.filter(|e| *e >= s.missed)?;
        Some((
            c.get(Counter::IncidencePoorPeople)
                .saturating_add(wrongly)
                .saturating_add(missed),
            c.get(Counter::RuralPopulation),
        ))
    });
    let mut criteria = vec![
        judged(indicator::POVERTY_INCIDENCE, incidence_parts(r, unit)),
        judged("comprehensive_incidence", comprehensive),
        judged(
            "wrongful_exit_rate",
            s.map(|s| (s.wrongly_exited, s.sampled_exited)),
        ),
        judged(
            "missed_rate",
            s.map(|s| (s.missed, s.sampled_non_registered)),
        ),
        judged(
            "public_approval",
            s.and_then(super::units::CountySurvey::approval_parts),
        ),
    ];
    criteria.extend(rules.pack_criteria(r, unit, Level::County));
    ExitVerdict {
        unit,
        file_number: None,
        level: Level::County,
        status: status_of(&criteria),
        as_of: None,
        line: None,
        stability: None,
        criteria,
    }
}

/// Exit verdicts for every registered poor village and every poor county of a data set.
pub(crate) fn exit_verdicts(
    r: &Rollup,
    counties: &[CountyFacts],
    rules: &ExitRules,
) -> Vec<ExitVerdict> {
    let mut out: Vec<ExitVerdict> = counties
        .iter()
        .filter(|c| c.poor_county)
        .map(|c| county_exit(r, c, rules))
        .collect();
    let villages = |part: &[Entry]| -> Vec<ExitVerdict> {
        part.iter()
            .filter(|v| v.counts.get(Counter::PoorVillages) > 0)
            .map(|v| {
                let county = counties
                    .binary_search_by_key(&v.code.at_level(Level::County), |c| Some(c.code))
                    .ok()
                    .and_then(|i| counties.get(i));
                village_exit(r, v.code, county, rules)
            })
            .collect()
    };
    // a national roll-up has half a million villages: judged on every core, in order
    let threads = super::engine::kernel::default_threads(r.villages.len() * 8);
    if threads == 1 {
        out.extend(villages(&r.villages));
        return out;
    }
    let chunk = r.villages.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = r
            .villages
            .chunks(chunk)
            .map(|part| (part, s.spawn(move || villages(part))))
            .collect();
        for (part, h) in handles {
            // a thread cannot panic here; if one did, its part is judged again
            out.extend(h.join().unwrap_or_else(|_| villages(part)));
        }
    });
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::ExitStatus;

    #[test]
    fn status_keys_are_the_wire_names() {
        for s in [
            ExitStatus::Eligible,
            ExitStatus::NotEligible,
            ExitStatus::Undetermined,
        ] {
            assert_eq!(serde_json::to_value(s).unwrap(), s.as_str());
        }
    }
}
