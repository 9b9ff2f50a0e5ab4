//! The Mobile IPv4 wire layer: registration messages and their extensions,
//! authenticators, replay protection, agent advertisements and solicitations,
//! and the IPv4 tunnelling helpers the agents and the classifier share.
//!
//! # Contract (after smoltcp's wire module)
//!
//! * Every message has a view generic over its storage,
//!   `RegistrationRequest<T: AsRef<[u8]>>`, with `new_unchecked` (no check),
//!   `new_checked` (`new_unchecked` + `check`) and getters. With
//!   `T: AsMut<[u8]>` setters rewrite the buffer in place, so a foreign agent
//!   can relay a Request (e.g. strip an MN-FA extension, add FA-HA) without
//!   re-encoding.
//! * After `new_checked` succeeds, every getter returns the field's value and
//!   cannot panic, and every extension has been walked once: lengths,
//!   layouts, the [`MAX_EXTENSIONS`] and [`MAX_MESSAGE_LEN`] bounds, and
//!   unknown non-skippable types (RFC 5944 §1.9). The extension walkers still
//!   yield `Result`, so they are also safe on `new_unchecked` views.
//! * On `new_unchecked` views, getters never panic either: fields beyond a
//!   short buffer read as zero, setters beyond it do nothing.
//! * **Do not call `new_checked` on a buffer you are about to fill**: a
//!   zeroed buffer fails the type check, a reused one may pass at random.
//!   Use `new_unchecked` and the setters, or the owned forms
//!   ([`RequestHeader`], [`ReplyHeader`], [`Extension`]) whose
//!   `emit` writes into a caller buffer and reports the exact size needed.
//! * Offsets in [`Error`] are absolute from the first byte of the message.
//! * Nothing here allocates or reads a clock.
//!
//! # Example: a mobile node registers through a foreign agent
//!
//! The mobile node builds a Request with its NAI, MN-HA authentication, the
//! agent's challenge and MN-FA authentication. The foreign agent checks
//! MN-FA, drops it, appends FA-HA and relays; the home agent checks MN-HA
//! and FA-HA. No allocation, no re-encoding of what is relayed.
//!
//! ```
//! use core::net::Ipv4Addr;
//! use roam::mip4::wire::{
//!     append_auth, Algorithm, Extension, ExtensionType, Identification, RegistrationRequest,
//!     RequestHeader, SecurityAssociation, REQUEST_HEADER_LEN,
//! };
//!
//! let mn_ha = SecurityAssociation { algorithm: Algorithm::HmacMd5, key: b"mn-ha secret" };
//! let mn_fa = SecurityAssociation { algorithm: Algorithm::HmacMd5, key: b"mn-fa secret" };
//! let fa_ha = SecurityAssociation { algorithm: Algorithm::HmacMd5, key: b"fa-ha secret" };
//!
//! // Mobile node.
//! let header = RequestHeader {
//!     flags: 0x02, // T: reverse tunnelling
//!     lifetime: 1800,
//!     home_address: Ipv4Addr::new(10, 1, 0, 20),
//!     home_agent: Ipv4Addr::new(10, 1, 0, 1),
//!     care_of_address: Ipv4Addr::new(192, 0, 2, 10),
//!     identification: Identification(0xe88a_2b40_1234_5678),
//! };
//! let mut buf = [0u8; 256];
//! let mut n = header.emit(&mut buf).unwrap();
//! n += Extension::MnNai(b"mn1@example.net").emit(&mut buf[n..]).unwrap();
//! n = append_auth(&mut buf, n, ExtensionType::MN_HA_AUTH, 0x100, mn_ha).unwrap();
//! n += Extension::MnFaChallenge(&[1, 2, 3, 4]).emit(&mut buf[n..]).unwrap();
//! n = append_auth(&mut buf, n, ExtensionType::MN_FA_AUTH, 0x200, mn_fa).unwrap();
//! let request = &buf[..n];
//!
//! // Foreign agent: verify MN-FA, strip it, append FA-HA.
//! let rrq = RegistrationRequest::new_checked(request).unwrap();
//! let fa_keys = [(0x200, mn_fa)];
//! assert_eq!(rrq.as_bytes().len(), n);
//! roam::mip4::wire::verify_message(request, REQUEST_HEADER_LEN, ExtensionType::MN_FA_AUTH, &fa_keys[..]).unwrap();
//! let mn_fa_at = rrq
//!     .into_located_extensions()
//!     .flatten()
//!     .find(|e| e.extension.ty() == ExtensionType::MN_FA_AUTH)
//!     .unwrap()
//!     .offset;
//! let mut relay = [0u8; 256];
//! relay[..mn_fa_at].copy_from_slice(&request[..mn_fa_at]);
//! let m = append_auth(&mut relay, mn_fa_at, ExtensionType::FA_HA_AUTH, 0x300, fa_ha).unwrap();
//!
//! // Home agent: both authenticators check out.
//! let ha_keys = [(0x100, mn_ha), (0x300, fa_ha)];
//! for ty in [ExtensionType::MN_HA_AUTH, ExtensionType::FA_HA_AUTH] {
//!     roam::mip4::wire::verify_message(&relay[..m], REQUEST_HEADER_LEN, ty, &ha_keys[..]).unwrap();
//! }
//! ```
//!
//! # Reply codes
//!
//! [`Denial::reply_code`] is the one place that maps a reason to refuse a
//! registration (malformed, unknown extension, authentication, resources,
//! replay) to the code a foreign agent or a home agent sends.
//!
//! # Verification of code points
//!
//! Message types, extension types and reply codes were checked against the
//! IANA "Mobile IPv4 Numbers" registry and Wireshark's dissector tables
//! (which follow it). The RFC 3957 key generation extensions (types 40–43,
//! subtype 1, reply code 107, the Replay Method values) follow the RFC 3957
//! text (§4–§8) and the same registry; the MN-AAA CHAP computation follows
//! RFC 4721 §8.

pub mod advert;
pub mod auth;
pub mod codes;
pub mod describe;
pub mod error;
pub mod ext;
pub mod ipv4;
pub mod keygen;
pub mod registration;
pub mod replay;
pub mod revocation;
pub mod tunnel;

pub use advert::{
    emit_advertisement, emit_solicitation, AdvExtension, AdvExtensions, AgentAdvertisement,
    AgentSolicitation, MobilityAgentAdv, RouterEntry,
};
pub use auth::{
    append_auth, append_mn_aaa, compute, compute_mn_aaa, verify, verify_at, verify_message,
    Algorithm, AuthError, KeyLookup, SecurityAssociation, AUTHENTICATOR_LEN,
};
pub use codes::{
    AdvExtensionType, AgentAdvFlags, ExtensionType, GeneralizedAuthSubtype, KeyGenAlgorithm,
    KeyGenSubtype, MessageType, RegistrationFlags, ReplayMethod, ReplyCode, RevocationFlags,
    RevocationSupportFlags, UdpTunnelRequestFlags,
};
pub use error::{Anomalies, Denial, EmitError, Error, Layer, Peer, Role};
pub use ext::{
    emit_extensions, AuthExtension, DynamicHa, Extension, Extensions, GeneralizedAuth,
    KeyGenReplyData, KeyGenRequest, LocatedExtension, LocatedExtensions, MnFaAaaKeyReply,
    MnFaKeyGenReply, MnHaAaaKeyReply, MnHaKeyGenReply, RawExtension, RevocationSupport,
    UdpTunnelReply, UdpTunnelRequest, VendorExtension, MAX_EXTENSIONS,
};
pub use keygen::{derive_key, MobileNodeIdentifier, DERIVED_KEY_LEN};
pub use registration::{
    Lifetime, RegistrationReply, RegistrationRequest, ReplyHeader, RequestHeader, REPLY_HEADER_LEN,
    REQUEST_HEADER_LEN,
};
pub use replay::{Identification, ReplayError};
pub use revocation::{Revocation, RevocationAck, RevocationAckRepr, RevocationRepr};

/// UDP port of Mobile IP control messages (RFC 5944 §1.8).
pub const UDP_PORT: u16 = 434;

/// The largest Mobile IP control message accepted: the largest UDP payload
/// in an IPv4 datagram (65535 − 20 − 8).
pub const MAX_MESSAGE_LEN: usize = 65_507;
