//! Household members (家庭成员) and their attributes.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

use super::{IdNumber, PersonName, Sex};

/// Relation of a member to the householder (与户主关系).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Relation {
    /// 户主.
    Householder,
    /// 配偶.
    Spouse,
    /// 子女.
    Child,
    /// 儿媳/女婿.
    ChildInLaw,
    /// 孙子女.
    Grandchild,
    /// 父母.
    Parent,
    /// 祖父母.
    Grandparent,
    /// 兄弟姐妹.
    Sibling,
    /// 其他.
    Other,
}

/// Highest education completed (文化程度).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Education {
    /// 文盲或半文盲.
    Illiterate,
    /// 学龄前.
    Preschool,
    /// 小学.
    Primary,
    /// 初中.
    JuniorSecondary,
    /// 高中.
    SeniorSecondary,
    /// 中专/中职.
    Vocational,
    /// 大专及以上.
    College,
}

/// Current schooling (在校生状况).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SchoolStage {
    /// 学前教育.
    Preschool,
    /// 小学 (compulsory).
    Primary,
    /// 初中 (compulsory).
    JuniorSecondary,
    /// 高中.
    SeniorSecondary,
    /// 中职.
    Vocational,
    /// 高职/本科及以上.
    Higher,
}

impl SchoolStage {
    /// Whether the stage is part of compulsory education (义务教育).
    pub fn is_compulsory(self) -> bool {
        matches!(self, SchoolStage::Primary | SchoolStage::JuniorSecondary)
    }
}

/// Health (健康状况).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Health {
    /// 健康.
    Healthy,
    /// 长期慢性病.
    ChronicIllness,
    /// 患有大病.
    SeriousIllness,
}

/// Labour ability and skill (劳动技能).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum LabourSkill {
    /// 技能劳动力.
    Skilled,
    /// 普通劳动力.
    Ordinary,
    /// 弱劳动力或半劳动力.
    Weak,
    /// 丧失劳动力.
    Lost,
    /// 无劳动力 (children, students, the old).
    None,
}

/// Insurance held (参保情况); `None` when unknown.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Insurance {
    /// Basic medical insurance for rural and urban residents (城乡居民基本医疗保险).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basic_medical: Option<bool>,
    /// Serious illness insurance (大病保险).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub serious_illness: Option<bool>,
    /// Basic pension for rural and urban residents (城乡居民基本养老保险).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pension: Option<bool>,
}

/// One member of a household.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct Member {
    /// Stable identifier; a random (v4) one is made when absent on input.
    #[serde(default = "Uuid::new_v4")]
    pub id: Uuid,
    /// Name (personal data, masked in output).
    #[validate(custom(function = "super::rules::name_rule"))]
    pub name: PersonName,
    /// Relation to the householder.
    pub relation: Relation,
    /// Citizen ID number (personal data, masked in output); absent for some children.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_number: Option<IdNumber>,
    /// Sex.
    pub sex: Sex,
    /// Birth date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<NaiveDate>,
    /// Highest education completed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub education: Option<Education>,
    /// Current schooling, if a student.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub school: Option<SchoolStage>,
    /// Health.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health: Option<Health>,
    /// Disability grade 1 (most severe) to 4, if disabled (残疾等级).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(range(min = 1, max = 4))]
    pub disability_grade: Option<u8>,
    /// Labour ability.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labour: Option<LabourSkill>,
    /// Months of migrant work in the year (务工时间), 0–12.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(range(max = 12))]
    pub migrant_months: Option<u8>,
    /// Insurance held.
    #[serde(default)]
    pub insurance: Insurance,
}
