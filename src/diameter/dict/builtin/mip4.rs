//! The Diameter Mobile IPv4 application (RFC 4004), Application-Id 2
//! (RFC 4004 §12.7).
//!
//! * AVPs: the tables of RFC 4004 §7 (320–348) and §9 (key distribution,
//!   318–346 and 367). All have M MUST, P MAY, V MUST NOT.
//! * Enumerated values: MIP-Algorithm-Type §9.8, MIP-Replay-Mode §9.9.
//!   MIP-Feature-Vector (§7.5) is an Unsigned32 bit field:
//!   [`FEATURE_VECTOR_BITS`].
//! * Commands: AMR/AMA §5.1–5.2 (code 260), HAR/HAA §5.3–5.4 (code 262).
//! * Grouped: MIP-MN-AAA-Auth §7.6, MIP-Originating-Foreign-AAA §7.10,
//!   MIP-Home-Agent-Host §7.11, and the MSA AVPs §9.1–9.6.
//!
//! Where RFC 4004 is inconsistent:
//!
//! * MIP-Home-Agent-Host (348) is "DiamIdent" in the §7 table but Grouped
//!   (`{ Destination-Realm } { Destination-Host } * [ AVP ]`) in §7.11; the
//!   ABNF wins here (RFC 5447 and RFC 5778 use it as Grouped too).
//! * The MSA grammars name SPI AVPs that RFC 4004 never assigns:
//!   `{ MIP-MN-FA-SPI }` in MIP-MN-to-FA-MSA (§9.5) and
//!   `{ MIP-HA-to-MN-SPI }` in MIP-HA-to-MN-MSA (§9.4). Those lines are left
//!   out (the grammars end with `* [ AVP ]`, so the AVPs are still
//!   accepted). `{ MIP-MN-HA-SPI }` in MIP-MN-to-HA-MSA (§9.6) refers to the
//!   AVP RFC 5778 later assigned (491, in [`super::mip6`]).
//! * The accounting AVPs of §10 (Accounting-Input/Output-Octets/Packets
//!   363–366, Acct-Session-Time 46) come without flag rules in RFC 4004;
//!   they are defined once, in [`super::nasreq`] (RFC 7155 §10, which gives
//!   them). Event-Timestamp (§10.6) is in [`super::base`].

use super::super::table::{Application, AvpEntry, CommandEntry, GroupedEntry, RuleEntry};
use super::{avp, enumerated, grammar_shorthands, MUST, MUSTNOT};
use crate::diameter::wire::AvpType::{
    Address, DiameterIdentity, Grouped, IPFilterRule, OctetString, Unsigned32,
};

/// Application-Id of Diameter Mobile IPv4 (RFC 4004 §12.7).
pub const APPLICATION_ID: u32 = 2;

/// Bits of the Unsigned32 MIP-Feature-Vector AVP (RFC 4004 §7.5).
pub const FEATURE_VECTOR_BITS: &[(u32, &str)] = &[
    (1, "Mobile-Node-Home-Address-Requested"),
    (2, "Home-Address-Allocatable-Only-in-Home-Realm"),
    (4, "Home-Agent-Requested"),
    (8, "Foreign-Home-Agent-Available"),
    (16, "MN-HA-Key-Request"),
    (32, "MN-FA-Key-Request"),
    (64, "FA-HA-Key-Request"),
    (128, "Home-Agent-In-Foreign-Network"),
    (256, "Co-Located-Mobile-Node"),
];

/// MIP-Algorithm-Type values (RFC 4004 §9.8).
const ALGORITHM_TYPE: &[(i32, &str)] = &[(2, "HMAC-SHA-1")];

/// MIP-Replay-Mode values (RFC 4004 §9.9).
const REPLAY_MODE: &[(i32, &str)] = &[(1, "None"), (2, "Timestamps"), (3, "Nonces")];

/// The AVPs of RFC 4004 §7 and §9, sorted by code. Flags for every one:
/// M MUST, P MAY, V MUST NOT.
pub const AVPS: &[AvpEntry] = &[
    avp("MIP-FA-to-HA-SPI", 318, Unsigned32, MUST, MUSTNOT), // §9.11
    avp("MIP-FA-to-MN-SPI", 319, Unsigned32, MUST, MUSTNOT), // §9.10
    avp("MIP-Reg-Request", 320, OctetString, MUST, MUSTNOT), // §7.1
    avp("MIP-Reg-Reply", 321, OctetString, MUST, MUSTNOT),   // §7.2
    avp("MIP-MN-AAA-Auth", 322, Grouped, MUST, MUSTNOT),     // §7.6
    avp("MIP-HA-to-FA-SPI", 323, Unsigned32, MUST, MUSTNOT), // §9.14
    avp("MIP-MN-to-FA-MSA", 325, Grouped, MUST, MUSTNOT),    // §9.5
    avp("MIP-FA-to-MN-MSA", 326, Grouped, MUST, MUSTNOT),    // §9.1
    avp("MIP-FA-to-HA-MSA", 328, Grouped, MUST, MUSTNOT),    // §9.2
    avp("MIP-HA-to-FA-MSA", 329, Grouped, MUST, MUSTNOT),    // §9.3
    avp("MIP-MN-to-HA-MSA", 331, Grouped, MUST, MUSTNOT),    // §9.6
    avp("MIP-HA-to-MN-MSA", 332, Grouped, MUST, MUSTNOT),    // §9.4
    avp("MIP-Mobile-Node-Address", 333, Address, MUST, MUSTNOT), // §7.3
    avp("MIP-Home-Agent-Address", 334, Address, MUST, MUSTNOT), // §7.4
    avp("MIP-Nonce", 335, OctetString, MUST, MUSTNOT),       // §9.12
    avp(
        "MIP-Candidate-Home-Agent-Host",
        336,
        DiameterIdentity,
        MUST,
        MUSTNOT,
    ), // §7.9
    avp("MIP-Feature-Vector", 337, Unsigned32, MUST, MUSTNOT), // §7.5
    avp("MIP-Auth-Input-Data-Length", 338, Unsigned32, MUST, MUSTNOT), // §7.6.2
    avp("MIP-Authenticator-Length", 339, Unsigned32, MUST, MUSTNOT), // §7.6.3
    avp("MIP-Authenticator-Offset", 340, Unsigned32, MUST, MUSTNOT), // §7.6.4
    avp("MIP-MN-AAA-SPI", 341, Unsigned32, MUST, MUSTNOT),   // §7.6.1
    avp("MIP-Filter-Rule", 342, IPFilterRule, MUST, MUSTNOT), // §7.8
    avp("MIP-Session-Key", 343, OctetString, MUST, MUSTNOT), // §9.7
    avp("MIP-FA-Challenge", 344, OctetString, MUST, MUSTNOT), // §7.7
    enumerated("MIP-Algorithm-Type", 345, MUST, MUSTNOT, ALGORITHM_TYPE), // §9.8
    enumerated("MIP-Replay-Mode", 346, MUST, MUSTNOT, REPLAY_MODE), // §9.9
    avp("MIP-Originating-Foreign-AAA", 347, Grouped, MUST, MUSTNOT), // §7.10
    avp("MIP-Home-Agent-Host", 348, Grouped, MUST, MUSTNOT), // §7.11 (see module docs)
    avp("MIP-MSA-Lifetime", 367, Unsigned32, MUST, MUSTNOT), // §9.13
];

grammar_shorthands!(&[AVPS, super::base::AVPS, super::mip6::AVPS]);

/// AMR (RFC 4004 §5.1).
const AMR: &[RuleEntry] = &[
    fixed("Session-Id"),
    req("Auth-Application-Id"),
    req("User-Name"),
    req("Destination-Realm"),
    req("Origin-Host"),
    req("Origin-Realm"),
    req("MIP-Reg-Request"),
    req("MIP-MN-AAA-Auth"),
    opt("Acct-Multi-Session-Id"),
    opt("Destination-Host"),
    opt("Origin-State-Id"),
    opt("MIP-Mobile-Node-Address"),
    opt("MIP-Home-Agent-Address"),
    opt("MIP-Feature-Vector"),
    opt("MIP-Originating-Foreign-AAA"),
    opt("Authorization-Lifetime"),
    opt("Auth-Session-State"),
    opt("MIP-FA-Challenge"),
    opt("MIP-Candidate-Home-Agent-Host"),
    opt("MIP-Home-Agent-Host"),
    opt("MIP-HA-to-FA-SPI"),
    opt_n("Proxy-Info"),
    opt_n("Route-Record"),
];

/// AMA (RFC 4004 §5.2).
const AMA: &[RuleEntry] = &[
    fixed("Session-Id"),
    req("Auth-Application-Id"),
    req("Result-Code"),
    req("Origin-Host"),
    req("Origin-Realm"),
    opt("Acct-Multi-Session-Id"),
    opt("User-Name"),
    opt("Authorization-Lifetime"),
    opt("Auth-Session-State"),
    opt("Error-Message"),
    opt("Error-Reporting-Host"),
    opt("Re-Auth-Request-Type"),
    opt("MIP-Feature-Vector"),
    opt("MIP-Reg-Reply"),
    opt("MIP-MN-to-FA-MSA"),
    opt("MIP-MN-to-HA-MSA"),
    opt("MIP-FA-to-MN-MSA"),
    opt("MIP-FA-to-HA-MSA"),
    opt("MIP-HA-to-MN-MSA"),
    opt("MIP-MSA-Lifetime"),
    opt("MIP-Home-Agent-Address"),
    opt("MIP-Mobile-Node-Address"),
    opt_n("MIP-Filter-Rule"),
    opt("Origin-State-Id"),
    opt_n("Proxy-Info"),
];

/// HAR (RFC 4004 §5.3).
const HAR: &[RuleEntry] = &[
    fixed("Session-Id"),
    req("Auth-Application-Id"),
    req("Authorization-Lifetime"),
    req("Auth-Session-State"),
    req("MIP-Reg-Request"),
    req("Origin-Host"),
    req("Origin-Realm"),
    req("User-Name"),
    req("Destination-Realm"),
    req("MIP-Feature-Vector"),
    opt("Destination-Host"),
    opt("MIP-MN-to-HA-MSA"),
    opt("MIP-MN-to-FA-MSA"),
    opt("MIP-HA-to-MN-MSA"),
    opt("MIP-HA-to-FA-MSA"),
    opt("MIP-MSA-Lifetime"),
    opt("MIP-Originating-Foreign-AAA"),
    opt("MIP-Mobile-Node-Address"),
    opt("MIP-Home-Agent-Address"),
    opt_n("MIP-Filter-Rule"),
    opt("Origin-State-Id"),
    opt_n("Proxy-Info"),
    opt_n("Route-Record"),
];

/// HAA (RFC 4004 §5.4).
const HAA: &[RuleEntry] = &[
    fixed("Session-Id"),
    req("Auth-Application-Id"),
    req("Result-Code"),
    req("Origin-Host"),
    req("Origin-Realm"),
    opt("Acct-Multi-Session-Id"),
    opt("User-Name"),
    opt("Error-Reporting-Host"),
    opt("Error-Message"),
    opt("MIP-Reg-Reply"),
    opt("MIP-Home-Agent-Address"),
    opt("MIP-Mobile-Node-Address"),
    opt("MIP-FA-to-HA-SPI"),
    opt("MIP-FA-to-MN-SPI"),
    opt("Origin-State-Id"),
    opt_n("Proxy-Info"),
];

/// The Mobile IPv4 commands (RFC 4004 §5), sorted by code. All are
/// proxiable and end with `* [ AVP ]`.
pub const COMMANDS: &[CommandEntry] = &[
    CommandEntry {
        name: "AA-Mobile-Node",
        request_abbrev: "AMR",
        answer_abbrev: "AMA",
        code: 260,
        application: APPLICATION_ID,
        proxiable: true,
        request: AMR,
        request_extensible: true,
        answer: AMA,
        answer_extensible: true,
    },
    CommandEntry {
        name: "Home-Agent-MIP",
        request_abbrev: "HAR",
        answer_abbrev: "HAA",
        code: 262,
        application: APPLICATION_ID,
        proxiable: true,
        request: HAR,
        request_extensible: true,
        answer: HAA,
        answer_extensible: true,
    },
];

/// The Mobile IPv4 grouped AVPs, sorted by code. Every grammar ends with
/// `* [ AVP ]`.
pub const GROUPED: &[GroupedEntry] = &[
    GroupedEntry {
        // MIP-MN-AAA-Auth, §7.6
        code: 322,
        vendor: 0,
        rules: &[
            req("MIP-MN-AAA-SPI"),
            req("MIP-Auth-Input-Data-Length"),
            req("MIP-Authenticator-Length"),
            req("MIP-Authenticator-Offset"),
        ],
        extensible: true,
    },
    GroupedEntry {
        // MIP-MN-to-FA-MSA, §9.5. `{ MIP-MN-FA-SPI }` omitted: no such AVP
        // is assigned (see module docs).
        code: 325,
        vendor: 0,
        rules: &[req("MIP-Algorithm-Type"), req("MIP-Nonce")],
        extensible: true,
    },
    GroupedEntry {
        // MIP-FA-to-MN-MSA, §9.1
        code: 326,
        vendor: 0,
        rules: &[
            req("MIP-FA-to-MN-SPI"),
            req("MIP-Algorithm-Type"),
            req("MIP-Session-Key"),
        ],
        extensible: true,
    },
    GroupedEntry {
        // MIP-FA-to-HA-MSA, §9.2
        code: 328,
        vendor: 0,
        rules: &[
            req("MIP-FA-to-HA-SPI"),
            req("MIP-Algorithm-Type"),
            req("MIP-Session-Key"),
        ],
        extensible: true,
    },
    GroupedEntry {
        // MIP-HA-to-FA-MSA, §9.3
        code: 329,
        vendor: 0,
        rules: &[
            req("MIP-HA-to-FA-SPI"),
            req("MIP-Algorithm-Type"),
            req("MIP-Session-Key"),
        ],
        extensible: true,
    },
    GroupedEntry {
        // MIP-MN-to-HA-MSA, §9.6. MIP-MN-HA-SPI is RFC 5778's AVP 491.
        code: 331,
        vendor: 0,
        rules: &[
            req("MIP-MN-HA-SPI"),
            req("MIP-Algorithm-Type"),
            req("MIP-Replay-Mode"),
            req("MIP-Nonce"),
        ],
        extensible: true,
    },
    GroupedEntry {
        // MIP-HA-to-MN-MSA, §9.4. `{ MIP-HA-to-MN-SPI }` omitted: no such
        // AVP is assigned (see module docs).
        code: 332,
        vendor: 0,
        rules: &[
            req("MIP-Algorithm-Type"),
            req("MIP-Replay-Mode"),
            req("MIP-Session-Key"),
        ],
        extensible: true,
    },
    GroupedEntry {
        // MIP-Originating-Foreign-AAA, §7.10
        code: 347,
        vendor: 0,
        rules: &[req("Origin-Realm"), req("Origin-Host")],
        extensible: true,
    },
    GroupedEntry {
        // MIP-Home-Agent-Host, §7.11
        code: 348,
        vendor: 0,
        rules: &[req("Destination-Realm"), req("Destination-Host")],
        extensible: true,
    },
];

/// The Mobile IPv4 application tables (RFC 4004).
pub static APPLICATION: Application = Application {
    id: APPLICATION_ID,
    name: "Diameter Mobile IPv4",
    source: "RFC 4004",
    avps: AVPS,
    commands: COMMANDS,
    grouped: GROUPED,
};
