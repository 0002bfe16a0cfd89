//! Pairing books (`PairingBook::from_json`) and coverage rules (`CoverageRules::from_json`).
//! Input in the fixtures' form `{designations?, rules?, as_of?, options?, input}` (see
//! tests/fixtures/README.md) also checks the book against its designations, computes its
//! coverage and suggests pairings. Every issue has a code and shows no ID number unmasked;
//! a book that reads writes back to JSON that reads to the same book.
#![no_main]

use chrono::NaiveDate;
use fupin_core::pairing::{CoverageRules, PairingBook, SuggestOptions};
use fupin_core::region::Designations;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fn book(
    result: Result<PairingBook, fupin_core::Error>,
    tokens: &[String],
    designations: &Designations,
    rules: &CoverageRules,
    as_of: NaiveDate,
    options: &SuggestOptions,
) {
    match result {
        Ok(book) => {
            let issues = book.validate(designations);
            fupin_fuzz::check_issues(tokens, &issues, "a pairing rule");
            let report = book.coverage(designations, rules, as_of);
            let _ = format!("{report:?}");
            match book.suggest(designations, rules, as_of, options) {
                Ok(plan) => {
                    let _ = plan.pairings();
                }
                Err(e) => fupin_fuzz::check_core_error(tokens, &e, "a suggestion error"),
            }
            let json = serde_json::to_string(&book).unwrap_or_default();
            match PairingBook::from_json(&json) {
                Ok(again) => assert_eq!(again, book, "book changed on a round trip"),
                Err(e) => panic!("written book does not read back: {e}"),
            }
        }
        Err(e) => fupin_fuzz::check_core_error(tokens, &e, "a pairing book error"),
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let tokens = fupin_fuzz::id_tokens(s);
    let none = Designations::new(Vec::new()).unwrap_or_else(|e| panic!("{e}"));
    let defaults = CoverageRules::default();
    match CoverageRules::from_json(s) {
        Ok(rules) => {
            let _ = format!("{rules:?}");
        }
        Err(e) => fupin_fuzz::check_core_error(&tokens, &e, "a coverage rules error"),
    }
    let as_of = fupin_fuzz::as_of();
    let value: Option<Value> = serde_json::from_str(s).ok();
    match value.as_ref().and_then(|v| v.get("input")) {
        None => book(
            PairingBook::from_json(s),
            &tokens,
            &none,
            &defaults,
            as_of,
            &SuggestOptions::default(),
        ),
        Some(input) => {
            let v = value.as_ref();
            let field = |k: &str| v.and_then(|v| v.get(k)).map(Value::to_string);
            let designations = field("designations")
                .and_then(|t| Designations::from_json(&t).ok())
                .unwrap_or(none);
            let rules = field("rules")
                .and_then(|t| CoverageRules::from_json(&t).ok())
                .unwrap_or(defaults);
            let as_of = field("as_of")
                .and_then(|t| serde_json::from_str(&t).ok())
                .unwrap_or(as_of);
            let options = field("options")
                .and_then(|t| serde_json::from_str(&t).ok())
                .unwrap_or_default();
            book(
                PairingBook::from_value(input.clone()),
                &tokens,
                &designations,
                &rules,
                as_of,
                &options,
            );
        }
    }
});
