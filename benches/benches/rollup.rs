//! The full roll-up of all indicators at all levels from data in memory, on the synthetic
//! national set (30 million households at scale 1; `FUPIN_BENCH_SCALE` to change it).
//!
//! `cargo bench -p fupin-benches --bench rollup`
//!
//! Besides criterion's figures it prints households per second and the ratio to a
//! memory-bandwidth floor: one pass summing the same three columns, which no roll-up can
//! beat.

#![allow(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::print_stderr,
    reason = "benchmark code: it prints figures and may stop on a bug"
)]

use std::hint::black_box;
use std::time::Instant;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use fupin_core::assess::{Dataset, Rollup, Tally};
use fupin_core::region::{Level, RegionCode};
use fupin_core::synth::{SynthOptions, generate};

fn national() -> Dataset {
    let scale: f64 = std::env::var("FUPIN_BENCH_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1.0);
    let counties: Vec<RegionCode> = fupin_data::divisions(fupin_data::Vintage::V2020)
        .filter(|d| d.level == Level::County && !d.is_grouping)
        .map(|d| d.code)
        .collect();
    let as_of = NaiveDate::from_ymd_opt(2020, 6, 30).unwrap_or_default();
    let t = Instant::now();
    let ds = generate(&counties, &SynthOptions::new(as_of).with_scale(scale));
    eprintln!(
        "synthetic national set: {} households, {} villages, {} townships, {} counties (generated in {:.1?})",
        ds.household_count(),
        ds.villages().len(),
        ds.townships().len(),
        ds.counties().len(),
        t.elapsed()
    );
    ds
}

/// Columns of the engine's size (a `u32` village slot, `u16` members, a `u16` flags word a
/// household) for the lower bound.
struct Columns {
    village: Vec<u32>,
    people: Vec<u16>,
    flags: Vec<u16>,
}

fn columns(n: usize) -> Columns {
    Columns {
        village: (0..n).map(|i| (i / 70) as u32).collect(),
        people: (0..n).map(|i| (i % 5 + 1) as u16).collect(),
        flags: (0..n).map(|i| (i % 1024) as u16).collect(),
    }
}

/// A lower bound: read 8 bytes a household once (what the engine keeps), two threads, add
/// them up.
fn floor(h: &Columns) -> u64 {
    let half = h.village.len() / 2;
    std::thread::scope(|s| {
        let a = s.spawn(|| sum(&h.village[..half], &h.people[..half], &h.flags[..half]));
        let b = sum(&h.village[half..], &h.people[half..], &h.flags[half..]);
        a.join().unwrap_or(0).wrapping_add(b)
    })
}

fn sum(v: &[u32], p: &[u16], f: &[u16]) -> u64 {
    v.iter().zip(p).zip(f).fold(0u64, |acc, ((v, p), f)| {
        acc.wrapping_add(u64::from(*v) ^ u64::from(*p) ^ u64::from(*f))
    })
}

fn bench(c: &mut Criterion) {
    let ds = national();
    let n = ds.household_count();
    let mut g = c.benchmark_group("rollup");
    g.sample_size(10);
    let cols = columns(n);
    g.bench_function("floor: one pass over the columns", |b| {
        b.iter(|| black_box(floor(&cols)))
    });
    g.bench_function("tally (households -> villages)", |b| {
        b.iter(|| black_box(Tally::of(&ds)))
    });
    g.bench_function("full roll-up (tally + all levels)", |b| {
        b.iter(|| black_box(Rollup::of(Tally::of(&ds))))
    });
    g.finish();

    // plain figures for the closing note
    let best = |f: &dyn Fn()| {
        (0..7)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed().as_secs_f64()
            })
            .fold(f64::INFINITY, f64::min)
    };
    let floor_s = best(&|| {
        black_box(floor(&cols));
    });
    let full_s = best(&|| {
        black_box(Rollup::of(Tally::of(&ds)));
    });
    #[expect(clippy::cast_precision_loss, reason = "a rate")]
    let rate = n as f64 / full_s;
    eprintln!(
        "full roll-up of {n} households: {:.3} s (best of 7), {:.0} M households/s; floor {:.3} s; ratio {:.1}x",
        full_s,
        rate / 1e6,
        floor_s,
        full_s / floor_s
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
