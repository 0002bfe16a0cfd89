//! The five projects (五大工程) and the information-service checklist.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::region::Level;

/// The five projects (五大工程) of the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProjectKey {
    /// 网络覆盖工程.
    NetworkCoverage,
    /// 农村电商工程.
    RuralEcommerce,
    /// 网络扶智工程.
    NetworkEducation,
    /// 信息服务工程.
    InformationServices,
    /// 网络公益工程.
    PublicWelfare,
}

impl ProjectKey {
    /// The five, in the plan's order.
    pub const ALL: [ProjectKey; 5] = [
        ProjectKey::NetworkCoverage,
        ProjectKey::RuralEcommerce,
        ProjectKey::NetworkEducation,
        ProjectKey::InformationServices,
        ProjectKey::PublicWelfare,
    ];

    /// The snake_case key.
    pub fn key(self) -> &'static str {
        match self {
            ProjectKey::NetworkCoverage => "network_coverage",
            ProjectKey::RuralEcommerce => "rural_ecommerce",
            ProjectKey::NetworkEducation => "network_education",
            ProjectKey::InformationServices => "information_services",
            ProjectKey::PublicWelfare => "public_welfare",
        }
    }

    /// The Chinese name.
    pub fn name_zh(self) -> &'static str {
        match self {
            ProjectKey::NetworkCoverage => "网络覆盖工程",
            ProjectKey::RuralEcommerce => "农村电商工程",
            ProjectKey::NetworkEducation => "网络扶智工程",
            ProjectKey::InformationServices => "信息服务工程",
            ProjectKey::PublicWelfare => "网络公益工程",
        }
    }

    /// The English name.
    pub fn name_en(self) -> &'static str {
        match self {
            ProjectKey::NetworkCoverage => "Network coverage",
            ProjectKey::RuralEcommerce => "Rural e-commerce",
            ProjectKey::NetworkEducation => "Network education (扶智)",
            ProjectKey::InformationServices => "Information services",
            ProjectKey::PublicWelfare => "Network public welfare",
        }
    }

    /// What the project covers, in a sentence.
    pub fn scope(self) -> &'static str {
        match self {
            ProjectKey::NetworkCoverage => {
                "broadband, fiber and 4G in poor villages, with priority for ethnic, border, old revolutionary base and poor areas; terminals, apps, minority-language content"
            }
            ProjectKey::RuralEcommerce => {
                "e-commerce service stations, an online expo of poor-area products, internet finance, specialty industries"
            }
            ProjectKey::NetworkEducation => {
                "remote education, school connectivity, training of cadres and villagers, online entrepreneurship of returning graduates"
            }
            ProjectKey::InformationServices => {
                "a unified big-data platform and the service system: one platform per county, one node per township, one leader per village, one terminal and one file per household"
            }
            ProjectKey::PublicWelfare => {
                "the N+1 online public-welfare activity and pairing assistance with poor areas"
            }
        }
    }
}

impl fmt::Display for ProjectKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// The information-service checklist of the plan: 一县一平台、一乡(镇)一节点、一村一带头人、
/// 一户一终端、一户一档案. Each item applies at one level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChecklistItem {
    /// 一县一平台: one information-service platform per county.
    CountyPlatform,
    /// 一乡(镇)一节点: one service node per township.
    TownshipNode,
    /// 一村一带头人: one network leader per village.
    VillageLeader,
    /// 一户一终端: one internet terminal per household.
    HouseholdTerminal,
    /// 一户一档案: one (complete) file per household.
    HouseholdFile,
}

impl ChecklistItem {
    /// The five items, in the plan's order.
    pub const ALL: [ChecklistItem; 5] = [
        ChecklistItem::CountyPlatform,
        ChecklistItem::TownshipNode,
        ChecklistItem::VillageLeader,
        ChecklistItem::HouseholdTerminal,
        ChecklistItem::HouseholdFile,
    ];

    /// The slogan in Chinese.
    pub fn label_zh(self) -> &'static str {
        match self {
            ChecklistItem::CountyPlatform => "一县一平台",
            ChecklistItem::TownshipNode => "一乡(镇)一节点",
            ChecklistItem::VillageLeader => "一村一带头人",
            ChecklistItem::HouseholdTerminal => "一户一终端",
            ChecklistItem::HouseholdFile => "一户一档案",
        }
    }

    /// The level of the unit that must have the item. Households are below villages and are
    /// counted in their village ([`Level::Village`]).
    pub fn level(self) -> Level {
        match self {
            ChecklistItem::CountyPlatform => Level::County,
            ChecklistItem::TownshipNode => Level::Township,
            ChecklistItem::VillageLeader
            | ChecklistItem::HouseholdTerminal
            | ChecklistItem::HouseholdFile => Level::Village,
        }
    }

    /// Whether the item is counted over households (rather than over region units).
    pub fn per_household(self) -> bool {
        matches!(
            self,
            ChecklistItem::HouseholdTerminal | ChecklistItem::HouseholdFile
        )
    }

    /// The indicator that measures the item.
    pub fn indicator(self) -> &'static str {
        match self {
            ChecklistItem::CountyPlatform => super::indicator::COUNTY_PLATFORM,
            ChecklistItem::TownshipNode => super::indicator::TOWNSHIP_SERVICE_NODE,
            ChecklistItem::VillageLeader => super::indicator::VILLAGE_NETWORK_LEADER,
            ChecklistItem::HouseholdTerminal => super::indicator::HOUSEHOLD_TERMINAL,
            ChecklistItem::HouseholdFile => super::indicator::HOUSEHOLD_FILE_COMPLETE,
        }
    }
}
