//! Bodies (agencies at a level and region), their ids, kinds and duties, and [`BodyRef`],
//! the short form of a body that acts in a procedure.

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::region::{Level, RegionCode};

/// Longest id accepted, in characters.
pub const BODY_ID_MAX_CHARS: usize = 64;

/// Why a string is not a [`BodyId`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BodyIdError {
    /// Empty, or only whitespace.
    #[error("a body id must not be empty")]
    Empty,
    /// Too long, with surrounding whitespace, or with control characters.
    #[error("`{input}` is not a body id: {why}")]
    Invalid {
        /// The input, cut to 40 characters.
        input: String,
        /// What is wrong with it.
        why: &'static str,
    },
}

impl BodyIdError {
    /// Stable code of the error: `body_id_empty` or `body_id_invalid`.
    pub fn code(&self) -> &'static str {
        match self {
            BodyIdError::Empty => "body_id_empty",
            BodyIdError::Invalid { .. } => "body_id_invalid",
        }
    }
}

/// The id of a body: any non-empty string of at most [`BODY_ID_MAX_CHARS`] characters
/// without control characters or surrounding whitespace (a slug such as `gz-ppo` or a
/// UUID both fit).
///
/// ```
/// use fupin_core::responsibility::BodyId;
///
/// let id: BodyId = "gz-cac".parse()?;
/// assert_eq!(id.as_str(), "gz-cac");
/// assert_eq!(BodyId::try_new(" ").unwrap_err().code(), "body_id_empty");
/// assert_eq!(BodyId::try_new(" x").unwrap_err().code(), "body_id_invalid");
/// # Ok::<(), fupin_core::responsibility::BodyIdError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct BodyId(String);

impl BodyId {
    /// Checks and wraps an id.
    pub fn try_new(id: impl Into<String>) -> Result<Self, BodyIdError> {
        let id = id.into();
        if id.trim().is_empty() {
            return Err(BodyIdError::Empty);
        }
        let why = if id.chars().count() > BODY_ID_MAX_CHARS {
            Some("it is longer than 64 characters")
        } else if id.trim() != id {
            Some("it starts or ends with whitespace")
        } else if id.chars().any(char::is_control) {
            Some("it holds a control character")
        } else {
            None
        };
        match why {
            Some(why) => Err(BodyIdError::Invalid {
                input: crate::error::quote(&id),
                why,
            }),
            None => Ok(Self(id)),
        }
    }

    /// The id as a string.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for BodyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for BodyId {
    type Err = BodyIdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::try_new(s)
    }
}

impl TryFrom<String> for BodyId {
    type Error = BodyIdError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::try_new(s)
    }
}

impl From<BodyId> for String {
    fn from(id: BodyId) -> String {
        id.0
    }
}

/// A duty of a body in the three-level mechanism.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Duty {
    /// Coordinates (统筹): the national coordination group.
    Coordinate,
    /// Takes overall responsibility (负总责): one body per province.
    OverallResponsibility,
    /// Implements (抓落实, 具体实施): prefectures and counties.
    Implement,
    /// Supervises and inspects (督促检查): each level's leading group.
    Supervise,
}

impl Duty {
    /// Every duty.
    pub const ALL: [Duty; 4] = [
        Duty::Coordinate,
        Duty::OverallResponsibility,
        Duty::Implement,
        Duty::Supervise,
    ];

    /// The snake_case key used on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Duty::Coordinate => "coordinate",
            Duty::OverallResponsibility => "overall_responsibility",
            Duty::Implement => "implement",
            Duty::Supervise => "supervise",
        }
    }

    /// The Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            Duty::Coordinate => "统筹",
            Duty::OverallResponsibility => "负总责",
            Duty::Implement => "抓落实",
            Duty::Supervise => "督促检查",
        }
    }
}

impl fmt::Display for Duty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What kind of agency a body is. Only the coordination group and its member departments
/// are tied to a level (the nation); the other kinds exist at every level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum BodyKind {
    /// The national coordination group (网络扶贫行动部门协调小组).
    CoordinationGroup,
    /// A member department of the coordination group (成员单位: 中央网信办,
    /// 国家发展改革委, 国务院扶贫办 …).
    MemberDepartment,
    /// A level's cyberspace affairs leading group (网络安全和信息化领导小组).
    CyberspaceLeadingGroup,
    /// A level's cyberspace affairs office (网信办).
    CyberspaceOffice,
    /// A level's poverty alleviation leading group (扶贫开发领导小组).
    PovertyAlleviationLeadingGroup,
    /// A level's poverty alleviation office (扶贫办).
    PovertyAlleviationOffice,
    /// A people's government (人民政府), e.g. the provincial government that declares an
    /// exit.
    Government,
    /// Any other agency.
    Other,
}

impl BodyKind {
    /// The snake_case key used on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            BodyKind::CoordinationGroup => "coordination_group",
            BodyKind::MemberDepartment => "member_department",
            BodyKind::CyberspaceLeadingGroup => "cyberspace_leading_group",
            BodyKind::CyberspaceOffice => "cyberspace_office",
            BodyKind::PovertyAlleviationLeadingGroup => "poverty_alleviation_leading_group",
            BodyKind::PovertyAlleviationOffice => "poverty_alleviation_office",
            BodyKind::Government => "government",
            BodyKind::Other => "other",
        }
    }

    /// The Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            BodyKind::CoordinationGroup => "网络扶贫行动部门协调小组",
            BodyKind::MemberDepartment => "成员单位",
            BodyKind::CyberspaceLeadingGroup => "网络安全和信息化领导小组",
            BodyKind::CyberspaceOffice => "网信办",
            BodyKind::PovertyAlleviationLeadingGroup => "扶贫开发领导小组",
            BodyKind::PovertyAlleviationOffice => "扶贫办",
            BodyKind::Government => "人民政府",
            BodyKind::Other => "其他",
        }
    }

    /// The one level this kind exists at, if it is tied to one.
    pub fn required_level(self) -> Option<Level> {
        match self {
            BodyKind::CoordinationGroup | BodyKind::MemberDepartment => Some(Level::Nation),
            _ => None,
        }
    }
}

impl fmt::Display for BodyKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The levels a body of the responsibility map can have: the nation and the three levels
/// of the mechanism.
pub const BODY_LEVELS: [Level; 4] = [
    Level::Nation,
    Level::Province,
    Level::Prefecture,
    Level::County,
];

/// An agency at a level and region, with the body it answers to and its duties.
///
/// ```
/// use fupin_core::responsibility::{Body, Duty};
///
/// let body: Body = serde_json::from_str(r#"{
///     "id": "gz-cac", "name": "贵州省网信办", "kind": "cyberspace_office",
///     "level": "province", "region": "520000", "answers_to": "group",
///     "duties": ["overall_responsibility", "supervise"]
/// }"#)?;
/// assert!(body.has(Duty::OverallResponsibility));
/// assert_eq!(body.region.map(|r| r.gb2260()), Some("520000".to_owned()));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Body {
    /// Unique id within the map.
    pub id: BodyId,
    /// Name, e.g. `贵州省网信办`.
    pub name: String,
    /// What kind of agency.
    pub kind: BodyKind,
    /// Its level: nation, province, prefecture or county.
    pub level: Level,
    /// The region it acts for; `None` for national bodies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<RegionCode>,
    /// The id of the body it answers to; `None` at the top.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answers_to: Option<BodyId>,
    /// Its duties (a set: order and repeats do not matter).
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub duties: BTreeSet<Duty>,
}

impl Body {
    /// Whether the body has `duty`.
    pub fn has(&self, duty: Duty) -> bool {
        self.duties.contains(&duty)
    }

    /// Whether the body acts for `region` itself (`None`: the nation).
    pub(crate) fn acts_for(&self, level: Level, region: Option<RegionCode>) -> bool {
        self.level == level && self.region == region
    }
}

/// A body as it appears in a procedure step: its id, level and region (`None` for a
/// national body). Built by hand or from a [`Body`] of a responsibility map.
///
/// ```
/// use fupin_core::region::Level;
/// use fupin_core::responsibility::BodyRef;
///
/// let by = BodyRef::new("qxn-ppo", Level::Prefecture, Some("522300".parse()?))?;
/// assert_eq!(by.id.as_str(), "qxn-ppo");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BodyRef {
    /// The body's id.
    pub id: BodyId,
    /// Its level.
    pub level: Level,
    /// Its region; `None` for a national body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<RegionCode>,
}

impl BodyRef {
    /// A reference from its parts; fails only on an invalid id.
    pub fn new(
        id: impl Into<String>,
        level: Level,
        region: Option<RegionCode>,
    ) -> Result<Self, BodyIdError> {
        Ok(Self {
            id: BodyId::try_new(id)?,
            level,
            region,
        })
    }
}

impl From<&Body> for BodyRef {
    fn from(body: &Body) -> Self {
        Self {
            id: body.id.clone(),
            level: body.level,
            region: body.region,
        }
    }
}

impl From<Body> for BodyRef {
    fn from(body: Body) -> Self {
        Self::from(&body)
    }
}

/// Whether the prefecture level above `code` is only a grouping in the code table, not a
/// real unit: districts and counties of the four municipalities (11, 12, 31, 50) and
/// county-level units directly under a province (prefecture segment `90`, e.g. `429004`).
pub(crate) fn has_no_prefecture(code: RegionCode) -> bool {
    matches!(code.province_segment(), 11 | 12 | 31 | 50) || code.prefecture_segment() == 90
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert!(BodyId::try_new("7f0c2b7e-9a43-4c1e-8d55-2f5b8b1a6c01").is_ok());
        assert_eq!(BodyId::try_new("").unwrap_err().code(), "body_id_empty");
        assert_eq!(
            BodyId::try_new("a\u{7}b").unwrap_err().code(),
            "body_id_invalid"
        );
        assert!(BodyId::try_new("x".repeat(65)).is_err());
        assert!(serde_json::from_str::<BodyId>("\"\"").is_err());
    }

    #[test]
    fn labels_and_wire() {
        assert_eq!(Duty::OverallResponsibility.label_zh(), "负总责");
        assert_eq!(
            serde_json::to_string(&Duty::OverallResponsibility).unwrap(),
            "\"overall_responsibility\""
        );
        assert_eq!(
            serde_json::to_string(&BodyKind::CoordinationGroup).unwrap(),
            format!("\"{}\"", BodyKind::CoordinationGroup.as_str())
        );
        assert_eq!(
            BodyKind::CoordinationGroup.label_zh(),
            "网络扶贫行动部门协调小组"
        );
    }

    #[test]
    fn groupings() {
        let c = |s: &str| s.parse::<RegionCode>().unwrap();
        assert!(has_no_prefecture(c("429004")));
        assert!(has_no_prefecture(c("110101")));
        assert!(!has_no_prefecture(c("522327")));
    }
}
