//! The accounting session client (RFC 6733 §8.2 table "CLIENT,
//! ACCOUNTING", §9).

use alloc::collections::VecDeque;
use core::time::Duration;

use super::avps::SessionAvps;
use super::common::{
    is_acct_send_failure, is_success, not_before, secs, AccountingRecordType, DownReason,
    IdentityBuf, Initiator, Jitter, Local, RealtimeRequired, SessionError, SessionId,
};
use super::id::SessionIdGenerator;
use super::outgoing::{request, Outgoing};
use super::table::{Deadline, Table};
use crate::diameter::wire::{ApplicationId, CommandCode, Message, ResultCode};
use crate::machine::Machine;
use crate::time::Instant;

/// Configuration of an [`AcctClient`].
#[derive(Debug, Clone)]
pub struct AcctClientConfig {
    /// Origin-Host / Origin-Realm of this client.
    pub local: Local,
    /// Application-Id of the ACR header and Acct-Application-Id: default 3,
    /// base accounting (RFC 6733 §9.3: "it is preferred that the split
    /// accounting model be used").
    pub application_id: ApplicationId,
    /// Destination-Realm of ACRs.
    pub destination_realm: IdentityBuf,
    /// Destination-Host of ACRs, if pinned.
    pub destination_host: Option<IdentityBuf>,
    /// Accounting session table capacity (default 4096).
    pub max_sessions: usize,
    /// Records the client may buffer while the server is unreachable
    /// (default 1024; RFC 6733 §9.4).
    pub buffer_capacity: usize,
    /// How long to wait for an ACA before treating the request as a
    /// "failure to send" (default 30 s, local policy).
    pub request_timeout: Duration,
    /// How long to wait before retrying to flush the buffer after a failed
    /// attempt (default 30 s).
    pub flush_retry_interval: Duration,
    /// Acct-Interim-Interval in seconds until the authorization or
    /// accounting server says otherwise (default `None`: RFC 6733 §9.8.2
    /// "omission … means that EVENT_RECORD, START_RECORD, and STOP_RECORD
    /// are produced").
    pub interim_interval: Option<u32>,
    /// Interim records are sent up to this percentage of the interval early
    /// (RFC 6733 §9.8.2: "The client MUST ensure that the interim record
    /// production times are randomized"). Default 10.
    pub interim_jitter_percent: u8,
    /// Seed of the jitter generator (caller-supplied randomness).
    pub jitter_seed: u64,
    /// Accounting-Realtime-Required until the server says otherwise
    /// (default GRANT_AND_STORE, RFC 6733 §9.8.7).
    pub realtime: RealtimeRequired,
    /// High 32 bits of generated Session-Ids (RFC 6733 §8.8).
    pub session_id_high: u32,
    /// First End-to-End Identifier (RFC 6733 §3).
    pub end_to_end_seed: u32,
}

impl AcctClientConfig {
    /// A configuration with the documented defaults.
    #[must_use]
    pub fn new(local: Local, destination_realm: IdentityBuf) -> Self {
        AcctClientConfig {
            local,
            application_id: ApplicationId::BASE_ACCOUNTING,
            destination_realm,
            destination_host: None,
            max_sessions: 4096,
            buffer_capacity: 1024,
            request_timeout: Duration::from_secs(30),
            flush_retry_interval: Duration::from_secs(30),
            interim_interval: None,
            interim_jitter_percent: 10,
            jitter_seed: 0,
            realtime: RealtimeRequired::GrantAndStore,
            session_id_high: 0,
            end_to_end_seed: 0,
        }
    }
}

/// Inputs of an [`AcctClient`].
#[derive(Debug, Clone, Copy)]
pub enum AcctClientInput<'a> {
    /// An Accounting-Answer.
    Answer(Message<&'a [u8]>),
    /// The peer layer could not deliver an ACR ("Failure to send").
    SendFailed {
        /// The ACR's Session-Id.
        session_id: &'a [u8],
        /// Its Accounting-Record-Number.
        record_number: u32,
    },
    /// The accounting server is reachable again (e.g. the peer reopened):
    /// flush the buffered records now.
    ServerReachable,
}

/// Events of an [`AcctClient`].
// Events hold an `Outgoing` inline (about 1 KiB) on purpose: no heap per
// message. They are moved once, from the queue to the caller.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub enum AcctClientEvent {
    /// Send this ACR. `tag` is the caller data given for the record; add
    /// the record's usage AVPs through [`Outgoing::begin`].
    Transmit(Outgoing),
    /// The server acknowledged the record.
    Delivered {
        /// Session.
        session_id: SessionId,
        /// Record type.
        record_type: AccountingRecordType,
        /// Accounting-Record-Number.
        number: u32,
    },
    /// The record was stored for later delivery.
    Stored {
        /// Session.
        session_id: SessionId,
        /// Record type.
        record_type: AccountingRecordType,
        /// Accounting-Record-Number.
        number: u32,
    },
    /// The record was lost (no buffer space, or a stored interim record
    /// overwritten by a newer one as RFC 6733 §9.5 requires).
    Dropped {
        /// Session.
        session_id: SessionId,
        /// Record type.
        record_type: AccountingRecordType,
        /// Accounting-Record-Number.
        number: u32,
    },
    /// The server rejected the record (a non-transient failure).
    Rejected {
        /// Session.
        session_id: SessionId,
        /// Record type.
        record_type: AccountingRecordType,
        /// Accounting-Record-Number.
        number: u32,
        /// The answer's Result-Code.
        result_code: ResultCode,
    },
    /// The accounting session returned to Idle. With
    /// [`DownReason::AccountingFailed`] this is the RFC's "Disconnect
    /// user/dev" action: the caller MUST also end the authorization session
    /// (RFC 6733 §8.2: it "MUST also have an effect on the authorization
    /// session state table, e.g., cause the STR message to be sent").
    SessionDown {
        /// Session.
        session_id: SessionId,
        /// Who ended it.
        initiator: Initiator,
        /// Why.
        reason: DownReason,
    },
}

/// The public view of an accounting session's state (RFC 6733 §8.2 names;
/// PendingB is the buffer flush, see [`AcctClient::flushing`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AcctClientState {
    /// No accounting session.
    Idle,
    /// START sent.
    PendingS,
    /// Started.
    Open,
    /// INTERIM sent.
    PendingI,
    /// STOP sent.
    PendingL,
    /// EVENT sent.
    PendingE,
}

/// Counters of an [`AcctClient`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AcctClientStats {
    /// ACRs transmitted (live and flushed).
    pub records_sent: u64,
    /// Records acknowledged.
    pub delivered: u64,
    /// Records put in the buffer.
    pub stored: u64,
    /// Records lost for lack of buffer space (or refused by
    /// DELIVER_AND_GRANT).
    pub dropped: u64,
    /// Stored interim records replaced by a newer one (RFC 6733 §9.5).
    pub overwritten: u64,
    /// Records the server rejected.
    pub rejected: u64,
    /// Buffered records delivered.
    pub flushed: u64,
    /// "Disconnect user/dev" actions.
    pub disconnects: u64,
    /// Commands refused because the session table was full.
    pub table_full: u64,
    /// ACRs without an answer in time.
    pub timeouts: u64,
    /// Answers that matched no outstanding record.
    pub unknown: u64,
    /// Largest buffer occupancy seen.
    pub buffer_high_water: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum St {
    PendingS { deadline: Instant },
    Open { interim_at: Option<Instant> },
    PendingI { deadline: Instant },
    PendingL { deadline: Instant },
    PendingE { deadline: Instant },
}

#[derive(Debug, Clone, Copy)]
struct Session {
    st: St,
    /// The record in flight (or last sent): its number and tag.
    number: u32,
    tag: u64,
    /// The next Accounting-Record-Number to assign.
    next_number: u32,
    interval: Option<u32>,
    realtime: RealtimeRequired,
    /// The user's service ended while a START or INTERIM was pending: the
    /// STOP (with this tag) follows as soon as that record is resolved.
    stop_requested: Option<u64>,
}

#[derive(Debug, Clone, Copy)]
struct Stored {
    session_id: SessionId,
    record_type: AccountingRecordType,
    number: u32,
    tag: u64,
    interval: Option<u32>,
}

#[derive(Debug, Clone, Copy)]
struct InFlight {
    session_id: SessionId,
    number: u32,
    deadline: Instant,
}

/// The accounting client: one machine for every accounting session of a
/// node, plus the bounded record buffer.
///
/// ```text
///                            CLIENT, ACCOUNTING (RFC 6733 §8.2)
///   State     Event                          Action       New State
///   ---------------------------------------------------------------
///   Idle      Client or device requests      Send         PendingS
///             access                         accounting
///                                            start req.
///   Idle      Client or device requests      Send         PendingE
///             a one-time service             accounting
///                                            event req
///   Idle      Records in storage             Send         PendingB
///                                            record
///   PendingS  Successful accounting                       Open
///             start answer received
///   PendingS  Failure to send and buffer     Store        Open
///             space available and real time  Start
///             not equal to DELIVER_AND_GRANT Record
///   PendingS  Failure to send and no buffer               Open
///             space available and real time
///             equal to GRANT_AND_LOSE
///   PendingS  Failure to send and no         Disconnect   Idle
///             buffer space available and     user/dev
///             real time not equal to
///             GRANT_AND_LOSE
///   PendingS  Failed accounting start answer              Open
///             received and real time equal
///             to GRANT_AND_LOSE
///   PendingS  Failed accounting start answer Disconnect   Idle
///             received and real time not     user/dev
///             equal to GRANT_AND_LOSE
///   PendingS  User service terminated        Store        PendingS
///                                            stop
///                                            record
///   Open      Interim interval elapses       Send         PendingI
///                                            accounting
///                                            interim
///                                            record
///   Open      User service terminated        Send         PendingL
///                                            accounting
///                                            stop req.
///   PendingI  Successful accounting interim               Open
///             answer received
///   PendingI  Failure to send and (buffer    Store        Open
///             space available or old         interim
///             record can be overwritten)     record
///             and real time not equal to
///             DELIVER_AND_GRANT
///   PendingI  Failure to send and no buffer               Open
///             space available and real time
///             equal to GRANT_AND_LOSE
///   PendingI  Failure to send and no         Disconnect   Idle
///             buffer space available and     user/dev
///             real time not equal to
///             GRANT_AND_LOSE
///   PendingI  Failed accounting interim                   Open
///             answer received and real time
///             equal to GRANT_AND_LOSE
///   PendingI  Failed accounting interim      Disconnect   Idle
///             answer received and            user/dev
///             real time not equal to
///             GRANT_AND_LOSE
///   PendingI  User service terminated        Store        PendingI
///                                            stop
///                                            record
///   PendingE  Successful accounting                       Idle
///             event answer received
///   PendingE  Failure to send and buffer     Store        Idle
///             space available                event
///                                            record
///   PendingE  Failure to send and no buffer               Idle
///             space available
///   PendingE  Failed accounting event answer              Idle
///             received
///   PendingB  Successful accounting answer   Delete       Idle
///             received                       record
///   PendingB  Failure to send                             Idle
///   PendingB  Failed accounting answer       Delete       Idle
///             received                       record
///   PendingL  Successful accounting                       Idle
///             stop answer received
///   PendingL  Failure to send and buffer     Store        Idle
///             space available                stop
///                                            record
///   PendingL  Failure to send and no buffer               Idle
///             space available
///   PendingL  Failed accounting stop answer               Idle
///             received
/// ```
///
/// "Failure to send" is a [`AcctClientInput::SendFailed`], no ACA within
/// [`AcctClientConfig::request_timeout`], or an ACA with
/// DIAMETER_OUT_OF_SPACE, DIAMETER_TOO_BUSY or DIAMETER_LOOP_DETECTED
/// (RFC 6733 §8.2); any other non-2xxx ACA is a "failed answer".
///
/// The buffer and PendingB: stored records live in one bounded FIFO shared
/// by all sessions ([`AcctClientConfig::buffer_capacity`]). The RFC's
/// per-session "Idle / Records in storage / PendingB" rows become one flush
/// loop: whenever the server shows it is reachable (a successful ACA, or
/// [`AcctClientInput::ServerReachable`]) or the retry timer fires, the
/// oldest record is sent; its success or failed answer deletes it and sends
/// the next, a failure to send stops the flush until the retry timer. At
/// most one buffered record is in flight, so records are delivered in the
/// order they were stored. While a session has records in the buffer, its
/// new records are stored behind them instead of being sent live, so the
/// server sees each session's records in Accounting-Record-Number order.
///
/// Choices where the table is silent:
///
/// * "Failure to send" with buffer space but DELIVER_AND_GRANT is not
///   listed for PendingS/PendingI; DELIVER_AND_GRANT means "service MUST
///   only be granted as long as there is a connection", so the user is
///   disconnected and the record dropped;
/// * "User service terminated" while PendingS/PendingI: the STOP is not
///   put in the buffer ahead of the pending record (that would reorder
///   the session's records) but remembered, and sent or stored right after
///   the pending record is resolved, so the session then moves through
///   Open to PendingL (or Idle);
/// * a stored interim record is overwritten by a newer one of the same
///   session (RFC 6733 §9.5: "The Diameter client MUST overwrite any
///   previous interim accounting records that are locally stored");
/// * Accounting-Record-Number: 0 for START and EVENT, then 1, 2, … for
///   INTERIM and STOP (RFC 6733 §9.8.3), strictly increasing per session;
/// * Acct-Interim-Interval and Accounting-Realtime-Required in an ACA
///   override the session's values (RFC 6733 §9.1: "the latest value
///   received SHOULD be used").
#[derive(Debug)]
pub struct AcctClient {
    config: AcctClientConfig,
    sessions: Table<Session>,
    buffer: VecDeque<Stored>,
    flight: Option<InFlight>,
    flush_retry_at: Option<Instant>,
    events: VecDeque<AcctClientEvent>,
    ids: SessionIdGenerator,
    end_to_end: u32,
    jitter: Jitter,
    last_now: Instant,
    stats: AcctClientStats,
}

impl Deadline for Session {
    fn deadline(&self) -> Option<Instant> {
        match self.st {
            St::Open { interim_at } => interim_at,
            St::PendingS { deadline }
            | St::PendingI { deadline }
            | St::PendingL { deadline }
            | St::PendingE { deadline } => Some(deadline),
        }
    }
}

impl AcctClient {
    /// A client with no sessions and an empty buffer.
    #[must_use]
    pub fn new(config: AcctClientConfig) -> Self {
        AcctClient {
            ids: SessionIdGenerator::new(config.session_id_high),
            end_to_end: config.end_to_end_seed,
            jitter: Jitter::new(config.jitter_seed),
            buffer: VecDeque::with_capacity(config.buffer_capacity.min(4096)),
            config,
            sessions: Table::new(),
            flight: None,
            flush_retry_at: None,
            events: VecDeque::new(),
            last_now: Instant::ZERO,
            stats: AcctClientStats::default(),
        }
    }

    /// The configuration.
    #[must_use]
    pub fn config(&self) -> &AcctClientConfig {
        &self.config
    }

    /// Counters.
    #[must_use]
    pub fn stats(&self) -> AcctClientStats {
        self.stats
    }

    /// Accounting sessions in the table (never above `max_sessions`).
    #[must_use]
    pub fn len(&self) -> usize {
        self.sessions.len()
    }

    /// Whether no accounting session is active.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.sessions.is_empty()
    }

    /// Records in the buffer (never above `buffer_capacity`).
    #[must_use]
    pub fn buffered(&self) -> usize {
        self.buffer.len()
    }

    /// The buffered records, oldest first: (Session-Id, type, number).
    pub fn buffered_records(
        &self,
    ) -> impl Iterator<Item = (&SessionId, AccountingRecordType, u32)> {
        self.buffer
            .iter()
            .map(|r| (&r.session_id, r.record_type, r.number))
    }

    /// Whether a buffered record is in flight (the RFC's PendingB).
    #[must_use]
    pub fn flushing(&self) -> bool {
        self.flight.is_some()
    }

    /// The state of an accounting session.
    #[must_use]
    pub fn state(&self, session_id: &[u8]) -> AcctClientState {
        match SessionId::from_bytes(session_id).and_then(|k| self.sessions.get(&k)) {
            None => AcctClientState::Idle,
            Some(s) => match s.st {
                St::PendingS { .. } => AcctClientState::PendingS,
                St::Open { .. } => AcctClientState::Open,
                St::PendingI { .. } => AcctClientState::PendingI,
                St::PendingL { .. } => AcctClientState::PendingL,
                St::PendingE { .. } => AcctClientState::PendingE,
            },
        }
    }

    /// The next Accounting-Record-Number the session will use.
    #[must_use]
    pub fn next_record_number(&self, session_id: &[u8]) -> Option<u32> {
        SessionId::from_bytes(session_id)
            .and_then(|k| self.sessions.get(&k))
            .map(|s| s.next_number)
    }

    fn tick(&mut self, now: Instant) -> Instant {
        if now > self.last_now {
            self.last_now = now;
        }
        self.last_now
    }

    fn new_session(&mut self, session_id: Option<&[u8]>) -> Result<SessionId, SessionError> {
        if self.sessions.len() >= self.config.max_sessions {
            self.stats.table_full += 1;
            return Err(SessionError::TableFull {
                capacity: self.config.max_sessions,
            });
        }
        let key = match session_id {
            Some(b) => SessionId::from_bytes(b).ok_or(SessionError::SessionIdTooLong {
                max: super::common::MAX_SESSION_ID_LEN,
            })?,
            None => {
                let host = self.config.local.origin_host;
                self.ids.next(host.as_str().unwrap_or_default(), None)?
            }
        };
        if self.sessions.contains_key(&key) {
            return Err(SessionError::Duplicate);
        }
        Ok(key)
    }

    /// "Client or device requests access": starts an accounting session
    /// (with `session_id`, e.g. the authorization session's, or a new one)
    /// and sends its START record (number 0). `tag` is returned with the
    /// record's transmit event.
    pub fn start(
        &mut self,
        now: Instant,
        session_id: Option<&[u8]>,
        tag: u64,
    ) -> Result<SessionId, SessionError> {
        let now = self.tick(now);
        let key = self.new_session(session_id)?;
        let s = Session {
            st: St::PendingS {
                deadline: now + self.config.request_timeout,
            },
            number: 0,
            tag,
            next_number: 1,
            interval: self.config.interim_interval,
            realtime: self.config.realtime,
            stop_requested: None,
        };
        self.sessions.insert(key, s);
        self.send_or_store(now, key, AccountingRecordType::Start);
        Ok(key)
    }

    /// "Client or device requests a one-time service": sends an EVENT
    /// record (number 0) and enters PendingE.
    pub fn event(
        &mut self,
        now: Instant,
        session_id: Option<&[u8]>,
        tag: u64,
    ) -> Result<SessionId, SessionError> {
        let now = self.tick(now);
        let key = self.new_session(session_id)?;
        let s = Session {
            st: St::PendingE {
                deadline: now + self.config.request_timeout,
            },
            number: 0,
            tag,
            next_number: 1,
            interval: None,
            realtime: self.config.realtime,
            stop_requested: None,
        };
        self.sessions.insert(key, s);
        self.send_or_store(now, key, AccountingRecordType::Event);
        Ok(key)
    }

    /// Sends an INTERIM record now (e.g. after a re-authorization: RFC 6733
    /// §9.8.1 "Interim Accounting Records SHOULD be sent every time a
    /// re-authentication or re-authorization occurs"). Open only.
    pub fn interim(
        &mut self,
        now: Instant,
        session_id: &[u8],
        tag: u64,
    ) -> Result<(), SessionError> {
        let now = self.tick(now);
        let key = SessionId::from_bytes(session_id).ok_or(SessionError::UnknownSession)?;
        let mut s = self
            .sessions
            .get(&key)
            .ok_or(SessionError::UnknownSession)?;
        if !matches!(s.st, St::Open { .. }) {
            return Err(SessionError::WrongState);
        }
        s.tag = tag;
        self.sessions.insert(key, s);
        self.send_next(now, key, AccountingRecordType::Interim);
        Ok(())
    }

    /// "User service terminated": sends the STOP record (Open → PendingL),
    /// or remembers it while a START/INTERIM is pending.
    pub fn stop(&mut self, now: Instant, session_id: &[u8], tag: u64) -> Result<(), SessionError> {
        let now = self.tick(now);
        let key = SessionId::from_bytes(session_id).ok_or(SessionError::UnknownSession)?;
        let mut s = self
            .sessions
            .get(&key)
            .ok_or(SessionError::UnknownSession)?;
        match s.st {
            St::Open { .. } => {
                s.tag = tag;
                self.sessions.insert(key, s);
                self.send_next(now, key, AccountingRecordType::Stop);
                Ok(())
            }
            St::PendingS { .. } | St::PendingI { .. } if s.stop_requested.is_none() => {
                s.stop_requested = Some(tag);
                self.sessions.insert(key, s);
                Ok(())
            }
            _ => Err(SessionError::WrongState),
        }
    }

    /// Sets the session's Acct-Interim-Interval (seconds; `None` or 0: no
    /// interim records), e.g. from the authorization answer. Re-arms the
    /// interim timer of an Open session.
    pub fn set_interim_interval(
        &mut self,
        now: Instant,
        session_id: &[u8],
        interval: Option<u32>,
    ) -> Result<(), SessionError> {
        let now = self.tick(now);
        let key = SessionId::from_bytes(session_id).ok_or(SessionError::UnknownSession)?;
        let pct = self.config.interim_jitter_percent;
        let mut s = self
            .sessions
            .get(&key)
            .ok_or(SessionError::UnknownSession)?;
        s.interval = interval.filter(|&i| i != 0);
        if let St::Open { .. } = s.st {
            s.st = St::Open {
                interim_at: interim_at(&mut self.jitter, pct, now, s.interval),
            };
        }
        self.sessions.insert(key, s);
        Ok(())
    }

    /// Sets the session's Accounting-Realtime-Required, e.g. from the
    /// authorization answer.
    pub fn set_realtime(
        &mut self,
        session_id: &[u8],
        realtime: RealtimeRequired,
    ) -> Result<(), SessionError> {
        let key = SessionId::from_bytes(session_id).ok_or(SessionError::UnknownSession)?;
        let mut s = self
            .sessions
            .get(&key)
            .ok_or(SessionError::UnknownSession)?;
        s.realtime = realtime;
        self.sessions.insert(key, s);
        Ok(())
    }

    fn has_buffered(&self, key: &SessionId) -> bool {
        self.buffer.iter().any(|r| &r.session_id == key)
            || self.flight.is_some_and(|f| &f.session_id == key)
    }

    /// Assigns the next record number and sends (or stores) the record,
    /// moving Open to PendingI / PendingL.
    fn send_next(&mut self, now: Instant, key: SessionId, ty: AccountingRecordType) {
        let deadline = now + self.config.request_timeout;
        let Some(mut s) = self.sessions.get(&key) else {
            return;
        };
        s.number = s.next_number;
        s.next_number = s.next_number.saturating_add(1);
        s.st = match ty {
            AccountingRecordType::Stop => St::PendingL { deadline },
            _ => St::PendingI { deadline },
        };
        self.sessions.insert(key, s);
        self.send_or_store(now, key, ty);
    }

    fn record_of(&self, key: SessionId, ty: AccountingRecordType) -> Option<Stored> {
        let s = self.sessions.get(&key)?;
        Some(Stored {
            session_id: key,
            record_type: ty,
            number: s.number,
            tag: s.tag,
            interval: s.interval,
        })
    }

    fn outgoing(&mut self, r: &Stored) -> Outgoing {
        let e2e = self.end_to_end;
        self.end_to_end = e2e.wrapping_add(1);
        let mut out = request(
            CommandCode::ACCOUNTING,
            self.config.application_id,
            e2e,
            r.session_id,
            Some(self.config.destination_realm),
            self.config.destination_host,
        );
        out.avps.accounting_record_type = Some(r.record_type.value());
        out.avps.accounting_record_number = Some(r.number);
        out.avps.acct_application_id = Some(self.config.application_id);
        out.avps.acct_interim_interval = r.interval;
        out.avps.origin_state_id = self.config.local.origin_state_id;
        out.tag = r.tag;
        out
    }

    /// Sends the session's current record live, unless the session already
    /// has buffered records: then it is stored behind them (ordering).
    fn send_or_store(&mut self, now: Instant, key: SessionId, ty: AccountingRecordType) {
        let Some(r) = self.record_of(key, ty) else {
            return;
        };
        if self.has_buffered(&key) {
            self.on_send_failure(now, key);
            return;
        }
        let out = self.outgoing(&r);
        self.stats.records_sent += 1;
        self.events.push_back(AcctClientEvent::Transmit(out));
    }

    /// Stores a record; returns `false` when there is no space.
    fn store(&mut self, r: Stored) -> bool {
        if r.record_type == AccountingRecordType::Interim {
            if let Some(old) = self.buffer.iter_mut().find(|o| {
                o.session_id == r.session_id && o.record_type == AccountingRecordType::Interim
            }) {
                let dropped = *old;
                *old = r;
                self.stats.overwritten += 1;
                self.stats.stored += 1;
                self.events.push_back(AcctClientEvent::Dropped {
                    session_id: dropped.session_id,
                    record_type: dropped.record_type,
                    number: dropped.number,
                });
                self.events.push_back(AcctClientEvent::Stored {
                    session_id: r.session_id,
                    record_type: r.record_type,
                    number: r.number,
                });
                return true;
            }
        }
        if self.buffer.len() >= self.config.buffer_capacity {
            return false;
        }
        self.buffer.push_back(r);
        self.stats.stored += 1;
        self.stats.buffer_high_water = self.stats.buffer_high_water.max(self.buffer.len() as u64);
        self.events.push_back(AcctClientEvent::Stored {
            session_id: r.session_id,
            record_type: r.record_type,
            number: r.number,
        });
        true
    }

    fn drop_record(&mut self, r: &Stored) {
        self.stats.dropped += 1;
        self.events.push_back(AcctClientEvent::Dropped {
            session_id: r.session_id,
            record_type: r.record_type,
            number: r.number,
        });
    }

    fn idle(&mut self, key: SessionId, initiator: Initiator, reason: DownReason) {
        if self.sessions.remove(&key).is_some() {
            if reason == DownReason::AccountingFailed {
                self.stats.disconnects += 1;
            }
            self.events.push_back(AcctClientEvent::SessionDown {
                session_id: key,
                initiator,
                reason,
            });
        }
    }

    /// Enters Open (arming the interim timer), then applies a STOP that
    /// was requested meanwhile.
    fn open(&mut self, now: Instant, key: SessionId) {
        let pct = self.config.interim_jitter_percent;
        let Some(mut s) = self.sessions.get(&key) else {
            return;
        };
        s.st = St::Open {
            interim_at: interim_at(&mut self.jitter, pct, now, s.interval),
        };
        let stop = s.stop_requested.take();
        if let Some(tag) = stop {
            s.tag = tag;
        }
        self.sessions.insert(key, s);
        if stop.is_some() {
            self.send_next(now, key, AccountingRecordType::Stop);
        }
    }

    /// "Failure to send" for the session's live record (also used to store
    /// a record behind the session's buffered ones, unsent).
    fn on_send_failure(&mut self, now: Instant, key: SessionId) {
        let Some(s) = self.sessions.get(&key) else {
            return;
        };
        let ty = match s.st {
            St::PendingS { .. } => AccountingRecordType::Start,
            St::PendingI { .. } => AccountingRecordType::Interim,
            St::PendingL { .. } => AccountingRecordType::Stop,
            St::PendingE { .. } => AccountingRecordType::Event,
            St::Open { .. } => return,
        };
        let Some(r) = self.record_of(key, ty) else {
            return;
        };
        match ty {
            AccountingRecordType::Start | AccountingRecordType::Interim => {
                if s.realtime != RealtimeRequired::DeliverAndGrant && self.store(r) {
                    self.open(now, key);
                } else if s.realtime == RealtimeRequired::GrantAndLose {
                    self.drop_record(&r);
                    self.open(now, key);
                } else {
                    self.drop_record(&r);
                    self.idle(key, Initiator::Local, DownReason::AccountingFailed);
                }
            }
            AccountingRecordType::Stop | AccountingRecordType::Event => {
                if !self.store(r) {
                    self.drop_record(&r);
                }
                self.idle(key, Initiator::Caller, DownReason::AccountingStopped);
            }
        }
    }

    fn on_failed_answer(&mut self, now: Instant, key: SessionId, rc: ResultCode) {
        let Some(s) = self.sessions.get(&key) else {
            return;
        };
        let ty = match s.st {
            St::PendingS { .. } => AccountingRecordType::Start,
            St::PendingI { .. } => AccountingRecordType::Interim,
            St::PendingL { .. } => AccountingRecordType::Stop,
            St::PendingE { .. } => AccountingRecordType::Event,
            St::Open { .. } => return,
        };
        self.stats.rejected += 1;
        self.events.push_back(AcctClientEvent::Rejected {
            session_id: key,
            record_type: ty,
            number: s.number,
            result_code: rc,
        });
        match ty {
            AccountingRecordType::Start | AccountingRecordType::Interim => {
                if s.realtime == RealtimeRequired::GrantAndLose {
                    self.open(now, key);
                } else {
                    self.idle(key, Initiator::Peer, DownReason::AccountingFailed);
                }
            }
            _ => self.idle(key, Initiator::Caller, DownReason::AccountingStopped),
        }
    }

    fn on_success(&mut self, now: Instant, key: SessionId) {
        let Some(s) = self.sessions.get(&key) else {
            return;
        };
        let ty = match s.st {
            St::PendingS { .. } => AccountingRecordType::Start,
            St::PendingI { .. } => AccountingRecordType::Interim,
            St::PendingL { .. } => AccountingRecordType::Stop,
            St::PendingE { .. } => AccountingRecordType::Event,
            St::Open { .. } => return,
        };
        self.stats.delivered += 1;
        self.events.push_back(AcctClientEvent::Delivered {
            session_id: key,
            record_type: ty,
            number: s.number,
        });
        match ty {
            AccountingRecordType::Start | AccountingRecordType::Interim => self.open(now, key),
            _ => self.idle(key, Initiator::Caller, DownReason::AccountingStopped),
        }
    }

    /// Sends the oldest buffered record, if none is in flight.
    fn flush(&mut self, now: Instant) {
        if self.flight.is_some() {
            return;
        }
        let Some(r) = self.buffer.front().copied() else {
            self.flush_retry_at = None;
            return;
        };
        self.flush_retry_at = None;
        self.flight = Some(InFlight {
            session_id: r.session_id,
            number: r.number,
            deadline: now + self.config.request_timeout,
        });
        let out = self.outgoing(&r);
        self.stats.records_sent += 1;
        self.events.push_back(AcctClientEvent::Transmit(out));
    }

    fn flight_failed(&mut self, now: Instant) {
        self.flight = None;
        self.flush_retry_at = Some(now + self.config.flush_retry_interval);
    }

    fn flight_done(&mut self, now: Instant, rc: ResultCode) {
        self.flight = None;
        if let Some(r) = self.buffer.pop_front() {
            if is_success(rc) {
                self.stats.delivered += 1;
                self.stats.flushed += 1;
                self.events.push_back(AcctClientEvent::Delivered {
                    session_id: r.session_id,
                    record_type: r.record_type,
                    number: r.number,
                });
            } else {
                self.stats.rejected += 1;
                self.events.push_back(AcctClientEvent::Rejected {
                    session_id: r.session_id,
                    record_type: r.record_type,
                    number: r.number,
                    result_code: rc,
                });
            }
        }
        self.flush(now);
    }

    fn on_answer(&mut self, now: Instant, msg: &Message<&[u8]>) {
        let a = SessionAvps::scan(msg);
        let (Some(key), Some(number)) = (
            a.session_id.and_then(SessionId::from_bytes),
            a.accounting_record_number,
        ) else {
            self.stats.unknown += 1;
            return;
        };
        let rc = a.result_code.unwrap_or(ResultCode::UNABLE_TO_COMPLY);
        if self
            .flight
            .is_some_and(|f| f.session_id == key && f.number == number)
        {
            if is_acct_send_failure(rc) {
                self.flight_failed(now);
            } else {
                self.flight_done(now, rc);
            }
            return;
        }
        let live = self
            .sessions
            .get(&key)
            .is_some_and(|s| !matches!(s.st, St::Open { .. }) && s.number == number);
        if !live {
            // A late success for a record that timed out and was stored:
            // it was delivered after all, so it leaves the buffer (the
            // server would only have flagged the re-send as a duplicate).
            let stored = self
                .buffer
                .iter()
                .position(|r| r.session_id == key && r.number == number);
            match stored {
                Some(i) if is_success(rc) => {
                    if let Some(r) = self.buffer.remove(i) {
                        self.stats.delivered += 1;
                        self.events.push_back(AcctClientEvent::Delivered {
                            session_id: r.session_id,
                            record_type: r.record_type,
                            number: r.number,
                        });
                    }
                }
                _ => self.stats.unknown += 1,
            }
            return;
        }
        let Some(mut s) = self.sessions.get(&key) else {
            return;
        };
        // RFC 6733 §9.1: the server MAY override the interim interval and
        // the real-time requirement; the latest value SHOULD be used.
        if let Some(i) = a.acct_interim_interval {
            s.interval = Some(i).filter(|&i| i != 0);
        }
        if let Some(r) = a
            .accounting_realtime_required
            .and_then(RealtimeRequired::from_value)
        {
            s.realtime = r;
        }
        self.sessions.insert(key, s);
        if is_success(rc) {
            self.on_success(now, key);
            self.flush(now);
        } else if is_acct_send_failure(rc) {
            self.on_send_failure(now, key);
        } else {
            self.on_failed_answer(now, key, rc);
        }
    }

    fn on_send_failed(&mut self, now: Instant, session_id: &[u8], number: u32) {
        let Some(key) = SessionId::from_bytes(session_id) else {
            self.stats.unknown += 1;
            return;
        };
        if self
            .flight
            .is_some_and(|f| f.session_id == key && f.number == number)
        {
            self.flight_failed(now);
            return;
        }
        match self.sessions.get(&key) {
            Some(s) if !matches!(s.st, St::Open { .. }) && s.number == number => {
                self.on_send_failure(now, key);
            }
            _ => self.stats.unknown += 1,
        }
    }
}

fn interim_at(j: &mut Jitter, pct: u8, now: Instant, interval: Option<u32>) -> Option<Instant> {
    let i = secs(interval.filter(|&i| i != 0)?);
    let spread = i * u32::from(pct.min(100)) / 100;
    Some(now + (i - j.upto(spread)))
}

impl Machine for AcctClient {
    type Input<'a> = AcctClientInput<'a>;
    type Event = AcctClientEvent;
    type Error = SessionError;

    fn handle(&mut self, now: Instant, input: AcctClientInput<'_>) -> Result<(), SessionError> {
        let now = self.tick(now);
        match input {
            AcctClientInput::Answer(msg) => {
                if msg.flags().is_request() || msg.command_code() != CommandCode::ACCOUNTING {
                    self.stats.unknown += 1;
                } else {
                    self.on_answer(now, &msg);
                }
            }
            AcctClientInput::SendFailed {
                session_id,
                record_number,
            } => self.on_send_failed(now, session_id, record_number),
            AcctClientInput::ServerReachable => self.flush(now),
        }
        Ok(())
    }

    fn poll_event(&mut self) -> Option<AcctClientEvent> {
        self.events.pop_front()
    }

    fn poll_timeout(&self) -> Option<Instant> {
        self.sessions
            .next_deadline()
            .into_iter()
            .chain(self.flight.map(|f| f.deadline))
            .chain(self.flush_retry_at)
            .min()
            .map(|t| not_before(t, self.last_now))
    }

    fn handle_timeout(&mut self, now: Instant) {
        let now = self.tick(now);
        if self.flight.is_some_and(|f| f.deadline <= now) {
            self.stats.timeouts += 1;
            self.flight_failed(now);
        }
        if self.flush_retry_at.is_some_and(|t| t <= now) {
            self.flush(now);
        }
        let due = self.sessions.due(now);
        for key in due {
            let Some(s) = self.sessions.get(&key) else {
                continue;
            };
            match s.st {
                St::Open { .. } => self.send_next(now, key, AccountingRecordType::Interim),
                _ => {
                    self.stats.timeouts += 1;
                    self.on_send_failure(now, key);
                }
            }
        }
    }
}
