//! Hostile files made by hand: zip archives written byte by byte (so that sizes can lie and
//! bombs can be built without inflating them), minimal workbooks whose XML says anything,
//! and Parquet files of any schema.

use std::sync::Arc;

use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{Field, Schema};

/// How a part of an archive is stored.
pub(crate) enum Data {
    /// Stored as it is.
    Stored(Vec<u8>),
    /// Raw deflate data, with the CRC and size of what it inflates to (which may lie).
    Deflated {
        /// The compressed bytes.
        data: Vec<u8>,
        /// CRC-32 of the inflated bytes.
        crc: u32,
        /// The size the archive declares.
        size: u64,
    },
}

/// A zip archive of `parts`, written as the format says (no zip64: sizes below 4 GiB).
pub(crate) fn zip(parts: &[(&str, Data)]) -> Vec<u8> {
    let le16 = |v: &mut Vec<u8>, n: usize| v.extend(u16::try_from(n).unwrap().to_le_bytes());
    let le32 = |v: &mut Vec<u8>, n: u64| v.extend(u32::try_from(n).unwrap().to_le_bytes());
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in parts {
        let (method, bytes, crc, size): (usize, &[u8], u32, u64) = match data {
            Data::Stored(b) => (0, b, crc32fast::hash(b), b.len() as u64),
            Data::Deflated { data, crc, size } => (8, data, *crc, *size),
        };
        let offset = out.len() as u64;
        for (header, sig) in [(&mut out, 0x0403_4b50_u64), (&mut central, 0x0201_4b50)] {
            le32(header, sig);
            if sig == 0x0201_4b50 {
                le16(header, 20); // made by
            }
            le16(header, 20); // needed
            le16(header, 0x0800); // UTF-8 names
            le16(header, method);
            le16(header, 0); // time
            le16(header, 0x21); // date: 1980-01-01
            le32(header, u64::from(crc));
            le32(header, bytes.len() as u64);
            le32(header, size);
            le16(header, name.len());
            le16(header, 0); // extra
            if sig == 0x0201_4b50 {
                le16(header, 0); // comment
                le16(header, 0); // disk
                le16(header, 0); // internal attributes
                le32(header, 0); // external attributes
                le32(header, offset);
            }
            header.extend(name.as_bytes());
        }
        out.extend(bytes);
    }
    let at = out.len() as u64;
    let size = central.len() as u64;
    out.extend(central);
    le32(&mut out, 0x0605_4b50);
    le16(&mut out, 0);
    le16(&mut out, 0);
    le16(&mut out, parts.len());
    le16(&mut out, parts.len());
    le32(&mut out, size);
    le32(&mut out, at);
    le16(&mut out, 0);
    out
}

/// Raw deflate of `bytes`, byte-aligned at the end (a sync flush) so that pieces made
/// apart can be joined; `last` ends the stream.
pub(crate) fn deflate(bytes: &[u8], last: bool) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(bytes).unwrap();
    if last {
        e.finish().unwrap()
    } else {
        e.flush().unwrap();
        e.get_ref().clone()
    }
}

/// A part that inflates to `prefix`, then `block` `times` times, then `suffix` — a zip
/// bomb when `block` repeats many times (its deflate is stored once per repeat: ~1 KiB a
/// MiB of one byte).
pub(crate) fn repeated(prefix: &[u8], block: &[u8], times: usize, suffix: &[u8]) -> Data {
    let head = deflate(prefix, false);
    let body = deflate(block, false);
    let tail = deflate(suffix, true);
    let mut data = head;
    for _ in 0..times {
        data.extend_from_slice(&body);
    }
    data.extend(tail);
    let mut crc = crc32fast::Hasher::new();
    crc.update(prefix);
    let mut one = crc32fast::Hasher::new();
    one.update(block);
    for _ in 0..times {
        crc.combine(&one);
    }
    let mut end = crc32fast::Hasher::new();
    end.update(suffix);
    crc.combine(&end);
    Data::Deflated {
        data,
        crc: crc.finalize(),
        size: (prefix.len() + block.len() * times + suffix.len()) as u64,
    }
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="户表" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;

/// The XML of a worksheet: `<sheetData>` of `rows`, then `after` (merged cells …).
pub(crate) fn sheet_xml(rows: &str, after: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData>{after}</worksheet>"#
    )
}

/// A workbook of one sheet (`户表`) whose XML is `sheet` and whose shared strings are
/// `strings` (both any data at all).
pub(crate) fn workbook(sheet: Data, strings: Data) -> Vec<u8> {
    zip(&[
        ("[Content_Types].xml", Data::Stored(CONTENT_TYPES.into())),
        ("_rels/.rels", Data::Stored(RELS.into())),
        ("xl/workbook.xml", Data::Stored(WORKBOOK.into())),
        (
            "xl/_rels/workbook.xml.rels",
            Data::Stored(WORKBOOK_RELS.into()),
        ),
        ("xl/worksheets/sheet1.xml", sheet),
        ("xl/sharedStrings.xml", strings),
    ])
}

/// A workbook as [`xlsx`] with a style sheet whose cell format 1 is a date (`numFmtId`
/// 14, as Excel formats a cell where a date was typed).
pub(crate) fn xlsx_with_dates(rows: &str) -> Vec<u8> {
    let styles = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>"#;
    zip(&[
        ("[Content_Types].xml", Data::Stored(CONTENT_TYPES.into())),
        ("_rels/.rels", Data::Stored(RELS.into())),
        ("xl/workbook.xml", Data::Stored(WORKBOOK.into())),
        (
            "xl/_rels/workbook.xml.rels",
            Data::Stored(WORKBOOK_RELS.into()),
        ),
        (
            "xl/worksheets/sheet1.xml",
            Data::Stored(sheet_xml(rows, "").into_bytes()),
        ),
        ("xl/sharedStrings.xml", no_strings()),
        ("xl/styles.xml", Data::Stored(styles.into())),
    ])
}

/// No shared strings.
pub(crate) fn no_strings() -> Data {
    Data::Stored(
        br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"></sst>"#
            .to_vec(),
    )
}

/// A workbook whose sheet holds `rows` (`<row>` elements) and then `after`.
pub(crate) fn xlsx(rows: &str, after: &str) -> Vec<u8> {
    workbook(
        Data::Stored(sheet_xml(rows, after).into_bytes()),
        no_strings(),
    )
}

/// An inline-string cell.
pub(crate) fn s(at: &str, text: &str) -> String {
    format!(r#"<c r="{at}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

/// A number cell.
pub(crate) fn n(at: &str, value: &str) -> String {
    format!(r#"<c r="{at}"><v>{value}</v></c>"#)
}

/// A row of the household sheet: village, size and status in A, B, C of sheet row `r`.
pub(crate) fn household_row(r: usize, village: &str, people: &str, status: &str) -> String {
    format!(
        r#"<row r="{r}">{}{}{}</row>"#,
        s(&format!("A{r}"), village),
        n(&format!("B{r}"), people),
        s(&format!("C{r}"), status)
    )
}

/// The header row of the household sheet.
pub(crate) fn household_header() -> String {
    format!(
        r#"<row r="1">{}{}{}</row>"#,
        s("A1", "行政区划代码"),
        s("B1", "家庭人口"),
        s("C1", "贫困户状态")
    )
}

/// Writes one batch of `columns` as a Parquet file.
pub(crate) fn parquet(path: &std::path::Path, columns: Vec<(&str, ArrayRef)>) {
    let fields: Vec<Field> = columns
        .iter()
        .map(|(name, a)| Field::new(*name, a.data_type().clone(), true))
        .collect();
    let batch = RecordBatch::try_new(
        Arc::new(Schema::new(fields)),
        columns.into_iter().map(|(_, a)| a).collect(),
    )
    .unwrap();
    fupin_arrow::parquet_io::write(path, &[batch]).unwrap();
}
