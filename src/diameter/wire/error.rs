//! Diameter wire errors and their mapping to answers.

use super::codes::ResultCode;

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
        }
    }

    /// Offset of the offending AVP, when the error is about one.
    #[must_use]
    pub fn avp_offset(&self) -> Option<usize> {
        match self {
            Error::Truncated { offset, .. } if *offset >= super::HEADER_LEN => Some(*offset),
            Error::InvalidAvpLength { offset, .. } | Error::TooDeep { offset, .. } => Some(*offset),
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
