//! Per-direction TCP stream reassembly and SCTP fragment reassembly.

use std::collections::BTreeMap;

/// How many out-of-order TCP bytes one direction may hold waiting for a gap
/// to fill; beyond that, early segments are dropped.
pub(crate) const MAX_PENDING_BYTES: usize = 1 << 20;
/// Segments further ahead than this are taken for stale retransmissions of
/// bytes before the capture started, and dropped.
const MAX_AHEAD: u64 = 1 << 30;
/// The largest SCTP user message we reassemble (a Diameter message's 24-bit
/// length bounds it too).
pub(crate) const MAX_SCTP_MESSAGE: usize = 1 << 24;

/// Orders the bytes of one TCP direction by sequence number.
#[derive(Debug, Default)]
pub(crate) struct TcpReorder {
    /// Sequence number of stream byte 0: after the SYN, or the first segment
    /// seen when the capture starts mid-connection.
    base: Option<u32>,
    /// Stream bytes handed on so far.
    delivered: u64,
    /// Segments after a gap, by stream offset.
    pending: BTreeMap<u64, Vec<u8>>,
    pending_bytes: usize,
}

impl TcpReorder {
    /// Takes one segment and returns the in-order bytes it releases (none for
    /// a retransmission or a segment after a gap).
    pub(crate) fn segment(&mut self, seq: u32, syn: bool, payload: &[u8]) -> Vec<u8> {
        if syn {
            // The SYN takes one sequence number; data starts after it.
            self.base = Some(seq.wrapping_add(1));
            self.delivered = 0;
            self.pending.clear();
            self.pending_bytes = 0;
            return Vec::new();
        }
        if payload.is_empty() {
            return Vec::new();
        }
        let base = *self.base.get_or_insert(seq);
        let off = u64::from(seq.wrapping_sub(base));
        let end = off + payload.len() as u64;
        let mut out = Vec::new();
        if end <= self.delivered || off > self.delivered + MAX_AHEAD {
            return out; // a retransmission
        }
        if off <= self.delivered {
            let skip = usize::try_from(self.delivered - off).unwrap_or(payload.len());
            out.extend_from_slice(payload.get(skip..).unwrap_or_default());
            self.delivered = end;
            self.drain(&mut out);
        } else if self.pending_bytes + payload.len() <= MAX_PENDING_BYTES {
            self.pending_bytes += payload.len();
            if let Some(old) = self.pending.insert(off, payload.to_vec()) {
                self.pending_bytes -= old.len();
            }
        }
        out
    }

    fn drain(&mut self, out: &mut Vec<u8>) {
        while let Some(entry) = self.pending.first_entry() {
            let off = *entry.key();
            if off > self.delivered {
                break;
            }
            let data = entry.remove();
            self.pending_bytes -= data.len();
            let end = off + data.len() as u64;
            if end > self.delivered {
                let skip = usize::try_from(self.delivered - off).unwrap_or(data.len());
                out.extend_from_slice(data.get(skip..).unwrap_or_default());
                self.delivered = end;
            }
        }
    }
}

/// Collects the fragments of one SCTP user message on one stream.
#[derive(Debug, Default)]
pub(crate) struct SctpFragments {
    buf: Vec<u8>,
    next_tsn: Option<u32>,
    ppid: u32,
}

impl SctpFragments {
    /// Takes one DATA chunk; returns the whole user message and its PPID
    /// when this chunk completes one. Out-of-sequence fragments drop the
    /// partial message.
    pub(crate) fn chunk(
        &mut self,
        tsn: u32,
        ppid: u32,
        begin: bool,
        end: bool,
        data: &[u8],
    ) -> Option<(u32, Vec<u8>)> {
        if begin {
            self.buf.clear();
            self.ppid = ppid;
        } else if self.next_tsn != Some(tsn) {
            self.buf.clear();
            self.next_tsn = None;
            return None;
        }
        if self.buf.len() + data.len() > MAX_SCTP_MESSAGE {
            self.buf.clear();
            self.next_tsn = None;
            return None;
        }
        self.buf.extend_from_slice(data);
        self.next_tsn = Some(tsn.wrapping_add(1));
        if end {
            self.next_tsn = None;
            return Some((self.ppid, std::mem::take(&mut self.buf)));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_order_retransmitted_and_out_of_order() {
        let mut r = TcpReorder::default();
        assert!(r.segment(99, true, &[]).is_empty());
        assert_eq!(r.segment(100, false, b"abc"), b"abc");
        assert!(r.segment(100, false, b"abc").is_empty()); // retransmission
        assert!(r.segment(106, false, b"gh").is_empty()); // after a gap
        assert_eq!(r.segment(102, false, b"cdef"), b"defgh"); // overlaps and fills
        assert_eq!(r.segment(u32::MAX, false, b"x"), b""); // far behind: dropped
    }

    #[test]
    fn sequence_wraps() {
        let mut r = TcpReorder::default();
        assert_eq!(r.segment(u32::MAX - 1, false, b"ab"), b"ab");
        assert_eq!(r.segment(0, false, b"cd"), b"cd");
    }

    #[test]
    fn sctp_fragments() {
        let mut f = SctpFragments::default();
        assert_eq!(f.chunk(5, 46, true, false, b"ab"), None);
        assert_eq!(
            f.chunk(6, 0, false, true, b"cd"),
            Some((46, b"abcd".to_vec()))
        );
        assert_eq!(f.chunk(7, 46, true, false, b"ab"), None);
        assert_eq!(f.chunk(9, 46, false, true, b"cd"), None); // a gap
        assert_eq!(f.chunk(1, 46, true, true, b"x"), Some((46, b"x".to_vec())));
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// However a stream is cut into segments, and in whatever order
        /// (with repeats) they arrive, the bytes come out once, in order.
        #[test]
        fn any_order_gives_the_stream(
            stream in proptest::collection::vec(any::<u8>(), 1..400),
            cuts in proptest::collection::vec(any::<u16>(), 0..12),
            order in proptest::collection::vec(any::<u16>(), 0..30),
            isn in any::<u32>(),
        ) {
            let mut bounds: Vec<usize> = cuts.iter().map(|c| usize::from(*c) % stream.len()).collect();
            bounds.push(0);
            bounds.push(stream.len());
            bounds.sort_unstable();
            bounds.dedup();
            let segs: Vec<(usize, usize)> = bounds.windows(2).map(|w| (w[0], w[1])).collect();
            let mut r = TcpReorder::default();
            prop_assert!(r.segment(isn, true, &[]).is_empty());
            let mut out = Vec::new();
            let send = |r: &mut TcpReorder, out: &mut Vec<u8>, (a, b): (usize, usize)| {
                let seq = isn.wrapping_add(1).wrapping_add(a as u32);
                out.extend(r.segment(seq, false, &stream[a..b]));
            };
            for o in &order {
                let i = usize::from(*o) % segs.len();
                send(&mut r, &mut out, segs[i]);
            }
            // Then everything in order, as a retransmitting sender would.
            for s in &segs {
                send(&mut r, &mut out, *s);
            }
            prop_assert_eq!(out, stream);
        }
    }
}
