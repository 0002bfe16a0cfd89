//! The household exit procedure (贫困户退出程序).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::engine::{self, Cursor, Flow};
use super::household_flow::HouseholdFlow;
use super::{HouseholdRecord, HouseholdState, HouseholdStep, ProcedureOptions, StepError};
use crate::error::{Error, Issue, Issues, Path};
use crate::region::{Level, RegionCode};
use crate::responsibility::read;

/// A household's exit procedure: the household (its id or file number), its village, the
/// options, and the full dated history, from which the state follows.
///
/// On the wire: `{"household", "village", "options", "state", "history"}`; `state` is
/// written for readers and, when given on input, must match the history.
///
/// The steps are those of the 2016 opinion: appraisal, verification by the village
/// committee and the resident work team, the household's consent, posting, removal (see
/// [`HouseholdStep`]). A history recorded before `consent` was a step (appraise, verify,
/// post_notice, remove) is refused by default (`illegal_step` at its `post_notice`, or
/// `wrong_actor_level` for a township's verification); read it with
/// `"options": {"require_consent": false}` ([`ProcedureOptions::without_consent`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseholdExit {
    household: String,
    village: RegionCode,
    options: ProcedureOptions,
    history: Vec<HouseholdRecord>,
    at: Cursor<HouseholdState>,
}

fn check_subject(household: &str, village: RegionCode) -> Issues {
    let mut out = Issues::new();
    if household.trim().is_empty() {
        out.push(Issue::new(
            "missing_household",
            Path::root().key("household"),
            "the household id or file number is empty",
        ));
    }
    if village.level() != Level::Village {
        out.push(
            Issue::new(
                "not_a_village",
                Path::root().key("village"),
                format!(
                    "a household exit needs the household's village code, `{}` is a {} code",
                    village.to_short(),
                    village.level()
                ),
            )
            .with("level", village.level().as_str()),
        );
    }
    out
}

impl HouseholdExit {
    /// A procedure not yet started for a household (non-empty id, else
    /// `missing_household`) of a village (a village code, else `not_a_village`).
    pub fn new(
        household: impl Into<String>,
        village: RegionCode,
        options: ProcedureOptions,
    ) -> Result<Self, Error> {
        Self::rebuild(household.into(), village, options, Vec::new(), None)
    }

    /// Replays `history`, checking every step; all problems are reported (paths
    /// `history[i].…`), as for [`super::CountyExit::from_history`].
    pub fn from_history(
        household: impl Into<String>,
        village: RegionCode,
        options: ProcedureOptions,
        history: Vec<HouseholdRecord>,
    ) -> Result<Self, Error> {
        Self::rebuild(household.into(), village, options, history, None)
    }

    fn rebuild(
        household: String,
        village: RegionCode,
        options: ProcedureOptions,
        history: Vec<HouseholdRecord>,
        claimed: Option<HouseholdState>,
    ) -> Result<Self, Error> {
        let mut out = check_subject(&household, village);
        let at = engine::rebuild::<HouseholdFlow>(
            options.require_consent,
            village,
            &history,
            &options,
            claimed,
            &mut out,
        );
        out.into_result()?;
        Ok(Self {
            household,
            village,
            options,
            history,
            at,
        })
    }

    /// Reads a procedure from JSON text; see [`HouseholdExit::from_value`].
    pub fn from_json(json: &str) -> Result<Self, Error> {
        Self::from_value(crate::json_read::value_from_str(json)?)
    }

    /// Reads `{"household", "village", "options"?, "state"?, "history"}` from a JSON value:
    /// every shape and type problem with its path, or else every problem of the replay.
    pub fn from_value(value: Value) -> Result<Self, Error> {
        let mut out = Issues::new();
        if let Some(obj) = engine::read_procedure::<HouseholdFlow>(
            &value,
            "a household exit",
            &[("household", true), ("village", true)],
            &mut out,
        ) {
            read::field::<String>(&obj, "household", &Path::root(), &mut out);
            read::region(&obj, "village", &Path::root(), &mut out);
        }
        out.into_result()?;
        let wire: Wire = read::build(value).map_err(Error::Validation)?;
        Self::rebuild(
            wire.household,
            wire.village,
            wire.options,
            wire.history,
            wire.state,
        )
    }

    /// Takes one step: refused with every problem when illegal, the new state otherwise.
    pub fn apply(
        &mut self,
        record: HouseholdRecord,
    ) -> Result<HouseholdState, StepError<HouseholdState, HouseholdStep>> {
        let state = engine::apply::<HouseholdFlow>(
            self.options.require_consent,
            &mut self.at,
            self.village,
            &record,
            &self.options,
        )?;
        self.history.push(record);
        Ok(state)
    }

    /// Every problem the step would have now, without taking it.
    pub fn check(&self, record: &HouseholdRecord) -> Issues {
        engine::check::<HouseholdFlow>(
            self.options.require_consent,
            &self.at,
            self.village,
            record,
            &self.options,
        )
    }

    /// The steps that may follow the current state.
    pub fn next_steps(&self) -> Vec<HouseholdStep> {
        HouseholdStep::ALL
            .into_iter()
            .filter(|s| {
                HouseholdFlow::allowed_from(self.options.require_consent, *s)
                    .contains(&self.at.state)
            })
            .collect()
    }

    /// The household id or file number.
    pub fn household(&self) -> &str {
        &self.household
    }

    /// The household's village.
    pub fn village(&self) -> RegionCode {
        self.village
    }

    /// The options.
    pub fn options(&self) -> ProcedureOptions {
        self.options
    }

    /// The current state.
    pub fn state(&self) -> HouseholdState {
        self.at.state
    }

    /// Every step taken, oldest first.
    pub fn history(&self) -> &[HouseholdRecord] {
        &self.history
    }
}

#[derive(Serialize)]
struct WireRef<'a> {
    household: &'a str,
    village: RegionCode,
    options: ProcedureOptions,
    state: HouseholdState,
    history: &'a [HouseholdRecord],
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Wire {
    household: String,
    village: RegionCode,
    #[serde(default)]
    options: ProcedureOptions,
    #[serde(default)]
    state: Option<HouseholdState>,
    #[serde(default)]
    history: Vec<HouseholdRecord>,
}

impl Serialize for HouseholdExit {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        WireRef {
            household: &self.household,
            village: self.village,
            options: self.options,
            state: self.at.state,
            history: &self.history,
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for HouseholdExit {
    /// Replays the history; any problem fails with every issue in the message.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire = Wire::deserialize(deserializer)?;
        Self::rebuild(
            wire.household,
            wire.village,
            wire.options,
            wire.history,
            wire.state,
        )
        .map_err(serde::de::Error::custom)
    }
}
