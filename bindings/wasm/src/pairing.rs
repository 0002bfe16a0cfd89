//! `fupin_core::pairing`: "N+1" pairing books read with every shape problem, checked
//! against the designations, and their coverage on a date.

use fupin_core::pairing::{CoverageRule, CoverageRules, PairingBook};
use fupin_core::region::{Designation, Designations};
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::wasm_bindgen;

use crate::convert;
use crate::error;

fn book(value: JsValue) -> Result<PairingBook, JsValue> {
    PairingBook::from_value(convert::json(value, "")?).map_err(|e| error::core(&e))
}

fn designations(value: JsValue) -> Result<Designations, JsValue> {
    let list: Vec<Designation> = convert::from_js(value, "designations")?;
    Designations::new(list).map_err(|e| error::core(&e))
}

/// Reads a pairing book (`{helpers, pairings}`). Throws a `FupinError` (code `validation`)
/// with every shape or type problem; the rules are checked by `validatePairingBook`.
#[wasm_bindgen(js_name = readPairingBook, unchecked_return_type = "PairingBook")]
pub fn read_pairing_book(
    #[wasm_bindgen(unchecked_param_type = "PairingBookInput | unknown")] value: JsValue,
) -> Result<JsValue, JsValue> {
    convert::to_js(&book(value)?)
}

/// Every problem of a pairing book: the shape and type problems of reading it, or else
/// every rule it breaks given the designations (poor counties and villages, with dates).
#[wasm_bindgen(js_name = validatePairingBook, unchecked_return_type = "Issue[]")]
pub fn validate_pairing_book(
    #[wasm_bindgen(unchecked_param_type = "PairingBookInput | unknown")] value: JsValue,
    #[wasm_bindgen(unchecked_param_type = "DesignationInput[]")] designations: JsValue,
) -> Result<JsValue, JsValue> {
    let designations = self::designations(designations)?;
    let issues = match PairingBook::from_value(convert::json(value, "")?) {
        Ok(book) => book.validate(&designations),
        Err(e) => e.issues(),
    };
    convert::to_js(&issues)
}

/// The coverage of a pairing book on `as_of` against coverage rules: every recipient in
/// scope with its status, totals at every level, helpers' load, and every rule failure.
#[wasm_bindgen(js_name = pairingCoverage, unchecked_return_type = "CoverageReport")]
pub fn pairing_coverage(
    #[wasm_bindgen(unchecked_param_type = "PairingBookInput | unknown")] value: JsValue,
    #[wasm_bindgen(unchecked_param_type = "DesignationInput[]")] designations: JsValue,
    #[wasm_bindgen(unchecked_param_type = "CoverageRuleInput[]")] rules: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] as_of: JsValue,
) -> Result<JsValue, JsValue> {
    let book = book(value)?;
    let designations = self::designations(designations)?;
    let rules: Vec<CoverageRule> = convert::from_js(rules, "rules")?;
    let rules = CoverageRules::new(rules).map_err(|e| error::core(&e))?;
    let as_of = convert::date(&as_of, "as_of")?;
    convert::to_js(&book.coverage(&designations, &rules, as_of))
}
