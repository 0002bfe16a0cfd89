//! "N+1" pairing suggestions at national scale: 2,000 helpers × 832 poor counties with 600
//! existing pairings (synthetic, `fupin_core::pairing::synth`), solved exactly.
//!
//! `cargo bench -p fupin-benches --bench pairing`
//!
//! - `suggest/default`: the set's own rules (2 helpers per poor county, 3 in deep poverty
//!   areas, an e-commerce project each), default priorities from designations;
//! - `suggest/distinct_priorities`: the same with a different priority for every county;
//! - `suggest/scarce`: 4 helpers per county, far more slots than places;
//! - `coverage` and `validate`: the report and the rules on the same book.

#![allow(
    clippy::unwrap_used,
    clippy::print_stderr,
    reason = "benchmark code: it prints figures and may stop on a bug"
)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use fupin_core::pairing::synth::{SynthConfig, Synthetic, national};
use fupin_core::pairing::{CoverageRules, SuggestOptions};

fn scarce_rules() -> CoverageRules {
    CoverageRules::from_json(
        r#"[{"rule": "min_helpers", "k": 4},
            {"rule": "min_projects", "domain": "rural_ecommerce"}]"#,
    )
    .unwrap()
}

fn distinct_priorities(set: &Synthetic) -> SuggestOptions {
    let report = set.book.coverage(&set.designations, &set.rules, set.as_of);
    let mut options = SuggestOptions::default();
    for (i, r) in (0u32..).zip(&report.recipients) {
        options = options.priority(r.region, 1 + (i * 7919) % 1000);
    }
    options
}

fn bench(c: &mut Criterion) {
    let set = national(&SynthConfig::default());
    let default = SuggestOptions::default();
    let distinct = distinct_priorities(&set);
    let scarce = scarce_rules();
    for (name, rules, options) in [
        ("default", &set.rules, &default),
        ("distinct_priorities", &set.rules, &distinct),
        ("scarce", &scarce, &default),
    ] {
        let plan = set
            .book
            .suggest(&set.designations, rules, set.as_of, options)
            .unwrap();
        eprintln!(
            "suggest/{name}: {} helpers, {} suggestions, {} recipients left short, {} of {} slots filled",
            set.book.helpers.len(),
            plan.suggestions.len(),
            plan.unfilled.len(),
            plan.score.filled,
            plan.score.slots
        );
    }

    let mut group = c.benchmark_group("pairing");
    group.sample_size(20);
    group.bench_function("suggest/default", |b| {
        b.iter(|| {
            set.book
                .suggest(&set.designations, &set.rules, set.as_of, &default)
                .unwrap()
        });
    });
    group.bench_function("suggest/distinct_priorities", |b| {
        b.iter(|| {
            set.book
                .suggest(&set.designations, &set.rules, set.as_of, &distinct)
                .unwrap()
        });
    });
    group.bench_function("suggest/scarce", |b| {
        b.iter(|| {
            set.book
                .suggest(&set.designations, &scarce, set.as_of, &default)
                .unwrap()
        });
    });
    group.bench_function("coverage", |b| {
        b.iter(|| black_box(set.book.coverage(&set.designations, &set.rules, set.as_of)));
    });
    group.bench_function("validate", |b| {
        b.iter(|| black_box(set.book.validate(&set.designations)));
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
