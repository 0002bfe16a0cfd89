//! What a report shows: an [`Assessment`] (borrowed from whoever computed it) and how to
//! name and label it.

use chrono::NaiveDate;
use fupin_core::Issue;
use fupin_core::assess::{ExitVerdict, MissingStrategy, Rollup, Scorecard, TargetVerdict};
use fupin_core::region::{Level, RegionCode};
use fupin_core::responsibility::Accountability;

/// The language of headers and labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Chinese (the default: the reports are for Chinese offices).
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// `zh` or `en` to a language; `None` for anything else.
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "zh" | "zh-cn" | "cn" | "chinese" => Some(Lang::Zh),
            "en" | "english" => Some(Lang::En),
            _ => None,
        }
    }

    /// The text in this language.
    pub fn pick<'s>(self, zh: &'s str, en: &'s str) -> &'s str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// One input of the assessment, as the reports list it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Input {
    /// The file (or what stood for it, e.g. the embedded demo).
    pub file: String,
    /// Which table: `households`, `villages`, `townships` or `counties`.
    pub table: String,
    /// What it was read as (format, encoding, sheet …).
    pub detected: String,
    /// Data rows.
    pub rows: usize,
    /// Rows accepted.
    pub accepted: usize,
    /// Rows rejected.
    pub rejected: usize,
}

/// The rejected rows: counted exactly, the first ones kept.
#[derive(Debug, Clone, Copy, Default)]
pub struct Rejected<'a> {
    /// Problems found (a rejected row may have several).
    pub issues: usize,
    /// The first problems met, each with its file.
    pub sample: &'a [(String, Issue)],
    /// The file holding them all, if one was written.
    pub file: Option<&'a str>,
}

/// The names of regions: counties and above from the embedded division data
/// ([`fupin_data`]: in `vintage`, else in the newest vintage that has the code);
/// townships and villages from `below_county` when one is given (an optional names source),
/// else none — a report then shows their codes, never a made-up label.
#[derive(Clone, Copy, Default)]
pub struct Names<'a> {
    /// Names of townships and villages, when a source of them is at hand.
    pub below_county: Option<&'a (dyn Fn(RegionCode) -> Option<String> + Sync)>,
    /// The division list that names counties and above first (e.g. the one in force on
    /// the as-of date); `None`: the newest that has the code.
    pub vintage: Option<fupin_data::Vintage>,
}

impl std::fmt::Debug for Names<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Names")
            .field("below_county", &self.below_county.is_some())
            .field("vintage", &self.vintage)
            .finish()
    }
}

impl Names<'_> {
    /// The name of a region, if known.
    pub fn of(&self, code: RegionCode) -> Option<String> {
        if code.level() <= Level::County {
            self.vintage
                .into_iter()
                .chain(fupin_data::Vintage::ALL.into_iter().rev())
                .find_map(|v| fupin_data::get(code, v))
                .map(|d| d.name.to_owned())
        } else {
            self.below_county.and_then(|f| f(code))
        }
    }

    /// A unit as shown: `全国` (or `nation`) for `None`, else its name, or its code when it
    /// has no known name.
    pub fn label(&self, unit: Option<RegionCode>, lang: Lang) -> String {
        match unit {
            None => lang.pick("全国", "nation").to_owned(),
            Some(c) => self.of(c).unwrap_or_else(|| c.to_short()),
        }
    }
}

/// Everything an assessment report shows, borrowed from whoever computed it (the `fupin`
/// command, the Python binding). The reports compute nothing of their own but the
/// indicators of each unit ([`Rollup::indicators`]).
#[derive(Debug, Clone, Copy)]
pub struct Assessment<'a> {
    /// The data's label (SYNTHETIC for made-up data).
    pub label: Option<&'a str>,
    /// The as-of date.
    pub as_of: NaiveDate,
    /// The inputs.
    pub inputs: &'a [Input],
    /// Notes for the reader.
    pub notes: &'a [String],
    /// Every unit's counters.
    pub rollup: &'a Rollup,
    /// How missing data is treated in the indicators.
    pub strategy: MissingStrategy,
    /// The deepest level the tables list (the HTML report drills to villages whatever it is).
    pub deepest: Level,
    /// Only units inside this region (and the ones containing it), when given.
    pub within: Option<RegionCode>,
    /// Target verdicts.
    pub verdicts: &'a [TargetVerdict],
    /// Exit verdicts of poor counties and villages.
    pub exits: &'a [ExitVerdict],
    /// Scorecards.
    pub scorecards: &'a [Scorecard],
    /// Who answers for the worst gaps.
    pub accountability: &'a [Accountability],
    /// The rejected rows.
    pub rejected: Rejected<'a>,
    /// Region names.
    pub names: Names<'a>,
    /// The language of headers and labels.
    pub lang: Lang,
}

impl<'a> Assessment<'a> {
    /// An assessment of `rollup` with nothing judged yet: the other parts are set field by
    /// field.
    pub fn new(rollup: &'a Rollup) -> Self {
        Assessment {
            label: rollup.label.as_deref(),
            as_of: rollup.as_of,
            inputs: &[],
            notes: &[],
            rollup,
            strategy: MissingStrategy::default(),
            deepest: Level::County,
            within: None,
            verdicts: &[],
            exits: &[],
            scorecards: &[],
            accountability: &[],
            rejected: Rejected::default(),
            names: Names::default(),
            lang: Lang::Zh,
        }
    }

    /// Whether a unit is inside the region the report is limited to (or contains it).
    pub fn inside(&self, code: RegionCode) -> bool {
        self.within
            .is_none_or(|w| w.contains(code) || code.contains(w))
    }

    /// The units of a level listed by the tables (the nation: `[None]`).
    pub fn units(&self, level: Level) -> Vec<Option<RegionCode>> {
        if level == Level::Nation {
            return if self.within.is_none() {
                vec![None]
            } else {
                Vec::new()
            };
        }
        self.rollup
            .level(level)
            .iter()
            .filter(|e| self.inside(e.code))
            .map(|e| Some(e.code))
            .collect()
    }
}

/// The note every report gives of the data that cannot be right (`Judged::data_problems`):
/// how many, and the first five with their paths (the others are in `data_problems`, of
/// the command's JSON report, Python's `Rollup.judge()` and the browser's `judge`).
/// `None` when there are none. The command and Python's reports put it among their notes.
pub fn data_problems_note(problems: &fupin_core::Issues) -> Option<String> {
    const SHOWN: usize = 5;
    let n = problems.len();
    if n == 0 {
        return None;
    }
    let shown: Vec<String> = problems
        .iter()
        .take(SHOWN)
        .map(|i| format!("{}: {}", i.path, i.message))
        .collect();
    Some(format!(
        "{n} unit{} with data that cannot be right, counted as given{}: {}",
        if n == 1 { "" } else { "s" },
        if n > SHOWN {
            format!(", the first {SHOWN} (all in `data_problems`)")
        } else {
            String::new()
        },
        shown.join("; ")
    ))
}
