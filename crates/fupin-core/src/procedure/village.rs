//! The village exit procedure (贫困村退出程序).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::engine::{self, Cursor, Flow};
use super::village_flow::VillageFlow;
use super::{ProcedureOptions, StepError, VillageRecord, VillageState, VillageStep};
use crate::error::{Error, Issue, Issues, Path};
use crate::region::{Level, RegionCode};
use crate::responsibility::read;

/// A village's exit procedure: the village, the options, and the full dated history, from
/// which the state follows. The same API as [`super::CountyExit`].
///
/// On the wire: `{"village", "options", "state", "history"}`; `state` is written for
/// readers and, when given on input, must match the state the history leads to.
///
/// ```
/// use chrono::NaiveDate;
/// use fupin_core::procedure::{BodyRef, ProcedureOptions, Record, VillageExit, VillageState, VillageStep};
/// use fupin_core::region::Level;
///
/// let day = |m, d| NaiveDate::from_ymd_opt(2019, m, d).unwrap();
/// let village = BodyRef::new("v-201", Level::Village, Some("522327104201".parse()?))?;
/// let township = BodyRef::new("t-104", Level::Township, Some("522327104000".parse()?))?;
/// let county = BodyRef::new("ceheng", Level::County, Some("522327".parse()?))?;
/// let mut exit = VillageExit::new("522327104201".parse()?, ProcedureOptions::default())?;
/// exit.apply(Record::new(VillageStep::Propose, day(11, 1), village))?;
/// exit.apply(Record::new(VillageStep::Verify, day(11, 8), township.clone()))?;
/// exit.apply(Record::new(VillageStep::PublishNotice, day(11, 10), township.clone()))?;
/// // the township does not announce: the county does, once the notice has run
/// let err = exit.check(&Record::new(VillageStep::Announce, day(11, 17), township));
/// assert_eq!(err.iter().next().map(|i| i.code.as_str()), Some("wrong_actor_level"));
/// exit.apply(Record::new(VillageStep::Announce, day(11, 17), county))?;
/// assert_eq!(exit.state(), VillageState::Announced);
/// assert_eq!(exit.state().label_zh(), "县级审定公告");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VillageExit {
    village: RegionCode,
    options: ProcedureOptions,
    history: Vec<VillageRecord>,
    at: Cursor<VillageState>,
}

fn not_a_village(village: RegionCode) -> Issues {
    let mut out = Issues::new();
    if village.level() != Level::Village {
        out.push(
            Issue::new(
                "not_a_village",
                Path::root().key("village"),
                format!(
                    "a village exit needs a village code, `{}` is a {} code",
                    village.to_short(),
                    village.level()
                ),
            )
            .with("level", village.level().as_str()),
        );
    }
    out
}

impl VillageExit {
    /// A procedure not yet started for `village` (a village-level code, else
    /// `not_a_village`).
    pub fn new(village: RegionCode, options: ProcedureOptions) -> Result<Self, Error> {
        Self::rebuild(village, options, Vec::new(), None)
    }

    /// Replays `history`, checking every step; all problems of all steps are reported
    /// (paths `history[i].…`), as for [`super::CountyExit::from_history`].
    pub fn from_history(
        village: RegionCode,
        options: ProcedureOptions,
        history: Vec<VillageRecord>,
    ) -> Result<Self, Error> {
        Self::rebuild(village, options, history, None)
    }

    fn rebuild(
        village: RegionCode,
        options: ProcedureOptions,
        history: Vec<VillageRecord>,
        claimed: Option<VillageState>,
    ) -> Result<Self, Error> {
        let mut out = not_a_village(village);
        let at = engine::rebuild::<VillageFlow>((), village, &history, &options, claimed, &mut out);
        out.into_result()?;
        Ok(Self {
            village,
            options,
            history,
            at,
        })
    }

    /// Reads `{"village", "options"?, "state"?, "history"}` from JSON text; see
    /// [`VillageExit::from_value`].
    pub fn from_json(json: &str) -> Result<Self, Error> {
        Self::from_value(crate::json_read::value_from_str(json)?)
    }

    /// Reads a procedure from a JSON value: every shape and type problem with its path,
    /// or else every problem of the replay (as [`VillageExit::from_history`]).
    pub fn from_value(value: Value) -> Result<Self, Error> {
        let mut out = Issues::new();
        if let Some(obj) = engine::read_procedure::<VillageFlow>(
            &value,
            "a village exit",
            &[("village", true)],
            &mut out,
        ) {
            read::region(&obj, "village", &Path::root(), &mut out);
        }
        out.into_result()?;
        let wire: Wire = read::build(value).map_err(Error::Validation)?;
        Self::rebuild(wire.village, wire.options, wire.history, wire.state)
    }

    /// Takes one step: refused with every problem when illegal, the new state otherwise.
    pub fn apply(
        &mut self,
        record: VillageRecord,
    ) -> Result<VillageState, StepError<VillageState, VillageStep>> {
        let state =
            engine::apply::<VillageFlow>((), &mut self.at, self.village, &record, &self.options)?;
        self.history.push(record);
        Ok(state)
    }

    /// Every problem the step would have now, without taking it.
    pub fn check(&self, record: &VillageRecord) -> Issues {
        engine::check::<VillageFlow>((), &self.at, self.village, record, &self.options)
    }

    /// The steps that may follow the current state.
    pub fn next_steps(&self) -> Vec<VillageStep> {
        VillageStep::ALL
            .into_iter()
            .filter(|s| VillageFlow::allowed_from((), *s).contains(&self.at.state))
            .collect()
    }

    /// The village.
    pub fn village(&self) -> RegionCode {
        self.village
    }

    /// The options.
    pub fn options(&self) -> ProcedureOptions {
        self.options
    }

    /// The current state.
    pub fn state(&self) -> VillageState {
        self.at.state
    }

    /// Every step taken, oldest first.
    pub fn history(&self) -> &[VillageRecord] {
        &self.history
    }

    /// How often the file was sent back.
    pub fn times_sent_back(&self) -> usize {
        self.history
            .iter()
            .filter(|r| r.step == VillageStep::SendBack)
            .count()
    }
}

#[derive(Serialize)]
struct WireRef<'a> {
    village: RegionCode,
    options: ProcedureOptions,
    state: VillageState,
    history: &'a [VillageRecord],
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Wire {
    village: RegionCode,
    #[serde(default)]
    options: ProcedureOptions,
    #[serde(default)]
    state: Option<VillageState>,
    #[serde(default)]
    history: Vec<VillageRecord>,
}

impl Serialize for VillageExit {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        WireRef {
            village: self.village,
            options: self.options,
            state: self.at.state,
            history: &self.history,
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for VillageExit {
    /// Replays the history; any problem fails with every issue in the message.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire = Wire::deserialize(deserializer)?;
        Self::rebuild(wire.village, wire.options, wire.history, wire.state)
            .map_err(serde::de::Error::custom)
    }
}
