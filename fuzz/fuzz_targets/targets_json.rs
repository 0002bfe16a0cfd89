//! Target files (`Targets::from_json`) and poverty line files (`PovertyLines::from_json`).
//! A target list that reads has, on every date of its revisions, a revision in force that
//! is among those valid that day and the highest of them.
#![no_main]

use fupin_core::plan::{PovertyLines, Targets};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let tokens = fupin_fuzz::id_tokens(s);
    match Targets::from_json(s) {
        Ok(targets) => {
            let items: Vec<_> = targets.iter().cloned().collect();
            for t in &items {
                for date in [Some(t.valid_from), t.valid_to, Some(t.deadline)]
                    .into_iter()
                    .flatten()
                {
                    let _ = t.days_left(date);
                    let valid: Vec<_> = items
                        .iter()
                        .filter(|x| x.indicator == t.indicator && x.is_in_force(date))
                        .collect();
                    match targets.in_force(&t.indicator, date) {
                        Some(chosen) => {
                            assert!(chosen.is_in_force(date));
                            assert!(valid.iter().all(|x| x.revision <= chosen.revision));
                        }
                        None => {
                            assert!(valid.is_empty(), "no revision in force though one is valid")
                        }
                    }
                    let _ = targets.all_in_force(date);
                }
            }
            let json = serde_json::to_string(&targets).unwrap_or_default();
            assert!(
                Targets::from_json(&json).is_ok(),
                "written targets do not read back"
            );
        }
        Err(e) => fupin_fuzz::check_core_error(&tokens, &e, "a targets error"),
    }
    match PovertyLines::from_json(s) {
        Ok(lines) => {
            for l in lines.iter() {
                assert_eq!(lines.for_year(l.year).map(|x| x.year), Some(l.year));
            }
        }
        Err(e) => fupin_fuzz::check_core_error(&tokens, &e, "a poverty lines error"),
    }
});
