//! `push_parquet_checked` (households given twice found in the counting pass, file numbers
//! fingerprinted from the Parquet pages) gives what checking and counting the batches one
//! by one gives (`push_checked`): the same tally, the same rows accepted, the same rejected
//! rows — households given twice inside one row group, across row groups, across files, in
//! a file not sorted by village (counted again), in a row group that goes through the Arrow
//! reader, with file numbers PLAIN or dictionary-encoded.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "test code"
)]

use std::sync::{Arc, Mutex};

use arrow_array::{ArrayRef, Int64Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};
use fupin_arrow::{ColumnMap, push_checked, push_parquet_checked};
use fupin_core::assess::{TallyStream, UnitFacts};
use fupin_core::household::DuplicateCheck;

const A: &str = "522327100201";
const B: &str = "522327100202";
const C: &str = "522327100203";

/// A row: village, file number ("" null), members (None: null, which sends its row group
/// through the Arrow reader).
type Row = (&'static str, &'static str, Option<i64>);

/// Writes a register of row groups of 3 rows; `dictionary`: file numbers dictionary-encoded
/// (else PLAIN); `people_text`: member counts written as text (a layout not read from the
/// pages: every row group goes through the Arrow reader).
fn write(path: &std::path::Path, rows: &[Row], dictionary: bool, people_text: bool) {
    write_grouped(path, rows, dictionary, people_text, 3);
}

/// [`write`] in row groups of `group_rows` rows.
fn write_grouped(
    path: &std::path::Path,
    rows: &[Row],
    dictionary: bool,
    people_text: bool,
    group_rows: usize,
) {
    let people: ArrayRef = if people_text {
        Arc::new(StringArray::from(
            rows.iter()
                .map(|r| r.2.map(|p| p.to_string()))
                .collect::<Vec<_>>(),
        ))
    } else {
        Arc::new(Int64Array::from(
            rows.iter().map(|r| r.2).collect::<Vec<_>>(),
        ))
    };
    let schema = Arc::new(Schema::new(vec![
        Field::new("户编号", DataType::Utf8, true),
        Field::new("village", DataType::Utf8, false),
        Field::new("people", people.data_type().clone(), true),
        Field::new("status", DataType::Utf8, false),
    ]));
    let columns: Vec<ArrayRef> = vec![
        Arc::new(StringArray::from(
            rows.iter()
                .map(|r| (!r.1.is_empty()).then_some(r.1))
                .collect::<Vec<_>>(),
        )),
        Arc::new(StringArray::from(
            rows.iter().map(|r| r.0).collect::<Vec<_>>(),
        )),
        people,
        Arc::new(StringArray::from(
            rows.iter()
                .enumerate()
                .map(|(i, _)| if i % 2 == 0 { "贫困户" } else { "已脱贫" })
                .collect::<Vec<_>>(),
        )),
    ];
    let batch = RecordBatch::try_new(schema.clone(), columns).unwrap();
    let props = parquet::file::properties::WriterProperties::builder()
        .set_max_row_group_row_count(Some(group_rows))
        .set_column_dictionary_enabled("户编号".into(), dictionary)
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

/// (row, code, path, message) of rejected rows, in order.
type Rejected = Vec<(usize, String, String, String)>;

fn rejected(issues: impl IntoIterator<Item = fupin_core::Issue>) -> Rejected {
    let mut out: Rejected = issues
        .into_iter()
        .map(|i| {
            (
                i.path.first_index().unwrap(),
                i.code.to_string(),
                i.path.to_string(),
                i.message.clone(),
            )
        })
        .collect();
    out.sort();
    out
}

/// What checking and counting the batches one by one gives: per file (rows, accepted,
/// rejected rows), and the tally.
fn one_by_one(
    paths: &[std::path::PathBuf],
) -> (Vec<(usize, usize, Rejected)>, fupin_core::assess::Tally) {
    let map = ColumnMap::default();
    let mut check = DuplicateCheck::new();
    let mut s = stream();
    let mut files = Vec::new();
    for (f, path) in paths.iter().enumerate() {
        check.begin_file(&format!("f{f}"), false);
        let (mut rows, mut accepted, mut issues) = (0, 0, Vec::new());
        for batch in fupin_arrow::parquet_io::read(path, 2).unwrap() {
            let batch = batch.unwrap();
            let report = push_checked(&mut s, &mut (&mut check).into(), &batch, &map, rows + 1)
                .unwrap()
                .unwrap();
            rows += report.rows;
            accepted += report.accepted;
            issues.extend(report.rejected.0);
        }
        files.push((rows, accepted, rejected(issues)));
    }
    (files, s.finish())
}

/// The same through `push_parquet_checked` (the last file begun as the last input), the
/// rejected rows kept in the report or handed on group by group; and how many row groups
/// were counted from their pages.
fn in_one_pass(
    paths: &[std::path::PathBuf],
    threads: usize,
    hand_on: bool,
) -> (
    Vec<(usize, usize, Rejected)>,
    fupin_core::assess::Tally,
    usize,
) {
    let map = ColumnMap::default();
    let mut check = DuplicateCheck::new();
    let mut s = stream();
    let mut files = Vec::new();
    let mut from_pages = 0;
    for (f, path) in paths.iter().enumerate() {
        let handed: Mutex<Vec<(usize, fupin_core::Issues)>> = Mutex::new(Vec::new());
        let on_rejected = |g: usize, issues: fupin_core::Issues| {
            handed.lock().unwrap().push((g, issues));
        };
        let rows_seen = std::sync::atomic::AtomicUsize::new(0);
        let count = push_parquet_checked(
            &mut s,
            &mut check,
            path,
            &format!("f{f}"),
            f + 1 == paths.len(),
            &map,
            2,
            threads,
            1,
            &|n| {
                rows_seen.fetch_add(n, std::sync::atomic::Ordering::Relaxed);
            },
            hand_on.then_some(&on_rejected as _),
        )
        .unwrap();
        from_pages += count.from_pages;
        let report = count.report;
        assert_eq!(
            rows_seen.into_inner(),
            report.rows,
            "progress heard once a row"
        );
        let mut issues = report.rejected.0;
        let mut handed = handed.into_inner().unwrap();
        if hand_on {
            assert!(issues.is_empty());
            handed.sort_by_key(|(g, _)| *g);
            let groups: Vec<usize> = handed.iter().map(|(g, _)| *g).collect();
            assert_eq!(
                groups,
                (0..count.row_groups).collect::<Vec<_>>(),
                "each group once"
            );
            for (_, list) in handed {
                issues.extend(list.0);
            }
        }
        files.push((report.rows, report.accepted, rejected(issues)));
    }
    (files, s.finish(), from_pages)
}

fn agree(name: &str, files: &[&[Row]]) {
    agree_as(name, files, false);
}

/// Checks that both ways agree (`people_text`: see [`write`]).
fn agree_as(name: &str, files: &[&[Row]], people_text: bool) {
    let dir = std::env::temp_dir().join(format!("fupin-checked-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for dictionary in [true, false] {
        let paths: Vec<std::path::PathBuf> = files
            .iter()
            .enumerate()
            .map(|(f, rows)| {
                let p = dir.join(format!("{f}.parquet"));
                write(&p, rows, dictionary, people_text);
                p
            })
            .collect();
        let (want, tally) = one_by_one(&paths);
        assert!(
            want.iter()
                .any(|f| f.2.iter().any(|r| r.1 == "duplicate_household")),
            "{name}: no household given twice: {want:?}"
        );
        for threads in [1, 3] {
            for hand_on in [false, true] {
                let (got, got_tally, from_pages) = in_one_pass(&paths, threads, hand_on);
                assert_eq!(
                    got, want,
                    "{name} (dictionary {dictionary}, {threads} threads)"
                );
                assert_eq!(got_tally, tally, "{name}: counts");
                assert_eq!(
                    from_pages > 0,
                    !people_text && cfg!(feature = "pages"),
                    "{name}: row groups read from their pages: {from_pages}"
                );
            }
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn twice_in_one_row_group() {
    agree(
        "one-group",
        &[&[
            (A, "S1", Some(2)),
            (A, "S2", Some(3)),
            (A, " S1 ", Some(4)),
            (B, "S1", Some(1)),
            (B, "S2", Some(2)),
            (B, "S3", Some(2)),
        ]],
    );
}

#[test]
fn twice_across_row_groups() {
    agree(
        "across-groups",
        &[&[
            (A, "S1", Some(2)),
            (A, "S2", Some(3)),
            (A, "S3", Some(4)),
            (A, "S4", Some(1)),
            (A, "S1", Some(2)),
            (B, "S1", Some(2)),
            (B, "S2", Some(5)),
            (B, "", Some(5)),
            (B, "", Some(5)),
            (C, "S9", Some(1)),
            (C, "S8", Some(1)),
            (C, "S7", Some(1)),
        ]],
    );
}

#[test]
fn twice_across_files() {
    let first: &[Row] = &[
        (A, "S1", Some(2)),
        (A, "S2", Some(3)),
        (A, "S3", Some(4)),
        (B, "S4", Some(1)),
    ];
    let second: &[Row] = &[
        (C, "S1", Some(2)),
        (C, "S2", Some(2)),
        (C, "S3", Some(2)),
        (B, "S4", Some(1)),
        (B, "S5", Some(1)),
        (B, "S6", Some(1)),
    ];
    agree("across-files", &[first, second]);
    // the same file twice: every row of the second is rejected
    agree("same-file", &[first, first]);
}

#[test]
fn twice_in_a_file_not_sorted_by_village() {
    // village A comes back after B (in a later row group): the file is counted again
    // keeping every village's rows, and the groups before are handed on once
    agree(
        "unsorted",
        &[&[
            (A, "S1", Some(2)),
            (A, "S2", Some(3)),
            (A, "S3", Some(4)),
            (B, "S1", Some(1)),
            (B, "S2", Some(1)),
            (B, "S2", Some(1)),
            (C, "S1", Some(1)),
            (A, "S4", Some(2)),
            (A, "S2", Some(2)),
        ]],
    );
}

#[test]
fn twice_in_a_row_group_read_through_arrow() {
    // a null member count: its row group is not read from its pages (the row is
    // rejected), the households given twice in it and against it are still found
    agree(
        "fallback",
        &[&[
            (A, "S1", Some(2)),
            (A, "S2", Some(3)),
            (A, "S3", Some(4)),
            (A, "S4", None),
            (A, "S1", Some(2)),
            (A, "S5", Some(2)),
            (A, "S5", Some(2)),
            (A, "S4", Some(2)),
            (B, "S6", Some(2)),
            (B, "S7", Some(2)),
            (B, "S8", Some(2)),
            (B, "S9", Some(2)),
        ]],
    );
}

#[test]
fn twice_in_a_file_read_through_arrow() {
    // member counts as text: no row group is read from its pages, villages and file
    // numbers are read through the Arrow reader for the check
    let rows: &[Row] = &[
        (A, "S1", Some(2)),
        (A, "S2", Some(3)),
        (A, "S1", Some(4)),
        (A, "S2", Some(2)),
        (B, "S1", Some(2)),
        (A, "S3", Some(2)),
        (A, "S3", Some(2)),
    ];
    agree_as("arrow-file", &[rows, rows], true);
}

/// A file number longer than 127 bytes (its page is not UTF-8 as a whole: read value by
/// value).
const LONG: &str = "S01234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789";

#[test]
fn file_numbers_not_ascii_long_or_padded() {
    // Chinese file numbers, one padded with an ideographic space (trimmed as in a CSV
    // file), a long one: found from the pages as they are in batches (the last row group,
    // with none seen before, counted from its pages)
    agree(
        "not-ascii",
        &[&[
            (A, "档案001", Some(2)),
            (A, "档案002", Some(3)),
            (A, " 档案001\u{3000}", Some(4)),
            (B, LONG, Some(1)),
            (B, "S2", Some(2)),
            (B, LONG, Some(2)),
            (C, "档案001", Some(1)),
            (C, LONG, Some(1)),
            (C, "S3", Some(1)),
        ]],
    );
}

/// The register of [`write`] in row groups of `group_rows` rows.
fn agree_grouped(name: &str, files: &[&[Row]], group_rows: usize) {
    let dir = std::env::temp_dir().join(format!("fupin-checked-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for dictionary in [true, false] {
        let paths: Vec<std::path::PathBuf> = files
            .iter()
            .enumerate()
            .map(|(f, rows)| {
                let p = dir.join(format!("{f}.parquet"));
                write_grouped(&p, rows, dictionary, false, group_rows);
                p
            })
            .collect();
        let (want, tally) = one_by_one(&paths);
        assert!(
            want.iter()
                .any(|f| f.2.iter().any(|r| r.1 == "duplicate_household")),
            "{name}: no household given twice: {want:?}"
        );
        for threads in [1, 3] {
            let (got, got_tally, from_pages) = in_one_pass(&paths, threads, false);
            assert_eq!(
                got, want,
                "{name} (dictionary {dictionary}, {threads} threads)"
            );
            assert_eq!(got_tally, tally, "{name}: counts");
            assert_eq!(
                from_pages > 0,
                cfg!(feature = "pages"),
                "{name}: read from the pages"
            );
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn runs_inside_a_row_group_sorted_by_file_number_or_not() {
    // row groups of 8 rows: the runs inside a group whose file numbers strictly increase
    // are taken as distinct without fingerprints; one that does not (a household given
    // twice, a blank file number, a number padded as the one before it) sends its group
    // the fingerprinting way, the households given twice found all the same
    let sorted: [Row; 8] = [
        ("522327100201", "S1", Some(2)),
        ("522327100201", "S2", Some(3)),
        ("522327100202", "S1", Some(2)),
        ("522327100202", "S2", Some(2)),
        ("522327100202", "S3", Some(2)),
        ("522327100203", "S1", Some(1)),
        ("522327100203", "S2", Some(1)),
        ("522327100204", "S1", Some(1)),
    ];
    let inner: [(&str, [&str; 3]); 3] = [
        ("twice", ["S1", "S2", "S1"]),
        ("blank", ["S1", "", "S1"]),
        ("padded", ["S1", " S1", "S2"]),
    ];
    for (name, numbers) in inner {
        let mut rows = sorted.to_vec();
        // the last village's run goes on; then a group with the run inside it, and the
        // last run twice (found in the fingerprints of a group's edge)
        rows.extend([
            ("522327100204", "S2", Some(1)),
            ("522327100205", numbers[0], Some(1)),
            ("522327100205", numbers[1], Some(1)),
            ("522327100205", numbers[2], Some(1)),
            ("522327100206", "S1", Some(1)),
            ("522327100206", "S2", Some(1)),
            ("522327100207", "S1", Some(1)),
            ("522327100207", "S1", Some(1)),
        ]);
        // and a group of villages of their own
        rows.extend(sorted.iter().map(|r| {
            let village = match r.0 {
                "522327100201" => "522327100208",
                "522327100202" => "522327100209",
                "522327100203" => "522327100210",
                _ => "522327100211",
            };
            (village, r.1, r.2)
        }));
        agree_grouped(&format!("inner-{name}"), &[&rows], 8);
    }
}

#[test]
fn a_village_back_after_a_run_taken_as_distinct() {
    // village B's run inside the first row group is sorted (not fingerprinted, and
    // forgotten): when B comes back in a later group the file is checked again, every
    // row fingerprinted, and B's household given twice is found
    agree_grouped(
        "back-after-distinct",
        &[&[
            ("522327100201", "S1", Some(2)),
            ("522327100202", "S1", Some(2)),
            ("522327100202", "S2", Some(2)),
            ("522327100202", "S3", Some(2)),
            ("522327100203", "S1", Some(1)),
            ("522327100203", "S2", Some(1)),
            ("522327100204", "S1", Some(1)),
            ("522327100204", "S2", Some(1)),
            ("522327100205", "S1", Some(1)),
            ("522327100202", "S2", Some(1)),
            ("522327100206", "S1", Some(1)),
        ]],
        8,
    );
}

#[test]
fn a_few_runs_not_increasing_among_many() {
    // one row group of 30 villages, 2 rows each: the 3 runs whose file numbers do not
    // increase (a household given twice, numbers in reverse, a blank) are fingerprinted
    // in a second pass, the others taken as distinct
    let mut rows: Vec<Row> = Vec::new();
    for v in 0..30 {
        let village: &'static str = format!("5223271003{v:02}").leak();
        let numbers = match v {
            7 => ["S1", "S1"],
            11 => ["S2", "S1"],
            19 => ["S1", ""],
            _ => ["S1", "S2"],
        };
        rows.extend(numbers.map(|n| (village, n, Some(2))));
    }
    // and a row group with none seen before (counted from its pages)
    for v in 40..70 {
        let village: &'static str = format!("5223271003{v:02}").leak();
        rows.extend(["S1", "S2"].map(|n| (village, n, Some(2))));
    }
    agree_grouped("few-not-increasing", &[&rows], 60);
}
