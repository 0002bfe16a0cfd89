//! The rules of the assessment in one place, each with the document it comes from.
//!
//! - [`source`]: the documents (title, issuer, number, date), with what could not be
//!   confirmed said so.
//! - [`EXIT_RULES`] and [`exit_rule`]: every exit criterion of households, villages and
//!   counties with its comparator, threshold, unit and source. The verdicts of
//!   [`crate::assess`] take their comparators and sources from here.
//! - [`markdown`]: the table generated for the docs.
//!
//! ```
//! use fupin_core::plan::Comparator;
//! use fupin_core::rules::{RuleLevel, exit_rule};
//!
//! // "降至2%以下" includes 2%: the comparator is ≤, and 1 poor person in 50 passes exactly
//! let r = exit_rule(RuleLevel::Village, "poverty_incidence").unwrap();
//! assert_eq!(r.comparator, Comparator::Le);
//! assert_eq!(r.comparator.holds_ratio(1, 50, r.threshold.unwrap()), Some(true));
//! assert_eq!(r.comparator.holds_ratio(2, 99, r.threshold.unwrap()), Some(false));
//! ```

pub mod source;
mod table;

pub use source::Source;
pub use table::{
    APPROVAL_RULE, CountedIn, EXIT_RULES, ExitRule, RuleLevel, exit_rule, exit_rules, markdown,
};
