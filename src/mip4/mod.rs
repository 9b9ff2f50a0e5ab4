//! Mobile IPv4 (RFC 5944 and its extensions).
//!
//! [`wire`] holds the codecs: registration messages, extensions,
//! authenticators, replay protection, agent discovery and the tunnelling
//! helpers (IP in IP, minimal encapsulation, GRE, and an IPv4 header view the
//! classifier shares). The agents and the mobile node are built on it.

pub mod wire;
