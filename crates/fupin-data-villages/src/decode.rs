//! Reading the FPV1 table (format: `gen/generate.py`), optionally gzip-compressed.

use crate::VillagesError;

/// The largest decompressed table read (the 2023 table is 14.2 MB).
#[cfg(feature = "gzip")]
const MAX_TABLE: u64 = 256 * 1024 * 1024;

/// The table's parts, checked: codes ascending, every name a UTF-8 slice of `names`.
#[derive(Debug)]
pub(crate) struct Parts {
    pub(crate) vintage: u16,
    pub(crate) source: String,
    pub(crate) townships: usize,
    pub(crate) codes: Vec<u64>,
    pub(crate) ends: Vec<u32>,
    pub(crate) names: String,
}

/// The decompressed table: `bytes` itself, or its gzip content.
pub(crate) fn table_bytes(bytes: &[u8]) -> Result<std::borrow::Cow<'_, [u8]>, VillagesError> {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        return gunzip(bytes).map(std::borrow::Cow::Owned);
    }
    Ok(std::borrow::Cow::Borrowed(bytes))
}

#[cfg(feature = "gzip")]
fn gunzip(bytes: &[u8]) -> Result<Vec<u8>, VillagesError> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .take(MAX_TABLE + 1)
        .read_to_end(&mut out)
        .map_err(|e| VillagesError::Gzip {
            message: e.to_string(),
        })?;
    if out.len() as u64 > MAX_TABLE {
        return Err(VillagesError::Gzip {
            message: format!("the table is larger than {MAX_TABLE} bytes"),
        });
    }
    Ok(out)
}

#[cfg(not(feature = "gzip"))]
fn gunzip(_: &[u8]) -> Result<Vec<u8>, VillagesError> {
    Err(VillagesError::Compressed)
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn corrupt(&self, what: &'static str) -> VillagesError {
        VillagesError::Corrupt {
            offset: self.pos,
            what,
        }
    }

    fn varint(&mut self, what: &'static str) -> Result<u64, VillagesError> {
        let mut value: u64 = 0;
        for shift in (0..64).step_by(7) {
            let b = *self.bytes.get(self.pos).ok_or_else(|| self.corrupt(what))?;
            self.pos += 1;
            value |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(self.corrupt(what))
    }

    fn take(&mut self, len: usize, what: &'static str) -> Result<&'a [u8], VillagesError> {
        let end = self
            .pos
            .checked_add(len)
            .ok_or_else(|| self.corrupt(what))?;
        let bytes: &'a [u8] = self.bytes;
        let slice = bytes.get(self.pos..end).ok_or_else(|| self.corrupt(what))?;
        self.pos = end;
        Ok(slice)
    }

    fn count(&mut self, what: &'static str) -> Result<usize, VillagesError> {
        let n = self.varint(what)?;
        // every row takes at least one byte of code and one of length
        usize::try_from(n)
            .ok()
            .filter(|&n| n <= self.bytes.len())
            .ok_or_else(|| self.corrupt(what))
    }
}

/// Decodes and checks a decompressed table.
pub(crate) fn decode(bytes: &[u8]) -> Result<Parts, VillagesError> {
    let magic = bytes.get(..4).ok_or(VillagesError::NotATable)?;
    if magic != b"FPV1" {
        if magic.starts_with(b"FPV") {
            return Err(VillagesError::UnsupportedVersion {
                magic: String::from_utf8_lossy(magic).into_owned(),
            });
        }
        return Err(VillagesError::NotATable);
    }
    let mut r = Reader { bytes, pos: 4 };
    let vintage = u16::try_from(r.varint("vintage")?).map_err(|_| r.corrupt("vintage"))?;
    let len = r.count("source length")?;
    let source = std::str::from_utf8(r.take(len, "source")?)
        .map_err(|_| r.corrupt("source is not UTF-8"))?
        .to_owned();
    let townships = r.count("township count")?;
    let villages = r.count("village count")?;
    let rows = townships + villages;
    let mut codes = Vec::with_capacity(rows);
    let mut prev = 0u64;
    let (mut seen_townships, mut seen_villages) = (0usize, 0usize);
    let mut township = 0u64;
    for i in 0..rows {
        let delta = r.varint("code")?;
        if i > 0 && delta == 0 {
            return Err(r.corrupt("codes not strictly ascending"));
        }
        let code = prev
            .checked_add(delta)
            .filter(|&c| c < 1_000_000_000_000)
            .ok_or_else(|| r.corrupt("code beyond 12 digits"))?;
        match crate::key::level_of(code) {
            Some(fupin_core::region::Level::Township) => {
                seen_townships += 1;
                township = code;
            }
            Some(_) => {
                // a village follows its township (codes ascend, the township ends in 000)
                if code / 1000 * 1000 != township {
                    return Err(r.corrupt("village without its township"));
                }
                seen_villages += 1;
            }
            None => return Err(r.corrupt("code above township level")),
        }
        codes.push(code);
        prev = code;
    }
    if (seen_townships, seen_villages) != (townships, villages) {
        return Err(r.corrupt("row counts differ from the header"));
    }
    let mut ends = Vec::with_capacity(rows);
    let mut end = 0u32;
    for _ in 0..rows {
        let len = u32::try_from(r.varint("name length")?).map_err(|_| r.corrupt("name length"))?;
        end = end
            .checked_add(len)
            .ok_or_else(|| r.corrupt("names too long"))?;
        ends.push(end);
    }
    let blob = r.take(end as usize, "names")?.to_vec();
    if r.pos != bytes.len() {
        return Err(r.corrupt("bytes after the names"));
    }
    let at = r.pos;
    let names = String::from_utf8(blob).map_err(|_| VillagesError::Corrupt {
        offset: at,
        what: "names are not UTF-8",
    })?;
    let mut start = 0usize;
    for &e in &ends {
        let e = e as usize;
        if start == e || names.get(start..e).is_none() {
            return Err(VillagesError::Corrupt {
                offset: at,
                what: "a name is empty or splits a character",
            });
        }
        start = e;
    }
    Ok(Parts {
        vintage,
        source,
        townships,
        codes,
        ends,
        names,
    })
}
