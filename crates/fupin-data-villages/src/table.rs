//! [`Villages`]: the decoded table and its look-ups.

use fupin_core::region::Level;

use crate::decode::{self, Parts};
use crate::{CodeKey, Unit, VillagesError};

/// A table of townships and villages with their names, sorted by code.
///
/// Look-ups are binary searches over the sorted codes. The embedded 2023 table is
/// [`embedded()`](crate::embedded) (feature `embedded`); [`Villages::from_bytes`] reads a
/// table from bytes, such as the data file shipped for the browser.
#[derive(Debug)]
pub struct Villages {
    parts: Parts,
}

impl Villages {
    /// Reads a table: the `FPV1` bytes written by `gen/generate.py`, or their gzip form
    /// (`villages-2023.fpv.gz`) when the crate is built with the `gzip` feature (on with
    /// `embedded`, the default).
    ///
    /// ```
    /// use fupin_data_villages::Villages;
    ///
    /// let err = Villages::from_bytes(b"not a table").unwrap_err();
    /// assert_eq!(err.code(), "villages_not_a_table");
    /// ```
    pub fn from_bytes(bytes: &[u8]) -> Result<Villages, VillagesError> {
        let table = decode::table_bytes(bytes)?;
        Ok(Villages {
            parts: decode::decode(&table)?,
        })
    }

    /// The year of the codes (2023 for the embedded table).
    pub fn vintage(&self) -> u16 {
        self.parts.vintage
    }

    /// Where the table comes from (package, version, licences), as written in the table.
    pub fn source(&self) -> &str {
        &self.parts.source
    }

    /// How many townships the table holds.
    pub fn township_count(&self) -> usize {
        self.parts.townships
    }

    /// How many villages the table holds.
    pub fn village_count(&self) -> usize {
        self.parts.codes.len() - self.parts.townships
    }

    fn unit(&self, i: usize) -> Option<Unit<'_>> {
        let code = *self.parts.codes.get(i)?;
        let start = match i.checked_sub(1) {
            Some(p) => *self.parts.ends.get(p)? as usize,
            None => 0,
        };
        let end = *self.parts.ends.get(i)? as usize;
        let name = self.parts.names.get(start..end)?;
        Some(Unit { code, name })
    }

    fn index(&self, code: u64) -> Option<usize> {
        self.parts.codes.binary_search(&code).ok()
    }

    /// The township or village with this code, or `None` (not in the table, or a county or
    /// higher code).
    ///
    /// ```
    /// # #[cfg(feature = "embedded")] {
    /// use fupin_core::region::RegionCode;
    ///
    /// let villages = fupin_data_villages::embedded()?;
    /// let yata = villages.get(RegionCode::parse("522327103200")?).unwrap();
    /// assert_eq!(yata.name(), "丫他村村民委员会");
    /// assert_eq!(villages.get("522327103").map(|u| u.name()), Some("丫他镇"));
    /// # }
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn get(&self, code: impl CodeKey) -> Option<Unit<'_>> {
        let code = code.code12()?;
        crate::key::level_of(code)?;
        self.unit(self.index(code)?)
    }

    /// The name of the township or village with this code, or `None`.
    pub fn name(&self, code: impl CodeKey) -> Option<&str> {
        self.get(code).map(|u| u.name)
    }

    /// The villages of a township, in code order (empty when the code is not a township of
    /// the table).
    ///
    /// ```
    /// # #[cfg(feature = "embedded")] {
    /// let villages = fupin_data_villages::embedded()?;
    /// let names: Vec<&str> = villages.villages_of("522327103").map(|v| v.name()).take(2).collect();
    /// assert_eq!(names, ["丫他社区居民委员会", "丫他村村民委员会"]);
    /// # }
    /// # Ok::<(), fupin_data_villages::VillagesError>(())
    /// ```
    pub fn villages_of(&self, township: impl CodeKey) -> impl Iterator<Item = Unit<'_>> {
        let range = township
            .code12()
            .filter(|&t| crate::key::level_of(t) == Some(Level::Township))
            .and_then(|t| {
                let i = self.index(t)?;
                let rest = self.parts.codes.get(i + 1..)?;
                Some(i + 1..i + 1 + rest.partition_point(|&c| c < t + 1000))
            })
            .unwrap_or(0..0);
        range.filter_map(|i| self.unit(i))
    }

    /// The townships of a county (6 digits, or a county-level
    /// [`RegionCode`](fupin_core::region::RegionCode); also a prefecture without counties,
    /// such as 东莞 `441900`), in code order.
    ///
    /// ```
    /// # #[cfg(feature = "embedded")] {
    /// let villages = fupin_data_villages::embedded()?;
    /// assert_eq!(villages.townships_of("522327").count(), 13);
    /// assert_eq!(villages.townships_of("441900").count(), 36); // 东莞, a city without counties
    /// # }
    /// # Ok::<(), fupin_data_villages::VillagesError>(())
    /// ```
    pub fn townships_of(&self, county: impl CodeKey) -> impl Iterator<Item = Unit<'_>> {
        let range = county
            .code12()
            .filter(|&c| c % 1_000_000 == 0)
            .map(|c| {
                let codes = &self.parts.codes;
                codes.partition_point(|&x| x < c)..codes.partition_point(|&x| x < c + 1_000_000)
            })
            .unwrap_or(0..0);
        range
            .filter_map(|i| self.unit(i))
            .filter(|u| u.code % 1000 == 0)
    }

    /// Every township and village, in code order (each township just before its villages).
    pub fn iter(&self) -> impl Iterator<Item = Unit<'_>> {
        (0..self.parts.codes.len()).filter_map(|i| self.unit(i))
    }
}
