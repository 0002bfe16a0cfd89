//! `IdNumber`: parsing text (and JSON strings). An accepted number reveals what was given
//! (`x` as `X`; a legacy 15-digit number upgraded to 18, `19` before the year), parses back
//! to itself and shows only its masked form in `Display` and `Debug`; a refused one is never
//! shown unmasked in the error.
#![no_main]

use fupin_core::household::{IdNumber, check_char};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let tokens = fupin_fuzz::id_tokens(s);
    match IdNumber::parse(s) {
        Ok(id) => {
            if id.was_legacy() {
                assert_eq!(s.len(), 15);
                assert_eq!(format!("{}19{}", &s[..6], &s[6..]), &id.reveal()[..17]);
            } else {
                assert_eq!(id.reveal(), s.to_ascii_uppercase());
            }
            assert_eq!(IdNumber::parse(id.reveal()).as_ref(), Ok(&id));
            let masked = id.masked();
            assert_eq!(masked.chars().count(), 18);
            assert_eq!(masked.chars().filter(|c| *c == '*').count(), 10);
            assert_eq!(id.to_string(), masked);
            assert_eq!(format!("{id:?}"), format!("IdNumber({masked})"));
            fupin_fuzz::assert_masked(&tokens, &masked, "the masked form");
            let first17: [u8; 17] =
                std::array::from_fn(|i| id.reveal().as_bytes().get(i).copied().unwrap_or(0));
            assert_eq!(id.reveal().chars().last(), Some(check_char(&first17)));
            assert_eq!(id.region().gb2260(), &id.reveal()[..6]);
            let birth = id.birth_date().format("%Y%m%d").to_string();
            assert_eq!(birth, &id.reveal()[6..14]);
            let _ = id.sex();
            assert_eq!(id.pseudonym(b"0123456789abcdef").len(), 32);
            let json = serde_json::to_string(&id).unwrap_or_default();
            assert_eq!(
                serde_json::from_str::<IdNumber>(&json).ok().as_ref(),
                Some(&id)
            );
        }
        Err(e) => {
            assert!(!e.code().is_empty());
            fupin_fuzz::assert_masked(&tokens, &e.to_string(), "an id number error");
            fupin_fuzz::assert_masked(&tokens, &format!("{e:?}"), "an id number error");
        }
    }
    let from_json = serde_json::from_value::<IdNumber>(serde_json::Value::String(s.to_owned()));
    match from_json {
        Ok(id) => assert_eq!(IdNumber::parse(s).as_ref(), Ok(&id)),
        Err(e) => {
            assert!(IdNumber::parse(s).is_err());
            fupin_fuzz::assert_masked(&tokens, &e.to_string(), "an id number error (serde)");
        }
    }
});
