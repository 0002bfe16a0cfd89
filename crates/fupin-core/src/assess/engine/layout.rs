//! [`HouseholdColumns`]: the register reduced to what the kernel counts, one compact column
//! per field (8 bytes a household): the village's slot, the members, and a flags word whose
//! eleven bits are the household's facts as [`HouseholdFields`](super::super::HouseholdFields)' rules
//! decide them ([`flags_of`]).

use chrono::{Datelike, NaiveDate};

use super::super::facts::HouseholdFields;

use crate::error::{Issue, Path};
use crate::household::Household;
use crate::money::Yuan;
use crate::plan::PovertyLines;
use crate::region::{Level, RegionCode};

/// Bits of a household's flags word. The network bits are set only for households still
/// poor, so counting them counts among the poor.
pub(crate) mod flag {
    /// The household is still poor (poor, returned or newly poor).
    pub(crate) const POOR: u16 = 1;
    /// Poor, and whether it has a terminal is recorded.
    pub(crate) const TERMINAL_KNOWN: u16 = 1 << 1;
    /// Poor, with a terminal.
    pub(crate) const TERMINAL: u16 = 1 << 2;
    /// Poor, and its e-commerce use is recorded.
    pub(crate) const ECOMMERCE_KNOWN: u16 = 1 << 3;
    /// Poor, using e-commerce.
    pub(crate) const ECOMMERCE: u16 = 1 << 4;
    /// Poor, and its online training is recorded.
    pub(crate) const TRAINING_KNOWN: u16 = 1 << 5;
    /// Poor, with online training.
    pub(crate) const TRAINING: u16 = 1 << 6;
    /// The file is complete (any status).
    pub(crate) const FILE_COMPLETE: u16 = 1 << 7;
    /// Poor, and the exit rule can be decided from the file.
    pub(crate) const EXIT_KNOWN: u16 = 1 << 8;
    /// Poor, and the household exit rule is met.
    pub(crate) const EXIT_ELIGIBLE: u16 = 1 << 9;
    /// Whether the file is complete is recorded (any status).
    pub(crate) const FILE_KNOWN: u16 = 1 << 10;
    /// All bits in use.
    #[cfg(test)]
    pub(crate) const ALL: u16 = (1 << 11) - 1;
}

/// What one household contributes to the roll-up, before its village is resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct HouseholdSummary {
    /// The village code.
    pub(crate) village: RegionCode,
    /// Number of members.
    pub(crate) people: u16,
    /// Flags, see [`flag`].
    pub(crate) flags: u16,
}

fn bit(cond: bool, b: u16) -> u16 {
    if cond { b } else { 0 }
}

/// Computes the flags word from the fields (`line`: the poverty line of the year).
pub(crate) fn flags_of(f: &HouseholdFields, line: Option<Yuan>) -> u16 {
    let poor = f.is_poor();
    let mut flags = bit(poor, flag::POOR)
        | bit(f.file_complete.is_some(), flag::FILE_KNOWN)
        | bit(f.file_complete == Some(true), flag::FILE_COMPLETE);
    if poor {
        flags |= bit(f.terminal.is_some(), flag::TERMINAL_KNOWN)
            | bit(f.terminal == Some(true), flag::TERMINAL)
            | bit(f.ecommerce.is_some(), flag::ECOMMERCE_KNOWN)
            | bit(f.ecommerce == Some(true), flag::ECOMMERCE)
            | bit(f.online_training.is_some(), flag::TRAINING_KNOWN)
            | bit(f.online_training == Some(true), flag::TRAINING);
        match f.may_exit(line) {
            Some(true) => flags |= flag::EXIT_KNOWN | flag::EXIT_ELIGIBLE,
            Some(false) => flags |= flag::EXIT_KNOWN,
            None => {}
        }
    }
    flags
}

impl HouseholdSummary {
    /// Summarises a household record as of `as_of`, judging the exit rule against the
    /// poverty line of that year.
    pub(crate) fn from_household(h: &Household, as_of: NaiveDate, lines: &PovertyLines) -> Self {
        let year = u16::try_from(as_of.year()).unwrap_or(0);
        let line = lines.for_year(year).map(|l| l.yuan);
        let fields = HouseholdFields::of(h, as_of);
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
pub(crate) struct HouseholdColumns {
    /// Index of the household's village in the data set's village list.
    pub(crate) village: Vec<u32>,
    /// Members.
    pub(crate) people: Vec<u16>,
    /// Flags, see [`flag`].
    pub(crate) flags: Vec<u16>,
}

impl HouseholdColumns {
    /// Number of households.
    pub(crate) fn len(&self) -> usize {
        self.village.len()
    }

    /// Whether there is none.
    pub(crate) fn is_empty(&self) -> bool {
        self.village.is_empty()
    }

    /// Reserves room for `n` more households.
    pub(crate) fn reserve(&mut self, n: usize) {
        self.village.reserve(n);
        self.people.reserve(n);
        self.flags.reserve(n);
    }

    /// Removes every household, keeping the room they took (for a buffer refilled chunk
    /// after chunk).
    pub(crate) fn clear(&mut self) {
        self.village.clear();
        self.people.clear();
        self.flags.clear();
    }

    /// Appends one household.
    #[inline]
    pub(crate) fn push(&mut self, village: u32, people: u16, flags: u16) {
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
