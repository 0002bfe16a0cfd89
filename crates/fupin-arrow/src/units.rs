//! Record batches of unit facts (villages, townships, counties) → the core's [`UnitFacts`].

use arrow_array::{ArrayRef, RecordBatch};
use fupin_core::assess::{
    CountyFacts, CountySurvey, TownshipFacts, UnitFacts, UnitValues, VillageFacts,
};
use fupin_core::plan::MeasureDefs;
use fupin_core::plan::measure::FieldSpec;
use fupin_core::region::{Level, Zone};
use fupin_core::{Issue, Issues, Path, PathItem, RegionCode};

use crate::cell;
use crate::columns::{COUNTY_FIELDS, ColumnMap};
use crate::error::ArrowError;
use crate::unit_values;

fn column(batch: &RecordBatch, map: &ColumnMap, field: &str) -> Option<(ArrayRef, String)> {
    let schema = batch.schema();
    map.find(&schema, field).and_then(|i| {
        Some((
            crate::households::normalized(batch.columns().get(i)?),
            schema.fields().get(i)?.name().clone(),
        ))
    })
}

fn required(
    batch: &RecordBatch,
    map: &ColumnMap,
    field: &str,
) -> Result<(ArrayRef, String), ArrowError> {
    let col = column(batch, map, field).ok_or_else(|| ArrowError::MissingColumn {
        field: field.to_owned(),
        accepted: map.names(field).join(", "),
    })?;
    crate::households::check_type(Some(&col), field)?;
    Ok(col)
}

fn code(col: &(ArrayRef, String), i: usize, row: usize) -> Result<RegionCode, Issue> {
    // the usual cell, 12 digits, without the general parser (whose error is needed otherwise)
    if let Some(code) = cell::str_at(&col.0, i).and_then(crate::fast::code_of) {
        return Ok(code);
    }
    let at = || Path::root().index(row).key(col.1.clone());
    let parse = |t: &str| {
        let t = t.trim();
        let t = t.strip_suffix(".0").unwrap_or(t);
        RegionCode::parse(t).map_err(|e| Issue::new(e.code(), at(), e.to_string()))
    };
    // text cells borrowed, without a copy (unit tables have a row per village)
    if let Some(t) = cell::str_at(&col.0, i) {
        return parse(t);
    }
    let t = cell::text(&col.0, i).map_err(|m| Issue::new("invalid_value", at(), m))?;
    let t = t.ok_or_else(|| Issue::new("missing_value", at(), "no code"))?;
    parse(&t)
}

/// A yes/no column of a unit table: a Boolean one downcast once (as Parquet and Arrow
/// tables have them), any other read cell by cell.
enum Flags<'a> {
    Absent,
    Boolean(&'a arrow_array::BooleanArray),
    Cells(&'a (ArrayRef, String)),
}

impl<'a> Flags<'a> {
    fn of(col: Option<&'a (ArrayRef, String)>) -> Self {
        use arrow_array::cast::AsArray;
        match col {
            None => Flags::Absent,
            Some(c) => c.0.as_boolean_opt().map_or(Flags::Cells(c), Flags::Boolean),
        }
    }

    #[inline]
    fn get(&self, i: usize, row: usize) -> Result<Option<bool>, Issue> {
        use arrow_array::Array;
        match self {
            Flags::Absent => Ok(None),
            Flags::Boolean(b) => Ok(b.is_valid(i).then(|| b.value(i))),
            Flags::Cells(c) => flag(Some(c), i, row),
        }
    }
}

fn flag(col: Option<&(ArrayRef, String)>, i: usize, row: usize) -> Result<Option<bool>, Issue> {
    match col {
        None => Ok(None),
        Some((c, name)) => cell::flag(c, i).map_err(|m| {
            Issue::new(
                "invalid_value",
                Path::root().index(row).key(name.clone()),
                m,
            )
        }),
    }
}

/// The fields of the built-in indicators beyond shares at `level`.
fn builtin_fields(level: Level) -> Vec<FieldSpec> {
    MeasureDefs::default().fields(level)
}

/// Reads a village table (required column: the village code); `offset` numbers its first
/// row in issue paths. The value columns of the built-in indicators beyond shares are read
/// too (see [`read_villages_with`]).
pub fn read_villages(
    batch: &RecordBatch,
    map: &ColumnMap,
    offset: usize,
    out: &mut Vec<VillageFacts>,
) -> Result<Issues, ArrowError> {
    read_villages_with(batch, map, offset, out, &builtin_fields(Level::Village))
}

/// Reads a village table and the value columns of `fields` (the fields the indicators
/// beyond shares read at village level, [`MeasureDefs::fields`]) into each village's
/// `values`.
pub fn read_villages_with(
    batch: &RecordBatch,
    map: &ColumnMap,
    offset: usize,
    out: &mut Vec<VillageFacts>,
    fields: &[FieldSpec],
) -> Result<Issues, ArrowError> {
    map.check_unique(&batch.schema(), &crate::columns::VILLAGE_FIELDS)?;
    let value_cols = unit_values::find(batch, fields)?;
    let c = required(batch, map, "village")?;
    let poor = column(batch, map, "poor_village");
    let fiber = column(batch, map, "fiber");
    let g4 = column(batch, map, "mobile_4g");
    let leader = column(batch, map, "network_leader");
    let pop = column(batch, map, "rural_population");
    let (poor, fiber, g4, leader) = (
        Flags::of(poor.as_ref()),
        Flags::of(fiber.as_ref()),
        Flags::of(g4.as_ref()),
        Flags::of(leader.as_ref()),
    );
    let mut issues = Issues::new();
    out.reserve(batch.num_rows());
    for i in 0..batch.num_rows() {
        // every field read, every problem of the row reported
        let mut problems = Issues::new();
        let read_pop = || -> Result<Option<u32>, Issue> {
            Ok(match &pop {
                None => None,
                Some((col, name)) => match cell::integer(col, i).map_err(|m| {
                    Issue::new(
                        "invalid_value",
                        Path::root().index(offset + i).key(name.clone()),
                        m,
                    )
                })? {
                    None => None,
                    Some(n) => Some(u32::try_from(n).map_err(|_| {
                        Issue::new(
                            "field_range",
                            Path::root().index(offset + i).key(name.clone()),
                            format!("{n} is not a population"),
                        )
                    })?),
                },
            })
        };
        let read = (
            noted(code(&c, i, offset + i), &mut problems),
            noted(poor.get(i, offset + i), &mut problems),
            noted(fiber.get(i, offset + i), &mut problems),
            noted(g4.get(i, offset + i), &mut problems),
            noted(leader.get(i, offset + i), &mut problems),
            noted(read_pop(), &mut problems),
            values_of(&value_cols, i, offset + i, &mut problems),
        );
        match read {
            (
                Some(code),
                Some(poor),
                Some(fiber),
                Some(g4),
                Some(leader),
                Some(pop),
                Some(values),
            ) => {
                let mut v = VillageFacts::new(code);
                v.values = values;
                v.poor_village = poor.unwrap_or(false);
                v.fiber = fiber;
                v.mobile_4g = g4;
                v.network_leader = leader;
                v.rural_population = pop;
                out.push(v);
            }
            _ => issues.0.extend(problems.0),
        }
    }
    Ok(issues)
}

/// The values of row `i`: none without value columns (no allocation), else read.
fn values_of(
    cols: &[unit_values::ValueColumn],
    i: usize,
    row: usize,
    problems: &mut Issues,
) -> Option<UnitValues> {
    if cols.is_empty() {
        return Some(UnitValues::new());
    }
    unit_values::read(cols, i, row, problems)
}

/// The value of a field, or `None` with its problem added to `problems`.
fn noted<T>(read: Result<T, Issue>, problems: &mut Issues) -> Option<T> {
    read.map_err(|issue| problems.push(issue)).ok()
}

/// Reads a township table (required column: the township code), with the value columns of
/// the built-in indicators beyond shares.
pub fn read_townships(
    batch: &RecordBatch,
    map: &ColumnMap,
    offset: usize,
    out: &mut Vec<TownshipFacts>,
) -> Result<Issues, ArrowError> {
    read_townships_with(batch, map, offset, out, &builtin_fields(Level::Township))
}

/// Reads a township table and the value columns of `fields` (see [`read_villages_with`]).
pub fn read_townships_with(
    batch: &RecordBatch,
    map: &ColumnMap,
    offset: usize,
    out: &mut Vec<TownshipFacts>,
    fields: &[FieldSpec],
) -> Result<Issues, ArrowError> {
    map.check_unique(&batch.schema(), &crate::columns::TOWNSHIP_FIELDS)?;
    let value_cols = unit_values::find(batch, fields)?;
    let c = required(batch, map, "township")?;
    let node = column(batch, map, "service_node");
    let ecom = column(batch, map, "township_ecommerce");
    let mut issues = Issues::new();
    for i in 0..batch.num_rows() {
        // every field read, every problem of the row reported
        let mut problems = Issues::new();
        let read = (
            noted(code(&c, i, offset + i), &mut problems),
            noted(flag(node.as_ref(), i, offset + i), &mut problems),
            noted(flag(ecom.as_ref(), i, offset + i), &mut problems),
            values_of(&value_cols, i, offset + i, &mut problems),
        );
        match read {
            (Some(code), Some(node), Some(ecom), Some(values)) => {
                let mut t = TownshipFacts::new(code);
                t.values = values;
                t.service_node = node;
                t.ecommerce = ecom;
                out.push(t);
            }
            _ => issues.0.extend(problems.0),
        }
    }
    Ok(issues)
}

/// A whole count of a unit table's cell (`None`: empty).
fn count_cell(
    col: Option<&(ArrayRef, String)>,
    i: usize,
    row: usize,
) -> Result<Option<u64>, Issue> {
    let Some((col, name)) = col else {
        return Ok(None);
    };
    let at = || Path::root().index(row).key(name.clone());
    match cell::integer(col, i).map_err(|m| Issue::new("invalid_value", at(), m))? {
        None => Ok(None),
        Some(n) => u64::try_from(n)
            .map(Some)
            .map_err(|_| Issue::new("field_range", at(), format!("{n} is not a count"))),
    }
}

/// The fields of the special evaluation's survey, in the order of its columns: the last
/// nine of the county table's fields ([`COUNTY_FIELDS`], one list, so that the two cannot
/// disagree on an order).
const SURVEY_FIELDS: [&str; 9] = match COUNTY_FIELDS.last_chunk::<9>() {
    Some(fields) => *fields,
    None => [""; 9],
};

/// The special evaluation's survey of a county row, when any of its cells is given: the
/// four counts of the rates are then required (people), approval as household counts or a
/// share, and the figures must hold together by the core's one rule of them
/// ([`CountySurvey::check`]: a part not above its whole, approval a share). `None` with
/// every problem of its cells added to `problems` (each at `[row].column`); `Some(None)`
/// when the row has no survey.
fn survey_of(
    cols: &[Option<(ArrayRef, String)>; 9],
    i: usize,
    row: usize,
    problems: &mut Issues,
) -> Option<Option<CountySurvey>> {
    let [se, we, snr, mi, wep, mp, sh, ah, ap] = cols;
    let before = problems.len();
    let mut counts = [0u64; 8];
    let mut given = [false; 8];
    for (k, col) in [se, we, snr, mi, wep, mp, sh, ah].into_iter().enumerate() {
        if let Some(Some(n)) = noted(count_cell(col.as_ref(), i, row), problems)
            && let (Some(c), Some(g)) = (counts.get_mut(k), given.get_mut(k))
        {
            (*c, *g) = (n, true);
        }
    }
    let approval = match ap {
        None => None,
        Some((col, name)) => noted(
            cell::number(col, i).map_err(|m| {
                Issue::new(
                    "invalid_value",
                    Path::root().index(row).key(name.clone()),
                    m,
                )
            }),
            problems,
        )
        .flatten(),
    };
    if problems.len() > before {
        return None;
    }
    if !given.iter().any(|g| *g) && approval.is_none() {
        return Some(None);
    }
    if let Some(k) = (0..4).find(|k| !given.get(*k).copied().unwrap_or(false)) {
        problems.push(Issue::new(
            "missing_value",
            Path::root().index(row),
            format!(
                "a survey row needs the four counts of the rates: `{}` is empty",
                SURVEY_FIELDS.get(k).copied().unwrap_or_default()
            ),
        ));
        return None;
    }
    let at = |k: usize| {
        given
            .get(k)
            .copied()
            .unwrap_or(false)
            .then(|| counts.get(k).copied().unwrap_or(0))
    };
    let [
        sampled_exited,
        wrongly_exited,
        sampled_non_registered,
        missed,
        _,
        _,
        _,
        _,
    ] = counts;
    let survey = CountySurvey {
        sampled_exited,
        wrongly_exited,
        sampled_non_registered,
        missed,
        wrongly_exited_people: at(4),
        missed_people: at(5),
        surveyed_households: at(6),
        approving_households: at(7),
        approval,
    };
    // the core's rule, each problem at the column of its field as the file names it
    let found = survey.check(&Path::root());
    if found.is_empty() {
        return Some(Some(survey));
    }
    for mut issue in found.0 {
        let column = match issue.path.items() {
            [PathItem::Key(field)] => SURVEY_FIELDS
                .iter()
                .position(|f| f == field)
                .and_then(|k| cols.get(k))
                .and_then(Option::as_ref)
                .map(|(_, name)| name.clone()),
            _ => None,
        };
        // a field without a column of its own (households surveyed, when only those
        // approving have one) keeps the field's name
        let here = Path::root().index(row);
        issue.path = match column {
            Some(name) => here.key(name),
            None => here.join(&issue.path),
        };
        problems.push(issue);
    }
    None
}

/// Reads a county table (required column: the county code). `zone` is `east`, `central`,
/// `west` or 东部/中部/西部. The special evaluation's survey ("三率一度") comes in its own
/// columns: `sampled_exited`, `wrongly_exited`, `sampled_non_registered`, `missed` (people,
/// 国开办发〔2017〕56号), `wrongly_exited_people`, `missed_people` (county-wide estimates for
/// the comprehensive incidence; without either, that criterion is undetermined), and approval as `surveyed_households` and
/// `approving_households` or as a share `approval`; a row with any of them needs the four
/// counts of the rates.
pub fn read_counties(
    batch: &RecordBatch,
    map: &ColumnMap,
    offset: usize,
    out: &mut Vec<CountyFacts>,
) -> Result<Issues, ArrowError> {
    read_counties_with(batch, map, offset, out, &builtin_fields(Level::County))
}

/// Reads a county table and the value columns of `fields` (see [`read_villages_with`]).
pub fn read_counties_with(
    batch: &RecordBatch,
    map: &ColumnMap,
    offset: usize,
    out: &mut Vec<CountyFacts>,
    fields: &[FieldSpec],
) -> Result<Issues, ArrowError> {
    map.check_unique(&batch.schema(), &COUNTY_FIELDS)?;
    let value_cols = unit_values::find(batch, fields)?;
    let c = required(batch, map, "county")?;
    let platform = column(batch, map, "platform");
    let poor = column(batch, map, "poor_county");
    let zone = column(batch, map, "zone");
    let survey = SURVEY_FIELDS.map(|field| column(batch, map, field));
    let mut issues = Issues::new();
    for i in 0..batch.num_rows() {
        // every field read, every problem of the row reported
        let mut problems = Issues::new();
        let read_zone = || -> Result<Option<Zone>, Issue> {
            let Some((col, name)) = &zone else {
                return Ok(None);
            };
            let at = Path::root().index(offset + i).key(name.clone());
            Ok(
                match cell::text(col, i)
                    .map_err(|m| Issue::new("invalid_value", at.clone(), m))?
                    .as_deref()
                    .map(str::trim)
                {
                    None | Some("") => None,
                    Some("east" | "东部") => Some(Zone::East),
                    Some("central" | "中部") => Some(Zone::Central),
                    Some("west" | "西部") => Some(Zone::West),
                    Some(other) => {
                        return Err(Issue::new(
                            "unknown_key",
                            at,
                            format!(
                                "unknown zone `{}`",
                                other.chars().take(20).collect::<String>()
                            ),
                        ));
                    }
                },
            )
        };
        let read = (
            noted(code(&c, i, offset + i), &mut problems),
            survey_of(&survey, i, offset + i, &mut problems),
            noted(flag(platform.as_ref(), i, offset + i), &mut problems),
            noted(flag(poor.as_ref(), i, offset + i), &mut problems),
            noted(read_zone(), &mut problems),
            values_of(&value_cols, i, offset + i, &mut problems),
        );
        match read {
            (Some(code), Some(survey), Some(platform), Some(poor), Some(zone), Some(values)) => {
                let mut f = CountyFacts::new(code);
                f.values = values;
                f.survey = survey;
                f.platform = platform;
                f.poor_county = poor.unwrap_or(false);
                f.zone = zone;
                out.push(f);
            }
            _ => issues.0.extend(problems.0),
        }
    }
    Ok(issues)
}

/// Reads the three unit tables into [`UnitFacts`] (any may be absent). Rows are numbered
/// from 0 across the batches of each table, and issues are under `villages`, `townships`
/// or `counties` (`villages.[3].fiber`); to number rows by file and row, use
/// [`read_units_numbered`].
pub fn read_units(
    villages: &[RecordBatch],
    townships: &[RecordBatch],
    counties: &[RecordBatch],
    map: &ColumnMap,
) -> Result<(UnitFacts, Issues), ArrowError> {
    read_units_with(villages, townships, counties, map, &MeasureDefs::default())
}

/// As [`read_units`], reading the value columns of the indicators beyond shares `defs`
/// defines (the built-in ones and the user's own).
pub fn read_units_with(
    villages: &[RecordBatch],
    townships: &[RecordBatch],
    counties: &[RecordBatch],
    map: &ColumnMap,
    defs: &MeasureDefs,
) -> Result<(UnitFacts, Issues), ArrowError> {
    let numbered = |batches: &[RecordBatch]| -> Vec<(RecordBatch, usize)> {
        let mut row = 0;
        batches
            .iter()
            .map(|b| {
                let at = row;
                row += b.num_rows();
                (b.clone(), at)
            })
            .collect()
    };
    let (units, [v, t, c]) = read_units_numbered_with(
        &numbered(villages),
        &numbered(townships),
        &numbered(counties),
        map,
        defs,
    )?;
    let mut issues = Issues::new();
    for (name, list) in [("villages", v), ("townships", t), ("counties", c)] {
        issues.extend_under(&Path::root().key(name), list);
    }
    Ok((units, issues))
}

/// Reads the three unit tables into [`UnitFacts`], each batch with the number of its first
/// row (as its file numbers it: the `fupin` command gives the 1-based data row, so that a
/// rejected row names its file and row). The issues of the villages, townships and
/// counties come back apart, each `[row].column`.
pub fn read_units_numbered(
    villages: &[(RecordBatch, usize)],
    townships: &[(RecordBatch, usize)],
    counties: &[(RecordBatch, usize)],
    map: &ColumnMap,
) -> Result<(UnitFacts, [Issues; 3]), ArrowError> {
    read_units_numbered_with(villages, townships, counties, map, &MeasureDefs::default())
}

/// As [`read_units_numbered`], reading the value columns of the indicators beyond shares
/// `defs` defines (the built-in ones and the user's own).
pub fn read_units_numbered_with(
    villages: &[(RecordBatch, usize)],
    townships: &[(RecordBatch, usize)],
    counties: &[(RecordBatch, usize)],
    map: &ColumnMap,
    defs: &MeasureDefs,
) -> Result<(UnitFacts, [Issues; 3]), ArrowError> {
    let village_fields = defs.fields(Level::Village);
    let township_fields = defs.fields(Level::Township);
    let county_fields = defs.fields(Level::County);
    let mut units = UnitFacts::default();
    let mut village_issues = Issues::new();
    // the villages (half a million in a national table) read in two halves, one on
    // another thread; their facts and issues joined in row order
    let total: usize = villages.iter().map(|(b, _)| b.num_rows()).sum();
    let mut pieces: Vec<(RecordBatch, usize)> = Vec::new();
    for (b, row) in villages {
        let half = b.num_rows() / 2;
        if total >= 1 << 16 && half > 0 {
            pieces.push((b.slice(0, half), *row));
            pieces.push((b.slice(half, b.num_rows() - half), row + half));
        } else {
            pieces.push((b.clone(), *row));
        }
    }
    let read = |part: &[(RecordBatch, usize)]| -> Result<(Vec<VillageFacts>, Issues), ArrowError> {
        let mut facts = Vec::new();
        let mut found = Issues::new();
        for (b, at) in part {
            found
                .0
                .extend(read_villages_with(b, map, *at, &mut facts, &village_fields)?.0);
        }
        Ok((facts, found))
    };
    let (first, second) = pieces.split_at(pieces.len() / 2);
    let (a, b) = if total >= 1 << 16 {
        std::thread::scope(|s| {
            let later = s.spawn(|| read(second));
            let earlier = read(first);
            (earlier, later.join().unwrap_or_else(|_| read(second)))
        })
    } else {
        (read(first), read(second))
    };
    for part in [a?, b?] {
        units.villages.extend(part.0);
        village_issues.0.extend(part.1.0);
    }
    let mut township_issues = Issues::new();
    for (b, row) in townships {
        let list = read_townships_with(b, map, *row, &mut units.townships, &township_fields)?;
        township_issues.0.extend(list.0);
    }
    let mut county_issues = Issues::new();
    for (b, row) in counties {
        let list = read_counties_with(b, map, *row, &mut units.counties, &county_fields)?;
        county_issues.0.extend(list.0);
    }
    Ok((units, [village_issues, township_issues, county_issues]))
}

#[cfg(test)]
mod survey_field_tests {
    /// The survey's fields are the county table's last nine, in the order `survey_of`
    /// reads them (the counts of the rates first, approval last).
    #[test]
    fn survey_fields_are_the_county_tables_last() {
        assert_eq!(super::SURVEY_FIELDS.first(), Some(&"sampled_exited"));
        assert_eq!(super::SURVEY_FIELDS.get(3), Some(&"missed"));
        assert_eq!(super::SURVEY_FIELDS.last(), Some(&"approval"));
        assert!(!super::SURVEY_FIELDS.contains(&""));
    }
}
