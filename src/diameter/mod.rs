//! Diameter base protocol (RFC 6733) and applications: wire codec and
//! dictionaries.

pub mod answer;
pub mod dict;
pub mod wire;
