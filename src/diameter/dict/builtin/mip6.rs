//! Diameter Mobile IPv6 (RFC 5778). Work in progress: only the AVPs other
//! tables refer to so far.

use super::super::table::{Application, AvpEntry};
use super::{avp, MUST, MUSTNOT};
use crate::diameter::wire::AvpType::Unsigned32;

/// The AVPs of RFC 5778 §6, sorted by code.
pub const AVPS: &[AvpEntry] = &[
    avp("MIP-MN-HA-SPI", 491, Unsigned32, MUST, MUSTNOT), // §6.4
];

/// The Mobile IPv6 application tables (RFC 5778).
pub static APPLICATION: Application = Application {
    id: 8,
    name: "Diameter Mobile IPv6 Auth (MIP6A)",
    source: "RFC 5778",
    avps: AVPS,
    commands: &[],
    grouped: &[],
};
