//! Errors as Python exceptions of `fupin.errors`: one class per error kind of the core
//! (`RegionCodeError`, `IdNumberError`, `MoneyError`, `UnknownKeyError`, `ValidationError`,
//! `JsonError`), of the reference data (`NotFoundError`, `DataError`) and of the Arrow
//! adapter (`MissingColumnError`, `ColumnMapError`, `ArrowError`), all under
//! `FupinError(ValueError)`, each with the stable `code` and `.errors()` — the issues
//! `{code, path, message, params}`. Messages come from the core, which masks personal data.

use fupin_core::{Issue, Issues, Path};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyTuple;

/// Builds an exception of class `class` of `fupin.errors` (falls back to `ValueError` if
/// that module cannot be imported, which only a broken installation does).
fn raise(class: &str, code: &str, message: &str, issues: &Issues) -> PyErr {
    Python::attach(|py| {
        let build = || -> PyResult<PyErr> {
            let module = py.import("fupin.errors")?;
            let cls = module.getattr(class)?;
            let issues = crate::convert::ser(py, issues)?;
            let args = PyTuple::new(
                py,
                [
                    message.into_pyobject(py)?.into_any(),
                    code.into_pyobject(py)?.into_any(),
                    issues,
                ],
            )?;
            Ok(PyErr::from_value(cls.call1(args)?))
        };
        build().unwrap_or_else(|e| {
            PyValueError::new_err(format!("{message} [{code}] (fupin.errors: {e})"))
        })
    })
}

/// An error of the core, as the class of its kind.
pub(crate) fn core(e: &fupin_core::Error) -> PyErr {
    let class = match e {
        fupin_core::Error::Code(_) => "RegionCodeError",
        fupin_core::Error::IdNumber(_) => "IdNumberError",
        fupin_core::Error::Money(_) => "MoneyError",
        fupin_core::Error::UnknownKey { .. } => "UnknownKeyError",
        fupin_core::Error::Validation(_) => "ValidationError",
        fupin_core::Error::Json(_) => "JsonError",
        _ => "FupinError",
    };
    raise(class, e.code(), &e.to_string(), &e.issues())
}

/// One issue at the root, as an `Issues` list.
fn one(code: &str, path: &str, message: &str) -> Issues {
    Issues(vec![Issue::new(code, Path::parse(path), message)])
}

/// An error of the reference data.
pub(crate) fn data(e: &fupin_data::DataError) -> PyErr {
    let class = match e {
        fupin_data::DataError::NotFound { .. } => "NotFoundError",
        _ => "DataError",
    };
    let message = e.to_string();
    raise(class, e.code(), &message, &one(e.code(), "", &message))
}

/// The embedded township and village table could not be decoded (a damaged build).
pub(crate) fn villages(e: &fupin_data_villages::VillagesError) -> PyErr {
    let message = e.to_string();
    raise(
        "DataError",
        e.code(),
        &message,
        &one(e.code(), "", &message),
    )
}

/// An error of the Arrow adapter (the core's errors keep their own class).
pub(crate) fn arrow(e: &fupin_arrow::ArrowError) -> PyErr {
    let class = match e {
        fupin_arrow::ArrowError::Core(inner) => return core(inner),
        fupin_arrow::ArrowError::MissingColumn { .. } => "MissingColumnError",
        fupin_arrow::ArrowError::Config(_) => "ColumnMapError",
        _ => "ArrowError",
    };
    let message = e.to_string();
    raise(class, e.code(), &message, &one(e.code(), "", &message))
}

/// A value the binding could not convert, as a `ValidationError` with one issue at `path`.
pub(crate) fn invalid(code: &str, path: &str, message: &str) -> PyErr {
    raise(
        "ValidationError",
        "validation",
        message,
        &one(code, path, message),
    )
}

/// A procedure step refused: a `StepError` (a `ValidationError`) with the state it was tried
/// from and the step, and every problem.
pub(crate) fn step(from: &str, step: &str, message: &str, issues: &Issues) -> PyErr {
    let code = issues
        .iter()
        .next()
        .map_or("validation", |i| i.code.as_str());
    let err = raise("StepError", code, message, issues);
    Python::attach(|py| {
        let value = err.value(py);
        // attributes on a fresh exception object; a failure leaves them unset
        let _ = value.setattr("state", from);
        let _ = value.setattr("step", step);
    });
    err
}

/// A method called on something that was used up (a finished stream).
pub(crate) fn used(what: &str) -> PyErr {
    invalid("used_up", "", &format!("this {what} was already used up"))
}

/// Warns with a `DeprecationWarning` (pointing at the caller's line) that an old name is used;
/// the message names its replacement from `docs/names.md`. An error only when warnings are
/// turned into errors (`-W error`).
pub(crate) fn deprecated(py: Python<'_>, message: &std::ffi::CStr) -> PyResult<()> {
    let category = py.get_type::<pyo3::exceptions::PyDeprecationWarning>();
    PyErr::warn(py, category.as_any(), message, 1)
}
