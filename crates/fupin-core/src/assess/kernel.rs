//! The hot loop: household columns → counters per village, on every core.
//!
//! Rows are split into one contiguous chunk per thread. A thread adds up runs of
//! households of the same village in registers and records one entry per run; registers
//! sorted by village (the usual case) thus make one entry per village and chunk. When a
//! chunk's data is not sorted and the runs outnumber the villages, the thread switches to a
//! dense array indexed by village.

use super::columns::{HouseholdColumns, flag};

/// Household counters kept per village by the kernel, in this order.
pub(crate) const H: usize = 13;

pub(crate) type HCounts = [u64; H];

#[inline(always)]
fn add_row(acc: &mut HCounts, people: u16, f: u16) {
    let p = u64::from(people);
    let bit = |b: u16| u64::from(f & b != 0);
    let poor = bit(flag::POOR);
    acc[0] += 1;
    acc[1] += p;
    acc[2] += poor;
    acc[3] += poor * p;
    acc[4] += bit(flag::TERMINAL_KNOWN);
    acc[5] += bit(flag::TERMINAL);
    acc[6] += bit(flag::ECOMMERCE_KNOWN);
    acc[7] += bit(flag::ECOMMERCE);
    acc[8] += bit(flag::TRAINING_KNOWN);
    acc[9] += bit(flag::TRAINING);
    acc[10] += bit(flag::FILE_COMPLETE);
    acc[11] += bit(flag::EXIT_KNOWN);
    acc[12] += bit(flag::EXIT_ELIGIBLE);
}

#[inline(always)]
fn add_into(dst: &mut HCounts, src: &HCounts) {
    for (d, s) in dst.iter_mut().zip(src) {
        *d = d.saturating_add(*s);
    }
}

enum Partial {
    Runs(Vec<(u32, HCounts)>),
    Dense(Vec<HCounts>),
}

#[expect(
    clippy::indexing_slicing,
    reason = "acc has H entries; the loop indexes it with constants"
)]
fn run_chunk(village: &[u32], people: &[u16], flags: &[u16], n_villages: usize) -> Partial {
    let mut runs: Vec<(u32, HCounts)> = Vec::new();
    let mut dense: Option<Vec<HCounts>> = None;
    let mut current: Option<u32> = None;
    let mut acc: HCounts = [0; H];
    let flush = |v: u32,
                 acc: &HCounts,
                 runs: &mut Vec<(u32, HCounts)>,
                 dense: &mut Option<Vec<HCounts>>| {
        if let Some(d) = dense.as_mut() {
            if let Some(slot) = d.get_mut(v as usize) {
                add_into(slot, acc);
            }
        } else {
            runs.push((v, *acc));
            if runs.len() > n_villages.max(1024) {
                let mut d = vec![[0u64; H]; n_villages];
                for (rv, ra) in runs.drain(..) {
                    if let Some(slot) = d.get_mut(rv as usize) {
                        add_into(slot, &ra);
                    }
                }
                *dense = Some(d);
            }
        }
    };
    for ((&v, &p), &f) in village.iter().zip(people).zip(flags) {
        if current != Some(v) {
            if let Some(c) = current {
                flush(c, &acc, &mut runs, &mut dense);
            }
            current = Some(v);
            acc = [0; H];
        }
        add_row(&mut acc, p, f);
    }
    if let Some(c) = current {
        flush(c, &acc, &mut runs, &mut dense);
    }
    match dense {
        Some(d) => Partial::Dense(d),
        None => Partial::Runs(runs),
    }
}

/// Counters per village index (`n_villages` of them), computed on up to `threads` threads.
pub(crate) fn village_counts(
    cols: &HouseholdColumns,
    n_villages: usize,
    threads: usize,
) -> Vec<HCounts> {
    let n = cols.len();
    let threads = threads.clamp(1, 64);
    let chunk = n.div_ceil(threads).max(1);
    let partials: Vec<Partial> = if threads == 1 {
        vec![run_chunk(
            &cols.village,
            &cols.people,
            &cols.flags,
            n_villages,
        )]
    } else {
        std::thread::scope(|s| {
            let handles: Vec<_> = cols
                .village
                .chunks(chunk)
                .zip(cols.people.chunks(chunk))
                .zip(cols.flags.chunks(chunk))
                .map(|((v, p), f)| (v, p, f, s.spawn(move || run_chunk(v, p, f, n_villages))))
                .collect();
            handles
                .into_iter()
                // a thread cannot panic here; if one did, redo its chunk rather than lose it
                .map(|(v, p, f, h)| h.join().unwrap_or_else(|_| run_chunk(v, p, f, n_villages)))
                .collect()
        })
    };
    let mut out: Option<Vec<HCounts>> = None;
    let mut runs: Vec<Vec<(u32, HCounts)>> = Vec::new();
    for p in partials {
        match p {
            Partial::Dense(d) => match out.as_mut() {
                None => out = Some(d),
                Some(o) => {
                    for (a, b) in o.iter_mut().zip(&d) {
                        add_into(a, b);
                    }
                }
            },
            Partial::Runs(r) => runs.push(r),
        }
    }
    let mut out = out.unwrap_or_else(|| vec![[0u64; H]; n_villages]);
    for r in runs {
        for (v, a) in r {
            if let Some(slot) = out.get_mut(v as usize) {
                add_into(slot, &a);
            }
        }
    }
    out
}

/// The number of threads worth using for `rows` households: one below a million rows,
/// else the machine's parallelism.
pub(crate) fn default_threads(rows: usize) -> usize {
    if rows < 1 << 20 {
        1
    } else {
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    }
}
