//! The register as bulk columns, for adapters that hold it columnar (Arrow, say): yes/no
//! fields as 64-row bit words, incomes as numbers, village codes dictionary-encoded. The
//! flags words are computed here by [`flags_of`] itself, row by row, so the rule lives in one
//! place; only the reading of the fields is columnar.

use std::sync::OnceLock;

use super::columns::{HouseholdFields, exit_rule, flags_of};
use crate::household::HouseholdStatus;
use crate::money::Yuan;

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
    /// others: `Err(())` when it is not a valid amount or there is no such entry.
    #[inline]
    fn entry(&self, key: usize) -> Result<Yuan, ()> {
        match *self {
            IncomeValues::Yuan(v) | IncomeValues::KeyedYuan { values: v, .. } => {
                v.get(key).map(|y| Yuan::from_yuan(*y)).ok_or(())
            }
            IncomeValues::Yuan32(v) => v.get(key).map(|y| Yuan::from_yuan(i64::from(*y))).ok_or(()),
            IncomeValues::Decimal(v) | IncomeValues::KeyedDecimal { values: v, .. } => {
                match v.get(key) {
                    Some(f) => Yuan::from_f64(*f).map_err(|_| ()),
                    None => Err(()),
                }
            }
        }
    }

    /// The distinct amounts of a keyed column and the rows' keys.
    fn keyed(&self) -> Option<(usize, &[u32])> {
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
    /// The file is complete (not recorded counts as not complete).
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
            file_complete: tri(&self.file_complete).unwrap_or(false),
            income_per_capita: match &self.income_per_capita {
                Some(c) => c.get(row).map_err(|()| row)?,
                None => None,
            },
            guarantees_met: tri(&self.guarantees_met),
        })
    }

    /// The members and [flags word](flags_of) of every row (`line`: the poverty line of the
    /// year), or `Err(row)` for the first row whose income is not a valid amount (or a
    /// column shorter than `rows`).
    ///
    /// ```
    /// use fupin_core::assess::{BitColumn, FieldColumns, flag};
    ///
    /// let mut cols = FieldColumns::new(3);
    /// // rows 0 and 2 have a terminal, row 1 is not recorded
    /// cols.terminal = Some(BitColumn { values: &[0b101], valid: Some(&[0b101]) });
    /// let (people, flags) = cols.people_and_flags(None).unwrap();
    /// assert_eq!(people, vec![1, 1, 1]);
    /// assert_eq!(flags[0] & flag::TERMINAL, flag::TERMINAL);
    /// assert_eq!(flags[1] & flag::TERMINAL_KNOWN, 0);
    /// ```
    pub fn people_and_flags(&self, line: Option<Yuan>) -> Result<(Vec<u16>, Vec<u16>), usize> {
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

    /// The [flags word](flags_of) of every row appended to `flags` (as
    /// [`FieldColumns::people_and_flags`] computes them, into a buffer the caller reuses),
    /// or `Err(row)` for the first row whose income is not a valid amount or whose status
    /// or income is missing from a short column; `flags` then holds the rows before it.
    pub fn flags_into(&self, line: Option<Yuan>, flags: &mut Vec<u16>) -> Result<(), usize> {
        let n = self.rows;
        let table = flags_table();
        // The exit rule reads an income only against the line, so a row's income is one of
        // four classes — 0 not recorded, 1 at or below the line, 2 above it, 3 not a valid
        // amount — and the rule's outcome (0 undecided, 1 not met, 2 met) is looked up by
        // class and guarantees cell (0 not recorded, 1 no, 2 yes), judged here once for an
        // amount at the line and one a fen above.
        let at_line = line.unwrap_or(Yuan::ZERO);
        let above = Yuan::from_fen(at_line.fen().saturating_add(1));
        let mut exit_keys = [0u16; 16];
        for (class, income) in [None, Some(at_line), Some(above)].into_iter().enumerate() {
            for (g, guarantees) in [None, Some(false), Some(true)].into_iter().enumerate() {
                let outcome = match exit_rule(income, guarantees, line) {
                    None => 0u16,
                    Some(false) => 1,
                    Some(true) => 2,
                };
                if let Some(slot) = exit_keys.get_mut(class * 4 + g) {
                    // bits 9–10 of the flags table's key
                    *slot = outcome << 9;
                }
            }
        }
        let income = self.income_per_capita.as_ref();
        // a keyed column: the class of each distinct amount, judged once
        let keyed: Option<(Vec<u8>, &[u32])> = income.and_then(|c| {
            let (len, keys) = c.values.keyed()?;
            let classes = (0..len)
                .map(|k| match c.values.entry(k) {
                    Ok(y) => 1 + u8::from(y > at_line),
                    Err(()) => 3,
                })
                .collect();
            Some((classes, keys))
        });
        // whole yuan above the line: above its whole part (`a * 100 > line` for integers,
        // saturation included)
        let whole_line = at_line.fen().div_euclid(100);
        let start = flags.len();
        flags.resize(start + n, 0);
        let out = flags.get_mut(start..).unwrap_or_default();
        // status classes: 0 not recorded, 1 poor, 2 not poor (no column: every household
        // poor)
        const ALL_POOR: [Option<HouseholdStatus>; 64] = [Some(HouseholdStatus::Poor); 64];
        for w in 0..n.div_ceil(64) {
            let first = w * 64;
            let len = n.min(first + 64) - first;
            let in_block = if len == 64 {
                u64::MAX
            } else {
                (1u64 << len) - 1
            };
            // the block's yes/no cells as words of key bits (a cell's 2-bit code: bit 0
            // recorded no, bit 1 recorded yes), spread to one 16-bit key per row
            let [t, e, o, fc, g] = [
                &self.terminal,
                &self.ecommerce,
                &self.online_training,
                &self.file_complete,
                &self.guarantees_met,
            ]
            .map(|c| word(c.as_ref(), w));
            let no = |(values, valid): (u64, u64)| valid & !values;
            let yes = |(values, valid): (u64, u64)| valid & values;
            let keys = spread([
                no(t),
                yes(t),
                no(e),
                yes(e),
                no(o),
                yes(o),
                yes(fc),
                no(g),
                yes(g),
            ]);
            // the block's income classes; recorded rows missing from a short column are 3
            let mut class = [0u8; 64];
            if let Some(c) = income {
                let known = c.valid.map_or(in_block, |v| v.get(w).copied().unwrap_or(0));
                let filled = match (&keyed, c.values) {
                    (Some((classes, keys)), _) => fill(&mut class, keys, first, len, known, |k| {
                        classes.get(*k as usize).copied().unwrap_or(3)
                    }),
                    (None, IncomeValues::Yuan32(v)) => {
                        fill(&mut class, v, first, len, known, |a| {
                            1 + u8::from(i64::from(*a) > whole_line)
                        })
                    }
                    (None, IncomeValues::Yuan(v)) => fill(&mut class, v, first, len, known, |a| {
                        1 + u8::from(*a > whole_line)
                    }),
                    (None, values) => {
                        decimal_classes(&mut class, values, first, len, known, at_line)
                    }
                };
                for (b, c) in class.iter_mut().enumerate().take(len).skip(filled) {
                    *c = 3 * u8::from((known >> b) & 1 == 1);
                }
            }
            // the first row that cannot be read: an invalid amount, or a short status column
            let bad = class.iter().take(len).position(|c| *c == 3).unwrap_or(len);
            let status: &[Option<HouseholdStatus>] = match self.status {
                Some(s) => s.get(first..).unwrap_or_default(),
                None => &ALL_POOR,
            };
            let stop = bad.min(status.len());
            let block = out.get_mut(first..first + stop).unwrap_or_default();
            for (((slot, s), c), k) in block.iter_mut().zip(status).zip(&class).zip(&keys) {
                let status = match s {
                    None => 0,
                    Some(s) => 2 - usize::from(s.is_poor()),
                };
                let k = usize::from(*k);
                let exit = exit_keys
                    .get(usize::from(*c) * 4 + (k >> 7))
                    .copied()
                    .unwrap_or(0);
                let key = usize::from(exit) | (k & 0x7F) | (status << 7);
                *slot = table.get(key).copied().unwrap_or(0);
            }
            if stop < len {
                flags.truncate(start + first + stop);
                return Err(first + stop);
            }
        }
        Ok(())
    }
}

/// Word `w` of a yes/no column: its values and which rows are recorded (a missing word:
/// none recorded; no column: none recorded).
#[inline]
fn word(c: Option<&BitColumn<'_>>, w: usize) -> (u64, u64) {
    c.map_or((0, 0), |c| match c.values.get(w) {
        Some(values) => (
            *values,
            c.valid.map_or(u64::MAX, |v| v.get(w).copied().unwrap_or(0)),
        ),
        None => (0, 0),
    })
}

/// Nine words of a 64-row block spread to one 16-bit key per row: bit `k` of row `b`'s key
/// is bit `b` of word `k`. Four rows at a time: a multiplication places a word's four bits
/// in the four 16-bit lanes of a `u64` (bit `i` lands at `16 i`: the multiplier's terms
/// `2^(15 j)` put it at `i + 15 j`, and only `j = i` reaches a multiple of 16).
#[inline]
fn spread(words: [u64; 9]) -> [u16; 64] {
    const SPREAD: u64 = 1 | 1 << 15 | 1 << 30 | 1 << 45;
    const LANES: u64 = 0x0001_0001_0001_0001;
    let mut keys = [0u16; 64];
    for (q, four) in keys.chunks_exact_mut(4).enumerate() {
        let lanes = words.iter().enumerate().fold(0u64, |acc, (k, w)| {
            acc | ((((w >> (4 * q)) & 0xF).wrapping_mul(SPREAD) & LANES) << k)
        });
        for (i, key) in four.iter_mut().enumerate() {
            *key = (lanes >> (16 * i)) as u16;
        }
    }
    keys
}

/// `class[b] = of(values[first + b])` for the recorded rows of a block that the column has
/// (0 for the others); returns how many rows it has.
#[inline]
fn fill<T>(
    class: &mut [u8; 64],
    values: &[T],
    first: usize,
    len: usize,
    known: u64,
    of: impl Fn(&T) -> u8,
) -> usize {
    let have = values
        .get(first..)
        .map_or(&[][..], |v| v.get(..len).unwrap_or(v));
    for (b, (c, v)) in class.iter_mut().zip(have).enumerate() {
        *c = u8::from((known >> b) & 1 == 1) * of(v);
    }
    have.len()
}

/// The income classes of a block of a column of amounts with decimals (see
/// [`FieldColumns::flags_into`]); returns how many rows the column has.
fn decimal_classes(
    class: &mut [u8; 64],
    values: IncomeValues<'_>,
    first: usize,
    len: usize,
    known: u64,
    at_line: Yuan,
) -> usize {
    match values {
        IncomeValues::Decimal(v) => {
            fill(class, v, first, len, known, |f| match Yuan::from_f64(*f) {
                Ok(y) => 1 + u8::from(y > at_line),
                Err(_) => 3,
            })
        }
        _ => 0,
    }
}

/// [`flags_of`] for every combination of what it reads, indexed by keys of 11 bits:
/// terminal, e-commerce and training (bits 0–5, two each: 0 not recorded, 1 no, 2 yes),
/// file complete (bit 6), status class (bits 7–8: not recorded, poor, not poor) and the exit
/// rule's outcome (bits 9–10: undecided, not met, met). Built by calling `flags_of` itself,
/// with inputs that give each outcome, so the rule stays in one place.
fn flags_table() -> &'static [u16; 2048] {
    static TABLE: OnceLock<Box<[u16; 2048]>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = Box::new([0u16; 2048]);
        let tri = |k: usize| match k {
            1 => Some(false),
            2 => Some(true),
            _ => None,
        };
        // a line and inputs for each outcome of the exit rule
        let line = Some(Yuan::from_yuan(100));
        let exit_inputs = [
            (None, None),                             // undecided
            (None, Some(false)),                      // not met
            (Some(Yuan::from_yuan(200)), Some(true)), // met
        ];
        for (key, slot) in table.iter_mut().enumerate() {
            let status = match (key >> 7) & 3 {
                0 => None,
                1 => Some(HouseholdStatus::Poor),
                2 => Some(HouseholdStatus::Exited),
                _ => continue,
            };
            let Some((income, guarantees)) = exit_inputs.get((key >> 9) & 3).copied() else {
                continue;
            };
            let f = HouseholdFields {
                people: 1,
                status,
                terminal: tri(key & 3),
                ecommerce: tri((key >> 2) & 3),
                online_training: tri((key >> 4) & 3),
                file_complete: (key >> 6) & 1 == 1,
                income_per_capita: income,
                guarantees_met: guarantees,
            };
            *slot = flags_of(&f, line);
        }
        table
    })
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::cast_precision_loss,
    reason = "tests"
)]
mod tests {
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
                                file_complete: t == Some(true),
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
        let fc = pack(&|r| Some(r.file_complete));
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
            valid: None,
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
