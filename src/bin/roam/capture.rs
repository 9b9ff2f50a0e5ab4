//! Reading pcap and pcapng files (through `pcap-file`).

use pcap_file::pcap::PcapParser;
use pcap_file::pcapng::{Block, PcapNgParser};
use pcap_file::PcapError;

/// What a file holds, by its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// libpcap, any byte order, micro- or nanosecond timestamps.
    Pcap,
    /// pcapng (starts with a Section Header Block).
    PcapNg,
    /// Anything else: raw protocol bytes.
    Raw,
}

const PCAP_MAGICS: [[u8; 4]; 4] = [
    [0xa1, 0xb2, 0xc3, 0xd4],
    [0xd4, 0xc3, 0xb2, 0xa1],
    [0xa1, 0xb2, 0x3c, 0x4d],
    [0x4d, 0x3c, 0xb2, 0xa1],
];
const PCAPNG_MAGIC: [u8; 4] = [0x0a, 0x0d, 0x0d, 0x0a];

/// Tells a capture from raw bytes.
pub(crate) fn detect(bytes: &[u8]) -> Format {
    match bytes.get(..4) {
        Some(m) if PCAP_MAGICS.iter().any(|p| p == m) => Format::Pcap,
        Some(m) if m == PCAPNG_MAGIC => Format::PcapNg,
        _ => Format::Raw,
    }
}

/// One captured frame.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Frame<'a> {
    /// 1-based, counting packet records only (as tshark does).
    pub(crate) number: u64,
    /// The tcpdump.org link type of the interface.
    pub(crate) linktype: u32,
    pub(crate) data: &'a [u8],
}

/// Calls `f` for every frame of a pcap or pcapng file. A damaged file stops
/// with an error after the frames before the damage.
pub(crate) fn for_each_frame(
    bytes: &[u8],
    format: Format,
    mut f: impl FnMut(Frame<'_>),
) -> Result<(), String> {
    match format {
        Format::Pcap => pcap(bytes, &mut f),
        Format::PcapNg => pcapng(bytes, &mut f),
        Format::Raw => Err("not a pcap or pcapng capture".to_owned()),
    }
}

fn pcap(bytes: &[u8], f: &mut impl FnMut(Frame<'_>)) -> Result<(), String> {
    let (mut rest, parser) = PcapParser::new(bytes).map_err(|e| describe(&e, 0))?;
    let linktype = u32::from(parser.header().datalink);
    let mut number = 0;
    while !rest.is_empty() {
        let (next, packet) = parser.next_packet(rest).map_err(|e| describe(&e, number))?;
        number += 1;
        f(Frame {
            number,
            linktype,
            data: &packet.data,
        });
        rest = next;
    }
    Ok(())
}

fn pcapng(bytes: &[u8], f: &mut impl FnMut(Frame<'_>)) -> Result<(), String> {
    let (mut rest, mut parser) = PcapNgParser::new(bytes).map_err(|e| describe(&e, 0))?;
    let mut number = 0;
    while !rest.is_empty() {
        let (next, block) = parser.next_block(rest).map_err(|e| describe(&e, number))?;
        rest = next;
        let (interface, data) = match &block {
            Block::EnhancedPacket(b) => (b.interface_id, &b.data),
            Block::SimplePacket(b) => (0, &b.data),
            Block::Packet(b) => (u32::from(b.interface_id), &b.data),
            _ => continue,
        };
        number += 1;
        let idb = usize::try_from(interface)
            .ok()
            .and_then(|i| parser.interfaces().get(i));
        let Some(idb) = idb else {
            return Err(format!(
                "frame {number} names interface {interface}, which the file does not describe"
            ));
        };
        f(Frame {
            number,
            linktype: u32::from(idb.linktype),
            data,
        });
    }
    Ok(())
}

fn describe(e: &PcapError, after: u64) -> String {
    match e {
        PcapError::IncompleteBuffer => format!("capture truncated after frame {after}"),
        other => format!("damaged capture after frame {after}: {other}"),
    }
}
