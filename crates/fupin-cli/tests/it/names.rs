//! The Rust column of `docs/names.md` names real items: each path of the table is used below
//! (this file compiles only if they exist), and the test checks that every path of the table
//! is among them, so a row added to the table without a real item fails.

#![allow(
    unused_imports,
    clippy::expect_used,
    reason = "test code: the imports only check that the items exist"
)]

use std::str::FromStr as _;

use fupin_arrow::add_households as _;
use fupin_arrow::exits_table as _;
use fupin_arrow::indicators_table as _;
use fupin_arrow::push_households as _;
use fupin_arrow::push_parquet as _;
use fupin_arrow::scorecards_table as _;
use fupin_arrow::verdicts_table as _;
use fupin_core::assess::household_exit as _;
use fupin_core::assess::household_exit_with as _;
use fupin_core::household::HouseholdStatus as _;
use fupin_core::household::RecordChecker as _;
use fupin_core::household::check_char as _;
use fupin_core::plan::indicator::CATALOG as _;
use fupin_core::plan::indicator::get as _;
use fupin_core::rules::exit_rules as _;
use fupin_core::rules::source::ALL as _;
use fupin_core::synth::generate as _;
use fupin_data::DATA_VERSION as _;
use fupin_data::changes_from as _;
use fupin_data::changes_to as _;
use fupin_data::children as _;
use fupin_data::crosswalk as _;
use fupin_data::divisions as _;
use fupin_data::full_name as _;
use fupin_data::get as _;
use fupin_data::path as _;
use fupin_data::resolve as _;
use fupin_data::resolve_in as _;
use fupin_data::successors as _;
use fupin_data_villages::SOURCE as _;
use fupin_data_villages::VINTAGE as _;
use fupin_data_villages::name as _;
use fupin_report::html::page as _;
use fupin_report::xlsx::workbook as _;

/// Methods and associated items, named by their paths (never called).
#[allow(dead_code, reason = "only compiled")]
fn methods(villages: &fupin_data_villages::Villages) {
    let _ = fupin_core::RegionCode::from_str;
    let _ = fupin_core::Level::ALL;
    let _ = fupin_core::region::Designations::new;
    let _ = fupin_data::Vintage::in_force_on;
    let _ = fupin_data_villages::Villages::from_bytes;
    let _ = fupin_core::household::Household::from_value;
    let _ = fupin_core::household::Household::validate_at;
    let _ = fupin_core::household::Household::parse_and_validate;
    let _ = fupin_core::household::Member::validate_at;
    let _ = fupin_core::household::IdNumber::parse;
    let _ = fupin_core::household::Cause::ALL;
    let _ = fupin_core::household::Cause::parse;
    let _ = fupin_core::plan::ProjectKey::ALL;
    let _ = fupin_core::plan::ChecklistItem::ALL;
    let _ = fupin_core::plan::Targets::new;
    let _ = fupin_core::plan::Targets::builtin;
    let _ = fupin_core::plan::Targets::in_force;
    let _ = fupin_core::plan::Targets::all_in_force;
    let _ = fupin_core::plan::Targets::revisions;
    let _ = fupin_core::plan::PovertyLines::builtin;
    let _ = fupin_core::plan::PovertyLines::for_year;
    let _ = |ds: &mut fupin_core::assess::Dataset, h: &[fupin_core::household::Household]| {
        fupin_core::assess::Dataset::add_households(ds, h)
    };
    let _ = fupin_core::assess::Dataset::tally;
    let _ = fupin_core::assess::Dataset::roll_up;
    let _ = |s: &mut fupin_core::assess::TallyStream, h: &[fupin_core::household::Household]| {
        fupin_core::assess::TallyStream::push_households(s, h)
    };
    let _ = fupin_core::assess::Tally::merge;
    let _ = fupin_core::assess::Assessment::judge;
    let _ = fupin_core::assess::Assessment::verdicts;
    let _ = fupin_core::assess::Assessment::verdicts_at;
    let _ = fupin_core::assess::Assessment::exits;
    let _ = fupin_core::assess::Assessment::exit_of;
    let _ = fupin_core::assess::Assessment::scorecards;
    let _ = fupin_core::assess::Assessment::accountability_chains;
    let _ = fupin_core::assess::Rollup::indicators;
    let _ = fupin_core::assess::Rollup::indicator;
    let _ = fupin_core::assess::Rollup::children;
    let _ = fupin_core::responsibility::ResponsibilityMap::validate;
    let _ = fupin_core::responsibility::ResponsibilityMap::accountability;
    let _ = fupin_core::responsibility::MapContext::from_designations;
    let _ = fupin_core::responsibility::Duty::ALL;
    let _ = fupin_core::procedure::CountyExit::apply;
    let _ = fupin_core::procedure::VillageExit::apply;
    let _ = fupin_core::procedure::HouseholdExit::apply;
    let _ = fupin_core::pairing::PairingBook::from_value;
    let _ = fupin_core::pairing::PairingBook::validate;
    let _ = fupin_core::pairing::PairingBook::coverage;
    let _ = fupin_core::pairing::PairingBook::suggest;
    let _ = fupin_core::pairing::CoverageRules::new;
    let _ = fupin_core::pairing::Instance::solve;
    let _ = fupin_core::pairing::Domain::ALL;
    let _ = fupin_data_villages::Villages::villages_of(villages, "522327103");
    let _ = fupin_data_villages::Villages::townships_of(villages, "522327103");
}

#[test]
fn every_rust_path_of_the_table_is_used_here() {
    let table = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/names.md"),
    )
    .expect("docs/names.md of the repository");
    let here = include_str!("names.rs");
    let mut rows = 0;
    for line in table
        .lines()
        .filter(|l| l.starts_with('|') && l.contains("::"))
    {
        let rust = line.split('|').nth(2).expect("a Rust column");
        for path in rust.split('`').skip(1).step_by(2) {
            rows += 1;
            assert!(
                here.contains(&format!("{path} as _;"))
                    || here.contains(&format!("{path};"))
                    || here.contains(&format!("{path}(")),
                "{path} of docs/names.md is not used in tests/names.rs"
            );
        }
    }
    assert!(rows > 60, "{rows} Rust paths");
}
