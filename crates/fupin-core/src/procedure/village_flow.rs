//! The states and steps of the village exit procedure, and its rules.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::Record;
use super::engine::Flow;
use crate::region::{Level, RegionCode};

/// Where a village's exit file stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum VillageState {
    /// No step yet.
    NotStarted,
    /// Proposed for exit (提出); awaiting the township's verification.
    Proposed,
    /// Verified by the township (乡镇核实); awaiting the notice.
    Verified,
    /// The notice is posted within the township (乡镇内公示).
    InPublicNotice,
    /// Approved and announced by the county (县级审定公告). Final.
    Announced,
    /// Sent back (退回); it may be proposed again.
    SentBack,
}

impl VillageState {
    /// The snake_case key used on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            VillageState::NotStarted => "not_started",
            VillageState::Proposed => "proposed",
            VillageState::Verified => "verified",
            VillageState::InPublicNotice => "in_public_notice",
            VillageState::Announced => "announced",
            VillageState::SentBack => "sent_back",
        }
    }

    /// The Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            VillageState::NotStarted => "未启动",
            VillageState::Proposed => "提出退出",
            VillageState::Verified => "乡镇核实",
            VillageState::InPublicNotice => "乡镇内公示",
            VillageState::Announced => "县级审定公告",
            VillageState::SentBack => "退回",
        }
    }

    /// Whether the procedure has ended (the exit is announced).
    pub fn is_final(self) -> bool {
        self == VillageState::Announced
    }
}

impl fmt::Display for VillageState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A step of the village exit procedure.
///
/// The 2016 opinion ([`crate::rules::source::EXIT_OPINION_2016`]) says of villages, as far
/// as could be confirmed: 贫困村退出以贫困发生率为主要衡量标准 … 在乡镇内公示无异议后，公告退出.
/// Who proposes, verifies and announces could not be confirmed from a copy of the
/// document; the bodies here (village or township proposes, township verifies and posts,
/// county approves and announces) follow the wording 由乡镇人民政府提出、县级扶贫开发领导小组
/// 审核 as it is commonly quoted and the provinces' rules, not the opinion itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum VillageStep {
    /// Proposal (提出退出); by the village (its committee) or its township.
    Propose,
    /// Verification (核实); by the township.
    Verify,
    /// Public notice within the township (乡镇内公示); by the township.
    PublishNotice,
    /// Approval and announcement (审定公告), at least the minimum notice days after the
    /// notice; by the county (its poverty-alleviation leading group).
    Announce,
    /// Sending it back (退回), with a reason: at verification (by the township) or during
    /// the notice (by the township or the county).
    SendBack,
}

impl VillageStep {
    /// Every step, in procedure order.
    pub const ALL: [VillageStep; 5] = [
        VillageStep::Propose,
        VillageStep::Verify,
        VillageStep::PublishNotice,
        VillageStep::Announce,
        VillageStep::SendBack,
    ];

    /// The snake_case key used on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            VillageStep::Propose => "propose",
            VillageStep::Verify => "verify",
            VillageStep::PublishNotice => "publish_notice",
            VillageStep::Announce => "announce",
            VillageStep::SendBack => "send_back",
        }
    }

    /// The Chinese label.
    pub fn label_zh(self) -> &'static str {
        match self {
            VillageStep::Propose => "提出退出",
            VillageStep::Verify => "核实",
            VillageStep::PublishNotice => "乡镇内公示",
            VillageStep::Announce => "审定公告",
            VillageStep::SendBack => "退回",
        }
    }
}

impl fmt::Display for VillageStep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One step of a village's exit history.
pub type VillageRecord = Record<VillageStep>;

pub(crate) struct VillageFlow;

impl Flow for VillageFlow {
    type Ctx = ();
    type State = VillageState;
    type Step = VillageStep;
    const START: VillageState = VillageState::NotStarted;
    const SUBJECT: &'static str = "village";

    fn target(step: VillageStep) -> VillageState {
        match step {
            VillageStep::Propose => VillageState::Proposed,
            VillageStep::Verify => VillageState::Verified,
            VillageStep::PublishNotice => VillageState::InPublicNotice,
            VillageStep::Announce => VillageState::Announced,
            VillageStep::SendBack => VillageState::SentBack,
        }
    }

    fn allowed_from((): (), step: VillageStep) -> &'static [VillageState] {
        use VillageState as S;
        match step {
            VillageStep::Propose => &[S::NotStarted, S::SentBack],
            VillageStep::Verify => &[S::Proposed],
            VillageStep::PublishNotice => &[S::Verified],
            VillageStep::Announce => &[S::InPublicNotice],
            VillageStep::SendBack => &[S::Proposed, S::InPublicNotice],
        }
    }

    fn actors((): (), from: VillageState, step: VillageStep, _: RegionCode) -> &'static [Level] {
        match (step, from) {
            (VillageStep::Propose, _) => &[Level::Village, Level::Township],
            (VillageStep::Verify | VillageStep::PublishNotice, _)
            | (VillageStep::SendBack, VillageState::Proposed) => &[Level::Township],
            (VillageStep::SendBack, _) => &[Level::Township, Level::County],
            (VillageStep::Announce, _) => &[Level::County],
        }
    }

    fn ctx_name((): ()) -> String {
        "village".to_owned()
    }

    fn needs_reason(step: VillageStep) -> bool {
        step == VillageStep::SendBack
    }

    fn opens_notice(step: VillageStep) -> bool {
        step == VillageStep::PublishNotice
    }

    fn closes_notice(step: VillageStep) -> bool {
        step == VillageStep::Announce
    }

    fn label(step: VillageStep) -> &'static str {
        step.label_zh()
    }
}
