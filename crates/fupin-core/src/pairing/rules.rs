//! The rules of a book of helpers and pairings, each with a stable code; every problem is
//! reported at once, with its path (`pairings[3].helpers[1]`).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::index::{DesignationIndex, PoorStatus, PoorTest, helpers_by_id};
use super::{HelperId, Pairing, PairingBook, Project, RecipientKind};
use crate::error::{Issue, Issues, Path};
use crate::region::Designations;

/// Options of [`PairingBook::validate_with`]: the bounds every date must fall in.
///
/// ```
/// use chrono::NaiveDate;
/// use fupin_core::pairing::RuleOptions;
///
/// let day = |y| NaiveDate::from_ymd_opt(y, 1, 1).unwrap();
/// let options = RuleOptions::default().bounds(day(2016), day(2021));
/// assert_eq!(options.earliest, day(2016));
/// assert_eq!(RuleOptions::default().latest, NaiveDate::from_ymd_opt(2030, 12, 31).unwrap());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[non_exhaustive]
pub struct RuleOptions {
    /// No date before this day (default 2014-01-01, the registration of the poor).
    pub earliest: NaiveDate,
    /// No date after this day (default 2030-12-31).
    pub latest: NaiveDate,
}

impl Default for RuleOptions {
    fn default() -> Self {
        Self {
            earliest: NaiveDate::from_ymd_opt(2014, 1, 1).unwrap_or_default(),
            latest: NaiveDate::from_ymd_opt(2030, 12, 31).unwrap_or_default(),
        }
    }
}

impl RuleOptions {
    /// The same options with other bounds.
    #[must_use]
    pub fn bounds(mut self, earliest: NaiveDate, latest: NaiveDate) -> Self {
        self.earliest = earliest;
        self.latest = latest;
        self
    }

    fn check_date(&self, date: NaiveDate, at: Path, out: &mut Issues) {
        if date < self.earliest || date > self.latest {
            out.push(
                Issue::new(
                    "date_out_of_bounds",
                    at,
                    format!(
                        "`{date}` is outside `{}` to `{}`",
                        self.earliest, self.latest
                    ),
                )
                .with("date", date.to_string())
                .with("earliest", self.earliest.to_string())
                .with("latest", self.latest.to_string()),
            );
        }
    }
}

fn end_before_start(start: NaiveDate, end: NaiveDate, at: Path) -> Issue {
    Issue::new(
        "period_end_before_start",
        at,
        format!("ends on `{end}`, before it starts on `{start}`"),
    )
    .with("start", start.to_string())
    .with("end", end.to_string())
}

fn helpers(book: &PairingBook, out: &mut Issues) {
    let mut first: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, h) in book.helpers.iter().enumerate() {
        let at = Path::root().key("helpers").index(i);
        if let Some(j) = first.get(h.id.as_str()) {
            out.push(
                Issue::new(
                    "duplicate_helper_id",
                    at.key("id"),
                    format!("helper id `{}` is already used by `helpers[{j}]`", h.id),
                )
                .with("id", h.id.as_str())
                .with("first", *j),
            );
        } else {
            first.insert(h.id.as_str(), i);
        }
        if h.name.trim().is_empty() {
            out.push(Issue::new(
                "missing_name",
                at.key("name"),
                "a helper needs a name",
            ));
        }
        if h.domains.is_empty() {
            out.push(Issue::new(
                "no_domains",
                at.key("domains"),
                "a helper serves at least one domain",
            ));
        }
        for (j, d) in h.domains.iter().enumerate() {
            if h.domains.get(..j).is_some_and(|seen| seen.contains(d)) {
                out.push(
                    Issue::new(
                        "duplicate_domain",
                        at.key("domains").index(j),
                        format!("domain `{d}` is listed twice"),
                    )
                    .with("domain", d.as_str()),
                );
            }
        }
    }
}

fn project(p: &Pairing, project: &Project, at: &Path, options: &RuleOptions, out: &mut Issues) {
    options.check_date(project.start, at.key("start"), out);
    options.check_date(project.end, at.key("end"), out);
    if project.end < project.start {
        out.push(end_before_start(project.start, project.end, at.key("end")));
    }
    if project.start < p.signed_on {
        out.push(
            Issue::new(
                "project_before_signing",
                at.key("start"),
                format!(
                    "starts on `{}`, before the pairing was signed on `{}`",
                    project.start, p.signed_on
                ),
            )
            .with("start", project.start.to_string())
            .with("signed_on", p.signed_on.to_string()),
        );
    }
    if let Some(end) = p.ended_on
        && project.start >= end
    {
        out.push(
            Issue::new(
                "project_after_end",
                at.key("start"),
                format!(
                    "starts on `{}`, after the pairing ended on `{end}`",
                    project.start
                ),
            )
            .with("start", project.start.to_string())
            .with("ended_on", end.to_string()),
        );
    }
    if project.funds.is_negative() {
        out.push(
            Issue::new(
                "negative_funds",
                at.key("funds"),
                format!("funds of `{}` yuan are negative", project.funds),
            )
            .with("funds", project.funds.to_string()),
        );
    }
    if let Some(helper) = &project.helper
        && !p.helpers.contains(helper)
    {
        out.push(
            Issue::new(
                "project_helper_not_in_pairing",
                at.key("helper"),
                format!("`{helper}` is not a helper of this pairing"),
            )
            .with("helper", helper.as_str()),
        );
    }
    for (k, household) in project.households.iter().enumerate() {
        if project
            .households
            .get(..k)
            .is_some_and(|s| s.contains(household))
        {
            out.push(Issue::new(
                "duplicate_household",
                at.key("households").index(k),
                "the same household is listed twice",
            ));
        }
    }
}

/// The recipient of a pairing: a county, a village, or a household with its village, that
/// was designated poor on or before the signing day.
///
/// A recipient that has already exited when the pairing is signed is fine: help goes on
/// after exit — 摘帽不摘责任、不摘政策、不摘帮扶、不摘监管 ("四不摘", stated by 习近平 at the
/// 解决"两不愁三保障"突出问题座谈会 in 重庆, 2019-04-16) — so a pairing with an exited county
/// or village is continuing help, not an error (the coverage report lists it apart, in
/// `no_longer_poor`). Only a recipient never designated, or designated only after the
/// signing, breaks the rule (`recipient_not_poor`).
fn recipient(p: &Pairing, index: &DesignationIndex<'_>, at: &Path, out: &mut Issues) {
    let region = p.recipient.region;
    let test = match p.recipient.kind() {
        Some(RecipientKind::County) => PoorTest::County,
        Some(RecipientKind::Village) => PoorTest::Village,
        Some(_) => PoorTest::CountyOrVillage,
        None => {
            out.push(
                Issue::new(
                    "recipient_level",
                    at.key("region"),
                    format!(
                        "a recipient is a county, a village, or a household with its village, not the {} `{}`",
                        region.level(),
                        region.to_short()
                    ),
                )
                .with("level", region.level().as_str()),
            );
            return;
        }
    };
    let what = match test {
        PoorTest::County => "a poor county",
        PoorTest::Village => "a poor village",
        PoorTest::CountyOrVillage => "in a poor county or village",
    };
    let short = region.to_short();
    let signed = p.signed_on;
    let issue = match index.poor_status(region, test, signed) {
        // 四不摘: help after exit is valid.
        PoorStatus::Poor | PoorStatus::Exited(_) => return,
        PoorStatus::NotYet(day) => Issue::new(
            "recipient_not_poor",
            at.clone(),
            format!("`{short}` is {what} only from `{day}`, after the signing on `{signed}`"),
        )
        .with("designated_from", day.to_string()),
        PoorStatus::Never => Issue::new(
            "recipient_not_poor",
            at.clone(),
            format!("`{short}` is not designated {what}"),
        ),
    };
    out.push(
        issue
            .with("region", region.to_string())
            .with("signed_on", signed.to_string()),
    );
}

fn pairing(
    book: &PairingBook,
    i: usize,
    known: &BTreeMap<&HelperId, usize>,
    index: &DesignationIndex<'_>,
    options: &RuleOptions,
    out: &mut Issues,
) {
    let Some(p) = book.pairings.get(i) else {
        return;
    };
    let at = Path::root().key("pairings").index(i);
    if let Some(id) = &p.id
        && let Some(j) = book
            .pairings
            .iter()
            .take(i)
            .position(|q| q.id.as_ref() == Some(id))
    {
        out.push(
            Issue::new(
                "duplicate_pairing_id",
                at.key("id"),
                format!("pairing id `{id}` is already used by `pairings[{j}]`"),
            )
            .with("first", j),
        );
    }
    if p.helpers.is_empty() {
        out.push(Issue::new(
            "no_helpers",
            at.key("helpers"),
            "a pairing has at least one helper",
        ));
    }
    for (j, h) in p.helpers.iter().enumerate() {
        let here = at.key("helpers").index(j);
        if p.helpers.get(..j).is_some_and(|s| s.contains(h)) {
            out.push(
                Issue::new(
                    "duplicate_helper",
                    here,
                    format!("`{h}` is listed twice in one pairing"),
                )
                .with("helper", h.as_str()),
            );
        } else if !known.contains_key(h) {
            out.push(
                Issue::new(
                    "unknown_helper",
                    here,
                    format!("no helper has the id `{h}`"),
                )
                .with("helper", h.as_str()),
            );
        }
    }
    recipient(p, index, &at.key("recipient"), out);
    options.check_date(p.signed_on, at.key("signed_on"), out);
    if let Some(end) = p.ended_on {
        options.check_date(end, at.key("ended_on"), out);
        if end <= p.signed_on {
            out.push(end_before_start(p.signed_on, end, at.key("ended_on")));
        }
    }
    for (k, pr) in p.projects.iter().enumerate() {
        project(p, pr, &at.key("projects").index(k), options, out);
    }
}

/// Every rule the book breaks: helpers first, then each pairing with the problems found in
/// it (including duplicates of earlier pairings and capacity overruns it causes).
pub(super) fn validate(
    book: &PairingBook,
    designations: &Designations,
    options: &RuleOptions,
) -> Issues {
    let mut out = Issues::new();
    helpers(book, &mut out);
    let index = DesignationIndex::new(designations);
    let known = helpers_by_id(&book.helpers);
    let mut per_pairing: Vec<Issues> = vec![Issues::new(); book.pairings.len()];
    for (i, bucket) in per_pairing.iter_mut().enumerate() {
        pairing(book, i, &known, &index, options, bucket);
    }
    super::conflicts::duplicates(book, &mut per_pairing);
    super::conflicts::capacity(book, &known, &mut per_pairing);
    for bucket in per_pairing {
        out.0.extend(bucket.0);
    }
    out
}
