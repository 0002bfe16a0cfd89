//! [`DataError`]: the one error type of the crate.

use crate::Vintage;

/// Why a look-up in the reference data failed.
///
/// Each variant has a stable snake_case [`code`](DataError::code) that never changes; the
/// messages are for people and may be reworded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DataError {
    /// A name query matched no division, not even through a change event.
    #[error("no division matches `{query}`")]
    NotFound {
        /// The query as given, cut to 40 characters.
        query: String,
    },
    /// A string that names no vintage.
    #[error("`{input}` is not a vintage; the vintages are the years 2016 to 2023")]
    UnknownVintage {
        /// The input, cut to 40 characters.
        input: String,
    },
    /// A crosswalk asked to run backwards in time.
    #[error("a crosswalk runs forward in time, and vintage {from} is not earlier than {to}")]
    BackwardCrosswalk {
        /// The vintage mapped from.
        from: Vintage,
        /// The vintage mapped to.
        to: Vintage,
    },
}

impl DataError {
    /// Stable code of the error: `not_found`, `unknown_vintage` or `backward_crosswalk`.
    pub fn code(&self) -> &'static str {
        match self {
            DataError::NotFound { .. } => "not_found",
            DataError::UnknownVintage { .. } => "unknown_vintage",
            DataError::BackwardCrosswalk { .. } => "backward_crosswalk",
        }
    }
}

/// The first 40 characters of `s`, for error messages.
pub(crate) fn clip(s: &str) -> String {
    s.chars().take(40).collect()
}
