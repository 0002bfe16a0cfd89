//! The plan (《网络扶贫行动计划》, 2016): its five projects, the information-service
//! checklist, the indicators the plan's goals are measured by, dated and sourced targets with
//! their revisions, and the national poverty line by year.
//!
//! ```
//! use chrono::NaiveDate;
//! use fupin_core::plan::{Targets, indicator};
//!
//! let targets = Targets::builtin();
//! let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
//! let t = targets.in_force(indicator::POOR_VILLAGE_BROADBAND, date(2017, 6, 1)).unwrap();
//! assert_eq!((t.threshold, t.revision), (0.90, 1));
//! let t = targets.in_force(indicator::POOR_VILLAGE_BROADBAND, date(2020, 6, 1)).unwrap();
//! assert_eq!((t.threshold, t.revision), (0.99, 3));
//! assert!(t.is_met(0.992));
//! ```

pub mod indicator;
pub mod measure;
mod poverty_line;
mod project;
mod provincial_line;
mod target;

pub use indicator::{Indicator, IndicatorKind};
pub use measure::{Among, MeasureDef, MeasureDefs};
pub use poverty_line::{LineBasis, PovertyLine, PovertyLines};
pub use project::{ChecklistItem, ProjectKey};
pub use provincial_line::{
    HouseholdLines, LineChoice, LineUsed, LinesData, ProvincialLine, ProvincialLines, Stability,
};
pub use target::{Comparator, Target, Targets, share_millionths_of};
