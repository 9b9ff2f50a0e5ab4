//! A compact open-addressing hash map from a 32-bit key (an exact address)
//! to a 32-bit value, for the per-mobile-node exact stage of the profile
//! caches. It scales to millions of entries: 8 bytes per slot, load factor
//! at most 1/2, linear probing with backward-shift deletion, Fibonacci
//! hashing. No `std` needed.

use alloc::vec;
use alloc::vec::Vec;

const EMPTY: u32 = u32::MAX;
const MIN_BITS: u32 = 4;

/// A map `u32 → u32`; the value `u32::MAX` is reserved.
#[derive(Debug, Clone)]
pub struct ExactMap {
    slots: Vec<(u32, u32)>,
    bits: u32,
    len: usize,
}

impl Default for ExactMap {
    fn default() -> Self {
        Self::with_capacity(0)
    }
}

impl ExactMap {
    /// An empty map sized for `n` entries without growing.
    #[must_use]
    pub fn with_capacity(n: usize) -> Self {
        let mut bits = MIN_BITS;
        while (1usize << bits) < n.saturating_mul(2) {
            bits += 1;
        }
        ExactMap {
            slots: vec![(0, EMPTY); 1 << bits],
            bits,
            len: 0,
        }
    }

    #[inline]
    fn home(&self, key: u32) -> usize {
        (u64::from(key).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - self.bits)) as usize
    }

    #[inline]
    fn mask(&self) -> usize {
        self.slots.len() - 1
    }

    /// The value stored for `key`.
    #[inline]
    #[must_use]
    pub fn get(&self, key: u32) -> Option<u32> {
        let mut i = self.home(key);
        loop {
            let &(k, v) = self.slots.get(i)?;
            if v == EMPTY {
                return None;
            }
            if k == key {
                return Some(v);
            }
            i = (i + 1) & self.mask();
        }
    }

    /// Stores `value` for `key` (`value` must not be `u32::MAX`); returns the
    /// previous value.
    pub fn insert(&mut self, key: u32, value: u32) -> Option<u32> {
        debug_assert!(value != EMPTY);
        if (self.len + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let mut i = self.home(key);
        loop {
            let mask = self.mask();
            let slot = self.slots.get_mut(i)?;
            if slot.1 == EMPTY {
                *slot = (key, value);
                self.len += 1;
                return None;
            }
            if slot.0 == key {
                return Some(core::mem::replace(&mut slot.1, value));
            }
            i = (i + 1) & mask;
        }
    }

    /// Removes `key`; returns its value.
    pub fn remove(&mut self, key: u32) -> Option<u32> {
        let mask = self.mask();
        let mut i = self.home(key);
        let value = loop {
            let &(k, v) = self.slots.get(i)?;
            if v == EMPTY {
                return None;
            }
            if k == key {
                break v;
            }
            i = (i + 1) & mask;
        };
        // Backward-shift deletion keeps probe chains unbroken.
        let mut hole = i;
        let mut j = (i + 1) & mask;
        while let Some(&(k, v)) = self.slots.get(j) {
            if v == EMPTY {
                break;
            }
            let h = self.home(k);
            // Move the entry at j into the hole if its home is not in (hole, j].
            let dist_hole = hole.wrapping_sub(h) & mask;
            let dist_j = j.wrapping_sub(h) & mask;
            if dist_hole < dist_j {
                if let Some(s) = self.slots.get_mut(hole) {
                    *s = (k, v);
                }
                hole = j;
            }
            j = (j + 1) & mask;
        }
        if let Some(s) = self.slots.get_mut(hole) {
            *s = (0, EMPTY);
        }
        self.len -= 1;
        Some(value)
    }

    fn grow(&mut self) {
        let old = core::mem::take(&mut self.slots);
        self.bits += 1;
        self.slots = vec![(0, EMPTY); 1 << self.bits];
        self.len = 0;
        for (k, v) in old {
            if v != EMPTY {
                self.insert(k, v);
            }
        }
    }

    /// Number of entries.
    #[must_use]
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the map is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Heap bytes used.
    #[must_use]
    pub fn memory(&self) -> usize {
        self.slots.len() * 8
    }
}
