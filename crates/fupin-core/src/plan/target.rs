//! Targets: a threshold on an indicator, with a deadline, a validity period, a source and a
//! revision number; the same indicator can have several revisions over time.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::indicator;
use crate::error::{Error, Issue, Issues, Path};
use crate::region::Level;

/// How a measured value is compared with a threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparator {
    /// value ≥ threshold.
    Ge,
    /// value > threshold.
    Gt,
    /// value ≤ threshold.
    Le,
    /// value < threshold.
    Lt,
}

impl Comparator {
    /// Whether `value` satisfies `self threshold`.
    pub fn holds(self, value: f64, threshold: f64) -> bool {
        match self {
            Comparator::Ge => value >= threshold,
            Comparator::Gt => value > threshold,
            Comparator::Le => value <= threshold,
            Comparator::Lt => value < threshold,
        }
    }

    /// Whether `value self threshold` holds for exact, ordered values (counts, fen).
    pub fn holds_exact<T: Ord>(self, value: T, threshold: T) -> bool {
        match self {
            Comparator::Ge => value >= threshold,
            Comparator::Gt => value > threshold,
            Comparator::Le => value <= threshold,
            Comparator::Lt => value < threshold,
        }
    }

    /// Whether `numerator / denominator` satisfies `self threshold`, decided exactly in
    /// integers: the threshold (a share) is taken to millionths, so 1 in 50 is exactly 2%
    /// whatever a sum of floats would say. `None` when the denominator is 0 or the threshold
    /// is not a finite number between 0 and 1000.
    ///
    /// ```
    /// use fupin_core::plan::Comparator;
    ///
    /// assert_eq!(Comparator::Le.holds_ratio(1, 50, 0.02), Some(true));
    /// assert_eq!(Comparator::Lt.holds_ratio(1, 50, 0.02), Some(false));
    /// assert_eq!(Comparator::Ge.holds_ratio(9, 10, 0.9), Some(true));
    /// assert_eq!(Comparator::Le.holds_ratio(1, 0, 0.02), None);
    /// ```
    pub fn holds_ratio(self, numerator: u64, denominator: u64, threshold: f64) -> Option<bool> {
        let millionths = share_millionths_of(threshold)?;
        if denominator == 0 {
            return None;
        }
        let lhs = u128::from(numerator) * 1_000_000;
        let rhs = u128::from(millionths) * u128::from(denominator);
        Some(self.holds_exact(lhs, rhs))
    }

    /// The symbol (`≥`, `>`, `≤`, `<`).
    pub fn symbol(self) -> &'static str {
        match self {
            Comparator::Ge => "≥",
            Comparator::Gt => ">",
            Comparator::Le => "≤",
            Comparator::Lt => "<",
        }
    }
}

/// A share in millionths (0.02 → 20,000), rounded to the nearest: how thresholds are read
/// for exact comparisons. `None` when not finite or outside 0..=1000.
///
/// ```
/// assert_eq!(fupin_core::plan::share_millionths_of(0.02), Some(20_000));
/// assert_eq!(fupin_core::plan::share_millionths_of(f64::NAN), None);
/// ```
pub fn share_millionths_of(threshold: f64) -> Option<u64> {
    if !threshold.is_finite() || !(0.0..=1000.0).contains(&threshold) {
        return None;
    }
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "finite, between 0 and 1e9 after scaling"
    )]
    let m = (threshold * 1_000_000.0).round() as u64;
    Some(m)
}

/// One revision of a target on one indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// The indicator id (see [`indicator::CATALOG`]).
    pub indicator: String,
    /// How the value is compared.
    pub comparator: Comparator,
    /// The threshold, as a share between 0 and 1 for share indicators (0.9 = 90%).
    pub threshold: f64,
    /// The day by which it must be reached.
    pub deadline: NaiveDate,
    /// First day this revision is in force.
    pub valid_from: NaiveDate,
    /// First day it no longer is; `None` until replaced or ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_to: Option<NaiveDate>,
    /// The document that set it.
    pub source: String,
    /// Revision number, higher is newer (1 for the first).
    pub revision: u16,
    /// Free note (what the target says in the source's words, caveats).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// An example threshold, not a figure of a document (users replace it with their own);
    /// verdicts on it say so in their source.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub example: bool,
    /// The level whose units the target is for (`county`: each county must reach it).
    /// Without one, a share's or a rate's target is judged at every level (they compare
    /// across levels) and a count's or an amount's only at the level its indicator is
    /// observed at: summed over a province, a count is not the figure a per-county target
    /// sets (give `level: nation` for a national total).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<Level>,
}

impl Target {
    /// Whether this revision is in force on `date` (its own validity period only).
    pub fn is_in_force(&self, date: NaiveDate) -> bool {
        self.valid_from <= date && self.valid_to.is_none_or(|end| date < end)
    }

    /// Whether a measured value meets the target.
    pub fn is_met(&self, value: f64) -> bool {
        self.comparator.holds(value, self.threshold)
    }

    /// The signed distance from the threshold, positive when it is still to be covered
    /// (for `≥`/`>` targets: threshold − value; for `≤`/`<`: value − threshold). A strict
    /// target (`>`/`<`) missed exactly at its threshold has a gap of 0 and is still not
    /// met: any step beyond the threshold is needed.
    pub fn gap(&self, value: f64) -> f64 {
        match self.comparator {
            Comparator::Ge | Comparator::Gt => self.threshold - value,
            Comparator::Le | Comparator::Lt => value - self.threshold,
        }
    }

    /// Days from `date` to the deadline (negative once passed).
    pub fn days_left(&self, date: NaiveDate) -> i64 {
        (self.deadline - date).num_days()
    }

    /// Every problem with this target, its indicator one of the catalog's shares or of the
    /// built-in indicators beyond shares.
    pub fn validate(&self) -> Issues {
        self.validate_for(&super::MeasureDefs::default())
    }

    /// Every problem with this target, its indicator one of the catalog's shares or of
    /// `defs`: a share's threshold between 0 and 1, a count's, amount's or rate's a finite
    /// number not below 0.
    pub fn validate_for(&self, defs: &super::MeasureDefs) -> Issues {
        let mut issues = Issues::new();
        let root = Path::root();
        let kind = match (indicator::get(&self.indicator), defs.get(&self.indicator)) {
            (Some(i), _) => Some(i.kind),
            (None, Some(d)) => Some(d.kind),
            (None, None) => None,
        };
        if kind.is_none() {
            issues.push(Issue::new(
                "unknown_indicator",
                root.key("indicator"),
                format!(
                    "`{}` is not an indicator of the catalog or of the definitions given",
                    crate::error::quote(&self.indicator)
                ),
            ));
        }
        let is_share = kind.is_none_or(|k| k == super::IndicatorKind::Share);
        if !is_share && (!self.threshold.is_finite() || self.threshold < 0.0) {
            issues.push(
                Issue::new(
                    "threshold_range",
                    root.key("threshold"),
                    format!(
                        "a threshold is a number not below 0, not {}",
                        self.threshold
                    ),
                )
                .with("value", self.threshold),
            );
        }
        if is_share && (!self.threshold.is_finite() || !(0.0..=1.0).contains(&self.threshold)) {
            issues.push(
                Issue::new(
                    "threshold_range",
                    root.key("threshold"),
                    format!(
                        "a share threshold is between 0 and 1, not {}",
                        self.threshold
                    ),
                )
                .with("value", self.threshold),
            );
        }
        if let Some(end) = self.valid_to
            && end <= self.valid_from
        {
            issues.push(Issue::new(
                "period_end_before_start",
                root.key("valid_to"),
                format!(
                    "ends on `{end}`, not after it starts on `{}`",
                    self.valid_from
                ),
            ));
        }
        if self.source.trim().is_empty() {
            issues.push(Issue::new(
                "missing_source",
                root.key("source"),
                "a target must name its source",
            ));
        }
        if self.revision == 0 {
            issues.push(Issue::new(
                "field_range",
                root.key("revision"),
                "revisions count from 1",
            ));
        }
        issues
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let share = indicator::get(&self.indicator)
            .is_some_and(|i| i.kind == super::IndicatorKind::Share)
            || super::MeasureDefs::default()
                .get(&self.indicator)
                .is_some_and(|d| d.kind == super::IndicatorKind::Share);
        let threshold = if share {
            format!("{}%", (self.threshold * 1000.0).round() / 10.0)
        } else {
            format!("{}", self.threshold)
        };
        write!(
            f,
            "{} {} {threshold} by {} (rev. {}, {})",
            self.indicator,
            self.comparator.symbol(),
            self.deadline,
            self.revision,
            self.source
        )
    }
}

/// A set of targets: the built-in catalog, the user's own, or both.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Targets(Vec<Target>);

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

impl Targets {
    /// Builds a set, checking every target (all problems reported, with their index).
    pub fn new(items: Vec<Target>) -> Result<Self, Error> {
        Self::new_for(items, &super::MeasureDefs::default())
    }

    /// Builds a set whose targets may apply to the indicators of `defs` too (the user's own
    /// indicators beyond shares), checking every target.
    pub fn new_for(items: Vec<Target>, defs: &super::MeasureDefs) -> Result<Self, Error> {
        let mut issues = Issues::new();
        for (i, t) in items.iter().enumerate() {
            issues.extend_under(&Path::root().index(i), t.validate_for(defs));
            // two revisions that tie (one indicator and level, one revision number, one
            // first day): which is in force would hang on their order in the list
            if let Some(first) = items.iter().take(i).position(|o| {
                o.indicator == t.indicator
                    && o.level == t.level
                    && o.revision == t.revision
                    && o.valid_from == t.valid_from
            }) {
                issues.push(Issue::new(
                    "duplicate_revision",
                    Path::root().index(i).key("revision"),
                    format!(
                        "revision {} of `{}` from {} is given twice (first at [{first}])",
                        t.revision,
                        crate::error::quote(&t.indicator),
                        t.valid_from
                    ),
                ));
            }
        }
        issues.into_result()?;
        Ok(Self(items))
    }

    /// Parses and checks a JSON list of targets.
    pub fn from_json(json: &str) -> Result<Self, Error> {
        Self::new(crate::json_read::typed_from_str(json)?)
    }

    /// Parses and checks a JSON list of targets on the catalog and on `defs`.
    pub fn from_json_for(json: &str, defs: &super::MeasureDefs) -> Result<Self, Error> {
        Self::new_for(crate::json_read::typed_from_str(json)?, defs)
    }

    /// The plan's targets and their later revisions, each with its source
    /// ([`crate::rules::source`]); each revision starts on the day its document was issued
    /// (or, where that day could not be confirmed, the day it was first reported, as the
    /// note says).
    ///
    /// The plan names the information-service checklist (一县一平台 …) without a figure: its
    /// 100% targets are **examples** ([`Target::example`]), cited as such, for users to
    /// replace with their own.
    pub fn builtin() -> Self {
        use crate::rules::source::{MIIT_PLAN_2018, NETWORK_PLAN_2016, WORK_POINTS_2020};
        let end_2020 = ymd(2020, 12, 31);
        let (plan_day, miit_day, points_day) =
            (ymd(2016, 10, 27), ymd(2018, 6, 6), ymd(2020, 3, 19));
        let plan = |ind: &str, threshold: f64, note: &str| Target {
            indicator: ind.to_owned(),
            comparator: Comparator::Ge,
            threshold,
            deadline: end_2020,
            valid_from: plan_day,
            valid_to: None,
            source: NETWORK_PLAN_2016.cite(),
            revision: 1,
            note: note.to_owned(),
            example: false,
            level: None,
        };
        let mut items = vec![
            Target {
                valid_to: Some(miit_day),
                ..plan(
                    indicator::POOR_VILLAGE_BROADBAND,
                    0.90,
                    "宽带网络覆盖90%以上的贫困村 (fibre or 4G, the combined figure the plan defines); \
                     in force from 2016-10-27, the day of issue as commonly given (first reported \
                     2016-10-28)",
                )
            },
            Target {
                indicator: indicator::POOR_VILLAGE_BROADBAND.to_owned(),
                comparator: Comparator::Gt,
                threshold: 0.98,
                deadline: end_2020,
                valid_from: miit_day,
                valid_to: Some(points_day),
                source: MIIT_PLAN_2018.cite(),
                revision: 2,
                note: "全国12.29万个建档立卡贫困村宽带网络覆盖比例超过98%: over every registered poor \
                       village, exited or not; in force from 2018-06-06, the day it was first \
                       reported as issued (the day of issue could not be confirmed)"
                    .to_owned(),
                example: false,
                level: None,
            },
            Target {
                indicator: indicator::POOR_VILLAGE_BROADBAND.to_owned(),
                comparator: Comparator::Ge,
                threshold: 0.99,
                deadline: end_2020,
                valid_from: points_day,
                valid_to: None,
                source: WORK_POINTS_2020.cite(),
                revision: 3,
                note: "贫困村通宽带比例达到99%, over every registered poor village, exited or not"
                    .to_owned(),
                example: false,
                level: None,
            },
            plan(
                indicator::TOWNSHIP_ECOMMERCE,
                1.0,
                "电商服务通达乡镇: towns and townships (乡镇), not sub-districts (街道)",
            ),
        ];
        for item in super::ChecklistItem::ALL {
            items.push(Target {
                source: format!(
                    "example threshold, not a figure of a document: {} names {} without a figure",
                    NETWORK_PLAN_2016.cite(),
                    item.label_zh()
                ),
                example: true,
                ..plan(
                    item.indicator(),
                    1.0,
                    &format!(
                        "信息服务工程: {} (an example target: set your own)",
                        item.label_zh()
                    ),
                )
            });
        }
        Self(items)
    }

    /// Adds targets (e.g. a province's own, or a newer revision).
    pub fn extend(&mut self, other: Targets) {
        self.0.extend(other.0);
    }

    /// The built-in targets and a user's `own` (a province's, a county's, a newer
    /// revision): what every surface judges against when given targets — `fupin assess
    /// --targets`, Python's `targets=`, the browser's `targets`. Your own targets on an
    /// indicator (for a level) replace the built-in ones on it, whatever their revision
    /// numbers: a province's own 50% broadband target of revision 1 is the one judged, not
    /// shadowed by the built-in revision 3 (among your own, the revision in force on the
    /// date decides, [`Targets::in_force`]).
    pub fn builtin_and(own: Targets) -> Targets {
        let mut targets = Targets::builtin();
        targets.0.retain(|b| {
            !own.0
                .iter()
                .any(|o| o.indicator == b.indicator && o.level == b.level)
        });
        targets.extend(own);
        targets
    }

    /// All targets.
    pub fn iter(&self) -> std::slice::Iter<'_, Target> {
        self.0.iter()
    }

    /// How many targets.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The revision of the target on `indicator` in force on `date`: among the revisions
    /// valid that day, the highest revision number (then the latest `valid_from`).
    pub fn in_force(&self, indicator: &str, date: NaiveDate) -> Option<&Target> {
        self.0
            .iter()
            .filter(|t| t.indicator == indicator && t.is_in_force(date))
            .max_by_key(|t| (t.revision, t.valid_from))
    }

    /// One target per indicator (and level a target names: a county-level and a national
    /// target on one indicator are two), each the revision in force on `date`, sorted by
    /// indicator.
    pub fn all_in_force(&self, date: NaiveDate) -> Vec<&Target> {
        let mut keys: Vec<(&str, Option<Level>)> = self
            .0
            .iter()
            .map(|t| (t.indicator.as_str(), t.level))
            .collect();
        keys.sort_unstable();
        keys.dedup();
        keys.into_iter()
            .filter_map(|(id, level)| {
                self.0
                    .iter()
                    .filter(|t| t.indicator == id && t.level == level && t.is_in_force(date))
                    .max_by_key(|t| (t.revision, t.valid_from))
            })
            .collect()
    }

    /// Every revision of the targets on `indicator`, oldest first.
    pub fn revisions(&self, indicator: &str) -> Vec<&Target> {
        let mut v: Vec<&Target> = self.0.iter().filter(|t| t.indicator == indicator).collect();
        v.sort_by_key(|t| (t.revision, t.valid_from));
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A user's own target on an indicator with built-in targets is the one judged, whatever
    /// the revision numbers (a province's revision 1 against the built-in revision 3).
    #[test]
    fn own_targets_replace_the_built_in_ones_on_their_indicator() {
        let own = Targets::from_json(
            r#"[{"indicator": "poor_village_broadband", "comparator": "ge", "threshold": 0.5,
                "deadline": "2020-12-31", "valid_from": "2020-01-01", "source": "省目标",
                "revision": 1}]"#,
        )
        .unwrap();
        let date = NaiveDate::from_ymd_opt(2020, 6, 30).unwrap();
        assert_eq!(
            Targets::builtin()
                .in_force(indicator::POOR_VILLAGE_BROADBAND, date)
                .unwrap()
                .revision,
            3
        );
        let all = Targets::builtin_and(own);
        let judged: Vec<&Target> = all
            .all_in_force(date)
            .into_iter()
            .filter(|t| t.indicator == indicator::POOR_VILLAGE_BROADBAND)
            .collect();
        assert_eq!(judged.len(), 1);
        assert_eq!(
            (judged[0].threshold, judged[0].source.as_str()),
            (0.5, "省目标")
        );
        // the other built-in targets stay
        assert!(all.in_force(indicator::HOUSEHOLD_TERMINAL, date).is_some());
    }

    /// Found by fuzzing (fuzz/corpus/targets_json/crash-5478fea2…): an unknown indicator's
    /// name was quoted whole, with an ID-number-shaped run in it.
    #[test]
    fn an_unknown_indicator_is_quoted_masked_and_cut() {
        let json = r#"[{"indicator": "x!522327197003120211!yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy",
            "comparator": "ge", "threshold": 0.5, "deadline": "2020-12-31",
            "valid_from": "2016-10-27", "revision": 1, "source": "s"}]"#;
        let e = Targets::from_json(json).unwrap_err();
        let shown = format!("{e} {e:?}");
        assert!(shown.contains("unknown_indicator"), "{shown}");
        assert!(!shown.contains("522327197003120211"), "{shown}");
        assert!(shown.contains("5223**********0211"), "{shown}");
        assert!(
            !shown.contains("yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy"),
            "{shown}"
        );
    }

    #[test]
    fn builtin_is_valid_and_revisions_succeed_each_other() {
        let t = Targets::builtin();
        assert!(t.iter().all(|x| x.validate().is_empty()));
        let revs = t.revisions(indicator::POOR_VILLAGE_BROADBAND);
        assert_eq!(
            revs.iter().map(|r| r.revision).collect::<Vec<_>>(),
            [1, 2, 3]
        );
        assert!(
            t.in_force(indicator::POOR_VILLAGE_BROADBAND, ymd(2016, 1, 1))
                .is_none()
        );
        assert_eq!(
            t.in_force(indicator::POOR_VILLAGE_BROADBAND, ymd(2019, 12, 31))
                .map(|x| x.revision),
            Some(2)
        );
        assert_eq!(t.all_in_force(ymd(2020, 6, 1)).len(), 7);
    }

    #[test]
    fn user_targets_are_checked() {
        let err = Targets::from_json(
            r#"[{"indicator":"nope","comparator":"ge","threshold":90,"deadline":"2020-12-31",
                "valid_from":"2019-01-01","source":"","revision":1}]"#,
        )
        .unwrap_err();
        let codes: Vec<_> = err
            .issues()
            .iter()
            .map(|i| (i.code.clone(), i.path.to_string()))
            .collect();
        assert_eq!(
            codes,
            [
                ("unknown_indicator".to_owned(), "[0].indicator".to_owned()),
                ("threshold_range".to_owned(), "[0].threshold".to_owned()),
                ("missing_source".to_owned(), "[0].source".to_owned()),
            ]
        );
    }

    #[test]
    fn gap_and_days() {
        let t = Targets::builtin();
        let x = t
            .in_force(indicator::POOR_VILLAGE_BROADBAND, ymd(2020, 12, 1))
            .unwrap();
        assert!((x.gap(0.95) - 0.04).abs() < 1e-9);
        assert_eq!(x.days_left(ymd(2020, 12, 1)), 30);
        assert!(!x.is_met(0.95));
    }
}
