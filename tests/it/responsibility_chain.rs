//! The accountability chain: from a failing unit up to the coordination group, gaps, the
//! evidence, and the bodies as procedure actors.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failure should stop the test"
)]

use fupin::region::{Level, RegionCode};
use fupin::responsibility::{Accountability, BodyRef, Duty, Failure, ResponsibilityMap};
use fupin::{Error, Issues};
use serde_json::{Value, json};

fn code(s: &str) -> RegionCode {
    s.parse().unwrap()
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

/// A complete map for Guizhou's Ceheng county (synthetic).
fn guizhou() -> Value {
    json!({"bodies": [
        {"id": "group", "name": "网络扶贫行动部门协调小组", "kind": "coordination_group",
         "level": "nation", "duties": ["coordinate"]},
        {"id": "cac", "name": "中央网信办", "kind": "member_department", "level": "nation",
         "answers_to": "group", "duties": ["supervise"]},
        {"id": "cpad", "name": "国务院扶贫办", "kind": "member_department", "level": "nation",
         "answers_to": "group"},
        {"id": "gz-lg", "name": "贵州省委网络安全和信息化领导小组",
         "kind": "cyberspace_leading_group", "level": "province", "region": "520000",
         "answers_to": "group", "duties": ["overall_responsibility", "supervise"]},
        {"id": "qxn", "name": "黔西南州扶贫办", "kind": "poverty_alleviation_office",
         "level": "prefecture", "region": "522300", "answers_to": "gz-lg",
         "duties": ["supervise", "implement"]},
        {"id": "ceheng", "name": "册亨县扶贫办", "kind": "poverty_alleviation_office",
         "level": "county", "region": "522327", "answers_to": "qxn", "duties": ["implement"]},
        {"id": "ceheng-lg", "name": "册亨县网信领导小组", "kind": "cyberspace_leading_group",
         "level": "county", "region": "522327", "answers_to": "qxn", "duties": ["supervise"]}
    ]})
}

fn map() -> ResponsibilityMap {
    ResponsibilityMap::from_value(guizhou()).unwrap()
}

fn chain_of(a: &Accountability) -> Vec<(Level, Option<String>, Vec<String>, bool)> {
    a.chain
        .iter()
        .map(|l| {
            (
                l.level,
                l.region.map(|r| r.to_short()),
                l.bodies.iter().map(|b| b.id.to_string()).collect(),
                l.gap,
            )
        })
        .collect()
}

#[test]
fn the_chain_from_a_village_up_to_the_coordination_group() {
    let mut failure = Failure::new(Some(code("522327104201")), "poor_village_broadband");
    failure.evidence.households = vec!["5223270001001".to_owned()];
    failure.evidence.value = Some(0.0);
    failure.evidence.threshold = Some(0.99);
    let a = map().accountability(&failure).unwrap();
    let s = |x: &str| Some(x.to_owned());
    let v = |x: &[&str]| x.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    assert_eq!(
        chain_of(&a),
        [
            (
                Level::County,
                s("522327"),
                v(&["ceheng", "ceheng-lg"]),
                false
            ),
            (Level::Prefecture, s("522300"), v(&["qxn"]), false),
            (Level::Province, s("520000"), v(&["gz-lg"]), false),
            // `cpad` has no duty and is left out
            (Level::Nation, None, v(&["group", "cac"]), false),
        ]
    );
    assert!(a.is_complete());
    assert_eq!(
        a.chain[2].bodies[0].duties,
        [Duty::OverallResponsibility, Duty::Supervise]
    );
    let wire = serde_json::to_value(&a).unwrap();
    assert_eq!(
        wire["chain"][1],
        json!({"level": "prefecture", "region": "522300000000", "gap": false,
            "bodies": [{"id": "qxn", "name": "黔西南州扶贫办",
                "kind": "poverty_alleviation_office", "duties": ["implement", "supervise"]}]})
    );
    assert_eq!(
        wire["evidence"],
        json!({"households": ["5223270001001"], "value": 0.0, "threshold": 0.99})
    );
    let back: Accountability = serde_json::from_value(wire).unwrap();
    assert_eq!(back, a);
}

#[test]
fn gaps_are_links_not_errors() {
    let m = map();
    // a county with no body of its own
    let a = m
        .accountability(&Failure::new(Some(code("522328")), "x"))
        .unwrap();
    assert_eq!(a.gaps().count(), 1);
    assert_eq!(a.chain[0].level, Level::County);
    assert!(a.chain[0].gap && a.chain[0].bodies.is_empty());
    // a prefecture: the chain starts there
    let a = m
        .accountability(&Failure::new(Some(code("522300")), "x"))
        .unwrap();
    assert_eq!(a.chain.len(), 3);
    assert!(a.is_complete());
    // a district of Chongqing: no prefecture level, and no body anywhere but the nation
    let a = m
        .accountability(&Failure::new(Some(code("500230")), "x"))
        .unwrap();
    let levels: Vec<(Level, bool)> = a.chain.iter().map(|l| (l.level, l.gap)).collect();
    assert_eq!(
        levels,
        [
            (Level::County, true),
            (Level::Province, true),
            (Level::Nation, false)
        ]
    );
    // the nation as a whole
    let a = m.accountability(&Failure::new(None, "x")).unwrap();
    assert_eq!(a.chain.len(), 1);
}

#[test]
fn a_bad_failure_is_refused_with_every_problem() {
    let mut failure = Failure::new(Some(code("522327")), " ");
    failure.evidence.failing_units = vec![code("522327104201"), code("532527104201")];
    failure.evidence.value = Some(f64::NAN);
    let err = map().accountability(&failure).unwrap_err();
    assert!(matches!(err, Error::Validation(_)));
    assert_eq!(
        found(&err.issues()),
        pairs(&[
            ("missing_indicator", "indicator"),
            ("evidence_outside_unit", "evidence.failing_units[1]"),
            ("value_not_finite", "evidence.value"),
        ])
    );
    let f: Failure = serde_json::from_value(json!({"unit": "522327",
        "indicator": "poor_village_broadband",
        "evidence": {"failing_units": ["522327104201"]}}))
    .unwrap();
    assert!(f.validate().is_empty());
}

#[test]
fn bodies_convert_to_procedure_actors() {
    let m = map();
    let r = m.body_ref("qxn").unwrap();
    assert_eq!(
        r,
        BodyRef::new("qxn", Level::Prefecture, Some(code("522300"))).unwrap()
    );
    assert!(m.body_ref("nobody").is_none());
    assert_eq!(
        serde_json::to_value(&r).unwrap(),
        json!({"id": "qxn", "level": "prefecture", "region": "522300000000"})
    );
}
