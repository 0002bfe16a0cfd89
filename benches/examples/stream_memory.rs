//! Feeds a synthetic national register (30 million households at scale 1) through
//! `TallyStream` in chunks of 100,000 households generated on the fly, and prints the
//! peak resident memory next to what the whole register's columns would take.
//!
//! `cargo run --release -p fupin-benches --example stream_memory [scale]`

#![allow(
    clippy::print_stdout,
    clippy::unwrap_used,
    reason = "a measuring script"
)]

use chrono::NaiveDate;
use fupin_core::assess::{Counter, HouseholdFields, Households, Rollup, TallyStream, UnitFacts};
use fupin_core::household::HouseholdStatus;
use fupin_core::region::{Level, RegionCode};
use fupin_core::synth::Rng;

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|n| n.parse().ok()))
        })
        .unwrap_or(0)
}

fn main() {
    let scale: f64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1.0);
    let counties: Vec<RegionCode> = fupin_data::divisions(fupin_data::Vintage::V2020)
        .filter(|d| d.level == Level::County && !d.is_grouping)
        .map(|d| d.code)
        .collect();
    let as_of = NaiveDate::from_ymd_opt(2020, 6, 30).unwrap();
    let mut stream = TallyStream::new(as_of, UnitFacts::default())
        .unwrap()
        .labelled("SYNTHETIC stream test");
    let mut rng = Rng::new(2016);
    let mut villages: Vec<u64> = Vec::with_capacity(100_000);
    let mut chunk: Vec<HouseholdFields> = Vec::with_capacity(100_000);
    let push =
        |stream: &mut TallyStream, villages: &mut Vec<u64>, chunk: &mut Vec<HouseholdFields>| {
            let report = stream
                .push_households(Households::Fields {
                    villages,
                    fields: chunk,
                })
                .unwrap();
            villages.clear();
            chunk.clear();
            report.accepted as u64
        };
    let mut total = 0u64;
    let start = std::time::Instant::now();
    for county in &counties {
        for t in 0..13u64 {
            for v in 0..13u64 {
                let village =
                    RegionCode::from_u64(county.as_u64() + (100 + t) * 1000 + 200 + v).unwrap();
                #[expect(
                    clippy::cast_possible_truncation,
                    clippy::cast_sign_loss,
                    reason = "small"
                )]
                let n = (62.0 * scale * (0.5 + rng.unit())).round() as u32;
                for _ in 0..n {
                    let poor = rng.chance(0.05);
                    let status = if poor {
                        HouseholdStatus::Poor
                    } else {
                        HouseholdStatus::Exited
                    };
                    let mut f =
                        HouseholdFields::new(u16::try_from(rng.range(1, 6)).unwrap(), status);
                    f.file_complete = Some(rng.chance(0.97));
                    if poor {
                        f.terminal = Some(rng.chance(0.85));
                    }
                    villages.push(village.as_u64());
                    chunk.push(f);
                    if chunk.len() == chunk.capacity() {
                        total += push(&mut stream, &mut villages, &mut chunk);
                    }
                }
            }
        }
    }
    total += push(&mut stream, &mut villages, &mut chunk);
    let rollup = Rollup::of(stream.finish());
    assert_eq!(rollup.households(), total);
    let villages = rollup.villages.len();
    println!(
        "{total} households in {villages} villages streamed in chunks of 100,000 in {:.1?}; poor people {}",
        start.elapsed(),
        rollup.nation.get(Counter::PoorPeople)
    );
    println!(
        "peak resident memory {:.0} MiB; the register's columns alone would be {:.0} MiB",
        peak_rss_kib() as f64 / 1024.0,
        total as f64 * 8.0 / 1024.0 / 1024.0
    );
}
