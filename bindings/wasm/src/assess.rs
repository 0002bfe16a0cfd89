//! `fupin_core::assess`: a data set (unit facts and the register) counted and rolled up to
//! every level, indicators per unit, target verdicts and exit verdicts with every criterion,
//! and the synthetic generator.

use chrono::NaiveDate;
use fupin_core::assess::{AssessOptions, Assessment as CoreAssessment};
use fupin_core::assess::{
    CountyFacts, Dataset, ExitRules, HouseholdFields, Households, IndicatorValue, MissingStrategy,
    Rollup, RowReport, Tally, UnitFacts, household_exit_with,
};
use fupin_core::household::{DuplicateCheck, Household, HouseholdStatus};
use fupin_core::plan::{HouseholdLines, MeasureDef, MeasureDefs, Target, Targets};
use fupin_core::region::Level;
use fupin_core::responsibility::ResponsibilityMap;
use fupin_core::synth::{self, SynthOptions};
use fupin_core::{Issues, Path, RegionCode, Yuan};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::wasm_bindgen;

use crate::convert;
use crate::error;

/// The data an assessment is built from.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssessmentData {
    /// The as-of date.
    pub as_of: NaiveDate,
    /// A label that travels with results (say "SYNTHETIC" for made-up data).
    #[serde(default)]
    pub label: Option<String>,
    /// Facts of counties, townships and villages.
    #[serde(default)]
    pub units: UnitFacts,
    /// Household records in the wire format (each read with every problem reported).
    #[serde(default)]
    pub households: Vec<serde_json::Value>,
    /// Households as rows of the fields the assessment counts (`village`, `people`,
    /// `status`, `terminal`, `ecommerce`, `online_training`, `file_complete`,
    /// `income_per_capita`, `guarantees_met`; what is left out is not recorded).
    #[serde(default)]
    pub fields: Vec<FieldsRow>,
    /// Indicators of your own beyond the shares (counts, amounts, shares, rates of unit
    /// values), added to the built-in ones; units give their values in `values`.
    #[serde(default)]
    pub indicators: Vec<MeasureDef>,
}

/// One household as the fields the assessment counts (`fupin_core::assess::HouseholdFields`),
/// with its village; what is left out is not recorded. The wire shape of a row (its
/// TypeScript type): rows are read by `HouseholdFields::from_value`, every problem at its
/// path (`fields[2].status`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldsRow {
    /// The village's 12-digit code.
    pub village: RegionCode,
    /// Number of members.
    pub people: u16,
    /// Current status (required, as a table's status cell: a row without it is refused,
    /// not taken for a poor household's).
    pub status: HouseholdStatus,
    /// Has a terminal.
    #[serde(default)]
    pub terminal: Option<bool>,
    /// Uses e-commerce.
    #[serde(default)]
    pub ecommerce: Option<bool>,
    /// A member took online training.
    #[serde(default)]
    pub online_training: Option<bool>,
    /// The file is complete.
    #[serde(default)]
    pub file_complete: Option<bool>,
    /// Per-capita net income in yuan.
    #[serde(default)]
    pub income_per_capita: Option<Yuan>,
    /// Every guarantee that applies met.
    #[serde(default)]
    pub guarantees_met: Option<bool>,
}

/// How the rows of an assessment's data were taken in.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct LoadReport {
    /// The household records.
    #[serde(default)]
    pub households: RowReport,
    /// The rows of fields.
    #[serde(default)]
    pub fields: RowReport,
}

/// A data set counted and rolled up to every level, from village to nation: a plain
/// object. Pass it back to `indicators`, `unitChildren`, `judgeTargets` and `exitVerdicts`
/// (only `rollup` and `counties` are read back).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Assessment {
    /// The as-of date.
    pub as_of: NaiveDate,
    /// The data set's label (`"SYNTHETIC …"` for generated data).
    #[serde(default)]
    pub label: Option<String>,
    /// Number of registered households counted.
    #[serde(default)]
    pub household_count: usize,
    /// How the rows were taken in (accepted and rejected rows).
    #[serde(default)]
    pub report: LoadReport,
    /// The county facts (sorted by code); exit verdicts need them.
    #[serde(default)]
    pub counties: Vec<CountyFacts>,
    /// The counters of every unit at every level.
    pub rollup: Rollup,
}

impl Assessment {
    fn of(dataset: &Dataset, report: LoadReport) -> Assessment {
        Assessment {
            as_of: dataset.as_of(),
            label: dataset.label().map(str::to_owned),
            household_count: dataset.household_count(),
            report,
            counties: dataset.counties().to_vec(),
            // one thread: a browser has no threads for std to spawn
            rollup: Rollup::of(Tally::of_with_threads(dataset, 1)),
        }
    }
}

/// The indicators of one unit.
#[derive(Debug, Clone, Serialize)]
pub struct UnitIndicators {
    /// The unit's code (`null`: the nation).
    pub code: Option<RegionCode>,
    /// Every indicator of the catalog measured for it.
    pub indicators: Vec<IndicatorValue>,
}

/// Options of the synthetic generator (see `fupin_core::synth`); unset fields keep
/// the national proportions.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SynthSettings {
    /// The as-of date.
    pub as_of: NaiveDate,
    /// Seed (default 2016).
    #[serde(default)]
    pub seed: Option<u64>,
    /// Households per village relative to the national average (default 1).
    #[serde(default)]
    pub scale: Option<f64>,
    /// Share of the counties made poor counties.
    #[serde(default)]
    pub poor_county_share: Option<f64>,
    /// Average townships per county and villages per township.
    #[serde(default)]
    pub shape: Option<(u32, u32)>,
}

fn assessment(value: JsValue) -> Result<Assessment, JsValue> {
    convert::from_js(value, "assessment")
}

fn unit(code: JsValue) -> Result<Option<RegionCode>, JsValue> {
    convert::optional(code, "unit")
}

fn strategy(value: JsValue) -> Result<MissingStrategy, JsValue> {
    Ok(convert::optional(value, "strategy")?.unwrap_or_default())
}

/// Builds an assessment from unit facts and household records or rows of fields. Throws a
/// `FupinError` (code `validation`) listing every problem of the unit facts (paths like
/// `units.villages[3].code`). Every household record and row of fields is counted or
/// reported in `report.households` / `report.fields` with every problem under its index
/// (`[7].members[0].sex`, `[2].status`), as the command and Python report the rows of a
/// file: records and rows that cannot be read, rows with a code that is not a village's, and
/// records that break a rule on `as_of` (the rules `validateHouseholds` checks: an income
/// below zero or not the sum of its components …) and households given twice (the same
/// village and file number, or the same members: `duplicate_household`, naming the first)
/// are left out and listed in `report`.
#[wasm_bindgen(unchecked_return_type = "Assessment")]
pub fn assess(
    #[wasm_bindgen(unchecked_param_type = "AssessmentDataInput")] data: JsValue,
) -> Result<JsValue, JsValue> {
    // the rows of fields are read one by one by the core, every problem at its path
    // (`fields[2].status`); the rest of the data as a whole
    let mut data = convert::json(data, "data")?;
    let rows = match data.as_object_mut().and_then(|o| o.remove("fields")) {
        None | Some(serde_json::Value::Null) => Vec::new(),
        Some(serde_json::Value::Array(rows)) => rows,
        Some(_) => {
            return Err(error::argument(
                "invalid_value",
                "data.fields",
                "`fields` must be a list of rows".to_owned(),
            ));
        }
    };
    let data: AssessmentData = serde_json::from_value(data)
        .map_err(|e| error::core(&fupin_core::Error::Json(format!("`data`: {e}"))))?;
    let defs = MeasureDefs::with(data.indicators).map_err(|e| {
        let mut issues = Issues::new();
        issues.extend_under(&Path::root().key("indicators"), e.issues());
        error::core(&fupin_core::Error::Validation(issues))
    })?;
    let mut dataset =
        Dataset::with_units_and_indicators(data.as_of, data.units, defs).map_err(|e| {
            let mut issues = Issues::new();
            issues.extend_under(&Path::root().key("units"), e.issues());
            error::core(&fupin_core::Error::Validation(issues))
        })?;
    if let Some(label) = data.label {
        dataset = dataset.labelled(label);
    }
    // a record or a row that cannot be read is a rejected row with every problem under its
    // index, the others counted, as the command and Python count a file
    let households = data
        .households
        .into_iter()
        .map(|value| Household::from_value(value).map_err(|e| e.issues()))
        .collect();
    let total = rows.len();
    let mut villages = Vec::with_capacity(total);
    let mut fields = Vec::with_capacity(total);
    let mut row_of = Vec::with_capacity(total);
    let mut unread = Issues::new();
    for (i, row) in rows.into_iter().enumerate() {
        match HouseholdFields::from_value(row) {
            Ok((village, f)) => {
                villages.push(village.as_u64());
                fields.push(f);
                row_of.push(i);
            }
            Err(e) => unread.extend_under(&Path::root().index(i), e.issues()),
        }
    }
    // a household given twice (the same village and file number, or the same members) is
    // counted once, the other a rejected row naming the first, as in the command and Python
    let mut check = DuplicateCheck::new();
    check.begin_file("households", true);
    let report = LoadReport {
        households: check
            .feed_records(households, 0, |rows| dataset.add_households(rows))
            .map_err(|e| error::core(&e))?,
        fields: RowReport::with_set_aside(
            total,
            unread,
            dataset
                .add_households(Households::Fields {
                    villages: &villages,
                    fields: &fields,
                })
                .map_err(|e| error::core(&e))?,
            &row_of,
        ),
    };
    convert::to_js(&Assessment::of(&dataset, report))
}

/// A **synthetic** data set (labelled so) under the given county codes, from the core's
/// deterministic generator, assessed: for demos and benchmarks.
#[wasm_bindgen(unchecked_return_type = "Assessment")]
pub fn synthesize(
    #[wasm_bindgen(unchecked_param_type = "string[]")] counties: JsValue,
    #[wasm_bindgen(unchecked_param_type = "SynthSettingsInput")] settings: JsValue,
) -> Result<JsValue, JsValue> {
    let counties: Vec<RegionCode> = convert::from_js(counties, "counties")?;
    let s: SynthSettings = convert::from_js(settings, "settings")?;
    let mut opts = SynthOptions::new(s.as_of);
    if let Some(seed) = s.seed {
        opts = opts.with_seed(seed);
    }
    if let Some(scale) = s.scale {
        opts = opts.with_scale(scale);
    }
    if let Some(share) = s.poor_county_share {
        opts = opts.with_poor_county_share(share);
    }
    if let Some((townships, villages)) = s.shape {
        opts = opts.with_shape(townships, villages);
    }
    let dataset = synth::generate(&counties, &opts);
    convert::to_js(&Assessment::of(&dataset, LoadReport::default()))
}

/// Every indicator of the catalog for one unit of an assessment (`null`: the nation).
#[wasm_bindgen(unchecked_return_type = "IndicatorValue[]")]
pub fn indicators(
    #[wasm_bindgen(unchecked_param_type = "Assessment")] assessment: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string | null")] unit: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "MissingStrategy | null")] strategy: JsValue,
) -> Result<JsValue, JsValue> {
    let a = self::assessment(assessment)?;
    convert::to_js(
        &a.rollup
            .indicators(self::unit(unit)?, self::strategy(strategy)?),
    )
}

/// The units directly inside `unit` (`null`: the provinces) with their indicators.
#[wasm_bindgen(js_name = unitChildren, unchecked_return_type = "UnitIndicators[]")]
pub fn unit_children(
    #[wasm_bindgen(unchecked_param_type = "Assessment")] assessment: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "string | null")] unit: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "MissingStrategy | null")] strategy: JsValue,
) -> Result<JsValue, JsValue> {
    let a = self::assessment(assessment)?;
    let strategy = self::strategy(strategy)?;
    let list: Vec<UnitIndicators> = a
        .rollup
        .children(self::unit(unit)?)
        .iter()
        .map(|e| UnitIndicators {
            code: Some(e.code),
            indicators: a.rollup.indicators(Some(e.code), strategy),
        })
        .collect();
    convert::to_js(&list)
}

/// Each unit's standing against the target revisions in force at the as-of date (the
/// built-in targets, or `targets`).
#[wasm_bindgen(js_name = judgeTargets, unchecked_return_type = "TargetVerdict[]")]
pub fn judge(
    #[wasm_bindgen(unchecked_param_type = "Assessment")] assessment: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "JudgeOptionsInput | null")] options: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "TargetInput[] | null")] targets: JsValue,
) -> Result<JsValue, JsValue> {
    let a = self::assessment(assessment)?;
    let o: JudgeOptions = convert::optional(options, "options")?.unwrap_or_default();
    let targets = crate::plan::judged_targets(targets, &a.rollup.measure_defs())?;
    let mut options = AssessOptions::default().strategy(o.strategy);
    if let Some(w) = o.within {
        options = options.within(w);
    }
    let judged = CoreAssessment::new(&a.rollup, &a.counties)
        .with_targets(targets)
        .with_options(options);
    convert::to_js(&match o.levels {
        None => judged.verdicts(),
        Some(levels) => judged.verdicts_at(&levels),
    })
}

/// Which units `judgeTargets` judges, and how; every field may be left out.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct JudgeOptions {
    /// The levels judged (default: nation, province, prefecture and county).
    pub levels: Option<Vec<Level>>,
    /// How missing data is treated.
    pub strategy: MissingStrategy,
    /// Only units inside this region.
    pub within: Option<RegionCode>,
}

/// Exit verdicts, every criterion listed with its exact numerator and denominator, for
/// every poor county and registered poor village of an assessment, under the national rules
/// (the rule table of the core) and `rules`: either a list of provincial rule packs, or an
/// object `{incidence?, incidence_west?, wrongful_exit_max?, missed_max?, approval_min?,
/// zones?, packs?}` whose keys replace the defaults.
#[wasm_bindgen(js_name = exitVerdicts, unchecked_return_type = "ExitVerdict[]")]
pub fn exits(
    #[wasm_bindgen(unchecked_param_type = "Assessment")] assessment: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "RulePackInput[] | ExitRulesInput | null")]
    rules: JsValue,
) -> Result<JsValue, JsValue> {
    let a = self::assessment(assessment)?;
    let rules = match convert::optional::<serde_json::Value>(rules, "rules")? {
        None => ExitRules::default(),
        Some(given) => ExitRules::from_value(given).map_err(|e| error::core(&e))?,
    };
    convert::to_js(
        &CoreAssessment::new(&a.rollup, &a.counties)
            .with_rules(rules)
            .exits(),
    )
}

/// What `judge` judges against; every field may be left out.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JudgeSettings {
    /// Target revisions of your own, added to the built-in ones (as everywhere); their
    /// indicators may be the assessment's indicators beyond shares.
    #[serde(default)]
    pub targets: Option<Vec<Target>>,
    /// Exit rules: a list of provincial rule packs, or `{incidence?, …, packs?}` (as for
    /// `exitVerdicts`).
    #[serde(default)]
    pub rules: Option<serde_json::Value>,
    /// A responsibility map `{bodies: [...]}`: without it, no accountability.
    #[serde(default)]
    pub responsibility: Option<serde_json::Value>,
    /// The deepest level judged (default: county; targets down to counties at most).
    #[serde(default)]
    pub level: Option<Level>,
    /// Only units inside this region.
    #[serde(default)]
    pub within: Option<RegionCode>,
    /// How missing data is treated.
    #[serde(default)]
    pub strategy: Option<MissingStrategy>,
    /// An earlier assessment, for projections and the scorecards' changes.
    #[serde(default)]
    pub previous: Option<Box<Assessment>>,
}

/// Judges an assessment as `fupin assess` and its reports do, by the core's one
/// `judge`: target verdicts (with projections from `previous`), exit verdicts, scorecards
/// and the accountability of the worst gaps (with a responsibility map). Throws a
/// `FupinError` when a setting cannot be read.
#[wasm_bindgen(js_name = judge, unchecked_return_type = "Judged")]
pub fn judge_all(
    #[wasm_bindgen(unchecked_param_type = "Assessment")] assessment: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "JudgeSettingsInput | null")] settings: JsValue,
) -> Result<JsValue, JsValue> {
    let a = self::assessment(assessment)?;
    let s: JudgeSettings = convert::optional(settings, "settings")?.unwrap_or_default();
    let rules = match s.rules {
        None => ExitRules::default(),
        Some(given) => ExitRules::from_value(given).map_err(|e| error::core(&e))?,
    };
    let map = s
        .responsibility
        .map(ResponsibilityMap::from_value)
        .transpose()
        .map_err(|e| error::core(&e))?;
    let mut options = AssessOptions::default().level(s.level.unwrap_or(Level::County));
    options = options.strategy(s.strategy.unwrap_or_default());
    if let Some(w) = s.within {
        options = options.within(w);
    }
    let mut assessment = CoreAssessment::new(&a.rollup, &a.counties)
        .with_rules(rules)
        .with_options(options);
    if let Some(items) = s.targets {
        let own = Targets::new_for(items, &a.rollup.measure_defs()).map_err(|e| error::core(&e))?;
        assessment = assessment.with_own_targets(own);
    }
    if let Some(previous) = s.previous.as_ref() {
        assessment = assessment.with_previous(&previous.rollup);
    }
    if let Some(map) = map.as_ref() {
        assessment = assessment.with_responsibility(map);
    }
    // counties checked against the embedded divisions, as the command and Python check them
    #[cfg(feature = "regions")]
    let assessment = assessment.with_known_counties(&fupin_data::code_known);
    convert::to_js(&assessment.judge())
}

/// The household exit rule for one household as of `as_of`: income above the chosen line of
/// the year (and the year before, with `stability: "two_years"`), and the guarantees that
/// applied on that date (safe water from 2019-06-23), every criterion listed, the line named.
/// `lines`: `{national?, provincial?: [{province, year, yuan, source}], choice?: "national" |
/// "provincial" | "provincial_else_national", stability?: "as_of_year" | "two_years"}`.
/// Throws a `FupinError` if the record or the lines cannot be read, or if the record breaks
/// a rule on `as_of` (code `validation`, every problem with its path): such a record gets
/// no verdict. `as_of` is required (as in Python and the command): a verdict of "today"
/// would judge against the line of a year the record may not be about.
#[wasm_bindgen(js_name = householdExit, unchecked_return_type = "ExitVerdict")]
pub fn household_exit_verdict(
    #[wasm_bindgen(unchecked_param_type = "HouseholdInput | unknown")] value: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] as_of: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "HouseholdLinesInput | null")] lines: JsValue,
) -> Result<JsValue, JsValue> {
    if as_of.is_null() || as_of.is_undefined() {
        return Err(error::argument(
            "missing_value",
            "as_of",
            "an exit verdict is as of a date: give `asOf` (YYYY-MM-DD)".to_owned(),
        ));
    }
    let as_of = convert::date(&as_of, "as_of")?;
    let household =
        Household::from_value(convert::json(value, "")?).map_err(|e| error::core(&e))?;
    let lines: HouseholdLines = convert::optional(lines, "lines")?.unwrap_or_default();
    let verdict = household_exit_with(&household, &lines, as_of).map_err(|e| error::core(&e))?;
    convert::to_js(&verdict)
}

/// The exit rules of the national standard, each with its comparator, threshold, unit, the
/// day it applies from and the document it comes from.
#[wasm_bindgen(js_name = exitRules, unchecked_return_type = "ExitRule[]")]
pub fn exit_rules() -> Result<JsValue, JsValue> {
    convert::to_js(&fupin_core::rules::exit_rules().collect::<Vec<_>>())
}
