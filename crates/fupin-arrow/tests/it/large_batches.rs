//! Batches large enough to be read on several threads, and dictionary-encoded columns, give
//! exactly what small batches of plain columns give.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "test code")]

use std::sync::Arc;

use arrow_array::types::Int32Type;
use arrow_array::{ArrayRef, BooleanArray, DictionaryArray, RecordBatch, StringArray, UInt8Array};
use arrow_schema::{DataType, Field, Schema};
use chrono::NaiveDate;
use fupin_arrow::{ColumnMap, add_households};
use fupin_core::assess::Dataset;

fn d() -> NaiveDate {
    NaiveDate::from_ymd_opt(2020, 6, 30).unwrap()
}

fn batch(cols: Vec<(&str, ArrayRef)>) -> RecordBatch {
    let schema = Schema::new(
        cols.iter()
            .map(|(n, a)| Field::new(*n, a.data_type().clone(), true))
            .collect::<Vec<_>>(),
    );
    RecordBatch::try_new(Arc::new(schema), cols.into_iter().map(|(_, a)| a).collect()).unwrap()
}

/// Villages, people, statuses and terminals of `n` synthetic households.
type Register = (Vec<String>, Vec<u8>, Vec<&'static str>, Vec<Option<bool>>);

fn register(n: usize) -> Register {
    let villages = (0..n)
        .map(|i| match i % 100_003 {
            7 => "bad".to_owned(),
            _ => format!("5223271042{:02}", 1 + (i / 1000) % 90),
        })
        .collect();
    let people = (0..n).map(|i| u8::try_from(1 + i % 7).unwrap()).collect();
    let status = (0..n)
        .map(|i| match i % 997 {
            3 => "客服", // not a status: rejected
            _ => ["贫困户", "已脱贫", "返贫"][i % 3],
        })
        .collect();
    let terminal = (0..n).map(|i| (i % 5 != 0).then_some(i % 2 == 0)).collect();
    (villages, people, status, terminal)
}

#[test]
fn one_large_batch_equals_many_small_ones_and_dictionaries_equal_plain_text() {
    let n = 300_000;
    let (villages, people, status, terminal) = register(n);
    let plain = batch(vec![
        (
            "village",
            Arc::new(StringArray::from(villages.clone())) as ArrayRef,
        ),
        ("people", Arc::new(UInt8Array::from(people.clone()))),
        ("status", Arc::new(StringArray::from(status.clone()))),
        ("terminal", Arc::new(BooleanArray::from(terminal.clone()))),
    ]);
    let dict = batch(vec![
        (
            "village",
            Arc::new(
                villages
                    .iter()
                    .map(String::as_str)
                    .collect::<DictionaryArray<Int32Type>>(),
            ) as ArrayRef,
        ),
        ("people", Arc::new(UInt8Array::from(people))),
        (
            "status",
            Arc::new(status.into_iter().collect::<DictionaryArray<Int32Type>>()),
        ),
        ("terminal", Arc::new(BooleanArray::from(terminal))),
    ]);
    assert!(matches!(
        dict.column(0).data_type(),
        DataType::Dictionary(..)
    ));
    let map = ColumnMap::default();

    let mut whole = Dataset::new(d());
    let report = add_households(&mut whole, &plain, &map, 0).unwrap();
    let mut parts = Dataset::new(d());
    let mut small = Vec::new();
    for start in (0..n).step_by(10_000) {
        let len = 10_000.min(n - start);
        small.push(add_households(&mut parts, &plain.slice(start, len), &map, start).unwrap());
    }
    let mut from_dict = Dataset::new(d());
    let dict_report = add_households(&mut from_dict, &dict, &map, 0).unwrap();

    assert_eq!(report.rows, n);
    assert_eq!(
        report.accepted,
        small.iter().map(|r| r.accepted).sum::<usize>()
    );
    let small_rejected: Vec<_> = small.into_iter().flat_map(|r| r.rejected.0).collect();
    assert_eq!(report.rejected.0, small_rejected);
    assert!(report.rejected.len() > 300, "{}", report.rejected.len());
    assert_eq!(dict_report, report);
    assert_eq!(whole.roll_up(), parts.roll_up());
    assert_eq!(whole.roll_up(), from_dict.roll_up());
}
