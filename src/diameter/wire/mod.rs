//! The Diameter wire layer: checked views, typed values and emitters.
//!
//! # Contract
//!
//! * [`Message::new_checked`] validates the header once; afterwards the
//!   header getters cannot panic. AVPs are validated as they are iterated
//!   ([`Avps`] yields `Result`) or all at once with [`Message::check_avps`].
//! * Offsets in [`Error`] are absolute from the first byte of the message,
//!   so [`Error::failed_avp`] recovers the offending AVP for a Failed-AVP.
//! * `new_checked` must not be used on a buffer you are about to fill: a
//!   zeroed buffer may pass or fail at random. Use `new_unchecked` and the
//!   emitters.
//! * Nothing here allocates, except the `alloc`-gated owned forms
//!   ([`OwnedMessage`]) and the stream [`Framer`].

pub mod avp;
pub mod builder;
pub mod codes;
pub mod error;
pub mod filter;
#[cfg(feature = "alloc")]
pub mod framer;
pub mod header;
#[cfg(feature = "alloc")]
pub mod owned;
pub mod uri;
pub mod value;

pub use avp::{
    padded, Avp, AvpFlags, Avps, AVP_HEADER_LEN, AVP_HEADER_LEN_VENDOR, MAX_AVPS_PER_MESSAGE,
    MAX_AVP_DEPTH,
};
pub use builder::{AvpHeader, MessageBuilder, OpenGroup};
pub use codes::{ApplicationId, AvpCode, CommandCode, ResultCode, VendorId};
pub use error::{Error, InvalidValue};
pub use filter::{AddressSpec, FilterAction, FilterRuleError, IpFilterRule, QosFilterRule};
#[cfg(feature = "alloc")]
pub use framer::{Framer, FramingError, DEFAULT_MAX_FRAME_LEN};
pub use header::{CommandFlags, Message, HEADER_LEN, MAX_MESSAGE_LEN, VERSION};
#[cfg(feature = "alloc")]
pub use owned::{AvpData, OwnedAvp, OwnedMessage};
pub use uri::DiameterUri;
pub use value::{Address, AvpType, DiameterTime, Value};
