//! The accountability chain: for an indicator failing in a unit, the bodies responsible
//! for it level by level, from the unit up to the nation, with the evidence.

use serde::{Deserialize, Serialize};

use super::body::has_no_prefecture;
use super::{BodyId, BodyKind, Duty, ResponsibilityMap};
use crate::error::{Error, Issue, Issues, Path};
use crate::region::{Level, RegionCode};

/// What shows that an indicator fails: the failing child units and/or households, and the
/// measured value against its threshold when known.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// Units inside the failing unit that fail too (e.g. villages without broadband).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failing_units: Vec<RegionCode>,
    /// Ids of households concerned (household ids or file numbers; never personal data).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub households: Vec<String>,
    /// The measured value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    /// The threshold it was measured against.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<f64>,
}

/// An indicator failing in a unit: the input of [`ResponsibilityMap::accountability`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Failure {
    /// The failing unit; `None` for the nation as a whole.
    pub unit: Option<RegionCode>,
    /// The indicator id (e.g. `poor_village_broadband`).
    pub indicator: String,
    /// What shows the failure.
    #[serde(default)]
    pub evidence: Evidence,
}

impl Failure {
    /// A failure with no evidence yet.
    pub fn new(unit: Option<RegionCode>, indicator: impl Into<String>) -> Self {
        Self {
            unit,
            indicator: indicator.into(),
            evidence: Evidence::default(),
        }
    }

    /// Every problem with the input: `missing_indicator` (blank), `evidence_outside_unit`
    /// (a failing unit not inside the unit), `value_not_finite` (a NaN or infinite value
    /// or threshold).
    pub fn validate(&self) -> Issues {
        let mut out = Issues::new();
        if self.indicator.trim().is_empty() {
            out.push(Issue::new(
                "missing_indicator",
                Path::root().key("indicator"),
                "the failing indicator is not named",
            ));
        }
        let ev = Path::root().key("evidence");
        if let Some(unit) = self.unit {
            for (i, child) in self.evidence.failing_units.iter().enumerate() {
                if !unit.contains(*child) {
                    out.push(
                        Issue::new(
                            "evidence_outside_unit",
                            ev.key("failing_units").index(i),
                            format!(
                                "`{}` is not inside the failing unit `{}`",
                                child.to_short(),
                                unit.to_short()
                            ),
                        )
                        .with("unit", unit.to_string())
                        .with("failing_unit", child.to_string()),
                    );
                }
            }
        }
        for (key, v) in [
            ("value", self.evidence.value),
            ("threshold", self.evidence.threshold),
        ] {
            if let Some(v) = v
                && !v.is_finite()
            {
                out.push(Issue::new(
                    "value_not_finite",
                    ev.key(key),
                    format!("the {key} is not a finite number"),
                ));
            }
        }
        out
    }
}

/// One body of a chain link, with the duties it answers for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Accountable {
    /// The body's id.
    pub id: BodyId,
    /// Its name.
    pub name: String,
    /// Its kind.
    pub kind: BodyKind,
    /// Its duties.
    pub duties: Vec<Duty>,
}

/// One level of the chain: the region at that level containing the failing unit, and the
/// bodies acting for it. No body is a gap: information, not an error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainLink {
    /// The level.
    pub level: Level,
    /// The region at that level; `None` for the nation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<RegionCode>,
    /// The bodies with duties for the region, in the map's order.
    pub bodies: Vec<Accountable>,
    /// Whether no body answers for this level (`bodies` is empty).
    pub gap: bool,
}

/// Who answers for a failing indicator, level by level, with the evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Accountability {
    /// The failing unit (`None`: the nation).
    pub unit: Option<RegionCode>,
    /// The indicator id.
    pub indicator: String,
    /// What shows the failure.
    pub evidence: Evidence,
    /// From the lowest level up to the nation.
    pub chain: Vec<ChainLink>,
}

impl Accountability {
    /// The links with no responsible body.
    pub fn gaps(&self) -> impl Iterator<Item = &ChainLink> {
        self.chain.iter().filter(|l| l.gap)
    }

    /// Whether every level has a responsible body.
    pub fn is_complete(&self) -> bool {
        self.gaps().next().is_none()
    }
}

impl ResponsibilityMap {
    /// The accountability chain for `failure`: for each level from the failing unit up to
    /// the nation, the bodies acting for the region at that level that contains the unit
    /// and hold any duty (coordinate, overall responsibility, implement, supervise), with
    /// those duties. A level without such a body is a link with `gap: true`.
    ///
    /// The chain starts at the unit's level, or at its county for a township or village
    /// (bodies stop at the county). The prefecture level is left out where it is only a
    /// grouping of the code table (the four municipalities, counties directly under a
    /// province such as `429004`) unless the map has a body there. The map is not
    /// validated here; the failure is, and its problems are returned as
    /// [`Error::Validation`].
    ///
    /// ```
    /// use fupin_core::responsibility::{Failure, ResponsibilityMap};
    ///
    /// let map = ResponsibilityMap::from_json(r#"{"bodies": [
    ///   {"id": "group", "name": "网络扶贫行动部门协调小组", "kind": "coordination_group",
    ///    "level": "nation", "duties": ["coordinate"]},
    ///   {"id": "gz", "name": "贵州省扶贫办", "kind": "poverty_alleviation_office",
    ///    "level": "province", "region": "520000", "answers_to": "group",
    ///    "duties": ["overall_responsibility"]},
    ///   {"id": "ceheng", "name": "册亨县扶贫办", "kind": "poverty_alleviation_office",
    ///    "level": "county", "region": "522327", "answers_to": "gz", "duties": ["implement"]}
    /// ]}"#)?;
    /// let mut failure = Failure::new(Some("522327".parse()?), "poor_village_broadband");
    /// failure.evidence.failing_units.push("522327104201".parse()?);
    /// let found = map.accountability(&failure)?;
    /// let chain: Vec<(String, Vec<&str>)> = found.chain.iter()
    ///     .map(|l| (l.level.to_string(), l.bodies.iter().map(|b| b.id.as_str()).collect()))
    ///     .collect();
    /// assert_eq!(chain, [
    ///     ("county".to_owned(), vec!["ceheng"]),
    ///     ("prefecture".to_owned(), vec![]),            // a gap
    ///     ("province".to_owned(), vec!["gz"]),
    ///     ("nation".to_owned(), vec!["group"]),
    /// ]);
    /// assert_eq!(found.gaps().count(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn accountability(&self, failure: &Failure) -> Result<Accountability, Error> {
        failure.validate().into_result()?;
        let mut levels: Vec<(Level, Option<RegionCode>)> = Vec::new();
        if let Some(unit) = failure.unit {
            let start = unit.level().min(Level::County);
            for level in [Level::County, Level::Prefecture, Level::Province] {
                if level > start {
                    continue;
                }
                if let Some(region) = unit.at_level(level) {
                    levels.push((level, Some(region)));
                }
            }
        }
        levels.push((Level::Nation, None));
        let chain = levels
            .into_iter()
            .filter_map(|(level, region)| {
                let bodies: Vec<Accountable> = self
                    .at(level, region)
                    .filter(|b| !b.duties.is_empty())
                    .map(|b| Accountable {
                        id: b.id.clone(),
                        name: b.name.clone(),
                        kind: b.kind,
                        duties: b.duties.iter().copied().collect(),
                    })
                    .collect();
                let grouping = level == Level::Prefecture && region.is_some_and(has_no_prefecture);
                if grouping && bodies.is_empty() {
                    return None;
                }
                Some(ChainLink {
                    level,
                    region,
                    gap: bodies.is_empty(),
                    bodies,
                })
            })
            .collect();
        Ok(Accountability {
            unit: failure.unit,
            indicator: failure.indicator.clone(),
            evidence: failure.evidence.clone(),
            chain,
        })
    }
}
