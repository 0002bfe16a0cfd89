//! The assessment as one Excel workbook (`.xlsx`, written to bytes): a README sheet, a
//! sheet per level, the target verdicts, the exits with every criterion, the scorecards,
//! the accountability chains and the rejected rows. Numbers are numbers (shares with a
//! percentage format), header rows are frozen and filtered, and columns are as wide as their
//! text (a Chinese character counting two).

use fupin_core::assess::IndicatorValue;
use fupin_core::plan::IndicatorKind;
use fupin_core::plan::indicator;
use fupin_core::region::{Level, RegionCode};
use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet};

use crate::ReportError;
use crate::labels::{completeness, exit_status, level_name, met};
use crate::model::{Assessment, Lang};

/// Excel's last row (0-based).
const LAST_ROW: u32 = 1_048_575;
/// The longest text of a cell.
const MAX_TEXT: usize = 32_767;
/// The widest column set (in characters).
const MAX_WIDTH: usize = 60;

/// One cell.
enum Cell {
    Text(String),
    Int(u64),
    Num(f64),
    Pct(f64),
    /// A share shown as a percentage with this many decimals.
    PctDp(f64, usize),
    Empty,
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

fn pct(v: Option<f64>) -> Cell {
    v.filter(|x| x.is_finite()).map_or(Cell::Empty, Cell::Pct)
}

/// A share next to its threshold `t` (a share): as many decimals as it takes not to seem on
/// the other side of it than it is (2.004% against 2%, not 2.0%).
fn pct_against(v: Option<f64>, t: f64) -> Cell {
    v.filter(|x| x.is_finite()).map_or(Cell::Empty, |x| {
        Cell::PctDp(x, crate::digits::against(x * 100.0, t * 100.0, 1))
    })
}

/// A share's threshold, exactly (2.5%, 2%).
fn pct_exact(t: f64) -> Cell {
    if t.is_finite() {
        Cell::PctDp(t, crate::digits::exact(t * 100.0, 0))
    } else {
        Cell::Empty
    }
}

/// A share's threshold as text, exactly (2.5%, 2%).
fn pct_text(t: f64) -> String {
    let d = crate::digits::exact(t * 100.0, 0);
    format!("{:.d$}%", t * 100.0)
}

fn int(v: impl TryInto<u64>) -> Cell {
    v.try_into().map_or(Cell::Empty, Cell::Int)
}

/// The width of text on screen: a wide (Chinese, Japanese, Korean, full-width) character
/// counts two.
pub fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            let u = u32::from(c);
            if (0x1100..=0x115F).contains(&u)
                || (0x2E80..=0xA4CF).contains(&u)
                || (0xAC00..=0xD7A3).contains(&u)
                || (0xF900..=0xFAFF).contains(&u)
                || (0xFE30..=0xFE4F).contains(&u)
                || (0xFF00..=0xFF60).contains(&u)
                || (0xFFE0..=0xFFE6).contains(&u)
                || (0x20000..=0x3FFFD).contains(&u)
            {
                2
            } else {
                1
            }
        })
        .sum()
}

/// A sheet being written: its rows in order, the widest text of each column.
struct Sheet<'w> {
    ws: &'w mut Worksheet,
    name: String,
    row: u32,
    widths: Vec<usize>,
    pct: Format,
    /// Percentages with 0, 1, 2 … decimals.
    pcts: Vec<Format>,
    bold: Format,
}

fn err(e: rust_xlsxwriter::XlsxError) -> ReportError {
    ReportError::Xlsx(e.to_string())
}

impl<'w> Sheet<'w> {
    fn new(wb: &'w mut Workbook, name: &str) -> Result<Self, ReportError> {
        let ws = wb.add_worksheet();
        ws.set_name(name).map_err(err)?;
        Ok(Sheet {
            ws,
            name: name.to_owned(),
            row: 0,
            widths: Vec::new(),
            pct: Format::new().set_num_format("0.0%"),
            pcts: (0..=12)
                .map(|d| {
                    let zeros = "0".repeat(d);
                    let dot = if d == 0 { "" } else { "." };
                    Format::new().set_num_format(format!("0{dot}{zeros}%"))
                })
                .collect(),
            bold: Format::new().set_bold().set_align(FormatAlign::Center),
        })
    }

    fn widen(&mut self, col: u16, w: usize) {
        let i = usize::from(col);
        if self.widths.len() <= i {
            self.widths.resize(i + 1, 0);
        }
        if let Some(x) = self.widths.get_mut(i) {
            *x = (*x).max(w);
        }
    }

    fn next_row(&mut self) -> Result<u32, ReportError> {
        if self.row > LAST_ROW {
            return Err(ReportError::TooManyRows {
                sheet: self.name.clone(),
            });
        }
        let r = self.row;
        self.row += 1;
        Ok(r)
    }

    /// A header row (bold), its widths counted.
    fn header(&mut self, names: &[&str]) -> Result<u32, ReportError> {
        let r = self.next_row()?;
        for (c, n) in (0u16..).zip(names) {
            self.ws
                .write_string_with_format(r, c, *n, &self.bold)
                .map_err(err)?;
            self.widen(c, display_width(n));
        }
        Ok(r)
    }

    fn put(&mut self, r: u32, c: u16, cell: &Cell) -> Result<(), ReportError> {
        match cell {
            Cell::Text(s) => {
                let s: String = s.chars().take(MAX_TEXT).collect();
                self.widen(c, display_width(&s));
                self.ws.write_string(r, c, s).map_err(err)?;
            }
            Cell::Int(n) => {
                // counts up to 2^53 are exact in a spreadsheet's numbers
                self.ws.write_number(r, c, *n as f64).map_err(err)?;
                self.widen(c, n.to_string().len());
            }
            Cell::Num(x) => {
                self.ws.write_number(r, c, *x).map_err(err)?;
                self.widen(c, 8);
            }
            Cell::Pct(x) => {
                self.ws
                    .write_number_with_format(r, c, *x, &self.pct)
                    .map_err(err)?;
                self.widen(c, 7);
            }
            Cell::PctDp(x, d) => {
                let format = self.pcts.get(*d).or(self.pcts.last()).unwrap_or(&self.pct);
                self.ws
                    .write_number_with_format(r, c, *x, format)
                    .map_err(err)?;
                self.widen(c, 7 + d);
            }
            Cell::Empty => {}
        }
        Ok(())
    }

    fn row(&mut self, cells: &[Cell]) -> Result<(), ReportError> {
        let r = self.next_row()?;
        for (c, cell) in (0u16..).zip(cells) {
            self.put(r, c, cell)?;
        }
        Ok(())
    }

    /// Freezes the rows down to `header` (and `cols` columns), filters on it, sets the
    /// widths.
    fn finish(self, header: u32, cols: u16) -> Result<(), ReportError> {
        self.ws.set_freeze_panes(header + 1, cols).map_err(err)?;
        let last_col = u16::try_from(self.widths.len().saturating_sub(1)).unwrap_or(0);
        self.ws
            .autofilter(header, 0, self.row.saturating_sub(1).max(header), last_col)
            .map_err(err)?;
        for (c, w) in (0u16..).zip(&self.widths) {
            let w = (*w).clamp(4, MAX_WIDTH) + 2;
            self.ws.set_column_width(c, w as f64).map_err(err)?;
        }
        Ok(())
    }
}

/// The names of the units containing `code`, from its province down to its parent.
fn within_path(a: &Assessment<'_>, code: RegionCode) -> String {
    let mut parts = Vec::new();
    let mut p = code.parent();
    while let Some(c) = p {
        parts.push(a.names.label(Some(c), a.lang));
        p = c.parent();
    }
    parts.reverse();
    parts.join(" ")
}

fn unit_code(u: Option<RegionCode>) -> Cell {
    u.map_or(Cell::Empty, |c| text(c.to_short()))
}

fn indicator_name(a: &Assessment<'_>, id: &str, lang: Lang) -> String {
    match a.rollup.definition(id) {
        Some(d) => lang.pick(d.name_zh(), d.name_en()).to_owned(),
        None => indicator::get(id).map_or_else(
            || id.to_owned(),
            |i| lang.pick(i.name_zh, i.name_en).to_owned(),
        ),
    }
}

/// The kind of indicator `id` (a share when unknown).
fn kind_of(a: &Assessment<'_>, id: &str) -> IndicatorKind {
    a.rollup
        .definition(id)
        .map_or(IndicatorKind::Share, |d| d.kind())
}

/// A value as its kind is shown: a share as a percentage, anything else as a number.
/// A value next to its threshold `t`: a share with the decimals it takes (see
/// [`pct_against`]); other kinds are numbers as they are.
fn value_against(v: Option<f64>, t: f64, kind: IndicatorKind) -> Cell {
    if kind == IndicatorKind::Share {
        pct_against(v, t)
    } else {
        value_cell(v, kind)
    }
}

/// A threshold as its kind reads, exactly.
fn threshold_cell(t: f64, kind: IndicatorKind) -> Cell {
    if kind == IndicatorKind::Share {
        pct_exact(t)
    } else {
        value_cell(Some(t), kind)
    }
}

/// A threshold as text, as its kind reads: a share as an exact percentage, others as they
/// are.
fn threshold_text(t: f64, kind: IndicatorKind) -> String {
    if kind == IndicatorKind::Share {
        pct_text(t)
    } else {
        format!("{t}")
    }
}

fn value_cell(v: Option<f64>, kind: IndicatorKind) -> Cell {
    if kind == IndicatorKind::Share {
        pct(v)
    } else {
        v.filter(|x| x.is_finite()).map_or(Cell::Empty, Cell::Num)
    }
}

/// The workbook of an assessment, as the bytes of an `.xlsx` file.
pub fn workbook(a: &Assessment<'_>) -> Result<Vec<u8>, ReportError> {
    let mut wb = Workbook::new();
    readme(&mut wb, a)?;
    for level in Level::ALL.iter().filter(|l| **l <= a.deepest) {
        level_sheet(&mut wb, a, *level)?;
    }
    verdicts(&mut wb, a)?;
    exits(&mut wb, a)?;
    scorecards(&mut wb, a)?;
    accountability(&mut wb, a)?;
    rejected(&mut wb, a)?;
    wb.save_to_buffer().map_err(err)
}

fn readme(wb: &mut Workbook, a: &Assessment<'_>) -> Result<(), ReportError> {
    let l = a.lang;
    let mut s = Sheet::new(wb, l.pick("说明", "README"))?;
    let h = s.header(&[l.pick("项目", "item"), l.pick("内容", "value")])?;
    let kv = |s: &mut Sheet<'_>, k: &str, v: String| s.row(&[text(k), text(v)]);
    kv(
        &mut s,
        l.pick("报告", "report"),
        l.pick(
            "网络扶贫行动计划 评估报告（fupin）",
            "fupin assessment (Network Poverty Alleviation Action Plan)",
        )
        .to_owned(),
    )?;
    if let Some(label) = a.label {
        kv(&mut s, l.pick("数据标记", "data label"), label.to_owned())?;
    }
    kv(&mut s, l.pick("截至日期", "as of"), a.as_of.to_string())?;
    kv(
        &mut s,
        l.pick("列出的最低层级", "deepest level listed"),
        level_name(a.deepest, l).to_owned(),
    )?;
    if let Some(w) = a.within {
        kv(
            &mut s,
            l.pick("范围", "within"),
            format!("{} {}", w.to_short(), a.names.label(Some(w), l)),
        )?;
    }
    kv(
        &mut s,
        l.pick("生成", "made by"),
        format!("fupin {}", env!("CARGO_PKG_VERSION")),
    )?;
    kv(
        &mut s,
        l.pick("指标口径", "indicators"),
        l.pick(
            "指标均为计数之比（分子/分母），数值以百分比格式显示，原值保留在单元格中",
            "every indicator is an exact ratio of counts (numerator/denominator); shares are numbers shown as percentages",
        )
        .to_owned(),
    )?;
    for n in a.notes {
        kv(&mut s, l.pick("说明", "note"), n.clone())?;
    }
    s.row(&[])?;
    s.row(&[
        text(l.pick("输入文件", "input")),
        text(l.pick("表", "table")),
        text(l.pick("识别为", "read as")),
        text(l.pick("行数", "rows")),
        text(l.pick("接受", "accepted")),
        text(l.pick("拒绝", "rejected")),
    ])?;
    for f in a.inputs {
        s.row(&[
            text(f.file.clone()),
            text(f.table.clone()),
            text(f.detected.clone()),
            int(f.rows),
            int(f.accepted),
            int(f.rejected),
        ])?;
    }
    s.row(&[])?;
    s.row(&[
        text(l.pick("规则", "rule")),
        text(l.pick("条件", "condition")),
        text(l.pick("来源", "source")),
    ])?;
    let mut seen: Vec<String> = Vec::new();
    for v in a.verdicts {
        let key = format!("{} {}", v.indicator, v.target.revision);
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        s.row(&[
            text(indicator_name(a, &v.indicator, l)),
            text(format!(
                "{} {} {} {}",
                v.target.comparator.symbol(),
                threshold_text(v.target.threshold, kind_of(a, &v.indicator)),
                l.pick("期限", "by"),
                v.target.deadline
            )),
            text(v.target.source.clone()),
        ])?;
    }
    for e in a.exits {
        for c in &e.criteria {
            let key = format!("{}|{}|{}", e.level, c.key, c.source);
            if seen.contains(&key) {
                continue;
            }
            seen.push(key);
            s.row(&[
                text(format!(
                    "{}{}: {}",
                    level_name(e.level, l),
                    l.pick("退出", " exit"),
                    c.label_zh
                )),
                text(format!(
                    "{} {}",
                    c.comparator.symbol(),
                    pct_text(c.threshold)
                )),
                text(c.source.clone()),
            ])?;
        }
    }
    s.finish(h, 1)
}

fn level_sheet(wb: &mut Workbook, a: &Assessment<'_>, level: Level) -> Result<(), ReportError> {
    let l = a.lang;
    let units = a.units(level);
    if units.len() as u64 + 2 > u64::from(LAST_ROW) + 1 {
        return Err(ReportError::TooManyRows {
            sheet: level_name(level, l).to_owned(),
        });
    }
    let name = format!("{}{}", level_name(level, l), l.pick("指标", " indicators"));
    let mut s = Sheet::new(wb, &name)?;
    // row 0: each indicator's name over its four columns; row 1: the columns
    let mut top: Vec<String> = vec![String::new(); 3];
    let mut header: Vec<String> = vec![
        l.pick("代码", "code").to_owned(),
        l.pick("名称", "name").to_owned(),
        l.pick("所属", "within").to_owned(),
    ];
    // the catalog's shares, then the indicators beyond shares observed at this level or below
    let defs: Vec<_> = a
        .rollup
        .definitions()
        .into_iter()
        .filter(|d| d.lowest_level() >= level)
        .collect();
    for i in &defs {
        let unit = if i.unit().is_empty() {
            String::new()
        } else {
            format!(" ({})", i.unit())
        };
        top.push(format!("{}{unit}", l.pick(i.name_zh(), i.name_en())));
        top.extend([String::new(), String::new(), String::new()]);
        header.extend([
            l.pick("分子", "numerator").to_owned(),
            l.pick("分母", "denominator").to_owned(),
            l.pick("值", "value").to_owned(),
            l.pick("完整性", "completeness").to_owned(),
        ]);
    }
    let r0 = s.next_row()?;
    for (c, t) in (0u16..).zip(&top) {
        if !t.is_empty() {
            let last = c + 3;
            s.ws.merge_range(r0, c, r0, last, t, &s.bold).map_err(err)?;
        }
    }
    let refs: Vec<&str> = header.iter().map(String::as_str).collect();
    let h = s.header(&refs)?;
    for u in units {
        let values = a.rollup.indicators(u, a.strategy);
        let mut cells = vec![
            unit_code(u),
            text(a.names.label(u, l)),
            text(u.map(|c| within_path(a, c)).unwrap_or_default()),
        ];
        for i in &defs {
            match values.iter().find(|v| v.indicator == i.id()) {
                Some(v) => cells.extend(indicator_cells(v, l)),
                None => cells.extend([Cell::Empty, Cell::Empty, Cell::Empty, Cell::Empty]),
            }
        }
        s.row(&cells)?;
    }
    s.finish(h, 2)
}

fn indicator_cells(v: &IndicatorValue, l: Lang) -> [Cell; 4] {
    [
        int(v.numerator),
        int(v.denominator),
        value_cell(v.value, v.kind),
        text(completeness(v.completeness, l)),
    ]
}

fn verdicts(wb: &mut Workbook, a: &Assessment<'_>) -> Result<(), ReportError> {
    let l = a.lang;
    let mut s = Sheet::new(wb, l.pick("目标", "targets"))?;
    let h = s.header(&[
        l.pick("层级", "level"),
        l.pick("代码", "code"),
        l.pick("名称", "name"),
        l.pick("指标", "indicator"),
        l.pick("条件", "comparator"),
        l.pick("目标值", "threshold"),
        l.pick("期限", "deadline"),
        l.pick("值", "value"),
        l.pick("完整性", "completeness"),
        l.pick("结论", "verdict"),
        l.pick("差距", "gap"),
        l.pick("剩余天数", "days left"),
        l.pick("期限时预计", "projected at deadline"),
        l.pick("有风险", "at risk"),
        l.pick("来源", "source"),
    ])?;
    for v in a.verdicts {
        let k = kind_of(a, &v.indicator);
        s.row(&[
            text(level_name(v.level, l)),
            unit_code(v.unit),
            text(a.names.label(v.unit, l)),
            text(indicator_name(a, &v.indicator, l)),
            text(v.target.comparator.symbol()),
            threshold_cell(v.target.threshold, k),
            text(v.target.deadline.to_string()),
            value_against(v.value, v.target.threshold, k),
            text(completeness(v.completeness, l)),
            text(met(v.met, l)),
            // a gap is never shown as none
            match v.gap {
                Some(g) if g > 0.0 && k == IndicatorKind::Share => {
                    Cell::PctDp(g, crate::digits::against(g * 100.0, 0.0, 1))
                }
                g => value_cell(g, k),
            },
            Cell::Num(v.days_left as f64),
            value_cell(v.projection.as_ref().map(|p| p.value_at_deadline), k),
            v.projection
                .as_ref()
                .map_or(Cell::Empty, |p| text(yes_no(p.at_risk, l))),
            text(v.target.source.clone()),
        ])?;
    }
    s.finish(h, 3)
}

fn yes_no(b: bool, l: Lang) -> &'static str {
    match (b, l) {
        (true, Lang::Zh) => "是",
        (false, Lang::Zh) => "否",
        (true, Lang::En) => "yes",
        (false, Lang::En) => "no",
    }
}

fn exits(wb: &mut Workbook, a: &Assessment<'_>) -> Result<(), ReportError> {
    let l = a.lang;
    let mut s = Sheet::new(wb, l.pick("退出", "exits"))?;
    let h = s.header(&[
        l.pick("层级", "level"),
        l.pick("代码", "code"),
        l.pick("名称", "name"),
        l.pick("结论", "status"),
        l.pick("条件", "criterion"),
        l.pick("值", "value"),
        l.pick("分子", "numerator"),
        l.pick("分母", "denominator"),
        l.pick("比较", "comparator"),
        l.pick("门槛", "threshold"),
        l.pick("是否满足", "passed"),
        l.pick("来源", "source"),
    ])?;
    for e in a.exits {
        for c in &e.criteria {
            s.row(&[
                text(level_name(e.level, l)),
                text(e.unit.to_short()),
                text(a.names.label(Some(e.unit), l)),
                text(exit_status(e.status, l)),
                text(c.label_zh.clone()),
                pct_against(c.value, c.threshold),
                c.numerator.map_or(Cell::Empty, Cell::Int),
                c.denominator.map_or(Cell::Empty, Cell::Int),
                text(c.comparator.symbol()),
                pct_exact(c.threshold),
                c.passed.map_or(Cell::Empty, |p| text(yes_no(p, l))),
                text(c.source.clone()),
            ])?;
        }
        if e.criteria.is_empty() {
            s.row(&[
                text(level_name(e.level, l)),
                text(e.unit.to_short()),
                text(a.names.label(Some(e.unit), l)),
                text(exit_status(e.status, l)),
            ])?;
        }
    }
    s.finish(h, 3)
}

fn scorecards(wb: &mut Workbook, a: &Assessment<'_>) -> Result<(), ReportError> {
    let l = a.lang;
    let mut s = Sheet::new(wb, l.pick("评分卡", "scorecards"))?;
    let h = s.header(&[
        l.pick("层级", "level"),
        l.pick("代码", "code"),
        l.pick("名称", "name"),
        l.pick("排名", "rank"),
        l.pick("参评数", "peers"),
        l.pick("上级内排名", "rank in parent"),
        l.pick("上级内参评数", "peers in parent"),
        l.pick("达标目标数", "targets met"),
        l.pick("评判目标数", "targets judged"),
    ])?;
    for c in a.scorecards {
        s.row(&[
            text(level_name(c.level, l)),
            text(c.unit.to_short()),
            text(a.names.label(Some(c.unit), l)),
            int(c.rank),
            int(c.peers),
            int(c.rank_in_parent),
            int(c.peers_in_parent),
            int(c.targets_met),
            int(c.targets_judged),
        ])?;
    }
    s.finish(h, 3)
}

fn accountability(wb: &mut Workbook, a: &Assessment<'_>) -> Result<(), ReportError> {
    let l = a.lang;
    let mut s = Sheet::new(wb, l.pick("问责", "accountability"))?;
    let h = s.header(&[
        l.pick("代码", "code"),
        l.pick("名称", "name"),
        l.pick("指标", "indicator"),
        l.pick("值", "value"),
        l.pick("目标值", "threshold"),
        l.pick("责任层级", "level answering"),
        l.pick("责任区域", "region answering"),
        l.pick("责任主体", "bodies"),
        l.pick("未达标单位", "failing units"),
    ])?;
    for acc in a.accountability {
        let failing: Vec<String> = acc
            .evidence
            .failing_units
            .iter()
            .map(|u| format!("{} {}", u.to_short(), a.names.label(Some(*u), l)))
            .collect();
        for link in &acc.chain {
            let bodies = if link.gap {
                l.pick("（无责任主体）", "(no responsible body)").to_owned()
            } else {
                link.bodies
                    .iter()
                    .map(|b| b.name.clone())
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            s.row(&[
                unit_code(acc.unit),
                text(a.names.label(acc.unit, l)),
                text(indicator_name(a, &acc.indicator, l)),
                match acc.evidence.threshold {
                    Some(t) => value_against(acc.evidence.value, t, kind_of(a, &acc.indicator)),
                    None => value_cell(acc.evidence.value, kind_of(a, &acc.indicator)),
                },
                acc.evidence.threshold.map_or(Cell::Empty, |t| {
                    threshold_cell(t, kind_of(a, &acc.indicator))
                }),
                text(level_name(link.level, l)),
                text(a.names.label(link.region, l)),
                text(bodies),
                text(failing.join(", ")),
            ])?;
        }
    }
    s.finish(h, 2)
}

fn rejected(wb: &mut Workbook, a: &Assessment<'_>) -> Result<(), ReportError> {
    let l = a.lang;
    let mut s = Sheet::new(wb, l.pick("拒绝行", "rejected rows"))?;
    let h = s.header(&[
        l.pick("文件", "file"),
        l.pick("行", "row"),
        l.pick("位置", "where"),
        l.pick("代码", "code"),
        l.pick("原因", "why"),
    ])?;
    for (file, i) in a.rejected.sample {
        let row = match i.path.items().first() {
            Some(fupin_core::PathItem::Index(n)) => int(*n),
            _ => Cell::Empty,
        };
        s.row(&[
            text(file.clone()),
            row,
            text(i.path.to_string()),
            text(i.code.clone()),
            text(i.message.clone()),
        ])?;
    }
    if a.rejected.issues > a.rejected.sample.len() {
        let whole = match a.rejected.file {
            Some(f) => format!("{}{f}", l.pick("全部见 ", "all in ")),
            None => l
                .pick(
                    "用 --rejects 文件保留全部",
                    "pass --rejects FILE to keep them all",
                )
                .to_owned(),
        };
        s.row(&[text(format!(
            "{} {} / {}; {whole}",
            l.pick("显示", "shown"),
            a.rejected.sample.len(),
            a.rejected.issues
        ))])?;
    }
    s.finish(h, 0)
}
