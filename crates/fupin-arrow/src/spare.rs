//! Column buffers kept per thread between chunks (batches, row groups): fresh buffers of a
//! chunk's size would cost their page faults every time.

/// Spare buffers: of indices, and of small numbers.
type Spares = (Vec<Vec<u32>>, Vec<Vec<u16>>);

thread_local! {
    /// Column buffers of this thread's row groups, kept from one to the next: fresh buffers
    /// of a row group's size would cost their page faults every time.
    static SPARE: std::cell::RefCell<Spares> =
        const { std::cell::RefCell::new((Vec::new(), Vec::new())) };
}

/// An empty buffer of indices, from this thread's spares when there is one.
pub(crate) fn take_u32s() -> Vec<u32> {
    SPARE
        .try_with(|s| s.try_borrow_mut().ok().and_then(|mut s| s.0.pop()))
        .ok()
        .flatten()
        .unwrap_or_default()
}

/// Gives a buffer back to this thread's spares (four at most are kept).
pub(crate) fn give_u32s(mut v: Vec<u32>) {
    v.clear();
    let _ = SPARE.try_with(|s| {
        if let Ok(mut s) = s.try_borrow_mut()
            && s.0.len() < 4
        {
            s.0.push(v);
        }
    });
}

/// An empty buffer of small numbers, from this thread's spares when there is one.
pub(crate) fn take_u16s() -> Vec<u16> {
    SPARE
        .try_with(|s| s.try_borrow_mut().ok().and_then(|mut s| s.1.pop()))
        .ok()
        .flatten()
        .unwrap_or_default()
}

/// Gives a buffer back to this thread's spares (two at most are kept).
pub(crate) fn give_u16s(mut v: Vec<u16>) {
    v.clear();
    let _ = SPARE.try_with(|s| {
        if let Ok(mut s) = s.try_borrow_mut()
            && s.1.len() < 2
        {
            s.1.push(v);
        }
    });
}
