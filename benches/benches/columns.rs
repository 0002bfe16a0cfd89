//! Columnar input, a million rows of random register columns as the Arrow adapter hands
//! them over (yes/no fields as 64-row bit words, incomes as 32-bit whole yuan, statuses) as
//! [`Households::Columns`]: counted into a stream (`push_households`, which adds each fact
//! up by population count) and added to a data set (`add_households`, which keeps a flags
//! word per row), one thread each.
//!
//! `cargo bench -p fupin-benches --bench columns`

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation,
    reason = "benchmark code: it may stop on a bug"
)]

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use fupin_core::assess::{
    BitColumn, Dataset, FieldColumns, Households, IncomeColumn, IncomeValues, TallyStream,
    UnitFacts,
};
use fupin_core::household::HouseholdStatus;
use fupin_core::region::RegionCode;
use fupin_core::synth::Rng;

const ROWS: usize = 1 << 20;

/// Random words: each bit set with probability `p`.
fn words(rng: &mut Rng, p: f64) -> Vec<u64> {
    (0..ROWS / 64)
        .map(|_| (0..64).fold(0u64, |w, b| w | (u64::from(rng.chance(p)) << b)))
        .collect()
}

fn bench(c: &mut Criterion) {
    let mut rng = Rng::new(2016);
    let yes_no: Vec<(Vec<u64>, Vec<u64>)> = (0..5)
        .map(|_| (words(&mut rng, 0.5), words(&mut rng, 0.9)))
        .collect();
    let statuses = [
        HouseholdStatus::Poor,
        HouseholdStatus::Exited,
        HouseholdStatus::Returned,
    ];
    let status: Vec<Option<HouseholdStatus>> = (0..ROWS)
        .map(|_| Some(statuses[rng.range(0, 2) as usize]))
        .collect();
    let income: Vec<i32> = (0..ROWS).map(|_| rng.range(2_000, 9_000) as i32).collect();
    let income_valid = words(&mut rng, 0.9);
    let people: Vec<u16> = (0..ROWS).map(|_| rng.range(1, 6) as u16).collect();
    // villages of about 65 households, in order, as registers come
    let villages: Vec<RegionCode> = (0..ROWS / 65 + 1)
        .map(|i| RegionCode::from_u64(522_327_100_201 + (i as u64 % 99)).unwrap())
        .collect();
    let keys: Vec<u32> = (0..ROWS).map(|r| (r / 65) as u32).collect();
    fn bit(c: &(Vec<u64>, Vec<u64>)) -> Option<BitColumn<'_>> {
        Some(BitColumn {
            values: &c.0,
            valid: Some(&c.1),
        })
    }
    let mut cols = FieldColumns::new(ROWS);
    cols.people = Some(&people);
    cols.status = Some(&status);
    cols.terminal = bit(&yes_no[0]);
    cols.ecommerce = bit(&yes_no[1]);
    cols.online_training = bit(&yes_no[2]);
    cols.file_complete = bit(&yes_no[3]);
    cols.guarantees_met = bit(&yes_no[4]);
    cols.income_per_capita = Some(IncomeColumn {
        values: IncomeValues::Yuan32(&income),
        valid: Some(&income_valid),
    });
    let mut g = c.benchmark_group("columns (1 M rows)");
    g.throughput(Throughput::Elements(ROWS as u64));
    let as_of = NaiveDate::from_ymd_opt(2020, 6, 30).unwrap();
    let households = Households::Columns {
        villages: &villages,
        keys: &keys,
        columns: cols,
    };
    let mut stream = TallyStream::new(as_of, UnitFacts::default())
        .unwrap()
        .with_threads(1);
    g.bench_function("TallyStream::push_households (one thread)", |b| {
        b.iter(|| black_box(stream.push_households(households).unwrap()));
    });
    g.bench_function("Dataset::add_households", |b| {
        b.iter_batched(
            || Dataset::new(as_of),
            |mut ds| black_box(ds.add_households(households).unwrap().accepted),
            criterion::BatchSize::LargeInput,
        );
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
