//! The Diameter message header (RFC 6733 §3) as a checked view.
//!
//! ```text
//!  0                   1                   2                   3
//!  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |    Version    |                 Message Length                |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! | Command Flags |                  Command Code                 |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |                         Application-ID                        |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |                      Hop-by-Hop Identifier                    |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |                      End-to-End Identifier                    |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |  AVPs ...
//! +-+-+-+-+-+-+-+-+-+-+-+-+-
//! ```

use bitflags::bitflags;

use super::avp::Avps;
use super::codes::{ApplicationId, CommandCode};
use super::error::Error;
use crate::wire::{be_u24, be_u32, Field};

/// Byte ranges of the header fields.
pub mod field {
    use crate::wire::{Field, Rest};
    /// Version (1 byte).
    pub const VERSION: usize = 0;
    /// Message Length (24 bits).
    pub const LENGTH: Field = 1..4;
    /// Command Flags (1 byte).
    pub const FLAGS: usize = 4;
    /// Command Code (24 bits).
    pub const COMMAND: Field = 5..8;
    /// Application-ID.
    pub const APPLICATION_ID: Field = 8..12;
    /// Hop-by-Hop Identifier.
    pub const HOP_BY_HOP: Field = 12..16;
    /// End-to-End Identifier.
    pub const END_TO_END: Field = 16..20;
    /// The AVPs.
    pub const AVPS: Rest = 20..;
}

/// Size of the fixed header.
pub const HEADER_LEN: usize = 20;
/// The only Diameter version (RFC 6733 §3).
pub const VERSION: u8 = 1;
/// The largest message the 24-bit length can express.
pub const MAX_MESSAGE_LEN: usize = 0x00ff_ffff;

bitflags! {
    /// Command Flags (RFC 6733 §3). Reserved bits are kept (`from_bits_retain`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub struct CommandFlags: u8 {
        /// R: the message is a request.
        const REQUEST = 0x80;
        /// P: the message may be proxied, relayed or redirected.
        const PROXIABLE = 0x40;
        /// E: the answer carries a protocol error.
        const ERROR = 0x20;
        /// T: potentially retransmitted after a link failover.
        const RETRANSMIT = 0x10;
        /// The four reserved bits, which must be zero.
        const RESERVED = 0x0f;
    }
}

impl CommandFlags {
    /// R is set.
    #[must_use]
    pub fn is_request(self) -> bool {
        self.contains(CommandFlags::REQUEST)
    }
    /// P is set.
    #[must_use]
    pub fn is_proxiable(self) -> bool {
        self.contains(CommandFlags::PROXIABLE)
    }
    /// E is set.
    #[must_use]
    pub fn is_error(self) -> bool {
        self.contains(CommandFlags::ERROR)
    }
    /// T is set.
    #[must_use]
    pub fn is_retransmit(self) -> bool {
        self.contains(CommandFlags::RETRANSMIT)
    }
}

/// A checked view of a Diameter message over any byte storage.
///
/// After [`Message::new_checked`] the header getters cannot panic: the
/// buffer holds at least the whole message the length field announces (extra
/// trailing bytes are ignored). AVPs are checked lazily by the iterator, or all
/// at once by [`Message::check_avps`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Message<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> Message<T> {
    /// Wraps a buffer without any check. Use this only on a buffer you are
    /// about to fill; getters may panic until the header is valid.
    #[must_use]
    pub const fn new_unchecked(buffer: T) -> Message<T> {
        Message { buffer }
    }

    /// Wraps a buffer after checking the header: enough bytes for the
    /// header, version 1, a Message Length ≥ 20 that is a multiple of 4, and
    /// a buffer that holds that many bytes.
    pub fn new_checked(buffer: T) -> Result<Message<T>, Error> {
        check_header(buffer.as_ref())?;
        Ok(Message { buffer })
    }

    /// Consumes the view, returning the storage.
    #[must_use]
    pub fn into_inner(self) -> T {
        self.buffer
    }

    /// The version byte.
    #[must_use]
    pub fn version(&self) -> u8 {
        self.buffer.as_ref()[field::VERSION]
    }

    /// The Message Length field.
    #[must_use]
    pub fn length(&self) -> u32 {
        read24(self.buffer.as_ref(), field::LENGTH)
    }

    /// The Command Flags, reserved bits included.
    #[must_use]
    pub fn flags(&self) -> CommandFlags {
        CommandFlags::from_bits_retain(self.buffer.as_ref()[field::FLAGS])
    }

    /// The Command Code.
    #[must_use]
    pub fn command_code(&self) -> CommandCode {
        CommandCode(read24(self.buffer.as_ref(), field::COMMAND))
    }

    /// The Application-ID.
    #[must_use]
    pub fn application_id(&self) -> ApplicationId {
        ApplicationId(read32(self.buffer.as_ref(), field::APPLICATION_ID))
    }

    /// The Hop-by-Hop Identifier.
    #[must_use]
    pub fn hop_by_hop(&self) -> u32 {
        read32(self.buffer.as_ref(), field::HOP_BY_HOP)
    }

    /// The End-to-End Identifier.
    #[must_use]
    pub fn end_to_end(&self) -> u32 {
        read32(self.buffer.as_ref(), field::END_TO_END)
    }

    /// The whole message (exactly `length()` bytes).
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        let len = self.length() as usize;
        &self.buffer.as_ref()[..len]
    }

    /// The AVP area (after the header, up to `length()`).
    #[must_use]
    pub fn avp_bytes(&self) -> &[u8] {
        &self.as_bytes()[field::AVPS]
    }

    /// An iterator over the top-level AVPs. It yields `Err` once, at the
    /// first malformed AVP, and then stops.
    pub fn avps(&self) -> Avps<'_> {
        Avps::new(self.avp_bytes(), HEADER_LEN, 0)
    }

    /// Checks the Command Flags (RFC 6733 §3): a reserved bit set is
    /// [`Error::InvalidBitInHeader`] (5013, "a reserved bit in the Diameter
    /// header is set to one"); E set on a request ("This bit MUST NOT be set
    /// in request messages") is [`Error::InvalidHeaderBits`] (3008).
    /// Parsing does not call this, so relays can still forward such
    /// messages; a node answering a request should.
    pub fn check_flags(&self) -> Result<(), Error> {
        let flags = self.flags();
        if flags.intersects(CommandFlags::RESERVED) {
            return Err(Error::InvalidBitInHeader {
                flags: flags.bits(),
            });
        }
        if flags.is_request() && flags.is_error() {
            return Err(Error::InvalidHeaderBits {
                flags: flags.bits(),
            });
        }
        Ok(())
    }

    /// Walks every AVP, recursing into grouped ones the `is_grouped`
    /// predicate names (the wire alone cannot tell Grouped from OctetString),
    /// and checks every length, the nesting depth and the AVP count.
    pub fn check_avps<F>(&self, is_grouped: F) -> Result<usize, Error>
    where
        F: Fn(super::AvpCode, super::VendorId) -> bool,
    {
        let mut count = 0usize;
        check_tree(self.avps(), &is_grouped, &mut count)?;
        Ok(count)
    }
}

fn check_tree<F>(avps: Avps<'_>, is_grouped: &F, count: &mut usize) -> Result<(), Error>
where
    F: Fn(super::AvpCode, super::VendorId) -> bool,
{
    for avp in avps {
        let avp = avp?;
        *count += 1;
        if *count > super::MAX_AVPS_PER_MESSAGE {
            return Err(Error::TooManyAvps {
                max: super::MAX_AVPS_PER_MESSAGE,
            });
        }
        if is_grouped(avp.code(), avp.vendor_id()) {
            check_tree(avp.grouped()?, is_grouped, count)?;
        }
    }
    Ok(())
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> Message<T> {
    /// Sets the Command Flags.
    pub fn set_flags(&mut self, flags: CommandFlags) {
        self.buffer.as_mut()[field::FLAGS] = flags.bits();
    }

    /// Rewrites the Hop-by-Hop Identifier in place (relays do this).
    pub fn set_hop_by_hop(&mut self, id: u32) {
        self.buffer.as_mut()[field::HOP_BY_HOP].copy_from_slice(&id.to_be_bytes());
    }

    /// Rewrites the End-to-End Identifier in place.
    pub fn set_end_to_end(&mut self, id: u32) {
        self.buffer.as_mut()[field::END_TO_END].copy_from_slice(&id.to_be_bytes());
    }
}

/// Checks a message header and returns the Message Length.
pub(crate) fn check_header(buf: &[u8]) -> Result<usize, Error> {
    if buf.len() < HEADER_LEN {
        return Err(Error::Truncated {
            offset: 0,
            required: HEADER_LEN,
            available: buf.len(),
        });
    }
    let version = buf[field::VERSION];
    if version != VERSION {
        return Err(Error::UnsupportedVersion { version });
    }
    let length = read24(buf, field::LENGTH);
    if (length as usize) < HEADER_LEN || !length.is_multiple_of(4) {
        return Err(Error::InvalidMessageLength { length });
    }
    if buf.len() < length as usize {
        return Err(Error::Truncated {
            offset: 0,
            required: length as usize,
            available: buf.len(),
        });
    }
    Ok(length as usize)
}

fn read24(buf: &[u8], f: Field) -> u32 {
    be_u24(buf, f.start).unwrap_or(0)
}

fn read32(buf: &[u8], f: Field) -> u32 {
    be_u32(buf, f.start).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DWR: [u8; 20] = [
        0x01, 0x00, 0x00, 0x14, // version 1, length 20
        0x80, 0x00, 0x01, 0x18, // R, Device-Watchdog (280)
        0x00, 0x00, 0x00, 0x00, // application 0
        0x12, 0x34, 0x56, 0x78, // hop-by-hop
        0x9a, 0xbc, 0xde, 0xf0, // end-to-end
    ];

    #[test]
    fn deconstruct() {
        let m = Message::new_checked(&DWR[..]).unwrap();
        assert_eq!(m.version(), 1);
        assert_eq!(m.length(), 20);
        assert!(m.flags().is_request());
        assert_eq!(m.command_code(), CommandCode::DEVICE_WATCHDOG);
        assert_eq!(m.hop_by_hop(), 0x1234_5678);
        assert_eq!(m.end_to_end(), 0x9abc_def0);
    }

    #[test]
    fn rewrite_in_place() {
        let mut b = DWR;
        let mut m = Message::new_checked(&mut b[..]).unwrap();
        m.set_hop_by_hop(7);
        assert_eq!(m.hop_by_hop(), 7);
        assert_eq!(&b[12..16], &[0, 0, 0, 7]);
    }

    #[test]
    fn header_errors() {
        assert_eq!(
            Message::new_checked(&DWR[..10]).unwrap_err(),
            Error::Truncated {
                offset: 0,
                required: 20,
                available: 10
            }
        );
        let mut b = DWR;
        b[0] = 2;
        assert_eq!(
            Message::new_checked(&b[..]).unwrap_err(),
            Error::UnsupportedVersion { version: 2 }
        );
        let mut b = DWR;
        b[3] = 16;
        assert_eq!(
            Message::new_checked(&b[..]).unwrap_err(),
            Error::InvalidMessageLength { length: 16 }
        );
        let mut b = DWR;
        b[3] = 24;
        assert_eq!(
            Message::new_checked(&b[..]).unwrap_err(),
            Error::Truncated {
                offset: 0,
                required: 24,
                available: 20
            }
        );
    }
}
