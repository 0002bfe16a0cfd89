//! A JSON reader for the fast path ([`super::fast`]) that reads the common record — no
//! escape and no control character in any string — faster than `serde_json`, and
//! refuses everything else ([`Refused`]), which the fast path then reads with `serde_json`
//! as before. Where it reads a record, it calls the visitors exactly as `serde_json` does
//! (the same `visit_*` with the same values; numbers other than plain non-negative
//! integers are read by `serde_json` itself), and it refuses what `serde_json` refuses
//! (a trailing comma, trailing characters, a value of another type than asked); so the
//! fast path accepts what it accepted. A string's end is found 8 bytes at a time.

use std::fmt;

use serde::Deserialize;
use serde::de::value::BorrowedStrDeserializer;
use serde::de::{self, DeserializeSeed, Visitor};

/// Why a record was not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refused {
    /// Something this reader leaves to `serde_json` (an escape, a form it does not read,
    /// or not JSON).
    Syntax,
    /// A value the record's types do not take (an error of a visitor: `serde_json`, which
    /// calls the visitors in the same way, would meet it too).
    Rejected,
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Refused::Syntax => "not read here",
            Refused::Rejected => "rejected by the record's types",
        })
    }
}

impl std::error::Error for Refused {}

impl de::Error for Refused {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Refused::Rejected
    }
}

/// [`Refused::Syntax`], as an error.
const SYNTAX: Refused = Refused::Syntax;

type Result<T> = std::result::Result<T, Refused>;

/// Bytes of a word with its high bit set: the lowest is exactly the first zero byte of
/// `x` (bits above it may be set wrongly, by the borrow: only the lowest is used).
fn zero_bytes(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    x.wrapping_sub(ONES) & !x & (ONES << 7)
}

/// Where a string's text that starts at `bytes[start]` stops: at the first quote,
/// backslash or control character (8 bytes at a time); `None` when none follows.
fn string_stop(bytes: &[u8], start: usize) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let mut i = start;
    while let Some(word) = bytes.get(i..i + 8) {
        let mut w = [0u8; 8];
        w.copy_from_slice(word);
        let w = u64::from_le_bytes(w);
        // a quote, a backslash, or a byte below 0x20 (its top three bits clear)
        let stop = zero_bytes(w ^ (ONES * u64::from(b'"')))
            | zero_bytes(w ^ (ONES * u64::from(b'\\')))
            | zero_bytes(w & (ONES * 0xe0));
        if stop != 0 {
            return Some(i + (stop.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    let rest = bytes.get(i..)?;
    rest.iter()
        .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
        .map(|p| i + p)
}

/// Where the string text that starts at `bytes[start]` stops in a record with no backslash
/// and no control character ([`plain`]): at the next quote (8 bytes at a time, one test a
/// byte instead of [`string_stop`]'s three); `None` when none follows.
fn quote_at(bytes: &[u8], start: usize) -> Option<usize> {
    const QUOTES: u64 = 0x0101_0101_0101_0101 * (b'"' as u64);
    let mut i = start;
    while let Some(word) = bytes.get(i..i + 8) {
        let mut w = [0u8; 8];
        w.copy_from_slice(word);
        let stop = zero_bytes(u64::from_le_bytes(w) ^ QUOTES);
        if stop != 0 {
            return Some(i + (stop.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    let rest = bytes.get(i..)?;
    rest.iter().position(|&b| b == b'"').map(|p| i + p)
}

/// Whether the record has no backslash and no control character at all (the usual
/// record: no escape, no tab or line break between tokens), so that each string ends at
/// its next quote ([`quote_at`]). Decided 64 bytes at a time, without a branch a byte.
fn plain(bytes: &[u8]) -> bool {
    bytes.chunks(64).all(|chunk| {
        chunk.iter().fold(0u8, |acc, &b| {
            acc | u8::from(b < 0x20) | u8::from(b == b'\\')
        }) == 0
    })
}

/// `T` read from the JSON `text` (UTF-8 already checked), or why not.
pub(crate) fn read<'de, T: Deserialize<'de>>(text: &'de str) -> Result<T> {
    read_seed(std::marker::PhantomData::<T>, text)
}

/// What `seed` reads from the JSON `text`, or why not.
pub(crate) fn read_seed<'de, S: DeserializeSeed<'de>>(seed: S, text: &'de str) -> Result<S::Value> {
    let mut reader = Reader {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        depth: 0,
        plain: plain(text.as_bytes()),
    };
    let value = seed.deserialize(&mut reader)?;
    reader.skip_space();
    if reader.pos == reader.bytes.len() {
        Ok(value)
    } else {
        Err(SYNTAX)
    }
}

/// Lists and objects nested deeper than this are left to `serde_json` (which refuses
/// more than 128 levels), so that reading never runs out of stack.
const MAX_DEPTH: usize = 100;

/// The reader: the record, where it is and how deep.
struct Reader<'de> {
    text: &'de str,
    bytes: &'de [u8],
    pos: usize,
    depth: usize,
    /// The record has no backslash and no control character ([`plain`]).
    plain: bool,
}

impl<'de> Reader<'de> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Skips JSON's white space (space, tab, line feed, carriage return), as serde_json
    /// does.
    fn skip_space(&mut self) {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    fn expect(&mut self, b: u8) -> Result<()> {
        self.skip_space();
        if self.peek() == Some(b) {
            self.pos += 1;
            Ok(())
        } else {
            Err(SYNTAX)
        }
    }

    /// The string that starts here (at its opening quote), when it has no escape and no
    /// control character.
    fn string(&mut self) -> Result<&'de str> {
        if self.peek() != Some(b'"') {
            return Err(SYNTAX);
        }
        let start = self.pos + 1;
        let end = if self.plain {
            quote_at(self.bytes, start)
        } else {
            string_stop(self.bytes, start)
        }
        .ok_or(SYNTAX)?;
        if self.bytes.get(end) != Some(&b'"') {
            return Err(SYNTAX);
        }
        self.pos = end + 1;
        self.text.get(start..end).ok_or(SYNTAX)
    }

    fn literal(&mut self, word: &[u8]) -> Result<()> {
        let end = self.pos + word.len();
        if self.bytes.get(self.pos..end) == Some(word) {
            self.pos = end;
            Ok(())
        } else {
            Err(SYNTAX)
        }
    }

    /// A number: a plain non-negative integer read here, any other by `serde_json`.
    fn number<V: Visitor<'de>>(&mut self, visitor: V) -> Result<V::Value> {
        let start = self.pos;
        while let Some(b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E') = self.peek() {
            self.pos += 1;
        }
        let digits = self.bytes.get(start..self.pos).unwrap_or_default();
        let plain = !digits.is_empty()
            && digits.len() <= 19
            && digits.iter().all(u8::is_ascii_digit)
            && (digits.len() == 1 || digits.first() != Some(&b'0'));
        if plain {
            let n = digits
                .iter()
                .fold(0u64, |n, d| n * 10 + u64::from(d - b'0'));
            return visitor.visit_u64(n);
        }
        let text = self.text.get(start..self.pos).ok_or(SYNTAX)?;
        let mut json = serde_json::Deserializer::from_str(text);
        let value = de::Deserializer::deserialize_any(&mut json, visitor).map_err(|_| SYNTAX)?;
        json.end().map_err(|_| SYNTAX)?;
        Ok(value)
    }

    /// Into a list or an object (at its opening bracket).
    fn enter(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(SYNTAX);
        }
        self.pos += 1;
        Ok(())
    }

    /// After a list's or an object's visitor: the closing bracket must follow.
    fn close<T>(&mut self, value: Result<T>, b: u8) -> Result<T> {
        let value = value?;
        self.expect(b)?;
        self.depth -= 1;
        Ok(value)
    }
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = Refused;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.skip_space();
        match self.peek().ok_or(SYNTAX)? {
            b'"' => {
                let s = self.string()?;
                visitor.visit_borrowed_str(s)
            }
            b'{' => {
                self.enter()?;
                let value = visitor.visit_map(Entries {
                    de: &mut *self,
                    first: true,
                });
                self.close(value, b'}')
            }
            b'[' => {
                self.enter()?;
                let value = visitor.visit_seq(Entries {
                    de: &mut *self,
                    first: true,
                });
                self.close(value, b']')
            }
            b't' => {
                self.literal(b"true")?;
                visitor.visit_bool(true)
            }
            b'f' => {
                self.literal(b"false")?;
                visitor.visit_bool(false)
            }
            b'n' => {
                self.literal(b"null")?;
                visitor.visit_unit()
            }
            b'-' | b'0'..=b'9' => self.number(visitor),
            _ => Err(SYNTAX),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.skip_space();
        match self.peek() {
            Some(b't' | b'f') => self.deserialize_any(visitor),
            _ => Err(SYNTAX),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.skip_space();
        match self.peek() {
            Some(b'"') => self.deserialize_any(visitor),
            _ => Err(SYNTAX),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.skip_space();
        match self.peek() {
            Some(b'-' | b'0'..=b'9') => self.number(visitor),
            _ => Err(SYNTAX),
        }
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_f64(visitor)
    }
    fn deserialize_i8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_f64(visitor)
    }
    fn deserialize_i16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_f64(visitor)
    }
    fn deserialize_i32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_f64(visitor)
    }
    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_f64(visitor)
    }
    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_f64(visitor)
    }
    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_f64(visitor)
    }
    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_f64(visitor)
    }
    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.skip_space();
        if self.peek() == Some(b'n') {
            self.literal(b"null")?;
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.skip_space();
        self.literal(b"null")?;
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.skip_space();
        match self.peek() {
            Some(b'[') => self.deserialize_any(visitor),
            _ => Err(SYNTAX),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.skip_space();
        match self.peek() {
            Some(b'{') => self.deserialize_any(visitor),
            _ => Err(SYNTAX),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        // as serde_json: a struct from an object or from a list
        self.skip_space();
        match self.peek() {
            Some(b'{' | b'[') => self.deserialize_any(visitor),
            _ => Err(SYNTAX),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        // a unit variant, as its name; other forms are left to serde_json
        self.skip_space();
        if self.peek() != Some(b'"') {
            return Err(SYNTAX);
        }
        let name = self.string()?;
        visitor.visit_enum(UnitVariant(name))
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value> {
        Err(SYNTAX)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value> {
        Err(SYNTAX)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value> {
        Err(SYNTAX)
    }
}

/// The entries of an object or the elements of a list.
struct Entries<'r, 'de> {
    de: &'r mut Reader<'de>,
    first: bool,
}

impl Entries<'_, '_> {
    /// Whether another entry follows (before it, a comma unless it is the first); `false`
    /// at `end`, which is left for the caller.
    fn more(&mut self, end: u8) -> Result<bool> {
        self.de.skip_space();
        if self.de.peek() == Some(end) {
            return Ok(false);
        }
        if !self.first {
            self.de.expect(b',')?;
            self.de.skip_space();
            // a trailing comma is not JSON
            if self.de.peek() == Some(end) {
                return Err(SYNTAX);
            }
        }
        self.first = false;
        Ok(true)
    }
}

impl<'de> de::MapAccess<'de> for Entries<'_, 'de> {
    type Error = Refused;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if !self.more(b'}')? {
            return Ok(None);
        }
        if self.de.peek() != Some(b'"') {
            return Err(SYNTAX);
        }
        let key = self.de.string()?;
        seed.deserialize(BorrowedStrDeserializer::<Refused>::new(key))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        self.de.expect(b':')?;
        seed.deserialize(&mut *self.de)
    }
}

impl<'de> de::SeqAccess<'de> for Entries<'_, 'de> {
    type Error = Refused;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if !self.more(b']')? {
            return Ok(None);
        }
        seed.deserialize(&mut *self.de).map(Some)
    }
}

/// An enum given as the name of a unit variant.
struct UnitVariant<'de>(&'de str);

impl<'de> de::EnumAccess<'de> for UnitVariant<'de> {
    type Error = Refused;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self)> {
        let variant = seed.deserialize(BorrowedStrDeserializer::<Refused>::new(self.0))?;
        Ok((variant, self))
    }
}

impl<'de> de::VariantAccess<'de> for UnitVariant<'de> {
    type Error = Refused;

    fn unit_variant(self) -> Result<()> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, _seed: T) -> Result<T::Value> {
        Err(SYNTAX)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, _visitor: V) -> Result<V::Value> {
        Err(SYNTAX)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value> {
        Err(SYNTAX)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests")]
mod tests {
    use serde_json::Value;

    use super::*;

    /// What this reader reads, `serde_json` reads the same; what it rejects, `serde_json`
    /// rejects.
    fn agrees<'de, T: Deserialize<'de> + PartialEq + fmt::Debug>(text: &'de str) -> Result<T> {
        let mine = read::<T>(text);
        let theirs = serde_json::from_str::<T>(text);
        match &mine {
            Ok(v) => assert_eq!(Some(v), theirs.as_ref().ok(), "{text}"),
            Err(Refused::Rejected) => assert!(theirs.is_err(), "{text}"),
            Err(Refused::Syntax) => {}
        }
        mine
    }

    #[test]
    fn reads_what_serde_json_reads_and_refuses_the_rest() {
        let read_here = [
            r#"{"a": 1, "b": [true, false, null], "c": {"d": "文字"}, "e": []}"#,
            r#"  { "a" : 0 , "b":{ } }  "#,
            "{\n\t\"a\": [\r\n 1,\n 2\n ]\n}\n",
            r#"[1.5, -0, -12, 3e2, 18446744073709551615, 99999999999999999999, 0.1]"#,
            r#""text""#,
            "12",
        ];
        for text in read_here {
            assert!(agrees::<Value>(text).is_ok(), "{text}");
        }
        let refused = [
            r#"{"a": 1,}"#,
            r#"[1,]"#,
            r#"{"a" 1}"#,
            r#"{"a": 1 "b": 2}"#,
            r#"{"a": 01}"#,
            r#"{"a": 1.}"#,
            r#"{"a": .5}"#,
            r#"{"a": +1}"#,
            r#"{"a": -}"#,
            r#"{"a": 1e}"#,
            r#"{"a": 1-2}"#,
            r#"{"a": tru}"#,
            r#"{"a": truex}"#,
            r#"{"a": nul}"#,
            r#"{"a": "x\"y"}"#,
            r#"{"a": "\u00e9"}"#,
            "{\"a\": \"tab\there\"}",
            "{\"a\":\u{b}1}",
            r#"{"a": 1} x"#,
            r#"{"a": 1}}"#,
            r#"{"a": [1, 2}"#,
            r#"{"a": "open}"#,
            r#"{1: 2}"#,
            "",
            "   ",
            r#"{"a": 1e400}"#,
        ];
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(read::<Value>(&deep).unwrap_err(), Refused::Syntax);
        for text in refused {
            assert!(agrees::<Value>(text).is_err(), "{text}");
        }
    }

    #[test]
    fn a_string_stops_at_its_first_quote_backslash_or_control_character() {
        let naive = |b: &[u8], start: usize| {
            b.get(start..)?
                .iter()
                .position(|&c| c == b'"' || c == b'\\' || c < 0x20)
                .map(|p| start + p)
        };
        // every stop at every place of words with bytes that could confuse the borrow
        let fill = "文a!\u{7f}\u{80}#\u{0}"; // a control byte is placed, never filled
        let filler: Vec<u8> = fill.bytes().filter(|&b| b >= 0x20).collect();
        for len in 0..40 {
            for stop in [b'"', b'\\', 0x00, 0x1f, 0x0a] {
                for at in 0..=len {
                    let mut b: Vec<u8> = filler.iter().copied().cycle().take(len).collect();
                    if let Some(c) = b.get_mut(at) {
                        *c = stop;
                    }
                    // a second one later does not move the first
                    if let Some(c) = b.get_mut(at + 3) {
                        *c = b'"';
                    }
                    for start in 0..=len.min(9) {
                        assert_eq!(string_stop(&b, start), naive(&b, start), "{b:?} {start}");
                    }
                }
            }
        }
    }

    #[test]
    fn a_plain_record_is_one_without_backslash_or_control_character_and_its_strings_end_at_quotes()
    {
        let fill: Vec<u8> = "文a!\u{7f}\u{80}#{}[]:,".bytes().collect();
        for len in 0..150 {
            let b: Vec<u8> = fill.iter().copied().cycle().take(len).collect();
            assert!(plain(&b), "{b:?}");
            for at in 0..len {
                for odd in [b'\\', 0x00, 0x1f, b'\n', b'\t', b'\r'] {
                    let mut c = b.clone();
                    c[at] = odd;
                    assert!(!plain(&c), "{c:?}");
                }
                let mut c = b.clone();
                c[at] = b'"';
                // where a plain record's string stops, the general scan stops too
                for start in 0..=at.min(10) {
                    assert_eq!(quote_at(&c, start), Some(at), "{c:?} {start}");
                    assert_eq!(string_stop(&c, start), Some(at), "{c:?} {start}");
                }
                assert_eq!(quote_at(&c, at + 1), None);
            }
        }
    }

    #[test]
    fn parse_json_finds_a_key_given_twice_read_here_or_by_serde_json() {
        let found = |text: &str| {
            let e = crate::parse_json(text).unwrap_err();
            (e.code, e.path.to_string(), e.message)
        };
        // read here, and (an escape) by serde_json
        for text in [
            r#"{"a": [{"b": 1, "c": 2, "b": 3}]}"#,
            r#"{"a": [{"b": 1, "c": "\u0041", "b": 3}]}"#,
        ] {
            assert_eq!(
                found(text),
                (
                    "duplicate_key".to_owned(),
                    "a[0].b".to_owned(),
                    "the key `b` appears twice in one object".to_owned()
                )
            );
        }
        assert_eq!(found("{\"a\": 1,}").0, "invalid_json");
        let v = crate::parse_json(r#"{"a": [1, -2, 3.5, "x", null, true]}"#).unwrap();
        assert_eq!(
            v,
            serde_json::from_str::<Value>(r#"{"a": [1, -2, 3.5, "x", null, true]}"#).unwrap()
        );
    }

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Typed {
        n: u16,
        #[serde(default)]
        o: Option<u8>,
        s: String,
        e: Kind,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum Kind {
        One,
        Two,
    }

    #[test]
    fn types_reject_what_they_rejected() {
        assert!(agrees::<Typed>(r#"{"n": 7, "s": "x", "e": "two"}"#).is_ok());
        assert!(agrees::<Typed>(r#"{"n": 7, "o": null, "s": "x", "e": "one"}"#).is_ok());
        // a struct from a list, as serde_json reads it
        assert!(agrees::<Typed>(r#"[7, 3, "x", "one"]"#).is_ok());
        for text in [
            r#"{"n": 70000, "s": "x", "e": "two"}"#,
            r#"{"n": 7, "s": "x", "e": "three"}"#,
            r#"{"n": 7, "s": "x", "e": "two", "x": 1}"#,
            r#"{"n": 7, "n": 7, "s": "x", "e": "two"}"#,
            r#"{"n": 7, "s": "x"}"#,
            r#"{"n": "7", "s": "x", "e": "two"}"#,
            r#"{"n": 7.5, "s": "x", "e": "two"}"#,
            r#"{"n": -7, "s": "x", "e": "two"}"#,
            r#"{"n": 7, "s": 1, "e": "two"}"#,
            r#"{"n": 7, "o": 300, "s": "x", "e": "two"}"#,
            r#"{"n": 7, "s": "x", "e": {"two": null}}"#,
            r#"{"n": 7, "s": "x", "e": "two"} 1"#,
        ] {
            assert!(agrees::<Typed>(text).is_err(), "{text}");
        }
    }
}
