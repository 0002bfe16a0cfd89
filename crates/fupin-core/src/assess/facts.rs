//! What the assessment reads from a household, and the rules that decide it: whether it is
//! poor, whether its file is complete (一户一档案), whether it may exit. Every count of the
//! register — the kernel's too, through a table built from [`exit_rule`] and checked against
//! it entry by entry — follows these rules; nothing else decides them.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::{Issue, Path};
use crate::household::{Household, HouseholdStatus};
use crate::money::Yuan;

/// The fields of one household the assessment counts, as bulk inputs hand them over, with
/// `None` for what is not recorded.
///
/// ```
/// use fupin_core::assess::HouseholdFields;
/// use fupin_core::household::HouseholdStatus;
///
/// let mut f = HouseholdFields::new(3, HouseholdStatus::Poor);
/// f.terminal = Some(true);
/// assert!(f.is_poor());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct HouseholdFields {
    /// Number of members.
    pub people: u16,
    /// Current status (`None`: not recorded, counted as poor, as in registers of the poor).
    pub status: Option<HouseholdStatus>,
    /// Has a terminal (一户一终端).
    pub terminal: Option<bool>,
    /// Uses e-commerce.
    pub ecommerce: Option<bool>,
    /// A member took online training.
    pub online_training: Option<bool>,
    /// The file is complete (see [`file_complete`]; `None`: not recorded, so counted
    /// neither way: 一户一档案 is a share of the households where it is recorded).
    pub file_complete: Option<bool>,
    /// Per-capita net income.
    pub income_per_capita: Option<Yuan>,
    /// Whether every guarantee that applies is met (`None` when not all recorded and none
    /// failed).
    pub guarantees_met: Option<bool>,
}

impl HouseholdFields {
    /// The fields with the given members and status, nothing else recorded.
    pub fn new(people: u16, status: HouseholdStatus) -> Self {
        Self {
            people,
            status: Some(status),
            ..Self::default()
        }
    }

    /// The fields of a household record as of `as_of`: its members, status, network,
    /// income, whether its file is complete and whether the guarantees that applied on
    /// `as_of` are met.
    pub fn of(h: &Household, as_of: NaiveDate) -> Self {
        HouseholdFields {
            people: u16::try_from(h.members.len()).unwrap_or(u16::MAX),
            status: Some(h.status),
            terminal: h.network.terminal,
            ecommerce: h.network.ecommerce,
            online_training: h.network.online_training,
            file_complete: Some(file_complete(h, as_of)),
            income_per_capita: h.income_per_capita,
            guarantees_met: h.guarantees.all_met_on(as_of),
        }
    }

    /// Reads a row of fields as JSON gives it — `{"village": "522327104201", "people": 3,
    /// "status": "poor", "terminal": true, …}`, keys as this type's fields, `village`,
    /// `people` and `status` required (a table's status cell must be given too: a row
    /// without one is not taken for a poor household's) — with every problem of shape and type at its path (`status`,
    /// `people`), as household records are read. The size's range ([`HOUSEHOLD_SIZE`]) and
    /// whether the code is a village's are checked when the row is added, as for any input.
    ///
    /// ```
    /// use fupin_core::assess::HouseholdFields;
    ///
    /// let (village, f) = HouseholdFields::from_value(serde_json::json!(
    ///     {"village": "522327104201", "people": 3, "status": "poor", "terminal": true}))?;
    /// assert_eq!((village.to_string().as_str(), f.people, f.terminal), ("522327104201", 3, Some(true)));
    /// let err = HouseholdFields::from_value(serde_json::json!(
    ///     {"village": "522327104201", "status": "rich", "terminal": "yes", "flags": 1})).unwrap_err();
    /// let paths: Vec<String> = err.issues().0.iter().map(|i| i.path.to_string()).collect();
    /// assert_eq!(paths, ["people", "flags", "status", "terminal"]);
    /// # Ok::<(), fupin_core::Error>(())
    /// ```
    pub fn from_value(
        value: serde_json::Value,
    ) -> Result<(crate::region::RegionCode, Self), crate::Error> {
        crate::household::parse::fields_from_value(value).map_err(crate::Error::Validation)
    }

    /// Whether the household counts among the poor: its status is a poor one, or is not
    /// recorded (a register of the poor lists only them).
    pub fn is_poor(&self) -> bool {
        self.status.is_none_or(HouseholdStatus::is_poor)
    }

    /// The household exit rule on these fields ([`exit_rule`]).
    pub fn may_exit(&self, line: Option<Yuan>) -> Option<bool> {
        exit_rule(self.income_per_capita, self.guarantees_met, line)
    }
}

/// How many members a household may have, in every input (records, tables, rows of
/// fields): at least one (a 户 is its members); at most 30. No document gives a largest
/// household: 30 is this library's plausibility bound (the one household records have
/// always had), so that a typing slip such as `300` is refused rather than counted.
pub const HOUSEHOLD_SIZE: std::ops::RangeInclusive<u16> = 1..=30;

/// A household's number of members as given (any integer), checked against
/// [`HOUSEHOLD_SIZE`]: the number, or the problem (`people_range`, at the root: the caller
/// places it).
///
/// ```
/// use fupin_core::assess::household_size;
/// assert_eq!(household_size(4), Ok(4));
/// assert_eq!(household_size(0).unwrap_err().code, "people_range");
/// assert_eq!(household_size(31).unwrap_err().message, "a household has 1 to 30 members, not 31");
/// ```
pub fn household_size(people: i128) -> Result<u16, Issue> {
    match u16::try_from(people) {
        Ok(n) if HOUSEHOLD_SIZE.contains(&n) => Ok(n),
        _ => Err(Issue::new(
            "people_range",
            Path::root(),
            format!(
                "a household has {} to {} members, not {people}",
                HOUSEHOLD_SIZE.start(),
                HOUSEHOLD_SIZE.end()
            ),
        )),
    }
}

/// A household's per-capita net income as given, checked: the amount, or the problem
/// (`negative_income`, at the root: the caller places it). A per-capita net income cannot
/// be below zero (one component, business income, may be a loss: the record's rules check
/// the components); records, rows of tables and rows of fields are held to this one rule.
///
/// ```
/// use fupin_core::Yuan;
/// use fupin_core::assess::per_capita_income;
/// let y: Yuan = "3500".parse()?;
/// assert_eq!(per_capita_income(y), Ok(y));
/// let e = per_capita_income("-10".parse()?).unwrap_err();
/// assert_eq!((e.code.as_str(), e.message.as_str()), ("negative_income", "per-capita net income `-10.00` is negative"));
/// # Ok::<(), fupin_core::MoneyError>(())
/// ```
pub fn per_capita_income(income: Yuan) -> Result<Yuan, Issue> {
    if income.is_negative() {
        return Err(Issue::new(
            "negative_income",
            Path::root(),
            format!("per-capita net income `{income}` is negative"),
        )
        .with("value", income.to_string()));
    }
    Ok(income)
}

/// The household exit rule as the counts apply it (《关于建立贫困退出机制的意见》, 2016:
/// per-capita net income above the line — equal to it fails — and every guarantee met).
/// `None` when the file cannot decide it. [`household_exit_with`](super::household_exit_with)
/// applies the same rule to one record with each criterion listed; a test checks that the
/// two agree for every household and date.
///
/// ```
/// use fupin_core::assess::exit_rule;
/// use fupin_core::Yuan;
///
/// let line = Yuan::from_fen(299_500);
/// assert_eq!(exit_rule(Some(Yuan::from_fen(299_501)), Some(true), Some(line)), Some(true));
/// assert_eq!(exit_rule(Some(line), Some(true), Some(line)), Some(false));
/// assert_eq!(exit_rule(Some(Yuan::from_fen(400_000)), None, Some(line)), None);
/// ```
pub fn exit_rule(
    income: Option<Yuan>,
    guarantees_met: Option<bool>,
    line: Option<Yuan>,
) -> Option<bool> {
    match (guarantees_met, income, line) {
        (Some(false), _, _) => Some(false),
        (_, Some(i), Some(l)) if i <= l => Some(false),
        (Some(true), Some(_), Some(_)) => Some(true),
        _ => None,
    }
}

/// Whether a household's file is complete (一户一档案, one file per household, of the
/// information-services project): income, the guarantees that apply on `as_of` (the five
/// of the 2016 opinion, safe water from 2019-06-23 on: [`Guarantees::items_on`](crate::household::Guarantees::items_on), as the
/// exit rule reads them), the terminal and broadband fields recorded, and an ID number for
/// every member aged 16 or more on `as_of`. The plan
/// names the file, not its fields: this list is this library's reading of the 建档立卡
/// record (`DOMAIN.md` §3), not a published checklist.
///
/// ```
/// use chrono::NaiveDate;
/// use fupin_core::assess::file_complete;
/// use fupin_core::household::Household;
///
/// let h = Household::from_json(r#"{"file_number": "1", "village": "522327104201",
///     "identified_year": 2016, "status": "poor", "main_cause": "因病", "income_per_capita": 3500,
///     "guarantees": {"food": true, "clothing": true, "compulsory_education": true,
///                    "basic_medical": true, "safe_housing": true},
///     "network": {"terminal": true, "broadband": false},
///     "members": [{"name": "张三", "relation": "householder", "sex": "male", "birth_date": "2010-01-01"}]}"#)?;
/// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
/// // safe water is not recorded: not a guarantee before 2019-06-23, one after
/// assert!(file_complete(&h, d(2018, 12, 31)));
/// assert!(!file_complete(&h, d(2019, 12, 31)));
/// # Ok::<(), fupin_core::Error>(())
/// ```
pub fn file_complete(h: &Household, as_of: NaiveDate) -> bool {
    let adults_have_ids = h.members.iter().all(|m| {
        m.id_number.is_some()
            || m.birth_date.is_some_and(|b| {
                as_of.year() - b.year() < 16
                    || (as_of.year() - b.year() == 16 && as_of.ordinal() < b.ordinal())
            })
    });
    h.income_per_capita.is_some()
        && h.guarantees.items_on(as_of).all(|(_, v)| v.is_some())
        && h.network.terminal.is_some()
        && h.network.broadband.is_some()
        && adults_have_ids
}
