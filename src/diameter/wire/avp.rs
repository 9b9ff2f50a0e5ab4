//! The Diameter AVP (RFC 6733 §4.1) as a checked view, and the iterator over
//! a sequence of AVPs.
//!
//! ```text
//!  0                   1                   2                   3
//!  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |                           AVP Code                            |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |V M P r r r r r|                  AVP Length                   |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |                        Vendor-ID (opt)                        |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |    Data ...
//! +-+-+-+-+-+-+-+-+
//! ```
//!
//! The AVP Length counts the header and the data but not the padding to the
//! next 32-bit boundary, which follows every AVP.

use bitflags::bitflags;

use super::codes::{AvpCode, VendorId};
use super::error::Error;
use crate::wire::{be_u24, be_u32};

/// Byte ranges of the AVP header fields.
pub mod field {
    use crate::wire::Field;
    /// AVP Code.
    pub const CODE: Field = 0..4;
    /// AVP Flags.
    pub const FLAGS: usize = 4;
    /// AVP Length (24 bits).
    pub const LENGTH: Field = 5..8;
    /// Vendor-ID, present when the V bit is set.
    pub const VENDOR_ID: Field = 8..12;
}

/// Header size without a Vendor-ID.
pub const AVP_HEADER_LEN: usize = 8;
/// Header size with a Vendor-ID.
pub const AVP_HEADER_LEN_VENDOR: usize = 12;
/// How deep Grouped AVPs may nest (the top level is depth 0).
pub const MAX_AVP_DEPTH: u8 = 16;
/// How many AVPs, at every depth together, one message may hold.
pub const MAX_AVPS_PER_MESSAGE: usize = 1024;

bitflags! {
    /// AVP Flags (RFC 6733 §4.1). Reserved bits are kept (`from_bits_retain`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub struct AvpFlags: u8 {
        /// V: a Vendor-ID field is present.
        const VENDOR = 0x80;
        /// M: the receiver must understand the AVP.
        const MANDATORY = 0x40;
        /// P: reserved for end-to-end security (deprecated, must be zero).
        const PROTECTED = 0x20;
        /// The five reserved bits, which must be zero.
        const RESERVED = 0x1f;
    }
}

impl AvpFlags {
    /// V is set.
    #[must_use]
    pub fn is_vendor(self) -> bool {
        self.contains(AvpFlags::VENDOR)
    }
    /// M is set.
    #[must_use]
    pub fn is_mandatory(self) -> bool {
        self.contains(AvpFlags::MANDATORY)
    }
    /// P is set.
    #[must_use]
    pub fn is_protected(self) -> bool {
        self.contains(AvpFlags::PROTECTED)
    }
}

/// Rounds an AVP length up to the next multiple of four.
#[must_use]
pub const fn padded(len: usize) -> usize {
    (len + 3) & !3
}

/// A checked view of one AVP.
///
/// The storage holds at least the AVP Length bytes; the padding after them
/// may be absent (the last AVP inside a Grouped AVP is sometimes sent
/// unpadded).
///
/// The header fields are read once, when the view is made, and kept in it:
/// the accessors below are loads, not re-parses of the buffer. The view has
/// no setters, so the copy cannot go stale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Avp<T: AsRef<[u8]>> {
    buffer: T,
    /// Absolute offset of this AVP from the start of the message.
    offset: usize,
    /// The header, as parsed when the view was made.
    header: Header,
    /// Nesting depth (0 for top-level AVPs).
    depth: u8,
}

/// The parsed AVP header. For a view made by [`Avp::new_unchecked`] over
/// too few bytes, the missing fields read as zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Header {
    code: u32,
    /// The Vendor-ID, 0 when V is clear.
    vendor: u32,
    /// AVP Length (24 bits).
    length: u32,
    flags: u8,
}

impl Header {
    /// Reads whatever header bytes `buf` has (zero for the rest).
    fn read_lenient(buf: &[u8]) -> Header {
        let flags = buf.get(field::FLAGS).copied().unwrap_or(0);
        Header {
            code: be_u32(buf, field::CODE.start).unwrap_or(0),
            vendor: if flags & AvpFlags::VENDOR.bits() != 0 {
                be_u32(buf, field::VENDOR_ID.start).unwrap_or(0)
            } else {
                0
            },
            length: be_u24(buf, field::LENGTH.start).unwrap_or(0),
            flags,
        }
    }

    #[inline]
    fn header_len(self) -> usize {
        if self.flags & AvpFlags::VENDOR.bits() != 0 {
            AVP_HEADER_LEN_VENDOR
        } else {
            AVP_HEADER_LEN
        }
    }
}

impl<T: AsRef<[u8]>> Avp<T> {
    /// Wraps a buffer that starts with an AVP, checking that the header is
    /// complete, that AVP Length covers at least the header and that the
    /// buffer holds AVP Length bytes. `offset` is where the AVP sits in its
    /// message (used in errors).
    pub fn new_checked(buffer: T, offset: usize) -> Result<Avp<T>, Error> {
        let header = check_avp(buffer.as_ref(), offset)?;
        Ok(Avp {
            buffer,
            offset,
            header,
            depth: 0,
        })
    }

    /// Wraps a buffer without checking it. Header fields the buffer is too
    /// short to hold read as zero; [`Avp::data`] and [`Avp::as_bytes`] may
    /// then be empty or shorter than AVP Length says.
    #[must_use]
    pub fn new_unchecked(buffer: T) -> Avp<T> {
        let header = Header::read_lenient(buffer.as_ref());
        Avp {
            buffer,
            offset: 0,
            header,
            depth: 0,
        }
    }

    /// The AVP Code.
    #[inline]
    #[must_use]
    pub fn code(&self) -> AvpCode {
        AvpCode(self.header.code)
    }

    /// The AVP Flags, reserved bits included.
    #[inline]
    #[must_use]
    pub fn flags(&self) -> AvpFlags {
        AvpFlags::from_bits_retain(self.header.flags)
    }

    /// The AVP Length field (header + data, without padding).
    #[inline]
    #[must_use]
    pub fn length(&self) -> u32 {
        self.header.length
    }

    /// The Vendor-ID, or [`VendorId::IETF`] (0) when V is clear.
    #[inline]
    #[must_use]
    pub fn vendor_id(&self) -> VendorId {
        VendorId(self.header.vendor)
    }

    /// Header size: 12 with a Vendor-ID, else 8.
    #[inline]
    #[must_use]
    pub fn header_len(&self) -> usize {
        self.header.header_len()
    }

    /// The data (without padding).
    #[inline]
    #[must_use]
    pub fn data(&self) -> &[u8] {
        self.buffer
            .as_ref()
            .get(self.header.header_len()..self.header.length as usize)
            .unwrap_or_default()
    }

    /// The AVP's bytes, header to last data byte (no padding). This is what
    /// a relay copies verbatim and what goes into a Failed-AVP.
    #[inline]
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        let buf = self.buffer.as_ref();
        buf.get(..self.header.length as usize).unwrap_or(buf)
    }

    /// Absolute offset of the AVP in its message.
    #[must_use]
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// Nesting depth (0 for a top-level AVP).
    #[must_use]
    pub fn depth(&self) -> u8 {
        self.depth
    }

    /// Checks the AVP Flags (RFC 6733 §4.1): a reserved bit set ("an
    /// unrecognized bit SHOULD be considered an error") is
    /// [`Error::InvalidAvpBits`] (3009). The P bit is left to the caller.
    pub fn check_flags(&self) -> Result<(), Error> {
        let flags = self.flags();
        if flags.intersects(AvpFlags::RESERVED) {
            return Err(Error::InvalidAvpBits {
                offset: self.offset,
                flags: flags.bits(),
            });
        }
        Ok(())
    }

    /// The padding bytes that follow the data inside this buffer (0–3; fewer
    /// if the buffer ends early). RFC 6733 requires zeros; a non-zero byte is
    /// an anomaly, not an error.
    #[must_use]
    pub fn padding(&self) -> &[u8] {
        let buf = self.buffer.as_ref();
        let len = self.length() as usize;
        let end = padded(len).min(buf.len());
        buf.get(len..end).unwrap_or_default()
    }
}

impl<'a> Avp<&'a [u8]> {
    /// The data with the lifetime of the underlying buffer.
    #[must_use]
    #[inline]
    pub fn data_ref(&self) -> &'a [u8] {
        let buf: &'a [u8] = self.buffer;
        buf.get(self.header.header_len()..self.header.length as usize)
            .unwrap_or_default()
    }

    /// The AVP bytes (no padding) with the lifetime of the underlying buffer.
    #[inline]
    #[must_use]
    pub fn bytes_ref(&self) -> &'a [u8] {
        let buf: &'a [u8] = self.buffer;
        buf.get(..self.header.length as usize).unwrap_or(buf)
    }

    /// Iterates the AVPs inside this one's data, as for a Grouped AVP. Fails
    /// with [`Error::TooDeep`] past [`MAX_AVP_DEPTH`].
    pub fn grouped(&self) -> Result<Avps<'a>, Error> {
        let depth = self.depth.saturating_add(1);
        if depth > MAX_AVP_DEPTH {
            return Err(Error::TooDeep {
                max: MAX_AVP_DEPTH,
                offset: self.offset,
            });
        }
        Ok(Avps::new(
            self.data_ref(),
            self.offset + self.header.header_len(),
            depth,
        ))
    }
}

/// Checks one AVP at the start of `buf` and returns its parsed header.
///
/// The valid case is decided with one fixed-size read and one comparison
/// pair; the error path then says which check failed.
#[inline]
fn check_avp(buf: &[u8], offset: usize) -> Result<Header, Error> {
    let Some(h) = buf.first_chunk::<AVP_HEADER_LEN>() else {
        return Err(Error::Truncated {
            offset,
            required: AVP_HEADER_LEN,
            available: buf.len(),
        });
    };
    let flags = h[field::FLAGS];
    let length = u32::from_be_bytes([0, h[5], h[6], h[7]]);
    let code = u32::from_be_bytes([h[0], h[1], h[2], h[3]]);
    let len = length as usize;
    if flags & AvpFlags::VENDOR.bits() == 0 {
        if len >= AVP_HEADER_LEN && len <= buf.len() {
            return Ok(Header {
                code,
                vendor: 0,
                length,
                flags,
            });
        }
    } else if let Some(v) = buf.first_chunk::<AVP_HEADER_LEN_VENDOR>() {
        if len >= AVP_HEADER_LEN_VENDOR && len <= buf.len() {
            return Ok(Header {
                code,
                vendor: u32::from_be_bytes([v[8], v[9], v[10], v[11]]),
                length,
                flags,
            });
        }
    } else {
        return Err(Error::Truncated {
            offset,
            required: AVP_HEADER_LEN_VENDOR,
            available: buf.len(),
        });
    }
    Err(Error::InvalidAvpLength {
        offset,
        length,
        available: buf.len(),
    })
}

/// An iterator over a sequence of AVPs (a message body or a Grouped AVP's
/// data). Yields `Err` once, at the first malformed AVP, then stops. Never
/// allocates; every step advances by at least one header, so it cannot loop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Avps<'a> {
    rest: &'a [u8],
    offset: usize,
    depth: u8,
}

impl<'a> Avps<'a> {
    /// Iterates `data`, whose first byte sits at absolute `offset` in its
    /// message, at nesting `depth`.
    #[must_use]
    pub fn new(data: &'a [u8], offset: usize, depth: u8) -> Avps<'a> {
        Avps {
            rest: data,
            offset,
            depth,
        }
    }

    /// The bytes not yet iterated.
    #[must_use]
    pub fn remaining(&self) -> &'a [u8] {
        self.rest
    }
}

impl<'a> Iterator for Avps<'a> {
    type Item = Result<Avp<&'a [u8]>, Error>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        if self.rest.is_empty() {
            return None;
        }
        match check_avp(self.rest, self.offset) {
            Ok(header) => {
                // Take the padding too when it is there; tolerate its absence
                // only at the very end of the container.
                let step = padded(header.length as usize).min(self.rest.len());
                let (this, rest) = self.rest.split_at(step);
                let avp = Avp {
                    buffer: this,
                    offset: self.offset,
                    header,
                    depth: self.depth,
                };
                self.rest = rest;
                self.offset += step;
                Some(Ok(avp))
            }
            Err(e) => {
                self.rest = &[];
                Some(Err(e))
            }
        }
    }
}

impl core::iter::FusedIterator for Avps<'_> {}

#[cfg(test)]
mod tests {
    use super::*;

    // Origin-Host "ab" (M), padded to 12, then a vendor AVP with 4 bytes data.
    const TWO: [u8; 28] = [
        0x00, 0x00, 0x01, 0x08, // AVP Code 264 (Origin-Host)
        0x40, 0x00, 0x00, 0x0a, // flags M, length 10
        b'a', b'b', 0x00, 0x00, // data + 2 bytes padding
        0x00, 0x00, 0x00, 0x01, // AVP Code 1
        0x80, 0x00, 0x00, 0x10, // flags V, length 16
        0x00, 0x00, 0x28, 0xaf, // Vendor-ID 10415
        0xde, 0xad, 0xbe, 0xef, // data
    ];

    #[test]
    fn iterate() {
        let mut it = Avps::new(&TWO, 20, 0);
        let a = it.next().unwrap().unwrap();
        assert_eq!(a.code(), AvpCode::ORIGIN_HOST);
        assert!(a.flags().is_mandatory());
        assert_eq!(a.data(), b"ab");
        assert_eq!(a.padding(), &[0, 0]);
        assert_eq!(a.offset(), 20);
        let b = it.next().unwrap().unwrap();
        assert_eq!(b.vendor_id(), VendorId::TGPP);
        assert_eq!(b.data(), &[0xde, 0xad, 0xbe, 0xef]);
        assert_eq!(b.offset(), 32);
        assert!(it.next().is_none());
    }

    #[test]
    fn unchecked_view_of_a_short_buffer_reads_zeros_not_panics() {
        let a = Avp::new_unchecked(&TWO[..5]); // code and flags only
        assert_eq!(a.code(), AvpCode::ORIGIN_HOST);
        assert!(a.flags().is_mandatory());
        assert_eq!(a.length(), 0);
        assert_eq!(a.data(), b"");
        assert_eq!(a.as_bytes(), b"");
        let v = Avp::new_unchecked(&TWO[12..18]); // V set, Vendor-ID cut off
        assert_eq!(v.vendor_id(), VendorId::IETF);
        assert_eq!(v.header_len(), AVP_HEADER_LEN_VENDOR);
        assert_eq!(v.data(), b"");
        // A whole AVP reads the same through either constructor.
        let c = Avp::new_checked(&TWO[12..], 0).unwrap();
        let u = Avp::new_unchecked(&TWO[12..]);
        assert_eq!(
            (c.code(), c.vendor_id(), c.data()),
            (u.code(), u.vendor_id(), u.data())
        );
    }

    #[test]
    fn short_length_is_an_error_not_a_loop() {
        let mut zero = TWO;
        zero[7] = 0; // AVP Length 0
        let items: [Option<Result<_, _>>; 2] = {
            let mut it = Avps::new(&zero, 20, 0);
            [it.next(), it.next()]
        };
        assert_eq!(
            items[0],
            Some(Err(Error::InvalidAvpLength {
                offset: 20,
                length: 0,
                available: 28
            }))
        );
        assert!(items[1].is_none());
    }

    #[test]
    fn overrun_is_an_error() {
        let mut long = TWO;
        long[19] = 0x20; // second AVP claims 32 bytes, 16 remain
        let mut it = Avps::new(&long, 20, 0);
        assert!(it.next().unwrap().is_ok());
        assert_eq!(
            it.next(),
            Some(Err(Error::InvalidAvpLength {
                offset: 32,
                length: 32,
                available: 16
            }))
        );
    }
}
