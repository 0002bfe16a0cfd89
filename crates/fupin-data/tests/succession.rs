//! Successor chains never land on an unrelated unit (issue #15 point 7): codes are reused,
//! so a chain is followed by code, name and time, and a bare code that several units
//! carried gives every one of them, flagged as ambiguous.

use std::collections::BTreeSet;

use fupin_core::region::{Level, RegionCode};
use fupin_data::{
    ChangeKind, CodeTrace, CrosswalkStatus, MatchKind, Vintage, changes, children,
    crosswalk_2016_2020, get, resolve_in, successors, trace_code,
};

#[expect(clippy::unwrap_used, reason = "a test helper")]
fn c(n: u32) -> RegionCode {
    RegionCode::from_gb2260(n).unwrap()
}

/// `(code, name)` of the successors.
fn named(t: &CodeTrace) -> Vec<(String, &'static str)> {
    t.successors()
        .iter()
        .map(|d| (d.gb2260(), d.name))
        .collect()
}

/// `(name, since, until, status, successors)` of each holder.
type Row = (
    &'static str,
    Option<u16>,
    Option<u16>,
    CrosswalkStatus,
    Vec<(String, &'static str)>,
);

fn holders(t: &CodeTrace) -> Vec<Row> {
    t.holders
        .iter()
        .map(|h| {
            (
                h.name,
                h.since,
                h.until,
                h.status,
                h.successors.iter().map(|d| (d.gb2260(), d.name)).collect(),
            )
        })
        .collect()
}

fn s(code: &str, name: &'static str) -> (String, &'static str) {
    (code.to_owned(), name)
}

/// Old ID-number codes whose first successor code was given to another county a year or
/// so later: following the code alone landed on that county.
#[test]
fn old_id_codes_follow_their_unit_not_the_code() {
    use CrosswalkStatus::Traced;
    // 邵东县: 432523 → 430321 (1983) → 430521 (1984, 430321 given to 湘潭县) → 邵东市 430582
    // (2019). Before the fix: 430321 湘潭县.
    let t = trace_code(c(432523), Vintage::V2020);
    assert_eq!(
        holders(&t),
        [(
            "邵东县",
            None,
            Some(1983),
            Traced,
            vec![s("430582", "邵东市")]
        )]
    );
    assert_eq!(t.status, Traced);
    assert_eq!(
        named(&trace_code(c(432523), Vintage::V2016)),
        [s("430521", "邵东县")]
    );
    // 湘潭县: 432121 → 430421 (1983) → 430321 (1984, 430421 given to 衡阳县).
    let t = trace_code(c(432121), Vintage::V2020);
    assert_eq!(
        holders(&t),
        [(
            "湘潭县",
            None,
            Some(1983),
            Traced,
            vec![s("430321", "湘潭县")]
        )]
    );
    // 栾城县: 132327 → 130123 (1986) → 130124 (1993, swapped with 正定县) → 栾城区 130111
    // (2014). Before the fix: 130123 正定县.
    let t = trace_code(c(132327), Vintage::V2020);
    assert_eq!(
        holders(&t),
        [(
            "栾城县",
            None,
            Some(1986),
            Traced,
            vec![s("130111", "栾城区")]
        )]
    );
    assert_eq!(
        named(&trace_code(c(132327), Vintage::V2016)),
        [s("130111", "栾城区")]
    );
    // 迁西县: 132730 → 130229 (1983) → 130227 (1984, 130229 given to 玉田县).
    let t = trace_code(c(132730), Vintage::V2020);
    assert_eq!(
        holders(&t),
        [(
            "迁西县",
            None,
            Some(1983),
            Traced,
            vec![s("130227", "迁西县")]
        )]
    );
    for (code, to) in [
        (432523, 430582),
        (432121, 430321),
        (132327, 130111),
        (132730, 130227),
    ] {
        assert_eq!(successors(c(code), Vintage::V2020), [c(to)], "{code}");
        let r = resolve_in(&code.to_string(), Vintage::V2020).unwrap();
        assert_eq!(r.len(), 1, "{code}");
        assert_eq!(r[0].division.code, c(to), "{code}");
    }
    // The chain records the reassignment and the arrival that explain the move.
    let t = trace_code(c(432523), Vintage::V2020);
    let kinds: Vec<_> = t.holders[0]
        .changes
        .iter()
        .map(|e| (e.year, e.kind, e.new_code.map(|c| c.gb2260())))
        .collect();
    assert_eq!(
        kinds,
        [
            (1983, ChangeKind::Recoded, Some("430321".to_owned())),
            (1984, ChangeKind::CodeReassigned, Some("430321".to_owned())),
            (1984, ChangeKind::CodeReassigned, Some("430521".to_owned())),
            (2019, ChangeKind::CountyToCity, Some("430582".to_owned())),
        ]
    );
}

/// The intermediate codes themselves were carried by two counties: a bare one is
/// ambiguous and gives both, each with its own chain.
#[test]
fn reused_codes_give_every_holder() {
    use CrosswalkStatus::{Ambiguous, Traced, Unchanged};
    let cases: [(u32, Row, Row); 4] = [
        (
            430321,
            (
                "邵东县",
                Some(1983),
                Some(1984),
                Traced,
                vec![s("430582", "邵东市")],
            ),
            (
                "湘潭县",
                Some(1984),
                None,
                Unchanged,
                vec![s("430321", "湘潭县")],
            ),
        ),
        (
            430421,
            (
                "湘潭县",
                Some(1983),
                Some(1984),
                Traced,
                vec![s("430321", "湘潭县")],
            ),
            (
                "衡阳县",
                Some(1984),
                None,
                Unchanged,
                vec![s("430421", "衡阳县")],
            ),
        ),
        (
            130123,
            (
                "栾城县",
                Some(1986),
                Some(1993),
                Traced,
                vec![s("130111", "栾城区")],
            ),
            (
                "正定县",
                Some(1993),
                None,
                Unchanged,
                vec![s("130123", "正定县")],
            ),
        ),
        (
            130229,
            (
                "迁西县",
                Some(1983),
                Some(1984),
                Traced,
                vec![s("130227", "迁西县")],
            ),
            (
                "玉田县",
                Some(1984),
                None,
                Unchanged,
                vec![s("130229", "玉田县")],
            ),
        ),
    ];
    for (code, first, second) in cases {
        let t = trace_code(c(code), Vintage::V2020);
        assert_eq!(t.status, Ambiguous, "{code}");
        assert!(t.is_ambiguous());
        assert_eq!(holders(&t), [first.clone(), second.clone()], "{code}");
        let mut both: Vec<_> = first.4.iter().chain(&second.4).cloned().collect();
        both.sort();
        assert_eq!(named(&t), both, "{code}");
        let want: Vec<RegionCode> = both.iter().map(|(k, _)| c(k.parse().unwrap())).collect();
        assert_eq!(successors(c(code), Vintage::V2020), want, "{code}");
    }
    // 139001: 武安市 (1988–1995), then 定州市 in the 2016 list (130682 in 2020).
    let t = trace_code(c(139001), Vintage::V2020);
    assert_eq!(t.status, Ambiguous);
    assert_eq!(named(&t), [s("130481", "武安市"), s("130682", "定州市")]);
    // resolve shows both, each with the change that leads there (for 定州市 the recoding
    // derived from the 2016 and 2017 lists), never 武安市 alone.
    let found: Vec<&str> = resolve_in("139001", Vintage::V2020)
        .unwrap()
        .iter()
        .map(|c| c.division.name)
        .collect();
    assert_eq!(found, ["武安市", "定州市"]);
}

#[test]
fn laiwu_split_gives_every_successor() {
    use CrosswalkStatus::{DerivedFromCounties, Unchanged};
    // 莱芜市 (prefecture) was merged into 济南 in 2019 (events of 2018 in the data). Its one
    // event leads to 莱芜区; its districts lead to 莱芜区 and 钢城区.
    let both = vec![s("370116", "莱芜区"), s("370117", "钢城区")];
    let city = trace_code(c(371200), Vintage::V2020);
    assert_eq!(
        holders(&city),
        [(
            "莱芜市",
            Some(1992),
            Some(2018),
            DerivedFromCounties,
            both.clone()
        )]
    );
    assert_eq!(city.status, DerivedFromCounties);
    assert_eq!(named(&city), both);
    assert_eq!(
        successors(c(371200), Vintage::V2020),
        [c(370116), c(370117)]
    );
    // The changes: the city's own event and its districts' events.
    let changes: Vec<_> = city.holders[0]
        .changes
        .iter()
        .map(|e| (e.old_code.unwrap().gb2260(), e.new_code.unwrap().gb2260()))
        .collect();
    assert_eq!(
        changes,
        [
            ("371200".to_owned(), "370116".to_owned()),
            ("371202".to_owned(), "370116".to_owned()),
            ("371203".to_owned(), "370117".to_owned()),
        ]
    );
    // The crosswalk and resolve (by code and by name) give both too.
    let cw = crosswalk_2016_2020();
    let laiwu = cw.iter().find(|e| e.from.code == c(371200)).unwrap();
    assert_eq!(laiwu.status, DerivedFromCounties);
    let got: Vec<_> = laiwu
        .successors
        .iter()
        .map(|d| (d.gb2260(), d.name))
        .collect();
    assert_eq!(got, both);
    for q in ["371200", "371200000000", "莱芜市"] {
        let r = resolve_in(q, Vintage::V2020).unwrap();
        let got: Vec<_> = r
            .iter()
            .map(|k| (k.division.gb2260(), k.division.name))
            .collect();
        assert_eq!(got, both, "{q}");
        for k in &r {
            let MatchKind::Abolished { change } = &k.how else {
                panic!("{q}: {:?}", k.how);
            };
            assert_eq!(change.old_code, Some(c(371200)), "{q}");
        }
    }
    let laicheng = trace_code(c(371202), Vintage::V2020);
    assert_eq!(named(&laicheng), [s("370116", "莱芜区")]);
    let gangcheng = trace_code(c(371203), Vintage::V2020);
    assert_eq!(named(&gangcheng), [s("370117", "钢城区")]);
    // Its districts together give both successors.
    let mut all: Vec<_> = [371202, 371203]
        .into_iter()
        .flat_map(|n| successors(c(n), Vintage::V2020))
        .collect();
    all.sort();
    assert_eq!(all, [c(370116), c(370117)]);
    // In 2016 all three are still there.
    for n in [371200, 371202, 371203] {
        let t = trace_code(c(n), Vintage::V2016);
        assert_eq!(t.status, Unchanged);
        assert_eq!(successors(c(n), Vintage::V2016), [c(n)]);
    }
}

/// Every prefecture-level unit of 2016 whose code 2020 lacks: the derivation from the
/// counties applies to 莱芜市 only (那曲地区 was recoded as a whole, its counties under the
/// new code), and never adds a unit outside the province.
#[test]
fn prefectures_abolished_2016_2020_derive_only_within_their_province() {
    let cw = crosswalk_2016_2020();
    let gone: Vec<_> = cw
        .iter()
        .filter(|e| e.from.level == Level::Prefecture)
        .collect();
    let mut listed = Vec::new();
    for e in &gone {
        let code = e.from.code;
        // The same rule for a bare code.
        let t = trace_code(code, Vintage::V2020);
        assert_eq!(t.status, e.status, "{}", e.from.name);
        assert_eq!(t.successors(), e.successors, "{}", e.from.name);
        // The counties of 2016, and what they give.
        let counties = children(code, Vintage::V2016);
        assert!(!counties.is_empty(), "{}", e.from.name);
        let mut from_counties: Vec<RegionCode> = counties
            .iter()
            .flat_map(|k| successors(k.code, Vintage::V2020))
            .collect();
        from_counties.sort();
        from_counties.dedup();
        for d in &e.successors {
            assert_eq!(
                d.code.province(),
                code.province(),
                "{} → {}",
                e.from.name,
                d.name
            );
            assert!(!d.is_grouping);
        }
        if e.status == CrosswalkStatus::DerivedFromCounties {
            // Every successor comes from the city's own event or from a county.
            for d in &e.successors {
                let own = e
                    .changes
                    .iter()
                    .any(|x| x.old_code == Some(code) && x.new_code == Some(d.code));
                assert!(own || from_counties.contains(&d.code), "{}", d.name);
            }
        }
        let names: Vec<_> = e.successors.iter().map(|d| (d.gb2260(), d.name)).collect();
        println!(
            "{} {} {:?} {:?}",
            e.from.gb2260(),
            e.from.name,
            e.status,
            names
        );
        listed.push((e.from.gb2260(), e.from.name, e.status, names));
    }
    use CrosswalkStatus::{DerivedFromCounties, Traced};
    assert_eq!(
        listed,
        [
            (
                "371200".to_owned(),
                "莱芜市",
                DerivedFromCounties,
                vec![s("370116", "莱芜区"), s("370117", "钢城区")]
            ),
            (
                "542400".to_owned(),
                "那曲地区",
                Traced,
                vec![s("540600", "那曲市")]
            ),
        ]
    );
    // Prefectures still there are left alone, and so are counties.
    assert_eq!(successors(c(520500), Vintage::V2020), [c(520500)], "毕节市");
    assert_eq!(
        trace_code(c(371202), Vintage::V2020).status,
        CrosswalkStatus::Traced
    );
}

/// A unit of the crosswalk is known by name and vintage, so it is never ambiguous by reuse.
#[test]
fn crosswalk_statuses_and_wire_names() {
    for st in [
        CrosswalkStatus::Traced,
        CrosswalkStatus::SameNameRecoded,
        CrosswalkStatus::AbolishedWithoutSuccessor,
        CrosswalkStatus::Unexplained,
        CrosswalkStatus::Unchanged,
        CrosswalkStatus::Ambiguous,
        CrosswalkStatus::ReassignedWithoutSuccessor,
        CrosswalkStatus::DerivedFromCounties,
    ] {
        assert_eq!(serde_json::to_value(st).unwrap(), st.as_str());
    }
    let json = serde_json::to_value(trace_code(c(430321), Vintage::V2020)).unwrap();
    assert_eq!(json["status"], "ambiguous");
    assert_eq!(json["holders"][0]["name"], "邵东县");
    assert_eq!(json["holders"][1]["status"], "unchanged");
}

/// 古楼区 (410204) lost its code to 鼓楼区 in 1989 by a reassignment, and no event says
/// where 古楼区 went: it is not taken for 鼓楼区.
#[test]
fn a_reassignment_without_arrival_is_not_a_successor() {
    let t = trace_code(c(410204), Vintage::V2020);
    let gulou = t.holders.iter().find(|h| h.name == "古楼区").unwrap();
    assert_eq!(gulou.status, CrosswalkStatus::ReassignedWithoutSuccessor);
    assert!(gulou.successors.is_empty());
    assert_eq!(t.status, CrosswalkStatus::Ambiguous);
}

/// Every code the data know: each successor of each holder is reached by a step that says
/// so. A successor's name in the target vintage is the name the unit had when it reached
/// that code (the new name of a change of its chain, or its own name at its own code, or
/// for [`SameNameRecoded`](CrosswalkStatus::SameNameRecoded) its own name), and every
/// change of a chain starts where the chain already was (same code and name) or, for a
/// reassignment's arrival, gives the unit's name a new code. No step connects units whose
/// names differ without an event saying so.
#[test]
fn no_chain_step_joins_differently_named_units_without_an_event() {
    let mut codes = BTreeSet::new();
    for e in changes() {
        codes.extend(e.old_code.into_iter().chain(e.new_code));
    }
    for v in Vintage::ALL {
        codes.extend(
            fupin_data::divisions(v)
                .filter(|d| !d.is_grouping)
                .map(|d| d.code),
        );
    }
    let mut checked = 0;
    let mut ambiguous = 0;
    let mut derived = 0;
    for code in codes.into_iter().filter(|k| k.level() <= Level::County) {
        for to in Vintage::ALL {
            let t = trace_code(code, to);
            ambiguous += usize::from(t.is_ambiguous());
            for h in &t.holders {
                // Points reached: (code, name).
                let mut at: BTreeSet<(RegionCode, &str)> = BTreeSet::from([(code, h.name)]);
                // Derived from the counties: their chains start at the counties of 2016.
                if h.status == CrosswalkStatus::DerivedFromCounties {
                    at.extend(
                        children(code, Vintage::V2016)
                            .iter()
                            .map(|k| (k.code, k.name)),
                    );
                    derived += 1;
                }
                // A chain's changes are by year; within a year, follow until nothing moves.
                loop {
                    let before = at.len();
                    for e in &h.changes {
                        let starts_here = e
                            .old_code
                            .zip(e.old_name)
                            .is_some_and(|old| at.contains(&old));
                        let arrival =
                            matches!(e.kind, ChangeKind::CodeReassigned | ChangeKind::New)
                                && at.iter().any(|(_, n)| Some(*n) == e.new_name);
                        if ((starts_here && e.kind.is_succession()) || arrival)
                            && let Some(new) = e.new_code.zip(e.new_name)
                        {
                            at.insert(new);
                        }
                    }
                    if at.len() == before {
                        break;
                    }
                }
                for e in &h.changes {
                    let linked = e
                        .old_code
                        .zip(e.old_name)
                        .is_some_and(|old| at.contains(&old))
                        || (matches!(e.kind, ChangeKind::CodeReassigned | ChangeKind::New)
                            && e.new_name.is_some_and(|n| at.iter().any(|(_, m)| *m == n)));
                    assert!(linked, "{code} {to} {}: stray change {e:?}", h.name);
                }
                for d in &h.successors {
                    assert_eq!(d.vintage, to);
                    assert!(get(d.code, to).is_some());
                    let ok = at.contains(&(d.code, d.name))
                        || (h.status == CrosswalkStatus::SameNameRecoded && d.name == h.name);
                    assert!(
                        ok,
                        "{code} → {to}: holder {} reaches {} {} without an event naming it so",
                        h.name,
                        d.gb2260(),
                        d.name
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 5000, "{checked}");
    assert!(ambiguous > 0);
    // 莱芜市 371200 into 2019, 2020, 2021, 2022 and 2023.
    assert_eq!(derived, 5);
}
