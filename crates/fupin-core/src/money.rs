//! [`Yuan`]: an exact amount of money, counted in fen (0.01 yuan).

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, Sub};
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Why a value is not an amount of yuan.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MoneyError {
    /// Not a decimal number.
    #[error("`{0}` is not a decimal amount")]
    NotANumber(String),
    /// More than two decimals (finer than a fen).
    #[error("`{0}` has more than two decimals")]
    TooPrecise(String),
    /// Beyond ±90 trillion yuan.
    #[error("`{0}` is out of range")]
    OutOfRange(String),
}

impl MoneyError {
    /// Stable code.
    pub fn code(&self) -> &'static str {
        match self {
            MoneyError::NotANumber(_) => "money_not_a_number",
            MoneyError::TooPrecise(_) => "money_too_precise",
            MoneyError::OutOfRange(_) => "money_out_of_range",
        }
    }
}

/// An exact amount in yuan (元), stored as a whole number of fen, so sums never drift.
///
/// On the wire it is a JSON number (`4000.5`) or a decimal string (`"4000.50"`); more than
/// two decimals is an error, never a silent rounding.
///
/// ```
/// use fupin_core::Yuan;
///
/// let a: Yuan = "0.1".parse()?;
/// let b: Yuan = "0.2".parse()?;
/// assert_eq!((a + b).to_string(), "0.30");
/// assert_eq!(Yuan::from_yuan(2300).fen(), 230_000);
/// assert!("1.005".parse::<Yuan>().is_err());
/// # Ok::<(), fupin_core::MoneyError>(())
/// ```
#[derive(Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Yuan(i64);

const MAX_FEN: i64 = 9_000_000_000_000_000;

use crate::error::quote;

/// How far from a whole number of fen, relative to it, a float amount may be and still be
/// read as that amount: 64 units in the last place (2^-46), the noise of a float that
/// stands for a two-decimal amount. A relative 1e-6 let a third decimal through from 5,000
/// yuan up (3218.003 read as 3218.00: a verdict at the line turned).
const FLOAT_NOISE: f64 = 1.0 / 70_368_744_177_664.0;

impl Yuan {
    /// Zero.
    pub const ZERO: Yuan = Yuan(0);

    /// From a whole number of fen.
    pub const fn from_fen(fen: i64) -> Self {
        Yuan(fen)
    }

    /// From a whole number of yuan (saturating at the range limit).
    pub const fn from_yuan(yuan: i64) -> Self {
        Yuan(yuan.saturating_mul(100))
    }

    /// From a whole number of yuan, or `money_out_of_range` beyond the range text and
    /// decimals are read in (±9×10¹³ yuan): a file's amount is refused, never saturated.
    ///
    /// ```
    /// use fupin_core::Yuan;
    /// assert_eq!(Yuan::try_from_yuan(4_000).unwrap(), Yuan::from_fen(400_000));
    /// assert_eq!(Yuan::try_from_yuan(i64::MAX).unwrap_err().code(), "money_out_of_range");
    /// ```
    pub fn try_from_yuan(yuan: i64) -> Result<Self, MoneyError> {
        yuan.checked_mul(100)
            .filter(|fen| fen.abs() <= MAX_FEN)
            .map(Yuan)
            .ok_or_else(|| MoneyError::OutOfRange(yuan.to_string()))
    }

    /// The amount in fen.
    pub const fn fen(self) -> i64 {
        self.0
    }

    /// The amount as a float, for display and ratios only.
    #[expect(clippy::cast_precision_loss, reason = "display and ratios only")]
    pub fn as_f64(self) -> f64 {
        self.0 as f64 / 100.0
    }

    /// Whether the amount is below zero.
    pub const fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// Sum that reports overflow instead of wrapping.
    pub fn checked_add(self, other: Yuan) -> Option<Yuan> {
        self.0.checked_add(other.0).map(Yuan)
    }

    /// Reads a JSON-style float exactly when it has at most two decimals.
    #[inline]
    pub fn from_f64(v: f64) -> Result<Self, MoneyError> {
        Self::of_f64(v).ok_or_else(|| {
            if !v.is_finite() || v.abs() >= 9.0e13 {
                MoneyError::OutOfRange(quote(&v.to_string()))
            } else {
                MoneyError::TooPrecise(quote(&v.to_string()))
            }
        })
    }

    /// [`Yuan::from_f64`] without its error: `None` where it refuses the float. For bulk
    /// readers, which decide on a whole column of floats — the NaN under a null cell
    /// included — and report a refused row themselves (the error's message is text made
    /// for each value: 0.1 s for the 780,000 NaN of a pandas income column of 7.8 M rows).
    #[inline]
    pub(crate) fn of_f64(v: f64) -> Option<Self> {
        // whole yuan, the usual case of exports: exact without rounding (inlined into bulk
        // readers; the rest is not)
        if v.is_finite() && v.abs() < 9.0e13 {
            #[expect(clippy::cast_possible_truncation, reason = "range checked")]
            let whole = v as i64;
            #[expect(clippy::cast_precision_loss, reason = "|whole| < 2^53: exact")]
            if whole as f64 == v {
                return Some(Yuan(whole * 100));
            }
        }
        Self::of_f64_fen(v)
    }

    /// [`Yuan::of_f64`] for amounts that are not whole yuan (or not amounts).
    #[inline(never)]
    fn of_f64_fen(v: f64) -> Option<Self> {
        if !v.is_finite() || v.abs() >= 9.0e13 {
            return None;
        }
        let x = v * 100.0;
        // rounded half away from zero, as `f64::round`, without its library call (this runs
        // once a row on bulk imports): |x| < 9e15 < 2^63, so the cast truncates exactly
        #[expect(clippy::cast_possible_truncation, reason = "range checked above")]
        let t = x as i64;
        #[expect(clippy::cast_precision_loss, reason = "|t| < 2^53: exact")]
        let rest = x - t as f64;
        let fen = if rest >= 0.5 {
            t + 1
        } else if rest <= -0.5 {
            t - 1
        } else {
            t
        };
        #[expect(clippy::cast_precision_loss, reason = "|fen| < 2^53: exact")]
        let f = fen as f64;
        // a float's own noise only (the binary neighbour of a two-decimal amount, or a few
        // operations on it, as a spreadsheet's 3217.9999999999995): 64 units in the last
        // place of the amount in fen; 3218.003 is 0.3 fen off and is refused, as its text is
        ((x - f).abs() <= FLOAT_NOISE * f.abs().max(1.0)).then_some(Yuan(fen))
    }
}

impl FromStr for Yuan {
    type Err = MoneyError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let clipped = || quote(t);
        let (neg, body) = match t.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, t.strip_prefix('+').unwrap_or(t)),
        };
        let (int, frac) = body.split_once('.').unwrap_or((body, ""));
        let digits_ok = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
        if (int.is_empty() && frac.is_empty()) || !digits_ok(int) || !digits_ok(frac) {
            return Err(MoneyError::NotANumber(clipped()));
        }
        if frac.len() > 2 && frac.bytes().skip(2).any(|b| b != b'0') {
            return Err(MoneyError::TooPrecise(clipped()));
        }
        if int.len() > 16 {
            return Err(MoneyError::OutOfRange(clipped()));
        }
        let mut fen: i64 = 0;
        for b in int.bytes() {
            fen = fen * 10 + i64::from(b - b'0');
        }
        let mut frac_digits = frac.bytes().chain(std::iter::repeat(b'0')).take(2);
        for _ in 0..2 {
            let b = frac_digits.next().unwrap_or(b'0');
            fen = fen * 10 + i64::from(b - b'0');
        }
        if fen > MAX_FEN {
            return Err(MoneyError::OutOfRange(clipped()));
        }
        Ok(Yuan(if neg { -fen } else { fen }))
    }
}

impl fmt::Display for Yuan {
    /// Two decimals, e.g. `4000.50`, `-0.05`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

impl fmt::Debug for Yuan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Yuan({self})")
    }
}

impl Add for Yuan {
    type Output = Yuan;
    /// Saturating addition.
    fn add(self, rhs: Yuan) -> Yuan {
        Yuan(self.0.saturating_add(rhs.0))
    }
}

impl Sub for Yuan {
    type Output = Yuan;
    /// Saturating subtraction.
    fn sub(self, rhs: Yuan) -> Yuan {
        Yuan(self.0.saturating_sub(rhs.0))
    }
}

impl Sum for Yuan {
    fn sum<I: Iterator<Item = Yuan>>(iter: I) -> Yuan {
        iter.fold(Yuan::ZERO, Add::add)
    }
}

impl Serialize for Yuan {
    /// A JSON number with at most two decimals (exact when read back with [`Yuan`]).
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.0 % 100 == 0 {
            serializer.serialize_i64(self.0 / 100)
        } else {
            serializer.serialize_f64(self.as_f64())
        }
    }
}

impl<'de> Deserialize<'de> for Yuan {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Yuan;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an amount in yuan with at most two decimals")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Yuan, E> {
                v.checked_mul(100)
                    .filter(|f| f.abs() <= MAX_FEN)
                    .map(Yuan)
                    .ok_or_else(|| E::custom(MoneyError::OutOfRange(quote(&v.to_string()))))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Yuan, E> {
                let i = i64::try_from(v)
                    .map_err(|_| E::custom(MoneyError::OutOfRange(quote(&v.to_string()))))?;
                self.visit_i64(i)
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Yuan, E> {
                Yuan::from_f64(v).map_err(E::custom)
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Yuan, E> {
                v.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference rounding (`f64::round`, half away from zero) and precision check.
    fn reference(v: f64) -> Option<i64> {
        if !v.is_finite() || v.abs() >= 9.0e13 {
            return None;
        }
        let fen = (v * 100.0).round();
        (((v * 100.0) - fen).abs() <= FLOAT_NOISE * fen.abs().max(1.0)).then_some(fen as i64)
    }

    #[test]
    fn a_third_decimal_is_refused_as_a_float_too_and_float_noise_is_not() {
        // refused as their texts are, whatever the size of the amount
        for v in [3218.003, 100_000.123, 1_250_000.555, 0.001, -3218.003] {
            assert!(
                matches!(Yuan::from_f64(v), Err(MoneyError::TooPrecise(_))),
                "{v}"
            );
            assert!(v.to_string().parse::<Yuan>().is_err(), "{v}");
        }
        // a spreadsheet's or a sum's noise around a two-decimal amount is that amount
        let noisy = [
            (3_217.999_999_999_999_5, 321_800),
            (0.1 + 0.2, 30),
            (1_234_567.89, 123_456_789),
        ];
        for (v, fen) in noisy {
            assert_eq!(Yuan::from_f64(v).map(Yuan::fen), Ok(fen), "{v}");
        }
    }

    proptest::proptest! {
        #[test]
        fn from_f64_rounds_as_round_does(fen in -9_000_000_000_000_000i64..9_000_000_000_000_000, frac in proptest::sample::select(vec![0.0, 0.5, -0.5, 0.4999999, 0.0000001, 0.3])) {
            let v = (fen as f64 + frac) / 100.0;
            proptest::prop_assert_eq!(Yuan::from_f64(v).ok().map(Yuan::fen), reference(v));
        }

        #[test]
        fn from_f64_on_any_float(v in proptest::num::f64::ANY) {
            proptest::prop_assert_eq!(Yuan::from_f64(v).ok().map(Yuan::fen), reference(v));
        }
    }

    #[test]
    fn parse_and_format() {
        for (s, fen) in [
            ("4000", 400_000),
            ("4000.5", 400_050),
            ("-0.05", -5),
            (".5", 50),
            ("1.500", 150),
        ] {
            assert_eq!(s.parse::<Yuan>().unwrap().fen(), fen, "{s}");
        }
        assert_eq!(Yuan::from_fen(-5).to_string(), "-0.05");
        for bad in ["", "-", "1e3", "1,000", "abc", "1.2.3", "99999999999999999"] {
            assert!(bad.parse::<Yuan>().is_err(), "{bad}");
        }
    }

    #[test]
    fn serde_numbers_are_exact() {
        let y: Yuan = serde_json::from_str("4000.55").unwrap();
        assert_eq!(y.fen(), 400_055);
        assert_eq!(serde_json::to_string(&y).unwrap(), "4000.55");
        assert_eq!(serde_json::to_string(&Yuan::from_yuan(3)).unwrap(), "3");
        assert!(serde_json::from_str::<Yuan>("0.001").is_err());
        let s: Yuan = serde_json::from_str("\"12.30\"").unwrap();
        assert_eq!(s.fen(), 1230);
    }

    /// Found by fuzzing (fuzz/corpus/jsonl, an income of `600027197003120211`): an ID
    /// number in a column of incomes was quoted unmasked in `money_out_of_range`.
    #[test]
    fn errors_mask_id_numbers() {
        let e = "600027197003120211".parse::<Yuan>().unwrap_err();
        assert_eq!(e.to_string(), "`6000**********0211` is out of range");
        let e = "52232719700312021X".parse::<Yuan>().unwrap_err();
        assert!(!format!("{e} {e:?}").contains("52232719700312021X"));
        let e = serde_json::from_str::<Yuan>("600027197003120211").unwrap_err();
        assert!(!e.to_string().contains("600027197003120211"), "{e}");
        // an ID number glued to other digits does not show either
        let e = serde_json::from_str::<Yuan>("18000027197003120211").unwrap_err();
        assert!(!e.to_string().contains("000027197003120"), "{e}");
    }
}
