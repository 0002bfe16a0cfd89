//! Errors as JS `Error` objects, and panics as thrown errors.
//!
//! Every failure reaches JS as an `Error` (named `FupinError`) with a stable `code` and the
//! list of `issues` (`{code, path, message, params?}`, the core's wire shape), never as a
//! string. A panic (a bug) becomes such an error too, with code `internal_error`, and the
//! instance is re-created before the next call, so a bug cannot leave it poisoned.

use fupin_core::{Issue, Issues, Path};
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::wasm_bindgen;

/// The name of every error the package throws.
const NAME: &str = "FupinError";

/// An `Error` object with `name`, `code` and `issues`.
pub(crate) fn js_error(code: &str, message: &str, issues: &Issues) -> JsValue {
    let error = js_sys::Error::new(message);
    error.set_name(NAME);
    let issues = crate::convert::to_js(issues).unwrap_or_else(|_| js_sys::Array::new().into());
    // Reflect::set only fails on frozen or proxy objects, which a new Error is not
    let _ = js_sys::Reflect::set(&error, &"code".into(), &code.into());
    let _ = js_sys::Reflect::set(&error, &"issues".into(), &issues);
    error.into()
}

/// An error of the core, with its code and issues.
pub(crate) fn core(e: &fupin_core::Error) -> JsValue {
    js_error(e.code(), &e.to_string(), &e.issues())
}

/// An error of the binding itself (a bad argument), as one issue at `path`.
pub(crate) fn argument(code: &str, path: &str, message: String) -> JsValue {
    let issue = Issue::new(code, Path::parse(path), message.clone());
    js_error(code, &message, &Issues(vec![issue]))
}

/// An error of the reference data.
#[cfg(feature = "regions")]
pub(crate) fn data(e: &fupin_data::DataError) -> JsValue {
    let issue = Issue::new(e.code(), Path::root(), e.to_string());
    js_error(e.code(), &e.to_string(), &Issues(vec![issue]))
}

/// An error reading a village table.
#[cfg(feature = "villages")]
pub(crate) fn villages(e: &fupin_data_villages::VillagesError) -> JsValue {
    let issue = Issue::new(e.code(), Path::root(), e.to_string());
    js_error(e.code(), &e.to_string(), &Issues(vec![issue]))
}

/// The panic hook: schedules a fresh instance for the next call and throws an `Error` with
/// code `internal_error` out of the export that panicked (instead of a bare trap).
fn on_panic(info: &std::panic::PanicHookInfo<'_>) {
    let what = info
        .payload()
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| info.payload().downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".to_owned());
    let place = info
        .location()
        .map(|l| format!(" at {}:{}", l.file(), l.line()))
        .unwrap_or_default();
    let message = format!("internal error in fupin (a bug, please report it): {what}{place}");
    let error = argument("internal_error", "", message);
    wasm_bindgen::handler::schedule_reinit();
    wasm_bindgen::throw_val(error);
}

/// Installs the panic hook when the module is instantiated.
#[wasm_bindgen(start)]
fn start() {
    std::panic::set_hook(Box::new(on_panic));
}

/// Panics on purpose, so the tests can check that a bug reaches JS as an `Error` with code
/// `internal_error` and that the next call works. Not part of the API.
#[doc(hidden)]
#[wasm_bindgen(js_name = __panicForTests)]
#[expect(clippy::panic, reason = "the point of this export is to panic")]
pub fn panic_for_tests() {
    panic!("deliberate panic for the tests");
}
