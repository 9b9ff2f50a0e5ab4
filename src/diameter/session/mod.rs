//! Diameter user sessions (RFC 6733 §8, §9): the authorization session
//! state machines (client and server, stateful and stateless) and the
//! accounting session state machines (client and server), sans-IO.
//!
//! # Where these machines sit
//!
//! ```text
//!   application (NASREQ, MIPv4, …)          caller's policy decisions
//!          │  commands: request_access, terminate, start, stop, …
//!          ▼
//!   session machines (this module)   ── Event::Transmit(Outgoing) ──▶ peer / router
//!          ▲                                                            │
//!          └──── handle(now, parsed Message of an answer or request) ◀──┘
//! ```
//!
//! The machines never touch a transport. They consume already-parsed
//! [`Message`](crate::diameter::wire::Message) views and emit
//! [`Outgoing`] descriptions of the messages to send, plus session events
//! (up, re-authorized, down with the [`Initiator`]).
//!
//! # Example: one authorization round trip
//!
//! ```
//! use roam::diameter::session::*;
//! use roam::diameter::wire::{ApplicationId, CommandCode, Message};
//! use roam::machine::Machine;
//! use roam::time::Instant;
//!
//! let nas = Local::new("nas.example.net", "example.net").unwrap();
//! let aaa = Local::new("aaa.example.com", "example.com").unwrap();
//! let realm = IdentityBuf::new("example.com").unwrap();
//! let mut client = AuthClient::new(AuthClientConfig::new(
//!     nas, realm, ApplicationId::NASREQ, CommandCode::AA,
//! ));
//! let mut server = AuthServer::new(AuthServerConfig::new(aaa, ApplicationId::NASREQ));
//! let now = Instant::from_secs(1);
//! let mut buf = [0u8; 1024];
//!
//! let sid = client.request_access(now, None, AuthSessionState::StateMaintained).unwrap();
//! // Drain the client: one auth request (AA) to write and send.
//! let Some(AuthClientEvent::Transmit(aa)) = client.poll_event() else { panic!() };
//! let n = aa.write_to(&nas, &mut buf).unwrap();
//! // The server side parses it and applies the application's verdict.
//! let msg = Message::new_checked(&buf[..n]).unwrap();
//! let grant = Verdict::Grant(Grant { authorization_lifetime: Some(600), ..Grant::default() });
//! server.handle(now, AuthServerInput::AuthRequest { msg, verdict: grant }).unwrap();
//! let Some(AuthServerEvent::Transmit(ans)) = server.poll_event() else { panic!() };
//! assert!(matches!(server.poll_event(), Some(AuthServerEvent::SessionUp { .. })));
//! let n = ans.write_to(&aaa, &mut buf).unwrap();
//! let msg = Message::new_checked(&buf[..n]).unwrap();
//! client.handle(now, AuthClientInput::Answer { msg, disposition: Disposition::Provide }).unwrap();
//! assert_eq!(
//!     client.poll_event(),
//!     Some(AuthClientEvent::SessionUp { session_id: sid, stateful: true })
//! );
//! assert_eq!(client.state(sid.as_bytes()), AuthClientState::Open);
//! // Re-auth is due when the 600 s Authorization-Lifetime expires.
//! assert_eq!(client.poll_timeout(), Some(now + core::time::Duration::from_secs(600)));
//! ```
//!
//! # Transmit design
//!
//! An emitted message is an [`Outgoing`]: an owned, fixed-size value (no
//! heap) describing the header and the base-protocol AVPs. The caller
//! writes it into its own buffer with [`Outgoing::write_to`], or starts
//! with [`Outgoing::begin`] to get a
//! [`MessageBuilder`](crate::diameter::wire::MessageBuilder) already
//! holding the header and base AVPs, appends its service-specific AVPs
//! (e.g. NASREQ's Framed-IP-Address, accounting octet counters) and calls
//! `finish`. The machines therefore never allocate per message; the only
//! allocations are the bounded session tables and the accounting buffer,
//! both sized by their `Config`, which is why the whole module needs the
//! `alloc` feature.
//!
//! Requests are written with Hop-by-Hop Identifier 0: the peer layer owns
//! Hop-by-Hop identifiers (RFC 6733 §3) and rewrites them in place
//! ([`Message::set_hop_by_hop`](crate::diameter::wire::Message::set_hop_by_hop)).
//! The End-to-End identifier comes from a counter seeded by the caller's
//! configuration. Answers copy both identifiers from their request.
//!
//! # Time and randomness
//!
//! Time only enters as `now`; deadlines live in each session's state.
//! [`Machine::poll_timeout`](crate::machine::Machine::poll_timeout) never
//! returns an instant before the latest `now` a machine has seen. The
//! Session-Id high part and the interim-jitter seed come from the caller.
//!
//! # What stays with the application
//!
//! The machines write the base-protocol AVPs the RFC 6733 §8 and §9
//! grammars require of them; the application adds the rest through
//! [`Outgoing::begin`]:
//!
//! * service-specific AVPs of its auth requests and answers (the auth
//!   command itself is configured, e.g. NASREQ AA or MIPv4 AMR);
//! * Class AVPs: "When one or more Class AVPs are present in
//!   application-specific authorization answer messages, they MUST be
//!   present in subsequent re-authorization, session termination and
//!   accounting messages" (RFC 6733 §8.20) — the machines store no opaque
//!   per-session bytes, so the application echoes them;
//! * User-Name (RFC 6733 §9.5: MUST be in accounting records "if it is
//!   available"), Event-Timestamp and usage AVPs (`Outgoing::tag` says which
//!   record a transmit is).
//!
//! Session-Binding (§8.17) and Session-Server-Failover (§8.18) are applied
//! with their default values only (Destination-Host present in re-auth and
//! STR; REFUSE_SERVICE). Inferring terminated sessions from a peer's new
//! Origin-State-Id (§8.6) is left to the application, which can end the
//! affected sessions with the machines' commands. Sessions are not
//! snapshotted across restarts.
//!
//! # Errors
//!
//! A peer that misbehaves (unknown Session-Id, missing AVPs, a failed
//! answer) produces answers and events, never an `Err`. `Err` is returned
//! only for caller misuse: a command for a session that does not exist or
//! is in the wrong state, or a full table on a command the caller issued.

mod acct_client;
mod acct_server;
mod auth_client;
mod auth_server;
mod avps;
mod common;
mod id;
mod outgoing;
mod table;

pub use acct_client::{
    AcctClient, AcctClientConfig, AcctClientEvent, AcctClientInput, AcctClientState,
    AcctClientStats,
};
pub use acct_server::{
    AcctServer, AcctServerConfig, AcctServerEvent, AcctServerInput, AcctServerMode,
    AcctServerStats, DUPLICATE_WINDOW_RECORDS,
};
pub use auth_client::{
    AuthClient, AuthClientConfig, AuthClientEvent, AuthClientInput, AuthClientState,
    AuthClientStats, Disposition,
};
pub use auth_server::{
    AuthServer, AuthServerConfig, AuthServerEvent, AuthServerInput, AuthServerState,
    AuthServerStats, Grant, Verdict,
};
pub use avps::SessionAvps;
pub use common::{
    AccountingRecordType, AuthSessionState, BoundedStr, DownReason, IdentityBuf, Initiator, Local,
    RealtimeRequired, SessionError, SessionId, TerminationCause, MAX_IDENTITY_LEN,
    MAX_SESSION_ID_LEN,
};
pub use id::SessionIdGenerator;
pub use outgoing::{Outgoing, OutgoingAvps};
