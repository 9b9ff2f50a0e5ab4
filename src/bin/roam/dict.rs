//! The one place where `roam decode` meets the dictionary and the typed
//! values: everything else in the binary asks this module.
//!
//! TODO(lead): switch to the real ones when they land on this branch:
//! `roam::diameter::dict::Dictionary` for [`Dict::avp`], [`Dict::enum_name`]
//! and [`Dict::command_name`], and `roam::diameter::wire::value::Value::decode`
//! for [`decode_value`]. Until then this is a private stub that knows a
//! handful of base protocol AVPs (RFC 6733 §4.5, RFC 4005/7155 RADIUS-derived
//! ones used by the base applications) and decodes the basic types itself.
//! `tests/tshark_diameter.rs` checks every name and type it gives against
//! tshark's own dictionary.

use std::net::{Ipv4Addr, Ipv6Addr};

use roam::diameter::wire::{
    ApplicationId, Avp, AvpCode, AvpType, CommandCode, ResultCode, VendorId,
};

/// What the decoder needs to know about one AVP.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct AvpInfo<'d> {
    /// The dictionary name, e.g. `"Origin-Host"`.
    pub(crate) name: &'d str,
    /// The data format.
    pub(crate) ty: AvpType,
}

/// The dictionary the decoder consults.
#[derive(Debug, Default)]
pub(crate) struct Dict;

impl Dict {
    /// The built-in dictionary.
    pub(crate) fn new() -> Dict {
        Dict
    }

    /// Name and type of an AVP, when known.
    pub(crate) fn avp(&self, code: AvpCode, vendor: VendorId) -> Option<AvpInfo<'_>> {
        if vendor != VendorId::IETF {
            return None;
        }
        STUB_AVPS
            .iter()
            .find(|(c, _, _)| *c == code.0)
            .map(|&(_, name, ty)| AvpInfo { name, ty })
    }

    /// The command name without the Request/Answer suffix, e.g.
    /// `"Capabilities-Exchange"`, when known.
    pub(crate) fn command_name(
        &self,
        code: CommandCode,
        _app: ApplicationId,
    ) -> Option<&'static str> {
        code.name()
    }

    /// The name of an Enumerated value, when known.
    pub(crate) fn enum_name(
        &self,
        _code: AvpCode,
        _vendor: VendorId,
        _value: i32,
    ) -> Option<&'static str> {
        None
    }
}

/// A decoded AVP value in the form the output prints.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Printable {
    /// Unsigned32, Unsigned64.
    Unsigned(u64),
    /// Integer32, Integer64, Enumerated.
    Signed(i64),
    /// Float32, Float64.
    Float(f64),
    /// UTF8String, DiameterIdentity, DiameterURI, IPFilterRule, QoSFilterRule,
    /// and IPv4/IPv6 Address.
    Text(String),
    /// Time as seconds since 1900-01-01 (RFC 4330 era rule applied).
    Time(u64),
    /// OctetString, unknown AVPs and Address of other families: lowercase hex.
    Hex(String),
}

/// Why a value did not decode as its type says, in the output's terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ValueError {
    /// `invalid_avp_data_length` (a fixed-size type with the wrong size,
    /// Result-Code 5014) or `invalid_avp_value` (bad content, 5004).
    pub(crate) kind: &'static str,
    /// The Result-Code an answer would carry.
    pub(crate) result_code: u32,
    /// Human-readable detail.
    pub(crate) message: String,
}

impl ValueError {
    fn length(expected: usize, found: usize) -> ValueError {
        ValueError {
            kind: "invalid_avp_data_length",
            result_code: ResultCode::INVALID_AVP_LENGTH.0,
            message: format!("data is {found} bytes, the type needs {expected}"),
        }
    }

    fn content(message: &str) -> ValueError {
        ValueError {
            kind: "invalid_avp_value",
            result_code: ResultCode::INVALID_AVP_VALUE.0,
            message: message.to_owned(),
        }
    }
}

/// Decodes the data of an AVP of type `ty` (not Grouped: the caller
/// recurses).
pub(crate) fn decode_value(ty: AvpType, avp: &Avp<&[u8]>) -> Result<Printable, ValueError> {
    decode_data(ty, avp.data_ref())
}

fn decode_data(ty: AvpType, data: &[u8]) -> Result<Printable, ValueError> {
    let v = match ty {
        AvpType::Integer32 | AvpType::Enumerated => {
            Printable::Signed(i64::from(i32::from_be_bytes(fixed::<4>(data)?)))
        }
        AvpType::Integer64 => Printable::Signed(i64::from_be_bytes(fixed::<8>(data)?)),
        AvpType::Unsigned32 => {
            Printable::Unsigned(u64::from(u32::from_be_bytes(fixed::<4>(data)?)))
        }
        AvpType::Unsigned64 => Printable::Unsigned(u64::from_be_bytes(fixed::<8>(data)?)),
        AvpType::Float32 => Printable::Float(f64::from(f32::from_be_bytes(fixed::<4>(data)?))),
        AvpType::Float64 => Printable::Float(f64::from_be_bytes(fixed::<8>(data)?)),
        AvpType::Time => {
            // RFC 6733 §4.3.1 with the RFC 4330 §3 rule: the most significant
            // bit clear means the era that starts in 2036.
            let raw = u64::from(u32::from_be_bytes(fixed::<4>(data)?));
            Printable::Time(if raw & 0x8000_0000 == 0 {
                raw + (1 << 32)
            } else {
                raw
            })
        }
        AvpType::Address => address(data)?,
        AvpType::UTF8String
        | AvpType::DiameterIdentity
        | AvpType::DiameterURI
        | AvpType::IPFilterRule
        | AvpType::QoSFilterRule => Printable::Text(
            std::str::from_utf8(data)
                .map_err(|_| ValueError::content("text is not valid UTF-8"))?
                .to_owned(),
        ),
        _ => Printable::Hex(hex(data)),
    };
    Ok(v)
}

fn fixed<const N: usize>(data: &[u8]) -> Result<[u8; N], ValueError> {
    data.try_into()
        .map_err(|_| ValueError::length(N, data.len()))
}

/// Address (RFC 6733 §4.3.1): a 2-byte IANA address family, then the address.
fn address(data: &[u8]) -> Result<Printable, ValueError> {
    let (family, rest) = match data {
        [a, b, rest @ ..] => (u16::from_be_bytes([*a, *b]), rest),
        _ => return Err(ValueError::length(2, data.len())),
    };
    Ok(match family {
        1 => {
            let b: [u8; 4] = rest
                .try_into()
                .map_err(|_| ValueError::content(ADDRESS_LEN))?;
            Printable::Text(Ipv4Addr::from(b).to_string())
        }
        2 => {
            let b: [u8; 16] = rest
                .try_into()
                .map_err(|_| ValueError::content(ADDRESS_LEN))?;
            Printable::Text(Ipv6Addr::from(b).to_string())
        }
        _ => Printable::Hex(hex(data)),
    })
}

const ADDRESS_LEN: &str = "address length does not fit its family";

/// Lowercase hex without separators.
pub(crate) fn hex(data: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut s = String::with_capacity(data.len() * 2);
    for b in data {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// TODO(lead): replace with the real dictionary. Types from RFC 6733 §4.5
/// (and RFC 7155 / RFC 2865 numbers for the RADIUS-range ones).
const STUB_AVPS: &[(u32, &str, AvpType)] = &[
    (1, "User-Name", AvpType::UTF8String),
    (25, "Class", AvpType::OctetString),
    (27, "Session-Timeout", AvpType::Unsigned32),
    (33, "Proxy-State", AvpType::OctetString),
    (44, "Acct-Session-Id", AvpType::OctetString),
    (50, "Acct-Multi-Session-Id", AvpType::UTF8String),
    (55, "Event-Timestamp", AvpType::Time),
    (85, "Acct-Interim-Interval", AvpType::Unsigned32),
    (257, "Host-IP-Address", AvpType::Address),
    (258, "Auth-Application-Id", AvpType::Unsigned32),
    (259, "Acct-Application-Id", AvpType::Unsigned32),
    (260, "Vendor-Specific-Application-Id", AvpType::Grouped),
    (263, "Session-Id", AvpType::UTF8String),
    (264, "Origin-Host", AvpType::DiameterIdentity),
    (265, "Supported-Vendor-Id", AvpType::Unsigned32),
    (266, "Vendor-Id", AvpType::Unsigned32),
    (267, "Firmware-Revision", AvpType::Unsigned32),
    (268, "Result-Code", AvpType::Unsigned32),
    (269, "Product-Name", AvpType::UTF8String),
    (274, "Auth-Request-Type", AvpType::Enumerated),
    (277, "Auth-Session-State", AvpType::Enumerated),
    (278, "Origin-State-Id", AvpType::Unsigned32),
    (279, "Failed-AVP", AvpType::Grouped),
    (281, "Error-Message", AvpType::UTF8String),
    (282, "Route-Record", AvpType::DiameterIdentity),
    (283, "Destination-Realm", AvpType::DiameterIdentity),
    (284, "Proxy-Info", AvpType::Grouped),
    (287, "Accounting-Sub-Session-Id", AvpType::Unsigned64),
    (292, "Redirect-Host", AvpType::DiameterURI),
    (293, "Destination-Host", AvpType::DiameterIdentity),
    (296, "Origin-Realm", AvpType::DiameterIdentity),
    (297, "Experimental-Result", AvpType::Grouped),
    (298, "Experimental-Result-Code", AvpType::Unsigned32),
    (480, "Accounting-Record-Type", AvpType::Enumerated),
    (485, "Accounting-Record-Number", AvpType::Unsigned32),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values() {
        let d = decode_data;
        assert_eq!(
            d(AvpType::Unsigned32, &[0, 0, 7, 0xd1]),
            Ok(Printable::Unsigned(2001))
        );
        assert_eq!(d(AvpType::Integer32, &[0xff; 4]), Ok(Printable::Signed(-1)));
        let e = d(AvpType::Unsigned32, &[0, 1]).unwrap_err();
        assert_eq!((e.kind, e.result_code), ("invalid_avp_data_length", 5014));
        assert_eq!(
            d(AvpType::Address, &[0, 1, 192, 0, 2, 1]),
            Ok(Printable::Text("192.0.2.1".into()))
        );
        let e = d(AvpType::Address, &[0, 1, 192]).unwrap_err();
        assert_eq!((e.kind, e.result_code), ("invalid_avp_value", 5004));
        assert_eq!(
            d(AvpType::Address, &[0, 8, 0x31]),
            Ok(Printable::Hex("000831".into()))
        );
        // 0xe92c6200 has the top bit set: era 0.
        assert_eq!(
            d(AvpType::Time, &[0xe9, 0x2c, 0x62, 0]),
            Ok(Printable::Time(0xe92c_6200))
        );
        // Top bit clear: after 2036-02-07.
        assert_eq!(
            d(AvpType::Time, &[0, 0, 0, 1]),
            Ok(Printable::Time((1 << 32) + 1))
        );
        assert_eq!(
            d(AvpType::UTF8String, &[0xff]).unwrap_err().result_code,
            5004
        );
        assert_eq!(
            d(AvpType::OctetString, &[0xAB, 1]),
            Ok(Printable::Hex("ab01".into()))
        );
    }
}
