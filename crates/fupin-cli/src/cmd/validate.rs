//! `fupin validate`: every problem of every file, with file, row, path, code and message.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use fupin_core::assess::{Dataset, TallyStream, UnitFacts};
use fupin_core::household::{DuplicateFinder, Household};
use fupin_core::pairing::PairingBook;
use fupin_core::responsibility::{MapContext, ResponsibilityMap};
use fupin_core::{Issue, Issues, Path as IssuePath};
use serde::Serialize;
use serde_json::Value;

use super::{column_map, read_text};
use crate::args::{Kind, OutputFormat, ValidateArgs};
use crate::error::CliError;
use crate::input::{self, Format};
use crate::output::{self, CsvOut, Grid, Val};
use crate::progress::Progress;

/// What one file gave.
#[derive(Debug, Serialize)]
struct FileResult {
    file: String,
    kind: String,
    rows: usize,
    accepted: usize,
    rejected: usize,
    issues: Issues,
}

/// What is checked across the files of one run.
struct Checker {
    today: chrono::NaiveDate,
    /// People registered in two households, by keyed pseudonyms of their ID numbers.
    dupes: DuplicateFinder,
    /// The file being read (named in the duplicates' messages).
    source: String,
}

impl Checker {
    /// Every problem of one household record at row `row`: its own, then its members
    /// registered in an earlier household (of any file of the run).
    fn household(&mut self, row: usize, v: Value) -> Issues {
        let at = IssuePath::root().index(row);
        let mut issues = Issues::new();
        match Household::from_value(v) {
            Ok(h) => {
                issues.extend_under(&at, h.validate_at(self.today));
                issues.0.extend(self.dupes.add(&self.source, &at, &h).0);
            }
            Err(e) => issues.extend_under(&at, e.issues()),
        }
        issues
    }
}

fn records(
    values: Vec<(usize, Value)>,
    check: &mut Checker,
    total: usize,
    mut issues: Issues,
) -> FileResult {
    let mut accepted = 0;
    for (row, v) in values {
        let found = check.household(row, v);
        if found.is_empty() {
            accepted += 1;
        } else {
            issues.0.extend(found.0);
        }
    }
    FileResult {
        file: String::new(),
        kind: "household records".to_owned(),
        rows: total,
        accepted,
        rejected: total - accepted,
        issues,
    }
}

fn json_file(path: &Path, kind: Option<Kind>, check: &mut Checker) -> Result<FileResult, CliError> {
    let text = read_text(path)?;
    let value: Value = fupin_core::parse_json(&text).map_err(|issue| {
        if issue.code == "duplicate_key" {
            CliError::input(
                path,
                "duplicate_key",
                format!("at `{}`: {}", issue.path, issue.message),
            )
        } else {
            CliError::format(path, format!("not JSON: {}", issue.message))
        }
    })?;
    let is_book = value.get("helpers").is_some() || value.get("pairings").is_some();
    let is_map = value.get("bodies").is_some();
    let one = |kind: &str, issues: Issues| FileResult {
        file: String::new(),
        kind: kind.to_owned(),
        rows: 1,
        accepted: usize::from(issues.is_empty()),
        rejected: usize::from(!issues.is_empty()),
        issues,
    };
    Ok(match (kind, value) {
        (Some(Kind::Pairings), v) | (None, v) if is_book => {
            let issues = match PairingBook::from_value(v) {
                Ok(_) => Issues::new(),
                Err(e) => e.issues(),
            };
            one(
                "pairing book (shape; rules need designations: fupin pairings check)",
                issues,
            )
        }
        (Some(Kind::Bodies), v) | (None, v) if is_map => {
            let issues = match ResponsibilityMap::from_value(v) {
                Ok(m) => m.validate(&MapContext::default()),
                Err(e) => e.issues(),
            };
            one("responsibility map", issues)
        }
        (_, Value::Array(items)) => {
            let n = items.len();
            records(
                items
                    .into_iter()
                    .enumerate()
                    .map(|(i, v)| (i + 1, v))
                    .collect(),
                check,
                n,
                Issues::new(),
            )
        }
        (_, v) => records(vec![(1, v)], check, 1, Issues::new()),
    })
}

/// The non-blank lines of a file, numbered from 1, read one at a time.
fn each_line(
    path: &Path,
    mut f: impl FnMut(usize, &[u8]) -> std::ops::ControlFlow<()>,
) -> Result<(), CliError> {
    use std::io::BufRead;
    let read_err = |source| CliError::Read {
        path: path.to_path_buf(),
        source,
    };
    let mut file = std::io::BufReader::new(std::fs::File::open(path).map_err(read_err)?);
    let mut bytes = Vec::new();
    let mut row = 0;
    loop {
        bytes.clear();
        if file.read_until(b'\n', &mut bytes).map_err(read_err)? == 0 {
            return Ok(());
        }
        let line = bytes.trim_ascii();
        if line.is_empty() {
            continue;
        }
        row += 1;
        if f(row, line).is_break() {
            return Ok(());
        }
    }
}

/// A JSON Lines file of household records (objects with `members`), validated as it is
/// read, in chunks of lines checked on every core, the results taken in input order:
/// memory holds a chunk and the issues, not the file. `None` when no
/// line has `members` (a table, read as one).
fn household_lines(path: &Path, check: &mut Checker) -> Result<Option<FileResult>, CliError> {
    #[derive(serde::Deserialize)]
    struct Probe {
        members: Option<serde::de::IgnoredAny>,
    }
    let mut nested = false;
    each_line(path, |_, line| {
        // an object (serde would read the struct from a list too)
        let probe = std::str::from_utf8(line)
            .ok()
            .map(|l| l.trim_start_matches('\u{feff}'))
            .filter(|l| l.starts_with('{'))
            .and_then(|l| serde_json::from_str::<Probe>(l).ok());
        nested = probe.is_some_and(|p| p.members.is_some());
        if nested {
            std::ops::ControlFlow::Break(())
        } else {
            std::ops::ControlFlow::Continue(())
        }
    })?;
    if !nested {
        return Ok(None);
    }
    let read_err = |source| CliError::Read {
        path: path.to_path_buf(),
        source,
    };
    let file = std::io::BufReader::new(std::fs::File::open(path).map_err(read_err)?);
    let dupes = std::mem::replace(&mut check.dupes, DuplicateFinder::with_random_key());
    let mut records = fupin_core::household::RecordChecker::new(check.today, dupes);
    let mut report = fupin_core::household::RecordReport::default();
    let read = fupin_arrow::check_lines(&mut records, file, &check.source, 1, &mut report);
    check.dupes = records.into_dupes();
    read.map_err(read_err)?;
    Ok(Some(FileResult {
        file: String::new(),
        kind: "household records".to_owned(),
        rows: report.records,
        accepted: report.accepted,
        rejected: report.records - report.accepted,
        issues: report.issues,
    }))
}

fn table_file(
    path: &Path,
    kind: Kind,
    args: &ValidateArgs,
    today: chrono::NaiveDate,
) -> Result<FileResult, CliError> {
    let map = column_map(&args.read)?;
    let opts = match kind {
        Kind::Villages => {
            super::fields_read_options(&args.read, &map, &fupin_arrow::VILLAGE_FIELDS)
        }
        Kind::Townships => {
            super::fields_read_options(&args.read, &map, &fupin_arrow::TOWNSHIP_FIELDS)
        }
        Kind::Households => super::household_read_options(&args.read, &map),
        _ => super::fields_read_options(&args.read, &map, &fupin_arrow::COUNTY_FIELDS),
    };
    if kind == Kind::Households {
        let mut stream = TallyStream::new(today, UnitFacts::default())?;
        let mut issues = Issues::new();
        let mut accepted = 0;
        let mut progress = Progress::new(path.display().to_string());
        let summary = input::read_table_pipelined(path, &opts, &mut |chunk| {
            let report = fupin_arrow::push_households_fast(
                &mut stream,
                &chunk.batch,
                &map,
                chunk.first_row,
            )?;
            accepted += report.accepted;
            issues.0.extend(report.rejected);
            progress.add(chunk.batch.num_rows());
            Ok(())
        })
        .map_err(|e| e.in_file(path))?;
        progress.finish();
        issues.0.extend(summary.rejected.0);
        issues.0.sort_by_key(|i| i.path.first_index());
        let rejected = issues.rows().len();
        return Ok(FileResult {
            file: String::new(),
            kind: format!("households ({})", summary.detected),
            rows: summary.rows,
            accepted,
            rejected,
            issues,
        });
    }
    let (chunks, summary) = input::read_all(path, &opts).map_err(|e| e.in_file(path))?;
    let batches: Vec<_> = chunks.into_iter().map(|c| c.batch).collect();
    let in_file = |e: fupin_arrow::ArrowError| CliError::from(e).in_file(path);
    let (units, mut issues) = match kind {
        Kind::Villages => fupin_arrow::read_units(&batches, &[], &[], &map).map_err(in_file)?,
        Kind::Townships => fupin_arrow::read_units(&[], &batches, &[], &map).map_err(in_file)?,
        _ => fupin_arrow::read_units(&[], &[], &batches, &map).map_err(in_file)?,
    };
    // rows are numbered from 1 in files; the adapter numbers them from 0
    let renumber = |i: Issue| -> Issue {
        let mut items = i.path.items().to_vec();
        if let Some(fupin_core::PathItem::Index(n)) = items.get_mut(1) {
            *n += 1;
        }
        let mut p = IssuePath::root();
        for item in items.into_iter().skip(1) {
            p = match item {
                fupin_core::PathItem::Key(k) => p.key(k),
                fupin_core::PathItem::Index(n) => p.index(n),
            };
        }
        Issue { path: p, ..i }
    };
    issues = Issues(issues.into_iter().map(renumber).collect());
    if let Err(e) = Dataset::with_units(today, units) {
        issues.0.extend(e.issues().into_iter().map(renumber));
    }
    issues.0.extend(summary.rejected.0);
    let rejected = issues.rows().len();
    Ok(FileResult {
        file: String::new(),
        kind: format!("{kind:?} ({})", summary.detected).to_lowercase(),
        rows: summary.rows,
        accepted: summary.rows.saturating_sub(rejected),
        rejected,
        issues,
    })
}

fn one_file(path: &Path, args: &ValidateArgs, check: &mut Checker) -> Result<FileResult, CliError> {
    let today = check.today;
    check.source = path.display().to_string();
    let is_json = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let mut result = if is_json {
        json_file(path, args.kind, check)?
    } else {
        let kind = args.kind.unwrap_or(Kind::Households);
        let lines = if kind == Kind::Households && Format::of(path)? == Format::Jsonl {
            household_lines(path, check)?
        } else {
            None
        };
        match lines {
            Some(r) => r,
            None => table_file(path, kind, args, today)?,
        }
    };
    result.file = path.display().to_string();
    Ok(result)
}

/// Runs `fupin validate`.
pub fn run(args: &ValidateArgs) -> Result<ExitCode, CliError> {
    let today = args
        .as_of
        .unwrap_or_else(|| chrono::Utc::now().date_naive());
    let dupes = match &args.pseudonym_key {
        Some(path) => {
            let key = std::fs::read(path).map_err(|source| CliError::Read {
                path: path.clone(),
                source,
            })?;
            DuplicateFinder::new(key.trim_ascii())?
        }
        None => DuplicateFinder::with_random_key(),
    };
    let mut check = Checker {
        today,
        dupes,
        source: String::new(),
    };
    let results: Vec<FileResult> = args
        .files
        .iter()
        .map(|p| one_file(p, args, &mut check))
        .collect::<Result<_, _>>()?;
    if let Some(path) = &args.rejects {
        let all: Vec<(String, Issue)> = results
            .iter()
            .flat_map(|r| r.issues.iter().map(|i| (r.file.clone(), i.clone())))
            .collect();
        output::write_rejects(path, &all)?;
    }
    let out = args.write.out.as_ref();
    let err = output::write_err(out);
    let mut w = output::sink(out)?;
    let mut summary = Grid::new(
        "files",
        &["file", "read as", "rows", "accepted", "rejected"],
    );
    for r in &results {
        summary.push(vec![
            r.file.as_str().into(),
            r.kind.as_str().into(),
            Val::num(r.rows),
            Val::num(r.accepted),
            Val::num(r.rejected),
        ]);
    }
    let problems = results.iter().filter(|r| !r.issues.is_empty()).map(|r| {
        let mut g = Grid::new(
            r.file.as_str(),
            &["where (row 1 = first after the header)", "code", "why"],
        );
        for i in &r.issues {
            g.push(vec![
                Val::Text(i.path.to_string()),
                i.code.as_str().into(),
                i.message.as_str().into(),
            ]);
        }
        g
    });
    match args.write.format {
        OutputFormat::Json => {
            serde_json::to_writer_pretty(&mut w, &results)
                .map_err(|e| err(std::io::Error::other(e.to_string())))?;
            writeln!(w).map_err(&err)?;
        }
        OutputFormat::Html => {
            let tables: Vec<Grid> = std::iter::once(summary).chain(problems).collect();
            output::html::grids(&mut w, "fupin validate", &[], &tables).map_err(&err)?;
        }
        OutputFormat::Csv => {
            let mut c = CsvOut::new(&mut w);
            c.header(&["file", "path", "code", "message"])
                .map_err(&err)?;
            for r in &results {
                for i in &r.issues {
                    c.row(&[
                        r.file.as_str().into(),
                        Val::Text(i.path.to_string()),
                        i.code.as_str().into(),
                        i.message.as_str().into(),
                    ])
                    .map_err(&err)?;
                }
            }
            c.flush().map_err(&err)?;
        }
        OutputFormat::Table => {
            writeln!(w, "{}", summary.table()).map_err(&err)?;
            for g in problems {
                writeln!(w, "\n{}:\n{}", output::term(&g.title), g.table()).map_err(&err)?;
            }
        }
    }
    w.flush().map_err(&err)?;
    Ok(if results.iter().any(|r| r.rejected > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
