//! [`HouseholdColumns`]: the register reduced to what the roll-up counts, one compact
//! column per field (8 bytes a household), built from household records or from bulk
//! columns (the Arrow adapter feeds these).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::{Issue, Path};
use crate::household::{Household, HouseholdStatus};
use crate::money::Yuan;
use crate::plan::PovertyLines;
use crate::region::{Level, RegionCode};

/// Bits of a household's flags word. The network bits are set only for households still
/// poor, so counting them counts among the poor.
pub mod flag {
    /// The household is still poor (poor, returned or newly poor).
    pub const POOR: u16 = 1;
    /// Poor, and whether it has a terminal is recorded.
    pub const TERMINAL_KNOWN: u16 = 1 << 1;
    /// Poor, with a terminal.
    pub const TERMINAL: u16 = 1 << 2;
    /// Poor, and its e-commerce use is recorded.
    pub const ECOMMERCE_KNOWN: u16 = 1 << 3;
    /// Poor, using e-commerce.
    pub const ECOMMERCE: u16 = 1 << 4;
    /// Poor, and its online training is recorded.
    pub const TRAINING_KNOWN: u16 = 1 << 5;
    /// Poor, with online training.
    pub const TRAINING: u16 = 1 << 6;
    /// The file is complete (any status).
    pub const FILE_COMPLETE: u16 = 1 << 7;
    /// Poor, and the exit rule can be decided from the file.
    pub const EXIT_KNOWN: u16 = 1 << 8;
    /// Poor, and the household exit rule is met.
    pub const EXIT_ELIGIBLE: u16 = 1 << 9;
    /// All bits in use.
    pub const ALL: u16 = (1 << 10) - 1;
}

/// What one household contributes to the roll-up, before its village is resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseholdSummary {
    /// The village code.
    pub village: RegionCode,
    /// Number of members.
    pub people: u16,
    /// Flags, see [`flag`].
    pub flags: u16,
}

/// The fields of one household as bulk inputs hand them over, with `None` for nulls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct HouseholdFields {
    /// Number of members.
    pub people: u16,
    /// Current status.
    pub status: Option<HouseholdStatus>,
    /// Has a terminal.
    pub terminal: Option<bool>,
    /// Uses e-commerce.
    pub ecommerce: Option<bool>,
    /// A member took online training.
    pub online_training: Option<bool>,
    /// The file is complete.
    pub file_complete: bool,
    /// Per-capita net income.
    pub income_per_capita: Option<Yuan>,
    /// Whether all six guarantees are met (`None` when not all recorded and none failed).
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
}

fn bit(cond: bool, b: u16) -> u16 {
    if cond { b } else { 0 }
}

/// The household exit rule on the fields: income above the line and every guarantee met.
/// `None` when the file cannot decide it.
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

/// Computes the flags word from the fields (`line`: the poverty line of the year).
pub fn flags_of(f: &HouseholdFields, line: Option<Yuan>) -> u16 {
    let poor = f.status.is_none_or(HouseholdStatus::is_poor);
    let mut flags = bit(poor, flag::POOR) | bit(f.file_complete, flag::FILE_COMPLETE);
    if poor {
        flags |= bit(f.terminal.is_some(), flag::TERMINAL_KNOWN)
            | bit(f.terminal == Some(true), flag::TERMINAL)
            | bit(f.ecommerce.is_some(), flag::ECOMMERCE_KNOWN)
            | bit(f.ecommerce == Some(true), flag::ECOMMERCE)
            | bit(f.online_training.is_some(), flag::TRAINING_KNOWN)
            | bit(f.online_training == Some(true), flag::TRAINING);
        match exit_rule(f.income_per_capita, f.guarantees_met, line) {
            Some(true) => flags |= flag::EXIT_KNOWN | flag::EXIT_ELIGIBLE,
            Some(false) => flags |= flag::EXIT_KNOWN,
            None => {}
        }
    }
    flags
}

/// Whether a household's file is complete (一户一档案): income, all six guarantees, the
/// terminal and broadband fields recorded, and an ID number for every member aged 16 or
/// more on `as_of`.
pub fn file_complete(h: &Household, as_of: NaiveDate) -> bool {
    let adults_have_ids = h.members.iter().all(|m| {
        m.id_number.is_some()
            || m.birth_date.is_some_and(|b| {
                as_of.year() - b.year() < 16
                    || (as_of.year() - b.year() == 16 && as_of.ordinal() < b.ordinal())
            })
    });
    h.income_per_capita.is_some()
        && h.guarantees.items().iter().all(|(_, v)| v.is_some())
        && h.network.terminal.is_some()
        && h.network.broadband.is_some()
        && adults_have_ids
}

impl HouseholdSummary {
    /// Summarises a household record as of `as_of`, judging the exit rule against the
    /// poverty line of that year.
    pub fn from_household(h: &Household, as_of: NaiveDate, lines: &PovertyLines) -> Self {
        let year = u16::try_from(as_of.year()).unwrap_or(0);
        let line = lines.for_year(year).map(|l| l.yuan);
        let fields = HouseholdFields {
            people: u16::try_from(h.members.len()).unwrap_or(u16::MAX),
            status: Some(h.status),
            terminal: h.network.terminal,
            ecommerce: h.network.ecommerce,
            online_training: h.network.online_training,
            file_complete: file_complete(h, as_of),
            income_per_capita: h.income_per_capita,
            guarantees_met: h.guarantees.all_met_on(as_of),
        };
        HouseholdSummary {
            village: h.village,
            people: fields.people,
            flags: flags_of(&fields, line),
        }
    }
}

/// The register as columns: for each household its village (an index into the data set's
/// villages), its size and its flags.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HouseholdColumns {
    /// Index of the household's village in the data set's village list.
    pub village: Vec<u32>,
    /// Members.
    pub people: Vec<u16>,
    /// Flags, see [`flag`].
    pub flags: Vec<u16>,
}

impl HouseholdColumns {
    /// Number of households.
    pub fn len(&self) -> usize {
        self.village.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.village.is_empty()
    }

    /// Reserves room for `n` more households.
    pub fn reserve(&mut self, n: usize) {
        self.village.reserve(n);
        self.people.reserve(n);
        self.flags.reserve(n);
    }

    /// Removes every household, keeping the room they took (for a buffer refilled chunk
    /// after chunk).
    pub fn clear(&mut self) {
        self.village.clear();
        self.people.clear();
        self.flags.clear();
    }

    /// Appends one household.
    #[inline]
    pub fn push(&mut self, village: u32, people: u16, flags: u16) {
        self.village.push(village);
        self.people.push(people);
        self.flags.push(flags);
    }
}

/// Checks that a household's village code is a village-level code.
pub(crate) fn check_village(code: RegionCode, row: usize) -> Option<Issue> {
    (code.level() != Level::Village).then(|| {
        Issue::new(
            "not_a_village_code",
            Path::root().index(row).key("village"),
            format!(
                "`{}` is a {} code; households belong to villages",
                code.to_short(),
                code.level()
            ),
        )
    })
}
