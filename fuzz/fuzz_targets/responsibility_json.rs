//! Responsibility maps (`ResponsibilityMap::from_json`, then `validate`) and the exit
//! procedures (`CountyExit::from_json`, `HouseholdExit::from_json`). Input in the fixtures'
//! form `{context?, input}` validates the map in that context. Every issue has a code and
//! shows no ID number unmasked.
#![no_main]

use fupin_core::procedure::{CountyExit, HouseholdExit};
use fupin_core::responsibility::{MapContext, ResponsibilityMap};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let tokens = fupin_fuzz::id_tokens(s);
    let value: Option<Value> = serde_json::from_str(s).ok();
    let input = value.as_ref().and_then(|v| v.get("input"));
    let context: MapContext = value
        .as_ref()
        .and_then(|v| v.get("context"))
        .and_then(|c| serde_json::from_value(c.clone()).ok())
        .unwrap_or_default();
    let text = input.map_or_else(|| s.to_owned(), Value::to_string);
    match ResponsibilityMap::from_json(&text) {
        Ok(map) => {
            let issues = map.validate(&context);
            fupin_fuzz::check_issues(&tokens, &issues, "a responsibility rule");
        }
        Err(e) => fupin_fuzz::check_core_error(&tokens, &e, "a responsibility map error"),
    }
    match CountyExit::from_json(&text) {
        Ok(p) => {
            let _ = format!("{p:?}");
        }
        Err(e) => fupin_fuzz::check_core_error(&tokens, &e, "a county exit error"),
    }
    match HouseholdExit::from_json(&text) {
        Ok(p) => {
            let _ = format!("{p:?}");
        }
        Err(e) => fupin_fuzz::check_core_error(&tokens, &e, "a household exit error"),
    }
});
