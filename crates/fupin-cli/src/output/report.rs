//! The assessment's workbook and HTML report: the command's [`Report`] handed to
//! `fupin-report`, which renders both (the Python binding renders the same ones).

use std::io::Write;

use fupin_core::Issue;
use fupin_core::assess::MissingStrategy;
use fupin_core::region::{Level, RegionCode};
use fupin_report::{Assessment, Input, Lang, Rejected};

use crate::args::{AssessArgs, LangArg, LevelArg};
use crate::cmd::assess::Report;
use crate::error::CliError;

fn level(l: LevelArg) -> Level {
    match l {
        LevelArg::Nation => Level::Nation,
        LevelArg::Province => Level::Province,
        LevelArg::Prefecture => Level::Prefecture,
        LevelArg::County => Level::County,
        LevelArg::Township => Level::Township,
        LevelArg::Village => Level::Village,
    }
}

/// The inputs of a report as the renderers list them.
fn inputs(report: &Report) -> Vec<Input> {
    report
        .files
        .iter()
        .map(|f| Input {
            file: f.file.clone(),
            table: f.table.to_owned(),
            detected: f.detected.clone(),
            rows: f.rows,
            accepted: f.accepted,
            rejected: f.rejected,
        })
        .collect()
}

/// Renders the report with `render` (from the assessment it is of).
fn with_assessment<T>(
    report: &Report,
    rejects: &[(String, Issue)],
    args: &AssessArgs,
    render: impl FnOnce(&Assessment<'_>) -> Result<T, CliError>,
) -> Result<T, CliError> {
    let rollup = report
        .rollup
        .as_ref()
        .ok_or_else(|| CliError::Usage("the assessment has no roll-up to report".to_owned()))?;
    let within = args.region.as_deref().map(RegionCode::parse).transpose()?;
    let inputs = inputs(report);
    let mut a = Assessment::new(rollup);
    a.label = report.label.as_deref();
    a.as_of = report.as_of;
    a.inputs = &inputs;
    a.notes = &report.notes;
    a.strategy = MissingStrategy::default();
    a.deepest = level(args.level);
    a.within = within;
    a.verdicts = &report.verdicts;
    a.exits = &report.exits;
    a.scorecards = &report.scorecards;
    a.accountability = &report.accountability;
    a.rejected = Rejected {
        issues: report.rejects.issues,
        sample: rejects,
        file: report.rejects.file.as_deref(),
    };
    // named as the command names units: the run's vintage, townships and villages from the
    // optional names data when the command has it
    let below = |c: RegionCode| crate::output::naming::region_name(c);
    a.names = fupin_report::Names {
        below_county: Some(&below),
        vintage: Some(crate::cmd::vintage()),
    };
    a.lang = match args.write.lang {
        LangArg::Zh => Lang::Zh,
        LangArg::En => Lang::En,
    };
    render(&a)
}

/// Writes the report as an Excel workbook.
pub fn xlsx(
    report: &Report,
    rejects: &[(String, Issue)],
    args: &AssessArgs,
    w: &mut dyn Write,
) -> Result<(), CliError> {
    if args.write.out.is_none() && std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        return Err(CliError::Usage(
            "an .xlsx workbook is not for a terminal: give --out FILE, or pipe it".to_owned(),
        ));
    }
    let bytes = with_assessment(report, rejects, args, |a| {
        Ok(fupin_report::xlsx::workbook(a)?)
    })?;
    w.write_all(&bytes)
        .map_err(super::write_err(args.write.out.as_ref()))
}

/// Writes the report as one self-contained, navigable HTML page.
pub fn html(
    report: &Report,
    rejects: &[(String, Issue)],
    args: &AssessArgs,
    w: &mut dyn Write,
) -> Result<(), CliError> {
    let page = with_assessment(report, rejects, args, |a| Ok(fupin_report::html::page(a)?))?;
    w.write_all(page.as_bytes())
        .map_err(super::write_err(args.write.out.as_ref()))
}
