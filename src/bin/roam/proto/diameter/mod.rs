//! Diameter (RFC 6733): TCP or SCTP on port 3868, SCTP PPID 46 (RFC 6733
//! §2.1 and the IANA SCTP payload protocol identifier registry), or raw
//! message bytes.

mod framer;
mod message;

use self::framer::{Framed, Framer};
use self::message::DiameterMessage;
use crate::dict::Dict;
use crate::proto::{Carrier, Decoded, Dissector, Stream, StreamStart};

/// The IANA-assigned Diameter port for TCP and SCTP (RFC 6733 §2.1).
pub(crate) const PORT: u16 = 3868;
/// SCTP payload protocol identifier for Diameter (IANA registry, RFC 6733
/// §2.1 leaves it to be set; 46 is "Diameter").
pub(crate) const SCTP_PPID: u32 = 46;

/// The Diameter dissector.
#[derive(Debug, Default)]
pub(crate) struct Diameter {
    dict: Dict,
}

impl Diameter {
    /// A dissector with the built-in dictionary.
    pub(crate) fn new() -> Diameter {
        Diameter { dict: Dict::new() }
    }
}

impl Dissector for Diameter {
    fn name(&self) -> &'static str {
        "diameter"
    }

    fn claims(&self, carrier: &Carrier) -> bool {
        match *carrier {
            Carrier::Tcp { .. } => carrier.has_port(PORT),
            // PPID 0 means "unspecified": many stacks send Diameter that way.
            Carrier::Sctp { ppid, .. } => {
                ppid == SCTP_PPID || (ppid == 0 && carrier.has_port(PORT))
            }
            Carrier::Udp { .. } | Carrier::Ip { .. } => false,
        }
    }

    fn stream(&self, start: StreamStart) -> Option<Box<dyn Stream + '_>> {
        Some(Box::new(DiameterStream {
            dict: &self.dict,
            framer: Framer::default(),
            hunting: start == StreamStart::MidStream,
        }))
    }

    fn datagram(&self, payload: &[u8]) -> Vec<Box<dyn Decoded>> {
        let mut s = DiameterStream {
            dict: &self.dict,
            framer: Framer::default(),
            hunting: false,
        };
        let mut out = s.push(payload);
        out.extend(s.finish());
        out
    }
}

/// One direction of a Diameter byte stream.
struct DiameterStream<'d> {
    dict: &'d Dict,
    framer: Framer,
    /// Joined mid-stream and no message boundary found yet: bytes are
    /// dropped until a chunk starts like a Diameter header.
    hunting: bool,
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

impl Stream for DiameterStream<'_> {
    fn push(&mut self, bytes: &[u8]) -> Vec<Box<dyn Decoded>> {
        if self.hunting {
            if !looks_like_header(bytes) {
                return Vec::new();
            }
            self.hunting = false;
        }
        self.framer.push(bytes);
        let mut out: Vec<Box<dyn Decoded>> = Vec::new();
        while let Some(framed) = self.framer.next_message() {
            out.push(Box::new(match framed {
                Framed::Message(m) => DiameterMessage::decode(&m, self.dict),
                Framed::Fatal(err, _) => DiameterMessage::failed(&err),
            }));
        }
        out
    }

    fn finish(&mut self) -> Option<Box<dyn Decoded>> {
        let (err, _) = self.framer.leftover()?;
        Some(Box::new(DiameterMessage::failed(&err)))
    }
}
