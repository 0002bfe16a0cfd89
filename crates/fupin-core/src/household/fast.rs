//! The fast path of household checking: a record read straight into typed values with
//! borrowed strings (serde's derive, no [`serde_json::Value`] tree; the JSON read by
//! [`super::scan`] when it has no escapes, else by `serde_json`) and checked by predicates
//! that only say "clean" or "look closer". A record is accepted here only when every rule
//! of [`super::rules`] holds; anything else — a parse failure, a rule broken, a case these
//! predicates do not decide (a note longer than 500 bytes, say) — goes to the thorough path
//! ([`super::Household::from_value`] and [`super::Household::validate_at`]), which reports
//! every problem with its path. So the issues reported are the thorough path's, and this
//! path must never accept what it rejects: `tests/household_fast_path.rs` checks that on the
//! generator's records and the fuzz corpora.
//!
//! Where the views use the record's own field types (codes, ID numbers, money, dates,
//! enums, guarantees) they accept exactly what the thorough path accepts. Records, members
//! and the helper must be JSON objects ([`Obj`]): serde's derive would read a struct from a
//! list, the thorough path does not.

use std::borrow::Cow;
use std::marker::PhantomData;

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};

use super::check::HouseholdKeys;
use super::member::{Education, Health, Insurance, LabourSkill, Relation, SchoolStage};
use super::record::{
    Guarantees, HouseholdStatus, IncomeComponents, IncomeYear, MeasureKind, NetworkAccess,
};
use super::{Cause, IdNumber, Sex};
use crate::money::Yuan;
use crate::plan::ProjectKey;
use crate::region::{Level, RegionCode};

/// Text borrowed from the input when it has no escapes, owned when it has.
#[derive(Default)]
struct Text<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Text<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Text<'a>, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Text<'a>, E> {
                Ok(Text(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Text<'a>, E> {
                Ok(Text(Cow::Owned(v)))
            }
        }
        d.deserialize_str(V(PhantomData))
    }
}

impl Text<'_> {
    /// Whether it has `min..=max` characters, decided on bytes: a byte count within the
    /// bounds proves it (a character is one byte or more); otherwise `false`, "look
    /// closer" (the thorough path counts characters).
    fn fits(&self, min: usize, max: usize) -> bool {
        let n = self.0.len();
        n >= min && n <= max
    }

    /// Whether it is required text that certainly holds: at most `max` characters (as
    /// [`Text::fits`] decides it) and not blank ([`super::rules::blank`], as the thorough
    /// path refuses a file number or a name of spaces only).
    fn filled(&self, max: usize) -> bool {
        self.fits(1, max) && !super::rules::blank(&self.0)
    }
}

/// A date as [`NaiveDate`]'s own `Deserialize` reads it (`YYYY-MM-DD` read directly,
/// anything else through chrono's parser, as that impl does).
struct Day(NaiveDate);

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = Text::deserialize(d)?;
        let s = text.0.as_ref();
        let b = s.as_bytes();
        let digits = |r: std::ops::Range<usize>| {
            b.get(r).and_then(|p| {
                p.iter().try_fold(0u32, |n, c| {
                    c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
                })
            })
        };
        if b.len() == 10 && b.get(4) == Some(&b'-') && b.get(7) == Some(&b'-') {
            let (y, m, dd) = (digits(0..4), digits(5..7), digits(8..10));
            if let (Some(y), Some(m), Some(dd)) = (y, m, dd)
                && let Some(day) = i32::try_from(y)
                    .ok()
                    .and_then(|y| NaiveDate::from_ymd_opt(y, m, dd))
            {
                return Ok(Day(day));
            }
        }
        s.parse::<NaiveDate>()
            .map(Day)
            .map_err(serde::de::Error::custom)
    }
}

/// A cause read from borrowed text ([`Cause`]'s own `Deserialize` reads a `String`).
struct CauseView(Cause);

impl<'de> Deserialize<'de> for CauseView {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = Text::deserialize(d)?;
        Cause::parse(&text.0)
            .map(CauseView)
            .map_err(serde::de::Error::custom)
    }
}

/// A struct that must be given as a JSON object (not as a list of its fields).
struct Obj<T>(T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Obj<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Obj<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Obj<T>, A::Error> {
                T::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(Obj)
            }
        }
        d.deserialize_map(V(PhantomData))
    }
}

/// A list whose elements are read and checked one at a time, none kept: the state `S`
/// learns each element ([`Learn`]); an element that breaks a rule ends the reading (the
/// record is then not clean here).
struct Seq<S>(S);

/// What a list read by [`Seq`] learns from each element.
trait Learn<'de>: Default {
    /// The element's type.
    type Item: Deserialize<'de>;
    /// Takes the next element; `false`: it breaks a rule.
    fn learn(&mut self, item: Self::Item) -> bool;
}

impl<'de, S: Learn<'de>> Deserialize<'de> for Seq<S> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<S>(PhantomData<S>);
        impl<'de, S: Learn<'de>> Visitor<'de> for V<S> {
            type Value = Seq<S>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a list")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Seq<S>, A::Error> {
                let mut state = S::default();
                while let Some(item) = seq.next_element::<S::Item>()? {
                    if !state.learn(item) {
                        return Err(serde::de::Error::custom("look closer"));
                    }
                }
                Ok(Seq(state))
            }
        }
        d.deserialize_seq(V(PhantomData))
    }
}

impl<S: Default> Default for Seq<S> {
    fn default() -> Self {
        Seq(S::default())
    }
}

/// The income history, kept (a few years) for the rules of [`super::rules::income_history_rules`].
#[derive(Default)]
struct Incomes(Vec<IncomeYear>);

impl Learn<'_> for Incomes {
    type Item = IncomeYear;
    fn learn(&mut self, y: IncomeYear) -> bool {
        self.0.push(y);
        true
    }
}

/// The other causes, as a set of their places in [`Cause::ALL`].
#[derive(Default)]
struct CauseSet(u32);

impl CauseSet {
    fn bit(c: Cause) -> u32 {
        Cause::ALL
            .iter()
            .position(|a| *a == c)
            .map_or(0, |i| 1 << i)
    }
}

impl Learn<'_> for CauseSet {
    type Item = CauseView;
    fn learn(&mut self, c: CauseView) -> bool {
        self.0 |= CauseSet::bit(c.0);
        true
    }
}

/// The status history: in order of date, each note within 500 characters; what the rules
/// that need other fields (today, the year identified, the status) look at.
#[derive(Default)]
struct History {
    /// The last (and latest) date.
    last: Option<NaiveDate>,
    /// The last status.
    status: Option<HouseholdStatus>,
    /// The earliest year of an exit.
    first_exit: Option<i32>,
}

impl<'de> Learn<'de> for History {
    type Item = StatusChangeView<'de>;
    fn learn(&mut self, change: StatusChangeView<'de>) -> bool {
        let date = change.date.0;
        if self.last.is_some_and(|p| date < p)
            || change.note.as_ref().is_some_and(|n| !n.fits(0, 500))
        {
            return false;
        }
        if change.status == HouseholdStatus::Exited {
            let year = date.year();
            self.first_exit = Some(self.first_exit.map_or(year, |y| y.min(year)));
        }
        self.last = Some(date);
        self.status = Some(change.status);
        true
    }
}

/// The measures: each of a plausible year, its description within 500 characters.
#[derive(Default)]
struct Measures;

impl<'de> Learn<'de> for Measures {
    type Item = MeasureView<'de>;
    fn learn(&mut self, m: MeasureView<'de>) -> bool {
        (2013..=2100).contains(&m.year) && m.description.fits(0, 500)
    }
}

/// Members a clean record may have.
const MAX_MEMBERS: usize = 30;

/// The members: each clean on its own (name, grades, months, ID number against birth date
/// and sex, no ID number twice), at most [`MAX_MEMBERS`]; their ID numbers in member order
/// and what the rules that need other fields look at.
struct Members {
    count: usize,
    householders: usize,
    /// The latest of the birth dates (given, or of an ID number): not after today.
    latest: Option<NaiveDate>,
    ids: [Option<IdNumber>; MAX_MEMBERS],
}

impl Default for Members {
    fn default() -> Self {
        Members {
            count: 0,
            householders: 0,
            latest: None,
            ids: std::array::from_fn(|_| None),
        }
    }
}

impl Members {
    /// The members' ID numbers, in member order.
    fn ids(&self) -> &[Option<IdNumber>] {
        self.ids.get(..self.count).unwrap_or_default()
    }
}

impl<'de> Learn<'de> for Members {
    type Item = Obj<MemberView<'de>>;
    fn learn(&mut self, Obj(m): Obj<MemberView<'de>>) -> bool {
        let ok = self.count < MAX_MEMBERS
            && m.name.filled(50)
            && m.disability_grade.is_none_or(|g| (1..=4).contains(&g))
            && m.migrant_months.is_none_or(|n| n <= 12)
            && m.id_number.as_ref().is_none_or(|id| {
                m.birth_date.as_ref().is_none_or(|b| b.0 == id.birth_date())
                    && id.sex() == m.sex
                    && !self
                        .ids()
                        .iter()
                        .flatten()
                        .any(|other| other.raw() == id.raw())
            });
        if !ok {
            return false;
        }
        let dates = [
            m.birth_date.as_ref().map(|b| b.0),
            m.id_number.as_ref().map(IdNumber::birth_date),
        ];
        for date in dates.into_iter().flatten() {
            self.latest = Some(self.latest.map_or(date, |l| l.max(date)));
        }
        self.householders += usize::from(m.relation == Relation::Householder);
        if let Some(slot) = self.ids.get_mut(self.count) {
            *slot = m.id_number;
        }
        self.count += 1;
        true
    }
}

/// [`super::StatusChange`], its note borrowed.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StatusChangeView<'a> {
    date: Day,
    status: HouseholdStatus,
    #[serde(default, borrow)]
    note: Option<Text<'a>>,
}

/// [`super::Measure`], its description borrowed.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MeasureView<'a> {
    #[serde(rename = "kind")]
    _kind: MeasureKind,
    #[serde(default, rename = "project")]
    _project: Option<ProjectKey>,
    year: u16,
    #[serde(default, borrow)]
    description: Text<'a>,
}

/// [`super::HelperCadre`], borrowed.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HelperView<'a> {
    #[serde(borrow)]
    name: Text<'a>,
    #[serde(borrow)]
    unit: Text<'a>,
    #[serde(default, borrow)]
    phone: Option<Text<'a>>,
}

/// [`super::Member`], its name borrowed.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MemberView<'a> {
    #[serde(default, rename = "id")]
    _id: uuid::Uuid,
    #[serde(borrow)]
    name: Text<'a>,
    relation: Relation,
    #[serde(default)]
    id_number: Option<IdNumber>,
    sex: Sex,
    #[serde(default)]
    birth_date: Option<Day>,
    #[serde(default, rename = "education")]
    _education: Option<Education>,
    #[serde(default, rename = "school")]
    _school: Option<SchoolStage>,
    #[serde(default, rename = "health")]
    _health: Option<Health>,
    #[serde(default)]
    disability_grade: Option<u8>,
    #[serde(default, rename = "labour")]
    _labour: Option<LabourSkill>,
    #[serde(default)]
    migrant_months: Option<u8>,
    #[serde(default, rename = "insurance")]
    _insurance: Insurance,
}

/// [`super::Household`], its text borrowed.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HouseholdView<'a> {
    #[serde(default, rename = "id")]
    _id: uuid::Uuid,
    #[serde(borrow)]
    file_number: Text<'a>,
    village: RegionCode,
    identified_year: u16,
    status: HouseholdStatus,
    #[serde(default)]
    status_history: Seq<History>,
    #[serde(default)]
    income_per_capita: Option<Yuan>,
    #[serde(default)]
    income: IncomeComponents,
    #[serde(default)]
    income_history: Seq<Incomes>,
    main_cause: CauseView,
    #[serde(default)]
    other_causes: Seq<CauseSet>,
    #[serde(default, rename = "guarantees")]
    _guarantees: Guarantees,
    #[serde(default, rename = "network")]
    _network: NetworkAccess,
    #[serde(default, borrow)]
    helper: Option<Obj<HelperView<'a>>>,
    #[serde(default, rename = "measures")]
    _measures: Seq<Measures>,
    members: Seq<Members>,
}

/// A record the fast path accepts: its members' ID numbers (in member order) and the keys
/// of the check of households given twice.
pub(crate) struct Clean {
    /// The members' ID numbers, in member order.
    members: Members,
    /// Village, file number and members as [`super::DuplicateCheck`] knows them.
    pub(crate) keys: HouseholdKeys,
    /// The file number as written (named should the household prove given twice at the
    /// end: [`super::late`]).
    pub(crate) number: String,
}

impl Clean {
    /// The members' ID numbers, in member order.
    pub(crate) fn ids(&self) -> &[Option<IdNumber>] {
        self.members.ids()
    }
}

/// Why the fast path did not accept a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Miss {
    /// Not read here: not UTF-8, not JSON, a value of another type or shape than the
    /// record's, or a rule of one list element broken (or not decided) as it was read.
    Unread,
    /// Read whole — an object where the thorough path wants one, every field of the
    /// record's own type, no key twice — but a rule that spans fields is broken (or not
    /// decided here). Such a record is shaped as [`super::Household::from_value`] takes it,
    /// so serde's derive of [`super::Household`] reads it from the text as that does from
    /// the JSON tree ([`super::check`] skips the tree for it).
    Broken,
}

/// The record when it breaks no rule as of `today`; else why not ([`Miss`]).
pub(crate) fn clean_json(text: &str, today: NaiveDate) -> Result<Clean, Miss> {
    clean_bytes(text.as_bytes(), today)
}

/// As [`clean_json`], from bytes not yet known to be UTF-8 (a record that is not is left
/// to the thorough path).
pub(crate) fn clean_bytes(text: &[u8], today: NaiveDate) -> Result<Clean, Miss> {
    // the whole record checked as UTF-8 at once (vectorised), not string by string
    let text = simdutf8::basic::from_utf8(text).map_err(|_| Miss::Unread)?;
    // the common record by the quicker reader; serde_json for what it leaves (escapes),
    // not for what the record's types rejected (serde_json would reject it too)
    let view = match super::scan::read::<Obj<HouseholdView<'_>>>(text) {
        Ok(Obj(view)) => view,
        Err(super::scan::Refused::Rejected) => return Err(Miss::Unread),
        Err(super::scan::Refused::Syntax) => {
            serde_json::from_str::<Obj<HouseholdView<'_>>>(text)
                .map_err(|_| Miss::Unread)?
                .0
        }
    };
    clean(view, today).ok_or(Miss::Broken)
}

/// As [`clean_json`], from a parsed value (a Python dict or a JS object).
pub(crate) fn clean_value(value: &serde_json::Value, today: NaiveDate) -> Result<Clean, Miss> {
    let view = Obj::<HouseholdView<'_>>::deserialize(value)
        .map_err(|_| Miss::Unread)?
        .0;
    clean(view, today).ok_or(Miss::Broken)
}

/// The rules of [`super::rules::validate`] as predicates (`true`: certainly holds); those
/// of one element of a list were checked as it was read ([`Learn`]).
fn clean(h: HouseholdView<'_>, today: NaiveDate) -> Option<Clean> {
    let year_ok = |y: u16| (2013..=2100).contains(&y);
    let members = &h.members.0;
    let history = &h.status_history.0;
    let household = h.file_number.filled(40)
        && year_ok(h.identified_year)
        && i32::from(h.identified_year) <= today.year()
        && h.village.level() == Level::Village
        && (h.main_cause.0 == Cause::Other
            || h.other_causes.0.0 & CauseSet::bit(h.main_cause.0) == 0)
        && {
            let mut issues = Vec::new();
            super::rules::income_history_rules(&h.income_history.0.0, today, &mut issues);
            issues.is_empty()
        }
        && h.helper.as_ref().is_none_or(|Obj(c)| {
            c.name.filled(50)
                && c.unit.filled(100)
                && c.phone
                    .as_ref()
                    .is_none_or(|p| super::personal::plausible_phone(&p.0))
        })
        && history.last.is_none_or(|d| d <= today)
        && history
            .first_exit
            .is_none_or(|y| y >= i32::from(h.identified_year))
        && history.status.is_none_or(|s| s == h.status)
        && (1..=MAX_MEMBERS).contains(&members.count)
        && members.householders == 1
        && members.latest.is_none_or(|d| d <= today);
    if !(household && income_clean(&h)) {
        return None;
    }
    let keys = HouseholdKeys::new(h.village, &h.file_number.0, members.ids().iter().flatten());
    Some(Clean {
        members: h.members.0,
        keys,
        number: h.file_number.0.into_owned(),
    })
}

fn income_clean(h: &HouseholdView<'_>) -> bool {
    let not_negative = |v: Option<Yuan>| v.is_none_or(|v| !v.is_negative());
    let i = &h.income;
    not_negative(h.income_per_capita)
        && not_negative(i.wages)
        && not_negative(i.property)
        && not_negative(i.transfers)
        && super::rules::income_mismatch(i, h.income_per_capita, h.members.0.count).is_none()
}
