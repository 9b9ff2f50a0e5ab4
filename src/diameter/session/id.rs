//! Session-Id construction (RFC 6733 §8.8).
//!
//! ```text
//! <DiameterIdentity>;<high 32 bits>;<low 32 bits>[;<optional value>]
//! ```
//!
//! `<high 32 bits>` and `<low 32 bits>` are the decimal high and low halves
//! of a monotonically increasing 64-bit value. RFC 6733 §8.8 suggests
//! initialising the high half at startup to the time in NTP format and the
//! low half to zero; the caller supplies that starting value (a boot
//! counter or NTP seconds), since the crate never reads a clock.

use super::common::{SessionError, SessionId, MAX_SESSION_ID_LEN};
use crate::wire::Writer;

/// Produces unique Session-Ids for one DiameterIdentity.
///
/// ```
/// use roam::diameter::session::SessionIdGenerator;
/// let mut g = SessionIdGenerator::new(1_876_543_210);
/// let id = g.next("accesspoint7.example.com", None).unwrap();
/// assert_eq!(id.as_str(), Some("accesspoint7.example.com;1876543210;0"));
/// let id = g.next("accesspoint7.example.com", Some("mobile@200.1.1.88")).unwrap();
/// assert_eq!(id.as_str(), Some("accesspoint7.example.com;1876543210;1;mobile@200.1.1.88"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionIdGenerator {
    value: u64,
}

impl SessionIdGenerator {
    /// Starts at `high` (the caller's boot counter or NTP seconds at start
    /// up) with the low half zero.
    #[must_use]
    pub const fn new(high: u32) -> Self {
        SessionIdGenerator {
            value: (high as u64) << 32,
        }
    }

    /// The 64-bit value the next Session-Id will carry.
    #[must_use]
    pub const fn peek(&self) -> u64 {
        self.value
    }

    /// Builds the next Session-Id and advances the counter (wrapping the
    /// low half carries into the high half, keeping the 64-bit value
    /// monotonic).
    pub fn next(
        &mut self,
        identity: &str,
        optional: Option<&str>,
    ) -> Result<SessionId, SessionError> {
        let v = self.value;
        let mut buf = [0u8; MAX_SESSION_ID_LEN];
        let mut w = Writer::new(&mut buf);
        w.bytes(identity.as_bytes());
        w.u8(b';');
        write_decimal(&mut w, (v >> 32) as u32);
        w.u8(b';');
        write_decimal(&mut w, v as u32);
        if let Some(opt) = optional {
            w.u8(b';');
            w.bytes(opt.as_bytes());
        }
        let n = w.position();
        if n > MAX_SESSION_ID_LEN {
            return Err(SessionError::SessionIdTooLong {
                max: MAX_SESSION_ID_LEN,
            });
        }
        let id = SessionId::from_bytes(buf.get(..n).unwrap_or(&[])).ok_or(
            SessionError::SessionIdTooLong {
                max: MAX_SESSION_ID_LEN,
            },
        )?;
        self.value = v.wrapping_add(1);
        Ok(id)
    }
}

fn write_decimal(w: &mut Writer<'_>, mut v: u32) {
    let mut digits = [0u8; 10];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 || i == 0 {
            break;
        }
    }
    w.bytes(&digits[i..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_example_and_carry() {
        // RFC 6733 §8.8 example: accesspoint7.example.com;1876543210;523
        let mut g = SessionIdGenerator {
            value: (1_876_543_210u64 << 32) | 523,
        };
        assert_eq!(
            g.next("accesspoint7.example.com", None).unwrap().as_str(),
            Some("accesspoint7.example.com;1876543210;523")
        );
        let mut g = SessionIdGenerator {
            value: (7u64 << 32) | 0xffff_ffff,
        };
        assert_eq!(g.next("h", None).unwrap().as_str(), Some("h;7;4294967295"));
        assert_eq!(g.next("h", None).unwrap().as_str(), Some("h;8;0"));
    }

    #[test]
    fn too_long_is_an_error_and_does_not_advance() {
        let mut g = SessionIdGenerator::new(1);
        let long = "x".repeat(400);
        assert_eq!(
            g.next(&long, None),
            Err(SessionError::SessionIdTooLong {
                max: MAX_SESSION_ID_LEN
            })
        );
        assert_eq!(g.peek(), 1 << 32);
    }
}
