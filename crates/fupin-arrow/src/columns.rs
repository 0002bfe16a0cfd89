//! [`ColumnMap`]: which column of an export holds which field. Real exports name columns
//! in Chinese (`户编号`, `行政区划代码`, `人均纯收入`); ours are snake_case. The defaults
//! cover both; users add their own names with a small JSON file.

use std::collections::BTreeMap;

use arrow_schema::Schema;
use serde::{Deserialize, Serialize};

use crate::error::ArrowError;

/// The fields the adapter reads, by table.
pub const HOUSEHOLD_FIELDS: [&str; 10] = [
    "village",
    "people",
    "status",
    "terminal",
    "ecommerce",
    "online_training",
    "file_complete",
    "income_per_capita",
    "guarantees_met",
    "file_number",
];

/// The fields of the register the counts depend on: a register without one of them is
/// refused (`missing_column`) rather than read with a default (every household poor, or
/// of one person), which would change the numbers silently.
pub const REQUIRED_HOUSEHOLD_FIELDS: [&str; 3] = ["village", "people", "status"];

/// A field this adapter reads a default for when its table has no column for it, and what
/// the default does to the numbers (callers say it: `fupin assess` puts it in its notes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct DefaultedField {
    /// The table: `households`, `villages` or `counties`.
    pub table: &'static str,
    /// The field.
    pub field: &'static str,
    /// What its default does to the numbers, in words.
    pub effect: &'static str,
}

/// The fields read as `false` when their table has no column for them (a blank cell too):
/// whether a village or a county is poor (`units.rs`). (A household's file completeness is
/// not among them: without a column, or in a blank cell, it is not recorded, and
/// 一户一档案 is a share of the households where it is.)
pub const DEFAULTED_FIELDS: [DefaultedField; 2] = [
    DefaultedField {
        table: "villages",
        field: "poor_village",
        effect: "no village of it is taken for a poor village (no village exit verdicts, poor-village indicators without them)",
    },
    DefaultedField {
        table: "counties",
        field: "poor_county",
        effect: "no county of it is taken for a poor county (no county exit verdicts, indicators of poor counties without them)",
    },
];

/// Fields of a village table.
pub const VILLAGE_FIELDS: [&str; 6] = [
    "village",
    "poor_village",
    "fiber",
    "mobile_4g",
    "network_leader",
    "rural_population",
];

/// Fields of a township table.
pub const TOWNSHIP_FIELDS: [&str; 3] = ["township", "service_node", "township_ecommerce"];

/// Fields of a county table.
pub const COUNTY_FIELDS: [&str; 13] = [
    "county",
    "platform",
    "poor_county",
    "zone",
    "sampled_exited",
    "wrongly_exited",
    "sampled_non_registered",
    "missed",
    "wrongly_exited_people",
    "missed_people",
    "surveyed_households",
    "approving_households",
    "approval",
];

fn defaults() -> BTreeMap<String, Vec<String>> {
    let table: [(&str, &[&str]); 31] = [
        (
            "village",
            &[
                "village",
                "village_code",
                "行政区划代码",
                "村代码",
                "村级代码",
                "所在村代码",
                "区划代码",
            ],
        ),
        (
            "people",
            &[
                "people",
                "members",
                "household_size",
                "家庭人口",
                "家庭人口数",
                "人口数",
                "家庭人数",
            ],
        ),
        (
            "status",
            &["status", "贫困户状态", "户状态", "脱贫状态", "贫困状态"],
        ),
        (
            "terminal",
            &[
                "terminal",
                "一户一终端",
                "有无终端",
                "是否有终端",
                "有无上网终端",
            ],
        ),
        (
            "ecommerce",
            &["ecommerce", "电商", "是否使用电商", "电商参与"],
        ),
        (
            "online_training",
            &["online_training", "网络培训", "是否参加网络培训"],
        ),
        (
            "file_complete",
            &["file_complete", "档案完整", "建档完整", "一户一档"],
        ),
        (
            "income_per_capita",
            &[
                "income_per_capita",
                "人均纯收入",
                "人均收入",
                "人均可支配收入",
            ],
        ),
        (
            "guarantees_met",
            &["guarantees_met", "两不愁三保障", "两不愁三保障达标"],
        ),
        (
            "file_number",
            &["file_number", "户编号", "户码", "档案编号"],
        ),
        (
            "poor_village",
            &["poor_village", "贫困村", "是否贫困村", "建档立卡贫困村"],
        ),
        ("fiber", &["fiber", "光纤", "通光纤", "是否通光纤"]),
        ("mobile_4g", &["mobile_4g", "4g", "4G", "通4G", "是否通4G"]),
        (
            "network_leader",
            &["network_leader", "网络带头人", "一村一带头人"],
        ),
        (
            "rural_population",
            &["rural_population", "户籍农业人口", "农业人口", "户籍人口"],
        ),
        (
            "township",
            &[
                "township",
                "township_code",
                "乡镇代码",
                "乡级代码",
                "行政区划代码",
            ],
        ),
        ("service_node", &["service_node", "服务节点", "一乡一节点"]),
        (
            "township_ecommerce",
            &[
                "township_ecommerce",
                "ecommerce",
                "电商服务",
                "电商服务通达",
            ],
        ),
        (
            "county",
            &[
                "county",
                "county_code",
                "县代码",
                "县级代码",
                "行政区划代码",
            ],
        ),
        ("platform", &["platform", "信息服务平台", "一县一平台"]),
        ("poor_county", &["poor_county", "贫困县", "是否贫困县"]),
        ("zone", &["zone", "区域", "东中西部"]),
        // the special evaluation's survey (国开办发〔2017〕56号): rates in people,
        // approval in households
        ("sampled_exited", &["sampled_exited", "抽样脱贫人口数"]),
        (
            "wrongly_exited",
            &["wrongly_exited", "抽样错退人口数", "错退人口数"],
        ),
        (
            "sampled_non_registered",
            &[
                "sampled_non_registered",
                "抽查村未建档立卡农村人口数",
                "抽查未建档立卡人口数",
            ],
        ),
        ("missed", &["missed", "漏评人口数"]),
        (
            "wrongly_exited_people",
            &["wrongly_exited_people", "错退人口推算数"],
        ),
        ("missed_people", &["missed_people", "漏评人口推算数"]),
        (
            "surveyed_households",
            &["surveyed_households", "调查总户数"],
        ),
        (
            "approving_households",
            &["approving_households", "认可户数"],
        ),
        ("approval", &["approval", "群众认可度"]),
    ];
    table
        .iter()
        .map(|(k, names)| {
            (
                (*k).to_owned(),
                names.iter().map(|n| (*n).to_owned()).collect(),
            )
        })
        .collect()
}

/// Accepted column names per field, tried in order (first match wins, case and surrounding
/// white space ignored). Extend it with [`ColumnMap::extend_json`]:
///
/// ```
/// use fupin_arrow::ColumnMap;
///
/// let mut map = ColumnMap::default();
/// map.extend_json(r#"{"people": ["人口(人)"]}"#)?;
/// assert!(map.names("people").iter().any(|n| n == "人口(人)"));
/// # Ok::<(), fupin_arrow::ArrowError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnMap(BTreeMap<String, Vec<String>>);

impl Default for ColumnMap {
    fn default() -> Self {
        ColumnMap(defaults())
    }
}

impl ColumnMap {
    /// The accepted names of a field.
    pub fn names(&self, field: &str) -> &[String] {
        self.0.get(field).map_or(&[], Vec::as_slice)
    }

    /// Adds names from JSON `{"field": ["name", …]}`; the new names are tried first. A
    /// field given twice is refused (`duplicate_key`).
    pub fn extend_json(&mut self, json: &str) -> Result<(), ArrowError> {
        // a field named twice would keep one list silently: refused, as every JSON reader does
        let value = fupin_core::parse_json(json)
            .map_err(|i| ArrowError::Config(format!("{} ({}: {})", i.message, i.code, i.path)))?;
        let extra: BTreeMap<String, Vec<String>> = serde_json::from_value(value).map_err(|e| {
            ArrowError::Config(fupin_core::household::IdNumber::mask_in(&e.to_string()))
        })?;
        for (field, names) in extra {
            if !self.0.contains_key(&field) {
                return Err(ArrowError::Config(format!(
                    "`{field}` is not a field fupin reads"
                )));
            }
            let list = self.0.entry(field).or_default();
            let mut merged = names;
            merged.append(list);
            *list = merged;
        }
        Ok(())
    }

    /// The index of the column holding `field` in `schema`, if any (the first accepted
    /// name a column carries; compared without allocating, wide tables have many columns).
    pub fn find(&self, schema: &Schema, field: &str) -> Option<usize> {
        self.names(field).iter().find_map(|name| {
            schema
                .fields()
                .iter()
                .position(|f| same_name(f.name(), name))
        })
    }

    /// Fails when two columns could hold one of `fields`: two columns of one name
    /// (`ambiguous_column`), or two columns of two accepted names of the field, such as
    /// `家庭人口` and `people` (`conflicting_columns`). Which one holds the field would be a
    /// guess. Checked once per batch, without allocating.
    ///
    /// ```
    /// use arrow_schema::{DataType, Field, Schema};
    /// use fupin_arrow::ColumnMap;
    ///
    /// let schema = Schema::new(vec![
    ///     Field::new("行政区划代码", DataType::Utf8, true),
    ///     Field::new("行政区划代码", DataType::Utf8, true),
    /// ]);
    /// let e = ColumnMap::default().check_unique(&schema, &["village"]).unwrap_err();
    /// assert_eq!(e.code(), "ambiguous_column");
    ///
    /// let schema = Schema::new(vec![
    ///     Field::new("家庭人口", DataType::Int64, true),
    ///     Field::new("people", DataType::Int64, true),
    /// ]);
    /// let e = ColumnMap::default().check_unique(&schema, &["people"]).unwrap_err();
    /// assert_eq!(e.code(), "conflicting_columns");
    /// ```
    pub fn check_unique(&self, schema: &Schema, fields: &[&str]) -> Result<(), ArrowError> {
        for field in fields {
            let names = self.names(field);
            let mut hits = schema
                .fields()
                .iter()
                .enumerate()
                .filter(|(_, f)| names.iter().any(|n| same_name(f.name(), n)));
            let (Some((first, a)), Some((second, b))) = (hits.next(), hits.next()) else {
                continue;
            };
            if same_name(a.name(), b.name()) {
                return Err(ArrowError::AmbiguousColumn {
                    field: (*field).to_owned(),
                    name: a.name().clone(),
                    first: first + 1,
                    second: second + 1,
                });
            }
            return Err(ArrowError::ConflictingColumns {
                field: (*field).to_owned(),
                names: [a.name().clone(), b.name().clone()],
                first: first + 1,
                second: second + 1,
            });
        }
        Ok(())
    }

    /// Fails when a field the counts depend on ([`REQUIRED_HOUSEHOLD_FIELDS`]: the village,
    /// the members, the status) has no column (`missing_column`, naming the field and its
    /// accepted names), or when a field of the register could be read from two columns
    /// (see [`ColumnMap::check_unique`]). Every reader of the register (the general path,
    /// the columnar fast path, the Parquet pages) runs it once per batch or file: a renamed
    /// header is refused, never read as "every household poor" or "one person each".
    ///
    /// ```
    /// use arrow_schema::{DataType, Field, Schema};
    /// use fupin_arrow::ColumnMap;
    ///
    /// let schema = Schema::new(vec![
    ///     Field::new("行政区划代码", DataType::Utf8, true),
    ///     Field::new("家庭人口", DataType::Int64, true),
    ///     Field::new("户类型", DataType::Utf8, true), // not a name of the status
    /// ]);
    /// let e = ColumnMap::default().check_register(&schema).unwrap_err();
    /// assert_eq!(e.code(), "missing_column");
    /// assert!(e.to_string().contains("`status`"));
    /// ```
    pub fn check_register(&self, schema: &Schema) -> Result<(), ArrowError> {
        self.check_unique(schema, &crate::households::READ_FIELDS)?;
        self.check_required(schema, &REQUIRED_HOUSEHOLD_FIELDS)
    }

    /// Fails with `missing_column` for the first of `fields` without a column.
    pub fn check_required(&self, schema: &Schema, fields: &[&str]) -> Result<(), ArrowError> {
        for field in fields {
            if self.find(schema, field).is_none() {
                return Err(ArrowError::MissingColumn {
                    field: (*field).to_owned(),
                    accepted: self.names(field).join(", "),
                });
            }
        }
        Ok(())
    }

    /// Which columns of `schema` hold which of `fields` (`(field, column)`, in the order of
    /// `fields`), and the names of the columns that hold none of them (ignored).
    pub fn recognise(
        &self,
        schema: &Schema,
        fields: &[&str],
    ) -> (Vec<(String, String)>, Vec<String>) {
        let mut used = vec![false; schema.fields().len()];
        let mut recognised = Vec::new();
        for field in fields {
            if let Some(i) = self.find(schema, field) {
                if let Some(u) = used.get_mut(i) {
                    *u = true;
                }
                if let Some(f) = schema.fields().get(i) {
                    recognised.push(((*field).to_owned(), f.name().clone()));
                }
            }
        }
        let ignored = schema
            .fields()
            .iter()
            .zip(&used)
            .filter(|(_, u)| !**u)
            .map(|(f, _)| f.name().clone())
            .collect();
        (recognised, ignored)
    }
}

/// Whether a column name is an accepted name: case and surrounding white space (and a
/// byte-order mark) ignored.
pub(crate) fn same_name(column: &str, name: &str) -> bool {
    fn norm(s: &str) -> impl Iterator<Item = char> + '_ {
        s.trim()
            .trim_start_matches('\u{feff}')
            .chars()
            .flat_map(char::to_lowercase)
    }
    norm(column).eq(norm(name))
}
