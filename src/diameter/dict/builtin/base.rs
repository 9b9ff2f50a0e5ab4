//! The Diameter base protocol (RFC 6733).
//!
//! * AVPs: the table of RFC 6733 §4.5 (which includes the accounting AVPs of
//!   §9.8 and the RADIUS-derived User-Name, Class, Session-Timeout,
//!   Proxy-State, Acct-Session-Id, Acct-Multi-Session-Id, Event-Timestamp and
//!   Acct-Interim-Interval). Every AVP there has the V bit MUST NOT; the M bit
//!   is MUST except for Error-Message, Error-Reporting-Host,
//!   Firmware-Revision and Product-Name (M bit MUST NOT).
//! * Enumerated values: Disconnect-Cause §5.4.3, Redirect-Host-Usage §6.13,
//!   Auth-Request-Type §8.7, Auth-Session-State §8.11, Re-Auth-Request-Type
//!   §8.12, Termination-Cause §8.15 (which defers to the IANA registry: the
//!   values 1–8 are those RFC 3588 §8.15 assigned), Session-Server-Failover
//!   §8.18, Accounting-Record-Type §9.8.1, Accounting-Realtime-Required
//!   §9.8.7.
//! * Inband-Security-Id (§6.10: NO_INBAND_SECURITY 0, TLS 1) and
//!   Session-Binding (§8.17: bits RE_AUTH 1, STR 2, ACCOUNTING 4) are
//!   Unsigned32 in the §4.5 table, so their values are listed here as
//!   constants ([`INBAND_SECURITY_ID_VALUES`], [`SESSION_BINDING_BITS`]) and
//!   not as enums of the table.
//! * Commands: CER/CEA §5.3.1–2, DPR/DPA §5.4.1–2, DWR/DWA §5.5.1–2,
//!   RAR/RAA §8.3.1–2, STR/STA §8.4.1–2, ASR/ASA §8.5.1–2, ACR/ACA §9.7.1–2.
//! * Grouped: Vendor-Specific-Application-Id §6.11, Proxy-Info §6.7.2,
//!   Failed-AVP §7.5, Experimental-Result §7.6.
//!
//! Not included: E2E-Sequence (AVP 300 of RFC 3588), which RFC 6733
//! deprecates (§1.1.3) and no longer lists in §4.5.

use super::super::table::{Application, AvpEntry, CommandEntry, GroupedEntry, RuleEntry};
use super::{avp, enumerated, grammar_shorthands, MUST, MUSTNOT};
use crate::diameter::wire::AvpType::{
    Address, DiameterIdentity, DiameterURI, Grouped, OctetString, Time, UTF8String, Unsigned32,
    Unsigned64,
};

/// Application-Id of the base protocol (RFC 6733 §2.4: "Diameter common
/// message", used by CER/DWR/DPR).
pub const COMMON_MESSAGE: u32 = 0;
/// Application-Id of base accounting (RFC 6733 §2.4), used by ACR/ACA.
pub const BASE_ACCOUNTING: u32 = 3;
/// Application-Id of the relay application (RFC 6733 §2.4).
pub const RELAY: u32 = 0xffff_ffff;

/// Named values of the Unsigned32 Inband-Security-Id AVP (RFC 6733 §6.10).
pub const INBAND_SECURITY_ID_VALUES: &[(u32, &str)] = &[(0, "NO_INBAND_SECURITY"), (1, "TLS")];

/// Bits of the Unsigned32 Session-Binding AVP (RFC 6733 §8.17).
pub const SESSION_BINDING_BITS: &[(u32, &str)] = &[(1, "RE_AUTH"), (2, "STR"), (4, "ACCOUNTING")];

/// Disconnect-Cause values (RFC 6733 §5.4.3).
const DISCONNECT_CAUSE: &[(i32, &str)] = &[
    (0, "REBOOTING"),
    (1, "BUSY"),
    (2, "DO_NOT_WANT_TO_TALK_TO_YOU"),
];

/// Redirect-Host-Usage values (RFC 6733 §6.13).
const REDIRECT_HOST_USAGE: &[(i32, &str)] = &[
    (0, "DONT_CACHE"),
    (1, "ALL_SESSION"),
    (2, "ALL_REALM"),
    (3, "REALM_AND_APPLICATION"),
    (4, "ALL_APPLICATION"),
    (5, "ALL_HOST"),
    (6, "ALL_USER"),
];

/// Auth-Request-Type values (RFC 6733 §8.7).
const AUTH_REQUEST_TYPE: &[(i32, &str)] = &[
    (1, "AUTHENTICATE_ONLY"),
    (2, "AUTHORIZE_ONLY"),
    (3, "AUTHORIZE_AUTHENTICATE"),
];

/// Auth-Session-State values (RFC 6733 §8.11).
const AUTH_SESSION_STATE: &[(i32, &str)] = &[(0, "STATE_MAINTAINED"), (1, "NO_STATE_MAINTAINED")];

/// Re-Auth-Request-Type values (RFC 6733 §8.12).
const RE_AUTH_REQUEST_TYPE: &[(i32, &str)] =
    &[(0, "AUTHORIZE_ONLY"), (1, "AUTHORIZE_AUTHENTICATE")];

/// Termination-Cause values (RFC 3588 §8.15, kept by the IANA registry that
/// RFC 6733 §8.15 refers to).
const TERMINATION_CAUSE: &[(i32, &str)] = &[
    (1, "DIAMETER_LOGOUT"),
    (2, "DIAMETER_SERVICE_NOT_PROVIDED"),
    (3, "DIAMETER_BAD_ANSWER"),
    (4, "DIAMETER_ADMINISTRATIVE"),
    (5, "DIAMETER_LINK_BROKEN"),
    (6, "DIAMETER_AUTH_EXPIRED"),
    (7, "DIAMETER_USER_MOVED"),
    (8, "DIAMETER_SESSION_TIMEOUT"),
];

/// Session-Server-Failover values (RFC 6733 §8.18).
const SESSION_SERVER_FAILOVER: &[(i32, &str)] = &[
    (0, "REFUSE_SERVICE"),
    (1, "TRY_AGAIN"),
    (2, "ALLOW_SERVICE"),
    (3, "TRY_AGAIN_ALLOW_SERVICE"),
];

/// Accounting-Record-Type values (RFC 6733 §9.8.1).
const ACCOUNTING_RECORD_TYPE: &[(i32, &str)] = &[
    (1, "EVENT_RECORD"),
    (2, "START_RECORD"),
    (3, "INTERIM_RECORD"),
    (4, "STOP_RECORD"),
];

/// Accounting-Realtime-Required values (RFC 6733 §9.8.7).
const ACCOUNTING_REALTIME_REQUIRED: &[(i32, &str)] = &[
    (1, "DELIVER_AND_GRANT"),
    (2, "GRANT_AND_STORE"),
    (3, "GRANT_AND_LOSE"),
];

/// The AVPs of RFC 6733 §4.5, sorted by code. Section numbers are the
/// "Section Defined" column.
pub const AVPS: &[AvpEntry] = &[
    avp("User-Name", 1, UTF8String, MUST, MUSTNOT), // §8.14
    avp("Class", 25, OctetString, MUST, MUSTNOT),   // §8.20
    avp("Session-Timeout", 27, Unsigned32, MUST, MUSTNOT), // §8.13
    avp("Proxy-State", 33, OctetString, MUST, MUSTNOT), // §6.7.4
    avp("Acct-Session-Id", 44, OctetString, MUST, MUSTNOT), // §9.8.4
    avp("Acct-Multi-Session-Id", 50, UTF8String, MUST, MUSTNOT), // §9.8.5
    avp("Event-Timestamp", 55, Time, MUST, MUSTNOT), // §8.21
    avp("Acct-Interim-Interval", 85, Unsigned32, MUST, MUSTNOT), // §9.8.2
    avp("Host-IP-Address", 257, Address, MUST, MUSTNOT), // §5.3.5
    avp("Auth-Application-Id", 258, Unsigned32, MUST, MUSTNOT), // §6.8
    avp("Acct-Application-Id", 259, Unsigned32, MUST, MUSTNOT), // §6.9
    avp(
        "Vendor-Specific-Application-Id",
        260,
        Grouped,
        MUST,
        MUSTNOT,
    ), // §6.11
    enumerated(
        "Redirect-Host-Usage",
        261,
        MUST,
        MUSTNOT,
        REDIRECT_HOST_USAGE,
    ), // §6.13
    avp("Redirect-Max-Cache-Time", 262, Unsigned32, MUST, MUSTNOT), // §6.14
    avp("Session-Id", 263, UTF8String, MUST, MUSTNOT), // §8.8
    avp("Origin-Host", 264, DiameterIdentity, MUST, MUSTNOT), // §6.3
    avp("Supported-Vendor-Id", 265, Unsigned32, MUST, MUSTNOT), // §5.3.6
    avp("Vendor-Id", 266, Unsigned32, MUST, MUSTNOT), // §5.3.3
    avp("Firmware-Revision", 267, Unsigned32, MUSTNOT, MUSTNOT), // §5.3.4
    avp("Result-Code", 268, Unsigned32, MUST, MUSTNOT), // §7.1
    avp("Product-Name", 269, UTF8String, MUSTNOT, MUSTNOT), // §5.3.7
    avp("Session-Binding", 270, Unsigned32, MUST, MUSTNOT), // §8.17
    enumerated(
        "Session-Server-Failover",
        271,
        MUST,
        MUSTNOT,
        SESSION_SERVER_FAILOVER,
    ), // §8.18
    avp("Multi-Round-Time-Out", 272, Unsigned32, MUST, MUSTNOT), // §8.19
    enumerated("Disconnect-Cause", 273, MUST, MUSTNOT, DISCONNECT_CAUSE), // §5.4.3
    enumerated("Auth-Request-Type", 274, MUST, MUSTNOT, AUTH_REQUEST_TYPE), // §8.7
    avp("Auth-Grace-Period", 276, Unsigned32, MUST, MUSTNOT), // §8.10
    enumerated("Auth-Session-State", 277, MUST, MUSTNOT, AUTH_SESSION_STATE), // §8.11
    avp("Origin-State-Id", 278, Unsigned32, MUST, MUSTNOT), // §8.16
    avp("Failed-AVP", 279, Grouped, MUST, MUSTNOT), // §7.5
    avp("Proxy-Host", 280, DiameterIdentity, MUST, MUSTNOT), // §6.7.3
    avp("Error-Message", 281, UTF8String, MUSTNOT, MUSTNOT), // §7.3
    avp("Route-Record", 282, DiameterIdentity, MUST, MUSTNOT), // §6.7.1
    avp("Destination-Realm", 283, DiameterIdentity, MUST, MUSTNOT), // §6.6
    avp("Proxy-Info", 284, Grouped, MUST, MUSTNOT), // §6.7.2
    enumerated(
        "Re-Auth-Request-Type",
        285,
        MUST,
        MUSTNOT,
        RE_AUTH_REQUEST_TYPE,
    ), // §8.12
    avp("Accounting-Sub-Session-Id", 287, Unsigned64, MUST, MUSTNOT), // §9.8.6
    avp("Authorization-Lifetime", 291, Unsigned32, MUST, MUSTNOT), // §8.9
    avp("Redirect-Host", 292, DiameterURI, MUST, MUSTNOT), // §6.12
    avp("Destination-Host", 293, DiameterIdentity, MUST, MUSTNOT), // §6.5
    avp(
        "Error-Reporting-Host",
        294,
        DiameterIdentity,
        MUSTNOT,
        MUSTNOT,
    ), // §7.4
    enumerated("Termination-Cause", 295, MUST, MUSTNOT, TERMINATION_CAUSE), // §8.15
    avp("Origin-Realm", 296, DiameterIdentity, MUST, MUSTNOT), // §6.4
    avp("Experimental-Result", 297, Grouped, MUST, MUSTNOT), // §7.6
    avp("Experimental-Result-Code", 298, Unsigned32, MUST, MUSTNOT), // §7.7
    avp("Inband-Security-Id", 299, Unsigned32, MUST, MUSTNOT), // §6.10
    enumerated(
        "Accounting-Record-Type",
        480,
        MUST,
        MUSTNOT,
        ACCOUNTING_RECORD_TYPE,
    ), // §9.8.1
    enumerated(
        "Accounting-Realtime-Required",
        483,
        MUST,
        MUSTNOT,
        ACCOUNTING_REALTIME_REQUIRED,
    ), // §9.8.7
    avp("Accounting-Record-Number", 485, Unsigned32, MUST, MUSTNOT), // §9.8.3
];

grammar_shorthands!(&[AVPS]);

/// CER (RFC 6733 §5.3.1).
const CER: &[RuleEntry] = &[
    req("Origin-Host"),
    req("Origin-Realm"),
    req_n("Host-IP-Address", 1),
    req("Vendor-Id"),
    req("Product-Name"),
    opt("Origin-State-Id"),
    opt_n("Supported-Vendor-Id"),
    opt_n("Auth-Application-Id"),
    opt_n("Inband-Security-Id"),
    opt_n("Acct-Application-Id"),
    opt_n("Vendor-Specific-Application-Id"),
    opt("Firmware-Revision"),
];

/// CEA (RFC 6733 §5.3.2).
const CEA: &[RuleEntry] = &[
    req("Result-Code"),
    req("Origin-Host"),
    req("Origin-Realm"),
    req_n("Host-IP-Address", 1),
    req("Vendor-Id"),
    req("Product-Name"),
    opt("Origin-State-Id"),
    opt("Error-Message"),
    opt("Failed-AVP"),
    opt_n("Supported-Vendor-Id"),
    opt_n("Auth-Application-Id"),
    opt_n("Inband-Security-Id"),
    opt_n("Acct-Application-Id"),
    opt_n("Vendor-Specific-Application-Id"),
    opt("Firmware-Revision"),
];

/// RAR (RFC 6733 §8.3.1).
const RAR: &[RuleEntry] = &[
    fixed("Session-Id"),
    req("Origin-Host"),
    req("Origin-Realm"),
    req("Destination-Realm"),
    req("Destination-Host"),
    req("Auth-Application-Id"),
    req("Re-Auth-Request-Type"),
    opt("User-Name"),
    opt("Origin-State-Id"),
    opt_n("Proxy-Info"),
    opt_n("Route-Record"),
];

/// RAA (RFC 6733 §8.3.2).
const RAA: &[RuleEntry] = &[
    fixed("Session-Id"),
    req("Result-Code"),
    req("Origin-Host"),
    req("Origin-Realm"),
    opt("User-Name"),
    opt("Origin-State-Id"),
    opt("Error-Message"),
    opt("Error-Reporting-Host"),
    opt("Failed-AVP"),
    opt_n("Redirect-Host"),
    opt("Redirect-Host-Usage"),
    opt("Redirect-Max-Cache-Time"),
    opt_n("Proxy-Info"),
];

/// ACR (RFC 6733 §9.7.1).
const ACR: &[RuleEntry] = &[
    fixed("Session-Id"),
    req("Origin-Host"),
    req("Origin-Realm"),
    req("Destination-Realm"),
    req("Accounting-Record-Type"),
    req("Accounting-Record-Number"),
    opt("Acct-Application-Id"),
    opt("Vendor-Specific-Application-Id"),
    opt("User-Name"),
    opt("Destination-Host"),
    opt("Accounting-Sub-Session-Id"),
    opt("Acct-Session-Id"),
    opt("Acct-Multi-Session-Id"),
    opt("Acct-Interim-Interval"),
    opt("Accounting-Realtime-Required"),
    opt("Origin-State-Id"),
    opt("Event-Timestamp"),
    opt_n("Proxy-Info"),
    opt_n("Route-Record"),
];

/// ACA (RFC 6733 §9.7.2).
const ACA: &[RuleEntry] = &[
    fixed("Session-Id"),
    req("Result-Code"),
    req("Origin-Host"),
    req("Origin-Realm"),
    req("Accounting-Record-Type"),
    req("Accounting-Record-Number"),
    opt("Acct-Application-Id"),
    opt("Vendor-Specific-Application-Id"),
    opt("User-Name"),
    opt("Accounting-Sub-Session-Id"),
    opt("Acct-Session-Id"),
    opt("Acct-Multi-Session-Id"),
    opt("Error-Message"),
    opt("Error-Reporting-Host"),
    opt("Failed-AVP"),
    opt("Acct-Interim-Interval"),
    opt("Accounting-Realtime-Required"),
    opt("Origin-State-Id"),
    opt("Event-Timestamp"),
    opt_n("Proxy-Info"),
];

/// ASR (RFC 6733 §8.5.1).
const ASR: &[RuleEntry] = &[
    fixed("Session-Id"),
    req("Origin-Host"),
    req("Origin-Realm"),
    req("Destination-Realm"),
    req("Destination-Host"),
    req("Auth-Application-Id"),
    opt("User-Name"),
    opt("Origin-State-Id"),
    opt_n("Proxy-Info"),
    opt_n("Route-Record"),
];

/// ASA (RFC 6733 §8.5.2).
const ASA: &[RuleEntry] = &[
    fixed("Session-Id"),
    req("Result-Code"),
    req("Origin-Host"),
    req("Origin-Realm"),
    opt("User-Name"),
    opt("Origin-State-Id"),
    opt("Error-Message"),
    opt("Error-Reporting-Host"),
    opt("Failed-AVP"),
    opt_n("Redirect-Host"),
    opt("Redirect-Host-Usage"),
    opt("Redirect-Max-Cache-Time"),
    opt_n("Proxy-Info"),
];

/// STR (RFC 6733 §8.4.1).
const STR: &[RuleEntry] = &[
    fixed("Session-Id"),
    req("Origin-Host"),
    req("Origin-Realm"),
    req("Destination-Realm"),
    req("Auth-Application-Id"),
    req("Termination-Cause"),
    opt("User-Name"),
    opt("Destination-Host"),
    opt_n("Class"),
    opt("Origin-State-Id"),
    opt_n("Proxy-Info"),
    opt_n("Route-Record"),
];

/// STA (RFC 6733 §8.4.2).
const STA: &[RuleEntry] = &[
    fixed("Session-Id"),
    req("Result-Code"),
    req("Origin-Host"),
    req("Origin-Realm"),
    opt("User-Name"),
    opt_n("Class"),
    opt("Error-Message"),
    opt("Error-Reporting-Host"),
    opt("Failed-AVP"),
    opt("Origin-State-Id"),
    opt_n("Redirect-Host"),
    opt("Redirect-Host-Usage"),
    opt("Redirect-Max-Cache-Time"),
    opt_n("Proxy-Info"),
];

/// DWR (RFC 6733 §5.5.1).
const DWR: &[RuleEntry] = &[
    req("Origin-Host"),
    req("Origin-Realm"),
    opt("Origin-State-Id"),
];

/// DWA (RFC 6733 §5.5.2).
const DWA: &[RuleEntry] = &[
    req("Result-Code"),
    req("Origin-Host"),
    req("Origin-Realm"),
    opt("Error-Message"),
    opt("Failed-AVP"),
    opt("Origin-State-Id"),
];

/// DPR (RFC 6733 §5.4.1).
const DPR: &[RuleEntry] = &[
    req("Origin-Host"),
    req("Origin-Realm"),
    req("Disconnect-Cause"),
];

/// DPA (RFC 6733 §5.4.2).
const DPA: &[RuleEntry] = &[
    req("Result-Code"),
    req("Origin-Host"),
    req("Origin-Realm"),
    opt("Error-Message"),
    opt("Failed-AVP"),
];

/// The base commands, sorted by code. Every CCF of RFC 6733 ends with
/// `* [ AVP ]`.
///
/// RAR, STR and ASR carry the Application-Id of the application whose
/// session they concern (RFC 6733 §8.3, §8.4, §8.5); the table records 0.
/// ACR/ACA record base accounting (3), though accounting applications
/// (RFC 6733 §9.3) send them with their own Application-Id.
pub const COMMANDS: &[CommandEntry] = &[
    CommandEntry {
        name: "Capabilities-Exchange",
        request_abbrev: "CER",
        answer_abbrev: "CEA",
        code: 257,
        application: COMMON_MESSAGE,
        proxiable: false,
        request: CER,
        request_extensible: true,
        answer: CEA,
        answer_extensible: true,
    },
    CommandEntry {
        name: "Re-Auth",
        request_abbrev: "RAR",
        answer_abbrev: "RAA",
        code: 258,
        application: COMMON_MESSAGE,
        proxiable: true,
        request: RAR,
        request_extensible: true,
        answer: RAA,
        answer_extensible: true,
    },
    CommandEntry {
        name: "Accounting",
        request_abbrev: "ACR",
        answer_abbrev: "ACA",
        code: 271,
        application: BASE_ACCOUNTING,
        proxiable: true,
        request: ACR,
        request_extensible: true,
        answer: ACA,
        answer_extensible: true,
    },
    CommandEntry {
        name: "Abort-Session",
        request_abbrev: "ASR",
        answer_abbrev: "ASA",
        code: 274,
        application: COMMON_MESSAGE,
        proxiable: true,
        request: ASR,
        request_extensible: true,
        answer: ASA,
        answer_extensible: true,
    },
    CommandEntry {
        name: "Session-Termination",
        request_abbrev: "STR",
        answer_abbrev: "STA",
        code: 275,
        application: COMMON_MESSAGE,
        proxiable: true,
        request: STR,
        request_extensible: true,
        answer: STA,
        answer_extensible: true,
    },
    CommandEntry {
        name: "Device-Watchdog",
        request_abbrev: "DWR",
        answer_abbrev: "DWA",
        code: 280,
        application: COMMON_MESSAGE,
        proxiable: false,
        request: DWR,
        request_extensible: true,
        answer: DWA,
        answer_extensible: true,
    },
    CommandEntry {
        name: "Disconnect-Peer",
        request_abbrev: "DPR",
        answer_abbrev: "DPA",
        code: 282,
        application: COMMON_MESSAGE,
        proxiable: false,
        request: DPR,
        request_extensible: true,
        answer: DPA,
        answer_extensible: true,
    },
];

/// The base grouped AVPs, sorted by code.
///
/// Failed-AVP is `1* {AVP}` (§7.5): any AVPs, at least one. The table shape
/// cannot name "any AVP" with a minimum, so it is recorded as an empty,
/// extensible grammar; the validator must check that it is not empty.
pub const GROUPED: &[GroupedEntry] = &[
    GroupedEntry {
        // §6.11. Exactly one of Auth-Application-Id and Acct-Application-Id
        // must be present (checked by the validator, not expressible here).
        code: 260,
        vendor: 0,
        rules: &[
            req("Vendor-Id"),
            opt("Auth-Application-Id"),
            opt("Acct-Application-Id"),
        ],
        extensible: false,
    },
    GroupedEntry {
        // §7.5
        code: 279,
        vendor: 0,
        rules: &[],
        extensible: true,
    },
    GroupedEntry {
        // §6.7.2
        code: 284,
        vendor: 0,
        rules: &[req("Proxy-Host"), req("Proxy-State")],
        extensible: true,
    },
    GroupedEntry {
        // §7.6
        code: 297,
        vendor: 0,
        rules: &[req("Vendor-Id"), req("Experimental-Result-Code")],
        extensible: false,
    },
];

/// The base protocol tables (RFC 6733).
pub static APPLICATION: Application = Application {
    id: COMMON_MESSAGE,
    name: "Diameter Common Messages",
    source: "RFC 6733",
    avps: AVPS,
    commands: COMMANDS,
    grouped: GROUPED,
};
