#![forbid(unsafe_code)]
#![doc = include_str!("../README.md")]

pub use fupin_core::*;

/// Embedded reference data: divisions by vintage, changes, name resolution (the
/// `fupin-data` crate).
pub use fupin_data as data;
