//! Reading JSON values field by field so that every shape or type problem is reported with
//! its path, not just the first one serde meets. Shared by the responsibility map and the
//! procedures.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::BodyId;
use crate::error::{Issue, Issues, Path};
use crate::region::RegionCode;

use crate::json_read::clean;
pub(crate) use crate::json_read::kind_of;

/// The value as an object, or an `invalid_value` issue at `at`.
pub(crate) fn object<'a>(
    value: &'a Value,
    what: &str,
    at: &Path,
    out: &mut Issues,
) -> Option<&'a Map<String, Value>> {
    match value {
        Value::Object(obj) => Some(obj),
        other => {
            out.push(Issue::new(
                "invalid_value",
                at.clone(),
                format!("{what} is an object, not {}", kind_of(other)),
            ));
            None
        }
    }
}

/// Reports missing required fields (`missing_field`) and unknown ones (`unknown_field`).
pub(crate) fn shape(
    obj: &Map<String, Value>,
    fields: &[(&str, bool)],
    at: &Path,
    out: &mut Issues,
) {
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

/// Checks that `obj[key]`, when present and not null, reads as `T`.
pub(crate) fn field<T: DeserializeOwned>(
    obj: &Map<String, Value>,
    key: &str,
    at: &Path,
    out: &mut Issues,
) {
    if let Some(v) = obj.get(key)
        && !v.is_null()
    {
        value::<T>(v, &at.key(key), out);
    }
}

/// Checks a region code field, with the code's own error code (`code_length` …) for a
/// string that is not one.
pub(crate) fn region(obj: &Map<String, Value>, key: &str, at: &Path, out: &mut Issues) {
    match obj.get(key) {
        Some(Value::String(s)) => {
            if let Err(e) = RegionCode::parse(s) {
                out.push(Issue::new(e.code(), at.key(key), e.to_string()));
            }
        }
        _ => field::<RegionCode>(obj, key, at, out),
    }
}

/// Checks a body id field, with the id's own error code (`body_id_empty` …) for a string
/// that is not one.
pub(crate) fn body_id(obj: &Map<String, Value>, key: &str, at: &Path, out: &mut Issues) {
    match obj.get(key) {
        Some(Value::String(s)) => {
            if let Err(e) = BodyId::try_new(s.as_str()) {
                out.push(Issue::new(e.code(), at.key(key), e.to_string()));
            }
        }
        _ => field::<BodyId>(obj, key, at, out),
    }
}

/// Checks that `v` reads as `T`, reporting `invalid_value` at `at`.
pub(crate) fn value<T: DeserializeOwned>(v: &Value, at: &Path, out: &mut Issues) {
    if let Err(e) = T::deserialize(v) {
        out.push(Issue::new("invalid_value", at.clone(), clean(&e)));
    }
}

/// The list at `obj[key]` (empty when absent), or an `invalid_value` issue.
pub(crate) fn list<'a>(
    obj: &'a Map<String, Value>,
    key: &str,
    at: &Path,
    out: &mut Issues,
) -> &'a [Value] {
    match obj.get(key) {
        Some(Value::Array(items)) => items,
        None | Some(Value::Null) => &[],
        Some(other) => {
            out.push(Issue::new(
                "invalid_value",
                at.key(key),
                format!("`{key}` is a list, not {}", kind_of(other)),
            ));
            &[]
        }
    }
}

/// Builds the typed value once every field checked out; a last serde error (which should
/// not happen) is reported at the root.
pub(crate) fn build<T: DeserializeOwned>(value: Value) -> Result<T, Issues> {
    serde_json::from_value(value)
        .map_err(|e| Issues(vec![Issue::new("invalid_value", Path::root(), clean(&e))]))
}
