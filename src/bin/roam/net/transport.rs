//! TCP (RFC 9293), UDP (RFC 768) and SCTP (RFC 9260) headers.

use roam::wire::{be_u16, be_u32};

use super::L4;

const TCP: u8 = 6;
const UDP: u8 = 17;
const SCTP: u8 = 132;

const TCP_MIN_HEADER: usize = 20;
const TCP_SYN: u8 = 0x02;
const UDP_HEADER: usize = 8;
const SCTP_COMMON_HEADER: usize = 12;
const SCTP_CHUNK_HEADER: usize = 4;
/// DATA chunk (RFC 9260 §3.3.1): header, TSN, stream id, stream sequence
/// number, payload protocol identifier.
const SCTP_DATA: u8 = 0;
const SCTP_DATA_HEADER: usize = 16;
const SCTP_FLAG_BEGIN: u8 = 0x02;
const SCTP_FLAG_END: u8 = 0x01;
/// How many chunks of one SCTP packet we look at.
const MAX_SCTP_CHUNKS: usize = 256;

/// One SCTP DATA chunk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DataChunk<'a> {
    pub(crate) tsn: u32,
    pub(crate) stream_id: u16,
    pub(crate) ppid: u32,
    pub(crate) begin: bool,
    pub(crate) end: bool,
    pub(crate) data: &'a [u8],
}

/// Parses the transport header for IP protocol `protocol`.
pub(super) fn parse(protocol: u8, b: &[u8]) -> Option<L4<'_>> {
    match protocol {
        TCP => {
            let offset = usize::from(b.get(12)? >> 4) * 4;
            if offset < TCP_MIN_HEADER {
                return None;
            }
            Some(L4::Tcp {
                src_port: be_u16(b, 0)?,
                dst_port: be_u16(b, 2)?,
                seq: be_u32(b, 4)?,
                syn: b.get(13)? & TCP_SYN != 0,
                payload: b.get(offset..)?,
            })
        }
        UDP => {
            let len = usize::from(be_u16(b, 4)?);
            let end = if len < UDP_HEADER {
                b.len()
            } else {
                len.min(b.len())
            };
            Some(L4::Udp {
                src_port: be_u16(b, 0)?,
                dst_port: be_u16(b, 2)?,
                payload: b.get(UDP_HEADER..end)?,
            })
        }
        SCTP => Some(L4::Sctp {
            src_port: be_u16(b, 0)?,
            dst_port: be_u16(b, 2)?,
            chunks: sctp_data_chunks(b.get(SCTP_COMMON_HEADER..)?),
        }),
        other => Some(L4::Other {
            next_header: other,
            payload: b,
        }),
    }
}

/// The DATA chunks of an SCTP packet; stops at the first malformed chunk.
fn sctp_data_chunks(mut rest: &[u8]) -> Vec<DataChunk<'_>> {
    let mut out = Vec::new();
    for _ in 0..MAX_SCTP_CHUNKS {
        let (Some(&ty), Some(&flags), Some(len)) = (rest.first(), rest.get(1), be_u16(rest, 2))
        else {
            break;
        };
        let len = usize::from(len);
        let Some(chunk) = rest.get(..len).filter(|_| len >= SCTP_CHUNK_HEADER) else {
            break;
        };
        if ty == SCTP_DATA && len >= SCTP_DATA_HEADER {
            if let (Some(tsn), Some(stream_id), Some(ppid)) =
                (be_u32(chunk, 4), be_u16(chunk, 8), be_u32(chunk, 12))
            {
                out.push(DataChunk {
                    tsn,
                    stream_id,
                    ppid,
                    begin: flags & SCTP_FLAG_BEGIN != 0,
                    end: flags & SCTP_FLAG_END != 0,
                    data: chunk.get(SCTP_DATA_HEADER..).unwrap_or_default(),
                });
            }
        }
        // Chunks are padded to 4 bytes; the last one's padding may be absent.
        let step = roam::diameter::wire::padded(len).min(rest.len());
        rest = rest.get(step..).unwrap_or_default();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sctp_chunks() {
        let mut p = vec![0x9c, 0x40, 0x0f, 0x1c, 0, 0, 0, 1, 0, 0, 0, 0]; // 40000 → 3868
        p.extend_from_slice(&[3, 0, 0, 16, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]); // SACK (skipped)
        p.extend_from_slice(&[0, 3, 0, 19, 0, 0, 0, 7, 0, 1, 0, 0, 0, 0, 0, 46, 1, 2, 3, 0]); // DATA B|E
        p.extend_from_slice(&[0, 0, 0, 2]); // chunk length 2 < 4: stop
        let Some(L4::Sctp {
            chunks, dst_port, ..
        }) = parse(SCTP, &p)
        else {
            panic!("not SCTP");
        };
        assert_eq!(dst_port, 3868);
        assert_eq!(
            chunks,
            vec![DataChunk {
                tsn: 7,
                stream_id: 1,
                ppid: 46,
                begin: true,
                end: true,
                data: &[1, 2, 3]
            }]
        );
    }
}
