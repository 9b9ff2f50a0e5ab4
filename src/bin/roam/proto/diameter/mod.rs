//! Diameter (RFC 6733): TCP or SCTP on port 3868, SCTP PPID 46 (RFC 6733
//! §2.1 and the IANA SCTP payload protocol identifier registry), or raw
//! message bytes.

mod message;
mod render;
mod stream;

use self::stream::DiameterStream;
use crate::dict::Dict;
use crate::proto::{Carrier, Decoded, Dissector, Stream, StreamStart};

/// The IANA-assigned Diameter port for TCP and SCTP (RFC 6733 §2.1).
pub(crate) const PORT: u16 = 3868;
/// SCTP payload protocol identifier for Diameter: 46 in the IANA "SCTP
/// Payload Protocol Identifiers" registry (47 is Diameter over DTLS, which
/// this tool cannot read). Checked against Wireshark's table
/// (`tshark -G values`).
pub(crate) const SCTP_PPID: u32 = 46;

/// The Diameter dissector.
#[derive(Debug, Default)]
pub(crate) struct Diameter {
    dict: Dict,
}

impl Diameter {
    /// A dissector naming AVPs from `dict`.
    pub(crate) fn with_dict(dict: Dict) -> Diameter {
        Diameter { dict }
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
        Some(Box::new(DiameterStream::new(
            &self.dict,
            start == StreamStart::MidStream,
        )))
    }

    fn datagram(&self, payload: &[u8]) -> Vec<Box<dyn Decoded>> {
        let mut s = DiameterStream::new(&self.dict, false);
        let mut out = s.push(payload);
        out.extend(s.finish());
        out
    }
}
