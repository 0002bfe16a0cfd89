//! The county exit procedure (贫困县退出程序).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::county_flow::CountyFlow;
use super::engine::{self, Cursor, Flow};
use super::{CountyRecord, CountyState, CountyStep, ProcedureOptions, StepError};
use crate::error::{Error, Issue, Issues, Path};
use crate::region::{Level, RegionCode};
use crate::responsibility::read;

/// A county's exit procedure: the county, the options, and the full dated history, from
/// which the state follows.
///
/// On the wire: `{"county", "options", "state", "history"}`; `state` is written for
/// readers and, when given on input, must match the state the history leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountyExit {
    county: RegionCode,
    options: ProcedureOptions,
    history: Vec<CountyRecord>,
    at: Cursor<CountyState>,
}

fn not_a_county(county: RegionCode) -> Issues {
    let mut out = Issues::new();
    if county.level() != Level::County {
        out.push(
            Issue::new(
                "not_a_county",
                Path::root().key("county"),
                format!(
                    "a county exit needs a county code, `{}` is a {} code",
                    county.to_short(),
                    county.level()
                ),
            )
            .with("level", county.level().as_str()),
        );
    }
    out
}

impl CountyExit {
    /// A procedure not yet started for `county` (a county-level code, else `not_a_county`).
    pub fn new(county: RegionCode, options: ProcedureOptions) -> Result<Self, Error> {
        not_a_county(county).into_result()?;
        Ok(Self {
            county,
            options,
            history: Vec::new(),
            at: Cursor::new(CountyState::NotStarted),
        })
    }

    /// Replays `history`, checking every step; all problems of all steps are reported
    /// (paths `history[i].…`). After an illegal step the replay goes on from the state
    /// that step leads to, so each later step is judged on its own.
    pub fn from_history(
        county: RegionCode,
        options: ProcedureOptions,
        history: Vec<CountyRecord>,
    ) -> Result<Self, Error> {
        Self::rebuild(county, options, history, None)
    }

    fn rebuild(
        county: RegionCode,
        options: ProcedureOptions,
        history: Vec<CountyRecord>,
        claimed: Option<CountyState>,
    ) -> Result<Self, Error> {
        let mut out = not_a_county(county);
        let at = engine::rebuild::<CountyFlow>(county, &history, &options, claimed, &mut out);
        out.into_result()?;
        Ok(Self {
            county,
            options,
            history,
            at,
        })
    }

    /// Reads `{"county", "options"?, "state"?, "history"}` from JSON text; see
    /// [`CountyExit::from_value`].
    pub fn from_json(json: &str) -> Result<Self, Error> {
        Self::from_value(crate::json_read::value_from_str(json)?)
    }

    /// Reads a procedure from a JSON value: every shape and type problem with its path,
    /// or else every problem of the replay (as [`CountyExit::from_history`]).
    pub fn from_value(value: Value) -> Result<Self, Error> {
        let mut out = Issues::new();
        if let Some(obj) = engine::read_procedure::<CountyFlow>(
            &value,
            "a county exit",
            &[("county", true)],
            &mut out,
        ) {
            read::region(&obj, "county", &Path::root(), &mut out);
        }
        out.into_result()?;
        let wire: Wire = read::build(value).map_err(Error::Validation)?;
        Self::rebuild(wire.county, wire.options, wire.history, wire.state)
    }

    /// Takes one step: refused with every problem when illegal, the new state otherwise.
    pub fn apply(
        &mut self,
        record: CountyRecord,
    ) -> Result<CountyState, StepError<CountyState, CountyStep>> {
        let state = engine::apply::<CountyFlow>(&mut self.at, self.county, &record, &self.options)?;
        self.history.push(record);
        Ok(state)
    }

    /// Every problem the step would have now, without taking it.
    pub fn check(&self, record: &CountyRecord) -> Issues {
        engine::check::<CountyFlow>(&self.at, self.county, record, &self.options)
    }

    /// The steps that may follow the current state.
    pub fn next_steps(&self) -> Vec<CountyStep> {
        CountyStep::ALL
            .into_iter()
            .filter(|s| CountyFlow::allowed_from(*s).contains(&self.at.state))
            .collect()
    }

    /// The county.
    pub fn county(&self) -> RegionCode {
        self.county
    }

    /// The options.
    pub fn options(&self) -> ProcedureOptions {
        self.options
    }

    /// The current state.
    pub fn state(&self) -> CountyState {
        self.at.state
    }

    /// Every step taken, oldest first.
    pub fn history(&self) -> &[CountyRecord] {
        &self.history
    }

    /// How often the file was sent back.
    pub fn times_sent_back(&self) -> usize {
        self.history
            .iter()
            .filter(|r| r.step == CountyStep::SendBack)
            .count()
    }
}

#[derive(Serialize)]
struct WireRef<'a> {
    county: RegionCode,
    options: ProcedureOptions,
    state: CountyState,
    history: &'a [CountyRecord],
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Wire {
    county: RegionCode,
    #[serde(default)]
    options: ProcedureOptions,
    #[serde(default)]
    state: Option<CountyState>,
    #[serde(default)]
    history: Vec<CountyRecord>,
}

impl Serialize for CountyExit {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        WireRef {
            county: self.county,
            options: self.options,
            state: self.at.state,
            history: &self.history,
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for CountyExit {
    /// Replays the history; any problem fails with every issue in the message.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire = Wire::deserialize(deserializer)?;
        Self::rebuild(wire.county, wire.options, wire.history, wire.state)
            .map_err(serde::de::Error::custom)
    }
}
