//! Stable identifiers of helpers and pairings: validated strings, ordered, used to break ties.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Issue, Issues, Path};

/// Longest identifier accepted, in characters.
pub const MAX_ID_CHARS: usize = 64;

/// Why `s` is not an identifier, if it is not one.
fn id_problem(s: &str) -> Option<String> {
    let clipped = crate::error::quote(s);
    if s.trim().is_empty() {
        Some("an id must not be empty".to_owned())
    } else if s.trim() != s {
        Some(format!("`{clipped}` has spaces at its ends"))
    } else if s.chars().count() > MAX_ID_CHARS {
        Some(format!(
            "`{clipped}…` is longer than {MAX_ID_CHARS} characters"
        ))
    } else if s.chars().any(char::is_control) {
        Some(format!(
            "`{}` holds a control character",
            clipped.escape_debug()
        ))
    } else {
        None
    }
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Checks and wraps an identifier: 1 to 64 characters, no spaces at the ends, no
            /// control characters. The error is one `invalid_id` issue.
            pub fn try_new(s: impl Into<String>) -> Result<Self, Error> {
                let s = s.into();
                match id_problem(&s) {
                    None => Ok(Self(s)),
                    Some(message) => Err(Error::Validation(Issues(vec![Issue::new(
                        "invalid_id",
                        Path::root(),
                        message,
                    )]))),
                }
            }

            /// The identifier as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($name), self.0)
            }
        }

        impl FromStr for $name {
            type Err = Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::try_new(s)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                match id_problem(&s) {
                    None => Ok(Self(s)),
                    Some(message) => Err(serde::de::Error::custom(message)),
                }
            }
        }
    };
}

id_type! {
    /// The stable identifier of a helper (e.g. `"ent-0042"`). Suggestions break ties by it.
    ///
    /// ```
    /// use fupin_core::pairing::HelperId;
    ///
    /// let id: HelperId = "ent-0042".parse()?;
    /// assert_eq!(id.as_str(), "ent-0042");
    /// let err = HelperId::try_new(" ent").unwrap_err();
    /// assert_eq!(err.issues().iter().next().map(|i| i.code.as_str()), Some("invalid_id"));
    /// # Ok::<(), fupin_core::Error>(())
    /// ```
    HelperId
}

id_type! {
    /// The identifier of a pairing, when the data has one (e.g. `"gz-2018-07"`).
    PairingId
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_checked_on_every_road_in() {
        assert!(HelperId::try_new("网信企业-1").is_ok());
        for bad in ["", "  ", " a", "a\u{7}", &"x".repeat(65)] {
            assert!(HelperId::try_new(bad).is_err(), "{bad:?}");
            let json = serde_json::to_string(bad).unwrap();
            assert!(serde_json::from_str::<PairingId>(&json).is_err(), "{bad:?}");
        }
        let id: HelperId = serde_json::from_str("\"h1\"").unwrap();
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"h1\"");
        assert_eq!(format!("{id:?}"), "HelperId(\"h1\")");
    }
}
