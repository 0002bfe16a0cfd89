//! Terminal tables from record batches.

use arrow_array::cast::AsArray;
use arrow_array::types::{Float64Type, Int64Type, UInt64Type};
use arrow_array::{Array, ArrayRef};
use arrow_schema::DataType;
use comfy_table::{ContentArrangement, Table, presets};

/// The text of one cell of the result tables' column types, numbers exactly (the shortest
/// decimal that reads back as the same number: 0.02004, not 0.0200).
pub fn cell(col: &ArrayRef, row: usize) -> String {
    if col.is_null(row) {
        return String::new();
    }
    match col.data_type() {
        DataType::Utf8 => col.as_string::<i32>().value(row).to_owned(),
        DataType::UInt64 => col.as_primitive::<UInt64Type>().value(row).to_string(),
        DataType::Int64 => col.as_primitive::<Int64Type>().value(row).to_string(),
        DataType::Float64 => {
            let v = col.as_primitive::<Float64Type>().value(row);
            format!("{v}")
        }
        DataType::Boolean => col.as_boolean().value(row).to_string(),
        other => format!("<{other}>"),
    }
}

/// A new table in fupin's style (widths by display width, so Chinese aligns).
pub fn new_table(header: Vec<String>) -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED);
    t.set_content_arrangement(ContentArrangement::Disabled);
    t.set_header(header);
    t
}

/// Adds a row to a terminal table, every cell through [`super::term`] (control characters
/// from input shown escaped). All rows of terminal tables go through here.
pub fn add_row(t: &mut Table, cells: Vec<String>) {
    t.add_row(
        cells
            .into_iter()
            .map(|c| match super::term(&c) {
                std::borrow::Cow::Borrowed(_) => c,
                std::borrow::Cow::Owned(o) => o,
            })
            .collect::<Vec<_>>(),
    );
}

/// A share as a percentage with one decimal, or `—`.
pub fn pct(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_owned(), |x| format!("{:.1}%", x * 100.0))
}

/// `x` exactly, with the fewest decimals (at least `min`) that give it back: a threshold
/// of 2.5 is "2.5", of 2 "2" (`min` 0).
pub fn exact(x: f64, min: usize) -> String {
    let d = fupin_report::digits::exact(x, min);
    format!("{x:.d$}")
}

/// `x` with as many decimals (at least `min`) as it takes that the number shown compares
/// with threshold `t` as shown by [`exact`] as `x` compares with `t`: 2.004 against 2 is
/// "2.004", not "2.0" (which would read as equal to it and contradict the verdict).
pub fn against(x: f64, t: f64, min: usize) -> String {
    let d = fupin_report::digits::against(x, t, min);
    format!("{x:.d$}")
}

/// A share's threshold as a percentage, exactly: 0.025 is "2.5%", 0.02 "2%".
pub fn pct_exact(t: f64) -> String {
    format!("{}%", exact(t * 100.0, 0))
}

/// A share as a percentage, with one decimal or as many more as it takes not to seem on
/// the other side of threshold `t` (a share too) than it is: 0.02004 against 0.02 is
/// "2.004%". `—` when there is none.
pub fn pct_against(v: Option<f64>, t: f64) -> String {
    v.map_or_else(
        || "—".to_owned(),
        |x| format!("{}%", against(x * 100.0, t * 100.0, 1)),
    )
}

/// An indicator's value as its kind reads it (see [`indicator_value`]), with as many more
/// decimals as it takes not to seem on the other side of threshold `t` than it is.
pub fn indicator_against(v: Option<f64>, t: f64, kind: fupin_core::plan::IndicatorKind) -> String {
    use fupin_core::plan::IndicatorKind;
    match (v, kind) {
        (None, _) => "—".to_owned(),
        (Some(x), IndicatorKind::Count) => against(x, t, 0),
        (Some(x), IndicatorKind::Amount | IndicatorKind::RatePer) => against(x, t, 2),
        (v, _) => pct_against(v, t),
    }
}

/// A threshold as its indicator's kind reads it, exactly: a share as a percentage (2.5%),
/// an amount or a rate with at least two decimals, a count whole when it is.
pub fn threshold_exact(t: f64, kind: fupin_core::plan::IndicatorKind) -> String {
    use fupin_core::plan::IndicatorKind;
    match kind {
        IndicatorKind::Count => exact(t, 0),
        IndicatorKind::Amount | IndicatorKind::RatePer => exact(t, 2),
        _ => pct_exact(t),
    }
}

/// An indicator's value as its kind is read: a share as a percentage, a count whole, an
/// amount in yuan with its fen, a rate with two decimals.
pub fn indicator_value(v: Option<f64>, kind: fupin_core::plan::IndicatorKind) -> String {
    use fupin_core::plan::IndicatorKind;
    match (v, kind) {
        (None, _) => "—".to_owned(),
        (Some(x), IndicatorKind::Count) => format!("{x:.0}"),
        (Some(x), IndicatorKind::Amount | IndicatorKind::RatePer) => format!("{x:.2}"),
        (v, _) => pct(v),
    }
}

#[cfg(test)]
mod tests {
    use super::{against, exact, pct_against, pct_exact};

    #[test]
    fn thresholds_are_shown_exactly() {
        assert_eq!(pct_exact(0.02), "2%");
        assert_eq!(pct_exact(0.025), "2.5%");
        assert_eq!(pct_exact(0.9), "90%");
        assert_eq!(exact(4000.0, 2), "4000.00");
    }

    #[test]
    fn values_are_not_shown_on_the_other_side_of_their_threshold() {
        assert_eq!(pct_against(Some(0.02004), 0.02), "2.004%");
        assert_eq!(pct_against(Some(0.02), 0.02), "2.0%");
        assert_eq!(pct_against(Some(0.0199999), 0.02), "1.99999%");
        assert_eq!(pct_against(Some(0.5), 0.02), "50.0%");
        assert_eq!(pct_against(Some(0.0251), 0.025), "2.51%");
        assert_eq!(pct_against(None, 0.02), "—");
        assert_eq!(against(4000.004, 4000.0, 2), "4000.004");
    }
}
