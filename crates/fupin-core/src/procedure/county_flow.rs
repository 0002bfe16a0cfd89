//! The states and steps of the county exit procedure, its two editions, and its rules.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Record;
use super::engine::Flow;
use crate::region::{Level, RegionCode};
use crate::responsibility::has_no_prefecture;
use crate::rules::source::{self, Source};

/// Which procedure a county's exit follows, chosen by its exit year (the year of the
/// cohort it exits with, 脱贫摘帽年度).
///
/// | edition | exits | evaluation (专项评估检查) | declaration | nation |
/// |---|---|---|---|---|
/// | `opinion_2016` | 2016–2017 | by the nation (国家专项评估检查), after the province's approval and report | by the provincial government, after the evaluation | evaluates; may send back |
/// | `provincial_2018` | 2018 on | organised by the province (由各省统一组织实施), which answers for the quality | by the provincial government, after the evaluation | spot-checks (抽查) a share of the cohort: [`CountyStep::SpotCheck`], after the declaration, not required for it |
///
/// Both editions share the first steps: the county proposes, the prefecture reviews (初审;
/// the province for a county under no prefecture), the province verifies (核查), posts a
/// public notice (公示) and approves (审定). The 2016 opinion is
/// [`source::EXIT_OPINION_2016`]; the 2018 change is [`source::THREE_YEAR_ACTION_2018`]
/// (从2018年起，贫困县退出专项评估检查由各省统一组织实施，并对退出贫困县的质量负责，中央进行抽查).
/// The share of the cohort the nation spot-checks is not fixed by that document (the 2019
/// check took 20% of the 283 counties exited in 2018, a decision of that year): it is a
/// parameter of [`super::spot_check_coverage`]. The 2018 opinion does not fix the order
/// of the provincial evaluation and the public notice either; this edition keeps the order
/// of the 2016 one (notice, approval, evaluation, declaration).
///
/// How a [`super::CountyExit`] gets its edition, first match wins:
/// [`super::ProcedureOptions::county_edition`]; else
/// [`CountyEdition::for_exit_year`] of [`super::ProcedureOptions::exit_year`]; else the
/// edition its first step's date implies ([`CountyEdition::implied_by`]: before
/// 2018-06-15, the day the 2018 opinion was issued, `opinion_2016`, else
/// `provincial_2018`), which is how a history written before editions existed is read.
///
/// ```
/// use chrono::NaiveDate;
/// use fupin_core::procedure::CountyEdition;
///
/// assert_eq!(CountyEdition::for_exit_year(2017), CountyEdition::Opinion2016);
/// assert_eq!(CountyEdition::for_exit_year(2019), CountyEdition::Provincial2018);
/// let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
/// assert_eq!(CountyEdition::implied_by(day(2018, 3, 1)), CountyEdition::Opinion2016);
/// assert_eq!(CountyEdition::implied_by(day(2018, 12, 1)), CountyEdition::Provincial2018);
/// assert_eq!(serde_json::to_value(CountyEdition::Provincial2018)?, "provincial_2018");
/// assert_eq!(CountyEdition::Provincial2018.source().key, "three_year_action_2018");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum CountyEdition {
    /// 2016–2017 exits, per the 2016 opinion: the nation evaluates.
    #[serde(rename = "opinion_2016")]
    Opinion2016,
    /// Exits from 2018 on, per the 2018 three-year-action opinion: the province evaluates
    /// and declares, the nation spot-checks.
    #[serde(rename = "provincial_2018")]
    Provincial2018,
}

impl CountyEdition {
    /// The first exit year of the provincial edition.
    pub const PROVINCIAL_FROM_YEAR: i32 = 2018;

    /// The edition of the exits of `year`: up to 2017 `opinion_2016`, from 2018
    /// `provincial_2018`.
    pub fn for_exit_year(year: i32) -> Self {
        if year < Self::PROVINCIAL_FROM_YEAR {
            CountyEdition::Opinion2016
        } else {
            CountyEdition::Provincial2018
        }
    }

    /// The edition a history whose first step is dated `first` implies when no exit year
    /// is given: a procedure started before the 2018 opinion (issued 2018-06-15) belongs
    /// to a cohort of 2017 at the latest (the 2017 exits were proposed in late 2017 and
    /// early 2018), one started on or after it to a later cohort.
    pub fn implied_by(first: NaiveDate) -> Self {
        let issued = NaiveDate::from_ymd_opt(2018, 6, 15).unwrap_or(NaiveDate::MIN);
        if first < issued {
            CountyEdition::Opinion2016
        } else {
            CountyEdition::Provincial2018
        }
    }

    /// The document the edition follows.
    pub fn source(self) -> Source {
        match self {
            CountyEdition::Opinion2016 => source::EXIT_OPINION_2016,
            CountyEdition::Provincial2018 => source::THREE_YEAR_ACTION_2018,
        }
    }

    /// The key used on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            CountyEdition::Opinion2016 => "opinion_2016",
            CountyEdition::Provincial2018 => "provincial_2018",
        }
    }

    /// The level of the body that takes the special evaluation (and may send the file
    /// back at it).
    pub fn evaluator(self) -> Level {
        match self {
            CountyEdition::Opinion2016 => Level::Nation,
            CountyEdition::Provincial2018 => Level::Province,
        }
    }

    /// The steps of the edition, in procedure order.
    pub fn steps(self) -> Vec<CountyStep> {
        CountyStep::ALL
            .into_iter()
            .filter(|s| !CountyFlow::allowed_from(self, *s).is_empty())
            .collect()
    }
}

impl fmt::Display for CountyEdition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a county's exit file stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CountyState {
    /// No step yet.
    NotStarted,
    /// The county has proposed its exit (县级申请); awaiting the prefecture's review.
    Proposed,
    /// The prefecture has reviewed it (市级初审); awaiting the province's verification.
    Reviewed,
    /// The province has verified it (省级核查); awaiting the public notice.
    Verified,
    /// The public notice is posted (公示).
    InPublicNotice,
    /// The province has approved it (省级审定) and reported it; awaiting the special
    /// evaluation.
    Approved,
    /// The special evaluation passed (专项评估检查): the national one in the
    /// `opinion_2016` edition, the province's in `provincial_2018`.
    Evaluated,
    /// The provincial government has declared the exit (省级政府宣布退出). Final: in the
    /// `provincial_2018` edition only the national spot check may still follow.
    Declared,
    /// Sent back to the county (退回); the county may propose again.
    SentBack,
    /// Declared, and spot-checked by the nation (中央抽查; `provincial_2018` only). Final.
    SpotChecked,
}

impl CountyState {
    /// The snake_case key used on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            CountyState::NotStarted => "not_started",
            CountyState::Proposed => "proposed",
            CountyState::Reviewed => "reviewed",
            CountyState::Verified => "verified",
            CountyState::InPublicNotice => "in_public_notice",
            CountyState::Approved => "approved",
            CountyState::Evaluated => "evaluated",
            CountyState::Declared => "declared",
            CountyState::SentBack => "sent_back",
            CountyState::SpotChecked => "spot_checked",
        }
    }

    /// The Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            CountyState::NotStarted => "未启动",
            CountyState::Proposed => "县级申请",
            CountyState::Reviewed => "市级初审",
            CountyState::Verified => "省级核查",
            CountyState::InPublicNotice => "公示中",
            CountyState::Approved => "省级审定",
            CountyState::Evaluated => "专项评估检查",
            CountyState::Declared => "省级政府宣布退出",
            CountyState::SentBack => "退回",
            CountyState::SpotChecked => "中央抽查",
        }
    }

    /// Whether the exit is declared (`declared` or `spot_checked`).
    pub fn is_final(self) -> bool {
        matches!(self, CountyState::Declared | CountyState::SpotChecked)
    }
}

impl fmt::Display for CountyState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A step of the county exit procedure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum CountyStep {
    /// The county proposes its exit (提出退出申请); by the county.
    Propose,
    /// Preliminary review (初审); by the prefecture (by the province for a county under no
    /// prefecture, such as the districts of a municipality).
    Review,
    /// Verification (核查); by the province.
    Verify,
    /// Public notice (公示); by the province.
    PublishNotice,
    /// Approval (审定), at least the minimum notice days after the notice; by the province.
    Approve,
    /// Special evaluation (专项评估检查): by a national body in the `opinion_2016`
    /// edition (国家专项评估检查), by the province in `provincial_2018` (省级专项评估检查).
    Evaluate,
    /// Declaration of the exit (宣布退出); by the province (its government).
    Declare,
    /// Sending the file back to the county (退回), with a reason; by whoever would take the
    /// next step: at review, verification or evaluation.
    SendBack,
    /// The nation's spot check (中央抽查) of a declared exit; by a national body;
    /// `provincial_2018` only, and never required. Its findings go in `reason`; what
    /// follows a failed spot check is not modelled.
    SpotCheck,
}

impl CountyStep {
    /// Every step, in procedure order.
    pub const ALL: [CountyStep; 9] = [
        CountyStep::Propose,
        CountyStep::Review,
        CountyStep::Verify,
        CountyStep::PublishNotice,
        CountyStep::Approve,
        CountyStep::Evaluate,
        CountyStep::Declare,
        CountyStep::SendBack,
        CountyStep::SpotCheck,
    ];

    /// The snake_case key used on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            CountyStep::Propose => "propose",
            CountyStep::Review => "review",
            CountyStep::Verify => "verify",
            CountyStep::PublishNotice => "publish_notice",
            CountyStep::Approve => "approve",
            CountyStep::Evaluate => "evaluate",
            CountyStep::Declare => "declare",
            CountyStep::SendBack => "send_back",
            CountyStep::SpotCheck => "spot_check",
        }
    }

    /// The Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            CountyStep::Propose => "提出退出申请",
            CountyStep::Review => "初审",
            CountyStep::Verify => "核查",
            CountyStep::PublishNotice => "公示",
            CountyStep::Approve => "审定",
            CountyStep::Evaluate => "专项评估检查",
            CountyStep::Declare => "宣布退出",
            CountyStep::SendBack => "退回",
            CountyStep::SpotCheck => "中央抽查",
        }
    }

    /// The Chinese label in an edition: the evaluation is 国家专项评估检查 in
    /// `opinion_2016`, 省级专项评估检查 in `provincial_2018`.
    pub fn label_zh_in(self, edition: CountyEdition) -> &'static str {
        match (self, edition) {
            (CountyStep::Evaluate, CountyEdition::Opinion2016) => "国家专项评估检查",
            (CountyStep::Evaluate, CountyEdition::Provincial2018) => "省级专项评估检查",
            _ => self.label_zh(),
        }
    }
}

impl fmt::Display for CountyStep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One step of a county's exit history.
pub type CountyRecord = Record<CountyStep>;

pub(crate) struct CountyFlow;

const COUNTY: &[Level] = &[Level::County];
const PREFECTURE: &[Level] = &[Level::Prefecture];
const PROVINCE: &[Level] = &[Level::Province];
const NATION: &[Level] = &[Level::Nation];

impl Flow for CountyFlow {
    type Ctx = CountyEdition;
    type State = CountyState;
    type Step = CountyStep;
    const START: CountyState = CountyState::NotStarted;
    const SUBJECT: &'static str = "county";

    fn target(step: CountyStep) -> CountyState {
        match step {
            CountyStep::Propose => CountyState::Proposed,
            CountyStep::Review => CountyState::Reviewed,
            CountyStep::Verify => CountyState::Verified,
            CountyStep::PublishNotice => CountyState::InPublicNotice,
            CountyStep::Approve => CountyState::Approved,
            CountyStep::Evaluate => CountyState::Evaluated,
            CountyStep::Declare => CountyState::Declared,
            CountyStep::SendBack => CountyState::SentBack,
            CountyStep::SpotCheck => CountyState::SpotChecked,
        }
    }

    fn allowed_from(edition: CountyEdition, step: CountyStep) -> &'static [CountyState] {
        use CountyState as S;
        match step {
            CountyStep::SpotCheck => match edition {
                CountyEdition::Opinion2016 => &[],
                CountyEdition::Provincial2018 => &[S::Declared],
            },
            CountyStep::Propose => &[S::NotStarted, S::SentBack],
            CountyStep::Review => &[S::Proposed],
            CountyStep::Verify => &[S::Reviewed],
            CountyStep::PublishNotice => &[S::Verified],
            CountyStep::Approve => &[S::InPublicNotice],
            CountyStep::Evaluate => &[S::Approved],
            CountyStep::Declare => &[S::Evaluated],
            CountyStep::SendBack => &[S::Proposed, S::Reviewed, S::Approved],
        }
    }

    fn actors(
        edition: CountyEdition,
        from: CountyState,
        step: CountyStep,
        county: RegionCode,
    ) -> &'static [Level] {
        let reviewer = if has_no_prefecture(county) {
            PROVINCE
        } else {
            PREFECTURE
        };
        let evaluator = match edition {
            CountyEdition::Opinion2016 => NATION,
            CountyEdition::Provincial2018 => PROVINCE,
        };
        match (step, from) {
            (CountyStep::Propose, _) => COUNTY,
            (CountyStep::Review, _) | (CountyStep::SendBack, CountyState::Proposed) => reviewer,
            (CountyStep::Evaluate, _) | (CountyStep::SendBack, CountyState::Approved) => evaluator,
            (CountyStep::SpotCheck, _) => NATION,
            _ => PROVINCE,
        }
    }

    fn ctx_name(edition: CountyEdition) -> String {
        edition.as_str().to_owned()
    }

    fn needs_reason(step: CountyStep) -> bool {
        step == CountyStep::SendBack
    }

    fn opens_notice(step: CountyStep) -> bool {
        step == CountyStep::PublishNotice
    }

    fn closes_notice(step: CountyStep) -> bool {
        step == CountyStep::Approve
    }

    fn label(step: CountyStep) -> &'static str {
        step.label_zh()
    }
}
