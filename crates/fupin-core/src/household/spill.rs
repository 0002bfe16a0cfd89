//! [`Spill`]: entries appended to parts by hash and read back one part at a time — what keeps
//! the tables of duplicates bounded whatever the size of the input ([`super::late`]). The
//! core does no I/O: the parts live in a [`SpillStorage`] the caller gives
//! ([`RecordChecker::spill_over`](super::RecordChecker::spill_over)) — a private temporary
//! folder in the command and the Python binding (`fupin_arrow::TempSpill`). Only
//! fingerprints, pseudonyms, places and file numbers are written, never an ID number.

use std::io;

/// Partitions: entries with the same key are in the same one, a 64th of the spill.
pub(crate) const PARTS: usize = 64;

/// Where the tables of duplicates go once they pass their budget
/// ([`RecordChecker::spill_over`](super::RecordChecker::spill_over)): a source of
/// append-only parts. What is written is fingerprints, pseudonyms, places and file numbers,
/// never an ID number.
pub trait SpillStorage: Send + Sync + std::fmt::Debug {
    /// New, empty parts (`parts` of them) for one table; `name` says which (`people`,
    /// `households`, `members`). An error leaves the tables in memory.
    fn open(&self, name: &str, parts: usize) -> io::Result<Box<dyn SpillParts>>;
}

/// The parts of one spilled table, written by appending and read back whole, one at a time.
/// Dropping them removes what they hold.
pub trait SpillParts: Send {
    /// Appends `bytes` to part `part`.
    fn append(&mut self, part: usize, bytes: &[u8]) -> io::Result<()>;
    /// Every byte appended to part `part`, in order, into `out` (cleared first); the part is
    /// not appended to afterwards and may be forgotten.
    fn take(&mut self, part: usize, out: &mut Vec<u8>) -> io::Result<()>;
}

/// Entries of one kind in [`PARTS`] parts.
pub(crate) struct Spill {
    parts: Box<dyn SpillParts>,
    /// The first write that failed (the entries after it are not written; reported at
    /// the end).
    error: Option<io::Error>,
    /// Bytes written.
    written: u64,
}

impl std::fmt::Debug for Spill {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Spill")
            .field("written", &self.written)
            .finish_non_exhaustive()
    }
}

impl Spill {
    /// An empty spill of the table `name` in `storage`.
    pub(crate) fn new(storage: &dyn SpillStorage, name: &str) -> io::Result<Spill> {
        Ok(Spill {
            parts: storage.open(name, PARTS)?,
            error: None,
            written: 0,
        })
    }

    /// The partition of an entry of key `key` (a uniform hash).
    pub(crate) fn part_of(key: u64) -> usize {
        (key >> 58) as usize % PARTS
    }

    /// Appends `entry` to partition `part`.
    pub(crate) fn push(&mut self, part: usize, entry: &[u8]) {
        if self.error.is_some() {
            return;
        }
        match self.parts.append(part, entry) {
            Ok(()) => self.written += entry.len() as u64,
            Err(e) => self.error = Some(e),
        }
    }

    /// Bytes written so far.
    pub(crate) fn written(&self) -> u64 {
        self.written
    }

    /// Hands each partition's bytes to `each`, one partition in memory at a time; the first
    /// error of a write or a read ends it.
    pub(crate) fn each_part(&mut self, mut each: impl FnMut(&[u8])) -> io::Result<()> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        let mut bytes = Vec::new();
        for part in 0..PARTS {
            self.parts.take(part, &mut bytes)?;
            each(&bytes);
        }
        Ok(())
    }
}

/// Parts kept in memory: for tests, and for callers that bound memory some other way.
#[derive(Debug, Default)]
pub struct MemorySpill;

impl SpillStorage for MemorySpill {
    fn open(&self, _name: &str, parts: usize) -> io::Result<Box<dyn SpillParts>> {
        Ok(Box::new(MemoryParts(vec![Vec::new(); parts])))
    }
}

struct MemoryParts(Vec<Vec<u8>>);

impl SpillParts for MemoryParts {
    fn append(&mut self, part: usize, bytes: &[u8]) -> io::Result<()> {
        self.0
            .get_mut(part)
            .ok_or_else(|| io::Error::other("no such part"))?
            .extend_from_slice(bytes);
        Ok(())
    }

    fn take(&mut self, part: usize, out: &mut Vec<u8>) -> io::Result<()> {
        out.clear();
        if let Some(p) = self.0.get_mut(part) {
            out.append(p);
        }
        Ok(())
    }
}

/// Reads fixed-size little-endian fields from an entry.
pub(crate) struct Fields<'a> {
    bytes: &'a [u8],
}

impl<'a> Fields<'a> {
    /// The fields of `bytes`.
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Fields { bytes }
    }

    /// The next `N` bytes (zeros past the end).
    pub(crate) fn array<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0u8; N];
        let n = N.min(self.bytes.len());
        let (head, rest) = self.bytes.split_at(n);
        if let Some(o) = out.get_mut(..n) {
            o.copy_from_slice(head);
        }
        self.bytes = rest;
        out
    }

    /// The next `u64`.
    pub(crate) fn u64(&mut self) -> u64 {
        u64::from_le_bytes(self.array())
    }

    /// The next `u32`.
    pub(crate) fn u32(&mut self) -> u32 {
        u32::from_le_bytes(self.array())
    }

    /// The next `n` bytes (fewer at the end).
    pub(crate) fn take(&mut self, n: usize) -> &'a [u8] {
        let n = n.min(self.bytes.len());
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        head
    }

    /// Whether every field was read.
    pub(crate) fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::*;

    #[test]
    fn entries_come_back_in_their_partitions() {
        let mut spill = Spill::new(&MemorySpill, "test").unwrap();
        for k in 0..1000u64 {
            let key = k.wrapping_mul(0x9e37_79b9_7f4a_7c15);
            spill.push(Spill::part_of(key), &key.to_le_bytes());
        }
        assert_eq!(spill.written(), 8000);
        let mut seen = Vec::new();
        let mut parts = 0;
        spill
            .each_part(|bytes| {
                parts += 1;
                let mut f = Fields::new(bytes);
                let mut part = None;
                while !f.is_empty() {
                    let key = f.u64();
                    let p = Spill::part_of(key);
                    assert_eq!(*part.get_or_insert(p), p);
                    seen.push(key);
                }
            })
            .unwrap();
        assert_eq!(parts, PARTS);
        seen.sort_unstable();
        let mut all: Vec<u64> = (0..1000u64)
            .map(|k| k.wrapping_mul(0x9e37_79b9_7f4a_7c15))
            .collect();
        all.sort_unstable();
        assert_eq!(seen, all);
    }
}
