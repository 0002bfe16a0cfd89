//! `fupin exit`: household exit verdicts (贫困户退出) from household records, against the
//! line the user chose, every criterion listed with its source. The rule is the core's
//! (`household_exit_with`); this file reads files and writes results.

use std::io::{BufRead as _, Read as _, Write as _};
use std::path::Path;
use std::process::ExitCode;

use fupin_core::assess::{ExitStatus, ExitVerdict, household_exit_with};
use fupin_core::household::{DuplicateCheck, Household, HouseholdStatus};
use fupin_core::plan::{HouseholdLines, LineChoice, PovertyLines, ProvincialLines, Stability};
use fupin_core::{Issue, Issues, Path as IssuePath};
use serde::Serialize;
use serde_json::Value;

use crate::args::{ExitArgs, LineArg, OutputFormat, StabilityArg};
use crate::error::CliError;
use crate::output::rejects::{Rejects, RejectsSummary};
use crate::output::{self, Grid, Val, term};

/// What one file gave: rows read, judged and reported.
#[derive(Debug, Serialize)]
struct FileResult {
    file: String,
    rows: usize,
    judged: usize,
    rejected: usize,
    /// The problems of its rejected records (every one is in the `--rejects` file).
    problems: usize,
    /// Those of them shown: the first ones met in the run (1,000 in all at most).
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
    /// The problems of the rejected records: how many, per code, how many shown.
    rejects: RejectsSummary,
    verdicts: Vec<Judged>,
}

/// A household's verdict (the core's) with the household's status in the register: a
/// household already exited is judged too (whether it still meets the criteria), but it is
/// not one of the poor households eligible to exit.
#[derive(Debug, Serialize)]
struct Judged {
    /// The household's status in the register (`poor`, `exited`, `returned`, `newly_poor`).
    household_status: HouseholdStatus,
    #[serde(flatten)]
    verdict: ExitVerdict,
}

/// The verdicts by outcome.
#[derive(Debug, Default, Serialize)]
struct ByStatus {
    eligible: usize,
    not_eligible: usize,
    undetermined: usize,
}

impl ByStatus {
    fn total(&self) -> usize {
        self.eligible + self.not_eligible + self.undetermined
    }

    fn add(&mut self, status: ExitStatus) {
        match status {
            ExitStatus::Eligible => self.eligible += 1,
            ExitStatus::NotEligible => self.not_eligible += 1,
            ExitStatus::Undetermined => self.undetermined += 1,
        }
    }
}

/// The verdicts of the poor households (poor, returned, newly poor: those that may exit)
/// by outcome, and apart those of the households the register says have already exited.
#[derive(Debug, Default, Serialize)]
struct Counts {
    /// The poor households' verdicts (`eligible`, `not_eligible`, `undetermined` on the wire).
    #[serde(flatten)]
    poor: ByStatus,
    /// The households already exited (status `exited`), by verdict: whether they still
    /// meet the criteria.
    already_exited: ByStatus,
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

/// Hands each record of a file to `each` with its 1-based row, as it is read: a JSON list
/// (item by item: memory holds one record, not the file), one JSON object, or JSON Lines
/// (line by line, each within the record limit; a line that is not JSON goes as its
/// issue).
fn read_records(
    path: &Path,
    each: &mut dyn FnMut(usize, Result<Value, Issue>) -> Result<(), CliError>,
) -> Result<(), CliError> {
    let open = || super::open_text(path);
    let mut handed = 0usize;
    let mut failed = None;
    let whole = fupin_core::parse_json_items(open()?, |i, v| {
        handed += 1;
        if failed.is_none()
            && let Err(e) = each(i + 1, Ok(v))
        {
            failed = Some(e);
        }
    });
    if let Some(e) = failed {
        return Err(e);
    }
    match whole {
        Ok(None) => return Ok(()),
        Ok(Some(v)) => return each(1, Ok(v)),
        // a list broken after some of its records: not JSON Lines
        Err(issue) if handed > 0 => {
            return Err(CliError::format(
                path,
                format!("not JSON after record {handed}: {}", issue.message),
            ));
        }
        Err(_) => {}
    }
    let mut reader = open()?;
    let limit = fupin_arrow::MAX_LINE_BYTES;
    let mut line = Vec::new();
    let mut row = 0;
    loop {
        line.clear();
        let n = (&mut reader)
            .take(limit + 1)
            .read_until(b'\n', &mut line)
            .map_err(|source| CliError::Read {
                path: path.to_path_buf(),
                source,
            })?;
        if n == 0 {
            return Ok(());
        }
        if line.len() as u64 > limit {
            return Err(CliError::input(
                path,
                "record_too_long",
                format!("the line after record {row} is longer than {limit} bytes: not a record"),
            ));
        }
        let text = std::str::from_utf8(&line)
            .map_err(|_| CliError::format(path, "the file is not UTF-8 text"))?
            .trim();
        if text.is_empty() {
            continue;
        }
        row += 1;
        let value = fupin_core::parse_json(text).map_err(|issue| {
            Issue::new(
                "invalid_json",
                IssuePath::root().index(row),
                format!("the line is not JSON: {}", issue.message),
            )
        });
        each(row, value)?;
    }
}

/// Runs `fupin exit`.
pub fn run(args: &ExitArgs) -> Result<ExitCode, CliError> {
    let mut inputs: Vec<&std::path::Path> = args.files.iter().map(|p| p.as_path()).collect();
    inputs.extend(args.standards.as_deref());
    inputs.extend(args.poverty_lines.as_deref());
    output::refuse_clashes(
        &[
            ("--out", args.write.out.as_deref()),
            ("--rejects", args.rejects.as_deref()),
        ],
        &inputs,
    )?;
    let lines = lines(args)?;
    let mut files = Vec::new();
    let mut verdicts = Vec::new();
    let mut counts = Counts::default();
    // the problems go to the sink as they are met; the report keeps the first ones
    let mut rejects = Rejects::new(args.rejects.as_deref())?;
    // a household given twice (in one file or across them) is judged once: the same
    // village and file number, or the same members (as `validate` and `assess` find them);
    // a record with a person registered in an earlier household is not judged
    let mut seen = DuplicateCheck::new();
    for (i, path) in args.files.iter().enumerate() {
        let name = path.display().to_string();
        seen.begin_file(&name, i + 1 == args.files.len());
        let shown_before = rejects.sample().len();
        let problems_before = rejects.summary().issues;
        let (mut rows, mut judged) = (0, 0);
        read_records(path, &mut |row, value| {
            rows += 1;
            // a record that does not read, or breaks a rule as of the date, gets no verdict
            // but its problems (the core's rule: `household_exit_with`)
            let verdict = match value {
                Ok(v) => Household::from_value(v)
                    .and_then(|h| household_exit_with(&h, &lines, args.as_of).map(|v| (h, v)))
                    .map_err(|e| {
                        let mut under = Issues::new();
                        under.extend_under(&IssuePath::root().index(row), e.issues());
                        under
                    })
                    .and_then(|(h, v)| {
                        // a person registered in an earlier household, as `validate` finds it
                        let people = seen.add_people(row, &h);
                        match seen.add_household(&h, row) {
                            _ if !people.is_empty() => Err(people),
                            Some(twice) => Err(Issues(vec![twice])),
                            None => Ok(Judged {
                                household_status: h.status,
                                verdict: v,
                            }),
                        }
                    }),
                Err(issue) => Err(Issues(vec![issue])),
            };
            let issues = match verdict {
                Ok(v) => {
                    if v.household_status.is_poor() {
                        counts.poor.add(v.verdict.status);
                    } else {
                        counts.already_exited.add(v.verdict.status);
                    }
                    verdicts.push(v);
                    judged += 1;
                    return Ok(());
                }
                Err(issues) => issues,
            };
            rejects.extend(&name, issues.0)
        })?;
        files.push(FileResult {
            file: name,
            rows,
            judged,
            rejected: rows - judged,
            problems: rejects.summary().issues - problems_before,
            issues: Issues(
                rejects
                    .sample()
                    .get(shown_before..)
                    .unwrap_or_default()
                    .iter()
                    .map(|(_, i)| i.clone())
                    .collect(),
            ),
        });
    }
    let summary = rejects.summary();
    rejects.finish()?;
    let report = Report {
        as_of: args.as_of,
        line: lines.choice,
        stability: lines.stability,
        files,
        counts,
        rejects: summary,
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
    let c = &r.counts.poor;
    let poor = c.total();
    let mut notes = vec![format!(
        "poor households (poor, returned, newly poor) {poor}: eligible {}, not eligible {}, undetermined {}",
        c.eligible, c.not_eligible, c.undetermined
    )];
    let e = &r.counts.already_exited;
    let exited = e.total();
    if exited > 0 {
        notes.push(format!(
            "households already exited {exited} (not counted above): still meeting the criteria {}, no longer {}, undetermined {}",
            e.eligible, e.not_eligible, e.undetermined
        ));
    }
    // the problems not shown are said, and where they all are
    if r.rejects.issues > r.rejects.shown || r.rejects.file.is_some() {
        notes.push(r.rejects.sentence(r.rejects.shown));
    }
    (title, notes)
}

/// The household's status in the register, in words.
fn household_text(s: HouseholdStatus) -> &'static str {
    match s {
        HouseholdStatus::Exited => "already exited",
        HouseholdStatus::Poor => "poor",
        HouseholdStatus::Returned => "returned to poverty",
        HouseholdStatus::NewlyPoor => "newly poor",
    }
}

fn line_text(v: &ExitVerdict) -> String {
    v.line.as_ref().map_or_else(
        || "no line for the year".to_owned(),
        |l| format!("line {} {} yuan", l.year, l.yuan),
    )
}

fn verdicts_grid(r: &Report) -> Grid {
    let mut g = Grid::new(
        "verdicts",
        &[
            "file number",
            "village",
            "household status",
            "verdict",
            "line",
        ],
    );
    for j in &r.verdicts {
        let v = &j.verdict;
        g.push(vec![
            v.file_number.as_deref().unwrap_or("-").into(),
            Val::Text(v.unit.to_short()),
            j.household_status.key().into(),
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
            "household_status",
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
    for j in &r.verdicts {
        let v = &j.verdict;
        for c in &v.criteria {
            g.push(vec![
                v.file_number.as_deref().unwrap_or("").into(),
                Val::Text(v.unit.to_short()),
                v.status.as_str().into(),
                j.household_status.key().into(),
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
                // no line to judge against: no threshold (NaN in the core), shown empty
                if c.threshold.is_finite() {
                    Val::num(c.threshold)
                } else {
                    Val::Num(String::new())
                },
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
    for j in &r.verdicts {
        let v = &j.verdict;
        writeln!(
            w,
            "\n{} (village {}, {}): {} — {}",
            term(v.file_number.as_deref().unwrap_or("-")),
            v.unit.to_short(),
            household_text(j.household_status),
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
            let threshold = if c.threshold.is_finite() {
                c.threshold.to_string()
            } else {
                "no line".to_owned()
            };
            writeln!(
                w,
                "  {mark} {} {} ({value} {} {}) — {}",
                term(&c.key.to_string()),
                term(&c.label_zh.to_string()),
                c.comparator.symbol(),
                threshold,
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
