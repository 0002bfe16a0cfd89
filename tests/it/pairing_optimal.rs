//! Optimality of suggestions, proved on small random instances against brute force: every
//! feasible set of (helper, recipient) pairs is enumerated and the best score compared
//! with the solver's. Also: the solver's answer is feasible and does not depend on the
//! order of the input.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failure should stop the test"
)]

use std::collections::BTreeMap;

use fupin::RegionCode;
use fupin::pairing::{Assignment, Demand, Domain, HelperId, Instance, Supply};
use proptest::prelude::*;

const DOMAINS: [Domain; 3] = [Domain::Health, Domain::Tourism, Domain::RuralEcommerce];

fn domains(mask: u8) -> Vec<Domain> {
    DOMAINS
        .iter()
        .enumerate()
        .filter(|(i, _)| mask & (1 << i) != 0)
        .map(|(_, d)| *d)
        .collect()
}

fn instance() -> impl Strategy<Value = Instance> {
    let supply = (0u32..4, 1u8..8);
    let demand = (
        prop::sample::select(vec![1u32, 2, 3, 5]),
        0u32..4,
        0u8..8,
        0u8..16,
    );
    (
        prop::collection::vec(supply, 1..5),
        prop::collection::vec(demand, 1..5),
    )
        .prop_map(|(supplies, demands)| {
            let n = supplies.len();
            Instance {
                supplies: supplies
                    .into_iter()
                    .enumerate()
                    .map(|(i, (remaining, m))| Supply {
                        helper: HelperId::try_new(format!("h{i}")).unwrap(),
                        remaining,
                        domains: domains(m),
                    })
                    .collect(),
                demands: demands
                    .into_iter()
                    .enumerate()
                    .map(|(j, (priority, slots, m, ex))| Demand {
                        recipient: RegionCode::from_gb2260(522321 + j as u32).unwrap(),
                        priority,
                        slots,
                        domains: domains(m & 7),
                        exclude: (0..n)
                            .filter(|i| ex & (1 << i) != 0 && ex > 11)
                            .map(|i| HelperId::try_new(format!("h{i}")).unwrap())
                            .collect(),
                    })
                    .collect(),
            }
        })
}

fn fit(s: &Supply, d: &Demand) -> Option<u64> {
    if s.remaining == 0 || d.slots == 0 || d.exclude.contains(&s.helper) {
        return None;
    }
    if d.domains.is_empty() {
        return Some(0);
    }
    let n = d.domains.iter().filter(|x| s.domains.contains(x)).count() as u64;
    (n > 0).then_some(n)
}

/// The best (weight, fit) over every feasible set of pairs.
fn brute(inst: &Instance) -> (u64, u64) {
    let pairs: Vec<(usize, usize, u64, u64)> = inst
        .supplies
        .iter()
        .enumerate()
        .flat_map(|(i, s)| {
            inst.demands
                .iter()
                .enumerate()
                .filter_map(move |(j, d)| fit(s, d).map(|f| (i, j, u64::from(d.priority), f)))
        })
        .collect();
    fn go(
        k: usize,
        pairs: &[(usize, usize, u64, u64)],
        cap: &mut [u32],
        slots: &mut [u32],
        acc: (u64, u64),
        best: &mut (u64, u64),
    ) {
        if k == pairs.len() {
            *best = (*best).max(acc);
            return;
        }
        go(k + 1, pairs, cap, slots, acc, best);
        let (i, j, w, f) = pairs[k];
        if cap[i] > 0 && slots[j] > 0 {
            cap[i] -= 1;
            slots[j] -= 1;
            go(k + 1, pairs, cap, slots, (acc.0 + w, acc.1 + f), best);
            cap[i] += 1;
            slots[j] += 1;
        }
    }
    let mut cap: Vec<u32> = inst.supplies.iter().map(|s| s.remaining).collect();
    let mut slots: Vec<u32> = inst.demands.iter().map(|d| d.slots).collect();
    let mut best = (0, 0);
    go(0, &pairs, &mut cap, &mut slots, (0, 0), &mut best);
    best
}

fn feasible(inst: &Instance, a: &Assignment) {
    let supply: BTreeMap<_, _> = inst.supplies.iter().map(|s| (&s.helper, s)).collect();
    let demand: BTreeMap<_, _> = inst.demands.iter().map(|d| (d.recipient, d)).collect();
    let mut used: BTreeMap<&HelperId, u32> = BTreeMap::new();
    let mut got: BTreeMap<RegionCode, u32> = BTreeMap::new();
    let (mut w, mut f) = (0, 0);
    for x in &a.assigned {
        let (s, d) = (supply[&x.helper], demand[&x.recipient]);
        assert_eq!(fit(s, d), Some(u64::from(x.fit)), "{x:?}");
        *used.entry(&x.helper).or_default() += 1;
        *got.entry(x.recipient).or_default() += 1;
        w += u64::from(d.priority);
        f += u64::from(x.fit);
    }
    for (h, n) in used {
        assert!(n <= supply[h].remaining, "{h} over capacity");
    }
    for (r, n) in got {
        assert!(n <= demand[&r].slots, "{r:?} over its slots");
    }
    let mut distinct: Vec<_> = a
        .assigned
        .iter()
        .map(|x| (&x.helper, x.recipient))
        .collect();
    distinct.dedup();
    assert_eq!(distinct.len(), a.assigned.len(), "a pair twice");
    assert_eq!((a.score.weight, a.score.fit), (w, f));
    assert_eq!(a.score.filled, a.assigned.len() as u64);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn the_solver_is_optimal_and_feasible(inst in instance()) {
        let a = inst.solve().unwrap();
        feasible(&inst, &a);
        prop_assert_eq!((a.score.weight, a.score.fit), brute(&inst));
    }

    #[test]
    fn the_answer_does_not_depend_on_input_order(inst in instance()) {
        let mut reversed = inst.clone();
        reversed.supplies.reverse();
        reversed.demands.reverse();
        prop_assert_eq!(inst.solve().unwrap(), reversed.solve().unwrap());
    }
}

#[test]
fn interchangeable_helpers_with_many_slots() {
    // six identical helpers with one place each and three recipients wanting three each:
    // the merged group must still split into distinct helpers
    let inst = Instance {
        supplies: (0..6)
            .map(|i| Supply {
                helper: HelperId::try_new(format!("h{i}")).unwrap(),
                remaining: if i < 3 { 2 } else { 1 },
                domains: vec![Domain::Health],
            })
            .collect(),
        demands: (0..3)
            .map(|j| Demand {
                recipient: RegionCode::from_gb2260(522321 + j).unwrap(),
                priority: 3 - j,
                slots: 3,
                domains: vec![],
                exclude: vec![],
            })
            .collect(),
    };
    let a = inst.solve().unwrap();
    feasible(&inst, &a);
    assert_eq!((a.score.filled, a.score.weight), (9, 18));
    assert_eq!(brute(&inst), (18, 0));
}
