//! Data pages: a page split into its rows' validity (definition levels, v1 and v2) and its
//! values, the pages of a column chunk, and the bit words validity and yes/no values land in.

use parquet::basic::Encoding;
use parquet::column::page::Page;
use parquet::file::metadata::RowGroupMetaData;

use super::hybrid::hybrid_bits;

/// Bits appended one run at a time, row `i` being bit `i % 64` of word `i / 64`.
#[derive(Debug, Default, Clone)]
pub(crate) struct Bits {
    pub(crate) words: Vec<u64>,
    pub(crate) len: usize,
}

impl Bits {
    /// Appends the low `n` bits of `w` (`n` ≤ 64; the bits above `n` are ignored).
    #[inline]
    pub(super) fn push_word(&mut self, w: u64, n: usize) {
        if n == 0 {
            return;
        }
        let w = if n < 64 { w & ((1u64 << n) - 1) } else { w };
        let off = self.len % 64;
        if off == 0 {
            self.words.push(w);
        } else {
            if let Some(last) = self.words.last_mut() {
                *last |= w << off;
            }
            if off + n > 64 {
                self.words.push(w >> (64 - off));
            }
        }
        self.len += n;
    }

    /// Appends `n` copies of `bit`.
    pub(super) fn push_run(&mut self, bit: bool, mut n: usize) {
        let w = if bit { u64::MAX } else { 0 };
        while n > 0 {
            let k = n.min(64);
            self.push_word(w, k);
            n -= k;
        }
    }

    /// Appends the first `n` bits of `bytes` (least significant bit first), or `None` when
    /// `bytes` holds fewer.
    pub(super) fn push_bytes(&mut self, bytes: &[u8], n: usize) -> Option<()> {
        if bytes.len().saturating_mul(8) < n {
            return None;
        }
        let mut left = n;
        for chunk in bytes.chunks(8) {
            if left == 0 {
                break;
            }
            let mut b = [0u8; 8];
            for (d, s) in b.iter_mut().zip(chunk) {
                *d = *s;
            }
            let k = left.min(64).min(chunk.len() * 8);
            self.push_word(u64::from_le_bytes(b), k);
            left -= k;
        }
        Some(())
    }

    /// How many bits are set.
    pub(super) fn ones(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }
}

/// Reads bits in order from words (row `i` is bit `i % 64` of word `i / 64`).
pub(super) struct BitCursor<'a> {
    pub(super) words: &'a [u64],
    pub(super) pos: usize,
}

impl BitCursor<'_> {
    /// The next `n` bits (`n` ≤ 64) as the low bits of a word (missing bits are 0).
    #[inline]
    pub(super) fn take(&mut self, n: usize) -> u64 {
        if n == 0 {
            return 0;
        }
        let (i, off) = (self.pos / 64, self.pos % 64);
        let lo = self.words.get(i).copied().unwrap_or(0) >> off;
        let w = if off == 0 {
            lo
        } else {
            lo | (self.words.get(i + 1).copied().unwrap_or(0) << (64 - off))
        };
        self.pos += n;
        if n < 64 { w & ((1u64 << n) - 1) } else { w }
    }
}

/// A data page split into its rows' validity and its values.
pub(super) struct DataPage<'a> {
    pub(super) rows: usize,
    /// `None`: every row has a value.
    pub(super) valid: Option<Bits>,
    pub(super) values: &'a [u8],
    pub(super) encoding: Encoding,
}

impl DataPage<'_> {
    pub(super) fn present(&self) -> usize {
        self.valid.as_ref().map_or(self.rows, Bits::ones)
    }
}

/// A data page of at most `max_rows` rows (more: `None`, before anything is decoded: a
/// header may claim billions of values that a few bytes of run-length encoding "hold").
pub(super) fn data_page(page: &Page, max_def: i16, max_rows: usize) -> Option<DataPage<'_>> {
    match page {
        Page::DataPage {
            buf,
            num_values,
            encoding,
            def_level_encoding,
            ..
        } => {
            let rows = usize::try_from(*num_values).ok()?;
            if rows > max_rows {
                return None;
            }
            if max_def == 0 {
                return Some(DataPage {
                    rows,
                    valid: None,
                    values: buf,
                    encoding: *encoding,
                });
            }
            if *def_level_encoding != Encoding::RLE {
                return None;
            }
            let len = usize::try_from(u32::from_le_bytes(buf.get(..4)?.try_into().ok()?)).ok()?;
            let levels = buf.get(4..4usize.checked_add(len)?)?;
            let mut valid = Bits::default();
            hybrid_bits(levels, rows, &mut valid)?;
            Some(DataPage {
                rows,
                valid: Some(valid),
                values: buf.get(4 + len..)?,
                encoding: *encoding,
            })
        }
        Page::DataPageV2 {
            buf,
            num_values,
            encoding,
            num_rows,
            def_levels_byte_len,
            rep_levels_byte_len,
            ..
        } => {
            let rows = usize::try_from(*num_values).ok()?;
            if rows > max_rows
                || *rep_levels_byte_len != 0
                || usize::try_from(*num_rows).ok()? != rows
            {
                return None;
            }
            let def_len = usize::try_from(*def_levels_byte_len).ok()?;
            let values = buf.get(def_len..)?;
            if max_def == 0 {
                return (def_len == 0).then_some(DataPage {
                    rows,
                    valid: None,
                    values,
                    encoding: *encoding,
                });
            }
            let mut valid = Bits::default();
            hybrid_bits(buf.get(..def_len)?, rows, &mut valid)?;
            Some(DataPage {
                rows,
                valid: Some(valid),
                values,
                encoding: *encoding,
            })
        }
        Page::DictionaryPage { .. } => None,
    }
}

/// The pages of column `i` of a row group.
pub(super) fn pages(
    file: &std::sync::Arc<std::fs::File>,
    group: &RowGroupMetaData,
    i: usize,
) -> Option<impl Iterator<Item = Option<Page>>> {
    let chunk = group.columns().get(i)?;
    let rows = usize::try_from(group.num_rows()).ok()?;
    let reader = parquet::file::serialized_reader::SerializedPageReader::new(
        file.clone(),
        chunk,
        rows,
        None,
    )
    .ok()?;
    Some(reader.map(Result::ok))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_append_across_words() {
        let mut b = Bits::default();
        b.push_run(true, 3);
        b.push_word(0b10, 2);
        b.push_run(false, 70);
        b.push_bytes(&[0xff, 0x01], 9).unwrap_or_default();
        assert_eq!(b.len, 84);
        assert_eq!(b.words.first().copied(), Some(0b1_0111));
        assert_eq!(b.ones(), 4 + 9);
        let mut c = BitCursor {
            words: &b.words,
            pos: 75,
        };
        assert_eq!(c.take(9), 0x1ff);
    }
}
