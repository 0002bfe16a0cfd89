//! Name resolution (`fupin_data::resolve`): any text, messy names included, gives candidates
//! or "not found", never a panic; every candidate is a real division of its vintage.
#![no_main]

use fupin_data::Vintage;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    if s.len() > 256 {
        return;
    }
    match fupin_data::resolve(s) {
        Ok(found) => {
            for c in &found {
                let code = c.division.code;
                assert!(
                    fupin_data::get(code, c.division.vintage).is_some(),
                    "candidate {code:?} is not in its vintage"
                );
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
    for v in [Vintage::V2016, Vintage::LATEST] {
        if let Ok(found) = fupin_data::resolve_in(s, v) {
            for c in &found {
                assert_eq!(c.division.vintage, v);
                assert!(
                    fupin_data::get(c.division.code, v).is_some(),
                    "candidate not in its vintage"
                );
            }
        }
    }
    let _ = s.parse::<Vintage>();
});
