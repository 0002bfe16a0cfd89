//! The states and steps of the household exit procedure, and its rules.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::Record;
use super::engine::Flow;
use crate::region::{Level, RegionCode};

/// Where a household's exit file stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum HouseholdState {
    /// No step yet.
    NotStarted,
    /// The village has appraised it democratically (民主评议); awaiting verification.
    Appraised,
    /// Verified by the village committee or township (核实); awaiting the posting.
    Verified,
    /// Posted publicly in the village (公示公告).
    Posted,
    /// Removed from the register of the poor (销号). Final.
    Removed,
    /// Sent back (退回); the village may appraise again.
    SentBack,
}

impl HouseholdState {
    /// The snake_case key used on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            HouseholdState::NotStarted => "not_started",
            HouseholdState::Appraised => "appraised",
            HouseholdState::Verified => "verified",
            HouseholdState::Posted => "posted",
            HouseholdState::Removed => "removed",
            HouseholdState::SentBack => "sent_back",
        }
    }

    /// The Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            HouseholdState::NotStarted => "未启动",
            HouseholdState::Appraised => "民主评议",
            HouseholdState::Verified => "核实",
            HouseholdState::Posted => "公示公告",
            HouseholdState::Removed => "销号",
            HouseholdState::SentBack => "退回",
        }
    }

    /// Whether the procedure has ended (the household is removed from the register).
    pub fn is_final(self) -> bool {
        self == HouseholdState::Removed
    }
}

impl fmt::Display for HouseholdState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A step of the household exit procedure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum HouseholdStep {
    /// Democratic appraisal in the village (民主评议); by a village body.
    Appraise,
    /// Verification (核实); by a village or township body.
    Verify,
    /// Public posting and announcement (公示公告); by a village or township body.
    PostNotice,
    /// Removal from the register (销号), at least the minimum notice days after the
    /// posting; by a township or county body.
    Remove,
    /// Sending it back (退回), with a reason: at verification or during the posting; by a
    /// village or township body.
    SendBack,
}

impl HouseholdStep {
    /// Every step, in procedure order.
    pub const ALL: [HouseholdStep; 5] = [
        HouseholdStep::Appraise,
        HouseholdStep::Verify,
        HouseholdStep::PostNotice,
        HouseholdStep::Remove,
        HouseholdStep::SendBack,
    ];

    /// The snake_case key used on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            HouseholdStep::Appraise => "appraise",
            HouseholdStep::Verify => "verify",
            HouseholdStep::PostNotice => "post_notice",
            HouseholdStep::Remove => "remove",
            HouseholdStep::SendBack => "send_back",
        }
    }

    /// The Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            HouseholdStep::Appraise => "民主评议",
            HouseholdStep::Verify => "核实",
            HouseholdStep::PostNotice => "公示公告",
            HouseholdStep::Remove => "销号",
            HouseholdStep::SendBack => "退回",
        }
    }
}

impl fmt::Display for HouseholdStep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One step of a household's exit history.
pub type HouseholdRecord = Record<HouseholdStep>;

pub(crate) struct HouseholdFlow;

impl Flow for HouseholdFlow {
    type State = HouseholdState;
    type Step = HouseholdStep;
    const START: HouseholdState = HouseholdState::NotStarted;
    const SUBJECT: &'static str = "village";

    fn target(step: HouseholdStep) -> HouseholdState {
        match step {
            HouseholdStep::Appraise => HouseholdState::Appraised,
            HouseholdStep::Verify => HouseholdState::Verified,
            HouseholdStep::PostNotice => HouseholdState::Posted,
            HouseholdStep::Remove => HouseholdState::Removed,
            HouseholdStep::SendBack => HouseholdState::SentBack,
        }
    }

    fn allowed_from(step: HouseholdStep) -> &'static [HouseholdState] {
        use HouseholdState as S;
        match step {
            HouseholdStep::Appraise => &[S::NotStarted, S::SentBack],
            HouseholdStep::Verify => &[S::Appraised],
            HouseholdStep::PostNotice => &[S::Verified],
            HouseholdStep::Remove => &[S::Posted],
            HouseholdStep::SendBack => &[S::Appraised, S::Posted],
        }
    }

    fn actors(_: HouseholdState, step: HouseholdStep, _: RegionCode) -> &'static [Level] {
        match step {
            HouseholdStep::Appraise => &[Level::Village],
            HouseholdStep::Verify | HouseholdStep::PostNotice | HouseholdStep::SendBack => {
                &[Level::Village, Level::Township]
            }
            HouseholdStep::Remove => &[Level::Township, Level::County],
        }
    }

    fn needs_reason(step: HouseholdStep) -> bool {
        step == HouseholdStep::SendBack
    }

    fn opens_notice(step: HouseholdStep) -> bool {
        step == HouseholdStep::PostNotice
    }

    fn closes_notice(step: HouseholdStep) -> bool {
        step == HouseholdStep::Remove
    }

    fn label(step: HouseholdStep) -> &'static str {
        step.label_zh()
    }
}
