//! Conversions between JS values and the core's types, always through the serde wire
//! format (`Serializer::json_compatible()`: plain objects, `null` for `None`, numbers).

use chrono::NaiveDate;
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;

use crate::error;

/// A Rust value as a plain JS value.
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| {
            error::argument(
                "internal_error",
                "",
                format!("cannot convert a result: {e}"),
            )
        })
}

/// A JS value as JSON (what `Household::from_value` and the like read).
pub(crate) fn json(value: JsValue, what: &str) -> Result<serde_json::Value, JsValue> {
    serde_wasm_bindgen::from_value(value)
        .map_err(|e| error::argument("invalid_value", what, format!("not a JSON-like value: {e}")))
}

/// A JS value as a core type, through its serde form.
pub(crate) fn from_js<T: DeserializeOwned>(value: JsValue, what: &str) -> Result<T, JsValue> {
    serde_json::from_value(json(value, what)?)
        .map_err(|e| error::core(&fupin_core::Error::Json(format!("`{what}`: {e}"))))
}

/// An optional argument: `undefined` and `null` give `None`.
pub(crate) fn optional<T: DeserializeOwned>(
    value: JsValue,
    what: &str,
) -> Result<Option<T>, JsValue> {
    if value.is_undefined() || value.is_null() {
        Ok(None)
    } else {
        from_js(value, what).map(Some)
    }
}

/// A string argument.
///
/// Every export takes its arguments as `JsValue`s and converts them here: wasm-bindgen's
/// glue copies `&str` arguments into the module's memory *before* it re-creates an instance
/// after a panic, which would hand the new instance pointers into the old memory.
pub(crate) fn string(value: &JsValue, what: &str) -> Result<String, JsValue> {
    value
        .as_string()
        .ok_or_else(|| error::argument("invalid_value", what, format!("`{what}` must be a string")))
}

/// An optional string argument: `undefined` and `null` give `None`.
pub(crate) fn optional_string(value: &JsValue, what: &str) -> Result<Option<String>, JsValue> {
    if value.is_undefined() || value.is_null() {
        Ok(None)
    } else {
        string(value, what).map(Some)
    }
}

/// A `YYYY-MM-DD` date argument; `undefined` or `null` is today's date (UTC).
pub(crate) fn date(value: &JsValue, what: &str) -> Result<NaiveDate, JsValue> {
    match optional_string(value, what)? {
        None => Ok(chrono::Utc::now().date_naive()),
        Some(s) => s.parse().map_err(|_| {
            let shown: String = s.chars().take(20).collect();
            error::argument(
                "invalid_date",
                what,
                format!("`{shown}` is not a date in the form YYYY-MM-DD"),
            )
        }),
    }
}

/// A key with its Chinese label (and the other names a reader accepts), for pickers and
/// messages.
#[derive(Debug, Clone, Serialize)]
pub struct Label {
    /// The key used on the wire, e.g. `illness`.
    pub key: String,
    /// The Chinese label, e.g. `因病`.
    pub label_zh: String,
    /// Other names accepted when reading (aliases), if any.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
}

impl Label {
    /// A label from a serializable key (its wire name) and its Chinese label.
    pub(crate) fn of<T: Serialize>(key: T, label_zh: &str, aliases: &[&str]) -> Label {
        Label {
            key: serde_json::to_value(key)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
            label_zh: label_zh.to_owned(),
            aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
        }
    }
}
