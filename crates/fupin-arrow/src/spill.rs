//! [`TempSpill`]: the tables of duplicates spilled to a private temporary folder, for the
//! core's [`RecordChecker::spill_over`](fupin_core::household::RecordChecker::spill_over)
//! (the core does no I/O). Used by `fupin validate` and the Python binding's
//! `validate_households`.

use std::fs::{self, File};
use std::io::{self, BufWriter, Read, Write};
use std::path::PathBuf;

use fupin_core::household::{SpillParts, SpillStorage};

/// The write buffer of one part.
const BUFFER: usize = 32 * 1024;

/// Spilled tables in new folders under the system's temporary folder
/// (`std::env::temp_dir()`), one file a part, readable by their owner only (on Unix),
/// removed when the spill ends. Only fingerprints, pseudonyms, places and file numbers are
/// written, never an ID number.
///
/// ```
/// use std::sync::Arc;
/// use fupin_arrow::TempSpill;
/// use fupin_core::household::{DuplicateFinder, RecordChecker};
///
/// let dupes = DuplicateFinder::new(b"a key of 16 bytes")?;
/// let today = chrono::NaiveDate::from_ymd_opt(2020, 6, 30).unwrap();
/// let checker = RecordChecker::new(today, dupes)
///     .spill_over(RecordChecker::SPILL_OVER_BYTES, Arc::new(TempSpill));
/// # let _ = checker;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct TempSpill;

impl SpillStorage for TempSpill {
    fn open(&self, name: &str, parts: usize) -> io::Result<Box<dyn SpillParts>> {
        let dir = private_dir(name)?;
        let mut files = Parts {
            dir,
            writers: Vec::with_capacity(parts),
        };
        for i in 0..parts {
            let file = File::create(files.path(i))?;
            files
                .writers
                .push(Some(BufWriter::with_capacity(BUFFER, file)));
        }
        Ok(Box::new(files))
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

/// One table's parts: a file each.
struct Parts {
    dir: PathBuf,
    /// The writer of each part (`None` once read back).
    writers: Vec<Option<BufWriter<File>>>,
}

impl Parts {
    fn path(&self, part: usize) -> PathBuf {
        self.dir.join(format!("{part:02}"))
    }
}

impl SpillParts for Parts {
    fn append(&mut self, part: usize, bytes: &[u8]) -> io::Result<()> {
        match self.writers.get_mut(part) {
            Some(Some(w)) => w.write_all(bytes),
            _ => Err(io::Error::other(format!("spill part {part} is closed"))),
        }
    }

    fn take(&mut self, part: usize, out: &mut Vec<u8>) -> io::Result<()> {
        out.clear();
        if let Some(w) = self.writers.get_mut(part).and_then(Option::take) {
            w.into_inner().map_err(io::IntoInnerError::into_error)?;
            let path = self.path(part);
            File::open(&path)?.read_to_end(out)?;
            fs::remove_file(&path)?;
        }
        Ok(())
    }
}

impl Drop for Parts {
    fn drop(&mut self) {
        self.writers.clear();
        // nothing to report from a drop: a folder left behind is in the temporary folder
        let _ = fs::remove_dir_all(&self.dir);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::*;

    #[test]
    fn parts_come_back_whole_and_the_folder_goes() {
        let mut parts = TempSpill.open("test", 4).unwrap();
        for k in 0..100u64 {
            parts
                .append(usize::try_from(k % 4).unwrap(), &k.to_le_bytes())
                .unwrap();
        }
        let mut out = Vec::new();
        parts.take(1, &mut out).unwrap();
        let got: Vec<u64> = out
            .chunks(8)
            .map(|c| u64::from_le_bytes(c.try_into().unwrap()))
            .collect();
        assert_eq!(got, (0..100).filter(|k| k % 4 == 1).collect::<Vec<_>>());
        assert!(
            parts.append(1, b"late").is_err(),
            "a part read back is closed"
        );
        let dirs = || {
            fs::read_dir(std::env::temp_dir())
                .unwrap()
                .filter(|e| {
                    e.as_ref()
                        .unwrap()
                        .file_name()
                        .to_string_lossy()
                        .starts_with(&format!("fupin-test-{}-", std::process::id()))
                })
                .count()
        };
        assert_eq!(dirs(), 1);
        drop(parts);
        assert_eq!(dirs(), 0);
    }
}
