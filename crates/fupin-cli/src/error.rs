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
    /// A command-line value is not valid.
    #[error("{0}")]
    Usage(String),
    /// The Arrow adapter refused the data.
    #[error(transparent)]
    Arrow(#[from] fupin_arrow::ArrowError),
    /// The core refused the data.
    #[error(transparent)]
    Core(#[from] fupin_core::Error),
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
            CliError::Usage(_) => "usage",
            CliError::Arrow(e) => e.code(),
            CliError::Core(e) => e.code(),
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
