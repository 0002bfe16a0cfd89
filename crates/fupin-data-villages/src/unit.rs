//! [`Unit`]: one township or village of the table.

use fupin_core::region::{Level, RegionCode};

/// A township (乡级: 街道, 镇, 乡 …) or village (村级: 村民委员会, 居民委员会 …) with its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Unit<'a> {
    pub(crate) code: u64,
    pub(crate) name: &'a str,
}

impl<'a> Unit<'a> {
    /// The 12-digit code as a number (a township's ends in `000`).
    pub fn code(&self) -> u64 {
        self.code
    }

    /// The name as the source gives it, e.g. `丫他镇`, `丫他村村民委员会`.
    pub fn name(&self) -> &'a str {
        self.name
    }

    /// The 12-digit code as text, e.g. `"522327103200"`.
    pub fn digits(&self) -> String {
        format!("{:012}", self.code)
    }

    /// The short form: 9 digits for a township (`"522327103"`), 12 for a village.
    pub fn short_digits(&self) -> String {
        match self.level() {
            Level::Township => format!("{:09}", self.code / 1000),
            _ => self.digits(),
        }
    }

    /// [`Level::Township`] or [`Level::Village`].
    pub fn level(&self) -> Level {
        crate::key::level_of(self.code).unwrap_or(Level::Village)
    }

    /// The code as a [`RegionCode`], or `None` where `RegionCode` does not accept it (codes
    /// under prefectures without counties, such as 东莞's `4419 00 …`, in versions of
    /// `fupin-core` that refuse a `00` county segment).
    pub fn region_code(&self) -> Option<RegionCode> {
        RegionCode::from_u64(self.code).ok()
    }
}
