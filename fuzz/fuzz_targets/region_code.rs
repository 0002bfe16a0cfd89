//! `RegionCode`: parsing text (6 or 12 digits), numbers and JSON. A parsed code formats to
//! a string that parses back to the same code; its parents and forms agree; errors quote
//! at most 40 characters of the input and no ID number unmasked.
#![no_main]

use fupin_core::RegionCode;
use libfuzzer_sys::fuzz_target;

fn check(code: RegionCode) {
    let text = code.to_string();
    assert_eq!(text.len(), 12);
    assert_eq!(RegionCode::parse(&text), Ok(code), "12-digit form `{text}`");
    assert_eq!(RegionCode::from_u64(code.as_u64()), Ok(code));
    assert_eq!(RegionCode::parse(&code.to_short()), Ok(code), "short form");
    assert_eq!(code.to_statistical(), text);
    let county_or_above = RegionCode::parse(&code.gb2260()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        county_or_above.as_u64(),
        code.as_u64() / 1_000_000 * 1_000_000
    );
    let json = serde_json::to_string(&code).unwrap_or_default();
    assert_eq!(serde_json::from_str::<RegionCode>(&json).ok(), Some(code));
    let mut last = code;
    for (steps, parent) in code.ancestors().enumerate() {
        assert!(steps < 4, "more than four ancestors of {code:?}");
        assert!(parent.level() < last.level() && parent.contains(code));
        last = parent;
    }
    assert_eq!(last, code.province());
}

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        let tokens = fupin_fuzz::id_tokens(s);
        match RegionCode::parse(s) {
            Ok(code) => check(code),
            Err(e) => {
                assert!(!e.code().is_empty());
                let m = e.to_string();
                fupin_fuzz::assert_masked(&tokens, &m, "a region code error");
                assert!(
                    m.chars().count() <= 200,
                    "a region code error of {} characters",
                    m.chars().count()
                );
            }
        }
        // JSON strings give the same answer as parse; JSON numbers never panic
        let as_json = serde_json::Value::String(s.to_owned());
        let from_json = serde_json::from_value::<RegionCode>(as_json);
        assert_eq!(from_json.ok(), RegionCode::parse(s).ok());
        if let Ok(code) = serde_json::from_str::<RegionCode>(s) {
            check(code);
        }
    }
    if let Some(bytes) = data.get(..8) {
        let mut b = [0u8; 8];
        b.copy_from_slice(bytes);
        let n = u64::from_le_bytes(b);
        if let Ok(code) = RegionCode::from_u64(n) {
            assert_eq!(code.as_u64(), n);
            check(code);
        }
        if let Ok(code) = RegionCode::from_gb2260((n >> 32) as u32) {
            assert_eq!(u64::from(code.gb2260_u32()), n >> 32);
            check(code);
        }
    }
});
