//! Typed AVP values (RFC 6733 §4.2 basic types, §4.3 derived types).
//!
//! [`Value::decode`] turns an AVP's data into a typed value without
//! allocating: strings and octets borrow from the message, filter rules are
//! parsed into fixed-size structures. A wrong data length for a fixed-size
//! type is [`Error::InvalidAvpDataLength`] (→ 5014); bad content is
//! [`Error::InvalidAvpValue`] (→ 5004); both locate the AVP for Failed-AVP.
//!
//! [`Value::encoded_len`] and [`Value::emit_data`] are the emit side: they
//! write the data bytes (not the AVP header or padding; see
//! [`super::MessageBuilder`]).

use core::fmt;
use core::net::{Ipv4Addr, Ipv6Addr};

use super::avp::{Avp, Avps};
use super::error::{Error, InvalidValue};
use super::filter::{IpFilterRule, QosFilterRule};
use super::uri::DiameterUri;
use crate::time::NtpTimestamp;
use crate::wire::Writer;

/// The data format of an AVP (RFC 6733 §4.2, §4.3).
///
/// The wire cannot tell these apart: a dictionary says which one an AVP has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AvpType {
    /// Arbitrary bytes.
    OctetString,
    /// 32-bit signed.
    Integer32,
    /// 64-bit signed.
    Integer64,
    /// 32-bit unsigned.
    Unsigned32,
    /// 64-bit unsigned.
    Unsigned64,
    /// IEEE 754 single.
    Float32,
    /// IEEE 754 double.
    Float64,
    /// A sequence of AVPs.
    Grouped,
    /// Address family + address (derived from OctetString).
    Address,
    /// NTP seconds (derived from OctetString, 4 bytes).
    Time,
    /// UTF-8 text.
    UTF8String,
    /// A Diameter node's FQDN or realm (ASCII).
    DiameterIdentity,
    /// `aaa://` or `aaas://` URI.
    DiameterURI,
    /// Integer32 with named values.
    Enumerated,
    /// An IPFilterRule (RFC 6733 §4.3.1).
    IPFilterRule,
    /// A QoSFilterRule (grammar of RFC 3588 §4.3).
    QoSFilterRule,
}

impl AvpType {
    /// The RFC name of the type, as dictionaries spell it.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            AvpType::OctetString => "OctetString",
            AvpType::Integer32 => "Integer32",
            AvpType::Integer64 => "Integer64",
            AvpType::Unsigned32 => "Unsigned32",
            AvpType::Unsigned64 => "Unsigned64",
            AvpType::Float32 => "Float32",
            AvpType::Float64 => "Float64",
            AvpType::Grouped => "Grouped",
            AvpType::Address => "Address",
            AvpType::Time => "Time",
            AvpType::UTF8String => "UTF8String",
            AvpType::DiameterIdentity => "DiameterIdentity",
            AvpType::DiameterURI => "DiameterURI",
            AvpType::Enumerated => "Enumerated",
            AvpType::IPFilterRule => "IPFilterRule",
            AvpType::QoSFilterRule => "QoSFilterRule",
        }
    }
}

/// An Address AVP value (RFC 6733 §4.3.1): a 2-byte AddressType from the
/// IANA address-family registry, then the address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Address<'a> {
    /// Family 1 (IP version 4).
    V4(Ipv4Addr),
    /// Family 2 (IP version 6).
    V6(Ipv6Addr),
    /// Any other family, kept raw.
    Other {
        /// The AddressType.
        family: u16,
        /// The address bytes.
        bytes: &'a [u8],
    },
}

impl<'a> Address<'a> {
    /// AddressType for IPv4 (IANA address family numbers).
    pub const FAMILY_IPV4: u16 = 1;
    /// AddressType for IPv6 (IANA address family numbers).
    pub const FAMILY_IPV6: u16 = 2;

    /// The AddressType.
    #[must_use]
    pub fn family(&self) -> u16 {
        match self {
            Address::V4(_) => Self::FAMILY_IPV4,
            Address::V6(_) => Self::FAMILY_IPV6,
            Address::Other { family, .. } => *family,
        }
    }

    /// Parses Address data. `Err(None)` means fewer than the 2 family bytes;
    /// `Err(Some(reason))` a family whose address has the wrong length.
    fn parse(data: &'a [u8]) -> Result<Address<'a>, Option<InvalidValue>> {
        let (fam, rest) = data.split_at_checked(2).ok_or(None)?;
        let family = u16::from_be_bytes([fam[0], fam[1]]);
        let bad = || {
            Some(InvalidValue::AddressLength {
                family,
                length: rest.len(),
            })
        };
        match family {
            Self::FAMILY_IPV4 => {
                let b: [u8; 4] = rest.try_into().map_err(|_| bad())?;
                Ok(Address::V4(Ipv4Addr::from(b)))
            }
            Self::FAMILY_IPV6 => {
                let b: [u8; 16] = rest.try_into().map_err(|_| bad())?;
                Ok(Address::V6(Ipv6Addr::from(b)))
            }
            _ => Ok(Address::Other {
                family,
                bytes: rest,
            }),
        }
    }

    /// Data length on the wire.
    #[must_use]
    pub fn encoded_len(&self) -> usize {
        2 + match self {
            Address::V4(_) => 4,
            Address::V6(_) => 16,
            Address::Other { bytes, .. } => bytes.len(),
        }
    }

    /// Writes the AddressType and the address.
    pub fn emit(&self, w: &mut Writer<'_>) {
        w.u16(self.family());
        match self {
            Address::V4(a) => w.bytes(&a.octets()),
            Address::V6(a) => w.bytes(&a.octets()),
            Address::Other { bytes, .. } => w.bytes(bytes),
        }
    }
}

impl From<core::net::IpAddr> for Address<'_> {
    fn from(ip: core::net::IpAddr) -> Self {
        match ip {
            core::net::IpAddr::V4(a) => Address::V4(a),
            core::net::IpAddr::V6(a) => Address::V6(a),
        }
    }
}

impl fmt::Display for Address<'_> {
    /// `192.0.2.1`, `2001:db8::1`, or `family/hex` for other families.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Address::V4(a) => write!(f, "{a}"),
            Address::V6(a) => write!(f, "{a}"),
            Address::Other { family, bytes } => {
                write!(f, "{family}/")?;
                for b in *bytes {
                    write!(f, "{b:02x}")?;
                }
                Ok(())
            }
        }
    }
}

/// A Time value (RFC 6733 §4.3.1): the 32-bit seconds field of an NTP
/// timestamp, seconds since 1900-01-01 UTC in era 0. Values from 2036 on
/// wrap; [`DiameterTime::unix_secs`] applies the RFC 4330 era rule that
/// RFC 6733 §4.3.1 requires (top bit clear → era 1, 2036–2104).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct DiameterTime(pub u32);

impl DiameterTime {
    /// The raw NTP seconds on the wire.
    #[must_use]
    pub const fn ntp_seconds(self) -> u32 {
        self.0
    }
    /// Seconds since the Unix epoch, with the 2036 rollover resolved.
    #[must_use]
    pub const fn unix_secs(self) -> i64 {
        NtpTimestamp::seconds_to_unix(self.0)
    }
    /// The Time value of a Unix time (1968–2104).
    #[must_use]
    pub const fn from_unix_secs(unix_secs: i64) -> DiameterTime {
        DiameterTime(NtpTimestamp::seconds_from_unix(unix_secs))
    }
}

/// A typed AVP value, borrowing from the message.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// OctetString.
    OctetString(&'a [u8]),
    /// Integer32.
    Integer32(i32),
    /// Integer64.
    Integer64(i64),
    /// Unsigned32.
    Unsigned32(u32),
    /// Unsigned64.
    Unsigned64(u64),
    /// Float32.
    Float32(f32),
    /// Float64.
    Float64(f64),
    /// Grouped: an iterator over the inner AVPs (checked as it goes).
    Grouped(Avps<'a>),
    /// Address.
    Address(Address<'a>),
    /// Time.
    Time(DiameterTime),
    /// UTF8String (validated).
    UTF8String(&'a str),
    /// DiameterIdentity (non-empty printable ASCII).
    DiameterIdentity(&'a str),
    /// DiameterURI (parsed).
    DiameterURI(DiameterUri<'a>),
    /// Enumerated.
    Enumerated(i32),
    /// IPFilterRule (parsed).
    IPFilterRule(IpFilterRule),
    /// QoSFilterRule (parsed).
    QoSFilterRule(QosFilterRule<'a>),
}

fn fixed<const N: usize>(avp: &Avp<&[u8]>) -> Result<[u8; N], Error> {
    avp.data_ref()
        .try_into()
        .map_err(|_| Error::InvalidAvpDataLength {
            offset: avp.offset(),
            length: avp.data_ref().len(),
            expected: N,
        })
}

/// Every byte of `x` (eight at a time) is printable ASCII, `0x21..=0x7e`.
///
/// "Has a byte less than n" and "has a byte greater than n" from the
/// bit-twiddling hacks; both are exact for n ≤ 127, and a byte ≥ 0x80 sets
/// its own high bit in the second test.
#[inline]
fn printable8(x: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below = x.wrapping_sub(ONES * 0x21) & !x & HIGH;
    // Adding 127 - 0x7e = 1 sets the high bit of every byte above 0x7e.
    let above = (x.wrapping_add(ONES) | x) & HIGH;
    (below | above) == 0
}

/// A DiameterIdentity's text: non-empty, every byte printable ASCII
/// (`0x21..=0x7e`, which is also valid UTF-8), or `None`.
#[inline]
fn identity_str(data: &[u8]) -> Option<&str> {
    if data.is_empty() {
        return None;
    }
    let (words, tail) = data.as_chunks::<8>();
    if !words.iter().all(|w| printable8(u64::from_le_bytes(*w)))
        || !tail.iter().all(|b| (0x21..=0x7e).contains(b))
    {
        return None;
    }
    core::str::from_utf8(data).ok()
}

impl<'a> Value<'a> {
    /// Decodes the data of `avp` as type `ty`. Never allocates.
    ///
    /// Fixed-size types with the wrong length give
    /// [`Error::InvalidAvpDataLength`] (5014); invalid content gives
    /// [`Error::InvalidAvpValue`] (5004); a Grouped AVP past
    /// [`super::MAX_AVP_DEPTH`] gives [`Error::TooDeep`]. The inner AVPs of a
    /// Grouped value are checked when iterated.
    #[inline]
    pub fn decode(ty: AvpType, avp: &Avp<&'a [u8]>) -> Result<Value<'a>, Error> {
        let data: &'a [u8] = avp.data_ref();
        let invalid = |reason| Error::InvalidAvpValue {
            offset: avp.offset(),
            reason,
        };
        let text = || core::str::from_utf8(data).map_err(|_| invalid(InvalidValue::Utf8));
        Ok(match ty {
            AvpType::OctetString => Value::OctetString(data),
            AvpType::Integer32 => Value::Integer32(i32::from_be_bytes(fixed(avp)?)),
            AvpType::Integer64 => Value::Integer64(i64::from_be_bytes(fixed(avp)?)),
            AvpType::Unsigned32 => Value::Unsigned32(u32::from_be_bytes(fixed(avp)?)),
            AvpType::Unsigned64 => Value::Unsigned64(u64::from_be_bytes(fixed(avp)?)),
            AvpType::Float32 => Value::Float32(f32::from_be_bytes(fixed(avp)?)),
            AvpType::Float64 => Value::Float64(f64::from_be_bytes(fixed(avp)?)),
            AvpType::Enumerated => Value::Enumerated(i32::from_be_bytes(fixed(avp)?)),
            AvpType::Time => Value::Time(DiameterTime(u32::from_be_bytes(fixed(avp)?))),
            AvpType::Grouped => Value::Grouped(avp.grouped()?),
            AvpType::Address => match Address::parse(data) {
                Ok(a) => Value::Address(a),
                Err(Some(reason)) => return Err(invalid(reason)),
                Err(None) => {
                    return Err(Error::InvalidAvpDataLength {
                        offset: avp.offset(),
                        length: data.len(),
                        expected: 2,
                    })
                }
            },
            AvpType::UTF8String => Value::UTF8String(text()?),
            AvpType::DiameterIdentity => match identity_str(data) {
                Some(s) => Value::DiameterIdentity(s),
                None => return Err(invalid(InvalidValue::Identity)),
            },
            AvpType::DiameterURI => Value::DiameterURI(
                DiameterUri::parse(text()?).map_err(|e| invalid(InvalidValue::Uri(e)))?,
            ),
            AvpType::IPFilterRule => Value::IPFilterRule(
                IpFilterRule::parse(text()?).map_err(|e| invalid(InvalidValue::IpFilterRule(e)))?,
            ),
            AvpType::QoSFilterRule => Value::QoSFilterRule(
                QosFilterRule::parse(text()?)
                    .map_err(|e| invalid(InvalidValue::QosFilterRule(e)))?,
            ),
        })
    }

    /// The type of this value.
    #[must_use]
    pub fn avp_type(&self) -> AvpType {
        match self {
            Value::OctetString(_) => AvpType::OctetString,
            Value::Integer32(_) => AvpType::Integer32,
            Value::Integer64(_) => AvpType::Integer64,
            Value::Unsigned32(_) => AvpType::Unsigned32,
            Value::Unsigned64(_) => AvpType::Unsigned64,
            Value::Float32(_) => AvpType::Float32,
            Value::Float64(_) => AvpType::Float64,
            Value::Grouped(_) => AvpType::Grouped,
            Value::Address(_) => AvpType::Address,
            Value::Time(_) => AvpType::Time,
            Value::UTF8String(_) => AvpType::UTF8String,
            Value::DiameterIdentity(_) => AvpType::DiameterIdentity,
            Value::DiameterURI(_) => AvpType::DiameterURI,
            Value::Enumerated(_) => AvpType::Enumerated,
            Value::IPFilterRule(_) => AvpType::IPFilterRule,
            Value::QoSFilterRule(_) => AvpType::QoSFilterRule,
        }
    }

    /// Length of the data [`Value::emit_data`] writes (no header, no padding).
    /// For a Grouped value: the inner AVP bytes not yet iterated.
    #[must_use]
    pub fn encoded_len(&self) -> usize {
        match self {
            Value::OctetString(b) => b.len(),
            Value::Integer32(_)
            | Value::Unsigned32(_)
            | Value::Float32(_)
            | Value::Enumerated(_)
            | Value::Time(_) => 4,
            Value::Integer64(_) | Value::Unsigned64(_) | Value::Float64(_) => 8,
            Value::Grouped(a) => a.remaining().len(),
            Value::Address(a) => a.encoded_len(),
            Value::UTF8String(s) | Value::DiameterIdentity(s) => s.len(),
            Value::DiameterURI(_) | Value::IPFilterRule(_) | Value::QoSFilterRule(_) => {
                let mut c = Counter(0);
                let _ = fmt::write(&mut c, format_args!("{}", DisplayText(self)));
                c.0
            }
        }
    }

    /// Writes the data bytes. Text-based derived types (URI, filter rules)
    /// are written in their canonical form.
    pub fn emit_data(&self, w: &mut Writer<'_>) {
        match self {
            Value::OctetString(b) => w.bytes(b),
            Value::Integer32(v) | Value::Enumerated(v) => w.bytes(&v.to_be_bytes()),
            Value::Integer64(v) => w.bytes(&v.to_be_bytes()),
            Value::Unsigned32(v) => w.u32(*v),
            Value::Unsigned64(v) => w.u64(*v),
            Value::Float32(v) => w.bytes(&v.to_be_bytes()),
            Value::Float64(v) => w.bytes(&v.to_be_bytes()),
            Value::Time(t) => w.u32(t.0),
            Value::Grouped(a) => w.bytes(a.remaining()),
            Value::Address(a) => a.emit(w),
            Value::UTF8String(s) | Value::DiameterIdentity(s) => w.bytes(s.as_bytes()),
            Value::DiameterURI(_) | Value::IPFilterRule(_) | Value::QoSFilterRule(_) => {
                let _ = fmt::write(&mut FmtWriter(w), format_args!("{}", DisplayText(self)));
            }
        }
    }
}

/// Displays the text-derived values; everything else prints nothing.
struct DisplayText<'v, 'a>(&'v Value<'a>);

impl fmt::Display for DisplayText<'_, '_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Value::DiameterURI(u) => write!(f, "{u}"),
            Value::IPFilterRule(r) => write!(f, "{r}"),
            Value::QoSFilterRule(r) => write!(f, "{r}"),
            _ => Ok(()),
        }
    }
}

struct Counter(usize);

impl fmt::Write for Counter {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0 += s.len();
        Ok(())
    }
}

struct FmtWriter<'w, 'b>(&'w mut Writer<'b>);

impl fmt::Write for FmtWriter<'_, '_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.bytes(s.as_bytes());
        Ok(())
    }
}

impl fmt::Display for Value<'_> {
    /// Numbers in decimal, text as is, octets as lowercase hex, Time as NTP
    /// seconds, Grouped as `<grouped>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::OctetString(b) => {
                for x in *b {
                    write!(f, "{x:02x}")?;
                }
                Ok(())
            }
            Value::Integer32(v) | Value::Enumerated(v) => write!(f, "{v}"),
            Value::Integer64(v) => write!(f, "{v}"),
            Value::Unsigned32(v) => write!(f, "{v}"),
            Value::Unsigned64(v) => write!(f, "{v}"),
            Value::Float32(v) => write!(f, "{v}"),
            Value::Float64(v) => write!(f, "{v}"),
            Value::Time(t) => write!(f, "{}", t.0),
            Value::Grouped(_) => f.write_str("<grouped>"),
            Value::Address(a) => write!(f, "{a}"),
            Value::UTF8String(s) | Value::DiameterIdentity(s) => f.write_str(s),
            Value::DiameterURI(_) | Value::IPFilterRule(_) | Value::QoSFilterRule(_) => {
                write!(f, "{}", DisplayText(self))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diameter::wire::ResultCode;
    extern crate std;
    use std::string::ToString;
    use std::vec::Vec;

    /// An AVP (code 1, no flags) with `data`, at message offset 20.
    fn avp(data: &[u8]) -> Vec<u8> {
        let len = 8 + data.len();
        let mut v = Vec::from([0, 0, 0, 1, 0, 0, 0, len as u8]);
        v.extend_from_slice(data);
        v
    }

    fn decode(ty: AvpType, data: &[u8]) -> Result<std::string::String, Error> {
        let bytes = avp(data);
        let a = Avp::new_checked(&bytes[..], 20).unwrap();
        let v = Value::decode(ty, &a)?;
        // The emit side writes back the same data.
        let mut out = [0u8; 64];
        let mut w = Writer::new(&mut out);
        v.emit_data(&mut w);
        assert_eq!(v.encoded_len(), w.position());
        assert_eq!(w.written().unwrap(), data, "{ty:?}");
        Ok(v.to_string())
    }

    #[test]
    fn fixed_types() {
        assert_eq!(
            decode(AvpType::Unsigned32, &[0, 0, 0x28, 0xaf]).unwrap(),
            "10415"
        );
        assert_eq!(decode(AvpType::Integer32, &[0xff; 4]).unwrap(), "-1");
        assert_eq!(
            decode(
                AvpType::Unsigned64,
                &[0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]
            )
            .unwrap(),
            "9223372036854775807"
        );
        assert_eq!(
            decode(AvpType::Float32, &1.5f32.to_be_bytes()).unwrap(),
            "1.5"
        );
        assert_eq!(
            decode(AvpType::Time, &[0xe9, 0x2c, 0x62, 0x00]).unwrap(),
            "3912000000"
        );
        let e = decode(AvpType::Unsigned32, &[0, 0, 1]).unwrap_err();
        assert_eq!(
            e,
            Error::InvalidAvpDataLength {
                offset: 20,
                length: 3,
                expected: 4
            }
        );
        assert_eq!(e.result_code(), ResultCode::INVALID_AVP_LENGTH);
    }

    #[test]
    fn derived_types() {
        assert_eq!(
            decode(AvpType::Address, &[0, 1, 192, 0, 2, 1]).unwrap(),
            "192.0.2.1"
        );
        let mut v6 = Vec::from([0u8, 2]);
        v6.extend_from_slice(&"2001:db8::1".parse::<Ipv6Addr>().unwrap().octets());
        assert_eq!(decode(AvpType::Address, &v6).unwrap(), "2001:db8::1");
        assert_eq!(decode(AvpType::Address, &[0, 8, 1, 2]).unwrap(), "8/0102");
        let e = decode(AvpType::Address, &[0, 1, 192, 0, 2]).unwrap_err();
        assert_eq!(e.result_code(), ResultCode::INVALID_AVP_VALUE);
        assert_eq!(
            decode(AvpType::Address, &[0]).unwrap_err().result_code(),
            ResultCode::INVALID_AVP_LENGTH
        );
        assert_eq!(
            decode(AvpType::UTF8String, "héllo".as_bytes()).unwrap(),
            "héllo"
        );
        assert_eq!(
            decode(AvpType::UTF8String, &[0xff]).unwrap_err(),
            Error::InvalidAvpValue {
                offset: 20,
                reason: InvalidValue::Utf8
            }
        );
        assert_eq!(
            decode(AvpType::DiameterIdentity, b"fa1.example").unwrap(),
            "fa1.example"
        );
        assert!(decode(AvpType::DiameterIdentity, b"a b").is_err());
        assert!(decode(AvpType::DiameterIdentity, b"").is_err());
        let uri = b"aaa://host.example:3868;transport=sctp";
        assert_eq!(
            decode(AvpType::DiameterURI, uri).unwrap(),
            "aaa://host.example:3868;transport=sctp"
        );
        let rule = b"permit out 17 from 192.0.2.0/24 to any 53";
        assert_eq!(
            decode(AvpType::IPFilterRule, rule).unwrap(),
            "permit out 17 from 192.0.2.0/24 to any 53"
        );
        assert_eq!(
            decode(AvpType::IPFilterRule, b"permit sideways")
                .unwrap_err()
                .result_code(),
            ResultCode::INVALID_AVP_VALUE
        );
        assert_eq!(decode(AvpType::OctetString, &[0xde, 0xad]).unwrap(), "dead");
    }

    #[test]
    fn printable8_matches_the_byte_test() {
        // Every byte value in every lane, the others printable.
        for lane in 0..8 {
            for b in 0..=255u8 {
                let mut w = [b'a'; 8];
                w[lane] = b;
                assert_eq!(
                    printable8(u64::from_le_bytes(w)),
                    (0x21..=0x7e).contains(&b),
                    "lane {lane} byte {b:#04x}"
                );
            }
        }
        // Neighbouring extremes (borrows and carries across lanes).
        for (x, y) in [(0x20u8, 0x21u8), (0x7f, 0x7e), (0xff, 0x21), (0x00, 0x7e)] {
            let mut w = [x; 8];
            w[1] = y;
            assert!(!printable8(u64::from_le_bytes(w)));
        }
        assert!(printable8(u64::from_le_bytes([
            0x21, 0x7e, 0x21, 0x7e, 0x7e, 0x21, 0x30, 0x7a
        ])));
        for len in 0..40 {
            for bad in 0..len {
                let mut v = std::vec![b'x'; len];
                assert_eq!(identity_str(&v).is_some(), len > 0);
                v[bad] = b' ';
                assert!(identity_str(&v).is_none());
                v[bad] = 0x80;
                assert!(identity_str(&v).is_none());
            }
        }
    }

    #[test]
    fn time_rollover() {
        // 2036-02-07T06:28:16Z wraps to NTP seconds 0 (era 1).
        assert_eq!(DiameterTime(0).unix_secs(), 2_085_978_496);
        assert_eq!(DiameterTime::from_unix_secs(2_085_978_496), DiameterTime(0));
        assert_eq!(
            DiameterTime(3_912_000_000).unix_secs(),
            3_912_000_000 - 2_208_988_800
        );
    }
}
