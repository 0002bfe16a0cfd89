//! Reports name townships and villages with the `villages` feature (the default), and give
//! codes the data do not hold no name.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "test code")]

use crate::common::{fupin, json, tmp};

#[test]
fn township_rows_carry_their_real_names_or_none() {
    let dir = tmp("naming");
    let report = json(&fupin(
        &["assess", "--level", "township", "--format", "json"],
        &dir,
    ));
    let rows: Vec<_> = report["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["level"] == "township")
        .collect();
    assert!(!rows.is_empty());
    let mut named = 0;
    for r in &rows {
        let code = r["code"].as_str().unwrap();
        let want = names(code);
        assert_eq!(r["name"].as_str(), want, "{code}");
        named += usize::from(want.is_some());
    }
    if cfg!(feature = "villages") {
        assert!(named > 0, "no township of the demo is named");
        // and the text report shows the same names
        let out = fupin(&["assess", "--level", "township"], &dir);
        let text = String::from_utf8(out.stdout).unwrap();
        let first = rows.iter().find_map(|r| r["name"].as_str()).unwrap();
        assert!(text.contains(first), "{first} missing from the text report");
    }
}

#[cfg(feature = "villages")]
fn names(code: &str) -> Option<&'static str> {
    fupin_data_villages::name(code)
}

#[cfg(not(feature = "villages"))]
fn names(_: &str) -> Option<&'static str> {
    None
}
