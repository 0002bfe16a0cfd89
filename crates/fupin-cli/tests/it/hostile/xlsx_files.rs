//! Excel: formula and merged cells, zip bombs, parts that inflate beyond their size, files
//! that are not workbooks, cell references beyond the sheet, sparse and wide sheets.

use super::*;

#[test]
fn xlsx_formula_cells() {
    let dir = tmp("xlsx-formula");
    let mut rows = household_header() + &household_row(2, "522327100201", "4", "贫困户");
    let village = |r: usize| s(&format!("A{r}"), "522327100201");
    let status = |r: usize| s(&format!("C{r}"), "贫困户");
    // a formula with its value saved
    let (a, c) = (village(3), status(3));
    rows.push_str(&format!(
        r#"<row r="3">{a}<c r="B3"><f>1+1</f><v>2</v></c>{c}</row>"#
    ));
    // a formula whose value was never saved (files written by programs)
    let (a, c) = (village(4), status(4));
    rows.push_str(&format!(
        r#"<row r="4">{a}<c r="B4"><f>1+1</f></c>{c}</row>"#
    ));
    // an error value
    let (a, c) = (village(5), status(5));
    rows.push_str(&format!(
        r#"<row r="5">{a}<c r="B5" t="e"><f>1/0</f><v>#DIV/0!</v></c>{c}</row>"#
    ));
    std::fs::write(dir.join("formula.xlsx"), xlsx(&rows, "")).unwrap();
    let r = validate(&dir, "formula.xlsx", 4);
    assert_eq!(
        issues(&r),
        pairs(&[
            ("[3].家庭人口", "formula_without_value"),
            ("[4].家庭人口", "cell_error"),
        ])
    );
    assess(&dir, "formula.xlsx", 4, 2);
}

/// Issue #16: a member count typed as a date (Excel keeps 1900-01-03 as the day number 3)
/// used to be read as 3 people; it is a rejected row now, naming the column.
#[test]
fn xlsx_date_cells_in_counts_are_rejected() {
    let dir = tmp("xlsx-date");
    let mut rows = household_header() + &household_row(2, "522327100201", "4", "贫困户");
    let (a, c) = (s("A3", "522327100201"), s("C3", "贫困户"));
    rows.push_str(&format!(
        r#"<row r="3">{a}<c r="B3" s="1"><v>3</v></c>{c}</row>"#
    ));
    std::fs::write(dir.join("dates.xlsx"), files::xlsx_with_dates(&rows)).unwrap();
    let r = validate(&dir, "dates.xlsx", 2);
    assert_eq!(issues(&r), pairs(&[("[2].家庭人口", "invalid_value")]));
    assess(&dir, "dates.xlsx", 2, 1);
}

#[test]
fn xlsx_merged_cells() {
    let dir = tmp("xlsx-merged");
    // the village code merged down over three households, as registers often are; a
    // status merged across two columns
    let mut rows = household_header() + &household_row(2, "522327100201", "4", "贫困户");
    for (r, people) in [(3, "3"), (4, "2")] {
        let (b, c) = (n(&format!("B{r}"), people), s(&format!("C{r}"), "贫困户"));
        rows.push_str(&format!(r#"<row r="{r}">{b}{c}</row>"#));
    }
    let (a, b) = (s("A5", "522327100202"), n("B5", "4"));
    rows.push_str(&format!(r#"<row r="5">{a}{b}</row>"#));
    let merges =
        r#"<mergeCells count="2"><mergeCell ref="A2:A4"/><mergeCell ref="B5:C5"/></mergeCells>"#;
    std::fs::write(dir.join("merged.xlsx"), xlsx(&rows, merges)).unwrap();
    let r = validate(&dir, "merged.xlsx", 4);
    assert_eq!(
        issues(&r),
        pairs(&[
            ("[2].行政区划代码", "merged_cell"),
            ("[3].行政区划代码", "merged_cell"),
            ("[4].贫困户状态", "merged_cell"),
        ])
    );
    assert!(
        r["issues"][0]["message"]
            .as_str()
            .unwrap()
            .contains("A2:A4")
    );
    assess(&dir, "merged.xlsx", 4, 3);
}

#[test]
fn xlsx_zip_bomb_is_refused_before_it_unpacks() {
    let dir = tmp("xlsx-bomb");
    // 1.1 GiB of one shared string in a file of about a megabyte: calamine would hold it
    // all in memory
    let mib = vec![b'a'; 1 << 20];
    let strings = files::repeated(
        br#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>"#,
        &mib,
        1100,
        b"</t></si></sst>",
    );
    let sheet = files::sheet_xml(
        &format!(
            r#"{}<row r="2"><c r="A2" t="s"><v>0</v></c>{}{}</row>"#,
            household_header(),
            n("B2", "4"),
            s("C2", "贫困户")
        ),
        "",
    );
    let book = files::workbook(Data::Stored(sheet.into_bytes()), strings);
    assert!(book.len() < 4 << 20, "{} bytes", book.len());
    std::fs::write(dir.join("bomb.xlsx"), &book).unwrap();
    let started = Instant::now();
    let err = refused_both(&dir, "bomb.xlsx", "archive_too_large");
    assert!(err.contains("zip bomb"), "{err}");
    assert!(started.elapsed() < Duration::from_secs(10));
    // the same through the library
    let e = fupin_cli::input::read_table(
        &dir.join("bomb.xlsx"),
        &fupin_cli::input::ReadOptions::default(),
        &mut |_| Ok(()),
    )
    .unwrap_err();
    assert_eq!(e.code(), "archive_too_large");
}

#[test]
fn xlsx_parts_that_inflate_beyond_their_declared_size() {
    let dir = tmp("xlsx-lying");
    let rows = format!(
        "{}{}",
        household_header(),
        household_row(2, "522327100201", "4", "贫困户")
    );
    let sheet = files::sheet_xml(&rows, "");
    let mut padded = sheet.clone().into_bytes();
    padded.extend(vec![b' '; 8 << 20]);
    let Data::Deflated { data, crc, .. } = files::repeated(&padded, b"", 0, b"") else {
        unreachable!()
    };
    // the archive says the sheet is 4 KiB; it inflates to 8 MiB
    let lying = Data::Deflated {
        data,
        crc,
        size: 4096,
    };
    std::fs::write(
        dir.join("lying.xlsx"),
        files::workbook(lying, files::no_strings()),
    )
    .unwrap();
    refused_both(&dir, "lying.xlsx", "invalid_workbook");
}

#[test]
fn xlsx_files_that_are_not_workbooks() {
    let dir = tmp("xlsx-not");
    let book = xlsx(
        &format!(
            "{}{}",
            household_header(),
            household_row(2, "522327100201", "4", "贫困户")
        ),
        "",
    );
    std::fs::write(dir.join("ok.xlsx"), &book).unwrap();
    validate(&dir, "ok.xlsx", 1);
    std::fs::write(dir.join("csv.xlsx"), csv_of(&[good(1)])).unwrap();
    std::fs::write(dir.join("empty.xlsx"), "").unwrap();
    std::fs::write(dir.join("half.xlsx"), &book[..book.len() / 2]).unwrap();
    std::fs::write(dir.join("tail-cut.xlsx"), &book[..book.len() - 10]).unwrap();
    let mut flipped = book.clone();
    for b in flipped.iter_mut().skip(40).step_by(97) {
        *b ^= 0x55;
    }
    std::fs::write(dir.join("flipped.xlsx"), &flipped).unwrap();
    // a zip archive without a workbook in it
    std::fs::write(
        dir.join("other.xlsx"),
        files::zip(&[("readme.txt", Data::Stored(b"hello".to_vec()))]),
    )
    .unwrap();
    for f in [
        "csv.xlsx",
        "empty.xlsx",
        "half.xlsx",
        "tail-cut.xlsx",
        "flipped.xlsx",
        "other.xlsx",
    ] {
        refused_both(&dir, f, "invalid_workbook");
    }
}

#[test]
fn xlsx_cell_references_beyond_the_sheet() {
    let dir = tmp("xlsx-refs");
    let header = household_header();
    let row2 = household_row(2, "522327100201", "4", "贫困户");
    let cases = [
        // a column far beyond XFD: calamine would allocate the whole grid (30 GB)
        (
            "column.xlsx",
            format!(r#"{header}{row2}<row r="3">{}</row>"#, n("ZZZZZZ3", "1")),
            String::new(),
        ),
        // a row number that overflows
        (
            "row.xlsx",
            format!(
                r#"{header}{row2}<row r="99999999999">{}</row>"#,
                s("A99999999999", "522327100201")
            ),
            String::new(),
        ),
        (
            "cell-row.xlsx",
            format!(
                r#"{header}{row2}<row r="3">{}</row>"#,
                n("A4294967297", "1")
            ),
            String::new(),
        ),
        (
            "merge.xlsx",
            format!("{header}{row2}"),
            r#"<mergeCells count="1"><mergeCell ref="A2:XFE3"/></mergeCells>"#.to_owned(),
        ),
        ("dimension.xlsx", format!("{header}{row2}"), String::new()),
    ];
    for (file, rows, after) in &cases {
        let mut sheet = files::sheet_xml(rows, after);
        if *file == "dimension.xlsx" {
            sheet = sheet.replace(
                "<sheetData>",
                r#"<dimension ref="A1:AAAA99999999"/><sheetData>"#,
            );
        }
        std::fs::write(
            dir.join(file),
            files::workbook(Data::Stored(sheet.into_bytes()), files::no_strings()),
        )
        .unwrap();
        let err = refused_both(&dir, file, "invalid_workbook");
        assert!(err.contains("XFD1048576"), "{err}");
    }
}

#[test]
fn xlsx_sparse_sheets_blank_rows_and_wide_rows() {
    let dir = tmp("xlsx-sparse");
    // data in row 2 and a lone cell at the sheet's last cell: two rows, not a grid of 17
    // billion cells; rows are numbered by their place in the sheet
    let rows = format!(
        r#"{}{}<row r="1048576">{}</row>"#,
        household_header(),
        household_row(2, "522327100201", "4", "贫困户"),
        n("XFD1048576", "1")
    );
    std::fs::write(dir.join("sparse.xlsx"), xlsx(&rows, "")).unwrap();
    let r = validate_rows(&dir, "sparse.xlsx", &[], 2, 1_048_575);
    // every problem of the row (#16)
    assert_eq!(
        issues(&r),
        pairs(&[
            ("[1048575].行政区划代码", "missing_value"),
            ("[1048575].家庭人口", "missing_value"),
            ("[1048575].贫困户状态", "missing_value"),
        ])
    );
    // blank rows (present but empty, or absent) are not rows
    let rows = format!(
        r#"{}{}<row r="3"><c r="A3"/><c r="B3" s="1"/></row>{}{}"#,
        household_header(),
        household_row(2, "522327100201", "4", "贫困户"),
        household_row(5, "5223271002", "4", "贫困户"),
        household_row(6, "522327100201", "3", "贫困户"),
    );
    std::fs::write(dir.join("blank.xlsx"), xlsx(&rows, "")).unwrap();
    let r = validate_rows(&dir, "blank.xlsx", &[], 3, 5);
    assert_eq!(issues(&r), pairs(&[("[4].行政区划代码", "code_length")]));
    assess(&dir, "blank.xlsx", 3, 1);
    // a header as wide as a sheet gets (16,384 columns), and a megabyte cell
    let mut wide = String::from(r#"<row r="1">"#);
    wide.push_str(&s("A1", "行政区划代码"));
    wide.push_str(&s("B1", "家庭人口"));
    // the status is required (issue #16)
    wide.push_str(&s("C1", "贫困户状态"));
    for c in 3..16_384u32 {
        wide.push_str(&format!(r#"<c t="inlineStr"><is><t>c{c}</t></is></c>"#));
    }
    wide.push_str("</row>");
    wide.push_str(&format!(
        r#"<row r="2">{}{}{}</row><row r="3">{}{}{}</row>"#,
        s("A2", "522327100201"),
        n("B2", "4"),
        s("C2", "贫困户"),
        s("A3", &"5".repeat(1 << 20)),
        n("B3", "4"),
        s("C3", "贫困户")
    ));
    std::fs::write(dir.join("wide.xlsx"), xlsx(&wide, "")).unwrap();
    let r = validate(&dir, "wide.xlsx", 2);
    assert_eq!(issues(&r), pairs(&[("[2].行政区划代码", "code_length")]));
    // the library agrees on the count
    let (rows, chunked, rejected) = read_library(
        &dir.join("wide.xlsx"),
        &fupin_cli::input::ReadOptions::default(),
    );
    assert_eq!((rows, chunked, rejected), (2, 2, 0));
}

#[test]
fn xlsx_duplicate_headers_and_cells_out_of_order() {
    let dir = tmp("xlsx-dup");
    let rows = format!(
        r#"<row r="1">{}{}{}</row><row r="2">{}{}{}</row>"#,
        s("A1", "行政区划代码"),
        s("B1", "家庭人口"),
        s("C1", "行政区划代码"),
        s("A2", "522327100201"),
        n("B2", "4"),
        s("C2", "522327100202")
    );
    std::fs::write(dir.join("dup.xlsx"), xlsx(&rows, "")).unwrap();
    refused_both(&dir, "dup.xlsx", "ambiguous_column");
    let rows = format!(
        "{}{}{}",
        household_header(),
        household_row(3, "522327100201", "4", "贫困户"),
        household_row(2, "522327100201", "4", "贫困户")
    );
    std::fs::write(dir.join("order.xlsx"), xlsx(&rows, "")).unwrap();
    refused_both(&dir, "order.xlsx", "invalid_workbook");
    let rows = format!(
        r#"{}<row r="2">{}{}</row>"#,
        household_header(),
        s("A2", "522327100201"),
        s("A2", "522327100202")
    );
    std::fs::write(dir.join("twice.xlsx"), xlsx(&rows, "")).unwrap();
    refused_both(&dir, "twice.xlsx", "invalid_workbook");
}
