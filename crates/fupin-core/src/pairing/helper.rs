//! Helpers (帮扶方): who takes on recipients, how many, and in which domains.

use serde::{Deserialize, Serialize};

use super::{Domain, HelperId};
use crate::region::RegionCode;

/// What kind of body a helper is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum HelperKind {
    /// 网信企业: an internet or ICT enterprise.
    InternetEnterprise,
    /// 社会组织: a social organisation.
    SocialOrganisation,
    /// 基金会: a foundation.
    Foundation,
    /// 网民群体: a group of netizens (volunteers, an online community).
    NetizenGroup,
    /// 东西部协作: an eastern province or city paired with the west.
    EastWestCollaboration,
    /// 定点扶贫: a central unit in targeted assistance.
    TargetedAssistance,
}

impl HelperKind {
    /// The snake_case key.
    pub fn as_str(self) -> &'static str {
        match self {
            HelperKind::InternetEnterprise => "internet_enterprise",
            HelperKind::SocialOrganisation => "social_organisation",
            HelperKind::Foundation => "foundation",
            HelperKind::NetizenGroup => "netizen_group",
            HelperKind::EastWestCollaboration => "east_west_collaboration",
            HelperKind::TargetedAssistance => "targeted_assistance",
        }
    }

    /// The Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            HelperKind::InternetEnterprise => "网信企业",
            HelperKind::SocialOrganisation => "社会组织",
            HelperKind::Foundation => "基金会",
            HelperKind::NetizenGroup => "网民群体",
            HelperKind::EastWestCollaboration => "东西部协作",
            HelperKind::TargetedAssistance => "定点扶贫",
        }
    }
}

/// One helper: an enterprise, organisation, foundation, netizen group, eastern province or
/// city, or central unit, with how many recipients it can take on at once (`capacity`) and
/// the domains it can serve.
///
/// ```
/// use fupin_core::pairing::{Domain, Helper, HelperKind};
///
/// let h: Helper = serde_json::from_str(r#"{
///     "id": "ent-1", "name": "某网信企业", "kind": "internet_enterprise",
///     "capacity": 4, "domains": ["rural_ecommerce", "network_education"]
/// }"#)?;
/// assert_eq!((h.kind, h.capacity), (HelperKind::InternetEnterprise, 4));
/// assert!(h.serves(Domain::RuralEcommerce));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Helper {
    /// Stable identifier, unique among helpers.
    pub id: HelperId,
    /// Display name.
    pub name: String,
    /// What kind of body it is.
    pub kind: HelperKind,
    /// How many recipients it can serve at the same time (its active pairings).
    pub capacity: u32,
    /// The domains it can serve; at least one.
    pub domains: Vec<Domain>,
    /// Where it is based (an eastern province or city for 东西部协作), if recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<RegionCode>,
}

impl Helper {
    /// Whether the helper can serve `domain`.
    pub fn serves(&self, domain: Domain) -> bool {
        self.domains.contains(&domain)
    }
}
