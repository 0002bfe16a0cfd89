//! `fupin assess`: read (or make) a register, count it in a streaming way, judge it, report.

use std::process::ExitCode;

use chrono::NaiveDate;
use fupin_arrow::ColumnMap;
use fupin_core::Issues;
use fupin_core::assess::{
    AssessOptions, Assessment, CountyFacts, ExitRules, ExitVerdict, IndicatorValue, Judged,
    MissingStrategy, Rollup, Scorecard, TallyStream, TargetVerdict, UnitFacts, UnitsMet,
};
use fupin_core::household::DuplicateCheck;
use fupin_core::plan::{MeasureDefs, Targets};
use fupin_core::region::{Level, RegionCode};
use fupin_core::responsibility::{Accountability, ResponsibilityMap};
use fupin_core::synth::{self, SynthOptions};
use serde::Serialize;

use super::{column_map, region_name};
use crate::args::{AssessArgs, AssessFormat, LevelArg};
use crate::error::CliError;
use crate::input;
use crate::output;
use crate::output::rejects::{Rejects, RejectsSummary};
use crate::progress::Progress;

/// What one input file gave.
#[derive(Debug, Serialize)]
pub struct FileSummary {
    /// The file.
    pub file: String,
    /// Which table it is: `households` (the register), `villages`, `townships` or
    /// `counties`.
    pub table: &'static str,
    /// What was detected.
    pub detected: String,
    /// Data rows.
    pub rows: usize,
    /// Rows accepted.
    pub accepted: usize,
    /// Rows rejected.
    pub rejected: usize,
    /// Which columns were read for which field, and which were ignored.
    pub columns: ColumnsSeen,
    /// Whether the file carries the mark of `fupin synth` (then the report is labelled
    /// SYNTHETIC).
    pub synthetic: bool,
}

/// The columns of one input file: those read (field → column) and those ignored (a
/// renamed header shows here, instead of silently changing the numbers).
#[derive(Debug, Default, Serialize)]
pub struct ColumnsSeen {
    /// Field → the column it was read from.
    pub recognised: std::collections::BTreeMap<String, String>,
    /// Columns of the file no field was read from.
    pub ignored: Vec<String>,
}

impl ColumnsSeen {
    /// Counts the value columns of `fields` (the indicators beyond shares) as read.
    pub fn add_values(&mut self, fields: &[fupin_core::plan::measure::FieldSpec]) {
        for f in fields {
            if let Some(pos) = self
                .ignored
                .iter()
                .position(|c| fupin_arrow::holds_field(c, f))
            {
                let col = self.ignored.remove(pos);
                self.recognised.insert(format!("values.{}", f.name), col);
            }
        }
    }

    /// The columns of a file of columns `names` for `fields`.
    pub fn of(map: &ColumnMap, names: &[String], fields: &[&str]) -> Self {
        let schema = arrow_schema::Schema::new(
            names
                .iter()
                .map(|n| arrow_schema::Field::new(n.as_str(), arrow_schema::DataType::Utf8, true))
                .collect::<Vec<_>>(),
        );
        let (recognised, ignored) = map.recognise(&schema, fields);
        ColumnsSeen {
            recognised: recognised.into_iter().collect(),
            ignored,
        }
    }
}

/// The fields of the register that are read (its file number for households given
/// twice).
fn register_fields() -> Vec<&'static str> {
    fupin_arrow::HOUSEHOLD_FIELDS.to_vec()
}

/// One unit's indicators.
#[derive(Debug, Serialize)]
pub struct UnitIndicators {
    /// Level.
    pub level: Level,
    /// Code (none for the nation).
    pub code: Option<RegionCode>,
    /// Name from the embedded division data.
    pub name: Option<String>,
    /// Indicators.
    pub indicators: Vec<IndicatorValue>,
}

/// The whole assessment, as JSON and as the source of the other formats.
#[derive(Debug, Serialize)]
pub struct Report {
    /// The data's label (SYNTHETIC for the demo).
    pub label: Option<String>,
    /// The as-of date.
    pub as_of: NaiveDate,
    /// Inputs.
    pub files: Vec<FileSummary>,
    /// Total rows of the register, accepted and rejected (accepted + rejected = rows; the
    /// unit tables' rows are counted in their own entries of `files`).
    pub rows: usize,
    /// Accepted rows.
    pub accepted: usize,
    /// Rejected rows.
    pub rejected: usize,
    /// Indicators per unit, from the nation down to the chosen level.
    pub indicators: Vec<UnitIndicators>,
    /// Target verdicts per unit.
    pub verdicts: Vec<TargetVerdict>,
    /// Exit verdicts of poor counties and poor villages (villages only in JSON).
    pub exits: Vec<ExitVerdict>,
    /// County scorecards (or of the chosen level when above county).
    pub scorecards: Vec<Scorecard>,
    /// Who answers for the worst gaps.
    pub accountability: Vec<Accountability>,
    /// Data that cannot be right, counted as given (a village with more registered poor
    /// people than rural population), each with its code and path; summed up in `notes`.
    pub data_problems: Issues,
    /// How many units of each level below the province meet each target judged there
    /// (the core's `Judged::units_met`).
    pub units_met: Vec<UnitsMet>,
    /// Notes for the reader.
    pub notes: Vec<String>,
    /// The problems of the rejected rows: counted exactly, the first ones shown, all in the
    /// `--rejects` file.
    pub rejects: RejectsSummary,
    #[serde(skip)]
    /// The rolled-up data (for the other formats).
    pub rollup: Option<Rollup>,
}

fn level_of(l: LevelArg) -> Level {
    match l {
        LevelArg::Nation => Level::Nation,
        LevelArg::Province => Level::Province,
        LevelArg::Prefecture => Level::Prefecture,
        LevelArg::County => Level::County,
        LevelArg::Township => Level::Township,
        LevelArg::Village => Level::Village,
    }
}

struct Loaded {
    rollup: Rollup,
    previous: Option<Rollup>,
    counties: Vec<CountyFacts>,
    map: Option<ResponsibilityMap>,
    files: Vec<FileSummary>,
    notes: Vec<String>,
}

fn demo(args: &AssessArgs) -> Result<Loaded, CliError> {
    let as_of = args
        .as_of
        .unwrap_or_else(|| NaiveDate::from_ymd_opt(2020, 6, 30).unwrap_or_default());
    let guizhou = RegionCode::from_gb2260(520_000)?;
    let counties: Vec<RegionCode> = fupin_data::divisions(fupin_data::Vintage::V2020)
        .filter(|d| d.level == Level::County && !d.is_grouping && guizhou.contains(d.code))
        .map(|d| d.code)
        .collect();
    let opts = SynthOptions::new(as_of)
        .with_scale(args.demo_scale)
        .with_poor_county_share(0.6);
    let ds = synth::generate(&counties, &opts);
    let year_before = as_of
        .checked_sub_months(chrono::Months::new(12))
        .unwrap_or(as_of);
    let earlier = synth::generate(
        &counties,
        &SynthOptions::new(year_before)
            .with_scale(args.demo_scale)
            .with_poor_county_share(0.6)
            .with_seed(7),
    );
    let map = synth::responsibility_map(ds.counties())?;
    let n = ds.household_count();
    Ok(Loaded {
        rollup: ds.roll_up(),
        previous: Some(earlier.roll_up()),
        counties: ds.counties().to_vec(),
        map: Some(map),
        files: vec![FileSummary { file: "(embedded synthetic demo)".to_owned(), table: "households", columns: ColumnsSeen::default(), detected: "synthetic".to_owned(), rows: n, accepted: n, rejected: 0, synthetic: true }],
        notes: vec![
            "SYNTHETIC demo: real county codes of 贵州 (2020), made-up households and figures; not an assessment of any real place".to_owned(),
            format!("the previous snapshot ({year_before}) is synthetic too, drawn with another seed, for the projections"),
        ],
    })
}

fn load_units(
    args: &AssessArgs,
    map: &ColumnMap,
    defs: &MeasureDefs,
    rejects: &mut Rejects,
    files: &mut Vec<FileSummary>,
    notes: &mut Vec<String>,
) -> Result<UnitFacts, CliError> {
    let mut units = UnitFacts::default();
    let tables: [(&[std::path::PathBuf], &'static str, Level); 3] = [
        (&args.villages, "villages", Level::Village),
        (&args.townships, "townships", Level::Township),
        (&args.counties, "counties", Level::County),
    ];
    for (paths, table, level) in tables {
        for p in paths {
            // each file read on its own, as `fupin validate --kind` reads it: a rejected
            // row names its file and its data row (from 1), as the register's rows do
            let read = super::units::read_unit_file(p, level, &args.read, map, defs)?;
            units.villages.extend(read.units.villages);
            units.townships.extend(read.units.townships);
            units.counties.extend(read.units.counties);
            let rejected = read.rejected.rows().len();
            let name = p.display().to_string();
            rejects.extend(&name, read.rejected)?;
            let summary = read.summary;
            let mut columns =
                ColumnsSeen::of(map, &summary.columns, super::units::fields_of(level));
            columns.add_values(&read.values);
            notes.extend(super::default_column_notes(
                &name,
                table,
                map,
                &columns.recognised,
            ));
            files.push(FileSummary {
                columns,
                synthetic: summary.synthetic,
                file: name,
                table,
                detected: summary.detected,
                rows: summary.rows,
                accepted: summary.rows.saturating_sub(rejected),
                rejected,
            });
        }
    }
    Ok(units)
}

/// Counts a JSON Lines file of household records (一户一档): each record read and checked
/// as `fupin validate` checks it (a record with a problem is a rejected row, with all of
/// them), the households given twice among the run's inputs left out, the others counted
/// as records; the rejected rows handed to `rejects` chunk by chunk, as they are counted.
fn count_records(
    stream: &mut TallyStream,
    check: &mut DuplicateCheck,
    path: &std::path::Path,
    source: input::Source,
    max: u64,
    rejects: &mut Rejects,
    progress: &mut Progress,
) -> Result<FileSummary, CliError> {
    /// Why the counting stopped: the lines, or the sink of rejected rows.
    enum Stop {
        Lines(fupin_arrow::LinesError),
        Sink(CliError),
    }
    impl From<fupin_arrow::LinesError> for Stop {
        fn from(e: fupin_arrow::LinesError) -> Self {
            Stop::Lines(e)
        }
    }
    let name = path.display().to_string();
    let (mut rows, mut accepted) = (0, 0);
    let counted = fupin_arrow::count_record_lines(
        stream,
        &mut check.into(),
        source.into_reader(),
        1,
        max,
        &mut |report: fupin_core::assess::RowReport| {
            rows += report.rows;
            accepted += report.accepted;
            progress.add(report.rows);
            rejects.extend(&name, report.rejected).map_err(Stop::Sink)
        },
    );
    match counted {
        Ok(()) => {}
        Err(Stop::Sink(e)) => return Err(e),
        Err(Stop::Lines(fupin_arrow::LinesError::TooLong { row, max })) => {
            return Err(input::record_too_long(path, row, max));
        }
        Err(Stop::Lines(fupin_arrow::LinesError::Read(source))) => {
            return Err(CliError::Read {
                path: path.to_path_buf(),
                source,
            });
        }
        Err(Stop::Lines(other)) => {
            return Err(CliError::Read {
                path: path.to_path_buf(),
                source: other.into(),
            });
        }
    }
    Ok(FileSummary {
        file: name,
        table: "households",
        detected: "household records (jsonl)".to_owned(),
        rows,
        accepted,
        rejected: rows - accepted,
        // a record is read whole: every field of it is read or refused, none ignored
        columns: ColumnsSeen::default(),
        synthetic: false,
    })
}

/// Counts a Parquet register: its row groups decoded and counted on every core, each
/// group's households checked in turn (in the order of the rows) against those already
/// seen, which are left out; the rejected rows of each group (households given twice
/// among them) handed to `rejects` as it is counted, in the order of the groups.
fn count_parquet(
    stream: &mut TallyStream,
    check: &mut DuplicateCheck,
    last: bool,
    path: &std::path::Path,
    map: &fupin_arrow::ColumnMap,
    opts: &input::ReadOptions,
    rejects: &mut Rejects,
) -> Result<FileSummary, CliError> {
    let name = path.display().to_string();
    let progress = std::sync::Mutex::new(Progress::new(path.display().to_string()));
    let on_rows = |n: usize| {
        if let Ok(mut p) = progress.lock() {
            p.add(n);
        }
    };
    // groups counted out of order wait for the ones before them (a few, one per thread)
    struct InOrder<'r> {
        next: usize,
        waiting: std::collections::BTreeMap<usize, fupin_core::Issues>,
        rejects: &'r mut Rejects,
        failed: Option<CliError>,
    }
    let order = std::sync::Mutex::new(InOrder {
        next: 0,
        waiting: std::collections::BTreeMap::new(),
        rejects,
        failed: None,
    });
    let on_rejected = |g: usize, issues: fupin_core::Issues| {
        let Ok(mut o) = order.lock() else { return };
        o.waiting.insert(g, issues);
        loop {
            let next = o.next;
            let Some(list) = o.waiting.remove(&next) else {
                break;
            };
            o.next += 1;
            if o.failed.is_none()
                && let Err(e) = o.rejects.extend(&name, list)
            {
                o.failed = Some(e);
            }
        }
    };
    let count = fupin_arrow::push_parquet_checked(
        stream,
        check,
        path,
        &name,
        last,
        map,
        opts.batch_rows,
        0,
        1,
        &on_rows,
        Some(&on_rejected),
    )
    .map_err(|e| CliError::from(e).in_file(path))?;
    if last {
        // no input follows: what the check knows is not needed any more
        *check = DuplicateCheck::new();
    }
    if let Some(e) = order.into_inner().ok().and_then(|o| o.failed) {
        return Err(e);
    }
    if let Ok(p) = progress.lock() {
        p.finish();
    }
    let report = count.report;
    Ok(FileSummary {
        columns: ColumnsSeen::of(map, &count.columns, &register_fields()),
        synthetic: input::parquet_is_synthetic(path),
        file: name,
        table: "households",
        detected: format!("parquet, {} row groups", count.row_groups),
        rows: report.rows,
        accepted: report.accepted,
        rejected: report.rows.saturating_sub(report.accepted),
    })
}

/// The indicators beyond shares of this run: the built-in ones and `--indicators`.
fn indicator_defs(args: &AssessArgs) -> Result<MeasureDefs, CliError> {
    match &args.indicators {
        None => Ok(MeasureDefs::default()),
        Some(path) => MeasureDefs::from_json(&super::read_text(path)?)
            .map_err(|e| CliError::input(path, "invalid_indicators", e.issues().to_string())),
    }
}

/// The user's own targets of this run (`--targets`, on any indicator of `defs`), added to
/// the built-in ones by the core ([`Assessment::with_own_targets`]).
fn own_targets(args: &AssessArgs, defs: &MeasureDefs) -> Result<Option<Targets>, CliError> {
    let Some(path) = &args.targets else {
        return Ok(None);
    };
    Targets::from_json_for(&super::read_text(path)?, defs)
        .map(Some)
        .map_err(|e| CliError::input(path, "invalid_targets", e.issues().to_string()))
}

fn load(args: &AssessArgs, rejects: &mut Rejects) -> Result<Loaded, CliError> {
    let as_of = args
        .as_of
        .unwrap_or_else(|| chrono::Utc::now().date_naive());
    let map = column_map(&args.read)?;
    let defs = indicator_defs(args)?;
    let mut files = Vec::new();
    let mut notes = Vec::new();
    let units = load_units(args, &map, &defs, rejects, &mut files, &mut notes)?;
    let counties = {
        let mut c = units.counties.clone();
        c.sort_by_key(|c| c.code);
        c
    };
    let mut stream = TallyStream::with_indicators(as_of, units, defs)?;
    let opts = super::household_read_options(&args.read, &map);
    // households given twice, across every input of the run: the first row counts
    let mut check = DuplicateCheck::new();
    for (k, path) in args.files.iter().enumerate() {
        if input::declared_format(path, &opts)? == Some(input::Format::Parquet) {
            input::require_file(path, input::Format::Parquet)?;
            let last = k + 1 == args.files.len();
            let summary = count_parquet(&mut stream, &mut check, last, path, &map, &opts, rejects)?;
            if !summary.columns.recognised.contains_key("file_number") {
                notes.push(super::no_file_numbers_note(&summary.file, &map));
            }
            notes.extend(super::default_column_notes(
                &summary.file,
                "households",
                &map,
                &summary.columns.recognised,
            ));
            files.push(summary);
            continue;
        }
        let mut progress = Progress::new(path.display().to_string());
        let name = path.display().to_string();
        // the format from the options or the name; standard input's from its first bytes
        // (read once, with the rest)
        let (format, mut source) = match input::declared_format(path, &opts)? {
            Some(f) => (f, None),
            None => {
                let s = input::Source::open(path)?;
                (s.sniff_format(), Some(s))
            }
        };
        // read as a stream, so every village's rows are kept (the file cannot be read again)
        check.begin_file(&name, false);
        if format == input::Format::Jsonl {
            let mut s = match source {
                Some(s) => s,
                None => input::Source::open(path)?,
            };
            if super::records_in(&mut s, opts.max_record(), path)? {
                // household records (一户一档), read and checked as `fupin validate` does
                files.push(count_records(
                    &mut stream,
                    &mut check,
                    path,
                    s,
                    opts.max_record(),
                    rejects,
                    &mut progress,
                )?);
                progress.finish();
                continue;
            }
            source = Some(s);
        }
        let mut accepted = 0;
        // rejected rows go to the sink as they come (one chunk of them in memory at most)
        let mut read_rejects = 0;
        let mut adapter_rejects = 0;
        let summary = input::read_table_from_pipelined(path, format, source, &opts, &mut |chunk| {
            read_rejects += chunk.rejected.len();
            rejects.extend(&name, chunk.rejected)?;
            if chunk.batch.num_rows() == 0 {
                return Ok(());
            }
            let report = fupin_arrow::push_checked(
                &mut stream,
                &mut (&mut check).into(),
                &chunk.batch,
                &map,
                chunk.first_row,
            )?
            .ok_or_else(|| {
                CliError::Usage(
                    "households given twice: a village's rows were forgotten".to_owned(),
                )
            })?;
            accepted += report.accepted;
            adapter_rejects += report.rejected.rows().len();
            rejects.extend(&name, report.rejected)?;
            progress.add(chunk.batch.num_rows());
            Ok(())
        })
        .map_err(|e| e.in_file(path))?;
        progress.finish();
        if !super::has_file_numbers(&map, &summary.columns) {
            notes.push(super::no_file_numbers_note(&name, &map));
        }
        let columns = ColumnsSeen::of(&map, &summary.columns, &register_fields());
        notes.extend(super::default_column_notes(
            &name,
            "households",
            &map,
            &columns.recognised,
        ));
        files.push(FileSummary {
            columns,
            synthetic: summary.synthetic,
            file: name,
            table: "households",
            detected: summary.detected,
            rows: summary.rows,
            accepted,
            rejected: read_rejects + adapter_rejects,
        });
    }
    let bodies = match &args.bodies {
        None => None,
        Some(p) => Some(ResponsibilityMap::from_json(&super::read_text(p)?)?),
    };
    if bodies.is_none() {
        notes.push(
            "no responsibility map given (--bodies): accountability chains are not shown"
                .to_owned(),
        );
    }
    Ok(Loaded {
        rollup: Rollup::of(stream.finish()),
        previous: None,
        counties,
        map: bodies,
        files,
        notes,
    })
}

/// Builds the report; the rejected rows go to `rejects` as they are met.
fn build(args: &AssessArgs, rejects: &mut Rejects) -> Result<Report, CliError> {
    let loaded = if args.files.is_empty() {
        demo(args)?
    } else {
        load(args, rejects)?
    };
    let within = args.region.as_deref().map(RegionCode::parse).transpose()?;
    let deepest = level_of(args.level);
    let strategy = MissingStrategy::default();
    let r = &loaded.rollup;
    let inside = |c: RegionCode| within.is_none_or(|w| w.contains_or_within(c));
    let mut indicators = Vec::new();
    for level in Level::ALL.iter().filter(|l| **l <= deepest) {
        if *level == Level::Nation {
            if within.is_none() {
                indicators.push(UnitIndicators {
                    level: Level::Nation,
                    code: None,
                    name: None,
                    indicators: r.indicators(None, strategy),
                });
            }
            continue;
        }
        for e in r.level(*level).iter().filter(|e| inside(e.code)) {
            indicators.push(UnitIndicators {
                level: *level,
                code: Some(e.code),
                name: region_name(e.code),
                indicators: r.indicators(Some(e.code), strategy),
            });
        }
    }
    // the exit rules: the built-in ones, or a provincial rule pack
    let rules = match &args.exit_rules {
        None => ExitRules::default(),
        Some(path) => {
            let text = super::read_text(path)?;
            let value = fupin_core::parse_json(&text)
                .map_err(|i| CliError::format(path, format!("not JSON: {}", i.message)))?;
            ExitRules::from_value(value)
                .map_err(|e| CliError::input(path, "invalid_exit_rules", e.issues().to_string()))?
        }
    };
    // judged by the core's one Assessment, as every report and binding judges
    let mut options = AssessOptions::default().level(deepest).strategy(strategy);
    if let Some(w) = within {
        options = options.within(w);
    }
    let mut assessment = Assessment::new(r, &loaded.counties)
        .with_rules(rules)
        .with_options(options);
    if let Some(own) = own_targets(args, &indicator_defs(args)?)? {
        assessment = assessment.with_own_targets(own);
    }
    if let Some(previous) = loaded.previous.as_ref() {
        assessment = assessment.with_previous(previous);
    }
    if let Some(map) = loaded.map.as_ref() {
        assessment = assessment.with_responsibility(map);
    }
    // a county no list of divisions 2016–2023 knows is said (a mistyped village code)
    assessment = assessment.with_known_counties(&fupin_data::code_known);
    let Judged {
        verdicts,
        exits,
        scorecards: cards,
        accountability,
        data_problems,
        units_met,
    } = assessment.judge();
    let mut notes = loaded.notes;
    notes.extend(fupin_report::data_problems_note(&data_problems));
    let register = || loaded.files.iter().filter(|f| f.table == "households");
    let rows: usize = register().map(|f| f.rows).sum();
    let accepted: usize = register().map(|f| f.accepted).sum();
    let rejected: usize = register().map(|f| f.rejected).sum();
    // data made by `fupin synth` stays labelled when it is assessed again
    let marked: Vec<&str> = loaded
        .files
        .iter()
        .filter(|f| f.synthetic)
        .map(|f| f.file.as_str())
        .collect();
    let label = r.label.clone().or_else(|| {
        (!marked.is_empty()).then(|| {
            format!(
                "SYNTHETIC data (made by fupin synth: {}): not real households or places' figures",
                marked.join(", ")
            )
        })
    });
    let report = Report {
        label,
        as_of: r.as_of,
        files: loaded.files,
        rows,
        accepted,
        rejected,
        indicators,
        verdicts,
        exits,
        scorecards: cards,
        accountability,
        data_problems,
        units_met,
        notes,
        rejects: rejects.summary(),
        rollup: Some(loaded.rollup),
    };
    Ok(report)
}

/// Runs `fupin assess`.
pub fn run(args: &AssessArgs) -> Result<ExitCode, CliError> {
    let mut inputs: Vec<&std::path::Path> = args
        .files
        .iter()
        .chain(&args.villages)
        .chain(&args.townships)
        .chain(&args.counties)
        .map(|p| p.as_path())
        .collect();
    inputs.extend(args.bodies.as_deref());
    inputs.extend(args.exit_rules.as_deref());
    inputs.extend(args.read.columns.as_deref());
    output::refuse_clashes(
        &[
            ("--out", args.write.out.as_deref()),
            ("--rejects", args.rejects.as_deref()),
        ],
        &inputs,
    )?;
    let out = args.write.out.as_ref();
    let mut w = output::sink(out)?;
    let mut sink = Rejects::new(args.rejects.as_deref())?;
    let report = build(args, &mut sink)?;
    let rejects = sink.sample().to_vec();
    let err = output::write_err(out);
    match args.write.format {
        AssessFormat::Json => {
            serde_json::to_writer_pretty(&mut w, &report)
                .map_err(|e| err(std::io::Error::other(e.to_string())))?;
            writeln!(w).map_err(&err)?;
        }
        AssessFormat::Csv => {
            if let Some(r) = &report.rollup {
                let levels: Vec<Level> = Level::ALL
                    .iter()
                    .copied()
                    .filter(|l| *l <= level_of(args.level))
                    .collect();
                let within = args.region.as_deref().map(RegionCode::parse).transpose()?;
                let batch = fupin_arrow::indicators_table_within(
                    r,
                    &levels,
                    MissingStrategy::default(),
                    Some(&region_name),
                    within,
                )?;
                output::batch_csv(&batch, &mut w).map_err(&err)?;
            }
        }
        AssessFormat::Table => {
            super::assess_text::write(&report, &rejects, &mut w).map_err(&err)?
        }
        AssessFormat::Html => output::report::html(&report, &rejects, args, &mut w)?,
        AssessFormat::Xlsx => output::report::xlsx(&report, &rejects, args, &mut w)?,
    }
    // the files take their places only now that everything is written
    sink.finish()?;
    w.finish()?;
    // freeing a national roll-up (half a million villages' counters) takes longer than
    // the report took to write: it is done on the side, and the process does not wait
    // for it when it ends
    std::thread::spawn(move || drop((report, rejects)));
    Ok(ExitCode::SUCCESS)
}

use std::io::Write as _;
