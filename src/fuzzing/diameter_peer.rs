//! Fuzz body for the Diameter peer machine: arbitrary sequences of transport
//! events, messages (well-formed ones built from the fuzzer's choices, and
//! raw fuzzer bytes), commands and clock jumps, with the machine's
//! invariants checked after every step.
//!
//! The operations are decoded from the raw input by hand (one opcode byte,
//! then its operands), so the body needs no `arbitrary` feature and runs in
//! the stable-toolchain corpus replay.
//!
//! Invariants:
//! * no panic;
//! * never more than one connection once the election is over (in Closed,
//!   I-Open, R-Open and Closing);
//! * every request the machine accepted ends exactly once as answered,
//!   failed over or timed out, or is still pending;
//! * `poll_timeout` is never before the latest `now` the machine saw.

use alloc::collections::BTreeSet;
use alloc::vec::Vec;
use core::time::Duration;

use crate::diameter::peer::encode::{self, Header};
use crate::diameter::peer::{
    Config, ConnId, DisconnectCause, Event, Input, Peer, RequestId, State,
};
use crate::diameter::wire::{ApplicationId, CommandCode, CommandFlags, Message, ResultCode};
use crate::machine::Machine;
use crate::time::Instant;

/// At most this many operations per input (keeps every run short).
const MAX_OPS: usize = 256;

struct Bytes<'a> {
    data: &'a [u8],
}

impl<'a> Bytes<'a> {
    fn byte(&mut self) -> Option<u8> {
        let (b, rest) = self.data.split_first()?;
        self.data = rest;
        Some(*b)
    }
    fn take(&mut self, n: usize) -> &'a [u8] {
        let n = n.min(self.data.len());
        let (a, b) = self.data.split_at(n);
        self.data = b;
        a
    }
}

/// A fixed-seed RNG for the machine (the fuzzer controls everything else).
struct Seeded(u64);

impl rand_core::TryRng for Seeded {
    type Error = core::convert::Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        Ok((self.try_next_u64()? >> 32) as u32)
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1);
        Ok(self.0)
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        for b in dst {
            *b = self.try_next_u32()? as u8;
        }
        Ok(())
    }
}

fn remote_config(higher: bool) -> Config {
    let host: &[u8] = if higher { b"zz.example" } else { b"aa.example" };
    let mut c = Config::new(host, b"example");
    c.acct_application_ids.push(ApplicationId::BASE_ACCOUNTING);
    c
}

/// What the body remembers of the machine's output, to answer it.
#[derive(Default)]
struct Seen {
    cer: Option<Header>,
    dwr: Option<Header>,
    dpr: Option<Header>,
    requests_out: Vec<Header>,
    requests_in: Vec<Vec<u8>>,
}

fn header(bytes: &[u8]) -> Option<Header> {
    let m = Message::new_checked(bytes).ok()?;
    Some(Header {
        flags: m.flags(),
        command: m.command_code(),
        application: m.application_id(),
        hop_by_hop: m.hop_by_hop(),
        end_to_end: m.end_to_end(),
    })
}

struct Book {
    sent: BTreeSet<RequestId>,
    ended: BTreeSet<RequestId>,
}

impl Book {
    fn end(&mut self, id: RequestId) {
        assert!(self.sent.contains(&id), "an unknown request ended: {id:?}");
        assert!(self.ended.insert(id), "a request ended twice: {id:?}");
    }
}

fn drain(p: &mut Peer, seen: &mut Seen, book: &mut Book) {
    while let Some(e) = p.poll_event() {
        match e {
            Event::Transmit { bytes, .. } => {
                if let Some(h) = header(&bytes) {
                    if h.flags.is_request() {
                        match h.command {
                            CommandCode::CAPABILITIES_EXCHANGE => seen.cer = Some(h),
                            CommandCode::DEVICE_WATCHDOG => seen.dwr = Some(h),
                            CommandCode::DISCONNECT_PEER => seen.dpr = Some(h),
                            _ => {
                                if seen.requests_out.len() < 64 {
                                    seen.requests_out.push(h);
                                }
                            }
                        }
                    }
                }
            }
            Event::Request { message } if seen.requests_in.len() < 16 => {
                seen.requests_in.push(message);
            }
            Event::Answer { id, .. } => book.end(id),
            Event::TimedOut { request } => book.end(request.id),
            Event::FailedOver { requests } => {
                for r in requests {
                    book.end(r.id);
                }
            }
            _ => {}
        }
    }
}

fn check(p: &Peer, book: &Book, latest: Instant) {
    if matches!(
        p.state(),
        State::Closed | State::IOpen | State::ROpen | State::Closing
    ) {
        let n = [ConnId::Initiator, ConnId::Responder]
            .into_iter()
            .filter(|c| p.has_connection(*c))
            .count();
        assert!(n <= 1, "{n} connections in {:?}", p.state());
        if p.state() == State::Closed {
            assert_eq!(n, 0, "a connection left in Closed");
        }
    }
    assert_eq!(
        book.sent.len(),
        book.ended.len() + p.pending_requests(),
        "a request was lost"
    );
    if let Some(t) = p.poll_timeout() {
        assert!(t >= latest, "timer {t} before now {latest}");
    }
}

/// Runs one fuzz input through a peer machine.
pub fn diameter_peer(data: &[u8]) {
    let mut input = Bytes { data };
    let Some(cfg_byte) = input.byte() else { return };
    if cfg_byte & 0x10 != 0 {
        let _ = pair(cfg_byte, input);
        return;
    }
    let mut cfg = Config::new(b"mm.example", b"example");
    cfg.acct_application_ids
        .push(ApplicationId::BASE_ACCOUNTING);
    cfg.max_pending_requests = 1 + usize::from(cfg_byte & 7);
    cfg.duplicate_cache_capacity = usize::from(cfg_byte >> 5);
    let Ok(mut p) = Peer::new(cfg.clone(), 1_700_000_000, &mut Seeded(u64::from(cfg_byte))) else {
        return;
    };
    let mut now = Instant::ZERO;
    let mut latest = now;
    let mut seen = Seen::default();
    let mut book = Book {
        sent: BTreeSet::new(),
        ended: BTreeSet::new(),
    };

    for _ in 0..MAX_OPS {
        let Some(op) = input.byte() else { break };
        let arg = input.byte().unwrap_or(0);
        let conn = if arg & 1 == 0 {
            ConnId::Initiator
        } else {
            ConnId::Responder
        };
        let remote = remote_config(arg & 2 != 0);
        match op % 12 {
            0 => {
                let _ = p.handle(now, Input::Start);
            }
            1 => {
                let _ = p.handle(now, Input::Stop(DisconnectCause(u32::from(arg % 4))));
            }
            2 => {
                let _ = p.handle(now, Input::Connected);
            }
            3 => {
                let _ = p.handle(now, Input::ConnectFailed);
            }
            4 => {
                // A CER on a new connection (sometimes with no common app).
                let mut rc = remote.clone();
                if arg & 4 != 0 {
                    rc.acct_application_ids.clear();
                    rc.auth_application_ids.push(ApplicationId::CREDIT_CONTROL);
                }
                let cer = encode::cer(&rc, u32::from(arg), 7);
                let _ = p.handle(now, Input::Incoming(&cer));
            }
            5 => {
                // The answer the peer expects next on `conn`.
                let code = if arg & 4 != 0 {
                    ResultCode::SUCCESS
                } else {
                    ResultCode(u32::from(arg) * 37)
                };
                let msg = match (arg >> 3) % 4 {
                    0 => seen.cer.map(|h| encode::cea(&remote, &h, code, None)),
                    1 => seen.dwr.map(|h| encode::answer(&remote, &h, code, None)),
                    2 => seen.dpr.map(|h| encode::answer(&remote, &h, code, None)),
                    _ => (!seen.requests_out.is_empty())
                        .then(|| {
                            seen.requests_out
                                .remove(usize::from(arg) % seen.requests_out.len())
                        })
                        .map(|h| encode::answer(&remote, &h, code, None)),
                };
                if let Some(m) = msg {
                    let _ = p.handle(now, Input::Received { conn, message: &m });
                }
            }
            6 => {
                // A request from the peer: DWR, DPR, CER or an application one.
                let m = match arg % 4 {
                    0 => encode::dwr(&remote, u32::from(arg), 1),
                    1 => encode::dpr(&remote, u32::from(arg), 2, u32::from(arg >> 4)),
                    2 => encode::cer(&remote, u32::from(arg), 3),
                    _ => {
                        let mut b = encode::dwr(&remote, u32::from(arg), u32::from(arg >> 2));
                        // Turn it into an application request (ACR, app 3),
                        // sometimes with the T flag.
                        let mut m = Message::new_unchecked(&mut b[..]);
                        let mut f = CommandFlags::REQUEST | CommandFlags::PROXIABLE;
                        if arg & 0x40 != 0 {
                            f |= CommandFlags::RETRANSMIT;
                        }
                        m.set_flags(f);
                        b[5..8].copy_from_slice(&CommandCode::ACCOUNTING.0.to_be_bytes()[1..]);
                        b[8..12].copy_from_slice(&3u32.to_be_bytes());
                        b
                    }
                };
                let _ = p.handle(now, Input::Received { conn, message: &m });
            }
            7 => {
                // Raw fuzzer bytes as a message.
                let raw = input.take(usize::from(arg));
                let _ = p.handle(now, Input::Received { conn, message: raw });
            }
            8 => {
                let raw = input.take(usize::from(arg));
                let _ = p.handle(now, Input::Incoming(raw));
            }
            9 => {
                let _ = p.handle(now, Input::Disconnected(conn));
            }
            10 => {
                // Send a request, or answer one we received.
                if arg & 1 == 0 {
                    let mut b = encode::dwr(&cfg, 0, u32::from(arg));
                    b[5..8].copy_from_slice(&CommandCode::ACCOUNTING.0.to_be_bytes()[1..]);
                    if let Ok(id) = p.send_request(now, &b) {
                        assert!(book.sent.insert(id), "request id reused");
                    }
                } else if let Some(req) = seen.requests_in.pop() {
                    if let Some(h) = header(&req) {
                        let ans = encode::answer(&cfg, &h, ResultCode::SUCCESS, None);
                        let _ = p.send_answer(now, &ans);
                    }
                }
            }
            _ => {
                // Time passes: to the next deadline, or by `arg` × 250 ms,
                // sometimes backwards (a regressing clock must be harmless).
                if arg == 0xff {
                    now = now.saturating_sub(Duration::from_secs(5));
                } else if arg & 0x80 != 0 {
                    if let Some(t) = p.poll_timeout() {
                        now = t;
                    }
                } else {
                    now += Duration::from_millis(250 * u64::from(arg));
                }
                p.handle_timeout(now);
            }
        }
        if now > latest {
            latest = now;
        }
        drain(&mut p, &mut seen, &mut book);
        check(&p, &book, latest);
    }
}

// ----- two machines over a faulty in-memory network ------------------------

/// One transport connection between the two machines: opened by
/// `initiator` (its `ConnId::Initiator`), the other side's
/// `ConnId::Responder` once accepted.
struct Wire {
    initiator: usize,
    accepted: bool,
    opened: bool,
}

enum Delivery {
    Connected(usize),
    ConnectFailed(usize),
    Incoming(usize, Vec<u8>),
    Message(usize, ConnId, Vec<u8>),
    Disconnected(usize, ConnId),
}

struct Node {
    p: Peer,
    book: Book,
    auto_answer: bool,
    reachable: bool,
}

struct Pair {
    nodes: [Node; 2],
    wires: Vec<Wire>,
    queue: alloc::collections::VecDeque<Delivery>,
    now: Instant,
    latest: Instant,
}

/// At most this many deliveries may wait (bounds memory per input).
const MAX_QUEUE: usize = 512;

fn wire_of(wires: &[Wire], side: usize, conn: ConnId) -> Option<usize> {
    wires.iter().position(|w| match conn {
        ConnId::Initiator => w.initiator == side,
        ConnId::Responder => w.initiator != side && w.accepted,
    })
}

fn flip(conn: ConnId) -> ConnId {
    match conn {
        ConnId::Initiator => ConnId::Responder,
        ConnId::Responder => ConnId::Initiator,
    }
}

impl Pair {
    fn push(&mut self, d: Delivery) {
        if self.queue.len() < MAX_QUEUE {
            self.queue.push_back(d);
        }
    }

    /// Drains `s`'s events and acts on them as a transport would.
    fn pump(&mut self, s: usize) {
        let o = 1 - s;
        while let Some(e) = self.nodes[s].p.poll_event() {
            match e {
                Event::Connect => {
                    self.wires.retain(|w| w.initiator != s);
                    if self.nodes[s].reachable {
                        self.wires.push(Wire {
                            initiator: s,
                            accepted: false,
                            opened: false,
                        });
                        self.push(Delivery::Connected(s));
                    } else {
                        self.push(Delivery::ConnectFailed(s));
                    }
                }
                Event::Transmit { conn, bytes } => {
                    if let Some(w) = wire_of(&self.wires, s, conn) {
                        if conn == ConnId::Initiator && !self.wires[w].accepted {
                            if !self.wires[w].opened {
                                self.wires[w].opened = true;
                                self.push(Delivery::Incoming(o, bytes));
                            }
                        } else {
                            self.push(Delivery::Message(o, flip(conn), bytes));
                        }
                    }
                }
                Event::Close { conn } => {
                    if let Some(w) = wire_of(&self.wires, s, conn) {
                        let wire = self.wires.remove(w);
                        if conn == ConnId::Responder || wire.accepted {
                            self.push(Delivery::Disconnected(o, flip(conn)));
                        }
                    }
                }
                Event::AcceptIncoming => {
                    if let Some(w) = self
                        .wires
                        .iter_mut()
                        .find(|w| w.initiator == o && w.opened && !w.accepted)
                    {
                        w.accepted = true;
                    }
                }
                Event::RejectIncoming { answer } => {
                    if let Some(pos) = self
                        .wires
                        .iter()
                        .position(|w| w.initiator == o && w.opened && !w.accepted)
                    {
                        self.wires.remove(pos);
                        if let Some(a) = answer {
                            self.push(Delivery::Message(o, ConnId::Initiator, a));
                        }
                        self.push(Delivery::Disconnected(o, ConnId::Initiator));
                    }
                }
                Event::Request { message } if self.nodes[s].auto_answer => {
                    if let Some(h) = header(&message) {
                        let cfg = self.nodes[s].p.config();
                        let ans = encode::answer(cfg, &h, ResultCode::SUCCESS, None);
                        let now = self.now;
                        let _ = self.nodes[s].p.send_answer(now, &ans);
                    }
                }
                Event::Answer { id, .. } => self.nodes[s].book.end(id),
                Event::TimedOut { request } => self.nodes[s].book.end(request.id),
                Event::FailedOver { requests } => {
                    for r in requests {
                        self.nodes[s].book.end(r.id);
                    }
                }
                _ => {}
            }
        }
    }

    fn deliver(&mut self, d: Delivery) {
        let now = self.now;
        let to = match d {
            Delivery::Connected(s) => {
                let _ = self.nodes[s].p.handle(now, Input::Connected);
                s
            }
            Delivery::ConnectFailed(s) => {
                let _ = self.nodes[s].p.handle(now, Input::ConnectFailed);
                s
            }
            Delivery::Incoming(s, b) => {
                let _ = self.nodes[s].p.handle(now, Input::Incoming(&b));
                s
            }
            Delivery::Message(s, conn, b) => {
                if self.nodes[s].p.has_connection(conn) {
                    let _ = self.nodes[s]
                        .p
                        .handle(now, Input::Received { conn, message: &b });
                }
                s
            }
            Delivery::Disconnected(s, conn) => {
                let _ = self.nodes[s].p.handle(now, Input::Disconnected(conn));
                s
            }
        };
        self.pump(to);
    }

    fn check(&self) {
        for n in &self.nodes {
            check(&n.p, &n.book, self.latest);
        }
    }
}

/// Two peers, both possibly initiating, over a network the fuzzer can
/// delay, drop, cut and make unreachable.
fn pair(cfg_byte: u8, mut input: Bytes<'_>) -> Option<Pair> {
    let node = |host: &[u8], seed: u64| -> Option<Node> {
        let mut c = Config::new(host, b"example");
        c.acct_application_ids.push(ApplicationId::BASE_ACCOUNTING);
        c.max_pending_requests = 1 + usize::from(cfg_byte & 7);
        let p = Peer::new(c, 1_700_000_000, &mut Seeded(seed)).ok()?;
        Some(Node {
            p,
            book: Book {
                sent: BTreeSet::new(),
                ended: BTreeSet::new(),
            },
            auto_answer: true,
            reachable: true,
        })
    };
    let (a, b) = (node(b"aa.example", 1)?, node(b"zz.example", 2)?);
    let mut net = Pair {
        nodes: [a, b],
        wires: Vec::new(),
        queue: alloc::collections::VecDeque::new(),
        now: Instant::ZERO,
        latest: Instant::ZERO,
    };
    for _ in 0..MAX_OPS {
        let Some(op) = input.byte() else { break };
        let arg = input.byte().unwrap_or(0);
        let s = usize::from(arg & 1);
        let now = net.now;
        match op % 10 {
            0 => {
                let _ = net.nodes[s].p.handle(now, Input::Start);
                net.pump(s);
            }
            1 => {
                let _ = net.nodes[s]
                    .p
                    .handle(now, Input::Stop(DisconnectCause(u32::from(arg >> 1) % 3)));
                net.pump(s);
            }
            2 => {
                // Deliver the next queued item.
                if let Some(d) = net.queue.pop_front() {
                    net.deliver(d);
                }
            }
            3 => {
                // Lose the next message (a peer application that never
                // answers); transport events are not lost.
                if matches!(net.queue.front(), Some(Delivery::Message(..))) {
                    net.queue.pop_front();
                } else if let Some(d) = net.queue.pop_front() {
                    net.deliver(d);
                }
            }
            4 => {
                // Cut a wire: both ends see a disconnect.
                if !net.wires.is_empty() {
                    let w = net.wires.remove(usize::from(arg >> 1) % net.wires.len());
                    let i = w.initiator;
                    net.push(Delivery::Disconnected(i, ConnId::Initiator));
                    if w.accepted {
                        net.push(Delivery::Disconnected(1 - i, ConnId::Responder));
                    }
                }
            }
            5 => {
                let mut b = encode::dwr(net.nodes[s].p.config(), 0, u32::from(arg));
                b[5..8].copy_from_slice(&CommandCode::ACCOUNTING.0.to_be_bytes()[1..]);
                if let Ok(id) = net.nodes[s].p.send_request(now, &b) {
                    assert!(net.nodes[s].book.sent.insert(id), "request id reused");
                }
                net.pump(s);
            }
            6 => {
                // Time passes: to the next deadline, or by `arg` × 500 ms.
                let next = [net.nodes[0].p.poll_timeout(), net.nodes[1].p.poll_timeout()]
                    .into_iter()
                    .flatten()
                    .min();
                net.now = match next {
                    Some(t) if arg & 0x80 != 0 => t.max(net.now),
                    _ => net.now + Duration::from_millis(500 * u64::from(arg & 0x7f)),
                };
                let now = net.now;
                for i in 0..2 {
                    net.nodes[i].p.handle_timeout(now);
                    net.pump(i);
                }
            }
            7 => net.nodes[s].auto_answer = !net.nodes[s].auto_answer,
            8 => {
                // Deliver everything queued (bounded).
                for _ in 0..64 {
                    let Some(d) = net.queue.pop_front() else {
                        break;
                    };
                    net.deliver(d);
                }
            }
            _ => net.nodes[s].reachable = !net.nodes[s].reachable,
        }
        if net.now > net.latest {
            net.latest = net.now;
        }
        net.check();
    }
    Some(net)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripted_session() {
        // cfg, Start, Connected, CEA 2001, send request, answer it,
        // time to next deadline, Stop, DPA.
        diameter_peer(&[
            0x21, 0, 0, 2, 0, 5, 4, 10, 0, 5, 0x1c, 11, 0x80, 11, 0x80, 1, 0, 5, 0x14,
        ]);
        // Pair mode: both start, deliver all, requests, cut, time.
        diameter_peer(&[
            0x13, 0, 0, 0, 1, 8, 0, 5, 0, 5, 1, 8, 0, 4, 0, 8, 0, 6, 0x80, 6, 0x80, 8, 0,
        ]);
        diameter_peer(&[]);
        // Both start at once (election race), everything delivered: one
        // connection, both open, requests answered.
        let net = pair(
            0x13,
            Bytes {
                data: &[0, 0, 0, 1, 8, 0, 8, 0, 5, 0, 5, 1, 8, 0],
            },
        )
        .unwrap();
        assert_eq!(net.wires.len(), 1);
        for n in &net.nodes {
            assert!(n.p.is_available(), "{:?}", n.p.state());
            assert_eq!(n.book.ended.len(), 1);
        }
        diameter_peer(&[0xff; 64]);
    }
}
