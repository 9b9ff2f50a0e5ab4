//! Mobility options (RFC 6275 §6.2) and the Proxy Mobile IPv6 options
//! (RFC 5213 §8.3–§8.8, with the Mobile Node Identifier of RFC 4283 §3).
//!
//! ```text
//!  0                   1                   2
//!  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+- - - - - - - - -
//! |  Option Type  | Option Length |   Option Data...
//! +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+- - - - - - - - -
//! ```
//!
//! Pad1 is a single zero byte without a length. Every other option has a
//! length byte counting the data only.
//!
//! # Alignment
//!
//! Options carry alignment requirements of the form `xn + y`, counted from
//! the first byte of the Mobility Header (RFC 6275 §6.2). The emitter
//! ([`Options::List`]) inserts Pad1/PadN before each option so that the
//! requirement holds, and pads the message to a multiple of 8 octets. The
//! parser checks alignment and reports a misaligned option as
//! [`Anomalies::OPTION_MISALIGNED`] rather than an error: the RFC puts the
//! MUST on the sender and says nothing about rejecting on receipt, and
//! Wireshark decodes such options too.
//!
//! # Unknown options
//!
//! RFC 6275 §6.2.1: "mobility options ... not recognized ... MUST be
//! silently ignored and the rest of the options processed as if the
//! unrecognized option was not present". They are yielded as
//! [`MobilityOption::Unknown`] and re-emitted byte for byte; a parsed message
//! keeps its option bytes ([`Options::Raw`]) so `emit(parse(b)) == b`.

use core::net::Ipv6Addr;

use super::codes::{AccessTechnologyType, HandoffIndicator, MobilityOptionType};
use super::error::{Anomalies, Error, Layer};
use crate::wire::Writer;

/// The most options (padding included) one Mobility Header may carry.
/// A Mobility Header is at most 2048 bytes; legitimate messages carry a
/// handful of options, so a list longer than this is refused.
pub const MAX_MOBILITY_OPTIONS: usize = 64;

/// An alignment requirement `n·k + offset` (RFC 6275 §6.2); `n == 0` means
/// none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Alignment {
    /// The modulus (1, 2, 4 or 8; 0 for none).
    pub n: u8,
    /// The remainder.
    pub offset: u8,
}

impl Alignment {
    /// No requirement.
    pub const NONE: Alignment = Alignment { n: 0, offset: 0 };

    /// Whether an option whose type byte is at `pos` satisfies this.
    #[must_use]
    pub const fn holds_at(self, pos: usize) -> bool {
        self.n == 0 || pos % (self.n as usize) == self.offset as usize
    }

    /// Bytes of padding needed before an option starting at `pos`.
    #[must_use]
    pub const fn padding_at(self, pos: usize) -> usize {
        if self.n == 0 {
            return 0;
        }
        let n = self.n as usize;
        (self.offset as usize + n - pos % n) % n
    }
}

/// One mobility option, decoded.
///
/// Fixed-length options are checked against their definition; a length
/// mismatch is [`Error::InvalidOptionLength`]. Reserved fields inside
/// options are not kept here (a parsed message keeps them in its raw option
/// bytes); non-zero reserved fields are reported by
/// [`options_anomalies`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MobilityOption<'a> {
    /// Pad1 (RFC 6275 §6.2.2): one zero byte.
    Pad1,
    /// PadN (RFC 6275 §6.2.3) with `len` bytes of (zero) data.
    PadN {
        /// The Option Length (data bytes, not counting type and length).
        len: u8,
    },
    /// Binding Refresh Advice (RFC 6275 §6.2.4), alignment 2n.
    BindingRefreshAdvice {
        /// Refresh Interval in units of 4 seconds.
        interval: u16,
    },
    /// Alternate Care-of Address (RFC 6275 §6.2.5), alignment 8n+6.
    AlternateCareOf(Ipv6Addr),
    /// Nonce Indices (RFC 6275 §6.2.6), alignment 2n.
    NonceIndices {
        /// Home Nonce Index.
        home: u16,
        /// Care-of Nonce Index.
        care_of: u16,
    },
    /// Binding Authorization Data (RFC 6275 §6.2.7), alignment 8n+2: the
    /// authenticator (96 bits when computed by return routability).
    BindingAuthorizationData(&'a [u8]),
    /// Mobile Node Identifier (RFC 4283 §3): a subtype (1 = NAI) and the
    /// identifier. No alignment requirement.
    MobileNodeIdentifier {
        /// The subtype (1: Network Access Identifier).
        subtype: u8,
        /// The identifier bytes.
        id: &'a [u8],
    },
    /// Home Network Prefix (RFC 5213 §8.3), alignment 8n+4.
    HomeNetworkPrefix {
        /// Prefix Length in bits.
        prefix_len: u8,
        /// The prefix (16 bytes on the wire).
        prefix: Ipv6Addr,
    },
    /// Handoff Indicator (RFC 5213 §8.4). No alignment requirement.
    HandoffIndicator(HandoffIndicator),
    /// Access Technology Type (RFC 5213 §8.5). No alignment requirement.
    AccessTechnologyType(AccessTechnologyType),
    /// Mobile Node Link-layer Identifier (RFC 5213 §8.6): two reserved
    /// bytes, then the identifier. The RFC asks only that the option be
    /// "aligned appropriately" for the identifier's size; roam's emitter
    /// puts it at 8n+2 and the parser does not check it.
    MobileNodeLinkLayerId(&'a [u8]),
    /// Link-local Address (RFC 5213 §8.7), alignment 8n+6.
    LinkLocalAddress(Ipv6Addr),
    /// Timestamp (RFC 5213 §8.8), alignment 8n+2: 48-bit seconds since
    /// 1970 and 16-bit fractions of a second, as one 64-bit value.
    Timestamp(u64),
    /// Any other option, kept verbatim.
    Unknown {
        /// The option type.
        ty: MobilityOptionType,
        /// The option data.
        data: &'a [u8],
    },
}

fn addr(b: &[u8]) -> Option<Ipv6Addr> {
    let a: [u8; 16] = b.try_into().ok()?;
    Some(Ipv6Addr::from(a))
}

impl<'a> MobilityOption<'a> {
    /// The option type.
    #[must_use]
    pub fn ty(&self) -> MobilityOptionType {
        use MobilityOptionType as T;
        match self {
            MobilityOption::Pad1 => T::PAD1,
            MobilityOption::PadN { .. } => T::PADN,
            MobilityOption::BindingRefreshAdvice { .. } => T::BINDING_REFRESH_ADVICE,
            MobilityOption::AlternateCareOf(_) => T::ALTERNATE_CARE_OF_ADDRESS,
            MobilityOption::NonceIndices { .. } => T::NONCE_INDICES,
            MobilityOption::BindingAuthorizationData(_) => T::BINDING_AUTHORIZATION_DATA,
            MobilityOption::MobileNodeIdentifier { .. } => T::MOBILE_NODE_IDENTIFIER,
            MobilityOption::HomeNetworkPrefix { .. } => T::HOME_NETWORK_PREFIX,
            MobilityOption::HandoffIndicator(_) => T::HANDOFF_INDICATOR,
            MobilityOption::AccessTechnologyType(_) => T::ACCESS_TECHNOLOGY_TYPE,
            MobilityOption::MobileNodeLinkLayerId(_) => T::MOBILE_NODE_LINK_LAYER_IDENTIFIER,
            MobilityOption::LinkLocalAddress(_) => T::LINK_LOCAL_ADDRESS,
            MobilityOption::Timestamp(_) => T::TIMESTAMP,
            MobilityOption::Unknown { ty, .. } => *ty,
        }
    }

    /// Whether this is Pad1 or PadN.
    #[must_use]
    pub fn is_padding(&self) -> bool {
        matches!(self, MobilityOption::Pad1 | MobilityOption::PadN { .. })
    }

    /// The alignment requirement of this option type (RFC 6275 §6.2.4–
    /// §6.2.7, RFC 5213 §8.3–§8.8, RFC 4283 §3), which the parser checks.
    #[must_use]
    pub fn alignment(&self) -> Alignment {
        alignment_of(self.ty())
    }

    /// The alignment the emitter gives this option: the requirement, or
    /// 8n+2 for the Mobile Node Link-layer Identifier, whose RFC leaves the
    /// choice to the sender (8n+2 is what RFC 6275 gives its own
    /// variable-length Binding Authorization Data).
    #[must_use]
    pub fn emit_alignment(&self) -> Alignment {
        match self {
            MobilityOption::MobileNodeLinkLayerId(_) => Alignment { n: 8, offset: 2 },
            _ => self.alignment(),
        }
    }

    /// Data bytes (what the Option Length field counts; 0 for Pad1).
    fn raw_data_len(&self) -> usize {
        match self {
            MobilityOption::Pad1 => 0,
            MobilityOption::PadN { len } => usize::from(*len),
            MobilityOption::BindingRefreshAdvice { .. } => 2,
            MobilityOption::AlternateCareOf(_) | MobilityOption::LinkLocalAddress(_) => 16,
            MobilityOption::NonceIndices { .. } => 4,
            MobilityOption::BindingAuthorizationData(d) => d.len(),
            MobilityOption::MobileNodeIdentifier { id, .. } => id.len().saturating_add(1),
            MobilityOption::HomeNetworkPrefix { .. } => 18,
            MobilityOption::HandoffIndicator(_) | MobilityOption::AccessTechnologyType(_) => 2,
            MobilityOption::MobileNodeLinkLayerId(id) => id.len().saturating_add(2),
            MobilityOption::Timestamp(_) => 8,
            MobilityOption::Unknown { data, .. } => data.len(),
        }
    }

    /// The Option Length field: data bytes, or `None` for Pad1 (which has
    /// no length byte) and for data too long for the field.
    #[must_use]
    pub fn data_len(&self) -> Option<u8> {
        match self {
            MobilityOption::Pad1 => None,
            _ => u8::try_from(self.raw_data_len()).ok(),
        }
    }

    /// Bytes this option takes on the wire (type and length included).
    #[must_use]
    pub fn wire_len(&self) -> usize {
        match self {
            MobilityOption::Pad1 => 1,
            _ => self.raw_data_len().saturating_add(2),
        }
    }

    /// Decodes one option from its type and data.
    fn decode(ty: u8, data: &'a [u8], offset: usize) -> Result<MobilityOption<'a>, Error> {
        use MobilityOptionType as T;
        let ty = MobilityOptionType(ty);
        let bad = || Error::InvalidOptionLength {
            ty,
            offset,
            length: u8::try_from(data.len()).unwrap_or(u8::MAX),
        };
        let u16_at = |i: usize| crate::wire::be_u16(data, i).ok_or_else(bad);
        Ok(match ty {
            T::PADN => MobilityOption::PadN {
                len: u8::try_from(data.len()).map_err(|_| bad())?,
            },
            T::BINDING_REFRESH_ADVICE if data.len() == 2 => MobilityOption::BindingRefreshAdvice {
                interval: u16_at(0)?,
            },
            T::ALTERNATE_CARE_OF_ADDRESS => {
                MobilityOption::AlternateCareOf(addr(data).ok_or_else(bad)?)
            }
            T::NONCE_INDICES if data.len() == 4 => MobilityOption::NonceIndices {
                home: u16_at(0)?,
                care_of: u16_at(2)?,
            },
            T::BINDING_AUTHORIZATION_DATA => MobilityOption::BindingAuthorizationData(data),
            T::MOBILE_NODE_IDENTIFIER => match data.split_first() {
                Some((&subtype, id)) => MobilityOption::MobileNodeIdentifier { subtype, id },
                None => return Err(bad()),
            },
            T::HOME_NETWORK_PREFIX if data.len() == 18 => MobilityOption::HomeNetworkPrefix {
                prefix_len: data[1],
                prefix: addr(&data[2..]).ok_or_else(bad)?,
            },
            T::HANDOFF_INDICATOR if data.len() == 2 => {
                MobilityOption::HandoffIndicator(HandoffIndicator(data[1]))
            }
            T::ACCESS_TECHNOLOGY_TYPE if data.len() == 2 => {
                MobilityOption::AccessTechnologyType(AccessTechnologyType(data[1]))
            }
            T::MOBILE_NODE_LINK_LAYER_IDENTIFIER if data.len() >= 2 => {
                MobilityOption::MobileNodeLinkLayerId(&data[2..])
            }
            T::LINK_LOCAL_ADDRESS => MobilityOption::LinkLocalAddress(addr(data).ok_or_else(bad)?),
            T::TIMESTAMP => {
                MobilityOption::Timestamp(u64::from_be_bytes(data.try_into().map_err(|_| bad())?))
            }
            T::BINDING_REFRESH_ADVICE
            | T::NONCE_INDICES
            | T::HOME_NETWORK_PREFIX
            | T::HANDOFF_INDICATOR
            | T::ACCESS_TECHNOLOGY_TYPE
            | T::MOBILE_NODE_LINK_LAYER_IDENTIFIER => return Err(bad()),
            _ => MobilityOption::Unknown { ty, data },
        })
    }

    /// Writes the option (no alignment padding).
    fn write(&self, w: &mut Writer<'_>) -> Result<(), Error> {
        let Some(len) = self.data_len() else {
            if let MobilityOption::Pad1 = self {
                w.u8(0);
                return Ok(());
            }
            return Err(Error::TooLong {
                layer: Layer::MobilityOption,
                length: self.wire_len(),
            });
        };
        w.u8(self.ty().0);
        w.u8(len);
        match self {
            MobilityOption::Pad1 => {}
            MobilityOption::PadN { len } => w.zeros(usize::from(*len)),
            MobilityOption::BindingRefreshAdvice { interval } => w.u16(*interval),
            MobilityOption::AlternateCareOf(a) | MobilityOption::LinkLocalAddress(a) => {
                w.bytes(&a.octets());
            }
            MobilityOption::NonceIndices { home, care_of } => {
                w.u16(*home);
                w.u16(*care_of);
            }
            MobilityOption::BindingAuthorizationData(d)
            | MobilityOption::Unknown { data: d, .. } => w.bytes(d),
            MobilityOption::MobileNodeIdentifier { subtype, id } => {
                w.u8(*subtype);
                w.bytes(id);
            }
            MobilityOption::HomeNetworkPrefix { prefix_len, prefix } => {
                w.u8(0);
                w.u8(*prefix_len);
                w.bytes(&prefix.octets());
            }
            MobilityOption::HandoffIndicator(v) => {
                w.u8(0);
                w.u8(v.0);
            }
            MobilityOption::AccessTechnologyType(v) => {
                w.u8(0);
                w.u8(v.0);
            }
            MobilityOption::MobileNodeLinkLayerId(id) => {
                w.u16(0);
                w.bytes(id);
            }
            MobilityOption::Timestamp(t) => w.u64(*t),
        }
        Ok(())
    }
}

/// The alignment requirement of an option type; [`Alignment::NONE`] for
/// types without one and for unknown types.
#[must_use]
pub fn alignment_of(ty: MobilityOptionType) -> Alignment {
    use MobilityOptionType as T;
    let (n, offset) = match ty {
        T::BINDING_REFRESH_ADVICE | T::NONCE_INDICES => (2, 0),
        T::ALTERNATE_CARE_OF_ADDRESS | T::LINK_LOCAL_ADDRESS => (8, 6),
        T::BINDING_AUTHORIZATION_DATA | T::TIMESTAMP => (8, 2),
        T::HOME_NETWORK_PREFIX => (8, 4),
        _ => (0, 0),
    };
    Alignment { n, offset }
}

/// One option as it sits in the buffer: where, its type and its data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawOption<'a> {
    /// Offset of the type byte, counted from the first byte of the
    /// Mobility Header.
    pub offset: usize,
    /// The option type.
    pub ty: MobilityOptionType,
    /// The option data (empty for Pad1).
    pub data: &'a [u8],
}

impl<'a> RawOption<'a> {
    /// Decodes the option.
    pub fn decode(&self) -> Result<MobilityOption<'a>, Error> {
        if self.ty == MobilityOptionType::PAD1 {
            return Ok(MobilityOption::Pad1);
        }
        MobilityOption::decode(self.ty.0, self.data, self.offset)
    }
}

/// Iterator over the options of a Mobility Header, padding included,
/// yielding `Result` and stopping after the first error.
#[derive(Debug, Clone)]
pub struct RawOptions<'a> {
    rest: &'a [u8],
    offset: usize,
    count: usize,
}

impl<'a> RawOptions<'a> {
    /// Iterates `bytes`, whose first byte sits at `offset` in the Mobility
    /// Header (alignment and error offsets are counted from there).
    #[must_use]
    pub fn new(bytes: &'a [u8], offset: usize) -> RawOptions<'a> {
        RawOptions {
            rest: bytes,
            offset,
            count: 0,
        }
    }
}

impl<'a> Iterator for RawOptions<'a> {
    type Item = Result<RawOption<'a>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        let (&ty, tail) = self.rest.split_first()?;
        let offset = self.offset;
        if self.count == MAX_MOBILITY_OPTIONS {
            self.rest = &[];
            return Some(Err(Error::TooManyOptions {
                layer: Layer::MobilityOption,
                max: MAX_MOBILITY_OPTIONS,
            }));
        }
        self.count += 1;
        if ty == MobilityOptionType::PAD1.0 {
            self.rest = tail;
            self.offset += 1;
            return Some(Ok(RawOption {
                offset,
                ty: MobilityOptionType::PAD1,
                data: &[],
            }));
        }
        let Some((&len, tail)) = tail.split_first() else {
            self.rest = &[];
            return Some(Err(Error::Truncated {
                layer: Layer::MobilityOption,
                offset,
                required: 2,
                available: 1,
            }));
        };
        let Some((data, rest)) = tail.split_at_checked(usize::from(len)) else {
            let available = tail.len() + 2;
            self.rest = &[];
            return Some(Err(Error::Truncated {
                layer: Layer::MobilityOption,
                offset,
                required: usize::from(len) + 2,
                available,
            }));
        };
        self.rest = rest;
        self.offset += 2 + usize::from(len);
        Some(Ok(RawOption {
            offset,
            ty: MobilityOptionType(ty),
            data,
        }))
    }
}

/// Iterator over decoded options, padding excluded.
#[derive(Debug, Clone)]
pub struct OptionsIter<'a> {
    raw: Option<RawOptions<'a>>,
    list: core::slice::Iter<'a, MobilityOption<'a>>,
}

impl<'a> Iterator for OptionsIter<'a> {
    type Item = Result<MobilityOption<'a>, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(raw) = &mut self.raw {
            loop {
                let item = raw.next()?.and_then(|r| r.decode());
                match item {
                    Ok(o) if o.is_padding() => continue,
                    Ok(o) => return Some(Ok(o)),
                    Err(e) => {
                        self.raw = None;
                        return Some(Err(e));
                    }
                }
            }
        }
        self.list.by_ref().find(|o| !o.is_padding()).map(|o| Ok(*o))
    }
}

/// Reports anomalies in option bytes (misalignment, non-zero PadN or
/// reserved fields). Errors end the walk silently: they are reported by the
/// parsers.
#[must_use]
pub fn options_anomalies(bytes: &[u8], offset: usize) -> Anomalies {
    use MobilityOptionType as T;
    let mut a = Anomalies::empty();
    for raw in RawOptions::new(bytes, offset).map_while(Result::ok) {
        if !alignment_of(raw.ty).holds_at(raw.offset) {
            a |= Anomalies::OPTION_MISALIGNED;
        }
        let reserved: &[u8] = match raw.ty {
            T::PADN => {
                if raw.data.iter().any(|&b| b != 0) {
                    a |= Anomalies::PADDING_NONZERO;
                }
                &[]
            }
            T::HOME_NETWORK_PREFIX | T::HANDOFF_INDICATOR | T::ACCESS_TECHNOLOGY_TYPE => {
                raw.data.get(..1).unwrap_or(&[])
            }
            T::MOBILE_NODE_LINK_LAYER_IDENTIFIER => raw.data.get(..2).unwrap_or(&[]),
            _ => &[],
        };
        if reserved.iter().any(|&b| b != 0) {
            a |= Anomalies::RESERVED_NONZERO;
        }
    }
    a
}

/// The options of a message in an owned or builder form.
///
/// * `Raw` holds the option bytes of a parsed message, padding included;
///   they are re-emitted verbatim.
/// * `List` holds options to emit; the emitter inserts Pad1/PadN to meet
///   each option's alignment and to end the message on an 8-octet boundary
///   (RFC 6275 §6.1.1, §6.2).
///
/// Two `Options` are equal when they hold the same non-padding options in
/// the same order, so `parse(emit(x)) == x` holds for a `List`.
#[derive(Debug, Clone, Copy)]
pub enum Options<'a> {
    /// Option bytes from a parsed message.
    Raw(&'a [u8]),
    /// Options to emit, padded automatically.
    List(&'a [MobilityOption<'a>]),
}

impl Default for Options<'_> {
    fn default() -> Self {
        Options::EMPTY
    }
}

impl PartialEq for Options<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for Options<'_> {}

impl<'a> Options<'a> {
    /// No options.
    pub const EMPTY: Options<'static> = Options::List(&[]);

    /// The non-padding options, decoded. Error offsets of `Raw` options
    /// count from the first option byte.
    #[must_use]
    pub fn iter(&self) -> OptionsIter<'a> {
        match *self {
            Options::Raw(b) => OptionsIter {
                raw: Some(RawOptions::new(b, 0)),
                list: [].iter(),
            },
            Options::List(l) => OptionsIter {
                raw: None,
                list: l.iter(),
            },
        }
    }

    /// The first Binding Authorization Data option, if any.
    #[must_use]
    pub fn binding_authorization_data(&self) -> Option<&'a [u8]> {
        self.iter().find_map(|o| match o {
            Ok(MobilityOption::BindingAuthorizationData(d)) => Some(d),
            _ => None,
        })
    }

    /// Writes the options after a message's fixed part, then pads to a
    /// multiple of 8 octets. `mh_start` is the writer position of the
    /// Mobility Header's first byte (alignment counts from there).
    pub(crate) fn write(&self, w: &mut Writer<'_>, mh_start: usize) -> Result<(), Error> {
        match *self {
            Options::Raw(b) => w.bytes(b),
            Options::List(list) => {
                for o in list {
                    let pos = w.position() - mh_start;
                    pad(w, o.emit_alignment().padding_at(pos));
                    o.write(w)?;
                }
            }
        }
        let pos = w.position() - mh_start;
        pad(w, (8 - pos % 8) % 8);
        Ok(())
    }

    /// Bytes the options take after a fixed part ending at `start`,
    /// alignment and final padding included.
    #[must_use]
    pub fn encoded_len(&self, start: usize) -> usize {
        let mut pos = start;
        match *self {
            Options::Raw(b) => pos = pos.saturating_add(b.len()),
            Options::List(list) => {
                for o in list {
                    pos = pos.saturating_add(o.emit_alignment().padding_at(pos));
                    pos = pos.saturating_add(o.wire_len());
                }
            }
        }
        pos = pos.saturating_add((8 - pos % 8) % 8);
        pos - start
    }
}

/// Writes `n` bytes of padding: Pad1 for one byte, PadN otherwise.
fn pad(w: &mut Writer<'_>, n: usize) {
    match n {
        0 => {}
        1 => w.u8(0),
        _ => {
            w.u8(MobilityOptionType::PADN.0);
            // n ≤ 7 here (alignment to at most 8), so it fits the byte.
            w.u8((n - 2) as u8);
            w.zeros(n - 2);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padding_amounts() {
        let a = Alignment { n: 8, offset: 2 };
        assert_eq!(a.padding_at(12), 6);
        assert_eq!(a.padding_at(10), 0);
        assert_eq!(a.padding_at(11), 7);
        assert!(Alignment::NONE.holds_at(3));
    }

    #[test]
    fn truncated_option() {
        let mut it = RawOptions::new(&[1, 4, 0, 0], 12);
        assert_eq!(
            it.next(),
            Some(Err(Error::Truncated {
                layer: Layer::MobilityOption,
                offset: 12,
                required: 6,
                available: 4
            }))
        );
        assert_eq!(it.next(), None);
    }

    #[test]
    fn wrong_fixed_length_is_an_error() {
        let raw = [2, 3, 0, 0, 0];
        let o = RawOptions::new(&raw, 12).next().unwrap().unwrap();
        assert!(matches!(
            o.decode(),
            Err(Error::InvalidOptionLength {
                offset: 12,
                length: 3,
                ..
            })
        ));
    }
}
