//! The Diameter peer: the RFC 6733 §5.6 peer state machine with
//! capabilities exchange, election and DPR/DPA, the RFC 3539 watchdog, and
//! the per-peer request bookkeeping (Hop-by-Hop matching, timeouts,
//! failover, duplicate detection).
//!
//! One [`Peer`] talks to one remote Diameter node. It is sans-IO: the
//! caller owns the sockets and the clock, reports transport events
//! ([`Input`]) and acts on what [`Peer::poll_event`](crate::Machine::poll_event)
//! returns ([`Event`]). Two connections may exist at once during an
//! election, so every connection-related input and event names one
//! ([`ConnId`]).
//!
//! # Where it sits
//!
//! ```text
//!   sessions (RFC 6733 §8)          ← later: diameter::session
//!        │ requests / answers
//!   router (realm table, §2.7)      ← later: diameter::router, owns N peers
//!        │ send_request / Event::Answer / Event::FailedOver
//!   Peer  ×N  (this module)
//!        │ Event::Connect / Transmit / Close, Input::Received / Disconnected
//!   caller's transport (TCP/SCTP, framing)
//! ```
//!
//! The router picks an available peer ([`Peer::is_available`]), calls
//! [`Peer::send_request`], and on [`Event::FailedOver`] re-sends each
//! [`PendingRequest::into_retransmit`] to an alternate peer.
//!
//! # A round trip
//!
//! ```
//! use roam::diameter::peer::{Config, ConnId, Event, Input, Peer};
//! use roam::diameter::wire::ApplicationId;
//! use roam::machine::Machine;
//! use roam::time::Instant;
//!
//! # struct Fixed(u64);
//! # impl rand_core::TryRng for Fixed {
//! #     type Error = core::convert::Infallible;
//! #     fn try_next_u32(&mut self) -> Result<u32, Self::Error> { Ok(self.0 as u32) }
//! #     fn try_next_u64(&mut self) -> Result<u64, Self::Error> { Ok(self.0) }
//! #     fn try_fill_bytes(&mut self, d: &mut [u8]) -> Result<(), Self::Error> { d.fill(7); Ok(()) }
//! # }
//! let mut cfg = Config::new(b"client.example", b"example");
//! cfg.acct_application_ids.push(ApplicationId::BASE_ACCOUNTING);
//! let mut peer = Peer::new(cfg, 1_700_000_000, &mut Fixed(42)).unwrap();
//! let now = Instant::ZERO;
//! peer.handle(now, Input::Start).unwrap();
//! assert_eq!(peer.poll_event(), Some(Event::Connect));
//! peer.handle(now, Input::Connected).unwrap();
//! // The CER goes out on the initiator connection.
//! match peer.poll_event() {
//!     Some(Event::Transmit { conn: ConnId::Initiator, bytes }) => assert_eq!(bytes[7], 1), // 257
//!     other => panic!("{other:?}"),
//! }
//! ```

mod caps;
mod config;
pub(crate) mod encode;
mod ids;
mod machine;
mod pending;
mod watchdog;

pub use caps::{PeerCaps, MAX_ADVERTISED_APPLICATIONS};
pub use config::{
    AppKind, Config, ConfigError, DisconnectCause, InbandSecurityId, VendorSpecificApp, MIN_TW,
    TW_JITTER,
};
pub use ids::EndToEndIds;
pub use machine::{CloseReason, ConnId, Event, Fault, Input, Peer, PeerError, State, Stats, Timer};
pub use pending::{mark_retransmit, PendingRequest, RequestId};
pub use watchdog::WatchdogState;
