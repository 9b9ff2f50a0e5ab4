//! Registration Request (type 1) and Registration Reply (type 3),
//! RFC 5944 §3.3–3.4.
//!
//! ```text
//! Request:  0 Type=1 | 1 S B D M G r T x | 2..4 Lifetime | 4..8 Home Address
//!           8..12 Home Agent | 12..16 Care-of Address | 16..24 Identification
//!           24.. Extensions
//! Reply:    0 Type=3 | 1 Code | 2..4 Lifetime | 4..8 Home Address
//!           8..12 Home Agent | 12..20 Identification | 20.. Extensions
//! ```

use super::codes::{MessageType, RegistrationFlags, ReplyCode};
#[cfg(feature = "alloc")]
use super::error::EmitError;
use super::error::{Anomalies, Error, Layer};
use super::ext::{check_extensions, Extensions, LocatedExtensions};
#[cfg(feature = "alloc")]
use super::ext::{emit_extensions, Extension};
use super::replay::Identification;
use super::MAX_MESSAGE_LEN;
use crate::wire::{be_u16, be_u32, be_u64, BufferTooSmall, Writer};
use core::net::Ipv4Addr;
use core::time::Duration;

/// Byte ranges of the Registration Request fields (RFC 5944 §3.3).
pub mod request_field {
    use crate::wire::{Field, Rest};
    /// Type (1).
    pub const TYPE: usize = 0;
    /// Flags `S B D M G r T x`.
    pub const FLAGS: usize = 1;
    /// Lifetime, seconds.
    pub const LIFETIME: Field = 2..4;
    /// Home Address.
    pub const HOME_ADDR: Field = 4..8;
    /// Home Agent.
    pub const HOME_AGENT: Field = 8..12;
    /// Care-of Address.
    pub const CARE_OF: Field = 12..16;
    /// Identification.
    pub const IDENT: Field = 16..24;
    /// Extensions.
    pub const EXTENSIONS: Rest = 24..;
}

/// Byte ranges of the Registration Reply fields (RFC 5944 §3.4).
pub mod reply_field {
    use crate::wire::{Field, Rest};
    /// Type (3).
    pub const TYPE: usize = 0;
    /// Code.
    pub const CODE: usize = 1;
    /// Lifetime, seconds.
    pub const LIFETIME: Field = 2..4;
    /// Home Address.
    pub const HOME_ADDR: Field = 4..8;
    /// Home Agent.
    pub const HOME_AGENT: Field = 8..12;
    /// Identification.
    pub const IDENT: Field = 12..20;
    /// Extensions.
    pub const EXTENSIONS: Rest = 20..;
}

/// Length of the Registration Request fixed part.
pub const REQUEST_HEADER_LEN: usize = 24;
/// Length of the Registration Reply fixed part.
pub const REPLY_HEADER_LEN: usize = 20;
/// A Lifetime of 0xffff means infinity (RFC 5944 §3.3).
pub const INFINITE_LIFETIME: u16 = 0xffff;

/// The meaning of a registration Lifetime field (RFC 5944 §3.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lifetime {
    /// 0: a deregistration.
    Deregister,
    /// 1–65534 seconds.
    Seconds(u16),
    /// 0xffff: infinity.
    Infinite,
}

impl Lifetime {
    /// Interprets the wire value.
    #[must_use]
    pub const fn from_wire(v: u16) -> Lifetime {
        match v {
            0 => Lifetime::Deregister,
            INFINITE_LIFETIME => Lifetime::Infinite,
            s => Lifetime::Seconds(s),
        }
    }

    /// The wire value.
    #[must_use]
    pub const fn to_wire(self) -> u16 {
        match self {
            Lifetime::Deregister => 0,
            Lifetime::Infinite => INFINITE_LIFETIME,
            Lifetime::Seconds(s) => s,
        }
    }

    /// As a duration; `None` for infinity.
    #[must_use]
    pub const fn duration(self) -> Option<Duration> {
        match self {
            Lifetime::Deregister => Some(Duration::ZERO),
            Lifetime::Infinite => None,
            Lifetime::Seconds(s) => Some(Duration::from_secs(s as u64)),
        }
    }
}

fn addr(buf: &[u8], at: usize) -> Ipv4Addr {
    Ipv4Addr::from(be_u32(buf, at).unwrap_or(0))
}

fn set(buf: &mut [u8], range: core::ops::Range<usize>, data: &[u8]) {
    if let Some(dst) = buf.get_mut(range) {
        dst.copy_from_slice(data);
    }
}

fn check_common(buf: &[u8], layer: Layer, ty: MessageType, header: usize) -> Result<(), Error> {
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

/// A Registration Request view over `T` (RFC 5944 §3.3). See the module
/// contract in [`super`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegistrationRequest<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> RegistrationRequest<T> {
    /// Wraps a buffer without checking it. Getters return zeros for fields
    /// beyond a short buffer; use this to fill a fresh buffer.
    pub const fn new_unchecked(buffer: T) -> RegistrationRequest<T> {
        RegistrationRequest { buffer }
    }

    /// Wraps a buffer after [`RegistrationRequest::check`].
    pub fn new_checked(buffer: T) -> Result<RegistrationRequest<T>, Error> {
        let r = RegistrationRequest::new_unchecked(buffer);
        r.check()?;
        Ok(r)
    }

    /// Checks the length, the type byte, the size bound and every extension
    /// (layouts, lengths, unknown non-skippable types, the count bound).
    pub fn check(&self) -> Result<(), Error> {
        check_common(
            self.buffer.as_ref(),
            Layer::RegistrationRequest,
            MessageType::REGISTRATION_REQUEST,
            REQUEST_HEADER_LEN,
        )
    }

    /// The underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }

    /// The whole message.
    pub fn as_bytes(&self) -> &[u8] {
        self.buffer.as_ref()
    }

    /// Flags, reserved bits kept.
    pub fn flags(&self) -> RegistrationFlags {
        let b = self.buffer.as_ref();
        RegistrationFlags::from_bits_retain(b.get(request_field::FLAGS).copied().unwrap_or(0))
    }

    /// Lifetime field, seconds (0 deregisters, 0xffff infinity).
    pub fn lifetime(&self) -> u16 {
        be_u16(self.buffer.as_ref(), request_field::LIFETIME.start).unwrap_or(0)
    }

    /// Home Address.
    pub fn home_address(&self) -> Ipv4Addr {
        addr(self.buffer.as_ref(), request_field::HOME_ADDR.start)
    }

    /// Home Agent.
    pub fn home_agent(&self) -> Ipv4Addr {
        addr(self.buffer.as_ref(), request_field::HOME_AGENT.start)
    }

    /// Care-of Address.
    pub fn care_of_address(&self) -> Ipv4Addr {
        addr(self.buffer.as_ref(), request_field::CARE_OF.start)
    }

    /// Identification.
    pub fn identification(&self) -> Identification {
        Identification(be_u64(self.buffer.as_ref(), request_field::IDENT.start).unwrap_or(0))
    }

    /// The extension bytes.
    pub fn extension_bytes(&self) -> &[u8] {
        self.buffer
            .as_ref()
            .get(request_field::EXTENSIONS)
            .unwrap_or(&[])
    }

    /// Walks the extensions.
    pub fn extensions(&self) -> Extensions<'_> {
        Extensions::new(self.extension_bytes(), REQUEST_HEADER_LEN)
    }

    /// Walks the extensions with their offsets.
    pub fn located_extensions(&self) -> LocatedExtensions<'_> {
        LocatedExtensions::new(self.extension_bytes(), REQUEST_HEADER_LEN)
    }

    /// Reserved bits and fields that are set: the `r` and `x` flags
    /// (RFC 5944 §3.3: "sent as zero; ignored on reception") and those of the
    /// extensions. Reported, not rejected.
    pub fn anomalies(&self) -> Anomalies {
        let mut a = Anomalies::empty();
        if self.flags().intersects(RegistrationFlags::RESERVED) {
            a |= Anomalies::RESERVED_FLAGS;
        }
        for e in self.extensions().flatten() {
            a |= e.anomalies();
        }
        a
    }
}

impl<'a> RegistrationRequest<&'a [u8]> {
    /// Walks the extensions, borrowing the buffer rather than the view.
    pub fn into_extensions(self) -> Extensions<'a> {
        Extensions::new(
            self.buffer.get(REQUEST_HEADER_LEN..).unwrap_or(&[]),
            REQUEST_HEADER_LEN,
        )
    }

    /// Walks the extensions with offsets, borrowing the buffer.
    pub fn into_located_extensions(self) -> LocatedExtensions<'a> {
        LocatedExtensions::new(
            self.buffer.get(REQUEST_HEADER_LEN..).unwrap_or(&[]),
            REQUEST_HEADER_LEN,
        )
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> RegistrationRequest<T> {
    /// Sets the type byte to 1.
    pub fn set_msg_type(&mut self) {
        if let Some(b) = self.buffer.as_mut().get_mut(request_field::TYPE) {
            *b = MessageType::REGISTRATION_REQUEST.0;
        }
    }
    /// Sets the flags.
    pub fn set_flags(&mut self, f: RegistrationFlags) {
        if let Some(b) = self.buffer.as_mut().get_mut(request_field::FLAGS) {
            *b = f.bits();
        }
    }
    /// Sets the lifetime.
    pub fn set_lifetime(&mut self, v: u16) {
        set(
            self.buffer.as_mut(),
            request_field::LIFETIME,
            &v.to_be_bytes(),
        );
    }
    /// Sets the home address.
    pub fn set_home_address(&mut self, a: Ipv4Addr) {
        set(self.buffer.as_mut(), request_field::HOME_ADDR, &a.octets());
    }
    /// Sets the home agent.
    pub fn set_home_agent(&mut self, a: Ipv4Addr) {
        set(self.buffer.as_mut(), request_field::HOME_AGENT, &a.octets());
    }
    /// Sets the care-of address.
    pub fn set_care_of_address(&mut self, a: Ipv4Addr) {
        set(self.buffer.as_mut(), request_field::CARE_OF, &a.octets());
    }
    /// Sets the identification.
    pub fn set_identification(&mut self, id: Identification) {
        set(
            self.buffer.as_mut(),
            request_field::IDENT,
            &id.0.to_be_bytes(),
        );
    }
}

/// A Registration Reply view over `T` (RFC 5944 §3.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegistrationReply<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> RegistrationReply<T> {
    /// Wraps a buffer without checking it.
    pub const fn new_unchecked(buffer: T) -> RegistrationReply<T> {
        RegistrationReply { buffer }
    }

    /// Wraps a buffer after [`RegistrationReply::check`].
    pub fn new_checked(buffer: T) -> Result<RegistrationReply<T>, Error> {
        let r = RegistrationReply::new_unchecked(buffer);
        r.check()?;
        Ok(r)
    }

    /// Checks length, type, size bound and every extension.
    pub fn check(&self) -> Result<(), Error> {
        check_common(
            self.buffer.as_ref(),
            Layer::RegistrationReply,
            MessageType::REGISTRATION_REPLY,
            REPLY_HEADER_LEN,
        )
    }

    /// The underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }

    /// The whole message.
    pub fn as_bytes(&self) -> &[u8] {
        self.buffer.as_ref()
    }

    /// Reply code.
    pub fn code(&self) -> ReplyCode {
        ReplyCode(
            self.buffer
                .as_ref()
                .get(reply_field::CODE)
                .copied()
                .unwrap_or(0),
        )
    }

    /// Lifetime granted, seconds.
    pub fn lifetime(&self) -> u16 {
        be_u16(self.buffer.as_ref(), reply_field::LIFETIME.start).unwrap_or(0)
    }

    /// Home Address.
    pub fn home_address(&self) -> Ipv4Addr {
        addr(self.buffer.as_ref(), reply_field::HOME_ADDR.start)
    }

    /// Home Agent.
    pub fn home_agent(&self) -> Ipv4Addr {
        addr(self.buffer.as_ref(), reply_field::HOME_AGENT.start)
    }

    /// Identification.
    pub fn identification(&self) -> Identification {
        Identification(be_u64(self.buffer.as_ref(), reply_field::IDENT.start).unwrap_or(0))
    }

    /// The extension bytes.
    pub fn extension_bytes(&self) -> &[u8] {
        self.buffer
            .as_ref()
            .get(reply_field::EXTENSIONS)
            .unwrap_or(&[])
    }

    /// Walks the extensions.
    pub fn extensions(&self) -> Extensions<'_> {
        Extensions::new(self.extension_bytes(), REPLY_HEADER_LEN)
    }

    /// Walks the extensions with their offsets.
    pub fn located_extensions(&self) -> LocatedExtensions<'_> {
        LocatedExtensions::new(self.extension_bytes(), REPLY_HEADER_LEN)
    }

    /// Reserved bits and fields set in the extensions.
    pub fn anomalies(&self) -> Anomalies {
        self.extensions()
            .flatten()
            .fold(Anomalies::empty(), |a, e| a | e.anomalies())
    }
}

impl<'a> RegistrationReply<&'a [u8]> {
    /// Walks the extensions, borrowing the buffer rather than the view.
    pub fn into_extensions(self) -> Extensions<'a> {
        Extensions::new(
            self.buffer.get(REPLY_HEADER_LEN..).unwrap_or(&[]),
            REPLY_HEADER_LEN,
        )
    }

    /// Walks the extensions with offsets, borrowing the buffer.
    pub fn into_located_extensions(self) -> LocatedExtensions<'a> {
        LocatedExtensions::new(
            self.buffer.get(REPLY_HEADER_LEN..).unwrap_or(&[]),
            REPLY_HEADER_LEN,
        )
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> RegistrationReply<T> {
    /// Sets the type byte to 3.
    pub fn set_msg_type(&mut self) {
        if let Some(b) = self.buffer.as_mut().get_mut(reply_field::TYPE) {
            *b = MessageType::REGISTRATION_REPLY.0;
        }
    }
    /// Sets the code.
    pub fn set_code(&mut self, c: ReplyCode) {
        if let Some(b) = self.buffer.as_mut().get_mut(reply_field::CODE) {
            *b = c.0;
        }
    }
    /// Sets the lifetime.
    pub fn set_lifetime(&mut self, v: u16) {
        set(
            self.buffer.as_mut(),
            reply_field::LIFETIME,
            &v.to_be_bytes(),
        );
    }
    /// Sets the home address.
    pub fn set_home_address(&mut self, a: Ipv4Addr) {
        set(self.buffer.as_mut(), reply_field::HOME_ADDR, &a.octets());
    }
    /// Sets the home agent.
    pub fn set_home_agent(&mut self, a: Ipv4Addr) {
        set(self.buffer.as_mut(), reply_field::HOME_AGENT, &a.octets());
    }
    /// Sets the identification.
    pub fn set_identification(&mut self, id: Identification) {
        set(
            self.buffer.as_mut(),
            reply_field::IDENT,
            &id.0.to_be_bytes(),
        );
    }
}

/// The fixed part of a Registration Request, owned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct RequestHeader {
    /// Flags, reserved bits included (`bits()` on the wire).
    pub flags: u8,
    /// Lifetime, seconds.
    pub lifetime: u16,
    /// Home Address.
    pub home_address: Ipv4Addr,
    /// Home Agent.
    pub home_agent: Ipv4Addr,
    /// Care-of Address.
    pub care_of_address: Ipv4Addr,
    /// Identification.
    pub identification: Identification,
}

impl RequestHeader {
    /// The whole message (this fixed part, then `extensions`) in a new
    /// vector, sized exactly.
    #[cfg(feature = "alloc")]
    pub fn to_vec(&self, extensions: &[Extension<'_>]) -> Result<alloc::vec::Vec<u8>, EmitError> {
        let len = self.encoded_len() + extensions.iter().map(Extension::encoded_len).sum::<usize>();
        let mut v = alloc::vec![0u8; len];
        let n = self.emit(&mut v)?;
        emit_extensions(extensions, &mut v[n..])?;
        Ok(v)
    }

    /// Reads the fixed part of a view.
    pub fn parse<T: AsRef<[u8]>>(v: &RegistrationRequest<T>) -> RequestHeader {
        RequestHeader {
            flags: v.flags().bits(),
            lifetime: v.lifetime(),
            home_address: v.home_address(),
            home_agent: v.home_agent(),
            care_of_address: v.care_of_address(),
            identification: v.identification(),
        }
    }

    /// 24 bytes.
    #[must_use]
    pub const fn encoded_len(&self) -> usize {
        REQUEST_HEADER_LEN
    }

    /// Writes the fixed part at the writer's position.
    pub fn emit_to(&self, w: &mut Writer<'_>) {
        w.u8(MessageType::REGISTRATION_REQUEST.0);
        w.u8(self.flags);
        w.u16(self.lifetime);
        w.bytes(&self.home_address.octets());
        w.bytes(&self.home_agent.octets());
        w.bytes(&self.care_of_address.octets());
        w.u64(self.identification.0);
    }

    /// Writes the fixed part into `buf`.
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize, BufferTooSmall> {
        let mut w = Writer::new(buf);
        self.emit_to(&mut w);
        w.finish()
    }
}

/// The fixed part of a Registration Reply, owned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct ReplyHeader {
    /// Reply code.
    pub code: ReplyCode,
    /// Lifetime, seconds.
    pub lifetime: u16,
    /// Home Address.
    pub home_address: Ipv4Addr,
    /// Home Agent.
    pub home_agent: Ipv4Addr,
    /// Identification.
    pub identification: Identification,
}

impl ReplyHeader {
    /// The whole message (this fixed part, then `extensions`) in a new
    /// vector, sized exactly.
    #[cfg(feature = "alloc")]
    pub fn to_vec(&self, extensions: &[Extension<'_>]) -> Result<alloc::vec::Vec<u8>, EmitError> {
        let len = self.encoded_len() + extensions.iter().map(Extension::encoded_len).sum::<usize>();
        let mut v = alloc::vec![0u8; len];
        let n = self.emit(&mut v)?;
        emit_extensions(extensions, &mut v[n..])?;
        Ok(v)
    }

    /// Reads the fixed part of a view.
    pub fn parse<T: AsRef<[u8]>>(v: &RegistrationReply<T>) -> ReplyHeader {
        ReplyHeader {
            code: v.code(),
            lifetime: v.lifetime(),
            home_address: v.home_address(),
            home_agent: v.home_agent(),
            identification: v.identification(),
        }
    }

    /// 20 bytes.
    #[must_use]
    pub const fn encoded_len(&self) -> usize {
        REPLY_HEADER_LEN
    }

    /// Writes the fixed part at the writer's position.
    pub fn emit_to(&self, w: &mut Writer<'_>) {
        w.u8(MessageType::REGISTRATION_REPLY.0);
        w.u8(self.code.0);
        w.u16(self.lifetime);
        w.bytes(&self.home_address.octets());
        w.bytes(&self.home_agent.octets());
        w.u64(self.identification.0);
    }

    /// Writes the fixed part into `buf`.
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize, BufferTooSmall> {
        let mut w = Writer::new(buf);
        self.emit_to(&mut w);
        w.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(not(feature = "alloc"))]
    use crate::mip4::wire::ext::Extension;

    /// RFC 5944 §3.3 layout, annotated.
    const RRQ: [u8; 29] = [
        0x01, // Type 1 (Registration Request)
        0x02, // Flags: T
        0x00, 0x3c, // Lifetime 60
        10, 0, 0, 5, // Home Address 10.0.0.5
        10, 0, 0, 1, // Home Agent 10.0.0.1
        192, 0, 2, 1, // Care-of Address 192.0.2.1
        0xe8, 0x8a, 0x2b, 0x40, 0x00, 0x00, 0x00, 0x01, // Identification
        131, 3, b'a', b'@', b'b', // MN-NAI "a@b"
    ];

    #[test]
    fn deconstruct() {
        let r = RegistrationRequest::new_checked(&RRQ[..]).unwrap();
        assert_eq!(r.flags(), RegistrationFlags::T);
        assert_eq!(r.lifetime(), 60);
        assert_eq!(r.home_address(), Ipv4Addr::new(10, 0, 0, 5));
        assert_eq!(r.home_agent(), Ipv4Addr::new(10, 0, 0, 1));
        assert_eq!(r.care_of_address(), Ipv4Addr::new(192, 0, 2, 1));
        assert_eq!(r.identification(), Identification(0xe88a_2b40_0000_0001));
        let mut it = r.extensions();
        assert_eq!(it.next(), Some(Ok(Extension::MnNai(b"a@b"))));
        assert_eq!(it.next(), None);
        assert_eq!(Lifetime::from_wire(0), Lifetime::Deregister);
        assert_eq!(Lifetime::from_wire(0xffff).duration(), None);
    }

    #[cfg(feature = "alloc")]
    #[test]
    fn to_vec_matches_bytes() {
        let v = RegistrationRequest::new_checked(&RRQ[..]).unwrap();
        let h = RequestHeader::parse(&v);
        let v = h.to_vec(&[Extension::MnNai(b"a@b")]).unwrap();
        assert_eq!(&v[..], &RRQ[..]);
    }

    #[test]
    fn construct_and_relay_in_place() {
        let h = RequestHeader::parse(&RegistrationRequest::new_unchecked(&RRQ[..]));
        let mut buf = [0u8; 29];
        assert_eq!(h.emit(&mut buf), Ok(24));
        buf[24..].copy_from_slice(&RRQ[24..]);
        assert_eq!(buf, RRQ);
        let mut v = RegistrationRequest::new_unchecked(&mut buf[..]);
        v.set_care_of_address(Ipv4Addr::new(198, 51, 100, 7));
        v.set_lifetime(0);
        let v = RegistrationRequest::new_checked(&buf[..]).unwrap();
        assert_eq!(v.care_of_address(), Ipv4Addr::new(198, 51, 100, 7));
        assert_eq!(v.lifetime(), 0);
        assert_eq!(v.anomalies(), Anomalies::empty());
        let mut b = RRQ;
        b[1] |= 0x01; // x
        let v = RegistrationRequest::new_checked(&b[..]).unwrap();
        assert_eq!(v.anomalies(), Anomalies::RESERVED_FLAGS);
        assert_eq!(v.flags().bits(), 0x03);
    }

    #[test]
    fn truncation_and_type() {
        for n in 0..REQUEST_HEADER_LEN {
            assert_eq!(
                RegistrationRequest::new_checked(&RRQ[..n]).unwrap_err(),
                Error::Truncated {
                    layer: Layer::RegistrationRequest,
                    offset: 0,
                    required: 24,
                    available: n
                }
            );
        }
        for n in REQUEST_HEADER_LEN + 1..RRQ.len() {
            assert!(matches!(
                RegistrationRequest::new_checked(&RRQ[..n]),
                Err(Error::Truncated {
                    layer: Layer::Extension,
                    ..
                })
            ));
        }
        assert_eq!(
            RegistrationReply::new_checked(&RRQ[..]).unwrap_err(),
            Error::WrongType {
                layer: Layer::RegistrationReply,
                found: 1
            }
        );
    }
}
