//! The exit rules (贫困退出标准) in one table: for each criterion of a household, village or
//! county exit, how it is compared, its threshold, what it counts, from which day it
//! applies, and the document it comes from. Verdicts take their comparators and sources from
//! here, and [`ExitRules`](crate::assess::ExitRules) its default thresholds; a provincial
//! rule pack may override a threshold for its own units.
//!
//! Boundaries: the documents say "降至2%以下", "高于2%…不得退出", "低于90%…不得退出"; in Chinese
//! legal usage 以上/以下 include the figure itself, so exactly 2% (3% west) passes and exactly
//! 90% approval passes. Comparisons are made on the exact numerator and denominator
//! ([`Comparator::holds_ratio`]), never on a sum of floats.

use chrono::NaiveDate;
use serde::Serialize;

use super::source::{self, Source};
use crate::plan::Comparator;

/// The level a rule judges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum RuleLevel {
    /// A registered household (贫困户退出).
    Household,
    /// A registered poor village (贫困村退出).
    Village,
    /// A poor county (贫困县退出).
    County,
}

impl RuleLevel {
    /// The snake_case key used on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            RuleLevel::Household => "household",
            RuleLevel::Village => "village",
            RuleLevel::County => "county",
        }
    }
}

/// What a criterion's numerator and denominator count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CountedIn {
    /// People (人): incidence, wrongful-exit and missed-registration rates.
    People,
    /// Households (户): public approval.
    Households,
    /// Yuan per person and year: income against the poverty line.
    Yuan,
    /// Met or not (a yes/no item of the file).
    Met,
    /// Villages, townships or counties (a provincial pack's indicator over units).
    Units,
}

impl CountedIn {
    /// The snake_case key used on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            CountedIn::People => "people",
            CountedIn::Households => "households",
            CountedIn::Yuan => "yuan",
            CountedIn::Met => "met",
            CountedIn::Units => "units",
        }
    }
}

/// One exit criterion as the documents state it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ExitRule {
    /// The level it judges.
    pub level: RuleLevel,
    /// The criterion's key in verdicts (`poverty_incidence`, `guarantee.safe_water` …).
    pub key: &'static str,
    /// Chinese label.
    pub label_zh: &'static str,
    /// How the value is compared with the threshold.
    pub comparator: Comparator,
    /// The threshold as a share (0.02 = 2%); `None` where the threshold is the poverty line
    /// of the year or the item is yes/no.
    pub threshold: Option<f64>,
    /// The threshold in the western zone, where it differs.
    pub threshold_west: Option<f64>,
    /// What the numerator and denominator count.
    pub counted_in: CountedIn,
    /// The first day the rule applies; `None`: from the start of the exit mechanism.
    pub applies_from: Option<NaiveDate>,
    /// The document it comes from.
    pub source: &'static Source,
    /// The source's words.
    pub wording: &'static str,
}

impl ExitRule {
    /// Whether the rule applies on `date`.
    pub fn applies_on(&self, date: NaiveDate) -> bool {
        self.applies_from.is_none_or(|from| from <= date)
    }
}

const fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(x) => x,
        None => NaiveDate::MIN,
    }
}

const fn guarantee(key: &'static str, label_zh: &'static str, wording: &'static str) -> ExitRule {
    ExitRule {
        level: RuleLevel::Household,
        key,
        label_zh,
        comparator: Comparator::Ge,
        threshold: None,
        threshold_west: None,
        counted_in: CountedIn::Met,
        applies_from: None,
        source: &source::EXIT_OPINION_2016,
        wording,
    }
}

/// Every exit rule of the national standard, household rules first.
pub static EXIT_RULES: [ExitRule; 12] = [
    ExitRule {
        level: RuleLevel::Household,
        key: "income_above_line",
        label_zh: "人均纯收入稳定超过扶贫标准",
        comparator: Comparator::Gt,
        threshold: None,
        threshold_west: None,
        counted_in: CountedIn::Yuan,
        applies_from: None,
        source: &source::EXIT_OPINION_2016,
        wording: "该户年人均纯收入稳定超过国家扶贫标准",
    },
    guarantee("guarantee.food", "不愁吃", "吃穿不愁"),
    guarantee("guarantee.clothing", "不愁穿", "吃穿不愁"),
    guarantee(
        "guarantee.compulsory_education",
        "义务教育有保障",
        "义务教育…有保障",
    ),
    guarantee(
        "guarantee.basic_medical",
        "基本医疗有保障",
        "基本医疗…有保障",
    ),
    guarantee("guarantee.safe_housing", "住房安全有保障", "住房安全有保障"),
    ExitRule {
        level: RuleLevel::Household,
        key: "guarantee.safe_water",
        label_zh: "饮水安全有保障",
        comparator: Comparator::Ge,
        threshold: None,
        threshold_west: None,
        counted_in: CountedIn::Met,
        applies_from: Some(day(2019, 6, 23)),
        source: &source::GUARANTEES_2019,
        wording: "饮水安全 (checked under 不愁吃)",
    },
    ExitRule {
        level: RuleLevel::Village,
        key: "poverty_incidence",
        label_zh: "贫困发生率",
        comparator: Comparator::Le,
        threshold: Some(0.02),
        threshold_west: Some(0.03),
        counted_in: CountedIn::People,
        applies_from: None,
        source: &source::EXIT_OPINION_2016,
        wording: "贫困发生率降至2%以下（西部地区降至3%以下）",
    },
    ExitRule {
        level: RuleLevel::County,
        key: "poverty_incidence",
        label_zh: "贫困发生率",
        comparator: Comparator::Le,
        threshold: Some(0.02),
        threshold_west: Some(0.03),
        counted_in: CountedIn::People,
        applies_from: None,
        source: &source::EXIT_OPINION_2016,
        wording: "贫困发生率降至2%以下（西部地区降至3%以下）",
    },
    ExitRule {
        level: RuleLevel::County,
        key: "comprehensive_incidence",
        label_zh: "综合贫困发生率",
        comparator: Comparator::Le,
        threshold: Some(0.02),
        threshold_west: Some(0.03),
        counted_in: CountedIn::People,
        applies_from: None,
        source: &source::SPECIAL_EVALUATION_2017,
        wording: "综合贫困发生率高于2%（西部地区高于3%）的，不得退出",
    },
    ExitRule {
        level: RuleLevel::County,
        key: "wrongful_exit_rate",
        label_zh: "错退率",
        comparator: Comparator::Le,
        threshold: Some(0.02),
        threshold_west: None,
        counted_in: CountedIn::People,
        applies_from: None,
        source: &source::SPECIAL_EVALUATION_2017,
        wording: "错退率高于2%的，不得退出 (抽样错退人口数 ÷ 抽样脱贫人口数)",
    },
    ExitRule {
        level: RuleLevel::County,
        key: "missed_rate",
        label_zh: "漏评率",
        comparator: Comparator::Le,
        threshold: Some(0.02),
        threshold_west: None,
        counted_in: CountedIn::People,
        applies_from: None,
        source: &source::SPECIAL_EVALUATION_2017,
        wording: "漏评率高于2%的，不得退出 (漏评人口数 ÷ 抽查村未建档立卡农村人口数)",
    },
];

/// The public-approval rule (群众认可度 ≥ 90%, counted in households).
pub static APPROVAL_RULE: ExitRule = ExitRule {
    level: RuleLevel::County,
    key: "public_approval",
    label_zh: "群众认可度",
    comparator: Comparator::Ge,
    threshold: Some(0.90),
    threshold_west: None,
    counted_in: CountedIn::Households,
    applies_from: None,
    source: &source::SPECIAL_EVALUATION_2017,
    wording: "群众认可度低于90%的，不得退出 (认可户数 ÷ 调查总户数)",
};

/// Every exit rule: [`EXIT_RULES`] and [`APPROVAL_RULE`], in table order.
pub fn exit_rules() -> impl Iterator<Item = &'static ExitRule> {
    EXIT_RULES.iter().chain(std::iter::once(&APPROVAL_RULE))
}

/// The rule of `level` with criterion key `key`.
///
/// ```
/// use fupin_core::plan::Comparator;
/// use fupin_core::rules::{RuleLevel, exit_rule};
///
/// let r = exit_rule(RuleLevel::County, "wrongful_exit_rate").unwrap();
/// assert_eq!((r.comparator, r.threshold), (Comparator::Le, Some(0.02)));
/// assert_eq!(r.source.number, Some("国开办发〔2017〕56号"));
/// ```
pub fn exit_rule(level: RuleLevel, key: &str) -> Option<&'static ExitRule> {
    exit_rules().find(|r| r.level == level && r.key == key)
}

fn pct(x: Option<f64>) -> String {
    x.map_or_else(String::new, |v| {
        let p = (v * 1000.0).round() / 10.0;
        format!("{p}%")
    })
}

/// The rule table and the sources it cites, as Markdown: generated from [`EXIT_RULES`] and
/// [`source::ALL`] for the docs, so the table is written once, here.
pub fn markdown() -> String {
    let mut out = String::from(
        "| level | criterion | rule | west | counted in | applies from | source |\n\
         |---|---|---|---|---|---|---|\n",
    );
    for r in exit_rules() {
        let rule = match r.threshold {
            Some(_) => format!("{} {}", r.comparator.symbol(), pct(r.threshold)),
            None if r.counted_in == CountedIn::Yuan => {
                format!("{} the poverty line of the year", r.comparator.symbol())
            }
            None => "met".to_owned(),
        };
        let west = r.threshold_west.map_or_else(String::new, |_| {
            format!("{} {}", r.comparator.symbol(), pct(r.threshold_west))
        });
        out.push_str(&format!(
            "| {} | `{}` {} | {rule} | {west} | {} | {} | {} |\n",
            r.level.as_str(),
            r.key,
            r.label_zh,
            r.counted_in.as_str(),
            r.applies_from
                .map_or_else(|| "—".to_owned(), |d| d.to_string()),
            r.source.cite(),
        ));
    }
    out.push_str(
        "\nThe national rural poverty line (current prices, yuan per person and year; \
         `fupin::plan::PovertyLines::builtin`):\n\n| year | yuan | basis | source |\n|---|---|---|---|\n",
    );
    for l in crate::plan::PovertyLines::builtin().iter() {
        let basis = serde_json::to_value(l.basis)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        out.push_str(&format!(
            "| {} | {} | {basis} | {} |\n",
            l.year, l.yuan, l.source
        ));
    }
    out.push_str(
        "\n| source | title | issuer | number | date | note |\n|---|---|---|---|---|---|\n",
    );
    for s in source::ALL {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} | {} |\n",
            s.key,
            s.title,
            s.issuer,
            s.number.unwrap_or("—"),
            s.date,
            s.note.split_whitespace().collect::<Vec<_>>().join(" "),
        ));
    }
    out
}
