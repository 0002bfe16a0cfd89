//! [`ResponsibilityMap`]: the bodies of the mechanism, read from JSON with every problem
//! reported, and [`MapContext`]: which provinces and counties need responsible bodies.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::read;
use super::{Body, BodyId, BodyKind, BodyRef, Duty};
use crate::error::{Error, Issues, Path};
use crate::region::{Designations, Level, RegionCode};

const MAP_FIELDS: [(&str, bool); 1] = [("bodies", true)];

const BODY_FIELDS: [(&str, bool); 7] = [
    ("id", true),
    ("name", true),
    ("kind", true),
    ("level", true),
    ("region", false),
    ("answers_to", false),
    ("duties", false),
];

/// The bodies of the three-level mechanism (三级网络扶贫工作机制): the national coordination
/// group and its member departments, and the provincial, prefectural and county bodies,
/// each answering to another.
///
/// Reading ([`ResponsibilityMap::from_value`]) checks shapes and types; the rules that span
/// bodies are checked by [`ResponsibilityMap::validate`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponsibilityMap {
    /// The bodies, in the order given (paths of issues are `bodies[i]…`).
    pub bodies: Vec<Body>,
}

impl ResponsibilityMap {
    /// A map of these bodies (not validated).
    pub fn new(bodies: Vec<Body>) -> Self {
        Self { bodies }
    }

    /// Reads a map from JSON text; see [`ResponsibilityMap::from_value`].
    pub fn from_json(json: &str) -> Result<Self, Error> {
        let value = crate::json_read::value_from_str(json)?;
        Self::from_value(value)
    }

    /// Reads a map `{"bodies": [...]}` from a JSON value, reporting every problem of shape
    /// and type with its path (`bodies[3].level`): `missing_field`, `unknown_field`,
    /// `invalid_value`, and the id and region code errors.
    pub fn from_value(value: Value) -> Result<Self, Error> {
        let mut out = Issues::new();
        let root = Path::root();
        let Some(obj) = read::object(&value, "a responsibility map", &root, &mut out) else {
            return Err(Error::Validation(out));
        };
        read::shape(obj, &MAP_FIELDS, &root, &mut out);
        for (i, item) in read::list(obj, "bodies", &root, &mut out)
            .iter()
            .enumerate()
        {
            check_body(item, &root.key("bodies").index(i), &mut out);
        }
        out.into_result()?;
        read::build(value).map_err(Error::Validation)
    }

    /// Reads and fully checks a map: shape and type problems, or else every rule it breaks
    /// in `context`.
    pub fn parse_and_validate(value: Value, context: &MapContext) -> Result<Self, Error> {
        let map = Self::from_value(value)?;
        map.validate(context).into_result()?;
        Ok(map)
    }

    /// The first body with this id.
    pub fn get(&self, id: &BodyId) -> Option<&Body> {
        self.bodies.iter().find(|b| &b.id == id)
    }

    /// The first body with this id, as a [`BodyRef`] for a procedure step.
    pub fn body_ref(&self, id: &str) -> Option<BodyRef> {
        self.bodies
            .iter()
            .find(|b| b.id.as_str() == id)
            .map(BodyRef::from)
    }

    /// The body this one answers to, if it names one that exists.
    pub fn parent_of(&self, body: &Body) -> Option<&Body> {
        body.answers_to.as_ref().and_then(|id| self.get(id))
    }

    /// The bodies acting for exactly this level and region (`None`: the nation).
    pub fn at(&self, level: Level, region: Option<RegionCode>) -> impl Iterator<Item = &Body> {
        self.bodies
            .iter()
            .filter(move |b| b.acts_for(level, region))
    }

    /// The bodies acting for exactly this level and region that have `duty`.
    pub fn with_duty(
        &self,
        level: Level,
        region: Option<RegionCode>,
        duty: Duty,
    ) -> impl Iterator<Item = &Body> {
        self.at(level, region).filter(move |b| b.has(duty))
    }

    /// The national coordination groups (a valid map has exactly one).
    pub fn coordination_groups(&self) -> impl Iterator<Item = &Body> {
        self.bodies
            .iter()
            .filter(|b| b.kind == BodyKind::CoordinationGroup && b.level == Level::Nation)
    }
}

fn check_body(value: &Value, at: &Path, out: &mut Issues) {
    let Some(obj) = read::object(value, "a body", at, out) else {
        return;
    };
    read::shape(obj, &BODY_FIELDS, at, out);
    read::body_id(obj, "id", at, out);
    read::body_id(obj, "answers_to", at, out);
    read::field::<String>(obj, "name", at, out);
    read::field::<BodyKind>(obj, "kind", at, out);
    read::field::<Level>(obj, "level", at, out);
    read::region(obj, "region", at, out);
    let duties_at = at.key("duties");
    for (i, d) in read::list(obj, "duties", at, out).iter().enumerate() {
        read::value::<Duty>(d, &duties_at.index(i), out);
    }
}

/// What the map is checked against: the national poor counties (whose provinces need one
/// body with overall responsibility) and the counties with registered poor households
/// (each needs an implementing body).
///
/// ```
/// use chrono::NaiveDate;
/// use fupin_core::region::{Designations, RegionCode};
/// use fupin_core::responsibility::MapContext;
///
/// let designations = Designations::from_json(r#"[{"kind": "poor_county",
///     "region": "522327", "valid_from": "2014-01-01", "source": "synthetic"}]"#)?;
/// let on = NaiveDate::from_ymd_opt(2018, 6, 30).unwrap();
/// let ctx = MapContext::from_designations(&designations, on)
///     .with_counties_with_poor(["530102104201".parse::<RegionCode>()?]);
/// let provinces: Vec<String> = ctx.provinces_with_poor_counties().iter().map(|p| p.gb2260()).collect();
/// assert_eq!(provinces, ["520000"]);
/// let counties: Vec<String> = ctx.counties_needing_implementer().iter().map(|c| c.gb2260()).collect();
/// assert_eq!(counties, ["522327", "530102"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct MapContext {
    /// National poor counties (county codes).
    #[serde(default)]
    pub poor_counties: BTreeSet<RegionCode>,
    /// Counties with registered poor households (county codes).
    #[serde(default)]
    pub counties_with_poor: BTreeSet<RegionCode>,
}

impl MapContext {
    /// An empty context: only the rules that need no outside data are checked.
    pub fn new() -> Self {
        Self::default()
    }

    /// The counties designated national poor counties on `date` (by any poor-county kind).
    pub fn from_designations(designations: &Designations, date: NaiveDate) -> Self {
        Self::new().with_poor_counties(
            designations
                .iter()
                .filter(|d| d.kind.is_poor_county() && d.is_valid_on(date))
                .map(|d| d.region),
        )
    }

    /// Adds national poor counties. Codes below county level count for their county;
    /// codes above it are ignored.
    #[must_use]
    pub fn with_poor_counties(mut self, codes: impl IntoIterator<Item = RegionCode>) -> Self {
        self.poor_counties
            .extend(codes.into_iter().filter_map(|c| c.at_level(Level::County)));
        self
    }

    /// Adds counties with registered poor households: county codes, or the village (or
    /// township) codes of the households, which count for their county. Codes above
    /// county level are ignored.
    #[must_use]
    pub fn with_counties_with_poor(mut self, codes: impl IntoIterator<Item = RegionCode>) -> Self {
        self.counties_with_poor
            .extend(codes.into_iter().filter_map(|c| c.at_level(Level::County)));
        self
    }

    /// The provinces with at least one poor county.
    pub fn provinces_with_poor_counties(&self) -> BTreeSet<RegionCode> {
        self.poor_counties.iter().map(|c| c.province()).collect()
    }

    /// The counties that need an implementing body: those with registered poor
    /// households, and the poor counties (a county designated poor still has registered
    /// poor).
    pub fn counties_needing_implementer(&self) -> BTreeSet<RegionCode> {
        self.counties_with_poor
            .union(&self.poor_counties)
            .filter_map(|c| c.at_level(Level::County))
            .collect()
    }
}
