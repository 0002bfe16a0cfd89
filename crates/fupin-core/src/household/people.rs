//! The table of people behind [`super::DuplicateFinder`]: each pseudonym seen, kept as 96 of
//! its 128 bits beside a 32-bit person number, 16 bytes a person in open-addressed shards
//! that grow by a quarter when 85% full (about 21 bytes a person on average; growing a shard
//! never needs much more than the shard). Pseudonyms are HMAC outputs, uniform and not
//! choosable without the key: two different people share the 96 bits kept with a
//! probability of about `n² / 2⁹⁷` for `n` people, below 10⁻¹³ for a hundred million.

use super::id_number::Pseudonym;

/// Shards, chosen by the pseudonym's first byte.
const SHARDS: usize = 256;

/// One person: the first 12 bytes of the pseudonym and the person number plus one (0: the
/// slot is free).
#[derive(Clone, Copy, Default)]
struct Slot {
    high: u64,
    low: u32,
    person: u32,
}

#[derive(Default)]
struct Shard {
    slots: Vec<Slot>,
    len: usize,
}

impl Shard {
    /// The slot of `high` (a uniform number) in a shard of `n` slots.
    fn home(high: u64, n: usize) -> usize {
        ((u128::from(high) * n as u128) >> 64) as usize
    }

    /// The person number of (`high`, `low`), or `None` after recording it as `person`.
    fn find_or_add(&mut self, high: u64, low: u32, person: u32) -> Option<u32> {
        if (self.len + 1) * 20 > self.slots.len() * 17 {
            self.grow();
        }
        let n = self.slots.len();
        let mut i = Shard::home(high, n);
        loop {
            let Some(slot) = self.slots.get_mut(i) else {
                i = 0;
                continue;
            };
            if slot.person == 0 {
                *slot = Slot {
                    high,
                    low,
                    person: person.saturating_add(1),
                };
                self.len += 1;
                return None;
            }
            if slot.high == high && slot.low == low {
                return Some(slot.person - 1);
            }
            i += 1;
        }
    }

    fn grow(&mut self) {
        let n = (self.slots.len() + self.slots.len() / 4).max(16);
        let old = std::mem::replace(&mut self.slots, vec![Slot::default(); n]);
        for slot in old.into_iter().filter(|s| s.person != 0) {
            let mut i = Shard::home(slot.high, n);
            while let Some(s) = self.slots.get_mut(i) {
                if s.person == 0 {
                    *s = slot;
                    break;
                }
                i = if i + 1 == n { 0 } else { i + 1 };
            }
        }
    }
}

/// Pseudonyms seen, each with a person number.
pub(crate) struct People {
    shards: Vec<Shard>,
    len: usize,
    /// What [`People::warm`] read (unused).
    warmth: u32,
}

impl Default for People {
    fn default() -> Self {
        People {
            shards: (0..SHARDS).map(|_| Shard::default()).collect(),
            len: 0,
            warmth: 0,
        }
    }
}

impl People {
    /// The number of the person of pseudonym `p` when seen before; else `None`, and `p` is
    /// recorded as person `person` (below `u32::MAX`).
    pub(crate) fn find_or_add(&mut self, p: &Pseudonym, person: u32) -> Option<u32> {
        let (shard, high, low) = People::place(p);
        let found = self.shards.get_mut(shard)?.find_or_add(high, low, person);
        if found.is_none() {
            self.len += 1;
        }
        found
    }

    /// Where pseudonym `p` goes: its shard, and the two numbers kept of it.
    fn place(p: &Pseudonym) -> (usize, u64, u32) {
        let b = p.bytes();
        let mut high = [0u8; 8];
        let mut low = [0u8; 4];
        for (d, s) in high.iter_mut().chain(low.iter_mut()).zip(b) {
            *d = *s;
        }
        let shard = usize::from(b.first().copied().unwrap_or(0)) % SHARDS;
        (shard, u64::from_le_bytes(high), u32::from_le_bytes(low))
    }

    /// Reads the home slots of `ps` one after the other, without waiting for each (the
    /// reads are independent), so that [`People::find_or_add`] then finds them in the
    /// cache.
    pub(crate) fn warm<'p>(&mut self, ps: impl Iterator<Item = &'p Pseudonym>) {
        let mut sum = 0u32;
        for p in ps {
            let (shard, high, _) = People::place(p);
            if let Some(shard) = self.shards.get(shard) {
                let home = Shard::home(high, shard.slots.len());
                sum = sum.wrapping_add(shard.slots.get(home).map_or(0, |s| s.person));
            }
        }
        // kept, so that the reads are not optimised away
        self.warmth = self.warmth.wrapping_add(sum);
    }

    /// Hands every person recorded to `each`: the 12 bytes kept of the pseudonym and the
    /// person number.
    pub(crate) fn each(&self, mut each: impl FnMut([u8; 12], u32)) {
        for slot in self.shards.iter().flat_map(|s| &s.slots) {
            if slot.person != 0 {
                let mut kept = [0u8; 12];
                for (d, s) in kept.iter_mut().zip(
                    slot.high
                        .to_le_bytes()
                        .into_iter()
                        .chain(slot.low.to_le_bytes()),
                ) {
                    *d = s;
                }
                each(kept, slot.person - 1);
            }
        }
    }

    /// People recorded.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Bytes the table takes.
    pub(crate) fn bytes(&self) -> usize {
        self.shards
            .iter()
            .map(|s| s.slots.capacity() * std::mem::size_of::<Slot>())
            .sum()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests")]
mod tests {
    use super::*;
    use crate::household::{IdNumber, PseudonymKey};

    #[test]
    fn people_are_found_again_by_number_and_the_table_stays_small() {
        let key = PseudonymKey::new(b"0123456789abcdef");
        let mut people = People::default();
        let ids: Vec<IdNumber> = (0..20_000u32)
            .map(|i| {
                let seq = format!("5223271970{:04}{:03}", 101 + (i / 1000) % 28, i % 1000);
                let first17: [u8; 17] = seq.as_bytes().try_into().unwrap();
                let check = crate::household::check_char(&first17);
                format!("{seq}{check}").parse().unwrap()
            })
            .collect();
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(people.find_or_add(&key.of(id), i as u32), None);
        }
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(people.find_or_add(&key.of(id), 7), Some(i as u32));
        }
        assert_eq!(people.len(), ids.len());
        // 16 bytes a slot, at most 85% full after growing by a quarter from at least 68%
        assert!(people.bytes() <= ids.len() * 16 * 100 / 55 + SHARDS * 16 * 16);
    }
}
