//! [`Domain`]: what a helper can serve and what a project is about.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::plan::ProjectKey;

/// The domain of a project or a helper's offer: the five projects of the plan, plus the
/// other kinds of help pairings carry in practice.
///
/// ```
/// use fupin_core::pairing::Domain;
/// use fupin_core::plan::ProjectKey;
///
/// let d: Domain = serde_json::from_str("\"rural_ecommerce\"")?;
/// assert_eq!(d, Domain::from(ProjectKey::RuralEcommerce));
/// assert_eq!((d.as_str(), d.label_zh()), ("rural_ecommerce", "农村电商"));
/// assert_eq!(Domain::Tourism.project(), None);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Domain {
    /// 网络覆盖工程: broadband, fiber and 4G, terminals.
    NetworkCoverage,
    /// 农村电商工程: e-commerce stations, online sales of poor-area products.
    RuralEcommerce,
    /// 网络扶智工程: remote education, training.
    NetworkEducation,
    /// 信息服务工程: platforms, service nodes, village network leaders.
    InformationServices,
    /// 网络公益工程: online public welfare.
    PublicWelfare,
    /// 就业扶贫: jobs and labour transfer.
    Employment,
    /// 旅游扶贫: rural tourism.
    Tourism,
    /// 健康扶贫: health, telemedicine.
    Health,
    /// 其他: anything else.
    Other,
}

impl Domain {
    /// Every domain, in order.
    pub const ALL: [Domain; 9] = [
        Domain::NetworkCoverage,
        Domain::RuralEcommerce,
        Domain::NetworkEducation,
        Domain::InformationServices,
        Domain::PublicWelfare,
        Domain::Employment,
        Domain::Tourism,
        Domain::Health,
        Domain::Other,
    ];

    /// The snake_case key used on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Domain::NetworkCoverage => "network_coverage",
            Domain::RuralEcommerce => "rural_ecommerce",
            Domain::NetworkEducation => "network_education",
            Domain::InformationServices => "information_services",
            Domain::PublicWelfare => "public_welfare",
            Domain::Employment => "employment",
            Domain::Tourism => "tourism",
            Domain::Health => "health",
            Domain::Other => "other",
        }
    }

    /// The Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            Domain::NetworkCoverage => "网络覆盖",
            Domain::RuralEcommerce => "农村电商",
            Domain::NetworkEducation => "网络扶智",
            Domain::InformationServices => "信息服务",
            Domain::PublicWelfare => "网络公益",
            Domain::Employment => "就业扶贫",
            Domain::Tourism => "旅游扶贫",
            Domain::Health => "健康扶贫",
            Domain::Other => "其他",
        }
    }

    /// The project of the plan this domain is, if it is one of the five.
    pub fn project(self) -> Option<ProjectKey> {
        match self {
            Domain::NetworkCoverage => Some(ProjectKey::NetworkCoverage),
            Domain::RuralEcommerce => Some(ProjectKey::RuralEcommerce),
            Domain::NetworkEducation => Some(ProjectKey::NetworkEducation),
            Domain::InformationServices => Some(ProjectKey::InformationServices),
            Domain::PublicWelfare => Some(ProjectKey::PublicWelfare),
            _ => None,
        }
    }

    /// A bit of its own, for sets of domains held as masks.
    pub(crate) fn bit(self) -> u32 {
        let index = Domain::ALL.iter().position(|d| *d == self).unwrap_or(0);
        1 << index
    }
}

impl From<ProjectKey> for Domain {
    fn from(key: ProjectKey) -> Self {
        match key {
            ProjectKey::NetworkCoverage => Domain::NetworkCoverage,
            ProjectKey::RuralEcommerce => Domain::RuralEcommerce,
            ProjectKey::NetworkEducation => Domain::NetworkEducation,
            ProjectKey::InformationServices => Domain::InformationServices,
            ProjectKey::PublicWelfare => Domain::PublicWelfare,
        }
    }
}

impl fmt::Display for Domain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The mask of a list of domains.
pub(crate) fn mask(domains: &[Domain]) -> u32 {
    domains.iter().fold(0, |m, d| m | d.bit())
}

/// The domains of a mask, in order.
pub(crate) fn unmask(mask: u32) -> Vec<Domain> {
    Domain::ALL
        .into_iter()
        .filter(|d| mask & d.bit() != 0)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_match_serde_and_masks_round_trip() {
        for d in Domain::ALL {
            assert_eq!(serde_json::to_value(d).unwrap(), d.as_str());
            assert_eq!(unmask(d.bit()), [d]);
            if let Some(p) = d.project() {
                assert_eq!(Domain::from(p), d);
                assert_eq!(p.key(), d.as_str());
            }
        }
        let m = mask(&[Domain::Health, Domain::NetworkCoverage, Domain::Health]);
        assert_eq!(unmask(m), [Domain::NetworkCoverage, Domain::Health]);
    }
}
