//! "N+1" pairings on a synthetic national set (832 counties, 2,000 helpers): the book is
//! valid, coverage adds up across levels, and suggestions are feasible, explained truthfully,
//! deterministic and applicable, with capacity to spare and short of it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failure should stop the test"
)]

use std::collections::{BTreeMap, BTreeSet};

use fupin::pairing::{
    CountedHelpers, CoverageReport, CoverageRule, CoverageRules, CoverageStatus, SuggestOptions,
    SuggestionPlan, UnfilledReason, synth,
};
use fupin::region::Level;

#[test]
fn national_synthetic_set_end_to_end() {
    let set = synth::national(&synth::SynthConfig::default());
    assert!(
        set.designations
            .iter()
            .all(|d| d.source.contains("synthetic"))
    );
    assert!(set.book.validate(&set.designations).is_empty());
    let report = set.book.coverage(&set.designations, &set.rules, set.as_of);

    // the levels add up
    let nation = report.area(None).unwrap();
    assert_eq!(nation.recipients as usize, report.recipients.len());
    assert_eq!(
        nation.uncovered + nation.under_covered + nation.covered + nation.over_served,
        nation.recipients
    );
    for level in [Level::Province, Level::Prefecture, Level::County] {
        let at: Vec<_> = report.areas.iter().filter(|a| a.level == level).collect();
        assert_eq!(
            at.iter().map(|a| a.recipients).sum::<u32>(),
            nation.recipients,
            "{level}"
        );
        assert_eq!(
            at.iter().map(|a| a.pairings_active).sum::<u32>(),
            nation.pairings_active,
            "{level}"
        );
    }
    assert!(
        nation.uncovered > 100 && nation.under_covered > 50,
        "{nation:?}"
    );

    // the rules count the plan's own helpers: its helpers are too few for every slot
    let plan = check_plan(&set, &set.rules, &report);
    assert!(plan.score.filled > 500, "{:?}", plan.score);
    assert!(plan.score.filled < plan.score.slots, "{:?}", plan.score);

    // counting every helper (east–west cooperation and designated assistance too), there
    // is capacity to spare
    let all = CoverageRules::from_json(
        r#"[{"rule": "min_helpers", "k": 2, "max": 6, "helpers": "all"},
            {"rule": "min_helpers", "k": 3, "designated": "deep_poverty_area", "helpers": "all"},
            {"rule": "min_projects", "domain": "rural_ecommerce"}]"#,
    )
    .unwrap();
    let report_all = set.book.coverage(&set.designations, &all, set.as_of);
    assert!(report_all.with_status(CoverageStatus::Uncovered).count() < nation.uncovered as usize);
    let plan = check_plan(&set, &all, &report_all);
    assert!(
        plan.unfilled.is_empty() && plan.score.filled > 500,
        "{:?}",
        plan.score
    );
    // reports survive the wire
    let back: CoverageReport =
        serde_json::from_value(serde_json::to_value(&report).unwrap()).unwrap();
    assert_eq!(back, report);
}

#[test]
fn national_synthetic_set_short_of_capacity() {
    let set = synth::national(&synth::SynthConfig::default());
    let rules = CoverageRules::from_json(
        r#"[{"rule": "min_helpers", "k": 4},
            {"rule": "min_projects", "domain": "rural_ecommerce"}]"#,
    )
    .unwrap();
    let report = set.book.coverage(&set.designations, &rules, set.as_of);
    let plan = check_plan(&set, &rules, &report);
    assert!(plan.score.filled < plan.score.slots);
    assert!(
        plan.unfilled
            .iter()
            .any(|u| u.reason == UnfilledReason::CapacityTaken)
    );
}

/// Suggests on the set and checks the plan: feasible, explained, deterministic, applicable.
fn check_plan(
    set: &synth::Synthetic,
    rules: &CoverageRules,
    report: &CoverageReport,
) -> SuggestionPlan {
    let plan = set
        .book
        .suggest(
            &set.designations,
            rules,
            set.as_of,
            &SuggestOptions::default(),
        )
        .unwrap();
    // whether a rule counts the plan's own helpers only (then no other helper is suggested)
    let plan_only = rules.iter().any(|r| {
        matches!(
            r,
            CoverageRule::MinHelpers {
                helpers: CountedHelpers::Plan,
                ..
            }
        )
    });
    let remaining: BTreeMap<_, _> = report
        .helpers
        .iter()
        .map(|h| (h.helper.clone(), h.remaining))
        .collect();
    let mut used: BTreeMap<_, u32> = BTreeMap::new();
    for s in &plan.suggestions {
        *used.entry(s.helper.clone()).or_default() += 1;
        let helper = set.book.helper(&s.helper).unwrap();
        assert!(
            s.needed_domains.is_empty() || s.needed_domains.iter().any(|d| helper.serves(*d)),
            "{}",
            s.explanation
        );
        let r = report
            .recipients
            .iter()
            .find(|r| r.region == s.recipient)
            .unwrap();
        assert!(!r.helpers.contains(&s.helper), "{}", s.explanation);
        assert!(!plan_only || helper.is_plan_helper(), "{}", s.explanation);
    }
    for (h, n) in &used {
        assert!(*n <= remaining[h], "{h} over capacity");
    }
    // "capacity taken" is true: every fitting helper not given is full after the plan
    // and the places went to recipients of equal or higher priority
    let given: BTreeSet<_> = plan
        .suggestions
        .iter()
        .map(|s| (&s.helper, s.recipient))
        .collect();
    let mut lowest: BTreeMap<_, u32> = BTreeMap::new();
    for s in &plan.suggestions {
        let p = lowest.entry(&s.helper).or_insert(s.priority);
        *p = (*p).min(s.priority);
    }
    let mut checked = 0;
    for u in plan
        .unfilled
        .iter()
        .filter(|u| u.reason == UnfilledReason::CapacityTaken)
    {
        let had = &report
            .recipients
            .iter()
            .find(|r| r.region == u.recipient)
            .unwrap()
            .helpers;
        for h in &set.book.helpers {
            let fits = (!plan_only || h.is_plan_helper())
                && (u.needed_domains.is_empty() || u.needed_domains.iter().any(|d| h.serves(*d)));
            if !fits
                || given.contains(&(&h.id, u.recipient))
                || had.contains(&h.id)
                || remaining[&h.id] == 0
            {
                continue;
            }
            checked += 1;
            assert_eq!(
                used.get(&h.id).copied().unwrap_or(0),
                remaining[&h.id],
                "{}",
                u.explanation
            );
            assert!(lowest[&h.id] >= u.priority, "{}", u.explanation);
        }
    }
    assert!(plan.unfilled.is_empty() || checked > 0);

    // deterministic, whatever the order of the input
    let mut shuffled = set.book.clone();
    shuffled.helpers.reverse();
    shuffled.pairings.reverse();
    let again = shuffled
        .suggest(
            &set.designations,
            rules,
            set.as_of,
            &SuggestOptions::default(),
        )
        .unwrap();
    assert_eq!(again, plan);

    // taking every suggestion keeps the book valid and covers what was filled
    let mut extended = set.book.clone();
    extended.pairings.extend(plan.pairings());
    assert!(extended.validate(&set.designations).is_empty());
    let after = extended.coverage(&set.designations, rules, set.as_of);
    let short: Vec<_> = plan.unfilled.iter().map(|u| u.recipient).collect();
    for r in &after.recipients {
        if !short.contains(&r.region) {
            assert!(
                matches!(
                    r.status,
                    CoverageStatus::Covered | CoverageStatus::OverServed
                ),
                "{r:?}"
            );
        }
    }
    // reports and plans survive the wire
    let back: SuggestionPlan =
        serde_json::from_value(serde_json::to_value(&plan).unwrap()).unwrap();
    assert_eq!(back, plan);
    plan
}
