//! The settings of the exit verdicts: national thresholds (from the rule table), zones, and
//! provincial rule packs that override thresholds and add criteria for their own units.

use serde::{Deserialize, Serialize};

use super::exit::{Criterion, ratio_criterion};
use super::indicators::{MissingStrategy, compute};
use super::rollup::Rollup;
use crate::error::{Error, Issue, Issues, Path};
use crate::plan::{Comparator, indicator};
use crate::region::{Level, RegionCode, Zone, ZoneMap};
use crate::rules::{self, CountedIn, ExitRule, RuleLevel};

/// An extra criterion of a provincial rule pack: an indicator of the catalog compared with a
/// threshold, exactly on its numerator and denominator.
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

/// A province's override of a national rule for its own units: another threshold (and
/// comparator), cited to the pack's source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleOverride {
    /// The level of the rule (village or county).
    pub level: Level,
    /// The rule's criterion key (`poverty_incidence`, `wrongful_exit_rate`, …; see
    /// [`crate::rules::EXIT_RULES`]).
    pub rule: String,
    /// The threshold (a share).
    pub threshold: f64,
    /// The threshold in the western zone; `threshold` when absent — a pack is a
    /// province's own standard, and its `threshold` applies to every county of the
    /// province, western or not (a western province's pack that sets 2.5% for incidence
    /// means 2.5% for its counties, not the national western 3%).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold_west: Option<f64>,
    /// Another comparator; the national rule's when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comparator: Option<Comparator>,
}

/// A province's own exit rules: overrides of national thresholds and extra criteria, for
/// the province's units.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RulePack {
    /// The province.
    pub province: RegionCode,
    /// Name of the pack.
    pub name: String,
    /// Source document.
    pub source: String,
    /// Overrides of national rules.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<RuleOverride>,
    /// Extra criteria.
    #[serde(default)]
    pub criteria: Vec<PackCriterion>,
}

/// The exit thresholds, zones and provincial rule packs. The default thresholds are those
/// of the rule table ([`crate::rules::EXIT_RULES`]); a changed one is cited as a user
/// setting in every verdict it decides.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ExitRules {
    /// Highest poverty incidence of a village or county that may exit (2%, 以下 inclusive).
    pub incidence: f64,
    /// The same in the western zone (3%).
    pub incidence_west: f64,
    /// Highest wrongful-exit rate (错退率, 2%, in people).
    pub wrongful_exit_max: f64,
    /// Highest missed-registration rate (漏评率, 2%, in people).
    pub missed_max: f64,
    /// Lowest public approval (群众认可度, 90%, in households).
    pub approval_min: f64,
    /// Zones, with per-unit overrides.
    pub zones: ZoneMap,
    /// Provincial rule packs.
    pub packs: Vec<RulePack>,
}

fn table_threshold(level: RuleLevel, key: &str, west: bool) -> f64 {
    rules::exit_rule(level, key)
        .and_then(|r| if west { r.threshold_west } else { r.threshold })
        .unwrap_or(f64::NAN)
}

impl Default for ExitRules {
    fn default() -> Self {
        ExitRules {
            incidence: table_threshold(RuleLevel::County, indicator::POVERTY_INCIDENCE, false),
            incidence_west: table_threshold(RuleLevel::County, indicator::POVERTY_INCIDENCE, true),
            wrongful_exit_max: table_threshold(RuleLevel::County, "wrongful_exit_rate", false),
            missed_max: table_threshold(RuleLevel::County, "missed_rate", false),
            approval_min: table_threshold(RuleLevel::County, "public_approval", false),
            zones: ZoneMap::default(),
            packs: Vec::new(),
        }
    }
}

fn share_issue(issues: &mut Issues, at: Path, x: f64) {
    if !x.is_finite() || !(0.0..=1.0).contains(&x) {
        issues.push(
            Issue::new(
                "threshold_range",
                at,
                format!("a share threshold is between 0 and 1, not {x}"),
            )
            .with("value", x),
        );
    }
}

fn rule_level(level: Level) -> Option<RuleLevel> {
    match level {
        Level::Village => Some(RuleLevel::Village),
        Level::County => Some(RuleLevel::County),
        _ => None,
    }
}

impl ExitRules {
    /// Adds provincial rule packs, checking them (province code a province; criteria:
    /// indicator known, level village or county; overrides: a rule of the table at that
    /// level, thresholds shares). Every problem is reported with its path.
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
                            crate::error::quote(&c.indicator)
                        ),
                    ));
                }
                if rule_level(c.level).is_none() {
                    issues.push(Issue::new(
                        "unit_level",
                        here.key("level"),
                        "rule pack criteria apply to villages or counties",
                    ));
                }
                share_issue(&mut issues, here.key("threshold"), c.threshold);
            }
            for (j, o) in p.overrides.iter().enumerate() {
                let here = at.key("overrides").index(j);
                match rule_level(o.level) {
                    None => issues.push(Issue::new(
                        "unit_level",
                        here.key("level"),
                        "rule pack overrides apply to villages or counties",
                    )),
                    Some(l) if rules::exit_rule(l, &o.rule).is_none() => {
                        issues.push(Issue::new(
                            "unknown_rule",
                            here.key("rule"),
                            format!(
                                "`{}` is not a {} exit rule",
                                crate::error::quote(&o.rule),
                                l.as_str()
                            ),
                        ));
                    }
                    Some(_) => {}
                }
                share_issue(&mut issues, here.key("threshold"), o.threshold);
                if let Some(w) = o.threshold_west {
                    share_issue(&mut issues, here.key("threshold_west"), w);
                }
                // one override of a rule per province: with two, the first would win
                // without a word (and the verdict would hang on their order)
                let earlier = packs
                    .iter()
                    .enumerate()
                    .take(i + 1)
                    .filter(|(_, q)| q.province == p.province)
                    .flat_map(|(k, q)| {
                        let upto = if k == i { j } else { q.overrides.len() };
                        q.overrides.iter().take(upto).map(move |x| (k, x))
                    })
                    .find(|(_, x)| x.level == o.level && x.rule == o.rule);
                if let Some((k, _)) = earlier {
                    issues.push(Issue::new(
                        "duplicate_override",
                        here.key("rule"),
                        format!(
                            "`{}` of {} is overridden twice for `{}` (first in pack [{k}])",
                            crate::error::quote(&o.rule),
                            o.level,
                            p.province.to_short()
                        ),
                    ));
                }
            }
        }
        issues.into_result()?;
        self.packs.extend(packs);
        Ok(self)
    }

    /// Reads settings from a JSON object as the bindings and fixtures give them: the keys
    /// given (`incidence`, `incidence_west`, `wrongful_exit_max`, `missed_max`,
    /// `approval_min`, `zones`) replace the defaults, and `packs` are checked as
    /// [`ExitRules::with_packs`] does (paths `packs[0].overrides[1].rule` …). A list is read
    /// as the packs alone, the national thresholds kept.
    ///
    /// ```
    /// use fupin_core::assess::ExitRules;
    ///
    /// let rules = ExitRules::from_value(serde_json::json!({"incidence": 0.01}))?;
    /// assert_eq!((rules.incidence, rules.incidence_west), (0.01, 0.03));
    /// assert!(ExitRules::from_value(serde_json::json!([]))?.packs.is_empty());
    /// let err = ExitRules::from_value(serde_json::json!({"packs": [{"province": "340000",
    ///     "name": "p", "source": "s", "overrides": [{"level": "county", "rule": "nope", "threshold": 0.01}]}]}))
    ///     .unwrap_err();
    /// assert_eq!(err.issues().0[0].path.to_string(), "packs[0].overrides[0].rule");
    /// # Ok::<(), fupin_core::Error>(())
    /// ```
    pub fn from_value(value: serde_json::Value) -> Result<Self, Error> {
        let value = match value {
            serde_json::Value::Array(packs) => serde_json::json!({ "packs": packs }),
            other => other,
        };
        let serde_json::Value::Object(mut given) = value else {
            return Err(Error::Validation(Issues(vec![Issue::new(
                "invalid_value",
                Path::root(),
                "exit rules are an object",
            )])));
        };
        let packs = given.remove("packs");
        let mut base = serde_json::to_value(ExitRules::default()).map_err(|e| {
            Error::Validation(Issues(vec![Issue::new(
                "invalid_value",
                Path::root(),
                e.to_string(),
            )]))
        })?;
        if let serde_json::Value::Object(b) = &mut base {
            b.extend(given);
        }
        let rules: ExitRules = serde_json::from_value(base)?;
        let mut issues = Issues::new();
        for (key, x) in [
            ("incidence", rules.incidence),
            ("incidence_west", rules.incidence_west),
            ("wrongful_exit_max", rules.wrongful_exit_max),
            ("missed_max", rules.missed_max),
            ("approval_min", rules.approval_min),
        ] {
            share_issue(&mut issues, Path::root().key(key), x);
        }
        issues.into_result()?;
        match packs {
            None => Ok(rules),
            Some(p) => {
                let under = |e: Error| {
                    let mut issues = Issues::new();
                    issues.extend_under(&Path::root().key("packs"), e.issues());
                    Error::Validation(issues)
                };
                let packs: Vec<RulePack> =
                    serde_json::from_value(p).map_err(|e| under(Error::from(e)))?;
                rules.with_packs(packs).map_err(under)
            }
        }
    }

    /// Sets the zone map.
    #[must_use]
    pub fn with_zones(mut self, zones: ZoneMap) -> Self {
        self.zones = zones;
        self
    }

    /// This setting's threshold for a table rule (`None` for rules not set here).
    fn own_threshold(&self, rule: &ExitRule, west: bool) -> Option<f64> {
        Some(match rule.key {
            indicator::POVERTY_INCIDENCE | "comprehensive_incidence" if west => self.incidence_west,
            indicator::POVERTY_INCIDENCE | "comprehensive_incidence" => self.incidence,
            "wrongful_exit_rate" => self.wrongful_exit_max,
            "missed_rate" => self.missed_max,
            "public_approval" => self.approval_min,
            _ => return None,
        })
    }

    /// The comparator, threshold and source that decide `rule` for `unit` in `zone`: the
    /// first pack of the unit's province overriding it, else this setting (cited as a user
    /// setting where it differs from the table), else the table.
    pub(super) fn setting(
        &self,
        rule: &ExitRule,
        unit: RegionCode,
        zone: Zone,
    ) -> (Comparator, f64, String) {
        let west = zone == Zone::West;
        let level = rule.level;
        for p in self.packs.iter().filter(|p| p.province.contains(unit)) {
            if let Some(o) = p
                .overrides
                .iter()
                .find(|o| rule_level(o.level) == Some(level) && o.rule == rule.key)
            {
                // the pack's own threshold in every zone, its western one where given
                let threshold = if west {
                    o.threshold_west.unwrap_or(o.threshold)
                } else {
                    o.threshold
                };
                return (
                    o.comparator.unwrap_or(rule.comparator),
                    threshold,
                    format!(
                        "{}: {} (overrides {})",
                        p.name,
                        p.source,
                        rule.source.cite()
                    ),
                );
            }
        }
        let table = if west {
            rule.threshold_west.or(rule.threshold)
        } else {
            rule.threshold
        };
        let own = self.own_threshold(rule, west).or(table);
        match (own, table) {
            (Some(o), Some(t)) if o.to_bits() != t.to_bits() => (
                rule.comparator,
                o,
                format!("user setting (the national rule: {})", rule.source.cite()),
            ),
            (Some(o), _) => (rule.comparator, o, rule.source.cite()),
            (None, _) => (rule.comparator, f64::NAN, rule.source.cite()),
        }
    }

    /// The extra criteria of the packs of `unit`'s province at `level`.
    pub(super) fn pack_criteria(
        &self,
        r: &Rollup,
        unit: RegionCode,
        level: Level,
    ) -> Vec<Criterion> {
        let counts = r.get(unit);
        let mut out = Vec::new();
        for p in self.packs.iter().filter(|p| p.province.contains(unit)) {
            for c in p.criteria.iter().filter(|c| c.level == level) {
                let parts = counts
                    .and_then(|k| compute(&c.indicator, k, MissingStrategy::SkipIfAnyMissing))
                    .and_then(|v| v.value.map(|_| (v.numerator, v.denominator)));
                let label = if c.label.is_empty() {
                    c.indicator.clone()
                } else {
                    c.label.clone()
                };
                let counted_in = match c.indicator.as_str() {
                    indicator::POVERTY_INCIDENCE => CountedIn::People,
                    id if id.starts_with("household_") || id == indicator::POOR_HOUSEHOLD_SHARE => {
                        CountedIn::Households
                    }
                    _ => CountedIn::Units,
                };
                let mut criterion = ratio_criterion(
                    &rules::APPROVAL_RULE,
                    parts,
                    c.comparator,
                    c.threshold,
                    format!("{}: {}", p.name, p.source),
                );
                criterion.key = format!("pack.{}", c.indicator);
                criterion.label_zh = label;
                criterion.counted_in = counted_in;
                out.push(criterion);
            }
        }
        out
    }
}
