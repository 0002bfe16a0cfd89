//! PLAIN values: fixed-size numbers and length-prefixed byte arrays, byte arrays as text
//! (a page that is UTF-8 as a whole checked once).

use parquet::basic::Type as Physical;

/// A plain value of a page.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Raw<'a> {
    Bytes(&'a [u8]),
    Int32(i32),
    Int64(i64),
    Double(f64),
}

/// `count` PLAIN values of a physical type, each handed to `each`.
pub(super) fn plain(
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

/// `count` PLAIN byte-array values of `buf` as text, each handed to `each`; `None` when the
/// data ends early or a value is not UTF-8. A page that is UTF-8 as a whole (length
/// prefixes included: the usual page, whose values are shorter than 128 bytes) is checked
/// once, each value then cut from it at its character boundaries (a value cut elsewhere
/// would not be UTF-8 on its own); any other page value by value.
pub(super) fn plain_texts(buf: &[u8], count: usize, mut each: impl FnMut(&str)) -> Option<()> {
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

/// The PLAIN byte-array values of a page as text, one after the other (`None`: the data
/// ends early or a value is not UTF-8). A page that is UTF-8 as a whole is checked once
/// (see [`plain_texts`]).
pub(super) struct PlainCursor<'a> {
    buf: &'a [u8],
    whole: Option<&'a str>,
    at: usize,
}

impl<'a> PlainCursor<'a> {
    pub(super) fn new(buf: &'a [u8]) -> Self {
        PlainCursor {
            buf,
            whole: std::str::from_utf8(buf).ok(),
            at: 0,
        }
    }

    #[inline]
    pub(super) fn next_text(&mut self) -> Option<&'a str> {
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
