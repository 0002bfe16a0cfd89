//! `fupin_data`: the embedded province, prefecture and county tables of the vintages 2016
//! to 2023, paths and full names, change events, and name resolution that copes with messy
//! names and says "not found" instead of guessing.

use fupin_data::Vintage;
use pyo3::prelude::*;

use crate::convert;
use crate::error;
use crate::region::{PyRegionCode, code, level};

fn vintage(v: Option<&str>) -> PyResult<Vintage> {
    match v {
        None => Ok(Vintage::LATEST),
        Some(s) => s.parse().map_err(|e| error::data(&e)),
    }
}

/// The vintage in force on a date (`YYYY-MM-DD`): the latest whose list is not dated after
/// it (`"2019"` for `2020-06-30`), `"2016"` before 2016-07. Pass it as `vintage` to look
/// units up as they were on an assessment's as-of date.
#[pyfunction]
pub(crate) fn vintage_on(date: &str) -> &'static str {
    Vintage::in_force_on(date).as_str()
}

/// The version of the embedded data (source packages and versions).
#[pyfunction]
pub(crate) fn data_version() -> &'static str {
    fupin_data::DATA_VERSION
}

/// The division with this code in `vintage` (a year, `"2016"` to `"2023"`; default the
/// latest, or the one `vintage_on` gives for an as-of date), as `{code, name, level,
/// vintage, is_grouping, is_nbs_only}`, or `None`.
#[pyfunction]
#[pyo3(signature = (code, vintage=None))]
pub(crate) fn division<'py>(
    py: Python<'py>,
    code: &Bound<'py, PyAny>,
    vintage: Option<&str>,
) -> PyResult<Bound<'py, PyAny>> {
    convert::ser(
        py,
        &fupin_data::get(self::code(code)?, self::vintage(vintage)?),
    )
}

/// The division and the units containing it, province first (empty when absent).
#[pyfunction]
#[pyo3(signature = (code, vintage=None))]
pub(crate) fn division_path<'py>(
    py: Python<'py>,
    code: &Bound<'py, PyAny>,
    vintage: Option<&str>,
) -> PyResult<Bound<'py, PyAny>> {
    convert::ser(
        py,
        &fupin_data::path(self::code(code)?, self::vintage(vintage)?),
    )
}

/// The units directly under a province or prefecture, in code order.
#[pyfunction]
#[pyo3(signature = (code, vintage=None))]
pub(crate) fn division_children<'py>(
    py: Python<'py>,
    code: &Bound<'py, PyAny>,
    vintage: Option<&str>,
) -> PyResult<Bound<'py, PyAny>> {
    convert::ser(
        py,
        &fupin_data::children(self::code(code)?, self::vintage(vintage)?),
    )
}

/// Every division of a vintage in code order, grouping rows left out, optionally of one
/// level.
#[pyfunction]
#[pyo3(signature = (vintage=None, level=None))]
pub(crate) fn divisions<'py>(
    py: Python<'py>,
    vintage: Option<&str>,
    level: Option<&str>,
) -> PyResult<Bound<'py, PyAny>> {
    let level = level.map(self::level).transpose()?;
    let list: Vec<fupin_data::Division> = fupin_data::divisions(self::vintage(vintage)?)
        .filter(|d| !d.is_grouping && level.is_none_or(|l| d.level == l))
        .collect();
    convert::ser(py, &list)
}

/// The codes of every county of a vintage (grouping rows left out).
#[pyfunction]
#[pyo3(signature = (vintage=None))]
pub(crate) fn county_codes(vintage: Option<&str>) -> PyResult<Vec<PyRegionCode>> {
    Ok(fupin_data::divisions(self::vintage(vintage)?)
        .filter(|d| !d.is_grouping && d.level == fupin_core::Level::County)
        .map(|d| PyRegionCode(d.code))
        .collect())
}

/// The names along the path joined (`贵州省黔西南布依族苗族自治州册亨县`), or `None`.
#[pyfunction]
#[pyo3(signature = (code, vintage=None))]
pub(crate) fn full_name(
    code: &Bound<'_, PyAny>,
    vintage: Option<&str>,
) -> PyResult<Option<String>> {
    Ok(fupin_data::full_name(
        self::code(code)?,
        self::vintage(vintage)?,
    ))
}

/// The divisions a name as people write it can mean (`长阳`, `湖北长阳`, `宣武区`), best
/// first, each `{division, how: {kind, change?}}`. Raises `NotFoundError` when nothing
/// matches: it never guesses.
#[pyfunction]
#[pyo3(signature = (query, vintage=None))]
pub(crate) fn resolve<'py>(
    py: Python<'py>,
    query: &str,
    vintage: Option<&str>,
) -> PyResult<Bound<'py, PyAny>> {
    let found =
        fupin_data::resolve_in(query, self::vintage(vintage)?).map_err(|e| error::data(&e))?;
    convert::ser(py, &found)
}

/// The change events that start from a code (renamed, recoded, abolished …).
#[pyfunction]
pub(crate) fn changes_from<'py>(
    py: Python<'py>,
    code: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    convert::ser(py, &fupin_data::changes_from(self::code(code)?))
}

/// The change events that lead to a code.
#[pyfunction]
pub(crate) fn changes_to<'py>(
    py: Python<'py>,
    code: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    convert::ser(py, &fupin_data::changes_to(self::code(code)?))
}

/// The units of vintage `to` a code became, following change events: the successors of
/// every unit that carried the code (a reused code gives several).
#[pyfunction]
#[pyo3(signature = (code, to=None))]
pub(crate) fn successors(code: &Bound<'_, PyAny>, to: Option<&str>) -> PyResult<Vec<PyRegionCode>> {
    Ok(
        fupin_data::successors(self::code(code)?, self::vintage(to)?)
            .into_iter()
            .map(PyRegionCode)
            .collect(),
    )
}

/// Where every unit of vintage `source` missing from `target` went.
#[pyfunction]
#[pyo3(signature = (source="2016", target="2020"))]
pub(crate) fn crosswalk<'py>(
    py: Python<'py>,
    source: &str,
    target: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let list = fupin_data::crosswalk(self::vintage(Some(source))?, self::vintage(Some(target))?)
        .map_err(|e| error::data(&e))?;
    convert::ser(py, &list)
}
