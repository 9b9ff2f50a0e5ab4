//! Registration Revocation (type 7) and Revocation Acknowledgment (type 15),
//! RFC 3543 §3.1–3.2. Field layout as Wireshark's `mip` dissector decodes it
//! (`mip.rev.*`, `mip.ack.*`), which agrees with the RFC figures:
//!
//! ```text
//! Revocation: 0 Type=7 | 1 Reserved | 2..4 A I reserved | 4..8 Home Address
//!             8..12 Home Domain Address | 12..16 Foreign Domain Address
//!             16..20 Revocation Identifier | 20.. Extensions (FA-HA auth)
//! Ack:        0 Type=15 | 1 Reserved | 2..4 I reserved | 4..8 Home Address
//!             8..12 Revocation Identifier | 12.. Extensions
//! ```

use super::codes::{MessageType, RevocationFlags, RevocationSupportFlags};
use super::error::{Error, Layer};
use super::ext::{check_extensions, Extensions};
use super::MAX_MESSAGE_LEN;
use crate::wire::{be_u16, be_u32, BufferTooSmall, Writer};
use core::net::Ipv4Addr;

/// Fixed part of a Registration Revocation.
pub const REVOCATION_LEN: usize = 20;
/// Fixed part of a Revocation Acknowledgment.
pub const REVOCATION_ACK_LEN: usize = 12;

fn check(buf: &[u8], layer: Layer, ty: MessageType, header: usize) -> Result<(), Error> {
    if buf.len() < header {
        return Err(Error::Truncated {
            layer,
            offset: 0,
            required: header,
            available: buf.len(),
        });
    }
    if buf.len() > MAX_MESSAGE_LEN {
        return Err(Error::TooLong {
            length: buf.len(),
            max: MAX_MESSAGE_LEN,
        });
    }
    let found = buf.first().copied().unwrap_or(0);
    if found != ty.0 {
        return Err(Error::WrongType { layer, found });
    }
    check_extensions(buf.get(header..).unwrap_or(&[]), header)
}

/// A Registration Revocation view (RFC 3543 §3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Revocation<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> Revocation<T> {
    /// Wraps without checking.
    pub const fn new_unchecked(buffer: T) -> Revocation<T> {
        Revocation { buffer }
    }

    /// Wraps after checking length, type and extensions.
    pub fn new_checked(buffer: T) -> Result<Revocation<T>, Error> {
        check(
            buffer.as_ref(),
            Layer::Revocation,
            MessageType::REGISTRATION_REVOCATION,
            REVOCATION_LEN,
        )?;
        Ok(Revocation { buffer })
    }

    /// The underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }

    fn b(&self) -> &[u8] {
        self.buffer.as_ref()
    }

    /// The reserved byte after the type.
    pub fn reserved(&self) -> u8 {
        self.b().get(1).copied().unwrap_or(0)
    }

    /// Flags A and I, reserved bits kept.
    pub fn flags(&self) -> RevocationFlags {
        RevocationFlags::from_bits_retain(be_u16(self.b(), 2).unwrap_or(0))
    }

    /// The revoked mobile node's home address.
    pub fn home_address(&self) -> Ipv4Addr {
        Ipv4Addr::from(be_u32(self.b(), 4).unwrap_or(0))
    }

    /// Home Domain Address (the HA).
    pub fn home_domain_address(&self) -> Ipv4Addr {
        Ipv4Addr::from(be_u32(self.b(), 8).unwrap_or(0))
    }

    /// Foreign Domain Address (the FA).
    pub fn foreign_domain_address(&self) -> Ipv4Addr {
        Ipv4Addr::from(be_u32(self.b(), 12).unwrap_or(0))
    }

    /// Revocation Identifier (a timestamp, RFC 3543 §3.1).
    pub fn revocation_id(&self) -> u32 {
        be_u32(self.b(), 16).unwrap_or(0)
    }

    /// Walks the extensions.
    pub fn extensions(&self) -> Extensions<'_> {
        Extensions::new(
            self.b().get(REVOCATION_LEN..).unwrap_or(&[]),
            REVOCATION_LEN,
        )
    }
}

/// The fixed part of a Registration Revocation, owned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RevocationRepr {
    /// Reserved byte (kept for the round trip).
    pub reserved: u8,
    /// Flags.
    pub flags: RevocationFlags,
    /// Home address.
    pub home_address: Ipv4Addr,
    /// Home Domain Address.
    pub home_domain_address: Ipv4Addr,
    /// Foreign Domain Address.
    pub foreign_domain_address: Ipv4Addr,
    /// Revocation Identifier.
    pub revocation_id: u32,
}

impl RevocationRepr {
    /// Reads a view.
    pub fn parse<T: AsRef<[u8]>>(v: &Revocation<T>) -> RevocationRepr {
        RevocationRepr {
            reserved: v.reserved(),
            flags: v.flags(),
            home_address: v.home_address(),
            home_domain_address: v.home_domain_address(),
            foreign_domain_address: v.foreign_domain_address(),
            revocation_id: v.revocation_id(),
        }
    }

    /// 20 bytes.
    #[must_use]
    pub const fn encoded_len(&self) -> usize {
        REVOCATION_LEN
    }

    /// Writes the fixed part into `buf` (extensions follow).
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize, BufferTooSmall> {
        let mut w = Writer::new(buf);
        w.u8(MessageType::REGISTRATION_REVOCATION.0);
        w.u8(self.reserved);
        w.u16(self.flags.bits());
        w.bytes(&self.home_address.octets());
        w.bytes(&self.home_domain_address.octets());
        w.bytes(&self.foreign_domain_address.octets());
        w.u32(self.revocation_id);
        w.finish()
    }
}

/// A Revocation Acknowledgment view (RFC 3543 §3.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RevocationAck<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> RevocationAck<T> {
    /// Wraps without checking.
    pub const fn new_unchecked(buffer: T) -> RevocationAck<T> {
        RevocationAck { buffer }
    }

    /// Wraps after checking length, type and extensions.
    pub fn new_checked(buffer: T) -> Result<RevocationAck<T>, Error> {
        check(
            buffer.as_ref(),
            Layer::RevocationAck,
            MessageType::REVOCATION_ACKNOWLEDGMENT,
            REVOCATION_ACK_LEN,
        )?;
        Ok(RevocationAck { buffer })
    }

    /// The underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }

    fn b(&self) -> &[u8] {
        self.buffer.as_ref()
    }

    /// The reserved byte after the type.
    pub fn reserved(&self) -> u8 {
        self.b().get(1).copied().unwrap_or(0)
    }

    /// Flags (I), reserved bits kept.
    pub fn flags(&self) -> RevocationSupportFlags {
        RevocationSupportFlags::from_bits_retain(be_u16(self.b(), 2).unwrap_or(0))
    }

    /// Home address.
    pub fn home_address(&self) -> Ipv4Addr {
        Ipv4Addr::from(be_u32(self.b(), 4).unwrap_or(0))
    }

    /// Revocation Identifier copied from the Revocation.
    pub fn revocation_id(&self) -> u32 {
        be_u32(self.b(), 8).unwrap_or(0)
    }

    /// Walks the extensions.
    pub fn extensions(&self) -> Extensions<'_> {
        Extensions::new(
            self.b().get(REVOCATION_ACK_LEN..).unwrap_or(&[]),
            REVOCATION_ACK_LEN,
        )
    }
}

/// The fixed part of a Revocation Acknowledgment, owned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RevocationAckRepr {
    /// Reserved byte.
    pub reserved: u8,
    /// Flags.
    pub flags: RevocationSupportFlags,
    /// Home address.
    pub home_address: Ipv4Addr,
    /// Revocation Identifier.
    pub revocation_id: u32,
}

impl RevocationAckRepr {
    /// Reads a view.
    pub fn parse<T: AsRef<[u8]>>(v: &RevocationAck<T>) -> RevocationAckRepr {
        RevocationAckRepr {
            reserved: v.reserved(),
            flags: v.flags(),
            home_address: v.home_address(),
            revocation_id: v.revocation_id(),
        }
    }

    /// 12 bytes.
    #[must_use]
    pub const fn encoded_len(&self) -> usize {
        REVOCATION_ACK_LEN
    }

    /// Writes the fixed part into `buf`.
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize, BufferTooSmall> {
        let mut w = Writer::new(buf);
        w.u8(MessageType::REVOCATION_ACKNOWLEDGMENT.0);
        w.u8(self.reserved);
        w.u16(self.flags.bits());
        w.bytes(&self.home_address.octets());
        w.u32(self.revocation_id);
        w.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revocation_round_trip() {
        let r = RevocationRepr {
            reserved: 0,
            flags: RevocationFlags::A | RevocationFlags::I,
            home_address: Ipv4Addr::new(10, 1, 0, 20),
            home_domain_address: Ipv4Addr::new(10, 1, 0, 1),
            foreign_domain_address: Ipv4Addr::new(192, 0, 2, 1),
            revocation_id: 0x1234_5678,
        };
        let mut buf = [0u8; 20];
        assert_eq!(r.emit(&mut buf), Ok(20));
        assert_eq!(&buf[..4], &[7, 0, 0xc0, 0]); // type 7, reserved, A|I
        let v = Revocation::new_checked(&buf[..]).unwrap();
        assert_eq!(RevocationRepr::parse(&v), r);
        assert!(Revocation::new_checked(&buf[..19]).is_err());
        let a = RevocationAckRepr {
            reserved: 0,
            flags: RevocationSupportFlags::I,
            home_address: r.home_address,
            revocation_id: r.revocation_id,
        };
        let mut ab = [0u8; 12];
        assert_eq!(a.emit(&mut ab), Ok(12));
        let av = RevocationAck::new_checked(&ab[..]).unwrap();
        assert_eq!(RevocationAckRepr::parse(&av), a);
        assert_eq!(av.extensions().count(), 0);
    }
}
