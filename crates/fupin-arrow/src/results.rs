//! Results → Arrow record batches that polars, pyarrow, pandas and DuckDB read directly:
//! indicators per unit and level, target verdicts, exit verdicts (one row per criterion),
//! scorecards, and rejected rows.

use std::sync::Arc;

use arrow_array::builder::StringBuilder;
use arrow_array::{
    ArrayRef, BooleanArray, Float64Array, Int64Array, RecordBatch, StringArray, UInt64Array,
};
use arrow_schema::{DataType, Field, Schema};
use fupin_core::assess::{
    ExitVerdict, MissingStrategy, Rollup, RowReport, Scorecard, TargetVerdict,
};
use fupin_core::region::Level;
use fupin_core::{Issues, RegionCode};

use crate::error::ArrowError;

/// Names for unit codes (e.g. from `fupin-data`), or none.
pub type Names<'a> = Option<&'a dyn Fn(RegionCode) -> Option<String>>;

fn batch(
    fields: Vec<(&str, DataType, bool)>,
    columns: Vec<ArrayRef>,
) -> Result<RecordBatch, ArrowError> {
    let schema = Schema::new(
        fields
            .into_iter()
            .map(|(n, t, null)| Field::new(n, t, null))
            .collect::<Vec<_>>(),
    );
    Ok(RecordBatch::try_new(Arc::new(schema), columns)?)
}

fn strings(v: Vec<Option<String>>) -> ArrayRef {
    Arc::new(StringArray::from(v))
}

fn level_str(l: Level) -> Option<String> {
    Some(l.as_str().to_owned())
}

/// The code and name of a unit, looked up once for its run of rows.
struct UnitText<'n> {
    names: Names<'n>,
    last: Option<(Option<RegionCode>, Option<String>, Option<String>)>,
}

impl<'n> UnitText<'n> {
    fn new(names: Names<'n>) -> Self {
        UnitText { names, last: None }
    }

    /// Appends the code and the name of `unit` to the builders.
    fn append(
        &mut self,
        unit: Option<RegionCode>,
        code: &mut StringBuilder,
        name: &mut StringBuilder,
    ) {
        if self.last.as_ref().is_none_or(|(u, _, _)| *u != unit) {
            let names = self.names;
            self.last = Some((
                unit,
                unit.map(|c| c.to_short()),
                unit.and_then(|c| names.and_then(|f| f(c))),
            ));
        }
        let (c, n) = self
            .last
            .as_ref()
            .map_or((None, None), |(_, c, n)| (c.as_deref(), n.as_deref()));
        code.append_option(c);
        name.append_option(n);
    }
}

/// Every indicator of every unit at the given levels: `level, code, name, indicator,
/// numerator, denominator, population, missing, value, completeness, kind, unit` (`kind`:
/// `share`, `count`, `amount` — numerator in fen, value in yuan — or `rate_per`; `unit`
/// empty for shares). The nation has an empty code.
pub fn indicators_table(
    r: &Rollup,
    levels: &[Level],
    strategy: MissingStrategy,
    names: Names<'_>,
) -> Result<RecordBatch, ArrowError> {
    indicators_table_within(r, levels, strategy, names, None)
}

/// [`indicators_table`] of the units within `within` only: the region, the units in it and
/// those it is in ([`RegionCode::contains_or_within`]), the nation only without a region —
/// the units `fupin assess --region` shows in every format.
pub fn indicators_table_within(
    r: &Rollup,
    levels: &[Level],
    strategy: MissingStrategy,
    names: Names<'_>,
    within: Option<RegionCode>,
) -> Result<RecordBatch, ArrowError> {
    let mut level = StringBuilder::new();
    let mut code = StringBuilder::new();
    let mut name = StringBuilder::new();
    let mut ind = StringBuilder::new();
    let (mut num, mut den, mut pop, mut miss) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut value = Vec::new();
    let mut comp = StringBuilder::new();
    let (mut kind, mut unit_of) = (StringBuilder::new(), StringBuilder::new());
    let mut text = UnitText::new(names);
    for l in levels {
        let units: Vec<Option<RegionCode>> = if *l == Level::Nation {
            if within.is_some() {
                continue;
            }
            vec![None]
        } else {
            r.level(*l)
                .iter()
                .filter(|e| within.is_none_or(|w| w.contains_or_within(e.code)))
                .map(|e| Some(e.code))
                .collect()
        };
        for unit in units {
            for v in r.indicators(unit, strategy) {
                level.append_value(l.as_str());
                text.append(unit, &mut code, &mut name);
                ind.append_value(v.indicator);
                num.push(v.numerator);
                den.push(v.denominator);
                pop.push(v.population);
                miss.push(v.missing);
                value.push(v.value);
                comp.append_value(v.completeness.as_str());
                kind.append_value(v.kind.as_str());
                unit_of.append_value(&v.unit);
            }
        }
    }
    batch(
        vec![
            ("level", DataType::Utf8, false),
            ("code", DataType::Utf8, true),
            ("name", DataType::Utf8, true),
            ("indicator", DataType::Utf8, false),
            ("numerator", DataType::UInt64, false),
            ("denominator", DataType::UInt64, false),
            ("population", DataType::UInt64, false),
            ("missing", DataType::UInt64, false),
            ("value", DataType::Float64, true),
            ("completeness", DataType::Utf8, false),
            ("kind", DataType::Utf8, false),
            ("unit", DataType::Utf8, false),
        ],
        vec![
            Arc::new(level.finish()),
            Arc::new(code.finish()),
            Arc::new(name.finish()),
            Arc::new(ind.finish()),
            Arc::new(UInt64Array::from(num)),
            Arc::new(UInt64Array::from(den)),
            Arc::new(UInt64Array::from(pop)),
            Arc::new(UInt64Array::from(miss)),
            Arc::new(Float64Array::from(value)),
            Arc::new(comp.finish()),
            Arc::new(kind.finish()),
            Arc::new(unit_of.finish()),
        ],
    )
}

/// Target verdicts: `level, code, name, indicator, revision, comparator, threshold,
/// deadline, value, completeness, met, gap, days_left, projected, at_risk, source`.
pub fn verdicts_table(
    verdicts: &[TargetVerdict],
    names: Names<'_>,
) -> Result<RecordBatch, ArrowError> {
    let texts = |f: &dyn Fn(&TargetVerdict) -> &str| -> ArrayRef {
        let mut b = StringBuilder::new();
        for v in verdicts {
            b.append_value(f(v));
        }
        Arc::new(b.finish())
    };
    let (mut code, mut name) = (StringBuilder::new(), StringBuilder::new());
    let mut text = UnitText::new(names);
    let mut comp = StringBuilder::new();
    let mut deadline = StringBuilder::new();
    for v in verdicts {
        text.append(v.unit, &mut code, &mut name);
        comp.append_value(v.completeness.as_str());
        deadline.append_value(v.target.deadline.to_string());
    }
    batch(
        vec![
            ("level", DataType::Utf8, false),
            ("code", DataType::Utf8, true),
            ("name", DataType::Utf8, true),
            ("indicator", DataType::Utf8, false),
            ("revision", DataType::Int64, false),
            ("comparator", DataType::Utf8, false),
            ("threshold", DataType::Float64, false),
            ("deadline", DataType::Utf8, false),
            ("value", DataType::Float64, true),
            ("completeness", DataType::Utf8, false),
            ("met", DataType::Boolean, true),
            ("gap", DataType::Float64, true),
            ("days_left", DataType::Int64, false),
            ("projected", DataType::Float64, true),
            ("at_risk", DataType::Boolean, true),
            ("source", DataType::Utf8, false),
        ],
        vec![
            texts(&|v| v.level.as_str()),
            Arc::new(code.finish()),
            Arc::new(name.finish()),
            texts(&|v| &v.indicator),
            Arc::new(Int64Array::from(
                verdicts
                    .iter()
                    .map(|v| i64::from(v.target.revision))
                    .collect::<Vec<_>>(),
            )),
            texts(&|v| v.target.comparator.symbol()),
            Arc::new(Float64Array::from(
                verdicts
                    .iter()
                    .map(|v| v.target.threshold)
                    .collect::<Vec<_>>(),
            )),
            Arc::new(deadline.finish()),
            Arc::new(Float64Array::from(
                verdicts.iter().map(|v| v.value).collect::<Vec<_>>(),
            )),
            Arc::new(comp.finish()),
            Arc::new(BooleanArray::from(
                verdicts.iter().map(|v| v.met).collect::<Vec<_>>(),
            )),
            Arc::new(Float64Array::from(
                verdicts.iter().map(|v| v.gap).collect::<Vec<_>>(),
            )),
            Arc::new(Int64Array::from(
                verdicts.iter().map(|v| v.days_left).collect::<Vec<_>>(),
            )),
            Arc::new(Float64Array::from(
                verdicts
                    .iter()
                    .map(|v| v.projection.as_ref().map(|p| p.value_at_deadline))
                    .collect::<Vec<_>>(),
            )),
            Arc::new(BooleanArray::from(
                verdicts
                    .iter()
                    .map(|v| v.projection.as_ref().map(|p| p.at_risk))
                    .collect::<Vec<_>>(),
            )),
            texts(&|v| &v.target.source),
        ],
    )
}

/// Exit verdicts, one row per criterion: `level, code, name, file_number, status,
/// criterion, label_zh, value, comparator, threshold, passed, source`.
pub fn exits_table(verdicts: &[ExitVerdict], names: Names<'_>) -> Result<RecordBatch, ArrowError> {
    let rows: Vec<(&ExitVerdict, &fupin_core::assess::Criterion)> = verdicts
        .iter()
        .flat_map(|v| v.criteria.iter().map(move |c| (v, c)))
        .collect();
    let s = |f: &dyn Fn(&(&ExitVerdict, &fupin_core::assess::Criterion)) -> Option<String>| {
        strings(rows.iter().map(f).collect())
    };
    batch(
        vec![
            ("level", DataType::Utf8, false),
            ("code", DataType::Utf8, false),
            ("name", DataType::Utf8, true),
            ("file_number", DataType::Utf8, true),
            ("status", DataType::Utf8, false),
            ("criterion", DataType::Utf8, false),
            ("label_zh", DataType::Utf8, false),
            ("value", DataType::Float64, true),
            ("numerator", DataType::UInt64, true),
            ("denominator", DataType::UInt64, true),
            ("counted_in", DataType::Utf8, false),
            ("comparator", DataType::Utf8, false),
            ("threshold", DataType::Float64, false),
            ("passed", DataType::Boolean, true),
            ("source", DataType::Utf8, false),
        ],
        vec![
            s(&|(v, _)| level_str(v.level)),
            s(&|(v, _)| Some(v.unit.to_short())),
            s(&|(v, _)| names.and_then(|f| f(v.unit))),
            s(&|(v, _)| v.file_number.clone()),
            s(&|(v, _)| Some(v.status.as_str().to_owned())),
            s(&|(_, c)| Some(c.key.clone())),
            s(&|(_, c)| Some(c.label_zh.clone())),
            Arc::new(Float64Array::from(
                rows.iter().map(|(_, c)| c.value).collect::<Vec<_>>(),
            )),
            Arc::new(UInt64Array::from(
                rows.iter().map(|(_, c)| c.numerator).collect::<Vec<_>>(),
            )),
            Arc::new(UInt64Array::from(
                rows.iter().map(|(_, c)| c.denominator).collect::<Vec<_>>(),
            )),
            s(&|(_, c)| Some(c.counted_in.as_str().to_owned())),
            s(&|(_, c)| Some(c.comparator.symbol().to_owned())),
            Arc::new(Float64Array::from(
                rows.iter().map(|(_, c)| c.threshold).collect::<Vec<_>>(),
            )),
            Arc::new(BooleanArray::from(
                rows.iter().map(|(_, c)| c.passed).collect::<Vec<_>>(),
            )),
            s(&|(_, c)| Some(c.source.clone())),
        ],
    )
}

/// Scorecards: `level, code, name, rank, peers, rank_in_parent, peers_in_parent,
/// targets_met, targets_judged`.
pub fn scorecards_table(cards: &[Scorecard], names: Names<'_>) -> Result<RecordBatch, ArrowError> {
    let u = |f: &dyn Fn(&Scorecard) -> usize| -> ArrayRef {
        Arc::new(UInt64Array::from(
            cards
                .iter()
                .map(|c| u64::try_from(f(c)).unwrap_or(u64::MAX))
                .collect::<Vec<_>>(),
        ))
    };
    batch(
        vec![
            ("level", DataType::Utf8, false),
            ("code", DataType::Utf8, false),
            ("name", DataType::Utf8, true),
            ("rank", DataType::UInt64, false),
            ("peers", DataType::UInt64, false),
            ("rank_in_parent", DataType::UInt64, false),
            ("peers_in_parent", DataType::UInt64, false),
            ("targets_met", DataType::UInt64, false),
            ("targets_judged", DataType::UInt64, false),
        ],
        vec![
            strings(cards.iter().map(|c| level_str(c.level)).collect()),
            strings(cards.iter().map(|c| Some(c.unit.to_short())).collect()),
            strings(
                cards
                    .iter()
                    .map(|c| names.and_then(|f| f(c.unit)))
                    .collect(),
            ),
            u(&|c| c.rank),
            u(&|c| c.peers),
            u(&|c| c.rank_in_parent),
            u(&|c| c.peers_in_parent),
            u(&|c| c.targets_met),
            u(&|c| c.targets_judged),
        ],
    )
}

/// Rejected rows: `row, path, code, message` (the row is the first index of the path).
pub fn rejects_table(rejected: &Issues) -> Result<RecordBatch, ArrowError> {
    let row: Vec<Option<u64>> = rejected
        .iter()
        .map(|i| match i.path.items().first() {
            Some(fupin_core::PathItem::Index(n)) => u64::try_from(*n).ok(),
            _ => None,
        })
        .collect();
    batch(
        vec![
            ("row", DataType::UInt64, true),
            ("path", DataType::Utf8, false),
            ("code", DataType::Utf8, false),
            ("message", DataType::Utf8, false),
        ],
        vec![
            Arc::new(UInt64Array::from(row)),
            strings(rejected.iter().map(|i| Some(i.path.to_string())).collect()),
            strings(rejected.iter().map(|i| Some(i.code.clone())).collect()),
            strings(rejected.iter().map(|i| Some(i.message.clone())).collect()),
        ],
    )
}

/// The summary of a row report as a one-row batch: `rows, accepted, rejected`.
pub fn report_table(report: &RowReport) -> Result<RecordBatch, ArrowError> {
    let n = |x: usize| -> ArrayRef {
        Arc::new(UInt64Array::from(vec![
            u64::try_from(x).unwrap_or(u64::MAX),
        ]))
    };
    batch(
        vec![
            ("rows", DataType::UInt64, false),
            ("accepted", DataType::UInt64, false),
            ("rejected", DataType::UInt64, false),
        ],
        vec![
            n(report.rows),
            n(report.accepted),
            n(report.rejected_rows()),
        ],
    )
}
