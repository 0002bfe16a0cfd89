//! The rules of a responsibility map, every problem reported at once with a stable code.

use std::collections::HashMap;

use super::body::BODY_LEVELS;
use super::{Body, BodyId, BodyKind, Duty, MapContext, ResponsibilityMap};
use crate::error::{Issue, Issues, Path};
use crate::region::Level;

impl ResponsibilityMap {
    /// Every rule the map breaks in `context`, in this order: the rules of each body in
    /// turn, then cycles, then the coordination group, then the provinces with poor
    /// counties, then the counties that need an implementing body.
    ///
    /// | code | path | when |
    /// |---|---|---|
    /// | `duplicate_body_id` | `bodies[i].id` | an id already used by an earlier body |
    /// | `missing_name` | `bodies[i].name` | a blank name |
    /// | `unsupported_body_level` | `bodies[i].level` | a township or village body |
    /// | `kind_level_mismatch` | `bodies[i].kind` | a coordination group or member department below the nation |
    /// | `missing_region` | `bodies[i].region` | a body below the nation without a region |
    /// | `region_level_mismatch` | `bodies[i].region` | a region of another level than the body's (a national body has none) |
    /// | `duty_level_mismatch` | `bodies[i].duties` | overall responsibility (负总责) outside the province level |
    /// | `coordination_group_without_coordinate` | `bodies[i].duties` | a coordination group without the `coordinate` duty |
    /// | `missing_answers_to` | `bodies[i].answers_to` | a body below the nation answering to no one |
    /// | `unknown_answers_to` | `bodies[i].answers_to` | an id no body has |
    /// | `level_not_below_parent` | `bodies[i].answers_to` | answering to a body of the same or a lower level (except national bodies answering to the coordination group) |
    /// | `region_outside_parent` | `bodies[i].answers_to` | a region outside the region of the body answered to |
    /// | `answers_to_cycle` | `bodies[i].answers_to` | `answers_to` links that loop (reported once, at the first body of the loop) |
    /// | `missing_coordination_group` | `bodies` | no national coordination group |
    /// | `multiple_coordination_groups` | `bodies[i].kind` | a second (third …) national coordination group |
    /// | `missing_overall_responsibility` | `bodies` | a province with poor counties and no provincial body with overall responsibility |
    /// | `multiple_overall_responsibility` | `bodies` | a province with several such bodies |
    /// | `missing_implementing_body` | `bodies` | a county with registered poor and no county body with the `implement` duty |
    ///
    /// ```
    /// use fupin_core::responsibility::{MapContext, ResponsibilityMap};
    ///
    /// let map = ResponsibilityMap::from_json(r#"{"bodies": [
    ///   {"id": "group", "name": "网络扶贫行动部门协调小组", "kind": "coordination_group",
    ///    "level": "nation", "duties": ["coordinate"]},
    ///   {"id": "yn", "name": "云南省网信办", "kind": "cyberspace_office",
    ///    "level": "province", "region": "530000", "answers_to": "group",
    ///    "duties": ["overall_responsibility"]},
    ///   {"id": "ceheng", "name": "册亨县扶贫办", "kind": "poverty_alleviation_office",
    ///    "level": "county", "region": "522327", "answers_to": "yn", "duties": ["implement"]}
    /// ]}"#)?;
    /// let issues = map.validate(&MapContext::new());
    /// let found: Vec<(&str, String)> =
    ///     issues.iter().map(|i| (i.code.as_str(), i.path.to_string())).collect();
    /// assert_eq!(found, [("region_outside_parent", "bodies[2].answers_to".to_owned())]);
    /// # Ok::<(), fupin_core::Error>(())
    /// ```
    pub fn validate(&self, context: &MapContext) -> Issues {
        let mut out = Issues::new();
        let mut first: HashMap<&BodyId, usize> = HashMap::new();
        for (i, b) in self.bodies.iter().enumerate() {
            first.entry(&b.id).or_insert(i);
        }
        for (i, b) in self.bodies.iter().enumerate() {
            self.check_body(i, b, &first, &mut out);
        }
        self.check_cycles(&first, &mut out);
        self.check_coordination(&mut out);
        self.check_regions(context, &mut out);
        out
    }

    fn check_body(&self, i: usize, b: &Body, first: &HashMap<&BodyId, usize>, out: &mut Issues) {
        let at = Path::root().key("bodies").index(i);
        let id = b.id.as_str();
        if let Some(&j) = first.get(&b.id)
            && j != i
        {
            out.push(
                Issue::new(
                    "duplicate_body_id",
                    at.key("id"),
                    format!("`{id}` is already the id of bodies[{j}]"),
                )
                .with("id", id)
                .with("first", j),
            );
        }
        if b.name.trim().is_empty() {
            out.push(Issue::new(
                "missing_name",
                at.key("name"),
                format!("body `{id}` has no name"),
            ));
        }
        if !BODY_LEVELS.contains(&b.level) {
            out.push(
                Issue::new(
                    "unsupported_body_level",
                    at.key("level"),
                    format!(
                        "a body is at nation, province, prefecture or county level, not `{}`",
                        b.level
                    ),
                )
                .with("level", b.level.as_str()),
            );
        }
        if let Some(required) = b.kind.required_level()
            && required != b.level
        {
            out.push(
                Issue::new(
                    "kind_level_mismatch",
                    at.key("kind"),
                    format!(
                        "a {} exists only at {} level, `{id}` is at {} level",
                        b.kind, required, b.level
                    ),
                )
                .with("kind", b.kind.as_str())
                .with("expected", required.as_str())
                .with("level", b.level.as_str()),
            );
        }
        check_region(b, &at, out);
        if b.has(Duty::OverallResponsibility) && b.level != Level::Province {
            out.push(
                Issue::new(
                    "duty_level_mismatch",
                    at.key("duties"),
                    format!(
                        "overall responsibility (负总责) lies with the province, `{id}` is at {} level",
                        b.level
                    ),
                )
                .with("duty", Duty::OverallResponsibility.as_str())
                .with("level", b.level.as_str()),
            );
        }
        if b.kind == BodyKind::CoordinationGroup && !b.has(Duty::Coordinate) {
            out.push(Issue::new(
                "coordination_group_without_coordinate",
                at.key("duties"),
                format!("the coordination group `{id}` lacks the `coordinate` duty (统筹)"),
            ));
        }
        self.check_parent(b, &at, first, out);
    }

    fn check_parent(&self, b: &Body, at: &Path, first: &HashMap<&BodyId, usize>, out: &mut Issues) {
        let at = at.key("answers_to");
        let id = b.id.as_str();
        let Some(parent_id) = &b.answers_to else {
            if b.level != Level::Nation {
                out.push(Issue::new(
                    "missing_answers_to",
                    at,
                    format!("`{id}` is below the nation and answers to no body"),
                ));
            }
            return;
        };
        if parent_id == &b.id {
            return; // a loop of one, reported by the cycle check
        }
        let Some(parent) = first.get(parent_id).and_then(|&j| self.bodies.get(j)) else {
            out.push(
                Issue::new(
                    "unknown_answers_to",
                    at,
                    format!("`{id}` answers to `{parent_id}`, which is no body's id"),
                )
                .with("answers_to", parent_id.as_str()),
            );
            return;
        };
        // the coordination group's member departments are national bodies answering to it
        let member = b.level == Level::Nation
            && parent.kind == BodyKind::CoordinationGroup
            && b.kind != BodyKind::CoordinationGroup;
        if b.level <= parent.level && !member {
            out.push(
                Issue::new(
                    "level_not_below_parent",
                    at,
                    format!(
                        "`{id}` is at {} level and answers to `{parent_id}` at {} level, not above it",
                        b.level, parent.level
                    ),
                )
                .with("level", b.level.as_str())
                .with("parent_level", parent.level.as_str()),
            );
        } else if let (Some(region), Some(parent_region)) = (b.region, parent.region)
            && !parent_region.contains(region)
        {
            out.push(
                Issue::new(
                    "region_outside_parent",
                    at,
                    format!(
                        "`{id}` acts for `{}`, outside `{}` of `{parent_id}` it answers to",
                        region.to_short(),
                        parent_region.to_short()
                    ),
                )
                .with("region", region.to_string())
                .with("parent_region", parent_region.to_string()),
            );
        }
    }

    fn check_cycles(&self, first: &HashMap<&BodyId, usize>, out: &mut Issues) {
        let parent = |i: usize| {
            self.bodies
                .get(i)
                .and_then(|b| b.answers_to.as_ref())
                .and_then(|p| first.get(p).copied())
        };
        // 0: not seen, 1: on the current walk, 2: done
        let mut mark = vec![0u8; self.bodies.len()];
        for start in 0..self.bodies.len() {
            let mut walk = Vec::new();
            let mut node = Some(start);
            while let Some(i) = node {
                match mark.get(i).copied() {
                    Some(0) => {
                        if let Some(m) = mark.get_mut(i) {
                            *m = 1;
                        }
                        walk.push(i);
                        node = parent(i);
                    }
                    Some(1) => {
                        let pos = walk.iter().position(|&w| w == i).unwrap_or(0);
                        self.report_cycle(walk.get(pos..).unwrap_or_default(), out);
                        node = None;
                    }
                    _ => node = None,
                }
            }
            for i in walk {
                if let Some(m) = mark.get_mut(i) {
                    *m = 2;
                }
            }
        }
    }

    fn report_cycle(&self, cycle: &[usize], out: &mut Issues) {
        let Some(&head) = cycle.iter().min() else {
            return;
        };
        let start = cycle.iter().position(|&i| i == head).unwrap_or(0);
        let ids: Vec<&str> = cycle
            .iter()
            .cycle()
            .skip(start)
            .take(cycle.len())
            .filter_map(|&i| self.bodies.get(i).map(|b| b.id.as_str()))
            .collect();
        let shown = ids
            .iter()
            .chain(ids.first())
            .map(|id| format!("`{id}`"))
            .collect::<Vec<_>>()
            .join(" → ");
        out.push(
            Issue::new(
                "answers_to_cycle",
                Path::root().key("bodies").index(head).key("answers_to"),
                format!("answers_to links loop: {shown}"),
            )
            .with("cycle", ids),
        );
    }

    fn check_coordination(&self, out: &mut Issues) {
        let groups: Vec<usize> = self
            .bodies
            .iter()
            .enumerate()
            .filter(|(_, b)| b.kind == BodyKind::CoordinationGroup && b.level == Level::Nation)
            .map(|(i, _)| i)
            .collect();
        let Some((&head, rest)) = groups.split_first() else {
            out.push(Issue::new(
                "missing_coordination_group",
                Path::root().key("bodies"),
                "no national coordination group (网络扶贫行动部门协调小组)",
            ));
            return;
        };
        let head_id = self.bodies.get(head).map_or("", |b| b.id.as_str());
        for &i in rest {
            out.push(
                Issue::new(
                    "multiple_coordination_groups",
                    Path::root().key("bodies").index(i).key("kind"),
                    format!("a second national coordination group; the first is `{head_id}`"),
                )
                .with("first", head_id),
            );
        }
    }

    fn check_regions(&self, context: &MapContext, out: &mut Issues) {
        let at = Path::root().key("bodies");
        for province in context.provinces_with_poor_counties() {
            let ids: Vec<&str> = self
                .with_duty(Level::Province, Some(province), Duty::OverallResponsibility)
                .map(|b| b.id.as_str())
                .collect();
            let p = province.to_short();
            if ids.is_empty() {
                out.push(
                    Issue::new(
                        "missing_overall_responsibility",
                        at.clone(),
                        format!("province `{p}` has poor counties and no body with overall responsibility (负总责)"),
                    )
                    .with("province", province.to_string()),
                );
            } else if ids.len() > 1 {
                let shown = ids.iter().map(|i| format!("`{i}`")).collect::<Vec<_>>();
                out.push(
                    Issue::new(
                        "multiple_overall_responsibility",
                        at.clone(),
                        format!(
                            "province `{p}` has {} bodies with overall responsibility (负总责): {}",
                            ids.len(),
                            shown.join(", ")
                        ),
                    )
                    .with("province", province.to_string())
                    .with("bodies", ids),
                );
            }
        }
        for county in context.counties_needing_implementer() {
            if self
                .with_duty(Level::County, Some(county), Duty::Implement)
                .next()
                .is_none()
            {
                out.push(
                    Issue::new(
                        "missing_implementing_body",
                        at.clone(),
                        format!(
                            "county `{}` has registered poor and no county body that implements (抓落实)",
                            county.to_short()
                        ),
                    )
                    .with("county", county.to_string()),
                );
            }
        }
    }
}

fn check_region(b: &Body, at: &Path, out: &mut Issues) {
    let at = at.key("region");
    let id = b.id.as_str();
    match (b.level, b.region) {
        (Level::Nation, Some(region)) => out.push(
            Issue::new(
                "region_level_mismatch",
                at,
                format!(
                    "`{id}` is a national body and has no region, `{}` was given",
                    region.to_short()
                ),
            )
            .with("level", Level::Nation.as_str())
            .with("region_level", region.level().as_str()),
        ),
        (Level::Nation, None) => {}
        (level, None) => out.push(
            Issue::new(
                "missing_region",
                at,
                format!("`{id}` is a {level} body and needs a {level} region code"),
            )
            .with("level", level.as_str()),
        ),
        (level, Some(region)) if region.level() != level => out.push(
            Issue::new(
                "region_level_mismatch",
                at,
                format!(
                    "`{id}` is a {level} body, `{}` is a {} code",
                    region.to_short(),
                    region.level()
                ),
            )
            .with("level", level.as_str())
            .with("region_level", region.level().as_str()),
        ),
        _ => {}
    }
}
