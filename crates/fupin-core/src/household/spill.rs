//! [`Spill`]: entries written to a temporary folder, partitioned by hash, and read back one
//! partition at a time — what keeps the tables of duplicates bounded whatever the size of
//! the input ([`super::late`]). Only fingerprints, pseudonyms, places and file numbers are
//! written (never an ID number), in a folder only its owner may read (on Unix), removed when
//! the spill is dropped.

use std::fs::{self, File};
use std::io::{self, BufWriter, Read, Write};
use std::path::PathBuf;

/// Partitions: entries with the same key are in the same one, a 64th of the spill.
pub(crate) const PARTS: usize = 64;

/// The write buffer of one partition.
const BUFFER: usize = 32 * 1024;

/// Entries of one kind in [`PARTS`] files.
pub(crate) struct Spill {
    dir: PathBuf,
    parts: Vec<BufWriter<File>>,
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

/// A new folder under the system's temporary folder, readable by its owner only.
fn private_dir(name: &str) -> io::Result<PathBuf> {
    let dir = std::env::temp_dir().join(format!(
        "fupin-{name}-{}-{}",
        std::process::id(),
        uuid::Uuid::new_v4().simple()
    ));
    let mut builder = fs::DirBuilder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(&dir)?;
    Ok(dir)
}

impl Spill {
    /// An empty spill in a new temporary folder (`name` is part of its name).
    pub(crate) fn new(name: &str) -> io::Result<Spill> {
        let dir = private_dir(name)?;
        let mut spill = Spill {
            dir,
            parts: Vec::with_capacity(PARTS),
            error: None,
            written: 0,
        };
        for i in 0..PARTS {
            let file = File::create(spill.dir.join(format!("{i:02}")))?;
            spill.parts.push(BufWriter::with_capacity(BUFFER, file));
        }
        Ok(spill)
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
        if let Some(w) = self.parts.get_mut(part) {
            match w.write_all(entry) {
                Ok(()) => self.written += entry.len() as u64,
                Err(e) => self.error = Some(e),
            }
        }
    }

    /// Bytes written so far.
    pub(crate) fn written(&self) -> u64 {
        self.written
    }

    /// Hands each partition's bytes to `each`, one partition in memory at a time (its file
    /// removed once read); the first error of a write or a read ends it.
    pub(crate) fn each_part(&mut self, mut each: impl FnMut(&[u8])) -> io::Result<()> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        let parts = std::mem::take(&mut self.parts);
        let mut bytes = Vec::new();
        for (i, part) in parts.into_iter().enumerate() {
            part.into_inner().map_err(io::IntoInnerError::into_error)?;
            let path = self.dir.join(format!("{i:02}"));
            bytes.clear();
            File::open(&path)?.read_to_end(&mut bytes)?;
            fs::remove_file(&path)?;
            each(&bytes);
        }
        Ok(())
    }
}

impl Drop for Spill {
    fn drop(&mut self) {
        self.parts.clear();
        // nothing to report from a drop: a folder left behind is in the temporary folder
        let _ = fs::remove_dir_all(&self.dir);
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
    fn entries_come_back_in_their_partitions_and_the_folder_goes() {
        let mut spill = Spill::new("test").unwrap();
        let dir = spill.dir.clone();
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
        drop(spill);
        assert!(!dir.exists());
    }
}
