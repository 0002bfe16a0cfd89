//! The columnar fast path gives the same tallies and reports as the general path.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "test code")]

use std::sync::Arc;

use arrow_array::{
    ArrayRef, BooleanArray, Float64Array, Int64Array, RecordBatch, StringArray, StringViewArray,
};
use arrow_schema::{Field, Schema};
use chrono::NaiveDate;
use fupin_arrow::{ColumnMap, push_households, push_households_fast};
use fupin_core::assess::{Rollup, TallyStream, UnitFacts};
use fupin_core::synth::Rng;

fn batch(cols: Vec<(&str, ArrayRef)>) -> RecordBatch {
    let schema = Schema::new(
        cols.iter()
            .map(|(n, a)| Field::new(*n, a.data_type().clone(), true))
            .collect::<Vec<_>>(),
    );
    RecordBatch::try_new(Arc::new(schema), cols.into_iter().map(|(_, a)| a).collect()).unwrap()
}

/// A register batch of `n` rows with villages in runs (as exports come), every column type
/// the fast path reads; `dirty` puts a short code in the middle row and a township code in
/// the last (the core rejects that one).
pub(crate) fn random(seed: u64, n: usize, view: bool, dirty: bool) -> RecordBatch {
    let mut rng = Rng::new(seed);
    let statuses = ["poor", "exited", "返贫", "新识别", "已脱贫"];
    let mut village = Vec::new();
    let mut people = Vec::new();
    let mut status = Vec::new();
    let mut terminal = Vec::new();
    let mut income = Vec::new();
    let mut ecommerce = Vec::new();
    let mut file = Vec::new();
    for i in 0..n {
        let v = 522_327_100_200 + u64::from(rng.range(1, 30)) * u64::from(i % 7 != 0);
        village.push(if dirty && i == n / 2 {
            "5223".to_owned()
        } else if dirty && i + 1 == n {
            "522327100000".to_owned()
        } else {
            v.to_string()
        });
        people.push(i64::from(rng.range(1, 8)));
        status.push(statuses[rng.range(0, 4) as usize].to_owned());
        terminal.push(rng.chance(0.9).then(|| rng.chance(0.8)));
        ecommerce.push(rng.chance(0.7).then(|| rng.chance(0.3)));
        file.push(rng.chance(0.9));
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
        ("ecommerce", Arc::new(BooleanArray::from(ecommerce))),
        ("file_complete", Arc::new(BooleanArray::from(file))),
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

/// The batch with its text columns dictionary-encoded (pandas categoricals, Parquet read
/// keeping the encoding).
fn dictionary_encoded(b: &RecordBatch) -> RecordBatch {
    let dict = arrow_schema::DataType::Dictionary(
        Box::new(arrow_schema::DataType::Int32),
        Box::new(arrow_schema::DataType::Utf8),
    );
    let schema = b.schema();
    let cols: Vec<(&str, ArrayRef)> = schema
        .fields()
        .iter()
        .zip(b.columns())
        .map(|(f, c)| {
            let c = if matches!(
                c.data_type(),
                arrow_schema::DataType::Utf8 | arrow_schema::DataType::Utf8View
            ) {
                arrow_cast::cast(c, &dict).unwrap()
            } else {
                c.clone()
            };
            (f.name().as_str(), c)
        })
        .collect();
    batch(cols)
}

#[test]
fn dictionary_encoded_and_sliced_batches_read_the_same() {
    let d = NaiveDate::from_ymd_opt(2020, 6, 30).unwrap();
    for (seed, dirty) in [(5, false), (6, true)] {
        let plain = random(seed, 3000, false, dirty);
        // a slice starting off a 64-row word: bit columns are read from their offset
        for b in [plain.clone(), plain.slice(37, 2000)] {
            let dict = dictionary_encoded(&b);
            assert!(matches!(
                dict.column(0).data_type(),
                arrow_schema::DataType::Dictionary(..)
            ));
            let mut fast = TallyStream::new(d, UnitFacts::default()).unwrap();
            let mut general = TallyStream::new(d, UnitFacts::default()).unwrap();
            let rf = push_households_fast(&mut fast, &dict, &ColumnMap::default(), 1).unwrap();
            let rg = push_households(&mut general, &b, &ColumnMap::default(), 1).unwrap();
            assert_eq!(rf, rg, "seed {seed}");
            assert_eq!(rf.rows, b.num_rows());
            assert_eq!(
                Rollup::of(fast.finish()),
                Rollup::of(general.finish()),
                "seed {seed}"
            );
        }
    }
}

#[test]
fn township_codes_are_rejected_by_row_on_the_fast_path() {
    let d = NaiveDate::from_ymd_opt(2020, 6, 30).unwrap();
    // members and status are required (issue #16)
    let b = batch(vec![
        (
            "village",
            Arc::new(StringArray::from(vec![
                "522327100201",
                "522327100000",
                "522327100201",
            ])) as ArrayRef,
        ),
        ("people", Arc::new(Int64Array::from(vec![1, 2, 3]))),
        ("status", Arc::new(StringArray::from(vec!["poor"; 3]))),
    ]);
    let mut s = TallyStream::new(d, UnitFacts::default()).unwrap();
    let r =
        push_households_fast(&mut s, &dictionary_encoded(&b), &ColumnMap::default(), 1).unwrap();
    assert_eq!((r.rows, r.accepted), (3, 2));
    let issue = r.rejected.iter().next().unwrap();
    assert_eq!(issue.code, "not_a_village_code");
    assert_eq!(issue.path.to_string(), "[2].village");
}
