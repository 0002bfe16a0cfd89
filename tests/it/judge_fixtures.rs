//! The shared judgement fixtures (tests/fixtures/judge): one assessment judged by the core's
//! `Assessment` must give the digest the file holds — the same file the command
//! (`crates/fupin-cli/tests/judge.rs`: its JSON report), Python (`test_judge_fixtures.py`)
//! and the browser (`judge_fixtures.test.mjs`) check, so the four give identical answers.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failure should stop the test"
)]

use std::path::{Path, PathBuf};

use fupin::assess::{AssessOptions, Assessment, Dataset, Judged, UnitFacts};
use fupin::household::Household;
use fupin::plan::{Target, Targets};
use serde_json::{Value, json};

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/judge");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no judgement fixtures");
    files
}

/// What every language compares: the judgements' decisions, in the core's order.
fn digest(j: &Judged) -> Value {
    json!({
        "verdicts": j.verdicts.iter().map(|v| json!([v.indicator, v.unit, v.met])).collect::<Vec<_>>(),
        "exits": j.exits.iter().map(|e| json!([
            e.unit, e.status,
            e.criteria.iter().map(|c| json!([c.key, c.passed])).collect::<Vec<_>>(),
        ])).collect::<Vec<_>>(),
        "scorecards": j.scorecards.iter()
            .map(|s| json!([s.unit, s.rank, s.targets_met, s.targets_judged]))
            .collect::<Vec<_>>(),
        "data_problems": j.data_problems.iter()
            .map(|i| json!([i.code, i.path.to_string(), i.params]))
            .collect::<Vec<_>>(),
        "units_met": j.units_met.iter()
            .map(|u| json!([u.indicator, u.level, u.met, u.judged, u.units]))
            .collect::<Vec<_>>(),
    })
}

#[test]
fn the_core_judges_each_fixture_as_recorded() {
    for path in fixtures() {
        let name = path.display().to_string();
        let mut case: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let as_of = serde_json::from_value(case["as_of"].clone()).unwrap();
        let units: UnitFacts = serde_json::from_value(case["units"].clone()).unwrap();
        let mut ds = Dataset::with_units(as_of, units).unwrap();
        let households: Vec<Household> = case["households"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| Household::from_value(h.clone()).unwrap())
            .collect();
        assert_eq!(
            ds.add_households(&households).unwrap().accepted,
            households.len()
        );
        let rollup = ds.roll_up();
        let own: Vec<Target> = serde_json::from_value(case["targets"].clone()).unwrap();
        let options: AssessOptions = serde_json::from_value(case["settings"].clone()).unwrap();
        let judged = Assessment::new(&rollup, ds.counties())
            .with_own_targets(Targets::new_for(own, &rollup.measure_defs()).unwrap())
            .with_options(options)
            .with_known_counties(&fupin::data::code_known)
            .judge();
        let got = digest(&judged);
        assert!(
            !judged.verdicts.is_empty() && !judged.exits.is_empty(),
            "{name}"
        );
        if std::env::var_os("FUPIN_BLESS").is_some() {
            case["expected"] = got;
            std::fs::write(&path, serde_json::to_string_pretty(&case).unwrap() + "\n").unwrap();
            continue;
        }
        assert_eq!(got, case["expected"], "{name}");
    }
}
