//! `fupin synth`: writes a SYNTHETIC data set in any supported format.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use arrow_array::{ArrayRef, BooleanArray, Float64Array, Int64Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use fupin_core::assess::UnitValue;
use fupin_core::region::{Level, RegionCode};
use fupin_core::synth::{SynthOptions, generate_rows};

use crate::args::{SynthArgs, SynthFormat};
use crate::error::CliError;
use crate::input::{SYNTHETIC_COLUMN, SYNTHETIC_KEY};
use crate::progress::Progress;

/// One cell of a generated table.
#[derive(Debug, Clone)]
enum Cell {
    Text(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    Null,
}

/// A column: snake_case name, Chinese name, Arrow type.
type Col = (&'static str, &'static str, DataType);

const HOUSEHOLDS: [Col; 10] = [
    ("file_number", "户编号", DataType::Utf8),
    ("village", "行政区划代码", DataType::Utf8),
    ("people", "家庭人口", DataType::Int64),
    ("status", "贫困户状态", DataType::Utf8),
    ("terminal", "有无终端", DataType::Boolean),
    ("ecommerce", "电商参与", DataType::Boolean),
    ("online_training", "网络培训", DataType::Boolean),
    ("file_complete", "档案完整", DataType::Boolean),
    ("income_per_capita", "人均纯收入", DataType::Float64),
    ("guarantees_met", "两不愁三保障达标", DataType::Boolean),
];
const VILLAGES: [Col; 6] = [
    ("village", "行政区划代码", DataType::Utf8),
    ("poor_village", "是否贫困村", DataType::Boolean),
    ("fiber", "通光纤", DataType::Boolean),
    ("mobile_4g", "通4G", DataType::Boolean),
    ("network_leader", "网络带头人", DataType::Boolean),
    ("rural_population", "户籍农业人口", DataType::Int64),
];
const TOWNSHIPS: [Col; 3] = [
    ("township", "乡镇代码", DataType::Utf8),
    ("service_node", "服务节点", DataType::Boolean),
    ("township_ecommerce", "电商服务通达", DataType::Boolean),
];
const COUNTIES: [Col; 21] = [
    ("county", "县代码", DataType::Utf8),
    ("poor_county", "是否贫困县", DataType::Boolean),
    ("platform", "一县一平台", DataType::Boolean),
    // the special evaluation's survey: rates in people, approval in households
    ("sampled_exited", "抽样脱贫人口数", DataType::Int64),
    ("wrongly_exited", "抽样错退人口数", DataType::Int64),
    (
        "sampled_non_registered",
        "抽查村未建档立卡农村人口数",
        DataType::Int64,
    ),
    ("missed", "漏评人口数", DataType::Int64),
    ("wrongly_exited_people", "错退人口推算数", DataType::Int64),
    ("missed_people", "漏评人口推算数", DataType::Int64),
    ("surveyed_households", "调查总户数", DataType::Int64),
    ("approving_households", "认可户数", DataType::Int64),
    // the built-in indicators beyond shares (fupin_core::plan::measure::builtin)
    ("online_retail_sales", "网络零售额", DataType::Float64),
    (
        "ecommerce_demonstration",
        "电子商务进农村综合示范县",
        DataType::Boolean,
    ),
    ("schools", "学校数", DataType::Int64),
    ("schools_connected", "联网学校数", DataType::Int64),
    ("training_person_times", "培训人次", DataType::Int64),
    ("county_hospitals", "县级医院数", DataType::Int64),
    (
        "county_hospitals_telemedicine",
        "远程医疗县级医院数",
        DataType::Int64,
    ),
    ("township_centres", "乡镇卫生院数", DataType::Int64),
    (
        "township_centres_telemedicine",
        "远程医疗乡镇卫生院数",
        DataType::Int64,
    ),
    ("poverty_tariff_users", "扶贫资费用户数", DataType::Int64),
];

/// Writes rows of one table in the chosen format.
struct TableWriter {
    format: SynthFormat,
    cols: &'static [Col],
    path: PathBuf,
    csv: Option<crate::output::Out>,
    parquet: Option<(fupin_arrow::parquet_io::Writer, SchemaRef, Vec<Vec<Cell>>)>,
    /// The Parquet file being written, renamed over `path` when finished.
    staged: Option<crate::output::Staged>,
}

/// The value of the column that marks synthetic rows ([`SYNTHETIC_COLUMN`]).
const SYNTHETIC_VALUE: &str = "SYNTHETIC";

fn io(path: &Path) -> impl Fn(std::io::Error) -> CliError + '_ {
    move |source| CliError::Write {
        path: path.to_path_buf(),
        source,
    }
}

impl TableWriter {
    fn create(
        dir: &Path,
        name: &str,
        format: SynthFormat,
        cols: &'static [Col],
    ) -> Result<Self, CliError> {
        let ext = match format {
            SynthFormat::Csv | SynthFormat::CsvGbk => "csv",
            SynthFormat::Jsonl => "jsonl",
            SynthFormat::Parquet => "parquet",
        };
        let path = dir.join(format!("synthetic_{name}.{ext}"));
        let mut w = TableWriter {
            format,
            cols,
            path: path.clone(),
            csv: None,
            parquet: None,
            staged: None,
        };
        match format {
            SynthFormat::Parquet => {
                let schema = Arc::new(Schema::new(
                    cols.iter()
                        .map(|(n, _, t)| Field::new(*n, t.clone(), true))
                        .collect::<Vec<_>>(),
                ));
                let (staged, _) = crate::output::Staged::new(&path)?;
                // the mark of synthetic data, in the footer
                let writer = fupin_arrow::parquet_io::Writer::create_with_metadata(
                    staged.path(),
                    schema.clone(),
                    &[(SYNTHETIC_KEY, "true")],
                )?;
                w.parquet = Some((writer, schema, Vec::with_capacity(65_536)));
                w.staged = Some(staged);
            }
            _ => {
                w.csv = Some(crate::output::Out::create(&path)?);
                if format != SynthFormat::Jsonl {
                    let header: Vec<String> = cols
                        .iter()
                        .map(|(n, zh, _)| {
                            if format == SynthFormat::CsvGbk {
                                (*zh).to_owned()
                            } else {
                                (*n).to_owned()
                            }
                        })
                        .chain(std::iter::once(SYNTHETIC_COLUMN.to_owned()))
                        .collect();
                    w.line(&header.join(","))?;
                }
            }
        }
        Ok(w)
    }

    fn line(&mut self, text: &str) -> Result<(), CliError> {
        let path = self.path.clone();
        if let Some(out) = self.csv.as_mut() {
            if self.format == SynthFormat::CsvGbk {
                let (bytes, _, _) = encoding_rs::GB18030.encode(text);
                out.write_all(&bytes).map_err(io(&path))?;
            } else {
                out.write_all(text.as_bytes()).map_err(io(&path))?;
            }
            out.write_all(b"\n").map_err(io(&path))?;
        }
        Ok(())
    }

    fn row(&mut self, cells: Vec<Cell>) -> Result<(), CliError> {
        let gbk = self.format == SynthFormat::CsvGbk;
        match self.format {
            SynthFormat::Parquet => {
                let flush = if let Some((_, _, buf)) = self.parquet.as_mut() {
                    buf.push(cells);
                    buf.len() >= 65_536
                } else {
                    false
                };
                if flush {
                    self.flush_parquet()?;
                }
                Ok(())
            }
            SynthFormat::Jsonl => {
                let mut obj = serde_json::Map::new();
                for ((name, _, _), c) in self.cols.iter().zip(cells) {
                    let v = match c {
                        Cell::Text(s) => serde_json::Value::String(s),
                        Cell::Int(i) => serde_json::Value::from(i),
                        Cell::Float(f) => serde_json::Value::from(f),
                        Cell::Bool(b) => serde_json::Value::Bool(b),
                        Cell::Null => serde_json::Value::Null,
                    };
                    obj.insert((*name).to_owned(), v);
                }
                obj.insert(SYNTHETIC_COLUMN.to_owned(), SYNTHETIC_VALUE.into());
                let text = serde_json::Value::Object(obj).to_string();
                self.line(&text)
            }
            _ => {
                let text: Vec<String> = cells
                    .into_iter()
                    .map(|c| match c {
                        Cell::Text(s) => s,
                        Cell::Int(i) => i.to_string(),
                        Cell::Float(f) => format!("{f:.2}"),
                        Cell::Bool(b) => (if gbk {
                            if b { "是" } else { "否" }
                        } else if b {
                            "true"
                        } else {
                            "false"
                        })
                        .to_owned(),
                        Cell::Null => String::new(),
                    })
                    .chain(std::iter::once(SYNTHETIC_VALUE.to_owned()))
                    .collect();
                self.line(&text.join(","))
            }
        }
    }

    fn flush_parquet(&mut self) -> Result<(), CliError> {
        let Some((writer, schema, buf)) = self.parquet.as_mut() else {
            return Ok(());
        };
        if buf.is_empty() {
            return Ok(());
        }
        let columns: Vec<ArrayRef> = self
            .cols
            .iter()
            .enumerate()
            .map(|(i, (_, _, t))| -> ArrayRef {
                let get = |r: &Vec<Cell>| r.get(i).cloned().unwrap_or(Cell::Null);
                match t {
                    DataType::Int64 => Arc::new(
                        buf.iter()
                            .map(|r| match get(r) {
                                Cell::Int(x) => Some(x),
                                _ => None,
                            })
                            .collect::<Int64Array>(),
                    ),
                    DataType::Float64 => Arc::new(
                        buf.iter()
                            .map(|r| match get(r) {
                                Cell::Float(x) => Some(x),
                                _ => None,
                            })
                            .collect::<Float64Array>(),
                    ),
                    DataType::Boolean => Arc::new(
                        buf.iter()
                            .map(|r| match get(r) {
                                Cell::Bool(x) => Some(x),
                                _ => None,
                            })
                            .collect::<BooleanArray>(),
                    ),
                    _ => Arc::new(
                        buf.iter()
                            .map(|r| match get(r) {
                                Cell::Text(x) => Some(x),
                                _ => None,
                            })
                            .collect::<StringArray>(),
                    ),
                }
            })
            .collect();
        let batch =
            RecordBatch::try_new(schema.clone(), columns).map_err(|e| CliError::Arrow(e.into()))?;
        writer.write(&batch)?;
        buf.clear();
        Ok(())
    }

    fn finish(mut self) -> Result<PathBuf, CliError> {
        self.flush_parquet()?;
        if let Some((writer, _, _)) = self.parquet.take() {
            writer.close()?;
        }
        if let Some(staged) = &mut self.staged {
            staged.commit()?;
        }
        if let Some(out) = self.csv.take() {
            out.finish()?;
        }
        Ok(self.path.clone())
    }
}

fn b(v: Option<bool>) -> Cell {
    v.map_or(Cell::Null, Cell::Bool)
}

/// Runs `fupin synth`.
pub fn run(args: &SynthArgs) -> Result<ExitCode, CliError> {
    let within: Vec<RegionCode> = args
        .region
        .iter()
        .map(|r| RegionCode::parse(r))
        .collect::<Result<_, _>>()?;
    let counties: Vec<RegionCode> = fupin_data::divisions(fupin_data::Vintage::V2020)
        .filter(|d| d.level == Level::County && !d.is_grouping)
        .filter(|d| within.is_empty() || within.iter().any(|w| w.contains(d.code)))
        .map(|d| d.code)
        .collect();
    if counties.is_empty() {
        return Err(CliError::Usage(
            "no county lies inside the given regions".to_owned(),
        ));
    }
    std::fs::create_dir_all(&args.out).map_err(|source| CliError::Write {
        path: args.out.clone(),
        source,
    })?;
    let opts = SynthOptions::new(args.as_of)
        .with_scale(args.scale)
        .with_seed(args.seed);
    let gbk = args.format == SynthFormat::CsvGbk;
    let mut households = TableWriter::create(&args.out, "households", args.format, &HOUSEHOLDS)?;
    let mut failure: Option<CliError> = None;
    let mut seq: u64 = 0;
    let mut progress = Progress::new("synthetic households");
    let (units, label) = generate_rows(&counties, &opts, |village, f| {
        if failure.is_some() {
            return;
        }
        seq += 1;
        let status = f.status.map_or(Cell::Null, |s| {
            Cell::Text(if gbk {
                s.label_zh().to_owned()
            } else {
                serde_json::to_value(s)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default()
            })
        });
        let row = vec![
            Cell::Text(format!(
                "S{}{:07}",
                village.to_statistical(),
                seq % 10_000_000
            )),
            Cell::Text(village.to_statistical()),
            Cell::Int(i64::from(f.people)),
            status,
            b(f.terminal),
            b(f.ecommerce),
            b(f.online_training),
            b(f.file_complete),
            f.income_per_capita
                .map_or(Cell::Null, |y| Cell::Float(y.as_f64())),
            b(f.guarantees_met),
        ];
        if let Err(e) = households.row(row) {
            failure = Some(e);
        }
        if seq.is_multiple_of(65_536) {
            progress.add(65_536);
        }
    });
    progress.finish();
    if let Some(e) = failure {
        return Err(e);
    }
    let mut written = vec![households.finish()?];
    let mut villages = TableWriter::create(&args.out, "villages", args.format, &VILLAGES)?;
    for v in &units.villages {
        villages.row(vec![
            Cell::Text(v.code.to_statistical()),
            Cell::Bool(v.poor_village),
            b(v.fiber),
            b(v.mobile_4g),
            b(v.network_leader),
            v.rural_population
                .map_or(Cell::Null, |p| Cell::Int(i64::from(p))),
        ])?;
    }
    written.push(villages.finish()?);
    let mut townships = TableWriter::create(&args.out, "townships", args.format, &TOWNSHIPS)?;
    for t in &units.townships {
        townships.row(vec![
            Cell::Text(t.code.to_statistical()),
            b(t.service_node),
            b(t.ecommerce),
        ])?;
    }
    written.push(townships.finish()?);
    let mut counties_w = TableWriter::create(&args.out, "counties", args.format, &COUNTIES)?;
    let value = |c: &fupin_core::assess::CountyFacts, key: &str| match c.values.get(key) {
        None => Cell::Null,
        Some(UnitValue::Flag(b)) => Cell::Bool(*b),
        Some(UnitValue::Hundredths(h)) if key == "online_retail_sales" => {
            #[expect(
                clippy::cast_precision_loss,
                reason = "at most 10^14 hundredths: exact"
            )]
            let yuan = *h as f64 / 100.0;
            Cell::Float(yuan)
        }
        Some(UnitValue::Hundredths(h)) => Cell::Int(i64::try_from(h / 100).unwrap_or(i64::MAX)),
    };
    for c in &units.counties {
        let s = c.survey.as_ref();
        let n = |f: &dyn Fn(&fupin_core::assess::CountySurvey) -> Option<u64>| {
            s.and_then(f).map_or(Cell::Null, |v| {
                Cell::Int(i64::try_from(v).unwrap_or(i64::MAX))
            })
        };
        counties_w.row(vec![
            Cell::Text(c.code.gb2260()),
            Cell::Bool(c.poor_county),
            b(c.platform),
            n(&|s| Some(s.sampled_exited)),
            n(&|s| Some(s.wrongly_exited)),
            n(&|s| Some(s.sampled_non_registered)),
            n(&|s| Some(s.missed)),
            n(&|s| s.wrongly_exited_people),
            n(&|s| s.missed_people),
            n(&|s| s.surveyed_households),
            n(&|s| s.approving_households),
            value(c, "online_retail_sales"),
            value(c, "ecommerce_demonstration"),
            value(c, "schools"),
            value(c, "schools_connected"),
            value(c, "training_person_times"),
            value(c, "county_hospitals"),
            value(c, "county_hospitals_telemedicine"),
            value(c, "township_centres"),
            value(c, "township_centres_telemedicine"),
            value(c, "poverty_tariff_users"),
        ])?;
    }
    written.push(counties_w.finish()?);
    let note = args.out.join("SYNTHETIC.txt");
    std::fs::write(
        &note,
        format!("{label}\nmade by `fupin synth --scale {} --seed {}`: real county codes (2020), made-up households and figures.\n", args.scale, args.seed),
    )
    .map_err(|source| CliError::Write { path: note.clone(), source })?;
    written.push(note);
    let mut out = std::io::stdout().lock();
    for p in &written {
        writeln!(
            out,
            "wrote {}",
            crate::output::term(&p.display().to_string())
        )
        .map_err(|source| CliError::Write {
            path: PathBuf::from("<stdout>"),
            source,
        })?;
    }
    writeln!(
        out,
        "{seq} synthetic households, {} villages, {} townships, {} counties",
        units.villages.len(),
        units.townships.len(),
        units.counties.len()
    )
    .map_err(|source| CliError::Write {
        path: PathBuf::from("<stdout>"),
        source,
    })?;
    Ok(ExitCode::SUCCESS)
}
