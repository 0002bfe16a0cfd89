//! [`Dataset`]: the register and the facts of villages, townships and counties at one
//! date, ready to be rolled up.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::engine::layout::{HouseholdColumns, HouseholdSummary, check_village, flags_of};
use super::facts::HouseholdFields;
use super::input::{FieldColumns, Households};
use super::units::{CountyFacts, TownshipFacts, VillageFacts, check_units};
use super::values::check_values;
use crate::error::{Error, Issue, Issues, Path};
use crate::household::Household;
use crate::plan::MeasureDefs;
use crate::plan::PovertyLines;
use crate::region::{Level, RegionCode};

/// The facts of the units of a data set, as one serialisable value.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitFacts {
    /// Counties.
    #[serde(default)]
    pub counties: Vec<CountyFacts>,
    /// Townships.
    #[serde(default)]
    pub townships: Vec<TownshipFacts>,
    /// Villages.
    #[serde(default)]
    pub villages: Vec<VillageFacts>,
}

/// What happened to the rows of one input: every row is accepted or reported.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RowReport {
    /// Rows given.
    pub rows: usize,
    /// Rows accepted.
    pub accepted: usize,
    /// One or more issues for each rejected row, paths starting with the row index.
    pub rejected: Issues,
}

impl RowReport {
    /// Rows rejected (distinct row indices among the issues).
    pub fn rejected_rows(&self) -> usize {
        self.rows - self.accepted
    }

    /// The report of `rows` rows of which some were set aside before counting (`set_aside`:
    /// their problems, paths under the rows' numbers) and the others counted (`counted`,
    /// its rows numbered from 0 among them; `row_of[j]`: the row of counted row `j`): every
    /// row accepted or reported, the rejected rows in row order. For callers that read rows
    /// themselves (rows of fields from JSON, records from dicts) before handing the ones
    /// read to a data set or a stream.
    ///
    /// ```
    /// use fupin_core::assess::RowReport;
    /// use fupin_core::{Issue, Issues, Path};
    ///
    /// let unreadable = Issues(vec![Issue::new("invalid_value", Path::root().index(1).key("people"), "not a number")]);
    /// let counted = RowReport { rows: 2, accepted: 1,
    ///     rejected: Issues(vec![Issue::new("people_range", Path::root().index(1).key("people"), "31")]) };
    /// let report = RowReport::with_set_aside(3, unreadable, counted, &[0, 2]);
    /// assert_eq!((report.rows, report.accepted), (3, 1));
    /// let paths: Vec<String> = report.rejected.0.iter().map(|i| i.path.to_string()).collect();
    /// assert_eq!(paths, ["[1].people", "[2].people"]);
    /// ```
    pub fn with_set_aside(
        rows: usize,
        set_aside: Issues,
        counted: RowReport,
        row_of: &[usize],
    ) -> RowReport {
        let mut report = RowReport {
            rows,
            accepted: 0,
            rejected: set_aside,
        };
        report.merge_counted(counted, row_of);
        report
    }

    /// Takes in the report of the rows that were counted (`counted`, its rows numbered
    /// from 0 among them; `row_of[j]`: the caller's row of counted row `j`): its accepted
    /// rows, and its rejected ones under the caller's rows; the rejected rows then sorted
    /// by row number (not by the path's text, where `[10]` sorts before `[2]`).
    pub(crate) fn merge_counted(&mut self, counted: RowReport, row_of: &[usize]) {
        self.accepted = counted.accepted;
        for mut issue in counted.rejected {
            issue.path = issue
                .path
                .map_first_index(|j| row_of.get(j).copied().unwrap_or(j));
            self.rejected.push(issue);
        }
        self.rejected
            .0
            .sort_by_key(|issue| issue.path.first_index());
    }
}

/// Hashing of region codes for the village index: codes are trusted numbers (not
/// attacker-chosen keys of a long-lived service) and are looked up once a village and
/// chunk, so a multiply-and-shift hash replaces SipHash.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct CodeHash;

impl std::hash::BuildHasher for CodeHash {
    type Hasher = CodeHasher;
    fn build_hasher(&self) -> CodeHasher {
        CodeHasher(0)
    }
}

/// See [`CodeHash`].
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct CodeHasher(u64);

impl std::hash::Hasher for CodeHasher {
    fn finish(&self) -> u64 {
        // Fibonacci hashing: the high bits, which hashbrown uses, mix every input bit
        self.0.wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(26)
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(*b)).wrapping_mul(0x0100_0000_01B3);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// The register and the unit facts of an area at an as-of date.
///
/// Build it from records, rows of fields or columns ([`Dataset::add_households`], what the
/// Arrow adapter uses too); roll it up with
/// [`Dataset::tally`]. Households whose village is not in the village list are kept
/// and counted under that village (with no village facts: `villages_unlisted`).
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    as_of: NaiveDate,
    label: Option<String>,
    lines: PovertyLines,
    counties: Vec<CountyFacts>,
    townships: Vec<TownshipFacts>,
    villages: Vec<VillageFacts>,
    /// The indicators beyond shares counted from the unit facts.
    measures: MeasureDefs,
    /// Village codes by index: the listed villages first (sorted), then unlisted ones.
    village_codes: Vec<RegionCode>,
    /// Index of each unlisted village (the listed ones are found by binary search).
    village_index: HashMap<RegionCode, u32, CodeHash>,
    /// Where the last listed village was found (registers come sorted by village, so the
    /// next one is usually just after it).
    cursor: Cursor,
    households: HouseholdColumns,
}

/// A lookup hint: not part of a data set's value (any two compare equal).
#[derive(Debug, Clone, Copy, Default)]
struct Cursor(usize);

impl PartialEq for Cursor {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Dataset {
    /// An empty data set as of `as_of`, using the built-in poverty lines.
    pub fn new(as_of: NaiveDate) -> Self {
        Dataset {
            as_of,
            label: None,
            lines: PovertyLines::builtin(),
            counties: Vec::new(),
            townships: Vec::new(),
            villages: Vec::new(),
            measures: MeasureDefs::default(),
            village_codes: Vec::new(),
            village_index: HashMap::default(),
            cursor: Cursor::default(),
            households: HouseholdColumns::default(),
        }
    }

    /// A data set with these unit facts, checked: codes of the right level, no unit twice,
    /// survey figures consistent, values read by the built-in indicators beyond shares
    /// ([`MeasureDefs::default`]). Every problem is reported (paths like
    /// `villages[3].code`).
    pub fn with_units(as_of: NaiveDate, units: UnitFacts) -> Result<Self, Error> {
        Self::with_units_and_indicators(as_of, units, MeasureDefs::default())
    }

    /// A data set with these unit facts and these indicators beyond shares (the built-in
    /// ones and the user's own, [`MeasureDefs::with`]): as [`Dataset::with_units`], and
    /// every unit's values must be fields the definitions read, of their type.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use fupin_core::assess::{Dataset, UnitFacts};
    /// use fupin_core::plan::MeasureDefs;
    ///
    /// let units: UnitFacts = serde_json::from_str(r#"{"counties": [
    ///     {"code": "522327", "poor_county": true, "values": {"online_retail_sales": 1250000.5}},
    ///     {"code": "522328", "poor_county": true, "values": {"online_retail_sales": 750000}}
    /// ]}"#)?;
    /// let as_of = NaiveDate::from_ymd_opt(2020, 6, 30).unwrap();
    /// let ds = Dataset::with_units_and_indicators(as_of, units, MeasureDefs::default())?;
    /// let sales = ds.roll_up().indicator(None, "online_retail_sales", Default::default()).unwrap();
    /// assert_eq!(sales.value, Some(2_000_000.5)); // yuan, summed over the poor counties
    /// assert_eq!(sales.numerator, 200_000_050); // fen, exact
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_units_and_indicators(
        as_of: NaiveDate,
        mut units: UnitFacts,
        measures: MeasureDefs,
    ) -> Result<Self, Error> {
        let mut issues = Issues::new();
        for (key, level, list) in [
            (
                "villages",
                Level::Village,
                units.villages.iter().map(|v| &v.values).collect::<Vec<_>>(),
            ),
            (
                "townships",
                Level::Township,
                units.townships.iter().map(|v| &v.values).collect(),
            ),
            (
                "counties",
                Level::County,
                units.counties.iter().map(|v| &v.values).collect(),
            ),
        ] {
            if list.iter().all(|v| v.is_empty()) {
                continue;
            }
            let fields = measures.fields(level);
            for (i, values) in list.into_iter().enumerate() {
                issues
                    .0
                    .extend(check_values(values, &fields, &Path::root().key(key).index(i)).0);
            }
        }
        issues.0.extend(
            check_units(
                &units.counties,
                |c| c.code,
                Level::County,
                &Path::root().key("counties"),
            )
            .0,
        );
        issues.0.extend(
            check_units(
                &units.townships,
                |c| c.code,
                Level::Township,
                &Path::root().key("townships"),
            )
            .0,
        );
        issues.0.extend(
            check_units(
                &units.villages,
                |c| c.code,
                Level::Village,
                &Path::root().key("villages"),
            )
            .0,
        );
        for (i, c) in units.counties.iter().enumerate() {
            if let Some(s) = &c.survey {
                issues.extend_under(
                    &Path::root().key("counties").index(i).key("survey"),
                    s.check(&Path::root()),
                );
            }
        }
        issues.into_result()?;
        units.counties.sort_by_key(|c| c.code);
        units.townships.sort_by_key(|c| c.code);
        units.villages.sort_by_key(|c| c.code);
        let mut ds = Dataset::new(as_of);
        ds.measures = measures;
        ds.village_codes = units.villages.iter().map(|v| v.code).collect();
        ds.counties = units.counties;
        ds.townships = units.townships;
        ds.villages = units.villages;
        Ok(ds)
    }

    /// The indicators beyond shares this data set counts.
    pub fn indicator_defs(&self) -> &MeasureDefs {
        &self.measures
    }

    /// Labels the data set (e.g. "SYNTHETIC demo data"); the label travels with results.
    #[must_use]
    pub fn labelled(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Adds the label of data added (say "SYNTHETIC …" for households made by `fupin
    /// synth`) to the data set's own, as a merge keeps every part's label: once each,
    /// joined by ` + `.
    pub fn add_label(&mut self, label: &str) {
        self.label = super::tally::merged_label(self.label.as_deref(), Some(label));
    }

    /// Uses these poverty lines for the household exit rule.
    #[must_use]
    pub fn with_poverty_lines(mut self, lines: PovertyLines) -> Self {
        self.lines = lines;
        self
    }

    /// The poverty line of the as-of year (what the household exit rule compares with).
    pub fn poverty_line(&self) -> Option<crate::Yuan> {
        let year = u16::try_from(chrono::Datelike::year(&self.as_of)).unwrap_or(0);
        self.lines.for_year(year).map(|l| l.yuan)
    }

    /// The as-of date.
    pub fn as_of(&self) -> NaiveDate {
        self.as_of
    }

    /// The label, if any.
    pub fn label(&self) -> Option<&str> {
        self.label.as_deref()
    }

    /// County facts, sorted by code.
    pub fn counties(&self) -> &[CountyFacts] {
        &self.counties
    }

    /// Township facts, sorted by code.
    pub fn townships(&self) -> &[TownshipFacts] {
        &self.townships
    }

    /// Village facts, sorted by code.
    pub fn villages(&self) -> &[VillageFacts] {
        &self.villages
    }

    /// Village codes by the index households refer to (listed villages, then unlisted).
    pub(crate) fn village_codes(&self) -> &[RegionCode] {
        &self.village_codes
    }

    /// The household columns (the engine's layout).
    pub(crate) fn households(&self) -> &HouseholdColumns {
        &self.households
    }

    pub(crate) fn households_mut(&mut self) -> &mut HouseholdColumns {
        &mut self.households
    }

    /// Number of households.
    pub fn household_count(&self) -> usize {
        self.households.len()
    }

    pub(crate) fn village_slot(&mut self, code: RegionCode) -> u32 {
        let listed = self
            .village_codes
            .get(..self.villages.len())
            .unwrap_or_default();
        // the listed villages are sorted: try the ones right after the last found, then
        // search
        let at = self.cursor.0;
        let near = (at..(at + 3).min(listed.len())).find(|i| listed.get(*i) == Some(&code));
        if let Some(i) = near.or_else(|| listed.binary_search(&code).ok()) {
            self.cursor = Cursor(i);
            return u32::try_from(i).unwrap_or(u32::MAX);
        }
        if let Some(i) = self.village_index.get(&code) {
            return *i;
        }
        let i = u32::try_from(self.village_codes.len()).unwrap_or(u32::MAX);
        self.village_codes.push(code);
        self.village_index.insert(code, i);
        i
    }

    /// Adds households, as records, rows of fields or columns ([`Households`]): the one way
    /// in, the fastest way to add each chosen inside. Rows whose village code is not a
    /// village's are rejected and reported by row; inputs that cannot be read as given
    /// (columns of different lengths, a key beyond the codes, an invalid amount in columns)
    /// are an error and nothing is added.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use fupin_core::assess::{Counter, Dataset};
    /// use fupin_core::household::Household;
    ///
    /// let h = Household::from_json(r#"{"file_number": "1", "village": "522327104201",
    ///     "identified_year": 2016, "status": "poor", "main_cause": "因病",
    ///     "members": [{"name": "张三", "relation": "householder", "sex": "male"}]}"#)?;
    /// let mut ds = Dataset::new(NaiveDate::from_ymd_opt(2020, 6, 30).unwrap());
    /// let report = ds.add_households(&[h])?;
    /// assert_eq!(report.accepted, 1);
    /// assert_eq!(ds.tally().total().get(Counter::PoorPeople), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn add_households<'a>(
        &mut self,
        households: impl Into<Households<'a>>,
    ) -> Result<RowReport, Error> {
        match households.into() {
            Households::Records(rows) => Ok(self.add_records(rows)),
            Households::Fields { villages, fields } => self.add_fields(villages, fields),
            Households::Columns {
                villages,
                keys,
                columns,
            } => {
                check_columns(villages, keys, &columns)?;
                // the flags computed once into their own buffer, the members taken as given
                // (the shape was checked: every column has the rows)
                let mut flags = Vec::with_capacity(keys.len());
                columns
                    .flags_into(self.poverty_line(), &mut flags)
                    .map_err(|row| invalid_amount(row, &columns))?;
                self.add_coded(villages, keys, &columns.people_or_ones(), &flags)
            }
        }
    }

    /// Adds summarised households (see [`HouseholdSummary`]). Rows whose village code is
    /// not a village-level code are rejected and reported by index.
    pub(crate) fn add_summaries(&mut self, rows: &[HouseholdSummary]) -> RowReport {
        let mut report = RowReport {
            rows: rows.len(),
            ..RowReport::default()
        };
        self.households.reserve(rows.len());
        let mut last: Option<(RegionCode, u32)> = None;
        for (i, row) in rows.iter().enumerate() {
            if let Some(issue) = check_village(row.village, i) {
                report.rejected.push(issue);
                continue;
            }
            let slot = match last {
                Some((code, slot)) if code == row.village => slot,
                _ => self.village_slot(row.village),
            };
            last = Some((row.village, slot));
            self.households.push(slot, row.people, row.flags);
            report.accepted += 1;
        }
        report
    }

    /// Adds households whose village codes are dictionary-encoded, as columnar inputs hold
    /// them: row `i` is in village `villages[keys[i]]`, with `people[i]` members and flags
    /// word `flags[i]` (see [`FieldColumns::flags_into`](super::FieldColumns)). Each
    /// distinct code is looked up once. Rows of codes that are not village codes are
    /// rejected and reported by row; columns of different lengths or a key beyond
    /// `villages` are an error (nothing is added).
    pub(crate) fn add_coded(
        &mut self,
        villages: &[RegionCode],
        keys: &[u32],
        people: &[u16],
        flags: &[u16],
    ) -> Result<RowReport, Error> {
        check_coded(villages, keys, people, flags)?;
        let slots = self.coded_slots(villages);
        Ok(self.add_slotted(villages, &slots, keys, people, flags))
    }

    /// [`Dataset::add_coded`] of checked columns, each code's slot (`None`: not a village
    /// code) looked up already.
    pub(crate) fn add_slotted(
        &mut self,
        villages: &[RegionCode],
        slots: &[Option<u32>],
        keys: &[u32],
        people: &[u16],
        flags: &[u16],
    ) -> RowReport {
        let n = keys.len();
        let mut report = RowReport {
            rows: n,
            ..RowReport::default()
        };
        self.households.reserve(n);
        if slots.iter().all(Option::is_some) {
            // every code a village's (the usual case): the columns appended whole
            let slot_of: Vec<u32> = slots.iter().map(|s| s.unwrap_or(0)).collect();
            let h = &mut self.households;
            h.village.extend(
                keys.iter()
                    .map(|k| slot_of.get(*k as usize).copied().unwrap_or(0)),
            );
            h.people.extend_from_slice(people);
            h.flags.extend_from_slice(flags);
            report.accepted = n;
            return report;
        }
        for (row, ((k, p), f)) in keys.iter().zip(people).zip(flags).enumerate() {
            match slots.get(*k as usize).copied().flatten() {
                Some(slot) => {
                    self.households.push(slot, *p, *f);
                    report.accepted += 1;
                }
                None => {
                    if let Some(issue) = villages
                        .get(*k as usize)
                        .and_then(|c| check_village(*c, row))
                    {
                        report.rejected.push(issue);
                    }
                }
            }
        }
        report
    }

    /// The slot of each distinct code of a coded chunk (`None`: not a village code), each
    /// looked up once.
    pub(crate) fn coded_slots(&mut self, villages: &[RegionCode]) -> Vec<Option<u32>> {
        villages
            .iter()
            .map(|c| (c.level() == Level::Village).then(|| self.village_slot(*c)))
            .collect()
    }

    /// Adds household records. A record that breaks a rule as of the data set's date
    /// ([`Household::validate_at`], the rules `fupin validate` checks: an income below zero
    /// or not the sum of its components, a member born after the date …) is rejected with
    /// every problem under its index, as the command rejects such records; the others are
    /// summarised as of that date (the exit rule uses the poverty line of that year).
    pub(crate) fn add_records(&mut self, rows: &[Household]) -> RowReport {
        let mut report = RowReport {
            rows: rows.len(),
            ..RowReport::default()
        };
        let mut valid = Vec::with_capacity(rows.len());
        let mut row_of = Vec::with_capacity(rows.len());
        for (i, h) in rows.iter().enumerate() {
            let issues = h.validate_at(self.as_of);
            if issues.is_empty() {
                valid.push(h);
                row_of.push(i);
            } else {
                report.rejected.extend_under(&Path::root().index(i), issues);
            }
        }
        let counted = self.add_checked_records(valid.into_iter());
        report.merge_counted(counted, &row_of);
        report
    }

    /// Adds household records already checked against the rules as of the data set's date
    /// (by [`Dataset::add_records`], or as `fupin validate` checks records' texts).
    pub(crate) fn add_checked_records<'h>(
        &mut self,
        rows: impl Iterator<Item = &'h Household>,
    ) -> RowReport {
        let summaries: Vec<HouseholdSummary> = rows
            .map(|h| HouseholdSummary::from_household(h, self.as_of, &self.lines))
            .collect();
        self.add_summaries(&summaries)
    }

    /// Adds households from bulk columns: `villages[i]` is the 12-digit code as a number,
    /// `fields[i]` the rest. Invalid codes are rejected and reported by row.
    pub(crate) fn add_fields(
        &mut self,
        villages: &[u64],
        fields: &[HouseholdFields],
    ) -> Result<RowReport, Error> {
        if villages.len() != fields.len() {
            return Err(Error::Validation(Issues(vec![Issue::new(
                "column_length",
                Path::root(),
                format!(
                    "{} village codes for {} households",
                    villages.len(),
                    fields.len()
                ),
            )])));
        }
        let year = u16::try_from(chrono::Datelike::year(&self.as_of)).unwrap_or(0);
        let line = self.lines.for_year(year).map(|l| l.yuan);
        let mut report = RowReport {
            rows: villages.len(),
            ..RowReport::default()
        };
        let mut summaries = Vec::with_capacity(villages.len());
        let mut row_of = Vec::with_capacity(villages.len());
        for (i, (v, f)) in villages.iter().zip(fields).enumerate() {
            // every problem of the row: its village, its size, its income
            let village = RegionCode::from_u64(*v)
                .map_err(|e| {
                    Issue::new(
                        e.code(),
                        Path::root().index(i).key("village"),
                        e.to_string(),
                    )
                })
                .and_then(|code| match check_village(code, i) {
                    // (a row that counts is checked again when added)
                    Some(issue) => Err(issue),
                    None => Ok(code),
                });
            let size = super::facts::household_size(i128::from(f.people)).map_err(|mut issue| {
                issue.path = Path::root().index(i).key("people");
                issue
            });
            let income = f
                .income_per_capita
                .map(super::facts::per_capita_income)
                .transpose()
                .map_err(|mut issue| {
                    issue.path = Path::root().index(i).key("income_per_capita");
                    issue
                });
            match (village, size, income) {
                (Ok(code), Ok(people), Ok(_)) => {
                    summaries.push(HouseholdSummary {
                        village: code,
                        people,
                        flags: flags_of(f, line),
                    });
                    row_of.push(i);
                }
                (village, size, income) => {
                    for issue in [village.err(), size.err(), income.err()]
                        .into_iter()
                        .flatten()
                    {
                        report.rejected.push(issue);
                    }
                }
            }
        }
        let inner = self.add_summaries(&summaries);
        report.merge_counted(inner, &row_of);
        Ok(report)
    }

    /// Adds raw columns whose village indices already refer to [`Dataset::village_codes`]
    /// (used by generators and adapters that resolved villages themselves).
    pub(crate) fn add_columns(&mut self, columns: HouseholdColumns) -> Result<(), Error> {
        let n = self.village_codes.len();
        if columns.people.len() != columns.village.len()
            || columns.flags.len() != columns.village.len()
        {
            return Err(Error::Validation(Issues(vec![Issue::new(
                "column_length",
                Path::root(),
                "the three household columns differ in length",
            )])));
        }
        if let Some(i) = columns.village.iter().position(|v| *v as usize >= n) {
            return Err(Error::Validation(Issues(vec![Issue::new(
                "village_index",
                Path::root().index(i).key("village"),
                format!(
                    "village index {} is beyond the {n} villages",
                    columns.village.get(i).copied().unwrap_or(0)
                ),
            )])));
        }
        if self.households.is_empty() {
            self.households = columns;
        } else {
            self.households.village.extend(columns.village);
            self.households.people.extend(columns.people);
            self.households.flags.extend(columns.flags);
        }
        Ok(())
    }

    /// Merges another data set of the same date: unit facts are united (a unit listed in
    /// both must have the same facts, else `conflicting_unit`), households are appended.
    pub fn merge(self, other: Dataset) -> Result<Dataset, Error> {
        let mut issues = Issues::new();
        if self.as_of != other.as_of {
            issues.push(Issue::new(
                "dataset_date_mismatch",
                Path::root().key("as_of"),
                format!(
                    "cannot merge data of `{}` into data of `{}`",
                    other.as_of, self.as_of
                ),
            ));
            return Err(Error::Validation(issues));
        }
        fn unite<T: Clone + PartialEq>(
            a: &[T],
            b: &[T],
            code: impl Fn(&T) -> RegionCode,
            key: &str,
            issues: &mut Issues,
        ) -> Vec<T> {
            let mut out: Vec<T> = a.to_vec();
            for (i, item) in b.iter().enumerate() {
                match a.binary_search_by_key(&code(item), &code) {
                    Ok(j) if a.get(j) == Some(item) => {}
                    Ok(_) => issues.push(Issue::new(
                        "conflicting_unit",
                        Path::root().key(key).index(i).key("code"),
                        format!(
                            "`{}` has other facts in the data merged into",
                            code(item).to_short()
                        ),
                    )),
                    Err(_) => out.push(item.clone()),
                }
            }
            out
        }
        let units = UnitFacts {
            counties: unite(
                &self.counties,
                &other.counties,
                |c| c.code,
                "counties",
                &mut issues,
            ),
            townships: unite(
                &self.townships,
                &other.townships,
                |c| c.code,
                "townships",
                &mut issues,
            ),
            villages: unite(
                &self.villages,
                &other.villages,
                |c| c.code,
                "villages",
                &mut issues,
            ),
        };
        issues.into_result()?;
        let label = super::tally::merged_label(self.label.as_deref(), other.label.as_deref());
        if self.measures != other.measures {
            return Err(Error::Validation(Issues(vec![Issue::new(
                "conflicting_indicator",
                Path::root().key("measures"),
                "the data sets merged define other indicators beyond shares",
            )])));
        }
        let mut merged =
            Dataset::with_units_and_indicators(self.as_of, units, self.measures.clone())?
                .with_poverty_lines(self.lines.clone());
        merged.label = label;
        for part in [&self, &other] {
            let codes = &part.village_codes;
            let h = &part.households;
            let rows: Vec<HouseholdSummary> = h
                .village
                .iter()
                .zip(&h.people)
                .zip(&h.flags)
                .filter_map(|((v, p), f)| {
                    codes.get(*v as usize).map(|code| HouseholdSummary {
                        village: *code,
                        people: *p,
                        flags: *f,
                    })
                })
                .collect();
            merged.add_summaries(&rows);
        }
        Ok(merged)
    }
}

/// Checks columns for [`Dataset::add_coded`]: one length, every key a code's.
pub(crate) fn check_coded(
    villages: &[RegionCode],
    keys: &[u32],
    people: &[u16],
    flags: &[u16],
) -> Result<(), Error> {
    let n = keys.len();
    if people.len() != n || flags.len() != n {
        return Err(Error::Validation(Issues(vec![Issue::new(
            "column_length",
            Path::root(),
            format!(
                "{n} village keys for {} member counts and {} flags words",
                people.len(),
                flags.len()
            ),
        )])));
    }
    check_keys(villages, keys)
}

/// Checks the shape of [`Households::Columns`]: as many rows in the columns as keys, each
/// key a code's.
pub(crate) fn check_columns(
    villages: &[RegionCode],
    keys: &[u32],
    columns: &FieldColumns<'_>,
) -> Result<(), Error> {
    let n = keys.len();
    let short = |len: Option<usize>| len.is_some_and(|l| l != n);
    let bits = |c: &Option<super::input::BitColumn<'_>>| {
        c.as_ref().is_some_and(|c| {
            c.values.len() < n.div_ceil(64) || c.valid.is_some_and(|v| v.len() < n.div_ceil(64))
        })
    };
    if columns.rows != n
        || short(columns.people.map(<[u16]>::len))
        || short(
            columns
                .status
                .map(<[Option<crate::household::HouseholdStatus>]>::len),
        )
        || [
            &columns.terminal,
            &columns.ecommerce,
            &columns.online_training,
            &columns.file_complete,
            &columns.guarantees_met,
        ]
        .into_iter()
        .any(bits)
        || short(columns.income_per_capita.map(|c| c.rows()))
    {
        return Err(Error::Validation(Issues(vec![Issue::new(
            "column_length",
            Path::root(),
            format!(
                "{n} village keys for columns of {} rows (or a column shorter than its rows)",
                columns.rows
            ),
        )])));
    }
    check_keys(villages, keys)
}

/// The error of a column whose row `row` cannot be read: an income that is not a valid
/// amount (nothing of the columns is added).
pub(crate) fn invalid_amount(row: usize, columns: &FieldColumns<'_>) -> Error {
    let what = columns
        .income_per_capita
        .map(|c| c.describe(row))
        .unwrap_or_default();
    Error::Validation(Issues(vec![Issue::new(
        "invalid_amount",
        Path::root().index(row).key("income_per_capita"),
        format!(
            "per-capita net income{what} is not a valid amount (out of range, finer than a fen, or negative): nothing of these columns was added; give the rows as fields to have each reported"
        ),
    )]))
}

/// Checks that every key is a code's.
pub(crate) fn check_keys(villages: &[RegionCode], keys: &[u32]) -> Result<(), Error> {
    // the largest key first (a pass that runs on vectors), the row only when one is out
    if keys.iter().fold(0, |m, k| m.max(*k)) < u32::try_from(villages.len()).unwrap_or(u32::MAX)
        || keys.is_empty()
    {
        return Ok(());
    }
    if let Some((row, k)) = keys
        .iter()
        .enumerate()
        .find(|(_, k)| **k as usize >= villages.len())
    {
        return Err(Error::Validation(Issues(vec![
            Issue::new(
                "village_key_out_of_range",
                Path::root().index(row).key("village"),
                format!("key {k} beyond the {} village codes given", villages.len()),
            )
            .with("key", k.to_string()),
        ])));
    }
    Ok(())
}
