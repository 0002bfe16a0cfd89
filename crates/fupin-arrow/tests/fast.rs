//! The columnar fast path gives the same tallies and reports as the general path.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "test code")]

use std::sync::Arc;

use arrow_array::{
    ArrayRef, BooleanArray, Float64Array, Int64Array, RecordBatch, StringArray, StringViewArray,
};
use arrow_schema::{Field, Schema};
use chrono::NaiveDate;
use fupin_arrow::{ColumnMap, push_households, push_households_fast};
use fupin_core::assess::synth::Rng;
use fupin_core::assess::{Rollup, TallyStream, UnitFacts};

fn batch(cols: Vec<(&str, ArrayRef)>) -> RecordBatch {
    let schema = Schema::new(
        cols.iter()
            .map(|(n, a)| Field::new(*n, a.data_type().clone(), true))
            .collect::<Vec<_>>(),
    );
    RecordBatch::try_new(Arc::new(schema), cols.into_iter().map(|(_, a)| a).collect()).unwrap()
}

fn random(seed: u64, n: usize, view: bool, dirty: bool) -> RecordBatch {
    let mut rng = Rng::new(seed);
    let statuses = ["poor", "exited", "返贫", "新识别", "已脱贫"];
    let mut village = Vec::new();
    let mut people = Vec::new();
    let mut status = Vec::new();
    let mut terminal = Vec::new();
    let mut income = Vec::new();
    for i in 0..n {
        let v = 522_327_100_200 + u64::from(rng.range(1, 30)) * u64::from(i % 7 != 0);
        village.push(if dirty && i == n / 2 {
            "5223".to_owned()
        } else {
            v.to_string()
        });
        people.push(i64::from(rng.range(1, 8)));
        status.push(statuses[rng.range(0, 4) as usize].to_owned());
        terminal.push(rng.chance(0.9).then(|| rng.chance(0.8)));
        income.push(
            rng.chance(0.9)
                .then(|| f64::from(rng.range(1000, 9000)) + 0.5),
        );
    }
    let village: ArrayRef = if view {
        Arc::new(StringViewArray::from_iter_values(village))
    } else {
        Arc::new(StringArray::from(village))
    };
    batch(vec![
        ("行政区划代码", village),
        ("家庭人口", Arc::new(Int64Array::from(people))),
        ("贫困户状态", Arc::new(StringArray::from(status))),
        ("terminal", Arc::new(BooleanArray::from(terminal))),
        ("income_per_capita", Arc::new(Float64Array::from(income))),
    ])
}

#[test]
fn fast_and_general_paths_agree() {
    let d = NaiveDate::from_ymd_opt(2020, 6, 30).unwrap();
    for (seed, view, dirty) in [
        (1, false, false),
        (2, true, false),
        (3, false, true),
        (4, true, true),
    ] {
        let b = random(seed, 5000, view, dirty);
        let mut fast = TallyStream::new(d, UnitFacts::default()).unwrap();
        let mut general = TallyStream::new(d, UnitFacts::default()).unwrap();
        let rf = push_households_fast(&mut fast, &b, &ColumnMap::default(), 10).unwrap();
        let rg = push_households(&mut general, &b, &ColumnMap::default(), 10).unwrap();
        assert_eq!(rf, rg, "seed {seed}");
        assert_eq!(
            Rollup::of(fast.finish()),
            Rollup::of(general.finish()),
            "seed {seed}"
        );
        if !dirty {
            assert_eq!(rf.accepted, 5000);
        }
    }
}
