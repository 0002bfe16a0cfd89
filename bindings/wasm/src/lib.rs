//! WebAssembly binding of fupin: thin conversions between JS values and the core's types
//! through the serde wire format, so JS sees exactly the JSON shapes of `tests/fixtures/`.
//! Every function and type lives in fupin-core or fupin-data; this crate only converts, and
//! throws `Error` objects with `code` and `issues`. See `bindings/wasm/README.md`.

#![forbid(unsafe_code)]

pub mod assess;
pub mod convert;
#[cfg(feature = "regions")]
pub mod data;
pub mod error;
pub mod household;
pub mod pairing;
pub mod plan;
pub mod region;
mod types;
#[cfg(feature = "villages")]
pub mod villages;
