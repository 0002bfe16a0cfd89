//! [`Rollup`]: the counters of every unit at every level, from village to nation, computed
//! from a [`Tally`] by summing children (never averaging rates).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::counts::{Counter, Counts};
use super::indicators::{IndicatorValue, MissingStrategy, compute};
use super::measures::RolledMeasure;
use super::tally::{Entry, Tally};
use crate::plan::{IndicatorKind, MeasureDef};
use crate::region::{Level, RegionCode};

/// The roll-up of a tally at every level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rollup {
    /// The as-of date.
    pub as_of: NaiveDate,
    /// The data set's label (e.g. "SYNTHETIC").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Villages, sorted by code.
    pub villages: Vec<Entry>,
    /// Townships, sorted by code.
    pub townships: Vec<Entry>,
    /// Counties, sorted by code.
    pub counties: Vec<Entry>,
    /// Prefectures, sorted by code.
    pub prefectures: Vec<Entry>,
    /// Provinces, sorted by code.
    pub provinces: Vec<Entry>,
    /// The nation (everything in the data).
    pub nation: Counts,
    /// The indicators beyond shares, rolled up from their observation levels.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub measures: Vec<RolledMeasure>,
}

/// What an indicator of a roll-up is: a share of the catalog or one beyond shares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum IndicatorDef<'a> {
    /// A share of the register and the unit facts ([`CATALOG`](crate::plan::indicator::CATALOG)).
    Share(&'static crate::plan::Indicator),
    /// A count, amount, share or rate of unit-table values.
    Measure(&'a MeasureDef),
}

impl IndicatorDef<'_> {
    /// Its id.
    pub fn id(&self) -> &str {
        match self {
            IndicatorDef::Share(i) => i.id,
            IndicatorDef::Measure(m) => &m.id,
        }
    }

    /// Its Chinese name.
    pub fn name_zh(&self) -> &str {
        match self {
            IndicatorDef::Share(i) => i.name_zh,
            IndicatorDef::Measure(m) => &m.name_zh,
        }
    }

    /// Its English name.
    pub fn name_en(&self) -> &str {
        match self {
            IndicatorDef::Share(i) => i.name_en,
            IndicatorDef::Measure(m) => m.english(),
        }
    }

    /// What kind of quantity it is.
    pub fn kind(&self) -> IndicatorKind {
        match self {
            IndicatorDef::Share(i) => i.kind,
            IndicatorDef::Measure(m) => m.kind,
        }
    }

    /// The lowest level it is measured at.
    pub fn lowest_level(&self) -> Level {
        match self {
            IndicatorDef::Share(i) => i.lowest_level,
            IndicatorDef::Measure(m) => m.level,
        }
    }

    /// The unit of its value (empty for shares).
    pub fn unit(&self) -> &str {
        match self {
            IndicatorDef::Share(_) => "",
            IndicatorDef::Measure(m) => &m.unit,
        }
    }
}

/// Sums sorted children into their parents at `level`, then adds the parents' own entries
/// (sorted). Parent codes are monotone in child codes, so one pass suffices.
fn group_up(children: &[Entry], level: Level, own: &[Entry]) -> Vec<Entry> {
    let mut grouped: Vec<Entry> = Vec::new();
    for child in children {
        let Some(parent) = child.code.at_level(level) else {
            continue;
        };
        match grouped.last_mut() {
            Some(last) if last.code == parent => last.counts += &child.counts,
            _ => grouped.push(Entry {
                code: parent,
                counts: child.counts,
            }),
        }
    }
    merge_own(grouped, own)
}

/// Adds the parents' own entries (sorted) to the grouped sums (sorted).
fn merge_own(grouped: Vec<Entry>, own: &[Entry]) -> Vec<Entry> {
    if own.is_empty() {
        return grouped;
    }
    let mut out = Vec::with_capacity(grouped.len() + own.len());
    let (mut i, mut j) = (0, 0);
    while i < grouped.len() || j < own.len() {
        match (grouped.get(i), own.get(j)) {
            (Some(g), Some(o)) if g.code == o.code => {
                let mut e = *g;
                e.counts += &o.counts;
                out.push(e);
                i += 1;
                j += 1;
            }
            (Some(g), Some(o)) if g.code < o.code => {
                out.push(*g);
                i += 1;
            }
            (Some(_), Some(o)) | (None, Some(o)) => {
                out.push(*o);
                j += 1;
            }
            (Some(g), None) => {
                out.push(*g);
                i += 1;
            }
            (None, None) => break,
        }
    }
    out
}

/// The counties, and in code order among them the townships of prefectures without
/// counties ([`RegionCode::skips_county`]), which go straight to their prefecture.
fn with_countyless(counties: &[Entry], townships: &[Entry]) -> Vec<Entry> {
    let skipping: Vec<Entry> = townships
        .iter()
        .filter(|t| t.code.skips_county())
        .copied()
        .collect();
    if skipping.is_empty() {
        return counties.to_vec();
    }
    let mut all: Vec<Entry> = counties.iter().copied().chain(skipping).collect();
    all.sort_by_key(|e| e.code);
    all
}

/// One village of a tally on the way up: the village-level facts that need both the
/// households and the village's own facts (which may come from different parts of a merged
/// tally) derived, and the village added to its township's sum (villages come sorted, so
/// the township is the last one or a new one).
fn village_step(v: &mut Entry, grouped: &mut Vec<Entry>) {
    let c = &mut v.counts;
    super::tally::one_village(c);
    let poor_people = if c.get(Counter::PopulationKnownVillages) > 0 {
        c.get(Counter::PoorPeople)
    } else {
        0
    };
    c.set(Counter::IncidencePoorPeople, poor_people);
    // a registered poor village keeps its households in the register, exited or not: none
    // at all means its register was not given
    c.set(
        Counter::PoorVillagesWithoutHouseholds,
        u64::from(c.get(Counter::PoorVillages) > 0 && c.get(Counter::Households) == 0),
    );
    let Some(parent) = v.code.at_level(Level::Township) else {
        return;
    };
    match grouped.last_mut() {
        Some(last) if last.code == parent => last.counts += &v.counts,
        _ => grouped.push(Entry {
            code: parent,
            counts: v.counts,
        }),
    }
}

impl Rollup {
    /// Rolls a tally up to every level.
    pub fn of(mut tally: Tally) -> Rollup {
        let mut grouped: Vec<Entry> = Vec::with_capacity(tally.townships.len() + 16);
        for v in &mut tally.villages {
            village_step(v, &mut grouped);
        }
        Self::above_villages(tally, grouped)
    }

    /// Rolls a tally up to every level, leaving it as it is: the same as
    /// `Rollup::of(tally.clone())`, without copying the villages twice.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use fupin_core::assess::{Dataset, Rollup, Tally};
    ///
    /// let tally = Tally::of(&Dataset::new(NaiveDate::from_ymd_opt(2020, 6, 30).unwrap()));
    /// assert_eq!(Rollup::of_ref(&tally), Rollup::of(tally.clone()));
    /// ```
    pub fn of_ref(tally: &Tally) -> Rollup {
        let mut grouped: Vec<Entry> = Vec::with_capacity(tally.townships.len() + 16);
        let mut villages = Vec::with_capacity(tally.villages.len());
        villages.extend(tally.villages.iter().map(|v| {
            let mut v = *v;
            village_step(&mut v, &mut grouped);
            v
        }));
        Self::above_villages(
            Tally {
                as_of: tally.as_of,
                label: tally.label.clone(),
                villages,
                townships: tally.townships.clone(),
                counties: tally.counties.clone(),
                measures: tally.measures.clone(),
            },
            grouped,
        )
    }

    /// The levels above the villages, from the villages summed by township.
    fn above_villages(tally: Tally, grouped: Vec<Entry>) -> Rollup {
        let townships = merge_own(grouped, &tally.townships);
        let counties = group_up(&townships, Level::County, &tally.counties);
        let prefectures = group_up(
            &with_countyless(&counties, &townships),
            Level::Prefecture,
            &[],
        );
        let provinces = group_up(&prefectures, Level::Province, &[]);
        let mut nation = Counts::default();
        for p in &provinces {
            nation += &p.counts;
        }
        // a built-in indicator beyond shares is shown where the data has it, a user's always
        let builtin = crate::plan::measure::builtin();
        let measures = tally
            .measures
            .defs
            .into_iter()
            .zip(tally.measures.cells)
            .map(|(def, mut cells)| {
                let units = match def.level {
                    Level::Village => tally.villages.as_slice(),
                    Level::Township => townships.as_slice(),
                    _ => counties.as_slice(),
                };
                super::measures::fill_counter_denominators(&def, &mut cells, units);
                RolledMeasure::of(def, cells)
            })
            .filter(|m| m.nation.known > 0 || !builtin.contains(&m.def))
            .collect();
        Rollup {
            as_of: tally.as_of,
            label: tally.label,
            villages: tally.villages,
            townships,
            counties,
            prefectures,
            provinces,
            nation,
            measures,
        }
    }

    /// The entries of one level (empty for the nation: see [`Rollup::nation`]).
    pub fn level(&self, level: Level) -> &[Entry] {
        match level {
            Level::Nation => &[],
            Level::Province => &self.provinces,
            Level::Prefecture => &self.prefectures,
            Level::County => &self.counties,
            Level::Township => &self.townships,
            Level::Village => &self.villages,
        }
    }

    /// The counters of one unit (`None` for a unit absent from the data).
    pub fn get(&self, code: RegionCode) -> Option<&Counts> {
        let list = self.level(code.level());
        list.binary_search_by_key(&code, |e| e.code)
            .ok()
            .and_then(|i| list.get(i))
            .map(|e| &e.counts)
    }

    /// The counters of a unit, or of the nation for `None`.
    pub fn counts(&self, unit: Option<RegionCode>) -> Option<&Counts> {
        match unit {
            None => Some(&self.nation),
            Some(code) => self.get(code),
        }
    }

    /// The units directly inside `unit` (the provinces for the nation).
    pub fn children(&self, unit: Option<RegionCode>) -> &[Entry] {
        let (level, parent) = match unit {
            None => return &self.provinces,
            Some(code) => match code.level().child() {
                Some(l) => (l, code),
                None => return &[],
            },
        };
        let list = self.level(level);
        let start = list.partition_point(|e| e.code < parent);
        let end = start
            + list.get(start..).map_or(0, |rest| {
                rest.iter().take_while(|e| parent.contains(e.code)).count()
            });
        list.get(start..end).unwrap_or(&[])
    }

    /// Every indicator for one unit (the nation for `None`): the shares of the catalog, then
    /// the indicators beyond shares observed at its level or below.
    pub fn indicators(
        &self,
        unit: Option<RegionCode>,
        strategy: MissingStrategy,
    ) -> Vec<IndicatorValue> {
        let Some(c) = self.counts(unit) else {
            return Vec::new();
        };
        let mut out: Vec<IndicatorValue> = crate::plan::indicator::CATALOG
            .iter()
            .filter_map(|i| compute(i.id, c, strategy))
            .collect();
        out.extend(
            self.measures
                .iter()
                .filter_map(|m| m.value(unit, c, strategy)),
        );
        out
    }

    /// One indicator for one unit (a share of the catalog or one beyond shares).
    pub fn indicator(
        &self,
        unit: Option<RegionCode>,
        id: &str,
        strategy: MissingStrategy,
    ) -> Option<IndicatorValue> {
        let counts = self.counts(unit)?;
        match self.measures.iter().find(|m| m.def.id == id) {
            Some(m) => m.value(unit, counts, strategy),
            None => compute(id, counts, strategy),
        }
    }

    /// The definitions targets on this roll-up may name: the built-in indicators beyond
    /// shares and those it was counted with (the user's own among them).
    pub fn measure_defs(&self) -> crate::plan::MeasureDefs {
        crate::plan::MeasureDefs::builtin_and(self.measures.iter().map(|m| m.def.clone()))
    }

    /// The indicators of this roll-up: the catalog's shares, then those beyond shares.
    pub fn definitions(&self) -> Vec<IndicatorDef<'_>> {
        crate::plan::indicator::CATALOG
            .iter()
            .map(IndicatorDef::Share)
            .chain(self.measures.iter().map(|m| IndicatorDef::Measure(&m.def)))
            .collect()
    }

    /// The indicator `id` of this roll-up.
    pub fn definition(&self, id: &str) -> Option<IndicatorDef<'_>> {
        match crate::plan::indicator::get(id) {
            Some(i) => Some(IndicatorDef::Share(i)),
            None => self
                .measures
                .iter()
                .find(|m| m.def.id == id)
                .map(|m| IndicatorDef::Measure(&m.def)),
        }
    }

    /// Number of registered households in the data.
    pub fn households(&self) -> u64 {
        self.nation.get(Counter::Households)
    }
}
