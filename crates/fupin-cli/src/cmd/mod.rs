//! The commands.

pub mod assess;
mod assess_text;
mod exit_cmd;
mod pairings;
mod regions;
mod synth_cmd;
mod units;
mod validate;

use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::NaiveDate;
use fupin_data::Vintage;

use fupin_arrow::ColumnMap;

use crate::args::{Cli, Command, PairingsCommand, ReadArgs};
use crate::error::CliError;
use crate::input::ReadOptions;

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<ExitCode, CliError> {
    crate::progress::set_quiet(cli.quiet);
    let demo_day = NaiveDate::from_ymd_opt(2020, 6, 30);
    let (vintage, as_of) = match &cli.command {
        Command::Assess(a) if a.files.is_empty() => (a.write.vintage, a.as_of.or(demo_day)),
        Command::Assess(a) => (a.write.vintage, a.as_of),
        Command::Validate(a) => (a.write.vintage, a.as_of),
        Command::Regions(a) => (a.write.vintage, None),
        Command::Pairings(PairingsCommand::Check(a) | PairingsCommand::Suggest(a)) => {
            (a.write.vintage, a.as_of)
        }
        Command::Exit(a) => (a.write.vintage, Some(a.as_of)),
        Command::Synth(_) | Command::Rules => (None, None),
    };
    set_vintage(vintage, as_of);
    match cli.command {
        Command::Assess(a) => assess::run(&a),
        Command::Validate(a) => validate::run(&a),
        Command::Regions(a) => regions::run(&a),
        Command::Pairings(PairingsCommand::Check(a)) => pairings::run(&a, false),
        Command::Pairings(PairingsCommand::Suggest(a)) => pairings::run(&a, true),
        Command::Synth(a) => synth_cmd::run(&a),
        Command::Exit(a) => exit_cmd::run(&a),
        Command::Rules => {
            use std::io::Write as _;
            let mut out = std::io::stdout().lock();
            out.write_all(fupin_core::rules::markdown().as_bytes())
                .and_then(|()| out.flush())
                .map_err(|source| CliError::Write {
                    path: "<stdout>".into(),
                    source,
                })?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The column map: the defaults plus the user's file.
pub fn column_map(read: &ReadArgs) -> Result<ColumnMap, CliError> {
    let mut map = ColumnMap::default();
    if let Some(p) = &read.columns {
        map.extend_json(&read_text(p)?)?;
    }
    Ok(map)
}

/// Reading options from the arguments.
pub fn read_options(read: &ReadArgs) -> ReadOptions {
    ReadOptions {
        encoding: read.encoding,
        sheet: read.sheet.clone(),
        batch_rows: 65_536,
        columns: None,
        max_record_bytes: read.max_record_bytes,
        format: read.input_format,
        header_row: read.header_row,
    }
}

/// Reading options for household files: only the columns fupin reads are kept (the file
/// number too, for households given twice).
pub fn household_read_options(read: &ReadArgs, map: &ColumnMap) -> ReadOptions {
    fields_read_options(read, map, &fupin_arrow::HOUSEHOLD_FIELDS)
}

/// The note of every output when a register has no column of household file numbers.
pub fn no_file_numbers_note(file: &str, map: &ColumnMap) -> String {
    format!(
        "`{}` has no column of household file numbers ({}): households given twice could not be checked in it",
        fupin_core::mask::mask_personal(file),
        map.names("file_number").join(", ")
    )
}

/// Whether a file of columns `names` has a column of household file numbers.
pub fn has_file_numbers(map: &ColumnMap, names: &[String]) -> bool {
    let schema = arrow_schema::Schema::new(
        names
            .iter()
            .map(|n| arrow_schema::Field::new(n.as_str(), arrow_schema::DataType::Utf8, true))
            .collect::<Vec<_>>(),
    );
    fupin_arrow::has_file_numbers(&schema, map)
}

/// The notes of a file of table `table` (`households`, `villages`, `counties`) for each
/// column the adapter reads a default for that is not there
/// ([`fupin_arrow::DEFAULTED_FIELDS`]): the file, the accepted names and what the default
/// does to the numbers, so that no number rests on a default without a word.
pub fn default_column_notes(
    file: &str,
    table: &str,
    map: &ColumnMap,
    recognised: &std::collections::BTreeMap<String, String>,
) -> Vec<String> {
    fupin_arrow::DEFAULTED_FIELDS
        .iter()
        .filter(|d| d.table == table && !recognised.contains_key(d.field))
        .map(|d| {
            format!(
                "`{}` has no column for `{}` ({}): {}",
                fupin_core::mask::mask_personal(file),
                d.field,
                map.names(d.field).join(", "),
                d.effect
            )
        })
        .collect()
}

/// Reading options that keep only the columns of `fields` (a file's other columns are
/// skipped, however many there are).
pub fn fields_read_options(read: &ReadArgs, map: &ColumnMap, fields: &[&str]) -> ReadOptions {
    let columns = fields
        .iter()
        .flat_map(|f| map.names(f).iter().cloned())
        .collect();
    ReadOptions {
        columns: Some(columns),
        ..read_options(read)
    }
}

/// A whole UTF-8 text file (JSON configuration and the like).
pub fn read_text(path: &Path) -> Result<String, CliError> {
    let bytes = std::fs::read(path).map_err(|source| CliError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let text = String::from_utf8(bytes)
        .map_err(|_| CliError::format(path, "the file is not UTF-8 text"))?;
    Ok(text.trim_start_matches('\u{feff}').to_owned())
}

/// A text file opened for reading as it goes (1 MiB at a time), its byte order mark
/// skipped.
pub fn open_text(path: &Path) -> Result<std::io::BufReader<std::fs::File>, CliError> {
    use std::io::BufRead as _;
    let read_error = |source| CliError::Read {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(read_error)?;
    let mut r = std::io::BufReader::with_capacity(1 << 20, file);
    if r.fill_buf()
        .map_err(read_error)?
        .starts_with(b"\xef\xbb\xbf")
    {
        r.consume(3);
    }
    Ok(r)
}

/// The position in [`Vintage::ALL`] of the vintage chosen for this run (see [`vintage`]).
static VINTAGE: AtomicUsize = AtomicUsize::new(usize::MAX);

/// Chooses the vintage of this run: the one given (`--vintage`), else the one in force on
/// the as-of date, else the latest.
fn set_vintage(given: Option<Vintage>, as_of: Option<NaiveDate>) {
    let v = given
        .or_else(|| as_of.map(|d| Vintage::in_force_on(&d.format("%Y-%m-%d").to_string())))
        .unwrap_or(Vintage::LATEST);
    let i = Vintage::ALL
        .iter()
        .position(|x| *x == v)
        .unwrap_or(usize::MAX);
    VINTAGE.store(i, Ordering::Relaxed);
}

/// The vintage of division data this run names units and resolves names with: `--vintage`,
/// else the one in force on the as-of date, else the latest.
pub fn vintage() -> Vintage {
    Vintage::ALL
        .get(VINTAGE.load(Ordering::Relaxed))
        .copied()
        .unwrap_or(Vintage::LATEST)
}

pub use crate::output::naming::region_name;

/// Whether a JSON Lines input holds household records (一户一档, objects with a list of
/// `members`) rather than rows of a table (where `members` may be the number of members),
/// decided from its whole first record however long (read ahead up to `max` bytes, the
/// record limit, and handed on with the rest: the input is read once and a pipe works):
/// a whole line of what is read ahead is an object whose `members` is a list; when the
/// first line is longer than `max`, when it names `members` before a list.
pub(crate) fn records_in(
    source: &mut crate::input::Source,
    max: u64,
    path: &Path,
) -> Result<bool, CliError> {
    source.read_first_line(max, path)?;
    Ok(records_in_head(&source.head, source.ended()))
}

/// Whether the lines read ahead (`head`; all of the input when `ended`) hold household
/// records: see [`records_in`].
fn records_in_head(head: &[u8], ended: bool) -> bool {
    #[derive(serde::Deserialize)]
    struct Probe {
        members: Option<serde_json::Value>,
    }
    // the whole lines: all when the input ends in `head`, else those before the last break
    let whole = if ended {
        Some(head.len())
    } else {
        head.iter().rposition(|b| *b == b'\n')
    };
    let lines = head.get(..whole.unwrap_or(0)).unwrap_or_default();
    if !lines.trim_ascii().is_empty() {
        return lines.split(|b| *b == b'\n').any(|line| {
            // an object (serde would read the struct from a list too)
            std::str::from_utf8(line.trim_ascii())
                .ok()
                .map(|l| l.trim_start_matches('\u{feff}'))
                .filter(|l| l.starts_with('{'))
                .and_then(|l| serde_json::from_str::<Probe>(l).ok())
                .is_some_and(|p| p.members.as_ref().is_some_and(serde_json::Value::is_array))
        });
    }
    // the first line is longer than the record limit: its reader refuses it
    head.windows(9).enumerate().any(|(i, w)| {
        w == b"\"members\""
            && head
                .get(i + 9..)
                .unwrap_or_default()
                .trim_ascii_start()
                .strip_prefix(b":")
                .is_some_and(|rest| rest.trim_ascii_start().starts_with(b"["))
    })
}
