//! Caller-supplied time.
//!
//! Every machine in `roam` takes the current time as an argument. [`Instant`]
//! is an integer count of microseconds since an epoch the caller chooses; it is
//! monotonic only if the caller's clock is. Machines treat a regression
//! gracefully: they saturate, never panic and never schedule a timer in the
//! past.
//!
//! Wall-clock needs (the NTP timestamps of Mobile IPv4 identification, the
//! Diameter `Time` type) use [`NtpTimestamp`], which the caller also supplies.

use core::fmt;
use core::ops::{Add, AddAssign, Sub};
use core::time::Duration;

/// A point in monotonic time, in microseconds since a caller-chosen epoch.
///
/// Integer-backed so that fuzzers can generate it and simulators can advance
/// it. Arithmetic saturates instead of overflowing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Instant {
    micros: i64,
}

impl Instant {
    /// The epoch (time zero).
    pub const ZERO: Instant = Instant { micros: 0 };
    /// The largest representable instant ("never").
    pub const MAX: Instant = Instant { micros: i64::MAX };

    /// An instant `micros` microseconds after the epoch.
    #[must_use]
    pub const fn from_micros(micros: i64) -> Instant {
        Instant { micros }
    }

    /// An instant `millis` milliseconds after the epoch.
    #[must_use]
    pub const fn from_millis(millis: i64) -> Instant {
        Instant {
            micros: millis.saturating_mul(1000),
        }
    }

    /// An instant `secs` seconds after the epoch.
    #[must_use]
    pub const fn from_secs(secs: i64) -> Instant {
        Instant {
            micros: secs.saturating_mul(1_000_000),
        }
    }

    /// Microseconds since the epoch.
    #[must_use]
    pub const fn total_micros(self) -> i64 {
        self.micros
    }

    /// Whole milliseconds since the epoch.
    #[must_use]
    pub const fn total_millis(self) -> i64 {
        self.micros / 1000
    }

    /// Time elapsed from `earlier` to `self`, or zero if `earlier` is later.
    #[must_use]
    pub fn saturating_duration_since(self, earlier: Instant) -> Duration {
        let d = self.micros.saturating_sub(earlier.micros);
        if d <= 0 {
            Duration::ZERO
        } else {
            Duration::from_micros(d as u64)
        }
    }

    /// `self + d`, saturating at [`Instant::MAX`].
    #[must_use]
    pub fn saturating_add(self, d: Duration) -> Instant {
        let us = i64::try_from(d.as_micros()).unwrap_or(i64::MAX);
        Instant {
            micros: self.micros.saturating_add(us),
        }
    }

    /// `self - d`, saturating at `i64::MIN` microseconds.
    #[must_use]
    pub fn saturating_sub(self, d: Duration) -> Instant {
        let us = i64::try_from(d.as_micros()).unwrap_or(i64::MAX);
        Instant {
            micros: self.micros.saturating_sub(us),
        }
    }
}

impl Add<Duration> for Instant {
    type Output = Instant;
    fn add(self, rhs: Duration) -> Instant {
        self.saturating_add(rhs)
    }
}

impl AddAssign<Duration> for Instant {
    fn add_assign(&mut self, rhs: Duration) {
        *self = self.saturating_add(rhs);
    }
}

impl Sub<Duration> for Instant {
    type Output = Instant;
    fn sub(self, rhs: Duration) -> Instant {
        self.saturating_sub(rhs)
    }
}

impl Sub<Instant> for Instant {
    type Output = Duration;
    /// Saturating: a later `rhs` yields zero.
    fn sub(self, rhs: Instant) -> Duration {
        self.saturating_duration_since(rhs)
    }
}

impl fmt::Display for Instant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.micros < 0 { "-" } else { "" };
        let abs = self.micros.unsigned_abs();
        write!(f, "{sign}{}.{:06}s", abs / 1_000_000, abs % 1_000_000)
    }
}

/// Maps `std::time::Instant` onto [`Instant`] by offset from an epoch the
/// caller picks (typically the process start).
#[cfg(feature = "std")]
#[derive(Debug, Clone, Copy)]
pub struct StdClock {
    epoch: std::time::Instant,
}

#[cfg(feature = "std")]
impl StdClock {
    /// A clock whose epoch is `epoch`.
    #[must_use]
    pub fn new(epoch: std::time::Instant) -> StdClock {
        StdClock { epoch }
    }

    /// Converts a `std` instant; instants before the epoch map to negative values.
    #[must_use]
    pub fn instant(&self, t: std::time::Instant) -> Instant {
        match t.checked_duration_since(self.epoch) {
            Some(d) => Instant::ZERO.saturating_add(d),
            None => Instant::ZERO.saturating_sub(self.epoch.duration_since(t)),
        }
    }
}

/// Seconds between the NTP era-0 epoch (1900-01-01) and the Unix epoch (1970-01-01).
pub const NTP_UNIX_OFFSET: u64 = 2_208_988_800;

/// A 64-bit NTP timestamp (RFC 5905): 32 bits of seconds since 1900 and 32
/// bits of fraction. Used by Mobile IPv4 identification (RFC 5944 §5.7) and,
/// for the seconds part, by the Diameter `Time` type (RFC 6733 §4.3.1).
///
/// The seconds field wraps in 2036 (era 1). [`NtpTimestamp::unix_secs`]
/// resolves the era the way RFC 6733 §4.3.1 and RFC 4330 §3 recommend: a
/// value with the top bit clear is taken to be in era 1 (2036–2104).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct NtpTimestamp(pub u64);

impl NtpTimestamp {
    /// Builds a timestamp from whole seconds and a 32-bit fraction.
    #[must_use]
    pub const fn new(seconds: u32, fraction: u32) -> NtpTimestamp {
        NtpTimestamp(((seconds as u64) << 32) | fraction as u64)
    }

    /// The 32-bit seconds field (since 1900 in era 0).
    #[must_use]
    pub const fn seconds(self) -> u32 {
        (self.0 >> 32) as u32
    }

    /// The 32-bit fraction field (units of 2^-32 s).
    #[must_use]
    pub const fn fraction(self) -> u32 {
        self.0 as u32
    }

    /// Seconds since the Unix epoch, resolving the 2036 rollover: seconds
    /// values with the most significant bit clear are in era 1.
    #[must_use]
    pub const fn unix_secs(self) -> i64 {
        Self::seconds_to_unix(self.seconds())
    }

    /// Resolves a 32-bit NTP seconds value to Unix seconds (2036 rollover
    /// handled as in [`NtpTimestamp::unix_secs`]).
    #[must_use]
    pub const fn seconds_to_unix(seconds: u32) -> i64 {
        let era_secs = if seconds & 0x8000_0000 == 0 {
            seconds as i64 + (1i64 << 32)
        } else {
            seconds as i64
        };
        era_secs - NTP_UNIX_OFFSET as i64
    }

    /// The NTP seconds value (mod 2^32) of a Unix time.
    #[must_use]
    pub const fn seconds_from_unix(unix_secs: i64) -> u32 {
        (unix_secs + NTP_UNIX_OFFSET as i64) as u32
    }

    /// A timestamp from Unix seconds and nanoseconds.
    #[must_use]
    pub const fn from_unix(unix_secs: i64, nanos: u32) -> NtpTimestamp {
        let frac = ((nanos as u64) << 32) / 1_000_000_000;
        NtpTimestamp::new(Self::seconds_from_unix(unix_secs), frac as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    extern crate std;
    use std::string::ToString;

    #[test]
    fn instant_saturates() {
        assert_eq!(Instant::MAX + Duration::from_secs(1), Instant::MAX);
        assert_eq!(Instant::ZERO - Instant::from_secs(5), Duration::ZERO);
        assert_eq!(
            Instant::from_secs(5) - Instant::from_millis(1500),
            Duration::from_millis(3500)
        );
        assert_eq!(Instant::from_millis(-1500).to_string(), "-1.500000s");
    }

    #[test]
    fn ntp_rollover() {
        // 2036-02-07T06:28:16Z is NTP seconds 0 of era 1.
        assert_eq!(NtpTimestamp::new(0, 0).unix_secs(), 2_085_978_496);
        // 1970-01-01 is NTP 2208988800 in era 0.
        assert_eq!(NtpTimestamp::new(2_208_988_800, 0).unix_secs(), 0);
        assert_eq!(NtpTimestamp::seconds_from_unix(0), 2_208_988_800);
        let t = NtpTimestamp::from_unix(1_700_000_000, 500_000_000);
        assert_eq!(t.unix_secs(), 1_700_000_000);
        assert_eq!(t.fraction(), 1 << 31);
    }
}
