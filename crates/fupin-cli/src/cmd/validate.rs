//! `fupin validate`: every problem of every file, with file, row, path, code and message.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use fupin_core::assess::{Dataset, TallyStream, UnitFacts};
use fupin_core::household::{DuplicateCheck, DuplicateFinder, Household};
use fupin_core::pairing::PairingBook;
use fupin_core::responsibility::{MapContext, ResponsibilityMap};
use fupin_core::{Issue, Issues, Path as IssuePath};
use serde::Serialize;
use serde_json::Value;

use super::{column_map, read_text};
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
    today: chrono::NaiveDate,
    /// People registered in two households, by keyed pseudonyms of their ID numbers.
    dupes: DuplicateFinder,
    /// Households given twice (same village and file number, or for records the same
    /// members), across every file of the run.
    households: DuplicateCheck,
    /// The file being read (named in the duplicates' messages).
    source: String,
    /// Where every problem goes as it is found.
    rejects: Rejects,
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
                if let Some(twice) = self.households.add_household(&h, row) {
                    issues.push(twice);
                }
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
        problems: 0,
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
    source: input::Source,
    max: u64,
    mut f: impl FnMut(usize, &[u8]) -> std::ops::ControlFlow<()>,
) -> Result<(), CliError> {
    use std::io::BufRead;
    let read_err = |source| CliError::Read {
        path: path.to_path_buf(),
        source,
    };
    let mut file = std::io::BufReader::new(source.into_reader());
    let mut bytes = Vec::new();
    let mut row = 0;
    loop {
        bytes.clear();
        // a line of at most `max` bytes: a longer one (or none ending) is an error
        let n = std::io::Read::take(&mut file, max.saturating_add(1))
            .read_until(b'\n', &mut bytes)
            .map_err(read_err)?;
        if n == 0 {
            return Ok(());
        }
        if bytes.len() as u64 > max && bytes.last() != Some(&b'\n') {
            return Err(input::record_too_long(path, row + 1, max));
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

/// A JSON Lines file of household records (objects with `members`), validated record by
/// record as it is read (once: a pipe works), each line within the record limit, the
/// problems streamed to the sink, households and people given twice found: memory holds a
/// line, not the file. The source back when no line of its head has `members` (a table).
fn household_lines(
    path: &Path,
    max: u64,
    source: input::Source,
    check: &mut Checker,
) -> Result<Result<FileResult, input::Source>, CliError> {
    #[derive(serde::Deserialize)]
    struct Probe {
        members: Option<serde::de::IgnoredAny>,
    }
    // records when a line of the first 64 KiB (read ahead, so that the file is read once
    // and a pipe works) is an object with members; when none of them is whole, when they
    // name `members`
    let head = &source.head;
    let whole = head.iter().rposition(|b| *b == b'\n');
    let lines = head.get(..whole.unwrap_or(0)).unwrap_or_default();
    let nested = match whole {
        Some(_) => lines.split(|b| *b == b'\n').any(|line| {
            // an object (serde would read the struct from a list too)
            std::str::from_utf8(line.trim_ascii())
                .ok()
                .map(|l| l.trim_start_matches('\u{feff}'))
                .filter(|l| l.starts_with('{'))
                .and_then(|l| serde_json::from_str::<Probe>(l).ok())
                .is_some_and(|p| p.members.is_some())
        }),
        None => head.windows(9).any(|w| w == b"\"members\""),
    };
    if !nested {
        return Ok(Err(source));
    }
    let mut rows = 0;
    let mut accepted = 0;
    let mut failed: Option<CliError> = None;
    let name = check.source.clone();
    each_line(path, source, max, |row, line| {
        rows = row;
        let at = IssuePath::root().index(row);
        let Ok(line) = std::str::from_utf8(line) else {
            let issue = Issue::new(
                "invalid_encoding",
                at,
                "the line is not UTF-8 text (JSON Lines files are UTF-8)",
            );
            if let Err(e) = check.rejects.add(&name, issue) {
                failed = Some(e);
                return std::ops::ControlFlow::Break(());
            }
            return std::ops::ControlFlow::Continue(());
        };
        let found = match fupin_core::parse_json(line.trim_start_matches('\u{feff}')) {
            Ok(v) => check.household(row, v),
            Err(issue) if issue.code == "duplicate_key" => {
                let mut i = Issues::new();
                i.extend_under(&at, Issues(vec![issue]));
                i
            }
            Err(issue) => {
                let mut i = Issues::new();
                i.extend_under(
                    &at,
                    Issues(vec![Issue::new(
                        "invalid_json",
                        IssuePath::root(),
                        format!("the line is not JSON: {}", issue.message),
                    )]),
                );
                i
            }
        };
        if found.is_empty() {
            accepted += 1;
        } else if let Err(e) = check.rejects.extend(&name, found) {
            failed = Some(e);
            return std::ops::ControlFlow::Break(());
        }
        std::ops::ControlFlow::Continue(())
    })?;
    if let Some(e) = failed {
        return Err(e);
    }
    Ok(Ok(FileResult {
        file: String::new(),
        kind: "household records".to_owned(),
        rows,
        accepted,
        rejected: rows - accepted,
        problems: 0,
        issues: Issues::new(),
    }))
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
        let mut accepted = 0;
        let mut rejected = 0;
        let mut progress = Progress::new(path.display().to_string());
        let rejects = &mut check.rejects;
        let households = &mut check.households;
        // the problems go to the sink as they come (one chunk of them in memory at most)
        let summary = input::read_table_from_pipelined(path, format, source, &opts, &mut |chunk| {
            rejected += chunk.rejected.len();
            rejects.extend(&name, chunk.rejected)?;
            if chunk.batch.num_rows() == 0 {
                return Ok(());
            }
            let report = fupin_arrow::push_checked(
                &mut stream,
                households,
                &chunk.batch,
                &map,
                chunk.first_row,
            )?
            .ok_or_else(|| {
                CliError::Usage(
                    "households given twice: a village's rows were forgotten".to_owned(),
                )
            })?;
            accepted += report.accepted;
            rejected += report.rejected.rows().len();
            rejects.extend(&name, report.rejected)?;
            progress.add(chunk.batch.num_rows());
            Ok(())
        })
        .map_err(|e| e.in_file(path))?;
        progress.finish();
        return Ok(FileResult {
            file: String::new(),
            kind: format!("households ({})", summary.detected),
            rows: summary.rows,
            accepted,
            rejected,
            problems: 0,
            issues: Issues::new(),
        });
    }
    let (chunks, summary) =
        input::read_all_from(path, format, source, &opts).map_err(|e| e.in_file(path))?;
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
        problems: 0,
        issues,
    })
}

fn one_file(path: &Path, args: &ValidateArgs, check: &mut Checker) -> Result<FileResult, CliError> {
    let before = check.rejects.summary().issues;
    let shown_before = check.rejects.sample().len();
    check.source = path.display().to_string();
    check.households.begin_file(&check.source, false);
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
        dupes,
        households: DuplicateCheck::new(),
        source: String::new(),
        rejects: Rejects::new(args.rejects.as_deref())?,
    };
    let results: Vec<FileResult> = args
        .files
        .iter()
        .map(|p| one_file(p, args, &mut check))
        .collect::<Result<_, _>>()?;
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
    // the files take their places only now that everything is written
    check.rejects.finish()?;
    w.finish()?;
    Ok(if results.iter().any(|r| r.rejected > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
