//! Indicator values from counters: exact numerator and denominator, how much of the
//! population the data covers, and a value only when the missing-value strategy allows.

use serde::{Deserialize, Serialize};

use super::counts::{Counter, Counts};
use crate::plan::IndicatorKind;
use crate::plan::indicator as ind;

/// What to do when some of the population has no data (as DHIS2's missing-value
/// strategy): missing is never counted as zero.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MissingStrategy {
    /// Compute from the units or households that have data; no value when none has.
    #[default]
    SkipIfAllMissing,
    /// No value unless every unit or household has data.
    SkipIfAnyMissing,
}

/// How complete the data behind a value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Completeness {
    /// Everything in the population has data.
    Complete,
    /// Some of the population has data.
    Partial,
    /// Nothing in the population has data.
    Missing,
    /// The population is empty (e.g. no poor village in a rich county).
    Empty,
}

impl Completeness {
    /// The snake_case key used on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Completeness::Complete => "complete",
            Completeness::Partial => "partial",
            Completeness::Missing => "missing",
            Completeness::Empty => "empty",
        }
    }
}

/// One indicator measured for one unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorValue {
    /// The indicator id.
    pub indicator: String,
    /// Count above the line.
    pub numerator: u64,
    /// Count below the line (only members of the population with data).
    pub denominator: u64,
    /// Size of the population (units or households) the indicator is about.
    pub population: u64,
    /// Members of the population with no data.
    pub missing: u64,
    /// numerator / denominator, when the strategy allows.
    pub value: Option<f64>,
    /// How complete the data is.
    pub completeness: Completeness,
    /// What kind of quantity it is (left out on the wire for a share). For an amount,
    /// `numerator` is in fen (hundredths of a yuan, exact) and `value` in yuan; for a count,
    /// `value` is the sum and `denominator` 0.
    #[serde(default, skip_serializing_if = "is_share")]
    pub kind: IndicatorKind,
    /// The unit of the value (`yuan`, `stations`), empty for shares.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub unit: String,
}

fn is_share(k: &IndicatorKind) -> bool {
    *k == IndicatorKind::Share
}

/// (numerator, denominator, population, population with data)
fn parts(id: &str, c: &Counts) -> Option<(u64, u64, u64, u64)> {
    let g = |k| c.get(k);
    let share = |yes, known, total| (g(yes), g(known), g(total), g(known));
    Some(match id {
        ind::POVERTY_INCIDENCE => (
            g(Counter::IncidencePoorPeople),
            g(Counter::RuralPopulation),
            g(Counter::Villages) + g(Counter::VillagesUnlisted),
            g(Counter::PopulationKnownVillages),
        ),
        ind::POOR_HOUSEHOLD_SHARE => share(
            Counter::PoorHouseholds,
            Counter::Households,
            Counter::Households,
        ),
        ind::POOR_VILLAGE_BROADBAND => share(
            Counter::PoorVillageBroadbandYes,
            Counter::PoorVillageBroadbandKnown,
            Counter::PoorVillages,
        ),
        ind::POOR_VILLAGE_FIBER => share(
            Counter::PoorVillageFiberYes,
            Counter::PoorVillageFiberKnown,
            Counter::PoorVillages,
        ),
        ind::POOR_VILLAGE_4G => share(
            Counter::PoorVillage4gYes,
            Counter::PoorVillage4gKnown,
            Counter::PoorVillages,
        ),
        ind::VILLAGE_FIBER => share(
            Counter::VillageFiberYes,
            Counter::VillageFiberKnown,
            Counter::AdministrativeVillages,
        ),
        ind::VILLAGE_4G => share(
            Counter::Village4gYes,
            Counter::Village4gKnown,
            Counter::AdministrativeVillages,
        ),
        ind::HOUSEHOLD_TERMINAL => share(
            Counter::TerminalYes,
            Counter::TerminalKnown,
            Counter::PoorHouseholds,
        ),
        ind::HOUSEHOLD_FILE_COMPLETE => share(
            Counter::FileComplete,
            Counter::FileKnown,
            Counter::Households,
        ),
        ind::TOWNSHIP_SERVICE_NODE => {
            share(Counter::NodeYes, Counter::NodeKnown, Counter::Townships)
        }
        ind::VILLAGE_NETWORK_LEADER => {
            share(Counter::LeaderYes, Counter::LeaderKnown, Counter::Villages)
        }
        ind::COUNTY_PLATFORM => share(
            Counter::PlatformYes,
            Counter::PlatformKnown,
            Counter::Counties,
        ),
        ind::TOWNSHIP_ECOMMERCE => share(
            Counter::TownshipEcommerceYes,
            Counter::TownshipEcommerceKnown,
            Counter::RuralTownships,
        ),
        ind::HOUSEHOLD_ECOMMERCE => share(
            Counter::EcommerceYes,
            Counter::EcommerceKnown,
            Counter::PoorHouseholds,
        ),
        ind::HOUSEHOLD_ONLINE_TRAINING => share(
            Counter::TrainingYes,
            Counter::TrainingKnown,
            Counter::PoorHouseholds,
        ),
        _ => return None,
    })
}

#[expect(
    clippy::cast_precision_loss,
    reason = "a ratio of counts, for display and comparison"
)]
fn ratio(n: u64, d: u64) -> f64 {
    n as f64 / d as f64
}

/// How complete the data of a population is, and whether `strategy` allows a value: the
/// rule every indicator follows, shares and those beyond shares alike.
pub(crate) fn coverage(
    population: u64,
    with_data: u64,
    strategy: MissingStrategy,
) -> (Completeness, bool) {
    let missing = population.saturating_sub(with_data);
    let completeness = if population == 0 {
        Completeness::Empty
    } else if with_data == 0 {
        Completeness::Missing
    } else if missing == 0 {
        Completeness::Complete
    } else {
        Completeness::Partial
    };
    let allowed = match strategy {
        MissingStrategy::SkipIfAllMissing => with_data > 0,
        MissingStrategy::SkipIfAnyMissing => with_data > 0 && missing == 0,
    };
    (completeness, allowed)
}

/// The value of indicator `id` from counters; `None` for an id outside the catalog.
pub fn compute(id: &str, counts: &Counts, strategy: MissingStrategy) -> Option<IndicatorValue> {
    let (numerator, denominator, population, with_data) = parts(id, counts)?;
    let missing = population.saturating_sub(with_data);
    let (completeness, allowed) = coverage(population, with_data, strategy);
    let value = (allowed && denominator > 0).then(|| ratio(numerator, denominator));
    Some(IndicatorValue {
        indicator: id.to_owned(),
        numerator,
        denominator,
        population,
        missing,
        value,
        completeness,
        kind: IndicatorKind::Share,
        unit: String::new(),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::Completeness;

    #[test]
    fn completeness_keys_are_the_wire_names() {
        for c in [
            Completeness::Complete,
            Completeness::Partial,
            Completeness::Missing,
            Completeness::Empty,
        ] {
            assert_eq!(serde_json::to_value(c).unwrap(), c.as_str());
        }
    }
}
