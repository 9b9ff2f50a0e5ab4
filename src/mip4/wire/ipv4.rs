//! A minimal IPv4 header view (RFC 791) for the tunnelling helpers and the
//! packet classifier: field access, the header checksum, and the TOS rewrite
//! with an incremental checksum update (RFC 1624).
//!
//! This lives in `roam::mip4::wire::ipv4` because Mobile IPv4 tunnels are
//! its first user; the `policy` classifier and the gateways use the same view
//! (service profiles rewrite the TOS of both inner and outer headers,
//! seed 000 §3), so nothing else in the crate needs its own IPv4 parser.
//!
//! ```
//! use roam::mip4::wire::ipv4::{Ipv4Header, Ipv4Repr};
//! use core::net::Ipv4Addr;
//! let repr = Ipv4Repr {
//!     src: Ipv4Addr::new(10, 0, 0, 1), dst: Ipv4Addr::new(10, 0, 0, 2),
//!     protocol: 17, ttl: 64, tos: 0, identification: 1, dont_fragment: true,
//!     payload_len: 0,
//! };
//! let mut buf = [0u8; 20];
//! repr.emit(&mut buf).unwrap();
//! let mut h = Ipv4Header::new_checked(&mut buf[..]).unwrap();
//! h.set_tos(0xb8); // DSCP EF, checksum updated incrementally
//! assert!(h.verify_checksum());
//! ```

use super::error::{Error, Layer};
use crate::wire::{be_u16, be_u32, BufferTooSmall, Writer};
use core::net::Ipv4Addr;

/// Length of an IPv4 header without options.
pub const HEADER_LEN: usize = 20;

/// IP protocol numbers used by the tunnels.
pub mod protocol {
    /// ICMP.
    pub const ICMP: u8 = 1;
    /// IP in IP (RFC 2003).
    pub const IPIP: u8 = 4;
    /// UDP.
    pub const UDP: u8 = 17;
    /// GRE (RFC 2784).
    pub const GRE: u8 = 47;
    /// Minimal encapsulation (RFC 2004).
    pub const MINIMAL: u8 = 55;
}

/// Byte ranges of the IPv4 header fields (RFC 791 §3.1).
pub mod field {
    use crate::wire::Field;
    /// Version and IHL.
    pub const VER_IHL: usize = 0;
    /// Type of Service (DSCP and ECN).
    pub const TOS: usize = 1;
    /// Total Length.
    pub const LENGTH: Field = 2..4;
    /// Identification.
    pub const IDENT: Field = 4..6;
    /// Flags and Fragment Offset.
    pub const FLG_OFF: Field = 6..8;
    /// Time to Live.
    pub const TTL: usize = 8;
    /// Protocol.
    pub const PROTOCOL: usize = 9;
    /// Header Checksum.
    pub const CHECKSUM: Field = 10..12;
    /// Source Address.
    pub const SRC: Field = 12..16;
    /// Destination Address.
    pub const DST: Field = 16..20;
}

/// The Internet checksum (RFC 1071) of `data`, as the value to store.
#[must_use]
pub fn checksum(data: &[u8]) -> u16 {
    !fold(sum(data, 0))
}

/// Sums `data` as big-endian 16-bit words onto `acc` (no folding).
#[must_use]
pub fn sum(data: &[u8], mut acc: u32) -> u32 {
    let mut chunks = data.chunks_exact(2);
    for c in &mut chunks {
        acc = acc.wrapping_add(u32::from(u16::from_be_bytes([c[0], c[1]])));
    }
    if let [last] = chunks.remainder() {
        acc = acc.wrapping_add(u32::from(*last) << 8);
    }
    acc
}

/// Folds a 32-bit one's-complement sum to 16 bits.
#[must_use]
pub fn fold(mut acc: u32) -> u16 {
    while acc > 0xffff {
        acc = (acc & 0xffff) + (acc >> 16);
    }
    acc as u16
}

/// RFC 1624 eqn. 3: the new checksum after a 16-bit word changes from `old`
/// to `new`: `HC' = ~(~HC + ~m + m')`.
#[must_use]
pub fn incremental_update(checksum: u16, old: u16, new: u16) -> u16 {
    let acc = u32::from(!checksum) + u32::from(!old) + u32::from(new);
    !fold(acc)
}

/// An IPv4 header view over `T`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ipv4Header<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> Ipv4Header<T> {
    /// Wraps without checking.
    pub const fn new_unchecked(buffer: T) -> Ipv4Header<T> {
        Ipv4Header { buffer }
    }

    /// Wraps after [`Ipv4Header::check`].
    pub fn new_checked(buffer: T) -> Result<Ipv4Header<T>, Error> {
        let h = Ipv4Header::new_unchecked(buffer);
        h.check()?;
        Ok(h)
    }

    /// Checks version 4, IHL ≥ 5, the header within the buffer, and Total
    /// Length within the buffer and not below the header. The checksum is
    /// checked separately ([`Ipv4Header::verify_checksum`]).
    pub fn check(&self) -> Result<(), Error> {
        let b = self.buffer.as_ref();
        let trunc = |required: usize| Error::Truncated {
            layer: Layer::Ipv4,
            offset: 0,
            required,
            available: b.len(),
        };
        let v = *b.first().ok_or(trunc(HEADER_LEN))?;
        if b.len() < HEADER_LEN {
            return Err(trunc(HEADER_LEN));
        }
        if v >> 4 != 4 || usize::from(v & 0x0f) * 4 < HEADER_LEN {
            return Err(Error::InvalidField {
                layer: Layer::Ipv4,
                offset: 0,
            });
        }
        let hl = self.header_len();
        if b.len() < hl {
            return Err(trunc(hl));
        }
        let total = usize::from(self.total_len());
        if total < hl {
            return Err(Error::InvalidField {
                layer: Layer::Ipv4,
                offset: field::LENGTH.start,
            });
        }
        if b.len() < total {
            return Err(trunc(total));
        }
        Ok(())
    }

    /// The underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }

    fn b(&self) -> &[u8] {
        self.buffer.as_ref()
    }

    /// Header length in bytes (IHL × 4).
    pub fn header_len(&self) -> usize {
        usize::from(self.b().first().copied().unwrap_or(0) & 0x0f) * 4
    }

    /// Type of Service byte (DSCP << 2 | ECN).
    pub fn tos(&self) -> u8 {
        self.b().get(field::TOS).copied().unwrap_or(0)
    }

    /// Total Length.
    pub fn total_len(&self) -> u16 {
        be_u16(self.b(), field::LENGTH.start).unwrap_or(0)
    }

    /// Identification.
    pub fn identification(&self) -> u16 {
        be_u16(self.b(), field::IDENT.start).unwrap_or(0)
    }

    /// Don't Fragment flag.
    pub fn dont_fragment(&self) -> bool {
        be_u16(self.b(), field::FLG_OFF.start).unwrap_or(0) & 0x4000 != 0
    }

    /// Time to Live.
    pub fn ttl(&self) -> u8 {
        self.b().get(field::TTL).copied().unwrap_or(0)
    }

    /// Protocol.
    pub fn protocol(&self) -> u8 {
        self.b().get(field::PROTOCOL).copied().unwrap_or(0)
    }

    /// Header Checksum field.
    pub fn checksum_field(&self) -> u16 {
        be_u16(self.b(), field::CHECKSUM.start).unwrap_or(0)
    }

    /// Source address.
    pub fn src(&self) -> Ipv4Addr {
        Ipv4Addr::from(be_u32(self.b(), field::SRC.start).unwrap_or(0))
    }

    /// Destination address.
    pub fn dst(&self) -> Ipv4Addr {
        Ipv4Addr::from(be_u32(self.b(), field::DST.start).unwrap_or(0))
    }

    /// Whether the header checksum verifies.
    pub fn verify_checksum(&self) -> bool {
        match self.b().get(..self.header_len()) {
            Some(h) if !h.is_empty() => fold(sum(h, 0)) == 0xffff,
            _ => false,
        }
    }

    /// The payload (after the header, up to Total Length).
    pub fn payload(&self) -> &[u8] {
        let hl = self.header_len();
        let total = usize::from(self.total_len());
        self.b().get(hl..total).unwrap_or(&[])
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> Ipv4Header<T> {
    fn bm(&mut self) -> &mut [u8] {
        self.buffer.as_mut()
    }

    fn set_word(&mut self, at: usize, v: u16) {
        if let Some(d) = self.bm().get_mut(at..at + 2) {
            d.copy_from_slice(&v.to_be_bytes());
        }
    }

    /// Rewrites the TOS byte and updates the checksum incrementally
    /// (RFC 1624), without touching the rest of the header.
    pub fn set_tos(&mut self, tos: u8) {
        let b = self.b();
        let old_word = u16::from_be_bytes([b.first().copied().unwrap_or(0), self.tos()]);
        let new_word = (old_word & 0xff00) | u16::from(tos);
        let ck = incremental_update(self.checksum_field(), old_word, new_word);
        if let Some(t) = self.bm().get_mut(field::TOS) {
            *t = tos;
        }
        self.set_word(field::CHECKSUM.start, ck);
    }

    /// Decrements the TTL with an incremental checksum update; returns the new
    /// TTL (0 stays 0).
    pub fn decrement_ttl(&mut self) -> u8 {
        let ttl = self.ttl();
        let new = ttl.saturating_sub(1);
        let old_word = u16::from_be_bytes([ttl, self.protocol()]);
        let new_word = u16::from_be_bytes([new, self.protocol()]);
        let ck = incremental_update(self.checksum_field(), old_word, new_word);
        if let Some(t) = self.bm().get_mut(field::TTL) {
            *t = new;
        }
        self.set_word(field::CHECKSUM.start, ck);
        new
    }

    /// Recomputes the header checksum from scratch.
    pub fn fill_checksum(&mut self) {
        self.set_word(field::CHECKSUM.start, 0);
        let hl = self.header_len();
        let ck = checksum(self.b().get(..hl).unwrap_or(&[]));
        self.set_word(field::CHECKSUM.start, ck);
    }
}

/// An option-less IPv4 header, owned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ipv4Repr {
    /// Source.
    pub src: Ipv4Addr,
    /// Destination.
    pub dst: Ipv4Addr,
    /// Protocol.
    pub protocol: u8,
    /// Time to Live.
    pub ttl: u8,
    /// Type of Service.
    pub tos: u8,
    /// Identification.
    pub identification: u16,
    /// Don't Fragment.
    pub dont_fragment: bool,
    /// Payload length (Total Length − 20).
    pub payload_len: usize,
}

impl Ipv4Repr {
    /// 20 bytes.
    #[must_use]
    pub const fn encoded_len(&self) -> usize {
        HEADER_LEN
    }

    /// Writes the header with its checksum at the writer's position.
    pub fn emit_to(&self, w: &mut Writer<'_>) {
        let start = w.position();
        let total = (HEADER_LEN + self.payload_len).min(usize::from(u16::MAX)) as u16;
        let mut h = [0u8; HEADER_LEN];
        h[0] = 0x45;
        h[1] = self.tos;
        h[2..4].copy_from_slice(&total.to_be_bytes());
        h[4..6].copy_from_slice(&self.identification.to_be_bytes());
        h[6..8].copy_from_slice(&(if self.dont_fragment { 0x4000u16 } else { 0 }).to_be_bytes());
        h[8] = self.ttl;
        h[9] = self.protocol;
        h[12..16].copy_from_slice(&self.src.octets());
        h[16..20].copy_from_slice(&self.dst.octets());
        let ck = checksum(&h);
        h[10..12].copy_from_slice(&ck.to_be_bytes());
        w.bytes(&h);
        debug_assert_eq!(w.position(), start + HEADER_LEN);
    }

    /// Writes the header into `buf`.
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize, BufferTooSmall> {
        let mut w = Writer::new(buf);
        self.emit_to(&mut w);
        w.finish()
    }

    /// Reads an option-less view of `h` (options are dropped).
    pub fn parse<T: AsRef<[u8]>>(h: &Ipv4Header<T>) -> Ipv4Repr {
        Ipv4Repr {
            src: h.src(),
            dst: h.dst(),
            protocol: h.protocol(),
            ttl: h.ttl(),
            tos: h.tos(),
            identification: h.identification(),
            dont_fragment: h.dont_fragment(),
            payload_len: h.payload().len(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An RFC 791 header with a checksum computed by hand (RFC 1071 style).
    const HDR: [u8; 20] = [
        0x45, 0x00, 0x00, 0x73, // v4, IHL 5, TOS 0, total 115
        0x00, 0x00, 0x40, 0x00, // id 0, DF
        0x40, 0x11, 0xb8, 0x61, // TTL 64, UDP, checksum 0xb861
        0xc0, 0xa8, 0x00, 0x01, // 192.168.0.1
        0xc0, 0xa8, 0x00, 0xc7, // 192.168.0.199
    ];

    #[test]
    fn known_checksum_and_incremental_tos() {
        let mut buf = [0u8; 115];
        buf[..20].copy_from_slice(&HDR);
        let mut h = Ipv4Header::new_checked(&mut buf[..]).unwrap();
        assert!(h.verify_checksum());
        for tos in [0xb8u8, 0x00, 0xff, 0x01] {
            h.set_tos(tos);
            assert!(h.verify_checksum(), "tos {tos:#x}");
            let incremental = h.checksum_field();
            h.fill_checksum();
            assert_eq!(h.checksum_field(), incremental);
        }
        assert_eq!(h.decrement_ttl(), 63);
        assert!(h.verify_checksum());
    }

    #[test]
    fn rejects_bad_headers() {
        assert!(Ipv4Header::new_checked(&HDR[..10]).is_err());
        assert!(Ipv4Header::new_checked(&HDR[..]).is_err()); // total 115 > 20
        let mut b = HDR;
        b[0] = 0x65;
        assert!(Ipv4Header::new_checked(&b[..]).is_err());
    }
}
