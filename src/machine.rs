//! The shape every sans-IO state machine in `roam` shares.
//!
//! # Run-loop contract
//!
//! Methods fall into four groups:
//!
//! * **input** — [`Machine::handle`] (a received message or an API command)
//!   and [`Machine::handle_timeout`] (a deadline reached);
//! * **commands** — plain verbs on each concrete machine (`register()`,
//!   `terminate_session()`, …), which queue work like `handle` does;
//! * **output** — [`Machine::poll_event`] and [`Machine::poll_timeout`];
//! * **getters** — `&self` accessors such as `stats()`.
//!
//! After every input or command, drain [`Machine::poll_event`] until it
//! returns `None`, then sleep until [`Machine::poll_timeout`] (or until the
//! next input arrives), and call [`Machine::handle_timeout`] when the deadline
//! passes. Time only ever enters as the `now` argument; pass a monotonic clock.
//! A `now` earlier than a previous one is tolerated: timers saturate, the
//! machine never panics and never reports a deadline before the latest `now`
//! it has seen.
//!
//! ```
//! use roam::machine::Machine;
//! use roam::time::Instant;
//! use core::time::Duration;
//!
//! /// A toy machine: emits a tick every second after `Start`.
//! #[derive(Default)]
//! struct Ticker { next: Option<Instant>, pending: u32 }
//! enum Cmd { Start }
//!
//! impl Machine for Ticker {
//!     type Input<'a> = Cmd;
//!     type Event = &'static str;
//!     type Error = core::convert::Infallible;
//!     fn handle(&mut self, now: Instant, _input: Cmd) -> Result<(), Self::Error> {
//!         self.next = Some(now + Duration::from_secs(1));
//!         Ok(())
//!     }
//!     fn poll_event(&mut self) -> Option<&'static str> {
//!         if self.pending > 0 { self.pending -= 1; Some("tick") } else { None }
//!     }
//!     fn poll_timeout(&self) -> Option<Instant> { self.next }
//!     fn handle_timeout(&mut self, now: Instant) {
//!         if let Some(t) = self.next { if now >= t {
//!             self.pending += 1;
//!             self.next = Some(now + Duration::from_secs(1));
//!         } }
//!     }
//! }
//!
//! // The caller's loop, driven by a fake clock.
//! let mut m = Ticker::default();
//! let mut now = Instant::ZERO;
//! m.handle(now, Cmd::Start).unwrap();
//! let mut ticks = 0;
//! for _ in 0..3 {
//!     while let Some(_ev) = m.poll_event() { ticks += 1; }
//!     now = m.poll_timeout().expect("armed");
//!     m.handle_timeout(now);
//! }
//! while let Some(_ev) = m.poll_event() { ticks += 1; }
//! assert_eq!(ticks, 3);
//! assert_eq!(now, Instant::from_secs(3));
//! ```

use crate::time::Instant;

/// A sans-IO protocol state machine driven by inputs and a caller's clock.
///
/// See the [module documentation](self) for the call order.
pub trait Machine {
    /// What the caller feeds in: a received message (parsed view or raw bytes
    /// plus addresses) or an API command.
    type Input<'a>;
    /// What the caller must act on: transmit bytes, install a tunnel, apply a
    /// profile, report a session up or down, …
    type Event;
    /// Caller misuse only (a message for another peer, a command in the wrong
    /// state, a zero-capacity table). Peer misbehaviour is never an `Err`: it
    /// becomes protocol output queued as events.
    type Error;

    /// Feeds one input at time `now`.
    fn handle(&mut self, now: Instant, input: Self::Input<'_>) -> Result<(), Self::Error>;

    /// The next queued event, if any. Drain until `None` after every input.
    #[must_use]
    fn poll_event(&mut self) -> Option<Self::Event>;

    /// The earliest deadline at which [`Machine::handle_timeout`] must be
    /// called, or `None` when no timer is armed.
    #[must_use]
    fn poll_timeout(&self) -> Option<Instant>;

    /// Processes every timer that expired at or before `now`.
    fn handle_timeout(&mut self, now: Instant);
}
