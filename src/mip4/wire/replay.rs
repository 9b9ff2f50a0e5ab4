//! The 64-bit Identification and the replay-protection helpers of
//! RFC 5944 §5.7.
//!
//! Two styles exist. With **timestamps** (§5.7.1, mandatory to implement) the
//! Identification is an NTP-format timestamp; the home agent accepts it when it
//! is within a window of its own clock and greater than the last one accepted.
//! With **nonces** (§5.7.2) the high-order 32 bits are the nonce the home agent
//! handed out in its last Reply and the low-order 32 bits a fresh nonce of the
//! mobile node.
//!
//! On failure the home agent answers code 133 and puts a **resynchronisation
//! value** in the Reply's Identification: the low-order 32 bits are copied
//! from the Request (§5.7 "In all cases, the low-order 32 bits ... MUST be
//! copied unchanged"), and the high-order 32 bits are the home agent's time of
//! day (timestamps) or a new home agent nonce (nonces).
//!
//! Nothing here reads a clock or draws random numbers: the caller passes
//! `now` ([`NtpTimestamp`]) and the next nonce.

use crate::time::NtpTimestamp;
use core::fmt;
use core::time::Duration;

/// The 64-bit Identification of a Registration Request or Reply
/// (RFC 5944 §3.3, §5.7).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Identification(pub u64);

impl Identification {
    /// From the high-order and low-order 32-bit halves.
    #[must_use]
    pub const fn from_parts(high: u32, low: u32) -> Identification {
        Identification(((high as u64) << 32) | low as u64)
    }

    /// The high-order 32 bits (timestamp seconds, or the HA's nonce).
    #[must_use]
    pub const fn high(self) -> u32 {
        (self.0 >> 32) as u32
    }

    /// The low-order 32 bits (timestamp fraction, or the MN's nonce).
    #[must_use]
    pub const fn low(self) -> u32 {
        self.0 as u32
    }

    /// The Identification read as an NTP timestamp (§5.7.1).
    #[must_use]
    pub const fn timestamp(self) -> NtpTimestamp {
        NtpTimestamp(self.0)
    }

    /// An Identification that is an NTP timestamp.
    #[must_use]
    pub const fn from_timestamp(t: NtpTimestamp) -> Identification {
        Identification(t.0)
    }
}

impl fmt::Debug for Identification {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Identification({:016x})", self.0)
    }
}

impl fmt::Display for Identification {
    /// Sixteen lower-case hex digits (the `roam decode` JSON form).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

/// Why an Identification failed the replay check. Either way the home agent
/// replies 133 with [`ReplayError::resync`] as the Reply's Identification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum ReplayError {
    /// The timestamp is further than the window from the HA's clock.
    #[error("identification timestamp outside the replay window")]
    OutsideWindow {
        /// The Identification for the Reply (HA time, MN low bits).
        resync: Identification,
    },
    /// The timestamp is not greater than the last one accepted.
    #[error("identification timestamp not newer than the last accepted")]
    NotNewer {
        /// The Identification for the Reply.
        resync: Identification,
    },
    /// The high-order bits do not carry the nonce the HA handed out.
    #[error("identification does not carry the home agent's nonce")]
    WrongNonce {
        /// The Identification for the Reply (new HA nonce, MN low bits).
        resync: Identification,
    },
}

impl ReplayError {
    /// The Identification the Reply (code 133) must carry.
    #[must_use]
    pub fn resync(&self) -> Identification {
        match self {
            ReplayError::OutsideWindow { resync }
            | ReplayError::NotNewer { resync }
            | ReplayError::WrongNonce { resync } => *resync,
        }
    }
}

/// The default replay window. RFC 5944 §5.7.1 leaves it to configuration
/// ("close enough"); seven seconds is the common default of deployed agents
/// and well above NTP-synchronised skew.
pub const DEFAULT_REPLAY_WINDOW: Duration = Duration::from_secs(7);

/// The home agent's resynchronisation value for timestamps: its own time of
/// day in the high-order 32 bits, the Request's low-order 32 bits copied
/// (RFC 5944 §5.7.1).
#[must_use]
pub fn timestamp_resync(request: Identification, now: NtpTimestamp) -> Identification {
    Identification::from_parts(now.seconds(), request.low())
}

/// Checks a timestamp Identification (RFC 5944 §5.7.1): within `window` of
/// `now`, and strictly greater than `last` (the last Identification accepted
/// for this mobile node), if any. Comparisons are in 64-bit NTP units, with
/// the wrap of the seconds field handled by modular difference.
pub fn check_timestamp(
    request: Identification,
    now: NtpTimestamp,
    window: Duration,
    last: Option<Identification>,
) -> Result<(), ReplayError> {
    let resync = timestamp_resync(request, now);
    // Signed difference in NTP units (2^-32 s), modulo 2^64.
    let diff = request.0.wrapping_sub(now.0) as i64;
    let win = window_ntp(window);
    if diff.unsigned_abs() > win {
        return Err(ReplayError::OutsideWindow { resync });
    }
    if let Some(last) = last {
        if (request.0.wrapping_sub(last.0) as i64) <= 0 {
            return Err(ReplayError::NotNewer { resync });
        }
    }
    Ok(())
}

fn window_ntp(window: Duration) -> u64 {
    let secs = window.as_secs().min(u64::from(u32::MAX >> 1));
    let frac = (u64::from(window.subsec_nanos()) << 32) / 1_000_000_000;
    (secs << 32) | frac
}

/// Checks a nonce Identification (RFC 5944 §5.7.2): the high-order 32 bits
/// must equal `expected_ha_nonce`, the nonce the HA sent in its last Reply.
/// On failure the resynchronisation value carries `next_ha_nonce` (a fresh
/// random value the caller drew) in the high-order bits.
pub fn check_nonce(
    request: Identification,
    expected_ha_nonce: u32,
    next_ha_nonce: u32,
) -> Result<(), ReplayError> {
    if request.high() == expected_ha_nonce {
        Ok(())
    } else {
        Err(ReplayError::WrongNonce {
            resync: Identification::from_parts(next_ha_nonce, request.low()),
        })
    }
}

/// The Identification of an accepting Reply in the nonce style: the HA's next
/// nonce high, the Request's low-order 32 bits copied (RFC 5944 §5.7.2).
#[must_use]
pub fn nonce_reply(request: Identification, next_ha_nonce: u32) -> Identification {
    Identification::from_parts(next_ha_nonce, request.low())
}

/// The mobile node's next Request Identification in the nonce style: the
/// HA's nonce from the last Reply high, a fresh MN nonce low.
#[must_use]
pub fn nonce_request(last_reply: Identification, mn_nonce: u32) -> Identification {
    Identification::from_parts(last_reply.high(), mn_nonce)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: NtpTimestamp = NtpTimestamp::new(3_900_000_000, 0x8000_0000);

    #[test]
    fn timestamp_window() {
        let w = Duration::from_secs(7);
        let ok = Identification::from_parts(3_900_000_005, 1);
        assert_eq!(check_timestamp(ok, NOW, w, None), Ok(()));
        let early = Identification::from_parts(3_899_999_993, 0x8000_0001);
        assert_eq!(check_timestamp(early, NOW, w, None), Ok(()));
        let stale = Identification::from_parts(3_899_999_000, 0xdead_beef);
        let err = check_timestamp(stale, NOW, w, None).unwrap_err();
        assert!(matches!(err, ReplayError::OutsideWindow { .. }));
        // 133 resync: HA time high, MN low bits copied.
        assert_eq!(
            err.resync(),
            Identification::from_parts(3_900_000_000, 0xdead_beef)
        );
        let future = Identification::from_parts(3_900_000_008, 0);
        assert!(check_timestamp(future, NOW, w, None).is_err());
    }

    #[test]
    fn timestamp_must_increase() {
        let w = Duration::from_secs(7);
        let a = Identification::from_parts(3_900_000_001, 5);
        assert_eq!(
            check_timestamp(a, NOW, w, Some(Identification(a.0 - 1))),
            Ok(())
        );
        let err = check_timestamp(a, NOW, w, Some(a)).unwrap_err();
        assert!(matches!(err, ReplayError::NotNewer { .. }));
        assert_eq!(err.resync().low(), 5);
    }

    #[test]
    fn timestamp_across_ntp_era_wrap() {
        let now = NtpTimestamp::new(u32::MAX, 0);
        let id = Identification::from_parts(2, 0); // 3 s later, next era
        assert_eq!(
            check_timestamp(id, now, Duration::from_secs(7), None),
            Ok(())
        );
    }

    #[test]
    fn nonces() {
        let req = nonce_request(Identification::from_parts(0x1111, 0x2222), 0x3333);
        assert_eq!(req, Identification::from_parts(0x1111, 0x3333));
        assert_eq!(check_nonce(req, 0x1111, 0x4444), Ok(()));
        let err = check_nonce(req, 0x9999, 0x4444).unwrap_err();
        assert_eq!(err.resync(), Identification::from_parts(0x4444, 0x3333));
        assert_eq!(
            nonce_reply(req, 0x5555),
            Identification::from_parts(0x5555, 0x3333)
        );
    }
}
