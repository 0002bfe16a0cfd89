//! `fupin_core::region`: region codes (12-digit statistical and 6-digit GB/T 2260) and
//! levels.

use fupin_core::region::{Level, RegionCode, TownshipKind};
use serde::Serialize;
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::wasm_bindgen;

use crate::convert::{self, Label};
use crate::error;

/// What a region code says about itself.
#[derive(Debug, Clone, Serialize)]
pub struct RegionCodeInfo {
    /// The 12-digit statistical form.
    pub statistical: String,
    /// The 6-digit GB/T 2260 form (the county or above it).
    pub gb2260: String,
    /// The level.
    pub level: Level,
    /// The parent's 12-digit code (`null` for a province).
    pub parent: Option<RegionCode>,
    /// For townships and villages: the kind of township.
    pub township_kind: Option<TownshipKind>,
}

/// Parses a 6- or 12-digit region code (a string; a number is read as its digits). Throws a
/// `FupinError` with the stable code (`code_length`, `code_non_digit`,
/// `code_segment_under_zero` …) and the segment at fault in the message.
#[wasm_bindgen(js_name = parseRegionCode, unchecked_return_type = "RegionCodeInfo")]
pub fn parse_region_code(
    #[wasm_bindgen(unchecked_param_type = "string | number")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let code = match input.as_string() {
        Some(s) => RegionCode::parse(&s),
        None => match input.as_f64() {
            Some(n) => RegionCode::parse(&format!("{n}")),
            None => {
                return Err(error::argument(
                    "invalid_value",
                    "",
                    "a region code is a string of 6 or 12 digits".to_owned(),
                ));
            }
        },
    }
    .map_err(|e| error::core(&e.into()))?;
    convert::to_js(&RegionCodeInfo {
        statistical: code.to_statistical(),
        gb2260: code.gb2260(),
        level: code.level(),
        parent: code.parent(),
        township_kind: code.township_kind(),
    })
}

/// The levels of division, nation to village, with their Chinese labels.
#[wasm_bindgen(unchecked_return_type = "Label[]")]
pub fn levels() -> Result<JsValue, JsValue> {
    let labels: Vec<Label> = Level::ALL
        .iter()
        .map(|l| Label::of(l, l.label_zh(), &[]))
        .collect();
    convert::to_js(&labels)
}
