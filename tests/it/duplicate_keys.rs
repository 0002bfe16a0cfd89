//! Every JSON reader refuses an object with the same key twice (`duplicate_key`, with the
//! path of the second occurrence): serde_json alone keeps the last value silently, so which
//! value a county office meant would be a guess.

use fupin::Error;

/// A reader of one kind of file, called on a text with a key twice.
type Reader = Box<dyn Fn() -> Result<(), Error>>;

/// The code and path of every issue of a reader's error (`ok` when it read).
fn issues_of(result: Result<(), Error>) -> Vec<(String, String)> {
    match result {
        Ok(()) => vec![("ok".to_owned(), String::new())],
        Err(e) => e
            .issues()
            .iter()
            .map(|i| (i.code.clone(), i.path.to_string()))
            .collect(),
    }
}

#[test]
fn every_json_reader_refuses_a_key_given_twice() {
    use fupin::pairing::{CoverageRules, PairingBook};
    use fupin::plan::{PovertyLines, Targets};
    use fupin::procedure::{CountyExit, HouseholdExit};
    use fupin::region::Designations;
    use fupin::responsibility::ResponsibilityMap;

    let cases: Vec<(&str, Reader, &str)> = vec![
        (
            "responsibility map",
            Box::new(|| ResponsibilityMap::from_json(r#"{"bodies": [], "bodies": []}"#).map(drop)),
            "bodies",
        ),
        (
            "pairing book",
            Box::new(|| {
                PairingBook::from_json(r#"{"helpers": [{"id": "h1", "id": "h2"}]}"#).map(drop)
            }),
            "helpers[0].id",
        ),
        (
            "coverage rules",
            Box::new(|| CoverageRules::from_json(r#"[{"kind": "a", "kind": "b"}]"#).map(drop)),
            "[0].kind",
        ),
        (
            "targets",
            Box::new(|| Targets::from_json(r#"[{"indicator": "a", "indicator": "b"}]"#).map(drop)),
            "[0].indicator",
        ),
        (
            "poverty lines",
            Box::new(|| PovertyLines::from_json(r#"[{"year": 2019, "year": 2020}]"#).map(drop)),
            "[0].year",
        ),
        (
            "designations",
            Box::new(|| {
                Designations::from_json(r#"[{"region": "522327", "region": "522328"}]"#).map(drop)
            }),
            "[0].region",
        ),
        (
            "county exit",
            Box::new(|| {
                CountyExit::from_json(r#"{"county": "522327", "county": "522328"}"#).map(drop)
            }),
            "county",
        ),
        (
            "household exit",
            Box::new(|| {
                HouseholdExit::from_json(r#"{"household": "a", "household": "b"}"#).map(drop)
            }),
            "household",
        ),
    ];
    for (what, read, path) in cases {
        assert_eq!(
            issues_of(read()),
            [("duplicate_key".to_owned(), path.to_owned())],
            "{what}"
        );
    }
}
