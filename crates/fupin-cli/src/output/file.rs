//! Output files that are never half written and never an input: each is written to a
//! temporary file in its folder and renamed over the destination when the command
//! succeeds ([`Out::finish`]); a failed run removes it, so it leaves no partial file (an
//! interrupted one at most a hidden `.NAME.PID.fupin-tmp`, never a truncated report). And an
//! output that is one of the inputs, or another output, is refused before anything is read
//! ([`refuse_clashes`]).

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::CliError;

/// A temporary file next to its destination, renamed over it by [`Staged::commit`];
/// removed when dropped before.
pub struct Staged {
    tmp: PathBuf,
    dest: PathBuf,
    renamed: bool,
}

impl Staged {
    /// A new, empty temporary file in the folder of `dest`, and the file opened for writing.
    pub fn new(dest: &Path) -> Result<(Self, std::fs::File), CliError> {
        let dir = match dest.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let name = dest
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "out".to_owned());
        let mut n = 0u32;
        loop {
            let tmp = dir.join(format!(
                ".{name}.{}{}.fupin-tmp",
                std::process::id(),
                if n == 0 {
                    String::new()
                } else {
                    format!("-{n}")
                }
            ));
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&tmp)
            {
                Ok(f) => {
                    let staged = Staged {
                        tmp,
                        dest: dest.to_path_buf(),
                        renamed: false,
                    };
                    return Ok((staged, f));
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 100 => n += 1,
                Err(source) => {
                    return Err(CliError::Write {
                        path: dest.to_path_buf(),
                        source,
                    });
                }
            }
        }
    }

    /// The temporary file.
    pub fn path(&self) -> &Path {
        &self.tmp
    }

    /// Renames the temporary file over the destination.
    pub fn commit(&mut self) -> Result<(), CliError> {
        std::fs::rename(&self.tmp, &self.dest).map_err(|source| CliError::Write {
            path: self.dest.clone(),
            source,
        })?;
        self.renamed = true;
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.renamed {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// Where output goes: standard output, or a file written whole or not at all.
pub struct Out {
    w: Box<dyn Write + Send>,
    file: Option<Staged>,
}

impl Out {
    /// Standard output (buffered).
    pub fn stdout() -> Self {
        Out {
            w: Box::new(std::io::BufWriter::new(std::io::stdout())),
            file: None,
        }
    }

    /// A new temporary file next to `dest`, renamed to `dest` by [`Out::finish`].
    pub fn create(dest: &Path) -> Result<Self, CliError> {
        let (staged, file) = Staged::new(dest)?;
        Ok(Out {
            w: Box::new(std::io::BufWriter::new(file)),
            file: Some(staged),
        })
    }

    /// Everything written: flushed, and a file renamed over its destination.
    pub fn finish(mut self) -> Result<(), CliError> {
        let dest = self
            .file
            .as_ref()
            .map_or_else(|| PathBuf::from("<stdout>"), |p| p.dest.clone());
        self.w
            .flush()
            .map_err(|source| CliError::Write { path: dest, source })?;
        match &mut self.file {
            Some(p) => p.commit(),
            None => Ok(()),
        }
    }
}

impl Write for Out {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.w.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.w.flush()
    }
}

/// Whether `a` and `b` are the same file: the same device and inode when both exist
/// (whatever the path, link or relative form), else the same absolute path with links
/// resolved.
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        if let (Ok(x), Ok(y)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return x.dev() == y.dev() && x.ino() == y.ino();
        }
    }
    match (resolved(a), resolved(b)) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

/// `p` absolute, links resolved (of its folder, when it does not exist yet).
fn resolved(p: &Path) -> Option<PathBuf> {
    if let Ok(c) = p.canonicalize() {
        return Some(c);
    }
    let dir = match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Some(dir.canonicalize().ok()?.join(p.file_name()?))
}

/// Refuses outputs (option name, file) that are one of the `inputs`, or each other, before
/// anything is read or written (`output_is_input`, `output_clash`). Standard input (`-`)
/// is not a file, and can be read once (`stdin_twice`).
pub fn refuse_clashes(outputs: &[(&str, Option<&Path>)], inputs: &[&Path]) -> Result<(), CliError> {
    if inputs.iter().filter(|i| i.as_os_str() == "-").count() > 1 {
        return Err(CliError::input(
            Path::new("-"),
            "stdin_twice",
            "standard input (`-`) is given twice: it can be read once",
        ));
    }
    let outputs: Vec<(&str, &Path)> = outputs
        .iter()
        .filter_map(|(name, p)| p.map(|p| (*name, p)))
        .collect();
    for (k, (name, out)) in outputs.iter().enumerate() {
        if let Some(input) = inputs
            .iter()
            .find(|i| i.as_os_str() != "-" && same_file(out, i))
        {
            return Err(CliError::input(
                out,
                "output_is_input",
                format!(
                    "{name} is the input `{}`: refused, it would be overwritten (write elsewhere)",
                    crate::output::term(&input.display().to_string())
                ),
            ));
        }
        if let Some((other, _)) = outputs.iter().skip(k + 1).find(|(_, o)| same_file(out, o)) {
            return Err(CliError::input(
                out,
                "output_clash",
                format!("{name} and {other} are the same file: give each its own"),
            ));
        }
    }
    Ok(())
}
