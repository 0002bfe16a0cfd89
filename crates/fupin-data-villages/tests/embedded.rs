//! The embedded table against the package's rows (fixtures written by gen/generate.py from

#![cfg(feature = "embedded")]
//! the CSVs, not from the table).

use fupin_core::region::{Level, RegionCode};
use fupin_data_villages::{SOURCE, VINTAGE, Villages, embedded, name};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn table() -> &'static Villages {
    embedded().unwrap_or_else(|e| unreachable!("the embedded table does not decode: {e}"))
}

fn fixture(name: &str) -> Vec<Vec<String>> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| unreachable!("{path}: {e}"));
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.split('\t').map(str::to_owned).collect())
        .collect()
}

#[test]
fn counts_per_level_and_province() {
    let t = table();
    assert_eq!(t.township_count(), 41_351);
    assert_eq!(t.village_count(), 620_572);
    assert_eq!(t.iter().count(), 41_351 + 620_572);
    for row in fixture("counts.tsv") {
        let [p, towns, vills] = row.as_slice() else {
            panic!("bad counts row {row:?}")
        };
        let p: u64 = p.parse().unwrap_or_default();
        let (mut tn, mut vn) = (0usize, 0usize);
        for u in t.iter().filter(|u| u.code() / 10_000_000_000 == p) {
            match u.level() {
                Level::Township => tn += 1,
                _ => vn += 1,
            }
        }
        assert_eq!(
            (tn.to_string(), vn.to_string()),
            (towns.clone(), vills.clone()),
            "province {p}"
        );
    }
}

#[test]
fn names_equal_the_packages() {
    let t = table();
    let rows = fixture("sample.tsv");
    assert!(rows.len() > 700, "{} sampled rows", rows.len());
    for row in rows {
        let [code, want] = row.as_slice() else {
            panic!("bad sample row {row:?}")
        };
        assert_eq!(t.name(code.as_str()), Some(want.as_str()), "{code}");
        // the same through RegionCode wherever it accepts the code
        if let Ok(rc) = RegionCode::parse(&format!("{code:0<12}")) {
            assert_eq!(t.name(rc), Some(want.as_str()), "{code} as RegionCode");
        }
    }
}

#[test]
fn dongguan_by_digits() {
    // 东莞 (4419) has no counties: its county segment is 00.
    assert_eq!(name("441900003"), Some("东城街道"));
    assert_eq!(name("441900003001"), Some("岗贝社区居民委员会"));
    assert_eq!(name("441900003002"), Some("花园新村社区居民委员会"));
    assert_eq!(table().townships_of("441900").count(), 36);
    let total: usize = table()
        .townships_of("441900")
        .map(|t| table().villages_of(t.digits()).count())
        .sum();
    assert_eq!(total, 609);
}

#[test]
fn villages_of_a_township_are_its_whole_run() -> TestResult {
    let t = table();
    let township = RegionCode::parse("522327103000")?;
    let vs: Vec<_> = t.villages_of(township).collect();
    assert_eq!(vs.len(), 12);
    assert!(
        vs.iter()
            .all(|v| v.level() == Level::Village && v.code() / 1000 == 522_327_103)
    );
    assert_eq!(vs.first().map(|v| v.name()), Some("丫他社区居民委员会"));
    assert!(
        vs.windows(2)
            .all(|w| matches!(w, [a, b] if a.code() < b.code()))
    );
    // a village or county is not a township: nothing
    assert_eq!(t.villages_of("522327103200").count(), 0);
    assert_eq!(t.villages_of("522327").count(), 0);
    assert_eq!(t.villages_of("522327999").count(), 0);
    Ok(())
}

#[test]
fn misses_and_other_levels_name_nothing() -> TestResult {
    let t = table();
    assert_eq!(t.name(RegionCode::parse("522327")?), None); // a county
    assert_eq!(t.name("522327103999"), None);
    assert_eq!(t.name("52232710320"), None); // 11 digits
    assert_eq!(t.name("52232710320x"), None);
    assert_eq!(t.name("５２２３２７１０３"), None); // full-width digits
    assert_eq!(t.name("350527000"), None); // 金门县's placeholder row is dropped
    Ok(())
}

#[test]
fn first_and_last_rows_are_reachable() {
    let t = table();
    let first = t.iter().next().map(|u| (u.digits(), u.name()));
    assert_eq!(first, Some(("110101001000".to_owned(), "东华门街道")));
    let last = t.iter().last();
    assert!(last.is_some_and(|u| t.get(u.code().to_string()).is_some_and(|v| v == u)));
}

#[test]
fn vintage_and_source_agree_with_the_table() {
    assert_eq!(table().vintage(), VINTAGE);
    assert_eq!(table().source(), SOURCE);
}

#[test]
fn unit_forms() {
    let u = table()
        .get("522327103")
        .map(|u| (u.short_digits(), u.digits(), u.level()));
    assert_eq!(
        u,
        Some((
            "522327103".to_owned(),
            "522327103000".to_owned(),
            Level::Township
        ))
    );
    let v = table().get("441900003001");
    assert_eq!(v.map(|v| v.short_digits()).as_deref(), Some("441900003001"));
}
