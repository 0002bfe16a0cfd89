//! A columnar fast path for clean batches of the register: each column is downcast once and
//! read in a tight loop (village codes of sorted registers are parsed once per run). As soon
//! as a cell is anything but clean — a null where a value is required, an unparsable code
//! or status, an out-of-range size, an unusual column type — the whole batch goes through
//! the general, cell-by-cell path instead, which reports every problem. Both paths give the
//! same results on clean data (tested).

use arrow_array::cast::AsArray;
use arrow_array::types::{Float64Type, Int32Type, Int64Type, UInt8Type, UInt16Type, UInt32Type};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::DataType;
use fupin_core::assess::{
    BitColumn, Dataset, FieldColumns, HOUSEHOLD_SIZE, Households, IncomeColumn, IncomeValues,
    RowReport, TallyStream,
};

use crate::columns::ColumnMap;
use crate::error::ArrowError;

mod text;

pub(crate) use text::code_of;
use text::{Coded, statuses, villages};

/// The yes/no fields, in the order every reader keeps them ([`set_flags`]).
pub(crate) const FLAG_FIELDS: [&str; 5] = [
    "terminal",
    "ecommerce",
    "online_training",
    "file_complete",
    "guarantees_met",
];

/// Sets the yes/no columns of `cols`, given in the order of [`FLAG_FIELDS`] (one place
/// for that order: a swap would move one indicator's counts into another's).
pub(crate) fn set_flags<'a>(cols: &mut FieldColumns<'a>, flags: [Option<BitColumn<'a>>; 5]) {
    let [
        terminal,
        ecommerce,
        online_training,
        file_complete,
        guarantees_met,
    ] = flags;
    cols.terminal = terminal;
    cols.ecommerce = ecommerce;
    cols.online_training = online_training;
    cols.file_complete = file_complete;
    cols.guarantees_met = guarantees_met;
}

fn col<'a>(batch: &'a RecordBatch, map: &ColumnMap, field: &str) -> Option<&'a ArrayRef> {
    map.find(&batch.schema(), field)
        .and_then(|i| batch.columns().get(i))
}

fn people(a: Option<&ArrayRef>, n: usize) -> Option<Vec<u16>> {
    let mut out = crate::spare::take_u16s();
    let Some(a) = a else {
        out.resize(n, 1);
        return Some(out);
    };
    let ok = (a.len() >= n && a.null_count() == 0)
        && match a.data_type() {
            DataType::Int64 => sizes(&mut out, a.as_primitive::<Int64Type>().values(), n),
            DataType::Int32 => sizes(&mut out, a.as_primitive::<Int32Type>().values(), n),
            DataType::UInt8 => sizes(&mut out, a.as_primitive::<UInt8Type>().values(), n),
            DataType::UInt16 => sizes(&mut out, a.as_primitive::<UInt16Type>().values(), n),
            DataType::UInt32 => sizes(&mut out, a.as_primitive::<UInt32Type>().values(), n),
            _ => false,
        };
    if ok {
        Some(out)
    } else {
        crate::spare::give_u16s(out);
        None
    }
}

/// Appends the first `n` member counts to `out`: `false` when one is outside the core's
/// [`HOUSEHOLD_SIZE`].
fn sizes<T: Copy + Into<i64>>(out: &mut Vec<u16>, values: &[T], n: usize) -> bool {
    let values = values.get(..n).unwrap_or(values);
    // checked in one pass (without stopping early, so that it runs on vectors) against
    // the core's household size, then converted (it fits in 16 bits)
    let (low, high) = (
        i64::from(*HOUSEHOLD_SIZE.start()),
        i64::from(*HOUSEHOLD_SIZE.end()),
    );
    if !values
        .iter()
        .fold(true, |ok, v| ok & (low..=high).contains(&(*v).into()))
    {
        return false;
    }
    out.extend(
        values
            .iter()
            .map(|v| u16::try_from((*v).into()).unwrap_or(0)),
    );
    true
}

/// A yes/no column as 64-row words from row 0: the values, and the validity (`None`: every
/// row recorded).
type Words = (Vec<u64>, Option<Vec<u64>>);

/// An income column and its validity words.
type Income<'a> = (&'a ArrayRef, Option<Vec<u64>>);

/// A buffer of bits as 64-row words starting at row 0, in a buffer from this thread's
/// spares.
fn bit_words(words: impl Iterator<Item = u64>) -> Vec<u64> {
    let mut out = crate::spare::take_words();
    out.extend(words);
    out
}

/// A yes/no column as words.
fn words(b: &arrow_array::BooleanArray) -> Words {
    let values = bit_words(b.values().bit_chunks().iter_padded());
    let valid = b
        .nulls()
        .filter(|n| n.null_count() > 0)
        .map(|n| bit_words(n.inner().bit_chunks().iter_padded()));
    (values, valid)
}

/// Gives the buffers of a yes/no column back to this thread's spares.
fn recycle_words(w: Option<Words>) {
    if let Some((values, valid)) = w {
        crate::spare::give_words(values);
        if let Some(valid) = valid {
            crate::spare::give_words(valid);
        }
    }
}

/// A yes/no column as words: `Some(None)` when absent, `None` when of another type.
fn bits(a: Option<&ArrayRef>, n: usize) -> Option<Option<Words>> {
    match a {
        None => Some(None),
        Some(a) if *a.data_type() == DataType::Boolean && a.len() >= n => {
            Some(Some(words(a.as_boolean())))
        }
        Some(_) => None,
    }
}

fn bit_column(w: &Option<Words>) -> Option<BitColumn<'_>> {
    w.as_ref().map(|(values, valid)| BitColumn {
        values,
        valid: valid.as_deref(),
    })
}

/// The validity of a column as words (`None`: every row recorded).
fn validity(a: &ArrayRef) -> Option<Vec<u64>> {
    a.nulls()
        .filter(|n| n.null_count() > 0)
        .map(|n| bit_words(n.inner().bit_chunks().iter_padded()))
}

/// The income column: its values and validity words, `Some(None)` when absent.
fn incomes(a: Option<&ArrayRef>, n: usize) -> Option<Option<Income<'_>>> {
    let Some(a) = a else {
        return Some(None);
    };
    if a.len() < n
        || !matches!(
            a.data_type(),
            DataType::Float64 | DataType::Int64 | DataType::Int32
        )
    {
        return None;
    }
    Some(Some((a, validity(a))))
}

fn income_column<'a>(c: &'a Option<Income<'a>>) -> Option<IncomeColumn<'a>> {
    let (a, valid) = c.as_ref()?;
    let values = match a.data_type() {
        DataType::Float64 => IncomeValues::Decimal(a.as_primitive::<Float64Type>().values()),
        DataType::Int64 => IncomeValues::Yuan(a.as_primitive::<Int64Type>().values()),
        DataType::Int32 => IncomeValues::Yuan32(a.as_primitive::<Int32Type>().values()),
        _ => return None,
    };
    Some(IncomeColumn {
        values,
        valid: valid.as_deref(),
    })
}

/// A clean batch as the core's columns (buffers from this thread's spares, the income
/// column borrowed from the batch): what [`Households::Columns`] is made of.
pub(crate) struct Read<'a> {
    coded: Coded,
    people: Vec<u16>,
    status: Option<Vec<Option<fupin_core::household::HouseholdStatus>>>,
    /// Terminal, e-commerce, online training, file complete, guarantees met.
    yes_no: [Option<Words>; 5],
    income: Option<Income<'a>>,
}

impl Read<'_> {
    /// The batch as the core takes it.
    fn households(&self) -> Option<Households<'_>> {
        let mut cols = FieldColumns::new(self.coded.keys.len());
        cols.people = Some(&self.people);
        cols.status = self.status.as_deref();
        set_flags(&mut cols, self.yes_no.each_ref().map(bit_column));
        cols.income_per_capita = income_column(&self.income);
        if self.income.is_some() && cols.income_per_capita.is_none() {
            return None;
        }
        Some(Households::Columns {
            villages: &self.coded.villages,
            keys: &self.coded.keys,
            columns: cols,
        })
    }

    /// Gives the buffers back to this thread's spares.
    fn recycle(self) {
        crate::spare::give_u32s(self.coded.keys);
        crate::spare::give_u16s(self.people);
        for w in self.yes_no {
            recycle_words(w);
        }
        if let Some(valid) = self.income.and_then(|(_, valid)| valid) {
            crate::spare::give_words(valid);
        }
        if let Some(status) = self.status {
            crate::spare::give_statuses(status);
        }
    }
}

/// A clean batch as the core's columns; `None` when any cell needs the general path.
pub(crate) fn read<'a>(batch: &'a RecordBatch, map: &ColumnMap) -> Option<Read<'a>> {
    // two columns for a field, or a required one missing: the general path says so
    map.check_register(&batch.schema()).ok()?;
    let n = batch.num_rows();
    let coded = villages(col(batch, map, "village")?, n)?;
    let people = people(col(batch, map, "people"), n)?;
    let status = statuses(col(batch, map, "status"), n)?;
    let mut yes_no: [Option<Words>; 5] = Default::default();
    for (slot, field) in yes_no.iter_mut().zip(FLAG_FIELDS) {
        *slot = bits(col(batch, map, field), n)?;
    }
    let income = incomes(col(batch, map, "income_per_capita"), n)?;
    Some(Read {
        coded,
        people,
        status,
        yes_no,
        income,
    })
}

/// Whether the core refused clean-looking columns for a row it cannot read (an income that
/// is not a valid amount): the general path then reports that row as a rejected one.
pub(crate) fn unreadable(e: &fupin_core::Error) -> bool {
    matches!(e, fupin_core::Error::Validation(issues) if issues.iter().any(|i| i.code == "invalid_amount"))
}

/// Numbers the rows the core refused (e.g. a township code) by input row.
fn renumbered(mut report: RowReport, row_offset: usize) -> RowReport {
    for issue in &mut report.rejected.0 {
        issue.path = issue.path.map_first_index(|j| row_offset + j);
    }
    report
}

/// Counts a batch read by [`read`] with `count` (a data set's or a stream's
/// `add_households`); `None` (the general path, which reports every problem) when it could
/// not be read, or the core could not read a row of it.
fn counted(
    read: Option<Read<'_>>,
    count: impl FnOnce(Households<'_>) -> Result<RowReport, fupin_core::Error>,
) -> Option<Result<RowReport, fupin_core::Error>> {
    let read = read?;
    let result = match read.households() {
        Some(h) => match count(h) {
            Err(e) if unreadable(&e) => None,
            other => Some(other),
        },
        None => None,
    };
    read.recycle();
    result
}

/// Adds a batch read by [`read`] to a data set (`None`: the general path, which reports
/// every problem).
pub(crate) fn add_read(
    ds: &mut Dataset,
    read: Option<Read<'_>>,
    batch: &RecordBatch,
    map: &ColumnMap,
    row_offset: usize,
) -> Result<RowReport, ArrowError> {
    match counted(read, |h| ds.add_households(h)) {
        Some(report) => Ok(renumbered(report?, row_offset)),
        None => crate::add_households(ds, batch, map, row_offset),
    }
}

/// Adds the households of a batch to a data set: the columnar fast path when the batch is
/// clean, else [`add_households`](crate::add_households) (same results, every problem
/// reported).
pub fn add_households_fast(
    ds: &mut Dataset,
    batch: &RecordBatch,
    map: &ColumnMap,
    row_offset: usize,
) -> Result<RowReport, ArrowError> {
    let c = read(batch, map);
    add_read(ds, c, batch, map, row_offset)
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
    match counted(read(batch, map), |h| stream.push_households(h)) {
        Some(report) => Ok(renumbered(report?, row_offset)),
        None => crate::push_households(stream, batch, map, row_offset),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests")]
mod tests {
    use std::sync::Arc;

    use arrow_array::{LargeStringArray, StringArray, StringViewArray};
    use arrow_schema::{Field, Schema};
    use fupin_core::RegionCode;
    use fupin_core::household::HouseholdStatus;

    use super::*;

    /// A clean register in every string layout takes the fast path, with the same keys,
    /// members and flags.
    #[test]
    fn every_string_layout_is_read_fast() {
        let villages = [
            "522327100201",
            "522327100201",
            "522327100202",
            "522327100201",
        ];
        let statuses = ["贫困户", "已脱贫", "已脱贫", "poor"];
        let layouts: [fn(&[&str]) -> ArrayRef; 4] = [
            |v| Arc::new(StringArray::from(v.to_vec())),
            |v| Arc::new(LargeStringArray::from(v.to_vec())),
            |v| Arc::new(StringViewArray::from_iter_values(v.iter().copied())),
            |v| {
                let dict =
                    DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8));
                arrow_cast::cast(
                    &(Arc::new(StringArray::from(v.to_vec())) as ArrayRef),
                    &dict,
                )
                .unwrap()
            },
        ];
        let mut seen = Vec::new();
        for layout in layouts {
            let (v, s) = (layout(&villages), layout(&statuses));
            // the members column is required (issue #16)
            let people: ArrayRef = Arc::new(arrow_array::Int64Array::from(vec![1; 4]));
            let schema = Schema::new(vec![
                Field::new("village", v.data_type().clone(), false),
                Field::new("people", DataType::Int64, false),
                Field::new("status", s.data_type().clone(), false),
            ]);
            let batch = RecordBatch::try_new(Arc::new(schema), vec![v, people, s]).unwrap();
            let c = read(&batch, &ColumnMap::default()).expect("the fast path");
            seen.push((
                c.coded.villages.clone(),
                c.coded.keys.clone(),
                c.status.clone().unwrap_or_default(),
            ));
        }
        assert_eq!(seen[0].1, vec![0, 0, 1, 2], "a new key per run of a code");
        assert!(seen.iter().all(|s| s.2 == seen[0].2), "{seen:?}");
        let codes =
            |s: &(Vec<RegionCode>, Vec<u32>, Vec<Option<HouseholdStatus>>)| -> Vec<RegionCode> {
                s.1.iter().map(|k| s.0[*k as usize]).collect()
            };
        assert!(seen.iter().all(|s| codes(s) == codes(&seen[0])));
    }
}
