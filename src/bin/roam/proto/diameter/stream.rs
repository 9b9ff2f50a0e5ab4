//! One direction of a Diameter byte stream, cut into messages by
//! [`roam::diameter::wire::framer::Framer`].

use roam::diameter::wire::framer::{Framer, FramingError};
use roam::diameter::wire::MAX_MESSAGE_LEN;

use super::message::{DiameterMessage, Failure};
use crate::dict::Dict;
use crate::proto::{Decoded, Stream};

/// A Diameter stream decoder.
pub(super) struct DiameterStream<'d> {
    dict: &'d Dict,
    framer: Framer,
    /// Joined mid-stream and no message boundary found yet: bytes are
    /// dropped until a chunk starts like a Diameter header.
    hunting: bool,
}

impl<'d> DiameterStream<'d> {
    /// A decoder; `hunting` when the stream may start mid-message.
    pub(super) fn new(dict: &'d Dict, hunting: bool) -> DiameterStream<'d> {
        DiameterStream {
            dict,
            // A decoder accepts every length the 24-bit field can express.
            framer: Framer::new(MAX_MESSAGE_LEN),
            hunting,
        }
    }

    /// Takes the whole messages (or the fatal error) the framer has.
    fn drain(&mut self, out: &mut Vec<Box<dyn Decoded>>) -> bool {
        // After a fatal error the framer repeats it: it was reported once.
        if self.framer.error().is_some() {
            return false;
        }
        let mut progressed = false;
        while let Some(frame) = self.framer.next_frame() {
            match frame {
                Ok(bytes) => {
                    out.push(Box::new(DiameterMessage::decode(bytes, self.dict)));
                    progressed = true;
                }
                Err(e) => {
                    out.push(Box::new(DiameterMessage::with_failure(framing_failure(&e))));
                    return false;
                }
            }
        }
        progressed
    }
}

/// Whether `bytes` start like a Diameter header (RFC 6733 §3): version 1, a
/// Message Length of at least 20 that is a multiple of 4, and the reserved
/// command flag bits clear.
fn looks_like_header(bytes: &[u8]) -> bool {
    match bytes {
        [1, l0, l1, l2, flags, ..] => {
            let len = u32::from_be_bytes([0, *l0, *l1, *l2]);
            len >= 20 && len.is_multiple_of(4) && flags & 0x0f == 0
        }
        _ => false,
    }
}

/// A fatal framing error as a message failure (offsets within the message).
fn framing_failure(e: &FramingError) -> Failure {
    let (kind, offset, rc) = match e {
        FramingError::UnsupportedVersion { .. } => ("unsupported_version", 0, 5011),
        FramingError::InvalidLength { .. } => ("invalid_message_length", 1, 5015),
        _ => ("invalid_message_length", 1, 5015),
    };
    Failure::new(kind, offset, rc, e.to_string())
}

impl Stream for DiameterStream<'_> {
    fn push(&mut self, bytes: &[u8]) -> Vec<Box<dyn Decoded>> {
        let mut out = Vec::new();
        if self.hunting {
            if !looks_like_header(bytes) {
                return out;
            }
            self.hunting = false;
        }
        let mut rest = bytes;
        while !rest.is_empty() && self.framer.error().is_none() {
            let taken = self.framer.push(rest);
            rest = rest.get(taken..).unwrap_or_default();
            // The buffer is full and holds no whole message: cannot happen
            // with the maximum at MAX_MESSAGE_LEN, but never spin.
            if !self.drain(&mut out) && taken == 0 {
                break;
            }
        }
        out
    }

    fn finish(&mut self) -> Option<Box<dyn Decoded>> {
        let left = self.framer.buffered();
        if left == 0 || self.framer.error().is_some() {
            return None;
        }
        let failure = Failure::new(
            "truncated",
            0,
            5015,
            format!("the input ends {left} bytes into a message"),
        );
        Some(Box::new(DiameterMessage::with_failure(failure)))
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

    fn failed(v: &[Box<dyn Decoded>]) -> Vec<bool> {
        v.iter().map(|m| m.failed()).collect()
    }

    #[test]
    fn split_coalesced_and_leftover() {
        let dict = Dict::new();
        let mut s = DiameterStream::new(&dict, false);
        assert!(s.push(&DWR[..3]).is_empty());
        let mut two = DWR[3..].to_vec();
        two.extend_from_slice(&DWR);
        two.extend_from_slice(&DWR[..7]);
        assert_eq!(failed(&s.push(&two)), [false, false]);
        assert!(s.finish().is_some_and(|m| m.failed()));
    }

    #[test]
    fn bad_version_is_fatal_once() {
        let dict = Dict::new();
        let mut s = DiameterStream::new(&dict, false);
        let mut bad = DWR;
        bad[0] = 2;
        assert_eq!(failed(&s.push(&bad)), [true]);
        assert!(s.push(&DWR).is_empty());
        assert!(s.finish().is_none());
    }

    #[test]
    fn hunting_skips_to_a_header() {
        let dict = Dict::new();
        let mut s = DiameterStream::new(&dict, true);
        assert!(s.push(&DWR[7..]).is_empty());
        assert_eq!(failed(&s.push(&DWR)), [false]);
    }
}
