//! `fupin pairings check|suggest`.

use std::io::Write;
use std::process::ExitCode;

use fupin_core::pairing::{CoverageRules, CoverageStatus, PairingBook, SuggestOptions};
use fupin_core::region::Designations;

use super::{read_text, region_name};
use crate::args::{OutputFormat, PairingsArgs};
use crate::error::CliError;
use crate::output::{self, Grid, Val};

fn designations(path: &std::path::Path) -> Result<Designations, CliError> {
    let text = read_text(path)?;
    let is_csv = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let read = if is_csv {
        Designations::from_csv(&text)
    } else {
        Designations::from_json(&text)
    };
    // the file named, as the standards' and every other input's problems name theirs
    read.map_err(|e| CliError::input(path, "invalid_designations", e.issues().to_string()))
}

/// Runs `fupin pairings check` (suggest = false) or `suggest`.
pub fn run(args: &PairingsArgs, suggest: bool) -> Result<ExitCode, CliError> {
    let mut inputs = vec![args.book.as_path(), args.designations.as_path()];
    inputs.extend(args.rules.as_deref());
    output::refuse_clashes(&[("--out", args.write.out.as_deref())], &inputs)?;
    let as_of = args
        .as_of
        .unwrap_or_else(|| chrono::Utc::now().date_naive());
    let book = PairingBook::from_json(&read_text(&args.book)?)?;
    let des = designations(&args.designations)?;
    let rules = match &args.rules {
        Some(p) => CoverageRules::from_json(&read_text(p)?)?,
        None => CoverageRules::default(),
    };
    let out = args.write.out.as_ref();
    let err = output::write_err(out);
    let mut w = output::sink(out)?;
    let json = |w: &mut dyn Write, v: &dyn erased::Json| -> Result<(), CliError> {
        v.write(w)
            .map_err(|e| err(std::io::Error::other(e.to_string())))?;
        writeln!(w).map_err(&err)
    };
    let region = |r: fupin_core::RegionCode| {
        Val::Text(format!(
            "{} {}",
            r.to_short(),
            region_name(r).unwrap_or_default()
        ))
    };
    let code = if suggest {
        let plan = book.suggest(&des, &rules, as_of, &SuggestOptions::default())?;
        let mut made = Grid::new(
            format!("{} suggestions", plan.suggestions.len()),
            &["recipient", "helper", "priority", "why"],
        );
        for s in &plan.suggestions {
            made.push(vec![
                region(s.recipient),
                Val::Text(s.helper.to_string()),
                Val::num(s.priority),
                s.explanation.as_str().into(),
            ]);
        }
        let mut short = Grid::new("left short", &["recipient", "missing", "why"]);
        for u in &plan.unfilled {
            short.push(vec![
                region(u.recipient),
                Val::num(u.missing),
                u.explanation.as_str().into(),
            ]);
        }
        match args.write.format {
            OutputFormat::Table => {
                writeln!(w, "{}\n{}", made.title, made.table()).map_err(&err)?;
                if !short.rows.is_empty() {
                    writeln!(w, "{}:\n{}", short.title, short.table()).map_err(&err)?;
                }
            }
            OutputFormat::Html => {
                let title = format!("fupin pairings suggest on {as_of}");
                output::html::grids(&mut w, &title, &[], &[made, short]).map_err(&err)?;
            }
            OutputFormat::Csv => {
                // one table: the suggestions, then the recipients left short
                let mut all = Grid::new(
                    "suggestions",
                    &["kind", "recipient", "helper", "priority", "missing", "why"],
                );
                for s in &plan.suggestions {
                    all.push(vec![
                        "suggestion".into(),
                        region(s.recipient),
                        Val::Text(s.helper.to_string()),
                        Val::num(s.priority),
                        Val::Num(String::new()),
                        s.explanation.as_str().into(),
                    ]);
                }
                for u in &plan.unfilled {
                    all.push(vec![
                        "left_short".into(),
                        region(u.recipient),
                        "".into(),
                        Val::num(u.priority),
                        Val::num(u.missing),
                        u.explanation.as_str().into(),
                    ]);
                }
                all.csv(&mut w).map_err(&err)?;
            }
            OutputFormat::Json => json(&mut w, &plan)?,
        }
        ExitCode::SUCCESS
    } else {
        let issues = book.validate(&des);
        let coverage = book.coverage(&des, &rules, as_of);
        let mut violations = Grid::new(
            format!("{} rule violations", issues.len()),
            &["where", "code", "why"],
        );
        for i in &issues {
            violations.push(vec![
                Val::Text(i.path.to_string()),
                i.code.as_str().into(),
                i.message.as_str().into(),
            ]);
        }
        let mut failures = Grid::new(
            format!("{} coverage rule failures", coverage.issues.len()),
            &["where", "code", "why"],
        );
        for i in &coverage.issues {
            failures.push(vec![
                Val::Text(i.path.to_string()),
                i.code.as_str().into(),
                i.message.as_str().into(),
            ]);
        }
        let count = |s: CoverageStatus| coverage.with_status(s).count();
        let summary = format!(
            "coverage on {as_of}: {} uncovered, {} under-covered, {} covered, {} over-served; {} coverage rule failures",
            count(CoverageStatus::Uncovered),
            count(CoverageStatus::UnderCovered),
            count(CoverageStatus::Covered),
            count(CoverageStatus::OverServed),
            coverage.issues.len()
        );
        match args.write.format {
            OutputFormat::Table => {
                writeln!(w, "{}", violations.title).map_err(&err)?;
                if !issues.is_empty() {
                    writeln!(w, "{}", violations.table()).map_err(&err)?;
                }
                writeln!(w, "{summary}").map_err(&err)?;
            }
            OutputFormat::Html => {
                let title = format!("fupin pairings check on {as_of}");
                output::html::grids(&mut w, &title, &[summary], &[violations, failures])
                    .map_err(&err)?;
            }
            OutputFormat::Csv => {
                // one table: the rule violations, then the coverage rule failures
                let mut all = Grid::new("issues", &["kind", "where", "code", "message"]);
                for (kind, g) in [
                    ("rule_violation", &violations),
                    ("coverage_failure", &failures),
                ] {
                    for r in &g.rows {
                        let mut row = vec![Val::from(kind)];
                        row.extend(r.iter().cloned());
                        all.push(row);
                    }
                }
                all.csv(&mut w).map_err(&err)?;
            }
            OutputFormat::Json => json(
                &mut w,
                &serde_json::json!({"issues": issues, "coverage": coverage}),
            )?,
        }
        if issues.is_empty() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        }
    };
    w.finish()?;
    Ok(code)
}

mod erased {
    /// Serialises any serde value as pretty JSON through a trait object.
    pub trait Json {
        fn write(&self, w: &mut dyn std::io::Write) -> serde_json::Result<()>;
    }
    impl<T: serde::Serialize> Json for T {
        fn write(&self, w: &mut dyn std::io::Write) -> serde_json::Result<()> {
            serde_json::to_writer_pretty(w, self)
        }
    }
}
