//! The authorization session client (RFC 6733 §8.1, tables "CLIENT,
//! STATEFUL" and "CLIENT, STATELESS").

use alloc::collections::VecDeque;
use core::time::Duration;

use super::avps::SessionAvps;
use super::common::{
    is_success, not_before, secs, AuthSessionState, DownReason, IdentityBuf, Initiator, Local,
    SessionError, SessionId, TerminationCause,
};
use super::id::SessionIdGenerator;
use super::outgoing::{answer_to, request, Outgoing};
use super::table::{Deadline, Table};
use crate::diameter::wire::{ApplicationId, CommandCode, Message, ResultCode};
use crate::machine::Machine;
use crate::time::Instant;

/// Configuration of an [`AuthClient`].
#[derive(Debug, Clone)]
pub struct AuthClientConfig {
    /// Origin-Host / Origin-Realm of this access device.
    pub local: Local,
    /// The authorization application (Auth-Application-Id and header).
    pub application_id: ApplicationId,
    /// The service-specific auth command (e.g. AA 265 for NASREQ,
    /// AA-Mobile-Node 260 for Mobile IPv4).
    pub auth_command: CommandCode,
    /// Destination-Realm of auth requests and STRs.
    pub destination_realm: IdentityBuf,
    /// Destination-Host of the first auth request, if pinned. Later
    /// re-auth requests and STRs go to the server that answered
    /// (RFC 6733 §8.17: without Session-Binding, Destination-Host MUST be
    /// present in re-auth and STR messages).
    pub destination_host: Option<IdentityBuf>,
    /// Auth-Request-Type (RFC 6733 §8.7): default 3,
    /// AUTHORIZE_AUTHENTICATE ("any value other than both MAY cause RADIUS
    /// interoperability issues").
    pub auth_request_type: u32,
    /// Session table capacity (default 4096).
    pub max_sessions: usize,
    /// How long to wait for an answer to an auth request or STR before
    /// giving up (default 30 s; local policy, RFC 6733 leaves it to the
    /// application).
    pub request_timeout: Duration,
    /// The high 32 bits of the Session-Id counter at start up (RFC 6733
    /// §8.8 suggests the NTP time); supplied by the caller.
    pub session_id_high: u32,
    /// First End-to-End Identifier (RFC 6733 §3 suggests the high 12 bits
    /// from the clock and the low 20 bits random; the caller supplies it).
    pub end_to_end_seed: u32,
    /// Answer RARs by re-authorizing (default true). When false, an RAR
    /// ends the session (RAA with DIAMETER_UNABLE_TO_COMPLY).
    pub accept_reauth: bool,
    /// Comply with ASRs (default true). When false, ASA carries
    /// DIAMETER_UNABLE_TO_COMPLY and the session stays open.
    pub honor_abort: bool,
}

impl AuthClientConfig {
    /// A configuration with the documented defaults.
    #[must_use]
    pub fn new(
        local: Local,
        destination_realm: IdentityBuf,
        application_id: ApplicationId,
        auth_command: CommandCode,
    ) -> Self {
        AuthClientConfig {
            local,
            application_id,
            auth_command,
            destination_realm,
            destination_host: None,
            auth_request_type: 3,
            max_sessions: 4096,
            request_timeout: Duration::from_secs(30),
            session_id_high: 0,
            end_to_end_seed: 0,
            accept_reauth: true,
            honor_abort: true,
        }
    }
}

/// How the application disposed of a successful auth answer (RFC 6733
/// §8.1 distinguishes three Pending events).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum Disposition {
    /// Grant access / provide service.
    #[default]
    Provide,
    /// "Successful … answer received, but service not provided".
    NotProvided,
    /// "Error processing successful … answer".
    ProcessingError,
}

/// Inputs of an [`AuthClient`].
#[derive(Debug, Clone, Copy)]
pub enum AuthClientInput<'a> {
    /// An answer for this client: the service-specific auth answer or an
    /// STA. `disposition` applies to successful auth answers only.
    Answer {
        /// The parsed answer.
        msg: Message<&'a [u8]>,
        /// What the application did with it.
        disposition: Disposition,
    },
    /// A request for this client: RAR or ASR (anything else is answered
    /// with DIAMETER_COMMAND_UNSUPPORTED).
    Request(Message<&'a [u8]>),
    /// The peer layer could not deliver a request of this session
    /// ("Failure to send X", RFC 6733 §8.1).
    SendFailed {
        /// The Session-Id of the request.
        session_id: &'a [u8],
        /// Its Command Code.
        command: CommandCode,
    },
}

/// Events of an [`AuthClient`].
// Events hold an `Outgoing` inline (about 1 KiB) on purpose: no heap per
// message. They are moved once, from the queue to the caller.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub enum AuthClientEvent {
    /// Send this message.
    Transmit(Outgoing),
    /// Access granted: the session is open.
    SessionUp {
        /// The session.
        session_id: SessionId,
        /// The server keeps state (STATE_MAINTAINED).
        stateful: bool,
    },
    /// A re-authorization succeeded ("Provide service").
    Reauthorized {
        /// The session.
        session_id: SessionId,
    },
    /// The server answered DIAMETER_MULTI_ROUND_AUTH: the application sends
    /// the next round with [`AuthClient::send_auth_request`].
    MultiRound {
        /// The session.
        session_id: SessionId,
    },
    /// The session ended; resources for it must be released.
    SessionDown {
        /// The session.
        session_id: SessionId,
        /// Who ended it.
        initiator: Initiator,
        /// Why.
        reason: DownReason,
    },
}

/// The public view of a client session's state (RFC 6733 §8.1 names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuthClientState {
    /// No session (released).
    Idle,
    /// Waiting for the auth answer.
    Pending,
    /// Authorized.
    Open,
    /// STR sent, waiting for STA.
    Discon,
}

/// Counters of an [`AuthClient`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AuthClientStats {
    /// Sessions created by `request_access`.
    pub sessions_created: u64,
    /// `request_access` refused because the table was full.
    pub table_full: u64,
    /// Sessions that reached Open.
    pub sessions_up: u64,
    /// Sessions released.
    pub sessions_down: u64,
    /// STRs sent.
    pub str_sent: u64,
    /// RARs received.
    pub rar_received: u64,
    /// ASRs received.
    pub asr_received: u64,
    /// Requests or answers naming an unknown session.
    pub unknown_session: u64,
    /// Messages that did not fit the session's state (ignored or answered
    /// with an error).
    pub unexpected: u64,
    /// Messages without a usable Session-Id (ignored).
    pub malformed: u64,
    /// Requests that got no answer in time.
    pub timeouts: u64,
}

#[derive(Debug, Clone, Copy)]
enum St {
    Pending {
        deadline: Instant,
    },
    Open {
        /// A re-auth request is in flight until this instant.
        reauth_deadline: Option<Instant>,
    },
    Discon {
        deadline: Instant,
        initiator: Initiator,
        reason: DownReason,
    },
}

#[derive(Debug, Clone, Copy)]
struct Session {
    st: St,
    stateful: bool,
    hint: AuthSessionState,
    server_host: Option<IdentityBuf>,
    session_timeout_at: Option<Instant>,
    reauth_at: Option<Instant>,
    expire_at: Option<Instant>,
}

impl Deadline for Session {
    fn deadline(&self) -> Option<Instant> {
        match self.st {
            St::Pending { deadline } | St::Discon { deadline, .. } => Some(deadline),
            St::Open { reauth_deadline } => {
                let reauth = if reauth_deadline.is_some() || !self.stateful {
                    None
                } else {
                    self.reauth_at
                };
                [
                    reauth_deadline,
                    reauth,
                    self.session_timeout_at,
                    self.expire_at,
                ]
                .into_iter()
                .flatten()
                .min()
            }
        }
    }
}

/// The authorization session client: one machine for every session of an
/// access device, stateful or stateless as each server answer decides
/// (RFC 6733 §8.11: "the value in the server's answer message is
/// binding").
///
/// ```text
///                           CLIENT, STATEFUL (RFC 6733 §8.1)
///   State     Event                          Action       New State
///   ---------------------------------------------------------------
///   Idle      Client or device requests      Send         Pending
///             access                         service-
///                                            specific
///                                            auth req
///   Idle      ASR Received                   Send ASA     Idle
///             for unknown session            with
///                                            Result-Code =
///                                            UNKNOWN_
///                                            SESSION_ID
///   Idle      RAR Received                   Send RAA     Idle
///             for unknown session            with
///                                            Result-Code =
///                                            UNKNOWN_
///                                            SESSION_ID
///   Pending   Successful service-specific    Grant        Open
///             authorization answer           Access
///             received with default
///             Auth-Session-State value
///   Pending   Successful service-specific    Sent STR     Discon
///             authorization answer received,
///             but service not provided
///   Pending   Error processing successful    Sent STR     Discon
///             service-specific authorization
///             answer
///   Pending   Failed service-specific        Clean up     Idle
///             authorization answer received
///   Open      User or client device          Send         Open
///             requests access to service     service-
///                                            specific
///                                            auth req
///   Open      Successful service-specific    Provide      Open
///             authorization answer received  service
///   Open      Failed service-specific        Discon.      Idle
///             authorization answer           user/device
///             received.
///   Open      RAR received and client will   Send RAA     Open
///             perform subsequent re-auth     with
///                                            Result-Code =
///                                            SUCCESS
///   Open      RAR received and client will   Send RAA     Idle
///             not perform subsequent         with
///             re-auth                        Result-Code !=
///                                            SUCCESS,
///                                            Discon.
///                                            user/device
///   Open      Session-Timeout expires on     Send STR     Discon
///             access device
///   Open      ASR received,                  Send ASA     Discon
///             client will comply             with
///             with request to end the        Result-Code =
///             session                        = SUCCESS,
///                                            Send STR.
///   Open      ASR Received,                  Send ASA     Open
///             client will not comply         with
///             with request to end the        Result-Code !=
///             session                        != SUCCESS
///   Open      Authorization-Lifetime +       Send STR     Discon
///             Auth-Grace-Period expires on
///             access device
///   Discon    ASR received                   Send ASA     Discon
///   Discon    STA received                   Discon.      Idle
///                                            user/device
///
///                           CLIENT, STATELESS (RFC 6733 §8.1)
///   State     Event                          Action       New State
///   ---------------------------------------------------------------
///   Idle      Client or device requests      Send         Pending
///             access                         service-
///                                            specific
///                                            auth req
///   Pending   Successful service-specific    Grant        Open
///             authorization answer           access
///             received with Auth-Session-
///             State set to
///             NO_STATE_MAINTAINED
///   Pending   Failed service-specific        Clean up     Idle
///             authorization answer
///             received
///   Open      Session-Timeout expires on     Discon.      Idle
///             access device                  user/device
///   Open      Service to user is terminated  Discon.      Idle
///                                            user/device
/// ```
///
/// Inputs map onto the table events as follows: "client or device requests
/// access" is [`AuthClient::request_access`]; "user requests access to
/// service" (a re-auth) is [`AuthClient::send_auth_request`] and also
/// happens by itself when Authorization-Lifetime expires (RFC 6733 §8.12)
/// and after a successful RAA (§8.3.2: "A successful RAA message MUST be
/// followed by an application-specific authentication and/or authorization
/// message"); "service to user is terminated" is
/// [`AuthClient::terminate`]; whether the client complies with RAR/ASR is
/// [`AuthClientConfig::accept_reauth`] / [`AuthClientConfig::honor_abort`].
///
/// Choices where the tables are silent (RFC 6733 §8.1: "Any event not
/// listed in the state machines MUST be considered an error condition, and
/// an answer, if applicable, MUST be returned"):
///
/// * an RAR or ASR for a session that is known but not open (Pending, or a
///   stateless session) is answered with DIAMETER_UNABLE_TO_COMPLY;
/// * another request is answered with DIAMETER_COMMAND_UNSUPPORTED (E bit);
/// * a Pending auth request without an answer within
///   [`AuthClientConfig::request_timeout`], or that the peer layer could
///   not deliver, ends the session (`NoAnswer`);
/// * a re-auth that fails to be delivered ends the session as the default
///   Session-Server-Failover, REFUSE_SERVICE, directs (RFC 6733 §8.18);
///   a re-auth that simply gets no answer leaves the session open until
///   Authorization-Lifetime + Auth-Grace-Period expires;
/// * an STR without an STA within the request timeout, or undeliverable,
///   releases the session anyway (counted in `timeouts`);
/// * a stateless session ends (without STR) at Session-Timeout or when
///   Authorization-Lifetime + Auth-Grace-Period expires.
#[derive(Debug)]
pub struct AuthClient {
    config: AuthClientConfig,
    sessions: Table<Session>,
    events: VecDeque<AuthClientEvent>,
    ids: SessionIdGenerator,
    end_to_end: u32,
    last_now: Instant,
    stats: AuthClientStats,
}

impl AuthClient {
    /// A client with no sessions.
    #[must_use]
    pub fn new(config: AuthClientConfig) -> Self {
        AuthClient {
            ids: SessionIdGenerator::new(config.session_id_high),
            end_to_end: config.end_to_end_seed,
            config,
            sessions: Table::new(),
            events: VecDeque::new(),
            last_now: Instant::ZERO,
            stats: AuthClientStats::default(),
        }
    }

    /// The configuration.
    #[must_use]
    pub fn config(&self) -> &AuthClientConfig {
        &self.config
    }

    /// Counters.
    #[must_use]
    pub fn stats(&self) -> AuthClientStats {
        self.stats
    }

    /// Number of sessions in the table (never above `max_sessions`).
    #[must_use]
    pub fn len(&self) -> usize {
        self.sessions.len()
    }

    /// Whether the table is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.sessions.is_empty()
    }

    /// The state of a session ([`AuthClientState::Idle`] when unknown).
    #[must_use]
    pub fn state(&self, session_id: &[u8]) -> AuthClientState {
        match SessionId::from_bytes(session_id).and_then(|k| self.sessions.get(&k)) {
            None => AuthClientState::Idle,
            Some(s) => match s.st {
                St::Pending { .. } => AuthClientState::Pending,
                St::Open { .. } => AuthClientState::Open,
                St::Discon { .. } => AuthClientState::Discon,
            },
        }
    }

    /// Session-Ids in the table, in order.
    pub fn session_ids(&self) -> impl Iterator<Item = &SessionId> {
        self.sessions.keys()
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

    /// "Client or device requests access": creates a session with a new
    /// Session-Id (RFC 6733 §8.8, `optional` as its optional part), sends
    /// the service-specific auth request and enters Pending. `hint` is the
    /// Auth-Session-State hint (sent only when NO_STATE_MAINTAINED, the
    /// default needs no AVP).
    pub fn request_access(
        &mut self,
        now: Instant,
        optional: Option<&str>,
        hint: AuthSessionState,
    ) -> Result<SessionId, SessionError> {
        let now = self.tick(now);
        if self.sessions.len() >= self.config.max_sessions {
            self.stats.table_full += 1;
            return Err(SessionError::TableFull {
                capacity: self.config.max_sessions,
            });
        }
        let host = self.config.local.origin_host;
        let id = self.ids.next(host.as_str().unwrap_or_default(), optional)?;
        let s = Session {
            st: St::Pending {
                deadline: now + self.config.request_timeout,
            },
            stateful: hint == AuthSessionState::StateMaintained,
            hint,
            server_host: None,
            session_timeout_at: None,
            reauth_at: None,
            expire_at: None,
        };
        self.sessions.insert(id, s);
        self.stats.sessions_created += 1;
        self.emit_auth_request(id, &s, true);
        Ok(id)
    }

    /// Sends another service-specific auth request for an existing session:
    /// a re-auth of an Open stateful session ("User or client device
    /// requests access to service"), or the next round of a multi-round
    /// authentication while Pending.
    pub fn send_auth_request(
        &mut self,
        now: Instant,
        session_id: &[u8],
    ) -> Result<(), SessionError> {
        let now = self.tick(now);
        let key = SessionId::from_bytes(session_id).ok_or(SessionError::UnknownSession)?;
        let timeout = self.config.request_timeout;
        let mut s = self
            .sessions
            .get(&key)
            .ok_or(SessionError::UnknownSession)?;
        let first = match &mut s.st {
            St::Pending { deadline } => {
                *deadline = now + timeout;
                true
            }
            St::Open { reauth_deadline } if s.stateful => {
                *reauth_deadline = Some(now + timeout);
                false
            }
            _ => return Err(SessionError::WrongState),
        };
        self.sessions.insert(key, s);
        self.emit_auth_request(key, &s, first);
        Ok(())
    }

    /// "Service to user is terminated" (logoff, administrative action):
    /// a stateful Open session sends an STR with `cause` and enters Discon;
    /// a stateless one is released at once.
    pub fn terminate(
        &mut self,
        now: Instant,
        session_id: &[u8],
        cause: TerminationCause,
    ) -> Result<(), SessionError> {
        let now = self.tick(now);
        let key = SessionId::from_bytes(session_id).ok_or(SessionError::UnknownSession)?;
        let s = self
            .sessions
            .get(&key)
            .ok_or(SessionError::UnknownSession)?;
        match s.st {
            St::Open { .. } if s.stateful => {
                self.send_str(now, key, cause, Initiator::Caller, DownReason::Terminated);
                Ok(())
            }
            St::Open { .. } => {
                self.down(key, Initiator::Caller, DownReason::Terminated);
                Ok(())
            }
            _ => Err(SessionError::WrongState),
        }
    }

    fn emit_auth_request(&mut self, key: SessionId, s: &Session, first: bool) {
        let e2e = self.next_e2e();
        let dest_host = if first {
            s.server_host.or(self.config.destination_host)
        } else {
            s.server_host
        };
        let mut out = request(
            self.config.auth_command,
            self.config.application_id,
            e2e,
            key,
            Some(self.config.destination_realm),
            dest_host,
        );
        out.avps.auth_application_id = Some(self.config.application_id);
        out.avps.auth_request_type = Some(self.config.auth_request_type);
        // RFC 6733 §8: "the value NO_STATE_MAINTAINED MUST NOT be set in
        // subsequent re-authorization requests".
        if first && s.hint == AuthSessionState::NoStateMaintained {
            out.avps.auth_session_state = Some(AuthSessionState::NoStateMaintained.value());
        }
        out.avps.origin_state_id = self.config.local.origin_state_id;
        self.events.push_back(AuthClientEvent::Transmit(out));
    }

    fn send_str(
        &mut self,
        now: Instant,
        key: SessionId,
        cause: TerminationCause,
        initiator: Initiator,
        reason: DownReason,
    ) {
        let e2e = self.next_e2e();
        let Some(mut s) = self.sessions.get(&key) else {
            return;
        };
        s.st = St::Discon {
            deadline: now + self.config.request_timeout,
            initiator,
            reason,
        };
        self.sessions.insert(key, s);
        let mut out = request(
            CommandCode::SESSION_TERMINATION,
            self.config.application_id,
            e2e,
            key,
            Some(self.config.destination_realm),
            s.server_host.or(self.config.destination_host),
        );
        out.avps.auth_application_id = Some(self.config.application_id);
        out.avps.termination_cause = Some(cause.0);
        out.avps.origin_state_id = self.config.local.origin_state_id;
        self.stats.str_sent += 1;
        self.events.push_back(AuthClientEvent::Transmit(out));
    }

    fn down(&mut self, key: SessionId, initiator: Initiator, reason: DownReason) {
        if self.sessions.remove(&key).is_some() {
            self.stats.sessions_down += 1;
            self.events.push_back(AuthClientEvent::SessionDown {
                session_id: key,
                initiator,
                reason,
            });
        }
    }

    fn apply_timers(now: Instant, s: &mut Session, a: &SessionAvps<'_>) {
        // RFC 6733 §8.9: absent or all ones means no re-auth expected;
        // zero means immediate re-auth.
        match a.authorization_lifetime {
            Some(l) if l != u32::MAX => {
                let grace = a.auth_grace_period.unwrap_or(0);
                s.reauth_at = Some(now + secs(l));
                s.expire_at = Some(now + secs(l) + secs(grace));
            }
            _ => {
                s.reauth_at = None;
                s.expire_at = None;
            }
        }
        // RFC 6733 §8.13: zero or absent means unlimited.
        s.session_timeout_at = match a.session_timeout {
            Some(t) if t != 0 => Some(now + secs(t)),
            _ => None,
        };
    }

    fn on_answer(&mut self, now: Instant, msg: &Message<&[u8]>, disposition: Disposition) {
        let a = SessionAvps::scan(msg);
        let Some(key) = a.session_id.and_then(SessionId::from_bytes) else {
            self.stats.malformed += 1;
            return;
        };
        let Some(mut s) = self.sessions.get(&key) else {
            self.stats.unknown_session += 1;
            return;
        };
        let rc = a.result_code.unwrap_or(ResultCode::UNABLE_TO_COMPLY);
        if let Some(h) = a.origin_host.and_then(IdentityBuf::from_bytes) {
            s.server_host = Some(h);
        }
        let cmd = msg.command_code();
        if cmd == CommandCode::SESSION_TERMINATION {
            if let St::Discon {
                initiator, reason, ..
            } = s.st
            {
                self.down(key, initiator, reason);
            } else {
                self.stats.unexpected += 1;
            }
            return;
        }
        if cmd != self.config.auth_command {
            self.stats.unexpected += 1;
            return;
        }
        match s.st {
            St::Pending { .. } => {
                if rc == ResultCode::MULTI_ROUND_AUTH {
                    self.sessions.insert(key, s);
                    self.events
                        .push_back(AuthClientEvent::MultiRound { session_id: key });
                    return;
                }
                if !is_success(rc) {
                    self.down(key, Initiator::Peer, DownReason::Rejected(rc));
                    return;
                }
                // RFC 6733 §8.11: the server's value (or the default when
                // absent) is binding.
                s.stateful = a.auth_session_state.map(AuthSessionState::from_value)
                    != Some(AuthSessionState::NoStateMaintained);
                Self::apply_timers(now, &mut s, &a);
                match disposition {
                    Disposition::Provide => {
                        s.st = St::Open {
                            reauth_deadline: None,
                        };
                        self.sessions.insert(key, s);
                        self.stats.sessions_up += 1;
                        self.events.push_back(AuthClientEvent::SessionUp {
                            session_id: key,
                            stateful: s.stateful,
                        });
                    }
                    Disposition::NotProvided | Disposition::ProcessingError => {
                        self.sessions.insert(key, s);
                        let cause = if disposition == Disposition::NotProvided {
                            TerminationCause::SERVICE_NOT_PROVIDED
                        } else {
                            TerminationCause::BAD_ANSWER
                        };
                        if s.stateful {
                            // RFC 6733 §8.4: "The access device also MUST
                            // issue an STR for a session that was authorized
                            // but never actually started."
                            self.send_str(
                                now,
                                key,
                                cause,
                                Initiator::Local,
                                DownReason::ServiceNotProvided,
                            );
                        } else {
                            self.down(key, Initiator::Local, DownReason::ServiceNotProvided);
                        }
                    }
                }
            }
            St::Open { .. } => {
                if rc == ResultCode::MULTI_ROUND_AUTH {
                    self.sessions.insert(key, s);
                    self.events
                        .push_back(AuthClientEvent::MultiRound { session_id: key });
                    return;
                }
                if !is_success(rc) {
                    self.down(key, Initiator::Peer, DownReason::Rejected(rc));
                    return;
                }
                Self::apply_timers(now, &mut s, &a);
                s.st = St::Open {
                    reauth_deadline: None,
                };
                self.sessions.insert(key, s);
                self.events
                    .push_back(AuthClientEvent::Reauthorized { session_id: key });
            }
            St::Discon { .. } => {
                self.sessions.insert(key, s);
                self.stats.unexpected += 1;
            }
        }
    }

    fn on_request(&mut self, now: Instant, msg: &Message<&[u8]>) {
        let a = SessionAvps::scan(msg);
        let Some(key) = a.session_id.and_then(SessionId::from_bytes) else {
            self.stats.malformed += 1;
            return;
        };
        let cmd = msg.command_code();
        let is_rar = cmd == CommandCode::RE_AUTH;
        if is_rar {
            self.stats.rar_received += 1;
        } else if cmd == CommandCode::ABORT_SESSION {
            self.stats.asr_received += 1;
        } else {
            self.stats.unexpected += 1;
            let out = answer_to(msg, key, ResultCode::COMMAND_UNSUPPORTED);
            self.events.push_back(AuthClientEvent::Transmit(out));
            return;
        }
        let answer = |rc| answer_to(msg, key, rc);
        let Some(s) = self.sessions.get(&key) else {
            self.stats.unknown_session += 1;
            self.events.push_back(AuthClientEvent::Transmit(answer(
                ResultCode::UNKNOWN_SESSION_ID,
            )));
            return;
        };
        match (s.st, is_rar) {
            (St::Open { .. }, true) if s.stateful => {
                if self.config.accept_reauth {
                    self.events
                        .push_back(AuthClientEvent::Transmit(answer(ResultCode::SUCCESS)));
                    // RFC 6733 §8.3.2: a successful RAA MUST be followed by
                    // an application-specific auth message.
                    let _ = self.send_auth_request(now, key.as_bytes());
                } else {
                    self.events.push_back(AuthClientEvent::Transmit(answer(
                        ResultCode::UNABLE_TO_COMPLY,
                    )));
                    self.down(key, Initiator::Local, DownReason::ReauthRefused);
                }
            }
            (St::Open { .. }, false) if s.stateful => {
                if self.config.honor_abort {
                    self.events
                        .push_back(AuthClientEvent::Transmit(answer(ResultCode::SUCCESS)));
                    self.send_str(
                        now,
                        key,
                        TerminationCause::ADMINISTRATIVE,
                        Initiator::Peer,
                        DownReason::Aborted,
                    );
                } else {
                    self.events.push_back(AuthClientEvent::Transmit(answer(
                        ResultCode::UNABLE_TO_COMPLY,
                    )));
                }
            }
            (St::Discon { .. }, false) => {
                // "Discon  ASR received  Send ASA  Discon": the session is
                // already ending.
                self.events
                    .push_back(AuthClientEvent::Transmit(answer(ResultCode::SUCCESS)));
            }
            _ => {
                self.stats.unexpected += 1;
                self.events.push_back(AuthClientEvent::Transmit(answer(
                    ResultCode::UNABLE_TO_COMPLY,
                )));
            }
        }
    }

    fn on_send_failed(&mut self, session_id: &[u8], command: CommandCode) {
        let Some(key) = SessionId::from_bytes(session_id) else {
            self.stats.unknown_session += 1;
            return;
        };
        let Some(s) = self.sessions.get(&key) else {
            self.stats.unknown_session += 1;
            return;
        };
        match s.st {
            St::Pending { .. } if command == self.config.auth_command => {
                self.down(key, Initiator::Local, DownReason::NoAnswer);
            }
            St::Open {
                reauth_deadline: Some(_),
            } if command == self.config.auth_command => {
                // RFC 6733 §8.18 default REFUSE_SERVICE: "terminate
                // service with the user".
                self.down(key, Initiator::Local, DownReason::NoAnswer);
            }
            St::Discon {
                initiator, reason, ..
            } if command == CommandCode::SESSION_TERMINATION => {
                self.down(key, initiator, reason);
            }
            _ => self.stats.unexpected += 1,
        }
    }

    fn on_deadline(&mut self, now: Instant, key: SessionId) {
        let Some(mut s) = self.sessions.get(&key) else {
            return;
        };
        match s.st {
            St::Pending { deadline } if deadline <= now => {
                self.stats.timeouts += 1;
                self.down(key, Initiator::Local, DownReason::NoAnswer);
            }
            St::Discon {
                deadline,
                initiator,
                reason,
            } if deadline <= now => {
                self.stats.timeouts += 1;
                self.down(key, initiator, reason);
            }
            St::Open { reauth_deadline } => {
                let due = |t: Option<Instant>| t.is_some_and(|t| t <= now);
                if due(s.session_timeout_at) {
                    if s.stateful {
                        self.send_str(
                            now,
                            key,
                            TerminationCause::SESSION_TIMEOUT,
                            Initiator::Local,
                            DownReason::SessionTimeout,
                        );
                    } else {
                        self.down(key, Initiator::Local, DownReason::SessionTimeout);
                    }
                } else if due(s.expire_at) {
                    if s.stateful {
                        self.send_str(
                            now,
                            key,
                            TerminationCause::AUTH_EXPIRED,
                            Initiator::Local,
                            DownReason::AuthorizationExpired,
                        );
                    } else {
                        self.down(key, Initiator::Local, DownReason::AuthorizationExpired);
                    }
                } else if due(reauth_deadline) {
                    self.stats.timeouts += 1;
                    s.st = St::Open {
                        reauth_deadline: None,
                    };
                    s.reauth_at = None;
                    self.sessions.insert(key, s);
                } else if s.stateful && reauth_deadline.is_none() && due(s.reauth_at) {
                    // RFC 6733 §8.12: re-auth expected when the
                    // Authorization-Lifetime expires.
                    s.reauth_at = None;
                    self.sessions.insert(key, s);
                    let _ = self.send_auth_request(now, key.as_bytes());
                }
            }
            _ => {}
        }
    }
}

impl Machine for AuthClient {
    type Input<'a> = AuthClientInput<'a>;
    type Event = AuthClientEvent;
    type Error = SessionError;

    fn handle(&mut self, now: Instant, input: AuthClientInput<'_>) -> Result<(), SessionError> {
        let now = self.tick(now);
        match input {
            AuthClientInput::Answer { msg, disposition } => {
                if msg.flags().is_request() {
                    self.stats.unexpected += 1;
                } else {
                    self.on_answer(now, &msg, disposition);
                }
            }
            AuthClientInput::Request(msg) => {
                if msg.flags().is_request() {
                    self.on_request(now, &msg);
                } else {
                    self.stats.unexpected += 1;
                }
            }
            AuthClientInput::SendFailed {
                session_id,
                command,
            } => self.on_send_failed(session_id, command),
        }
        Ok(())
    }

    fn poll_event(&mut self) -> Option<AuthClientEvent> {
        self.events.pop_front()
    }

    fn poll_timeout(&self) -> Option<Instant> {
        self.sessions
            .next_deadline()
            .map(|t| not_before(t, self.last_now))
    }

    fn handle_timeout(&mut self, now: Instant) {
        let now = self.tick(now);
        // Several timers of one session may be due at once: loop until
        // nothing is due (each pass clears or moves at least one timer).
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
