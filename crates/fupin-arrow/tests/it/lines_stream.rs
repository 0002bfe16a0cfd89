//! JSON Lines of several read buffers checked on several threads give exactly what one
//! thread gives, in input order, with people and households given twice found across the
//! buffers' edges.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "test code")]

use chrono::{Days, NaiveDate};
use fupin_core::household::{DuplicateFinder, RecordChecker, RecordReport, check_char};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2020, 6, 30).unwrap()
}

/// Person `k`'s ID number and sex: born `k / 400` days after 1970-01-01, the sequence
/// odd for men.
fn person(k: usize) -> (String, String, &'static str) {
    let born = NaiveDate::from_ymd_opt(1970, 1, 1)
        .unwrap()
        .checked_add_days(Days::new((k / 400) as u64))
        .unwrap();
    let seq = 100 + 2 * (k % 400) + usize::from(k.is_multiple_of(3));
    let first17 = format!("522327{}{seq:03}", born.format("%Y%m%d"));
    let check = check_char(first17.as_bytes().try_into().unwrap());
    let sex = if seq % 2 == 1 { "male" } else { "female" };
    (format!("{first17}{check}"), born.to_string(), sex)
}

/// Household `i`: a village of 522327, two members (people `2i` and `2i + 1`), a helper
/// and measures (about 900 bytes).
fn record(i: usize, members: [usize; 2]) -> String {
    let people: Vec<String> = members
        .iter()
        .enumerate()
        .map(|(m, k)| {
            let (id, born, sex) = person(*k);
            let relation = if m == 0 { "householder" } else { "spouse" };
            format!(
                r#"{{"name": "成员{m}", "relation": "{relation}", "id_number": "{id}", "sex": "{sex}", "birth_date": "{born}", "education": "primary", "health": "healthy"}}"#
            )
        })
        .collect();
    format!(
        r#"{{"file_number": "F{i:08}", "village": "5223271042{:02}", "identified_year": 2015, "status": "poor", "status_history": [{{"date": "2015-03-15", "status": "poor", "note": "建档立卡"}}], "main_cause": "因病", "helper": {{"name": "帮扶人", "unit": "县扶贫办", "phone": "13720426427"}}, "measures": [{{"kind": "finance", "year": 2020, "description": "扶贫小额信贷五万元"}}, {{"kind": "industry", "year": 2015, "description": "发放产业扶持资金用于养殖"}}], "members": [{}]}}"#,
        1 + i % 90,
        people.join(", ")
    )
}

/// 16,000 lines (about 14 MB: four read buffers): records, with bad JSON every 997th
/// line, blank lines, record 10 given again at line 9,000 and record 3's spouse in the
/// household of line 15,000.
fn lines() -> Vec<u8> {
    let mut out = Vec::new();
    for line in 1..=16_000usize {
        let text = match line {
            9_000 => record(10, [20, 21]),
            15_000 => record(line, [2 * line, 7]),
            l if l.is_multiple_of(997) => "{not json".to_owned(),
            l if l.is_multiple_of(1009) => "   ".to_owned(),
            l => record(l, [2 * l, 2 * l + 1]),
        };
        out.extend_from_slice(text.as_bytes());
        out.push(b'\n');
    }
    out
}

fn check(bytes: &[u8], threads: usize) -> RecordReport {
    let dupes = DuplicateFinder::new(b"0123456789abcdef").unwrap();
    let mut checker = RecordChecker::new(today(), dupes).threads(threads);
    let mut report = RecordReport::default();
    fupin_arrow::check_lines(&mut checker, bytes, "a.jsonl", 1, &mut report).unwrap();
    report
}

#[test]
fn several_buffers_on_several_threads_give_what_one_thread_gives() {
    let bytes = lines();
    assert!(bytes.len() > 3 * fupin_arrow::CHUNK_BYTES);
    let one = check(&bytes, 1);
    // blank lines are not records
    let blank = (1..=16_000)
        .filter(|l: &usize| l.is_multiple_of(1009) && !l.is_multiple_of(997))
        .count();
    assert_eq!(one.records, 16_000 - blank);
    let found: Vec<(String, String)> = one
        .issues
        .iter()
        .map(|i| (i.code.clone(), i.path.to_string()))
        .collect();
    let bad = (1..=16_000usize).filter(|l| l.is_multiple_of(997)).count();
    assert_eq!(
        found.iter().filter(|(c, _)| c == "invalid_json").count(),
        bad
    );
    // record numbers skip the blank lines: line 9,000 is record 9,000 - 8
    let at = |line: usize| {
        line - (1..line)
            .filter(|l| l.is_multiple_of(1009) && !l.is_multiple_of(997))
            .count()
    };
    let twice: Vec<&(String, String)> = found.iter().filter(|(c, _)| c != "invalid_json").collect();
    assert_eq!(
        twice,
        [
            &(
                "duplicate_person".to_owned(),
                format!("[{}].members[0].id_number", at(9_000))
            ),
            &(
                "duplicate_person".to_owned(),
                format!("[{}].members[1].id_number", at(9_000))
            ),
            &(
                "duplicate_household".to_owned(),
                format!("[{}].file_number", at(9_000))
            ),
            &(
                "duplicate_person".to_owned(),
                format!("[{}].members[1].id_number", at(15_000))
            ),
        ]
    );
    let first = one
        .issues
        .iter()
        .find(|i| i.path.to_string().starts_with(&format!("[{}]", at(15_000))))
        .unwrap();
    assert_eq!(first.params.get("first_path").unwrap(), "[3].members[1]");
    assert_eq!(one.accepted, one.records - bad - 2);
    for threads in [2, 3, 5] {
        let many = check(&bytes, threads);
        assert_eq!(many.records, one.records);
        assert_eq!(many.accepted, one.accepted);
        assert_eq!(many.issues, one.issues, "{threads} threads");
    }
}
