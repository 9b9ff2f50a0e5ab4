//! The Internet checksum over the IPv6 pseudo-header (RFC 8200 §8.1), as
//! the Mobility Header (RFC 6275 §6.1.1) and ICMPv6 (RFC 4443 §2.3) use it.
//!
//! Which addresses go into the pseudo-header is the caller's business; the
//! packet walker ([`super::Ipv6Packet`]) picks them as RFC 6275 requires (the
//! home address from a Home Address option as source; the final destination
//! from a type 2 Routing Header with Segments Left > 0).

use core::net::Ipv6Addr;

/// IPv6 Next Header value of the Mobility Header (RFC 6275 §6.1.1).
pub const NEXT_HEADER_MOBILITY: u8 = 135;
/// IPv6 Next Header value of ICMPv6 (RFC 4443).
pub const NEXT_HEADER_ICMPV6: u8 = 58;

/// Adds `data` as big-endian 16-bit words to `acc` (an odd final byte is
/// padded with zero, RFC 1071).
#[inline]
fn add_words(mut acc: u64, data: &[u8]) -> u64 {
    let mut quads = data.chunks_exact(4);
    for q in &mut quads {
        acc += u64::from(u32::from_be_bytes([q[0], q[1], q[2], q[3]]));
    }
    let rest = quads.remainder();
    let mut pairs = rest.chunks_exact(2);
    for p in &mut pairs {
        acc += u64::from(u16::from_be_bytes([p[0], p[1]]));
    }
    if let [last] = pairs.remainder() {
        acc += u64::from(*last) << 8;
    }
    acc
}

#[inline]
fn fold(mut acc: u64) -> u16 {
    while acc > 0xffff {
        acc = (acc & 0xffff) + (acc >> 16);
    }
    acc as u16
}

/// The one's-complement sum of the pseudo-header and `data`, folded to
/// 16 bits (not complemented). Data of more than `u32::MAX` bytes cannot be
/// an IPv6 payload; its length is saturated.
#[must_use]
pub fn sum(src: &Ipv6Addr, dst: &Ipv6Addr, next_header: u8, data: &[u8]) -> u16 {
    let len = u32::try_from(data.len()).unwrap_or(u32::MAX);
    let mut acc = add_words(0, &src.octets());
    acc = add_words(acc, &dst.octets());
    acc += u64::from(len >> 16) + u64::from(len & 0xffff);
    acc += u64::from(next_header);
    fold(add_words(acc, data))
}

/// The checksum to store in a message whose checksum field is zero.
#[must_use]
pub fn compute(src: &Ipv6Addr, dst: &Ipv6Addr, next_header: u8, data: &[u8]) -> u16 {
    !sum(src, dst, next_header, data)
}

/// Whether `data`, checksum field included, verifies.
#[must_use]
pub fn verify(src: &Ipv6Addr, dst: &Ipv6Addr, next_header: u8, data: &[u8]) -> bool {
    sum(src, dst, next_header, data) == 0xffff
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc1071_odd_length_and_verify() {
        let a = Ipv6Addr::LOCALHOST;
        let mut data = [0x87, 0x00, 0x00, 0x00, 0x12];
        let c = compute(&a, &a, NEXT_HEADER_MOBILITY, &data);
        data[2..4].copy_from_slice(&c.to_be_bytes());
        assert!(verify(&a, &a, NEXT_HEADER_MOBILITY, &data));
        data[4] ^= 1;
        assert!(!verify(&a, &a, NEXT_HEADER_MOBILITY, &data));
    }
}
