//! Mobile IPv4 code points as open newtypes, and the flag sets.
//!
//! Sources: the IANA "Mobile IPv4 Numbers" registry and the RFCs cited on each
//! constant. Message types: RFC 5944 §1.8, RFC 3519 §3.3, RFC 3543 §3.
//! Registration extension types: RFC 5944 §3.5 and the RFC on each line.
//! Reply codes: RFC 5944 §3.4, RFC 2794 §3 (96–99), RFC 3115 §5 (89, 100, 101,
//! 140, 141), RFC 3024 §4 (74–75, 79, 137–139), RFC 3519 §3.2 (142),
//! RFC 4721 §10 (104–106, 108, 109, 144; 104–106 first in RFC 3012 §10),
//! RFC 3957 §7 (107, MISSING_MN_FA), RFC 4433
//! §3 (90, 143), RFC 4064 (127, 192: experimental use).
//!
//! Every value is representable (open newtypes), so a vendor or a later RFC can
//! use a code the crate does not name.

use bitflags::bitflags;

use crate::wire::open_code;

open_code! {
    /// The first byte of a Mobile IP control message on UDP port 434
    /// (RFC 5944 §1.8; IANA "Mobile IP Message Types").
    MessageType(u8) {
        /// Registration Request (RFC 5944 §3.3).
        REGISTRATION_REQUEST = 1, "Registration Request";
        /// Registration Reply (RFC 5944 §3.4).
        REGISTRATION_REPLY = 3, "Registration Reply";
        /// Tunnel Data (RFC 3519 §3.3).
        TUNNEL_DATA = 4, "Tunnel Data";
        /// Registration Revocation (RFC 3543 §3.1).
        REGISTRATION_REVOCATION = 7, "Registration Revocation";
        /// Revocation Acknowledgment (RFC 3543 §3.2).
        REVOCATION_ACKNOWLEDGMENT = 15, "Revocation Acknowledgment";
    }
}

open_code! {
    /// The type of an extension in a Mobile IP control message (RFC 5944
    /// §1.9, §3.5). Types 0–127 are not skippable, 128–255 are skippable.
    ///
    /// This numbering space is separate from [`AdvExtensionType`] (the ICMP
    /// Router Discovery extensions), as RFC 5944 §1.9 explains.
    ExtensionType(u8) {
        /// Mobile-Home Authentication (RFC 5944 §3.5.2).
        MN_HA_AUTH = 32, "Mobile-Home Authentication";
        /// Mobile-Foreign Authentication (RFC 5944 §3.5.3).
        MN_FA_AUTH = 33, "Mobile-Foreign Authentication";
        /// Foreign-Home Authentication (RFC 5944 §3.5.4).
        FA_HA_AUTH = 34, "Foreign-Home Authentication";
        /// Generalized Mobile IP Authentication (RFC 4721 §5, first RFC 3012):
        /// type, subtype, 16-bit length.
        GENERALIZED_AUTH = 36, "Generalized Mobile IP Authentication";
        /// Critical Vendor/Organization Specific Extension (RFC 3115 §2):
        /// type, reserved, 16-bit length.
        CVSE = 38, "Critical Vendor/Organization Specific Extension";
        /// Generalized MN-FA Key Generation Nonce Request, "MN-FA-KeyGen
        /// Request" (RFC 3957 §6.1, §8): type, subtype, 16-bit length; not
        /// skippable.
        MN_FA_KEYGEN_REQUEST = 40, "Generalized MN-FA Key Generation Nonce Request";
        /// Generalized MN-FA Key Generation Nonce Reply, "MN-FA-KeyGen Reply"
        /// (RFC 3957 §6.2, §8).
        MN_FA_KEYGEN_REPLY = 41, "Generalized MN-FA Key Generation Nonce Reply";
        /// Generalized MN-HA Key Generation Nonce Request, "MN-HA-KeyGen
        /// Request" (RFC 3957 §6.3, §8).
        MN_HA_KEYGEN_REQUEST = 42, "Generalized MN-HA Key Generation Nonce Request";
        /// Generalized MN-HA Key Generation Nonce Reply, "MN-HA-KeyGen Reply"
        /// (RFC 3957 §6.4, §8).
        MN_HA_KEYGEN_REPLY = 43, "Generalized MN-HA Key Generation Nonce Reply";
        /// UDP Tunnel Reply (RFC 3519 §3.2).
        UDP_TUNNEL_REPLY = 44, "UDP Tunnel Reply";
        /// Encapsulating Delivery Style (RFC 3024 §5.3.1).
        ENCAPSULATING_DELIVERY_STYLE = 130, "Encapsulating Delivery Style";
        /// Mobile Node NAI (RFC 2794 §2).
        MN_NAI = 131, "Mobile Node NAI";
        /// MN-FA Challenge, "Mobile-Foreign Challenge" (RFC 4721 §4, skippable;
        /// first RFC 3012 §4).
        MN_FA_CHALLENGE = 132, "MN-FA Challenge";
        /// Normal Vendor/Organization Specific Extension (RFC 3115 §3).
        NVSE = 134, "Normal Vendor/Organization Specific Extension";
        /// Revocation Support (RFC 3543 §3.3).
        REVOCATION_SUPPORT = 137, "Revocation Support";
        /// Dynamic HA (RFC 4433 §3.1).
        DYNAMIC_HA = 139, "Dynamic HA";
        /// UDP Tunnel Request (RFC 3519 §3.1).
        UDP_TUNNEL_REQUEST = 144, "UDP Tunnel Request";
    }
}

impl ExtensionType {
    /// Whether an unrecognized extension of this type may be skipped
    /// (128–255) rather than invalidating the message (0–127), RFC 5944 §1.9.
    #[must_use]
    pub const fn is_skippable(self) -> bool {
        self.0 >= 128
    }
}

open_code! {
    /// The type of an extension in an ICMP Router Advertisement (RFC 5944
    /// §2.1; IANA "Mobile IP Extensions for ICMP Router Discovery messages").
    AdvExtensionType(u8) {
        /// One-byte Padding: a lone type byte, no length (RFC 5944 §2.1.3).
        PAD = 0, "One-byte Padding";
        /// Mobility Agent Advertisement (RFC 5944 §2.1.1).
        MOBILITY_AGENT = 16, "Mobility Agent Advertisement";
        /// Prefix-Lengths (RFC 5944 §2.1.2).
        PREFIX_LENGTHS = 19, "Prefix-Lengths";
        /// Challenge (RFC 4721 §2, first RFC 3012).
        CHALLENGE = 24, "Challenge";
    }
}

open_code! {
    /// The Code of a Registration Reply (RFC 5944 §3.4 and the RFCs listed in
    /// the module docs). 0–1 accept, 64–127 are foreign agent denials, 128–191
    /// home agent denials.
    ReplyCode(u8) {
        /// registration accepted (RFC 5944 §3.4).
        ACCEPTED = 0, "registration accepted";
        /// registration accepted, but simultaneous mobility bindings unsupported (RFC 5944 §3.4).
        ACCEPTED_NO_SIMULTANEOUS = 1, "registration accepted, but simultaneous mobility bindings unsupported";
        /// FA: reason unspecified (RFC 5944 §3.4).
        FA_UNSPECIFIED = 64, "FA: reason unspecified";
        /// FA: administratively prohibited (RFC 5944 §3.4).
        FA_ADMIN_PROHIBITED = 65, "FA: administratively prohibited";
        /// FA: insufficient resources (RFC 5944 §3.4).
        FA_INSUFFICIENT_RESOURCES = 66, "FA: insufficient resources";
        /// FA: mobile node failed authentication (RFC 5944 §3.4).
        FA_MN_FAILED_AUTH = 67, "FA: mobile node failed authentication";
        /// FA: home agent failed authentication (RFC 5944 §3.4).
        FA_HA_FAILED_AUTH = 68, "FA: home agent failed authentication";
        /// FA: requested Lifetime too long (RFC 5944 §3.4).
        FA_LIFETIME_TOO_LONG = 69, "FA: requested Lifetime too long";
        /// FA: poorly formed Request (RFC 5944 §3.4).
        FA_POORLY_FORMED_REQUEST = 70, "FA: poorly formed Request";
        /// FA: poorly formed Reply (RFC 5944 §3.4).
        FA_POORLY_FORMED_REPLY = 71, "FA: poorly formed Reply";
        /// FA: requested encapsulation unavailable (RFC 5944 §3.4).
        FA_ENCAPSULATION_UNAVAILABLE = 72, "FA: requested encapsulation unavailable";
        /// FA: reserved and unavailable (formerly VJ compression; RFC 5944 §3.4).
        FA_VJ_UNAVAILABLE = 73, "FA: reserved and unavailable";
        /// FA: requested reverse tunnel unavailable (RFC 3024 §4.2).
        FA_REVERSE_TUNNEL_UNAVAILABLE = 74, "FA: requested reverse tunnel unavailable";
        /// FA: reverse tunnel is mandatory and 'T' bit not set (RFC 3024 §4.2).
        FA_REVERSE_TUNNEL_MANDATORY = 75, "FA: reverse tunnel is mandatory and 'T' bit not set";
        /// FA: mobile node too distant (RFC 3024 §4.2).
        FA_MN_TOO_DISTANT = 76, "FA: mobile node too distant";
        /// FA: invalid care-of address (RFC 5944 §3.4).
        FA_INVALID_COA = 77, "FA: invalid care-of address";
        /// FA: registration timeout (RFC 5944 §3.4).
        FA_REGISTRATION_TIMEOUT = 78, "FA: registration timeout";
        /// FA: delivery style not supported (RFC 3024 §4.2).
        FA_DELIVERY_STYLE_UNSUPPORTED = 79, "FA: delivery style not supported";
        /// FA: home network unreachable (ICMP error received) (RFC 5944 §3.4).
        FA_HOME_NETWORK_UNREACHABLE = 80, "FA: home network unreachable (ICMP error received)";
        /// FA: home agent host unreachable (ICMP error received) (RFC 5944 §3.4).
        FA_HA_HOST_UNREACHABLE = 81, "FA: home agent host unreachable (ICMP error received)";
        /// FA: home agent port unreachable (ICMP error received) (RFC 5944 §3.4).
        FA_HA_PORT_UNREACHABLE = 82, "FA: home agent port unreachable (ICMP error received)";
        /// FA: home agent unreachable (other ICMP error received) (RFC 5944 §3.4).
        FA_HA_UNREACHABLE = 88, "FA: home agent unreachable (other ICMP error received)";
        /// FA: vendor-specific reason (RFC 3115 §5).
        FA_VENDOR_SPECIFIC = 89, "FA: vendor-specific reason";
        /// FA: non-zero HA address required (RFC 4433 §3.4).
        FA_NONZERO_HA_REQUIRED = 90, "FA: non-zero HA address required";
        /// FA: non-zero Home Address required (RFC 2794 §3).
        FA_NONZERO_HOME_ADDRESS_REQUIRED = 96, "FA: non-zero Home Address required";
        /// FA: missing NAI (RFC 2794 §3).
        FA_MISSING_NAI = 97, "FA: missing NAI";
        /// FA: missing Home Agent (RFC 2794 §3).
        FA_MISSING_HOME_AGENT = 98, "FA: missing Home Agent";
        /// FA: missing Home Address (RFC 2794 §3).
        FA_MISSING_HOME_ADDRESS = 99, "FA: missing Home Address";
        /// FA: unable to interpret CVSE sent by MN (RFC 3115 §5).
        FA_CVSE_FROM_MN = 100, "FA: unable to interpret CVSE sent by MN";
        /// FA: unable to interpret CVSE sent by HA (RFC 3115 §5).
        FA_CVSE_FROM_HA = 101, "FA: unable to interpret CVSE sent by HA";
        /// FA: unknown challenge (RFC 4721 §10).
        FA_UNKNOWN_CHALLENGE = 104, "FA: unknown challenge";
        /// FA: missing challenge (RFC 4721 §10).
        FA_MISSING_CHALLENGE = 105, "FA: missing challenge";
        /// FA: stale challenge (RFC 4721 §10).
        FA_STALE_CHALLENGE = 106, "FA: stale challenge";
        /// FA: missing MN-FA key generation nonce reply extension, MISSING_MN_FA
        /// (RFC 3957 §6.2, §7): the reply lacks the MN-FA KeyGen Reply the
        /// foreign agent needs.
        FA_MISSING_KEYGEN_REPLY = 107, "FA: missing MN-FA key generation nonce reply extension";
        /// FA: mobile node failed AAA authentication (RFC 4721 §10).
        FA_MN_FAILED_AAA_AUTH = 108, "FA: mobile node failed AAA authentication";
        /// FA: HA sent wrong challenge in reply (RFC 4721 §10).
        FA_HA_WRONG_CHALLENGE = 109, "FA: HA sent wrong challenge in reply";
        /// FA: error code for experimental use (RFC 4064).
        FA_EXPERIMENTAL = 127, "FA: error code for experimental use";
        /// HA: reason unspecified (RFC 5944 §3.4).
        HA_UNSPECIFIED = 128, "HA: reason unspecified";
        /// HA: administratively prohibited (RFC 5944 §3.4).
        HA_ADMIN_PROHIBITED = 129, "HA: administratively prohibited";
        /// HA: insufficient resources (RFC 5944 §3.4).
        HA_INSUFFICIENT_RESOURCES = 130, "HA: insufficient resources";
        /// HA: mobile node failed authentication (RFC 5944 §3.4).
        HA_MN_FAILED_AUTH = 131, "HA: mobile node failed authentication";
        /// HA: foreign agent failed authentication (RFC 5944 §3.4).
        HA_FA_FAILED_AUTH = 132, "HA: foreign agent failed authentication";
        /// HA: registration Identification mismatch (RFC 5944 §3.4, §5.7).
        HA_IDENTIFICATION_MISMATCH = 133, "HA: registration Identification mismatch";
        /// HA: poorly formed Request (RFC 5944 §3.4).
        HA_POORLY_FORMED_REQUEST = 134, "HA: poorly formed Request";
        /// HA: too many simultaneous mobility bindings (RFC 5944 §3.4).
        HA_TOO_MANY_BINDINGS = 135, "HA: too many simultaneous mobility bindings";
        /// HA: unknown home agent address (RFC 5944 §3.4).
        HA_UNKNOWN_HA_ADDRESS = 136, "HA: unknown home agent address";
        /// HA: requested reverse tunnel unavailable (RFC 3024 §4.3).
        HA_REVERSE_TUNNEL_UNAVAILABLE = 137, "HA: requested reverse tunnel unavailable";
        /// HA: reverse tunnel is mandatory and 'T' bit not set (RFC 3024 §4.3).
        HA_REVERSE_TUNNEL_MANDATORY = 138, "HA: reverse tunnel is mandatory and 'T' bit not set";
        /// HA: requested encapsulation unavailable (RFC 3024 §4.3).
        HA_ENCAPSULATION_UNAVAILABLE = 139, "HA: requested encapsulation unavailable";
        /// HA: unable to interpret CVSE sent by MN (RFC 3115 §5).
        HA_CVSE_FROM_MN = 140, "HA: unable to interpret CVSE sent by MN";
        /// HA: unable to interpret CVSE sent by FA (RFC 3115 §5).
        HA_CVSE_FROM_FA = 141, "HA: unable to interpret CVSE sent by FA";
        /// HA: UDP encapsulation unavailable (RFC 3519 §3.2).
        HA_UDP_ENCAPSULATION_UNAVAILABLE = 142, "HA: UDP encapsulation unavailable";
        /// HA: register with redirected HA (RFC 4433 §3.4).
        HA_REDIRECTED = 143, "HA: register with redirected HA";
        /// HA: mobile node failed AAA authentication (RFC 4721 §10).
        HA_MN_FAILED_AAA_AUTH = 144, "HA: mobile node failed AAA authentication";
        /// HA: error code for experimental use (RFC 4064).
        HA_EXPERIMENTAL = 192, "HA: error code for experimental use";
    }
}

impl ReplyCode {
    /// Codes 0 and 1 accept the registration (RFC 5944 §3.4).
    #[must_use]
    pub const fn is_accepted(self) -> bool {
        self.0 <= 1
    }

    /// 64–127: the registration was denied by the foreign agent.
    #[must_use]
    pub const fn is_foreign_agent_denial(self) -> bool {
        self.0 >= 64 && self.0 <= 127
    }

    /// 128–191 (and 192, experimental): denied by the home agent.
    #[must_use]
    pub const fn is_home_agent_denial(self) -> bool {
        self.0 >= 128 && self.0 <= 192
    }
}

open_code! {
    /// The subtype of a Generalized Mobile IP Authentication extension
    /// (RFC 4721 §5; IANA "Generalized Authentication Extension (Value 36)").
    GeneralizedAuthSubtype(u8) {
        /// MN-AAA Authentication (RFC 4721 §5).
        MN_AAA = 1, "MN-AAA Authentication";
    }
}

open_code! {
    /// The subtype of the RFC 3957 key generation extensions (types 40–43;
    /// RFC 3957 §8; IANA "KeyGen Request/Reply subtypes (Value 40-43)",
    /// which also marks 7 "Not to be allocated - used by early
    /// implementations").
    KeyGenSubtype(u8) {
        /// KeyGen Request/Reply from AAA (RFC 3957 §6.1–6.4): the request has
        /// no subtype data, the replies carry the AAA SPI, the new SPI, the
        /// algorithm and the Key Generation Nonce.
        AAA = 1, "KeyGen Request/Reply from AAA";
    }
}

open_code! {
    /// The Algorithm Identifier of an RFC 3957 AAA key generation reply: the
    /// transform of the new mobility security association. RFC 3957 §4 takes
    /// the values from the IPsec "Authentication Algorithm" attribute
    /// (RFC 2407 §4.5; IANA "Magic Numbers for ISAKMP Protocol",
    /// "Authentication Algorithm (Value 5)").
    KeyGenAlgorithm(u16) {
        /// HMAC-MD5 (RFC 2407 §4.5), the RFC 5944 §3.5.1 default transform.
        HMAC_MD5 = 1, "HMAC-MD5";
        /// HMAC-SHA (RFC 2407 §4.5).
        HMAC_SHA = 2, "HMAC-SHA";
        /// DES-MAC (RFC 2407 §4.5).
        DES_MAC = 3, "DES-MAC";
        /// KPDK (RFC 2407 §4.5).
        KPDK = 4, "KPDK";
    }
}

open_code! {
    /// The Replay Method of an MN-HA AAA key generation reply (RFC 3957 §4
    /// and §8; IANA "Replay Method Identifier"). 0 and 1 are reserved.
    ReplayMethod(u16) {
        /// Timestamps (RFC 3957 §4, RFC 3344 §5.7).
        TIMESTAMPS = 2, "Timestamps";
        /// Nonces (RFC 3957 §4, RFC 3344 §5.7).
        NONCES = 3, "Nonces";
    }
}

/// Reserved SPI values (RFC 4721 §7, §9 and §11; IANA "Security Parameter
/// Index (SPI) Values for the Mobile IP Reserved SPIs": 0 and 1 reserved,
/// 2 CHAP_SPI, 3–255 unassigned).
pub mod spi {
    /// CHAP_SPI: the MN-AAA authenticator is computed CHAP-style with MD5
    /// (RFC 4721 §8). The only algorithm-selecting SPI IANA lists.
    pub const CHAP: u32 = 2;
    /// SPIs below this value are reserved (RFC 5944 §1.6, "SPI values 0
    /// through 255 are reserved").
    pub const FIRST_UNRESERVED: u32 = 256;
}

bitflags! {
    /// The flags byte of a Registration Request, `S B D M G r T x`
    /// (RFC 5944 §3.3). Reserved bits are kept (`from_bits_retain`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub struct RegistrationFlags: u8 {
        /// S: simultaneous bindings.
        const S = 0x80;
        /// B: broadcast datagrams.
        const B = 0x40;
        /// D: decapsulation by the mobile node (co-located care-of address).
        const D = 0x20;
        /// M: minimal encapsulation (RFC 2004).
        const M = 0x10;
        /// G: GRE encapsulation (RFC 2784).
        const G = 0x08;
        /// r: sent as zero, ignored on reception (formerly V, Van Jacobson).
        const R_RESERVED = 0x04;
        /// T: reverse tunnelling requested (RFC 3024).
        const T = 0x02;
        /// x: sent as zero, ignored on reception.
        const X_RESERVED = 0x01;
    }
}

impl RegistrationFlags {
    /// The reserved bits (`r` and `x`) that a sender must clear.
    pub const RESERVED: RegistrationFlags =
        RegistrationFlags::R_RESERVED.union(RegistrationFlags::X_RESERVED);
}

bitflags! {
    /// The 16 flag bits of a Mobility Agent Advertisement extension,
    /// `R B H F M G r T U X I reserved` (RFC 5944 §2.1.1, which lists U
    /// from RFC 3519, X from RFC 3543 and I from RFC 4857).
    /// Reserved bits are kept (`from_bits_retain`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub struct AgentAdvFlags: u16 {
        /// R: registration required.
        const R = 0x8000;
        /// B: busy.
        const B = 0x4000;
        /// H: home agent.
        const H = 0x2000;
        /// F: foreign agent.
        const F = 0x1000;
        /// M: minimal encapsulation supported.
        const M = 0x0800;
        /// G: GRE encapsulation supported.
        const G = 0x0400;
        /// r: sent as zero (formerly V).
        const R_RESERVED = 0x0200;
        /// T: reverse tunnelling supported (RFC 3024).
        const T = 0x0100;
        /// U: UDP tunnelling supported (RFC 3519).
        const U = 0x0080;
        /// X: registration revocation supported (RFC 3543).
        const X = 0x0040;
        /// I: regional registration supported (RFC 4857).
        const I = 0x0020;
    }
}

bitflags! {
    /// The flags of the Registration Revocation message (RFC 3543 §3.1),
    /// `A I reserved`. Reserved bits are kept.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub struct RevocationFlags: u16 {
        /// A: the revocation comes from the home domain (home agent).
        const A = 0x8000;
        /// I: the mobile node is to be informed of the revocation.
        const I = 0x4000;
    }
}

bitflags! {
    /// The flags of the Revocation Support extension (RFC 3543 §3.3) and of
    /// the Revocation Acknowledgment (RFC 3543 §3.2): `I reserved`.
    /// Reserved bits are kept.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub struct RevocationSupportFlags: u16 {
        /// I: "I bit" support (extension) / the mobile node was informed (ack).
        const I = 0x8000;
    }
}

bitflags! {
    /// The flags byte of a UDP Tunnel Request extension (RFC 3519 §3.1).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub struct UdpTunnelRequestFlags: u8 {
        /// F: force UDP tunnelling.
        const F = 0x80;
        /// R: the FA (or MN) requests registration through a NAT with keepalives.
        const R = 0x40;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    extern crate std;
    use std::format;

    #[test]
    fn names_and_debug() {
        assert_eq!(ReplyCode(133), ReplyCode::HA_IDENTIFICATION_MISMATCH);
        assert_eq!(
            format!("{:?}", ReplyCode(70)),
            "ReplyCode(70 FA: poorly formed Request)"
        );
        assert_eq!(format!("{}", ReplyCode(200)), "200");
        assert!(ExtensionType(128).is_skippable());
        assert!(!ExtensionType(127).is_skippable());
        assert!(ReplyCode(1).is_accepted());
        assert!(ReplyCode(70).is_foreign_agent_denial());
        assert!(ReplyCode(134).is_home_agent_denial());
    }

    #[test]
    fn flags_keep_reserved_bits() {
        let f = RegistrationFlags::from_bits_retain(0xff);
        assert_eq!(f.bits(), 0xff);
        let a = AgentAdvFlags::from_bits_retain(0x001f);
        assert_eq!(a.bits(), 0x001f);
    }
}
