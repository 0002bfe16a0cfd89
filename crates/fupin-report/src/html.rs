//! The assessment as one self-contained HTML page (no network: scripts, styles and data
//! inline) that opens on the nation and drills into provinces, prefectures, counties and
//! their villages. Tables sort and filter; each indicator shows its distribution across the
//! units of the level (a histogram, inline SVG) and the units furthest from their target
//! first; a print stylesheet prints a page on A4 with its charts.
//!
//! The data travel in the page compactly: the names, verdicts, exits and accountability as
//! JSON (a data script element); every unit's numerator, denominator and completeness of
//! each indicator as columns of variable-length integers (codes as differences from the
//! previous one), deflated (gzip) and in base 85 — the page inflates them with the browser's
//! own `DecompressionStream`. The values shown are the ratios of the counts shipped, as the
//! core computes them; where the core gives no value (no data), none is shown.

use std::io::Write as _;

use fupin_core::assess::{Completeness, ExitStatus, IndicatorDef};
use fupin_core::region::{Level, RegionCode};
use serde::Serialize;

use crate::ReportError;
use crate::labels::{completeness, exit_status, level_name, met};
use crate::model::{Assessment, Lang};

/// Text as HTML: markup escaped (`&`, `<`, `>`, both quotes). Every text of a page goes
/// through it.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// The page's script and style.
const SCRIPT: &str = include_str!("report.js");
const STYLE: &str = include_str!("report.css");

/// The most rejected rows shown in the page (the workbook and `--rejects` have more).
const REJECTS_SHOWN: usize = 200;

/// Appends `v` as an unsigned LEB128 integer.
fn varint(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn completeness_code(c: Completeness) -> u8 {
    match c {
        Completeness::Complete => 0,
        Completeness::Partial => 1,
        Completeness::Missing => 2,
        Completeness::Empty => 3,
    }
}

fn status_code(s: Option<ExitStatus>) -> u8 {
    match s {
        None => 0,
        Some(ExitStatus::Eligible) => 1,
        Some(ExitStatus::NotEligible) => 2,
        Some(ExitStatus::Undetermined) => 3,
    }
}

/// The units of each level, in code order (the nation first, alone).
fn levels(a: &Assessment<'_>) -> Vec<(Level, Vec<Option<RegionCode>>)> {
    Level::ALL
        .iter()
        .map(|l| {
            let units = if *l == Level::Nation {
                vec![None]
            } else {
                a.rollup
                    .level(*l)
                    .iter()
                    .filter(|e| a.inside(e.code))
                    .map(|e| Some(e.code))
                    .collect()
            };
            (*l, units)
        })
        .collect()
}

/// The bits of `x` (0 for 0): what a count costs once deflated, roughly.
fn bits(x: u64) -> u64 {
    u64::from(64 - x.leading_zeros())
}

/// A column of a level: its values and whether 0 means "no value" (the numerators, + 1).
struct Column {
    values: Vec<u64>,
    zero_is_none: bool,
}

/// `x` written relative to `r`: below it (`r - d`) or above it (`r + d`); for a column
/// whose 0 means no value, 0 stays 0 and a value is `r + 1 - d` or `r + d - 1`.
fn relative(x: u64, r: u64, below: bool, zero_is_none: bool) -> Option<u64> {
    match (zero_is_none, below) {
        (true, _) if x == 0 => Some(0),
        (false, true) => r.checked_sub(x),
        (false, false) => x.checked_sub(r),
        (true, true) => (r + 1).checked_sub(x).filter(|d| *d > 0),
        (true, false) => (x + 1).checked_sub(r).filter(|d| *d > 0),
    }
}

/// Writes a column as the cheapest of: its values (header 0); the same as an earlier
/// column `j` (3j + 1); below (3j + 2) or above (3j + 3) an earlier column, as differences.
fn write_column(out: &mut Vec<u8>, earlier: &[Column], col: &Column) {
    if let Some(j) = earlier
        .iter()
        .position(|e| e.values == col.values && e.zero_is_none == col.zero_is_none)
    {
        varint(out, 3 * j as u64 + 1);
        return;
    }
    let plain: u64 = col.values.iter().map(|x| bits(*x)).sum();
    let mut best: Option<(u64, u64, bool)> = None;
    for (j, e) in earlier.iter().enumerate() {
        for below in [true, false] {
            let cost: Option<u64> = col
                .values
                .iter()
                .zip(&e.values)
                .map(|(x, r)| relative(*x, *r, below, col.zero_is_none).map(bits))
                .sum();
            if let Some(c) = cost
                && c < best.map_or(plain, |b| b.0)
            {
                best = Some((c, j as u64, below));
            }
        }
    }
    match best.and_then(|(_, j, below)| earlier.get(j as usize).map(|e| (j, below, e))) {
        Some((j, below, e)) => {
            varint(out, 3 * j + if below { 2 } else { 3 });
            for (x, r) in col.values.iter().zip(&e.values) {
                varint(out, relative(*x, *r, below, col.zero_is_none).unwrap_or(0));
            }
        }
        None => {
            varint(out, 0);
            col.values.iter().for_each(|x| varint(out, *x));
        }
    }
}

/// The binary part: per level, the number of units, the codes (differences), whether
/// completeness is given (not for villages: it would be a fifth of the page), then per
/// indicator its columns — denominator, completeness (when given), numerator + 1 or 0 when
/// there is no value — each written by [`write_column`]; then the exit status of each unit.
fn columns(a: &Assessment<'_>, levels: &[(Level, Vec<Option<RegionCode>>)]) -> Vec<u8> {
    let mut out = Vec::new();
    let status: std::collections::HashMap<RegionCode, ExitStatus> =
        a.exits.iter().map(|e| (e.unit, e.status)).collect();
    for (level, units) in levels {
        varint(&mut out, units.len() as u64);
        let mut prev = 0u64;
        for u in units {
            let c = u.map_or(0, RegionCode::as_u64);
            varint(&mut out, c.saturating_sub(prev));
            prev = c;
        }
        // townships are not pages of the report (a county lists its villages): their codes
        // only; villages without completeness
        let with_values = *level != Level::Township;
        let with_completeness = *level < Level::Village;
        out.push(u8::from(with_values) | (u8::from(with_completeness) << 1));
        if !with_values {
            for u in units {
                out.push(status_code(u.and_then(|c| status.get(&c).copied())));
            }
            continue;
        }
        let mut earlier: Vec<Column> = Vec::new();
        for ind in a.rollup.definitions() {
            let mut den = Vec::with_capacity(units.len());
            let mut comp = Vec::with_capacity(units.len());
            let mut num = Vec::with_capacity(units.len());
            for u in units {
                let v = a.rollup.indicator(*u, ind.id(), a.strategy);
                den.push(v.as_ref().map_or(0, |v| v.denominator));
                comp.push(u64::from(
                    v.as_ref().map_or(3, |v| completeness_code(v.completeness)),
                ));
                num.push(
                    v.as_ref()
                        .filter(|v| v.value.is_some())
                        .map_or(0, |v| v.numerator.saturating_add(1)),
                );
            }
            let mut cols = vec![Column {
                values: den,
                zero_is_none: false,
            }];
            if with_completeness {
                cols.push(Column {
                    values: comp,
                    zero_is_none: false,
                });
            }
            cols.push(Column {
                values: num,
                zero_is_none: true,
            });
            for c in cols {
                write_column(&mut out, &earlier, &c);
                earlier.push(c);
            }
        }
        for u in units {
            out.push(status_code(u.and_then(|c| status.get(&c).copied())));
        }
    }
    out
}

/// An indicator as the page shows it: id, name, what the numerator and denominator count,
/// its kind (`share`, `count`, `amount`, `rate_per`), its unit, and per how many (rates).
#[derive(Serialize)]
struct IndicatorJs(String, String, String, String, &'static str, String, u64);

impl IndicatorJs {
    fn of(d: &IndicatorDef<'_>, l: Lang) -> Self {
        let (num, den, per) = match d {
            IndicatorDef::Share(i) => (i.numerator.to_owned(), i.denominator.to_owned(), 1),
            IndicatorDef::Measure(m) => (
                m.numerator.clone(),
                m.denominator
                    .clone()
                    .or_else(|| m.denominator_counter.clone())
                    .unwrap_or_default(),
                m.per.unwrap_or(1),
            ),
            _ => (String::new(), String::new(), 1),
        };
        let name = l.pick(d.name_zh(), d.name_en());
        let name = if d.unit().is_empty() {
            name.to_owned()
        } else {
            format!("{name} ({})", d.unit())
        };
        IndicatorJs(
            d.id().to_owned(),
            name,
            num,
            den,
            d.kind().as_str(),
            d.unit().to_owned(),
            per,
        )
    }
}

/// A target as the page shows it.
#[derive(Serialize)]
struct TargetJs {
    /// Index of the indicator in the catalog.
    i: usize,
    cmp: &'static str,
    thr: f64,
    deadline: String,
    source: String,
}

/// One exit criterion's definition (per level).
#[derive(Serialize)]
struct CriterionJs {
    level: &'static str,
    key: String,
    label: String,
    cmp: &'static str,
    thr: f64,
    source: String,
}

/// The JSON part of the page's data.
#[derive(Serialize)]
struct Meta<'a> {
    lang: &'static str,
    title: String,
    as_of: String,
    label: Option<&'a str>,
    notes: &'a [String],
    version: &'static str,
    /// The indicators: [id, name, numerator, denominator, kind, unit, per].
    indicators: Vec<IndicatorJs>,
    levels: Vec<&'static str>,
    level_names: Vec<&'static str>,
    completeness: Vec<&'static str>,
    statuses: Vec<&'static str>,
    verdict_names: Vec<&'static str>,
    /// Names of the units of each level (empty strings where none is known).
    names: Vec<Vec<String>>,
    targets: Vec<TargetJs>,
    /// Verdicts: [level index, unit index, indicator index, met (1, 0, -1 no data), gap]
    /// (deflated with the columns).
    #[serde(skip)]
    verdicts: Vec<(usize, usize, usize, i8, Option<f64>)>,
    criteria: Vec<CriterionJs>,
    /// County exits: [unit index, criteria as [criterion index, value, passed (1, 0, -1)]]
    /// (deflated with the columns).
    #[serde(skip)]
    county_exits: Vec<(usize, Vec<CriterionValue>)>,
    accountability: Vec<AccountJs>,
    inputs: Vec<[String; 6]>,
    rejected: Vec<[String; 4]>,
    rejected_total: usize,
    rejected_file: Option<&'a str>,
    text: Texts,
}

/// One criterion of a county's exit: [criterion index, value, passed (1, 0, -1)].
type CriterionValue = (usize, Option<f64>, i8);

#[derive(Serialize)]
struct AccountJs {
    unit: Option<String>,
    i: Option<usize>,
    value: Option<f64>,
    threshold: Option<f64>,
    failing: Vec<String>,
    /// [level name, region code, bodies, gap]
    chain: Vec<(String, Option<String>, Vec<String>, bool)>,
}

/// The page's words in one language.
#[derive(Serialize)]
struct Texts(std::collections::BTreeMap<&'static str, &'static str>);

fn texts(l: Lang) -> Texts {
    let pairs: [(&str, &str, &str); 36] = [
        (
            "title",
            "网络扶贫行动计划 评估报告",
            "Network Poverty Alleviation Action Plan: assessment",
        ),
        ("as_of", "截至", "as of"),
        ("loading", "正在载入数据…", "loading the data…"),
        (
            "no_decompress",
            "此浏览器不能解压报告数据（需要 DecompressionStream）：请用较新的浏览器打开。",
            "This browser cannot inflate the report's data (DecompressionStream is needed): open it in a recent browser.",
        ),
        ("indicators", "指标", "Indicators"),
        ("indicator", "指标", "indicator"),
        ("numerator", "分子", "numerator"),
        ("denominator", "分母", "denominator"),
        ("value", "值", "value"),
        ("completeness", "完整性", "completeness"),
        ("target", "目标", "target"),
        ("verdict", "结论", "verdict"),
        ("units", "下级单位", "Units inside"),
        ("filter", "筛选（名称或代码）", "filter (name or code)"),
        ("code", "代码", "code"),
        ("name", "名称", "name"),
        ("township", "乡镇", "township"),
        ("distribution", "分布与差距", "Distribution and gaps"),
        ("furthest", "离目标最远", "furthest from the target"),
        (
            "lowest",
            "最差（按目标方向）",
            "worst (in the target's direction)",
        ),
        ("units_count", "个单位", "units"),
        ("no_value", "无值", "no value"),
        ("exits", "退出", "Exit"),
        ("criteria", "退出条件", "criteria"),
        ("source", "来源", "source"),
        ("status", "结论", "status"),
        (
            "accountability",
            "问责：谁对最大差距负责",
            "Who answers for the worst gaps",
        ),
        ("no_body", "无责任主体", "no responsible body"),
        ("failing", "未达标单位", "failing units"),
        ("inputs", "输入", "Inputs"),
        ("rejected", "拒绝的行", "Rejected rows"),
        ("print", "打印", "Print"),
        ("shown_of", "显示", "shown of"),
        ("counties", "县", "counties"),
        ("villages", "村", "villages"),
        (
            "made_by",
            "由 fupin 生成；指标均为计数之比，分子分母见表。",
            "made by fupin; every indicator is a ratio of the counts shown.",
        ),
    ];
    Texts(
        pairs
            .into_iter()
            .map(|(k, zh, en)| (k, l.pick(zh, en)))
            .collect(),
    )
}

fn passed_code(p: Option<bool>) -> i8 {
    match p {
        Some(true) => 1,
        Some(false) => 0,
        None => -1,
    }
}

fn meta<'a>(a: &Assessment<'a>, levels: &[(Level, Vec<Option<RegionCode>>)]) -> Meta<'a> {
    let l = a.lang;
    let index_of = |level: Level, code: Option<RegionCode>| -> Option<(usize, usize)> {
        let li = Level::ALL.iter().position(|x| *x == level)?;
        let units = &levels.get(li)?.1;
        let ui = match code {
            None => 0,
            Some(c) => units.binary_search(&Some(c)).ok()?,
        };
        Some((li, ui))
    };
    let defs = a.rollup.definitions();
    let ind_index = |id: &str| defs.iter().position(|i| i.id() == id);
    let mut targets: Vec<TargetJs> = Vec::new();
    let mut verdicts = Vec::new();
    for v in a.verdicts {
        let Some(i) = ind_index(&v.indicator) else {
            continue;
        };
        if !targets.iter().any(|t| t.i == i) {
            targets.push(TargetJs {
                i,
                cmp: v.target.comparator.symbol(),
                thr: v.target.threshold,
                deadline: v.target.deadline.to_string(),
                source: v.target.source.clone(),
            });
        }
        if let Some((li, ui)) = index_of(v.level, v.unit) {
            let m = match v.met {
                Some(true) => 1,
                Some(false) => 0,
                None => -1,
            };
            verdicts.push((li, ui, i, m, v.gap));
        }
    }
    let mut criteria: Vec<CriterionJs> = Vec::new();
    let mut county_exits = Vec::new();
    for e in a.exits {
        let mut row = Vec::new();
        for c in &e.criteria {
            // one entry per rule as applied: the threshold and comparator are part of it (the
            // western 3% and the 2% of incidence share a source), so each unit's criterion
            // shows the threshold it was decided on
            let k = match criteria.iter().position(|d| {
                d.level == e.level.as_str()
                    && d.key == c.key
                    && d.source == c.source
                    && d.cmp == c.comparator.symbol()
                    && d.thr.to_bits() == c.threshold.to_bits()
            }) {
                Some(k) => k,
                None => {
                    criteria.push(CriterionJs {
                        level: e.level.as_str(),
                        key: c.key.clone(),
                        label: c.label_zh.clone(),
                        cmp: c.comparator.symbol(),
                        thr: c.threshold,
                        source: c.source.clone(),
                    });
                    criteria.len() - 1
                }
            };
            row.push((k, c.value, passed_code(c.passed)));
        }
        if e.level == Level::County
            && let Some((_, ui)) = index_of(Level::County, Some(e.unit))
        {
            county_exits.push((ui, row));
        }
    }
    let accountability = a
        .accountability
        .iter()
        .map(|acc| AccountJs {
            unit: acc.unit.map(|u| u.to_statistical()),
            i: ind_index(&acc.indicator),
            value: acc.evidence.value,
            threshold: acc.evidence.threshold,
            failing: acc
                .evidence
                .failing_units
                .iter()
                .map(|u| u.to_statistical())
                .collect(),
            chain: acc
                .chain
                .iter()
                .map(|link| {
                    (
                        level_name(link.level, l).to_owned(),
                        link.region.map(|r| r.to_statistical()),
                        link.bodies.iter().map(|b| b.name.clone()).collect(),
                        link.gap,
                    )
                })
                .collect(),
        })
        .collect();
    let names = levels
        .iter()
        .map(|(level, units)| {
            if *level > Level::County && a.names.below_county.is_none() {
                // no names source for townships and villages: their codes are shown
                return Vec::new();
            }
            units
                .iter()
                .map(|u| match u {
                    None => l.pick("全国", "nation").to_owned(),
                    Some(c) => a.names.of(*c).unwrap_or_default(),
                })
                .collect::<Vec<String>>()
        })
        .collect();
    Meta {
        lang: l.pick("zh", "en"),
        title: l
            .pick("网络扶贫行动计划 评估报告", "fupin assessment")
            .to_owned(),
        as_of: a.as_of.to_string(),
        label: a.label,
        notes: a.notes,
        version: env!("CARGO_PKG_VERSION"),
        indicators: a
            .rollup
            .definitions()
            .iter()
            .map(|d| IndicatorJs::of(d, l))
            .collect(),
        levels: Level::ALL.iter().map(|x| x.as_str()).collect(),
        level_names: Level::ALL.iter().map(|x| level_name(*x, l)).collect(),
        completeness: [
            Completeness::Complete,
            Completeness::Partial,
            Completeness::Missing,
            Completeness::Empty,
        ]
        .into_iter()
        .map(|c| completeness(c, l))
        .collect(),
        statuses: [
            None,
            Some(ExitStatus::Eligible),
            Some(ExitStatus::NotEligible),
            Some(ExitStatus::Undetermined),
        ]
        .into_iter()
        .map(|s| s.map_or("", |s| exit_status(s, l)))
        .collect(),
        verdict_names: vec![met(Some(false), l), met(Some(true), l), met(None, l)],
        names,
        targets,
        verdicts,
        criteria,
        county_exits,
        accountability,
        inputs: a
            .inputs
            .iter()
            .map(|f| {
                [
                    f.file.clone(),
                    f.table.clone(),
                    f.detected.clone(),
                    f.rows.to_string(),
                    f.accepted.to_string(),
                    f.rejected.to_string(),
                ]
            })
            .collect(),
        rejected: a
            .rejected
            .sample
            .iter()
            .take(REJECTS_SHOWN)
            .map(|(file, i)| {
                [
                    file.clone(),
                    i.path.to_string(),
                    i.code.clone(),
                    i.message.clone(),
                ]
            })
            .collect(),
        rejected_total: a.rejected.issues,
        rejected_file: a.rejected.file,
        text: texts(l),
    }
}

/// The 85 characters of [`base85`]: printable ASCII but `"`, `&`, `'`, `<`, `>`, `[`, `]`,
/// `` ` `` and `\\` (nothing that could end a script element or need escaping in one).
const B85: &[u8; 85] =
    b"!#$%()*+,-./0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ^_abcdefghijklmnopqrstuvwxyz{|}~";

/// Bytes as text, five characters for four bytes (big-endian, the last group padded with
/// zeros and cut to its bytes + 1 characters): a quarter more than the bytes, where base64
/// takes a third.
fn base85(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len() / 4 * 5 + 5);
    for chunk in data.chunks(4) {
        let mut word = [0u8; 4];
        for (w, b) in word.iter_mut().zip(chunk) {
            *w = *b;
        }
        let mut n = u32::from_be_bytes(word);
        let mut digits = [0u8; 5];
        for d in digits.iter_mut().rev() {
            *d = B85.get((n % 85) as usize).copied().unwrap_or(b'!');
            n /= 85;
        }
        for d in digits.iter().take(chunk.len() + 1) {
            out.push(char::from(*d));
        }
    }
    out
}

/// Base64 (standard alphabet, padded).
#[cfg(test)]
fn base64(data: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let sym =
            |shift: u32| char::from(A.get(((n >> shift) & 63) as usize).copied().unwrap_or(b'A'));
        out.push(sym(18));
        out.push(sym(12));
        out.push(if chunk.len() > 1 { sym(6) } else { '=' });
        out.push(if chunk.len() > 2 { sym(0) } else { '=' });
    }
    out
}

/// The report as one self-contained HTML page.
pub fn page(a: &Assessment<'_>) -> Result<String, ReportError> {
    let levels = levels(a);
    let meta = meta(a, &levels);
    let json = serde_json::to_string(&meta).map_err(|e| ReportError::Html(e.to_string()))?;
    // in a script element, as data: no `<` (so no `</script>` or `<!--`), `>` or `&`
    let json = json
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026");
    // the long lists travel deflated, before the columns
    let lists = serde_json::to_vec(&(&meta.verdicts, &meta.county_exits))
        .map_err(|e| ReportError::Html(e.to_string()))?;
    let len = u32::try_from(lists.len()).map_err(|e| ReportError::Html(e.to_string()))?;
    let cols = columns(a, &levels);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&len.to_le_bytes())
        .and_then(|()| gz.write_all(&lists))
        .and_then(|()| gz.write_all(&cols))
        .map_err(|e| ReportError::Html(e.to_string()))?;
    let packed = gz.finish().map_err(|e| ReportError::Html(e.to_string()))?;
    let l = a.lang;
    let title = format!(
        "{} {} {}",
        l.pick("网络扶贫行动计划 评估报告", "fupin assessment"),
        l.pick("截至", "as of"),
        a.as_of
    );
    let banner = a.label.map_or_else(String::new, |label| {
        format!("<p class='synthetic'>{}</p>", esc(label))
    });
    Ok(format!(
        "<!doctype html><html lang='{lang}'><head><meta charset='utf-8'>\
         <meta name='viewport' content='width=device-width, initial-scale=1'>\
         <title>{t}</title><style>{STYLE}</style></head><body>\
         <header><h1>{t}</h1>{banner}<nav id='crumbs'></nav></header>\
         <main id='main'><p id='loading'>{loading}</p></main>\
         <footer><small>fupin {v}</small></footer>\
         <script type='application/json' id='meta'>{json}</script>\
         <script type='application/octet-stream' id='data'>{packed}</script>\
         <script>{SCRIPT}</script></body></html>",
        lang = l.pick("zh", "en"),
        t = esc(&title),
        loading = l.pick("正在载入数据…", "loading the data…"),
        v = env!("CARGO_PKG_VERSION"),
        packed = base85(&packed),
    ))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "test code")]
    use super::{B85, base64, base85, varint};

    #[test]
    fn base64_and_varints() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
        let mut v = Vec::new();
        varint(&mut v, 0);
        varint(&mut v, 127);
        varint(&mut v, 300);
        assert_eq!(v, [0, 127, 0xac, 0x02]);
        assert_eq!(B85.len(), 85);
        assert!(!B85.iter().any(|c| b"\"&'<\\".contains(c)));
        assert_eq!(base85(&[0, 0, 0, 0]), "!!!!!");
        assert_eq!(base85(&[255, 255, 255, 255]).len(), 5);
        assert_eq!(base85(&[1]).len(), 2);
    }
}
