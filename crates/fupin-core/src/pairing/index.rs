//! Fast look-ups over the helpers of a book and over designations by region.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::{Helper, HelperId};
use crate::region::{Designation, DesignationKind, Designations, Level, RegionCode};

/// Which designations make a recipient poor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PoorTest {
    /// A national poor county (any of the poor-county kinds).
    County,
    /// A registered poor village.
    Village,
    /// Either: a household in a poor county or in a poor village.
    CountyOrVillage,
}

impl PoorTest {
    fn matches(self, kind: DesignationKind) -> bool {
        match self {
            PoorTest::County => kind.is_poor_county(),
            PoorTest::Village => kind == DesignationKind::PoorVillage,
            PoorTest::CountyOrVillage => {
                kind.is_poor_county() || kind == DesignationKind::PoorVillage
            }
        }
    }
}

/// Whether a region is designated poor on a date, and if not, why not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PoorStatus {
    /// Designated on the date.
    Poor,
    /// Was designated, and exited on this day (on or before the date).
    Exited(NaiveDate),
    /// Designated only from this later day.
    NotYet(NaiveDate),
    /// Never designated.
    Never,
}

/// Designations grouped by region, answering "which designations hold for this region or a
/// unit containing it" without scanning the whole list.
#[derive(Debug)]
pub(crate) struct DesignationIndex<'a> {
    by_region: BTreeMap<RegionCode, Vec<&'a Designation>>,
}

impl<'a> DesignationIndex<'a> {
    pub(crate) fn new(designations: &'a Designations) -> Self {
        let mut by_region: BTreeMap<RegionCode, Vec<&'a Designation>> = BTreeMap::new();
        for d in designations.iter() {
            by_region.entry(d.region).or_default().push(d);
        }
        Self { by_region }
    }

    /// The designations of `region` itself and of every unit containing it.
    pub(crate) fn around(&self, region: RegionCode) -> impl Iterator<Item = &'a Designation> {
        std::iter::once(region)
            .chain(region.ancestors())
            .filter_map(|r| self.by_region.get(&r))
            .flat_map(|list| list.iter().copied())
    }

    /// Whether `kind` holds for `region` (or a unit containing it) on `date`.
    pub(crate) fn has(&self, region: RegionCode, kind: DesignationKind, date: NaiveDate) -> bool {
        self.around(region)
            .any(|d| d.kind == kind && d.is_valid_on(date))
    }

    /// The kinds that hold for `region` on `date`, sorted, each once.
    pub(crate) fn kinds(&self, region: RegionCode, date: NaiveDate) -> Vec<DesignationKind> {
        let mut kinds: Vec<DesignationKind> = self
            .around(region)
            .filter(|d| d.is_valid_on(date))
            .map(|d| d.kind)
            .collect();
        kinds.sort();
        kinds.dedup();
        kinds
    }

    /// Whether `region` passes `test` on `date`, and if not, why not.
    pub(crate) fn poor_status(
        &self,
        region: RegionCode,
        test: PoorTest,
        date: NaiveDate,
    ) -> PoorStatus {
        let mut exited: Option<NaiveDate> = None;
        let mut from: Option<NaiveDate> = None;
        for d in self.around(region).filter(|d| test.matches(d.kind)) {
            if d.is_valid_on(date) {
                return PoorStatus::Poor;
            }
            match d.valid_to {
                Some(end) if d.valid_from <= date => exited = exited.max(Some(end)),
                _ => from = Some(from.map_or(d.valid_from, |f| f.min(d.valid_from))),
            }
        }
        match (exited, from) {
            (Some(day), _) => PoorStatus::Exited(day),
            (None, Some(day)) => PoorStatus::NotYet(day),
            (None, None) => PoorStatus::Never,
        }
    }

    /// The regions at `level` designated by a kind passing `test` on `date`, sorted.
    pub(crate) fn designated(
        &self,
        test: PoorTest,
        level: Level,
        date: NaiveDate,
    ) -> Vec<RegionCode> {
        self.by_region
            .iter()
            .filter(|(region, list)| {
                region.level() == level
                    && list
                        .iter()
                        .any(|d| test.matches(d.kind) && d.is_valid_on(date))
            })
            .map(|(region, _)| *region)
            .collect()
    }
}

/// The first helper of each id, by id.
pub(crate) fn helpers_by_id(helpers: &[Helper]) -> BTreeMap<&HelperId, usize> {
    let mut map = BTreeMap::new();
    for (i, h) in helpers.iter().enumerate() {
        map.entry(&h.id).or_insert(i);
    }
    map
}
