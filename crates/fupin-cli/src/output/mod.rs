//! Writing results: terminal tables (aligned for Chinese characters), JSON, CSV and a
//! self-contained HTML report.
//!
//! Text from input (cells, names, file names, queries, messages quoting them) can hurt the
//! reader of an output, so each kind of output has one guard, used everywhere:
//!
//! - terminal (tables, text, standard error): [`term`] shows control characters escaped;
//! - CSV: [`CsvOut`] writes every row, and neutralises text cells that a spreadsheet would
//!   run as a formula ([`csv_text`]); numbers stay numbers;
//! - HTML: [`html::esc`] escapes markup.

mod file;
pub mod html;
pub mod naming;
pub mod rejects;
pub mod report;
pub mod table;

use std::borrow::Cow;
use std::io::Write;
use std::path::PathBuf;

use arrow_array::RecordBatch;

use crate::error::CliError;

pub use file::{Out, Staged, refuse_clashes};

/// Where output goes: a file (written to a temporary file, renamed over it by
/// [`Out::finish`]), or standard output.
pub fn sink(out: Option<&PathBuf>) -> Result<Out, CliError> {
    Ok(match out {
        Some(path) => Out::create(path)?,
        None => Out::stdout(),
    })
}

/// Maps an I/O error on output to a [`CliError`].
pub fn write_err(path: Option<&PathBuf>) -> impl Fn(std::io::Error) -> CliError + '_ {
    move |source| CliError::Write {
        path: path.cloned().unwrap_or_else(|| PathBuf::from("<stdout>")),
        source,
    }
}

/// Whether a character would act on a terminal rather than show: C0 and C1 controls, DEL,
/// and the bidirectional embeddings, overrides and isolates (which reorder what is shown).
fn is_control(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Text from input as it may be shown on a terminal: every control character (escape,
/// OSC sequences, CR, backspace, bell, DEL, C1, bidi overrides — and newline and tab, since
/// what is shown is one cell or one name) written as `\u{1b}`. The one function for all text
/// from input that reaches the terminal or standard error.
pub fn term(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_control) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_control(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A text cell of a CSV file as a spreadsheet cannot take it for a formula: a cell starting
/// with `=`, `+`, `-`, `@`, tab or CR gets a leading `'` (OWASP, CSV injection). Only for
/// text: numbers are written as they are ([`Val::Num`]), so `-3` stays a number.
pub fn csv_text(s: &str) -> Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// One value of a result: text (neutralised in CSV, escaped on terminals and in HTML) or a
/// number the program formatted (written as it is).
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    /// Text, possibly from input.
    Text(String),
    /// A number, formatted by fupin.
    Num(String),
}

impl Val {
    /// A number.
    pub fn num(x: impl std::fmt::Display) -> Val {
        Val::Num(x.to_string())
    }

    /// The value as written (unguarded).
    pub fn as_str(&self) -> &str {
        match self {
            Val::Text(s) | Val::Num(s) => s,
        }
    }
}

impl From<String> for Val {
    fn from(s: String) -> Self {
        Val::Text(s)
    }
}

impl From<&str> for Val {
    fn from(s: &str) -> Self {
        Val::Text(s.to_owned())
    }
}

/// The one CSV writer of the command: every row goes through [`CsvOut::row`].
pub struct CsvOut<W: Write>(csv::Writer<W>);

impl<W: Write> CsvOut<W> {
    /// A CSV writer on `w`.
    pub fn new(w: W) -> Self {
        CsvOut(csv::Writer::from_writer(w))
    }

    /// Writes a header of fupin's own column names.
    pub fn header(&mut self, names: &[&str]) -> std::io::Result<()> {
        let row: Vec<Val> = names.iter().map(|n| Val::from(*n)).collect();
        self.row(&row)
    }

    /// Writes one row: text cells neutralised ([`csv_text`]), numbers as they are.
    pub fn row(&mut self, cells: &[Val]) -> std::io::Result<()> {
        self.0
            .write_record(
                cells
                    .iter()
                    .map(|c| match c {
                        Val::Text(s) => csv_text(s),
                        Val::Num(s) => Cow::Borrowed(s.as_str()),
                    })
                    .map(|c| c.into_owned()),
            )
            .map_err(|e| std::io::Error::other(e.to_string()))
    }

    /// Flushes.
    pub fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }

    /// The writer, everything written to it.
    pub fn into_inner(self) -> std::io::Result<W> {
        self.0
            .into_inner()
            .map_err(|e| std::io::Error::other(e.error().to_string()))
    }
}

/// A titled table of results, written as a terminal table ([`Grid::table`]), CSV
/// ([`Grid::csv`]) or HTML ([`html::grids`]), each with its guard.
#[derive(Debug, Clone)]
pub struct Grid {
    /// What the table shows (written above it; may quote input, e.g. a file name).
    pub title: String,
    /// Column names.
    pub header: Vec<&'static str>,
    /// Rows.
    pub rows: Vec<Vec<Val>>,
}

impl Grid {
    /// An empty table.
    pub fn new(title: impl Into<String>, header: &[&'static str]) -> Self {
        Grid {
            title: title.into(),
            header: header.to_vec(),
            rows: Vec::new(),
        }
    }

    /// Adds a row.
    pub fn push(&mut self, row: Vec<Val>) {
        self.rows.push(row);
    }

    /// The terminal table, every cell through [`term`].
    pub fn table(&self) -> comfy_table::Table {
        let mut t = table::new_table(self.header.iter().map(|s| (*s).to_owned()).collect());
        for r in &self.rows {
            table::add_row(&mut t, r.iter().map(|v| v.as_str().to_owned()).collect());
        }
        t
    }

    /// The table as CSV (header first).
    pub fn csv(&self, w: &mut dyn Write) -> std::io::Result<()> {
        let mut out = CsvOut::new(w);
        out.header(&self.header)?;
        for r in &self.rows {
            out.row(r)?;
        }
        out.flush()
    }
}

/// Writes a record batch as CSV (header first): text columns neutralised, numbers as they are.
pub fn batch_csv(batch: &RecordBatch, w: &mut dyn Write) -> Result<(), std::io::Error> {
    let mut out = CsvOut::new(w);
    let schema = batch.schema();
    let header: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
    out.header(&header)?;
    for row in 0..batch.num_rows() {
        let cells: Vec<Val> = batch
            .columns()
            .iter()
            .map(|c| {
                let text = table::cell(c, row);
                if c.data_type().is_numeric() {
                    Val::Num(text)
                } else {
                    Val::Text(text)
                }
            })
            .collect();
        out.row(&cells)?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::{CsvOut, Val, csv_text, term};

    #[test]
    fn text_cells_are_neutralised_and_numbers_stay_numbers() {
        let mut buf = Vec::new();
        {
            let mut w = CsvOut::new(&mut buf);
            w.row(&[
                Val::num(-3),
                Val::num(-0.25),
                Val::from("-3"),
                Val::from("=1+2"),
                Val::from("@x"),
                Val::from("+1"),
                Val::from("\tx"),
                Val::from("\rx"),
                Val::from("a-b"),
            ])
            .unwrap();
            w.flush().unwrap();
        }
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            "-3,-0.25,'-3,'=1+2,'@x,'+1,'\tx,\"'\rx\",a-b\n"
        );
        assert_eq!(csv_text("长阳"), "长阳");
    }

    #[test]
    fn control_characters_are_escaped_for_the_terminal() {
        assert_eq!(term("长阳 ok"), "长阳 ok");
        assert_eq!(
            term("\u{1b}[31mA\r\n\t\u{8}\u{7f}\u{9b}\u{202e}"),
            "\\u{1b}[31mA\\u{d}\\u{a}\\u{9}\\u{8}\\u{7f}\\u{9b}\\u{202e}"
        );
    }
}
