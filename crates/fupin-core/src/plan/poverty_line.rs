//! The national rural poverty line by year (国家农村贫困标准): 2,300 yuan per person and
//! year at 2010 prices, and its current-price equivalent of each year.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Issue, Issues, Path};
use crate::money::Yuan;

/// Where a year's line comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LineBasis {
    /// A figure given by a source for that year.
    Stated,
    /// A figure the source gives as approximate (约).
    Approximate,
    /// No figure for the year: the latest earlier year's figure, carried forward.
    CarriedForward,
}

/// The line for one year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PovertyLine {
    /// The year.
    pub year: u16,
    /// Yuan per person and year, current prices of that year.
    pub yuan: Yuan,
    /// How the figure was obtained.
    pub basis: LineBasis,
    /// The source of the figure (for carried-forward years, that of the year it came from).
    pub source: String,
}

/// A table of poverty lines by year; the built-in one, or the user's.
///
/// ```
/// use fupin_core::plan::{LineBasis, PovertyLines};
///
/// let lines = PovertyLines::builtin();
/// assert_eq!(lines.for_year(2010).unwrap().yuan.to_string(), "2300.00");
/// let l2017 = lines.for_year(2017).unwrap();
/// assert_eq!(l2017.basis, LineBasis::CarriedForward);
/// assert_eq!(l2017.yuan, lines.for_year(2016).unwrap().yuan);
/// assert!(lines.for_year(2009).is_none());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PovertyLines(BTreeMap<u16, PovertyLine>);

const NBS: &str =
    "国家统计局 农村贫困监测 (current-price equivalent of the 2010 line, as published)";

impl PovertyLines {
    /// The built-in table: the 2010 standard (2,300 yuan) and the current-price figures of
    /// the years it records. Years without a figure carry the previous year's forward; load
    /// your province's table with [`PovertyLines::from_json`] where you have better figures.
    pub fn builtin() -> Self {
        let mut map = BTreeMap::new();
        let mut put = |year: u16, yuan: i64, basis: LineBasis, source: &str| {
            map.insert(
                year,
                PovertyLine {
                    year,
                    yuan: Yuan::from_yuan(yuan),
                    basis,
                    source: source.to_owned(),
                },
            );
        };
        put(
            2010,
            2300,
            LineBasis::Stated,
            "《中国农村扶贫开发纲要(2011-2020年)》: 2,300 yuan at 2010 prices",
        );
        put(2014, 2800, LineBasis::Stated, NBS);
        put(2015, 2855, LineBasis::Stated, NBS);
        put(2016, 2952, LineBasis::Stated, NBS);
        put(2018, 2995, LineBasis::Stated, NBS);
        put(
            2020,
            4000,
            LineBasis::Approximate,
            "about 4,000 yuan in 2020 prices (official summaries of 2020)",
        );
        Self(map)
    }

    /// Parses a JSON list of lines (`[{"year": 2019, "yuan": 3218, "basis": "stated",
    /// "source": "…"}]`), checking each.
    pub fn from_json(json: &str) -> Result<Self, Error> {
        let items: Vec<PovertyLine> = crate::json_read::typed_from_str(json)?;
        let mut issues = Issues::new();
        let mut map = BTreeMap::new();
        for (i, line) in items.into_iter().enumerate() {
            let at = Path::root().index(i);
            if line.yuan.fen() <= 0 {
                issues.push(Issue::new(
                    "field_range",
                    at.key("yuan"),
                    format!("a poverty line is positive, not `{}`", line.yuan),
                ));
            }
            if map.contains_key(&line.year) {
                issues.push(Issue::new(
                    "duplicate_year",
                    at.key("year"),
                    format!("year {} is given twice", line.year),
                ));
            }
            map.insert(line.year, line);
        }
        issues.into_result()?;
        Ok(Self(map))
    }

    /// Adds or replaces years with those of `other`.
    pub fn merge(&mut self, other: PovertyLines) {
        self.0.extend(other.0);
    }

    /// The line for `year`: its own figure, or the latest earlier one carried forward.
    /// `None` before the first year of the table.
    pub fn for_year(&self, year: u16) -> Option<PovertyLine> {
        let (_, line) = self.0.range(..=year).next_back()?;
        if line.year == year {
            Some(line.clone())
        } else {
            Some(PovertyLine {
                year,
                yuan: line.yuan,
                basis: LineBasis::CarriedForward,
                source: format!("carried forward from {}: {}", line.year, line.source),
            })
        }
    }

    /// The years with their own figure.
    pub fn iter(&self) -> impl Iterator<Item = &PovertyLine> {
        self.0.values()
    }
}
