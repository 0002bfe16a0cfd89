//! `fupin regions`: look up codes, resolve names.

use std::io::Write;
use std::process::ExitCode;

use fupin_data::MatchKind;
use serde::Serialize;

use crate::args::{OutputFormat, RegionsArgs};
use crate::error::CliError;
use crate::output::{self, Grid, Val};

#[derive(Debug, Serialize)]
struct Row {
    query: String,
    code: Option<String>,
    name: Option<String>,
    full_name: Option<String>,
    level: Option<String>,
    how: String,
    note: String,
}

fn rows_for(query: &str) -> Vec<Row> {
    match fupin_data::resolve_in(query, super::vintage()) {
        Err(e) => vec![Row {
            query: query.to_owned(),
            code: None,
            name: None,
            full_name: None,
            level: None,
            how: e.code().to_owned(),
            note: e.to_string(),
        }],
        Ok(candidates) => candidates
            .into_iter()
            .map(|c| {
                let d = c.division;
                let note = match &c.how {
                    MatchKind::Abolished { change } => format!(
                        "{} {} {} in {}{}",
                        change.old_name.unwrap_or(""),
                        change.kind.label_zh(),
                        change.new_name.unwrap_or(""),
                        change.year,
                        change.doc_no.map(|n| format!(" ({n})")).unwrap_or_default()
                    ),
                    MatchKind::Prefix => "a unique prefix of the name: check it".to_owned(),
                    _ => String::new(),
                };
                Row {
                    query: query.to_owned(),
                    code: Some(d.code.to_short()),
                    name: Some(d.name.to_owned()),
                    full_name: fupin_data::full_name(d.code, d.vintage),
                    level: Some(d.level.as_str().to_owned()),
                    how: c.how.as_str().to_owned(),
                    note,
                }
            })
            .collect(),
    }
}

/// Runs `fupin regions`.
pub fn run(args: &RegionsArgs) -> Result<ExitCode, CliError> {
    let rows: Vec<Row> = args.queries.iter().flat_map(|q| rows_for(q)).collect();
    let out = args.write.out.as_ref();
    let err = output::write_err(out);
    let mut w = output::sink(out)?;
    match args.write.format {
        OutputFormat::Json => {
            serde_json::to_writer_pretty(&mut w, &rows)
                .map_err(|e| err(std::io::Error::other(e.to_string())))?;
            writeln!(w).map_err(&err)?;
        }
        OutputFormat::Csv => {
            let mut g = Grid::new(
                "regions",
                &["query", "code", "name", "full_name", "level", "how", "note"],
            );
            for r in &rows {
                let opt = |v: &Option<String>| Val::Text(v.clone().unwrap_or_default());
                g.push(vec![
                    r.query.as_str().into(),
                    opt(&r.code),
                    opt(&r.name),
                    opt(&r.full_name),
                    opt(&r.level),
                    r.how.as_str().into(),
                    r.note.as_str().into(),
                ]);
            }
            g.csv(&mut w).map_err(&err)?;
        }
        OutputFormat::Table | OutputFormat::Html => {
            let mut g = Grid::new(
                "regions",
                &["query", "code", "full name", "level", "match", "note"],
            );
            for r in &rows {
                g.push(vec![
                    r.query.as_str().into(),
                    r.code.clone().unwrap_or_default().into(),
                    r.full_name
                        .clone()
                        .or_else(|| r.name.clone())
                        .unwrap_or_default()
                        .into(),
                    r.level.clone().unwrap_or_default().into(),
                    r.how.as_str().into(),
                    r.note.as_str().into(),
                ]);
            }
            if args.write.format == OutputFormat::Html {
                output::html::grids(&mut w, "fupin regions", &[], &[g]).map_err(&err)?;
            } else {
                writeln!(w, "{}", g.table()).map_err(&err)?;
            }
        }
    }
    w.finish()?;
    let any_missing = rows.iter().any(|r| r.code.is_none());
    Ok(if any_missing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
