//! Reading one cell of any reasonable Arrow type as a string, integer, number or yes/no.
//! Text columns (`Utf8`, `LargeUtf8`, `Utf8View` — polars hands strings over as views) are
//! parsed; numeric and boolean columns are read directly. A null is `Ok(None)`.

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Float32Type, Float64Type, Int8Type, Int16Type, Int32Type, Int64Type, UInt8Type, UInt16Type,
    UInt32Type, UInt64Type,
};
use arrow_array::{Array, ArrayRef};
use arrow_schema::DataType;

/// Why a cell could not be read (the message never repeats personal data).
pub(crate) type CellError = String;

/// The cell of a text column (`Utf8`, `LargeUtf8`, `Utf8View`) borrowed, without a copy;
/// `None` for a null or a column of another type.
pub(crate) fn str_at(col: &ArrayRef, row: usize) -> Option<&str> {
    if col.is_null(row) {
        return None;
    }
    match col.data_type() {
        DataType::Utf8 => Some(col.as_string::<i32>().value(row)),
        DataType::LargeUtf8 => Some(col.as_string::<i64>().value(row)),
        DataType::Utf8View => Some(col.as_string_view().value(row)),
        _ => None,
    }
}

/// The cell as text (numbers formatted), or `None` for null.
pub(crate) fn text(col: &ArrayRef, row: usize) -> Result<Option<String>, CellError> {
    if col.is_null(row) {
        return Ok(None);
    }
    Ok(Some(match col.data_type() {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => {
            str_at(col, row).unwrap_or_default().to_owned()
        }
        DataType::Boolean => col.as_boolean().value(row).to_string(),
        _ => match integer(col, row)? {
            Some(i) => i.to_string(),
            None => match number(col, row)? {
                Some(f) => f.to_string(),
                None => {
                    return Err(format!(
                        "a {} column cannot be read as text",
                        col.data_type()
                    ));
                }
            },
        },
    }))
}

/// The cell as an integer (text is parsed; a float must be whole).
pub(crate) fn integer(col: &ArrayRef, row: usize) -> Result<Option<i128>, CellError> {
    if col.is_null(row) {
        return Ok(None);
    }
    let v: i128 = match col.data_type() {
        DataType::Int8 => col.as_primitive::<Int8Type>().value(row).into(),
        DataType::Int16 => col.as_primitive::<Int16Type>().value(row).into(),
        DataType::Int32 => col.as_primitive::<Int32Type>().value(row).into(),
        DataType::Int64 => col.as_primitive::<Int64Type>().value(row).into(),
        DataType::UInt8 => col.as_primitive::<UInt8Type>().value(row).into(),
        DataType::UInt16 => col.as_primitive::<UInt16Type>().value(row).into(),
        DataType::UInt32 => col.as_primitive::<UInt32Type>().value(row).into(),
        DataType::UInt64 => col.as_primitive::<UInt64Type>().value(row).into(),
        DataType::Float32 | DataType::Float64 => {
            let f = number(col, row)?.unwrap_or(f64::NAN);
            if f.fract() != 0.0 || !f.is_finite() || f.abs() > 1e18 {
                return Err(format!("`{f}` is not a whole number"));
            }
            // beyond 2^24 (float32) or 2^53 (float64) not every whole number has a float:
            // the cell may hold another number than was written (a 12-digit village code
            // in a float32 is always another code)
            let exact = if *col.data_type() == DataType::Float32 {
                16_777_216.0
            } else {
                9_007_199_254_740_992.0
            };
            if f.abs() > exact {
                return Err(format!(
                    "`{f}` is beyond the whole numbers a {} column holds exactly: give it as text or an integer column",
                    col.data_type()
                ));
            }
            #[expect(
                clippy::cast_possible_truncation,
                reason = "checked whole and in range"
            )]
            let i = f as i128;
            i
        }
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => {
            let t = str_at(col, row).unwrap_or_default().trim();
            if t.is_empty() {
                return Ok(None);
            }
            // `4.0`, `4.00` (floats and decimals written as text) are whole
            let t = match t.split_once('.') {
                Some((whole, frac)) if !frac.is_empty() && frac.bytes().all(|b| b == b'0') => whole,
                _ => t,
            };
            t.parse::<i128>()
                .map_err(|_| format!("`{}` is not a whole number", clip(t)))?
        }
        other => return Err(format!("a {other} column cannot be read as a number")),
    };
    Ok(Some(v))
}

/// A float32 as the decimal it was written as, where that is certain: its shortest decimal
/// when that has at most 6 significant digits (every such decimal comes back unchanged from a
/// float32, so no other was written: 0.9 approval, 3218.01 yuan), else the float's own value
/// (1250000.07 held as 1250000.125 is not taken for 1250000.1). Widened as it is, a float32
/// 0.9 would be 0.899999976… and fail a 90% bar that 0.9 from text or a float64 passes.
fn f32_decimal(x: f32) -> f64 {
    let shortest = x.to_string();
    let digits = shortest
        .bytes()
        .filter(u8::is_ascii_digit)
        .skip_while(|d| *d == b'0')
        .collect::<Vec<u8>>();
    let significant = digits.len() - digits.iter().rev().take_while(|d| **d == b'0').count();
    match shortest.parse::<f64>() {
        Ok(v) if x.is_finite() && significant <= 6 => v,
        _ => f64::from(x),
    }
}

/// The cell as a float (for shares and amounts; amounts are re-read exactly from text).
pub(crate) fn number(col: &ArrayRef, row: usize) -> Result<Option<f64>, CellError> {
    if col.is_null(row) {
        return Ok(None);
    }
    Ok(Some(match col.data_type() {
        DataType::Float32 => f32_decimal(col.as_primitive::<Float32Type>().value(row)),
        DataType::Float64 => col.as_primitive::<Float64Type>().value(row),
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => {
            let t = str_at(col, row).unwrap_or_default().trim();
            if t.is_empty() {
                return Ok(None);
            }
            t.parse::<f64>()
                .map_err(|_| format!("`{}` is not a number", clip(t)))?
        }
        _ => match integer(col, row)? {
            #[expect(
                clippy::cast_precision_loss,
                reason = "counts and amounts well below 2^53"
            )]
            Some(i) => i as f64,
            None => return Ok(None),
        },
    }))
}

/// The cell as yes/no: booleans, 1/0, and the words exports use (是/否, 有/无, true/false,
/// yes/no, Y/N, √/×). Empty text is `None`.
pub(crate) fn flag(col: &ArrayRef, row: usize) -> Result<Option<bool>, CellError> {
    if col.is_null(row) {
        return Ok(None);
    }
    match col.data_type() {
        DataType::Boolean => Ok(Some(col.as_boolean().value(row))),
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => {
            let t = str_at(col, row).unwrap_or_default().trim();
            match t.to_lowercase().as_str() {
                "" => Ok(None),
                "是" | "有" | "true" | "yes" | "y" | "1" | "√" | "t" | "已" | "通" => {
                    Ok(Some(true))
                }
                "否" | "无" | "false" | "no" | "n" | "0" | "×" | "f" | "未" | "不通" => {
                    Ok(Some(false))
                }
                other => Err(format!("`{}` is not yes or no", clip(other))),
            }
        }
        _ => match integer(col, row)? {
            Some(1) => Ok(Some(true)),
            Some(0) => Ok(Some(false)),
            Some(other) => Err(format!("{other} is not 1 or 0")),
            None => Ok(None),
        },
    }
}

/// A cell as messages quote it: the core's one rule ([`fupin_core::quote`]: ID numbers
/// masked before and after the cut — an ID number in a column of numbers must not show,
/// found by fuzzing —, JSON objects and lists not shown).
fn clip(s: &str) -> String {
    fupin_core::quote(s)
}

#[cfg(test)]
mod tests {
    /// A float32 is read as the decimal it was written as where that is certain (at most 6
    /// significant digits), else as its own value.
    #[test]
    fn whole_floats_beyond_their_exact_range_are_refused() {
        use std::sync::Arc;
        let f32s: super::ArrayRef = Arc::new(arrow_array::Float32Array::from(vec![
            522_327_104_201.0_f32,
            16_777_216.0,
        ]));
        assert!(
            super::integer(&f32s, 0).is_err(),
            "a 12-digit code in a float32"
        );
        assert_eq!(super::integer(&f32s, 1), Ok(Some(16_777_216)));
        let f64s: super::ArrayRef = Arc::new(arrow_array::Float64Array::from(vec![
            522_327_104_201.0,
            1e17,
        ]));
        assert_eq!(super::integer(&f64s, 0), Ok(Some(522_327_104_201)));
        assert!(super::integer(&f64s, 1).is_err());
    }

    #[test]
    fn float32_cells_are_their_decimals() {
        use super::f32_decimal;
        assert_eq!(f32_decimal(0.9), 0.9);
        assert_eq!(f32_decimal(3218.01), 3218.01);
        assert_eq!(f32_decimal(0.000_123), 0.000_123);
        assert_eq!(f32_decimal(1_250_000.0), 1_250_000.0);
        // 1250000.07 is held as 1250000.125: not taken for 1250000.1
        let typed: f32 = "1250000.07".parse().unwrap();
        assert_eq!(f32_decimal(typed), 1_250_000.125);
        assert!(f32_decimal(f32::NAN).is_nan());
        assert_eq!(f32_decimal(f32::INFINITY), f64::INFINITY);
    }

    /// Found by fuzzing (fuzz/corpus/csv/crash-64a631fe…): a cell of a number column holding
    /// an ID-number-shaped run was quoted unmasked in `invalid_value`.
    #[test]
    fn quoted_cells_mask_id_numbers() {
        assert_eq!(
            super::clip("126666666666666666\u{1}0"),
            "1266**********6666\u{1}0"
        );
        let long = format!("{}{}", "-".repeat(22), "7002322222232700703333");
        assert!(
            super::clip(&long).ends_with("7002**************"),
            "{}",
            super::clip(&long)
        );
    }
}
