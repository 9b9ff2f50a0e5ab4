//! The peer machine itself: [`Peer`].

use alloc::collections::VecDeque;
use alloc::vec::Vec;

use rand_core::Rng;

use super::caps::{self, PeerCaps, Refusal};
use super::config::{Config, ConfigError, DisconnectCause, TW_JITTER};
use super::encode::{self, Header};
use super::ids::{EndToEndIds, HopByHopIds, SplitMix64};
use super::pending::{DuplicateCache, PendingRequest, PendingTable, RequestId, Seen};
use super::watchdog::{Actions, Watchdog, WatchdogState};
use crate::diameter::wire::{self, CommandCode, Message, ResultCode};
use crate::machine::Machine;
use crate::time::Instant;

/// Which of the (at most two) transport connections to the peer an input
/// or event is about (RFC 6733 §5.6: the I- and R- prefixes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum ConnId {
    /// The connection we initiated (I-).
    Initiator,
    /// The connection the peer initiated and we accepted (R-).
    Responder,
}

/// The states of the RFC 6733 §5.6 peer state machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum State {
    /// No connection (stable).
    Closed,
    /// Our connection attempt is under way.
    WaitConnAck,
    /// Our CER is sent; waiting for the CEA.
    WaitICea,
    /// Our connection attempt is under way and the peer's CER arrived on
    /// its own connection ("Wait-Conn-Ack/Elect").
    WaitConnAckElect,
    /// Both connections are up and an election is pending.
    WaitReturns,
    /// Open on the responder connection (stable).
    ROpen,
    /// Open on the initiator connection (stable).
    IOpen,
    /// A DPR was sent or answered; waiting for the disconnect.
    Closing,
}

/// The machine's timers, indexing its timer table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Timer {
    /// Tc: reconnect after a failure (RFC 6733 §2.1).
    Tc = 0,
    /// Tw: the watchdog (RFC 3539 §3.4.1).
    Tw = 1,
    /// The §5.6 "Timeout" of the intermediate states.
    Handshake = 2,
    /// Closing: waiting for the DPA or the peer's disconnect.
    DisconnectWait = 3,
}

const TIMERS: usize = 4;
const ALL_TIMERS: [Timer; TIMERS] = [
    Timer::Handshake,
    Timer::DisconnectWait,
    Timer::Tw,
    Timer::Tc,
];

/// What the caller reports to the machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input<'a> {
    /// "Start": the application wants a connection to this peer (RFC 6733
    /// §5.6.2). Also re-enables reconnecting after a DPR or Stop.
    Start,
    /// "Stop": disconnect with a DPR carrying this cause (§5.4.3), and do
    /// not reconnect.
    Stop(DisconnectCause),
    /// I-Rcv-Conn-Ack: the connection requested by [`Event::Connect`] is up.
    Connected,
    /// I-Rcv-Conn-Nack: the connection requested by [`Event::Connect`]
    /// failed.
    ConnectFailed,
    /// R-Conn-CER: a new inbound connection delivered this CER as its first
    /// message (§5.6.1: the caller's listener located this machine by the
    /// CER's Origin-Host). The machine answers with exactly one
    /// [`Event::AcceptIncoming`] or [`Event::RejectIncoming`] for it.
    Incoming(&'a [u8]),
    /// One complete Diameter message arrived on `conn`.
    Received {
        /// The connection it arrived on.
        conn: ConnId,
        /// The message bytes (framing is the caller's).
        message: &'a [u8],
    },
    /// Peer-Disc: `conn` was closed by the peer or the network.
    Disconnected(ConnId),
}

/// Why the machine went back to Closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CloseReason {
    /// Our Stop: DPR/DPA completed, the DPA timed out, or the handshake
    /// was abandoned.
    Stopped,
    /// The peer's DPR, with its Disconnect-Cause when it sent a valid one.
    PeerDisconnected {
        /// The Disconnect-Cause.
        cause: Option<DisconnectCause>,
    },
    /// The transport connection was lost (Peer-Disc).
    TransportLost,
    /// Our connection attempt failed (Rcv-Conn-Nack).
    ConnectFailed,
    /// An intermediate state timed out (§5.6 Timeout → Error).
    Timeout,
    /// The peer's CEA refused us, or we refused its CEA; the Result-Code.
    CapabilitiesRejected {
        /// The CEA's Result-Code, or ours when we refused the CEA.
        result_code: ResultCode,
    },
    /// A message other than a CEA while waiting for one (Rcv-Non-CEA).
    UnexpectedMessage,
    /// The watchdog closed the connection (RFC 3539 CloseConnection()).
    WatchdogExpired,
    /// Bytes that are not a Diameter message arrived.
    Malformed,
}

/// A peer misbehaviour the machine handled (for logging; the protocol
/// answer, if any, is already queued as a transmit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// Bytes that failed the header or AVP checks.
    Malformed(wire::Error),
    /// A message the current state does not expect.
    UnexpectedMessage {
        /// Its Command Code.
        command: CommandCode,
        /// Whether it was a request.
        request: bool,
    },
    /// We refused a CER (CEA sent with this Result-Code).
    CerRefused(ResultCode),
}

/// What the caller must act on, from [`Machine::poll_event`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// I-Snd-Conn-Req: open a transport connection to the peer, then report
    /// [`Input::Connected`] or [`Input::ConnectFailed`]; it becomes
    /// [`ConnId::Initiator`].
    Connect,
    /// Send these bytes (one whole message) on `conn`.
    Transmit {
        /// The connection.
        conn: ConnId,
        /// The message.
        bytes: Vec<u8>,
    },
    /// Close `conn` (after sending what was queued for it). No
    /// [`Input::Disconnected`] is expected for it afterwards.
    Close {
        /// The connection.
        conn: ConnId,
    },
    /// R-Accept: the connection of the last [`Input::Incoming`] is now
    /// [`ConnId::Responder`].
    AcceptIncoming,
    /// R-Reject: send `answer` (if any) on the connection of the last
    /// [`Input::Incoming`], then close it.
    RejectIncoming {
        /// A CEA with the refusal's Result-Code, when the CER was refused.
        answer: Option<Vec<u8>>,
    },
    /// Capabilities exchange completed: I-Open or R-Open on `conn`.
    Open {
        /// The surviving connection.
        conn: ConnId,
    },
    /// The peer may carry requests again ([`Peer::is_available`]): the
    /// initial open, or the watchdog's Failback (RFC 3539).
    Available,
    /// The peer must not be given requests (watchdog SUSPECT, closing,
    /// closed).
    Unavailable,
    /// Failover: these pending requests were not answered and are handed
    /// back, oldest first, so the owner can re-send them elsewhere with the
    /// T flag ([`PendingRequest::into_retransmit`]). Late answers to them
    /// are discarded as unknown Hop-by-Hop.
    FailedOver {
        /// The requests.
        requests: Vec<PendingRequest>,
    },
    /// The answer to a request sent with [`Peer::send_request`].
    Answer {
        /// The request's handle.
        id: RequestId,
        /// The answer message.
        answer: Vec<u8>,
    },
    /// A request from the peer for the owner to process and answer with
    /// [`Peer::send_answer`] (same Hop-by-Hop Identifier).
    Request {
        /// The request message.
        message: Vec<u8>,
    },
    /// A request saw no answer within [`Config::request_timeout`].
    TimedOut {
        /// The request, removed from the table.
        request: PendingRequest,
    },
    /// The machine is back in Closed.
    Closed {
        /// Why.
        reason: CloseReason,
        /// When Tc (or the BUSY back-off) will reconnect, if it will.
        reconnect_at: Option<Instant>,
    },
    /// A peer fault that was handled.
    Fault(Fault),
}

/// Caller misuse. Peer faults are never errors (they become events).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PeerError {
    /// `send_request` while the peer is not available (not open, or the
    /// watchdog is not OKAY).
    #[error("peer not available")]
    NotAvailable,
    /// `send_answer` with no open connection.
    #[error("no open connection")]
    NotOpen,
    /// The pending-request table is full.
    #[error("pending-request table full ({capacity})")]
    PendingFull {
        /// [`Config::max_pending_requests`].
        capacity: usize,
    },
    /// The message handed to `send_request`/`send_answer` is not valid.
    #[error("invalid message: {0}")]
    InvalidMessage(wire::Error),
    /// `send_request` with an answer.
    #[error("not a request")]
    NotARequest,
    /// `send_answer` with a request.
    #[error("not an answer")]
    NotAnAnswer,
    /// A message or event for a connection that does not exist.
    #[error("no such connection: {0:?}")]
    NoSuchConnection(ConnId),
    /// `Connected`/`ConnectFailed` without a pending [`Event::Connect`].
    #[error("no connection attempt is pending")]
    NoConnectPending,
}

/// Counters, from [`Peer::stats`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Stats {
    /// Connection attempts requested.
    pub connects: u64,
    /// Times the machine reached I-Open or R-Open.
    pub opens: u64,
    /// CERs we refused (CEA with an error).
    pub cer_refused: u64,
    /// Inbound connections rejected (R-Reject).
    pub incoming_rejected: u64,
    /// Elections won.
    pub elections_won: u64,
    /// Elections lost.
    pub elections_lost: u64,
    /// Requests sent with `send_request`.
    pub requests_sent: u64,
    /// `send_request` refused because the table was full.
    pub requests_refused: u64,
    /// Answers matched to pending requests.
    pub answers_received: u64,
    /// Answers discarded for an unknown Hop-by-Hop Identifier (§3).
    pub unknown_hop_by_hop: u64,
    /// Requests handed back by failover.
    pub failed_over: u64,
    /// Requests that timed out.
    pub timed_out: u64,
    /// Requests delivered to the owner.
    pub requests_received: u64,
    /// Answers sent with `send_answer`.
    pub answers_sent: u64,
    /// Duplicate requests answered from the cache.
    pub duplicates_answered: u64,
    /// Duplicate requests dropped (original still in progress).
    pub duplicates_dropped: u64,
    /// DWRs sent.
    pub dwr_sent: u64,
    /// DWAs received for our DWR.
    pub dwa_received: u64,
    /// DWRs received (and answered).
    pub dwr_received: u64,
    /// Messages discarded by the watchdog (REOPEN Throwaway()).
    pub thrown_away: u64,
    /// Messages the state did not expect.
    pub unexpected: u64,
    /// Malformed messages received.
    pub malformed: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Link {
    None,
    Connecting,
    Up,
}

/// The peer's CER received on the responder connection, awaiting our CEA.
#[derive(Debug, Clone)]
struct HeldCer {
    header: Header,
    caps: PeerCaps,
}

/// One Diameter peer: the RFC 6733 §5.6 state machine, the RFC 3539
/// watchdog, and request bookkeeping.
///
/// ```text
///                         Start / I-Snd-Conn-Req
///        +--------+ ──────────────────────────────▶ +---------------+
///        |        |  I-Rcv-Conn-Nack / Cleanup      |               |
///        |        | ◀────────────────────────────── | Wait-Conn-Ack |
///        |        |                                 +---------------+
///        |        |        I-Rcv-Conn-Ack / I-Snd-CER  │        │ R-Conn-CER /
///        |        |                                    ▼        ▼ R-Accept, Process-CER
///        |        |                       +------------+    +--------------------+
///        |        |◀── I-Peer-Disc,       | Wait-I-CEA |    | Wait-Conn-Ack/Elect|
///        | Closed |    Rcv-Non-CEA,       +------------+    +--------------------+
///        |        |    Timeout / Error      │       │ R-Conn-CER /  │ I-Rcv-Conn-Ack /
///        |        |                         │       │ Process-CER,  │ I-Snd-CER, Elect
///        |        |           I-Rcv-CEA /   │       ▼ Elect         ▼
///        |        |           Process-CEA   │    +--------------+ ◀─┘
///        |        |                         │    | Wait-Returns |── R-Peer-Disc ─▶ Wait-I-CEA
///        |        |                         │    +--------------+
///        |        |                         │   I-Rcv-CEA │    │ Win-Election or I-Peer-Disc /
///        |        |                         ▼   / R-Disc  ▼    ▼ I-Disc, R-Snd-CEA
///        |        |  R-Conn-CER /        +--------+          +--------+
///        |        | ───────────────────▶ | I-Open |          | R-Open | ◀── (from Closed on
///        |        |  (to R-Open)         +--------+          +--------+      R-Conn-CER, and from
///        |        |                           │ Stop / Snd-DPR     │          Wait-Conn-Ack/Elect
///        |        |◀── Peer-Disc / Disc ──────┤ Rcv-DPR / Snd-DPA ─┤          on I-Rcv-Conn-Nack)
///        |        |                           ▼                    ▼
///        |        |◀── Rcv-DPA, Peer-Disc, +-----------------------------+
///        +--------+    Timeout             |           Closing           |
///                                          +-----------------------------+
/// ```
///
/// The full table (RFC 6733 §5.6) is implemented row by row; each row has a
/// test in `tests/diameter_peer.rs`. Two additions the table leaves to the
/// implementation: a CER that fails Process-CER (unknown peer, no common
/// application or security, malformed) is answered with an error CEA on its
/// own connection, which is then closed, and the state does not change; and
/// messages in Closing are still processed (answers to pending requests, a
/// crossing DPR is answered).
///
/// # Time and randomness
///
/// Time enters only as `now`; a `now` earlier than one already seen is
/// treated as that later time, so no timer is ever armed in the past.
///
/// Randomness comes from the caller's [`rand_core::Rng`] once, at
/// [`Peer::new`]: it seeds a small private generator (SplitMix64) that
/// supplies the Tw jitter and the random start of each connection's
/// Hop-by-Hop counter. Seeding once keeps [`Machine::handle`] free of an RNG
/// parameter and makes a run replayable from the caller's seed; jitter and
/// identifiers are not secrets, so a non-cryptographic generator is
/// adequate. The wall clock (Unix seconds) is also passed once, to seed the
/// End-to-End Identifiers ([`EndToEndIds`](super::EndToEndIds)).
///
/// # Elections between equal identities
///
/// Two peers with the same Origin-Host (a misconfiguration) both lose the
/// election; the handshake then times out and Tc retries.
#[derive(Debug)]
pub struct Peer {
    cfg: Config,
    state: State,
    i: Link,
    r: bool,
    active: Option<ConnId>,
    wants: bool,
    timers: [Option<Instant>; TIMERS],
    last_now: Instant,
    rng: SplitMix64,
    e2e: EndToEndIds,
    hbh: HopByHopIds,
    events: VecDeque<Event>,
    caps: Option<PeerCaps>,
    held_cer: Option<HeldCer>,
    cer_hbh: Option<u32>,
    dwr_hbh: Option<u32>,
    dpr_hbh: Option<u32>,
    closing_reason: CloseReason,
    watchdog: Watchdog,
    available: bool,
    pending: PendingTable,
    dups: DuplicateCache,
    next_request: u64,
    /// Twinit in microseconds, precomputed for `set_tw`.
    tw_micros: i64,
    stats: Stats,
}

impl Peer {
    /// A peer in Closed. `unix_secs` (the caller's wall clock) seeds the
    /// End-to-End Identifiers (RFC 6733 §3); `rng` seeds the machine's
    /// private generator.
    pub fn new<R: Rng + ?Sized>(
        cfg: Config,
        unix_secs: u64,
        rng: &mut R,
    ) -> Result<Peer, ConfigError> {
        cfg.validate()?;
        let mut gen = SplitMix64::from_rng(rng);
        let e2e = EndToEndIds::from_parts(unix_secs, gen.next_u32());
        let hbh = HopByHopIds::new(gen.next_u32());
        let pending = PendingTable::new(cfg.max_pending_requests);
        let dups = DuplicateCache::new(cfg.duplicate_cache_capacity);
        let tw_micros = cfg.tw.as_micros();
        Ok(Peer {
            cfg,
            state: State::Closed,
            i: Link::None,
            r: false,
            active: None,
            wants: false,
            timers: [None; TIMERS],
            last_now: Instant::from_micros(i64::MIN),
            rng: gen,
            e2e,
            hbh,
            events: VecDeque::new(),
            caps: None,
            held_cer: None,
            cer_hbh: None,
            dwr_hbh: None,
            dpr_hbh: None,
            closing_reason: CloseReason::Stopped,
            watchdog: Watchdog::new(),
            available: false,
            pending,
            dups,
            next_request: 0,
            tw_micros: i64::try_from(tw_micros).unwrap_or(i64::MAX),
            stats: Stats::default(),
        })
    }

    // ----- getters -------------------------------------------------------

    /// The §5.6 state.
    #[must_use]
    pub fn state(&self) -> State {
        self.state
    }

    /// The RFC 3539 watchdog state.
    #[must_use]
    pub fn watchdog_state(&self) -> WatchdogState {
        self.watchdog.state
    }

    /// Whether requests may be sent: open and the watchdog is OKAY.
    #[must_use]
    pub fn is_available(&self) -> bool {
        matches!(self.state, State::IOpen | State::ROpen) && self.watchdog.usable()
    }

    /// The connection in use when open or closing.
    #[must_use]
    pub fn active_connection(&self) -> Option<ConnId> {
        self.active
    }

    /// Whether `conn` exists (connected or, for the initiator, connecting).
    #[must_use]
    pub fn has_connection(&self, conn: ConnId) -> bool {
        match conn {
            ConnId::Initiator => self.i != Link::None,
            ConnId::Responder => self.r,
        }
    }

    /// What the peer advertised, once capabilities were exchanged.
    #[must_use]
    pub fn peer_caps(&self) -> Option<&PeerCaps> {
        self.caps.as_ref()
    }

    /// The configuration.
    #[must_use]
    pub fn config(&self) -> &Config {
        &self.cfg
    }

    /// Counters.
    #[must_use]
    pub fn stats(&self) -> Stats {
        self.stats
    }

    /// Requests awaiting answers.
    #[must_use]
    pub fn pending_requests(&self) -> usize {
        self.pending.len()
    }

    /// Received requests remembered for duplicate detection.
    #[must_use]
    pub fn duplicate_cache_len(&self) -> usize {
        self.dups.len()
    }

    /// The state of one timer.
    #[must_use]
    pub fn timer(&self, t: Timer) -> Option<Instant> {
        self.timers[t as usize]
    }

    /// A fresh End-to-End Identifier from this machine's generator, for
    /// requests the owner originates.
    pub fn next_end_to_end(&mut self) -> u32 {
        self.e2e.next_id()
    }

    // ----- commands ------------------------------------------------------

    /// Send-Message for a request: assigns a Hop-by-Hop Identifier, records
    /// the request as pending and queues its transmission. The End-to-End
    /// Identifier and flags (T included) are kept as given.
    pub fn send_request(&mut self, now: Instant, message: &[u8]) -> Result<RequestId, PeerError> {
        let now = self.observe(now);
        if !self.is_available() {
            return Err(PeerError::NotAvailable);
        }
        let conn = self.active.ok_or(PeerError::NotAvailable)?;
        let m = Message::new_checked(message).map_err(PeerError::InvalidMessage)?;
        if !m.flags().is_request() {
            return Err(PeerError::NotARequest);
        }
        if self.pending.is_full() {
            self.stats.requests_refused += 1;
            return Err(PeerError::PendingFull {
                capacity: self.cfg.max_pending_requests,
            });
        }
        let e2e = m.end_to_end();
        let mut bytes = m.as_bytes().to_vec();
        let hbh = self.fresh_hop_by_hop();
        Message::new_unchecked(&mut bytes[..]).set_hop_by_hop(hbh);
        let id = RequestId(self.next_request);
        self.next_request += 1;
        let deadline = now + self.cfg.request_timeout;
        self.pending.insert(hbh, id, e2e, deadline, bytes.clone());
        self.stats.requests_sent += 1;
        self.events.push_back(Event::Transmit { conn, bytes });
        Ok(id)
    }

    /// Send-Message for an answer to a request delivered by
    /// [`Event::Request`]. The answer is remembered for duplicate
    /// detection (RFC 6733 §3).
    pub fn send_answer(&mut self, now: Instant, message: &[u8]) -> Result<(), PeerError> {
        self.observe(now);
        let conn = match (self.state, self.active) {
            (State::IOpen | State::ROpen | State::Closing, Some(c)) => c,
            _ => return Err(PeerError::NotOpen),
        };
        let m = Message::new_checked(message).map_err(PeerError::InvalidMessage)?;
        if m.flags().is_request() {
            return Err(PeerError::NotAnAnswer);
        }
        let bytes = m.as_bytes().to_vec();
        self.dups.answered(m.end_to_end(), m.hop_by_hop(), &bytes);
        self.stats.answers_sent += 1;
        self.events.push_back(Event::Transmit { conn, bytes });
        Ok(())
    }

    // ----- internals -----------------------------------------------------

    /// Records `now` and returns the effective time (never earlier than a
    /// time already seen, so no timer is armed in the past).
    fn observe(&mut self, now: Instant) -> Instant {
        if now > self.last_now {
            self.last_now = now;
        }
        self.last_now
    }

    fn arm(&mut self, t: Timer, at: Instant) {
        self.timers[t as usize] = Some(at);
    }

    fn disarm(&mut self, t: Timer) {
        self.timers[t as usize] = None;
    }

    fn due(&self, t: Timer, now: Instant) -> bool {
        self.timers[t as usize].is_some_and(|at| at <= now)
    }

    /// Tw with ±2 s of jitter (RFC 3539 §3.4.1 item 1), at millisecond
    /// granularity. Plain integer arithmetic: this runs on every received
    /// message.
    fn set_tw(&mut self, now: Instant) {
        const JITTER_MS: u64 = TW_JITTER.as_millis() as u64;
        let jitter_ms = self.rng.below_or_eq(2 * JITTER_MS) as i64 - JITTER_MS as i64;
        // Tw ≥ 6 s (validated), so the sum stays positive.
        let us = self
            .tw_micros
            .saturating_add(jitter_ms.saturating_mul(1000));
        self.arm(
            Timer::Tw,
            Instant::from_micros(now.total_micros().saturating_add(us)),
        );
    }

    fn fresh_hop_by_hop(&mut self) -> u32 {
        loop {
            let h = self.hbh.next_id();
            if !self.pending.contains(h) && Some(h) != self.dwr_hbh && Some(h) != self.dpr_hbh {
                return h;
            }
        }
    }

    fn transmit(&mut self, conn: ConnId, bytes: Vec<u8>) {
        self.events.push_back(Event::Transmit { conn, bytes });
    }

    /// Disc / Cleanup / Error on one connection.
    fn drop_conn(&mut self, conn: ConnId) {
        let existed = match conn {
            ConnId::Initiator => core::mem::replace(&mut self.i, Link::None) != Link::None,
            ConnId::Responder => core::mem::replace(&mut self.r, false),
        };
        if existed {
            self.events.push_back(Event::Close { conn });
        }
        if conn == ConnId::Initiator {
            self.cer_hbh = None;
        } else {
            self.held_cer = None;
        }
        if self.active == Some(conn) {
            self.active = None;
        }
    }

    fn fault(&mut self, f: Fault) {
        self.events.push_back(Event::Fault(f));
    }

    fn start_connect(&mut self, now: Instant) {
        self.disarm(Timer::Tc);
        self.i = Link::Connecting;
        self.state = State::WaitConnAck;
        self.stats.connects += 1;
        self.arm(Timer::Handshake, now + self.cfg.handshake_timeout);
        self.events.push_back(Event::Connect);
    }

    fn send_cer(&mut self, now: Instant) {
        let hbh = self.hbh.next_id();
        let e2e = self.e2e.next_id();
        self.cer_hbh = Some(hbh);
        let cer = encode::cer(&self.cfg, hbh, e2e);
        self.transmit(ConnId::Initiator, cer);
        self.arm(Timer::Handshake, now + self.cfg.handshake_timeout);
    }

    /// R-Snd-CEA for the held CER, then R-Open.
    fn answer_held_cer(&mut self, now: Instant) {
        if let Some(held) = self.held_cer.take() {
            let cea = encode::cea(&self.cfg, &held.header, ResultCode::SUCCESS, None);
            self.transmit(ConnId::Responder, cea);
            self.caps = Some(held.caps);
            self.enter_open(now, ConnId::Responder);
        } else {
            // Cannot happen: every path into a state that answers a held
            // CER stores one. Fail safe rather than open without caps.
            self.enter_closed(now, CloseReason::UnexpectedMessage);
        }
    }

    fn enter_open(&mut self, now: Instant, conn: ConnId) {
        self.state = match conn {
            ConnId::Initiator => State::IOpen,
            ConnId::Responder => State::ROpen,
        };
        self.active = Some(conn);
        self.disarm(Timer::Handshake);
        self.disarm(Timer::Tc);
        self.hbh = HopByHopIds::new(self.rng.next_u32());
        self.stats.opens += 1;
        self.events.push_back(Event::Open { conn });
        let a = self.watchdog.connection_up();
        self.apply_watchdog(now, a);
    }

    /// The §5.6.4 election, run on the responder side with the held CER.
    fn elect(&mut self, now: Instant) {
        let wins = match &self.held_cer {
            Some(h) => {
                let local = self.cfg.origin_host.iter().map(u8::to_ascii_lowercase);
                let remote = h.caps.origin_host.iter().map(u8::to_ascii_lowercase);
                local.cmp(remote) == core::cmp::Ordering::Greater
            }
            None => false,
        };
        if wins {
            // Win-Election: I-Disc, R-Snd-CEA → R-Open.
            self.stats.elections_won += 1;
            self.drop_conn(ConnId::Initiator);
            self.answer_held_cer(now);
        } else {
            self.stats.elections_lost += 1;
        }
    }

    fn update_availability(&mut self) {
        let a = self.is_available();
        if a != self.available {
            self.available = a;
            self.events.push_back(if a {
                Event::Available
            } else {
                Event::Unavailable
            });
        }
    }

    fn hand_back_pending(&mut self) {
        if self.pending.len() > 0 {
            let requests = self.pending.drain();
            self.stats.failed_over += requests.len() as u64;
            self.events.push_back(Event::FailedOver { requests });
        }
    }

    fn send_dwr(&mut self) {
        let Some(conn) = self.active else { return };
        let hbh = self.fresh_hop_by_hop();
        let e2e = self.e2e.next_id();
        self.dwr_hbh = Some(hbh);
        self.stats.dwr_sent += 1;
        let dwr = encode::dwr(&self.cfg, hbh, e2e);
        self.transmit(conn, dwr);
    }

    fn apply_watchdog(&mut self, now: Instant, a: Actions) {
        if a.stop_timer {
            self.disarm(Timer::Tw);
        }
        if a.send_dwr {
            self.send_dwr();
        }
        if a.set_timer {
            self.set_tw(now);
        }
        if a.failover {
            self.update_availability();
            self.hand_back_pending();
        }
        if a.failback {
            self.update_availability();
        }
        if a.close {
            self.enter_closed(now, CloseReason::WatchdogExpired);
        }
    }

    /// Every path back to Closed: disconnect, fail over what is pending,
    /// decide on reconnecting.
    fn enter_closed(&mut self, now: Instant, reason: CloseReason) {
        self.drop_conn(ConnId::Initiator);
        self.drop_conn(ConnId::Responder);
        self.active = None;
        self.held_cer = None;
        self.cer_hbh = None;
        self.dwr_hbh = None;
        self.dpr_hbh = None;
        self.caps = None;
        self.disarm(Timer::Handshake);
        self.disarm(Timer::DisconnectWait);
        self.disarm(Timer::Tw);
        let orderly = matches!(
            reason,
            CloseReason::Stopped | CloseReason::PeerDisconnected { .. }
        );
        // The watchdog's Failover() is done below for whatever is still
        // pending, whichever way the connection ended.
        let _ = if orderly {
            self.watchdog.reset()
        } else {
            self.watchdog.connection_down()
        };
        self.state = State::Closed;
        self.update_availability();
        self.hand_back_pending();

        let reconnect_at = if !self.wants {
            None
        } else {
            match reason {
                CloseReason::PeerDisconnected {
                    cause: Some(DisconnectCause::DO_NOT_WANT_TO_TALK_TO_YOU),
                } => None,
                CloseReason::PeerDisconnected {
                    cause: Some(DisconnectCause::BUSY),
                } => self.cfg.busy_backoff.map(|d| now + d),
                // Stop cleared `wants`; it is set again only by a Start
                // issued since, which this honours after Tc.
                _ => Some(now + self.cfg.tc),
            }
        };
        if reconnect_at.is_none() {
            self.wants = false;
        }
        self.timers[Timer::Tc as usize] = reconnect_at;
        self.events.push_back(Event::Closed {
            reason,
            reconnect_at,
        });
    }

    // ----- §5.6 events ---------------------------------------------------

    fn on_start(&mut self, now: Instant) {
        self.wants = true;
        if self.state == State::Closed {
            self.start_connect(now);
        }
    }

    fn on_stop(&mut self, now: Instant, cause: DisconnectCause) {
        self.wants = false;
        self.disarm(Timer::Tc);
        match self.state {
            State::IOpen | State::ROpen => {
                // Stop / Snd-DPR → Closing.
                if let Some(conn) = self.active {
                    let hbh = self.fresh_hop_by_hop();
                    let e2e = self.e2e.next_id();
                    self.dpr_hbh = Some(hbh);
                    let dpr = encode::dpr(&self.cfg, hbh, e2e, cause.0);
                    self.transmit(conn, dpr);
                }
                self.state = State::Closing;
                self.closing_reason = CloseReason::Stopped;
                self.disarm(Timer::Tw);
                self.arm(Timer::DisconnectWait, now + self.cfg.disconnect_timeout);
                self.update_availability();
            }
            State::Closed | State::Closing => {}
            // Not in the table: abandon the handshake (Cleanup).
            _ => self.enter_closed(now, CloseReason::Stopped),
        }
    }

    fn on_connected(&mut self, now: Instant) -> Result<(), PeerError> {
        if self.i != Link::Connecting {
            return Err(PeerError::NoConnectPending);
        }
        self.i = Link::Up;
        match self.state {
            State::WaitConnAck => {
                // I-Rcv-Conn-Ack / I-Snd-CER → Wait-I-CEA.
                self.send_cer(now);
                self.state = State::WaitICea;
            }
            State::WaitConnAckElect => {
                // I-Rcv-Conn-Ack / I-Snd-CER, Elect → Wait-Returns.
                self.send_cer(now);
                self.state = State::WaitReturns;
                self.elect(now);
            }
            _ => self.drop_conn(ConnId::Initiator),
        }
        Ok(())
    }

    fn on_connect_failed(&mut self, now: Instant) -> Result<(), PeerError> {
        if self.i != Link::Connecting {
            return Err(PeerError::NoConnectPending);
        }
        self.i = Link::None;
        match self.state {
            // I-Rcv-Conn-Nack / Cleanup → Closed.
            State::WaitConnAck => self.enter_closed(now, CloseReason::ConnectFailed),
            // I-Rcv-Conn-Nack / R-Snd-CEA → R-Open.
            State::WaitConnAckElect => self.answer_held_cer(now),
            _ => {}
        }
        Ok(())
    }

    fn on_incoming(&mut self, now: Instant, bytes: &[u8]) {
        let msg = match Message::new_checked(bytes) {
            Ok(m) => m,
            Err(e) => {
                self.stats.malformed += 1;
                self.stats.incoming_rejected += 1;
                self.fault(Fault::Malformed(e));
                self.events
                    .push_back(Event::RejectIncoming { answer: None });
                return;
            }
        };
        let is_cer =
            msg.flags().is_request() && msg.command_code() == CommandCode::CAPABILITIES_EXCHANGE;
        if !is_cer {
            self.stats.unexpected += 1;
            self.stats.incoming_rejected += 1;
            self.fault(Fault::UnexpectedMessage {
                command: msg.command_code(),
                request: msg.flags().is_request(),
            });
            self.events
                .push_back(Event::RejectIncoming { answer: None });
            return;
        }
        if !matches!(
            self.state,
            State::Closed | State::WaitConnAck | State::WaitICea
        ) {
            // R-Conn-CER / R-Reject.
            self.stats.incoming_rejected += 1;
            self.events
                .push_back(Event::RejectIncoming { answer: None });
            return;
        }
        let header = header_of(&msg);
        match caps::read(&msg, &self.cfg) {
            Err(refusal) => {
                let answer = refusal_cea(&self.cfg, &header, &refusal, msg.as_bytes());
                self.stats.cer_refused += 1;
                self.stats.incoming_rejected += 1;
                self.fault(Fault::CerRefused(refusal.code));
                self.events.push_back(Event::RejectIncoming {
                    answer: Some(answer),
                });
            }
            Ok(caps) => {
                // R-Accept, Process-CER.
                self.events.push_back(Event::AcceptIncoming);
                self.r = true;
                self.held_cer = Some(HeldCer { header, caps });
                match self.state {
                    // … R-Snd-CEA → R-Open.
                    State::Closed => self.answer_held_cer(now),
                    // … → Wait-Conn-Ack/Elect.
                    State::WaitConnAck => self.state = State::WaitConnAckElect,
                    // …, Elect → Wait-Returns.
                    _ => {
                        self.state = State::WaitReturns;
                        self.arm(Timer::Handshake, now + self.cfg.handshake_timeout);
                        self.elect(now);
                    }
                }
            }
        }
    }

    fn on_disconnected(&mut self, now: Instant, conn: ConnId) {
        if !self.has_connection(conn) {
            return;
        }
        if conn == ConnId::Initiator && self.i == Link::Connecting {
            // A failed attempt reported as a disconnect.
            let _ = self.on_connect_failed(now);
            return;
        }
        match (self.state, conn) {
            // I-Peer-Disc / I-Disc → Closed.
            (State::WaitICea, ConnId::Initiator) | (State::IOpen, ConnId::Initiator) => {
                self.enter_closed(now, CloseReason::TransportLost);
            }
            (State::ROpen, ConnId::Responder) => self.enter_closed(now, CloseReason::TransportLost),
            // I-Peer-Disc / I-Disc, R-Snd-CEA → R-Open.
            (State::WaitReturns, ConnId::Initiator) => {
                self.drop_conn(ConnId::Initiator);
                self.answer_held_cer(now);
            }
            // R-Peer-Disc / R-Disc → Wait-I-CEA.
            (State::WaitReturns, ConnId::Responder) => {
                self.drop_conn(ConnId::Responder);
                self.state = State::WaitICea;
            }
            // R-Peer-Disc / R-Disc → Wait-Conn-Ack.
            (State::WaitConnAckElect, ConnId::Responder) => {
                self.drop_conn(ConnId::Responder);
                self.state = State::WaitConnAck;
            }
            // Closing: Peer-Disc / Disc → Closed.
            (State::Closing, _) => {
                let reason = self.closing_reason;
                self.enter_closed(now, reason);
            }
            _ => self.drop_conn(conn),
        }
    }

    fn on_handshake_timeout(&mut self, now: Instant) {
        if matches!(
            self.state,
            State::WaitConnAck | State::WaitICea | State::WaitConnAckElect | State::WaitReturns
        ) {
            // Timeout / Error → Closed.
            self.enter_closed(now, CloseReason::Timeout);
        }
    }

    fn on_received(&mut self, now: Instant, conn: ConnId, bytes: &[u8]) -> Result<(), PeerError> {
        let exists = match conn {
            ConnId::Initiator => self.i == Link::Up,
            ConnId::Responder => self.r,
        };
        if !exists {
            return Err(PeerError::NoSuchConnection(conn));
        }
        let msg = match Message::new_checked(bytes) {
            Ok(m) => m,
            Err(e) => {
                // Framing is lost: Error on this connection.
                self.stats.malformed += 1;
                self.fault(Fault::Malformed(e));
                self.conn_error(now, conn, CloseReason::Malformed);
                return Ok(());
            }
        };
        match (self.state, conn) {
            (State::WaitICea | State::WaitReturns, ConnId::Initiator) => {
                self.on_handshake_message(now, &msg)
            }
            (State::WaitReturns | State::WaitConnAckElect, ConnId::Responder) => {
                // The peer must wait for our CEA: drop its connection.
                self.unexpected(&msg);
                self.on_disconnected_quiet(now, ConnId::Responder);
            }
            (State::IOpen | State::ROpen | State::Closing, c) if Some(c) == self.active => {
                self.on_open_message(now, c, &msg);
            }
            _ => self.unexpected(&msg),
        }
        Ok(())
    }

    /// R-Disc without a Peer-Disc report (our decision).
    fn on_disconnected_quiet(&mut self, now: Instant, conn: ConnId) {
        self.on_disconnected(now, conn);
    }

    fn conn_error(&mut self, now: Instant, conn: ConnId, reason: CloseReason) {
        match (self.state, conn) {
            (State::WaitReturns | State::WaitConnAckElect, ConnId::Responder) => {
                self.on_disconnected(now, conn)
            }
            (State::WaitReturns, ConnId::Initiator) => self.on_disconnected(now, conn),
            _ => self.enter_closed(now, reason),
        }
    }

    fn unexpected(&mut self, msg: &Message<&[u8]>) {
        self.stats.unexpected += 1;
        self.fault(Fault::UnexpectedMessage {
            command: msg.command_code(),
            request: msg.flags().is_request(),
        });
    }

    /// A message on the initiator connection before I-Open.
    fn on_handshake_message(&mut self, now: Instant, msg: &Message<&[u8]>) {
        let is_cea =
            !msg.flags().is_request() && msg.command_code() == CommandCode::CAPABILITIES_EXCHANGE;
        if !is_cea {
            // I-Rcv-Non-CEA / Error → Closed.
            self.unexpected(msg);
            self.enter_closed(now, CloseReason::UnexpectedMessage);
            return;
        }
        if Some(msg.hop_by_hop()) != self.cer_hbh {
            // §3: an answer with an unknown Hop-by-Hop MUST be discarded.
            self.stats.unknown_hop_by_hop += 1;
            return;
        }
        // I-Rcv-CEA / Process-CEA.
        let code = caps::result_code(msg).unwrap_or(ResultCode::UNABLE_TO_COMPLY);
        if !(2000..3000).contains(&code.0) {
            self.enter_closed(now, CloseReason::CapabilitiesRejected { result_code: code });
            return;
        }
        match caps::read(msg, &self.cfg) {
            Ok(c) => {
                if self.state == State::WaitReturns {
                    // I-Rcv-CEA / R-Disc → I-Open.
                    self.drop_conn(ConnId::Responder);
                }
                self.cer_hbh = None;
                self.caps = Some(c);
                self.enter_open(now, ConnId::Initiator);
            }
            Err(refusal) => {
                self.enter_closed(
                    now,
                    CloseReason::CapabilitiesRejected {
                        result_code: refusal.code,
                    },
                );
            }
        }
    }

    /// I-Open, R-Open and Closing: Rcv-Message, DWR/DWA, DPR/DPA.
    fn on_open_message(&mut self, now: Instant, conn: ConnId, msg: &Message<&[u8]>) {
        let flags = msg.flags();
        let cmd = msg.command_code();
        let hbh = msg.hop_by_hop();
        match (cmd, flags.is_request()) {
            (CommandCode::DEVICE_WATCHDOG, true) => {
                // Rcv-DWR / Process-DWR, Snd-DWA.
                self.stats.dwr_received += 1;
                let a = self.watchdog.receive(false);
                self.apply_watchdog_rx(now, a);
                let dwa = encode::answer(&self.cfg, &header_of(msg), ResultCode::SUCCESS, None);
                self.transmit(conn, dwa);
            }
            (CommandCode::DEVICE_WATCHDOG, false) => {
                if Some(hbh) == self.dwr_hbh {
                    // Rcv-DWA / Process-DWA.
                    self.dwr_hbh = None;
                    self.stats.dwa_received += 1;
                    let a = self.watchdog.receive(true);
                    self.apply_watchdog_rx(now, a);
                } else {
                    self.stats.unknown_hop_by_hop += 1;
                }
            }
            (CommandCode::DISCONNECT_PEER, true) => {
                // Rcv-DPR / Snd-DPA → Closing (RFC 6733 table).
                let cause = caps::disconnect_cause(msg).map(DisconnectCause);
                let dpa = encode::answer(&self.cfg, &header_of(msg), ResultCode::SUCCESS, None);
                self.transmit(conn, dpa);
                if self.state != State::Closing {
                    self.state = State::Closing;
                    self.disarm(Timer::Tw);
                    self.arm(Timer::DisconnectWait, now + self.cfg.disconnect_timeout);
                    self.update_availability();
                }
                self.closing_reason = CloseReason::PeerDisconnected { cause };
            }
            (CommandCode::DISCONNECT_PEER, false) => {
                if self.state == State::Closing && Some(hbh) == self.dpr_hbh {
                    // Rcv-DPA / Disc → Closed.
                    let reason = self.closing_reason;
                    self.enter_closed(now, reason);
                } else {
                    self.stats.unknown_hop_by_hop += 1;
                }
            }
            (CommandCode::CAPABILITIES_EXCHANGE, true) => {
                // Not in the table for an open connection: refuse politely.
                self.unexpected(msg);
                let cea = encode::cea(
                    &self.cfg,
                    &header_of(msg),
                    ResultCode::UNABLE_TO_COMPLY,
                    None,
                );
                self.transmit(conn, cea);
            }
            (CommandCode::CAPABILITIES_EXCHANGE, false) => self.unexpected(msg),
            (_, true) => self.on_request(now, conn, msg),
            (_, false) => {
                let a = self.watchdog.receive(false);
                if a.throwaway {
                    self.stats.thrown_away += 1;
                    return;
                }
                self.apply_watchdog_rx(now, a);
                match self.pending.take(hbh) {
                    Some(p) => {
                        self.stats.answers_received += 1;
                        self.events.push_back(Event::Answer {
                            id: p.id,
                            answer: msg.as_bytes().to_vec(),
                        });
                    }
                    None => self.stats.unknown_hop_by_hop += 1,
                }
            }
        }
    }

    fn apply_watchdog_rx(&mut self, now: Instant, a: Actions) {
        let a = Actions {
            throwaway: false,
            ..a
        };
        if self.state == State::Closing {
            // The connection is going away: no DWR, no Tw.
            if a.failback || a.failover {
                self.update_availability();
            }
            return;
        }
        self.apply_watchdog(now, a);
    }

    /// Rcv-Message for a request: watchdog, header checks, duplicates.
    fn on_request(&mut self, now: Instant, conn: ConnId, msg: &Message<&[u8]>) {
        let a = self.watchdog.receive(false);
        if a.throwaway {
            self.stats.thrown_away += 1;
            return;
        }
        self.apply_watchdog_rx(now, a);
        if msg.flags().is_error() {
            // E set in a request (RFC 6733 §3): 3008.
            self.unexpected(msg);
            let ans = encode::answer(
                &self.cfg,
                &header_of(msg),
                ResultCode::INVALID_HDR_BITS,
                None,
            );
            self.transmit(conn, ans);
            return;
        }
        if let Some(host) = caps::origin_host(msg) {
            let ttl = self.cfg.duplicate_cache_ttl;
            match self
                .dups
                .check(now, ttl, msg.end_to_end(), msg.hop_by_hop(), host)
            {
                Seen::New => {}
                Seen::Answered(cached) => {
                    let mut again = cached.to_vec();
                    Message::new_unchecked(&mut again[..]).set_hop_by_hop(msg.hop_by_hop());
                    self.stats.duplicates_answered += 1;
                    self.transmit(conn, again);
                    return;
                }
                Seen::InProgress => {
                    self.stats.duplicates_dropped += 1;
                    return;
                }
            }
        }
        self.stats.requests_received += 1;
        self.events.push_back(Event::Request {
            message: msg.as_bytes().to_vec(),
        });
    }
}

fn header_of(m: &Message<&[u8]>) -> Header {
    Header {
        flags: m.flags(),
        command: m.command_code(),
        application: m.application_id(),
        hop_by_hop: m.hop_by_hop(),
        end_to_end: m.end_to_end(),
    }
}

fn refusal_cea(cfg: &Config, header: &Header, r: &Refusal, msg: &[u8]) -> Vec<u8> {
    let empty;
    let failed: Option<&[u8]> = if let Some(code) = r.missing {
        empty = encode::empty_avp(code);
        Some(&empty[..])
    } else {
        r.failed_avp
            .and_then(|(off, len)| msg.get(off..off.saturating_add(len)))
    };
    encode::cea(cfg, header, r.code, failed)
}

impl Machine for Peer {
    type Input<'a> = Input<'a>;
    type Event = Event;
    type Error = PeerError;

    fn handle(&mut self, now: Instant, input: Input<'_>) -> Result<(), PeerError> {
        let now = self.observe(now);
        match input {
            Input::Start => self.on_start(now),
            Input::Stop(cause) => self.on_stop(now, cause),
            Input::Connected => self.on_connected(now)?,
            Input::ConnectFailed => self.on_connect_failed(now)?,
            Input::Incoming(bytes) => self.on_incoming(now, bytes),
            Input::Received { conn, message } => self.on_received(now, conn, message)?,
            Input::Disconnected(conn) => self.on_disconnected(now, conn),
        }
        Ok(())
    }

    fn poll_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    fn poll_timeout(&self) -> Option<Instant> {
        let t = self
            .timers
            .iter()
            .flatten()
            .copied()
            .chain(self.pending.next_deadline())
            .min()?;
        Some(t.max(self.last_now))
    }

    fn handle_timeout(&mut self, now: Instant) {
        let now = self.observe(now);
        for t in ALL_TIMERS {
            if !self.due(t, now) {
                continue;
            }
            self.disarm(t);
            match t {
                Timer::Handshake => self.on_handshake_timeout(now),
                Timer::DisconnectWait => {
                    if self.state == State::Closing {
                        let reason = self.closing_reason;
                        self.enter_closed(now, reason);
                    }
                }
                Timer::Tw => {
                    if matches!(self.state, State::IOpen | State::ROpen) {
                        let a = self.watchdog.timer_expired();
                        self.apply_watchdog(now, a);
                    }
                }
                Timer::Tc => {
                    if self.state == State::Closed && self.wants {
                        self.start_connect(now);
                    }
                }
            }
        }
        while let Some(request) = self.pending.pop_expired(now) {
            self.stats.timed_out += 1;
            self.events.push_back(Event::TimedOut { request });
        }
        self.dups.prune(now);
    }
}
