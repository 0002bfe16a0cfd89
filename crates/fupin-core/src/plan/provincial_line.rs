//! The provinces' own yearly exit standards (脱贫标准), loaded as data.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::poverty_line::{LineBasis, PovertyLine, PovertyLines};
use crate::error::{Error, Issue, Issues, Path};
use crate::money::Yuan;
use crate::region::{Level, RegionCode};

/// One province's exit standard for one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProvincialLine {
    /// The province (a province-level code).
    pub province: RegionCode,
    /// The year.
    pub year: u16,
    /// Yuan per person and year.
    pub yuan: Yuan,
    /// How the figure was obtained (default: stated).
    #[serde(default = "stated")]
    pub basis: LineBasis,
    /// The document that set it (required).
    pub source: String,
}

fn stated() -> LineBasis {
    LineBasis::Stated
}

/// Provinces' exit standards by province and year: none built in (no openly licensed table
/// of them exists), loaded from JSON or CSV.
///
/// ```
/// use fupin_core::plan::{LineBasis, ProvincialLines};
///
/// let lines = ProvincialLines::from_csv(
///     "province,year,yuan,source\n520000,2019,3748,贵州省 2019年脱贫标准 (an example figure)\n",
/// )?;
/// let guizhou = "520000".parse()?;
/// assert_eq!(lines.for_year(guizhou, 2019).unwrap().yuan.to_string(), "3748.00");
/// assert_eq!(lines.for_year(guizhou, 2020).unwrap().basis, LineBasis::CarriedForward);
/// assert!(lines.for_year("530000".parse()?, 2019).is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(from = "Vec<ProvincialLine>", into = "Vec<ProvincialLine>")]
pub struct ProvincialLines(BTreeMap<(RegionCode, u16), ProvincialLine>);

impl From<Vec<ProvincialLine>> for ProvincialLines {
    fn from(v: Vec<ProvincialLine>) -> Self {
        Self(v.into_iter().map(|l| ((l.province, l.year), l)).collect())
    }
}

impl From<ProvincialLines> for Vec<ProvincialLine> {
    fn from(p: ProvincialLines) -> Self {
        p.0.into_values().collect()
    }
}

fn check(items: Vec<(Path, ProvincialLine)>) -> Result<ProvincialLines, Error> {
    let mut issues = Issues::new();
    let mut map = BTreeMap::new();
    for (at, line) in items {
        if line.province.level() != Level::Province {
            issues.push(Issue::new(
                "unit_level",
                at.key("province"),
                format!("`{}` is not a province code", line.province.to_short()),
            ));
        }
        if line.yuan.fen() <= 0 {
            issues.push(Issue::new(
                "field_range",
                at.key("yuan"),
                format!("an exit standard is positive, not `{}`", line.yuan),
            ));
        }
        if line.source.trim().is_empty() {
            issues.push(Issue::new(
                "missing_source",
                at.key("source"),
                "an exit standard must name its source",
            ));
        }
        if map.contains_key(&(line.province, line.year)) {
            issues.push(Issue::new(
                "duplicate_year",
                at.key("year"),
                format!(
                    "year {} of `{}` is given twice",
                    line.year,
                    line.province.to_short()
                ),
            ));
        }
        map.insert((line.province, line.year), line);
    }
    issues.into_result()?;
    Ok(ProvincialLines(map))
}

impl ProvincialLines {
    /// Parses a JSON list (`[{"province": "520000", "year": 2019, "yuan": 3748, "source": "…"}]`,
    /// `basis` optional), checking each: a province code, a positive amount, a source, no
    /// province and year twice.
    pub fn from_json(json: &str) -> Result<Self, Error> {
        let items: Vec<ProvincialLine> = crate::json_read::typed_from_str(json)?;
        check(
            items
                .into_iter()
                .enumerate()
                .map(|(i, l)| (Path::root().index(i), l))
                .collect(),
        )
    }

    /// Parses CSV with the header `province,year,yuan,source` (`basis` optional; columns in
    /// any order). Issue paths name the 1-based data row (the line after the header is
    /// `[1]`, as every other table numbers its rows), e.g. `[2].yuan`.
    pub fn from_csv(csv: &str) -> Result<Self, Error> {
        const COLUMNS: [&str; 5] = ["province", "year", "yuan", "source", "basis"];
        let mut rows = crate::csv_lite::records(csv.trim_start_matches('\u{feff}'));
        let header = rows.next().unwrap_or_default();
        let cols: Vec<Option<usize>> = COLUMNS
            .iter()
            .map(|n| header.iter().position(|h| h.trim() == *n))
            .collect();
        let mut issues = Issues::new();
        for (name, c) in COLUMNS.iter().zip(&cols).take(4) {
            if c.is_none() {
                issues.push(Issue::new(
                    "missing_column",
                    Path::root(),
                    format!("the header has no `{name}` column"),
                ));
            }
        }
        issues.into_result()?;
        let mut issues = Issues::new();
        let mut items = Vec::new();
        // data rows numbered from 1, blank lines not counted (as the register's and the
        // unit tables' rows are)
        let filled = rows.filter(|row| !row.iter().all(|c| c.trim().is_empty()));
        for (n, row) in filled.enumerate() {
            let at = Path::root().index(n + 1);
            let mut obj = serde_json::Map::new();
            for (key, c) in COLUMNS.iter().zip(&cols) {
                let v = c.and_then(|c| row.get(c)).map_or("", |s| s.trim());
                if v.is_empty() && *key == "basis" {
                    continue;
                }
                let value = match *key {
                    "year" => v
                        .parse::<u16>()
                        .map_or_else(|_| v.into(), serde_json::Value::from),
                    _ => v.into(),
                };
                obj.insert((*key).to_owned(), value);
            }
            match serde_json::from_value::<ProvincialLine>(serde_json::Value::Object(obj)) {
                Ok(l) => items.push((at, l)),
                Err(e) => issues.push(Issue::new("invalid_row", at, crate::json_read::clean(&e))),
            }
        }
        // the rows that could be read are checked too: every problem of the file at once,
        // in row order
        match check(items) {
            Ok(lines) if issues.is_empty() => Ok(lines),
            Ok(_) => Err(Error::Validation(issues)),
            Err(Error::Validation(more)) => {
                issues.0.extend(more.0);
                issues.0.sort_by_key(|i| match i.path.items().first() {
                    Some(crate::error::PathItem::Index(n)) => *n,
                    _ => 0,
                });
                Err(Error::Validation(issues))
            }
            Err(other) => Err(other),
        }
    }

    /// Parses a file's text: a JSON list when it starts with `[`, else CSV
    /// ([`ProvincialLines::from_csv`]).
    pub fn from_text(text: &str) -> Result<Self, Error> {
        let text = text.trim_start_matches('\u{feff}');
        if text.trim_start().starts_with('[') {
            Self::from_json(text)
        } else {
            Self::from_csv(text)
        }
    }

    /// The standard of `province` (or the province of any code under it) for `year`: its own
    /// figure, or the latest earlier year's carried forward (marked so). `None` before the
    /// province's first year or for a province without figures.
    pub fn for_year(&self, province: RegionCode, year: u16) -> Option<PovertyLine> {
        let p = province.at_level(Level::Province)?;
        let (_, line) = self.0.range((p, 0)..=(p, year)).next_back()?;
        Some(if line.year == year {
            PovertyLine {
                year,
                yuan: line.yuan,
                basis: line.basis,
                source: line.source.clone(),
            }
        } else {
            PovertyLine {
                year,
                yuan: line.yuan,
                basis: LineBasis::CarriedForward,
                source: format!("carried forward from {}: {}", line.year, line.source),
            }
        })
    }

    /// Adds or replaces figures with those of `other`.
    pub fn merge(&mut self, other: ProvincialLines) {
        self.0.extend(other.0);
    }

    /// Every figure, by province and year.
    pub fn iter(&self) -> impl Iterator<Item = &ProvincialLine> {
        self.0.values()
    }

    /// How many figures.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Which line a household's income is judged against.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum LineChoice {
    /// The national rural line of the year ([`PovertyLines`]).
    #[default]
    National,
    /// The province's own exit standard of the year; undetermined where the province has
    /// none for that year (an earlier year's is not carried forward).
    Provincial,
    /// The province's standard of the year where it has one, else the national line of
    /// the year.
    ProvincialElseNational,
}

/// Whether income must be above the line in the as-of year only, or "stably" (稳定超过).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Stability {
    /// Above the line of the as-of year (the register's current per-capita income).
    #[default]
    AsOfYear,
    /// Above the line of the as-of year and above the previous year's line in the previous
    /// year (from the household's income history); undetermined when the history lacks
    /// the previous year.
    TwoYears,
}

/// The line a verdict used: which series, the province for a provincial standard, and the
/// line itself (year, amount, basis, source).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LineUsed {
    /// `national` or `provincial`.
    pub series: LineChoice,
    /// The province, for a provincial standard.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub province: Option<RegionCode>,
    /// The year of the line.
    pub year: u16,
    /// Yuan per person and year.
    pub yuan: Yuan,
    /// How the figure was obtained.
    pub basis: LineBasis,
    /// The source of the figure.
    pub source: String,
}

impl LineUsed {
    fn of(series: LineChoice, province: Option<RegionCode>, line: PovertyLine) -> Self {
        Self {
            series,
            province,
            year: line.year,
            yuan: line.yuan,
            basis: line.basis,
            source: line.source,
        }
    }
}

/// The lines a household is judged against and how: the national series, the provinces'
/// standards, which of them, and whether "stably above" looks at two years.
///
/// ```
/// use fupin_core::plan::{HouseholdLines, LineChoice, Stability};
///
/// let lines = HouseholdLines::default()
///     .with_choice(LineChoice::ProvincialElseNational)
///     .with_stability(Stability::TwoYears);
/// let line = lines.line_for("522327104201".parse()?, 2019).unwrap();
/// assert_eq!((line.series, line.yuan.to_string()), (LineChoice::National, "3218.00".to_owned()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "LinesData")]
#[non_exhaustive]
pub struct HouseholdLines {
    /// The national series (built-in by default).
    pub national: PovertyLines,
    /// The provinces' standards (none by default).
    pub provincial: ProvincialLines,
    /// Which line applies.
    pub choice: LineChoice,
    /// One year or two.
    pub stability: Stability,
}

/// The lines as data gives them (the browser's `lines`, JSON), before they are checked:
/// `national` a map of year to line *added to* the built-in table (the years given replace
/// its years, as `fupin exit --poverty-lines` and Python's `poverty_lines` do), `provincial`
/// a list of standards. [`HouseholdLines`] is read through it, every line checked as
/// [`PovertyLines::from_json`] and [`ProvincialLines::from_json`] check them (a positive
/// amount, a year keyed under its own year, a province code, a source, no year twice).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct LinesData {
    /// National lines by year, added to the built-in table.
    pub national: PovertyLines,
    /// The provinces' standards.
    pub provincial: Vec<ProvincialLine>,
    /// Which line applies.
    pub choice: LineChoice,
    /// One year or two.
    pub stability: Stability,
}

impl TryFrom<LinesData> for HouseholdLines {
    type Error = Error;

    fn try_from(input: LinesData) -> Result<Self, Error> {
        let root = Path::root().key("national");
        let mut issues = Issues::new();
        let given: Vec<(Path, PovertyLine)> = input
            .national
            .by_year()
            .map(|(key, line)| {
                let at = root.key(key.to_string());
                if key != line.year {
                    issues.push(Issue::new(
                        "year_mismatch",
                        at.key("year"),
                        format!("the line of {key} says year {}", line.year),
                    ));
                }
                (at, line.clone())
            })
            .collect();
        let mut national = PovertyLines::builtin();
        match PovertyLines::checked(given) {
            Ok(lines) => national.merge(lines),
            Err(e) => issues.0.extend(e.issues().0),
        }
        let provincial = check(
            input
                .provincial
                .into_iter()
                .enumerate()
                .map(|(i, l)| (Path::root().key("provincial").index(i), l))
                .collect(),
        )
        .map_err(|e| issues.0.extend(e.issues().0))
        .unwrap_or_default();
        issues.into_result()?;
        Ok(HouseholdLines {
            national,
            provincial,
            choice: input.choice,
            stability: input.stability,
        })
    }
}

impl Default for HouseholdLines {
    fn default() -> Self {
        Self {
            national: PovertyLines::builtin(),
            provincial: ProvincialLines::default(),
            choice: LineChoice::National,
            stability: Stability::AsOfYear,
        }
    }
}

impl HouseholdLines {
    /// The national series `national` (e.g. a user's own table), nothing else changed.
    #[must_use]
    pub fn with_national(mut self, national: PovertyLines) -> Self {
        self.national = national;
        self
    }

    /// The provinces' standards.
    #[must_use]
    pub fn with_provincial(mut self, provincial: ProvincialLines) -> Self {
        self.provincial = provincial;
        self
    }

    /// Which line applies.
    #[must_use]
    pub fn with_choice(mut self, choice: LineChoice) -> Self {
        self.choice = choice;
        self
    }

    /// One year or two.
    #[must_use]
    pub fn with_stability(mut self, stability: Stability) -> Self {
        self.stability = stability;
        self
    }

    /// The line that applies to a household of `unit` (any code in its province) in `year`.
    /// A province's standard applies only in its own year: an earlier year's is not carried
    /// forward to judge against (a 2016 standard below the national line of 2020 would
    /// make a household poor by the national line eligible), so without a standard of the
    /// year [`LineChoice::Provincial`] is undetermined and
    /// [`LineChoice::ProvincialElseNational`] takes the national line of the year.
    pub fn line_for(&self, unit: RegionCode, year: u16) -> Option<LineUsed> {
        let national = || {
            self.national
                .for_year(year)
                .map(|line| LineUsed::of(LineChoice::National, None, line))
        };
        let provincial = || {
            let p = unit.at_level(Level::Province)?;
            self.provincial
                .for_year(p, year)
                .filter(|line| line.basis != LineBasis::CarriedForward)
                .map(|line| LineUsed::of(LineChoice::Provincial, Some(p), line))
        };
        match self.choice {
            LineChoice::National => national(),
            LineChoice::Provincial => provincial(),
            LineChoice::ProvincialElseNational => provincial().or_else(national),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::*;

    /// The rows of a CSV file of standards are numbered from 1 in its issues, as every
    /// other table's (the first data row was `[0]`), a blank line not counted.
    #[test]
    fn csv_rows_are_numbered_from_1() {
        let found = |csv: &str| -> Vec<String> {
            let err = ProvincialLines::from_csv(csv).unwrap_err();
            err.issues()
                .iter()
                .map(|i| format!("{} {}", i.path, i.code))
                .collect()
        };
        // every problem at once: the row that could not be read, and the one read whose
        // value breaks a rule (it was reported only once the first was mended)
        assert_eq!(
            found(
                "province,year,yuan,source\n520000,2016,3146,example\n\n520000,2017,-1,x\n530000,20x7,3000,y\n"
            ),
            ["[2].yuan field_range", "[3] invalid_row"]
        );
        assert_eq!(
            found("province,year,yuan,source\n520000,2016,3146,example\n520000,2016,3200,\n"),
            ["[2].source missing_source", "[2].year duplicate_year"]
        );
    }

    /// A province's standard judges only its own year: a 2016 figure (3,146) is not the 2020
    /// line, which is the national one (4,000) under `ProvincialElseNational`, and none
    /// under `Provincial`.
    #[test]
    fn a_standard_is_not_carried_forward_to_judge_against() {
        let guizhou: RegionCode = "520000".parse().unwrap();
        let village: RegionCode = "522327104201".parse().unwrap();
        let standards =
            ProvincialLines::from_csv("province,year,yuan,source\n520000,2016,3146,example\n")
                .unwrap();
        assert_eq!(
            standards.for_year(guizhou, 2020).unwrap().basis,
            LineBasis::CarriedForward
        );
        let lines = HouseholdLines::default().with_provincial(standards);
        let either = lines
            .clone()
            .with_choice(LineChoice::ProvincialElseNational);
        let used = either.line_for(village, 2020).unwrap();
        assert_eq!(used.series, LineChoice::National);
        assert_eq!(used.yuan, Yuan::from_yuan(4000));
        let own = either.line_for(village, 2016).unwrap();
        assert_eq!(
            (own.series, own.yuan),
            (LineChoice::Provincial, Yuan::from_yuan(3146))
        );
        let provincial = lines.with_choice(LineChoice::Provincial);
        assert!(provincial.line_for(village, 2020).is_none());
        assert!(provincial.line_for(village, 2016).is_some());
    }

    /// Lines given as data (the browser's `lines`) are added to the built-in national table
    /// and checked, as the command's and Python's are: not a replacement of the table, and
    /// no negative line, mis-keyed year or non-province code.
    #[test]
    fn lines_given_as_data_are_added_to_the_built_in_table_and_checked() {
        let line = |year: u16, yuan: i64| serde_json::json!({"year": year, "yuan": yuan, "basis": "stated", "source": "own"});
        let village: RegionCode = "522327104201".parse().unwrap();
        {
            let national = serde_json::json!({"2020": line(2020, 4100)});
            let lines: HouseholdLines =
                serde_json::from_value(serde_json::json!({ "national": national })).unwrap();
            assert_eq!(
                lines.line_for(village, 2020).unwrap().yuan,
                Yuan::from_yuan(4100)
            );
            assert_eq!(
                lines.line_for(village, 2019).unwrap().yuan,
                Yuan::from_yuan(3218)
            );
        }
        for bad in [
            serde_json::json!({"national": {"2019": line(2019, -1)}}),
            serde_json::json!({"national": {"2019": line(2018, 1000)}}),
            serde_json::json!({"provincial": [{"province": "522327", "year": 2019, "yuan": 3748, "source": "x"}]}),
        ] {
            let err = serde_json::from_value::<HouseholdLines>(bad.clone()).unwrap_err();
            assert!(!err.to_string().is_empty(), "{bad}");
        }
        let codes = |v: serde_json::Value| {
            HouseholdLines::try_from(serde_json::from_value::<LinesData>(v).unwrap())
                .unwrap_err()
                .issues()
                .0
                .iter()
                .map(|i| i.code.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            codes(serde_json::json!({"national": {"2019": line(2019, -1)}})),
            ["field_range"]
        );
        assert_eq!(
            codes(serde_json::json!({"national": {"2019": line(2018, 1000)}})),
            ["year_mismatch"]
        );
    }
}
