//! Households given twice in a Parquet register split in small row groups (read on every
//! core, checked in row order by `push_parquet_checked`) are those found adding the rows
//! one by one: runs of a village cut by row groups, a village coming back, the same
//! household across groups.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "test code")]

use std::sync::Arc;

use arrow_array::{ArrayRef, Int64Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};
use fupin_arrow::{ColumnMap, push_parquet_checked};
use fupin_core::assess::{TallyStream, UnitFacts};
use fupin_core::household::{DuplicateCheck, Seen};

fn write(path: &std::path::Path, rows: &[(&str, &str)]) {
    let schema = Arc::new(Schema::new(vec![
        Field::new("village", DataType::Utf8, false),
        Field::new("file_number", DataType::Utf8, true),
        Field::new("people", DataType::Int64, false),
        Field::new("status", DataType::Utf8, false),
    ]));
    let columns: Vec<ArrayRef> = vec![
        Arc::new(StringArray::from(
            rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        )),
        Arc::new(StringArray::from(
            rows.iter()
                .map(|r| (!r.1.is_empty()).then_some(r.1))
                .collect::<Vec<_>>(),
        )),
        Arc::new(Int64Array::from(vec![3; rows.len()])),
        Arc::new(StringArray::from(vec!["贫困户"; rows.len()])),
    ];
    let batch = RecordBatch::try_new(schema.clone(), columns).unwrap();
    let props = parquet::file::properties::WriterProperties::builder()
        .set_max_row_group_row_count(Some(3))
        .build();
    let file = std::fs::File::create(path).unwrap();
    let mut w = parquet::arrow::ArrowWriter::try_new(file, schema, Some(props)).unwrap();
    w.write(&batch).unwrap();
    w.close().unwrap();
}

/// (row, first file, first row) of every duplicate, adding the rows one by one.
fn one_by_one(files: &[&[(&str, &str)]]) -> Vec<(usize, u32, u32)> {
    let mut c = DuplicateCheck::new();
    let mut out = Vec::new();
    for (f, rows) in files.iter().enumerate() {
        c.begin_file(&format!("{f}"), false);
        for (i, (v, n)) in rows.iter().enumerate() {
            if let Seen::Before(first) = c.add(v, n, i + 1) {
                out.push((i + 1, first.file, first.row));
            }
        }
    }
    out
}

#[test]
fn parquet_row_groups_find_what_rows_one_by_one_find() {
    const A: &str = "522327100201";
    const B: &str = "522327100202";
    let sorted: &[(&str, &str)] = &[
        (A, "1"),
        (A, "2"),
        (A, "3"),
        (A, "2"),
        (A, "4"),
        (A, ""),
        (A, "1"),
        (B, "1"),
        (B, "5"),
        (B, "5"),
        (B, "6"),
    ];
    let unsorted: &[(&str, &str)] = &[(A, "1"), (B, "1"), (A, "2"), (A, "1"), (B, "1"), (B, "9")];
    let dir = std::env::temp_dir().join(format!("fupin-dups-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for case in [
        vec![sorted],
        vec![unsorted],
        vec![sorted, sorted],
        vec![unsorted, sorted],
    ] {
        let want = one_by_one(&case);
        let mut check = DuplicateCheck::new();
        let as_of = chrono::NaiveDate::from_ymd_opt(2020, 6, 30).unwrap();
        let mut stream = TallyStream::new(as_of, UnitFacts::default()).unwrap();
        let mut got = Vec::new();
        for (f, rows) in case.iter().enumerate() {
            let path = dir.join(format!("{f}.parquet"));
            write(&path, rows);
            let last = f + 1 == case.len();
            let count = push_parquet_checked(
                &mut stream,
                &mut check,
                &path,
                &format!("{f}"),
                last,
                &ColumnMap::default(),
                2,
                2,
                1,
                &|_| {},
                None,
            )
            .unwrap();
            for issue in count.report.rejected.0 {
                let row = issue.path.first_index().unwrap();
                assert_eq!(issue.code, "duplicate_household");
                let first_row = issue.params.get("first_row").unwrap().as_u64().unwrap();
                let first_file: u32 = issue
                    .params
                    .get("first_file")
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .parse()
                    .unwrap();
                got.push((row, first_file, first_row as u32));
            }
        }
        assert_eq!(got, want, "{case:?}");
        assert!(!want.is_empty());
    }
}
