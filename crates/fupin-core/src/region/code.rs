//! [`RegionCode`]: the 12-digit statistical division code, also read and written in its
//! 6-digit GB/T 2260 form.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::Level;

/// Province segments (first two digits) that GB/T 2260 assigns: the 31 mainland provincial
/// units, Taiwan (71), Hong Kong (81) and Macao (82).
pub const PROVINCE_SEGMENTS: [u8; 34] = [
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
    53, 54, 61, 62, 63, 64, 65, 71, 81, 82,
];

/// Which segment of a code an error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Segment {
    /// Digits 1–2.
    Province,
    /// Digits 3–4.
    Prefecture,
    /// Digits 5–6.
    County,
    /// Digits 7–9.
    Township,
    /// Digits 10–12.
    Village,
}

impl Segment {
    /// The segment's name as used in messages and on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Segment::Province => "province",
            Segment::Prefecture => "prefecture",
            Segment::County => "county",
            Segment::Township => "township",
            Segment::Village => "village",
        }
    }

    /// The digits (1-based, inclusive) this segment occupies, e.g. `(7, 9)`.
    pub fn digits(self) -> (u8, u8) {
        match self {
            Segment::Province => (1, 2),
            Segment::Prefecture => (3, 4),
            Segment::County => (5, 6),
            Segment::Township => (7, 9),
            Segment::Village => (10, 12),
        }
    }
}

/// Why a string or number is not a region code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CodeError {
    /// Not 6 or 12 characters long.
    #[error(
        "`{input}` has {len} characters; a region code has 6 (GB/T 2260) or 12 (statistical) digits"
    )]
    Length {
        /// The input, cut to 40 characters (anything shaped like an ID number masked).
        input: String,
        /// Its length in characters.
        len: usize,
    },
    /// Holds something other than ASCII digits.
    #[error("`{input}` has a non-digit at position {position}")]
    NonDigit {
        /// The input, cut to 40 characters (anything shaped like an ID number masked).
        input: String,
        /// 1-based position of the first non-digit.
        position: usize,
    },
    /// The province segment (digits 1–2) is not assigned by GB/T 2260.
    #[error("province segment `{segment:02}` of `{input}` is not a province code")]
    UnknownProvince {
        /// The input.
        input: String,
        /// The first two digits.
        segment: u8,
    },
    /// A non-zero segment follows a zero segment (e.g. `520010…`: a county under no
    /// prefecture).
    #[error("{segment} segment of `{input}` is non-zero under a zero {parent} segment", segment = .segment.as_str(), parent = .parent.as_str())]
    SegmentUnderZero {
        /// The input.
        input: String,
        /// The non-zero segment.
        segment: Segment,
        /// The zero segment above it.
        parent: Segment,
    },
    /// A numeric code out of range.
    #[error("{value} is not a {digits}-digit code")]
    OutOfRange {
        /// The number given.
        value: u64,
        /// 6 or 12.
        digits: u8,
    },
}

impl CodeError {
    /// Stable code of the error.
    pub fn code(&self) -> &'static str {
        match self {
            CodeError::Length { .. } => "code_length",
            CodeError::NonDigit { .. } => "code_non_digit",
            CodeError::UnknownProvince { .. } => "code_unknown_province",
            CodeError::SegmentUnderZero { .. } => "code_segment_under_zero",
            CodeError::OutOfRange { .. } => "code_out_of_range",
        }
    }

    /// The segment the error is about, when it is about one.
    pub fn segment(&self) -> Option<Segment> {
        match self {
            CodeError::UnknownProvince { .. } => Some(Segment::Province),
            CodeError::SegmentUnderZero { segment, .. } => Some(*segment),
            _ => None,
        }
    }
}

/// A statistical division code (统计用区划代码): 12 digits = province (2) + prefecture (2)
/// + county (2) + township (3) + village (3).
///
/// Codes of county level and above are also written in their 6-digit GB/T 2260 form;
/// [`RegionCode::parse`] accepts both and [`RegionCode::gb2260`] gives the short form. A
/// value of this type always satisfies the structural rules: an assigned province
/// segment, and no non-zero segment under a zero one, with one exception below. Whether a
/// code is *in use* in a given year is a question for the reference data (`fupin-data`).
///
/// **Prefectures without counties.** The National Bureau of Statistics codes the townships
/// of a prefecture-level city that has no county-level divisions (不设区的地级市: 东莞市
/// 4419, 中山市 4420, 儋州市 4604, 嘉峪关市 6202) with county digits `00`: 东莞市's
/// 东城街道 is `441900003000` (国家统计局《统计用区划代码和城乡划分代码编制规则》). A zero
/// county segment is therefore accepted under a non-zero prefecture segment when the
/// township segment is non-zero ([`RegionCode::skips_county`]); its parent is the
/// prefecture and [`RegionCode::at_level`] gives no county. This is a rule of the code's
/// shape only: *which* prefectures have no counties is data, and `fupin-data` answers it
/// for each vintage (`fupin_data::has_counties`). Every other zero segment above a
/// non-zero one is refused: a county under no prefecture (`520027`), a township under no
/// prefecture (`520000001000`), a village under no township (`522327000123`).
///
/// ```
/// use fupin_core::region::{Level, RegionCode};
///
/// let ceheng: RegionCode = "522327".parse()?;
/// assert_eq!(ceheng.level(), Level::County);
/// assert_eq!(ceheng.to_string(), "522327000000");
/// assert_eq!(ceheng.gb2260(), "522327");
/// assert_eq!(ceheng.parent().map(|p| p.gb2260()), Some("522300".to_owned()));
///
/// let err = "520010".parse::<RegionCode>().unwrap_err();
/// assert_eq!(err.code(), "code_segment_under_zero");
/// # Ok::<(), fupin_core::region::CodeError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RegionCode(u64);

const TEN6: u64 = 1_000_000;

use crate::error::quote as clip;

impl RegionCode {
    /// Parses a 6-digit GB/T 2260 code or a 12-digit statistical code.
    pub fn parse(s: &str) -> Result<Self, CodeError> {
        let len = s.chars().count();
        if len != 6 && len != 12 {
            return Err(CodeError::Length {
                input: clip(s),
                len,
            });
        }
        if let Some((i, _)) = s.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
            let position = s.get(..i).map_or(0, |p| p.chars().count()) + 1;
            return Err(CodeError::NonDigit {
                input: clip(s),
                position,
            });
        }
        let mut value: u64 = 0;
        for b in s.bytes() {
            value = value * 10 + u64::from(b - b'0');
        }
        if len == 6 {
            value *= TEN6;
        }
        Self::check(value, || s.to_owned())
    }

    /// The code whose 12 digits are `value` (e.g. `522327000000`).
    pub fn from_u64(value: u64) -> Result<Self, CodeError> {
        if value >= 1_000_000_000_000 {
            return Err(CodeError::OutOfRange { value, digits: 12 });
        }
        Self::check(value, || format!("{value:012}"))
    }

    /// The code whose six GB/T 2260 digits are `value` (e.g. `522327`).
    pub fn from_gb2260(value: u32) -> Result<Self, CodeError> {
        if value >= 1_000_000 {
            return Err(CodeError::OutOfRange {
                value: u64::from(value),
                digits: 6,
            });
        }
        Self::check(u64::from(value) * TEN6, || format!("{value:06}"))
    }

    /// Checks the structure; `input` (the text for messages) is only built on failure.
    fn check(value: u64, input: impl Fn() -> String) -> Result<Self, CodeError> {
        let code = RegionCode(value);
        let p = code.province_segment();
        if !PROVINCE_SEGMENTS.contains(&p) {
            return Err(CodeError::UnknownProvince {
                input: clip(&input()),
                segment: p,
            });
        }
        let segs = [
            (Segment::Prefecture, u32::from(code.prefecture_segment())),
            (Segment::County, u32::from(code.county_segment())),
            (Segment::Township, u32::from(code.township_segment())),
            (Segment::Village, u32::from(code.village_segment())),
        ];
        let mut zero_above: Option<Segment> = None;
        for (seg, v) in segs {
            match (v, zero_above) {
                (0, None) => zero_above = Some(seg),
                (0, Some(_)) => {}
                // A township of a prefecture without counties: county digits 00 (see the
                // type's docs). Only directly under the county segment: the township
                // segment itself is non-zero here.
                (_, Some(Segment::County))
                    if seg == Segment::Township && code.prefecture_segment() != 0 =>
                {
                    zero_above = None;
                }
                (_, Some(parent)) => {
                    return Err(CodeError::SegmentUnderZero {
                        input: clip(&input()),
                        segment: seg,
                        parent,
                    });
                }
                (_, None) => {}
            }
        }
        Ok(code)
    }

    /// The 12 digits as a number.
    pub fn as_u64(self) -> u64 {
        self.0
    }

    /// The first six digits (GB/T 2260 form) as a number.
    pub fn gb2260_u32(self) -> u32 {
        // < 10^6 by construction
        u32::try_from(self.0 / TEN6).unwrap_or(0)
    }

    /// The first six digits (GB/T 2260 form), e.g. `"522327"`.
    pub fn gb2260(self) -> String {
        format!("{:06}", self.0 / TEN6)
    }

    /// Digits 1–2.
    pub fn province_segment(self) -> u8 {
        u8::try_from(self.0 / 10_000_000_000).unwrap_or(0)
    }
    /// Digits 3–4.
    pub fn prefecture_segment(self) -> u8 {
        u8::try_from(self.0 / 100_000_000 % 100).unwrap_or(0)
    }
    /// Digits 5–6.
    pub fn county_segment(self) -> u8 {
        u8::try_from(self.0 / TEN6 % 100).unwrap_or(0)
    }
    /// Digits 7–9.
    pub fn township_segment(self) -> u16 {
        u16::try_from(self.0 / 1000 % 1000).unwrap_or(0)
    }
    /// Whether this is the code of a village committee (村民委员会: an administrative
    /// village, 行政村): a village-level code whose digits 10–12 are 200–399, as the coding
    /// rule of the statistical codes numbers them (居民委员会, residents' committees of
    /// towns, 001–199; 村民委员会 200–399: 《统计用区划代码和城乡划分代码编制规则》 of the
    /// NBS, as its code pages quote it).
    ///
    /// ```
    /// use fupin_core::region::RegionCode;
    /// assert!(RegionCode::parse("522327103201")?.is_village_committee());
    /// assert!(!RegionCode::parse("522327103001")?.is_village_committee()); // 丫他社区居委会
    /// assert!(!RegionCode::parse("522327103000")?.is_village_committee());
    /// # Ok::<(), fupin_core::region::CodeError>(())
    /// ```
    pub fn is_village_committee(self) -> bool {
        self.level() == Level::Village && (200..=399).contains(&self.village_segment())
    }

    /// Digits 10–12.
    pub fn village_segment(self) -> u16 {
        u16::try_from(self.0 % 1000).unwrap_or(0)
    }

    /// The level of the unit this code names: the level of its lowest non-zero segment.
    pub fn level(self) -> Level {
        if self.village_segment() != 0 {
            Level::Village
        } else if self.township_segment() != 0 {
            Level::Township
        } else if self.county_segment() != 0 {
            Level::County
        } else if self.prefecture_segment() != 0 {
            Level::Prefecture
        } else {
            Level::Province
        }
    }

    /// Whether this is a township or village of a prefecture without counties: county
    /// digits `00` under a non-zero prefecture (`441900003000` 东城街道 of 东莞市).
    pub fn skips_county(self) -> bool {
        self.prefecture_segment() != 0 && self.county_segment() == 0 && self.township_segment() != 0
    }

    /// The code of the unit at `level` that contains this one, if this one is at that level
    /// or below (`None` for [`Level::Nation`], which has no code, and for
    /// [`Level::County`] when the code [skips the county](RegionCode::skips_county)).
    pub fn at_level(self, level: Level) -> Option<RegionCode> {
        if level > self.level() || (level == Level::County && self.skips_county()) {
            return None;
        }
        let keep = match level {
            Level::Nation => return None,
            Level::Province => 10_000_000_000,
            Level::Prefecture => 100_000_000,
            Level::County => TEN6,
            Level::Township => 1000,
            Level::Village => 1,
        };
        Some(RegionCode(self.0 / keep * keep))
    }

    /// The containing unit: this code with its lowest non-zero segment zeroed. `None` for a
    /// province (the nation has no code).
    ///
    /// This is structural: for a county directly under its province (e.g. `429004`) it is
    /// the `4290` grouping code, as in GB/T 2260. For a township of a prefecture without
    /// counties it is the prefecture (`441900003000` → `441900`).
    pub fn parent(self) -> Option<RegionCode> {
        let mut level = self.level().parent();
        while let Some(l) = level {
            if let Some(code) = self.at_level(l) {
                return Some(code);
            }
            level = l.parent();
        }
        None
    }

    /// The containing units from the parent up to the province.
    pub fn ancestors(self) -> impl Iterator<Item = RegionCode> {
        std::iter::successors(self.parent(), |c| c.parent())
    }

    /// Whether `other` is this unit or lies inside it.
    pub fn contains(self, other: RegionCode) -> bool {
        other.at_level(self.level()) == Some(self)
    }

    /// Whether `other` is inside this unit or contains it (or is it): the units a report
    /// "within" a region shows — the region, what is in it and what it is in.
    ///
    /// ```
    /// use fupin_core::region::RegionCode;
    /// let county = RegionCode::parse("522327")?;
    /// assert!(county.contains_or_within(RegionCode::parse("520000")?));
    /// assert!(county.contains_or_within(RegionCode::parse("522327104201")?));
    /// assert!(!county.contains_or_within(RegionCode::parse("522328")?));
    /// # Ok::<(), fupin_core::region::CodeError>(())
    /// ```
    pub fn contains_or_within(self, other: RegionCode) -> bool {
        self.contains(other) || other.contains(self)
    }

    /// The province containing this unit (itself for a province).
    pub fn province(self) -> RegionCode {
        RegionCode(self.0 / 10_000_000_000 * 10_000_000_000)
    }

    /// The kind of township (digits 7–9), for township and village codes.
    pub fn township_kind(self) -> Option<super::TownshipKind> {
        if self.level() < Level::Township {
            return None;
        }
        Some(super::TownshipKind::from_segment(self.township_segment()))
    }

    /// The 12-digit form as a string.
    pub fn to_statistical(self) -> String {
        format!("{:012}", self.0)
    }

    /// The shortest usual form: 6 digits for county level and above, else 12.
    pub fn to_short(self) -> String {
        if self.level() <= Level::County {
            self.gb2260()
        } else {
            self.to_statistical()
        }
    }
}

impl fmt::Display for RegionCode {
    /// Always the 12-digit form; use [`RegionCode::gb2260`] for the 6-digit one.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:012}", self.0)
    }
}

impl fmt::Debug for RegionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RegionCode({:012})", self.0)
    }
}

impl FromStr for RegionCode {
    type Err = CodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<&str> for RegionCode {
    type Error = CodeError;
    fn try_from(s: &str) -> Result<Self, Self::Error> {
        Self::parse(s)
    }
}

impl Serialize for RegionCode {
    /// On the wire: the 12-digit string.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for RegionCode {
    /// Accepts the 6- or 12-digit string, or a number.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = RegionCode;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a 6- or 12-digit region code")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RegionCode, E> {
                RegionCode::parse(v).map_err(E::custom)
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<RegionCode, E> {
                if v < 1_000_000 {
                    RegionCode::from_gb2260(u32::try_from(v).map_err(E::custom)?)
                } else {
                    RegionCode::from_u64(v)
                }
                .map_err(E::custom)
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<RegionCode, E> {
                let u =
                    u64::try_from(v).map_err(|_| E::custom("a region code cannot be negative"))?;
                self.visit_u64(u)
            }
        }
        deserializer.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: &str) -> RegionCode {
        RegionCode::parse(s).unwrap()
    }

    #[test]
    fn parses_both_forms() {
        assert_eq!(c("522327"), c("522327000000"));
        assert_eq!(c("522327").level(), Level::County);
        assert_eq!(c("520000").level(), Level::Province);
        assert_eq!(c("522300").level(), Level::Prefecture);
        assert_eq!(c("522327100000").level(), Level::Township);
        assert_eq!(c("522327100201").level(), Level::Village);
    }

    #[test]
    fn rejects_with_the_segment_at_fault() {
        assert_eq!(RegionCode::parse("5223").unwrap_err().code(), "code_length");
        assert_eq!(
            RegionCode::parse("52232a").unwrap_err().code(),
            "code_non_digit"
        );
        assert!(matches!(
            RegionCode::parse("52232a").unwrap_err(),
            CodeError::NonDigit { position: 6, .. }
        ));
        let e = RegionCode::parse("992327").unwrap_err();
        assert_eq!(e.segment(), Some(Segment::Province));
        let e = RegionCode::parse("520027").unwrap_err();
        assert_eq!(e.segment(), Some(Segment::County));
        assert!(e.to_string().contains("county segment"));
        let e = RegionCode::parse("522327000123").unwrap_err();
        assert_eq!(e.segment(), Some(Segment::Village));
        assert_eq!(
            RegionCode::from_u64(10u64.pow(12)).unwrap_err().code(),
            "code_out_of_range"
        );
    }

    #[test]
    fn hierarchy() {
        let v = c("522327100201");
        let chain: Vec<String> = v.ancestors().map(|a| a.to_short()).collect();
        assert_eq!(chain, ["522327100000", "522327", "522300", "520000"]);
        assert!(c("520000").contains(v));
        assert!(c("522327").contains(c("522327")));
        assert!(!c("522327").contains(c("522300")));
        assert_eq!(c("520000").parent(), None);
        assert_eq!(v.province(), c("520000"));
    }

    #[test]
    fn townships_of_prefectures_without_counties() {
        // 东莞市 东城街道 and one of its villages (NBS 2023 codes)
        let township = c("441900003000");
        assert!(township.skips_county());
        assert_eq!(township.level(), Level::Township);
        assert_eq!(township.parent(), Some(c("441900")));
        let village = c("441900003001");
        assert_eq!(village.level(), Level::Village);
        let chain: Vec<String> = village.ancestors().map(|a| a.to_short()).collect();
        assert_eq!(chain, ["441900003000", "441900", "440000"]);
        assert_eq!(village.at_level(Level::County), None);
        assert_eq!(village.at_level(Level::Prefecture), Some(c("441900")));
        assert!(c("441900").contains(village));
        assert!(c("440000").contains(village));
        assert!(!c("441900").skips_county());
        assert!(!c("522327100000").skips_county());
        // still refused: a zero segment above a non-zero one anywhere else
        for (bad, seg, parent) in [
            ("520000001000", Segment::Township, Segment::Prefecture),
            ("520000000001", Segment::Village, Segment::Prefecture),
            ("441900000001", Segment::Village, Segment::County),
            ("522327000123", Segment::Village, Segment::Township),
            ("520027", Segment::County, Segment::Prefecture),
        ] {
            let e = RegionCode::parse(bad).unwrap_err();
            assert!(
                matches!(e, CodeError::SegmentUnderZero { segment, parent: p, .. } if segment == seg && p == parent),
                "{bad}: {e:?}"
            );
        }
    }

    #[test]
    fn serde_is_the_12_digit_string() {
        let s = serde_json::to_string(&c("522327")).unwrap();
        assert_eq!(s, "\"522327000000\"");
        let back: RegionCode = serde_json::from_str("\"522327\"").unwrap();
        assert_eq!(back, c("522327"));
        let n: RegionCode = serde_json::from_str("522327").unwrap();
        assert_eq!(n, c("522327"));
        assert!(serde_json::from_str::<RegionCode>("\"520010\"").is_err());
    }

    /// Found by fuzzing (fuzz/corpus/csv/id_in_village): an ID number in a column of village
    /// codes was quoted unmasked in the `code_length` message of every rejected row.
    #[test]
    fn errors_mask_id_numbers() {
        for (input, shown) in [
            ("522327197003120211", "`5223**********0211`"),
            ("52232719700312021x", "`5223**********021x`"),
            (" 522327197003120211", "` 5223**********0211`"),
            ("id 52232719700312021X", "`id 5223**********021X`"),
            // a legacy 15-digit number (GB 11643-1989)
            ("522327700312021", "`5223********021`"),
            ("id 522327700312021", "`id 5223********021`"),
        ] {
            let message = RegionCode::parse(input).unwrap_err().to_string();
            assert!(message.contains(shown), "{message}");
            assert!(!message.contains(input.trim()), "{message}");
        }
        // found by fuzzing (fuzz/corpus/region_code/crash-*): the cut to 40 characters made
        // an 18-digit run of a longer one
        let long = format!("{}{}", "-".repeat(22), "7002322222232700703333");
        let message = RegionCode::parse(&long).unwrap_err().to_string();
        assert!(message.contains("7002**************`"), "{message}");
        // an ID number glued to other digits is masked too
        let message = RegionCode::parse("5223271970031202111")
            .unwrap_err()
            .to_string();
        assert!(message.contains("`5223***********2111`"), "{message}");
    }
}
