//! The household record (一户一档) and its parts.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

use super::{Cause, Member, PersonName, Phone};
use crate::money::Yuan;
use crate::plan::ProjectKey;
use crate::region::RegionCode;

/// Poverty status of a registered household.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HouseholdStatus {
    /// 贫困户: registered and not exited.
    Poor,
    /// 已脱贫: exited.
    Exited,
    /// 返贫: fell back into poverty after exiting.
    Returned,
    /// 新识别: newly identified after the initial registration.
    NewlyPoor,
}

impl HouseholdStatus {
    /// Whether the household counts as poor now (poor, returned or newly poor).
    pub fn is_poor(self) -> bool {
        !matches!(self, HouseholdStatus::Exited)
    }

    /// Every status, in declaration order.
    pub const ALL: [HouseholdStatus; 4] = [
        HouseholdStatus::Poor,
        HouseholdStatus::Exited,
        HouseholdStatus::Returned,
        HouseholdStatus::NewlyPoor,
    ];

    /// Every spelling [`HouseholdStatus::parse_label`] accepts (once trimmed), with the
    /// status it reads as: the table `parse_label` looks labels up in, given whole so that a
    /// binding can encode statuses before they reach the core (e.g. as small integers in
    /// Spark's JVM) without a second copy of the rules.
    pub const SPELLINGS: [(&'static str, HouseholdStatus); 20] = [
        ("poor", HouseholdStatus::Poor),
        ("贫困户", HouseholdStatus::Poor),
        ("贫困", HouseholdStatus::Poor),
        ("未脱贫", HouseholdStatus::Poor),
        ("未脱贫户", HouseholdStatus::Poor),
        ("建档立卡贫困户", HouseholdStatus::Poor),
        ("exited", HouseholdStatus::Exited),
        ("已脱贫", HouseholdStatus::Exited),
        ("脱贫", HouseholdStatus::Exited),
        ("已脱贫户", HouseholdStatus::Exited),
        ("脱贫户", HouseholdStatus::Exited),
        ("稳定脱贫", HouseholdStatus::Exited),
        ("returned", HouseholdStatus::Returned),
        ("返贫", HouseholdStatus::Returned),
        ("返贫户", HouseholdStatus::Returned),
        ("newly_poor", HouseholdStatus::NewlyPoor),
        ("新识别", HouseholdStatus::NewlyPoor),
        ("新识别贫困户", HouseholdStatus::NewlyPoor),
        ("新增贫困户", HouseholdStatus::NewlyPoor),
        ("新增", HouseholdStatus::NewlyPoor),
    ];

    /// Reads a status as exports write it: the snake_case key, the Chinese label or a
    /// common alias (`未脱贫`, `脱贫`, `已脱贫户`, `返贫户`, `新识别贫困户` …): one of
    /// [`HouseholdStatus::SPELLINGS`], surrounding white space ignored.
    ///
    /// ```
    /// use fupin_core::household::HouseholdStatus;
    /// assert_eq!(HouseholdStatus::parse_label("已脱贫"), Some(HouseholdStatus::Exited));
    /// assert_eq!(HouseholdStatus::parse_label(" returned "), Some(HouseholdStatus::Returned));
    /// assert_eq!(HouseholdStatus::parse_label("客服"), None);
    /// ```
    pub fn parse_label(s: &str) -> Option<HouseholdStatus> {
        let s = s.trim();
        Self::SPELLINGS
            .iter()
            .find(|(spelling, _)| *spelling == s)
            .map(|(_, status)| *status)
    }

    /// The snake_case key (`poor`, `exited`, `returned`, `newly_poor`), as serialised.
    pub fn key(self) -> &'static str {
        match self {
            HouseholdStatus::Poor => "poor",
            HouseholdStatus::Exited => "exited",
            HouseholdStatus::Returned => "returned",
            HouseholdStatus::NewlyPoor => "newly_poor",
        }
    }

    /// The Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            HouseholdStatus::Poor => "贫困户",
            HouseholdStatus::Exited => "已脱贫",
            HouseholdStatus::Returned => "返贫",
            HouseholdStatus::NewlyPoor => "新识别",
        }
    }
}

/// Per-capita net income of one year (a household's income history).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncomeYear {
    /// The year.
    pub year: u16,
    /// Per-capita net income of that year, yuan.
    pub per_capita: Yuan,
}

/// One dated change of status (the household's history).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct StatusChange {
    /// The day the status took effect.
    pub date: NaiveDate,
    /// The new status.
    pub status: HouseholdStatus,
    /// Free note (no personal data, please).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(length(max = 500))]
    pub note: Option<String>,
}

/// The six guarantees of 两不愁三保障 (and safe water, checked under food since 2019);
/// `None` when not recorded.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Guarantees {
    /// 不愁吃.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub food: Option<bool>,
    /// 不愁穿.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clothing: Option<bool>,
    /// 义务教育有保障.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compulsory_education: Option<bool>,
    /// 基本医疗有保障.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basic_medical: Option<bool>,
    /// 住房安全有保障.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub safe_housing: Option<bool>,
    /// 饮水安全有保障.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub safe_water: Option<bool>,
}

impl Guarantees {
    /// The six guarantees with their snake_case keys, in order.
    pub fn items(&self) -> [(&'static str, Option<bool>); 6] {
        [
            ("food", self.food),
            ("clothing", self.clothing),
            ("compulsory_education", self.compulsory_education),
            ("basic_medical", self.basic_medical),
            ("safe_housing", self.safe_housing),
            ("safe_water", self.safe_water),
        ]
    }

    /// `Some(true)` when all six are met, `Some(false)` when any is not met, `None` when
    /// none fails but some are not recorded. For a verdict on a date, use
    /// [`Guarantees::all_met_on`]: safe water is required only from 2019-06-23 on.
    pub fn all_met(&self) -> Option<bool> {
        Self::combine(self.items().into_iter())
    }

    /// The guarantees that apply on `date` (the exit rules of [`crate::rules`]: the five of
    /// the 2016 opinion, and safe water from the 2019 guiding opinion on), with their values.
    pub fn items_on(
        &self,
        date: NaiveDate,
    ) -> impl Iterator<Item = (&'static crate::rules::ExitRule, Option<bool>)> + '_ {
        let items = self.items();
        crate::rules::exit_rules()
            .filter(move |r| r.applies_on(date))
            .filter_map(move |r| {
                let key = r.key.strip_prefix("guarantee.")?;
                let (_, v) = items.iter().find(|(k, _)| *k == key)?;
                Some((r, *v))
            })
    }

    /// As [`Guarantees::all_met`], over the guarantees that apply on `date` only.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use fupin_core::household::Guarantees;
    ///
    /// let g = Guarantees { food: Some(true), clothing: Some(true), compulsory_education: Some(true),
    ///     basic_medical: Some(true), safe_housing: Some(true), safe_water: Some(false) };
    /// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    /// assert_eq!(g.all_met_on(d(2018, 12, 31)), Some(true));   // five guarantees then
    /// assert_eq!(g.all_met_on(d(2019, 6, 23)), Some(false));   // safe water from then on
    /// ```
    pub fn all_met_on(&self, date: NaiveDate) -> Option<bool> {
        Self::combine(self.items_on(date).map(|(r, v)| (r.key, v)))
    }

    fn combine<'a>(items: impl Iterator<Item = (&'a str, Option<bool>)>) -> Option<bool> {
        let items: Vec<_> = items.collect();
        if items.iter().any(|(_, v)| *v == Some(false)) {
            Some(false)
        } else if items.iter().all(|(_, v)| v.is_some()) {
            Some(true)
        } else {
            None
        }
    }
}

/// The network-plan fields of the file; `None` when not recorded.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NetworkAccess {
    /// The household has an internet terminal (一户一终端: smartphone, set-top box …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terminal: Option<bool>,
    /// The household has fixed or 4G broadband.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub broadband: Option<bool>,
    /// The household sells or buys through e-commerce.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ecommerce: Option<bool>,
    /// A member took online training.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online_training: Option<bool>,
}

/// Components of the household's net income (yuan per year, whole household).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncomeComponents {
    /// 工资性收入.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wages: Option<Yuan>,
    /// 生产经营性净收入.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub business: Option<Yuan>,
    /// 财产性收入.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub property: Option<Yuan>,
    /// 转移性收入 (subsidies, pensions, transfers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transfers: Option<Yuan>,
}

impl IncomeComponents {
    /// The components with their keys.
    pub fn items(&self) -> [(&'static str, Option<Yuan>); 4] {
        [
            ("wages", self.wages),
            ("business", self.business),
            ("property", self.property),
            ("transfers", self.transfers),
        ]
    }

    /// The sum when every component is recorded.
    pub fn total(&self) -> Option<Yuan> {
        self.items().iter().map(|(_, v)| *v).sum()
    }
}

/// The cadre assigned to help the household (帮扶责任人).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct HelperCadre {
    /// Name (personal data, masked in output).
    #[validate(custom(function = "super::rules::name_rule"))]
    pub name: PersonName,
    /// Work unit (单位), not blank.
    #[validate(
        length(min = 1, max = 100),
        custom(function = "super::rules::not_blank")
    )]
    pub unit: String,
    /// Phone (personal data, masked in output).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(custom(function = "super::rules::phone_rule"))]
    pub phone: Option<Phone>,
}

/// Kinds of help measure (帮扶措施).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum MeasureKind {
    /// 产业扶持.
    Industry,
    /// 就业扶持.
    Employment,
    /// 易地扶贫搬迁.
    Relocation,
    /// 教育扶贫.
    Education,
    /// 健康扶贫.
    Health,
    /// 危房改造.
    Housing,
    /// 网络扶贫 (terminal, broadband, e-commerce, online training).
    Network,
    /// 社会保障兜底.
    SocialSecurity,
    /// 金融扶贫 (小额信贷).
    Finance,
    /// 其他.
    Other,
}

/// One help measure given to the household.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    /// What kind of help.
    pub kind: MeasureKind,
    /// The plan project it belongs to, for network measures.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<ProjectKey>,
    /// The year given.
    #[validate(range(min = 2013, max = 2100))]
    pub year: u16,
    /// What was done.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    #[validate(length(max = 500))]
    pub description: String,
}

/// A registered household's file (建档立卡户, 一户一档).
///
/// Build it from JSON with [`Household::from_json`] (which reports every problem at once)
/// or with serde; check it with [`Household::validate_at`].
#[derive(Clone, PartialEq, Serialize, Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct Household {
    /// Stable identifier; a random (v4) one is made when absent on input.
    #[serde(default = "Uuid::new_v4")]
    pub id: Uuid,
    /// File number (户编号) of the national system, not blank.
    #[validate(
        length(min = 1, max = 40),
        custom(function = "super::rules::not_blank")
    )]
    pub file_number: String,
    /// 12-digit code of the village (村级) the household is registered in.
    pub village: RegionCode,
    /// Year the household was identified (识别年度).
    #[validate(range(min = 2013, max = 2100))]
    pub identified_year: u16,
    /// Current status.
    pub status: HouseholdStatus,
    /// Dated status history, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[validate(nested)]
    pub status_history: Vec<StatusChange>,
    /// Per-capita net income, yuan per year (人均纯收入).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub income_per_capita: Option<Yuan>,
    /// Components of the household's net income.
    #[serde(default)]
    pub income: IncomeComponents,
    /// Per-capita net income of earlier years, for "stably above the line" (稳定超过):
    /// see [`crate::plan::Stability`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub income_history: Vec<IncomeYear>,
    /// Main cause of poverty (主要致贫原因).
    pub main_cause: Cause,
    /// Other causes (次要致贫原因).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_causes: Vec<Cause>,
    /// 两不愁三保障 and safe water.
    #[serde(default)]
    pub guarantees: Guarantees,
    /// Network-plan fields.
    #[serde(default)]
    pub network: NetworkAccess,
    /// Assigned helper cadre.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(nested)]
    pub helper: Option<HelperCadre>,
    /// Help measures.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[validate(nested)]
    pub measures: Vec<Measure>,
    /// Members, the householder among them.
    #[validate(length(min = 1, max = 30), nested)]
    pub members: Vec<Member>,
}

impl std::fmt::Debug for Household {
    /// Every field, the file number masked where it holds an ID number or a phone number
    /// (registers keyed by 户主身份证号): personal data is never printed unmasked.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Household")
            .field("id", &self.id)
            .field(
                "file_number",
                &crate::mask::mask_personal(&self.file_number),
            )
            .field("village", &self.village)
            .field("identified_year", &self.identified_year)
            .field("status", &self.status)
            .field("status_history", &self.status_history)
            .field("income_per_capita", &self.income_per_capita)
            .field("income", &self.income)
            .field("income_history", &self.income_history)
            .field("main_cause", &self.main_cause)
            .field("other_causes", &self.other_causes)
            .field("guarantees", &self.guarantees)
            .field("network", &self.network)
            .field("helper", &self.helper)
            .field("measures", &self.measures)
            .field("members", &self.members)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::HouseholdStatus;

    /// The spellings table is what `parse_label` reads: each status's key and Chinese
    /// label are in it, every spelling once, and each reads as its status.
    #[test]
    fn spellings_are_what_parse_label_reads() {
        for status in HouseholdStatus::ALL {
            let json = serde_json::to_string(&status).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", status.key()));
            for label in [status.key(), status.label_zh()] {
                assert!(
                    HouseholdStatus::SPELLINGS.contains(&(label, status)),
                    "{label}"
                );
            }
        }
        for (i, (spelling, status)) in HouseholdStatus::SPELLINGS.iter().enumerate() {
            assert_eq!(HouseholdStatus::parse_label(spelling), Some(*status));
            assert_eq!(
                HouseholdStatus::parse_label(&format!(" {spelling}\t")),
                Some(*status)
            );
            assert!(
                !HouseholdStatus::SPELLINGS[..i]
                    .iter()
                    .any(|(s, _)| s == spelling)
            );
        }
        assert_eq!(HouseholdStatus::parse_label("Poor"), None);
    }
}
