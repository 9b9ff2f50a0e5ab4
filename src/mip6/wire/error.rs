//! Mobile IPv6 wire errors and parse anomalies.

use bitflags::bitflags;
use core::fmt;

use super::codes::MobilityOptionType;
use crate::wire::BufferTooSmall;

/// Which structure an [`Error`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Layer {
    /// The IPv6 fixed header (RFC 8200 §3).
    Ipv6,
    /// An IPv6 extension header (RFC 8200 §4).
    ExtensionHeader,
    /// The Mobility Header (RFC 6275 §6.1).
    MobilityHeader,
    /// A mobility option (RFC 6275 §6.2).
    MobilityOption,
    /// An ICMPv6 message (RFC 4443, RFC 4861, RFC 6275 §6.5–§6.8).
    Icmpv6,
    /// A Neighbour Discovery option (RFC 4861 §4.6).
    NdOption,
}

impl fmt::Display for Layer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Layer::Ipv6 => "ipv6",
            Layer::ExtensionHeader => "ipv6 extension header",
            Layer::MobilityHeader => "mobility header",
            Layer::MobilityOption => "mobility option",
            Layer::Icmpv6 => "icmpv6",
            Layer::NdOption => "nd option",
        })
    }
}

/// A Mobile IPv6 wire error: small, `Copy`, and locating the failure.
///
/// Offsets are from the first byte of the buffer handed to the parser (the
/// Mobility Header, the ICMPv6 message or the IPv6 packet).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The buffer ends before the structure it should hold.
    #[error("{layer}: need {required} bytes at offset {offset}, have {available}")]
    Truncated {
        /// The structure that is cut short.
        layer: Layer,
        /// Offset of that structure.
        offset: usize,
        /// Bytes it needs from `offset`.
        required: usize,
        /// Bytes available from `offset`.
        available: usize,
    },
    /// The Mobility Header's Header Len is below the minimum of its MH Type
    /// (RFC 6275 §9.2: such a message MUST be silently discarded).
    #[error("mobility header: header length {header_len} too small for MH type {mh_type}")]
    HeaderLenTooSmall {
        /// The MH Type.
        mh_type: u8,
        /// The Header Len field (8-octet units, not counting the first 8).
        header_len: u8,
    },
    /// A known option whose length field does not match its definition.
    #[error("mobility option {ty} at offset {offset} has invalid length {length}")]
    InvalidOptionLength {
        /// The option type.
        ty: MobilityOptionType,
        /// Offset of the option's type byte.
        offset: usize,
        /// Its length field.
        length: u8,
    },
    /// More options than [`super::MAX_MOBILITY_OPTIONS`] (or
    /// [`super::MAX_ND_OPTIONS`]).
    #[error("{layer}: more than {max} options")]
    TooManyOptions {
        /// Where.
        layer: Layer,
        /// The limit.
        max: usize,
    },
    /// A length or value that the structure cannot express on emit (option
    /// data over 255 bytes, a Mobility Header over 2048 bytes).
    #[error("{layer}: value of {length} bytes does not fit the length field")]
    TooLong {
        /// Where.
        layer: Layer,
        /// The length that did not fit.
        length: usize,
    },
    /// The IPv6 version nibble is not 6.
    #[error("ipv6: version {version} is not 6")]
    NotIpv6 {
        /// The version nibble.
        version: u8,
    },
    /// More extension headers than [`super::MAX_EXTENSION_HEADERS`].
    #[error("ipv6: more than {max} extension headers")]
    TooManyExtensionHeaders {
        /// The limit.
        max: usize,
    },
    /// The packet is a non-first fragment, or a first fragment with more to
    /// come: its Mobility Header cannot be checked on its own.
    #[error("ipv6: fragmented packet at offset {offset}")]
    Fragmented {
        /// Offset of the Fragment header.
        offset: usize,
    },
    /// The header chain ends in something that is not a Mobility Header.
    #[error("ipv6: next header {next_header} at offset {offset} is not a mobility header")]
    NotMobility {
        /// The Next Header value reached.
        next_header: u8,
        /// Where the upper-layer header would start.
        offset: usize,
    },
    /// An option that may appear once appears twice (e.g. two Home Address
    /// options, RFC 6275 §6.3), or a type 2 Routing Header with
    /// Segments Left other than 0 or 1 (RFC 6275 §6.4).
    #[error("{layer}: malformed at offset {offset}")]
    Malformed {
        /// Where.
        layer: Layer,
        /// Offset of the offending item.
        offset: usize,
    },
    /// The caller's buffer is too small (emit).
    #[error("buffer too small: need {required} bytes, have {available}")]
    BufferTooSmall {
        /// The exact size needed.
        required: usize,
        /// The size offered.
        available: usize,
    },
}

impl From<BufferTooSmall> for Error {
    fn from(e: BufferTooSmall) -> Error {
        Error::BufferTooSmall {
            required: e.required,
            available: e.available,
        }
    }
}

bitflags! {
    /// Deviations a parser tolerates but reports (STYLE §3 item 5).
    ///
    /// None of these stops decoding; a strict caller may turn any of them
    /// into a drop.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub struct Anomalies: u16 {
        /// A reserved field or reserved flag bits are not zero.
        const RESERVED_NONZERO = 0x0001;
        /// The Mobility Header's Payload Proto is not 59 (RFC 6275 §6.1.1:
        /// "MUST be set to IPPROTO_NONE"; §9.2 says a receiver MUST send
        /// an ICMP Parameter Problem).
        const PAYLOAD_PROTO_NOT_NONE = 0x0002;
        /// A mobility option is not at the alignment its definition gives
        /// (RFC 6275 §6.2: senders MUST align; receivers are not told to
        /// reject, so roam reports it instead).
        const OPTION_MISALIGNED = 0x0004;
        /// PadN contents are not zero (RFC 6275 §6.2.3: "MUST be
        /// initialized to 0 by the sender ... ignored by the receiver").
        const PADDING_NONZERO = 0x0008;
        /// The message has bytes after the length its header announces.
        const TRAILING_BYTES = 0x0010;
    }
}
