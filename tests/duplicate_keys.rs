//! Every JSON reader refuses an object with the same key twice (`duplicate_key`, with the
//! path of the second occurrence): serde_json alone keeps the last value silently, so which
//! value a county office meant would be a guess.

use fupin::Error;

/// The issue of a reader's error, which must be one `duplicate_key`.
fn duplicate_at(result: Result<(), Error>) -> String {
    match result {
        Err(Error::Validation(issues)) => {
            let codes: Vec<&str> = issues.iter().map(|i| i.code.as_str()).collect();
            assert_eq!(codes, ["duplicate_key"], "{issues:?}");
            issues.iter().map(|i| i.path.to_string()).collect()
        }
        other => panic!("expected a duplicate_key issue, got {other:?}"),
    }
}

#[test]
fn every_json_reader_refuses_a_key_given_twice() {
    use fupin::pairing::{CoverageRules, PairingBook};
    use fupin::plan::{PovertyLines, Targets};
    use fupin::procedure::{CountyExit, HouseholdExit};
    use fupin::region::Designations;
    use fupin::responsibility::ResponsibilityMap;

    let cases: Vec<(&str, Box<dyn Fn() -> Result<(), Error>>, &str)> = vec![
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
        assert_eq!(duplicate_at(read()), path, "{what}");
    }
}
