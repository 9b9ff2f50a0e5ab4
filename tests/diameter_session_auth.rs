//! Table-driven tests of the RFC 6733 §8.1 authorization session machines:
//! one row per (state, event) of the four tables, plus timer and flow tests.

mod diameter_session_support;

use core::time::Duration;

use diameter_session_support::*;
use roam::diameter::session::*;
use roam::diameter::wire::{ApplicationId, AvpCode, CommandCode, ResultCode};
use roam::machine::Machine;
use roam::time::Instant;

// ---------------------------------------------------------------- client

struct C {
    c: AuthClient,
    now: Instant,
    sid: Vec<u8>,
    /// The last request the client sent.
    last: Vec<u8>,
    events: Vec<AuthClientEvent>,
}

fn server_local() -> Local {
    local(AAA, "example.com")
}

impl C {
    fn new(cfg: AuthClientConfig) -> C {
        C {
            c: AuthClient::new(cfg),
            now: Instant::from_secs(100),
            sid: Vec::new(),
            last: Vec::new(),
            events: Vec::new(),
        }
    }
    fn collect(&mut self) {
        let ev = drain(&mut self.c);
        if let Some(o) = transmits_c(&ev).into_iter().rfind(|o| o.is_request()) {
            self.last = wire(&o, &self.c.config().local);
        }
        self.events = ev;
    }
    fn state(&self) -> AuthClientState {
        self.c.state(&self.sid)
    }
    fn answer_last(&mut self, rc: ResultCode, extra: &[(AvpCode, u32)], d: Disposition) {
        let a = answer(&self.last, &server_local(), rc, extra);
        self.c
            .handle(
                self.now,
                AuthClientInput::Answer {
                    msg: msg(&a),
                    disposition: d,
                },
            )
            .unwrap();
        self.collect();
    }
    fn request(&mut self, cmd: CommandCode, sid: &[u8]) {
        let r = request(cmd, ApplicationId::NASREQ, sid, &server_local(), &[]);
        self.c
            .handle(self.now, AuthClientInput::Request(msg(&r)))
            .unwrap();
        self.collect();
    }
    fn advance(&mut self, secs: u64) {
        self.now += Duration::from_secs(secs);
        self.c.handle_timeout(self.now);
        self.collect();
    }
}

fn c_idle() -> C {
    C::new(client_cfg())
}

fn c_pending() -> C {
    let mut c = c_idle();
    let sid =
        c.c.request_access(c.now, None, AuthSessionState::StateMaintained)
            .unwrap();
    c.sid = sid.as_bytes().to_vec();
    c.collect();
    c
}

fn c_open_with(extra: &[(AvpCode, u32)]) -> C {
    let mut c = c_pending();
    c.answer_last(ResultCode::SUCCESS, extra, Disposition::Provide);
    assert_eq!(c.state(), AuthClientState::Open);
    c
}

fn c_open() -> C {
    c_open_with(&[])
}

fn c_discon() -> C {
    let mut c = c_open();
    c.c.terminate(c.now, &c.sid.clone(), TerminationCause::LOGOUT)
        .unwrap();
    c.collect();
    assert_eq!(c.state(), AuthClientState::Discon);
    c
}

fn c_stateless_pending() -> C {
    let mut c = c_idle();
    let sid =
        c.c.request_access(c.now, None, AuthSessionState::NoStateMaintained)
            .unwrap();
    c.sid = sid.as_bytes().to_vec();
    c.collect();
    c
}

fn c_stateless_open_with(extra: &[(AvpCode, u32)]) -> C {
    let mut c = c_stateless_pending();
    let mut e = vec![(AvpCode::AUTH_SESSION_STATE, 1)];
    e.extend_from_slice(extra);
    c.answer_last(ResultCode::SUCCESS, &e, Disposition::Provide);
    assert_eq!(c.state(), AuthClientState::Open);
    c
}

/// What a transition must have done.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Act {
    /// Sent this command (request, or answer with this Result-Code).
    Send(CommandCode, Option<ResultCode>),
    /// Session-up event.
    Up,
    /// Session-down event.
    Down,
    /// Re-authorized event.
    Reauth,
    /// Nothing visible.
    None,
}

fn c_acts(ev: &[AuthClientEvent]) -> Vec<Act> {
    ev.iter()
        .map(|e| match e {
            AuthClientEvent::Transmit(o) => Act::Send(o.command, o.result_code),
            AuthClientEvent::SessionUp { .. } => Act::Up,
            AuthClientEvent::SessionDown { .. } => Act::Down,
            AuthClientEvent::Reauthorized { .. } => Act::Reauth,
            AuthClientEvent::MultiRound { .. } => Act::None,
        })
        .collect()
}

struct CRow {
    table: &'static str,
    from: &'static str,
    event: &'static str,
    run: fn() -> C,
    to: AuthClientState,
    acts: &'static [Act],
}

const UNKNOWN_SID: &[u8] = b"other.example.net;1;1";

#[test]
fn client_tables() {
    use AuthClientState::*;
    let rows: &[CRow] = &[
        // CLIENT, STATEFUL
        CRow {
            table: "stateful",
            from: "Idle",
            event: "Client or device requests access",
            to: Pending,
            run: c_pending,
            acts: &[Act::Send(CommandCode::AA, None)],
        },
        CRow {
            table: "stateful",
            from: "Idle",
            event: "ASR Received for unknown session",
            to: Idle,
            run: || {
                let mut c = c_idle();
                c.request(CommandCode::ABORT_SESSION, UNKNOWN_SID);
                c
            },
            acts: &[Act::Send(
                CommandCode::ABORT_SESSION,
                Some(ResultCode::UNKNOWN_SESSION_ID),
            )],
        },
        CRow {
            table: "stateful",
            from: "Idle",
            event: "RAR Received for unknown session",
            to: Idle,
            run: || {
                let mut c = c_idle();
                c.request(CommandCode::RE_AUTH, UNKNOWN_SID);
                c
            },
            acts: &[Act::Send(
                CommandCode::RE_AUTH,
                Some(ResultCode::UNKNOWN_SESSION_ID),
            )],
        },
        CRow {
            table: "stateful",
            from: "Pending",
            event: "Successful answer with default Auth-Session-State",
            to: Open,
            run: || {
                let mut c = c_pending();
                c.answer_last(ResultCode::SUCCESS, &[], Disposition::Provide);
                c
            },
            acts: &[Act::Up],
        },
        CRow {
            table: "stateful",
            from: "Pending",
            event: "Successful answer, but service not provided",
            to: Discon,
            run: || {
                let mut c = c_pending();
                c.answer_last(ResultCode::SUCCESS, &[], Disposition::NotProvided);
                c
            },
            acts: &[Act::Send(CommandCode::SESSION_TERMINATION, None)],
        },
        CRow {
            table: "stateful",
            from: "Pending",
            event: "Error processing successful answer",
            to: Discon,
            run: || {
                let mut c = c_pending();
                c.answer_last(ResultCode::SUCCESS, &[], Disposition::ProcessingError);
                c
            },
            acts: &[Act::Send(CommandCode::SESSION_TERMINATION, None)],
        },
        CRow {
            table: "stateful",
            from: "Pending",
            event: "Failed answer received",
            to: Idle,
            run: || {
                let mut c = c_pending();
                c.answer_last(
                    ResultCode::AUTHORIZATION_REJECTED,
                    &[],
                    Disposition::Provide,
                );
                c
            },
            acts: &[Act::Down],
        },
        CRow {
            table: "stateful",
            from: "Open",
            event: "User or client device requests access to service",
            to: Open,
            run: || {
                let mut c = c_open();
                c.c.send_auth_request(c.now, &c.sid.clone()).unwrap();
                c.collect();
                c
            },
            acts: &[Act::Send(CommandCode::AA, None)],
        },
        CRow {
            table: "stateful",
            from: "Open",
            event: "Successful answer received",
            to: Open,
            run: || {
                let mut c = c_open();
                c.c.send_auth_request(c.now, &c.sid.clone()).unwrap();
                c.collect();
                c.answer_last(ResultCode::SUCCESS, &[], Disposition::Provide);
                c
            },
            acts: &[Act::Reauth],
        },
        CRow {
            table: "stateful",
            from: "Open",
            event: "Failed answer received",
            to: Idle,
            run: || {
                let mut c = c_open();
                c.c.send_auth_request(c.now, &c.sid.clone()).unwrap();
                c.collect();
                c.answer_last(
                    ResultCode::AUTHORIZATION_REJECTED,
                    &[],
                    Disposition::Provide,
                );
                c
            },
            acts: &[Act::Down],
        },
        CRow {
            table: "stateful",
            from: "Open",
            event: "RAR received and client will perform re-auth",
            to: Open,
            run: || {
                let mut c = c_open();
                let s = c.sid.clone();
                c.request(CommandCode::RE_AUTH, &s);
                c
            },
            acts: &[
                Act::Send(CommandCode::RE_AUTH, Some(ResultCode::SUCCESS)),
                Act::Send(CommandCode::AA, None),
            ],
        },
        CRow {
            table: "stateful",
            from: "Open",
            event: "RAR received and client will not perform re-auth",
            to: Idle,
            run: || {
                let mut cfg = client_cfg();
                cfg.accept_reauth = false;
                let mut c = C::new(cfg);
                let sid =
                    c.c.request_access(c.now, None, AuthSessionState::StateMaintained)
                        .unwrap();
                c.sid = sid.as_bytes().to_vec();
                c.collect();
                c.answer_last(ResultCode::SUCCESS, &[], Disposition::Provide);
                let s = c.sid.clone();
                c.request(CommandCode::RE_AUTH, &s);
                c
            },
            acts: &[
                Act::Send(CommandCode::RE_AUTH, Some(ResultCode::UNABLE_TO_COMPLY)),
                Act::Down,
            ],
        },
        CRow {
            table: "stateful",
            from: "Open",
            event: "Session-Timeout expires on access device",
            to: Discon,
            run: || {
                let mut c = c_open_with(&[(AvpCode(27), 60)]);
                c.advance(60);
                c
            },
            acts: &[Act::Send(CommandCode::SESSION_TERMINATION, None)],
        },
        CRow {
            table: "stateful",
            from: "Open",
            event: "ASR received, client will comply",
            to: Discon,
            run: || {
                let mut c = c_open();
                let s = c.sid.clone();
                c.request(CommandCode::ABORT_SESSION, &s);
                c
            },
            acts: &[
                Act::Send(CommandCode::ABORT_SESSION, Some(ResultCode::SUCCESS)),
                Act::Send(CommandCode::SESSION_TERMINATION, None),
            ],
        },
        CRow {
            table: "stateful",
            from: "Open",
            event: "ASR received, client will not comply",
            to: Open,
            run: || {
                let mut cfg = client_cfg();
                cfg.honor_abort = false;
                let mut c = C::new(cfg);
                let sid =
                    c.c.request_access(c.now, None, AuthSessionState::StateMaintained)
                        .unwrap();
                c.sid = sid.as_bytes().to_vec();
                c.collect();
                c.answer_last(ResultCode::SUCCESS, &[], Disposition::Provide);
                let s = c.sid.clone();
                c.request(CommandCode::ABORT_SESSION, &s);
                c
            },
            acts: &[Act::Send(
                CommandCode::ABORT_SESSION,
                Some(ResultCode::UNABLE_TO_COMPLY),
            )],
        },
        CRow {
            table: "stateful",
            from: "Open",
            event: "Authorization-Lifetime + Auth-Grace-Period expires",
            to: Discon,
            run: || {
                let mut c = c_open_with(&[
                    (AvpCode::AUTHORIZATION_LIFETIME, 30),
                    (AvpCode::AUTH_GRACE_PERIOD, 5),
                ]);
                c.advance(30); // lifetime: re-auth sent, no answer
                assert_eq!(c_acts(&c.events), [Act::Send(CommandCode::AA, None)]);
                c.advance(5);
                c
            },
            acts: &[Act::Send(CommandCode::SESSION_TERMINATION, None)],
        },
        CRow {
            table: "stateful",
            from: "Discon",
            event: "ASR received",
            to: Discon,
            run: || {
                let mut c = c_discon();
                let s = c.sid.clone();
                c.request(CommandCode::ABORT_SESSION, &s);
                c
            },
            acts: &[Act::Send(
                CommandCode::ABORT_SESSION,
                Some(ResultCode::SUCCESS),
            )],
        },
        CRow {
            table: "stateful",
            from: "Discon",
            event: "STA received",
            to: Idle,
            run: || {
                let mut c = c_discon();
                c.answer_last(ResultCode::SUCCESS, &[], Disposition::Provide);
                c
            },
            acts: &[Act::Down],
        },
        // CLIENT, STATELESS
        CRow {
            table: "stateless",
            from: "Idle",
            event: "Client or device requests access",
            to: Pending,
            run: c_stateless_pending,
            acts: &[Act::Send(CommandCode::AA, None)],
        },
        CRow {
            table: "stateless",
            from: "Pending",
            event: "Successful answer with NO_STATE_MAINTAINED",
            to: Open,
            run: || {
                let mut c = c_stateless_pending();
                c.answer_last(
                    ResultCode::SUCCESS,
                    &[(AvpCode::AUTH_SESSION_STATE, 1)],
                    Disposition::Provide,
                );
                c
            },
            acts: &[Act::Up],
        },
        CRow {
            table: "stateless",
            from: "Pending",
            event: "Failed answer received",
            to: Idle,
            run: || {
                let mut c = c_stateless_pending();
                c.answer_last(
                    ResultCode::AUTHENTICATION_REJECTED,
                    &[],
                    Disposition::Provide,
                );
                c
            },
            acts: &[Act::Down],
        },
        CRow {
            table: "stateless",
            from: "Open",
            event: "Session-Timeout expires on access device",
            to: Idle,
            run: || {
                let mut c = c_stateless_open_with(&[(AvpCode(27), 10)]);
                c.advance(10);
                c
            },
            acts: &[Act::Down],
        },
        CRow {
            table: "stateless",
            from: "Open",
            event: "Service to user is terminated",
            to: Idle,
            run: || {
                let mut c = c_stateless_open_with(&[]);
                c.c.terminate(c.now, &c.sid.clone(), TerminationCause::LOGOUT)
                    .unwrap();
                c.collect();
                c
            },
            acts: &[Act::Down],
        },
    ];
    assert_eq!(rows.len(), 18 + 5, "every row of both client tables");
    for r in rows {
        let c = (r.run)();
        let got = c_acts(&c.events);
        assert_eq!(c.state(), r.to, "{} {} / {}", r.table, r.from, r.event);
        assert_eq!(got, r.acts, "{} {} / {}: actions", r.table, r.from, r.event);
        assert!(
            c.c.poll_timeout().is_none_or(|t| t >= c.now),
            "timer in the past"
        );
    }
}

#[test]
fn client_stateful_hint_overridden_by_server() {
    // RFC 6733 §8.11: the server's value is binding. The client hints
    // NO_STATE_MAINTAINED, the server answers with the default.
    let mut c = c_stateless_pending();
    let req = msg(&c.last);
    assert_eq!(SessionAvps::scan(&req).auth_session_state, Some(1));
    c.answer_last(ResultCode::SUCCESS, &[], Disposition::Provide);
    assert!(matches!(
        c.events[0],
        AuthClientEvent::SessionUp { stateful: true, .. }
    ));
    // So logoff sends an STR.
    c.c.terminate(c.now, &c.sid.clone(), TerminationCause::LOGOUT)
        .unwrap();
    c.collect();
    assert_eq!(
        c_acts(&c.events),
        [Act::Send(CommandCode::SESSION_TERMINATION, None)]
    );
}

#[test]
fn client_str_carries_cause_and_server_host() {
    let mut c = c_open_with(&[(AvpCode(27), 5)]);
    c.advance(5);
    let str_ = msg(&c.last);
    assert_eq!(str_.command_code(), CommandCode::SESSION_TERMINATION);
    let a = SessionAvps::scan(&str_);
    assert_eq!(
        a.termination_cause,
        Some(TerminationCause::SESSION_TIMEOUT.0)
    );
    assert_eq!(a.auth_application_id, Some(ApplicationId::NASREQ.0));
    // Destination-Host is the server that answered (RFC 6733 §8.17 default).
    let dh = str_
        .avps()
        .flatten()
        .find(|a| a.code() == AvpCode::DESTINATION_HOST)
        .unwrap();
    assert_eq!(dh.data(), AAA.as_bytes());
    assert_eq!(str_.hop_by_hop(), 0, "the peer layer assigns hop-by-hop");
}

#[test]
fn client_session_ids_follow_rfc_format_and_table_is_bounded() {
    let mut cfg = client_cfg();
    cfg.max_sessions = 2;
    let mut c = AuthClient::new(cfg);
    let a = c
        .request_access(Instant::ZERO, None, AuthSessionState::StateMaintained)
        .unwrap();
    let b = c
        .request_access(
            Instant::ZERO,
            Some("mobile@200.1.1.88"),
            AuthSessionState::StateMaintained,
        )
        .unwrap();
    assert_eq!(a.as_str(), Some("nas.example.net;1876543210;0"));
    assert_eq!(
        b.as_str(),
        Some("nas.example.net;1876543210;1;mobile@200.1.1.88")
    );
    assert_eq!(
        c.request_access(Instant::ZERO, None, AuthSessionState::StateMaintained),
        Err(SessionError::TableFull { capacity: 2 })
    );
    assert_eq!(c.stats().table_full, 1);
    assert_eq!(c.len(), 2);
}

#[test]
fn client_lifetime_triggers_reauth_and_success_rearms() {
    let mut c = c_open_with(&[
        (AvpCode::AUTHORIZATION_LIFETIME, 60),
        (AvpCode::AUTH_GRACE_PERIOD, 10),
    ]);
    assert_eq!(c.c.poll_timeout(), Some(c.now + Duration::from_secs(60)));
    c.advance(60);
    assert_eq!(c_acts(&c.events), [Act::Send(CommandCode::AA, None)]);
    // RFC 6733 §8: NO_STATE_MAINTAINED must not be in re-auth requests.
    assert_eq!(SessionAvps::scan(&msg(&c.last)).auth_session_state, None);
    c.answer_last(
        ResultCode::SUCCESS,
        &[(AvpCode::AUTHORIZATION_LIFETIME, 60)],
        Disposition::Provide,
    );
    assert_eq!(c_acts(&c.events), [Act::Reauth]);
    assert_eq!(c.c.poll_timeout(), Some(c.now + Duration::from_secs(60)));
}

#[test]
fn client_lifetime_zero_means_immediate_reauth_and_all_ones_means_none() {
    let c = c_open_with(&[(AvpCode::AUTHORIZATION_LIFETIME, u32::MAX)]);
    assert_eq!(c.c.poll_timeout(), None);
    let mut c = c_open_with(&[
        (AvpCode::AUTHORIZATION_LIFETIME, 0),
        (AvpCode::AUTH_GRACE_PERIOD, 30),
    ]);
    assert_eq!(c.c.poll_timeout(), Some(c.now));
    c.advance(0);
    assert_eq!(c_acts(&c.events), [Act::Send(CommandCode::AA, None)]);
}

#[test]
fn client_pending_timeout_and_send_failure() {
    let mut c = c_pending();
    c.advance(10);
    assert_eq!(c.state(), AuthClientState::Idle);
    assert!(matches!(
        c.events[0],
        AuthClientEvent::SessionDown {
            initiator: Initiator::Local,
            reason: DownReason::NoAnswer,
            ..
        }
    ));
    let mut c = c_discon();
    let sid = c.sid.clone();
    c.c.handle(
        c.now,
        AuthClientInput::SendFailed {
            session_id: &sid,
            command: CommandCode::SESSION_TERMINATION,
        },
    )
    .unwrap();
    c.collect();
    assert_eq!(c.state(), AuthClientState::Idle);
    assert!(matches!(
        c.events[0],
        AuthClientEvent::SessionDown {
            initiator: Initiator::Caller,
            reason: DownReason::Terminated,
            ..
        }
    ));
}

#[test]
fn client_down_events_record_initiator() {
    // ASR → STR → STA: the peer ended it.
    let mut c = c_open();
    let s = c.sid.clone();
    c.request(CommandCode::ABORT_SESSION, &s);
    c.answer_last(ResultCode::SUCCESS, &[], Disposition::Provide);
    assert_eq!(
        c.events,
        [AuthClientEvent::SessionDown {
            session_id: SessionId::from_bytes(&s).unwrap(),
            initiator: Initiator::Peer,
            reason: DownReason::Aborted,
        }]
    );
}

#[test]
fn client_rejects_misuse_and_unexpected_input() {
    let mut c = c_pending();
    let sid = c.sid.clone();
    assert_eq!(
        c.c.terminate(c.now, &sid, TerminationCause::LOGOUT),
        Err(SessionError::WrongState)
    );
    assert_eq!(
        c.c.send_auth_request(c.now, b"nope"),
        Err(SessionError::UnknownSession)
    );
    // An STR sent to a client is answered with COMMAND_UNSUPPORTED (E bit).
    c.request(CommandCode::SESSION_TERMINATION, &sid);
    let t = transmits_c(&c.events);
    assert_eq!(t[0].result_code, Some(ResultCode::COMMAND_UNSUPPORTED));
    assert!(t[0].flags.is_error());
    // An answer for an unknown session is counted, not an error.
    let a = answer(&c.last, &server_local(), ResultCode::SUCCESS, &[]);
    let mut other = c_idle();
    other
        .c
        .handle(
            other.now,
            AuthClientInput::Answer {
                msg: msg(&a),
                disposition: Disposition::Provide,
            },
        )
        .unwrap();
    assert_eq!(other.c.stats().unknown_session, 1);
}

// ---------------------------------------------------------------- server

struct S {
    s: AuthServer,
    now: Instant,
    sid: Vec<u8>,
    events: Vec<AuthServerEvent>,
    last_req: Vec<u8>,
}

fn client_local() -> Local {
    local(NAS, "example.net")
}

const SID: &[u8] = b"nas.example.net;1876543210;42";

fn grant(lifetime: Option<u32>, grace: Option<u32>, timeout: Option<u32>) -> Verdict {
    Verdict::Grant(Grant {
        state: AuthSessionState::StateMaintained,
        authorization_lifetime: lifetime,
        auth_grace_period: grace,
        session_timeout: timeout,
        re_auth_request_type: 0,
    })
}

impl S {
    fn new() -> S {
        S {
            s: AuthServer::new(server_cfg()),
            now: Instant::from_secs(100),
            sid: SID.to_vec(),
            events: Vec::new(),
            last_req: Vec::new(),
        }
    }
    fn collect(&mut self) {
        let ev = drain(&mut self.s);
        if let Some(o) = transmits_s(&ev).into_iter().rfind(|o| o.is_request()) {
            self.last_req = wire(&o, &self.s.config().local);
        }
        self.events = ev;
    }
    fn state(&self) -> AuthServerState {
        self.s.state(&self.sid)
    }
    fn auth(&mut self, v: Verdict) {
        let r = request(
            CommandCode::AA,
            ApplicationId::NASREQ,
            &self.sid,
            &client_local(),
            &[],
        );
        self.s
            .handle(
                self.now,
                AuthServerInput::AuthRequest {
                    msg: msg(&r),
                    verdict: v,
                },
            )
            .unwrap();
        self.collect();
    }
    fn str_(&mut self) {
        let r = request(
            CommandCode::SESSION_TERMINATION,
            ApplicationId::NASREQ,
            &self.sid,
            &client_local(),
            &[(AvpCode::TERMINATION_CAUSE, 1)],
        );
        self.s
            .handle(self.now, AuthServerInput::Request(msg(&r)))
            .unwrap();
        self.collect();
    }
    fn answer_last(&mut self, rc: ResultCode) {
        let a = answer(&self.last_req, &client_local(), rc, &[]);
        self.s
            .handle(self.now, AuthServerInput::Answer(msg(&a)))
            .unwrap();
        self.collect();
    }
    fn advance(&mut self, secs: u64) {
        self.now += Duration::from_secs(secs);
        self.s.handle_timeout(self.now);
        self.collect();
    }
}

fn s_open_with(v: Verdict) -> S {
    let mut s = S::new();
    s.auth(v);
    assert_eq!(s.state(), AuthServerState::Open);
    s
}
fn s_open() -> S {
    s_open_with(grant(None, None, None))
}
fn s_pending() -> S {
    let mut s = s_open();
    s.s.reauth(s.now, SID, 0).unwrap();
    s.collect();
    s
}
fn s_discon() -> S {
    let mut s = s_open();
    s.s.abort(s.now, SID).unwrap();
    s.collect();
    s
}

fn s_acts(ev: &[AuthServerEvent]) -> Vec<Act> {
    ev.iter()
        .map(|e| match e {
            AuthServerEvent::Transmit(o) => Act::Send(o.command, o.result_code),
            AuthServerEvent::SessionUp { .. } => Act::Up,
            AuthServerEvent::SessionDown { .. } => Act::Down,
            AuthServerEvent::Reauthorized { .. } => Act::Reauth,
        })
        .collect()
}

struct SRow {
    table: &'static str,
    from: &'static str,
    event: &'static str,
    run: fn() -> S,
    to: AuthServerState,
    acts: &'static [Act],
}

#[test]
fn server_tables() {
    use AuthServerState::*;
    let ok = Some(ResultCode::SUCCESS);
    let _ = ok;
    let rows: &[SRow] = &[
        SRow {
            table: "stateful",
            from: "Idle",
            event: "request received, user is authorized",
            to: Open,
            run: s_open,
            acts: &[
                Act::Send(CommandCode::AA, Some(ResultCode::SUCCESS)),
                Act::Up,
            ],
        },
        SRow {
            table: "stateful",
            from: "Idle",
            event: "request received, user is not authorized",
            to: Idle,
            run: || {
                let mut s = S::new();
                s.auth(Verdict::Reject(ResultCode::AUTHORIZATION_REJECTED));
                s
            },
            acts: &[Act::Send(
                CommandCode::AA,
                Some(ResultCode::AUTHORIZATION_REJECTED),
            )],
        },
        SRow {
            table: "stateful",
            from: "Open",
            event: "request received, user is authorized",
            to: Open,
            run: || {
                let mut s = s_open();
                s.auth(grant(None, None, None));
                s
            },
            acts: &[
                Act::Send(CommandCode::AA, Some(ResultCode::SUCCESS)),
                Act::Reauth,
            ],
        },
        SRow {
            table: "stateful",
            from: "Open",
            event: "request received, user is not authorized",
            to: Idle,
            run: || {
                let mut s = s_open();
                s.auth(Verdict::Reject(ResultCode::AUTHORIZATION_REJECTED));
                s
            },
            acts: &[
                Act::Send(CommandCode::AA, Some(ResultCode::AUTHORIZATION_REJECTED)),
                Act::Down,
            ],
        },
        SRow {
            table: "stateful",
            from: "Open",
            event: "Home server wants to confirm authorization",
            to: Pending,
            run: s_pending,
            acts: &[Act::Send(CommandCode::RE_AUTH, None)],
        },
        SRow {
            table: "stateful",
            from: "Pending",
            event: "Received RAA with a failed Result-Code",
            to: Idle,
            run: || {
                let mut s = s_pending();
                s.answer_last(ResultCode::UNABLE_TO_COMPLY);
                s
            },
            acts: &[Act::Down],
        },
        SRow {
            table: "stateful",
            from: "Pending",
            event: "Received RAA with Result-Code = SUCCESS",
            to: Open,
            run: || {
                let mut s = s_pending();
                s.answer_last(ResultCode::SUCCESS);
                s
            },
            acts: &[Act::Reauth],
        },
        SRow {
            table: "stateful",
            from: "Open",
            event: "Home server wants to terminate the service",
            to: Discon,
            run: s_discon,
            acts: &[Act::Send(CommandCode::ABORT_SESSION, None)],
        },
        SRow {
            table: "stateful",
            from: "Open",
            event: "Authorization-Lifetime (and Auth-Grace-Period) expires",
            to: Idle,
            run: || {
                let mut s = s_open_with(grant(Some(30), Some(5), None));
                s.advance(34);
                assert_eq!(s.state(), Open);
                s.advance(1);
                s
            },
            acts: &[Act::Down],
        },
        SRow {
            table: "stateful",
            from: "Open",
            event: "Session-Timeout expires on home server",
            to: Idle,
            run: || {
                let mut s = s_open_with(grant(None, None, Some(50)));
                s.advance(50);
                s
            },
            acts: &[Act::Down],
        },
        SRow {
            table: "stateful",
            from: "Discon",
            event: "Failure to send ASR",
            to: Discon,
            run: || {
                let mut s = s_discon();
                s.s.handle(
                    s.now,
                    AuthServerInput::SendFailed {
                        session_id: SID,
                        command: CommandCode::ABORT_SESSION,
                    },
                )
                .unwrap();
                s.collect();
                assert!(s.events.is_empty());
                s.advance(5);
                s
            },
            acts: &[Act::Send(CommandCode::ABORT_SESSION, None)],
        },
        SRow {
            table: "stateful",
            from: "Discon",
            event: "ASR successfully sent and ASA received",
            to: Idle,
            run: || {
                let mut s = s_discon();
                s.answer_last(ResultCode::SUCCESS);
                s
            },
            acts: &[Act::Down],
        },
        SRow {
            table: "stateful",
            from: "Not Discon",
            event: "ASA Received",
            to: Open,
            run: || {
                let mut s = s_discon();
                let asr = s.last_req.clone();
                s.answer_last(ResultCode::SUCCESS);
                s.auth(grant(None, None, None));
                s.last_req = asr;
                s.answer_last(ResultCode::SUCCESS);
                s
            },
            acts: &[],
        },
        SRow {
            table: "stateful",
            from: "Any",
            event: "STR Received",
            to: Idle,
            run: || {
                let mut s = s_pending();
                s.str_();
                s
            },
            acts: &[
                Act::Send(CommandCode::SESSION_TERMINATION, Some(ResultCode::SUCCESS)),
                Act::Down,
            ],
        },
        // SERVER, STATELESS
        SRow {
            table: "stateless",
            from: "Idle",
            event: "request received and successfully processed",
            to: Idle,
            run: || {
                let mut s = S::new();
                s.auth(Verdict::Grant(Grant {
                    state: AuthSessionState::NoStateMaintained,
                    ..Grant::default()
                }));
                s
            },
            acts: &[Act::Send(CommandCode::AA, Some(ResultCode::SUCCESS))],
        },
    ];
    assert_eq!(rows.len(), 14 + 1, "every row of both server tables");
    for r in rows {
        let s = (r.run)();
        assert_eq!(s.state(), r.to, "{} {} / {}", r.table, r.from, r.event);
        assert_eq!(
            s_acts(&s.events),
            r.acts,
            "{} {} / {}: actions",
            r.table,
            r.from,
            r.event
        );
        assert!(
            s.s.poll_timeout().is_none_or(|t| t >= s.now),
            "timer in the past"
        );
    }
}

#[test]
fn server_str_in_every_state_and_unknown() {
    for mk in [s_open as fn() -> S, s_pending, s_discon] {
        let mut s = mk();
        s.str_();
        assert_eq!(s.state(), AuthServerState::Idle);
        assert!(matches!(
            s.events[1],
            AuthServerEvent::SessionDown {
                initiator: Initiator::Peer,
                reason: DownReason::SessionTerminationReceived,
                ..
            }
        ));
    }
    let mut s = S::new();
    s.str_();
    assert_eq!(
        s_acts(&s.events),
        [Act::Send(
            CommandCode::SESSION_TERMINATION,
            Some(ResultCode::UNKNOWN_SESSION_ID)
        )]
    );
}

#[test]
fn server_table_full_refuses_with_unable_to_comply() {
    let mut cfg = server_cfg();
    cfg.max_sessions = 1;
    let mut s = S::new();
    s.s = AuthServer::new(cfg);
    s.auth(grant(None, None, None));
    s.sid = b"nas.example.net;1;2".to_vec();
    s.auth(grant(None, None, None));
    assert_eq!(
        s_acts(&s.events),
        [Act::Send(
            CommandCode::AA,
            Some(ResultCode::UNABLE_TO_COMPLY)
        )]
    );
    assert_eq!(s.s.stats().table_full, 1);
    assert_eq!(s.s.len(), 1);
    // Stateless grants use no entry and still succeed.
    s.auth(Verdict::Grant(Grant {
        state: AuthSessionState::NoStateMaintained,
        ..Grant::default()
    }));
    assert_eq!(
        s_acts(&s.events),
        [Act::Send(CommandCode::AA, Some(ResultCode::SUCCESS))]
    );
}

#[test]
fn server_answer_carries_lifetime_avps_and_rar_targets_client() {
    let mut s = S::new();
    s.auth(grant(Some(600), Some(30), Some(3600)));
    let o = transmits_s(&s.events)[0];
    assert_eq!(o.avps.authorization_lifetime, Some(600));
    assert_eq!(o.avps.auth_grace_period, Some(30));
    assert_eq!(o.avps.session_timeout, Some(3600));
    // RFC 6733 §8.12: Re-Auth-Request-Type MUST be present with a positive lifetime.
    assert_eq!(o.avps.re_auth_request_type, Some(0));
    s.s.reauth(s.now, SID, 1).unwrap();
    s.collect();
    let rar = msg(&s.last_req);
    let dh = rar
        .avps()
        .flatten()
        .find(|a| a.code() == AvpCode::DESTINATION_HOST)
        .unwrap();
    assert_eq!(dh.data(), NAS.as_bytes());
    assert_eq!(SessionAvps::scan(&rar).re_auth_request_type, Some(1));
    assert_eq!(s.s.reauth(s.now, SID, 0), Err(SessionError::WrongState));
}

#[test]
fn server_asr_retries_are_bounded() {
    let mut s = s_discon();
    for _ in 0..2 {
        s.answer_last(ResultCode::TOO_BUSY); // failure to send
        assert_eq!(s.state(), AuthServerState::Discon);
        s.advance(5);
        assert_eq!(
            s_acts(&s.events),
            [Act::Send(CommandCode::ABORT_SESSION, None)]
        );
    }
    s.answer_last(ResultCode::TOO_BUSY);
    assert_eq!(s.state(), AuthServerState::Idle);
    assert_eq!(s.s.stats().asr_sent, 3);
}
