//! Judging: target verdicts with projections, exit verdicts with every criterion, and
//! scorecards, on small hand-computed cases.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::float_cmp,
    reason = "test code: a failure should stop the test"
)]

use crate::common::{c, d};
use fupin::assess::{
    AssessOptions, Assessment, CountyFacts, CountySurvey, Dataset, ExitRules, ExitStatus,
    HouseholdFields, Households, RulePack, UnitFacts, VillageFacts, household_exit,
};
use fupin::household::{Household, HouseholdStatus};
use fupin::plan::{PovertyLines, Targets, indicator as ind};
use fupin::region::{Level, Zone};

/// Two counties: 522327 (western) and 341523 (central, Anhui). Each has one poor village of
/// 100 rural people with `poor` poor people, and fiber as given.
fn two_counties(as_of: &str, poor: [u16; 2], fiber: [Option<bool>; 2]) -> Dataset {
    let mut units = UnitFacts::default();
    let mut villages = Vec::new();
    for (i, county) in ["522327", "341523"].iter().enumerate() {
        let mut cf = CountyFacts::new(c(county));
        cf.poor_county = true;
        cf.platform = Some(true);
        units.counties.push(cf);
        let code = c(&format!("{county}100201"));
        let mut v = VillageFacts::new(code);
        v.poor_village = true;
        v.fiber = fiber[i];
        v.mobile_4g = Some(false);
        v.rural_population = Some(100);
        units.villages.push(v);
        villages.push(code);
    }
    let mut ds = Dataset::with_units(d(as_of), units).unwrap();
    let mut codes = Vec::new();
    let mut fields = Vec::new();
    for (i, v) in villages.iter().enumerate() {
        // one poor household with `poor` people, one exited household of 3
        codes.push(v.as_u64());
        fields.push(HouseholdFields::new(poor[i], HouseholdStatus::Poor));
        codes.push(v.as_u64());
        fields.push(HouseholdFields::new(3, HouseholdStatus::Exited));
    }
    assert_eq!(
        ds.add_households(Households::Fields {
            villages: &codes,
            fields: &fields,
        })
        .unwrap()
        .accepted,
        4
    );
    ds
}

#[test]
fn target_verdicts_with_gap_days_and_projection() {
    let targets = Targets::builtin();
    let then = two_counties("2019-06-30", [5, 5], [Some(false), Some(false)]).roll_up();
    let now = two_counties("2020-06-30", [2, 2], [Some(true), Some(false)]).roll_up();
    let verdicts = Assessment::new(&now, &[])
        .with_targets(targets.clone())
        .with_previous(&then)
        .verdicts_at(&[Level::County]);
    let find = |county: &str| {
        verdicts
            .iter()
            .find(|v| v.unit == Some(c(county)) && v.indicator == ind::POOR_VILLAGE_BROADBAND)
            .unwrap()
    };
    let a = find("522327");
    assert_eq!(
        (a.value, a.met, a.target.revision),
        (Some(1.0), Some(true), 3)
    );
    assert_eq!(a.days_left, 184);
    assert!(!a.projection.as_ref().unwrap().at_risk);
    let b = find("341523");
    assert_eq!((b.value, b.met), (Some(0.0), Some(false)));
    assert!((b.gap.unwrap() - 0.99).abs() < 1e-12);
    let p = b.projection.as_ref().unwrap();
    assert_eq!(p.points, 2);
    assert!(p.at_risk, "flat at 0 can't reach 99%");
    // a single snapshot: no projection
    let single = Assessment::new(&now, &[])
        .with_targets(targets)
        .verdicts_at(&[Level::County]);
    assert!(single.iter().all(|v| v.projection.is_none()));
    // only the county level, only indicators defined there
    assert!(single.iter().all(|v| v.level == Level::County));
    assert!(single.iter().any(|v| v.indicator == ind::COUNTY_PLATFORM));
    // a "previous" roll-up that is later: the roll-up judged stays `then`, the later one
    // is not used, and that is said
    let swapped = Assessment::new(&then, &[]).with_previous(&now);
    let alone = Assessment::new(&then, &[]).verdicts_at(&[Level::County]);
    assert_eq!(swapped.verdicts_at(&[Level::County]), alone);
    let problems = swapped.data_problems();
    assert_eq!(problems.0.len(), 1, "{problems:?}");
    assert_eq!(problems.0[0].code, "previous_not_earlier");
    assert_eq!(problems.0[0].path.to_string(), "previous[0]");
    assert!(
        swapped
            .scorecards()
            .iter()
            .all(|s| s.changes.iter().all(|c| c.previous.is_none()))
    );
}

#[test]
fn a_village_is_judged_in_its_county_zone_alone_as_in_the_listing() {
    // 3 poor people of 100 in a village of a central county made western by its facts:
    // 3% is at or below the western 3%, one village at a time as in the listing of exits
    let ds = two_counties("2020-06-30", [3, 3], [Some(true), Some(true)]);
    let r = ds.roll_up();
    let mut counties = ds.counties().to_vec();
    let central = counties.iter_mut().find(|f| f.code == c("341523")).unwrap();
    central.zone = Some(Zone::West);
    let assessment = Assessment::new(&r, &counties);
    let village = c("341523100201");
    let alone = assessment.exit_of(village).unwrap();
    let listed = assessment
        .exits()
        .into_iter()
        .find(|v| v.unit == village)
        .unwrap();
    assert_eq!(alone.criteria[0].threshold, 0.03);
    assert_eq!(alone.criteria[0].passed, Some(true));
    assert_eq!(alone.status, listed.status);
    assert_eq!(
        serde_json::to_value(&alone).unwrap(),
        serde_json::to_value(&listed).unwrap()
    );
    // without the override the central 2% applies, alone and listed
    let plain = Assessment::new(&r, ds.counties());
    assert_eq!(
        plain.exit_of(village).unwrap().criteria[0].passed,
        Some(false)
    );
}

#[test]
fn public_approval_given_as_a_share_is_compared_exactly() {
    // 0.8999995 is below the 90% bar (it was taken to millionths: 90%, passed); 0.9 and
    // 0.1 * 9 (a float's noise) are at the bar, which passes (认可度达到90%)
    let ds = two_counties("2020-06-30", [2, 2], [Some(true), Some(true)]);
    let r = ds.roll_up();
    let approval = |share: f64| {
        let mut facts = ds.counties()[0].clone();
        facts.survey = Some(CountySurvey {
            approval: Some(share),
            ..CountySurvey::default()
        });
        let v = Assessment::new(&r, std::slice::from_ref(&facts))
            .exit_of(facts.code)
            .unwrap();
        let c = v
            .criteria
            .iter()
            .find(|c| c.key == "public_approval")
            .unwrap()
            .clone();
        (c.passed, c.numerator, c.denominator)
    };
    assert_eq!(
        approval(0.8999995),
        (Some(false), Some(1_799_999), Some(2_000_000))
    );
    assert_eq!(approval(0.9), (Some(true), Some(9), Some(10)));
    assert_eq!(approval(0.1 * 9.0), (Some(true), Some(9), Some(10)));
}

#[test]
fn county_exit_lists_every_criterion_with_the_western_threshold() {
    let ds = two_counties("2020-06-30", [2, 2], [Some(true), Some(true)]);
    let r = ds.roll_up();
    let exit_of = |r: &fupin::assess::Rollup, facts: &CountyFacts, rules: &ExitRules| {
        Assessment::new(r, std::slice::from_ref(facts))
            .with_rules(rules.clone())
            .exit_of(facts.code)
            .unwrap()
    };
    let rules = ExitRules::default();
    // 2 poor of 100: exactly 2% — at or below 3% in the west, and at or below 2% in the
    // centre too ("降至2%以下" includes 2%)
    let west = exit_of(&r, &ds.counties()[1], &rules);
    assert_eq!(west.unit, c("522327"));
    assert_eq!(west.criteria[0].value, Some(0.02));
    assert_eq!(
        (west.criteria[0].numerator, west.criteria[0].denominator),
        (Some(2), Some(100))
    );
    assert_eq!(west.criteria[0].threshold, 0.03);
    assert_eq!(west.criteria[0].passed, Some(true));
    // no survey yet: undetermined, not eligible and not failed
    assert_eq!(west.status, ExitStatus::Undetermined);
    assert_eq!(west.criteria.len(), 5);
    let central = exit_of(&r, &ds.counties()[0], &rules);
    assert_eq!(central.criteria[0].threshold, 0.02);
    assert_eq!(central.criteria[0].passed, Some(true));
    assert_eq!(central.status, ExitStatus::Undetermined);
    let three = two_counties("2020-06-30", [3, 3], [Some(true), Some(true)]);
    let r3 = three.roll_up();
    let central = exit_of(&r3, &three.counties()[0], &rules);
    assert_eq!(central.criteria[0].passed, Some(false), "3% is above 2%");
    assert_eq!(central.status, ExitStatus::NotEligible);
    // a zone override makes the central county western
    let mut facts = ds.counties()[0].clone();
    facts.zone = Some(Zone::West);
    facts.survey = Some(CountySurvey {
        sampled_exited: 100,
        wrongly_exited: 0,
        sampled_non_registered: 200,
        missed: 0,
        wrongly_exited_people: Some(0),
        missed_people: Some(0),
        approval: Some(0.95),
        ..CountySurvey::default()
    });
    let v = exit_of(&r, &facts, &rules);
    let keys: Vec<(&str, Option<bool>)> = v
        .criteria
        .iter()
        .map(|x| (x.key.as_str(), x.passed))
        .collect();
    assert_eq!(
        keys,
        [
            ("poverty_incidence", Some(true)),
            ("comprehensive_incidence", Some(true)),
            ("wrongful_exit_rate", Some(true)),
            ("missed_rate", Some(true)),
            ("public_approval", Some(true))
        ]
    );
    assert_eq!(v.status, ExitStatus::Eligible);
    // a survey without the county-wide estimates of people wrongly exited and missed: the
    // comprehensive incidence is undetermined, not the plain incidence (the estimates are
    // not taken for 0), and the county is not eligible on it
    for (wrongly, missed) in [(None, Some(0)), (Some(0), None), (None, None)] {
        let mut without = facts.clone();
        if let Some(s) = without.survey.as_mut() {
            (s.wrongly_exited_people, s.missed_people) = (wrongly, missed);
        }
        let v = exit_of(&r, &without, &rules);
        assert_eq!(v.criteria[1].key, "comprehensive_incidence");
        assert_eq!(v.criteria[1].passed, None, "{wrongly:?} {missed:?}");
        assert_eq!(v.status, ExitStatus::Undetermined);
    }
    // a province's own rule pack adds a criterion
    let pack: RulePack = serde_json::from_value(serde_json::json!({
        "province": "340000", "name": "synthetic pack", "source": "test",
        "criteria": [{"level": "county", "indicator": "poor_village_fiber", "comparator": "ge", "threshold": 1.0}]
    }))
    .unwrap();
    let rules = ExitRules::default().with_packs(vec![pack]).unwrap();
    let v = exit_of(&r, &facts, &rules);
    assert_eq!(v.criteria.len(), 6);
    assert_eq!(v.criteria[5].passed, Some(true));
    // a pack with an unknown indicator is refused
    let bad: RulePack = serde_json::from_value(serde_json::json!({
        "province": "340000", "name": "x", "source": "x",
        "criteria": [{"level": "county", "indicator": "nope", "comparator": "ge", "threshold": 1.0}]
    }))
    .unwrap();
    let err = ExitRules::default().with_packs(vec![bad]).unwrap_err();
    assert_eq!(
        err.issues().0[0].path.to_string(),
        "[0].criteria[0].indicator"
    );
    // all verdicts: two poor counties, two poor villages
    assert_eq!(Assessment::new(&r, ds.counties()).exits().len(), 4);
    // one village's verdict, and none for a prefecture
    let village = Assessment::new(&r, ds.counties())
        .exit_of(c("522327100201"))
        .unwrap();
    assert_eq!(
        (village.level, village.criteria[0].passed),
        (Level::Village, Some(true))
    );
    let err = Assessment::new(&r, ds.counties())
        .exit_of(c("522300"))
        .unwrap_err();
    assert_eq!(err.issues().0[0].code, "unit_level");
}

#[test]
fn household_exit_needs_income_above_the_line_and_every_guarantee() {
    let json = serde_json::json!({
        "file_number": "1", "village": "522327100201", "identified_year": 2014, "status": "poor",
        "main_cause": "illness", "income_per_capita": 4100,
        "guarantees": {"food": true, "clothing": true, "compulsory_education": true,
                       "basic_medical": true, "safe_housing": false},
        "members": [{"name": "张三", "relation": "householder", "sex": "male"}]
    });
    let h = Household::from_value(json).unwrap();
    let v = household_exit(&h, &PovertyLines::builtin(), d("2020-06-30")).unwrap();
    assert_eq!(v.criteria[0].key, "income_above_line");
    assert_eq!(
        (v.criteria[0].threshold, v.criteria[0].passed),
        (4000.0, Some(true))
    );
    let failing: Vec<&str> = v
        .criteria
        .iter()
        .filter(|c| c.passed == Some(false))
        .map(|c| c.key.as_str())
        .collect();
    assert_eq!(failing, ["guarantee.safe_housing"]);
    let unknown: Vec<&str> = v
        .criteria
        .iter()
        .filter(|c| c.passed.is_none())
        .map(|c| c.key.as_str())
        .collect();
    assert_eq!(unknown, ["guarantee.safe_water"]);
    assert_eq!(v.status, ExitStatus::NotEligible);
    assert_eq!(v.file_number.as_deref(), Some("1"));
}

#[test]
fn scorecards_rank_and_show_changes() {
    let targets = Targets::builtin();
    let then = two_counties("2019-06-30", [5, 5], [Some(false), Some(false)]).roll_up();
    let now = two_counties("2020-06-30", [2, 1], [Some(true), Some(false)]).roll_up();
    let cards = Assessment::new(&now, &[])
        .with_targets(targets.clone())
        .with_previous(&then)
        .scorecards();
    assert_eq!(cards.len(), 2);
    // 522327 has fiber (one more target met) → rank 1
    let best = cards.iter().find(|c| c.rank == 1).unwrap();
    assert_eq!(best.unit, c("522327"));
    assert_eq!(best.peers, 2);
    assert_eq!(best.rank_in_parent, 1);
    assert_eq!(best.peers_in_parent, 1);
    let incidence = best
        .changes
        .iter()
        .find(|x| x.indicator == ind::POVERTY_INCIDENCE)
        .unwrap();
    assert_eq!(
        (incidence.previous, incidence.current),
        (Some(0.05), Some(0.02))
    );
    assert!((incidence.delta.unwrap() + 0.03).abs() < 1e-12);
    assert!(best.targets_met > cards.iter().find(|c| c.rank == 2).unwrap().targets_met);
    // provinces too
    let provinces = Assessment::new(&now, &[])
        .with_targets(targets)
        .with_options(AssessOptions::default().level(Level::Province))
        .scorecards();
    assert_eq!(
        provinces.iter().map(|c| c.rank).collect::<Vec<_>>().len(),
        2
    );
    // two counties that stand equal (targets met, incidence) share the rank: a ranking does
    // not put one of them last for its code number
    let equal = two_counties("2020-06-30", [2, 2], [Some(true), Some(true)]).roll_up();
    let cards = Assessment::new(&equal, &[])
        .with_targets(Targets::builtin())
        .scorecards();
    assert_eq!(cards.iter().map(|c| c.rank).collect::<Vec<_>>(), [1, 1]);
    assert!(cards.iter().all(|c| c.peers == 2 && c.rank_in_parent == 1));
}

#[test]
fn failing_verdicts_lead_to_accountability_chains_with_failing_villages() {
    use fupin::responsibility::ResponsibilityMap;
    let now = two_counties("2020-06-30", [2, 2], [Some(true), Some(false)]).roll_up();
    let map = ResponsibilityMap::from_json(
        r#"{"bodies": [
            {"id": "group", "name": "网络扶贫行动部门协调小组", "kind": "coordination_group", "level": "nation", "duties": ["coordinate"]},
            {"id": "ah", "name": "安徽省网信办", "kind": "cyberspace_office", "level": "province", "region": "340000",
             "answers_to": "group", "duties": ["overall_responsibility", "supervise"]},
            {"id": "hs", "name": "霍山县网信办", "kind": "cyberspace_office", "level": "county", "region": "341525",
             "answers_to": "ah", "duties": ["implement"]}
        ]}"#,
    )
    .unwrap();
    let assessment = Assessment::new(&now, &[]).with_responsibility(&map);
    let verdicts = assessment.verdicts_at(&[Level::Province, Level::County]);
    let failing = verdicts
        .iter()
        .find(|v| v.unit == Some(c("340000")) && v.indicator == ind::POOR_VILLAGE_BROADBAND)
        .unwrap();
    assert_eq!(failing.met, Some(false));
    let chains = assessment.accountability_chains(&verdicts).unwrap();
    let province = chains
        .iter()
        .find(|a| a.unit == Some(c("340000")) && a.indicator == ind::POOR_VILLAGE_BROADBAND)
        .unwrap();
    // the evidence: the failing village inside the province
    assert_eq!(province.evidence.failing_units, [c("341523100201")]);
    assert_eq!(province.evidence.threshold, Some(0.99));
    // as much evidence as asked for
    let none = assessment
        .clone()
        .with_options(AssessOptions::default().evidence(0))
        .accountability_chains(&verdicts)
        .unwrap();
    assert!(none.iter().all(|a| a.evidence.failing_units.is_empty()));
    let chain = chains
        .iter()
        .find(|a| a.unit == Some(c("341523")) && a.indicator == ind::POOR_VILLAGE_BROADBAND)
        .unwrap();
    // the county has no implementing body in this map: a gap, then the province, then the group
    let text = serde_json::to_string(chain).unwrap();
    assert!(
        text.contains("\"ah\"") && text.contains("\"group\""),
        "{text}"
    );
    assert!(!chain.is_complete());
}

#[test]
fn the_synthetic_responsibility_map_is_valid_and_has_gaps_by_design() {
    use fupin::responsibility::MapContext;
    use fupin::synth;
    let counties: Vec<CountyFacts> = [
        "520102", "520103", "522327", "110101", "429004", "341523", "341524", "341525", "341526",
        "341522",
    ]
    .iter()
    .map(|s| CountyFacts::new(c(s)))
    .collect();
    let map = synth::responsibility_map(&counties).unwrap();
    let issues = map.validate(&MapContext::default());
    assert!(issues.is_empty(), "{issues}");
}

/// A province's rule pack that sets only `threshold` applies it to its counties in every
/// zone: a western province's 2.5% is 2.5% for its (western) counties, not the national
/// western 3% (the threshold the verdict was decided on is the pack's, and says so).
#[test]
fn a_pack_threshold_without_a_western_one_applies_in_the_west() {
    let ds = two_counties("2020-06-30", [3, 3], [Some(true), Some(true)]);
    let r = ds.roll_up();
    let pack: RulePack = serde_json::from_value(serde_json::json!({
        "province": "520000", "name": "贵州 (example pack)", "source": "test",
        "overrides": [{"level": "county", "rule": "poverty_incidence", "threshold": 0.025}]
    }))
    .unwrap();
    let rules = ExitRules::default().with_packs(vec![pack]).unwrap();
    let guizhou = ds
        .counties()
        .iter()
        .find(|f| f.code == c("522327"))
        .unwrap();
    let v = Assessment::new(&r, std::slice::from_ref(guizhou))
        .with_rules(rules)
        .exit_of(guizhou.code)
        .unwrap();
    assert_eq!(v.criteria[0].key, "poverty_incidence");
    assert_eq!(v.criteria[0].threshold, 0.025);
    assert!(v.criteria[0].source.contains("贵州 (example pack)"));
}

/// A count's target is judged at the level its indicator is observed at, or at the level
/// the target names: a per-county figure is not compared with a province's sum, and a
/// national total (`level: nation`) only with the nation's.
#[test]
fn a_count_target_is_judged_at_its_level() {
    use fupin::plan::MeasureDefs;
    let mine = MeasureDefs::from_json(
        r#"[{"id": "broadband_users", "name_zh": "宽带用户数", "kind": "count", "level": "county",
            "numerator": "broadband_users", "source": "test"}]"#,
    )
    .unwrap();
    let units: UnitFacts = serde_json::from_str(
        r#"{"counties": [
            {"code": "522327", "poor_county": true, "values": {"broadband_users": 600}},
            {"code": "522328", "poor_county": true, "values": {"broadband_users": 600}}]}"#,
    )
    .unwrap();
    let ds = Dataset::with_units_and_indicators(d("2020-06-30"), units, mine.clone()).unwrap();
    let r = ds.roll_up();
    let judged = |level: &str| {
        let targets = Targets::from_json_for(
            &format!(
                r#"[{{"indicator": "broadband_users", "comparator": "ge", "threshold": 1000,
                    "deadline": "2020-12-31", "valid_from": "2020-01-01", "source": "test",
                    "revision": 1 {level}}}]"#
            ),
            &mine,
        )
        .unwrap();
        Assessment::new(&r, ds.counties())
            .with_targets(targets)
            .verdicts()
            .into_iter()
            .filter(|v| v.indicator == "broadband_users")
            .map(|v| (v.level, v.met))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        judged(""),
        [(Level::County, Some(false)), (Level::County, Some(false))]
    );
    assert_eq!(
        judged(r#", "level": "nation""#),
        [(Level::Nation, Some(true))]
    );
    // what a report says of the county target as a whole: the counties meeting it, of
    // those judged (the core counts them, every surface shows its count)
    let targets = Targets::from_json_for(
        r#"[{"indicator": "broadband_users", "comparator": "ge", "threshold": 1200,
            "deadline": "2020-12-31", "valid_from": "2020-01-01", "source": "test",
            "revision": 1}]"#,
        &mine,
    )
    .unwrap();
    let all = Assessment::new(&r, ds.counties())
        .with_targets(targets)
        .judge();
    let met: Vec<_> = all
        .units_met
        .iter()
        .filter(|u| u.indicator == "broadband_users")
        .map(|u| (u.level, u.met, u.judged, u.units))
        .collect();
    assert_eq!(met, [(Level::County, 0, 2, 2)]);
    assert!(all.units_met.iter().all(|u| u.level > Level::Province));
}

/// Exit rules and targets that would be read silently wrong are refused: zones without
/// their `overrides` wrapper (a county's western zone dropped), a rule overridden twice for
/// one province (the first would win by order), two target revisions that tie (the last
/// would decide by order).
#[test]
fn rules_and_targets_that_would_be_read_silently_wrong_are_refused() {
    let err = ExitRules::from_value(serde_json::json!({"zones": {"422800": "west"}})).unwrap_err();
    assert!(!err.issues().is_empty());
    assert!(
        ExitRules::from_value(serde_json::json!({"zones": {"overrides": {"422800": "west"}}}))
            .is_ok()
    );
    let pack = |threshold: f64| {
        serde_json::json!({"province": "420000", "name": "湖北 (example)", "source": "test",
            "overrides": [{"level": "village", "rule": "poverty_incidence", "threshold": threshold}]})
    };
    let err = ExitRules::from_value(serde_json::json!([pack(0.03), pack(0.01)])).unwrap_err();
    assert_eq!(err.issues().0[0].code, "duplicate_override");
    assert_eq!(
        err.issues().0[0].path.to_string(),
        "packs[1].overrides[0].rule"
    );
    let target = |threshold: f64| {
        serde_json::json!({"indicator": "poor_village_broadband", "comparator": "ge",
            "threshold": threshold, "deadline": "2020-12-31", "valid_from": "2020-01-01",
            "source": "test", "revision": 1})
    };
    let err = Targets::from_json(&serde_json::json!([target(0.5), target(0.95)]).to_string())
        .unwrap_err();
    assert_eq!(err.issues().0[0].code, "duplicate_revision");
    assert_eq!(err.issues().0[0].path.to_string(), "[1].revision");
}

/// A poor county and a registered poor village without any household in the register
/// (the register of another county given with the prefecture's unit tables): their
/// incidence is unknown, not 0 — the exits are undetermined, and it is said.
#[test]
fn a_poor_unit_without_a_register_is_not_eligible_at_zero() {
    let units: UnitFacts = serde_json::from_str(
        r#"{"counties": [{"code": "522327", "poor_county": true}, {"code": "522328", "poor_county": true}],
            "villages": [
              {"code": "522327100201", "poor_village": true, "rural_population": 100},
              {"code": "522328100201", "poor_village": true, "rural_population": 800}]}"#,
    )
    .unwrap();
    let mut ds = Dataset::with_units(d("2020-06-30"), units).unwrap();
    let one = [HouseholdFields::new(1, HouseholdStatus::Poor)];
    ds.add_households(Households::Fields {
        villages: &[522_327_100_201],
        fields: &one,
    })
    .unwrap();
    let r = ds.roll_up();
    let a = Assessment::new(&r, ds.counties());
    let of = |code: &str| a.exit_of(c(code)).unwrap();
    for unit in ["522328", "522328100201"] {
        let v = of(unit);
        assert_eq!(v.criteria[0].key, "poverty_incidence");
        assert_eq!(v.criteria[0].passed, None, "{unit}");
        assert_ne!(v.status, ExitStatus::Eligible, "{unit}");
    }
    // the county with its register is judged: 1 of 100
    assert_eq!(of("522327100201").criteria[0].passed, Some(true));
    let problems: Vec<(String, String)> = a
        .data_problems()
        .0
        .iter()
        .map(|i| (i.code.clone(), i.path.to_string()))
        .collect();
    assert_eq!(
        problems,
        [
            (
                "register_not_given".to_owned(),
                "counties.522328".to_owned()
            ),
            (
                "register_not_given".to_owned(),
                "villages.522328100201".to_owned()
            )
        ]
    );
}

/// A county-wide estimate below what the survey's own sample found (0 wrongly exited
/// while the sample found 4) is refused: the comprehensive incidence would pass on it.
#[test]
fn an_estimate_below_its_sample_is_refused() {
    let units: UnitFacts = serde_json::from_str(
        r#"{"counties": [{"code": "522327", "poor_county": true, "survey": {
            "sampled_exited": 100, "wrongly_exited": 4, "sampled_non_registered": 200,
            "missed": 6, "wrongly_exited_people": 0, "missed_people": 10}}]}"#,
    )
    .unwrap();
    let ds = Dataset::with_units(d("2020-06-30"), units).unwrap();
    let r = ds.roll_up();
    let a = Assessment::new(&r, ds.counties());
    let v = a.exit_of(c("522327")).unwrap();
    assert_eq!(v.criteria[1].key, "comprehensive_incidence");
    assert_eq!(v.criteria[1].passed, None);
    let found: Vec<String> = a
        .data_problems()
        .0
        .iter()
        .filter(|i| i.code == "estimate_below_sample")
        .map(|i| i.path.to_string())
        .collect();
    assert_eq!(found, ["counties.522327.survey.wrongly_exited_people"]);
}

/// Approval given both as a share and as household counts that disagree (50% said, 48 of
/// 50 counted) is said: the verdict rests on the counts, and a reader sees that it does.
/// A share within half a point of the counts (0.96 for 48 of 50, 0.955 for 191 of 200) is
/// not a disagreement.
#[test]
fn an_approval_share_that_disagrees_with_its_counts_is_said() {
    let problems = |share: f64, approving: u64, surveyed: u64| {
        let units: UnitFacts = serde_json::from_value(serde_json::json!({"counties": [{
            "code": "522327", "poor_county": true, "survey": {
                "sampled_exited": 100, "wrongly_exited": 1, "sampled_non_registered": 100,
                "missed": 1, "surveyed_households": surveyed,
                "approving_households": approving, "approval": share}}]}))
        .unwrap();
        let ds = Dataset::with_units(d("2020-06-30"), units).unwrap();
        let r = ds.roll_up();
        let a = Assessment::new(&r, ds.counties());
        let approval = a.exit_of(c("522327")).unwrap().criteria[4].passed;
        let found: Vec<String> = a
            .data_problems()
            .0
            .iter()
            .filter(|i| i.code == "approval_disagrees")
            .map(|i| i.path.to_string())
            .collect();
        (approval, found)
    };
    assert_eq!(
        problems(0.5, 48, 50),
        (
            Some(true),
            vec!["counties.522327.survey.approval".to_owned()]
        )
    );
    assert_eq!(problems(0.96, 48, 50), (Some(true), vec![]));
    assert_eq!(problems(0.955, 191, 200), (Some(true), vec![]));
    assert_eq!(
        problems(0.95, 40, 50).1,
        ["counties.522327.survey.approval"]
    );
}
