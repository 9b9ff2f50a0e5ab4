//! The Diameter Credit-Control application (RFC 4006), Application-Id 4
//! (RFC 4006 §1.3, §12.1).
//!
//! * AVPs: the table of RFC 4006 §8 (411–461). V is MUST NOT for all; M is
//!   MUST except for CC-Correlation-Id, Service-Parameter-Info/-Type/-Value
//!   and User-Equipment-Info/-Type/-Value, where it is MAY.
//! * Enumerated values: §8.3, §8.4, §8.6, §8.13–8.15, §8.27, §8.32, §8.35,
//!   §8.38, §8.40, §8.41, §8.47, §8.50.
//! * Commands: CCR/CCA (272), §3.1–3.2.
//! * Grouped: Cost-Information §8.7, Unit-Value §8.8,
//!   Multiple-Services-Credit-Control §8.16, Granted-Service-Unit §8.17,
//!   Requested-Service-Unit §8.18, Used-Service-Unit §8.19, CC-Money §8.22,
//!   G-S-U-Pool-Reference §8.30, Final-Unit-Indication §8.34,
//!   Redirect-Server §8.37, Service-Parameter-Info §8.43, Subscription-Id
//!   §8.46, User-Equipment-Info §8.49.
//!
//! Final-Unit-Indication refers to Filter-Id (RADIUS attribute 11), defined
//! in [`super::nasreq`].

use super::super::table::{Application, AvpEntry, CommandEntry, GroupedEntry, RuleEntry};
use super::{avp, enumerated, grammar_shorthands, MAY, MUST, MUSTNOT};
use crate::diameter::wire::AvpType::{
    Grouped, IPFilterRule, Integer32, Integer64, OctetString, Time, UTF8String, Unsigned32,
    Unsigned64,
};

/// Application-Id of Diameter Credit-Control (RFC 4006 §12.1).
pub const APPLICATION_ID: u32 = 4;

/// CC-Request-Type values (RFC 4006 §8.3).
const CC_REQUEST_TYPE: &[(i32, &str)] = &[
    (1, "INITIAL_REQUEST"),
    (2, "UPDATE_REQUEST"),
    (3, "TERMINATION_REQUEST"),
    (4, "EVENT_REQUEST"),
];

/// CC-Session-Failover values (RFC 4006 §8.4).
const CC_SESSION_FAILOVER: &[(i32, &str)] =
    &[(0, "FAILOVER_NOT_SUPPORTED"), (1, "FAILOVER_SUPPORTED")];

/// Check-Balance-Result values (RFC 4006 §8.6).
const CHECK_BALANCE_RESULT: &[(i32, &str)] = &[(0, "ENOUGH_CREDIT"), (1, "NO_CREDIT")];

/// Credit-Control values (RFC 4006 §8.13).
const CREDIT_CONTROL: &[(i32, &str)] = &[(0, "CREDIT_AUTHORIZATION"), (1, "RE_AUTHORIZATION")];

/// Credit-Control-Failure-Handling values (RFC 4006 §8.14).
const CREDIT_CONTROL_FAILURE_HANDLING: &[(i32, &str)] = &[
    (0, "TERMINATE"),
    (1, "CONTINUE"),
    (2, "RETRY_AND_TERMINATE"),
];

/// Direct-Debiting-Failure-Handling values (RFC 4006 §8.15).
const DIRECT_DEBITING_FAILURE_HANDLING: &[(i32, &str)] =
    &[(0, "TERMINATE_OR_BUFFER"), (1, "CONTINUE")];

/// Tariff-Change-Usage values (RFC 4006 §8.27).
const TARIFF_CHANGE_USAGE: &[(i32, &str)] = &[
    (0, "UNIT_BEFORE_TARIFF_CHANGE"),
    (1, "UNIT_AFTER_TARIFF_CHANGE"),
    (2, "UNIT_INDETERMINATE"),
];

/// CC-Unit-Type values (RFC 4006 §8.32).
const CC_UNIT_TYPE: &[(i32, &str)] = &[
    (0, "TIME"),
    (1, "MONEY"),
    (2, "TOTAL-OCTETS"),
    (3, "INPUT-OCTETS"),
    (4, "OUTPUT-OCTETS"),
    (5, "SERVICE-SPECIFIC-UNITS"),
];

/// Final-Unit-Action values (RFC 4006 §8.35).
const FINAL_UNIT_ACTION: &[(i32, &str)] =
    &[(0, "TERMINATE"), (1, "REDIRECT"), (2, "RESTRICT_ACCESS")];

/// Redirect-Address-Type values (RFC 4006 §8.38).
const REDIRECT_ADDRESS_TYPE: &[(i32, &str)] = &[
    (0, "IPv4 Address"),
    (1, "IPv6 Address"),
    (2, "URL"),
    (3, "SIP URI"),
];

/// Multiple-Services-Indicator values (RFC 4006 §8.40).
const MULTIPLE_SERVICES_INDICATOR: &[(i32, &str)] = &[
    (0, "MULTIPLE_SERVICES_NOT_SUPPORTED"),
    (1, "MULTIPLE_SERVICES_SUPPORTED"),
];

/// Requested-Action values (RFC 4006 §8.41).
const REQUESTED_ACTION: &[(i32, &str)] = &[
    (0, "DIRECT_DEBITING"),
    (1, "REFUND_ACCOUNT"),
    (2, "CHECK_BALANCE"),
    (3, "PRICE_ENQUIRY"),
];

/// Subscription-Id-Type values (RFC 4006 §8.47).
const SUBSCRIPTION_ID_TYPE: &[(i32, &str)] = &[
    (0, "END_USER_E164"),
    (1, "END_USER_IMSI"),
    (2, "END_USER_SIP_URI"),
    (3, "END_USER_NAI"),
    (4, "END_USER_PRIVATE"),
];

/// User-Equipment-Info-Type values (RFC 4006 §8.50).
const USER_EQUIPMENT_INFO_TYPE: &[(i32, &str)] = &[
    (0, "IMEISV"),
    (1, "MAC"),
    (2, "EUI64"),
    (3, "MODIFIED_EUI64"),
];

/// The AVPs of RFC 4006 §8, sorted by code.
pub const AVPS: &[AvpEntry] = &[
    avp("CC-Correlation-Id", 411, OctetString, MAY, MUSTNOT), // §8.1
    avp("CC-Input-Octets", 412, Unsigned64, MUST, MUSTNOT),   // §8.24
    avp("CC-Money", 413, Grouped, MUST, MUSTNOT),             // §8.22
    avp("CC-Output-Octets", 414, Unsigned64, MUST, MUSTNOT),  // §8.25
    avp("CC-Request-Number", 415, Unsigned32, MUST, MUSTNOT), // §8.2
    enumerated("CC-Request-Type", 416, MUST, MUSTNOT, CC_REQUEST_TYPE), // §8.3
    avp("CC-Service-Specific-Units", 417, Unsigned64, MUST, MUSTNOT), // §8.26
    enumerated(
        "CC-Session-Failover",
        418,
        MUST,
        MUSTNOT,
        CC_SESSION_FAILOVER,
    ), // §8.4
    avp("CC-Sub-Session-Id", 419, Unsigned64, MUST, MUSTNOT), // §8.5
    avp("CC-Time", 420, Unsigned32, MUST, MUSTNOT),           // §8.21
    avp("CC-Total-Octets", 421, Unsigned64, MUST, MUSTNOT),   // §8.23
    enumerated(
        "Check-Balance-Result",
        422,
        MUST,
        MUSTNOT,
        CHECK_BALANCE_RESULT,
    ), // §8.6
    avp("Cost-Information", 423, Grouped, MUST, MUSTNOT),     // §8.7
    avp("Cost-Unit", 424, UTF8String, MUST, MUSTNOT),         // §8.12
    avp("Currency-Code", 425, Unsigned32, MUST, MUSTNOT),     // §8.11
    enumerated("Credit-Control", 426, MUST, MUSTNOT, CREDIT_CONTROL), // §8.13
    enumerated(
        "Credit-Control-Failure-Handling",
        427,
        MUST,
        MUSTNOT,
        CREDIT_CONTROL_FAILURE_HANDLING,
    ), // §8.14
    enumerated(
        "Direct-Debiting-Failure-Handling",
        428,
        MUST,
        MUSTNOT,
        DIRECT_DEBITING_FAILURE_HANDLING,
    ), // §8.15
    avp("Exponent", 429, Integer32, MUST, MUSTNOT),           // §8.9
    avp("Final-Unit-Indication", 430, Grouped, MUST, MUSTNOT), // §8.34
    avp("Granted-Service-Unit", 431, Grouped, MUST, MUSTNOT), // §8.17
    avp("Rating-Group", 432, Unsigned32, MUST, MUSTNOT),      // §8.29
    enumerated(
        "Redirect-Address-Type",
        433,
        MUST,
        MUSTNOT,
        REDIRECT_ADDRESS_TYPE,
    ), // §8.38
    avp("Redirect-Server", 434, Grouped, MUST, MUSTNOT),      // §8.37
    avp("Redirect-Server-Address", 435, UTF8String, MUST, MUSTNOT), // §8.39
    enumerated("Requested-Action", 436, MUST, MUSTNOT, REQUESTED_ACTION), // §8.41
    avp("Requested-Service-Unit", 437, Grouped, MUST, MUSTNOT), // §8.18
    avp("Restriction-Filter-Rule", 438, IPFilterRule, MUST, MUSTNOT), // §8.36
    avp("Service-Identifier", 439, Unsigned32, MUST, MUSTNOT), // §8.28
    avp("Service-Parameter-Info", 440, Grouped, MAY, MUSTNOT), // §8.43
    avp("Service-Parameter-Type", 441, Unsigned32, MAY, MUSTNOT), // §8.44
    avp("Service-Parameter-Value", 442, OctetString, MAY, MUSTNOT), // §8.45
    avp("Subscription-Id", 443, Grouped, MUST, MUSTNOT),      // §8.46
    avp("Subscription-Id-Data", 444, UTF8String, MUST, MUSTNOT), // §8.48
    avp("Unit-Value", 445, Grouped, MUST, MUSTNOT),           // §8.8
    avp("Used-Service-Unit", 446, Grouped, MUST, MUSTNOT),    // §8.19
    avp("Value-Digits", 447, Integer64, MUST, MUSTNOT),       // §8.10
    avp("Validity-Time", 448, Unsigned32, MUST, MUSTNOT),     // §8.33
    enumerated("Final-Unit-Action", 449, MUST, MUSTNOT, FINAL_UNIT_ACTION), // §8.35
    enumerated(
        "Subscription-Id-Type",
        450,
        MUST,
        MUSTNOT,
        SUBSCRIPTION_ID_TYPE,
    ), // §8.47
    avp("Tariff-Time-Change", 451, Time, MUST, MUSTNOT),      // §8.20
    enumerated(
        "Tariff-Change-Usage",
        452,
        MUST,
        MUSTNOT,
        TARIFF_CHANGE_USAGE,
    ), // §8.27
    avp("G-S-U-Pool-Identifier", 453, Unsigned32, MUST, MUSTNOT), // §8.31
    enumerated("CC-Unit-Type", 454, MUST, MUSTNOT, CC_UNIT_TYPE), // §8.32
    enumerated(
        "Multiple-Services-Indicator",
        455,
        MUST,
        MUSTNOT,
        MULTIPLE_SERVICES_INDICATOR,
    ), // §8.40
    avp(
        "Multiple-Services-Credit-Control",
        456,
        Grouped,
        MUST,
        MUSTNOT,
    ), // §8.16
    avp("G-S-U-Pool-Reference", 457, Grouped, MUST, MUSTNOT), // §8.30
    avp("User-Equipment-Info", 458, Grouped, MAY, MUSTNOT),   // §8.49
    enumerated(
        "User-Equipment-Info-Type",
        459,
        MAY,
        MUSTNOT,
        USER_EQUIPMENT_INFO_TYPE,
    ), // §8.50
    avp("User-Equipment-Info-Value", 460, OctetString, MAY, MUSTNOT), // §8.51
    avp("Service-Context-Id", 461, UTF8String, MUST, MUSTNOT), // §8.42
];

grammar_shorthands!(&[AVPS, super::base::AVPS, super::nasreq::AVPS]);

/// CCR (RFC 4006 §3.1).
const CCR: &[RuleEntry] = &[
    fixed("Session-Id"),
    req("Origin-Host"),
    req("Origin-Realm"),
    req("Destination-Realm"),
    req("Auth-Application-Id"),
    req("Service-Context-Id"),
    req("CC-Request-Type"),
    req("CC-Request-Number"),
    opt("Destination-Host"),
    opt("User-Name"),
    opt("CC-Sub-Session-Id"),
    opt("Acct-Multi-Session-Id"),
    opt("Origin-State-Id"),
    opt("Event-Timestamp"),
    opt_n("Subscription-Id"),
    opt("Service-Identifier"),
    opt("Termination-Cause"),
    opt("Requested-Service-Unit"),
    opt("Requested-Action"),
    opt_n("Used-Service-Unit"),
    opt("Multiple-Services-Indicator"),
    opt_n("Multiple-Services-Credit-Control"),
    opt_n("Service-Parameter-Info"),
    opt("CC-Correlation-Id"),
    opt("User-Equipment-Info"),
    opt_n("Proxy-Info"),
    opt_n("Route-Record"),
];

/// CCA (RFC 4006 §3.2).
const CCA: &[RuleEntry] = &[
    fixed("Session-Id"),
    req("Result-Code"),
    req("Origin-Host"),
    req("Origin-Realm"),
    req("Auth-Application-Id"),
    req("CC-Request-Type"),
    req("CC-Request-Number"),
    opt("User-Name"),
    opt("CC-Session-Failover"),
    opt("CC-Sub-Session-Id"),
    opt("Acct-Multi-Session-Id"),
    opt("Origin-State-Id"),
    opt("Event-Timestamp"),
    opt("Granted-Service-Unit"),
    opt_n("Multiple-Services-Credit-Control"),
    opt("Cost-Information"),
    opt("Final-Unit-Indication"),
    opt("Check-Balance-Result"),
    opt("Credit-Control-Failure-Handling"),
    opt("Direct-Debiting-Failure-Handling"),
    opt("Validity-Time"),
    opt_n("Redirect-Host"),
    opt("Redirect-Host-Usage"),
    opt("Redirect-Max-Cache-Time"),
    opt_n("Proxy-Info"),
    opt_n("Route-Record"),
    opt_n("Failed-AVP"),
];

/// The Credit-Control command (RFC 4006 §3): proxiable, both grammars end
/// with `* [ AVP ]`.
pub const COMMANDS: &[CommandEntry] = &[CommandEntry {
    name: "Credit-Control",
    request_abbrev: "CCR",
    answer_abbrev: "CCA",
    code: 272,
    application: APPLICATION_ID,
    proxiable: true,
    request: CCR,
    request_extensible: true,
    answer: CCA,
    answer_extensible: true,
}];

/// The Credit-Control grouped AVPs, sorted by code. Only
/// Multiple-Services-Credit-Control and the three *-Service-Unit AVPs end
/// with `* [ AVP ]`.
pub const GROUPED: &[GroupedEntry] = &[
    GroupedEntry {
        // CC-Money, §8.22
        code: 413,
        vendor: 0,
        rules: &[req("Unit-Value"), opt("Currency-Code")],
        extensible: false,
    },
    GroupedEntry {
        // Cost-Information, §8.7
        code: 423,
        vendor: 0,
        rules: &[req("Unit-Value"), req("Currency-Code"), opt("Cost-Unit")],
        extensible: false,
    },
    GroupedEntry {
        // Final-Unit-Indication, §8.34
        code: 430,
        vendor: 0,
        rules: &[
            req("Final-Unit-Action"),
            opt_n("Restriction-Filter-Rule"),
            opt_n("Filter-Id"),
            opt("Redirect-Server"),
        ],
        extensible: false,
    },
    GroupedEntry {
        // Granted-Service-Unit, §8.17
        code: 431,
        vendor: 0,
        rules: &[
            opt("Tariff-Time-Change"),
            opt("CC-Time"),
            opt("CC-Money"),
            opt("CC-Total-Octets"),
            opt("CC-Input-Octets"),
            opt("CC-Output-Octets"),
            opt("CC-Service-Specific-Units"),
        ],
        extensible: true,
    },
    GroupedEntry {
        // Redirect-Server, §8.37
        code: 434,
        vendor: 0,
        rules: &[req("Redirect-Address-Type"), req("Redirect-Server-Address")],
        extensible: false,
    },
    GroupedEntry {
        // Requested-Service-Unit, §8.18
        code: 437,
        vendor: 0,
        rules: &[
            opt("CC-Time"),
            opt("CC-Money"),
            opt("CC-Total-Octets"),
            opt("CC-Input-Octets"),
            opt("CC-Output-Octets"),
            opt("CC-Service-Specific-Units"),
        ],
        extensible: true,
    },
    GroupedEntry {
        // Service-Parameter-Info, §8.43
        code: 440,
        vendor: 0,
        rules: &[
            req("Service-Parameter-Type"),
            req("Service-Parameter-Value"),
        ],
        extensible: false,
    },
    GroupedEntry {
        // Subscription-Id, §8.46
        code: 443,
        vendor: 0,
        rules: &[req("Subscription-Id-Type"), req("Subscription-Id-Data")],
        extensible: false,
    },
    GroupedEntry {
        // Unit-Value, §8.8
        code: 445,
        vendor: 0,
        rules: &[req("Value-Digits"), opt("Exponent")],
        extensible: false,
    },
    GroupedEntry {
        // Used-Service-Unit, §8.19
        code: 446,
        vendor: 0,
        rules: &[
            opt("Tariff-Change-Usage"),
            opt("CC-Time"),
            opt("CC-Money"),
            opt("CC-Total-Octets"),
            opt("CC-Input-Octets"),
            opt("CC-Output-Octets"),
            opt("CC-Service-Specific-Units"),
        ],
        extensible: true,
    },
    GroupedEntry {
        // Multiple-Services-Credit-Control, §8.16
        code: 456,
        vendor: 0,
        rules: &[
            opt("Granted-Service-Unit"),
            opt("Requested-Service-Unit"),
            opt_n("Used-Service-Unit"),
            opt("Tariff-Change-Usage"),
            opt_n("Service-Identifier"),
            opt("Rating-Group"),
            opt_n("G-S-U-Pool-Reference"),
            opt("Validity-Time"),
            opt("Result-Code"),
            opt("Final-Unit-Indication"),
        ],
        extensible: true,
    },
    GroupedEntry {
        // G-S-U-Pool-Reference, §8.30
        code: 457,
        vendor: 0,
        rules: &[
            req("G-S-U-Pool-Identifier"),
            req("CC-Unit-Type"),
            req("Unit-Value"),
        ],
        extensible: false,
    },
    GroupedEntry {
        // User-Equipment-Info, §8.49
        code: 458,
        vendor: 0,
        rules: &[
            req("User-Equipment-Info-Type"),
            req("User-Equipment-Info-Value"),
        ],
        extensible: false,
    },
];

/// The Credit-Control application tables (RFC 4006).
pub static APPLICATION: Application = Application {
    id: APPLICATION_ID,
    name: "Diameter Credit-Control",
    source: "RFC 4006",
    avps: AVPS,
    commands: COMMANDS,
    grouped: GROUPED,
};
