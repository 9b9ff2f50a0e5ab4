//! Diameter dictionaries: which AVPs and commands exist, their types, flag
//! rules and command grammars (RFC 6733 §3.2 CCF, §4.4 grouped ABNF), and
//! validation of messages against them (RFC 6733 §7).
//!
//! * [`table`]: the static shape of built-in tables.
//! * [`Dictionary`]: lookups over built-in and (feature `alloc`) runtime
//!   definitions; see its module docs for the precedence rule.
//! * [`validate`]: [`Dictionary::validate`] maps every protocol error to its
//!   Result-Code and Failed-AVP.
//! * `xml` (feature `alloc`): the Wireshark `dictionary.xml` loader.
//!
//! The built-in tables are `static` data so that lookups on the decode path
//! never allocate.

pub mod builtin;
mod dictionary;
#[cfg(feature = "alloc")]
pub mod runtime;
pub mod table;
pub mod validate;
#[cfg(feature = "alloc")]
pub mod xml;

#[cfg(feature = "alloc")]
pub use dictionary::RuntimeCounts;
pub use dictionary::{
    ApplicationDef, AvpDef, CommandDef, Dictionary, Enums, GroupedDef, Precedence, BUILTIN_TABLES,
    DENSE_AVP_CODES, MAX_STATIC_TABLES,
};
pub use validate::{
    FailedAvp, ValidationError, ValidationErrorKind, ValidationOptions, MAX_GRAMMAR_RULES,
};
