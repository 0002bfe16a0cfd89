//! "N+1" pairings (结对帮扶): N helpers — the plan's own helpers: internet enterprises
//! (网信企业), websites (网站), netizens and netizen groups (网民), social organisations
//! (社会组织), foundations; and, recorded beside them as other national mechanisms, eastern
//! provinces and cities in east–west cooperation (东西部协作) and central units in designated
//! assistance (定点扶贫) — and one recipient: a poor county, village or household.
//!
//! Help goes on after a recipient exits (四不摘: 摘帽不摘责任、不摘政策、不摘帮扶、不摘监管):
//! a pairing with an exited county or village is valid and counts as continuing help.
//!
//! - **Model**: [`Helper`] (capacity, domains), [`Pairing`] (helpers, [`Recipient`], dates,
//!   [`Project`]s with a [`Domain`], dates, exact funds, status, households), gathered in a
//!   [`PairingBook`] read from JSON with every shape problem reported at once.
//! - **Rules**: [`PairingBook::validate`] returns every violation as an
//!   [`Issue`](crate::Issue) with a stable code and a path such as `pairings[3].helpers[1]`.
//! - **Coverage**: [`CoverageRules`] are data ("every poor county not yet exited has at
//!   least k helpers" — of the plan's own kinds unless the rule says otherwise, see
//!   [`CountedHelpers`] —, "… a project in domain d"); [`PairingBook::coverage`] evaluates
//!   them on a date into a [`CoverageReport`] at every level.
//! - **Suggestions**: [`PairingBook::suggest`] proposes new pairings for recipients short of
//!   helpers, optimal for priority-weighted coverage under capacities and domain fit
//!   (exact min-cost flow, see [`Instance`]), deterministic, each explained.
//! - **Synthetic data**: [`synth`] builds a national-scale set (832 counties, 2,000
//!   helpers) for tests and benchmarks; it says it is synthetic.
//!
//! # Stable codes
//!
//! Reading: `missing_field`, `unknown_field`, `invalid_value`, `code_*` (region codes),
//! `money_*` (funds). Rules: `duplicate_helper_id`, `missing_name`, `no_domains`,
//! `duplicate_domain`, `duplicate_pairing_id`, `no_helpers`, `duplicate_helper`,
//! `unknown_helper`, `recipient_level`, `recipient_not_poor` (no longer
//! `recipient_exited`: a pairing with an exited recipient is valid), `date_out_of_bounds`, `period_end_before_start`, `project_before_signing`,
//! `project_after_end`, `negative_funds`, `project_helper_not_in_pairing`,
//! `duplicate_household`, `duplicate_pairing`, `helper_already_paired`,
//! `helper_over_capacity`. Coverage: `too_few_helpers`, `too_many_helpers`,
//! `too_few_projects`; rule lists: `within_level`, `max_below_k`, `zero_k`. Suggestions:
//! `priority_out_of_range`, `duplicate_recipient`.
//!
//! ```
//! use chrono::NaiveDate;
//! use fupin_core::pairing::{CoverageRules, CoverageStatus, SuggestOptions, synth};
//!
//! let set = synth::national(&synth::SynthConfig::default().counties(60).helpers(120));
//! assert!(set.book.validate(&set.designations).is_empty());
//! let report = set.book.coverage(&set.designations, &set.rules, set.as_of);
//! let short = report.with_status(CoverageStatus::Uncovered).count()
//!     + report.with_status(CoverageStatus::UnderCovered).count();
//! let plan = set.book.suggest(&set.designations, &set.rules, set.as_of,
//!                             &SuggestOptions::default())?;
//! assert!(short > 0 && !plan.suggestions.is_empty());
//! # Ok::<(), fupin_core::Error>(())
//! ```

mod book;
mod conflicts;
mod coverage;
mod domain;
mod explain;
mod flow;
mod helper;
mod id;
mod index;
mod model;
mod parse;
mod priority;
mod report;
mod rules;
mod solve;
mod suggest;
pub mod synth;

pub use book::PairingBook;
pub use coverage::{CountedHelpers, CoverageRule, CoverageRules, Scope};
pub use domain::Domain;
pub use helper::{Helper, HelperKind};
pub use id::{HelperId, MAX_ID_CHARS, PairingId};
pub use model::{Pairing, Project, ProjectState, ProjectStatus, Recipient, RecipientKind};
pub use priority::{PRIORITY_POINTS, PrioritySource, SuggestOptions, default_priority};
pub use report::{
    AreaCoverage, CoverageReport, CoverageStatus, DomainTotals, HelperLoad, RecipientCoverage,
};
pub use rules::RuleOptions;
pub use solve::{Assigned, Assignment, Demand, Instance, MAX_PRIORITY, Score, Supply};
pub use suggest::{Suggestion, SuggestionPlan, Unfilled, UnfilledReason};
