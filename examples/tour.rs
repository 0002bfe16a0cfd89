//! A tour of fupin's model on its embedded data: regions and codes (with messy names as they
//! come in real lists), a household file validated with all its errors, and the plan's
//! targets in force on a date.
//!
//! Run it with `cargo run --example tour`. Every person in it is made up.

use chrono::NaiveDate;
use fupin::assess::{Assessment, ExitStatus, MissingStrategy};
use fupin::data::{self, MatchKind, Vintage};
use fupin::household::Household;
use fupin::plan::{ChecklistItem, PovertyLines, ProjectKey, Targets, indicator};
use fupin::region::{Level, RegionCode, Zone, ZoneMap};
use fupin::synth::{self, SynthOptions};

#[expect(clippy::print_stdout, reason = "an example prints")]
fn main() -> Result<(), Box<dyn std::error::Error>> {
    section("1. Regions and codes");
    let village: RegionCode = "522327104201".parse()?;
    println!(
        "code {village} is a {} ({})",
        village.level(),
        village.level().label_zh()
    );
    for unit in village.ancestors() {
        let name = data::get(unit, Vintage::V2020).map_or("(not a listed unit)", |d| d.name);
        println!("  inside {} {name} [{}]", unit.to_short(), unit.level());
    }
    if let Some(kind) = village.township_kind() {
        println!("  township digits 7-9 say: {}", kind.label_zh());
    }
    for bad in ["520027", "52232x", "992327"] {
        match bad.parse::<RegionCode>() {
            Ok(c) => println!("  {bad} parsed as {c}"),
            Err(e) => println!("  {bad} rejected [{}]: {e}", e.code()),
        }
    }
    let mut zones = ZoneMap::default();
    zones.set("433100".parse()?, Zone::West); // 湘西州, western policy by override
    for code in ["522327", "433127", "430100"] {
        let c: RegionCode = code.parse()?;
        let name = data::full_name(c, Vintage::V2020).unwrap_or_default();
        println!("  zone of {code} {name}: {}", zones.zone_of(c).label_zh());
    }

    section("2. Embedded division data");
    for v in Vintage::ALL {
        println!(
            "  vintage {} ({}): {} provinces, {} prefectures, {} counties",
            v.as_str(),
            v.as_of(),
            data::count(v, Level::Province),
            data::count(v, Level::Prefecture),
            data::count(v, Level::County),
        );
    }
    let cw = data::crosswalk_2016_2020();
    println!(
        "  {} codes of 2016 are gone by 2020 (crosswalk); the first four:",
        cw.len()
    );
    for entry in cw.iter().take(4) {
        let to: Vec<String> = entry
            .successors
            .iter()
            .map(|d| format!("{} {}", d.gb2260(), d.name))
            .collect();
        let why: Vec<String> = entry
            .changes
            .iter()
            .map(|c| {
                format!(
                    "{} {} {}",
                    c.year,
                    c.kind.label_zh(),
                    c.doc_no.unwrap_or("")
                )
            })
            .collect();
        println!(
            "    {} {} → {} ({})",
            entry.from.gb2260(),
            entry.from.name,
            to.join(", "),
            why.join("; ").trim()
        );
    }

    section("3. Messy names, as they come in real lists");
    for query in [
        "长阳",
        "西乌",
        "湖北长阳",
        "宣武区",
        "朝阳区",
        "郫县",
        "客服",
    ] {
        match data::resolve(query) {
            Err(e) => println!("  {query:<6} → {e} [{}]", e.code()),
            Ok(candidates) => {
                let shown: Vec<String> = candidates
                    .iter()
                    .take(4)
                    .map(|c| {
                        let name = data::full_name(c.division.code, c.division.vintage)
                            .unwrap_or_else(|| c.division.name.to_owned());
                        match &c.how {
                            MatchKind::Abolished { change } => format!(
                                "{name} ({}, {} {})",
                                c.how.as_str(),
                                change.year,
                                change.kind.label_zh()
                            ),
                            how => format!("{name} ({})", how.as_str()),
                        }
                    })
                    .collect();
                let more = candidates.len().saturating_sub(4);
                let tail = if more > 0 {
                    format!(" … and {more} more")
                } else {
                    String::new()
                };
                println!("  {query:<6} → {}{tail}", shown.join("; "));
            }
        }
    }

    section("4. A household file, validated");
    let today = NaiveDate::from_ymd_opt(2020, 6, 30).ok_or("bad date")?;
    let household = Household::from_json(HOUSEHOLD)?;
    println!(
        "  file {} in village {}, {} members, main cause {} ({})",
        household.file_number,
        household.village.to_short(),
        household.size(),
        household.main_cause,
        household.main_cause.label_zh()
    );
    if let Some(m) = household.members.first().and_then(|m| m.id_number.as_ref()) {
        println!("  householder's id number, as any output shows it: {m}");
    }
    let issues = household.validate_at(today);
    println!("  {} problems as of {today}:", issues.len());
    for issue in &issues {
        println!(
            "    {:<28} {:<24} {}",
            issue.code,
            issue.path.to_string(),
            issue.message
        );
    }
    match Household::from_json(BROKEN) {
        Ok(_) => println!("  (the broken file read without error?)"),
        Err(e) => {
            println!("  a file with type errors is refused, every problem listed:");
            for issue in e.issues() {
                println!(
                    "    {:<28} {:<24} {}",
                    issue.code,
                    issue.path.to_string(),
                    issue.message
                );
            }
        }
    }

    section("5. The plan: projects, checklist and targets in force");
    for p in ProjectKey::ALL {
        println!("  {:<22} {}  {}", p.key(), p.name_zh(), p.name_en());
    }
    for item in ChecklistItem::ALL {
        println!("  {:<14} at {} level", item.label_zh(), item.level());
    }
    let targets = Targets::builtin();
    for on in ["2017-06-30", "2019-06-30", "2020-06-30"] {
        let date: NaiveDate = on.parse()?;
        println!("  in force on {on}:");
        for t in targets.all_in_force(date) {
            let name = indicator::get(&t.indicator).map_or("", |i| i.name_zh);
            println!(
                "    {:<24} {:<10} {} {:>5.1}% by {}  rev.{} ({} days left) — {}",
                t.indicator,
                name,
                t.comparator.symbol(),
                t.threshold * 100.0,
                t.deadline,
                t.revision,
                t.days_left(date),
                t.source
            );
        }
    }
    let lines = PovertyLines::builtin();
    for year in [2010, 2016, 2017, 2020] {
        if let Some(l) = lines.for_year(year) {
            println!("  poverty line {year}: {} yuan ({:?})", l.yuan, l.basis);
        }
    }

    assessment(today)?;

    println!("\nend of tour");
    Ok(())
}

#[expect(clippy::print_stdout, reason = "an example prints")]
fn assessment(today: NaiveDate) -> Result<(), Box<dyn std::error::Error>> {
    section("6. Assessment of a synthetic province (real county codes of 贵州, made-up figures)");
    let guizhou: RegionCode = "520000".parse()?;
    let counties: Vec<RegionCode> = data::divisions(Vintage::V2020)
        .filter(|d| d.level == Level::County && !d.is_grouping && guizhou.contains(d.code))
        .map(|d| d.code)
        .collect();
    let opts = SynthOptions::new(today)
        .with_scale(0.2)
        .with_poor_county_share(0.6);
    let dataset = synth::generate(&counties, &opts);
    let earlier = synth::generate(
        &counties,
        &SynthOptions::new("2019-06-30".parse()?)
            .with_scale(0.2)
            .with_poor_county_share(0.6)
            .with_seed(7),
    );
    println!("  {}", dataset.label().unwrap_or(""));
    let rollup = dataset.roll_up();
    let before = earlier.roll_up();
    println!(
        "  {} households in {} villages, {} townships, {} counties",
        rollup.households(),
        rollup.villages.len(),
        rollup.townships.len(),
        rollup.counties.len()
    );
    println!("  province indicators (numerator / denominator, data completeness):");
    for v in rollup.indicators(Some(guizhou), MissingStrategy::default()) {
        let name = indicator::get(&v.indicator).map_or("", |i| i.name_zh);
        let value = v
            .value
            .map_or_else(|| "  n/a ".to_owned(), |x| format!("{:5.1}%", x * 100.0));
        println!(
            "    {:<26} {:<10} {value}  {:>9} / {:<9} {:?}",
            v.indicator, name, v.numerator, v.denominator, v.completeness
        );
    }
    let assessment = Assessment::new(&rollup, dataset.counties())
        .with_targets(Targets::builtin())
        .with_previous(&before);
    let verdicts = assessment.verdicts_at(&[Level::Province]);
    println!("  targets in force on {today} for the province:");
    for v in &verdicts {
        let risk = v
            .projection
            .as_ref()
            .map_or("", |p| if p.at_risk { " AT RISK" } else { "" });
        println!(
            "    {:<26} {} {:>5.1}%  value {:>6}  {}{risk}",
            v.indicator,
            v.target.comparator.symbol(),
            v.target.threshold * 100.0,
            v.value
                .map_or_else(|| "n/a".to_owned(), |x| format!("{:.1}%", x * 100.0)),
            match v.met {
                Some(true) => "met",
                Some(false) => "not met",
                None => "no data",
            },
        );
    }
    let cards = assessment.scorecards();
    let mut worst: Vec<_> = cards.iter().collect();
    worst.sort_by_key(|c| std::cmp::Reverse(c.rank));
    println!("  the three counties ranked last of {}:", cards.len());
    for card in worst.iter().take(3) {
        let name = data::get(card.unit, Vintage::V2020).map_or("", |d| d.name);
        println!(
            "    #{:<3} {} {name}: {} of {} targets met",
            card.rank,
            card.unit.to_short(),
            card.targets_met,
            card.targets_judged
        );
    }
    let exits = assessment.exits();
    let count = |level: Level, status: ExitStatus| {
        exits
            .iter()
            .filter(|e| e.level == level && e.status == status)
            .count()
    };
    println!(
        "  exit: poor counties eligible {}, not eligible {}, awaiting the special evaluation {}; poor villages eligible {}, not {}",
        count(Level::County, ExitStatus::Eligible),
        count(Level::County, ExitStatus::NotEligible),
        count(Level::County, ExitStatus::Undetermined),
        count(Level::Village, ExitStatus::Eligible),
        count(Level::Village, ExitStatus::NotEligible),
    );
    if let Some(v) = exits.iter().find(|e| e.level == Level::County) {
        let name = data::get(v.unit, Vintage::V2020).map_or("", |d| d.name);
        println!("  why, for {} {name}:", v.unit.to_short());
        for c in &v.criteria {
            println!(
                "    {:<24} {:<8} {:>8} {} {:<6} {}",
                c.key,
                c.label_zh,
                c.value
                    .map_or_else(|| "n/a".to_owned(), |x| format!("{:.2}%", x * 100.0)),
                c.comparator.symbol(),
                format!("{:.0}%", c.threshold * 100.0),
                match c.passed {
                    Some(true) => "pass",
                    Some(false) => "FAIL",
                    None => "undetermined",
                }
            );
        }
    }
    Ok(())
}

fn section(title: &str) {
    #[expect(clippy::print_stdout, reason = "an example prints")]
    {
        println!("\n== {title}");
    }
}

/// A made-up household with three problems: its income, a member's birth date that disagrees
/// with her ID number, and a status date in the future.
const HOUSEHOLD: &str = r#"{
  "file_number": "5223270001001", "village": "522327104201", "identified_year": 2014,
  "status": "exited", "main_cause": "因病", "other_causes": ["缺技术"],
  "income_per_capita": -120,
  "status_history": [
    {"date": "2014-10-15", "status": "poor"},
    {"date": "2020-12-20", "status": "exited"}
  ],
  "guarantees": {"food": true, "clothing": true, "compulsory_education": true,
                 "basic_medical": true, "safe_housing": false, "safe_water": true},
  "network": {"terminal": true, "broadband": false},
  "members": [
    {"name": "王大山", "relation": "householder", "sex": "male",
     "id_number": "522327197003120211", "birth_date": "1970-03-12"},
    {"name": "陈小花", "relation": "spouse", "sex": "female",
     "id_number": "522327197208050421", "birth_date": "1972-08-06"}
  ]
}"#;

/// The same file with type errors in three places.
const BROKEN: &str = r#"{
  "file_number": "5223270001001", "village": "520010", "identified_year": 2014,
  "status": "exited", "main_cause": "客服",
  "members": [
    {"name": "王大山", "relation": "householder", "sex": "male",
     "id_number": "522327197003120212"}
  ]
}"#;
