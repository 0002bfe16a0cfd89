//! Causes of poverty (致贫原因): canonical keys, Chinese labels and the aliases real
//! systems use.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::Error;

/// A cause of poverty. On the wire the snake_case key; on input also the Chinese label or
/// an alias (`因病致贫`, `疾病`, `缺劳动力` …). Local causes some systems add (`因婚`, `因丧`,
/// `缺电`) read as [`Cause::Other`].
///
/// ```
/// use fupin_core::household::Cause;
/// assert_eq!("因病".parse::<Cause>()?, Cause::Illness);
/// assert_eq!("缺劳动力".parse::<Cause>()?, Cause::LackOfLabour);
/// assert_eq!("lack_of_skills".parse::<Cause>()?, Cause::LackOfSkills);
/// assert_eq!("因婚".parse::<Cause>()?, Cause::Other);
/// assert_eq!(Cause::Disability.label_zh(), "因残");
/// assert!("客服".parse::<Cause>().is_err());
/// # Ok::<(), fupin_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    /// 因病.
    Illness,
    /// 因残.
    Disability,
    /// 因学.
    Schooling,
    /// 因灾.
    Disaster,
    /// 缺土地.
    LackOfLand,
    /// 缺水.
    LackOfWater,
    /// 缺技术.
    LackOfSkills,
    /// 缺劳力.
    LackOfLabour,
    /// 缺资金.
    LackOfCapital,
    /// 交通条件落后.
    PoorTransport,
    /// 自身发展动力不足.
    LackOfDrive,
    /// 其他.
    Other,
}

impl Cause {
    /// Every canonical cause, in the usual order of the national file.
    pub const ALL: [Cause; 12] = [
        Cause::Illness,
        Cause::Disability,
        Cause::Schooling,
        Cause::Disaster,
        Cause::LackOfLand,
        Cause::LackOfWater,
        Cause::LackOfSkills,
        Cause::LackOfLabour,
        Cause::LackOfCapital,
        Cause::PoorTransport,
        Cause::LackOfDrive,
        Cause::Other,
    ];

    /// The snake_case key.
    pub fn key(self) -> &'static str {
        match self {
            Cause::Illness => "illness",
            Cause::Disability => "disability",
            Cause::Schooling => "schooling",
            Cause::Disaster => "disaster",
            Cause::LackOfLand => "lack_of_land",
            Cause::LackOfWater => "lack_of_water",
            Cause::LackOfSkills => "lack_of_skills",
            Cause::LackOfLabour => "lack_of_labour",
            Cause::LackOfCapital => "lack_of_capital",
            Cause::PoorTransport => "poor_transport",
            Cause::LackOfDrive => "lack_of_drive",
            Cause::Other => "other",
        }
    }

    /// The Chinese label of the national file.
    pub fn label_zh(self) -> &'static str {
        match self {
            Cause::Illness => "因病",
            Cause::Disability => "因残",
            Cause::Schooling => "因学",
            Cause::Disaster => "因灾",
            Cause::LackOfLand => "缺土地",
            Cause::LackOfWater => "缺水",
            Cause::LackOfSkills => "缺技术",
            Cause::LackOfLabour => "缺劳力",
            Cause::LackOfCapital => "缺资金",
            Cause::PoorTransport => "交通条件落后",
            Cause::LackOfDrive => "自身发展动力不足",
            Cause::Other => "其他",
        }
    }

    /// Other spellings accepted on input, besides the key and the label.
    pub fn aliases(self) -> &'static [&'static str] {
        match self {
            Cause::Illness => &["因病致贫", "疾病", "病", "因病返贫"],
            Cause::Disability => &["因残致贫", "残疾", "残"],
            Cause::Schooling => &["因学致贫", "上学", "学"],
            Cause::Disaster => &["因灾致贫", "灾害", "自然灾害"],
            Cause::LackOfLand => &["缺地", "土地少"],
            Cause::LackOfWater => &["缺水源", "水"],
            Cause::LackOfSkills => &["缺技能", "无技术"],
            Cause::LackOfLabour => &["缺劳动力", "无劳力", "缺少劳动力"],
            Cause::LackOfCapital => &["缺少资金", "无资金"],
            Cause::PoorTransport => &["交通落后", "交通不便", "交通条件差"],
            Cause::LackOfDrive => &["缺乏发展动力", "内生动力不足", "自身动力不足"],
            Cause::Other => &["其它", "因婚", "因丧", "缺电"],
        }
    }

    /// Reads a key, label or alias (surrounding whitespace ignored).
    pub fn parse(s: &str) -> Result<Cause, Error> {
        let t = s.trim();
        Cause::ALL
            .into_iter()
            .find(|c| c.key() == t || c.label_zh() == t || c.aliases().contains(&t))
            .ok_or_else(|| Error::UnknownKey {
                kind: "cause",
                value: crate::error::quote(t),
            })
    }
}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

impl FromStr for Cause {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Cause::parse(s)
    }
}

impl<'de> Deserialize<'de> for Cause {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Cause::parse(&s).map_err(serde::de::Error::custom)
    }
}
