//! The one error type of `fupin-arrow`, with stable codes.

/// What went wrong in the adapter. Row-level problems are not errors: they are reported
/// per row in a [`RowReport`](fupin_core::assess::RowReport).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ArrowError {
    /// A column the table needs is missing.
    #[error("no column for `{field}` (accepted names: {accepted})")]
    MissingColumn {
        /// The field.
        field: String,
        /// The names tried.
        accepted: String,
    },
    /// Two columns carry the name of the column a field is read from.
    #[error(
        "columns {first} and {second} are both named `{name}`: which holds `{field}` would be a guess (rename one, or name the field's column with a column map)"
    )]
    AmbiguousColumn {
        /// The field.
        field: String,
        /// The name both columns carry.
        name: String,
        /// Position of the first (from 1).
        first: usize,
        /// Position of the second (from 1).
        second: usize,
    },
    /// Two columns carry two accepted names of one field (`家庭人口` and `people`, say).
    #[error(
        "columns {first} (`{}`) and {second} (`{}`) are both names of `{field}`: which holds it would be a guess (drop or rename one, or name the field's column with a column map)", .names[0], .names[1]
    )]
    ConflictingColumns {
        /// The field.
        field: String,
        /// The two columns' names.
        names: [String; 2],
        /// Position of the first (from 1).
        first: usize,
        /// Position of the second (from 1).
        second: usize,
    },
    /// A column's type cannot hold the field (a village code column of booleans, say).
    #[error("column `{column}` (`{field}`) is of type {found}; {expected}")]
    ColumnType {
        /// The field.
        field: String,
        /// The column.
        column: String,
        /// Its type.
        found: String,
        /// What the field is read from.
        expected: &'static str,
    },
    /// A column mapping file is not valid.
    #[error("column mapping: {0}")]
    Config(String),
    /// The core refused the data.
    #[error(transparent)]
    Core(#[from] fupin_core::Error),
    /// Arrow failed (building or casting a batch).
    #[error("arrow: {0}")]
    Arrow(#[from] arrow_schema::ArrowError),
    /// Parquet failed (reading or writing a file).
    #[cfg(feature = "parquet")]
    #[error("parquet: {0}")]
    Parquet(#[from] parquet::errors::ParquetError),
    /// A file could not be read or written.
    #[error("i/o: {0}")]
    Io(#[from] std::io::Error),
    /// Row groups asked for that the file does not have.
    #[error("row groups {start}..{end} asked for: the file has {groups}")]
    RowGroups {
        /// The first asked for.
        start: usize,
        /// The one after the last asked for.
        end: usize,
        /// The file's row groups.
        groups: usize,
    },
    /// A worker thread stopped without a result (a bug: please report it).
    #[error("a worker thread stopped unexpectedly while {0}")]
    Worker(&'static str),
}

impl ArrowError {
    /// The stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            ArrowError::MissingColumn { .. } => "missing_column",
            ArrowError::AmbiguousColumn { .. } => "ambiguous_column",
            ArrowError::ConflictingColumns { .. } => "conflicting_columns",
            ArrowError::ColumnType { .. } => "column_type",
            ArrowError::Config(_) => "invalid_column_map",
            ArrowError::Core(e) => e.code(),
            ArrowError::Arrow(_) => "arrow_error",
            #[cfg(feature = "parquet")]
            ArrowError::Parquet(_) => "parquet_error",
            ArrowError::Io(_) => "io_error",
            ArrowError::RowGroups { .. } => "row_groups_out_of_range",
            ArrowError::Worker(_) => "worker_failed",
        }
    }
}
