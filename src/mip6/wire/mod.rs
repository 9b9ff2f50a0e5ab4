//! The Mobile IPv6 wire layer: checked views, owned forms and emitters.
//!
//! # Contract
//!
//! * `new_checked` validates lengths once; afterwards the getters cannot
//!   panic. Options are validated as they are iterated (iterators yield
//!   `Result` and stop after the first error), or all at once by the
//!   owned forms' `parse`.
//! * A wrong checksum is not an error: views expose `verify_checksum`, and
//!   decoding goes on. Deviations that RFCs put on the sender (reserved
//!   bits, option alignment, padding contents, Payload Proto) are reported
//!   as [`Anomalies`], not errors.
//! * Owned forms emit into a caller buffer, compute lengths, padding and
//!   checksums, and report the exact size needed when the buffer is short
//!   ([`Error::BufferTooSmall`]). `parse(emit(x)) == x`, and for canonical
//!   bytes `emit(parse(b)) == b` (parsed options are kept verbatim).
//! * `new_checked` must not be used on a buffer you are about to fill: use
//!   `new_unchecked` and the emitters.
//! * Nothing here allocates, except `to_vec` (feature `alloc`).

pub mod bu_error;
pub mod checksum;
pub mod codes;
pub mod error;
pub mod ext;
pub mod fields;
pub mod header;
pub mod nd;
pub mod option;
pub mod receive;

pub use bu_error::{BeError, BuError};
pub use codes::{
    AccessTechnologyType, BaStatus, BeStatus, HandoffIndicator, MhType, MobilityOptionType,
};
pub use error::{Anomalies, Error, Layer};
pub use ext::{Ipv6Packet, MobilityPacketRepr, MAX_EXTENSION_HEADERS};
pub use fields::FieldValue;
pub use header::{
    fixed_len, BaFlags, BindingAck, BindingAckRepr, BindingUpdate, BindingUpdateRepr, BuFlags,
    Lifetime, MessageRepr, MobilityHeader, MobilityHeaderRepr, IPPROTO_NONE, MAX_MH_LEN,
    MIN_MH_LEN,
};
pub use nd::{
    Icmpv6Message, Icmpv6Repr, Icmpv6Type, MapFlags, NdOption, NdOptionType, NdOptions,
    NdOptionsRepr, PrefixFlags, RaFlags,
};
pub use option::{
    Alignment, MobilityOption, Options, OptionsIter, RawOption, RawOptions, MAX_MOBILITY_OPTIONS,
};
pub use receive::{check_mobility_header, MhVerdict};

/// The most ND options one ICMPv6 message may carry before the parser
/// gives up.
pub const MAX_ND_OPTIONS: usize = 64;
