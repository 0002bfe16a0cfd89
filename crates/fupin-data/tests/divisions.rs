//! Row counts, look-ups by code, paths and children.

use fupin_core::region::{Level, RegionCode};
use fupin_data::{
    Vintage, children, code_in_use, count, divisions, full_name, get, has_counties, path,
};

#[expect(clippy::unwrap_used, reason = "a test helper")]
fn c(n: u32) -> RegionCode {
    RegionCode::from_gb2260(n).unwrap()
}

fn names(ds: &[fupin_data::Division]) -> Vec<&str> {
    ds.iter().map(|d| d.name).collect()
}

#[test]
fn row_counts_per_vintage_and_level() {
    let counts = |v| {
        (
            count(v, Level::Province),
            count(v, Level::Prefecture),
            count(v, Level::County),
        )
    };
    let groupings = |v| divisions(v).filter(|d| d.is_grouping).count();
    let nbs_only = |v| divisions(v).filter(|d| d.is_nbs_only).count();
    // (provinces, prefectures, counties), grouping rows, NBS-only units: the generator's
    // summary of each list (gen/generate.py)
    for (v, want, groups, nbs) in [
        (Vintage::V2016, (34, 334, 2848), 292, 0),
        (Vintage::V2017, (34, 334, 2854), 9, 152),
        (Vintage::V2018, (34, 334, 2850), 9, 151),
        (Vintage::V2019, (34, 333, 2844), 9, 148),
        (Vintage::V2020, (34, 333, 2846), 4, 0),
        (Vintage::V2021, (34, 333, 2844), 9, 143),
        (Vintage::V2022, (34, 333, 2844), 9, 137),
        (Vintage::V2023, (34, 333, 2845), 9, 130),
    ] {
        assert_eq!(counts(v), want, "{v}");
        assert_eq!(groupings(v), groups, "{v}");
        assert_eq!(nbs_only(v), nbs, "{v}");
        assert_eq!(v.is_nbs(), nbs > 0, "{v}");
    }
    assert_eq!(count(Vintage::V2020, Level::Township), 0);
}

#[test]
fn rows_are_sorted_unique_and_leveled() {
    for v in Vintage::ALL {
        let all: Vec<_> = divisions(v).collect();
        assert!(all.windows(2).all(|w| w[0].code < w[1].code), "{v}");
        for d in &all {
            assert_eq!(d.level, d.code.level());
            assert_eq!(d.vintage, v);
            assert!(!d.name.is_empty() && d.name.trim() == d.name);
            // every unit sits in a province of the same vintage
            assert!(get(d.code.province(), v).is_some(), "{}", d.gb2260());
        }
    }
}

#[test]
fn ceheng_in_both_vintages() {
    for v in Vintage::ALL {
        let d = get(c(522327), v).unwrap();
        assert_eq!(
            (d.name, d.level, d.is_grouping),
            ("册亨县", Level::County, false)
        );
        assert_eq!(
            names(&path(c(522327), v)),
            ["贵州省", "黔西南布依族苗族自治州", "册亨县"]
        );
        assert_eq!(
            full_name(c(522327), v).as_deref(),
            Some("贵州省黔西南布依族苗族自治州册亨县")
        );
    }
}

#[test]
fn paths_skip_groupings_and_missing_parents() {
    for v in Vintage::ALL {
        assert_eq!(names(&path(c(429004), v)), ["湖北省", "仙桃市"]);
        assert_eq!(names(&path(c(110102), v)), ["北京市", "西城区"]);
        assert_eq!(names(&path(c(500233), v)), ["重庆市", "忠县"]);
    }
    // 2016 lists 110100 市辖区 as a grouping row; 2020 has no such row.
    assert!(get(c(110100), Vintage::V2016).unwrap().is_grouping);
    assert!(get(c(110100), Vintage::V2020).is_none());
    assert!(get(c(429000), Vintage::V2020).unwrap().is_grouping);
    assert_eq!(
        get(c(429000), Vintage::V2020).unwrap().name,
        "省直辖县级行政区划"
    );
    assert!(path(c(510117), Vintage::V2016).is_empty());
    assert_eq!(full_name(c(510117), Vintage::V2016), None);
}

#[test]
fn children_look_through_groupings() {
    for v in Vintage::ALL {
        let beijing = children(c(110000), v);
        assert_eq!(beijing.len(), 16, "{v}");
        assert!(
            beijing
                .iter()
                .all(|d| d.level == Level::County && !d.is_grouping)
        );
        let hubei = children(c(420000), v);
        assert!(hubei.iter().any(|d| d.name == "武汉市"));
        assert!(hubei.iter().any(|d| d.name == "仙桃市"));
        assert!(hubei.iter().all(|d| !d.is_grouping));
        assert_eq!(
            names(&children(c(429000), v)),
            ["仙桃市", "潜江市", "天门市", "神农架林区"]
        );
        assert_eq!(children(c(522300), v).len(), 8);
        assert!(children(c(522327), v).is_empty());
    }
    // Chongqing: districts (5001xx) and counties (5002xx) under the province in both.
    assert_eq!(children(c(500000), Vintage::V2016).len(), 38);
    assert_eq!(children(c(500000), Vintage::V2020).len(), 38);
}

#[test]
fn every_unit_has_a_path_ending_in_itself() {
    for v in Vintage::ALL {
        for d in divisions(v).filter(|d| !d.is_grouping) {
            let p = path(d.code, v);
            assert_eq!(p.last(), Some(&d));
            assert_eq!(p.first().map(|p| p.level), Some(Level::Province));
        }
    }
}

#[test]
fn codes_below_county_level_are_not_rows() {
    let township = RegionCode::parse("522327100000").unwrap();
    assert!(get(township, Vintage::V2020).is_none());
}

#[test]
fn division_serializes_for_bindings() {
    let d = get(c(522327), Vintage::V2020).unwrap();
    let json = serde_json::to_value(d).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "code": "522327000000", "name": "册亨县", "level": "county",
            "vintage": "2020", "is_grouping": false, "is_nbs_only": false
        })
    );
}

#[test]
fn nbs_only_units_are_marked() {
    let zone = get(c(130171), Vintage::V2023).unwrap();
    assert_eq!(zone.name, "石家庄高新技术产业开发区");
    assert!(zone.is_nbs_only && !zone.is_grouping);
    assert!(get(c(632857), Vintage::V2023).unwrap().is_nbs_only); // 大柴旦行政委员会
    assert!(get(c(620201), Vintage::V2023).unwrap().is_nbs_only); // 嘉峪关市 under 嘉峪关市
    assert!(get(c(130171), Vintage::V2020).is_none());
    // a unit of the NBS list, not only of it: 册亨县
    assert!(!get(c(522327), Vintage::V2023).unwrap().is_nbs_only);
    // the NBS lists leave out Taiwan, Hong Kong and Macao; their rows are carried over
    for v in Vintage::ALL {
        assert_eq!(get(c(810000), v).unwrap().name, "香港特别行政区", "{v}");
    }
}

#[test]
fn prefectures_without_counties() {
    for v in Vintage::ALL {
        for p in [441900, 442000, 460400] {
            assert_eq!(has_counties(c(p), v), Some(false), "{p} {v}");
        }
        assert_eq!(has_counties(c(441300), v), Some(true), "{v}");
        assert_eq!(has_counties(c(441302), v), None);
    }
    // a village of 东莞市 (NBS 2023): its township has county digits 00
    let village = RegionCode::parse("441900003001").unwrap();
    assert_eq!(
        village.ancestors().collect::<Vec<_>>(),
        [
            RegionCode::parse("441900003000").unwrap(),
            c(441900),
            c(440000)
        ]
    );
    assert!(code_in_use(village, Vintage::V2023));
    assert_eq!(
        full_name(village.parent().unwrap().parent().unwrap(), Vintage::V2023).as_deref(),
        Some("广东省东莞市")
    );
    // the same shape under a prefecture with counties is not a code in use
    assert!(!code_in_use(
        RegionCode::parse("441300003001").unwrap(),
        Vintage::V2023
    ));
    assert!(code_in_use(
        RegionCode::parse("441302003001").unwrap(),
        Vintage::V2023
    ));
}

#[test]
fn counties_of_2021_to_2023_are_there() {
    for (code, name) in [
        (330113, "临平区"),
        (330114, "钱塘区"),
        (450181, "横州市"),
        (513402, "会理市"),
        (350405, "沙县区"),
        (610305, "凤翔区"),
    ] {
        assert_eq!(get(c(code), Vintage::V2023).unwrap().name, name);
        assert_eq!(get(c(code), Vintage::V2021).unwrap().name, name);
        assert!(get(c(code), Vintage::V2020).is_none(), "{name}");
    }
    // 米林市 and 错那市 (2023)
    assert_eq!(get(c(540481), Vintage::V2023).unwrap().name, "米林市");
    assert!(get(c(540481), Vintage::V2022).is_none());
}
