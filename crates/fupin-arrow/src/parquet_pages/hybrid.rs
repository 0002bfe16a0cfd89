//! The RLE / bit-packing hybrid encoding (definition levels, dictionary indices —
//! `RLE_DICTIONARY`, `PLAIN_DICTIONARY` — and `RLE` yes/no values): runs and bit-packed
//! groups, unpacked by a decoder made for each bit width, and the bit deposit that places
//! a page's present values among its rows.

use super::NULL;
use super::page::Bits;

/// An unsigned LEB128 number at the start of `buf`, and the bytes it took.
pub(super) fn uleb(buf: &[u8]) -> Option<(u64, usize)> {
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
pub(super) fn hybrid(
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
pub(super) fn hybrid_bits(buf: &[u8], count: usize, out: &mut Bits) -> Option<()> {
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
pub(super) fn hybrid_indices(
    buf: &[u8],
    width: usize,
    count: usize,
    out: &mut Vec<u32>,
) -> Option<()> {
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
pub(super) fn deposit_table() -> &'static [[u8; 256]; 256] {
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
pub(super) fn deposit(table: &[[u8; 256]; 256], mut src: u64, mask: u64) -> u64 {
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
/// compiled, each group is a handful of shifts: each value is cut from the 8 bytes that
/// begin at its first byte, read straight from `bytes` (the last groups, whose values'
/// 8 bytes may go beyond it, from a copy padded with zeros).
pub(super) fn unpack<const W: usize>(bytes: &[u8], dst: &mut [u32]) -> usize {
    let mask: u64 = if W >= 32 {
        u64::from(u32::MAX)
    } else {
        (1u64 << W) - 1
    };
    let groups = (bytes.len() / W).min(dst.len() / 8);
    // groups whose values' 8 bytes all lie within `bytes`: the last value starts at byte
    // (7 W) / 8 of its group
    let reach = 7 * W / 8 + 8;
    let direct = if bytes.len() >= reach {
        ((bytes.len() - reach) / W + 1).min(groups)
    } else {
        0
    };
    for (g, out) in dst.chunks_exact_mut(8).take(direct).enumerate() {
        let base = g * W;
        for (i, d) in out.iter_mut().enumerate() {
            let bit = i * W;
            let w = bytes
                .get(base + bit / 8..)
                .and_then(<[u8]>::first_chunk::<8>)
                .map_or(0, |b| u64::from_le_bytes(*b));
            *d = ((w >> (bit % 8)) & mask) as u32;
        }
    }
    for (src, out) in bytes
        .chunks_exact(W)
        .zip(dst.chunks_exact_mut(8))
        .take(groups)
        .skip(direct)
    {
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
    }
    groups
}

/// [`unpack`] for a width known at run time (1 to 32 bits; 0 groups otherwise).
pub(super) fn unpack_groups(width: usize, bytes: &[u8], dst: &mut [u32]) -> usize {
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

#[cfg(test)]
mod tests {
    use super::*;

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
