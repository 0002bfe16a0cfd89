//! Counting on every core gives what counting batch after batch on one thread gives: the
//! same tally, the same report, rejected rows in row order.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "test code")]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use arrow_array::{ArrayRef, BooleanArray, Int64Array, RecordBatch, StringArray};
use arrow_schema::{Field, Schema};
use chrono::NaiveDate;
use fupin_arrow::{
    ColumnMap, add_batches, add_households, push_batches, push_households_fast, push_parquet,
};
use fupin_core::assess::Dataset;
use fupin_core::assess::{RowReport, Tally, TallyStream, UnitFacts, VillageFacts};
use fupin_core::synth::Rng;

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2020, 6, 30).unwrap()
}

/// Batches of a register sorted by village; every `bad`-th batch has a short code and a
/// township code in it.
fn register(batches: usize, rows: usize, bad: usize) -> Vec<RecordBatch> {
    let mut rng = Rng::new(7);
    let schema = Arc::new(Schema::new(vec![
        Field::new("village", arrow_schema::DataType::Utf8, false),
        Field::new("people", arrow_schema::DataType::Int64, false),
        Field::new("status", arrow_schema::DataType::Utf8, false),
        Field::new("terminal", arrow_schema::DataType::Boolean, true),
    ]));
    let mut village = 522_327_100_201u64;
    (0..batches)
        .map(|b| {
            let mut codes = Vec::new();
            let mut people = Vec::new();
            let mut status = Vec::new();
            let mut terminal = Vec::new();
            for i in 0..rows {
                if rng.chance(0.05) {
                    village += 1;
                }
                codes.push(if b % bad == 1 && i == 3 {
                    "52232710".to_owned()
                } else if b % bad == 1 && i == 5 {
                    "522327100000".to_owned()
                } else {
                    village.to_string()
                });
                people.push(i64::from(rng.range(1, 7)));
                status.push(if rng.chance(0.3) {
                    "贫困户"
                } else {
                    "已脱贫"
                });
                terminal.push(rng.chance(0.9).then(|| rng.chance(0.7)));
            }
            RecordBatch::try_new(
                schema.clone(),
                vec![
                    Arc::new(StringArray::from(codes)) as ArrayRef,
                    Arc::new(Int64Array::from(people)),
                    Arc::new(StringArray::from(status)),
                    Arc::new(BooleanArray::from(terminal)),
                ],
            )
            .unwrap()
        })
        .collect()
}

/// Some listed villages (with facts), so forks and joins deal with listed and unlisted ones.
fn units() -> UnitFacts {
    UnitFacts {
        villages: (201..260)
            .map(|v| {
                let mut f = VillageFacts::new(
                    fupin_core::RegionCode::from_u64(522_327_100_000 + v).unwrap(),
                );
                f.poor_village = v % 3 == 0;
                f
            })
            .collect(),
        ..UnitFacts::default()
    }
}

fn one_by_one(batches: &[RecordBatch], first_row: usize) -> (RowReport, Tally) {
    let mut s = TallyStream::new(as_of(), units()).unwrap();
    let mut total = RowReport::default();
    let mut at = first_row;
    for b in batches {
        let r = push_households_fast(&mut s, b, &ColumnMap::default(), at).unwrap();
        at += b.num_rows();
        total.rows += r.rows;
        total.accepted += r.accepted;
        total.rejected.0.extend(r.rejected.0);
    }
    (total, s.finish())
}

#[test]
fn batches_on_every_core_count_as_one_by_one() {
    let batches = register(23, 997, 4);
    let (expected, tally) = one_by_one(&batches, 1);
    assert!(!expected.rejected.is_empty());
    assert_eq!(expected.rows, 23 * 997);
    for threads in [1, 2, 3, 8] {
        let mut s = TallyStream::new(as_of(), units()).unwrap();
        let report = push_batches(&mut s, &batches, &ColumnMap::default(), 1, threads).unwrap();
        assert_eq!(report, expected, "{threads} threads");
        assert_eq!(s.finish(), tally, "{threads} threads");
    }
}

#[test]
fn a_stream_of_batches_on_every_core_counts_as_one_by_one() {
    let batches = register(23, 997, 4);
    let (expected, tally) = one_by_one(&batches, 1);
    for threads in [1, 2, 3, 8] {
        let mut s = TallyStream::new(as_of(), units()).unwrap();
        let source = batches.clone().into_iter().map(Ok);
        let report =
            fupin_arrow::push_reader(&mut s, source, &ColumnMap::default(), 1, threads).unwrap();
        assert_eq!(report, expected, "{threads} threads");
        assert_eq!(s.finish(), tally, "{threads} threads");
    }
    // an error of the source stops the count with that error
    let mut s = TallyStream::new(as_of(), units()).unwrap();
    let failing = batches
        .clone()
        .into_iter()
        .map(Ok)
        .take(5)
        .chain(std::iter::once(Err(fupin_arrow::ArrowError::Worker(
            "the source",
        ))));
    let e = fupin_arrow::push_reader(&mut s, failing, &ColumnMap::default(), 1, 2).unwrap_err();
    assert_eq!(e.code(), "worker_failed");
}

#[test]
fn parquet_row_groups_on_every_core_count_as_one_by_one() {
    let batches = register(17, 1000, 5);
    let dir = std::env::temp_dir().join(format!("fupin-parallel-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("register.parquet");
    // row groups of 3,000 rows: 6 of them, cut across batches
    let props = parquet::file::properties::WriterProperties::builder()
        .set_max_row_group_row_count(Some(3000))
        .build();
    let file = std::fs::File::create(&path).unwrap();
    let mut w =
        parquet::arrow::ArrowWriter::try_new(file, batches[0].schema(), Some(props)).unwrap();
    for b in &batches {
        w.write(b).unwrap();
    }
    w.close().unwrap();

    let (expected, tally) = one_by_one(&batches, 1);
    for threads in [1, 2, 4] {
        let mut s = TallyStream::new(as_of(), units()).unwrap();
        let seen = AtomicUsize::new(0);
        let count = push_parquet(
            &mut s,
            &path,
            &ColumnMap::default(),
            700,
            threads,
            1,
            &|n| {
                seen.fetch_add(n, Ordering::Relaxed);
            },
        )
        .unwrap();
        assert_eq!(count.row_groups, 6);
        assert_eq!(count.report, expected, "{threads} threads");
        assert_eq!(seen.load(Ordering::Relaxed), 17_000);
        assert_eq!(s.finish(), tally, "{threads} threads");
    }

    // a file without a village column is an error, not an empty count
    let only_people = batches[0].project(&[1]).unwrap();
    let path = dir.join("people.parquet");
    fupin_arrow::parquet_io::write(&path, &[only_people]).unwrap();
    let mut s = TallyStream::new(as_of(), units()).unwrap();
    let e = push_parquet(&mut s, &path, &ColumnMap::default(), 700, 2, 1, &|_| {}).unwrap_err();
    assert_eq!(e.code(), "missing_column");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_data_set_takes_batches_on_every_core_as_one_by_one() {
    let batches = register(19, 1003, 3);
    let mut expected_ds = Dataset::with_units(as_of(), units()).unwrap();
    let mut expected = RowReport::default();
    let mut at = 0;
    for b in &batches {
        let r = add_households(&mut expected_ds, b, &ColumnMap::default(), at).unwrap();
        at += b.num_rows();
        expected.rows += r.rows;
        expected.accepted += r.accepted;
        expected.rejected.0.extend(r.rejected.0);
    }
    for threads in [1, 2, 5] {
        let mut ds = Dataset::with_units(as_of(), units()).unwrap();
        let report = add_batches(&mut ds, &batches, &ColumnMap::default(), 0, threads).unwrap();
        assert_eq!(report, expected, "{threads} threads");
        assert_eq!(ds.household_count(), expected.accepted);
        assert_eq!(ds.roll_up(), expected_ds.roll_up(), "{threads} threads");
        // the same households in the same order (and the same villages, facts and date)
        assert!(ds == expected_ds, "{threads} threads");
    }
}
