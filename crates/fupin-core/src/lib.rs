#![forbid(unsafe_code)]
#![doc = include_str!("../README.md")]

pub mod assess;
pub mod error;
pub mod household;
pub mod mask;
pub mod money;
pub mod pairing;
pub mod plan;
pub mod procedure;
pub mod region;
pub mod responsibility;
pub mod rules;
pub mod synth;

mod csv_lite;
mod json_read;

pub use error::{Error, Issue, Issues, Path, PathItem, quote};
pub use json_read::{parse_json, parse_json_items};
pub use money::{MoneyError, Yuan};
pub use region::{Level, RegionCode};
