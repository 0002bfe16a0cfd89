//! Reading helpers and pairings from JSON while collecting *every* problem of shape and type
//! with its path (`pairings[3].projects[0].funds`), not just the first one serde meets.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::{Domain, HelperId, PairingBook, PairingId};
use crate::error::{Issue, Issues, Path};
use crate::json_read::kind_of;
use crate::money::Yuan;
use crate::region::RegionCode;

/// A stable code and a message.
type Problem = (&'static str, String);
type Check = fn(&Value) -> Result<(), Problem>;

enum Kind {
    /// One value of a type.
    Of(Check),
    /// A list of values of a type.
    ListOf(Check),
    /// An object with these fields.
    Object(&'static [Field]),
    /// A list of objects with these fields.
    ListOfObjects(&'static [Field]),
}

struct Field {
    name: &'static str,
    required: bool,
    kind: Kind,
}

const fn req(name: &'static str, kind: Kind) -> Field {
    Field {
        name,
        required: true,
        kind,
    }
}

const fn opt(name: &'static str, kind: Kind) -> Field {
    Field {
        name,
        required: false,
        kind,
    }
}

const HELPER: &[Field] = &[
    req("id", Kind::Of(ty::<HelperId>)),
    req("name", Kind::Of(ty::<String>)),
    req("kind", Kind::Of(ty::<super::HelperKind>)),
    req("capacity", Kind::Of(ty::<u32>)),
    req("domains", Kind::ListOf(ty::<Domain>)),
    opt("region", Kind::Of(region)),
];

const RECIPIENT: &[Field] = &[
    req("region", Kind::Of(region)),
    opt("household", Kind::Of(ty::<String>)),
];

const PROJECT: &[Field] = &[
    opt("id", Kind::Of(ty::<String>)),
    opt("name", Kind::Of(ty::<String>)),
    req("domain", Kind::Of(ty::<Domain>)),
    opt("helper", Kind::Of(ty::<HelperId>)),
    req("start", Kind::Of(ty::<chrono::NaiveDate>)),
    req("end", Kind::Of(ty::<chrono::NaiveDate>)),
    req("funds", Kind::Of(money)),
    opt("status", Kind::Of(ty::<super::ProjectStatus>)),
    opt("households", Kind::ListOf(ty::<String>)),
];

const PAIRING: &[Field] = &[
    opt("id", Kind::Of(ty::<PairingId>)),
    req("helpers", Kind::ListOf(ty::<HelperId>)),
    req("recipient", Kind::Object(RECIPIENT)),
    req("signed_on", Kind::Of(ty::<chrono::NaiveDate>)),
    opt("ended_on", Kind::Of(ty::<chrono::NaiveDate>)),
    opt("projects", Kind::ListOfObjects(PROJECT)),
];

const BOOK: &[Field] = &[
    opt("helpers", Kind::ListOfObjects(HELPER)),
    opt("pairings", Kind::ListOfObjects(PAIRING)),
];

use crate::error::quote as clip;

fn ty<T: DeserializeOwned>(value: &Value) -> Result<(), Problem> {
    T::deserialize(value)
        .map(|_| ())
        .map_err(|e| ("invalid_value", crate::json_read::clean(&e)))
}

fn region(value: &Value) -> Result<(), Problem> {
    match value {
        Value::String(s) => RegionCode::parse(s)
            .map(|_| ())
            .map_err(|e| (e.code(), e.to_string())),
        other => ty::<RegionCode>(other),
    }
}

fn money(value: &Value) -> Result<(), Problem> {
    let parsed = match value {
        Value::String(s) => s.parse::<Yuan>().map(|_| ()),
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) if i.checked_mul(100).is_some() => Ok(()),
            (_, Some(f)) => Yuan::from_f64(f).map(|_| ()),
            _ => Err(crate::money::MoneyError::OutOfRange(
                crate::household::IdNumber::mask_in(&n.to_string()),
            )),
        },
        other => return ty::<Yuan>(other),
    };
    parsed.map_err(|e| (e.code(), e.to_string()))
}

fn object<'a>(value: &'a Value, at: &Path, out: &mut Issues) -> Option<&'a Map<String, Value>> {
    match value {
        Value::Object(obj) => Some(obj),
        other => {
            out.push(Issue::new(
                "invalid_value",
                at.clone(),
                format!("expected an object, found {}", kind_of(other)),
            ));
            None
        }
    }
}

fn list<'a>(value: &'a Value, at: &Path, out: &mut Issues) -> &'a [Value] {
    match value {
        Value::Array(items) => items,
        other => {
            out.push(Issue::new(
                "invalid_value",
                at.clone(),
                format!("expected a list, found {}", kind_of(other)),
            ));
            &[]
        }
    }
}

fn check_object(value: &Value, fields: &[Field], at: &Path, out: &mut Issues) {
    let Some(obj) = object(value, at, out) else {
        return;
    };
    for field in fields {
        let here = at.key(field.name);
        match obj.get(field.name) {
            None | Some(Value::Null) => {
                if field.required {
                    out.push(Issue::new(
                        "missing_field",
                        here,
                        format!("`{}` is required", field.name),
                    ));
                }
            }
            Some(v) => check_field(v, &field.kind, &here, out),
        }
    }
    let mut unknown: Vec<&String> = obj
        .keys()
        .filter(|k| !fields.iter().any(|f| f.name == k.as_str()))
        .collect();
    unknown.sort();
    for key in unknown {
        out.push(Issue::new(
            "unknown_field",
            at.key(key.as_str()),
            format!("`{}` is not a field here", clip(key)),
        ));
    }
}

fn check_field(value: &Value, kind: &Kind, at: &Path, out: &mut Issues) {
    let one = |v: &Value, check: Check, at: Path, out: &mut Issues| {
        if let Err((code, message)) = check(v) {
            out.push(Issue::new(code, at, message));
        }
    };
    match kind {
        Kind::Of(check) => one(value, *check, at.clone(), out),
        Kind::ListOf(check) => {
            for (i, item) in list(value, at, out).iter().enumerate() {
                one(item, *check, at.index(i), out);
            }
        }
        Kind::Object(fields) => check_object(value, fields, at, out),
        Kind::ListOfObjects(fields) => {
            for (i, item) in list(value, at, out).iter().enumerate() {
                check_object(item, fields, &at.index(i), out);
            }
        }
    }
}

/// Reads a book of helpers and pairings, or every problem of shape and type in it.
pub(super) fn book_from_value(value: Value) -> Result<PairingBook, Issues> {
    let mut issues = Issues::new();
    check_object(&value, BOOK, &Path::root(), &mut issues);
    if !issues.is_empty() {
        return Err(issues);
    }
    serde_json::from_value(value).map_err(|e| {
        Issues(vec![Issue::new(
            "invalid_value",
            Path::root(),
            crate::json_read::clean(&e),
        )])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shape_problem_is_reported_with_its_path() {
        let value = serde_json::json!({
            "helpers": [
                {"id": "h1", "name": "a", "kind": "foundation", "capacity": -1,
                 "domains": ["health", "gardening"]},
                "not an object"
            ],
            "pairings": [{
                "helpers": ["h1", 7], "recipient": {"region": "52232"},
                "signed_on": "2018-02-30", "colour": "red",
                "projects": [{"domain": "health", "start": "2018-01-01", "end": "2018-12-31",
                              "funds": 1.005}]
            }],
            "extra": 1
        });
        let issues = book_from_value(value).unwrap_err();
        let got: Vec<String> = issues
            .iter()
            .map(|i| format!("{} {}", i.code, i.path))
            .collect();
        assert_eq!(
            got,
            [
                "invalid_value helpers[0].capacity",
                "invalid_value helpers[0].domains[1]",
                "invalid_value helpers[1]",
                "invalid_value pairings[0].helpers[1]",
                "code_length pairings[0].recipient.region",
                "invalid_value pairings[0].signed_on",
                "money_too_precise pairings[0].projects[0].funds",
                "unknown_field pairings[0].colour",
                "unknown_field extra",
            ]
        );
    }

    /// Found by fuzzing (fuzz/corpus/pairing_json/crash-*): serde's unknown-variant message
    /// quoted an ID-number-shaped run of a helper's kind unmasked.
    #[test]
    fn type_messages_mask_id_numbers() {
        let value = serde_json::json!({
            "helpers": [{"id": "h1", "name": "a", "kind": "internet_ent522327197003120211x"}]
        });
        let shown = book_from_value(value).unwrap_err().to_string();
        assert!(shown.contains("5223**********0211"), "{shown}");
        assert!(!shown.contains("522327197003120211"), "{shown}");
    }
}
