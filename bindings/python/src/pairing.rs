//! `fupin_core::pairing`: "N+1" pairings — books of helpers and pairings read with every
//! problem reported, rule violations, coverage reports at every level, and optimal,
//! explained suggestions.

use fupin_core::pairing::{
    CoverageRule, CoverageRules, Domain, Instance, PairingBook, RuleOptions, SuggestOptions,
};
use pyo3::prelude::*;

use crate::convert;
use crate::error;
use crate::region::designations;

/// Coverage rules from a list of dicts (checked), or the default (every poor county has a
/// helper).
fn rules(obj: Option<&Bound<'_, PyAny>>) -> PyResult<CoverageRules> {
    match obj.filter(|o| !o.is_none()) {
        None => Ok(CoverageRules::default()),
        Some(o) => {
            let list: Vec<CoverageRule> = convert::de(o, "rules")?;
            CoverageRules::new(list).map_err(|e| error::core(&e))
        }
    }
}

/// Helpers and pairings (`{helpers: [...], pairings: [...]}`), read with every shape problem
/// reported at once (`ValidationError`, paths like `pairings[3].helpers[1]`).
#[pyclass(name = "PairingBook", module = "fupin", frozen, eq)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PyPairingBook(PairingBook);

#[pymethods]
impl PyPairingBook {
    #[new]
    fn new(data: &Bound<'_, PyAny>) -> PyResult<Self> {
        PairingBook::from_value(convert::to_json(data)?)
            .map(Self)
            .map_err(|e| error::core(&e))
    }

    /// Reads a book from JSON text.
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<Self> {
        PairingBook::from_json(text)
            .map(Self)
            .map_err(|e| error::core(&e))
    }

    /// Every rule the book breaks against `designations` (a list of `{kind, region,
    /// valid_from, valid_to?, source}`), dates bounded by `earliest`/`latest` (default
    /// 2014-01-01 to 2030-12-31).
    #[pyo3(signature = (designations=None, *, earliest=None, latest=None))]
    fn validate<'py>(
        &self,
        py: Python<'py>,
        designations: Option<&Bound<'py, PyAny>>,
        earliest: Option<&Bound<'py, PyAny>>,
        latest: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let d = self::designations(designations)?;
        let defaults = RuleOptions::default();
        let options = RuleOptions::default().bounds(
            convert::opt_date(earliest, "earliest")?.unwrap_or(defaults.earliest),
            convert::opt_date(latest, "latest")?.unwrap_or(defaults.latest),
        );
        convert::ser(py, &self.0.validate_with(&d, &options))
    }

    /// The coverage on `as_of` against `rules` (default: every poor county has a helper):
    /// `{as_of, recipients, areas, helpers, issues, no_longer_poor, …}`.
    #[pyo3(signature = (designations, as_of, rules=None))]
    fn coverage<'py>(
        &self,
        py: Python<'py>,
        designations: &Bound<'py, PyAny>,
        as_of: &Bound<'py, PyAny>,
        rules: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (d, rules) = (self::designations(Some(designations))?, self::rules(rules)?);
        let as_of = convert::date(as_of, "as_of")?;
        let book = &self.0;
        let report = py.detach(|| book.coverage(&d, &rules, as_of));
        convert::ser(py, &report)
    }

    /// Suggested new pairings on `as_of` for recipients short of helpers, optimal for the
    /// priorities (`options`: `{priorities: {code: n}, needs: {code: [domain]}}`), each
    /// explained: `{suggestions, unfilled, score, …}`.
    #[pyo3(signature = (designations, as_of, rules=None, options=None))]
    fn suggest<'py>(
        &self,
        py: Python<'py>,
        designations: &Bound<'py, PyAny>,
        as_of: &Bound<'py, PyAny>,
        rules: Option<&Bound<'py, PyAny>>,
        options: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let (d, rules) = (self::designations(Some(designations))?, self::rules(rules)?);
        let as_of = convert::date(as_of, "as_of")?;
        let options: SuggestOptions = match options.filter(|o| !o.is_none()) {
            None => SuggestOptions::default(),
            Some(o) => convert::de(o, "options")?,
        };
        let book = &self.0;
        let plan = py
            .detach(|| book.suggest(&d, &rules, as_of, &options))
            .map_err(|e| error::core(&e))?;
        convert::ser(py, &plan)
    }

    /// The wire form.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::ser(py, &self.0)
    }

    fn __repr__(&self) -> String {
        format!(
            "PairingBook(helpers={}, pairings={})",
            self.0.helpers.len(),
            self.0.pairings.len()
        )
    }
}

/// Checks coverage rules (a list of dicts), returning them in wire form.
#[pyfunction]
pub(crate) fn check_coverage_rules<'py>(
    py: Python<'py>,
    rules: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    convert::ser(py, &self::rules(Some(rules))?)
}

/// The optimal assignment of an instance `{supplies, demands}` (exact min-cost flow):
/// `{assigned: [{recipient, helper, fit}], score}`.
#[pyfunction]
pub(crate) fn solve<'py>(
    py: Python<'py>,
    instance: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let instance: Instance = convert::de(instance, "instance")?;
    let assignment = py
        .detach(|| instance.solve())
        .map_err(|e| error::core(&e))?;
    convert::ser(py, &assignment)
}

/// The domains of projects: `[{key, label_zh, project}]`.
#[pyfunction]
pub(crate) fn domains(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    let list: Vec<serde_json::Value> = Domain::ALL
        .iter()
        .map(|d| serde_json::json!({"key": d.as_str(), "label_zh": d.label_zh(), "project": d.project()}))
        .collect();
    convert::ser(py, &list)
}
