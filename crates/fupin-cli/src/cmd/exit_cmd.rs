//! `fupin exit`: household exit verdicts (贫困户退出) from household records, against the
//! line the user chose, every criterion listed with its source. The rule is the core's
//! (`household_exit_with`); this file reads files and writes results.

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use fupin_core::assess::{ExitStatus, ExitVerdict, household_exit_with};
use fupin_core::household::Household;
use fupin_core::plan::{HouseholdLines, LineChoice, PovertyLines, ProvincialLines, Stability};
use fupin_core::{Issue, Issues, Path as IssuePath};
use serde::Serialize;
use serde_json::Value;

use crate::args::{ExitArgs, LineArg, OutputFormat, StabilityArg};
use crate::error::CliError;
use crate::output::{self, Grid, Val, term};

/// What one file gave: rows read, judged and reported.
#[derive(Debug, Serialize)]
struct FileResult {
    file: String,
    rows: usize,
    judged: usize,
    rejected: usize,
    issues: Issues,
}

/// The command's result.
#[derive(Debug, Serialize)]
struct Report {
    as_of: chrono::NaiveDate,
    line: LineChoice,
    stability: Stability,
    files: Vec<FileResult>,
    counts: Counts,
    verdicts: Vec<ExitVerdict>,
}

#[derive(Debug, Default, Serialize)]
struct Counts {
    eligible: usize,
    not_eligible: usize,
    undetermined: usize,
}

fn lines(args: &ExitArgs) -> Result<HouseholdLines, CliError> {
    let mut national = PovertyLines::builtin();
    if let Some(p) = &args.poverty_lines {
        let given = PovertyLines::from_json(&super::read_text(p)?)
            .map_err(|e| CliError::input(p, "invalid_poverty_lines", e.issues().to_string()))?;
        national.merge(given);
    }
    let mut out = HouseholdLines::default().with_national(national);
    if let Some(p) = &args.standards {
        let parsed = ProvincialLines::from_text(&super::read_text(p)?)
            .map_err(|e| CliError::input(p, "invalid_standards", e.issues().to_string()))?;
        out = out.with_provincial(parsed);
    }
    let choice = match args.line {
        LineArg::National => LineChoice::National,
        LineArg::Provincial => LineChoice::Provincial,
        LineArg::ProvincialElseNational => LineChoice::ProvincialElseNational,
    };
    if choice != LineChoice::National && out.provincial.is_empty() {
        return Err(CliError::Usage(
            "--line provincial needs the provinces' standards: --standards FILE".to_owned(),
        ));
    }
    let stability = match args.stability {
        StabilityArg::AsOfYear => Stability::AsOfYear,
        StabilityArg::TwoYears => Stability::TwoYears,
    };
    Ok(out.with_choice(choice).with_stability(stability))
}

/// The records of a file with their 1-based rows: a JSON list, one JSON object, or JSON
/// Lines; a line that is not JSON is reported at its row.
fn records(path: &Path) -> Result<(Vec<(usize, Value)>, Issues), CliError> {
    let text = super::read_text(path)?;
    if let Ok(v) = fupin_core::parse_json(&text) {
        return Ok(match v {
            Value::Array(items) => (
                items
                    .into_iter()
                    .enumerate()
                    .map(|(i, v)| (i + 1, v))
                    .collect(),
                Issues::new(),
            ),
            v => (vec![(1, v)], Issues::new()),
        });
    }
    let mut out = Vec::new();
    let mut issues = Issues::new();
    for (row, line) in text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .enumerate()
        .map(|(i, l)| (i + 1, l))
    {
        match fupin_core::parse_json(line) {
            Ok(v) => out.push((row, v)),
            Err(issue) => issues.push(Issue::new(
                "invalid_json",
                IssuePath::root().index(row),
                format!("the line is not JSON: {}", issue.message),
            )),
        }
    }
    Ok((out, issues))
}

/// Runs `fupin exit`.
pub fn run(args: &ExitArgs) -> Result<ExitCode, CliError> {
    let mut inputs: Vec<&std::path::Path> = args.files.iter().map(|p| p.as_path()).collect();
    inputs.extend(args.standards.as_deref());
    inputs.extend(args.poverty_lines.as_deref());
    output::refuse_clashes(&[("--out", args.write.out.as_deref())], &inputs)?;
    let lines = lines(args)?;
    let mut files = Vec::new();
    let mut verdicts = Vec::new();
    let mut counts = Counts::default();
    for path in &args.files {
        let (values, mut issues) = records(path)?;
        let rows = values.len() + issues.len();
        let mut judged = 0;
        for (row, v) in values {
            match Household::from_value(v) {
                Ok(h) => {
                    let v = household_exit_with(&h, &lines, args.as_of);
                    match v.status {
                        ExitStatus::Eligible => counts.eligible += 1,
                        ExitStatus::NotEligible => counts.not_eligible += 1,
                        ExitStatus::Undetermined => counts.undetermined += 1,
                    }
                    verdicts.push(v);
                    judged += 1;
                }
                Err(e) => issues.extend_under(&IssuePath::root().index(row), e.issues()),
            }
        }
        files.push(FileResult {
            file: path.display().to_string(),
            rows,
            judged,
            rejected: rows - judged,
            issues,
        });
    }
    let report = Report {
        as_of: args.as_of,
        line: lines.choice,
        stability: lines.stability,
        files,
        counts,
        verdicts,
    };
    let out = args.write.out.as_ref();
    let mut w = output::sink(out)?;
    let err = output::write_err(out);
    match args.write.format {
        OutputFormat::Json => {
            serde_json::to_writer_pretty(&mut w, &report)
                .map_err(|e| err(std::io::Error::other(e.to_string())))?;
            writeln!(w).map_err(&err)?;
        }
        OutputFormat::Csv => criteria_grid(&report).csv(&mut w).map_err(&err)?,
        OutputFormat::Html => {
            let (title, notes) = headline(&report);
            let tables = [
                verdicts_grid(&report),
                criteria_grid(&report),
                rejected_grid(&report),
            ];
            output::html::grids(&mut w, &title, &notes, &tables).map_err(&err)?;
        }
        OutputFormat::Table => write_text(&report, &mut w).map_err(&err)?,
    }
    w.finish()?;
    let rejected = report.files.iter().any(|f| f.rejected > 0);
    Ok(if rejected {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The title and the counts.
fn headline(r: &Report) -> (String, Vec<String>) {
    let title = format!(
        "household exit verdicts as of {} ({} line, {})",
        r.as_of,
        serde_json::to_value(r.line)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default(),
        match r.stability {
            Stability::TwoYears => "above it in the as-of year and the year before",
            _ => "above it in the as-of year",
        }
    );
    let counts = format!(
        "eligible {}, not eligible {}, undetermined {}",
        r.counts.eligible, r.counts.not_eligible, r.counts.undetermined
    );
    (title, vec![counts])
}

fn line_text(v: &ExitVerdict) -> String {
    v.line.as_ref().map_or_else(
        || "no line for the year".to_owned(),
        |l| format!("line {} {} yuan", l.year, l.yuan),
    )
}

fn verdicts_grid(r: &Report) -> Grid {
    let mut g = Grid::new("verdicts", &["file number", "village", "status", "line"]);
    for v in &r.verdicts {
        g.push(vec![
            v.file_number.as_deref().unwrap_or("-").into(),
            Val::Text(v.unit.to_short()),
            v.status.as_str().into(),
            Val::Text(line_text(v)),
        ]);
    }
    g
}

/// One row per criterion of each verdict (the CSV of `fupin exit`).
fn criteria_grid(r: &Report) -> Grid {
    let mut g = Grid::new(
        "criteria",
        &[
            "file_number",
            "village",
            "status",
            "line_year",
            "line_yuan",
            "criterion",
            "label",
            "value",
            "comparator",
            "threshold",
            "passed",
            "source",
        ],
    );
    for v in &r.verdicts {
        for c in &v.criteria {
            g.push(vec![
                v.file_number.as_deref().unwrap_or("").into(),
                Val::Text(v.unit.to_short()),
                v.status.as_str().into(),
                v.line
                    .as_ref()
                    .map_or(Val::Num(String::new()), |l| Val::num(l.year)),
                v.line
                    .as_ref()
                    .map_or(Val::Num(String::new()), |l| Val::num(l.yuan)),
                c.key.to_string().into(),
                c.label_zh.to_string().into(),
                c.value.map_or(Val::Num(String::new()), Val::num),
                c.comparator.symbol().into(),
                Val::num(c.threshold),
                match c.passed {
                    Some(true) => "true",
                    Some(false) => "false",
                    None => "",
                }
                .into(),
                c.source.to_string().into(),
            ]);
        }
    }
    g
}

fn rejected_grid(r: &Report) -> Grid {
    let mut g = Grid::new("rejected", &["file", "where", "code", "why"]);
    for f in &r.files {
        for i in f.issues.iter() {
            g.push(vec![
                f.file.as_str().into(),
                Val::Text(i.path.to_string()),
                i.code.as_str().into(),
                i.message.as_str().into(),
            ]);
        }
    }
    g
}

/// The text report; everything from input through [`term`].
fn write_text(r: &Report, w: &mut dyn std::io::Write) -> std::io::Result<()> {
    let (title, notes) = headline(r);
    writeln!(w, "{title}")?;
    for n in notes {
        writeln!(w, "{n}")?;
    }
    for v in &r.verdicts {
        writeln!(
            w,
            "\n{} (village {}): {} — {}",
            term(v.file_number.as_deref().unwrap_or("-")),
            v.unit.to_short(),
            v.status.as_str(),
            line_text(v),
        )?;
        for c in &v.criteria {
            let mark = match c.passed {
                Some(true) => "✓",
                Some(false) => "✗",
                None => "?",
            };
            let value = c
                .value
                .map_or_else(|| "no data".to_owned(), |x| format!("{x}"));
            writeln!(
                w,
                "  {mark} {} {} ({value} {} {}) — {}",
                term(&c.key.to_string()),
                term(&c.label_zh.to_string()),
                c.comparator.symbol(),
                c.threshold,
                term(&c.source.to_string())
            )?;
        }
    }
    for f in &r.files {
        for i in f.issues.iter() {
            writeln!(
                w,
                "rejected: {} {}: {} ({})",
                term(&f.file),
                term(&i.path.to_string()),
                term(&i.message),
                term(&i.code)
            )?;
        }
    }
    Ok(())
}
