//! Rules between pairings: the same pairing twice, a helper paired twice with one
//! recipient over the same dates, and helpers over capacity over time.

use std::collections::{BTreeMap, BTreeSet};

use super::{HelperId, PairingBook, Recipient};
use crate::error::{Issue, Issues, Path};

/// Duplicates and helpers paired twice with one recipient, reported at the later pairing.
pub(super) fn duplicates(book: &PairingBook, per_pairing: &mut [Issues]) {
    let mut by_recipient: BTreeMap<&Recipient, Vec<usize>> = BTreeMap::new();
    for (i, p) in book.pairings.iter().enumerate() {
        by_recipient.entry(&p.recipient).or_default().push(i);
    }
    for list in by_recipient.values() {
        for (n, &j) in list.iter().enumerate() {
            let Some(later) = book.pairings.get(j) else {
                continue;
            };
            let set: BTreeSet<_> = later.helpers.iter().collect();
            let mut reported: BTreeSet<usize> = BTreeSet::new();
            for &i in list.iter().take(n) {
                let Some(earlier) = book.pairings.get(i) else {
                    continue;
                };
                if !earlier.overlaps(later) {
                    continue;
                }
                let at = Path::root().key("pairings").index(j);
                let Some(bucket) = per_pairing.get_mut(j) else {
                    continue;
                };
                if earlier.helpers.iter().collect::<BTreeSet<_>>() == set {
                    bucket.push(
                        Issue::new(
                            "duplicate_pairing",
                            at,
                            format!("repeats `pairings[{i}]`: same helpers, same recipient, overlapping dates"),
                        )
                        .with("first", i),
                    );
                    break;
                }
                for (k, h) in later.helpers.iter().enumerate() {
                    if earlier.helpers.contains(h) && reported.insert(k) {
                        bucket.push(
                            Issue::new(
                                "helper_already_paired",
                                at.key("helpers").index(k),
                                format!("`{h}` already helps this recipient in `pairings[{i}]` over the same dates"),
                            )
                            .with("helper", h.as_str())
                            .with("first", i),
                        );
                    }
                }
            }
        }
    }
}

/// Every helper's load over time: a pairing signed while the helper already has `capacity`
/// active pairings puts it over capacity.
pub(super) fn capacity(
    book: &PairingBook,
    known: &BTreeMap<&HelperId, usize>,
    per_pairing: &mut [Issues],
) {
    let mut by_helper: BTreeMap<usize, Vec<(usize, usize)>> = BTreeMap::new();
    for (i, p) in book.pairings.iter().enumerate() {
        if p.ended_on.is_some_and(|end| end <= p.signed_on) {
            continue;
        }
        for (k, h) in p.helpers.iter().enumerate() {
            let first_time = !p.helpers.get(..k).is_some_and(|s| s.contains(h));
            if let (Some(&hi), true) = (known.get(h), first_time) {
                by_helper.entry(hi).or_default().push((i, k));
            }
        }
    }
    for (hi, mut list) in by_helper {
        let Some(helper) = book.helpers.get(hi) else {
            continue;
        };
        let signed = |i: usize| book.pairings.get(i).map(|p| p.signed_on);
        list.sort_by_key(|&(i, _)| (signed(i), i));
        let mut active: Vec<usize> = Vec::new();
        for (i, k) in list {
            let Some(p) = book.pairings.get(i) else {
                continue;
            };
            active.retain(|&a| {
                book.pairings
                    .get(a)
                    .is_some_and(|q| q.is_active_on(p.signed_on))
            });
            active.push(i);
            let load = u32::try_from(active.len()).unwrap_or(u32::MAX);
            if load > helper.capacity
                && let Some(bucket) = per_pairing.get_mut(i)
            {
                bucket.push(
                    Issue::new(
                        "helper_over_capacity",
                        Path::root().key("pairings").index(i).key("helpers").index(k),
                        format!(
                            "`{}` would have {load} active pairings on `{}`, over its capacity of {}",
                            helper.id, p.signed_on, helper.capacity
                        ),
                    )
                    .with("helper", helper.id.as_str())
                    .with("capacity", helper.capacity)
                    .with("active", load)
                    .with("date", p.signed_on.to_string()),
                );
            }
        }
    }
}
