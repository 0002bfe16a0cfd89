//! The core's error type and the list-of-issues shape every validation returns.
//!
//! Every error and every issue carries a stable snake_case `code` that never changes once
//! released; messages are for people and may be reworded. Messages are lowercase, have no
//! final period, quote user input in backticks and never contain personal data unmasked.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// Input text as messages quote it — the one way, for the core, the adapters and the
/// command: anything shaped like an ID number masked, cut to 40 characters, masked again
/// (the cut may end a longer run of digits in 18); a JSON object or a list of objects or
/// strings (a household's `members` pasted in a cell, names and all) is not quoted at all,
/// only said to be one. Every message that quotes what a file or a caller gave goes through
/// this.
///
/// ```
/// use fupin_core::quote;
/// assert_eq!(quote("贫困"), "贫困");
/// assert_eq!(quote("id 522327198503120415"), "id 5223**********0415");
/// assert_eq!(quote(r#"[{"name": "王大山", "relation": "householder"}]"#), "[…] (a JSON list, not shown)");
/// // the cut does not leave 17 digits of an ID number behind
/// assert!(!quote(&format!("{}522327198503120415", "x".repeat(23))).contains("52232719850312041"));
/// ```
pub fn quote(s: &str) -> String {
    let t = s.trim_start();
    if t.starts_with('{') {
        return "{…} (a JSON object, not shown)".to_owned();
    }
    let list_of_records = t
        .strip_prefix('[')
        .map(str::trim_start)
        .is_some_and(|rest| rest.starts_with('{') || rest.starts_with('"'));
    if list_of_records {
        return "[…] (a JSON list, not shown)".to_owned();
    }
    let cut: String = crate::household::IdNumber::mask_in(s)
        .chars()
        .take(40)
        .collect();
    crate::household::IdNumber::mask_in(&cut)
}

/// One step of a [`Path`]: a field name or a list index.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PathItem {
    /// A field or map key.
    Key(String),
    /// A position in a list, from 0.
    Index(usize),
}

/// Where in a value an issue was found, e.g. `members[2].id_number`.
///
/// On the wire a path is its display string; the empty path (the value itself) is `""`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Path(Vec<PathItem>);

impl Path {
    /// The empty path: the value itself.
    pub fn root() -> Self {
        Self(Vec::new())
    }

    /// This path followed by a field name.
    #[must_use]
    pub fn key(&self, key: impl Into<String>) -> Self {
        let mut items = self.0.clone();
        items.push(PathItem::Key(key.into()));
        Self(items)
    }

    /// This path followed by a list index.
    #[must_use]
    pub fn index(&self, index: usize) -> Self {
        let mut items = self.0.clone();
        items.push(PathItem::Index(index));
        Self(items)
    }

    /// This path followed by every step of `other`.
    #[must_use]
    pub fn join(&self, other: &Path) -> Self {
        let mut items = self.0.clone();
        items.extend(other.0.iter().cloned());
        Self(items)
    }

    /// The steps of the path, outermost first.
    pub fn items(&self) -> &[PathItem] {
        &self.0
    }

    /// Whether this is the root path.
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// This path with its first step, when it is an index, mapped by `f` (used to number
    /// rows of a part by the rows of the whole input).
    #[must_use]
    pub fn map_first_index(&self, f: impl FnOnce(usize) -> usize) -> Self {
        let mut items = self.0.clone();
        if let Some(PathItem::Index(i)) = items.first_mut() {
            *i = f(*i);
        }
        Self(items)
    }

    /// The first step, when it is an index (the row of a row-level issue).
    pub fn first_index(&self) -> Option<usize> {
        match self.0.first() {
            Some(PathItem::Index(i)) => Some(*i),
            _ => None,
        }
    }

    /// Parses the display form back (`members[2].id_number`).
    pub fn parse(s: &str) -> Self {
        let mut items = Vec::new();
        for part in s.split('.').filter(|p| !p.is_empty()) {
            let mut rest = part;
            if let Some(open) = rest.find('[') {
                let (key, idx) = rest.split_at(open);
                if !key.is_empty() {
                    items.push(PathItem::Key(key.to_owned()));
                }
                rest = idx;
                for piece in rest.split('[').filter(|p| !p.is_empty()) {
                    let digits = piece.trim_end_matches(']');
                    match digits.parse::<usize>() {
                        Ok(i) => items.push(PathItem::Index(i)),
                        Err(_) => items.push(PathItem::Key(digits.to_owned())),
                    }
                }
            } else {
                items.push(PathItem::Key(rest.to_owned()));
            }
        }
        Self(items)
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for item in &self.0 {
            match item {
                PathItem::Key(k) => {
                    if !first {
                        f.write_str(".")?;
                    }
                    // a key of the input (`[1].522327198503120415`) may be personal data
                    f.write_str(&crate::mask::mask_personal(k))?;
                }
                PathItem::Index(i) => write!(f, "[{i}]")?,
            }
            first = false;
        }
        Ok(())
    }
}

impl From<&str> for Path {
    fn from(s: &str) -> Self {
        Self::parse(s)
    }
}

impl Serialize for Path {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Path {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Ok(Self::parse(&s))
    }
}

/// One problem found while validating a value: what (`code`), where (`path`), why
/// (`message`) and the values involved (`params`).
///
/// This is the shape shared by Rust, Python (`ValidationError.errors()`) and JavaScript
/// (`error.issues`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Issue {
    /// Stable snake_case code, e.g. `id_check_digit`.
    pub code: String,
    /// Where the problem is, e.g. `members[2].id_number`.
    pub path: Path,
    /// A sentence for people.
    pub message: String,
    /// The values involved, for building other messages. Never holds personal data unmasked.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub params: BTreeMap<String, serde_json::Value>,
}

impl Issue {
    /// A new issue without params. Anything in the message shaped like an ID number is
    /// masked (see [`IdNumber::mask_in`](crate::household::IdNumber::mask_in)): messages
    /// quote what files give, and an ID number may turn up in any field of them.
    pub fn new(code: impl Into<String>, path: Path, message: impl Into<String>) -> Self {
        let message: String = message.into();
        Self {
            code: code.into(),
            path,
            message: crate::household::IdNumber::mask_in(&message),
            params: BTreeMap::new(),
        }
    }

    /// Adds a parameter (a text one with anything shaped like an ID number masked, as in
    /// the message).
    #[must_use]
    pub fn with(mut self, key: &str, value: impl Into<serde_json::Value>) -> Self {
        let value = match value.into() {
            serde_json::Value::String(s) => {
                serde_json::Value::String(crate::household::IdNumber::mask_in(&s))
            }
            other => other,
        };
        self.params.insert(key.to_owned(), value);
        self
    }

    /// The same issue, found inside the value at `prefix`.
    #[must_use]
    pub fn under(mut self, prefix: &Path) -> Self {
        self.path = prefix.join(&self.path);
        self
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_root() {
            write!(f, "{} [{}]", self.message, self.code)
        } else {
            write!(f, "{}: {} [{}]", self.path, self.message, self.code)
        }
    }
}

/// Every problem found in one value; empty when the value is valid.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Issues(pub Vec<Issue>);

impl Issues {
    /// No issues.
    pub fn new() -> Self {
        Self(Vec::new())
    }
    /// Adds one issue.
    pub fn push(&mut self, issue: Issue) {
        self.0.push(issue);
    }
    /// Adds every issue of `other`, found under `prefix`.
    pub fn extend_under(&mut self, prefix: &Path, other: Issues) {
        self.0.extend(other.0.into_iter().map(|i| i.under(prefix)));
    }
    /// Whether there is no issue.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// How many issues.
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// Iterates over the issues.
    pub fn iter(&self) -> std::slice::Iter<'_, Issue> {
        self.0.iter()
    }
    /// The distinct rows (first path index) the issues are about, sorted.
    pub fn rows(&self) -> Vec<usize> {
        let mut rows: Vec<usize> = self.0.iter().filter_map(|i| i.path.first_index()).collect();
        rows.sort_unstable();
        rows.dedup();
        rows
    }

    /// `Ok(())` when empty, else the issues as an [`Error::Validation`].
    pub fn into_result(self) -> Result<(), Error> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(Error::Validation(self))
        }
    }
}

impl IntoIterator for Issues {
    type Item = Issue;
    type IntoIter = std::vec::IntoIter<Issue>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Issues {
    type Item = &'a Issue;
    type IntoIter = std::slice::Iter<'a, Issue>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl fmt::Display for Issues {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, issue) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{issue}")?;
        }
        Ok(())
    }
}

/// The one error type of `fupin-core`. [`Error::code`] is stable.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A region code that cannot exist.
    #[error("invalid region code: {0}")]
    Code(#[from] crate::region::CodeError),
    /// A citizen ID number that fails its format or check digit.
    #[error("invalid id number: {0}")]
    IdNumber(#[from] crate::household::IdNumberError),
    /// An amount of money that is not a valid yuan amount.
    #[error("invalid amount: {0}")]
    Money(#[from] crate::money::MoneyError),
    /// A key that names no known item (cause, project, guarantee …).
    #[error("unknown {kind} `{value}`")]
    UnknownKey {
        /// What kind of key, e.g. `cause`.
        kind: &'static str,
        /// The key given (never personal data).
        value: String,
    },
    /// A value that parsed but broke one or more rules; every problem is listed.
    #[error("{n} validation issue(s): {issues}", n = .0.len(), issues = .0)]
    Validation(Issues),
    /// Input that is not valid JSON for the expected type.
    #[error("invalid json: {0}")]
    Json(String),
}

impl Error {
    /// The stable snake_case code of this error's kind.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Code(e) => e.code(),
            Error::IdNumber(e) => e.code(),
            Error::Money(e) => e.code(),
            Error::UnknownKey { .. } => "unknown_key",
            Error::Validation(_) => "validation",
            Error::Json(_) => "invalid_json",
        }
    }

    /// The error as a list of issues: the validation issues, or this error as one issue at
    /// the root.
    pub fn issues(&self) -> Issues {
        match self {
            Error::Validation(issues) => issues.clone(),
            other => Issues(vec![Issue::new(
                other.code(),
                Path::root(),
                other.to_string(),
            )]),
        }
    }
}

impl From<serde_json::Error> for Error {
    /// serde's message, which quotes values of the input: anything shaped like an ID number
    /// in it is masked.
    fn from(e: serde_json::Error) -> Self {
        Error::Json(crate::household::IdNumber::mask_in(&e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by fuzzing (fuzz/corpus/targets_json, `[222222222222222223 …`): serde's message
    /// quoted an ID-number-shaped value of the input unmasked.
    #[test]
    fn json_errors_mask_id_numbers() {
        for json in ["[222222222222222223   2]", r#"["52232719700312021X"]"#] {
            let e: Error = serde_json::from_str::<Vec<u8>>(json).unwrap_err().into();
            let shown = format!("{e} {e:?} {}", e.issues());
            assert!(shown.contains("**********"), "{shown}");
            assert!(!shown.contains("222222222222222223"), "{shown}");
            assert!(!shown.contains("52232719700312021X"), "{shown}");
        }
    }

    #[test]
    fn path_display_and_parse_round_trip() {
        let p = Path::root().key("members").index(2).key("id_number");
        assert_eq!(p.to_string(), "members[2].id_number");
        assert_eq!(Path::parse("members[2].id_number"), p);
        assert_eq!(Path::parse(""), Path::root());
        assert_eq!(Path::root().index(0).key("a").to_string(), "[0].a");
    }

    #[test]
    fn issue_serializes_as_the_shared_wire_shape() {
        let i = Issue::new(
            "negative_income",
            Path::root().key("income"),
            "must not be negative",
        )
        .with("value", -1);
        let v = serde_json::to_value(&i).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"code": "negative_income", "path": "income",
                "message": "must not be negative", "params": {"value": -1}})
        );
    }
}
