#![forbid(unsafe_code)]
#![doc = include_str!("../README.md")]

pub use fupin_core::*;

/// Embedded reference data: divisions by vintage, changes, name resolution (the
/// `fupin-data` crate).
pub use fupin_data as data;

/// The user guide's Rust chapter (`docs/guide/src/rust.md`): its examples run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../docs/guide/src/rust.md")]
pub struct GuideRust;
