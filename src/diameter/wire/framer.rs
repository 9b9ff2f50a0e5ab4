//! Splitting a TCP or SCTP byte stream into Diameter messages (feature
//! `alloc`).
//!
//! A [`Framer`] takes bytes as they arrive ([`Framer::push`]) and yields
//! whole messages ([`Framer::next_frame`]) as slices of its own buffer, with
//! no copy beyond the one into the buffer. It handles reads that split a
//! message and reads that carry several. It looks only at the version and
//! the Message Length (RFC 6733 §3); a version other than 1, a length below
//! 20, not a multiple of 4, or above the configured maximum is a fatal
//! framing error: the stream cannot be resynchronised, so the error is
//! sticky and the caller should close the connection.
//!
//! The buffer never grows past the configured maximum message size: `push`
//! accepts only what fits and returns how many bytes it took, so the caller
//! drains frames and pushes the rest again. Because a single frame never
//! exceeds the maximum, draining always makes room.
//!
//! ```
//! use roam::diameter::wire::Framer;
//! let dwr = [1, 0, 0, 20, 0x80, 0, 1, 0x18, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2];
//! let mut f = Framer::default();
//! assert_eq!(f.push(&dwr[..7]), 7);
//! assert!(f.next_frame().is_none()); // partial
//! assert_eq!(f.push(&dwr[7..]), 13);
//! assert_eq!(f.next_frame(), Some(Ok(&dwr[..])));
//! ```

use alloc::vec::Vec;

use super::header::{HEADER_LEN, MAX_MESSAGE_LEN, VERSION};

/// The default largest message a [`Framer`] accepts: 64 KiB.
pub const DEFAULT_MAX_FRAME_LEN: usize = 64 * 1024;

/// A fatal framing error. Offsets count bytes from the start of the stream
/// to the first byte of the offending message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum FramingError {
    /// The version byte is not 1.
    #[error("diameter framing: version {version} at stream offset {offset}")]
    UnsupportedVersion {
        /// The version byte.
        version: u8,
        /// Stream offset of the message.
        offset: u64,
    },
    /// Message Length below 20 or not a multiple of 4.
    #[error("diameter framing: invalid message length {length} at stream offset {offset}")]
    InvalidLength {
        /// The Message Length field.
        length: u32,
        /// Stream offset of the message.
        offset: u64,
    },
    /// Message Length above the framer's maximum.
    #[error("diameter framing: message length {length} above {max} at stream offset {offset}")]
    TooLong {
        /// The Message Length field.
        length: u32,
        /// The configured maximum.
        max: usize,
        /// Stream offset of the message.
        offset: u64,
    },
}

/// A stream-to-message splitter. See the module docs.
#[derive(Debug, Clone)]
pub struct Framer {
    buf: Vec<u8>,
    /// Start of the first unreturned byte in `buf`.
    start: usize,
    max: usize,
    /// Stream offset of `buf[0]`.
    base: u64,
    error: Option<FramingError>,
}

impl Default for Framer {
    fn default() -> Framer {
        Framer::new(DEFAULT_MAX_FRAME_LEN)
    }
}

impl Framer {
    /// A framer accepting messages up to `max_frame_len` bytes (clamped to
    /// 20..=[`MAX_MESSAGE_LEN`]); its buffer never exceeds that size.
    #[must_use]
    pub fn new(max_frame_len: usize) -> Framer {
        Framer {
            buf: Vec::new(),
            start: 0,
            max: max_frame_len.clamp(HEADER_LEN, MAX_MESSAGE_LEN),
            base: 0,
            error: None,
        }
    }

    /// The largest message accepted.
    #[must_use]
    pub fn max_frame_len(&self) -> usize {
        self.max
    }

    /// Bytes buffered and not yet returned as frames.
    #[must_use]
    pub fn buffered(&self) -> usize {
        self.buf.len() - self.start
    }

    /// The sticky error, once framing has failed.
    #[must_use]
    pub fn error(&self) -> Option<FramingError> {
        self.error
    }

    /// Appends bytes from the stream. Returns how many were taken: all of
    /// them unless the buffer is full (then drain frames with
    /// [`Framer::next_frame`] and push the rest), or none after a framing
    /// error.
    pub fn push(&mut self, data: &[u8]) -> usize {
        if self.error.is_some() {
            return 0;
        }
        if self.start > 0 {
            self.buf.drain(..self.start);
            self.base += self.start as u64;
            self.start = 0;
        }
        let room = self.max - self.buf.len();
        let take = data.len().min(room);
        self.buf.extend_from_slice(&data[..take]);
        take
    }

    /// The next whole message, a framing error (then the same error
    /// forever), or `None` when more bytes are needed.
    pub fn next_frame(&mut self) -> Option<Result<&[u8], FramingError>> {
        if let Some(e) = self.error {
            return Some(Err(e));
        }
        let rest = &self.buf[self.start..];
        let offset = self.base + self.start as u64;
        let version = *rest.first()?;
        if version != VERSION {
            return Some(Err(
                self.fail(FramingError::UnsupportedVersion { version, offset })
            ));
        }
        let length = crate::wire::be_u24(rest, 1)?;
        if (length as usize) < HEADER_LEN || length % 4 != 0 {
            return Some(Err(
                self.fail(FramingError::InvalidLength { length, offset })
            ));
        }
        if length as usize > self.max {
            let max = self.max;
            return Some(Err(self.fail(FramingError::TooLong {
                length,
                max,
                offset,
            })));
        }
        let len = length as usize;
        if rest.len() < len {
            return None;
        }
        let s = self.start;
        self.start += len;
        Some(Ok(&self.buf[s..s + len]))
    }

    fn fail(&mut self, e: FramingError) -> FramingError {
        self.error = Some(e);
        e
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(len: u8, fill: u8) -> Vec<u8> {
        let mut m = alloc::vec![fill; usize::from(len)];
        m[..4].copy_from_slice(&[1, 0, 0, len]);
        m
    }

    #[test]
    fn coalesced_and_split() {
        let a = msg(20, 0xa);
        let b = msg(24, 0xb);
        let mut stream = a.clone();
        stream.extend_from_slice(&b);
        stream.extend_from_slice(&a[..3]);
        let mut f = Framer::default();
        assert_eq!(f.push(&stream), stream.len());
        assert_eq!(f.next_frame(), Some(Ok(&a[..])));
        assert_eq!(f.next_frame(), Some(Ok(&b[..])));
        assert_eq!(f.next_frame(), None);
        assert_eq!(f.push(&a[3..]), 17);
        assert_eq!(f.next_frame(), Some(Ok(&a[..])));
        assert_eq!(f.buffered(), 0);
    }

    #[test]
    fn errors_are_sticky_and_located() {
        let mut f = Framer::default();
        let mut bad = msg(20, 0);
        f.push(&bad);
        bad[0] = 2;
        f.push(&bad);
        assert!(matches!(f.next_frame(), Some(Ok(_))));
        let e = FramingError::UnsupportedVersion {
            version: 2,
            offset: 20,
        };
        assert_eq!(f.next_frame(), Some(Err(e)));
        assert_eq!(f.next_frame(), Some(Err(e)));
        assert_eq!(f.push(&[1]), 0);

        let mut f = Framer::default();
        f.push(&[1, 0, 0, 19]);
        assert_eq!(
            f.next_frame(),
            Some(Err(FramingError::InvalidLength {
                length: 19,
                offset: 0
            }))
        );
        let mut f = Framer::new(64);
        f.push(&[1, 0, 0, 68]);
        assert_eq!(
            f.next_frame(),
            Some(Err(FramingError::TooLong {
                length: 68,
                max: 64,
                offset: 0
            }))
        );
    }

    #[test]
    fn bounded_buffer() {
        let a = msg(20, 0);
        let mut f = Framer::new(32);
        let mut stream = a.clone();
        stream.extend_from_slice(&a);
        assert_eq!(f.push(&stream), 32);
        assert_eq!(f.next_frame(), Some(Ok(&a[..])));
        assert_eq!(f.next_frame(), None);
        assert_eq!(f.push(&stream[32..]), 8);
        assert_eq!(f.next_frame(), Some(Ok(&a[..])));
    }
}
