//! The command line.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::input::Encoding;

/// fupin — the Network Poverty Alleviation Action Plan (网络扶贫行动计划) as data: assess a
/// register of poor households against the plan's targets and exit rules, validate exports,
/// resolve region names, check and suggest "N+1" pairings.
///
/// Every input row is either accepted or reported with its file, row, column, code and
/// reason. Personal data (ID numbers, names, phones) is never printed unmasked.
#[derive(Debug, Parser)]
#[command(name = "fupin", version, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// No progress bar on standard error (there is none when it is not a terminal).
    #[arg(long, short, global = true)]
    pub quiet: bool,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Assess a register: indicators per level, targets in force and verdicts, counties and
    /// villages eligible to exit with reasons, and who answers for the worst gaps.
    ///
    /// Without input files, runs on an embedded, clearly labelled SYNTHETIC demo (real county
    /// codes of 贵州, made-up figures).
    ///
    /// Examples:
    ///   fupin assess
    ///   fupin assess households.csv --villages villages.xlsx --counties counties.csv --format html --out report.html
    ///   fupin assess households.parquet --as-of 2020-06-30 --level county --region 522300 --rejects rejected.csv
    #[command(verbatim_doc_comment)]
    Assess(AssessArgs),
    /// Validate files and report every problem (file, row, column/path, code, message);
    /// exits with status 1 when anything is rejected.
    ///
    /// Reads household records (JSON, JSON Lines with nested members), tabular household
    /// exports (CSV, JSON Lines, .xlsx, Parquet), unit tables (with --kind), pairing books and
    /// responsibility maps (JSON).
    ///
    /// Examples:
    ///   fupin validate households.jsonl
    ///   fupin validate export.csv --encoding gbk
    ///   fupin validate villages.xlsx --kind villages
    #[command(verbatim_doc_comment)]
    Validate(ValidateArgs),
    /// Look up region codes and resolve names (short forms, qualified and abolished names).
    ///
    /// Examples:
    ///   fupin regions 522327 长阳 西乌 宣武区 湖北长阳
    #[command(verbatim_doc_comment)]
    Regions(RegionsArgs),
    /// Check "N+1" pairings against the rules, or suggest new ones.
    #[command(subcommand)]
    Pairings(PairingsCommand),
    /// Judge households' exit (贫困户退出): income above the chosen poverty line of the
    /// as-of year (the national line, or a province's own exit standard), and the guarantees
    /// that applied on that date; every criterion listed with its source, the line named.
    ///
    /// Reads household records (JSON, JSON Lines with nested members); every record is
    /// judged or reported with its file and row. A record that breaks a rule `fupin
    /// validate` checks on the as-of date (an income below zero or not the sum of its
    /// components …) gets no verdict: it is reported with its problems. A household given
    /// twice (the same village and file number, or the same members; in one file or
    /// across them) is judged once, the other a rejected row naming the first.
    ///
    /// Examples:
    ///   fupin exit households.jsonl --as-of 2019-12-31
    ///   fupin exit households.json --as-of 2019-12-31 --standards provinces.csv --line provincial --format json
    ///   fupin exit households.jsonl --as-of 2020-06-30 --stability two-years
    #[command(verbatim_doc_comment)]
    Exit(ExitArgs),
    /// Print the exit rules with their comparators, thresholds, units and the documents
    /// they come from (Markdown).
    Rules,
    /// Write a SYNTHETIC data set (households, villages, townships, counties) for trying
    /// fupin out.
    ///
    /// Examples:
    ///   fupin synth --scale 0.1 --out demo/ --format csv
    ///   fupin synth --scale 1 --out national/ --format parquet
    #[command(verbatim_doc_comment)]
    Synth(SynthArgs),
}

/// The largest scale of synthetic data: ten times the national average of households per
/// village (as the Python binding allows).
pub const MAX_SCALE: f64 = 10.0;

/// A scale of synthetic data: a finite number above 0 and at most [`MAX_SCALE`] (`inf`,
/// `NaN`, 0 and negative numbers would make no data, or never stop making it). Clap names
/// the option and the value; the message says the range, and the code.
fn scale(text: &str) -> Result<f64, String> {
    let x: f64 = text.trim().parse().map_err(|_| {
        format!(
            "not a number; the scale is a number above 0 and at most {MAX_SCALE} [invalid_option]"
        )
    })?;
    if x.is_finite() && x > 0.0 && x <= MAX_SCALE {
        Ok(x)
    } else {
        Err(format!(
            "out of range: the scale is a number above 0 and at most {MAX_SCALE} [invalid_option]"
        ))
    }
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Aligned tables for the terminal.
    Table,
    /// One JSON document.
    Json,
    /// CSV (one table; for assess, the indicators).
    Csv,
    /// A single self-contained HTML report with charts.
    Html,
}

/// Output formats of `fupin assess`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AssessFormat {
    /// Aligned tables for the terminal.
    Table,
    /// One JSON document.
    Json,
    /// CSV (the indicators).
    Csv,
    /// A single self-contained HTML report: drill from the nation to a village, tables that
    /// sort and filter, charts; prints on A4.
    Html,
    /// One Excel workbook (.xlsx): a sheet per level, targets, exits, scorecards,
    /// accountability, rejected rows and a README sheet.
    Xlsx,
}

/// The language of a report's headers and labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    /// Chinese (中文).
    Zh,
    /// English.
    En,
}

/// Where the output of `fupin assess` goes.
#[derive(Debug, Clone, Args)]
pub struct AssessWriteArgs {
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: AssessFormat,
    /// Write to this file instead of standard output (an .xlsx workbook needs one, or a
    /// pipe).
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// The language of the headers and labels of the workbook and the HTML report.
    #[arg(long, value_enum, default_value = "zh")]
    pub lang: LangArg,
    /// The list of divisions (a year, 2016 to 2023) that names units; by default the one in
    /// force on the as-of date.
    #[arg(long, value_name = "YEAR", value_parser = vintage)]
    pub vintage: Option<fupin_data::Vintage>,
}

/// How to read input files.
#[derive(Debug, Clone, Args)]
pub struct ReadArgs {
    /// Text encoding of CSV files (detected when not given: BOM, else UTF-8, else GB18030).
    #[arg(long, value_enum)]
    pub encoding: Option<Encoding>,
    /// Sheet of .xlsx and .xls workbooks (the first when not given).
    #[arg(long)]
    pub sheet: Option<String>,
    /// The format of the inputs, whatever their names; without it, from each file's
    /// extension, and for standard input (`-`) from its first bytes. CSV and JSON Lines
    /// are read in one pass, from a pipe or a FIFO too; Parquet and .xlsx need a file.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<crate::input::Format>,
    /// A JSON file of extra column names, e.g. {"village": ["所在村代码"]}.
    #[arg(long, value_name = "FILE")]
    pub columns: Option<PathBuf>,
    /// The longest record (a CSV record, a JSON line) in bytes, with an optional unit
    /// (KiB, MiB, GiB), from 1 byte to 1 GiB; a longer one ends the run with the error
    /// record_too_long naming the file and row.
    #[arg(long, value_name = "BYTES", default_value = "64MiB", value_parser = bytes)]
    pub max_record_bytes: u64,
    /// The row of the column names in CSV files and workbooks, when a title or notes are
    /// above it (as exports of the 扶贫开发信息系统 often have): 1 is the first row, as a
    /// spreadsheet numbers them; the rows above it are not read. Data rows are still
    /// numbered from the first after it. Not used by JSON Lines and Parquet (no header row).
    #[arg(long, value_name = "ROW", value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub header_row: Option<u32>,
}

/// A size in bytes: a whole number with an optional unit K/KiB, M/MiB, G/GiB (powers of
/// 1024), from 1 byte to 1 GiB.
fn bytes(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, unit) = t.split_at(digits);
    let unit_bytes: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kib" | "kb" => 1 << 10,
        "m" | "mib" | "mb" => 1 << 20,
        "g" | "gib" | "gb" => 1 << 30,
        _ => return Err("unknown unit; give bytes, KiB, MiB or GiB [invalid_option]".to_owned()),
    };
    let n: u64 = number.parse().map_err(|_| {
        "not a size; give a whole number of bytes, KiB, MiB or GiB [invalid_option]".to_owned()
    })?;
    match n.checked_mul(unit_bytes) {
        Some(b) if (1..=1 << 30).contains(&b) => Ok(b),
        _ => Err("out of range: from 1 byte to 1 GiB [invalid_option]".to_owned()),
    }
}

/// Where output goes.
#[derive(Debug, Clone, Args)]
pub struct WriteArgs {
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: OutputFormat,
    /// Write to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// The list of divisions (a year, 2016 to 2023) that names units and resolves names; by
    /// default the one in force on the as-of date, the latest without one.
    #[arg(long, value_name = "YEAR", value_parser = vintage)]
    pub vintage: Option<fupin_data::Vintage>,
}

/// A vintage of the division lists: a year from 2016 to 2023.
fn vintage(text: &str) -> Result<fupin_data::Vintage, String> {
    text.parse()
        .map_err(|e: fupin_data::DataError| format!("{e} [{}]", e.code()))
}

/// Levels to report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LevelArg {
    /// The nation.
    Nation,
    /// Provinces.
    Province,
    /// Prefectures.
    Prefecture,
    /// Counties.
    County,
    /// Townships.
    Township,
    /// Villages.
    Village,
}

/// `fupin assess`.
#[derive(Debug, Clone, Args)]
pub struct AssessArgs {
    /// Household files (CSV, JSON Lines, .xlsx, .xls, Parquet); none for the synthetic demo.
    pub files: Vec<PathBuf>,
    /// Village table (code, poor village, fiber, 4G, network leader, rural population).
    #[arg(long, value_name = "FILE")]
    pub villages: Vec<PathBuf>,
    /// Township table (code, service node, e-commerce).
    #[arg(long, value_name = "FILE")]
    pub townships: Vec<PathBuf>,
    /// County table (code, platform, poor county, zone).
    #[arg(long, value_name = "FILE")]
    pub counties: Vec<PathBuf>,
    /// Responsibility map (JSON `{"bodies": [...]}`) for the accountability chains.
    #[arg(long, value_name = "FILE")]
    pub bodies: Option<PathBuf>,
    /// The as-of date (YYYY-MM-DD); today when not given (2020-06-30 for the demo).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<chrono::NaiveDate>,
    /// The deepest level to list (nation, province, prefecture, county …); county by default.
    #[arg(long, value_enum, default_value = "county")]
    pub level: LevelArg,
    /// Only units inside this region code.
    #[arg(long, value_name = "CODE")]
    pub region: Option<String>,
    /// Write the rejected rows, with their reasons, to this CSV file.
    #[arg(long, value_name = "FILE")]
    pub rejects: Option<PathBuf>,
    /// Scale of the synthetic demo (1 ≈ the national average of households per village):
    /// a number above 0 and at most 10.
    #[arg(long, default_value_t = 0.2, value_parser = scale)]
    pub demo_scale: f64,
    /// Exit rule settings (JSON): thresholds replacing the national ones (`incidence`,
    /// `incidence_west`, `wrongful_exit_max`, `missed_max`, `approval_min`) and provincial
    /// rule packs (`packs`: overrides and extra criteria, each with its source).
    #[arg(long, value_name = "FILE")]
    pub exit_rules: Option<PathBuf>,
    /// Indicators of your own beyond the shares (JSON list): counts, amounts, shares or
    /// rates of a column of the village, township or county table, each with its
    /// definition's source; added to the built-in ones (online retail sales, e-commerce
    /// stations, schools connected …), whose columns are read when the tables have them.
    #[arg(long, value_name = "FILE")]
    pub indicators: Option<PathBuf>,
    /// Targets of your own (JSON list of `{indicator, comparator, threshold, deadline,
    /// valid_from, source, revision}`), on any indicator: added to the built-in targets.
    #[arg(long, value_name = "FILE")]
    pub targets: Option<PathBuf>,
    /// Reading options.
    #[command(flatten)]
    pub read: ReadArgs,
    /// Output options.
    #[command(flatten)]
    pub write: AssessWriteArgs,
}

/// What a validated file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Kind {
    /// Households (records or an export): the default.
    Households,
    /// A village table.
    Villages,
    /// A township table.
    Townships,
    /// A county table.
    Counties,
    /// A pairing book (JSON).
    Pairings,
    /// A responsibility map (JSON).
    Bodies,
}

/// Which poverty line a household is judged against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LineArg {
    /// The national rural line of the year.
    National,
    /// The province's own exit standard of the year (from --standards).
    Provincial,
    /// The province's standard where it has one, else the national line.
    ProvincialElseNational,
}

/// Over how many years income must be above the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StabilityArg {
    /// The as-of year.
    AsOfYear,
    /// The as-of year and the year before (from the income history).
    TwoYears,
}

/// `fupin exit`.
#[derive(Debug, Clone, Args)]
pub struct ExitArgs {
    /// Household record files (JSON, JSON Lines).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// The date of the verdicts (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub as_of: chrono::NaiveDate,
    /// Which line: national (default), provincial, provincial-else-national.
    #[arg(long, value_enum, default_value = "national")]
    pub line: LineArg,
    /// The provinces' exit standards (JSON list or CSV `province,year,yuan,source`).
    #[arg(long, value_name = "FILE")]
    pub standards: Option<PathBuf>,
    /// National lines replacing built-in years (JSON list `{year, yuan, basis, source}`).
    #[arg(long, value_name = "FILE")]
    pub poverty_lines: Option<PathBuf>,
    /// One year (default) or two (稳定超过, from each household's income history).
    #[arg(long, value_enum, default_value = "as-of-year")]
    pub stability: StabilityArg,
    /// Write the rejected records, with their reasons, to this CSV file (the report shows
    /// the first 1,000 problems and counts the others).
    #[arg(long, value_name = "FILE")]
    pub rejects: Option<PathBuf>,
    /// Output options.
    #[command(flatten)]
    pub write: WriteArgs,
}

/// `fupin validate`.
#[derive(Debug, Clone, Args)]
pub struct ValidateArgs {
    /// Files to validate.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// What the files hold (households by default; JSON pairing books and maps are
    /// recognised by their keys).
    #[arg(long, value_enum)]
    pub kind: Option<Kind>,
    /// The date that counts as today (dates after it are in the future).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<chrono::NaiveDate>,
    /// Write the rejected rows, with their reasons, to this CSV file.
    #[arg(long, value_name = "FILE")]
    pub rejects: Option<PathBuf>,
    /// A file holding the secret key (16 bytes or more) of the pseudonyms that find the
    /// same person registered in two households, across all the files given. With the same
    /// key, pseudonyms match across runs; without one, a random key is used for this run.
    /// ID numbers themselves are never shown.
    #[arg(long, value_name = "FILE")]
    pub pseudonym_key: Option<PathBuf>,
    /// Threads checking household records (0: as many as the machine runs at once).
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub threads: usize,
    /// Bytes the tables of people and households seen may take before they are spilled to
    /// a temporary folder, the duplicates of the records that follow then reported after
    /// every file's problems (default 64 MiB; small values are for tests).
    #[arg(long, value_name = "BYTES", hide = true)]
    pub spill_over: Option<usize>,
    /// Reading options.
    #[command(flatten)]
    pub read: ReadArgs,
    /// Output options.
    #[command(flatten)]
    pub write: WriteArgs,
}

/// `fupin regions`.
#[derive(Debug, Clone, Args)]
pub struct RegionsArgs {
    /// Codes (6 or 12 digits) or names, as messy as they come.
    #[arg(required = true)]
    pub queries: Vec<String>,
    /// Output options.
    #[command(flatten)]
    pub write: WriteArgs,
}

/// `fupin pairings …`.
#[derive(Debug, Subcommand)]
pub enum PairingsCommand {
    /// Report every rule violation and the coverage of a pairing book.
    ///
    /// Example:
    ///   fupin pairings check book.json --designations designations.csv --rules rules.json
    #[command(verbatim_doc_comment)]
    Check(PairingsArgs),
    /// Suggest new pairings that cover the uncovered recipients, optimally, each explained.
    ///
    /// Example:
    ///   fupin pairings suggest book.json --designations designations.csv --rules rules.json
    #[command(verbatim_doc_comment)]
    Suggest(PairingsArgs),
}

/// Arguments of the pairing commands.
#[derive(Debug, Clone, Args)]
pub struct PairingsArgs {
    /// The pairing book (JSON `{"helpers": [...], "pairings": [...]}`).
    pub book: PathBuf,
    /// Designations (JSON list or CSV `kind,region,valid_from,valid_to,source`).
    #[arg(long, value_name = "FILE")]
    pub designations: PathBuf,
    /// Coverage rules (JSON list), e.g. [{"rule": "min_helpers", "k": 2}].
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,
    /// The as-of date (today when not given).
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<chrono::NaiveDate>,
    /// Output options.
    #[command(flatten)]
    pub write: WriteArgs,
}

/// File formats `fupin synth` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SynthFormat {
    /// CSV, UTF-8.
    Csv,
    /// CSV in GBK, with Chinese headers, as county exports often are.
    CsvGbk,
    /// JSON Lines.
    Jsonl,
    /// Parquet.
    Parquet,
}

/// `fupin synth`.
#[derive(Debug, Clone, Args)]
pub struct SynthArgs {
    /// Households per village relative to the national average (1 ≈ 30 million households
    /// nationally): a number above 0 and at most 10.
    #[arg(long, default_value_t = 0.1, value_parser = scale)]
    pub scale: f64,
    /// Folder to write into (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// File format.
    #[arg(long, value_enum, default_value = "csv")]
    pub format: SynthFormat,
    /// Only counties inside these region codes (e.g. 52 for 贵州: 520000); all when none.
    #[arg(long, value_name = "CODE")]
    pub region: Vec<String>,
    /// Seed (the same seed gives the same data).
    #[arg(long, default_value_t = 2016)]
    pub seed: u64,
    /// The as-of date.
    #[arg(long, value_name = "DATE", default_value = "2020-06-30")]
    pub as_of: chrono::NaiveDate,
}
