//! Diameter routing (RFC 6733 §2.7, §2.8, §6.1, §6.2, §6.7): the
//! realm-based routing table, request routing decisions, and the relay
//! that forwards requests and returns their answers.
//!
//! ```text
//!   sessions / local application      ← Decision::Local
//!        │
//!   router: route_request(request, table, peers)
//!        ├─ Forward { peer } → Relay::forward → Peer::send_request
//!        ├─ Redirect / Reject → Decision::emit_answer (3002 3003 3005 3006 3007)
//!        │
//!   Peer ×N   ── Event::Answer → Relay::answer (Hop-by-Hop restored) → back to the origin peer
//!             ── Event::FailedOver → reroute_failed_over (T set, none lost)
//! ```
//!
//! Everything here is pure: the caller owns the peers, the clock and the
//! I/O. Proxy-Info (§6.7.2) is forwarded untouched like every other AVP;
//! this router adds none, since it keeps its state in the [`Relay`] table.

mod decide;
mod relay;
mod table;

pub use decide::{
    in_route_record, route_records, route_request, Decision, PeerSet, RedirectHostUsage,
    RedirectPolicy, RouteError,
};
pub use relay::{
    emit_forward, forward, forwarded_len, reroute_failed_over, Relay, RelayError, RelayStats,
    Rerouted, ReturnPath, DEFAULT_RELAY_CAPACITY, DEFAULT_RELAY_LIFETIME,
};
pub use table::{
    Action, Miss, Route, RoutingTable, TableError, DEFAULT_ROUTE_CAPACITY, MAX_SERVERS_PER_ROUTE,
};
