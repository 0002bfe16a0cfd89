//! Fingerprints of households and of runs of rows: the stable 64-bit hashes
//! [`DuplicateCheck`](super::DuplicateCheck) keeps instead of file numbers and ID numbers
//! ([`fingerprint`], [`members_fingerprint`]), and the duplicates within one run of a
//! village's rows ([`run_duplicates`]), found wherever the rows are read.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// The seed of [`fingerprint`]: fixed, so fingerprints are the same on every machine and
/// in every run.
pub(crate) const SEED: u64 = 0x9e37_79b9_7f4a_7c15;

/// A stable 64-bit fingerprint of a text (leading and trailing white space ignored): a
/// multiply–rotate hash over 8-byte words with a final avalanche (the finaliser of
/// SplitMix64), the same on every platform and in every version of fupin.
///
/// ```
/// use fupin_core::household::fingerprint;
/// assert_eq!(fingerprint(" S5223271042010000001 "), fingerprint("S5223271042010000001"));
/// assert_ne!(fingerprint("S5223271042010000001"), fingerprint("S5223271042010000002"));
/// ```
pub fn fingerprint(text: &str) -> u64 {
    fingerprint_bytes(text.trim().as_bytes())
}

/// [`fingerprint`] of bytes, as they are (not trimmed).
pub fn fingerprint_bytes(bytes: &[u8]) -> u64 {
    let mut h = SEED ^ (bytes.len() as u64).wrapping_mul(0xff51_afd7_ed55_8ccd);
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = (h ^ u64::from_le_bytes(w))
            .wrapping_mul(0x5851_f42d_4c95_7f2d)
            .rotate_left(29);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        // the last bytes, zero-padded: from the 8 bytes that end the text when there are
        // that many (one load, the bytes before shifted out), else byte by byte
        let w = match bytes.last_chunk::<8>() {
            Some(tail) => u64::from_le_bytes(*tail) >> (8 * (8 - rest.len())),
            None => {
                let mut w = [0u8; 8];
                for (slot, b) in w.iter_mut().zip(rest) {
                    *slot = *b;
                }
                u64::from_le_bytes(w)
            }
        };
        h = (h ^ w).wrapping_mul(0x5851_f42d_4c95_7f2d).rotate_left(29);
    }
    mix(h)
}

/// The finaliser of SplitMix64: every bit of the input moves about half the output bits.
pub(crate) fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The key of a household's members for [`DuplicateCheck::add_members_keyed`](super::DuplicateCheck::add_members_keyed): the
/// [`fingerprint_bytes`] of their ID numbers (as written, trimmed), sorted, each once, one a
/// line; `None` when no member has one (households are then not compared by members).
///
/// ```
/// use fupin_core::household::members_fingerprint;
/// let a = members_fingerprint(["52232719700312021X", " 522327197003120211"]);
/// assert_eq!(a, members_fingerprint(["522327197003120211", "52232719700312021X", "522327197003120211"]));
/// assert!(a.is_some() && members_fingerprint([]).is_none());
/// ```
pub fn members_fingerprint<'a>(ids: impl IntoIterator<Item = &'a str>) -> Option<u64> {
    let mut ids: Vec<&str> = ids.into_iter().map(str::trim).collect();
    if ids.is_empty() {
        return None;
    }
    ids.sort_unstable();
    ids.dedup();
    Some(fingerprint_bytes(ids.join("\n").as_bytes()))
}

/// [`members_fingerprint`] of ID numbers given as their 18 characters (sorted here in
/// place), without allocating for households of up to 32 members.
pub(crate) fn members_fingerprint_raw(ids: &mut [[u8; 18]]) -> Option<u64> {
    if ids.is_empty() {
        return None;
    }
    ids.sort_unstable();
    let mut stack = [0u8; 32 * 19];
    let mut heap = Vec::new();
    let mut len = 0;
    let mut previous: Option<&[u8; 18]> = None;
    for id in ids.iter() {
        if previous == Some(id) {
            continue;
        }
        let sep: &[u8] = if previous.is_some() { b"\n" } else { b"" };
        previous = Some(id);
        for part in [sep, id.as_slice()] {
            match stack.get_mut(len..len + part.len()) {
                Some(slot) if heap.is_empty() => slot.copy_from_slice(part),
                _ => {
                    if heap.is_empty() {
                        heap.extend_from_slice(stack.get(..len).unwrap_or_default());
                    }
                    heap.extend_from_slice(part);
                }
            }
            len += part.len();
        }
    }
    Some(if heap.is_empty() {
        fingerprint_bytes(stack.get(..len).unwrap_or_default())
    } else {
        fingerprint_bytes(&heap)
    })
}

/// A hasher for keys that are fingerprints already: the key is the hash.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Already(u64);

impl Hasher for Already {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0 = fingerprint_bytes(bytes);
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

pub(crate) type Table<V> = HashMap<u64, V, BuildHasherDefault<Already>>;

/// Runs longer than this are looked through sorted, not in a table kept between runs.
const LONG_RUN: usize = 4096;

/// The duplicates among the rows of one run (file-number fingerprints in row order, 0: a
/// row without a file number, not checked): (later row, first row) by index in `fps`,
/// later rows in order — what [`DuplicateCheck::add_run`](super::DuplicateCheck::add_run) takes, found where the rows are
/// read (any thread).
pub fn run_duplicates(fps: &[u64]) -> Vec<(usize, usize)> {
    thread_local! {
        static SCRATCH: std::cell::RefCell<Table<usize>> = std::cell::RefCell::default();
    }
    let mut out = Vec::new();
    if fps.len() < 2 {
        return out;
    }
    if fps.len() <= 16 {
        for (i, fp) in fps.iter().enumerate().skip(1) {
            if *fp == 0 {
                continue;
            }
            if let Some(j) = fps.get(..i).and_then(|b| b.iter().position(|f| f == fp)) {
                out.push((i, j));
            }
        }
        return out;
    }
    thread_local! {
        static SLOTS: std::cell::RefCell<(Vec<(u64, u32)>, u32)> =
            const { std::cell::RefCell::new((Vec::new(), 0)) };
    }
    thread_local! {
        static SORTED: std::cell::RefCell<Vec<u64>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    // the usual run has no duplicate: its fingerprints (random bits already) go to a small
    // open-addressed table, at most half full, and only a fingerprint met twice sends the
    // run the slow way; a slot is taken when it carries this run's stamp (the table is not
    // cleared between runs). A long run (a village of thousands of households) is sorted
    // instead: its table would stay as large.
    let any = if fps.len() > LONG_RUN {
        SORTED.with(|sorted| {
            let mut sorted = sorted.borrow_mut();
            sorted.clear();
            sorted.extend_from_slice(fps);
            sorted.sort_unstable();
            let any = sorted
                .windows(2)
                .any(|w| w.first() == w.get(1) && w.first() != Some(&0));
            *sorted = Vec::new();
            any
        })
    } else {
        SLOTS.with(|slots| {
            let mut slots = slots.borrow_mut();
            let (slots, stamp) = &mut *slots;
            let size = (fps.len() * 2).next_power_of_two();
            let mask = size - 1;
            *stamp = stamp.wrapping_add(1);
            if *stamp == 0 || slots.len() < size {
                // a new table, or stamps that would come round again
                slots.clear();
                slots.resize(size.max(slots.capacity()), (0, 0));
                *stamp = 1;
            }
            let stamp = *stamp;
            for fp in fps.iter().filter(|fp| **fp != 0) {
                let mut at = (*fp as usize) & mask;
                loop {
                    match slots.get_mut(at) {
                        Some(slot) if slot.1 != stamp => {
                            *slot = (*fp, stamp);
                            break;
                        }
                        Some(slot) if slot.0 == *fp => return true,
                        Some(_) => at = (at + 1) & mask,
                        None => return true,
                    }
                }
            }
            false
        })
    };
    if !any {
        return out;
    }
    SCRATCH.with(|scratch| {
        let mut seen = scratch.borrow_mut();
        seen.clear();
        for (i, fp) in fps.iter().enumerate() {
            if *fp == 0 {
                continue;
            }
            match seen.entry(*fp) {
                std::collections::hash_map::Entry::Occupied(e) => out.push((i, *e.get())),
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(i);
                }
            }
        }
    });
    out
}
