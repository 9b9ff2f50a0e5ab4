//! A minimal private Diameter stream framer.
//!
//! TODO(lead): switch to `roam::diameter::wire::Framer` when it lands; this
//! one only exists so the binary works before it does. It cuts a byte stream
//! into whole messages using the header's Message Length and treats a bad
//! version or length as fatal (RFC 6733 §3: after that the stream cannot be
//! resynchronised).

use roam::diameter::wire::{Error, HEADER_LEN, VERSION};

/// Bytes of the header needed to know a message's length.
const LENGTH_PREFIX: usize = 4;

/// What the framer yields.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Framed {
    /// One whole message.
    Message(Vec<u8>),
    /// The stream is broken: the error and the bytes that caused it. The
    /// framer yields nothing afterwards.
    Fatal(Error, Vec<u8>),
}

/// Accumulates stream bytes and yields whole messages.
#[derive(Debug, Default)]
pub(crate) struct Framer {
    buf: Vec<u8>,
    failed: bool,
}

impl Framer {
    /// Appends bytes received from the stream. Ignored after a fatal error.
    pub(crate) fn push(&mut self, bytes: &[u8]) {
        if !self.failed {
            self.buf.extend_from_slice(bytes);
        }
    }

    /// The next whole message, a fatal error, or `None` when more bytes are
    /// needed.
    pub(crate) fn next_message(&mut self) -> Option<Framed> {
        if self.failed {
            return None;
        }
        let version = *self.buf.first()?;
        if version != VERSION {
            return Some(self.fail(Error::UnsupportedVersion { version }));
        }
        let prefix = self.buf.get(..LENGTH_PREFIX)?;
        let length = u32::from_be_bytes([0, prefix[1], prefix[2], prefix[3]]);
        let len = length as usize;
        if len < HEADER_LEN || !len.is_multiple_of(4) {
            return Some(self.fail(Error::InvalidMessageLength { length }));
        }
        if self.buf.len() < len {
            return None;
        }
        let rest = self.buf.split_off(len);
        Some(Framed::Message(std::mem::replace(&mut self.buf, rest)))
    }

    /// The bytes of an incomplete message left in the buffer, with the
    /// error that describes them; `None` when the buffer is empty.
    pub(crate) fn leftover(&mut self) -> Option<(Error, Vec<u8>)> {
        if self.failed || self.buf.is_empty() {
            return None;
        }
        let required = match self.buf.get(..LENGTH_PREFIX) {
            Some(p) => (u32::from_be_bytes([0, p[1], p[2], p[3]]) as usize).max(HEADER_LEN),
            None => HEADER_LEN,
        };
        let bytes = std::mem::take(&mut self.buf);
        let err = Error::Truncated {
            offset: 0,
            required,
            available: bytes.len(),
        };
        Some((err, bytes))
    }

    fn fail(&mut self, err: Error) -> Framed {
        self.failed = true;
        Framed::Fatal(err, std::mem::take(&mut self.buf))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // A 20-byte Device-Watchdog-Request header.
    const DWR: [u8; 20] = [
        1, 0, 0, 20, // version 1, length 20
        0x80, 0, 1, 0x18, // R, command 280
        0, 0, 0, 0, // application 0
        0, 0, 0, 1, // hop-by-hop
        0, 0, 0, 2, // end-to-end
    ];

    #[test]
    fn split_and_coalesced() {
        let mut f = Framer::default();
        f.push(&DWR[..3]);
        assert_eq!(f.next_message(), None);
        f.push(&DWR[3..]);
        f.push(&DWR);
        f.push(&DWR[..7]);
        assert_eq!(f.next_message(), Some(Framed::Message(DWR.to_vec())));
        assert_eq!(f.next_message(), Some(Framed::Message(DWR.to_vec())));
        assert_eq!(f.next_message(), None);
        assert_eq!(
            f.leftover(),
            Some((
                Error::Truncated {
                    offset: 0,
                    required: 20,
                    available: 7
                },
                DWR[..7].to_vec()
            ))
        );
    }

    #[test]
    fn bad_version_and_length_are_fatal() {
        let mut f = Framer::default();
        f.push(&[2, 0, 0, 20]);
        assert_eq!(
            f.next_message(),
            Some(Framed::Fatal(
                Error::UnsupportedVersion { version: 2 },
                vec![2, 0, 0, 20]
            ))
        );
        f.push(&DWR);
        assert_eq!(f.next_message(), None);
        let mut f = Framer::default();
        f.push(&[1, 0, 0, 12]);
        assert_eq!(
            f.next_message(),
            Some(Framed::Fatal(
                Error::InvalidMessageLength { length: 12 },
                vec![1, 0, 0, 12]
            ))
        );
    }
}
