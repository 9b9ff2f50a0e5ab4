//! Mobile IPv4 wire errors, and the one function that maps every reason to
//! refuse a registration onto the Reply Code an agent sends back.

use super::codes::ReplyCode;
use crate::wire::BufferTooSmall;
use bitflags::bitflags;
use core::fmt;

/// The structure an [`Error`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Layer {
    /// Registration Request fixed part (RFC 5944 §3.3).
    RegistrationRequest,
    /// Registration Reply fixed part (RFC 5944 §3.4).
    RegistrationReply,
    /// Registration Revocation (RFC 3543 §3.1).
    Revocation,
    /// Revocation Acknowledgment (RFC 3543 §3.2).
    RevocationAck,
    /// A registration extension (RFC 5944 §3.5).
    Extension,
    /// ICMP Router Advertisement with agent extensions (RFC 5944 §2.1).
    AgentAdvertisement,
    /// Agent Solicitation (RFC 5944 §2.2).
    AgentSolicitation,
    /// An ICMP Router Discovery extension (RFC 5944 §2.1).
    AdvExtension,
    /// IPv4 header (RFC 791).
    Ipv4,
    /// Minimal forwarding header (RFC 2004 §3.1).
    MinimalEncapsulation,
    /// GRE header (RFC 2784 §2).
    Gre,
}

impl fmt::Display for Layer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            Layer::RegistrationRequest => "registration request",
            Layer::RegistrationReply => "registration reply",
            Layer::Revocation => "registration revocation",
            Layer::RevocationAck => "revocation acknowledgment",
            Layer::Extension => "extension",
            Layer::AgentAdvertisement => "agent advertisement",
            Layer::AgentSolicitation => "agent solicitation",
            Layer::AdvExtension => "advertisement extension",
            Layer::Ipv4 => "ipv4",
            Layer::MinimalEncapsulation => "minimal encapsulation",
            Layer::Gre => "gre",
        };
        f.write_str(s)
    }
}

/// A Mobile IPv4 wire error: small, `Copy`, and locating the failure.
///
/// Offsets are absolute from the first byte of the message (for tunnel
/// helpers, of the outer packet).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The buffer ends before the structure it should hold.
    #[error("mip4 {layer}: need {required} bytes at offset {offset}, have {available}")]
    Truncated {
        /// What is cut short.
        layer: Layer,
        /// Offset of the structure.
        offset: usize,
        /// Bytes the structure needs from `offset`.
        required: usize,
        /// Bytes available from `offset`.
        available: usize,
    },
    /// The first byte is not the message type this view is for.
    #[error("mip4 {layer}: unexpected type {found}")]
    WrongType {
        /// The view that was asked for.
        layer: Layer,
        /// The type byte found.
        found: u8,
    },
    /// An extension's length is too small for its fixed fields.
    #[error("mip4: extension type {ty} at offset {offset} has invalid length {length}")]
    BadExtensionLength {
        /// Offset of the extension's type byte.
        offset: usize,
        /// The extension type.
        ty: u8,
        /// The length field.
        length: usize,
    },
    /// An extension with a type in 0–127 that the crate does not recognise.
    /// RFC 5944 §1.9: the message must not be processed; a foreign agent
    /// answers a Registration Request with code 70, a home agent with 134
    /// ([`Error::reply_code`]); an advertisement is silently discarded.
    #[error("mip4: unrecognised non-skippable extension type {ty} at offset {offset}")]
    UnknownNonSkippable {
        /// Offset of the extension.
        offset: usize,
        /// The extension type.
        ty: u8,
    },
    /// More extensions than [`super::MAX_EXTENSIONS`].
    #[error("mip4: more than {max} extensions")]
    TooManyExtensions {
        /// The limit.
        max: usize,
    },
    /// A message longer than [`super::MAX_MESSAGE_LEN`].
    #[error("mip4: message of {length} bytes exceeds {max}")]
    TooLong {
        /// The message length.
        length: usize,
        /// The limit.
        max: usize,
    },
    /// A checksum does not verify (ICMP, IPv4 header, GRE, minimal header).
    #[error("mip4 {layer}: bad checksum")]
    BadChecksum {
        /// Which checksum.
        layer: Layer,
    },
    /// A field has a value the RFC forbids (e.g. an IPv4 version other than
    /// 4, an ICMP Address Entry Size other than 2, a GRE version other than 0).
    #[error("mip4 {layer}: invalid field at offset {offset}")]
    InvalidField {
        /// The structure.
        layer: Layer,
        /// Offset of the field.
        offset: usize,
    },
}

impl Error {
    /// The Reply Code a registration refused for this error carries: 70 from
    /// a foreign agent, 134 from a home agent ("poorly formed Request",
    /// RFC 5944 §3.7.2.1 and §3.8.2.1). Same as [`Denial::reply_code`].
    #[must_use]
    pub fn reply_code(&self, role: Role) -> ReplyCode {
        Denial::Malformed(*self).reply_code(role)
    }
}

bitflags! {
    /// Things a parsed message carries that the RFCs tell senders not to
    /// send but receivers to ignore (STYLE item 6): reported, never an error.
    /// Whether to refuse such a message is the machine's policy.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub struct Anomalies: u8 {
        /// Reserved flag bits are set (`r`/`x` of a Registration Request,
        /// `r` and the low bits of an Agent Advertisement, reserved bits of
        /// extension flags).
        const RESERVED_FLAGS = 0x01;
        /// A reserved field is non-zero (NVSE/CVSE Reserved, UDP Tunnel
        /// Request Reserved 1/2, the Agent Solicitation's reserved word).
        const RESERVED_FIELD = 0x02;
    }
}

/// An error while emitting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum EmitError {
    /// The buffer is too small; `required` is the exact size.
    #[error(transparent)]
    BufferTooSmall(#[from] BufferTooSmall),
    /// A value does not fit its length field (e.g. a 300-byte NAI in a
    /// one-byte length).
    #[error("mip4: value of {length} bytes does not fit a length field of max {max}")]
    ValueTooLong {
        /// The value length.
        length: usize,
        /// The maximum the field allows.
        max: usize,
    },
    /// An argument violates the wire format (for example an IPv4 header
    /// buffer that is not a valid header).
    #[error("mip4: invalid input: {0}")]
    Invalid(#[from] Error),
}

/// Which agent is refusing a registration: the reply codes differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// A foreign agent (codes 64–127).
    ForeignAgent,
    /// A home agent (codes 128–191).
    HomeAgent,
}

/// Who failed an authenticator check, from the checking agent's view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Peer {
    /// The mobile node (MN-HA, MN-FA, MN-AAA).
    MobileNode,
    /// The other agent (FA-HA: the FA as seen by the HA, or the HA as seen by
    /// the FA).
    Agent,
}

/// Every reason an agent refuses a registration that the wire layer knows,
/// with the single mapping to a [`ReplyCode`] ([`Denial::reply_code`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Denial {
    /// Malformed request, including an unknown non-skippable extension
    /// (FA 70, HA 134).
    Malformed(Error),
    /// Table full or out of memory (FA 66, HA 130).
    InsufficientResources,
    /// Administratively prohibited (FA 65, HA 129).
    AdministrativelyProhibited,
    /// An authenticator failed, or was missing, or its SPI is unknown
    /// (MN: FA 67, HA 131; agent: FA 68, HA 132).
    AuthenticationFailed(Peer),
    /// The AAA server rejected the MN-AAA authenticator (FA 108, HA 144).
    AaaAuthenticationFailed,
    /// The Identification failed the replay check (HA 133; an FA has no such
    /// code and uses 64 "reason unspecified").
    IdentificationMismatch,
    /// Requested lifetime too long (FA 69; an HA shortens the lifetime
    /// instead, so HA 128).
    LifetimeTooLong,
    /// Unknown challenge (FA 104, RFC 4721 §10).
    UnknownChallenge,
    /// Missing challenge (FA 105).
    MissingChallenge,
    /// Stale challenge (FA 106).
    StaleChallenge,
    /// Missing NAI (FA 97, RFC 2794).
    MissingNai,
    /// The home's reply carries no MN-FA Key Generation Nonce Reply and the
    /// foreign agent has no security association with the mobile node:
    /// MISSING_MN_FA (FA 107, RFC 3957 §6.2 and §7; a foreign-agent code
    /// only).
    MissingMnFaKeyGenReply,
    /// Reverse tunnel requested but unavailable (FA 74, HA 137).
    ReverseTunnelUnavailable,
    /// Requested encapsulation unavailable (FA 72, HA 139).
    EncapsulationUnavailable,
}

impl Denial {
    /// The Reply Code `role` sends for this denial (RFC 5944 §3.4, RFC 4721
    /// §10, RFC 3957 §7, RFC 2794 §3, RFC 3024 §4). Reasons that exist only for the other
    /// role map to that role's "reason unspecified" (64 or 128).
    #[must_use]
    pub fn reply_code(&self, role: Role) -> ReplyCode {
        use Role::{ForeignAgent as Fa, HomeAgent as Ha};
        match (self, role) {
            (Denial::Malformed(_), Fa) => ReplyCode::FA_POORLY_FORMED_REQUEST,
            (Denial::Malformed(_), Ha) => ReplyCode::HA_POORLY_FORMED_REQUEST,
            (Denial::InsufficientResources, Fa) => ReplyCode::FA_INSUFFICIENT_RESOURCES,
            (Denial::InsufficientResources, Ha) => ReplyCode::HA_INSUFFICIENT_RESOURCES,
            (Denial::AdministrativelyProhibited, Fa) => ReplyCode::FA_ADMIN_PROHIBITED,
            (Denial::AdministrativelyProhibited, Ha) => ReplyCode::HA_ADMIN_PROHIBITED,
            (Denial::AuthenticationFailed(Peer::MobileNode), Fa) => ReplyCode::FA_MN_FAILED_AUTH,
            (Denial::AuthenticationFailed(Peer::MobileNode), Ha) => ReplyCode::HA_MN_FAILED_AUTH,
            (Denial::AuthenticationFailed(Peer::Agent), Fa) => ReplyCode::FA_HA_FAILED_AUTH,
            (Denial::AuthenticationFailed(Peer::Agent), Ha) => ReplyCode::HA_FA_FAILED_AUTH,
            (Denial::AaaAuthenticationFailed, Fa) => ReplyCode::FA_MN_FAILED_AAA_AUTH,
            (Denial::AaaAuthenticationFailed, Ha) => ReplyCode::HA_MN_FAILED_AAA_AUTH,
            (Denial::IdentificationMismatch, Ha) => ReplyCode::HA_IDENTIFICATION_MISMATCH,
            (Denial::LifetimeTooLong, Fa) => ReplyCode::FA_LIFETIME_TOO_LONG,
            (Denial::UnknownChallenge, Fa) => ReplyCode::FA_UNKNOWN_CHALLENGE,
            (Denial::MissingChallenge, Fa) => ReplyCode::FA_MISSING_CHALLENGE,
            (Denial::StaleChallenge, Fa) => ReplyCode::FA_STALE_CHALLENGE,
            (Denial::MissingNai, Fa) => ReplyCode::FA_MISSING_NAI,
            (Denial::MissingMnFaKeyGenReply, Fa) => ReplyCode::FA_MISSING_KEYGEN_REPLY,
            (Denial::ReverseTunnelUnavailable, Fa) => ReplyCode::FA_REVERSE_TUNNEL_UNAVAILABLE,
            (Denial::ReverseTunnelUnavailable, Ha) => ReplyCode::HA_REVERSE_TUNNEL_UNAVAILABLE,
            (Denial::EncapsulationUnavailable, Fa) => ReplyCode::FA_ENCAPSULATION_UNAVAILABLE,
            (Denial::EncapsulationUnavailable, Ha) => ReplyCode::HA_ENCAPSULATION_UNAVAILABLE,
            (_, Fa) => ReplyCode::FA_UNSPECIFIED,
            (_, Ha) => ReplyCode::HA_UNSPECIFIED,
        }
    }
}

impl From<Error> for Denial {
    fn from(e: Error) -> Denial {
        Denial::Malformed(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn denial_table() {
        let e = Error::UnknownNonSkippable { offset: 24, ty: 99 };
        let rows: &[(Denial, u8, u8)] = &[
            (Denial::Malformed(e), 70, 134),
            (Denial::InsufficientResources, 66, 130),
            (Denial::AdministrativelyProhibited, 65, 129),
            (Denial::AuthenticationFailed(Peer::MobileNode), 67, 131),
            (Denial::AuthenticationFailed(Peer::Agent), 68, 132),
            (Denial::AaaAuthenticationFailed, 108, 144),
            (Denial::IdentificationMismatch, 64, 133),
            (Denial::LifetimeTooLong, 69, 128),
            (Denial::UnknownChallenge, 104, 128),
            (Denial::MissingChallenge, 105, 128),
            (Denial::StaleChallenge, 106, 128),
            (Denial::MissingNai, 97, 128),
            (Denial::MissingMnFaKeyGenReply, 107, 128),
            (Denial::ReverseTunnelUnavailable, 74, 137),
            (Denial::EncapsulationUnavailable, 72, 139),
        ];
        for (d, fa, ha) in rows {
            assert_eq!(d.reply_code(Role::ForeignAgent), ReplyCode(*fa), "{d:?}");
            assert_eq!(d.reply_code(Role::HomeAgent), ReplyCode(*ha), "{d:?}");
        }
        assert_eq!(e.reply_code(Role::ForeignAgent), ReplyCode(70));
        assert_eq!(e.reply_code(Role::HomeAgent), ReplyCode(134));
    }
}
