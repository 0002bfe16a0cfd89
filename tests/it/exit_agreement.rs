//! The household exit rule is applied twice: per record with every criterion listed
//! (`household_exit_with`) and by the counts of the register (`Counter::ExitKnown` /
//! `ExitEligible`, through the engine's table built from `exit_rule`). They must agree for every household and date, at the line's boundary
//! (income equal to the line fails "above"), before and after safe water became required.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failure should stop the test"
)]

use chrono::NaiveDate;
use fupin::assess::{Counter, Dataset, ExitStatus, household_exit_with};
use fupin::household::Household;
use fupin::plan::{HouseholdLines, PovertyLines};
use proptest::prelude::*;
use serde_json::json;

fn tri(v: u8) -> Option<bool> {
    match v % 3 {
        0 => None,
        1 => Some(true),
        _ => Some(false),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    #[test]
    fn the_verdict_and_the_kernel_flags_agree(
        year in 2014i32..=2021,
        day in 0u32..365,
        // incomes around the line of the year, to the fen, the line itself included
        delta in -300i64..=300,
        no_income in any::<bool>(),
        g in proptest::collection::vec(0u8..3, 6),
    ) {
        let as_of = NaiveDate::from_yo_opt(year, day + 1).unwrap();
        let lines = PovertyLines::builtin();
        let line = lines.for_year(u16::try_from(year).unwrap()).unwrap().yuan.fen();
        let income = (line + delta) as f64 / 100.0;
        let keys = ["food", "clothing", "compulsory_education", "basic_medical", "safe_housing", "safe_water"];
        let guarantees: serde_json::Map<String, serde_json::Value> = keys
            .iter()
            .zip(&g)
            .filter_map(|(k, v)| tri(*v).map(|b| ((*k).to_owned(), json!(b))))
            .collect();
        let mut h = json!({
            "file_number": "1", "village": "522327104201", "identified_year": 2014,
            "status": "poor", "main_cause": "因病", "guarantees": guarantees,
            "members": [{"name": "甲", "relation": "householder", "sex": "male"}]
        });
        if !no_income {
            h["income_per_capita"] = json!(income);
        }
        let h = Household::from_value(h).unwrap();
        let verdict = household_exit_with(&h, &HouseholdLines::default().with_national(lines.clone()), as_of).unwrap();
        let mut ds = Dataset::new(as_of).with_poverty_lines(lines.clone());
        ds.add_households(std::slice::from_ref(&h)).unwrap();
        let counts = ds.tally().total();
        let from_flags = match (counts.get(Counter::ExitKnown) == 1, counts.get(Counter::ExitEligible) == 1) {
            (false, _) => ExitStatus::Undetermined,
            (true, true) => ExitStatus::Eligible,
            (true, false) => ExitStatus::NotEligible,
        };
        prop_assert_eq!(verdict.status, from_flags, "{:?} {:?}", as_of, verdict.criteria);
    }
}
