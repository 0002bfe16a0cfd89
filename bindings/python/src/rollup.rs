//! `fupin_core::assess` results: tallies (mergeable, serialisable), roll-ups at every level,
//! and what is computed from them — indicators, target verdicts, exit verdicts, scorecards,
//! accountability chains — as Arrow tables for many units or plain dicts for one.

use std::borrow::Cow;

use fupin_core::RegionCode;
use fupin_core::assess::{
    AssessOptions, Assessment, CountyFacts, ExitRules, MissingStrategy, Rollup, Tally,
    TargetVerdict,
};
use fupin_core::region::Level;
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use pyo3_arrow::PyTable;

use crate::arrow_io;
use crate::convert;
use crate::error;
use crate::region::{level, opt_code};

/// A missing-value strategy from its key.
fn strategy(s: &str) -> PyResult<MissingStrategy> {
    convert::key(s, "missing-value strategy")
}

/// Levels from keys (default: nation, province, prefecture, county — the levels judged by
/// default, `AssessOptions::default`).
fn levels(list: Option<Vec<String>>) -> PyResult<Vec<Level>> {
    match list {
        None => Ok(vec![
            Level::Nation,
            Level::Province,
            Level::Prefecture,
            Level::County,
        ]),
        Some(l) => l.iter().map(|s| level(s)).collect(),
    }
}

/// Exit rules: the defaults of the core's rule table with the keys given replaced, `packs`
/// (provincial rule packs with overrides and extra criteria) checked: `ExitRules::from_value`.
fn exit_rules(obj: Option<&Bound<'_, PyAny>>) -> PyResult<ExitRules> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(ExitRules::default());
    };
    ExitRules::from_value(convert::to_json(obj)?).map_err(|e| error::core(&e))
}

/// Unit names for result tables (from the embedded reference data), when asked for.
fn names_if(names: bool) -> fupin_arrow::Names<'static> {
    names.then_some(&arrow_io::name_of as &dyn Fn(RegionCode) -> Option<String>)
}

/// Counters per unit at one date, mergeable across parts of a register (`merge`), and
/// serialisable (`to_dict` / `Tally.from_dict`).
#[pyclass(name = "Tally", module = "fupin", frozen)]
#[derive(Debug, Clone)]
pub struct PyTally {
    tally: Tally,
    counties: Vec<CountyFacts>,
}

impl PyTally {
    pub(crate) fn new(tally: Tally, counties: Vec<CountyFacts>) -> Self {
        Self { tally, counties }
    }
}

#[pymethods]
impl PyTally {
    /// A tally from its wire form.
    #[staticmethod]
    fn from_dict(data: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(Self::new(convert::de(data, "tally")?, Vec::new()))
    }

    /// The wire form.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::ser(py, &self.tally)
    }

    /// A tally from `to_bytes()` output (the wire form as compact UTF-8 JSON; `bytes` or
    /// `bytearray`); a `JsonError` if it is not one.
    #[staticmethod]
    fn from_bytes(py: Python<'_>, data: Cow<'_, [u8]>) -> PyResult<Self> {
        let data: &[u8] = &data;
        let tally: Tally = py
            .detach(|| serde_json::from_slice(data))
            .map_err(|e| error::core(&e.into()))?;
        Ok(Self::new(tally, Vec::new()))
    }

    /// The wire form as compact UTF-8 JSON bytes, to ship partial tallies between
    /// processes (Spark tasks, queues, files). Unit facts beyond the counters (county
    /// zones and surveys) stay behind, as with `to_dict`.
    fn to_bytes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let t = &self.tally;
        let bytes = py
            .detach(|| serde_json::to_vec(t))
            .map_err(|e| error::invalid("serialization", "", &e.to_string()))?;
        Ok(PyBytes::new(py, &bytes))
    }

    /// This tally and `other` (disjoint parts), added up.
    fn merge(&self, py: Python<'_>, other: &Self) -> PyResult<Self> {
        let (a, b) = (self.tally.clone(), other.tally.clone());
        let merged = py.detach(|| a.merge(b)).map_err(|e| error::core(&e))?;
        let mut counties = self.counties.clone();
        counties.extend(other.counties.iter().cloned());
        counties.sort_by_key(|c| c.code);
        counties.dedup_by_key(|c| c.code);
        Ok(Self::new(merged, counties))
    }

    /// Rolls the tally up to every level.
    fn roll_up(&self, py: Python<'_>) -> PyRollup {
        let t = &self.tally;
        PyRollup::new(py.detach(|| Rollup::of_ref(t)), self.counties.clone())
    }

    /// The counters of everything, `{counter: n}` (non-zero ones).
    fn total<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::ser(py, &self.tally.total())
    }

    /// Every problem of the tally (unsorted or repeated units, wrong levels).
    fn validate<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::ser(py, &self.tally.validate())
    }

    fn __repr__(&self) -> String {
        format!(
            "Tally(as_of='{}', villages={}, townships={}, counties={})",
            self.tally.as_of,
            self.tally.villages.len(),
            self.tally.townships.len(),
            self.tally.counties.len()
        )
    }
}

/// The counters of every unit at every level, village to nation, and everything computed
/// from them. Tables (`*_table`) cover many units; the other methods give dicts for one.
#[pyclass(name = "Rollup", module = "fupin", frozen)]
#[derive(Debug)]
pub struct PyRollup {
    rollup: Rollup,
    counties: Vec<CountyFacts>,
}

impl PyRollup {
    pub(crate) fn new(rollup: Rollup, counties: Vec<CountyFacts>) -> Self {
        Self { rollup, counties }
    }

    /// The assessment of this roll-up against `targets` (added to the built-in ones).
    fn judged_by(
        &self,
        targets: Option<&Bound<'_, PyAny>>,
        options: AssessOptions,
    ) -> PyResult<Assessment<'_>> {
        let targets = crate::plan::judged_targets(targets, &self.rollup.measure_defs())?;
        Ok(Assessment::new(&self.rollup, &self.counties)
            .with_targets(targets)
            .with_options(options))
    }

    /// Target verdicts of `levels` (inside `within`), projected from `history`.
    fn verdicts_of(
        &self,
        py: Python<'_>,
        targets: Option<&Bound<'_, PyAny>>,
        levels: &[Level],
        options: AssessOptions,
        history: Option<Vec<PyRef<'_, PyRollup>>>,
    ) -> PyResult<Vec<TargetVerdict>> {
        let history = history.unwrap_or_default();
        let mut a = self.judged_by(targets, options)?;
        for earlier in &history {
            a = a.with_previous(&earlier.rollup);
        }
        Ok(py.detach(|| a.verdicts_at(levels)))
    }
}

/// What a report of a roll-up is judged against, from the keyword arguments.
struct ReportArgs<'a> {
    previous: Option<&'a PyRollup>,
    map: Option<fupin_core::responsibility::ResponsibilityMap>,
    rules: ExitRules,
    targets: fupin_core::plan::Targets,
    deepest: Level,
    within: Option<RegionCode>,
    lang: fupin_report::Lang,
    strategy: MissingStrategy,
}

impl<'a> ReportArgs<'a> {
    #[expect(
        clippy::too_many_arguments,
        reason = "the keyword arguments of the report methods"
    )]
    fn new(
        rollup: &Rollup,
        previous: Option<&'a PyRollup>,
        responsibility: Option<&Bound<'_, PyAny>>,
        rules: Option<&Bound<'_, PyAny>>,
        targets: Option<&Bound<'_, PyAny>>,
        level: &str,
        within: Option<&Bound<'_, PyAny>>,
        lang: &str,
        strategy: &str,
    ) -> PyResult<Self> {
        let lang = fupin_report::Lang::parse(lang).ok_or_else(|| {
            error::invalid("invalid_option", "lang", "the language is `zh` or `en`")
        })?;
        Ok(ReportArgs {
            previous,
            map: responsibility
                .filter(|r| !r.is_none())
                .map(crate::responsibility::map)
                .transpose()?,
            rules: exit_rules(rules)?,
            targets: crate::plan::judged_targets(targets, &rollup.measure_defs())?,
            deepest: self::level(level)?,
            within: opt_code(within)?,
            lang,
            strategy: self::strategy(strategy)?,
        })
    }
}

impl PyRollup {
    /// The core's assessment of this roll-up with the keyword arguments: the targets are
    /// the built-in ones and the user's already (`judged_targets`).
    fn assessment<'s>(&'s self, o: &'s ReportArgs<'_>) -> Assessment<'s> {
        let mut options = AssessOptions::default()
            .level(o.deepest)
            .strategy(o.strategy);
        if let Some(w) = o.within {
            options = options.within(w);
        }
        let mut assessment = Assessment::new(&self.rollup, &self.counties)
            .with_targets(o.targets.clone())
            .with_rules(o.rules.clone())
            .with_options(options);
        if let Some(previous) = o.previous {
            assessment = assessment.with_previous(&previous.rollup);
        }
        if let Some(map) = o.map.as_ref() {
            assessment = assessment.with_responsibility(map);
        }
        // counties checked against the divisions of 2016–2023, as the command checks them
        assessment.with_known_counties(&fupin_data::code_known)
    }

    /// Judges the roll-up as `fupin assess` does and renders the report with `render`
    /// (outside the interpreter's lock).
    fn report<T: Send>(
        &self,
        py: Python<'_>,
        o: &ReportArgs<'_>,
        render: impl FnOnce(&fupin_report::Assessment<'_>) -> Result<T, fupin_report::ReportError>
        + Send,
    ) -> PyResult<T> {
        let r = &self.rollup;
        py.detach(|| {
            let judged = self.assessment(o).judge();
            // data that cannot be right is said in the report, as the command's says it
            let notes: Vec<String> = fupin_report::data_problems_note(&judged.data_problems)
                .into_iter()
                .collect();
            let mut a = fupin_report::Assessment::new(r);
            a.notes = &notes;
            a.strategy = o.strategy;
            a.deepest = o.deepest;
            a.within = o.within;
            a.verdicts = &judged.verdicts;
            a.exits = &judged.exits;
            a.scorecards = &judged.scorecards;
            a.accountability = &judged.accountability;
            a.lang = o.lang;
            render(&a)
        })
        .map_err(|e| error::invalid(e.code(), "report", &e.to_string()))
    }
}

#[pymethods]
impl PyRollup {
    /// A roll-up from its wire form.
    #[staticmethod]
    fn from_dict(data: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(Self::new(convert::de(data, "rollup")?, Vec::new()))
    }

    /// The wire form (every unit's counters).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::ser(py, &self.rollup)
    }

    /// The as-of date.
    #[getter]
    fn as_of<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::py_date(py, self.rollup.as_of)
    }

    /// The data set's label, if any.
    #[getter]
    fn label(&self) -> Option<String> {
        self.rollup.label.clone()
    }

    /// Registered households counted.
    #[getter]
    fn households(&self) -> u64 {
        self.rollup.households()
    }

    /// The codes of the units of a level, in code order.
    fn units(&self, level: &str) -> PyResult<Vec<crate::region::PyRegionCode>> {
        Ok(self
            .rollup
            .level(self::level(level)?)
            .iter()
            .map(|e| crate::region::PyRegionCode(e.code))
            .collect())
    }

    /// The counters of one unit (`None`: the nation), `{counter: n}`, or `None` if absent.
    #[pyo3(signature = (unit=None))]
    fn counts<'py>(
        &self,
        py: Python<'py>,
        unit: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        convert::ser(py, &self.rollup.counts(opt_code(unit)?))
    }

    /// Every indicator of one unit (`None`: the nation): `[{indicator, numerator,
    /// denominator, population, missing, value, completeness}]`.
    #[pyo3(signature = (unit=None, *, strategy="skip_if_all_missing"))]
    fn indicators<'py>(
        &self,
        py: Python<'py>,
        unit: Option<&Bound<'py, PyAny>>,
        strategy: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        convert::ser(
            py,
            &self
                .rollup
                .indicators(opt_code(unit)?, self::strategy(strategy)?),
        )
    }

    /// One indicator of one unit, or `None`.
    #[pyo3(signature = (indicator, unit=None, *, strategy="skip_if_all_missing"))]
    fn indicator<'py>(
        &self,
        py: Python<'py>,
        indicator: &str,
        unit: Option<&Bound<'py, PyAny>>,
        strategy: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        convert::ser(
            py,
            &self
                .rollup
                .indicator(opt_code(unit)?, indicator, self::strategy(strategy)?),
        )
    }

    /// Every indicator of every unit of `levels` (default nation to county): `level, code,
    /// name, indicator, numerator, denominator, population, missing, value, completeness`.
    #[pyo3(signature = (levels=None, *, strategy="skip_if_all_missing", names=true))]
    fn indicators_table(
        &self,
        py: Python<'_>,
        levels: Option<Vec<String>>,
        strategy: &str,
        names: bool,
    ) -> PyResult<PyTable> {
        let (levels, strategy) = (self::levels(levels)?, self::strategy(strategy)?);
        let r = &self.rollup;
        let batch = py
            .detach(|| fupin_arrow::indicators_table(r, &levels, strategy, names_if(names)))
            .map_err(|e| error::arrow(&e))?;
        arrow_io::table(batch)
    }

    /// Target verdicts of one unit (`None`: the nation) against the targets in force at the
    /// as-of date: `[{unit, level, indicator, target, value, completeness, met, gap,
    /// days_left, projection?}]`; earlier roll-ups in `history` give projections.
    #[pyo3(signature = (unit=None, *, targets=None, strategy="skip_if_all_missing", history=None))]
    fn judge_targets<'py>(
        &self,
        py: Python<'py>,
        unit: Option<&Bound<'py, PyAny>>,
        targets: Option<&Bound<'py, PyAny>>,
        strategy: &str,
        history: Option<Vec<PyRef<'py, PyRollup>>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let unit = opt_code(unit)?;
        let mut options = AssessOptions::default().strategy(self::strategy(strategy)?);
        if let Some(u) = unit {
            options = options.within(u);
        }
        let levels = [unit.map_or(Level::Nation, RegionCode::level)];
        let list = PyRollup::verdicts_of(self, py, targets, &levels, options, history)?;
        convert::ser(py, &list)
    }

    /// Deprecated name of [`judge_targets`](Self::judge_targets) (see `docs/names.md`),
    /// kept for one release: warns with a `DeprecationWarning`, then does the same.
    #[pyo3(signature = (unit=None, *, targets=None, strategy="skip_if_all_missing", history=None))]
    fn verdicts<'py>(
        &self,
        py: Python<'py>,
        unit: Option<&Bound<'py, PyAny>>,
        targets: Option<&Bound<'py, PyAny>>,
        strategy: &str,
        history: Option<Vec<PyRef<'py, PyRollup>>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        error::deprecated(
            py,
            c"Rollup.verdicts is deprecated and goes in the next release: use Rollup.judge_targets",
        )?;
        self.judge_targets(py, unit, targets, strategy, history)
    }

    /// Target verdicts of every unit of `levels` (inside `within`) as a table: `level, code,
    /// name, indicator, revision, comparator, threshold, deadline, value, completeness, met,
    /// gap, days_left, projected, at_risk, source`.
    #[pyo3(signature = (levels=None, *, targets=None, within=None, strategy="skip_if_all_missing", history=None, names=true))]
    #[expect(
        clippy::too_many_arguments,
        reason = "keyword arguments of a Python method"
    )]
    fn verdicts_table(
        &self,
        py: Python<'_>,
        levels: Option<Vec<String>>,
        targets: Option<&Bound<'_, PyAny>>,
        within: Option<&Bound<'_, PyAny>>,
        strategy: &str,
        history: Option<Vec<PyRef<'_, PyRollup>>>,
        names: bool,
    ) -> PyResult<PyTable> {
        let mut options = AssessOptions::default().strategy(self::strategy(strategy)?);
        if let Some(w) = opt_code(within)? {
            options = options.within(w);
        }
        let levels = self::levels(levels)?;
        let list = PyRollup::verdicts_of(self, py, targets, &levels, options, history)?;
        let batch = py
            .detach(|| fupin_arrow::verdicts_table(&list, names_if(names)))
            .map_err(|e| error::arrow(&e))?;
        arrow_io::table(batch)
    }

    /// The exit verdict of one poor village or county, every criterion listed: `{unit,
    /// level, status, criteria: [{key, label_zh, value, comparator, threshold, passed,
    /// source}]}`. `rules` replaces defaults (`incidence`, `incidence_west`, `packs` …).
    #[pyo3(signature = (unit, *, rules=None))]
    fn exit_verdict<'py>(
        &self,
        py: Python<'py>,
        unit: &Bound<'py, PyAny>,
        rules: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let unit = crate::region::code(unit)?;
        let verdict = Assessment::new(&self.rollup, &self.counties)
            .with_rules(exit_rules(rules)?)
            .exit_of(unit)
            .map_err(|e| error::core(&e))?;
        convert::ser(py, &verdict)
    }

    /// Exit verdicts of every poor county and registered poor village, one row per
    /// criterion: `level, code, name, file_number, status, criterion, label_zh, value,
    /// comparator, threshold, passed, source`.
    #[pyo3(signature = (*, rules=None, names=true))]
    fn exits_table(
        &self,
        py: Python<'_>,
        rules: Option<&Bound<'_, PyAny>>,
        names: bool,
    ) -> PyResult<PyTable> {
        let a = Assessment::new(&self.rollup, &self.counties).with_rules(exit_rules(rules)?);
        let batch = py
            .detach(|| fupin_arrow::exits_table(&a.exits(), names_if(names)))
            .map_err(|e| error::arrow(&e))?;
        arrow_io::table(batch)
    }

    /// Scorecards of every unit of `level` (province, prefecture or county), ranked:
    /// `level, code, name, rank, peers, rank_in_parent, peers_in_parent, targets_met,
    /// targets_judged`.
    #[pyo3(signature = (level="county", *, targets=None, previous=None, strategy="skip_if_all_missing", names=true))]
    fn scorecards_table(
        &self,
        py: Python<'_>,
        level: &str,
        targets: Option<&Bound<'_, PyAny>>,
        previous: Option<PyRef<'_, PyRollup>>,
        strategy: &str,
        names: bool,
    ) -> PyResult<PyTable> {
        let options = AssessOptions::default()
            .level(self::level(level)?)
            .strategy(self::strategy(strategy)?);
        let mut a = self.judged_by(targets, options)?;
        if let Some(p) = previous.as_ref() {
            a = a.with_previous(&p.rollup);
        }
        let batch = py
            .detach(|| fupin_arrow::scorecards_table(&a.scorecards(), names_if(names)))
            .map_err(|e| error::arrow(&e))?;
        arrow_io::table(batch)
    }

    /// The scorecard of one unit (ranked among its level): `{unit, level, indicators,
    /// targets, targets_met, targets_judged, rank, peers, rank_in_parent, peers_in_parent,
    /// changes?}`, or `None` if the unit is not in the data.
    #[pyo3(signature = (unit, *, targets=None, previous=None, strategy="skip_if_all_missing"))]
    fn scorecard<'py>(
        &self,
        py: Python<'py>,
        unit: &Bound<'py, PyAny>,
        targets: Option<&Bound<'py, PyAny>>,
        previous: Option<PyRef<'py, PyRollup>>,
        strategy: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let unit = crate::region::code(unit)?;
        let options = AssessOptions::default()
            .level(unit.level())
            .strategy(self::strategy(strategy)?);
        let mut a = self.judged_by(targets, options)?;
        if let Some(p) = previous.as_ref() {
            a = a.with_previous(&p.rollup);
        }
        let cards = py.detach(|| a.scorecards());
        convert::ser(py, &cards.into_iter().find(|c| c.unit == unit))
    }

    /// The accountability chain of every target not met at `levels`: who answers for it at
    /// each level up to the coordination group (from a `ResponsibilityMap` or its dict),
    /// with up to `evidence_limit` failing units as evidence (default 10, the core's
    /// `EVIDENCE_LIMIT`, as `fupin assess` and `judge` show).
    #[pyo3(signature = (responsibility, *, levels=None, targets=None, strategy="skip_if_all_missing", evidence_limit=10))]
    fn accountability_chains<'py>(
        &self,
        py: Python<'py>,
        responsibility: &Bound<'py, PyAny>,
        levels: Option<Vec<String>>,
        targets: Option<&Bound<'py, PyAny>>,
        strategy: &str,
        evidence_limit: usize,
    ) -> PyResult<Bound<'py, PyAny>> {
        let map = crate::responsibility::map(responsibility)?;
        let options = AssessOptions::default()
            .strategy(self::strategy(strategy)?)
            .evidence(evidence_limit);
        let a = self.judged_by(targets, options)?.with_responsibility(&map);
        let levels = self::levels(levels)?;
        let chains = py
            .detach(|| a.accountability_chains(&a.verdicts_at(&levels)))
            .map_err(|e| error::core(&e))?;
        convert::ser(py, &chains)
    }

    /// Deprecated name of [`accountability_chains`](Self::accountability_chains) (see
    /// `docs/names.md`), kept for one release: warns with a `DeprecationWarning`, then does
    /// the same.
    #[pyo3(signature = (responsibility, *, levels=None, targets=None, strategy="skip_if_all_missing", evidence_limit=10))]
    fn accountability<'py>(
        &self,
        py: Python<'py>,
        responsibility: &Bound<'py, PyAny>,
        levels: Option<Vec<String>>,
        targets: Option<&Bound<'py, PyAny>>,
        strategy: &str,
        evidence_limit: usize,
    ) -> PyResult<Bound<'py, PyAny>> {
        error::deprecated(
            py,
            c"Rollup.accountability is deprecated and goes in the next release: use Rollup.accountability_chains",
        )?;
        self.accountability_chains(
            py,
            responsibility,
            levels,
            targets,
            strategy,
            evidence_limit,
        )
    }

    /// Every judgement of the roll-up at once, as `fupin assess` and its reports make them
    /// (the core's `Assessment::judge`; the browser's `judge`): a dict of `verdicts` (targets,
    /// nation down to `level`, counties at most, projected from `previous`), `exits` (poor
    /// counties and villages, every criterion), `scorecards`, `accountability` (of the
    /// worst gaps, with `responsibility`), `data_problems` (data that cannot be right,
    /// counted as given) and `units_met` (how many counties or prefectures meet each target
    /// judged at their level). `targets` are added to the built-in ones.
    #[pyo3(signature = (*, previous=None, responsibility=None, rules=None, targets=None, level="county", within=None, strategy="skip_if_all_missing"))]
    #[expect(
        clippy::too_many_arguments,
        reason = "keyword arguments of a Python method"
    )]
    fn judge<'py>(
        &self,
        py: Python<'py>,
        previous: Option<PyRef<'_, PyRollup>>,
        responsibility: Option<&Bound<'_, PyAny>>,
        rules: Option<&Bound<'_, PyAny>>,
        targets: Option<&Bound<'_, PyAny>>,
        level: &str,
        within: Option<&Bound<'_, PyAny>>,
        strategy: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        let o = ReportArgs::new(
            &self.rollup,
            previous.as_deref(),
            responsibility,
            rules,
            targets,
            level,
            within,
            "zh",
            strategy,
        )?;
        let judged = py.detach(|| self.assessment(&o).judge());
        convert::ser(py, &judged)
    }

    /// The assessment as one self-contained HTML page (no network): it opens on the nation
    /// and drills to provinces, prefectures, counties and villages; tables sort and filter;
    /// each indicator's distribution and the units furthest from their target; exits with
    /// every criterion and its source; accountability when `responsibility` is given. The
    /// report of `fupin assess --format html`, judged the same way.
    #[pyo3(signature = (*, previous=None, responsibility=None, rules=None, targets=None, level="county", within=None, lang="zh", strategy="skip_if_all_missing"))]
    #[expect(
        clippy::too_many_arguments,
        reason = "keyword arguments of a Python method"
    )]
    fn to_html(
        &self,
        py: Python<'_>,
        previous: Option<PyRef<'_, PyRollup>>,
        responsibility: Option<&Bound<'_, PyAny>>,
        rules: Option<&Bound<'_, PyAny>>,
        targets: Option<&Bound<'_, PyAny>>,
        level: &str,
        within: Option<&Bound<'_, PyAny>>,
        lang: &str,
        strategy: &str,
    ) -> PyResult<String> {
        let opts = ReportArgs::new(
            &self.rollup,
            previous.as_deref(),
            responsibility,
            rules,
            targets,
            level,
            within,
            lang,
            strategy,
        )?;
        self.report(py, &opts, fupin_report::html::page)
    }

    /// The assessment as one Excel workbook (the workbook of `fupin assess --format
    /// xlsx`): written to `path` when given (and `None` returned), else returned as bytes.
    #[pyo3(signature = (path=None, *, previous=None, responsibility=None, rules=None, targets=None, level="county", within=None, lang="zh", strategy="skip_if_all_missing"))]
    #[expect(
        clippy::too_many_arguments,
        reason = "keyword arguments of a Python method"
    )]
    fn to_xlsx<'py>(
        &self,
        py: Python<'py>,
        path: Option<std::path::PathBuf>,
        previous: Option<PyRef<'py, PyRollup>>,
        responsibility: Option<&Bound<'py, PyAny>>,
        rules: Option<&Bound<'py, PyAny>>,
        targets: Option<&Bound<'py, PyAny>>,
        level: &str,
        within: Option<&Bound<'py, PyAny>>,
        lang: &str,
        strategy: &str,
    ) -> PyResult<Option<Bound<'py, PyBytes>>> {
        let opts = ReportArgs::new(
            &self.rollup,
            previous.as_deref(),
            responsibility,
            rules,
            targets,
            level,
            within,
            lang,
            strategy,
        )?;
        let bytes = self.report(py, &opts, fupin_report::xlsx::workbook)?;
        match path {
            None => Ok(Some(PyBytes::new(py, &bytes))),
            Some(p) => {
                std::fs::write(&p, &bytes).map_err(|e| {
                    pyo3::exceptions::PyOSError::new_err(format!(
                        "cannot write `{}`: {e}",
                        p.display()
                    ))
                })?;
                Ok(None)
            }
        }
    }

    fn __repr__(&self) -> String {
        format!(
            "Rollup(as_of='{}', households={}, villages={}, counties={}, provinces={})",
            self.rollup.as_of,
            self.rollup.households(),
            self.rollup.villages.len(),
            self.rollup.counties.len(),
            self.rollup.provinces.len()
        )
    }
}
