//! `fupin_core::procedure`: the county, village and household exit procedures as state machines with
//! a dated, replayable history. A refused step raises `StepError` (a `ValidationError`)
//! with the state, the step and every problem.

use fupin_core::procedure::{
    CountyExit, CountyRecord, CountyStep, HouseholdExit, HouseholdRecord, HouseholdStep,
    ProcedureOptions, VillageExit, VillageRecord, VillageStep,
};
use pyo3::prelude::*;

use crate::convert;
use crate::error;

fn options(min_notice_days: Option<u32>) -> ProcedureOptions {
    min_notice_days.map_or_else(ProcedureOptions::default, |d| {
        ProcedureOptions::default().with_min_notice_days(d)
    })
}

/// A poor county's exit (贫困县退出): propose, review, verify, notice, approve, evaluate,
/// declare (then, from the 2018 exits on, an optional national spot check); review and
/// evaluation may send the file back with a reason. The edition (`opinion_2016` for the
/// 2016–2017 exits, the nation evaluating; `provincial_2018` from the 2018 exits, the
/// province evaluating) follows `exit_year`, else the first step's date.
///
/// `CountyExit(county, *, min_notice_days=7, exit_year=None)` starts one;
/// `CountyExit.from_dict(wire)` replays a history, reporting every problem of every step.
#[pyclass(name = "CountyExit", module = "fupin")]
#[derive(Debug, Clone)]
pub struct PyCountyExit(CountyExit);

#[pymethods]
impl PyCountyExit {
    #[new]
    #[pyo3(signature = (county, *, min_notice_days=None, exit_year=None))]
    fn new(
        county: &Bound<'_, PyAny>,
        min_notice_days: Option<u32>,
        exit_year: Option<i32>,
    ) -> PyResult<Self> {
        let mut options = options(min_notice_days);
        if let Some(year) = exit_year {
            options = options.with_exit_year(year);
        }
        CountyExit::new(crate::region::code(county)?, options)
            .map(Self)
            .map_err(|e| error::core(&e))
    }

    /// The edition (`"opinion_2016"`, `"provincial_2018"`), or `None` before the first
    /// step when no exit year was given.
    #[getter]
    fn edition(&self) -> Option<&'static str> {
        self.0.edition().map(|e| e.as_str())
    }

    /// Replays `{county, options?, state?, history}`.
    #[staticmethod]
    fn from_dict(data: &Bound<'_, PyAny>) -> PyResult<Self> {
        CountyExit::from_value(convert::to_json(data)?)
            .map(Self)
            .map_err(|e| error::core(&e))
    }

    /// Takes one step `{step, date, by: {id, level, region?}, reason?}`; returns the new
    /// state or raises `StepError`.
    fn apply(&mut self, record: &Bound<'_, PyAny>) -> PyResult<String> {
        let record: CountyRecord = convert::de(record, "record")?;
        self.0
            .apply(record)
            .map(|s| s.as_str().to_owned())
            .map_err(|e| error::step(e.from.as_str(), e.step.as_str(), &e.to_string(), &e.issues))
    }

    /// Every problem the step would have now, without taking it.
    fn check<'py>(
        &self,
        py: Python<'py>,
        record: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let record: CountyRecord = convert::de(record, "record")?;
        convert::ser(py, &self.0.check(&record))
    }

    /// The steps that may follow the current state.
    fn next_steps(&self) -> Vec<&'static str> {
        self.0
            .next_steps()
            .into_iter()
            .map(CountyStep::as_str)
            .collect()
    }

    /// The current state (`"not_started"`, `"proposed"` … `"declared"`).
    #[getter]
    fn state(&self) -> &'static str {
        self.0.state().as_str()
    }

    /// The current state's Chinese label.
    #[getter]
    fn state_label_zh(&self) -> &'static str {
        self.0.state().label_zh()
    }

    /// The county.
    #[getter]
    fn county(&self) -> crate::region::PyRegionCode {
        crate::region::PyRegionCode(self.0.county())
    }

    /// Every step taken, oldest first, in wire form.
    #[getter]
    fn history<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::ser(py, self.0.history())
    }

    /// How often the file was sent back.
    #[getter]
    fn times_sent_back(&self) -> usize {
        self.0.times_sent_back()
    }

    /// The wire form `{county, options, state, history}`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::ser(py, &self.0)
    }

    fn __repr__(&self) -> String {
        format!(
            "CountyExit(county='{}', state='{}', steps={})",
            self.0.county().to_short(),
            self.0.state().as_str(),
            self.0.history().len()
        )
    }
}

/// A household's exit (贫困户退出): democratic appraisal, verification, public posting,
/// removal from the register; verification and posting may send it back.
///
/// `HouseholdExit(household, village, *, min_notice_days=7)`; `HouseholdExit.from_dict`.
#[pyclass(name = "HouseholdExit", module = "fupin")]
#[derive(Debug, Clone)]
pub struct PyHouseholdExit(HouseholdExit);

#[pymethods]
impl PyHouseholdExit {
    #[new]
    #[pyo3(signature = (household, village, *, min_notice_days=None))]
    fn new(
        household: String,
        village: &Bound<'_, PyAny>,
        min_notice_days: Option<u32>,
    ) -> PyResult<Self> {
        HouseholdExit::new(
            household,
            crate::region::code(village)?,
            options(min_notice_days),
        )
        .map(Self)
        .map_err(|e| error::core(&e))
    }

    /// Replays `{household, village, options?, state?, history}`.
    #[staticmethod]
    fn from_dict(data: &Bound<'_, PyAny>) -> PyResult<Self> {
        HouseholdExit::from_value(convert::to_json(data)?)
            .map(Self)
            .map_err(|e| error::core(&e))
    }

    /// Takes one step; returns the new state or raises `StepError`.
    fn apply(&mut self, record: &Bound<'_, PyAny>) -> PyResult<String> {
        let record: HouseholdRecord = convert::de(record, "record")?;
        self.0
            .apply(record)
            .map(|s| s.as_str().to_owned())
            .map_err(|e| error::step(e.from.as_str(), e.step.as_str(), &e.to_string(), &e.issues))
    }

    /// Every problem the step would have now, without taking it.
    fn check<'py>(
        &self,
        py: Python<'py>,
        record: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let record: HouseholdRecord = convert::de(record, "record")?;
        convert::ser(py, &self.0.check(&record))
    }

    /// The steps that may follow the current state.
    fn next_steps(&self) -> Vec<&'static str> {
        self.0
            .next_steps()
            .into_iter()
            .map(HouseholdStep::as_str)
            .collect()
    }

    /// The current state.
    #[getter]
    fn state(&self) -> &'static str {
        self.0.state().as_str()
    }

    /// The current state's Chinese label.
    #[getter]
    fn state_label_zh(&self) -> &'static str {
        self.0.state().label_zh()
    }

    /// The household id or file number.
    #[getter]
    fn household(&self) -> &str {
        self.0.household()
    }

    /// The village.
    #[getter]
    fn village(&self) -> crate::region::PyRegionCode {
        crate::region::PyRegionCode(self.0.village())
    }

    /// Every step taken, oldest first, in wire form.
    #[getter]
    fn history<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::ser(py, self.0.history())
    }

    /// The wire form `{household, village, options, state, history}`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::ser(py, &self.0)
    }

    fn __repr__(&self) -> String {
        format!(
            "HouseholdExit(village='{}', state='{}', steps={})",
            self.0.village(),
            self.0.state().as_str(),
            self.0.history().len()
        )
    }
}

/// A poor village's exit (贫困村退出): propose, township verification, notice within the
/// township, county approval and announcement; may be sent back with a reason.
///
/// `VillageExit(village, *, min_notice_days=7)`; `VillageExit.from_dict(wire)`.
#[pyclass(name = "VillageExit", module = "fupin")]
#[derive(Debug, Clone)]
pub struct PyVillageExit(VillageExit);

#[pymethods]
impl PyVillageExit {
    #[new]
    #[pyo3(signature = (village, *, min_notice_days=None))]
    fn new(village: &Bound<'_, PyAny>, min_notice_days: Option<u32>) -> PyResult<Self> {
        VillageExit::new(crate::region::code(village)?, options(min_notice_days))
            .map(Self)
            .map_err(|e| error::core(&e))
    }

    /// Replays `{village, options?, state?, history}`.
    #[staticmethod]
    fn from_dict(data: &Bound<'_, PyAny>) -> PyResult<Self> {
        VillageExit::from_value(convert::to_json(data)?)
            .map(Self)
            .map_err(|e| error::core(&e))
    }

    /// Takes one step; returns the new state or raises `StepError`.
    fn apply(&mut self, record: &Bound<'_, PyAny>) -> PyResult<String> {
        let record: VillageRecord = convert::de(record, "record")?;
        self.0
            .apply(record)
            .map(|s| s.as_str().to_owned())
            .map_err(|e| error::step(e.from.as_str(), e.step.as_str(), &e.to_string(), &e.issues))
    }

    /// Every problem the step would have now, without taking it.
    fn check<'py>(
        &self,
        py: Python<'py>,
        record: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let record: VillageRecord = convert::de(record, "record")?;
        convert::ser(py, &self.0.check(&record))
    }

    /// The steps that may follow the current state.
    fn next_steps(&self) -> Vec<&'static str> {
        self.0
            .next_steps()
            .into_iter()
            .map(VillageStep::as_str)
            .collect()
    }

    /// The current state (`"not_started"`, `"proposed"` … `"announced"`).
    #[getter]
    fn state(&self) -> &'static str {
        self.0.state().as_str()
    }

    /// The current state's Chinese label.
    #[getter]
    fn state_label_zh(&self) -> &'static str {
        self.0.state().label_zh()
    }

    /// The village.
    #[getter]
    fn village(&self) -> crate::region::PyRegionCode {
        crate::region::PyRegionCode(self.0.village())
    }

    /// Every step taken, oldest first, in wire form.
    #[getter]
    fn history<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::ser(py, self.0.history())
    }

    /// How often the file was sent back.
    #[getter]
    fn times_sent_back(&self) -> usize {
        self.0.times_sent_back()
    }

    /// The wire form `{village, options, state, history}`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::ser(py, &self.0)
    }

    fn __repr__(&self) -> String {
        format!(
            "VillageExit(village='{}', state='{}', steps={})",
            self.0.village().to_short(),
            self.0.state().as_str(),
            self.0.history().len()
        )
    }
}
