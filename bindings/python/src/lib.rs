//! The Python binding of fupin (`import fupin`): thin conversions between Python values and
//! the types of `fupin-core`, `fupin-data` and `fupin-arrow`. Every rule lives in those
//! crates; this one converts arguments, results (the core's serde wire format, as
//! `json.loads` gives it, or Arrow tables) and errors (`fupin.errors`). Long computations
//! release the GIL. One file per module of the core; this file only registers.

#![forbid(unsafe_code)]

mod arrow_io;
mod assess;
mod convert;
mod data;
mod error;
mod household;
mod pairing;
mod pandas;
mod plan;
mod procedure;
mod records;
mod region;
mod responsibility;
mod rollup;
mod villages;

use pyo3::prelude::*;

/// The extension module `fupin._fupin`; `fupin` re-exports it by topic.
#[pymodule]
fn _fupin(m: &Bound<'_, PyModule>) -> PyResult<()> {
    // the package's version: the workspace's, as the wheel's metadata and the npm package
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    // region
    m.add_class::<region::PyRegionCode>()?;
    m.add_function(wrap_pyfunction!(region::levels, m)?)?;
    m.add_function(wrap_pyfunction!(region::check_designations, m)?)?;
    // data
    m.add_function(wrap_pyfunction!(data::data_version, m)?)?;
    m.add_function(wrap_pyfunction!(data::vintage_on, m)?)?;
    m.add_function(wrap_pyfunction!(data::division, m)?)?;
    m.add_function(wrap_pyfunction!(data::division_path, m)?)?;
    m.add_function(wrap_pyfunction!(data::division_children, m)?)?;
    m.add_function(wrap_pyfunction!(data::divisions, m)?)?;
    m.add_function(wrap_pyfunction!(data::county_codes, m)?)?;
    m.add_function(wrap_pyfunction!(data::full_name, m)?)?;
    m.add_function(wrap_pyfunction!(data::resolve, m)?)?;
    m.add_function(wrap_pyfunction!(data::changes_from, m)?)?;
    m.add_function(wrap_pyfunction!(data::changes_to, m)?)?;
    m.add_function(wrap_pyfunction!(data::successors, m)?)?;
    m.add_function(wrap_pyfunction!(data::crosswalk, m)?)?;
    m.add_function(wrap_pyfunction!(villages::village_name, m)?)?;
    m.add_function(wrap_pyfunction!(villages::villages_of, m)?)?;
    m.add_function(wrap_pyfunction!(villages::townships_of, m)?)?;
    m.add_function(wrap_pyfunction!(villages::village_data_version, m)?)?;
    // household
    m.add_class::<household::PyHousehold>()?;
    m.add_class::<household::PyMember>()?;
    m.add_class::<household::PyIdNumber>()?;
    m.add_function(wrap_pyfunction!(household::id_check_char, m)?)?;
    m.add_function(wrap_pyfunction!(household::causes, m)?)?;
    m.add_function(wrap_pyfunction!(household::parse_cause, m)?)?;
    m.add_function(wrap_pyfunction!(household::statuses, m)?)?;
    m.add_function(wrap_pyfunction!(records::validate_households, m)?)?;
    // plan
    m.add_class::<plan::PyTargets>()?;
    m.add_function(wrap_pyfunction!(plan::projects, m)?)?;
    m.add_function(wrap_pyfunction!(plan::checklist, m)?)?;
    m.add_function(wrap_pyfunction!(plan::indicator_catalog, m)?)?;
    m.add_function(wrap_pyfunction!(plan::indicator, m)?)?;
    m.add_function(wrap_pyfunction!(plan::poverty_lines, m)?)?;
    m.add_function(wrap_pyfunction!(plan::poverty_line, m)?)?;
    m.add_function(wrap_pyfunction!(plan::exit_rules, m)?)?;
    m.add_function(wrap_pyfunction!(plan::sources, m)?)?;
    // assess
    m.add_class::<assess::PyDataset>()?;
    m.add_class::<assess::PyTallyStream>()?;
    m.add_class::<assess::PyRowReport>()?;
    m.add_class::<rollup::PyTally>()?;
    m.add_class::<rollup::PyRollup>()?;
    m.add_function(wrap_pyfunction!(assess::household_exit, m)?)?;
    m.add_function(wrap_pyfunction!(assess::synthesize, m)?)?;
    // responsibility and procedures
    m.add_class::<responsibility::PyResponsibilityMap>()?;
    m.add_function(wrap_pyfunction!(responsibility::map_context, m)?)?;
    m.add_function(wrap_pyfunction!(responsibility::duties, m)?)?;
    m.add_class::<procedure::PyCountyExit>()?;
    m.add_class::<procedure::PyHouseholdExit>()?;
    m.add_class::<procedure::PyVillageExit>()?;
    // pairing
    m.add_class::<pairing::PyPairingBook>()?;
    m.add_function(wrap_pyfunction!(pairing::check_coverage_rules, m)?)?;
    m.add_function(wrap_pyfunction!(pairing::solve, m)?)?;
    m.add_function(wrap_pyfunction!(pairing::domains, m)?)?;
    Ok(())
}
