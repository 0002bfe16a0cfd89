//! The value columns of a unit table that the indicators beyond shares read
//! ([`MeasureDefs::fields`]): found by their accepted names, read cell by cell into the
//! core's [`UnitValues`] with every problem reported at its row and column.

use arrow_array::{ArrayRef, RecordBatch};
use fupin_core::assess::{UnitValue, UnitValues};
use fupin_core::plan::measure::{FieldSpec, FieldType};
use fupin_core::{Issue, Path};

use crate::cell;
use crate::columns::same_name;
use crate::error::ArrowError;

/// One value column found in a batch.
pub(crate) struct ValueColumn {
    field: String,
    kind: FieldType,
    col: ArrayRef,
    name: String,
    /// The field's spec (for the core's checks across the fields of a row).
    spec: FieldSpec,
}

/// Whether a column named `column` holds the field `spec` (its name or an alias; case,
/// surrounding white space and a byte-order mark ignored, as for the core's fields).
pub fn holds_field(column: &str, spec: &FieldSpec) -> bool {
    same_name(column, &spec.name) || spec.aliases.iter().any(|a| same_name(column, a))
}

/// The columns of `batch` holding the fields `specs` name (a field without a column is left
/// out); two columns for one field are refused, as for the core's own fields.
pub(crate) fn find(
    batch: &RecordBatch,
    specs: &[FieldSpec],
) -> Result<Vec<ValueColumn>, ArrowError> {
    let schema = batch.schema();
    let mut out = Vec::new();
    for spec in specs {
        let mut hits = schema
            .fields()
            .iter()
            .enumerate()
            .filter(|(_, f)| holds_field(f.name(), spec));
        let Some((i, f)) = hits.next() else {
            continue;
        };
        if let Some((j, g)) = hits.next() {
            return Err(if same_name(f.name(), g.name()) {
                ArrowError::AmbiguousColumn {
                    field: spec.name.clone(),
                    name: f.name().clone(),
                    first: i + 1,
                    second: j + 1,
                }
            } else {
                ArrowError::ConflictingColumns {
                    field: spec.name.clone(),
                    names: [f.name().clone(), g.name().clone()],
                    first: i + 1,
                    second: j + 1,
                }
            });
        }
        if let Some(col) = batch.columns().get(i) {
            out.push(ValueColumn {
                field: spec.name.clone(),
                kind: spec.kind,
                col: crate::households::normalized(col),
                name: f.name().clone(),
                spec: spec.clone(),
            });
        }
    }
    Ok(out)
}

/// An amount read exactly: text as written (at most two decimals), floats to the fen,
/// integers as they are.
fn amount(col: &ArrayRef, i: usize) -> Result<Option<UnitValue>, String> {
    if let Some(t) = cell::str_at(col, i) {
        let t = t.trim();
        if t.is_empty() {
            return Ok(None);
        }
        let bad = || {
            format!(
                "`{}` is not an amount (a number, at most two decimals)",
                fupin_core::quote(t)
            )
        };
        let (whole, frac) = t.split_once('.').unwrap_or((t, ""));
        if whole.is_empty()
            || !whole.bytes().all(|b| b.is_ascii_digit())
            || frac.len() > 2 && !frac.bytes().skip(2).all(|b| b == b'0')
            || !frac.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(if t.starts_with('-') {
                format!("`{}` is negative", fupin_core::quote(t))
            } else {
                bad()
            });
        }
        let whole: u64 = whole.parse().map_err(|_| bad())?;
        let mut cents = 0u64;
        for (k, b) in frac.bytes().take(2).enumerate() {
            cents += u64::from(b - b'0') * if k == 0 { 10 } else { 1 };
        }
        if whole > fupin_core::assess::MAX_VALUE {
            return Err(format!(
                "{whole} is above the largest value accepted, {}",
                fupin_core::assess::MAX_VALUE
            ));
        }
        return Ok(Some(UnitValue::Hundredths(whole * 100 + cents)));
    }
    match cell::number(col, i)? {
        None => Ok(None),
        Some(x) => UnitValue::number(x).map(Some),
    }
}

/// The values of row `i` (numbered `row` in issues), or `None` with its problems added.
pub(crate) fn read(
    cols: &[ValueColumn],
    i: usize,
    row: usize,
    problems: &mut fupin_core::Issues,
) -> Option<UnitValues> {
    let mut values = UnitValues::new();
    let mut ok = true;
    for c in cols {
        let at = || Path::root().index(row).key(c.name.clone());
        let read = match c.kind {
            FieldType::Flag => cell::flag(&c.col, i)
                .map(|v| v.map(UnitValue::Flag))
                .map_err(|m| Issue::new("invalid_value", at(), m)),
            FieldType::Integer => match cell::integer(&c.col, i) {
                Err(m) => Err(Issue::new("invalid_value", at(), m)),
                Ok(None) => Ok(None),
                Ok(Some(n)) => u64::try_from(n)
                    .map_err(|_| format!("{n} is not a count (negative)"))
                    .and_then(UnitValue::integer)
                    .map(Some)
                    .map_err(|m| Issue::new("field_range", at(), m)),
            },
            FieldType::Amount => {
                amount(&c.col, i).map_err(|m| Issue::new("invalid_value", at(), m))
            }
        };
        match read {
            Ok(Some(v)) => {
                values.insert(c.field.clone(), v);
            }
            Ok(None) => {}
            Err(issue) => {
                problems.push(issue);
                ok = false;
            }
        }
    }
    // a share's part against its whole: the core's rule, at the part's column
    for c in cols {
        if let Some(issue) = values.check_part(&c.spec, Path::root().index(row).key(c.name.clone()))
        {
            problems.push(issue);
            ok = false;
        }
    }
    ok.then_some(values)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests")]
mod tests {
    use std::sync::Arc;

    use arrow_array::StringArray;

    use super::*;

    #[test]
    fn amounts_are_read_exactly_from_text() {
        let col: ArrayRef = Arc::new(StringArray::from(vec![
            "1234.56", "7", "0.5", "1.234", "-3", "abc", "", "12.500",
        ]));
        let got: Vec<Result<Option<UnitValue>, String>> = (0..8).map(|i| amount(&col, i)).collect();
        assert_eq!(got[0], Ok(Some(UnitValue::Hundredths(123_456))));
        assert_eq!(got[1], Ok(Some(UnitValue::Hundredths(700))));
        assert_eq!(got[2], Ok(Some(UnitValue::Hundredths(50))));
        assert!(got[3].is_err());
        assert!(got[4].as_ref().unwrap_err().contains("negative"));
        assert!(got[5].is_err());
        assert_eq!(got[6], Ok(None));
        assert_eq!(got[7], Ok(Some(UnitValue::Hundredths(1250))));
    }
}
