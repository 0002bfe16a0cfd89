//! Every entity of the core round-trips through its JSON wire format unchanged.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failure should stop the test"
)]

use fupin::household::{Cause, Household};
use fupin::plan::{PovertyLines, ProjectKey, Targets};
use fupin::region::{Designations, RegionCode, Zone, ZoneMap};
use serde::Serialize;
use serde::de::DeserializeOwned;

fn round_trip<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(value: &T) {
    let json = serde_json::to_string(value).unwrap();
    let back: T = serde_json::from_str(&json).unwrap();
    assert_eq!(&back, value, "{json}");
}

#[test]
fn core_entities_round_trip() {
    let h: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/households/valid_full.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let household = Household::from_value(h["input"].clone()).unwrap();
    round_trip(&household);
    for m in &household.members {
        round_trip(m);
    }
    round_trip(&Targets::builtin());
    round_trip(&PovertyLines::builtin());
    round_trip(&RegionCode::parse("522327104201").unwrap());
    round_trip(&Cause::LackOfDrive);
    round_trip(&ProjectKey::PublicWelfare);
    let mut zones = ZoneMap::default();
    zones.set("433100".parse().unwrap(), Zone::West);
    round_trip(&zones);
    let designations = Designations::from_json(
        r#"[{"kind":"poor_county","region":"522327","valid_from":"2014-01-01",
             "valid_to":"2019-04-24","source":"synthetic"},
            {"kind":"poor_village","region":"522327104201","valid_from":"2014-01-01",
             "source":"synthetic"}]"#,
    )
    .unwrap();
    round_trip(&designations);
}

#[test]
fn the_wire_format_is_snake_case_with_12_digit_codes() {
    let h = Household::from_json(
        r#"{"file_number":"1","village":"522327104201","identified_year":2016,
            "status":"newly_poor","main_cause":"交通条件落后",
            "members":[{"name":"张三","relation":"child_in_law","sex":"male"}]}"#,
    )
    .unwrap();
    let v = serde_json::to_value(&h).unwrap();
    assert_eq!(v["village"], "522327104201");
    assert_eq!(v["status"], "newly_poor");
    assert_eq!(v["main_cause"], "poor_transport");
    assert_eq!(v["members"][0]["relation"], "child_in_law");
}
