//! Administrative levels, township kinds and urban–rural classes.

use std::fmt;

use serde::{Deserialize, Serialize};

/// An administrative level, from the nation down to the village. Ordered: `Nation` is the
/// smallest, `Village` the largest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// The nation (全国); has no code.
    Nation,
    /// Province-level unit (省级: 省, 自治区, 直辖市).
    Province,
    /// Prefecture-level unit (地级: 地级市, 地区, 自治州, 盟).
    Prefecture,
    /// County-level unit (县级: 县, 市辖区, 县级市, 自治县, 旗 …).
    County,
    /// Township-level unit (乡级: 街道, 镇, 乡).
    Township,
    /// Village-level unit (村级: 居委会, 村委会).
    Village,
}

impl Level {
    /// Every level, from the nation down.
    pub const ALL: [Level; 6] = [
        Level::Nation,
        Level::Province,
        Level::Prefecture,
        Level::County,
        Level::Township,
        Level::Village,
    ];

    /// The level above (`None` for the nation).
    pub fn parent(self) -> Option<Level> {
        match self {
            Level::Nation => None,
            Level::Province => Some(Level::Nation),
            Level::Prefecture => Some(Level::Province),
            Level::County => Some(Level::Prefecture),
            Level::Township => Some(Level::County),
            Level::Village => Some(Level::Township),
        }
    }

    /// The level below (`None` for the village).
    pub fn child(self) -> Option<Level> {
        match self {
            Level::Nation => Some(Level::Province),
            Level::Province => Some(Level::Prefecture),
            Level::Prefecture => Some(Level::County),
            Level::County => Some(Level::Township),
            Level::Township => Some(Level::Village),
            Level::Village => None,
        }
    }

    /// The snake_case key used on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Nation => "nation",
            Level::Province => "province",
            Level::Prefecture => "prefecture",
            Level::County => "county",
            Level::Township => "township",
            Level::Village => "village",
        }
    }

    /// The Chinese label (全国, 省级 …).
    pub fn label_zh(self) -> &'static str {
        match self {
            Level::Nation => "全国",
            Level::Province => "省级",
            Level::Prefecture => "地级",
            Level::County => "县级",
            Level::Township => "乡级",
            Level::Village => "村级",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The kind of a township-level unit, read from digits 7–9 of its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TownshipKind {
    /// 001–099: sub-district (街道).
    SubDistrict,
    /// 100–199: town (镇).
    Town,
    /// 200–399: township (乡, 苏木 …).
    Township,
    /// 400–599 and above: other units (farms, development zones …).
    Other,
}

impl TownshipKind {
    /// The kind for a township segment (000–999).
    pub fn from_segment(segment: u16) -> Self {
        match segment {
            1..=99 => TownshipKind::SubDistrict,
            100..=199 => TownshipKind::Town,
            200..=399 => TownshipKind::Township,
            _ => TownshipKind::Other,
        }
    }

    /// Whether it is a town or a township (乡镇: 镇 100–199, 乡 200–399), the units
    /// "电商服务通达乡镇" is about — not a sub-district (街道) nor another unit (farms,
    /// development zones, segments 400 and above: 政企合一的单位 in the coding rule of
    /// the statistical codes, 《统计用区划代码编制规则》 as the NBS pages quote it).
    pub fn is_town_or_township(self) -> bool {
        matches!(self, TownshipKind::Town | TownshipKind::Township)
    }

    /// The Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            TownshipKind::SubDistrict => "街道",
            TownshipKind::Town => "镇",
            TownshipKind::Township => "乡",
            TownshipKind::Other => "其他",
        }
    }
}

/// Urban–rural class (城乡分类代码), three digits. 1xx are urban, 2xx rural.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "u16", into = "u16")]
pub enum UrbanRuralClass {
    /// 111 主城区.
    MainUrban,
    /// 112 城乡结合区.
    UrbanRuralFringe,
    /// 121 镇中心区.
    TownCentre,
    /// 122 镇乡结合区.
    TownFringe,
    /// 123 特殊区域.
    Special,
    /// 210 乡中心区.
    VillageCentre,
    /// 220 村庄.
    Village,
}

impl UrbanRuralClass {
    /// The three-digit code.
    pub fn code(self) -> u16 {
        match self {
            UrbanRuralClass::MainUrban => 111,
            UrbanRuralClass::UrbanRuralFringe => 112,
            UrbanRuralClass::TownCentre => 121,
            UrbanRuralClass::TownFringe => 122,
            UrbanRuralClass::Special => 123,
            UrbanRuralClass::VillageCentre => 210,
            UrbanRuralClass::Village => 220,
        }
    }

    /// Whether the class is urban (1xx).
    pub fn is_urban(self) -> bool {
        self.code() < 200
    }

    /// Whether the class is rural (2xx).
    pub fn is_rural(self) -> bool {
        !self.is_urban()
    }

    /// The Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            UrbanRuralClass::MainUrban => "主城区",
            UrbanRuralClass::UrbanRuralFringe => "城乡结合区",
            UrbanRuralClass::TownCentre => "镇中心区",
            UrbanRuralClass::TownFringe => "镇乡结合区",
            UrbanRuralClass::Special => "特殊区域",
            UrbanRuralClass::VillageCentre => "乡中心区",
            UrbanRuralClass::Village => "村庄",
        }
    }
}

impl TryFrom<u16> for UrbanRuralClass {
    type Error = String;
    fn try_from(code: u16) -> Result<Self, Self::Error> {
        Ok(match code {
            111 => UrbanRuralClass::MainUrban,
            112 => UrbanRuralClass::UrbanRuralFringe,
            121 => UrbanRuralClass::TownCentre,
            122 => UrbanRuralClass::TownFringe,
            123 => UrbanRuralClass::Special,
            210 => UrbanRuralClass::VillageCentre,
            220 => UrbanRuralClass::Village,
            other => {
                return Err(format!(
                    "`{other}` is not an urban-rural class (111, 112, 121, 122, 123, 210, 220)"
                ));
            }
        })
    }
}

impl From<UrbanRuralClass> for u16 {
    fn from(c: UrbanRuralClass) -> u16 {
        c.code()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn township_kinds() {
        assert_eq!(TownshipKind::from_segment(1), TownshipKind::SubDistrict);
        assert_eq!(TownshipKind::from_segment(105), TownshipKind::Town);
        assert_eq!(TownshipKind::from_segment(210), TownshipKind::Township);
        assert_eq!(TownshipKind::from_segment(450), TownshipKind::Other);
    }

    #[test]
    fn urban_rural() {
        assert!(UrbanRuralClass::try_from(220).unwrap().is_rural());
        assert!(UrbanRuralClass::try_from(111).unwrap().is_urban());
        assert!(UrbanRuralClass::try_from(130).is_err());
        assert_eq!(
            serde_json::to_string(&UrbanRuralClass::Village).unwrap(),
            "220"
        );
    }

    #[test]
    fn level_order() {
        assert!(Level::Nation < Level::Village);
        assert_eq!(Level::County.parent(), Some(Level::Prefecture));
    }
}
