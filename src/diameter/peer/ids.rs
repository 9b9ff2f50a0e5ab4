//! Identifiers (RFC 6733 §3) and the machine's private PRNG.
//!
//! # Randomness
//!
//! The machine never reads an OS RNG. [`super::Peer::new`] takes the
//! caller's [`rand_core::Rng`] once and seeds a small deterministic
//! generator ([`SplitMix64`]) kept inside the machine; that generator then
//! supplies the Tw jitter and the random start of each connection's
//! Hop-by-Hop counter. Seeding once keeps the `Machine` trait's `handle`
//! signature free of an RNG parameter, and a run is replayable from the
//! caller's seed. The jitter and the identifiers are not secrets, so a
//! non-cryptographic generator is adequate.

use rand_core::Rng;

/// SplitMix64 (Steele, Lea, Flood 2014): a tiny, fast, well-distributed
/// 64-bit generator, used only for jitter and identifier starts.
#[derive(Debug, Clone)]
pub(crate) struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    pub(crate) fn from_rng<R: Rng + ?Sized>(rng: &mut R) -> SplitMix64 {
        SplitMix64 {
            state: rng.next_u64(),
        }
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub(crate) fn next_u32(&mut self) -> u32 {
        (self.next_u64() >> 32) as u32
    }

    /// A value in `0..=max` (slight modulo bias is irrelevant for jitter).
    pub(crate) fn below_or_eq(&mut self, max: u64) -> u64 {
        match max.checked_add(1) {
            Some(n) => self.next_u64() % n,
            None => self.next_u64(),
        }
    }
}

/// End-to-End Identifier source (RFC 6733 §3): "Upon reboot,
/// implementations MAY set the high order 12 bits to contain the low order
/// 12 bits of current time, and the low order 20 bits to a random value."
/// Later identifiers increment from there, so they stay unique for far
/// longer than the required 4 minutes at any realistic rate.
///
/// The time part comes from the caller's wall clock (Unix seconds), never
/// from the system.
#[derive(Debug, Clone)]
pub struct EndToEndIds {
    next: u32,
}

impl EndToEndIds {
    /// Seeds the generator from the wall clock (`unix_secs`) and `rng`.
    #[must_use]
    pub fn new<R: Rng + ?Sized>(unix_secs: u64, rng: &mut R) -> EndToEndIds {
        EndToEndIds::from_parts(unix_secs, rng.next_u32())
    }

    /// Seeds from the wall clock and 20 caller-chosen random bits (the high
    /// 12 bits of `random` are ignored).
    #[must_use]
    pub fn from_parts(unix_secs: u64, random: u32) -> EndToEndIds {
        let high = ((unix_secs & 0xfff) as u32) << 20;
        EndToEndIds {
            next: high | (random & 0x000f_ffff),
        }
    }

    /// The next identifier.
    pub fn next_id(&mut self) -> u32 {
        let id = self.next;
        self.next = self.next.wrapping_add(1);
        id
    }
}

/// Hop-by-Hop Identifier source for one connection (RFC 6733 §3: "normally
/// a monotonically increasing number, whose start value was randomly
/// generated"; unique on the connection at any given time).
#[derive(Debug, Clone)]
pub(crate) struct HopByHopIds {
    next: u32,
}

impl HopByHopIds {
    pub(crate) fn new(start: u32) -> HopByHopIds {
        HopByHopIds { next: start }
    }

    pub(crate) fn next_id(&mut self) -> u32 {
        let id = self.next;
        self.next = self.next.wrapping_add(1);
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn end_to_end_layout() {
        // 0x1234_5678 seconds: low 12 bits 0x678 go to the top 12 bits.
        let mut ids = EndToEndIds::from_parts(0x1234_5678, 0xfff_abcde);
        assert_eq!(ids.next_id(), 0x678a_bcde);
        assert_eq!(ids.next_id(), 0x678a_bcdf);
    }

    #[test]
    fn splitmix_known_answer() {
        // First output of SplitMix64 seeded with 0 (reference value).
        let mut g = SplitMix64 { state: 0 };
        assert_eq!(g.next_u64(), 0xe220_a839_7b1d_cdaf);
        assert!(g.below_or_eq(4000) <= 4000);
    }
}
