//! Small helpers shared by the readers that report every problem of a JSON value
//! (households, responsibility maps, pairing books).

use serde_json::Value;

use crate::error::{Issue, Path};

/// serde's message without its "at line … column …" tail, meaningless for a value already
/// parsed, and with anything shaped like an ID number in the values it quotes masked.
pub(crate) fn clean(err: &serde_json::Error) -> String {
    let mut message = crate::household::IdNumber::mask_in(&err.to_string());
    if let Some(cut) = message.find(" at line ") {
        message.truncate(cut);
    }
    message
}

/// What kind of JSON value this is, for messages.
pub(crate) fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// One step of the path to the value being read, kept on the stack (nothing is allocated
/// unless a duplicate key is found).
#[derive(Clone, Copy)]
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

#[derive(Clone, Copy)]
struct Here<'a> {
    parent: Option<&'a Here<'a>>,
    step: Option<Step<'a>>,
}

impl Here<'_> {
    fn path(&self) -> Path {
        let mut steps = Vec::new();
        let mut at = Some(self);
        while let Some(h) = at {
            steps.extend(h.step);
            at = h.parent;
        }
        steps.iter().rev().fold(Path::root(), |p, s| match s {
            Step::Key(k) => p.key(*k),
            Step::Index(i) => p.index(*i),
        })
    }
}

/// Builds a [`Value`] like serde_json's own, but refuses a key that an object already has
/// (serde_json keeps the last silently), recording where.
struct Unique<'a> {
    here: Here<'a>,
    duplicate: &'a std::cell::RefCell<Option<Path>>,
}

impl<'de> serde::de::DeserializeSeed<'de> for Unique<'_> {
    type Value = Value;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Unique<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        serde::de::DeserializeSeed::deserialize(self, d)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        loop {
            let here = Here {
                parent: Some(&self.here),
                step: Some(Step::Index(items.len())),
            };
            let seed = Unique {
                here,
                duplicate: self.duplicate,
            };
            match seq.next_element_seed(seed)? {
                Some(v) => items.push(v),
                None => return Ok(Value::Array(items)),
            }
        }
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let here = Here {
                parent: Some(&self.here),
                step: Some(Step::Key(&key)),
            };
            if object.contains_key(&key) {
                *self.duplicate.borrow_mut() = Some(here.path());
                return Err(serde::de::Error::custom("duplicate key"));
            }
            let seed = Unique {
                here,
                duplicate: self.duplicate,
            };
            let value = map.next_value_seed(seed)?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

/// Parses JSON text into a [`Value`] like `serde_json::from_str`, except that an object
/// with the same key twice is refused: serde_json would keep the last value silently, so
/// which one a file meant would be a guess.
///
/// The error is an issue: `duplicate_key` at the path of the second occurrence (e.g.
/// `members[1].name`), or `invalid_json` at the root with serde_json's message (nesting
/// deeper than 128 levels is refused too).
///
/// ```
/// let v = fupin_core::parse_json(r#"{"village": "522327104201", "members": []}"#)?;
/// assert_eq!(v["village"], "522327104201");
/// let e = fupin_core::parse_json(r#"{"members": [{"name": "a", "name": "b"}]}"#).unwrap_err();
/// assert_eq!((e.code.as_str(), e.path.to_string()), ("duplicate_key", "members[0].name".to_owned()));
/// # Ok::<(), fupin_core::Issue>(())
/// ```
pub fn parse_json(text: &str) -> Result<Value, Issue> {
    use crate::household::scan::{Refused, read_seed};
    // the usual text by the fast path's reader, which calls the visitors as serde_json
    // does (so the same value, the same key found twice); serde_json for the rest
    let duplicate = std::cell::RefCell::new(None);
    let seed = Unique {
        here: Here {
            parent: None,
            step: None,
        },
        duplicate: &duplicate,
    };
    match read_seed(seed, text) {
        Ok(value) => return Ok(value),
        Err(Refused::Rejected) => {
            if let Some(path) = duplicate.into_inner() {
                return Err(duplicate_key(path));
            }
        }
        Err(Refused::Syntax) => {}
    }
    let duplicate = std::cell::RefCell::new(None);
    let seed = Unique {
        here: Here {
            parent: None,
            step: None,
        },
        duplicate: &duplicate,
    };
    let mut de = serde_json::Deserializer::from_str(text);
    let parsed = serde::de::DeserializeSeed::deserialize(seed, &mut de).and_then(|v| {
        de.end()?;
        Ok(v)
    });
    parsed.map_err(|e| parse_issue(&e, duplicate.into_inner()))
}

/// The error of a parse as [`parse_json`] reports it.
fn parse_issue(e: &serde_json::Error, duplicate: Option<Path>) -> Issue {
    match duplicate {
        Some(path) => duplicate_key(path),
        None => Issue::new("invalid_json", Path::root(), e.to_string()),
    }
}

/// A top-level list whose items go one by one to a receiver.
struct Items<'a, F> {
    each: &'a mut F,
    duplicate: &'a std::cell::RefCell<Option<Path>>,
}

impl<'de, F: FnMut(usize, Value)> serde::de::Visitor<'de> for Items<'_, F> {
    type Value = Option<Value>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut i = 0;
        loop {
            let seed = Unique {
                here: Here {
                    parent: None,
                    step: Some(Step::Index(i)),
                },
                duplicate: self.duplicate,
            };
            match seq.next_element_seed(seed)? {
                Some(v) => (self.each)(i, v),
                None => return Ok(None),
            }
            i += 1;
        }
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        let top = Unique {
            here: Here {
                parent: None,
                step: None,
            },
            duplicate: self.duplicate,
        };
        serde::de::Visitor::visit_map(top, map).map(Some)
    }

    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(Value::Bool(v)))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(Value::from(v)))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(Value::from(v)))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(
            serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number),
        ))
    }

    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(Value::String(v.to_owned())))
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Some(Value::Null))
    }
}

/// Reads JSON from `reader` as [`parse_json`] reads text, but a list at the top is never
/// built: each item goes to `each` (its index from 0, the item) as soon as it is read, so
/// memory holds one item, not the file — the way to read a whole file of a million
/// household records. Returns `None` when the top value was a list (every item handed
/// on), else the value. On an error (a duplicate key's path begins with its item's index)
/// the items before it were handed on already.
///
/// ```
/// let mut seen = Vec::new();
/// let text = r#"[{"file_number": "S1"}, {"file_number": "S2"}]"#;
/// let top = fupin_core::parse_json_items(text.as_bytes(), |i, v| seen.push((i, v)))?;
/// assert!(top.is_none());
/// assert_eq!((seen.len(), seen[1].1["file_number"].as_str()), (2, Some("S2")));
/// let e = fupin_core::parse_json_items(r#"[{}, {"a": 1, "a": 2}]"#.as_bytes(), |_, _| {}).unwrap_err();
/// assert_eq!((e.code.as_str(), e.path.to_string()), ("duplicate_key", "[1].a".to_owned()));
/// let one = fupin_core::parse_json_items(r#"{"file_number": "S1"}"#.as_bytes(), |_, _| {})?;
/// assert_eq!(one.unwrap()["file_number"], "S1");
/// # Ok::<(), fupin_core::Issue>(())
/// ```
pub fn parse_json_items(
    reader: impl std::io::Read,
    mut each: impl FnMut(usize, Value),
) -> Result<Option<Value>, Issue> {
    let duplicate = std::cell::RefCell::new(None);
    let mut de = serde_json::Deserializer::from_reader(reader);
    let items = Items {
        each: &mut each,
        duplicate: &duplicate,
    };
    let parsed = serde::Deserializer::deserialize_any(&mut de, items).and_then(|v| {
        de.end()?;
        Ok(v)
    });
    parsed.map_err(|e| parse_issue(&e, duplicate.into_inner()))
}

/// The issue of a key given twice, at `path` (its second place).
fn duplicate_key(path: Path) -> Issue {
    let key = match path.items().last() {
        Some(crate::PathItem::Key(k)) => crate::error::quote(k),
        _ => String::new(),
    };
    Issue::new(
        "duplicate_key",
        path,
        format!("the key `{key}` appears twice in one object"),
    )
}

/// JSON text read as [`parse_json`] reads it (a key twice in one object is refused), with the
/// crate's error: `duplicate_key` is a validation issue with its path, text that is not JSON
/// is [`Error::Json`](crate::Error::Json).
pub(crate) fn value_from_str(json: &str) -> Result<Value, crate::Error> {
    parse_json(json).map_err(|issue| match issue.code.as_str() {
        "duplicate_key" => crate::Error::Validation(crate::Issues(vec![issue])),
        _ => crate::Error::Json(crate::household::IdNumber::mask_in(&issue.message)),
    })
}

/// A typed value from JSON text: [`value_from_str`], then serde (whose type messages are
/// masked by the crate's `From<serde_json::Error>`).
pub(crate) fn typed_from_str<T: serde::de::DeserializeOwned>(
    json: &str,
) -> Result<T, crate::Error> {
    Ok(serde_json::from_value(value_from_str(json)?)?)
}

#[cfg(test)]
mod tests {
    use crate::household::Household;

    /// Found by fuzzing (fuzz/corpus/household_json/crash-66cb05b7…): an ID number given
    /// where a member's field expects something else was quoted unmasked in serde's
    /// `invalid_value` message.
    #[test]
    fn type_errors_mask_id_numbers() {
        let json = r#"{"file_number": "5223270002001", "village": "522327104201",
            "identified_year": 2016, "status": "poor", "main_cause": "因病",
            "members": [{"name": "张三", "relation": "householder", "sex": "male",
                         "insurance": "522327200501100138"}]}"#;
        let e = Household::from_json(json).unwrap_err();
        let shown = format!("{e} {e:?}");
        assert!(shown.contains("5223**********0138"), "{shown}");
        assert!(!shown.contains("522327200501100138"), "{shown}");
    }
}
