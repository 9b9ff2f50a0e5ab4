//! Neighbour Discovery and ICMPv6 messages for mobility (RFC 6275 §6.5–
//! §6.8, §7; RFC 5380 §10.4; RFC 4861 §4.2, §4.6).
//!
//! * Router Advertisement with the H ("Home Agent") bit (RFC 6275 §7.1);
//! * options: Prefix Information with the R ("Router Address") bit
//!   (RFC 6275 §7.2), Advertisement Interval (7, §7.3), Home Agent
//!   Information (8, §7.4), MAP (23, RFC 5380 §10.4); others kept verbatim;
//! * Dynamic Home Agent Address Discovery Request/Reply (144, 145) and
//!   Mobile Prefix Solicitation/Advertisement (146, 147), RFC 6275 §6.5–§6.8.
//!
//! ND option lengths are in 8-octet units; a zero length is an error
//! (RFC 4861 §4.6: such packets MUST be silently discarded).

use bitflags::bitflags;
use core::net::Ipv6Addr;

use super::checksum::{self, NEXT_HEADER_ICMPV6};
use super::error::{Error, Layer};
use super::MAX_ND_OPTIONS;
use crate::wire::open_code;
use crate::wire::{be_u16, be_u32, Writer};

open_code! {
    /// ICMPv6 message types used by Mobile IPv6 (RFC 4861 §4.2; RFC 6275 §6.5–§6.8).
    Icmpv6Type(u8) {
        /// Router Advertisement (RFC 4861 §4.2).
        ROUTER_ADVERTISEMENT = 134, "Router Advertisement";
        /// Home Agent Address Discovery Request (RFC 6275 §6.5).
        HAAD_REQUEST = 144, "Home Agent Address Discovery Request";
        /// Home Agent Address Discovery Reply (RFC 6275 §6.6).
        HAAD_REPLY = 145, "Home Agent Address Discovery Reply";
        /// Mobile Prefix Solicitation (RFC 6275 §6.7).
        MOBILE_PREFIX_SOLICITATION = 146, "Mobile Prefix Solicitation";
        /// Mobile Prefix Advertisement (RFC 6275 §6.8).
        MOBILE_PREFIX_ADVERTISEMENT = 147, "Mobile Prefix Advertisement";
    }
}

open_code! {
    /// Neighbour Discovery option types (RFC 4861 §4.6; RFC 6275 §7.3, §7.4;
    /// RFC 5380 §10.4).
    NdOptionType(u8) {
        /// Source Link-Layer Address (RFC 4861).
        SOURCE_LINK_LAYER_ADDRESS = 1, "Source Link-Layer Address";
        /// Target Link-Layer Address (RFC 4861).
        TARGET_LINK_LAYER_ADDRESS = 2, "Target Link-Layer Address";
        /// Prefix Information (RFC 4861 §4.6.2, R bit RFC 6275 §7.2).
        PREFIX_INFORMATION = 3, "Prefix Information";
        /// MTU (RFC 4861).
        MTU = 5, "MTU";
        /// Advertisement Interval (RFC 6275 §7.3).
        ADVERTISEMENT_INTERVAL = 7, "Advertisement Interval";
        /// Home Agent Information (RFC 6275 §7.4).
        HOME_AGENT_INFORMATION = 8, "Home Agent Information";
        /// MAP (HMIPv6, RFC 5380 §10.4).
        MAP = 23, "MAP";
    }
}

bitflags! {
    /// Router Advertisement flags (RFC 4861 §4.2 M O; RFC 6275 §7.1 H;
    /// RFC 4191 Prf; RFC 4389 P). Reserved bits are kept.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub struct RaFlags: u8 {
        /// M: managed address configuration.
        const MANAGED = 0x80;
        /// O: other configuration.
        const OTHER = 0x40;
        /// H: the router is a home agent (RFC 6275 §7.1).
        const HOME_AGENT = 0x20;
        /// The two Default Router Preference bits (RFC 4191).
        const PREFERENCE = 0x18;
        /// P: proxied (RFC 4389).
        const PROXY = 0x04;
        /// Reserved.
        const RESERVED = 0x03;
    }
}

bitflags! {
    /// Prefix Information flags (RFC 4861 §4.6.2 L A; RFC 6275 §7.2 R).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub struct PrefixFlags: u8 {
        /// L: on-link.
        const ON_LINK = 0x80;
        /// A: autonomous address configuration.
        const AUTONOMOUS = 0x40;
        /// R: the Prefix field holds the router's full address (RFC 6275 §7.2).
        const ROUTER_ADDRESS = 0x20;
        /// Reserved1.
        const RESERVED = 0x1f;
    }
}

bitflags! {
    /// MAP option flags (RFC 5380 §10.4).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub struct MapFlags: u8 {
        /// R: the mobile node MUST form an RCoA from this MAP's prefix.
        const RCOA = 0x80;
        /// Reserved.
        const RESERVED = 0x7f;
    }
}

/// One Neighbour Discovery option, decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NdOption<'a> {
    /// Prefix Information (type 3, 32 bytes).
    PrefixInformation {
        /// Prefix Length.
        prefix_len: u8,
        /// L A R flags, reserved bits kept.
        flags: PrefixFlags,
        /// Valid Lifetime (s).
        valid_lifetime: u32,
        /// Preferred Lifetime (s).
        preferred_lifetime: u32,
        /// Reserved2 (zero when conforming).
        reserved2: u32,
        /// Prefix (or the router's address when R is set).
        prefix: Ipv6Addr,
    },
    /// Advertisement Interval (type 7, 8 bytes).
    AdvertisementInterval {
        /// Reserved (zero when conforming).
        reserved: u16,
        /// Milliseconds between unsolicited advertisements.
        interval_ms: u32,
    },
    /// Home Agent Information (type 8, 8 bytes).
    HomeAgentInformation {
        /// Reserved (zero when conforming).
        reserved: u16,
        /// Home Agent Preference (signed; higher is preferred).
        preference: i16,
        /// Home Agent Lifetime (s).
        lifetime: u16,
    },
    /// MAP (type 23, 24 bytes).
    Map {
        /// Distance (4 bits).
        distance: u8,
        /// Preference (4 bits).
        preference: u8,
        /// R flag, reserved bits kept.
        flags: MapFlags,
        /// Valid Lifetime (s).
        valid_lifetime: u32,
        /// The MAP's global address.
        address: Ipv6Addr,
    },
    /// Any other option: its bytes after the type and length.
    Unknown {
        /// The option type.
        ty: NdOptionType,
        /// The data (length × 8 − 2 bytes).
        data: &'a [u8],
    },
}

fn addr(b: &[u8], at: usize) -> Ipv6Addr {
    let mut a = [0u8; 16];
    if let Some(s) = b.get(at..at + 16) {
        a.copy_from_slice(s);
    }
    Ipv6Addr::from(a)
}

impl<'a> NdOption<'a> {
    /// The option type.
    #[must_use]
    pub fn ty(&self) -> NdOptionType {
        match self {
            NdOption::PrefixInformation { .. } => NdOptionType::PREFIX_INFORMATION,
            NdOption::AdvertisementInterval { .. } => NdOptionType::ADVERTISEMENT_INTERVAL,
            NdOption::HomeAgentInformation { .. } => NdOptionType::HOME_AGENT_INFORMATION,
            NdOption::Map { .. } => NdOptionType::MAP,
            NdOption::Unknown { ty, .. } => *ty,
        }
    }

    /// Bytes on the wire (a multiple of 8 for well-formed options).
    #[must_use]
    pub fn wire_len(&self) -> usize {
        match self {
            NdOption::PrefixInformation { .. } => 32,
            NdOption::AdvertisementInterval { .. } | NdOption::HomeAgentInformation { .. } => 8,
            NdOption::Map { .. } => 24,
            NdOption::Unknown { data, .. } => 2 + data.len(),
        }
    }

    /// Decodes an option from its whole bytes (type and length included).
    fn decode(b: &'a [u8], offset: usize) -> Result<NdOption<'a>, Error> {
        let ty = NdOptionType(b[0]);
        let bad = || Error::Malformed {
            layer: Layer::NdOption,
            offset,
        };
        let u16_at = |i| be_u16(b, i).unwrap_or(0);
        let u32_at = |i| be_u32(b, i).unwrap_or(0);
        Ok(match ty {
            NdOptionType::PREFIX_INFORMATION => {
                if b.len() != 32 {
                    return Err(bad());
                }
                NdOption::PrefixInformation {
                    prefix_len: b[2],
                    flags: PrefixFlags::from_bits_retain(b[3]),
                    valid_lifetime: u32_at(4),
                    preferred_lifetime: u32_at(8),
                    reserved2: u32_at(12),
                    prefix: addr(b, 16),
                }
            }
            NdOptionType::ADVERTISEMENT_INTERVAL => {
                if b.len() != 8 {
                    return Err(bad());
                }
                NdOption::AdvertisementInterval {
                    reserved: u16_at(2),
                    interval_ms: u32_at(4),
                }
            }
            NdOptionType::HOME_AGENT_INFORMATION => {
                if b.len() != 8 {
                    return Err(bad());
                }
                NdOption::HomeAgentInformation {
                    reserved: u16_at(2),
                    preference: u16_at(4) as i16,
                    lifetime: u16_at(6),
                }
            }
            NdOptionType::MAP => {
                if b.len() != 24 {
                    return Err(bad());
                }
                NdOption::Map {
                    distance: b[2] >> 4,
                    preference: b[2] & 0x0f,
                    flags: MapFlags::from_bits_retain(b[3]),
                    valid_lifetime: u32_at(4),
                    address: addr(b, 8),
                }
            }
            _ => NdOption::Unknown {
                ty,
                data: b.get(2..).unwrap_or(&[]),
            },
        })
    }

    fn write(&self, w: &mut Writer<'_>) -> Result<(), Error> {
        let len = self.wire_len();
        if !len.is_multiple_of(8) || len / 8 > 255 || len == 0 {
            return Err(Error::TooLong {
                layer: Layer::NdOption,
                length: len,
            });
        }
        w.u8(self.ty().0);
        w.u8((len / 8) as u8);
        match *self {
            NdOption::PrefixInformation {
                prefix_len,
                flags,
                valid_lifetime,
                preferred_lifetime,
                reserved2,
                prefix,
            } => {
                w.u8(prefix_len);
                w.u8(flags.bits());
                w.u32(valid_lifetime);
                w.u32(preferred_lifetime);
                w.u32(reserved2);
                w.bytes(&prefix.octets());
            }
            NdOption::AdvertisementInterval {
                reserved,
                interval_ms,
            } => {
                w.u16(reserved);
                w.u32(interval_ms);
            }
            NdOption::HomeAgentInformation {
                reserved,
                preference,
                lifetime,
            } => {
                w.u16(reserved);
                w.u16(preference as u16);
                w.u16(lifetime);
            }
            NdOption::Map {
                distance,
                preference,
                flags,
                valid_lifetime,
                address,
            } => {
                w.u8((distance << 4) | (preference & 0x0f));
                w.u8(flags.bits());
                w.u32(valid_lifetime);
                w.bytes(&address.octets());
            }
            NdOption::Unknown { data, .. } => w.bytes(data),
        }
        Ok(())
    }
}

/// Iterator over ND options, yielding `Result` and stopping after the
/// first error. Offsets are from the start of the ICMPv6 message.
#[derive(Debug, Clone)]
pub struct NdOptions<'a> {
    rest: &'a [u8],
    offset: usize,
    count: usize,
}

impl<'a> NdOptions<'a> {
    /// Iterates `bytes`, which start at `offset` in the ICMPv6 message.
    #[must_use]
    pub fn new(bytes: &'a [u8], offset: usize) -> NdOptions<'a> {
        NdOptions {
            rest: bytes,
            offset,
            count: 0,
        }
    }
}

impl<'a> Iterator for NdOptions<'a> {
    type Item = Result<NdOption<'a>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.rest.is_empty() {
            return None;
        }
        let offset = self.offset;
        let fail = |this: &mut Self, e| {
            this.rest = &[];
            Some(Err(e))
        };
        if self.count == MAX_ND_OPTIONS {
            let e = Error::TooManyOptions {
                layer: Layer::NdOption,
                max: MAX_ND_OPTIONS,
            };
            return fail(self, e);
        }
        self.count += 1;
        let Some(&units) = self.rest.get(1) else {
            let e = Error::Truncated {
                layer: Layer::NdOption,
                offset,
                required: 2,
                available: self.rest.len(),
            };
            return fail(self, e);
        };
        if units == 0 {
            let e = Error::Malformed {
                layer: Layer::NdOption,
                offset,
            };
            return fail(self, e);
        }
        let len = usize::from(units) * 8;
        let Some((opt, rest)) = self.rest.split_at_checked(len) else {
            let e = Error::Truncated {
                layer: Layer::NdOption,
                offset,
                required: len,
                available: self.rest.len(),
            };
            return fail(self, e);
        };
        self.rest = rest;
        self.offset += len;
        match NdOption::decode(opt, offset) {
            Ok(o) => Some(Ok(o)),
            Err(e) => fail(self, e),
        }
    }
}

/// ND options of an owned form: parsed bytes kept verbatim, or a list to
/// emit. Equal when they decode to the same options.
#[derive(Debug, Clone, Copy)]
pub enum NdOptionsRepr<'a> {
    /// Option bytes from a parsed message.
    Raw(&'a [u8]),
    /// Options to emit.
    List(&'a [NdOption<'a>]),
}

impl<'a> NdOptionsRepr<'a> {
    /// No options.
    pub const EMPTY: NdOptionsRepr<'static> = NdOptionsRepr::List(&[]);

    /// The options, decoded.
    pub fn iter(&self) -> impl Iterator<Item = Result<NdOption<'a>, Error>> + 'a {
        let (raw, list): (&'a [u8], &'a [NdOption<'a>]) = match *self {
            NdOptionsRepr::Raw(b) => (b, &[]),
            NdOptionsRepr::List(l) => (&[], l),
        };
        NdOptions::new(raw, 0).chain(list.iter().map(|o| Ok(*o)))
    }

    fn encoded_len(&self) -> usize {
        match *self {
            NdOptionsRepr::Raw(b) => b.len(),
            NdOptionsRepr::List(l) => l.iter().map(NdOption::wire_len).sum(),
        }
    }

    fn write(&self, w: &mut Writer<'_>) -> Result<(), Error> {
        match *self {
            NdOptionsRepr::Raw(b) => w.bytes(b),
            NdOptionsRepr::List(l) => {
                for o in l {
                    o.write(w)?;
                }
            }
        }
        Ok(())
    }
}

impl PartialEq for NdOptionsRepr<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for NdOptionsRepr<'_> {}

/// A checked ICMPv6 message view: type, code, checksum and body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Icmpv6Message<T: AsRef<[u8]>> {
    buffer: T,
}

/// Bytes of the ICMPv6 header before each message's options or addresses.
#[must_use]
pub const fn icmpv6_fixed_len(ty: Icmpv6Type) -> usize {
    match ty.0 {
        134 => 16,
        _ => 8,
    }
}

impl<T: AsRef<[u8]>> Icmpv6Message<T> {
    /// Checks the buffer holds the fixed part of the message type.
    pub fn new_checked(buffer: T) -> Result<Icmpv6Message<T>, Error> {
        let b = buffer.as_ref();
        let need = b.first().map_or(4, |&t| icmpv6_fixed_len(Icmpv6Type(t)));
        if b.len() < need {
            return Err(Error::Truncated {
                layer: Layer::Icmpv6,
                offset: 0,
                required: need,
                available: b.len(),
            });
        }
        Ok(Icmpv6Message { buffer })
    }

    /// The message type.
    #[must_use]
    pub fn msg_type(&self) -> Icmpv6Type {
        Icmpv6Type(self.buffer.as_ref()[0])
    }

    /// The code.
    #[must_use]
    pub fn code(&self) -> u8 {
        self.buffer.as_ref()[1]
    }

    /// The Checksum field.
    #[must_use]
    pub fn checksum(&self) -> u16 {
        be_u16(self.buffer.as_ref(), 2).unwrap_or(0)
    }

    /// Whether the checksum verifies over the pseudo-header.
    #[must_use]
    pub fn verify_checksum(&self, src: &Ipv6Addr, dst: &Ipv6Addr) -> bool {
        checksum::verify(src, dst, NEXT_HEADER_ICMPV6, self.buffer.as_ref())
    }
}

/// The mobility-related ICMPv6 messages in owned form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Icmpv6Repr<'a> {
    /// Router Advertisement (RFC 4861 §4.2, H bit RFC 6275 §7.1).
    RouterAdvertisement {
        /// Cur Hop Limit.
        cur_hop_limit: u8,
        /// Flags, reserved bits kept.
        flags: RaFlags,
        /// Router Lifetime (s).
        router_lifetime: u16,
        /// Reachable Time (ms).
        reachable_time: u32,
        /// Retrans Timer (ms).
        retrans_timer: u32,
        /// Options.
        options: NdOptionsRepr<'a>,
    },
    /// Home Agent Address Discovery Request (RFC 6275 §6.5).
    HaadRequest {
        /// Identifier.
        identifier: u16,
        /// The 16 bits after it (reserved; NEMO's R flag is 0x8000, RFC 3963).
        reserved: u16,
        /// Bytes after the fixed part (none are defined), kept verbatim.
        extra: &'a [u8],
    },
    /// Home Agent Address Discovery Reply (RFC 6275 §6.6).
    HaadReply {
        /// Identifier.
        identifier: u16,
        /// The 16 bits after it (reserved; R flag 0x8000 for NEMO).
        reserved: u16,
        /// Home agent addresses, 16 bytes each, in preference order.
        addresses: &'a [u8],
    },
    /// Mobile Prefix Solicitation (RFC 6275 §6.7).
    MobilePrefixSolicitation {
        /// Identifier.
        identifier: u16,
        /// Reserved.
        reserved: u16,
        /// Bytes after the fixed part (options; none are defined), kept
        /// verbatim.
        extra: &'a [u8],
    },
    /// Mobile Prefix Advertisement (RFC 6275 §6.8).
    MobilePrefixAdvertisement {
        /// Identifier.
        identifier: u16,
        /// M (0x8000), O (0x4000) and 14 reserved bits.
        flags: u16,
        /// Options (Prefix Information).
        options: NdOptionsRepr<'a>,
    },
}

impl<'a> Icmpv6Repr<'a> {
    /// Decodes a mobility-related ICMPv6 message, validating its options.
    /// `Ok(None)` for other ICMPv6 types. The checksum is not looked at.
    pub fn parse(msg: &Icmpv6Message<&'a [u8]>) -> Result<Option<Icmpv6Repr<'a>>, Error> {
        let b: &'a [u8] = msg.buffer;
        let u16_at = |i| be_u16(b, i).unwrap_or(0);
        let u32_at = |i| be_u32(b, i).unwrap_or(0);
        let check = |opts: &'a [u8], at: usize| -> Result<NdOptionsRepr<'a>, Error> {
            for o in NdOptions::new(opts, at) {
                o?;
            }
            Ok(NdOptionsRepr::Raw(opts))
        };
        Ok(Some(match msg.msg_type() {
            Icmpv6Type::ROUTER_ADVERTISEMENT => Icmpv6Repr::RouterAdvertisement {
                cur_hop_limit: b[4],
                flags: RaFlags::from_bits_retain(b[5]),
                router_lifetime: u16_at(6),
                reachable_time: u32_at(8),
                retrans_timer: u32_at(12),
                options: check(b.get(16..).unwrap_or(&[]), 16)?,
            },
            Icmpv6Type::HAAD_REQUEST => Icmpv6Repr::HaadRequest {
                identifier: u16_at(4),
                reserved: u16_at(6),
                extra: b.get(8..).unwrap_or(&[]),
            },
            Icmpv6Type::HAAD_REPLY => {
                let addresses = b.get(8..).unwrap_or(&[]);
                if !addresses.len().is_multiple_of(16) {
                    return Err(Error::Malformed {
                        layer: Layer::Icmpv6,
                        offset: 8 + addresses.len() / 16 * 16,
                    });
                }
                Icmpv6Repr::HaadReply {
                    identifier: u16_at(4),
                    reserved: u16_at(6),
                    addresses,
                }
            }
            Icmpv6Type::MOBILE_PREFIX_SOLICITATION => Icmpv6Repr::MobilePrefixSolicitation {
                identifier: u16_at(4),
                reserved: u16_at(6),
                extra: b.get(8..).unwrap_or(&[]),
            },
            Icmpv6Type::MOBILE_PREFIX_ADVERTISEMENT => Icmpv6Repr::MobilePrefixAdvertisement {
                identifier: u16_at(4),
                flags: u16_at(6),
                options: check(b.get(8..).unwrap_or(&[]), 8)?,
            },
            _ => return Ok(None),
        }))
    }

    /// The message type.
    #[must_use]
    pub fn msg_type(&self) -> Icmpv6Type {
        match self {
            Icmpv6Repr::RouterAdvertisement { .. } => Icmpv6Type::ROUTER_ADVERTISEMENT,
            Icmpv6Repr::HaadRequest { .. } => Icmpv6Type::HAAD_REQUEST,
            Icmpv6Repr::HaadReply { .. } => Icmpv6Type::HAAD_REPLY,
            Icmpv6Repr::MobilePrefixSolicitation { .. } => Icmpv6Type::MOBILE_PREFIX_SOLICITATION,
            Icmpv6Repr::MobilePrefixAdvertisement { .. } => Icmpv6Type::MOBILE_PREFIX_ADVERTISEMENT,
        }
    }

    /// The home agent addresses of a DHAAD Reply (empty otherwise).
    pub fn home_agents(&self) -> impl Iterator<Item = Ipv6Addr> + 'a {
        let a: &'a [u8] = match *self {
            Icmpv6Repr::HaadReply { addresses, .. } => addresses,
            _ => &[],
        };
        a.chunks_exact(16).map(|c| addr(c, 0))
    }

    /// Bytes [`emit`](Self::emit) writes.
    #[must_use]
    pub fn encoded_len(&self) -> usize {
        let fixed = icmpv6_fixed_len(self.msg_type());
        fixed
            + match self {
                Icmpv6Repr::RouterAdvertisement { options, .. }
                | Icmpv6Repr::MobilePrefixAdvertisement { options, .. } => options.encoded_len(),
                Icmpv6Repr::HaadReply { addresses, .. } => addresses.len(),
                Icmpv6Repr::HaadRequest { extra, .. }
                | Icmpv6Repr::MobilePrefixSolicitation { extra, .. } => extra.len(),
            }
    }

    /// Writes the message with its checksum over the pseudo-header.
    pub fn emit(&self, buf: &mut [u8], src: &Ipv6Addr, dst: &Ipv6Addr) -> Result<usize, Error> {
        let mut w = Writer::new(buf);
        w.u8(self.msg_type().0);
        w.u8(0);
        w.u16(0);
        match *self {
            Icmpv6Repr::RouterAdvertisement {
                cur_hop_limit,
                flags,
                router_lifetime,
                reachable_time,
                retrans_timer,
                options,
            } => {
                w.u8(cur_hop_limit);
                w.u8(flags.bits());
                w.u16(router_lifetime);
                w.u32(reachable_time);
                w.u32(retrans_timer);
                options.write(&mut w)?;
            }
            Icmpv6Repr::HaadRequest {
                identifier,
                reserved,
                extra,
            }
            | Icmpv6Repr::MobilePrefixSolicitation {
                identifier,
                reserved,
                extra,
            } => {
                w.u16(identifier);
                w.u16(reserved);
                w.bytes(extra);
            }
            Icmpv6Repr::HaadReply {
                identifier,
                reserved,
                addresses,
            } => {
                w.u16(identifier);
                w.u16(reserved);
                w.bytes(addresses);
            }
            Icmpv6Repr::MobilePrefixAdvertisement {
                identifier,
                flags,
                options,
            } => {
                w.u16(identifier);
                w.u16(flags);
                options.write(&mut w)?;
            }
        }
        let n = w.finish()?;
        if let Some(b) = buf.get_mut(..n) {
            let c = checksum::compute(src, dst, NEXT_HEADER_ICMPV6, b);
            b[2..4].copy_from_slice(&c.to_be_bytes());
        }
        Ok(n)
    }
}
