//! Designation files (`Designations::from_json`, and `from_csv` for the same text): every
//! problem reported with a code, no ID number shown unmasked; what reads is valid on the
//! days it says.
#![no_main]

use fupin_core::region::Designations;
use libfuzzer_sys::fuzz_target;

fn check(result: Result<Designations, fupin_core::Error>, tokens: &[String], what: &str) {
    match result {
        Ok(list) => {
            for d in list.iter() {
                assert!(d.is_valid_on(d.valid_from), "not valid on its first day");
                assert!(d.validate().is_empty(), "a designation read but invalid");
            }
            let json = serde_json::to_string(&list).unwrap_or_default();
            assert!(
                Designations::from_json(&json).is_ok(),
                "written designations do not read back"
            );
        }
        Err(e) => fupin_fuzz::check_core_error(tokens, &e, what),
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let tokens = fupin_fuzz::id_tokens(s);
    check(
        Designations::from_json(s),
        &tokens,
        "a designations error (JSON)",
    );
    check(
        Designations::from_csv(s),
        &tokens,
        "a designations error (CSV)",
    );
});
