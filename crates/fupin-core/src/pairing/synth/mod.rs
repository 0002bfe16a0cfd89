//! **Synthetic** national data for tests, examples and benchmarks: poor counties with
//! designations, helpers and pairings, generated deterministically from a seed.
//!
//! Nothing here is official. The number of counties per province follows the published
//! shape of the 832-county list (a public count), but every code, date, designation,
//! helper and pairing is made up; designations name `synthetic` as their source and helper
//! names end in `(synthetic)`.
//!
//! ```
//! use fupin_core::pairing::synth::{SynthConfig, national};
//!
//! let a = national(&SynthConfig::default());
//! assert_eq!((a.book.helpers.len(), a.book.pairings.len()), (2000, 600));
//! assert!(a.designations.iter().all(|d| d.source.contains("synthetic")));
//! assert_eq!(a, national(&SynthConfig::default()));   // same seed, same data
//! ```

mod generate;

use chrono::NaiveDate;

use super::{CountedHelpers, CoverageRule, CoverageRules, Domain, PairingBook, Scope};
use crate::region::{DesignationKind, Designations};
use generate::{Rng, counties, day, helpers, pairings};

/// What to generate. The default is national scale: 832 counties, 2,000 helpers, 600
/// pairings, as of 2017-06-30.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SynthConfig {
    /// Poor counties.
    pub counties: usize,
    /// Helpers.
    pub helpers: usize,
    /// Existing pairings.
    pub pairings: usize,
    /// Seed of the generator.
    pub seed: u64,
}

impl Default for SynthConfig {
    fn default() -> Self {
        Self {
            counties: 832,
            helpers: 2000,
            pairings: 600,
            seed: 2016,
        }
    }
}

impl SynthConfig {
    /// The same config with `n` counties.
    #[must_use]
    pub fn counties(mut self, n: usize) -> Self {
        self.counties = n;
        self
    }
    /// The same config with `n` helpers.
    #[must_use]
    pub fn helpers(mut self, n: usize) -> Self {
        self.helpers = n;
        self
    }
    /// The same config with `n` pairings.
    #[must_use]
    pub fn pairings(mut self, n: usize) -> Self {
        self.pairings = n;
        self
    }
    /// The same config with another seed.
    #[must_use]
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }
}

/// A generated data set: designations, a valid book, coverage rules and the date to
/// evaluate them on.
#[derive(Debug, Clone, PartialEq)]
pub struct Synthetic {
    /// Poor-county and area designations (synthetic).
    pub designations: Designations,
    /// Helpers and pairings (synthetic); [`PairingBook::validate`] finds nothing wrong.
    pub book: PairingBook,
    /// Every poor county has 2 helpers, a deep-poverty one 3, and an e-commerce project.
    pub rules: CoverageRules,
    /// 2017-06-30.
    pub as_of: NaiveDate,
}

/// Generates a synthetic national data set. The same config always gives the same data.
pub fn national(config: &SynthConfig) -> Synthetic {
    let mut rng = Rng(config.seed);
    let (counties, mut ds) = counties(config, &mut rng);
    let helpers = helpers(config, &mut rng);
    let pairings = pairings(config, &mut rng, &counties, &helpers, &mut ds);
    let rules = vec![
        CoverageRule::MinHelpers {
            scope: Scope::PoorCounty,
            designated: None,
            within: None,
            k: 2,
            max: Some(6),
            helpers: CountedHelpers::Plan,
        },
        CoverageRule::MinHelpers {
            scope: Scope::PoorCounty,
            designated: Some(DesignationKind::DeepPovertyArea),
            within: None,
            k: 3,
            max: None,
            helpers: CountedHelpers::Plan,
        },
        CoverageRule::MinProjects {
            scope: Scope::PoorCounty,
            designated: None,
            within: None,
            domain: Domain::RuralEcommerce,
            k: 1,
        },
    ];
    Synthetic {
        designations: Designations::new(ds).unwrap_or_default(),
        book: PairingBook { helpers, pairings },
        rules: CoverageRules::new(rules).unwrap_or_default(),
        as_of: day(2017, 6, 30),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_generated_designation_is_valid() {
        let set = national(&SynthConfig::default());
        assert!(
            set.designations.len() > 2 * 832,
            "{}",
            set.designations.len()
        );
        assert_eq!(set.rules.len(), 3);
    }
}
