//! Record batches of the register → the core's bulk household input. Every row is accepted
//! or reported (path `[row].column`), never dropped.

use arrow_array::cast::AsArray;
use arrow_array::types::Int64Type;
use arrow_array::{Array, ArrayRef, BooleanArray, Int64Array, RecordBatch};
use arrow_schema::DataType;
use fupin_core::assess::{Dataset, HouseholdFields, Households, RowReport, TallyStream};
use fupin_core::household::HouseholdStatus;
use fupin_core::{Issue, Issues, Path, RegionCode, Yuan};

use crate::cell;
use crate::columns::ColumnMap;
use crate::error::ArrowError;

/// The household rows of one batch, read: what the core takes, plus the rejected rows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HouseholdRows {
    /// 12-digit village codes of the accepted rows.
    pub villages: Vec<u64>,
    /// Their fields.
    pub fields: Vec<HouseholdFields>,
    /// Row number (in the input, from `row_offset`) of each accepted row.
    pub rows: Vec<usize>,
    /// One issue per rejected row.
    pub rejected: Issues,
    /// Rows read.
    pub total: usize,
}

struct Cols {
    village: (ArrayRef, String),
    people: Option<(ArrayRef, String)>,
    status: Option<(ArrayRef, String)>,
    terminal: Option<(ArrayRef, String)>,
    ecommerce: Option<(ArrayRef, String)>,
    training: Option<(ArrayRef, String)>,
    file_complete: Option<(ArrayRef, String)>,
    income: Option<(ArrayRef, String)>,
    guarantees: Option<(ArrayRef, String)>,
}

fn column(batch: &RecordBatch, map: &ColumnMap, field: &str) -> Option<(ArrayRef, String)> {
    let schema = batch.schema();
    map.find(&schema, field).and_then(|i| {
        Some((
            normalized(batch.columns().get(i)?),
            schema.fields().get(i)?.name().clone(),
        ))
    })
}

/// The column as the readers below take it fastest, the same values: dictionary-encoded
/// columns (pandas categoricals, DuckDB enums, `read_dictionary` in pyarrow) decoded to
/// their values, small integers widened to `Int64`. Anything else, or a failed cast, is
/// kept as it is (and read cell by cell, with the same rules).
pub(crate) fn normalized(col: &ArrayRef) -> ArrayRef {
    let to = match col.data_type() {
        DataType::Dictionary(_, value) => value.as_ref().clone(),
        DataType::Int8
        | DataType::Int16
        | DataType::Int32
        | DataType::UInt8
        | DataType::UInt16
        | DataType::UInt32 => DataType::Int64,
        // exact decimals (databases write money so) are read from their text, exactly
        DataType::Decimal32(..)
        | DataType::Decimal64(..)
        | DataType::Decimal128(..)
        | DataType::Decimal256(..)
        // a column of nothing but nulls (pandas writes an all-empty column so)
        | DataType::Null => DataType::Utf8,
        DataType::Float16 => DataType::Float64,
        _ => return col.clone(),
    };
    arrow_cast::cast(col, &to).unwrap_or_else(|_| col.clone())
}

/// The fields of the register that are read (the file number is not).
pub(crate) const READ_FIELDS: [&str; 9] = [
    "village",
    "people",
    "status",
    "terminal",
    "ecommerce",
    "online_training",
    "file_complete",
    "income_per_capita",
    "guarantees_met",
];

/// Fails when a column's type (after [`normalized`]) cannot hold its field at all — a
/// schema problem, reported once rather than on every row.
pub(crate) fn check_type(col: Option<&(ArrayRef, String)>, field: &str) -> Result<(), ArrowError> {
    let Some((c, name)) = col else {
        return Ok(());
    };
    let t = c.data_type();
    let text = matches!(t, DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View);
    let number = t.is_integer() || matches!(t, DataType::Float32 | DataType::Float64);
    let (ok, expected) = match field {
        "status" => (text, "a status is read from text"),
        "village" | "township" | "county" => {
            (text || number, "a code is read from text or whole numbers")
        }
        "people" => (text || number, "a size is read from whole numbers or text"),
        "income_per_capita" => (text || number, "an amount is read from numbers or text"),
        _ => (
            text || number || *t == DataType::Boolean,
            "yes/no is read from booleans, 1/0 or text",
        ),
    };
    if ok {
        return Ok(());
    }
    Err(ArrowError::ColumnType {
        field: field.to_owned(),
        column: name.clone(),
        found: t.to_string(),
        expected,
    })
}

/// A column's concrete type, resolved once per batch for the common types, so that rows
/// are read without a dynamic cast per cell.
#[derive(Clone, Copy)]
enum Fast<'a> {
    Bool(&'a BooleanArray),
    Int(&'a Int64Array),
    Other,
}

impl<'a> Fast<'a> {
    fn of(col: Option<&'a (ArrayRef, String)>) -> Self {
        match col.map(|(c, _)| (c, c.data_type())) {
            Some((c, DataType::Boolean)) => Fast::Bool(c.as_boolean()),
            Some((c, DataType::Int64)) => Fast::Int(c.as_primitive::<Int64Type>()),
            _ => Fast::Other,
        }
    }
}

/// The fast views of the columns of a batch.
#[derive(Clone, Copy)]
struct Fasts<'a> {
    people: Fast<'a>,
    terminal: Fast<'a>,
    ecommerce: Fast<'a>,
    training: Fast<'a>,
    file_complete: Fast<'a>,
    income: Fast<'a>,
    guarantees: Fast<'a>,
}

impl<'a> Fasts<'a> {
    fn of(c: &'a Cols) -> Self {
        Fasts {
            people: Fast::of(c.people.as_ref()),
            terminal: Fast::of(c.terminal.as_ref()),
            ecommerce: Fast::of(c.ecommerce.as_ref()),
            training: Fast::of(c.training.as_ref()),
            file_complete: Fast::of(c.file_complete.as_ref()),
            income: Fast::of(c.income.as_ref()),
            guarantees: Fast::of(c.guarantees.as_ref()),
        }
    }
}

/// A yes/no cell: booleans directly, anything else by [`cell::flag`].
fn flag_at(fast: Fast<'_>, col: &ArrayRef, i: usize) -> Result<Option<bool>, cell::CellError> {
    match fast {
        Fast::Bool(a) => Ok(a.is_valid(i).then(|| a.value(i))),
        _ => cell::flag(col, i),
    }
}

/// An integer cell: `Int64` directly, anything else by [`cell::integer`].
fn integer_at(fast: Fast<'_>, col: &ArrayRef, i: usize) -> Result<Option<i128>, cell::CellError> {
    match fast {
        Fast::Int(a) => Ok(a.is_valid(i).then(|| i128::from(a.value(i)))),
        _ => cell::integer(col, i),
    }
}

fn bad(row: usize, col: &str, code: &str, message: String) -> Issue {
    Issue::new(code, Path::root().index(row).key(col), message)
}

/// The last village and status text read and what they gave: registers list the households
/// of a village together, so most rows repeat the previous row's text.
#[derive(Default)]
struct Last<'a> {
    village: Option<(&'a str, RegionCode)>,
    status: Option<(&'a str, HouseholdStatus)>,
}

fn read_row<'a>(
    c: &'a Cols,
    fast: Fasts<'a>,
    i: usize,
    row: usize,
    last: &mut Last<'a>,
) -> Result<(u64, HouseholdFields), Issues> {
    // every field is read, and every problem of the row reported (not only the first)
    let (vcol, vname) = &c.village;
    let village = (|| -> Result<RegionCode, Issue> {
        Ok(match vcol.data_type() {
            arrow_schema::DataType::Utf8
            | arrow_schema::DataType::LargeUtf8
            | arrow_schema::DataType::Utf8View => match cell::str_at(vcol, i) {
                None => {
                    return Err(bad(
                        row,
                        vname,
                        "missing_value",
                        "no village code".to_owned(),
                    ));
                }
                Some(t) => match last.village {
                    Some((prev, code)) if prev == t => code,
                    _ => {
                        let code = RegionCode::parse(t.trim())
                            .map_err(|e| bad(row, vname, e.code(), e.to_string()))?;
                        last.village = Some((t, code));
                        code
                    }
                },
            },
            _ => match cell::integer(vcol, i).map_err(|m| bad(row, vname, "invalid_value", m))? {
                None => {
                    return Err(bad(
                        row,
                        vname,
                        "missing_value",
                        "no village code".to_owned(),
                    ));
                }
                Some(n) => u64::try_from(n)
                    .map_err(|_| {
                        bad(
                            row,
                            vname,
                            "code_out_of_range",
                            format!("{n} is not a region code"),
                        )
                    })
                    .and_then(|n| {
                        RegionCode::from_u64(n)
                            .map_err(|e| bad(row, vname, e.code(), e.to_string()))
                    })?,
            },
        })
    })();
    let people = (|| -> Result<u16, Issue> {
        Ok(match &c.people {
            None => 1,
            Some((col, name)) => {
                match integer_at(fast.people, col, i)
                    .map_err(|m| bad(row, name, "invalid_value", m))?
                {
                    None => {
                        return Err(bad(
                            row,
                            name,
                            "missing_value",
                            "household size is empty".to_owned(),
                        ));
                    }
                    Some(n) => fupin_core::assess::household_size(n)
                        .map_err(|e| bad(row, name, &e.code, e.message))?,
                }
            }
        })
    })();
    let status = (|| -> Result<Option<HouseholdStatus>, Issue> {
        Ok(match &c.status {
            None => None,
            Some((col, _)) if matches!(last.status, Some((prev, _)) if cell::str_at(col, i) == Some(prev)) => {
                last.status.map(|(_, s)| s)
            }
            Some((col, name)) => {
                match cell::text(col, i).map_err(|m| bad(row, name, "invalid_value", m))? {
                    None => {
                        return Err(bad(
                            row,
                            name,
                            "missing_value",
                            "status is empty".to_owned(),
                        ));
                    }
                    Some(t) if t.trim().is_empty() => {
                        return Err(bad(
                            row,
                            name,
                            "missing_value",
                            "status is empty".to_owned(),
                        ));
                    }
                    Some(t) => {
                        let status = HouseholdStatus::parse_label(&t).ok_or_else(|| {
                            bad(
                                row,
                                name,
                                "unknown_key",
                                format!("unknown status `{}`", fupin_core::quote(t.trim())),
                            )
                        })?;
                        if let Some(text) = cell::str_at(col, i) {
                            last.status = Some((text, status));
                        }
                        Some(status)
                    }
                }
            }
        })
    })();
    let flag = |col: &Option<(ArrayRef, String)>, f: Fast<'_>| -> Result<Option<bool>, Issue> {
        match col {
            None => Ok(None),
            Some((col, name)) => flag_at(f, col, i).map_err(|m| bad(row, name, "invalid_value", m)),
        }
    };
    let income = (|| -> Result<Option<Yuan>, Issue> {
        Ok(match &c.income {
            None => None,
            Some((col, name)) => {
                let parsed = match col.data_type() {
                    arrow_schema::DataType::Utf8
                    | arrow_schema::DataType::LargeUtf8
                    | arrow_schema::DataType::Utf8View => {
                        match cell::text(col, i).map_err(|m| bad(row, name, "invalid_value", m))? {
                            Some(t) if !t.trim().is_empty() => Some(t.trim().parse::<Yuan>()),
                            _ => None,
                        }
                    }
                    arrow_schema::DataType::Float32 | arrow_schema::DataType::Float64 => {
                        cell::number(col, i)
                            .map_err(|m| bad(row, name, "invalid_value", m))?
                            .map(Yuan::from_f64)
                    }
                    _ => integer_at(fast.income, col, i)
                        .map_err(|m| bad(row, name, "invalid_value", m))?
                        .map(|n| {
                            i64::try_from(n)
                                .map_err(|_| fupin_core::MoneyError::OutOfRange(n.to_string()))
                                .and_then(Yuan::try_from_yuan)
                        }),
                };
                match parsed {
                    None => None,
                    // the rule of household records: not below zero
                    Some(Ok(y)) => Some(
                        fupin_core::assess::per_capita_income(y)
                            .map_err(|e| bad(row, name, &e.code, e.message))?,
                    ),
                    Some(Err(e)) => return Err(bad(row, name, e.code(), e.to_string())),
                }
            }
        })
    })();
    let mut problems = Issues::new();
    let village = noted(village, &mut problems);
    let people = noted(people, &mut problems);
    let status = noted(status, &mut problems);
    let income = noted(income, &mut problems);
    let terminal = noted(flag(&c.terminal, fast.terminal), &mut problems);
    let ecommerce = noted(flag(&c.ecommerce, fast.ecommerce), &mut problems);
    let training = noted(flag(&c.training, fast.training), &mut problems);
    let file_complete = noted(flag(&c.file_complete, fast.file_complete), &mut problems);
    let guarantees = noted(flag(&c.guarantees, fast.guarantees), &mut problems);
    let (
        Some(village),
        Some(people),
        Some(status),
        Some(income),
        Some(terminal),
        Some(ecommerce),
        Some(training),
        Some(file_complete),
        Some(guarantees),
    ) = (
        village,
        people,
        status,
        income,
        terminal,
        ecommerce,
        training,
        file_complete,
        guarantees,
    )
    else {
        return Err(problems);
    };
    let mut fields = HouseholdFields::new(people, status.unwrap_or(HouseholdStatus::Poor));
    fields.status = status;
    fields.terminal = terminal;
    fields.ecommerce = ecommerce;
    fields.online_training = training;
    fields.file_complete = file_complete;
    fields.income_per_capita = income;
    fields.guarantees_met = guarantees;
    Ok((village.as_u64(), fields))
}

/// The value of a field, or `None` with its problem added to `problems`.
fn noted<T>(read: Result<T, Issue>, problems: &mut Issues) -> Option<T> {
    read.map_err(|issue| problems.push(issue)).ok()
}

/// Reads the household rows of a batch; `row_offset` numbers its first row (so chunks of one
/// file number their rows on). The village, members and status columns are required
/// ([`ColumnMap::check_register`]: `missing_column`, `conflicting_columns`); missing
/// optional columns leave their fields unrecorded.
pub fn read_households(
    batch: &RecordBatch,
    map: &ColumnMap,
    row_offset: usize,
) -> Result<HouseholdRows, ArrowError> {
    map.check_register(&batch.schema())?;
    let village = column(batch, map, "village").ok_or_else(|| ArrowError::MissingColumn {
        field: "village".to_owned(),
        accepted: map.names("village").join(", "),
    })?;
    let c = Cols {
        village,
        people: column(batch, map, "people"),
        status: column(batch, map, "status"),
        terminal: column(batch, map, "terminal"),
        ecommerce: column(batch, map, "ecommerce"),
        training: column(batch, map, "online_training"),
        file_complete: column(batch, map, "file_complete"),
        income: column(batch, map, "income_per_capita"),
        guarantees: column(batch, map, "guarantees_met"),
    };
    for (col, field) in [
        (Some(&c.village), "village"),
        (c.people.as_ref(), "people"),
        (c.status.as_ref(), "status"),
        (c.terminal.as_ref(), "terminal"),
        (c.ecommerce.as_ref(), "ecommerce"),
        (c.training.as_ref(), "online_training"),
        (c.file_complete.as_ref(), "file_complete"),
        (c.income.as_ref(), "income_per_capita"),
        (c.guarantees.as_ref(), "guarantees_met"),
    ] {
        check_type(col, field)?;
    }
    let n = batch.num_rows();
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(n / PARALLEL_MIN_ROWS)
        .max(1);
    if threads == 1 {
        return Ok(read_range(&c, Fasts::of(&c), 0..n, row_offset, n));
    }
    // contiguous parts on every core, joined in order
    let per = n.div_ceil(threads);
    let parts: Vec<HouseholdRows> = std::thread::scope(|s| {
        let c = &c;
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let range = (t * per).min(n)..((t + 1) * per).min(n);
                s.spawn(move || read_range(c, Fasts::of(c), range, row_offset, 0))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    let mut out = HouseholdRows {
        villages: Vec::with_capacity(n),
        fields: Vec::with_capacity(n),
        rows: Vec::with_capacity(n),
        rejected: Issues::new(),
        total: n,
    };
    for part in parts {
        out.villages.extend(part.villages);
        out.fields.extend(part.fields);
        out.rows.extend(part.rows);
        out.rejected.0.extend(part.rejected.0);
    }
    Ok(out)
}

/// Batches of fewer rows per core are read on one thread.
const PARALLEL_MIN_ROWS: usize = 1 << 16;

/// Reads rows `range` of the batch (numbered from `row_offset`); `total` is recorded as the
/// rows read.
fn read_range<'a>(
    c: &'a Cols,
    fast: Fasts<'a>,
    range: std::ops::Range<usize>,
    row_offset: usize,
    total: usize,
) -> HouseholdRows {
    let len = range.len();
    let mut out = HouseholdRows {
        villages: Vec::with_capacity(len),
        fields: Vec::with_capacity(len),
        rows: Vec::with_capacity(len),
        rejected: Issues::new(),
        total,
    };
    let mut last = Last::default();
    for i in range {
        let row = row_offset + i;
        match read_row(c, fast, i, row, &mut last) {
            Ok((v, f)) => {
                out.villages.push(v);
                out.fields.push(f);
                out.rows.push(row);
            }
            Err(issues) => out.rejected.0.extend(issues.0),
        }
    }
    out
}

/// Re-numbers the core's report (indices into the accepted rows) to input rows and adds the
/// rows rejected while reading.
fn combine(rows: HouseholdRows, core: RowReport) -> RowReport {
    let mut rejected = rows.rejected;
    for mut issue in core.rejected {
        issue.path = issue
            .path
            .map_first_index(|j| rows.rows.get(j).copied().unwrap_or(j));
        rejected.push(issue);
    }
    rejected.0.sort_by_key(|issue| issue.path.first_index());
    RowReport {
        rows: rows.total,
        accepted: core.accepted,
        rejected,
    }
}

/// Adds the households of a batch to a data set.
pub fn add_households(
    ds: &mut Dataset,
    batch: &RecordBatch,
    map: &ColumnMap,
    row_offset: usize,
) -> Result<RowReport, ArrowError> {
    let rows = read_households(batch, map, row_offset)?;
    let core = ds.add_households(Households::Fields {
        villages: &rows.villages,
        fields: &rows.fields,
    })?;
    Ok(combine(rows, core))
}

/// Counts the households of a batch into a stream (memory per village only).
pub fn push_households(
    stream: &mut TallyStream,
    batch: &RecordBatch,
    map: &ColumnMap,
    row_offset: usize,
) -> Result<RowReport, ArrowError> {
    let rows = read_households(batch, map, row_offset)?;
    let core = stream.push_households(Households::Fields {
        villages: &rows.villages,
        fields: &rows.fields,
    })?;
    Ok(combine(rows, core))
}
