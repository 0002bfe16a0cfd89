//! The county exit procedure (贫困县退出程序).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::county_flow::CountyFlow;
use super::engine::{self, Cursor, Flow};
use super::{CountyEdition, CountyRecord, CountyState, CountyStep, ProcedureOptions, StepError};
use crate::error::{Error, Issue, Issues, Path};
use crate::region::{Level, RegionCode};
use crate::responsibility::read;

/// A county's exit procedure: the county, the options, its [`CountyEdition`], and the full
/// dated history, from which the state follows.
///
/// On the wire: `{"county", "options", "edition", "state", "history"}`; `edition` and
/// `state` are written for readers and, when given on input, must match the edition the
/// options and the history give (`edition_mismatch`) and the state the history leads to
/// (`state_mismatch`). To choose the edition, set `options.county_edition` or
/// `options.exit_year`; a history without either (as all were before editions existed)
/// gets the edition its first step's date implies, so an old history reads as before.
/// `edition` is left out while it is not known (no option, no step yet); the first step
/// then fixes it.
///
/// ```
/// use chrono::NaiveDate;
/// use fupin_core::procedure::{
///     BodyRef, CountyEdition, CountyExit, CountyState, CountyStep, ProcedureOptions, Record,
/// };
/// use fupin_core::region::Level;
///
/// // a 2019 exit: the province evaluates and declares; the nation may spot-check
/// let day = |m, d| NaiveDate::from_ymd_opt(2020, m, d).unwrap();
/// let options = ProcedureOptions::default().with_exit_year(2019);
/// let mut exit = CountyExit::new("522327".parse()?, options)?;
/// assert_eq!(exit.edition(), Some(CountyEdition::Provincial2018));
/// let county = BodyRef::new("ceheng", Level::County, Some("522327".parse()?))?;
/// let prefecture = BodyRef::new("qxn", Level::Prefecture, Some("522300".parse()?))?;
/// let province = BodyRef::new("gz", Level::Province, Some("520000".parse()?))?;
/// let nation = BodyRef::new("cpad", Level::Nation, None)?;
/// exit.apply(Record::new(CountyStep::Propose, day(1, 5), county))?;
/// exit.apply(Record::new(CountyStep::Review, day(1, 10), prefecture))?;
/// exit.apply(Record::new(CountyStep::Verify, day(1, 20), province.clone()))?;
/// exit.apply(Record::new(CountyStep::PublishNotice, day(2, 1), province.clone()))?;
/// exit.apply(Record::new(CountyStep::Approve, day(2, 10), province.clone()))?;
/// // the nation does not evaluate in this edition
/// let err = exit.apply(Record::new(CountyStep::Evaluate, day(2, 20), nation.clone()));
/// assert_eq!(err.unwrap_err().code(), "wrong_actor_level");
/// exit.apply(Record::new(CountyStep::Evaluate, day(2, 20), province.clone()))?;
/// exit.apply(Record::new(CountyStep::Declare, day(3, 3), province))?;
/// assert!(exit.state().is_final());
/// assert_eq!(exit.next_steps(), [CountyStep::SpotCheck]);
/// exit.apply(Record::new(CountyStep::SpotCheck, day(6, 1), nation))?;
/// assert_eq!(exit.state(), CountyState::SpotChecked);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountyExit {
    county: RegionCode,
    options: ProcedureOptions,
    edition: Option<CountyEdition>,
    history: Vec<CountyRecord>,
    at: Cursor<CountyState>,
}

/// The edition the options give, else the one the first step's date implies.
fn resolve(options: &ProcedureOptions, history: &[CountyRecord]) -> Option<CountyEdition> {
    options
        .county_edition
        .or(options.exit_year.map(CountyEdition::for_exit_year))
        .or(history.first().map(|r| CountyEdition::implied_by(r.date)))
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
            edition: resolve(&options, &[]),
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
        Self::rebuild(county, options, history, None, None)
    }

    fn rebuild(
        county: RegionCode,
        options: ProcedureOptions,
        history: Vec<CountyRecord>,
        claimed: Option<CountyState>,
        claimed_edition: Option<CountyEdition>,
    ) -> Result<Self, Error> {
        let mut out = not_a_county(county);
        let edition = resolve(&options, &history);
        if let Some(claimed) = claimed_edition
            && edition != Some(claimed)
        {
            let found = edition.map_or("none", CountyEdition::as_str);
            out.push(
                Issue::new(
                    "edition_mismatch",
                    Path::root().key("edition"),
                    format!(
                        "the options and the history give the edition `{found}`, not `{claimed}`"
                    ),
                )
                .with("edition", found)
                .with("claimed", claimed.as_str()),
            );
        }
        // with no edition there is no step, so the edition used here is never consulted
        let ctx = edition.unwrap_or(CountyEdition::Provincial2018);
        let at = engine::rebuild::<CountyFlow>(ctx, county, &history, &options, claimed, &mut out);
        out.into_result()?;
        Ok(Self {
            county,
            options,
            edition,
            history,
            at,
        })
    }

    /// Reads `{"county", "options"?, "edition"?, "state"?, "history"}` from JSON text; see
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
            &[("county", true), ("edition", false)],
            &mut out,
        ) {
            read::region(&obj, "county", &Path::root(), &mut out);
            read::field::<CountyEdition>(&obj, "edition", &Path::root(), &mut out);
        }
        out.into_result()?;
        let wire: Wire = read::build(value).map_err(Error::Validation)?;
        Self::rebuild(
            wire.county,
            wire.options,
            wire.history,
            wire.state,
            wire.edition,
        )
    }

    /// The edition `record` is judged in: the procedure's, or (before the first step, when
    /// no option gives one) the one the record's date implies.
    fn edition_for(&self, record: &CountyRecord) -> CountyEdition {
        self.edition
            .unwrap_or_else(|| CountyEdition::implied_by(record.date))
    }

    /// Takes one step: refused with every problem when illegal, the new state otherwise.
    /// The first step fixes the edition when the options did not.
    pub fn apply(
        &mut self,
        record: CountyRecord,
    ) -> Result<CountyState, StepError<CountyState, CountyStep>> {
        let edition = self.edition_for(&record);
        let state = engine::apply::<CountyFlow>(
            edition,
            &mut self.at,
            self.county,
            &record,
            &self.options,
        )?;
        self.edition = Some(edition);
        self.history.push(record);
        Ok(state)
    }

    /// Every problem the step would have now, without taking it.
    pub fn check(&self, record: &CountyRecord) -> Issues {
        engine::check::<CountyFlow>(
            self.edition_for(record),
            &self.at,
            self.county,
            record,
            &self.options,
        )
    }

    /// The steps that may follow the current state (before the first step with no
    /// edition known: only `propose`, which both editions begin with).
    pub fn next_steps(&self) -> Vec<CountyStep> {
        let edition = self.edition.unwrap_or(CountyEdition::Provincial2018);
        CountyStep::ALL
            .into_iter()
            .filter(|s| CountyFlow::allowed_from(edition, *s).contains(&self.at.state))
            .collect()
    }

    /// The edition of the procedure; `None` only before the first step when the options
    /// give none.
    pub fn edition(&self) -> Option<CountyEdition> {
        self.edition
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
    #[serde(skip_serializing_if = "Option::is_none")]
    edition: Option<CountyEdition>,
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
    edition: Option<CountyEdition>,
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
            edition: self.edition,
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
        Self::rebuild(
            wire.county,
            wire.options,
            wire.history,
            wire.state,
            wire.edition,
        )
        .map_err(serde::de::Error::custom)
    }
}

/// How a year's cohort of exits stands against the share of it the nation spot-checks
/// (`provincial_2018` edition): see [`spot_check_coverage`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct SpotCheckCoverage {
    /// The declared exits of the `provincial_2018` edition among those given.
    pub cohort: usize,
    /// How many of them the nation spot-checked.
    pub checked: usize,
    /// How many the share asks for: `cohort × share_percent ÷ 100`, rounded up.
    pub required: usize,
}

impl SpotCheckCoverage {
    /// Whether at least the required number was spot-checked.
    pub fn is_met(&self) -> bool {
        self.checked >= self.required
    }
}

/// Counts a cohort's spot checks against a share. The share is a parameter because no
/// document fixes it: [`crate::rules::source::THREE_YEAR_ACTION_2018`] says only 中央进行抽查;
/// the 2019 check of the 283 counties exited in 2018 took 20% of them (60 counties), a
/// decision of that year. Give the exits of one year; those of the `opinion_2016` edition
/// and those not yet declared are not counted.
///
/// ```
/// use fupin_core::procedure::spot_check_coverage;
///
/// let none = spot_check_coverage(&[], 20);
/// assert_eq!((none.cohort, none.checked, none.required), (0, 0, 0));
/// assert!(none.is_met());
/// ```
pub fn spot_check_coverage<'a>(
    exits: impl IntoIterator<Item = &'a CountyExit>,
    share_percent: u32,
) -> SpotCheckCoverage {
    let mut cohort = 0usize;
    let mut checked = 0usize;
    for e in exits {
        if e.edition == Some(CountyEdition::Provincial2018) && e.state().is_final() {
            cohort += 1;
            if e.state() == CountyState::SpotChecked {
                checked += 1;
            }
        }
    }
    let share = usize::try_from(share_percent).unwrap_or(usize::MAX);
    let required = cohort.saturating_mul(share).div_ceil(100);
    SpotCheckCoverage {
        cohort,
        checked,
        required,
    }
}
