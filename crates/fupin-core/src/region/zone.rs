//! Economic zones (east / central / west), from the province, overridable per county.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use super::RegionCode;

/// The three zones used by the exit rules (western units get a 3% incidence threshold).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Zone {
    /// 东部.
    East,
    /// 中部.
    Central,
    /// 西部: provinces 15, 45, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65.
    West,
}

/// Province segments of the western zone (西部大开发: 12 provincial units).
pub const WESTERN_PROVINCES: [u8; 12] = [15, 45, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65];
/// Province segments of the central zone (中部: 山西, 吉林, 黑龙江, 安徽, 江西, 河南, 湖北, 湖南).
pub const CENTRAL_PROVINCES: [u8; 8] = [14, 22, 23, 34, 36, 41, 42, 43];

impl Zone {
    /// The zone of a province by the national grouping (no overrides).
    pub fn of_province(code: RegionCode) -> Zone {
        let p = code.province_segment();
        if WESTERN_PROVINCES.contains(&p) {
            Zone::West
        } else if CENTRAL_PROVINCES.contains(&p) {
            Zone::Central
        } else {
            Zone::East
        }
    }

    /// The snake_case key.
    pub fn as_str(self) -> &'static str {
        match self {
            Zone::East => "east",
            Zone::Central => "central",
            Zone::West => "west",
        }
    }

    /// The Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            Zone::East => "东部",
            Zone::Central => "中部",
            Zone::West => "西部",
        }
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Zones by province, with overrides for units treated otherwise by policy (e.g. the
/// counties of 湘西, 恩施 and 延边 that enjoy western policies).
///
/// An override applies to the unit and everything inside it; the most specific one wins.
///
/// ```
/// use fupin_core::region::{RegionCode, Zone, ZoneMap};
///
/// let mut zones = ZoneMap::default();
/// let enshi: RegionCode = "422800".parse()?;
/// zones.set(enshi, Zone::West);
/// assert_eq!(zones.zone_of("422801".parse()?), Zone::West);
/// assert_eq!(zones.zone_of("420100".parse()?), Zone::Central);
/// # Ok::<(), fupin_core::region::CodeError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ZoneMap {
    /// Overrides by unit code.
    #[serde(default)]
    pub overrides: BTreeMap<RegionCode, Zone>,
}

impl ZoneMap {
    /// Overrides the zone of a unit and everything inside it.
    pub fn set(&mut self, unit: RegionCode, zone: Zone) {
        self.overrides.insert(unit, zone);
    }

    /// The zone of any unit: its most specific override, else its province's zone.
    pub fn zone_of(&self, unit: RegionCode) -> Zone {
        std::iter::once(unit)
            .chain(unit.ancestors())
            .find_map(|c| self.overrides.get(&c).copied())
            .unwrap_or_else(|| Zone::of_province(unit))
    }
}
