//! `fupin validate`: every problem of every file, with file, row, path, code and message.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use fupin_core::assess::{Dataset, TallyStream, UnitFacts};
use fupin_core::household::{DuplicateFinder, RecordChecker};
use fupin_core::pairing::PairingBook;
use fupin_core::responsibility::{MapContext, ResponsibilityMap};
use fupin_core::{Issue, Issues, Path as IssuePath};
use serde::Serialize;
use serde_json::Value;

use super::column_map;
use crate::args::{Kind, OutputFormat, ValidateArgs};
use crate::error::CliError;
use crate::input::{self, Format};
use crate::output::rejects::Rejects;
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
    /// Every problem found in the file (all in the `--rejects` file).
    problems: usize,
    /// The problems shown: the file's among the first met in the run (a bounded number;
    /// `problems` counts them all).
    issues: Issues,
}

/// What is checked across the files of one run.
struct Checker {
    /// The day that counts as today.
    today: chrono::NaiveDate,
    /// Household records, on every core: people registered in two households (by keyed
    /// pseudonyms of their ID numbers) and households given twice (same village and file
    /// number, or for records the same members), across every file of the run.
    records: RecordChecker,
    /// The file being read (named in the duplicates' messages).
    source: String,
    /// Where every problem goes as it is found.
    rejects: Rejects,
}

/// Counts the records handed over and streams their problems to the sink: the receiver of
/// [`RecordChecker`]'s records, in input order. After a failed write the rest are counted
/// only (the error ends the command).
struct Tally<'a> {
    name: &'a str,
    rejects: &'a mut Rejects,
    rows: usize,
    accepted: usize,
    failed: Option<CliError>,
}

impl<'a> Tally<'a> {
    fn new(name: &'a str, rejects: &'a mut Rejects) -> Self {
        Tally {
            name,
            rejects,
            rows: 0,
            accepted: 0,
            failed: None,
        }
    }

    fn add(&mut self, issues: Issues) {
        self.rows += 1;
        if issues.is_empty() {
            self.accepted += 1;
        } else if self.failed.is_none()
            && let Err(e) = self.rejects.extend(self.name, issues)
        {
            self.failed = Some(e);
        }
    }

    fn result(self) -> Result<FileResult, CliError> {
        if let Some(e) = self.failed {
            return Err(e);
        }
        Ok(FileResult {
            file: String::new(),
            kind: "household records".to_owned(),
            rows: self.rows,
            accepted: self.accepted,
            rejected: self.rows - self.accepted,
            problems: 0,
            issues: Issues::new(),
        })
    }
}

/// Household records already parsed (a JSON file's list, or its one object), numbered
/// from 1.
fn records(values: &[Value], check: &mut Checker) -> Result<FileResult, CliError> {
    let name = check.source.clone();
    let mut tally = Tally::new(&name, &mut check.rejects);
    check
        .records
        .values_each(values, &name, 1, &mut |_, issues| tally.add(issues));
    tally.result()
}

/// Records of a JSON list handed to the checker at a time.
const JSON_CHUNK: usize = 4096;

fn json_file(path: &Path, kind: Option<Kind>, check: &mut Checker) -> Result<FileResult, CliError> {
    // a list is read item by item and checked a chunk at a time, its problems streamed to
    // the sink: memory holds a chunk of records, not the file
    let name = check.source.clone();
    let Checker {
        records: checker,
        rejects,
        ..
    } = check;
    let mut tally = Tally::new(&name, rejects);
    let mut chunk: Vec<Value> = Vec::with_capacity(JSON_CHUNK);
    let mut first = 1;
    let mut flush = |chunk: &mut Vec<Value>, tally: &mut Tally<'_>| {
        checker.values_each(chunk, &name, first, &mut |_, issues| tally.add(issues));
        first += chunk.len();
        chunk.clear();
    };
    let top = fupin_core::parse_json_items(super::open_text(path)?, |_, v| {
        chunk.push(v);
        if chunk.len() == JSON_CHUNK {
            flush(&mut chunk, &mut tally);
        }
    })
    .map_err(|issue| {
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
    let Some(value) = top else {
        flush(&mut chunk, &mut tally);
        return tally.result();
    };
    drop(tally);
    let is_book = value.get("helpers").is_some() || value.get("pairings").is_some();
    let is_map = value.get("bodies").is_some();
    let one = |kind: &str, issues: Issues| FileResult {
        file: String::new(),
        kind: kind.to_owned(),
        rows: 1,
        accepted: usize::from(issues.is_empty()),
        rejected: usize::from(!issues.is_empty()),
        problems: 0,
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
        (_, v) => records(std::slice::from_ref(&v), check)?,
    })
}

/// A JSON Lines file of household records (objects with `members`), checked on every
/// core in order-preserving chunks as it is read (once: a pipe works), each line within the
/// record limit, the problems streamed to the sink in row order, households and people
/// given twice found: memory holds a few chunks, not the file. The source back when its
/// first record has no list of `members` (a table).
fn household_lines(
    path: &Path,
    max: u64,
    mut source: input::Source,
    check: &mut Checker,
) -> Result<Result<FileResult, input::Source>, CliError> {
    let nested = super::records_in(&mut source, max, path)?;
    if !nested {
        return Ok(Err(source));
    }
    let name = check.source.clone();
    let mut tally = Tally::new(&name, &mut check.rejects);
    let read = fupin_arrow::check_lines_each(
        &mut check.records,
        source.into_reader(),
        &name,
        1,
        max,
        &mut |_, issues| tally.add(issues),
    );
    match read {
        Ok(()) => {}
        Err(fupin_arrow::LinesError::TooLong { row, max }) => {
            return Err(input::record_too_long(path, row, max));
        }
        Err(fupin_arrow::LinesError::Read(source)) => {
            return Err(CliError::Read {
                path: path.to_path_buf(),
                source,
            });
        }
        Err(e) => {
            return Err(CliError::Read {
                path: path.to_path_buf(),
                source: e.into(),
            });
        }
    }
    tally.result().map(Ok)
}

fn table_file(
    path: &Path,
    kind: Kind,
    args: &ValidateArgs,
    check: &mut Checker,
    format: Format,
    source: Option<input::Source>,
) -> Result<FileResult, CliError> {
    let today = check.today;
    let name = check.source.clone();
    let map = column_map(&args.read)?;
    if kind != Kind::Households {
        return unit_table(path, kind, args, &map, today, format, source);
    }
    let opts = super::household_read_options(&args.read, &map);
    let mut stream = TallyStream::new(today, UnitFacts::default())?;
    let mut accepted = 0;
    let mut rejected = 0;
    let mut progress = Progress::new(path.display().to_string());
    let rejects = &mut check.rejects;
    let records = &mut check.records;
    // the problems go to the sink as they come (one chunk of them in memory at most)
    let summary = input::read_table_from_pipelined(path, format, source, &opts, &mut |chunk| {
        rejected += chunk.rejected.len();
        rejects.extend(&name, chunk.rejected)?;
        if chunk.batch.num_rows() == 0 {
            return Ok(());
        }
        // taken afresh for each chunk: past the budget, the tables go to the spill
        let mut households = records.table_households(&name);
        let report = fupin_arrow::push_checked(
            &mut stream,
            &mut households,
            &chunk.batch,
            &map,
            chunk.first_row,
        )?
        .ok_or_else(|| {
            CliError::Usage("households given twice: a village's rows were forgotten".to_owned())
        })?;
        accepted += report.accepted;
        rejected += report.rejected.rows().len();
        rejects.extend(&name, report.rejected)?;
        progress.add(chunk.batch.num_rows());
        Ok(())
    })
    .map_err(|e| e.in_file(path))?;
    progress.finish();
    Ok(FileResult {
        file: String::new(),
        kind: format!("households ({})", summary.detected),
        rows: summary.rows,
        accepted,
        rejected,
        problems: 0,
        issues: Issues::new(),
    })
}

/// A table of villages, townships or counties, read as `fupin assess` reads it (one code
/// path: the same columns, the indicators' value columns among them, the same issues), then
/// its units checked together as the core takes them.
fn unit_table(
    path: &Path,
    kind: Kind,
    args: &ValidateArgs,
    map: &fupin_arrow::ColumnMap,
    today: chrono::NaiveDate,
    format: Format,
    source: Option<input::Source>,
) -> Result<FileResult, CliError> {
    let level = match kind {
        Kind::Villages => fupin_core::region::Level::Village,
        Kind::Townships => fupin_core::region::Level::Township,
        _ => fupin_core::region::Level::County,
    };
    let read = super::units::read_unit_table(
        path,
        format,
        source,
        level,
        &args.read,
        map,
        &fupin_core::plan::MeasureDefs::default(),
    )?;
    let summary = read.summary;
    let mut issues = read.rejected;
    // the core numbers the units from 0
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
    if let Err(e) = Dataset::with_units(today, read.units) {
        issues.0.extend(e.issues().into_iter().map(renumber));
    }
    let rejected = issues.rows().len();
    Ok(FileResult {
        file: String::new(),
        kind: format!("{kind:?} ({})", summary.detected).to_lowercase(),
        rows: summary.rows,
        accepted: summary.rows.saturating_sub(rejected),
        rejected,
        problems: 0,
        issues,
    })
}

fn one_file(path: &Path, args: &ValidateArgs, check: &mut Checker) -> Result<FileResult, CliError> {
    let before = check.rejects.summary().issues;
    let shown_before = check.rejects.sample().len();
    check.source = path.display().to_string();
    check.records.begin_source(&check.source);
    let is_json = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let mut result = if is_json {
        json_file(path, args.kind, check)?
    } else {
        let kind = args.kind.unwrap_or(Kind::Households);
        let opts = super::read_options(&args.read);
        // the format from the options or the name; standard input's from its first bytes
        // (read once, with the rest)
        let (format, source) = match input::declared_format(path, &opts)? {
            Some(f) => (f, None),
            None => {
                let s = input::Source::open(path)?;
                (s.sniff_format(), Some(s))
            }
        };
        if kind == Kind::Households && format == Format::Jsonl {
            let source = match source {
                Some(s) => s,
                None => input::Source::open(path)?,
            };
            match household_lines(path, opts.max_record(), source, check)? {
                Ok(r) => r,
                Err(source) => table_file(path, kind, args, check, format, Some(source))?,
            }
        } else {
            table_file(path, kind, args, check, format, source)?
        }
    };
    result.file = path.display().to_string();
    // the problems still held go to the sink; the report shows the file's among the
    // first met in the run
    let held = std::mem::take(&mut result.issues);
    check.rejects.extend(&result.file, held)?;
    let after = check.rejects.summary().issues;
    result.problems = after - before;
    result.issues = Issues(
        check
            .rejects
            .sample()
            .get(shown_before..)
            .unwrap_or_default()
            .iter()
            .map(|(_, i)| i.clone())
            .collect(),
    );
    Ok(result)
}

/// The people registered twice and households given twice found at the end, once the
/// tables of duplicates were spilled to a temporary folder (large inputs: see
/// [`RecordChecker::spill_over`]): each such record's problems go to the sink after every
/// file's, and its file's counts are brought up to date.
fn late_duplicates(check: &mut Checker, results: &mut [FileResult]) -> Result<(), CliError> {
    let Checker {
        records, rejects, ..
    } = check;
    let mut failed = None;
    records
        .finish(&mut |source, _, issues, newly| {
            let shown = rejects.sample().len();
            let count = issues.len();
            if failed.is_none()
                && let Err(e) = rejects.extend(source, issues)
            {
                failed = Some(e);
            }
            if let Some(r) = results.iter_mut().rev().find(|r| r.file == source) {
                r.problems += count;
                if newly {
                    r.accepted = r.accepted.saturating_sub(1);
                    r.rejected += 1;
                }
                let sample = rejects.sample().get(shown..).unwrap_or_default();
                r.issues.0.extend(sample.iter().map(|(_, i)| i.clone()));
            }
        })
        .map_err(|source| CliError::Read {
            path: std::env::temp_dir(),
            source,
        })?;
    failed.map_or(Ok(()), Err)
}

/// Runs `fupin validate`.
pub fn run(args: &ValidateArgs) -> Result<ExitCode, CliError> {
    let mut inputs: Vec<&Path> = args.files.iter().map(|p| p.as_path()).collect();
    inputs.extend(args.pseudonym_key.as_deref());
    inputs.extend(args.read.columns.as_deref());
    output::refuse_clashes(
        &[
            ("--out", args.write.out.as_deref()),
            ("--rejects", args.rejects.as_deref()),
        ],
        &inputs,
    )?;
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
        records: RecordChecker::new(today, dupes)
            .threads(args.threads)
            .spill_over(
                args.spill_over.unwrap_or(RecordChecker::SPILL_OVER_BYTES),
                std::sync::Arc::new(fupin_arrow::TempSpill),
            ),
        source: String::new(),
        rejects: Rejects::new(args.rejects.as_deref())?,
    };
    let mut results: Vec<FileResult> = args
        .files
        .iter()
        .map(|p| one_file(p, args, &mut check))
        .collect::<Result<_, _>>()?;
    late_duplicates(&mut check, &mut results)?;
    let rejects = check.rejects.summary();
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
        let title = if r.issues.len() < r.problems {
            let whole = rejects.file.as_ref().map_or_else(
                || "pass --rejects FILE to keep them all".to_owned(),
                |f| format!("all in {f}"),
            );
            format!(
                "{} ({} problems, first {} shown; {whole})",
                r.file,
                r.problems,
                r.issues.len()
            )
        } else {
            r.file.clone()
        };
        let mut g = Grid::new(
            title,
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
    // the rules of records depend on the day (dates in the future, ages): it is said
    let dated = format!(
        "checked as of {today}{}",
        if args.as_of.is_none() {
            " (today: --as-of DATE checks as of another day)"
        } else {
            ""
        }
    );
    match args.write.format {
        OutputFormat::Json => {
            /// A file's result with the day it was checked as of.
            #[derive(Serialize)]
            struct Dated<'a> {
                as_of: chrono::NaiveDate,
                #[serde(flatten)]
                result: &'a FileResult,
            }
            let dated: Vec<Dated<'_>> = results
                .iter()
                .map(|result| Dated {
                    as_of: today,
                    result,
                })
                .collect();
            serde_json::to_writer_pretty(&mut w, &dated)
                .map_err(|e| err(std::io::Error::other(e.to_string())))?;
            writeln!(w).map_err(&err)?;
        }
        OutputFormat::Html => {
            let tables: Vec<Grid> = std::iter::once(summary).chain(problems).collect();
            output::html::grids(&mut w, "fupin validate", &[dated], &tables).map_err(&err)?;
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
            writeln!(w, "{dated}").map_err(&err)?;
            writeln!(w, "{}", summary.table()).map_err(&err)?;
            for g in problems {
                writeln!(w, "\n{}:\n{}", output::term(&g.title), g.table()).map_err(&err)?;
            }
        }
    }
    // the files take their places only now that everything is written
    check.rejects.finish()?;
    w.finish()?;
    Ok(if results.iter().any(|r| r.rejected > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
