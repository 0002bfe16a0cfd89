//! The registered household file (建档立卡, 一户一档): households, members, causes,
//! guarantees, network-plan fields, and the ID numbers, names and phones inside them —
//! which never appear unmasked in `Debug`, `Display` or error messages.
//!
//! ```
//! use chrono::NaiveDate;
//! use fupin_core::household::Household;
//!
//! let json = r#"{
//!   "file_number": "5223270001", "village": "522327100201", "identified_year": 2014,
//!   "status": "poor", "main_cause": "因病", "income_per_capita": -10,
//!   "members": [
//!     {"name": "王某", "relation": "householder", "sex": "female",
//!      "id_number": "11010519491231002X", "birth_date": "1950-01-01"}
//!   ]
//! }"#;
//! let household = Household::from_json(json)?;
//! let issues = household.validate_at(NaiveDate::from_ymd_opt(2020, 6, 30).unwrap());
//! let found: Vec<(String, String)> =
//!     issues.iter().map(|i| (i.code.clone(), i.path.to_string())).collect();
//! assert_eq!(found, [
//!     ("negative_income".to_owned(), "income_per_capita".to_owned()),
//!     ("id_birth_date_mismatch".to_owned(), "members[0].id_number".to_owned()),
//! ]);
//! assert!(!format!("{household:?}").contains("11010519491231002X"));
//! # Ok::<(), fupin_core::Error>(())
//! ```

mod batch;
mod cause;
mod check;
mod dedupe;
mod duplicates;
mod fast;
mod fingerprint;
mod fp_table;
mod id_number;
mod late;
mod member;
pub(crate) mod parse;
mod people;
mod personal;
mod record;
pub(crate) mod rules;
pub(crate) mod scan;
mod spill;
mod table_rows;

pub use batch::{EachRecord, RecordChecker, RecordReport, TextBatch};
pub use cause::Cause;
pub(crate) use check::read_record;
pub use check::{HouseholdKeys, RecordCheck, check_all, check_json, check_json_bytes, check_value};
pub use dedupe::{DuplicateFinder, MIN_KEY_BYTES, pseudonyms};
pub use duplicates::{DuplicateCheck, Location, Seen};
pub use fingerprint::{fingerprint, fingerprint_bytes, members_fingerprint, run_duplicates};
pub use id_number::{IdNumber, IdNumberError, Pseudonym, PseudonymKey, check_char};
pub use member::{Education, Health, Insurance, LabourSkill, Member, Relation, SchoolStage};
pub use personal::{PersonName, Phone};
pub use record::{
    Guarantees, HelperCadre, Household, HouseholdStatus, IncomeComponents, IncomeYear, Measure,
    MeasureKind, NetworkAccess, StatusChange,
};
pub use spill::{MemorySpill, SpillParts, SpillStorage};
pub use table_rows::TableHouseholds;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Issues};

/// Sex of a member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    /// 男.
    Male,
    /// 女.
    Female,
}

fn today() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

impl Household {
    /// Reads a household from JSON text. Every problem of shape or type is reported at once
    /// (as [`Error::Validation`]) with its path, e.g. `members[2].id_number`; rules that span
    /// fields are checked by [`Household::validate_at`]. A key given twice in one object is
    /// a `duplicate_key` issue (which value was meant would be a guess).
    pub fn from_json(json: &str) -> Result<Household, Error> {
        Household::from_value(crate::json_read::value_from_str(json)?)
    }

    /// Like [`Household::from_json`], from an already parsed JSON value (a Python dict or a
    /// JS object arrives this way).
    pub fn from_value(value: serde_json::Value) -> Result<Household, Error> {
        parse::from_value(value).map_err(Error::Validation)
    }

    /// Reads and fully checks a household: shape and type problems, or else every rule the
    /// record breaks as of `today`.
    pub fn parse_and_validate(
        value: serde_json::Value,
        today: NaiveDate,
    ) -> Result<Household, Error> {
        let household = Household::from_value(value)?;
        household.validate_at(today).into_result()?;
        Ok(household)
    }

    /// Every rule the household breaks, as of `today` (dates after it are in the future).
    pub fn validate_at(&self, today: NaiveDate) -> Issues {
        rules::validate(self, today)
    }

    /// Every rule the household breaks, as of the current UTC date.
    pub fn check(&self) -> Issues {
        self.validate_at(today())
    }

    /// The householder, if there is exactly one.
    pub fn householder(&self) -> Option<&Member> {
        let mut it = self
            .members
            .iter()
            .filter(|m| m.relation == Relation::Householder);
        match (it.next(), it.next()) {
            (Some(h), None) => Some(h),
            _ => None,
        }
    }

    /// Number of members.
    pub fn size(&self) -> usize {
        self.members.len()
    }
}

impl Member {
    /// Reads one member from a JSON value, reporting every problem with its path.
    pub fn from_value(value: serde_json::Value) -> Result<Member, Error> {
        parse::member_from_value(value).map_err(Error::Validation)
    }

    /// Every rule the member breaks on its own, as of `today` (field rules, dates, the id
    /// number against birth date and sex), with paths from the member (`id_number`). The
    /// rules that need the whole household (one householder, no id number twice) are
    /// checked by [`Household::validate_at`], with the same codes.
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use fupin_core::household::Member;
    ///
    /// let m = Member::from_value(serde_json::json!({"name": "王某", "relation": "spouse",
    ///     "sex": "male", "id_number": "11010519491231002X", "migrant_months": 13}))?;
    /// let issues = m.validate_at(NaiveDate::from_ymd_opt(2020, 6, 30).unwrap());
    /// let found: Vec<(&str, String)> =
    ///     issues.iter().map(|i| (i.code.as_str(), i.path.to_string())).collect();
    /// assert_eq!(found, [("field_range", "migrant_months".to_owned()),
    ///                    ("id_sex_mismatch", "id_number".to_owned())]);
    /// # Ok::<(), fupin_core::Error>(())
    /// ```
    pub fn validate_at(&self, today: NaiveDate) -> Issues {
        rules::validate_member(self, today)
    }
}
