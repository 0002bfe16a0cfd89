//! `fupin_core::assess`: data sets of the register and unit facts (from Arrow data or
//! household dicts, every row accepted or reported), streams that count a register fed in
//! chunks, the household exit rule, and the synthetic generator.

use chrono::NaiveDate;
use fupin_core::assess::{
    CountyFacts, Dataset, RowReport, TallyStream, UnitFacts, household_exit_with,
};
use fupin_core::household::DuplicateCheck;
use fupin_core::synth::{SynthOptions, generate};
use fupin_core::{Issues, RegionCode};
use pyo3::prelude::*;
use pyo3_arrow::PyTable;

use crate::arrow_io::{self, Rows};
use crate::convert;
use crate::error;
use crate::rollup::{PyRollup, PyTally};

/// What happened to the rows of one input: every row is accepted or reported.
#[pyclass(name = "RowReport", module = "fupin", frozen)]
#[derive(Debug, Clone)]
pub struct PyRowReport(pub RowReport);

#[pymethods]
impl PyRowReport {
    /// Rows given.
    #[getter]
    fn rows(&self) -> usize {
        self.0.rows
    }

    /// Rows accepted.
    #[getter]
    fn accepted(&self) -> usize {
        self.0.accepted
    }

    /// Rows rejected.
    #[getter]
    fn rejected_rows(&self) -> usize {
        self.0.rejected_rows()
    }

    /// One issue or more per rejected row, paths starting with the row (`[12].village`).
    #[getter]
    fn rejected<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::ser(py, &self.0.rejected)
    }

    /// The rejected rows as a table: `row, path, code, message`.
    fn rejects_table(&self) -> PyResult<PyTable> {
        arrow_io::table(fupin_arrow::rejects_table(&self.0.rejected).map_err(|e| error::arrow(&e))?)
    }

    /// `{rows, accepted, rejected}` in wire form.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::ser(py, &self.0)
    }

    fn __repr__(&self) -> String {
        format!(
            "RowReport(rows={}, accepted={}, rejected={})",
            self.0.rows,
            self.0.accepted,
            self.0.rejected_rows()
        )
    }
}

/// Unit facts from a dict `{counties, townships, villages}` and/or Arrow tables, with the
/// issues of unit rows that could not be read.
fn units(
    units: Option<&Bound<'_, PyAny>>,
    villages: Option<&Bound<'_, PyAny>>,
    townships: Option<&Bound<'_, PyAny>>,
    counties: Option<&Bound<'_, PyAny>>,
    map: &fupin_arrow::ColumnMap,
    defs: &fupin_core::plan::MeasureDefs,
) -> PyResult<(UnitFacts, Issues)> {
    let mut facts: UnitFacts = match units.filter(|u| !u.is_none()) {
        None => UnitFacts::default(),
        Some(u) => convert::de(u, "units")?,
    };
    let (v, t, c) = (
        arrow_io::batches(villages)?,
        arrow_io::batches(townships)?,
        arrow_io::batches(counties)?,
    );
    let (read, issues) =
        fupin_arrow::read_units_with(&v, &t, &c, map, defs).map_err(|e| error::arrow(&e))?;
    facts.villages.extend(read.villages);
    facts.townships.extend(read.townships);
    facts.counties.extend(read.counties);
    Ok((facts, issues))
}

/// The register and the unit facts of an area at an as-of date.
///
/// `Dataset(as_of, units=None, *, villages=None, townships=None, counties=None,
/// column_map=None, label=None, poverty_lines=None, indicators=None)`: unit facts as a dict
/// `{counties, townships, villages}` (wire form) and/or Arrow tables; `indicators`, your
/// own indicators beyond shares (a list of definitions, added to the built-in ones, whose
/// columns the unit tables are read for); add households with `add_households` (Arrow data
/// or dicts); roll it up with `roll_up()`.
#[pyclass(name = "Dataset", module = "fupin")]
#[derive(Debug)]
pub struct PyDataset {
    ds: Dataset,
    unit_issues: Issues,
    /// Households given twice, across the calls of `add_households`.
    check: DuplicateCheck,
    /// Calls of `add_households` (each one input of the check).
    inputs: usize,
}

#[pymethods]
impl PyDataset {
    #[new]
    #[pyo3(signature = (as_of, units=None, *, villages=None, townships=None, counties=None, column_map=None, label=None, poverty_lines=None, indicators=None))]
    #[expect(
        clippy::too_many_arguments,
        reason = "keyword arguments of a Python constructor"
    )]
    fn new(
        as_of: &Bound<'_, PyAny>,
        units: Option<&Bound<'_, PyAny>>,
        villages: Option<&Bound<'_, PyAny>>,
        townships: Option<&Bound<'_, PyAny>>,
        counties: Option<&Bound<'_, PyAny>>,
        column_map: Option<&Bound<'_, PyAny>>,
        label: Option<String>,
        poverty_lines: Option<&Bound<'_, PyAny>>,
        indicators: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let as_of = convert::date(as_of, "as_of")?;
        let map = arrow_io::column_map(column_map)?;
        let defs = crate::plan::indicator_defs(indicators)?;
        let (facts, unit_issues) = self::units(units, villages, townships, counties, &map, &defs)?;
        let mut ds =
            Dataset::with_units_and_indicators(as_of, facts, defs).map_err(|e| error::core(&e))?;
        if let Some(label) = label {
            ds = ds.labelled(label);
        }
        if poverty_lines.is_some_and(|p| !p.is_none()) {
            ds = ds.with_poverty_lines(crate::plan::lines(poverty_lines)?);
        }
        Ok(Self {
            ds,
            unit_issues,
            check: DuplicateCheck::new(),
            inputs: 0,
        })
    }

    /// Adds households: Arrow data (any object with `__arrow_c_stream__`: pyarrow, polars,
    /// pandas, DuckDB; columns found by `column_map`, Chinese export names included; text
    /// codes and statuses encoded on the fly, on every core, with the GIL released), the
    /// path of a Parquet file (`str` or `pathlib.Path`: read by fupin's own reader, the
    /// command's, only the register's columns) or a list of household dicts / `Household`
    /// objects. Rows are numbered from 0 in each call. Returns the `RowReport`. A household
    /// whose village and file number were given before (in this call or an earlier one,
    /// as Arrow data or as records) — or, for records, whose members' ID numbers are those
    /// of an earlier record — is not added: it is a rejected row `duplicate_household`
    /// naming where the first one is, as in the command. A record that breaks a rule on
    /// the data set's date (as `validate_households` checks it) is a rejected row too.
    #[pyo3(signature = (data, *, column_map=None))]
    fn add_households(
        &mut self,
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        column_map: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyRowReport> {
        let map = arrow_io::column_map(column_map)?;
        let rows = arrow_io::rows(data)?;
        if rows.synthetic() {
            self.ds.add_label(fupin_arrow::SYNTHETIC_LABEL);
        }
        self.inputs += 1;
        if !matches!(rows, Rows::Parquet(_)) {
            self.check
                .begin_file(&format!("add_households call {}", self.inputs), false);
        }
        let (ds, check) = (&mut self.ds, &mut self.check);
        match rows {
            Rows::Parquet(path) => {
                let name = path.display().to_string();
                py.detach(|| fupin_arrow::add_parquet_checked(ds, check, &path, &name, &map, 0, 0))
                    .map(|count| PyRowReport(count.report))
                    .map_err(|e| error::arrow(&e))
            }
            Rows::Arrow(reader) => py
                .detach(|| {
                    arrow_io::feed_groups(reader, 1 << 22, |batches, offset| {
                        fupin_arrow::add_batches_checked(ds, check, batches, &map, offset, 0)
                    })
                })
                .map(PyRowReport)
                .map_err(|e| error::arrow(&e)),
            Rows::Records(records) => py
                .detach(|| check.feed_records(records, 0, |rows| ds.add_households(rows)))
                .map(PyRowReport)
                .map_err(|e| error::core(&e)),
        }
    }

    /// Counts and rolls up to every level (village to nation), on every core.
    fn roll_up(&self, py: Python<'_>) -> PyRollup {
        let ds = &self.ds;
        let rollup = py.detach(|| ds.roll_up());
        PyRollup::new(rollup, ds.counties().to_vec())
    }

    /// Counts the data set into a mergeable `Tally`.
    fn tally(&self, py: Python<'_>) -> PyTally {
        let ds = &self.ds;
        let tally = py.detach(|| ds.tally());
        PyTally::new(tally, ds.counties().to_vec())
    }

    /// This data set and `other` (disjoint households; unit facts may not conflict).
    fn merge(&self, py: Python<'_>, other: PyRef<'_, PyDataset>) -> PyResult<Self> {
        let (a, b) = (self.ds.clone(), other.ds.clone());
        let mut unit_issues = self.unit_issues.clone();
        unit_issues.0.extend(other.unit_issues.0.iter().cloned());
        let ds = py.detach(|| a.merge(b)).map_err(|e| error::core(&e))?;
        // the households of the merged data sets are not checked against each other
        Ok(Self {
            ds,
            unit_issues,
            check: DuplicateCheck::new(),
            inputs: 0,
        })
    }

    /// The as-of date.
    #[getter]
    fn as_of<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::py_date(py, self.ds.as_of())
    }

    /// The label (e.g. "SYNTHETIC …"), if any.
    #[getter]
    fn label(&self) -> Option<String> {
        self.ds.label().map(str::to_owned)
    }

    /// Number of households.
    #[getter]
    fn household_count(&self) -> usize {
        self.ds.household_count()
    }

    /// Unit rows given as tables that could not be read (`villages[3].fiber` …).
    #[getter]
    fn unit_issues<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::ser(py, &self.unit_issues)
    }

    /// The unit facts `{counties, townships, villages}` in wire form.
    fn units<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::ser(
            py,
            &UnitFacts {
                counties: self.ds.counties().to_vec(),
                townships: self.ds.townships().to_vec(),
                villages: self.ds.villages().to_vec(),
            },
        )
    }

    fn __len__(&self) -> usize {
        self.ds.household_count()
    }

    fn __repr__(&self) -> String {
        format!(
            "Dataset(as_of='{}', households={}, villages={}, townships={}, counties={}{})",
            self.ds.as_of(),
            self.ds.household_count(),
            self.ds.villages().len(),
            self.ds.townships().len(),
            self.ds.counties().len(),
            self.ds
                .label()
                .map(|l| format!(", label={l:?}"))
                .unwrap_or_default()
        )
    }
}

/// Counts a register fed in chunks against fixed unit facts, with memory per village (not
/// per household). `push()` chunks (Arrow data or dicts), then `finish()` gives the `Tally`.
#[pyclass(name = "TallyStream", module = "fupin")]
#[derive(Debug)]
pub struct PyTallyStream {
    stream: Option<TallyStream>,
    counties: Vec<CountyFacts>,
    rows: usize,
    column_map: fupin_arrow::ColumnMap,
    unit_issues: Issues,
    /// Households given twice, across every chunk pushed (one input, rows numbered on).
    check: DuplicateCheck,
    /// A Parquet file was begun in `check` since the last chunk.
    in_file: bool,
}

#[pymethods]
impl PyTallyStream {
    #[new]
    #[pyo3(signature = (as_of, units=None, *, villages=None, townships=None, counties=None, column_map=None, label=None, indicators=None))]
    #[expect(
        clippy::too_many_arguments,
        reason = "keyword arguments of a Python constructor"
    )]
    fn new(
        as_of: &Bound<'_, PyAny>,
        units: Option<&Bound<'_, PyAny>>,
        villages: Option<&Bound<'_, PyAny>>,
        townships: Option<&Bound<'_, PyAny>>,
        counties: Option<&Bound<'_, PyAny>>,
        column_map: Option<&Bound<'_, PyAny>>,
        label: Option<String>,
        indicators: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let as_of = convert::date(as_of, "as_of")?;
        let map = arrow_io::column_map(column_map)?;
        let defs = crate::plan::indicator_defs(indicators)?;
        let (facts, unit_issues) = self::units(units, villages, townships, counties, &map, &defs)?;
        let mut county_facts = facts.counties.clone();
        county_facts.sort_by_key(|c| c.code);
        let mut stream =
            TallyStream::with_indicators(as_of, facts, defs).map_err(|e| error::core(&e))?;
        if let Some(label) = label {
            stream = stream.labelled(label);
        }
        Ok(Self {
            stream: Some(stream),
            counties: county_facts,
            rows: 0,
            column_map: map,
            unit_issues,
            check: {
                let mut check = DuplicateCheck::new();
                check.begin_file(PUSHED, false);
                check
            },
            in_file: false,
        })
    }

    /// Counts one chunk (Arrow data — pyarrow, polars, pandas, DuckDB —, the path of a
    /// Parquet file as `str` or `pathlib.Path`, or a list of household dicts); rows are
    /// numbered on from the previous chunks. Clean Arrow batches take the adapter's
    /// columnar fast path (text codes and statuses encoded on the fly), on every core, with
    /// the GIL released; a Parquet file is counted by the command's reader (row groups
    /// decoded from their pages on every core). A household whose village and file number
    /// were pushed before (as Arrow data or as records) — or, for records, whose members'
    /// ID numbers are those of an earlier record — is not counted: it is a rejected row
    /// `duplicate_household` naming where the first one is, as in the command; a record
    /// that breaks a rule on the stream's date (as `validate_households` checks it) is a
    /// rejected row too. `threads`:
    /// how many threads count the chunk (0, the default: every core; 1 where a scheduler
    /// such as Spark runs one task a core).
    #[pyo3(signature = (data, *, threads=0))]
    fn push(
        &mut self,
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        threads: usize,
    ) -> PyResult<PyRowReport> {
        let start = self.rows;
        let rows = arrow_io::rows(data)?;
        if rows.synthetic()
            && let Some(stream) = self.stream.as_mut()
        {
            stream.add_label(fupin_arrow::SYNTHETIC_LABEL);
        }
        if !matches!(rows, Rows::Parquet(_)) && std::mem::take(&mut self.in_file) {
            // chunks again after a Parquet file: their own input in messages
            self.check.begin_file(PUSHED, false);
        }
        let map = &self.column_map;
        let check = &mut self.check;
        let stream = self.stream.as_mut().ok_or_else(|| error::used("stream"))?;
        let report = match rows {
            Rows::Parquet(path) => {
                let name = path.display().to_string();
                let count = py
                    .detach(|| {
                        fupin_arrow::push_parquet_checked(
                            stream,
                            check,
                            &path,
                            &name,
                            false,
                            map,
                            65_536,
                            threads,
                            start,
                            &|_| {},
                            None,
                        )
                    })
                    .map_err(|e| error::arrow(&e))?;
                self.in_file = true;
                count.report
            }
            Rows::Arrow(reader) => py
                .detach(|| {
                    // batches counted on every core as they come, one fork of the stream
                    // per thread (the batches of an in-memory table are not copied; a
                    // stream holds about one batch per thread)
                    let batches = reader.map(|b| b.map_err(fupin_arrow::ArrowError::from));
                    fupin_arrow::push_reader_checked(stream, check, batches, map, start, threads)
                })
                .map_err(|e| error::arrow(&e))?,
            Rows::Records(records) => py
                .detach(|| check.feed_records(records, start, |rows| stream.push_households(rows)))
                .map_err(|e| error::core(&e))?,
        };
        self.rows += report.rows;
        Ok(PyRowReport(report))
    }

    /// Counts the row groups `row_groups` (`(start, end)`, end excluded; `None`: all) of
    /// the Parquet file at `path` with the command's reader (row groups decoded from their
    /// pages on `threads` threads, 0: every core), with the GIL released. Rows are numbered
    /// from 1, the first of the file (`[row].column` in the report), whichever groups are
    /// read. A household whose village and file number were seen before — in this range, in
    /// files pushed before, or in rows given to `prime_parquet` — is a rejected row
    /// `duplicate_household` naming where the first one is (file `name`, default `path`).
    #[pyo3(signature = (path, *, row_groups=None, name=None, threads=0))]
    fn push_parquet(
        &mut self,
        py: Python<'_>,
        path: std::path::PathBuf,
        row_groups: Option<(usize, usize)>,
        name: Option<String>,
        threads: usize,
    ) -> PyResult<PyRowReport> {
        let name = name.unwrap_or_else(|| path.display().to_string());
        let range = group_range(row_groups).with_threads(threads);
        let map = &self.column_map;
        let check = &mut self.check;
        let stream = self.stream.as_mut().ok_or_else(|| error::used("stream"))?;
        if fupin_arrow::parquet_is_synthetic(&path) {
            stream.add_label(fupin_arrow::SYNTHETIC_LABEL);
        }
        let count = py
            .detach(|| fupin_arrow::push_parquet_range(stream, check, &path, &name, map, &range))
            .map_err(|e| error::arrow(&e))?;
        self.rows += count.report.rows;
        self.in_file = true;
        Ok(PyRowReport(count.report))
    }

    /// Adds the households of the row groups `row_groups` of the Parquet file at `path`
    /// (file `name`, default `path`) to the check of households given twice, counting
    /// nothing: the rows before the ones this stream counts that share villages with them
    /// (another task counts them), so that a later row of the same household is rejected
    /// naming where the first one is, as one process reading every file finds. Returns the
    /// rows added (0 without a file-number column).
    #[pyo3(signature = (path, *, row_groups=None, name=None))]
    fn prime_parquet(
        &mut self,
        py: Python<'_>,
        path: std::path::PathBuf,
        row_groups: Option<(usize, usize)>,
        name: Option<String>,
    ) -> PyResult<usize> {
        let name = name.unwrap_or_else(|| path.display().to_string());
        let range = group_range(row_groups);
        let map = &self.column_map;
        let check = &mut self.check;
        self.in_file = true;
        py.detach(|| fupin_arrow::prime_parquet_range(check, &path, &name, map, &range))
            .map_err(|e| error::arrow(&e))
    }

    /// The tally of everything pushed; the stream is used up.
    fn finish(&mut self, py: Python<'_>) -> PyResult<PyTally> {
        let stream = self.stream.take().ok_or_else(|| error::used("stream"))?;
        let tally = py.detach(|| stream.finish());
        Ok(PyTally::new(tally, self.counties.clone()))
    }

    /// Which of `names` (a table's column names) holds each field the register reader
    /// knows (`village`, `people`, `status` … `file_number`), by the column map:
    /// `{field: column}` for the fields found — to read or ship only those columns.
    #[staticmethod]
    #[pyo3(signature = (names, *, column_map=None))]
    fn fields(
        names: Vec<String>,
        column_map: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<std::collections::BTreeMap<String, String>> {
        use fupin_arrow::arrow_schema::{DataType, Field, Schema};
        let map = arrow_io::column_map(column_map)?;
        let schema = Schema::new(
            names
                .iter()
                .map(|n| Field::new(n.as_str(), DataType::Null, true))
                .collect::<Vec<_>>(),
        );
        Ok(fupin_arrow::HOUSEHOLD_FIELDS
            .iter()
            .filter_map(|f| {
                let column = names.get(map.find(&schema, f)?)?;
                Some(((*f).to_owned(), column.clone()))
            })
            .collect())
    }

    /// Rows pushed so far.
    #[getter]
    fn rows(&self) -> usize {
        self.rows
    }

    /// Unit rows given as tables that could not be read.
    #[getter]
    fn unit_issues<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::ser(py, &self.unit_issues)
    }

    fn __repr__(&self) -> String {
        format!(
            "TallyStream(rows={}, finished={})",
            self.rows,
            if self.stream.is_none() {
                "True"
            } else {
                "False"
            }
        )
    }
}

/// The name of the chunks given to `TallyStream.push` in messages.
const PUSHED: &str = "TallyStream.push";

/// The row groups `(start, end)` of a Parquet file (`None`: all of them).
fn group_range(row_groups: Option<(usize, usize)>) -> fupin_arrow::GroupRange {
    match row_groups {
        Some((start, end)) => fupin_arrow::GroupRange::new(start..end),
        None => fupin_arrow::GroupRange::all(),
    }
}

/// The household exit rule for one household as of a date: income above the chosen line of
/// the year (and the year before, with `stability="two_years"`), and the guarantees that
/// applied on that date: `{unit, file_number, level, status, as_of, line, criteria: [...]}`.
/// `poverty_lines` replaces years of the national series; `provincial` is a list of the
/// provinces' exit standards `{province, year, yuan, source}`; `line` is `national`
/// (default), `provincial` or `provincial_else_national`. A record that breaks a rule on
/// `as_of` (as `validate` checks it) gets no verdict: `ValidationError` with every problem.
#[pyfunction]
#[pyo3(signature = (household, as_of, poverty_lines=None, *, provincial=None, line=None, stability=None))]
pub(crate) fn household_exit<'py>(
    py: Python<'py>,
    household: &Bound<'py, PyAny>,
    as_of: &Bound<'py, PyAny>,
    poverty_lines: Option<&Bound<'py, PyAny>>,
    provincial: Option<&Bound<'py, PyAny>>,
    line: Option<&str>,
    stability: Option<&str>,
) -> PyResult<Bound<'py, PyAny>> {
    let h = crate::household::household(household)?;
    let lines = crate::plan::household_lines(poverty_lines, provincial, line, stability)?;
    let verdict = household_exit_with(&h, &lines, convert::date(as_of, "as_of")?)
        .map_err(|e| crate::error::core(&e))?;
    convert::ser(py, &verdict)
}

/// A **synthetic** data set (labelled so) under the given county codes (default: every
/// county of the 2020 vintage) with national proportions at scale 1 (about 30 million
/// households), as of `as_of` (default 2020-06-30); deterministic for a seed.
#[pyfunction]
#[pyo3(signature = (counties=None, *, as_of=None, scale=1.0, seed=2016, poor_county_share=None))]
pub(crate) fn synthesize(
    py: Python<'_>,
    counties: Option<Vec<Bound<'_, PyAny>>>,
    as_of: Option<&Bound<'_, PyAny>>,
    scale: f64,
    seed: u64,
    poor_county_share: Option<f64>,
) -> PyResult<PyDataset> {
    let as_of: NaiveDate = convert::opt_date(as_of, "as_of")?
        .unwrap_or_else(|| NaiveDate::from_ymd_opt(2020, 6, 30).unwrap_or_default());
    let codes: Vec<RegionCode> = match counties {
        Some(list) => list
            .iter()
            .map(crate::region::code)
            .collect::<PyResult<_>>()?,
        None => fupin_data::divisions(fupin_data::Vintage::V2020)
            .filter(|d| !d.is_grouping && d.level == fupin_core::Level::County)
            .map(|d| d.code)
            .collect(),
    };
    if !(scale.is_finite() && scale > 0.0 && scale <= 10.0) {
        return Err(error::invalid(
            "scale_range",
            "scale",
            "the scale is above 0 and at most 10",
        ));
    }
    let mut opts = SynthOptions::new(as_of).with_scale(scale).with_seed(seed);
    if let Some(share) = poor_county_share {
        opts = opts.with_poor_county_share(share);
    }
    let ds = py.detach(|| generate(&codes, &opts));
    Ok(PyDataset {
        ds,
        unit_issues: Issues::new(),
        check: DuplicateCheck::new(),
        inputs: 0,
    })
}
