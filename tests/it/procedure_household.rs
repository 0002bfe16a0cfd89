//! Exit procedures: the household and village state machines, and the golden fixtures in
//! `tests/fixtures/responsibility/procedure_*` (county, village and household).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failure should stop the test"
)]

use std::fs;
use std::path::{Path as FsPath, PathBuf};

use crate::common::d;
use fupin::Issues;
use fupin::procedure::{
    BodyRef, CountyExit, HouseholdExit, HouseholdRecord, HouseholdState, HouseholdStep,
    ProcedureOptions, Record, VillageExit, VillageRecord, VillageState, VillageStep,
};
use fupin::region::{Level, RegionCode};
use serde_json::{Value, json};

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
/// The resident work team (驻村工作队), a village-level body.
fn work_team() -> BodyRef {
    body("team-201", Level::Village, Some("522327104201"))
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
    // the village committee and the resident work team verify, not the township
    let err = exit
        .apply(hstep(S::Verify, "2019-10-12", township()))
        .unwrap_err();
    assert_eq!(
        err.issues.iter().next().unwrap().params["expected"],
        json!(["village"])
    );
    exit.apply(
        hstep(S::Verify, "2019-10-12", work_team()).with_reason("村两委和驻村工作队入户核实"),
    )
    .unwrap();
    assert_eq!(exit.next_steps(), [S::Consent, S::SendBack]);
    // no posting before the household consents
    let err = exit
        .apply(hstep(S::PostNotice, "2019-10-13", village()))
        .unwrap_err();
    assert_eq!(err.code(), "illegal_step");
    assert_eq!(
        err.issues.iter().next().unwrap().params["allowed_from"],
        json!(["consented"])
    );
    exit.apply(hstep(S::Consent, "2019-10-14", village()).with_reason("户主签字认可"))
        .unwrap();
    assert_eq!(exit.state().label_zh(), "贫困户认可");
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
    exit.apply(hstep(S::Consent, "2019-10-13", village()))
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
fn a_household_that_does_not_consent_is_sent_back() {
    use HouseholdStep as S;
    let mut exit = household();
    exit.apply(hstep(S::Appraise, "2019-10-08", village()))
        .unwrap();
    exit.apply(hstep(S::Verify, "2019-10-12", work_team()))
        .unwrap();
    let refused = hstep(S::SendBack, "2019-10-13", village());
    assert_eq!(
        exit.check(&refused).iter().next().unwrap().code,
        "missing_reason"
    );
    exit.apply(refused.with_reason("拟退出贫困户不认可"))
        .unwrap();
    assert_eq!(exit.state(), HouseholdState::SentBack);
    // the consent is a village record: a township cannot give it for the household
    let mut exit = household();
    exit.apply(hstep(S::Appraise, "2019-10-08", village()))
        .unwrap();
    exit.apply(hstep(S::Verify, "2019-10-12", village()))
        .unwrap();
    let err = exit.check(&hstep(S::Consent, "2019-10-13", township()));
    assert_eq!(found(&err), pairs(&[("wrong_actor_level", "by.level")]));
}

#[test]
fn a_history_without_consent_reads_with_the_option() {
    use HouseholdStep as S;
    let old = vec![
        hstep(S::Appraise, "2019-10-08", village()),
        hstep(S::Verify, "2019-10-12", township()),
        hstep(S::PostNotice, "2019-10-15", village()),
        hstep(S::Remove, "2019-10-22", township()),
    ];
    let err = HouseholdExit::from_history(
        "h1",
        code("522327104201"),
        ProcedureOptions::default(),
        old.clone(),
    )
    .unwrap_err();
    assert_eq!(
        found(&err.issues()),
        pairs(&[
            ("wrong_actor_level", "history[1].by.level"),
            ("illegal_step", "history[2].step"),
        ])
    );
    let options = ProcedureOptions::default().without_consent();
    let exit = HouseholdExit::from_history("h1", code("522327104201"), options, old).unwrap();
    assert_eq!(exit.state(), HouseholdState::Removed);
    let wire = serde_json::to_value(&exit).unwrap();
    assert_eq!(
        wire["options"],
        json!({"min_notice_days": 7, "require_consent": false})
    );
    assert_eq!(HouseholdExit::from_value(wire).unwrap(), exit);
}

fn vstep(s: VillageStep, date: &str, by: BodyRef) -> VillageRecord {
    Record::new(s, d(date), by)
}

fn county_body() -> BodyRef {
    body("ceheng", Level::County, Some("522327"))
}

#[test]
fn a_village_is_proposed_verified_posted_and_announced() {
    use VillageStep as S;
    let mut exit = VillageExit::new(code("522327104201"), ProcedureOptions::default()).unwrap();
    assert_eq!(exit.next_steps(), [S::Propose]);
    exit.apply(vstep(S::Propose, "2019-11-01", township()))
        .unwrap();
    assert_eq!(exit.next_steps(), [S::Verify, S::SendBack]);
    let err = exit.check(&vstep(S::Verify, "2019-11-05", village()));
    assert_eq!(found(&err), pairs(&[("wrong_actor_level", "by.level")]));
    exit.apply(vstep(S::Verify, "2019-11-05", township()))
        .unwrap();
    exit.apply(vstep(S::PublishNotice, "2019-11-06", township()))
        .unwrap();
    assert_eq!(exit.state().label_zh(), "乡镇内公示");
    let err = exit
        .apply(vstep(S::Announce, "2019-11-12", county_body()))
        .unwrap_err();
    assert_eq!(err.code(), "notice_too_short");
    // an objection during the notice: the county sends it back
    exit.apply(vstep(S::SendBack, "2019-11-12", county_body()).with_reason("公示期间有异议"))
        .unwrap();
    assert_eq!(exit.times_sent_back(), 1);
    for r in [
        vstep(S::Propose, "2019-11-20", village()),
        vstep(S::Verify, "2019-11-22", township()),
        vstep(S::PublishNotice, "2019-11-23", township()),
        vstep(S::Announce, "2019-11-30", county_body()),
    ] {
        exit.apply(r).unwrap();
    }
    assert_eq!(exit.state(), VillageState::Announced);
    assert!(exit.state().is_final() && exit.next_steps().is_empty());
    let wire = serde_json::to_value(&exit).unwrap();
    assert_eq!(wire["village"], json!("522327104201"));
    assert_eq!(wire["state"], json!("announced"));
    assert_eq!(VillageExit::from_value(wire.clone()).unwrap(), exit);
    assert_eq!(serde_json::from_value::<VillageExit>(wire).unwrap(), exit);
    let replayed = VillageExit::from_history(
        code("522327104201"),
        ProcedureOptions::default(),
        exit.history().to_vec(),
    )
    .unwrap();
    assert_eq!(replayed, exit);
    let err = VillageExit::new(code("522327104000"), ProcedureOptions::default()).unwrap_err();
    assert_eq!(found(&err.issues()), pairs(&[("not_a_village", "village")]));
    // a township outside the village's county does not verify
    let mut other = VillageExit::new(code("522327104201"), ProcedureOptions::default()).unwrap();
    other
        .apply(vstep(S::Propose, "2019-11-01", village()))
        .unwrap();
    let far = body("t-x", Level::Township, Some("532527100000"));
    assert_eq!(
        found(&other.check(&vstep(S::Verify, "2019-11-02", far))),
        pairs(&[("actor_outside_region", "by.region")])
    );
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
            "village" => VillageExit::from_value(input).map(|e| serde_json::to_value(e).unwrap()),
            other => panic!("{}: unknown kind {other}", file.display()),
        };
        let want = &case["expected"];
        match result {
            Ok(wire) => {
                assert_eq!(wire["state"], want["state"], "{}", file.display());
                if let Some(edition) = want.get("edition") {
                    assert_eq!(&wire["edition"], edition, "{}", file.display());
                }
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
