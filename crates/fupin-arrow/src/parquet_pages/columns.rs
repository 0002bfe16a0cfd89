//! Column chunks of a row group read whole: as dictionary indices per row ([`keyed`]), as
//! one 64-bit value per row of a text column ([`text_values`]), row by row as text
//! ([`text_rows`]), as bit words ([`yes_no_column`]). Every function answers `None` on
//! anything it does not read (see the parent module); nothing here panics or trusts a
//! length in the file.

use parquet::basic::{Encoding, Type as Physical};
use parquet::column::page::Page;
use parquet::file::metadata::RowGroupMetaData;

use super::NULL;
use super::hybrid::{deposit, deposit_table, hybrid_bits, hybrid_indices};
use super::page::{BitCursor, Bits, DataPage, data_page, pages};
use super::plain::{PlainCursor, Raw, plain, plain_texts};

pub(crate) use crate::spare::{give_u16s, give_u32s, give_words, take_u16s, take_u32s, take_words};

/// A column of a row group: per row, the index of its value in `dict`, or [`NULL`].
#[derive(Debug)]
pub(crate) struct Keyed<T> {
    pub(crate) dict: Vec<T>,
    pub(crate) keys: Vec<u32>,
    /// Which rows have a value, as 64-row words; `None` when all of them do.
    pub(crate) valid: Option<Vec<u64>>,
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
        valid: None,
    };
    let mut valid = Bits {
        words: take_words(),
        len: 0,
    };
    let mut nulls = false;
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
        // the largest key found without stopping early, so that it runs on vectors
        let beyond = added
            .iter()
            .fold(0u32, |m, k| m.max(*k))
            .checked_add(1)
            .is_none_or(|end| end as usize > out.dict.len());
        if added.len() != present || (present > 0 && beyond) {
            return None;
        }
        match (whole, &data.valid) {
            (false, Some(page_valid)) => {
                // the present rows' keys placed among the page's rows, 64 rows at a time
                nulls = true;
                let mut next = dense.iter().copied();
                let mut left = data.rows;
                for w in &page_valid.words {
                    let n = left.min(64);
                    let w = if n < 64 { w & ((1u64 << n) - 1) } else { *w };
                    if w == 0 {
                        out.keys.extend(std::iter::repeat_n(NULL, n));
                    } else if w.count_ones() as usize == n {
                        out.keys.extend(next.by_ref().take(n));
                    } else {
                        for b in 0..n {
                            out.keys.push(if (w >> b) & 1 == 1 {
                                next.next()?
                            } else {
                                NULL
                            });
                        }
                    }
                    valid.push_word(w, n);
                    left -= n;
                }
            }
            _ => valid.push_run(true, data.rows),
        }
    }
    if nulls {
        out.valid = Some(valid.words);
    } else {
        give_words(valid.words);
    }
    (out.keys.len() == rows).then_some(out)
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
    // buffers from this thread's spares (fresh ones of a row group's size would cost their
    // page faults every time)
    let mut values = Bits {
        words: take_words(),
        len: 0,
    };
    values.words.reserve(rows.div_ceil(64));
    let mut valid = Bits {
        words: take_words(),
        len: 0,
    };
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
    if values.len != rows {
        give_words(values.words);
        give_words(valid.words);
        return None;
    }
    let valid = if nulls {
        Some(valid.words)
    } else {
        give_words(valid.words);
        None
    };
    Some(YesNo {
        values: values.words,
        valid,
    })
}

impl YesNo {
    /// Gives the column's buffers back to this thread's spares.
    pub(crate) fn recycle(self) {
        give_words(self.values);
        if let Some(valid) = self.valid {
            give_words(valid);
        }
    }
}
