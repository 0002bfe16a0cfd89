//! `fupin_data` (cargo feature `regions`, on by default): the embedded province, prefecture
//! and county tables of the vintages 2016 to 2023, paths, full names, and name resolution
//! that copes with messy names and says "not found" instead of guessing.

use fupin_core::RegionCode;
use fupin_data::Vintage;
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::wasm_bindgen;

use crate::convert;
use crate::error;

fn code(value: JsValue) -> Result<RegionCode, JsValue> {
    convert::from_js(value, "code")
}

fn vintage(value: &JsValue) -> Result<Vintage, JsValue> {
    match convert::optional_string(value, "vintage")? {
        None => Ok(Vintage::LATEST),
        Some(s) => s.parse().map_err(|e| error::data(&e)),
    }
}

/// The vintage in force on a date (`YYYY-MM-DD`): the latest whose list is not dated after
/// it (`"2019"` for `2020-06-30`), `"2016"` before 2016-07. Pass it as `vintage` to look
/// units up as they were on an assessment's as-of date.
#[wasm_bindgen(js_name = vintageOn, unchecked_return_type = "string")]
pub fn vintage_on(date: &str) -> String {
    Vintage::in_force_on(date).as_str().to_owned()
}

/// The version of the embedded data (source packages and versions).
#[wasm_bindgen(js_name = dataVersion)]
pub fn data_version() -> String {
    fupin_data::DATA_VERSION.to_owned()
}

/// The division with this code in `vintage` (a year, `"2016"` to `"2023"`; default the
/// latest, or the one [`vintageOn`](vintage_on) gives for an as-of date), or `null`.
#[wasm_bindgen(js_name = division, unchecked_return_type = "Division | null")]
pub fn division(
    #[wasm_bindgen(unchecked_param_type = "string | number")] code: JsValue,
    #[wasm_bindgen(
        unchecked_optional_param_type = "\"2016\" | \"2017\" | \"2018\" | \"2019\" | \"2020\" | \"2021\" | \"2022\" | \"2023\" | null"
    )]
    vintage: JsValue,
) -> Result<JsValue, JsValue> {
    convert::to_js(&fupin_data::get(
        self::code(code)?,
        self::vintage(&vintage)?,
    ))
}

/// The division and the units containing it, province first (empty when absent).
#[wasm_bindgen(js_name = divisionPath, unchecked_return_type = "Division[]")]
pub fn division_path(
    #[wasm_bindgen(unchecked_param_type = "string | number")] code: JsValue,
    #[wasm_bindgen(
        unchecked_optional_param_type = "\"2016\" | \"2017\" | \"2018\" | \"2019\" | \"2020\" | \"2021\" | \"2022\" | \"2023\" | null"
    )]
    vintage: JsValue,
) -> Result<JsValue, JsValue> {
    convert::to_js(&fupin_data::path(
        self::code(code)?,
        self::vintage(&vintage)?,
    ))
}

/// The units directly under a province or prefecture, in code order.
#[wasm_bindgen(js_name = divisionChildren, unchecked_return_type = "Division[]")]
pub fn division_children(
    #[wasm_bindgen(unchecked_param_type = "string | number")] code: JsValue,
    #[wasm_bindgen(
        unchecked_optional_param_type = "\"2016\" | \"2017\" | \"2018\" | \"2019\" | \"2020\" | \"2021\" | \"2022\" | \"2023\" | null"
    )]
    vintage: JsValue,
) -> Result<JsValue, JsValue> {
    convert::to_js(&fupin_data::children(
        self::code(code)?,
        self::vintage(&vintage)?,
    ))
}

/// The names along the path joined, e.g. `贵州省黔西南布依族苗族自治州册亨县`, or `null`.
#[wasm_bindgen(js_name = fullName, unchecked_return_type = "string | null")]
pub fn full_name(
    #[wasm_bindgen(unchecked_param_type = "string | number")] code: JsValue,
    #[wasm_bindgen(
        unchecked_optional_param_type = "\"2016\" | \"2017\" | \"2018\" | \"2019\" | \"2020\" | \"2021\" | \"2022\" | \"2023\" | null"
    )]
    vintage: JsValue,
) -> Result<JsValue, JsValue> {
    convert::to_js(&fupin_data::full_name(
        self::code(code)?,
        self::vintage(&vintage)?,
    ))
}

/// The divisions a name as people write it can mean (`长阳`, `湖北长阳`, `宣武区`), best
/// first, each with how it matched. Throws a `FupinError` with code `not_found` when nothing
/// matches: it never guesses.
#[wasm_bindgen(js_name = resolve, unchecked_return_type = "Candidate[]")]
pub fn resolve(
    #[wasm_bindgen(unchecked_param_type = "string")] query: JsValue,
    #[wasm_bindgen(
        unchecked_optional_param_type = "\"2016\" | \"2017\" | \"2018\" | \"2019\" | \"2020\" | \"2021\" | \"2022\" | \"2023\" | null"
    )]
    vintage: JsValue,
) -> Result<JsValue, JsValue> {
    let query = convert::string(&query, "query")?;
    let found =
        fupin_data::resolve_in(&query, self::vintage(&vintage)?).map_err(|e| error::data(&e))?;
    convert::to_js(&found)
}

/// The division with this code in `vintage`, or `null`: as `division`, the name in
/// `docs/names.md`.
///
/// @deprecated Use `division`; `getDivision` goes in the next release.
#[wasm_bindgen(js_name = getDivision, unchecked_return_type = "Division | null")]
pub fn get_division(
    #[wasm_bindgen(unchecked_param_type = "string | number")] code: JsValue,
    #[wasm_bindgen(
        unchecked_optional_param_type = "\"2016\" | \"2017\" | \"2018\" | \"2019\" | \"2020\" | \"2021\" | \"2022\" | \"2023\" | null"
    )]
    vintage: JsValue,
) -> Result<JsValue, JsValue> {
    division(code, vintage)
}

/// The divisions a name can mean, best first: as `resolve`, the name in
/// `docs/names.md`.
///
/// @deprecated Use `resolve`; `resolveName` goes in the next release.
#[wasm_bindgen(js_name = resolveName, unchecked_return_type = "Candidate[]")]
pub fn resolve_name(
    #[wasm_bindgen(unchecked_param_type = "string")] query: JsValue,
    #[wasm_bindgen(
        unchecked_optional_param_type = "\"2016\" | \"2017\" | \"2018\" | \"2019\" | \"2020\" | \"2021\" | \"2022\" | \"2023\" | null"
    )]
    vintage: JsValue,
) -> Result<JsValue, JsValue> {
    resolve(query, vintage)
}
