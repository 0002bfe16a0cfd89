//! The fast path of [`Tally::of`](super::super::Tally::of) for registers sorted by village (the
//! usual order of exports): each thread takes a run-aligned chunk of rows and builds the
//! finished village entries of its own range of villages — facts and households in one
//! pass — so no per-village scratch array is needed. Falls back (returns `None`) as soon
//! as a chunk turns out not to be sorted.

use super::super::dataset::Dataset;
use super::super::tally::{Entry, add_household_part, village_fact_counts};
use super::super::units::VillageFacts;
use super::kernel::{self, HCounts};

/// What one thread returns: entries of its listed villages, runs of unlisted ones.
type Part = (Vec<Entry>, Vec<(u32, HCounts)>);

fn chunk(
    village: &[u32],
    people: &[u16],
    flags: &[u16],
    listed: &[VillageFacts],
    lo: usize,
    hi: usize,
) -> Option<Part> {
    let mut entries: Vec<Entry> = Vec::with_capacity(hi.saturating_sub(lo));
    let mut unlisted: Vec<(u32, HCounts)> = Vec::new();
    let mut next = lo; // next listed village without an entry yet
    let mut last: Option<u32> = None;
    let ok = kernel::for_each_run(village, people, flags, |v, counts| {
        if last.is_some_and(|l| v < l) {
            return false; // not sorted
        }
        last = Some(v);
        let vi = v as usize;
        if vi >= listed.len() {
            unlisted.push((v, *counts));
            return true;
        }
        if vi < next {
            // the same village again (a run cut at 65,535 rows)
            return match entries.last_mut() {
                Some(e) if vi + 1 == next => {
                    add_household_part(&mut e.counts, counts);
                    true
                }
                _ => false,
            };
        }
        if vi >= hi {
            return false;
        }
        entries.extend(listed.get(next..vi).unwrap_or(&[]).iter().map(|f| Entry {
            code: f.code,
            counts: village_fact_counts(f),
        }));
        let Some(f) = listed.get(vi) else {
            return false;
        };
        let mut e = Entry {
            code: f.code,
            counts: village_fact_counts(f),
        };
        add_household_part(&mut e.counts, counts);
        entries.push(e);
        next = vi + 1;
        true
    });
    if !ok {
        return None;
    }
    entries.extend(listed.get(next..hi).unwrap_or(&[]).iter().map(|f| Entry {
        code: f.code,
        counts: village_fact_counts(f),
    }));
    Some((entries, unlisted))
}

/// The listed villages' entries (in order) and the unlisted villages' runs, or `None` when
/// the rows are not sorted by village.
pub(crate) fn sorted(ds: &Dataset, threads: usize) -> Option<Part> {
    let cols = ds.households();
    let listed = ds.villages();
    let cuts = kernel::split_at_runs(&cols.village, threads.max(1));
    // village range of each chunk: from its first village to the next chunk's first
    let n_listed = listed.len();
    let starts: Vec<usize> = cuts
        .iter()
        .map(|&i| {
            cols.village
                .get(i)
                .map_or(n_listed, |v| (*v as usize).min(n_listed))
        })
        .collect();
    let ranges: Vec<(usize, usize, usize, usize)> = cuts
        .windows(2)
        .enumerate()
        .filter_map(|(k, w)| {
            let (a, b) = (*w.first()?, *w.get(1)?);
            let lo = if k == 0 { 0 } else { *starts.get(k)? };
            let hi = if k + 2 >= cuts.len() {
                n_listed
            } else {
                *starts.get(k + 1)?
            };
            Some((a, b, lo, hi.max(lo)))
        })
        .collect();
    let run = |&(a, b, lo, hi): &(usize, usize, usize, usize)| {
        chunk(
            cols.village.get(a..b)?,
            cols.people.get(a..b)?,
            cols.flags.get(a..b)?,
            listed,
            lo,
            hi,
        )
    };
    let parts: Vec<Option<Part>> = if ranges.len() <= 1 {
        ranges.iter().map(run).collect()
    } else {
        std::thread::scope(|s| {
            let handles: Vec<_> = ranges
                .iter()
                .map(|r| (r, s.spawn(move || run(r))))
                .collect();
            handles
                .into_iter()
                .map(|(r, h)| h.join().unwrap_or_else(|_| run(r)))
                .collect()
        })
    };
    if ranges.is_empty() {
        let entries = listed
            .iter()
            .map(|f| Entry {
                code: f.code,
                counts: village_fact_counts(f),
            })
            .collect();
        return Some((entries, Vec::new()));
    }
    let mut parts = parts.into_iter();
    let (mut entries, mut unlisted) = parts.next().flatten()?;
    for part in parts {
        let (e, u) = part?;
        entries.extend(e);
        unlisted.extend(u);
    }
    (entries.len() == n_listed).then_some((entries, unlisted))
}
