//! A table of villages, townships or counties, read one way for `fupin assess` and
//! `fupin validate`: the same columns (the unit's fields and the value columns of the
//! indicators beyond shares), the same reader, so both accept and reject the same rows
//! with the same issues.

use std::path::Path;

use fupin_arrow::ColumnMap;
use fupin_core::Issues;
use fupin_core::assess::UnitFacts;
use fupin_core::plan::MeasureDefs;
use fupin_core::plan::measure::FieldSpec;
use fupin_core::region::Level;

use crate::args::ReadArgs;
use crate::error::CliError;
use crate::input::{self, Format, Source, TableSummary};

/// The fields of a unit table at `level` (villages, townships, counties).
pub fn fields_of(level: Level) -> &'static [&'static str] {
    match level {
        Level::Village => &fupin_arrow::VILLAGE_FIELDS,
        Level::Township => &fupin_arrow::TOWNSHIP_FIELDS,
        _ => &fupin_arrow::COUNTY_FIELDS,
    }
}

/// One unit table as read.
pub struct UnitTable {
    /// The units of its rows accepted.
    pub units: UnitFacts,
    /// Every problem of its rejected rows (`[row].column`, rows from 1): those of reading,
    /// then those of the units' fields.
    pub rejected: Issues,
    /// What was read (rows, columns, format).
    pub summary: TableSummary,
    /// The value columns of the indicators beyond shares at its level.
    pub values: Vec<FieldSpec>,
}

/// Reads the unit table `path` at `level` (in `format`, from `source` when it was opened
/// to find its format), its unit fields and the value columns `defs` defines at the level.
pub fn read_unit_table(
    path: &Path,
    format: Format,
    source: Option<Source>,
    level: Level,
    read: &ReadArgs,
    map: &ColumnMap,
    defs: &MeasureDefs,
) -> Result<UnitTable, CliError> {
    let values = defs.fields(level);
    let mut opts = super::fields_read_options(read, map, fields_of(level));
    if let Some(cols) = opts.columns.as_mut() {
        for f in &values {
            cols.push(f.name.clone());
            cols.extend(f.aliases.iter().cloned());
        }
    }
    let (chunks, mut summary) =
        input::read_all_from(path, format, source, &opts).map_err(|e| e.in_file(path))?;
    let numbered: Vec<(arrow_array::RecordBatch, usize)> =
        chunks.into_iter().map(|c| (c.batch, c.first_row)).collect();
    let none: &[(arrow_array::RecordBatch, usize)] = &[];
    let (v, t, c) = match level {
        Level::Village => (numbered.as_slice(), none, none),
        Level::Township => (none, numbered.as_slice(), none),
        _ => (none, none, numbered.as_slice()),
    };
    let (units, issues) = fupin_arrow::read_units_numbered_with(v, t, c, map, defs)
        .map_err(|e| CliError::from(e).in_file(path))?;
    let mut rejected = std::mem::take(&mut summary.rejected);
    for list in issues {
        rejected.0.extend(list.0);
    }
    Ok(UnitTable {
        units,
        rejected,
        summary,
        values,
    })
}

/// As [`read_unit_table`], the format from the options or the name (standard input's from
/// its first bytes).
pub fn read_unit_file(
    path: &Path,
    level: Level,
    read: &ReadArgs,
    map: &ColumnMap,
    defs: &MeasureDefs,
) -> Result<UnitTable, CliError> {
    let opts = super::read_options(read);
    let (format, source) = match input::declared_format(path, &opts)? {
        Some(f) => (f, None),
        None => {
            let s = Source::open(path)?;
            (s.sniff_format(), Some(s))
        }
    };
    read_unit_table(path, format, source, level, read, map, defs)
}
