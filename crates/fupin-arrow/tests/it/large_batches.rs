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

/// The plain register of [`register`] as one batch (`file_number` unique but for a
/// household given again at row 262,150: just after the first cut).
fn plain_batch(n: usize) -> RecordBatch {
    let (villages, people, status, terminal) = register(n);
    let numbers: Vec<String> = (0..n)
        .map(|i| format!("F{}", if i == 262_150 { 262_149 } else { i }))
        .collect();
    batch(vec![
        (
            "file_number",
            Arc::new(StringArray::from(numbers)) as ArrayRef,
        ),
        ("village", Arc::new(StringArray::from(villages))),
        ("people", Arc::new(UInt8Array::from(people))),
        ("status", Arc::new(StringArray::from(status))),
        ("terminal", Arc::new(BooleanArray::from(terminal))),
    ])
}

/// One batch of more rows than a thread reads at a time (a polars or pandas frame handed
/// over in one piece) is read in slices on every core, and counts, accepts and rejects
/// exactly what the same rows in small batches do — with households given twice across a
/// cut found.
#[test]
fn one_batch_in_slices_on_every_core_equals_small_batches() {
    use fupin_arrow::{add_batches_checked, push_reader_checked};
    use fupin_core::assess::{TallyStream, UnitFacts};
    use fupin_core::household::DuplicateCheck;

    let n = 600_000;
    let whole = plain_batch(n);
    let small: Vec<RecordBatch> = (0..n)
        .step_by(65_536)
        .map(|s| whole.slice(s, 65_536.min(n - s)))
        .collect();
    let map = ColumnMap::default();
    let check = || {
        let mut c = DuplicateCheck::new();
        c.begin_file("input", false);
        c
    };

    let mut one = TallyStream::new(d(), UnitFacts::default()).unwrap();
    let one_report = push_reader_checked(
        &mut one,
        &mut check(),
        std::iter::once(Ok(whole.clone())),
        &map,
        0,
        2,
    )
    .unwrap();
    let mut many = TallyStream::new(d(), UnitFacts::default()).unwrap();
    let many_report = push_reader_checked(
        &mut many,
        &mut check(),
        small.clone().into_iter().map(Ok),
        &map,
        0,
        1,
    )
    .unwrap();
    assert_eq!(one_report, many_report);
    assert_eq!(one.finish(), many.finish());
    let twice: Vec<_> = one_report
        .rejected
        .iter()
        .filter(|i| i.code == "duplicate_household")
        .map(|i| i.path.to_string())
        .collect();
    assert_eq!(twice, vec!["[262150].file_number"]);

    let mut one = Dataset::new(d());
    let one_report = add_batches_checked(
        &mut one,
        &mut check(),
        std::slice::from_ref(&whole),
        &map,
        0,
        2,
    )
    .unwrap();
    let mut many = Dataset::new(d());
    let many_report = add_batches_checked(&mut many, &mut check(), &small, &map, 0, 1).unwrap();
    assert_eq!(one_report, many_report);
    assert_eq!(one.roll_up(), many.roll_up());
    assert_eq!(one_report.rows, n);
}

/// A Parquet register added to a data set with the command's reader
/// (`add_parquet_checked`) gives exactly what its batches give (`add_batches_checked`):
/// the same households, the same rejected rows, numbered from the offset.
#[test]
fn a_parquet_file_added_to_a_data_set_equals_its_batches() {
    use fupin_arrow::{add_batches_checked, add_parquet_checked};
    use fupin_core::household::DuplicateCheck;

    let n = 300_000;
    let whole = plain_batch(n);
    let dir = std::env::temp_dir().join(format!("fupin-parquet-dataset-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("register.parquet");
    // row groups of 100,000 rows
    let props = parquet::file::properties::WriterProperties::builder()
        .set_max_row_group_row_count(Some(100_000))
        .build();
    let file = std::fs::File::create(&path).unwrap();
    let mut writer =
        parquet::arrow::ArrowWriter::try_new(file, whole.schema(), Some(props)).unwrap();
    writer.write(&whole).unwrap();
    writer.close().unwrap();
    let map = ColumnMap::default();
    let check = |name| {
        let mut c = DuplicateCheck::new();
        c.begin_file(name, false);
        c
    };
    let mut from_batches = Dataset::new(d());
    let expected = add_batches_checked(
        &mut from_batches,
        &mut check("register"),
        std::slice::from_ref(&whole),
        &map,
        7,
        1,
    )
    .unwrap();
    for threads in [1, 2, 3] {
        let mut from_file = Dataset::new(d());
        let count = add_parquet_checked(
            &mut from_file,
            &mut DuplicateCheck::new(),
            &path,
            "register",
            &map,
            threads,
            7,
        )
        .unwrap();
        assert_eq!(count.report, expected, "{threads} threads");
        assert_eq!(from_file.roll_up(), from_batches.roll_up());
        assert_eq!(count.columns[1], "village");
        assert_eq!(count.row_groups, 3);
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
