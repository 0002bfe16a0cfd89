//! Reading a household from JSON while collecting *every* problem, not just the first one
//! serde meets: each field is read on its own, with its path, before the whole record is
//! built.

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::{Cause, Household, IdNumber, Member};
use crate::error::{Issue, Issues, Path};
use crate::json_read::{clean, kind_of};
use crate::money::Yuan;
use crate::region::RegionCode;

/// A field's name and whether it must be present.
type FieldSpec = (&'static str, bool);

const HOUSEHOLD_FIELDS: [FieldSpec; 16] = [
    ("id", false),
    ("file_number", true),
    ("village", true),
    ("identified_year", true),
    ("status", true),
    ("status_history", false),
    ("income_per_capita", false),
    ("income", false),
    ("income_history", false),
    ("main_cause", true),
    ("other_causes", false),
    ("guarantees", false),
    ("network", false),
    ("helper", false),
    ("measures", false),
    ("members", true),
];

const MEMBER_FIELDS: [FieldSpec; 13] = [
    ("id", false),
    ("name", true),
    ("relation", true),
    ("id_number", false),
    ("sex", true),
    ("birth_date", false),
    ("education", false),
    ("school", false),
    ("health", false),
    ("disability_grade", false),
    ("labour", false),
    ("migrant_months", false),
    ("insurance", false),
];

const SENSITIVE: [&str; 3] = ["name", "phone", "id_number"];

fn type_issue(key: &str, value: &Value, err: &serde_json::Error, at: &Path) -> Issue {
    let mut message = clean(err);
    if SENSITIVE.contains(&key) {
        let raw = match value {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        if raw.chars().count() > 3 && message.contains(&raw) {
            message = format!("has the wrong type or format for `{key}`");
        }
    }
    Issue::new("invalid_value", at.key(key), message)
}

/// Reads `obj[key]` as `T`, recording a problem at `at.key` when it cannot be.
fn check<T: DeserializeOwned>(
    obj: &Map<String, Value>,
    key: &str,
    at: &Path,
    out: &mut Vec<Issue>,
) {
    if let Some(v) = obj.get(key)
        && !v.is_null()
        && let Err(e) = T::deserialize(v)
    {
        out.push(type_issue(key, v, &e, at));
    }
}

fn shape(obj: &Map<String, Value>, fields: &[FieldSpec], at: &Path, out: &mut Vec<Issue>) {
    for (name, required) in fields {
        if *required && obj.get(*name).is_none_or(Value::is_null) {
            out.push(Issue::new(
                "missing_field",
                at.key(*name),
                format!("`{name}` is required"),
            ));
        }
    }
    let mut unknown: Vec<&String> = obj
        .keys()
        .filter(|k| !fields.iter().any(|(n, _)| n == k))
        .collect();
    unknown.sort();
    for key in unknown {
        out.push(Issue::new(
            "unknown_field",
            at.key(key.as_str()),
            format!("`{}` is not a field here", crate::error::quote(key)),
        ));
    }
}

fn check_region(obj: &Map<String, Value>, key: &str, at: &Path, out: &mut Vec<Issue>) {
    if let Some(Value::String(s)) = obj.get(key) {
        if let Err(e) = RegionCode::parse(s) {
            out.push(Issue::new(e.code(), at.key(key), e.to_string()));
        }
    } else {
        check::<RegionCode>(obj, key, at, out);
    }
}

fn check_money(obj: &Map<String, Value>, key: &str, at: &Path, out: &mut Vec<Issue>) {
    match obj.get(key) {
        Some(Value::String(s)) => {
            if let Err(e) = s.parse::<Yuan>() {
                out.push(Issue::new(e.code(), at.key(key), e.to_string()));
            }
        }
        Some(Value::Number(n)) => {
            let parsed = n.as_i64().map_or_else(
                || n.as_f64().map(Yuan::from_f64),
                |i| Some(Yuan::try_from_yuan(i)),
            );
            if let Some(Err(e)) = parsed {
                out.push(Issue::new(e.code(), at.key(key), e.to_string()));
            }
        }
        _ => check::<Yuan>(obj, key, at, out),
    }
}

fn check_cause(value: &Value, at: Path, out: &mut Vec<Issue>) {
    match value {
        Value::String(s) => {
            if let Err(e) = Cause::parse(s) {
                out.push(Issue::new(e.code(), at, e.to_string()));
            }
        }
        other => out.push(Issue::new(
            "invalid_value",
            at,
            // its kind, not the value: a misplaced member object holds personal data
            format!("a cause is a string, not {}", kind_of(other)),
        )),
    }
}

fn check_member(value: &Value, at: &Path, out: &mut Vec<Issue>) {
    let Value::Object(obj) = value else {
        out.push(Issue::new(
            "invalid_value",
            at.clone(),
            "a member is an object",
        ));
        return;
    };
    shape(obj, &MEMBER_FIELDS, at, out);
    check::<uuid::Uuid>(obj, "id", at, out);
    check::<super::PersonName>(obj, "name", at, out);
    check::<super::member::Relation>(obj, "relation", at, out);
    match obj.get("id_number") {
        Some(Value::String(s)) => {
            if let Err(e) = IdNumber::parse(s) {
                out.push(Issue::new(e.code(), at.key("id_number"), e.to_string()));
            }
        }
        _ => check::<IdNumber>(obj, "id_number", at, out),
    }
    check::<super::Sex>(obj, "sex", at, out);
    check::<chrono::NaiveDate>(obj, "birth_date", at, out);
    check::<super::member::Education>(obj, "education", at, out);
    check::<super::member::SchoolStage>(obj, "school", at, out);
    check::<super::member::Health>(obj, "health", at, out);
    check::<u8>(obj, "disability_grade", at, out);
    check::<super::member::LabourSkill>(obj, "labour", at, out);
    check::<u8>(obj, "migrant_months", at, out);
    check::<super::member::Insurance>(obj, "insurance", at, out);
}

/// The helper field by field: read whole, serde's message would quote a phone or name
/// given as a number.
fn check_helper(obj: &Map<String, Value>, at: &Path, out: &mut Vec<Issue>) {
    match obj.get("helper") {
        None | Some(Value::Null) => {}
        Some(Value::Object(helper)) => {
            let at = at.key("helper");
            shape(
                helper,
                &[("name", true), ("unit", true), ("phone", false)],
                &at,
                out,
            );
            check::<super::PersonName>(helper, "name", &at, out);
            check::<String>(helper, "unit", &at, out);
            check::<super::Phone>(helper, "phone", &at, out);
        }
        Some(other) => out.push(Issue::new(
            "invalid_value",
            at.key("helper"),
            format!("`helper` is an object, not {}", kind_of(other)),
        )),
    }
}

fn check_list(
    obj: &Map<String, Value>,
    key: &str,
    at: &Path,
    out: &mut Vec<Issue>,
    each: &dyn Fn(&Value, &Path, &mut Vec<Issue>),
) {
    match obj.get(key) {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                each(item, &at.key(key).index(i), out);
            }
        }
        Some(other) => out.push(Issue::new(
            "invalid_value",
            at.key(key),
            format!("`{key}` is a list, not `{}`", kind_of(other)),
        )),
    }
}

fn whole<T: DeserializeOwned>(value: &Value, at: &Path, out: &mut Vec<Issue>) {
    if let Err(e) = T::deserialize(value) {
        out.push(Issue::new("invalid_value", at.clone(), clean(&e)));
    }
}

/// Reads a household from a JSON value, reporting every problem of shape and type with
/// its path. Rules that span fields are checked afterwards by `validate_at`.
pub(crate) fn from_value(value: Value) -> Result<Household, Issues> {
    let root = Path::root();
    let mut out = Vec::new();
    let Value::Object(obj) = &value else {
        return Err(Issues(vec![Issue::new(
            "invalid_value",
            root,
            format!("a household is an object, not {}", kind_of(&value)),
        )]));
    };
    shape(obj, &HOUSEHOLD_FIELDS, &root, &mut out);
    check::<uuid::Uuid>(obj, "id", &root, &mut out);
    check::<String>(obj, "file_number", &root, &mut out);
    check_region(obj, "village", &root, &mut out);
    check::<u16>(obj, "identified_year", &root, &mut out);
    check::<super::HouseholdStatus>(obj, "status", &root, &mut out);
    check_list(obj, "status_history", &root, &mut out, &|v, at, out| {
        whole::<super::StatusChange>(v, at, out);
    });
    check_money(obj, "income_per_capita", &root, &mut out);
    match obj.get("income") {
        Some(Value::Object(inc)) => {
            let at = root.key("income");
            shape(
                inc,
                &[
                    ("wages", false),
                    ("business", false),
                    ("property", false),
                    ("transfers", false),
                ],
                &at,
                &mut out,
            );
            for k in ["wages", "business", "property", "transfers"] {
                check_money(inc, k, &at, &mut out);
            }
        }
        _ => check::<super::IncomeComponents>(obj, "income", &root, &mut out),
    }
    check_list(obj, "income_history", &root, &mut out, &|v, at, out| {
        whole::<super::IncomeYear>(v, at, out);
    });
    if let Some(v) = obj.get("main_cause") {
        check_cause(v, root.key("main_cause"), &mut out);
    }
    check_list(obj, "other_causes", &root, &mut out, &|v, at, out| {
        check_cause(v, at.clone(), out);
    });
    check::<super::Guarantees>(obj, "guarantees", &root, &mut out);
    check::<super::NetworkAccess>(obj, "network", &root, &mut out);
    check_helper(obj, &root, &mut out);
    check_list(obj, "measures", &root, &mut out, &|v, at, out| {
        whole::<super::Measure>(v, at, out);
    });
    check_list(obj, "members", &root, &mut out, &|v, at, out| {
        check_member(v, at, out)
    });
    if !out.is_empty() {
        return Err(Issues(out));
    }
    serde_json::from_value::<Household>(value).map_err(|e| {
        Issues(vec![Issue::new(
            "invalid_value",
            Path::root(),
            e.to_string(),
        )])
    })
}

/// The fields of a row of the assessment's fields ([`crate::assess::HouseholdFields`]),
/// with its village.
const FIELDS_ROW: [FieldSpec; 9] = [
    ("village", true),
    ("people", true),
    // required as a table's status column is: a row without it is not counted as poor
    ("status", true),
    ("terminal", false),
    ("ecommerce", false),
    ("online_training", false),
    ("file_complete", false),
    ("income_per_capita", false),
    ("guarantees_met", false),
];

/// Reads a row of fields (its village and [`crate::assess::HouseholdFields`]) from a JSON
/// value, every problem of shape and type with its path (the size's range is the
/// assessment's to check, as for any input).
pub(crate) fn fields_from_value(
    value: Value,
) -> Result<(RegionCode, crate::assess::HouseholdFields), Issues> {
    let root = Path::root();
    let mut out = Vec::new();
    let Value::Object(mut obj) = value else {
        return Err(Issues(vec![Issue::new(
            "invalid_value",
            root,
            format!("a row of fields is an object, not {}", kind_of(&value)),
        )]));
    };
    shape(&obj, &FIELDS_ROW, &root, &mut out);
    check_region(&obj, "village", &root, &mut out);
    check::<u16>(&obj, "people", &root, &mut out);
    check::<super::HouseholdStatus>(&obj, "status", &root, &mut out);
    for key in [
        "terminal",
        "ecommerce",
        "online_training",
        "file_complete",
        "guarantees_met",
    ] {
        check::<bool>(&obj, key, &root, &mut out);
    }
    check_money(&obj, "income_per_capita", &root, &mut out);
    if !out.is_empty() {
        return Err(Issues(out));
    }
    let village = obj.remove("village").unwrap_or_default();
    let built = RegionCode::deserialize(village).and_then(|code| {
        Ok((
            code,
            serde_json::from_value::<crate::assess::HouseholdFields>(Value::Object(obj))?,
        ))
    });
    built.map_err(|e| Issues(vec![Issue::new("invalid_value", Path::root(), clean(&e))]))
}

/// Reads a member on its own (for form validation), every problem with its path.
pub(crate) fn member_from_value(value: Value) -> Result<Member, Issues> {
    let mut out = Vec::new();
    check_member(&value, &Path::root(), &mut out);
    if !out.is_empty() {
        return Err(Issues(out));
    }
    serde_json::from_value::<Member>(value).map_err(|e| {
        Issues(vec![Issue::new(
            "invalid_value",
            Path::root(),
            e.to_string(),
        )])
    })
}

#[cfg(test)]
mod tests {
    use crate::household::Household;

    /// Found by fuzzing (fuzz/corpus/household_json/crash-aa9bb924…): a member object given
    /// as a cause was quoted whole in the message, its ID number and name with it.
    #[test]
    fn a_cause_of_the_wrong_type_is_not_quoted() {
        let json = r#"{"file_number": "5223270002001", "village": "522327104201",
            "identified_year": 2016, "status": "poor", "main_cause": "因病",
            "other_causes": [{"id_number": "522327197003120211", "name": "刘奶奶"}, 522327197003120211],
            "members": [{"name": "张三", "relation": "householder", "sex": "male"}]}"#;
        let e = Household::from_json(json).unwrap_err();
        let shown = format!("{e} {e:?}");
        assert!(
            shown.contains("a cause is a string, not an object"),
            "{shown}"
        );
        assert!(
            shown.contains("a cause is a string, not a number"),
            "{shown}"
        );
        assert!(!shown.contains("522327197003120211"), "{shown}");
        assert!(!shown.contains("刘奶奶"), "{shown}");
    }
}
