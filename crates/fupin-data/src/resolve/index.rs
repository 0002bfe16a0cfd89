//! Name indexes, built once per vintage on first use.

use std::sync::OnceLock;

use fupin_core::region::RegionCode;

use super::short::short_forms;
use crate::Vintage;
use crate::division::{self, Division};
use crate::generated::changes::EVENTS;

/// Whether a key is a unit's full name or one of its short forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum KeyKind {
    Exact,
    Short,
}

/// The names of one vintage's units.
#[derive(Debug)]
pub(crate) struct NameIndex {
    /// `(key, kind, unit)` sorted: full names and short forms.
    keys: Vec<(String, KeyKind, Division)>,
    /// `(full name, unit)` sorted, for prefix look-ups.
    names: Vec<(&'static str, Division)>,
}

impl NameIndex {
    fn build(vintage: Vintage) -> NameIndex {
        let mut keys = Vec::new();
        let mut names = Vec::new();
        for d in division::divisions(vintage).filter(|d| !d.is_grouping) {
            names.push((d.name, d));
            keys.push((d.name.to_owned(), KeyKind::Exact, d));
            for s in short_forms(d.name, d.code) {
                keys.push((s, KeyKind::Short, d));
            }
        }
        keys.sort_by(|a, b| (&a.0, a.1, a.2.code).cmp(&(&b.0, b.1, b.2.code)));
        names.sort_by_key(|(n, d)| (*n, d.code));
        NameIndex { keys, names }
    }

    /// The units having `key` as full name or short form.
    pub(crate) fn lookup<'a>(
        &'a self,
        key: &'a str,
    ) -> impl Iterator<Item = (KeyKind, Division)> + 'a {
        let start = self.keys.partition_point(|(k, _, _)| k.as_str() < key);
        self.keys
            .get(start..)
            .unwrap_or_default()
            .iter()
            .take_while(move |(k, _, _)| k == key)
            .map(|(_, kind, d)| (*kind, *d))
    }

    /// The units whose full name starts with `prefix` and is longer than it.
    pub(crate) fn starting_with<'a>(
        &'a self,
        prefix: &'a str,
    ) -> impl Iterator<Item = Division> + 'a {
        let start = self.names.partition_point(|(n, _)| *n < prefix);
        self.names
            .get(start..)
            .unwrap_or_default()
            .iter()
            .take_while(move |(n, _)| n.starts_with(prefix))
            .filter(move |(n, _)| *n != prefix)
            .map(|(_, d)| *d)
    }
}

/// The name index of `vintage`.
pub(crate) fn names(vintage: Vintage) -> &'static NameIndex {
    static BUILT: [OnceLock<NameIndex>; Vintage::ALL.len()] =
        [const { OnceLock::new() }; Vintage::ALL.len()];
    static EMPTY: NameIndex = NameIndex {
        keys: Vec::new(),
        names: Vec::new(),
    };
    BUILT.get(vintage.index()).map_or(&EMPTY, |slot| {
        slot.get_or_init(|| NameIndex::build(vintage))
    })
}

/// `(old name or its short form, kind, event index)` sorted, over succession events whose
/// old side has both a code and a name.
fn old_names() -> &'static [(String, KeyKind, usize)] {
    static INDEX: OnceLock<Vec<(String, KeyKind, usize)>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut out = Vec::new();
        for (i, e) in EVENTS.iter().enumerate() {
            if e.old_name.is_empty() || !e.kind.is_succession() {
                continue;
            }
            let Ok(code) = RegionCode::from_gb2260(e.old_code) else {
                continue;
            };
            out.push((e.old_name.to_owned(), KeyKind::Exact, i));
            for s in short_forms(e.old_name, code) {
                out.push((s, KeyKind::Short, i));
            }
        }
        out.sort();
        out.dedup();
        out
    })
}

/// Indexes of the events whose old name (`Exact`), or a short form of it (`Short`), is
/// `key`.
pub(crate) fn events_named(key: &str) -> impl Iterator<Item = (KeyKind, usize)> + '_ {
    let index = old_names();
    let start = index.partition_point(|(k, _, _)| k.as_str() < key);
    index
        .get(start..)
        .unwrap_or_default()
        .iter()
        .take_while(move |(k, _, _)| k == key)
        .map(|(_, kind, i)| (*kind, *i))
}
