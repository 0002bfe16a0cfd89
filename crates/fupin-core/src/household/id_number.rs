//! [`IdNumber`]: the 18-digit citizen identity number (GB 11643), always masked in output;
//! legacy 15-digit numbers are read and upgraded to 18 digits.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
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
    /// Neither 18 characters nor 15 (a legacy number).
    #[error("an id number has 18 characters (15 digits if issued before 1999), this one has {0}")]
    Length(usize),
    /// A character other than a digit (or a final `X` in an 18-character number; a legacy
    /// 15-digit number has digits only).
    #[error("an id number has digits only (and `X` last); position {0} is not")]
    Character(usize),
    /// The first six digits are no region code.
    #[error("the first six digits of `{masked}` are not a region code")]
    Region {
        /// The number, masked.
        masked: String,
    },
    /// Digits 7–14 (7–12 of a legacy 15-digit number, year 19YY) are not a real date.
    #[error("digits 7-14 of `{masked}` (7-12 of a 15-digit number) are not a valid birth date")]
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
/// GB 11643-1999 《公民身份号码》 (国家质量技术监督局, in force 1999-07-01) replaced
/// GB 11643-1989 《社会保障号码》, whose numbers have 15 digits: the region code, the birth
/// date as `YYMMDD` (century 19), the three-digit sequence (odd for men) and no check
/// character. [`IdNumber::parse`] reads such a legacy number and upgrades it the way
/// numbers were upgraded to the 1999 standard: `19` goes before the two-digit year and the
/// check character ([`check_char`]) of the 17 digits is appended. Only the 18-digit form is
/// kept ([`IdNumber::reveal`], serialization, equality, [`IdNumber::pseudonym`]: a legacy
/// number and its upgrade are the same number); [`IdNumber::was_legacy`] tells that it was
/// read from 15 digits. (GB 11643-1989 also reserved the sequence codes 996–999 for people
/// aged 100 or more, born in the 1800s; the 1999 standard dropped that rule, and this
/// reading gives such a number a 19YY birth date like any other.)
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
///
/// let legacy: IdNumber = "110105491231002".parse()?; // GB 11643-1989, 15 digits
/// assert_eq!(legacy.reveal(), "11010519491231002X");
/// assert!(legacy.was_legacy() && !id.was_legacy());
/// assert_eq!(legacy, id);
/// # Ok::<(), fupin_core::household::IdNumberError>(())
/// ```
#[derive(Clone)]
pub struct IdNumber {
    raw: [u8; 18],
    region: RegionCode,
    /// Read from a 15-digit GB 11643-1989 number (not part of equality, order or hash).
    legacy: bool,
}

impl PartialEq for IdNumber {
    fn eq(&self, other: &Self) -> bool {
        self.raw == other.raw
    }
}

impl Eq for IdNumber {}

impl Hash for IdNumber {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.raw.hash(state);
    }
}

impl PartialOrd for IdNumber {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for IdNumber {
    fn cmp(&self, other: &Self) -> Ordering {
        self.raw.cmp(&other.raw)
    }
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

/// The masked form of a number of `n` characters: 18 characters keep the first four and
/// the last four (`5223**********021X`), 15 the first four and the last three
/// (`5223********021`): the birth date never shows.
fn mask_str(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let n = chars.len();
    if n < 9 {
        return "*".repeat(n);
    }
    let keep_last = if n == 15 { 3 } else { 4 };
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| if i < 4 || i >= n - keep_last { *c } else { '*' })
        .collect()
}

/// The first 17 digits of the upgrade of a legacy 15-digit number: `19` before the year.
fn upgrade(legacy: &[u8; 15]) -> [u8; 17] {
    std::array::from_fn(|i| match i {
        0..6 => legacy.get(i).copied(),
        6 => Some(b'1'),
        7 => Some(b'9'),
        _ => legacy.get(i - 2).copied(),
    })
    .map(|b| b.unwrap_or(b'0'))
}

impl IdNumber {
    /// Parses and checks an ID number (a lowercase `x` is accepted and stored as `X`).
    ///
    /// A legacy 15-digit number (GB 11643-1989: region code, birth date `YYMMDD` of
    /// 19YY, sequence, no check character) is accepted too and upgraded to its 18-digit
    /// form (see [`IdNumber`]); its errors have the same codes, except that there is no
    /// check digit to get wrong (`id_length`, `id_character`, `id_region`,
    /// `id_birth_date`), and their messages show it masked as `5223********021`.
    ///
    /// ```
    /// use fupin_core::household::IdNumber;
    ///
    /// let id = IdNumber::parse("522327700312021")?;
    /// assert_eq!(id.reveal(), "522327197003120211");
    /// assert_eq!(id.to_string(), "5223**********0211");
    /// assert!(id.was_legacy());
    /// assert_eq!(IdNumber::parse("522327701312021").unwrap_err().code(), "id_birth_date");
    /// assert_eq!(IdNumber::parse("52232770031202X").unwrap_err().code(), "id_character");
    /// # Ok::<(), fupin_core::household::IdNumberError>(())
    /// ```
    pub fn parse(s: &str) -> Result<Self, IdNumberError> {
        let len = s.chars().count();
        if len == 15 {
            return Self::parse_legacy(s);
        }
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
        let id = IdNumber {
            raw: bytes,
            region,
            legacy: false,
        };
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

    /// A legacy number of 15 characters (GB 11643-1989), upgraded.
    fn parse_legacy(s: &str) -> Result<Self, IdNumberError> {
        let mut legacy = [0u8; 15];
        for (i, c) in s.chars().enumerate() {
            if !c.is_ascii_digit() {
                return Err(IdNumberError::Character(i + 1));
            }
            if let Some(slot) = legacy.get_mut(i) {
                *slot = c as u8;
            }
        }
        let masked = || mask_str(s);
        let region = std::str::from_utf8(legacy.get(..6).unwrap_or_default()).unwrap_or("");
        let Ok(region) = RegionCode::parse(region) else {
            return Err(IdNumberError::Region { masked: masked() });
        };
        let first17 = upgrade(&legacy);
        let check = check_char(&first17) as u8;
        let raw: [u8; 18] = std::array::from_fn(|i| first17.get(i).copied().unwrap_or(check));
        let id = IdNumber {
            raw,
            region,
            legacy: true,
        };
        if id.birth_date_checked().is_none() {
            return Err(IdNumberError::BirthDate { masked: masked() });
        }
        Ok(id)
    }

    /// Whether this number was read from a legacy 15-digit number (GB 11643-1989) and
    /// upgraded to the 18 digits it holds. Only what was read: serialization writes the
    /// 18-digit form, so a number read back from it is no longer legacy.
    pub fn was_legacy(&self) -> bool {
        self.legacy
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
    /// one, valid or not, and mobile phone numbers too: [`crate::mask::mask_personal`] (runs
    /// of 15 digits or more, ASCII or full-width, grouped with spaces or dashes, glued to
    /// other digits; a legacy 15-digit number as `5223********021`). For quoting input in
    /// messages: an ID number where a region code or a number was expected (a column mix-up)
    /// must not show either.
    ///
    /// ```
    /// use fupin_core::household::IdNumber;
    ///
    /// assert_eq!(IdNumber::mask_in("`52232719700312021X` is not"), "`5223**********021X` is not");
    /// assert_eq!(IdNumber::mask_in("5223271970031202111"), "5223***********2111"); // glued
    /// assert_eq!(IdNumber::mask_in("`522327700312021` is not"), "`5223********021` is not");
    /// assert_eq!(IdNumber::mask_in("5223277003120211"), "5223********0211"); // 16 digits
    /// ```
    pub fn mask_in(text: &str) -> String {
        crate::mask::mask_personal(text)
    }

    /// The 18 characters (personal data, for keys made inside the crate).
    pub(crate) fn raw(&self) -> &[u8; 18] {
        &self.raw
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
        PseudonymKey::new(key).of(self).to_hex()
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
                f.write_str("an 18-character id number (or a legacy 15-digit one)")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<IdNumber, E> {
                IdNumber::parse(v).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(V)
    }
}

/// A pseudonym key made ready once (HMAC-SHA-256 keyed), so that pseudonymising many numbers
/// costs one hash each; cheap to clone, one per thread. Its `Debug` shows no key.
#[derive(Clone)]
pub struct PseudonymKey {
    mac: Hmac<Sha256>,
}

impl fmt::Debug for PseudonymKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PseudonymKey(..)")
    }
}

impl PseudonymKey {
    /// The key `key` (HMAC takes any length; [`super::DuplicateFinder::new`] asks for at
    /// least [`super::MIN_KEY_BYTES`]).
    pub fn new(key: &[u8]) -> Self {
        let mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key)
            // never taken: HMAC accepts keys of every length
            .unwrap_or_else(|_| <Hmac<Sha256> as KeyInit>::new(&Default::default()));
        PseudonymKey { mac }
    }

    /// The pseudonym of `id` under this key: the first 128 bits of HMAC-SHA-256 of its 18
    /// characters, as [`IdNumber::pseudonym`] gives them in hex.
    pub fn of(&self, id: &IdNumber) -> Pseudonym {
        let mut mac = self.mac.clone();
        mac.update(&id.raw);
        let tag = mac.finalize().into_bytes();
        Pseudonym(std::array::from_fn(|i| tag.get(i).copied().unwrap_or(0)))
    }
}

/// A keyed pseudonym of an ID number (128 bits): see [`IdNumber::pseudonym`].
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Pseudonym([u8; 16]);

impl Pseudonym {
    /// The 16 bytes.
    pub(crate) fn bytes(&self) -> &[u8; 16] {
        &self.0
    }

    /// The pseudonym of these 16 bytes (read back from a spill).
    pub(crate) fn from_bytes(bytes: [u8; 16]) -> Pseudonym {
        Pseudonym(bytes)
    }

    /// The 32 lowercase hex characters.
    pub fn to_hex(&self) -> String {
        use std::fmt::Write;
        let mut out = String::with_capacity(32);
        for b in self.0 {
            let _ = write!(out, "{b:02x}");
        }
        out
    }
}

impl fmt::Debug for Pseudonym {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Pseudonym({})", self.to_hex())
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
    fn legacy_numbers_are_upgraded() {
        // region 522327, born 1970-03-12 (`700312`), sequence 021 (odd: male)
        let id = IdNumber::parse("522327700312021").unwrap();
        let first17: [u8; 17] = *b"52232719700312021";
        let expected = format!("52232719700312021{}", check_char(&first17));
        assert_eq!(expected, "522327197003120211");
        assert_eq!(id.reveal(), expected);
        assert!(id.was_legacy());
        assert_eq!(id.region().gb2260(), "522327");
        assert_eq!(
            id.birth_date(),
            NaiveDate::from_ymd_opt(1970, 3, 12).unwrap()
        );
        assert_eq!(id.sex(), crate::household::Sex::Male);
        // the same number as its 18-digit form, which is not legacy
        let eighteen = IdNumber::parse(&expected).unwrap();
        assert!(!eighteen.was_legacy());
        assert_eq!(id, eighteen);
        assert_eq!(id.cmp(&eighteen), Ordering::Equal);
        let state = std::collections::hash_map::RandomState::new();
        assert_eq!(
            std::hash::BuildHasher::hash_one(&state, &id),
            std::hash::BuildHasher::hash_one(&state, &eighteen)
        );
        assert_eq!(
            id.pseudonym(b"key one, sixteen+"),
            eighteen.pseudonym(b"key one, sixteen+")
        );
        // shown masked, and written (then read back) as 18 digits
        assert_eq!(id.to_string(), "5223**********0211");
        assert_eq!(format!("{id:?}"), "IdNumber(5223**********0211)");
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, r#""522327197003120211""#);
        let back: IdNumber = serde_json::from_str(&json).unwrap();
        assert!(!back.was_legacy());
        let read: IdNumber = serde_json::from_str(r#""522327700312021""#).unwrap();
        assert!(read.was_legacy());
        // a check character `X`, and a woman
        let x = IdNumber::parse("110105491231002").unwrap();
        assert_eq!(x.reveal(), "11010519491231002X");
        assert_eq!(x.sex(), crate::household::Sex::Female);
    }

    #[test]
    fn legacy_errors_are_masked() {
        for (input, code) in [
            ("522327701312021", "id_birth_date"), // month 13
            ("522327700230021", "id_birth_date"), // 1970-02-30
            ("522327000229021", "id_birth_date"), // 1900 was not a leap year
            ("992327700312021", "id_region"),
            ("52232770031202X", "id_character"), // no check character in a legacy number
            ("52232770031202x", "id_character"),
            ("5223277003120211", "id_length"),
            ("52232770031202", "id_length"),
        ] {
            let e = IdNumber::parse(input).unwrap_err();
            assert_eq!(e.code(), code, "{input}: {e}");
            assert!(!e.to_string().contains(input), "{e}");
            assert!(!format!("{e:?}").contains(input), "{e:?}");
        }
        assert!(IdNumber::parse("522327960229021").is_ok()); // 1996-02-29
        assert_eq!(
            IdNumber::parse("52232770031202X").unwrap_err(),
            IdNumberError::Character(15)
        );
        assert_eq!(
            IdNumber::parse("522327701312021").unwrap_err(),
            IdNumberError::BirthDate {
                masked: "5223********021".to_owned()
            }
        );
    }

    #[test]
    fn mask_in_masks_legacy_runs_and_runs_glued_to_other_digits() {
        let cases = [
            ("`522327700312021` is not", "`5223********021` is not"),
            ("522327700312021", "5223********021"),
            (
                "a 522327700312021,52232719700312021X.",
                "a 5223********021,5223**********021X.",
            ),
            ("id:522327700312021x", "id:5223********021x"),
            // runs of other lengths from 15 up are masked too: an ID number glued to other
            // digits must not show (all but the first and last four)
            ("5223277003120211", "5223********0211"), // 16 digits
            ("52232719700312021", "5223*********2021"), // 17 digits
            ("5223271970031202111", "5223***********2111"), // 19 digits
            ("52232770031202", "52232770031202"),     // 14 digits: left
            (
                "522327700312021522327700312021",
                "5223**********************2021",
            ), // 30
            ("x522327700312021y", "x5223********021y"),
            ("一522327700312021二", "一5223********021二"),
        ];
        for (text, masked) in cases {
            assert_eq!(IdNumber::mask_in(text), masked, "{text}");
        }
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
