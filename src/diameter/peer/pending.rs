//! Request bookkeeping: the pending-request table (RFC 6733 §5.5.4, §6.1.2)
//! and the duplicate-detection cache (§3, End-to-End Identifier plus
//! Origin-Host).

use alloc::collections::{BTreeMap, VecDeque};
use alloc::vec::Vec;

use crate::diameter::wire::{CommandFlags, Message};
use crate::time::Instant;

/// The caller's handle on a request sent through the peer: unique per
/// machine, never reused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RequestId(pub u64);

/// A request the peer sent and has not seen answered. Handed back to the
/// owner on failover or timeout, with the exact bytes that were sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingRequest {
    /// The handle [`super::Peer::send_request`] returned.
    pub id: RequestId,
    /// The Hop-by-Hop Identifier it was sent with on this peer.
    pub hop_by_hop: u32,
    /// Its End-to-End Identifier (unchanged end to end).
    pub end_to_end: u32,
    /// The message as sent.
    pub message: Vec<u8>,
}

impl PendingRequest {
    /// The message ready for an alternate peer: T flag set (RFC 6733 §3:
    /// "set when resending requests not yet acknowledged"). The next peer's
    /// `send_request` assigns its own Hop-by-Hop Identifier.
    #[must_use]
    pub fn into_retransmit(mut self) -> Vec<u8> {
        // The message was checked when it was sent; a failure here would
        // leave the bytes untouched, which the next send_request rejects.
        let _ = mark_retransmit(&mut self.message, self.hop_by_hop);
        self.message
    }
}

/// Prepares a request for retransmission to an alternate peer after a
/// failover, in place: sets the T flag (RFC 6733 §3) and writes a new
/// Hop-by-Hop Identifier (§6.1.2).
pub fn mark_retransmit(
    message: &mut [u8],
    hop_by_hop: u32,
) -> Result<(), crate::diameter::wire::Error> {
    let mut m = Message::new_checked(message)?;
    let flags = m.flags() | CommandFlags::RETRANSMIT;
    m.set_flags(flags);
    m.set_hop_by_hop(hop_by_hop);
    Ok(())
}

#[derive(Debug)]
struct Entry {
    id: RequestId,
    end_to_end: u32,
    deadline: Instant,
    message: Vec<u8>,
}

/// The bounded table of requests awaiting answers, keyed by Hop-by-Hop
/// Identifier, with a deadline queue.
///
/// Deadlines are `now + request_timeout` with a `now` that never goes
/// backwards (the machine clamps it), so they are non-decreasing in
/// insertion order and a FIFO queue orders them. Answered requests leave a
/// stale queue entry behind, skipped when it reaches the front; the queue
/// is compacted when stale entries outnumber live ones, so its length stays
/// below `2 × len() + 16`.
#[derive(Debug)]
pub(crate) struct PendingTable {
    by_hbh: BTreeMap<u32, Entry>,
    /// (deadline, hop-by-hop, request id) in insertion order.
    order: VecDeque<(Instant, u32, RequestId)>,
    capacity: usize,
}

impl PendingTable {
    pub(crate) fn new(capacity: usize) -> PendingTable {
        PendingTable {
            by_hbh: BTreeMap::new(),
            order: VecDeque::new(),
            capacity,
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.by_hbh.len()
    }

    pub(crate) fn is_full(&self) -> bool {
        self.by_hbh.len() >= self.capacity
    }

    pub(crate) fn contains(&self, hbh: u32) -> bool {
        self.by_hbh.contains_key(&hbh)
    }

    fn is_live(&self, hbh: u32, id: RequestId) -> bool {
        self.by_hbh.get(&hbh).is_some_and(|e| e.id == id)
    }

    /// Drops stale entries at the front; compacts when mostly stale.
    fn tidy(&mut self) {
        while let Some(&(_, hbh, id)) = self.order.front() {
            if self.is_live(hbh, id) {
                break;
            }
            self.order.pop_front();
        }
        if self.order.len() > 2 * self.by_hbh.len() + 16 {
            let by_hbh = &self.by_hbh;
            self.order
                .retain(|(_, hbh, id)| by_hbh.get(hbh).is_some_and(|e| e.id == *id));
        }
    }

    /// Inserts; the caller checked `is_full` and that `hbh` is free.
    pub(crate) fn insert(
        &mut self,
        hbh: u32,
        id: RequestId,
        end_to_end: u32,
        deadline: Instant,
        message: Vec<u8>,
    ) {
        self.order.push_back((deadline, hbh, id));
        self.by_hbh.insert(
            hbh,
            Entry {
                id,
                end_to_end,
                deadline,
                message,
            },
        );
    }

    /// Removes the request an answer with `hbh` belongs to.
    pub(crate) fn take(&mut self, hbh: u32) -> Option<PendingRequest> {
        let e = self.by_hbh.remove(&hbh)?;
        self.tidy();
        Some(PendingRequest {
            id: e.id,
            hop_by_hop: hbh,
            end_to_end: e.end_to_end,
            message: e.message,
        })
    }

    /// The earliest deadline.
    pub(crate) fn next_deadline(&self) -> Option<Instant> {
        // `tidy` keeps the front live; the min over live entries is then
        // the front's (deadlines are non-decreasing in the queue).
        self.order
            .iter()
            .find(|(_, hbh, id)| self.is_live(*hbh, *id))
            .map(|(t, _, _)| *t)
    }

    /// Removes and returns one request whose deadline is at or before `now`.
    pub(crate) fn pop_expired(&mut self, now: Instant) -> Option<PendingRequest> {
        self.tidy();
        let &(t, hbh, _) = self.order.front()?;
        if t > now {
            return None;
        }
        let e = self.by_hbh.get(&hbh)?;
        debug_assert!(e.deadline == t);
        self.take(hbh)
    }

    /// Empties the table (failover), oldest request first.
    pub(crate) fn drain(&mut self) -> Vec<PendingRequest> {
        let order = core::mem::take(&mut self.order);
        let mut out = Vec::with_capacity(self.by_hbh.len());
        for (_, hbh, id) in order {
            if self.is_live(hbh, id) {
                if let Some(e) = self.by_hbh.remove(&hbh) {
                    out.push(PendingRequest {
                        id: e.id,
                        hop_by_hop: hbh,
                        end_to_end: e.end_to_end,
                        message: e.message,
                    });
                }
            }
        }
        // Anything not reached through the queue (cannot happen) still
        // goes back: nothing is lost.
        let rest = core::mem::take(&mut self.by_hbh);
        out.extend(rest.into_iter().map(|(hbh, e)| PendingRequest {
            id: e.id,
            hop_by_hop: hbh,
            end_to_end: e.end_to_end,
            message: e.message,
        }));
        out
    }
}

/// What the duplicate cache says about a received request.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Seen<'a> {
    /// First time: deliver it.
    New,
    /// A duplicate already answered: re-send this answer.
    Answered(&'a [u8]),
    /// A duplicate whose original is still being processed: drop it.
    InProgress,
}

#[derive(Debug)]
struct DupEntry {
    host: Vec<u8>,
    /// The Hop-by-Hop Identifier of the original, to attach the answer.
    hop_by_hop: u32,
    answer: Option<Vec<u8>>,
    expires: Instant,
}

/// FNV-1a over the ASCII-lowercased identity.
fn host_hash(host: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in host {
        h ^= u64::from(b.to_ascii_lowercase());
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Received requests by (End-to-End Identifier, Origin-Host), with the
/// answer once it is sent, bounded in size and age.
#[derive(Debug)]
pub(crate) struct DuplicateCache {
    entries: BTreeMap<(u32, u64), DupEntry>,
    order: VecDeque<(Instant, (u32, u64))>,
    capacity: usize,
}

impl DuplicateCache {
    pub(crate) fn new(capacity: usize) -> DuplicateCache {
        DuplicateCache {
            entries: BTreeMap::new(),
            order: VecDeque::new(),
            capacity,
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// Drops expired entries.
    pub(crate) fn prune(&mut self, now: Instant) {
        while let Some(&(t, key)) = self.order.front() {
            if t > now {
                break;
            }
            self.order.pop_front();
            if self.entries.get(&key).is_some_and(|e| e.expires <= now) {
                self.entries.remove(&key);
            }
        }
    }

    /// Looks a request up and, when new, remembers it as in progress.
    pub(crate) fn check(
        &mut self,
        now: Instant,
        ttl: core::time::Duration,
        end_to_end: u32,
        hop_by_hop: u32,
        host: &[u8],
    ) -> Seen<'_> {
        if self.capacity == 0 {
            return Seen::New;
        }
        self.prune(now);
        let key = (end_to_end, host_hash(host));
        let hit = self
            .entries
            .get(&key)
            .is_some_and(|e| e.host.eq_ignore_ascii_case(host));
        if hit {
            return match self.entries.get(&key).and_then(|e| e.answer.as_deref()) {
                Some(a) => Seen::Answered(a),
                None => Seen::InProgress,
            };
        }
        while self.entries.len() >= self.capacity {
            match self.order.pop_front() {
                Some((_, old)) => {
                    self.entries.remove(&old);
                }
                None => break,
            }
        }
        let expires = now + ttl;
        self.entries.insert(
            key,
            DupEntry {
                host: host.to_vec(),
                hop_by_hop,
                answer: None,
                expires,
            },
        );
        self.order.push_back((expires, key));
        Seen::New
    }

    /// Records the answer sent for the request with these identifiers
    /// (answers keep both, RFC 6733 §3).
    pub(crate) fn answered(&mut self, end_to_end: u32, hop_by_hop: u32, answer: &[u8]) {
        if let Some(e) = self
            .entries
            .range_mut((end_to_end, 0)..=(end_to_end, u64::MAX))
            .map(|(_, e)| e)
            .find(|e| e.answer.is_none() && e.hop_by_hop == hop_by_hop)
        {
            e.answer = Some(answer.to_vec());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::time::Duration;

    #[test]
    fn duplicate_cache_bounded_and_expiring() {
        let ttl = Duration::from_secs(10);
        let mut c = DuplicateCache::new(2);
        let t0 = Instant::ZERO;
        assert_eq!(c.check(t0, ttl, 1, 100, b"a.example"), Seen::New);
        assert_eq!(c.check(t0, ttl, 1, 101, b"A.EXAMPLE"), Seen::InProgress);
        c.answered(1, 100, b"ans");
        assert_eq!(
            c.check(t0, ttl, 1, 102, b"a.example"),
            Seen::Answered(b"ans")
        );
        assert_eq!(c.check(t0, ttl, 1, 103, b"b.example"), Seen::New);
        assert_eq!(c.check(t0, ttl, 2, 104, b"a.example"), Seen::New);
        assert_eq!(c.len(), 2);
        // The oldest entry (1, a.example) was evicted.
        assert_eq!(c.check(t0, ttl, 1, 105, b"a.example"), Seen::New);
        // Expiry.
        let later = t0 + Duration::from_secs(11);
        c.prune(later);
        assert_eq!(c.len(), 0);
    }

    #[test]
    fn pending_table_orders_deadlines() {
        let mut p = PendingTable::new(3);
        p.insert(7, RequestId(1), 70, Instant::from_secs(3), alloc::vec![1]);
        p.insert(8, RequestId(2), 80, Instant::from_secs(5), alloc::vec![2]);
        assert_eq!(p.next_deadline(), Some(Instant::from_secs(3)));
        assert!(p.pop_expired(Instant::from_secs(2)).is_none());
        assert_eq!(
            p.pop_expired(Instant::from_secs(3)).map(|r| r.id),
            Some(RequestId(1))
        );
        assert_eq!(p.take(8).map(|r| r.end_to_end), Some(80));
        assert_eq!(p.len(), 0);
        assert_eq!(p.next_deadline(), None);
    }

    #[test]
    fn pending_queue_skips_answered_and_stays_compact() {
        let mut p = PendingTable::new(100);
        // One long-lived request, then many answered ones behind it.
        p.insert(1, RequestId(0), 0, Instant::from_secs(1), alloc::vec![]);
        for i in 1..1000u32 {
            p.insert(
                1 + i,
                RequestId(u64::from(i)),
                i,
                Instant::from_secs(2),
                alloc::vec![],
            );
            assert!(p.take(1 + i).is_some());
        }
        assert!(p.order.len() <= 2 * p.len() + 17, "queue {}", p.order.len());
        // A re-used Hop-by-Hop with a new request id is not confused with
        // the stale entry of the old one.
        p.insert(5, RequestId(5000), 0, Instant::from_secs(3), alloc::vec![]);
        assert_eq!(p.next_deadline(), Some(Instant::from_secs(1)));
        assert_eq!(
            p.pop_expired(Instant::from_secs(2)).map(|r| r.id),
            Some(RequestId(0))
        );
        assert_eq!(p.next_deadline(), Some(Instant::from_secs(3)));
        let all = p.drain();
        assert_eq!(all.len(), 1);
        assert_eq!(p.len(), 0);
    }
}
