//! The file numbers of a row group as runs of villages for the check of households given
//! twice, read from the pages. Registers come sorted by village, and within a village
//! usually by file number: a run whose file numbers strictly increase holds no household
//! twice, and is not fingerprinted. Only the first and the last run of the group (which
//! may go on in the groups around it) and the runs that do not increase are.

use parquet::file::metadata::RowGroupMetaData;

use super::{MAX_GROUP_ROWS, Villages, trimmed};
use crate::duplicates::GroupRuns;

/// A row group with more of its runs than one in this many not increasing is not read
/// this way (nor are the groups after it): fingerprinting them would take a second pass.
const MOSTLY_SORTED: usize = 8;

/// The fingerprint of a trimmed file number (0: blank, not checked).
fn fingerprint(text: &str) -> u64 {
    if text.is_empty() {
        0
    } else {
        fupin_core::household::fingerprint_bytes(text.as_bytes())
    }
}

/// The runs of villages of a row group (`villages`: its village column, read already)
/// with the file numbers of column `i`: an inner run whose file numbers (trimmed) strictly
/// increase, row after row, is taken as distinct, not fingerprinted; the first and the
/// last run and any other run are fingerprinted (those in a second pass over the column).
/// `None` when the column is not read here, or when more than one run in
/// [`MOSTLY_SORTED`] does not increase (the caller then fingerprints every row).
pub(crate) fn sorted_runs(
    file: &std::sync::Arc<std::fs::File>,
    group: &RowGroupMetaData,
    i: usize,
    villages: &Villages,
) -> Option<GroupRuns> {
    let n = usize::try_from(group.num_rows()).ok()?;
    if n > MAX_GROUP_ROWS || villages.keys.len() != n {
        return None;
    }
    let blank = fupin_core::household::fingerprint_bytes(b"");
    // where each run begins, and its village key (a run ends where the village's trimmed
    // text changes, as in `GroupRuns::from_parts`)
    let mut starts: Vec<(usize, u64)> = Vec::new();
    let mut previous: Option<(u32, u64)> = None;
    for (row, k) in villages.keys.iter().enumerate() {
        if previous.is_some_and(|p| p.0 == *k) {
            continue;
        }
        let v = villages.dict.get(*k as usize).map_or(blank, |d| d.1);
        if previous.is_none_or(|p| p.1 != v) {
            starts.push((row, v));
        }
        previous = Some((*k, v));
    }
    let last = starts.len().saturating_sub(1);
    let end_of = |j: usize| starts.get(j + 1).map_or(n, |s| s.0);
    // the run of each row, walked in order (`first`: the row begins its run)
    struct Cursor {
        run: usize,
        next_start: usize,
        first: bool,
    }
    let advance = |c: &mut Cursor, row: usize| {
        c.first = row == 0;
        while row >= c.next_start && c.run < last {
            c.run += 1;
            c.next_start = end_of(c.run);
            c.first = true;
        }
    };
    // the fingerprints of the first run's rows, then of the last run's, then of the
    // other runs fingerprinted (in row order)
    let mut fps = crate::spare::take_fingerprints();
    // the inner runs that do not increase (a blank or null file number included)
    let mut unsorted: Vec<usize> = Vec::new();
    let mut c = Cursor {
        run: 0,
        next_start: end_of(0),
        first: true,
    };
    super::columns::text_rows(file, group, i, |row, text, before| {
        advance(&mut c, row);
        let text = text.map(trimmed).unwrap_or("");
        if c.run == 0 || c.run == last {
            fps.push(fingerprint(text));
        } else if unsorted.last() != Some(&c.run)
            && (text.is_empty()
                || (!c.first
                    && before
                        .map(trimmed)
                        .is_none_or(|b| b.is_empty() || text <= b)))
        {
            unsorted.push(c.run);
        }
    })?;
    let first_len = end_of(0);
    let edges = first_len + if last > 0 { n - end_of(last - 1) } else { 0 };
    if fps.len() != edges || unsorted.len() * MOSTLY_SORTED > starts.len() {
        crate::spare::give_fingerprints(fps);
        return None;
    }
    if !unsorted.is_empty() {
        let mut c = Cursor {
            run: 0,
            next_start: end_of(0),
            first: true,
        };
        let mut pending = unsorted.iter().peekable();
        super::columns::text_rows(file, group, i, |row, text, _| {
            advance(&mut c, row);
            while pending.next_if(|r| **r < c.run).is_some() {}
            if pending.peek() == Some(&&c.run) {
                fps.push(fingerprint(text.map(trimmed).unwrap_or("")));
            }
        })?;
        let inner: usize = unsorted
            .iter()
            .map(|r| end_of(*r) - starts.get(*r).map_or(n, |s| s.0))
            .sum();
        if fps.len() != edges + inner {
            crate::spare::give_fingerprints(fps);
            return None;
        }
    }
    let mut next_inner = edges;
    let mut pending = unsorted.iter().peekable();
    let runs: Vec<(u64, usize, usize, Option<usize>)> = starts
        .iter()
        .enumerate()
        .map(|(j, (at, village))| {
            let len = end_of(j) - at;
            let from = if j == 0 {
                Some(0)
            } else if j == last {
                Some(first_len)
            } else if pending.next_if_eq(&&j).is_some() {
                next_inner += len;
                Some(next_inner - len)
            } else {
                None
            };
            (*village, *at, len, from)
        })
        .collect();
    Some(GroupRuns::from_runs(fps, runs))
}
