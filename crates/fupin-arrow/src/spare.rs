//! Column buffers kept per thread between chunks (batches, row groups): fresh buffers of a
//! chunk's size would cost their page faults every time.

use std::cell::RefCell;

use fupin_core::household::HouseholdStatus;

/// Spare buffers, a pile of each kind.
struct Spares {
    /// Indices.
    u32s: Vec<Vec<u32>>,
    /// Small numbers.
    u16s: Vec<Vec<u16>>,
    /// 64-row words of yes/no and validity bits.
    words: Vec<Vec<u64>>,
    /// Statuses.
    statuses: Vec<Vec<Option<HouseholdStatus>>>,
    /// Fingerprints of file numbers, one a row.
    #[cfg(feature = "parquet")]
    fingerprints: Vec<Vec<u64>>,
}

thread_local! {
    static SPARE: RefCell<Spares> = const {
        RefCell::new(Spares {
            u32s: Vec::new(),
            u16s: Vec::new(),
            words: Vec::new(),
            statuses: Vec::new(),
            #[cfg(feature = "parquet")]
            fingerprints: Vec::new(),
        })
    };
}

/// An empty buffer from the pile `pile` picks, or a new one.
fn take<T>(pile: fn(&mut Spares) -> &mut Vec<Vec<T>>) -> Vec<T> {
    SPARE
        .try_with(|s| s.try_borrow_mut().ok().and_then(|mut s| pile(&mut s).pop()))
        .ok()
        .flatten()
        .unwrap_or_default()
}

/// Puts `v`, emptied, on the pile `pile` picks, unless it holds `keep` already.
fn give<T>(pile: fn(&mut Spares) -> &mut Vec<Vec<T>>, keep: usize, mut v: Vec<T>) {
    v.clear();
    let _ = SPARE.try_with(|s| {
        if let Ok(mut s) = s.try_borrow_mut() {
            let pile = pile(&mut s);
            if pile.len() < keep {
                pile.push(v);
            }
        }
    });
}

/// An empty buffer of indices, from this thread's spares when there is one.
pub(crate) fn take_u32s() -> Vec<u32> {
    take(|s| &mut s.u32s)
}

/// Gives a buffer of indices back to this thread's spares (four at most are kept).
pub(crate) fn give_u32s(v: Vec<u32>) {
    give(|s| &mut s.u32s, 4, v);
}

/// An empty buffer of small numbers, from this thread's spares when there is one.
pub(crate) fn take_u16s() -> Vec<u16> {
    take(|s| &mut s.u16s)
}

/// Gives a buffer of small numbers back to this thread's spares (three at most are kept:
/// members, flags and a chunk's other column).
pub(crate) fn give_u16s(v: Vec<u16>) {
    give(|s| &mut s.u16s, 3, v);
}

/// An empty buffer of 64-row words, from this thread's spares when there is one.
pub(crate) fn take_words() -> Vec<u64> {
    take(|s| &mut s.words)
}

/// Gives a buffer of words back to this thread's spares (twelve at most are kept: the
/// values and validity of a register's yes/no columns and of its incomes).
pub(crate) fn give_words(v: Vec<u64>) {
    give(|s| &mut s.words, 12, v);
}

/// An empty buffer of statuses, from this thread's spares when there is one.
pub(crate) fn take_statuses() -> Vec<Option<HouseholdStatus>> {
    take(|s| &mut s.statuses)
}

/// Gives a buffer of statuses back to this thread's spares (one is kept).
pub(crate) fn give_statuses(v: Vec<Option<HouseholdStatus>>) {
    give(|s| &mut s.statuses, 1, v);
}

/// An empty buffer of fingerprints, from this thread's spares when there is one.
#[cfg(feature = "pages")]
pub(crate) fn take_fingerprints() -> Vec<u64> {
    take(|s| &mut s.fingerprints)
}

/// Gives a buffer of fingerprints back to this thread's spares (one is kept).
#[cfg(feature = "parquet")]
pub(crate) fn give_fingerprints(v: Vec<u64>) {
    give(|s| &mut s.fingerprints, 1, v);
}
