//! Terminal tables from record batches.

use arrow_array::cast::AsArray;
use arrow_array::types::{Float64Type, Int64Type, UInt64Type};
use arrow_array::{Array, ArrayRef};
use arrow_schema::DataType;
use comfy_table::{ContentArrangement, Table, presets};

/// The text of one cell of the result tables' column types.
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
            format!("{v:.4}")
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
