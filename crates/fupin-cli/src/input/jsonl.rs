//! JSON Lines files: one flat object per line; the columns are the keys of the objects.

use std::collections::HashMap;
use std::io::BufRead;
use std::path::Path;

use serde_json::Value;

use super::{CHUNK_CELLS, Chunk, PENDING_REJECTS, ReadOptions, Sink, TableSummary, row_issue};
use crate::error::CliError;
use fupin_core::Issues;

/// Distinct keys a file may use, among those read: keys are columns, and every chunk has
/// all of them.
const MAX_KEYS: usize = 16_384;

fn cell(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) if s.trim().is_empty() => None,
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        // never reached: rows with a list or an object among the columns read are
        // rejected (their contents, members' names say, are never quoted)
        Value::Array(_) | Value::Object(_) => None,
    }
}

/// The first of the keys read whose value is a list or an object (not one value: a
/// table's cell holds one), with what it is, in words (its contents are never quoted:
/// they may be members' names).
fn not_a_value(o: &serde_json::Map<String, Value>) -> Option<(&str, &'static str)> {
    o.iter().find_map(|(k, v)| match v {
        Value::Array(_) => Some((k.as_str(), "a list")),
        Value::Object(_) => Some((k.as_str(), "an object")),
        _ => None,
    })
}

/// The columns met so far, in order of first appearance.
#[derive(Default)]
struct Header {
    names: Vec<String>,
    index: HashMap<String, usize>,
}

/// Reads a JSON Lines file in chunks; lines that are not JSON objects, that hold a key
/// twice, or that are not UTF-8 are rejected; blank lines are skipped (not rows). Only the
/// keys `opts` keeps become columns.
pub fn read(
    path: &Path,
    source: super::source::Source,
    opts: &ReadOptions,
    rows: usize,
    sink: &mut Sink<'_>,
) -> Result<TableSummary, CliError> {
    let read_err = |source| CliError::Read {
        path: path.to_path_buf(),
        source,
    };
    let mut file = std::io::BufReader::new(source.into_reader());
    let mut summary = TableSummary {
        detected: "jsonl".to_owned(),
        ..TableSummary::default()
    };
    let mut header = Header::default();
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut objects: Vec<serde_json::Map<String, Value>> = Vec::new();
    let mut first_row = 1;
    let mut row = 0;
    let mut pending = Issues::new();
    // hands on the rows read (and the rows rejected since the last chunk: when there are
    // rows, many rejected ones, or at the end)
    let mut flush = |objects: &mut Vec<serde_json::Map<String, Value>>,
                     pending: &mut Issues,
                     header: &Header,
                     first_row: &mut usize,
                     next: usize,
                     end: bool|
     -> Result<(), CliError> {
        let rejects = pending.len() >= PENDING_REJECTS || (end && !pending.is_empty());
        if !objects.is_empty() || rejects {
            let cells: Vec<Vec<Option<String>>> = objects
                .iter()
                .map(|o| {
                    let mut line = vec![None; header.names.len()];
                    for (k, v) in o {
                        if let Some(slot) = header.index.get(k).and_then(|i| line.get_mut(*i)) {
                            *slot = cell(v);
                        }
                    }
                    line
                })
                .collect();
            sink(Chunk {
                batch: super::text_batch(&header.names, &cells)?,
                first_row: *first_row,
                rejected: std::mem::take(pending),
            })?;
            objects.clear();
        }
        *first_row = next;
        Ok(())
    };
    let keeps = opts.keeper();
    let max = opts.max_record();
    let mut bytes = Vec::new();
    loop {
        bytes.clear();
        // a line of at most `max` bytes: a longer one (or none ending) is an error
        let n = std::io::Read::take(&mut file, max.saturating_add(1))
            .read_until(b'\n', &mut bytes)
            .map_err(read_err)?;
        if n == 0 {
            break;
        }
        if bytes.len() as u64 > max && bytes.last() != Some(&b'\n') {
            return Err(super::limit::too_long(path, row + 1, max));
        }
        let Ok(line) = std::str::from_utf8(&bytes) else {
            if bytes.trim_ascii().is_empty() {
                continue;
            }
            row += 1;
            flush(
                &mut objects,
                &mut pending,
                &header,
                &mut first_row,
                row + 1,
                false,
            )?;
            pending.push(row_issue(
                row,
                "invalid_encoding",
                "the line is not UTF-8 text (JSON Lines files are UTF-8)".to_owned(),
            ));
            continue;
        };
        let line = line.trim().trim_start_matches('\u{feff}');
        if line.is_empty() {
            continue;
        }
        row += 1;
        match fupin_core::parse_json(line) {
            Ok(Value::Object(o)) => {
                let mut o = o;
                // every key of the file, read or not (to say which were ignored)
                for k in o.keys() {
                    if !seen.contains(k.as_str()) && seen.len() < MAX_KEYS {
                        seen.insert(k.clone());
                        summary.columns.push(k.clone());
                    }
                }
                if opts.columns.is_some() {
                    o.retain(|k, _| keeps(k));
                }
                if let Some((key, what)) = not_a_value(&o) {
                    flush(
                        &mut objects,
                        &mut pending,
                        &header,
                        &mut first_row,
                        row + 1,
                        false,
                    )?;
                    pending.push(fupin_core::Issue::new(
                        "invalid_value",
                        fupin_core::Path::root().index(row).key(key),
                        format!(
                            "{what}, not one value (a row of a table has one value in each column; household records with a list of `members` are read as records when the file's first line is one)"
                        ),
                    ));
                    continue;
                }
                for k in o.keys() {
                    if !header.index.contains_key(k) {
                        if header.names.len() >= MAX_KEYS {
                            return Err(CliError::input(
                                path,
                                "too_many_columns",
                                format!(
                                    "row {row} brings the keys read to more than {MAX_KEYS}; a table has fewer columns"
                                ),
                            ));
                        }
                        header.index.insert(k.clone(), header.names.len());
                        header.names.push(k.clone());
                    }
                }
                objects.push(o);
                let limit = rows.min(CHUNK_CELLS / header.names.len().max(1)).max(1);
                if objects.len() >= limit {
                    flush(
                        &mut objects,
                        &mut pending,
                        &header,
                        &mut first_row,
                        row + 1,
                        false,
                    )?;
                }
            }
            Ok(_) => {
                flush(
                    &mut objects,
                    &mut pending,
                    &header,
                    &mut first_row,
                    row + 1,
                    false,
                )?;
                pending.push(row_issue(
                    row,
                    "invalid_value",
                    "the line is not a JSON object".to_owned(),
                ));
            }
            Err(issue) => {
                flush(
                    &mut objects,
                    &mut pending,
                    &header,
                    &mut first_row,
                    row + 1,
                    false,
                )?;
                let issue = if issue.code == "duplicate_key" {
                    fupin_core::Issue {
                        path: fupin_core::Path::root().index(row).join(&issue.path),
                        ..issue
                    }
                } else {
                    let mut m = issue.message;
                    if let Some(cut) = m.find(" at line ") {
                        m.truncate(cut);
                    }
                    row_issue(row, "invalid_json", format!("the line is not JSON: {m}"))
                };
                pending.push(issue);
            }
        }
    }
    flush(
        &mut objects,
        &mut pending,
        &header,
        &mut first_row,
        row + 1,
        true,
    )?;
    summary.rows = row;
    Ok(summary)
}
