//! Runs the full roll-up of the synthetic national set in a loop (for profilers).
//!
//! `cargo run --release -p fupin-benches --example rollup_loop [iterations]`

#![allow(
    clippy::print_stdout,
    clippy::unwrap_used,
    reason = "a measuring script"
)]

use std::time::Instant;

use chrono::NaiveDate;
use fupin_core::assess::{Rollup, Tally};
use fupin_core::region::{Level, RegionCode};
use fupin_core::synth::{SynthOptions, generate};

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let counties: Vec<RegionCode> = fupin_data::divisions(fupin_data::Vintage::V2020)
        .filter(|d| d.level == Level::County && !d.is_grouping)
        .map(|d| d.code)
        .collect();
    let ds = generate(
        &counties,
        &SynthOptions::new(NaiveDate::from_ymd_opt(2020, 6, 30).unwrap()),
    );
    for _ in 0..n {
        let t = Instant::now();
        let tally = Tally::of(&ds);
        let a = t.elapsed();
        let r = Rollup::of(tally);
        println!(
            "tally {a:?}, roll-up {:?}: {} households",
            t.elapsed(),
            r.households()
        );
    }
}
