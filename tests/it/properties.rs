//! Property tests: code parsing and formatting round trips, parent/child invariants, the ID
//! check digit, and exact money.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failure should stop the test"
)]

use fupin::Yuan;
use fupin::household::{IdNumber, check_char};
use fupin::region::{Level, PROVINCE_SEGMENTS, RegionCode};
use proptest::prelude::*;

/// Any structurally valid code: a province, then segments that stop at the first zero, or
/// (`skip`) a township or village of a prefecture without counties, county digits `00`.
fn any_code() -> impl Strategy<Value = RegionCode> {
    (
        prop::sample::select(PROVINCE_SEGMENTS.to_vec()),
        1u64..100,
        1u64..100,
        1u64..1000,
        1u64..1000,
        0usize..5,
        any::<bool>(),
    )
        .prop_map(|(p, pre, cty, town, vil, depth, skip)| {
            let cty = if skip && depth >= 3 { 0 } else { cty };
            let segs = [pre, cty, town, vil];
            let mut v = u64::from(p);
            for (i, (s, width)) in segs.iter().zip([100u64, 100, 1000, 1000]).enumerate() {
                v = v * width + if i < depth { *s } else { 0 };
            }
            RegionCode::from_u64(v).unwrap()
        })
}

proptest! {
    #[test]
    fn twelve_digit_form_round_trips(code in any_code()) {
        let s = code.to_string();
        prop_assert_eq!(s.len(), 12);
        prop_assert_eq!(RegionCode::parse(&s).unwrap(), code);
        let json = serde_json::to_string(&code).unwrap();
        prop_assert_eq!(serde_json::from_str::<RegionCode>(&json).unwrap(), code);
    }

    #[test]
    fn six_digit_form_round_trips_at_county_level_and_above(code in any_code()) {
        if code.level() <= Level::County {
            prop_assert_eq!(RegionCode::parse(&code.gb2260()).unwrap(), code);
            prop_assert_eq!(code.to_short(), code.gb2260());
        } else {
            prop_assert_eq!(code.to_short(), code.to_string());
        }
    }

    #[test]
    fn parent_is_one_level_up_and_contains_the_child(code in any_code()) {
        match code.parent() {
            None => prop_assert_eq!(code.level(), Level::Province),
            Some(parent) if code.skips_county() && code.level() == Level::Township => {
                prop_assert_eq!(parent.level(), Level::Prefecture);
                prop_assert!(parent.contains(code));
                prop_assert_eq!(code.at_level(Level::County), None);
            }
            Some(parent) => {
                prop_assert_eq!(Some(parent.level()), code.level().parent());
                prop_assert!(parent.contains(code));
                prop_assert!(!code.contains(parent));
                prop_assert_eq!(parent.province(), code.province());
            }
        }
        let chain: Vec<RegionCode> = code.ancestors().collect();
        let skipped = usize::from(code.skips_county());
        prop_assert_eq!(chain.len(), code.level() as usize - 1 - skipped);
        prop_assert!(chain.iter().all(|a| a.contains(code)));
    }

    #[test]
    fn any_12_digit_string_parses_or_names_its_fault(s in "[0-9]{12}") {
        match RegionCode::parse(&s) {
            Ok(c) => prop_assert_eq!(c.to_string(), s),
            Err(e) => prop_assert!(
                ["code_unknown_province", "code_segment_under_zero"].contains(&e.code())
            ),
        }
    }

    #[test]
    fn garbage_never_panics(s in "\\PC{0,20}") {
        let _ = RegionCode::parse(&s);
        let _ = IdNumber::parse(&s);
        let _ = s.parse::<Yuan>();
    }

    #[test]
    fn id_check_digit_accepts_exactly_one_character(
        region in prop::sample::select(vec!["522327", "110105", "652101", "450100"]),
        days in 0i64..40_000,
        seq in 0u32..1000,
    ) {
        let birth = chrono::NaiveDate::from_ymd_opt(1900, 1, 1).unwrap()
            + chrono::Duration::days(days);
        let first17 = format!("{region}{}{seq:03}", birth.format("%Y%m%d"));
        let bytes: [u8; 17] = first17.as_bytes().try_into().unwrap();
        let good = check_char(&bytes);
        let mut ok = 0;
        for c in "0123456789X".chars() {
            let id = format!("{first17}{c}");
            match IdNumber::parse(&id) {
                Ok(parsed) => {
                    ok += 1;
                    prop_assert_eq!(c, good);
                    prop_assert_eq!(parsed.birth_date(), birth);
                    prop_assert!(!parsed.to_string().contains(&first17[6..14]));
                }
                Err(e) => prop_assert_eq!(e.code(), "id_check_digit"),
            }
        }
        prop_assert_eq!(ok, 1);
    }

    #[test]
    fn a_changed_digit_is_always_caught(
        days in 0i64..40_000, seq in 0u32..1000, pos in 0usize..17, delta in 1u8..10,
    ) {
        let birth = chrono::NaiveDate::from_ymd_opt(1900, 1, 1).unwrap()
            + chrono::Duration::days(days);
        let first17 = format!("522327{}{seq:03}", birth.format("%Y%m%d"));
        let bytes: [u8; 17] = first17.as_bytes().try_into().unwrap();
        let id = format!("{first17}{}", check_char(&bytes));
        let mut b = id.into_bytes();
        b[pos] = b'0' + (b[pos] - b'0' + delta) % 10;
        let typo = String::from_utf8(b).unwrap();
        prop_assert!(IdNumber::parse(&typo).is_err());
    }

    #[test]
    fn money_text_round_trips_exactly(fen in -9_000_000_000_000i64..9_000_000_000_000) {
        let y = Yuan::from_fen(fen);
        prop_assert_eq!(y.to_string().parse::<Yuan>().unwrap(), y);
        let json = serde_json::to_string(&y).unwrap();
        prop_assert_eq!(serde_json::from_str::<Yuan>(&json).unwrap(), y);
    }
}
