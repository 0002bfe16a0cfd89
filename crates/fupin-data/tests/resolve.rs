//! Name resolution.

use fupin_core::region::RegionCode;
use fupin_data::{
    Candidate, DataError, MatchKind, Vintage, divisions, full_name, resolve, resolve_in,
};

#[expect(clippy::unwrap_used, reason = "a test helper")]
fn hits(q: &str) -> Vec<(String, &'static str, &'static str)> {
    resolve(q)
        .unwrap()
        .into_iter()
        .map(|c| (c.division.gb2260(), c.division.name, c.how.as_str()))
        .collect()
}

#[expect(clippy::unwrap_used, reason = "a test helper")]
fn one(q: &str) -> Candidate {
    let mut c = resolve(q).unwrap();
    assert_eq!(c.len(), 1, "{q}: {c:?}");
    c.remove(0)
}

#[test]
fn short_forms() {
    let c = one("长阳");
    assert_eq!(
        (c.division.gb2260(), c.division.name),
        ("420528".into(), "长阳土家族自治县")
    );
    assert_eq!(c.how, MatchKind::ShortForm);
    assert_eq!(one("长阳县").division.name, "长阳土家族自治县");
    assert_eq!(one("黔西南州").division.name, "黔西南布依族苗族自治州");
    assert_eq!(one("内蒙古").division.name, "内蒙古自治区");
    assert_eq!(one("广西").division.name, "广西壮族自治区");
    assert_eq!(one("神农架").division.name, "神农架林区");
    assert_eq!(one("册亨").division.name, "册亨县");
}

#[test]
fn prefixes_are_labelled() {
    let c = one("西乌");
    assert_eq!(c.division.name, "西乌珠穆沁旗");
    assert_eq!(c.how, MatchKind::Prefix);
    assert_eq!(one("前郭").how, MatchKind::Prefix);
    assert_eq!(one("长阳土家族").how, MatchKind::Prefix);
    // not unique: no prefix candidate
    assert!(resolve("阿拉").is_err());
}

#[test]
fn abolished_names_resolve_through_changes() {
    let c = one("宣武区");
    assert_eq!(c.division.name, "西城区");
    let MatchKind::Abolished { change } = c.how else {
        panic!("{c:?}")
    };
    assert_eq!((change.year, change.old_name), (2010, Some("宣武区")));
    assert_eq!(one("宣武").division.name, "西城区");
    assert_eq!(one("郫县").division.name, "郫都区");
    assert_eq!(one("襄樊市").division.name, "襄阳市");
    assert_eq!(one("110104").division.name, "西城区");
    // In 2016 郫县 still existed.
    let c = resolve_in("郫县", Vintage::V2016).unwrap();
    assert_eq!((c[0].division.name, &c[0].how), ("郫县", &MatchKind::Exact));
}

#[test]
fn ambiguous_names_give_every_candidate() {
    assert_eq!(
        hits("朝阳区"),
        [
            ("110105".into(), "朝阳区", "exact"),
            ("220104".into(), "朝阳区", "exact")
        ]
    );
    assert_eq!(
        hits("朝阳"),
        [
            ("110105".into(), "朝阳区", "short_form"),
            ("211300".into(), "朝阳市", "short_form"),
            ("211321".into(), "朝阳县", "short_form"),
            ("220104".into(), "朝阳区", "short_form"),
        ]
    );
    assert_eq!(hits("吉林").len(), 2);
}

#[test]
fn qualified_names() {
    for q in [
        "湖北长阳",
        "湖北省长阳县",
        "宜昌长阳",
        "湖北省宜昌市长阳土家族自治县",
    ] {
        let c = one(q);
        assert_eq!(
            (c.division.name, &c.how),
            ("长阳土家族自治县", &MatchKind::Qualified),
            "{q}"
        );
    }
    for q in ["贵州省册亨县", "黔西南州册亨县", "贵州黔西南册亨"] {
        assert_eq!(one(q).division.gb2260(), "522327", "{q}");
    }
    // The qualifier picks one of two 朝阳区.
    assert_eq!(one("北京朝阳区").division.gb2260(), "110105");
    assert_eq!(one("长春市朝阳区").division.gb2260(), "220104");
    // A qualifier that does not contain the unit is no match.
    assert!(resolve("湖南长阳").is_err());
}

#[test]
fn junk_is_not_found_never_guessed() {
    for q in [
        "客服",
        "",
        "   ",
        "12345",
        "999999",
        "北京市市",
        "市辖区",
        "省直辖县级行政区划",
        "x",
    ] {
        let err = resolve(q).map(|c| format!("{q}: {c:?}")).unwrap_err();
        assert_eq!(err.code(), "not_found", "{q}");
    }
    assert_eq!(
        resolve("客服").unwrap_err(),
        DataError::NotFound {
            query: "客服".into()
        }
    );
    assert_eq!(
        resolve("客服").unwrap_err().to_string(),
        "no division matches `客服`"
    );
    let long = "长".repeat(100);
    assert!(resolve(&long).is_err());
}

#[test]
fn white_space_is_ignored_and_codes_accepted() {
    assert_eq!(one("\u{3000}长阳 ").division.name, "长阳土家族自治县");
    assert_eq!(one("湖北 长阳").how, MatchKind::Qualified);
    let c = one("522327");
    assert_eq!((c.division.name, &c.how), ("册亨县", &MatchKind::Code));
    assert_eq!(one("522327000000").division.name, "册亨县");
}

#[test]
fn every_name_and_full_name_resolves_to_its_unit() {
    for v in Vintage::ALL {
        for d in divisions(v).filter(|d| !d.is_grouping) {
            let c = resolve_in(d.name, v).unwrap();
            assert!(
                c.iter()
                    .any(|c| c.division == d && c.how == MatchKind::Exact),
                "{}",
                d.name
            );
            let full = full_name(d.code, v).unwrap();
            let c = resolve_in(&full, v).unwrap();
            assert!(c.iter().any(|c| c.division == d), "{full}");
            let code = resolve_in(&d.gb2260(), v).unwrap();
            assert_eq!(code[0].division, d);
        }
    }
}

#[test]
fn ranking_is_deterministic() {
    let a = resolve("海南").unwrap();
    let b = resolve("海南").unwrap();
    assert_eq!(a, b);
    assert!(
        a.windows(2)
            .all(|w| (w[0].how.rank(), w[0].division.code) < (w[1].how.rank(), w[1].division.code))
    );
}

#[test]
fn candidates_serialize_for_bindings() {
    let json = serde_json::to_value(resolve("宣武区").unwrap()).unwrap();
    assert_eq!(json[0]["how"]["kind"], "abolished");
    assert_eq!(json[0]["how"]["change"]["year"], 2010);
    assert_eq!(json[0]["division"]["name"], "西城区");
    let json = serde_json::to_value(resolve("长阳").unwrap()).unwrap();
    assert_eq!(json[0]["how"], serde_json::json!({"kind": "short_form"}));
    let _ = RegionCode::from_gb2260(420528).unwrap();
}

#[test]
fn banner_and_league_abbreviations() {
    for (q, name) in [
        ("西乌旗", "西乌珠穆沁旗"),
        ("东乌旗", "东乌珠穆沁旗"),
        ("科左中旗", "科尔沁左翼中旗"),
        ("察右前旗", "察哈尔右翼前旗"),
        ("阿左旗", "阿拉善左旗"),
        ("锡盟", "锡林郭勒盟"),
        ("阿盟", "阿拉善盟"),
    ] {
        let c = one(q);
        assert_eq!(
            (c.division.name, &c.how),
            (name, &MatchKind::ShortForm),
            "{q}"
        );
    }
    // qualified by a league's abbreviation
    assert_eq!(one("锡盟西乌旗").division.name, "西乌珠穆沁旗");
    // the prefix still works, and is still labelled a prefix
    assert_eq!(one("西乌").how, MatchKind::Prefix);
}

#[test]
fn units_of_2021_to_2023_resolve_and_those_of_2017_to_2019_are_not_abolished() {
    for name in [
        "临平区",
        "钱塘区",
        "横州市",
        "会理市",
        "沙县区",
        "凤翔区",
        "米林市",
    ] {
        let c = one(name);
        assert_eq!((c.division.name, &c.how), (name, &MatchKind::Exact));
        assert_eq!(c.division.vintage, Vintage::V2023);
    }
    // 横县 became 横州市 in 2021: in 2023 the old name leads there, in 2020 it is a county
    let c = one("横县");
    assert_eq!(c.division.name, "横州市");
    assert!(matches!(c.how, MatchKind::Abolished { ref change } if change.year == 2021));
    let c = resolve_in("横县", Vintage::V2020).unwrap();
    assert_eq!((c[0].division.name, &c[0].how), ("横县", &MatchKind::Exact));
    // 莱城区 (371202) was abolished in January 2019: a unit of the 2018 list, not abolished
    let c = resolve_in("莱城区", Vintage::V2018).unwrap();
    assert_eq!(
        (c[0].division.name, &c[0].how),
        ("莱城区", &MatchKind::Exact)
    );
    let c = resolve_in("371202", Vintage::V2018).unwrap();
    assert_eq!(
        (c[0].division.name, &c[0].how),
        ("莱城区", &MatchKind::Code)
    );
    assert!(matches!(
        resolve_in("莱城区", Vintage::V2019).unwrap()[0].how,
        MatchKind::Abolished { .. }
    ));
    // NBS-only units resolve, marked as such
    let c = one("石家庄高新技术产业开发区");
    assert!(c.division.is_nbs_only);
    // a name unknown in 2020 is not found there (no event of a later year is used)
    assert_eq!(
        resolve_in("钱塘区", Vintage::V2020).unwrap_err().code(),
        "not_found"
    );
}
