//! Writing results: terminal tables (aligned for Chinese characters), JSON, CSV and a
//! self-contained HTML report.

pub mod html;
pub mod table;

use std::io::Write;
use std::path::{Path, PathBuf};

use arrow_array::RecordBatch;

use crate::error::CliError;

/// Where output goes: a file, or standard output.
pub fn sink(out: Option<&PathBuf>) -> Result<Box<dyn Write>, CliError> {
    Ok(match out {
        Some(path) => Box::new(std::io::BufWriter::new(
            std::fs::File::create(path).map_err(|source| CliError::Write {
                path: path.clone(),
                source,
            })?,
        )),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    })
}

/// Maps an I/O error on output to a [`CliError`].
pub fn write_err(path: Option<&PathBuf>) -> impl Fn(std::io::Error) -> CliError + '_ {
    move |source| CliError::Write {
        path: path.cloned().unwrap_or_else(|| PathBuf::from("<stdout>")),
        source,
    }
}

/// Writes a record batch as CSV (header first).
pub fn batch_csv(batch: &RecordBatch, w: &mut dyn Write) -> Result<(), std::io::Error> {
    let mut out = csv::Writer::from_writer(w);
    let header: Vec<String> = batch
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect();
    out.write_record(&header)?;
    for row in 0..batch.num_rows() {
        let cells: Vec<String> = batch
            .columns()
            .iter()
            .map(|c| table::cell(c, row))
            .collect();
        out.write_record(&cells)?;
    }
    out.flush()
}

/// Writes rejected rows (file, row, path, code, message) as CSV.
pub fn write_rejects(path: &Path, rejects: &[(String, fupin_core::Issue)]) -> Result<(), CliError> {
    let err = |source| CliError::Write {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::create(path).map_err(err)?;
    let mut w = csv::Writer::from_writer(file);
    let io = |e: csv::Error| CliError::Write {
        path: path.to_path_buf(),
        source: std::io::Error::other(e.to_string()),
    };
    w.write_record(["file", "row", "path", "code", "message"])
        .map_err(io)?;
    for (file, issue) in rejects {
        let row = match issue.path.items().first() {
            Some(fupin_core::PathItem::Index(n)) => n.to_string(),
            _ => String::new(),
        };
        w.write_record([
            file.as_str(),
            row.as_str(),
            issue.path.to_string().as_str(),
            issue.code.as_str(),
            issue.message.as_str(),
        ])
        .map_err(io)?;
    }
    w.flush().map_err(err)
}
