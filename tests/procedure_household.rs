//! Exit procedures: the household state machine, and the golden fixtures in
//! `tests/fixtures/responsibility/procedure_*` (county and household).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failure should stop the test"
)]

use std::fs;
use std::path::{Path as FsPath, PathBuf};

use chrono::NaiveDate;
use fupin::Issues;
use fupin::procedure::{
    BodyRef, CountyExit, HouseholdExit, HouseholdRecord, HouseholdState, HouseholdStep,
    ProcedureOptions, Record,
};
use fupin::region::{Level, RegionCode};
use serde_json::{Value, json};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn code(s: &str) -> RegionCode {
    s.parse().unwrap()
}

fn body(id: &str, level: Level, region: Option<&str>) -> BodyRef {
    BodyRef::new(id, level, region.map(code)).unwrap()
}

fn found(issues: &Issues) -> Vec<(String, String)> {
    issues
        .iter()
        .map(|i| (i.code.clone(), i.path.to_string()))
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(c, p)| ((*c).to_owned(), (*p).to_owned()))
        .collect()
}

fn village() -> BodyRef {
    body("v-201", Level::Village, Some("522327104201"))
}
fn township() -> BodyRef {
    body("t-104", Level::Township, Some("522327104000"))
}

fn hstep(s: HouseholdStep, date: &str, by: BodyRef) -> HouseholdRecord {
    Record::new(s, d(date), by)
}

fn household() -> HouseholdExit {
    HouseholdExit::new(
        "5223270001001",
        code("522327104201"),
        ProcedureOptions::default(),
    )
    .unwrap()
}

#[test]
fn a_household_is_appraised_verified_posted_and_removed() {
    use HouseholdStep as S;
    let mut exit = household();
    assert_eq!(exit.next_steps(), [S::Appraise]);
    exit.apply(hstep(S::Appraise, "2019-10-08", village()))
        .unwrap();
    assert_eq!(exit.next_steps(), [S::Verify, S::SendBack]);
    exit.apply(hstep(S::Verify, "2019-10-12", township()))
        .unwrap();
    exit.apply(hstep(S::PostNotice, "2019-10-15", village()))
        .unwrap();
    let err = exit
        .apply(hstep(S::Remove, "2019-10-22", village()))
        .unwrap_err();
    assert_eq!(err.code(), "wrong_actor_level");
    assert_eq!(
        err.issues.iter().next().unwrap().params["expected"],
        json!(["township", "county"])
    );
    let err = exit
        .apply(hstep(S::Remove, "2019-10-20", township()))
        .unwrap_err();
    assert_eq!(err.code(), "notice_too_short");
    let state = exit
        .apply(hstep(
            S::Remove,
            "2019-10-22",
            body("ceheng", Level::County, Some("522327")),
        ))
        .unwrap();
    assert_eq!(state, HouseholdState::Removed);
    assert!(state.is_final());
    assert_eq!(state.label_zh(), "销号");
    let wire = serde_json::to_value(&exit).unwrap();
    assert_eq!(wire["household"], json!("5223270001001"));
    assert_eq!(wire["village"], json!("522327104201"));
    assert_eq!(wire["state"], json!("removed"));
    assert_eq!(HouseholdExit::from_value(wire.clone()).unwrap(), exit);
    assert_eq!(serde_json::from_value::<HouseholdExit>(wire).unwrap(), exit);
}

#[test]
fn a_household_sent_back_during_posting_is_appraised_again() {
    use HouseholdStep as S;
    let mut exit = household();
    exit.apply(hstep(S::Appraise, "2019-10-08", village()))
        .unwrap();
    let other_village = body("v-202", Level::Village, Some("522327104202"));
    let err = exit
        .apply(hstep(S::Verify, "2019-10-12", other_village))
        .unwrap_err();
    assert_eq!(
        found(&err.issues),
        pairs(&[("actor_outside_region", "by.region")])
    );
    exit.apply(hstep(S::Verify, "2019-10-12", village()))
        .unwrap();
    exit.apply(hstep(S::PostNotice, "2019-10-15", village()))
        .unwrap();
    exit.apply(hstep(S::SendBack, "2019-10-18", township()).with_reason("公示期间有异议"))
        .unwrap();
    assert_eq!(exit.state(), HouseholdState::SentBack);
    assert_eq!(exit.state().label_zh(), "退回");
    exit.apply(hstep(S::Appraise, "2019-11-08", village()))
        .unwrap();
    assert_eq!(exit.state(), HouseholdState::Appraised);
    let err = exit.check(&hstep(S::Remove, "2019-11-20", township()));
    assert_eq!(found(&err), pairs(&[("illegal_step", "step")]));
}

#[test]
fn a_household_procedure_needs_a_household_and_its_village() {
    let err =
        HouseholdExit::new(" ", code("522327104000"), ProcedureOptions::default()).unwrap_err();
    assert_eq!(
        found(&err.issues()),
        pairs(&[
            ("missing_household", "household"),
            ("not_a_village", "village")
        ])
    );
}

// ---- golden fixtures ------------------------------------------------------------------

fn fixtures() -> Vec<PathBuf> {
    let dir = FsPath::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/responsibility");
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("procedure_") && n.ends_with(".json"))
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no procedure fixtures");
    files
}

#[test]
fn golden_procedures() {
    for file in fixtures() {
        let case: Value = serde_json::from_str(&fs::read_to_string(&file).unwrap()).unwrap();
        let input = case["input"].clone();
        let result = match case["kind"].as_str().unwrap() {
            "county" => CountyExit::from_value(input).map(|e| serde_json::to_value(e).unwrap()),
            "household" => {
                HouseholdExit::from_value(input).map(|e| serde_json::to_value(e).unwrap())
            }
            other => panic!("{}: unknown kind {other}", file.display()),
        };
        let want = &case["expected"];
        match result {
            Ok(wire) => {
                assert_eq!(wire["state"], want["state"], "{}", file.display());
                assert_eq!(want["issues"], json!([]), "{}", file.display());
            }
            Err(e) => {
                let got: Vec<Value> = e
                    .issues()
                    .iter()
                    .map(|i| json!({"code": i.code, "path": i.path.to_string()}))
                    .collect();
                assert_eq!(Value::from(got), want["issues"], "{}", file.display());
                assert!(want.get("state").is_none(), "{}", file.display());
            }
        }
    }
}
