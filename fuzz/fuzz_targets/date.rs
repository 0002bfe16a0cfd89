//! Dates: `YYYY-MM-DD` text as the command line, the bindings and the JSON readers take it
//! (chrono's `NaiveDate` parser), and every rule that takes a date run on any date chrono
//! can hold (the first four bytes pick one by day number, extremes included): household
//! rules, targets in force and days left, poverty lines by year, household exit verdicts,
//! an empty tally and data set as of that date.
#![no_main]

use chrono::NaiveDate;
use fupin_core::assess::{Dataset, Tally, TallyStream, UnitFacts, household_exit};
use fupin_core::household::Household;
use fupin_core::plan::{PovertyLines, Targets};
use libfuzzer_sys::fuzz_target;

const HOUSEHOLDS: [&str; 3] = [
    include_str!("../../tests/fixtures/households/valid_full.json"),
    include_str!("../../tests/fixtures/households/valid_minimal.json"),
    include_str!("../../tests/fixtures/households/invalid_future_date.json"),
];

fn households() -> Vec<Household> {
    HOUSEHOLDS
        .iter()
        .filter_map(|text| {
            let v: serde_json::Value = serde_json::from_str(text).ok()?;
            // fixtures are `{"description", "input", "expected"…}`
            let h = v.get("input").cloned().unwrap_or(v);
            Household::from_value(h).ok()
        })
        .collect()
}

fn on(date: NaiveDate, households: &[Household]) {
    for h in households {
        let _ = h.validate_at(date);
        let _ = household_exit(h, &PovertyLines::builtin(), date);
        for m in &h.members {
            let _ = m.validate_at(date);
        }
    }
    let targets = Targets::builtin();
    for t in targets.all_in_force(date) {
        assert!(t.is_in_force(date));
        let _ = t.days_left(date);
        assert_eq!(
            targets
                .in_force(&t.indicator, date)
                .map(|x| x.revision >= t.revision),
            Some(true)
        );
    }
    if let Ok(year) = u16::try_from(chrono::Datelike::year(&date)) {
        let _ = PovertyLines::builtin().for_year(year);
    }
    let ds = Dataset::new(date);
    let _ = ds.poverty_line();
    let _ = Tally::of(&ds);
    let _ = Tally::empty(date).validate();
    if let Ok(s) = TallyStream::new(date, UnitFacts::default()) {
        let _ = s.with_threads(1).finish();
    }
}

fuzz_target!(|data: &[u8]| {
    let households = households();
    if let Some(b) = data.get(..4) {
        let days = i32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        if let Some(d) = NaiveDate::from_num_days_from_ce_opt(days) {
            on(d, &households);
        }
    }
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(d) = s.parse::<NaiveDate>() {
        let text = d.to_string();
        assert_eq!(
            text.parse::<NaiveDate>().ok(),
            Some(d),
            "`{text}` does not parse back"
        );
        let json = serde_json::to_string(&d).unwrap_or_default();
        assert_eq!(serde_json::from_str::<NaiveDate>(&json).ok(), Some(d));
        on(d, &households);
    }
    // the date fields of the JSON readers
    let quoted = serde_json::Value::String(s.to_owned());
    let _ = serde_json::from_value::<NaiveDate>(quoted);
});
