//! Tunnelling helpers for home and foreign agents: IP in IP (RFC 2003),
//! minimal encapsulation (RFC 2004) and GRE (RFC 2784), each with an
//! encapsulate function writing into a caller buffer and a decapsulate
//! function. None allocates.

use super::error::{EmitError, Error, Layer};
use super::ipv4::{checksum, fold, protocol, sum, Ipv4Header, Ipv4Repr, HEADER_LEN};
use crate::wire::{be_u16, be_u32, Writer};
use core::net::Ipv4Addr;

/// The outer header parameters chosen by the encapsulator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Outer {
    /// Tunnel entry point (source).
    pub src: Ipv4Addr,
    /// Tunnel exit point (destination, e.g. the care-of address).
    pub dst: Ipv4Addr,
    /// Outer TTL (RFC 2003 §3.1: "set to a value appropriate for delivery
    /// to the exit point").
    pub ttl: u8,
    /// Outer Identification.
    pub identification: u16,
}

fn inner_checked(inner: &[u8]) -> Result<Ipv4Header<&[u8]>, Error> {
    Ipv4Header::new_checked(inner)
}

/// IP in IP (RFC 2003 §3.1): writes an outer header (protocol 4, TOS and DF
/// copied from the inner header) followed by `inner` (a whole IPv4 packet).
pub fn encapsulate_ipip(inner: &[u8], outer: &Outer, buf: &mut [u8]) -> Result<usize, EmitError> {
    let ih = inner_checked(inner)?;
    let inner = inner.get(..usize::from(ih.total_len())).unwrap_or(inner);
    emit_outer(
        outer,
        protocol::IPIP,
        ih.tos(),
        ih.dont_fragment(),
        inner.len(),
        buf,
        |w| w.bytes(inner),
    )
}

fn emit_outer(
    outer: &Outer,
    proto: u8,
    tos: u8,
    df: bool,
    payload_len: usize,
    buf: &mut [u8],
    body: impl FnOnce(&mut Writer<'_>),
) -> Result<usize, EmitError> {
    if HEADER_LEN + payload_len > usize::from(u16::MAX) {
        return Err(EmitError::ValueTooLong {
            length: HEADER_LEN + payload_len,
            max: usize::from(u16::MAX),
        });
    }
    let repr = Ipv4Repr {
        src: outer.src,
        dst: outer.dst,
        protocol: proto,
        ttl: outer.ttl,
        tos,
        identification: outer.identification,
        dont_fragment: df,
        payload_len,
    };
    let mut w = Writer::new(buf);
    repr.emit_to(&mut w);
    body(&mut w);
    Ok(w.finish()?)
}

/// IP in IP decapsulation: checks the outer header (protocol 4) and returns
/// the inner packet, itself checked as IPv4.
pub fn decapsulate_ipip(packet: &[u8]) -> Result<&[u8], Error> {
    let oh = Ipv4Header::new_checked(packet)?;
    if oh.protocol() != protocol::IPIP {
        return Err(Error::InvalidField {
            layer: Layer::Ipv4,
            offset: super::ipv4::field::PROTOCOL,
        });
    }
    let hl = oh.header_len();
    let inner = oh.into_inner().get(hl..).unwrap_or(&[]);
    let inner =
        &inner[..usize::from(Ipv4Header::new_unchecked(inner).total_len()).min(inner.len())];
    inner_checked(inner).map_err(|e| shift(e, hl))?;
    Ok(inner)
}

fn shift(e: Error, by: usize) -> Error {
    match e {
        Error::Truncated {
            layer,
            offset,
            required,
            available,
        } => Error::Truncated {
            layer,
            offset: offset + by,
            required,
            available,
        },
        Error::InvalidField { layer, offset } => Error::InvalidField {
            layer,
            offset: offset + by,
        },
        other => other,
    }
}

/// Length of the minimal forwarding header without / with the original
/// source (RFC 2004 §3.1).
pub const MINIMAL_HEADER_LEN: usize = 8;
/// With the S bit set.
pub const MINIMAL_HEADER_LEN_WITH_SOURCE: usize = 12;

/// Minimal encapsulation (RFC 2004 §3): rewrites the inner header
/// (protocol 55, destination = tunnel exit, source = encapsulator, TTL kept,
/// Total Length grown, checksum recomputed) and inserts the minimal
/// forwarding header with the original protocol, destination and (when the
/// encapsulator is not the original source, S bit) source. Fragmented
/// datagrams are refused (RFC 2004 §3: "MUST NOT be used ... fragmented").
pub fn encapsulate_minimal(
    inner: &[u8],
    encapsulator: Ipv4Addr,
    exit: Ipv4Addr,
    buf: &mut [u8],
) -> Result<usize, EmitError> {
    let ih = inner_checked(inner)?;
    let frag = be_u16(inner, 6).unwrap_or(0);
    if frag & 0x3fff != 0 {
        return Err(EmitError::Invalid(Error::InvalidField {
            layer: Layer::MinimalEncapsulation,
            offset: 6,
        }));
    }
    let hl = ih.header_len();
    let total = usize::from(ih.total_len());
    let with_src = ih.src() != encapsulator;
    let mlen = if with_src {
        MINIMAL_HEADER_LEN_WITH_SOURCE
    } else {
        MINIMAL_HEADER_LEN
    };
    let new_total = total + mlen;
    if new_total > usize::from(u16::MAX) {
        return Err(EmitError::ValueTooLong {
            length: new_total,
            max: usize::from(u16::MAX),
        });
    }
    let mut w = Writer::new(buf);
    // Rewritten IP header (with the inner header's options).
    let mut hdr = [0u8; 60];
    let h = hdr.get_mut(..hl).ok_or(Error::InvalidField {
        layer: Layer::Ipv4,
        offset: 0,
    })?;
    h.copy_from_slice(inner.get(..hl).unwrap_or(&[]));
    h[2..4].copy_from_slice(&(new_total as u16).to_be_bytes());
    h[9] = protocol::MINIMAL;
    h[10..12].fill(0);
    h[12..16].copy_from_slice(&encapsulator.octets());
    h[16..20].copy_from_slice(&exit.octets());
    let ck = checksum(h);
    h[10..12].copy_from_slice(&ck.to_be_bytes());
    w.bytes(h);
    // Minimal forwarding header.
    let mut m = [0u8; MINIMAL_HEADER_LEN_WITH_SOURCE];
    m[0] = ih.protocol();
    m[1] = if with_src { 0x80 } else { 0 };
    m[4..8].copy_from_slice(&ih.dst().octets());
    if with_src {
        m[8..12].copy_from_slice(&ih.src().octets());
    }
    let mh = &mut m[..mlen];
    let ck = checksum(mh);
    mh[2..4].copy_from_slice(&ck.to_be_bytes());
    w.bytes(mh);
    w.bytes(inner.get(hl..total).unwrap_or(&[]));
    Ok(w.finish()?)
}

/// Minimal decapsulation (RFC 2004 §3): verifies the forwarding header's
/// checksum, restores the original protocol, destination and source, shrinks
/// Total Length, recomputes the header checksum, and writes the original
/// datagram into `buf`.
pub fn decapsulate_minimal(packet: &[u8], buf: &mut [u8]) -> Result<usize, EmitError> {
    let oh = Ipv4Header::new_checked(packet)?;
    if oh.protocol() != protocol::MINIMAL {
        return Err(EmitError::Invalid(Error::InvalidField {
            layer: Layer::Ipv4,
            offset: super::ipv4::field::PROTOCOL,
        }));
    }
    let hl = oh.header_len();
    let total = usize::from(oh.total_len());
    let payload = packet.get(hl..total).unwrap_or(&[]);
    let trunc = |required: usize| Error::Truncated {
        layer: Layer::MinimalEncapsulation,
        offset: hl,
        required,
        available: payload.len(),
    };
    let s = payload.get(1).ok_or(trunc(MINIMAL_HEADER_LEN))? & 0x80 != 0;
    let mlen = if s {
        MINIMAL_HEADER_LEN_WITH_SOURCE
    } else {
        MINIMAL_HEADER_LEN
    };
    let mh = payload.get(..mlen).ok_or(trunc(mlen))?;
    if fold(sum(mh, 0)) != 0xffff {
        return Err(EmitError::Invalid(Error::BadChecksum {
            layer: Layer::MinimalEncapsulation,
        }));
    }
    let orig_dst = be_u32(mh, 4).unwrap_or(0).to_be_bytes();
    let orig_src = if s {
        be_u32(mh, 8).unwrap_or(0).to_be_bytes()
    } else {
        oh.src().octets()
    };
    let mut hdr = [0u8; 60];
    let h = hdr.get_mut(..hl).ok_or(Error::InvalidField {
        layer: Layer::Ipv4,
        offset: 0,
    })?;
    h.copy_from_slice(packet.get(..hl).unwrap_or(&[]));
    h[2..4].copy_from_slice(&((total - mlen) as u16).to_be_bytes());
    h[9] = mh[0];
    h[10..12].fill(0);
    h[12..16].copy_from_slice(&orig_src);
    h[16..20].copy_from_slice(&orig_dst);
    let ck = checksum(h);
    h[10..12].copy_from_slice(&ck.to_be_bytes());
    let mut w = Writer::new(buf);
    w.bytes(h);
    w.bytes(payload.get(mlen..).unwrap_or(&[]));
    Ok(w.finish()?)
}

/// EtherType of IPv4 in GRE's Protocol Type field.
pub const GRE_PROTOCOL_IPV4: u16 = 0x0800;
const GRE_C: u16 = 0x8000;
/// Bits 1–5 of the GRE flags, which RFC 2784 §2.5.1 receivers MUST see as
/// zero (they belong to RFC 1701).
const GRE_RESERVED0_1701: u16 = 0x7c00;

/// GRE encapsulation (RFC 2784 §2): outer IPv4 (protocol 47, TOS and DF from
/// the inner header), GRE header with Protocol Type 0x0800, and the optional
/// checksum (C bit) over the GRE header and payload.
pub fn encapsulate_gre(
    inner: &[u8],
    outer: &Outer,
    with_checksum: bool,
    buf: &mut [u8],
) -> Result<usize, EmitError> {
    let ih = inner_checked(inner)?;
    let inner = inner.get(..usize::from(ih.total_len())).unwrap_or(inner);
    let gre_len = if with_checksum { 8 } else { 4 };
    let mut gre = [0u8; 8];
    gre[0..2].copy_from_slice(&(if with_checksum { GRE_C } else { 0 }).to_be_bytes());
    gre[2..4].copy_from_slice(&GRE_PROTOCOL_IPV4.to_be_bytes());
    if with_checksum {
        let ck = !fold(sum(inner, sum(&gre, 0)));
        gre[4..6].copy_from_slice(&ck.to_be_bytes());
    }
    emit_outer(
        outer,
        protocol::GRE,
        ih.tos(),
        ih.dont_fragment(),
        gre_len + inner.len(),
        buf,
        |w| {
            w.bytes(&gre[..gre_len]);
            w.bytes(inner);
        },
    )
}

/// The result of a GRE decapsulation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GrePayload<'a> {
    /// Protocol Type (EtherType) of the payload.
    pub protocol_type: u16,
    /// The payload.
    pub payload: &'a [u8],
}

/// GRE decapsulation (RFC 2784 §2): checks the outer header (protocol 47),
/// version 0, the RFC 1701 bits zero, and the checksum when present.
pub fn decapsulate_gre(packet: &[u8]) -> Result<GrePayload<'_>, Error> {
    let oh = Ipv4Header::new_checked(packet)?;
    if oh.protocol() != protocol::GRE {
        return Err(Error::InvalidField {
            layer: Layer::Ipv4,
            offset: super::ipv4::field::PROTOCOL,
        });
    }
    let hl = oh.header_len();
    let total = usize::from(oh.total_len());
    let g = packet.get(hl..total).unwrap_or(&[]);
    let flags = be_u16(g, 0).ok_or(Error::Truncated {
        layer: Layer::Gre,
        offset: hl,
        required: 4,
        available: g.len(),
    })?;
    if flags & 0x0007 != 0 || flags & GRE_RESERVED0_1701 != 0 {
        return Err(Error::InvalidField {
            layer: Layer::Gre,
            offset: hl,
        });
    }
    let glen = if flags & GRE_C != 0 { 8 } else { 4 };
    if g.len() < glen {
        return Err(Error::Truncated {
            layer: Layer::Gre,
            offset: hl,
            required: glen,
            available: g.len(),
        });
    }
    if flags & GRE_C != 0 && fold(sum(g, 0)) != 0xffff {
        return Err(Error::BadChecksum { layer: Layer::Gre });
    }
    Ok(GrePayload {
        protocol_type: be_u16(g, 2).unwrap_or(0),
        payload: g.get(glen..).unwrap_or(&[]),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inner_packet(buf: &mut [u8; 28]) -> &[u8] {
        let repr = Ipv4Repr {
            src: Ipv4Addr::new(198, 51, 100, 9),
            dst: Ipv4Addr::new(10, 1, 0, 20),
            protocol: protocol::UDP,
            ttl: 61,
            tos: 0xb8,
            identification: 77,
            dont_fragment: true,
            payload_len: 8,
        };
        repr.emit(&mut buf[..]).unwrap();
        buf[20..].copy_from_slice(&[0, 53, 0, 53, 0, 8, 0, 0]);
        &buf[..]
    }

    const OUTER: Outer = Outer {
        src: Ipv4Addr::new(10, 1, 0, 1),
        dst: Ipv4Addr::new(192, 0, 2, 10),
        ttl: 64,
        identification: 9,
    };

    #[test]
    fn ipip_round_trip() {
        let mut b = [0u8; 28];
        let inner = inner_packet(&mut b);
        let mut out = [0u8; 48];
        assert_eq!(encapsulate_ipip(inner, &OUTER, &mut out), Ok(48));
        let oh = Ipv4Header::new_checked(&out[..]).unwrap();
        assert!(oh.verify_checksum());
        assert_eq!(oh.tos(), 0xb8);
        assert!(oh.dont_fragment());
        assert_eq!(decapsulate_ipip(&out), Ok(inner));
        assert!(encapsulate_ipip(inner, &OUTER, &mut out[..47]).is_err());
    }

    #[test]
    fn gre_round_trip_with_checksum() {
        let mut b = [0u8; 28];
        let inner = inner_packet(&mut b);
        for c in [false, true] {
            let mut out = [0u8; 56];
            let n = encapsulate_gre(inner, &OUTER, c, &mut out).unwrap();
            let p = decapsulate_gre(&out[..n]).unwrap();
            assert_eq!(p.protocol_type, GRE_PROTOCOL_IPV4);
            assert_eq!(p.payload, inner);
            if c {
                out[n - 1] ^= 1;
                assert_eq!(
                    decapsulate_gre(&out[..n]),
                    Err(Error::BadChecksum { layer: Layer::Gre })
                );
            }
        }
    }

    #[test]
    fn minimal_round_trip() {
        let mut b = [0u8; 28];
        let inner = inner_packet(&mut b);
        for encapsulator in [Ipv4Addr::new(10, 1, 0, 1), Ipv4Addr::new(198, 51, 100, 9)] {
            let mut out = [0u8; 40];
            let n = encapsulate_minimal(inner, encapsulator, OUTER.dst, &mut out).unwrap();
            assert_eq!(n, if encapsulator == OUTER.src { 40 } else { 36 });
            let oh = Ipv4Header::new_checked(&out[..n]).unwrap();
            assert!(oh.verify_checksum());
            assert_eq!(oh.protocol(), protocol::MINIMAL);
            assert_eq!(oh.dst(), OUTER.dst);
            let mut back = [0u8; 28];
            assert_eq!(decapsulate_minimal(&out[..n], &mut back), Ok(28));
            assert_eq!(&back[..], inner);
        }
    }
}
