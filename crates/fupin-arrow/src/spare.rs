//! Column buffers kept per thread between chunks (batches, row groups): fresh buffers of a
//! chunk's size would cost their page faults every time.

use std::cell::RefCell;

/// Spare buffers: of indices, and of small numbers.
type Spares = (Vec<Vec<u32>>, Vec<Vec<u16>>);

thread_local! {
    static SPARE: RefCell<Spares> = const { RefCell::new((Vec::new(), Vec::new())) };
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
    take(|s| &mut s.0)
}

/// Gives a buffer of indices back to this thread's spares (four at most are kept).
pub(crate) fn give_u32s(v: Vec<u32>) {
    give(|s| &mut s.0, 4, v);
}

/// An empty buffer of small numbers, from this thread's spares when there is one.
pub(crate) fn take_u16s() -> Vec<u16> {
    take(|s| &mut s.1)
}

/// Gives a buffer of small numbers back to this thread's spares (two at most are kept).
pub(crate) fn give_u16s(v: Vec<u16>) {
    give(|s| &mut s.1, 2, v);
}
