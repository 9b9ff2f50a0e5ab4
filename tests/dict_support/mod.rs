//! Small static tables for the dictionary tests (and the dict bench), in the
//! shape of `roam::diameter::dict::table`. They follow RFC 6733 §5.3.1
//! (CER), §5.5.1 (DWR), §6.11 (Vendor-Specific-Application-Id), §6.7.2
//! (Proxy-Info), §7.5 (Failed-AVP) and §4.5 (AVP flag rules), trimmed to
//! what the tests need, plus one made-up application (id 16777214, the
//! RFC 6733 experimental command code range) with a closed grammar.
#![allow(dead_code)]

use roam::diameter::dict::table::{
    Application, AvpEntry, CommandEntry, FlagRule, GroupedEntry, Position, RuleEntry, UNBOUNDED,
};
use roam::diameter::dict::Dictionary;
use roam::diameter::wire::AvpType;

use FlagRule::{Must, MustNot};
use Position::{Fixed, Optional, Required};

const fn a(name: &'static str, code: u32, ty: AvpType, m: FlagRule) -> AvpEntry {
    AvpEntry {
        name,
        code,
        vendor: 0,
        ty,
        m,
        v: MustNot,
        enums: &[],
    }
}

const fn r(code: u32, position: Position, min: u16, max: u16) -> RuleEntry {
    RuleEntry {
        code,
        vendor: 0,
        position,
        min,
        max,
    }
}

/// Vendor 10415 AVP used to test vendor lookups: 3GPP RAT-Type (TS 29.212).
pub const RAT_TYPE: AvpEntry = AvpEntry {
    name: "RAT-Type",
    code: 1032,
    vendor: 10415,
    ty: AvpType::Enumerated,
    m: MustNot,
    v: Must,
    enums: &[(0, "WLAN"), (1000, "UTRAN"), (1004, "EUTRAN")],
};

pub static BASE_AVPS: [AvpEntry; 28] = [
    a("Host-IP-Address", 257, AvpType::Address, Must),
    a("Auth-Application-Id", 258, AvpType::Unsigned32, Must),
    a("Acct-Application-Id", 259, AvpType::Unsigned32, Must),
    a(
        "Vendor-Specific-Application-Id",
        260,
        AvpType::Grouped,
        Must,
    ),
    a("Session-Id", 263, AvpType::UTF8String, Must),
    a("Origin-Host", 264, AvpType::DiameterIdentity, Must),
    a("Supported-Vendor-Id", 265, AvpType::Unsigned32, Must),
    a("Vendor-Id", 266, AvpType::Unsigned32, Must),
    a("Firmware-Revision", 267, AvpType::Unsigned32, MustNot),
    a("Result-Code", 268, AvpType::Unsigned32, Must),
    a("Product-Name", 269, AvpType::UTF8String, MustNot),
    AvpEntry {
        enums: &[
            (0, "REBOOTING"),
            (1, "BUSY"),
            (2, "DO_NOT_WANT_TO_TALK_TO_YOU"),
        ],
        ..a("Disconnect-Cause", 273, AvpType::Enumerated, Must)
    },
    a("Origin-State-Id", 278, AvpType::Unsigned32, Must),
    a("Failed-AVP", 279, AvpType::Grouped, Must),
    a("Proxy-Host", 280, AvpType::DiameterIdentity, Must),
    a("Error-Message", 281, AvpType::UTF8String, MustNot),
    a("Route-Record", 282, AvpType::DiameterIdentity, Must),
    a("Destination-Realm", 283, AvpType::DiameterIdentity, Must),
    a("Proxy-Info", 284, AvpType::Grouped, Must),
    a("Redirect-Host", 292, AvpType::DiameterURI, Must),
    a("Destination-Host", 293, AvpType::DiameterIdentity, Must),
    a(
        "Error-Reporting-Host",
        294,
        AvpType::DiameterIdentity,
        MustNot,
    ),
    a("Termination-Cause", 295, AvpType::Enumerated, Must),
    a("Origin-Realm", 296, AvpType::DiameterIdentity, Must),
    a("Experimental-Result", 297, AvpType::Grouped, Must),
    a("Inband-Security-Id", 299, AvpType::Unsigned32, Must),
    a("Proxy-State", 33, AvpType::OctetString, Must),
    RAT_TYPE,
];

/// RFC 6733 §5.3.1.
pub static CER_RULES: [RuleEntry; 12] = [
    r(264, Required, 1, 1),
    r(296, Required, 1, 1),
    r(257, Required, 1, UNBOUNDED),
    r(266, Required, 1, 1),
    r(269, Required, 1, 1),
    r(278, Optional, 0, 1),
    r(265, Optional, 0, UNBOUNDED),
    r(258, Optional, 0, UNBOUNDED),
    r(299, Optional, 0, UNBOUNDED),
    r(259, Optional, 0, UNBOUNDED),
    r(260, Optional, 0, UNBOUNDED),
    r(267, Optional, 0, 1),
];

/// RFC 6733 §5.3.2 (trimmed).
pub static CEA_RULES: [RuleEntry; 8] = [
    r(268, Required, 1, 1),
    r(264, Required, 1, 1),
    r(296, Required, 1, 1),
    r(257, Required, 1, UNBOUNDED),
    r(266, Required, 1, 1),
    r(269, Required, 1, 1),
    r(281, Optional, 0, 1),
    r(279, Optional, 0, 1),
];

/// RFC 6733 §5.5.1 / §5.5.2.
pub static DWR_RULES: [RuleEntry; 3] = [
    r(264, Required, 1, 1),
    r(296, Required, 1, 1),
    r(278, Optional, 0, 1),
];
pub static DWA_RULES: [RuleEntry; 6] = [
    r(268, Required, 1, 1),
    r(264, Required, 1, 1),
    r(296, Required, 1, 1),
    r(281, Optional, 0, 1),
    r(279, Optional, 0, 1),
    r(278, Optional, 0, 1),
];

/// RFC 6733 §8.4.1 STR, trimmed: `< Session-Id >` first.
pub static STR_RULES: [RuleEntry; 6] = [
    r(263, Fixed, 1, 1),
    r(264, Required, 1, 1),
    r(296, Required, 1, 1),
    r(283, Required, 1, 1),
    r(258, Required, 1, 1),
    r(295, Required, 1, 1),
];

pub static BASE_COMMANDS: [CommandEntry; 3] = [
    CommandEntry {
        name: "Capabilities-Exchange",
        request_abbrev: "CER",
        answer_abbrev: "CEA",
        code: 257,
        application: 0,
        proxiable: false,
        request: &CER_RULES,
        request_extensible: true,
        answer: &CEA_RULES,
        answer_extensible: true,
    },
    CommandEntry {
        name: "Session-Termination",
        request_abbrev: "STR",
        answer_abbrev: "STA",
        code: 275,
        application: 0,
        proxiable: true,
        request: &STR_RULES,
        request_extensible: true,
        answer: &DWA_RULES,
        answer_extensible: true,
    },
    CommandEntry {
        name: "Device-Watchdog",
        request_abbrev: "DWR",
        answer_abbrev: "DWA",
        code: 280,
        application: 0,
        proxiable: false,
        request: &DWR_RULES,
        request_extensible: true,
        answer: &DWA_RULES,
        answer_extensible: true,
    },
];

/// RFC 6733 §6.11 (closed: no `* [ AVP ]`).
pub static VSAI_RULES: [RuleEntry; 3] = [
    r(266, Required, 1, 1),
    r(258, Optional, 0, 1),
    r(259, Optional, 0, 1),
];
/// RFC 6733 §6.7.2.
pub static PROXY_INFO_RULES: [RuleEntry; 2] = [r(280, Required, 1, 1), r(33, Required, 1, 1)];

pub static BASE_GROUPED: [GroupedEntry; 2] = [
    GroupedEntry {
        code: 260,
        vendor: 0,
        rules: &VSAI_RULES,
        extensible: false,
    },
    GroupedEntry {
        code: 284,
        vendor: 0,
        rules: &PROXY_INFO_RULES,
        extensible: true,
    },
];

pub static BASE: Application = Application {
    id: 0,
    name: "Diameter Common Messages",
    source: "RFC 6733 (test subset)",
    avps: &SORTED_BASE_AVPS,
    commands: &BASE_COMMANDS,
    grouped: &BASE_GROUPED,
};

/// `BASE_AVPS` sorted by (vendor, code), as the table contract requires.
pub static SORTED_BASE_AVPS: [AvpEntry; 28] = sort_avps(BASE_AVPS);

const fn sort_avps<const N: usize>(mut v: [AvpEntry; N]) -> [AvpEntry; N] {
    let mut i = 1;
    while i < N {
        let mut j = i;
        while j > 0
            && (v[j - 1].vendor > v[j].vendor
                || (v[j - 1].vendor == v[j].vendor && v[j - 1].code > v[j].code))
        {
            let t = v[j - 1];
            v[j - 1] = v[j];
            v[j] = t;
            j -= 1;
        }
        i += 1;
    }
    v
}

/// A closed grammar: `< Session-Id > { Origin-Host } { Origin-Realm }
/// { Destination-Realm } 0 [ Error-Message ]` (no `* [ AVP ]`).
pub static CLOSED_RULES: [RuleEntry; 5] = [
    r(263, Fixed, 1, 1),
    r(264, Required, 1, 1),
    r(296, Required, 1, 1),
    r(283, Required, 1, 1),
    r(281, Optional, 0, 0),
];

pub static TEST_COMMANDS: [CommandEntry; 1] = [CommandEntry {
    name: "Test-Closed",
    request_abbrev: "TCR",
    answer_abbrev: "TCA",
    code: 16777214,
    application: 16777214,
    proxiable: true,
    request: &CLOSED_RULES,
    request_extensible: false,
    answer: &DWA_RULES,
    answer_extensible: true,
}];

pub static TEST_APP: Application = Application {
    id: 16777214,
    name: "Test closed grammar",
    source: "roam tests",
    avps: &[],
    commands: &TEST_COMMANDS,
    grouped: &[],
};

pub static TABLES: [&Application; 2] = [&BASE, &TEST_APP];

/// The dictionary every dict test uses.
pub static DICT: Dictionary = Dictionary::from_static(&TABLES);

/// Appends AVP bytes to a message and fixes the Message Length.
pub fn with_avps(msg: &[u8], avps: &[u8]) -> Vec<u8> {
    let mut v = msg.to_vec();
    v.extend_from_slice(avps);
    set_len(&mut v);
    v
}

/// Writes the buffer length into the Message Length field.
pub fn set_len(v: &mut [u8]) {
    let len = v.len() as u32;
    v[1..4].copy_from_slice(&len.to_be_bytes()[1..]);
}

/// One AVP (no Vendor-ID unless `vendor` is given), padded.
pub fn avp(code: u32, flags: u8, vendor: Option<u32>, data: &[u8]) -> Vec<u8> {
    let mut v = code.to_be_bytes().to_vec();
    let hlen = if vendor.is_some() { 12 } else { 8 };
    let len = (hlen + data.len()) as u32;
    v.push(flags);
    v.extend_from_slice(&len.to_be_bytes()[1..]);
    if let Some(id) = vendor {
        v.extend_from_slice(&id.to_be_bytes());
    }
    v.extend_from_slice(data);
    while !v.len().is_multiple_of(4) {
        v.push(0);
    }
    v
}

/// A valid CER (RFC 6733 §5.3.1), 96 bytes.
#[rustfmt::skip]
pub const CER: [u8; 96] = [
    0x01, 0x00, 0x00, 0x60, // version 1, Message Length 96
    0x80, 0x00, 0x01, 0x01, // flags R, Command Code 257 (Capabilities-Exchange)
    0x00, 0x00, 0x00, 0x00, // Application-Id 0
    0x11, 0x22, 0x33, 0x44, // Hop-by-Hop
    0x55, 0x66, 0x77, 0x88, // End-to-End
    // @20 Origin-Host (264), M, length 17, "h.example" + 3 pad
    0x00, 0x00, 0x01, 0x08, 0x40, 0x00, 0x00, 0x11,
    b'h', b'.', b'e', b'x', b'a', b'm', b'p', b'l', b'e', 0x00, 0x00, 0x00,
    // @40 Origin-Realm (296), M, length 15, "example" + 1 pad
    0x00, 0x00, 0x01, 0x28, 0x40, 0x00, 0x00, 0x0f,
    b'e', b'x', b'a', b'm', b'p', b'l', b'e', 0x00,
    // @56 Host-IP-Address (257), M, length 14, family 1 (IPv4) 192.0.2.1 + 2 pad
    0x00, 0x00, 0x01, 0x01, 0x40, 0x00, 0x00, 0x0e,
    0x00, 0x01, 0xc0, 0x00, 0x02, 0x01, 0x00, 0x00,
    // @72 Vendor-Id (266), M, length 12, 0
    0x00, 0x00, 0x01, 0x0a, 0x40, 0x00, 0x00, 0x0c, 0x00, 0x00, 0x00, 0x00,
    // @84 Product-Name (269), no flags, length 12, "roam"
    0x00, 0x00, 0x01, 0x0d, 0x00, 0x00, 0x00, 0x0c, b'r', b'o', b'a', b'm',
];

/// A valid STR-like request (trimmed RFC 6733 §8.4.1 grammar), P set.
#[rustfmt::skip]
pub const STR: [u8; 112] = [
    0x01, 0x00, 0x00, 0x70, // version 1, Message Length 112
    0xc0, 0x00, 0x01, 0x13, // flags R P, Command Code 275 (Session-Termination)
    0x00, 0x00, 0x00, 0x00, // Application-Id 0
    0x00, 0x00, 0x00, 0x07, // Hop-by-Hop
    0x00, 0x00, 0x00, 0x08, // End-to-End
    // @20 Session-Id (263), M, length 13, "h;1;2" ... "h.e;1" + 3 pad
    0x00, 0x00, 0x01, 0x07, 0x40, 0x00, 0x00, 0x0d,
    b'h', b'.', b'e', b';', b'1', 0x00, 0x00, 0x00,
    // @36 Origin-Host (264), M, length 17, "h.example" + 3 pad
    0x00, 0x00, 0x01, 0x08, 0x40, 0x00, 0x00, 0x11,
    b'h', b'.', b'e', b'x', b'a', b'm', b'p', b'l', b'e', 0x00, 0x00, 0x00,
    // @56 Origin-Realm (296), M, length 15, "example" + 1 pad
    0x00, 0x00, 0x01, 0x28, 0x40, 0x00, 0x00, 0x0f,
    b'e', b'x', b'a', b'm', b'p', b'l', b'e', 0x00,
    // @72 Destination-Realm (283), M, length 15, "example" + 1 pad
    0x00, 0x00, 0x01, 0x1b, 0x40, 0x00, 0x00, 0x0f,
    b'e', b'x', b'a', b'm', b'p', b'l', b'e', 0x00,
    // @88 Auth-Application-Id (258), M, length 12, 1
    0x00, 0x00, 0x01, 0x02, 0x40, 0x00, 0x00, 0x0c, 0x00, 0x00, 0x00, 0x01,
    // @100 Termination-Cause (295), M, length 12, 1 (DIAMETER_LOGOUT)
    0x00, 0x00, 0x01, 0x27, 0x40, 0x00, 0x00, 0x0c, 0x00, 0x00, 0x00, 0x01,
];
