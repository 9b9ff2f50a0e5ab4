//! Mobile IPv4 fuzz bodies: parse, walk, verify, and assert the strict round
//! trip `emit(parse(x)) == x` for every message that parses.

use crate::mip4::wire::{
    self, AdvExtension, AgentAdvertisement, Algorithm, Extension, ExtensionType, RegistrationReply,
    RegistrationRequest, ReplyHeader, RequestHeader, RouterEntry, SecurityAssociation,
    MAX_EXTENSIONS, REPLY_HEADER_LEN, REQUEST_HEADER_LEN,
};
use crate::wire::Writer;

const MAX: usize = 4096;

fn round_trip_extensions<'a>(
    exts: impl Iterator<Item = Result<Extension<'a>, wire::Error>>,
    w: &mut Writer<'_>,
) {
    for e in exts {
        let e = e.expect("checked message yields valid extensions");
        let before = w.position();
        e.emit_to(w).expect("a parsed extension re-emits");
        assert_eq!(w.position() - before, e.encoded_len());
    }
}

fn verify_all(data: &[u8], header: usize) {
    let sa = SecurityAssociation {
        algorithm: Algorithm::HmacMd5,
        key: b"fuzz",
    };
    let keys = [(0x100u32, sa), (2, sa), (3, sa)];
    for ty in [32u8, 33, 34, 36] {
        let _ = wire::verify_message(data, header, ExtensionType(ty), &keys[..]);
    }
}

/// Registration Request/Reply: parse, strict round trip, authenticator
/// checks, in-place relay rewrite. Must never panic.
pub fn mip4_registration(data: &[u8]) {
    if data.len() > MAX {
        return;
    }
    let mut out = [0u8; MAX];
    if let Ok(r) = RegistrationRequest::new_checked(data) {
        let mut w = Writer::new(&mut out);
        RequestHeader::parse(&r).emit_to(&mut w);
        round_trip_extensions(r.into_extensions(), &mut w);
        assert_eq!(w.written(), Some(data), "request round trip");
        verify_all(data, REQUEST_HEADER_LEN);
        // A relay rewriting the care-of address in place keeps the message valid.
        let mut copy = [0u8; MAX];
        let c = &mut copy[..data.len()];
        c.copy_from_slice(data);
        let mut v = RegistrationRequest::new_unchecked(&mut c[..]);
        v.set_care_of_address(core::net::Ipv4Addr::new(192, 0, 2, 1));
        assert!(RegistrationRequest::new_checked(&c[..]).is_ok());
    }
    if let Ok(r) = RegistrationReply::new_checked(data) {
        let mut w = Writer::new(&mut out);
        ReplyHeader::parse(&r).emit_to(&mut w);
        round_trip_extensions(r.into_extensions(), &mut w);
        assert_eq!(w.written(), Some(data), "reply round trip");
        verify_all(data, REPLY_HEADER_LEN);
    }
    // Every message type through the describe surface (revocations too).
    if let Ok(m) = wire::describe::Message::parse(data) {
        let mut n = 0usize;
        m.for_each_field(|_, _| n += 1);
        for e in m.extensions() {
            let e = e.expect("checked message yields valid extensions");
            e.for_each_field(|_, _| n += 1);
            let _ = e.anomalies();
        }
        assert!(n >= 2);
    }
    // The unchecked walkers are safe on anything.
    for _ in wire::Extensions::new(data, 0) {}
}

/// Agent Advertisement/Solicitation: parse, strict round trip (checksum
/// recomputed, so compared when the input's verifies). Must never panic.
pub fn mip4_advertisement(data: &[u8]) {
    if data.len() > MAX {
        return;
    }
    if let Ok(a) = AgentAdvertisement::new_checked(data) {
        let mut routers = [RouterEntry {
            address: core::net::Ipv4Addr::UNSPECIFIED,
            preference: 0,
        }; 255];
        let mut nr = 0;
        for r in a.routers() {
            if let Some(slot) = routers.get_mut(nr) {
                *slot = r;
                nr += 1;
            }
        }
        let mut exts = [AdvExtension::Pad; MAX_EXTENSIONS];
        let mut ne = 0;
        for e in a.extensions() {
            let e = e.expect("checked advertisement yields valid extensions");
            if let Some(slot) = exts.get_mut(ne) {
                *slot = e;
                ne += 1;
            }
        }
        let _ = a.mobility_agent().map(|m| m.care_of_addresses().count());
        let mut out = [0u8; MAX];
        let n = wire::emit_advertisement(
            a.code(),
            a.lifetime(),
            &routers[..nr],
            &exts[..ne],
            &mut out,
        )
        .expect("a parsed advertisement re-emits");
        assert_eq!(n, data.len());
        let emitted = &out[..n];
        assert!(AgentAdvertisement::new_unchecked(emitted).verify_checksum());
        if a.verify_checksum() {
            assert_eq!(emitted, data, "advertisement round trip");
        } else {
            assert_eq!(emitted.get(..2), data.get(..2));
            assert_eq!(emitted.get(4..), data.get(4..));
        }
    }
    if let Ok(s) = wire::AgentSolicitation::new_checked(data) {
        let _ = s.verify_checksum();
    }
}
