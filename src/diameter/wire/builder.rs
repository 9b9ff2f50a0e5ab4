//! Emitting a Diameter message into a caller buffer without allocating.
//!
//! [`MessageBuilder`] writes the header, then each AVP as it is added:
//! AVPs with their data in hand get their length up front, Grouped AVPs
//! write a zero length and patch it after their children ([`OpenGroup`],
//! `#[must_use]` like [`crate::wire::LenPlaceholder`]), and the message
//! length is patched by [`MessageBuilder::finish`]. Padding is always written as zeros
//! (RFC 6733 §4.1: "zero-valued bytes are added to the end of the AVP Data
//! field till a word boundary is reached").
//!
//! The builder never fails half-way: writes past the end of the buffer are
//! counted, and `finish` reports the exact size needed.
//!
//! ```
//! use roam::diameter::wire::{
//!     AvpCode, AvpHeader, ApplicationId, CommandCode, CommandFlags, Message, MessageBuilder,
//! };
//! let mut buf = [0u8; 64];
//! let mut b = MessageBuilder::new(
//!     &mut buf, CommandFlags::REQUEST, CommandCode::DEVICE_WATCHDOG,
//!     ApplicationId::COMMON, 1, 2,
//! );
//! b.str(AvpHeader::mandatory(AvpCode::ORIGIN_HOST), "fa1.example")
//!     .u32(AvpHeader::mandatory(AvpCode::ORIGIN_STATE_ID), 7);
//! let n = b.finish().unwrap();
//! let msg = Message::new_checked(&buf[..n]).unwrap();
//! assert_eq!(msg.avps().count(), 2);
//! ```

use super::avp::{padded, AvpFlags, AVP_HEADER_LEN, AVP_HEADER_LEN_VENDOR};
use super::codes::{ApplicationId, AvpCode, CommandCode, VendorId};
use super::header::{CommandFlags, HEADER_LEN, MAX_MESSAGE_LEN, VERSION};
use super::value::{Address, DiameterTime, Value};
use crate::wire::{BufferTooSmall, Writer};

/// The header of an AVP to emit: code, flags and Vendor-ID.
///
/// The Vendor-ID is written exactly when `flags` has the V bit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AvpHeader {
    /// AVP Code.
    pub code: AvpCode,
    /// AVP Flags, written as given (reserved bits included).
    pub flags: AvpFlags,
    /// Vendor-ID, written when `flags` has V.
    pub vendor_id: VendorId,
}

impl AvpHeader {
    /// An IETF AVP (no Vendor-ID) with `flags`.
    #[must_use]
    pub const fn new(code: AvpCode, flags: AvpFlags) -> AvpHeader {
        AvpHeader {
            code,
            flags,
            vendor_id: VendorId::IETF,
        }
    }

    /// An IETF AVP with the M bit.
    #[must_use]
    pub const fn mandatory(code: AvpCode) -> AvpHeader {
        AvpHeader::new(code, AvpFlags::MANDATORY)
    }

    /// A vendor AVP: `flags` plus V, and the Vendor-ID.
    #[must_use]
    pub const fn vendor(code: AvpCode, flags: AvpFlags, vendor_id: VendorId) -> AvpHeader {
        AvpHeader {
            code,
            flags: AvpFlags::from_bits_retain(flags.bits() | AvpFlags::VENDOR.bits()),
            vendor_id,
        }
    }

    /// 12 with a Vendor-ID, else 8.
    #[must_use]
    pub const fn header_len(&self) -> usize {
        if self.flags.bits() & AvpFlags::VENDOR.bits() != 0 {
            AVP_HEADER_LEN_VENDOR
        } else {
            AVP_HEADER_LEN
        }
    }
}

/// An open Grouped AVP, closed by [`MessageBuilder::end_grouped`], which
/// writes its length back.
#[must_use = "a grouped AVP must be closed with MessageBuilder::end_grouped"]
#[derive(Debug)]
pub struct OpenGroup {
    start: usize,
}

/// Writes one Diameter message into a caller buffer. See the module docs.
///
/// Like [`Writer`], the builder keeps counting past the end of a short
/// buffer, so [`MessageBuilder::finish`] can report the exact size needed.
/// Each AVP is written with one bounds check on its padded size (the hot
/// path of relays and the encode benchmark); the rare text-derived values
/// go through a [`Writer`] over the rest of the buffer.
#[derive(Debug)]
pub struct MessageBuilder<'b> {
    buf: &'b mut [u8],
    pos: usize,
}

impl<'b> MessageBuilder<'b> {
    /// Starts a message: writes the 20-byte header with the length to be
    /// patched by [`MessageBuilder::finish`].
    pub fn new(
        buf: &'b mut [u8],
        flags: CommandFlags,
        command_code: CommandCode,
        application_id: ApplicationId,
        hop_by_hop: u32,
        end_to_end: u32,
    ) -> MessageBuilder<'b> {
        let mut hdr = [0u8; HEADER_LEN];
        hdr[0] = VERSION;
        hdr[4..8].copy_from_slice(&command_code.0.to_be_bytes());
        hdr[4] = flags.bits();
        hdr[8..12].copy_from_slice(&application_id.0.to_be_bytes());
        hdr[12..16].copy_from_slice(&hop_by_hop.to_be_bytes());
        hdr[16..20].copy_from_slice(&end_to_end.to_be_bytes());
        let mut b = MessageBuilder { buf, pos: 0 };
        b.put(&hdr);
        b
    }

    /// Bytes written (or needed) so far.
    #[must_use]
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Appends bytes, writing what fits and counting the rest.
    #[inline]
    fn put(&mut self, data: &[u8]) {
        let end = self.pos.saturating_add(data.len());
        if let Some(dst) = self.buf.get_mut(self.pos..end) {
            dst.copy_from_slice(data);
        }
        self.pos = end;
    }

    /// Runs `f` on a [`Writer`] over the rest of the buffer and advances by
    /// what it wrote (or would have written).
    fn with_writer(&mut self, f: impl FnOnce(&mut Writer<'_>)) {
        let at = self.pos.min(self.buf.len());
        let mut w = Writer::new(&mut self.buf[at..]);
        f(&mut w);
        self.pos = self.pos.saturating_add(w.position());
    }

    /// The first 8 header bytes: code, flags, 24-bit length.
    #[inline(always)]
    fn header_words(h: &AvpHeader, len: usize) -> [u8; 8] {
        let word = (u64::from(h.code.0) << 32)
            | (u64::from(h.flags.bits()) << 24)
            | (len as u64 & 0x00ff_ffff);
        word.to_be_bytes()
    }

    /// Writes a whole AVP: header, data and zero padding. One bounds check
    /// on the padded size; a short buffer takes the counting slow path.
    #[inline(always)]
    fn avp(&mut self, h: &AvpHeader, data: &[u8]) {
        let hl = h.header_len();
        let len = hl + data.len();
        let total = padded(len);
        let end = self.pos.saturating_add(total);
        match self.buf.get_mut(self.pos..end) {
            Some(dst) => {
                // total ≥ hl ≥ 8 and hl ≤ len ≤ total: no index below can
                // fail. Zero the last word first (the padding), then let the
                // header and data overwrite its front.
                let tail = total - 4;
                dst[tail..total].copy_from_slice(&[0; 4]);
                dst[..8].copy_from_slice(&Self::header_words(h, len));
                if hl == AVP_HEADER_LEN_VENDOR {
                    dst[8..12].copy_from_slice(&h.vendor_id.0.to_be_bytes());
                }
                if let Ok(d) = <&[u8; 4]>::try_from(data) {
                    dst[hl..hl + 4].copy_from_slice(d);
                } else {
                    dst[hl..len].copy_from_slice(data);
                }
                self.pos = end;
            }
            None => {
                self.avp_header_slow(h, data.len());
                self.put(data);
                self.put_padding(data.len());
            }
        }
    }

    fn avp_header_slow(&mut self, h: &AvpHeader, data_len: usize) {
        let hl = h.header_len();
        self.put(&Self::header_words(h, hl + data_len));
        if hl == AVP_HEADER_LEN_VENDOR {
            self.put(&h.vendor_id.0.to_be_bytes());
        }
    }

    fn put_padding(&mut self, data_len: usize) {
        self.put(&[0u8; 3][..padded(data_len) - data_len]);
    }

    /// An AVP whose data is `data` (OctetString and every type derived
    /// from it), padded with zeros.
    #[inline]
    pub fn octets(&mut self, h: AvpHeader, data: &[u8]) -> &mut Self {
        self.avp(&h, data);
        self
    }

    /// A UTF8String or DiameterIdentity AVP.
    #[inline]
    pub fn str(&mut self, h: AvpHeader, s: &str) -> &mut Self {
        self.avp(&h, s.as_bytes());
        self
    }

    /// An Unsigned32 AVP.
    #[inline]
    pub fn u32(&mut self, h: AvpHeader, v: u32) -> &mut Self {
        self.avp(&h, &v.to_be_bytes());
        self
    }

    /// An Unsigned64 AVP.
    #[inline]
    pub fn u64(&mut self, h: AvpHeader, v: u64) -> &mut Self {
        self.avp(&h, &v.to_be_bytes());
        self
    }

    /// An Integer32 or Enumerated AVP.
    #[inline]
    pub fn i32(&mut self, h: AvpHeader, v: i32) -> &mut Self {
        self.avp(&h, &v.to_be_bytes());
        self
    }

    /// An Integer64 AVP.
    #[inline]
    pub fn i64(&mut self, h: AvpHeader, v: i64) -> &mut Self {
        self.avp(&h, &v.to_be_bytes());
        self
    }

    /// A Float32 AVP.
    #[inline]
    pub fn f32(&mut self, h: AvpHeader, v: f32) -> &mut Self {
        self.avp(&h, &v.to_be_bytes());
        self
    }

    /// A Float64 AVP.
    #[inline]
    pub fn f64(&mut self, h: AvpHeader, v: f64) -> &mut Self {
        self.avp(&h, &v.to_be_bytes());
        self
    }

    /// An Address AVP.
    pub fn address(&mut self, h: AvpHeader, a: &Address<'_>) -> &mut Self {
        match a {
            Address::V4(ip) => {
                let mut d = [0u8; 6];
                d[..2].copy_from_slice(&Address::FAMILY_IPV4.to_be_bytes());
                d[2..].copy_from_slice(&ip.octets());
                self.avp(&h, &d);
            }
            Address::V6(ip) => {
                let mut d = [0u8; 18];
                d[..2].copy_from_slice(&Address::FAMILY_IPV6.to_be_bytes());
                d[2..].copy_from_slice(&ip.octets());
                self.avp(&h, &d);
            }
            Address::Other { .. } => {
                let n = a.encoded_len();
                self.avp_header_slow(&h, n);
                self.with_writer(|w| a.emit(w));
                self.put_padding(n);
            }
        }
        self
    }

    /// A Time AVP.
    pub fn time(&mut self, h: AvpHeader, t: DiameterTime) -> &mut Self {
        self.u32(h, t.0)
    }

    /// An AVP holding any typed value (text-derived types in canonical form;
    /// a Grouped value's remaining inner bytes verbatim).
    pub fn value(&mut self, h: AvpHeader, v: &Value<'_>) -> &mut Self {
        match v {
            Value::OctetString(b) => self.octets(h, b),
            Value::UTF8String(s) | Value::DiameterIdentity(s) => self.str(h, s),
            Value::Grouped(a) => self.octets(h, a.remaining()),
            Value::Address(a) => self.address(h, a),
            _ => {
                let n = v.encoded_len();
                self.avp_header_slow(&h, n);
                self.with_writer(|w| v.emit_data(w));
                self.put_padding(n);
                self
            }
        }
    }

    /// Copies a whole AVP verbatim (header, data; zero padding added), e.g.
    /// an unknown AVP without the M bit that a relay must forward byte for
    /// byte (RFC 6733 §4.1). `avp` is the AVP Length bytes
    /// ([`super::Avp::as_bytes`]); it is not checked.
    #[inline]
    pub fn raw_avp(&mut self, avp: &[u8]) -> &mut Self {
        let total = padded(avp.len());
        let end = self.pos.saturating_add(total);
        match self.buf.get_mut(self.pos..end) {
            Some(dst) if total >= 4 => {
                dst[total - 4..].copy_from_slice(&[0; 4]);
                dst[..avp.len()].copy_from_slice(avp);
                self.pos = end;
            }
            _ => {
                self.put(avp);
                self.put_padding(avp.len());
            }
        }
        self
    }

    /// A Grouped AVP whose children `f` adds.
    pub fn grouped(&mut self, h: AvpHeader, f: impl FnOnce(&mut Self)) -> &mut Self {
        let g = self.begin_grouped(h);
        f(self);
        self.end_grouped(g);
        self
    }

    /// Opens a Grouped AVP; add its children, then call
    /// [`MessageBuilder::end_grouped`].
    pub fn begin_grouped(&mut self, h: AvpHeader) -> OpenGroup {
        let start = self.pos;
        self.avp_header_slow(&h, 0);
        OpenGroup { start }
    }

    /// Closes a Grouped AVP: writes its length (header plus the children,
    /// each padded) into the 24-bit field.
    pub fn end_grouped(&mut self, g: OpenGroup) {
        // A length past 24 bits also makes the message too long, which
        // `finish` reports.
        let len = (self.pos - g.start) as u32;
        let at = g.start + 5;
        if let Some(dst) = self.buf.get_mut(at..at + 3) {
            dst.copy_from_slice(&len.to_be_bytes()[1..]);
        }
    }

    /// Patches the message length and returns the message size, or the
    /// exact size needed when the buffer is short. A message longer than
    /// [`MAX_MESSAGE_LEN`] (the 24-bit length) cannot be emitted into any
    /// buffer and is reported with `available` capped at that limit.
    pub fn finish(self) -> Result<usize, BufferTooSmall> {
        let len = self.pos;
        if len > MAX_MESSAGE_LEN {
            return Err(BufferTooSmall {
                required: len,
                available: MAX_MESSAGE_LEN,
            });
        }
        match self.buf.get_mut(..len) {
            Some(msg) => {
                msg[1..4].copy_from_slice(&(len as u32).to_be_bytes()[1..]);
                Ok(len)
            }
            None => Err(BufferTooSmall {
                required: len,
                available: self.buf.len(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diameter::wire::{Message, ResultCode};

    #[test]
    fn lengths_and_padding() {
        let mut buf = [0xaau8; 80];
        let mut b = MessageBuilder::new(
            &mut buf,
            CommandFlags::REQUEST | CommandFlags::PROXIABLE,
            CommandCode::CAPABILITIES_EXCHANGE,
            ApplicationId::COMMON,
            0x11,
            0x22,
        );
        b.str(AvpHeader::mandatory(AvpCode::ORIGIN_HOST), "ab")
            .grouped(
                AvpHeader::mandatory(AvpCode::VENDOR_SPECIFIC_APPLICATION_ID),
                |g| {
                    g.u32(AvpHeader::mandatory(AvpCode::VENDOR_ID), 10415);
                },
            )
            .u32(
                AvpHeader::vendor(AvpCode(1), AvpFlags::empty(), VendorId::TGPP),
                ResultCode::SUCCESS.0,
            );
        let n = b.finish().unwrap();
        assert_eq!(n, 20 + 12 + 20 + 16);
        #[rustfmt::skip]
        let expect: [u8; 68] = [
            0x01, 0x00, 0x00, 0x44, 0xc0, 0x00, 0x01, 0x01, // v1 len 68, RP, CER
            0, 0, 0, 0, 0, 0, 0, 0x11, 0, 0, 0, 0x22,      // app 0, h2h, e2e
            0, 0, 0x01, 0x08, 0x40, 0, 0, 10, b'a', b'b', 0, 0, // Origin-Host "ab" + 2 pad
            0, 0, 0x01, 0x04, 0x40, 0, 0, 20,             // VSAI, M, len 20
            0, 0, 0x01, 0x0a, 0x40, 0, 0, 12, 0, 0, 0x28, 0xaf, // Vendor-Id 10415
            0, 0, 0, 1, 0x80, 0, 0, 16, 0, 0, 0x28, 0xaf, 0, 0, 0x07, 0xd1, // V, vendor 3GPP, 2001
        ];
        assert_eq!(&buf[..n], &expect[..]);
        let m = Message::new_checked(&buf[..n]).unwrap();
        assert_eq!(m.check_avps(|c, _| c.0 == 260), Ok(4));
    }

    #[test]
    fn begin_end_grouped_nests() {
        let mut buf = [0u8; 64];
        let mut b = MessageBuilder::new(
            &mut buf,
            CommandFlags::empty(),
            CommandCode(1),
            ApplicationId(0),
            0,
            0,
        );
        let outer = b.begin_grouped(AvpHeader::vendor(
            AvpCode::PROXY_INFO,
            AvpFlags::MANDATORY,
            VendorId::TGPP,
        ));
        let inner = b.begin_grouped(AvpHeader::mandatory(AvpCode::FAILED_AVP));
        b.octets(AvpHeader::new(AvpCode(33), AvpFlags::empty()), b"x");
        b.end_grouped(inner);
        b.end_grouped(outer);
        let n = b.finish().unwrap();
        // outer: 12 header + inner (8 header + 12 child) = 32
        assert_eq!(n, 20 + 32);
        assert_eq!(
            &buf[20..32],
            &[0, 0, 1, 28, 0xc0, 0, 0, 32, 0, 0, 0x28, 0xaf]
        );
        assert_eq!(&buf[32..40], &[0, 0, 1, 23, 0x40, 0, 0, 20]);
        assert_eq!(&buf[40..52], &[0, 0, 0, 33, 0, 0, 0, 9, b'x', 0, 0, 0]);
    }

    #[test]
    fn short_buffer_reports_exact_size() {
        for size in 0..40 {
            let mut buf = [0u8; 40];
            let mut b = MessageBuilder::new(
                &mut buf[..size],
                CommandFlags::empty(),
                CommandCode(1),
                ApplicationId(0),
                0,
                0,
            );
            b.octets(AvpHeader::new(AvpCode(1), AvpFlags::empty()), b"xyz");
            let r = b.finish();
            if size >= 32 {
                assert_eq!(r, Ok(32));
            } else {
                assert_eq!(
                    r,
                    Err(BufferTooSmall {
                        required: 32,
                        available: size
                    })
                );
            }
        }
    }
}
