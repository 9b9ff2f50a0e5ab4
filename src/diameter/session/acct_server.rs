//! The accounting session server (RFC 6733 §8.2 tables "SERVER, STATELESS
//! ACCOUNTING" and "SERVER, STATEFUL ACCOUNTING", §9.4 duplicate
//! detection).

use alloc::collections::VecDeque;
use core::time::Duration;

use super::avps::SessionAvps;
use super::common::{
    not_before, secs, AccountingRecordType, DownReason, Initiator, Local, RealtimeRequired,
    SessionError, SessionId,
};
use super::outgoing::{answer_to, Outgoing};
use super::table::{Deadline, Table};
use crate::diameter::wire::{ApplicationId, CommandCode, Message, ResultCode};
use crate::machine::Machine;
use crate::time::Instant;

/// Which server table the machine follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum AcctServerMode {
    /// "SERVER, STATELESS ACCOUNTING", the default state machine every
    /// application follows unless it specifies another (RFC 6733 §8.2).
    /// Per-session sequencing is still tracked for duplicate detection.
    #[default]
    Stateless,
    /// "SERVER, STATEFUL ACCOUNTING": Idle/Open with the supervision
    /// timer Ts (recommended only with DELIVER_AND_GRANT, RFC 6733 §8.2).
    Stateful,
}

/// Configuration of an [`AcctServer`].
#[derive(Debug, Clone)]
pub struct AcctServerConfig {
    /// Origin-Host / Origin-Realm of this server.
    pub local: Local,
    /// Stateless (default) or stateful table.
    pub mode: AcctServerMode,
    /// Sessions tracked (default 4096). When full, the oldest closed entry
    /// is evicted; with none, the request gets DIAMETER_OUT_OF_SPACE.
    pub max_sessions: usize,
    /// Ts when the session has no Acct-Interim-Interval (default `None`:
    /// no supervision). With an interval, Ts is twice it (RFC 6733 §8.2:
    /// "Ts MAY be set to two times the value of the Acct_Interim_Interval").
    pub default_ts: Option<Duration>,
    /// How long a stopped (or, stateless, idle) session's record numbers
    /// are kept to recognise duplicates (default 300 s).
    pub duplicate_window: Duration,
    /// Acct-Interim-Interval to impose in every ACA (RFC 6733 §9.1: the
    /// server MAY override it). Default `None`.
    pub interim_interval: Option<u32>,
    /// Accounting-Realtime-Required to impose in every ACA. Default `None`.
    pub realtime: Option<RealtimeRequired>,
}

impl AcctServerConfig {
    /// A configuration with the documented defaults.
    #[must_use]
    pub fn new(local: Local) -> Self {
        AcctServerConfig {
            local,
            mode: AcctServerMode::Stateless,
            max_sessions: 4096,
            default_ts: None,
            duplicate_window: Duration::from_secs(300),
            interim_interval: None,
            realtime: None,
        }
    }
}

/// Inputs of an [`AcctServer`].
#[derive(Debug, Clone, Copy)]
pub enum AcctServerInput<'a> {
    /// An Accounting-Request. `can_store` is the application's answer to
    /// "is there space to store this record?" (false → DIAMETER_OUT_OF_SPACE,
    /// RFC 6733 §8.2).
    Request {
        /// The parsed ACR.
        msg: Message<&'a [u8]>,
        /// Whether the application can store the record.
        can_store: bool,
    },
}

/// Events of an [`AcctServer`].
// Events hold an `Outgoing` inline (about 1 KiB) on purpose: no heap per
// message. They are moved once, from the queue to the caller.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub enum AcctServerEvent {
    /// Send this ACA.
    Transmit(Outgoing),
    /// A new record to keep (the application stores the ACR it passed in).
    Record {
        /// Session.
        session_id: SessionId,
        /// Record type.
        record_type: AccountingRecordType,
        /// Accounting-Record-Number.
        number: u32,
        /// Records skipped before this one (numbers never seen between the
        /// previous highest and this one), 0 when in sequence.
        gap: u32,
        /// The record arrived after a higher-numbered one of its session.
        late: bool,
    },
    /// A record seen before (same Session-Id and Accounting-Record-Number,
    /// RFC 6733 §9.4): acknowledged again, not to be stored twice.
    Duplicate {
        /// Session.
        session_id: SessionId,
        /// Record type.
        record_type: AccountingRecordType,
        /// Accounting-Record-Number.
        number: u32,
    },
    /// Stateful mode: a session opened (START, or a first INTERIM).
    SessionUp {
        /// Session.
        session_id: SessionId,
    },
    /// Stateful mode: a session returned to Idle.
    SessionDown {
        /// Session.
        session_id: SessionId,
        /// Who ended it.
        initiator: Initiator,
        /// Why.
        reason: DownReason,
    },
}

/// Counters of an [`AcctServer`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AcctServerStats {
    /// ACRs answered.
    pub requests: u64,
    /// New records reported.
    pub records: u64,
    /// Duplicates detected.
    pub duplicates: u64,
    /// Records missing in sequences (sum of gaps).
    pub gaps: u64,
    /// Records that arrived out of order.
    pub late: u64,
    /// Answers with DIAMETER_OUT_OF_SPACE (table full or no storage).
    pub out_of_space: u64,
    /// Closed entries evicted to make room.
    pub evicted: u64,
    /// Supervision timer expiries.
    pub ts_expired: u64,
    /// ACRs without Session-Id, record type or number (answered 5005).
    pub malformed: u64,
}

/// Width of the duplicate-detection window per session (record numbers
/// below the highest minus this are reported as duplicates).
pub const DUPLICATE_WINDOW_RECORDS: u32 = 64;

#[derive(Debug, Clone, Copy)]
struct Entry {
    open: bool,
    highest: u32,
    /// Bit i set: record number `highest - i` was seen.
    seen: u64,
    interval: Option<u32>,
    /// Ts deadline (open, stateful) or the end of the duplicate window.
    expires_at: Instant,
}

impl Deadline for Entry {
    fn deadline(&self) -> Option<Instant> {
        Some(self.expires_at).filter(|&t| t != Instant::MAX)
    }
}

impl Entry {
    /// Marks `n` seen; returns `None` for a duplicate, else (gap, late).
    fn see(&mut self, n: u32) -> Option<(u32, bool)> {
        if n > self.highest {
            let shift = n - self.highest;
            self.seen = if shift >= 64 { 0 } else { self.seen << shift };
            self.seen |= 1;
            let gap = shift - 1;
            self.highest = n;
            Some((gap, false))
        } else {
            let d = self.highest - n;
            if d >= DUPLICATE_WINDOW_RECORDS {
                return None;
            }
            let bit = 1u64 << d;
            if self.seen & bit != 0 {
                None
            } else {
                self.seen |= bit;
                Some((0, true))
            }
        }
    }
}

/// The accounting server.
///
/// ```text
///                       SERVER, STATELESS ACCOUNTING (RFC 6733 §8.2)
///   State     Event                          Action       New State
///   ---------------------------------------------------------------
///   Idle      Accounting start request       Send         Idle
///             received and successfully      accounting
///             processed.                     start
///                                            answer
///   Idle      Accounting event request       Send         Idle
///             received and successfully      accounting
///             processed.                     event
///                                            answer
///   Idle      Interim record received        Send         Idle
///             and successfully processed.    accounting
///                                            interim
///                                            answer
///   Idle      Accounting stop request        Send         Idle
///             received and successfully      accounting
///             processed                      stop answer
///   Idle      Accounting request received;   Send         Idle
///             no space left to store         accounting
///             records                        answer;
///                                            Result-Code =
///                                            OUT_OF_
///                                            SPACE
///
///                       SERVER, STATEFUL ACCOUNTING (RFC 6733 §8.2)
///   State     Event                          Action       New State
///   ---------------------------------------------------------------
///   Idle      Accounting start request       Send         Open
///             received and successfully      accounting
///             processed.                     start
///                                            answer;
///                                            Start Ts
///   Idle      Accounting event request       Send         Idle
///             received and successfully      accounting
///             processed.                     event
///                                            answer
///   Idle      Accounting request received;   Send         Idle
///             no space left to store         accounting
///             records                        answer;
///                                            Result-Code =
///                                            OUT_OF_
///                                            SPACE
///   Open      Interim record received        Send         Open
///             and successfully processed.    accounting
///                                            interim
///                                            answer;
///                                            Restart Ts
///   Open      Accounting stop request        Send         Idle
///             received and successfully      accounting
///             processed                      stop answer;
///                                            Stop Ts
///   Open      Accounting request received;   Send         Idle
///             no space left to store         accounting
///             records                        answer;
///                                            Result-Code =
///                                            OUT_OF_
///                                            SPACE;
///                                            Stop Ts
///   Open      Session supervision timer Ts   Stop Ts      Idle
///             expired
/// ```
///
/// Both modes keep, per Session-Id, the highest Accounting-Record-Number
/// seen and a 64-record window of the numbers below it, so duplicates
/// (RFC 6733 §9.4: "MUST detect duplicate accounting records … based on
/// the inspection of the Session-Id and Accounting-Record-Number AVP
/// pairs") are answered with success but reported as
/// [`AcctServerEvent::Duplicate`], and gaps and late arrivals are
/// reported with each [`AcctServerEvent::Record`]. A stopped session's
/// entry is kept for [`AcctServerConfig::duplicate_window`].
///
/// Choices where the stateful table is silent: an INTERIM in Idle (its
/// START lost or still buffered at the client) opens the session; a STOP
/// in Idle is answered and stays Idle; START and EVENT in Open are
/// answered (and checked for duplicates) without a state change.
#[derive(Debug)]
pub struct AcctServer {
    config: AcctServerConfig,
    entries: Table<Entry>,
    events: VecDeque<AcctServerEvent>,
    last_now: Instant,
    stats: AcctServerStats,
}

impl AcctServer {
    /// A server with no sessions.
    #[must_use]
    pub fn new(config: AcctServerConfig) -> Self {
        AcctServer {
            config,
            entries: Table::new(),
            events: VecDeque::new(),
            last_now: Instant::ZERO,
            stats: AcctServerStats::default(),
        }
    }

    /// The configuration.
    #[must_use]
    pub fn config(&self) -> &AcctServerConfig {
        &self.config
    }

    /// Counters.
    #[must_use]
    pub fn stats(&self) -> AcctServerStats {
        self.stats
    }

    /// Entries tracked (never above `max_sessions`).
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether nothing is tracked.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Whether the session is Open (stateful mode).
    #[must_use]
    pub fn is_open(&self, session_id: &[u8]) -> bool {
        SessionId::from_bytes(session_id)
            .and_then(|k| self.entries.get(&k))
            .is_some_and(|e| e.open)
    }

    /// The highest Accounting-Record-Number seen for the session.
    #[must_use]
    pub fn highest_record_number(&self, session_id: &[u8]) -> Option<u32> {
        SessionId::from_bytes(session_id)
            .and_then(|k| self.entries.get(&k))
            .map(|e| e.highest)
    }

    fn tick(&mut self, now: Instant) -> Instant {
        if now > self.last_now {
            self.last_now = now;
        }
        self.last_now
    }

    fn ts(&self, interval: Option<u32>) -> Option<Duration> {
        match interval.filter(|&i| i != 0) {
            Some(i) => Some(secs(i) * 2),
            None => self.config.default_ts,
        }
    }

    fn answer(
        &mut self,
        msg: &Message<&[u8]>,
        key: SessionId,
        rc: ResultCode,
        a: &SessionAvps<'_>,
    ) {
        let mut out = answer_to(msg, key, rc);
        out.avps.accounting_record_type = a.accounting_record_type;
        out.avps.accounting_record_number = a.accounting_record_number;
        out.avps.acct_application_id = a.acct_application_id.map(ApplicationId);
        if is_ok(rc) {
            out.avps.acct_interim_interval = self.config.interim_interval;
            out.avps.accounting_realtime_required = self.config.realtime.map(|r| r.value());
        }
        self.stats.requests += 1;
        self.events.push_back(AcctServerEvent::Transmit(out));
    }

    fn close(&mut self, now: Instant, key: SessionId, initiator: Initiator, reason: DownReason) {
        let window = self.config.duplicate_window;
        let stateful = self.config.mode == AcctServerMode::Stateful;
        if let Some(mut e) = self.entries.get(&key) {
            let was_open = e.open;
            e.open = false;
            e.expires_at = now + window;
            self.entries.insert(key, e);
            if was_open && stateful {
                self.events.push_back(AcctServerEvent::SessionDown {
                    session_id: key,
                    initiator,
                    reason,
                });
            }
        }
    }

    /// Makes room for a new entry; `false` when the table is full of open
    /// sessions.
    fn make_room(&mut self) -> bool {
        if self.entries.len() < self.config.max_sessions {
            return true;
        }
        // Closed entries always have a finite expiry, so the deadline index
        // lists them oldest first.
        let victim = self
            .entries
            .by_deadline()
            .find(|k| self.entries.get(k).is_some_and(|e| !e.open))
            .copied();
        match victim {
            Some(k) => {
                self.entries.remove(&k);
                self.stats.evicted += 1;
                true
            }
            None => false,
        }
    }

    fn on_request(&mut self, now: Instant, msg: &Message<&[u8]>, can_store: bool) {
        let a = SessionAvps::scan(msg);
        let Some(key) = a.session_id.and_then(SessionId::from_bytes) else {
            self.stats.malformed += 1;
            return;
        };
        let (Some(ty), Some(number)) = (
            a.accounting_record_type
                .and_then(AccountingRecordType::from_value),
            a.accounting_record_number,
        ) else {
            self.stats.malformed += 1;
            self.answer(msg, key, ResultCode::MISSING_AVP, &a);
            return;
        };
        let stateful = self.config.mode == AcctServerMode::Stateful;
        let existing = self.entries.get(&key);
        if !can_store {
            self.stats.out_of_space += 1;
            self.answer(msg, key, ResultCode::OUT_OF_SPACE, &a);
            self.close(now, key, Initiator::Local, DownReason::OutOfSpace);
            return;
        }
        let mut e = match existing {
            Some(e) => e,
            None => {
                if !self.make_room() {
                    self.stats.out_of_space += 1;
                    self.answer(msg, key, ResultCode::OUT_OF_SPACE, &a);
                    return;
                }
                Entry {
                    open: false,
                    // One below the first expected number (0), so a first
                    // record numbered n reports a gap of n.
                    highest: 0,
                    seen: 0,
                    interval: None,
                    expires_at: now + self.config.duplicate_window,
                }
            }
        };
        if let Some(i) = self.config.interim_interval.or(a.acct_interim_interval) {
            e.interval = Some(i).filter(|&i| i != 0);
        }
        let seen = if existing.is_none() {
            e.highest = number;
            e.seen = 1;
            Some((number, false))
        } else {
            e.see(number)
        };
        let Some((gap, late)) = seen else {
            self.entries.insert(key, e);
            self.stats.duplicates += 1;
            self.answer(msg, key, ResultCode::SUCCESS, &a);
            self.events.push_back(AcctServerEvent::Duplicate {
                session_id: key,
                record_type: ty,
                number,
            });
            return;
        };
        self.stats.records += 1;
        self.stats.gaps += u64::from(gap);
        if late {
            self.stats.late += 1;
        }
        let was_open = e.open;
        let ts = self.ts(e.interval);
        match ty {
            AccountingRecordType::Start | AccountingRecordType::Interim if stateful => {
                e.open = true;
                e.expires_at = match ts {
                    Some(ts) => now + ts,
                    None => Instant::MAX,
                };
            }
            AccountingRecordType::Stop | AccountingRecordType::Event if stateful => {}
            _ => e.expires_at = now + self.config.duplicate_window,
        }
        self.entries.insert(key, e);
        self.answer(msg, key, ResultCode::SUCCESS, &a);
        self.events.push_back(AcctServerEvent::Record {
            session_id: key,
            record_type: ty,
            number,
            gap,
            late,
        });
        if stateful && e.open && !was_open {
            self.events
                .push_back(AcctServerEvent::SessionUp { session_id: key });
        }
        if stateful && ty == AccountingRecordType::Stop {
            if was_open {
                self.close(now, key, Initiator::Peer, DownReason::AccountingStopped);
            } else {
                self.linger(now, key);
            }
        }
        if stateful && ty == AccountingRecordType::Event && !e.open {
            self.linger(now, key);
        }
    }

    /// Keeps a closed entry for the duplicate window from now.
    fn linger(&mut self, now: Instant, key: SessionId) {
        if let Some(mut e) = self.entries.get(&key) {
            e.expires_at = now + self.config.duplicate_window;
            self.entries.insert(key, e);
        }
    }
}

fn is_ok(rc: ResultCode) -> bool {
    (2000..3000).contains(&rc.0)
}

impl Machine for AcctServer {
    type Input<'a> = AcctServerInput<'a>;
    type Event = AcctServerEvent;
    type Error = SessionError;

    fn handle(&mut self, now: Instant, input: AcctServerInput<'_>) -> Result<(), SessionError> {
        let now = self.tick(now);
        match input {
            AcctServerInput::Request { msg, can_store } => {
                if !msg.flags().is_request() || msg.command_code() != CommandCode::ACCOUNTING {
                    self.stats.malformed += 1;
                } else {
                    self.on_request(now, &msg, can_store);
                }
            }
        }
        Ok(())
    }

    fn poll_event(&mut self) -> Option<AcctServerEvent> {
        self.events.pop_front()
    }

    fn poll_timeout(&self) -> Option<Instant> {
        self.entries
            .next_deadline()
            .map(|t| not_before(t, self.last_now))
    }

    fn handle_timeout(&mut self, now: Instant) {
        let now = self.tick(now);
        for key in self.entries.due(now) {
            let open = self.entries.get(&key).is_some_and(|e| e.open);
            if open {
                // "Open  Session supervision timer Ts expired  Stop Ts  Idle"
                self.stats.ts_expired += 1;
                self.close(now, key, Initiator::Local, DownReason::SupervisionExpired);
            } else {
                self.entries.remove(&key);
            }
        }
    }
}
