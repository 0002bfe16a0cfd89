//! Hand-checked small cases of the responsibility rules.

use super::*;
use crate::region::{Level, RegionCode};

fn code(s: &str) -> RegionCode {
    s.parse().unwrap()
}

fn body(
    id: &str,
    kind: BodyKind,
    level: Level,
    region: Option<&str>,
    parent: Option<&str>,
) -> Body {
    Body {
        id: id.parse().unwrap(),
        name: id.to_owned(),
        kind,
        level,
        region: region.map(code),
        answers_to: parent.map(|p| p.parse().unwrap()),
        duties: Default::default(),
    }
}

fn codes(map: &ResponsibilityMap, ctx: &MapContext) -> Vec<String> {
    map.validate(ctx).iter().map(|i| i.code.clone()).collect()
}

#[test]
fn an_empty_map_lacks_only_its_coordination_group() {
    let map = ResponsibilityMap::default();
    assert_eq!(
        codes(&map, &MapContext::new()),
        ["missing_coordination_group"]
    );
}

#[test]
fn member_departments_may_answer_to_the_group_but_not_to_each_other() {
    let mut group = body("g", BodyKind::CoordinationGroup, Level::Nation, None, None);
    group.duties.insert(Duty::Coordinate);
    let map = ResponsibilityMap::new(vec![
        group,
        body(
            "cac",
            BodyKind::MemberDepartment,
            Level::Nation,
            None,
            Some("g"),
        ),
        body(
            "ndrc",
            BodyKind::MemberDepartment,
            Level::Nation,
            None,
            Some("cac"),
        ),
        body(
            "g2",
            BodyKind::CoordinationGroup,
            Level::Nation,
            None,
            Some("g"),
        ),
    ]);
    let found: Vec<(String, String)> = map
        .validate(&MapContext::new())
        .iter()
        .map(|i| (i.code.clone(), i.path.to_string()))
        .collect();
    let want = [
        ("level_not_below_parent", "bodies[2].answers_to"),
        ("coordination_group_without_coordinate", "bodies[3].duties"),
        ("level_not_below_parent", "bodies[3].answers_to"),
        ("multiple_coordination_groups", "bodies[3].kind"),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(c, p)| ((*c).to_owned(), (*p).to_owned()))
        .collect();
    assert_eq!(found, want);
}

#[test]
fn the_context_counts_households_for_their_county() {
    let ctx = MapContext::new()
        .with_counties_with_poor([code("522327104201"), code("522327"), code("520000")])
        .with_poor_counties([code("429021")]);
    let counties: Vec<String> = ctx
        .counties_needing_implementer()
        .iter()
        .map(|c| c.to_short())
        .collect();
    assert_eq!(counties, ["429021", "522327"]);
    let ctx: MapContext = serde_json::from_str(r#"{"poor_counties": ["522327104201"]}"#).unwrap();
    assert_eq!(
        ctx.counties_needing_implementer()
            .into_iter()
            .collect::<Vec<_>>(),
        [code("522327")]
    );
    assert!(serde_json::from_str::<MapContext>(r#"{"poor": []}"#).is_err());
}

#[test]
fn a_body_with_no_duty_is_not_in_the_chain() {
    let mut group = body("g", BodyKind::CoordinationGroup, Level::Nation, None, None);
    group.duties.insert(Duty::Coordinate);
    let idle = body(
        "idle",
        BodyKind::Other,
        Level::County,
        Some("522327"),
        Some("g"),
    );
    let map = ResponsibilityMap::new(vec![group, idle]);
    let a = map
        .accountability(&Failure::new(Some(code("522327")), "x"))
        .unwrap();
    assert!(a.chain.first().unwrap().gap);
    assert_eq!(a.gaps().count(), 3);
}
