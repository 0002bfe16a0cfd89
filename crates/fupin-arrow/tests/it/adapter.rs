//! The adapter on the column types real inputs have: Utf8View (polars), Chinese headers and
//! yes/no words, numbers as text, nulls; unit tables; Parquet round trips; result tables.

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::float_cmp,
    reason = "test code"
)]

use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::Float64Type;
use arrow_array::{
    ArrayRef, BooleanArray, Float64Array, Int64Array, RecordBatch, StringArray, StringViewArray,
};
use arrow_schema::{DataType, Field, Schema};
use chrono::NaiveDate;
use fupin_arrow::{ColumnMap, add_households, read_units};
use fupin_core::assess::{Counter, Dataset, MissingStrategy};
use fupin_core::region::{Level, RegionCode};

fn batch(cols: Vec<(&str, ArrayRef)>) -> RecordBatch {
    let schema = Schema::new(
        cols.iter()
            .map(|(n, a)| Field::new(*n, a.data_type().clone(), true))
            .collect::<Vec<_>>(),
    );
    RecordBatch::try_new(Arc::new(schema), cols.into_iter().map(|(_, a)| a).collect()).unwrap()
}

fn d() -> NaiveDate {
    NaiveDate::from_ymd_opt(2020, 6, 30).unwrap()
}

#[test]
fn polars_style_string_views_and_chinese_words() {
    let b = batch(vec![
        (
            "户编号",
            Arc::new(StringViewArray::from(vec!["1", "2", "3", "4", "5"])) as ArrayRef,
        ),
        (
            "行政区划代码",
            Arc::new(StringViewArray::from(vec![
                "522327100201",
                "522327100201",
                "522327100202",
                "522327100202",
                "x",
            ])),
        ),
        (
            "家庭人口",
            Arc::new(StringViewArray::from(vec![
                Some("4"),
                Some("3.0"),
                Some("2"),
                Some("0"),
                Some("1"),
            ])),
        ),
        (
            "贫困户状态",
            Arc::new(StringViewArray::from(vec![
                "贫困户",
                "已脱贫",
                "新识别",
                "贫困户",
                "贫困户",
            ])),
        ),
        (
            "有无终端",
            Arc::new(StringViewArray::from(vec![
                Some("是"),
                Some("否"),
                None,
                Some("有"),
                Some("是"),
            ])),
        ),
        (
            "人均纯收入",
            Arc::new(StringViewArray::from(vec![
                Some("4100.50"),
                Some("5000"),
                Some(""),
                Some("1"),
                Some("1"),
            ])),
        ),
    ]);
    let mut ds = Dataset::new(d());
    let report = add_households(&mut ds, &b, &ColumnMap::default(), 100).unwrap();
    assert_eq!((report.rows, report.accepted), (5, 3));
    let got: Vec<(String, String)> = report
        .rejected
        .iter()
        .map(|i| (i.path.to_string(), i.code.clone()))
        .collect();
    assert_eq!(
        got,
        [
            ("[103].家庭人口".to_owned(), "people_range".to_owned()),
            ("[104].行政区划代码".to_owned(), "code_length".to_owned())
        ]
    );
    let r = ds.roll_up();
    let v = r
        .get("522327100201".parse::<RegionCode>().unwrap())
        .unwrap();
    assert_eq!(v.get(Counter::People), 7);
    assert_eq!(v.get(Counter::PoorPeople), 4);
    assert_eq!(v.get(Counter::TerminalYes), 1);
    let v2 = r
        .get("522327100202".parse::<RegionCode>().unwrap())
        .unwrap();
    assert_eq!(v2.get(Counter::TerminalKnown), 0); // a null is not "no"
}

#[test]
fn numeric_and_boolean_columns_and_a_missing_village_column() {
    let b = batch(vec![
        (
            "village",
            Arc::new(Int64Array::from(vec![522327100201, 522327100201])) as ArrayRef,
        ),
        ("people", Arc::new(Int64Array::from(vec![2, 5]))),
        (
            "status",
            Arc::new(StringArray::from(vec!["poor", "returned"])),
        ),
        (
            "terminal",
            Arc::new(BooleanArray::from(vec![Some(true), None])),
        ),
        (
            "income_per_capita",
            Arc::new(Float64Array::from(vec![Some(4100.25), Some(3000.0)])),
        ),
        (
            "guarantees_met",
            Arc::new(Int64Array::from(vec![Some(1), Some(0)])),
        ),
    ]);
    let mut ds = Dataset::new(d());
    let report = add_households(&mut ds, &b, &ColumnMap::default(), 0).unwrap();
    assert_eq!(report.accepted, 2);
    let r = ds.roll_up();
    assert_eq!(r.nation.get(Counter::ExitEligible), 1);
    assert_eq!(r.nation.get(Counter::ExitKnown), 2);
    let no_village = batch(vec![(
        "people",
        Arc::new(Int64Array::from(vec![1])) as ArrayRef,
    )]);
    let err = add_households(&mut ds, &no_village, &ColumnMap::default(), 0).unwrap_err();
    assert_eq!(err.code(), "missing_column");
    assert!(err.to_string().contains("行政区划代码"));
}

#[test]
fn a_user_column_map_adds_names() {
    // the members and status are required (issue #16): a user map names them too
    let b = batch(vec![
        (
            "所在村",
            Arc::new(StringArray::from(vec!["522327100201"])) as ArrayRef,
        ),
        ("people", Arc::new(Int64Array::from(vec![2]))),
        ("status", Arc::new(StringArray::from(vec!["poor"]))),
    ]);
    let mut map = ColumnMap::default();
    map.extend_json(r#"{"village": ["所在村"]}"#).unwrap();
    let mut ds = Dataset::new(d());
    assert_eq!(add_households(&mut ds, &b, &map, 0).unwrap().accepted, 1);
    assert_eq!(
        map.extend_json(r#"{"nope": ["x"]}"#).unwrap_err().code(),
        "invalid_column_map"
    );
}

#[test]
fn unit_tables_and_result_tables() {
    let villages = batch(vec![
        (
            "行政区划代码",
            Arc::new(StringArray::from(vec![
                "522327100201",
                "522327100202",
                "522327100",
            ])) as ArrayRef,
        ),
        (
            "是否贫困村",
            Arc::new(StringArray::from(vec!["是", "否", "是"])),
        ),
        (
            "通光纤",
            Arc::new(StringArray::from(vec![Some("是"), None, Some("是")])),
        ),
        (
            "户籍农业人口",
            Arc::new(Int64Array::from(vec![Some(100), Some(80), Some(1)])),
        ),
    ]);
    let counties = batch(vec![
        (
            "county",
            Arc::new(StringArray::from(vec!["522327"])) as ArrayRef,
        ),
        ("poor_county", Arc::new(BooleanArray::from(vec![true]))),
        ("zone", Arc::new(StringArray::from(vec!["西部"]))),
    ]);
    let (units, issues) = read_units(&[villages], &[], &[counties], &ColumnMap::default()).unwrap();
    assert_eq!(units.villages.len(), 2);
    assert_eq!(issues.0[0].path.to_string(), "villages[2].行政区划代码");
    let mut ds = Dataset::with_units(d(), units).unwrap();
    let hh = batch(vec![
        (
            "village",
            Arc::new(StringArray::from(vec!["522327100201"; 3])) as ArrayRef,
        ),
        ("people", Arc::new(Int64Array::from(vec![1, 1, 1]))),
        // required since issue #16 (it used to default to poor)
        ("status", Arc::new(StringArray::from(vec!["poor"; 3]))),
    ]);
    add_households(&mut ds, &hh, &ColumnMap::default(), 0).unwrap();
    let r = ds.roll_up();
    let t = fupin_arrow::indicators_table(
        &r,
        &[Level::Nation, Level::County],
        MissingStrategy::default(),
        None,
    )
    .unwrap();
    assert_eq!(t.num_rows(), 30); // nation and one county, 15 indicators each
    let values = t.column(8).as_primitive::<Float64Type>();
    let indicators = t.column(3).as_string::<i32>();
    let i = (0..t.num_rows())
        .find(|&i| indicators.value(i) == "poverty_incidence")
        .unwrap();
    assert_eq!(values.value(i), 3.0 / 180.0);
    let exits = fupin_core::assess::Assessment::new(&r, ds.counties()).exits();
    let e = fupin_arrow::exits_table(&exits, None).unwrap();
    assert_eq!(
        e.num_rows(),
        exits.iter().map(|v| v.criteria.len()).sum::<usize>()
    );
    assert_eq!(e.schema().field(5).name(), "criterion");
}

#[test]
fn parquet_round_trip() {
    let b = batch(vec![
        (
            "village",
            Arc::new(StringArray::from(vec!["522327100201", "522327100202"])) as ArrayRef,
        ),
        ("people", Arc::new(Int64Array::from(vec![3, 4]))),
        // required since issue #16 (it used to default to poor)
        ("status", Arc::new(StringArray::from(vec!["poor"; 2]))),
    ]);
    let dir = std::env::temp_dir().join(format!("fupin-arrow-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("households.parquet");
    fupin_arrow::parquet_io::write(&path, std::slice::from_ref(&b)).unwrap();
    let back: Vec<RecordBatch> = fupin_arrow::parquet_io::read(&path, 1)
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(back.len(), 2);
    let mut ds = Dataset::new(d());
    let mut offset = 0;
    for part in &back {
        offset += add_households(&mut ds, part, &ColumnMap::default(), offset)
            .unwrap()
            .rows;
    }
    assert_eq!(ds.roll_up().nation.get(Counter::People), 7);
    assert_eq!(back[0].schema().field(0).data_type(), &DataType::Utf8);
    std::fs::remove_dir_all(dir).unwrap();
}
#[test]
fn a_column_map_refuses_a_field_given_twice() {
    let mut map = fupin_arrow::ColumnMap::default();
    let e = map
        .extend_json(r#"{"village": ["村"], "village": ["村代码"]}"#)
        .unwrap_err();
    assert!(e.to_string().contains("duplicate_key"), "{e}");
    // and a clean one still reads
    map.extend_json(r#"{"village": ["村代码"]}"#).unwrap();
    assert_eq!(
        map.names("village").first().map(String::as_str),
        Some("村代码")
    );
}

/// A county row whose survey figures break the core's rule of them
/// (`CountySurvey::check`) is a rejected row, each problem at the column as the table
/// names it (a Chinese header too) and at the field's name where the table has no column
/// of it; the other rows are read, and the data set takes them. (Such a row was read, and
/// the data set then refused the whole table: `counties[1].survey.wrongly_exited`.)
#[test]
fn a_county_row_with_impossible_survey_figures_is_rejected_with_its_problems() {
    let count = |v: Vec<Option<i64>>| Arc::new(Int64Array::from(v)) as ArrayRef;
    let counties = batch(vec![
        (
            "county",
            Arc::new(StringArray::from(vec!["522327", "522328", "522329"])) as ArrayRef,
        ),
        (
            "抽样脱贫人口数",
            count(vec![Some(100), Some(100), Some(100)]),
        ),
        ("错退人口数", count(vec![Some(1), Some(120), Some(0)])),
        (
            "sampled_non_registered",
            count(vec![Some(200), Some(200), Some(200)]),
        ),
        ("missed", count(vec![Some(2), Some(2), Some(2)])),
        ("approving_households", count(vec![None, None, Some(40)])),
        (
            "群众认可度",
            Arc::new(Float64Array::from(vec![Some(0.95), Some(1.5), None])),
        ),
    ]);
    let (units, issues) = read_units(&[], &[], &[counties], &ColumnMap::default()).unwrap();
    let found: Vec<String> = issues
        .iter()
        .map(|i| format!("{} {}", i.path, i.code))
        .collect();
    assert_eq!(
        found,
        [
            "counties[1].错退人口数 part_exceeds_whole",
            "counties[1].群众认可度 share_range",
            "counties[2].surveyed_households missing_field",
        ]
    );
    assert_eq!(units.counties.len(), 1);
    assert!(Dataset::with_units(d(), units).is_ok());
}
