//! Mobile IPv6 fuzz bodies.
//!
//! Both assert the round trip strictly: a Mobility Header (or mobility
//! ICMPv6 message) that parses re-emits byte for byte, checksum aside
//! (RFC 6275 §6.2.1: unknown options are kept).

use core::net::Ipv6Addr;

use crate::mip6::rr;
use crate::mip6::wire::{
    check_mobility_header, BindingAck, BindingUpdate, Icmpv6Message, Icmpv6Repr, Ipv6Packet,
    MobilityHeader, MobilityHeaderRepr,
};

const KBM: [u8; 20] = [0x42; 20];

fn check_mh(bytes: &[u8], src: &Ipv6Addr, dst: &Ipv6Addr) {
    let Ok(mh) = MobilityHeader::new_checked(bytes) else {
        return;
    };
    let _ = mh.anomalies();
    let verified = mh.verify_checksum(src, dst);
    let computed = mh.compute_checksum(src, dst);
    if computed == mh.checksum() {
        assert!(verified, "the computed checksum verifies");
    }
    if let Ok(bu) = BindingUpdate::new_checked(bytes) {
        let _ = (bu.sequence(), bu.flags(), bu.lifetime().as_duration());
    }
    if let Ok(ba) = BindingAck::new_checked(bytes) {
        let _ = (ba.status().name(), ba.flags(), ba.sequence());
    }
    let _ = rr::verify_mh_authenticator(&KBM, &src.octets(), &dst.octets(), bytes);
    let Ok(repr) = MobilityHeaderRepr::parse(&mh) else {
        return;
    };
    let mut out = [0u8; crate::mip6::wire::MAX_MH_LEN];
    let n = repr
        .emit(&mut out, src, dst)
        .expect("a parsed header re-emits");
    let original = mh.as_bytes();
    assert_eq!(n, original.len());
    assert_eq!(&out[..4], &original[..4]);
    assert_eq!(&out[6..n], &original[6..]);
    let again = MobilityHeader::new_checked(&out[..n]).expect("re-emitted header parses");
    assert!(again.verify_checksum(src, dst));
    assert_eq!(again.checksum(), computed);
    assert_eq!(MobilityHeaderRepr::parse(&again), Ok(repr));
}

/// A Mobility Header on its own, checksummed with fixed addresses.
pub fn mip6_mobility_header(data: &[u8]) {
    let src = Ipv6Addr::new(0x2001, 0xdb8, 0x77, 0, 0, 0, 0, 0x100);
    let dst = Ipv6Addr::new(0x2001, 0xdb8, 1, 0, 0, 0, 0, 1);
    check_mh(data, &src, &dst);
}

/// An IPv6 packet: the extension-header walk, then the Mobility Header or
/// the mobility ICMPv6 message it ends in.
pub fn mip6_packet(data: &[u8]) {
    let Ok(p) = Ipv6Packet::parse(data) else {
        return;
    };
    let _ = p.verify_checksum();
    let _ = check_mobility_header(&p);
    let (src, dst) = (p.checksum_source(), p.checksum_destination());
    if p.mobility_header().is_ok() {
        check_mh(p.upper, &src, &dst);
    }
    if p.next_header == 58 {
        if let Ok(msg) = Icmpv6Message::new_checked(p.upper) {
            if let Ok(Some(repr)) = Icmpv6Repr::parse(&msg) {
                let _ = repr.home_agents().count();
                let mut out = [0u8; 65535];
                let n = repr
                    .emit(&mut out, &src, &dst)
                    .expect("a parsed message re-emits");
                assert_eq!(n, p.upper.len());
                // The Code is always written as 0 (RFC 6275 §6.5–§6.8).
                assert_eq!(out[0], p.upper[0]);
                assert_eq!(&out[4..n], &p.upper[4..]);
            }
        }
    }
}
