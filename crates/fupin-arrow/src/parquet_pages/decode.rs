//! Decoding of Parquet pages: the RLE / bit-packing hybrid, PLAIN values, data pages v1
//! and v2 with their definition levels, and a column chunk as dictionary indices per row or
//! as bit words. Every function answers `None` on anything it does not read (see the
//! parent module); nothing here panics or trusts a length in the file.

use parquet::basic::{Encoding, Type as Physical};
use parquet::column::page::Page;
use parquet::file::metadata::RowGroupMetaData;

use super::NULL;

pub(crate) use crate::spare::{give_u16s, give_u32s, take_u16s, take_u32s};

/// A plain value of a page.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Raw<'a> {
    Bytes(&'a [u8]),
    Int32(i32),
    Int64(i64),
    Double(f64),
}

/// Bits appended one run at a time, row `i` being bit `i % 64` of word `i / 64`.
#[derive(Debug, Default, Clone)]
pub(crate) struct Bits {
    pub(crate) words: Vec<u64>,
    pub(crate) len: usize,
}

impl Bits {
    /// Appends the low `n` bits of `w` (`n` ≤ 64; the bits above `n` are ignored).
    #[inline]
    fn push_word(&mut self, w: u64, n: usize) {
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
    fn push_run(&mut self, bit: bool, mut n: usize) {
        let w = if bit { u64::MAX } else { 0 };
        while n > 0 {
            let k = n.min(64);
            self.push_word(w, k);
            n -= k;
        }
    }

    /// Appends the first `n` bits of `bytes` (least significant bit first), or `None` when
    /// `bytes` holds fewer.
    fn push_bytes(&mut self, bytes: &[u8], n: usize) -> Option<()> {
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
    fn ones(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }
}

/// Reads bits in order from words (row `i` is bit `i % 64` of word `i / 64`).
struct BitCursor<'a> {
    words: &'a [u64],
    pos: usize,
}

impl BitCursor<'_> {
    /// The next `n` bits (`n` ≤ 64) as the low bits of a word (missing bits are 0).
    #[inline]
    fn take(&mut self, n: usize) -> u64 {
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

/// An unsigned LEB128 number at the start of `buf`, and the bytes it took.
fn uleb(buf: &[u8]) -> Option<(u64, usize)> {
    let mut v: u64 = 0;
    for (i, b) in buf.iter().enumerate().take(10) {
        v |= u64::from(b & 0x7f).checked_shl(7 * u32::try_from(i).ok()?)?;
        if b & 0x80 == 0 {
            return Some((v, i + 1));
        }
    }
    None
}

/// Walks the RLE / bit-packing hybrid encoding of `count` values of `width` bits:
/// `run(value, n)` for a repeated value, `packed(bytes, n)` for `n` bit-packed values.
/// `None` when the data ends early or is malformed.
fn hybrid(
    mut buf: &[u8],
    width: usize,
    count: usize,
    mut run: impl FnMut(u64, usize),
    mut packed: impl FnMut(&[u8], usize) -> Option<()>,
) -> Option<()> {
    if width > 32 {
        return None;
    }
    let value_bytes = width.div_ceil(8);
    let mut left = count;
    while left > 0 {
        let (header, used) = uleb(buf)?;
        buf = buf.get(used..)?;
        let n = usize::try_from(header >> 1).ok()?;
        if header & 1 == 0 {
            let mut v = [0u8; 8];
            for (d, s) in v.iter_mut().zip(buf.get(..value_bytes)?) {
                *d = *s;
            }
            buf = buf.get(value_bytes..)?;
            let n = n.min(left);
            if n == 0 {
                return None;
            }
            run(u64::from_le_bytes(v), n);
            left -= n;
        } else {
            // n groups of 8 values, `width` bytes each
            let bytes = n.checked_mul(width)?;
            let values = n.checked_mul(8)?.min(left);
            if values == 0 {
                return None;
            }
            let data = buf.get(..bytes.min(buf.len()))?;
            if data.len().saturating_mul(8) < values.saturating_mul(width) {
                return None;
            }
            packed(data, values)?;
            buf = buf.get(data.len()..)?;
            left -= values;
        }
    }
    Some(())
}

/// `count` values of the hybrid encoding with bit width 1, appended as bits.
fn hybrid_bits(buf: &[u8], count: usize, out: &mut Bits) -> Option<()> {
    let cell = std::cell::RefCell::new(out);
    hybrid(
        buf,
        1,
        count,
        |v, n| cell.borrow_mut().push_run(v & 1 == 1, n),
        |bytes, n| cell.borrow_mut().push_bytes(bytes, n),
    )
}

/// `count` values of the hybrid encoding of `width` bits, appended to `out`.
fn hybrid_indices(buf: &[u8], width: usize, count: usize, out: &mut Vec<u32>) -> Option<()> {
    if width > 32 {
        return None;
    }
    let cell = std::cell::RefCell::new(out);
    let mask = if width == 32 {
        u64::from(u32::MAX)
    } else {
        (1u64 << width) - 1
    };
    hybrid(
        buf,
        width,
        count,
        |v, n| {
            let v = u32::try_from(v & mask).unwrap_or(NULL);
            cell.borrow_mut().extend(std::iter::repeat_n(v, n));
        },
        |bytes, n| {
            let mut out = cell.borrow_mut();
            out.reserve(n);
            // value j starts at bit j * width, 0 to 7 bits into its first byte: the 8 bytes
            // from there hold it (width ≤ 32)
            let word = |at: usize| -> u64 {
                match bytes.get(at..).and_then(<[u8]>::first_chunk::<8>) {
                    Some(b) => u64::from_le_bytes(*b),
                    None => {
                        let mut b = [0u8; 8];
                        for (d, s) in b.iter_mut().zip(bytes.get(at..).unwrap_or_default()) {
                            *d = *s;
                        }
                        u64::from_le_bytes(b)
                    }
                }
            };
            let start = out.len();
            out.resize(start + n, 0);
            let dst = out.get_mut(start..)?;
            // whole groups of 8 values by a decoder made for the width, the rest one by one
            let groups = unpack_groups(width, bytes, dst);
            for (j, d) in dst.iter_mut().enumerate().skip(groups * 8) {
                let bit = j * width;
                *d = ((word(bit / 8) >> (bit % 8)) & mask) as u32;
            }
            Some(())
        },
    )
}

/// For each byte of a mask and each byte of values: the values' low bits placed, in order,
/// at the mask's set bits (a bit deposit, byte by byte).
fn deposit_table() -> &'static [[u8; 256]; 256] {
    static TABLE: std::sync::OnceLock<Box<[[u8; 256]; 256]>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = Box::new([[0u8; 256]; 256]);
        for (mask, row) in (0u8..=255).zip(t.iter_mut()) {
            for (src, cell) in (0u8..=255).zip(row.iter_mut()) {
                let (mut m, mut s, mut out) = (mask, src, 0u8);
                while m != 0 {
                    let low = m & m.wrapping_neg();
                    if s & 1 == 1 {
                        out |= low;
                    }
                    s >>= 1;
                    m ^= low;
                }
                *cell = out;
            }
        }
        t
    })
}

/// The low bits of `src`, in order, placed at the set bits of `mask`.
#[inline]
fn deposit(table: &[[u8; 256]; 256], mut src: u64, mask: u64) -> u64 {
    let mut out = 0u64;
    for (i, m) in mask.to_le_bytes().into_iter().enumerate() {
        let placed = table
            .get(usize::from(m))
            .and_then(|row| row.get((src & 0xff) as usize))
            .copied()
            .unwrap_or(0);
        out |= u64::from(placed) << (8 * i);
        src >>= m.count_ones();
    }
    out
}

/// Unpacks whole groups of 8 values of `W` bits (`W` bytes a group) from `bytes` into
/// `dst`, as many as both hold; returns how many groups. With the width known when
/// compiled, each group is a handful of shifts.
fn unpack<const W: usize>(bytes: &[u8], dst: &mut [u32]) -> usize {
    let mask: u64 = if W >= 32 {
        u64::from(u32::MAX)
    } else {
        (1u64 << W) - 1
    };
    let mut done = 0;
    for (src, out) in bytes.chunks_exact(W).zip(dst.chunks_exact_mut(8)) {
        let mut b = [0u8; 40];
        for (d, s) in b.iter_mut().zip(src) {
            *d = *s;
        }
        for (i, d) in out.iter_mut().enumerate() {
            let bit = i * W;
            let at = bit / 8;
            let w = b
                .get(at..at + 8)
                .and_then(|s| <[u8; 8]>::try_from(s).ok())
                .map_or(0, u64::from_le_bytes);
            *d = ((w >> (bit % 8)) & mask) as u32;
        }
        done += 1;
    }
    done
}

/// [`unpack`] for a width known at run time (1 to 32 bits; 0 groups otherwise).
fn unpack_groups(width: usize, bytes: &[u8], dst: &mut [u32]) -> usize {
    macro_rules! widths {
        ($($w:literal)*) => {
            match width {
                $($w => unpack::<$w>(bytes, dst),)*
                _ => 0,
            }
        };
    }
    widths!(1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32)
}

/// `count` PLAIN values of a physical type, each handed to `each`.
fn plain(
    buf: &[u8],
    physical: Physical,
    count: usize,
    mut each: impl FnMut(Raw<'_>),
) -> Option<()> {
    let mut at = 0usize;
    let mut fixed = |size: usize| -> Option<&[u8]> {
        let b = buf.get(at..at.checked_add(size)?)?;
        at += size;
        Some(b)
    };
    for _ in 0..count {
        match physical {
            Physical::BYTE_ARRAY => {
                let len = u32::from_le_bytes(fixed(4)?.try_into().ok()?);
                each(Raw::Bytes(fixed(usize::try_from(len).ok()?)?));
            }
            Physical::INT32 => each(Raw::Int32(i32::from_le_bytes(fixed(4)?.try_into().ok()?))),
            Physical::INT64 => each(Raw::Int64(i64::from_le_bytes(fixed(8)?.try_into().ok()?))),
            Physical::DOUBLE => {
                each(Raw::Double(f64::from_le_bytes(fixed(8)?.try_into().ok()?)));
            }
            _ => return None,
        }
    }
    Some(())
}

/// A data page split into its rows' validity and its values.
struct DataPage<'a> {
    rows: usize,
    /// `None`: every row has a value.
    valid: Option<Bits>,
    values: &'a [u8],
    encoding: Encoding,
}

impl DataPage<'_> {
    fn present(&self) -> usize {
        self.valid.as_ref().map_or(self.rows, Bits::ones)
    }
}

/// A data page of at most `max_rows` rows (more: `None`, before anything is decoded: a
/// header may claim billions of values that a few bytes of run-length encoding "hold").
fn data_page(page: &Page, max_def: i16, max_rows: usize) -> Option<DataPage<'_>> {
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
fn pages(
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

/// A column of a row group: per row, the index of its value in `dict`, or [`NULL`].
#[derive(Debug)]
pub(crate) struct Keyed<T> {
    pub(crate) dict: Vec<T>,
    pub(crate) keys: Vec<u32>,
}

/// Reads column `i` of a row group as [`Keyed`] values, each distinct value of a
/// dictionary parsed once by `parse` (and each value of a PLAIN page once per row).
pub(crate) fn keyed<T>(
    file: &std::sync::Arc<std::fs::File>,
    group: &RowGroupMetaData,
    i: usize,
    parse: impl Fn(Raw<'_>) -> T,
) -> Option<Keyed<T>> {
    let descr = group.schema_descr().columns().get(i)?.clone();
    let physical = descr.physical_type();
    let rows = usize::try_from(group.num_rows()).ok()?;
    let mut out = Keyed {
        dict: Vec::new(),
        keys: take_u32s(),
    };
    out.keys.reserve(rows);
    let mut has_dict = false;
    let mut dense: Vec<u32> = Vec::new();
    for page in pages(file, group, i)? {
        let page = page?;
        if let Page::DictionaryPage {
            buf,
            num_values,
            encoding,
            ..
        } = &page
        {
            if has_dict || !matches!(encoding, Encoding::PLAIN | Encoding::PLAIN_DICTIONARY) {
                return None;
            }
            has_dict = true;
            let n = usize::try_from(*num_values).ok()?;
            // every value takes 4 bytes or more: a count beyond that is not believed
            out.dict.reserve(n.min(buf.len() / 4));
            plain(buf, physical, n, |raw| out.dict.push(parse(raw)))?;
            continue;
        }
        let data = data_page(
            &page,
            descr.max_def_level(),
            rows - out.keys.len().min(rows),
        )?;
        let present = data.present();
        // a page without nulls (the usual one) is decoded straight into the keys
        let whole = present == data.rows;
        if !whole {
            dense.clear();
        }
        let target = if whole { &mut out.keys } else { &mut dense };
        let from = target.len();
        match data.encoding {
            Encoding::PLAIN => {
                let dict = &mut out.dict;
                plain(data.values, physical, present, |raw| {
                    target.push(u32::try_from(dict.len()).unwrap_or(NULL));
                    dict.push(parse(raw));
                })?;
            }
            Encoding::RLE_DICTIONARY | Encoding::PLAIN_DICTIONARY if has_dict => {
                let width = usize::from(*data.values.first()?);
                hybrid_indices(data.values.get(1..)?, width, present, target)?;
            }
            _ => return None,
        }
        let added = target.get(from..).unwrap_or_default();
        if added.len() != present || added.iter().any(|k| *k as usize >= out.dict.len()) {
            return None;
        }
        if let (false, Some(valid)) = (whole, &data.valid) {
            let mut next = dense.iter();
            for row in 0..data.rows {
                let set = valid
                    .words
                    .get(row / 64)
                    .is_some_and(|w| (w >> (row % 64)) & 1 == 1);
                out.keys.push(if set { *next.next()? } else { NULL });
            }
        }
    }
    (out.keys.len() == rows).then_some(out)
}

/// `count` PLAIN byte-array values of `buf` as text, each handed to `each`; `None` when the
/// data ends early or a value is not UTF-8. A page that is UTF-8 as a whole (length
/// prefixes included: the usual page, whose values are shorter than 128 bytes) is checked
/// once, each value then cut from it at its character boundaries (a value cut elsewhere
/// would not be UTF-8 on its own); any other page value by value.
fn plain_texts(buf: &[u8], count: usize, mut each: impl FnMut(&str)) -> Option<()> {
    match std::str::from_utf8(buf) {
        Ok(text) => {
            let mut at = 0usize;
            for _ in 0..count {
                let len = u32::from_le_bytes(*buf.get(at..)?.first_chunk::<4>()?);
                let start = at.checked_add(4)?;
                at = start.checked_add(usize::try_from(len).ok()?)?;
                each(text.get(start..at)?);
            }
            Some(())
        }
        Err(_) => {
            let mut bad = false;
            plain(buf, Physical::BYTE_ARRAY, count, |raw| match raw {
                Raw::Bytes(b) => match std::str::from_utf8(b) {
                    Ok(t) if !bad => each(t),
                    _ => bad = true,
                },
                _ => bad = true,
            })?;
            (!bad).then_some(())
        }
    }
}

/// Reads text column `i` of a row group as one 64-bit value per row, appended to `out`
/// (emptied first): `each` maps a value's text (each distinct value of a dictionary once)
/// and nulls give 0 — written straight into the rows, no dictionary kept for PLAIN pages
/// (the file numbers of a register are all distinct). `None` when the column is not read
/// here, a value is not UTF-8 included.
pub(crate) fn text_values(
    file: &std::sync::Arc<std::fs::File>,
    group: &RowGroupMetaData,
    i: usize,
    each: impl Fn(&str) -> u64,
    mut out: Vec<u64>,
) -> Option<Vec<u64>> {
    let descr = group.schema_descr().columns().get(i)?.clone();
    if descr.physical_type() != Physical::BYTE_ARRAY {
        return None;
    }
    let rows = usize::try_from(group.num_rows()).ok()?;
    out.clear();
    out.reserve(rows);
    let mut dict: Vec<u64> = Vec::new();
    let mut has_dict = false;
    let mut indices = take_u32s();
    let mut dense: Vec<u64> = Vec::new();
    for page in pages(file, group, i)? {
        let page = page?;
        if let Page::DictionaryPage {
            buf,
            num_values,
            encoding,
            ..
        } = &page
        {
            if has_dict || !matches!(encoding, Encoding::PLAIN | Encoding::PLAIN_DICTIONARY) {
                return None;
            }
            has_dict = true;
            let n = usize::try_from(*num_values).ok()?;
            dict.reserve(n.min(buf.len() / 4));
            plain_texts(buf, n, |t| dict.push(each(t)))?;
            continue;
        }
        let data = data_page(&page, descr.max_def_level(), rows - out.len().min(rows))?;
        let present = data.present();
        let whole = present == data.rows;
        if !whole {
            dense.clear();
        }
        let target = if whole { &mut out } else { &mut dense };
        let from = target.len();
        match data.encoding {
            Encoding::PLAIN => plain_texts(data.values, present, |t| target.push(each(t)))?,
            Encoding::RLE_DICTIONARY | Encoding::PLAIN_DICTIONARY if has_dict => {
                let width = usize::from(*data.values.first()?);
                indices.clear();
                hybrid_indices(data.values.get(1..)?, width, present, &mut indices)?;
                for k in &indices {
                    target.push(*dict.get(*k as usize)?);
                }
            }
            _ => return None,
        }
        if target.len() - from != present {
            return None;
        }
        if let (false, Some(valid)) = (whole, &data.valid) {
            let mut next = dense.iter();
            for row in 0..data.rows {
                let set = valid
                    .words
                    .get(row / 64)
                    .is_some_and(|w| (w >> (row % 64)) & 1 == 1);
                out.push(if set { *next.next()? } else { 0 });
            }
        }
    }
    give_u32s(indices);
    (out.len() == rows).then_some(out)
}

/// The PLAIN byte-array values of a page as text, one after the other (`None`: the data
/// ends early or a value is not UTF-8). A page that is UTF-8 as a whole is checked once
/// (see [`plain_texts`]).
struct PlainCursor<'a> {
    buf: &'a [u8],
    whole: Option<&'a str>,
    at: usize,
}

impl<'a> PlainCursor<'a> {
    fn new(buf: &'a [u8]) -> Self {
        PlainCursor {
            buf,
            whole: std::str::from_utf8(buf).ok(),
            at: 0,
        }
    }

    #[inline]
    fn next_text(&mut self) -> Option<&'a str> {
        let len = u32::from_le_bytes(*self.buf.get(self.at..)?.first_chunk::<4>()?);
        let start = self.at.checked_add(4)?;
        let end = start.checked_add(usize::try_from(len).ok()?)?;
        self.at = end;
        match self.whole {
            Some(t) => t.get(start..end),
            None => std::str::from_utf8(self.buf.get(start..end)?).ok(),
        }
    }
}

/// Walks the rows of a page: `each(row, text, previous)` for each, `previous` being the
/// text of the row before (`carry` for the page's first row; `None`: null or none), the
/// present rows' texts taken from `next` in order. Returns the last row's text.
fn walk_rows<'a>(
    page: &DataPage<'_>,
    first_row: usize,
    carry: Option<&'a str>,
    mut next: impl FnMut() -> Option<&'a str>,
    each: &mut impl FnMut(usize, Option<&str>, Option<&str>),
) -> Option<Option<&'a str>> {
    let mut last = carry;
    match &page.valid {
        Some(valid) if page.present() < page.rows => {
            for row in 0..page.rows {
                let set = valid
                    .words
                    .get(row / 64)
                    .is_some_and(|w| (w >> (row % 64)) & 1 == 1);
                let text = if set { Some(next()?) } else { None };
                each(first_row + row, text, last);
                last = text;
            }
        }
        _ => {
            for row in 0..page.rows {
                let text = next()?;
                each(first_row + row, Some(text), last);
                last = Some(text);
            }
        }
    }
    Some(last)
}

/// Reads text column `i` of a row group row by row, in order: `each(row, text,
/// previous)` with the row's text (`None`: null) and the text of the row before it
/// (`None`: null, or the first row) — straight from the pages, nothing kept but the
/// dictionary's text. `None` when the column is not read here, a value not UTF-8
/// included (`each` may have seen some rows then).
pub(crate) fn text_rows(
    file: &std::sync::Arc<std::fs::File>,
    group: &RowGroupMetaData,
    i: usize,
    mut each: impl FnMut(usize, Option<&str>, Option<&str>),
) -> Option<()> {
    let descr = group.schema_descr().columns().get(i)?.clone();
    if descr.physical_type() != Physical::BYTE_ARRAY {
        return None;
    }
    let rows = usize::try_from(group.num_rows()).ok()?;
    // the dictionary's values: their text, one after the other, and where each ends
    let mut dict_text = String::new();
    let mut dict_ends: Vec<usize> = Vec::new();
    let mut has_dict = false;
    let mut indices = take_u32s();
    // the text of the last row of the page before (`None`: null, or no page yet)
    let mut carry: Option<String> = None;
    let mut done = 0usize;
    for page in pages(file, group, i)? {
        let page = page?;
        if let Page::DictionaryPage {
            buf,
            num_values,
            encoding,
            ..
        } = &page
        {
            if has_dict || !matches!(encoding, Encoding::PLAIN | Encoding::PLAIN_DICTIONARY) {
                return None;
            }
            has_dict = true;
            let n = usize::try_from(*num_values).ok()?;
            dict_ends.reserve(n.min(buf.len() / 4));
            dict_text.reserve(buf.len());
            plain_texts(buf, n, |t| {
                dict_text.push_str(t);
                dict_ends.push(dict_text.len());
            })?;
            continue;
        }
        let data = data_page(&page, descr.max_def_level(), rows - done.min(rows))?;
        let present = data.present();
        let last = match data.encoding {
            Encoding::PLAIN => {
                let mut cursor = PlainCursor::new(data.values);
                walk_rows(
                    &data,
                    done,
                    carry.as_deref(),
                    || cursor.next_text(),
                    &mut each,
                )?
                .map(str::to_owned)
            }
            Encoding::RLE_DICTIONARY | Encoding::PLAIN_DICTIONARY if has_dict => {
                let width = usize::from(*data.values.first()?);
                indices.clear();
                hybrid_indices(data.values.get(1..)?, width, present, &mut indices)?;
                if indices.len() != present {
                    return None;
                }
                let mut keys = indices.iter();
                let (text, ends) = (dict_text.as_str(), dict_ends.as_slice());
                let value = || {
                    let k = *keys.next()? as usize;
                    let start = if k == 0 { 0 } else { *ends.get(k - 1)? };
                    text.get(start..*ends.get(k)?)
                };
                walk_rows(&data, done, carry.as_deref(), value, &mut each)?.map(str::to_owned)
            }
            _ => return None,
        };
        carry = last;
        done += data.rows;
    }
    give_u32s(indices);
    (done == rows).then_some(())
}

/// A yes/no column of a row group as bit words: the values (0 where null) and, when any
/// row is null, the validity.
#[derive(Debug)]
pub(crate) struct YesNo {
    pub(crate) values: Vec<u64>,
    pub(crate) valid: Option<Vec<u64>>,
}

/// Reads yes/no column `i` of a row group.
pub(crate) fn yes_no_column(
    file: &std::sync::Arc<std::fs::File>,
    group: &RowGroupMetaData,
    i: usize,
) -> Option<YesNo> {
    let descr = group.schema_descr().columns().get(i)?.clone();
    let rows = usize::try_from(group.num_rows()).ok()?;
    let mut values = Bits {
        words: Vec::with_capacity(rows.div_ceil(64)),
        len: 0,
    };
    let mut valid = Bits::default();
    let mut nulls = false;
    let mut dense = Bits::default();
    for page in pages(file, group, i)? {
        let page = page?;
        let data = data_page(&page, descr.max_def_level(), rows - values.len.min(rows))?;
        let present = data.present();
        dense.words.clear();
        dense.len = 0;
        match data.encoding {
            Encoding::PLAIN => dense.push_bytes(data.values, present)?,
            Encoding::RLE => {
                let len = u32::from_le_bytes(data.values.get(..4)?.try_into().ok()?);
                let body = data.values.get(4..4 + usize::try_from(len).ok()?)?;
                hybrid_bits(body, present, &mut dense)?;
            }
            _ => return None,
        }
        if dense.len != present {
            return None;
        }
        match &data.valid {
            Some(v) if present < data.rows => {
                // each 64-row word of validity takes as many values as it has set bits
                let mut cursor = BitCursor {
                    words: &dense.words,
                    pos: 0,
                };
                let mut left = data.rows;
                let table = deposit_table();
                for w in &v.words {
                    let n = left.min(64);
                    let out = if *w == u64::MAX {
                        cursor.take(64)
                    } else {
                        deposit(table, cursor.take(w.count_ones() as usize), *w)
                    };
                    values.push_word(out, n);
                    valid.push_word(*w, n);
                    left -= n;
                }
                nulls = true;
            }
            _ => {
                let mut cursor = BitCursor {
                    words: &dense.words,
                    pos: 0,
                };
                let mut left = data.rows;
                while left > 0 {
                    let n = left.min(64);
                    values.push_word(cursor.take(n), n);
                    left -= n;
                }
                valid.push_run(true, data.rows);
            }
        }
    }
    (values.len == rows).then_some(YesNo {
        values: values.words,
        valid: nulls.then_some(valid.words),
    })
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

    #[test]
    fn deposit_places_bits_in_order() {
        let table = deposit_table();
        // naive deposit, bit by bit
        let naive = |mut src: u64, mask: u64| {
            let mut out = 0;
            for b in 0..64 {
                if (mask >> b) & 1 == 1 {
                    out |= (src & 1) << b;
                    src >>= 1;
                }
            }
            out
        };
        let mut x = 0x9e37_79b9_7f4a_7c15u64;
        for _ in 0..10_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let mask = x.rotate_left(5) & x.rotate_left(29);
            assert_eq!(deposit(table, x, mask), naive(x, mask), "{x:x} {mask:x}");
        }
        assert_eq!(deposit(table, u64::MAX, 0), 0);
        assert_eq!(deposit(table, 0b101, 0b1_0000_0011), 0b1_0000_0001);
    }

    #[test]
    fn unpacking_by_width_matches_bit_by_bit() {
        let bytes: Vec<u8> = (0..200u32).map(|i| (i * 37 % 251) as u8).collect();
        for width in 1..=32usize {
            let n = bytes.len() * 8 / width;
            let mut fast = vec![0u32; n];
            let groups = unpack_groups(width, &bytes, &mut fast);
            assert_eq!(groups, (n / 8).min(bytes.len() / width), "{width}");
            for (j, v) in fast.iter().enumerate().take(groups * 8) {
                let mut expected = 0u32;
                for b in 0..width {
                    let bit = j * width + b;
                    expected |= u32::from((bytes[bit / 8] >> (bit % 8)) & 1) << b;
                }
                assert_eq!(*v, expected, "width {width}, value {j}");
            }
        }
    }

    #[test]
    fn hybrid_runs_and_packed_groups() {
        // a run of 5 threes, then one packed group of 8 values of width 3 (0..8)
        let mut buf = vec![5 << 1, 3, 0b11];
        let packed: u32 = (0..8u32).fold(0, |acc, v| acc | (v << (3 * v)));
        buf.extend_from_slice(&packed.to_le_bytes()[..3]);
        let mut out = Vec::new();
        assert!(hybrid_indices(&buf, 3, 13, &mut out).is_some());
        assert_eq!(out, [3, 3, 3, 3, 3, 0, 1, 2, 3, 4, 5, 6, 7]);
        // truncated: nothing is made up
        let mut short = Vec::new();
        assert!(hybrid_indices(buf.get(..4).unwrap_or_default(), 3, 13, &mut short).is_none());
        // a width beyond 32 bits is refused
        assert!(hybrid_indices(&buf, 33, 1, &mut Vec::new()).is_none());
    }
}
