//! [`IdNumber`]: the 18-digit citizen identity number (GB 11643), always masked in output.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use hmac::{Hmac, KeyInit, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::region::RegionCode;

/// Why a string is not a citizen ID number. Messages never show the number unmasked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IdNumberError {
    /// Not 18 characters.
    #[error("an id number has 18 characters, this one has {0}")]
    Length(usize),
    /// A character other than a digit (or a final `X`).
    #[error("an id number has digits only (and `X` last); position {0} is not")]
    Character(usize),
    /// The first six digits are no region code.
    #[error("the first six digits of `{masked}` are not a region code")]
    Region {
        /// The number, masked.
        masked: String,
    },
    /// Digits 7–14 are not a real date.
    #[error("digits 7-14 of `{masked}` are not a valid birth date")]
    BirthDate {
        /// The number, masked.
        masked: String,
    },
    /// The check digit (18th character) disagrees with ISO 7064 MOD 11-2.
    #[error("check digit of `{masked}` should be `{expected}`")]
    CheckDigit {
        /// The number, masked.
        masked: String,
        /// The check character the first 17 digits call for.
        expected: char,
    },
}

impl IdNumberError {
    /// Stable code.
    pub fn code(&self) -> &'static str {
        match self {
            IdNumberError::Length(_) => "id_length",
            IdNumberError::Character(_) => "id_character",
            IdNumberError::Region { .. } => "id_region",
            IdNumberError::BirthDate { .. } => "id_birth_date",
            IdNumberError::CheckDigit { .. } => "id_check_digit",
        }
    }
}

/// A citizen identity number (公民身份号码, GB 11643-1999): six digits of the region of
/// registration at issue, eight of the birth date, three of sequence (odd for men), and a
/// check character (ISO 7064 MOD 11-2, `X` for 10).
///
/// Sensitive personal data: `Debug` and `Display` show it masked (`5223**********123X`);
/// the full value only comes from [`IdNumber::reveal`] (and from serialization, which
/// writes the data file it came from). [`IdNumber::pseudonym`] gives a keyed, stable
/// stand-in for joining data sets.
///
/// ```
/// use fupin_core::household::IdNumber;
///
/// let id: IdNumber = "11010519491231002X".parse()?;
/// assert_eq!(id.to_string(), "1101**********002X");
/// assert_eq!(format!("{id:?}"), "IdNumber(1101**********002X)");
/// assert_eq!(id.birth_date().to_string(), "1949-12-31");
/// assert_eq!(id.reveal(), "11010519491231002X");
/// assert!("110105194912310021".parse::<IdNumber>().is_err()); // wrong check digit
/// # Ok::<(), fupin_core::household::IdNumberError>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IdNumber {
    raw: [u8; 18],
    region: RegionCode,
}

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: [u8; 11] = *b"10X98765432";

/// The check character ISO 7064 MOD 11-2 gives for 17 digits.
pub fn check_char(first17: &[u8; 17]) -> char {
    let sum: u32 = first17
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d.saturating_sub(b'0')) * w)
        .sum();
    CHECK
        .get((sum % 11) as usize)
        .map_or('?', |b| char::from(*b))
}

fn mask_str(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() < 9 {
        return "*".repeat(chars.len());
    }
    let n = chars.len();
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| if i < 4 || i >= n - 4 { *c } else { '*' })
        .collect()
}

impl IdNumber {
    /// Parses and checks an ID number (a lowercase `x` is accepted and stored as `X`).
    pub fn parse(s: &str) -> Result<Self, IdNumberError> {
        let len = s.chars().count();
        if len != 18 {
            return Err(IdNumberError::Length(len));
        }
        let mut bytes = [0u8; 18];
        for (i, c) in s.chars().enumerate() {
            let ok = c.is_ascii_digit() || (i == 17 && (c == 'X' || c == 'x'));
            if !ok {
                return Err(IdNumberError::Character(i + 1));
            }
            if let Some(slot) = bytes.get_mut(i) {
                *slot = c.to_ascii_uppercase() as u8;
            }
        }
        let masked = || mask_str(s);
        let first17: [u8; 17] = std::array::from_fn(|i| bytes.get(i).copied().unwrap_or(b'0'));
        let region = std::str::from_utf8(bytes.get(..6).unwrap_or_default()).unwrap_or("");
        let Ok(region) = RegionCode::parse(region) else {
            return Err(IdNumberError::Region { masked: masked() });
        };
        let id = IdNumber { raw: bytes, region };
        if id.birth_date_checked().is_none() {
            return Err(IdNumberError::BirthDate { masked: masked() });
        }
        let expected = check_char(&first17);
        if bytes.get(17).map(|b| char::from(*b)) != Some(expected) {
            return Err(IdNumberError::CheckDigit {
                masked: masked(),
                expected,
            });
        }
        Ok(id)
    }

    fn digits(&self, from: usize, to: usize) -> u32 {
        self.raw
            .get(from..to)
            .unwrap_or_default()
            .iter()
            .fold(0, |acc, b| acc * 10 + u32::from(b.saturating_sub(b'0')))
    }

    fn birth_date_checked(&self) -> Option<NaiveDate> {
        let y = i32::try_from(self.digits(6, 10)).ok()?;
        if !(1850..=2100).contains(&y) {
            return None;
        }
        NaiveDate::from_ymd_opt(y, self.digits(10, 12), self.digits(12, 14))
    }

    /// `text` with every run shaped like an ID number masked as [`IdNumber::masked`] masks
    /// one, valid or not: 18 digits, or 17 and an `X`, with no digit before. For quoting
    /// input in messages: an ID number where a region code or a number was expected (a
    /// column mix-up) must not show either.
    ///
    /// ```
    /// use fupin_core::household::IdNumber;
    ///
    /// assert_eq!(IdNumber::mask_in("`52232719700312021X` is not"), "`5223**********021X` is not");
    /// assert_eq!(IdNumber::mask_in("5223271970031202111"), "5223271970031202111"); // 19 digits
    /// ```
    pub fn mask_in(text: &str) -> String {
        // most texts have no run of 17 digits: given back as they are
        let mut run = 0usize;
        if !text.bytes().any(|b| {
            run = if b.is_ascii_digit() { run + 1 } else { 0 };
            run >= 17
        }) {
            return text.to_owned();
        }
        let chars: Vec<char> = text.chars().collect();
        let mut out = String::with_capacity(text.len());
        let mut i = 0;
        while let Some(&c) = chars.get(i) {
            if !c.is_ascii_digit() {
                out.push(c);
                i += 1;
                continue;
            }
            let digits = chars.get(i..).map_or(0, |rest| {
                rest.iter().take_while(|c| c.is_ascii_digit()).count()
            });
            let with_x = digits == 17 && matches!(chars.get(i + 17), Some('X' | 'x'));
            let len = if digits == 18 || with_x { 18 } else { digits };
            let run = chars.get(i..i + len).unwrap_or_default();
            if len == 18 {
                out.extend(
                    run.iter()
                        .enumerate()
                        .map(|(k, c)| if (4..14).contains(&k) { '*' } else { *c }),
                );
            } else {
                out.extend(run);
            }
            i += len;
        }
        out
    }

    /// The full number. Personal data: call only where showing it is intended.
    pub fn reveal(&self) -> &str {
        std::str::from_utf8(&self.raw).unwrap_or("")
    }

    /// The masked form, `5223**********123X`.
    pub fn masked(&self) -> String {
        mask_str(self.reveal())
    }

    /// The region code of registration at issue (digits 1–6), often an old code.
    pub fn region(&self) -> RegionCode {
        self.region
    }

    /// The birth date (digits 7–14).
    pub fn birth_date(&self) -> NaiveDate {
        self.birth_date_checked().unwrap_or(NaiveDate::MIN)
    }

    /// Sex from the sequence digit (17th): odd male, even female.
    pub fn sex(&self) -> super::Sex {
        if self.digits(16, 17) % 2 == 1 {
            super::Sex::Male
        } else {
            super::Sex::Female
        }
    }

    /// A keyed pseudonym: HMAC-SHA-256 of the number under `key`, as 32 hex characters (the
    /// first 128 bits). The same key gives the same pseudonym, so data sets pseudonymised
    /// with one key join; without the key it cannot be reversed or recomputed from a list
    /// of candidate numbers. Keep the key secret and at least 16 random bytes long.
    pub fn pseudonym(&self, key: &[u8]) -> String {
        let mut out = String::with_capacity(32);
        if let Ok(mut mac) = <Hmac<Sha256> as KeyInit>::new_from_slice(key) {
            mac.update(&self.raw);
            let tag = mac.finalize().into_bytes();
            for b in tag.iter().take(16) {
                out.push_str(&format!("{b:02x}"));
            }
        }
        out
    }
}

impl fmt::Display for IdNumber {
    /// Masked.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

impl fmt::Debug for IdNumber {
    /// Masked.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IdNumber({})", self.masked())
    }
}

impl FromStr for IdNumber {
    type Err = IdNumberError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl Serialize for IdNumber {
    /// The full number: serialization writes data files, which hold it.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.reveal())
    }
}

impl<'de> Deserialize<'de> for IdNumber {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = IdNumber;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an 18-character id number")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<IdNumber, E> {
                IdNumber::parse(v).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_digit_and_fields() {
        let id = IdNumber::parse("11010519491231002x").unwrap();
        assert_eq!(id.reveal(), "11010519491231002X");
        assert_eq!(id.region().gb2260(), "110105");
        assert_eq!(id.sex(), crate::household::Sex::Female);
        let e = IdNumber::parse("110105194912310021").unwrap_err();
        assert_eq!(e.code(), "id_check_digit");
        assert!(!e.to_string().contains("110105194912310021"));
        assert_eq!(
            IdNumber::parse("1101051949123100").unwrap_err().code(),
            "id_length"
        );
        assert_eq!(
            IdNumber::parse("11010519491331002X").unwrap_err().code(),
            "id_birth_date"
        );
        assert_eq!(
            IdNumber::parse("99010519491231002X").unwrap_err().code(),
            "id_region"
        );
        assert_eq!(
            IdNumber::parse("1101051949123100X2").unwrap_err().code(),
            "id_character"
        );
    }

    #[test]
    fn pseudonyms_are_keyed_and_stable() {
        let id = IdNumber::parse("11010519491231002X").unwrap();
        let a = id.pseudonym(b"key one, sixteen+");
        assert_eq!(a.len(), 32);
        assert_eq!(a, id.pseudonym(b"key one, sixteen+"));
        assert_ne!(a, id.pseudonym(b"key two, sixteen+"));
    }
}
