//! Return-routability crypto (RFC 6275 §5.2.5) and the Binding
//! Authorization Data authenticator (RFC 6275 §5.2.6, §6.2.7).
//!
//! ```text
//! home keygen token    = First(64, HMAC_SHA1(Kcn, home address    | nonce | 0))
//! care-of keygen token = First(64, HMAC_SHA1(Kcn, care-of address | nonce | 1))
//! Kbm                  = SHA1(home keygen token | care-of keygen token)
//! Kbm (deregistration) = SHA1(home keygen token)
//! Authenticator        = First(96, HMAC_SHA1(Kbm, care-of address | correspondent | MH Data))
//! ```
//!
//! The final 0 or 1 is a single octet. MH Data is the Mobility Header with
//! its Checksum field set to zero and the Authenticator field itself left
//! out (RFC 6275 §6.2.7); [`mh_authenticator`] builds that from a message.
//!
//! Verification ([`verify_binding_authorization_data`]) compares in
//! constant time through the RustCrypto `Mac` API.

use hmac::{Hmac, KeyInit, Mac};
use sha1::{Digest, Sha1};

use super::wire::{MobilityHeader, MobilityOptionType};

/// The node key Kcn: 20 octets (RFC 6275 §5.2.3).
pub type NodeKey = [u8; 20];
/// A keygen token: 64 bits.
pub type KeygenToken = [u8; 8];
/// The binding management key Kbm: 20 octets.
pub type Kbm = [u8; 20];
/// The Binding Authorization Data authenticator: 96 bits.
pub type Authenticator = [u8; 12];

type HmacSha1 = Hmac<Sha1>;

/// An HMAC-SHA1 instance keyed with a 20-octet key. Keys shorter than the
/// SHA-1 block are zero-padded by HMAC's definition (RFC 2104 §2), which is
/// what this does explicitly, so construction cannot fail.
fn hmac_sha1(key: &[u8; 20]) -> HmacSha1 {
    let mut block = [0u8; 64];
    block[..20].copy_from_slice(key);
    HmacSha1::new(&block.into())
}

fn keygen_token(kcn: &NodeKey, address: &[u8; 16], nonce: &[u8], which: u8) -> KeygenToken {
    let mut mac = hmac_sha1(kcn);
    mac.update(address);
    mac.update(nonce);
    mac.update(&[which]);
    let full = mac.finalize().into_bytes();
    let mut t = [0u8; 8];
    t.copy_from_slice(&full[..8]);
    t
}

/// The home keygen token a correspondent node sends in a Home Test.
#[must_use]
pub fn home_keygen_token(kcn: &NodeKey, home_address: &[u8; 16], nonce: &[u8]) -> KeygenToken {
    keygen_token(kcn, home_address, nonce, 0)
}

/// The care-of keygen token a correspondent node sends in a Care-of Test.
#[must_use]
pub fn care_of_keygen_token(
    kcn: &NodeKey,
    care_of_address: &[u8; 16],
    nonce: &[u8],
) -> KeygenToken {
    keygen_token(kcn, care_of_address, nonce, 1)
}

/// Kbm for a registration: SHA1(home keygen token | care-of keygen token).
#[must_use]
pub fn kbm(home_token: &KeygenToken, care_of_token: &KeygenToken) -> Kbm {
    let mut h = Sha1::new();
    h.update(home_token);
    h.update(care_of_token);
    h.finalize().into()
}

/// Kbm for a deregistration (returning home, lifetime 0): SHA1(home keygen
/// token) (RFC 6275 §5.2.5).
#[must_use]
pub fn kbm_deregistration(home_token: &KeygenToken) -> Kbm {
    Sha1::digest(home_token).into()
}

fn bad_mac(kbm: &Kbm, care_of: &[u8; 16], correspondent: &[u8; 16], parts: &[&[u8]]) -> HmacSha1 {
    let mut mac = hmac_sha1(kbm);
    mac.update(care_of);
    mac.update(correspondent);
    for p in parts {
        mac.update(p);
    }
    mac
}

/// The Binding Authorization Data authenticator over `mh_data` (the
/// Mobility Header with a zero checksum and without the authenticator
/// bytes). For a deregistration, `care_of` is the home address.
#[must_use]
pub fn binding_authorization_data(
    kbm: &Kbm,
    care_of: &[u8; 16],
    correspondent: &[u8; 16],
    mh_data: &[u8],
) -> Authenticator {
    let full = bad_mac(kbm, care_of, correspondent, &[mh_data])
        .finalize()
        .into_bytes();
    let mut a = [0u8; 12];
    a.copy_from_slice(&full[..12]);
    a
}

/// Checks an authenticator in constant time.
#[must_use]
pub fn verify_binding_authorization_data(
    kbm: &Kbm,
    care_of: &[u8; 16],
    correspondent: &[u8; 16],
    mh_data: &[u8],
    authenticator: &[u8],
) -> bool {
    authenticator.len() == 12
        && bad_mac(kbm, care_of, correspondent, &[mh_data])
            .verify_truncated_left(authenticator)
            .is_ok()
}

/// Where the authenticator of a message's Binding Authorization Data
/// option sits: `(start, end)` byte offsets in the Mobility Header.
fn authenticator_range(mh: &[u8]) -> Option<(usize, usize)> {
    let view = MobilityHeader::new_checked(mh).ok()?;
    let raw = view
        .raw_options()
        .map_while(Result::ok)
        .find(|o| o.ty == MobilityOptionType::BINDING_AUTHORIZATION_DATA)?;
    let start = raw.offset + 2;
    Some((start, start + raw.data.len()))
}

/// The authenticator a message should carry, computed over the message in
/// `mh` (a Mobility Header with a Binding Authorization Data option; its
/// checksum and authenticator bytes are ignored). `None` when `mh` is not a
/// valid Mobility Header or has no such option.
#[must_use]
pub fn mh_authenticator(
    kbm: &Kbm,
    care_of: &[u8; 16],
    correspondent: &[u8; 16],
    mh: &[u8],
) -> Option<Authenticator> {
    let (start, end) = authenticator_range(mh)?;
    let len = MobilityHeader::new_checked(mh).ok()?.total_len();
    let full = bad_mac(
        kbm,
        care_of,
        correspondent,
        &[mh.get(..4)?, &[0, 0], mh.get(6..start)?, mh.get(end..len)?],
    )
    .finalize()
    .into_bytes();
    let mut a = [0u8; 12];
    a.copy_from_slice(&full[..12]);
    Some(a)
}

/// Verifies, in constant time, the Binding Authorization Data option of
/// the Mobility Header `mh`. `false` when there is no such option or the
/// authenticator is not 96 bits.
#[must_use]
pub fn verify_mh_authenticator(
    kbm: &Kbm,
    care_of: &[u8; 16],
    correspondent: &[u8; 16],
    mh: &[u8],
) -> bool {
    let Some((start, end)) = authenticator_range(mh) else {
        return false;
    };
    let Some(len) = MobilityHeader::new_checked(mh).ok().map(|v| v.total_len()) else {
        return false;
    };
    let (Some(a), Some(b), Some(c), Some(tag)) = (
        mh.get(..4),
        mh.get(6..start),
        mh.get(end..len),
        mh.get(start..end),
    ) else {
        return false;
    };
    tag.len() == 12
        && bad_mac(kbm, care_of, correspondent, &[a, &[0, 0], b, c])
            .verify_truncated_left(tag)
            .is_ok()
}

/// Fills the authenticator of the Binding Authorization Data option in
/// `mh` in place (the checksum must be recomputed afterwards). Returns
/// `false` when there is no 96-bit authenticator to fill.
pub fn fill_mh_authenticator(
    kbm: &Kbm,
    care_of: &[u8; 16],
    correspondent: &[u8; 16],
    mh: &mut [u8],
) -> bool {
    let Some((start, end)) = authenticator_range(mh) else {
        return false;
    };
    let Some(a) = mh_authenticator(kbm, care_of, correspondent, mh) else {
        return false;
    };
    match mh.get_mut(start..end) {
        Some(dst) if dst.len() == 12 => {
            dst.copy_from_slice(&a);
            true
        }
        _ => false,
    }
}
