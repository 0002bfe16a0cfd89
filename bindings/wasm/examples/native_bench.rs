//! Native figures for the cases of `bindings/wasm/bench/cases.mjs`, to print beside the
//! wasm figures (`node bindings/wasm/bench.mjs --native`). Same inputs, same order, one
//! thread (as in the browser); prints JSON `[{name, value, unit}]`.
//!
//! `cargo run --release -p fupin-wasm --example native_bench`

use std::error::Error;
use std::time::Instant;

use chrono::NaiveDate;
use fupin_core::assess::{
    Assessment, Dataset, HouseholdFields, Households, Rollup, Tally, UnitFacts,
};
use fupin_core::household::{Household, HouseholdStatus, Member};
use fupin_core::plan::Targets;
use fupin_core::region::{Level, RegionCode};
use fupin_core::synth::{SynthOptions, generate};
use serde_json::{Value, json};

const COUNTY: &str = "522327";
const N: usize = 100_000;
const VILLAGES: usize = 150;

fn village_of(i: usize) -> String {
    let v = i * VILLAGES / N;
    format!("{COUNTY}{}{}", 100 + v / 15, 201 + v % 15)
}

fn rate(name: &str, mut f: impl FnMut()) -> Value {
    let start = Instant::now();
    let mut n = 0u64;
    while start.elapsed().as_millis() < 1000 {
        f();
        n += 1;
    }
    let per_s = n as f64 / start.elapsed().as_secs_f64();
    json!({"name": name, "value": per_s.round(), "unit": "per s"})
}

fn best_ms(name: &str, mut f: impl FnMut()) -> Value {
    f();
    let best = (0..3)
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64() * 1000.0
        })
        .fold(f64::INFINITY, f64::min);
    json!({"name": name, "value": best, "unit": "ms (best of 3)"})
}

fn fixture(name: &str) -> Result<Value, Box<dyn Error>> {
    let path = format!(
        "{}/../../tests/fixtures/households/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let case: Value = serde_json::from_str(&std::fs::read_to_string(path)?)?;
    case.get("input").cloned().ok_or_else(|| "no input".into())
}

fn rows(template: &Value) -> Vec<Value> {
    let members = template
        .get("members")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    (0..N)
        .map(|i| {
            let mut h = template.clone();
            if let Some(o) = h.as_object_mut() {
                o.remove("id");
                o.remove("status_history");
                o.insert("file_number".into(), json!(format!("{COUNTY}{i:07}")));
                o.insert("village".into(), json!(village_of(i)));
                o.insert(
                    "status".into(),
                    json!(if i % 3 == 0 { "poor" } else { "exited" }),
                );
                let k = 1 + i % members.len().max(1);
                o.insert(
                    "members".into(),
                    Value::Array(members.iter().take(k).cloned().collect()),
                );
            }
            h
        })
        .collect()
}

fn assess(ds: &Dataset) -> Value {
    let rollup = Rollup::of(Tally::of_with_threads(ds, 1));
    serde_json::to_value(&rollup).unwrap_or(Value::Null)
}

fn main() -> Result<(), Box<dyn Error>> {
    let today = NaiveDate::from_ymd_opt(2020, 6, 30).ok_or("date")?;
    let county: RegionCode = COUNTY.parse()?;
    let valid = fixture("valid_full.json")?;
    let invalid = fixture("invalid_many.json")?;
    let member = valid.pointer("/members/0").cloned().ok_or("no member")?;
    let mut out = Vec::new();

    out.push(rate("validateHousehold, valid 4-member record", || {
        let issues = match Household::from_value(valid.clone()) {
            Ok(h) => h.validate_at(today),
            Err(e) => e.issues(),
        };
        std::hint::black_box(serde_json::to_value(&issues).ok());
    }));
    out.push(rate("validateHousehold, record with 6 issues", || {
        let issues = match Household::from_value(invalid.clone()) {
            Ok(h) => h.validate_at(today),
            Err(e) => e.issues(),
        };
        std::hint::black_box(serde_json::to_value(&issues).ok());
    }));
    out.push(rate("validateMember", || {
        let issues = match Member::from_value(member.clone()) {
            Ok(m) => m.validate_at(today),
            Err(e) => e.issues(),
        };
        std::hint::black_box(serde_json::to_value(&issues).ok());
    }));

    let rows = rows(&valid);
    let units = || -> Result<UnitFacts, Box<dyn Error>> {
        Ok(serde_json::from_value(
            json!({"counties": [{"code": COUNTY, "poor_county": true}]}),
        )?)
    };
    let facts = units()?;
    out.push(best_ms(
        "assess 100,000 household records (JSON rows)",
        || {
            let households: Vec<Household> = rows
                .iter()
                .filter_map(|v| Household::from_value(v.clone()).ok())
                .collect();
            if let Ok(mut ds) = Dataset::with_units(today, facts.clone()) {
                let _ = ds.add_households(&households);
                std::hint::black_box(assess(&ds));
            }
        },
    ));
    let (villages, fields): (Vec<u64>, Vec<HouseholdFields>) = rows
        .iter()
        .enumerate()
        .filter_map(|(i, h)| {
            let village: RegionCode = h.get("village")?.as_str()?.parse().ok()?;
            let people = u16::try_from(h.get("members")?.as_array()?.len()).ok()?;
            // as the JS case: a third poor with terminal, e-commerce and training, the rest
            // exited with a complete file
            let mut f = HouseholdFields::new(people, HouseholdStatus::Exited);
            if i % 3 == 0 {
                f.status = Some(HouseholdStatus::Poor);
                (f.terminal, f.ecommerce, f.online_training) = (Some(true), Some(true), Some(true));
            } else {
                f.file_complete = Some(true);
            }
            Some((village.as_u64(), f))
        })
        .unzip();
    out.push(best_ms("assess 100,000 household rows of fields", || {
        if let Ok(mut ds) = Dataset::with_units(today, facts.clone()) {
            let _ = ds.add_households(Households::Fields {
                villages: &villages,
                fields: &fields,
            });
            std::hint::black_box(assess(&ds));
        }
    }));
    let opts = SynthOptions::new(today)
        .with_scale(6.0)
        .with_poor_county_share(1.0);
    let mut synthetic = 0;
    out.push(best_ms(
        "synthesize + assess one county at scale 6 (~100,000 households)",
        || {
            let ds = generate(&[county], &opts);
            synthetic = ds.household_count();
            std::hint::black_box(assess(&ds));
        },
    ));
    out.push(
        json!({"name": "  (households in that synthetic county)", "value": synthetic, "unit": ""}),
    );
    let ds = generate(&[county], &opts);
    let rollup = Rollup::of(Tally::of_with_threads(&ds, 1));
    let targets = Targets::builtin();
    out.push(best_ms(
        "indicators + targets + exit verdicts of that county",
        || {
            let towns: Vec<_> = rollup
                .children(Some(county))
                .iter()
                .map(|e| rollup.indicators(Some(e.code), Default::default()))
                .collect();
            let assessment = Assessment::new(&rollup, ds.counties()).with_targets(targets.clone());
            let verdicts = assessment.verdicts_at(&[Level::County]);
            let exits = assessment.exits();
            std::hint::black_box((
                serde_json::to_value(&towns).ok(),
                serde_json::to_value(&verdicts).ok(),
                serde_json::to_value(&exits).ok(),
            ));
        },
    ));
    #[expect(clippy::print_stdout, reason = "the example prints its figures")]
    {
        println!("{}", serde_json::to_string_pretty(&out)?);
    }
    Ok(())
}
