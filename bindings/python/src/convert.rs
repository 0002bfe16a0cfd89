//! Python objects ⇄ the core's serde wire format: dicts and lists exactly as `json.loads`
//! gives them (dates as `YYYY-MM-DD` strings, region codes as 12-digit strings). On input
//! `datetime.date` and [`RegionCode`](crate::region::PyRegionCode) objects are accepted
//! where the wire has a string.

use chrono::NaiveDate;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDate, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Number, Value};

use crate::error;

/// Deepest nesting accepted from Python (guards against self-referencing lists).
const MAX_DEPTH: usize = 64;

/// A Python value as JSON: `None`, `bool`, `int`, `float`, `str`, `dict` (string keys),
/// `list`/`tuple`, `datetime.date` (as `YYYY-MM-DD`) and `fupin.RegionCode`.
pub(crate) fn to_json(obj: &Bound<'_, PyAny>) -> PyResult<Value> {
    to_json_at(obj, 0)
}

fn to_json_at(obj: &Bound<'_, PyAny>, depth: usize) -> PyResult<Value> {
    if depth > MAX_DEPTH {
        return Err(error::invalid(
            "value_too_deep",
            "",
            "the value is nested too deeply",
        ));
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if obj.is_instance_of::<PyInt>() {
        if let Ok(i) = obj.extract::<i64>() {
            return Ok(Value::from(i));
        }
        if let Ok(u) = obj.extract::<u64>() {
            return Ok(Value::from(u));
        }
        return Err(error::invalid(
            "number_out_of_range",
            "",
            "an integer does not fit in 64 bits",
        ));
    }
    if obj.is_instance_of::<PyFloat>() {
        let f: f64 = obj.extract()?;
        return Number::from_f64(f)
            .map(Value::Number)
            .ok_or_else(|| error::invalid("number_not_finite", "", "a number is NaN or infinite"));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(Value::String(s.to_str()?.to_owned()));
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        let mut map = Map::new();
        for (k, v) in d.iter() {
            let key = match k.cast::<PyString>() {
                Ok(s) => s.to_str()?.to_owned(),
                Err(_) => match k.extract::<crate::region::PyRegionCode>() {
                    Ok(code) => code.0.to_string(),
                    Err(_) => {
                        return Err(error::invalid(
                            "invalid_key",
                            "",
                            "dictionary keys must be strings",
                        ));
                    }
                },
            };
            map.insert(key, to_json_at(&v, depth + 1)?);
        }
        return Ok(Value::Object(map));
    }
    if obj.is_instance_of::<PyList>() || obj.is_instance_of::<PyTuple>() {
        let mut out = Vec::new();
        for item in obj.try_iter()? {
            out.push(to_json_at(&item?, depth + 1)?);
        }
        return Ok(Value::Array(out));
    }
    if obj.is_instance_of::<PyDate>() {
        let iso: String = obj.call_method0("isoformat")?.extract()?;
        // a datetime gives `YYYY-MM-DDTHH:MM:SS`: the wire has days
        return Ok(Value::String(iso.chars().take(10).collect()));
    }
    if let Ok(code) = obj.extract::<crate::region::PyRegionCode>() {
        return Ok(Value::String(code.0.to_string()));
    }
    let type_name = obj.get_type().name()?.to_string();
    Err(error::invalid(
        "unsupported_type",
        "",
        &format!(
            "a `{type_name}` cannot be converted; use dicts, lists, strings, numbers, booleans, None or dates"
        ),
    ))
}

/// A JSON value as the Python object `json.loads` would give.
pub(crate) fn to_py<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any()
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                dict.set_item(k, to_py(py, v)?)?;
            }
            dict.into_any()
        }
    })
}

/// A core value in its wire form, as Python dicts and lists.
pub(crate) fn ser<'py, T: Serialize + ?Sized>(
    py: Python<'py>,
    value: &T,
) -> PyResult<Bound<'py, PyAny>> {
    let json = serde_json::to_value(value)
        .map_err(|e| error::invalid("serialization", "", &e.to_string()))?;
    to_py(py, &json)
}

/// A core value read from its wire form (a Python object converted to JSON first). `what`
/// names the argument in the error.
pub(crate) fn de<T: DeserializeOwned>(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<T> {
    let json = to_json(obj)?;
    from_json(json, what)
}

/// A core value from JSON, with serde's message on failure (values of the types read this
/// way carry no personal data; households, members, maps, books and procedures are read by
/// the core's own readers, which mask).
pub(crate) fn from_json<T: DeserializeOwned>(json: Value, what: &str) -> PyResult<T> {
    serde_json::from_value(json).map_err(|e| error::invalid("invalid_value", what, &e.to_string()))
}

/// A date from a `datetime.date` or a `YYYY-MM-DD` string.
pub(crate) fn date(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<NaiveDate> {
    if let Ok(s) = obj.cast::<PyString>() {
        let s = s.to_str()?;
        return s.trim().parse().map_err(|_| {
            error::invalid(
                "invalid_date",
                what,
                &format!(
                    "`{}` is not a date (YYYY-MM-DD)",
                    s.chars().take(40).collect::<String>()
                ),
            )
        });
    }
    if obj.is_instance_of::<PyDate>() {
        let iso: String = obj.call_method0("isoformat")?.extract()?;
        let day: String = iso.chars().take(10).collect();
        return day
            .parse()
            .map_err(|_| error::invalid("invalid_date", what, &format!("`{day}` is not a date")));
    }
    Err(error::invalid(
        "invalid_date",
        what,
        "a date is a `datetime.date` or a `YYYY-MM-DD` string",
    ))
}

/// An optional date argument.
pub(crate) fn opt_date(obj: Option<&Bound<'_, PyAny>>, what: &str) -> PyResult<Option<NaiveDate>> {
    match obj {
        None => Ok(None),
        Some(o) if o.is_none() => Ok(None),
        Some(o) => date(o, what).map(Some),
    }
}

/// A date as a Python `datetime.date`.
pub(crate) fn py_date<'py>(py: Python<'py>, d: NaiveDate) -> PyResult<Bound<'py, PyAny>> {
    Ok(d.into_pyobject(py)?.into_any())
}

/// A snake_case key of a core enum (`"county"`, `"skip_if_any_missing"`) read through serde,
/// so that an unknown key raises `UnknownKeyError` naming `kind`.
pub(crate) fn key<T: DeserializeOwned>(s: &str, kind: &'static str) -> PyResult<T> {
    serde_json::from_value(Value::String(s.to_owned())).map_err(|_| {
        error::core(&fupin_core::Error::UnknownKey {
            kind,
            value: s.chars().take(40).collect(),
        })
    })
}

/// The snake_case key of a core enum value.
pub(crate) fn key_of<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(Value::String(s)) => s,
        _ => String::new(),
    }
}
