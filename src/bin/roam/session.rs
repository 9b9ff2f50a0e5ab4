//! Drives the frames of one capture through the network parsers, the TCP
//! and SCTP reassembly, and the protocol dissectors.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::net::IpAddr;

use crate::capture::Frame;
use crate::net::{self, DataChunk, L4};
use crate::output::{Origin, Output};
use crate::proto::{Carrier, Dissector, Stream, StreamStart};
use crate::reassembly::{SctpFragments, TcpReorder};

/// One direction of a transport conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct FlowKey {
    src: IpAddr,
    src_port: u16,
    dst: IpAddr,
    dst_port: u16,
}

impl FlowKey {
    fn endpoints(&self) -> String {
        format!(
            "{} → {}",
            endpoint(self.src, self.src_port),
            endpoint(self.dst, self.dst_port)
        )
    }
}

fn endpoint(ip: IpAddr, port: u16) -> String {
    match ip {
        IpAddr::V4(a) => format!("{a}:{port}"),
        IpAddr::V6(a) => format!("[{a}]:{port}"),
    }
}

/// A TCP direction some dissector claimed.
struct TcpFlow<'d> {
    reorder: TcpReorder,
    stream: Box<dyn Stream + 'd>,
    protocol: &'static str,
    /// The last frame that brought bytes, for a message left incomplete.
    last_frame: u64,
}

/// The state of one capture being decoded.
pub(crate) struct Session<'d> {
    dissectors: &'d [Box<dyn Dissector>],
    /// `None` marks a direction no dissector wants.
    tcp: BTreeMap<FlowKey, Option<TcpFlow<'d>>>,
    sctp: BTreeMap<(FlowKey, u16), SctpFragments>,
}

impl<'d> Session<'d> {
    pub(crate) fn new(dissectors: &'d [Box<dyn Dissector>]) -> Session<'d> {
        Session {
            dissectors,
            tcp: BTreeMap::new(),
            sctp: BTreeMap::new(),
        }
    }

    /// Decodes one frame, printing the messages it completes.
    pub(crate) fn frame<W: Write>(
        &mut self,
        frame: Frame<'_>,
        out: &mut Output<W>,
    ) -> io::Result<()> {
        let Some(packet) = net::parse(frame.linktype, frame.data) else {
            return Ok(());
        };
        let key = |src_port, dst_port| FlowKey {
            src: packet.src,
            src_port,
            dst: packet.dst,
            dst_port,
        };
        match packet.l4 {
            L4::Tcp {
                src_port,
                dst_port,
                seq,
                syn,
                payload,
            } => self.tcp(
                frame.number,
                key(src_port, dst_port),
                seq,
                syn,
                payload,
                out,
            ),
            L4::Udp {
                src_port,
                dst_port,
                payload,
            } => {
                let k = key(src_port, dst_port);
                self.datagram(
                    frame.number,
                    &k,
                    Carrier::Udp { src_port, dst_port },
                    payload,
                    out,
                )
            }
            L4::Sctp {
                src_port,
                dst_port,
                ref chunks,
            } => self.sctp(frame.number, key(src_port, dst_port), chunks, out),
            L4::Other {
                next_header,
                payload,
            } => self.ip(frame.number, &packet, next_header, payload, out),
        }
    }

    fn tcp<W: Write>(
        &mut self,
        number: u64,
        key: FlowKey,
        seq: u32,
        syn: bool,
        payload: &[u8],
        out: &mut Output<W>,
    ) -> io::Result<()> {
        let dissectors = self.dissectors;
        let flow = self.tcp.entry(key).or_insert_with(|| {
            let carrier = Carrier::Tcp {
                src_port: key.src_port,
                dst_port: key.dst_port,
            };
            let start = if syn {
                StreamStart::Beginning
            } else {
                StreamStart::MidStream
            };
            dissectors
                .iter()
                .filter(|d| d.claims(&carrier))
                .find_map(|d| {
                    Some(TcpFlow {
                        reorder: TcpReorder::default(),
                        stream: d.stream(start)?,
                        protocol: d.name(),
                        last_frame: number,
                    })
                })
        });
        let Some(flow) = flow else {
            return Ok(());
        };
        let bytes = flow.reorder.segment(seq, syn, payload);
        if bytes.is_empty() {
            return Ok(());
        }
        flow.last_frame = number;
        let endpoints = key.endpoints();
        for m in flow.stream.push(&bytes) {
            let origin = Origin {
                frame: number,
                endpoints: Some(&endpoints),
            };
            out.message(origin, flow.protocol, m.as_ref())?;
        }
        Ok(())
    }

    fn sctp<W: Write>(
        &mut self,
        number: u64,
        key: FlowKey,
        chunks: &[DataChunk<'_>],
        out: &mut Output<W>,
    ) -> io::Result<()> {
        for c in chunks {
            let frags = self.sctp.entry((key, c.stream_id)).or_default();
            if let Some((ppid, message)) = frags.chunk(c.tsn, c.ppid, c.begin, c.end, c.data) {
                let carrier = Carrier::Sctp {
                    src_port: key.src_port,
                    dst_port: key.dst_port,
                    ppid,
                };
                self.datagram(number, &key, carrier, &message, out)?;
            }
        }
        Ok(())
    }

    fn datagram<W: Write>(
        &self,
        number: u64,
        key: &FlowKey,
        carrier: Carrier,
        payload: &[u8],
        out: &mut Output<W>,
    ) -> io::Result<()> {
        let Some(d) = self.dissectors.iter().find(|d| d.claims(&carrier)) else {
            return Ok(());
        };
        let endpoints = key.endpoints();
        for m in d.datagram(payload) {
            let origin = Origin {
                frame: number,
                endpoints: Some(&endpoints),
            };
            out.message(origin, d.name(), m.as_ref())?;
        }
        Ok(())
    }

    /// An IP protocol's payload: the dissector sees the whole packet.
    fn ip<W: Write>(
        &self,
        number: u64,
        packet: &net::Packet<'_>,
        next_header: u8,
        payload: &[u8],
        out: &mut Output<W>,
    ) -> io::Result<()> {
        let carrier = Carrier::Ip { next_header };
        let Some(d) = self.dissectors.iter().find(|d| d.claims(&carrier)) else {
            return Ok(());
        };
        let endpoints = format!("{} → {}", packet.src, packet.dst);
        for m in d.ip(packet.ip, payload) {
            let origin = Origin {
                frame: number,
                endpoints: Some(&endpoints),
            };
            out.message(origin, d.name(), m.as_ref())?;
        }
        Ok(())
    }

    /// The capture has ended: reports messages left incomplete in streams.
    pub(crate) fn finish<W: Write>(&mut self, out: &mut Output<W>) -> io::Result<()> {
        for (key, flow) in &mut self.tcp {
            let Some(flow) = flow else { continue };
            if let Some(m) = flow.stream.finish() {
                let endpoints = key.endpoints();
                let origin = Origin {
                    frame: flow.last_frame,
                    endpoints: Some(&endpoints),
                };
                out.message(origin, flow.protocol, m.as_ref())?;
            }
        }
        Ok(())
    }
}
