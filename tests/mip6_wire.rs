//! Mobile IPv6 wire layer: annotated vectors (construct/deconstruct),
//! proptest laws (round trips, truncation) and behaviour tests.

use std::net::Ipv6Addr;

use proptest::prelude::*;
use roam::mip6::wire::{
    BaFlags, BaStatus, BindingAckRepr, BindingUpdate, BindingUpdateRepr, BuFlags, Error,
    HandoffIndicator, Ipv6Packet, Layer, Lifetime, MessageRepr, MobilityHeader, MobilityHeaderRepr,
    MobilityOption, MobilityPacketRepr, Options, MAX_EXTENSION_HEADERS, MAX_MOBILITY_OPTIONS,
};

const SRC: Ipv6Addr = Ipv6Addr::new(0x2001, 0xdb8, 0x77, 0, 0, 0, 0, 0x100);
const DST: Ipv6Addr = Ipv6Addr::new(0x2001, 0xdb8, 1, 0, 0, 0, 0, 1);

// ---------------------------------------------------------------- ring 1

/// A Binding Update with Nonce Indices and Binding Authorization Data,
/// laid out by hand from RFC 6275 §6.1.7, §6.2.6, §6.2.7.
#[rustfmt::skip]
const BU_RR: [u8; 32] = [
    0x3b,       // Payload Proto: 59 (IPPROTO_NONE)
    0x03,       // Header Len: 3 → (3 + 1) * 8 = 32 bytes
    0x05,       // MH Type: 5 (Binding Update)
    0x00,       // Reserved
    0x00, 0x00, // Checksum (filled by the test)
    0x00, 0x64, // Sequence #: 100
    0x80, 0x00, // Flags: A; reserved 0
    0x00, 0x19, // Lifetime: 25 units = 100 s
    0x04, 0x04, // Nonce Indices (alignment 2n, at 12), length 4
    0x00, 0x03, //   Home Nonce Index 3
    0x00, 0x04, //   Care-of Nonce Index 4
    0x05, 0x0c, // Binding Authorization Data (alignment 8n+2, at 18), length 12
    0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab, 0xac, // Authenticator
];

fn with_checksum(mut b: Vec<u8>) -> Vec<u8> {
    MobilityHeader::new_unchecked(&mut b[..]).fill_checksum(&SRC, &DST);
    b
}

#[test]
fn test_deconstruct_bu_rr() {
    let bytes = with_checksum(BU_RR.to_vec());
    let bu = BindingUpdate::new_checked(&bytes[..]).unwrap();
    assert_eq!(bu.header().payload_proto(), 59);
    assert_eq!(bu.header().total_len(), 32);
    assert!(bu.header().verify_checksum(&SRC, &DST));
    assert_eq!(bu.sequence(), 100);
    assert_eq!(bu.flags(), BuFlags::ACK);
    assert_eq!(bu.lifetime().as_secs(), 100);
    let repr = MobilityHeaderRepr::parse(bu.header()).unwrap();
    let opts: Vec<_> = repr.message.options().iter().map(Result::unwrap).collect();
    assert_eq!(
        opts,
        vec![
            MobilityOption::NonceIndices {
                home: 3,
                care_of: 4
            },
            MobilityOption::BindingAuthorizationData(&BU_RR[20..32]),
        ]
    );
}

#[test]
fn test_construct_bu_rr() {
    let opts = [
        MobilityOption::NonceIndices {
            home: 3,
            care_of: 4,
        },
        MobilityOption::BindingAuthorizationData(&BU_RR[20..32]),
    ];
    let repr = MobilityHeaderRepr::new(MessageRepr::BindingUpdate(BindingUpdateRepr {
        sequence: 100,
        flags: BuFlags::ACK,
        lifetime: Lifetime::from_secs_floor(100),
        options: Options::List(&opts),
    }));
    assert_eq!(repr.encoded_len(), 32);
    let mut buf = [0u8; 32];
    assert_eq!(repr.emit(&mut buf, &SRC, &DST), Ok(32));
    assert_eq!(buf.to_vec(), with_checksum(BU_RR.to_vec()));
    // Too small a buffer reports the exact size.
    let mut small = [0u8; 20];
    assert_eq!(
        repr.emit(&mut small, &SRC, &DST),
        Err(Error::BufferTooSmall {
            required: 32,
            available: 20
        })
    );
}

/// scapy's automatic padding tests (test/scapy/layers/inet6.uts,
/// "Mobility Options - Automatic Padding"): roam pads identically.
#[test]
fn padding_matches_scapy_automatic_padding() {
    let bu = |o: &[MobilityOption<'_>]| {
        let r = MobilityHeaderRepr::new(MessageRepr::BindingUpdate(BindingUpdateRepr {
            sequence: 0x4242,
            flags: BuFlags::from_bits_retain(0xd000),
            lifetime: Lifetime(3),
            options: Options::List(o),
        }));
        let mut b = vec![0u8; r.encoded_len()];
        r.emit_unchecksummed(&mut b).unwrap();
        b
    };
    let hdr = |hl: u8| {
        vec![
            0x3b, hl, 0x05, 0x00, 0x00, 0x00, 0x42, 0x42, 0xd0, 0x00, 0x00, 0x03,
        ]
    };
    // a = raw(MIP6MH_BU(seq=0x4242, options=[MIP6OptBRAdvice()]))
    let mut want = hdr(1);
    want.extend_from_slice(&[0x02, 0x02, 0x00, 0x00]);
    assert_eq!(
        bu(&[MobilityOption::BindingRefreshAdvice { interval: 0 }]),
        want
    );
    // a = raw(MIP6MH_BU(seq=0x4242, options=[MIP6OptAltCoA()]))
    let mut want = hdr(3);
    want.extend_from_slice(&[0x01, 0x00, 0x03, 0x10]);
    want.extend_from_slice(&[0; 16]);
    assert_eq!(
        bu(&[MobilityOption::AlternateCareOf(Ipv6Addr::UNSPECIFIED)]),
        want
    );
    // b = raw(MIP6MH_BU(seq=0x4242, options=[Pad1(),MIP6OptBRAdvice()]))
    let mut want = hdr(2);
    want.extend_from_slice(&[
        0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00,
    ]);
    assert_eq!(
        bu(&[
            MobilityOption::Pad1,
            MobilityOption::BindingRefreshAdvice { interval: 0 }
        ]),
        want
    );
}

// ---------------------------------------------------------------- behaviour

#[test]
fn header_len_below_message_minimum_is_rejected() {
    // A BU needs 12 bytes of fixed fields; Header Len 0 gives 8 (RFC 6275 §9.2).
    let b = [0x3b, 0x00, 0x05, 0x00, 0, 0, 0, 0];
    assert_eq!(
        MobilityHeader::new_checked(&b[..]),
        Err(Error::HeaderLenTooSmall {
            mh_type: 5,
            header_len: 0
        })
    );
    // An unknown MH type with Header Len 0 is fine and kept verbatim.
    let b = [0x3b, 0x00, 0x63, 0x00, 0, 0, 0xaa, 0xbb];
    let mh = MobilityHeader::new_checked(&b[..]).unwrap();
    let r = MobilityHeaderRepr::parse(&mh).unwrap();
    assert_eq!(
        r.message,
        MessageRepr::Unknown {
            mh_type: 0x63.into(),
            data: &[0xaa, 0xbb]
        }
    );
}

#[test]
fn relay_rewrites_in_place() {
    let mut bytes = with_checksum(BU_RR.to_vec());
    let mut bu = BindingUpdate::new_checked(&mut bytes[..]).unwrap();
    bu.set_sequence(101);
    bu.set_lifetime(Lifetime(0));
    bu.set_flags(BuFlags::ACK | BuFlags::HOME);
    assert!(!bu.header().verify_checksum(&SRC, &DST));
    bu.header_mut().fill_checksum(&SRC, &DST);
    assert!(bu.header().verify_checksum(&SRC, &DST));
    let bu = BindingUpdate::new_checked(&bytes[..]).unwrap();
    assert_eq!(
        (bu.sequence(), bu.lifetime(), bu.flags()),
        (101, Lifetime(0), BuFlags::ACK | BuFlags::HOME)
    );
}

#[test]
fn reserved_flag_bits_survive() {
    let mut b = with_checksum(BU_RR.to_vec());
    b[9] = 0x81; // reserved bits
    let mh = MobilityHeader::new_checked(&b[..]).unwrap();
    let r = MobilityHeaderRepr::parse(&mh).unwrap();
    let MessageRepr::BindingUpdate(bu) = r.message else {
        panic!()
    };
    assert_eq!(bu.flags.bits(), 0x8081);
    assert!(mh
        .anomalies()
        .contains(roam::mip6::wire::Anomalies::RESERVED_NONZERO));
    let mut out = vec![0u8; r.encoded_len()];
    r.emit_unchecksummed(&mut out).unwrap();
    assert_eq!(out[8..10], [0x80, 0x81]);
}

#[test]
fn misaligned_option_is_an_anomaly_not_an_error() {
    // BAD at offset 12 instead of 8n+2.
    let mut b = vec![0x3b, 0x02, 0x05, 0, 0, 0, 0, 1, 0x80, 0, 0, 1];
    b.extend_from_slice(&[0x05, 0x0a]);
    b.extend_from_slice(&[0x11; 10]);
    let mh = MobilityHeader::new_checked(&b[..]).unwrap();
    assert!(MobilityHeaderRepr::parse(&mh).is_ok());
    assert!(mh
        .anomalies()
        .contains(roam::mip6::wire::Anomalies::OPTION_MISALIGNED));
}

#[test]
fn option_count_is_bounded() {
    // 64 + 1 Pad1 options in a BRR: 8 + 72 = 80 bytes.
    let mut b = vec![0x3b, 0x09, 0x00, 0, 0, 0, 0, 0];
    b.extend_from_slice(&[0u8; 72]);
    let mh = MobilityHeader::new_checked(&b[..]).unwrap();
    assert_eq!(
        MobilityHeaderRepr::parse(&mh),
        Err(Error::TooManyOptions {
            layer: Layer::MobilityOption,
            max: MAX_MOBILITY_OPTIONS
        })
    );
}

#[test]
fn emit_rejects_what_cannot_be_expressed() {
    let big = [0u8; 300];
    let opts = [MobilityOption::BindingAuthorizationData(&big)];
    let r = MobilityHeaderRepr::new(MessageRepr::BindingRefreshRequest {
        reserved: 0,
        options: Options::List(&opts),
    });
    let mut buf = vec![0u8; 1024];
    assert!(matches!(
        r.emit(&mut buf, &SRC, &DST),
        Err(Error::TooLong { .. })
    ));
}

fn packet_with_headers(n: usize) -> Vec<u8> {
    let mh = MobilityHeaderRepr::new(MessageRepr::BindingRefreshRequest {
        reserved: 0,
        options: Options::EMPTY,
    });
    let mut body = vec![];
    for i in 0..n {
        let next = if i + 1 == n { 135 } else { 60 };
        body.extend_from_slice(&[next, 0, 1, 4, 0, 0, 0, 0]); // Dest Opts with PadN
    }
    let mut m = vec![0u8; 8];
    mh.emit(&mut m, &SRC, &DST).unwrap();
    body.extend_from_slice(&m);
    let mut p = vec![0x60, 0, 0, 0];
    p.extend_from_slice(&(body.len() as u16).to_be_bytes());
    p.push(if n == 0 { 135 } else { 60 });
    p.push(64);
    p.extend_from_slice(&SRC.octets());
    p.extend_from_slice(&DST.octets());
    p.extend_from_slice(&body);
    p
}

#[test]
fn extension_header_count_is_bounded() {
    let ok = packet_with_headers(MAX_EXTENSION_HEADERS);
    let p = Ipv6Packet::parse(&ok).unwrap();
    assert_eq!(p.extension_headers, MAX_EXTENSION_HEADERS);
    assert_eq!(p.verify_checksum(), Some(true));
    let too_many = packet_with_headers(MAX_EXTENSION_HEADERS + 1);
    assert_eq!(
        Ipv6Packet::parse(&too_many),
        Err(Error::TooManyExtensionHeaders {
            max: MAX_EXTENSION_HEADERS
        })
    );
}

#[test]
fn fragments_are_refused() {
    let mut p = packet_with_headers(1);
    p[6] = 44; // Fragment header instead of Dest Opts
    p[40] = 135;
    p[42] = 0;
    p[43] = 1; // M flag
    assert_eq!(Ipv6Packet::parse(&p), Err(Error::Fragmented { offset: 40 }));
    p[43] = 0; // an atomic fragment is a whole packet
    assert!(Ipv6Packet::parse(&p).is_ok());
}

#[test]
fn packet_emitter_puts_hao_and_rh2_where_the_rfc_says() {
    let hoa: Ipv6Addr = "2001:db8:1::100".parse().unwrap();
    let r = MobilityPacketRepr {
        src: DST,
        dst: SRC,
        hop_limit: 64,
        home_address: None,
        routing_address: Some(hoa),
        mobility: MobilityHeaderRepr::new(MessageRepr::BindingAck(BindingAckRepr {
            status: BaStatus::ACCEPTED,
            flags: BaFlags::empty(),
            sequence: 1,
            lifetime: Lifetime(10),
            options: Options::EMPTY,
        })),
    };
    let v = r.to_vec().unwrap();
    let p = Ipv6Packet::parse(&v).unwrap();
    assert_eq!(p.routing_address, Some(hoa));
    assert_eq!(p.checksum_destination(), hoa);
    assert_eq!(p.verify_checksum(), Some(true));
    let mh = p.mobility_header().unwrap();
    assert!(!mh.verify_checksum(&p.src, &p.dst));
}

// ---------------------------------------------------------------- ring 2

#[derive(Debug, Clone)]
enum Spec {
    Bra(u16),
    AltCoa([u8; 16]),
    Nonce(u16, u16),
    Bad(Vec<u8>),
    MnId(u8, Vec<u8>),
    Hnp(u8, [u8; 16]),
    Hi(u8),
    Att(u8),
    Lli(Vec<u8>),
    Lla([u8; 16]),
    Ts(u64),
    Unknown(u8, Vec<u8>),
}

fn spec() -> impl Strategy<Value = Spec> {
    let bytes = |n| proptest::collection::vec(any::<u8>(), 0..n);
    prop_oneof![
        any::<u16>().prop_map(Spec::Bra),
        any::<[u8; 16]>().prop_map(Spec::AltCoa),
        (any::<u16>(), any::<u16>()).prop_map(|(a, b)| Spec::Nonce(a, b)),
        bytes(24).prop_map(Spec::Bad),
        (any::<u8>(), bytes(24)).prop_map(|(s, d)| Spec::MnId(s, d)),
        (any::<u8>(), any::<[u8; 16]>()).prop_map(|(l, p)| Spec::Hnp(l, p)),
        any::<u8>().prop_map(Spec::Hi),
        any::<u8>().prop_map(Spec::Att),
        bytes(16).prop_map(Spec::Lli),
        any::<[u8; 16]>().prop_map(Spec::Lla),
        any::<u64>().prop_map(Spec::Ts),
        // Unknown (skippable) option types: not one roam decodes.
        (
            any::<u8>().prop_filter("unknown type", |t| !matches!(
                t,
                0..=5 | 8 | 22..=27
            )),
            bytes(24)
        )
            .prop_map(|(t, d)| Spec::Unknown(t, d)),
    ]
}

fn opt(s: &Spec) -> MobilityOption<'_> {
    match s {
        Spec::Bra(i) => MobilityOption::BindingRefreshAdvice { interval: *i },
        Spec::AltCoa(a) => MobilityOption::AlternateCareOf((*a).into()),
        Spec::Nonce(h, c) => MobilityOption::NonceIndices {
            home: *h,
            care_of: *c,
        },
        Spec::Bad(d) => MobilityOption::BindingAuthorizationData(d),
        Spec::MnId(s, d) => MobilityOption::MobileNodeIdentifier { subtype: *s, id: d },
        Spec::Hnp(l, p) => MobilityOption::HomeNetworkPrefix {
            prefix_len: *l,
            prefix: (*p).into(),
        },
        Spec::Hi(v) => MobilityOption::HandoffIndicator(HandoffIndicator(*v)),
        Spec::Att(v) => MobilityOption::AccessTechnologyType((*v).into()),
        Spec::Lli(d) => MobilityOption::MobileNodeLinkLayerId(d),
        Spec::Lla(a) => MobilityOption::LinkLocalAddress((*a).into()),
        Spec::Ts(t) => MobilityOption::Timestamp(*t),
        Spec::Unknown(t, d) => MobilityOption::Unknown {
            ty: (*t).into(),
            data: d,
        },
    }
}

#[derive(Debug, Clone)]
struct MsgSpec {
    kind: u8,
    a: u16,
    b: u16,
    c: u16,
    byte: u8,
    cookie: [u8; 8],
    token: [u8; 8],
    addr: [u8; 16],
    unknown: Vec<u8>,
    opts: Vec<Spec>,
}

fn msg_spec() -> impl Strategy<Value = MsgSpec> {
    (
        0u8..9,
        any::<(u16, u16, u16, u8)>(),
        any::<([u8; 8], [u8; 8], [u8; 16])>(),
        proptest::collection::vec(any::<u8>(), 2..30),
        proptest::collection::vec(spec(), 0..6),
    )
        .prop_map(
            |(kind, (a, b, c, byte), (cookie, token, addr), unknown, opts)| MsgSpec {
                kind,
                a,
                b,
                c,
                byte,
                cookie,
                token,
                addr,
                unknown,
                opts,
            },
        )
}

fn message<'a>(m: &'a MsgSpec, options: Options<'a>) -> MessageRepr<'a> {
    match m.kind {
        0 => MessageRepr::BindingRefreshRequest {
            reserved: m.a,
            options,
        },
        1 => MessageRepr::HomeTestInit {
            reserved: m.a,
            cookie: m.cookie,
            options,
        },
        2 => MessageRepr::CareOfTestInit {
            reserved: m.a,
            cookie: m.cookie,
            options,
        },
        3 => MessageRepr::HomeTest {
            nonce_index: m.a,
            cookie: m.cookie,
            keygen_token: m.token,
            options,
        },
        4 => MessageRepr::CareOfTest {
            nonce_index: m.a,
            cookie: m.cookie,
            keygen_token: m.token,
            options,
        },
        5 => MessageRepr::BindingUpdate(BindingUpdateRepr {
            sequence: m.a,
            flags: BuFlags::from_bits_retain(m.b),
            lifetime: Lifetime(m.c),
            options,
        }),
        6 => MessageRepr::BindingAck(BindingAckRepr {
            status: BaStatus(m.byte),
            flags: BaFlags::from_bits_retain(m.b as u8),
            sequence: m.a,
            lifetime: Lifetime(m.c),
            options,
        }),
        7 => MessageRepr::BindingError {
            status: m.byte.into(),
            reserved: (m.b >> 8) as u8,
            home_address: m.addr.into(),
            options,
        },
        _ => {
            // Unknown MH types carry whole 8-octet units of data.
            let n = (m.unknown.len() - 2) / 8 * 8 + 2;
            MessageRepr::Unknown {
                mh_type: (8 + m.byte % 200).into(),
                data: &m.unknown[..n],
            }
        }
    }
}

proptest! {
    #[test]
    fn parse_emit_round_trip(m in msg_spec(), proto in any::<u8>(), reserved in any::<u8>()) {
        let opts: Vec<_> = m.opts.iter().map(opt).collect();
        let repr = MobilityHeaderRepr {
            payload_proto: proto,
            reserved,
            message: message(&m, Options::List(&opts)),
        };
        let mut buf = vec![0u8; repr.encoded_len()];
        let n = repr.emit(&mut buf, &SRC, &DST).unwrap();
        prop_assert_eq!(n, buf.len());
        prop_assert_eq!(n % 8, 0);
        let mh = MobilityHeader::new_checked(&buf[..]).unwrap();
        prop_assert!(mh.verify_checksum(&SRC, &DST));
        // Our emitter aligns every option as its definition says.
        prop_assert!(!mh.anomalies().contains(roam::mip6::wire::Anomalies::OPTION_MISALIGNED));
        let parsed = MobilityHeaderRepr::parse(&mh).unwrap();
        // The fixed-field parse agrees with the full one on valid input.
        prop_assert_eq!(MobilityHeaderRepr::parse_fixed(&mh), parsed);
        // parse(emit(x)) == x
        prop_assert_eq!(parsed, repr);
        // emit(parse(b)) == b
        let mut again = vec![0u8; parsed.encoded_len()];
        parsed.emit(&mut again, &SRC, &DST).unwrap();
        prop_assert_eq!(&again, &buf);
        // Every strict prefix is Truncated.
        for cut in 0..buf.len() {
            match MobilityHeader::new_checked(&buf[..cut]) {
                Err(Error::Truncated { required, available, .. }) => {
                    prop_assert_eq!(available, cut);
                    prop_assert!(required > cut);
                }
                other => prop_assert!(false, "prefix {} gave {:?}", cut, other),
            }
        }
    }

    #[test]
    fn packets_round_trip(m in msg_spec(), hao in any::<Option<[u8; 16]>>(), rh in any::<Option<[u8; 16]>>()) {
        let opts: Vec<_> = m.opts.iter().map(opt).collect();
        let r = MobilityPacketRepr {
            src: SRC,
            dst: DST,
            hop_limit: 64,
            home_address: hao.map(Into::into),
            routing_address: rh.map(Into::into),
            mobility: MobilityHeaderRepr::new(message(&m, Options::List(&opts))),
        };
        let v = r.to_vec().unwrap();
        let p = Ipv6Packet::parse(&v).unwrap();
        prop_assert_eq!(p.verify_checksum(), Some(true));
        prop_assert_eq!(p.home_address, r.home_address);
        prop_assert_eq!(p.routing_address, r.routing_address);
        let parsed = MobilityHeaderRepr::parse(&p.mobility_header().unwrap()).unwrap();
        prop_assert_eq!(parsed, r.mobility);
        for cut in 0..v.len() {
            prop_assert!(Ipv6Packet::parse(&v[..cut]).is_err());
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(data in proptest::collection::vec(any::<u8>(), 0..200)) {
        if let Ok(mh) = MobilityHeader::new_checked(&data[..]) {
            let _ = mh.anomalies();
            let _ = mh.verify_checksum(&SRC, &DST);
            if let Ok(r) = MobilityHeaderRepr::parse(&mh) {
                let mut out = vec![0u8; r.encoded_len()];
                r.emit_unchecksummed(&mut out).unwrap();
                let mut expect = mh.as_bytes().to_vec();
                expect[4..6].copy_from_slice(&[0, 0]);
                prop_assert_eq!(out, expect);
            }
        }
        let _ = Ipv6Packet::parse(&data);
    }
}

// ---------------------------------------------------------------- RFC 6275 §9.2

mod receive {
    use super::*;
    use roam::mip6::wire::{check_mobility_header, BeStatus, MhVerdict};

    /// A BRR in an IPv6 packet (no extension headers), with the Mobility
    /// Header edited by `edit` and the checksum then fixed unless
    /// `break_checksum`.
    fn packet(edit: impl Fn(&mut Vec<u8>), break_checksum: bool) -> Vec<u8> {
        let mut mh = vec![0x3b, 0x01, 0x00, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0];
        edit(&mut mh);
        let c = roam::mip6::wire::checksum::compute(&SRC, &DST, 135, &{
            let mut z = mh.clone();
            z[4] = 0;
            z[5] = 0;
            z
        });
        mh[4..6].copy_from_slice(&c.to_be_bytes());
        if break_checksum {
            mh[5] ^= 0xff;
        }
        let mut p = vec![0x60, 0, 0, 0];
        p.extend_from_slice(&(mh.len() as u16).to_be_bytes());
        p.extend_from_slice(&[135, 64]);
        p.extend_from_slice(&SRC.octets());
        p.extend_from_slice(&DST.octets());
        p.extend_from_slice(&mh);
        p
    }

    fn verdict(p: &[u8]) -> MhVerdict {
        check_mobility_header(&Ipv6Packet::parse(p).unwrap())
    }

    #[test]
    fn one_row_per_rule() {
        let rows: [(&str, Vec<u8>, MhVerdict); 6] = [
            (
                "valid BRR with a PadN",
                packet(|_| {}, false),
                MhVerdict::Accept,
            ),
            (
                "bad checksum",
                packet(|_| {}, true),
                MhVerdict::SilentlyDiscard,
            ),
            (
                "unknown MH type",
                packet(|m| m[2] = 200, false),
                MhVerdict::BindingError(BeStatus::UNRECOGNIZED_MH_TYPE),
            ),
            (
                "payload proto not 59: pointer at byte 40",
                packet(|m| m[0] = 6, false),
                MhVerdict::ParameterProblem { pointer: 40 },
            ),
            (
                "header len too small for a HoT: pointer at byte 41",
                packet(|m| m[2] = 3, false),
                MhVerdict::ParameterProblem { pointer: 41 },
            ),
            (
                "option running past the end",
                packet(|m| m[9] = 9, false),
                MhVerdict::SilentlyDiscard,
            ),
        ];
        for (what, p, want) in rows {
            assert_eq!(verdict(&p), want, "{what}");
        }
    }

    #[test]
    fn vectors_with_wrong_checksums_are_discarded() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("testvectors/mip6");
        for name in ["scapy_hoti_badcksum", "scapy_hot_badcksum"] {
            let b = std::fs::read(dir.join(format!("{name}.bin"))).unwrap();
            assert_eq!(verdict(&b), MhVerdict::SilentlyDiscard, "{name}");
        }
        for name in [
            "sc_bu_home",
            "sc_ba_home",
            "pmip_pbu",
            "scapy_bu_hao_altcoa_mnp",
        ] {
            let b = std::fs::read(dir.join(format!("{name}.bin"))).unwrap();
            assert_eq!(verdict(&b), MhVerdict::Accept, "{name}");
        }
        // scapy's BRR with Payload Proto 0xff.
        let b = std::fs::read(dir.join("scapy_brr_specific.bin")).unwrap();
        assert_eq!(verdict(&b), MhVerdict::ParameterProblem { pointer: 40 });
    }
}

// ---------------------------------------------------------------- more walker rules

fn with_ext(ext: &[u8], first: u8) -> Vec<u8> {
    let mh = {
        let r = MobilityHeaderRepr::new(MessageRepr::BindingRefreshRequest {
            reserved: 0,
            options: Options::EMPTY,
        });
        let mut m = vec![0u8; 8];
        r.emit(&mut m, &SRC, &DST).unwrap();
        m
    };
    let mut p = vec![0x60, 0, 0, 0];
    p.extend_from_slice(&((ext.len() + mh.len()) as u16).to_be_bytes());
    p.extend_from_slice(&[first, 64]);
    p.extend_from_slice(&SRC.octets());
    p.extend_from_slice(&DST.octets());
    p.extend_from_slice(ext);
    p.extend_from_slice(&mh);
    p
}

#[test]
fn two_home_address_options_are_malformed() {
    // Destination Options, Header Ext Len 4 (40 bytes): HAO, HAO, PadN.
    let mut hdr = vec![135, 4, 201, 16];
    hdr.extend_from_slice(&[0x20; 16]);
    hdr.extend_from_slice(&[201, 16]);
    hdr.extend_from_slice(&[0x20; 16]);
    hdr.extend_from_slice(&[1, 0]);
    assert_eq!(hdr.len(), 40);
    let p = with_ext(&hdr, 60);
    assert_eq!(
        Ipv6Packet::parse(&p),
        Err(Error::Malformed {
            layer: Layer::ExtensionHeader,
            offset: 60
        })
    );
}

#[test]
fn misaligned_home_address_option_is_an_anomaly() {
    // HAO at offset 2 of the header (not 8n+6), then PadN to 24 bytes.
    let mut hdr = vec![135, 2, 201, 16];
    hdr.extend_from_slice(&[0x20; 16]);
    hdr.extend_from_slice(&[1, 2, 0, 0]);
    let p = with_ext(&hdr, 60);
    let pkt = Ipv6Packet::parse(&p).unwrap();
    assert!(pkt
        .anomalies
        .contains(roam::mip6::wire::Anomalies::OPTION_MISALIGNED));
    assert_eq!(pkt.home_address, Some(Ipv6Addr::from([0x20; 16])));
}

#[test]
fn type2_routing_header_rules() {
    let rh = |len: u8, left: u8| {
        let mut h = vec![135, len, 2, left, 0, 0, 0, 0];
        h.extend_from_slice(&[0x20; 16]);
        h.resize((usize::from(len) + 1) * 8, 0);
        h
    };
    assert!(Ipv6Packet::parse(&with_ext(&rh(2, 1), 43)).is_ok());
    assert!(Ipv6Packet::parse(&with_ext(&rh(2, 0), 43)).is_ok());
    for bad in [rh(2, 2), rh(4, 1)] {
        assert!(matches!(
            Ipv6Packet::parse(&with_ext(&bad, 43)),
            Err(Error::Malformed { .. })
        ));
    }
    // Segments Left 0: the IPv6 destination is already the final one.
    let p = with_ext(&rh(2, 0), 43);
    let pkt = Ipv6Packet::parse(&p).unwrap();
    assert_eq!(pkt.checksum_destination(), DST);
    assert_eq!(pkt.verify_checksum(), Some(true));
}

#[test]
fn hop_by_hop_then_mobility() {
    let p = with_ext(&[135, 0, 1, 4, 0, 0, 0, 0], 0);
    let pkt = Ipv6Packet::parse(&p).unwrap();
    assert_eq!(pkt.extension_headers, 1);
    assert_eq!(pkt.verify_checksum(), Some(true));
}

#[test]
fn walker_errors_are_typed() {
    let mut p = with_ext(&[], 135);
    p[0] = 0x40;
    assert_eq!(Ipv6Packet::parse(&p), Err(Error::NotIpv6 { version: 4 }));
    let p = with_ext(&[], 6);
    let pkt = Ipv6Packet::parse(&p).unwrap();
    assert_eq!(
        pkt.mobility_header(),
        Err(Error::NotMobility {
            next_header: 6,
            offset: 40
        })
    );
    assert_eq!(pkt.verify_checksum(), None);
}

// ---------------------------------------------------------------- ND laws

mod nd_laws {
    use super::*;
    use roam::mip6::wire::{
        Icmpv6Message, Icmpv6Repr, MapFlags, NdOption, NdOptionsRepr, PrefixFlags, RaFlags,
    };

    #[derive(Debug, Clone)]
    enum NdSpec {
        Prefix(u8, u8, u32, u32, u32, [u8; 16]),
        Interval(u16, u32),
        HaInfo(u16, i16, u16),
        Map(u8, u8, u8, u32, [u8; 16]),
        Unknown(u8, Vec<u8>),
    }

    fn nd_spec() -> impl Strategy<Value = NdSpec> {
        prop_oneof![
            any::<(u8, u8, u32, u32, u32, [u8; 16])>()
                .prop_map(|(a, b, c, d, e, f)| NdSpec::Prefix(a, b, c, d, e, f)),
            any::<(u16, u32)>().prop_map(|(a, b)| NdSpec::Interval(a, b)),
            any::<(u16, i16, u16)>().prop_map(|(a, b, c)| NdSpec::HaInfo(a, b, c)),
            (
                0u8..16,
                0u8..16,
                any::<u8>(),
                any::<u32>(),
                any::<[u8; 16]>()
            )
                .prop_map(|(a, b, c, d, e)| NdSpec::Map(a, b, c, d, e)),
            (
                any::<u8>().prop_filter("unknown", |t| !matches!(t, 3 | 7 | 8 | 23)),
                (0usize..4).prop_flat_map(|k| proptest::collection::vec(any::<u8>(), k * 8 + 6))
            )
                .prop_map(|(t, d)| NdSpec::Unknown(t, d)),
        ]
    }

    fn nd(s: &NdSpec) -> NdOption<'_> {
        match s {
            NdSpec::Prefix(l, f, v, p, r, a) => NdOption::PrefixInformation {
                prefix_len: *l,
                flags: PrefixFlags::from_bits_retain(*f),
                valid_lifetime: *v,
                preferred_lifetime: *p,
                reserved2: *r,
                prefix: (*a).into(),
            },
            NdSpec::Interval(r, i) => NdOption::AdvertisementInterval {
                reserved: *r,
                interval_ms: *i,
            },
            NdSpec::HaInfo(r, p, l) => NdOption::HomeAgentInformation {
                reserved: *r,
                preference: *p,
                lifetime: *l,
            },
            NdSpec::Map(d, p, f, v, a) => NdOption::Map {
                distance: *d,
                preference: *p,
                flags: MapFlags::from_bits_retain(*f),
                valid_lifetime: *v,
                address: (*a).into(),
            },
            NdSpec::Unknown(t, d) => NdOption::Unknown {
                ty: (*t).into(),
                data: d,
            },
        }
    }

    proptest! {
        #[test]
        fn icmpv6_round_trip(
            kind in 0u8..5,
            specs in proptest::collection::vec(nd_spec(), 0..5),
            words in any::<(u8, u8, u16, u32, u32)>(),
            addrs in proptest::collection::vec(any::<u8>(), 0..4).prop_map(|v| v.repeat(16)),
        ) {
            let opts: Vec<_> = specs.iter().map(nd).collect();
            let (a, b, c, d, e) = words;
            let repr = match kind {
                0 => Icmpv6Repr::RouterAdvertisement {
                    cur_hop_limit: a,
                    flags: RaFlags::from_bits_retain(b),
                    router_lifetime: c,
                    reachable_time: d,
                    retrans_timer: e,
                    options: NdOptionsRepr::List(&opts),
                },
                1 => Icmpv6Repr::HaadRequest { identifier: c, reserved: d as u16, extra: &[] },
                2 => Icmpv6Repr::HaadReply { identifier: c, reserved: d as u16, addresses: &addrs },
                3 => Icmpv6Repr::MobilePrefixSolicitation { identifier: c, reserved: d as u16, extra: &[] },
                _ => Icmpv6Repr::MobilePrefixAdvertisement {
                    identifier: c,
                    flags: d as u16,
                    options: NdOptionsRepr::List(&opts),
                },
            };
            let mut buf = vec![0u8; repr.encoded_len()];
            let n = repr.emit(&mut buf, &SRC, &DST).unwrap();
            prop_assert_eq!(n, buf.len());
            let msg = Icmpv6Message::new_checked(&buf[..]).unwrap();
            prop_assert!(msg.verify_checksum(&SRC, &DST));
            let parsed = Icmpv6Repr::parse(&msg).unwrap().unwrap();
            prop_assert_eq!(parsed, repr);
            let mut again = vec![0u8; parsed.encoded_len()];
            parsed.emit(&mut again, &SRC, &DST).unwrap();
            prop_assert_eq!(&again, &buf);
            // Cutting inside an option or an address is an error; cutting
            // the fixed part is Truncated.
            for cut in 0..buf.len() {
                let r = Icmpv6Message::new_checked(&buf[..cut])
                    .and_then(|m| Icmpv6Repr::parse(&m).map(|_| ()));
                let fixed = if kind == 0 { 16 } else { 8 };
                if cut < fixed {
                    let is_truncated = matches!(r, Err(Error::Truncated { .. }));
                    prop_assert!(is_truncated);
                }
            }
        }
    }
}

#[test]
fn parse_fixed_keeps_the_fields_when_an_option_is_bad() {
    #[rustfmt::skip]
    let b: [u8; 32] = [
        0x3b, 0x03, 0x03, 0x00, // Payload Proto 59, Header Len 3 (32 bytes), MH Type 3 (HoT), Reserved
        0x00, 0x00,             // Checksum (not looked at)
        0xbe, 0xef,             // Home Nonce Index
        1, 2, 3, 4, 5, 6, 7, 8, // Home Init Cookie
        9, 9, 9, 9, 9, 9, 9, 9, // Home Keygen Token
        0x04, 0x02, 0x00, 0x00, // Nonce Indices option with Length 2 (must be 4): bad
        0x01, 0x02, 0x00, 0x00, // PadN
    ];
    let mh = MobilityHeader::new_checked(&b[..]).unwrap();
    assert!(matches!(
        MobilityHeaderRepr::parse(&mh),
        Err(Error::InvalidOptionLength { offset: 24, .. })
    ));
    let fixed = MobilityHeaderRepr::parse_fixed(&mh);
    assert_eq!(fixed.payload_proto, 59);
    match fixed.message {
        MessageRepr::HomeTest {
            nonce_index,
            cookie,
            keygen_token,
            options,
        } => {
            assert_eq!(nonce_index, 0xbeef);
            assert_eq!(cookie, [1, 2, 3, 4, 5, 6, 7, 8]);
            assert_eq!(keygen_token, [9; 8]);
            assert_eq!(options, Options::Raw(&b[24..]));
        }
        other => panic!("{other:?}"),
    }
}
