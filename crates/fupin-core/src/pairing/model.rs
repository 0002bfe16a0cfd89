//! Pairings (结对帮扶): N helpers, one recipient, a signing date and projects.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Domain, HelperId, PairingId};
use crate::money::Yuan;
use crate::region::{Level, RegionCode};

/// Who receives help: a poor county, a poor village, or one registered household (given by
/// its file number and its village).
///
/// ```
/// use fupin_core::pairing::{Recipient, RecipientKind};
///
/// let r: Recipient = serde_json::from_str(r#"{"region": "522327"}"#)?;
/// assert_eq!(r.kind(), Some(RecipientKind::County));
/// let h: Recipient =
///     serde_json::from_str(r#"{"region": "522327104201", "household": "5223270001"}"#)?;
/// assert_eq!(h.kind(), Some(RecipientKind::Household));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recipient {
    /// The county or village (for a household: its village).
    pub region: RegionCode,
    /// The household's file number (建档立卡 档案号), when the recipient is one household.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub household: Option<String>,
}

/// What a recipient is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RecipientKind {
    /// A county (贫困县).
    County,
    /// A village (贫困村).
    Village,
    /// One registered household (贫困户).
    Household,
}

impl Recipient {
    /// A county or village recipient.
    pub fn region(region: RegionCode) -> Self {
        Self {
            region,
            household: None,
        }
    }

    /// What the recipient is; `None` when the region's level does not fit (a household must
    /// name its village; a region must be a county or a village).
    pub fn kind(&self) -> Option<RecipientKind> {
        match (self.region.level(), &self.household) {
            (Level::Village, Some(_)) => Some(RecipientKind::Household),
            (Level::Village, None) => Some(RecipientKind::Village),
            (Level::County, None) => Some(RecipientKind::County),
            _ => None,
        }
    }
}

/// Where a project stands, as recorded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ProjectStatus {
    /// Agreed, not started.
    Planned,
    /// Under way (the default).
    #[default]
    Ongoing,
    /// Paused.
    Suspended,
    /// Delivered.
    Completed,
    /// Dropped; counts nowhere.
    Cancelled,
}

/// Where a project stands on a given date (see [`Project::state_on`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ProjectState {
    /// Not started yet (starts after the date).
    Upcoming,
    /// Running on the date.
    Active,
    /// Suspended on the date.
    Suspended,
    /// Over: completed, or past its end date.
    Ended,
    /// Cancelled.
    Cancelled,
}

/// A project of a pairing: a domain, dates, committed funds, a status and the households it
/// targets, if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Project {
    /// Identifier within the data, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Name, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The domain.
    pub domain: Domain,
    /// The helper of the pairing that runs it, if one does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub helper: Option<HelperId>,
    /// First day.
    pub start: NaiveDate,
    /// Last day (inclusive), as planned.
    pub end: NaiveDate,
    /// Funds committed (exact).
    pub funds: Yuan,
    /// Status as recorded.
    #[serde(default)]
    pub status: ProjectStatus,
    /// File numbers of the households it targets, if it targets households.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub households: Vec<String>,
}

impl Project {
    /// Where the project stands on `date`: cancelled; upcoming before its start; ended when
    /// completed or past its end; suspended; else active.
    pub fn state_on(&self, date: NaiveDate) -> ProjectState {
        match self.status {
            ProjectStatus::Cancelled => ProjectState::Cancelled,
            _ if date < self.start => ProjectState::Upcoming,
            ProjectStatus::Completed => ProjectState::Ended,
            _ if date > self.end => ProjectState::Ended,
            ProjectStatus::Suspended => ProjectState::Suspended,
            _ => ProjectState::Active,
        }
    }

    /// Whether the project counts as delivering help by `date`: started, and not
    /// cancelled (active, suspended or ended).
    pub fn delivered_by(&self, date: NaiveDate) -> bool {
        !matches!(
            self.state_on(date),
            ProjectState::Upcoming | ProjectState::Cancelled
        )
    }
}

/// One "N+1" pairing: N ≥ 1 helpers and exactly one recipient, signed on a date, possibly
/// ended, with its projects.
///
/// ```
/// use chrono::NaiveDate;
/// use fupin_core::pairing::Pairing;
///
/// let p: Pairing = serde_json::from_str(r#"{
///     "helpers": ["ent-1", "fdn-2"], "recipient": {"region": "522327"},
///     "signed_on": "2018-03-01", "ended_on": "2021-01-01",
///     "projects": [{"domain": "rural_ecommerce", "start": "2018-04-01",
///                   "end": "2020-12-31", "funds": 1500000.5}]
/// }"#)?;
/// let on = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
/// assert!(p.is_active_on(on(2020, 6, 30)));
/// assert!(!p.is_active_on(on(2021, 1, 1)));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pairing {
    /// Identifier, if the data has one; unique when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<PairingId>,
    /// The helpers (the N), by id; at least one, each once.
    pub helpers: Vec<HelperId>,
    /// The recipient (the 1).
    pub recipient: Recipient,
    /// The day it was signed.
    pub signed_on: NaiveDate,
    /// The first day it no longer runs, if it has ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended_on: Option<NaiveDate>,
    /// Its projects.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub projects: Vec<Project>,
}

impl Pairing {
    /// Whether the pairing runs on `date`: signed on or before it, not ended by it.
    pub fn is_active_on(&self, date: NaiveDate) -> bool {
        self.signed_on <= date && self.ended_on.is_none_or(|end| date < end)
    }

    /// Whether the pairing has ended by `date`.
    pub fn has_ended_by(&self, date: NaiveDate) -> bool {
        self.ended_on.is_some_and(|end| end <= date)
    }

    /// Whether two pairings run on at least one common day.
    pub fn overlaps(&self, other: &Pairing) -> bool {
        let ends_after = |p: &Pairing, day: NaiveDate| p.ended_on.is_none_or(|end| day < end);
        ends_after(self, other.signed_on) && ends_after(other, self.signed_on)
    }
}
