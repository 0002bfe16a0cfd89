//! Coverage rules as data ("every not-yet-exited poor county has at least k helpers", "…
//! at least one project in domain d") and what they require of each recipient on a date.
//!
//! Requirements apply to recipients not yet exited on the date; pairings with recipients
//! that have exited are not dropped: help goes on after exit (四不摘: 摘帽不摘责任、不摘政策、
//! 不摘帮扶、不摘监管), so their helpers still count wherever the pairing reaches a recipient
//! in scope (a village's pairing counts for its county), and their load still counts.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::index::{DesignationIndex, PoorTest, helpers_by_id};
use super::{Domain, Helper, PairingBook};
use crate::error::{Error, Issue, Issues, Path};
use crate::region::{DesignationKind, Level, RegionCode};

/// Which recipients a rule is about: those designated so on the date (not yet exited).
///
/// Only the requirement is limited to recipients not yet exited: a pairing with an exited
/// recipient is valid and still counted as continuing help (四不摘, "摘帽不摘帮扶"; see
/// [`CoverageReport::no_longer_poor`](super::CoverageReport::no_longer_poor)).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Scope {
    /// National poor counties (贫困县) not yet exited.
    #[default]
    PoorCounty,
    /// Registered poor villages (贫困村) not yet exited.
    PoorVillage,
}

impl Scope {
    pub(crate) fn test(self) -> PoorTest {
        match self {
            Scope::PoorCounty => PoorTest::County,
            Scope::PoorVillage => PoorTest::Village,
        }
    }

    pub(crate) fn level(self) -> Level {
        match self {
            Scope::PoorCounty => Level::County,
            Scope::PoorVillage => Level::Village,
        }
    }
}

fn one() -> u32 {
    1
}

/// Which helpers a `min_helpers` rule counts.
///
/// The default is the plan's own helpers ([`HelperKind::is_plan_helper`]): the "N+1"
/// requirement is about the internet enterprises, websites, netizens, social organisations
/// and foundations a county has mobilised, and a county office would not count its
/// east–west partner (东西部协作) or its designated central unit (定点扶贫) towards it —
/// those are assigned by separate national mechanisms, and counting them would make almost
/// every poor county look covered. `all` counts every helper of the book.
///
/// [`HelperKind::is_plan_helper`]: super::HelperKind::is_plan_helper
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CountedHelpers {
    /// The plan's own helpers only (the default).
    #[default]
    Plan,
    /// Every helper, including east–west cooperation and designated assistance.
    All,
}

impl CountedHelpers {
    /// The snake_case key (the wire name).
    pub fn as_str(self) -> &'static str {
        match self {
            CountedHelpers::Plan => "plan",
            CountedHelpers::All => "all",
        }
    }
}

/// One coverage rule, evaluated as of a date over the recipients in its scope. On the wire
/// it is tagged by `rule`:
///
/// ```
/// use fupin_core::pairing::CoverageRules;
///
/// let rules = CoverageRules::from_json(r#"[
///     {"rule": "min_helpers", "scope": "poor_county", "k": 2, "max": 8},
///     {"rule": "min_helpers", "k": 3, "designated": "deep_poverty_area", "helpers": "all"},
///     {"rule": "min_projects", "domain": "rural_ecommerce", "within": "520000"}
/// ]"#)?;
/// assert_eq!(rules.len(), 3);
/// # Ok::<(), fupin_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case", deny_unknown_fields)]
#[non_exhaustive]
pub enum CoverageRule {
    /// Every recipient in scope has at least `k` distinct helpers in active pairings (its
    /// own, or of villages and households inside it), and at most `max` if given (more is
    /// over-served). Only the plan's own helpers count, unless `helpers` is `all` (see
    /// [`CountedHelpers`]).
    MinHelpers {
        /// Which recipients (default: poor counties).
        #[serde(default)]
        scope: Scope,
        /// Only recipients that also hold this designation (e.g. `deep_poverty_area`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        designated: Option<DesignationKind>,
        /// Only recipients inside this province, prefecture or county.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        within: Option<RegionCode>,
        /// The least number of helpers.
        k: u32,
        /// The most before a recipient counts as over-served.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        max: Option<u32>,
        /// Which helpers count (default: the plan's own helpers).
        #[serde(default)]
        helpers: CountedHelpers,
    },
    /// Every recipient in scope has at least `k` (default 1) projects in `domain` started by
    /// the date and not cancelled, in pairings signed by then.
    MinProjects {
        /// Which recipients (default: poor counties).
        #[serde(default)]
        scope: Scope,
        /// Only recipients that also hold this designation.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        designated: Option<DesignationKind>,
        /// Only recipients inside this province, prefecture or county.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        within: Option<RegionCode>,
        /// The domain.
        domain: Domain,
        /// The least number of projects.
        #[serde(default = "one")]
        k: u32,
    },
}

impl CoverageRule {
    fn filters(&self) -> (Scope, Option<DesignationKind>, Option<RegionCode>) {
        match self {
            CoverageRule::MinHelpers {
                scope,
                designated,
                within,
                ..
            }
            | CoverageRule::MinProjects {
                scope,
                designated,
                within,
                ..
            } => (*scope, *designated, *within),
        }
    }

    fn validate(&self, at: &Path, out: &mut Issues) {
        let (_, _, within) = self.filters();
        if let Some(w) = within
            && w.level() > Level::County
        {
            out.push(
                Issue::new(
                    "within_level",
                    at.key("within"),
                    format!(
                        "`within` is a province, prefecture or county, not `{}`",
                        w.to_short()
                    ),
                )
                .with("level", w.level().as_str()),
            );
        }
        match self {
            CoverageRule::MinHelpers { k, max, .. } => {
                if let Some(m) = max
                    && m < k
                {
                    out.push(
                        Issue::new(
                            "max_below_k",
                            at.key("max"),
                            format!("`max` of {m} is below `k` of {k}"),
                        )
                        .with("k", *k)
                        .with("max", *m),
                    );
                }
            }
            CoverageRule::MinProjects { k, .. } => {
                if *k == 0 {
                    out.push(Issue::new("zero_k", at.key("k"), "`k` must be at least 1"));
                }
            }
        }
    }
}

/// A list of coverage rules. The default is one rule: every poor county not yet exited has
/// a helper of the plan's own kinds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CoverageRules(Vec<CoverageRule>);

impl Default for CoverageRules {
    fn default() -> Self {
        Self(vec![CoverageRule::MinHelpers {
            scope: Scope::PoorCounty,
            designated: None,
            within: None,
            k: 1,
            max: None,
            helpers: CountedHelpers::Plan,
        }])
    }
}

impl CoverageRules {
    /// Checks the rules; every problem is reported with its index (`[1].max`).
    pub fn new(rules: Vec<CoverageRule>) -> Result<Self, Error> {
        let mut issues = Issues::new();
        for (i, r) in rules.iter().enumerate() {
            r.validate(&Path::root().index(i), &mut issues);
        }
        issues.into_result()?;
        Ok(Self(rules))
    }

    /// Parses and checks a JSON list of rules.
    pub fn from_json(json: &str) -> Result<Self, Error> {
        Self::new(crate::json_read::typed_from_str(json)?)
    }

    /// The rules.
    pub fn iter(&self) -> std::slice::Iter<'_, CoverageRule> {
        self.0.iter()
    }

    /// How many rules.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// What the rules ask of one recipient, and what it has, on the date.
#[derive(Debug, Clone, Default)]
pub(crate) struct Need {
    /// Distinct helpers (indexes into the book's helpers) of active pairings inside it.
    pub(crate) helpers: BTreeSet<usize>,
    /// … of which of the plan's own kinds.
    pub(crate) plan_helpers: BTreeSet<usize>,
    /// Helpers required, by what counts ([`CountedHelpers`] as index: plan, all); largest
    /// `k` of the rules that apply, 0 if none.
    pub(crate) required: [u32; 2],
    /// Over-served above this, by what counts (smallest `max` of the rules that apply).
    pub(crate) max: [Option<u32>; 2],
    /// Whether some helper rule that applies counts every helper (and none the plan's only).
    pub(crate) any_helper: bool,
    /// Delivered projects by domain.
    pub(crate) projects: BTreeMap<Domain, u32>,
    /// Active pairings inside it.
    pub(crate) pairings_active: u32,
    /// Domains asked for, with the count required.
    pub(crate) domains_required: BTreeMap<Domain, u32>,
}

fn slot(counted: CountedHelpers) -> usize {
    match counted {
        CountedHelpers::Plan => 0,
        CountedHelpers::All => 1,
    }
}

fn count(set: &BTreeSet<usize>) -> u32 {
    u32::try_from(set.len()).unwrap_or(u32::MAX)
}

impl Need {
    /// Domains with fewer delivered projects than a rule asks.
    pub(crate) fn missing_domains(&self) -> Vec<Domain> {
        self.domains_required
            .iter()
            .filter(|(d, k)| self.projects.get(d).copied().unwrap_or(0) < **k)
            .map(|(d, _)| *d)
            .collect()
    }

    /// How many helpers count under `counted`.
    pub(crate) fn count(&self, counted: CountedHelpers) -> u32 {
        match counted {
            CountedHelpers::Plan => count(&self.plan_helpers),
            CountedHelpers::All => count(&self.helpers),
        }
    }

    /// Helpers required under `counted`.
    pub(crate) fn required(&self, counted: CountedHelpers) -> u32 {
        self.required.get(slot(counted)).copied().unwrap_or(0)
    }

    /// Over-served above this under `counted`.
    pub(crate) fn max(&self, counted: CountedHelpers) -> Option<u32> {
        self.max.get(slot(counted)).copied().flatten()
    }

    /// What counts for the recipient as a whole: every helper when the helper rules that
    /// apply all say so, else (also when none applies) the plan's own helpers.
    pub(crate) fn counted(&self) -> CountedHelpers {
        if self.any_helper && self.required(CountedHelpers::Plan) == 0 {
            CountedHelpers::All
        } else {
            CountedHelpers::Plan
        }
    }

    /// Helpers that count for the recipient as a whole (see [`Need::counted`]).
    pub(crate) fn helper_count(&self) -> u32 {
        self.count(self.counted())
    }

    /// The most helpers still missing under any rule that applies.
    pub(crate) fn missing(&self) -> u32 {
        [CountedHelpers::Plan, CountedHelpers::All]
            .into_iter()
            .map(|c| self.required(c).saturating_sub(self.count(c)))
            .max()
            .unwrap_or(0)
    }

    /// Whether a new helper must be of the plan's own kinds to fill what is missing: some
    /// rule counting plan helpers only is short.
    pub(crate) fn plan_only(&self) -> bool {
        self.required(CountedHelpers::Plan) > self.count(CountedHelpers::Plan)
    }
}

/// The state of every recipient the rules cover, and the failures, on one date.
#[derive(Debug)]
pub(crate) struct Evaluation {
    pub(crate) needs: BTreeMap<RegionCode, Need>,
    pub(crate) issues: Issues,
}

/// Evaluates the rules over the book on `as_of`.
pub(crate) fn evaluate(
    book: &PairingBook,
    index: &DesignationIndex<'_>,
    rules: &CoverageRules,
    as_of: NaiveDate,
) -> Evaluation {
    let mut needs: BTreeMap<RegionCode, Need> = BTreeMap::new();
    let mut applies: Vec<Vec<RegionCode>> = Vec::new();
    for rule in rules.iter() {
        let (scope, designated, within) = rule.filters();
        let regions: Vec<RegionCode> = index
            .designated(scope.test(), scope.level(), as_of)
            .into_iter()
            .filter(|r| within.is_none_or(|w| w.contains(*r)))
            .filter(|r| designated.is_none_or(|k| index.has(*r, k, as_of)))
            .collect();
        for r in &regions {
            let need = needs.entry(*r).or_default();
            match rule {
                CoverageRule::MinHelpers {
                    k, max, helpers, ..
                } => {
                    let at = slot(*helpers);
                    if let Some(req) = need.required.get_mut(at) {
                        *req = (*req).max(*k);
                    }
                    if let (Some(m), Some(old)) = (max, need.max.get_mut(at)) {
                        *old = Some(old.map_or(*m, |o| o.min(*m)));
                    }
                    if *helpers == CountedHelpers::All {
                        need.any_helper = true;
                    }
                }
                CoverageRule::MinProjects { domain, k, .. } => {
                    let slot = need.domains_required.entry(*domain).or_insert(0);
                    *slot = (*slot).max(*k);
                }
            }
        }
        applies.push(regions);
    }
    let known = helpers_by_id(&book.helpers);
    for p in book.pairings.iter().filter(|p| p.signed_on <= as_of) {
        let region = p.recipient.region;
        let mut targets = vec![region];
        if let Some(county) = region.at_level(Level::County)
            && county != region
        {
            targets.push(county);
        }
        for t in targets {
            let Some(need) = needs.get_mut(&t) else {
                continue;
            };
            for pr in p.projects.iter().filter(|pr| pr.delivered_by(as_of)) {
                *need.projects.entry(pr.domain).or_insert(0) += 1;
            }
            if p.is_active_on(as_of) {
                need.pairings_active += 1;
                for i in p.helpers.iter().filter_map(|h| known.get(h).copied()) {
                    need.helpers.insert(i);
                    if book.helpers.get(i).is_some_and(Helper::is_plan_helper) {
                        need.plan_helpers.insert(i);
                    }
                }
            }
        }
    }
    let mut issues = Issues::new();
    for (i, (rule, regions)) in rules.iter().zip(&applies).enumerate() {
        let at = Path::root().key("rules").index(i);
        for region in regions {
            let Some(need) = needs.get(region) else {
                continue;
            };
            failures(rule, *region, need, &at, &mut issues);
        }
    }
    Evaluation { needs, issues }
}

fn failures(rule: &CoverageRule, region: RegionCode, need: &Need, at: &Path, out: &mut Issues) {
    let short = region.to_short();
    match rule {
        CoverageRule::MinHelpers {
            k, max, helpers, ..
        } => {
            let found = need.count(*helpers);
            let what = match helpers {
                CountedHelpers::Plan => "helper(s) of the plan",
                CountedHelpers::All => "helper(s)",
            };
            if found < *k {
                out.push(
                    Issue::new(
                        "too_few_helpers",
                        at.clone(),
                        format!("`{short}` has {found} {what}, fewer than {k}"),
                    )
                    .with("region", region.to_string())
                    .with("found", found)
                    .with("required", *k)
                    .with("counted", helpers.as_str()),
                );
            }
            if let Some(m) = max
                && found > *m
            {
                out.push(
                    Issue::new(
                        "too_many_helpers",
                        at.clone(),
                        format!("`{short}` has {found} {what}, more than {m}"),
                    )
                    .with("region", region.to_string())
                    .with("found", found)
                    .with("max", *m)
                    .with("counted", helpers.as_str()),
                );
            }
        }
        CoverageRule::MinProjects { domain, k, .. } => {
            let n = need.projects.get(domain).copied().unwrap_or(0);
            if n < *k {
                out.push(
                    Issue::new(
                        "too_few_projects",
                        at.clone(),
                        format!("`{short}` has {n} {domain} project(s), fewer than {k}"),
                    )
                    .with("region", region.to_string())
                    .with("domain", domain.as_str())
                    .with("found", n)
                    .with("required", *k),
                );
            }
        }
    }
}
