//! Exit procedures: the county state machine, every refusal code, replay from history and
//! the wire format. Households and the golden fixtures: `tests/procedure_household.rs`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failure should stop the test"
)]

use crate::common::d;
use fupin::Issues;
use fupin::procedure::{
    BodyRef, CountyEdition, CountyExit, CountyRecord, CountyState, CountyStep, ProcedureOptions,
    Record, spot_check_coverage,
};
use fupin::region::{Level, RegionCode};
use serde_json::json;

fn code(s: &str) -> RegionCode {
    s.parse().unwrap()
}

fn body(id: &str, level: Level, region: Option<&str>) -> BodyRef {
    BodyRef::new(id, level, region.map(code)).unwrap()
}

fn county() -> BodyRef {
    body("ceheng", Level::County, Some("522327"))
}
fn prefecture() -> BodyRef {
    body("qxn", Level::Prefecture, Some("522300"))
}
fn province() -> BodyRef {
    body("gz", Level::Province, Some("520000"))
}
fn nation() -> BodyRef {
    body("cpad", Level::Nation, None)
}

fn step(s: CountyStep, date: &str, by: BodyRef) -> CountyRecord {
    Record::new(s, d(date), by)
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

/// Ceheng's exit in 2018, synthetic dates.
fn declared() -> Vec<CountyRecord> {
    use CountyStep as S;
    vec![
        step(S::Propose, "2018-03-01", county()),
        step(S::Review, "2018-03-10", prefecture()),
        step(S::Verify, "2018-04-01", province()),
        step(S::PublishNotice, "2018-04-10", province()),
        step(S::Approve, "2018-04-17", province()),
        step(S::Evaluate, "2018-06-01", nation()),
        step(S::Declare, "2018-09-25", province()),
    ]
}

fn up_to(n: usize) -> CountyExit {
    let mut exit = CountyExit::new(code("522327"), ProcedureOptions::default()).unwrap();
    for r in declared().into_iter().take(n) {
        exit.apply(r).unwrap();
    }
    exit
}

#[test]
fn a_county_exit_runs_to_its_declaration() {
    use CountyState as S;
    let mut exit = CountyExit::new(code("522327"), ProcedureOptions::default()).unwrap();
    let mut states = Vec::new();
    let mut next = Vec::new();
    for r in declared() {
        next.push(exit.next_steps());
        states.push(exit.apply(r).unwrap());
    }
    assert_eq!(
        states,
        [
            S::Proposed,
            S::Reviewed,
            S::Verified,
            S::InPublicNotice,
            S::Approved,
            S::Evaluated,
            S::Declared
        ]
    );
    use CountyStep as T;
    assert_eq!(next[0], [T::Propose]);
    assert_eq!(next[1], [T::Review, T::SendBack]);
    assert_eq!(next[3], [T::PublishNotice]);
    assert_eq!(next[5], [T::Evaluate, T::SendBack]);
    assert!(exit.state().is_final() && exit.next_steps().is_empty());
    assert_eq!(exit.history().len(), 7);
    assert_eq!(exit.state().label_zh(), "省级政府宣布退出");
    assert_eq!(CountyStep::Review.label_zh(), "初审");
    let replayed =
        CountyExit::from_history(code("522327"), ProcedureOptions::default(), declared()).unwrap();
    assert_eq!(replayed, exit);
}

#[test]
fn the_wire_format_round_trips_and_checks_the_state() {
    let exit = up_to(2);
    let wire = serde_json::to_value(&exit).unwrap();
    assert_eq!(
        wire,
        json!({"county": "522327000000", "options": {"min_notice_days": 7},
            "edition": "opinion_2016", "state": "reviewed", "history": [
            {"step": "propose", "date": "2018-03-01",
             "by": {"id": "ceheng", "level": "county", "region": "522327000000"}},
            {"step": "review", "date": "2018-03-10",
             "by": {"id": "qxn", "level": "prefecture", "region": "522300000000"}}]})
    );
    assert_eq!(CountyExit::from_value(wire.clone()).unwrap(), exit);
    assert_eq!(
        serde_json::from_value::<CountyExit>(wire.clone()).unwrap(),
        exit
    );
    let mut lying = wire;
    lying["state"] = json!("declared");
    let err = CountyExit::from_value(lying.clone()).unwrap_err();
    assert_eq!(found(&err.issues()), pairs(&[("state_mismatch", "state")]));
    assert!(serde_json::from_value::<CountyExit>(lying).is_err());
    // a history written before editions existed (no `edition`) reads as before
    let mut old = serde_json::to_value(&exit).unwrap();
    old.as_object_mut().unwrap().remove("edition");
    assert_eq!(CountyExit::from_value(old).unwrap(), exit);
    // a claimed edition must be the one the options and dates give
    let mut claimed = serde_json::to_value(&exit).unwrap();
    claimed["edition"] = json!("provincial_2018");
    let err = CountyExit::from_value(claimed).unwrap_err();
    assert_eq!(
        found(&err.issues()),
        pairs(&[("edition_mismatch", "edition")])
    );
}

fn exit_2019() -> Vec<CountyRecord> {
    use CountyStep as S;
    vec![
        step(S::Propose, "2020-01-05", county()),
        step(S::Review, "2020-01-10", prefecture()),
        step(S::Verify, "2020-01-20", province()),
        step(S::PublishNotice, "2020-02-01", province()),
        step(S::Approve, "2020-02-10", province()),
        step(S::Evaluate, "2020-02-20", province()),
        step(S::Declare, "2020-03-03", province()),
    ]
}

#[test]
fn a_2017_exit_needs_the_national_evaluation() {
    use CountyStep as S;
    let options = ProcedureOptions::default().with_exit_year(2017);
    let mut exit = CountyExit::new(code("522327"), options).unwrap();
    assert_eq!(exit.edition(), Some(CountyEdition::Opinion2016));
    for r in declared().into_iter().take(5) {
        exit.apply(r).unwrap();
    }
    // the province may not evaluate, nor declare before the nation has
    let err = exit
        .apply(step(S::Evaluate, "2018-06-01", province()))
        .unwrap_err();
    assert_eq!(
        err.issues.iter().next().unwrap().params["expected"],
        json!(["nation"])
    );
    assert_eq!(
        exit.check(&step(S::Declare, "2018-06-01", province()))
            .iter()
            .next()
            .unwrap()
            .code,
        "illegal_step"
    );
    exit.apply(step(S::Evaluate, "2018-06-01", nation()))
        .unwrap();
    exit.apply(step(S::Declare, "2018-09-25", province()))
        .unwrap();
    assert_eq!(exit.state(), CountyState::Declared);
    // no spot check in this edition
    assert!(exit.next_steps().is_empty());
    let err = exit
        .apply(step(S::SpotCheck, "2018-10-01", nation()))
        .unwrap_err();
    assert_eq!(err.code(), "step_not_in_edition");
    assert_eq!(
        err.issues.iter().next().unwrap().params["edition"],
        json!("opinion_2016")
    );
    // the dates imply the same edition when no year is given
    let implied =
        CountyExit::from_history(code("522327"), ProcedureOptions::default(), declared()).unwrap();
    assert_eq!(implied.edition(), Some(CountyEdition::Opinion2016));
    assert_eq!(
        S::Evaluate.label_zh_in(implied.edition().unwrap()),
        "国家专项评估检查"
    );
}

#[test]
fn a_2019_exit_is_declared_by_the_province_and_may_be_spot_checked() {
    use CountyStep as S;
    let options = ProcedureOptions::default().with_exit_year(2019);
    let mut exit = CountyExit::from_history(code("522327"), options, exit_2019()).unwrap();
    assert_eq!(exit.edition(), Some(CountyEdition::Provincial2018));
    assert_eq!(exit.state(), CountyState::Declared);
    assert!(exit.state().is_final());
    // the spot check is not required: the declared exit stands without it
    assert_eq!(exit.next_steps(), [S::SpotCheck]);
    let wire = serde_json::to_value(&exit).unwrap();
    assert_eq!(wire["edition"], json!("provincial_2018"));
    assert_eq!(
        wire["options"],
        json!({"min_notice_days": 7, "exit_year": 2019})
    );
    assert_eq!(CountyExit::from_value(wire).unwrap(), exit);
    // a spot check is the nation's
    let err = exit
        .apply(step(S::SpotCheck, "2020-06-01", province()))
        .unwrap_err();
    assert_eq!(err.code(), "wrong_actor_level");
    // it may be dated the same day as the declaration
    exit.apply(step(S::SpotCheck, "2020-03-03", nation()).with_reason("抽查未发现问题"))
        .unwrap();
    assert_eq!(exit.state(), CountyState::SpotChecked);
    assert!(exit.state().is_final() && exit.next_steps().is_empty());
    // the nation does not evaluate in this edition; a national send-back at evaluation
    // neither
    let mut early = CountyExit::from_history(
        code("522327"),
        ProcedureOptions::default().with_exit_year(2019),
        exit_2019().into_iter().take(5).collect(),
    )
    .unwrap();
    let err = early
        .apply(step(S::Evaluate, "2020-02-20", nation()))
        .unwrap_err();
    assert_eq!(
        err.issues.iter().next().unwrap().params["expected"],
        json!(["province"])
    );
    let back = step(S::SendBack, "2020-02-20", nation()).with_reason("x");
    assert_eq!(
        early.check(&back).iter().next().unwrap().code,
        "wrong_actor_level"
    );
    early
        .apply(step(S::SendBack, "2020-02-20", province()).with_reason("省级评估发现错退"))
        .unwrap();
    // the dates imply this edition when no year is given, and an explicit edition wins
    let implied =
        CountyExit::from_history(code("522327"), ProcedureOptions::default(), exit_2019()).unwrap();
    assert_eq!(implied.edition(), Some(CountyEdition::Provincial2018));
    let forced = ProcedureOptions::default()
        .with_exit_year(2019)
        .with_county_edition(CountyEdition::Opinion2016);
    let err = CountyExit::from_history(code("522327"), forced, exit_2019()).unwrap_err();
    assert_eq!(
        found(&err.issues()),
        pairs(&[("wrong_actor_level", "history[5].by.level")])
    );
}

#[test]
fn the_spot_check_share_is_a_parameter() {
    use CountyStep as S;
    let options = ProcedureOptions::default().with_exit_year(2019);
    let declared = CountyExit::from_history(code("522327"), options, exit_2019()).unwrap();
    let mut checked = declared.clone();
    checked
        .apply(step(S::SpotCheck, "2020-06-01", nation()))
        .unwrap();
    let pending = CountyExit::from_history(
        code("522327"),
        options,
        exit_2019().into_iter().take(3).collect(),
    )
    .unwrap();
    let old = up_to(7);
    let cohort = [
        declared.clone(),
        declared.clone(),
        declared.clone(),
        declared,
        checked,
        pending,
        old,
    ];
    let c = spot_check_coverage(&cohort, 20);
    assert_eq!((c.cohort, c.checked, c.required), (5, 1, 1));
    assert!(c.is_met());
    let c = spot_check_coverage(&cohort, 30);
    assert_eq!((c.required, c.is_met()), (2, false));
}

#[test]
fn the_public_notice_runs_its_minimum_days() {
    let mut exit = up_to(4);
    let err = exit
        .apply(step(CountyStep::Approve, "2018-04-16", province()))
        .unwrap_err();
    assert_eq!(err.code(), "notice_too_short");
    let i = err.issues.iter().next().unwrap();
    assert_eq!(i.path.to_string(), "date");
    assert_eq!(
        (i.params["days"].clone(), i.params["min_days"].clone()),
        (json!(6), json!(7))
    );
    assert_eq!(exit.state(), CountyState::InPublicNotice);
    exit.apply(step(CountyStep::Approve, "2018-04-17", province()))
        .unwrap();
    // a longer notice, configured
    let options = ProcedureOptions::default().with_min_notice_days(10);
    let history: Vec<CountyRecord> = declared().into_iter().take(5).collect();
    let err = CountyExit::from_history(code("522327"), options, history).unwrap_err();
    assert_eq!(
        found(&err.issues()),
        pairs(&[("notice_too_short", "history[4].date")])
    );
}

#[test]
fn sending_back_needs_a_reason_and_restarts_the_notice() {
    let mut exit = up_to(5);
    let back = step(CountyStep::SendBack, "2018-05-01", nation());
    assert_eq!(
        exit.apply(back.clone()).unwrap_err().code(),
        "missing_reason"
    );
    let blank = back.clone().with_reason("  ");
    assert_eq!(exit.apply(blank).unwrap_err().code(), "missing_reason");
    // only the nation sends back at evaluation
    let by_province = step(CountyStep::SendBack, "2018-05-01", province()).with_reason("x");
    let err = exit.apply(by_province).unwrap_err();
    assert_eq!(err.code(), "wrong_actor_level");
    assert_eq!(
        err.issues.iter().next().unwrap().params["expected"],
        json!(["nation"])
    );
    let reason = "抽查发现漏评率超过2%";
    exit.apply(back.with_reason(reason)).unwrap();
    assert_eq!(exit.state(), CountyState::SentBack);
    assert_eq!(
        exit.history().last().unwrap().reason.as_deref(),
        Some(reason)
    );
    use CountyStep as S;
    for r in [
        step(S::Propose, "2018-05-10", county()),
        step(S::Review, "2018-05-12", prefecture()),
        step(S::Verify, "2018-05-15", province()),
        step(S::PublishNotice, "2018-05-16", province()),
    ] {
        exit.apply(r).unwrap();
    }
    // the notice that counts is the new one of May
    let err = exit
        .apply(step(S::Approve, "2018-05-20", province()))
        .unwrap_err();
    assert_eq!(err.code(), "notice_too_short");
    assert_eq!(exit.times_sent_back(), 1);
    // no sending back once verified
    let exit = up_to(3);
    let err = exit.check(&step(S::SendBack, "2018-04-02", province()).with_reason("x"));
    assert_eq!(found(&err), pairs(&[("illegal_step", "step")]));
    assert_eq!(
        err.iter().next().unwrap().params["allowed_from"],
        json!(["proposed", "reviewed", "approved"])
    );
}

#[test]
fn actors_must_be_of_the_right_level_and_place() {
    let exit = up_to(1);
    let check = |by: BodyRef| found(&exit.check(&step(CountyStep::Review, "2018-03-10", by)));
    assert_eq!(check(county()), pairs(&[("wrong_actor_level", "by.level")]));
    assert_eq!(
        check(body("dali", Level::Prefecture, Some("532900"))),
        pairs(&[("actor_outside_region", "by.region")])
    );
    assert_eq!(
        check(body("qxn", Level::Prefecture, Some("522327"))),
        pairs(&[("actor_region_mismatch", "by.region")])
    );
    assert_eq!(
        check(body("qxn", Level::Prefecture, None)),
        pairs(&[("actor_region_mismatch", "by.region")])
    );
    let fresh = CountyExit::new(code("522327"), ProcedureOptions::default()).unwrap();
    let national_with_region = body("cpad", Level::Nation, Some("520000"));
    assert_eq!(
        found(&fresh.check(&step(
            CountyStep::Propose,
            "2018-03-01",
            national_with_region
        ))),
        pairs(&[
            ("wrong_actor_level", "by.level"),
            ("actor_region_mismatch", "by.region")
        ])
    );
    // a county of a municipality is reviewed by the province: there is no prefecture
    let mut cq = CountyExit::new(code("500230"), ProcedureOptions::default()).unwrap();
    cq.apply(step(
        CountyStep::Propose,
        "2018-03-01",
        body("fengdu", Level::County, Some("500230")),
    ))
    .unwrap();
    let err = cq
        .apply(step(
            CountyStep::Review,
            "2018-03-02",
            body("x", Level::Prefecture, Some("500200")),
        ))
        .unwrap_err();
    assert_eq!(
        err.issues.iter().next().unwrap().params["expected"],
        json!(["province"])
    );
    cq.apply(step(
        CountyStep::Review,
        "2018-03-02",
        body("cq", Level::Province, Some("500000")),
    ))
    .unwrap();
}

#[test]
fn dates_never_go_backwards() {
    let mut exit = up_to(1);
    let err = exit
        .apply(step(CountyStep::Review, "2018-02-28", prefecture()))
        .unwrap_err();
    assert_eq!(
        found(&err.issues),
        pairs(&[("date_before_previous", "date")])
    );
    assert_eq!(
        err.issues.iter().next().unwrap().params["previous"],
        json!("2018-03-01")
    );
    // the same day is fine
    exit.apply(step(CountyStep::Review, "2018-03-01", prefecture()))
        .unwrap();
}

#[test]
fn illegal_steps_name_the_state_and_the_step() {
    let mut exit = up_to(0);
    let err = exit
        .apply(step(CountyStep::Approve, "2018-03-01", province()))
        .unwrap_err();
    assert_eq!(
        (err.from, err.step),
        (CountyState::NotStarted, CountyStep::Approve)
    );
    assert_eq!(err.code(), "illegal_step");
    let i = err.issues.iter().next().unwrap();
    assert_eq!(i.params["from"], json!("not_started"));
    assert_eq!(i.params["step"], json!("approve"));
    assert_eq!(
        i.message,
        "`approve` (审定) may follow only `in_public_notice`, the procedure is `not_started`"
    );
    assert!(
        err.to_string()
            .starts_with("cannot take step `approve` from `not_started`: ")
    );
    let e: fupin::Error = err.into();
    assert_eq!(e.code(), "validation");
    // nothing follows the declaration
    let mut exit = up_to(7);
    let err = exit
        .apply(step(CountyStep::Propose, "2019-01-01", county()))
        .unwrap_err();
    assert_eq!(
        (err.code(), err.from),
        ("illegal_step", CountyState::Declared)
    );
}

#[test]
fn replay_reports_every_problem_of_every_step() {
    use CountyStep as S;
    let history = vec![
        step(S::Propose, "2018-03-01", county()),
        step(S::Verify, "2018-03-05", province()),
        step(S::PublishNotice, "2018-03-04", province()),
        step(S::Approve, "2018-03-08", prefecture()),
        step(S::SendBack, "2018-03-09", nation()),
        step(
            S::Propose,
            "2018-03-10",
            body("yn", Level::County, Some("532527")),
        ),
    ];
    let err =
        CountyExit::from_history(code("522327"), ProcedureOptions::default(), history.clone())
            .unwrap_err();
    assert_eq!(
        found(&err.issues()),
        pairs(&[
            ("illegal_step", "history[1].step"),
            ("date_before_previous", "history[2].date"),
            ("wrong_actor_level", "history[3].by.level"),
            ("notice_too_short", "history[3].date"),
            ("missing_reason", "history[4].reason"),
            ("actor_outside_region", "history[5].by.region"),
        ])
    );
    let err =
        CountyExit::from_history(code("522300"), ProcedureOptions::default(), vec![]).unwrap_err();
    assert_eq!(found(&err.issues()), pairs(&[("not_a_county", "county")]));
}

#[test]
fn reading_reports_every_shape_problem() {
    let input = json!({"county": "5223", "extra": true, "options": {"days": 3}, "history": [
        {"step": "jump", "date": "2018-13-01",
         "by": {"id": "ceheng", "level": "county", "region": "522327", "x": 1}},
        {"step": "propose", "date": "2018-03-01"},
        {"step": "propose", "date": "2018-03-01", "by": {"id": "", "level": "city"}},
        "nope"
    ]});
    let err = CountyExit::from_value(input).unwrap_err();
    assert_eq!(
        found(&err.issues()),
        pairs(&[
            ("unknown_field", "extra"),
            ("invalid_value", "options"),
            ("invalid_value", "history[0].step"),
            ("invalid_value", "history[0].date"),
            ("unknown_field", "history[0].by.x"),
            ("missing_field", "history[1].by"),
            ("body_id_empty", "history[2].by.id"),
            ("invalid_value", "history[2].by.level"),
            ("invalid_value", "history[3]"),
            ("code_length", "county"),
        ])
    );
    let exit = CountyExit::from_json(
        r#"{"county": "522327", "options": {"min_notice_days": 3}, "history": [
        {"step": "propose", "date": "2018-03-01", "by": {"id": "c", "level": "county", "region": "522327"}},
        {"step": "review", "date": "2018-03-02", "by": {"id": "p", "level": "prefecture", "region": "522300"}},
        {"step": "verify", "date": "2018-03-03", "by": {"id": "g", "level": "province", "region": "520000"}},
        {"step": "publish_notice", "date": "2018-03-04", "by": {"id": "g", "level": "province", "region": "520000"}},
        {"step": "approve", "date": "2018-03-07", "by": {"id": "g", "level": "province", "region": "520000"}}]}"#,
    )
    .unwrap();
    assert_eq!(exit.state(), CountyState::Approved);
    assert_eq!(exit.options().min_notice_days, 3);
}
