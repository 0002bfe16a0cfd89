//! "N+1" pairings: rules over time, coverage, and suggestions on small hand-checked cases
//! (ties, infeasible capacity). The national-scale checks are in `pairing_national.rs`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failure should stop the test"
)]

use chrono::NaiveDate;
use fupin::pairing::{
    CoverageRules, CoverageStatus, Instance, PairingBook, SuggestOptions, SuggestionPlan,
    UnfilledReason,
};
use fupin::region::{Designations, RegionCode};
use serde_json::json;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn code(s: &str) -> RegionCode {
    s.parse().unwrap()
}

fn poor(counties: &[(&str, &str, Option<&str>)]) -> Designations {
    let list: Vec<_> = counties
        .iter()
        .map(|(kind, region, to)| {
            json!({"kind": kind, "region": region, "valid_from": "2014-01-01",
                   "valid_to": to, "source": "synthetic"})
        })
        .collect();
    Designations::new(serde_json::from_value(json!(list)).unwrap()).unwrap()
}

fn helper(id: &str, capacity: u32, domains: &[&str]) -> serde_json::Value {
    json!({"id": id, "name": format!("帮扶方{id}"), "kind": "internet_enterprise",
           "capacity": capacity, "domains": domains})
}

fn pairing(helpers: &[&str], region: &str, signed: &str, ended: Option<&str>) -> serde_json::Value {
    json!({"helpers": helpers, "recipient": {"region": region}, "signed_on": signed,
           "ended_on": ended})
}

fn book(helpers: Vec<serde_json::Value>, pairings: Vec<serde_json::Value>) -> PairingBook {
    PairingBook::from_value(json!({"helpers": helpers, "pairings": pairings})).unwrap()
}

fn codes(issues: &fupin::Issues) -> Vec<(String, String)> {
    issues
        .iter()
        .map(|i| (i.code.clone(), i.path.to_string()))
        .collect()
}

fn pairs(plan: &SuggestionPlan) -> Vec<(String, String)> {
    plan.suggestions
        .iter()
        .map(|s| (s.helper.to_string(), s.recipient.to_short()))
        .collect()
}

#[test]
fn capacity_counts_pairings_active_at_the_same_time() {
    let ds = poor(&[
        ("poor_county", "522326", None),
        ("poor_county", "522327", None),
        ("poor_county", "522328", None),
    ]);
    let sequential = book(
        vec![helper("a", 1, &["health"])],
        vec![
            pairing(&["a"], "522326", "2017-01-01", Some("2018-01-01")),
            pairing(&["a"], "522327", "2018-01-01", None),
        ],
    );
    assert!(sequential.validate(&ds).is_empty());
    let overlapping = book(
        vec![helper("a", 1, &["health"])],
        vec![
            pairing(&["a"], "522326", "2017-01-01", Some("2018-01-02")),
            pairing(&["a"], "522327", "2018-01-01", None),
            pairing(&["a"], "522328", "2019-01-01", None),
        ],
    );
    let issues = overlapping.validate(&ds);
    assert_eq!(
        codes(&issues),
        [
            (
                "helper_over_capacity".into(),
                "pairings[1].helpers[0]".into()
            ),
            (
                "helper_over_capacity".into(),
                "pairings[2].helpers[0]".into()
            ),
        ]
    );
    assert_eq!(issues.0[0].params["active"], 2);
    assert_eq!(issues.0[0].params["date"], "2018-01-01");
    let report = overlapping.coverage(&ds, &CoverageRules::default(), day("2019-06-30"));
    assert_eq!(report.helpers[0].active, 2);
    assert!(report.helpers[0].over_capacity);
}

#[test]
fn duplicates_need_the_same_recipient_and_overlapping_dates() {
    let ds = poor(&[("poor_county", "522327", None)]);
    let b = book(
        vec![helper("a", 5, &["health"]), helper("b", 5, &["health"])],
        vec![
            pairing(&["a", "b"], "522327", "2017-01-01", Some("2018-01-01")),
            pairing(&["b", "a"], "522327", "2017-06-01", None),
            pairing(&["a"], "522327", "2017-07-01", None),
            pairing(&["b", "a"], "522327", "2018-01-01", None),
        ],
    );
    assert_eq!(
        codes(&b.validate(&ds)),
        [
            ("duplicate_pairing".into(), "pairings[1]".into()),
            (
                "helper_already_paired".into(),
                "pairings[2].helpers[0]".into()
            ),
            ("duplicate_pairing".into(), "pairings[3]".into()),
        ]
    );
}

/// A recipient must have been designated by the signing day; one that has exited since is
/// fine (四不摘: help goes on after exit), even when the pairing is signed after the exit.
#[test]
fn the_recipient_must_have_been_poor_by_the_signing_day() {
    let ds = Designations::from_json(
        r#"[
        {"kind": "poor_county", "region": "522327", "valid_from": "2015-01-01", "valid_to": "2019-04-24", "source": "synthetic"},
        {"kind": "key_county", "region": "522328", "valid_from": "2014-01-01", "source": "synthetic"},
        {"kind": "poor_village", "region": "522326100201", "valid_from": "2014-01-01", "source": "synthetic"}
    ]"#,
    )
    .unwrap();
    let household = json!({"helpers": ["a"], "signed_on": "2018-01-01",
        "recipient": {"region": "522328100202", "household": "5223280001"}});
    let b = book(
        vec![helper("a", 9, &["health"])],
        vec![
            pairing(&["a"], "522327", "2014-06-01", Some("2016-01-01")),
            pairing(&["a"], "522327", "2019-04-24", None),
            pairing(&["a"], "522328", "2018-01-01", None),
            pairing(&["a"], "522326100201", "2018-01-01", None),
            pairing(&["a"], "522326100202", "2018-01-01", None),
            pairing(&["a"], "522326100000", "2018-01-01", None),
            household,
        ],
    );
    let issues = b.validate(&ds);
    assert_eq!(
        codes(&issues),
        [
            ("recipient_not_poor".into(), "pairings[0].recipient".into()),
            ("recipient_not_poor".into(), "pairings[4].recipient".into()),
            (
                "recipient_level".into(),
                "pairings[5].recipient.region".into()
            ),
        ]
    );
    assert_eq!(issues.0[0].params["designated_from"], "2015-01-01");
    assert!(
        issues.0[1].message.contains("`522326100202`"),
        "{}",
        issues.0[1].message
    );
}

/// 四不摘: a pairing with an exited county is continuing help. It counts for the county's
/// helpers' load and the area totals, is listed in `no_longer_poor` and
/// `pairings_after_exit`, and raises no rule failure; the "at least k helpers" rule still
/// asks only for counties not yet exited.
#[test]
fn help_after_exit_counts_as_continuing_help() {
    let ds = poor(&[
        ("poor_county", "522327", Some("2019-04-24")),
        ("poor_county", "522328", None),
    ]);
    let b = book(
        vec![helper("a", 2, &["health"]), helper("b", 1, &["health"])],
        vec![
            pairing(&["a"], "522327", "2018-01-01", None),
            pairing(&["b"], "522327", "2020-01-01", None),
            pairing(&["a"], "522328", "2018-01-01", None),
        ],
    );
    assert!(b.validate(&ds).is_empty(), "{}", b.validate(&ds));
    let report = b.coverage(&ds, &CoverageRules::default(), day("2020-06-30"));
    assert!(report.issues.is_empty(), "{}", report.issues);
    let regions: Vec<String> = report
        .recipients
        .iter()
        .map(|r| r.region.to_short())
        .collect();
    assert_eq!(regions, ["522328"]);
    assert_eq!(report.no_longer_poor, [code("522327")]);
    let nation = report.area(None).unwrap();
    assert_eq!(
        (
            nation.pairings_active,
            nation.pairings_after_exit,
            nation.helpers
        ),
        (3, 2, 2)
    );
    let loads: Vec<(String, u32)> = report
        .helpers
        .iter()
        .map(|h| (h.helper.to_string(), h.active))
        .collect();
    assert_eq!(loads, [("a".into(), 2), ("b".into(), 1)]);
}

/// East–west cooperation and designated assistance are recorded but, by default, do not
/// count towards "at least k helpers", and suggestions for such a rule offer only the
/// plan's own helpers; `"helpers": "all"` counts every helper.
#[test]
fn plan_helpers_are_counted_apart_from_other_mechanisms() {
    let ds = poor(&[
        ("poor_county", "522327", None),
        ("poor_county", "522328", None),
    ]);
    let mut helpers = vec![helper("ent", 2, &["health"])];
    for (id, kind) in [
        ("ew", "east_west_collaboration"),
        ("dd", "targeted_assistance"),
    ] {
        helpers.push(
            json!({"id": id, "name": format!("帮扶方{id}"), "kind": kind,
                            "capacity": 5, "domains": ["health"]}),
        );
    }
    let b = book(
        helpers,
        vec![
            pairing(&["ew", "dd"], "522327", "2018-01-01", None),
            pairing(&["ent", "ew"], "522328", "2018-01-01", None),
        ],
    );
    let on = day("2019-01-01");
    let plan_rule = CoverageRules::from_json(r#"[{"rule": "min_helpers", "k": 1}]"#).unwrap();
    let report = b.coverage(&ds, &plan_rule, on);
    let status: Vec<(String, CoverageStatus, usize, usize)> = report
        .recipients
        .iter()
        .map(|r| {
            (
                r.region.to_short(),
                r.status,
                r.helpers.len(),
                r.plan_helpers.len(),
            )
        })
        .collect();
    assert_eq!(
        status,
        [
            ("522327".into(), CoverageStatus::Uncovered, 2, 0),
            ("522328".into(), CoverageStatus::Covered, 2, 1),
        ]
    );
    assert_eq!(
        codes(&report.issues),
        [("too_few_helpers".into(), "rules[0]".into())]
    );
    assert_eq!(report.issues.0[0].params["counted"], "plan");
    let nation = report.area(None).unwrap();
    assert_eq!((nation.helpers, nation.plan_helpers), (3, 1));
    let plan = b
        .suggest(&ds, &plan_rule, on, &SuggestOptions::default())
        .unwrap();
    assert_eq!(pairs(&plan), [("ent".into(), "522327".into())]);

    let all_rule =
        CoverageRules::from_json(r#"[{"rule": "min_helpers", "k": 3, "helpers": "all"}]"#).unwrap();
    let report = b.coverage(&ds, &all_rule, on);
    let status: Vec<CoverageStatus> = report.recipients.iter().map(|r| r.status).collect();
    assert_eq!(
        status,
        [CoverageStatus::UnderCovered, CoverageStatus::UnderCovered]
    );
    let plan = b
        .suggest(&ds, &all_rule, on, &SuggestOptions::default())
        .unwrap();
    assert_eq!(
        pairs(&plan),
        [
            ("ent".into(), "522327".into()),
            ("dd".into(), "522328".into())
        ]
    );
}

#[test]
fn too_many_helpers_is_over_served() {
    let ds = poor(&[("poor_county", "522327", None)]);
    let b = book(
        vec![
            helper("a", 1, &["health"]),
            helper("b", 1, &["health"]),
            helper("c", 1, &["health"]),
        ],
        vec![
            pairing(&["a", "b"], "522327", "2017-01-01", None),
            pairing(&["c"], "522327100201", "2017-01-01", None),
        ],
    );
    let rules = CoverageRules::from_json(r#"[{"rule": "min_helpers", "k": 1, "max": 2}]"#).unwrap();
    let report = b.coverage(&ds, &rules, day("2018-01-01"));
    assert_eq!(report.with_status(CoverageStatus::OverServed).count(), 1);
    assert_eq!(
        codes(&report.issues),
        [("too_many_helpers".into(), "rules[0]".into())]
    );
    assert_eq!(report.issues.0[0].params["found"], 3);
    assert_eq!(report.area(Some(code("522300"))).unwrap().over_served, 1);
    let plan = b
        .suggest(&ds, &rules, day("2018-01-01"), &SuggestOptions::default())
        .unwrap();
    assert!(plan.suggestions.is_empty() && plan.unfilled.is_empty());
}

#[test]
fn coverage_rules_are_checked_data() {
    let err = CoverageRules::from_json(
        r#"[{"rule": "min_helpers", "k": 3, "max": 2, "within": "522327100000"},
            {"rule": "min_projects", "domain": "health", "k": 0}]"#,
    )
    .unwrap_err();
    assert_eq!(
        codes(&err.issues()),
        [
            ("within_level".into(), "[0].within".into()),
            ("max_below_k".into(), "[0].max".into()),
            ("zero_k".into(), "[1].k".into()),
        ]
    );
    assert!(CoverageRules::from_json(r#"[{"rule": "min_helpers", "k": 1, "kk": 2}]"#).is_err());
    let rules =
        CoverageRules::from_json(r#"[{"rule": "min_projects", "domain": "tourism"}]"#).unwrap();
    let round = serde_json::to_value(&rules).unwrap();
    assert_eq!(
        round,
        json!([{"rule": "min_projects", "scope": "poor_county", "domain": "tourism", "k": 1}])
    );
}

#[test]
fn ties_go_to_the_lower_ids_whatever_the_input_order() {
    let ds = poor(&[
        ("poor_county", "522326", None),
        ("poor_county", "522327", None),
    ]);
    let on = day("2018-01-01");
    let rules = CoverageRules::default();
    let two = book(
        vec![helper("x2", 1, &["health"]), helper("x1", 1, &["health"])],
        vec![],
    );
    let plan = two
        .suggest(&ds, &rules, on, &SuggestOptions::default())
        .unwrap();
    assert_eq!(
        pairs(&plan),
        [
            ("x1".into(), "522326".into()),
            ("x2".into(), "522327".into())
        ]
    );
    let one = book(vec![helper("x2", 1, &["health"])], vec![]);
    let plan = one
        .suggest(&ds, &rules, on, &SuggestOptions::default())
        .unwrap();
    assert_eq!(pairs(&plan), [("x2".into(), "522326".into())]);
    assert_eq!(plan.unfilled[0].recipient.to_short(), "522327");
    assert_eq!(plan.unfilled[0].reason, UnfilledReason::CapacityTaken);
    let mut ds_reversed: Vec<_> = ds.iter().cloned().collect();
    ds_reversed.reverse();
    let again = one
        .suggest(
            &Designations::new(ds_reversed).unwrap(),
            &rules,
            on,
            &SuggestOptions::default(),
        )
        .unwrap();
    assert_eq!(again, plan);
}

#[test]
fn infeasible_capacity_leaves_recipients_short_with_reasons() {
    let ds = poor(&[
        ("poor_county", "522326", None),
        ("poor_county", "522327", None),
        ("poor_county", "522328", None),
        ("deep_poverty_area", "522328", None),
    ]);
    let rules = CoverageRules::from_json(r#"[{"rule": "min_helpers", "k": 2}]"#).unwrap();
    let b = book(
        vec![
            helper("a", 1, &["health"]),
            helper("b", 2, &["health"]),
            helper("c", 9, &["tourism"]),
        ],
        vec![],
    );
    let options = SuggestOptions::default().need(code("522327"), fupin::pairing::Domain::Health);
    let plan = b.suggest(&ds, &rules, day("2018-01-01"), &options).unwrap();
    // 522328 (deep poverty, priority 40, any domain) gets two helpers; 522327 needs health
    // and only a and b serve it, so it gets both, which leaves b full and a full; 522326
    // then can only have c: 5 of 6 slots, the most possible (hand-checked)
    assert_eq!(
        pairs(&plan),
        [
            ("b".into(), "522328".into()),
            ("c".into(), "522328".into()),
            ("c".into(), "522326".into()),
            ("a".into(), "522327".into()),
            ("b".into(), "522327".into()),
        ]
    );
    let short: Vec<_> = plan
        .unfilled
        .iter()
        .map(|u| (u.recipient.to_short(), u.missing, u.reason))
        .collect();
    assert_eq!(
        short,
        [("522326".to_owned(), 1, UnfilledReason::CapacityTaken)]
    );
    assert_eq!(
        (plan.score.filled, plan.score.slots, plan.score.weight),
        (5, 6, 110)
    );
    let e = &plan.unfilled[0].explanation;
    assert!(
        e.starts_with("`522326` still lacks 1 helper(s)") && !e.ends_with('.'),
        "{e}"
    );
    let none = book(vec![helper("c", 9, &["tourism"])], vec![]);
    let plan = none
        .suggest(&ds, &rules, day("2018-01-01"), &options)
        .unwrap();
    let reasons: Vec<_> = plan
        .unfilled
        .iter()
        .map(|u| (u.recipient.to_short(), u.reason))
        .collect();
    assert_eq!(
        reasons,
        [
            ("522328".to_owned(), UnfilledReason::TooFewFittingHelpers),
            ("522326".to_owned(), UnfilledReason::TooFewFittingHelpers),
            ("522327".to_owned(), UnfilledReason::NoFittingHelper),
        ]
    );
}

#[test]
fn priorities_out_of_range_are_rejected() {
    let ds = poor(&[("poor_county", "522326", None)]);
    let b = book(vec![helper("a", 1, &["health"])], vec![]);
    let options = SuggestOptions::default().priority(code("522326"), 0);
    let err = b
        .suggest(&ds, &CoverageRules::default(), day("2018-01-01"), &options)
        .unwrap_err();
    assert_eq!(
        codes(&err.issues()),
        [(
            "priority_out_of_range".into(),
            "priorities.522326000000".into()
        )]
    );
    let inst: Instance = serde_json::from_value(json!({
        "supplies": [{"helper": "a", "remaining": 1, "domains": []},
                     {"helper": "a", "remaining": 1, "domains": []}],
        "demands": [{"recipient": "522326", "priority": 2000000, "slots": 1}]
    }))
    .unwrap();
    assert_eq!(
        codes(&inst.solve().unwrap_err().issues()),
        [
            ("duplicate_helper_id".into(), "supplies[1].helper".into()),
            ("priority_out_of_range".into(), "demands[0].priority".into()),
        ]
    );
}
