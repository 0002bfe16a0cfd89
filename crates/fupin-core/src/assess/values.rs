//! [`UnitValues`]: the values of a unit-table row that the indicators beyond shares read
//! ([`MeasureDef`](crate::plan::MeasureDef)): yes/no facts and non-negative numbers, the
//! numbers kept exactly in hundredths (yuan and fen).

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::{Issue, Issues, Path};
use crate::plan::measure::{FieldSpec, FieldType};

/// The largest number a unit's field may hold: 10^12 (a trillion yuan, or things).
pub const MAX_VALUE: u64 = 1_000_000_000_000;

/// One value of a unit-table field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnitValue {
    /// Yes or no.
    Flag(bool),
    /// A non-negative number in hundredths (12.5 is 1250).
    Hundredths(u64),
}

impl UnitValue {
    /// A number read from `x`: finite, not negative, at most [`MAX_VALUE`], with at most
    /// two decimals; the problem in words otherwise.
    pub fn number(x: f64) -> Result<UnitValue, String> {
        if !x.is_finite() || x < 0.0 {
            return Err(format!("{x} is not a non-negative number"));
        }
        #[expect(clippy::cast_precision_loss, reason = "a bound, exact in f64")]
        if x > MAX_VALUE as f64 {
            return Err(format!(
                "{x} is above the largest value accepted, {MAX_VALUE}"
            ));
        }
        // two decimals at most, a float's noise aside: the rule of amounts in yuan
        // (`Yuan::from_f64`), for every value of a unit
        let h = crate::money::Yuan::from_f64(x)
            .map_err(|_| format!("{x} has more than two decimals"))?
            .fen();
        Ok(UnitValue::Hundredths(u64::try_from(h).unwrap_or(0)))
    }

    /// A whole number.
    pub fn integer(n: u64) -> Result<UnitValue, String> {
        if n > MAX_VALUE {
            return Err(format!(
                "{n} is above the largest value accepted, {MAX_VALUE}"
            ));
        }
        Ok(UnitValue::Hundredths(n * 100))
    }

    /// Whether the value fits a field of type `kind`: a flag for yes/no, a whole number for
    /// integers, any number for amounts.
    pub fn fits(self, kind: FieldType) -> bool {
        match (self, kind) {
            (UnitValue::Flag(_), FieldType::Flag) => true,
            (UnitValue::Hundredths(h), FieldType::Integer) => h % 100 == 0,
            (UnitValue::Hundredths(_), FieldType::Amount) => true,
            _ => false,
        }
    }
}

impl fmt::Display for UnitValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UnitValue::Flag(b) => write!(f, "{b}"),
            UnitValue::Hundredths(h) if h % 100 == 0 => write!(f, "{}", h / 100),
            UnitValue::Hundredths(h) => write!(f, "{}.{:02}", h / 100, h % 100),
        }
    }
}

impl Serialize for UnitValue {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            UnitValue::Flag(b) => s.serialize_bool(*b),
            UnitValue::Hundredths(h) if h % 100 == 0 => s.serialize_u64(h / 100),
            #[expect(clippy::cast_precision_loss, reason = "at most 10^14: exact")]
            UnitValue::Hundredths(h) => s.serialize_f64(*h as f64 / 100.0),
        }
    }
}

impl<'de> Deserialize<'de> for UnitValue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = UnitValue;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("true, false or a non-negative number")
            }
            fn visit_bool<E: serde::de::Error>(self, b: bool) -> Result<UnitValue, E> {
                Ok(UnitValue::Flag(b))
            }
            fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<UnitValue, E> {
                UnitValue::integer(n).map_err(E::custom)
            }
            fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<UnitValue, E> {
                u64::try_from(n)
                    .map_err(|_| E::custom(format!("{n} is not a non-negative number")))
                    .and_then(|n| UnitValue::integer(n).map_err(E::custom))
            }
            fn visit_f64<E: serde::de::Error>(self, x: f64) -> Result<UnitValue, E> {
                UnitValue::number(x).map_err(E::custom)
            }
        }
        d.deserialize_any(V)
    }
}

/// The values of one unit, by field name. Most units have none: then it holds no map and
/// takes one word (half a million villages of a national table).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
#[expect(
    clippy::box_collection,
    reason = "one word for the many units without values (a map takes three)"
)]
pub struct UnitValues(Option<Box<BTreeMap<String, UnitValue>>>);

impl UnitValues {
    /// No value.
    pub fn new() -> Self {
        UnitValues(None)
    }

    /// The value of field `name`.
    pub fn get(&self, name: &str) -> Option<&UnitValue> {
        self.0.as_ref().and_then(|m| m.get(name))
    }

    /// Sets the value of field `name`.
    pub fn insert(&mut self, name: String, value: UnitValue) {
        self.0.get_or_insert_with(Box::default).insert(name, value);
    }

    /// Whether there is no value.
    pub fn is_empty(&self) -> bool {
        self.0.as_ref().is_none_or(|m| m.is_empty())
    }

    /// Number of values.
    pub fn len(&self) -> usize {
        self.0.as_ref().map_or(0, |m| m.len())
    }

    /// The values by field name, in name order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &UnitValue)> {
        self.0.iter().flat_map(|m| m.iter())
    }
}

impl FromIterator<(String, UnitValue)> for UnitValues {
    fn from_iter<I: IntoIterator<Item = (String, UnitValue)>>(iter: I) -> Self {
        let map: BTreeMap<String, UnitValue> = iter.into_iter().collect();
        UnitValues((!map.is_empty()).then(|| Box::new(map)))
    }
}

impl Serialize for UnitValues {
    /// A map of the values by field name.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter())
    }
}

impl<'de> Deserialize<'de> for UnitValues {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let map = BTreeMap::<String, UnitValue>::deserialize(d)?;
        Ok(map.into_iter().collect())
    }
}

impl UnitValues {
    /// The problem of field `spec`'s value in this unit against the fields it may not
    /// exceed ([`FieldSpec::at_most`]: a share's part against its whole, e.g. 12 schools
    /// connected of 10 schools), reported at `at` as `part_exceeds_whole`; `None` when it
    /// does not exceed them or a value is not given. Every reader of unit rows (the data
    /// set's unit facts, the Arrow tables' rows) checks with this one rule, so a part
    /// larger than its whole is never summed into the levels above.
    ///
    /// ```
    /// use fupin_core::assess::{UnitValue, UnitValues};
    /// use fupin_core::plan::MeasureDefs;
    /// use fupin_core::region::Level;
    /// use fupin_core::Path;
    ///
    /// let fields = MeasureDefs::default().fields(Level::County);
    /// let connected = fields.iter().find(|f| f.name == "schools_connected").unwrap();
    /// assert_eq!(connected.at_most, ["schools"]);
    /// let mut v = UnitValues::new();
    /// v.insert("schools".into(), UnitValue::integer(10).unwrap());
    /// v.insert("schools_connected".into(), UnitValue::integer(12).unwrap());
    /// let issue = v.check_part(connected, Path::root().key("schools_connected")).unwrap();
    /// assert_eq!(issue.code, "part_exceeds_whole");
    /// # Ok::<(), fupin_core::Error>(())
    /// ```
    pub fn check_part(&self, spec: &FieldSpec, at: Path) -> Option<Issue> {
        let part = self.get(&spec.name).copied()?;
        spec.at_most.iter().find_map(|whole_name| {
            let whole = self.get(whole_name).copied()?;
            (hundredths(part) > hundredths(whole)).then(|| {
                Issue::new(
                    "part_exceeds_whole",
                    at.clone(),
                    format!(
                        "`{}` is {part}, more than `{whole_name}` ({whole}) it is a part of",
                        spec.name
                    ),
                )
                .with("whole", whole_name.clone())
            })
        })
    }
}

/// A value on one scale for comparing parts and wholes: hundredths, yes as 1.
fn hundredths(v: UnitValue) -> u64 {
    match v {
        UnitValue::Flag(b) => 100 * u64::from(b),
        UnitValue::Hundredths(h) => h,
    }
}

/// Checks a unit's values against the fields the definitions read at its level: every
/// field known, every value of its field's type (paths `values.<field>` under `at`).
pub(crate) fn check_values(values: &UnitValues, fields: &[FieldSpec], at: &Path) -> Issues {
    let mut issues = Issues::new();
    for spec in fields {
        issues
            .0
            .extend(values.check_part(spec, at.key("values").key(spec.name.clone())));
    }
    for (name, v) in values.iter() {
        let here = at.key("values").key(name.clone());
        match fields.iter().find(|f| f.name == *name) {
            None => issues.push(Issue::new(
                "unknown_field",
                here,
                format!(
                    "no indicator reads `{}` at this level (define one, or remove the value)",
                    crate::error::quote(name)
                ),
            )),
            Some(f) if !v.fits(f.kind) => issues.push(Issue::new(
                "invalid_value",
                here,
                format!(
                    "`{v}` is not {}",
                    match f.kind {
                        FieldType::Flag => "yes or no",
                        FieldType::Integer => "a whole number",
                        FieldType::Amount => "an amount",
                    }
                ),
            )),
            Some(_) => {}
        }
    }
    issues
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_exact_hundredths() {
        assert_eq!(UnitValue::number(12.5), Ok(UnitValue::Hundredths(1250)));
        assert_eq!(UnitValue::number(0.29), Ok(UnitValue::Hundredths(29)));
        assert!(UnitValue::number(1.234).is_err());
        assert!(UnitValue::number(-1.0).is_err());
        assert!(UnitValue::number(f64::NAN).is_err());
        assert!(UnitValue::number(2e12).is_err());
        let v: UnitValue = serde_json::from_str("1234.56").unwrap();
        assert_eq!(v, UnitValue::Hundredths(123_456));
        assert_eq!(serde_json::to_string(&v).unwrap(), "1234.56");
        assert_eq!(
            serde_json::to_string(&UnitValue::Hundredths(700)).unwrap(),
            "7"
        );
        assert!(serde_json::from_str::<UnitValue>("-3").is_err());
        assert!(UnitValue::Hundredths(150).fits(FieldType::Amount));
        assert!(!UnitValue::Hundredths(150).fits(FieldType::Integer));
        assert!(!UnitValue::Flag(true).fits(FieldType::Integer));
    }

    #[test]
    fn no_values_take_one_word_and_an_empty_map_is_none() {
        assert_eq!(std::mem::size_of::<UnitValues>(), 8);
        let v: UnitValues = serde_json::from_str("{}").unwrap();
        assert_eq!(v, UnitValues::new());
        let v: UnitValues = serde_json::from_str(r#"{"a": 1.5, "b": true}"#).unwrap();
        assert_eq!(
            (v.len(), v.get("a")),
            (2, Some(&UnitValue::Hundredths(150)))
        );
        assert_eq!(serde_json::to_string(&v).unwrap(), r#"{"a":1.5,"b":true}"#);
    }
}
