//! Counting from [`FlagWords`]: a village's run of rows adds up each flag by population
//! count over the one to three words the run covers, instead of a word per row, and its
//! poor people by visiting only the rows whose poor bit is set.

use super::blocks::{FLAG_BITS, FlagWords};
use super::kernel::{BITS, HCounts, Partial, Sink, on_threads, runs};
use super::layout::flag;

/// The bit of the poor flag in a flags word.
const POOR_BIT: usize = flag::POOR.trailing_zeros() as usize;

/// The counters of rows `a..b` of a chunk whose row 0 is row `offset` of `words`.
fn sum_run(people: &[u16], words: &[FlagWords], offset: usize, a: usize, b: usize) -> HCounts {
    let mut ones = [0u64; FLAG_BITS];
    let mut poor_people = 0u64;
    let total: u64 = people
        .get(a..b)
        .unwrap_or_default()
        .iter()
        .map(|p| u64::from(*p))
        .sum();
    let (mut row, end) = (offset + a, offset + b);
    while row < end {
        let w = row / 64;
        let (lo, hi) = (row % 64, (end - w * 64).min(64));
        let mask = (u64::MAX >> (64 - (hi - lo))) << lo;
        if let Some(ws) = words.get(w) {
            for (n, word) in ones.iter_mut().zip(ws) {
                *n += u64::from((word & mask).count_ones());
            }
            let mut poor = ws.get(POOR_BIT).copied().unwrap_or(0) & mask;
            while poor != 0 {
                let r = w * 64 + poor.trailing_zeros() as usize - offset;
                poor_people += u64::from(people.get(r).copied().unwrap_or(0));
                poor &= poor - 1;
            }
        }
        row = w * 64 + hi;
    }
    let mut out = [0u64; super::kernel::H];
    for (idx, f) in BITS {
        let n = if f == 0 {
            (b - a) as u64
        } else {
            ones.get(f.trailing_zeros() as usize).copied().unwrap_or(0)
        };
        if let Some(slot) = out.get_mut(idx) {
            *slot = n;
        }
    }
    if let Some(s) = out.get_mut(1) {
        *s = total;
    }
    if let Some(s) = out.get_mut(3) {
        *s = poor_people;
    }
    out
}

/// One chunk: rows `offset..offset + keys.len()`, a run's village the slot of its key.
fn chunk(
    keys: &[u32],
    slot_of: &[u32],
    people: &[u16],
    words: &[FlagWords],
    offset: usize,
    n_villages: usize,
) -> Partial {
    let mut sink = Sink::new(keys.len(), n_villages);
    runs(keys, |k, a, b| {
        if let Some(v) = slot_of.get(k as usize) {
            sink.flush(*v, &sum_run(people, words, offset, a, b));
        }
        true
    });
    sink.finish()
}

/// Counters per run of equal villages of rows given as keys (row `i` is in village
/// `slot_of[keys[i]]`), members and flag words (`words.len() == keys.len().div_ceil(64)`),
/// on up to `threads` threads.
pub(crate) fn partials(
    keys: &[u32],
    slot_of: &[u32],
    people: &[u16],
    words: &[FlagWords],
    n_villages: usize,
    threads: usize,
) -> Vec<Partial> {
    on_threads(keys.len(), threads, |rows| {
        let offset = rows.start;
        match (keys.get(rows.clone()), people.get(rows)) {
            (Some(k), Some(p)) => chunk(k, slot_of, p, words, offset, n_villages),
            _ => Partial::Runs(Vec::new()),
        }
    })
}

/// Flags words of rows as flag words (the inverse of [`flags_of_words`]).
pub(crate) fn words_of_flags(flags: &[u16]) -> impl Iterator<Item = FlagWords> + '_ {
    flags.chunks(64).map(|rows| {
        let mut words = [0u64; FLAG_BITS];
        for (b, f) in rows.iter().enumerate() {
            for (bit, w) in words.iter_mut().enumerate() {
                *w |= u64::from((f >> bit) & 1) << b;
            }
        }
        words
    })
}

/// The flags word of each row of `rows` rows given as flag words.
pub(crate) fn flags_of_words(words: &[FlagWords], rows: usize) -> Vec<u16> {
    (0..rows)
        .map(|r| {
            let ws = words.get(r / 64).copied().unwrap_or_default();
            ws.iter().enumerate().fold(0u16, |acc, (f, w)| {
                acc | (u16::from((w >> (r % 64)) & 1 == 1) << f)
            })
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, reason = "tests")]
mod tests {
    use super::super::kernel::{self, Partial};
    use super::*;

    /// Dense counters per village from either kernel's partials.
    fn dense(parts: Vec<Partial>, n: usize) -> Vec<HCounts> {
        let mut out = vec![[0u64; super::super::kernel::H]; n];
        for part in parts {
            match part {
                Partial::Runs(runs) => {
                    for (v, c) in runs {
                        kernel::add_into(&mut out[v as usize], &c);
                    }
                }
                Partial::Dense(d) => {
                    for (o, c) in out.iter_mut().zip(&d) {
                        kernel::add_into(o, c);
                    }
                }
            }
        }
        out
    }

    proptest::proptest! {
        /// Counting flag words by population count gives the counters of the flags words
        /// row by row, on any number of threads, with runs across word and chunk edges.
        #[test]
        fn counts_as_the_flags_kernel(
            flags in proptest::collection::vec(0u16..2048, 0..700),
            run in 1usize..90,
            villages in 1u32..9,
            threads in 1usize..4,
        ) {
            let n = flags.len();
            let village: Vec<u32> = (0..n).map(|i| ((i / run) as u32 * 7) % villages).collect();
            let people: Vec<u16> = (0..n).map(|i| 1 + (i % 5) as u16).collect();
            let words: Vec<FlagWords> = words_of_flags(&flags).collect();
            proptest::prop_assert_eq!(flags_of_words(&words, n), flags.clone());
            let nv = villages as usize;
            let expected = dense(kernel::partials_of(&village, &people, &flags, nv, 1), nv);
            let identity: Vec<u32> = (0..villages).collect();
            let got = dense(partials(&village, &identity, &people, &words, nv, threads), nv);
            proptest::prop_assert_eq!(got, expected);
        }
    }
}
