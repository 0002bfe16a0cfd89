//! [`CodeKey`]: what a look-up accepts (a [`RegionCode`] or the digits as text).

use fupin_core::region::{Level, RegionCode};

/// Something that names a code: a [`RegionCode`], or its digits as text: 12 digits (a village
/// or township statistical code), 9 (a township), 6 (a county, for
/// [`Villages::townships_of`](crate::Villages::townships_of)).
///
/// The text form is there for codes that [`RegionCode`] may not accept, such as those under
/// prefecture-level cities without counties (东莞 `441900003001`, whose county segment is
/// `00`). Text that is not all ASCII digits of one of those lengths names nothing.
pub trait CodeKey {
    /// The 12-digit code as a number, or `None` when this names no code.
    fn code12(&self) -> Option<u64>;
}

impl CodeKey for RegionCode {
    fn code12(&self) -> Option<u64> {
        Some(self.as_u64())
    }
}

impl CodeKey for &RegionCode {
    fn code12(&self) -> Option<u64> {
        Some(self.as_u64())
    }
}

impl CodeKey for str {
    fn code12(&self) -> Option<u64> {
        if !self.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let scale = match self.len() {
            12 => 1,
            9 => 1_000,
            6 => 1_000_000,
            _ => return None,
        };
        self.parse::<u64>().ok().map(|v| v * scale)
    }
}

impl CodeKey for &str {
    fn code12(&self) -> Option<u64> {
        (**self).code12()
    }
}

impl CodeKey for String {
    fn code12(&self) -> Option<u64> {
        self.as_str().code12()
    }
}

impl CodeKey for &String {
    fn code12(&self) -> Option<u64> {
        self.as_str().code12()
    }
}

/// The level a 12-digit code names: `Township` or `Village`, or `None` above them.
pub(crate) fn level_of(code: u64) -> Option<Level> {
    if !code.is_multiple_of(1000) {
        Some(Level::Village)
    } else if !(code / 1000).is_multiple_of(1000) {
        Some(Level::Township)
    } else {
        None
    }
}
