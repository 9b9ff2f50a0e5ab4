//! From a captured frame to a transport payload: link layer, IP, then TCP,
//! UDP or SCTP. Frames that are not IP, are IP fragments, or are cut short
//! yield `None`: they simply carry nothing to decode.

mod ip;
mod link;
mod transport;

use std::net::IpAddr;

pub(crate) use transport::DataChunk;

/// An IP packet's addresses and its transport layer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Packet<'a> {
    pub(crate) src: IpAddr,
    pub(crate) dst: IpAddr,
    /// The IP packet from its IP header (for dissectors of IP protocols,
    /// which need addresses and extension headers).
    pub(crate) ip: &'a [u8],
    pub(crate) l4: L4<'a>,
}

/// The transport layer of a packet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum L4<'a> {
    /// A TCP segment.
    Tcp {
        src_port: u16,
        dst_port: u16,
        seq: u32,
        syn: bool,
        payload: &'a [u8],
    },
    /// A UDP datagram.
    Udp {
        src_port: u16,
        dst_port: u16,
        payload: &'a [u8],
    },
    /// An SCTP packet's DATA chunks.
    Sctp {
        src_port: u16,
        dst_port: u16,
        chunks: Vec<DataChunk<'a>>,
    },
    /// Any other IP protocol (or IPv6 next header, e.g. 135 Mobility).
    Other { next_header: u8, payload: &'a [u8] },
}

/// Parses a frame captured on link type `linktype` (tcpdump.org numbers).
pub(crate) fn parse(linktype: u32, frame: &[u8]) -> Option<Packet<'_>> {
    let l3 = link::network_payload(linktype, frame)?;
    let ip = ip::parse(l3)?;
    let l4 = transport::parse(ip.protocol, ip.payload)?;
    Some(Packet {
        src: ip.src,
        dst: ip.dst,
        ip: ip.packet,
        l4,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn garbage_never_panics() {
        for lt in [0, 1, 12, 101, 108, 113, 228, 229, 276, 9999] {
            for len in 0..80 {
                let frame: Vec<u8> = (0..len).map(|i| (i * 37 + lt) as u8).collect();
                let _ = parse(lt, &frame);
                let ones = vec![0xff; len as usize];
                let _ = parse(lt, &ones);
            }
        }
    }

    proptest::proptest! {
        /// Raw IPv4/IPv6 packets with arbitrary headers and payloads (TCP,
        /// UDP, SCTP, IPv6 extension headers) never panic the parsers.
        #[test]
        fn raw_ip_never_panics(
            v6 in proptest::bool::ANY,
            proto in proptest::prop_oneof![
                proptest::strategy::Just(6u8), proptest::strategy::Just(17),
                proptest::strategy::Just(132), proptest::strategy::Just(0),
                proptest::strategy::Just(44), proptest::strategy::Just(60),
            ],
            mut frame in proptest::collection::vec(proptest::num::u8::ANY, 40..200),
        ) {
            if v6 {
                frame[0] = 0x60 | (frame[0] & 0x0f);
                frame[6] = proto;
            } else {
                frame[0] = 0x45;
                frame[6] &= 0x40; // no fragment bits
                frame[7] = 0;
                frame[9] = proto;
            }
            let _ = parse(101, &frame);
        }
    }
}
