//! Designations: time-bounded, sourced labels on regions (national poor county, registered
//! poor village …). Users load them; fupin embeds no official list.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Level, RegionCode};
use crate::error::{Error, Issue, Issues, Path};

/// What a designation says about a region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DesignationKind {
    /// National poverty-alleviation work key county (国家扶贫开发工作重点县).
    KeyCounty,
    /// County of a contiguous destitute area (集中连片特困地区县).
    ContiguousAreaCounty,
    /// National poor county (贫困县), either of the two above.
    PoorCounty,
    /// Registered poor village (建档立卡贫困村).
    PoorVillage,
    /// Part of one of the 14 contiguous destitute areas (集中连片特困地区).
    ContiguousDestituteArea,
    /// Deep poverty area (深度贫困地区, e.g. 三区三州).
    DeepPovertyArea,
    /// Ethnic minority area (民族地区).
    EthnicArea,
    /// Border area (边疆地区).
    BorderArea,
    /// Old revolutionary base area (革命老区).
    OldRevolutionaryArea,
}

impl DesignationKind {
    /// The snake_case key.
    pub fn as_str(self) -> &'static str {
        match self {
            DesignationKind::KeyCounty => "key_county",
            DesignationKind::ContiguousAreaCounty => "contiguous_area_county",
            DesignationKind::PoorCounty => "poor_county",
            DesignationKind::PoorVillage => "poor_village",
            DesignationKind::ContiguousDestituteArea => "contiguous_destitute_area",
            DesignationKind::DeepPovertyArea => "deep_poverty_area",
            DesignationKind::EthnicArea => "ethnic_area",
            DesignationKind::BorderArea => "border_area",
            DesignationKind::OldRevolutionaryArea => "old_revolutionary_area",
        }
    }

    /// The Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            DesignationKind::KeyCounty => "国家扶贫开发工作重点县",
            DesignationKind::ContiguousAreaCounty => "集中连片特困地区县",
            DesignationKind::PoorCounty => "贫困县",
            DesignationKind::PoorVillage => "建档立卡贫困村",
            DesignationKind::ContiguousDestituteArea => "集中连片特困地区",
            DesignationKind::DeepPovertyArea => "深度贫困地区",
            DesignationKind::EthnicArea => "民族地区",
            DesignationKind::BorderArea => "边疆地区",
            DesignationKind::OldRevolutionaryArea => "革命老区",
        }
    }

    /// Whether this kind makes a county a national poor county.
    pub fn is_poor_county(self) -> bool {
        matches!(
            self,
            DesignationKind::KeyCounty
                | DesignationKind::ContiguousAreaCounty
                | DesignationKind::PoorCounty
        )
    }

    /// The level a region must have for this kind, if it is tied to one.
    pub fn required_level(self) -> Option<Level> {
        match self {
            DesignationKind::KeyCounty
            | DesignationKind::ContiguousAreaCounty
            | DesignationKind::PoorCounty => Some(Level::County),
            DesignationKind::PoorVillage => Some(Level::Village),
            _ => None,
        }
    }
}

/// One designation of one region, valid from a date until an optional end date (exclusive:
/// the day a county exits, it is no longer designated), with its source.
///
/// ```
/// use chrono::NaiveDate;
/// use fupin_core::region::{Designation, DesignationKind};
///
/// let d: Designation = serde_json::from_str(r#"{
///     "kind": "poor_county", "region": "522327",
///     "valid_from": "2014-01-01", "valid_to": "2019-04-24",
///     "source": "synthetic example"
/// }"#)?;
/// assert!(d.is_valid_on(NaiveDate::from_ymd_opt(2016, 10, 1).unwrap()));
/// assert!(!d.is_valid_on(NaiveDate::from_ymd_opt(2019, 4, 24).unwrap()));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Designation {
    /// What is designated.
    pub kind: DesignationKind,
    /// The region designated.
    pub region: RegionCode,
    /// First day in force.
    pub valid_from: NaiveDate,
    /// First day no longer in force (exit, removal); `None` while still in force.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_to: Option<NaiveDate>,
    /// Where this comes from (document, file, or "synthetic").
    pub source: String,
}

impl Designation {
    /// Whether the designation is in force on `date`.
    pub fn is_valid_on(&self, date: NaiveDate) -> bool {
        self.valid_from <= date && self.valid_to.is_none_or(|end| date < end)
    }

    /// Every rule this designation breaks: an end before its start, an empty source, a
    /// region of the wrong level for its kind.
    pub fn validate(&self) -> Issues {
        let mut issues = Issues::new();
        if let Some(end) = self.valid_to
            && end <= self.valid_from
        {
            issues.push(
                Issue::new(
                    "period_end_before_start",
                    Path::root().key("valid_to"),
                    format!(
                        "ends on `{end}`, not after it starts on `{}`",
                        self.valid_from
                    ),
                )
                .with("valid_from", self.valid_from.to_string())
                .with("valid_to", end.to_string()),
            );
        }
        if self.source.trim().is_empty() {
            issues.push(Issue::new(
                "missing_source",
                Path::root().key("source"),
                "a designation must name its source",
            ));
        }
        if let Some(level) = self.kind.required_level()
            && self.region.level() != level
        {
            issues.push(
                Issue::new(
                    "designation_level",
                    Path::root().key("region"),
                    format!(
                        "a {} designation needs a {} code, `{}` is a {} code",
                        self.kind.as_str(),
                        level,
                        self.region.to_short(),
                        self.region.level()
                    ),
                )
                .with("expected", level.as_str())
                .with("found", self.region.level().as_str()),
            );
        }
        issues
    }
}

/// A set of designations, loaded from JSON (a list) or CSV (`kind,region,valid_from,
/// valid_to,source`), queried by region and date.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Designations(Vec<Designation>);

impl Designations {
    /// Builds a set, validating every designation; all problems are reported with their
    /// index.
    pub fn new(items: Vec<Designation>) -> Result<Self, Error> {
        let mut issues = Issues::new();
        for (i, d) in items.iter().enumerate() {
            issues.extend_under(&Path::root().index(i), d.validate());
        }
        issues.into_result()?;
        Ok(Self(items))
    }

    /// Parses and validates a JSON list of designations.
    pub fn from_json(json: &str) -> Result<Self, Error> {
        let items: Vec<Designation> = crate::json_read::typed_from_str(json)?;
        Self::new(items)
    }

    /// Parses and validates CSV with the header `kind,region,valid_from,valid_to,source`
    /// (columns in any order; `valid_to` may be empty). Quoted fields are supported.
    /// Paths of issues name the 1-based data row (the line after the header is `[1]`, as
    /// every other table numbers its rows), e.g. `[3].region`.
    pub fn from_csv(csv: &str) -> Result<Self, Error> {
        let mut rows = crate::csv_lite::records(csv.trim_start_matches('\u{feff}'));
        let header = rows.next().unwrap_or_default();
        let col = |name: &str| header.iter().position(|h| h.trim() == name);
        let mut issues = Issues::new();
        const COLUMNS: [&str; 5] = ["kind", "region", "valid_from", "valid_to", "source"];
        let cols: Vec<Option<usize>> = COLUMNS.iter().map(|n| col(n)).collect();
        // a column of another name is refused, not dropped: an end date under `exit_date`
        // would leave an exited county designated for ever
        for h in header.iter().filter(|h| !h.trim().is_empty()) {
            if !COLUMNS.contains(&h.trim()) {
                issues.push(Issue::new(
                    "unknown_column",
                    Path::root(),
                    format!(
                        "the header has a column `{}` that designations do not have (they have {})",
                        crate::error::quote(h.trim()),
                        COLUMNS.join(", ")
                    ),
                ));
            }
        }
        for (name, c) in ["kind", "region", "valid_from", "source"].iter().zip([
            cols.first(),
            cols.get(1),
            cols.get(2),
            cols.get(4),
        ]) {
            if c.copied().flatten().is_none() {
                issues.push(Issue::new(
                    "missing_column",
                    Path::root(),
                    format!("the header has no `{name}` column"),
                ));
            }
        }
        issues.into_result()?;
        let get = |row: &[String], i: usize| -> String {
            cols.get(i)
                .copied()
                .flatten()
                .and_then(|c| row.get(c))
                .map(|s| s.trim().to_owned())
                .unwrap_or_default()
        };
        let mut items = Vec::new();
        let mut issues = Issues::new();
        // data rows numbered from 1, blank lines not counted (as the register's and the
        // unit tables' rows are)
        let filled = rows.filter(|row| !row.iter().all(|c| c.trim().is_empty()));
        for (n, row) in filled.enumerate() {
            let at = Path::root().index(n + 1);
            let mut obj = serde_json::Map::new();
            for (i, key) in ["kind", "region", "valid_from", "valid_to", "source"]
                .iter()
                .enumerate()
            {
                let v = get(&row, i);
                if !(v.is_empty() && *key == "valid_to") {
                    obj.insert((*key).to_owned(), serde_json::Value::String(v));
                }
            }
            match serde_json::from_value::<Designation>(serde_json::Value::Object(obj)) {
                Ok(d) => {
                    issues.extend_under(&at, d.validate());
                    items.push(d);
                }
                Err(e) => issues.push(Issue::new("invalid_row", at, crate::json_read::clean(&e))),
            }
        }
        issues.into_result()?;
        Ok(Self(items))
    }

    /// All designations.
    pub fn iter(&self) -> std::slice::Iter<'_, Designation> {
        self.0.iter()
    }

    /// How many designations.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The designations of `kind` in force on `date` for `region` itself or any unit that
    /// contains it (a village inside a designated deep-poverty prefecture is in a deep
    /// poverty area).
    pub fn of(
        &self,
        region: RegionCode,
        kind: DesignationKind,
        date: NaiveDate,
    ) -> impl Iterator<Item = &Designation> {
        self.0
            .iter()
            .filter(move |d| d.kind == kind && d.region.contains(region) && d.is_valid_on(date))
    }

    /// Whether `region` (a county, or a unit inside one) is a national poor county on
    /// `date`, by any of the poor-county kinds.
    pub fn is_poor_county(&self, region: RegionCode, date: NaiveDate) -> bool {
        self.0
            .iter()
            .any(|d| d.kind.is_poor_county() && d.region.contains(region) && d.is_valid_on(date))
    }

    /// Whether the designation `kind` holds for `region` on `date`.
    pub fn has(&self, region: RegionCode, kind: DesignationKind, date: NaiveDate) -> bool {
        self.of(region, kind, date).next().is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn csv_and_queries() {
        let csv = "kind,region,valid_from,valid_to,source\n\
                   poor_county,522327,2014-01-01,2019-04-24,\"synthetic, test\"\n\
                   deep_poverty_area,522300,2017-11-01,,synthetic\n";
        let set = Designations::from_csv(csv).unwrap();
        assert_eq!(set.len(), 2);
        let v: RegionCode = "522327100201".parse().unwrap();
        assert!(set.is_poor_county(v, d("2018-01-01")));
        assert!(!set.is_poor_county(v, d("2019-05-01")));
        assert!(set.has(v, DesignationKind::DeepPovertyArea, d("2020-01-01")));
        assert_eq!(set.iter().next().unwrap().source, "synthetic, test");
    }

    /// An end date under another name (`valid_until` in JSON, `exit_date` in CSV) is
    /// refused, not dropped: dropped, the exited county would stay designated for ever.
    #[test]
    fn an_end_date_under_another_name_is_refused() {
        let err = Designations::from_csv(
            "kind,region,valid_from,exit_date,source\npoor_county,522327,2014-01-01,2019-04-24,x\n",
        )
        .unwrap_err();
        assert_eq!(err.issues().0[0].code, "unknown_column");
        let json = r#"{"kind": "poor_county", "region": "522327", "valid_from": "2014-01-01",
            "valid_until": "2019-04-24", "source": "x"}"#;
        assert!(serde_json::from_str::<Designation>(json).is_err());
    }

    #[test]
    fn reports_every_problem_with_its_row() {
        let csv = "kind,region,valid_from,valid_to,source\n\
                   poor_county,522327100201,2014-01-01,2013-01-01,\n\
                   poor_county,52232x,2014-01-01,,x\n";
        let err = Designations::from_csv(csv).unwrap_err();
        let issues = err.issues();
        assert_eq!(issues.len(), 4, "{issues}");
        // rows numbered from 1, as every other table's: the second data row is `[2]`
        assert_eq!(issues.0[0].path.to_string(), "[1].valid_to");
        assert_eq!(issues.0[3].path.to_string(), "[2]");
        assert_eq!(issues.0[3].code, "invalid_row");
        let err = Designations::from_csv(
            "kind,region,valid_from,valid_to,source\npoor_county,522327100201,2014-01-01,2013-01-01,\n",
        )
        .unwrap_err();
        let codes: Vec<_> = err.issues().iter().map(|i| i.code.clone()).collect();
        assert_eq!(
            codes,
            [
                "period_end_before_start",
                "missing_source",
                "designation_level"
            ]
        );
        assert_eq!(err.issues().0[0].path.to_string(), "[1].valid_to");
    }

    /// Found by fuzzing (fuzz/corpus/designations/crash-*): serde's message for an unknown
    /// kind quoted an ID-number-shaped run of the row unmasked.
    #[test]
    fn csv_row_errors_mask_id_numbers() {
        let csv = "kind,region,valid_from,valid_to,source\n\
                   poor:522327197003120211x,522327,2014-01-01,,x\n";
        let shown = Designations::from_csv(csv)
            .unwrap_err()
            .issues()
            .to_string();
        assert!(shown.contains("5223**********0211"), "{shown}");
        assert!(!shown.contains("522327197003120211"), "{shown}");
    }
}
