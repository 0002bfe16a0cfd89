//! A check of an `.xls` workbook's compound-file sector chains before calamine reads it.
//!
//! calamine 0.38 follows a chain of sectors until its end mark without noticing a loop, so a
//! few kilobytes whose sector allocation table (FAT, or the mini FAT) links a sector back to
//! one before it make it grow without bound (found by the `xls` fuzz target: 24 GB from a
//! 5.6 KB file), and a table listing one FAT sector many times multiplies the file's size.
//! A well-formed compound file (MS-CFB) has neither: every chain ends, every FAT sector is
//! listed once. Anything else this check does not understand is left to calamine, which
//! refuses it with its own message.

/// Sector ids from here on are marks (end of chain, free, FAT or DIFAT sector), not sectors.
const RESERVED: u32 = 0xFFFF_FFFA;
/// A DIFAT entry's mark for "no FAT sector here".
const DIFSECT: u32 = 0xFFFF_FFFC;

const SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

fn u32s(b: &[u8]) -> impl Iterator<Item = u32> + '_ {
    b.as_chunks::<4>().0.iter().map(|c| u32::from_le_bytes(*c))
}

fn le32(b: &[u8], at: usize) -> Option<u32> {
    b.get(at..)?
        .first_chunk::<4>()
        .map(|c| u32::from_le_bytes(*c))
}

/// Why the file's sector chains cannot be followed safely, if they cannot.
pub(super) fn problem(bytes: &[u8]) -> Option<&'static str> {
    let header = bytes.get(..512)?;
    if header.get(..8)? != SIGNATURE {
        return None;
    }
    let size: usize = match u16::from_le_bytes([*header.get(30)?, *header.get(31)?]) {
        9 => 512,
        12 => 4096,
        _ => return None,
    };
    let body = bytes.get(size..).unwrap_or_default();
    // as calamine bounds sector ids: the file's length over the sector size
    let maxid = bytes.len() / size;
    let sector = |id: u32| -> Option<&[u8]> {
        let id = usize::try_from(id).ok()?;
        if id > maxid {
            return None;
        }
        let start = id.checked_mul(size)?;
        body.get(start..(start + size).min(body.len()))
    };
    // the FAT sectors: 109 in the header, the rest in the DIFAT chain
    let mut difat: Vec<u32> = u32s(header.get(76..512)?).collect();
    let mut next = le32(header, 68)?;
    let mut steps = 0usize;
    while next < RESERVED {
        steps += 1;
        if steps > maxid + 1 {
            return Some("its DIFAT chain loops");
        }
        difat.extend(u32s(sector(next)?));
        next = difat.pop()?;
    }
    let fat_sectors: Vec<u32> = difat.into_iter().filter(|id| *id < DIFSECT).collect();
    if fat_sectors.len() > maxid + 1 {
        return Some("it lists more FAT sectors than it has sectors");
    }
    let mut listed = fat_sectors.clone();
    listed.sort_unstable();
    if listed.windows(2).any(|w| matches!(w, [a, b] if a == b)) {
        return Some("it lists a FAT sector twice");
    }
    let mut fat = Vec::new();
    for id in fat_sectors {
        fat.extend(u32s(sector(id)?));
    }
    if loops(&fat) {
        return Some("a chain of its sectors loops");
    }
    // the mini FAT: a chain of the FAT (now known to end), of at most its declared length
    let mini_len = usize::try_from(le32(header, 64)?).ok()?;
    if mini_len > 0 {
        let mut mini = Vec::new();
        let mut id = le32(header, 60)?;
        let want = mini_len.saturating_mul(size);
        while id < RESERVED && mini.len() < want {
            let s = sector(id)?;
            mini.extend_from_slice(s.get(..s.len().min(want - mini.len()))?);
            id = *fat.get(usize::try_from(id).ok()?)?;
        }
        let mini: Vec<u32> = u32s(&mini).collect();
        if loops(&mini) {
            return Some("a chain of its mini sectors loops");
        }
        return grid_problem(
            &chain_bytes(&sector, &fat, le32(header, 48)?),
            &sector,
            &fat,
            Some(&mini),
        );
    }
    grid_problem(
        &chain_bytes(&sector, &fat, le32(header, 48)?),
        &sector,
        &fat,
        None,
    )
}

/// The bytes of the chain of `table` from `start` (the table known not to loop).
fn chain_bytes<'a>(sector: &dyn Fn(u32) -> Option<&'a [u8]>, table: &[u32], start: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let mut id = start;
    let mut steps = 0;
    while id < RESERVED && steps <= table.len() {
        let Some(s) = sector(id) else { break };
        out.extend_from_slice(s);
        steps += 1;
        id = match usize::try_from(id).ok().and_then(|i| table.get(i)) {
            Some(n) => *n,
            None => break,
        };
    }
    out
}

/// The most cells calamine lays out for one sheet of an `.xls` workbook: it makes a dense
/// grid from the first to the last row and column that hold a cell, so two cells far apart
/// in a small file would take gigabytes. A BIFF8 sheet has at most 65,536 rows and 256
/// columns: this is that grid, about 600 MB in calamine's cells; fupin's own limit is lower.
const MAX_GRID_CELLS: u64 = 1 << 24;

/// Why the sheets of the workbook stream (found through the directory `dirs`) cannot be
/// laid out: a sheet whose cells span more than [`MAX_GRID_CELLS`].
fn grid_problem<'a>(
    dirs: &[u8],
    sector: &dyn Fn(u32) -> Option<&'a [u8]>,
    fat: &[u32],
    mini: Option<&[u32]>,
) -> Option<&'static str> {
    // the root entry's chain is the mini stream
    let root = dirs.get(..128)?;
    let ministream = chain_bytes(sector, fat, le32(root, 116)?);
    for entry in dirs.as_chunks::<128>().0 {
        // the name as calamine 0.38 reads it: all 64 bytes as UTF-16, cut at the first zero
        // byte, compared without regard to ASCII case (the name-length field is not read)
        let units: Vec<u16> = entry
            .get(..64)?
            .as_chunks::<2>()
            .0
            .iter()
            .map(|c| u16::from_le_bytes(*c))
            .collect();
        let mut name = String::from_utf16_lossy(&units);
        if let Some(l) = name.as_bytes().iter().position(|b| *b == 0) {
            name.truncate(l);
        }
        if !name.eq_ignore_ascii_case("Workbook") && !name.eq_ignore_ascii_case("Book") {
            continue;
        }
        let start = le32(entry, 116)?;
        let len = usize::try_from(le32(entry, 120)?).ok()?;
        let stream = match mini {
            Some(mini) if len < 4096 => {
                let mut out = Vec::new();
                let mut id = start;
                let mut steps = 0;
                while id < RESERVED && steps <= mini.len() && out.len() < len {
                    let at = usize::try_from(id).ok()?.checked_mul(64)?;
                    let Some(s) = ministream.get(at..(at + 64).min(ministream.len())) else {
                        break;
                    };
                    out.extend_from_slice(s);
                    steps += 1;
                    id = *mini.get(usize::try_from(id).ok()?)?;
                }
                out
            }
            _ => chain_bytes(sector, fat, start),
        };
        // calamine reads each sheet from the offset its BoundSheet record gives, which need
        // not be where a record of the linear scan begins: both are checked
        let stream = stream.get(..len.min(stream.len()))?;
        if sheet_too_wide(stream)
            || sheet_offsets(stream)
                .into_iter()
                .any(|at| stream.get(at..).is_some_and(sheet_too_wide))
        {
            return Some("a sheet's cells span more rows and columns than a sheet holds");
        }
    }
    None
}

/// The stream offsets where calamine 0.38 starts reading the sheets: those of the
/// BoundSheet8 records (0x0085) of the workbook globals, up to their EOF record.
fn sheet_offsets(stream: &[u8]) -> Vec<usize> {
    let mut at = 0usize;
    let mut out = Vec::new();
    while let (Some(kind), Some(len)) = (le16(stream, at), le16(stream, at + 2)) {
        let len = len as usize;
        let data = stream.get(at + 4..at + 4 + len).unwrap_or_default();
        at += 4 + len;
        match kind {
            0x0085 => {
                if let Some(p) = le32(data, 0).and_then(|p| usize::try_from(p).ok()) {
                    out.push(p);
                }
            }
            0x000A => break,
            _ => {}
        }
    }
    out
}

/// Whether a BIFF stream has a sheet (from one BOF record to the next) whose cell records
/// span more than [`MAX_GRID_CELLS`] rows × columns.
fn sheet_too_wide(stream: &[u8]) -> bool {
    let mut at = 0usize;
    let mut bounds: Option<(u32, u32, u32, u32)> = None;
    let too_wide = |b: Option<(u32, u32, u32, u32)>| {
        b.is_some_and(|(r0, r1, c0, c1)| {
            u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1) > MAX_GRID_CELLS
        })
    };
    while let (Some(kind), Some(len)) = (le16(stream, at), le16(stream, at + 2)) {
        let len = len as usize;
        let data = stream.get(at + 4..at + 4 + len).unwrap_or_default();
        at += 4 + len;
        if kind == 0x0809 {
            // a new sheet (or the workbook globals) begins
            if too_wide(bounds.take()) {
                return true;
            }
            continue;
        }
        if kind == 0x0200 && dimensions_too_wide(data) {
            // calamine reserves room for the sheet's declared dimensions
            return true;
        }
        // records of one cell (row, column first) and of a run of cells in a row
        let cells = match kind {
            0x0006 | 0x0201 | 0x0203 | 0x0204 | 0x0205 | 0x027E | 0x00FD | 0x00D6 => {
                le16(data, 0).zip(le16(data, 2)).map(|(r, c)| (r, c, c))
            }
            0x00BD | 0x00BE => le16(data, 0)
                .zip(le16(data, 2))
                .zip(data.len().checked_sub(2).and_then(|e| le16(data, e)))
                .map(|((r, c0), c1)| (r, c0, c1)),
            _ => None,
        };
        if let Some((r, c0, c1)) = cells {
            let (lo, hi) = (c0.min(c1), c0.max(c1));
            bounds = Some(match bounds {
                None => (r, r, lo, hi),
                Some((r0, r1, a, b)) => (r0.min(r), r1.max(r), a.min(lo), b.max(hi)),
            });
        }
    }
    too_wide(bounds)
}

/// Whether a DIMENSIONS record declares more than [`MAX_GRID_CELLS`] cells, counted as
/// calamine 0.38 counts them (`parse_dimensions`, in its wrapping 32-bit arithmetic).
fn dimensions_too_wide(r: &[u8]) -> bool {
    let read = || -> Option<(u32, u32, u32, u32)> {
        Some(match r.len() {
            10 => (le16(r, 0)?, le16(r, 2)?, le16(r, 4)?, le16(r, 6)?),
            14 | 16 => (le32(r, 0)?, le32(r, 4)?, le16(r, 8)?, le16(r, 10)?),
            _ => return None,
        })
    };
    let Some((rf, rl, mut cf, cl)) = read() else {
        return false;
    };
    if 0xFF < cf || cl < cf {
        cf = 0;
    }
    if rl < 1 || cl < 1 {
        return false;
    }
    let rows = u64::from((rl - 1).wrapping_sub(rf).wrapping_add(1));
    let cols = u64::from((cl - 1).wrapping_sub(cf).wrapping_add(1));
    rows.saturating_mul(cols) > MAX_GRID_CELLS
}

fn le16(b: &[u8], at: usize) -> Option<u32> {
    b.get(at..)?
        .first_chunk::<2>()
        .map(|c| u32::from(u16::from_le_bytes(*c)))
}

/// Whether following `table` (entry `i` names the sector after `i`) from some sector
/// comes back to a sector already on the way.
fn loops(table: &[u32]) -> bool {
    // 0: not seen, 1: on the path being followed, 2: known to end
    let mut state = vec![0u8; table.len()];
    let mut path = Vec::new();
    for start in 0..table.len() {
        let mut at = start;
        path.clear();
        loop {
            match state.get(at) {
                Some(0) => {}
                Some(1) => return true,
                _ => break,
            }
            if let Some(s) = state.get_mut(at) {
                *s = 1;
            }
            path.push(at);
            match table.get(at) {
                Some(n) if *n < RESERVED => match usize::try_from(*n) {
                    Ok(n) if n < table.len() => at = n,
                    _ => break,
                },
                _ => break,
            }
        }
        for p in &path {
            if let Some(s) = state.get_mut(*p) {
                *s = 2;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_whose_chain_comes_back_loops() {
        assert!(loops(&[1, 2, 0]));
        assert!(loops(&[0xFFFF_FFFE, 2, 1]));
        assert!(!loops(&[1, 2, 0xFFFF_FFFE, 0xFFFF_FFFF, 2]));
        assert!(!loops(&[]));
    }

    #[test]
    fn the_committed_workbook_passes_and_the_fuzzed_ones_do_not() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/");
        let good = std::fs::read(format!("{dir}export.xls")).unwrap_or_default();
        assert!(!good.is_empty());
        assert_eq!(problem(&good), None);
        let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fuzz/corpus/xls/");
        for name in [
            "23afbb4e34281e0cf82082f0f1c8ad29916504d8",
            "bedba36c0802c143769d0222d70e45b57a09b56b",
            "c6758f075b62c2e6fade5adb07b77f3447ea4a60",
            // a sheet whose BoundSheet offset starts mid-record of the linear scan
            "5bed2a337a5cb445d7af46b7b26bc4e9ec5df23b",
        ] {
            let bad = std::fs::read(format!("{corpus}{name}")).unwrap_or_default();
            assert!(!bad.is_empty());
            assert!(problem(&bad).is_some(), "{name}");
        }
    }
}
