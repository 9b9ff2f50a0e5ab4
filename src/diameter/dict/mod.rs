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
//!
//! ```
//! use roam::diameter::answer::{ErrorAnswer, Identity};
//! use roam::diameter::dict::Dictionary;
//! use roam::diameter::wire::{AvpCode, AvpType, Message, ResultCode, VendorId};
//!
//! let dict = Dictionary::builtin();
//! let oh = dict.avp(AvpCode::ORIGIN_HOST, VendorId::IETF).unwrap();
//! assert_eq!((oh.name(), oh.ty()), ("Origin-Host", AvpType::DiameterIdentity));
//!
//! // A Device-Watchdog-Request without its required Origin-Host/-Realm.
//! let dwr = [
//!     0x01, 0x00, 0x00, 0x14, 0x80, 0x00, 0x01, 0x18, // v1, len 20, R, DWR
//!     0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, // app 0, hop-by-hop 1
//!     0x00, 0x00, 0x00, 0x02, // end-to-end 2
//! ];
//! let err = dict.validate_bytes(&dwr).unwrap_err();
//! assert_eq!(err.result_code(), ResultCode::MISSING_AVP);
//! // Failed-AVP: an Origin-Host with an empty payload (RFC 6733 §7.5).
//! assert_eq!(err.failed_avp(), Some(&[0, 0, 1, 8, 0x40, 0, 0, 8][..]));
//!
//! let me = Identity { origin_host: "aaa.example.org", origin_realm: "example.org" };
//! let mut buf = [0u8; 128];
//! let n = ErrorAnswer::from_validation(&err).emit(&dwr, &me, &mut buf).unwrap();
//! let dwa = Message::new_checked(&buf[..n]).unwrap();
//! assert!(!dwa.flags().is_error()); // 5xxx: no E bit
//! ```

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
