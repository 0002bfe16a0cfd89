//! The TypeScript declarations of the wire types, generated at build time from the Rust
//! types (`build/main.rs`) and appended to wasm-bindgen's `.d.ts`.

use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen(typescript_custom_section)]
const WIRE_TYPES: &str = include_str!(concat!(env!("OUT_DIR"), "/types.d.ts"));
