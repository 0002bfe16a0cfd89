//! Helpers (帮扶方): who takes on recipients, how many, and in which domains.

use serde::{Deserialize, Serialize};

use super::{Domain, HelperId};
use crate::region::RegionCode;

/// What kind of body a helper is.
///
/// The Network Poverty Alleviation Action Plan (网络扶贫行动计划, 2016) has its own helpers:
/// internet enterprises (网信企业), websites (网站) and netizens (网民, one by one or as
/// groups), with the social organisations (社会组织) and foundations (基金会) that join its
/// online public-welfare pairings. East–west cooperation (东西部协作) and designated
/// assistance (定点扶贫) are separate national mechanisms that a book may record beside
/// them; [`HelperKind::is_plan_helper`] tells the two apart, and coverage rules count the
/// plan's helpers only unless they say otherwise (see
/// [`CountedHelpers`](super::CountedHelpers)).
///
/// On the wire a kind is its snake_case key ([`HelperKind::as_str`]); the keys of the first
/// six kinds are unchanged since they were introduced.
///
/// ```
/// use fupin_core::pairing::HelperKind;
///
/// let k: HelperKind = serde_json::from_str(r#""website""#)?;
/// assert_eq!((k.label_zh(), k.is_plan_helper()), ("网站", true));
/// assert!(!HelperKind::TargetedAssistance.is_plan_helper());
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum HelperKind {
    /// 网信企业: an internet or ICT enterprise (a helper of the plan).
    InternetEnterprise,
    /// 社会组织: a social organisation (a helper of the plan's online public welfare).
    SocialOrganisation,
    /// 基金会: a foundation (a helper of the plan's online public welfare).
    Foundation,
    /// 网民群体: a group of netizens (volunteers, an online community; a helper of the plan).
    NetizenGroup,
    /// 东西部协作: east–west cooperation, an eastern province or city paired with the west
    /// (a separate national mechanism, not one of the plan's helpers).
    EastWestCollaboration,
    /// 定点扶贫: designated (targeted) assistance by a central unit (a separate national
    /// mechanism, not one of the plan's helpers).
    TargetedAssistance,
    /// 网站: a website (a helper of the plan).
    Website,
    /// 网民: one netizen, as in the "9+1" campaigns where nine netizens' small donations go
    /// to one publicly listed household (a helper of the plan).
    Netizen,
}

impl HelperKind {
    /// Every kind, in declaration order.
    pub const ALL: [HelperKind; 8] = [
        HelperKind::InternetEnterprise,
        HelperKind::SocialOrganisation,
        HelperKind::Foundation,
        HelperKind::NetizenGroup,
        HelperKind::EastWestCollaboration,
        HelperKind::TargetedAssistance,
        HelperKind::Website,
        HelperKind::Netizen,
    ];

    /// The snake_case key (the wire name).
    pub fn as_str(self) -> &'static str {
        match self {
            HelperKind::InternetEnterprise => "internet_enterprise",
            HelperKind::SocialOrganisation => "social_organisation",
            HelperKind::Foundation => "foundation",
            HelperKind::NetizenGroup => "netizen_group",
            HelperKind::EastWestCollaboration => "east_west_collaboration",
            HelperKind::TargetedAssistance => "targeted_assistance",
            HelperKind::Website => "website",
            HelperKind::Netizen => "netizen",
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
            HelperKind::Website => "网站",
            HelperKind::Netizen => "网民",
        }
    }

    /// Whether the kind is one of the plan's own helpers (internet enterprises, websites,
    /// netizens and netizen groups, social organisations, foundations), rather than one of
    /// the other national mechanisms (east–west cooperation 东西部协作, designated assistance
    /// 定点扶贫).
    pub fn is_plan_helper(self) -> bool {
        !matches!(
            self,
            HelperKind::EastWestCollaboration | HelperKind::TargetedAssistance
        )
    }
}

/// One helper: an enterprise, website, netizen or netizen group, organisation, foundation,
/// eastern province or city (东西部协作), or central unit (定点扶贫), with how many recipients it can take on at once (`capacity`) and
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
    /// Whether the helper is one of the plan's own helpers (see [`HelperKind::is_plan_helper`]).
    pub fn is_plan_helper(&self) -> bool {
        self.kind.is_plan_helper()
    }

    /// Whether the helper can serve `domain`.
    pub fn serves(&self, domain: Domain) -> bool {
        self.domains.contains(&domain)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_match_serde_and_are_stable() {
        for kind in HelperKind::ALL {
            let wire = serde_json::to_value(kind).ok();
            assert_eq!(wire.as_ref().and_then(|v| v.as_str()), Some(kind.as_str()));
        }
        let old = [
            "internet_enterprise",
            "social_organisation",
            "foundation",
            "netizen_group",
            "east_west_collaboration",
            "targeted_assistance",
        ];
        for name in old {
            let kind: Result<HelperKind, _> = serde_json::from_value(name.into());
            assert_eq!(kind.ok().map(HelperKind::as_str), Some(name));
        }
    }

    #[test]
    fn only_the_two_national_mechanisms_are_not_plan_helpers() {
        let others: Vec<&str> = HelperKind::ALL
            .into_iter()
            .filter(|k| !k.is_plan_helper())
            .map(HelperKind::label_zh)
            .collect();
        assert_eq!(others, ["东西部协作", "定点扶贫"]);
    }
}
