//! Indicators beyond the shares of the register: counts, amounts and rates that offices
//! reported (《网络扶贫行动计划》's projects, as `../DOMAIN.md` §6 lists them), observed in
//! the village, township or county tables, each defined by a [`MeasureDef`]: what kind of
//! quantity it is, at which level it is observed and among which units, which columns hold
//! its data, and where its definition comes from.
//!
//! The built-in ones are [`builtin`]; a user adds their own from data with
//! [`MeasureDefs::from_json`] (a JSON list of definitions), no code changed. They roll up
//! as sums (never averages) beside the shares of [`CATALOG`](super::indicator::CATALOG),
//! and targets may apply to them.
//!
//! ```
//! use fupin_core::plan::measure::{MeasureDefs, Among};
//! use fupin_core::plan::IndicatorKind;
//!
//! let defs = MeasureDefs::from_json(r#"[{
//!     "id": "broadband_users", "name_zh": "宽带用户数", "kind": "count",
//!     "level": "county", "among": "poor", "numerator": "broadband_users",
//!     "columns": {"broadband_users": ["宽带用户"]},
//!     "source": "县网信办月报 (the user's own definition)"
//! }]"#)?;
//! let d = defs.get("broadband_users").unwrap();
//! assert_eq!((d.kind, d.among), (IndicatorKind::Count, Among::Poor));
//! // the built-in ones are there too
//! assert!(defs.get("online_retail_sales").is_some());
//! # Ok::<(), fupin_core::Error>(())
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::indicator::{self, IndicatorKind};
use super::project::ProjectKey;
use crate::error::{Error, Issue, Issues, Path};
use crate::region::Level;

/// Which units of the observation level an indicator is about.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Among {
    /// Every unit of the level in the table.
    #[default]
    All,
    /// Registered poor villages (exited or not), or national poor counties.
    Poor,
    /// Towns and townships (乡镇), not sub-districts (街道) nor other units (farms,
    /// development zones: township segments 400 and above).
    Rural,
}

impl Among {
    /// The snake_case key used on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Among::All => "all",
            Among::Poor => "poor",
            Among::Rural => "rural",
        }
    }
}

/// The type of a field's cells, as the definitions use it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    /// Yes/no (是/否, true/false, 1/0).
    Flag,
    /// A non-negative whole number (a count).
    Integer,
    /// A non-negative amount with at most two decimals (yuan and fen).
    Amount,
}

/// A field of a unit table an indicator reads, with the column names accepted for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldSpec {
    /// The level of the table (village, township or county).
    pub level: Level,
    /// The field's name (also an accepted column name).
    pub name: String,
    /// Other accepted column names.
    pub aliases: Vec<String>,
    /// What its cells hold.
    pub kind: FieldType,
    /// The fields whose value this one may not exceed in a unit: the whole of a share it
    /// is the part of (`schools_connected` ≤ `schools`), checked where a row is read
    /// ([`UnitValues::check_part`](crate::assess::UnitValues::check_part), `part_exceeds_whole`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub at_most: Vec<String>,
}

/// One indicator observed in a unit table. See the module docs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasureDef {
    /// Stable snake_case id, used by targets.
    pub id: String,
    /// Chinese name.
    pub name_zh: String,
    /// English name (the id when not given).
    #[serde(default)]
    pub name_en: String,
    /// What kind of quantity: `count`, `amount` (yuan), `share`, or `rate_per`.
    pub kind: IndicatorKind,
    /// The level of the table it is observed in: `village`, `township` or `county`.
    pub level: Level,
    /// Which units of that level it is about.
    #[serde(default)]
    pub among: Among,
    /// The field summed above the line: a number for counts, amounts and rates; for a share,
    /// a yes/no field (the share of units saying yes) or a number (with `denominator`).
    pub numerator: String,
    /// For a share or rate: the field summed below the line (over the units that have both).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub denominator: Option<String>,
    /// For a rate: a counter of the register below the line instead of a field, e.g.
    /// `poor_households` or `people` (see [`Counter`](crate::assess::Counter)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub denominator_counter: Option<String>,
    /// For a rate: per how many of the denominator (1 when not given; e.g. 10000).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per: Option<u64>,
    /// The unit of the value (`yuan`, `person-times`, `stations`), for display.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub unit: String,
    /// More accepted column names per field (`{"online_retail_sales": ["网络零售额"]}`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub columns: BTreeMap<String, Vec<String>>,
    /// The project of the plan it belongs to, if one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<ProjectKey>,
    /// The document defining it (what a target on it will cite), or the user's own words.
    pub source: String,
    /// Free note: caveats, what could not be confirmed.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// The unit-table facts the core reads itself (not from [`UnitValues`](crate::assess::UnitValues)):
/// a definition may count them over other units (fibre of all villages, not only poor ones).
pub const BUILTIN_FLAGS: [(Level, &str); 7] = [
    (Level::Village, "fiber"),
    (Level::Village, "mobile_4g"),
    (Level::Village, "network_leader"),
    (Level::Village, "poor_village"),
    (Level::Township, "service_node"),
    (Level::Township, "ecommerce"),
    (Level::County, "platform"),
];

/// Whether `name` is a fact of the core's unit tables at `level` ([`BUILTIN_FLAGS`]).
pub fn is_builtin_flag(level: Level, name: &str) -> bool {
    BUILTIN_FLAGS.iter().any(|(l, n)| *l == level && *n == name)
}

impl MeasureDef {
    /// The name shown in English (the id when none was given).
    pub fn english(&self) -> &str {
        if self.name_en.is_empty() {
            &self.id
        } else {
            &self.name_en
        }
    }

    /// The type of the numerator's cells: yes/no for a share without a denominator field,
    /// an amount for amounts, else a whole number.
    pub fn numerator_type(&self) -> FieldType {
        match self.kind {
            IndicatorKind::Share if self.denominator.is_none() => FieldType::Flag,
            IndicatorKind::Amount => FieldType::Amount,
            _ => FieldType::Integer,
        }
    }

    /// The fields of the unit table it reads (built-in facts left out), with their
    /// accepted names.
    pub fn fields(&self) -> Vec<FieldSpec> {
        let mut out = Vec::new();
        let mut add = |name: &str, kind: FieldType| {
            if is_builtin_flag(self.level, name) {
                return;
            }
            out.push(FieldSpec {
                level: self.level,
                name: name.to_owned(),
                aliases: self.columns.get(name).cloned().unwrap_or_default(),
                kind,
                at_most: Vec::new(),
            });
        };
        add(&self.numerator, self.numerator_type());
        if let Some(d) = &self.denominator {
            add(d, FieldType::Integer);
        }
        // a share's part is at most its whole (the schools connected of the schools)
        if let (IndicatorKind::Share, Some(whole), Some(part)) =
            (self.kind, &self.denominator, out.first_mut())
            && part.name == self.numerator
        {
            part.at_most.push(whole.clone());
        }
        out
    }

    /// Every problem of this definition alone (paths from the definition).
    pub fn validate(&self) -> Issues {
        let mut issues = Issues::new();
        let root = Path::root();
        let snake = |s: &str| {
            !s.is_empty()
                && s.len() <= 64
                && s.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
                && s.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
        };
        if !snake(&self.id) {
            issues.push(Issue::new(
                "invalid_indicator_id",
                root.key("id"),
                format!(
                    "`{}` is not a snake_case id (a–z, 0–9, _, at most 64)",
                    crate::error::quote(&self.id)
                ),
            ));
        }
        if indicator::get(&self.id).is_some() {
            issues.push(Issue::new(
                "duplicate_indicator",
                root.key("id"),
                format!("`{}` is a share of the catalog already", self.id),
            ));
        }
        if self.name_zh.trim().is_empty() {
            issues.push(Issue::new(
                "missing_field",
                root.key("name_zh"),
                "an indicator needs its Chinese name",
            ));
        }
        if self.source.trim().is_empty() {
            issues.push(Issue::new(
                "missing_source",
                root.key("source"),
                "an indicator must name the document defining it (or say it is the user's own)",
            ));
        }
        if !matches!(self.level, Level::Village | Level::Township | Level::County) {
            issues.push(Issue::new(
                "invalid_level",
                root.key("level"),
                format!(
                    "indicators are observed in the village, township or county table, not at {}",
                    self.level
                ),
            ));
        }
        let among_ok = match self.among {
            Among::All => true,
            Among::Poor => matches!(self.level, Level::Village | Level::County),
            Among::Rural => self.level == Level::Township,
        };
        if !among_ok {
            issues.push(Issue::new(
                "invalid_among",
                root.key("among"),
                format!(
                    "`{}` is not a choice of units at {} level (poor: villages and counties; rural: townships)",
                    self.among.as_str(),
                    self.level
                ),
            ));
        }
        for (key, name) in [
            ("numerator", Some(&self.numerator)),
            ("denominator", self.denominator.as_ref()),
        ] {
            if let Some(n) = name
                && (n.trim().is_empty() || n.len() > 128)
            {
                issues.push(Issue::new(
                    "invalid_value",
                    root.key(key),
                    "a field name is 1 to 128 characters",
                ));
            }
        }
        let builtin_num = is_builtin_flag(self.level, &self.numerator);
        match self.kind {
            IndicatorKind::Share => {
                if self.denominator_counter.is_some() || self.per.is_some() {
                    issues.push(Issue::new(
                        "invalid_definition",
                        root.key("denominator_counter"),
                        "a share divides by a field (or counts yes among the units with data); counters and `per` are for rates",
                    ));
                }
                if builtin_num && self.denominator.is_some() {
                    issues.push(Issue::new(
                        "invalid_definition",
                        root.key("denominator"),
                        format!("`{}` is a yes/no fact: its share is over the units, without a denominator field", self.numerator),
                    ));
                }
            }
            IndicatorKind::Count | IndicatorKind::Amount => {
                if self.denominator.is_some()
                    || self.denominator_counter.is_some()
                    || self.per.is_some()
                {
                    issues.push(Issue::new(
                        "invalid_definition",
                        root.key("denominator"),
                        "a count or an amount is a sum: it has no denominator",
                    ));
                }
                if builtin_num {
                    issues.push(Issue::new(
                        "invalid_definition",
                        root.key("numerator"),
                        format!("`{}` is a yes/no fact, not a number to sum", self.numerator),
                    ));
                }
            }
            IndicatorKind::RatePer => {
                match (&self.denominator, &self.denominator_counter) {
                    (Some(_), None) => {}
                    (None, Some(c)) => {
                        if crate::assess::Counter::from_key(c).is_none() {
                            issues.push(Issue::new(
                                "unknown_counter",
                                root.key("denominator_counter"),
                                format!(
                                    "`{}` is not a counter of the register",
                                    crate::error::quote(c)
                                ),
                            ));
                        }
                    }
                    _ => issues.push(Issue::new(
                        "invalid_definition",
                        root.key("denominator"),
                        "a rate divides by one field or one counter of the register",
                    )),
                }
                if self.per == Some(0) {
                    issues.push(Issue::new(
                        "field_range",
                        root.key("per"),
                        "a rate is per 1 or more",
                    ));
                }
                if builtin_num {
                    issues.push(Issue::new(
                        "invalid_definition",
                        root.key("numerator"),
                        format!("`{}` is a yes/no fact, not a number to sum", self.numerator),
                    ));
                }
            }
        }
        if self.denominator.as_ref() == Some(&self.numerator) {
            issues.push(Issue::new(
                "invalid_definition",
                root.key("denominator"),
                "the numerator and the denominator are one field",
            ));
        }
        for field in self.columns.keys() {
            if *field != self.numerator && Some(field) != self.denominator.as_ref() {
                issues.push(Issue::new(
                    "unknown_field",
                    root.key("columns").key(field.clone()),
                    format!(
                        "`{}` is neither the numerator nor the denominator",
                        crate::error::quote(field)
                    ),
                ));
            }
        }
        issues
    }
}

/// The definitions in force: the built-in ones and the user's own, checked together
/// (ids unique; one field read as one type).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct MeasureDefs(Vec<MeasureDef>);

impl Default for MeasureDefs {
    fn default() -> Self {
        MeasureDefs(builtin())
    }
}

impl MeasureDefs {
    /// No definition at all (not even the built-in ones).
    pub fn none() -> Self {
        MeasureDefs(Vec::new())
    }

    /// The built-in definitions followed by `extra`, every problem reported with its index
    /// in `extra`.
    pub fn with(extra: Vec<MeasureDef>) -> Result<Self, Error> {
        let mut all = builtin();
        let first = all.len();
        all.extend(extra);
        Self::checked(all, first)
    }

    /// Exactly these definitions (no built-in ones), checked.
    pub fn only(defs: Vec<MeasureDef>) -> Result<Self, Error> {
        Self::checked(defs, 0)
    }

    fn checked(all: Vec<MeasureDef>, first: usize) -> Result<Self, Error> {
        let mut issues = Issues::new();
        let at = |i: usize| Path::root().index(i.saturating_sub(first));
        let mut types: BTreeMap<(Level, String), (FieldType, usize)> = BTreeMap::new();
        for (i, d) in all.iter().enumerate() {
            issues.extend_under(&at(i), d.validate());
            if all.iter().take(i).any(|e| e.id == d.id) {
                issues.push(Issue::new(
                    "duplicate_indicator",
                    at(i).key("id"),
                    format!("`{}` is defined twice", crate::error::quote(&d.id)),
                ));
            }
            for f in d.fields() {
                match types.get(&(f.level, f.name.clone())) {
                    Some((t, j)) if *t != f.kind => issues.push(Issue::new(
                        "conflicting_field_type",
                        at(i).key("numerator"),
                        format!(
                            "`{}` is read as {:?} here and as {:?} by definition [{}]",
                            crate::error::quote(&f.name),
                            f.kind,
                            t,
                            j.saturating_sub(first)
                        ),
                    )),
                    Some(_) => {}
                    None => {
                        types.insert((f.level, f.name.clone()), (f.kind, i));
                    }
                }
            }
        }
        issues.into_result()?;
        Ok(MeasureDefs(all))
    }

    /// The built-in definitions and the JSON list `json` of the user's own (duplicate keys
    /// refused, every problem reported).
    pub fn from_json(json: &str) -> Result<Self, Error> {
        Self::with(crate::json_read::typed_from_str(json)?)
    }

    /// The built-in definitions and those of `defs` that are not built-in, taken as they are
    /// (definitions a roll-up was counted with, checked then).
    pub(crate) fn builtin_and(defs: impl IntoIterator<Item = MeasureDef>) -> Self {
        let mut all = builtin();
        for d in defs {
            if !all.iter().any(|b| b.id == d.id) {
                all.push(d);
            }
        }
        MeasureDefs(all)
    }

    /// The definition with this id.
    pub fn get(&self, id: &str) -> Option<&MeasureDef> {
        self.0.iter().find(|d| d.id == id)
    }

    /// Every definition, built-in ones first.
    pub fn iter(&self) -> std::slice::Iter<'_, MeasureDef> {
        self.0.iter()
    }

    /// Number of definitions.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Every field of the unit table of `level` the definitions read (each once), with
    /// its accepted names: what the readers of unit tables look for.
    pub fn fields(&self, level: Level) -> Vec<FieldSpec> {
        let mut out: Vec<FieldSpec> = Vec::new();
        for f in self.0.iter().flat_map(MeasureDef::fields) {
            if f.level != level {
                continue;
            }
            match out.iter_mut().find(|o| o.name == f.name) {
                Some(o) => {
                    for a in f.aliases {
                        if !o.aliases.contains(&a) {
                            o.aliases.push(a);
                        }
                    }
                    for w in f.at_most {
                        if !o.at_most.contains(&w) {
                            o.at_most.push(w);
                        }
                    }
                }
                None => out.push(f),
            }
        }
        out
    }
}

impl<'a> IntoIterator for &'a MeasureDefs {
    type Item = &'a MeasureDef;
    type IntoIter = std::slice::Iter<'a, MeasureDef>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

const SOURCE_PLAN: &str = "《网络扶贫行动计划》(中央网信办、国家发展改革委、国务院扶贫办, 2016-10)";

#[allow(
    clippy::too_many_arguments,
    reason = "a table of definitions, one call a row"
)]
fn def(
    id: &str,
    name_zh: &str,
    name_en: &str,
    kind: IndicatorKind,
    level: Level,
    among: Among,
    (numerator, num_zh): (&str, &[&str]),
    denominator: Option<(&str, &[&str])>,
    unit: &str,
    project: Option<ProjectKey>,
    note: &str,
) -> MeasureDef {
    let mut columns = BTreeMap::new();
    if !num_zh.is_empty() {
        columns.insert(
            numerator.to_owned(),
            num_zh.iter().map(|s| (*s).to_owned()).collect(),
        );
    }
    if let Some((d, zh)) = denominator
        && !zh.is_empty()
    {
        columns.insert(d.to_owned(), zh.iter().map(|s| (*s).to_owned()).collect());
    }
    MeasureDef {
        id: id.to_owned(),
        name_zh: name_zh.to_owned(),
        name_en: name_en.to_owned(),
        kind,
        level,
        among,
        numerator: numerator.to_owned(),
        denominator: denominator.map(|(d, _)| d.to_owned()),
        denominator_counter: None,
        per: None,
        unit: unit.to_owned(),
        columns,
        project,
        source: SOURCE_PLAN.to_owned(),
        note: note.to_owned(),
    }
}

/// The indicators offices reported beyond the register's shares (`DOMAIN.md` §6), each
/// under the project of 《网络扶贫行动计划》 (2016) it measures, where the plan names one. The plan names the projects
/// and goals, not these formulas: each note says how the figure is counted here and that
/// the defining document of the reported figure was not confirmed.
pub fn builtin() -> Vec<MeasureDef> {
    use Among::{All, Poor};
    use IndicatorKind::{Amount, Count, Share};
    use ProjectKey::{NetworkEducation, RuralEcommerce};
    const UNCONFIRMED: &str = "the defining document of the reported figure was not confirmed";
    vec![
        def(
            "village_ecommerce_stations",
            "村级电商服务站点数",
            "village e-commerce service stations",
            Count,
            Level::Village,
            All,
            (
                "ecommerce_stations",
                &["电商服务站点数", "村级电商服务站点"],
            ),
            None,
            "stations",
            Some(RuralEcommerce),
            UNCONFIRMED,
        ),
        def(
            "online_retail_sales",
            "网络零售额",
            "online retail sales of poor counties",
            Amount,
            Level::County,
            Poor,
            ("online_retail_sales", &["网络零售额", "网络零售额(元)"]),
            None,
            "yuan",
            Some(RuralEcommerce),
            "in yuan (a table in 万元 must be converted first); national poor counties only; the defining document of the reported figure was not confirmed",
        ),
        def(
            "ecommerce_demonstration_counties",
            "电子商务进农村综合示范县覆盖率",
            "e-commerce demonstration counties among poor counties",
            Share,
            Level::County,
            Poor,
            (
                "ecommerce_demonstration",
                &["电子商务进农村综合示范县", "电商示范县"],
            ),
            None,
            "",
            Some(RuralEcommerce),
            "poor counties that are 电子商务进农村综合示范县 / poor counties with the field recorded; the designation's own document was not confirmed",
        ),
        def(
            "school_connectivity",
            "学校联网率",
            "schools connected to the internet",
            Share,
            Level::County,
            All,
            ("schools_connected", &["联网学校数"]),
            Some(("schools", &["学校数"])),
            "",
            Some(NetworkEducation),
            "schools connected / schools, summed over the counties with both figures; the defining document of the reported figure was not confirmed",
        ),
        def(
            "training_person_times",
            "网络培训人次",
            "training person-times",
            Count,
            Level::County,
            All,
            ("training_person_times", &["培训人次"]),
            None,
            "person-times",
            Some(NetworkEducation),
            UNCONFIRMED,
        ),
        def(
            "telemedicine_county_hospitals",
            "远程医疗覆盖县级医院比例",
            "county hospitals reached by telemedicine",
            Share,
            Level::County,
            Poor,
            ("county_hospitals_telemedicine", &["远程医疗县级医院数"]),
            Some(("county_hospitals", &["县级医院数"])),
            "",
            None,
            "national poor counties; the plan names 互联网医疗 among its goals, under none of its five projects; the defining document of the reported figure was not confirmed",
        ),
        def(
            "telemedicine_township_centres",
            "远程医疗覆盖乡镇卫生院比例",
            "township health centres reached by telemedicine",
            Share,
            Level::County,
            Poor,
            ("township_centres_telemedicine", &["远程医疗乡镇卫生院数"]),
            Some(("township_centres", &["乡镇卫生院数"])),
            "",
            None,
            "national poor counties; the plan names 互联网医疗 among its goals, under none of its five projects; the defining document of the reported figure was not confirmed",
        ),
        def(
            "village_financial_services",
            "基本金融服务覆盖率",
            "villages with basic financial services",
            Share,
            Level::Village,
            All,
            ("financial_services", &["基本金融服务"]),
            None,
            "",
            Some(RuralEcommerce),
            "the plan's 互联网金融服务 under the rural e-commerce project; the defining document of the reported figure was not confirmed",
        ),
        def(
            "poverty_tariff_users",
            "扶贫资费用户数",
            "users of poverty-alleviation telecom tariffs",
            Count,
            Level::County,
            All,
            ("poverty_tariff_users", &["扶贫资费用户数"]),
            None,
            "users",
            None,
            "the plan names no project for telecom tariffs; the defining document of the reported figure was not confirmed",
        ),
    ]
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::*;

    #[test]
    fn builtin_definitions_are_valid_and_unique() {
        let defs = MeasureDefs::default();
        assert_eq!(defs.len(), builtin().len());
        assert!(MeasureDefs::only(builtin()).is_ok());
        for d in &defs {
            assert!(d.validate().is_empty(), "{}: {:?}", d.id, d.validate());
            assert!(!d.source.is_empty() && !d.note.is_empty(), "{}", d.id);
        }
        assert!(
            defs.fields(Level::County)
                .iter()
                .any(|f| f.name == "online_retail_sales" && f.kind == FieldType::Amount)
        );
    }

    #[test]
    fn bad_definitions_are_reported_with_paths() {
        let err = MeasureDefs::from_json(
            r#"[{"id": "Bad Id", "name_zh": "", "kind": "count", "level": "province",
                 "numerator": "x", "denominator": "y", "source": ""},
                {"id": "online_retail_sales", "name_zh": "x", "kind": "share",
                 "level": "village", "among": "rural", "numerator": "schools", "source": "s"}]"#,
        )
        .unwrap_err();
        let codes: Vec<(String, String)> = err
            .issues()
            .0
            .iter()
            .map(|i| (i.code.clone(), i.path.to_string()))
            .collect();
        for want in [
            ("invalid_indicator_id", "[0].id"),
            ("missing_field", "[0].name_zh"),
            ("missing_source", "[0].source"),
            ("invalid_level", "[0].level"),
            ("invalid_definition", "[0].denominator"),
            ("invalid_among", "[1].among"),
            ("duplicate_indicator", "[1].id"),
        ] {
            assert!(
                codes.iter().any(|(c, p)| c == want.0 && p == want.1),
                "{want:?} not in {codes:?}"
            );
        }
    }

    #[test]
    fn one_field_is_read_as_one_type() {
        let err = MeasureDefs::from_json(
            r#"[{"id": "a", "name_zh": "a", "kind": "share", "level": "county",
                 "numerator": "online_retail_sales", "source": "s"}]"#,
        )
        .unwrap_err();
        assert!(
            err.issues()
                .0
                .iter()
                .any(|i| i.code == "conflicting_field_type"),
            "{err:?}"
        );
    }

    #[test]
    fn catalog_ids_are_taken() {
        let err = MeasureDefs::from_json(
            r#"[{"id": "poverty_incidence", "name_zh": "x", "kind": "count",
                 "level": "county", "numerator": "x", "source": "s"}]"#,
        )
        .unwrap_err();
        assert_eq!(err.issues().0.first().unwrap().code, "duplicate_indicator");
    }
}
