//! `fupin_core::region`: region codes (12-digit statistical, 6-digit GB/T 2260), levels,
//! parents, township kinds, zones, and designations.

use fupin_core::region::{Designation, Designations, Level, RegionCode, Zone};
use pyo3::prelude::*;
use pyo3::types::PyString;

use crate::convert;
use crate::error;

/// A region code: 12 digits (province 2, prefecture 2, county 2, township 3, village 3),
/// also read and shown in its 6-digit GB/T 2260 form for counties and above.
///
/// `RegionCode("522327")` (a string or an int of 6 or 12 digits); invalid codes raise
/// `RegionCodeError` with a stable code (`code_length`, `code_segment_under_zero` …).
#[pyclass(
    name = "RegionCode",
    module = "fupin",
    frozen,
    eq,
    ord,
    hash,
    from_py_object
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PyRegionCode(pub RegionCode);

/// A region code from a string, an int, or a `RegionCode`.
pub(crate) fn code(obj: &Bound<'_, PyAny>) -> PyResult<RegionCode> {
    if let Ok(c) = obj.extract::<PyRegionCode>() {
        return Ok(c.0);
    }
    let text = if let Ok(s) = obj.cast::<PyString>() {
        s.to_str()?.to_owned()
    } else if let Ok(n) = obj.extract::<u64>() {
        n.to_string()
    } else {
        return Err(error::invalid(
            "invalid_code",
            "",
            "a region code is a string or an int of 6 or 12 digits",
        ));
    };
    RegionCode::parse(&text).map_err(|e| error::core(&e.into()))
}

/// An optional region code (`None` for the nation where that is meant).
pub(crate) fn opt_code(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<RegionCode>> {
    match obj {
        None => Ok(None),
        Some(o) if o.is_none() => Ok(None),
        Some(o) => code(o).map(Some),
    }
}

/// A level from its key (`"county"`).
pub(crate) fn level(s: &str) -> PyResult<Level> {
    convert::key(s, "level")
}

#[pymethods]
impl PyRegionCode {
    #[new]
    fn new(code: &Bound<'_, PyAny>) -> PyResult<Self> {
        self::code(code).map(Self)
    }

    fn __str__(&self) -> String {
        self.0.to_string()
    }

    fn __repr__(&self) -> String {
        format!("RegionCode('{}')", self.0)
    }

    fn __int__(&self) -> u64 {
        self.0.as_u64()
    }

    /// The 12-digit statistical form.
    #[getter]
    fn statistical(&self) -> String {
        self.0.to_statistical()
    }

    /// The 6-digit GB/T 2260 form (of the county, or the unit above, containing it).
    #[getter]
    fn gb2260(&self) -> String {
        self.0.gb2260()
    }

    /// The 6-digit form for counties and above, the 12-digit one below.
    #[getter]
    fn short(&self) -> String {
        self.0.to_short()
    }

    /// `"province"`, `"prefecture"`, `"county"`, `"township"` or `"village"`.
    #[getter]
    fn level(&self) -> &'static str {
        self.0.level().as_str()
    }

    /// The unit directly above (`None` for a province).
    #[getter]
    fn parent(&self) -> Option<Self> {
        self.0.parent().map(Self)
    }

    /// The province containing this unit (itself for a province).
    #[getter]
    fn province(&self) -> Self {
        Self(self.0.province())
    }

    /// For townships and villages: `"street"`, `"town"` or `"township"` (from the segment).
    #[getter]
    fn township_kind(&self) -> Option<String> {
        self.0.township_kind().map(|k| convert::key_of(&k))
    }

    /// `"east"`, `"central"` or `"west"`, by province.
    #[getter]
    fn zone(&self) -> &'static str {
        Zone::of_province(self.0).as_str()
    }

    /// The units above, nearest first.
    fn ancestors(&self) -> Vec<Self> {
        self.0.ancestors().map(Self).collect()
    }

    /// Whether `other` is this unit or inside it.
    fn contains(&self, other: &Bound<'_, PyAny>) -> PyResult<bool> {
        Ok(self.0.contains(code(other)?))
    }

    /// The unit containing this one at `level` (itself at its own level; `None` below it).
    fn at_level(&self, level: &str) -> PyResult<Option<Self>> {
        Ok(self.0.at_level(self::level(level)?).map(Self))
    }
}

/// The levels, nation to village: `[{"key", "label_zh"}]`.
#[pyfunction]
pub(crate) fn levels(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    let list: Vec<serde_json::Value> = Level::ALL
        .iter()
        .map(|l| serde_json::json!({"key": l.as_str(), "label_zh": l.label_zh()}))
        .collect();
    convert::ser(py, &list)
}

/// Designations (list of dicts) read and checked.
pub(crate) fn designations(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Designations> {
    match obj {
        None => Ok(Designations::default()),
        Some(o) if o.is_none() => Ok(Designations::default()),
        Some(o) => {
            let items: Vec<Designation> = convert::de(o, "designations")?;
            Designations::new(items).map_err(|e| error::core(&e))
        }
    }
}

/// Reads and checks a list of designations (`{kind, region, valid_from, valid_to?,
/// source}`), returning them in wire form; raises `ValidationError` listing every problem.
#[pyfunction]
pub(crate) fn check_designations<'py>(
    py: Python<'py>,
    designations: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let d = self::designations(Some(designations))?;
    convert::ser(py, &d.iter().collect::<Vec<_>>())
}
