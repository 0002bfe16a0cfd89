//! [`Households`]: the one way households go into an assessment — records, rows of fields,
//! or columns as Arrow holds them (yes/no fields as 64-row bit words, incomes as numbers,
//! village codes dictionary-encoded) — for [`Dataset::add_households`](super::Dataset::add_households)
//! and [`TallyStream::push_households`](super::TallyStream::push_households), which choose the
//! fastest way to count each inside. The facts read are decided by the rules of
//! [`facts`](super::HouseholdFields) only; columns are read 64 rows at a time by the engine.

use super::engine::blocks::FlagWords;
use super::facts::HouseholdFields;
use crate::household::{Household, HouseholdStatus};
use crate::money::Yuan;
use crate::region::RegionCode;

/// Households as a source holds them: what [`Dataset::add_households`](super::Dataset::add_households)
/// and [`TallyStream::push_households`](super::TallyStream::push_households) take. Each kind is
/// counted the fastest way it allows (columns 64 rows at a time, by population count in a
/// stream); the counts are the same whichever kind the same households come as.
///
/// ```
/// use chrono::NaiveDate;
/// use fupin_core::RegionCode;
/// use fupin_core::assess::{BitColumn, Counter, Dataset, FieldColumns, HouseholdFields, Households};
/// use fupin_core::household::HouseholdStatus;
///
/// let as_of = NaiveDate::from_ymd_opt(2020, 6, 30).unwrap();
/// // rows of fields, village codes as numbers
/// let rows = [HouseholdFields::new(3, HouseholdStatus::Poor), HouseholdFields::new(2, HouseholdStatus::Exited)];
/// let mut a = Dataset::new(as_of);
/// a.add_households(Households::Fields { villages: &[522327100201, 522327100202], fields: &rows })?;
/// // the same as columns, the codes dictionary-encoded
/// let villages = [RegionCode::parse("522327100201")?, RegionCode::parse("522327100202")?];
/// let statuses = [Some(HouseholdStatus::Poor), Some(HouseholdStatus::Exited)];
/// let mut columns = FieldColumns::new(2);
/// columns.people = Some(&[3, 2]);
/// columns.status = Some(&statuses);
/// let mut b = Dataset::new(as_of);
/// let report = b.add_households(Households::Columns { villages: &villages, keys: &[0, 1], columns })?;
/// assert_eq!(report.accepted, 2);
/// assert_eq!(a.tally().total(), b.tally().total());
/// assert_eq!(b.tally().total().get(Counter::PoorPeople), 3);
/// # Ok::<(), fupin_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
#[allow(
    clippy::large_enum_variant,
    reason = "a borrowed view made once a chunk: boxing the columns would allocate each time"
)]
pub enum Households<'a> {
    /// Household records (一户一档), each read as of the data set's date
    /// ([`HouseholdFields::of`]). A record that breaks a rule on that date
    /// ([`Household::validate_at`]: the rules `fupin validate` checks) or whose village
    /// code is not a village's is rejected, every problem under its index (`[3].income_per_capita`).
    Records(&'a [Household]),
    /// Rows of fields: row `i` is in the village whose 12-digit code is `villages[i]` (as a
    /// number). Rows whose code is not a village's, whose size is outside
    /// [`HOUSEHOLD_SIZE`](super::HOUSEHOLD_SIZE) or whose per-capita income is below zero
    /// ([`per_capita_income`](super::per_capita_income)) are rejected, every problem of the
    /// row reported; columns of different lengths are an error (`column_length`, nothing
    /// added).
    Fields {
        /// Per row, the village code as a number.
        villages: &'a [u64],
        /// Per row, the household's fields.
        fields: &'a [HouseholdFields],
    },
    /// Columns, the village codes dictionary-encoded as columnar sources hold them: row `i`
    /// is in `villages[keys[i]]`, each distinct code looked up once. Rows of codes that are
    /// not villages' are rejected and reported by row. Columns of different lengths, a key
    /// beyond `villages` (`column_length`, `village_key`) or an income that is not a valid
    /// amount (`invalid_amount`, at its row: out of range, finer than a fen, or negative)
    /// are an error and nothing is added: give such rows as [`Households::Fields`] to have
    /// them reported one by one.
    Columns {
        /// The distinct village codes.
        villages: &'a [RegionCode],
        /// Per row, the index of its code in `villages`.
        keys: &'a [u32],
        /// The rows' fields; `columns.rows` must be `keys.len()`.
        columns: FieldColumns<'a>,
    },
}

impl<'a> From<&'a [Household]> for Households<'a> {
    fn from(records: &'a [Household]) -> Self {
        Households::Records(records)
    }
}

impl<'a> From<&'a Vec<Household>> for Households<'a> {
    fn from(records: &'a Vec<Household>) -> Self {
        Households::Records(records)
    }
}

impl<'a, const N: usize> From<&'a [Household; N]> for Households<'a> {
    fn from(records: &'a [Household; N]) -> Self {
        Households::Records(records)
    }
}

impl Households<'_> {
    /// Number of rows given.
    pub fn len(&self) -> usize {
        match self {
            Households::Records(r) => r.len(),
            Households::Fields { villages, .. } => villages.len(),
            Households::Columns { keys, .. } => keys.len(),
        }
    }

    /// Whether no row is given.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Bit `i % 64` of word `i / 64`: row `i` of a column of 64-row words (as Arrow lays out
/// boolean and validity buffers, least significant bit first).
#[inline]
fn bit(words: &[u64], row: usize) -> bool {
    words
        .get(row / 64)
        .is_some_and(|w| (w >> (row % 64)) & 1 == 1)
}

/// A yes/no column as 64-row words: row `i` is bit `i % 64` of word `i / 64`.
#[derive(Debug, Clone, Copy)]
pub struct BitColumn<'a> {
    /// The values (meaningful where recorded).
    pub values: &'a [u64],
    /// Which rows are recorded (a set bit); `None`: all of them.
    pub valid: Option<&'a [u64]>,
}

impl BitColumn<'_> {
    /// Row `row`: `None` when not recorded (rows beyond a short column are not).
    #[inline]
    pub fn get(&self, row: usize) -> Option<bool> {
        let value = self.values.get(row / 64)?;
        match self.valid {
            Some(v) if !bit(v, row) => None,
            _ => Some((value >> (row % 64)) & 1 == 1),
        }
    }
}

/// Per-capita incomes, one per row.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum IncomeValues<'a> {
    /// Whole yuan.
    Yuan(&'a [i64]),
    /// Whole yuan, 32-bit.
    Yuan32(&'a [i32]),
    /// Yuan with at most two decimals (fen); anything else is not a valid amount.
    Decimal(&'a [f64]),
    /// Dictionary-encoded amounts in yuan (as [`IncomeValues::Decimal`]): row `i` is
    /// `values[keys[i]]`. Each distinct amount is converted and judged once, not once a row.
    KeyedDecimal {
        /// The distinct amounts.
        values: &'a [f64],
        /// Per row, the index of its amount (meaningless where the row is not recorded).
        keys: &'a [u32],
    },
    /// Dictionary-encoded whole yuan: row `i` is `values[keys[i]]`.
    KeyedYuan {
        /// The distinct amounts.
        values: &'a [i64],
        /// Per row, the index of its amount (meaningless where the row is not recorded).
        keys: &'a [u32],
    },
}

impl IncomeValues<'_> {
    /// The amount of dictionary entry `key` of a keyed column, or of row `key` of the
    /// others: `Err(())` when it is not a valid amount (out of range, too precise, or
    /// negative: a per-capita net income below zero is refused, `negative_income`, as in
    /// household records) or there is no such entry. The adapter then reads the rows one
    /// by one and reports the row.
    #[inline]
    pub(crate) fn entry(&self, key: usize) -> Result<Yuan, ()> {
        let y = match *self {
            IncomeValues::Yuan(v) | IncomeValues::KeyedYuan { values: v, .. } => {
                Yuan::try_from_yuan(*v.get(key).ok_or(())?).map_err(|_| ())?
            }
            IncomeValues::Yuan32(v) => Yuan::from_yuan(i64::from(*v.get(key).ok_or(())?)),
            IncomeValues::Decimal(v) | IncomeValues::KeyedDecimal { values: v, .. } => {
                Yuan::of_f64(*v.get(key).ok_or(())?).ok_or(())?
            }
        };
        if y.is_negative() {
            return Err(());
        }
        Ok(y)
    }

    /// The distinct amounts of a keyed column and the rows' keys.
    pub(crate) fn keyed(&self) -> Option<(usize, &[u32])> {
        match *self {
            IncomeValues::KeyedDecimal { values, keys } => Some((values.len(), keys)),
            IncomeValues::KeyedYuan { values, keys } => Some((values.len(), keys)),
            _ => None,
        }
    }
}

/// An income column: the values and which rows are recorded (`None`: all).
#[derive(Debug, Clone, Copy)]
pub struct IncomeColumn<'a> {
    /// The values (meaningful where recorded).
    pub values: IncomeValues<'a>,
    /// Which rows are recorded (a set bit); `None`: all of them.
    pub valid: Option<&'a [u64]>,
}

impl IncomeColumn<'_> {
    /// How many rows the column holds.
    pub(crate) fn rows(&self) -> usize {
        match self.values {
            IncomeValues::Yuan(v) => v.len(),
            IncomeValues::Yuan32(v) => v.len(),
            IncomeValues::Decimal(v) => v.len(),
            IncomeValues::KeyedDecimal { keys, .. } | IncomeValues::KeyedYuan { keys, .. } => {
                keys.len()
            }
        }
    }

    /// The amount given at row `row`, for a message (` `12.345``), empty when none.
    pub(crate) fn describe(&self, row: usize) -> String {
        let key = match self.values.keyed() {
            Some((_, keys)) => keys.get(row).map(|k| *k as usize),
            None => Some(row),
        };
        let shown = key.and_then(|k| match self.values {
            IncomeValues::Yuan(v) | IncomeValues::KeyedYuan { values: v, .. } => {
                v.get(k).map(ToString::to_string)
            }
            IncomeValues::Yuan32(v) => v.get(k).map(ToString::to_string),
            IncomeValues::Decimal(v) | IncomeValues::KeyedDecimal { values: v, .. } => {
                v.get(k).map(ToString::to_string)
            }
        });
        shown.map(|v| format!(" `{v}`")).unwrap_or_default()
    }

    /// Row `row`: `Ok(None)` when not recorded, `Err(())` when not a valid amount.
    #[inline]
    fn get(&self, row: usize) -> Result<Option<Yuan>, ()> {
        if let Some(v) = self.valid
            && !bit(v, row)
        {
            return Ok(None);
        }
        let key = match self.values.keyed() {
            Some((_, keys)) => *keys.get(row).ok_or(())? as usize,
            None => row,
        };
        self.values.entry(key).map(Some)
    }
}

/// The household fields of many rows as columns; absent columns are `None` (the field is
/// not recorded for any row, as in [`HouseholdFields::new`]).
#[derive(Debug, Clone, Copy, Default)]
#[non_exhaustive]
pub struct FieldColumns<'a> {
    /// Rows.
    pub rows: usize,
    /// Members per household (`None`: one each).
    pub people: Option<&'a [u16]>,
    /// Status per household (`None` in a row: not recorded; column absent: every household
    /// is poor, as in registers of the poor).
    pub status: Option<&'a [Option<HouseholdStatus>]>,
    /// Has a terminal.
    pub terminal: Option<BitColumn<'a>>,
    /// Uses e-commerce.
    pub ecommerce: Option<BitColumn<'a>>,
    /// A member took online training.
    pub online_training: Option<BitColumn<'a>>,
    /// The file is complete (not recorded: counted neither way).
    pub file_complete: Option<BitColumn<'a>>,
    /// Per-capita net income.
    pub income_per_capita: Option<IncomeColumn<'a>>,
    /// All six guarantees met.
    pub guarantees_met: Option<BitColumn<'a>>,
}

impl<'a> FieldColumns<'a> {
    /// Columns of `rows` rows, none recorded yet (set the fields that are).
    pub fn new(rows: usize) -> Self {
        FieldColumns {
            rows,
            ..FieldColumns::default()
        }
    }

    /// The fields of row `row`, or `Err(row)` when its income is not a valid amount (or a
    /// column is shorter than the rows).
    #[inline]
    pub fn fields(&self, row: usize) -> Result<HouseholdFields, usize> {
        let people = match self.people {
            Some(p) => *p.get(row).ok_or(row)?,
            None => 1,
        };
        let status = match self.status {
            Some(s) => *s.get(row).ok_or(row)?,
            None => Some(HouseholdStatus::Poor),
        };
        let tri = |c: &Option<BitColumn<'_>>| c.as_ref().and_then(|c| c.get(row));
        Ok(HouseholdFields {
            people,
            status,
            terminal: tri(&self.terminal),
            ecommerce: tri(&self.ecommerce),
            online_training: tri(&self.online_training),
            file_complete: tri(&self.file_complete),
            income_per_capita: match &self.income_per_capita {
                Some(c) => c.get(row).map_err(|()| row)?,
                None => None,
            },
            guarantees_met: tri(&self.guarantees_met),
        })
    }

    /// The members of every row: the column, or one each when it is absent (a view, no
    /// copy, when it is there).
    pub(crate) fn people_or_ones(&self) -> std::borrow::Cow<'a, [u16]> {
        match self.people {
            Some(p) => p.into(),
            None => vec![1; self.rows].into(),
        }
    }

    /// The members and [flags word](super::engine::layout::flags_of) of every row (`line`: the poverty line of the
    /// year), or `Err(row)` for the first row whose income is not a valid amount (or a
    /// column shorter than `rows`).
    #[cfg(test)]
    pub(crate) fn people_and_flags(
        &self,
        line: Option<Yuan>,
    ) -> Result<(Vec<u16>, Vec<u16>), usize> {
        let n = self.rows;
        let mut flags = Vec::with_capacity(n);
        // the first row without a member count, if the column is short
        let short = self.people.and_then(|p| (p.len() < n).then_some(p.len()));
        match (self.flags_into(line, &mut flags), short) {
            (Err(bad), Some(short)) => return Err(bad.min(short)),
            (Err(bad), None) | (Ok(()), Some(bad)) => return Err(bad),
            (Ok(()), None) => {}
        }
        let people = match self.people {
            Some(p) => p.get(..n).ok_or(n)?.to_vec(),
            None => vec![1; n],
        };
        Ok((people, flags))
    }

    /// The [flags word](super::engine::layout::flags_of) of every row appended to `flags` (as
    /// a data set keeps them, into a buffer the caller reuses),
    /// or `Err(row)` for the first row whose income is not a valid amount or whose status
    /// or income is missing from a short column; `flags` then holds the rows before it.
    pub(crate) fn flags_into(&self, line: Option<Yuan>, flags: &mut Vec<u16>) -> Result<(), usize> {
        super::engine::blocks::flags_into(self, line, flags)
    }

    /// The flags of every row as [`FlagWords`] (one bit word per flag and 64 rows, as
    /// the stream counts them)
    /// appended to `out`, or `Err(row)` as [`FieldColumns::flags_into`] gives it; `out`
    /// then holds the blocks before the one of that row, and that block with the rows
    /// before it.
    pub(crate) fn flag_words_into(
        &self,
        line: Option<Yuan>,
        out: &mut Vec<FlagWords>,
    ) -> Result<(), usize> {
        super::engine::blocks::flag_words_into(self, line, out)
    }
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::cast_precision_loss,
    reason = "tests"
)]
mod tests {
    use super::super::engine::layout::flags_of;
    use super::*;

    /// Every combination of recorded / yes / no for the yes/no fields, every status and
    /// incomes around the line: the columnar reading gives the fields (hence flags) the
    /// rows have.
    #[test]
    fn columns_read_as_rows() {
        let tri = [None, Some(false), Some(true)];
        let statuses = [
            None,
            Some(HouseholdStatus::Poor),
            Some(HouseholdStatus::Exited),
            Some(HouseholdStatus::Returned),
        ];
        let incomes = [None, Some(3_000.0), Some(4_000.5), Some(3_747.0)];
        let mut rows: Vec<HouseholdFields> = Vec::new();
        for (k, s) in statuses.iter().enumerate() {
            for t in tri {
                for e in tri {
                    for g in tri {
                        for inc in incomes {
                            rows.push(HouseholdFields {
                                people: u16::try_from(1 + k).unwrap(),
                                status: *s,
                                terminal: t,
                                ecommerce: e,
                                online_training: g,
                                file_complete: e,
                                income_per_capita: inc.map(|v| Yuan::from_f64(v).unwrap()),
                                guarantees_met: g,
                            });
                        }
                    }
                }
            }
        }
        let n = rows.len();
        let words = n.div_ceil(64);
        let pack = |get: &dyn Fn(&HouseholdFields) -> Option<bool>| {
            let (mut values, mut valid) = (vec![0u64; words], vec![0u64; words]);
            for (i, r) in rows.iter().enumerate() {
                if let Some(b) = get(r) {
                    valid[i / 64] |= 1 << (i % 64);
                    values[i / 64] |= u64::from(b) << (i % 64);
                }
            }
            (values, valid)
        };
        let t = pack(&|r| r.terminal);
        let e = pack(&|r| r.ecommerce);
        let g = pack(&|r| r.online_training);
        let fc = pack(&|r| r.file_complete);
        let gm = pack(&|r| r.guarantees_met);
        let inc = pack(&|r| r.income_per_capita.map(|_| true));
        let inc_values: Vec<f64> = rows
            .iter()
            .map(|r| {
                r.income_per_capita
                    .map_or(f64::NAN, |y| y.fen() as f64 / 100.0)
            })
            .collect();
        let status: Vec<Option<HouseholdStatus>> = rows.iter().map(|r| r.status).collect();
        let people: Vec<u16> = rows.iter().map(|r| r.people).collect();
        let mut cols = FieldColumns::new(n);
        cols.people = Some(&people);
        cols.status = Some(&status);
        cols.terminal = Some(BitColumn {
            values: &t.0,
            valid: Some(&t.1),
        });
        cols.ecommerce = Some(BitColumn {
            values: &e.0,
            valid: Some(&e.1),
        });
        cols.online_training = Some(BitColumn {
            values: &g.0,
            valid: Some(&g.1),
        });
        cols.file_complete = Some(BitColumn {
            values: &fc.0,
            valid: Some(&fc.1),
        });
        cols.guarantees_met = Some(BitColumn {
            values: &gm.0,
            valid: Some(&gm.1),
        });
        cols.income_per_capita = Some(IncomeColumn {
            values: IncomeValues::Decimal(&inc_values),
            valid: Some(&inc.1),
        });
        for (i, r) in rows.iter().enumerate() {
            assert_eq!(cols.fields(i).unwrap(), *r, "row {i}");
        }
        let line = Some(Yuan::from_yuan(3_747));
        let (p, f) = cols.people_and_flags(line).unwrap();
        assert_eq!(p, people);
        let expected: Vec<u16> = rows.iter().map(|r| flags_of(r, line)).collect();
        assert_eq!(f, expected);

        // the same incomes dictionary-encoded: distinct amounts (and one nobody uses, not
        // an amount) with a key per row, as decimals and as whole yuan
        let mut distinct: Vec<f64> = vec![f64::NAN];
        let keys: Vec<u32> = inc_values
            .iter()
            .map(|v| match distinct.iter().position(|d| d == v) {
                Some(k) => u32::try_from(k).unwrap(),
                None => {
                    distinct.push(*v);
                    u32::try_from(distinct.len() - 1).unwrap()
                }
            })
            .collect();
        cols.income_per_capita = Some(IncomeColumn {
            values: IncomeValues::KeyedDecimal {
                values: &distinct,
                keys: &keys,
            },
            valid: Some(&inc.1),
        });
        for (i, r) in rows.iter().enumerate() {
            assert_eq!(cols.fields(i).unwrap(), *r, "row {i}");
        }
        assert_eq!(
            cols.people_and_flags(line).unwrap(),
            (people.clone(), expected)
        );
        // a row whose amount is not one fails with its row number
        let mut bad = keys.clone();
        let row = inc.1[0].trailing_zeros() as usize; // the first recorded row
        bad[row] = 0;
        cols.income_per_capita = Some(IncomeColumn {
            values: IncomeValues::KeyedDecimal {
                values: &distinct,
                keys: &bad,
            },
            valid: Some(&inc.1),
        });
        assert_eq!(cols.people_and_flags(line).unwrap_err(), row);
        // whole yuan: the incomes with fen dropped, judged as the plain column judges them
        #[allow(clippy::cast_possible_truncation, reason = "small whole amounts")]
        let whole: Vec<i64> = distinct
            .iter()
            .map(|d| if d.is_nan() { 0 } else { *d as i64 })
            .collect();
        let plain: Vec<i64> = keys.iter().map(|k| whole[*k as usize]).collect();
        let flags_of_column = |values: IncomeValues<'_>| {
            let mut c = cols;
            c.income_per_capita = Some(IncomeColumn {
                values,
                valid: Some(&inc.1),
            });
            c.people_and_flags(line).unwrap()
        };
        assert_eq!(
            flags_of_column(IncomeValues::KeyedYuan {
                values: &whole,
                keys: &keys
            }),
            flags_of_column(IncomeValues::Yuan(&plain))
        );
    }

    #[test]
    fn bad_amounts_and_short_columns_name_the_row() {
        let mut cols = FieldColumns::new(3);
        let v = [1.0, 2.001, 3.0];
        cols.income_per_capita = Some(IncomeColumn {
            values: IncomeValues::Decimal(&v),
            valid: None,
        });
        assert_eq!(cols.people_and_flags(None), Err(1));
        let short = [2u16, 3];
        let mut cols = FieldColumns::new(3);
        cols.people = Some(&short);
        assert_eq!(cols.people_and_flags(None), Err(2));
    }

    /// The first row [`FieldColumns::fields`] cannot read, or the flags `flags_of` gives
    /// every row: what `flags_into` must return.
    fn row_by_row(cols: &FieldColumns<'_>, line: Option<Yuan>) -> Result<Vec<u16>, usize> {
        (0..cols.rows)
            .map(|i| {
                let short = cols.status.is_some_and(|s| s.len() <= i);
                if short {
                    return Err(i);
                }
                cols.fields(i).map(|f| flags_of(&f, line))
            })
            .collect()
    }

    proptest::proptest! {
        /// Random columns of any length (short ones included), incomes of every kind with
        /// invalid amounts, lines around them: the block computation agrees with the rows
        /// read one by one, error row included, and keeps the rows before it.
        #[test]
        fn blocks_agree_with_rows(
            rows in 0usize..300,
            seed in proptest::collection::vec(proptest::prelude::any::<u64>(), 40),
            status_len in 0usize..320,
            kind in 0u8..6,
            line in proptest::option::of(-3i64..9),
            absent in proptest::collection::vec(proptest::prelude::any::<bool>(), 7),
        ) {
            let words = |k: usize, len: usize| -> Vec<u64> {
                (0..len.div_ceil(64)).map(|i| seed[(k * 5 + i) % seed.len()].rotate_left(k as u32 * 7)).collect()
            };
            let col = |k: usize, valid: bool, short: bool| -> (Vec<u64>, Option<Vec<u64>>) {
                let len = if short { rows / 2 } else { rows };
                (words(k, len), valid.then(|| words(k + 11, len)))
            };
            let bit_cols: Vec<_> = (0..5).map(|k| col(k, k % 2 == 0, seed[k] % 7 == 0)).collect();
            let statuses = [None, Some(HouseholdStatus::Poor), Some(HouseholdStatus::Exited), Some(HouseholdStatus::Returned)];
            let status: Vec<Option<HouseholdStatus>> = (0..status_len)
                .map(|i| statuses[(seed[i % 40] >> (i % 60)) as usize % 4])
                .collect();
            // amounts from -5 to 10 yuan in half yuan, some not amounts
            let amount = |i: usize| -> f64 {
                match (seed[(i * 3) % 40] >> (i % 50)) % 40 {
                    0 => f64::NAN,
                    1 => 1.001,
                    x => (x as f64 - 10.0) / 2.0,
                }
            };
            let income_len = if seed[6] % 5 == 0 { rows / 3 } else { rows };
            let decimals: Vec<f64> = (0..income_len).map(amount).collect();
            let whole: Vec<i64> = (0..income_len).map(|i| (seed[i % 40] >> (i % 30)) as i64 % 20 - 5).collect();
            let whole32: Vec<i32> = whole.iter().map(|w| *w as i32).collect();
            let distinct: Vec<f64> = (0..12).map(amount).collect();
            let keys: Vec<u32> = (0..income_len).map(|i| ((seed[i % 40] >> (i % 40)) % 13) as u32).collect();
            let valid_income = words(23, income_len);
            let mut cols = FieldColumns::new(rows);
            if !absent[0] {
                cols.status = Some(&status);
            }
            fn bit(c: &(Vec<u64>, Option<Vec<u64>>)) -> BitColumn<'_> {
                BitColumn { values: &c.0, valid: c.1.as_deref() }
            }
            cols.terminal = (!absent[1]).then(|| bit(&bit_cols[0]));
            cols.ecommerce = (!absent[2]).then(|| bit(&bit_cols[1]));
            cols.online_training = (!absent[3]).then(|| bit(&bit_cols[2]));
            cols.file_complete = (!absent[4]).then(|| bit(&bit_cols[3]));
            cols.guarantees_met = (!absent[5]).then(|| bit(&bit_cols[4]));
            let whole_keys: Vec<i64> = (0..12).map(|k| k - 4).collect();
            let values = match kind {
                0 => IncomeValues::Decimal(&decimals),
                1 => IncomeValues::Yuan(&whole),
                2 => IncomeValues::Yuan32(&whole32),
                3 => IncomeValues::KeyedDecimal { values: &distinct, keys: &keys },
                4 => IncomeValues::KeyedYuan { values: &whole_keys, keys: &keys },
                _ => IncomeValues::Decimal(&decimals),
            };
            if !absent[6] {
                cols.income_per_capita = Some(IncomeColumn {
                    values,
                    valid: (kind != 5).then_some(&valid_income[..]),
                });
            }
            let line = line.map(Yuan::from_yuan);
            let expected = row_by_row(&cols, line);
            let mut got = vec![7u16];
            let result = cols.flags_into(line, &mut got);
            // the flags as bit words: the same flags, the same error row
            let mut words = Vec::new();
            let words_result = cols.flag_words_into(line, &mut words);
            proptest::prop_assert_eq!(words_result, result);
            let good = got.len() - 1;
            proptest::prop_assert_eq!(
                &crate::assess::engine::popcount::flags_of_words(&words, good)[..],
                &got[1..]
            );
            // no flag set beyond the rows read
            let set: u32 = words.iter().flatten().map(|w| w.count_ones()).sum();
            let expected_set: u32 = got[1..].iter().map(|f| f.count_ones()).sum();
            proptest::prop_assert_eq!(set, expected_set);
            match expected {
                Ok(flags) => {
                    proptest::prop_assert_eq!(result, Ok(()));
                    proptest::prop_assert_eq!(&got[1..], &flags[..]);
                }
                Err(row) => {
                    proptest::prop_assert_eq!(result, Err(row));
                    let before: Vec<u16> = (0..row).map(|i| flags_of(&cols.fields(i).unwrap(), line)).collect();
                    proptest::prop_assert_eq!(&got[1..], &before[..]);
                }
            }
            proptest::prop_assert_eq!(got[0], 7);
        }
    }
}
