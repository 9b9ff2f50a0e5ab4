//! The Mobility Header (RFC 6275 §6.1) and its messages.
//!
//! ```text
//!  0                   1                   2                   3
//!  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! | Payload Proto |  Header Len   |   MH Type     |   Reserved    |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! |           Checksum            |                               |
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               |
//! .                         Message Data                          .
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//! ```
//!
//! Header Len counts 8-octet units after the first 8 octets, so a Mobility
//! Header is `(Header Len + 1) * 8` bytes, at most 2048.

use bitflags::bitflags;
use core::net::Ipv6Addr;
use core::time::Duration;

use super::checksum::{self, NEXT_HEADER_MOBILITY};
use super::codes::{BaStatus, BeStatus, MhType};
use super::error::{Anomalies, Error, Layer};
use super::option::{options_anomalies, Options, RawOptions};
use crate::wire::{be_u16, Writer};

/// Byte ranges of the common Mobility Header fields and of the message
/// fields (offsets from the first byte of the Mobility Header).
pub mod field {
    use crate::wire::{Field, Rest};
    /// Payload Proto.
    pub const PAYLOAD_PROTO: usize = 0;
    /// Header Len (8-octet units, excluding the first 8 octets).
    pub const HEADER_LEN: usize = 1;
    /// MH Type.
    pub const MH_TYPE: usize = 2;
    /// Reserved.
    pub const RESERVED: usize = 3;
    /// Checksum.
    pub const CHECKSUM: Field = 4..6;
    /// Message Data.
    pub const DATA: Rest = 6..;
    /// BU: Sequence # (a BA has Status and flags here).
    pub const BU_SEQUENCE: Field = 6..8;
    /// BU: the 16-bit flags field (A H L K M R P and 9 reserved bits).
    pub const BU_FLAGS: Field = 8..10;
    /// BU and BA: Lifetime in 4-second units.
    pub const LIFETIME: Field = 10..12;
    /// BA: Status.
    pub const BA_STATUS: usize = 6;
    /// BA: K R P flags and 5 reserved bits.
    pub const BA_FLAGS: usize = 7;
    /// BA: Sequence #.
    pub const BA_SEQUENCE: Field = 8..10;
    /// BRR, HoTI, CoTI: Reserved; HoT, CoT: Nonce Index.
    pub const WORD6: Field = 6..8;
    /// HoTI, CoTI, HoT, CoT: the init cookie.
    pub const COOKIE: Field = 8..16;
    /// HoT, CoT: the keygen token.
    pub const KEYGEN_TOKEN: Field = 16..24;
    /// BE: Status.
    pub const BE_STATUS: usize = 6;
    /// BE: Reserved.
    pub const BE_RESERVED: usize = 7;
    /// BE: Home Address.
    pub const BE_HOME_ADDRESS: Field = 8..24;
}

/// The smallest Mobility Header (Header Len 0).
pub const MIN_MH_LEN: usize = 8;
/// The largest Mobility Header the 8-bit Header Len can express.
pub const MAX_MH_LEN: usize = (255 + 1) * 8;
/// IPPROTO_NONE, the Payload Proto every Mobility Header MUST carry
/// (RFC 6275 §6.1.1).
pub const IPPROTO_NONE: u8 = 59;

/// The fixed part (common header plus message fields) of each known MH
/// Type, in bytes; options follow it. `None` for unknown types.
#[must_use]
pub const fn fixed_len(mh_type: MhType) -> Option<usize> {
    match mh_type.0 {
        0 => Some(8),      // BRR: Reserved (§6.1.2)
        1 | 2 => Some(16), // HoTI, CoTI: Reserved, cookie (§6.1.3, §6.1.4)
        3 | 4 => Some(24), // HoT, CoT: index, cookie, token (§6.1.5, §6.1.6)
        5 | 6 => Some(12), // BU, BA (§6.1.7, §6.1.8)
        7 => Some(24),     // BE: status, reserved, home address (§6.1.9)
        _ => None,
    }
}

/// A lifetime in the 4-second units of the BU and BA (RFC 6275 §6.1.7,
/// §6.1.8). Converting from seconds rounds down; zero means "delete the
/// binding".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Lifetime(pub u16);

impl Lifetime {
    /// Seconds per lifetime unit.
    pub const UNIT_SECS: u32 = 4;
    /// The longest lifetime: 65535 units, 262140 s.
    pub const MAX: Lifetime = Lifetime(u16::MAX);

    /// A lifetime of `units` 4-second units.
    #[must_use]
    pub const fn from_units(units: u16) -> Lifetime {
        Lifetime(units)
    }

    /// The largest lifetime not above `secs`, saturating at [`Lifetime::MAX`].
    #[must_use]
    pub const fn from_secs_floor(secs: u32) -> Lifetime {
        let units = secs / Self::UNIT_SECS;
        if units > u16::MAX as u32 {
            Lifetime::MAX
        } else {
            Lifetime(units as u16)
        }
    }

    /// The wire value.
    #[must_use]
    pub const fn units(self) -> u16 {
        self.0
    }

    /// The lifetime in seconds.
    #[must_use]
    pub const fn as_secs(self) -> u32 {
        self.0 as u32 * Self::UNIT_SECS
    }

    /// The lifetime as a duration.
    #[must_use]
    pub const fn as_duration(self) -> Duration {
        Duration::from_secs(self.as_secs() as u64)
    }
}

bitflags! {
    /// Binding Update flags, the 16-bit field after the Sequence # (RFC 6275
    /// §6.1.7 A H L K; RFC 5380 §5.1 M; RFC 3963 §4.1 R; RFC 5213 §8.1 P).
    /// The nine reserved bits are kept (`from_bits_retain`).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub struct BuFlags: u16 {
        /// A: Acknowledge.
        const ACK = 0x8000;
        /// H: Home Registration.
        const HOME = 0x4000;
        /// L: Link-Local Address Compatibility.
        const LINK_LOCAL = 0x2000;
        /// K: Key Management Mobility Capability.
        const KEY_MANAGEMENT = 0x1000;
        /// M: MAP Registration (HMIPv6, RFC 5380).
        const MAP = 0x0800;
        /// R: Mobile Router (NEMO, RFC 3963).
        const MOBILE_ROUTER = 0x0400;
        /// P: Proxy Registration (PMIPv6, RFC 5213).
        const PROXY = 0x0200;
        /// The reserved bits.
        const RESERVED = 0x01ff;
    }
}

bitflags! {
    /// Binding Acknowledgement flags, the byte after the Status (RFC 6275
    /// §6.1.8 K; RFC 3963 §4.2 R; RFC 5213 §8.2 P). Reserved bits are kept.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    pub struct BaFlags: u8 {
        /// K: Key Management Mobility Capability.
        const KEY_MANAGEMENT = 0x80;
        /// R: Mobile Router (NEMO, RFC 3963).
        const MOBILE_ROUTER = 0x40;
        /// P: Proxy Registration (PMIPv6, RFC 5213).
        const PROXY = 0x20;
        /// The reserved bits.
        const RESERVED = 0x1f;
    }
}

/// A checked view of a Mobility Header over any byte storage.
///
/// After [`MobilityHeader::new_checked`] the buffer holds the whole
/// `(Header Len + 1) * 8` bytes, and a known MH Type's Header Len covers
/// its fixed fields, so every getter is panic-free. Options are checked as
/// they are iterated. Bytes past the announced length are ignored
/// ([`Anomalies::TRAILING_BYTES`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MobilityHeader<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> MobilityHeader<T> {
    /// Wraps a buffer without any check: only for buffers about to be
    /// filled. Getters may panic until the header is valid.
    #[must_use]
    pub const fn new_unchecked(buffer: T) -> MobilityHeader<T> {
        MobilityHeader { buffer }
    }

    /// Wraps a buffer after checking it holds the announced length and, for
    /// a known MH Type, that Header Len covers its fixed fields (RFC 6275
    /// §9.2: a shorter message "MUST" be silently discarded).
    pub fn new_checked(buffer: T) -> Result<MobilityHeader<T>, Error> {
        let b = buffer.as_ref();
        let (Some(&hl), Some(&ty)) = (b.get(field::HEADER_LEN), b.get(field::MH_TYPE)) else {
            return Err(Error::Truncated {
                layer: Layer::MobilityHeader,
                offset: 0,
                required: MIN_MH_LEN,
                available: b.len(),
            });
        };
        let total = (usize::from(hl) + 1) * 8;
        if b.len() < total {
            return Err(Error::Truncated {
                layer: Layer::MobilityHeader,
                offset: 0,
                required: total,
                available: b.len(),
            });
        }
        if let Some(min) = fixed_len(MhType(ty)) {
            if total < min {
                return Err(Error::HeaderLenTooSmall {
                    mh_type: ty,
                    header_len: hl,
                });
            }
        }
        Ok(MobilityHeader { buffer })
    }

    /// Consumes the view, returning the storage.
    #[must_use]
    pub fn into_inner(self) -> T {
        self.buffer
    }

    fn b(&self) -> &[u8] {
        self.buffer.as_ref()
    }

    fn u16_at(&self, at: usize) -> u16 {
        be_u16(self.b(), at).unwrap_or(0)
    }

    /// Payload Proto (59, IPPROTO_NONE, on every conforming message).
    #[must_use]
    pub fn payload_proto(&self) -> u8 {
        self.b()[field::PAYLOAD_PROTO]
    }

    /// The Header Len field (8-octet units, not counting the first 8).
    #[must_use]
    pub fn header_len(&self) -> u8 {
        self.b()[field::HEADER_LEN]
    }

    /// The message length in bytes, `(Header Len + 1) * 8`.
    #[must_use]
    pub fn total_len(&self) -> usize {
        (usize::from(self.header_len()) + 1) * 8
    }

    /// The MH Type.
    #[must_use]
    pub fn mh_type(&self) -> MhType {
        MhType(self.b()[field::MH_TYPE])
    }

    /// The Reserved byte.
    #[must_use]
    pub fn reserved(&self) -> u8 {
        self.b()[field::RESERVED]
    }

    /// The Checksum field.
    #[must_use]
    pub fn checksum(&self) -> u16 {
        self.u16_at(field::CHECKSUM.start)
    }

    /// The whole message, `total_len()` bytes.
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        let b = self.b();
        b.get(..self.total_len()).unwrap_or(b)
    }

    /// The Message Data (everything after the Checksum).
    #[must_use]
    pub fn message_data(&self) -> &[u8] {
        self.as_bytes().get(field::DATA).unwrap_or(&[])
    }

    /// The option bytes after the fixed part of a known MH Type; empty for
    /// unknown types.
    #[must_use]
    pub fn option_bytes(&self) -> &[u8] {
        match fixed_len(self.mh_type()) {
            Some(f) => self.as_bytes().get(f..).unwrap_or(&[]),
            None => &[],
        }
    }

    /// The options, padding included, with offsets from the start of the
    /// Mobility Header.
    #[must_use]
    pub fn raw_options(&self) -> RawOptions<'_> {
        RawOptions::new(self.option_bytes(), fixed_len(self.mh_type()).unwrap_or(0))
    }

    /// Whether the Checksum verifies over the pseudo-header with these
    /// addresses (see [`super::Ipv6Packet`] for which addresses to use).
    #[must_use]
    pub fn verify_checksum(&self, src: &Ipv6Addr, dst: &Ipv6Addr) -> bool {
        checksum::verify(src, dst, NEXT_HEADER_MOBILITY, self.as_bytes())
    }

    /// The checksum this message should carry.
    #[must_use]
    pub fn compute_checksum(&self, src: &Ipv6Addr, dst: &Ipv6Addr) -> u16 {
        let b = self.as_bytes();
        let s = checksum::sum(src, dst, NEXT_HEADER_MOBILITY, b);
        // Remove the stored checksum from the sum (one's complement).
        let stored = self.checksum();
        let mut acc = u32::from(s) + u32::from(!stored);
        acc = (acc & 0xffff) + (acc >> 16);
        acc = (acc & 0xffff) + (acc >> 16);
        !(acc as u16)
    }

    /// Deviations that do not stop decoding: Payload Proto other than 59,
    /// non-zero reserved fields, misaligned options, non-zero padding,
    /// trailing bytes.
    #[must_use]
    pub fn anomalies(&self) -> Anomalies {
        let mut a = Anomalies::empty();
        if self.payload_proto() != IPPROTO_NONE {
            a |= Anomalies::PAYLOAD_PROTO_NOT_NONE;
        }
        if self.b().len() > self.total_len() {
            a |= Anomalies::TRAILING_BYTES;
        }
        let reserved_nonzero = self.reserved() != 0
            || match self.mh_type() {
                MhType::BINDING_REFRESH_REQUEST
                | MhType::HOME_TEST_INIT
                | MhType::CARE_OF_TEST_INIT => self.u16_at(field::WORD6.start) != 0,
                MhType::BINDING_UPDATE => {
                    self.u16_at(field::BU_FLAGS.start) & BuFlags::RESERVED.bits() != 0
                }
                MhType::BINDING_ACK => self.b()[field::BA_FLAGS] & BaFlags::RESERVED.bits() != 0,
                MhType::BINDING_ERROR => self.b()[field::BE_RESERVED] != 0,
                _ => false,
            };
        if reserved_nonzero {
            a |= Anomalies::RESERVED_NONZERO;
        }
        let start = fixed_len(self.mh_type()).unwrap_or(0);
        a | options_anomalies(self.option_bytes(), start)
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> MobilityHeader<T> {
    /// Sets the Checksum field.
    pub fn set_checksum(&mut self, value: u16) {
        if let Some(d) = self.buffer.as_mut().get_mut(field::CHECKSUM) {
            d.copy_from_slice(&value.to_be_bytes());
        }
    }

    /// Recomputes and stores the Checksum (after an in-place rewrite).
    pub fn fill_checksum(&mut self, src: &Ipv6Addr, dst: &Ipv6Addr) {
        self.set_checksum(0);
        let c = checksum::compute(src, dst, NEXT_HEADER_MOBILITY, self.as_bytes());
        self.set_checksum(c);
    }

    /// Mutable Message Data, for in-place rewrites by typed views.
    fn data_mut(&mut self) -> &mut [u8] {
        let total = self.total_len();
        self.buffer.as_mut().get_mut(..total).unwrap_or(&mut [])
    }
}

macro_rules! typed_view {
    ($(#[$meta:meta])* $name:ident, $ty:expr) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub struct $name<T: AsRef<[u8]>> {
            mh: MobilityHeader<T>,
        }

        impl<T: AsRef<[u8]>> $name<T> {
            /// Checks the Mobility Header and its MH Type.
            pub fn new_checked(buffer: T) -> Result<$name<T>, Error> {
                let mh = MobilityHeader::new_checked(buffer)?;
                if mh.mh_type() != $ty {
                    return Err(Error::Malformed { layer: Layer::MobilityHeader, offset: field::MH_TYPE });
                }
                Ok($name { mh })
            }

            /// Wraps a buffer without any check (for buffers about to be filled).
            #[must_use]
            pub const fn new_unchecked(buffer: T) -> $name<T> {
                $name { mh: MobilityHeader::new_unchecked(buffer) }
            }

            /// The common Mobility Header view.
            #[must_use]
            pub fn header(&self) -> &MobilityHeader<T> {
                &self.mh
            }

            /// Mutable access to the common view (checksum rewrites).
            pub fn header_mut(&mut self) -> &mut MobilityHeader<T> {
                &mut self.mh
            }

            /// Consumes the view, returning the storage.
            #[must_use]
            pub fn into_inner(self) -> T {
                self.mh.into_inner()
            }

            /// The Lifetime field.
            #[must_use]
            pub fn lifetime(&self) -> Lifetime {
                Lifetime(self.mh.u16_at(field::LIFETIME.start))
            }
        }

        impl<T: AsRef<[u8]> + AsMut<[u8]>> $name<T> {
            /// Rewrites the Lifetime in place (refresh the checksum afterwards).
            pub fn set_lifetime(&mut self, lifetime: Lifetime) {
                if let Some(d) = self.mh.data_mut().get_mut(field::LIFETIME) {
                    d.copy_from_slice(&lifetime.0.to_be_bytes());
                }
            }
        }
    };
}

typed_view!(
    /// A checked view of a Binding Update (RFC 6275 §6.1.7), for fast reads
    /// and in-place rewrites by relays (sequence, flags, lifetime).
    BindingUpdate,
    MhType::BINDING_UPDATE
);

typed_view!(
    /// A checked view of a Binding Acknowledgement (RFC 6275 §6.1.8).
    BindingAck,
    MhType::BINDING_ACK
);

impl<T: AsRef<[u8]>> BindingUpdate<T> {
    /// The Sequence #.
    #[must_use]
    pub fn sequence(&self) -> u16 {
        self.mh.u16_at(field::BU_SEQUENCE.start)
    }

    /// The flags, reserved bits included.
    #[must_use]
    pub fn flags(&self) -> BuFlags {
        BuFlags::from_bits_retain(self.mh.u16_at(field::BU_FLAGS.start))
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> BindingUpdate<T> {
    /// Rewrites the Sequence # in place.
    pub fn set_sequence(&mut self, seq: u16) {
        if let Some(d) = self.mh.data_mut().get_mut(field::BU_SEQUENCE) {
            d.copy_from_slice(&seq.to_be_bytes());
        }
    }

    /// Rewrites the flags in place.
    pub fn set_flags(&mut self, flags: BuFlags) {
        if let Some(d) = self.mh.data_mut().get_mut(field::BU_FLAGS) {
            d.copy_from_slice(&flags.bits().to_be_bytes());
        }
    }
}

impl<T: AsRef<[u8]>> BindingAck<T> {
    /// The Status.
    #[must_use]
    pub fn status(&self) -> BaStatus {
        BaStatus(self.mh.b()[field::BA_STATUS])
    }

    /// The flags, reserved bits included.
    #[must_use]
    pub fn flags(&self) -> BaFlags {
        BaFlags::from_bits_retain(self.mh.b()[field::BA_FLAGS])
    }

    /// The Sequence #.
    #[must_use]
    pub fn sequence(&self) -> u16 {
        self.mh.u16_at(field::BA_SEQUENCE.start)
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> BindingAck<T> {
    /// Rewrites the Status in place.
    pub fn set_status(&mut self, status: BaStatus) {
        if let Some(b) = self.mh.data_mut().get_mut(field::BA_STATUS) {
            *b = status.0;
        }
    }
}

/// A Binding Update (RFC 6275 §6.1.7) in owned form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BindingUpdateRepr<'a> {
    /// Sequence #.
    pub sequence: u16,
    /// Flags, reserved bits included.
    pub flags: BuFlags,
    /// Lifetime.
    pub lifetime: Lifetime,
    /// Mobility options.
    pub options: Options<'a>,
}

/// A Binding Acknowledgement (RFC 6275 §6.1.8) in owned form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BindingAckRepr<'a> {
    /// Status.
    pub status: BaStatus,
    /// Flags, reserved bits included.
    pub flags: BaFlags,
    /// Sequence #.
    pub sequence: u16,
    /// Lifetime.
    pub lifetime: Lifetime,
    /// Mobility options.
    pub options: Options<'a>,
}

/// The message carried by a Mobility Header, in owned form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageRepr<'a> {
    /// Binding Refresh Request (RFC 6275 §6.1.2).
    BindingRefreshRequest {
        /// The Reserved field (zero when conforming).
        reserved: u16,
        /// Mobility options.
        options: Options<'a>,
    },
    /// Home Test Init (RFC 6275 §6.1.3).
    HomeTestInit {
        /// The Reserved field.
        reserved: u16,
        /// Home Init Cookie.
        cookie: [u8; 8],
        /// Mobility options.
        options: Options<'a>,
    },
    /// Care-of Test Init (RFC 6275 §6.1.4).
    CareOfTestInit {
        /// The Reserved field.
        reserved: u16,
        /// Care-of Init Cookie.
        cookie: [u8; 8],
        /// Mobility options.
        options: Options<'a>,
    },
    /// Home Test (RFC 6275 §6.1.5).
    HomeTest {
        /// Home Nonce Index.
        nonce_index: u16,
        /// Home Init Cookie.
        cookie: [u8; 8],
        /// Home Keygen Token.
        keygen_token: [u8; 8],
        /// Mobility options.
        options: Options<'a>,
    },
    /// Care-of Test (RFC 6275 §6.1.6).
    CareOfTest {
        /// Care-of Nonce Index.
        nonce_index: u16,
        /// Care-of Init Cookie.
        cookie: [u8; 8],
        /// Care-of Keygen Token.
        keygen_token: [u8; 8],
        /// Mobility options.
        options: Options<'a>,
    },
    /// Binding Update (RFC 6275 §6.1.7).
    BindingUpdate(BindingUpdateRepr<'a>),
    /// Binding Acknowledgement (RFC 6275 §6.1.8).
    BindingAck(BindingAckRepr<'a>),
    /// Binding Error (RFC 6275 §6.1.9).
    BindingError {
        /// Status.
        status: BeStatus,
        /// The Reserved byte.
        reserved: u8,
        /// Home Address.
        home_address: Ipv6Addr,
        /// Mobility options.
        options: Options<'a>,
    },
    /// An MH Type the crate does not know: its Message Data verbatim. A
    /// receiver answers it with a Binding Error, status 2 (RFC 6275 §9.2).
    Unknown {
        /// The MH Type.
        mh_type: MhType,
        /// Message Data after the Checksum.
        data: &'a [u8],
    },
}

impl<'a> MessageRepr<'a> {
    /// The MH Type.
    #[must_use]
    pub fn mh_type(&self) -> MhType {
        match self {
            MessageRepr::BindingRefreshRequest { .. } => MhType::BINDING_REFRESH_REQUEST,
            MessageRepr::HomeTestInit { .. } => MhType::HOME_TEST_INIT,
            MessageRepr::CareOfTestInit { .. } => MhType::CARE_OF_TEST_INIT,
            MessageRepr::HomeTest { .. } => MhType::HOME_TEST,
            MessageRepr::CareOfTest { .. } => MhType::CARE_OF_TEST,
            MessageRepr::BindingUpdate(_) => MhType::BINDING_UPDATE,
            MessageRepr::BindingAck(_) => MhType::BINDING_ACK,
            MessageRepr::BindingError { .. } => MhType::BINDING_ERROR,
            MessageRepr::Unknown { mh_type, .. } => *mh_type,
        }
    }

    /// The options (empty for unknown types).
    #[must_use]
    pub fn options(&self) -> Options<'a> {
        match *self {
            MessageRepr::BindingRefreshRequest { options, .. }
            | MessageRepr::HomeTestInit { options, .. }
            | MessageRepr::CareOfTestInit { options, .. }
            | MessageRepr::HomeTest { options, .. }
            | MessageRepr::CareOfTest { options, .. }
            | MessageRepr::BindingError { options, .. } => options,
            MessageRepr::BindingUpdate(bu) => bu.options,
            MessageRepr::BindingAck(ba) => ba.options,
            MessageRepr::Unknown { .. } => Options::EMPTY,
        }
    }
}

/// A Mobility Header in owned form: the common fields and the message.
///
/// [`MobilityHeaderRepr::parse`] checks every option; [`emit`] computes the
/// Header Len, the padding and the checksum.
///
/// [`emit`]: MobilityHeaderRepr::emit
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MobilityHeaderRepr<'a> {
    /// Payload Proto (59 unless reproducing a non-conforming message).
    pub payload_proto: u8,
    /// The Reserved byte (0 unless reproducing a non-conforming message).
    pub reserved: u8,
    /// The message.
    pub message: MessageRepr<'a>,
}

fn arr8(b: &[u8], at: usize) -> [u8; 8] {
    let mut a = [0u8; 8];
    if let Some(s) = b.get(at..at + 8) {
        a.copy_from_slice(s);
    }
    a
}

impl<'a> MobilityHeaderRepr<'a> {
    /// A conforming header (Payload Proto 59, Reserved 0) for `message`.
    #[must_use]
    pub const fn new(message: MessageRepr<'a>) -> MobilityHeaderRepr<'a> {
        MobilityHeaderRepr {
            payload_proto: IPPROTO_NONE,
            reserved: 0,
            message,
        }
    }

    /// Decodes a checked Mobility Header, validating every option. The
    /// checksum is not looked at: verify it with
    /// [`MobilityHeader::verify_checksum`] (a wrong checksum does not stop
    /// decoding). When an option is bad, [`parse_fixed`](Self::parse_fixed)
    /// still gives the message's fixed fields.
    pub fn parse(mh: &MobilityHeader<&'a [u8]>) -> Result<MobilityHeaderRepr<'a>, Error> {
        if let Some(f) = fixed_len(mh.mh_type()) {
            let b: &'a [u8] = mh.buffer;
            let b = b.get(..mh.total_len()).unwrap_or(b);
            for o in RawOptions::new(b.get(f..).unwrap_or(&[]), f) {
                o?.decode()?;
            }
        }
        Ok(Self::parse_fixed(mh))
    }

    /// Decodes the common fields and the message's fixed fields (every MH
    /// Type: sequence, flags, lifetime, status, cookies, tokens, nonce
    /// index, home address) without looking at the options, so a message
    /// whose options are bad can still be shown or logged. The options are
    /// kept as [`Options::Raw`] and are **not validated**: walk them with
    /// [`MobilityHeader::raw_options`] (each yields a `Result`), or use
    /// [`parse`](Self::parse) to reject the message. Cannot fail on a view
    /// from [`MobilityHeader::new_checked`]; fields beyond a shorter buffer
    /// read as zero.
    #[must_use]
    pub fn parse_fixed(mh: &MobilityHeader<&'a [u8]>) -> MobilityHeaderRepr<'a> {
        let b: &'a [u8] = mh.buffer;
        let b = b.get(..mh.total_len()).unwrap_or(b);
        let ty = mh.mh_type();
        let u16_at = |at| be_u16(b, at).unwrap_or(0);
        let u8_at = |at: usize| b.get(at).copied().unwrap_or(0);
        let options = match fixed_len(ty) {
            Some(f) => Options::Raw(b.get(f..).unwrap_or(&[])),
            None => Options::EMPTY,
        };
        let message = match ty {
            MhType::BINDING_REFRESH_REQUEST => MessageRepr::BindingRefreshRequest {
                reserved: u16_at(6),
                options,
            },
            MhType::HOME_TEST_INIT => MessageRepr::HomeTestInit {
                reserved: u16_at(6),
                cookie: arr8(b, 8),
                options,
            },
            MhType::CARE_OF_TEST_INIT => MessageRepr::CareOfTestInit {
                reserved: u16_at(6),
                cookie: arr8(b, 8),
                options,
            },
            MhType::HOME_TEST => MessageRepr::HomeTest {
                nonce_index: u16_at(6),
                cookie: arr8(b, 8),
                keygen_token: arr8(b, 16),
                options,
            },
            MhType::CARE_OF_TEST => MessageRepr::CareOfTest {
                nonce_index: u16_at(6),
                cookie: arr8(b, 8),
                keygen_token: arr8(b, 16),
                options,
            },
            MhType::BINDING_UPDATE => MessageRepr::BindingUpdate(BindingUpdateRepr {
                sequence: u16_at(6),
                flags: BuFlags::from_bits_retain(u16_at(8)),
                lifetime: Lifetime(u16_at(10)),
                options,
            }),
            MhType::BINDING_ACK => MessageRepr::BindingAck(BindingAckRepr {
                status: BaStatus(u8_at(field::BA_STATUS)),
                flags: BaFlags::from_bits_retain(u8_at(field::BA_FLAGS)),
                sequence: u16_at(8),
                lifetime: Lifetime(u16_at(10)),
                options,
            }),
            MhType::BINDING_ERROR => {
                let mut a = [0u8; 16];
                if let Some(s) = b.get(field::BE_HOME_ADDRESS) {
                    a.copy_from_slice(s);
                }
                MessageRepr::BindingError {
                    status: BeStatus(u8_at(field::BE_STATUS)),
                    reserved: u8_at(field::BE_RESERVED),
                    home_address: Ipv6Addr::from(a),
                    options,
                }
            }
            _ => MessageRepr::Unknown {
                mh_type: ty,
                data: b.get(field::DATA).unwrap_or(&[]),
            },
        };
        MobilityHeaderRepr {
            payload_proto: mh.payload_proto(),
            reserved: mh.reserved(),
            message,
        }
    }

    /// Bytes [`emit`](Self::emit) writes. For an unknown MH Type whose data
    /// does not end on an 8-octet boundary, zero bytes are appended.
    #[must_use]
    pub fn encoded_len(&self) -> usize {
        match self.message {
            MessageRepr::Unknown { data, .. } => {
                let n = 6 + data.len();
                n + (8 - n % 8) % 8
            }
            ref m => {
                let f = fixed_len(m.mh_type()).unwrap_or(8);
                f + m.options().encoded_len(f)
            }
        }
    }

    /// Writes the message with a zero Checksum; returns its length.
    pub fn emit_unchecksummed(&self, buf: &mut [u8]) -> Result<usize, Error> {
        let len = self.encoded_len();
        if len > MAX_MH_LEN {
            return Err(Error::TooLong {
                layer: Layer::MobilityHeader,
                length: len,
            });
        }
        let mut w = Writer::new(buf);
        w.u8(self.payload_proto);
        // len ≤ 2048 and a multiple of 8, so this fits a byte.
        debug_assert_eq!(len % 8, 0);
        w.u8((len / 8 - 1) as u8);
        w.u8(self.message.mh_type().0);
        w.u8(self.reserved);
        w.u16(0);
        match self.message {
            MessageRepr::BindingRefreshRequest { reserved, .. } => w.u16(reserved),
            MessageRepr::HomeTestInit {
                reserved, cookie, ..
            }
            | MessageRepr::CareOfTestInit {
                reserved, cookie, ..
            } => {
                w.u16(reserved);
                w.bytes(&cookie);
            }
            MessageRepr::HomeTest {
                nonce_index,
                cookie,
                keygen_token,
                ..
            }
            | MessageRepr::CareOfTest {
                nonce_index,
                cookie,
                keygen_token,
                ..
            } => {
                w.u16(nonce_index);
                w.bytes(&cookie);
                w.bytes(&keygen_token);
            }
            MessageRepr::BindingUpdate(bu) => {
                w.u16(bu.sequence);
                w.u16(bu.flags.bits());
                w.u16(bu.lifetime.0);
            }
            MessageRepr::BindingAck(ba) => {
                w.u8(ba.status.0);
                w.u8(ba.flags.bits());
                w.u16(ba.sequence);
                w.u16(ba.lifetime.0);
            }
            MessageRepr::BindingError {
                status,
                reserved,
                home_address,
                ..
            } => {
                w.u8(status.0);
                w.u8(reserved);
                w.bytes(&home_address.octets());
            }
            MessageRepr::Unknown { data, .. } => {
                w.bytes(data);
                w.zeros(len - 6 - data.len());
            }
        }
        if !matches!(self.message, MessageRepr::Unknown { .. }) {
            self.message.options().write(&mut w, 0)?;
        }
        debug_assert!(!w.fits() || w.position() == len);
        Ok(w.finish()?)
    }

    /// Writes the message and its Checksum over the pseudo-header with
    /// `src` and `dst` (the home address as source when a Home Address
    /// option is sent, RFC 6275 §6.1.1 and §6.3).
    pub fn emit(&self, buf: &mut [u8], src: &Ipv6Addr, dst: &Ipv6Addr) -> Result<usize, Error> {
        let n = self.emit_unchecksummed(buf)?;
        if let Some(b) = buf.get_mut(..n) {
            MobilityHeader::new_unchecked(b).fill_checksum(src, dst);
        }
        Ok(n)
    }

    /// Emits into a new vector.
    #[cfg(feature = "alloc")]
    pub fn to_vec(&self, src: &Ipv6Addr, dst: &Ipv6Addr) -> Result<alloc::vec::Vec<u8>, Error> {
        let mut v = alloc::vec![0u8; self.encoded_len()];
        let n = self.emit(&mut v, src, dst)?;
        v.truncate(n);
        Ok(v)
    }
}
