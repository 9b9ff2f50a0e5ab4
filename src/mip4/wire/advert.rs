//! Agent Advertisement and Agent Solicitation (RFC 5944 §2).
//!
//! An Agent Advertisement is an ICMP Router Advertisement (RFC 1256 §3,
//! type 9; code 0, or 16 when the agent does not route common traffic)
//! followed by extensions from the ICMP Router Discovery numbering space
//! ([`AdvExtensionType`]): the Mobility Agent Advertisement (16), Prefix-Lengths
//! (19), One-byte Padding (0, a lone type byte) and the RFC 4721 Challenge
//! (24). An Agent Solicitation is an ICMP Router Solicitation (type 10).
//!
//! ```text
//! 0 Type=9 | 1 Code | 2..4 Checksum | 4 Num Addrs | 5 Addr Entry Size=2
//! 6..8 Lifetime | 8.. Num Addrs × (Router Address(4), Preference Level(4))
//! then extensions
//! ```

use super::codes::{AdvExtensionType, AgentAdvFlags};
use super::error::{Anomalies, EmitError, Error, Layer};
use super::ext::MAX_EXTENSIONS;
use super::ipv4::{checksum, fold, sum};
use crate::wire::{be_u16, be_u32, Writer};
use core::net::Ipv4Addr;

/// ICMP type of a Router (Agent) Advertisement.
pub const ICMP_ROUTER_ADVERTISEMENT: u8 = 9;
/// ICMP type of a Router (Agent) Solicitation.
pub const ICMP_ROUTER_SOLICITATION: u8 = 10;
/// Code 16: the mobility agent does not route common traffic (RFC 5944 §2.1).
pub const CODE_NOT_A_ROUTER: u8 = 16;
/// Fixed part of the ICMP Router Advertisement.
pub const ADV_HEADER_LEN: usize = 8;
/// Length of an Agent Solicitation.
pub const SOLICITATION_LEN: usize = 8;

/// One (router address, preference) entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RouterEntry {
    /// Router address.
    pub address: Ipv4Addr,
    /// Preference level (signed, RFC 1256).
    pub preference: i32,
}

/// The Mobility Agent Advertisement extension (type 16, RFC 5944 §2.1.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MobilityAgentAdv<'a> {
    /// Sequence Number.
    pub sequence: u16,
    /// Registration Lifetime the agent accepts (0xffff infinity).
    pub registration_lifetime: u16,
    /// Flags R B H F M G r T U X I, reserved bits kept.
    pub flags: AgentAdvFlags,
    /// The care-of addresses, four bytes each.
    pub care_of_bytes: &'a [u8],
}

impl<'a> MobilityAgentAdv<'a> {
    /// The advertised care-of addresses.
    pub fn care_of_addresses(&self) -> impl Iterator<Item = Ipv4Addr> + 'a {
        self.care_of_bytes
            .chunks_exact(4)
            .map(|c| Ipv4Addr::new(c[0], c[1], c[2], c[3]))
    }
}

/// One ICMP Router Discovery extension of an Agent Advertisement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AdvExtension<'a> {
    /// One-byte Padding (0).
    Pad,
    /// Mobility Agent Advertisement (16).
    MobilityAgent(MobilityAgentAdv<'a>),
    /// Prefix-Lengths (19): one prefix length per router address.
    PrefixLengths(&'a [u8]),
    /// Challenge (24, RFC 4721 §2).
    Challenge(&'a [u8]),
    /// An unrecognised skippable extension (≥ 128), kept verbatim.
    Skipped {
        /// The type.
        ty: AdvExtensionType,
        /// The data after type and length.
        data: &'a [u8],
    },
}

impl<'a> AdvExtension<'a> {
    /// Parses the extension at the start of `buf` (at `offset` in the ICMP
    /// message); returns it and its length.
    pub fn parse(buf: &'a [u8], offset: usize) -> Result<(AdvExtension<'a>, usize), Error> {
        let trunc = |required: usize| Error::Truncated {
            layer: Layer::AdvExtension,
            offset,
            required,
            available: buf.len(),
        };
        let ty = *buf.first().ok_or(trunc(1))?;
        if ty == AdvExtensionType::PAD.0 {
            return Ok((AdvExtension::Pad, 1));
        }
        let len = usize::from(*buf.get(1).ok_or(trunc(2))?);
        let body = buf.get(2..2 + len).ok_or(trunc(2 + len))?;
        let bad = Error::BadExtensionLength {
            offset,
            ty,
            length: len,
        };
        let ext = match ty {
            16 => {
                if len < 6 || (len - 6) % 4 != 0 {
                    return Err(bad);
                }
                AdvExtension::MobilityAgent(MobilityAgentAdv {
                    sequence: be_u16(body, 0).ok_or(bad)?,
                    registration_lifetime: be_u16(body, 2).ok_or(bad)?,
                    flags: AgentAdvFlags::from_bits_retain(be_u16(body, 4).ok_or(bad)?),
                    care_of_bytes: body.get(6..).ok_or(bad)?,
                })
            }
            19 => AdvExtension::PrefixLengths(body),
            24 => AdvExtension::Challenge(body),
            t if t >= 128 => AdvExtension::Skipped {
                ty: AdvExtensionType(t),
                data: body,
            },
            t => return Err(Error::UnknownNonSkippable { offset, ty: t }),
        };
        Ok((ext, 2 + len))
    }

    /// The extension type.
    #[must_use]
    pub fn ty(&self) -> AdvExtensionType {
        match self {
            AdvExtension::Pad => AdvExtensionType::PAD,
            AdvExtension::MobilityAgent(_) => AdvExtensionType::MOBILITY_AGENT,
            AdvExtension::PrefixLengths(_) => AdvExtensionType::PREFIX_LENGTHS,
            AdvExtension::Challenge(_) => AdvExtensionType::CHALLENGE,
            AdvExtension::Skipped { ty, .. } => *ty,
        }
    }

    /// Bytes on the wire.
    #[must_use]
    pub fn encoded_len(&self) -> usize {
        match self {
            AdvExtension::Pad => 1,
            AdvExtension::MobilityAgent(m) => 8 + m.care_of_bytes.len(),
            AdvExtension::PrefixLengths(b) | AdvExtension::Challenge(b) => 2 + b.len(),
            AdvExtension::Skipped { data, .. } => 2 + data.len(),
        }
    }

    /// Writes the extension at the writer's position.
    pub fn emit_to(&self, w: &mut Writer<'_>) -> Result<(), EmitError> {
        w.u8(self.ty().0);
        if let AdvExtension::Pad = self {
            return Ok(());
        }
        let len = self.encoded_len() - 2;
        let l = u8::try_from(len).map_err(|_| EmitError::ValueTooLong {
            length: len,
            max: 255,
        })?;
        w.u8(l);
        match self {
            AdvExtension::Pad => {}
            AdvExtension::MobilityAgent(m) => {
                if m.care_of_bytes.len() % 4 != 0 {
                    return Err(EmitError::ValueTooLong {
                        length: m.care_of_bytes.len(),
                        max: m.care_of_bytes.len() & !3,
                    });
                }
                w.u16(m.sequence);
                w.u16(m.registration_lifetime);
                w.u16(m.flags.bits());
                w.bytes(m.care_of_bytes);
            }
            AdvExtension::PrefixLengths(b) | AdvExtension::Challenge(b) => w.bytes(b),
            AdvExtension::Skipped { data, .. } => w.bytes(data),
        }
        Ok(())
    }
}

/// Walks advertisement extensions; yields `Err` once, then stops.
#[derive(Debug, Clone)]
pub struct AdvExtensions<'a> {
    rest: &'a [u8],
    offset: usize,
    count: usize,
}

impl<'a> AdvExtensions<'a> {
    /// Walks `bytes`, which start at `offset` in the ICMP message.
    #[must_use]
    pub fn new(bytes: &'a [u8], offset: usize) -> AdvExtensions<'a> {
        AdvExtensions {
            rest: bytes,
            offset,
            count: 0,
        }
    }
}

impl<'a> Iterator for AdvExtensions<'a> {
    type Item = Result<AdvExtension<'a>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.rest.is_empty() {
            return None;
        }
        if self.count >= MAX_EXTENSIONS {
            self.rest = &[];
            return Some(Err(Error::TooManyExtensions {
                max: MAX_EXTENSIONS,
            }));
        }
        match AdvExtension::parse(self.rest, self.offset) {
            Ok((e, n)) => {
                self.rest = self.rest.get(n..).unwrap_or(&[]);
                self.offset += n;
                self.count += 1;
                Some(Ok(e))
            }
            Err(e) => {
                self.rest = &[];
                Some(Err(e))
            }
        }
    }
}

/// An Agent Advertisement view (ICMP type 9 with extensions).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgentAdvertisement<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> AgentAdvertisement<T> {
    /// Wraps without checking.
    pub const fn new_unchecked(buffer: T) -> AgentAdvertisement<T> {
        AgentAdvertisement { buffer }
    }

    /// Wraps after [`AgentAdvertisement::check`].
    pub fn new_checked(buffer: T) -> Result<AgentAdvertisement<T>, Error> {
        let a = AgentAdvertisement::new_unchecked(buffer);
        a.check()?;
        Ok(a)
    }

    /// Checks type 9, Address Entry Size 2 (RFC 1256 §3), the router list
    /// within the buffer and every extension. The checksum is checked
    /// separately ([`AgentAdvertisement::verify_checksum`]).
    pub fn check(&self) -> Result<(), Error> {
        let b = self.buffer.as_ref();
        if b.len() < ADV_HEADER_LEN {
            return Err(Error::Truncated {
                layer: Layer::AgentAdvertisement,
                offset: 0,
                required: ADV_HEADER_LEN,
                available: b.len(),
            });
        }
        if self.icmp_type() != ICMP_ROUTER_ADVERTISEMENT {
            return Err(Error::WrongType {
                layer: Layer::AgentAdvertisement,
                found: self.icmp_type(),
            });
        }
        if self.addr_entry_size() != 2 {
            return Err(Error::InvalidField {
                layer: Layer::AgentAdvertisement,
                offset: 5,
            });
        }
        let end = self.extensions_offset();
        if b.len() < end {
            return Err(Error::Truncated {
                layer: Layer::AgentAdvertisement,
                offset: 0,
                required: end,
                available: b.len(),
            });
        }
        for e in self.extensions() {
            e?;
        }
        Ok(())
    }

    fn b(&self) -> &[u8] {
        self.buffer.as_ref()
    }

    /// The whole ICMP message.
    pub fn as_bytes(&self) -> &[u8] {
        self.b()
    }

    /// ICMP type (9).
    pub fn icmp_type(&self) -> u8 {
        self.b().first().copied().unwrap_or(0)
    }

    /// ICMP code (0 or 16).
    pub fn code(&self) -> u8 {
        self.b().get(1).copied().unwrap_or(0)
    }

    /// Checksum field.
    pub fn checksum_field(&self) -> u16 {
        be_u16(self.b(), 2).unwrap_or(0)
    }

    /// Num Addrs.
    pub fn num_addrs(&self) -> u8 {
        self.b().get(4).copied().unwrap_or(0)
    }

    /// Addr Entry Size (2).
    pub fn addr_entry_size(&self) -> u8 {
        self.b().get(5).copied().unwrap_or(0)
    }

    /// Lifetime of the advertisement, seconds.
    pub fn lifetime(&self) -> u16 {
        be_u16(self.b(), 6).unwrap_or(0)
    }

    fn extensions_offset(&self) -> usize {
        ADV_HEADER_LEN + 8 * usize::from(self.num_addrs())
    }

    /// The router entries.
    pub fn routers(&self) -> impl Iterator<Item = RouterEntry> + '_ {
        let end = self.extensions_offset().min(self.b().len());
        self.b()
            .get(ADV_HEADER_LEN..end)
            .unwrap_or(&[])
            .chunks_exact(8)
            .map(|c| RouterEntry {
                address: Ipv4Addr::from(be_u32(c, 0).unwrap_or(0)),
                preference: be_u32(c, 4).unwrap_or(0) as i32,
            })
    }

    /// The extension bytes.
    pub fn extension_bytes(&self) -> &[u8] {
        self.b().get(self.extensions_offset()..).unwrap_or(&[])
    }

    /// Walks the extensions.
    pub fn extensions(&self) -> AdvExtensions<'_> {
        AdvExtensions::new(self.extension_bytes(), self.extensions_offset())
    }

    /// The first Mobility Agent Advertisement extension, if any (RFC 5944
    /// §2.1.1: it follows the router addresses).
    pub fn mobility_agent(&self) -> Option<MobilityAgentAdv<'_>> {
        self.extensions().find_map(|e| match e {
            Ok(AdvExtension::MobilityAgent(m)) => Some(m),
            _ => None,
        })
    }

    /// Whether the ICMP checksum verifies.
    pub fn verify_checksum(&self) -> bool {
        !self.b().is_empty() && fold(sum(self.b(), 0)) == 0xffff
    }

    /// Reserved flag bits set in a Mobility Agent Advertisement extension
    /// (`r` and the bits after `I`, RFC 5944 §2.1.1: "sent as zero; ignored
    /// on reception").
    pub fn anomalies(&self) -> Anomalies {
        let known = AgentAdvFlags::all().difference(AgentAdvFlags::R_RESERVED);
        self.extensions()
            .flatten()
            .fold(Anomalies::empty(), |a, e| match e {
                AdvExtension::MobilityAgent(m) if !known.contains(m.flags) => {
                    a | Anomalies::RESERVED_FLAGS
                }
                _ => a,
            })
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> AgentAdvertisement<T> {
    /// Recomputes the ICMP checksum.
    pub fn fill_checksum(&mut self) {
        fill_icmp_checksum(self.buffer.as_mut());
    }
}

fn fill_icmp_checksum(b: &mut [u8]) {
    if let Some(c) = b.get_mut(2..4) {
        c.fill(0);
    }
    let ck = checksum(b);
    if let Some(c) = b.get_mut(2..4) {
        c.copy_from_slice(&ck.to_be_bytes());
    }
}

/// Emits an Agent Advertisement with its checksum. Returns the length, or
/// the exact size needed.
pub fn emit_advertisement(
    code: u8,
    lifetime: u16,
    routers: &[RouterEntry],
    extensions: &[AdvExtension<'_>],
    buf: &mut [u8],
) -> Result<usize, EmitError> {
    let n = u8::try_from(routers.len()).map_err(|_| EmitError::ValueTooLong {
        length: routers.len(),
        max: 255,
    })?;
    let mut w = Writer::new(buf);
    w.u8(ICMP_ROUTER_ADVERTISEMENT);
    w.u8(code);
    w.u16(0);
    w.u8(n);
    w.u8(2);
    w.u16(lifetime);
    for r in routers {
        w.bytes(&r.address.octets());
        w.u32(r.preference as u32);
    }
    for e in extensions {
        e.emit_to(&mut w)?;
    }
    if let Some(b) = w.written_mut() {
        fill_icmp_checksum(b);
    }
    Ok(w.finish()?)
}

/// An Agent Solicitation view (ICMP type 10, RFC 5944 §2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AgentSolicitation<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> AgentSolicitation<T> {
    /// Wraps without checking.
    pub const fn new_unchecked(buffer: T) -> AgentSolicitation<T> {
        AgentSolicitation { buffer }
    }

    /// Wraps after checking the length (8) and the type (10).
    pub fn new_checked(buffer: T) -> Result<AgentSolicitation<T>, Error> {
        let b = buffer.as_ref();
        if b.len() < SOLICITATION_LEN {
            return Err(Error::Truncated {
                layer: Layer::AgentSolicitation,
                offset: 0,
                required: SOLICITATION_LEN,
                available: b.len(),
            });
        }
        if b.first() != Some(&ICMP_ROUTER_SOLICITATION) {
            return Err(Error::WrongType {
                layer: Layer::AgentSolicitation,
                found: b.first().copied().unwrap_or(0),
            });
        }
        Ok(AgentSolicitation { buffer })
    }

    /// ICMP code.
    pub fn code(&self) -> u8 {
        self.buffer.as_ref().get(1).copied().unwrap_or(0)
    }

    /// The reserved 32 bits.
    pub fn reserved(&self) -> u32 {
        be_u32(self.buffer.as_ref(), 4).unwrap_or(0)
    }

    /// A non-zero reserved word (RFC 1256 §3: "sent as zero").
    pub fn anomalies(&self) -> Anomalies {
        if self.reserved() != 0 {
            Anomalies::RESERVED_FIELD
        } else {
            Anomalies::empty()
        }
    }

    /// Whether the ICMP checksum verifies.
    pub fn verify_checksum(&self) -> bool {
        let b = self.buffer.as_ref();
        !b.is_empty() && fold(sum(b, 0)) == 0xffff
    }
}

/// Emits an Agent Solicitation (8 bytes) with its checksum.
pub fn emit_solicitation(buf: &mut [u8]) -> Result<usize, EmitError> {
    let mut w = Writer::new(buf);
    w.u8(ICMP_ROUTER_SOLICITATION);
    w.u8(0);
    w.u16(0);
    w.u32(0);
    if let Some(b) = w.written_mut() {
        fill_icmp_checksum(b);
    }
    Ok(w.finish()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_parse_round_trip() {
        let coas = [192, 0, 2, 10, 192, 0, 2, 11];
        let exts = [
            AdvExtension::MobilityAgent(MobilityAgentAdv {
                sequence: 7,
                registration_lifetime: 1800,
                flags: AgentAdvFlags::F | AgentAdvFlags::T,
                care_of_bytes: &coas,
            }),
            AdvExtension::PrefixLengths(&[24]),
            AdvExtension::Pad,
            AdvExtension::Challenge(&[1, 2, 3, 4]),
        ];
        let routers = [RouterEntry {
            address: Ipv4Addr::new(192, 0, 2, 1),
            preference: -1,
        }];
        let mut buf = [0u8; 64];
        let n = emit_advertisement(0, 1800, &routers, &exts, &mut buf).unwrap();
        let a = AgentAdvertisement::new_checked(&buf[..n]).unwrap();
        assert!(a.verify_checksum());
        assert_eq!(a.routers().next(), Some(routers[0]));
        let mut it = a.extensions();
        for e in &exts {
            assert_eq!(it.next(), Some(Ok(*e)));
        }
        assert_eq!(it.next(), None);
        let m = a.mobility_agent().unwrap();
        assert_eq!(m.care_of_addresses().count(), 2);
        assert_eq!(a.anomalies(), Anomalies::empty());
        let mut bad = buf;
        bad[23] |= 0x01; // a reserved bit after I
        let b = AgentAdvertisement::new_checked(&bad[..n]).unwrap();
        assert_eq!(b.anomalies(), Anomalies::RESERVED_FLAGS);
        assert_eq!(b.mobility_agent().unwrap().flags.bits() & 1, 1);
        // No length field: a prefix ending between extensions is a shorter
        // valid advertisement; any other prefix is truncated.
        let boundaries = [16, 32, 35, 36];
        for k in 0..n {
            let r = AgentAdvertisement::new_checked(&buf[..k]);
            if boundaries.contains(&k) {
                assert!(r.is_ok(), "{k}");
            } else {
                assert!(matches!(r, Err(Error::Truncated { .. })), "{k}");
            }
        }
        let mut s = [0u8; 8];
        assert_eq!(emit_solicitation(&mut s), Ok(8));
        assert!(AgentSolicitation::new_checked(&s[..])
            .unwrap()
            .verify_checksum());
    }
}
