//! `fupin_core::plan`: the five projects, the information-service checklist, the indicator
//! catalog, dated and sourced targets with their revisions, and the poverty line by year.

use fupin_core::plan::{
    ChecklistItem, HouseholdLines, PovertyLines, ProjectKey, ProvincialLines, Target, Targets,
    indicator as catalog,
};
use pyo3::prelude::*;

use crate::convert;
use crate::error;

/// The five projects (五大工程): `[{key, name_zh, name_en, scope}]`.
#[pyfunction]
pub(crate) fn projects(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    let list: Vec<serde_json::Value> = ProjectKey::ALL
        .iter()
        .map(|p| {
            serde_json::json!({"key": p.key(), "name_zh": p.name_zh(), "name_en": p.name_en(),
                "scope": p.scope()})
        })
        .collect();
    convert::ser(py, &list)
}

/// The information-service checklist (一县一平台 … 一户一档案): `[{key, label_zh, level,
/// per_household, indicator}]`.
#[pyfunction]
pub(crate) fn checklist(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    let list: Vec<serde_json::Value> = ChecklistItem::ALL
        .iter()
        .map(|c| {
            serde_json::json!({"key": c, "label_zh": c.label_zh(), "level": c.level(),
                "per_household": c.per_household(), "indicator": c.indicator()})
        })
        .collect();
    convert::ser(py, &list)
}

/// The indicator catalog: `[{id, name_zh, name_en, numerator, denominator, lowest_level,
/// project, kind}]`.
#[pyfunction]
pub(crate) fn indicator_catalog(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    convert::ser(py, &catalog::CATALOG)
}

/// One indicator of the catalog by id, or `None`.
#[pyfunction]
pub(crate) fn indicator<'py>(py: Python<'py>, id: &str) -> PyResult<Bound<'py, PyAny>> {
    convert::ser(py, &catalog::get(id))
}

/// Target revisions: the built-in catalog (`Targets.builtin()`) or your own list of
/// `{indicator, comparator, threshold, deadline, valid_from, valid_to?, source, revision,
/// note?}` (checked: `ValidationError` lists every problem).
#[pyclass(name = "Targets", module = "fupin", frozen)]
#[derive(Debug, Clone)]
pub struct PyTargets(pub Targets);

/// The indicators beyond shares: the built-in ones, and the user's own from a list of dicts
/// (or its JSON text) of definitions (`{id, name_zh, kind, level, numerator, source, …}`).
pub(crate) fn indicator_defs(
    obj: Option<&Bound<'_, PyAny>>,
) -> PyResult<fupin_core::plan::MeasureDefs> {
    use fupin_core::plan::{MeasureDef, MeasureDefs};
    match obj {
        None => Ok(MeasureDefs::default()),
        Some(o) if o.is_none() => Ok(MeasureDefs::default()),
        Some(o) => {
            if let Ok(text) = o.extract::<String>() {
                return MeasureDefs::from_json(&text).map_err(|e| error::core(&e));
            }
            let items: Vec<MeasureDef> = convert::de(o, "indicators")?;
            MeasureDefs::with(items).map_err(|e| error::core(&e))
        }
    }
}

/// Targets from `None` (the built-in ones), a `Targets` object, or a list of dicts.
pub(crate) fn targets(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Targets> {
    targets_for(obj, &fupin_core::plan::MeasureDefs::default())
}

/// Targets from `None` (the built-in ones), a `Targets` or a list of dicts, whose
/// indicators may be those of `defs` too (a roll-up's indicators beyond shares).
pub(crate) fn targets_for(
    obj: Option<&Bound<'_, PyAny>>,
    defs: &fupin_core::plan::MeasureDefs,
) -> PyResult<Targets> {
    match obj {
        None => Ok(Targets::builtin()),
        Some(o) if o.is_none() => Ok(Targets::builtin()),
        Some(o) => {
            if let Ok(t) = o.cast::<PyTargets>() {
                return Ok(t.get().0.clone());
            }
            let items: Vec<Target> = convert::de(o, "targets")?;
            Targets::new_for(items, defs).map_err(|e| error::core(&e))
        }
    }
}

/// What a roll-up is judged against given `targets=`: the built-in targets, and the
/// user's own added to them (`fupin_core::plan::Targets::builtin_and`), as everywhere.
pub(crate) fn judged_targets(
    obj: Option<&Bound<'_, PyAny>>,
    defs: &fupin_core::plan::MeasureDefs,
) -> PyResult<Targets> {
    match obj {
        Some(o) if !o.is_none() => targets_for(Some(o), defs).map(Targets::builtin_and),
        _ => Ok(Targets::builtin()),
    }
}

#[pymethods]
impl PyTargets {
    #[new]
    fn new(items: &Bound<'_, PyAny>) -> PyResult<Self> {
        targets(Some(items)).map(Self)
    }

    /// The built-in revisions of the plan and later documents, each sourced.
    #[staticmethod]
    fn builtin() -> Self {
        Self(Targets::builtin())
    }

    /// Reads and checks a JSON list of targets.
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<Self> {
        Targets::from_json(text)
            .map(Self)
            .map_err(|e| error::core(&e))
    }

    /// The revision of `indicator` in force on `date` (the highest valid that day), or
    /// `None`.
    fn in_force<'py>(
        &self,
        py: Python<'py>,
        indicator: &str,
        date: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let date = convert::date(date, "date")?;
        convert::ser(py, &self.0.in_force(indicator, date))
    }

    /// Every revision in force on `date` (one per indicator).
    fn all_in_force<'py>(
        &self,
        py: Python<'py>,
        date: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let date = convert::date(date, "date")?;
        convert::ser(py, &self.0.all_in_force(date))
    }

    /// Every revision of `indicator`, oldest first.
    fn revisions<'py>(&self, py: Python<'py>, indicator: &str) -> PyResult<Bound<'py, PyAny>> {
        convert::ser(py, &self.0.revisions(indicator))
    }

    /// These targets and those of `other`.
    fn extended(&self, other: &Bound<'_, PyAny>) -> PyResult<Self> {
        let mut all = self.0.clone();
        all.extend(targets(Some(other))?);
        Ok(Self(all))
    }

    /// Every revision in wire form.
    fn to_list<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::ser(py, &self.0.iter().collect::<Vec<_>>())
    }

    fn __len__(&self) -> usize {
        self.0.len()
    }

    fn __repr__(&self) -> String {
        format!("Targets({} revisions)", self.0.len())
    }
}

/// Poverty lines from `None` (the built-in table) or a list of `{year, yuan, basis,
/// source}` (checked), which replace the built-in years they give.
pub(crate) fn lines(obj: Option<&Bound<'_, PyAny>>) -> PyResult<PovertyLines> {
    let mut lines = PovertyLines::builtin();
    if let Some(o) = obj.filter(|o| !o.is_none()) {
        let text = convert::to_json(o)?.to_string();
        lines.merge(PovertyLines::from_json(&text).map_err(|e| error::core(&e))?);
    }
    Ok(lines)
}

/// The lines a household is judged against, from the keyword arguments of
/// `household_exit` (each checked by the core).
pub(crate) fn household_lines(
    national: Option<&Bound<'_, PyAny>>,
    provincial: Option<&Bound<'_, PyAny>>,
    choice: Option<&str>,
    stability: Option<&str>,
) -> PyResult<HouseholdLines> {
    let mut out = HouseholdLines::default().with_national(lines(national)?);
    if let Some(p) = provincial.filter(|o| !o.is_none()) {
        let text = convert::to_json(p)?.to_string();
        out = out.with_provincial(ProvincialLines::from_json(&text).map_err(|e| error::core(&e))?);
    }
    if let Some(c) = choice {
        out = out.with_choice(convert::from_json(serde_json::Value::from(c), "line")?);
    }
    if let Some(s) = stability {
        out = out.with_stability(convert::from_json(serde_json::Value::from(s), "stability")?);
    }
    Ok(out)
}

/// The exit rules of the national standard, each with its comparator, threshold, unit,
/// the day it applies from and its source: `[{level, key, label_zh, comparator, threshold,
/// threshold_west, counted_in, applies_from, source: {key, title, issuer, number, date,
/// note}, wording}]`.
#[pyfunction]
pub(crate) fn exit_rules(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    convert::ser(py, &fupin_core::rules::exit_rules().collect::<Vec<_>>())
}

/// The documents the built-in rules, lines and targets cite.
#[pyfunction]
pub(crate) fn sources(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    convert::ser(py, &fupin_core::rules::source::ALL)
}

/// The built-in national poverty line by year: `[{year, yuan, basis, source}]`.
#[pyfunction]
pub(crate) fn poverty_lines(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    convert::ser(py, &PovertyLines::builtin().iter().collect::<Vec<_>>())
}

/// The line for `year` (its own figure, or the latest earlier one carried forward), or
/// `None` before the first.
#[pyfunction]
pub(crate) fn poverty_line(py: Python<'_>, year: u16) -> PyResult<Bound<'_, PyAny>> {
    convert::ser(py, &PovertyLines::builtin().for_year(year))
}
