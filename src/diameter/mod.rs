//! Diameter base protocol (RFC 6733) and applications: wire codec and
//! dictionaries.

pub mod answer;
pub mod dict;
#[cfg(feature = "alloc")]
pub mod peer;
#[cfg(feature = "alloc")]
pub mod router;
pub mod wire;
