//! The hot loop: household columns → counters per village, on every core.
//!
//! Rows are split into one contiguous chunk per thread. Within a run of households of the
//! same village, the twelve one-bit counters ([`BITS`]) are added as 10-bit lanes packed in
//! one `u128` (120 bits), looked up from the eleven bits of the flags word in a 2,048-entry
//! table (32 KiB, built from [`BITS`] once; a register touches a few dozen of its entries),
//! so a row costs one 128-bit addition plus the people sums. A run is flushed when the
//! village changes or after [`MAX_RUN`] = 1,023 rows (before a lane could overflow). A thread records one entry per run;
//! registers sorted by village (the usual case) thus make one entry per village and chunk.
//! When a chunk is not sorted and its runs outnumber the villages, the thread switches to a
//! dense array indexed by village.

use std::sync::OnceLock;

use super::layout::{HouseholdColumns, flag};

/// Household counters kept per village by the kernel, in this order: households, people,
/// poor households, poor people, terminal known, terminal, e-commerce known, e-commerce,
/// training known, training, file complete, file known, exit known, exit eligible.
pub(crate) const H: usize = 14;

pub(crate) type HCounts = [u64; H];

/// The one-bit counters (every index of `HCounts` but people and poor people), with the
/// flag bit that sets each (0: always set).
pub(crate) const BITS: [(usize, u16); 12] = [
    (0, 0),
    (2, flag::POOR),
    (4, flag::TERMINAL_KNOWN),
    (5, flag::TERMINAL),
    (6, flag::ECOMMERCE_KNOWN),
    (7, flag::ECOMMERCE),
    (8, flag::TRAINING_KNOWN),
    (9, flag::TRAINING),
    (10, flag::FILE_COMPLETE),
    (11, flag::FILE_KNOWN),
    (12, flag::EXIT_KNOWN),
    (13, flag::EXIT_ELIGIBLE),
];

/// Bits per lane: a run holds at most `MAX_RUN` rows, so no lane overflows.
const LANE_BITS: u32 = 10;
const LANE_MASK: u128 = (1 << LANE_BITS) - 1;
/// Longest run added up in lanes before it is flushed.
const MAX_RUN: usize = (1 << LANE_BITS) - 1;

/// Entries of the lanes table: one per flags word.
const FLAG_WORDS: usize = 1 << 11;

fn table() -> &'static [u128; FLAG_WORDS] {
    static TABLE: OnceLock<Box<[u128; FLAG_WORDS]>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = Box::new([0u128; FLAG_WORDS]);
        for (f, lanes) in t.iter_mut().enumerate() {
            let f = u16::try_from(f).unwrap_or(0);
            for (lane, (_, b)) in BITS.iter().enumerate() {
                if *b == 0 || f & b != 0 {
                    *lanes |= 1u128 << (LANE_BITS as usize * lane);
                }
            }
        }
        t
    })
}

/// Adds up one run (at most `MAX_RUN` rows of one village).
#[inline]
#[expect(
    clippy::indexing_slicing,
    reason = "the index is masked to 11 bits, the table has 2,048 entries"
)]
fn sum_run(lut: &[u128; FLAG_WORDS], people: &[u16], flags: &[u16]) -> HCounts {
    let mut lanes: u128 = 0;
    let mut total: u64 = 0;
    let mut poor: u64 = 0;
    for (&p, &f) in people.iter().zip(flags) {
        lanes += lut[usize::from(f) & (FLAG_WORDS - 1)];
        let p = u64::from(p);
        total += p;
        poor += p * u64::from(f & flag::POOR);
    }
    let mut out = [0u64; H];
    for (lane, (idx, _)) in BITS.iter().enumerate() {
        if let Some(slot) = out.get_mut(*idx) {
            *slot = u64::try_from((lanes >> (LANE_BITS as usize * lane)) & LANE_MASK).unwrap_or(0);
        }
    }
    if let Some(s) = out.get_mut(1) {
        *s = total;
    }
    if let Some(s) = out.get_mut(3) {
        *s = poor;
    }
    out
}

/// How many leading elements of `rest` equal `v`: blocks of 16 compared at once (one
/// vector compare), then the tail one by one.
#[inline]
fn run_length(rest: &[u32], v: u32) -> usize {
    let mut n = 0;
    let mut blocks = rest.chunks_exact(16);
    for block in blocks.by_ref() {
        if block.iter().fold(true, |all, &x| all & (x == v)) {
            n += 16;
        } else {
            return n + block.iter().take_while(|&&x| x == v).count();
        }
    }
    n + blocks.remainder().iter().take_while(|&&x| x == v).count()
}

/// Calls `f(village, start, end)` for each run of equal villages (cut at `MAX_RUN` rows).
#[inline]
pub(crate) fn runs(village: &[u32], mut f: impl FnMut(u32, usize, usize) -> bool) -> bool {
    let n = village.len();
    let mut i = 0;
    while let Some(&v) = village.get(i) {
        let limit = n.min(i + MAX_RUN);
        let len = village.get(i..limit).map_or(1, |rest| run_length(rest, v));
        let end = i + len.max(1);
        if !f(v, i, end) {
            return false;
        }
        i = end;
    }
    true
}

#[inline(always)]
pub(crate) fn add_into(dst: &mut HCounts, src: &HCounts) {
    for (d, s) in dst.iter_mut().zip(src) {
        *d = d.saturating_add(*s);
    }
}

/// The result of one chunk.
pub(crate) enum Partial {
    /// One entry per run: (village index, counters).
    Runs(Vec<(u32, HCounts)>),
    /// Counters per village index.
    Dense(Vec<HCounts>),
}

pub(crate) struct Sink {
    runs: Vec<(u32, HCounts)>,
    dense: Option<Vec<HCounts>>,
    n_villages: usize,
}

impl Sink {
    /// A sink for a chunk of `rows` rows of a data set of `n_villages` villages.
    pub(crate) fn new(rows: usize, n_villages: usize) -> Self {
        Sink {
            runs: Vec::with_capacity(n_villages.min(rows / 16) + 1),
            dense: None,
            n_villages,
        }
    }

    /// The chunk's result.
    pub(crate) fn finish(self) -> Partial {
        match self.dense {
            Some(d) => Partial::Dense(d),
            None => Partial::Runs(self.runs),
        }
    }

    /// Adds the counters of one run of village `v`.
    pub(crate) fn flush(&mut self, v: u32, counts: &HCounts) {
        if let Some(d) = self.dense.as_mut() {
            if let Some(slot) = d.get_mut(v as usize) {
                add_into(slot, counts);
            }
            return;
        }
        self.runs.push((v, *counts));
        if self.runs.len() > self.n_villages.max(1024) {
            let mut d = vec![[0u64; H]; self.n_villages];
            for (rv, ra) in self.runs.drain(..) {
                if let Some(slot) = d.get_mut(rv as usize) {
                    add_into(slot, &ra);
                }
            }
            self.dense = Some(d);
        }
    }
}

fn run_chunk(village: &[u32], people: &[u16], flags: &[u16], n_villages: usize) -> Partial {
    let mut sink = Sink::new(village.len(), n_villages);
    for_each_run(village, people, flags, |v, counts| {
        sink.flush(v, counts);
        true
    });
    sink.finish()
}

/// Calls `sink` with the counters of each run of equal village indices, in row order; stops
/// and returns `false` as soon as `sink` does.
pub(crate) fn for_each_run(
    village: &[u32],
    people: &[u16],
    flags: &[u16],
    mut sink: impl FnMut(u32, &HCounts) -> bool,
) -> bool {
    let lut = table();
    runs(village, |v, a, b| {
        match (people.get(a..b), flags.get(a..b)) {
            (Some(p), Some(f)) => sink(v, &sum_run(lut, p, f)),
            _ => false,
        }
    })
}

/// Row indices splitting `village` into about `parts` chunks, each split moved forward to
/// the next change of village so that no run is cut (first 0, last `village.len()`).
pub(crate) fn split_at_runs(village: &[u32], parts: usize) -> Vec<usize> {
    let n = village.len();
    let mut cuts = vec![0];
    for k in 1..parts.max(1) {
        let mut i = (n * k / parts).max(cuts.last().copied().unwrap_or(0));
        while i > 0 && i < n && village.get(i) == village.get(i - 1) {
            i += 1;
        }
        if i < n && i > cuts.last().copied().unwrap_or(0) {
            cuts.push(i);
        }
    }
    cuts.push(n);
    cuts
}

/// The partial results of every chunk, computed on up to `threads` threads.
pub(crate) fn partials(cols: &HouseholdColumns, n_villages: usize, threads: usize) -> Vec<Partial> {
    partials_of(
        &cols.village,
        &cols.people,
        &cols.flags,
        n_villages,
        threads,
    )
}

/// [`partials`] of columns given as slices of one length.
pub(crate) fn partials_of(
    village: &[u32],
    people: &[u16],
    flags: &[u16],
    n_villages: usize,
    threads: usize,
) -> Vec<Partial> {
    on_threads(village.len(), threads, |rows| {
        match (
            village.get(rows.clone()),
            people.get(rows.clone()),
            flags.get(rows),
        ) {
            (Some(v), Some(p), Some(f)) => run_chunk(v, p, f, n_villages),
            _ => Partial::Runs(Vec::new()),
        }
    })
}

/// `chunk` of each of up to `threads` ranges splitting rows `0..n`, each on its own thread.
pub(crate) fn on_threads(
    n: usize,
    threads: usize,
    chunk: impl Fn(std::ops::Range<usize>) -> Partial + Sync,
) -> Vec<Partial> {
    let threads = threads.clamp(1, 64);
    if threads == 1 {
        return vec![chunk(0..n)];
    }
    let size = n.div_ceil(threads).max(1);
    let ranges: Vec<_> = (0..n).step_by(size).map(|a| a..n.min(a + size)).collect();
    let chunk = &chunk;
    std::thread::scope(|s| {
        let handles: Vec<_> = ranges
            .into_iter()
            .map(|r| (r.clone(), s.spawn(move || chunk(r))))
            .collect();
        handles
            .into_iter()
            // a thread cannot panic here; if one did, redo its chunk rather than lose it
            .map(|(r, h)| h.join().unwrap_or_else(|_| chunk(r)))
            .collect()
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lanes_unpack_to_the_plain_count() {
        let flags = [
            flag::POOR | flag::TERMINAL_KNOWN | flag::TERMINAL,
            0,
            flag::FILE_COMPLETE | flag::FILE_KNOWN | flag::POOR,
        ];
        let v = [0u32; 3];
        let p = [3u16, 2, 5];
        let Partial::Runs(runs) = run_chunk(&v, &p, &flags, 1) else {
            panic!("dense")
        };
        assert_eq!(runs.len(), 1);
        let c = runs[0].1;
        assert_eq!(c, [3, 10, 2, 8, 1, 1, 0, 0, 0, 0, 1, 1, 0, 0]);
    }

    #[test]
    fn long_runs_do_not_overflow_lanes() {
        let n = 200_000;
        let v = vec![0u32; n];
        let p = vec![1u16; n];
        let f = vec![flag::ALL; n];
        let Partial::Runs(runs) = run_chunk(&v, &p, &f, 1) else {
            panic!("dense")
        };
        let mut total = [0u64; H];
        for (_, c) in &runs {
            add_into(&mut total, c);
        }
        assert!(total.iter().all(|x| *x == n as u64));
    }
}
