//! RFC 3957 §5: how a mobile node turns a Key Generation Nonce into the key
//! of a new MN-HA or MN-FA mobility security association.
//!
//! ```text
//! key = HMAC-SHA1(AAA-key, Key Generation Nonce || mobile node identifier)
//! ```
//!
//! The nonce comes from the MN-HA or MN-FA AAA KeyGen Reply
//! ([`super::ext::MnHaAaaKeyReply`], [`super::ext::MnFaAaaKeyReply`]); the
//! mobile node identifier is the NAI of the Registration Request when it
//! carried one, otherwise its Home Address field (RFC 3957 §5, steps 1 of
//! both lists); the AAA-key is the secret of the AAA security association the
//! reply's AAA SPI names. RFC 3957 §5 makes HMAC-SHA1 mandatory to implement
//! and lets the AAA security association configure another keyed hash; this
//! module implements HMAC-SHA1 only.
//!
//! The RFC does not say how the Home Address is written into the hash input;
//! [`MobileNodeIdentifier::HomeAddress`] uses its four bytes in network
//! order, as the address appears in the Registration Request.

use core::net::Ipv4Addr;
use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;

/// Length of a derived registration key: one HMAC-SHA1 output.
pub const DERIVED_KEY_LEN: usize = 20;

/// The identifier RFC 3957 §5 hashes after the nonce.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MobileNodeIdentifier<'a> {
    /// The NAI from the Registration Request's MN-NAI extension (RFC 2794).
    Nai(&'a [u8]),
    /// The Registration Request's Home Address, when it carried no NAI.
    HomeAddress(Ipv4Addr),
}

/// Derives the MN-HA or MN-FA key from `aaa_key` and a Key Generation Nonce
/// (RFC 3957 §5): `HMAC-SHA1(aaa_key, nonce || identifier)`.
#[must_use]
pub fn derive_key(
    aaa_key: &[u8],
    nonce: &[u8],
    identifier: MobileNodeIdentifier<'_>,
) -> [u8; DERIVED_KEY_LEN] {
    // HMAC accepts keys of any length (RFC 2104 §2), so this cannot fail.
    let Ok(mut mac) = <Hmac<Sha1> as KeyInit>::new_from_slice(aaa_key) else {
        return [0; DERIVED_KEY_LEN];
    };
    mac.update(nonce);
    match identifier {
        MobileNodeIdentifier::Nai(nai) => mac.update(nai),
        MobileNodeIdentifier::HomeAddress(a) => mac.update(&a.octets()),
    }
    mac.finalize().into_bytes().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 2202 §3 test case 2 ("Jefe", "what do ya want for nothing?"),
    /// split into nonce and NAI: the concatenation is what is hashed.
    #[test]
    fn is_hmac_sha1_over_nonce_then_identifier() {
        let k = derive_key(
            b"Jefe",
            b"what do ya want ",
            MobileNodeIdentifier::Nai(b"for nothing?"),
        );
        let expect = [
            0xef, 0xfc, 0xdf, 0x6a, 0xe5, 0xeb, 0x2f, 0xa2, 0xd2, 0x74, 0x16, 0xd5, 0xf1, 0x84,
            0xdf, 0x9c, 0x25, 0x9a, 0x7c, 0x79,
        ];
        assert_eq!(k, expect);
        let other = derive_key(
            b"Jefe",
            b"what do ya want ",
            MobileNodeIdentifier::HomeAddress(Ipv4Addr::new(10, 1, 0, 20)),
        );
        assert_ne!(other, expect);
    }
}
