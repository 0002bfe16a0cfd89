//! Assessment: hand-computed small cases, missing data, merging of partial tallies, and a
//! cross-check of the roll-up against a naive count on a synthetic national set.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failure should stop the test"
)]

use std::collections::HashMap;

use crate::common::{c, d};
use fupin::assess::{
    Completeness, Counter, CountyFacts, Dataset, HouseholdFields, Households, MissingStrategy,
    Rollup, Tally, TownshipFacts, UnitFacts, VillageFacts,
};
use fupin::household::HouseholdStatus;
use fupin::plan::indicator as ind;
use fupin::region::{Level, RegionCode};
use fupin::synth::{Rng, SynthOptions, generate};
use proptest::prelude::*;

/// One county (522327) with two townships; three villages, two of them poor.
fn small() -> Dataset {
    let mut v1 = VillageFacts::new(c("522327100201"));
    v1.poor_village = true;
    v1.fiber = Some(true);
    v1.network_leader = Some(true);
    v1.rural_population = Some(100);
    let mut v2 = VillageFacts::new(c("522327100202"));
    v2.poor_village = true;
    v2.fiber = Some(false);
    v2.mobile_4g = None; // broadband unknown: fiber no, 4G not recorded
    v2.rural_population = Some(50);
    let mut v3 = VillageFacts::new(c("522327200201"));
    v3.network_leader = Some(false);
    // v3's population is not recorded
    let mut t1 = TownshipFacts::new(c("522327100000"));
    t1.service_node = Some(true);
    t1.ecommerce = Some(true);
    let mut t2 = TownshipFacts::new(c("522327200000"));
    t2.ecommerce = Some(false);
    let mut county = CountyFacts::new(c("522327"));
    county.platform = Some(true);
    let units = UnitFacts {
        counties: vec![county],
        townships: vec![t1, t2],
        villages: vec![v1, v2, v3],
    };
    let mut ds = Dataset::with_units(d("2020-06-30"), units).unwrap();
    let f = |people, status, terminal| {
        let mut x = HouseholdFields::new(people, status);
        x.terminal = terminal;
        x.file_complete = Some(true);
        x
    };
    let rows = [
        (522327100201u64, f(4, HouseholdStatus::Poor, Some(true))),
        (522327100201, f(3, HouseholdStatus::Exited, Some(true))),
        (522327100201, f(2, HouseholdStatus::Returned, Some(false))),
        (522327100202, f(5, HouseholdStatus::Poor, None)),
        (522327200201, f(1, HouseholdStatus::NewlyPoor, Some(true))),
        (522327200202, f(2, HouseholdStatus::Poor, Some(true))), // village not listed
        (522327200000, f(2, HouseholdStatus::Poor, Some(true))), // a township code: rejected
    ];
    let villages: Vec<u64> = rows.iter().map(|r| r.0).collect();
    let fields: Vec<HouseholdFields> = rows.iter().map(|r| r.1).collect();
    let report = ds
        .add_households(Households::Fields {
            villages: &villages,
            fields: &fields,
        })
        .unwrap();
    assert_eq!((report.rows, report.accepted), (7, 6));
    assert_eq!(report.rejected.0[0].code, "not_a_village_code");
    assert_eq!(report.rejected.0[0].path.to_string(), "[6].village");
    ds
}

#[test]
fn rows_of_fields_have_the_household_size_of_every_other_input() {
    // 0 and 31 members are refused as a table's rows are (`people_range`), every problem of
    // the row listed; the other rows count
    let mut ds = Dataset::new(d("2020-06-30"));
    let f = |people| HouseholdFields::new(people, HouseholdStatus::Poor);
    let report = ds
        .add_households(Households::Fields {
            villages: &[522327100201, 522327100201, 522327200000, 522327100201],
            fields: &[f(0), f(30), f(31), f(1)],
        })
        .unwrap();
    assert_eq!((report.rows, report.accepted), (4, 2));
    let found: Vec<(String, &str)> = report
        .rejected
        .0
        .iter()
        .map(|i| (i.path.to_string(), i.code.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("[0].people".to_owned(), "people_range"),
            ("[2].village".to_owned(), "not_a_village_code"),
            ("[2].people".to_owned(), "people_range"),
        ]
    );
    assert_eq!(
        report.rejected.0[0].message,
        "a household has 1 to 30 members, not 0"
    );
}

#[test]
fn rows_of_fields_with_an_income_below_zero_are_rejected_as_records_and_tables_are() {
    // the columns' path refuses the whole chunk and says to give rows of fields to have
    // each reported: rows of fields report it, as records and table rows do
    let mut ds = Dataset::new(d("2020-06-30"));
    let mut poor = HouseholdFields::new(2, HouseholdStatus::Poor);
    poor.income_per_capita = Some("-10".parse().unwrap());
    let mut other = HouseholdFields::new(0, HouseholdStatus::Poor);
    other.income_per_capita = Some("-0.01".parse().unwrap());
    let report = ds
        .add_households(Households::Fields {
            villages: &[522327100201, 522327100201, 522327100201],
            fields: &[poor, HouseholdFields::new(3, HouseholdStatus::Poor), other],
        })
        .unwrap();
    assert_eq!((report.rows, report.accepted), (3, 1));
    let found: Vec<(String, &str, &str)> = report
        .rejected
        .0
        .iter()
        .map(|i| (i.path.to_string(), i.code.as_str(), i.message.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "[0].income_per_capita".to_owned(),
                "negative_income",
                "per-capita net income `-10.00` is negative"
            ),
            (
                "[2].people".to_owned(),
                "people_range",
                "a household has 1 to 30 members, not 0"
            ),
            (
                "[2].income_per_capita".to_owned(),
                "negative_income",
                "per-capita net income `-0.01` is negative"
            ),
        ]
    );
    assert_eq!(ds.tally().total().get(Counter::PoorPeople), 3);
}

#[test]
fn records_that_break_a_rule_are_rejected_by_every_way_in() {
    // a record with an income that is not the sum of its components, one with a member born
    // after the date, one of a township's code: rejected, every problem under its index, by
    // a data set and a stream alike, as `fupin assess` rejects such records' texts
    let as_of = d("2020-06-30");
    let record = |extra: serde_json::Value| {
        let mut h = serde_json::json!({
            "file_number": "f", "village": "522327100201", "identified_year": 2014,
            "status": "poor", "main_cause": "因病",
            "members": [{"name": "甲", "relation": "householder", "sex": "male"},
                        {"name": "乙", "relation": "spouse", "sex": "female"}]
        });
        for (k, v) in extra.as_object().unwrap() {
            h[k] = v.clone();
        }
        h
    };
    let values = [
        record(serde_json::json!({"file_number": "1"})),
        record(
            serde_json::json!({"file_number": "2", "income_per_capita": 4500,
            "income": {"wages": 800, "business": 200, "property": 0, "transfers": 0}}),
        ),
        record(
            serde_json::json!({"file_number": "3", "members": [{"name": "丙",
            "relation": "householder", "sex": "male", "birth_date": "2021-01-01"}]}),
        ),
        record(serde_json::json!({"file_number": "4", "village": "522327100000"})),
    ];
    let records: Vec<fupin::household::Household> = values
        .iter()
        .map(|v| fupin::household::Household::from_value(v.clone()).unwrap())
        .collect();
    let found = |report: &fupin::assess::RowReport| -> Vec<(String, String)> {
        report
            .rejected
            .0
            .iter()
            .map(|i| (i.path.to_string(), i.code.clone()))
            .collect()
    };
    let mut ds = Dataset::new(as_of);
    let from_data_set = ds.add_households(records.as_slice()).unwrap();
    assert_eq!((from_data_set.rows, from_data_set.accepted), (4, 1));
    let rejected_rows: Vec<Option<usize>> = from_data_set
        .rejected
        .0
        .iter()
        .map(|i| i.path.first_index())
        .collect();
    assert!(
        rejected_rows.windows(2).all(|w| w[0] <= w[1]),
        "{rejected_rows:?}"
    );
    assert_eq!(
        found(&from_data_set)
            .iter()
            .map(|(p, _)| p.as_str())
            .take(2)
            .collect::<Vec<_>>(),
        ["[1].income_per_capita", "[2].members[0].birth_date"]
    );
    assert_eq!(found(&from_data_set).last().unwrap().0, "[3].village");
    assert_eq!(ds.tally().total().get(Counter::PoorPeople), 2);

    let mut stream = fupin::assess::TallyStream::new(as_of, UnitFacts::default()).unwrap();
    let from_stream = stream.push_households(records.as_slice()).unwrap();
    assert_eq!(found(&from_stream), found(&from_data_set));
    assert_eq!(stream.finish().total().get(Counter::PoorPeople), 2);

    // the texts of the same records, as `fupin assess` counts a JSON Lines file (rows from 0
    // here, as the data set numbers them)
    let texts: Vec<String> = values.iter().map(|v| v.to_string()).collect();
    let numbered: Vec<(usize, &[u8])> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| (i, t.as_bytes()))
        .collect();
    let mut check = fupin::household::DuplicateCheck::new();
    check.begin_file("h.jsonl", false);
    let mut stream = fupin::assess::TallyStream::new(as_of, UnitFacts::default()).unwrap();
    let from_texts = stream.push_record_texts(
        &numbered,
        &mut fupin::household::TableHouseholds::from(&mut check),
    );
    assert_eq!(from_texts.accepted, 1);
    assert_eq!(found(&from_texts), found(&from_data_set));
}

fn value(r: &Rollup, unit: Option<&str>, id: &str) -> (u64, u64, Option<f64>, Completeness) {
    let v = r
        .indicator(unit.map(c), id, MissingStrategy::SkipIfAllMissing)
        .unwrap();
    (v.numerator, v.denominator, v.value, v.completeness)
}

#[test]
fn hand_computed_small_county() {
    let r = small().roll_up();
    // poverty incidence: poor people in villages with a known population / that population
    // v1: poor 4 + returned 2 = 6 of 100; v2: 5 of 50; v3 and the unlisted village: unknown
    assert_eq!(
        value(&r, Some("522327100201"), ind::POVERTY_INCIDENCE),
        (6, 100, Some(0.06), Completeness::Complete)
    );
    let county = value(&r, Some("522327"), ind::POVERTY_INCIDENCE);
    assert_eq!(
        (county.0, county.1, county.3),
        (11, 150, Completeness::Partial)
    );
    // the same up the chain: prefecture, province, nation
    for unit in [Some("522300"), Some("520000"), None] {
        assert_eq!(value(&r, unit, ind::POVERTY_INCIDENCE).0, 11);
    }
    // broadband of poor villages: v1 yes, v2 unknown → 1 of 1 known, partial
    assert_eq!(
        value(&r, Some("522327"), ind::POOR_VILLAGE_BROADBAND),
        (1, 1, Some(1.0), Completeness::Partial)
    );
    assert_eq!(
        value(&r, Some("522327"), ind::POOR_VILLAGE_FIBER),
        (1, 2, Some(0.5), Completeness::Complete)
    );
    // terminals among poor households: poor/returned/newly poor = 5 households; 4 known, 3 yes
    assert_eq!(
        value(&r, Some("522327"), ind::HOUSEHOLD_TERMINAL),
        (3, 4, Some(0.75), Completeness::Partial)
    );
    // households still poor: 5 of 6
    assert_eq!(value(&r, Some("522327"), ind::POOR_HOUSEHOLD_SHARE).0, 5);
    // township nodes: t1 yes, t2 unknown; e-commerce: t1 yes, t2 no
    assert_eq!(
        value(&r, Some("522327"), ind::TOWNSHIP_SERVICE_NODE),
        (1, 1, Some(1.0), Completeness::Partial)
    );
    assert_eq!(
        value(&r, Some("522327"), ind::TOWNSHIP_ECOMMERCE),
        (1, 2, Some(0.5), Completeness::Complete)
    );
    assert_eq!(
        value(&r, Some("522327"), ind::COUNTY_PLATFORM),
        (1, 1, Some(1.0), Completeness::Complete)
    );
    // network leaders: v1 yes, v3 no, v2 unknown
    assert_eq!(
        value(&r, Some("522327"), ind::VILLAGE_NETWORK_LEADER),
        (1, 2, Some(0.5), Completeness::Partial)
    );
    // a rich township has no poor village: empty, not zero
    let t2 = value(&r, Some("522327200000"), ind::POOR_VILLAGE_BROADBAND);
    assert_eq!((t2.2, t2.3), (None, Completeness::Empty));
    // the unlisted village is counted, and flagged
    assert_eq!(
        r.get(c("522327200202"))
            .unwrap()
            .get(Counter::VillagesUnlisted),
        1
    );
    assert_eq!(r.nation.get(Counter::Households), 6);
    // strict strategy: partial data gives no value
    let strict = r
        .indicator(
            Some(c("522327")),
            ind::HOUSEHOLD_TERMINAL,
            MissingStrategy::SkipIfAnyMissing,
        )
        .unwrap();
    assert_eq!(strict.value, None);
    // children
    let towns: Vec<String> = r
        .children(Some(c("522327")))
        .iter()
        .map(|e| e.code.to_string())
        .collect();
    assert_eq!(towns, ["522327100000", "522327200000"]);
    assert_eq!(r.children(None).len(), 1);
}

/// The households of [`tiny_synth`]`(seed)` as rows of fields, drawn one by one by the
/// generator (the same households: `synthetic_rows_drawn_one_by_one_…` checks it).
fn tiny_rows(seed: u64) -> (Vec<u64>, Vec<HouseholdFields>) {
    let mut villages = Vec::new();
    let mut fields = Vec::new();
    fupin::synth::generate_rows(&tiny_counties(), &tiny_opts(seed), |v, f| {
        villages.push(v.as_u64());
        fields.push(*f);
    });
    (villages, fields)
}

fn add_rows(ds: &mut Dataset, villages: &[u64], fields: &[HouseholdFields]) -> usize {
    ds.add_households(Households::Fields { villages, fields })
        .unwrap()
        .accepted
}

/// Splits a data set (its households given as rows) into `k` random parts: each household
/// and each unit in one part.
fn split(
    ds: &Dataset,
    (villages, fields): &(Vec<u64>, Vec<HouseholdFields>),
    k: usize,
    seed: u64,
) -> Vec<Dataset> {
    let mut rng = Rng::new(seed);
    let mut units = vec![UnitFacts::default(); k];
    let pick = |rng: &mut Rng| rng.range(0, u32::try_from(k - 1).unwrap()) as usize;
    for x in ds.counties() {
        units[pick(&mut rng)].counties.push(x.clone());
    }
    for x in ds.townships() {
        units[pick(&mut rng)].townships.push(x.clone());
    }
    for x in ds.villages() {
        units[pick(&mut rng)].villages.push(x.clone());
    }
    let mut rows = vec![(Vec::new(), Vec::new()); k];
    for (v, f) in villages.iter().zip(fields) {
        let part = &mut rows[pick(&mut rng)];
        part.0.push(*v);
        part.1.push(*f);
    }
    units
        .into_iter()
        .zip(rows)
        .map(|(u, (v, f))| {
            let mut part = Dataset::with_units(ds.as_of(), u)
                .unwrap()
                .labelled(ds.label().unwrap_or(""));
            assert_eq!(add_rows(&mut part, &v, &f), v.len());
            part
        })
        .collect()
}

fn tiny_counties() -> [RegionCode; 4] {
    [c("522327"), c("522328"), c("450100"), c("110101")]
}

fn tiny_opts(seed: u64) -> SynthOptions {
    SynthOptions::new(d("2020-06-30"))
        .with_seed(seed)
        .with_scale(0.05)
        .with_shape(3, 3)
}

fn tiny_synth(seed: u64) -> Dataset {
    generate(&tiny_counties(), &tiny_opts(seed))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    #[test]
    fn tallies_of_parts_merge_into_the_tally_of_the_whole(seed in 0u64..1000, k in 1usize..5, order in 0u64..1000) {
        let ds = tiny_synth(seed);
        let whole = Rollup::of(ds.tally());
        let mut parts: Vec<Tally> = split(&ds, &tiny_rows(seed), k, seed ^ 7).iter().map(Tally::of).collect();
        // merge in a shuffled order, grouped differently (associativity, commutativity)
        let mut rng = Rng::new(order);
        for i in (1..parts.len()).rev() {
            let j = rng.range(0, u32::try_from(i).unwrap()) as usize;
            parts.swap(i, j);
        }
        let merged = parts.into_iter().reduce(|a, b| b.merge(a).unwrap()).unwrap();
        // a serialised tally merges the same
        let json = serde_json::to_string(&merged).unwrap();
        let merged: Tally = serde_json::from_str(&json).unwrap();
        prop_assert!(merged.validate().is_empty());
        let rolled = Rollup::of(merged);
        prop_assert_eq!(&rolled.nation, &whole.nation);
        prop_assert_eq!(&rolled.counties, &whole.counties);
        prop_assert_eq!(&rolled.villages, &whole.villages);
    }
}

#[test]
fn merging_tallies_of_different_dates_is_refused() {
    let a = Tally::empty(d("2020-06-30"));
    let b = Tally::empty(d("2019-12-31"));
    assert_eq!(
        a.merge(b).unwrap_err().issues().0[0].code,
        "tally_date_mismatch"
    );
}

#[test]
fn thread_counts_and_row_order_do_not_change_the_result() {
    let ds = tiny_synth(3);
    let one = Tally::of_with_threads(&ds, 1);
    for threads in [2, 3, 7] {
        assert_eq!(Tally::of_with_threads(&ds, threads), one);
    }
    // shuffled rows (forces the dense path)
    let (mut villages, mut fields) = tiny_rows(3);
    let mut rng = Rng::new(9);
    for i in (1..villages.len()).rev() {
        let j = rng.range(0, u32::try_from(i).unwrap()) as usize;
        villages.swap(i, j);
        fields.swap(i, j);
    }
    let units = UnitFacts {
        counties: ds.counties().to_vec(),
        townships: ds.townships().to_vec(),
        villages: ds.villages().to_vec(),
    };
    let mut shuffled = Dataset::with_units(ds.as_of(), units)
        .unwrap()
        .labelled(ds.label().unwrap());
    add_rows(&mut shuffled, &villages, &fields);
    assert_eq!(Tally::of_with_threads(&shuffled, 2), one);
}

#[test]
fn national_synthetic_roll_up_matches_a_naive_count() {
    let counties: Vec<RegionCode> = fupin::data::divisions(fupin::data::Vintage::V2020)
        .filter(|x| x.level == Level::County && !x.is_grouping)
        .map(|x| x.code)
        .collect();
    assert_eq!(counties.len(), 2846);
    let opts = SynthOptions::new(d("2020-06-30")).with_scale(0.02);
    let ds = generate(&counties, &opts);
    let poor_counties = ds.counties().iter().filter(|c| c.poor_county).count();
    assert_eq!(poor_counties, 832);
    let r = ds.roll_up();
    // naive: per province, poor people and terminal-yes among the poor, straight from the
    // same households drawn as rows
    let mut naive: HashMap<RegionCode, (u64, u64, u64)> = HashMap::new();
    let mut households = 0u64;
    fupin::synth::generate_rows(&counties, &opts, |v, f| {
        households += 1;
        let e = naive.entry(v.province()).or_default();
        e.0 += 1;
        if f.is_poor() {
            e.1 += u64::from(f.people);
            e.2 += u64::from(f.terminal == Some(true));
        }
    });
    assert_eq!(r.provinces.len(), naive.len());
    for p in &r.provinces {
        let (hh, poor_people, terminal) = naive[&p.code];
        assert_eq!(p.counts.get(Counter::Households), hh);
        assert_eq!(p.counts.get(Counter::PoorPeople), poor_people);
        assert_eq!(p.counts.get(Counter::TerminalYes), terminal);
    }
    assert_eq!(r.nation.get(Counter::Households), households);
    assert_eq!(r.nation.get(Counter::Counties), 2846);
    assert_eq!(r.counties.len(), 2846);
    // every level sums to the nation
    for level in [
        Level::Province,
        Level::Prefecture,
        Level::County,
        Level::Township,
        Level::Village,
    ] {
        let sum: u64 = r
            .level(level)
            .iter()
            .map(|e| e.counts.get(Counter::PoorPeople))
            .sum();
        assert_eq!(sum, r.nation.get(Counter::PoorPeople), "{level}");
    }
}

#[test]
fn a_register_fed_in_chunks_tallies_like_the_whole() {
    use fupin::assess::TallyStream;
    let ds = tiny_synth(11);
    let units = UnitFacts {
        counties: ds.counties().to_vec(),
        townships: ds.townships().to_vec(),
        villages: ds.villages().to_vec(),
    };
    let mut stream = TallyStream::new(ds.as_of(), units)
        .unwrap()
        .labelled(ds.label().unwrap());
    let (villages, fields) = tiny_rows(11);
    let mut accepted = 0;
    for (v, f) in villages.chunks(777).zip(fields.chunks(777)) {
        accepted += stream
            .push_households(Households::Fields {
                villages: v,
                fields: f,
            })
            .unwrap()
            .accepted;
    }
    // a household of an unlisted village, and a bad code, in a last chunk
    let mut extra = HouseholdFields::new(2, HouseholdStatus::Poor);
    extra.file_complete = Some(true);
    let report = stream
        .push_households(Households::Fields {
            villages: &[522327999201, 522327999000],
            fields: &[extra, extra],
        })
        .unwrap();
    assert_eq!((report.accepted, report.rejected.len()), (1, 1));
    assert_eq!(accepted, villages.len());
    let streamed = Rollup::of(stream.finish());
    let mut whole = Dataset::with_units(
        ds.as_of(),
        UnitFacts {
            counties: ds.counties().to_vec(),
            townships: ds.townships().to_vec(),
            villages: ds.villages().to_vec(),
        },
    )
    .unwrap()
    .labelled(ds.label().unwrap());
    add_rows(&mut whole, &villages, &fields);
    add_rows(&mut whole, &[522327999201], &[extra]);
    let whole = whole.roll_up();
    assert_eq!(streamed, whole);
    assert_eq!(
        streamed
            .get(c("522327999201"))
            .unwrap()
            .get(Counter::VillagesUnlisted),
        1
    );
}

#[test]
fn data_sets_merge_and_conflicts_are_reported() {
    let ds = tiny_synth(5);
    let parts = split(&ds, &tiny_rows(5), 3, 1);
    let mut it = parts.into_iter();
    let first = it.next().unwrap();
    let merged = it.fold(first, |a, b| a.merge(b).unwrap());
    assert_eq!(merged.roll_up(), ds.roll_up());
    // the same village with other facts
    let mut v = ds.villages()[0].clone();
    v.network_leader = Some(!v.network_leader.unwrap_or(false));
    let other = Dataset::with_units(
        ds.as_of(),
        UnitFacts {
            villages: vec![v],
            ..UnitFacts::default()
        },
    )
    .unwrap();
    let err = ds.clone().merge(other).unwrap_err();
    assert_eq!(err.issues().0[0].code, "conflicting_unit");
    let later = Dataset::new(d("2021-01-01"));
    assert_eq!(
        ds.merge(later).unwrap_err().issues().0[0].code,
        "dataset_date_mismatch"
    );
}

#[test]
fn the_sorted_fast_path_agrees_with_the_general_path_on_long_runs() {
    use fupin::assess::TallyStream;
    let units = || UnitFacts {
        villages: vec![
            VillageFacts::new(c("522327100201")),
            VillageFacts::new(c("522327100202")),
            VillageFacts::new(c("522327100203")),
        ],
        ..UnitFacts::default()
    };
    let (mut villages, mut fields) = (Vec::new(), Vec::new());
    for (village, n) in [
        (522_327_100_201, 70_000),
        (522_327_100_203, 3),
        (522_327_100_209, 2),
    ] {
        for i in 0..n {
            let mut f = HouseholdFields::new(2, HouseholdStatus::Exited);
            if i % 3 == 0 {
                f.status = Some(HouseholdStatus::Poor);
                f.terminal = Some(false);
            } else {
                f.file_complete = Some(true);
            }
            villages.push(village);
            fields.push(f);
        }
    }
    let mut ds = Dataset::with_units(d("2020-06-30"), units()).unwrap();
    add_rows(&mut ds, &villages, &fields);
    let mut stream = TallyStream::new(d("2020-06-30"), units()).unwrap();
    stream
        .push_households(Households::Fields {
            villages: &villages,
            fields: &fields,
        })
        .unwrap();
    let general = stream.finish();
    for threads in [1, 2, 4] {
        assert_eq!(
            Tally::of_with_threads(&ds, threads),
            general,
            "{threads} threads"
        );
    }
    let r = Rollup::of(general);
    assert_eq!(
        r.get(c("522327100201")).unwrap().get(Counter::Households),
        70_000
    );
    assert_eq!(
        r.get(c("522327100202")).unwrap().get(Counter::Households),
        0
    );
    assert_eq!(r.nation.get(Counter::Villages), 3);
    assert_eq!(r.nation.get(Counter::VillagesUnlisted), 1);
}

#[test]
fn synthetic_rows_drawn_one_by_one_tally_like_the_generated_data_set() {
    let counties = [c("522327"), c("450100")];
    let opts = SynthOptions::new(d("2020-06-30"))
        .with_scale(0.05)
        .with_shape(3, 3);
    let mut villages = Vec::new();
    let mut fields = Vec::new();
    let (units, label) = fupin::synth::generate_rows(&counties, &opts, |v, f| {
        villages.push(v.as_u64());
        fields.push(*f);
    });
    let mut ds = Dataset::with_units(opts.as_of, units)
        .unwrap()
        .labelled(label);
    add_rows(&mut ds, &villages, &fields);
    assert_eq!(ds.roll_up(), generate(&counties, &opts).roll_up());
}

/// An unlisted village whose households are split between two parts is one village in the
/// merged tally, as in a tally of the whole (found running partial tallies in Spark).
#[test]
fn an_unlisted_village_split_between_parts_is_counted_once() {
    let as_of = d("2020-06-30");
    let part = |n: usize| {
        let mut ds = Dataset::new(as_of);
        let rows = vec![HouseholdFields::new(2, HouseholdStatus::Poor); n];
        assert_eq!(add_rows(&mut ds, &vec![522_327_100_201; n], &rows), n);
        ds
    };
    let whole = part(3).tally();
    let merged = part(1).tally().merge(part(2).tally()).unwrap();
    assert_eq!(merged.villages, whole.villages);
    assert_eq!(merged.total().get(Counter::VillagesUnlisted), 1);
    assert_eq!(Rollup::of(merged), Rollup::of(whole));
}

/// Parts that were each given the village table: merged, the village's population and
/// facts would be added twice (its incidence halved); the merge is refused, naming it.
#[test]
fn a_unit_counted_in_two_parts_is_refused_when_merged() {
    let as_of = d("2020-06-30");
    let part = || {
        let units: UnitFacts = serde_json::from_str(
            r#"{"villages": [{"code": "522327100201", "poor_village": true, "rural_population": 100}]}"#,
        )
        .unwrap();
        let mut ds = Dataset::with_units(as_of, units).unwrap();
        let rows = vec![HouseholdFields::new(3, HouseholdStatus::Poor); 2];
        assert_eq!(add_rows(&mut ds, &[522_327_100_201; 2], &rows), 2);
        ds.tally()
    };
    let err = part().merge(part()).unwrap_err().issues();
    assert_eq!(err.0.len(), 1, "{err:?}");
    assert_eq!(err.0[0].code, "unit_counted_twice");
    assert_eq!(err.0[0].path.to_string(), "villages.522327100201");
    // the households alone in the second part: merged exactly
    let mut households = Dataset::new(as_of);
    let rows = vec![HouseholdFields::new(3, HouseholdStatus::Poor); 2];
    assert_eq!(add_rows(&mut households, &[522_327_100_201; 2], &rows), 2);
    let merged = part().merge(households.tally()).unwrap();
    assert_eq!(merged.total().get(Counter::RuralPopulation), 100);
    assert_eq!(merged.total().get(Counter::PoorPeople), 12);
}

/// "电商服务通达乡镇" is over towns and townships (乡镇): a sub-district (街道, 001–099) and a
/// farm or development zone (400 and above) are in neither its numerator nor its population.
#[test]
fn township_ecommerce_counts_towns_and_townships_only() {
    let units: UnitFacts = serde_json::from_str(
        r#"{"townships": [
            {"code": "522327100000", "ecommerce": true},
            {"code": "522327001000", "ecommerce": false},
            {"code": "522327400000", "ecommerce": false}
        ]}"#,
    )
    .unwrap();
    let r = Dataset::with_units(d("2020-06-30"), units)
        .unwrap()
        .roll_up();
    let v = r
        .indicator(
            Some(c("522327")),
            "township_ecommerce",
            MissingStrategy::default(),
        )
        .unwrap();
    assert_eq!((v.numerator, v.denominator, v.population), (1, 1, 1));
}

/// A merge keeps every part's label: synthetic data merged with real data stays labelled
/// SYNTHETIC (tallies and data sets alike), each label once.
#[test]
fn a_merge_keeps_the_synthetic_label() {
    let synthetic = tiny_synth(5);
    let real = Dataset::new(synthetic.as_of()).labelled("county office export");
    let label = synthetic.label().unwrap().to_owned();
    assert!(label.starts_with("SYNTHETIC"));
    let tally = synthetic
        .tally()
        .merge(Tally::empty(synthetic.as_of()))
        .unwrap();
    assert_eq!(tally.label.as_deref(), Some(label.as_str()));
    let both = synthetic.tally().merge(real.tally()).unwrap();
    assert_eq!(both.label, Some(format!("{label} + county office export")));
    let again = both.merge(
        synthetic
            .tally()
            .merge(Tally::empty(synthetic.as_of()))
            .unwrap(),
    );
    assert!(again.is_err(), "the same units twice");
    let ds = real.merge(synthetic).unwrap();
    assert!(ds.label().unwrap().contains("SYNTHETIC"));
}

/// 行政村光纤通达率 and 行政村4G覆盖率 are over administrative villages (村民委员会, village
/// segment 200–399): a residents' committee (居民委员会, 001–199) listed beside them is not
/// in their numerator or population.
#[test]
fn administrative_village_shares_leave_residents_committees_out() {
    let units: UnitFacts = serde_json::from_str(
        r#"{"villages": [
            {"code": "522327100001", "fiber": false, "mobile_4g": false},
            {"code": "522327100201", "fiber": true, "mobile_4g": true}
        ]}"#,
    )
    .unwrap();
    let r = Dataset::with_units(d("2020-06-30"), units)
        .unwrap()
        .roll_up();
    for id in ["village_fiber", "village_4g"] {
        let v = r
            .indicator(Some(c("522327")), id, MissingStrategy::default())
            .unwrap();
        assert_eq!(
            (v.numerator, v.denominator, v.population),
            (1, 1, 1),
            "{id}"
        );
    }
    // both are village-level units all the same
    assert_eq!(
        r.counts(Some(c("522327"))).unwrap().get(Counter::Villages),
        2
    );
}
