//! [`Counts`]: the exact counters every indicator is computed from. Counters add up across
//! units, chunks, threads and machines; indicators are ratios of sums, never averages.

use std::fmt;
use std::ops::{Add, AddAssign};

use serde::{Deserialize, Serialize};

macro_rules! counters {
    ($($(#[$doc:meta])* $name:ident = $key:literal,)*) => {
        /// One counter of [`Counts`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(usize)]
        pub enum Counter {
            $($(#[$doc])* $name,)*
        }

        impl Counter {
            /// Every counter, in storage order.
            pub const ALL: &'static [Counter] = &[$(Counter::$name,)*];

            /// The snake_case key used on the wire.
            pub fn key(self) -> &'static str {
                match self {
                    $(Counter::$name => $key,)*
                }
            }

            /// The counter with this key.
            pub(crate) fn from_key(key: &str) -> Option<Counter> {
                match key {
                    $($key => Some(Counter::$name),)*
                    _ => None,
                }
            }
        }
    };
}

counters! {
    /// Registered households (poor and exited).
    Households = "households",
    /// People in registered households.
    People = "people",
    /// Households still poor (poor, returned, newly poor).
    PoorHouseholds = "poor_households",
    /// People in households still poor.
    PoorPeople = "poor_people",
    /// Poor households whose terminal field is recorded.
    TerminalKnown = "terminal_known",
    /// Poor households with a terminal.
    TerminalYes = "terminal_yes",
    /// Poor households whose e-commerce field is recorded.
    EcommerceKnown = "ecommerce_known",
    /// Poor households using e-commerce.
    EcommerceYes = "ecommerce_yes",
    /// Poor households whose online-training field is recorded.
    TrainingKnown = "training_known",
    /// Poor households with online training.
    TrainingYes = "training_yes",
    /// Households whose file is complete.
    FileComplete = "file_complete",
    /// Households whose file completeness is recorded (a record's always is; a table's
    /// blank cell or absent column is not).
    FileKnown = "file_known",
    /// Poor households whose income and guarantees are all recorded.
    ExitKnown = "exit_known",
    /// Poor households meeting the household exit rule.
    ExitEligible = "exit_eligible",
    /// Village-level units.
    Villages = "villages",
    /// Villages that households refer to but the village table lacks.
    VillagesUnlisted = "villages_unlisted",
    /// Registered poor villages.
    PoorVillages = "poor_villages",
    /// Poor villages whose broadband (fiber or 4G) is known.
    PoorVillageBroadbandKnown = "poor_village_broadband_known",
    /// Poor villages with fiber or 4G.
    PoorVillageBroadbandYes = "poor_village_broadband_yes",
    /// Poor villages whose fiber is known.
    PoorVillageFiberKnown = "poor_village_fiber_known",
    /// Poor villages with fiber.
    PoorVillageFiberYes = "poor_village_fiber_yes",
    /// Villages whose network-leader field is known.
    LeaderKnown = "leader_known",
    /// Villages with a network leader.
    LeaderYes = "leader_yes",
    /// Villages whose registered-area rural population is known.
    PopulationKnownVillages = "population_known_villages",
    /// Rural population of the villages where it is known.
    RuralPopulation = "rural_population",
    /// Poor people in the villages whose population is known (numerator of incidence).
    IncidencePoorPeople = "incidence_poor_people",
    /// Township-level units.
    Townships = "townships",
    /// Townships whose service-node field is known.
    NodeKnown = "node_known",
    /// Townships with a service node.
    NodeYes = "node_yes",
    /// Towns and townships (not sub-districts nor other units) whose e-commerce field is
    /// known.
    TownshipEcommerceKnown = "township_ecommerce_known",
    /// Towns and townships (not sub-districts) reached by e-commerce services.
    TownshipEcommerceYes = "township_ecommerce_yes",
    /// County-level units.
    Counties = "counties",
    /// Counties whose platform field is known.
    PlatformKnown = "platform_known",
    /// Counties with an information-service platform.
    PlatformYes = "platform_yes",
    /// Poor villages whose 4G coverage is known.
    PoorVillage4gKnown = "poor_village_4g_known",
    /// Poor villages covered by 4G.
    PoorVillage4gYes = "poor_village_4g_yes",
    /// Towns and townships (乡镇: not sub-districts, 街道, nor farms and development zones,
    /// segments 400 and above), the units "e-commerce reaching every township" is about.
    RuralTownships = "rural_townships",
    /// Administrative villages (all, poor or not) whose fiber is known.
    VillageFiberKnown = "village_fiber_known",
    /// Administrative villages (all, poor or not) with fiber.
    VillageFiberYes = "village_fiber_yes",
    /// Administrative villages (all, poor or not) whose 4G coverage is known.
    Village4gKnown = "village_4g_known",
    /// Administrative villages (all, poor or not) covered by 4G.
    Village4gYes = "village_4g_yes",
    /// Administrative villages (行政村: village committees, 村民委员会, village segment
    /// 200–399), the units of the administrative-village fibre and 4G shares; residents'
    /// committees (居民委员会) are not among them.
    AdministrativeVillages = "administrative_villages",
    /// National poor counties (the population of indicators about poor counties).
    PoorCounties = "poor_counties",
    /// Registered poor villages without a household of any status in the register (set when
    /// rolled up): their register was not given, so their incidence is unknown, not 0.
    PoorVillagesWithoutHouseholds = "poor_villages_without_households",
}

/// Number of counters.
pub const N_COUNTERS: usize = 44;

/// Exact counters for one unit (or one chunk). Adding two `Counts` adds every counter
/// (saturating), so tallies of parts add up to the tally of the whole.
///
/// Counters are stored as `u32` (half the memory traffic of `u64` for the half million
/// villages of the national register): each counts people, households or units of one
/// snapshot, all below China's population, so they fit; additions saturate rather than
/// wrap. The API reads and writes `u64`.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Counts(pub [u32; N_COUNTERS]);

impl Default for Counts {
    fn default() -> Self {
        Counts([0; N_COUNTERS])
    }
}

impl Counts {
    /// The value of one counter.
    #[inline]
    pub fn get(&self, c: Counter) -> u64 {
        u64::from(self.0.get(c as usize).copied().unwrap_or(0))
    }

    /// Adds `n` to one counter (saturating).
    #[inline]
    pub(crate) fn incr(&mut self, c: Counter, n: u64) {
        if let Some(slot) = self.0.get_mut(c as usize) {
            *slot = slot.saturating_add(u32::try_from(n).unwrap_or(u32::MAX));
        }
    }

    /// Sets one counter.
    #[inline]
    pub fn set(&mut self, c: Counter, n: u64) {
        if let Some(slot) = self.0.get_mut(c as usize) {
            *slot = u32::try_from(n).unwrap_or(u32::MAX);
        }
    }
}

impl AddAssign<&Counts> for Counts {
    #[inline]
    fn add_assign(&mut self, rhs: &Counts) {
        for (a, b) in self.0.iter_mut().zip(rhs.0.iter()) {
            *a = a.saturating_add(*b);
        }
    }
}

impl Add for Counts {
    type Output = Counts;
    fn add(mut self, rhs: Counts) -> Counts {
        self += &rhs;
        self
    }
}

impl fmt::Debug for Counts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut m = f.debug_map();
        for c in Counter::ALL {
            let v = self.get(*c);
            if v != 0 {
                m.entry(&c.key(), &v);
            }
        }
        m.finish()
    }
}

impl Serialize for Counts {
    /// A map of the non-zero counters by key.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let n = self.0.iter().filter(|v| **v != 0).count();
        let mut map = serializer.serialize_map(Some(n))?;
        for c in Counter::ALL {
            let v = self.get(*c);
            if v != 0 {
                map.serialize_entry(c.key(), &v)?;
            }
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Counts {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let map = std::collections::BTreeMap::<String, u64>::deserialize(deserializer)?;
        let mut counts = Counts::default();
        for (k, v) in map {
            let c = Counter::from_key(&k)
                .ok_or_else(|| serde::de::Error::custom(format!("unknown counter `{k}`")))?;
            counts.incr(c, v);
        }
        Ok(counts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_counters_fit_and_keys_round_trip() {
        assert_eq!(Counter::ALL.len(), N_COUNTERS);
        for c in Counter::ALL {
            assert_eq!(Counter::from_key(c.key()), Some(*c));
        }
        let mut a = Counts::default();
        a.incr(Counter::PoorPeople, 3);
        let json = serde_json::to_string(&a).unwrap();
        assert_eq!(json, r#"{"poor_people":3}"#);
        assert_eq!(serde_json::from_str::<Counts>(&json).unwrap(), a);
    }
}
