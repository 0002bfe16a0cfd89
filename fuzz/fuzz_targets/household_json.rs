//! Household JSON (`Household::from_json`, the all-issues reader) and, for what reads, every
//! rule (`validate_at`) and the exit verdict. Every issue has a code and a path, and no
//! message, `Debug` or `Display` shows an ID number of the input unmasked.
#![no_main]

use fupin_core::assess::household_exit;
use fupin_core::household::Household;
use fupin_core::plan::PovertyLines;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let tokens = fupin_fuzz::id_tokens(s);
    match Household::from_json(s) {
        Ok(h) => {
            // Debug shows the record (its file number, say) but never its ID numbers
            let ids: Vec<String> = h
                .members
                .iter()
                .filter_map(|m| m.id_number.as_ref().map(|id| id.reveal().to_owned()))
                .collect();
            fupin_fuzz::assert_masked(&ids, &format!("{h:?}"), "a household's Debug");
            let issues = h.validate_at(fupin_fuzz::as_of());
            fupin_fuzz::check_issues(&tokens, &issues, "a household rule");
            for m in &h.members {
                let member = m.validate_at(fupin_fuzz::as_of());
                fupin_fuzz::check_issues(&tokens, &member, "a member rule");
            }
            let verdict = household_exit(&h, &PovertyLines::builtin(), fupin_fuzz::as_of());
            fupin_fuzz::assert_masked(&ids, &format!("{verdict:?}"), "an exit verdict");
            // a verdict exactly for the records that break no rule on the date
            assert_eq!(verdict.is_ok(), issues.is_empty(), "exit verdict on a rejected record");
            let _ = h.householder();
            // what reads writes back to JSON that reads to the same household
            let json = serde_json::to_string(&h).unwrap_or_default();
            match Household::from_json(&json) {
                Ok(again) => assert_eq!(again, h, "household changed on a round trip"),
                Err(e) => panic!("written household does not read back: {e}"),
            }
        }
        Err(e) => fupin_fuzz::check_core_error(&tokens, &e, "a household reading error"),
    }
});
