//! The machinery shared by the county, village and household procedures: checking one step against
//! the current position, advancing, replaying a history, reading a history from JSON.

use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::{ProcedureOptions, Record, StepError};
use crate::error::{Issue, Issues, Path};
use crate::region::{Level, RegionCode};
use crate::responsibility::{BodyId, read};

/// A procedure's states and steps, and its rules.
pub(crate) trait Flow {
    /// What the rules depend on besides the state (the county's edition, whether a
    /// household's consent is required); `()` when nothing.
    type Ctx: Copy;
    /// Where the file is.
    type State: Copy + Eq + fmt::Display + fmt::Debug + Serialize + DeserializeOwned + 'static;
    /// What is done to it.
    type Step: Copy + Eq + fmt::Display + fmt::Debug + Serialize + DeserializeOwned;
    /// Before the first step.
    const START: Self::State;
    /// What the subject is called in messages (`county`, `village`).
    const SUBJECT: &'static str;
    /// The state a step leads to.
    fn target(step: Self::Step) -> Self::State;
    /// The states a step may be taken from; empty when the step is not part of the
    /// procedure under `ctx` (`step_not_in_edition`).
    fn allowed_from(ctx: Self::Ctx, step: Self::Step) -> &'static [Self::State];
    /// The levels of the bodies that take `step` from `from` for `subject` (only asked
    /// when `from` is allowed).
    fn actors(
        ctx: Self::Ctx,
        from: Self::State,
        step: Self::Step,
        subject: RegionCode,
    ) -> &'static [Level];
    /// What `ctx` is called in messages (the edition's key).
    fn ctx_name(ctx: Self::Ctx) -> String;
    /// Whether the step needs a reason (a send-back).
    fn needs_reason(step: Self::Step) -> bool;
    /// Whether the step starts the public notice.
    fn opens_notice(step: Self::Step) -> bool;
    /// Whether the step must wait for the notice to run its minimum days.
    fn closes_notice(step: Self::Step) -> bool;
    /// The Chinese label of a step.
    fn label(step: Self::Step) -> &'static str;
}

/// Where a procedure stands: its state, the date of its last step, the start of its
/// current public notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Cursor<S> {
    pub(crate) state: S,
    pub(crate) last: Option<NaiveDate>,
    pub(crate) notice: Option<NaiveDate>,
}

impl<S> Cursor<S> {
    pub(crate) fn new(state: S) -> Self {
        Self {
            state,
            last: None,
            notice: None,
        }
    }
}

fn list<T: fmt::Display>(items: &[T]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(" or ")
}

/// Every problem of taking `rec` from `at`, paths relative to the record.
pub(crate) fn check<F: Flow>(
    ctx: F::Ctx,
    at: &Cursor<F::State>,
    subject: RegionCode,
    rec: &Record<F::Step>,
    options: &ProcedureOptions,
) -> Issues {
    let mut out = Issues::new();
    let (from, step) = (at.state, rec.step);
    let issue = |code: &str, path: Path, message: String| {
        Issue::new(code, path, message)
            .with("from", from.to_string())
            .with("step", step.to_string())
    };
    let root = Path::root();
    let allowed = F::allowed_from(ctx, step);
    if allowed.is_empty() {
        out.push(
            issue(
                "step_not_in_edition",
                root.key("step"),
                format!(
                    "`{step}` ({}) is not a step of the `{}` procedure",
                    F::label(step),
                    F::ctx_name(ctx)
                ),
            )
            .with("edition", F::ctx_name(ctx)),
        );
    } else if allowed.contains(&from) {
        let levels = F::actors(ctx, from, step, subject);
        if !levels.contains(&rec.by.level) {
            out.push(
                issue(
                    "wrong_actor_level",
                    root.key("by").key("level"),
                    format!(
                        "`{step}` ({}) is taken by a {} body, `{}` is a {} body",
                        F::label(step),
                        list(levels),
                        rec.by.id,
                        rec.by.level
                    ),
                )
                .with(
                    "expected",
                    levels.iter().map(|l| l.as_str()).collect::<Vec<_>>(),
                )
                .with("level", rec.by.level.as_str()),
            );
        }
    } else {
        out.push(
            issue(
                "illegal_step",
                root.key("step"),
                format!(
                    "`{step}` ({}) may follow only {}, the procedure is `{from}`",
                    F::label(step),
                    list(allowed)
                ),
            )
            .with(
                "allowed_from",
                allowed.iter().map(ToString::to_string).collect::<Vec<_>>(),
            ),
        );
    }
    check_region::<F>(
        &rec.by.id,
        rec.by.level,
        rec.by.region,
        subject,
        &issue,
        &mut out,
    );
    let mut dated_ok = true;
    if let Some(last) = at.last
        && rec.date < last
    {
        dated_ok = false;
        out.push(
            issue(
                "date_before_previous",
                root.key("date"),
                format!("dated `{}`, before the previous step on `{last}`", rec.date),
            )
            .with("date", rec.date.to_string())
            .with("previous", last.to_string()),
        );
    }
    if dated_ok
        && options.min_notice_days > 0
        && F::closes_notice(step)
        && let Some(posted) = at.notice
    {
        let days = (rec.date - posted).num_days();
        if days < i64::from(options.min_notice_days) {
            out.push(
                issue(
                    "notice_too_short",
                    root.key("date"),
                    format!(
                        "the public notice posted on `{posted}` ran {days} day(s) by `{}`, at least {} are required",
                        rec.date, options.min_notice_days
                    ),
                )
                .with("notice_from", posted.to_string())
                .with("days", days)
                .with("min_days", options.min_notice_days),
            );
        }
    }
    if F::needs_reason(step) && rec.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
        out.push(issue(
            "missing_reason",
            root.key("reason"),
            format!("`{step}` ({}) must give a reason", F::label(step)),
        ));
    }
    out
}

fn check_region<F: Flow>(
    id: &BodyId,
    level: Level,
    region: Option<RegionCode>,
    subject: RegionCode,
    issue: &dyn Fn(&str, Path, String) -> Issue,
    out: &mut Issues,
) {
    let at = Path::root().key("by").key("region");
    match (level, region) {
        (Level::Nation, None) => {}
        (Level::Nation, Some(r)) => out.push(issue(
            "actor_region_mismatch",
            at,
            format!(
                "`{id}` is a national body and has no region, `{}` was given",
                r.to_short()
            ),
        )),
        (level, None) => out.push(issue(
            "actor_region_mismatch",
            at,
            format!("`{id}` is a {level} body and needs a {level} region code"),
        )),
        (level, Some(r)) if r.level() != level => out.push(issue(
            "actor_region_mismatch",
            at,
            format!(
                "`{id}` is a {level} body, `{}` is a {} code",
                r.to_short(),
                r.level()
            ),
        )),
        (_, Some(r)) if !r.contains(subject) => out.push(
            issue(
                "actor_outside_region",
                at,
                format!(
                    "`{id}` acts for `{}`, which does not contain the {} `{}`",
                    r.to_short(),
                    F::SUBJECT,
                    subject.to_short()
                ),
            )
            .with("region", r.to_string())
            .with("subject", subject.to_string()),
        ),
        _ => {}
    }
}

/// Moves the cursor past `rec` (whether or not it was legal: replay goes on from the state
/// the step leads to, so later steps are judged on their own).
pub(crate) fn advance<F: Flow>(at: &mut Cursor<F::State>, rec: &Record<F::Step>) {
    at.state = F::target(rec.step);
    at.last = Some(at.last.map_or(rec.date, |l| l.max(rec.date)));
    if F::opens_notice(rec.step) {
        at.notice = Some(rec.date);
    } else if F::needs_reason(rec.step) {
        at.notice = None;
    }
}

/// Checks and, when legal, advances; else the refusal.
pub(crate) fn apply<F: Flow>(
    ctx: F::Ctx,
    at: &mut Cursor<F::State>,
    subject: RegionCode,
    rec: &Record<F::Step>,
    options: &ProcedureOptions,
) -> Result<F::State, StepError<F::State, F::Step>> {
    let issues = check::<F>(ctx, at, subject, rec, options);
    if !issues.is_empty() {
        return Err(StepError {
            from: at.state,
            step: rec.step,
            issues,
        });
    }
    advance::<F>(at, rec);
    Ok(at.state)
}

/// Replays a history from the start, every problem with its path `history[i]…`.
pub(crate) fn replay<F: Flow>(
    ctx: F::Ctx,
    subject: RegionCode,
    history: &[Record<F::Step>],
    options: &ProcedureOptions,
    out: &mut Issues,
) -> Cursor<F::State> {
    let mut at = Cursor::new(F::START);
    let base = Path::root().key("history");
    for (i, rec) in history.iter().enumerate() {
        out.extend_under(&base.index(i), check::<F>(ctx, &at, subject, rec, options));
        advance::<F>(&mut at, rec);
    }
    at
}

/// Replays a history and checks a claimed final state against it (`state_mismatch`).
pub(crate) fn rebuild<F: Flow>(
    ctx: F::Ctx,
    subject: RegionCode,
    history: &[Record<F::Step>],
    options: &ProcedureOptions,
    claimed: Option<F::State>,
    out: &mut Issues,
) -> Cursor<F::State> {
    let at = replay::<F>(ctx, subject, history, options, out);
    if let Some(claimed) = claimed
        && claimed != at.state
    {
        out.push(
            Issue::new(
                "state_mismatch",
                Path::root().key("state"),
                format!("the history leads to `{}`, not `{claimed}`", at.state),
            )
            .with("state", at.state.to_string())
            .with("claimed", claimed.to_string()),
        );
    }
    at
}

const RECORD_FIELDS: [(&str, bool); 4] = [
    ("step", true),
    ("date", true),
    ("by", true),
    ("reason", false),
];
const BODY_REF_FIELDS: [(&str, bool); 3] = [("id", true), ("level", true), ("region", false)];

/// Checks the shape of a procedure `{<subject fields>, options, state, history}` field by
/// field; `subject` lists the subject's own fields (and any other the procedure reads,
/// such as the county's `edition`).
pub(crate) fn read_procedure<F: Flow>(
    value: &Value,
    what: &str,
    subject: &[(&'static str, bool)],
    out: &mut Issues,
) -> Option<Map<String, Value>> {
    let root = Path::root();
    let obj = read::object(value, what, &root, out)?;
    let mut fields: Vec<(&str, bool)> = subject.to_vec();
    fields.extend([("options", false), ("state", false), ("history", false)]);
    read::shape(obj, &fields, &root, out);
    read::field::<ProcedureOptions>(obj, "options", &root, out);
    read::field::<F::State>(obj, "state", &root, out);
    let history_at = root.key("history");
    for (i, item) in read::list(obj, "history", &root, out).iter().enumerate() {
        let at = history_at.index(i);
        let Some(rec) = read::object(item, "a step", &at, out) else {
            continue;
        };
        read::shape(rec, &RECORD_FIELDS, &at, out);
        read::field::<F::Step>(rec, "step", &at, out);
        read::field::<NaiveDate>(rec, "date", &at, out);
        read::field::<String>(rec, "reason", &at, out);
        if let Some(by) = rec.get("by").filter(|v| !v.is_null()) {
            let at = at.key("by");
            if let Some(by) = read::object(by, "a body", &at, out) {
                read::shape(by, &BODY_REF_FIELDS, &at, out);
                read::body_id(by, "id", &at, out);
                read::field::<Level>(by, "level", &at, out);
                read::region(by, "region", &at, out);
            }
        }
    }
    Some(obj.clone())
}
