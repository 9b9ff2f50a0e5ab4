//! Diameter dictionaries: which AVPs and commands exist, their types, flag
//! rules and command grammars (RFC 6733 §3.2 CCF, §4.4 grouped ABNF).
//!
//! The built-in tables are `static` data ([`table`]) so that lookups on the
//! decode path never allocate.

pub mod builtin;
pub mod table;
