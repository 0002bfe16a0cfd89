//! A min-cost flow on a bipartite network of helper groups and recipients, solved by
//! successive shortest paths with node potentials (Dijkstra on reduced costs).
//!
//! Every slot of every recipient is filled, either through a helper group or by a "dummy"
//! arc straight from the source that stands for "left unfilled" and costs as much as the
//! best real arc could gain. Costs are `c0 − gain`, all non-negative, so zero potentials
//! start valid. Slots are added one at a time (as in the Hungarian method): the search runs
//! backwards from the new slot over the residual network and stops as soon as it settles
//! the source, so a slot that a group with spare capacity can fill costs little more than
//! a scan of the slot's own arcs. After each search the settled nodes' potentials move by
//! `Δ − δ(v)`, which keeps every residual arc's reduced cost non-negative; the flow is thus
//! of least cost for the slots added so far, and at the end for all of them. A path never
//! needs to re-enter the source, so the reverse of source arcs is never scanned.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// One arc from a group to a recipient.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Arc {
    pub(crate) group: usize,
    pub(crate) recipient: usize,
    pub(crate) cap: u32,
    pub(crate) gain: i128,
}

/// The network: group supplies, recipient slots and arcs sorted by recipient.
#[derive(Debug)]
pub(crate) struct Network {
    pub(crate) supply: Vec<u32>,
    pub(crate) slots: Vec<u32>,
    pub(crate) arcs: Vec<Arc>,
}

#[derive(Debug, Clone, Copy)]
enum Via {
    None,
    /// From the source to this group.
    Supply(usize),
    /// From the source straight to this recipient (unfilled).
    Dummy(usize),
    /// Along an arc, group to recipient.
    Forward(usize),
    /// Back along an arc with flow, recipient to group.
    Backward(usize),
}

struct Solver<'a> {
    net: &'a Network,
    groups: usize,
    source: usize,
    c0: i128,
    /// Arcs of each recipient: `first[r]..first[r + 1]`.
    first: Vec<usize>,
    flow: Vec<u32>,
    used: Vec<u32>,
    /// Arcs of each group that have carried flow (some may be back to zero).
    carried: Vec<Vec<usize>>,
    listed: Vec<bool>,
    pot: Vec<i128>,
    dist: Vec<i128>,
    via: Vec<Via>,
    settled: Vec<bool>,
    touched: Vec<usize>,
    heap: BinaryHeap<Reverse<(i128, usize)>>,
}

impl<'a> Solver<'a> {
    fn new(net: &'a Network) -> Self {
        let groups = net.supply.len();
        let nodes = groups + net.slots.len() + 1;
        let mut first = vec![0; net.slots.len() + 1];
        for a in &net.arcs {
            if let Some(f) = first.get_mut(a.recipient + 1) {
                *f += 1;
            }
        }
        for r in 0..net.slots.len() {
            let before = first.get(r).copied().unwrap_or(0);
            if let Some(f) = first.get_mut(r + 1) {
                *f += before;
            }
        }
        let c0 = net.arcs.iter().map(|a| a.gain).max().unwrap_or(0).max(0);
        Self {
            net,
            groups,
            source: nodes - 1,
            c0,
            first,
            flow: vec![0; net.arcs.len()],
            used: vec![0; groups],
            carried: vec![Vec::new(); groups],
            listed: vec![false; net.arcs.len()],
            pot: vec![0; nodes],
            dist: vec![i128::MAX; nodes],
            via: vec![Via::None; nodes],
            settled: vec![false; nodes],
            touched: Vec::new(),
            heap: BinaryHeap::new(),
        }
    }

    fn pot(&self, v: usize) -> i128 {
        self.pot.get(v).copied().unwrap_or(0)
    }

    fn relax(&mut self, u: usize, d: i128, via: Via) {
        if let (Some(du), Some(vu)) = (self.dist.get_mut(u), self.via.get_mut(u))
            && d < *du
        {
            if *du == i128::MAX {
                self.touched.push(u);
            }
            *du = d;
            *vu = via;
            self.heap.push(Reverse((d, u)));
        }
    }

    /// Adds one unit of demand at recipient `r`; returns whether a helper group filled it.
    fn add_slot(&mut self, r: usize) -> bool {
        let target = self.groups + r;
        self.relax(target, 0, Via::None);
        let mut settled = Vec::new();
        let mut delta = 0;
        while let Some(Reverse((d, v))) = self.heap.pop() {
            if self.settled.get(v).copied().unwrap_or(true)
                || d > self.dist.get(v).copied().unwrap_or(0)
            {
                continue;
            }
            // Reduced costs are non-negative, so once the source's tentative distance is no
            // more than the next node's, it is final: stop (ties go to the source).
            let to_source = self.dist.get(self.source).copied().unwrap_or(i128::MAX);
            if to_source <= d {
                settled.push(self.source);
                delta = to_source;
                break;
            }
            if let Some(s) = self.settled.get_mut(v) {
                *s = true;
            }
            settled.push(v);
            if v >= self.groups {
                self.scan_recipient(v, d);
            } else {
                self.scan_group(v, d);
            }
        }
        for &v in &settled {
            let dv = self.dist.get(v).copied().unwrap_or(delta);
            if let Some(p) = self.pot.get_mut(v) {
                *p += delta - dv;
            }
        }
        let filled = self.augment(target);
        for &v in &self.touched {
            if let (Some(d), Some(s), Some(w)) = (
                self.dist.get_mut(v),
                self.settled.get_mut(v),
                self.via.get_mut(v),
            ) {
                *d = i128::MAX;
                *s = false;
                *w = Via::None;
            }
        }
        self.touched.clear();
        self.heap.clear();
        filled
    }

    fn scan_recipient(&mut self, v: usize, d: i128) {
        let r = v - self.groups;
        let (lo, hi) = (
            self.first.get(r).copied().unwrap_or(0),
            self.first.get(r + 1).copied().unwrap_or(0),
        );
        let pv = self.pot(v);
        for a in lo..hi {
            let (Some(arc), Some(&f)) = (self.net.arcs.get(a), self.flow.get(a)) else {
                continue;
            };
            if f < arc.cap {
                let cost = self.c0 - arc.gain;
                self.relax(
                    arc.group,
                    d + cost + self.pot(arc.group) - pv,
                    Via::Forward(a),
                );
            }
        }
        let ps = self.pot(self.source);
        self.relax(self.source, d + self.c0 + ps - pv, Via::Dummy(r));
    }

    fn scan_group(&mut self, g: usize, d: i128) {
        let pg = self.pot(g);
        if self.used.get(g) < self.net.supply.get(g) {
            let ps = self.pot(self.source);
            self.relax(self.source, d + ps - pg, Via::Supply(g));
        }
        let carried = self
            .carried
            .get_mut(g)
            .map(std::mem::take)
            .unwrap_or_default();
        for &a in &carried {
            let (Some(arc), Some(&f)) = (self.net.arcs.get(a), self.flow.get(a)) else {
                continue;
            };
            if f > 0 {
                let u = self.groups + arc.recipient;
                let back = arc.gain - self.c0;
                self.relax(u, d + back + self.pot(u) - pg, Via::Backward(a));
            }
        }
        if let Some(slot) = self.carried.get_mut(g) {
            *slot = carried;
        }
    }

    /// Pushes one unit along the path found, from the source to `target`.
    fn augment(&mut self, target: usize) -> bool {
        let mut v = self.source;
        let mut filled = true;
        while v != target {
            match self.via.get(v).copied().unwrap_or(Via::None) {
                Via::None => return false,
                Via::Supply(g) => {
                    if let Some(u) = self.used.get_mut(g) {
                        *u += 1;
                    }
                    v = g;
                }
                Via::Dummy(r) => {
                    v = self.groups + r;
                    filled = v != target;
                }
                Via::Forward(a) => {
                    if let Some(f) = self.flow.get_mut(a) {
                        *f += 1;
                    }
                    let Some(arc) = self.net.arcs.get(a) else {
                        return false;
                    };
                    if let (Some(l), Some(list)) =
                        (self.listed.get_mut(a), self.carried.get_mut(arc.group))
                        && !*l
                    {
                        *l = true;
                        list.push(a);
                    }
                    v = self.groups + arc.recipient;
                    filled = true;
                }
                Via::Backward(a) => {
                    if let Some(f) = self.flow.get_mut(a) {
                        *f -= 1;
                    }
                    v = self.net.arcs.get(a).map_or(target, |arc| arc.group);
                }
            }
        }
        filled
    }
}

/// Solves the network, adding slots recipient by recipient in `order` (each recipient's
/// slots in a row). Returns the flow on each arc. The total gain is the largest possible;
/// among equally good flows, the one returned depends only on the network and the order.
pub(crate) fn solve(net: &Network, order: &[usize]) -> Vec<u32> {
    let mut solver = Solver::new(net);
    for &r in order {
        for _ in 0..net.slots.get(r).copied().unwrap_or(0) {
            solver.add_slot(r);
        }
    }
    solver.flow
}
