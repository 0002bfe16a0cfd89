//! The Arrow and Parquet adapter of fupin, shared by the `fupin` command and the Python
//! binding: record batches of the register and of unit facts in, results out as record
//! batches that polars, pyarrow, pandas and DuckDB read directly.
//!
//! All rules live in `fupin-core`; this crate only converts. Every input row is either
//! accepted or reported with its row, column, stable code and message.
//!
//! # Features
//!
//! - `parquet` (default): read and write Parquet files (`parquet_io`, `push_parquet`, the
//!   page-level fast path, a range of row groups with `push_parquet_range`, a data set with
//!   `add_parquet_checked`); without it, record batches only (the Python binding hands its
//!   batches over this way).
//!
//! ```
//! use std::sync::Arc;
//! use arrow_array::{RecordBatch, StringArray, UInt8Array};
//! use arrow_schema::{DataType, Field, Schema};
//! use fupin_arrow::{ColumnMap, add_households};
//! use fupin_core::assess::{Dataset, MissingStrategy};
//! use fupin_core::region::Level;
//!
//! // an export with Chinese column names, one bad village code
//! let schema = Schema::new(vec![
//!     Field::new("行政区划代码", DataType::Utf8, false),
//!     Field::new("家庭人口", DataType::UInt8, false),
//!     Field::new("贫困户状态", DataType::Utf8, false),
//! ]);
//! let batch = RecordBatch::try_new(Arc::new(schema), vec![
//!     Arc::new(StringArray::from(vec!["522327100201", "522327100201", "5223271002"])),
//!     Arc::new(UInt8Array::from(vec![4, 3, 2])),
//!     Arc::new(StringArray::from(vec!["贫困户", "已脱贫", "返贫"])),
//! ])?;
//! let mut ds = Dataset::new(chrono::NaiveDate::from_ymd_opt(2020, 6, 30).unwrap());
//! let report = add_households(&mut ds, &batch, &ColumnMap::default(), 0)?;
//! assert_eq!((report.rows, report.accepted), (3, 2));
//! assert_eq!(report.rejected.iter().next().unwrap().path.to_string(), "[2].行政区划代码");
//! let table = fupin_arrow::indicators_table(&ds.roll_up(), &[Level::County], MissingStrategy::default(), None)?;
//! assert_eq!(table.num_rows(), 15); // one county, the fifteen indicators of the catalog
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![forbid(unsafe_code)]

mod cell;
mod checked;
mod columns;
mod duplicates;
mod error;
mod fast;
mod households;
mod parallel;
#[cfg(feature = "parquet")]
mod parquet_count;
#[cfg(feature = "parquet")]
mod parquet_dataset;
#[cfg(feature = "parquet")]
pub mod parquet_io;
#[cfg(feature = "pages")]
mod parquet_pages;
#[cfg(feature = "parquet")]
mod parquet_range;
mod records;
mod results;
mod spare;
mod spill;
mod synthetic;
#[cfg(feature = "parquet")]
pub use synthetic::parquet_is_synthetic;
pub use synthetic::{
    SYNTHETIC_COLUMN, SYNTHETIC_KEY, SYNTHETIC_LABEL, is_synthetic_column, is_synthetic_metadata,
    schema_is_synthetic,
};
mod unit_values;
pub use unit_values::holds_field;
mod units;

pub use checked::{add_batches_checked, push_reader_checked};
pub use columns::{
    COUNTY_FIELDS, ColumnMap, DEFAULTED_FIELDS, DefaultedField, HOUSEHOLD_FIELDS,
    REQUIRED_HOUSEHOLD_FIELDS, TOWNSHIP_FIELDS, VILLAGE_FIELDS,
};
pub use duplicates::{find_duplicates, has_file_numbers, push_checked, push_except};
pub use error::ArrowError;
pub use fast::{add_households_fast, push_households_fast};
pub use households::{HouseholdRows, add_households, push_households, read_households};
pub use parallel::{add_batches, push_batches, push_reader};
#[cfg(feature = "parquet")]
pub use parquet_count::{OnRejected, ParquetCount, push_parquet, push_parquet_checked};
#[cfg(feature = "parquet")]
pub use parquet_dataset::add_parquet_checked;
#[cfg(feature = "parquet")]
pub use parquet_range::{GroupRange, prime_parquet_range, push_parquet_range};
pub use records::{
    CHUNK_BYTES, LinesError, MAX_LINE_BYTES, check_column, check_lines, check_lines_each,
    count_record_lines, issues_table,
};
pub use results::{
    Names, exits_table, indicators_table, indicators_table_within, rejects_table, report_table,
    scorecards_table, verdicts_table,
};
pub use spill::TempSpill;
pub use units::{
    read_counties, read_counties_with, read_townships, read_townships_with, read_units,
    read_units_numbered, read_units_numbered_with, read_units_with, read_villages,
    read_villages_with,
};

/// Re-exported Arrow crates, so users of this crate use the same versions.
pub use arrow_array;
pub use arrow_schema;
