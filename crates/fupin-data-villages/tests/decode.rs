//! Reading tables from bytes: the format's checks, on tables built here.

#![cfg(feature = "embedded")]

use fupin_data_villages::{EMBEDDED_GZ, Villages};

fn varint(mut n: u64, out: &mut Vec<u8>) {
    loop {
        let b = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

/// An FPV1 table of `rows` (code, name), which must be sorted.
fn table(rows: &[(u64, &str)]) -> Vec<u8> {
    let mut out = b"FPV1".to_vec();
    varint(2023, &mut out);
    varint(4, &mut out);
    out.extend_from_slice(b"test");
    let towns = rows.iter().filter(|(c, _)| c % 1000 == 0).count() as u64;
    varint(towns, &mut out);
    varint(rows.len() as u64 - towns, &mut out);
    let mut prev = 0;
    for (c, _) in rows {
        varint(c - prev, &mut out);
        prev = *c;
    }
    for (_, n) in rows {
        varint(n.len() as u64, &mut out);
    }
    for (_, n) in rows {
        out.extend_from_slice(n.as_bytes());
    }
    out
}

const ROWS: &[(u64, &str)] = &[
    (110_101_001_000, "甲街道"),
    (110_101_001_001, "甲社区"),
    (110_101_001_002, "乙社区"),
    (110_101_002_000, "乙街道"),
];

fn code(bytes: &[u8]) -> &'static str {
    Villages::from_bytes(bytes).map_or_else(|e| e.code(), |_| "ok")
}

#[test]
fn a_small_table_reads_and_looks_up() {
    let t = Villages::from_bytes(&table(ROWS)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (
            t.township_count(),
            t.village_count(),
            t.vintage(),
            t.source()
        ),
        (2, 2, 2023, "test")
    );
    assert_eq!(t.name("110101001002"), Some("乙社区"));
    assert_eq!(t.name("110101002"), Some("乙街道"));
    assert_eq!(t.villages_of("110101001").count(), 2);
    assert_eq!(t.villages_of("110101002").count(), 0);
    assert_eq!(t.townships_of("110101").count(), 2);
}

#[test]
fn damaged_tables_are_refused_with_a_code() {
    assert_eq!(code(b""), "villages_not_a_table");
    assert_eq!(code(b"PK\x03\x04"), "villages_not_a_table");
    assert_eq!(code(b"FPV2rest"), "villages_unsupported_version");
    let good = table(ROWS);
    // every truncation is refused, none panics
    for n in 4..good.len() {
        assert_eq!(
            code(good.get(..n).unwrap_or_default()),
            "villages_corrupt",
            "cut at {n}"
        );
    }
    let mut extra = good.clone();
    extra.push(0);
    assert_eq!(code(&extra), "villages_corrupt");
    // a village before its township, a duplicate code, a name splitting a character
    assert_eq!(
        code(&table(&[(110_101_001_001, "甲"), (110_101_002_000, "乙")])),
        "villages_corrupt"
    );
    assert_eq!(
        code(&table(&[(110_101_001_000, "甲"), (110_101_001_000, "乙")])),
        "villages_corrupt"
    );
    assert_eq!(code(&table(&[(110_101_000_000, "县")])), "villages_corrupt");
    let mut split = table(&[(110_101_001_000, "甲"), (110_101_001_001, "乙")]);
    let lengths_at = split.len() - 6 - 2;
    if let Some(b) = split.get_mut(lengths_at) {
        *b = 2; // 甲 is 3 bytes: names of 2 and 4 bytes split both characters
    }
    if let Some(b) = split.get_mut(lengths_at + 1) {
        *b = 4;
    }
    assert_eq!(code(&split), "villages_corrupt");
}

#[test]
fn gzip_form_reads_and_damaged_gzip_is_refused() {
    let t = Villages::from_bytes(EMBEDDED_GZ).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(t.township_count(), 41_351);
    let cut = EMBEDDED_GZ.get(..EMBEDDED_GZ.len() / 2).unwrap_or_default();
    assert_eq!(code(cut), "villages_gzip");
}
