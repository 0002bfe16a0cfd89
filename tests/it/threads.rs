//! The model's values can be shared across threads: data sets, streams, tallies, roll-ups,
//! plans, pairing books and responsibility maps are `Send + Sync`, and reading one data set
//! from many threads at once gives what one thread gets.

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "test code: a failure should stop the test"
)]

use std::sync::Arc;

use crate::common::d;
use fupin::RegionCode;
use fupin::assess::{
    Assessment, Dataset, ExitRules, HouseholdFields, Households, Rollup, Tally, TallyStream,
    UnitFacts,
};
use fupin::household::HouseholdStatus;
use fupin::plan::Targets;
use fupin::synth::{SynthOptions, generate};

fn send_sync<T: Send + Sync>() {}

#[test]
fn the_model_is_send_and_sync() {
    send_sync::<Dataset>();
    send_sync::<TallyStream>();
    send_sync::<Tally>();
    send_sync::<Rollup>();
    send_sync::<UnitFacts>();
    send_sync::<ExitRules>();
    send_sync::<Targets>();
    send_sync::<fupin::plan::PovertyLines>();
    send_sync::<fupin::household::Household>();
    send_sync::<fupin::household::IdNumber>();
    send_sync::<fupin::pairing::PairingBook>();
    send_sync::<fupin::responsibility::ResponsibilityMap>();
    send_sync::<fupin::Error>();
    send_sync::<fupin::Issues>();
    send_sync::<fupin::data::Vintage>();
}

#[test]
fn one_data_set_read_by_many_threads_at_once() {
    let counties: Vec<RegionCode> = ["522327", "522328", "450100"]
        .iter()
        .map(|c| RegionCode::parse(c).unwrap())
        .collect();
    let ds = Arc::new(generate(
        &counties,
        &SynthOptions::new(d("2020-06-30"))
            .with_seed(9)
            .with_scale(0.2),
    ));
    let expected = ds.roll_up();
    let targets = Targets::builtin();
    let verdicts = Assessment::new(&expected, &[])
        .with_targets(targets.clone())
        .verdicts();
    let results: Vec<(Rollup, usize)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|_| {
                let ds = Arc::clone(&ds);
                let targets = &targets;
                s.spawn(move || {
                    let r = ds.roll_up();
                    let v = Assessment::new(&r, &[])
                        .with_targets(targets.clone())
                        .verdicts()
                        .len();
                    (r, v)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for (r, v) in results {
        assert_eq!(r, expected);
        assert_eq!(v, verdicts.len());
    }
}

#[test]
fn streams_counted_on_threads_join_into_the_whole() {
    let as_of = d("2020-06-30");
    let mut main = TallyStream::new(as_of, UnitFacts::default()).unwrap();
    let forks: Vec<TallyStream> = (0..3).map(|_| main.fork()).collect();
    let poor = vec![HouseholdFields::new(3, HouseholdStatus::Poor); 100];
    let counted: Vec<TallyStream> = std::thread::scope(|s| {
        let handles: Vec<_> = forks
            .into_iter()
            .enumerate()
            .map(|(i, mut f)| {
                let poor = &poor;
                s.spawn(move || {
                    let village = 522_327_100_201 + i as u64;
                    f.push_households(Households::Fields {
                        villages: &vec![village; 100],
                        fields: poor,
                    })
                    .unwrap();
                    f
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for f in counted {
        main.join(f);
    }
    let mut one = TallyStream::new(as_of, UnitFacts::default()).unwrap();
    for i in 0..3u64 {
        one.push_households(Households::Fields {
            villages: &vec![522_327_100_201 + i; 100],
            fields: &poor,
        })
        .unwrap();
    }
    assert_eq!(main.finish(), one.finish());
}
