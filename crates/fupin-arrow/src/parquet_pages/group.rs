//! A clean row group decoded from its pages into owned columns ([`Group`]), handed to the
//! core as [`Households::Columns`]: counted into a stream on the thread that decoded it, or
//! decoded on any thread and added to a data set in the order of the rows.

use fupin_core::assess::{BitColumn, FieldColumns, Households, IncomeColumn, IncomeValues};
use fupin_core::household::HouseholdStatus;
use fupin_core::region::RegionCode;
use parquet::basic::Type as Physical;
use parquet::file::metadata::RowGroupMetaData;

use super::columns::{YesNo, give_u16s, give_u32s, give_words, take_u16s, yes_no_column};
use super::plain::Raw;
use super::{MAX_GROUP_ROWS, NULL, Plan, Villages, gather, keyed_checked, utf8};
use crate::spare::{give_statuses, take_statuses};

/// Incomes as the file holds them, dictionary-encoded: the core judges each distinct amount
/// once.
enum Amounts {
    Decimal(Vec<f64>),
    Yuan(Vec<i64>),
}

/// An income column: the distinct amounts, per row the index of its amount, and which rows
/// have one (`None`: all).
struct Income {
    amounts: Amounts,
    keys: Vec<u32>,
    valid: Option<Vec<u64>>,
}

/// The columns of a clean row group, decoded: the village codes its rows use and per row
/// the index of its code, then each field the file has.
pub(crate) struct Group {
    rows: usize,
    villages: Vec<RegionCode>,
    keys: Vec<u32>,
    people: Option<Vec<u16>>,
    status: Option<Vec<Option<HouseholdStatus>>>,
    /// The yes/no columns, in the order of [`FLAG_FIELDS`](crate::fast::FLAG_FIELDS).
    flags: [Option<YesNo>; 5],
    income: Option<Income>,
}

impl std::fmt::Debug for Group {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "parquet_pages::Group({} rows)", self.rows)
    }
}

fn bit(c: &Option<YesNo>) -> Option<BitColumn<'_>> {
    c.as_ref().map(|c| BitColumn {
        values: &c.values,
        valid: c.valid.as_deref(),
    })
}

impl Group {
    /// Decodes row group `group` (its village column `village` read already by
    /// [`villages`](super::villages)), or `None` when it is not read here: a null village,
    /// a code that is not a region code, a member count or status that is not clean, a
    /// layout not read here (the row group then goes through the Arrow reader).
    pub(crate) fn decode(
        file: &std::sync::Arc<std::fs::File>,
        group: &RowGroupMetaData,
        plan: &Plan,
        village: Villages,
    ) -> Option<Group> {
        let n = usize::try_from(group.num_rows()).ok()?;
        // a null village (a row the Arrow path reports) sends the group that way
        if n > MAX_GROUP_ROWS || village.keys.len() != n || village.valid.is_some() {
            give_u32s(village.keys);
            return None;
        }
        // only the codes rows use are handed on (an unused one would make a village of no
        // households); writers' dictionaries hold just those, so usually nothing is
        // renumbered
        let mut used = vec![false; village.dict.len()];
        for k in &village.keys {
            *used.get_mut(*k as usize)? = true;
        }
        let (villages, keys) = if used.iter().all(|u| *u) {
            let codes: Option<Vec<_>> = village.dict.iter().map(|d| d.0).collect();
            (codes?, village.keys)
        } else {
            let mut remap = vec![NULL; used.len()];
            let mut codes = Vec::new();
            for (k, slot) in remap.iter_mut().enumerate() {
                if used.get(k).copied().unwrap_or(false) {
                    codes.push(village.dict.get(k).and_then(|d| d.0)?);
                    *slot = u32::try_from(codes.len() - 1).ok()?;
                }
            }
            let keys = gather(&village.keys, &remap, NULL);
            give_u32s(village.keys);
            (codes, keys)
        };
        let mut decoded = Group {
            rows: n,
            villages,
            keys,
            people: None,
            status: None,
            flags: Default::default(),
            income: None,
        };
        // the other columns; the first one not read here sends the group the Arrow way
        let read = decoded.read_fields(file, group, plan);
        if read.is_none() {
            decoded.recycle();
            return None;
        }
        Some(decoded)
    }

    /// Reads the member counts, statuses, yes/no columns and incomes into `self`.
    fn read_fields(
        &mut self,
        file: &std::sync::Arc<std::fs::File>,
        group: &RowGroupMetaData,
        plan: &Plan,
    ) -> Option<()> {
        // members and statuses: looked up per row from their parsed distinct values; a null
        // or a value that is not clean sends the row group the Arrow way
        if let Some(i) = plan.people {
            let col = keyed_checked(file, group, i, |raw| {
                let v = match raw {
                    Raw::Int32(v) => i64::from(v),
                    Raw::Int64(v) => v,
                    _ => return Err(()),
                };
                // 0: not clean (out of the core's household size)
                Ok(fupin_core::assess::household_size(i128::from(v)).unwrap_or(0))
            })?;
            let mut people = take_u16s();
            // a small dictionary (a register's sizes): looked up in a table of its own
            let mut table = [0u16; 256];
            let small = col.dict.len() <= table.len();
            if small {
                for (t, d) in table.iter_mut().zip(&col.dict) {
                    *t = *d;
                }
                people.extend(col.keys.iter().map(|k| {
                    table
                        .get(usize::try_from(*k).unwrap_or(usize::MAX))
                        .copied()
                        .unwrap_or(0)
                }));
            } else {
                people.extend(
                    col.keys
                        .iter()
                        .map(|k| col.dict.get(*k as usize).copied().unwrap_or(0)),
                );
            }
            give_u32s(col.keys);
            if let Some(valid) = col.valid {
                give_words(valid);
            }
            let clean = !people.contains(&0);
            self.people = Some(people);
            if !clean {
                return None;
            }
        }
        if let Some(i) = plan.status {
            let col = keyed_checked(file, group, i, |raw| {
                utf8(raw).map(HouseholdStatus::parse_label)
            })?;
            let mut status = take_statuses();
            status.extend(
                col.keys
                    .iter()
                    .map(|k| col.dict.get(*k as usize).copied().unwrap_or(None)),
            );
            give_u32s(col.keys);
            if let Some(valid) = col.valid {
                give_words(valid);
            }
            let clean = !status.contains(&None);
            self.status = Some(status);
            if !clean {
                return None;
            }
        }
        for (slot, i) in self.flags.iter_mut().zip(plan.flags) {
            if let Some(i) = i {
                *slot = Some(yes_no_column(file, group, i)?);
            }
        }
        if let Some(i) = plan.income {
            let decimal = matches!(
                group.schema_descr().columns().get(i)?.physical_type(),
                Physical::DOUBLE
            );
            let col = keyed_checked(file, group, i, |raw| match raw {
                Raw::Double(v) => Ok((v, 0)),
                Raw::Int64(v) => Ok((0.0, v)),
                Raw::Int32(v) => Ok((0.0, i64::from(v))),
                Raw::Bytes(_) => Err(()),
            })?;
            let valid = col.valid;
            let amounts = if decimal {
                Amounts::Decimal(col.dict.iter().map(|v| v.0).collect())
            } else {
                Amounts::Yuan(col.dict.iter().map(|v| v.1).collect())
            };
            self.income = Some(Income {
                amounts,
                keys: col.keys,
                valid,
            });
        }
        Some(())
    }

    /// The group's households, as the core takes columns.
    pub(crate) fn households(&self) -> Households<'_> {
        let mut cols = FieldColumns::new(self.rows);
        cols.people = self.people.as_deref();
        cols.status = self.status.as_deref();
        crate::fast::set_flags(&mut cols, self.flags.each_ref().map(bit));
        cols.income_per_capita = self.income.as_ref().map(|inc| IncomeColumn {
            values: match &inc.amounts {
                Amounts::Decimal(values) => IncomeValues::KeyedDecimal {
                    values,
                    keys: &inc.keys,
                },
                Amounts::Yuan(values) => IncomeValues::KeyedYuan {
                    values,
                    keys: &inc.keys,
                },
            },
            valid: inc.valid.as_deref(),
        });
        Households::Columns {
            villages: &self.villages,
            keys: &self.keys,
            columns: cols,
        }
    }

    /// Gives the group's index and member buffers back to this thread's spares.
    pub(crate) fn recycle(self) {
        if let Some(people) = self.people {
            give_u16s(people);
        }
        if let Some(status) = self.status {
            give_statuses(status);
        }
        give_u32s(self.keys);
        for flag in self.flags.into_iter().flatten() {
            flag.recycle();
        }
        if let Some(income) = self.income {
            give_u32s(income.keys);
            if let Some(valid) = income.valid {
                give_words(valid);
            }
        }
    }
}
