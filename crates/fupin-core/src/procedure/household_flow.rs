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
    /// Verified by the village committee and the resident work team (村两委和驻村工作队
    /// 核实); awaiting the household's consent.
    Verified,
    /// The household has consented to its exit (拟退出贫困户认可); awaiting the posting.
    Consented,
    /// Posted publicly in the village (村内公示).
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
            HouseholdState::Consented => "consented",
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
            HouseholdState::Consented => "贫困户认可",
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

/// A step of the household exit procedure, after the 2016 opinion
/// ([`crate::rules::source::EXIT_OPINION_2016`]: 贫困户退出，由村"两委"组织民主评议后提出，
/// 经村"两委"和驻村工作队核实、拟退出贫困户认可，在村内公示无异议后，公告退出，并在建档立卡
/// 贫困人口中销号). The opinion names no body for the removal; this model lets the township
/// or the county take it. With [`super::ProcedureOptions::require_consent`] `false`
/// (histories recorded before consent was a step here), `consent` may be skipped and
/// `verify` and `post_notice` may be by a township body too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum HouseholdStep {
    /// Democratic appraisal in the village (民主评议); by a village body.
    Appraise,
    /// Verification (核实) by the village committee (村两委) and the resident work team
    /// (驻村工作队), taken jointly: one record by a village-level body (the committee or
    /// the work team stationed in the village; name the other in `reason`).
    Verify,
    /// The household's consent to its exit (拟退出贫困户认可, e.g. its signed
    /// confirmation), recorded by a village-level body (the household is not a body).
    Consent,
    /// Public posting in the village (村内公示) and announcement; by a village body.
    PostNotice,
    /// Removal from the register (销号), at least the minimum notice days after the
    /// posting; by a township or county body.
    Remove,
    /// Sending it back (退回), with a reason: at verification, when the household does not
    /// consent, or during the posting; by a village or township body.
    SendBack,
}

impl HouseholdStep {
    /// Every step, in procedure order.
    pub const ALL: [HouseholdStep; 6] = [
        HouseholdStep::Appraise,
        HouseholdStep::Verify,
        HouseholdStep::Consent,
        HouseholdStep::PostNotice,
        HouseholdStep::Remove,
        HouseholdStep::SendBack,
    ];

    /// The snake_case key used on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            HouseholdStep::Appraise => "appraise",
            HouseholdStep::Verify => "verify",
            HouseholdStep::Consent => "consent",
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
            HouseholdStep::Consent => "贫困户认可",
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

/// Village and township.
const VILLAGE_OR_TOWNSHIP: &[Level] = &[Level::Village, Level::Township];

impl Flow for HouseholdFlow {
    /// Whether consent is required ([`super::ProcedureOptions::require_consent`]).
    type Ctx = bool;
    type State = HouseholdState;
    type Step = HouseholdStep;
    const START: HouseholdState = HouseholdState::NotStarted;
    const SUBJECT: &'static str = "village";

    fn target(step: HouseholdStep) -> HouseholdState {
        match step {
            HouseholdStep::Appraise => HouseholdState::Appraised,
            HouseholdStep::Verify => HouseholdState::Verified,
            HouseholdStep::Consent => HouseholdState::Consented,
            HouseholdStep::PostNotice => HouseholdState::Posted,
            HouseholdStep::Remove => HouseholdState::Removed,
            HouseholdStep::SendBack => HouseholdState::SentBack,
        }
    }

    fn allowed_from(consent: bool, step: HouseholdStep) -> &'static [HouseholdState] {
        use HouseholdState as S;
        match step {
            HouseholdStep::Appraise => &[S::NotStarted, S::SentBack],
            HouseholdStep::Verify => &[S::Appraised],
            HouseholdStep::Consent => &[S::Verified],
            HouseholdStep::PostNotice if consent => &[S::Consented],
            HouseholdStep::PostNotice => &[S::Verified, S::Consented],
            HouseholdStep::Remove => &[S::Posted],
            HouseholdStep::SendBack => &[S::Appraised, S::Verified, S::Posted],
        }
    }

    fn actors(
        consent: bool,
        _: HouseholdState,
        step: HouseholdStep,
        _: RegionCode,
    ) -> &'static [Level] {
        match step {
            HouseholdStep::Appraise | HouseholdStep::Consent => &[Level::Village],
            HouseholdStep::Verify | HouseholdStep::PostNotice if consent => &[Level::Village],
            HouseholdStep::Verify | HouseholdStep::PostNotice | HouseholdStep::SendBack => {
                VILLAGE_OR_TOWNSHIP
            }
            HouseholdStep::Remove => &[Level::Township, Level::County],
        }
    }

    fn ctx_name(consent: bool) -> String {
        if consent {
            "with_consent".to_owned()
        } else {
            "without_consent".to_owned()
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
