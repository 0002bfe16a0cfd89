//! Exit procedures (贫困退出程序) as state machines with a dated, replayable history.
//!
//! - [`CountyExit`]: a poor county's exit (贫困县退出), in two [`CountyEdition`]s chosen
//!   by the exit year. Both: the county proposes (提出), the prefecture reviews (初审), the
//!   province verifies (核查), posts a public notice (公示) and approves (审定). For the
//!   2016–2017 exits (`opinion_2016`, [`crate::rules::source::EXIT_OPINION_2016`]) the
//!   nation then evaluates (国家专项评估检查) and the provincial government declares the
//!   exit (宣布退出); from the 2018 exits on (`provincial_2018`,
//!   [`crate::rules::source::THREE_YEAR_ACTION_2018`]) the province evaluates and declares,
//!   and the nation may spot-check (中央抽查) the declared exit. Review and evaluation may
//!   send the file back (退回) to the county with a reason.
//! - [`VillageExit`]: a poor village's exit (贫困村退出): proposed by the village or its
//!   township, verified by the township, posted within the township (乡镇内公示), approved
//!   and announced by the county (县级审定公告).
//! - [`HouseholdExit`]: a household's exit (贫困户退出): village democratic appraisal
//!   (民主评议), verification by the village committee and the resident work team
//!   (村两委和驻村工作队核实), the household's consent (拟退出贫困户认可), public posting in
//!   the village (村内公示), removal from the register (销号).
//!
//! Public notices run [`ProcedureOptions::min_notice_days`]: no document fixes that
//! figure, so it is a parameter (see there).
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
mod village;
mod village_flow;

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Issues};
pub use crate::responsibility::BodyRef;

pub use county::{CountyExit, SpotCheckCoverage, spot_check_coverage};
pub use county_flow::{CountyEdition, CountyRecord, CountyState, CountyStep};
pub use household::HouseholdExit;
pub use household_flow::{HouseholdRecord, HouseholdState, HouseholdStep};
pub use village::VillageExit;
pub use village_flow::{VillageRecord, VillageState, VillageStep};

/// Settings of a procedure. Build with `ProcedureOptions::default()` and the `with_…`
/// methods. On the wire `{"min_notice_days", "county_edition"?, "exit_year"?,
/// "require_consent"?}`; the last three are written only when set (not the default), so
/// options written before they existed read, and are written, as before.
///
/// ```
/// use fupin_core::procedure::{CountyEdition, ProcedureOptions};
///
/// let options = ProcedureOptions::default();
/// assert_eq!(options.min_notice_days, 7);
/// assert_eq!(options.with_min_notice_days(10).min_notice_days, 10);
/// assert_eq!(options.with_exit_year(2019).exit_year, Some(2019));
/// let edition = options.with_county_edition(CountyEdition::Opinion2016);
/// assert_eq!(serde_json::to_value(edition)?["county_edition"], "opinion_2016");
/// assert!(options.require_consent && !options.without_consent().require_consent);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct ProcedureOptions {
    /// Least number of days between the public notice (公示) and the approval (审定), or
    /// between the posting and the removal (销号) of a household, or the announcement of a
    /// village: a notice posted on day `D` allows approval from day `D + min_notice_days`;
    /// 0 does not check it.
    ///
    /// **A parameter, not a rule of the documents:** the 2016 opinion
    /// ([`crate::rules::source::EXIT_OPINION_2016`]) asks for a notice without objection
    /// (公示无异议) at every level but fixes no duration, and neither the 2018 opinion nor
    /// the 2017 evaluation measures were found to fix one. The default, 7, is a common
    /// local practice (provincial, county and township rules often say 公示时间不少于7天 or
    /// 原则上不少于一星期); set your province's.
    pub min_notice_days: u32,
    /// The edition of a county exit, when chosen explicitly; it wins over `exit_year`.
    /// Not used by villages and households.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub county_edition: Option<CountyEdition>,
    /// The year a county exits in (its cohort, 脱贫摘帽年度), which chooses its edition
    /// ([`CountyEdition::for_exit_year`]); without it (and without `county_edition`) the
    /// first step's date implies the edition ([`CountyEdition::implied_by`]). Not used by
    /// villages and households.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exit_year: Option<i32>,
    /// Whether a household's exit requires the household's consent (拟退出贫困户认可) and
    /// verification by a village body (村两委和驻村工作队核实), as the 2016 opinion
    /// says. Default `true`. `false` reads a history recorded before consent was a step
    /// of this model: consent may be recorded but is not required, and verification and
    /// posting may be by a village or a township body, as the model had it. Written only
    /// when `false`.
    #[serde(skip_serializing_if = "is_true")]
    pub require_consent: bool,
}

#[allow(
    clippy::trivially_copy_pass_by_ref,
    reason = "serde's skip_serializing_if passes a reference"
)]
fn is_true(b: &bool) -> bool {
    *b
}

impl Default for ProcedureOptions {
    fn default() -> Self {
        Self {
            min_notice_days: 7,
            county_edition: None,
            exit_year: None,
            require_consent: true,
        }
    }
}

impl ProcedureOptions {
    /// The same options with another minimum notice duration (0: not checked).
    #[must_use]
    pub fn with_min_notice_days(mut self, days: u32) -> Self {
        self.min_notice_days = days;
        self
    }

    /// The same options with a county edition chosen explicitly.
    #[must_use]
    pub fn with_county_edition(mut self, edition: CountyEdition) -> Self {
        self.county_edition = Some(edition);
        self
    }

    /// The same options with the county's exit year, which chooses its edition.
    #[must_use]
    pub fn with_exit_year(mut self, year: i32) -> Self {
        self.exit_year = Some(year);
        self
    }

    /// The same options for a household history recorded without the consent step (see
    /// [`ProcedureOptions::require_consent`]).
    #[must_use]
    pub fn without_consent(mut self) -> Self {
        self.require_consent = false;
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
/// | `step_not_in_edition` | `step` | the step is not part of the procedure's edition (a spot check in `opinion_2016`) |
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
