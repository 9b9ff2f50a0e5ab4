//! Registration authenticators (RFC 5944 §3.5, RFC 4721 §5–8).
//!
//! * **MN-HA, MN-FA, FA-HA** (types 32–34): the authenticator covers "the UDP
//!   payload (that is, the Registration Request or Reply data), all prior
//!   Extensions in their entirety, and the Type, Length and SPI of this
//!   Extension" (RFC 5944 §3.5.1). The default algorithm is HMAC-MD5
//!   (RFC 2104); [`Algorithm::KeyedMd5`] is the RFC 2002 "prefix+suffix"
//!   keyed MD5, `MD5(key ‖ data ‖ key)`, for legacy peers.
//! * **MN-AAA** (type 36 subtype 1, RFC 4721 §6): with the reserved SPI
//!   CHAP_SPI (2), RFC 4721 §8 computes the authenticator CHAP-style:
//!   `MD5(high-order octet of the challenge ‖ key ‖ MD5(data) ‖ least-order
//!   237 octets of the challenge)`, where `data` is the message up to and
//!   including the Type, Subtype, Length and SPI of the MN-AAA extension and
//!   the challenge is the value of the preceding MN-FA Challenge extension.
//!   "If the challenge has fewer than 238 octets, this algorithm includes the
//!   high-order octet in the computation twice but ensures that the challenge
//!   is used exactly as is" (RFC 4721 §8): the tail is the whole challenge,
//!   or its last 237 octets when it is longer. Any other SPI uses the
//!   security association's algorithm over `data` (HMAC-MD5 by default,
//!   RFC 4721 §6), like MN-HA. IANA assigns no other algorithm-selecting SPI
//!   (3–255 are unassigned).
//!
//! Keys come from the caller through [`KeyLookup`] (SPI → algorithm and key);
//! nothing is copied out of it. Comparisons are constant time: `Mac::verify_slice`
//! for HMAC, a branch-free fold for the MD5 forms.
//!
//! # Fuzzing
//!
//! No check here is skipped under `cfg(fuzzing)`: the machines' fuzz targets
//! that want to reach past authentication supply a key lookup and compute
//! valid authenticators with [`append_auth`].

use super::codes::{spi, ExtensionType, GeneralizedAuthSubtype};
use super::error::{EmitError, Error, Peer};
use super::ext::{
    Extension, LocatedExtension, LocatedExtensions, AUTH_HEADER_LEN, GENERALIZED_AUTH_HEADER_LEN,
};
use crate::wire::Writer;
use hmac::{Hmac, KeyInit, Mac};
use md5::{Digest, Md5};

type HmacMd5 = Hmac<Md5>;

/// Length of an HMAC-MD5 or keyed-MD5 authenticator.
pub const AUTHENTICATOR_LEN: usize = 16;
/// How many of the challenge's last octets RFC 4721 §8 appends to the CHAP
/// computation ("Least-order 237 octets from Challenge"); a shorter
/// challenge is appended whole.
pub const CHAP_CHALLENGE_TAIL: usize = 237;

/// An authentication algorithm of a mobility security association.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Algorithm {
    /// HMAC-MD5 (RFC 2104), the RFC 5944 §3.5.1 default.
    HmacMd5,
    /// RFC 2002 keyed MD5 in prefix+suffix mode: `MD5(key ‖ data ‖ key)`.
    KeyedMd5,
}

/// A mobility security association as the key lookup returns it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SecurityAssociation<'k> {
    /// The algorithm.
    pub algorithm: Algorithm,
    /// The shared secret.
    pub key: &'k [u8],
}

/// SPI → security association, supplied by the caller.
pub trait KeyLookup<'k> {
    /// The association for `spi` in the extension of type `ty`, if any.
    fn lookup(&self, ty: ExtensionType, spi: u32) -> Option<SecurityAssociation<'k>>;
}

impl<'k, F> KeyLookup<'k> for F
where
    F: Fn(ExtensionType, u32) -> Option<SecurityAssociation<'k>>,
{
    fn lookup(&self, ty: ExtensionType, spi: u32) -> Option<SecurityAssociation<'k>> {
        self(ty, spi)
    }
}

/// A table of `(spi, association)` rows, matched on SPI only.
impl<'k> KeyLookup<'k> for [(u32, SecurityAssociation<'k>)] {
    fn lookup(&self, _ty: ExtensionType, spi: u32) -> Option<SecurityAssociation<'k>> {
        self.iter().find(|(s, _)| *s == spi).map(|(_, sa)| *sa)
    }
}

/// Why an authenticator check failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum AuthError {
    /// The message is malformed.
    #[error(transparent)]
    Malformed(#[from] Error),
    /// No extension of the requested type.
    #[error("no authentication extension of type {ty}")]
    Missing {
        /// The type looked for.
        ty: ExtensionType,
    },
    /// The key lookup knows no association for this SPI.
    #[error("unknown SPI {spi}")]
    UnknownSpi {
        /// The SPI.
        spi: u32,
    },
    /// The authenticator does not match.
    #[error("authenticator mismatch (SPI {spi})")]
    Mismatch {
        /// The SPI.
        spi: u32,
    },
    /// The offset given to [`verify_at`] is not the start of an
    /// authentication extension.
    #[error("no authentication extension at offset {offset}")]
    NotAuthExtension {
        /// The offset asked for.
        offset: usize,
    },
    /// MN-AAA with CHAP_SPI needs an MN-FA Challenge extension before it
    /// (RFC 4721 §3.1–3.2; reply code 105 missing_challenge at a foreign
    /// agent). A mobile node with a co-located care-of address sends CHAP_SPI
    /// without a challenge, and RFC 4721 §3.5 then recommends "the Challenge
    /// value 0" without saying how many octets; an agent that accepts that
    /// case calls [`compute_mn_aaa`] with the value its peers use.
    #[error("MN-AAA authentication without a preceding MN-FA Challenge")]
    MissingChallenge,
}

impl AuthError {
    /// The denial this failure is, from the view of the agent checking an
    /// extension authenticating `peer` (see [`super::Denial::reply_code`]).
    #[must_use]
    pub fn denial(&self, peer: Peer) -> super::Denial {
        match self {
            AuthError::Malformed(e) => super::Denial::Malformed(*e),
            AuthError::MissingChallenge => super::Denial::MissingChallenge,
            _ => super::Denial::AuthenticationFailed(peer),
        }
    }

    /// As [`AuthError::denial`], for a failure of the extension of type `ty`:
    /// a wrong or unverifiable MN-AAA authenticator (type 36) is
    /// fa_bad_aaa_auth / ha_bad_aaa_auth (FA 108, HA 144; RFC 4721 §3.2,
    /// §3.4, §10) rather than "mobile node failed authentication".
    #[must_use]
    pub fn denial_for(&self, ty: ExtensionType, peer: Peer) -> super::Denial {
        match self {
            AuthError::Mismatch { .. } | AuthError::UnknownSpi { .. }
                if ty == ExtensionType::GENERALIZED_AUTH =>
            {
                super::Denial::AaaAuthenticationFailed
            }
            _ => self.denial(peer),
        }
    }
}

/// Computes an MN-HA/MN-FA/FA-HA authenticator over `protected` (the message
/// up to and including this extension's SPI).
#[must_use]
pub fn compute(sa: SecurityAssociation<'_>, protected: &[u8]) -> [u8; AUTHENTICATOR_LEN] {
    match sa.algorithm {
        Algorithm::HmacMd5 => hmac_md5(sa.key, &[protected]),
        Algorithm::KeyedMd5 => md5(&[sa.key, protected, sa.key]),
    }
}

fn hmac_md5(key: &[u8], parts: &[&[u8]]) -> [u8; AUTHENTICATOR_LEN] {
    // HMAC accepts keys of any length (RFC 2104 §2), so this cannot fail.
    let mut mac = match <HmacMd5 as KeyInit>::new_from_slice(key) {
        Ok(m) => m,
        Err(_) => return [0; AUTHENTICATOR_LEN],
    };
    for p in parts {
        mac.update(p);
    }
    mac.finalize().into_bytes().into()
}

fn md5(parts: &[&[u8]]) -> [u8; AUTHENTICATOR_LEN] {
    let mut h = Md5::new();
    for p in parts {
        h.update(p);
    }
    h.finalize().into()
}

/// Constant-time equality (length is public).
fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    core::hint::black_box(diff) == 0
}

/// Verifies an MN-HA/MN-FA/FA-HA authenticator in constant time.
#[must_use]
pub fn verify(sa: SecurityAssociation<'_>, protected: &[u8], authenticator: &[u8]) -> bool {
    match sa.algorithm {
        Algorithm::HmacMd5 => match <HmacMd5 as KeyInit>::new_from_slice(sa.key) {
            Ok(mut mac) => {
                mac.update(protected);
                mac.verify_slice(authenticator).is_ok()
            }
            Err(_) => false,
        },
        Algorithm::KeyedMd5 => ct_eq(&compute(sa, protected), authenticator),
    }
}

/// The high-order octet and the least-order 237 octets of a challenge
/// (RFC 4721 §8); the two overlap for challenges under 238 octets.
fn chap_parts(challenge: &[u8]) -> (&[u8], &[u8]) {
    let first = challenge.get(..1).unwrap_or(&[]);
    let tail_start = challenge.len().saturating_sub(CHAP_CHALLENGE_TAIL);
    (first, challenge.get(tail_start..).unwrap_or(&[]))
}

/// Computes an MN-AAA authenticator (RFC 4721 §8). `protected` is the message
/// up to and including the MN-AAA extension's SPI; `challenge` the value of
/// the preceding MN-FA Challenge extension.
#[must_use]
pub fn compute_mn_aaa(
    spi_value: u32,
    sa: SecurityAssociation<'_>,
    protected: &[u8],
    challenge: &[u8],
) -> [u8; AUTHENTICATOR_LEN] {
    if spi_value == spi::CHAP {
        let (first, tail) = chap_parts(challenge);
        let inner = md5(&[protected]);
        md5(&[first, sa.key, &inner, tail])
    } else {
        compute(sa, protected)
    }
}

/// Finds the first extension of type `ty` (32, 33 or 34, or 36 for
/// MN-AAA) in `message` (whose extensions start at `header_len`), looks its
/// SPI up and verifies it. Returns the SPI on success.
///
/// Every extension before it is walked (and so checked); extensions after it
/// are not covered by it and are not looked at. To check every
/// authentication extension of a message (a relayed request carries MN-HA,
/// MN-FA and FA-HA), use [`verify_at`] on each offset.
pub fn verify_message<'k, K: KeyLookup<'k> + ?Sized>(
    message: &[u8],
    header_len: usize,
    ty: ExtensionType,
    keys: &K,
) -> Result<u32, AuthError> {
    let exts = message.get(header_len..).unwrap_or(&[]);
    let mut challenge: &[u8] = &[];
    for item in LocatedExtensions::new(exts, header_len) {
        let item = item?;
        if let Extension::MnFaChallenge(c) = item.extension {
            challenge = c;
        }
        if item.extension.ty() == ty {
            if let Some(result) = check_located(message, &item, challenge, keys) {
                return result;
            }
        }
    }
    Err(AuthError::Missing { ty })
}

/// Verifies the one authentication extension (MN-HA, MN-FA, FA-HA or
/// MN-AAA) whose type byte is at `ext_offset` in `message`, as reported by
/// `LocatedExtensions` (`LocatedExtension::offset`). Returns its SPI.
///
/// The extensions from `header_len` up to `ext_offset` are walked, so the
/// offset must be an extension boundary and everything the authenticator
/// covers must parse; the MN-AAA CHAP forms use the last MN-FA Challenge
/// before it (RFC 4721 §8). Each authenticator covers the message up to and
/// including its own SPI, so an FA-HA covers the MN-HA and MN-FA extensions
/// before it (RFC 5944 §3.5.1) and a change after an extension never fails
/// it. An offset that is not the start of an authentication extension is
/// [`AuthError::NotAuthExtension`].
pub fn verify_at<'k, K: KeyLookup<'k> + ?Sized>(
    message: &[u8],
    header_len: usize,
    ext_offset: usize,
    keys: &K,
) -> Result<u32, AuthError> {
    let not_auth = AuthError::NotAuthExtension { offset: ext_offset };
    let exts = message.get(header_len..).unwrap_or(&[]);
    let mut challenge: &[u8] = &[];
    for item in LocatedExtensions::new(exts, header_len) {
        let item = item?;
        if item.offset > ext_offset {
            break;
        }
        if item.offset == ext_offset {
            return check_located(message, &item, challenge, keys).unwrap_or(Err(not_auth));
        }
        if let Extension::MnFaChallenge(c) = item.extension {
            challenge = c;
        }
    }
    Err(not_auth)
}

/// Checks one located extension if it is an authentication extension
/// (`None` otherwise).
fn check_located<'k, K: KeyLookup<'k> + ?Sized>(
    message: &[u8],
    item: &LocatedExtension<'_>,
    challenge: &[u8],
    keys: &K,
) -> Option<Result<u32, AuthError>> {
    match item.extension {
        Extension::Auth(a) => {
            let end = item.offset + AUTH_HEADER_LEN;
            let protected = message.get(..end).unwrap_or(message);
            let Some(sa) = keys.lookup(a.ty, a.spi) else {
                return Some(Err(AuthError::UnknownSpi { spi: a.spi }));
            };
            Some(if verify(sa, protected, a.authenticator) {
                Ok(a.spi)
            } else {
                Err(AuthError::Mismatch { spi: a.spi })
            })
        }
        Extension::GeneralizedAuth(g) if g.subtype == GeneralizedAuthSubtype::MN_AAA => {
            let end = item.offset + GENERALIZED_AUTH_HEADER_LEN;
            let protected = message.get(..end).unwrap_or(message);
            let Some(sa) = keys.lookup(ExtensionType::GENERALIZED_AUTH, g.spi) else {
                return Some(Err(AuthError::UnknownSpi { spi: g.spi }));
            };
            if challenge.is_empty() && g.spi == spi::CHAP {
                return Some(Err(AuthError::MissingChallenge));
            }
            let expect = compute_mn_aaa(g.spi, sa, protected, challenge);
            Some(if ct_eq(&expect, g.authenticator) {
                Ok(g.spi)
            } else {
                Err(AuthError::Mismatch { spi: g.spi })
            })
        }
        _ => None,
    }
}

/// Appends an MN-HA/MN-FA/FA-HA extension to the message in `buf[..len]`,
/// computing its 16-byte authenticator over `buf[..len]` and the new
/// extension's Type, Length and SPI. Returns the new message length, or the
/// exact size needed.
pub fn append_auth(
    buf: &mut [u8],
    len: usize,
    ty: ExtensionType,
    spi_value: u32,
    sa: SecurityAssociation<'_>,
) -> Result<usize, EmitError> {
    let hdr_end = len + AUTH_HEADER_LEN;
    let total = hdr_end + AUTHENTICATOR_LEN;
    let avail = buf.len();
    let Some(b) = buf.get_mut(..total) else {
        return Err(EmitError::BufferTooSmall(crate::wire::BufferTooSmall {
            required: total,
            available: avail,
        }));
    };
    let mut w = Writer::new(&mut b[len..]);
    w.u8(ty.0);
    w.u8((4 + AUTHENTICATOR_LEN) as u8);
    w.u32(spi_value);
    let auth = compute(sa, b.get(..hdr_end).unwrap_or(&[]));
    if let Some(dst) = b.get_mut(hdr_end..total) {
        dst.copy_from_slice(&auth);
    }
    Ok(total)
}

/// Appends an MN-AAA Generalized Authentication extension (RFC 4721 §5)
/// after the message in `buf[..len]`; `challenge` is the MN-FA Challenge the
/// message carries. Returns the new length.
pub fn append_mn_aaa(
    buf: &mut [u8],
    len: usize,
    spi_value: u32,
    sa: SecurityAssociation<'_>,
    challenge: &[u8],
) -> Result<usize, EmitError> {
    let hdr_end = len + GENERALIZED_AUTH_HEADER_LEN;
    let total = hdr_end + AUTHENTICATOR_LEN;
    let avail = buf.len();
    let Some(b) = buf.get_mut(..total) else {
        return Err(EmitError::BufferTooSmall(crate::wire::BufferTooSmall {
            required: total,
            available: avail,
        }));
    };
    let mut w = Writer::new(&mut b[len..]);
    w.u8(ExtensionType::GENERALIZED_AUTH.0);
    w.u8(GeneralizedAuthSubtype::MN_AAA.0);
    w.u16((4 + AUTHENTICATOR_LEN) as u16);
    w.u32(spi_value);
    let auth = compute_mn_aaa(spi_value, sa, b.get(..hdr_end).unwrap_or(&[]), challenge);
    if let Some(dst) = b.get_mut(hdr_end..total) {
        dst.copy_from_slice(&auth);
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &[u8] = b"0123456789abcdef";

    #[test]
    fn rfc2202_hmac_md5_vector() {
        // RFC 2202 §2 test case 2: key "Jefe", data "what do ya want for nothing?".
        let out = hmac_md5(b"Jefe", &[b"what do ya want for nothing?"]);
        assert_eq!(
            out,
            [
                0x75, 0x0c, 0x78, 0x3e, 0x6a, 0xb0, 0xb5, 0x03, 0xea, 0xa8, 0x6e, 0x31, 0x0a, 0x5d,
                0xb7, 0x38
            ]
        );
    }

    #[test]
    fn append_then_verify() {
        let sa = SecurityAssociation {
            algorithm: Algorithm::HmacMd5,
            key: KEY,
        };
        let mut buf = [0u8; 64];
        buf[0] = 1;
        let n = append_auth(&mut buf, 24, ExtensionType::MN_HA_AUTH, 0x100, sa).unwrap();
        assert_eq!(n, 46);
        let table = [(0x100u32, sa)];
        assert_eq!(
            verify_message(&buf[..n], 24, ExtensionType::MN_HA_AUTH, &table[..]),
            Ok(0x100)
        );
        buf[3] ^= 1;
        assert_eq!(
            verify_message(&buf[..n], 24, ExtensionType::MN_HA_AUTH, &table[..]),
            Err(AuthError::Mismatch { spi: 0x100 })
        );
        assert_eq!(
            append_auth(&mut buf[..40], 24, ExtensionType::MN_HA_AUTH, 1, sa),
            Err(EmitError::BufferTooSmall(crate::wire::BufferTooSmall {
                required: 46,
                available: 40
            }))
        );
    }

    #[test]
    fn keyed_md5_is_prefix_suffix() {
        let sa = SecurityAssociation {
            algorithm: Algorithm::KeyedMd5,
            key: b"k",
        };
        assert_eq!(compute(sa, b"data"), md5(&[b"kdatak"]));
        assert!(verify(sa, b"data", &md5(&[b"kdatak"])));
        assert!(!verify(sa, b"datb", &md5(&[b"kdatak"])));
    }

    #[test]
    fn mn_aaa_append_and_verify() {
        let sa = SecurityAssociation {
            algorithm: Algorithm::HmacMd5,
            key: b"aaa",
        };
        let challenge = [9u8, 8, 7, 6];
        // CHAP_SPI, then two SPIs of ordinary (HMAC-MD5) associations: 3 is
        // unassigned by IANA and gets no special computation.
        for spi_value in [spi::CHAP, 3, 0x1000] {
            let mut buf = [0u8; 64];
            buf[0] = 1;
            buf[24] = ExtensionType::MN_FA_CHALLENGE.0;
            buf[25] = 4;
            buf[26..30].copy_from_slice(&challenge);
            let n = append_mn_aaa(&mut buf, 30, spi_value, sa, &challenge).unwrap();
            let keys = [(spi_value, sa)];
            let ty = ExtensionType::GENERALIZED_AUTH;
            assert_eq!(verify_message(&buf[..n], 24, ty, &keys[..]), Ok(spi_value));
            buf[27] ^= 0x80; // the challenge is covered
            assert!(verify_message(&buf[..n], 24, ty, &keys[..]).is_err());
        }
        // CHAP without a challenge extension before it.
        let mut buf = [0u8; 64];
        buf[0] = 1;
        let n = append_mn_aaa(&mut buf, 24, spi::CHAP, sa, &[]).unwrap();
        let keys = [(spi::CHAP, sa)];
        assert_eq!(
            verify_message(&buf[..n], 24, ExtensionType::GENERALIZED_AUTH, &keys[..]),
            Err(AuthError::MissingChallenge)
        );
        let wrong = [(
            spi::CHAP,
            SecurityAssociation {
                algorithm: Algorithm::HmacMd5,
                key: b"not it",
            },
        )];
        let mut buf = [0u8; 64];
        buf[0] = 1;
        buf[24] = ExtensionType::MN_FA_CHALLENGE.0;
        buf[25] = 4;
        buf[26..30].copy_from_slice(&challenge);
        let n = append_mn_aaa(&mut buf, 30, spi::CHAP, sa, &challenge).unwrap();
        let ty = ExtensionType::GENERALIZED_AUTH;
        let e = verify_message(&buf[..n], 24, ty, &wrong[..]).unwrap_err();
        let d = e.denial_for(ty, Peer::MobileNode);
        assert_eq!(d.reply_code(super::super::Role::ForeignAgent).0, 108);
        assert_eq!(d.reply_code(super::super::Role::HomeAgent).0, 144);
        let d = e.denial_for(ExtensionType::MN_HA_AUTH, Peer::MobileNode);
        assert_eq!(d.reply_code(super::super::Role::HomeAgent).0, 131);
        assert_eq!(
            AuthError::MissingChallenge
                .denial(Peer::MobileNode)
                .reply_code(super::super::Role::ForeignAgent)
                .0,
            105
        );
    }

    #[test]
    /// RFC 4721 §8: high-order octet, key, MD5(data), then the least-order
    /// 237 octets, which for a short challenge are all of it (its first
    /// octet hashed twice) and for a long one its last 237.
    fn chap_uses_first_octet_then_least_order_237() {
        let sa = SecurityAssociation {
            algorithm: Algorithm::HmacMd5,
            key: b"secret",
        };
        let inner = md5(&[b"msg"]);
        let a = compute_mn_aaa(spi::CHAP, sa, b"msg", &[1, 2, 3, 4]);
        assert_eq!(a, md5(&[&[1], b"secret", &inner, &[1, 2, 3, 4]]));
        let mut long = [0u8; 300];
        for (i, b) in long.iter_mut().enumerate() {
            *b = i as u8;
        }
        let b = compute_mn_aaa(spi::CHAP, sa, b"msg", &long);
        assert_eq!(b, md5(&[&[0], b"secret", &inner, &long[63..]]));
        let c237 = &long[..237];
        let c = compute_mn_aaa(spi::CHAP, sa, b"msg", c237);
        assert_eq!(c, md5(&[&[0], b"secret", &inner, c237]));
        let c238 = &long[..238];
        let d = compute_mn_aaa(spi::CHAP, sa, b"msg", c238);
        assert_eq!(d, md5(&[&[0], b"secret", &inner, &c238[1..]]));
    }
}
