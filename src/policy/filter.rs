//! The five-tuple packet key and the five-field filter that the matchers
//! ([`super::linear`], [`super::compiled`]) classify against.
//!
//! Addresses are matched by (value, mask) pairs, so both CIDR prefixes and the
//! patent's octet wildcards (`172.27.*.5`, seed 000 §3.2) are expressible;
//! ports by inclusive ranges; the protocol by (value, mask) as ClassBench
//! writes it (`0x06/0xFF`, `0x00/0x00`).

use core::fmt;
use core::net::Ipv4Addr;

/// The header fields a classifier looks at: the IPv4 5-tuple.
///
/// Ports are 0 when the packet has no transport header; profile searches that
/// must distinguish "no port" use [`super::search::PacketKey`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct FiveTuple {
    /// Source address (host order).
    pub src: u32,
    /// Destination address (host order).
    pub dst: u32,
    /// Transport source port.
    pub sport: u16,
    /// Transport destination port.
    pub dport: u16,
    /// IP protocol number.
    pub proto: u8,
}

impl FiveTuple {
    /// A key from its fields.
    #[must_use]
    pub const fn new(src: Ipv4Addr, dst: Ipv4Addr, sport: u16, dport: u16, proto: u8) -> Self {
        FiveTuple {
            src: src.to_bits(),
            dst: dst.to_bits(),
            sport,
            dport,
            proto,
        }
    }
}

/// An address condition: the packet address `a` matches iff `a & mask == addr`.
///
/// `addr` never has bits outside `mask` (constructors clear them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AddrMatch {
    addr: u32,
    mask: u32,
}

impl AddrMatch {
    /// Matches every address (`*`, `0.0.0.0/0`).
    pub const ANY: Self = AddrMatch { addr: 0, mask: 0 };

    /// A (value, mask) condition; bits of `addr` outside `mask` are cleared.
    #[must_use]
    pub const fn new(addr: u32, mask: u32) -> Self {
        AddrMatch {
            addr: addr & mask,
            mask,
        }
    }

    /// A CIDR prefix `addr/len`; `len` above 32 is clamped to 32.
    #[must_use]
    pub const fn prefix(addr: Ipv4Addr, len: u8) -> Self {
        Self::new(addr.to_bits(), prefix_mask(len))
    }

    /// One exact address (`/32`).
    #[must_use]
    pub const fn exact(addr: Ipv4Addr) -> Self {
        Self::new(addr.to_bits(), u32::MAX)
    }

    /// The value (bits outside the mask are zero).
    #[must_use]
    pub const fn addr(&self) -> u32 {
        self.addr
    }

    /// The mask: 1 bits must equal the value.
    #[must_use]
    pub const fn mask(&self) -> u32 {
        self.mask
    }

    /// The prefix length when the mask is contiguous (`/n`), else `None`.
    #[must_use]
    pub const fn prefix_len(&self) -> Option<u8> {
        let ones = self.mask.leading_ones();
        if self.mask.count_ones() == ones {
            Some(ones as u8)
        } else {
            None
        }
    }

    /// Whether `a` matches.
    #[inline]
    #[must_use]
    pub const fn matches(&self, a: u32) -> bool {
        a & self.mask == self.addr
    }

    /// The smallest range holding every matching address.
    #[must_use]
    pub const fn hull(&self) -> (u32, u32) {
        (self.addr, self.addr | !self.mask)
    }
}

impl fmt::Display for AddrMatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.prefix_len() {
            Some(len) => write!(f, "{}/{}", Ipv4Addr::from_bits(self.addr), len),
            None => write!(
                f,
                "{}&{}",
                Ipv4Addr::from_bits(self.addr),
                Ipv4Addr::from_bits(self.mask)
            ),
        }
    }
}

/// The mask of a `/len` prefix (`len` ≥ 32 gives all ones).
#[must_use]
pub const fn prefix_mask(len: u8) -> u32 {
    if len == 0 {
        0
    } else if len >= 32 {
        u32::MAX
    } else {
        u32::MAX << (32 - len)
    }
}

/// An inclusive port range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PortRange {
    lo: u16,
    hi: u16,
}

impl PortRange {
    /// Every port (`0 : 65535`).
    pub const ANY: Self = PortRange {
        lo: 0,
        hi: u16::MAX,
    };

    /// `lo..=hi`, or `None` when `lo > hi`.
    #[must_use]
    pub const fn new(lo: u16, hi: u16) -> Option<Self> {
        if lo <= hi {
            Some(PortRange { lo, hi })
        } else {
            None
        }
    }

    /// One port.
    #[must_use]
    pub const fn exact(port: u16) -> Self {
        PortRange { lo: port, hi: port }
    }

    /// The low end.
    #[must_use]
    pub const fn lo(&self) -> u16 {
        self.lo
    }

    /// The high end (inclusive).
    #[must_use]
    pub const fn hi(&self) -> u16 {
        self.hi
    }

    /// Whether every port matches.
    #[must_use]
    pub const fn is_any(&self) -> bool {
        self.lo == 0 && self.hi == u16::MAX
    }

    /// Whether `p` is in the range.
    #[inline]
    #[must_use]
    pub const fn matches(&self, p: u16) -> bool {
        self.lo <= p && p <= self.hi
    }
}

/// A protocol condition: `proto & mask == value`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ProtoMatch {
    value: u8,
    mask: u8,
}

impl ProtoMatch {
    /// Any protocol (`0x00/0x00`).
    pub const ANY: Self = ProtoMatch { value: 0, mask: 0 };
    /// TCP (6).
    pub const TCP: Self = Self::exact(6);
    /// UDP (17).
    pub const UDP: Self = Self::exact(17);

    /// A (value, mask) condition; bits of `value` outside `mask` are cleared.
    #[must_use]
    pub const fn new(value: u8, mask: u8) -> Self {
        ProtoMatch {
            value: value & mask,
            mask,
        }
    }

    /// One protocol number.
    #[must_use]
    pub const fn exact(p: u8) -> Self {
        Self::new(p, 0xFF)
    }

    /// The value.
    #[must_use]
    pub const fn value(&self) -> u8 {
        self.value
    }

    /// The mask.
    #[must_use]
    pub const fn mask(&self) -> u8 {
        self.mask
    }

    /// Whether `p` matches.
    #[inline]
    #[must_use]
    pub const fn matches(&self, p: u8) -> bool {
        p & self.mask == self.value
    }
}

/// A five-field filter: every field must match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Filter {
    /// Source address condition.
    pub src: AddrMatch,
    /// Destination address condition.
    pub dst: AddrMatch,
    /// Source port range.
    pub sport: PortRange,
    /// Destination port range.
    pub dport: PortRange,
    /// Protocol condition.
    pub proto: ProtoMatch,
}

impl Filter {
    /// The filter that matches every packet.
    pub const ANY: Self = Filter {
        src: AddrMatch::ANY,
        dst: AddrMatch::ANY,
        sport: PortRange::ANY,
        dport: PortRange::ANY,
        proto: ProtoMatch::ANY,
    };

    /// Whether the packet key matches every field.
    #[inline]
    #[must_use]
    pub const fn matches(&self, k: &FiveTuple) -> bool {
        self.src.matches(k.src)
            && self.dst.matches(k.dst)
            && self.sport.matches(k.sport)
            && self.dport.matches(k.dport)
            && self.proto.matches(k.proto)
    }
}

/// A rule's identity and priority: among matching rules the lowest id wins
/// (ClassBench: the 1-based line number).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RuleId(pub u32);

/// A rule: its id (priority) and its filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rule {
    /// Identity and priority (lower wins).
    pub id: RuleId,
    /// The packet condition.
    pub filter: Filter,
}
