//! `push_parquet_range` (a range of a file's row groups, as a cluster's task counts it)
//! gives, range by range merged, what `push_parquet_checked` gives for the whole files: the
//! same tally, rows, accepted rows and rejected rows — households given twice across the
//! ranges found because each range's check was first given the rows before it
//! (`prime_parquet_range`), villages split across ranges counted once.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "test code"
)]

use std::sync::Arc;

use arrow_array::{ArrayRef, Int64Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};
use fupin_arrow::{
    ColumnMap, GroupRange, prime_parquet_range, push_parquet_checked, push_parquet_range,
};
use fupin_core::assess::{Rollup, Tally, TallyStream, UnitFacts};
use fupin_core::household::DuplicateCheck;

const A: &str = "522327100201";
const B: &str = "522327100202";
const C: &str = "522327100203";

/// Writes rows (village, file number, people; "" a missing number, 0 people a bad row) in
/// row groups of 2 rows.
fn write(path: &std::path::Path, rows: &[(&str, &str, i64)]) {
    let schema = Arc::new(Schema::new(vec![
        Field::new("village", DataType::Utf8, false),
        Field::new("户编号", DataType::Utf8, true),
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
        Arc::new(Int64Array::from(
            rows.iter().map(|r| r.2).collect::<Vec<_>>(),
        )),
        Arc::new(StringArray::from(
            rows.iter()
                .enumerate()
                .map(|(i, _)| if i % 3 == 0 { "贫困户" } else { "已脱贫" })
                .collect::<Vec<_>>(),
        )),
    ];
    let batch = RecordBatch::try_new(schema.clone(), columns).unwrap();
    let props = parquet::file::properties::WriterProperties::builder()
        .set_max_row_group_row_count(Some(2))
        .build();
    let file = std::fs::File::create(path).unwrap();
    let mut w = parquet::arrow::ArrowWriter::try_new(file, schema, Some(props)).unwrap();
    w.write(&batch).unwrap();
    w.close().unwrap();
}

fn stream() -> TallyStream {
    let as_of = chrono::NaiveDate::from_ymd_opt(2020, 6, 30).unwrap();
    TallyStream::new(as_of, UnitFacts::default()).unwrap()
}

/// (file, path, code, message) of each rejected row, sorted.
type Rejected = Vec<(String, String, String, String)>;

/// A task: (file, row groups) in order.
type Task = Vec<(usize, std::ops::Range<usize>)>;

/// Every file whole, in one check: (rows, accepted, rejected) and the tally.
fn whole(paths: &[(std::path::PathBuf, String)]) -> (usize, usize, Rejected, Tally) {
    let map = ColumnMap::default();
    let mut check = DuplicateCheck::new();
    let mut s = stream();
    let (mut rows, mut accepted, mut rejected) = (0, 0, Rejected::new());
    for (i, (path, name)) in paths.iter().enumerate() {
        let count = push_parquet_checked(
            &mut s,
            &mut check,
            path,
            name,
            i + 1 == paths.len(),
            &map,
            2,
            1,
            1,
            &|_| {},
            None,
        )
        .unwrap();
        rows += count.report.rows;
        accepted += count.report.accepted;
        rejected.extend(count.report.rejected.0.into_iter().map(|i| {
            (
                name.clone(),
                i.path.to_string(),
                i.code.to_string(),
                i.message,
            )
        }));
    }
    rejected.sort();
    (rows, accepted, rejected, s.finish())
}

/// Each task a list of (file, row groups); each primed with every row group before its
/// first (all of them: the caller may choose fewer, those sharing a village), counted into
/// its own stream, the tallies merged.
fn by_tasks(
    paths: &[(std::path::PathBuf, String)],
    groups: &[usize],
    tasks: &[Task],
    threads: usize,
) -> (usize, usize, Rejected, Tally) {
    let map = ColumnMap::default();
    let (mut rows, mut accepted, mut rejected) = (0, 0, Rejected::new());
    let mut tally: Option<Tally> = None;
    for task in tasks {
        let mut check = DuplicateCheck::new();
        let (first_file, first_range) = task.first().cloned().unwrap();
        for (f, (path, name)) in paths.iter().enumerate().take(first_file + 1) {
            let end = if f == first_file {
                first_range.start
            } else {
                groups[f]
            };
            prime_parquet_range(&mut check, path, name, &map, &GroupRange::new(0..end)).unwrap();
        }
        let mut s = stream();
        for (f, range) in task {
            let (path, name) = &paths[*f];
            let count = push_parquet_range(
                &mut s,
                &mut check,
                path,
                name,
                &map,
                &GroupRange::new(range.clone()).with_threads(threads),
            )
            .unwrap();
            assert_eq!(count.row_groups, range.len());
            rows += count.report.rows;
            accepted += count.report.accepted;
            rejected.extend(count.report.rejected.0.into_iter().map(|i| {
                (
                    name.clone(),
                    i.path.to_string(),
                    i.code.to_string(),
                    i.message,
                )
            }));
        }
        let t = s.finish();
        tally = Some(match tally {
            None => t,
            Some(all) => all.merge(t).unwrap(),
        });
    }
    rejected.sort();
    (rows, accepted, rejected, tally.unwrap())
}

#[test]
fn ranges_give_the_whole_files() {
    let dir = std::env::temp_dir().join(format!("fupin-range-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // village A across groups 0–1 of f0 and into f1, S1 of A given again in group 2 and in
    // f1; B split across groups; a bad row (0 people) and a row without a number
    let f0: &[(&str, &str, i64)] = &[
        (A, "S1", 3),
        (A, "S2", 2),
        (A, "S3", 4),
        (B, "S1", 1),
        (A, " S1", 2),
        (B, "S2", 0),
        (B, "", 2),
        (B, "S1", 5),
    ];
    let f1: &[(&str, &str, i64)] = &[(A, "S1", 1), (C, "S1", 2), (C, "S2", 3)];
    let paths: Vec<(std::path::PathBuf, String)> = [f0, f1]
        .iter()
        .enumerate()
        .map(|(i, rows)| {
            let p = dir.join(format!("{i}.parquet"));
            write(&p, rows);
            (p, format!("part-{i}.parquet"))
        })
        .collect();
    let want = whole(&paths);
    assert_eq!(want.0, 11);
    assert_eq!(
        want.2
            .iter()
            .filter(|r| r.2 == "duplicate_household")
            .count(),
        3,
        "{want:?}"
    );
    assert!(want.2.iter().any(|r| r.0 == "part-1.parquet"
        && r.1.starts_with("[1]")
        && r.3.contains("part-0.parquet row 1")));
    let groups = [4, 2];
    let splits: Vec<Vec<Task>> = vec![
        vec![vec![(0, 0..4), (1, 0..2)]],
        vec![
            vec![(0, 0..1)],
            vec![(0, 1..3)],
            vec![(0, 3..4), (1, 0..1)],
            vec![(1, 1..2)],
        ],
        vec![vec![(0, 0..2)], vec![(0, 2..4)], vec![(1, 0..2)]],
        vec![vec![(0, 0..0), (0, 0..1)], vec![(0, 1..4), (1, 0..2)]],
    ];
    for tasks in &splits {
        for threads in [1, 3] {
            let got = by_tasks(&paths, &groups, tasks, threads);
            assert_eq!(
                (got.0, got.1, &got.2),
                (want.0, want.1, &want.2),
                "{tasks:?}"
            );
            assert_eq!(
                Rollup::of(got.3),
                Rollup::of(want.3.clone()),
                "{tasks:?}: counts"
            );
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_range_outside_the_file_is_refused() {
    let dir = std::env::temp_dir().join(format!("fupin-range-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join("f.parquet");
    write(&p, &[(A, "S1", 3), (A, "S2", 2), (B, "S1", 1)]);
    let map = ColumnMap::default();
    #[expect(
        clippy::reversed_empty_ranges,
        reason = "a range ending before it starts"
    )]
    let backwards = 2..1;
    for range in [0..3, backwards, 4..usize::MAX] {
        let e = push_parquet_range(
            &mut stream(),
            &mut DuplicateCheck::new(),
            &p,
            "f",
            &map,
            &GroupRange::new(range),
        )
        .unwrap_err();
        assert_eq!(e.code(), "row_groups_out_of_range", "{e}");
        let e = prime_parquet_range(
            &mut DuplicateCheck::new(),
            &p,
            "f",
            &map,
            &GroupRange::new(0..5),
        )
        .unwrap_err();
        assert_eq!(e.code(), "row_groups_out_of_range");
    }
    std::fs::remove_dir_all(&dir).ok();
}
