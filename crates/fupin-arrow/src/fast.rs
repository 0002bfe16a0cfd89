//! A columnar fast path for clean batches of the register: each column is downcast once and
//! read in a tight loop (village codes of sorted registers are parsed once per run). As soon
//! as a cell is anything but clean — a null where a value is required, an unparsable code
//! or status, an out-of-range size, an unusual column type — the whole batch goes through
//! the general, cell-by-cell path instead, which reports every problem. Both paths give the
//! same results on clean data (tested).

use arrow_array::cast::AsArray;
use arrow_array::types::{Float64Type, Int32Type, Int64Type, UInt8Type, UInt16Type, UInt32Type};
use arrow_array::{Array, ArrayRef, BooleanArray, RecordBatch};
use arrow_schema::DataType;
use fupin_core::assess::{HouseholdFields, HouseholdSummary, RowReport, TallyStream, flags_of};
use fupin_core::household::HouseholdStatus;
use fupin_core::{RegionCode, Yuan};

use crate::columns::ColumnMap;
use crate::error::ArrowError;

fn col<'a>(batch: &'a RecordBatch, map: &ColumnMap, field: &str) -> Option<&'a ArrayRef> {
    map.find(&batch.schema(), field)
        .and_then(|i| batch.columns().get(i))
}

/// Text of row `i` of a string column (any of the three layouts).
fn strings<'a>(a: &'a ArrayRef) -> Option<Box<dyn Fn(usize) -> &'a str + 'a>> {
    match a.data_type() {
        DataType::Utf8 => {
            let s = a.as_string::<i32>();
            Some(Box::new(move |i| s.value(i)))
        }
        DataType::LargeUtf8 => {
            let s = a.as_string::<i64>();
            Some(Box::new(move |i| s.value(i)))
        }
        DataType::Utf8View => {
            let s = a.as_string_view();
            Some(Box::new(move |i| s.value(i)))
        }
        _ => None,
    }
}

/// A 12-digit code as a number, or `None` (then the general path reports it).
fn digits12(s: &str) -> Option<u64> {
    let b = s.as_bytes();
    if b.len() != 12 {
        return None;
    }
    b.iter().try_fold(0u64, |acc, d| {
        d.is_ascii_digit().then(|| acc * 10 + u64::from(d - b'0'))
    })
}

fn villages(a: &ArrayRef, n: usize) -> Option<Vec<u64>> {
    if a.null_count() > 0 {
        return None;
    }
    if let Some(text) = strings(a) {
        let mut out = Vec::with_capacity(n);
        let mut last: (&str, u64) = ("", 0);
        for i in 0..n {
            let s = text(i);
            if s != last.0 {
                last = (s, digits12(s.trim())?);
            }
            out.push(last.1);
        }
        return Some(out);
    }
    match a.data_type() {
        DataType::Int64 => a
            .as_primitive::<Int64Type>()
            .values()
            .iter()
            .map(|v| u64::try_from(*v).ok())
            .collect(),
        _ => None,
    }
}

fn people(a: Option<&ArrayRef>, n: usize) -> Option<Vec<u16>> {
    let Some(a) = a else { return Some(vec![1; n]) };
    if a.null_count() > 0 {
        return None;
    }
    let ok = |v: i64| {
        (1..=100)
            .contains(&v)
            .then(|| u16::try_from(v).ok())
            .flatten()
    };
    match a.data_type() {
        DataType::Int64 => a
            .as_primitive::<Int64Type>()
            .values()
            .iter()
            .map(|v| ok(*v))
            .collect(),
        DataType::Int32 => a
            .as_primitive::<Int32Type>()
            .values()
            .iter()
            .map(|v| ok(i64::from(*v)))
            .collect(),
        DataType::UInt8 => a
            .as_primitive::<UInt8Type>()
            .values()
            .iter()
            .map(|v| ok(i64::from(*v)))
            .collect(),
        DataType::UInt16 => a
            .as_primitive::<UInt16Type>()
            .values()
            .iter()
            .map(|v| ok(i64::from(*v)))
            .collect(),
        DataType::UInt32 => a
            .as_primitive::<UInt32Type>()
            .values()
            .iter()
            .map(|v| ok(i64::from(*v)))
            .collect(),
        _ => None,
    }
}

fn statuses(a: Option<&ArrayRef>, n: usize) -> Option<Vec<Option<HouseholdStatus>>> {
    let Some(a) = a else {
        return Some(vec![None; n]);
    };
    if a.null_count() > 0 {
        return None;
    }
    let text = strings(a)?;
    let mut out = Vec::with_capacity(n);
    let mut last: (&str, Option<HouseholdStatus>) = ("\u{0}", None);
    for i in 0..n {
        let s = text(i);
        if s != last.0 {
            last = (s, Some(HouseholdStatus::parse_label(s)?));
        }
        out.push(last.1);
    }
    Some(out)
}

enum Flags<'a> {
    Absent,
    Bool(&'a BooleanArray),
}

fn flags(a: Option<&ArrayRef>) -> Option<Flags<'_>> {
    match a {
        None => Some(Flags::Absent),
        Some(a) if *a.data_type() == DataType::Boolean => Some(Flags::Bool(a.as_boolean())),
        Some(_) => None,
    }
}

impl Flags<'_> {
    #[inline]
    fn get(&self, i: usize) -> Option<bool> {
        match self {
            Flags::Absent => None,
            Flags::Bool(b) => b.is_valid(i).then(|| b.value(i)),
        }
    }
}

fn incomes(a: Option<&ArrayRef>, n: usize) -> Option<Vec<Option<Yuan>>> {
    let Some(a) = a else {
        return Some(vec![None; n]);
    };
    match a.data_type() {
        DataType::Float64 => {
            let f = a.as_primitive::<Float64Type>();
            (0..n)
                .map(|i| {
                    if f.is_valid(i) {
                        Yuan::from_f64(f.value(i)).ok().map(Some)
                    } else {
                        Some(None)
                    }
                })
                .collect()
        }
        DataType::Int64 => {
            let f = a.as_primitive::<Int64Type>();
            Some(
                (0..n)
                    .map(|i| f.is_valid(i).then(|| Yuan::from_yuan(f.value(i))))
                    .collect(),
            )
        }
        DataType::Int32 => {
            let f = a.as_primitive::<Int32Type>();
            Some(
                (0..n)
                    .map(|i| {
                        f.is_valid(i)
                            .then(|| Yuan::from_yuan(i64::from(f.value(i))))
                    })
                    .collect(),
            )
        }
        _ => None,
    }
}

/// The summaries of a clean batch, or `None` when any cell needs the general path.
fn read(batch: &RecordBatch, map: &ColumnMap, line: Option<Yuan>) -> Option<Vec<HouseholdSummary>> {
    let n = batch.num_rows();
    let v = villages(col(batch, map, "village")?, n)?;
    let p = people(col(batch, map, "people"), n)?;
    let s = statuses(col(batch, map, "status"), n)?;
    let terminal = flags(col(batch, map, "terminal"))?;
    let ecommerce = flags(col(batch, map, "ecommerce"))?;
    let training = flags(col(batch, map, "online_training"))?;
    let file = flags(col(batch, map, "file_complete"))?;
    let guarantees = flags(col(batch, map, "guarantees_met"))?;
    let income = incomes(col(batch, map, "income_per_capita"), n)?;
    let mut out = Vec::with_capacity(n);
    let mut last: Option<(u64, RegionCode)> = None;
    for i in 0..n {
        let code = *v.get(i)?;
        let village = match last {
            Some((c, r)) if c == code => r,
            _ => {
                let r = RegionCode::from_u64(code).ok()?;
                last = Some((code, r));
                r
            }
        };
        let mut f = HouseholdFields::new(*p.get(i)?, HouseholdStatus::Poor);
        f.status = *s.get(i)?;
        f.terminal = terminal.get(i);
        f.ecommerce = ecommerce.get(i);
        f.online_training = training.get(i);
        f.file_complete = file.get(i).unwrap_or(false);
        f.income_per_capita = *income.get(i)?;
        f.guarantees_met = guarantees.get(i);
        out.push(HouseholdSummary {
            village,
            people: f.people,
            flags: flags_of(&f, line),
        });
    }
    Some(out)
}

/// Counts the households of a batch into a stream: the columnar fast path when the batch is
/// clean, else [`push_households`](crate::push_households) (same results, every problem
/// reported).
pub fn push_households_fast(
    stream: &mut TallyStream,
    batch: &RecordBatch,
    map: &ColumnMap,
    row_offset: usize,
) -> Result<RowReport, ArrowError> {
    match read(batch, map, stream.poverty_line()) {
        Some(rows) => {
            let mut report = stream.push_summaries(&rows);
            // rows the core refused (e.g. a township code): number them by input row
            for issue in &mut report.rejected.0 {
                issue.path = issue.path.map_first_index(|j| row_offset + j);
            }
            Ok(report)
        }
        None => crate::push_households(stream, batch, map, row_offset),
    }
}
