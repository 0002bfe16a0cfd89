//! JSON Lines files: one flat object per line; the columns are the keys of the objects.

use std::io::BufRead;
use std::path::Path;

use serde_json::Value;

use super::{Chunk, Sink, TableSummary, row_issue};
use crate::error::CliError;

fn cell(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) if s.trim().is_empty() => None,
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        other => Some(other.to_string()),
    }
}

/// Reads a JSON Lines file in chunks; lines that are not JSON objects are rejected; blank
/// lines are skipped (not rows).
pub fn read(path: &Path, rows: usize, sink: &mut Sink<'_>) -> Result<TableSummary, CliError> {
    let read_err = |source| CliError::Read {
        path: path.to_path_buf(),
        source,
    };
    let file = std::io::BufReader::new(std::fs::File::open(path).map_err(read_err)?);
    let mut summary = TableSummary {
        detected: "jsonl".to_owned(),
        ..TableSummary::default()
    };
    let mut header: Vec<String> = Vec::new();
    let mut objects: Vec<serde_json::Map<String, Value>> = Vec::with_capacity(rows);
    let mut first_row = 1;
    let mut row = 0;
    let mut flush = |objects: &mut Vec<serde_json::Map<String, Value>>,
                     header: &mut Vec<String>,
                     first_row: &mut usize,
                     next: usize|
     -> Result<(), CliError> {
        if !objects.is_empty() {
            for o in objects.iter() {
                for k in o.keys() {
                    if !header.contains(k) {
                        header.push(k.clone());
                    }
                }
            }
            let cells: Vec<Vec<Option<String>>> = objects
                .iter()
                .map(|o| header.iter().map(|k| o.get(k).and_then(cell)).collect())
                .collect();
            sink(Chunk {
                batch: super::text_batch(header, &cells)?,
                first_row: *first_row,
            })?;
            objects.clear();
        }
        *first_row = next;
        Ok(())
    };
    for line in file.lines() {
        let line = line.map_err(read_err)?;
        let line = line.trim().trim_start_matches('\u{feff}');
        if line.is_empty() {
            continue;
        }
        row += 1;
        match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(o)) => {
                objects.push(o);
                if objects.len() >= rows {
                    flush(&mut objects, &mut header, &mut first_row, row + 1)?;
                }
            }
            Ok(_) => {
                flush(&mut objects, &mut header, &mut first_row, row + 1)?;
                summary.rejected.push(row_issue(
                    row,
                    "invalid_value",
                    "the line is not a JSON object".to_owned(),
                ));
            }
            Err(e) => {
                flush(&mut objects, &mut header, &mut first_row, row + 1)?;
                let mut m = e.to_string();
                if let Some(cut) = m.find(" at line ") {
                    m.truncate(cut);
                }
                summary.rejected.push(row_issue(
                    row,
                    "invalid_json",
                    format!("the line is not JSON: {m}"),
                ));
            }
        }
    }
    flush(&mut objects, &mut header, &mut first_row, row + 1)?;
    summary.rows = row;
    Ok(summary)
}
