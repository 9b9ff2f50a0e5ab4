//! Property laws for the Mobile IPv4 wire layer (STYLE item 15):
//! `emit(parse(b)) == b` for canonical bytes, `parse(emit(x)) == x`, and the
//! truncation law. Registration messages carry no length field (the UDP
//! payload length is the message length), so a prefix that ends exactly
//! between two extensions is a shorter valid message; every other strict
//! prefix must fail with `Truncated`.

use proptest::prelude::*;
use roam::mip4::wire::{
    self, Error, Extension, RegistrationReply, RegistrationRequest, ReplyHeader, RequestHeader,
    MAX_EXTENSIONS, REPLY_HEADER_LEN, REQUEST_HEADER_LEN,
};

const KNOWN_SKIPPABLE: [u8; 7] = [130, 131, 132, 134, 137, 139, 144];

fn short(ty: u8, body: Vec<u8>) -> Vec<u8> {
    let mut v = vec![ty, body.len() as u8];
    v.extend(body);
    v
}

fn long(ty: u8, second: u8, body: Vec<u8>) -> Vec<u8> {
    let mut v = vec![ty, second];
    v.extend((body.len() as u16).to_be_bytes());
    v.extend(body);
    v
}

fn bytes(min: usize, max: usize) -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(any::<u8>(), min..=max)
}

/// One canonical registration extension, as wire bytes.
fn ext_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        (32u8..=34, bytes(4, 40)).prop_map(|(t, b)| short(t, b)),
        // RFC 4721 §5: Length at least 20.
        (any::<u8>(), bytes(20, 300)).prop_map(|(s, b)| long(36, s, b)),
        (any::<u8>(), bytes(6, 300)).prop_map(|(r, b)| long(38, r, b)),
        keygen_bytes(),
        bytes(6, 6).prop_map(|b| short(44, b)),
        Just(vec![130, 0]),
        (131u8..=132, bytes(0, 60)).prop_map(|(t, b)| short(t, b)),
        bytes(8, 60).prop_map(|b| short(134, b)),
        bytes(6, 6).prop_map(|b| short(137, b)),
        bytes(5, 5).prop_map(|b| short(139, b)),
        bytes(6, 6).prop_map(|b| short(144, b)),
        ext_type_skippable(),
    ]
}

/// RFC 3957 §6.1–6.4 extensions (types 40–43), canonical: the AAA subtype
/// (1) with its exact layout (requests: the SPI only; MN-FA reply: 14 fixed
/// bytes and a nonce of at least 16; MN-HA reply: Lifetime, 12 fixed bytes
/// and a nonce of at least 16), any other subtype with raw data.
fn keygen_bytes() -> impl Strategy<Value = Vec<u8>> {
    let other = any::<u8>().prop_filter("not AAA", |s| *s != 1);
    prop_oneof![
        (prop_oneof![Just(40u8), Just(42)], bytes(4, 4)).prop_map(|(t, b)| long(t, 1, b)),
        (
            prop_oneof![Just(40u8), Just(42)],
            other.clone(),
            bytes(4, 40)
        )
            .prop_map(|(t, s, b)| long(t, s, b)),
        bytes(14 + 16, 14 + 40).prop_map(|b| long(41, 1, b)),
        (other.clone(), bytes(0, 40)).prop_map(|(s, b)| long(41, s, b)),
        bytes(4 + 12 + 16, 4 + 12 + 40).prop_map(|b| long(43, 1, b)),
        (other, bytes(4, 40)).prop_map(|(s, b)| long(43, s, b)),
    ]
}

/// An extension the crate does not know, with a skippable type (≥ 128).
fn ext_type_skippable() -> impl Strategy<Value = Vec<u8>> {
    (128u8..=255, bytes(0, 255))
        .prop_filter("unknown type", |(t, _)| !KNOWN_SKIPPABLE.contains(t))
        .prop_map(|(t, b)| short(t, b))
}

fn message(header_len: usize, ty: u8) -> impl Strategy<Value = (Vec<u8>, Vec<usize>)> {
    (
        bytes(header_len - 1, header_len - 1),
        proptest::collection::vec(ext_bytes(), 0..8),
    )
        .prop_map(move |(h, exts)| {
            let mut m = vec![ty];
            m.extend(h);
            let mut bounds = vec![m.len()];
            for e in exts {
                m.extend(e);
                bounds.push(m.len());
            }
            (m, bounds)
        })
}

fn reemit_request(m: &[u8]) -> Vec<u8> {
    let r = RegistrationRequest::new_checked(m).unwrap();
    let exts: Vec<Extension> = r.into_extensions().map(Result::unwrap).collect();
    let mut out = vec![0u8; m.len()];
    let n = RequestHeader::parse(&r).emit(&mut out).unwrap();
    let k = wire::emit_extensions(&exts, &mut out[n..]).unwrap();
    out.truncate(n + k);
    // parse(emit(x)) == x
    let again = RegistrationRequest::new_checked(&out[..]).unwrap();
    assert_eq!(RequestHeader::parse(&again), RequestHeader::parse(&r));
    let exts2: Vec<Extension> = again.into_extensions().map(Result::unwrap).collect();
    assert_eq!(exts2, exts);
    out
}

proptest! {
    #[test]
    fn request_round_trip((m, _) in message(REQUEST_HEADER_LEN, 1)) {
        prop_assert_eq!(reemit_request(&m), m);
    }

    #[test]
    fn reply_round_trip((m, _) in message(REPLY_HEADER_LEN, 3)) {
        let r = RegistrationReply::new_checked(&m[..]).unwrap();
        let exts: Vec<Extension> = r.into_extensions().map(Result::unwrap).collect();
        let mut out = vec![0u8; m.len()];
        let n = ReplyHeader::parse(&r).emit(&mut out).unwrap();
        wire::emit_extensions(&exts, &mut out[n..]).unwrap();
        prop_assert_eq!(out, m);
    }

    #[test]
    fn request_truncation((m, bounds) in message(REQUEST_HEADER_LEN, 1)) {
        for n in 0..m.len() {
            let r = RegistrationRequest::new_checked(&m[..n]);
            if bounds.contains(&n) {
                prop_assert!(r.is_ok(), "prefix {} at a boundary", n);
            } else if n < REQUEST_HEADER_LEN {
                prop_assert_eq!(r.unwrap_err(), Error::Truncated {
                    layer: wire::Layer::RegistrationRequest,
                    offset: 0,
                    required: REQUEST_HEADER_LEN,
                    available: n,
                });
            } else {
                match r {
                    Err(Error::Truncated { offset, required, available, .. }) => {
                        prop_assert_eq!(available, n - offset);
                        prop_assert!(required > available);
                    }
                    other => prop_assert!(false, "prefix {}: {:?}", n, other),
                }
            }
        }
    }

    #[test]
    fn unknown_non_skippable_rejected(ty in 0u8..128, body in bytes(0, 20)) {
        prop_assume!(!matches!(ty, 32..=34 | 36 | 38 | 40..=44));
        let mut m = vec![1u8; REQUEST_HEADER_LEN];
        m.extend(short(ty, body));
        let e = RegistrationRequest::new_checked(&m[..]).unwrap_err();
        prop_assert_eq!(e, Error::UnknownNonSkippable { offset: REQUEST_HEADER_LEN, ty });
        prop_assert_eq!(e.reply_code(wire::Role::ForeignAgent).0, 70);
        prop_assert_eq!(e.reply_code(wire::Role::HomeAgent).0, 134);
    }

    /// RFC 3957: an AAA reply whose nonce is under 128 bits, or an AAA
    /// request with subtype data, is a bad length wherever it sits.
    #[test]
    fn short_aaa_keygen_is_rejected(
        ty in prop_oneof![Just(40u8), Just(41), Just(42), Just(43)],
        extra in 0usize..16,
    ) {
        let body = match ty {
            40 | 42 => vec![0u8; 4 + 1 + extra % 4],
            41 => vec![0u8; 14 + extra],
            _ => vec![0u8; 4 + 12 + extra],
        };
        let mut m = vec![1u8; REQUEST_HEADER_LEN];
        m.extend(long(ty, 1, body));
        let rejected = matches!(
            RegistrationRequest::new_checked(&m[..]),
            Err(Error::BadExtensionLength { offset: REQUEST_HEADER_LEN, ty: t, .. }) if t == ty
        );
        prop_assert!(rejected, "type {} extra {}", ty, extra);
    }

    #[test]
    fn arbitrary_bytes_never_panic(data in bytes(0, 200)) {
        roam::fuzzing::mip4_registration(&data);
        roam::fuzzing::mip4_advertisement(&data);
    }
}

#[test]
fn extension_count_is_bounded() {
    let mut m = vec![1u8; REQUEST_HEADER_LEN];
    for _ in 0..=MAX_EXTENSIONS {
        m.extend([130, 0]);
    }
    assert_eq!(
        RegistrationRequest::new_checked(&m[..]).unwrap_err(),
        Error::TooManyExtensions {
            max: MAX_EXTENSIONS
        }
    );
}

mod advert_and_tunnels {
    use super::bytes;
    use core::net::Ipv4Addr;
    use proptest::prelude::*;
    use roam::mip4::wire::{
        self,
        ipv4::{Ipv4Header, Ipv4Repr},
        tunnel, AdvExtension, AgentAdvFlags, AgentAdvertisement, MobilityAgentAdv, RouterEntry,
    };

    fn adv_ext() -> impl Strategy<Value = (u8, Vec<u8>, u16, u16, u16)> {
        (
            prop_oneof![Just(0u8), Just(16), Just(19), Just(24), 128u8..=255],
            bytes(0, 40),
            any::<u16>(),
            any::<u16>(),
            any::<u16>(),
        )
    }

    fn to_ext(t: &(u8, Vec<u8>, u16, u16, u16)) -> AdvExtension<'_> {
        let (ty, data, a, b, c) = t;
        match ty {
            0 => AdvExtension::Pad,
            16 => AdvExtension::MobilityAgent(MobilityAgentAdv {
                sequence: *a,
                registration_lifetime: *b,
                flags: AgentAdvFlags::from_bits_retain(*c),
                care_of_bytes: &data[..data.len() / 4 * 4],
            }),
            19 => AdvExtension::PrefixLengths(data),
            24 => AdvExtension::Challenge(data),
            t => AdvExtension::Skipped {
                ty: wire::AdvExtensionType(*t),
                data,
            },
        }
    }

    proptest! {
        #[test]
        fn advertisement_round_trip(
            code in prop_oneof![Just(0u8), Just(16)],
            lifetime in any::<u16>(),
            routers in proptest::collection::vec((any::<u32>(), any::<i32>()), 0..4),
            exts in proptest::collection::vec(adv_ext(), 0..6),
        ) {
            let routers: Vec<RouterEntry> = routers
                .into_iter()
                .map(|(a, p)| RouterEntry { address: Ipv4Addr::from(a), preference: p })
                .collect();
            let exts: Vec<AdvExtension> = exts.iter().map(to_ext).collect();
            let mut buf = vec![0u8; 1024];
            let n = wire::emit_advertisement(code, lifetime, &routers, &exts, &mut buf).unwrap();
            let a = AgentAdvertisement::new_checked(&buf[..n]).unwrap();
            prop_assert!(a.verify_checksum());
            prop_assert_eq!(a.code(), code);
            prop_assert_eq!(a.lifetime(), lifetime);
            prop_assert_eq!(a.routers().collect::<Vec<_>>(), routers.clone());
            let parsed: Vec<AdvExtension> = a.extensions().map(Result::unwrap).collect();
            prop_assert_eq!(&parsed, &exts);
            // Too small a buffer reports the exact size.
            let mut small = vec![0u8; n - 1];
            prop_assert!(matches!(
                wire::emit_advertisement(code, lifetime, &routers, &exts, &mut small),
                Err(wire::EmitError::BufferTooSmall(e)) if e.required == n
            ));
        }

        #[test]
        fn tunnels_round_trip(
            payload in bytes(0, 200),
            tos in any::<u8>(),
            src in any::<u32>(),
            dst in any::<u32>(),
            encap in any::<u32>(),
            with_checksum in any::<bool>(),
        ) {
            let repr = Ipv4Repr {
                src: Ipv4Addr::from(src),
                dst: Ipv4Addr::from(dst),
                protocol: 17,
                ttl: 9,
                tos,
                identification: 3,
                dont_fragment: true,
                payload_len: payload.len(),
            };
            let mut inner = vec![0u8; 20];
            repr.emit(&mut inner).unwrap();
            inner.extend(&payload);
            let outer = tunnel::Outer {
                src: Ipv4Addr::from(encap),
                dst: Ipv4Addr::new(192, 0, 2, 10),
                ttl: 64,
                identification: 1,
            };
            let mut out = vec![0u8; inner.len() + 40];
            let n = tunnel::encapsulate_ipip(&inner, &outer, &mut out).unwrap();
            prop_assert_eq!(Ipv4Header::new_checked(&out[..n]).unwrap().tos(), tos);
            prop_assert_eq!(tunnel::decapsulate_ipip(&out[..n]).unwrap(), &inner[..]);
            let n = tunnel::encapsulate_gre(&inner, &outer, with_checksum, &mut out).unwrap();
            prop_assert_eq!(tunnel::decapsulate_gre(&out[..n]).unwrap().payload, &inner[..]);
            let n = tunnel::encapsulate_minimal(&inner, outer.src, outer.dst, &mut out).unwrap();
            prop_assert!(Ipv4Header::new_checked(&out[..n]).unwrap().verify_checksum());
            let mut back = vec![0u8; inner.len()];
            prop_assert_eq!(tunnel::decapsulate_minimal(&out[..n], &mut back).unwrap(), inner.len());
            prop_assert_eq!(back, inner);
        }
    }
}
