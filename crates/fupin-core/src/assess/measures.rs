//! The indicators beyond shares ([`MeasureDef`]) counted and rolled up: per unit of the
//! observation level with data a [`MeasureCell`] (units with data, the sums above and below
//! the line), summed to every level above, never averaged. The population (the units the
//! indicator is about: villages, poor villages, towns and townships, counties, poor
//! counties) is a counter of the unit's [`Counts`], so a unit without data costs nothing.

use serde::{Deserialize, Serialize};

use super::counts::{Counter, Counts};
use super::indicators::{IndicatorValue, MissingStrategy, coverage};
use super::units::{CountyFacts, TownshipFacts, VillageFacts};
use super::values::UnitValue;
use crate::error::{Error, Issue, Issues, Path};
use crate::plan::IndicatorKind;
use crate::plan::measure::{Among, MeasureDef, MeasureDefs};
use crate::region::{Level, RegionCode, TownshipKind};

/// The sums of one indicator for one unit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeasureCell {
    /// Units of the population with data.
    pub known: u64,
    /// The sum above the line (fen for amounts; yes-units for a yes/no share).
    pub numerator: u64,
    /// The sum below the line (units with data for a yes/no share; for a rate over a
    /// counter of the register, that counter of the units with data, filled when rolled
    /// up; 0 for counts and amounts).
    pub denominator: u64,
}

impl std::ops::AddAssign<&MeasureCell> for MeasureCell {
    fn add_assign(&mut self, o: &MeasureCell) {
        self.known = self.known.saturating_add(o.known);
        self.numerator = self.numerator.saturating_add(o.numerator);
        self.denominator = self.denominator.saturating_add(o.denominator);
    }
}

/// One unit's cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeasureEntry {
    /// The unit.
    pub code: RegionCode,
    /// Its sums.
    pub cell: MeasureCell,
}

/// The cells of every definition at its observation level: part of a
/// [`Tally`](super::Tally), merged with it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Measures {
    /// The definitions counted: the user's own, and the built-in ones some unit of this
    /// part has data for.
    pub defs: Vec<MeasureDef>,
    /// The cells of each definition, in the order of `defs`, sorted by code.
    pub cells: Vec<Vec<MeasureEntry>>,
}

/// The value of field `name` of a unit; its built-in facts first.
fn village_value(v: &VillageFacts, name: &str) -> Option<UnitValue> {
    match name {
        "fiber" => v.fiber.map(UnitValue::Flag),
        "mobile_4g" => v.mobile_4g.map(UnitValue::Flag),
        "network_leader" => v.network_leader.map(UnitValue::Flag),
        "poor_village" => Some(UnitValue::Flag(v.poor_village)),
        _ => v.values.get(name).copied(),
    }
}

fn township_value(t: &TownshipFacts, name: &str) -> Option<UnitValue> {
    match name {
        "service_node" => t.service_node.map(UnitValue::Flag),
        "ecommerce" => t.ecommerce.map(UnitValue::Flag),
        _ => t.values.get(name).copied(),
    }
}

fn county_value(c: &CountyFacts, name: &str) -> Option<UnitValue> {
    match name {
        "platform" => c.platform.map(UnitValue::Flag),
        _ => c.values.get(name).copied(),
    }
}

/// The number a value adds: hundredths for amounts, whole units otherwise, 1 for yes.
fn amount_of(v: UnitValue, kind: IndicatorKind) -> u64 {
    match v {
        UnitValue::Flag(b) => u64::from(b),
        UnitValue::Hundredths(h) if kind == IndicatorKind::Amount => h,
        UnitValue::Hundredths(h) => h / 100,
    }
}

/// The cell of one unit of the population, when it has the data.
fn cell_of(def: &MeasureDef, value: impl Fn(&str) -> Option<UnitValue>) -> Option<MeasureCell> {
    let n = value(&def.numerator)?;
    let denominator = match &def.denominator {
        Some(name) => amount_of(value(name)?, IndicatorKind::Count),
        None if def.kind == IndicatorKind::Share => 1,
        None => 0,
    };
    Some(MeasureCell {
        known: 1,
        numerator: amount_of(n, def.kind),
        denominator,
    })
}

/// For a rate over a counter of the register (`denominator_counter`), sets each cell's
/// denominator to that counter of its unit (`units`: the roll-up's entries of the
/// observation level, sorted by code; a unit without households has 0), so that the rate
/// of every level above is over the units with data only — a unit without data adds
/// neither its value nor its people. Other definitions are left as they are.
pub(crate) fn fill_counter_denominators(
    def: &MeasureDef,
    cells: &mut [MeasureEntry],
    units: &[super::tally::Entry],
) {
    let Some(counter) = def
        .denominator_counter
        .as_deref()
        .filter(|_| def.kind == IndicatorKind::RatePer)
        .and_then(Counter::from_key)
    else {
        return;
    };
    for e in cells {
        e.cell.denominator = units
            .binary_search_by_key(&e.code, |u| u.code)
            .ok()
            .and_then(|i| units.get(i))
            .map_or(0, |u| u.counts.get(counter));
    }
}

/// The counter of a unit's [`Counts`] holding the population of `def`.
fn population_counter(def: &MeasureDef) -> Counter {
    match (def.level, def.among) {
        (Level::Village, Among::Poor) => Counter::PoorVillages,
        (Level::Village, _) => Counter::Villages,
        (Level::Township, Among::Rural) => Counter::RuralTownships,
        (Level::Township, _) => Counter::Townships,
        (_, Among::Poor) => Counter::PoorCounties,
        _ => Counter::Counties,
    }
}

fn column<T>(
    def: &MeasureDef,
    units: &[T],
    code: impl Fn(&T) -> RegionCode,
    among: impl Fn(&T) -> bool,
    value: impl Fn(&T, &str) -> Option<UnitValue>,
) -> Vec<MeasureEntry> {
    units
        .iter()
        .filter(|u| among(u))
        .filter_map(|u| {
            cell_of(def, |name| value(u, name)).map(|cell| MeasureEntry {
                code: code(u),
                cell,
            })
        })
        .collect()
}

impl Measures {
    /// Counts the definitions over the unit facts (each list sorted by code).
    pub(crate) fn of(
        defs: &MeasureDefs,
        villages: &[VillageFacts],
        townships: &[TownshipFacts],
        counties: &[CountyFacts],
    ) -> Measures {
        let mut out = Measures::default();
        let builtin = crate::plan::measure::builtin();
        for def in defs {
            let cells = match def.level {
                Level::Village => column(
                    def,
                    villages,
                    |v| v.code,
                    |v| def.among != Among::Poor || v.poor_village,
                    village_value,
                ),
                Level::Township => column(
                    def,
                    townships,
                    |t| t.code,
                    |t| {
                        def.among != Among::Rural
                            || t.code
                                .township_kind()
                                .is_some_and(TownshipKind::is_town_or_township)
                    },
                    township_value,
                ),
                Level::County => column(
                    def,
                    counties,
                    |c| c.code,
                    |c| def.among != Among::Poor || c.poor_county,
                    county_value,
                ),
                _ => Vec::new(),
            };
            // a built-in definition without data in this part is left out (its population
            // is in the units' counters, so the merge with other parts stays exact)
            if cells.is_empty() && builtin.contains(def) {
                continue;
            }
            out.defs.push(def.clone());
            out.cells.push(cells);
        }
        out
    }

    /// Every problem of measures read from elsewhere (paths under `measures`): each
    /// definition valid, one list of cells per definition, cells sorted by code, each code
    /// once and of the definition's level.
    pub(crate) fn validate(&self) -> Issues {
        let mut issues = Issues::new();
        let root = Path::root().key("measures");
        if self.defs.len() != self.cells.len() {
            issues.push(Issue::new(
                "tally_order",
                root.key("cells"),
                format!(
                    "{} lists of cells for {} definitions",
                    self.cells.len(),
                    self.defs.len()
                ),
            ));
        }
        for (i, (def, cells)) in self.defs.iter().zip(&self.cells).enumerate() {
            issues.extend_under(&root.key("defs").index(i), def.validate());
            for (j, e) in cells.iter().enumerate() {
                let at = || root.key("cells").index(i).index(j).key("code");
                if e.code.level() != def.level {
                    issues.push(Issue::new(
                        "unit_level",
                        at(),
                        format!("`{}` is not a {} code", e.code.to_short(), def.level),
                    ));
                }
                if j > 0 && cells.get(j - 1).is_some_and(|p| p.code >= e.code) {
                    issues.push(Issue::new(
                        "tally_order",
                        at(),
                        "cells must be sorted by code, each code once",
                    ));
                }
            }
        }
        issues
    }

    /// Whether nothing is counted.
    pub fn is_empty(&self) -> bool {
        self.defs.is_empty()
    }

    /// Merges the cells of another, disjoint part (each unit's facts in one part only). A
    /// definition known to one part only is taken as it is; one id defined differently in
    /// the two parts is refused (`conflicting_indicator`).
    pub(crate) fn merge(mut self, other: Measures) -> Result<Measures, Error> {
        for (def, cells) in other.defs.into_iter().zip(other.cells) {
            match self.defs.iter().position(|d| d.id == def.id) {
                Some(i) if self.defs.get(i) != Some(&def) => {
                    return Err(Error::Validation(Issues(vec![Issue::new(
                        "conflicting_indicator",
                        Path::root().key("measures").key(def.id.clone()),
                        format!("`{}` is defined differently in the parts merged", def.id),
                    )])));
                }
                Some(i) => {
                    if let Some(mine) = self.cells.get_mut(i) {
                        let a = std::mem::take(mine);
                        *mine = merge_sorted(a, cells);
                    }
                }
                None => {
                    self.defs.push(def);
                    self.cells.push(cells);
                }
            }
        }
        Ok(self)
    }
}

fn merge_sorted(a: Vec<MeasureEntry>, b: Vec<MeasureEntry>) -> Vec<MeasureEntry> {
    super::tally::merge_sorted_by(a, b, |e| e.code, |x, y| x.cell += &y.cell)
}

/// One definition rolled up to every level from its observation level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RolledMeasure {
    /// The definition.
    pub def: MeasureDef,
    /// The cells by level, from the observation level up (levels below it are empty),
    /// each sorted by code: villages, townships, counties, prefectures, provinces.
    pub levels: [Vec<MeasureEntry>; 5],
    /// The nation's cell.
    pub nation: MeasureCell,
}

fn slot(level: Level) -> Option<usize> {
    match level {
        Level::Village => Some(0),
        Level::Township => Some(1),
        Level::County => Some(2),
        Level::Prefecture => Some(3),
        Level::Province => Some(4),
        Level::Nation => None,
    }
}

/// Sums sorted children into their parents at `level` (children without one skipped).
fn group(children: &[MeasureEntry], level: Level) -> Vec<MeasureEntry> {
    let mut out: Vec<MeasureEntry> = Vec::new();
    for c in children {
        let Some(parent) = c.code.at_level(level) else {
            continue;
        };
        match out.last_mut() {
            Some(last) if last.code == parent => last.cell += &c.cell,
            _ => out.push(MeasureEntry {
                code: parent,
                cell: c.cell,
            }),
        }
    }
    out
}

impl RolledMeasure {
    /// Rolls one definition's cells up (the cells at its observation level).
    pub(crate) fn of(def: MeasureDef, cells: Vec<MeasureEntry>) -> RolledMeasure {
        let mut levels: [Vec<MeasureEntry>; 5] = Default::default();
        let start = slot(def.level).unwrap_or(0);
        if let Some(l) = levels.get_mut(start) {
            *l = cells;
        }
        for (i, level) in [
            Level::Township,
            Level::County,
            Level::Prefecture,
            Level::Province,
        ]
        .into_iter()
        .enumerate()
        {
            let to = i + 1;
            if to <= start {
                continue;
            }
            let below = levels.get(i).map(Vec::as_slice).unwrap_or(&[]);
            let mut up = group(below, level);
            if level == Level::Prefecture {
                // townships of prefectures without counties go straight to the prefecture
                let skipping: Vec<MeasureEntry> = levels
                    .get(1)
                    .map(|t| {
                        t.iter()
                            .filter(|e| e.code.skips_county())
                            .copied()
                            .collect()
                    })
                    .unwrap_or_default();
                if !skipping.is_empty() {
                    up = merge_sorted(up, group(&skipping, Level::Prefecture));
                }
            }
            if let Some(l) = levels.get_mut(to) {
                *l = up;
            }
        }
        let mut nation = MeasureCell::default();
        for e in levels.get(4).map(Vec::as_slice).unwrap_or(&[]) {
            nation += &e.cell;
        }
        RolledMeasure {
            def,
            levels,
            nation,
        }
    }

    /// The cell of a unit (the nation for `None`); `None` below the observation level, and
    /// for a unit none of whose units has data.
    pub fn cell(&self, unit: Option<RegionCode>) -> Option<&MeasureCell> {
        let Some(code) = unit else {
            return Some(&self.nation);
        };
        if code.level() > self.def.level {
            return None;
        }
        let list = self.levels.get(slot(code.level())?)?;
        list.binary_search_by_key(&code, |e| e.code)
            .ok()
            .and_then(|i| list.get(i))
            .map(|e| &e.cell)
    }

    /// The indicator's value for a unit, given the unit's counters (its population, and the
    /// denominator of a rate over a counter); `None` below the observation level.
    pub fn value(
        &self,
        unit: Option<RegionCode>,
        counts: &Counts,
        strategy: MissingStrategy,
    ) -> Option<IndicatorValue> {
        if unit.is_some_and(|c| c.level() > self.def.level) {
            return None;
        }
        let c = self.cell(unit).copied().unwrap_or_default();
        Some(measure_value(&self.def, &c, counts, strategy))
    }
}

#[expect(
    clippy::cast_precision_loss,
    reason = "a value for display and comparison; the exact parts are given beside it"
)]
fn measure_value(
    def: &MeasureDef,
    c: &MeasureCell,
    counts: &Counts,
    strategy: MissingStrategy,
) -> IndicatorValue {
    // a rate over a counter of the register: the counter of the units with data, summed
    // (`fill_counter_denominators`), never of the whole unit
    let denominator = c.denominator;
    let population = counts.get(population_counter(def)).max(c.known);
    let missing = population.saturating_sub(c.known);
    let (completeness, allowed) = coverage(population, c.known, strategy);
    let saturated = c.numerator == u64::MAX || denominator == u64::MAX;
    let value = if !allowed || saturated {
        None
    } else {
        match def.kind {
            IndicatorKind::Count => Some(c.numerator as f64),
            IndicatorKind::Amount => Some(c.numerator as f64 / 100.0),
            IndicatorKind::RatePer => (denominator > 0)
                .then(|| c.numerator as f64 / denominator as f64 * def.per.unwrap_or(1) as f64),
            _ => (denominator > 0).then(|| c.numerator as f64 / denominator as f64),
        }
    };
    IndicatorValue {
        indicator: def.id.clone(),
        numerator: c.numerator,
        denominator,
        population,
        missing,
        value,
        completeness,
        kind: def.kind,
        unit: def.unit.clone(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests")]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::assess::{Dataset, Rollup, Tally, UnitFacts};

    fn as_of() -> NaiveDate {
        NaiveDate::from_ymd_opt(2020, 6, 30).unwrap()
    }

    fn units(json: &str) -> UnitFacts {
        serde_json::from_str(json).unwrap()
    }

    const COUNTIES: &str = r#"{"counties": [
        {"code": "522327", "poor_county": true, "values": {"online_retail_sales": 10.25, "schools": 10, "schools_connected": 9}},
        {"code": "522328", "poor_county": true, "values": {"online_retail_sales": 5}},
        {"code": "522301", "values": {"online_retail_sales": 1000, "schools": 4, "schools_connected": 4}},
        {"code": "520102", "poor_county": true}
    ]}"#;

    #[test]
    fn sums_roll_up_from_the_observation_level() {
        let r = Dataset::with_units(as_of(), units(COUNTIES))
            .unwrap()
            .roll_up();
        let s = MissingStrategy::default();
        let sales = r.indicator(None, "online_retail_sales", s).unwrap();
        // poor counties only; one of the three without the figure
        assert_eq!(
            (sales.numerator, sales.population, sales.missing),
            (1525, 3, 1)
        );
        assert_eq!(sales.completeness, crate::assess::Completeness::Partial);
        assert_eq!(sales.value, Some(15.25));
        let guizhou = RegionCode::parse("520000").unwrap();
        let qxn = RegionCode::parse("522300").unwrap();
        assert_eq!(
            r.indicator(Some(qxn), "online_retail_sales", s)
                .unwrap()
                .numerator,
            1525
        );
        let schools = r
            .indicator(Some(guizhou), "school_connectivity", s)
            .unwrap();
        assert_eq!((schools.numerator, schools.denominator), (13, 14));
        // no built-in definition is shown without data, and none below its level
        assert!(r.indicator(None, "village_ecommerce_stations", s).is_none());
        let v = RegionCode::parse("522327104201").unwrap();
        assert!(r.measures.iter().all(|m| m.cell(Some(v)).is_none()));
        let strict = r
            .indicator(
                None,
                "online_retail_sales",
                MissingStrategy::SkipIfAnyMissing,
            )
            .unwrap();
        assert_eq!(strict.value, None);
    }

    #[test]
    fn tallies_of_parts_merge_into_the_tally_of_the_whole() {
        let whole = Tally::of(&Dataset::with_units(as_of(), units(COUNTIES)).unwrap());
        let all = units(COUNTIES);
        let (a, b) = all.counties.split_at(2);
        let part = |c: &[crate::assess::CountyFacts]| {
            Tally::of(
                &Dataset::with_units(
                    as_of(),
                    UnitFacts {
                        counties: c.to_vec(),
                        ..UnitFacts::default()
                    },
                )
                .unwrap(),
            )
        };
        let merged = part(a).merge(part(b)).unwrap();
        assert_eq!(Rollup::of(merged), Rollup::of(whole));
    }

    #[test]
    fn a_tally_read_from_elsewhere_has_its_cells_checked() {
        let mut t = Tally::of(&Dataset::with_units(as_of(), units(COUNTIES)).unwrap());
        assert!(t.validate().is_empty());
        if let Some(cells) = t.measures.cells.first_mut() {
            cells.reverse();
            cells.push(MeasureEntry {
                code: RegionCode::parse("522327104201").unwrap(),
                cell: MeasureCell::default(),
            });
        }
        let codes: Vec<String> = t.validate().0.iter().map(|i| i.code.clone()).collect();
        assert!(codes.contains(&"tally_order".to_owned()), "{codes:?}");
        assert!(codes.contains(&"unit_level".to_owned()), "{codes:?}");
        t.measures.cells.pop();
        assert!(!t.validate().is_empty());
    }

    #[test]
    fn a_rate_divides_by_a_counter_of_the_register() {
        let defs = MeasureDefs::from_json(
            r#"[{"id": "stations_per_1000", "name_zh": "每千人站点", "kind": "rate_per",
                 "level": "village", "numerator": "ecommerce_stations",
                 "denominator_counter": "people", "per": 1000, "source": "test"}]"#,
        )
        .unwrap();
        let mut ds = Dataset::with_units_and_indicators(
            as_of(),
            units(
                r#"{"villages": [{"code": "522327104201", "values": {"ecommerce_stations": 2}}]}"#,
            ),
            defs,
        )
        .unwrap();
        // a second village of the township without the value: its 36 people are not in
        // the denominator of any level above (it adds no stations either)
        let summary = |code: &str, people| crate::assess::engine::layout::HouseholdSummary {
            village: RegionCode::parse(code).unwrap(),
            people,
            flags: 0,
        };
        ds.add_summaries(&[summary("522327104201", 4), summary("522327104202", 36)]);
        let r = ds.roll_up();
        for unit in [
            None,
            Some("522327"),
            Some("522327104000"),
            Some("522327104201"),
        ] {
            let v = r
                .indicator(
                    unit.map(|c| RegionCode::parse(c).unwrap()),
                    "stations_per_1000",
                    MissingStrategy::default(),
                )
                .unwrap();
            assert_eq!(
                (v.numerator, v.denominator, v.value),
                (2, 4, Some(500.0)),
                "{unit:?}"
            );
            assert_eq!(v.kind, IndicatorKind::RatePer);
        }
        let missing = r
            .indicator(
                Some(RegionCode::parse("522327104202").unwrap()),
                "stations_per_1000",
                MissingStrategy::default(),
            )
            .unwrap();
        assert_eq!(
            (missing.numerator, missing.denominator, missing.value),
            (0, 0, None)
        );
    }
}
