//! Regions (行政区划): codes, levels, zones and time-bounded designations.
//!
//! The *structure* of codes lives here; which codes exist in which year, and their names,
//! live in the reference data crate `fupin-data`.

mod code;
mod designation;
mod level;
mod zone;

pub use code::{CodeError, PROVINCE_SEGMENTS, RegionCode, Segment};
pub use designation::{Designation, DesignationKind, Designations};
pub use level::{Level, TownshipKind, UrbanRuralClass};
pub use zone::{CENTRAL_PROVINCES, WESTERN_PROVINCES, Zone, ZoneMap};
