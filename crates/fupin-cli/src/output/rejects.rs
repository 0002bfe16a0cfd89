//! Rejected rows as they come: each one written to the `--rejects` file at once, counted
//! exactly per code (the commands count them per file), and only the first [`SAMPLE`] kept in memory for the
//! report — memory follows the villages, not the rejected rows.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use fupin_core::Issue;
use serde::Serialize;

use super::{CsvOut, Out, Val};
use crate::error::CliError;

/// Rejected rows kept in memory for the report (the first ones met); the `--rejects` file
/// has them all.
pub const SAMPLE: usize = 1_000;

/// Where rejected rows go: the `--rejects` file (all of them, as they come), exact counts,
/// and a bounded sample for the report.
pub struct Rejects {
    file: Option<(PathBuf, CsvOut<Out>)>,
    sample: Vec<(String, Issue)>,
    limit: usize,
    issues: usize,
    by_code: BTreeMap<String, usize>,
}

/// What a report says of its rejected rows besides the counts of rows.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RejectsSummary {
    /// Problems found (a rejected row may have several).
    pub issues: usize,
    /// Problems per code.
    pub by_code: BTreeMap<String, usize>,
    /// Problems shown in the report (the first ones met); the others are in `file`.
    pub shown: usize,
    /// The file holding every rejected row (`--rejects`), if one was given.
    pub file: Option<String>,
}

impl RejectsSummary {
    /// The sentence saying how many problems a report showing the first `shown` of them
    /// shows, and where they all are.
    pub fn sentence(&self, shown: usize) -> String {
        let shown = shown.min(self.shown);
        let whole = match &self.file {
            Some(f) => format!("all in {f}"),
            None => "pass --rejects FILE to keep them all".to_owned(),
        };
        format!(
            "{} problems in rejected rows, first {shown} shown; {whole}",
            self.issues
        )
    }
}

impl Rejects {
    /// A sink writing to `path` (none: only counted and sampled), keeping the first
    /// [`SAMPLE`] rejected rows.
    pub fn new(path: Option<&Path>) -> Result<Self, CliError> {
        Self::with_limit(path, SAMPLE)
    }

    /// A sink keeping the first `limit` rejected rows in memory.
    pub fn with_limit(path: Option<&Path>, limit: usize) -> Result<Self, CliError> {
        let file = match path {
            None => None,
            Some(p) => {
                let w = Out::create(p)?;
                let mut out = CsvOut::new(w);
                out.header(&["file", "row", "path", "code", "message"])
                    .map_err(|source| CliError::Write {
                        path: p.to_path_buf(),
                        source,
                    })?;
                Some((p.to_path_buf(), out))
            }
        };
        Ok(Rejects {
            file,
            sample: Vec::new(),
            limit,
            issues: 0,
            by_code: BTreeMap::new(),
        })
    }

    /// Records one problem of a rejected row of `file`.
    pub fn add(&mut self, file: &str, issue: Issue) -> Result<(), CliError> {
        if let Some((path, out)) = &mut self.file {
            let row = match issue.path.items().first() {
                Some(fupin_core::PathItem::Index(n)) => Val::num(n),
                _ => Val::Num(String::new()),
            };
            out.row(&[
                Val::from(file),
                row,
                Val::Text(issue.path.to_string()),
                Val::from(issue.code.as_str()),
                Val::from(issue.message.as_str()),
            ])
            .map_err(|source| CliError::Write {
                path: path.clone(),
                source,
            })?;
        }
        self.issues += 1;
        *self.by_code.entry(issue.code.clone()).or_default() += 1;
        if self.sample.len() < self.limit {
            self.sample.push((file.to_owned(), issue));
        }
        Ok(())
    }

    /// Records every problem of `issues`, found in `file`.
    pub fn extend(
        &mut self,
        file: &str,
        issues: impl IntoIterator<Item = Issue>,
    ) -> Result<(), CliError> {
        for i in issues {
            self.add(file, i)?;
        }
        Ok(())
    }

    /// The first problems met (at most the limit).
    pub fn sample(&self) -> &[(String, Issue)] {
        &self.sample
    }

    /// The counts for the report.
    pub fn summary(&self) -> RejectsSummary {
        RejectsSummary {
            issues: self.issues,
            by_code: self.by_code.clone(),
            shown: self.sample.len(),
            file: self.file.as_ref().map(|(p, _)| p.display().to_string()),
        }
    }

    /// Ends the `--rejects` file (every row written, the file in its place) and gives the
    /// sample. A sink dropped without it leaves no file.
    pub fn finish(self) -> Result<Vec<(String, Issue)>, CliError> {
        if let Some((path, out)) = self.file {
            out.into_inner()
                .map_err(|source| CliError::Write { path, source })?
                .finish()?;
        }
        Ok(self.sample)
    }
}
