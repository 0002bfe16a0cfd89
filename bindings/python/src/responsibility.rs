//! `fupin_core::responsibility`: the three-level mechanism — bodies and duties, validation
//! of a responsibility map against its context, accountability chains.

use fupin_core::responsibility::{Duty, Failure, MapContext, ResponsibilityMap};
use pyo3::prelude::*;

use crate::convert;
use crate::error;

/// The bodies of the three-level mechanism (`{bodies: [{id, name, kind, level, region?,
/// answers_to?, duties}]}`), read with every shape problem reported at once.
#[pyclass(name = "ResponsibilityMap", module = "fupin", frozen, eq)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PyResponsibilityMap(pub ResponsibilityMap);

/// A map from a `ResponsibilityMap` or its dict.
pub(crate) fn map(obj: &Bound<'_, PyAny>) -> PyResult<ResponsibilityMap> {
    if let Ok(m) = obj.cast::<PyResponsibilityMap>() {
        return Ok(m.get().0.clone());
    }
    ResponsibilityMap::from_value(convert::to_json(obj)?).map_err(|e| error::core(&e))
}

/// A context from a dict `{poor_counties, counties_with_poor}` (default: empty).
fn context(obj: Option<&Bound<'_, PyAny>>) -> PyResult<MapContext> {
    match obj.filter(|o| !o.is_none()) {
        None => Ok(MapContext::new()),
        Some(o) => convert::de(o, "context"),
    }
}

#[pymethods]
impl PyResponsibilityMap {
    #[new]
    fn new(data: &Bound<'_, PyAny>) -> PyResult<Self> {
        map(data).map(Self)
    }

    /// Reads a map from JSON text.
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<Self> {
        ResponsibilityMap::from_json(text)
            .map(Self)
            .map_err(|e| error::core(&e))
    }

    /// Every rule the map breaks given `context` (`{poor_counties, counties_with_poor}`:
    /// which provinces need an overall-responsible body, which counties an implementer).
    #[pyo3(signature = (context=None))]
    fn validate<'py>(
        &self,
        py: Python<'py>,
        context: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        convert::ser(py, &self.0.validate(&self::context(context)?))
    }

    /// The chain of bodies answerable for a failure (`{unit, indicator, evidence?}`), level
    /// by level up to the nation, gaps included.
    fn accountability<'py>(
        &self,
        py: Python<'py>,
        failure: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let failure: Failure = convert::de(failure, "failure")?;
        convert::ser(
            py,
            &self
                .0
                .accountability(&failure)
                .map_err(|e| error::core(&e))?,
        )
    }

    /// The body with this id in wire form, or `None`.
    fn get<'py>(&self, py: Python<'py>, id: &str) -> PyResult<Bound<'py, PyAny>> {
        let body = fupin_core::responsibility::BodyId::try_new(id)
            .ok()
            .and_then(|id| self.0.get(&id));
        convert::ser(py, &body)
    }

    /// The wire form.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::ser(py, &self.0)
    }

    fn __len__(&self) -> usize {
        self.0.bodies.len()
    }

    fn __repr__(&self) -> String {
        format!("ResponsibilityMap({} bodies)", self.0.bodies.len())
    }
}

/// The context of a map from designations on a date: the poor counties then
/// (`{poor_counties, counties_with_poor}`).
#[pyfunction]
pub(crate) fn map_context<'py>(
    py: Python<'py>,
    designations: &Bound<'py, PyAny>,
    date: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let d = crate::region::designations(Some(designations))?;
    convert::ser(
        py,
        &MapContext::from_designations(&d, convert::date(date, "date")?),
    )
}

/// The duties of the mechanism: `[{key, label_zh}]`.
#[pyfunction]
pub(crate) fn duties(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    let list: Vec<serde_json::Value> = Duty::ALL
        .iter()
        .map(|d| serde_json::json!({"key": d.as_str(), "label_zh": d.label_zh()}))
        .collect();
    convert::ser(py, &list)
}
