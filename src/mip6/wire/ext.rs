//! The IPv6 header and the extension headers Mobile IPv6 uses, and a walker
//! from the IPv6 header to the upper-layer header (RFC 8200 §4; RFC 6275
//! §6.3, §6.4).
//!
//! * The Home Address option (type 201, 16 bytes, alignment 8n+6) inside a
//!   Destination Options header (RFC 6275 §6.3).
//! * The type 2 Routing Header: one address, Header Ext Len 2, Segments
//!   Left 1 on the wire (RFC 6275 §6.4).
//! * [`Ipv6Packet::parse`] walks Hop-by-Hop, Routing, Fragment and
//!   Destination Options headers (at most [`MAX_EXTENSION_HEADERS`]) and
//!   records what the Mobility Header checksum needs: the home address from
//!   a Home Address option replaces the source, and the address of a
//!   Routing Header with Segments Left > 0 is the final destination
//!   (RFC 6275 §6.1.1 with RFC 8200 §8.1).

use core::net::Ipv6Addr;

use super::checksum::{self, NEXT_HEADER_ICMPV6, NEXT_HEADER_MOBILITY};
use super::error::{Anomalies, Error, Layer};
use super::header::{MobilityHeader, MobilityHeaderRepr};
use crate::wire::{be_u16, Writer};

/// Size of the IPv6 fixed header.
pub const IPV6_HEADER_LEN: usize = 40;
/// The most extension headers [`Ipv6Packet::parse`] walks before giving up.
pub const MAX_EXTENSION_HEADERS: usize = 8;
/// Next Header: Hop-by-Hop Options.
pub const NEXT_HEADER_HOP_BY_HOP: u8 = 0;
/// Next Header: Routing.
pub const NEXT_HEADER_ROUTING: u8 = 43;
/// Next Header: Fragment.
pub const NEXT_HEADER_FRAGMENT: u8 = 44;
/// Next Header: Destination Options.
pub const NEXT_HEADER_DEST_OPTS: u8 = 60;
/// Next Header: No Next Header.
pub const NEXT_HEADER_NONE: u8 = 59;
/// The Home Address destination option type (RFC 6275 §6.3).
pub const OPT_HOME_ADDRESS: u8 = 201;
/// The Routing Type of the type 2 Routing Header (RFC 6275 §6.4).
pub const ROUTING_TYPE_2: u8 = 2;
/// Bytes of a Destination Options header holding only a Home Address
/// option (PadN of 4 bytes, then the option at offset 6).
pub const HAO_HEADER_LEN: usize = 24;
/// Bytes of a type 2 Routing Header.
pub const RH2_LEN: usize = 24;

fn addr_at(b: &[u8], at: usize) -> Option<Ipv6Addr> {
    let a: [u8; 16] = b.get(at..at.checked_add(16)?)?.try_into().ok()?;
    Some(Ipv6Addr::from(a))
}

fn truncated(layer: Layer, offset: usize, required: usize, available: usize) -> Error {
    Error::Truncated {
        layer,
        offset,
        required,
        available,
    }
}

/// An IPv6 packet walked down to its upper-layer header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ipv6Packet<'a> {
    /// Source Address of the IPv6 header.
    pub src: Ipv6Addr,
    /// Destination Address of the IPv6 header.
    pub dst: Ipv6Addr,
    /// Hop Limit.
    pub hop_limit: u8,
    /// The home address from a Home Address option, when present.
    pub home_address: Option<Ipv6Addr>,
    /// The address carried by a type 2 Routing Header, when present.
    pub routing_address: Option<Ipv6Addr>,
    /// Segments Left of that Routing Header (0 when absent).
    pub segments_left: u8,
    /// Extension headers walked.
    pub extension_headers: usize,
    /// The upper-layer protocol (135 for a Mobility Header).
    pub next_header: u8,
    /// Offset of the upper-layer header in the packet.
    pub upper_offset: usize,
    /// The upper-layer bytes, up to the end of the IPv6 payload.
    pub upper: &'a [u8],
    /// Tolerated deviations: a misaligned Home Address option, bytes after
    /// the IPv6 payload.
    pub anomalies: Anomalies,
}

impl<'a> Ipv6Packet<'a> {
    /// Walks `packet` from its IPv6 header through extension headers.
    ///
    /// Errors: truncation, a version other than 6, a jumbogram (Payload
    /// Length 0), more than [`MAX_EXTENSION_HEADERS`] headers, a fragment
    /// that is not a whole packet, two Home Address options, or a type 2
    /// Routing Header of the wrong size or with Segments Left above 1.
    pub fn parse(packet: &'a [u8]) -> Result<Ipv6Packet<'a>, Error> {
        let Some(hdr) = packet.get(..IPV6_HEADER_LEN) else {
            return Err(truncated(Layer::Ipv6, 0, IPV6_HEADER_LEN, packet.len()));
        };
        let version = hdr[0] >> 4;
        if version != 6 {
            return Err(Error::NotIpv6 { version });
        }
        let plen = usize::from(be_u16(hdr, 4).unwrap_or(0));
        if plen == 0 {
            return Err(Error::Malformed {
                layer: Layer::Ipv6,
                offset: 4,
            });
        }
        let end = IPV6_HEADER_LEN + plen;
        let Some(b) = packet.get(..end) else {
            return Err(truncated(Layer::Ipv6, 0, end, packet.len()));
        };
        let mut anomalies = Anomalies::empty();
        if packet.len() > end {
            anomalies |= Anomalies::TRAILING_BYTES;
        }
        let (Some(src), Some(dst)) = (addr_at(hdr, 8), addr_at(hdr, 24)) else {
            return Err(truncated(Layer::Ipv6, 0, IPV6_HEADER_LEN, packet.len()));
        };
        let mut p = Ipv6Packet {
            src,
            dst,
            hop_limit: hdr[7],
            home_address: None,
            routing_address: None,
            segments_left: 0,
            extension_headers: 0,
            next_header: hdr[6],
            upper_offset: IPV6_HEADER_LEN,
            upper: &[],
            anomalies,
        };
        let mut at = IPV6_HEADER_LEN;
        while matches!(
            p.next_header,
            NEXT_HEADER_HOP_BY_HOP
                | NEXT_HEADER_ROUTING
                | NEXT_HEADER_DEST_OPTS
                | NEXT_HEADER_FRAGMENT
        ) {
            if p.extension_headers == MAX_EXTENSION_HEADERS {
                return Err(Error::TooManyExtensionHeaders {
                    max: MAX_EXTENSION_HEADERS,
                });
            }
            p.extension_headers += 1;
            let rest = b.get(at..).unwrap_or(&[]);
            let (Some(&nh), Some(&len)) = (rest.first(), rest.get(1)) else {
                return Err(truncated(Layer::ExtensionHeader, at, 8, rest.len()));
            };
            let hlen = if p.next_header == NEXT_HEADER_FRAGMENT {
                8
            } else {
                (usize::from(len) + 1) * 8
            };
            let Some(h) = rest.get(..hlen) else {
                return Err(truncated(Layer::ExtensionHeader, at, hlen, rest.len()));
            };
            match p.next_header {
                NEXT_HEADER_FRAGMENT => {
                    let off_m = be_u16(h, 2).unwrap_or(0);
                    if off_m & 0xfff9 != 0 {
                        return Err(Error::Fragmented { offset: at });
                    }
                }
                NEXT_HEADER_ROUTING if h[2] == ROUTING_TYPE_2 => {
                    if hlen != RH2_LEN || h[3] > 1 || p.routing_address.is_some() {
                        return Err(Error::Malformed {
                            layer: Layer::ExtensionHeader,
                            offset: at,
                        });
                    }
                    p.routing_address = addr_at(h, 8);
                    p.segments_left = h[3];
                }
                NEXT_HEADER_DEST_OPTS => {
                    p.scan_dest_opts(h, at)?;
                }
                _ => {}
            }
            p.next_header = nh;
            at += hlen;
        }
        p.upper_offset = at;
        p.upper = b.get(at..).unwrap_or(&[]);
        Ok(p)
    }

    fn scan_dest_opts(&mut self, h: &[u8], base: usize) -> Result<(), Error> {
        let mut i = 2;
        while let Some(&ty) = h.get(i) {
            if ty == 0 {
                i += 1;
                continue;
            }
            let Some(&len) = h.get(i + 1) else {
                return Err(truncated(Layer::ExtensionHeader, base + i, 2, 1));
            };
            let next = i + 2 + usize::from(len);
            let Some(data) = h.get(i + 2..next) else {
                return Err(truncated(
                    Layer::ExtensionHeader,
                    base + i,
                    2 + usize::from(len),
                    h.len() - i,
                ));
            };
            if ty == OPT_HOME_ADDRESS {
                if len != 16 || self.home_address.is_some() {
                    return Err(Error::Malformed {
                        layer: Layer::ExtensionHeader,
                        offset: base + i,
                    });
                }
                // RFC 6275 §6.3: alignment requirement 8n+6.
                if i % 8 != 6 {
                    self.anomalies |= Anomalies::OPTION_MISALIGNED;
                }
                self.home_address = addr_at(data, 0);
            }
            i = next;
        }
        Ok(())
    }

    /// The source address of the upper-layer pseudo-header: the home
    /// address when a Home Address option is present (RFC 6275 §6.3).
    #[must_use]
    pub fn checksum_source(&self) -> Ipv6Addr {
        self.home_address.unwrap_or(self.src)
    }

    /// The destination address of the upper-layer pseudo-header: the final
    /// destination, i.e. the type 2 Routing Header's address while Segments
    /// Left is 1 (RFC 8200 §8.1).
    #[must_use]
    pub fn checksum_destination(&self) -> Ipv6Addr {
        match self.routing_address {
            Some(a) if self.segments_left > 0 => a,
            _ => self.dst,
        }
    }

    /// The Mobility Header, when the header chain ends in one.
    pub fn mobility_header(&self) -> Result<MobilityHeader<&'a [u8]>, Error> {
        if self.next_header != NEXT_HEADER_MOBILITY {
            return Err(Error::NotMobility {
                next_header: self.next_header,
                offset: self.upper_offset,
            });
        }
        MobilityHeader::new_checked(self.upper)
    }

    /// Whether the upper-layer checksum (Mobility Header or ICMPv6)
    /// verifies with the addresses RFC 6275 prescribes; `None` for other
    /// upper layers.
    #[must_use]
    pub fn verify_checksum(&self) -> Option<bool> {
        let (s, d) = (self.checksum_source(), self.checksum_destination());
        match self.next_header {
            NEXT_HEADER_MOBILITY => {
                let len = self.mobility_header().ok()?.total_len();
                let mh = self.upper.get(..len)?;
                Some(checksum::verify(&s, &d, NEXT_HEADER_MOBILITY, mh))
            }
            NEXT_HEADER_ICMPV6 => Some(checksum::verify(&s, &d, NEXT_HEADER_ICMPV6, self.upper)),
            _ => None,
        }
    }
}

/// An IPv6 packet carrying a Mobility Header, to emit: the IPv6 header, an
/// optional type 2 Routing Header (Segments Left 1), an optional
/// Destination Options header with a Home Address option, and the Mobility
/// Header with its checksum over the right addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MobilityPacketRepr<'a> {
    /// IPv6 Source Address (the care-of address when `home_address` is set).
    pub src: Ipv6Addr,
    /// IPv6 Destination Address (the care-of address when `routing_address`
    /// is set).
    pub dst: Ipv6Addr,
    /// Hop Limit.
    pub hop_limit: u8,
    /// Home Address option contents.
    pub home_address: Option<Ipv6Addr>,
    /// Type 2 Routing Header address (the mobile node's home address).
    pub routing_address: Option<Ipv6Addr>,
    /// The Mobility Header.
    pub mobility: MobilityHeaderRepr<'a>,
}

impl MobilityPacketRepr<'_> {
    /// Bytes [`emit`](Self::emit) writes.
    #[must_use]
    pub fn encoded_len(&self) -> usize {
        IPV6_HEADER_LEN
            + self.routing_address.map_or(0, |_| RH2_LEN)
            + self.home_address.map_or(0, |_| HAO_HEADER_LEN)
            + self.mobility.encoded_len()
    }

    /// Writes the packet; returns its length.
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize, Error> {
        let total = self.encoded_len();
        let plen = u16::try_from(total - IPV6_HEADER_LEN).map_err(|_| Error::TooLong {
            layer: Layer::Ipv6,
            length: total,
        })?;
        if buf.len() < total {
            return Err(Error::BufferTooSmall {
                required: total,
                available: buf.len(),
            });
        }
        let mut w = Writer::new(buf);
        w.u32(0x6000_0000);
        w.u16(plen);
        let after_rh = if self.home_address.is_some() {
            NEXT_HEADER_DEST_OPTS
        } else {
            NEXT_HEADER_MOBILITY
        };
        w.u8(if self.routing_address.is_some() {
            NEXT_HEADER_ROUTING
        } else {
            after_rh
        });
        w.u8(self.hop_limit);
        w.bytes(&self.src.octets());
        w.bytes(&self.dst.octets());
        if let Some(a) = self.routing_address {
            w.u8(after_rh);
            w.u8(2);
            w.u8(ROUTING_TYPE_2);
            w.u8(1);
            w.u32(0);
            w.bytes(&a.octets());
        }
        if let Some(a) = self.home_address {
            w.u8(NEXT_HEADER_MOBILITY);
            w.u8(2);
            w.bytes(&[1, 2, 0, 0]); // PadN: the option lands on 8n+6
            w.u8(OPT_HOME_ADDRESS);
            w.u8(16);
            w.bytes(&a.octets());
        }
        let mh_at = w.position();
        w.finish()?;
        let src = self.home_address.unwrap_or(self.src);
        let dst = self.routing_address.unwrap_or(self.dst);
        let rest = buf.get_mut(mh_at..).unwrap_or(&mut []);
        let n = self.mobility.emit(rest, &src, &dst)?;
        Ok(mh_at + n)
    }

    /// Emits into a new vector.
    #[cfg(feature = "alloc")]
    pub fn to_vec(&self) -> Result<alloc::vec::Vec<u8>, Error> {
        let mut v = alloc::vec![0u8; self.encoded_len()];
        let n = self.emit(&mut v)?;
        v.truncate(n);
        Ok(v)
    }
}
