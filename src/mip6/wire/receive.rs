//! What a receiver does with a Mobility Header, before any machine looks at
//! it: RFC 6275 §9.2 as one tested function.
//!
//! The rules, in the RFC's order:
//!
//! 1. the checksum must verify (§6.1.1), otherwise the message is silently
//!    discarded;
//! 2. the MH Type must be known, otherwise the node sends a Binding Error
//!    with Status 2, "Unrecognized MH Type value" (§9.3.3);
//! 3. the Payload Proto must be IPPROTO_NONE (59), otherwise the node
//!    SHOULD send an ICMPv6 Parameter Problem, Code 0, pointing at the
//!    Payload Proto field;
//! 4. the Header Len must cover the message type's fixed fields, otherwise
//!    the node SHOULD send an ICMPv6 Parameter Problem, Code 0, pointing at
//!    the Header Len field.
//!
//! roam adds: a truncated header, or options that do not parse, are
//! silently discarded (the RFC has no rule for them; an option that cannot
//! be walked leaves nothing to process).

use super::bu_error::BeError;
use super::checksum::{self, NEXT_HEADER_MOBILITY};
use super::codes::{BeStatus, MhType};
use super::ext::Ipv6Packet;
use super::header::{field, fixed_len, MobilityHeader, MobilityHeaderRepr, IPPROTO_NONE};

/// The receiver's reaction to a Mobility Header (RFC 6275 §9.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MhVerdict {
    /// Hand the message to the mobility machine.
    Accept,
    /// Drop it without a word.
    SilentlyDiscard,
    /// Drop it and answer with a Binding Error carrying this status.
    BindingError(BeStatus),
    /// Drop it and answer with an ICMPv6 Parameter Problem, Code 0, whose
    /// Pointer is this offset in the invoking packet (RFC 4443 §3.4).
    ParameterProblem {
        /// Offset of the offending field from the start of the IPv6 header.
        pointer: u32,
    },
}

/// Applies RFC 6275 §9.2 to the Mobility Header a walked packet ends in,
/// with the checksum addresses the packet prescribes. Packets whose chain
/// does not end in a Mobility Header are discarded.
#[must_use]
pub fn check_mobility_header(packet: &Ipv6Packet<'_>) -> MhVerdict {
    if packet.next_header != NEXT_HEADER_MOBILITY {
        return MhVerdict::SilentlyDiscard;
    }
    let b = packet.upper;
    let Some(&hl) = b.get(field::HEADER_LEN) else {
        return MhVerdict::SilentlyDiscard;
    };
    let total = (usize::from(hl) + 1) * 8;
    let Some(mh) = b.get(..total) else {
        return MhVerdict::SilentlyDiscard;
    };
    let (src, dst) = (packet.checksum_source(), packet.checksum_destination());
    if !checksum::verify(&src, &dst, NEXT_HEADER_MOBILITY, mh) {
        return MhVerdict::SilentlyDiscard;
    }
    let ty = MhType(mh[field::MH_TYPE]);
    let Some(min) = fixed_len(ty) else {
        return MhVerdict::BindingError(BeStatus::from(&BeError::UnrecognizedMhType));
    };
    let pointer = |field_at: usize| MhVerdict::ParameterProblem {
        pointer: u32::try_from(packet.upper_offset + field_at).unwrap_or(u32::MAX),
    };
    if mh[field::PAYLOAD_PROTO] != IPPROTO_NONE {
        return pointer(field::PAYLOAD_PROTO);
    }
    if total < min {
        return pointer(field::HEADER_LEN);
    }
    match MobilityHeader::new_checked(mh) {
        Ok(view) if MobilityHeaderRepr::parse(&view).is_ok() => MhVerdict::Accept,
        _ => MhVerdict::SilentlyDiscard,
    }
}
