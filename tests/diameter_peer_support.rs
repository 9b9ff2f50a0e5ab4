//! Shared helpers for the `diameter_peer*` tests: a deterministic RNG, a
//! tiny independent message builder (hand layout from RFC 6733 §3/§4, not
//! the crate's encoder), event summaries, and a two-machine in-memory
//! network with `drive_bounded`.
//!
//! Included by the other test files with `#[path]`; compiled on its own it
//! has no tests.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::time::Duration;

use roam::diameter::peer::{Config, ConnId, Event, Input, Peer};
use roam::diameter::wire::{ApplicationId, Message};
use roam::machine::Machine;
use roam::time::Instant;

/// SplitMix64 as a `rand_core` RNG, so runs replay.
pub struct TestRng(pub u64);

impl rand_core::TryRng for TestRng {
    type Error = core::convert::Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        Ok((self.try_next_u64()? >> 32) as u32)
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        Ok(z ^ (z >> 31))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        for b in dst {
            *b = self.try_next_u32()? as u8;
        }
        Ok(())
    }
}

// ----- message builder (independent of the crate's encoder) --------------

pub const CER: u32 = 257;
pub const DWR: u32 = 280;
pub const DPR: u32 = 282;
pub const ACR: u32 = 271;
pub const R: u8 = 0x80;
pub const P: u8 = 0x40;
pub const E: u8 = 0x20;
pub const T: u8 = 0x10;

/// One AVP, M flag set, padded (RFC 6733 §4.1).
pub fn avp(code: u32, data: &[u8]) -> Vec<u8> {
    let mut v = code.to_be_bytes().to_vec(); // AVP Code
    v.push(0x40); // flags: M
    v.extend_from_slice(&((8 + data.len()) as u32).to_be_bytes()[1..]); // AVP Length
    v.extend_from_slice(data);
    while !v.len().is_multiple_of(4) {
        v.push(0); // padding
    }
    v
}

pub fn avp_u32(code: u32, value: u32) -> Vec<u8> {
    avp(code, &value.to_be_bytes())
}

/// A message: header (RFC 6733 §3) then the AVPs.
pub fn msg(cmd: u32, flags: u8, app: u32, hbh: u32, e2e: u32, avps: &[Vec<u8>]) -> Vec<u8> {
    let body: Vec<u8> = avps.concat();
    let len = 20 + body.len();
    let mut v = vec![1]; // version
    v.extend_from_slice(&(len as u32).to_be_bytes()[1..]); // Message Length
    v.push(flags); // Command Flags
    v.extend_from_slice(&cmd.to_be_bytes()[1..]); // Command Code
    v.extend_from_slice(&app.to_be_bytes()); // Application-ID
    v.extend_from_slice(&hbh.to_be_bytes()); // Hop-by-Hop
    v.extend_from_slice(&e2e.to_be_bytes()); // End-to-End
    v.extend_from_slice(&body);
    v
}

/// Origin-Host (264), Origin-Realm (296).
pub fn origin(host: &str) -> Vec<Vec<u8>> {
    vec![avp(264, host.as_bytes()), avp(296, b"example")]
}

/// A CER from `host` advertising Acct-Application-Id `apps` (259).
pub fn cer_from(host: &str, hbh: u32, apps: &[u32]) -> Vec<u8> {
    let mut avps = origin(host);
    avps.push(avp(257, &[0, 1, 192, 0, 2, 1])); // Host-IP-Address 192.0.2.1
    avps.push(avp_u32(266, 0)); // Vendor-Id
    avps.push(avp(269, b"test")); // Product-Name
    for a in apps {
        avps.push(avp_u32(259, *a));
    }
    msg(CER, R, 0, hbh, 0x1000 + hbh, &avps)
}

/// A CEA from `host` answering `cer` with `code`.
pub fn cea_from(host: &str, cer: &[u8], code: u32, apps: &[u32]) -> Vec<u8> {
    let m = Message::new_checked(cer).unwrap();
    let mut avps = vec![avp_u32(268, code)];
    avps.extend(origin(host));
    avps.push(avp(257, &[0, 1, 192, 0, 2, 1]));
    avps.push(avp_u32(266, 0));
    avps.push(avp(269, b"test"));
    for a in apps {
        avps.push(avp_u32(259, *a));
    }
    msg(CER, 0, 0, m.hop_by_hop(), m.end_to_end(), &avps)
}

/// An answer (R clear) to `req` with Result-Code `code`.
pub fn answer_to(host: &str, req: &[u8], code: u32) -> Vec<u8> {
    let m = Message::new_checked(req).unwrap();
    let mut avps = vec![avp_u32(268, code)];
    avps.extend(origin(host));
    msg(
        m.command_code().0,
        m.flags().bits() & P,
        m.application_id().0,
        m.hop_by_hop(),
        m.end_to_end(),
        &avps,
    )
}

pub fn dwr_from(host: &str, hbh: u32) -> Vec<u8> {
    msg(DWR, R, 0, hbh, 0x2000 + hbh, &origin(host))
}

pub fn dpr_from(host: &str, hbh: u32, cause: u32) -> Vec<u8> {
    let mut avps = origin(host);
    avps.push(avp_u32(273, cause)); // Disconnect-Cause
    msg(DPR, R, 0, hbh, 0x3000 + hbh, &avps)
}

/// An accounting request (ACR, app 3) from `host`.
pub fn acr_from(host: &str, hbh: u32, e2e: u32) -> Vec<u8> {
    let mut avps = vec![avp(263, b"sess;1")]; // Session-Id
    avps.extend(origin(host));
    avps.push(avp(283, b"example")); // Destination-Realm
    avps.push(avp_u32(480, 2)); // Accounting-Record-Type START
    avps.push(avp_u32(485, 0)); // Accounting-Record-Number
    msg(ACR, R | P, 3, hbh, e2e, &avps)
}

/// The Result-Code of a message, if any.
pub fn result_code(bytes: &[u8]) -> Option<u32> {
    let m = Message::new_checked(bytes).ok()?;
    m.avps()
        .flatten()
        .find(|a| a.code().0 == 268)
        .map(|a| u32::from_be_bytes(a.data().try_into().unwrap()))
}

/// The Disconnect-Cause of a DPR, if any.
pub fn disconnect_cause(bytes: &[u8]) -> Option<u32> {
    let m = Message::new_checked(bytes).ok()?;
    m.avps()
        .flatten()
        .find(|a| a.code().0 == 273)
        .map(|a| u32::from_be_bytes(a.data().try_into().unwrap()))
}

// ----- event summaries ----------------------------------------------------

fn c(conn: &ConnId) -> &'static str {
    match conn {
        ConnId::Initiator => "I",
        ConnId::Responder => "R",
    }
}

/// A short name for a message: CER/CEA/DWR/DWA/DPR/DPA/REQ/ANS, answers
/// with their Result-Code.
pub fn name(bytes: &[u8]) -> String {
    let Ok(m) = Message::new_checked(bytes) else {
        return "??".into();
    };
    let req = m.flags().is_request();
    let base = match (m.command_code().0, req) {
        (257, true) => "CER",
        (257, false) => "CEA",
        (280, true) => "DWR",
        (280, false) => "DWA",
        (282, true) => "DPR",
        (282, false) => "DPA",
        (_, true) => "REQ",
        (_, false) => "ANS",
    };
    if req {
        base.into()
    } else {
        format!("{base}:{}", result_code(bytes).unwrap_or(0))
    }
}

/// One-line summary of an event.
pub fn summary(e: &Event) -> String {
    match e {
        Event::Connect => "Connect".into(),
        Event::Transmit { conn, bytes } => format!("Tx({},{})", c(conn), name(bytes)),
        Event::Close { conn } => format!("Close({})", c(conn)),
        Event::AcceptIncoming => "Accept".into(),
        Event::RejectIncoming { answer: None } => "Reject".into(),
        Event::RejectIncoming { answer: Some(a) } => format!("Reject({})", name(a)),
        Event::Open { conn } => format!("Open({})", c(conn)),
        Event::Available => "Available".into(),
        Event::Unavailable => "Unavailable".into(),
        Event::FailedOver { requests } => format!("FailedOver({})", requests.len()),
        Event::Answer { .. } => "Answer".into(),
        Event::Request { .. } => "Request".into(),
        Event::TimedOut { .. } => "TimedOut".into(),
        Event::Closed { reason, .. } => format!("Closed({reason:?})"),
        Event::Fault(f) => format!("Fault({f:?})"),
    }
}

pub fn drain(p: &mut Peer) -> Vec<Event> {
    std::iter::from_fn(|| p.poll_event()).collect()
}

pub fn summaries(ev: &[Event]) -> Vec<String> {
    ev.iter().map(summary).collect()
}

/// Asserts that `want` occurs in `got` as a subsequence (in order).
pub fn assert_subsequence(got: &[String], want: &[&str], ctx: &str) {
    let mut it = got.iter();
    for w in want {
        assert!(
            it.any(|g| g.starts_with(w)),
            "{ctx}: expected {w:?} (in order) in {got:?}"
        );
    }
}

pub fn config(host: &str) -> Config {
    let mut c = Config::new(host.as_bytes(), b"example");
    c.acct_application_ids.push(ApplicationId::BASE_ACCOUNTING);
    c
}

pub fn peer(host: &str, seed: u64) -> Peer {
    Peer::new(config(host), 1_700_000_000, &mut TestRng(seed)).unwrap()
}

/// The bytes of the first transmit in `ev`, if any.
pub fn first_tx(ev: &[Event]) -> Option<Vec<u8>> {
    ev.iter().find_map(|e| match e {
        Event::Transmit { bytes, .. } => Some(bytes.clone()),
        _ => None,
    })
}

// ----- two machines over an in-memory network -----------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    A,
    B,
}

impl Side {
    fn other(self) -> Side {
        match self {
            Side::A => Side::B,
            Side::B => Side::A,
        }
    }
}

/// One transport connection: opened by `initiator` (its `ConnId::Initiator`)
/// and, once accepted, the other side's `ConnId::Responder`.
#[derive(Debug, Clone)]
struct Wire {
    initiator: Side,
    accepted: bool,
    /// The first message has been delivered (as `Input::Incoming`).
    opened: bool,
}

#[derive(Debug)]
enum Delivery {
    Connected(Side),
    ConnectFailed(Side),
    Message {
        to: Side,
        conn: ConnId,
        bytes: Vec<u8>,
    },
    Incoming {
        to: Side,
        bytes: Vec<u8>,
    },
    Disconnected {
        to: Side,
        conn: ConnId,
    },
}

/// Two peers wired together with zero-latency links, a virtual clock and a
/// log of every event each side produced.
pub struct Net {
    pub a: Peer,
    pub b: Peer,
    pub now: Instant,
    /// Wires keyed by (initiator side): at most one per initiator.
    wires: Vec<Wire>,
    queue: VecDeque<Delivery>,
    pub log_a: Vec<Event>,
    pub log_b: Vec<Event>,
    /// Answer every received request with 2001.
    pub auto_answer: [bool; 2],
    /// Drop everything sent to this side (a black hole; the transport
    /// stays "up").
    pub blackhole: [bool; 2],
    /// Whether a `Connect` by this side succeeds.
    pub reachable: [bool; 2],
    pub steps: usize,
}

fn idx(s: Side) -> usize {
    match s {
        Side::A => 0,
        Side::B => 1,
    }
}

impl Net {
    pub fn new(a: Peer, b: Peer) -> Net {
        Net {
            a,
            b,
            now: Instant::ZERO,
            wires: Vec::new(),
            queue: VecDeque::new(),
            log_a: Vec::new(),
            log_b: Vec::new(),
            auto_answer: [true, true],
            blackhole: [false, false],
            reachable: [true, true],
            steps: 0,
        }
    }

    pub fn peer(&mut self, s: Side) -> &mut Peer {
        match s {
            Side::A => &mut self.a,
            Side::B => &mut self.b,
        }
    }

    pub fn log(&self, s: Side) -> &[Event] {
        match s {
            Side::A => &self.log_a,
            Side::B => &self.log_b,
        }
    }

    /// The wire behind `side`'s `conn`.
    fn wire_of(&self, side: Side, conn: ConnId) -> Option<usize> {
        self.wires.iter().position(|w| match conn {
            ConnId::Initiator => w.initiator == side,
            ConnId::Responder => w.initiator == side.other() && w.accepted,
        })
    }

    /// Number of wires (connections) currently existing.
    pub fn connections(&self) -> usize {
        self.wires.len()
    }

    pub fn input(&mut self, s: Side, input: Input<'_>) {
        let now = self.now;
        self.peer(s)
            .handle(now, input)
            .expect("no caller misuse in the driver");
        self.pump(s);
    }

    pub fn send_request(&mut self, s: Side, bytes: &[u8]) -> roam::diameter::peer::RequestId {
        let now = self.now;
        let id = self.peer(s).send_request(now, bytes).expect("available");
        self.pump(s);
        id
    }

    /// Drains `s`'s events and acts on them as a transport would.
    fn pump(&mut self, s: Side) {
        while let Some(e) = self.peer(s).poll_event() {
            match &e {
                Event::Connect => {
                    self.wires.retain(|w| w.initiator != s);
                    if self.reachable[idx(s)] {
                        self.wires.push(Wire {
                            initiator: s,
                            accepted: false,
                            opened: false,
                        });
                        self.queue.push_back(Delivery::Connected(s));
                    } else {
                        self.queue.push_back(Delivery::ConnectFailed(s));
                    }
                }
                Event::Transmit { conn, bytes } => {
                    if let Some(w) = self.wire_of(s, *conn) {
                        let to = s.other();
                        if self.blackhole[idx(to)] {
                            // Lost in the network.
                        } else if *conn == ConnId::Initiator && !self.wires[w].accepted {
                            if !self.wires[w].opened {
                                self.wires[w].opened = true;
                                self.queue.push_back(Delivery::Incoming {
                                    to,
                                    bytes: bytes.clone(),
                                });
                            }
                        } else {
                            let peer_conn = match conn {
                                ConnId::Initiator => ConnId::Responder,
                                ConnId::Responder => ConnId::Initiator,
                            };
                            self.queue.push_back(Delivery::Message {
                                to,
                                conn: peer_conn,
                                bytes: bytes.clone(),
                            });
                        }
                    }
                }
                Event::Close { conn } => {
                    if let Some(w) = self.wire_of(s, *conn) {
                        let wire = self.wires.remove(w);
                        let to = s.other();
                        let peer_conn = match conn {
                            ConnId::Initiator => ConnId::Responder,
                            ConnId::Responder => ConnId::Initiator,
                        };
                        if *conn == ConnId::Responder || wire.accepted {
                            self.queue.push_back(Delivery::Disconnected {
                                to,
                                conn: peer_conn,
                            });
                        }
                    }
                }
                Event::AcceptIncoming => {
                    if let Some(w) = self
                        .wires
                        .iter_mut()
                        .find(|w| w.initiator == s.other() && w.opened && !w.accepted)
                    {
                        w.accepted = true;
                    }
                }
                Event::RejectIncoming { answer } => {
                    if let Some(pos) = self
                        .wires
                        .iter()
                        .position(|w| w.initiator == s.other() && w.opened && !w.accepted)
                    {
                        self.wires.remove(pos);
                        let to = s.other();
                        if let Some(a) = answer {
                            self.queue.push_back(Delivery::Message {
                                to,
                                conn: ConnId::Initiator,
                                bytes: a.clone(),
                            });
                        }
                        self.queue.push_back(Delivery::Disconnected {
                            to,
                            conn: ConnId::Initiator,
                        });
                    }
                }
                Event::Request { message } if self.auto_answer[idx(s)] => {
                    let host =
                        String::from_utf8_lossy(&self.peer(s).config().origin_host).into_owned();
                    let ans = answer_to(&host, message, 2001);
                    let now = self.now;
                    self.peer(s).send_answer(now, &ans).expect("open");
                }
                _ => {}
            }
            match s {
                Side::A => self.log_a.push(e),
                Side::B => self.log_b.push(e),
            }
        }
    }

    fn deliver(&mut self, d: Delivery) {
        let now = self.now;
        let (to, r) = match d {
            Delivery::Connected(s) => (s, self.peer(s).handle(now, Input::Connected)),
            Delivery::ConnectFailed(s) => (s, self.peer(s).handle(now, Input::ConnectFailed)),
            Delivery::Incoming { to, bytes } => {
                (to, self.peer(to).handle(now, Input::Incoming(&bytes)))
            }
            Delivery::Message { to, conn, bytes } => {
                let r = if self.peer(to).has_connection(conn) {
                    self.peer(to).handle(
                        now,
                        Input::Received {
                            conn,
                            message: &bytes,
                        },
                    )
                } else {
                    Ok(()) // the connection was closed while the bytes were in flight
                };
                (to, r)
            }
            Delivery::Disconnected { to, conn } => {
                (to, self.peer(to).handle(now, Input::Disconnected(conn)))
            }
        };
        // Connected can race with our own Close of a connecting attempt.
        let _ = r;
        self.pump(to);
    }

    /// One step: a delivery if any is queued, else advance the clock to the
    /// earliest deadline (no further than `until`). `false` when idle.
    pub fn step(&mut self, until: Instant) -> bool {
        self.steps += 1;
        if let Some(d) = self.queue.pop_front() {
            self.deliver(d);
            return true;
        }
        let next = [self.a.poll_timeout(), self.b.poll_timeout()]
            .into_iter()
            .flatten()
            .min();
        match next {
            Some(t) if t <= until => {
                assert!(t >= self.now, "a timer is in the past: {t} < {}", self.now);
                self.now = t;
                let now = self.now;
                if self.a.poll_timeout().is_some_and(|x| x <= now) {
                    self.a.handle_timeout(now);
                    self.pump(Side::A);
                }
                if self.b.poll_timeout().is_some_and(|x| x <= now) {
                    self.b.handle_timeout(now);
                    self.pump(Side::B);
                }
                true
            }
            _ => false,
        }
    }

    /// Runs until nothing is queued and no deadline falls before `until`;
    /// panics after `max_steps` instead of hanging.
    pub fn drive_bounded(&mut self, until: Instant, max_steps: usize) {
        let start = self.steps;
        while self.step(until) {
            assert!(
                self.steps - start <= max_steps,
                "drive_bounded: more than {max_steps} steps (now {})",
                self.now
            );
        }
        if self.now < until {
            self.now = until;
        }
    }

    /// Runs for `d` of virtual time.
    pub fn run_for(&mut self, d: Duration, max_steps: usize) {
        let until = self.now + d;
        self.drive_bounded(until, max_steps);
    }

    /// Delivers queued messages only (no time passes).
    pub fn settle(&mut self) {
        let now = self.now;
        self.drive_bounded(now, 10_000);
    }
}
