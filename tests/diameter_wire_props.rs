//! Property laws of the Diameter wire layer:
//! `parse(emit(x)) == x`, `emit(parse(b)) == b` for canonical bytes, every
//! strict prefix is `Truncated`, typed values round-trip through the builder,
//! filter rules round-trip through their canonical text, and the framer is
//! insensitive to how the stream is split.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use proptest::collection::vec;
use proptest::prelude::*;

use roam::diameter::wire::filter::{
    AddressSpec, Direction, Endpoint, FilterAction, FilterOptions, IcmpTypes, IpOptions,
    OptionSpec, PortList, PortRange, Protocol, TcpFlags, TcpOptions, MAX_PORT_RANGES,
};
use roam::diameter::wire::{
    Address, ApplicationId, AvpCode, AvpData, AvpFlags, AvpHeader, AvpType, CommandCode,
    CommandFlags, DiameterTime, DiameterUri, Error, Framer, IpFilterRule, Message, MessageBuilder,
    OwnedAvp, OwnedMessage, QosFilterRule, Value, VendorId,
};

/// In these tests an AVP is Grouped exactly when its code is a multiple of 7.
fn is_grouped(code: AvpCode, _: VendorId) -> bool {
    code.0.is_multiple_of(7)
}

fn header_parts() -> impl Strategy<Value = (AvpFlags, VendorId)> {
    (any::<u8>(), any::<u32>()).prop_map(|(f, v)| {
        let flags = AvpFlags::from_bits_retain(f);
        // Without V there is no Vendor-ID on the wire; parsing reports IETF.
        let vendor = if flags.is_vendor() {
            VendorId(v)
        } else {
            VendorId::IETF
        };
        (flags, vendor)
    })
}

fn leaf() -> impl Strategy<Value = OwnedAvp> {
    (any::<u32>(), header_parts(), vec(any::<u8>(), 0..24)).prop_map(
        |(c, (flags, vendor_id), data)| OwnedAvp {
            code: AvpCode(if c.is_multiple_of(7) { c + 1 } else { c }),
            flags,
            vendor_id,
            data: AvpData::Raw(data),
        },
    )
}

fn avp() -> impl Strategy<Value = OwnedAvp> {
    leaf().prop_recursive(4, 32, 5, |inner| {
        (any::<u32>(), header_parts(), vec(inner, 0..5)).prop_map(
            |(c, (flags, vendor_id), children)| OwnedAvp {
                code: AvpCode(c - c % 7),
                flags,
                vendor_id,
                data: AvpData::Grouped(children),
            },
        )
    })
}

fn message() -> impl Strategy<Value = OwnedMessage> {
    (
        any::<u8>(),
        0u32..1 << 24,
        any::<u32>(),
        any::<u32>(),
        any::<u32>(),
        vec(avp(), 0..8),
    )
        .prop_map(|(f, code, app, h, e, avps)| OwnedMessage {
            flags: CommandFlags::from_bits_retain(f),
            command_code: CommandCode(code),
            application_id: ApplicationId(app),
            hop_by_hop: h,
            end_to_end: e,
            avps,
        })
}

fn parse(b: &[u8]) -> Result<OwnedMessage, Error> {
    OwnedMessage::from_message(&Message::new_checked(b)?, is_grouped)
}

fn ip_prefix() -> impl Strategy<Value = AddressSpec> {
    prop_oneof![
        Just(AddressSpec::Any),
        Just(AddressSpec::Assigned),
        (any::<u32>(), 0u8..=32).prop_map(|(a, bits)| {
            let mask = u32::MAX.checked_shl(32 - u32::from(bits)).unwrap_or(0);
            AddressSpec::Prefix {
                addr: IpAddr::V4(Ipv4Addr::from(a & mask)),
                bits,
            }
        }),
        (any::<u128>(), 0u8..=128).prop_map(|(a, bits)| {
            let mask = u128::MAX.checked_shl(128 - u32::from(bits)).unwrap_or(0);
            AddressSpec::Prefix {
                addr: IpAddr::V6(Ipv6Addr::from(a & mask)),
                bits,
            }
        }),
    ]
}

fn endpoint() -> impl Strategy<Value = Endpoint> {
    (
        any::<bool>(),
        ip_prefix(),
        vec((any::<u16>(), any::<u16>()), 0..=MAX_PORT_RANGES),
    )
        .prop_map(|(neg, addr, ports)| {
            let mut list = PortList::new();
            for (a, b) in ports {
                list.push(PortRange {
                    start: a.min(b),
                    end: a.max(b),
                })
                .unwrap();
            }
            Endpoint::new(neg, addr, list)
        })
}

fn spec<F: Copy + std::fmt::Debug + 'static>(
    from: fn(u8) -> F,
    all: u8,
) -> impl Strategy<Value = Option<OptionSpec<F>>> {
    proptest::option::of((any::<u8>(), any::<u8>()).prop_filter_map(
        "non-empty, disjoint",
        move |(p, a)| {
            let (p, a) = (p & all, a & all & !p);
            (p | a != 0).then(|| OptionSpec {
                present: from(p),
                absent: from(a),
            })
        },
    ))
}

fn options() -> impl Strategy<Value = FilterOptions> {
    (
        any::<bool>(),
        spec(IpOptions::from_bits_retain, 0x0f),
        spec(TcpOptions::from_bits_retain, 0x1f),
        any::<bool>(),
        any::<bool>(),
        spec(TcpFlags::from_bits_retain, 0x3f),
        proptest::option::of(vec(any::<u8>(), 1..6)),
    )
        .prop_map(|(frag, ipo, tcpo, est, setup, flags, icmp)| FilterOptions {
            frag,
            ipoptions: ipo,
            tcpoptions: tcpo,
            established: est,
            setup,
            tcpflags: flags,
            icmptypes: icmp.map(|types| {
                let mut set = IcmpTypes::default();
                for t in types {
                    set.insert(t);
                }
                set
            }),
        })
}

fn ip_rule() -> impl Strategy<Value = IpFilterRule> {
    (
        any::<bool>(),
        any::<bool>(),
        proptest::option::of(any::<u8>()),
        endpoint(),
        endpoint(),
        options(),
    )
        .prop_map(|(permit, inbound, proto, src, dst, opts)| {
            IpFilterRule::new(
                if permit {
                    FilterAction::Permit
                } else {
                    FilterAction::Deny
                },
                if inbound {
                    Direction::In
                } else {
                    Direction::Out
                },
                proto.map_or(Protocol::Any, Protocol::Number),
                src,
                dst,
                opts,
            )
        })
}

fn typed_value() -> impl Strategy<Value = (AvpType, Value<'static>)> {
    prop_oneof![
        vec(any::<u8>(), 0..40).prop_map(|v| (
            AvpType::OctetString,
            Value::OctetString(Box::leak(v.into_boxed_slice()))
        )),
        any::<i32>().prop_map(|v| (AvpType::Integer32, Value::Integer32(v))),
        any::<i64>().prop_map(|v| (AvpType::Integer64, Value::Integer64(v))),
        any::<u32>().prop_map(|v| (AvpType::Unsigned32, Value::Unsigned32(v))),
        any::<u64>().prop_map(|v| (AvpType::Unsigned64, Value::Unsigned64(v))),
        any::<f32>()
            .prop_filter("NaN != NaN", |v| !v.is_nan())
            .prop_map(|v| (AvpType::Float32, Value::Float32(v))),
        any::<f64>()
            .prop_filter("NaN != NaN", |v| !v.is_nan())
            .prop_map(|v| (AvpType::Float64, Value::Float64(v))),
        any::<i32>().prop_map(|v| (AvpType::Enumerated, Value::Enumerated(v))),
        any::<u32>().prop_map(|v| (AvpType::Time, Value::Time(DiameterTime(v)))),
        any::<[u8; 4]>().prop_map(|a| (
            AvpType::Address,
            Value::Address(Address::V4(Ipv4Addr::from(a)))
        )),
        any::<[u8; 16]>().prop_map(|a| (
            AvpType::Address,
            Value::Address(Address::V6(Ipv6Addr::from(a)))
        )),
        (3u16.., vec(any::<u8>(), 0..20)).prop_map(|(family, b)| (
            AvpType::Address,
            Value::Address(Address::Other {
                family,
                bytes: Box::leak(b.into_boxed_slice())
            })
        )),
        ".{0,20}".prop_map(|s| (
            AvpType::UTF8String,
            Value::UTF8String(Box::leak(s.into_boxed_str()))
        )),
        "[!-~]{1,30}".prop_map(|s| (
            AvpType::DiameterIdentity,
            Value::DiameterIdentity(Box::leak(s.into_boxed_str()))
        )),
        "aaas?://[a-z0-9.-]{1,20}(:[0-9]{1,4})?(;transport=(tcp|sctp|udp))?(;protocol=(diameter|radius|tacacs\\+))?"
            .prop_map(|s| {
                let s: &'static str = Box::leak(s.into_boxed_str());
                (AvpType::DiameterURI, Value::DiameterURI(DiameterUri::parse(s).unwrap()))
            }),
        ip_rule().prop_map(|r| (AvpType::IPFilterRule, Value::IPFilterRule(r))),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// parse(emit(x)) == x, and the size is what encoded_len promised.
    #[test]
    fn parse_emit_is_identity(x in message()) {
        let b = x.to_vec();
        prop_assert_eq!(b.len(), x.encoded_len());
        prop_assert_eq!(parse(&b), Ok(x));
    }

    /// emit(parse(b)) == b for canonical bytes, both through the owned form
    /// and through a relay that copies every AVP verbatim.
    #[test]
    fn emit_parse_is_identity(x in message()) {
        let b = x.to_vec();
        prop_assert_eq!(parse(&b).unwrap().to_vec(), b.clone());
        let m = Message::new_checked(&b[..]).unwrap();
        let mut out = vec![0u8; b.len()];
        let mut r = MessageBuilder::new(&mut out, m.flags(), m.command_code(), m.application_id(), m.hop_by_hop(), m.end_to_end());
        for a in m.avps() {
            r.raw_avp(a.unwrap().as_bytes());
        }
        prop_assert_eq!(r.finish(), Ok(b.len()));
        prop_assert_eq!(out, b);
    }

    /// Every strict prefix of a valid message is Truncated.
    #[test]
    fn strict_prefixes_are_truncated(x in message()) {
        let b = x.to_vec();
        for len in 0..b.len() {
            let e = Message::new_checked(&b[..len]).unwrap_err();
            prop_assert!(matches!(e, Error::Truncated { offset: 0, .. }), "prefix {} gave {:?}", len, e);
        }
    }

    /// A short buffer reports exactly the size the full emit needs.
    #[test]
    fn short_buffer_reports_required(x in message(), cut in 0usize..64) {
        let need = x.encoded_len();
        let mut buf = vec![0u8; need.saturating_sub(cut + 1)];
        let e = x.emit(&mut buf).unwrap_err();
        prop_assert_eq!(e.required, need);
    }

    /// Typed values: builder emit, then decode with the type, gives the value.
    #[test]
    fn values_round_trip((ty, v) in typed_value(), vendor in proptest::option::of(any::<u32>())) {
        let h = match vendor {
            Some(id) => AvpHeader::vendor(AvpCode(1), AvpFlags::MANDATORY, VendorId(id)),
            None => AvpHeader::mandatory(AvpCode(1)),
        };
        let mut buf = vec![0u8; 512];
        let mut b = MessageBuilder::new(&mut buf, CommandFlags::empty(), CommandCode(1), ApplicationId(0), 0, 0);
        b.value(h, &v);
        let n = b.finish().unwrap();
        let m = Message::new_checked(&buf[..n]).unwrap();
        let avp = m.avps().next().unwrap().unwrap();
        prop_assert_eq!(avp.data().len(), v.encoded_len());
        prop_assert_eq!(Value::decode(ty, &avp).unwrap(), v);
    }

    /// IPFilterRule: rule → text → rule is the identity, and the canonical
    /// text is a fixed point.
    #[test]
    fn ip_filter_rule_text_round_trip(rule in ip_rule()) {
        let text = rule.to_string();
        let back = IpFilterRule::parse(&text).unwrap();
        prop_assert_eq!(back, rule);
        prop_assert_eq!(back.to_string(), text);
    }

    /// QoSFilterRule: the same law for the tag form.
    #[test]
    fn qos_filter_rule_text_round_trip(rule in ip_rule(), dscp in "[A-Z]{2}[0-9]{1,2}", rate in any::<u64>()) {
        let core = rule.to_string();
        let core = core.split_once(' ').unwrap().1;
        for text in [format!("tag {core} DSCP {dscp}"), format!("meter {core} metering {rate} AF11 drop")] {
            let q = QosFilterRule::parse(&text).unwrap();
            prop_assert_eq!(q.source(), rule.source());
            prop_assert_eq!(q.options(), rule.options());
            prop_assert_eq!(q.to_string(), text);
        }
    }

    /// Text parsers never panic on arbitrary input.
    #[test]
    fn text_parsers_never_panic(s in "\\PC{0,80}", t in "(permit|deny|tag|meter) (in|out) [a-z0-9]{1,4} from [!0-9a-f.:/, -]{0,40} to [0-9a-z.:/,! -]{0,40}") {
        let _ = IpFilterRule::parse(&s);
        let _ = QosFilterRule::parse(&s);
        let _ = DiameterUri::parse(&s);
        let _ = IpFilterRule::parse(&t);
        let _ = QosFilterRule::parse(&t);
    }

    /// Arbitrary bytes never panic the view, the walk or the owned form.
    #[test]
    fn arbitrary_bytes_never_panic(mut b in vec(any::<u8>(), 0..200), len in 20u32..200) {
        if b.len() >= 4 {
            b[0] = 1;
            b[1..4].copy_from_slice(&(len & !3).to_be_bytes()[1..]);
        }
        if let Ok(m) = Message::new_checked(&b[..]) {
            let _ = m.check_avps(|_, _| true);
            let _ = OwnedMessage::from_message(&m, |_, _| true);
        }
    }

    /// The framer yields the same frames however the stream is split.
    #[test]
    fn framer_split_invariance(msgs in vec(message(), 1..5), cuts in vec(1usize..64, 1..20)) {
        let stream: Vec<u8> = msgs.iter().flat_map(|m| m.to_vec()).collect();
        let expect: Vec<Vec<u8>> = msgs.iter().map(OwnedMessage::to_vec).collect();
        let mut f = Framer::new(1 << 20);
        let mut got = Vec::new();
        let mut rest = &stream[..];
        let mut i = 0;
        while !rest.is_empty() {
            let n = cuts[i % cuts.len()].min(rest.len());
            i += 1;
            let took = f.push(&rest[..n]);
            rest = &rest[took..];
            while let Some(fr) = f.next_frame() {
                got.push(fr.unwrap().to_vec());
            }
        }
        prop_assert_eq!(got, expect);
    }
}
