//! Facts about villages, townships and counties: what the indicators above the household
//! need (registered poor village, broadband, service nodes, platforms, population).

use serde::{Deserialize, Serialize};

use super::values::UnitValues;
use crate::error::{Issue, Issues, Path};
use crate::region::{Level, RegionCode, Zone};

/// Facts of one village-level unit. `None` means not recorded (missing is not "no").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VillageFacts {
    /// 12-digit village code.
    pub code: RegionCode,
    /// Registered poor village (建档立卡贫困村), exited or not: the broadband targets count
    /// every registered poor village (the MIIT plan of 2018: all 122,900).
    #[serde(default)]
    pub poor_village: bool,
    /// Fiber reaches the village.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fiber: Option<bool>,
    /// 4G covers the village.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobile_4g: Option<bool>,
    /// The village has a network leader (一村一带头人).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_leader: Option<bool>,
    /// Registered-area rural population (户籍农业人口), the denominator of incidence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rural_population: Option<u32>,
    /// Values of the fields the indicators beyond shares read
    /// ([`MeasureDefs::fields`](crate::plan::MeasureDefs::fields)), by field name.
    #[serde(default, skip_serializing_if = "UnitValues::is_empty")]
    pub values: UnitValues,
}

impl VillageFacts {
    /// A village with nothing recorded but its code.
    pub fn new(code: RegionCode) -> Self {
        VillageFacts {
            code,
            poor_village: false,
            fiber: None,
            mobile_4g: None,
            network_leader: None,
            rural_population: None,
            values: UnitValues::new(),
        }
    }

    /// Broadband (fiber or 4G): yes if either is yes, no if both are no, else unknown.
    pub fn broadband(&self) -> Option<bool> {
        match (self.fiber, self.mobile_4g) {
            (Some(true), _) | (_, Some(true)) => Some(true),
            (Some(false), Some(false)) => Some(false),
            _ => None,
        }
    }
}

/// Facts of one township-level unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TownshipFacts {
    /// 12-digit township code.
    pub code: RegionCode,
    /// The township has an information-service node (一乡一节点).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_node: Option<bool>,
    /// E-commerce services reach the township (电商服务通达乡镇).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ecommerce: Option<bool>,
    /// Values of the fields the indicators beyond shares read, by field name.
    #[serde(default, skip_serializing_if = "UnitValues::is_empty")]
    pub values: UnitValues,
}

/// Facts of one county-level unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountyFacts {
    /// County code.
    pub code: RegionCode,
    /// The county has an information-service platform (一县一平台).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<bool>,
    /// A zone other than its province's, by policy (e.g. western treatment).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone: Option<Zone>,
    /// National poor county as of the data set's date.
    #[serde(default)]
    pub poor_county: bool,
    /// Figures of the national special evaluation survey, when one was made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub survey: Option<CountySurvey>,
    /// Values of the fields the indicators beyond shares read (online retail sales …), by
    /// field name.
    #[serde(default, skip_serializing_if = "UnitValues::is_empty")]
    pub values: UnitValues,
}

/// Survey figures of the county special evaluation (专项评估检查, "三率一度",
/// 《贫困县退出专项评估检查实施办法（试行）》, 国开办发〔2017〕56号): the wrongful-exit and
/// missed-registration rates are counted in **people**, public approval in **households**.
/// The field names are those of earlier versions; their unit is as documented here.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountySurvey {
    /// Exited people in the sample (抽样脱贫人口数).
    pub sampled_exited: u64,
    /// Of those, people wrongly exited (抽样错退人口数).
    pub wrongly_exited: u64,
    /// Non-registered rural people in the sampled villages (抽查村未建档立卡农村人口数).
    pub sampled_non_registered: u64,
    /// Of those, poor people missed by registration (漏评人口数).
    pub missed: u64,
    /// People estimated wrongly exited, county-wide (错退人口推算数, for the comprehensive
    /// incidence; `None`: not given, so that incidence is undetermined — not taken for 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wrongly_exited_people: Option<u64>,
    /// People estimated missed, county-wide (漏评人口推算数, for the comprehensive incidence;
    /// `None`: not given, so that incidence is undetermined).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub missed_people: Option<u64>,
    /// Households surveyed for public approval (调查总户数); with
    /// [`approving_households`](Self::approving_households), approval is decided exactly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub surveyed_households: Option<u64>,
    /// Of those, households approving (认可户数).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approving_households: Option<u64>,
    /// Public approval (群众认可度) as a share between 0 and 1 of households, where the
    /// household counts are not given (taken exactly to 12 decimals, so that 0.8999995 is
    /// below 90% and only a float's own noise is absorbed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approval: Option<f64>,
}

impl CountySurvey {
    /// Every problem of the figures, each at `at` followed by its field's name: a part
    /// above its whole (`part_exceeds_whole`: wrongly exited above the exited sampled,
    /// missed above the non-registered sampled, approving above the households surveyed),
    /// an approval share outside 0 to 1 (`share_range`), one household count of approval
    /// without the other (`missing_field`). The one rule of survey figures: the data set
    /// checks its counties with it, and every reader of county rows (the Arrow adapter's,
    /// the `fupin` command's `--counties`) rejects a row it finds problems in, with the
    /// row's other problems.
    ///
    /// ```
    /// use fupin_core::assess::CountySurvey;
    /// use fupin_core::Path;
    ///
    /// let survey = CountySurvey {
    ///     sampled_exited: 100,
    ///     wrongly_exited: 120,
    ///     approval: Some(1.5),
    ///     ..CountySurvey::default()
    /// };
    /// let issues = survey.check(&Path::root().index(4));
    /// let found: Vec<String> = issues.iter().map(|i| format!("{} {}", i.path, i.code)).collect();
    /// assert_eq!(found, ["[4].wrongly_exited part_exceeds_whole", "[4].approval share_range"]);
    /// assert!(CountySurvey::default().check(&Path::root()).is_empty());
    /// ```
    pub fn check(&self, at: &Path) -> Issues {
        let mut issues = Issues::new();
        if self.wrongly_exited > self.sampled_exited {
            issues.push(Issue::new(
                "part_exceeds_whole",
                at.key("wrongly_exited"),
                format!(
                    "{} wrongly exited out of {} sampled",
                    self.wrongly_exited, self.sampled_exited
                ),
            ));
        }
        if self.missed > self.sampled_non_registered {
            issues.push(Issue::new(
                "part_exceeds_whole",
                at.key("missed"),
                format!(
                    "{} missed out of {} sampled",
                    self.missed, self.sampled_non_registered
                ),
            ));
        }
        if let Some(a) = self.approval
            && (!a.is_finite() || !(0.0..=1.0).contains(&a))
        {
            issues.push(Issue::new(
                "share_range",
                at.key("approval"),
                format!("approval is a share between 0 and 1, not {a}"),
            ));
        }
        match (self.approving_households, self.surveyed_households) {
            (Some(a), Some(n)) if a > n => issues.push(Issue::new(
                "part_exceeds_whole",
                at.key("approving_households"),
                format!("{a} households approving out of {n} surveyed"),
            )),
            (Some(_), None) => issues.push(Issue::new(
                "missing_field",
                at.key("surveyed_households"),
                "approving households are given without the households surveyed",
            )),
            (None, Some(_)) => issues.push(Issue::new(
                "missing_field",
                at.key("approving_households"),
                "households surveyed are given without the households approving",
            )),
            _ => {}
        }
        issues
    }

    /// Approval as an exact ratio: approving ÷ surveyed households where both are given,
    /// else the share as a fraction in lowest terms (0.9 → 9/10, 0.8999995 → 1799999/2000000);
    /// `None` when neither is given or the share is not between 0 and 1.
    pub(crate) fn approval_parts(&self) -> Option<(u64, u64)> {
        match (self.approving_households, self.surveyed_households) {
            (Some(a), Some(s)) => Some((a, s)),
            _ => self.approval.and_then(share_parts),
        }
    }
}

/// A share between 0 and 1 as a fraction in lowest terms, exact to 12 decimals: finer than
/// any survey reports, coarser than a float's noise (`0.1 * 9` is 0.9). Taking it to
/// millionths made 0.8999995 an approval of 90% — a county passed the 90% bar it missed.
fn share_parts(share: f64) -> Option<(u64, u64)> {
    const DENOMINATOR: u64 = 1_000_000_000_000;
    if !share.is_finite() || !(0.0..=1.0).contains(&share) {
        return None;
    }
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss,
        reason = "between 0 and 1e12 after scaling, below 2^53"
    )]
    let parts = (share * DENOMINATOR as f64).round() as u64;
    let (mut a, mut b) = (parts, DENOMINATOR);
    while b != 0 {
        (a, b) = (b, a % b);
    }
    let common = a.max(1);
    Some((parts / common, DENOMINATOR / common))
}

impl TownshipFacts {
    /// A township with nothing recorded but its code.
    pub fn new(code: RegionCode) -> Self {
        TownshipFacts {
            code,
            service_node: None,
            ecommerce: None,
            values: UnitValues::new(),
        }
    }
}

impl CountyFacts {
    /// A county with nothing recorded but its code.
    pub fn new(code: RegionCode) -> Self {
        CountyFacts {
            code,
            platform: None,
            zone: None,
            poor_county: false,
            survey: None,
            values: UnitValues::new(),
        }
    }
}

fn level_issue(code: RegionCode, want: Level, at: Path) -> Option<Issue> {
    (code.level() != want).then(|| {
        Issue::new(
            "unit_level",
            at,
            format!(
                "`{}` is a {} code, a {want} code is expected here",
                code.to_short(),
                code.level()
            ),
        )
        .with("expected", want.as_str())
        .with("found", code.level().as_str())
    })
}

/// Checks a list of unit facts: each code of the right level, no code twice.
pub(crate) fn check_units<T>(
    items: &[T],
    code: impl Fn(&T) -> RegionCode,
    level: Level,
    at: &Path,
) -> Issues {
    let mut issues = Issues::new();
    // duplicates found by sorting (code, index) pairs: no hashing of every unit
    let mut order: Vec<(RegionCode, usize)> = items
        .iter()
        .enumerate()
        .map(|(i, item)| (code(item), i))
        .collect();
    order.sort_unstable();
    let mut first_of: Vec<Option<usize>> = vec![None; items.len()];
    for w in order.windows(2) {
        if let [(a, first), (b, later)] = w
            && a == b
        {
            let first = first_of.get(*first).copied().flatten().unwrap_or(*first);
            if let Some(slot) = first_of.get_mut(*later) {
                *slot = Some(first);
            }
        }
    }
    for (i, item) in items.iter().enumerate() {
        let c = code(item);
        let first = first_of.get(i).copied().flatten();
        if c.level() == level && first.is_none() {
            continue;
        }
        let here = at.index(i).key("code");
        if let Some(issue) = level_issue(c, level, here.clone()) {
            issues.push(issue);
        }
        if let Some(first) = first {
            issues.push(
                Issue::new(
                    "duplicate_unit",
                    here,
                    format!("`{}` is listed twice (first at [{first}])", c.to_short()),
                )
                .with("first", first),
            );
        }
    }
    issues
}
