//! The command's error type: what went wrong, in plain words, with a stable code and the
//! exit status it leads to.

use std::path::PathBuf;

/// Why a command could not run (rejected rows are not errors: they are reported).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CliError {
    /// A file could not be opened or read.
    #[error("cannot read `{path}`: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A file could not be written.
    #[error("cannot write `{path}`: {source}")]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A file's format is not one fupin reads.
    #[error("`{path}`: {message}")]
    Format {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A file that cannot be read as what it claims to be: a broken workbook, an archive
    /// that would unpack to too much, text in no encoding fupin reads.
    #[error("`{path}`: {message}")]
    Input {
        /// The file.
        path: PathBuf,
        /// The stable code.
        code: &'static str,
        /// What is wrong.
        message: String,
    },
    /// The Arrow adapter refused the data of a file.
    #[error("`{path}`: {source}")]
    ArrowIn {
        /// The file.
        path: PathBuf,
        /// Why.
        source: fupin_arrow::ArrowError,
    },
    /// A command-line value is not valid.
    #[error("{0}")]
    Usage(String),
    /// The Arrow adapter refused the data.
    #[error(transparent)]
    Arrow(#[from] fupin_arrow::ArrowError),
    /// The core refused the data.
    #[error(transparent)]
    Core(#[from] fupin_core::Error),
    /// A report could not be made.
    #[error(transparent)]
    Report(#[from] fupin_report::ReportError),
}

impl From<fupin_core::region::CodeError> for CliError {
    fn from(e: fupin_core::region::CodeError) -> Self {
        CliError::Core(e.into())
    }
}

impl CliError {
    /// The stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            CliError::Read { .. } => "read_error",
            CliError::Write { .. } => "write_error",
            CliError::Format { .. } => "unsupported_format",
            CliError::Input { code, .. } => code,
            CliError::ArrowIn { source, .. } => source.code(),
            CliError::Usage(_) => "usage",
            CliError::Arrow(e) => e.code(),
            CliError::Core(e) => e.code(),
            CliError::Report(e) => e.code(),
        }
    }

    /// A file-level error with its own code.
    pub fn input(path: &std::path::Path, code: &'static str, message: impl Into<String>) -> Self {
        CliError::Input {
            path: path.to_path_buf(),
            code,
            message: message.into(),
        }
    }

    /// This error, naming `path` when it came from the Arrow adapter without it.
    #[must_use]
    pub fn in_file(self, path: &std::path::Path) -> Self {
        match self {
            // a title above the column names is the usual cause in CSV and workbooks
            CliError::Arrow(source @ fupin_arrow::ArrowError::MissingColumn { .. })
                if path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                    ["csv", "xlsx", "xls", "txt"]
                        .iter()
                        .any(|x| e.eq_ignore_ascii_case(x))
                }) =>
            {
                CliError::input(
                    path,
                    "missing_column",
                    format!(
                        "{source}; if a title or notes are above the column names, give their row with --header-row"
                    ),
                )
            }
            CliError::Arrow(source) => CliError::ArrowIn {
                path: path.to_path_buf(),
                source,
            },
            other => other,
        }
    }

    /// A format error for `path`.
    pub fn format(path: &std::path::Path, message: impl Into<String>) -> Self {
        CliError::Format {
            path: path.to_path_buf(),
            message: message.into(),
        }
    }
}
