//! Protocol dispatch: which dissector gets a payload, and the shape of what
//! it returns.
//!
//! Adding a protocol is one module: implement [`Dissector`] (say which
//! [`Carrier`] it claims, and decode either a datagram or a byte stream into
//! [`Decoded`] messages), then list it in [`dissectors`]. Mobile IPv4
//! claims `Carrier::Udp` on port 434 and ICMP (`Carrier::Ip`, protocol 1);
//! Mobile IPv6 claims `Carrier::Ip` with next header 135 (Mobility Header)
//! and 58 (ICMPv6: Router Advertisements, DHAAD, Mobile Prefix messages).
//! Protocols that print a flat field list share [`record::Record`].

pub(crate) mod diameter;
pub(crate) mod mip4;
pub(crate) mod mip6;
pub(crate) mod record;

use crate::dict::Dict;
use crate::json::Json;

/// What the user supplied that dissectors need: keys and dictionaries.
#[derive(Debug, Clone, Default)]
pub(crate) struct Config {
    /// The dictionary (built-in tables plus `--dict` files).
    pub(crate) dict: Dict,
    /// Mobile IPv4 mobility security associations from `--key`.
    pub(crate) mip4_keys: Vec<mip4::Key>,
}

/// What the user asked for with `--proto`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum ProtoChoice {
    /// Every protocol roam knows, chosen by port, SCTP PPID or next header.
    Auto,
    /// Diameter (RFC 6733) on TCP/SCTP 3868 or SCTP PPID 46; raw messages.
    Diameter,
    /// Mobile IPv4 (RFC 5944) on UDP 434 and ICMP agent advertisements and
    /// solicitations; raw registration messages or ICMP messages.
    Mip4,
    /// Mobile IPv6 (RFC 6275) Mobility Headers and mobility ICMPv6; raw
    /// IPv6 packets or raw Mobility Headers.
    Mip6,
}

impl ProtoChoice {
    /// The dissectors this choice enables.
    pub(crate) fn dissectors(self, config: &Config) -> Vec<Box<dyn Dissector>> {
        match self {
            ProtoChoice::Auto => dissectors(config),
            ProtoChoice::Diameter => {
                vec![Box::new(diameter::Diameter::with_dict(config.dict.clone()))]
            }
            ProtoChoice::Mip4 => vec![Box::new(mip4::Mip4::new(&config.mip4_keys))],
            ProtoChoice::Mip6 => vec![Box::new(mip6::Mip6)],
        }
    }
}

/// Every dissector, in the order they are offered a payload.
pub(crate) fn dissectors(config: &Config) -> Vec<Box<dyn Dissector>> {
    vec![
        Box::new(diameter::Diameter::with_dict(config.dict.clone())),
        Box::new(mip4::Mip4::new(&config.mip4_keys)),
        Box::new(mip6::Mip6),
    ]
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

    /// Decodes the upper layer of an IP packet claimed through
    /// [`Carrier::Ip`]. `packet` is the whole IP packet (from its IP header:
    /// the Mobility Header checksum needs the addresses and the Home
    /// Address option) and `upper` the upper-layer bytes inside it.
    fn ip(&self, packet: &[u8], upper: &[u8]) -> Vec<Box<dyn Decoded>> {
        let _ = packet;
        self.datagram(upper)
    }

    /// Decodes a file of raw messages (`--proto`): a byte stream for
    /// stream protocols, one datagram otherwise.
    fn raw(&self, bytes: &[u8]) -> Vec<Box<dyn Decoded>> {
        match self.stream(StreamStart::Beginning) {
            Some(mut s) => {
                let mut v = s.push(bytes);
                v.extend(s.finish());
                v
            }
            None => self.datagram(bytes),
        }
    }
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
    /// The `protocol` of this message when it differs from the dissector's
    /// name (`"mip4-agent-adv"` from the `"mip4"` dissector).
    fn protocol(&self) -> Option<&'static str> {
        None
    }

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
