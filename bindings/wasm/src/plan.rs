//! `fupin_core::plan`: the indicator catalog, the five projects, and the targets in force on
//! a date (built in, each revision with its source, or read from the caller's list).

use fupin_core::plan::{ProjectKey, Target, Targets, indicator};
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::wasm_bindgen;

use crate::convert::{self, Label};
use crate::error;

/// The indicators the plan's goals are measured by.
#[wasm_bindgen(js_name = indicatorCatalog, unchecked_return_type = "Indicator[]")]
pub fn indicator_catalog() -> Result<JsValue, JsValue> {
    convert::to_js(&indicator::CATALOG)
}

/// The five projects (五大工程) with their Chinese names.
#[wasm_bindgen(unchecked_return_type = "Label[]")]
pub fn projects() -> Result<JsValue, JsValue> {
    let labels: Vec<Label> = ProjectKey::ALL
        .iter()
        .map(|p| Label::of(p, p.name_zh(), &[]))
        .collect();
    convert::to_js(&labels)
}

/// The caller's target list, read and checked, or the built-in targets for `null`.
pub(crate) fn targets_or_builtin(list: JsValue) -> Result<Targets, JsValue> {
    targets_for(list, &fupin_core::plan::MeasureDefs::default())
}

/// As [`targets_or_builtin`], the targets' indicators may be those of `defs` too (an
/// assessment's indicators beyond shares).
pub(crate) fn targets_for(
    list: JsValue,
    defs: &fupin_core::plan::MeasureDefs,
) -> Result<Targets, JsValue> {
    match convert::optional::<serde_json::Value>(list, "targets")? {
        None => Ok(Targets::builtin()),
        Some(value) => serde_json::from_value::<Vec<Target>>(value)
            .map_err(fupin_core::Error::from)
            .and_then(|items| Targets::new_for(items, defs))
            .map_err(|e| error::core(&e)),
    }
}

/// What an assessment is judged against given `targets`: the built-in targets, and the
/// caller's own added to them (`fupin_core::plan::Targets::builtin_and`), as everywhere.
pub(crate) fn judged_targets(
    list: JsValue,
    defs: &fupin_core::plan::MeasureDefs,
) -> Result<Targets, JsValue> {
    if list.is_null() || list.is_undefined() {
        return Ok(Targets::builtin());
    }
    targets_for(list, defs).map(Targets::builtin_and)
}

/// Reads and checks a list of target revisions. Throws a `FupinError` (code `validation`)
/// with every problem, e.g. at `[0].threshold`.
#[wasm_bindgen(js_name = readTargets, unchecked_return_type = "Target[]")]
pub fn read_targets(
    #[wasm_bindgen(unchecked_param_type = "TargetInput[]")] list: JsValue,
) -> Result<JsValue, JsValue> {
    let targets = targets_or_builtin(list)?;
    convert::to_js(&targets)
}

/// Every target revision in force on `date` (`YYYY-MM-DD`), one per indicator: of the
/// built-in catalog, or of `targets` when given.
#[wasm_bindgen(js_name = targetsInForce, unchecked_return_type = "Target[]")]
pub fn targets_in_force(
    #[wasm_bindgen(unchecked_param_type = "string")] date: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "TargetInput[] | null")] targets: JsValue,
) -> Result<JsValue, JsValue> {
    let date = convert::date(&date, "date")?;
    convert::to_js(&targets_or_builtin(targets)?.all_in_force(date))
}

/// The revision of the target on `indicator` in force on `date`, or `null`.
#[wasm_bindgen(js_name = targetInForce, unchecked_return_type = "Target | null")]
pub fn target_in_force(
    #[wasm_bindgen(unchecked_param_type = "string")] indicator: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] date: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "TargetInput[] | null")] targets: JsValue,
) -> Result<JsValue, JsValue> {
    let date = convert::date(&date, "date")?;
    convert::to_js(
        &targets_or_builtin(targets)?.in_force(&convert::string(&indicator, "indicator")?, date),
    )
}

/// Every revision of the target on `indicator`, oldest first.
#[wasm_bindgen(js_name = targetRevisions, unchecked_return_type = "Target[]")]
pub fn target_revisions(
    #[wasm_bindgen(unchecked_param_type = "string")] indicator: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "TargetInput[] | null")] targets: JsValue,
) -> Result<JsValue, JsValue> {
    convert::to_js(
        &targets_or_builtin(targets)?.revisions(&convert::string(&indicator, "indicator")?),
    )
}
