//! Relaying and proxying (RFC 6733 §6.1.9, §6.2.2, §6.7): the forwarded
//! request, the Hop-by-Hop mapping that sends the answer back, and the
//! failover helper.
//!
//! §6.1.9: "A relay or proxy agent MUST append a Route-Record AVP to all
//! requests forwarded", and the Hop-by-Hop Identifier is replaced with one
//! "locally unique" to the agent, "saving the received value" so that
//! (§6.2.2) "the agent MUST restore the original value of the Diameter
//! header's Hop-by-Hop Identifier field" in the answer. Everything else is
//! forwarded byte for byte, in particular unknown AVPs without the M bit
//! (§4.1), vendor AVPs and any Proxy-Info a previous proxy added.

use alloc::collections::{BTreeMap, VecDeque};
use alloc::vec::Vec;
use core::time::Duration;

use crate::diameter::answer::Identity;
use crate::diameter::peer::{PendingRequest, RequestId};
use crate::diameter::wire::{
    padded, AvpCode, AvpFlags, Error as WireError, Message, AVP_HEADER_LEN, MAX_MESSAGE_LEN,
};
use crate::time::Instant;
use crate::wire::{BufferTooSmall, Writer};

/// Default bound on relayed requests awaiting answers.
pub const DEFAULT_RELAY_CAPACITY: usize = 4096;
/// Default time a relayed request's mapping is kept without an answer.
pub const DEFAULT_RELAY_LIFETIME: Duration = Duration::from_secs(30);

/// Why a request could not be forwarded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RelayError {
    /// The request is malformed.
    #[error(transparent)]
    Malformed(#[from] WireError),
    /// Not a request.
    #[error("not a request")]
    NotARequest,
    /// The forwarded message would exceed the 24-bit length.
    #[error("forwarded message too long")]
    TooLong,
    /// The caller's buffer is too small; `required` is exact.
    #[error(transparent)]
    BufferTooSmall(#[from] BufferTooSmall),
    /// The mapping table holds `capacity` requests already.
    #[error("relay table full ({capacity} requests)")]
    Full {
        /// The capacity.
        capacity: usize,
    },
}

/// Size of the forwarded form of `request` (a whole checked message).
#[must_use]
pub fn forwarded_len(request: &[u8], me: &Identity<'_>) -> usize {
    request.len() + padded(AVP_HEADER_LEN + me.origin_host.len())
}

/// Writes the forwarded form of `request` into `buf`: the original bytes
/// with the Message Length updated, the Hop-by-Hop Identifier set to
/// `hop_by_hop`, and a Route-Record AVP (M set, §4.5) holding our
/// Origin-Host appended at the end. No other byte changes.
pub fn emit_forward(
    request: &[u8],
    me: &Identity<'_>,
    hop_by_hop: u32,
    buf: &mut [u8],
) -> Result<usize, RelayError> {
    let m = Message::new_checked(request)?;
    if !m.flags().is_request() {
        return Err(RelayError::NotARequest);
    }
    let orig = m.as_bytes();
    let host = me.origin_host.as_bytes();
    let total = orig.len() + padded(AVP_HEADER_LEN + host.len());
    if total > MAX_MESSAGE_LEN {
        return Err(RelayError::TooLong);
    }
    let mut w = Writer::new(buf);
    w.bytes(orig);
    w.u32(AvpCode::ROUTE_RECORD.0);
    w.u8(AvpFlags::MANDATORY.bits());
    w.u24((AVP_HEADER_LEN + host.len()) as u32);
    w.bytes(host);
    w.zeros(padded(host.len()) - host.len());
    let n = w.finish()?;
    // n == total and buf holds it: patch the header in place.
    if let Some(out) = buf.get_mut(..n) {
        out[1..4].copy_from_slice(&(n as u32).to_be_bytes()[1..]);
        Message::new_unchecked(out).set_hop_by_hop(hop_by_hop);
    }
    Ok(n)
}

/// [`emit_forward`] into a new vector.
pub fn forward(request: &[u8], me: &Identity<'_>, hop_by_hop: u32) -> Result<Vec<u8>, RelayError> {
    let m = Message::new_checked(request)?;
    let mut v = alloc::vec![0u8; forwarded_len(m.as_bytes(), me)];
    let n = emit_forward(request, me, hop_by_hop, &mut v)?;
    v.truncate(n);
    Ok(v)
}

/// Where a relayed request came from: what the answer needs to go back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnPath {
    /// The DiameterIdentity of the peer the request came from.
    pub from_peer: Vec<u8>,
    /// The Hop-by-Hop Identifier it carried.
    pub hop_by_hop: u32,
    /// Its End-to-End Identifier.
    pub end_to_end: u32,
}

#[derive(Debug)]
struct Entry {
    path: ReturnPath,
    deadline: Instant,
}

/// Counters of a [`Relay`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RelayStats {
    /// Requests forwarded.
    pub forwarded: u64,
    /// Answers matched and sent back.
    pub answered: u64,
    /// Answers with no mapping (late, unknown), discarded.
    pub unknown_answers: u64,
    /// Mappings dropped unanswered after their lifetime.
    pub expired: u64,
    /// Requests refused because the table was full.
    pub refused: u64,
}

/// The relay: forwards requests with fresh Hop-by-Hop Identifiers and
/// keeps the bounded, expiring table that maps each back to where it came
/// from.
///
/// Mappings are keyed by the Hop-by-Hop Identifier the forwarded request
/// carries ([`Relay::forward`]). When the next hop is a
/// [`crate::diameter::peer::Peer`], which assigns its own Hop-by-Hop on
/// `send_request`, key by its [`RequestId`] instead with
/// [`Relay::insert`] / [`Relay::take`].
#[derive(Debug)]
pub struct Relay {
    entries: BTreeMap<u64, Entry>,
    order: VecDeque<(Instant, u64)>,
    capacity: usize,
    lifetime: Duration,
    next_hop_by_hop: u32,
    stats: RelayStats,
}

impl Relay {
    /// A relay holding at most `capacity` mappings for `lifetime` each;
    /// `first_hop_by_hop` seeds the identifiers (RFC 6733 §3 suggests a
    /// random start).
    #[must_use]
    pub fn new(capacity: usize, lifetime: Duration, first_hop_by_hop: u32) -> Relay {
        Relay {
            entries: BTreeMap::new(),
            order: VecDeque::new(),
            capacity,
            lifetime,
            next_hop_by_hop: first_hop_by_hop,
            stats: RelayStats::default(),
        }
    }

    /// Mappings held.
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// No mapping held.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Counters.
    #[must_use]
    pub fn stats(&self) -> RelayStats {
        self.stats
    }

    /// The earliest mapping deadline.
    #[must_use]
    pub fn poll_timeout(&self) -> Option<Instant> {
        self.order.front().map(|(t, _)| *t)
    }

    /// Records a mapping under `key`. Fails when full (after expiring).
    pub fn insert(&mut self, now: Instant, key: u64, path: ReturnPath) -> Result<(), RelayError> {
        self.expire(now);
        if self.entries.len() >= self.capacity && !self.entries.contains_key(&key) {
            self.stats.refused += 1;
            return Err(RelayError::Full {
                capacity: self.capacity,
            });
        }
        let deadline = now.saturating_add(self.lifetime);
        self.entries.insert(key, Entry { path, deadline });
        self.order.push_back((deadline, key));
        Ok(())
    }

    /// Removes and returns the mapping under `key`.
    pub fn take(&mut self, key: u64) -> Option<ReturnPath> {
        self.entries.remove(&key).map(|e| e.path)
    }

    /// Drops mappings past their deadline; returns how many.
    pub fn expire(&mut self, now: Instant) -> usize {
        let mut n = 0;
        while let Some(&(t, key)) = self.order.front() {
            if t > now {
                break;
            }
            self.order.pop_front();
            // A key re-inserted later has a later deadline: keep it.
            if self.entries.get(&key).is_some_and(|e| e.deadline <= now) {
                self.entries.remove(&key);
                self.stats.expired += 1;
                n += 1;
            }
        }
        // Drop stale queue entries of answered requests when the queue
        // grows past twice the capacity.
        if self.order.len() > self.capacity.saturating_mul(2) {
            let entries = &self.entries;
            self.order
                .retain(|(t, k)| entries.get(k).is_some_and(|e| e.deadline == *t));
        }
        n
    }

    fn fresh_hop_by_hop(&mut self) -> u32 {
        // Skip identifiers still mapped (wrap-around after 2^32 requests).
        loop {
            let id = self.next_hop_by_hop;
            self.next_hop_by_hop = self.next_hop_by_hop.wrapping_add(1);
            if !self.entries.contains_key(&u64::from(id)) {
                return id;
            }
        }
    }

    /// Forwards `request`, received from `from_peer`: a fresh Hop-by-Hop
    /// Identifier, Route-Record appended ([`forward`]), and the mapping
    /// recorded under that identifier.
    pub fn forward(
        &mut self,
        now: Instant,
        from_peer: &[u8],
        request: &[u8],
        me: &Identity<'_>,
    ) -> Result<Vec<u8>, RelayError> {
        let m = Message::new_checked(request)?;
        if !m.flags().is_request() {
            return Err(RelayError::NotARequest);
        }
        self.expire(now);
        if self.entries.len() >= self.capacity {
            self.stats.refused += 1;
            return Err(RelayError::Full {
                capacity: self.capacity,
            });
        }
        let hbh = self.fresh_hop_by_hop();
        let out = forward(request, me, hbh)?;
        let path = ReturnPath {
            from_peer: from_peer.to_vec(),
            hop_by_hop: m.hop_by_hop(),
            end_to_end: m.end_to_end(),
        };
        self.insert(now, u64::from(hbh), path)?;
        self.stats.forwarded += 1;
        Ok(out)
    }

    /// Processes an answer from the next hop (RFC 6733 §6.2.2): finds the
    /// mapping by its Hop-by-Hop Identifier, restores the original
    /// identifier in place, and returns where to send it. `None` (the
    /// answer is discarded) when the buffer is not an answer or no
    /// mapping matches.
    pub fn answer(&mut self, answer: &mut [u8]) -> Option<ReturnPath> {
        let key = match Message::new_checked(&answer[..]) {
            Ok(m) if !m.flags().is_request() => u64::from(m.hop_by_hop()),
            _ => {
                self.stats.unknown_answers += 1;
                return None;
            }
        };
        self.restore(key, answer)
    }

    /// Like [`Relay::answer`] for a mapping recorded under a caller key
    /// (e.g. a [`RequestId`]): restores the original Hop-by-Hop in place.
    pub fn answer_for(&mut self, id: RequestId, answer: &mut [u8]) -> Option<ReturnPath> {
        self.restore(id.0, answer)
    }

    fn restore(&mut self, key: u64, answer: &mut [u8]) -> Option<ReturnPath> {
        let Ok(mut m) = Message::new_checked(answer) else {
            self.stats.unknown_answers += 1;
            return None;
        };
        let Some(path) = self.take(key) else {
            self.stats.unknown_answers += 1;
            return None;
        };
        m.set_hop_by_hop(path.hop_by_hop);
        self.stats.answered += 1;
        Some(path)
    }
}

impl Default for Relay {
    fn default() -> Self {
        Relay::new(DEFAULT_RELAY_CAPACITY, DEFAULT_RELAY_LIFETIME, 1)
    }
}

/// The outcome of [`reroute_failed_over`]: every request is in exactly one
/// of the two lists.
#[derive(Debug, Default)]
pub struct Rerouted<E> {
    /// Re-sent: the original handle and what `send` returned.
    pub sent: Vec<(RequestId, RequestId)>,
    /// Not re-sent: the original handle, the message (T set) and why.
    pub unsent: Vec<(RequestId, Vec<u8>, E)>,
}

/// Failover (RFC 6733 §5.5.4): re-sends the requests of a peer's
/// `Event::FailedOver`, oldest first, each with the T flag set
/// ([`PendingRequest::into_retransmit`]), through `send` (which picks an
/// alternate peer, e.g. with [`super::route_request`] excluding the failed
/// one, and calls its `send_request`). None is lost: a request `send`
/// refuses comes back in [`Rerouted::unsent`] for the caller to answer
/// (e.g. 3002) or retry.
pub fn reroute_failed_over<E>(
    requests: Vec<PendingRequest>,
    mut send: impl FnMut(&[u8]) -> Result<RequestId, E>,
) -> Rerouted<E> {
    let mut out = Rerouted {
        sent: Vec::with_capacity(requests.len()),
        unsent: Vec::new(),
    };
    for r in requests {
        let id = r.id;
        let bytes = r.into_retransmit();
        match send(&bytes) {
            Ok(new) => out.sent.push((id, new)),
            Err(e) => out.unsent.push((id, bytes, e)),
        }
    }
    out
}
