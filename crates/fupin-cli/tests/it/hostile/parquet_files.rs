//! Parquet: cut files, damaged pages, wrong schemas and their neighbours.

use super::*;

fn text(values: &[Option<&str>]) -> ArrayRef {
    Arc::new(StringArray::from(values.to_vec()))
}

/// The columns with the members and status columns added where absent: a register
/// without them is refused (issue #16), and these tests are about other things.
fn full(mut columns: Vec<(&str, ArrayRef)>) -> Vec<(&str, ArrayRef)> {
    let n = columns.first().map_or(0, |(_, a)| a.len());
    if !columns.iter().any(|(c, _)| *c == "家庭人口") {
        columns.push(("家庭人口", Arc::new(Int64Array::from(vec![1; n]))));
    }
    if !columns.iter().any(|(c, _)| *c == "贫困户状态") {
        columns.push(("贫困户状态", text(&vec![Some("贫困户"); n])));
    }
    columns
}

/// Writes `columns` (made [`full`]) as a Parquet file.
fn parquet(path: &Path, columns: Vec<(&str, ArrayRef)>) {
    files::parquet(path, full(columns));
}

fn villages3() -> ArrayRef {
    text(&[
        Some("522327100201"),
        Some("522327100201"),
        Some("522327100202"),
    ])
}

fn people3() -> ArrayRef {
    Arc::new(Int64Array::from(vec![4, 3, 2]))
}

#[test]
fn parquet_files_that_are_cut_or_not_parquet() {
    let dir = tmp("pq-cut");
    let path = dir.join("ok.parquet");
    parquet(
        &path,
        vec![("行政区划代码", villages3()), ("家庭人口", people3())],
    );
    validate(&dir, "ok.parquet", 3);
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(dir.join("half.parquet"), &bytes[..bytes.len() / 2]).unwrap();
    std::fs::write(dir.join("tail.parquet"), &bytes[..bytes.len() - 3]).unwrap();
    std::fs::write(dir.join("csv.parquet"), csv_of(&[good(1)])).unwrap();
    std::fs::write(dir.join("empty.parquet"), "").unwrap();
    std::fs::write(dir.join("magic.parquet"), b"PAR1PAR1").unwrap();
    for f in [
        "half.parquet",
        "tail.parquet",
        "csv.parquet",
        "empty.parquet",
        "magic.parquet",
    ] {
        refused_both(&dir, f, "parquet_error");
    }
}

#[test]
fn parquet_damaged_pages_give_an_error_or_every_row() {
    let dir = tmp("pq-damaged");
    let path = dir.join("ok.parquet");
    let n = 200;
    let villages: Vec<Option<String>> = (0..n)
        .map(|i| Some(format!("5223271002{:02}", i % 50 + 1)))
        .collect();
    let villages: Vec<Option<&str>> = villages.iter().map(Option::as_deref).collect();
    let people: ArrayRef = Arc::new(Int64Array::from(
        (0..n).map(|i| i % 7 + 1).collect::<Vec<i64>>(),
    ));
    parquet(
        &path,
        vec![("行政区划代码", text(&villages)), ("家庭人口", people)],
    );
    let bytes = std::fs::read(&path).unwrap();
    // a byte changed here and there inside the data (the footer intact): a clear error,
    // or every row read — never a crash or rows lost
    let footer = usize::try_from(u32::from_le_bytes(
        bytes[bytes.len() - 8..bytes.len() - 4].try_into().unwrap(),
    ))
    .unwrap();
    let data_end = bytes.len() - 8 - footer;
    let mut refused_count = 0;
    for (k, at) in (4..data_end).step_by(data_end / 12 + 1).enumerate() {
        let mut damaged = bytes.clone();
        damaged[at] ^= 0xa5;
        let f = format!("damaged{k}.parquet");
        std::fs::write(dir.join(&f), &damaged).unwrap();
        let run = fupin(
            &dir,
            &["validate", &f, "--format", "json", "--as-of", AS_OF],
        );
        match run.code {
            Some(2) => {
                assert!(
                    run.err.contains(&f) && run.err.trim_end().ends_with(']'),
                    "{run:?}"
                );
                refused_count += 1;
            }
            Some(0 | 1) => {
                let v: Value = serde_json::from_str(&run.out).unwrap();
                assert_eq!(v[0]["rows"], n, "{f}: {v:#}");
                assert_eq!(
                    v[0]["accepted"].as_u64().unwrap() + v[0]["rejected"].as_u64().unwrap(),
                    n as u64
                );
            }
            other => panic!("{f}: status {other:?}: {run:?}"),
        }
    }
    eprintln!("damaged Parquet: {refused_count} refused, the others read whole");
}

#[test]
fn parquet_registers_of_the_wrong_schema() {
    let dir = tmp("pq-schema");
    let list: ArrayRef = Arc::new(ListArray::from_iter_primitive::<
        arrow_array::types::Int64Type,
        _,
        _,
    >(vec![Some(vec![Some(1)]), Some(vec![]), None]));
    let structs: ArrayRef = Arc::new(StructArray::from(vec![(
        Arc::new(arrow_schema::Field::new(
            "a",
            arrow_schema::DataType::Int64,
            true,
        )),
        people3(),
    )]));
    let bools: ArrayRef = Arc::new(BooleanArray::from(vec![true, false, true]));
    let cases: Vec<(&str, Vec<(&str, ArrayRef)>)> = vec![
        (
            "bool-village.parquet",
            vec![("行政区划代码", bools.clone()), ("家庭人口", people3())],
        ),
        (
            "list-village.parquet",
            vec![("行政区划代码", list), ("家庭人口", people3())],
        ),
        (
            "struct-village.parquet",
            vec![("行政区划代码", structs), ("家庭人口", people3())],
        ),
        (
            "int-status.parquet",
            vec![("行政区划代码", villages3()), ("贫困户状态", people3())],
        ),
        (
            "bool-people.parquet",
            vec![("行政区划代码", villages3()), ("家庭人口", bools.clone())],
        ),
        (
            "binary-flag.parquet",
            vec![
                ("行政区划代码", villages3()),
                (
                    "有无终端",
                    Arc::new(arrow_array::BinaryArray::from(vec![
                        b"1".as_slice(),
                        b"0",
                        b"x",
                    ])),
                ),
            ],
        ),
    ];
    for (file, columns) in cases {
        parquet(&dir.join(file), columns.clone());
        let err = refused_both(&dir, file, "column_type");
        assert!(err.contains("is of type"), "{err}");
        // the library says the same, whichever way the batch comes
        let batch = arrow_array::RecordBatch::try_from_iter(full(columns)).unwrap();
        let mut ds =
            fupin_core::assess::Dataset::new(chrono::NaiveDate::from_ymd_opt(2020, 6, 30).unwrap());
        let map = fupin_arrow::ColumnMap::default();
        let e = fupin_arrow::add_households_fast(&mut ds, &batch, &map, 1).unwrap_err();
        assert_eq!(e.code(), "column_type", "{file}");
        assert_eq!(ds.household_count(), 0);
    }
    // no village column at all
    parquet(&dir.join("no-village.parquet"), vec![("x", people3())]);
    refused_both(&dir, "no-village.parquet", "missing_column");
    // two columns of the village's name
    let batch = arrow_array::RecordBatch::try_new(
        Arc::new(arrow_schema::Schema::new(vec![
            arrow_schema::Field::new("行政区划代码", arrow_schema::DataType::Utf8, true),
            arrow_schema::Field::new("行政区划代码", arrow_schema::DataType::Utf8, true),
        ])),
        vec![villages3(), text(&[Some("5"), Some("6"), Some("7")])],
    )
    .unwrap();
    fupin_arrow::parquet_io::write(&dir.join("dup.parquet"), std::slice::from_ref(&batch)).unwrap();
    refused_both(&dir, "dup.parquet", "ambiguous_column");
    let mut ds =
        fupin_core::assess::Dataset::new(chrono::NaiveDate::from_ymd_opt(2020, 6, 30).unwrap());
    let e =
        fupin_arrow::add_households_fast(&mut ds, &batch, &fupin_arrow::ColumnMap::default(), 1)
            .unwrap_err();
    assert_eq!(e.code(), "ambiguous_column");
}

#[test]
fn parquet_unusual_but_readable_columns() {
    let dir = tmp("pq-types");
    // village codes as integers and floats: bad ones rejected row by row
    parquet(
        &dir.join("int-village.parquet"),
        vec![
            (
                "行政区划代码",
                Arc::new(Int64Array::from(vec![
                    Some(522_327_100_201),
                    Some(5223),
                    None,
                    Some(-1),
                ])),
            ),
            ("家庭人口", Arc::new(Int64Array::from(vec![4, 3, 2, 1]))),
        ],
    );
    let r = validate(&dir, "int-village.parquet", 4);
    let found = issues(&r);
    assert_eq!(found.len(), 3, "{found:?}");
    assert_eq!(
        found[1],
        ("[3].行政区划代码".to_owned(), "missing_value".to_owned())
    );
    assert_eq!(
        found[2],
        (
            "[4].行政区划代码".to_owned(),
            "code_out_of_range".to_owned()
        )
    );
    assess(&dir, "int-village.parquet", 4, 3);
    parquet(
        &dir.join("float-village.parquet"),
        vec![
            (
                "行政区划代码",
                Arc::new(Float64Array::from(vec![
                    522_327_100_201.0,
                    5.5,
                    f64::NAN,
                    f64::INFINITY,
                ])),
            ),
            ("家庭人口", Arc::new(Int64Array::from(vec![4, 3, 2, 1]))),
        ],
    );
    let r = validate(&dir, "float-village.parquet", 4);
    assert_eq!(
        issues(&r),
        pairs(&[
            ("[2].行政区划代码", "invalid_value"),
            ("[3].行政区划代码", "invalid_value"),
            ("[4].行政区划代码", "invalid_value"),
        ])
    );
    // exact decimals (as databases write money), an all-null column, sizes far out of
    // range, incomes out of range
    let decimals = Decimal128Array::from(vec![Some(465_025), None, Some(100), Some(1)])
        .with_precision_and_scale(12, 2)
        .unwrap();
    parquet(
        &dir.join("numbers.parquet"),
        vec![
            (
                "行政区划代码",
                text(&[
                    Some("522327100201"),
                    Some("522327100201"),
                    Some("522327100201"),
                    Some("522327100201"),
                ]),
            ),
            (
                "家庭人口",
                Arc::new(UInt64Array::from(vec![4, u64::MAX, 2, 3])),
            ),
            ("人均纯收入", Arc::new(decimals)),
            ("有无终端", Arc::new(NullArray::new(4))),
        ],
    );
    let r = validate(&dir, "numbers.parquet", 4);
    assert_eq!(
        issues(&r),
        pairs(&[("[2].家庭人口", "people_range")]),
        "{r:#}"
    );
    // the decimals are read exactly, the nulls as not recorded
    let batch = fupin_arrow::parquet_io::read(&dir.join("numbers.parquet"), 10)
        .unwrap()
        .next()
        .unwrap()
        .unwrap();
    let read = fupin_arrow::read_households(&batch, &fupin_arrow::ColumnMap::default(), 1).unwrap();
    assert_eq!(read.rows, vec![1, 3, 4]);
    let incomes: Vec<Option<String>> = read
        .fields
        .iter()
        .map(|f| f.income_per_capita.map(|y| y.to_string()))
        .collect();
    assert_eq!(
        incomes,
        vec![
            Some("4650.25".to_owned()),
            Some("1.00".to_owned()),
            Some("0.01".to_owned())
        ]
    );
    assert!(read.fields.iter().all(|f| f.terminal.is_none()));
    parquet(
        &dir.join("income.parquet"),
        vec![
            ("行政区划代码", villages3()),
            (
                "人均纯收入",
                Arc::new(Float64Array::from(vec![f64::INFINITY, 1e300, -0.001])),
            ),
        ],
    );
    let r = validate(&dir, "income.parquet", 3);
    assert_eq!(
        issues(&r),
        pairs(&[
            ("[1].人均纯收入", "money_out_of_range"),
            ("[2].人均纯收入", "money_out_of_range"),
            ("[3].人均纯收入", "money_too_precise"),
        ])
    );
    // no rows at all
    parquet(&dir.join("zero.parquet"), vec![("行政区划代码", text(&[]))]);
    validate(&dir, "zero.parquet", 0);
    assess(&dir, "zero.parquet", 0, 0);
}
