//! Exit procedures (贫困退出程序) as state machines with a dated, replayable history.
//!
//! - [`CountyExit`]: a poor county's exit (贫困县退出): the county proposes (提出), the
//!   prefecture reviews (初审), the province verifies (核查), posts a public notice (公示)
//!   and approves (审定), the nation evaluates (国家专项评估检查), and the provincial
//!   government declares the exit (宣布退出); review, verification and evaluation may send
//!   the file back (退回) to the county with a reason.
//! - [`HouseholdExit`]: a household's exit (贫困户退出): village democratic appraisal
//!   (民主评议), verification (核实), public posting (公示公告), removal from the register
//!   (销号); verification and posting may send it back.
//!
//! Every step is a [`Record`]: the step, its date, the body taking it ([`BodyRef`], which
//! a [`crate::responsibility::Body`] converts into) and a reason. A step is legal when it
//! may follow the current state, its body is of the right level and its region contains
//! the subject, its date is not before the previous step's, a send-back gives a reason, and
//! an approval (or removal) comes at least [`ProcedureOptions::min_notice_days`] after the
//! public notice. An illegal step is refused with a [`StepError`] that lists every
//! problem; `from_history` replays a whole history and reports every problem of every step.
//!
//! ```
//! use chrono::NaiveDate;
//! use fupin_core::procedure::{CountyExit, CountyState, CountyStep, ProcedureOptions, Record};
//! use fupin_core::region::Level;
//! use fupin_core::responsibility::BodyRef;
//!
//! let date = |m, d| NaiveDate::from_ymd_opt(2018, m, d).unwrap();
//! let county = BodyRef::new("ceheng", Level::County, Some("522327".parse()?))?;
//! let prefecture = BodyRef::new("qxn", Level::Prefecture, Some("522300".parse()?))?;
//! let mut exit = CountyExit::new("522327".parse()?, ProcedureOptions::default())?;
//! exit.apply(Record::new(CountyStep::Propose, date(3, 1), county.clone()))?;
//! // the county cannot review its own proposal
//! let err = exit.apply(Record::new(CountyStep::Review, date(3, 5), county)).unwrap_err();
//! assert_eq!(err.code(), "wrong_actor_level");
//! assert_eq!((err.from, err.step), (CountyState::Proposed, CountyStep::Review));
//! exit.apply(Record::new(CountyStep::Review, date(3, 5), prefecture))?;
//! assert_eq!(exit.state(), CountyState::Reviewed);
//! assert_eq!(exit.state().label_zh(), "市级初审");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod county;
mod county_flow;
mod engine;
mod household;
mod household_flow;

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Issues};
pub use crate::responsibility::BodyRef;

pub use county::CountyExit;
pub use county_flow::{CountyRecord, CountyState, CountyStep};
pub use household::HouseholdExit;
pub use household_flow::{HouseholdRecord, HouseholdState, HouseholdStep};

/// Settings of a procedure. Build with `ProcedureOptions::default()` and the `with_…`
/// methods.
///
/// ```
/// use fupin_core::procedure::ProcedureOptions;
///
/// assert_eq!(ProcedureOptions::default().min_notice_days, 7);
/// assert_eq!(ProcedureOptions::default().with_min_notice_days(10).min_notice_days, 10);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct ProcedureOptions {
    /// Least number of days between the public notice (公示) and the approval (审定), or
    /// between the posting and the removal (销号) of a household: a notice posted on day
    /// `D` allows approval from day `D + min_notice_days`. Default 7.
    pub min_notice_days: u32,
}

impl Default for ProcedureOptions {
    fn default() -> Self {
        Self { min_notice_days: 7 }
    }
}

impl ProcedureOptions {
    /// The same options with another minimum notice duration.
    #[must_use]
    pub fn with_min_notice_days(mut self, days: u32) -> Self {
        self.min_notice_days = days;
        self
    }
}

/// One step of a procedure's history: what was done, when, by whom, and why (a reason is
/// required when sending back; for other steps it is an optional note).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record<T> {
    /// The step taken.
    pub step: T,
    /// The day it was taken.
    pub date: NaiveDate,
    /// The body that took it.
    pub by: BodyRef,
    /// Why (required for a send-back), or a note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl<T> Record<T> {
    /// A step without a reason.
    pub fn new(step: T, date: NaiveDate, by: impl Into<BodyRef>) -> Self {
        Self {
            step,
            date,
            by: by.into(),
            reason: None,
        }
    }

    /// The same step with a reason.
    #[must_use]
    pub fn with_reason(mut self, reason: impl Into<String>) -> Self {
        self.reason = Some(reason.into());
        self
    }
}

/// A step refused: the state it was tried from, the step, and every problem as an issue
/// (paths relative to the record: `step`, `date`, `by.level`, `by.region`, `reason`).
///
/// | code | path | when |
/// |---|---|---|
/// | `illegal_step` | `step` | the step may not follow the current state |
/// | `wrong_actor_level` | `by.level` | the body is not of a level that takes this step |
/// | `actor_region_mismatch` | `by.region` | the body's region does not fit its level (a national body has none) |
/// | `actor_outside_region` | `by.region` | the body's region does not contain the county (village) |
/// | `date_before_previous` | `date` | dated before the previous step |
/// | `notice_too_short` | `date` | approval or removal before the notice ran its minimum days |
/// | `missing_reason` | `reason` | a send-back without a reason |
#[derive(Debug, Clone, PartialEq, Serialize, thiserror::Error)]
#[error("cannot take step `{step}` from `{from}`: {issues}")]
pub struct StepError<S: fmt::Display + fmt::Debug, T: fmt::Display + fmt::Debug> {
    /// The state the step was tried from.
    pub from: S,
    /// The step tried.
    pub step: T,
    /// Every problem (at least one).
    pub issues: Issues,
}

impl<S: fmt::Display + fmt::Debug, T: fmt::Display + fmt::Debug> StepError<S, T> {
    /// The stable code of the first problem, e.g. `illegal_step`.
    pub fn code(&self) -> &str {
        self.issues.iter().next().map_or("", |i| i.code.as_str())
    }
}

impl<S: fmt::Display + fmt::Debug, T: fmt::Display + fmt::Debug> From<StepError<S, T>> for Error {
    /// The problems as [`Error::Validation`].
    fn from(e: StepError<S, T>) -> Self {
        Error::Validation(e.issues)
    }
}

#[cfg(test)]
mod tests;
