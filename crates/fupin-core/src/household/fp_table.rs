//! [`FpTable`]: fingerprints (uniform 64-bit keys) to 64-bit values, 16 bytes a slot in
//! open-addressed shards that grow by a quarter when 85% full — about 21 bytes an entry, where
//! a `HashMap` doubling its buckets takes 24–40 and, while it grows, the old buckets and
//! the new at once (a shard grows alone, so the table never needs much more than itself).

/// Shards, chosen by a key's low bits (its slot comes from its high bits).
const SHARDS: usize = 64;

#[derive(Clone, Copy, Default)]
struct Slot {
    /// The key; 0: the slot is free (the key 0 is kept apart).
    key: u64,
    value: u64,
}

#[derive(Default)]
struct Shard {
    slots: Vec<Slot>,
    len: usize,
}

impl Shard {
    fn home(key: u64, n: usize) -> usize {
        ((u128::from(key) * n as u128) >> 64) as usize
    }

    /// The slot of `key`, or the free slot where it goes (there is one: the shard is never
    /// full).
    fn find(&self, key: u64) -> usize {
        let n = self.slots.len();
        let mut i = Shard::home(key, n);
        while let Some(s) = self.slots.get(i) {
            if s.key == key || s.key == 0 {
                return i;
            }
            i = if i + 1 == n { 0 } else { i + 1 };
        }
        i
    }

    fn reserve_one(&mut self) {
        if (self.len + 1) * 20 > self.slots.len() * 17 {
            let n = (self.slots.len() + self.slots.len() / 4).max(16);
            let old = std::mem::replace(&mut self.slots, vec![Slot::default(); n]);
            for slot in old.into_iter().filter(|s| s.key != 0) {
                let i = self.find(slot.key);
                if let Some(s) = self.slots.get_mut(i) {
                    *s = slot;
                }
            }
        }
    }
}

/// Fingerprints to values (see the module's docs).
#[derive(Default)]
pub(crate) struct FpTable {
    shards: Vec<Shard>,
    zero: Option<u64>,
}

impl std::fmt::Debug for FpTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FpTable")
            .field("len", &self.len())
            .finish_non_exhaustive()
    }
}

impl FpTable {
    fn shard(&mut self, key: u64) -> Option<&mut Shard> {
        if self.shards.is_empty() {
            self.shards = (0..SHARDS).map(|_| Shard::default()).collect();
        }
        self.shards.get_mut((key as usize) % SHARDS)
    }

    /// The value of `key` when it is there; else `None`, and `key` gets `value`.
    pub(crate) fn get_or_insert(&mut self, key: u64, value: u64) -> Option<u64> {
        if key == 0 {
            let old = self.zero;
            self.zero = self.zero.or(Some(value));
            return old;
        }
        let shard = self.shard(key)?;
        shard.reserve_one();
        let i = shard.find(key);
        let slot = shard.slots.get_mut(i)?;
        if slot.key == key {
            return Some(slot.value);
        }
        *slot = Slot { key, value };
        shard.len += 1;
        None
    }

    /// Gives `key` the value `value` (replacing the one it had).
    pub(crate) fn insert(&mut self, key: u64, value: u64) {
        if key == 0 {
            self.zero = Some(value);
            return;
        }
        let Some(shard) = self.shard(key) else { return };
        shard.reserve_one();
        let i = shard.find(key);
        if let Some(slot) = shard.slots.get_mut(i) {
            if slot.key != key {
                shard.len += 1;
            }
            *slot = Slot { key, value };
        }
    }

    /// Keeps the entries whose value `keep` takes (the table is laid out again: rare).
    pub(crate) fn retain(&mut self, mut keep: impl FnMut(u64) -> bool) {
        self.zero = self.zero.filter(|v| keep(*v));
        for shard in &mut self.shards {
            let old = std::mem::take(&mut shard.slots);
            shard.len = 0;
            shard.slots = vec![Slot::default(); old.len()];
            for slot in old.into_iter().filter(|s| s.key != 0 && keep(s.value)) {
                let i = shard.find(slot.key);
                if let Some(s) = shard.slots.get_mut(i) {
                    *s = slot;
                    shard.len += 1;
                }
            }
        }
    }

    /// Hands every entry (key, value) to `each`.
    pub(crate) fn each(&self, mut each: impl FnMut(u64, u64)) {
        if let Some(v) = self.zero {
            each(0, v);
        }
        for slot in self.shards.iter().flat_map(|s| &s.slots) {
            if slot.key != 0 {
                each(slot.key, slot.value);
            }
        }
    }

    /// Entries.
    pub(crate) fn len(&self) -> usize {
        self.shards.iter().map(|s| s.len).sum::<usize>() + usize::from(self.zero.is_some())
    }

    /// Slots (16 bytes each).
    pub(crate) fn capacity(&self) -> usize {
        self.shards.iter().map(|s| s.slots.capacity()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_keep_their_first_value_unless_replaced_and_survive_growing_and_retain() {
        let key = |i: u64| i.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ (i >> 3);
        let mut t = FpTable::default();
        assert_eq!(t.get_or_insert(0, 5), None);
        assert_eq!(t.get_or_insert(0, 6), Some(5));
        for i in 1..50_000u64 {
            assert_eq!(t.get_or_insert(key(i), i), None);
        }
        for i in 1..50_000u64 {
            assert_eq!(t.get_or_insert(key(i), 0), Some(i));
        }
        t.insert(key(7), 70);
        assert_eq!(t.get_or_insert(key(7), 0), Some(70));
        assert_eq!(t.len(), 50_000);
        assert!(t.capacity() * 17 >= t.len() * 20 && t.capacity() < 50_000 * 2);
        t.retain(|v| v.is_multiple_of(2));
        assert_eq!(t.get_or_insert(key(3), 33), None);
        assert_eq!(t.get_or_insert(key(4), 44), Some(4));
        assert_eq!(t.get_or_insert(0, 1), None);
    }
}
