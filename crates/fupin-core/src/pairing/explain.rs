//! Explanations: why a helper is suggested for a recipient, and why a recipient stays short.

use super::Domain;
use super::domain::mask;
use super::priority::PrioritySource;
use super::solve::{Assigned, Instance};
use super::suggest::{Suggestion, Unfilled, UnfilledReason};

fn list(domains: &[Domain]) -> String {
    domains
        .iter()
        .map(|d| format!("`{d}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The reasons of a suggestion, in a sentence.
pub(super) fn suggestion(s: &Suggestion, name: &str) -> String {
    let why = match s.priority_source {
        PrioritySource::Given => "given".to_owned(),
        PrioritySource::Designations if s.priority_reasons.is_empty() => "the base".to_owned(),
        PrioritySource::Designations => s
            .priority_reasons
            .iter()
            .map(|k| k.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    };
    let fit = if s.needed_domains.is_empty() {
        "no domain is asked for, any helper fits".to_owned()
    } else {
        format!(
            "serves {} of the needed {}",
            list(&s.matched_domains),
            list(&s.needed_domains)
        )
    };
    format!(
        "`{}` (`{name}`) for `{}`: priority {} ({why}); {fit}; {} of its {} places free; the recipient had {} of {} helpers",
        s.helper,
        s.recipient.to_short(),
        s.priority,
        s.helper_remaining,
        s.helper_capacity,
        s.recipient_helpers,
        s.recipient_required
    )
}

/// The recipients the assignment leaves short, with why, by priority then code.
pub(super) fn unfilled(instance: &Instance, assigned: &[Assigned]) -> Vec<Unfilled> {
    let mut out = Vec::new();
    for d in &instance.demands {
        let given = assigned
            .iter()
            .filter(|a| a.recipient == d.recipient)
            .count();
        let given = u32::try_from(given).unwrap_or(u32::MAX);
        if given >= d.slots {
            continue;
        }
        let need = mask(&d.domains);
        let fitting = instance
            .supplies
            .iter()
            .filter(|s| s.remaining > 0 && !d.exclude.contains(&s.helper))
            .filter(|s| need == 0 || mask(&s.domains) & need != 0)
            .count();
        let fitting = u32::try_from(fitting).unwrap_or(u32::MAX);
        let missing = d.slots - given;
        let short = d.recipient.to_short();
        let (reason, explanation) = if fitting == 0 {
            let what = if need == 0 {
                String::new()
            } else {
                format!(" serving {}", list(&d.domains))
            };
            (
                UnfilledReason::NoFittingHelper,
                format!(
                    "`{short}` still lacks {missing} helper(s): no new helper with free places{what}"
                ),
            )
        } else if fitting == given {
            (
                UnfilledReason::TooFewFittingHelpers,
                format!(
                    "`{short}` still lacks {missing} helper(s): all {fitting} fitting helper(s) are given to it"
                ),
            )
        } else {
            (
                UnfilledReason::CapacityTaken,
                format!(
                    "`{short}` still lacks {missing} helper(s): the places of the {} other fitting helper(s) went to recipients of priority {} or higher",
                    fitting - given,
                    d.priority
                ),
            )
        };
        out.push(Unfilled {
            recipient: d.recipient,
            priority: d.priority,
            missing,
            needed_domains: d.domains.clone(),
            reason,
            explanation,
        });
    }
    out.sort_by_key(|u| (std::cmp::Reverse(u.priority), u.recipient));
    out
}
