//! Three-level responsibility (三级网络扶贫工作机制): who coordinates, who is responsible
//! overall, who implements and who supervises, at which level and for which region.
//!
//! Nationally a coordination group of departments (网络扶贫行动部门协调小组) coordinates
//! (统筹); each province takes overall responsibility (负总责); prefectures and counties
//! implement (抓落实); each level's cyberspace leading group supervises (督促检查).
//!
//! - [`Body`]: an agency with an id, a name, a [`BodyKind`], a level, a region (none for
//!   national bodies), the body it answers to and its [`Duty`]s.
//! - [`ResponsibilityMap`]: the bodies; [`ResponsibilityMap::validate`] reports every broken
//!   rule against a [`MapContext`] (which provinces have poor counties, which counties
//!   have registered poor).
//! - [`ResponsibilityMap::accountability`]: for a [`Failure`] (an indicator failing in a
//!   unit), the [`Accountability`] chain of bodies level by level up to the nation, gaps
//!   included.
//! - [`BodyRef`]: the short form of a body acting in a procedure step (see
//!   [`crate::procedure`]).
//!
//! ```
//! use chrono::NaiveDate;
//! use fupin_core::region::RegionCode;
//! use fupin_core::responsibility::{MapContext, ResponsibilityMap};
//!
//! let map = ResponsibilityMap::from_json(r#"{"bodies": [
//!   {"id": "group", "name": "网络扶贫行动部门协调小组", "kind": "coordination_group",
//!    "level": "nation", "duties": ["coordinate"]},
//!   {"id": "gz", "name": "贵州省网信办", "kind": "cyberspace_office", "level": "province",
//!    "region": "520000", "answers_to": "group", "duties": ["overall_responsibility"]},
//!   {"id": "gz2", "name": "贵州省扶贫办", "kind": "poverty_alleviation_office",
//!    "level": "province", "region": "520000", "answers_to": "group",
//!    "duties": ["overall_responsibility"]}
//! ]}"#)?;
//! let ctx = MapContext::new().with_poor_counties(["522327".parse::<RegionCode>()?]);
//! let codes: Vec<String> = map.validate(&ctx).iter().map(|i| i.code.clone()).collect();
//! assert_eq!(codes, ["multiple_overall_responsibility", "missing_implementing_body"]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod body;
mod chain;
mod map;
pub(crate) mod read;
mod validate;

pub use body::{
    BODY_ID_MAX_CHARS, BODY_LEVELS, Body, BodyId, BodyIdError, BodyKind, BodyRef, Duty,
};
pub use chain::{Accountability, Accountable, ChainLink, Evidence, Failure};
pub use map::{MapContext, ResponsibilityMap};

pub(crate) use body::has_no_prefecture;

#[cfg(test)]
mod tests;
