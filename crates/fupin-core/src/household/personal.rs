//! Personal data other than ID numbers: names and phone numbers, masked in all output.

use std::fmt;

use serde::{Deserialize, Serialize};

fn mask_name(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        None => String::new(),
        Some(first) => {
            let rest = chars.count();
            let mut out = String::new();
            out.push(first);
            out.push_str(&"*".repeat(rest.max(1)));
            out
        }
    }
}

/// A person's name (姓名). Personal data: `Debug` and `Display` show only the first
/// character (`张*`, `欧阳**`); [`PersonName::reveal`] gives the full name.
///
/// ```
/// use fupin_core::household::PersonName;
/// let n = PersonName::new("欧阳修文");
/// assert_eq!(n.to_string(), "欧***");
/// assert_eq!(format!("{n:?}"), "PersonName(欧***)");
/// assert_eq!(n.reveal(), "欧阳修文");
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PersonName(String);

impl PersonName {
    /// Wraps a name (trimmed).
    pub fn new(name: impl Into<String>) -> Self {
        Self(name.into().trim().to_owned())
    }

    /// The full name. Personal data: call only where showing it is intended.
    pub fn reveal(&self) -> &str {
        &self.0
    }

    /// The masked form.
    pub fn masked(&self) -> String {
        mask_name(&self.0)
    }

    /// Length in characters.
    pub fn char_len(&self) -> usize {
        self.0.chars().count()
    }
}

impl fmt::Display for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

impl fmt::Debug for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PersonName({})", self.masked())
    }
}

/// A phone number (mobile or landline), kept as given but shown masked (`138****5678`).
///
/// ```
/// use fupin_core::household::Phone;
/// let p = Phone::new("13812345678");
/// assert_eq!(p.to_string(), "138****5678");
/// assert!(p.is_plausible());
/// assert!(!Phone::new("12ab").is_plausible());
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Phone(String);

impl Phone {
    /// Wraps a phone number (trimmed).
    pub fn new(phone: impl Into<String>) -> Self {
        Self(phone.into().trim().to_owned())
    }

    /// The full number. Personal data: call only where showing it is intended.
    pub fn reveal(&self) -> &str {
        &self.0
    }

    /// The digits of the number, without `+86`, spaces or dashes.
    pub fn digits(&self) -> String {
        let s = self.0.strip_prefix("+86").unwrap_or(&self.0);
        s.chars().filter(char::is_ascii_digit).collect()
    }

    /// Whether it looks like a Chinese phone number: an 11-digit mobile starting with 1, or
    /// a 7–12 digit landline, with only digits, spaces, dashes and a leading `+86`.
    pub fn is_plausible(&self) -> bool {
        plausible_phone(&self.0)
    }

    /// The masked form: the first 3 and last 4 digits of a mobile, the last 2 of others.
    pub fn masked(&self) -> String {
        let d = self.digits();
        let n = d.chars().count();
        if n == 11 {
            d.chars()
                .enumerate()
                .map(|(i, c)| if (3..7).contains(&i) { '*' } else { c })
                .collect()
        } else if n > 4 {
            d.chars()
                .enumerate()
                .map(|(i, c)| if i + 2 >= n { c } else { '*' })
                .collect()
        } else {
            "*".repeat(n)
        }
    }
}

/// The rule of [`Phone::is_plausible`] on text as given (the fast path reads it borrowed).
pub(crate) fn plausible_phone(text: &str) -> bool {
    let s = text.strip_prefix("+86").unwrap_or(text);
    if !s
        .chars()
        .all(|c| c.is_ascii_digit() || c == '-' || c == ' ')
    {
        return false;
    }
    let digits = s.bytes().filter(u8::is_ascii_digit).count();
    let first = s.bytes().find(u8::is_ascii_digit);
    (digits == 11 && first == Some(b'1')) || (7..=12).contains(&digits)
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

impl fmt::Debug for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Phone({})", self.masked())
    }
}
