//! [`FieldColumns`] read 64 rows at a time, the way Arrow lays out yes/no columns: a block's
//! yes/no cells, statuses and incomes (by their side of the poverty line) as bit words of
//! the flags table's key. Two outputs are built from a block: a
//! [flags word](super::layout::flags_of) per row (looked up from a table `flags_of` filled), or
//! [`FlagWords`] — one bit word per flag, for counting by population count without a word
//! per row.

use std::sync::OnceLock;

use super::super::facts::{HouseholdFields, exit_rule};
use super::super::input::{BitColumn, FieldColumns, IncomeValues};
use super::layout::flags_of;
use crate::household::HouseholdStatus;
use crate::money::Yuan;

/// Flags in bit words: bit `b` of word `f` of entry `i` is flag bit `f` (see
/// [`flag`](super::layout::flag): `1 << f`) of row `64 i + b`. Bits of rows beyond the last are 0.
pub(crate) type FlagWords = [u64; FLAG_BITS];

/// Flag bits in use (the eleven of [`flag`](super::layout::flag)).
pub(crate) const FLAG_BITS: usize = 11;

/// A block of rows as words of the flags table's key bits (see [`flags_table`]): bit `b`
/// of `keys[k]` is key bit `k` of row `b` — terminal no/yes (0, 1), e-commerce (2, 3),
/// training (4, 5), file complete (6, 7), status poor / not poor (8, 9; neither: not
/// recorded) and the exit rule not met / met (10, 11; neither: undecided). Rows that cannot
/// be read have no bits.
struct Block {
    /// Rows in the block (64 but in the last).
    len: usize,
    /// Rows that can be read: row `64 w + stop` cannot (an invalid amount, or a short
    /// status column) when `stop < len`.
    stop: usize,
    /// The key bits, one word each.
    keys: [u64; KEY_BITS],
}

/// Bits of the flags table's key.
const KEY_BITS: usize = 12;

/// The largest whole-yuan amount read ([`Yuan::try_from_yuan`]).
const MAX_WHOLE_YUAN: i64 = 90_000_000_000_000;

/// Bit `b` set where `pred(values[b])`, for the (at most 64) values.
#[inline]
fn mask<T>(values: &[T], pred: impl Fn(&T) -> bool) -> u64 {
    let values = values.get(..64).unwrap_or(values);
    let mut groups = values.chunks_exact(8);
    let mut m = 0u64;
    // eight at a time: unrolled, each shift a constant, which the compiler can turn into
    // vector compares
    for (g, eight) in groups.by_ref().enumerate() {
        let byte = eight
            .iter()
            .enumerate()
            .fold(0u8, |acc, (i, v)| acc | (u8::from(pred(v)) << i));
        m |= u64::from(byte) << (8 * g);
    }
    let done = values.len() - groups.remainder().len();
    for (i, v) in groups.remainder().iter().enumerate() {
        m |= u64::from(pred(v)) << (done + i);
    }
    m
}

/// Reads the columns block by block.
struct Reader<'c, 'a> {
    cols: &'c FieldColumns<'a>,
    /// The exit rule's outcome (0 undecided, 1 not met, 2 met) by income class and
    /// guarantees cell (0 not recorded, 1 no, 2 yes): `[class * 4 + cell]`.
    exits: [u8; 16],
    /// A keyed income column: the class of each distinct amount (3: not an amount).
    keyed: Option<(Vec<u8>, &'c [u32])>,
    /// The line in whole yuan: a whole amount is above the line when above this.
    whole_line: i64,
    at_line: Yuan,
}

impl<'c, 'a> Reader<'c, 'a> {
    fn new(cols: &'c FieldColumns<'a>, line: Option<Yuan>) -> Self {
        // The exit rule reads an income only against the line, so a row's income is one of
        // four classes — 0 not recorded, 1 at or below the line, 2 above it, 3 not a valid
        // amount — and the rule is judged here once for an amount at the line and one a fen
        // above.
        let at_line = line.unwrap_or(Yuan::ZERO);
        let above = Yuan::from_fen(at_line.fen().saturating_add(1));
        let mut exits = [0u8; 16];
        for (class, income) in [None, Some(at_line), Some(above)].into_iter().enumerate() {
            for (g, guarantees) in [None, Some(false), Some(true)].into_iter().enumerate() {
                if let Some(slot) = exits.get_mut(class * 4 + g) {
                    *slot = match exit_rule(income, guarantees, line) {
                        None => 0,
                        Some(false) => 1,
                        Some(true) => 2,
                    };
                }
            }
        }
        let keyed = cols.income_per_capita.as_ref().and_then(|c| {
            let (len, keys) = c.values.keyed()?;
            let classes = (0..len)
                .map(|k| match c.values.entry(k) {
                    Ok(y) => 1 + u8::from(y > at_line),
                    Err(()) => 3,
                })
                .collect();
            Some((classes, keys))
        });
        Reader {
            cols,
            exits,
            keyed,
            // `a * 100 > line` for integers, saturation included
            whole_line: at_line.fen().div_euclid(100),
            at_line,
        }
    }

    fn blocks(&self) -> usize {
        self.cols.rows.div_ceil(64)
    }

    /// Block `w` (rows `64 w ..`).
    fn block(&self, w: usize) -> Block {
        let cols = self.cols;
        let first = w * 64;
        let len = cols.rows.min(first + 64) - first;
        let in_block = if len == 64 {
            u64::MAX
        } else {
            (1u64 << len) - 1
        };
        let rows = |have: usize| -> u64 {
            match have.saturating_sub(first).min(len) {
                64 => u64::MAX,
                k => (1u64 << k) - 1,
            }
        };
        let [t, e, o, fc, g] = [
            &cols.terminal,
            &cols.ecommerce,
            &cols.online_training,
            &cols.file_complete,
            &cols.guarantees_met,
        ]
        .map(|c| word(c.as_ref(), w));
        // incomes: recorded, above the line, not an amount (or missing from a short column)
        let (mut known, mut above, mut invalid) = (0u64, 0u64, 0u64);
        if let Some(c) = cols.income_per_capita.as_ref() {
            known = c.valid.map_or(in_block, |v| v.get(w).copied().unwrap_or(0)) & in_block;
            let part = |len_of: usize| first.min(len_of)..(first + len).min(len_of);
            let line = self.whole_line;
            let have = match (&self.keyed, c.values) {
                (Some((classes, keys)), _) => {
                    let v = keys.get(part(keys.len())).unwrap_or_default();
                    let class = |k: &u32| classes.get(*k as usize).copied().unwrap_or(3);
                    above = mask(v, |k| class(k) == 2);
                    invalid = mask(v, |k| class(k) == 3);
                    keys.len()
                }
                (None, IncomeValues::Yuan32(values)) => {
                    let v = values.get(part(values.len())).unwrap_or_default();
                    above = mask(v, |a| i64::from(*a) > line);
                    // a negative income is not read here (the adapter reports it)
                    invalid = mask(v, |a| *a < 0);
                    values.len()
                }
                (None, IncomeValues::Yuan(values)) => {
                    let v = values.get(part(values.len())).unwrap_or_default();
                    above = mask(v, |a| *a > line);
                    // negative, or beyond the range amounts are read in: not read here
                    invalid = mask(v, |a| !(0..=MAX_WHOLE_YUAN).contains(a));
                    values.len()
                }
                (None, IncomeValues::Decimal(values)) => {
                    let v = values.get(part(values.len())).unwrap_or_default();
                    // no error made for the NaN under a null cell (`invalid` is masked by
                    // the rows known)
                    let amount = |f: &f64| Yuan::of_f64(*f);
                    above = mask(v, |f| amount(f).is_some_and(|y| y > self.at_line));
                    invalid = mask(v, |f| amount(f).is_none_or(Yuan::is_negative));
                    values.len()
                }
                (None, _) => 0,
            };
            invalid = (invalid | !rows(have)) & known;
        }
        // statuses: not recorded, poor (no column: every household poor)
        let (status_rows, none, poor) = match cols.status {
            Some(s) => {
                let v = s
                    .get(first.min(s.len())..(first + len).min(s.len()))
                    .unwrap_or_default();
                (
                    rows(s.len()),
                    mask(v, Option::is_none),
                    mask(v, |s| s.is_some_and(HouseholdStatus::is_poor)),
                )
            }
            None => (in_block, 0, in_block),
        };
        let unreadable = (invalid | !status_rows) & in_block;
        let stop = if unreadable == 0 {
            len
        } else {
            unreadable.trailing_zeros() as usize
        };
        let readable = rows(first + stop);
        // the exit rule's outcome from the income class and the guarantees cell
        let class = [!known, known & !above & !invalid, known & above & !invalid];
        let cell = [!g.1, g.1 & !g.0, g.1 & g.0];
        let mut exit = [0u64; 3];
        for (c, rows) in class.iter().enumerate() {
            for (k, cells) in cell.iter().enumerate() {
                let outcome = self.exits.get(c * 4 + k).copied().unwrap_or(0);
                if let Some(word) = exit.get_mut(usize::from(outcome)) {
                    *word |= rows & cells;
                }
            }
        }
        let no = |(values, valid): (u64, u64)| valid & !values;
        let yes = |(values, valid): (u64, u64)| valid & values;
        let keys = [
            no(t),
            yes(t),
            no(e),
            yes(e),
            no(o),
            yes(o),
            no(fc),
            yes(fc),
            poor,
            status_rows & !none & !poor,
            exit[1],
            exit[2],
        ]
        .map(|k| k & readable);
        Block { len, stop, keys }
    }
}

/// See [`FieldColumns::flags_into`].
pub(crate) fn flags_into(
    cols: &FieldColumns<'_>,
    line: Option<Yuan>,
    flags: &mut Vec<u16>,
) -> Result<(), usize> {
    let table = flags_table();
    let reader = Reader::new(cols, line);
    let start = flags.len();
    flags.resize(start + cols.rows, 0);
    let out = flags.get_mut(start..).unwrap_or_default();
    for w in 0..reader.blocks() {
        let first = w * 64;
        let block = reader.block(w);
        let keys = spread(block.keys);
        let rows = out.get_mut(first..first + block.stop).unwrap_or_default();
        for (slot, k) in rows.iter_mut().zip(&keys) {
            *slot = table.get(usize::from(*k)).copied().unwrap_or(0);
        }
        if block.stop < block.len {
            flags.truncate(start + first + block.stop);
            return Err(first + block.stop);
        }
    }
    Ok(())
}

/// See [`FieldColumns::flag_words_into`].
pub(crate) fn flag_words_into(
    cols: &FieldColumns<'_>,
    line: Option<Yuan>,
    out: &mut Vec<FlagWords>,
) -> Result<(), usize> {
    let Some(terms) = sliced() else {
        // the flags do not split by field (they do: see the tests): from flags words
        let mut flags = Vec::with_capacity(cols.rows);
        let done = flags_into(cols, line, &mut flags);
        out.extend(super::popcount::words_of_flags(&flags));
        return done;
    };
    let reader = Reader::new(cols, line);
    out.reserve(reader.blocks());
    for w in 0..reader.blocks() {
        let block = reader.block(w);
        let readable = match block.stop {
            64 => u64::MAX,
            k => (1u64 << k) - 1,
        };
        // one word per value of each thing the flags read: a three-valued thing's first
        // value is where neither of its two key bits is set
        let k = block.keys;
        let three = |a: u64, b: u64| [readable & !(a | b), a, b];
        let status = three(k[8], k[9]);
        let values: [[u64; 3]; 6] = [
            [readable; 3],
            three(k[0], k[1]),
            three(k[2], k[3]),
            three(k[4], k[5]),
            three(k[6], k[7]),
            three(k[10], k[11]),
        ];
        let mut words = [0u64; FLAG_BITS];
        for term in terms {
            let value = values
                .get(usize::from(term.part))
                .and_then(|v| v.get(usize::from(term.code)))
                .copied()
                .unwrap_or(0);
            let rows = status.get(usize::from(term.status)).copied().unwrap_or(0);
            if let Some(word) = words.get_mut(usize::from(term.flag)) {
                *word |= rows & value;
            }
        }
        out.push(words);
        if block.stop < block.len {
            return Err(w * 64 + block.stop);
        }
    }
    Ok(())
}

/// One term of the flags split by field: rows of status class `status` whose `part` (0
/// always, 1 terminal, 2 e-commerce, 3 training, 4 file, 5 exit outcome) has code `code`
/// have flag bit `flag` set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Term {
    status: u8,
    part: u8,
    code: u8,
    flag: u8,
}

/// The flags table split by field, if it splits: for each status class, flags set whatever
/// the fields (part 0), plus those each field's code sets on its own — checked against
/// every entry of the table, so the rule stays `flags_of`'s.
fn sliced() -> Option<&'static [Term]> {
    static TERMS: OnceLock<Option<Vec<Term>>> = OnceLock::new();
    TERMS
        .get_or_init(|| {
            let table = flags_table();
            // key bits of each part: (shift, codes); the status class is at `STATUS_SHIFT`
            let parts: [(usize, usize); 5] = [(0, 3), (2, 3), (4, 3), (6, 3), (10, 3)];
            let at = |k: usize| table.get(k).copied().unwrap_or(0);
            let mut terms = Vec::new();
            for s in 0..3u8 {
                let base = at(usize::from(s) << STATUS_SHIFT);
                let mut own = [[0u16; 3]; 5];
                for (p, (shift, codes)) in parts.iter().enumerate() {
                    for c in 0..*codes {
                        let bits = at((usize::from(s) << STATUS_SHIFT) | (c << shift)) & !base;
                        if let Some(slot) = own.get_mut(p).and_then(|o| o.get_mut(c)) {
                            *slot = bits;
                        }
                    }
                }
                // every combination must be the union of its parts
                for key in 0..KEYS {
                    if (key >> STATUS_SHIFT) & 3 != usize::from(s) {
                        continue;
                    }
                    let codes: Vec<usize> =
                        parts.iter().map(|(shift, _)| (key >> shift) & 3).collect();
                    if codes.iter().zip(&parts).any(|(c, (_, n))| c >= n) {
                        continue;
                    }
                    let union = codes.iter().enumerate().fold(base, |acc, (p, c)| {
                        acc | own.get(p).and_then(|o| o.get(*c)).copied().unwrap_or(0)
                    });
                    if union != at(key) {
                        return None;
                    }
                }
                let bits = |mask: u16| (0..FLAG_BITS as u8).filter(move |f| mask & (1 << f) != 0);
                terms.extend(bits(base).map(|flag| Term {
                    status: s,
                    part: 0,
                    code: 0,
                    flag,
                }));
                for (p, codes) in own.iter().enumerate() {
                    for (c, mask) in codes.iter().enumerate() {
                        terms.extend(bits(*mask).map(|flag| Term {
                            status: s,
                            part: u8::try_from(p + 1).unwrap_or(0),
                            code: u8::try_from(c).unwrap_or(0),
                            flag,
                        }));
                    }
                }
            }
            Some(terms)
        })
        .as_deref()
}

/// Word `w` of a yes/no column: its values and which rows are recorded (a missing word:
/// none recorded; no column: none recorded).
#[inline]
fn word(c: Option<&BitColumn<'_>>, w: usize) -> (u64, u64) {
    c.map_or((0, 0), |c| match c.values.get(w) {
        Some(values) => (
            *values,
            c.valid.map_or(u64::MAX, |v| v.get(w).copied().unwrap_or(0)),
        ),
        None => (0, 0),
    })
}

/// The key-bit words of a 64-row block spread to one 16-bit key per row: bit `k` of row `b`'s key
/// is bit `b` of word `k`. Four rows at a time: a multiplication places a word's four bits
/// in the four 16-bit lanes of a `u64` (bit `i` lands at `16 i`: the multiplier's terms
/// `2^(15 j)` put it at `i + 15 j`, and only `j = i` reaches a multiple of 16).
#[inline]
fn spread(words: [u64; KEY_BITS]) -> [u16; 64] {
    const SPREAD: u64 = 1 | 1 << 15 | 1 << 30 | 1 << 45;
    const LANES: u64 = 0x0001_0001_0001_0001;
    let mut keys = [0u16; 64];
    for (q, four) in keys.chunks_exact_mut(4).enumerate() {
        let lanes = words.iter().enumerate().fold(0u64, |acc, (k, w)| {
            acc | ((((w >> (4 * q)) & 0xF).wrapping_mul(SPREAD) & LANES) << k)
        });
        for (i, key) in four.iter_mut().enumerate() {
            *key = (lanes >> (16 * i)) as u16;
        }
    }
    keys
}

/// Keys of the flags table: every value of [`KEY_BITS`] bits.
const KEYS: usize = 1 << KEY_BITS;

/// Where the status class sits in a key.
const STATUS_SHIFT: usize = 8;

/// [`flags_of`] for every combination of what it reads, indexed by keys of 12 bits:
/// terminal, e-commerce, training and file complete (bits 0–7, two each: 0 not recorded,
/// 1 no, 2 yes), status class (bits 8–9: not recorded, poor, not poor) and the exit
/// rule's outcome (bits 10–11: undecided, not met, met). Built by calling `flags_of` itself,
/// with inputs that give each outcome, so the rule stays in one place.
fn flags_table() -> &'static [u16; KEYS] {
    static TABLE: OnceLock<Box<[u16; KEYS]>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = Box::new([0u16; KEYS]);
        let tri = |k: usize| match k {
            1 => Some(false),
            2 => Some(true),
            _ => None,
        };
        // a line and inputs for each outcome of the exit rule
        let line = Some(Yuan::from_yuan(100));
        let exit_inputs = [
            (None, None),                             // undecided
            (None, Some(false)),                      // not met
            (Some(Yuan::from_yuan(200)), Some(true)), // met
        ];
        for (key, slot) in table.iter_mut().enumerate() {
            let status = match (key >> STATUS_SHIFT) & 3 {
                0 => None,
                1 => Some(HouseholdStatus::Poor),
                2 => Some(HouseholdStatus::Exited),
                _ => continue,
            };
            let Some((income, guarantees)) = exit_inputs.get((key >> 10) & 3).copied() else {
                continue;
            };
            let f = HouseholdFields {
                people: 1,
                status,
                terminal: tri(key & 3),
                ecommerce: tri((key >> 2) & 3),
                online_training: tri((key >> 4) & 3),
                file_complete: tri((key >> 6) & 3),
                income_per_capita: income,
                guarantees_met: guarantees,
            };
            *slot = flags_of(&f, line);
        }
        table
    })
}

#[cfg(test)]
mod tests {
    /// `flags_of` splits by field (what each field's code sets, per status class), so the
    /// flag words are built from bit words, not row by row.
    #[test]
    fn the_flags_split_by_field() {
        let terms = super::sliced().expect("flags_of splits by field");
        assert!(!terms.is_empty());
    }
}
