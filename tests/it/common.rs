//! Helpers the integration tests share.

#![allow(
    clippy::unwrap_used,
    reason = "test code: a bad literal should stop the test"
)]

use chrono::NaiveDate;
use fupin::region::RegionCode;

/// A date from `YYYY-MM-DD`.
pub(crate) fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// A region code from its digits.
pub(crate) fn c(s: &str) -> RegionCode {
    s.parse().unwrap()
}
