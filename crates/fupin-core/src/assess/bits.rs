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
    /// Row `row`: `None` when not recorded.
    #[inline]
    pub fn get(&self, row: usize) -> Option<bool> {
        match self.valid {
            Some(v) if !bit(v, row) => None,
            _ => Some(bit(self.values, row)),
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

/// For a keyed income column: the exit rule's outcome per distinct amount and guarantees
/// cell, the rows' keys and which rows are recorded.
type KeyedOutcomes<'a> = (Vec<u8>, &'a [u32], Option<&'a [u64]>);

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
        flags.reserve(n);
        // 64 rows at a time: each yes/no column's words read once per block
        let word = |c: &Option<BitColumn<'_>>, w: usize| -> (u64, u64) {
            c.as_ref().map_or((0, 0), |c| {
                let values = c.values.get(w).copied().unwrap_or(0);
                let valid = c
                    .valid
                    .map_or(if w < c.values.len() { u64::MAX } else { 0 }, |v| {
                        v.get(w).copied().unwrap_or(0)
                    });
                (values, valid)
            })
        };
        // the 2-bit code of a yes/no cell: 0 not recorded, 1 no, 2 yes
        let tri = |(values, valid): (u64, u64), b: usize| -> usize {
            (((valid >> b) & 1) * (1 + ((values >> b) & 1))) as usize
        };
        let table = flags_table();
        // the exit rule's outcome (0 undecided, 1 not met, 2 met; INVALID: not an amount)
        // for each guarantees cell (not recorded, no, yes) of each distinct amount of a
        // keyed income column: judged once per amount
        const INVALID: u8 = u8::MAX;
        let outcome = |income: Option<Yuan>, g: usize| -> u8 {
            let guarantees = match g {
                0 => None,
                k => Some(k == 2),
            };
            match exit_rule(income, guarantees, line) {
                None => 0,
                Some(false) => 1,
                Some(true) => 2,
            }
        };
        let keyed: Option<KeyedOutcomes<'_>> = self.income_per_capita.as_ref().and_then(|c| {
            let (len, keys) = c.values.keyed()?;
            // one byte per amount (two bits per guarantees cell), so that the table of a
            // register's thousands of distinct amounts stays in the nearest cache
            let per_amount = (0..len)
                .map(|k| match c.values.entry(k) {
                    Ok(y) => (0..3).fold(0u8, |acc, g| acc | (outcome(Some(y), g) << (2 * g))),
                    Err(()) => INVALID,
                })
                .collect();
            Some((per_amount, keys, c.valid))
        });
        // the outcome for a row whose income is not recorded, by its guarantees cell
        let unrecorded = [outcome(None, 0), outcome(None, 1), outcome(None, 2)];
        // the rule reads an income only against the line: its outcomes for an amount at
        // the line and for one a fen above stand for every amount, so a row's outcome is
        // looked up (by which side of the line its income is) instead of judged again
        let at_line = line.unwrap_or(Yuan::ZERO);
        let above = Yuan::from_fen(at_line.fen().saturating_add(1));
        let sides = [at_line, above].map(|y| [0, 1, 2].map(|g| outcome(Some(y), g)));
        let start = flags.len();
        flags.resize(start + n, 0);
        let out = flags.get_mut(start..).unwrap_or_default();
        let mut failed = None;
        'blocks: for w in 0..n.div_ceil(64) {
            let t = word(&self.terminal, w);
            let e = word(&self.ecommerce, w);
            let o = word(&self.online_training, w);
            let fc = word(&self.file_complete, w);
            let g = word(&self.guarantees_met, w);
            let first = w * 64;
            let income_known = match (&keyed, &self.income_per_capita) {
                (Some((_, _, valid)), _) => {
                    valid.map_or(u64::MAX, |v| v.get(w).copied().unwrap_or(0))
                }
                (None, Some(c)) => c.valid.map_or(u64::MAX, |v| v.get(w).copied().unwrap_or(0)),
                (None, None) => 0,
            };
            let block = out.get_mut(first..n.min(first + 64)).unwrap_or_default();
            // two passes over the block, each with few values at hand: the exit rule's
            // outcome (bits 9–10 of the key), then the rest of the key and the flags
            let mut stop = block.len();
            for (b, slot) in block.iter_mut().enumerate() {
                let row = first + b;
                let gk = tri(g, b);
                let exit = match (&keyed, &self.income_per_capita) {
                    (Some((per_amount, keys, _)), _) => {
                        // the amount's outcome, or the unrecorded one (chosen without a
                        // branch: incomes go missing at random)
                        let k = keys.get(row).map_or(usize::MAX, |k| *k as usize);
                        let amount = per_amount.get(k).copied().unwrap_or(INVALID);
                        let known = if amount == INVALID {
                            INVALID
                        } else {
                            (amount >> (2 * gk)) & 3
                        };
                        let exit = if (income_known >> b) & 1 == 1 {
                            known
                        } else {
                            unrecorded.get(gk).copied().unwrap_or(0)
                        };
                        if exit == INVALID {
                            stop = b;
                            break;
                        }
                        exit
                    }
                    // whole yuan: the row's side of the line without a branch on whether
                    // its income is recorded (incomes go missing at random)
                    (
                        None,
                        Some(IncomeColumn {
                            values: whole @ (IncomeValues::Yuan(_) | IncomeValues::Yuan32(_)),
                            ..
                        }),
                    ) => {
                        let amount = match whole {
                            IncomeValues::Yuan(v) => v.get(row).copied(),
                            IncomeValues::Yuan32(v) => v.get(row).map(|y| i64::from(*y)),
                            _ => None,
                        };
                        let known = (income_known >> b) & 1 == 1;
                        let outcomes = match (known, amount) {
                            (true, Some(amount)) => {
                                sides.get(usize::from(Yuan::from_yuan(amount) > at_line))
                            }
                            (false, _) => Some(&unrecorded),
                            (true, None) => {
                                stop = b;
                                break;
                            }
                        };
                        outcomes.and_then(|o| o.get(gk)).copied().unwrap_or(0)
                    }
                    (None, Some(c)) => match c.get(row) {
                        Ok(Some(income)) => sides
                            .get(usize::from(income > at_line))
                            .and_then(|side| side.get(gk))
                            .copied()
                            .unwrap_or(0),
                        Ok(None) => unrecorded.get(gk).copied().unwrap_or(0),
                        Err(()) => {
                            stop = b;
                            break;
                        }
                    },
                    (None, None) => unrecorded.get(gk).copied().unwrap_or(0),
                };
                *slot = u16::from(exit) << 9;
            }
            for (b, slot) in block.iter_mut().enumerate().take(stop) {
                let row = first + b;
                let status = match self.status {
                    Some(s) => match s.get(row) {
                        Some(None) => 0,
                        Some(Some(s)) => 2 - usize::from(s.is_poor()),
                        None => {
                            failed = Some(row);
                            break 'blocks;
                        }
                    },
                    None => 1,
                };
                let file = (((fc.1 & fc.0) >> b) & 1) as usize;
                let key = usize::from(*slot)
                    | status
                    | (tri(t, b) << 2)
                    | (tri(e, b) << 4)
                    | (tri(o, b) << 6)
                    | (file << 8);
                *slot = table.get(key).copied().unwrap_or(0);
            }
            if stop < block.len() {
                failed = Some(first + stop);
                break 'blocks;
            }
        }
        if let Some(row) = failed {
            flags.truncate(start + row);
            return Err(row);
        }
        Ok(())
    }
}

/// [`flags_of`] for every combination of what it reads, indexed as `people_and_flags` keys
/// rows: status class (bits 0–1: not recorded, poor, not poor), terminal, e-commerce and
/// training (two bits each: not recorded, no, yes), file complete (bit 8), and the exit
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
            let status = match key & 3 {
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
                terminal: tri((key >> 2) & 3),
                ecommerce: tri((key >> 4) & 3),
                online_training: tri((key >> 6) & 3),
                file_complete: (key >> 8) & 1 == 1,
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
}
