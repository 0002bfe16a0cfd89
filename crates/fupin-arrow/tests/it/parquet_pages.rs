//! `push_parquet` decodes clean row groups straight from their pages: in every layout a
//! Parquet writer gives a flat register (dictionary or plain values, a dictionary that
//! overflows into plain pages, data pages v1 and v2, yes/no values plain or RLE, required or
//! optional columns, any compression, small pages), it counts exactly what reading the
//! batches through the Arrow reader counts, and a row group with a cell that is not clean
//! goes the Arrow way, which reports it.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "test code")]

use std::sync::Arc;

use arrow_array::{
    ArrayRef, BooleanArray, Float64Array, Int32Array, Int64Array, RecordBatch, StringArray,
};
use arrow_schema::{DataType, Field, Schema};
use chrono::NaiveDate;
use fupin_arrow::{ColumnMap, push_households_fast, push_parquet};
use fupin_core::assess::{RowReport, Tally, TallyStream, UnitFacts, VillageFacts};
use fupin_core::synth::Rng;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::{WriterProperties, WriterVersion};

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2020, 6, 30).unwrap()
}

fn units() -> UnitFacts {
    UnitFacts {
        villages: (201..240)
            .map(|v| {
                let mut f = VillageFacts::new(
                    fupin_core::RegionCode::from_u64(522_327_100_000 + v).unwrap(),
                );
                f.poor_village = v % 2 == 0;
                f
            })
            .collect(),
        ..UnitFacts::default()
    }
}

/// How a register is laid out in Arrow before it is written.
#[derive(Clone, Copy)]
struct Shape {
    /// Columns without nulls declared required.
    required: bool,
    /// Member counts as Int32 (else Int64).
    people32: bool,
    /// Incomes as whole yuan Int64 (else Float64 with fen).
    whole_yuan: bool,
    /// A short village code in row 1234.
    dirty: bool,
}

fn register(rows: usize, shape: Shape) -> RecordBatch {
    let mut rng = Rng::new(11);
    let opt = |name: &str, t: DataType| Field::new(name, t, true);
    let req = |name: &str, t: DataType| Field::new(name, t, !shape.required);
    let schema = Arc::new(Schema::new(vec![
        req("village", DataType::Utf8),
        req(
            "people",
            if shape.people32 {
                DataType::Int32
            } else {
                DataType::Int64
            },
        ),
        req("status", DataType::Utf8),
        opt("terminal", DataType::Boolean),
        opt("ecommerce", DataType::Boolean),
        opt("online_training", DataType::Boolean),
        req("file_complete", DataType::Boolean),
        opt(
            "income_per_capita",
            if shape.whole_yuan {
                DataType::Int64
            } else {
                DataType::Float64
            },
        ),
        opt("guarantees_met", DataType::Boolean),
    ]));
    let mut village = 522_327_100_201u64;
    let (mut codes, mut people, mut status) = (Vec::new(), Vec::new(), Vec::new());
    let mut flags: [Vec<Option<bool>>; 4] = Default::default();
    let (mut complete, mut income) = (Vec::new(), Vec::new());
    for i in 0..rows {
        if rng.chance(0.01) {
            // some villages beyond the listed ones
            village += 1 + u64::from(rng.chance(0.2)) * 50;
        }
        codes.push(if shape.dirty && i == 1234 {
            "52232710".to_owned()
        } else {
            village.to_string()
        });
        people.push(rng.range(1, 9));
        status.push(match rng.range(0, 10) {
            0..=3 => "贫困户",
            4..=7 => "已脱贫",
            8 => "返贫户",
            _ => "poor",
        });
        for (k, f) in flags.iter_mut().enumerate() {
            // one column almost never recorded, one always: runs of each kind
            let known = [0.9, 0.7, 0.02, 1.0][k];
            f.push(rng.chance(known).then(|| rng.chance(0.6)));
        }
        complete.push(rng.chance(0.95));
        // incomes around the 2020 line (4,000 yuan), some with fen, a tenth not recorded
        income.push(rng.chance(0.9).then(|| {
            let yuan = 3_000 + i64::from(rng.range(0, 2_000));
            (yuan, rng.chance(0.3).then(|| rng.range(1, 99)))
        }));
    }
    let [terminal, ecommerce, training, guarantees] = flags;
    let people: ArrayRef = if shape.people32 {
        Arc::new(Int32Array::from(
            people
                .iter()
                .map(|p| i32::try_from(*p).unwrap())
                .collect::<Vec<_>>(),
        ))
    } else {
        Arc::new(Int64Array::from(
            people.iter().map(|p| i64::from(*p)).collect::<Vec<_>>(),
        ))
    };
    let income: ArrayRef = if shape.whole_yuan {
        Arc::new(Int64Array::from(
            income.iter().map(|v| v.map(|(y, _)| y)).collect::<Vec<_>>(),
        ))
    } else {
        #[allow(clippy::cast_precision_loss, reason = "small amounts")]
        Arc::new(Float64Array::from(
            income
                .iter()
                .map(|v| v.map(|(y, fen)| y as f64 + f64::from(fen.unwrap_or(0)) / 100.0))
                .collect::<Vec<_>>(),
        ))
    };
    RecordBatch::try_new(
        schema,
        vec![
            Arc::new(StringArray::from(codes)),
            people,
            Arc::new(StringArray::from(status)),
            Arc::new(BooleanArray::from(terminal)),
            Arc::new(BooleanArray::from(ecommerce)),
            Arc::new(BooleanArray::from(training)),
            Arc::new(BooleanArray::from(complete)),
            income,
            Arc::new(BooleanArray::from(guarantees)),
        ],
    )
    .unwrap()
}

fn one_by_one(batch: &RecordBatch) -> (RowReport, Tally) {
    let mut s = TallyStream::new(as_of(), units()).unwrap();
    let mut total = RowReport::default();
    let mut at = 1;
    // the Arrow reader's way, in slices as the command reads
    for start in (0..batch.num_rows()).step_by(1000) {
        let part = batch.slice(start, 1000.min(batch.num_rows() - start));
        let r = push_households_fast(&mut s, &part, &ColumnMap::default(), at).unwrap();
        at += part.num_rows();
        total.rows += r.rows;
        total.accepted += r.accepted;
        total.rejected.0.extend(r.rejected.0);
    }
    (total, s.finish())
}

fn write(path: &std::path::Path, batch: &RecordBatch, props: WriterProperties) {
    let file = std::fs::File::create(path).unwrap();
    let mut w = parquet::arrow::ArrowWriter::try_new(file, batch.schema(), Some(props)).unwrap();
    w.write(batch).unwrap();
    w.close().unwrap();
}

/// Writer settings, and whether their row groups are read from the pages (delta encodings,
/// which writers of pages v2 use without a dictionary, go the Arrow way).
fn layouts() -> Vec<(&'static str, WriterProperties, bool)> {
    let groups = || WriterProperties::builder().set_max_row_group_row_count(Some(4_000));
    vec![
        (
            "dictionary, pages v1, snappy",
            groups().set_compression(Compression::SNAPPY).build(),
            true,
        ),
        (
            "pages v2 (yes/no as RLE), zstd",
            groups()
                .set_writer_version(WriterVersion::PARQUET_2_0)
                .set_compression(Compression::ZSTD(ZstdLevel::default()))
                .build(),
            true,
        ),
        (
            "plain, uncompressed",
            groups().set_dictionary_enabled(false).build(),
            true,
        ),
        (
            "dictionary overflowing into plain pages",
            groups().set_dictionary_page_size_limit(256).build(),
            true,
        ),
        (
            "small pages",
            groups()
                .set_data_page_row_count_limit(97)
                .set_write_batch_size(31)
                .build(),
            true,
        ),
        (
            "pages v2 without a dictionary (delta encodings), small pages",
            groups()
                .set_writer_version(WriterVersion::PARQUET_2_0)
                .set_dictionary_enabled(false)
                .set_data_page_row_count_limit(100)
                .set_write_batch_size(50)
                .build(),
            false,
        ),
    ]
}

#[test]
fn every_layout_counts_as_the_arrow_reader() {
    let dir = std::env::temp_dir().join(format!("fupin-pages-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("register.parquet");
    for required in [false, true] {
        for (people32, whole_yuan) in [(false, false), (true, true)] {
            let shape = Shape {
                required,
                people32,
                whole_yuan,
                dirty: false,
            };
            let batch = register(20_000, shape);
            let (expected, tally) = one_by_one(&batch);
            for (what, props, pages) in layouts() {
                write(&path, &batch, props);
                for threads in [1, 2] {
                    let mut s = TallyStream::new(as_of(), units()).unwrap();
                    let count = push_parquet(
                        &mut s,
                        &path,
                        &ColumnMap::default(),
                        1000,
                        threads,
                        1,
                        &|_| {},
                    )
                    .unwrap();
                    let case = format!("{what}, required {required}, Int32 {people32}");
                    assert_eq!(count.row_groups, 5, "{case}");
                    let from_pages = if pages && cfg!(feature = "pages") {
                        5
                    } else {
                        0
                    };
                    assert_eq!(count.from_pages, from_pages, "{case}");
                    assert_eq!(count.report, expected, "{case}");
                    assert_eq!(s.finish(), tally, "{case}");
                }
            }
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_row_group_with_a_cell_that_is_not_clean_goes_the_arrow_way() {
    let dir = std::env::temp_dir().join(format!("fupin-pages-dirty-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("register.parquet");
    let shape = Shape {
        required: false,
        people32: false,
        whole_yuan: false,
        dirty: true,
    };
    let batch = register(20_000, shape);
    let (expected, tally) = one_by_one(&batch);
    assert_eq!(expected.rejected.rows(), vec![1235]);
    for (what, props, pages) in layouts() {
        write(&path, &batch, props);
        let mut s = TallyStream::new(as_of(), units()).unwrap();
        let count =
            push_parquet(&mut s, &path, &ColumnMap::default(), 1000, 2, 1, &|_| {}).unwrap();
        assert_eq!(
            count.from_pages,
            if pages && cfg!(feature = "pages") {
                4
            } else {
                0
            },
            "{what}"
        );
        assert_eq!(count.report, expected, "{what}");
        assert_eq!(s.finish(), tally, "{what}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// `register` with its member counts cast to `to` (pandas and polars write them as they
/// hold them: `uint8`, `int16`, …).
fn with_people_as(batch: &RecordBatch, to: &DataType) -> RecordBatch {
    let schema = batch.schema();
    let mut fields: Vec<Field> = schema.fields().iter().map(|f| f.as_ref().clone()).collect();
    let mut columns = batch.columns().to_vec();
    fields[1] = fields[1].clone().with_data_type(to.clone());
    columns[1] = arrow_cast::cast(&columns[1], to).unwrap();
    RecordBatch::try_new(Arc::new(Schema::new(fields)), columns).unwrap()
}

/// Member counts of any integer type are read from the pages, by a stream
/// (`push_parquet`) and by a data set (`add_parquet_checked`, row groups decoded on every
/// core, added in order), with what the Arrow reader's batches give: the same counts, the
/// same rejected rows (a row group with a cell that is not clean goes the Arrow way).
#[test]
fn member_counts_of_any_integer_type_are_read_from_the_pages_by_a_stream_and_a_data_set() {
    use fupin_arrow::{add_batches_checked, add_parquet_checked};
    use fupin_core::assess::Dataset;
    use fupin_core::household::DuplicateCheck;

    let dir = std::env::temp_dir().join(format!("fupin-pages-narrow-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("register.parquet");
    let map = ColumnMap::default();
    let (_, props, _) = layouts().swap_remove(0);
    for dirty in [false, true] {
        let shape = Shape {
            required: false,
            people32: false,
            whole_yuan: false,
            dirty,
        };
        let batch = register(20_000, shape);
        let (expected, tally) = one_by_one(&batch);
        let pages = if cfg!(feature = "pages") {
            5 - usize::from(dirty)
        } else {
            0
        };
        for to in [DataType::UInt8, DataType::Int16, DataType::UInt32] {
            let narrow = with_people_as(&batch, &to);
            write(&path, &narrow, props.clone());
            let case = format!("{to}, dirty {dirty}");
            let mut s = TallyStream::new(as_of(), units()).unwrap();
            let count = push_parquet(&mut s, &path, &map, 1000, 2, 1, &|_| {}).unwrap();
            assert_eq!(count.from_pages, pages, "{case}");
            assert_eq!(count.report, expected, "{case}");
            assert_eq!(s.finish(), tally, "{case}");
            let mut from_batches = Dataset::with_units(as_of(), units()).unwrap();
            let mut check = DuplicateCheck::new();
            check.begin_file("register", false);
            let want = add_batches_checked(
                &mut from_batches,
                &mut check,
                std::slice::from_ref(&narrow),
                &map,
                1,
                1,
            )
            .unwrap();
            for threads in [1, 2, 3] {
                let mut from_file = Dataset::with_units(as_of(), units()).unwrap();
                let count = add_parquet_checked(
                    &mut from_file,
                    &mut DuplicateCheck::new(),
                    &path,
                    "register",
                    &map,
                    threads,
                    1,
                )
                .unwrap();
                assert_eq!(count.from_pages, pages, "{case}, {threads} threads");
                assert_eq!(count.report, want, "{case}, {threads} threads");
                assert_eq!(from_file.household_count(), from_batches.household_count());
                assert_eq!(from_file.roll_up(), from_batches.roll_up(), "{case}");
            }
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
