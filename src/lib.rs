#![doc = include_str!("../README.md")]

pub use fupin_core::*;
