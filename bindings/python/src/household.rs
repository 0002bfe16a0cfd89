//! `fupin_core::household`: households and members read from dicts with every problem
//! reported at once, validation as of a date, ID numbers, causes. Personal data (ID numbers,
//! names, phones) is masked in every `repr()` and message; only `to_dict()` and
//! `IdNumber.reveal()` give it back.

use fupin_core::household::{Cause, Household, HouseholdStatus, IdNumber, Member, check_char};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::convert;
use crate::error;
use crate::region::PyRegionCode;

/// As of `today`, or the current UTC date.
fn as_of(today: Option<&Bound<'_, PyAny>>) -> PyResult<chrono::NaiveDate> {
    Ok(convert::opt_date(today, "today")?.unwrap_or_else(|| chrono::Utc::now().date_naive()))
}

/// A registered household's file (建档立卡户, 一户一档), read from a dict in the wire
/// format. Reading reports every problem of shape and type at once (`ValidationError`,
/// paths like `members[2].id_number`); `validate()` checks the rules that span fields.
#[pyclass(name = "Household", module = "fupin", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub struct PyHousehold(pub Household);

/// A household from a `Household` or a dict.
pub(crate) fn household(obj: &Bound<'_, PyAny>) -> PyResult<Household> {
    if let Ok(h) = obj.cast::<PyHousehold>() {
        return Ok(h.get().0.clone());
    }
    Household::from_value(convert::to_json(obj)?).map_err(|e| error::core(&e))
}

#[pymethods]
impl PyHousehold {
    #[new]
    fn new(data: &Bound<'_, PyAny>) -> PyResult<Self> {
        Household::from_value(convert::to_json(data)?)
            .map(Self)
            .map_err(|e| error::core(&e))
    }

    /// Reads a household from JSON text.
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<Self> {
        Household::from_json(text)
            .map(Self)
            .map_err(|e| error::core(&e))
    }

    /// Reads and fully checks a household as of `today`: raises `ValidationError` with every
    /// problem of shape, or else every rule broken.
    #[staticmethod]
    #[pyo3(signature = (data, today=None))]
    fn parse_and_validate(
        data: &Bound<'_, PyAny>,
        today: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        Household::parse_and_validate(convert::to_json(data)?, as_of(today)?)
            .map(Self)
            .map_err(|e| error::core(&e))
    }

    /// Every rule the household breaks as of `today` (default: the current date), as
    /// `[{code, path, message, params}]`; empty when valid.
    #[pyo3(signature = (today=None))]
    fn validate<'py>(
        &self,
        py: Python<'py>,
        today: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        convert::ser(py, &self.0.validate_at(as_of(today)?))
    }

    /// The wire form (with personal data: it is the data file).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::ser(py, &self.0)
    }

    /// The household id (a UUID string).
    #[getter]
    fn id(&self) -> String {
        self.0.id.to_string()
    }

    /// The file number (户编号).
    #[getter]
    fn file_number(&self) -> &str {
        &self.0.file_number
    }

    /// The village.
    #[getter]
    fn village(&self) -> PyRegionCode {
        PyRegionCode(self.0.village)
    }

    /// `"poor"`, `"exited"`, `"returned"` or `"newly_poor"`.
    #[getter]
    fn status(&self) -> String {
        convert::key_of(&self.0.status)
    }

    /// Number of members.
    #[getter]
    fn size(&self) -> usize {
        self.0.size()
    }

    /// The members.
    #[getter]
    fn members(&self) -> Vec<PyMember> {
        self.0.members.iter().cloned().map(PyMember).collect()
    }

    /// The householder, if there is exactly one.
    #[getter]
    fn householder(&self) -> Option<PyMember> {
        self.0.householder().cloned().map(PyMember)
    }

    fn __len__(&self) -> usize {
        self.0.size()
    }

    fn __repr__(&self) -> String {
        format!(
            "Household(file_number={:?}, village='{}', status='{}', members={})",
            fupin_core::mask::mask_personal(&self.0.file_number),
            self.0.village,
            convert::key_of(&self.0.status),
            self.0.size()
        )
    }
}

/// One member of a household. `repr()` and `name` show the name masked (`张*`).
#[pyclass(name = "Member", module = "fupin", frozen, eq)]
#[derive(Debug, Clone, PartialEq)]
pub struct PyMember(pub Member);

#[pymethods]
impl PyMember {
    #[new]
    fn new(data: &Bound<'_, PyAny>) -> PyResult<Self> {
        Member::from_value(convert::to_json(data)?)
            .map(Self)
            .map_err(|e| error::core(&e))
    }

    /// Every rule the member breaks on its own as of `today` (paths from the member).
    #[pyo3(signature = (today=None))]
    fn validate<'py>(
        &self,
        py: Python<'py>,
        today: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        convert::ser(py, &self.0.validate_at(as_of(today)?))
    }

    /// The wire form (with personal data).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::ser(py, &self.0)
    }

    /// The name, masked.
    #[getter]
    fn name(&self) -> String {
        self.0.name.masked()
    }

    /// The relation to the householder (`"householder"`, `"spouse"` …).
    #[getter]
    fn relation(&self) -> String {
        convert::key_of(&self.0.relation)
    }

    /// `"male"` or `"female"`.
    #[getter]
    fn sex(&self) -> String {
        convert::key_of(&self.0.sex)
    }

    /// The ID number, if recorded (masked when shown).
    #[getter]
    fn id_number(&self) -> Option<PyIdNumber> {
        self.0.id_number.clone().map(PyIdNumber)
    }

    fn __repr__(&self) -> String {
        format!(
            "Member(name='{}', relation='{}', sex='{}', id_number={})",
            self.0.name.masked(),
            convert::key_of(&self.0.relation),
            convert::key_of(&self.0.sex),
            self.0
                .id_number
                .as_ref()
                .map_or_else(|| "None".to_owned(), |i| format!("'{}'", i.masked()))
        )
    }
}

/// A citizen identity number (GB 11643): checked on creation (`IdNumberError`), shown
/// masked (`1101**********002X`); `reveal()` gives the full number. A legacy 15-digit
/// number (GB 11643-1989) is upgraded: `reveal()` gives its 18 digits.
#[pyclass(name = "IdNumber", module = "fupin", frozen, eq, hash)]
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PyIdNumber(pub IdNumber);

#[pymethods]
impl PyIdNumber {
    #[new]
    fn new(number: &str) -> PyResult<Self> {
        IdNumber::parse(number)
            .map(Self)
            .map_err(|e| error::core(&e.into()))
    }

    fn __str__(&self) -> String {
        self.0.masked()
    }

    fn __repr__(&self) -> String {
        format!("IdNumber('{}')", self.0.masked())
    }

    /// The full number (personal data: keep it out of logs).
    fn reveal(&self) -> &str {
        self.0.reveal()
    }

    /// The masked form.
    #[getter]
    fn masked(&self) -> String {
        self.0.masked()
    }

    /// The birth date it encodes.
    #[getter]
    fn birth_date<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::py_date(py, self.0.birth_date())
    }

    /// `"male"` or `"female"`.
    #[getter]
    fn sex(&self) -> String {
        convert::key_of(&self.0.sex())
    }

    /// The region of registration at issue (first six digits).
    #[getter]
    fn region(&self) -> PyRegionCode {
        PyRegionCode(self.0.region())
    }

    /// A keyed, stable stand-in (HMAC-SHA-256, hex) for joining data sets.
    fn pseudonym(&self, key: &Bound<'_, PyBytes>) -> String {
        self.0.pseudonym(key.as_bytes())
    }
}

/// The check character the first 17 digits of an ID number call for.
#[pyfunction]
pub(crate) fn id_check_char(first17: &str) -> PyResult<String> {
    let bytes: [u8; 17] = first17
        .as_bytes()
        .try_into()
        .ok()
        .filter(|b: &[u8; 17]| b.iter().all(u8::is_ascii_digit))
        .ok_or_else(|| {
            error::invalid(
                "id_character",
                "",
                "give the first 17 digits of an id number",
            )
        })?;
    Ok(check_char(&bytes).to_string())
}

/// The causes of poverty: `[{key, label_zh, aliases}]`.
#[pyfunction]
pub(crate) fn causes(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    let list: Vec<serde_json::Value> = Cause::ALL
        .iter()
        .map(|c| serde_json::json!({"key": c.key(), "label_zh": c.label_zh(), "aliases": c.aliases()}))
        .collect();
    convert::ser(py, &list)
}

/// The household statuses and every spelling the register readers accept for each (once
/// trimmed), from the core's own table: `[{key, label_zh, is_poor, spellings}]`, in a fixed
/// order (what `fupin.spark` encodes statuses by before they leave Spark's JVM).
#[pyfunction]
pub(crate) fn statuses(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    let list: Vec<serde_json::Value> = HouseholdStatus::ALL
        .iter()
        .map(|s| {
            let spellings: Vec<&str> = HouseholdStatus::SPELLINGS
                .iter()
                .filter(|(_, of)| of == s)
                .map(|(spelling, _)| *spelling)
                .collect();
            serde_json::json!({"key": s.key(), "label_zh": s.label_zh(), "is_poor": s.is_poor(), "spellings": spellings})
        })
        .collect();
    convert::ser(py, &list)
}

/// The key of a cause given by key, Chinese label or alias (`"因病"` → `"illness"`); raises
/// `UnknownKeyError`.
#[pyfunction]
pub(crate) fn parse_cause(text: &str) -> PyResult<&'static str> {
    Cause::parse(text)
        .map(Cause::key)
        .map_err(|e| error::core(&e))
}
