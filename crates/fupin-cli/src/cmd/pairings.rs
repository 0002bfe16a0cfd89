//! `fupin pairings check|suggest`.

use std::io::Write;
use std::process::ExitCode;

use fupin_core::pairing::{CoverageRules, CoverageStatus, PairingBook, SuggestOptions};
use fupin_core::region::Designations;

use super::{read_text, region_name};
use crate::args::{OutputFormat, PairingsArgs};
use crate::error::CliError;
use crate::output::{self, table::new_table};

fn designations(path: &std::path::Path) -> Result<Designations, CliError> {
    let text = read_text(path)?;
    let is_csv = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    Ok(if is_csv {
        Designations::from_csv(&text)?
    } else {
        Designations::from_json(&text)?
    })
}

/// Runs `fupin pairings check` (suggest = false) or `suggest`.
pub fn run(args: &PairingsArgs, suggest: bool) -> Result<ExitCode, CliError> {
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
    let code = if suggest {
        let plan = book.suggest(&des, &rules, as_of, &SuggestOptions::default())?;
        match args.write.format {
            OutputFormat::Table => {
                let mut t = new_table(
                    ["recipient", "helper", "priority", "why"]
                        .iter()
                        .map(|s| (*s).to_owned())
                        .collect(),
                );
                for s in &plan.suggestions {
                    t.add_row(vec![
                        format!(
                            "{} {}",
                            s.recipient.to_short(),
                            region_name(s.recipient).unwrap_or_default()
                        ),
                        s.helper.to_string(),
                        s.priority.to_string(),
                        s.explanation.clone(),
                    ]);
                }
                writeln!(w, "{} suggestions\n{t}", plan.suggestions.len()).map_err(&err)?;
                if !plan.unfilled.is_empty() {
                    let mut t = new_table(
                        ["recipient", "missing", "why"]
                            .iter()
                            .map(|s| (*s).to_owned())
                            .collect(),
                    );
                    for u in &plan.unfilled {
                        t.add_row(vec![
                            format!(
                                "{} {}",
                                u.recipient.to_short(),
                                region_name(u.recipient).unwrap_or_default()
                            ),
                            u.missing.to_string(),
                            u.explanation.clone(),
                        ]);
                    }
                    writeln!(w, "left short:\n{t}").map_err(&err)?;
                }
            }
            _ => json(&mut w, &plan)?,
        }
        ExitCode::SUCCESS
    } else {
        let issues = book.validate(&des);
        let coverage = book.coverage(&des, &rules, as_of);
        match args.write.format {
            OutputFormat::Table => {
                writeln!(w, "{} rule violations", issues.len()).map_err(&err)?;
                if !issues.is_empty() {
                    let mut t = new_table(
                        ["where", "code", "why"]
                            .iter()
                            .map(|s| (*s).to_owned())
                            .collect(),
                    );
                    for i in &issues {
                        t.add_row(vec![i.path.to_string(), i.code.clone(), i.message.clone()]);
                    }
                    writeln!(w, "{t}").map_err(&err)?;
                }
                let count = |s: CoverageStatus| coverage.with_status(s).count();
                writeln!(
                    w,
                    "coverage on {as_of}: {} uncovered, {} under-covered, {} covered, {} over-served; {} coverage rule failures",
                    count(CoverageStatus::Uncovered),
                    count(CoverageStatus::UnderCovered),
                    count(CoverageStatus::Covered),
                    count(CoverageStatus::OverServed),
                    coverage.issues.len()
                )
                .map_err(&err)?;
            }
            _ => json(
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
    w.flush().map_err(&err)?;
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
