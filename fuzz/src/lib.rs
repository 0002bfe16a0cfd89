//! Checks shared by the fuzz targets of `fuzz_targets/`: personal data never shown
//! unmasked, and the table readers' row accounting (every row accepted or rejected, none
//! lost or invented), with the household and unit readers run on what they read.

use std::collections::BTreeSet;
use std::path::PathBuf;

use chrono::NaiveDate;
use fupin_arrow::ColumnMap;
use fupin_cli::input::{Chunk, ReadOptions, TableSummary};
use fupin_core::assess::{TallyStream, UnitFacts};
use fupin_core::{Issue, Issues};

/// The as-of date of the readers' checks.
pub fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2020, 6, 30).unwrap_or_default()
}

/// The tokens of `text` shaped like citizen ID numbers: a run of exactly 17 ASCII digits
/// followed by a digit, `X` or `x`, with no digit on either side; or a run of exactly 15
/// digits (a legacy GB 11643-1989 number).
pub fn id_tokens(text: &str) -> Vec<String> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() || (i > 0 && b[i - 1].is_ascii_digit()) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        let run = j - i;
        let end = if run == 18 || run == 15 {
            Some(j)
        } else if run == 17 && j < b.len() && (b[j] == b'X' || b[j] == b'x') {
            let after = j + 1;
            (after >= b.len() || !b[after].is_ascii_alphanumeric()).then_some(after)
        } else {
            None
        };
        // a run that starts inside a JSON escape (`\u0016` then 14 digits) is not in the
        // text the input stands for: its first four digits are the escape's; the message
        // quoting the decoded text escapes it again the same way (found by fuzzing
        // household_json: a control character before 14 digits)
        let escaped = i >= 2 && &b[i - 2..i] == b"\\u";
        if let (Some(end), false) = (end, escaped) {
            out.push(text[i..end].to_owned());
        }
        i = j;
    }
    out
}

/// Panics if `shown` (a message, a `Debug` or `Display` form) shows one of `tokens` (ID
/// numbers of the input) unmasked, as an ID number: shaped like one there too (a token that
/// a reader joined with other digits into a longer number is not shown as an ID number).
pub fn assert_masked(tokens: &[String], shown: &str, what: &str) {
    if tokens.is_empty() {
        return;
    }
    for t in id_tokens(shown) {
        let upper = t.to_ascii_uppercase();
        assert!(
            !tokens.iter().any(|x| x.to_ascii_uppercase() == upper),
            "{what} shows the ID number `{t}` of the input unmasked: {shown}"
        );
    }
}

/// What an issue shows of the input's values: message and params. Its path names keys and
/// columns as the file names them; a column or key named like an ID number (a headerless
/// CSV whose first row of data became the header) is shown as named, in the path and in
/// messages that name it: not checked here (see fuzz/README.md).
pub fn issue_text(issue: &Issue) -> String {
    let params = serde_json::to_string(&issue.params).unwrap_or_default();
    format!("{} {} {params}", issue.code, issue.message)
}

/// Checks every issue: a code, a message, no unmasked ID number of the input among its
/// values (keys and column names of its path excepted).
pub fn check_issues(tokens: &[String], issues: &Issues, what: &str) {
    for issue in issues.iter() {
        assert!(!issue.code.is_empty(), "{what}: an issue without a code");
        assert!(
            !issue.message.is_empty(),
            "{what}: an issue without a message"
        );
        let named = id_tokens(&issue.path.to_string());
        let values: Vec<String> = tokens
            .iter()
            .filter(|t| !named.contains(t))
            .cloned()
            .collect();
        assert_masked(&values, &issue_text(issue), what);
    }
}

/// Checks an error of the core: its code, its issues, its message.
pub fn check_core_error(tokens: &[String], e: &fupin_core::Error, what: &str) {
    assert!(!e.code().is_empty());
    // a validation error shows its issues (checked one by one, paths excepted)
    if !matches!(e, fupin_core::Error::Validation(_)) {
        assert_masked(tokens, &e.to_string(), what);
        assert_masked(tokens, &format!("{e:?}"), what);
    }
    check_issues(tokens, &e.issues(), what);
}

/// Writes `data` to this process's scratch file with extension `ext` (the CLI readers take
/// paths).
pub fn scratch(data: &[u8], ext: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!("fupin-fuzz-{}.{ext}", std::process::id()));
    std::fs::write(&path, data).unwrap_or_else(|e| panic!("cannot write {path:?}: {e}"));
    path
}

/// Reads `data` as a file with extension `ext` through the CLI's `read_table`, checks the
/// row accounting and runs the household and unit readers on the chunks.
pub fn read_and_check(data: &[u8], ext: &str, opts: &ReadOptions) {
    let path = scratch(data, ext);
    let mut chunks = Vec::new();
    let mut rejected = Issues::new();
    let result = fupin_cli::input::read_table(&path, opts, &mut |mut c| {
        // rejected rows come with the chunks; a chunk may hold only those
        rejected.0.append(&mut c.rejected.0);
        if c.batch.num_rows() > 0 {
            chunks.push(c);
        }
        Ok(())
    });
    let tokens = id_tokens(&String::from_utf8_lossy(data));
    match result {
        Ok(mut summary) => {
            summary.rejected = rejected;
            check_rows(&chunks, &summary, matches!(ext, "xlsx" | "xls"));
            check_issues(&tokens, &summary.rejected, "a rejected row");
            check_households(&chunks, &tokens);
        }
        Err(e) => {
            assert!(!e.code().is_empty());
            let _ = e.to_string();
        }
    }
}

/// Every row is in exactly one chunk or rejected exactly once, chunk by chunk in order, and
/// these rows are as many as the file has (`summary.rows`): none lost or invented. Row
/// numbers start at 1; Excel sheets number rows by their place (blank rows are not rows,
/// so numbers may skip), the other formats count 1..=rows.
pub fn check_rows(chunks: &[Chunk], summary: &TableSummary, by_place: bool) {
    let mut seen: BTreeSet<usize> = BTreeSet::new();
    let mut next = 1;
    for c in chunks {
        let n = c.batch.num_rows();
        assert!(n > 0, "an empty chunk");
        assert!(c.first_row >= next, "chunks out of order");
        for r in c.first_row..c.first_row + n {
            assert!(seen.insert(r), "row {r} read twice");
        }
        next = c.first_row + n;
    }
    for issue in summary.rejected.iter() {
        let row = issue.path.first_index();
        assert!(
            row.is_some_and(|r| r > 0),
            "a rejected row without its number: {issue:?}"
        );
    }
    for r in summary.rejected.rows() {
        assert!(
            seen.insert(r),
            "row {r} both read and rejected, or rejected twice"
        );
    }
    assert_eq!(seen.len(), summary.rows, "rows lost or invented");
    if !by_place {
        let expected: BTreeSet<usize> = (1..=summary.rows).collect();
        assert_eq!(seen, expected, "rows not numbered 1..={}", summary.rows);
    }
}

/// The household readers on each chunk: the columnar fast path and the general reader give
/// the same report and the same counts, and every row is accepted or rejected; the unit
/// readers report only rows of the chunk.
pub fn check_households(chunks: &[Chunk], tokens: &[String]) {
    let map = ColumnMap::default();
    let stream = || {
        TallyStream::new(as_of(), UnitFacts::default())
            .map(|s| s.with_threads(1))
            .unwrap_or_else(|e| panic!("empty unit facts refused: {e}"))
    };
    for c in chunks {
        let n = c.batch.num_rows();
        let range = c.first_row..c.first_row + n;
        let (mut fast, mut general) = (stream(), stream());
        let a = fupin_arrow::push_households_fast(&mut fast, &c.batch, &map, c.first_row);
        let b = fupin_arrow::push_households(&mut general, &c.batch, &map, c.first_row);
        match (a, b) {
            (Ok(a), Ok(b)) => {
                assert_eq!(a, b, "fast path and general reader disagree");
                assert_eq!(a.rows, n);
                let rejected = a.rejected.rows();
                assert_eq!(a.accepted + rejected.len(), n, "rows lost or invented");
                assert!(
                    rejected.iter().all(|r| range.contains(r)),
                    "a row outside the chunk"
                );
                check_issues(tokens, &a.rejected, "a rejected household row");
                assert_eq!(fast.finish(), general.finish(), "different counts");
            }
            (Err(a), Err(b)) => assert_eq!(a.code(), b.code()),
            (a, b) => panic!("fast path {a:?} but general reader {b:?}"),
        }
        let read = fupin_arrow::read_households(&c.batch, &map, c.first_row);
        if let Ok(read) = read {
            assert_eq!(read.villages.len(), read.fields.len());
            assert_eq!(read.villages.len(), read.rows.len());
            assert_eq!(read.villages.len() + read.rejected.rows().len(), n);
        }
        let one = std::slice::from_ref(&c.batch);
        for (v, t, k) in [
            (one, &[][..], &[][..]),
            (&[][..], one, &[][..]),
            (&[][..], &[][..], one),
        ] {
            if let Ok((_, issues)) = fupin_arrow::read_units(v, t, k, &map) {
                check_issues(tokens, &issues, "a unit row");
                for r in issues.iter().filter_map(|i| {
                    i.path.items().get(1).and_then(|p| match p {
                        fupin_core::PathItem::Index(r) => Some(*r),
                        fupin_core::PathItem::Key(_) => None,
                    })
                }) {
                    assert!(r < n, "unit issue for row {r} of {n}");
                }
            }
        }
    }
}
