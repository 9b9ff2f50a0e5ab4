//! Diameter wire errors and their mapping to answers.

use super::codes::ResultCode;
use super::filter::FilterRuleError;
use super::uri::UriError;

/// Why an AVP's data is not a valid value of its type (→ 5004).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum InvalidValue {
    /// UTF8String data that is not valid UTF-8 (RFC 6733 §4.3.1).
    #[error("not valid UTF-8")]
    Utf8,
    /// DiameterIdentity data that is empty or not printable ASCII.
    #[error("not a DiameterIdentity")]
    Identity,
    /// A DiameterURI that does not follow RFC 6733 §4.3.1.
    #[error("bad DiameterURI: {0}")]
    Uri(UriError),
    /// An IPFilterRule that does not follow RFC 6733 §4.3.1.
    #[error("bad IPFilterRule: {0}")]
    IpFilterRule(FilterRuleError),
    /// A QoSFilterRule that does not follow RFC 3588 §4.3.
    #[error("bad QoSFilterRule: {0}")]
    QosFilterRule(FilterRuleError),
    /// An Address whose length does not match its family (IPv4 needs 4
    /// address bytes, IPv6 16).
    #[error("address family {family} with {length} address bytes")]
    AddressLength {
        /// The AddressType.
        family: u16,
        /// Address bytes after the family.
        length: usize,
    },
}

/// A Diameter wire error: small, `Copy`, and locating the failure.
///
/// Offsets are absolute, from the first byte of the message, so the offending
/// AVP can be recovered from the original buffer for a Failed-AVP
/// ([`Error::failed_avp`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The buffer ends before the structure it should hold.
    #[error("diameter: need {required} bytes at offset {offset}, have {available}")]
    Truncated {
        /// Offset of the structure that is cut short.
        offset: usize,
        /// Bytes the structure needs, counted from `offset`.
        required: usize,
        /// Bytes available from `offset`.
        available: usize,
    },
    /// The version byte is not 1 (→ 5011).
    #[error("diameter: unsupported version {version}")]
    UnsupportedVersion {
        /// The version found.
        version: u8,
    },
    /// The message length is below 20 or not a multiple of 4 (→ 5015).
    #[error("diameter: invalid message length {length}")]
    InvalidMessageLength {
        /// The Message Length field.
        length: u32,
    },
    /// Invalid header bits, e.g. E set on a request (→ 3008).
    #[error("diameter: invalid header flags {flags:#04x}")]
    InvalidHeaderBits {
        /// The flags byte.
        flags: u8,
    },
    /// An AVP length is below its header size or runs past its container
    /// (→ 5014 with the AVP as Failed-AVP).
    #[error(
        "diameter: AVP at offset {offset} has invalid length {length} (container has {available})"
    )]
    InvalidAvpLength {
        /// Offset of the AVP header.
        offset: usize,
        /// The AVP Length field.
        length: u32,
        /// Bytes available in the container from `offset`.
        available: usize,
    },
    /// Grouped AVPs nest deeper than [`super::MAX_AVP_DEPTH`].
    #[error("diameter: AVP nesting deeper than {max} at offset {offset}")]
    TooDeep {
        /// The limit.
        max: u8,
        /// Offset of the AVP that exceeded it.
        offset: usize,
    },
    /// More AVPs than [`super::MAX_AVPS_PER_MESSAGE`].
    #[error("diameter: more than {max} AVPs")]
    TooManyAvps {
        /// The limit.
        max: usize,
    },
    /// An AVP whose data length is wrong for its type, e.g. an Unsigned32
    /// that is not 4 bytes (→ 5014 with the AVP as Failed-AVP).
    #[error("diameter: AVP at offset {offset} has {length} data bytes, its type needs {expected}")]
    InvalidAvpDataLength {
        /// Offset of the AVP header.
        offset: usize,
        /// Data bytes present.
        length: usize,
        /// Data bytes the type needs (the minimum, for Address).
        expected: usize,
    },
    /// An AVP whose data is not a valid value of its type (→ 5004 with the
    /// AVP as Failed-AVP).
    #[error("diameter: AVP at offset {offset} has an invalid value: {reason}")]
    InvalidAvpValue {
        /// Offset of the AVP header.
        offset: usize,
        /// What is wrong.
        reason: InvalidValue,
    },
    /// An AVP with reserved flag bits or the deprecated P bit set
    /// (RFC 6733 §4.1; → 3009 with the AVP as Failed-AVP).
    #[error("diameter: AVP at offset {offset} has invalid flags {flags:#04x}")]
    InvalidAvpBits {
        /// Offset of the AVP header.
        offset: usize,
        /// The AVP Flags byte.
        flags: u8,
    },
    /// A reserved Command Flags bit is set (RFC 6733 §3; → 5013).
    #[error("diameter: reserved command flag bits set in {flags:#04x}")]
    InvalidBitInHeader {
        /// The flags byte.
        flags: u8,
    },
}

impl Error {
    /// The Result-Code an answer to a request failing this way carries
    /// (RFC 6733 §7.1).
    #[must_use]
    pub fn result_code(&self) -> ResultCode {
        match self {
            Error::Truncated { offset, .. } if *offset < super::HEADER_LEN => {
                ResultCode::INVALID_MESSAGE_LENGTH
            }
            Error::Truncated { .. } => ResultCode::INVALID_AVP_LENGTH,
            Error::UnsupportedVersion { .. } => ResultCode::UNSUPPORTED_VERSION,
            Error::InvalidMessageLength { .. } => ResultCode::INVALID_MESSAGE_LENGTH,
            Error::InvalidHeaderBits { .. } => ResultCode::INVALID_HDR_BITS,
            Error::InvalidAvpLength { .. } => ResultCode::INVALID_AVP_LENGTH,
            Error::TooDeep { .. } | Error::TooManyAvps { .. } => ResultCode::UNABLE_TO_COMPLY,
            Error::InvalidAvpDataLength { .. } => ResultCode::INVALID_AVP_LENGTH,
            Error::InvalidAvpValue { .. } => ResultCode::INVALID_AVP_VALUE,
            Error::InvalidAvpBits { .. } => ResultCode::INVALID_AVP_BITS,
            Error::InvalidBitInHeader { .. } => ResultCode::INVALID_BIT_IN_HEADER,
        }
    }

    /// Offset of the offending AVP, when the error is about one.
    #[must_use]
    pub fn avp_offset(&self) -> Option<usize> {
        match self {
            Error::Truncated { offset, .. } if *offset >= super::HEADER_LEN => Some(*offset),
            Error::InvalidAvpLength { offset, .. }
            | Error::TooDeep { offset, .. }
            | Error::InvalidAvpDataLength { offset, .. }
            | Error::InvalidAvpValue { offset, .. }
            | Error::InvalidAvpBits { offset, .. } => Some(*offset),
            _ => None,
        }
    }

    /// The bytes of the offending AVP inside `message` (the buffer the error
    /// came from), for a Failed-AVP: from the AVP header to the end of the
    /// claimed length, clipped to what the buffer holds.
    #[must_use]
    pub fn failed_avp<'m>(&self, message: &'m [u8]) -> Option<&'m [u8]> {
        let off = self.avp_offset()?;
        let rest = message.get(off..)?;
        let claimed = crate::wire::be_u24(rest, 5).map_or(rest.len(), |l| l as usize);
        rest.get(..claimed.min(rest.len()))
    }
}
