#![forbid(unsafe_code)]
#![doc = include_str!("../README.md")]

pub mod digits;
pub mod html;
pub mod labels;
pub mod xlsx;

mod model;

/// The judgements a report shows: made by the core's `fupin_core::assess::Assessment`, the same
/// for the command, Python and the browser.
pub use fupin_core::assess::Judged;
pub use model::{Assessment, Input, Lang, Names, Rejected, data_problems_note};

/// Why a report could not be made.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReportError {
    /// A sheet would have more rows than Excel's 1,048,576.
    #[error(
        "the sheet `{sheet}` would have more rows than Excel's 1,048,576: limit the report to a region (--region), or to fewer levels"
    )]
    TooManyRows {
        /// The sheet.
        sheet: String,
    },
    /// The workbook could not be written.
    #[error("the workbook could not be written: {0}")]
    Xlsx(String),
    /// The HTML report could not be made.
    #[error("the HTML report could not be made: {0}")]
    Html(String),
}

impl ReportError {
    /// The stable code of the error.
    pub fn code(&self) -> &'static str {
        match self {
            ReportError::TooManyRows { .. } => "too_many_rows",
            ReportError::Xlsx(_) => "xlsx_write",
            ReportError::Html(_) => "html_write",
        }
    }
}
