//! Exit rules (贫困退出, 2016 opinion) with explanations: every verdict lists each criterion
//! with its value, threshold and pass/fail.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::counts::Counter;
use super::indicators::{MissingStrategy, compute};
use super::rollup::Rollup;
use super::tally::Entry;
use super::units::CountyFacts;
use crate::error::{Error, Issue, Issues, Path};
use crate::household::Household;
use crate::plan::{Comparator, PovertyLines, indicator};
use crate::region::{Level, RegionCode, Zone, ZoneMap};

/// One criterion of an exit verdict.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Criterion {
    /// Stable key, e.g. `poverty_incidence`, `income_above_line`, `guarantee.safe_housing`.
    pub key: String,
    /// Chinese label.
    pub label_zh: String,
    /// The measured value (`None`: no data).
    pub value: Option<f64>,
    /// How it is compared.
    pub comparator: Comparator,
    /// The threshold.
    pub threshold: f64,
    /// Passed, failed, or `None` when it cannot be decided.
    pub passed: Option<bool>,
    /// Where the rule comes from.
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
    /// The household's file number, for household verdicts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_number: Option<String>,
    /// Household, village or county (a household verdict says `village`, with a file number).
    pub level: Level,
    /// The outcome.
    pub status: ExitStatus,
    /// Every criterion.
    pub criteria: Vec<Criterion>,
}

fn status_of(criteria: &[Criterion]) -> ExitStatus {
    if criteria.iter().any(|c| c.passed == Some(false)) {
        ExitStatus::NotEligible
    } else if criteria.iter().all(|c| c.passed == Some(true)) {
        ExitStatus::Eligible
    } else {
        ExitStatus::Undetermined
    }
}

const OPINION_2016: &str = "《关于建立贫困退出机制的意见》(2016)";

fn criterion(
    key: &str,
    label: &str,
    value: Option<f64>,
    comparator: Comparator,
    threshold: f64,
    source: &str,
) -> Criterion {
    Criterion {
        key: key.to_owned(),
        label_zh: label.to_owned(),
        value,
        comparator,
        threshold,
        passed: value.map(|v| comparator.holds(v, threshold)),
        source: source.to_owned(),
    }
}

/// An extra criterion of a provincial rule pack.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackCriterion {
    /// The level it applies to (village or county).
    pub level: Level,
    /// The indicator (see the catalog).
    pub indicator: String,
    /// How it is compared.
    pub comparator: Comparator,
    /// The threshold.
    pub threshold: f64,
    /// Label for reports.
    #[serde(default)]
    pub label: String,
}

/// A province's own exit criteria, added to the national ones for its units.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulePack {
    /// The province.
    pub province: RegionCode,
    /// Name of the pack.
    pub name: String,
    /// Source document.
    pub source: String,
    /// The criteria.
    pub criteria: Vec<PackCriterion>,
}

/// The national exit thresholds, zones and provincial rule packs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ExitRules {
    /// Incidence below which a village or county may exit (2%).
    pub incidence: f64,
    /// The same in the western zone (3%).
    pub incidence_west: f64,
    /// Highest wrongful-exit rate (错退率, 2%).
    pub wrongful_exit_max: f64,
    /// Highest missed-registration rate (漏评率, 2%).
    pub missed_max: f64,
    /// Lowest public approval (群众认可度, 90%).
    pub approval_min: f64,
    /// Zones, with per-unit overrides.
    pub zones: ZoneMap,
    /// Provincial rule packs.
    pub packs: Vec<RulePack>,
}

impl Default for ExitRules {
    fn default() -> Self {
        ExitRules {
            incidence: 0.02,
            incidence_west: 0.03,
            wrongful_exit_max: 0.02,
            missed_max: 0.02,
            approval_min: 0.90,
            zones: ZoneMap::default(),
            packs: Vec::new(),
        }
    }
}

impl ExitRules {
    /// Adds provincial rule packs, checking them (indicator known, level village or county,
    /// province code a province).
    pub fn with_packs(mut self, packs: Vec<RulePack>) -> Result<Self, Error> {
        let mut issues = Issues::new();
        for (i, p) in packs.iter().enumerate() {
            let at = Path::root().index(i);
            if p.province.level() != Level::Province {
                issues.push(Issue::new(
                    "unit_level",
                    at.key("province"),
                    format!("`{}` is not a province code", p.province.to_short()),
                ));
            }
            for (j, c) in p.criteria.iter().enumerate() {
                let here = at.key("criteria").index(j);
                if indicator::get(&c.indicator).is_none() {
                    issues.push(Issue::new(
                        "unknown_indicator",
                        here.key("indicator"),
                        format!(
                            "`{}` is not an indicator of the catalog",
                            crate::error::quoted(&c.indicator)
                        ),
                    ));
                }
                if !matches!(c.level, Level::Village | Level::County) {
                    issues.push(Issue::new(
                        "unit_level",
                        here.key("level"),
                        "rule pack criteria apply to villages or counties",
                    ));
                }
            }
        }
        issues.into_result()?;
        self.packs.extend(packs);
        Ok(self)
    }

    /// Sets the zone map.
    #[must_use]
    pub fn with_zones(mut self, zones: ZoneMap) -> Self {
        self.zones = zones;
        self
    }

    fn threshold_for(&self, zone: Zone) -> f64 {
        if zone == Zone::West {
            self.incidence_west
        } else {
            self.incidence
        }
    }

    fn pack_criteria(&self, r: &Rollup, unit: RegionCode, level: Level) -> Vec<Criterion> {
        let counts = r.get(unit);
        self.packs
            .iter()
            .filter(|p| p.province.contains(unit))
            .flat_map(|p| {
                p.criteria
                    .iter()
                    .filter(|c| c.level == level)
                    .map(move |c| {
                        let value = counts
                            .and_then(|k| {
                                compute(&c.indicator, k, MissingStrategy::SkipIfAnyMissing)
                            })
                            .and_then(|v| v.value);
                        let label = if c.label.is_empty() {
                            c.indicator.clone()
                        } else {
                            c.label.clone()
                        };
                        criterion(
                            &format!("pack.{}", c.indicator),
                            &label,
                            value,
                            c.comparator,
                            c.threshold,
                            &format!("{}: {}", p.name, p.source),
                        )
                    })
            })
            .collect()
    }
}

/// The household exit rule: per-capita net income above the line of the as-of year, and
/// each of the six guarantees met.
pub fn household_exit(h: &Household, lines: &PovertyLines, as_of: NaiveDate) -> ExitVerdict {
    let year = u16::try_from(as_of.year()).unwrap_or(0);
    let line = lines.for_year(year);
    let mut criteria = vec![Criterion {
        key: "income_above_line".to_owned(),
        label_zh: "人均纯收入稳定超过国家扶贫标准".to_owned(),
        value: h.income_per_capita.map(crate::Yuan::as_f64),
        comparator: Comparator::Gt,
        threshold: line.as_ref().map_or(f64::NAN, |l| l.yuan.as_f64()),
        passed: match (h.income_per_capita, &line) {
            (Some(i), Some(l)) => Some(i > l.yuan),
            _ => None,
        },
        source: line.map_or_else(|| format!("no poverty line for {year}"), |l| l.source),
    }];
    for (key, met) in h.guarantees.items() {
        criteria.push(Criterion {
            key: format!("guarantee.{key}"),
            label_zh: guarantee_label(key).to_owned(),
            value: met.map(|b| if b { 1.0 } else { 0.0 }),
            comparator: Comparator::Ge,
            threshold: 1.0,
            passed: met,
            source: OPINION_2016.to_owned(),
        });
    }
    ExitVerdict {
        unit: h.village,
        file_number: Some(h.file_number.clone()),
        level: Level::Village,
        status: status_of(&criteria),
        criteria,
    }
}

fn guarantee_label(key: &str) -> &'static str {
    match key {
        "food" => "不愁吃",
        "clothing" => "不愁穿",
        "compulsory_education" => "义务教育有保障",
        "basic_medical" => "基本医疗有保障",
        "safe_housing" => "住房安全有保障",
        _ => "饮水安全有保障",
    }
}

fn incidence(r: &Rollup, unit: RegionCode) -> Option<f64> {
    r.get(unit)
        .and_then(|c| {
            compute(
                indicator::POVERTY_INCIDENCE,
                c,
                MissingStrategy::SkipIfAnyMissing,
            )
        })
        .and_then(|v| v.value)
}

/// The village exit rule: poverty incidence below 2% (3% in the western zone), plus the
/// province's own criteria.
pub fn village_exit(r: &Rollup, village: RegionCode, rules: &ExitRules) -> ExitVerdict {
    village_exit_in(r, village, rules.zones.zone_of(village), rules)
}

fn village_exit_in(r: &Rollup, village: RegionCode, zone: Zone, rules: &ExitRules) -> ExitVerdict {
    let mut criteria = vec![criterion(
        indicator::POVERTY_INCIDENCE,
        "贫困发生率",
        incidence(r, village),
        Comparator::Lt,
        rules.threshold_for(zone),
        OPINION_2016,
    )];
    criteria.extend(rules.pack_criteria(r, village, Level::Village));
    ExitVerdict {
        unit: village,
        file_number: None,
        level: Level::Village,
        status: status_of(&criteria),
        criteria,
    }
}

#[expect(clippy::cast_precision_loss, reason = "rates of counts")]
fn rate(n: u64, d: u64) -> Option<f64> {
    (d > 0).then(|| n as f64 / d as f64)
}

/// The county exit rule: incidence below 2% (3% western; the zone from the county's
/// override, else the zone map), and from the special evaluation survey, when supplied, the
/// comprehensive incidence, wrongful-exit and missed-registration rates and public approval
/// ("三率一度"); plus the province's own criteria. Without a survey those criteria are
/// undetermined.
pub fn county_exit(r: &Rollup, county: &CountyFacts, rules: &ExitRules) -> ExitVerdict {
    let zone = county
        .zone
        .unwrap_or_else(|| rules.zones.zone_of(county.code));
    let threshold = rules.threshold_for(zone);
    let mut criteria = vec![criterion(
        indicator::POVERTY_INCIDENCE,
        "贫困发生率",
        incidence(r, county.code),
        Comparator::Lt,
        threshold,
        OPINION_2016,
    )];
    let counts = r.get(county.code);
    let s = county.survey.as_ref();
    let comprehensive = s.zip(counts).and_then(|(s, c)| {
        (c.get(Counter::PopulationKnownVillages)
            == c.get(Counter::Villages) + c.get(Counter::VillagesUnlisted))
        .then_some(())?;
        rate(
            c.get(Counter::IncidencePoorPeople) + s.wrongly_exited_people + s.missed_people,
            c.get(Counter::RuralPopulation),
        )
    });
    criteria.push(criterion(
        "comprehensive_incidence",
        "综合贫困发生率",
        comprehensive,
        Comparator::Lt,
        threshold,
        OPINION_2016,
    ));
    criteria.push(criterion(
        "wrongful_exit_rate",
        "错退率",
        s.and_then(|s| rate(s.wrongly_exited, s.sampled_exited)),
        Comparator::Le,
        rules.wrongful_exit_max,
        OPINION_2016,
    ));
    criteria.push(criterion(
        "missed_rate",
        "漏评率",
        s.and_then(|s| rate(s.missed, s.sampled_non_registered)),
        Comparator::Le,
        rules.missed_max,
        OPINION_2016,
    ));
    criteria.push(criterion(
        "public_approval",
        "群众认可度",
        s.map(|s| s.approval),
        Comparator::Ge,
        rules.approval_min,
        OPINION_2016,
    ));
    criteria.extend(rules.pack_criteria(r, county.code, Level::County));
    ExitVerdict {
        unit: county.code,
        file_number: None,
        level: Level::County,
        status: status_of(&criteria),
        criteria,
    }
}

/// Exit verdicts for every registered poor village and every poor county of a data set.
pub fn exit_verdicts(r: &Rollup, counties: &[CountyFacts], rules: &ExitRules) -> Vec<ExitVerdict> {
    let mut out: Vec<ExitVerdict> = counties
        .iter()
        .filter(|c| c.poor_county)
        .map(|c| county_exit(r, c, rules))
        .collect();
    let villages = |part: &[Entry]| -> Vec<ExitVerdict> {
        part.iter()
            .filter(|v| v.counts.get(Counter::PoorVillages) > 0)
            .map(|v| {
                let zone = counties
                    .binary_search_by_key(&v.code.at_level(Level::County), |c| Some(c.code))
                    .ok()
                    .and_then(|i| counties.get(i))
                    .and_then(|c| c.zone)
                    .unwrap_or_else(|| rules.zones.zone_of(v.code));
                village_exit_in(r, v.code, zone, rules)
            })
            .collect()
    };
    // a national roll-up has half a million villages: judged on every core, in order
    let threads = super::kernel::default_threads(r.villages.len() * 8);
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
