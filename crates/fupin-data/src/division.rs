//! [`Division`] and the look-ups over one vintage: by code, children, path, full name.

use fupin_core::region::{Level, RegionCode};
use serde::Serialize;

use crate::Vintage;
use crate::table::{self, Row, RowKind};

/// A row of a vintage: a division of province, prefecture or county level, or a grouping
/// row.
///
/// Grouping rows (`is_grouping`) are kept as GB/T 2260 lists them but are not units:
/// `110100 市辖区` and `500200 县` under the municipalities, `429000 省直辖县级行政区划`
/// and the like for counties under a province, and `xx01 市辖区` under prefecture cities
/// (2016 only). [`path`], [`children`], [`count`] and name resolution skip them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct Division {
    /// The code (on the wire the 12-digit string, as everywhere in fupin).
    pub code: RegionCode,
    /// The official name, e.g. `册亨县`.
    pub name: &'static str,
    /// Province, prefecture or county.
    pub level: Level,
    /// The vintage the row belongs to.
    pub vintage: Vintage,
    /// Whether the row only groups units (市辖区, 县, 省直辖县级行政区划 …).
    pub is_grouping: bool,
    /// Whether the unit is one only the National Bureau of Statistics' lists count, not a
    /// division of GB/T 2260: development zones and the like (county digits 61–79, e.g.
    /// `130171` 石家庄高新技术产业开发区), administrative committees (`632857`
    /// 大柴旦行政委员会), and a county-level row named as its prefecture (`620201` 嘉峪关市).
    /// Only the NBS vintages (2017–2019, 2021–2023) have such rows. Registers use their
    /// codes; [`count`] leaves them out.
    pub is_nbs_only: bool,
}

impl Division {
    pub(crate) fn from_row(row: &'static Row, vintage: Vintage) -> Option<Division> {
        let code = RegionCode::from_gb2260(row.code).ok()?;
        Some(Division {
            code,
            name: row.name,
            level: code.level(),
            vintage,
            is_grouping: row.grouping(),
            is_nbs_only: row.kind == RowKind::NbsOnly,
        })
    }

    /// The six-digit code, e.g. `"522327"`.
    pub fn gb2260(&self) -> String {
        self.code.gb2260()
    }
}

/// The row of `vintage` with this code, if any (grouping rows included).
///
/// ```
/// use fupin_core::region::RegionCode;
/// use fupin_data::{Vintage, get};
///
/// let ceheng = get(RegionCode::from_gb2260(522327)?, Vintage::V2020).unwrap();
/// assert_eq!(ceheng.name, "册亨县");
/// # Ok::<(), fupin_core::region::CodeError>(())
/// ```
pub fn get(code: RegionCode, vintage: Vintage) -> Option<Division> {
    if code.level() > Level::County {
        return None;
    }
    table::find(vintage, code.gb2260_u32()).and_then(|r| Division::from_row(r, vintage))
}

/// Every row of `vintage` in code order, grouping rows included (filter on
/// [`Division::is_grouping`] to drop them).
pub fn divisions(vintage: Vintage) -> impl Iterator<Item = Division> {
    table::rows(vintage)
        .iter()
        .filter_map(move |r| Division::from_row(r, vintage))
}

/// How many divisions (grouping rows and NBS-only units excluded) of `level` `vintage` has;
/// 0 for the levels the data does not cover (nation, township, village).
pub fn count(vintage: Vintage, level: Level) -> usize {
    divisions(vintage)
        .filter(|d| !d.is_grouping && !d.is_nbs_only && d.level == level)
        .count()
}

/// Whether the prefecture `code` has county-level units in `vintage`: `false` for a
/// prefecture-level city without counties (不设区的地级市: 东莞市 `441900`, 中山市
/// `442000`, 儋州市 `460400`), whose townships the NBS codes with county digits `00`
/// (`441900003000`; see [`RegionCode::skips_county`]). `None` when `code` is not a
/// prefecture of `vintage`.
///
/// ```
/// use fupin_core::region::RegionCode;
/// use fupin_data::{Vintage, has_counties};
///
/// let c = |n| RegionCode::from_gb2260(n).unwrap();
/// assert_eq!(has_counties(c(441900), Vintage::V2023), Some(false)); // 东莞市
/// assert_eq!(has_counties(c(441300), Vintage::V2023), Some(true)); // 惠州市
/// assert_eq!(has_counties(c(441900), Vintage::V2016), Some(false));
/// ```
pub fn has_counties(code: RegionCode, vintage: Vintage) -> Option<bool> {
    let d = get(code, vintage).filter(|d| d.level == Level::Prefecture && !d.is_grouping)?;
    Some(!children(d.code, vintage).is_empty())
}

/// Whether `code`, of any level, is a code of `vintage`: a unit it lists (grouping rows
/// excluded), or a township or village code whose county it lists, or whose prefecture it
/// lists as a prefecture without counties ([`has_counties`] is `Some(false)`). Townships
/// and villages themselves are not in this data, so only their parents are checked.
pub fn code_in_use(code: RegionCode, vintage: Vintage) -> bool {
    if code.level() <= Level::County {
        return get(code, vintage).is_some_and(|d| !d.is_grouping);
    }
    match code.at_level(Level::County) {
        Some(county) => get(county, vintage).is_some_and(|d| !d.is_grouping),
        None => code
            .at_level(Level::Prefecture)
            .is_some_and(|p| has_counties(p, vintage) == Some(false)),
    }
}

/// Whether `code` is in use in any vintage this data holds ([`Vintage::ALL`], 2016 to
/// 2023): [`code_in_use`] in one of them. A county code that none of them knows is not a
/// county of the years of the action plan or after, most likely a code mistyped in a
/// register (what an assessment says in its data problems).
///
/// ```
/// use fupin_core::RegionCode;
/// use fupin_data::code_known;
///
/// let c = |n| RegionCode::from_gb2260(n).unwrap();
/// assert!(code_known(c(522327))); // 册亨县
/// assert!(!code_known(c(522399)));
/// ```
pub fn code_known(code: RegionCode) -> bool {
    Vintage::ALL.iter().any(|v| code_in_use(code, *v))
}

/// Whether every code strictly between `outer` and `inner` is absent from `vintage` or a
/// grouping row, so that `inner` hangs directly under `outer`.
fn directly_under(outer: RegionCode, inner: RegionCode, vintage: Vintage) -> bool {
    inner
        .ancestors()
        .take_while(|a| *a != outer)
        .all(|a| !table::has_unit(vintage, a.gb2260_u32()))
}

/// The units directly under `code` in `vintage`, in code order, looking through grouping
/// rows and missing intermediate rows: the children of `420000` 湖北省 include both
/// `420100` 武汉市 and `429004` 仙桃市 (listed under the grouping row `429000`), and the
/// children of `110000` 北京市 are its districts in both vintages.
///
/// Children of a grouping row are the units listed under it. County-level rows have no
/// children in this data.
pub fn children(code: RegionCode, vintage: Vintage) -> Vec<Division> {
    let span = match code.level() {
        Level::Province => 10_000,
        Level::Prefecture => 100,
        _ => return Vec::new(),
    };
    let start = code.gb2260_u32();
    let rows = table::rows(vintage);
    let from = rows.partition_point(|r| r.code <= start);
    let to = rows.partition_point(|r| r.code < start + span);
    rows.get(from..to)
        .unwrap_or_default()
        .iter()
        .filter(|r| !r.grouping())
        .filter_map(|r| Division::from_row(r, vintage))
        .filter(|d| directly_under(code, d.code, vintage))
        .collect()
}

/// The division and the units containing it, province first: `522327` gives 贵州省 ›
/// 黔西南布依族苗族自治州 › 册亨县. Grouping rows and ancestors missing from the vintage are
/// skipped (`429004` 仙桃市 gives 湖北省 › 仙桃市). Empty when `code` is not in `vintage`.
pub fn path(code: RegionCode, vintage: Vintage) -> Vec<Division> {
    let Some(this) = get(code, vintage) else {
        return Vec::new();
    };
    let mut out: Vec<Division> = code
        .ancestors()
        .filter_map(|a| get(a, vintage))
        .filter(|d| !d.is_grouping)
        .collect();
    out.reverse();
    out.push(this);
    out
}

/// The names along [`path`] joined, e.g. `贵州省黔西南布依族苗族自治州册亨县`; `None` when
/// `code` is not in `vintage`.
pub fn full_name(code: RegionCode, vintage: Vintage) -> Option<String> {
    let p = path(code, vintage);
    if p.is_empty() {
        return None;
    }
    Some(p.iter().map(|d| d.name).collect())
}
