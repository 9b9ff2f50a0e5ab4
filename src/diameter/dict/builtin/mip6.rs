//! Diameter Mobile IPv6: the HA-to-AAA interaction of RFC 5778 and the
//! bootstrapping AVPs of RFC 5447 it uses.
//!
//! RFC 5778 defines two applications: MIP6I (Application-Id 7, IKEv2 with
//! EAP, carried in the EAP application's DER/DEA of RFC 4072, which has no
//! built-in table here) and MIP6A (Application-Id 8, the Mobile IPv6
//! Authentication Protocol, command MIR/MIA 325). [`APPLICATION`] is MIP6A.
//!
//! * AVPs of RFC 5778 §6: Service-Selection §6.2, MIP-MN-HA-SPI §6.4,
//!   MIP-Careof-Address §6.7, MIP-Authenticator §6.8, MIP-MAC-Mobility-Data
//!   §6.9, MIP-MN-HA-MSA §6.12, MIP-Timestamp §6.16,
//!   Chargeable-User-Identity §6.19 (RADIUS attribute 89, RFC 4372),
//!   MIP6-Auth-Mode §6.20. It reuses MIP-Mobile-Node-Address,
//!   MIP-Home-Agent-Address, MIP-Home-Agent-Host, MIP-MN-AAA-SPI,
//!   MIP-Session-Key, MIP-MSA-Lifetime, MIP-Algorithm-Type and
//!   MIP-Replay-Mode from RFC 4004 ([`super::mip4`]).
//! * AVPs of RFC 5447 §4.2: MIP6-Agent-Info §4.2.1, MIP6-Home-Link-Prefix
//!   §4.2.4, MIP6-Feature-Vector §4.2.5.
//! * Commands: MIR/MIA (325), RFC 5778 §5.2.1–5.2.2.
//! * Grouped: MIP6-Agent-Info (RFC 5447 §4.2.1), MIP-MN-HA-MSA (RFC 5778
//!   §6.12).
//!
//! Verification limits (the RFC 5778 and RFC 5447 texts were only available
//! as section excerpts quoted in the sources of two independent Diameter
//! implementations, which agree with each other, without the AVP flag
//! tables):
//!
//! * codes, types and grammars are from those section texts; the **flag rules
//!   are not verified** against the RFC tables. They are M MUST, V MUST NOT
//!   for every AVP here, which is what freeDiameter's MIP6A dictionary
//!   (tabulated from RFC 5778's AVP table) says; Wireshark agrees except
//!   for MIP6-Feature-Vector and MIP6-Home-Link-Prefix, where it has M MAY;
//! * the value 1 of MIP6_AUTH_MN_AAA (§6.20 names it, the number is in the
//!   IANA section that was not available) and the Result-Codes of §7
//!   ([`RESULT_CODES`]) agree with both Wireshark and freeDiameter but were
//!   not read in the RFC text;
//! * the MIA grammar names `[ MIP-Agent-Info ]`, taken to mean
//!   MIP6-Agent-Info; `QoS-Capability` and `* [ QoS-Resources ]` (RFC 5777)
//!   are left out of MIR/MIA because RFC 5777 has no table here (both
//!   grammars end with `* [ AVP ]`).

use super::super::table::{Application, AvpEntry, CommandEntry, GroupedEntry, RuleEntry};
use super::{avp, enumerated, grammar_shorthands, MUST, MUSTNOT};
use crate::diameter::wire::AvpType::{
    Address, Grouped, OctetString, UTF8String, Unsigned32, Unsigned64,
};

/// Application-Id of MIP6I, the IKEv2-based HA-to-AAA application (RFC 5778).
pub const MIP6I_APPLICATION_ID: u32 = 7;
/// Application-Id of MIP6A, the Authentication-Protocol-based HA-to-AAA
/// application (RFC 5778).
pub const MIP6A_APPLICATION_ID: u32 = 8;

/// Bits of the Unsigned64 MIP6-Feature-Vector AVP (RFC 5447 §4.2.5).
pub const FEATURE_VECTOR_BITS: &[(u64, &str)] = &[
    (0x1, "MIP6_INTEGRATED"),
    (0x2, "LOCAL_HOME_AGENT_ASSIGNMENT"),
];

/// Result-Code values this application adds (RFC 5778 §7; see the module
/// docs on how they were checked).
pub const RESULT_CODES: &[(u32, &str)] = &[
    (2009, "DIAMETER_SUCCESS_RELOCATE_HA"),
    (5041, "DIAMETER_ERROR_MIP6_AUTH_MODE"),
];

/// MIP6-Auth-Mode values (RFC 5778 §6.20).
const MIP6_AUTH_MODE: &[(i32, &str)] = &[(1, "MIP6_AUTH_MN_AAA")];

/// The AVPs of RFC 5778 §6 and RFC 5447 §4.2, sorted by code.
pub const AVPS: &[AvpEntry] = &[
    avp("Chargeable-User-Identity", 89, OctetString, MUST, MUSTNOT), // RFC 5778 §6.19
    avp("MIP6-Feature-Vector", 124, Unsigned64, MUST, MUSTNOT),      // RFC 5447 §4.2.5
    avp("MIP6-Home-Link-Prefix", 125, OctetString, MUST, MUSTNOT),   // RFC 5447 §4.2.4
    avp("MIP6-Agent-Info", 486, Grouped, MUST, MUSTNOT),             // RFC 5447 §4.2.1
    avp("MIP-Careof-Address", 487, Address, MUST, MUSTNOT),          // RFC 5778 §6.7
    avp("MIP-Authenticator", 488, OctetString, MUST, MUSTNOT),       // RFC 5778 §6.8
    avp("MIP-MAC-Mobility-Data", 489, OctetString, MUST, MUSTNOT),   // RFC 5778 §6.9
    avp("MIP-Timestamp", 490, OctetString, MUST, MUSTNOT),           // RFC 5778 §6.16
    avp("MIP-MN-HA-SPI", 491, Unsigned32, MUST, MUSTNOT),            // RFC 5778 §6.4
    avp("MIP-MN-HA-MSA", 492, Grouped, MUST, MUSTNOT),               // RFC 5778 §6.12
    avp("Service-Selection", 493, UTF8String, MUST, MUSTNOT),        // RFC 5778 §6.2
    enumerated("MIP6-Auth-Mode", 494, MUST, MUSTNOT, MIP6_AUTH_MODE), // RFC 5778 §6.20
];

grammar_shorthands!(&[
    AVPS,
    super::base::AVPS,
    super::mip4::AVPS,
    super::nasreq::AVPS
]);

/// MIR (RFC 5778 §5.2.1), without `[ QoS-Capability ]` and
/// `* [ QoS-Resources ]` (RFC 5777, see module docs).
const MIR: &[RuleEntry] = &[
    fixed("Session-Id"),
    req("Auth-Application-Id"),
    req("User-Name"),
    req("Destination-Realm"),
    req("Origin-Host"),
    req("Origin-Realm"),
    req("Auth-Request-Type"),
    opt("Destination-Host"),
    opt("Origin-State-Id"),
    opt("NAS-Identifier"),
    opt("NAS-IP-Address"),
    opt("NAS-IPv6-Address"),
    opt("NAS-Port-Type"),
    opt("Called-Station-Id"),
    opt("Calling-Station-Id"),
    opt("MIP6-Feature-Vector"),
    req("MIP6-Auth-Mode"),
    opt("MIP-MN-AAA-SPI"),
    opt("MIP-MN-HA-SPI"),
    req_range("MIP-Mobile-Node-Address", 1, 2),
    req("MIP6-Agent-Info"),
    req("MIP-Careof-Address"),
    opt("MIP-Authenticator"),
    opt("MIP-MAC-Mobility-Data"),
    opt("MIP-Timestamp"),
    opt("Chargeable-User-Identity"),
    opt("Service-Selection"),
    opt("Authorization-Lifetime"),
    opt("Auth-Session-State"),
    opt_n("Proxy-Info"),
    opt_n("Route-Record"),
];

/// MIA (RFC 5778 §5.2.2), without `* [ QoS-Resources ]` (see module docs).
const MIA: &[RuleEntry] = &[
    fixed("Session-Id"),
    req("Auth-Application-Id"),
    req("Result-Code"),
    req("Origin-Host"),
    req("Origin-Realm"),
    req("Auth-Request-Type"),
    opt("User-Name"),
    opt("Authorization-Lifetime"),
    opt("Auth-Session-State"),
    opt("Error-Message"),
    opt("Error-Reporting-Host"),
    opt("Re-Auth-Request-Type"),
    opt("MIP6-Feature-Vector"),
    opt("MIP6-Agent-Info"),
    opt_max("MIP-Mobile-Node-Address", 2),
    opt("MIP-MN-HA-MSA"),
    opt("Chargeable-User-Identity"),
    opt("Service-Selection"),
    opt("Origin-State-Id"),
    opt_n("Proxy-Info"),
    opt_n("Redirect-Host"),
    opt("Redirect-Host-Usage"),
    opt("Redirect-Max-Cache-Time"),
    opt_n("Failed-AVP"),
];

/// The MIP6A command (RFC 5778 §5.2): proxiable, both grammars end with
/// `* [ AVP ]`.
pub const COMMANDS: &[CommandEntry] = &[CommandEntry {
    name: "MIP6",
    request_abbrev: "MIR",
    answer_abbrev: "MIA",
    code: 325,
    application: MIP6A_APPLICATION_ID,
    proxiable: true,
    request: MIR,
    request_extensible: true,
    answer: MIA,
    answer_extensible: true,
}];

/// The Mobile IPv6 grouped AVPs, sorted by code.
pub const GROUPED: &[GroupedEntry] = &[
    GroupedEntry {
        // MIP6-Agent-Info, RFC 5447 §4.2.1
        code: 486,
        vendor: 0,
        rules: &[
            opt_max("MIP-Home-Agent-Address", 2),
            opt("MIP-Home-Agent-Host"),
            opt("MIP6-Home-Link-Prefix"),
        ],
        extensible: true,
    },
    GroupedEntry {
        // MIP-MN-HA-MSA, RFC 5778 §6.12
        code: 492,
        vendor: 0,
        rules: &[
            req("MIP-Session-Key"),
            req("MIP-MSA-Lifetime"),
            opt("MIP-MN-HA-SPI"),
            opt("MIP-Algorithm-Type"),
            opt("MIP-Replay-Mode"),
        ],
        extensible: true,
    },
];

/// The MIP6A application tables (RFC 5778, with the RFC 5447 AVPs).
pub static APPLICATION: Application = Application {
    id: MIP6A_APPLICATION_ID,
    name: "Diameter Mobile IPv6 Auth (MIP6A)",
    source: "RFC 5778",
    avps: AVPS,
    commands: COMMANDS,
    grouped: GROUPED,
};
