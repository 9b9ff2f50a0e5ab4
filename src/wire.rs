//! Primitives shared by every wire layer: field ranges, the emit cursor and
//! the length placeholders that are written back after a body.
//!
//! Emitting never allocates. A [`Writer`] keeps counting after the end of its
//! buffer, so a failed emit can report the exact size it needed
//! ([`BufferTooSmall::required`]); the caller grows the buffer and retries.

use core::ops::{Range, RangeFrom};

/// A fixed field's byte range inside a header.
pub type Field = Range<usize>;
/// The variable tail of a header, from an offset to the end.
pub type Rest = RangeFrom<usize>;

/// The caller's buffer is too small for what was being emitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[error("buffer too small: need {required} bytes, have {available}")]
pub struct BufferTooSmall {
    /// The exact number of bytes the complete emit needs.
    pub required: usize,
    /// The size of the buffer that was offered.
    pub available: usize,
}

/// A length field reserved before a body and written back after it.
///
/// Dropping it without [`Writer::patch_len`] leaves a zero length on the wire,
/// which is why it is `#[must_use]`.
#[must_use = "length must be written back with Writer::patch_len"]
#[derive(Debug)]
pub struct LenPlaceholder {
    at: usize,
    width: u8,
}

impl LenPlaceholder {
    /// The offset of the length field in the buffer.
    #[must_use]
    pub fn offset(&self) -> usize {
        self.at
    }
}

/// A big-endian write cursor over a caller buffer.
///
/// Writes past the end are counted but not performed; [`Writer::finish`] then
/// reports the exact size required.
#[derive(Debug)]
pub struct Writer<'a> {
    buf: &'a mut [u8],
    pos: usize,
}

impl<'a> Writer<'a> {
    /// A writer at the start of `buf`.
    #[must_use]
    pub fn new(buf: &'a mut [u8]) -> Writer<'a> {
        Writer { buf, pos: 0 }
    }

    /// Bytes written (or that would have been written) so far.
    #[must_use]
    pub fn position(&self) -> usize {
        self.pos
    }

    /// Whether every write so far fitted in the buffer.
    #[must_use]
    pub fn fits(&self) -> bool {
        self.pos <= self.buf.len()
    }

    /// Appends raw bytes.
    pub fn bytes(&mut self, data: &[u8]) {
        let end = self.pos.saturating_add(data.len());
        if let Some(dst) = self.buf.get_mut(self.pos..end) {
            dst.copy_from_slice(data);
        }
        self.pos = end;
    }

    /// Appends `n` zero bytes (padding).
    pub fn zeros(&mut self, n: usize) {
        let end = self.pos.saturating_add(n);
        if let Some(dst) = self.buf.get_mut(self.pos..end) {
            dst.fill(0);
        }
        self.pos = end;
    }

    /// Appends one byte.
    pub fn u8(&mut self, v: u8) {
        self.bytes(&[v]);
    }

    /// Appends a big-endian `u16`.
    pub fn u16(&mut self, v: u16) {
        self.bytes(&v.to_be_bytes());
    }

    /// Appends the low 24 bits of `v`, big-endian.
    pub fn u24(&mut self, v: u32) {
        self.bytes(&v.to_be_bytes()[1..]);
    }

    /// Appends a big-endian `u32`.
    pub fn u32(&mut self, v: u32) {
        self.bytes(&v.to_be_bytes());
    }

    /// Appends a big-endian `u64`.
    pub fn u64(&mut self, v: u64) {
        self.bytes(&v.to_be_bytes());
    }

    /// Reserves a `width`-byte (1, 2 or 3) big-endian length field, written
    /// as zero now and patched by [`Writer::patch_len`].
    pub fn reserve_len(&mut self, width: u8) -> LenPlaceholder {
        debug_assert!((1..=3).contains(&width));
        let at = self.pos;
        self.zeros(usize::from(width));
        LenPlaceholder { at, width }
    }

    /// Writes `value` into a reserved length field. Returns `false` when the
    /// value does not fit the field's width (the field is left untouched).
    pub fn patch_len(&mut self, ph: LenPlaceholder, value: usize) -> bool {
        let width = usize::from(ph.width);
        let max = (1usize << (8 * width)) - 1;
        if value > max {
            return false;
        }
        let be = (value as u32).to_be_bytes();
        if let Some(dst) = self.buf.get_mut(ph.at..ph.at + width) {
            dst.copy_from_slice(&be[4 - width..]);
        }
        true
    }

    /// Overwrites bytes at an absolute offset already written (e.g. a
    /// checksum). Out-of-buffer offsets are ignored, as they are for writes.
    pub fn patch_bytes(&mut self, at: usize, data: &[u8]) {
        if let Some(dst) = self.buf.get_mut(at..at.saturating_add(data.len())) {
            dst.copy_from_slice(data);
        }
    }

    /// The bytes written so far, when everything fitted.
    #[must_use]
    pub fn written(&self) -> Option<&[u8]> {
        self.buf.get(..self.pos)
    }

    /// Mutable access to the bytes written so far, when everything fitted.
    #[must_use]
    pub fn written_mut(&mut self) -> Option<&mut [u8]> {
        self.buf.get_mut(..self.pos)
    }

    /// Ends the emit: the number of bytes written, or the exact size needed.
    pub fn finish(self) -> Result<usize, BufferTooSmall> {
        if self.fits() {
            Ok(self.pos)
        } else {
            Err(BufferTooSmall {
                required: self.pos,
                available: self.buf.len(),
            })
        }
    }
}

/// Declares an open code-point newtype: a transparent wrapper around the wire
/// integer with associated constants, `name()`, a `Debug` that prints the RFC
/// name beside the number, `Display`, and conversions both ways. Every value
/// stays representable, so dictionaries and vendors can use codes the crate
/// does not name (STYLE item 5).
macro_rules! open_code {
    (
        $(#[$meta:meta])*
        $name:ident($int:ty) { $( $(#[$cmeta:meta])* $konst:ident = $val:expr, $text:literal; )* }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        #[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
        pub struct $name(pub $int);

        impl $name {
            $( $(#[$cmeta])* pub const $konst: $name = $name($val); )*

            /// The RFC name of this code, when the crate knows it.
            #[must_use]
            pub const fn name(self) -> Option<&'static str> {
                match self.0 {
                    $( $val => Some($text), )*
                    _ => None,
                }
            }
        }

        impl core::fmt::Debug for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                match self.name() {
                    Some(n) => write!(f, "{}({} {})", stringify!($name), self.0, n),
                    None => write!(f, "{}({})", stringify!($name), self.0),
                }
            }
        }

        impl core::fmt::Display for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                match self.name() {
                    Some(n) => f.write_str(n),
                    None => write!(f, "{}", self.0),
                }
            }
        }

        impl From<$int> for $name {
            fn from(v: $int) -> $name { $name(v) }
        }

        impl From<$name> for $int {
            fn from(v: $name) -> $int { v.0 }
        }
    };
}
pub(crate) use open_code;

/// Reads a big-endian `u16` at `at`; `None` if out of bounds.
#[inline]
#[must_use]
pub fn be_u16(buf: &[u8], at: usize) -> Option<u16> {
    let b = buf.get(at..at.checked_add(2)?)?;
    Some(u16::from_be_bytes([b[0], b[1]]))
}

/// Reads a big-endian 24-bit value at `at`; `None` if out of bounds.
#[inline]
#[must_use]
pub fn be_u24(buf: &[u8], at: usize) -> Option<u32> {
    let b = buf.get(at..at.checked_add(3)?)?;
    Some(u32::from_be_bytes([0, b[0], b[1], b[2]]))
}

/// Reads a big-endian `u32` at `at`; `None` if out of bounds.
#[inline]
#[must_use]
pub fn be_u32(buf: &[u8], at: usize) -> Option<u32> {
    let b = buf.get(at..at.checked_add(4)?)?;
    Some(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

/// Reads a big-endian `u64` at `at`; `None` if out of bounds.
#[inline]
#[must_use]
pub fn be_u64(buf: &[u8], at: usize) -> Option<u64> {
    let b = buf.get(at..at.checked_add(8)?)?;
    let mut a = [0u8; 8];
    a.copy_from_slice(b);
    Some(u64::from_be_bytes(a))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writer_reports_exact_size() {
        let mut small = [0u8; 3];
        let mut w = Writer::new(&mut small);
        w.u32(0xdead_beef);
        w.u16(7);
        assert_eq!(
            w.finish(),
            Err(BufferTooSmall {
                required: 6,
                available: 3
            })
        );
        let mut big = [0u8; 8];
        let mut w = Writer::new(&mut big);
        let ph = w.reserve_len(3);
        w.bytes(b"abc");
        assert!(w.patch_len(ph, 6));
        assert_eq!(w.finish(), Ok(6));
        assert_eq!(&big[..6], &[0, 0, 6, b'a', b'b', b'c']);
    }

    #[test]
    fn patch_rejects_overflow() {
        let mut b = [0u8; 4];
        let mut w = Writer::new(&mut b);
        let ph = w.reserve_len(1);
        assert!(!w.patch_len(ph, 256));
    }

    #[test]
    fn reads_are_bounds_checked() {
        assert_eq!(be_u32(&[1, 2, 3], 0), None);
        assert_eq!(be_u24(&[1, 2, 3], 0), Some(0x010203));
        assert_eq!(be_u16(&[1, 2, 3], usize::MAX), None);
    }
}
