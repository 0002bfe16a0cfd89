//! [`Assessment`]: a roll-up with what it is judged against — targets, exit rules, an
//! earlier roll-up, who answers for what — and the policy options, answering target
//! verdicts, exit verdicts, scorecards, the worst gaps and their accountability. The
//! command, its reports (`fupin-report`), Python and the browser all judge through it, so
//! the same question gets the same answer everywhere.
//!
//! The policy choices are documented options ([`AssessOptions`]) and constants: targets are
//! judged from the nation down to the counties at most; scorecards rank the counties (or the
//! deepest level above them); the accountability shown is that of the [`WORST_GAPS`]
//! indicators whose worst failing unit is furthest from its target, with [`EVIDENCE_LIMIT`]
//! failing units each as evidence. Targets a user gives are added to the built-in ones
//! ([`Assessment::with_own_targets`]): on an indicator and level the built-in ones also
//! set, the revision in force on the date decides, as between any two revisions.

use serde::{Deserialize, Serialize};

use super::accountability::{accountability_chains, failure_of};
use super::exit::{county_exit, exit_verdicts, village_exit};
use super::scorecard::scorecards;
use super::verdict::{JudgeOptions, judge_with_history};
use super::{
    Counter, CountyFacts, ExitRules, ExitVerdict, MissingStrategy, Rollup, Scorecard, TargetVerdict,
};
use crate::error::{Error, Issue, Issues, Path};
use crate::plan::{IndicatorKind, Targets};
use crate::region::{Level, RegionCode};
use crate::responsibility::{Accountability, ResponsibilityMap};

/// How many indicators' worst gaps a report answers for (accountability chains).
pub const WORST_GAPS: usize = 5;

/// How many failing units each accountability chain gives as evidence by default
/// ([`AssessOptions::evidence`]).
pub const EVIDENCE_LIMIT: usize = 10;

/// The policy options of an [`Assessment`]; what is left out takes its default. Read from
/// JSON as `{level?, within?, strategy?, evidence?}` by the bindings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct AssessOptions {
    /// The deepest level judged: targets from the nation down to it, counties at most
    /// (default: county).
    pub level: Level,
    /// Only units inside this region (default: all).
    pub within: Option<RegionCode>,
    /// How missing data is treated (default: [`MissingStrategy::default`]).
    pub strategy: MissingStrategy,
    /// How many failing units each accountability chain gives as evidence (default:
    /// [`EVIDENCE_LIMIT`]).
    pub evidence: usize,
}

impl Default for AssessOptions {
    fn default() -> Self {
        AssessOptions {
            level: Level::County,
            within: None,
            strategy: MissingStrategy::default(),
            evidence: EVIDENCE_LIMIT,
        }
    }
}

impl AssessOptions {
    /// The deepest level judged (counties at most).
    #[must_use]
    pub fn level(mut self, level: Level) -> Self {
        self.level = level;
        self
    }

    /// Only units inside `region`.
    #[must_use]
    pub fn within(mut self, region: RegionCode) -> Self {
        self.within = Some(region);
        self
    }

    /// How missing data is treated.
    #[must_use]
    pub fn strategy(mut self, strategy: MissingStrategy) -> Self {
        self.strategy = strategy;
        self
    }

    /// How many failing units each accountability chain gives as evidence.
    #[must_use]
    pub fn evidence(mut self, units: usize) -> Self {
        self.evidence = units;
        self
    }
}

/// A roll-up and what it is judged against, answering every judgement of the plan.
///
/// ```
/// use chrono::NaiveDate;
/// use fupin_core::assess::{AssessOptions, Assessment, CountyFacts, Dataset, HouseholdFields, Households, UnitFacts};
/// use fupin_core::household::HouseholdStatus;
///
/// let mut county = CountyFacts::new("522327".parse()?);
/// county.poor_county = true;
/// let units = UnitFacts { counties: vec![county], ..UnitFacts::default() };
/// let mut ds = Dataset::with_units(NaiveDate::from_ymd_opt(2020, 6, 30).unwrap(), units)?;
/// let rows = [HouseholdFields::new(3, HouseholdStatus::Poor)];
/// ds.add_households(Households::Fields { villages: &[522327104201], fields: &rows })?;
/// let rollup = ds.roll_up();
/// let assessment = Assessment::new(&rollup, ds.counties()).with_options(AssessOptions::default());
/// let judged = assessment.judge();
/// assert!(!judged.verdicts.is_empty());
/// assert_eq!(judged.exits.len(), 1, "the poor county's exit");
/// assert_eq!(judged.verdicts, assessment.verdicts());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct Assessment<'a> {
    rollup: &'a Rollup,
    history: Vec<&'a Rollup>,
    counties: &'a [CountyFacts],
    targets: Targets,
    rules: ExitRules,
    map: Option<&'a ResponsibilityMap>,
    options: AssessOptions,
    known: Option<KnownCounties<'a>>,
}

/// How far an approval share may be from its own household counts before they are said to
/// disagree: half a percentage point, what a share written in whole percent may be off by.
const APPROVAL_SHARE_TOLERANCE: f64 = 0.005;

/// Which county codes a list of divisions knows ([`Assessment::with_known_counties`]).
#[derive(Clone, Copy)]
struct KnownCounties<'a>(&'a (dyn Fn(RegionCode) -> bool + Sync));

impl std::fmt::Debug for KnownCounties<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("KnownCounties(..)")
    }
}

impl<'a> Assessment<'a> {
    /// The roll-up judged, with the facts of its counties (poor county, zone …, for their
    /// exit), against the built-in targets and exit rules with the default options.
    pub fn new(rollup: &'a Rollup, counties: &'a [CountyFacts]) -> Self {
        Assessment {
            rollup,
            history: Vec::new(),
            counties,
            targets: Targets::builtin(),
            rules: ExitRules::default(),
            map: None,
            options: AssessOptions::default(),
            known: None,
        }
    }

    /// Judged against exactly these targets (the built-in ones are not added).
    #[must_use]
    pub fn with_targets(mut self, targets: Targets) -> Self {
        self.targets = targets;
        self
    }

    /// Judged against the built-in targets and `own` ([`Targets::builtin_and`]): what
    /// `fupin assess --targets`, Python's `targets=` and the browser's `targets` mean.
    #[must_use]
    pub fn with_own_targets(mut self, own: Targets) -> Self {
        self.targets = Targets::builtin_and(own);
        self
    }

    /// An earlier roll-up, for the verdicts' projections (each earlier roll-up given is a
    /// point of the line) and the scorecards' changes (since the latest one given). One
    /// not earlier than the roll-up judged is not used (the roll-up judged stays the one
    /// given to [`Assessment::new`]) and is said in [`Assessment::data_problems`]
    /// (`previous_not_earlier`).
    #[must_use]
    pub fn with_previous(mut self, previous: &'a Rollup) -> Self {
        self.history.push(previous);
        self
    }

    /// The exit rules (a provincial rule pack, say; default: the national ones).
    #[must_use]
    pub fn with_rules(mut self, rules: ExitRules) -> Self {
        self.rules = rules;
        self
    }

    /// County codes checked against a list of divisions: `known(code)` says whether the
    /// list knows the county (the facade's `fupin::data::code_known` knows those of 2016 to
    /// 2023). A county of the roll-up it does not know is said in
    /// [`Assessment::data_problems`] (`unknown_county`: most likely a village code mistyped
    /// in the register, published as a county without a name), and counted as given.
    /// Without it, codes are not checked (the core holds no list of divisions).
    #[must_use]
    pub fn with_known_counties(mut self, known: &'a (dyn Fn(RegionCode) -> bool + Sync)) -> Self {
        self.known = Some(KnownCounties(known));
        self
    }

    /// Who answers for what: without it, no accountability.
    #[must_use]
    pub fn with_responsibility(mut self, map: &'a ResponsibilityMap) -> Self {
        self.map = Some(map);
        self
    }

    /// The policy options.
    #[must_use]
    pub fn with_options(mut self, options: AssessOptions) -> Self {
        self.options = options;
        self
    }

    /// The roll-up judged.
    pub fn rollup(&self) -> &'a Rollup {
        self.rollup
    }

    /// The targets judged against.
    pub fn targets(&self) -> &Targets {
        &self.targets
    }

    /// The options.
    pub fn options(&self) -> AssessOptions {
        self.options
    }

    /// The earlier roll-ups given (those not earlier than the roll-up judged are not used).
    fn earlier(&self) -> impl Iterator<Item = &'a Rollup> + '_ {
        let as_of = self.rollup.as_of;
        self.history
            .iter()
            .copied()
            .filter(move |r| r.as_of < as_of)
    }

    /// The latest earlier roll-up given.
    fn previous(&self) -> Option<&'a Rollup> {
        self.earlier().max_by_key(|r| r.as_of)
    }

    fn inside(&self, c: RegionCode) -> bool {
        self.options.within.is_none_or(|w| w.contains_or_within(c))
    }

    /// Target verdicts, nation to the deepest level judged (counties at most), projected
    /// from the earlier roll-ups when there are some.
    pub fn verdicts(&self) -> Vec<TargetVerdict> {
        let levels: Vec<Level> = [
            Level::Nation,
            Level::Province,
            Level::Prefecture,
            Level::County,
        ]
        .into_iter()
        .filter(|l| *l <= self.options.level)
        .collect();
        self.verdicts_at(&levels)
    }

    /// Target verdicts of the units of exactly these levels (inside the region judged; a
    /// level of indicators observed higher up gives none), projected from the earlier
    /// roll-ups when there are some.
    pub fn verdicts_at(&self, levels: &[Level]) -> Vec<TargetVerdict> {
        let opts = JudgeOptions {
            levels,
            strategy: self.options.strategy,
            within: self.options.within,
        };
        let snapshots: Vec<&Rollup> = self.earlier().chain(std::iter::once(self.rollup)).collect();
        judge_with_history(&snapshots, &self.targets, &opts)
    }

    /// Exit verdicts of the poor counties and poor villages (inside the region judged).
    pub fn exits(&self) -> Vec<ExitVerdict> {
        let counties: Vec<CountyFacts> = self
            .counties
            .iter()
            .filter(|c| self.inside(c.code))
            .cloned()
            .collect();
        let mut exits = exit_verdicts(self.rollup, &counties, &self.rules);
        exits.retain(|e| self.inside(e.unit));
        exits
    }

    /// The exit verdict of one village or county, every criterion listed, poor or not (a
    /// county's facts from those given, else none); `unit_level` for a unit of another level.
    pub fn exit_of(&self, unit: RegionCode) -> Result<ExitVerdict, Error> {
        match unit.level() {
            Level::Village => {
                // its county's zone override applies, as in the listing of `exits`
                let county = unit.at_level(Level::County);
                let county = self.counties.iter().find(|c| Some(c.code) == county);
                Ok(village_exit(self.rollup, unit, county, &self.rules))
            }
            Level::County => {
                let facts = self
                    .counties
                    .iter()
                    .find(|c| c.code == unit)
                    .cloned()
                    .unwrap_or_else(|| CountyFacts::new(unit));
                Ok(county_exit(self.rollup, &facts, &self.rules))
            }
            other => Err(Error::Validation(Issues(vec![
                Issue::new(
                    "unit_level",
                    Path::root().key("unit"),
                    format!(
                        "exit verdicts are for villages and counties, `{}` is a {other} code",
                        unit.to_short()
                    ),
                )
                .with("found", other.as_str()),
            ]))),
        }
    }

    /// Scorecards of the counties (or of the deepest level judged, when above them).
    pub fn scorecards(&self) -> Vec<Scorecard> {
        let level = if self.options.level >= Level::County {
            Level::County
        } else {
            self.options.level.max(Level::Province)
        };
        let mut cards = scorecards(
            self.rollup,
            self.previous(),
            &self.targets,
            level,
            self.options.strategy,
        );
        cards.retain(|c| self.inside(c.unit));
        cards
    }

    /// The accountability of the worst failing unit of each of the [`WORST_GAPS`]
    /// indicators furthest from their targets among `verdicts` (a count's or amount's gap
    /// ranked against its threshold), [`AssessOptions::evidence`] failing units each; empty
    /// without a responsibility map.
    pub fn accountability(&self, verdicts: &[TargetVerdict]) -> Vec<Accountability> {
        let Some(map) = self.map else {
            return Vec::new();
        };
        let r = self.rollup;
        let kind = |v: &TargetVerdict| {
            r.definition(&v.indicator)
                .map_or(IndicatorKind::Share, |d| d.kind())
        };
        worst_gaps_by(verdicts, |v| {
            let gap = v.gap.unwrap_or(0.0);
            match kind(v) {
                IndicatorKind::Share => gap,
                _ if v.target.threshold > 0.0 => gap / v.target.threshold,
                _ => gap,
            }
        })
        .into_iter()
        .filter_map(|v| {
            map.accountability(&failure_of(
                r,
                v,
                self.options.strategy,
                self.options.evidence,
            ))
            .ok()
        })
        .collect()
    }

    /// The accountability chain of every verdict among `verdicts` that is not met: who
    /// answers for it at each level up to the coordination group, with
    /// [`AssessOptions::evidence`] failing units as evidence; empty without a responsibility
    /// map. An error when the map cannot place a failing unit.
    pub fn accountability_chains(
        &self,
        verdicts: &[TargetVerdict],
    ) -> Result<Vec<Accountability>, Error> {
        let Some(map) = self.map else {
            return Ok(Vec::new());
        };
        accountability_chains(
            self.rollup,
            verdicts,
            map,
            self.options.strategy,
            self.options.evidence,
        )
    }

    /// Data that cannot be right, counted as given (or left out) and said here so that no
    /// number rests on it without a word:
    /// - an earlier roll-up given ([`Assessment::with_previous`]) that is not earlier than
    ///   the one judged, not used: `previous_not_earlier` at `previous[i]`;
    /// - a county survey whose county-wide estimate of people wrongly exited or missed is
    ///   below what its own sample found (the comprehensive incidence is undetermined on
    ///   it): `estimate_below_sample` at `counties.<code>.survey.<field>`;
    /// - each poor county and registered poor village (within the area judged) without any
    ///   household in the register — a poor unit keeps its households, exited or not, so
    ///   its register was not given and its exit is undetermined: `register_not_given` at
    ///   `counties.<code>` / `villages.<code>`;
    /// - a county survey giving approval both as a share and as household counts that
    ///   disagree by more than half a percentage point (the counts decide the verdict):
    ///   `approval_disagrees` at `counties.<code>.survey.approval`;
    /// - with [`Assessment::with_known_counties`], each county of the roll-up (within the
    ///   area judged) that the list of divisions does not know: `unknown_county` at
    ///   `counties.<code>`, with its `households`;
    /// - each village (within the area judged) whose registered poor people outnumber its
    ///   registered rural population (户籍农业人口, the denominator of poverty incidence), so
    ///   that its incidence is above 100% and the incidence of every unit above it is raised
    ///   by it: `poor_people_exceed_population` at `villages.<code>`, with `poor_people`
    ///   and `rural_population` in its params.
    ///
    /// ```
    /// use fupin_core::assess::{Assessment, Dataset, HouseholdFields, Households, UnitFacts, VillageFacts};
    /// use fupin_core::household::HouseholdStatus;
    /// use fupin_core::region::RegionCode;
    ///
    /// let code = RegionCode::parse("522327100201")?;
    /// let mut village = VillageFacts::new(code);
    /// village.rural_population = Some(3);
    /// let mut units = UnitFacts::default();
    /// units.villages.push(village);
    /// let mut ds = Dataset::with_units("2020-06-30".parse().unwrap(), units)?;
    /// let poor = HouseholdFields::new(4, HouseholdStatus::Poor);
    /// ds.add_households(Households::Fields { villages: &[code.as_u64()], fields: &[poor] })?;
    /// let rollup = ds.roll_up();
    /// let problems = Assessment::new(&rollup, &[]).data_problems();
    /// assert_eq!(problems.0[0].code, "poor_people_exceed_population");
    /// assert_eq!(problems.0[0].path.to_string(), "villages.522327100201");
    /// # Ok::<(), fupin_core::Error>(())
    /// ```
    pub fn data_problems(&self) -> Issues {
        let mut out = Issues::new();
        for (i, r) in self.history.iter().enumerate() {
            if r.as_of >= self.rollup.as_of {
                out.push(
                    Issue::new(
                        "previous_not_earlier",
                        Path::root().key("previous").index(i),
                        format!(
                            "the roll-up of {} given as an earlier one is not earlier than the one judged ({}): not used",
                            r.as_of, self.rollup.as_of
                        ),
                    )
                    .with("as_of", r.as_of.to_string())
                    .with("judged", self.rollup.as_of.to_string()),
                );
            }
        }
        for c in self.counties.iter().filter(|c| self.inside(c.code)) {
            let Some(s) = c.survey.as_ref() else {
                continue;
            };
            for (key, estimate, found) in [
                (
                    "wrongly_exited_people",
                    s.wrongly_exited_people,
                    s.wrongly_exited,
                ),
                ("missed_people", s.missed_people, s.missed),
            ] {
                if let Some(e) = estimate.filter(|e| *e < found) {
                    out.push(
                        Issue::new(
                            "estimate_below_sample",
                            Path::root()
                                .key("counties")
                                .key(c.code.to_short())
                                .key("survey")
                                .key(key),
                            format!(
                                "a county-wide estimate of {e} below the {found} its sample itself found: the comprehensive incidence is undetermined"
                            ),
                        )
                        .with("estimate", e)
                        .with("sample", found),
                    );
                }
            }
            // approval given both ways, saying two things: judged on the household counts
            if let (Some(share), Some(a), Some(n)) =
                (s.approval, s.approving_households, s.surveyed_households)
                && n > 0
            {
                #[expect(
                    clippy::cast_precision_loss,
                    reason = "household counts of a survey, far below 2^52"
                )]
                let counted = a as f64 / n as f64;
                if (share - counted).abs() > APPROVAL_SHARE_TOLERANCE {
                    out.push(
                        Issue::new(
                            "approval_disagrees",
                            Path::root()
                                .key("counties")
                                .key(c.code.to_short())
                                .key("survey")
                                .key("approval"),
                            format!(
                                "approval given as {share} while {a} of {n} households surveyed approve ({:.2}%): judged on the household counts",
                                counted * 100.0
                            ),
                        )
                        .with("approval", share)
                        .with("approving_households", a)
                        .with("surveyed_households", n),
                    );
                }
            }
        }
        for c in self
            .counties
            .iter()
            .filter(|c| c.poor_county && self.inside(c.code))
        {
            if self
                .rollup
                .get(c.code)
                .is_none_or(|n| n.get(Counter::Households) == 0)
            {
                out.push(Issue::new(
                    "register_not_given",
                    Path::root().key("counties").key(c.code.to_short()),
                    format!(
                        "poor county `{}` has no household in the register: its incidence is unknown, not 0 (its exit is undetermined)",
                        c.code.to_short()
                    ),
                ));
            }
        }
        if let Some(KnownCounties(known)) = self.known {
            for e in self.rollup.level(Level::County) {
                if self.inside(e.code) && !known(e.code) {
                    let households = e.counts.get(Counter::Households);
                    out.push(
                        Issue::new(
                            "unknown_county",
                            Path::root().key("counties").key(e.code.to_short()),
                            format!(
                                "county `{}` is in no list of divisions given ({households} households): a code mistyped in the register? counted as given, without a name",
                                e.code.to_short()
                            ),
                        )
                        .with("households", households),
                    );
                }
            }
        }
        for e in self.rollup.level(Level::Village) {
            if e.counts.get(Counter::PoorVillagesWithoutHouseholds) > 0 && self.inside(e.code) {
                out.push(Issue::new(
                    "register_not_given",
                    Path::root().key("villages").key(e.code.to_string()),
                    "a registered poor village without any household in the register: its incidence is unknown, not 0 (its exit is undetermined)",
                ));
            }
            let (poor, population) = (
                e.counts.get(Counter::IncidencePoorPeople),
                e.counts.get(Counter::RuralPopulation),
            );
            if e.counts.get(Counter::PopulationKnownVillages) > 0
                && poor > population
                && self.inside(e.code)
            {
                out.push(
                    Issue::new(
                        "poor_people_exceed_population",
                        Path::root().key("villages").key(e.code.to_string()),
                        format!(
                            "{poor} registered poor people in a village whose rural population is {population}: poverty incidence above 100%, counted as given in every unit above it"
                        ),
                    )
                    .with("poor_people", poor)
                    .with("rural_population", population),
                );
            }
        }
        out
    }

    /// Every judgement at once — what `fupin assess`, its reports and the bindings show —
    /// the exit verdicts of every poor village on another core meanwhile.
    pub fn judge(&self) -> Judged {
        let (verdicts, exits, scorecards) = std::thread::scope(|s| {
            // a thread that cannot be started, or that fails, leaves them to this one
            let spawned = std::thread::Builder::new()
                .name("fupin-exits".to_owned())
                .spawn_scoped(s, || self.exits());
            let verdicts = self.verdicts();
            let cards = self.scorecards();
            let exits = spawned
                .ok()
                .and_then(|h| h.join().ok())
                .unwrap_or_else(|| self.exits());
            (verdicts, exits, cards)
        });
        let accountability = self.accountability(&verdicts);
        Judged {
            units_met: units_met(&verdicts),
            verdicts,
            exits,
            scorecards,
            accountability,
            data_problems: self.data_problems(),
        }
    }
}

/// The judgements of an assessment ([`Assessment::judge`]).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Judged {
    /// Target verdicts, nation to the deepest level (county at most).
    pub verdicts: Vec<TargetVerdict>,
    /// Exit verdicts of poor counties and poor villages.
    pub exits: Vec<ExitVerdict>,
    /// Scorecards of the counties (or of the deepest level, when above).
    pub scorecards: Vec<Scorecard>,
    /// The accountability of the worst failing unit of each indicator (five at most).
    pub accountability: Vec<Accountability>,
    /// Data that cannot be right, counted as given ([`Assessment::data_problems`]).
    pub data_problems: Issues,
    /// How many units of each level below the province meet each target judged there,
    /// counted from `verdicts`: what a report says of a target no sum above them is judged
    /// against (a county's count of broadband users, a target naming its level).
    pub units_met: Vec<UnitsMet>,
}

/// How many units of one level meet one target: the verdicts of that level on it, counted.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct UnitsMet {
    /// The indicator's id.
    pub indicator: String,
    /// The target (its revision tells it from another target on the indicator).
    pub target: super::TargetRef,
    /// The level of the units counted.
    pub level: Level,
    /// Units that meet the target.
    pub met: usize,
    /// Units judged (met or not; a unit whose value is undetermined is not judged).
    pub judged: usize,
    /// Units with a verdict on the target, judged or not.
    pub units: usize,
}

/// The verdicts of the levels below the province counted per indicator, target revision
/// and level, in the order each first appears: how many of those units meet the target, of
/// how many judged. (Provinces and the nation are few and shown one by one; below them a
/// report gives the count.)
pub(crate) fn units_met(verdicts: &[TargetVerdict]) -> Vec<UnitsMet> {
    let mut out: Vec<UnitsMet> = Vec::new();
    for v in verdicts.iter().filter(|v| v.level > Level::Province) {
        // a few targets and levels: found by a walk over them (the browser's module stays
        // smaller than with a map)
        let at = out.iter().position(|u| {
            u.level == v.level
                && u.target.revision == v.target.revision
                && u.indicator == v.indicator
        });
        let i = at.unwrap_or_else(|| {
            out.push(UnitsMet {
                indicator: v.indicator.clone(),
                target: v.target.clone(),
                level: v.level,
                met: 0,
                judged: 0,
                units: 0,
            });
            out.len() - 1
        });
        if let Some(u) = out.get_mut(i) {
            u.units += 1;
            u.judged += usize::from(v.met.is_some());
            u.met += usize::from(v.met == Some(true));
        }
    }
    out
}

/// The failing unit with the largest gap of each indicator, [`WORST_GAPS`] indicators at
/// most, the worst first, the gaps compared as `rank` gives them; verdicts on example
/// targets ([`TargetRef::example`](super::TargetRef::example)) left out.
fn worst_gaps_by(
    verdicts: &[TargetVerdict],
    rank: impl Fn(&TargetVerdict) -> f64,
) -> Vec<&TargetVerdict> {
    // an example target (no document's figure) is no finding against anyone
    let mut failing: Vec<&TargetVerdict> = verdicts
        .iter()
        .filter(|v| v.met == Some(false) && v.unit.is_some() && !v.target.example)
        .collect();
    failing.sort_by(|a, b| rank(b).total_cmp(&rank(a)).then(a.unit.cmp(&b.unit)));
    let mut seen: Vec<&str> = Vec::new();
    failing
        .into_iter()
        .filter(|v| {
            let first = !seen.contains(&v.indicator.as_str());
            if first {
                seen.push(&v.indicator);
            }
            first
        })
        .take(WORST_GAPS)
        .collect()
}
