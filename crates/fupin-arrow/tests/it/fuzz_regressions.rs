//! Inputs that made the fuzz targets (fuzz/) crash, read again here.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code"
)]

use std::path::Path;

use chrono::NaiveDate;
use fupin_arrow::{ColumnMap, parquet_io, push_parquet};
use fupin_core::assess::{TallyStream, UnitFacts};

/// A Parquet file (fuzz/corpus/parquet/crash-231906f9…) whose embedded Arrow schema (the
/// `ARROW:schema` IPC flatbuffer in its metadata) declares an integer of an impossible bit
/// width: arrow-ipc panicked decoding it. The Parquet schema is all fupin reads, so the
/// file reads.
#[test]
fn a_broken_embedded_arrow_schema_is_not_read() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/bad_arrow_schema.parquet");
    // batches until the first error (the file's pages are broken too; a reader that fails
    // goes on failing, so readers stop at the first error)
    let mut rows = 0;
    for batch in parquet_io::read(&path, 4).unwrap() {
        match batch {
            Ok(b) => rows += b.num_rows(),
            Err(e) => {
                assert!(!e.code().is_empty());
                break;
            }
        }
    }
    assert!(rows < 1_000);
    let as_of = NaiveDate::from_ymd_opt(2020, 6, 30).unwrap();
    let mut stream = TallyStream::new(as_of, UnitFacts::default()).unwrap();
    let count = push_parquet(&mut stream, &path, &ColumnMap::default(), 4, 1, 1, &|_| {});
    if let Ok(count) = count {
        assert_eq!(
            count.report.rows,
            count.report.accepted + count.report.rejected_rows()
        );
    }
}

/// A Parquet file (fuzz/corpus/parquet/crash-1efca1ba…) whose metadata gives a column chunk
/// a negative offset: parquet asserted (a panic) when reading its pages. It is an error now.
#[test]
fn a_negative_column_offset_is_an_error() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/negative_column_offset.parquet");
    let e = parquet_io::read(&path, 4).err().unwrap();
    assert_eq!(e.code(), "parquet_error");
    assert!(e.to_string().contains("negative offset or size"), "{e}");
    let e = parquet_io::read_columns(&path, 4, &|_| true).err().unwrap();
    assert_eq!(e.code(), "parquet_error");
    let as_of = NaiveDate::from_ymd_opt(2020, 6, 30).unwrap();
    let mut stream = TallyStream::new(as_of, UnitFacts::default()).unwrap();
    let count = push_parquet(&mut stream, &path, &ColumnMap::default(), 4, 1, 1, &|_| {});
    assert_eq!(count.err().unwrap().code(), "parquet_error");
}

/// A Parquet file (fuzz/corpus/parquet/crash-c9bcd876…) whose bit-packed definition levels
/// made arrow-buffer panic inside the parquet decoder. Reading it is an error, and reading
/// stops there.
#[test]
fn a_decoder_panic_is_an_error() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/bad_definition_levels.parquet");
    let results: Vec<_> = parquet_io::read(&path, 4).unwrap().collect();
    let last = results.last().unwrap();
    assert_eq!(last.as_ref().err().unwrap().code(), "parquet_error");
    assert!(results.iter().rev().skip(1).all(Result::is_ok));
    let as_of = NaiveDate::from_ymd_opt(2020, 6, 30).unwrap();
    for threads in [1, 2] {
        let mut stream = TallyStream::new(as_of, UnitFacts::default()).unwrap();
        let map = ColumnMap::default();
        let count = push_parquet(&mut stream, &path, &map, 4, threads, 1, &|_| {});
        // an error (which depends on the columns decoded), not a panic
        assert!(count.is_err());
    }
}

/// A Parquet file (fuzz/corpus/parquet, found when row groups began to be decoded from their
/// pages) whose metadata claims a row group of about 3·10¹¹ rows: the page decoder reserved
/// room for them and the allocation aborted the process. A row group is decoded from its
/// pages only up to 8 million rows and a page only up to the rows left in its group; this
/// one goes the Arrow way, which reads in batches.
#[test]
fn a_row_group_claiming_billions_of_rows_costs_no_memory() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/huge_row_count.parquet");
    let as_of = NaiveDate::from_ymd_opt(2020, 6, 30).unwrap();
    for threads in [1, 2] {
        let mut stream = TallyStream::new(as_of, UnitFacts::default()).unwrap();
        let count = push_parquet(
            &mut stream,
            &path,
            &ColumnMap::default(),
            4,
            threads,
            1,
            &|_| {},
        );
        // whatever the outcome, it comes back (an error here), with nothing read from pages
        if let Ok(count) = count {
            assert_eq!(count.from_pages, 0);
        }
    }
}

/// A Parquet file (fuzz/corpus/parquet/oom-edb10af5…) whose row group counts −31 rows: read
/// in batches of four rows, the reader yielded batches without end until memory ran out.
/// It is a `parquet_error` before anything is read.
#[test]
fn a_negative_row_count_is_an_error() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/negative_row_count.parquet");
    let first = parquet_io::read(&path, 4).map(|mut r| r.next());
    let code = match first {
        Err(e) | Ok(Some(Err(e))) => e.code(),
        Ok(other) => panic!("expected an error, got {other:?}"),
    };
    assert_eq!(code, "parquet_error");
    let as_of = NaiveDate::from_ymd_opt(2020, 6, 30).unwrap();
    let mut stream = TallyStream::new(as_of, UnitFacts::default()).unwrap();
    let count = push_parquet(&mut stream, &path, &ColumnMap::default(), 4, 1, 1, &|_| {});
    assert_eq!(count.err().unwrap().code(), "parquet_error");
}
