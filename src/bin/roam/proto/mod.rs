//! Protocol dispatch: which dissector gets a payload, and the shape of what
//! it returns.
//!
//! Adding a protocol is one module: implement [`Dissector`] (say which
//! [`Carrier`] it claims, and decode either a datagram or a byte stream into
//! [`Decoded`] messages), then list it in [`dissectors`]. Mobile IPv4 will
//! claim `Carrier::Udp` on port 434 and Mobile IPv6 `Carrier::Ip` with next
//! header 135.

pub(crate) mod diameter;

use crate::json::Json;

/// What the user asked for with `--proto`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ProtoChoice {
    /// Every protocol roam knows, chosen by port, SCTP PPID or next header.
    Auto,
    /// Diameter (RFC 6733) on TCP/SCTP 3868 or SCTP PPID 46; raw messages.
    Diameter,
    /// Mobile IPv4 (RFC 5944) on UDP 434: not yet supported.
    Mip4,
    /// Mobile IPv6 mobility header (RFC 6275): not yet supported.
    Mip6,
}

impl ProtoChoice {
    /// The dissectors this choice enables, or why it cannot be served.
    pub(crate) fn dissectors(self) -> Result<Vec<Box<dyn Dissector>>, String> {
        match self {
            ProtoChoice::Auto => Ok(dissectors()),
            ProtoChoice::Diameter => Ok(vec![Box::new(diameter::Diameter::new())]),
            ProtoChoice::Mip4 => {
                Err("--proto mip4: Mobile IPv4 decoding is not yet supported".into())
            }
            ProtoChoice::Mip6 => {
                Err("--proto mip6: Mobile IPv6 decoding is not yet supported".into())
            }
        }
    }
}

/// Every dissector, in the order they are offered a payload.
pub(crate) fn dissectors() -> Vec<Box<dyn Dissector>> {
    vec![Box::new(diameter::Diameter::new())]
}

/// How a payload reached us: the layer a dissector matches on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Carrier {
    /// A TCP byte stream (one direction of one connection).
    Tcp { src_port: u16, dst_port: u16 },
    /// A complete SCTP user message.
    Sctp {
        src_port: u16,
        dst_port: u16,
        ppid: u32,
    },
    /// A UDP datagram.
    Udp { src_port: u16, dst_port: u16 },
    /// The payload of an IP header with this protocol / next header.
    Ip { next_header: u8 },
}

impl Carrier {
    /// Whether either port is `port` (false for [`Carrier::Ip`]).
    pub(crate) fn has_port(&self, port: u16) -> bool {
        match *self {
            Carrier::Tcp { src_port, dst_port }
            | Carrier::Sctp {
                src_port, dst_port, ..
            }
            | Carrier::Udp { src_port, dst_port } => src_port == port || dst_port == port,
            Carrier::Ip { .. } => false,
        }
    }
}

/// A protocol decoder.
pub(crate) trait Dissector {
    /// The protocol's name in the output (`"diameter"`).
    fn name(&self) -> &'static str;

    /// Whether payloads on this carrier are this protocol's.
    fn claims(&self, carrier: &Carrier) -> bool;

    /// A decoder for one direction of a byte stream (TCP). Protocols that
    /// never run on streams return `None`.
    fn stream(&self, start: StreamStart) -> Option<Box<dyn Stream + '_>>;

    /// Decodes one datagram or SCTP user message, which may hold several
    /// messages.
    fn datagram(&self, payload: &[u8]) -> Vec<Box<dyn Decoded>>;
}

/// Where in a byte stream decoding starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StreamStart {
    /// At its first byte (the SYN was captured, or a raw message file): the
    /// first bytes must be a message.
    Beginning,
    /// Somewhere inside (the capture joined an open connection): the
    /// stream may start mid-message, so the decoder waits for a segment that
    /// starts like a message.
    MidStream,
}

/// One direction of a byte stream being cut into messages.
pub(crate) trait Stream {
    /// Appends bytes and returns the messages they complete.
    fn push(&mut self, bytes: &[u8]) -> Vec<Box<dyn Decoded>>;

    /// The stream has ended: returns a record for an incomplete message
    /// left over, if any.
    fn finish(&mut self) -> Option<Box<dyn Decoded>>;
}

/// One decoded message, ready to print.
pub(crate) trait Decoded {
    /// The JSON keys after `frame` and `protocol`, in output order.
    fn json_fields(&self) -> Vec<(&'static str, Json)>;

    /// The one-line summary (without the frame prefix).
    fn summary(&self) -> String;

    /// The indented detail lines (AVP tree, errors), without indentation of
    /// the first level.
    fn detail(&self, out: &mut Vec<String>);

    /// Whether the message failed to parse.
    fn failed(&self) -> bool;
}
