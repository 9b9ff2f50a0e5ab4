//! Link layers (link type numbers from tcpdump.org's LINKTYPE_ registry).

use crate::net::ip::{ETHERTYPE_IPV4, ETHERTYPE_IPV6};

/// LINKTYPE_NULL: BSD loopback, 4-byte host-order address family.
const NULL: u32 = 0;
/// LINKTYPE_ETHERNET.
const ETHERNET: u32 = 1;
/// DLT_RAW as some systems wrote it into files (12, or 14 on OpenBSD).
const RAW_DLT12: u32 = 12;
const RAW_DLT14: u32 = 14;
/// LINKTYPE_RAW: the frame starts with the IP header.
const RAW: u32 = 101;
/// LINKTYPE_LOOP: OpenBSD loopback, 4-byte network-order address family.
const LOOP: u32 = 108;
/// LINKTYPE_LINUX_SLL: Linux cooked capture v1, 16-byte header.
const LINUX_SLL: u32 = 113;
/// LINKTYPE_IPV4 and LINKTYPE_IPV6: raw IP of one version.
const IPV4: u32 = 228;
const IPV6: u32 = 229;
/// LINKTYPE_LINUX_SLL2: Linux cooked capture v2, 20-byte header.
const LINUX_SLL2: u32 = 276;

/// Ethernet header: destination, source, EtherType.
const ETHERNET_HEADER: usize = 14;
/// IEEE 802.1Q / 802.1ad tag after the EtherType: TCI + inner EtherType.
const VLAN_TAG: usize = 4;
const ETHERTYPE_VLAN: u16 = 0x8100;
const ETHERTYPE_QINQ: u16 = 0x88a8;
const ETHERTYPE_QINQ_OLD: u16 = 0x9100;
/// How many stacked VLAN tags we walk.
const MAX_VLAN_TAGS: usize = 4;
/// SLL: packet type, ARPHRD, address length, 8 address bytes, protocol.
const SLL_HEADER: usize = 16;
const SLL_PROTOCOL: usize = 14;
/// SLL2: protocol, reserved, ifindex, ARPHRD, packet type, address length,
/// 8 address bytes.
const SLL2_HEADER: usize = 20;
const SLL2_PROTOCOL: usize = 0;
/// BSD loopback family header.
const NULL_HEADER: usize = 4;

/// The bytes of the IP packet inside a frame, when it carries IPv4 or IPv6.
pub(super) fn network_payload(linktype: u32, frame: &[u8]) -> Option<&[u8]> {
    match linktype {
        ETHERNET => ethernet(frame),
        RAW | RAW_DLT12 | RAW_DLT14 | IPV4 | IPV6 => Some(frame),
        // The family's value differs across systems (AF_INET6 is 10, 24, 28
        // or 30); the IP version nibble tells the same thing.
        NULL | LOOP => frame.get(NULL_HEADER..),
        LINUX_SLL => by_ethertype(be16(frame, SLL_PROTOCOL)?, frame.get(SLL_HEADER..)?),
        LINUX_SLL2 => by_ethertype(be16(frame, SLL2_PROTOCOL)?, frame.get(SLL2_HEADER..)?),
        _ => None,
    }
}

fn ethernet(frame: &[u8]) -> Option<&[u8]> {
    let mut ethertype = be16(frame, ETHERNET_HEADER - 2)?;
    let mut rest = frame.get(ETHERNET_HEADER..)?;
    for _ in 0..MAX_VLAN_TAGS {
        if !matches!(
            ethertype,
            ETHERTYPE_VLAN | ETHERTYPE_QINQ | ETHERTYPE_QINQ_OLD
        ) {
            break;
        }
        ethertype = be16(rest, 2)?;
        rest = rest.get(VLAN_TAG..)?;
    }
    by_ethertype(ethertype, rest)
}

fn by_ethertype(ethertype: u16, payload: &[u8]) -> Option<&[u8]> {
    matches!(ethertype, ETHERTYPE_IPV4 | ETHERTYPE_IPV6).then_some(payload)
}

fn be16(b: &[u8], at: usize) -> Option<u16> {
    roam::wire::be_u16(b, at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vlan_and_cooked() {
        let mut eth = vec![0u8; 12];
        eth.extend_from_slice(&[0x81, 0x00, 0x00, 0x64, 0x08, 0x00, 0x45]); // VLAN 100, IPv4
        assert_eq!(network_payload(ETHERNET, &eth), Some(&[0x45][..]));
        let mut sll = vec![0u8; 14];
        sll.extend_from_slice(&[0x86, 0xdd, 0x60]); // IPv6
        assert_eq!(network_payload(LINUX_SLL, &sll), Some(&[0x60][..]));
        let mut sll2 = vec![0x08, 0x06]; // ARP
        sll2.extend_from_slice(&[0u8; 19]);
        assert_eq!(network_payload(LINUX_SLL2, &sll2), None);
    }
}
