//! Service profile wire forms: the TLV body and its Diameter AVP and MIPv4
//! NVSE containers, the text form and IPFilterRule text.

use std::net::Ipv4Addr;
use std::str::FromStr;

use proptest::prelude::*;
use roam::diameter::wire::IpFilterRule;
use roam::policy::ipfilter::{self, Action, FilterRule, IpFilterErrorKind};
use roam::policy::profile::{
    Control, ControlTable, Direction, Edit, EncapMethod, Profile, ProfileId, Target,
};
use roam::policy::wire::{self, BodyError, ROAM_VENDOR_ID};
use roam::policy::{AddrMatch, PortRange};

/// Seed 000 Fig. 32A (`MN-FAdest`): dst = MN home address, TOS, visitor list.
fn mn_fa_dest() -> Profile {
    Profile {
        id: ProfileId {
            session_id: "mn@home.example;1;7".into(),
            number: 1,
        },
        version: 2,
        direction: Direction::Destination,
        target: Target {
            dst: Some(AddrMatch::exact(Ipv4Addr::new(10, 1, 0, 5))),
            ..Target::default()
        },
        edit: Edit {
            tos_inner: Some(0xb8),
            tos_outer: Some(0xb8),
            ..Edit::default()
        },
        control: Control {
            table: ControlTable::VISITOR_LIST,
            link: Some(7),
        },
    }
}

/// The body of `mn_fa_dest()`, laid out by hand from the module table.
const MN_FA_DEST_BODY: &[u8] = &[
    0x01, // body version 1
    0x01, 0x13, // SESSION_ID, 19 bytes
    b'm', b'n', b'@', b'h', b'o', b'm', b'e', b'.', b'e', b'x', b'a', b'm', b'p', b'l', b'e', b';',
    b'1', b';', b'7', //
    0x02, 0x04, 0x00, 0x00, 0x00, 0x01, // PROFILE_NUMBER 1
    0x03, 0x04, 0x00, 0x00, 0x00, 0x02, // VERSION 2
    0x04, 0x01, 0x02, // DIRECTION destination
    0x11, 0x08, 0x0a, 0x01, 0x00, 0x05, 0xff, 0xff, 0xff, 0xff, // DST_ADDR 10.1.0.5/32
    0x20, 0x01, 0xb8, // TOS_INNER 0xb8
    0x21, 0x01, 0xb8, // TOS_OUTER 0xb8
    0x30, 0x01, 0x04, // CONTROL visitor list
    0x31, 0x04, 0x00, 0x00, 0x00, 0x07, // LINK 7
];

#[test]
fn body_vector_deconstruct() {
    assert_eq!(wire::parse_body(MN_FA_DEST_BODY).unwrap(), mn_fa_dest());
}

#[test]
fn body_vector_construct() {
    let p = mn_fa_dest();
    assert_eq!(wire::body_len(&p), MN_FA_DEST_BODY.len());
    assert_eq!(wire::body_to_vec(&p).unwrap(), MN_FA_DEST_BODY);
    let mut small = [0u8; 10];
    assert!(matches!(
        wire::emit_body(&p, &mut small),
        Err(BodyError::Buffer(b)) if b.required == MN_FA_DEST_BODY.len()
    ));
}

#[test]
fn avp_vector() {
    let p = mn_fa_dest();
    let mut buf = [0u8; 128];
    let n = wire::emit_diameter_avp(&p, ROAM_VENDOR_ID, &mut buf).unwrap();
    let len = 12 + MN_FA_DEST_BODY.len();
    assert_eq!(n, len.div_ceil(4) * 4);
    assert_eq!(&buf[..4], &[0, 0, 0, 1]); // AVP code 1 (vendor space)
    assert_eq!(buf[4], 0x80); // flags: V only, M clear
    assert_eq!(&buf[5..8], &(len as u32).to_be_bytes()[1..]); // AVP length, excluding padding
    assert_eq!(&buf[8..12], &32473u32.to_be_bytes()); // Vendor-Id
    assert_eq!(&buf[12..len], MN_FA_DEST_BODY);
    assert!(buf[len..n].iter().all(|&b| b == 0)); // padding
    assert_eq!(
        wire::parse_diameter_avp(&buf[..n], ROAM_VENDOR_ID).unwrap(),
        p
    );
    assert_eq!(
        wire::parse_diameter_avp(&buf[..n], 9),
        Err(BodyError::NotProfile)
    );
}

#[test]
fn nvse_vector() {
    let p = mn_fa_dest();
    let mut buf = [0u8; 128];
    let n = wire::emit_nvse(&p, ROAM_VENDOR_ID, &mut buf).unwrap();
    assert_eq!(n, 10 + MN_FA_DEST_BODY.len());
    assert_eq!(buf[0], 134); // NVSE (RFC 3115)
    assert_eq!(usize::from(buf[1]), n - 2); // Length: after the Length field
    assert_eq!(&buf[2..4], &[0, 0]); // Reserved
    assert_eq!(&buf[4..8], &32473u32.to_be_bytes()); // Vendor/Org-ID
    assert_eq!(&buf[8..10], &[0, 1]); // Vendor-NVSE-Type 1
    assert_eq!(&buf[10..n], MN_FA_DEST_BODY);
    assert_eq!(wire::parse_nvse(&buf[..n], ROAM_VENDOR_ID).unwrap(), p);
}

#[test]
fn body_rejections() {
    let mut b = MN_FA_DEST_BODY.to_vec();
    b[0] = 2;
    assert_eq!(
        wire::parse_body(&b),
        Err(BodyError::BadVersion { version: 2 })
    );
    // Swap the two TOS TLVs: out of order.
    let mut b = MN_FA_DEST_BODY.to_vec();
    let at = b.iter().position(|&x| x == 0x20).unwrap();
    b[at] = 0x21;
    b[at + 3] = 0x20;
    assert!(matches!(
        wire::parse_body(&b),
        Err(BodyError::OutOfOrder { code: 0x20, .. })
    ));
    // Host bits outside the mask.
    let mut b = MN_FA_DEST_BODY.to_vec();
    let at = b.iter().position(|&x| x == 0x11).unwrap();
    b[at + 9] = 0x00; // mask 255.255.255.0 with address .5
    assert!(matches!(
        wire::parse_body(&b),
        Err(BodyError::BadValue { code: 0x11, .. })
    ));
    // Missing CONTROL.
    let cut = MN_FA_DEST_BODY.len() - 9;
    assert_eq!(
        wire::parse_body(&MN_FA_DEST_BODY[..cut]),
        Err(BodyError::Missing { code: 48 })
    );
    // Unknown type.
    let mut b = MN_FA_DEST_BODY.to_vec();
    b.extend_from_slice(&[0x40, 0x00]);
    assert!(matches!(
        wire::parse_body(&b),
        Err(BodyError::UnknownType { code: 0x40, .. })
    ));
}

#[test]
fn text_examples() {
    // The seed's example text form (§4.5).
    let p: Profile = "src=172.27.180.* dport=80 tos=0xb8 decap ctl=visitor_list"
        .parse()
        .unwrap();
    assert_eq!(p.target.src, Some(AddrMatch::new(0xAC1B_B400, 0xFFFF_FF00)));
    assert_eq!(p.target.dport, Some(PortRange::exact(80)));
    assert_eq!(p.edit.tos_inner, Some(0xb8));
    assert!(p.edit.decap);
    assert_eq!(p.control.table, ControlTable::VISITOR_LIST);
    assert_eq!(
        p.to_string(),
        "src=172.27.180.* dport=80 tos=0xb8 decap ctl=visitor_list"
    );
    let p: Profile = "src=172.*.180.1".parse().unwrap();
    assert_eq!(p.target.src, Some(AddrMatch::new(0xAC00_B401, 0xFF00_FFFF)));
    assert!("src=172.27.180".parse::<Profile>().is_err());
    assert!("colour=red".parse::<Profile>().is_err());
    assert!("tos=1 tos_in=2".parse::<Profile>().is_err());
    assert_eq!(
        mn_fa_dest().to_string(),
        "id=mn@home.example;1;7#1 ver=2 class=dst dst=10.1.0.5 tos=0xb8 ctl=visitor_list#7"
    );
}

#[test]
fn ip_filter_rule_examples() {
    let r = ipfilter::from_ip_filter_rule_text("permit in 17 from 10.0.0.0/8 1000-2000 to any")
        .unwrap();
    assert_eq!(r.action, Action::Permit);
    assert_eq!(r.direction, Direction::Source);
    assert_eq!(r.target.proto, Some(17));
    assert_eq!(
        r.target.src,
        Some(AddrMatch::prefix(Ipv4Addr::new(10, 0, 0, 0), 8))
    );
    assert_eq!(r.target.sport, PortRange::new(1000, 2000));
    assert_eq!(r.target.dst, None);
    assert_eq!(
        ipfilter::to_ip_filter_rule_text(&r).unwrap(),
        "permit in 17 from 10.0.0.0/8 1000-2000 to any"
    );
    let r = ipfilter::from_ip_filter_rule_text("deny out ip from any to 192.0.2.7 80").unwrap();
    assert_eq!(r.target.dport, Some(PortRange::exact(80)));
    assert_eq!(
        ipfilter::to_ip_filter_rule_text(&r).unwrap(),
        "deny out ip from any to 192.0.2.7 80"
    );
    for (text, kind) in [
        (
            "permit in ip from !10.0.0.0/8 to any",
            IpFilterErrorKind::Unsupported,
        ),
        (
            "permit in ip from assigned to any",
            IpFilterErrorKind::Unsupported,
        ),
        (
            "permit in 6 from any to any 80,443",
            IpFilterErrorKind::Unsupported,
        ),
        (
            "permit in 6 from any to any frag",
            IpFilterErrorKind::Unsupported,
        ),
        (
            "permit sideways ip from any to any",
            IpFilterErrorKind::Syntax,
        ),
        ("permit in ip from any", IpFilterErrorKind::Syntax),
        (
            "permit in ip from 2001:db8::/32 to any",
            IpFilterErrorKind::Unsupported,
        ),
        (
            "permit in 6 from any 1,2,3,4,5,6,7,8,9 to any",
            IpFilterErrorKind::Unsupported,
        ),
        // RFC 6733 §4.3.1: no bits set beyond the mask.
        (
            "permit in ip from 10.0.0.1/8 to any",
            IpFilterErrorKind::Syntax,
        ),
        (
            "permit in ip from any to any bogus",
            IpFilterErrorKind::Syntax,
        ),
    ] {
        assert_eq!(
            ipfilter::from_ip_filter_rule_text(text).map_err(|e| e.kind),
            Err(kind),
            "{text}"
        );
    }
    // Token positions of the errors (0 = action).
    for (text, token) in [
        ("allow in ip from any to any", 0),
        ("permit in 256 from any to any", 2),
        ("permit in ip from any", 5),
        ("permit in ip from any 80-70 to any", 5),
        ("permit in ip from any to  any\tbogus", 7),
        ("permit in ip from any to any tcpflags syn icmptypes", 9),
        ("permit in ip from !10.0.0.0/8 to any", 4),
        ("permit in ip from any 5 to ! 10.0.0.0/8", 7),
        ("permit in 6 from any 5 to any 80,443", 8),
        ("permit in 6 from any to 10.0.0.0/8 80 established", 8),
        ("permit in 6 from any to any frag", 7),
    ] {
        assert_eq!(
            ipfilter::from_ip_filter_rule_text(text).map_err(|e| e.token),
            Err(token),
            "{text}"
        );
    }
    // Protocol names and extra whitespace are accepted; the output is canonical.
    let r =
        ipfilter::from_ip_filter_rule_text(" permit  out tcp from any to 10.0.0.0/32 ").unwrap();
    assert_eq!(r.target.proto, Some(6));
    assert_eq!(
        ipfilter::to_ip_filter_rule_text(&r).unwrap(),
        "permit out 6 from any to 10.0.0.0"
    );
    let wild = FilterRule {
        action: Action::Permit,
        direction: Direction::Source,
        target: Target {
            src: Some(AddrMatch::new(0xAC1B_00B4, 0xFFFF_00FF)),
            ..Target::default()
        },
    };
    assert_eq!(
        ipfilter::to_ip_filter_rule_text(&wild).map_err(|e| e.kind),
        Err(IpFilterErrorKind::NotExpressible)
    );
}

fn addr() -> impl Strategy<Value = AddrMatch> {
    prop_oneof![
        (any::<u32>(), 0u8..=32).prop_map(|(a, l)| AddrMatch::prefix(a.into(), l)),
        (any::<u32>(), any::<u32>()).prop_map(|(a, m)| AddrMatch::new(a, m)),
    ]
}

fn ports() -> impl Strategy<Value = PortRange> {
    (any::<u16>(), any::<u16>()).prop_map(|(a, b)| PortRange::new(a.min(b), a.max(b)).unwrap())
}

fn target() -> impl Strategy<Value = Target> {
    (
        proptest::option::of(addr()),
        proptest::option::of(addr()),
        proptest::option::of(ports()),
        proptest::option::of(ports()),
        proptest::option::of(any::<u8>()),
    )
        .prop_map(|(src, dst, sport, dport, proto)| Target {
            src,
            dst,
            sport,
            dport,
            proto,
        })
}

fn profile() -> impl Strategy<Value = Profile> {
    (
        (
            "[ -~]{0,40}|mn@é x%#",
            any::<u32>(),
            any::<u32>(),
            any::<bool>(),
        ),
        target(),
        (
            proptest::option::of(any::<u8>()),
            proptest::option::of(any::<u8>()),
            proptest::option::of(1u8..=4),
            proptest::collection::vec(any::<u32>(), 0..=8),
            any::<bool>(),
        ),
        (1u8..=6, proptest::option::of(any::<u32>())),
    )
        .prop_map(
            |((sid, number, version, dst), target, (ti, to, enc, xfer, decap), (ct, link))| {
                Profile {
                    id: ProfileId {
                        session_id: sid,
                        number,
                    },
                    version,
                    direction: if dst {
                        Direction::Destination
                    } else {
                        Direction::Source
                    },
                    target,
                    edit: Edit {
                        tos_inner: ti,
                        tos_outer: to,
                        encap: enc.map(EncapMethod),
                        transfer: xfer.into_iter().map(Ipv4Addr::from_bits).collect(),
                        decap,
                    },
                    control: Control {
                        table: ControlTable(ct),
                        link,
                    },
                }
            },
        )
}

proptest! {
    #[test]
    fn body_round_trip(p in profile()) {
        let b = wire::body_to_vec(&p).unwrap();
        prop_assert_eq!(b.len(), wire::body_len(&p));
        let q = wire::parse_body(&b).unwrap();
        prop_assert_eq!(&q, &p);
        prop_assert_eq!(wire::body_to_vec(&q).unwrap(), b);
    }

    #[test]
    fn containers_round_trip_and_truncate(p in profile()) {
        let mut buf = [0u8; 300];
        let n = wire::emit_diameter_avp(&p, 99, &mut buf).unwrap();
        prop_assert_eq!(wire::parse_diameter_avp(&buf[..n], 99).unwrap(), p.clone());
        let len = 12 + wire::body_len(&p);
        for cut in 0..len {
            prop_assert!(matches!(wire::parse_diameter_avp(&buf[..cut], 99), Err(BodyError::Truncated { .. })), "avp cut {}", cut);
        }
        let n = wire::emit_nvse(&p, ROAM_VENDOR_ID, &mut buf).unwrap();
        prop_assert_eq!(wire::parse_nvse(&buf[..n], ROAM_VENDOR_ID).unwrap(), p);
        for cut in 0..n {
            prop_assert!(matches!(wire::parse_nvse(&buf[..cut], ROAM_VENDOR_ID), Err(BodyError::Truncated { .. })), "nvse cut {}", cut);
        }
    }

    #[test]
    fn body_parse_never_panics(b in proptest::collection::vec(any::<u8>(), 0..80)) {
        if let Ok(p) = wire::parse_body(&b) {
            prop_assert_eq!(wire::body_to_vec(&p).unwrap(), b);
        }
    }

    #[test]
    fn text_round_trip(p in profile()) {
        let s = p.to_string();
        let q: Profile = s.parse().unwrap();
        prop_assert_eq!(q, p);
    }

    #[test]
    fn ip_filter_round_trip(t in target(), dir in any::<bool>(), permit in any::<bool>()) {
        // Keep what IPFilterRule text can say: prefixes, with /0 meaning absent.
        let prefix_only = |a: Option<AddrMatch>| a.filter(|a| a.prefix_len().is_some_and(|l| l > 0));
        let t = Target { src: prefix_only(t.src), dst: prefix_only(t.dst), ..t };
        let r = FilterRule {
            action: if permit { Action::Permit } else { Action::Deny },
            direction: if dir { Direction::Source } else { Direction::Destination },
            target: t,
        };
        let text = ipfilter::to_ip_filter_rule_text(&r).unwrap();
        prop_assert_eq!(ipfilter::from_ip_filter_rule_text(&text).unwrap(), r);
        // The text is canonical for the Diameter wire parser too.
        let wire_rule = IpFilterRule::from_str(&text).unwrap();
        prop_assert_eq!(wire_rule.to_string(), text);
    }

    #[test]
    fn ip_filter_parse_never_panics(s in "(permit|deny|\\PC)? ?(in|out)? ?(ip|6|17)? (from|to|!|any|assigned|10\\.0\\.0\\.0/8|::1|80|1-2,3| |frag|\\PC){0,10}") {
        match ipfilter::from_ip_filter_rule_text(&s) {
            Ok(r) => {
                let text = ipfilter::to_ip_filter_rule_text(&r).unwrap();
                prop_assert_eq!(ipfilter::from_ip_filter_rule_text(&text).unwrap(), r);
            }
            Err(e) => prop_assert!(e.token <= s.split_ascii_whitespace().count(), "{:?}", e),
        }
    }
}
