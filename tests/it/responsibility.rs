//! Three-level responsibility: reading and validating maps (every issue code) and the
//! golden fixtures in `tests/fixtures/responsibility/map_*`. The accountability chain:
//! `tests/responsibility_chain.rs`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failure should stop the test"
)]

use std::fs;
use std::path::{Path as FsPath, PathBuf};

use fupin::Issues;
use fupin::region::{Level, RegionCode};
use fupin::responsibility::{Duty, Failure, MapContext, ResponsibilityMap};
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

fn issues_of(value: Value, ctx: &MapContext) -> Vec<(String, String)> {
    match ResponsibilityMap::from_value(value) {
        Ok(m) => found(&m.validate(ctx)),
        Err(e) => found(&e.issues()),
    }
}

#[test]
fn a_complete_map_is_valid_and_round_trips() {
    let ctx = MapContext::new()
        .with_poor_counties([code("522327")])
        .with_counties_with_poor([code("522327104201")]);
    let m = map();
    assert!(m.validate(&ctx).is_empty(), "{}", m.validate(&ctx));
    let back = ResponsibilityMap::from_value(serde_json::to_value(&m).unwrap()).unwrap();
    assert_eq!(back, m);
    // duties are a set, written in a fixed order
    assert_eq!(
        serde_json::to_value(&m.bodies[4]).unwrap()["duties"],
        json!(["implement", "supervise"])
    );
    assert_eq!(m.coordination_groups().count(), 1);
    let gz = m.get(&"gz-lg".parse().unwrap()).unwrap();
    assert_eq!(m.parent_of(gz).unwrap().id.as_str(), "group");
    assert_eq!(
        m.with_duty(Level::County, Some(code("522327")), Duty::Implement)
            .map(|b| b.id.as_str())
            .collect::<Vec<_>>(),
        ["ceheng"]
    );
}

#[test]
fn reading_reports_every_shape_problem() {
    assert_eq!(
        issues_of(json!([]), &MapContext::new()),
        pairs(&[("invalid_value", "")])
    );
    assert_eq!(
        issues_of(json!({"bodies": {}, "extra": 1}), &MapContext::new()),
        pairs(&[("unknown_field", "extra"), ("invalid_value", "bodies")])
    );
    assert_eq!(
        issues_of(json!({}), &MapContext::new()),
        pairs(&[("missing_field", "bodies")])
    );
    let bad = json!({"bodies": [
        {"name": 5, "kind": "club", "level": "galaxy", "region": "52232x",
         "answers_to": "", "duties": ["coordinate", "lead"], "colour": "red"},
        {"id": " x", "name": "n", "kind": "other", "level": "county", "region": "520027"},
        "not a body"
    ]});
    assert_eq!(
        issues_of(bad, &MapContext::new()),
        pairs(&[
            ("missing_field", "bodies[0].id"),
            ("unknown_field", "bodies[0].colour"),
            ("body_id_empty", "bodies[0].answers_to"),
            ("invalid_value", "bodies[0].name"),
            ("invalid_value", "bodies[0].kind"),
            ("invalid_value", "bodies[0].level"),
            ("code_non_digit", "bodies[0].region"),
            ("invalid_value", "bodies[0].duties[1]"),
            ("body_id_invalid", "bodies[1].id"),
            ("code_segment_under_zero", "bodies[1].region"),
            ("invalid_value", "bodies[2]"),
        ])
    );
}

#[test]
fn every_rule_of_one_body() {
    let ctx = MapContext::new();
    let mut v = guizhou();
    let bodies = v["bodies"].as_array_mut().unwrap();
    // a county body answering to another province's body
    bodies.push(
        json!({"id": "yn", "name": "云南省网信办", "kind": "cyberspace_office",
        "level": "province", "region": "530000", "answers_to": "group"}),
    );
    bodies.push(
        json!({"id": "stray", "name": "某县", "kind": "other", "level": "county",
        "region": "522328", "answers_to": "yn", "duties": ["implement"]}),
    );
    // same level as its parent, and an unknown parent
    bodies.push(
        json!({"id": "peer", "name": "某县", "kind": "other", "level": "county",
        "region": "522327", "answers_to": "ceheng"}),
    );
    bodies.push(json!({"id": "orphan", "name": "某州", "kind": "other",
        "level": "prefecture", "region": "522300", "answers_to": "nobody"}));
    assert_eq!(
        issues_of(v, &ctx),
        pairs(&[
            ("region_outside_parent", "bodies[8].answers_to"),
            ("level_not_below_parent", "bodies[9].answers_to"),
            ("unknown_answers_to", "bodies[10].answers_to"),
        ])
    );
}

#[test]
fn national_rules_and_context_rules() {
    let mut v = guizhou();
    let bodies = v["bodies"].as_array_mut().unwrap();
    bodies[0]["duties"] = json!([]);
    bodies.push(
        json!({"id": "group-2", "name": "另一个协调小组", "kind": "coordination_group",
        "level": "nation", "duties": ["coordinate"]}),
    );
    let ctx = MapContext::new()
        .with_poor_counties([code("522327"), code("532527")])
        .with_counties_with_poor([code("522301001001")]);
    assert_eq!(
        issues_of(v, &ctx),
        pairs(&[
            ("coordination_group_without_coordinate", "bodies[0].duties"),
            ("multiple_coordination_groups", "bodies[7].kind"),
            ("missing_overall_responsibility", "bodies"),
            ("missing_implementing_body", "bodies"),
            ("missing_implementing_body", "bodies"),
        ])
    );
    let mut v = guizhou();
    v["bodies"].as_array_mut().unwrap().remove(0);
    let m = ResponsibilityMap::from_value(v).unwrap();
    let issues = m.validate(&MapContext::new());
    // the member departments and the province now answer to an unknown id
    assert_eq!(
        found(&issues).last().unwrap(),
        &("missing_coordination_group".to_owned(), "bodies".to_owned())
    );
    let missing = issues
        .iter()
        .find(|i| i.code == "missing_implementing_body");
    assert!(missing.is_none());
}

#[test]
fn issue_params_and_messages() {
    let mut v = guizhou();
    v["bodies"]
        .as_array_mut()
        .unwrap()
        .push(json!({"id": "gz-2",
        "name": "贵州省扶贫办", "kind": "poverty_alleviation_office", "level": "province",
        "region": "520000", "answers_to": "group", "duties": ["overall_responsibility"]}));
    let m = ResponsibilityMap::from_value(v).unwrap();
    let issues = m.validate(&MapContext::new().with_poor_counties([code("522327")]));
    let i = issues.iter().next().unwrap();
    assert_eq!(i.code, "multiple_overall_responsibility");
    assert_eq!(i.params["province"], json!("520000000000"));
    assert_eq!(i.params["bodies"], json!(["gz-lg", "gz-2"]));
    assert_eq!(
        i.message,
        "province `520000` has 2 bodies with overall responsibility (负总责): `gz-lg`, `gz-2`"
    );
    let wire = serde_json::to_value(i).unwrap();
    assert_eq!(wire["path"], json!("bodies"));
}

#[test]
fn cycles_are_reported_once_at_their_first_body() {
    let v = json!({"bodies": [
        {"id": "group", "name": "g", "kind": "coordination_group", "level": "nation",
         "duties": ["coordinate"]},
        {"id": "b", "name": "b", "kind": "other", "level": "county", "region": "522327",
         "answers_to": "c"},
        {"id": "c", "name": "c", "kind": "other", "level": "county", "region": "522327",
         "answers_to": "d"},
        {"id": "d", "name": "d", "kind": "other", "level": "county", "region": "522327",
         "answers_to": "b"},
        {"id": "e", "name": "e", "kind": "other", "level": "county", "region": "522327",
         "answers_to": "c"},
        {"id": "s", "name": "s", "kind": "other", "level": "county", "region": "522328",
         "answers_to": "s"}
    ]});
    let m = ResponsibilityMap::from_value(v).unwrap();
    let issues = m.validate(&MapContext::new());
    let cycles: Vec<&fupin::Issue> = issues
        .iter()
        .filter(|i| i.code == "answers_to_cycle")
        .collect();
    assert_eq!(cycles.len(), 2, "{issues}");
    assert_eq!(cycles[0].path.to_string(), "bodies[1].answers_to");
    assert_eq!(cycles[0].params["cycle"], json!(["b", "c", "d"]));
    assert_eq!(
        cycles[0].message,
        "answers_to links loop: `b` → `c` → `d` → `b`"
    );
    assert_eq!(cycles[1].path.to_string(), "bodies[5].answers_to");
    assert_eq!(cycles[1].params["cycle"], json!(["s"]));
    // a self-loop is only a cycle, not also a level problem
    assert_eq!(
        issues
            .iter()
            .filter(|i| i.path.to_string() == "bodies[5].answers_to")
            .count(),
        1
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
                .is_some_and(|n| n.starts_with("map_") && n.ends_with(".json"))
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no map fixtures");
    files
}

fn expected(v: &Value) -> Vec<(String, String)> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["code"].as_str().unwrap().to_owned(),
                e["path"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn golden_maps() {
    for file in fixtures() {
        let case: Value = serde_json::from_str(&fs::read_to_string(&file).unwrap()).unwrap();
        let ctx: MapContext = serde_json::from_value(case["context"].clone()).unwrap();
        let got = issues_of(case["input"].clone(), &ctx);
        assert_eq!(got, expected(&case["expected"]), "{}", file.display());
        let Some(chains) = case.get("accountability") else {
            continue;
        };
        let m = ResponsibilityMap::from_value(case["input"].clone()).unwrap();
        for c in chains.as_array().unwrap() {
            let failure: Failure = serde_json::from_value(c["failure"].clone()).unwrap();
            let a = m.accountability(&failure).unwrap();
            let got: Vec<Value> = a
                .chain
                .iter()
                .map(|l| {
                    json!({"level": l.level, "region": l.region,
                        "bodies": l.bodies.iter().map(|b| b.id.as_str()).collect::<Vec<_>>(),
                        "gap": l.gap})
                })
                .collect();
            assert_eq!(Value::from(got), c["chain"], "{}", file.display());
        }
    }
}
