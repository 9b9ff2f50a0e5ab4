//! Diameter base protocol (RFC 6733) and applications: wire codec,
//! dictionaries, error answers, and the peer, routing and session machines.

pub mod answer;
pub mod dict;
#[cfg(feature = "alloc")]
pub mod peer;
#[cfg(feature = "alloc")]
pub mod router;
#[cfg(feature = "alloc")]
pub mod session;
pub mod wire;
