//! The register's columns decoded straight from a row group's Parquet pages, for
//! [`push_parquet`](crate::push_parquet): yes/no columns land as 64-row bit words, the
//! other columns as one dictionary index per row (each distinct village code, status,
//! member count parsed once), with no Arrow arrays in between.
//!
//! This reads the layouts Parquet writers use for a flat register — PLAIN or dictionary
//! (`RLE_DICTIONARY`, `PLAIN_DICTIONARY`) values, yes/no values PLAIN or `RLE`, data pages
//! v1 and v2, columns required or optional — and answers `None` for anything else (nested
//! or repeated columns, other encodings, a malformed page). `None` is never an error: the
//! row group then goes through the Arrow reader, which reports every problem; a row group
//! whose cells are not all clean goes that way too. Both ways give the same counts
//! (tested, and compared on every input by the `parquet` fuzz target).

mod columns;
mod group;
mod hybrid;
mod numbers;
mod page;
mod plain;

pub(crate) use group::Group;
pub(crate) use numbers::sorted_runs;

use arrow_schema::{DataType, Schema};
use parquet::basic::Type as Physical;
use parquet::file::metadata::{ParquetMetaData, RowGroupMetaData};

use columns::{Keyed, keyed};
use plain::Raw;

use crate::columns::ColumnMap;

/// The most rows of a row group decoded here (its columns take about 16 bytes a row).
pub(crate) const MAX_GROUP_ROWS: usize = 1 << 23;

/// A null cell's index.
pub(crate) const NULL: u32 = u32::MAX;

/// Which leaf column holds each field (`None`: the file has no such column).
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    pub(crate) village: usize,
    pub(crate) people: Option<usize>,
    pub(crate) status: Option<usize>,
    /// The yes/no fields, in the order of [`FLAG_FIELDS`](crate::fast::FLAG_FIELDS).
    pub(crate) flags: [Option<usize>; 5],
    pub(crate) income: Option<usize>,
    /// The household file numbers, when a flat text column (`None` also when the file has
    /// one of another kind: its fingerprints are then read through the Arrow reader).
    pub(crate) file_number: Option<usize>,
}

fn text(d: &DataType, p: Physical) -> bool {
    matches!(d, DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View)
        && p == Physical::BYTE_ARRAY
}

fn whole(d: &DataType, p: Physical) -> bool {
    matches!(
        (d, p),
        (DataType::Int64, Physical::INT64) | (DataType::Int32, Physical::INT32)
    )
}

/// A member count: any integer type (narrow and unsigned ones as writers store them, in
/// INT32 or INT64). An unsigned value beyond the signed range reads as negative, which is
/// not a clean count: its row group goes through the Arrow reader, as any count outside
/// the core's household size (`HOUSEHOLD_SIZE`) does.
fn count(d: &DataType, p: Physical) -> bool {
    match p {
        Physical::INT32 => matches!(
            d,
            DataType::Int8
                | DataType::Int16
                | DataType::Int32
                | DataType::UInt8
                | DataType::UInt16
                | DataType::UInt32
        ),
        Physical::INT64 => matches!(d, DataType::Int64 | DataType::UInt64),
        _ => false,
    }
}

fn yes_no(d: &DataType, p: Physical) -> bool {
    *d == DataType::Boolean && p == Physical::BOOLEAN
}

fn amount(d: &DataType, p: Physical) -> bool {
    whole(d, p) || (*d == DataType::Float64 && p == Physical::DOUBLE)
}

/// The plan for a file whose Arrow schema (read from its Parquet schema) is `schema`, or
/// `None` when a column fupin reads is not a flat column of a type read here.
pub(crate) fn plan(meta: &ParquetMetaData, schema: &Schema, map: &ColumnMap) -> Option<Plan> {
    let descr = meta.file_metadata().schema_descr();
    if descr.num_columns() != schema.fields().len() {
        return None;
    }
    // Some(None): no such column; None: a column that is not read here
    let leaf = |field: &str, ok: fn(&DataType, Physical) -> bool| -> Option<Option<usize>> {
        let Some(i) = map.find(schema, field) else {
            return Some(None);
        };
        let col = descr.columns().get(i)?;
        let f = schema.fields().get(i)?;
        let flat = col.max_rep_level() == 0
            && col.max_def_level() <= 1
            && col.path().parts().len() == 1
            && col.name() == f.name();
        (flat && ok(f.data_type(), col.physical_type())).then_some(Some(i))
    };
    let mut flags = [None; 5];
    for (slot, field) in flags.iter_mut().zip(crate::fast::FLAG_FIELDS) {
        *slot = leaf(field, yes_no)?;
    }
    Some(Plan {
        village: leaf("village", text)??,
        people: leaf("people", count)?,
        status: leaf("status", text)?,
        flags,
        income: leaf("income_per_capita", amount)?,
        file_number: leaf("file_number", text).flatten(),
    })
}

/// Text of a byte-array value; `Err(())` when it is not UTF-8 (the Arrow reader refuses
/// such a column whole, so this row group goes its way).
fn utf8(raw: Raw<'_>) -> Result<&str, ()> {
    match raw {
        Raw::Bytes(b) => std::str::from_utf8(b).map_err(drop),
        _ => Err(()),
    }
}

/// A column read with a parse that may refuse the whole column.
fn keyed_checked<T>(
    file: &std::sync::Arc<std::fs::File>,
    group: &RowGroupMetaData,
    i: usize,
    parse: impl Fn(Raw<'_>) -> Result<T, ()>,
) -> Option<Keyed<T>> {
    let failed = std::cell::Cell::new(false);
    let column = keyed(file, group, i, |raw| {
        parse(raw).map_err(|()| failed.set(true)).ok()
    })?;
    if failed.get() {
        return None;
    }
    Some(Keyed {
        dict: column.dict.into_iter().flatten().collect(),
        keys: column.keys,
        valid: column.valid,
    })
}

/// `dict[k]` for each key, `missing` for a key beyond it (a null).
fn gather<T: Copy>(keys: &[u32], dict: &[T], missing: T) -> Vec<T> {
    keys.iter()
        .map(|k| dict.get(*k as usize).copied().unwrap_or(missing))
        .collect()
}

/// The village column of a row group: per distinct value its code (`None`: not a village
/// code) and the [`fingerprint`](fupin_core::household::fingerprint) of its trimmed text
/// (the key of the check of households given twice), per row the index of its value
/// ([`NULL`]: null); `None` when not read here (too many rows, not UTF-8, …).
pub(crate) type Villages = Keyed<(Option<fupin_core::region::RegionCode>, u64)>;

/// Reads the village column of a row group (see [`Villages`]).
pub(crate) fn villages(
    file: &std::sync::Arc<std::fs::File>,
    group: &RowGroupMetaData,
    plan: &Plan,
) -> Option<Villages> {
    let n = usize::try_from(group.num_rows()).ok()?;
    // a row group is decoded whole: one larger than this (writers make about a million
    // rows) goes through the Arrow reader, which reads it in batches
    if n > MAX_GROUP_ROWS {
        return None;
    }
    // each distinct value parsed and fingerprinted once
    keyed_checked(file, group, plan.village, |raw| {
        utf8(raw).map(|s| {
            (
                crate::fast::code_of(s),
                fupin_core::household::fingerprint_bytes(s.trim().as_bytes()),
            )
        })
    })
}

/// The [`fingerprint`](fupin_core::household::fingerprint) of the file number of every
/// row of a row group (0: null or blank, not checked), decoded from the pages of column
/// `i` (PLAIN or dictionary byte arrays: each distinct value of a dictionary fingerprinted
/// once) into `out` (a spare buffer), or `None` when not read here (the Arrow reader then
/// reads the column).
pub(crate) fn file_numbers(
    file: &std::sync::Arc<std::fs::File>,
    group: &RowGroupMetaData,
    i: usize,
    out: Vec<u64>,
) -> Option<Vec<u64>> {
    let n = usize::try_from(group.num_rows()).ok()?;
    if n > MAX_GROUP_ROWS {
        return None;
    }
    columns::text_values(
        file,
        group,
        i,
        |t| {
            let t = trimmed(t);
            if t.is_empty() {
                0
            } else {
                fupin_core::household::fingerprint_bytes(t.as_bytes())
            }
        },
        out,
    )
}

/// `t` trimmed as [`str::trim`] trims it, without its search when `t` begins and ends with
/// a printable ASCII character (the usual file number): white space is either ASCII
/// (space, tab to carriage return) or begins and ends with bytes of 0x80 and above.
fn trimmed(t: &str) -> &str {
    let plain = |b: Option<&u8>| b.is_some_and(|b| (0x21..0x80).contains(b));
    let b = t.as_bytes();
    if plain(b.first()) && plain(b.last()) {
        t
    } else {
        t.trim()
    }
}

/// Counts row group `g` of a file into `stream` from its pages, rows numbered from
/// `first_row`, or `None` when the row group is not read here (see the module's docs):
/// nothing is counted then.
pub(crate) fn count_group(
    stream: &mut fupin_core::assess::TallyStream,
    file: &std::sync::Arc<std::fs::File>,
    group: &RowGroupMetaData,
    plan: &Plan,
    first_row: usize,
) -> Option<fupin_core::assess::RowReport> {
    let village = villages(file, group, plan)?;
    count_group_from(stream, file, group, plan, first_row, village)
}

/// [`count_group`] with its village column read already (by [`villages`]).
pub(crate) fn count_group_from(
    stream: &mut fupin_core::assess::TallyStream,
    file: &std::sync::Arc<std::fs::File>,
    group: &RowGroupMetaData,
    plan: &Plan,
    first_row: usize,
    village: Villages,
) -> Option<fupin_core::assess::RowReport> {
    let decoded = Group::decode(file, group, plan, village)?;
    // a row the core cannot read (an invalid income): the Arrow path reports it
    let report = stream.push_households(decoded.households()).ok();
    decoded.recycle();
    let mut report = report?;
    for issue in &mut report.rejected.0 {
        issue.path = issue.path.map_first_index(|j| first_row + j);
    }
    Some(report)
}
