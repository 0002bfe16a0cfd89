//! "N+1" pairings: read helpers and pairings from JSON, list every rule they break, report
//! coverage at every level, and suggest optimal new pairings with their reasons; then the
//! same on a synthetic national set (832 counties, 2,000 helpers), timed.
//!
//! Run it with `cargo run --release --example pairings`. All data here is synthetic.

use std::time::Instant;

use chrono::NaiveDate;
use fupin::pairing::{CoverageRules, CoverageStatus, PairingBook, SuggestOptions, synth};
use fupin::region::Designations;

const DESIGNATIONS: &str = r#"[
  {"kind": "poor_county", "region": "522327", "valid_from": "2014-01-01", "valid_to": "2019-04-24", "source": "synthetic"},
  {"kind": "poor_county", "region": "522328", "valid_from": "2014-01-01", "source": "synthetic"},
  {"kind": "poor_county", "region": "522326", "valid_from": "2014-01-01", "source": "synthetic"},
  {"kind": "deep_poverty_area", "region": "522328", "valid_from": "2017-06-23", "source": "synthetic"},
  {"kind": "poor_county", "region": "520402", "valid_from": "2014-01-01", "valid_to": "2017-03-01", "source": "synthetic"}
]"#;

const BOOK: &str = r#"{
  "helpers": [
    {"id": "ent-a", "name": "电商企业甲", "kind": "internet_enterprise", "capacity": 2,
     "domains": ["rural_ecommerce", "network_education"]},
    {"id": "ent-b", "name": "通信企业乙", "kind": "internet_enterprise", "capacity": 1,
     "domains": ["network_coverage"]},
    {"id": "fdn-c", "name": "公益基金会丙", "kind": "foundation", "capacity": 3,
     "domains": ["public_welfare", "health"]},
    {"id": "sh-d", "name": "东部城市丁", "kind": "east_west_collaboration", "capacity": 2,
     "domains": ["employment", "rural_ecommerce"], "region": "310000"}
  ],
  "pairings": [
    {"id": "p1", "helpers": ["ent-a", "fdn-c"], "recipient": {"region": "522327"},
     "signed_on": "2018-03-01",
     "projects": [{"domain": "rural_ecommerce", "helper": "ent-a", "start": "2018-04-01",
                   "end": "2020-12-31", "funds": 1200000}]},
    {"id": "p2", "helpers": ["ent-b", "ent-b", "nobody"], "recipient": {"region": "520402"},
     "signed_on": "2018-05-01",
     "projects": [{"domain": "network_coverage", "start": "2018-04-01", "end": "2018-01-01",
                   "funds": -5}]}
  ]
}"#;

#[expect(clippy::print_stdout, reason = "an example prints")]
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let designations = Designations::from_json(DESIGNATIONS)?;
    let book = PairingBook::from_json(BOOK)?;
    let on = NaiveDate::from_ymd_opt(2018, 12, 31).ok_or("bad date")?;

    println!("== 1. every rule broken");
    for issue in book.validate(&designations) {
        println!("  {issue}");
    }

    println!("\n== 2. coverage on {on}");
    let rules = CoverageRules::from_json(
        r#"[{"rule": "min_helpers", "k": 2},
            {"rule": "min_projects", "domain": "rural_ecommerce"}]"#,
    )?;
    let report = book.coverage(&designations, &rules, on);
    for r in &report.recipients {
        println!(
            "  {} {:?}: {} of {} plan helpers ({} helpers of every kind), missing domains {:?}",
            r.region.to_short(),
            r.status,
            r.plan_helpers.len(),
            r.required,
            r.helpers.len(),
            r.missing_domains
        );
    }
    for a in &report.areas {
        let name = a.region.map_or("nation".to_owned(), |r| r.to_short());
        println!(
            "  area {name} ({}): {} recipients, {} uncovered, {} helpers, {} active pairings",
            a.level, a.recipients, a.uncovered, a.helpers, a.pairings_active
        );
    }
    println!(
        "  exited and still helped (continuing help, 四不摘): {:?}",
        report.no_longer_poor
    );

    println!("\n== 3. suggestions");
    let plan = book.suggest(&designations, &rules, on, &SuggestOptions::default())?;
    for s in &plan.suggestions {
        println!("  {}", s.explanation);
    }
    for u in &plan.unfilled {
        println!("  unfilled: {}", u.explanation);
    }

    println!("\n== 4. a synthetic national set");
    let started = Instant::now();
    let set = synth::national(&synth::SynthConfig::default());
    println!(
        "  generated {} helpers, {} pairings, {} designations in {:?}",
        set.book.helpers.len(),
        set.book.pairings.len(),
        set.designations.len(),
        started.elapsed()
    );
    let started = Instant::now();
    let issues = set.book.validate(&set.designations);
    println!(
        "  validated: {} issue(s) in {:?}",
        issues.len(),
        started.elapsed()
    );
    let started = Instant::now();
    let report = set.book.coverage(&set.designations, &set.rules, set.as_of);
    println!(
        "  coverage: {} recipients, {} uncovered, {} under-covered, {} rule failures in {:?}",
        report.recipients.len(),
        report.with_status(CoverageStatus::Uncovered).count(),
        report.with_status(CoverageStatus::UnderCovered).count(),
        report.issues.len(),
        started.elapsed()
    );
    let started = Instant::now();
    let plan = set.book.suggest(
        &set.designations,
        &set.rules,
        set.as_of,
        &SuggestOptions::default(),
    )?;
    println!(
        "  suggestions: {} filled of {} slots (weight {}, fit {}), {} recipients left short, in {:?}",
        plan.score.filled,
        plan.score.slots,
        plan.score.weight,
        plan.score.fit,
        plan.unfilled.len(),
        started.elapsed()
    );
    for s in plan.suggestions.iter().take(3) {
        println!("    {}", s.explanation);
    }
    for u in plan.unfilled.iter().take(3) {
        println!("    {}", u.explanation);
    }
    println!("\nend of pairings example");
    Ok(())
}
