//! [`PairingBook`]: the helpers and pairings of a data set, read from JSON, checked,
//! analysed and extended with suggestions.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::coverage::{self, CoverageRules};
use super::index::DesignationIndex;
use super::priority::SuggestOptions;
use super::report::{self, CoverageReport};
use super::rules::{self, RuleOptions};
use super::suggest::{self, SuggestionPlan};
use super::{Helper, HelperId, Pairing};
use crate::error::{Error, Issues};
use crate::region::Designations;

/// The helpers and the pairings of one data set. On the wire: `{"helpers": [...],
/// "pairings": [...]}`; paths of issues read like `pairings[3].helpers[1]`.
///
/// ```
/// use chrono::NaiveDate;
/// use fupin_core::pairing::{CoverageRules, PairingBook, SuggestOptions};
/// use fupin_core::region::Designations;
///
/// let designations = Designations::from_json(r#"[
///   {"kind": "poor_county", "region": "522327", "valid_from": "2014-01-01", "source": "synthetic"},
///   {"kind": "poor_county", "region": "522328", "valid_from": "2014-01-01", "source": "synthetic"}
/// ]"#)?;
/// let book = PairingBook::from_json(r#"{
///   "helpers": [
///     {"id": "ent-1", "name": "企业甲", "kind": "internet_enterprise", "capacity": 1,
///      "domains": ["rural_ecommerce"]},
///     {"id": "fdn-1", "name": "基金会乙", "kind": "foundation", "capacity": 2,
///      "domains": ["health"]}
///   ],
///   "pairings": [
///     {"helpers": ["ent-1", "ent-1", "nobody"], "recipient": {"region": "522327"},
///      "signed_on": "2017-05-01"}
///   ]
/// }"#)?;
/// let found: Vec<String> = book.validate(&designations).iter()
///     .map(|i| format!("{} {}", i.code, i.path)).collect();
/// assert_eq!(found, ["duplicate_helper pairings[0].helpers[1]",
///                    "unknown_helper pairings[0].helpers[2]"]);
///
/// let day = NaiveDate::from_ymd_opt(2018, 1, 1).unwrap();
/// let rules = CoverageRules::default();                 // every poor county has a plan helper
/// let report = book.coverage(&designations, &rules, day);
/// assert_eq!(report.issues.len(), 1);                   // 522328 has none
/// let plan = book.suggest(&designations, &rules, day, &SuggestOptions::default())?;
/// assert_eq!(plan.suggestions[0].helper.as_str(), "fdn-1");
/// assert_eq!(plan.suggestions[0].recipient.to_short(), "522328");
/// # Ok::<(), fupin_core::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PairingBook {
    /// The helpers.
    #[serde(default)]
    pub helpers: Vec<Helper>,
    /// The pairings.
    #[serde(default)]
    pub pairings: Vec<Pairing>,
}

impl PairingBook {
    /// Reads a book from JSON text. Every problem of shape or type is reported at once (as
    /// [`Error::Validation`]) with its path; the rules are checked by [`PairingBook::validate`].
    pub fn from_json(json: &str) -> Result<Self, Error> {
        let value = crate::json_read::value_from_str(json)?;
        Self::from_value(value)
    }

    /// Like [`PairingBook::from_json`], from a parsed JSON value (a Python dict or a JS
    /// object arrives this way).
    pub fn from_value(value: serde_json::Value) -> Result<Self, Error> {
        super::parse::book_from_value(value).map_err(Error::Validation)
    }

    /// The helper with this id (the first, if the id is used twice).
    pub fn helper(&self, id: &HelperId) -> Option<&Helper> {
        self.helpers.iter().find(|h| &h.id == id)
    }

    /// Every rule the book breaks, with the default [`RuleOptions`].
    pub fn validate(&self, designations: &Designations) -> Issues {
        self.validate_with(designations, &RuleOptions::default())
    }

    /// Every rule the book breaks: helper ids, names and domains; for each pairing its
    /// helpers (at least one, each once, each known), its recipient (a county, village or
    /// household, designated poor on or before the signing day — one that has exited since
    /// is fine, help goes on after exit, "四不摘"), its dates and its projects; duplicated
    /// pairings; helpers over capacity. Issues come helpers first, then pairing by pairing.
    pub fn validate_with(&self, designations: &Designations, options: &RuleOptions) -> Issues {
        rules::validate(self, designations, options)
    }

    /// The coverage of the book on `as_of` against `rules`: every recipient in scope with
    /// its status, totals for the nation and every province, prefecture and county,
    /// helpers' load, projects and funds by domain, and every rule failure.
    pub fn coverage(
        &self,
        designations: &Designations,
        rules: &CoverageRules,
        as_of: NaiveDate,
    ) -> CoverageReport {
        let index = DesignationIndex::new(designations);
        let eval = coverage::evaluate(self, &index, rules, as_of);
        report::build(self, &index, eval, as_of)
    }

    /// Suggested new pairings on `as_of`, so that recipients short of helpers under `rules`
    /// get them: the best plan for the priorities (see [`super::Instance`]), each
    /// suggestion explained. Errors only for priorities out of range.
    pub fn suggest(
        &self,
        designations: &Designations,
        rules: &CoverageRules,
        as_of: NaiveDate,
        options: &SuggestOptions,
    ) -> Result<SuggestionPlan, Error> {
        suggest::suggest(self, designations, rules, as_of, options)
    }
}
