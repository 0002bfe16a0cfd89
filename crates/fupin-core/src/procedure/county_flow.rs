//! The states and steps of the county exit procedure, and its rules.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::Record;
use super::engine::Flow;
use crate::region::{Level, RegionCode};
use crate::responsibility::has_no_prefecture;

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
    /// The province has approved it (省级审定) and reported it; awaiting the national
    /// evaluation.
    Approved,
    /// The national special evaluation and spot check passed (国家专项评估检查).
    Evaluated,
    /// The provincial government has declared the exit (省级政府宣布退出). Final.
    Declared,
    /// Sent back to the county (退回); the county may propose again.
    SentBack,
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
            CountyState::Evaluated => "国家专项评估检查",
            CountyState::Declared => "省级政府宣布退出",
            CountyState::SentBack => "退回",
        }
    }

    /// Whether the procedure has ended (the exit is declared).
    pub fn is_final(self) -> bool {
        self == CountyState::Declared
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
    /// National special evaluation and spot check (国家专项评估检查); by a national body.
    Evaluate,
    /// Declaration of the exit (宣布退出); by the province (its government).
    Declare,
    /// Sending the file back to the county (退回), with a reason; by whoever would take the
    /// next step: at review, verification or evaluation.
    SendBack,
}

impl CountyStep {
    /// Every step, in procedure order.
    pub const ALL: [CountyStep; 8] = [
        CountyStep::Propose,
        CountyStep::Review,
        CountyStep::Verify,
        CountyStep::PublishNotice,
        CountyStep::Approve,
        CountyStep::Evaluate,
        CountyStep::Declare,
        CountyStep::SendBack,
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
            CountyStep::Evaluate => "国家专项评估检查",
            CountyStep::Declare => "宣布退出",
            CountyStep::SendBack => "退回",
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
        }
    }

    fn allowed_from(step: CountyStep) -> &'static [CountyState] {
        use CountyState as S;
        match step {
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

    fn actors(from: CountyState, step: CountyStep, county: RegionCode) -> &'static [Level] {
        let reviewer = if has_no_prefecture(county) {
            PROVINCE
        } else {
            PREFECTURE
        };
        match (step, from) {
            (CountyStep::Propose, _) => COUNTY,
            (CountyStep::Review, _) | (CountyStep::SendBack, CountyState::Proposed) => reviewer,
            (CountyStep::Evaluate, _) | (CountyStep::SendBack, CountyState::Approved) => NATION,
            _ => PROVINCE,
        }
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
