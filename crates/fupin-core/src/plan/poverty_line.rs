//! Poverty lines by year: the national rural line (国家农村贫困标准: 2,300 yuan per person
//! and year at 2010 prices, and its current-price equivalent of each year, [`PovertyLines`]),
//! and the provinces' own yearly exit standards (脱贫标准, often higher,
//! [`ProvincialLines`]), which users load as data.

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
    /// A figure as widely cited from the named source, not checked against a copy of it.
    Cited,
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
/// assert_eq!(lines.for_year(2013).unwrap().yuan.to_string(), "2736.00");
/// assert_eq!(lines.for_year(2019).unwrap().yuan.to_string(), "3218.00");
/// assert_eq!(lines.for_year(2020).unwrap().basis, LineBasis::Approximate);
/// // after the table's last year, its figure is carried forward, and says so
/// assert_eq!(lines.for_year(2021).unwrap().basis, LineBasis::CarriedForward);
/// assert!(lines.for_year(2009).is_none());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PovertyLines(BTreeMap<u16, PovertyLine>);

impl PovertyLines {
    /// The built-in table, every year from 2010 to 2020: the 2010 standard (2,300 yuan) and
    /// the current-price figure of each later year, each with its source
    /// ([`crate::rules::source::NBS_POVERTY_LINE`]; 2017–2019 marked [`LineBasis::Cited`],
    /// 2020 [`LineBasis::Approximate`]). Load your own table with
    /// [`PovertyLines::from_json`] where you have better figures, or judge against a
    /// province's standard ([`super::ProvincialLines`]).
    pub fn builtin() -> Self {
        use crate::rules::source::{LINE_2011, NBS_POVERTY_LINE};
        let nbs = NBS_POVERTY_LINE.cite();
        let mut map = BTreeMap::new();
        let mut put = |year: u16, yuan: i64, basis: LineBasis, source: String| {
            map.insert(
                year,
                PovertyLine {
                    year,
                    yuan: Yuan::from_yuan(yuan),
                    basis,
                    source,
                },
            );
        };
        put(
            2010,
            2300,
            LineBasis::Stated,
            format!("{}: 2,300 yuan at 2010 prices", LINE_2011.cite()),
        );
        for (year, yuan) in [
            (2011, 2536),
            (2012, 2625),
            (2013, 2736),
            (2014, 2800),
            (2015, 2855),
            (2016, 2952),
        ] {
            put(year, yuan, LineBasis::Stated, nbs.clone());
        }
        for (year, yuan) in [(2017, 2952), (2018, 2995), (2019, 3218)] {
            put(
                year,
                yuan,
                LineBasis::Cited,
                format!("{nbs} (as widely cited; not checked against the report itself)"),
            );
        }
        put(
            2020,
            4000,
            LineBasis::Approximate,
            "about 4,000 yuan in 2020 prices (国务院扶贫办 in 2020: 4000块钱左右; not an NBS figure)"
                .to_owned(),
        );
        Self(map)
    }

    /// Parses a JSON list of lines (`[{"year": 2019, "yuan": 3218, "basis": "stated",
    /// "source": "…"}]`), checking each.
    pub fn from_json(json: &str) -> Result<Self, Error> {
        let items: Vec<PovertyLine> = crate::json_read::typed_from_str(json)?;
        Self::checked(
            items
                .into_iter()
                .enumerate()
                .map(|(i, l)| (Path::root().index(i), l))
                .collect(),
        )
    }

    /// The lines given, each checked (at its path): positive, no year twice.
    pub(crate) fn checked(items: Vec<(Path, PovertyLine)>) -> Result<Self, Error> {
        let mut issues = Issues::new();
        let mut map = BTreeMap::new();
        for (at, line) in items {
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

    /// Every line with the year it is kept under (for checking lines read as a map).
    pub(crate) fn by_year(&self) -> impl Iterator<Item = (u16, &PovertyLine)> {
        self.0.iter().map(|(y, l)| (*y, l))
    }

    /// The years with their own figure.
    pub fn iter(&self) -> impl Iterator<Item = &PovertyLine> {
        self.0.values()
    }
}
