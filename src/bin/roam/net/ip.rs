//! IPv4 (RFC 791) and IPv6 (RFC 8200) headers, walking IPv6 extension
//! headers to the upper-layer protocol.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

pub(super) const ETHERTYPE_IPV4: u16 = 0x0800;
pub(super) const ETHERTYPE_IPV6: u16 = 0x86dd;

const IPV4_MIN_HEADER: usize = 20;
const IPV6_HEADER: usize = 40;
/// IPv4 flags/fragment offset field: MF bit and the 13-bit offset.
const IPV4_MORE_FRAGMENTS: u16 = 0x2000;
const IPV4_FRAGMENT_OFFSET: u16 = 0x1fff;

/// IPv6 extension headers (IANA "IPv6 Extension Header Types").
const HOP_BY_HOP: u8 = 0;
const ROUTING: u8 = 43;
const FRAGMENT: u8 = 44;
const AUTH_HEADER: u8 = 51;
const DEST_OPTS: u8 = 60;
/// How many IPv6 extension headers we walk before giving up.
const MAX_EXTENSION_HEADERS: usize = 16;

/// An IP packet's addresses, upper-layer protocol and payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Ip<'a> {
    pub(super) src: IpAddr,
    pub(super) dst: IpAddr,
    pub(super) protocol: u8,
    /// The whole packet from its IP header, cut at its total length.
    pub(super) packet: &'a [u8],
    pub(super) payload: &'a [u8],
}

/// Parses IPv4 or IPv6 by the version nibble. Fragments other than a
/// complete, unfragmented packet yield `None` (no IP reassembly).
pub(super) fn parse(b: &[u8]) -> Option<Ip<'_>> {
    match b.first()? >> 4 {
        4 => ipv4(b),
        6 => ipv6(b),
        _ => None,
    }
}

fn ipv4(b: &[u8]) -> Option<Ip<'_>> {
    let ihl = usize::from(b.first()? & 0x0f) * 4;
    let total = usize::from(roam::wire::be_u16(b, 2)?);
    if ihl < IPV4_MIN_HEADER || total < ihl {
        return None;
    }
    let frag = roam::wire::be_u16(b, 6)?;
    if frag & (IPV4_MORE_FRAGMENTS | IPV4_FRAGMENT_OFFSET) != 0 {
        return None;
    }
    // Ethernet pads short frames: the total length says where IP ends.
    let packet = b.get(..total.min(b.len()))?;
    Some(Ip {
        src: IpAddr::V4(Ipv4Addr::from(addr::<4>(b, 12)?)),
        dst: IpAddr::V4(Ipv4Addr::from(addr::<4>(b, 16)?)),
        protocol: *b.get(9)?,
        packet,
        payload: packet.get(ihl..)?,
    })
}

fn ipv6(b: &[u8]) -> Option<Ip<'_>> {
    let payload_len = usize::from(roam::wire::be_u16(b, 4)?);
    let mut next = *b.get(6)?;
    let body = b.get(IPV6_HEADER..)?;
    // A zero payload length means a jumbogram (RFC 2675): take the rest.
    let mut rest = if payload_len == 0 {
        body
    } else {
        body.get(..payload_len.min(body.len()))?
    };
    let packet = b.get(..IPV6_HEADER + rest.len())?;
    for _ in 0..MAX_EXTENSION_HEADERS {
        let len = match next {
            HOP_BY_HOP | ROUTING | DEST_OPTS => (usize::from(*rest.get(1)?) + 1) * 8,
            FRAGMENT => {
                let off_m = roam::wire::be_u16(rest, 2)?;
                if off_m & 0xfff9 != 0 {
                    return None; // a fragment: offset or M set
                }
                8
            }
            AUTH_HEADER => (usize::from(*rest.get(1)?) + 2) * 4,
            _ => {
                return Some(Ip {
                    src: IpAddr::V6(Ipv6Addr::from(addr::<16>(b, 8)?)),
                    dst: IpAddr::V6(Ipv6Addr::from(addr::<16>(b, 24)?)),
                    protocol: next,
                    packet,
                    payload: rest,
                })
            }
        };
        next = *rest.first()?;
        rest = rest.get(len..)?;
    }
    None
}

fn addr<const N: usize>(b: &[u8], at: usize) -> Option<[u8; N]> {
    b.get(at..at + N)?.try_into().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv6_extension_headers() {
        let mut p = vec![0x60, 0, 0, 0, 0, 20, 0, 64]; // payload 20, next HBH
        p.extend_from_slice(&[0; 15]);
        p.push(1); // ::1
        p.extend_from_slice(&[0; 15]);
        p.push(2); // ::2
        p.extend_from_slice(&[60, 0, 1, 4, 0, 0, 0, 0]); // HBH → DestOpts, PadN
        p.extend_from_slice(&[6, 0, 1, 4, 0, 0, 0, 0]); // DestOpts → TCP
        p.extend_from_slice(&[0xaa, 0xbb, 0xcc, 0xdd, 0xee]); // 4 bytes + 1 past the length
        let ip = parse(&p).unwrap();
        assert_eq!(ip.protocol, 6);
        assert_eq!(ip.payload, &[0xaa, 0xbb, 0xcc, 0xdd]);
        // The whole packet, cut at the payload length (the last byte is past it).
        assert_eq!(ip.packet, &p[..p.len() - 1]);
        assert_eq!(ip.dst, "::2".parse::<IpAddr>().unwrap());
    }

    #[test]
    fn ipv4_fragments_are_skipped() {
        let mut p = vec![0x45, 0, 0, 20, 0, 0, 0x20, 0, 64, 6, 0, 0];
        p.extend_from_slice(&[192, 0, 2, 1, 192, 0, 2, 2]);
        assert_eq!(parse(&p), None);
        p[6] = 0x40; // DF only
        assert_eq!(parse(&p).map(|ip| ip.protocol), Some(6));
        p.extend_from_slice(&[0; 6]); // Ethernet padding after the total length
        assert_eq!(parse(&p).map(|ip| ip.packet.len()), Some(20));
    }
}
