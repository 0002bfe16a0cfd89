#![forbid(unsafe_code)]
#![doc = include_str!("../README.md")]

pub use fupin_core::*;

/// Embedded reference data: divisions by vintage, changes, name resolution (the
/// `fupin-data` crate).
pub use fupin_data as data;

/// The townships and villages with their names, NBS 2023 (the `fupin-data-villages` crate;
/// cargo feature `villages`, off by default).
///
/// ```
/// assert_eq!(fupin::villages::name("441900003001"), Some("岗贝社区居民委员会"));
/// ```
#[cfg(feature = "villages")]
pub use fupin_data_villages as villages;

/// The user guide's Rust chapter (`docs/guide/src/rust.md`): its examples run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../docs/guide/src/rust.md")]
pub struct GuideRust;
