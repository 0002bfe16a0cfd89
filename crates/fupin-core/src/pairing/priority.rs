//! Priorities of recipients: given per recipient, or by default from their designations.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::Domain;
use crate::region::{DesignationKind, RegionCode};

/// Options of [`PairingBook::suggest`](super::PairingBook::suggest): priorities and needed domains given per recipient.
///
/// ```
/// use fupin_core::pairing::{Domain, SuggestOptions};
///
/// let ceheng = "522327".parse()?;
/// let options = SuggestOptions::default()
///     .priority(ceheng, 80)
///     .need(ceheng, Domain::RuralEcommerce);
/// assert_eq!(options.priorities.get(&ceheng), Some(&80));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct SuggestOptions {
    /// Priority of a recipient (1 to 1,000,000), e.g. how far it is from its targets;
    /// recipients not listed get [`default_priority`] from their designations.
    pub priorities: BTreeMap<RegionCode, u32>,
    /// Domains a recipient needs, added to those a project rule finds missing.
    pub needs: BTreeMap<RegionCode, Vec<Domain>>,
}

impl SuggestOptions {
    /// The same options with a priority for `region`.
    #[must_use]
    pub fn priority(mut self, region: RegionCode, priority: u32) -> Self {
        self.priorities.insert(region, priority);
        self
    }

    /// The same options with `domain` needed by `region`.
    #[must_use]
    pub fn need(mut self, region: RegionCode, domain: Domain) -> Self {
        self.needs.entry(region).or_default().push(domain);
        self
    }
}

/// Points added to a base of 10 by each designation in force, for [`default_priority`].
pub const PRIORITY_POINTS: [(DesignationKind, u32); 7] = [
    (DesignationKind::DeepPovertyArea, 30),
    (DesignationKind::KeyCounty, 10),
    (DesignationKind::ContiguousDestituteArea, 10),
    (DesignationKind::ContiguousAreaCounty, 10),
    (DesignationKind::EthnicArea, 5),
    (DesignationKind::BorderArea, 5),
    (DesignationKind::OldRevolutionaryArea, 5),
];

/// The default priority of a recipient from its designations: 10, plus the points of
/// [`PRIORITY_POINTS`] (a contiguous destitute area and a contiguous-area county count
/// once), and the designations that added points.
///
/// ```
/// use fupin_core::pairing::default_priority;
/// use fupin_core::region::DesignationKind as K;
///
/// let (p, why) = default_priority(&[K::PoorCounty, K::KeyCounty, K::DeepPovertyArea]);
/// assert_eq!((p, why), (50, vec![K::DeepPovertyArea, K::KeyCounty]));
/// ```
pub fn default_priority(kinds: &[DesignationKind]) -> (u32, Vec<DesignationKind>) {
    let mut total = 10;
    let mut why = Vec::new();
    for (kind, points) in PRIORITY_POINTS {
        let contiguous_again = kind == DesignationKind::ContiguousAreaCounty
            && why.contains(&DesignationKind::ContiguousDestituteArea);
        if kinds.contains(&kind) && !contiguous_again {
            total += points;
            why.push(kind);
        }
    }
    (total, why)
}

/// Where a priority came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum PrioritySource {
    /// Given in [`SuggestOptions::priorities`].
    Given,
    /// From designations ([`default_priority`]).
    Designations,
}
