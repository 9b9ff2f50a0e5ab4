//! The authorization session server (RFC 6733 §8.1, tables "SERVER,
//! STATEFUL" and "SERVER, STATELESS").

use alloc::collections::VecDeque;
use core::time::Duration;

use super::avps::SessionAvps;
use super::common::{
    is_auth_send_failure, is_success, not_before, secs, AuthSessionState, DownReason, IdentityBuf,
    Initiator, Local, SessionError, SessionId,
};
use super::outgoing::{answer_to, request, Outgoing};
use super::table::{Deadline, Table};
use crate::diameter::wire::{ApplicationId, CommandCode, Message, ResultCode};
use crate::machine::Machine;
use crate::time::Instant;

/// Configuration of an [`AuthServer`].
#[derive(Debug, Clone)]
pub struct AuthServerConfig {
    /// Origin-Host / Origin-Realm of this server.
    pub local: Local,
    /// The authorization application (Auth-Application-Id of RAR/ASR).
    pub application_id: ApplicationId,
    /// Session table capacity (default 4096). Stateless grants use no
    /// entry.
    pub max_sessions: usize,
    /// Result-Code refusing a new session when the table is full. Default
    /// DIAMETER_UNABLE_TO_COMPLY (5012, RFC 6733 §7.1.5: "rejected for
    /// unspecified reasons"); DIAMETER_RESOURCES_EXCEEDED (5006) means the
    /// *user* has expended allowed resources, so it is not the default.
    pub table_full_result_code: ResultCode,
    /// How long to wait for an RAA or ASA (default 30 s, local policy).
    pub request_timeout: Duration,
    /// "Failure to send ASR → Wait, resend ASR": the wait (default 5 s).
    pub asr_retry_interval: Duration,
    /// ASR attempts before the session is cleaned up anyway (default 3),
    /// so the table stays bounded when a client has vanished.
    pub asr_max_attempts: u8,
    /// First End-to-End Identifier (caller-supplied, RFC 6733 §3).
    pub end_to_end_seed: u32,
}

impl AuthServerConfig {
    /// A configuration with the documented defaults.
    #[must_use]
    pub fn new(local: Local, application_id: ApplicationId) -> Self {
        AuthServerConfig {
            local,
            application_id,
            max_sessions: 4096,
            table_full_result_code: ResultCode::UNABLE_TO_COMPLY,
            request_timeout: Duration::from_secs(30),
            asr_retry_interval: Duration::from_secs(5),
            asr_max_attempts: 3,
            end_to_end_seed: 0,
        }
    }
}

/// A successful authorization decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct Grant {
    /// Keep state (stateful tables) or not (stateless). Ignored for
    /// re-authorizations of an existing session (RFC 6733 §8:
    /// NO_STATE_MAINTAINED "MUST NOT be set in subsequent
    /// re-authorization requests and answers").
    pub state: AuthSessionState,
    /// Authorization-Lifetime in seconds (RFC 6733 §8.9); `None` or all
    /// ones: no re-auth expected.
    pub authorization_lifetime: Option<u32>,
    /// Auth-Grace-Period in seconds (RFC 6733 §8.10).
    pub auth_grace_period: Option<u32>,
    /// Session-Timeout in seconds (RFC 6733 §8.13); `None` or 0: unlimited.
    pub session_timeout: Option<u32>,
    /// Re-Auth-Request-Type (RFC 6733 §8.12), sent when the lifetime is
    /// positive (where it MUST be present): 0 AUTHORIZE_ONLY (default),
    /// 1 AUTHORIZE_AUTHENTICATE.
    pub re_auth_request_type: u32,
}

/// The application's decision on a service-specific auth request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum Verdict {
    /// The user is authorized.
    Grant(Grant),
    /// The user is not authorized: answer with this Result-Code (a 2xxx
    /// code here is replaced by DIAMETER_AUTHORIZATION_REJECTED, 5003).
    Reject(ResultCode),
}

/// Inputs of an [`AuthServer`].
#[derive(Debug, Clone, Copy)]
pub enum AuthServerInput<'a> {
    /// A service-specific auth request and the application's verdict.
    AuthRequest {
        /// The parsed request.
        msg: Message<&'a [u8]>,
        /// The decision.
        verdict: Verdict,
    },
    /// A base-protocol request: STR (anything else is answered with
    /// DIAMETER_COMMAND_UNSUPPORTED).
    Request(Message<&'a [u8]>),
    /// An RAA or ASA.
    Answer(Message<&'a [u8]>),
    /// The peer layer could not deliver an RAR or ASR.
    SendFailed {
        /// The Session-Id of the request.
        session_id: &'a [u8],
        /// Its Command Code.
        command: CommandCode,
    },
}

/// Events of an [`AuthServer`].
// Events hold an `Outgoing` inline (about 1 KiB) on purpose: no heap per
// message. They are moved once, from the queue to the caller.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub enum AuthServerEvent {
    /// Send this message. Auth answers may be extended by the application
    /// through [`Outgoing::begin`].
    Transmit(Outgoing),
    /// A stateful session opened.
    SessionUp {
        /// The session.
        session_id: SessionId,
    },
    /// A session was re-authorized (auth request on an open session) or
    /// its RAR was answered with success ("Update session").
    Reauthorized {
        /// The session.
        session_id: SessionId,
    },
    /// The session's state was cleaned up.
    SessionDown {
        /// The session.
        session_id: SessionId,
        /// Who ended it.
        initiator: Initiator,
        /// Why.
        reason: DownReason,
    },
}

/// The public view of a server session's state (RFC 6733 §8.1 names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuthServerState {
    /// No state kept.
    Idle,
    /// Authorized.
    Open,
    /// RAR sent.
    Pending,
    /// ASR sent.
    Discon,
}

/// Counters of an [`AuthServer`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AuthServerStats {
    /// Stateful sessions opened.
    pub sessions_up: u64,
    /// Sessions cleaned up.
    pub sessions_down: u64,
    /// Requests answered statelessly.
    pub stateless_answers: u64,
    /// New sessions refused because the table was full.
    pub table_full: u64,
    /// STRs received.
    pub str_received: u64,
    /// RARs sent.
    pub rar_sent: u64,
    /// ASRs sent (resends included).
    pub asr_sent: u64,
    /// Requests or answers naming an unknown session.
    pub unknown_session: u64,
    /// Messages that did not fit the session's state.
    pub unexpected: u64,
    /// Messages without a usable Session-Id (ignored).
    pub malformed: u64,
    /// RAR/ASR without answer in time.
    pub timeouts: u64,
}

#[derive(Debug, Clone, Copy)]
enum St {
    Open,
    Pending {
        deadline: Instant,
    },
    Discon {
        deadline: Instant,
        attempts: u8,
        /// `true`: waiting for the ASA; `false`: waiting to resend.
        awaiting_answer: bool,
    },
}

#[derive(Debug, Clone, Copy)]
struct Session {
    st: St,
    client_host: Option<IdentityBuf>,
    client_realm: Option<IdentityBuf>,
    expire_at: Option<Instant>,
    timeout_at: Option<Instant>,
}

impl Deadline for Session {
    fn deadline(&self) -> Option<Instant> {
        let st = match self.st {
            St::Open => None,
            St::Pending { deadline } | St::Discon { deadline, .. } => Some(deadline),
        };
        [st, self.expire_at, self.timeout_at]
            .into_iter()
            .flatten()
            .min()
    }
}

/// The authorization session server.
///
/// ```text
///                           SERVER, STATEFUL (RFC 6733 §8.1)
///   State     Event                          Action       New State
///   ---------------------------------------------------------------
///   Idle      Service-specific authorization Send         Open
///             request received, and          successful
///             user is authorized             service-
///                                            specific
///                                            answer
///   Idle      Service-specific authorization Send         Idle
///             request received, and          failed
///             user is not authorized         service-
///                                            specific
///                                            answer
///   Open      Service-specific authorization Send         Open
///             request received, and user     successful
///             is authorized                  service-
///                                            specific
///                                            answer
///   Open      Service-specific authorization Send         Idle
///             request received, and user     failed
///             is not authorized              service-
///                                            specific
///                                            answer,
///                                            Clean up
///   Open      Home server wants to confirm   Send RAR     Pending
///             authentication and/or
///             authorization of the user
///   Pending   Received RAA with a failed     Clean up     Idle
///             Result-Code
///   Pending   Received RAA with Result-Code  Update       Open
///             = SUCCESS                      session
///   Open      Home server wants to           Send ASR     Discon
///             terminate the service
///   Open      Authorization-Lifetime (and    Clean up     Idle
///             Auth-Grace-Period) expires
///             on home server
///   Open      Session-Timeout expires on     Clean up     Idle
///             home server
///   Discon    Failure to send ASR            Wait,        Discon
///                                            resend ASR
///   Discon    ASR successfully sent and      Clean up     Idle
///             ASA Received with Result-Code
///   Not       ASA Received                   None         No Change
///   Discon
///   Any       STR Received                   Send STA,    Idle
///                                            Clean up
///
///                           SERVER, STATELESS (RFC 6733 §8.1)
///   State     Event                          Action       New State
///   ---------------------------------------------------------------
///   Idle      Service-specific authorization Send         Idle
///             request received, and          service-
///             successfully processed         specific
///                                            answer
/// ```
///
/// "User is authorized" is the [`Verdict`] the application passes with
/// each request; a [`Grant`] with NO_STATE_MAINTAINED follows the
/// stateless table. "Home server wants to confirm …" is
/// [`AuthServer::reauth`], "wants to terminate the service" is
/// [`AuthServer::abort`].
///
/// Choices where the tables are silent:
///
/// * a new session when the table is full is refused with
///   [`AuthServerConfig::table_full_result_code`] and counted;
/// * an STR for an unknown session is answered DIAMETER_UNKNOWN_SESSION_ID;
/// * an auth request for a session in Discon is answered
///   DIAMETER_UNABLE_TO_COMPLY (the server is ending it);
/// * an RAR that gets no RAA in time, or cannot be delivered, returns the
///   session to Open (the lifetime timers still bound it);
/// * an ASA with DIAMETER_TOO_BUSY or DIAMETER_LOOP_DETECTED, a delivery
///   failure, or no ASA in time is a "failure to send ASR": wait
///   [`AuthServerConfig::asr_retry_interval`] and resend, at most
///   [`AuthServerConfig::asr_max_attempts`] times, then clean up;
/// * the lifetime timers keep running in Pending and Discon (RFC 6733
///   §8.4: the server "MUST clean up resources when the Session-Timeout
///   expires, or when the Authorization-Lifetime and the Auth-Grace-Period
///   AVPs expire").
#[derive(Debug)]
pub struct AuthServer {
    config: AuthServerConfig,
    sessions: Table<Session>,
    events: VecDeque<AuthServerEvent>,
    end_to_end: u32,
    last_now: Instant,
    stats: AuthServerStats,
}

impl AuthServer {
    /// A server with no sessions.
    #[must_use]
    pub fn new(config: AuthServerConfig) -> Self {
        AuthServer {
            end_to_end: config.end_to_end_seed,
            config,
            sessions: Table::new(),
            events: VecDeque::new(),
            last_now: Instant::ZERO,
            stats: AuthServerStats::default(),
        }
    }

    /// The configuration.
    #[must_use]
    pub fn config(&self) -> &AuthServerConfig {
        &self.config
    }

    /// Counters.
    #[must_use]
    pub fn stats(&self) -> AuthServerStats {
        self.stats
    }

    /// Number of stateful sessions (never above `max_sessions`).
    #[must_use]
    pub fn len(&self) -> usize {
        self.sessions.len()
    }

    /// Whether no session is kept.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.sessions.is_empty()
    }

    /// The state of a session ([`AuthServerState::Idle`] when unknown).
    #[must_use]
    pub fn state(&self, session_id: &[u8]) -> AuthServerState {
        match SessionId::from_bytes(session_id).and_then(|k| self.sessions.get(&k)) {
            None => AuthServerState::Idle,
            Some(s) => match s.st {
                St::Open => AuthServerState::Open,
                St::Pending { .. } => AuthServerState::Pending,
                St::Discon { .. } => AuthServerState::Discon,
            },
        }
    }

    fn tick(&mut self, now: Instant) -> Instant {
        if now > self.last_now {
            self.last_now = now;
        }
        self.last_now
    }

    fn next_e2e(&mut self) -> u32 {
        let e = self.end_to_end;
        self.end_to_end = e.wrapping_add(1);
        e
    }

    /// "Home server wants to confirm authentication and/or authorization of
    /// the user": sends an RAR with this Re-Auth-Request-Type and enters
    /// Pending.
    pub fn reauth(
        &mut self,
        now: Instant,
        session_id: &[u8],
        re_auth_request_type: u32,
    ) -> Result<(), SessionError> {
        let now = self.tick(now);
        let key = SessionId::from_bytes(session_id).ok_or(SessionError::UnknownSession)?;
        let mut s = self
            .sessions
            .get(&key)
            .ok_or(SessionError::UnknownSession)?;
        if !matches!(s.st, St::Open) {
            return Err(SessionError::WrongState);
        }
        s.st = St::Pending {
            deadline: now + self.config.request_timeout,
        };
        self.sessions.insert(key, s);
        let e2e = self.next_e2e();
        let mut out = request(
            CommandCode::RE_AUTH,
            self.config.application_id,
            e2e,
            key,
            s.client_realm,
            s.client_host,
        );
        out.avps.auth_application_id = Some(self.config.application_id);
        out.avps.re_auth_request_type = Some(re_auth_request_type);
        out.avps.origin_state_id = self.config.local.origin_state_id;
        self.stats.rar_sent += 1;
        self.events.push_back(AuthServerEvent::Transmit(out));
        Ok(())
    }

    /// "Home server wants to terminate the service": sends an ASR and
    /// enters Discon.
    pub fn abort(&mut self, now: Instant, session_id: &[u8]) -> Result<(), SessionError> {
        let now = self.tick(now);
        let key = SessionId::from_bytes(session_id).ok_or(SessionError::UnknownSession)?;
        let s = self
            .sessions
            .get(&key)
            .ok_or(SessionError::UnknownSession)?;
        if !matches!(s.st, St::Open | St::Pending { .. }) {
            return Err(SessionError::WrongState);
        }
        self.send_asr(now, key, 1);
        Ok(())
    }

    fn send_asr(&mut self, now: Instant, key: SessionId, attempts: u8) {
        let e2e = self.next_e2e();
        let Some(mut s) = self.sessions.get(&key) else {
            return;
        };
        s.st = St::Discon {
            deadline: now + self.config.request_timeout,
            attempts,
            awaiting_answer: true,
        };
        self.sessions.insert(key, s);
        let mut out = request(
            CommandCode::ABORT_SESSION,
            self.config.application_id,
            e2e,
            key,
            s.client_realm,
            s.client_host,
        );
        out.avps.auth_application_id = Some(self.config.application_id);
        out.avps.origin_state_id = self.config.local.origin_state_id;
        self.stats.asr_sent += 1;
        self.events.push_back(AuthServerEvent::Transmit(out));
    }

    /// "Failure to send ASR": wait, then resend (bounded).
    fn asr_failed(&mut self, now: Instant, key: SessionId) {
        let Some(mut s) = self.sessions.get(&key) else {
            return;
        };
        if let St::Discon { attempts, .. } = s.st {
            if attempts >= self.config.asr_max_attempts {
                self.down(key, Initiator::Local, DownReason::NoAnswer);
            } else {
                s.st = St::Discon {
                    deadline: now + self.config.asr_retry_interval,
                    attempts,
                    awaiting_answer: false,
                };
                self.sessions.insert(key, s);
            }
        }
    }

    fn down(&mut self, key: SessionId, initiator: Initiator, reason: DownReason) {
        if self.sessions.remove(&key).is_some() {
            self.stats.sessions_down += 1;
            self.events.push_back(AuthServerEvent::SessionDown {
                session_id: key,
                initiator,
                reason,
            });
        }
    }

    fn on_auth_request(&mut self, now: Instant, msg: &Message<&[u8]>, verdict: Verdict) {
        let a = SessionAvps::scan(msg);
        let Some(key) = a.session_id.and_then(SessionId::from_bytes) else {
            self.stats.malformed += 1;
            return;
        };
        let existing = self.sessions.get(&key);
        let answer = |rc| answer_to(msg, key, rc);
        match verdict {
            Verdict::Reject(rc) => {
                let rc = if is_success(rc) {
                    ResultCode::AUTHORIZATION_REJECTED
                } else {
                    rc
                };
                let mut out = answer(rc);
                out.avps.auth_application_id = Some(self.config.application_id);
                self.events.push_back(AuthServerEvent::Transmit(out));
                if existing.is_some() {
                    self.down(key, Initiator::Caller, DownReason::Rejected(rc));
                }
            }
            Verdict::Grant(g) => {
                let stateful = match existing {
                    Some(s) if matches!(s.st, St::Discon { .. }) => {
                        self.stats.unexpected += 1;
                        self.events.push_back(AuthServerEvent::Transmit(answer(
                            ResultCode::UNABLE_TO_COMPLY,
                        )));
                        return;
                    }
                    Some(_) => true,
                    None => g.state == AuthSessionState::StateMaintained,
                };
                if stateful && existing.is_none() && self.sessions.len() >= self.config.max_sessions
                {
                    self.stats.table_full += 1;
                    let mut out = answer(self.config.table_full_result_code);
                    out.avps.auth_application_id = Some(self.config.application_id);
                    self.events.push_back(AuthServerEvent::Transmit(out));
                    return;
                }
                let mut out = answer(ResultCode::SUCCESS);
                out.avps.auth_application_id = Some(self.config.application_id);
                out.avps.auth_session_state = Some(if stateful {
                    AuthSessionState::StateMaintained.value()
                } else {
                    AuthSessionState::NoStateMaintained.value()
                });
                let lifetime = g.authorization_lifetime.filter(|&l| l != u32::MAX);
                out.avps.authorization_lifetime = g.authorization_lifetime;
                out.avps.auth_grace_period = g.auth_grace_period;
                out.avps.session_timeout = g.session_timeout;
                // RFC 6733 §8.12: with a positive Authorization-Lifetime the
                // Re-Auth-Request-Type MUST be present.
                if g.authorization_lifetime.is_some_and(|l| l > 0) {
                    out.avps.re_auth_request_type = Some(g.re_auth_request_type);
                }
                self.events.push_back(AuthServerEvent::Transmit(out));
                if !stateful {
                    self.stats.stateless_answers += 1;
                    return;
                }
                let s = Session {
                    st: match existing {
                        Some(s) => s.st,
                        None => St::Open,
                    },
                    client_host: a
                        .origin_host
                        .and_then(IdentityBuf::from_bytes)
                        .or(existing.and_then(|s| s.client_host)),
                    client_realm: a
                        .origin_realm
                        .and_then(IdentityBuf::from_bytes)
                        .or(existing.and_then(|s| s.client_realm)),
                    expire_at: lifetime
                        .map(|l| now + secs(l) + secs(g.auth_grace_period.unwrap_or(0))),
                    timeout_at: g.session_timeout.filter(|&t| t != 0).map(|t| now + secs(t)),
                };
                self.sessions.insert(key, s);
                if existing.is_some() {
                    self.events
                        .push_back(AuthServerEvent::Reauthorized { session_id: key });
                } else {
                    self.stats.sessions_up += 1;
                    self.events
                        .push_back(AuthServerEvent::SessionUp { session_id: key });
                }
            }
        }
    }

    fn on_request(&mut self, msg: &Message<&[u8]>) {
        let a = SessionAvps::scan(msg);
        let Some(key) = a.session_id.and_then(SessionId::from_bytes) else {
            self.stats.malformed += 1;
            return;
        };
        if msg.command_code() != CommandCode::SESSION_TERMINATION {
            self.stats.unexpected += 1;
            self.events.push_back(AuthServerEvent::Transmit(answer_to(
                msg,
                key,
                ResultCode::COMMAND_UNSUPPORTED,
            )));
            return;
        }
        self.stats.str_received += 1;
        // "Any  STR Received  Send STA, Clean up  Idle"; RFC 6733 §8.4.2:
        // "Upon sending or receipt of the STA, the Diameter server MUST
        // release all resources for the session".
        let rc = if self.sessions.contains_key(&key) {
            ResultCode::SUCCESS
        } else {
            self.stats.unknown_session += 1;
            ResultCode::UNKNOWN_SESSION_ID
        };
        self.events
            .push_back(AuthServerEvent::Transmit(answer_to(msg, key, rc)));
        self.down(key, Initiator::Peer, DownReason::SessionTerminationReceived);
    }

    fn on_answer(&mut self, now: Instant, msg: &Message<&[u8]>) {
        let a = SessionAvps::scan(msg);
        let Some(key) = a.session_id.and_then(SessionId::from_bytes) else {
            self.stats.malformed += 1;
            return;
        };
        let Some(s) = self.sessions.get(&key) else {
            self.stats.unknown_session += 1;
            return;
        };
        let rc = a.result_code.unwrap_or(ResultCode::UNABLE_TO_COMPLY);
        match (msg.command_code(), s.st) {
            (CommandCode::RE_AUTH, St::Pending { .. }) => {
                if is_success(rc) {
                    self.sessions.insert(key, Session { st: St::Open, ..s });
                    self.events
                        .push_back(AuthServerEvent::Reauthorized { session_id: key });
                } else {
                    self.down(key, Initiator::Peer, DownReason::ReauthFailed(rc));
                }
            }
            (CommandCode::ABORT_SESSION, St::Discon { .. }) => {
                if is_auth_send_failure(rc) {
                    self.asr_failed(now, key);
                } else {
                    self.down(key, Initiator::Caller, DownReason::AbortAnswered(rc));
                }
            }
            // "Not Discon  ASA Received  None  No Change", and any other
            // answer out of place.
            _ => self.stats.unexpected += 1,
        }
    }

    fn on_send_failed(&mut self, now: Instant, session_id: &[u8], command: CommandCode) {
        let Some(key) = SessionId::from_bytes(session_id) else {
            self.stats.unknown_session += 1;
            return;
        };
        let Some(s) = self.sessions.get(&key) else {
            self.stats.unknown_session += 1;
            return;
        };
        match (command, s.st) {
            (CommandCode::RE_AUTH, St::Pending { .. }) => {
                self.sessions.insert(key, Session { st: St::Open, ..s });
            }
            (
                CommandCode::ABORT_SESSION,
                St::Discon {
                    awaiting_answer: true,
                    ..
                },
            ) => self.asr_failed(now, key),
            _ => self.stats.unexpected += 1,
        }
    }

    fn on_deadline(&mut self, now: Instant, key: SessionId) {
        let Some(s) = self.sessions.get(&key) else {
            return;
        };
        let due = |t: Option<Instant>| t.is_some_and(|t| t <= now);
        if due(s.timeout_at) {
            self.down(key, Initiator::Local, DownReason::SessionTimeout);
            return;
        }
        if due(s.expire_at) {
            self.down(key, Initiator::Local, DownReason::AuthorizationExpired);
            return;
        }
        match s.st {
            St::Pending { deadline } if deadline <= now => {
                self.stats.timeouts += 1;
                self.sessions.insert(key, Session { st: St::Open, ..s });
            }
            St::Discon {
                deadline,
                attempts,
                awaiting_answer,
            } if deadline <= now => {
                if awaiting_answer {
                    self.stats.timeouts += 1;
                    self.asr_failed(now, key);
                } else {
                    self.send_asr(now, key, attempts.saturating_add(1));
                }
            }
            _ => {}
        }
    }
}

impl Machine for AuthServer {
    type Input<'a> = AuthServerInput<'a>;
    type Event = AuthServerEvent;
    type Error = SessionError;

    fn handle(&mut self, now: Instant, input: AuthServerInput<'_>) -> Result<(), SessionError> {
        let now = self.tick(now);
        match input {
            AuthServerInput::AuthRequest { msg, verdict } => {
                if msg.flags().is_request() {
                    self.on_auth_request(now, &msg, verdict);
                } else {
                    self.stats.unexpected += 1;
                }
            }
            AuthServerInput::Request(msg) => {
                if msg.flags().is_request() {
                    self.on_request(&msg);
                } else {
                    self.stats.unexpected += 1;
                }
            }
            AuthServerInput::Answer(msg) => {
                if msg.flags().is_request() {
                    self.stats.unexpected += 1;
                } else {
                    self.on_answer(now, &msg);
                }
            }
            AuthServerInput::SendFailed {
                session_id,
                command,
            } => self.on_send_failed(now, session_id, command),
        }
        Ok(())
    }

    fn poll_event(&mut self) -> Option<AuthServerEvent> {
        self.events.pop_front()
    }

    fn poll_timeout(&self) -> Option<Instant> {
        self.sessions
            .next_deadline()
            .map(|t| not_before(t, self.last_now))
    }

    fn handle_timeout(&mut self, now: Instant) {
        let now = self.tick(now);
        for _ in 0..4 {
            let due = self.sessions.due(now);
            if due.is_empty() {
                break;
            }
            for key in due {
                self.on_deadline(now, key);
            }
        }
    }
}
