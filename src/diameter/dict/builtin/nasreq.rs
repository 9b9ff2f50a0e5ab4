//! The Diameter NASREQ application (RFC 7155), Application-Id 1
//! (RFC 7155 §1.5).
//!
//! * AVPs: RFC 7155 §4.2 (session), §4.3 (authentication), §4.4
//!   (authorization), §4.5 (tunneling) and §4.6 (accounting). Their codes
//!   and types come from each AVP's section; the flag tables of §4.2–4.6 say
//!   M MUST, V MUST NOT for all of them except QoS-Filter-Rule, whose row in
//!   the §4.4 table leaves both columns blank (recorded here as MAY).
//! * NAS-Identifier, NAS-IP-Address, NAS-IPv6-Address, State and
//!   Origin-AAA-Protocol appear in the RFC 7155 grammars but are defined in
//!   RFC 4005 §9.3.1–9.3.6, which RFC 7155 obsoletes; they are kept here with
//!   RFC 4005's types. Their flag rules (RFC 4005 §9.3 table) could not be
//!   checked against the RFC text and follow the other NASREQ AVPs (M MUST,
//!   V MUST NOT).
//! * Enumerated values: RFC 7155 §1.1 deleted the RADIUS value lists "in
//!   favor of references to the appropriate IANA registries", so the
//!   RADIUS-derived Enumerated AVPs carry no values here (the codes are in
//!   [`VALUES_IN_RADIUS_REGISTRY`]). CHAP-Algorithm (§4.3.5) and
//!   Origin-AAA-Protocol (RFC 4005 §9.3.6) list their values and have them.
//! * Commands: AAR/AAA (265), §3.1–3.2. The NASREQ-specific grammars of the
//!   base commands RAR/RAA, STR/STA, ASR/ASA and ACR/ACA (§3.3–3.10) are not
//!   tabulated; [`super::base`] has the RFC 6733 ones.
//! * Grouped: CHAP-Auth §4.3.4, Tunneling §4.5.1.
//!
//! The accounting counters 363–366 and Acct-Session-Time (46) are also
//! described by RFC 4004 §10; they are defined only here.

use super::super::table::{Application, AvpEntry, CommandEntry, GroupedEntry, RuleEntry};
use super::{avp, enumerated, grammar_shorthands, MAY, MUST, MUSTNOT};
use crate::diameter::wire::AvpType::{
    Enumerated, Grouped, IPFilterRule, OctetString, QoSFilterRule, UTF8String, Unsigned32,
    Unsigned64,
};

/// Application-Id of Diameter NASREQ (RFC 7155 §1.5).
pub const APPLICATION_ID: u32 = 1;

/// Enumerated AVPs whose values RFC 7155 leaves to the IANA RADIUS
/// registries (RFC 7155 §1.1); their `enums` are empty. A validator must
/// accept any value for them.
pub const VALUES_IN_RADIUS_REGISTRY: &[u32] = &[6, 7, 10, 13, 15, 45, 61, 64, 65, 72, 76, 406];

/// CHAP-Algorithm values (RFC 7155 §4.3.5).
const CHAP_ALGORITHM: &[(i32, &str)] = &[(5, "CHAP with MD5")];

/// Origin-AAA-Protocol values (RFC 4005 §9.3.6).
const ORIGIN_AAA_PROTOCOL: &[(i32, &str)] = &[(1, "RADIUS")];

/// An Enumerated AVP whose values live in an IANA RADIUS registry.
const fn radius_enum(name: &'static str, code: u32) -> AvpEntry {
    avp(name, code, Enumerated, MUST, MUSTNOT)
}

/// The NASREQ AVPs, sorted by code.
pub const AVPS: &[AvpEntry] = &[
    avp("User-Password", 2, OctetString, MUST, MUSTNOT), // §4.3.1
    avp("NAS-IP-Address", 4, OctetString, MUST, MUSTNOT), // RFC 4005 §9.3.2
    avp("NAS-Port", 5, Unsigned32, MUST, MUSTNOT),       // §4.2.2
    radius_enum("Service-Type", 6),                      // §4.4.1
    radius_enum("Framed-Protocol", 7),                   // §4.4.10.1
    avp("Framed-IP-Address", 8, OctetString, MUST, MUSTNOT), // §4.4.10.5.1
    avp("Framed-IP-Netmask", 9, OctetString, MUST, MUSTNOT), // §4.4.10.5.2
    radius_enum("Framed-Routing", 10),                   // §4.4.10.2
    avp("Filter-Id", 11, UTF8String, MUST, MUSTNOT),     // §4.4.7
    avp("Framed-MTU", 12, Unsigned32, MUST, MUSTNOT),    // §4.4.10.3
    radius_enum("Framed-Compression", 13),               // §4.4.10.4
    avp("Login-IP-Host", 14, OctetString, MUST, MUSTNOT), // §4.4.11.1
    radius_enum("Login-Service", 15),                    // §4.4.11.3
    avp("Login-TCP-Port", 16, Unsigned32, MUST, MUSTNOT), // §4.4.11.4.1
    avp("Reply-Message", 18, UTF8String, MUST, MUSTNOT), // §4.2.9
    avp("Callback-Number", 19, UTF8String, MUST, MUSTNOT), // §4.4.2
    avp("Callback-Id", 20, UTF8String, MUST, MUSTNOT),   // §4.4.3
    avp("Framed-Route", 22, UTF8String, MUST, MUSTNOT),  // §4.4.10.5.3
    avp("Framed-IPX-Network", 23, Unsigned32, MUST, MUSTNOT), // §4.4.10.6.1
    avp("State", 24, OctetString, MUST, MUSTNOT),        // RFC 4005 §9.3.4
    avp("Idle-Timeout", 28, Unsigned32, MUST, MUSTNOT),  // §4.4.4
    avp("Called-Station-Id", 30, UTF8String, MUST, MUSTNOT), // §4.2.5
    avp("Calling-Station-Id", 31, UTF8String, MUST, MUSTNOT), // §4.2.6
    avp("NAS-Identifier", 32, UTF8String, MUST, MUSTNOT), // RFC 4005 §9.3.1
    avp("Login-LAT-Service", 34, OctetString, MUST, MUSTNOT), // §4.4.11.5.1
    avp("Login-LAT-Node", 35, OctetString, MUST, MUSTNOT), // §4.4.11.5.2
    avp("Login-LAT-Group", 36, OctetString, MUST, MUSTNOT), // §4.4.11.5.3
    avp("Framed-Appletalk-Link", 37, Unsigned32, MUST, MUSTNOT), // §4.4.10.7.1
    avp("Framed-Appletalk-Network", 38, Unsigned32, MUST, MUSTNOT), // §4.4.10.7.2
    avp("Framed-Appletalk-Zone", 39, OctetString, MUST, MUSTNOT), // §4.4.10.7.3
    avp("Acct-Delay-Time", 41, Unsigned32, MUST, MUSTNOT), // §4.6.8
    radius_enum("Acct-Authentic", 45),                   // §4.6.6
    avp("Acct-Session-Time", 46, Unsigned32, MUST, MUSTNOT), // §4.6.5
    avp("Acct-Link-Count", 51, Unsigned32, MUST, MUSTNOT), // §4.6.9
    avp("CHAP-Challenge", 60, OctetString, MUST, MUSTNOT), // §4.3.8
    radius_enum("NAS-Port-Type", 61),                    // §4.2.4
    avp("Port-Limit", 62, Unsigned32, MUST, MUSTNOT),    // §4.4.5
    avp("Login-LAT-Port", 63, OctetString, MUST, MUSTNOT), // §4.4.11.5.4
    radius_enum("Tunnel-Type", 64),                      // §4.5.2
    radius_enum("Tunnel-Medium-Type", 65),               // §4.5.3
    avp("Tunnel-Client-Endpoint", 66, UTF8String, MUST, MUSTNOT), // §4.5.4
    avp("Tunnel-Server-Endpoint", 67, UTF8String, MUST, MUSTNOT), // §4.5.5
    avp("Acct-Tunnel-Connection", 68, OctetString, MUST, MUSTNOT), // §4.6.10
    avp("Tunnel-Password", 69, OctetString, MUST, MUSTNOT), // §4.5.6
    avp("ARAP-Password", 70, OctetString, MUST, MUSTNOT), // §4.3.9
    avp("ARAP-Features", 71, OctetString, MUST, MUSTNOT), // §4.4.10.8.1
    radius_enum("ARAP-Zone-Access", 72),                 // §4.4.10.8.2
    avp("ARAP-Security", 73, Unsigned32, MUST, MUSTNOT), // §4.3.11
    avp("ARAP-Security-Data", 74, OctetString, MUST, MUSTNOT), // §4.3.12
    avp("Password-Retry", 75, Unsigned32, MUST, MUSTNOT), // §4.3.2
    radius_enum("Prompt", 76),                           // §4.3.3
    avp("Connect-Info", 77, UTF8String, MUST, MUSTNOT),  // §4.2.7
    avp("Configuration-Token", 78, OctetString, MUST, MUSTNOT), // §4.4.8
    avp("Tunnel-Private-Group-Id", 81, OctetString, MUST, MUSTNOT), // §4.5.7
    avp("Tunnel-Assignment-Id", 82, OctetString, MUST, MUSTNOT), // §4.5.8
    avp("Tunnel-Preference", 83, Unsigned32, MUST, MUSTNOT), // §4.5.9
    avp("ARAP-Challenge-Response", 84, OctetString, MUST, MUSTNOT), // §4.3.10
    avp("Acct-Tunnel-Packets-Lost", 86, Unsigned32, MUST, MUSTNOT), // §4.6.11
    avp("NAS-Port-Id", 87, UTF8String, MUST, MUSTNOT),   // §4.2.3
    avp("Framed-Pool", 88, OctetString, MUST, MUSTNOT),  // §4.4.10.5.4
    avp("Tunnel-Client-Auth-Id", 90, UTF8String, MUST, MUSTNOT), // §4.5.10
    avp("Tunnel-Server-Auth-Id", 91, UTF8String, MUST, MUSTNOT), // §4.5.11
    avp("Originating-Line-Info", 94, OctetString, MUST, MUSTNOT), // §4.2.8
    avp("NAS-IPv6-Address", 95, OctetString, MUST, MUSTNOT), // RFC 4005 §9.3.3
    avp("Framed-Interface-Id", 96, Unsigned64, MUST, MUSTNOT), // §4.4.10.5.5
    avp("Framed-IPv6-Prefix", 97, OctetString, MUST, MUSTNOT), // §4.4.10.5.6
    avp("Login-IPv6-Host", 98, OctetString, MUST, MUSTNOT), // §4.4.11.2
    avp("Framed-IPv6-Route", 99, UTF8String, MUST, MUSTNOT), // §4.4.10.5.7
    avp("Framed-IPv6-Pool", 100, OctetString, MUST, MUSTNOT), // §4.4.10.5.8
    avp("Accounting-Input-Octets", 363, Unsigned64, MUST, MUSTNOT), // §4.6.1
    avp("Accounting-Output-Octets", 364, Unsigned64, MUST, MUSTNOT), // §4.6.2
    avp("Accounting-Input-Packets", 365, Unsigned64, MUST, MUSTNOT), // §4.6.3
    avp("Accounting-Output-Packets", 366, Unsigned64, MUST, MUSTNOT), // §4.6.4
    avp("NAS-Filter-Rule", 400, IPFilterRule, MUST, MUSTNOT), // §4.4.6
    avp("Tunneling", 401, Grouped, MUST, MUSTNOT),       // §4.5.1
    avp("CHAP-Auth", 402, Grouped, MUST, MUSTNOT),       // §4.3.4
    enumerated("CHAP-Algorithm", 403, MUST, MUSTNOT, CHAP_ALGORITHM), // §4.3.5
    avp("CHAP-Ident", 404, OctetString, MUST, MUSTNOT),  // §4.3.6
    avp("CHAP-Response", 405, OctetString, MUST, MUSTNOT), // §4.3.7
    radius_enum("Accounting-Auth-Method", 406), // §4.6.7 (values of RFC 2548 MS-Acct-Auth-Type)
    avp("QoS-Filter-Rule", 407, QoSFilterRule, MAY, MAY), // §4.4.9 (blank flag columns)
    enumerated(
        "Origin-AAA-Protocol",
        408,
        MUST,
        MUSTNOT,
        ORIGIN_AAA_PROTOCOL,
    ), // RFC 4005 §9.3.6
];

grammar_shorthands!(&[AVPS, super::base::AVPS]);

/// AAR (RFC 7155 §3.1).
const AAR: &[RuleEntry] = &[
    fixed("Session-Id"),
    req("Auth-Application-Id"),
    req("Origin-Host"),
    req("Origin-Realm"),
    req("Destination-Realm"),
    req("Auth-Request-Type"),
    opt("Destination-Host"),
    opt("NAS-Identifier"),
    opt("NAS-IP-Address"),
    opt("NAS-IPv6-Address"),
    opt("NAS-Port"),
    opt("NAS-Port-Id"),
    opt("NAS-Port-Type"),
    opt("Origin-AAA-Protocol"),
    opt("Origin-State-Id"),
    opt("Port-Limit"),
    opt("User-Name"),
    opt("User-Password"),
    opt("Service-Type"),
    opt("State"),
    opt("Authorization-Lifetime"),
    opt("Auth-Grace-Period"),
    opt("Auth-Session-State"),
    opt("Callback-Number"),
    opt("Called-Station-Id"),
    opt("Calling-Station-Id"),
    opt("Originating-Line-Info"),
    opt("Connect-Info"),
    opt("CHAP-Auth"),
    opt("CHAP-Challenge"),
    opt_n("Framed-Compression"),
    opt("Framed-Interface-Id"),
    opt("Framed-IP-Address"),
    opt_n("Framed-IPv6-Prefix"),
    opt("Framed-IP-Netmask"),
    opt("Framed-MTU"),
    opt("Framed-Protocol"),
    opt("ARAP-Password"),
    opt("ARAP-Security"),
    opt_n("ARAP-Security-Data"),
    opt_n("Login-IP-Host"),
    opt_n("Login-IPv6-Host"),
    opt("Login-LAT-Group"),
    opt("Login-LAT-Node"),
    opt("Login-LAT-Port"),
    opt("Login-LAT-Service"),
    opt_n("Tunneling"),
    opt_n("Proxy-Info"),
    opt_n("Route-Record"),
];

/// AAA (RFC 7155 §3.2).
const AAA: &[RuleEntry] = &[
    fixed("Session-Id"),
    req("Auth-Application-Id"),
    req("Auth-Request-Type"),
    req("Result-Code"),
    req("Origin-Host"),
    req("Origin-Realm"),
    opt("User-Name"),
    opt("Service-Type"),
    opt_n("Class"),
    opt_n("Configuration-Token"),
    opt("Acct-Interim-Interval"),
    opt("Error-Message"),
    opt("Error-Reporting-Host"),
    opt_n("Failed-AVP"),
    opt("Idle-Timeout"),
    opt("Authorization-Lifetime"),
    opt("Auth-Grace-Period"),
    opt("Auth-Session-State"),
    opt("Re-Auth-Request-Type"),
    opt("Multi-Round-Time-Out"),
    opt("Session-Timeout"),
    opt("State"),
    opt_n("Reply-Message"),
    opt("Origin-AAA-Protocol"),
    opt("Origin-State-Id"),
    opt_n("Filter-Id"),
    opt("Password-Retry"),
    opt("Port-Limit"),
    opt("Prompt"),
    opt("ARAP-Challenge-Response"),
    opt("ARAP-Features"),
    opt("ARAP-Security"),
    opt_n("ARAP-Security-Data"),
    opt("ARAP-Zone-Access"),
    opt("Callback-Id"),
    opt("Callback-Number"),
    opt("Framed-Appletalk-Link"),
    opt_n("Framed-Appletalk-Network"),
    opt("Framed-Appletalk-Zone"),
    opt_n("Framed-Compression"),
    opt("Framed-Interface-Id"),
    opt("Framed-IP-Address"),
    opt_n("Framed-IPv6-Prefix"),
    opt("Framed-IPv6-Pool"),
    opt_n("Framed-IPv6-Route"),
    opt("Framed-IP-Netmask"),
    opt_n("Framed-Route"),
    opt("Framed-Pool"),
    opt("Framed-IPX-Network"),
    opt("Framed-MTU"),
    opt("Framed-Protocol"),
    opt("Framed-Routing"),
    opt_n("Login-IP-Host"),
    opt_n("Login-IPv6-Host"),
    opt("Login-LAT-Group"),
    opt("Login-LAT-Node"),
    opt("Login-LAT-Port"),
    opt("Login-LAT-Service"),
    opt("Login-Service"),
    opt("Login-TCP-Port"),
    opt_n("NAS-Filter-Rule"),
    opt_n("QoS-Filter-Rule"),
    opt_n("Tunneling"),
    opt_n("Redirect-Host"),
    opt("Redirect-Host-Usage"),
    opt("Redirect-Max-Cache-Time"),
    opt_n("Proxy-Info"),
];

/// The NASREQ command AA (RFC 7155 §3.1–3.2): proxiable, both grammars end
/// with `* [ AVP ]`.
pub const COMMANDS: &[CommandEntry] = &[CommandEntry {
    name: "AA",
    request_abbrev: "AAR",
    answer_abbrev: "AAA",
    code: 265,
    application: APPLICATION_ID,
    proxiable: true,
    request: AAR,
    request_extensible: true,
    answer: AAA,
    answer_extensible: true,
}];

/// The NASREQ grouped AVPs, sorted by code.
pub const GROUPED: &[GroupedEntry] = &[
    GroupedEntry {
        // Tunneling, §4.5.1 (no `* [ AVP ]`)
        code: 401,
        vendor: 0,
        rules: &[
            req("Tunnel-Type"),
            req("Tunnel-Medium-Type"),
            req("Tunnel-Client-Endpoint"),
            req("Tunnel-Server-Endpoint"),
            opt("Tunnel-Preference"),
            opt("Tunnel-Client-Auth-Id"),
            opt("Tunnel-Server-Auth-Id"),
            opt("Tunnel-Assignment-Id"),
            opt("Tunnel-Password"),
            opt("Tunnel-Private-Group-Id"),
        ],
        extensible: false,
    },
    GroupedEntry {
        // CHAP-Auth, §4.3.4
        code: 402,
        vendor: 0,
        rules: &[
            req("CHAP-Algorithm"),
            req("CHAP-Ident"),
            opt("CHAP-Response"),
        ],
        extensible: true,
    },
];

/// The NASREQ application tables (RFC 7155).
pub static APPLICATION: Application = Application {
    id: APPLICATION_ID,
    name: "Diameter NASREQ",
    source: "RFC 7155",
    avps: AVPS,
    commands: COMMANDS,
    grouped: GROUPED,
};
