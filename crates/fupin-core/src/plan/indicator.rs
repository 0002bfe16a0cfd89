//! The indicators the plan's goals are measured by: each a numerator over a denominator
//! counted in a stated population, from a lowest level upward (rolled up as sums of
//! numerators and denominators, never as averages of rates).

use serde::Serialize;

use super::ProjectKey;
use crate::region::Level;

/// 贫困发生率: poor people / registered-area rural population.
pub const POVERTY_INCIDENCE: &str = "poverty_incidence";
/// Households still poor / registered households.
pub const POOR_HOUSEHOLD_SHARE: &str = "poor_household_share";
/// Registered poor villages with broadband (fiber or 4G) / registered poor villages, exited
/// or not: the combined figure 《网络扶贫行动计划》 (2016) and the MIIT plan of 2018 define
/// (宽带网络覆盖).
pub const POOR_VILLAGE_BROADBAND: &str = "poor_village_broadband";
/// Registered poor villages with fiber / registered poor villages (reported apart from 4G).
pub const POOR_VILLAGE_FIBER: &str = "poor_village_fiber";
/// Registered poor villages covered by 4G / registered poor villages (reported apart from
/// fiber).
pub const POOR_VILLAGE_4G: &str = "poor_village_4g";
/// Administrative villages (all, poor or not) with fiber / villages: reported apart from
/// 4G and apart from the poor villages' figure.
pub const VILLAGE_FIBER: &str = "village_fiber";
/// Administrative villages (all, poor or not) covered by 4G / villages.
pub const VILLAGE_4G: &str = "village_4g";
/// 一户一终端: poor households with a terminal / poor households.
pub const HOUSEHOLD_TERMINAL: &str = "household_terminal";
/// 一户一档案: registered households whose file is complete / registered households.
pub const HOUSEHOLD_FILE_COMPLETE: &str = "household_file_complete";
/// 一乡一节点: townships with a service node / townships.
pub const TOWNSHIP_SERVICE_NODE: &str = "township_service_node";
/// 一村一带头人: villages with a network leader / villages.
pub const VILLAGE_NETWORK_LEADER: &str = "village_network_leader";
/// 一县一平台: counties with an information-service platform / counties.
pub const COUNTY_PLATFORM: &str = "county_platform";
/// 电商服务通达乡镇: towns and townships reached by e-commerce services / towns and
/// townships (乡镇; sub-districts, 街道, are not counted).
pub const TOWNSHIP_ECOMMERCE: &str = "township_ecommerce";
/// Poor households using e-commerce / poor households.
pub const HOUSEHOLD_ECOMMERCE: &str = "household_ecommerce";
/// Poor households of which a member took online training / poor households.
pub const HOUSEHOLD_ONLINE_TRAINING: &str = "household_online_training";

/// What kind of quantity an indicator is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum IndicatorKind {
    /// A share between 0 and 1 (numerator / denominator).
    #[default]
    Share,
    /// A number of things (stations, person-times, users): the sum over the units.
    Count,
    /// An amount in yuan: the sum over the units, exact to the fen.
    Amount,
    /// A sum divided by another sum or by a counter of the register, times `per`.
    RatePer,
}

impl IndicatorKind {
    /// The snake_case key used on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            IndicatorKind::Share => "share",
            IndicatorKind::Count => "count",
            IndicatorKind::Amount => "amount",
            IndicatorKind::RatePer => "rate_per",
        }
    }
}

/// One indicator of the catalog.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Indicator {
    /// Stable snake_case id, used by targets.
    pub id: &'static str,
    /// Chinese name.
    pub name_zh: &'static str,
    /// English name.
    pub name_en: &'static str,
    /// What is counted above the line.
    pub numerator: &'static str,
    /// What is counted below the line (the population).
    pub denominator: &'static str,
    /// The lowest level at which it is measured; it rolls up to the nation.
    pub lowest_level: Level,
    /// The project it belongs to, if one.
    pub project: Option<ProjectKey>,
    /// Kind of quantity.
    pub kind: IndicatorKind,
}

const fn share(
    id: &'static str,
    name_zh: &'static str,
    name_en: &'static str,
    numerator: &'static str,
    denominator: &'static str,
    lowest_level: Level,
    project: Option<ProjectKey>,
) -> Indicator {
    Indicator {
        id,
        name_zh,
        name_en,
        numerator,
        denominator,
        lowest_level,
        project,
        kind: IndicatorKind::Share,
    }
}

/// The catalog of indicators fupin knows.
pub const CATALOG: [Indicator; 15] = [
    share(
        POVERTY_INCIDENCE,
        "贫困发生率",
        "poverty incidence",
        "registered poor people",
        "registered-area rural population",
        Level::Village,
        None,
    ),
    share(
        POOR_HOUSEHOLD_SHARE,
        "未脱贫户占比",
        "share of households still poor",
        "households still poor",
        "registered households",
        Level::Village,
        None,
    ),
    share(
        POOR_VILLAGE_BROADBAND,
        "贫困村宽带覆盖率",
        "broadband in registered poor villages",
        "registered poor villages with fiber or 4G",
        "registered poor villages",
        Level::Village,
        Some(ProjectKey::NetworkCoverage),
    ),
    share(
        POOR_VILLAGE_FIBER,
        "贫困村光纤通达率",
        "fiber in registered poor villages",
        "registered poor villages with fiber",
        "registered poor villages",
        Level::Village,
        Some(ProjectKey::NetworkCoverage),
    ),
    share(
        POOR_VILLAGE_4G,
        "贫困村4G覆盖率",
        "4G in registered poor villages",
        "registered poor villages covered by 4G",
        "registered poor villages",
        Level::Village,
        Some(ProjectKey::NetworkCoverage),
    ),
    share(
        VILLAGE_FIBER,
        "行政村光纤通达率",
        "fiber in administrative villages",
        "administrative villages with fiber",
        "administrative villages",
        Level::Village,
        Some(ProjectKey::NetworkCoverage),
    ),
    share(
        VILLAGE_4G,
        "行政村4G覆盖率",
        "4G in administrative villages",
        "administrative villages covered by 4G",
        "administrative villages",
        Level::Village,
        Some(ProjectKey::NetworkCoverage),
    ),
    share(
        HOUSEHOLD_TERMINAL,
        "一户一终端",
        "households with a terminal",
        "poor households with an internet terminal",
        "poor households",
        Level::Village,
        Some(ProjectKey::InformationServices),
    ),
    share(
        HOUSEHOLD_FILE_COMPLETE,
        "一户一档案",
        "complete household files",
        "registered households with a complete file",
        "registered households",
        Level::Village,
        Some(ProjectKey::InformationServices),
    ),
    share(
        TOWNSHIP_SERVICE_NODE,
        "一乡一节点",
        "townships with a service node",
        "townships with an information-service node",
        "townships",
        Level::Township,
        Some(ProjectKey::InformationServices),
    ),
    share(
        VILLAGE_NETWORK_LEADER,
        "一村一带头人",
        "villages with a network leader",
        "villages with a network leader",
        "villages",
        Level::Village,
        Some(ProjectKey::InformationServices),
    ),
    share(
        COUNTY_PLATFORM,
        "一县一平台",
        "counties with a platform",
        "counties with an information-service platform",
        "counties",
        Level::County,
        Some(ProjectKey::InformationServices),
    ),
    share(
        TOWNSHIP_ECOMMERCE,
        "电商服务通达乡镇",
        "townships reached by e-commerce services",
        "towns and townships (not sub-districts) with e-commerce services",
        "towns and townships (乡镇, not sub-districts)",
        Level::Township,
        Some(ProjectKey::RuralEcommerce),
    ),
    share(
        HOUSEHOLD_ECOMMERCE,
        "贫困户电商参与率",
        "poor households using e-commerce",
        "poor households using e-commerce",
        "poor households",
        Level::Village,
        Some(ProjectKey::RuralEcommerce),
    ),
    share(
        HOUSEHOLD_ONLINE_TRAINING,
        "贫困户网络培训率",
        "poor households with online training",
        "poor households of which a member took online training",
        "poor households",
        Level::Village,
        Some(ProjectKey::NetworkEducation),
    ),
];

/// The indicator with this id.
pub fn get(id: &str) -> Option<&'static Indicator> {
    CATALOG.iter().find(|i| i.id == id)
}
