//! Assessment: where every unit stands against the plan at a date.
//!
//! A [`Dataset`] (the register and the facts of villages, townships and counties) is
//! counted into a [`Tally`] — exact counters per unit, mergeable across parts — and rolled up
//! into a [`Rollup`] at every level from village to nation, from which every indicator of
//! the catalog is computed as a ratio of sums ([`IndicatorValue`]), with missing data kept
//! apart from zeros.

mod accountability;
mod assessment;
mod counts;
mod dataset;
pub(crate) mod engine;
mod exit;
mod exit_household;
mod exit_pack;
mod facts;
mod indicators;
mod input;
mod measures;
mod records;
mod rollup;
mod scorecard;
mod stream;
mod tally;
mod units;
mod values;
mod verdict;

pub use assessment::{AssessOptions, Assessment, EVIDENCE_LIMIT, Judged, UnitsMet, WORST_GAPS};
pub use counts::{Counter, Counts, N_COUNTERS};
pub use dataset::{Dataset, RowReport, UnitFacts};
pub use exit::{
    Criterion, ExitRules, ExitStatus, ExitVerdict, PackCriterion, RuleOverride, RulePack,
    household_exit, household_exit_with,
};
pub use facts::{
    HOUSEHOLD_SIZE, HouseholdFields, exit_rule, file_complete, household_size, per_capita_income,
};
pub use indicators::{Completeness, IndicatorValue, MissingStrategy, compute};
pub use input::{BitColumn, FieldColumns, Households, IncomeColumn, IncomeValues};
pub use measures::{MeasureCell, MeasureEntry, Measures, RolledMeasure};
pub use rollup::{IndicatorDef, Rollup};
pub use scorecard::{IndicatorChange, Scorecard};
pub use stream::TallyStream;
pub use tally::{Entry, Tally};
pub use units::{CountyFacts, CountySurvey, TownshipFacts, VillageFacts};
pub use values::{MAX_VALUE, UnitValue, UnitValues};
pub use verdict::{Projection, TargetRef, TargetVerdict};

impl Dataset {
    /// Counts the data set on every core ([`Tally::of`]).
    pub fn tally(&self) -> Tally {
        Tally::of(self)
    }

    /// Counts and rolls up to every level.
    pub fn roll_up(&self) -> Rollup {
        Rollup::of(Tally::of(self))
    }
}
